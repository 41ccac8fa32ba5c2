"""The reference solution of an exercise you have passed: ``python -m graders.solution NAME``.

Shows the code in ``reference/<topic>.py`` (with the private helpers it calls) and the
notes of its docstring, ending with why interviewers ask. Before your own version has
passed it refuses, unless given ``--anyway``: reading the answer first spoils the drill.
"""

from __future__ import annotations

import ast
import contextlib
import difflib
import inspect
import sys
import textwrap

from graders import catalog, progress
from graders.spec import Exercise


class SolutionError(Exception):
    """Said in one line (exit status 2)."""


def reference_code(e: Exercise) -> tuple[str, int]:
    """The reference's def without its docstring, then the private helpers it calls; and
    the line where the def starts."""
    path = catalog.ROOT / "reference" / f"{e.topic}.py"
    source = path.read_text()
    tree = ast.parse(source)
    defs = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    wanted = [e.name]  # the def, then every private helper it calls, however deep
    for name in wanted:
        for n in ast.walk(defs[name]):
            if isinstance(n, ast.Name) and n.id.startswith("_") and n.id in defs and \
                    n.id not in wanted:
                wanted.append(n.id)
    parts = [_without_docstring(source, defs[name]) for name in wanted]
    return "\n\n\n".join(parts), defs[e.name].lineno


def _without_docstring(source: str, node: ast.FunctionDef) -> str:
    lines = source.splitlines()[node.lineno - 1 - len(node.decorator_list):node.end_lineno]
    if ast.get_docstring(node) is not None:
        doc = node.body[0]
        del lines[doc.lineno - node.lineno:doc.end_lineno - node.lineno + 1]
    return "\n".join(lines)


def notes(e: Exercise) -> str:
    """The Notes section of the reference's docstring (the edge cases and the why)."""
    doc = inspect.getdoc(catalog.reference(e)) or ""
    if "\nNotes\n-----\n" not in doc:
        return ""
    body = doc.split("\nNotes\n-----\n", 1)[1]
    for section in ("\nExamples\n--------", "\nReferences\n----------", "\nSee Also\n--------"):
        body = body.split(section, 1)[0]
    return "\n\n".join(textwrap.fill(" ".join(p.split()), 88)
                       for p in body.strip().split("\n\n"))


def show(name: str, *, anyway: bool = False, state: dict | None = None) -> str:
    try:
        e = catalog.exercise(name)
    except KeyError:
        names = [x.name for x in catalog.all_exercises()]
        close = difflib.get_close_matches(name, names, n=1)
        raise SolutionError(f"There is no exercise called {name!r}."
                            + (f" Did you mean {close[0]}?" if close else "")) from None
    state = progress.load(progress.STATE) if state is None else state
    entry = state["exercises"].get(name)
    if not (entry and entry["first_pass"]) and not anyway:
        raise SolutionError(
            f"You have not passed {name} yet, so the reference stays closed: grade yours "
            f"with `nox -s {e.topic} -- {name}` (a hint: `nox -s hint -- {name}`), or add "
            "--anyway to read it now.")
    code, line = reference_code(e)
    lines = [f"Reference solution of {name} (reference/{e.topic}.py:{line})", "", code]
    written = notes(e)
    if written:
        lines += ["", "Notes", "-----", written]
    if not (entry and entry["first_pass"]):
        lines += ["", "(Shown before yours passed: close it, write your own, and grade "
                      f"it with `nox -s {e.topic} -- {name}`.)"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = progress.Parser(prog="nox -s solution --",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("name", nargs="?", help="the exercise, e.g. adam_step")
    parser.add_argument("--anyway", action="store_true",
                        help="show it even though your version has not passed yet")
    args = parser.parse_args(argv)
    if not args.name:
        print("Name an exercise: nox -s solution -- adam_step", file=sys.stderr)
        return 2
    try:
        print(show(args.name, anyway=args.anyway))
    except (SolutionError, progress.StateError) as error:
        print(error, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError):
        sys.exit(main())
