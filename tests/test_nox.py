"""The learner's commands themselves: nox sessions derived from the catalog."""

import os
import subprocess
import sys

from graders import catalog
from tests.conftest import ROOT


def nox(*args: str, env_dir) -> subprocess.CompletedProcess:
    env = {**os.environ, "KATA_ENV": str(env_dir)}
    return subprocess.run([sys.executable, "-m", "nox", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


def test_sessions_are_derived_from_the_catalog(tmp_path):
    listed = nox("--list", env_dir=tmp_path / "kata").stdout
    for topic in catalog.available_topics():
        assert f"- {topic} -> Grade" in listed
    for name in ("grade", "results", "hint", "tests"):
        assert f" {name} -> " in listed


def test_topic_session_grades_and_fails_until_full_marks(tmp_path):
    """`nox -s optimization -- mse_grad`, as a new learner runs it (the environment is
    created on first use, then reused)."""
    done = nox("-s", "optimization", "--", "mse_grad", env_dir=tmp_path / "kata")
    assert done.returncode != 0, done.stderr
    assert "TODO    mse_grad" in done.stdout
    assert "Next: mse_grad (exercises/optimization.py:" in done.stdout
    again = nox("-s", "optimization", "--", "mse_grad", "--seed", "3",
                env_dir=tmp_path / "kata")
    assert "pip" not in again.stderr  # the environment was reused
    scorecard = done.stdout[done.stdout.index("Optimization"):]
    assert again.stdout == scorecard
