"""The vocabulary of grader tables: one ``Exercise`` per function, built from ``Case``s.

Each topic's grader module (``graders/<topic>.py``) declares ``EXERCISES``, a list of
``Exercise`` in the order a learner should attempt them. That list is the single source
of truth for an exercise's metadata (order, points, difficulty, hints, misconceptions);
the scorecard, the results file, the nox sessions and the README's table derive from it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

CaseFactory = Callable[[np.random.Generator], Iterable["Case"]]


@dataclass(frozen=True)
class Tol:
    """Closeness for floating-point outputs: abs(got - expected) <= atol + rtol * abs(expected)."""

    rtol: float = 1e-7
    atol: float = 1e-10


@dataclass(frozen=True)
class Fn:
    """A callable argument, named so it can cross into the learner's process.

    ``name`` is a key of ``graders.functions.FUNCTIONS``; ``params`` are passed to that
    factory (arrays allowed). Both processes build the same callable from it.
    """

    name: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    """One call of the exercise.

    ``label`` names the input for the learner ("large logits, abs(z) = 1e4").
    ``args`` are keyword arguments, in signature order. ``tol`` overrides the
    exercise's tolerance for this case. ``why`` is the usual reason a solution fails
    this case, shown when no misconception matches (for mistakes that show up as
    rounding error, which value matching cannot recognise).
    """

    label: str
    args: dict[str, Any]
    tol: Tol | dict[str, Tol] | None = None
    why: str = ""


@dataclass(frozen=True)
class Misconception:
    """A known wrong answer and what to tell a learner whose output matches it.

    ``wrong`` has the exercise's signature and computes the wrong variant; it is
    matched on the cases where its output differs from the reference's.
    """

    message: str
    wrong: Callable[..., Any]


@dataclass(frozen=True)
class Property:
    """An extra check on every value case: ``check(args, got)`` returns None when
    the property holds, else a one-line explanation for the learner."""

    name: str
    check: Callable[[dict[str, Any], Any], str | None]


@dataclass(frozen=True)
class Exercise:
    """Everything the kata knows about one exercise.

    name, points, difficulty and hints describe it; ``cases``, ``errors`` and
    ``scale`` generate its inputs from a seeded generator; the rest says how an
    answer is judged.
    """

    name: str
    points: int
    difficulty: str  # "easy", "medium" or "hard"
    hints: tuple[str, ...]
    cases: CaseFactory
    errors: CaseFactory | None = None  # each must raise ValueError
    scale: Callable[[np.random.Generator], Case] | None = None
    tol: Tol | dict[str, Tol] = Tol()
    returns: tuple[str, ...] = ()  # names of a tuple result's parts, for messages
    forbidden: tuple[str, ...] = ()  # "np.linalg.inv", "@" (the operator), ".dot" (any method)
    misconceptions: tuple[Misconception, ...] = ()
    properties: tuple[Property, ...] = ()
    scale_ratio: float = 10.0  # allowed time = scale_ratio * reference time + slack
    topic: str = ""  # filled in by the catalog from the module the exercise is declared in

    def __post_init__(self) -> None:
        if self.difficulty not in ("easy", "medium", "hard"):
            raise ValueError(f"{self.name}: difficulty must be easy, medium or hard")
        if len(self.hints) < 2:
            raise ValueError(f"{self.name}: give at least two hint tiers")
