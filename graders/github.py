"""The scorecard where GitHub Actions shows it: the job summary and annotations on the code.

The grader calls ``publish`` only when ``GITHUB_STEP_SUMMARY`` or ``GITHUB_ACTIONS`` is
set, so a learner's own runs never import this module.

- ``GITHUB_STEP_SUMMARY`` names a file; a Markdown scorecard is appended to it (a table
  per topic: status, points, the first line of feedback).
- ``GITHUB_ACTIONS=true``: an ``::error file=...,line=...::`` workflow command per failing
  exercise, on its ``def`` line, so the feedback shows beside the code.
"""

from __future__ import annotations

import html
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from graders import catalog
from graders.engine import IMPORT_FAILURE, Result
from graders.report import LABELS

ICONS = {"passed": "✅", "failed": "❌", "not_attempted": "⬜", "error": "💥",
         "timeout": "⏱️"}
ANNOTATED = ("failed", "error", "timeout")  # not attempted is not a mistake to point at
MESSAGE_LIMIT = 4000  # characters of feedback in one annotation
CELL_LIMIT = 200  # characters of feedback in one table cell


def publish(results: list[Result], files: Mapping[str, Path],
            environ: Mapping[str, str] | None = None) -> None:
    """Append the job summary and print the annotations, as ``environ`` asks.

    ``files`` maps each topic graded to the learner's file (any path; it is shown
    relative to ``GITHUB_WORKSPACE``).
    """
    environ = os.environ if environ is None else environ
    paths = {t: workspace_path(p, environ.get("GITHUB_WORKSPACE")) for t, p in files.items()}
    summary = environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        try:
            with open(summary, "a", encoding="utf-8") as out:
                out.write(job_summary(results) + "\n")
        except OSError as error:
            print(f"Could not write the job summary ({error}).", file=sys.stderr)
    if environ.get("GITHUB_ACTIONS") == "true":
        for line in annotations(results, paths):
            print(line)


def workspace_path(path: Path, workspace: str | None) -> str:
    """``path`` relative to the repository checkout, as annotations need it."""
    resolved = Path(path).resolve()
    for base in (workspace, os.getcwd()):
        if base:
            try:
                return resolved.relative_to(Path(base).resolve()).as_posix()
            except ValueError:
                continue
    return Path(path).as_posix()


def job_summary(results: list[Result]) -> str:
    """The scorecard in Markdown: a heading and a table per topic, and the total."""
    score = sum(r.score for r in results)
    total = sum(r.exercise.points for r in results)
    lines = [f"## Kata scorecard: {score} of {total} points", ""]
    for topic in dict.fromkeys(r.exercise.topic for r in results):
        mine = [r for r in results if r.exercise.topic == topic]
        title = catalog.TOPICS.get(topic, (topic,))[0]
        lines += [f"### {title}: {sum(r.score for r in mine)} of "
                  f"{sum(r.exercise.points for r in mine)} points", "",
                  "| Status | Exercise | Points | Feedback |", "|---|---|---:|---|"]
        for r in mine:
            status = f"{ICONS[r.outcome]} {LABELS[r.outcome]}"
            lines.append(f"| {status} | `{r.exercise.name}` | {r.score}/{r.exercise.points} | "
                         f"{_cell(_first_line(r))} |")
        lines.append("")
    return "\n".join(lines)


def _first_line(r: Result) -> str:
    if r.outcome == "passed":
        return ""
    if r.outcome == "not_attempted":
        return "not attempted"
    if r.feedback[:1] == [IMPORT_FAILURE] and len(r.feedback) > 1:
        return f"{IMPORT_FAILURE} {r.feedback[1].strip()}"
    return r.feedback[0].strip() if r.feedback else r.outcome


def _cell(text: str) -> str:
    """Text that stays inside one Markdown table cell and renders as itself."""
    text = " ".join(text.split())
    if len(text) > CELL_LIMIT:
        text = text[:CELL_LIMIT - 1] + "…"
    return html.escape(text, quote=False).replace("|", "\\|").replace("`", "\\`")


def annotations(results: list[Result], paths: Mapping[str, str]) -> list[str]:
    """An ``::error`` workflow command per failing exercise, on its ``def`` line.

    A module that does not import gets one annotation for the whole file, not one per
    exercise (GitHub shows only the first ten errors of a step).
    """
    lines = []
    for topic in dict.fromkeys(r.exercise.topic for r in results):
        mine = [r for r in results if r.exercise.topic == topic]
        path = paths[topic]
        first = mine[0].feedback
        if first[:1] == [IMPORT_FAILURE] and all(r.feedback == first for r in mine):
            lines.append(_command(path, None, f"{path} does not import", first))
            continue
        for r in mine:
            if r.outcome in ANNOTATED:
                title = f"{r.exercise.name}: {LABELS[r.outcome]} (0/{r.exercise.points})"
                lines.append(_command(path, r.line, title, r.feedback or [r.outcome]))
    return lines


def _command(path: str, line: int | None, title: str, feedback: list[str]) -> str:
    where = f"file={_property(path)}" + (f",line={line}" if line else "")
    message = "\n".join(feedback)
    if len(message) > MESSAGE_LIMIT:
        message = message[:MESSAGE_LIMIT] + "\n..."
    return f"::error {where},title={_property(title)}::{_data(message)}"


def _data(text: str) -> str:
    """Escaped as a workflow command's message: one line, whatever the feedback holds."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
