"""The learner's memory: the progress state file, readiness, the recommendation and
calibration (graders/progress.py), and the hook that records every grading run."""

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from graders import catalog, progress
from graders.engine import Result
from tests.conftest import ROOT
from tests.learner_copy import learner_copy, solve

NOW = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)


def results(**outcomes: str) -> list[Result]:
    return [Result(catalog.exercise(name), outcome) for name, outcome in outcomes.items()]


@pytest.fixture
def state_file(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    return tmp_path / ".kata" / "progress.json"


def test_record_counts_attempts_and_the_first_pass(state_file):
    progress.record(results(mse_grad="failed", softmax="not_attempted"), path=state_file,
                    now=NOW)
    later = NOW + timedelta(hours=1)
    progress.record(results(mse_grad="passed"), path=state_file, now=later)
    progress.record(results(mse_grad="passed"), path=state_file, now=later + timedelta(hours=1))
    state = json.loads(state_file.read_text())
    entry = state["exercises"]["mse_grad"]
    assert entry["attempts"] == 3
    assert entry["first_pass"] == later.isoformat()  # the first pass, not the latest
    assert entry["box"] == 1
    assert entry["due"] == (later + timedelta(days=progress.BOX_DAYS[0])).isoformat()
    assert "softmax" not in state["exercises"]  # a stub that was never touched


def test_nothing_is_recorded_for_another_folder_or_under_ci(state_file, monkeypatch):
    progress.record(results(mse_grad="passed"), solutions=ROOT / "reference", path=state_file)
    assert not state_file.exists()
    monkeypatch.setenv("CI", "true")
    progress.record(results(mse_grad="passed"), solutions=ROOT / "exercises", path=state_file)
    assert not state_file.exists()
    monkeypatch.delenv("CI")
    progress.record(results(mse_grad="passed"), solutions=ROOT / "exercises", path=state_file)
    assert state_file.exists()


@pytest.mark.parametrize("content", [
    "{not json",
    json.dumps({"version": 1, "exercises": {"mse_grad": {"attempts": "three"}}, "recall": {},
                "drill": None}),
    json.dumps([1, 2, 3]),
])
def test_a_corrupt_state_file_is_kept_aside_and_a_fresh_one_started(state_file, capsys,
                                                                      content):
    state_file.parent.mkdir(parents=True)
    state_file.write_text(content)
    progress.record(results(mse_grad="passed"), path=state_file, now=NOW)
    (aside,) = state_file.parent.glob("progress.json.corrupt-*")
    assert aside.read_text() == content  # the learner's file, untouched
    assert aside.name == "progress.json.corrupt-20260110T120000"
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "could not be read" in err
    assert "Traceback" not in err
    assert json.loads(state_file.read_text())["exercises"]["mse_grad"]["attempts"] == 1


def test_hand_edited_fields_are_refused_one_by_one():
    good = progress.fresh()
    good["exercises"]["mse_grad"] = progress.new_entry()
    progress.validate(good)
    for field, bad in [("attempts", -1), ("box", 99), ("first_pass", "yesterday"),
                       ("last_outcome", "great"), ("drills", [{"at": NOW.isoformat()}])]:
        broken = json.loads(json.dumps(good))
        broken["exercises"]["mse_grad"][field] = bad
        with pytest.raises(progress.StateError):
            progress.validate(broken)


def passed_state(*names: str, drilled: dict[str, list[bool]] | None = None) -> dict:
    state = progress.fresh()
    for name in names:
        entry = state["exercises"].setdefault(name, progress.new_entry())
        entry.update(attempts=1, first_pass=NOW.isoformat(), last_outcome="passed", box=1,
                     due=(NOW + timedelta(days=1)).isoformat())
    for name, outcomes in (drilled or {}).items():
        for ok in outcomes:
            progress.record_drill(state, name, passed=ok, confidence=80, seconds=60, now=NOW)
    progress.validate(state)
    return state


def test_readiness_weighs_points_cold_drills_and_interview_weight():
    topic = "optimization"
    names = [e.name for e in catalog.exercises(topic)]
    first = catalog.exercises(topic)[0]
    state = passed_state(*names, drilled={first.name: [True]})
    rows = {r["topic"]: r for r in progress.topic_rows(state)}
    points = np.array([e.points for e in catalog.exercises(topic)], float)
    credits = np.full(len(points), 0.5)
    credits[0] = 1.0
    assert rows[topic]["readiness"] == pytest.approx(points @ credits / points.sum(), abs=1e-4)
    assert rows[topic]["passed"] == len(names)
    assert rows["probability"]["readiness"] == 0
    # Overall: a weighted mean with Critical 3, High 2, Medium-High 1.5.
    weights = {"Critical": 3, "High": 2, "Medium-High": 1.5}
    w = np.array([weights[catalog.TOPICS[t][1]] for t in catalog.available_topics()])
    r = np.array([rows[t]["readiness"] for t in catalog.available_topics()])
    assert progress.overall_readiness(list(rows.values())) == pytest.approx(w @ r / w.sum(),
                                                                            abs=1e-4)
    # A failed latest drill takes the exercise back to half credit.
    progress.record_drill(state, first.name, passed=False, confidence=90, seconds=30, now=NOW)
    assert progress.credit(state["exercises"][first.name]) == 0.5


def test_the_recommendation_is_the_weakest_topic_for_its_weight():
    fresh = progress.fresh()
    rec = progress.recommendation(fresh, progress.topic_rows(fresh), NOW)
    assert catalog.TOPICS[rec["topic"]][1] == "Critical"
    assert rec["exercise"] == catalog.exercises(rec["topic"])[0].name
    assert rec["command"] == f"nox -s {rec['topic']} -- {rec['exercise']}"
    # Every Critical exercise passed cold: a High topic is next.
    critical = [e.name for t in catalog.available_topics() if catalog.TOPICS[t][1] == "Critical"
                for e in catalog.exercises(t)]
    state = passed_state(*critical, drilled={n: [True] for n in critical})
    rec = progress.recommendation(state, progress.topic_rows(state), NOW)
    assert catalog.TOPICS[rec["topic"]][1] == "High"
    # Everything passed but not cold: the recommendation is a drill.
    everything = [e.name for e in catalog.all_exercises()]
    state = passed_state(*everything)
    rec = progress.recommendation(state, progress.topic_rows(state), NOW)
    assert rec["action"] == "drill"
    assert rec["command"].startswith("nox -s drill -- ")
    state = passed_state(*everything, drilled={n: [True] for n in everything})
    assert progress.recommendation(state, progress.topic_rows(state), NOW) is None


def test_calibration_says_when_confidence_runs_ahead_of_results():
    state = progress.fresh()
    outcomes = [True] * 11 + [False] * 9
    names = [e.name for e in catalog.all_exercises()][: len(outcomes)]
    for name, ok in zip(names, outcomes, strict=True):
        progress.record_drill(state, name, passed=ok, confidence=90, seconds=100, now=NOW)
    cal = progress.calibration(state)
    brier = np.mean((0.9 - np.array(outcomes, float)) ** 2)
    assert cal["brier"] == pytest.approx(brier, abs=1e-4)
    assert cal["verdict"] == "You say 90% and pass 55%: drill more before the interview."
    (bucket,) = [b for b in cal["buckets"] if b["drills"]]
    assert bucket["confidence"] == "90-100%"
    assert bucket["passed"] == pytest.approx(0.55)
    assert "fair guide" in progress.calibration(passed_state(
        "mse_grad", drilled={"mse_grad": [True] * 4 + [False]}))["verdict"]
    assert progress.calibration(progress.fresh())["brier"] is None


def test_progress_command_prints_the_view_and_json(tmp_path):
    env = {**os.environ, "KATA_STATE_DIR": str(tmp_path)}
    state = passed_state("mse_grad", "softmax", drilled={"mse_grad": [True]})
    (tmp_path / "progress.json").write_text(json.dumps(state))
    (tmp_path / "hints-seen.json").write_text(json.dumps({"softmax": 2}))
    view = subprocess.run([sys.executable, "-m", "graders.progress"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert view.returncode == 0, view.stderr
    assert "Optimization" in view.stdout
    assert "Calibration (1 drill)" in view.stdout
    assert "Next: solve bayes_posterior\n" in view.stdout  # probability: Critical, 0% ready
    data = json.loads(subprocess.run([sys.executable, "-m", "graders.progress", "--json"],
                                     cwd=ROOT, env=env, capture_output=True, text=True,
                                     timeout=60).stdout)
    by_name = {x["name"]: x for x in data["exercises"]}
    assert by_name["softmax"]["hints_seen"] == 2
    assert by_name["mse_grad"]["drills"][0]["passed"] is True
    assert {t["topic"] for t in data["topics"]} == set(catalog.available_topics())
    assert data["recommendation"]["exercise"] == "bayes_posterior"


def test_grading_exercises_records_progress_and_other_folders_do_not(tmp_path):
    copy = learner_copy(tmp_path / "kata")
    solve(copy, "optimization", "mse_grad")
    state = copy / ".kata" / "progress.json"
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "KATA_STATE_DIR")}

    def grade(*args: str) -> str:
        return subprocess.run([sys.executable, "-m", "graders", *args], cwd=copy, env=env,
                              capture_output=True, text=True, timeout=120).stdout

    assert "PASS    mse_grad" in grade("mse_grad", "--solutions", "reference")
    assert not state.exists()
    assert "PASS    mse_grad" in grade("mse_grad", "softmax")
    entries = json.loads(state.read_text())["exercises"]
    assert entries["mse_grad"]["attempts"] == 1
    assert entries["mse_grad"]["last_outcome"] == "passed"
    assert "softmax" not in entries  # still a stub: not an attempt
    env["CI"] = "true"  # CI never writes the learner's state
    assert "PASS    mse_grad" in grade("mse_grad")
    assert json.loads(state.read_text())["exercises"]["mse_grad"]["attempts"] == 1


def fake_kata_env(folder):
    """A grading environment that nox reuses as is: this interpreter, stamped as built."""
    import sysconfig
    import tomllib

    (folder / "bin").mkdir(parents=True)
    (folder / "bin" / "python").symlink_to(sys.executable)
    runtime = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    (folder / "kata-requirements.txt").write_text("\n".join(runtime))
    (folder / "kata-site.txt").write_text(sysconfig.get_paths()["purelib"])
    return folder


def test_the_learner_sessions_run_through_nox(tmp_path):
    env = {**os.environ, "KATA_ENV": str(fake_kata_env(tmp_path / "kata")),
           "KATA_STATE_DIR": str(tmp_path / "state")}

    def nox(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "nox", *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)

    listed = nox("--list").stdout
    for name in ("watch", "progress", "drill", "quiz", "solution", "plots"):
        assert f"* {name} -> " in listed or f"- {name} -> " in listed, name
    shown = nox("-s", "progress", "--", "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["overall_readiness"] == 0
    refused = nox("-s", "drill", "--", "--check", "--confidence", "50")
    assert refused.returncode != 0
    assert "No drill is open: start one with `nox -s drill`." in refused.stderr
