"""Hostile learner modules: each costs only its own exercises, and never raises a score.

Every test grades a copy of the reference in which ``mse_grad`` (or the module itself)
misbehaves, and checks that ``softmax`` in the same module is still graded and passes.
"""

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT, run_graders

HOSTILE = {
    "an infinite loop": (
        "",
        "def mse_grad(X, y, w):\n    while True:\n        pass\n",
        "timeout", "did not return within 2 s"),
    "os._exit": (
        "",
        "def mse_grad(X, y, w):\n    import os\n    os._exit(3)\n",
        "error", "exited with status 3"),
    "a segfault": (
        "",
        "def mse_grad(X, y, w):\n    import os, signal\n    os.kill(os.getpid(), signal.SIGSEGV)\n",
        "error", "SIGSEGV"),
    "sys.exit inside the function": (
        "",
        "def mse_grad(X, y, w):\n    import sys\n    sys.exit(0)\n",
        "failed", "raised SystemExit"),
    "a print flood": (
        "",
        "def mse_grad(X, y, w):\n    while True:\n        print('x' * 10_000)\n",
        "error", "printed more than 1 MB"),
    "a 40 GB allocation": (
        "",
        "def mse_grad(X, y, w):\n    big = np.ones((5 << 30,))\n    return big[:len(w)]\n",
        "failed", "raised MemoryError"),
    "reading a secret from the environment": (
        "",
        "def mse_grad(X, y, w):\n    import os\n    raise RuntimeError(os.environ.get("
        "'KATA_TEST_SECRET', 'no secret here'))\n",
        "failed", "RuntimeError: no secret here"),
    "an unexpected exception": (
        "",
        "def mse_grad(X, y, w):\n    return X.T @ (X @ w - y) / undefined_name\n",
        "failed", "raised NameError"),
    "monkeypatched NumPy, pytest and grader modules": (
        "",
        # Refused by the static check too (gc, computed module objects), but it runs all
        # the same: whatever it patches in its own process changes no verdict.
        "def mse_grad(X, y, w):\n"
        "    import gc\n"
        "    patched = {'compare': None, 'grade': None, 'approx': True, 'allclose': True,\n"
        "               'array_equal': True, 'assert_allclose': None}\n"
        "    for m in gc.get_objects():\n"
        "        if type(m).__name__ == 'module' and str(getattr(m, '__name__', '')\n"
        "                                              ).startswith(('graders', 'numpy')):\n"
        "            for name, value in patched.items():\n"
        "                if hasattr(m, name):\n"
        "                    m.__dict__[name] = lambda *a, _v=value, **k: _v\n"
        "    return np.zeros(X.shape[1])\n",
        "failed", "the result is wrong"),
}


JAIL = pytest.mark.parametrize("jail", [True, False], ids=["jail", "no-jail"])


@JAIL
@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_hostile_function_costs_only_its_exercise(case, solutions, jail):
    prelude, body, outcome, message = HOSTILE[case]
    folder = solutions("optimization", prelude, mse_grad=body)
    status, out, results = run_graders("optimization", "--only", "mse_grad", "softmax",
                                       "--solutions", str(folder), "--timeout", "2",
                                       jail=jail)
    assert status == 1
    tests = {t["name"]: t for t in results["tests"]}
    hostile, other = tests["optimization.mse_grad"], tests["optimization.softmax"]
    assert hostile["extra_data"]["outcome"] == outcome, hostile["output"]
    assert message in hostile["output"]
    assert hostile["score"] == 0
    assert other["extra_data"]["outcome"] == "passed", other["output"]
    assert results["score"] == other["max_score"]


MODULE_FAILURES = {
    "sys.exit at import": ("import sys\nsys.exit(0)\n", "error", "SystemExit"),
    "an import error": ("import not_a_real_module\n", "error", "ModuleNotFoundError"),
    "os._exit at import": ("import os\nos._exit(0)\n", "error", "exited with status 0"),
    "a loop at import": ("while True:\n    pass\n", "timeout", "importing the module took"),
    "a print flood at import": ("while True:\n    print('x' * 10_000)\n", "error",
                                "while importing the module, printed more than 1 MB"),
}


@JAIL
@pytest.mark.parametrize("case", MODULE_FAILURES, ids=list(MODULE_FAILURES))
def test_module_that_fails_to_import_is_reported_for_every_exercise(case, solutions, jail):
    prelude, outcome, message = MODULE_FAILURES[case]
    folder = solutions("optimization", prelude)
    status, out, results = run_graders("optimization", "--only", "mse_grad", "softmax",
                                       "--solutions", str(folder), "--timeout", "2",
                                       jail=jail)
    assert status == 1
    assert [t["extra_data"]["outcome"] for t in results["tests"]] == [outcome, outcome]
    assert all(message in t["output"] for t in results["tests"])
    assert "could not be imported" in out


def test_syntax_error_is_reported_with_its_line(tmp_path):
    (tmp_path / "optimization.py").write_text("import numpy as np\n\ndef mse_grad(X, y, w)\n")
    status, out, results = run_graders("optimization", "--solutions", str(tmp_path))
    assert status == 1
    assert {t["extra_data"]["outcome"] for t in results["tests"]} == {"error"}
    assert "SyntaxError on line 3" in out


def test_missing_module_is_an_error(tmp_path):
    status, out, results = run_graders("optimization", "--solutions", str(tmp_path))
    assert status == 1
    assert {t["extra_data"]["outcome"] for t in results["tests"]} == {"error"}
    assert "there is no file" in results["tests"][0]["output"]


STATIC = {
    "an import outside NumPy and the standard library": (
        "def mse_grad(X, y, w):\n"
        "    import scipy.linalg\n"
        "    return 2 * X.T @ (X @ w - y) / len(y) + 0 * scipy.linalg.norm(w)\n",
        "uses `scipy`: solutions may use NumPy and the standard library only"),
    "a changed signature": (
        "def mse_grad(X, y, weights):\n    return 2 * X.T @ (X @ weights - y) / len(y)\n",
        "it should be mse_grad(X, y, w)"),
    "an input changed in place": (
        "def mse_grad(X, y, w):\n    y -= X @ w\n    return -2 * X.T @ y / len(y)\n",
        "changed its input `y` in place"),
    "the function rebound after its def": (
        "def mse_grad(X, y, w):\n    return 2 * X.T @ (X @ w - y) / len(y)\n\n\n"
        "mse_grad = mse_grad\n",
        "define `mse_grad` once"),
}


@pytest.mark.parametrize("case", STATIC, ids=list(STATIC))
def test_contract_breaches_fail_with_their_reason(case, solutions):
    body, message = STATIC[case]
    folder = solutions("optimization", mse_grad=body)
    status, out, results = run_graders("optimization", "--only", "mse_grad",
                                       "--solutions", str(folder))
    assert status == 1
    assert results["tests"][0]["extra_data"]["outcome"] == "failed"
    assert message in out


def test_rewriting_reference_files_from_learner_code_changes_nothing(solutions, tmp_path):
    """A learner's module that overwrites a reference on disk (here, in a copy of the
    repository) cannot change expected values: references load before learner code runs.

    probability is graded before optimization; its module rewrites the optimization
    reference so that mse_grad "should" return zeros, which its mse_grad does.
    """
    repo = tmp_path / "repo"
    shutil.copytree(ROOT, repo, ignore=shutil.ignore_patterns(".git", ".nox", "__pycache__"))
    cheat = ("import pathlib\n"
             "_ref = pathlib.Path(__file__).resolve().parents[1] / 'repo' / 'reference'\n"
             "(_ref / 'optimization.py').write_text('import numpy as np\\n\\n\\n"
             "def mse_grad(X, y, w):\\n    return np.zeros(len(w))\\n')\n")
    folder = solutions("probability", cheat)
    solutions("optimization", mse_grad="def mse_grad(X, y, w):\n    return np.zeros(len(w))\n")
    out = tmp_path / "r.json"
    subprocess.run([sys.executable, "-m", "graders", "probability", "optimization", "--only",
                    "entropy", "mse_grad", "--solutions", str(folder), "--json", str(out)],
                   cwd=repo, capture_output=True, timeout=120,
                   env={**os.environ, "KATA_JAIL": "0"})  # in the jail it cannot even write
    assert "np.zeros" in (repo / "reference" / "optimization.py").read_text()  # it did write
    tests = json.loads(out.read_text())["tests"]
    outcomes = {t["name"]: t["extra_data"]["outcome"] for t in tests}
    assert outcomes == {"probability.entropy": "passed", "optimization.mse_grad": "failed"}


@JAIL
def test_a_forbidden_call_hidden_from_the_static_check_is_seen_at_run_time(solutions, jail):
    hidden = ("def newton_step(grad, hessian, x):\n"
              "    name = ''.join(['i', 'n', 'v'])\n"
              "    return x - getattr(np.linalg, name)(hessian) @ grad\n")
    folder = solutions("optimization", newton_step=hidden)
    status, out, results = run_graders("optimization", "--only", "newton_step", "softmax",
                                       "--solutions", str(folder), jail=jail)
    tests = {t["name"]: t for t in results["tests"]}
    assert tests["optimization.newton_step"]["extra_data"]["outcome"] == "failed"
    assert "called `np.linalg.inv` while it ran" in tests["optimization.newton_step"]["output"]
    assert tests["optimization.softmax"]["extra_data"]["outcome"] == "passed"


@JAIL
def test_in_place_change_is_seen_by_the_grader_even_when_the_worker_report_lies(solutions,
                                                                                 jail):
    """The learner's module rewrites the worker's report of the inputs after the call;
    the grader reads the inputs back from the memory it shares with the worker."""
    body = ("def mse_grad(X, y, w):\n"
            "    import copy\n"
            "    import gc\n"
            "    for worker in gc.get_objects():  # the worker's module, found without a name\n"
            "        if getattr(worker, '__name__', None) == 'graders.worker' and hasattr(\n"
            "                worker, 'observe'):\n"
            "            observe = worker.observe\n"
            "            def lying(fn, args, **kw):\n"
            "                before = copy.deepcopy(args)\n"
            "                payload = observe(fn, args, **kw)\n"
            "                payload['inputs'] = before\n"
            "                return payload\n"
            "            if observe.__name__ != 'lying':\n"
            "                worker.observe = lying\n"
            "    y -= X @ w\n"
            "    return -2 * X.T @ y / len(y)\n")
    folder = solutions("optimization", mse_grad=body)
    status, out, results = run_graders("optimization", "--only", "mse_grad", "softmax",
                                       "--solutions", str(folder), jail=jail)
    tests = {t["name"]: t for t in results["tests"]}
    assert tests["optimization.mse_grad"]["extra_data"]["outcome"] == "failed"
    assert "changed its input `y` in place" in tests["optimization.mse_grad"]["output"]
    assert tests["optimization.softmax"]["extra_data"]["outcome"] == "passed"
