"""Markers for the project's own solution variants (tests/mutants, tests/alternatives)."""

from collections.abc import Callable


def mutant(expect: str) -> Callable[[Callable], Callable]:
    """Mark ``<exercise>__<variant>`` as a realistic wrong solution.

    The graders must fail it, and its feedback must contain ``expect``.
    """

    def mark(fn: Callable) -> Callable:
        fn.expect = expect
        return fn

    return mark
