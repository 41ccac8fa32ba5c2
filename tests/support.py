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


def splice(source: str, name: str, replacement: str) -> str:
    """``source`` with the top-level ``def name`` replaced by ``replacement`` (a def)."""
    import ast
    import textwrap

    lines = source.splitlines()
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            start = node.lineno - 1 - len(node.decorator_list)
            new = textwrap.dedent(replacement).strip("\n").splitlines()
            return "\n".join(lines[:start] + new + lines[node.end_lineno:]) + "\n"
    raise KeyError(name)
