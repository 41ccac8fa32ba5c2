"""Results for every platform from one grading run (Gradescope, Classroom50, JUnit XML),
and the scorecard where GitHub Actions shows it (job summary, annotations), tested with
GitHub's environment variables set, without GitHub."""

import ast
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from graders import catalog, github, platforms
from graders.engine import IMPORT_FAILURE, Result
from tests.conftest import ROOT

WRONG = {
    "softmax": "def softmax(z, axis=-1):\n    return z\n",
    "mse_grad": "def mse_grad(X, y, w):\n    raise NotImplementedError\n",
    "cosine_lr": "def cosine_lr(step, total_steps, base_lr, warmup_steps=0, min_lr=0.0):\n"
                 "    while True:\n        pass\n",
}
GRADED = ["softmax", "mse_grad", "cosine_lr", "cross_entropy_loss", "bayes_posterior"]


def def_lines(path):
    return {n.name: n.lineno for n in ast.parse(path.read_text()).body
            if isinstance(n, ast.FunctionDef)}


@pytest.fixture(scope="module")
def ci_run(tmp_path_factory):
    """One run on a fork with a passed, a wrong, a not-attempted and a looping exercise in
    optimization, and a probability module that does not import; every output asked for,
    under GitHub Actions' variables."""
    from tests.support import splice

    folder = tmp_path_factory.mktemp("fork")
    exercises = folder / "exercises"
    exercises.mkdir()
    source = (ROOT / "reference" / "optimization.py").read_text()
    for name, new in WRONG.items():
        source = splice(source, name, new)
    (exercises / "optimization.py").write_text(source)
    (exercises / "probability.py").write_text("import numpy as np\n\ndef bayes_posterior(:\n")
    summary = folder / "summary.md"
    summary.write_text("earlier step\n")
    out = {name: folder / name for name in ("results.json", "results.xml", "result.json")}
    env = {**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary),
           "GITHUB_WORKSPACE": str(folder)}
    env.pop("KATA_SEED", None)
    done = subprocess.run(
        [sys.executable, "-m", "graders", *GRADED, "--solutions", str(exercises),
         "--timeout", "1", "--json", str(out["results.json"]),
         "--junit-xml", str(out["results.xml"]), "--classroom50", str(out["result.json"])],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 1, done.stdout + done.stderr
    return {"stdout": done.stdout, "summary": summary.read_text(), "folder": folder,
            "gradescope": json.loads(out["results.json"].read_text()),
            "junit": ET.parse(out["results.xml"]).getroot(),
            "classroom50": json.loads(out["result.json"].read_text())}


def outcomes(run):
    return {t["name"].split(".")[1]: t["extra_data"]["outcome"]
            for t in run["gradescope"]["tests"]}


def test_the_run_covers_every_kind_of_outcome(ci_run):
    assert outcomes(ci_run) == {"softmax": "failed", "mse_grad": "not_attempted",
                                "cosine_lr": "timeout", "cross_entropy_loss": "passed",
                                "bayes_posterior": "error"}


def test_junit_skips_not_attempted_and_reports_import_failures_and_timeouts_as_errors(ci_run):
    root = ci_run["junit"]
    kinds = {}
    for case in root.iter("testcase"):
        found = [k for k in ("failure", "error", "skipped") if case.find(k) is not None]
        kinds[case.get("name")] = found[0] if found else "passed"
    assert kinds == {"softmax": "failure", "mse_grad": "skipped", "cosine_lr": "error",
                     "cross_entropy_loss": "passed", "bayes_posterior": "error"}
    assert (root.get("tests"), root.get("failures"), root.get("errors"),
            root.get("skipped")) == ("5", "1", "2", "1")
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {"optimization", "probability"}
    assert suites["probability"].get("errors") == "1"
    error = next(c for c in root.iter("testcase") if c.get("name") == "bayes_posterior")
    assert IMPORT_FAILURE in error.find("error").text
    softmax = next(c for c in root.iter("testcase") if c.get("name") == "softmax")
    assert softmax.get("line") == str(def_lines(ci_run["folder"] / "exercises"
                                                / "optimization.py")["softmax"])
    points = {p.get("name"): p.get("value") for p in softmax.iter("property")}
    assert points["points"] == str(catalog.exercise("softmax").points)
    assert points["score"] == "0"


def test_classroom50_result_has_one_test_per_exercise_with_scores(ci_run):
    result = ci_run["classroom50"]
    assert result["schema"] == "classroom50/result/v1"
    tests = {t["test-name"]: t for t in result["tests"]}
    assert set(tests) == {f"{catalog.exercise(n).topic}.{n}" for n in GRADED}
    passed = tests["optimization.cross_entropy_loss"]
    assert passed["passed"] is True
    assert passed["score"] == passed["max-score"] == catalog.exercise("cross_entropy_loss").points
    assert tests["optimization.softmax"]["passed"] is False
    assert tests["optimization.softmax"]["score"] == 0
    assert result["score"] == sum(t["score"] for t in result["tests"])
    assert result["max-score"] == sum(catalog.exercise(n).points for n in GRADED)


def test_gradescope_tests_carry_topic_and_difficulty_tags(ci_run):
    for test in ci_run["gradescope"]["tests"]:
        exercise = catalog.exercise(test["name"].split(".")[1])
        assert test["tags"] == [exercise.topic, exercise.difficulty]


def test_job_summary_is_appended_with_a_table_per_topic(ci_run):
    summary = ci_run["summary"]
    assert summary.startswith("earlier step\n")  # appended, not overwritten
    tables = summary.count("| Status | Exercise | Points | Feedback |")
    assert tables == 2
    rows = {line.split("`")[1]: line for line in summary.splitlines()
            if line.startswith("| ") and "`" in line}
    by_name = {t["name"].split(".")[1]: t for t in ci_run["gradescope"]["tests"]}
    for name, test in by_name.items():
        assert f"| {test['score']}/{test['max_score']} |" in rows[name]
    first_line = by_name["softmax"]["output"].splitlines()[0]
    assert "FAIL" in rows["softmax"]
    assert first_line in rows["softmax"]
    assert "TODO" in rows["mse_grad"]
    assert "not attempted" in rows["mse_grad"]
    assert "PASS" in rows["cross_entropy_loss"]


def test_annotations_point_at_each_failing_def_line(ci_run):
    lines = def_lines(ci_run["folder"] / "exercises" / "optimization.py")
    found = [x for x in ci_run["stdout"].splitlines() if x.startswith("::error ")]
    wanted = {f"::error file=exercises/optimization.py,line={lines['softmax']},",
              f"::error file=exercises/optimization.py,line={lines['cosine_lr']},",
              "::error file=exercises/probability.py,title="}
    assert {x[:x.index(",title=") + 1] if "line=" in x else x[:x.index("title=") + 6]
            for x in found} == wanted
    for line in found:
        assert "\n" not in line
        assert "::" in line[8:]


def test_no_ci_variables_no_summary_and_no_annotations(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    done = subprocess.run([sys.executable, "-m", "graders", "softmax"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 1
    assert "::error" not in done.stdout


def exercise_result(name, outcome, feedback=(), line=None):
    return Result(catalog.exercise(name), outcome, list(feedback), line=line)


def test_hidden_mode_says_only_the_outcome_and_shows_after_the_due_date():
    results = [exercise_result("softmax", "failed",
                               ["on random logits: wrong", "  called   softmax(z=[0.1])",
                                "  expected [1.0]"]),
               exercise_result("mse_grad", "passed")]
    data = platforms.gradescope(results, 1.0, hidden=True)
    assert data["visibility"] == "after_due_date"
    assert data["stdout_visibility"] == "hidden"
    assert {t["visibility"] for t in data["tests"]} == {"after_due_date"}
    assert [t["output"] for t in data["tests"]] == ["failed", "passed"]
    assert "called" not in json.dumps(data)


def test_markdown_output_fences_the_data_and_escapes_the_prose():
    feedback = ["on `odd` <case>: the result is wrong", "  called   f(x=[1])",
                "  got      ```[2]", "Looks like a *missing* factor"]
    (test,) = platforms.gradescope([exercise_result("softmax", "failed", feedback)], 1.0,
                                   markdown=True)["tests"]
    assert test["output_format"] == "md"
    text = test["output"]
    assert "````text\n  called   f(x=[1])\n  got      ```[2]\n````" in text
    assert "\\<case\\>" in text
    assert "\\*missing\\*" in text


def test_junit_text_drops_characters_xml_cannot_hold():
    results = [exercise_result("softmax", "error", ["raised \x00\x1b[31m bad\ud800"])]
    root = ET.fromstring(platforms.junit_xml(results, 1.0))
    assert "bad" in root.find(".//error").text


def test_annotation_escapes_newlines_and_separators():
    (line,) = github.annotations(
        [exercise_result("softmax", "failed", ["50% wrong\n::add-mask::x", "b"], line=7)],
        {"optimization": "exercises/a,b:c.py"})
    assert line.startswith("::error file=exercises/a%2Cb%3Ac.py,line=7,title=softmax%3A FAIL")
    assert line.endswith("::50%25 wrong%0A::add-mask::x%0Ab")


def test_summary_cells_cannot_break_the_table():
    text = github.job_summary([exercise_result("softmax", "failed", ["a | b <img> `c`\nd"])])
    row = next(x for x in text.splitlines() if "`softmax`" in x)
    assert row.endswith("| a \\| b &lt;img&gt; \\`c\\` d |")


def test_the_learners_loop_loads_none_of_this():
    """Without CI variables or results options, nothing here is imported (the loop stays
    as fast as it was)."""
    code = ("import sys\nfrom graders.__main__ import main\nmain(['softmax'])\n"
            "print(sorted(m for m in ('graders.github', 'graders.platforms', "
            "'xml.etree.ElementTree') if m in sys.modules))")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, env=env)
    assert done.stdout.splitlines()[-1] == "[]", done.stdout + done.stderr


def test_a_crash_of_the_grader_is_not_a_score():
    """CI tells "graded, not full marks" (1) from "grading could not run" (2, or 3 for the
    grader's own failure), so a crash fails the learner's workflow."""
    code = ("import sys\nimport graders.__main__ as cli\n"
            "def boom(*args):\n    raise RuntimeError('a bug of the grader')\n"
            "cli.write_results = boom\nsys.exit(cli.run(['softmax']))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 3
    assert "RuntimeError: a bug of the grader" in done.stderr
    assert "The grader itself failed" in done.stderr
