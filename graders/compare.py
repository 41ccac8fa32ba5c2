"""Comparing a learner's answer with the expected one, and saying how they differ."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from graders.spec import Tol
from graders.wire import Opaque

REAL_SCALARS = (int, float, np.integer, np.floating)


@dataclass
class Mismatch:
    """Where an answer differs (``path``: "new_m", "[2]") and how, in a few lines.

    ``severity`` is the largest relative difference (inf for a wrong type, shape or a
    non-finite value), so feedback can show the failing case where the error is plainest.
    """

    path: str
    lines: list[str]
    severity: float = float("inf")


# How to abbreviate an array, from fullest to shortest: whole numbers only, fewer
# entries first, then fewer digits.
_LEVELS = ((6, 3, 6), (0, 2, 6), (0, 1, 6), (0, 1, 3))


def _array_text(value: np.ndarray, level: tuple[int, int, int]) -> str:
    threshold, edge, precision = level
    body = np.array2string(value, threshold=threshold, edgeitems=edge, precision=precision,
                           separator=", ", max_line_width=10_000, floatmode="maxprec")
    body = " ".join(body.replace("[ ", "[").split())
    return f"{body} shape {value.shape}" if value.ndim > 1 or "..." in body else body


def short_pair(a: np.ndarray, b: np.ndarray, width: int = 70) -> tuple[str, str]:
    """Two arrays abbreviated the same way, so their entries line up."""
    for level in _LEVELS:
        texts = _array_text(a, level), _array_text(b, level)
        if max(map(len, texts)) <= width + 20:
            break
    return texts


def short(value: Any, width: int = 70) -> str:
    """A one-line, abbreviated rendering of a value for feedback."""
    if isinstance(value, np.ndarray):
        for level in _LEVELS:
            text = _array_text(value, level)
            if len(text) <= width + 20:  # the shape suffix does not count
                break
        return text
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.10g}"
    if isinstance(value, tuple):
        return "(" + ", ".join(short(v, width // 2) for v in value) + ")"
    if isinstance(value, list):
        inner = ", ".join(short(v, width // 2) for v in value[:3])
        return f"[{inner}{', ...' if len(value) > 3 else ''}] (length {len(value)})"
    text = repr(value)
    return text if len(text) <= width else text[: width - 3] + "..."


def describe_type(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"an ndarray of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, Opaque):
        return value.description
    if isinstance(value, np.generic):
        return f"a NumPy {value.dtype} scalar"
    return f"a {type(value).__name__}"


def _tol_for(tol: Tol | dict[str, Tol], name: str) -> Tol:
    if isinstance(tol, Tol):
        return tol
    return tol.get(name, Tol())


def compare(expected: Any, got: Any, tol: Tol | dict[str, Tol],
            names: tuple[str, ...] = (), path: str = "the result", *,
            values: bool = True) -> Mismatch | None:
    """None when ``got`` matches ``expected`` in type, shape and value, else a Mismatch.

    With ``values=False`` only the structure is compared: types, tuple and list
    lengths, and each array's number of dimensions and kind of dtype.
    """
    if isinstance(expected, tuple):
        if not isinstance(got, tuple) or len(got) != len(expected):
            parts = ", ".join(names) if len(names) == len(expected) else f"{len(expected)} values"
            return Mismatch(path, [f"should be a tuple ({parts}); got {describe_type(got)}"
                                   + (f" of length {len(got)}" if isinstance(got, (tuple, list))
                                      else "")])
        for i, (e, g) in enumerate(zip(expected, got, strict=True)):
            name = names[i] if len(names) == len(expected) else f"{path}[{i}]"
            found = compare(e, g, tol, (), name, values=values)
            if found:
                return found
        return None
    if isinstance(expected, list):
        if not isinstance(got, list) or len(got) != len(expected):
            length = f" of length {len(got)}" if isinstance(got, (tuple, list)) else ""
            return Mismatch(path, [f"should be a list of length {len(expected)}; "
                                   f"got {describe_type(got)}{length}"])
        for i, (e, g) in enumerate(zip(expected, got, strict=True)):
            found = compare(e, g, tol, (), f"{path}[{i}]", values=values)
            if found:
                return found
        return None
    tol = _tol_for(tol, path)
    if isinstance(expected, np.ndarray):
        return _compare_arrays(expected, got, tol, path, values=values)
    if isinstance(expected, (bool, np.bool_)):
        if not isinstance(got, (bool, np.bool_)) or bool(got) != bool(expected):
            return Mismatch(path, [f"expected {expected!r}, got {short(got)}"])
        return None
    if isinstance(expected, (int, np.integer)):
        if not isinstance(got, (int, np.integer)) or isinstance(got, (bool, np.bool_)):
            return Mismatch(path, [f"should be an int; got {describe_type(got)} ({short(got)})"])
        if values and int(got) != int(expected):
            return Mismatch(path, [f"expected {int(expected)}, got {int(got)}"])
        return None
    if isinstance(expected, (float, np.floating)):
        if isinstance(got, np.ndarray) and got.shape == ():
            return Mismatch(path, ["should be a scalar, not a 0-d array: return float(...)"])
        if not isinstance(got, REAL_SCALARS) or isinstance(got, (bool, np.bool_)):
            return Mismatch(path, [f"should be a float; got {describe_type(got)} ({short(got)})"])
        if not values:
            return None
        return _compare_arrays(np.asarray(float(expected)), np.asarray(float(got)), tol, path)
    if type(expected) is not type(got) or (values and expected != got):
        return Mismatch(path, [f"expected {short(expected)}, got {short(got)}"])
    return None


def _compare_arrays(expected: np.ndarray, got: Any, tol: Tol, path: str, *,
                    values: bool = True) -> Mismatch | None:
    if not isinstance(got, np.ndarray):
        return Mismatch(path, [f"should be an ndarray of shape {expected.shape}; "
                               f"got {describe_type(got)}"])
    if not values and got.ndim != expected.ndim:
        return Mismatch(path, [f"should be {expected.ndim}-D; got shape {got.shape}"])
    if values and got.shape != expected.shape:
        return Mismatch(path, [f"has shape {got.shape}, expected shape {expected.shape}"])
    exact = expected.dtype.kind in "biu"
    if exact and got.dtype.kind not in "biu":
        return Mismatch(path, [f"should hold integers; got dtype {got.dtype}"])
    if got.dtype.kind not in "biuf":
        return Mismatch(path, [f"should hold real numbers; got dtype {got.dtype}"])
    if not values:
        return None
    e = expected.astype(np.float64, copy=False)
    g = got.astype(np.float64, copy=False)
    with np.errstate(invalid="ignore", over="ignore"):
        if exact:
            ok = e == g
        else:
            ok = np.asarray(np.abs(g - e) <= tol.atol + tol.rtol * np.abs(e))
            infinite = np.isinf(e)
            if infinite.any():  # an infinity is matched only by the same infinity
                ok[infinite] = g[infinite] == e[infinite]
            if not ok.all():
                ok |= np.isnan(e) & np.isnan(g)
    if ok.all():
        return None
    with np.errstate(invalid="ignore", divide="ignore"):
        relative = np.abs(g - e)[~ok] / np.maximum(np.abs(e[~ok]), tol.atol)
    severity = float(np.nanmax(relative)) if not np.isnan(relative).all() else float("inf")
    lines = _explain(e, g, ok, None if exact else tol)
    if got.dtype != expected.dtype and not exact:
        lines.append(f"it has dtype {got.dtype}; expected {expected.dtype}")
    return Mismatch(path, lines, severity)


def _explain(e: np.ndarray, g: np.ndarray, ok: np.ndarray, tol: Tol | None) -> list[str]:
    """Expected against got, the largest difference and the tolerance it broke."""
    allowed = f"; allowed: {tol.rtol:g} relative + {tol.atol:g} absolute" if tol else ""
    if e.ndim == 0:
        note = stability_note(e, g)
        return [f"expected {float(e):.10g}, got {float(g):.10g}"
                f" (difference {abs(float(g) - float(e)):.3g}{allowed})", *([note] if note else [])]
    shown_e, shown_g = short_pair(e, g)
    lines = [f"expected {shown_e}", f"got      {shown_g}"]
    bad = ~ok
    with np.errstate(invalid="ignore"):
        diff = np.where(bad, np.abs(g - e), -1.0)
    diff = np.where(np.isnan(diff), np.inf, diff)
    where = np.unravel_index(int(np.argmax(diff)), e.shape) if e.ndim else ()
    at = f" at index {', '.join(str(int(i)) for i in where)}" if e.ndim else ""
    count = f"; {int(bad.sum())} of {e.size} entries differ" if e.size > 1 else ""
    lines.append(f"largest difference {float(diff[where]):.3g}{at} "
                 f"(expected {e[where]:.10g}, got {g[where]:.10g}){count}{allowed}")
    note = stability_note(e, g)
    if note:
        lines.append(note)
    return lines


OVERFLOW_NOTE = ("got inf or nan where the answer is finite: something overflowed "
                 "(exp of a large number?) or divided 0 by 0")
UNDERFLOW_LOG_NOTE = "got -inf where the answer is finite: something underflowed to 0 before a log"
UNDERFLOW_NOTE = "got 0 where the answer is tiny but not 0: an underflow"
STABILITY_NOTES = (OVERFLOW_NOTE, UNDERFLOW_LOG_NOTE, UNDERFLOW_NOTE)


def stability_note(expected: np.ndarray, got: np.ndarray) -> str | None:
    """A hint when a non-finite or zero answer stands where a finite one is due."""
    finite = np.isfinite(expected)
    if (np.isnan(got) & finite).any() or (np.isposinf(got) & finite).any():
        return OVERFLOW_NOTE
    if (np.isneginf(got) & finite).any():
        return UNDERFLOW_LOG_NOTE
    if ((got == 0) & finite & (expected != 0) & (np.abs(expected) < 1e-300)).any():
        return UNDERFLOW_NOTE
    return None
