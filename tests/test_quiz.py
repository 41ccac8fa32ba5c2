"""Recall questions (graders/recall.py) and `nox -s quiz` (graders/quiz.py)."""

import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from graders import catalog, progress, quiz, recall
from tests.conftest import ROOT

NOW = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
GUIDE = ROOT.parent / "shared" / "study-guide.md"


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z(])", text.strip()) if s]


def test_every_exercise_in_the_catalog_has_a_question():
    names = [e.name for e in catalog.all_exercises()]
    missing = [n for n in names if n not in recall.QUESTIONS]
    assert not missing, f"add a recall question to graders/recall.py for {missing}"
    stale = set(recall.QUESTIONS) - set(names)
    assert not stale, f"questions for exercises that do not exist: {stale}"


@pytest.mark.parametrize("key", recall.all_keys())
def test_each_model_answer_is_two_to_five_sentences(key):
    question, answer = recall.question(key)
    assert question.endswith("?") or question.endswith(".")
    assert 2 <= len(sentences(answer)) <= 5, sentences(answer)


def test_one_question_per_common_mistake_in_the_study_guide():
    assert all(k.startswith("mistake:") for k in recall.MISTAKES)
    assert len(recall.MISTAKES) == 7  # the guide's seven common mistakes
    if GUIDE.exists():  # beside the repository in CI and for maintainers: count them there
        section = GUIDE.read_text().split("## Common Foundation Mistakes")[1].split("\n## ")[0]
        assert len(re.findall(r"^\d+\. \*\*", section, flags=re.M)) == 7


def test_self_grades_move_questions_between_boxes():
    state = progress.fresh()
    card = quiz.schedule(state, "softmax", "good", NOW)
    assert card["box"] == 2
    assert card["due"] == (NOW + timedelta(days=progress.BOX_DAYS[1])).isoformat()
    card = quiz.schedule(state, "softmax", "hard", NOW)
    assert card["box"] == 2
    card = quiz.schedule(state, "softmax", "again", NOW)
    assert card["box"] == 1
    assert card["due"] == (NOW + timedelta(minutes=quiz.AGAIN_MINUTES)).isoformat()
    assert [r["grade"] for r in card["reviews"]] == ["good", "hard", "again"]
    progress.validate(state)
    with pytest.raises(quiz.QuizError, match="one of again, hard, good"):
        quiz.schedule(state, "softmax", "easy", NOW)


def test_due_questions_come_first_then_new_ones_in_study_order():
    state = progress.fresh()
    first, second = quiz.scope_keys("optimization")[:2]
    assert quiz.next_key(state, "optimization", NOW) == first
    quiz.schedule(state, first, "good", NOW)
    assert quiz.next_key(state, "optimization", NOW) == second
    quiz.schedule(state, "adam_step", "again", NOW)
    assert quiz.next_key(state, "optimization", NOW + timedelta(hours=1)) == "adam_step"
    assert quiz.next_key(state, quiz.MISTAKES, NOW) == next(iter(recall.MISTAKES))
    for key in recall.MISTAKES:
        quiz.schedule(state, key, "good", NOW)
    assert quiz.next_key(state, quiz.MISTAKES, NOW) is None


def run(*args: str, state_dir, stdin=subprocess.DEVNULL) -> subprocess.CompletedProcess:
    env = {**os.environ, "KATA_STATE_DIR": str(state_dir)}
    return subprocess.run([sys.executable, "-m", "graders.quiz", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60, stdin=stdin)


def test_the_quiz_is_scriptable_and_refuses_bad_input_in_one_line(tmp_path):
    first = run("probability", "--grade", "good", state_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    key = quiz.scope_keys("probability")[0]
    assert f"Probability and statistics: {key}" in first.stdout
    assert "Recorded 'good': you will see this again in 2 days (box 2 of 6)." in first.stdout
    cards = json.loads((tmp_path / "progress.json").read_text())["recall"]
    assert list(cards) == [key]
    second = run("probability", state_dir=tmp_path)  # no grade, no terminal: nothing kept
    assert f"--key {quiz.scope_keys('probability')[1]} --grade" in second.stdout
    assert len(json.loads((tmp_path / "progress.json").read_text())["recall"]) == 1
    for args, message in [
        (("optimisation",), "There is no topic called 'optimisation'. Did you mean "
                            "optimization?"),
        (("--key", "adam_stpe"), "There is no question 'adam_stpe'. Did you mean adam_step?"),
        (("--grade", "easy"), "Grade yourself with one of again, hard, good, not 'easy'."),
        (("--key",), "nox -s quiz --: argument --key: expected one argument (see --help)"),
    ]:
        done = run(*args, state_dir=tmp_path)
        assert done.returncode == 2
        assert len(done.stderr.splitlines()) == 1
        assert done.stderr.startswith(message)
        assert "Traceback" not in done.stderr


def test_in_a_terminal_it_waits_for_an_answer_and_a_grade(tmp_path):
    import pty

    leader, follower = pty.openpty()
    env = {**os.environ, "KATA_STATE_DIR": str(tmp_path)}
    process = subprocess.Popen([sys.executable, "-m", "graders.quiz", "--key", "softmax"],
                               cwd=ROOT, env=env, stdin=follower, stdout=follower,
                               stderr=follower)
    os.close(follower)
    try:
        os.write(leader, b"subtract the max so exp never overflows\n\ng\n")
        assert process.wait(timeout=60) == 0
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        process.kill()
        os.close(leader)
    text = shown.decode()
    assert "Your answer:" in text
    assert "subtract the max so exp never overflows" in text
    assert "Recorded 'good'" in text
    card = json.loads((tmp_path / "progress.json").read_text())["recall"]["softmax"]
    assert card["reviews"][0]["grade"] == "good"
