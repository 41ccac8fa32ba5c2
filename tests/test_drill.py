"""`nox -s drill`: cold drills on passed exercises (graders/drill.py), through its
non-interactive flags, in-process and on a learner's checkout."""

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from graders import catalog, drill, progress
from graders.engine import Result
from tests.learner_copy import learner_copy, reference_def, solve
from tests.support import splice

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def place(tmp_path):
    """(state file, drills folder) with mse_grad and adam_step passed a day ago."""
    state = progress.fresh()
    for name in ("mse_grad", "adam_step"):
        entry = state["exercises"].setdefault(name, progress.new_entry())
        entry.update(attempts=2, first_pass=(NOW - timedelta(days=1)).isoformat(),
                     last_outcome="passed", box=1, due=NOW.isoformat())
    state["exercises"]["adam_step"]["due"] = (NOW - timedelta(hours=5)).isoformat()
    path = tmp_path / ".kata" / "progress.json"
    progress.save(state, path)
    return path, tmp_path / "drills"


def write(path, name, body):
    path.write_text(splice(path.read_text(), name, body))


def test_a_drill_takes_the_most_overdue_exercise_and_writes_only_its_own_file(place):
    state_path, drills = place
    message = drill.start(None, now=NOW, state_path=state_path, drills=drills)
    assert message.startswith("Cold drill: adam_step (Optimization, 3 points)\n"
                              "  chosen: due for review\n")
    (written,) = drills.iterdir()
    assert written.name == "adam_step.py"
    source = written.read_text()
    assert 'raise NotImplementedError("optimization.adam_step")' in source
    assert "def mse_grad" not in source
    assert "return params - lr" not in source  # the stub, never the reference's body
    compile(source, "drill", "exec")
    state = json.loads(state_path.read_text())
    assert state["drill"]["name"] == "adam_step"
    with pytest.raises(drill.DrillError, match="A drill of adam_step is open"):
        drill.start("mse_grad", now=NOW, state_path=state_path, drills=drills)


def test_check_grades_records_and_moves_the_leitner_box(place):
    state_path, drills = place
    drill.start("adam_step", now=NOW, state_path=state_path, drills=drills)
    write(drills / "adam_step.py", "adam_step", reference_def("optimization", "adam_step"))
    later = NOW + timedelta(minutes=4, seconds=30)
    passed, text = drill.check(70, now=later, state_path=state_path, width=160)
    assert passed
    assert "PASS    adam_step" in text
    assert "Passed cold, in 4 min 30 s, at 70% confidence. Next review in 2 days (box 2" in text
    assert "Yours" in text
    assert "| Reference" in text
    entry = json.loads(state_path.read_text())["exercises"]["adam_step"]
    assert entry["drills"] == [{"at": later.isoformat(), "seconds": 270.0, "passed": True,
                                "confidence": 70}]
    assert entry["box"] == 2
    assert entry["due"] == (later + timedelta(days=progress.BOX_DAYS[1])).isoformat()
    # Fail the next one: back to box 1, and the earlier drill file is kept aside.
    drill.start("adam_step", now=later + timedelta(days=3), state_path=state_path,
                drills=drills)
    (kept,) = (state_path.parent / "drill-history").iterdir()
    assert "return params - lr * m_hat" in kept.read_text()
    no_bias_correction = reference_def("optimization", "adam_step").replace(
        "/ (1.0 - beta1**t)", "")
    assert no_bias_correction != reference_def("optimization", "adam_step")
    write(drills / "adam_step.py", "adam_step", no_bias_correction)
    passed, text = drill.check(90, now=later + timedelta(days=3, minutes=2),
                               state_path=state_path, width=60)
    assert not passed
    assert "FAIL    adam_step" in text
    assert "Yours:" in text  # narrow screen: one after the other
    entry = json.loads(state_path.read_text())["exercises"]["adam_step"]
    assert [d["passed"] for d in entry["drills"]] == [True, False]
    assert entry["box"] == 1
    assert progress.credit(entry) == progress.PASSED_CREDIT


def test_a_stub_left_as_it_is_records_nothing_and_keeps_the_clock(place):
    state_path, drills = place
    drill.start("mse_grad", now=NOW, state_path=state_path, drills=drills)
    passed, text = drill.check(50, now=NOW, state_path=state_path)
    assert not passed
    assert "still holds the stub" in text
    state = json.loads(state_path.read_text())
    assert state["drill"]["name"] == "mse_grad"
    assert state["exercises"]["mse_grad"]["drills"] == []


def test_what_cannot_be_drilled_is_said_in_one_line(place):
    state_path, drills = place
    with pytest.raises(drill.DrillError, match="No drill is open"):
        drill.check(50, now=NOW, state_path=state_path)
    with pytest.raises(drill.DrillError, match="You have not passed softmax yet"):
        drill.start("softmax", now=NOW, state_path=state_path, drills=drills)
    with pytest.raises(drill.DrillError, match="Did you mean adam_step"):
        drill.start("adam_stpe", now=NOW, state_path=state_path, drills=drills)
    with pytest.raises(drill.DrillError, match="not passed any exercise in probability"):
        drill.start("probability", now=NOW, state_path=state_path, drills=drills)
    # Nothing due in a topic: the soonest is drilled early, and said so.
    assert "nothing is due yet" in drill.start("optimization", now=NOW - timedelta(days=1),
                                          state_path=state_path, drills=drills)


def test_the_command_line_is_scriptable(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)  # CI never records; a learner's run does
    copy = learner_copy(tmp_path / "kata")
    solve(copy, "optimization", "mse_grad")
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "KATA_STATE_DIR")}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", *args], cwd=copy, env=env,
                              capture_output=True, text=True, timeout=120,
                              stdin=subprocess.DEVNULL)

    # mse_grad was passed in an earlier grading run (recorded as the hook records it).
    progress.record([Result(catalog.exercise("mse_grad"), "passed")],
                    path=copy / ".kata" / "progress.json", now=NOW)
    before = (copy / "exercises" / "optimization.py").read_text()
    none_open = run("graders.drill", "--check", "--confidence", "50")
    assert none_open.returncode == 2
    assert none_open.stderr == "No drill is open: start one with `nox -s drill`.\n"
    started = run("graders.drill", "--pick", "mse_grad")
    assert started.returncode == 0, started.stderr
    assert "drills/mse_grad.py" in started.stdout
    no_confidence = run("graders.drill", "--check")  # no terminal to ask on
    assert no_confidence.returncode == 2
    assert no_confidence.stderr == "Say how sure you are: --confidence 0-100\n"
    write(copy / "drills" / "mse_grad.py", "mse_grad", reference_def("optimization", "mse_grad"))
    checked = run("graders.drill", "--check", "--confidence", "80")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Passed cold" in checked.stdout
    assert (copy / "exercises" / "optimization.py").read_text() == before  # untouched
    (recorded,) = json.loads((copy / ".kata" / "progress.json").read_text())["exercises"][
        "mse_grad"]["drills"]
    assert recorded["passed"] is True
    assert recorded["confidence"] == 80
    (copy / ".kata" / "progress.json").write_text('{"version": 1, "exercises": 7}')
    corrupt = run("graders.drill", "--check", "--confidence", "80")
    assert corrupt.returncode == 2
    assert "Traceback" not in corrupt.stderr
    assert len(corrupt.stderr.strip().splitlines()) == 2  # kept aside; then: no drill open
    assert list((copy / ".kata").glob("progress.json.corrupt-*"))


def test_every_stub_makes_a_drill_file_that_compiles():
    for e in catalog.all_exercises():
        source = drill.drill_source(e, NOW)
        compile(source, e.name, "exec")
        assert f'raise NotImplementedError("{e.topic}.{e.name}")' in source
