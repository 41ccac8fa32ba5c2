"""The engine's parts: the wire format, static checks, comparison, scale timing, hints."""

import dataclasses
import json
import time

import numpy as np
import pytest

from graders import hints, wire
from graders.catalog import exercise
from graders.compare import compare
from graders.engine import grade_function
from graders.spec import CallLimit, Case, Fn, Invariance, MemoryLimit, Tol
from graders.static import analyse

# --- wire -------------------------------------------------------------------------


def roundtrip(value):
    return wire.roundtrip({"k": 1}, value)[1]


def test_wire_round_trips_values_exactly():
    value = (np.arange(6.0).reshape(3, 2).T, [np.float32(1.5), 2, 0.1, float("inf"), True],
             {"f": Fn("quadratic_grad", {"A": np.eye(2)})}, "text", None, np.int64(7))
    back = roundtrip(value)
    assert np.array_equal(back[0], value[0])
    assert back[0].dtype == value[0].dtype
    assert back[1] == value[1]
    assert type(back[1][0]) is np.float32
    assert back[2]["f"].name == "quadratic_grad"
    assert back[3:5] == ("text", None)
    assert type(back[5]) is np.int64
    assert roundtrip(np.array(2.5)).shape == ()


def _frame(header: dict, body: bytes = b"") -> bytes:
    data = json.dumps(header).encode()
    return len(data).to_bytes(8, "little") + data + body


@pytest.mark.parametrize("dtype", ["O", "|O", "V8", "[('a', '<f8')]", "<U3", "M8[s]"])
def test_wire_accepts_only_numeric_arrays(dtype):
    header = {"message": {}, "payload": {"t": "ndarray", "i": 0},
              "arrays": [{"dtype": dtype, "shape": [1]}]}
    with pytest.raises(wire.WireError):
        wire.FrameReader().feed(_frame(header, b"\0" * 8))


def test_values_that_cannot_cross_arrive_as_descriptions():
    assert isinstance(roundtrip(np.array([object()], dtype=object)), wire.Opaque)
    assert isinstance(roundtrip(np.array(["a"])), wire.Opaque)
    assert isinstance(roundtrip({1, 2}), wire.Opaque)


@pytest.mark.parametrize("tree", [{"t": "float", "v": "1"}, {"t": "tuple", "v": 3},
                                  {"t": "eval", "v": "1"}, {"t": "npscalar", "dtype": "O",
                                                            "v": 1}])
def test_wire_rejects_malformed_trees(tree):
    with pytest.raises(wire.WireError):
        wire.decode(tree, [])


def test_wire_refuses_oversized_messages_before_reading_them():
    with pytest.raises(wire.WireError):
        wire.FrameReader().feed((wire.MAX_HEADER_BYTES + 1).to_bytes(8, "little"))
    header = {"message": {}, "payload": {"t": "ndarray", "i": 0},
              "arrays": [{"dtype": "<f8", "shape": [1 << 20, 1 << 20]}]}
    with pytest.raises(wire.WireError):
        wire.FrameReader().feed(_frame(header))


def test_wire_reassembles_messages_split_anywhere():
    value = (np.arange(12.0).reshape(3, 4), [np.ones(0), np.eye(2, dtype=np.int32)])
    data = b"".join(bytes(c) for c in wire.pack({"k": 2}, value))
    reader = wire.FrameReader()
    pieces = [reader.feed(data[i:i + 5]) for i in range(0, len(data), 5)]
    message, back = pieces[-1]
    assert pieces[:-1] == [None] * (len(pieces) - 1)
    assert message == {"k": 2}
    assert np.array_equal(back[0], value[0])
    assert back[1][0].shape == (0,)
    assert back[1][1].dtype == np.int32


# --- static checks ----------------------------------------------------------------

REFERENCE = "def f(A, B):\n    pass\n"


@pytest.mark.parametrize(("body", "found"), [
    ("return A @ B", "the `@` operator"),
    ("C = A.copy()\n    C @= B\n    return C", "the `@` operator"),
    ("return A.dot(B)", "`.dot`"),
    ("return np.dot(A, B)", "`np.dot`"),
    ("return numpy.linalg.inv(A)", "`np.linalg.inv`"),
    ("return la.inv(A)", "`np.linalg.inv`"),
    ("return inv(A)", "`np.linalg.inv`"),
    ("g = np.linalg.inv\n    return g(A)", "`np.linalg.inv`"),
    ("return getattr(np.linalg, 'inv')(A)", "`np.linalg.inv`"),
    ("return _helper(A)", "`np.linalg.inv`"),
    ("return _renamed(A)", "`np.linalg.inv`"),
    ("return np.linalg.__dict__['inv'](A)", "`np.linalg.inv`"),
    ("return vars(np.linalg)['inv'](A)", "`np.linalg.inv`"),
    ("return _table['inv'](A)", "`np.linalg.inv`"),
])
def test_forbidden_calls_are_found_through_aliases_and_helpers(body, found):
    source = ("import numpy\nimport numpy as np\nimport numpy.linalg as la\n"
              "from numpy.linalg import inv\n\n"
              "def _helper(M):\n    return np.linalg.inv(M)\n\n"
              "_renamed = np.linalg.inv\n_table = np.linalg.__dict__\n\n"
              f"def f(A, B):\n    \"\"\"np.linalg.inv and A @ B in a docstring are fine.\"\"\"\n"
              f"    {body}\n")
    report = analyse(source, REFERENCE, {"f": ("@", ".dot", "np.dot", "np.linalg.inv")})["f"]
    assert any(found in p for p in report.problems), report.problems


@pytest.mark.parametrize(("module", "found"), [
    ("import runpy\nrunpy.run_path('reference/optimization.py')\n", "runpy"),
    ("import runpy\nclass _Loader:\n    ns = runpy.run_path('r.py')\n", "runpy"),
    ("import importlib.util as u\ndef _h(p=u.spec_from_file_location('r', 'r.py')):\n"
     "    pass\n", "importlib"),
    ("import ctypes\ndef _h():\n    return ctypes.string_at(0)\n_h()\n", "ctypes"),
    ("import marshal\n_code = marshal.loads(b'')\n", "marshal"),
    ("import zipimport\n_z = zipimport.zipimporter('x.zip')\n", "zipimport"),
])
def test_loading_code_at_import_is_refused_for_every_exercise(module, found):
    source = f"import numpy as np\n{module}\ndef f(A, B):\n    return A\n"
    problems = analyse(source, REFERENCE, {"f": ()})["f"].problems
    assert any(f"uses `{found}" in p for p in problems), problems


def test_clean_function_has_no_static_problems():
    source = ("import numpy as np\n\ndef f(A, B):\n    # np.linalg.inv would be wrong\n"
              "    return np.linalg.solve(A, B)\n")
    assert analyse(source, REFERENCE, {"f": ("np.linalg.inv", "@")})["f"].problems == []


def test_missing_function_is_reported_with_a_suggestion():
    source = "import numpy as np\n\ndef ff(A, B):\n    return A\n"
    report = analyse(source, REFERENCE, {"f": ()}, module="exercises/x.py")["f"]
    assert report.missing == "exercises/x.py has no function f (did you mean ff?)"
    report = analyse("import numpy as np\nf = np.dot\n", REFERENCE, {"f": ()})["f"]
    assert "should be defined with `def f(...)`" in report.problems[0]


def test_changed_default_value_is_a_changed_signature():
    source = "def f(A, B=2):\n    return A\n"
    reference = "def f(A, B=1e-3):\n    return A\n"
    assert "signature changed" in analyse(source, reference, {"f": ()})["f"].problems[0]
    same = "def f(A, B=0.001):\n    return A\n"
    assert analyse(same, reference, {"f": ()})["f"].problems == []


# --- comparison -------------------------------------------------------------------


@pytest.mark.parametrize(("expected", "got", "fragment"), [
    (np.zeros(3), np.zeros((3, 1)), "has shape (3, 1), expected shape (3,)"),
    (np.zeros(3), [0.0, 0.0, 0.0], "should be an ndarray"),
    (1.0, np.array(1.0), "not a 0-d array"),
    ((np.zeros(2), 1.0), [np.zeros(2), 1.0], "should be a tuple"),
    (np.arange(3), np.arange(3.0), "should hold integers"),
    (np.array([1.0, 2.0]), np.array([1.0, np.inf]), "overflowed"),
    (np.array([-1.0, 2.0]), np.array([-np.inf, 2.0]), "underflowed"),
    ("saddle", "minimum", "expected 'saddle', got 'minimum'"),
    (3, 3.0, "should be an int"),
    (np.array([np.inf, 1.0]), np.array([1e308, 1.0]), "largest difference"),
    (np.array([np.inf, 1.0]), np.array([-np.inf, 1.0]), "largest difference"),
    (float("inf"), 5.0, "expected inf, got 5"),
])
def test_comparison_explains_mismatches(expected, got, fragment):
    mismatch = compare(expected, got, Tol())
    assert mismatch is not None
    assert fragment in "\n".join(mismatch.lines)


def test_comparison_accepts_rounding_nan_and_inf():
    expected = np.array([1.0, np.nan, np.inf, -np.inf, 0.0])
    got = expected + np.array([1e-12, 0, 0, 0, 0])
    assert compare(expected, got, Tol(rtol=1e-9, atol=0)) is None
    assert compare(1.0, np.float64(1 + 1e-12), Tol(rtol=1e-9)) is None
    assert compare(np.arange(3), np.arange(3, dtype=np.int32), Tol()) is None


# --- scale ------------------------------------------------------------------------


def _slow_softmax(z, axis=-1):
    if z.size >= 10_000:  # only the scale case
        time.sleep(1.0)
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def test_scale_case_fails_a_solution_far_slower_than_the_reference():
    timed = dataclasses.replace(exercise("softmax"), scale=lambda rng: Case(
        "a (200, 50) array", {"z": rng.normal(size=(200, 50))}))
    result = grade_function(timed, _slow_softmax)
    assert result.outcome == "failed"
    assert "too slow" in "\n".join(result.feedback)


# --- hints ------------------------------------------------------------------------


def test_hints_come_one_tier_at_a_time(tmp_path):
    state = tmp_path / "seen.json"
    tiers = exercise("softmax").hints
    first = hints.show("softmax", state=state)
    assert f"Hint 1 of {len(tiers)}" in first
    assert tiers[0][:30] in " ".join(first.split())
    second = hints.show("softmax", state=state)
    assert f"Hint 2 of {len(tiers)}" in second
    assert "Hint 1" not in second
    again = hints.show("softmax", again=True, state=state)
    assert "Hint 1" in again
    assert "Hint 2" in again
    assert "Hint 1 of" in hints.show("softmax", reset=True, state=state)
    assert "Did you mean softmax?" in hints.show("sofmax", state=state)


@pytest.mark.parametrize(("source", "found"), [
    ("def f(A, B):\n    return eval('A ' + chr(64) + ' B')\n", "`eval`"),
    ("def f(A, B):\n    return __import__('numpy').dot(A, B)\n", "`__import__`"),
    ("import importlib\n\ndef f(A, B):\n    return importlib.import_module('numpy').dot(A, B)\n",
     "`importlib`"),
    ("def f(A, B):\n    return A\n\nglobals()['f'] = lambda A, B: A\n", "`globals`"),
    ("import sys\n\ndef f(A, B):\n    return A\n\nsetattr(sys.modules[__name__], 'f', None)\n",
     "`setattr`"),
])
def test_code_the_grader_cannot_read_is_refused(source, found):
    problems = analyse(source, REFERENCE, {"f": ()})["f"].problems
    assert any(found in p and "write the code out" in p for p in problems), problems


# --- behaviour checks: invariances, call limits, copies, memory, value-free grading --


def _with(name, **changes):
    return dataclasses.replace(exercise(name), **changes)


def _mse_reference(X, y, w):
    return 2.0 / X.shape[0] * X.T @ (X @ w - y)


def test_invariance_names_what_leaked_and_holds_for_what_does_not_matter():
    leak = Invariance("the targets reached the gradient: changing y alone moved it",
                      perturb=lambda args, rng: {**args, "y": args["y"] + 1.0},
                      part=lambda args, got: got)
    result = grade_function(_with("mse_grad", invariances=(leak,)), _mse_reference)
    assert result.outcome == "failed"
    assert result.feedback[0].startswith("The targets reached the gradient: changing y")
    unmoved = Invariance("w must not move the shape",
                         perturb=lambda args, rng: {**args, "w": 3 * args["w"]},
                         part=lambda args, got: np.shape(got))
    assert grade_function(_with("mse_grad", invariances=(unmoved,)),
                          _mse_reference).outcome == "passed"


def test_invariance_fails_even_when_the_numbers_are_close():
    """A leak that moves the answer by 1e-9 relative is within the value tolerance of
    most exercises, but not within the invariance's."""
    def leaky(X, y, w):
        return _mse_reference(X, y, w) * (1 + 1e-9 * float(np.tanh(y.sum())))

    def orthogonal_to_columns(args, rng):  # y + r with X^T r = 0 leaves the gradient alone
        X = args["X"]
        z = rng.normal(size=len(args["y"]))
        return {**args, "y": args["y"] + z - X @ np.linalg.lstsq(X, z, rcond=None)[0]}

    check = Invariance("y leaked", perturb=orthogonal_to_columns, part=lambda args, got: got)
    ex = _with("mse_grad", invariances=(check,), tol=Tol(rtol=1e-6, atol=1e-9))
    assert grade_function(ex, _mse_reference).outcome == "passed"
    assert grade_function(ex, leaky).feedback == ["Y leaked (on random X of shape (5, 3))"]


def _gd(grad_fn, x0, lr, num_steps, calls_per_step=1):
    x = np.array(x0, dtype=float)
    rows = [x.copy()]
    for _ in range(num_steps):
        for _ in range(calls_per_step):
            g = np.asarray(grad_fn(x))
        x = x - lr * g
        rows.append(x.copy())
    return np.array(rows)


def test_call_limit_counts_calls_of_a_callable_argument():
    limit = CallLimit("grad_fn", lambda args: args["num_steps"], "one gradient per step")
    ex = _with("gradient_descent", call_limits=(limit,))

    def once(grad_fn, x0, lr, num_steps):
        return _gd(grad_fn, x0, lr, num_steps)

    assert grade_function(ex, once).outcome == "passed"

    def twice(grad_fn, x0, lr, num_steps):
        return _gd(grad_fn, x0, lr, num_steps, calls_per_step=2)

    feedback = "\n".join(grade_function(ex, twice).feedback)
    assert "called `grad_fn` 50 times on a 3-D quadratic, lr 0.1, 25 steps, more than the " \
           "25 allowed: one gradient per step" in feedback


def test_copies_promised_means_a_returned_input_fails():
    def returns_input(X, y, w):
        return w if not np.any(X) else _mse_reference(X, y, w)

    def view_of_input(X, y, w):
        out = w[:]  # a view: changing the result changes the caller's w
        out[...] = _mse_reference(X, y, w)
        return out

    ex = _with("mse_grad", copies=True)
    assert grade_function(ex, _mse_reference).outcome == "passed"
    feedback = "\n".join(grade_function(ex, view_of_input).feedback)
    assert "returned its input `w` itself (or a view of it) as the result" in feedback
    assert grade_function(_with("mse_grad"), returns_input).outcome == "passed"


def test_value_free_grading_judges_structure_properties_and_errors_only():
    def scaled(X, y, w):
        return 3.0 * _mse_reference(X, y, w)

    ex = _with("mse_grad", compare_values=False)
    assert grade_function(ex, scaled).outcome == "passed"

    def column(X, y, w):
        return _mse_reference(X, y, w)[:, None]

    assert "should be 1-D" in "\n".join(grade_function(ex, column).feedback)


def test_memory_is_measured_on_the_scale_case_in_the_learner_process(tmp_path):
    from graders.__main__ import load_references
    from graders.engine import grade
    from graders.sandbox import SubprocessRunner

    load_references(["linear_algebra"])
    ex = _with("matmul", memory=MemoryLimit(1, "built a big temporary"))
    runner = SubprocessRunner(catalog_root() / "reference" / "linear_algebra.py")
    try:
        result = grade(ex, runner)
    finally:
        runner.close()
    assert result.outcome == "failed"
    assert "MB of memory at its peak on" in result.feedback[0]
    assert result.feedback[0].endswith("more than the 1 MB allowed: built a big temporary")


def catalog_root():
    from graders.catalog import ROOT

    return ROOT


def test_case_streams_are_independent():
    """Adding a value case changes neither the error cases' inputs nor the scale case's."""
    from graders.engine import case_rng

    first = case_rng(0, "matmul", "errors").normal(size=3)
    case_rng(0, "matmul").normal(size=100)  # drawing more value cases
    assert np.array_equal(first, case_rng(0, "matmul", "errors").normal(size=3))
    assert not np.array_equal(first, case_rng(0, "matmul", "scale").normal(size=3))
    assert not np.array_equal(first, case_rng(0, "matmul").normal(size=3))


def test_underflow_note_only_where_the_expected_entry_itself_is_tiny():
    from graders.compare import UNDERFLOW_NOTE, stability_note

    assert stability_note(np.array([0.0, 0.5]), np.array([0.0, 0.0])) is None
    assert stability_note(np.array([0.0, 1e-310]), np.array([0.0, 0.0])) == UNDERFLOW_NOTE


def test_mismatch_states_the_tolerance_and_a_differing_dtype():
    found = compare(np.array([1.0, 2.0]), np.array([1.0, 2.5], dtype=np.float32),
                    Tol(rtol=1e-9, atol=1e-12))
    text = "\n".join(found.lines)
    assert "allowed: 1e-09 relative + 1e-12 absolute" in text
    assert "it has dtype float32; expected float64" in text
    scalar = compare(1.0, 1.5, Tol(rtol=1e-9, atol=0.0))
    assert scalar.lines == ["expected 1, got 1.5 (difference 0.5; allowed: 1e-09 relative "
                            "+ 0 absolute)"]


def test_a_module_outside_numpy_and_the_standard_library_used_at_import_is_refused():
    source = ("import numpy as np\nimport graders.worker as w\nw.observe = None\n\n"
              "def f(A, B):\n    return A\n")
    problems = analyse(source, REFERENCE, {"f": ()})["f"].problems
    assert problems == ["uses `graders`: solutions may use NumPy and the standard library only"]


def test_code_loaded_inside_one_exercise_costs_only_that_exercise():
    source = ("import runpy\nimport numpy as np\n\ndef f(A, B):\n"
              "    return runpy.run_path('reference/x.py')['f'](A, B)\n\n"
              "def g(A, B):\n    return A\n")
    reports = analyse(source, REFERENCE + "\ndef g(A, B):\n    pass\n", {"f": (), "g": ()})
    assert any("uses `runpy`" in p for p in reports["f"].problems)
    assert reports["g"].problems == []


@pytest.mark.parametrize(("body", "found"), [
    ("return getattr(np.linalg, 'in' + 'v')(A)", "uses getattr with a computed name"),
    ("return np.linalg._umath_linalg.inv(A)", "the private NumPy name "
                                               "`numpy.linalg._umath_linalg.inv`"),
    ("import gc\n    return gc.get_objects() and A", "uses `gc`"),
    ("return A.__class__.__base__", "uses `__class__`"),
    ("import sys\n    return sys.modules['numpy'] and A", "uses `sys.modules`"),
])
def test_reaching_into_the_interpreter_is_refused(body, found):
    source = f"import numpy as np\n\ndef f(A, B):\n    {body}\n"
    problems = analyse(source, REFERENCE, {"f": ()})["f"].problems
    assert any(found in p for p in problems), problems
    if __name__ == "__main__":  # the plain dunders stay allowed: this very line is one
        pass
