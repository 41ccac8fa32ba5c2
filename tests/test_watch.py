"""`nox -s watch`: re-grading on save, with and without a terminal (graders/watch.py),
on a learner's checkout in a temporary folder."""

import json
import os
import queue
import select
import subprocess
import sys
import threading
import time

import pytest

from graders import watch
from tests.learner_copy import learner_copy, solve

NAIVE_SOFTMAX = ("def softmax(z, axis=-1):\n"
                 "    return np.exp(z) / np.exp(z).sum(axis, keepdims=True)\n")


@pytest.fixture
def copy(tmp_path):
    kata = learner_copy(tmp_path / "kata")
    solve(kata, "optimization", "mse_grad")
    return kata


class Lines:
    """A process's stdout, read line by line in the background."""

    def __init__(self, stream) -> None:
        self.queue: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=lambda: [self.queue.put(x) for x in stream], daemon=True).start()

    def until(self, text: str, timeout: float = 60) -> float:
        """Wait for a line containing ``text``; when it arrived (time.perf_counter)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            try:
                line = self.queue.get(timeout=0.05)
            except queue.Empty:
                continue
            self.seen.append(line)
            if text in line:
                return time.perf_counter()
        raise AssertionError(f"no line with {text!r} in:\n{''.join(self.seen)}")


def environment(copy):
    return {k: v for k, v in os.environ.items() if k not in ("CI", "KATA_STATE_DIR")}


def test_without_a_terminal_each_save_is_regraded_and_printed(copy):
    process = subprocess.Popen(
        [sys.executable, "-m", "graders.watch", "optimization", "--saves", "2"], cwd=copy,
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env=environment(copy))
    out = Lines(process.stdout)
    try:
        out.until("PASS    mse_grad")  # the first exercise not known to pass is graded
        out.until("mse_grad passes. Next: softmax.")
        out.until("Watching exercises/ for saves")
        solve(copy, "optimization", "softmax", NAIVE_SOFTMAX)
        saved = time.perf_counter()
        out.until("FAIL    softmax")
        out.until("Overflow")  # the feedback itself, not only the verdict
        first = out.until("graded in") - saved
        solve(copy, "optimization", "softmax")  # the reference's own code
        out.until("PASS    softmax")
        out.until("softmax passes. Next: cross_entropy_loss.")
        assert process.wait(timeout=60) == 0
    finally:
        process.kill()
    assert first < 5, f"feedback took {first:.2f} s"
    assert "mse_grad" not in "".join(out.seen[out.seen.index(
        next(x for x in out.seen if "Watching" in x)):])  # only the changed one re-graded
    entry = json.loads((copy / ".kata" / "progress.json").read_text())["exercises"]["softmax"]
    assert entry["attempts"] == 2
    assert entry["first_pass"] is not None


def test_in_a_terminal_one_screen_answers_the_keys(copy):
    import pty

    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "graders.watch", "optimization"],
                               cwd=copy, stdin=follower, stdout=follower, stderr=follower,
                               env={**environment(copy), "TERM": "xterm"})
    os.close(follower)
    screen = bytearray()

    def read_until(text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while text.encode() not in screen and time.monotonic() < deadline:
            if select.select([leader], [], [], 0.1)[0]:
                try:
                    screen.extend(os.read(leader, 65536))
                except OSError:
                    break
        assert text.encode() in screen, screen.decode(errors="replace")[-2000:]
        shown = screen.decode(errors="replace")
        screen.clear()
        return shown

    try:
        first = read_until(watch.KEYS)
        assert watch.CLEAR in first
        assert "TODO    softmax" in first  # mse_grad passed, so the focus moved on
        assert "1/13 exercises passed" in first
        os.write(leader, b"h")
        assert "Hint 1 of" in read_until(watch.KEYS)
        os.write(leader, b"l")
        listing = read_until(watch.KEYS)
        assert "> TODO    optimization.softmax" in listing
        assert "  PASS    optimization.mse_grad" in listing
        os.write(leader, b"n")
        assert "TODO    cross_entropy_loss" in read_until(watch.KEYS)
        os.write(leader, b"q")
        assert process.wait(timeout=30) == 0
    finally:
        process.kill()
        os.close(leader)
    seen = json.loads((copy / ".kata" / "hints-seen.json").read_text())
    assert seen == {"softmax": 1}


def test_only_functions_whose_code_changed_are_regraded(copy):
    watcher = watch.Watcher(["optimization"], copy / "exercises")
    assert watcher.changes() == []
    path = copy / "exercises" / "optimization.py"
    path.write_text(path.read_text().replace("def mse_grad(", "def mse_grad(  ", 1))
    assert [e.name for e in watcher.changes()] == ["mse_grad"]
    solve(copy, "optimization", "adam_step")
    solve(copy, "optimization", "softmax")
    assert [e.name for e in watcher.changes()] == ["softmax", "adam_step"]
    path.write_text("import numpy as np\n\n\n" + path.read_text())  # outside every function
    watcher.focus = "adam_step"
    assert [e.name for e in watcher.changes()] == ["adam_step"]
    path.write_text(path.read_text() + "\ndef broken(:\n")
    assert [e.name for e in watcher.changes()] == ["adam_step"]  # the grader shows the error


def test_stubs_are_recognised_without_running_them():
    assert watch.is_stub('def f(x):\n    """Doc."""\n    raise NotImplementedError("t.f")\n')
    assert not watch.is_stub('def f(x):\n    """Doc."""\n    return x\n')
    assert not watch.is_stub("def f(x):\n    raise ValueError('x')\n")


def test_an_unknown_name_is_one_line(copy):
    done = subprocess.run([sys.executable, "-m", "graders.watch", "optimisation"], cwd=copy,
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 2
    assert done.stderr.strip() == ("There is no topic or exercise called 'optimisation'. "
                                   "Did you mean optimization?")
