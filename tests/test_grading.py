"""The grader's command line end to end: the reference scores full marks, the stubs
score nothing and say where to start, and the results file has Gradescope's shape."""

import pytest

from graders import catalog
from tests.conftest import run_graders

TOPICS = catalog.available_topics()


def test_reference_scores_full_marks_on_every_topic():
    status, out, results = run_graders("--solutions", "reference")
    assert status == 0, out
    assert results["score"] == results["max_score"] > 0
    assert {t["extra_data"]["outcome"] for t in results["tests"]} == {"passed"}
    assert len(results["tests"]) == len(catalog.all_exercises())


@pytest.mark.parametrize("topic", TOPICS)
def test_stubs_are_all_not_attempted(topic):
    status, out, results = run_graders(topic)
    exercises = catalog.exercises(topic)
    assert status == 1
    assert results["score"] == 0
    assert results["max_score"] == sum(e.points for e in exercises)
    assert [t["name"] for t in results["tests"]] == [f"{topic}.{e.name}" for e in exercises]
    assert {t["extra_data"]["outcome"] for t in results["tests"]} == {"not_attempted"}
    assert {t["status"] for t in results["tests"]} == {"failed"}
    first = exercises[0].name
    assert f"Next: {first} (exercises/{topic}.py:" in out
    assert f"nox -s {topic} -- {first}" in out


def test_results_file_has_gradescope_fields():
    status, out, results = run_graders("optimization", "--only", "softmax",
                                       "--solutions", "reference")
    assert status == 0
    assert set(results) >= {"score", "max_score", "execution_time", "tests"}
    (test,) = results["tests"]
    assert test["name"] == "optimization.softmax"
    assert set(test) >= {"score", "max_score", "status", "output", "extra_data"}
    assert test["status"] == "passed"
    assert test["extra_data"]["outcome"] == "passed"


def test_only_grades_the_named_exercise_and_unknown_names_get_a_suggestion():
    status, out, results = run_graders("optimization", "--only", "softmax")
    assert [t["name"] for t in results["tests"]] == ["optimization.softmax"]
    status, out, results = run_graders("optimization", "--only", "sofmax")
    assert status != 0
    assert "Did you mean softmax?" in out


def test_seed_changes_the_cases_but_not_the_verdict():
    status, _, results = run_graders("--solutions", "reference", "--seed", "7")
    assert status == 0
