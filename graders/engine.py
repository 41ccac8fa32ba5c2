"""Grading one exercise: run its cases, judge the answers, explain what went wrong.

The engine never calls learner code itself. It talks to a *runner*: the subprocess
runner for learner modules (``graders.sandbox``), or the in-process one below for the
project's own trusted variants (``grade_function``, used by the project's tests).
"""

from __future__ import annotations

import copy
import inspect
import time
import warnings
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from graders import catalog, wire
from graders.calling import arrays_in, observe
from graders.compare import STABILITY_NOTES, Mismatch, compare, short
from graders.functions import materialise
from graders.sandbox import Call, returned_call
from graders.spec import Case, Exercise, Fn, Invariance
from graders.static import FunctionReport, analyse
from graders.wire import Kind

CALL_TIMEOUT = 10.0  # seconds one ordinary case may take
SCALE_SLACK = 0.5  # seconds allowed on top of scale_ratio * reference time
OUTCOMES = ("passed", "failed", "not_attempted", "error", "timeout")
IMPORT_FAILURE = "the module could not be imported:"
KEPT_BYTES = 64 << 20  # answers kept per exercise (to match mistakes, for invariances)


class Runner(Protocol):
    def call(self, function: str, args: dict[str, Any], *, timeout: float,
             want_inputs: bool = True, trace_memory: bool = False,
             forbidden: tuple[str, ...] = ()) -> Call: ...


@dataclass
class Result:
    """The verdict on one exercise. ``feedback`` is empty when it passed."""

    exercise: Exercise
    outcome: str
    feedback: list[str] = field(default_factory=list)
    seconds: float = 0.0
    line: int | None = None  # where its def starts in the learner's file
    case: Case | None = None  # the failing case shown in the feedback, to reproduce it
    printed: str = ""  # what the learner's code printed (the start of it)

    def __post_init__(self) -> None:
        if self.outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {self.outcome!r}")

    @property
    def score(self) -> int:
        return self.exercise.points if self.outcome == "passed" else 0


STREAMS = ("cases", "errors", "scale", "invariances")


def case_rng(seed: int, name: str, stream: str = "cases") -> np.random.Generator:
    """The generator for one stream of one exercise's inputs.

    Each exercise, and each of its streams (value cases, error cases, the scale case,
    invariance perturbations), draws from its own generator, so adding a value case
    changes neither the other exercises' inputs nor this one's error or scale inputs.
    """
    key = [seed, zlib.crc32(name.encode())]
    return np.random.default_rng(key if stream == "cases" else [*key, STREAMS.index(stream)])


def _quietly(fn: Callable, args: dict[str, Any]) -> Any:
    """Call trusted code (reference or a known wrong variant) on a private copy of args."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return fn(**materialise(args))


def render_call(name: str, args: dict[str, Any], width: int = 160) -> str:
    """``name(arg=value, ...)`` with abbreviated values; arguments past ``width`` elided."""
    shown: list[str] = []
    for key, value in args.items():
        text = f"{key}={value.name}(...)" if isinstance(value, Fn) else f"{key}={short(value, 24)}"
        if shown and len(name) + sum(len(s) + 2 for s in shown) + len(text) > width:
            shown.append("...")
            break
        shown.append(text)
    return f"{name}({', '.join(shown)})"


def _mutated(sent: dict[str, Any], after: dict[str, Any] | None) -> str | None:
    """The name of an argument the call changed in place, if any."""
    if after is None:
        return None
    for name, before in sent.items():
        if isinstance(before, Fn) or name not in after:
            continue
        if not _same(before, after[name]):
            return name
    return None


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray):
        return (isinstance(b, np.ndarray) and a.shape == b.shape and a.dtype == b.dtype
                and np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
    if isinstance(a, (list, tuple)):
        return (type(a) is type(b) and len(a) == len(b)
                and all(_same(x, y) for x, y in zip(a, b, strict=True)))
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (a != a and b != b)
    return type(a) is type(b) and a == b


def _nbytes(value: Any) -> int:
    return 64 + sum(a.nbytes for _, a in arrays_in(value))


def _misconception(ex: Exercise, failing: list[tuple[Case, Any, Any]],
                   passed: list[tuple[Case, Any]]) -> str | None:
    """The message of the known mistake the answers match, if one does.

    A mistake matches when the learner's answer equals the wrong variant's on every
    failing case that tells the two apart, and the learner passed no case on which the
    wrong variant would have failed.
    """
    for known in ex.misconceptions:
        matched = 0
        for case, expected, got in failing:
            wrong = _wrong_answer(known.wrong, case)
            tol = case.tol or ex.tol
            if wrong is _NO_ANSWER or compare(expected, wrong, tol, ex.returns) is None:
                continue  # this case cannot tell the mistake apart
            if compare(wrong, got, tol, ex.returns) is not None:
                matched = 0
                break
            matched += 1
        if matched and not any(
                (wrong := _wrong_answer(known.wrong, case)) is not _NO_ANSWER
                and compare(expected, wrong, case.tol or ex.tol, ex.returns) is not None
                for case, expected in passed):
            return known.feedback
    return None


_NO_ANSWER = object()


def _wrong_answer(wrong: Callable, case: Case) -> Any:
    try:
        return _quietly(wrong, case.args)
    except Exception:  # a wrong variant may itself fail on some inputs
        return _NO_ANSWER


def _broken_property(ex: Exercise, case: Case, got: Any) -> tuple[str, str] | None:
    """(name, explanation) of the first property the answer breaks, if any."""
    for prop in ex.properties:
        try:
            problem = prop.check(case.args, got)
        except Exception:  # an answer of the wrong shape or type: compare() says so
            continue
        if problem:
            return prop.name, problem
    return None


def _fatal(ex: Exercise, call: Call, case: Case, timeout: float) -> Result | None:
    """A verdict for calls that end grading of the exercise (timeouts, crashes...)."""
    where = f"on {case.label}"
    if call.kind == Kind.IMPORT_ERROR:
        return Result(ex, "timeout" if "took more than" in call.detail else "error",
                      [IMPORT_FAILURE, *call.detail.rstrip().splitlines()])
    if call.kind == Kind.TIMEOUT:
        return Result(ex, "timeout", [f"did not return within {timeout:g} s {where}: "
                                      "an infinite loop, or a much slower algorithm?"])
    if call.kind == Kind.CRASHED:
        return Result(ex, "error", [f"{call.detail} while running {ex.name} {where}"])
    if call.kind == Kind.FLOOD:
        return Result(ex, "error", [f"{call.detail} while running {ex.name} {where}: "
                                    "remove or shorten the print calls"])
    return None


def _describe_raise(call: Call) -> str:
    error = call.error
    where = f" ({error.get('where')})" if error.get("where") else ""
    return f"raised {error.get('type')}: {error.get('message')}{where}"


def grade(ex: Exercise, runner: Runner, report: FunctionReport | None = None, *,
          seed: int = 0, timeout: float = CALL_TIMEOUT) -> Result:
    """Grade one exercise through ``runner``. ``report`` holds the static findings."""
    started = time.perf_counter()
    try:
        result = _grade(ex, runner, report or FunctionReport(), seed, timeout)
    except Exception as error:  # never lose the other exercises to one strange answer
        result = Result(ex, "error", [f"the grader could not judge its answers "
                                      f"({type(error).__name__}: {str(error)[:200]})"])
    result.seconds = time.perf_counter() - started
    result.line = report.line if report else None
    return result


def _grade(ex: Exercise, runner: Runner, report: FunctionReport, seed: int,
           timeout: float) -> Result:
    if report.missing:
        return Result(ex, "error", [report.missing])
    reference = catalog.reference(ex)
    cases = list(ex.cases(case_rng(seed, ex.name)))
    problems: list[str] = []
    failing: list[tuple[Case, Any, Any]] = []
    passed: list[tuple[Case, Any]] = []
    answered: list[tuple[Case, Any]] = []  # every case that returned, for invariances
    first_failure: list[str] = []
    first_case: Case | None = None
    shown_severity = -1.0
    wrong_cases = 0
    kept = 0  # bytes of wrong answers kept to match against known mistakes
    printed = ""

    breached: set[str] = set()

    for i, case in enumerate(cases):
        expected = _quietly(reference, case.args)
        call = runner.call(ex.name, case.args, timeout=timeout, forbidden=ex.forbidden)
        printed = printed or call.printed
        fatal = _fatal(ex, call, case, timeout)
        if fatal:
            return fatal
        if call.kind == Kind.RAISED and call.error.get("not_implemented") and i == 0:
            return Result(ex, "not_attempted", ["not attempted yet"])
        mismatch: Mismatch | None = None
        if call.kind == Kind.RAISED:
            mismatch = Mismatch("", [_describe_raise(call)])
        else:
            if ex.invariances and (kept := kept + _nbytes(call.value)) < KEPT_BYTES:
                answered.append((case, call.value))
            mismatch = compare(expected, call.value, case.tol or ex.tol, ex.returns,
                               values=ex.compare_values)
            problem = _broken_property(ex, case, call.value)
            if problem and mismatch is None:
                mismatch = Mismatch("", [problem[1]])
            elif problem:
                mismatch.lines.append(problem[1])
            for key, line in _contract_breaches(ex, case, call, report):
                if key not in breached:  # each kind of breach once, on its first case
                    breached.add(key)
                    problems.append(line)
        if mismatch is None:
            passed.append((case, expected))
            continue
        wrong_cases += 1
        if call.kind == Kind.RETURNED and (kept := kept + _nbytes(call.value)) < KEPT_BYTES:
            failing.append((case, expected, call.value))
        # Show the first failing case, unless its error is too small to see in the
        # printed digits and a later case shows it plainly.
        if not first_failure or (shown_severity < 1e-4
                                 and mismatch.severity > 100 * shown_severity):
            shown_severity = mismatch.severity
            first_case = case
            head = (f"on {case.label}: {mismatch.path} is wrong" if mismatch.path
                    else f"on {case.label}:")
            first_failure = [head, f"  called   {render_call(ex.name, case.args)}",
                             *(f"  {line}" for line in mismatch.lines)]
    if first_failure:
        known = (_misconception(ex, failing, passed) if ex.compare_values else None
                 ) or first_case.why
        if known:
            if any(word in known.lower() for word in ("overflow", "underflow")):
                # the specific diagnosis replaces the generic one
                first_failure = [x for x in first_failure if x.strip() not in STABILITY_NOTES]
            first_failure.append(known)
        if len(cases) > 1:
            first_failure.append(f"{wrong_cases} of {len(cases)} cases gave a wrong answer.")
        problems = first_failure + problems

    rng = case_rng(seed, ex.name, "invariances")
    for invariance in ex.invariances:
        found = _check_invariance(ex, runner, invariance, answered, rng, timeout)
        if isinstance(found, Result):
            return found
        if found:
            problems.append(found)

    for case in ex.errors(case_rng(seed, ex.name, "errors")) if ex.errors else ():
        call = runner.call(ex.name, case.args, timeout=timeout, want_inputs=False)
        fatal = _fatal(ex, call, case, timeout)
        if fatal:
            return fatal
        if call.kind == Kind.RAISED and call.error.get("value_error"):
            continue
        got = _describe_raise(call) if call.kind == Kind.RAISED else f"returned {short(call.value)}"
        problems.append(f"should raise ValueError for {case.label}; it {got}")

    problems += report.problems

    if ex.scale and not problems:
        problems += _check_scale(ex, runner, reference,
                                 ex.scale(case_rng(seed, ex.name, "scale")))

    if problems and printed.strip():
        problems.append(f"(it printed: {short(printed.strip(), 100)})")
    return Result(ex, "failed" if problems else "passed", problems, case=first_case,
                  printed=printed)


def _contract_breaches(ex: Exercise, case: Case, call: Call,
                       report: FunctionReport | None = None) -> list[tuple[str, str]]:
    """(kind, explanation) of what a returned call did that the contract forbids,
    whatever its value."""
    lines = []
    static = " ".join(report.problems) if report else ""
    for name in call.forbidden_used:
        if name in ex.forbidden and f"`{name}`" not in static:
            lines.append((f"forbidden {name}", f"called `{name}` while it ran on "
                          f"{case.label}, which this exercise forbids"))
    changed = _mutated(case.args, call.inputs)
    if changed:
        lines.append(("in place", f"changed its input `{changed}` in place on {case.label}: "
                      "work on a copy, or build a new array"))
    if ex.copies and call.aliases:
        where, arg = call.aliases[0]
        lines.append(("aliases", f"returned its input `{arg}` itself (or a view of it) as "
                      f"{where} on {case.label}: return a new array (x.copy()), so changing "
                      "the result cannot change the caller's input"))
    for limit in ex.call_limits:
        count, allowed = call.calls.get(limit.arg), limit.limit(case.args)
        if count is not None and count > allowed:
            lines.append((f"calls of {limit.arg}", f"called `{limit.arg}` {count} times on "
                          f"{case.label}, more than the {allowed} allowed: {limit.message}"))
    return lines


def _check_invariance(ex: Exercise, runner: Runner, invariance: Invariance,
                      answered: list[tuple[Case, Any]], rng: np.random.Generator,
                      timeout: float) -> Result | str | None:
    """Call again on perturbed inputs; the part that must not move, moved? Say what leaked."""
    for case, got in answered:
        changed = invariance.perturb(copy.deepcopy(case.args), rng)
        if changed is None:
            continue
        call = runner.call(ex.name, changed, timeout=timeout, want_inputs=False)
        fatal = _fatal(ex, call, case, timeout)
        if fatal:
            return fatal
        if call.kind != Kind.RETURNED:
            continue  # a raise on valid inputs is reported by the value cases' peers
        try:
            before, after = invariance.part(case.args, got), invariance.part(case.args,
                                                                             call.value)
        except Exception:  # an answer of the wrong shape or type: compare() says so
            continue
        if compare(before, after, invariance.tol) is not None:
            return f"{invariance.feedback} (on {case.label})"
    return None


def _check_scale(ex: Exercise, runner: Runner, reference: Callable, case: Case) -> list[str]:
    """Time the learner against the reference on one large input."""
    reference_seconds = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        expected = _quietly(reference, case.args)
        reference_seconds = min(reference_seconds, time.perf_counter() - started)
        if reference_seconds > 0.05:
            break
    allowed = ex.scale_ratio * reference_seconds + SCALE_SLACK
    call = runner.call(ex.name, case.args, timeout=allowed, want_inputs=False)
    if call.kind == Kind.TIMEOUT or (call.kind == Kind.RETURNED and call.seconds > allowed):
        return [f"too slow on {case.label}: it took more than {allowed:.2f} s where the "
                f"reference takes {reference_seconds:.3f} s. Vectorise the inner loops "
                "with NumPy (whole-array operations instead of Python loops)."]
    fatal = _fatal(ex, call, case, allowed)
    if fatal:
        return fatal.feedback
    if call.kind == Kind.RAISED:
        return [f"on {case.label}: {_describe_raise(call)}"]
    mismatch = compare(expected, call.value, case.tol or ex.tol, ex.returns,
                       values=ex.compare_values)
    if mismatch:
        return [f"on {case.label}: {mismatch.path} is wrong", *(f"  {x}" for x in mismatch.lines)]
    breaches = [line for _, line in _contract_breaches(ex, case, call)]
    if breaches or not ex.memory:
        return breaches
    # Tracing slows Python-level code, so memory is measured on a call of its own.
    call = runner.call(ex.name, case.args, timeout=4 * allowed + CALL_TIMEOUT,
                       want_inputs=False, trace_memory=True)
    megabytes = (call.peak_bytes or 0) / 2**20
    if call.kind == Kind.RETURNED and megabytes > ex.memory.megabytes:
        return [f"used {megabytes:.0f} MB of memory at its peak on {case.label}, more than "
                f"the {ex.memory.megabytes:g} MB allowed: {ex.memory.message}"]
    return []


class InProcessRunner:
    """Calls trusted functions directly (the project's own variants), with the same
    observation and wire round trip as the worker, so results are judged identically."""

    def __init__(self, functions: dict[str, Callable]) -> None:
        self.functions = functions

    def call(self, function: str, args: dict[str, Any], *, timeout: float,
             want_inputs: bool = True, trace_memory: bool = False,
             forbidden: tuple[str, ...] = ()) -> Call:
        started = time.perf_counter()
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                payload = observe(self.functions[function], args, want_inputs=want_inputs,
                                  trace_memory=trace_memory)
        except Exception as error:
            return Call(Kind.RAISED, error={
                "type": type(error).__name__, "message": str(error)[:400], "where": "",
                "value_error": isinstance(error, ValueError),
                "not_implemented": isinstance(error, NotImplementedError)})
        seconds = time.perf_counter() - started
        _, payload = wire.roundtrip({}, payload)
        return returned_call(payload, seconds)


def grade_function(ex: Exercise, fn: Callable, *, seed: int = 0) -> Result:
    """Grade a trusted function object in this process, static checks included (for a
    module-level function; a nested one, as in the engine's own tests, has none)."""
    report = FunctionReport()
    if "<locals>" not in fn.__qualname__:
        source = inspect.getsource(inspect.getmodule(fn))
        reference_source = inspect.getsource(inspect.getmodule(catalog.reference(ex)))
        report = analyse(source, reference_source, {fn.__name__: ex.forbidden},
                         aliases={fn.__name__: ex.name}, strict=False)[fn.__name__]
    return grade(ex, InProcessRunner({ex.name: fn}), report, seed=seed)
