"""Running learner code in a separate process, with limits on time and output.

``SubprocessRunner`` owns one worker process (``graders.worker``) per solutions module.
A call that hangs, crashes the interpreter or floods the terminal ends that worker; the
next call starts a fresh one, so one broken exercise never stops the others.

On Linux the worker runs in a jail (``graders/jail.py``: namespaces, a read-only view,
an init that takes every learner process down with it). Where the kernel refuses
namespaces, the worker runs without isolation: the grader then becomes the subreaper of
whatever the learner starts and kills it all (``kill_descendants``) before it writes
anything, and the scorecard says so.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import json
import os
import selectors
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from graders import wire
from graders.functions import map_leaves
from graders.spec import Fn
from graders.wire import Kind

ROOT = Path(__file__).resolve().parent.parent
OUTPUT_LIMIT = 1 << 20  # bytes a learner may print during one call
OUTPUT_KEPT = 64 << 10  # bytes of it kept for feedback (--verbose shows them)
# The learner's process sees only these variables: no CI tokens or other secrets.
ENV_KEPT = ("PATH", "LANG", "TERM", "SYSTEMROOT", "LD_LIBRARY_PATH")
ENV_PREFIXES = ("LC_", "OPENBLAS_", "OMP_", "MKL_")
# What the worker needs of the engine; nothing else of graders/ enters the jail.
WORKER_FILES = ("__init__.py", "worker.py", "wire.py", "calling.py", "functions.py", "spec.py")
JAIL = Path(__file__).with_name("jail.py")
JAIL_REFUSED = 97  # graders/jail.py's REFUSED
SOLUTION_DIR = "/kata/solution"
ENGINE_DIR = "/kata/engine"
IO_DIR = "/kata/io"  # in the jail: the host folder holding the calls' shared inputs
# The worker's bootstrap: no site processing (no .pth hooks, no user site), the engine
# and NumPy's site-packages put on the path by hand.
BOOT = ("import sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]; "
        "from graders.worker import main; "
        "main(sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6])")
NO_ISOLATION = ("Your code ran without isolation: this system does not allow the grader's "
                "jail (Linux user namespaces).")


def worker_environment(home: str) -> dict[str, str]:
    kept = {k: v for k, v in os.environ.items() if k in ENV_KEPT or k.startswith(ENV_PREFIXES)}
    return {**kept, "HOME": home, "TMPDIR": home, "PYTHONHASHSEED": "0"}


@functools.cache
def jail_available() -> bool:
    """Whether the worker can be jailed here (probed once; KATA_JAIL=0 turns it off)."""
    if os.environ.get("KATA_JAIL") == "0" or not sys.platform.startswith("linux"):
        return False
    try:
        done = subprocess.run([_python(), "-I", "-S", "-B", str(JAIL), "--probe"],
                              capture_output=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _python() -> str:
    """The real interpreter behind this environment (a venv's python is a symlink)."""
    return os.path.realpath(sys.executable)


@functools.cache
def _all_forbidden(topic: str) -> list[str]:
    """Every function an exercise of ``topic`` (of any topic, for another module name)
    forbids: the worker watches them all from the start; each call says which apply."""
    from graders import catalog

    exercises = (catalog.exercises(topic) if topic in catalog.available_topics()
                 else catalog.all_exercises())
    return sorted({f for e in exercises for f in e.forbidden})


def _site_packages() -> str:
    import numpy  # the grading environment's NumPy is the one the worker imports

    return str(Path(numpy.__file__).resolve().parent.parent)


_PR_SET_CHILD_SUBREAPER, _PR_SET_DUMPABLE = 36, 4


def protect_grader() -> None:
    """Make this process the subreaper of everything the learner starts (so nothing can
    detach from it), and non-dumpable (so a same-user process cannot read its memory)."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)


def kill_descendants() -> int:
    """SIGKILL every descendant of this process, until none is left; how many were killed.

    With ``protect_grader`` in force, a learner's double-forked daemon is re-parented to
    this process, so it is found here however it detached.
    """
    killed = 0
    for _ in range(50):
        children: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir() if Path("/proc/self").exists() else ():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
        mine, todo = [], [os.getpid()]
        while todo:
            for child in children.get(todo.pop(), []):
                mine.append(child)
                todo.append(child)
        if not mine:
            break
        for pid in mine:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
                killed += 1
        time.sleep(0.01)
        with contextlib.suppress(ChildProcessError):
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
    return killed


@dataclass
class Call:
    """What happened when the learner's function was called.

    For a call that returned: ``value``; ``inputs``, what the arguments hold afterwards;
    ``calls``, how often each callable argument was called; ``peak_bytes``, the peak
    memory the call allocated (when asked for); ``aliases``, [where in the result, which
    argument] for returned arrays that share memory with an input.
    """

    kind: Kind
    value: Any = None
    inputs: dict[str, Any] | None = None
    error: dict[str, Any] = field(default_factory=dict)
    detail: str = ""
    seconds: float = 0.0
    printed: str = ""
    calls: dict[str, int] = field(default_factory=dict)
    peak_bytes: int | None = None
    aliases: list[tuple[str, str]] = field(default_factory=list)
    forbidden_used: list[str] = field(default_factory=list)  # seen while it ran

    def __post_init__(self) -> None:
        self.kind = Kind(self.kind)  # ValueError for a kind that does not exist


class _Worker:
    def __init__(self, module_path: Path) -> None:
        req_r, self.req_w = os.pipe()
        self.resp_r, resp_w = os.pipe()
        self.out_r, out_w = os.pipe()
        self.scratch = tempfile.mkdtemp(prefix="kata-worker-")  # its /tmp, or the jail root
        shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
        self.io = tempfile.mkdtemp(prefix="kata-io-", dir=shm)  # inputs shared with it
        self.io_seen_as = self.io  # the same folder, as the worker's path names it
        fds = [str(req_r), str(resp_w), ",".join(_all_forbidden(Path(module_path).stem))]
        python, site = _python(), _site_packages()
        if jail_available():
            solution = f"{SOLUTION_DIR}/{module_path.name}"
            engine = Path(__file__).parent
            config = {
                "root": self.scratch,
                "read_only": sorted({sys.base_prefix, os.path.dirname(python), site,
                                     sysconfig.get_paths()["stdlib"]}),
                "writable": {IO_DIR: self.io},
                "files": {solution: str(Path(module_path).resolve()),
                          **{f"{ENGINE_DIR}/graders/{n}": str(engine / n)
                             for n in WORKER_FILES}},
                "argv": [python, "-I", "-S", "-u", "-B", "-c", BOOT, ENGINE_DIR, site,
                         solution, *fds],
                "env": worker_environment("/tmp"),
            }
            command = [python, "-I", "-S", "-B", str(JAIL), json.dumps(config)]
            env, cwd = {}, "/"
            self.io_seen_as = IO_DIR
        else:
            command = [python, "-I", "-S", "-u", "-B", "-c", BOOT, str(ROOT), site,
                       str(Path(module_path).resolve()), *fds]
            env, cwd = worker_environment(self.scratch), self.scratch
        self.process = subprocess.Popen(
            command, pass_fds=(req_r, resp_w), stdin=subprocess.DEVNULL, stdout=out_w,
            stderr=out_w, cwd=cwd, start_new_session=True, env=env)
        for fd in (req_r, resp_w, out_w):
            os.close(fd)
        for fd in (self.req_w, self.resp_r, self.out_r):
            os.set_blocking(fd, False)
        self.reader = wire.FrameReader()

    def exchange(self, chunks: list[memoryview], timeout: float) -> Call:
        """Send ``chunks`` (may be none), wait for one message, and say what happened."""
        started = time.perf_counter()
        deadline = started + timeout
        printed = bytearray()
        printed_total = 0
        selector = selectors.DefaultSelector()
        selector.register(self.resp_r, selectors.EVENT_READ)
        selector.register(self.out_r, selectors.EVENT_READ)
        pending = [c for c in chunks if c.nbytes]
        if pending:
            selector.register(self.req_w, selectors.EVENT_WRITE)
        try:
            while True:
                remaining = deadline - time.perf_counter()
                if remaining <= 0:
                    return Call(Kind.TIMEOUT, seconds=timeout,
                                printed=printed.decode(errors="replace"))
                for key, _ in selector.select(remaining):
                    fd = key.fd
                    if fd == self.req_w:
                        try:
                            pending[0] = pending[0][os.write(fd, pending[0]):]
                        except BrokenPipeError:
                            pending = []
                        if pending and not pending[0].nbytes:
                            pending.pop(0)
                        if not pending:
                            selector.unregister(fd)
                        continue
                    if fd == self.resp_r:
                        try:
                            message = self.reader.read_from(fd)
                        except EOFError:
                            return Call(Kind.CRASHED, detail=self._death(),
                                        seconds=time.perf_counter() - started,
                                        printed=printed.decode(errors="replace"))
                        if message is not None:
                            return _as_call(*message, time.perf_counter() - started,
                                            printed.decode(errors="replace"))
                        continue
                    chunk = os.read(fd, 1 << 20)  # what the learner's code printed
                    if not chunk:
                        selector.unregister(fd)
                        continue
                    printed_total += len(chunk)
                    printed += chunk[: max(0, OUTPUT_KEPT - len(printed))]
                    if printed_total > OUTPUT_LIMIT:
                        return Call(Kind.FLOOD, detail=f"printed more than "
                                    f"{OUTPUT_LIMIT // (1 << 20)} MB",
                                    printed=printed.decode(errors="replace"))
        except wire.WireError as error:
            return Call(Kind.CRASHED, detail=f"sent an answer the grader cannot read ({error})")
        finally:
            selector.close()

    def _death(self) -> str:
        try:
            code = self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            return "closed its connection to the grader"
        if code == JAIL_REFUSED and jail_available():
            return "the grader's jail could not start (see what it printed)"
        if code < 0:
            name = signal.Signals(-code).name
            hint = " (a segmentation fault)" if name == "SIGSEGV" else ""
            return f"the Python process was killed by {name}{hint}"
        return f"the Python process exited with status {code} (sys.exit or os._exit?)"

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        for fd in (self.req_w, self.resp_r, self.out_r):
            os.close(fd)
        # What the learner left in its /tmp goes too (in the jail, the folder stayed empty).
        shutil.rmtree(self.scratch, ignore_errors=True)
        shutil.rmtree(self.io, ignore_errors=True)


def _as_call(header: dict, payload: Any, seconds: float, printed: str) -> Call:
    status = header.get("status")
    if status == Kind.RETURNED and isinstance(payload, dict) and "value" in payload:
        return returned_call(payload, seconds, printed)
    if status == Kind.RAISED:
        return Call(Kind.RAISED, error=_raised(header), seconds=seconds, printed=printed)
    if status == Kind.IMPORT_ERROR:
        return Call(Kind.IMPORT_ERROR, detail=_text(header.get("detail"), 1 << 20)[-1500:],
                    printed=printed)
    if status == Kind.READY:
        return Call(Kind.READY, seconds=seconds, printed=printed)
    return Call(Kind.CRASHED, detail="sent an answer the grader cannot read")


def _text(value: Any, limit: int) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _raised(header: dict) -> dict[str, Any]:
    """The worker's report of an exception, each field of the type and size expected."""
    return {"type": _text(header.get("type"), 80) or "an exception",
            "message": _text(header.get("message"), 400),
            "where": _text(header.get("where"), 40),
            "value_error": header.get("value_error") is True,
            "not_implemented": header.get("not_implemented") is True}


def returned_call(payload: dict, seconds: float, printed: str = "") -> Call:
    """The Call for a worker's answer, taking only well-formed parts of what it says."""
    inputs = payload.get("inputs")
    calls = payload.get("calls")
    peak = payload.get("peak_bytes")
    aliases = payload.get("aliases")
    used = payload.get("forbidden_used")
    return Call(
        Kind.RETURNED, value=payload["value"], seconds=seconds, printed=printed,
        inputs=inputs if isinstance(inputs, dict) else None,
        calls={k: v for k, v in calls.items() if type(v) is int} if isinstance(calls, dict)
        else {},
        peak_bytes=peak if type(peak) is int else None,
        forbidden_used=[u[:60] for u in used if isinstance(u, str)][:10]
        if isinstance(used, list) else [],
        aliases=[tuple(a) for a in aliases if isinstance(a, list) and len(a) == 2
                 and all(isinstance(x, str) for x in a)][:10] if isinstance(aliases, list)
        else [])


@dataclass
class _SharedInputs:
    """A call's input arrays, written to a file the worker maps (``wire.Shared``)."""

    args: dict[str, Any]  # the arguments, each array replaced by a placeholder
    header: dict[str, Any]  # where the worker finds them
    path: Path
    spans: list[tuple[int, np.dtype, tuple[int, ...]]]

    def read_back(self, sent: dict[str, Any], reported: dict[str, Any] | None
                  ) -> dict[str, Any]:
        """The inputs after the call: arrays as the grader reads them from the shared
        file; anything else (a list's own contents) as the worker reports it."""
        data = self.path.read_bytes()
        arrays = [np.frombuffer(data, dtype=d, count=int(np.prod(shape)), offset=o
                                ).reshape(shape) for o, d, shape in self.spans]
        reported = reported if isinstance(reported, dict) else {}

        def after(placeholder: Any, original: Any, worker_says: Any) -> Any:
            if isinstance(placeholder, wire.Shared):
                return arrays[placeholder.index]
            if isinstance(original, (list, tuple)) and isinstance(worker_says, type(original)
                                                                   ) and len(worker_says) == len(
                                                                       original):
                return type(original)(after(p, o, w) for p, o, w in zip(
                    placeholder, original, worker_says, strict=True))
            return worker_says

        return {k: after(self.args[k], v, reported.get(k)) for k, v in sent.items()
                if (not isinstance(v, Fn) and k in reported) or isinstance(self.args[k],
                                                                         wire.Shared)}


def _share(args: dict[str, Any], worker: _Worker) -> _SharedInputs | None:
    """Write ``args``' arrays (outside callables) to the worker's shared folder."""
    arrays: list[np.ndarray] = []

    def swap(value: Any) -> Any:
        if isinstance(value, np.ndarray) and value.dtype.kind in wire.ALLOWED_KINDS:
            arrays.append(np.ascontiguousarray(value))
            return wire.Shared(len(arrays) - 1)
        return value  # a callable's parameters stay in the message

    placed = map_leaves(args, swap)
    if not arrays:
        return None
    spans, offset = [], 0
    for a in arrays:
        spans.append((offset, a.dtype, a.shape))
        offset += -(-a.nbytes // 64) * 64  # each array 64-byte aligned
    path = Path(worker.io) / "call.bin"
    with open(path, "wb") as f:
        for (start, _, _), a in zip(spans, arrays, strict=True):
            f.seek(start)
            f.write(a.tobytes())
        f.truncate(offset)
    header = {"file": f"{worker.io_seen_as}/call.bin",
              "arrays": [[o, d.str, list(s)] for o, d, s in spans]}
    return _SharedInputs(placed, header, path, spans)


class SubprocessRunner:
    """Calls functions of the module at ``module_path`` in a worker process."""

    def __init__(self, module_path: Path, import_timeout: float = 10.0) -> None:
        self.module_path = module_path
        self.import_timeout = import_timeout
        self._worker: _Worker | None = None
        self._import_failure: Call | None = None

    def _ready_worker(self) -> Call | None:
        """Start a worker if none is running; a Call describing why it could not start."""
        if self._import_failure:
            return self._import_failure
        if self._worker is None:
            self._worker = _Worker(self.module_path)
            started = self._worker.exchange([], self.import_timeout)
            if started.kind != Kind.READY:
                self._worker.kill()
                self._worker = None
                if started.kind == Kind.TIMEOUT:
                    started = Call(Kind.IMPORT_ERROR, detail=f"importing the module took more "
                                   f"than {self.import_timeout:g} s (a loop at import?)")
                elif started.kind != Kind.IMPORT_ERROR:  # crashed, or printed a flood
                    started = Call(Kind.IMPORT_ERROR, detail=f"while importing the module, "
                                   f"{started.detail or 'it did not start'}",
                                   printed=started.printed)
                self._import_failure = started
                return started
        return None

    def call(self, function: str, args: dict[str, Any], *, timeout: float,
             want_inputs: bool = True, trace_memory: bool = False,
             forbidden: tuple[str, ...] = ()) -> Call:
        failure = self._ready_worker()
        if failure:
            return failure
        header = {"call": function, "want_inputs": want_inputs,
                  "trace_memory": trace_memory, "forbidden": list(forbidden)}
        shared = _share(args, self._worker) if want_inputs else None
        if shared:
            header["shared"] = shared.header
        request = wire.pack(header, shared.args if shared else args)
        result = self._worker.exchange(request, timeout)
        if result.kind in (Kind.TIMEOUT, Kind.CRASHED, Kind.FLOOD):
            self.close()
        elif shared and result.kind == Kind.RETURNED:
            result.inputs = shared.read_back(args, result.inputs)
        return result

    def close(self) -> None:
        if self._worker is not None:
            self._worker.kill()
            self._worker = None
