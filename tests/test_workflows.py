"""The workflows: the learner's fork (.github/workflows/grade.yml) and the instructor's
private gradebook (instructor/gradebook.yml), read with a small parser for the YAML they
use (no YAML package in the test environment), and their inline scripts run here."""

import json
import os
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

LEARNER = ROOT / ".github" / "workflows" / "grade.yml"
INSTRUCTOR = ROOT / "instructor" / "gradebook.yml"


class YamlSubsetError(ValueError):
    pass


def parse_yaml(text: str):
    """Block mappings, block sequences, block scalars (| and >) and plain or quoted
    scalars: what the workflows use. Anything else (tabs, flow collections, bad
    indentation, a duplicate key) raises YamlSubsetError rather than guessing."""
    if "\t" in text:
        raise YamlSubsetError("tabs")
    lines = text.split("\n")
    pos = 0

    def indent(line):
        return len(line) - len(line.lstrip(" "))

    def skip():
        nonlocal pos
        while pos < len(lines) and (not lines[pos].strip()
                                    or lines[pos].lstrip().startswith("#")):
            pos += 1

    def key_value(text_, number):
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+|'[^']*'|\"[^\"]*\"):(?:[ ]+(.*))?", text_)
        if not match:
            raise YamlSubsetError(f"line {number}: not `key: value`: {text_!r}")
        return match[1].strip("'\""), (match[2] or "")

    def strip_comment(value):
        quoted = re.match(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'", value)
        if quoted:
            rest = value[quoted.end():]
            if rest.strip() and not re.match(r"\s+#", rest):
                raise YamlSubsetError(f"text after a quoted value: {value!r}")
            return quoted[0]
        return re.split(r"\s+#", value, maxsplit=1)[0].rstrip()

    def scalar(value, number):
        value = strip_comment(value)
        if value[:1] in "[{&*!%@`":
            raise YamlSubsetError(f"line {number}: outside the subset: {value!r}")
        if value[:1] == "'" and value.endswith("'") and len(value) > 1:
            return value[1:-1].replace("''", "'")
        if value[:1] == '"' and value.endswith('"') and len(value) > 1:
            return json.loads(value)
        if value[:1] in "'\"":
            raise YamlSubsetError(f"line {number}: unterminated quote")
        return {"true": True, "false": False, "": None}.get(value, value)

    def node(level):
        skip()
        if lines[pos].lstrip().startswith("- "):
            return sequence(level)
        return mapping(level)

    def value_after_key(value, level, number):
        nonlocal pos
        value = strip_comment(value)
        if value in ("|", "|-", ">", ">-"):
            return block_scalar(level, value)
        if value:
            return scalar(value, number)
        skip()
        if pos < len(lines):
            below = indent(lines[pos])
            if below > level or (below == level and lines[pos].lstrip().startswith("- ")):
                return node(below)
        return None

    def mapping(level):
        nonlocal pos
        result = {}
        while True:
            skip()
            if pos >= len(lines) or indent(lines[pos]) < level:
                return result
            if indent(lines[pos]) > level:
                raise YamlSubsetError(f"line {pos + 1}: unexpected indentation")
            if lines[pos].lstrip().startswith("- "):
                return result
            number = pos + 1
            key, value = key_value(lines[pos].strip(), number)
            if key in result:
                raise YamlSubsetError(f"line {number}: duplicate key {key!r}")
            pos += 1
            result[key] = value_after_key(value, level, number)

    def sequence(level):
        nonlocal pos
        items = []
        while True:
            skip()
            if pos >= len(lines) or indent(lines[pos]) < level:
                return items
            line = lines[pos]
            if indent(line) > level:
                raise YamlSubsetError(f"line {pos + 1}: unexpected indentation")
            if not line.lstrip().startswith("- "):
                return items
            rest = line.strip()[2:]
            if re.match(r"([A-Za-z0-9_.\-]+|'[^']*'|\"[^\"]*\"):( |$)", rest):
                lines[pos] = " " * (level + 2) + rest  # the item is a mapping
                items.append(mapping(level + 2))
            else:
                pos += 1
                items.append(scalar(rest, pos))

    def block_scalar(level, style):
        nonlocal pos
        body, inner = [], None
        while pos < len(lines):
            line = lines[pos]
            if line.strip() and indent(line) <= level:
                break
            if line.strip():
                inner = indent(line) if inner is None else inner
                if indent(line) < inner:
                    raise YamlSubsetError(f"line {pos + 1}: block scalar dedented")
                body.append(line[inner:])
            else:
                body.append("")
            pos += 1
        while body and not body[-1]:
            body.pop()
        if style.startswith(">"):
            text_ = re.sub(r"(?<!\n)\n(?!\n)", " ", "\n".join(body))
        else:
            text_ = "\n".join(body)
        return text_ if style.endswith("-") else text_ + "\n"

    document = node(0)
    skip()
    if pos < len(lines):
        raise YamlSubsetError(f"line {pos + 1}: not part of the document")
    return document


def test_the_parser_rejects_what_it_does_not_understand():
    assert parse_yaml("a:\n  b: 'x'\n  c:\n    - d: 1\n      e: |\n        x\n        y\n") == {
        "a": {"b": "x", "c": [{"d": "1", "e": "x\ny\n"}]}}
    for bad in ("a: 1\na: 2\n", "a:\n  b: 1\n   c: 2\n", "a: [1, 2]\n", "a:\n\tb: 1\n",
                "a: 'open\n"):
        with pytest.raises(YamlSubsetError):
            parse_yaml(bad)


@pytest.fixture(scope="module")
def learner():
    return parse_yaml(LEARNER.read_text())


@pytest.fixture(scope="module")
def instructor():
    return parse_yaml(INSTRUCTOR.read_text())


def steps(job):
    return {step.get("name") or step.get("uses") or step.get("id"): step
            for step in job["steps"]}


def test_learner_workflow_runs_on_push_and_dispatch_read_only(learner):
    assert set(learner["on"]) == {"push", "workflow_dispatch"}
    full_marks = learner["on"]["workflow_dispatch"]["inputs"]["require-full-marks"]
    assert full_marks["type"] == "boolean"
    assert full_marks["default"] is False
    assert learner["permissions"] == {"contents": "read"}
    (job,) = learner["jobs"].values()
    python = steps(job)["actions/setup-python@v5"]["with"]
    assert python["cache"] == "pip"


def test_learner_workflow_grades_everything_and_uploads_every_format(learner):
    (job,) = learner["jobs"].values()
    by_name = steps(job)
    grading = by_name["Grade every topic"]["run"]
    # `nox -s results` accepts the grader's exit 1 (graded, not full marks) and fails on
    # 2 (usage error) or a crash: the noxfile says so.
    assert grading.startswith("nox -s results -- ")
    noxfile = (ROOT / "noxfile.py").read_text()
    assert re.search(r'def results\(.*\n(.*\n)*?.*run_kata\(session, "graders", "--json", '
                     r'"results.json", \*session.posargs, ok=\(0, 1\)\)', noxfile)
    assert "--junit-xml results.xml" in grading
    assert "--classroom50 result.json" in grading
    upload = by_name["Upload the results"]
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["if"] == "${{ !cancelled() }}"
    assert set(upload["with"]["path"].split()) == {"results.json", "results.xml",
                                                  "result.json"}
    assert by_name["Require full marks"]["if"] == "${{ inputs.require-full-marks }}"


def run_script(script: str, tmp_path, **env) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60, env={**os.environ, **env,
                                                      "PATH": os.path.dirname(sys.executable)
                                                      + os.pathsep + os.environ["PATH"]})


@pytest.mark.parametrize(("score", "status"), [(10, 0), (9, 1)])
def test_full_marks_step_fails_only_below_full_marks(learner, tmp_path, score, status):
    (job,) = learner["jobs"].values()
    script = steps(job)["Require full marks"]["run"]
    (tmp_path / "results.json").write_text(json.dumps({"score": score, "max_score": 10}))
    assert run_script(script, tmp_path).returncode == status


def test_no_script_interpolates_inputs_directly(learner, instructor):
    """Inputs and secrets reach scripts as variables, never pasted into the shell."""
    for workflow in (learner, instructor):
        for job in workflow["jobs"].values():
            for step in job.get("steps", []):
                assert "${{" not in step.get("run", ""), step


def test_instructor_workflow_shards_grades_and_merges(instructor, tmp_path):
    assert set(instructor["on"]) == {"workflow_dispatch", "schedule"}
    assert instructor["permissions"] == {"contents": "read"}
    jobs = instructor["jobs"]
    assert jobs["grade"]["needs"] == "plan"
    assert jobs["grade"]["strategy"]["matrix"]["shard"] == (
        "${{ fromJSON(needs.plan.outputs.shards) }}")
    plan = jobs["plan"]["steps"][0]
    output = tmp_path / "github-output"
    done = run_script(plan["run"], tmp_path, SHARDS="3", GITHUB_OUTPUT=str(output))
    assert done.returncode == 0, done.stderr
    assert output.read_text().strip() == "shards=[1, 2, 3]"
    grading = steps(jobs["grade"])["Clone and grade this shard"]
    assert "python -m graders.gradebook forks --roster roster.csv" in grading["run"]
    assert '--shard "$SHARD/$SHARDS"' in grading["run"]
    assert "--seed" not in grading["run"]  # the seed travels as a variable
    assert grading["env"]["KATA_SEED"] == "${{ secrets.KATA_SEED }}"
    for job in jobs.values():
        for step in job["steps"]:
            if step is not grading:
                assert "secrets." not in json.dumps(step), step
    assert jobs["merge"]["needs"] == "grade"
    merge = steps(jobs["merge"])["Merge the shards"]["run"]
    assert "--merge shards/gradebook-*.csv --csv gradebook.csv" in merge
