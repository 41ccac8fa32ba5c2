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

    @property
    def feedback(self) -> str:
        """The message as a learner reads it: a sentence."""
        return self.message[:1].upper() + self.message[1:]


@dataclass(frozen=True)
class Property:
    """An extra check on every value case: ``check(args, got)`` returns None when
    the property holds, else a one-line explanation for the learner."""

    name: str
    check: Callable[[dict[str, Any], Any], str | None]


@dataclass(frozen=True)
class Invariance:
    """Something the answer must not depend on, checked by behaviour, not by value.

    On every value case, the learner's function is called again on
    ``perturb(args, rng)`` (a changed copy of the arguments; None skips the case), and
    ``part(args, got)`` must come out the same for both answers within ``tol`` (``args``
    are always the case's original arguments). When it moves, the learner reads
    ``message``, which says what leaked into what ("the test set's statistics reached
    the training output: changing X_test alone changed train_scaled").
    """

    message: str
    perturb: Callable[[dict[str, Any], np.random.Generator], dict[str, Any] | None]
    part: Callable[[dict[str, Any], Any], Any]
    tol: Tol = Tol(rtol=1e-12, atol=1e-12)

    @property
    def feedback(self) -> str:
        return self.message[:1].upper() + self.message[1:]


@dataclass(frozen=True)
class CallLimit:
    """At most ``limit(args)`` calls of the callable argument ``arg`` per call of the
    exercise, checked on every value case and the scale case. ``message`` says how to
    stay within it ("evaluate f once per coalition, on a batch of background rows")."""

    arg: str
    limit: Callable[[dict[str, Any]], int]
    message: str


@dataclass(frozen=True)
class MemoryLimit:
    """At most ``megabytes`` of peak extra memory (what the call allocates, as
    tracemalloc sees it; NumPy reports its arrays there) on the scale case.
    ``message`` names the likely cause ("built the whole n x m similarity matrix")."""

    megabytes: float
    message: str


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
    invariances: tuple[Invariance, ...] = ()
    call_limits: tuple[CallLimit, ...] = ()
    memory: MemoryLimit | None = None  # checked on the scale case
    # False: the answer is judged by its type and shape, properties, invariances, errors
    # and scale only, never by equality with the reference (when the contract allows
    # many correct answers, as group_kfold's fold assignment).
    compare_values: bool = True
    copies: bool = False  # the contract promises new arrays: returning a view of an input fails
    scale_ratio: float = 10.0  # allowed time = scale_ratio * reference time + slack
    topic: str = ""  # filled in by the catalog from the module the exercise is declared in

    def __post_init__(self) -> None:
        if self.difficulty not in ("easy", "medium", "hard"):
            raise ValueError(f"{self.name}: difficulty must be easy, medium or hard")
        if len(self.hints) < 2:
            raise ValueError(f"{self.name}: give at least two hint tiers")
