"""Calling an exercise function and observing the call.

Both the learner's worker process and the in-process runner (the project's own trusted
variants) call functions through ``observe``, so a call is measured the same way
wherever it runs: how often each callable argument was called, the peak memory the call
allocated (tracemalloc, which NumPy reports its arrays to), which returned arrays share
memory with an input, and what the inputs hold afterwards.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from graders import functions
from graders.spec import Fn


def _counted(fn: Callable, counts: dict[str, int], name: str) -> Callable:
    def counting(*args: Any, **kwargs: Any) -> Any:
        counts[name] += 1
        return fn(*args, **kwargs)

    return counting


def _arrays(value: Any, path: str) -> Iterator[tuple[str, np.ndarray]]:
    """Every ndarray inside ``value`` (tuples, lists, dicts), with where it sits."""
    if isinstance(value, np.ndarray):
        yield path, value
    elif isinstance(value, (tuple, list)):
        for i, item in enumerate(value):
            yield from _arrays(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _arrays(item, f"{path}[{key!r}]")


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
    for where, out in _arrays(value, "the result"):
        for name, arg in inputs.items():
            if any(_shares(out, a) for _, a in _arrays(arg, name)):
                found.append([where, name])
                break
    return found


def observe(fn: Callable, args: dict[str, Any], *, want_inputs: bool = True,
            trace_memory: bool = False) -> dict[str, Any]:
    """Call ``fn(**args)`` with every ``Fn`` built and counted; the payload to send back.

    Exceptions from ``fn`` propagate to the caller.
    """
    call_args = functions.materialise(args)
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
                               "aliases": aliases(value, inputs)}
    if peak is not None:
        payload["peak_bytes"] = peak
    if want_inputs:
        payload["inputs"] = inputs
    return payload
