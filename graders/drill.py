"""Cold drills: write an exercise you have passed again, from memory, against the clock.

``python -m graders.drill [TOPIC|NAME]`` (``nox -s drill``) picks a passed exercise that
is due (Leitner boxes: a pass moves it to a box reviewed less often, a failure back to
the first), writes a fresh stub of that one function to ``drills/<name>.py`` and starts
the clock. ``--check`` asks how sure you are, grades the drill file with the same engine,
records time, result and confidence, and shows your code beside the reference.

Nothing else is written: a drill file of an earlier drill of the same exercise is moved
to ``.kata/drill-history/`` before a fresh one takes its place.
"""

from __future__ import annotations

import ast
import contextlib
import difflib
import functools
import inspect
import shutil
import sys
import textwrap
from datetime import datetime
from itertools import zip_longest
from pathlib import Path

from graders import catalog, progress, report, sandbox
from graders.__main__ import load_references, static_findings
from graders.engine import Result, grade
from graders.sandbox import SubprocessRunner
from graders.spec import Exercise
from graders.static import FunctionReport
from tools.stubgen import render_stub

DRILLS = catalog.ROOT / "drills"  # git ignores it; nothing else is ever written there


class DrillError(Exception):
    """A request the drill cannot carry out, said in one line (exit status 2)."""


@functools.cache
def _stubs(topic: str) -> str:
    return render_stub(topic, (catalog.ROOT / "reference" / f"{topic}.py").read_text())


def drill_source(e: Exercise, started: datetime) -> str:
    """The drill file: a short header, the imports the stub needs, and the stub."""
    stubs = _stubs(e.topic)
    tree = ast.parse(stubs)
    (node,) = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == e.name]
    used = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} | {"np"}
    imports = [ast.get_source_segment(stubs, n) for n in tree.body
               if isinstance(n, (ast.Import, ast.ImportFrom))
               and {(a.asname or a.name).split(".")[0] for a in n.names} & used]
    stub = ast.get_source_segment(stubs, node)
    header = (f'"""Cold drill: {e.name} ({e.topic}), started {started:%Y-%m-%d %H:%M} UTC.\n\n'
              f"Write it from memory: no notes, no exercises/{e.topic}.py, no hints. Then:\n\n"
              "    nox -s drill -- --check\n"
              '"""')
    return "\n".join([header, "", *imports, "", "", stub]) + "\n"


def choose(state: dict, target: str | None, now: datetime) -> tuple[Exercise, str]:
    """The exercise to drill and a note on why it was chosen."""
    topics = catalog.available_topics()
    names = [e.name for e in catalog.all_exercises()]
    if target and target not in topics and target not in names:
        close = difflib.get_close_matches(target, topics + names, n=1)
        raise DrillError(f"There is no topic or exercise called {target!r}."
                         + (f" Did you mean {close[0]}?" if close else ""))
    passed = {n for n, x in state["exercises"].items() if x["first_pass"] and n in names}
    if target in names:
        e = catalog.exercise(target)
        if target not in passed:
            raise DrillError(f"You have not passed {target} yet: a drill is for what you have "
                             f"solved once. Solve it first: nox -s {e.topic} -- {target}")
        return e, "as asked"
    scope = {e.name for e in catalog.exercises(target)} if target else set(names)
    candidates = passed & scope
    if not candidates:
        where = f" in {target}" if target else ""
        raise DrillError(f"You have not passed any exercise{where} yet: a drill is for what "
                         f"you have solved once. Start with nox -s {target or 'grade'}.")
    due = progress.due_exercises(state, now, candidates)
    if due:
        return catalog.exercise(due[0]), "due for review"
    order = {name: i for i, name in enumerate(names)}  # ties go in study order
    soonest = min(candidates, key=lambda n: (state["exercises"][n]["due"] or "", order[n]))
    when = state["exercises"][soonest]["due"]
    return catalog.exercise(soonest), (f"nothing is due yet, so the next one due (at "
                                       f"{when[:16].replace('T', ' ')} UTC), early")


def start(target: str | None, *, now: datetime, state_path: Path | None = None,
          drills: Path = DRILLS) -> str:
    state = progress.load(state_path, now=now)
    if state["drill"]:
        open_name = state["drill"]["name"]
        raise DrillError(f"A drill of {open_name} is open ({state['drill']['file']}): check it "
                         "with `nox -s drill -- --check`, or drop it with `--drop`.")
    e, why = choose(state, target, now)
    path = drills / f"{e.name}.py"
    fresh = drill_source(e, now)
    if path.exists() and path.read_text() != fresh:  # an earlier drill: kept, not overwritten
        history = (state_path or progress.STATE).parent / "drill-history"
        history.mkdir(parents=True, exist_ok=True)
        shutil.move(path, history / f"{e.name}-{now:%Y%m%dT%H%M%S}.py")
    drills.mkdir(parents=True, exist_ok=True)
    path.write_text(fresh)
    shown = _shown(path)
    state["drill"] = {"name": e.name, "started": progress.stamp(now), "file": str(shown)}
    progress.save(state, state_path)
    return "\n".join([
        f"Cold drill: {e.name} ({catalog.TOPICS[e.topic][0]}, {e.points} point"
        f"{'s' * (e.points > 1)})",
        f"  chosen: {why}",
        f"Write it from memory in {shown}: no notes, no exercises/{e.topic}.py, no hints.",
        f"The clock started at {now:%H:%M:%S} UTC. When you are done:",
        "    nox -s drill -- --check"])


def grade_drill(e: Exercise, path: Path, seed: int) -> Result:
    """Grade the drill file with the same engine as exercises/."""
    references = load_references([e.topic])
    findings = static_findings(path, [e], references[e.topic])
    if isinstance(findings, list):
        return Result(e, "error", findings)
    sandbox.protect_grader()
    runner = SubprocessRunner(path)
    try:
        return grade(e, runner, findings.get(e.name, FunctionReport()), seed=seed)
    finally:
        runner.close()
        sandbox.kill_descendants()


def ask_confidence() -> int:
    while True:
        try:
            answer = ask("How sure are you that it passes, 0-100%? ").strip().rstrip("%")
        except EOFError:
            raise DrillError("Say how sure you are: --confidence 0-100") from None
        if answer.isdigit() and 0 <= int(answer) <= 100:
            return int(answer)
        print("A whole number from 0 to 100, please.")


def check(confidence: int | None, *, now: datetime, state_path: Path | None = None,
          width: int | None = None) -> tuple[bool, str]:
    """Grade the open drill; (passed, what to print)."""
    state = progress.load(state_path, now=now)
    drill = state["drill"]
    if not drill:
        raise DrillError("No drill is open: start one with `nox -s drill`.")
    try:
        e = catalog.exercise(drill["name"])
    except KeyError:
        state["drill"] = None
        progress.save(state, state_path)
        raise DrillError(f"The open drill names {drill['name']!r}, which is not an exercise; "
                         "it is closed. Start another with `nox -s drill`.") from None
    path = _resolve(drill["file"])
    if not path.is_file():
        raise DrillError(f"The drill file {drill['file']} is gone: start again with "
                         f"`nox -s drill -- --drop` then `nox -s drill -- {e.name}`.")
    if confidence is None:
        confidence = ask_confidence()
    if not 0 <= confidence <= 100:
        raise DrillError(f"--confidence must be from 0 to 100, got {confidence}")
    seconds = max(0.0, (now - progress.parse_time(drill["started"])).total_seconds())
    entry = state["exercises"].get(e.name) or progress.new_entry()
    result = grade_drill(e, path, seed=len(entry["drills"]) + 1)
    card = report.scorecard(e.topic, f"Cold drill of {e.name}", [result], Path(drill["file"]))
    if result.outcome == "not_attempted":
        return False, (f"{card}\n\nThe drill file still holds the stub: write {e.name} in "
                       f"{drill['file']}, then check again (the clock is still running).")
    passed = result.outcome == "passed"
    entry = progress.record_drill(state, e.name, passed=passed, confidence=confidence,
                                  seconds=seconds, now=now)
    state["drill"] = None
    progress.save(state, state_path)
    minutes, secs = divmod(round(seconds), 60)
    due = progress.parse_time(entry["due"])
    verdict = "Passed cold" if passed else "Not yet"
    lines = [card, "",
             f"{verdict}, in {minutes} min {secs:02d} s, at {confidence}% confidence. "
             f"Next review in {(due - now).days} day{'s' * ((due - now).days != 1)} "
             f"(box {entry['box']} of {len(progress.BOX_DAYS)}).", "",
             side_by_side(_function_code(path, e.name), _reference_code(e), width)]
    return passed, "\n".join(lines)


def drop(*, now: datetime, state_path: Path | None = None) -> str:
    state = progress.load(state_path, now=now)
    if not state["drill"]:
        raise DrillError("No drill is open: start one with `nox -s drill`.")
    name, file = state["drill"]["name"], state["drill"]["file"]
    state["drill"] = None
    progress.save(state, state_path)
    return f"Dropped the drill of {name} (nothing recorded; {file} is left as it is)."


# ---------------------------------------------------------------- code beside code


def _strip_docstring(source: str) -> str:
    """A def without its docstring (the reference's docstring is the learner's brief)."""
    tree = ast.parse(textwrap.dedent(source))
    node = tree.body[0]
    lines = textwrap.dedent(source).splitlines()
    if ast.get_docstring(node) is not None:
        doc = node.body[0]
        del lines[doc.lineno - 1:doc.end_lineno]
    return "\n".join(lines)


def _function_code(path: Path, name: str) -> str:
    text = path.read_text(errors="replace")
    try:
        tree = ast.parse(text)
    except SyntaxError as error:
        return f"(does not parse: line {error.lineno}: {error.msg})"
    defs = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name]
    if not defs:
        return f"(no function {name})"
    return _strip_docstring(ast.get_source_segment(text, defs[-1]))  # the one Python keeps


def _reference_code(e: Exercise) -> str:
    return _strip_docstring(inspect.getsource(catalog.reference(e)))


def side_by_side(mine: str, theirs: str, width: int | None = None) -> str:
    """Two columns, "yours" and "reference"; one after the other if the screen is narrow."""
    width = width or shutil.get_terminal_size((120, 24)).columns
    column = (width - 3) // 2
    if column < 40:
        return "\n".join(["Yours:", mine, "", "Reference:", theirs])

    def cut(text: str) -> list[str]:
        out = []
        for line in text.expandtabs(4).splitlines() or [""]:
            indent = " " * (len(line) - len(line.lstrip()) + 4)  # continuation lines
            out += textwrap.wrap(line, column, subsequent_indent=indent,
                                 break_on_hyphens=False) or [""]
        return out

    rows = [f"{'Yours':<{column}} | Reference", f"{'-' * column}-+-{'-' * column}"]
    rows += [f"{a:<{column}} | {b}".rstrip()
             for a, b in zip_longest(cut(mine), cut(theirs), fillvalue="")]
    return "\n".join(rows)


def _shown(path: Path) -> Path:
    try:
        return path.resolve().relative_to(catalog.ROOT)
    except ValueError:
        return path


def _resolve(file: str) -> Path:
    path = Path(file)
    return path if path.is_absolute() else catalog.ROOT / path



def ask(prompt: str) -> str:
    """input(), with the prompt on stdout: without readline, input() writes it to stderr."""
    print(prompt, end="", flush=True)
    return input()

def main(argv: list[str] | None = None) -> int:
    parser = progress.Parser(prog="nox -s drill --", description=__doc__.splitlines()[0])
    parser.add_argument("target", nargs="?", metavar="TOPIC|NAME",
                        help="drill from this topic, or this exercise (default: any due)")
    parser.add_argument("--pick", metavar="NAME", help="drill this exercise (same as NAME)")
    parser.add_argument("--check", action="store_true", help="grade the open drill")
    parser.add_argument("--confidence", type=int, metavar="0-100",
                        help="how sure you are that it passes (asked if not given)")
    parser.add_argument("--drop", action="store_true",
                        help="close the open drill without recording it")
    args = parser.parse_args(argv)
    now = progress.now_utc()
    try:
        if args.check:
            passed, text = check(args.confidence, now=now)
            print(text)
            return 0 if passed else 1
        if args.drop:
            print(drop(now=now))
            return 0
        if args.pick and args.target:
            raise DrillError("Name one exercise: --pick NAME, or NAME alone.")
        print(start(args.pick or args.target, now=now))
        return 0
    except (DrillError, progress.StateError) as error:
        print(error, file=sys.stderr)
        return 2


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError):
        sys.exit(main())
