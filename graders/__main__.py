"""Grade solutions: ``python -m graders [TOPIC ...] [--only NAME ...] [--solutions DIR]``.

Exit status 0 only when every selected exercise passed; 1 when graded but not full
marks; 2 when nothing could be graded (a usage error); 3 when the grader itself failed.
"""

from __future__ import annotations

import argparse
import datetime
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
INTERNAL_ERROR = 3  # exit status when the grader itself failed
# An instructor's secret seed can come from the environment, so it is on no command line
# (which any process may read); the learner's worker never sees this variable.
SEED_VARIABLE = "KATA_SEED"
OUTPUT_FILES = ("json", "junit_xml", "classroom50")  # options naming a results file


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
                        help="also write Gradescope's results.json to FILE")
    parser.add_argument("--markdown", action="store_true",
                        help="--json: feedback as Markdown (output_format md)")
    parser.add_argument("--hidden", action="store_true",
                        help="--json: tests visible only after the due date, and each says "
                        "only passed or failed, never a case's inputs")
    parser.add_argument("--junit-xml", type=Path, metavar="FILE",
                        help="also write JUnit XML to FILE (not attempted: skipped; no "
                        "import or a timeout: error)")
    parser.add_argument("--classroom50", type=Path, metavar="FILE",
                        help="also write Classroom50's result.json to FILE")
    parser.add_argument("--seed", type=int, default=None,
                        help=f"seed for the random cases (default: ${SEED_VARIABLE}, else 0)")
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
    # Loading every grader table costs a tenth of a second: only when a name is not a topic.
    names = ({e.name: e for e in catalog.all_exercises()}
             if only or any(word not in known for word in topics) else {})
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
    if args.seed is None:
        given = os.environ.get(SEED_VARIABLE, "").strip()
        if given and not given.isdigit():
            raise UsageError(f"{SEED_VARIABLE} must be a whole number, 0 or more")
        args.seed = int(given) if given else 0
    if args.seed < 0:
        raise UsageError(f"--seed must be 0 or more, got {args.seed}")
    if args.timeout <= 0:
        raise UsageError(f"--timeout must be positive, got {args.timeout:g}")
    if not args.solutions.is_dir():
        raise UsageError(f"There is no folder {args.solutions} to grade (--solutions).")
    files = [("--" + name.replace("_", "-"), getattr(args, name)) for name in OUTPUT_FILES]
    for option, path in [*files, ("--save-case", args.save_case)]:
        if path is None:
            continue
        folder = path if option == "--save-case" else path.parent
        if path.is_dir() and option != "--save-case":
            raise UsageError(f"{option} {path} is a folder; give a file name")
        if folder.exists() and not (folder.is_dir() and os.access(folder, os.W_OK)):
            raise UsageError(f"{option}: cannot write to {folder}")
        if not folder.exists() and option != "--save-case":
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
    from graders import progress  # the learner's history: exercises/ only, never under CI

    progress.record(results, solutions=args.solutions)
    if not sandbox.jail_available():
        print(sandbox.NO_ISOLATION)
    print(report.next_step(results, modules, _grade_command(args)))
    if args.save_case:
        for line in cases.save_failing(results, args.solutions, args.save_case):
            print(line)
    write_results(args, results, time.perf_counter() - started)
    if os.environ.get("GITHUB_STEP_SUMMARY") or os.environ.get("GITHUB_ACTIONS") == "true":
        from graders import github  # imported only under GitHub Actions

        github.publish(results, {t: args.solutions / f"{t}.py" for t in chosen})
    return 0 if all(r.outcome == "passed" for r in results) else 1


def write_results(args: argparse.Namespace, results: list[Result], seconds: float) -> None:
    """Write each results file the command line asked for, all from this one run."""
    if not any(getattr(args, name) for name in OUTPUT_FILES):
        return
    from graders import platforms  # only when asked for: keeps the learner's loop fast

    if args.json:
        report.write_json(args.json, platforms.gradescope(results, seconds,
                                                          markdown=args.markdown,
                                                          hidden=args.hidden))
    if args.junit_xml:
        modules = {r.exercise.topic: _display_path(args.solutions / f"{r.exercise.topic}.py")
                   for r in results}
        report.write_text(args.junit_xml, platforms.junit_xml(results, seconds, modules))
    if args.classroom50:
        report.write_json(args.classroom50,
                          platforms.classroom50(results, _commit_date(args.solutions)))


def _commit_date(folder: Path) -> datetime.datetime | None:
    """When the graded commit was made (Classroom50's submission instant), if known."""
    import subprocess

    try:
        done = subprocess.run(["git", "-C", str(folder), "log", "-1", "--format=%cI",
                               "--no-show-signature"], capture_output=True, text=True,
                              timeout=20)
        return datetime.datetime.fromisoformat(done.stdout.strip())
    except (OSError, ValueError, subprocess.SubprocessError):
        return None


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


def run(argv: list[str] | None = None) -> int:
    """``main``, with the grader's own failures told apart from a learner's score.

    An exception escaping ``main`` is a bug of the grader: it exits with INTERNAL_ERROR,
    not Python's 1, which means "graded, not full marks" (CI passes on 1 and fails on
    this).
    """
    try:
        return main(argv)
    except BrokenPipeError:  # `python -m graders | head`: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception:
        import traceback

        traceback.print_exc()
        print("The grader itself failed (not your code): please report the lines above.",
              file=sys.stderr)
        return INTERNAL_ERROR


if __name__ == "__main__":
    sys.exit(run())
