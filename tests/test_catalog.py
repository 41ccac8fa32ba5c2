"""The project checks itself (as rustlings' `dev check` does): every exercise has its
stub, reference, grader entry, hints, mutants, alternative, oracle test and README row."""

import ast
import inspect
from pathlib import Path

import pytest

from graders import catalog, docs
from tests.variants import alternatives, mutants
from tools.stubgen import public_functions, render_stub

ROOT = Path(__file__).resolve().parent.parent
TOPICS = catalog.available_topics()
EXERCISES = catalog.all_exercises()
IDS = [e.name for e in EXERCISES]


def test_all_seven_topics_are_known_and_some_are_graded():
    assert len(catalog.TOPICS) == 7
    assert "optimization" in TOPICS


@pytest.mark.parametrize("topic", TOPICS)
def test_grader_table_matches_reference_functions(topic):
    source = (ROOT / "reference" / f"{topic}.py").read_text()
    defined = [f.name for f in public_functions(ast.parse(source))]
    graded = [e.name for e in catalog.exercises(topic)]
    assert sorted(defined) == sorted(graded)
    assert len(set(graded)) == len(graded)


def test_exercise_names_are_unique_across_topics():
    assert len(set(IDS)) == len(IDS)


@pytest.mark.parametrize("topic", TOPICS)
def test_stubs_are_generated_from_the_reference(topic):
    """Identical signatures and docstrings, bodies that only raise NotImplementedError."""
    reference = (ROOT / "reference" / f"{topic}.py").read_text()
    stub = (ROOT / "exercises" / f"{topic}.py").read_text()
    assert stub == render_stub(topic, reference), "run `nox -s stubs` to regenerate"
    for fn in public_functions(ast.parse(stub)):
        body = [n for n in fn.body if not isinstance(n, ast.Expr)]
        assert len(body) == 1
        assert isinstance(body[0], ast.Raise)
        assert "NotImplementedError" in ast.unparse(body[0])


@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_exercise_metadata_is_complete(ex):
    assert ex.points >= 1
    assert len(ex.hints) >= 2
    assert all(len(h) > 20 for h in ex.hints)
    doc = inspect.getdoc(catalog.reference(ex))
    for section in ("Parameters", "Returns", "Examples", "Why interviewers ask"):
        assert section in doc, f"{ex.name}'s docstring has no {section}"
    if ex.errors:
        assert "Raises" in doc, f"{ex.name} raises ValueError but its docstring does not say"


@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_every_exercise_has_two_mutants_and_an_alternative(ex):
    assert sum(m[0] == ex.name for m in mutants()) >= 2
    assert sum(a[0] == ex.name for a in alternatives()) >= 1


@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_every_exercise_has_an_oracle_test(ex):
    oracle = (ROOT / "tests" / f"test_oracle_{ex.topic}.py").read_text()
    assert ex.name in oracle


def test_readme_topic_table_is_current():
    assert docs.render(docs.README.read_text()) == docs.README.read_text(), (
        "run `nox -s docs`")
