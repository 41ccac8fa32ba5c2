"""The grader's command line as a learner meets it: what it selects, its exit codes, the
closing lines, reproducible failing cases and the whole printed output."""

import subprocess
import sys

import pytest

from tests.conftest import ROOT, run_graders


def graders(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "graders", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def test_an_exercise_named_beside_another_topic_is_graded_under_its_own():
    status, out, results = run_graders("optimization", "pca")  # nox -s optimization -- pca
    assert [t["name"] for t in results["tests"]] == ["linear_algebra.pca"]
    assert status == 1
    assert "nox -s linear_algebra -- pca" in out


@pytest.mark.parametrize(("args", "message"), [
    (["optimizaton"], "There is no topic or exercise called 'optimizaton'. Did you mean "
                      "optimization?"),
    (["softmax", "--seed", "-1"], "--seed must be 0 or more, got -1"),
    (["softmax", "--solutions", "no-such-folder"], "There is no folder no-such-folder"),
    (["softmax", "--json", "no-such-folder/results.json"], "--json: there is no folder"),
    (["softmax", "--json", "graders"], "--json graders is a folder"),
])
def test_usage_errors_exit_2_with_one_line_and_no_traceback(args, message):
    done = graders(*args)
    assert done.returncode == 2
    assert done.stderr.strip() == message or done.stderr.startswith(message), done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert done.stdout == ""  # nothing was graded


def test_exit_status_is_0_only_at_full_marks():
    assert graders("softmax", "--solutions", "reference").returncode == 0
    assert graders("softmax").returncode == 1


def test_several_topics_end_with_one_total_and_one_next(tmp_path):
    done = graders("probability", "optimization")
    assert done.stdout.count("Next:") == 1
    assert "Total: 0 of 43 points" in done.stdout
    assert done.stdout.index("Total:") > done.stdout.index("Optimization (optimization)")
    assert "Next: bayes_posterior (exercises/probability.py:" in done.stdout


def test_next_grades_the_folder_that_was_graded(solutions):
    folder = solutions("optimization", softmax="def softmax(z, axis=-1):\n    return z\n")
    done = graders("optimization", "--solutions", str(folder))
    assert f"grade just it:  python -m graders softmax --solutions {folder}" in done.stdout


def test_save_case_writes_inputs_that_reproduce_the_failure(solutions, tmp_path):
    wrong = ("def adam_step(params, grads, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, "
             "eps=1e-8):\n    return params + 1.0, m, v\n")
    folder = solutions("optimization", adam_step=wrong)
    done = graders("adam_step", "--solutions", str(folder), "--save-case",
                   str(tmp_path / "cases"))
    command = done.stdout.splitlines()[-1].split(": ", 1)[1]
    assert command == f"python -m graders.cases {tmp_path / 'cases' / 'adam_step.npz'}"
    again = subprocess.run([sys.executable, *command.split()[1:]], cwd=ROOT,
                           capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    assert "adam_step on first step (t = 1)" in again.stdout
    from graders.cases import load

    meta, args = load(tmp_path / "cases" / "adam_step.npz")
    assert meta["function"] == "adam_step"
    assert set(args) == {"params", "grads", "m", "v", "t"}
    assert args["t"] == 1


def test_save_case_keeps_lists_and_callables(tmp_path):
    from graders.cases import load, save
    from graders.catalog import exercise
    from graders.engine import Result
    from graders.spec import Case, Fn

    case = Case("a list and a callable", {
        "grads": [__import__("numpy").ones(2), __import__("numpy").zeros((2, 2))],
        "grad_fn": Fn("rosenbrock_grad", {"a": 1.0}), "lr": 0.5})
    result = Result(exercise("clip_grad_norm"), "failed", ["x"], case=case)
    _, args = load(save(result, ROOT / "exercises", tmp_path))
    assert [a.shape for a in args["grads"]] == [(2,), (2, 2)]
    assert callable(args["grad_fn"])
    assert args["lr"] == 0.5


def test_verbose_shows_everything_printed(solutions):
    chatty = ("def softmax(z, axis=-1):\n"
              "    for i in range(50):\n        print('line', i)\n    return z\n")
    folder = solutions("optimization", softmax=chatty)
    short = graders("softmax", "--solutions", str(folder)).stdout
    whole = graders("softmax", "--solutions", str(folder), "--verbose").stdout
    assert "line 49" not in short
    assert "| line 49" in whole
