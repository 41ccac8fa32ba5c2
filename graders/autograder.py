"""Gradescope's side of the bundle: grade one submission into ``results/results.json``.

``run_autograder`` (built by ``tools/gradescope.py``) starts this module with the
autograder's root: ``/autograder``, or ``$AUTOGRADER_ROOT`` when set (tests lay out
Gradescope's folders in a temporary one). Per Gradescope's specification
(https://gradescope-autograders.readthedocs.io/en/latest/specs/) the root holds
``source/`` (the bundle), ``submission/`` (the learner's files) and ``results/``.

The submitted ``<topic>.py`` files (at the top of the submission, or in its
``exercises/``, as a GitHub submission has them) are read as text into a private folder
and graded there by ``python -m graders``, with the bundle's own graders and references.
Nothing else of the submission is run. A topic the assignment grades but the submission
lacks scores 0, and says so.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from graders import catalog, report, sandbox
from graders.gradebook import read_regular_file, run_grader

CONFIG = catalog.ROOT / "kata.json"  # written by tools/gradescope.py
REFUSED = ("The autograder refused to run: the grader's jail is not available in this "
           "container (Linux user namespaces are not allowed), so submitted code would run "
           "as the grader itself. The instructor can rebuild the bundle with "
           "`nox -s gradescope -- --no-isolation` to grade without it.")


def load_config() -> dict:
    config = json.loads(CONFIG.read_text()) if CONFIG.is_file() else {}
    return {"topics": config.get("topics") or catalog.available_topics(),
            "hidden": bool(config.get("hidden")), "markdown": bool(config.get("markdown")),
            "seed": int(config.get("seed", 0)), "timeout": float(config.get("timeout", 10)),
            "no_isolation": bool(config.get("no_isolation"))}


def find_submission(submission: Path, topic: str) -> tuple[str | None, str | None]:
    """The submitted text of ``<topic>.py`` (top level first, then ``exercises/``)."""
    for folder in (submission, submission / "exercises"):
        if folder.is_symlink():
            continue
        text, problem = read_regular_file(folder / f"{topic}.py")
        if text is not None or problem:
            return text, problem
    return None, None


def grade_submission(root: Path, config: dict) -> dict:
    """Gradescope's results for the submission under ``root``."""
    topics = config["topics"]
    if not sandbox.jail_available() and not config["no_isolation"]:
        return _zero(topics, REFUSED, "the autograder did not run")
    private = Path(tempfile.mkdtemp(prefix="kata-autograder-"))
    try:
        solutions = private / "submission"
        solutions.mkdir()
        found, missing = [], {}
        for topic in topics:
            text, problem = find_submission(root / "submission", topic)
            if text is None:
                missing[topic] = problem or f"{topic}.py was not in your submission"
                continue
            (solutions / f"{topic}.py").write_text(text, encoding="utf-8")
            found.append(topic)
        results = {"score": 0, "max_score": 0, "tests": []}
        if found:
            out = private / "results.json"
            options = [*(["--hidden"] if config["hidden"] else []),
                       *(["--markdown"] if config["markdown"] else [])]
            status, printed = run_grader(solutions, out, found, private, seed=config["seed"],
                                         timeout=config["timeout"], wall_timeout=1800,
                                         options=options)
            print(printed)  # Gradescope keeps it for the instructor (results/stdout)
            if status not in (0, 1) or not out.is_file():
                why = ("took too long" if status is None else
                       f"stopped with status {status}")
                return _zero(topics, f"The grader {why}; the instructor can see its output.",
                             "not graded")
            results = json.loads(out.read_text())
        for topic, why in missing.items():
            for e in catalog.exercises(topic):
                results["tests"].append(_missing_test(e, why, config["hidden"]))
                results["max_score"] += e.points
        names = [f"{e.topic}.{e.name}" for t in topics for e in catalog.exercises(t)]
        results["tests"].sort(key=lambda t: names.index(t["name"]))
        if missing:
            results["output"] = (results.get("output", "") + "\n" + "\n".join(
                missing.values())).strip()
        return results
    finally:
        shutil.rmtree(private, ignore_errors=True)


def _missing_test(e, why: str, hidden: bool) -> dict:
    test = {"name": f"{e.topic}.{e.name}", "score": 0, "max_score": e.points,
            "status": "failed", "output": why, "tags": [e.topic, e.difficulty],
            "extra_data": {"outcome": "missing", "topic": e.topic,
                           "difficulty": e.difficulty}}
    if hidden:
        test["visibility"] = "after_due_date"
    return test


def _zero(topics: list[str], message: str, output: str) -> dict:
    exercises = [e for t in topics for e in catalog.exercises(t)]
    return {"score": 0, "max_score": sum(e.points for e in exercises), "output": message,
            "tests": [{**_missing_test(e, output, False),
                       "extra_data": {"outcome": "error", "topic": e.topic,
                                      "difficulty": e.difficulty}} for e in exercises]}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    root = Path(argv[0] if argv else os.environ.get("AUTOGRADER_ROOT", "/autograder"))
    (root / "results").mkdir(parents=True, exist_ok=True)
    results = grade_submission(root, load_config())
    report.write_json(root / "results" / "results.json", results)
    print(f"Wrote {root / 'results' / 'results.json'}: {results['score']} of "
          f"{results['max_score']} points")
    return 0


if __name__ == "__main__":
    sys.exit(main())
