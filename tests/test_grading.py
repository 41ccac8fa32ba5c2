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


def test_pytest_entry_point_reports_each_exercise(tmp_path):
    """`pytest graders` runs the same engine, one test per exercise (JUnit XML for CI)."""
    import subprocess
    import sys
    import xml.etree.ElementTree as ET

    from tests.conftest import ROOT

    def run(*args):
        xml = tmp_path / "report.xml"
        done = subprocess.run([sys.executable, "-m", "pytest", "graders", "-p",
                               "no:cacheprovider", "-q", "--junitxml", str(xml), *args],
                              cwd=ROOT, capture_output=True, text=True, timeout=300)
        cases = ET.parse(xml).getroot().iter("testcase")
        return done.returncode, {c.get("name"): c.find("failure") for c in cases}

    status, cases = run("--solutions", "reference")
    assert status == 0
    assert len(cases) == len(catalog.all_exercises())
    assert all(failure is None for failure in cases.values())
    status, cases = run("-k", "adam_step")
    assert status == 1
    (failure,) = cases.values()
    assert "not attempted" in failure.get("message")


def test_exercise_names_and_options_can_be_mixed_after_the_topic():
    status, out, results = run_graders("optimization", "softmax", "--seed", "3", "mse_grad",
                                       "--solutions", "reference")
    assert status == 0
    assert [t["name"] for t in results["tests"]] == ["optimization.mse_grad",
                                                     "optimization.softmax"]
