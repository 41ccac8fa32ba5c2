"""Grade solutions: ``python -m graders [TOPIC ...] [--only NAME ...] [--solutions DIR]``.

Exit status 0 only when every selected exercise passed.
"""

from __future__ import annotations

import argparse
import difflib
import inspect
import os
import sys
import time
from pathlib import Path

from graders import catalog, report
from graders.engine import CALL_TIMEOUT, IMPORT_FAILURE, Result, grade
from graders.sandbox import SubprocessRunner
from graders.spec import Exercise
from graders.static import FunctionReport, analyse


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m graders", description=__doc__.splitlines()[0])
    parser.add_argument("topics", nargs="*", metavar="TOPIC",
                        help="topics to grade (default: all): " + ", ".join(
                            catalog.available_topics()) + "; an exercise name here grades "
                        "just that exercise, as --only does")
    parser.add_argument("--only", nargs="+", default=[], metavar="NAME",
                        help="grade only these exercises")
    parser.add_argument("--solutions", type=Path, default=catalog.ROOT / "exercises",
                        metavar="DIR", help="folder holding <topic>.py (default: exercises)")
    parser.add_argument("--json", type=Path, metavar="FILE",
                        help="also write Gradescope-style results to FILE")
    parser.add_argument("--seed", type=int, default=0, help="seed for the random cases")
    parser.add_argument("--timeout", type=float, default=CALL_TIMEOUT, metavar="SECONDS",
                        help=f"time one call may take (default {CALL_TIMEOUT:g})")
    return parser


def select(topics: list[str], only: list[str]) -> dict[str, list[Exercise]]:
    """The exercises to grade, by topic; SystemExit with a suggestion on unknown names."""
    known = catalog.available_topics()
    names = {e.name: e for e in catalog.all_exercises()}
    for word in topics + only:
        if word not in known and word not in names:
            close = difflib.get_close_matches(word, known + list(names), n=1)
            hint = f" Did you mean {close[0]}?" if close else ""
            raise SystemExit(f"There is no topic or exercise called {word!r}.{hint}")
    only = only + [t for t in topics if t in names]  # an exercise named where a topic goes
    topics = [t for t in topics if t in known]
    if only and not topics:
        topics = list(dict.fromkeys(names[n].topic for n in only))
    chosen = {}
    for topic in topics or known:
        exercises = [e for e in catalog.exercises(topic) if not only or e.name in only]
        if exercises:
            chosen[topic] = exercises
    return chosen


def load_references(topics: list[str]) -> dict[str, str]:
    """Import every reference module needed, and read its source, before any learner code
    runs: a learner's process could rewrite files on disk, never what is already loaded."""
    return {t: inspect.getsource(inspect.getmodule(catalog.reference(catalog.exercises(t)[0])))
            for t in topics}


def static_findings(path: Path, exercises: list[Exercise],
                    reference_source: str) -> dict[str, FunctionReport] | list[str]:
    """Each exercise's static findings, or the lines saying why the module cannot be graded."""
    if not path.is_file():
        return [f"there is no file {path}"]
    try:
        return analyse(path.read_text(encoding="utf-8", errors="replace"), reference_source,
                       {e.name: e.forbidden for e in exercises}, module=str(_display_path(path)))
    except SyntaxError as error:
        return [IMPORT_FAILURE, f"SyntaxError on line {error.lineno}: {error.msg}"]


def grade_topic(topic: str, exercises: list[Exercise], solutions: Path, seed: int,
                timeout: float, reference_source: str) -> list[Result]:
    """Grade one solutions module, each exercise to its own verdict."""
    path = solutions / f"{topic}.py"
    reports = static_findings(path, exercises, reference_source)
    if isinstance(reports, list):
        return [Result(e, "error", reports) for e in exercises]
    runner = SubprocessRunner(path, import_timeout=timeout)
    try:
        return [grade(e, runner, reports.get(e.name, FunctionReport()), seed=seed,
                      timeout=timeout) for e in exercises]
    finally:
        runner.close()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_intermixed_args(argv)
    started = time.perf_counter()
    chosen = select(args.topics, args.only)
    references = load_references(list(chosen))
    colour = report.use_colour()
    results: list[Result] = []
    for topic, exercises in chosen.items():
        topic_results = grade_topic(topic, exercises, args.solutions, args.seed, args.timeout,
                                    references[topic])
        results += topic_results
        module = _display_path(args.solutions / f"{topic}.py")
        print(report.scorecard(topic, catalog.TOPICS[topic][0], topic_results, module, colour))
        print()
    if args.json:
        report.write_json(args.json, report.gradescope(results, time.perf_counter() - started))
    return 0 if all(r.outcome == "passed" for r in results) else 1


def _display_path(path: Path) -> Path:
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `python -m graders | head`: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
