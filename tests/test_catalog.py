"""The project checks itself (as rustlings' `dev check` does): every exercise has its
stub, reference, grader entry, hints, mutants, alternative, oracle test and README row."""

import ast
import importlib
from pathlib import Path

import pytest

from graders import catalog, docs
from tests import selfcheck
from tests.variants import alternatives, mutants
from tools.stubgen import public_functions, render_stub

ROOT = Path(__file__).resolve().parent.parent
TOPICS = catalog.available_topics()
EXERCISES = catalog.all_exercises()
IDS = [e.name for e in EXERCISES]
MUTANTS = mutants()
ALTERNATIVES = alternatives()


def test_all_seven_topics_are_known_and_graded():
    assert len(catalog.TOPICS) == 7, "graders/catalog.py TOPICS lists the guide's 7 topics"
    missing = [t for t in catalog.TOPICS if t not in TOPICS]
    assert not missing, f"no grader table (graders/<topic>.py) for {missing}"


@pytest.mark.parametrize("topic", TOPICS)
def test_grader_table_matches_reference_functions(topic):
    source = (ROOT / "reference" / f"{topic}.py").read_text()
    defined = [f.name for f in public_functions(ast.parse(source))]
    graded = [e.name for e in catalog.exercises(topic)]
    ungraded = sorted(set(defined) - set(graded))
    unknown = sorted(set(graded) - set(defined))
    assert not ungraded, f"reference/{topic}.py defines {ungraded} but graders/{topic}.py's " \
        "EXERCISES does not list them: add their Exercise sections"
    assert not unknown, f"graders/{topic}.py grades {unknown}, which reference/{topic}.py " \
        "does not define"
    twice = sorted({n for n in graded if graded.count(n) > 1})
    assert not twice, f"graders/{topic}.py lists {twice} more than once in EXERCISES"


def test_exercise_names_are_unique_across_topics():
    twice = sorted({n for n in IDS if IDS.count(n) > 1})
    assert not twice, f"{twice} exist in two topics: hints and `nox -s hint -- NAME` need " \
        "unique names"


@pytest.mark.parametrize("topic", TOPICS)
def test_stubs_are_generated_from_the_reference(topic):
    """Identical signatures and docstrings, bodies that only raise NotImplementedError."""
    reference = (ROOT / "reference" / f"{topic}.py").read_text()
    stub = (ROOT / "exercises" / f"{topic}.py").read_text()
    assert stub == render_stub(topic, reference), (
        f"exercises/{topic}.py is not what reference/{topic}.py generates: run "
        f"`nox -s stubs -- {topic}`")
    for fn in public_functions(ast.parse(stub)):
        body = [n for n in fn.body if not isinstance(n, ast.Expr)]
        is_stub = len(body) == 1 and isinstance(body[0], ast.Raise) and (
            "NotImplementedError" in ast.unparse(body[0]))
        assert is_stub, (f"exercises/{topic}.py:{fn.lineno} {fn.name} is not a stub: "
                         "exercises/ ships stubs only")


@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_exercise_metadata_is_complete(ex):
    assert not (problems := selfcheck.incomplete_metadata(ex, catalog.reference(ex))), problems


@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_every_exercise_has_mutants_and_an_alternative(ex):
    hand_written = sum(m[0] == ex.name for m in MUTANTS if "__misconception_" not in m[1])
    written_another_way = sum(a[0] == ex.name for a in ALTERNATIVES)
    problems = selfcheck.missing_variants(ex, hand_written, written_another_way)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("topic", TOPICS)
@pytest.mark.parametrize("kind", ["mutants", "alternatives"])
def test_every_variant_is_named_after_its_exercise(topic, kind):
    module = importlib.import_module(f"tests.{kind}.{topic}")
    problems = selfcheck.misnamed_variants(module, [e.name for e in catalog.exercises(topic)])
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_every_misconception_can_be_told_from_the_reference(ex):
    problems = selfcheck.silent_misconceptions(ex)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_every_exercise_has_an_oracle_test_that_calls_it(ex):
    oracle = ROOT / "tests" / f"test_oracle_{ex.topic}.py"
    assert oracle.exists(), f"add {oracle.relative_to(ROOT)}: the reference against oracles"
    assert selfcheck.oracle_calls(oracle.read_text(), ex.name), (
        f"{oracle.relative_to(ROOT)} never calls {ex.name}: add a test comparing "
        f"ref.{ex.name}(...) with an independent oracle (SciPy, scikit-learn, a closed form)")


def test_readme_topic_table_is_current():
    assert docs.render(docs.README.read_text()) == docs.README.read_text(), (
        "run `nox -s docs`")
