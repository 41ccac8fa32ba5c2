"""Gradescope's bundle: built as its specification lays it out, and run_autograder run on
Gradescope's folders laid out in a temporary directory (AUTOGRADER_ROOT)."""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from graders import catalog
from tests.conftest import ROOT
from tests.support import splice

TOPIC = "optimization"
POINTS = {e.name: e.points for e in catalog.exercises(TOPIC)}


def build(tmp_path: Path, *options: str) -> Path:
    bundle = tmp_path / "gradescope-autograder.zip"
    done = subprocess.run([sys.executable, "-m", "tools.gradescope", "--output", str(bundle),
                           *options], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return bundle


def autograder_root(tmp_path: Path, bundle: Path, submitted: dict[str, str]) -> Path:
    """Gradescope's layout: source/ (the unzipped bundle), submission/, results/."""
    root = tmp_path / "autograder"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(root / "source")
        for info in archive.infolist():  # zipfile drops the mode bits; Gradescope keeps them
            mode = info.external_attr >> 16
            if mode:
                (root / "source" / info.filename).chmod(mode & 0o777)
    (root / "submission").mkdir()
    for name, text in submitted.items():
        (root / "submission" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "submission" / name).write_text(text)
    return root


def run_autograder(root: Path, **env: str) -> dict:
    """Run the bundle's run_autograder, as Gradescope does after copying it to the root."""
    script = root / "run_autograder"
    script.write_bytes((root / "source" / "run_autograder").read_bytes())
    script.chmod(0o755)
    environ = {**os.environ, "AUTOGRADER_ROOT": str(root), "KATA_PYTHON": sys.executable,
               **env}
    done = subprocess.run([str(script)], cwd=root, capture_output=True, text=True,
                          timeout=300, env=environ)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads((root / "results" / "results.json").read_text())


def wrong_optimization() -> str:
    source = (ROOT / "reference" / f"{TOPIC}.py").read_text()
    return splice(source, "mse_grad", "def mse_grad(X, y, w):\n    return w\n")


def test_bundle_has_what_gradescope_needs(tmp_path):
    bundle = build(tmp_path, "--topics", TOPIC)
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        modes = {i.filename: i.external_attr >> 16 for i in archive.infolist()}
        requirements = archive.read("requirements.txt").decode().split()
        config = json.loads(archive.read("kata/kata.json"))
    assert {"setup.sh", "run_autograder", "requirements.txt", "kata/graders/__main__.py",
            "kata/graders/jail.py", f"kata/reference/{TOPIC}.py"} <= names
    assert not any(n.startswith(("exercises/", "kata/exercises/", "tests/")) for n in names)
    assert modes["run_autograder"] & 0o111
    assert modes["setup.sh"] & 0o111
    import numpy

    assert f"numpy=={numpy.__version__}" in requirements
    assert all("==" in r for r in requirements)
    assert config["topics"] == [TOPIC]
    for script in ("setup.sh", "run_autograder"):
        text = zipfile.ZipFile(bundle).read(script)
        check = subprocess.run(["bash", "-n"], input=text, capture_output=True)
        assert check.returncode == 0, check.stderr


def test_the_same_options_build_the_same_zip(tmp_path):
    first = build(tmp_path, "--topics", TOPIC).read_bytes()
    assert build(tmp_path, "--topics", TOPIC).read_bytes() == first


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """One submission from GitHub (files under exercises/), graded by the bundle."""
    tmp = tmp_path_factory.mktemp("gradescope")
    bundle = build(tmp, "--topics", TOPIC, "probability", "--markdown")
    root = autograder_root(tmp, bundle, {f"exercises/{TOPIC}.py": wrong_optimization(),
                                         "graders/__init__.py": "raise SystemExit(3)\n"})
    return run_autograder(root)


def test_run_autograder_grades_the_submission_into_results_json(graded):
    tests = {t["name"]: t for t in graded["tests"]}
    assert tests[f"{TOPIC}.mse_grad"]["status"] == "failed"
    assert tests[f"{TOPIC}.adam_step"]["status"] == "passed"
    assert graded["score"] == sum(POINTS.values()) - POINTS["mse_grad"]
    assert tests[f"{TOPIC}.mse_grad"]["output_format"] == "md"
    assert tests[f"{TOPIC}.mse_grad"]["tags"] == [TOPIC, catalog.exercise("mse_grad").difficulty]


def test_a_topic_missing_from_the_submission_scores_zero_and_says_so(graded):
    probability = [t for t in graded["tests"] if t["name"].startswith("probability.")]
    assert len(probability) == len(catalog.exercises("probability"))
    assert {t["score"] for t in probability} == {0}
    assert "probability.py was not in your submission" in probability[0]["output"]
    assert graded["max_score"] == sum(POINTS.values()) + sum(
        e.points for e in catalog.exercises("probability"))


def test_hidden_mode_shows_only_pass_or_fail_after_the_due_date(tmp_path):
    bundle = build(tmp_path, "--topics", TOPIC, "--hidden")
    root = autograder_root(tmp_path, bundle, {f"{TOPIC}.py": wrong_optimization()})
    results = run_autograder(root)
    assert results["visibility"] == "after_due_date"
    assert {t["visibility"] for t in results["tests"]} == {"after_due_date"}
    wrong = next(t for t in results["tests"] if t["name"] == f"{TOPIC}.mse_grad")
    assert wrong["output"] == "failed"
    assert "called" not in json.dumps(results)


def test_refuses_without_the_jail_unless_built_to(tmp_path):
    bundle = build(tmp_path, "--topics", TOPIC)
    root = autograder_root(tmp_path, bundle, {f"{TOPIC}.py": wrong_optimization()})
    results = run_autograder(root, KATA_JAIL="0")
    assert results["score"] == 0
    assert "refused to run" in results["output"]
    bundle = build(tmp_path, "--topics", TOPIC, "--no-isolation")
    (tmp_path / "again").mkdir()
    root = autograder_root(tmp_path / "again", bundle, {f"{TOPIC}.py": wrong_optimization()})
    results = run_autograder(root, KATA_JAIL="0")
    assert results["score"] == sum(POINTS.values()) - POINTS["mse_grad"]


def test_nox_has_a_gradescope_session():
    listed = subprocess.run([sys.executable, "-m", "nox", "--list"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120).stdout
    assert "gradescope -> Build dist/gradescope-autograder.zip" in listed
