"""Hints, one tier at a time: ``python -m graders.hints NAME`` (or ``nox -s hint -- NAME``).

Each call shows the next tier for that exercise, from a nudge towards the approach;
``--again`` shows the tiers seen so far, ``--reset`` starts over.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import textwrap
from pathlib import Path

from graders import catalog

# Beside the repository's files, not in .nox, so `rm -rf .nox` keeps it (git ignores it).
STATE = catalog.ROOT / ".kata" / "hints-seen.json"


def _load(path: Path) -> dict[str, int]:
    try:
        data = json.loads(path.read_text())
        return {k: v for k, v in data.items() if isinstance(v, int)}
    except (OSError, ValueError, AttributeError):
        return {}


def show(name: str, *, again: bool = False, reset: bool = False, state: Path = STATE) -> str:
    """The text to print for ``name``, advancing the tier unless ``again``."""
    try:
        exercise = catalog.exercise(name)
    except KeyError:
        names = [e.name for e in catalog.all_exercises()]
        close = difflib.get_close_matches(name, names, n=1)
        return f"There is no exercise called {name!r}." + (
            f" Did you mean {close[0]}?" if close else "")
    seen = _load(state)
    if reset:
        seen.pop(name, None)
    tiers = exercise.hints
    shown = seen.get(name, 0)
    if not again:
        shown = min(shown + 1, len(tiers))
    seen[name] = shown
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_text(json.dumps(seen, indent=1))
    if shown == 0:
        return f"Hints for {name} start over: run again for the first."
    lines = []
    for tier in range(1, shown + 1) if again else [shown]:
        lines.append(f"Hint {tier} of {len(tiers)} for {name}:")
        lines += textwrap.wrap(tiers[tier - 1], 78, initial_indent="  ",
                               subsequent_indent="  ")
    if shown < len(tiers):
        lines.append(f"\nStill stuck? Run the same command again for hint {shown + 1}.")
    else:
        lines.append(f"\nThat was the last hint. The docstring in exercises/{exercise.topic}.py "
                     "has the math; write it out by hand, then in NumPy.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nox -s hint --", description=__doc__.splitlines()[0])
    parser.add_argument("name", nargs="?", help="the exercise, e.g. adam_step")
    parser.add_argument("--again", action="store_true", help="repeat the hints seen so far")
    parser.add_argument("--reset", action="store_true", help="start this exercise's hints over")
    args = parser.parse_args(argv)
    if not args.name:
        parser.print_usage()
        print("Name an exercise, for example: nox -s hint -- "
              + catalog.all_exercises()[0].name)
        return 2
    print(show(args.name, again=args.again, reset=args.reset))
    return 0


if __name__ == "__main__":
    sys.exit(main())
