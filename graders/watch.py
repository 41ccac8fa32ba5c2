"""Re-grade on every save: ``python -m graders.watch [TOPIC|NAME]`` (``nox -s watch``).

It polls ``exercises/*.py`` (modification time, then a hash of each function's code) and
re-grades the exercises whose code changed, or else the first one not passed yet. In a
terminal it redraws one screen (the feedback, a progress line, and the keys h for the
next hint tier, n for the next exercise, l for the list, q to quit); without one it
prints each new result as it comes.
"""

from __future__ import annotations

import ast
import contextlib
import difflib
import hashlib
import os
import select
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from graders import catalog, hints, progress, report, sandbox
from graders.__main__ import DEFAULT_SOLUTIONS, grade_topic, load_references
from graders.engine import CALL_TIMEOUT, Result
from graders.spec import Exercise

POLL_SECONDS = 0.05  # how often the files are looked at: well under the 0.5 s target
REHASH_SECONDS = 1.0  # read the files anyway this often: a coarse clock may miss a save
SETTLE_SECONDS = 0.01  # a save still being written (truncated, then filled) must settle
CLEAR = "\033[H\033[2J"
KEYS = "h hint   n next exercise   l list   q quit"


def function_sources(text: str) -> dict[str, str] | None:
    """Each top-level function's code (decorators included); None if it does not parse."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return None
    lines = text.splitlines()
    return {node.name: "\n".join(lines[node.lineno - 1 - len(node.decorator_list):
                                       node.end_lineno])
            for node in tree.body if isinstance(node, ast.FunctionDef)}


def is_stub(source: str | None) -> bool:
    """A def whose body is only a docstring and ``raise NotImplementedError(...)``."""
    if source is None:
        return False
    try:
        (node,) = ast.parse(source.strip()).body
    except (SyntaxError, ValueError):
        return False
    body = node.body[1:] if ast.get_docstring(node) is not None else node.body
    return (len(body) == 1 and isinstance(body[0], ast.Raise) and body[0].exc is not None
            and "NotImplementedError" in ast.unparse(body[0].exc))


@dataclass
class Snapshot:
    """What a solutions file looked like when last read."""

    stat: tuple[int, int] | None = None
    digest: str = ""
    hashed_at: float = 0.0
    functions: dict[str, str] | None = field(default_factory=dict)


class Watcher:
    """The state of one watch session: what was graded, what has the focus."""

    def __init__(self, topics: list[str], solutions: Path, *, seed: int = 0,
                 timeout: float = CALL_TIMEOUT, focus: str | None = None) -> None:
        self.topics = topics
        self.solutions = solutions
        self.seed = seed
        self.timeout = timeout
        self.exercises: list[Exercise] = [e for t in topics for e in catalog.exercises(t)]
        self.references = load_references(topics)  # before any learner code runs
        self.snapshots = {t: Snapshot() for t in topics}
        self.results: dict[str, Result] = {}
        self.status: dict[str, str] = {}  # name -> outcome, also for stubs seen statically
        self.focus = focus or self.exercises[0].name
        self.last: list[Result] = []
        self.note = ""
        self.graded_seconds = 0.0
        for topic in topics:
            self._read(topic)
        if self.solutions.resolve() == DEFAULT_SOLUTIONS.resolve():
            known = progress.load().get("exercises", {})
            for e in self.exercises:  # remembered passes, unless the code is a stub now
                if (known.get(e.name) or {}).get("last_outcome") == "passed" and \
                        not is_stub(self._source(e)):
                    self.status.setdefault(e.name, "passed")

    # ------------------------------------------------------------ files

    def path(self, topic: str) -> Path:
        return self.solutions / f"{topic}.py"

    def _source(self, e: Exercise) -> str | None:
        functions = self.snapshots[e.topic].functions
        return functions.get(e.name) if functions else None

    def _read(self, topic: str) -> set[str] | None:
        """Re-read one file if it changed on disk: the names of the functions whose code
        changed (an empty set when only the rest of the module did), or None if the file
        is as it was."""
        path = self.path(topic)
        try:
            info = path.stat()
            stat = (info.st_mtime_ns, info.st_size)
        except OSError:
            stat = None
        snap = self.snapshots[topic]
        if stat == snap.stat and time.monotonic() - snap.hashed_at < REHASH_SECONDS:
            return None
        snap.stat, snap.hashed_at = stat, time.monotonic()
        try:
            data = path.read_bytes()
        except OSError:
            data = b""
        digest = hashlib.sha256(data).hexdigest()
        if digest == snap.digest:
            return None
        snap.digest = digest
        before = snap.functions or {}
        snap.functions = function_sources(data.decode("utf-8", errors="replace"))
        if snap.functions is None:  # a syntax error: the grader says where
            return set()
        for e in catalog.exercises(topic):
            if is_stub(snap.functions.get(e.name)):
                self.status[e.name] = "not_attempted"
        return {name for name, code in snap.functions.items() if before.get(name) != code}

    def changes(self) -> list[Exercise]:
        """The exercises to re-grade after a save, in study order (empty: nothing saved)."""
        wanted: list[Exercise] = []
        for topic in self.topics:
            changed = self._read(topic)
            if changed is None:
                continue
            for _ in range(10):  # until the file stops changing under us
                time.sleep(SETTLE_SECONDS)
                self.snapshots[topic].hashed_at = 0.0
                more = self._read(topic)
                if more is None:
                    break
                changed |= more
            mine = [e for e in catalog.exercises(topic) if e.name in changed
                    and not is_stub(self._source(e))]
            if not mine:  # the module changed around the functions: the focus, or the
                focused = catalog.exercise(self.focus)  # first unsolved of that file
                mine = [focused] if focused.topic == topic else self._unsolved(topic)[:1]
            wanted += mine
        return wanted

    # ------------------------------------------------------------ grading

    def _unsolved(self, topic: str | None = None) -> list[Exercise]:
        return [e for e in self.exercises if self.status.get(e.name) != "passed"
                and (topic is None or e.topic == topic)]

    def grade(self, exercises: list[Exercise]) -> list[Result]:
        started = time.perf_counter()
        results: list[Result] = []
        for topic in dict.fromkeys(e.topic for e in exercises):
            mine = [e for e in exercises if e.topic == topic]
            results += grade_topic(topic, mine, self.solutions, self.seed, self.timeout,
                                   self.references[topic])
        sandbox.kill_descendants()
        self.graded_seconds = time.perf_counter() - started
        for r in results:
            self.results[r.exercise.name] = r
            self.status[r.exercise.name] = r.outcome
        progress.record(results, solutions=self.solutions)
        self.last = results
        failing = [r for r in results if r.outcome != "passed"]
        if failing:
            self.focus = failing[0].exercise.name
            self.note = ""
        elif results:
            self.focus = results[-1].exercise.name
            self.advance(announce=True)
        return results

    def first_unsolved(self) -> list[Result]:
        """Grade until the focus is on an exercise not passed (stubs are not run)."""
        graded: list[Result] = []
        start = [e.name for e in self.exercises].index(self.focus)
        for e in self.exercises[start:] + self.exercises[:start]:
            if self.status.get(e.name) == "passed":
                continue
            self.focus = e.name
            if self.status.get(e.name) == "not_attempted":
                break
            graded += self.grade([e])
            if self.status[e.name] != "passed":
                break
        else:
            self.note = "Every exercise here passes. Well done!"
        self.last = graded[-1:] if graded else []
        return graded

    def advance(self, announce: bool = False) -> None:
        """Move the focus to the next exercise not passed, after the current one."""
        names = [e.name for e in self.exercises]
        start = names.index(self.focus)
        order = names[start + 1:] + names[:start + 1]
        nxt = next((n for n in order if self.status.get(n) != "passed"), None)
        passed = self.focus if announce else None
        if nxt is None:
            self.note = "Every exercise here passes. Well done!"
            return
        self.focus = nxt
        self.note = (f"{passed} passes. " if passed else "") + f"Next: {nxt}."

    # ------------------------------------------------------------ what is shown

    def progress_line(self) -> str:
        done = sum(self.status.get(e.name) == "passed" for e in self.exercises)
        return f"Progress {progress.bar(done / len(self.exercises))} {done}/" \
               f"{len(self.exercises)} exercises passed"

    def focus_text(self) -> str:
        e = catalog.exercise(self.focus)
        result = self.results.get(e.name)
        module = self._shown(self.path(e.topic))
        if result is None or result.outcome == "not_attempted":
            line = _def_line(self.path(e.topic), e.name)
            where = f"{module}:{line}" if line else str(module)
            return (f"TODO    {e.name}  ({e.points} point{'s' * (e.points > 1)})\n"
                    f"  Write it in {where}; saving the file grades it.")
        return report.scorecard(e.topic, catalog.TOPICS[e.topic][0], [result], module)

    def screen(self, extra: str = "") -> str:
        parts = [f"kata watch: {', '.join(self.topics)}   (Ctrl-C or q to stop)", ""]
        if self.note:
            parts += [self.note, ""]
        parts += [self.focus_text(), ""]
        if extra:
            parts += [extra, ""]
        graded = f"   graded in {self.graded_seconds:.2f} s" if self.last else ""
        parts += [self.progress_line() + graded, KEYS]
        return "\n".join(parts)

    def listing(self) -> str:
        lines = []
        for e in self.exercises:
            outcome = self.status.get(e.name)
            label = report.LABELS.get(outcome, "  ?  ") if outcome else "  ?  "
            mark = ">" if e.name == self.focus else " "
            lines.append(f"{mark} {label:<7} {e.topic}.{e.name}")
        return "\n".join(lines)

    def printed_results(self, results: list[Result]) -> str:
        """The plain, line-by-line view: each new result, then the progress line."""
        blocks = []
        for topic in dict.fromkeys(r.exercise.topic for r in results):
            mine = [r for r in results if r.exercise.topic == topic]
            blocks.append(report.scorecard(topic, catalog.TOPICS[topic][0], mine,
                                           self._shown(self.path(topic))))
        tail = f"{self.progress_line()}   graded in {self.graded_seconds:.2f} s"
        if self.note:
            tail += f"\n{self.note}"
        return "\n\n".join(blocks) + "\n" + tail

    @staticmethod
    def _shown(path: Path) -> Path:
        try:
            return path.resolve().relative_to(Path.cwd())
        except ValueError:
            return path


def _def_line(path: Path, name: str) -> int | None:
    try:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if line.startswith(f"def {name}("):
                return number
    except OSError:
        return None
    return None


# ---------------------------------------------------------------- the loops


def run_plain(watcher: Watcher, saves: int | None, out=sys.stdout) -> int:
    """No terminal: print every result as it comes; stop after ``saves`` re-gradings."""
    graded = watcher.first_unsolved()
    done = 0
    if graded:
        print(watcher.printed_results(graded), flush=True, file=out)
    else:
        print(watcher.focus_text() + "\n" + watcher.progress_line(), flush=True, file=out)
    print(f"Watching {watcher._shown(watcher.solutions)}/ for saves...", flush=True, file=out)
    while saves is None or done < saves:
        time.sleep(POLL_SECONDS)
        changed = watcher.changes()
        if changed:
            print(watcher.printed_results(watcher.grade(changed)), flush=True, file=out)
            done += 1
    return 0


def run_terminal(watcher: Watcher) -> int:
    """A terminal: one screen, redrawn after every grading and every key."""
    import termios
    import tty

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    draw = lambda extra="": print(CLEAR + watcher.screen(extra), end="", flush=True)  # noqa: E731
    try:
        tty.setcbreak(fd)
        watcher.first_unsolved()
        draw()
        while True:
            ready, _, _ = select.select([fd], [], [], POLL_SECONDS)
            if ready:
                key = os.read(fd, 1).decode(errors="replace").lower()
                if key == "q":
                    print()
                    return 0
                if key == "h":
                    draw(hints.show(watcher.focus).replace("Run the same command", "Press h"))
                elif key == "n":
                    watcher.advance()
                    e = catalog.exercise(watcher.focus)
                    if watcher.status.get(e.name) not in ("not_attempted", "passed") and \
                            e.name not in watcher.results:
                        watcher.grade([e])
                    draw()
                elif key == "l":
                    draw(watcher.listing())
                continue
            changed = watcher.changes()
            if changed:
                draw("grading...")
                watcher.grade(changed)
                draw()
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def main(argv: list[str] | None = None) -> int:
    parser = progress.Parser(prog="nox -s watch --", description=__doc__.splitlines()[0])
    parser.add_argument("target", nargs="?", metavar="TOPIC|NAME",
                        help="a topic, or an exercise to start from (default: every topic)")
    parser.add_argument("--solutions", type=Path, default=DEFAULT_SOLUTIONS, metavar="DIR",
                        help="folder holding <topic>.py (default: exercises)")
    parser.add_argument("--seed", type=int, default=0, help="seed for the random cases")
    parser.add_argument("--saves", type=int, metavar="N",
                        help="stop after grading N saves (default: run until stopped)")
    args = parser.parse_args(argv)
    topics, focus = catalog.available_topics(), None
    if args.target:
        names = [e.name for e in catalog.all_exercises()]
        if args.target in topics:
            topics = [args.target]
        elif args.target in names:
            focus = args.target
        else:
            close = difflib.get_close_matches(args.target, topics + names, n=1)
            print(f"There is no topic or exercise called {args.target!r}."
                  + (f" Did you mean {close[0]}?" if close else ""), file=sys.stderr)
            return 2
    if not args.solutions.is_dir():
        print(f"There is no folder {args.solutions} to watch.", file=sys.stderr)
        return 2
    sandbox.protect_grader()
    try:
        watcher = Watcher(topics, args.solutions, seed=args.seed, focus=focus)
    except progress.StateError as error:
        print(error, file=sys.stderr)
        return 2
    try:
        if sys.stdin.isatty() and sys.stdout.isatty() and args.saves is None:
            return run_terminal(watcher)
        return run_plain(watcher, args.saves)
    except KeyboardInterrupt:
        print("\nStopped watching.")
        return 0
    finally:
        sandbox.kill_descendants()


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError):
        sys.exit(main())
