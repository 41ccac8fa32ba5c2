"""The project's own solution variants, collected from tests/mutants and tests/alternatives.

A variant is a function named ``<exercise>__<what>`` in ``tests/mutants/<topic>.py``
(a wrong solution, marked with ``@mutant``) or ``tests/alternatives/<topic>.py`` (a
correct one written differently). Each exercise's misconceptions count as mutants too.
"""

import importlib
import inspect
from collections.abc import Callable

from graders import catalog


def _collect(kind: str) -> list[tuple[str, str, Callable]]:
    found = []
    for topic in catalog.available_topics():
        try:
            module = importlib.import_module(f"tests.{kind}.{topic}")
        except ModuleNotFoundError:
            continue
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if "__" in name and fn.__module__ == module.__name__:
                found.append((name.split("__")[0], name, fn))
    return found


def mutants() -> list[tuple[str, str, Callable, str]]:
    """(exercise, id, wrong function, expected feedback fragment) for every mutant."""
    listed = [(ex, name, fn, fn.expect) for ex, name, fn in _collect("mutants")]
    for e in catalog.all_exercises():
        for i, known in enumerate(e.misconceptions):
            listed.append((e.name, f"{e.name}__misconception_{i}", known.wrong, known.feedback))
    return sorted(listed, key=lambda v: v[1])


def alternatives() -> list[tuple[str, str, Callable]]:
    """(exercise, id, correct function) for every alternative solution."""
    return _collect("alternatives")
