"""Calling an exercise function and observing the call.

Both the learner's worker process and the in-process runner (the project's own trusted
variants) call functions through ``observe``, so a call is measured the same way
wherever it runs: how often each callable argument was called, the peak memory the call
allocated (tracemalloc, which NumPy reports its arrays to), which returned arrays share
memory with an input, and what the inputs hold afterwards.
"""

from __future__ import annotations

import importlib
import sys
import tracemalloc
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np

from graders import functions
from graders.spec import Fn

# Forbidden functions, watched at run time in the learner's process: static reading alone
# is never complete. A call counts only when made from the learner's own file, so NumPy
# calling np.dot inside an allowed function is not held against anyone.
_forbidden_now: set[str] = set()
_forbidden_seen: list[str] = []


def install_tripwires(names: Iterable[str], learner_file: str) -> None:
    """Replace each forbidden NumPy function (``np.linalg.inv``) by a watcher, wherever
    NumPy's modules hold it, before the learner's module is imported."""
    for name in sorted(set(names)):
        if name == "@" or name.startswith("."):
            continue  # operators and methods cannot be replaced
        dotted = "numpy" + name[2:] if name.startswith("np.") else name
        module_name, _, attr = dotted.rpartition(".")
        try:
            original = getattr(importlib.import_module(module_name), attr)
        except (ImportError, AttributeError):
            continue
        if not callable(original):
            continue

        def watcher(*args: Any, _original: Callable = original, _name: str = name,
                    **kwargs: Any) -> Any:
            if _name in _forbidden_now and sys._getframe(1).f_code.co_filename == learner_file:
                _forbidden_seen.append(_name)
            return _original(*args, **kwargs)

        for module in list(sys.modules.values()):
            if getattr(module, "__name__", "").startswith("numpy") and getattr(
                    module, attr, None) is original:
                setattr(module, attr, watcher)


def _counted(fn: Callable, counts: dict[str, int], name: str) -> Callable:
    def counting(*args: Any, **kwargs: Any) -> Any:
        counts[name] += 1
        return fn(*args, **kwargs)

    return counting


def arrays_in(value: Any, path: str = "") -> Iterator[tuple[str, np.ndarray]]:
    """Every ndarray inside ``value`` (tuples, lists, dicts), with where it sits."""
    if isinstance(value, np.ndarray):
        yield path, value
    elif isinstance(value, (tuple, list)):
        for i, item in enumerate(value):
            yield from arrays_in(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from arrays_in(item, f"{path}[{key!r}]")


def _shares(a: np.ndarray, b: np.ndarray) -> bool:
    if not np.may_share_memory(a, b):
        return False
    try:
        return bool(np.shares_memory(a, b, max_work=10_000))
    except np.exceptions.TooHardError:
        return True


def aliases(value: Any, inputs: dict[str, Any]) -> list[list[str]]:
    """[where in the result, which argument] for each returned array that shares memory
    with an input array."""
    found = []
    for where, out in arrays_in(value, "the result"):
        for name, arg in inputs.items():
            if any(_shares(out, a) for _, a in arrays_in(arg, name)):
                found.append([where, name])
                break
    return found


def observe(fn: Callable, args: dict[str, Any], *, want_inputs: bool = True,
            trace_memory: bool = False, forbidden: Iterable[str] = (),
            copy_values: bool = True) -> dict[str, Any]:
    """Call ``fn(**args)`` with every ``Fn`` built and counted; the payload to send back.

    Exceptions from ``fn`` propagate to the caller.
    """
    _forbidden_now.clear()
    _forbidden_now.update(forbidden)
    _forbidden_seen.clear()
    call_args = functions.materialise(args, copy_values=copy_values)
    counts = {k: 0 for k, v in args.items() if isinstance(v, Fn)}
    for name in counts:
        call_args[name] = _counted(call_args[name], counts, name)
    if trace_memory:
        tracemalloc.start()
    try:
        value = fn(**call_args)
        peak = tracemalloc.get_traced_memory()[1] if trace_memory else None
    finally:
        if trace_memory:
            tracemalloc.stop()
    inputs = {k: call_args[k] for k, v in args.items() if not isinstance(v, Fn)}
    payload: dict[str, Any] = {"value": value, "calls": counts,
                               "aliases": aliases(value, inputs),
                               "forbidden_used": sorted(set(_forbidden_seen))}
    if peak is not None:
        payload["peak_bytes"] = peak
    if want_inputs:
        payload["inputs"] = inputs
    return payload
