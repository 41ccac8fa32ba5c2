"""What the learner has done, remembered between runs: ``python -m graders.progress``.

Every grading run of ``exercises/`` records, per exercise, the attempts, the first pass
and the cold drills (time, result, confidence) in ``.kata/progress.json``; hints seen
stay in ``.kata/hints-seen.json``. Git ignores ``.kata/`` and CI never reads or writes it.

The view shows a bar and a readiness figure per topic, the readiness over all topics
weighted by the study guide's interview weights, how well the learner's confidence
predicts their drill results (calibration), and what to do next: the weakest topic for
its weight. ``--json`` prints the same data for tools.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from graders import catalog

# KATA_STATE_DIR moves the learner's state elsewhere (the project's tests use it).
STATE_DIR = Path(os.environ.get("KATA_STATE_DIR") or catalog.ROOT / ".kata")
STATE = STATE_DIR / "progress.json"
HINTS = STATE_DIR / "hints-seen.json"
EXERCISES_DIR = catalog.ROOT / "exercises"
VERSION = 1

# How much a topic counts towards overall readiness, from the guide's interview weights.
WEIGHTS = {"Critical": 3.0, "High": 2.0, "Medium-High": 1.5}
# Days until a passed exercise (or a recall question) is due again, by Leitner box:
# a success moves it one box up, a failure back to box 1.
BOX_DAYS = (1, 2, 4, 8, 16, 32)
# Readiness credit of one exercise: passed with the file open, then passed cold.
PASSED_CREDIT, COLD_CREDIT = 0.5, 1.0
OUTCOMES = ("passed", "failed", "not_attempted", "error", "timeout")
SELF_GRADES = ("again", "hard", "good")
CONFIDENCE_BUCKETS = ((0, 49), (50, 69), (70, 89), (90, 100))


class Parser(argparse.ArgumentParser):
    """argparse, with a mistake on the command line said in one line (no usage dump)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


class StateError(ValueError):
    """The state file does not hold what this module writes (corrupt or hand-edited)."""


def now_utc() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def parse_time(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"time without a time zone: {text!r}")
    return moment


def fresh() -> dict[str, Any]:
    return {"version": VERSION, "exercises": {}, "recall": {}, "drill": None}


def new_entry() -> dict[str, Any]:
    return {"attempts": 0, "first_pass": None, "last_outcome": None, "last_graded": None,
            "box": 0, "due": None, "drills": []}


# ---------------------------------------------------------------- reading and writing


def _check(condition: bool, what: str) -> None:
    if not condition:
        raise StateError(what)


def _check_time(value: Any, what: str, optional: bool = False) -> None:
    if value is None and optional:
        return
    _check(isinstance(value, str), f"{what} is not a time")
    try:
        parse_time(value)
    except ValueError as error:
        raise StateError(f"{what} is not a time ({error})") from None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def validate(data: Any) -> None:
    """Raise StateError unless ``data`` has exactly the shape this module writes."""
    _check(isinstance(data, dict), "the file does not hold a JSON object")
    _check(data.get("version") == VERSION, f"version is not {VERSION}")
    _check(set(data) == {"version", "exercises", "recall", "drill"}, "unexpected keys")
    _check(isinstance(data["exercises"], dict), "exercises is not an object")
    for name, entry in data["exercises"].items():
        where = f"exercises.{name}"
        _check(isinstance(entry, dict) and set(entry) == set(new_entry()),
               f"{where} does not have the expected fields")
        _check(_is_int(entry["attempts"]) and entry["attempts"] >= 0, f"{where}.attempts")
        _check(entry["last_outcome"] in (None, *OUTCOMES), f"{where}.last_outcome")
        _check(_is_int(entry["box"]) and 0 <= entry["box"] <= len(BOX_DAYS), f"{where}.box")
        for key in ("first_pass", "last_graded", "due"):
            _check_time(entry[key], f"{where}.{key}", optional=True)
        _check(isinstance(entry["drills"], list), f"{where}.drills is not a list")
        for drill in entry["drills"]:
            _check(isinstance(drill, dict) and set(drill) == {"at", "seconds", "passed",
                                                              "confidence"},
                   f"{where}.drills has an entry without the expected fields")
            _check_time(drill["at"], f"{where}.drills.at")
            _check(isinstance(drill["seconds"], (int, float)) and drill["seconds"] >= 0
                   and not isinstance(drill["seconds"], bool), f"{where}.drills.seconds")
            _check(isinstance(drill["passed"], bool), f"{where}.drills.passed")
            _check(_is_int(drill["confidence"]) and 0 <= drill["confidence"] <= 100,
                   f"{where}.drills.confidence")
    _check(isinstance(data["recall"], dict), "recall is not an object")
    for key, card in data["recall"].items():
        where = f"recall.{key}"
        _check(isinstance(card, dict) and set(card) == {"box", "due", "reviews"},
               f"{where} does not have the expected fields")
        _check(_is_int(card["box"]) and 1 <= card["box"] <= len(BOX_DAYS), f"{where}.box")
        _check_time(card["due"], f"{where}.due")
        _check(isinstance(card["reviews"], list) and all(
            isinstance(r, dict) and set(r) == {"at", "grade"} and r["grade"] in SELF_GRADES
            for r in card["reviews"]), f"{where}.reviews")
        for review in card["reviews"]:
            _check_time(review["at"], f"{where}.reviews.at")
    drill = data["drill"]
    if drill is not None:
        _check(isinstance(drill, dict) and set(drill) == {"name", "started", "file"},
               "drill does not have the expected fields")
        _check(isinstance(drill["name"], str) and isinstance(drill["file"], str),
               "drill.name or drill.file is not text")
        _check_time(drill["started"], "drill.started")


def load(path: Path | None = None, *, now: datetime | None = None) -> dict[str, Any]:
    """The state in ``path``, or a fresh one.

    A file that is not what ``save`` writes is kept aside as
    ``progress.json.corrupt-<time>`` (never deleted) and a fresh state started; one line
    on stderr says so.
    """
    path = path or STATE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return fresh()
    except OSError as error:
        raise StateError(f"cannot read {path}: {error.strerror}") from None
    try:
        data = json.loads(text)
        validate(data)
    except (ValueError, RecursionError) as error:  # StateError is a ValueError
        when = (now or now_utc()).strftime("%Y%m%dT%H%M%S")
        aside = path.with_name(f"{path.name}.corrupt-{when}")
        os.replace(path, aside)
        reason = str(error).splitlines()[0][:80] if str(error) else type(error).__name__
        print(f"Your progress file {_shown(path)} could not be read ({reason}); it is kept "
              f"as {aside.name} and a fresh one is started.", file=sys.stderr)
        return fresh()
    return data


def save(state: dict[str, Any], path: Path | None = None) -> None:
    """Write atomically (a temporary file renamed into place)."""
    path = path or STATE
    validate(state)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(state, indent=1) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def hints_seen(path: Path | None = None) -> dict[str, int]:
    try:
        data = json.loads((path or HINTS).read_text())
        return {k: v for k, v in data.items() if isinstance(v, int) and v >= 0}
    except (OSError, ValueError, AttributeError):
        return {}


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# ---------------------------------------------------------------- recording


def should_record(solutions: Path | None) -> bool:
    """Only the learner's own exercises/ are remembered, and never under CI."""
    if os.environ.get("CI"):
        return False
    return solutions is None or solutions.resolve() == EXERCISES_DIR.resolve()


def record(results: list, solutions: Path | None = None, *, path: Path | None = None,
           now: datetime | None = None) -> None:
    """Remember one grading run (``graders.engine.Result`` objects).

    Skipped for other folders than exercises/ and under CI. A failure to write is said
    in one line and never stops grading.
    """
    if not should_record(solutions):
        return
    now = now or now_utc()
    try:
        state = load(path, now=now)
        attempted = [r for r in results if r.outcome != "not_attempted"]
        if not attempted:
            return
        for result in attempted:
            entry = state["exercises"].setdefault(result.exercise.name, new_entry())
            entry["attempts"] += 1
            entry["last_outcome"] = result.outcome
            entry["last_graded"] = stamp(now)
            if result.outcome == "passed" and entry["first_pass"] is None:
                entry["first_pass"] = stamp(now)
                entry["box"] = 1
                entry["due"] = stamp(now + timedelta(days=BOX_DAYS[0]))
        save(state, path)
    except (OSError, StateError) as error:
        print(f"(progress not saved: {error})", file=sys.stderr)


def record_drill(state: dict[str, Any], name: str, *, passed: bool, confidence: int,
                 seconds: float, now: datetime) -> dict[str, Any]:
    """Add one cold drill and move the exercise between Leitner boxes."""
    entry = state["exercises"].setdefault(name, new_entry())
    entry["drills"].append({"at": stamp(now), "seconds": round(seconds, 1), "passed": passed,
                            "confidence": confidence})
    entry["box"] = min(entry["box"] + 1, len(BOX_DAYS)) if passed else 1
    entry["due"] = stamp(now + timedelta(days=BOX_DAYS[entry["box"] - 1]))
    if passed and entry["first_pass"] is None:
        entry["first_pass"] = stamp(now)
    return entry


# ---------------------------------------------------------------- what it adds up to


def credit(entry: dict[str, Any] | None) -> float:
    """0 until passed; PASSED_CREDIT once passed; COLD_CREDIT while the latest drill passed."""
    if not entry or entry["first_pass"] is None:
        return 0.0
    if entry["drills"] and entry["drills"][-1]["passed"]:
        return COLD_CREDIT
    return PASSED_CREDIT


def topic_rows(state: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for topic in catalog.available_topics():
        title, weight = catalog.TOPICS[topic]
        exercises = catalog.exercises(topic)
        entries = [state["exercises"].get(e.name) for e in exercises]
        points = sum(e.points for e in exercises)
        earned = sum(e.points * credit(x) for e, x in zip(exercises, entries, strict=True))
        rows.append({
            "topic": topic, "title": title, "weight": weight,
            "exercises": len(exercises),
            "passed": sum(bool(x and x["first_pass"]) for x in entries),
            "drilled": sum(credit(x) == COLD_CREDIT for x in entries),
            "readiness": round(earned / points, 4),
        })
    return rows


def overall_readiness(rows: list[dict[str, Any]]) -> float:
    total = sum(WEIGHTS[r["weight"]] for r in rows)
    return round(sum(WEIGHTS[r["weight"]] * r["readiness"] for r in rows) / total, 4)


def due_exercises(state: dict[str, Any], now: datetime,
                  names: set[str] | None = None) -> list[str]:
    """Passed exercises due for a drill, most overdue first."""
    order = {e.name: i for i, e in enumerate(catalog.all_exercises())}  # ties: study order
    due = [(parse_time(x["due"]), order[name], name) for name, x in state["exercises"].items()
           if x["first_pass"] and x["due"] and parse_time(x["due"]) <= now
           and (names is None or name in names) and name in order]
    return [name for *_, name in sorted(due)]


def recommendation(state: dict[str, Any], rows: list[dict[str, Any]],
                   now: datetime) -> dict[str, Any] | None:
    """The weakest topic for its weight (largest weight x (1 - readiness)), and in it the
    first exercise not passed yet, or else the first not yet passed cold."""
    gaps = [(WEIGHTS[r["weight"]] * (1 - r["readiness"]), -i, r) for i, r in enumerate(rows)]
    gap, _, row = max(gaps, key=lambda g: g[:2])
    if gap <= 0:
        return None
    topic = row["topic"]
    for e in catalog.exercises(topic):
        entry = state["exercises"].get(e.name)
        if credit(entry) == 0:
            return {"topic": topic, "exercise": e.name, "action": "solve",
                    "command": f"nox -s {topic} -- {e.name}",
                    "why": f"{row['title']} is the weakest topic for its weight "
                           f"({row['weight']}, {row['readiness']:.0%} ready)"}
    for e in catalog.exercises(topic):
        if credit(state["exercises"].get(e.name)) < COLD_CREDIT:
            return {"topic": topic, "exercise": e.name, "action": "drill",
                    "command": f"nox -s drill -- {e.name}",
                    "why": f"{row['title']} is the weakest topic for its weight "
                           f"({row['weight']}, {row['readiness']:.0%} ready): every "
                           "exercise is passed, now write them cold"}
    return None


def calibration(state: dict[str, Any]) -> dict[str, Any]:
    """Confidence against outcome over every drill: buckets, Brier score, a verdict."""
    drills = [d for x in state["exercises"].values() for d in x["drills"]]
    buckets = []
    for low, high in CONFIDENCE_BUCKETS:
        inside = [d for d in drills if low <= d["confidence"] <= high]
        buckets.append({
            "confidence": f"{low}-{high}%", "drills": len(inside),
            "said": round(sum(d["confidence"] for d in inside) / len(inside) / 100, 4)
            if inside else None,
            "passed": round(sum(d["passed"] for d in inside) / len(inside), 4)
            if inside else None,
        })
    if not drills:
        return {"drills": 0, "brier": None, "buckets": buckets,
                "verdict": "No drills yet: `nox -s drill` tests you cold and asks how sure "
                           "you are, so this can tell you whether to trust that feeling."}
    brier = sum((d["confidence"] / 100 - d["passed"]) ** 2 for d in drills) / len(drills)
    said = sum(d["confidence"] for d in drills) / len(drills) / 100
    passed = sum(d["passed"] for d in drills) / len(drills)
    head = f"You say {said:.0%} and pass {passed:.0%}"
    if said - passed > 0.15:
        verdict = f"{head}: drill more before the interview."
    elif passed - said > 0.15:
        verdict = f"{head}: you know more than you think; say your answers with confidence."
    else:
        verdict = f"{head}: your confidence is a fair guide."
    if len(drills) < 5:
        verdict += f" (Only {len(drills)} drill{'s' * (len(drills) > 1)} so far: a rough guide.)"
    return {"drills": len(drills), "brier": round(brier, 4), "buckets": buckets,
            "verdict": verdict}


def due_recall(state: dict[str, Any], now: datetime) -> int:
    from graders import recall  # the questions live in their own module

    return sum(1 for key in recall.all_keys()
               if key not in state["recall"] or parse_time(state["recall"][key]["due"]) <= now)


def summary(state: dict[str, Any], now: datetime | None = None,
            hints: dict[str, int] | None = None) -> dict[str, Any]:
    """Everything the view shows, as plain data (what ``--json`` prints)."""
    now = now or now_utc()
    hints = hints_seen() if hints is None else hints
    rows = topic_rows(state)
    exercises = []
    for e in catalog.all_exercises():
        x = state["exercises"].get(e.name) or new_entry()
        exercises.append({
            "name": e.name, "topic": e.topic, "points": e.points,
            "attempts": x["attempts"], "first_pass": x["first_pass"],
            "last_outcome": x["last_outcome"], "hints_seen": hints.get(e.name, 0),
            "drills": x["drills"], "box": x["box"], "due": x["due"],
            "credit": credit(x),
        })
    return {
        "state_file": _shown(STATE),
        "overall_readiness": overall_readiness(rows),
        "weights": WEIGHTS,
        "topics": rows,
        "exercises": exercises,
        "calibration": calibration(state),
        "recommendation": recommendation(state, rows, now),
        "due": {"drills": due_exercises(state, now), "recall": due_recall(state, now)},
    }


# ---------------------------------------------------------------- the view


def bar(fraction: float, width: int = 20) -> str:
    filled = round(fraction * width)
    return "[" + "#" * filled + "." * (width - filled) + "]"


def render(data: dict[str, Any]) -> str:
    rows = data["topics"]
    width = max(len(r["title"]) for r in rows)
    lines = [f"Progress ({data['state_file']})", "",
             f"  {'topic':<{width}}  {'weight':<11} {'readiness':<27}  passed  cold"]
    for r in rows:
        lines.append(f"  {r['title']:<{width}}  {r['weight']:<11} {bar(r['readiness'])} "
                     f"{r['readiness']:>4.0%}  {r['passed']:>2}/{r['exercises']:<3}  "
                     f"{r['drilled']:>2}")
    lines += ["", f"Readiness over all topics, weighted by interview weight: "
              f"{data['overall_readiness']:.0%}",
              f"  (an exercise counts {PASSED_CREDIT:g} once passed, {COLD_CREDIT:g} while "
              "your latest cold drill of it passed;",
              "  a Critical topic counts 3, High 2, Medium-High 1.5)", ""]
    cal = data["calibration"]
    lines.append(f"Calibration ({cal['drills']} drill{'s' * (cal['drills'] != 1)})")
    if cal["drills"]:
        lines.append("  you said   drills  you passed")
        for b in cal["buckets"]:
            if b["drills"]:
                lines.append(f"  {b['confidence']:<9} {b['drills']:>6}  {b['passed']:>9.0%}")
        lines.append(f"  Brier score {cal['brier']:.3f} (0 is perfect; always saying 50% "
                     "scores 0.250)")
    lines += [*textwrap.wrap(cal["verdict"], 88, initial_indent="  ",
                             subsequent_indent="  "), ""]
    attempted = [x for x in data["exercises"] if x["attempts"] or x["hints_seen"]]
    if attempted:
        name_width = max(len(x["name"]) for x in attempted)
        lines.append(f"  {'exercise':<{name_width + 5}}  attempts  hints  drills passed")
        for x in attempted:
            passed = sum(d["passed"] for d in x["drills"])
            mark = "PASS" if x["first_pass"] else "    "
            lines.append(f"  {mark} {x['name']:<{name_width}}  {x['attempts']:>8}  "
                         f"{x['hints_seen']:>5}  {passed:>6} of {len(x['drills'])}")
        lines.append("")
    rec = data["recommendation"]
    if rec is None:
        lines.append("Every topic is ready. Keep what is due fresh: nox -s drill, nox -s quiz.")
    else:
        verb = "solve" if rec["action"] == "solve" else "drill"
        lines += [f"Next: {verb} {rec['exercise']}", f"  why: {rec['why']}",
                  f"  run: {rec['command']}"]
    due = data["due"]
    if due["drills"]:
        lines.append(f"Due for a cold drill: {', '.join(due['drills'][:5])}"
                     f"{' ...' if len(due['drills']) > 5 else ''}  (nox -s drill)")
    if due["recall"]:
        lines.append(f"Recall questions due: {due['recall']}  (nox -s quiz)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = Parser(prog="nox -s progress --",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the data as JSON")
    args = parser.parse_args(argv)
    try:
        state = load(STATE)
    except StateError as error:
        print(error, file=sys.stderr)
        return 2
    data = summary(state)
    if args.json:
        print(json.dumps(data, indent=1))
    else:
        print(render(data))
    return 0


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError):
        sys.exit(main())
