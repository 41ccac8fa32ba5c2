"""What a learner reads (the scorecard and what to do next), and safe writing of result files
(their formats are in ``graders.platforms``)."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
import textwrap
from pathlib import Path

from graders.engine import IMPORT_FAILURE, OUTCOMES, Result

LABELS = {"passed": "PASS", "failed": "FAIL", "not_attempted": "TODO", "error": "ERROR",
          "timeout": "TIMEOUT"}
COLOURS = {"passed": "32", "failed": "31", "not_attempted": "2", "error": "31", "timeout": "33"}
assert set(LABELS) == set(COLOURS) == set(OUTCOMES)


def _colour(outcome: str, text: str, enabled: bool) -> str:
    return f"\033[{COLOURS[outcome]}m{text}\033[0m" if enabled else text


def use_colour(stream=sys.stdout) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def scorecard(topic: str, title: str, results: list[Result], module: Path,
              colour: bool = False, verbose: bool = False) -> str:
    """The learner's view of one topic: a row per exercise, feedback under the failures."""
    score = sum(r.score for r in results)
    total = sum(r.exercise.points for r in results)
    lines = [f"{title} ({topic}): {score} of {total} points", ""]
    shared = _shared_import_failure(results)
    width = max(len(r.exercise.name) for r in results)
    for r in results:
        label = _colour(r.outcome, f"{LABELS[r.outcome]:<7}", colour)
        points = f"{r.score}/{r.exercise.points}"
        note = "  not attempted" if r.outcome == "not_attempted" else ""
        lines.append(f"  {label} {r.exercise.name:<{width}}  {points:>5}{note}")
        if r.outcome in ("failed", "error", "timeout") and not shared:
            lines += [wrapped for line in r.feedback for wrapped in _wrap(line, "          ")]
            if verbose and r.printed.strip():
                lines += ["          it printed:",
                          *(f"          | {x}" for x in r.printed.rstrip().splitlines())]
            lines.append("")
    if shared:
        lines += ["", f"{module} {IMPORT_FAILURE}", *(f"  {x}" for x in shared[1:])]
    return "\n".join(lines)


def next_step(results: list[Result], modules: dict[str, Path], grade_command: str) -> str:
    """The closing lines: the grand total over every topic graded, and what to do next.

    ``grade_command`` grades one exercise of the folder that was graded, with ``{name}``
    where the exercise goes ("nox -s optimization -- {name}").
    """
    score = sum(r.score for r in results)
    total = sum(r.exercise.points for r in results)
    topics = {r.exercise.topic for r in results}
    lines = [f"Total: {score} of {total} points"] if len(topics) > 1 else []
    nxt = next((r for r in results if r.outcome != "passed"), None)
    if nxt is None:
        return "\n".join([*lines, "All passed. Well done!"])
    module = modules[nxt.exercise.topic]
    where = f"{module}:{nxt.line}" if nxt.line else str(module)
    command = grade_command.format(name=nxt.exercise.name, topic=nxt.exercise.topic)
    return "\n".join([*lines, f"Next: {nxt.exercise.name} ({where})",
                      f"  grade just it:  {command}",
                      f"  get a hint:     nox -s hint -- {nxt.exercise.name}"])


DATA_LINES = ("called ", "expected ", "got ", "largest difference")


def _wrap(line: str, indent: str, width: int = 100) -> list[str]:
    """Prose wrapped to ``width``; data lines (called, expected, got) kept whole."""
    inner = indent + " " * (len(line) - len(line.lstrip()))
    if line.lstrip().startswith(DATA_LINES) or len(indent + line) <= width:
        return [indent + line]
    return textwrap.wrap(line.strip(), width, initial_indent=inner,
                         subsequent_indent=inner + "  ", break_on_hyphens=False)


def _shared_import_failure(results: list[Result]) -> list[str] | None:
    first = results[0].feedback
    if first[:1] == [IMPORT_FAILURE] and all(r.feedback == first for r in results):
        return first
    return None


def write_json(path: Path, data: dict) -> None:
    """Write ``data`` as JSON, atomically (see ``write_text``)."""
    write_text(path, json.dumps(data, indent=2) + "\n")


def write_text(path: Path, text: str) -> None:
    """Write atomically: a temporary file beside ``path``, renamed into place, so a reader
    sees the old file or the whole new one, and a named pipe or symlink planted at
    ``path`` is replaced, never written through."""
    # mkstemp: a fresh, unpredictable name, created exclusively, so nothing planted in
    # advance (a named pipe, a symlink) can be opened in its place.
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                         dir=path.parent)
    except PermissionError:
        # A folder of our own made read-only (by learner code, without the jail): it is
        # ours to open again.
        folder = path.parent
        if folder.stat().st_uid != os.getuid():
            raise
        folder.chmod(folder.stat().st_mode | 0o700)
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                         dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
