"""A jail for the learner's worker on Linux, from the standard library alone.

Run as ``python -I -S -B graders/jail.py CONFIG_JSON`` (the sandbox does this). It

1. enters new user, mount, PID, network, IPC and UTS namespaces (the user namespace maps
   only the caller's own uid, so it needs no setuid helper, as root or not);
2. forks an init of its own, PID 1 of the new PID namespace: when the init ends, the
   kernel kills every process the learner started, however it forked or detached;
3. in the init, builds a read-only view holding only what the worker needs (the system's
   libraries, the Python install, the grading environment's site-packages, the worker's
   own engine files and the one learner file), a small private /tmp, a private /proc, no
   network, no home, no capabilities (exec as an unprivileged uid drops them),
   ``no_new_privs``, and limits on processes, open files, file size, core dumps and
   memory;
4. runs the worker as the init's child and exits with its status.

``python -I -S -B graders/jail.py --probe`` exits 0 when the kernel allows all this.
Anything that fails before the worker starts exits with status ``REFUSED``.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import resource
import signal
import sys

REFUSED = 97  # exit status when the jail cannot be built (the grader falls back)
INSIDE_UID = 1000  # the learner's uid inside: not 0, so exec drops every capability

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS, PR_SET_DUMPABLE = 1, 38, 4

LIMITS = {  # resource: soft and hard limit in the jail
    resource.RLIMIT_NPROC: 256,
    resource.RLIMIT_NOFILE: 256,
    resource.RLIMIT_FSIZE: 16 << 20,
    resource.RLIMIT_CORE: 0,
    resource.RLIMIT_AS: 8 << 30,
}
SYSTEM_DIRS = ("usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32")
DEVICES = ("null", "zero", "random", "urandom")

_libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def _mount(source: str, target: str, fstype: str | None, flags: int, data: str | None = None,
           ) -> None:
    _check(_libc.mount(source.encode(), target.encode(),
                       fstype.encode() if fstype else None, flags,
                       data.encode() if data else None), f"mount {source} on {target}")


def _write(path: str, text: str) -> None:
    with open(path, "w") as f:
        f.write(text)


def _bind_readonly(source: str, target: str) -> None:
    if os.path.isdir(source):
        os.makedirs(target, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        open(target, "a").close()
    _mount(source, target, None, MS_BIND | MS_REC)
    _mount("none", target, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)


def enter_namespaces() -> None:
    uid, gid = os.getuid(), os.getgid()
    _check(_libc.unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET
                         | CLONE_NEWIPC | CLONE_NEWUTS), "unshare")
    _write("/proc/self/setgroups", "deny")
    _write("/proc/self/uid_map", f"{INSIDE_UID} {uid} 1")
    _write("/proc/self/gid_map", f"{INSIDE_UID} {gid} 1")


def build_view(config: dict) -> None:
    """Make ``config["root"]`` the root of a read-only view of what the worker needs."""
    root = config["root"]
    _mount("none", "/", None, MS_REC | MS_PRIVATE)  # nothing propagates back to the host
    _mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "size=4m,mode=755")
    # /tmp first: what is bound below may live under the host's /tmp (a virtualenv there).
    os.makedirs(root + "/tmp")
    _mount("tmpfs", root + "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=16m,mode=1777")
    for name in SYSTEM_DIRS:
        path = "/" + name
        if os.path.islink(path):
            os.symlink(os.readlink(path), root + path)
        elif os.path.isdir(path):
            _bind_readonly(path, root + path)
    for path in config["read_only"]:  # the Python install, site-packages, the engine
        _bind_readonly(path, root + path)
    if os.path.exists("/etc/ld.so.cache"):
        _bind_readonly("/etc/ld.so.cache", root + "/etc/ld.so.cache")
    for name, source in config["files"].items():  # the learner's file, under its own name
        _bind_readonly(source, root + name)
    for name, source in config.get("writable", {}).items():  # the calls' shared inputs
        os.makedirs(root + name, exist_ok=True)
        _mount(source, root + name, None, MS_BIND)
        _mount("none", root + name, None, MS_BIND | MS_REMOUNT | MS_NOSUID | MS_NODEV)
    os.makedirs(root + "/dev", exist_ok=True)
    for name in DEVICES:
        if os.path.exists("/dev/" + name):
            open(root + "/dev/" + name, "a").close()
            _mount("/dev/" + name, root + "/dev/" + name, None, MS_BIND)
    os.makedirs(root + "/proc")
    _mount("proc", root + "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    _mount("none", root, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
    os.chroot(root)
    os.chdir("/")


def restrict() -> None:
    for limit, value in LIMITS.items():
        with contextlib.suppress(ValueError, OSError):  # a lower limit stays as it is
            resource.setrlimit(limit, (value, value))
    _check(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")


def init(config: dict) -> int:
    """PID 1 of the jail: build it, run the worker, reap orphans; the exit code to use
    (the worker's, 128 + the signal that killed it, or REFUSED)."""
    # The launcher is outside this PID namespace (getppid() is 0 here): when it dies,
    # so does the init, and with it every process of the jail.
    _check(_libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "pdeathsig")
    try:
        build_view(config)
        _libc.sethostname(b"kata", 4)
        restrict()
    except OSError as error:
        print(f"jail: {error}", file=sys.stderr)
        return REFUSED
    if not config["argv"]:
        return 0  # a probe
    worker = os.fork()
    if worker == 0:
        try:
            os.execve(config["argv"][0], config["argv"], config["env"])
        finally:
            os._exit(REFUSED)
    while True:  # PID 1 inherits every orphan: reap them all until the worker ends
        pid, status = os.wait()
        if pid == worker:
            code = os.waitstatus_to_exitcode(status)
            return 128 - code if code < 0 else code


def main(argv: list[str]) -> int:
    probe = argv[:1] == ["--probe"]
    if probe:
        import tempfile

        config = {"root": tempfile.mkdtemp(prefix="kata-jail-probe-"), "read_only": [],
                  "files": {}, "argv": [], "env": {}}
    else:
        config = json.loads(argv[0])
    try:
        enter_namespaces()
        child = os.fork()
        if child == 0:
            os._exit(init(config))
        _, status = os.waitpid(child, 0)
    except OSError as error:
        print(f"jail: {error}", file=sys.stderr)
        return REFUSED
    finally:
        if probe:  # the launcher shares the jail's mount namespace: detach, then remove
            _libc.umount2(config["root"].encode(), 2)
            os.rmdir(config["root"])
    code = os.waitstatus_to_exitcode(status)
    signum = -code if code < 0 else code - 128 if 128 < code < 160 else 0
    if signum:  # the worker (or the init) died of a signal: so does the launcher, as
        signal.signal(signum, signal.SIG_DFL)  # the grader reads it from the exit status
        os.kill(os.getpid(), signum)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
