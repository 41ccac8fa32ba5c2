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

from graders import cases, catalog, report, sandbox
from graders.engine import CALL_TIMEOUT, IMPORT_FAILURE, Result, grade
from graders.sandbox import SubprocessRunner
from graders.spec import Exercise
from graders.static import FunctionReport, analyse

DEFAULT_SOLUTIONS = catalog.ROOT / "exercises"


USAGE_ERROR = 2  # exit status for a command that cannot grade anything


class UsageError(Exception):
    """A command line that cannot be graded: said in one line, exit status 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m graders", description=__doc__.splitlines()[0])
    parser.add_argument("topics", nargs="*", metavar="TOPIC",
                        help="topics to grade (default: all): " + ", ".join(
                            catalog.available_topics()) + "; an exercise name here grades "
                        "just that exercise, as --only does")
    parser.add_argument("--only", nargs="+", default=[], metavar="NAME",
                        help="grade only these exercises (each under its own topic)")
    parser.add_argument("--solutions", type=Path, default=DEFAULT_SOLUTIONS,
                        metavar="DIR", help="folder holding <topic>.py (default: exercises)")
    parser.add_argument("--json", type=Path, metavar="FILE",
                        help="also write Gradescope-style results to FILE")
    parser.add_argument("--seed", type=int, default=0, help="seed for the random cases")
    parser.add_argument("--timeout", type=float, default=CALL_TIMEOUT, metavar="SECONDS",
                        help=f"time one call may take (default {CALL_TIMEOUT:g})")
    parser.add_argument("--save-case", type=Path, metavar="DIR",
                        help="save each failing case's inputs to DIR/<name>.npz, with the "
                        "command that calls your function on them")
    parser.add_argument("--verbose", action="store_true",
                        help="show everything your code printed, not just its start")
    return parser


def select(topics: list[str], only: list[str]) -> dict[str, list[Exercise]]:
    """The exercises to grade, by topic (UsageError with a suggestion on unknown names).

    Named exercises are graded each under its own topic, whatever topic is named beside
    them (``nox -s optimization -- pca`` grades linear_algebra's pca); topics named
    without any exercise are graded whole; nothing named grades everything.
    """
    known = catalog.available_topics()
    names = {e.name: e for e in catalog.all_exercises()}
    for word in topics + only:
        if word not in known and word not in names:
            close = difflib.get_close_matches(word, known + list(names), n=1)
            hint = f" Did you mean {close[0]}?" if close else ""
            raise UsageError(f"There is no topic or exercise called {word!r}.{hint}")
    only = only + [t for t in topics if t in names]  # an exercise named where a topic goes
    if only:
        wanted = set(only)
        chosen = {t: [e for e in catalog.exercises(t) if e.name in wanted] for t in known}
    else:
        chosen = {t: list(catalog.exercises(t)) for t in (topics or known)}
    chosen = {t: exercises for t, exercises in chosen.items() if exercises}
    if not chosen:
        raise UsageError("Nothing to grade: name a topic or an exercise.")
    return chosen


def check_arguments(args: argparse.Namespace) -> None:
    """Refuse, before grading anything, what would make grading fail later."""
    if args.seed < 0:
        raise UsageError(f"--seed must be 0 or more, got {args.seed}")
    if args.timeout <= 0:
        raise UsageError(f"--timeout must be positive, got {args.timeout:g}")
    if not args.solutions.is_dir():
        raise UsageError(f"There is no folder {args.solutions} to grade (--solutions).")
    for option, path in (("--json", args.json), ("--save-case", args.save_case)):
        if path is None:
            continue
        folder = path if option == "--save-case" else path.parent
        if path.is_dir() and option == "--json":
            raise UsageError(f"{option} {path} is a folder; give a file name")
        if folder.exists() and not (folder.is_dir() and os.access(folder, os.W_OK)):
            raise UsageError(f"{option}: cannot write to {folder}")
        if not folder.exists() and option == "--json":
            raise UsageError(f"{option}: there is no folder {folder}")


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
    try:
        chosen = select(args.topics, args.only)
        check_arguments(args)
    except UsageError as error:
        print(error, file=sys.stderr)
        return USAGE_ERROR
    references = load_references(list(chosen))
    sandbox.protect_grader()
    colour = report.use_colour()
    results: list[Result] = []
    modules = {t: _display_path(args.solutions / f"{t}.py") for t in chosen}
    for topic, exercises in chosen.items():
        topic_results = grade_topic(topic, exercises, args.solutions, args.seed, args.timeout,
                                    references[topic])
        results += topic_results
        print(report.scorecard(topic, catalog.TOPICS[topic][0], topic_results,
                               modules[topic], colour, verbose=args.verbose))
        print()
    sandbox.kill_descendants()  # whatever the learner left running, before writing anything
    if not sandbox.jail_available():
        print(sandbox.NO_ISOLATION)
    print(report.next_step(results, modules, _grade_command(args)))
    if args.save_case:
        for line in cases.save_failing(results, args.solutions, args.save_case):
            print(line)
    if args.json:
        report.write_json(args.json, report.gradescope(results, time.perf_counter() - started))
    return 0 if all(r.outcome == "passed" for r in results) else 1


def _grade_command(args: argparse.Namespace) -> str:
    """How to grade one exercise of the folder that was graded."""
    if args.solutions.resolve() == DEFAULT_SOLUTIONS.resolve():
        return "nox -s {topic} -- {name}"
    return f"python -m graders {{name}} --solutions {_display_path(args.solutions)}"


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
