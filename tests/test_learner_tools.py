"""The learner's small tools: restoring one stub, hints that outlive .nox, stubs that
never carry a solution, and docstring examples that run."""

import doctest
import importlib
import subprocess
import sys

import pytest

from graders import catalog, hints
from tests.conftest import ROOT
from tools import stubgen


def test_reset_restores_one_stub_and_keeps_the_rest(tmp_path):
    for folder in ("exercises", "reference"):
        (tmp_path / folder).mkdir()
    reference = (ROOT / "reference" / "optimization.py").read_text()
    (tmp_path / "reference" / "optimization.py").write_text(reference)
    # The learner solved mse_grad and softmax; softmax is to be restarted.
    worked = (ROOT / "exercises" / "optimization.py").read_text()
    for name in ("mse_grad", "softmax"):
        from tests.support import splice

        body = f"def {name}(*args, **kwargs):\n    return 'mine: {name}'\n"
        worked = splice(worked, name, body)
    (tmp_path / "exercises" / "optimization.py").write_text(worked)
    message = stubgen.reset("softmax", root=tmp_path)
    assert message == ("Restored the stub of softmax in exercises/optimization.py (your "
                       "version is in .kata/reset/softmax.py).")
    after = (tmp_path / "exercises" / "optimization.py").read_text()
    assert "return 'mine: mse_grad'" in after
    assert "return 'mine: softmax'" not in after
    assert 'raise NotImplementedError("optimization.softmax")' in after
    assert "mine: softmax" in (tmp_path / ".kata" / "reset" / "softmax.py").read_text()
    assert stubgen.reset("sofmax", root=tmp_path) == "There is no exercise called 'sofmax'."


def test_stubs_never_carry_a_body():
    source = "def helper_free(x):\n    return x + 1\n"
    with pytest.raises(ValueError, match="has no docstring, so its stub would copy its body"):
        stubgen.render_stub("t", source)
    for topic in catalog.available_topics():
        reference = (ROOT / "reference" / f"{topic}.py").read_text()
        stub = stubgen.render_stub(topic, reference)
        private = [line for line in reference.splitlines() if line.startswith("def _")]
        assert not any(line in stub for line in private), topic


def test_hint_progress_lives_outside_nox():
    assert hints.STATE.parent.name == ".kata"
    assert ".kata/" in (ROOT / ".gitignore").read_text().splitlines()


@pytest.mark.parametrize("topic", catalog.available_topics())
def test_every_docstring_example_runs_on_the_reference(topic):
    module = importlib.import_module(f"reference.{topic}")
    failed, tried = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert tried > 0
    assert failed == 0, f"run `python -m doctest -v reference/{topic}.py`"


def test_reset_session_refuses_no_name():
    done = subprocess.run([sys.executable, "-m", "tools.stubgen", "--reset"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "usage: python -m tools.stubgen --reset NAME" in done.stderr
