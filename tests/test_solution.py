"""`nox -s solution`: the reference, only once the learner's version has passed."""

import ast
import json
import os
import subprocess
import sys

import pytest

from graders import catalog, progress, solution
from tests.conftest import ROOT


def passed(*names: str) -> dict:
    state = progress.fresh()
    for name in names:
        state["exercises"][name] = {**progress.new_entry(), "attempts": 1,
                                    "first_pass": "2026-01-01T00:00:00+00:00",
                                    "last_outcome": "passed"}
    return state


def test_it_refuses_before_a_pass_and_shows_code_and_notes_after():
    with pytest.raises(solution.SolutionError, match="You have not passed adam_step yet"):
        solution.show("adam_step", state=passed("mse_grad"))
    text = solution.show("adam_step", state=passed("adam_step"))
    assert text.startswith("Reference solution of adam_step (reference/optimization.py:")
    assert "return params - lr * m_hat / (np.sqrt(v_hat) + eps), new_m, new_v" in text
    assert "Why interviewers ask: Adam is the default optimizer" in " ".join(text.split())
    assert "Parameters\n" not in text  # the code and the notes, not the whole docstring
    early = solution.show("adam_step", anyway=True, state=passed())
    assert "Shown before yours passed" in early


@pytest.mark.parametrize("exercise", catalog.all_exercises(), ids=lambda e: e.name)
def test_every_reference_shown_is_whole_code_with_its_helpers(exercise):
    code, line = solution.reference_code(exercise)
    tree = ast.parse(code)  # it parses on its own
    defined = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id.startswith("_")}
    module = (ROOT / "reference" / f"{exercise.topic}.py").read_text().splitlines()
    assert module[line - 1].startswith(f"def {exercise.name}(")
    assert {u for u in used if f"def {u}(" in "\n".join(module)} <= defined


def test_the_command_says_what_is_wrong_in_one_line(tmp_path):
    env = {**os.environ, "KATA_STATE_DIR": str(tmp_path)}
    (tmp_path / "progress.json").write_text(json.dumps(passed("softmax")))

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "graders.solution", *args], cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=60)

    assert "def softmax(" in run("softmax").stdout
    refused = run("adam_step")
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert len(refused.stderr.strip().splitlines()) == 1
    unknown = run("sofmax")
    assert unknown.stderr == "There is no exercise called 'sofmax'. Did you mean softmax?\n"
    assert "def adam_step(" in run("adam_step", "--anyway").stdout
