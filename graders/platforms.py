"""One grading run, in the results format of each platform that reads it.

- ``gradescope``: Gradescope's ``results.json`` (https://gradescope-autograders.readthedocs.io
  /en/latest/specs/), with ``tags``, Markdown output and a hidden mode.
- ``classroom50``: Classroom50's ``result.json`` (schema ``classroom50/result/v1``).
- ``junit_xml``: JUnit XML, for CI systems that draw test reports.

Every function takes the engine's ``Result`` list and returns data; writing is the
caller's (``graders.report.write_json``, ``write_text``).
"""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

from graders.engine import IMPORT_FAILURE, Result
from graders.report import DATA_LINES

# What a hidden test says instead of its feedback: the outcome, never the inputs.
HIDDEN_OUTPUT = {"passed": "passed", "failed": "failed",
                 "not_attempted": "not attempted (the stub still raises NotImplementedError)",
                 "error": "error", "timeout": "timed out"}


def gradescope(results: list[Result], seconds: float, *, markdown: bool = False,
               hidden: bool = False) -> dict:
    """Results in Gradescope's format, one test per exercise.

    Parameters
    ----------
    results : list of Result
        The verdicts, in the order they should be listed.
    seconds : float
        How long grading took (``execution_time``).
    markdown : bool
        Feedback as Markdown (``output_format: "md"``): the data lines (called,
        expected, got) in a code block, the explanations as text.
    hidden : bool
        Hidden mode: every test and the total are visible to learners only after the
        due date, each test's output says only its outcome (never a case's inputs),
        and the grader's printed output stays hidden.

    Returns
    -------
    dict
        Ready for ``json.dumps``.
    """
    tests = []
    for r in results:
        test = {
            "name": f"{r.exercise.topic}.{r.exercise.name}",
            "score": r.score,
            "max_score": r.exercise.points,
            "status": "passed" if r.outcome == "passed" else "failed",
            "output": _output(r, markdown, hidden),
            "output_format": "md" if markdown else "text",
            "tags": [r.exercise.topic, r.exercise.difficulty],
            "extra_data": {"outcome": r.outcome, "topic": r.exercise.topic,
                           "difficulty": r.exercise.difficulty, "seconds": round(r.seconds, 4)},
        }
        if hidden:
            test["visibility"] = "after_due_date"
        tests.append(test)
    data = {
        "score": sum(r.score for r in results),
        "max_score": sum(r.exercise.points for r in results),
        "execution_time": round(seconds, 3),
        "output": f"{sum(r.outcome == 'passed' for r in results)} of {len(results)} "
                  "exercises passed",
        "tests": tests,
    }
    if hidden:
        data |= {"visibility": "after_due_date", "stdout_visibility": "hidden"}
    return data


def _output(r: Result, markdown: bool, hidden: bool) -> str:
    if hidden:
        said = HIDDEN_OUTPUT[r.outcome]
        if r.outcome == "error" and r.feedback[:1] == [IMPORT_FAILURE]:
            said += ": " + IMPORT_FAILURE.rstrip(":")
        return said
    if r.outcome == "passed":
        return "passed"
    return _markdown(r.feedback) if markdown else "\n".join(r.feedback)


def _markdown(feedback: list[str]) -> str:
    """Feedback as Markdown: runs of data lines fenced as code, prose kept as paragraphs."""
    blocks: list[tuple[bool, list[str]]] = []
    for line in feedback:
        is_data = line.lstrip().startswith(DATA_LINES) or line.startswith("  ")
        if blocks and blocks[-1][0] == is_data:
            blocks[-1][1].append(line)
        else:
            blocks.append((is_data, [line]))
    parts = []
    for is_data, lines in blocks:
        if is_data:
            # A fence longer than any run of backticks in the text, so nothing closes it.
            longest = max((len(m) for m in re.findall(r"`+", "\n".join(lines))), default=0)
            fence = "`" * max(3, longest + 1)
            parts.append("\n".join([f"{fence}text", *lines, fence]))
        else:
            parts.append("\n\n".join(_escape_markdown(x) for x in lines))
    return "\n\n".join(parts)


def _escape_markdown(text: str) -> str:
    """Prose that renders as the same text: Markdown and HTML punctuation escaped."""
    return re.sub(r"([\\*_\[\]<>#|~])", r"\\\1", text.strip())


CLASSROOM50_SCHEMA = "classroom50/result/v1"
# Classroom50's runner sets these in the student's workflow; elsewhere they are left out.
CLASSROOM50_FIELDS = {"classroom": "CLASSROOM", "assignment": "ASSIGNMENT",
                      "submission": "SUBMISSION_TAG", "commit": "COMMIT_URL",
                      "release": "RELEASE_URL", "review": "REVIEW_URL"}


def classroom50(results: list[Result], submitted: datetime.datetime | None = None,
                environ: dict[str, str] | None = None) -> dict:
    """Results in Classroom50's ``result.json`` format (``classroom50/result/v1``).

    Parameters
    ----------
    results : list of Result
        The verdicts.
    submitted : datetime, optional
        The submission instant (the graded commit's committer date); now when unknown.
    environ : dict, optional
        Where the runner's identity variables are read (default ``os.environ``).

    Returns
    -------
    dict
        One test per exercise: ``test-name``, ``passed``, ``score``, ``max-score``; the
        totals; and the identity fields the runner provides, when it does.
    """
    environ = os.environ if environ is None else environ
    now = datetime.datetime.now(datetime.UTC)
    data: dict = {"schema": CLASSROOM50_SCHEMA}
    data |= {key: environ[var] for key, var in CLASSROOM50_FIELDS.items() if environ.get(var)}
    if "review" not in data and "commit" in data:
        data["review"] = data["commit"]
    data |= {
        "datetime": _utc(submitted or now),
        "graded_at": _utc(now),
        "score": sum(r.score for r in results),
        "max-score": sum(r.exercise.points for r in results),
        "tests": [{"test-name": f"{r.exercise.topic}.{r.exercise.name}",
                   "passed": r.outcome == "passed", "score": r.score,
                   "max-score": r.exercise.points, "outcome": r.outcome} for r in results],
    }
    return data


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# JUnit's three ways not to pass: a not-attempted exercise was skipped; a module that
# does not import or a call that times out is an error of the run, not a wrong answer.
JUNIT_KIND = {"failed": "failure", "not_attempted": "skipped", "error": "error",
              "timeout": "error"}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def junit_xml(results: list[Result], seconds: float,
              modules: dict[str, Path] | None = None) -> str:
    """Results as JUnit XML: a ``testsuite`` per topic, a ``testcase`` per exercise.

    A failed exercise has a ``failure``; a not-attempted one is ``skipped``; an import
    failure or a timeout is an ``error``. Points are ``properties`` of each testcase.
    ``modules`` (topic -> learner's file) adds ``file`` and ``line`` to each testcase.
    """
    import xml.etree.ElementTree as ET  # only when asked for: keeps the learner's loop fast

    modules = modules or {}
    root = ET.Element("testsuites", name="ml-foundations-kata", time=f"{seconds:.3f}")
    suites: dict[str, ET.Element] = {}
    for r in results:
        topic = r.exercise.topic
        if topic not in suites:
            suites[topic] = ET.SubElement(root, "testsuite", name=topic)
        case = ET.SubElement(suites[topic], "testcase", classname=topic, name=r.exercise.name,
                             time=f"{r.seconds:.3f}")
        if topic in modules:
            case.set("file", str(modules[topic]))
            if r.line:
                case.set("line", str(r.line))
        properties = ET.SubElement(case, "properties")
        for name, value in (("points", r.exercise.points), ("score", r.score),
                            ("difficulty", r.exercise.difficulty), ("outcome", r.outcome)):
            ET.SubElement(properties, "property", name=name, value=str(value))
        if r.outcome == "passed":
            continue
        text = _xml_text("\n".join(r.feedback))
        first = text.splitlines()[0] if text else r.outcome.replace("_", " ")
        kind = JUNIT_KIND[r.outcome]
        element = ET.SubElement(case, kind, message=first[:500])
        if kind != "skipped":
            element.set("type", r.outcome)
            element.text = text
    for suite in [root, *suites.values()]:
        cases = list(suite.iter("testcase"))
        for kind in ("failure", "error", "skipped"):
            count = sum(c.find(kind) is not None for c in cases)
            suite.set({"failure": "failures", "error": "errors"}.get(kind, kind), str(count))
        suite.set("tests", str(len(cases)))
    for topic, suite in suites.items():
        suite.set("time", f"{sum(r.seconds for r in results if r.exercise.topic == topic):.3f}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _xml_text(text: str) -> str:
    """Text XML 1.0 can hold: what a learner's code printed may contain anything."""
    return _NOT_XML.sub("\ufffd", text)
