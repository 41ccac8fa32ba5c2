"""Grade a class: ``python -m graders.gradebook ROOT --csv FILE --results DIR``.

ROOT holds one folder per learner: a clone of their fork, a bare clone (what ``--roster``
makes), or just a copy of its ``exercises/``. From each, only ``exercises/<topic>.py`` is
read, as text, into a private folder, and graded there with this repository's graders
and references by a grader process of its own (``python -m graders``, the learner's code
jailed as always). Nothing else of the learner's folder is imported or run: not its
graders, noxfile, conftest or workflow. A submission that is broken, missing or hostile
changes only its own row.

    python -m graders.gradebook ROOT --csv gradebook.csv --results results \\
        [--seed N] [--jobs N] [--deadline ISO-8601] [--roster FILE] [--shard K/N]
    python -m graders.gradebook --merge shard-*.csv --csv gradebook.csv

Exit status 0 when the gradebook was written (whatever the learners scored), 2 when
nothing could be graded (a usage error, or no jail without ``--no-isolation``).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import csv
import datetime
import io
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from graders import catalog, report, sandbox

USAGE_ERROR = 2
LEARNER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
MAX_SOURCE_BYTES = 1 << 20  # a solutions module larger than this is not read
OUTPUT_KEPT = 1 << 20  # bytes of one learner's scorecard kept in DIR/<learner>.txt
SEED_VARIABLE = "KATA_SEED"
# The grader process gets only these variables: no tokens, nothing GitHub would act on.
GRADER_ENV = ("PATH", "LANG", "TERM", "SYSTEMROOT", "LD_LIBRARY_PATH", "KATA_JAIL")
GRADER_ENV_PREFIXES = ("LC_", "OPENBLAS_", "OMP_", "MKL_")
# Git reads a learner's repository as data: no hooks, filters, pager, signature checks or
# replacement objects, whatever the repository's own configuration says.
GIT_SAFE = ("-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c",
            "log.showSignature=false", "-c", "gpg.program=false", "-c", "core.pager=cat",
            "-c", "protocol.ext.allow=never", "--no-replace-objects")
# How a grader process starts (as noxfile.py's BOOT): isolated, without site processing,
# the kata and the grading environment's site-packages put on the path by hand.
BOOT = ("import runpy, sys; sys.path[:0] = sys.argv[1:3]; sys.argv = sys.argv[3:]; "
        "runpy.run_module(sys.argv[0], run_name='__main__', alter_sys=True)")


class UsageError(Exception):
    """A command line that cannot grade anything: said in one line, exit status 2."""


@dataclass
class Learner:
    """One row of the gradebook, from the folder found to the verdicts."""

    name: str
    folder: Path
    url: str | None = None
    status: str = "graded"  # graded | missing (nothing to grade) | failed (could not grade)
    notes: list[str] = field(default_factory=list)
    commit: str = ""
    results: dict | None = None  # Gradescope-format results of the grader


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m graders.gradebook",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path, metavar="ROOT",
                        help="folder with one folder per learner (with --roster: where "
                        "the forks are cloned)")
    parser.add_argument("--csv", type=Path, required=True, metavar="FILE",
                        help="the gradebook: one row per learner")
    parser.add_argument("--results", type=Path, metavar="DIR",
                        help="one results file per learner: DIR/<learner>.json (Gradescope's "
                        "format) and DIR/<learner>.txt (the scorecard)")
    parser.add_argument("--topics", nargs="+", metavar="TOPIC",
                        help="topics to grade (default: all)")
    parser.add_argument("--seed", type=int, default=None,
                        help=f"seed for the random cases (default: ${SEED_VARIABLE}, else 0); "
                        f"a secret seed is best given as ${SEED_VARIABLE}")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="learners graded at once (default: the number of CPUs)")
    parser.add_argument("--deadline", metavar="ISO-8601",
                        help="grade each git clone at its last commit before this time "
                        "(UTC unless it says otherwise)")
    parser.add_argument("--roster", type=Path, metavar="FILE",
                        help="CSV of learner,git URL: clone (or update) each fork into ROOT "
                        "first")
    parser.add_argument("--shard", metavar="K/N",
                        help="grade only the K-th of N shares of the learners (1 <= K <= N)")
    parser.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                        help="time one call of learner code may take (default 10)")
    parser.add_argument("--learner-timeout", type=float, default=900.0, metavar="SECONDS",
                        help="time grading one learner may take in all (default 900)")
    parser.add_argument("--hidden", action="store_true",
                        help="results files say only passed or failed, never a case's inputs")
    parser.add_argument("--no-isolation", action="store_true",
                        help="grade even where the jail is not available (learner code then "
                        "runs as you, able to reach other submissions and this process)")
    parser.add_argument("--merge", nargs="+", type=Path, metavar="CSV",
                        help="merge shards' gradebooks into --csv instead of grading")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.merge:
            rows = merge(args.merge)
            _write_csv(args.csv, rows[0], rows[1:])
            print(f"Merged {len(args.merge)} gradebooks, {len(rows) - 1} learners: {args.csv}")
            return 0
        check_arguments(args)
        learners = shard(roster_learners(args.roster, args.root) if args.roster
                         else folder_learners(args.root), args.shard)
    except UsageError as error:
        print(error, file=sys.stderr)
        return USAGE_ERROR
    started = time.perf_counter()
    topics = args.topics or catalog.available_topics()
    args.results.mkdir(parents=True, exist_ok=True)
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        graded = list(pool.map(lambda learner: grade_learner(learner, topics, args), learners))
    header, rows = gradebook_rows(graded, topics)
    _write_csv(args.csv, header, rows)
    look = [learner.name for learner in graded if learner.status == "failed"]
    print(f"Graded {len(graded)} learners in {time.perf_counter() - started:.0f} s: "
          f"{args.csv}, results in {args.results}/"
          + (f" ({len(look)} could not be graded: {', '.join(look[:10])})" if look else ""))
    return 0


def check_arguments(args: argparse.Namespace) -> None:
    """Refuse, before grading anyone, what would make grading fail or be unsafe."""
    if args.root is None:
        raise UsageError("Name the folder of learners' folders (ROOT), or use --merge.")
    if args.results is None:
        raise UsageError("Name a folder for the learners' results files (--results DIR).")
    if args.roster:
        if not args.roster.is_file():
            raise UsageError(f"There is no roster file {args.roster} (--roster).")
    elif not args.root.is_dir():
        raise UsageError(f"There is no folder {args.root} of learners to grade.")
    if not args.csv.parent.is_dir():
        raise UsageError(f"--csv: there is no folder {args.csv.parent}")
    known = catalog.available_topics()
    for topic in args.topics or []:
        if topic not in known:
            raise UsageError(f"There is no topic {topic!r}; topics: {', '.join(known)}")
    if args.jobs < 1:
        raise UsageError(f"--jobs must be 1 or more, got {args.jobs}")
    if args.timeout <= 0 or args.learner_timeout <= 0:
        raise UsageError("--timeout and --learner-timeout must be positive")
    if args.seed is None:
        given = os.environ.get(SEED_VARIABLE, "").strip()
        if given and not given.isdigit():
            raise UsageError(f"{SEED_VARIABLE} must be a whole number, 0 or more")
        args.seed = int(given) if given else 0
    if args.seed < 0:
        raise UsageError(f"--seed must be 0 or more, got {args.seed}")
    if args.shard is not None:
        parse_shard(args.shard)
    if args.deadline is not None:
        args.deadline = parse_deadline(args.deadline)
    if not sandbox.jail_available() and not args.no_isolation:
        raise UsageError(
            "Refusing to grade a class without the grader's jail: this system does not "
            "allow Linux user namespaces, so one learner's code could reach the others' "
            "submissions and this process. Allow them (on Ubuntu: sudo sysctl -w "
            "kernel.apparmor_restrict_unprivileged_userns=0), or, on a machine used for "
            "nothing else, pass --no-isolation.")
    if args.roster:
        args.root.mkdir(parents=True, exist_ok=True)


def parse_shard(text: str) -> tuple[int, int]:
    """``"K/N"`` as (K, N), 1 <= K <= N."""
    match = re.fullmatch(r"(\d+)/(\d+)", text.strip())
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise UsageError(f"--shard must be K/N with 1 <= K <= N, got {text!r}")
    return int(match[1]), int(match[2])


def shard(learners: list[Learner], text: str | None) -> list[Learner]:
    """The K-th of N shares: every N-th learner in name order, starting from the K-th."""
    if text is None:
        return learners
    k, n = parse_shard(text)
    return sorted(learners, key=lambda x: x.name)[k - 1::n]


def parse_deadline(text: str) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--deadline must be an ISO-8601 time such as "
                         f"2026-12-01T23:59:00+00:00, got {text!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def folder_learners(root: Path) -> list[Learner]:
    """A learner per folder of ROOT, by name; other names are left out, with a warning."""
    learners = []
    for entry in sorted(root.iterdir()):
        if entry.name.startswith(".") or not entry.is_dir():
            continue
        if not LEARNER_NAME.fullmatch(entry.name):
            print(f"Skipping {entry}: a learner's folder name is letters, digits, '.', "
                  "'_' and '-'.", file=sys.stderr)
            continue
        learners.append(Learner(entry.name, entry))
    return learners


def roster_learners(roster: Path, root: Path) -> list[Learner]:
    """The roster's learners (``learner,url`` per line; a header line is optional)."""
    learners: dict[str, Learner] = {}
    rows = csv.reader(io.StringIO(roster.read_text(encoding="utf-8-sig")))
    for number, row in enumerate(rows, 1):
        cells = [c.strip() for c in row]
        if not cells or not any(cells) or cells[0].startswith("#"):
            continue
        if number == 1 and cells[0].lower() in ("learner", "name", "login", "username"):
            continue
        if len(cells) < 2 or not LEARNER_NAME.fullmatch(cells[0]) or not cells[1]:
            raise UsageError(f"{roster}, line {number}: expected learner,url with a name of "
                             "letters, digits, '.', '_' and '-'")
        if cells[0] in learners:
            raise UsageError(f"{roster}, line {number}: {cells[0]} is listed twice")
        learners[cells[0]] = Learner(cells[0], root / cells[0], url=cells[1])
    return list(learners.values())


# --- Reading a learner's submission, as data ------------------------------------------

def _git(folder: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    env |= {"GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat"}
    return subprocess.run(["git", *GIT_SAFE, "-C", str(folder), *args], capture_output=True,
                          timeout=timeout, env=env, stdin=subprocess.DEVNULL)


def clone(learner: Learner) -> None:
    """Clone the learner's fork bare into its folder, or fetch it again if already there.

    A bare clone has no working tree: the learner's files are never written to disk,
    only read out of git's objects at grading time.
    """
    url = learner.url or ""
    if url.startswith("-") or "::" in url.split("/", 1)[0]:
        learner.status, learner.notes = "failed", [f"refused the git URL {url!r}"]
        return
    if is_repository(learner.folder) and not _is_bare(learner.folder):
        learner.notes.append("already a clone with a working tree: graded as it is, "
                             "not fetched")
        return
    if _is_bare(learner.folder):
        done = _git(learner.folder, "fetch", "--quiet", "--prune", "origin",
                    "+refs/heads/*:refs/heads/*", timeout=600)
    else:
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}  # clone with the instructor's access
        done = subprocess.run(["git", "-c", "protocol.ext.allow=never", "clone", "--bare",
                               "--quiet", "--", url, str(learner.folder)],
                              capture_output=True, timeout=600, env=env,
                              stdin=subprocess.DEVNULL)
        if done.returncode == 0:
            _git(learner.folder, "config", "remote.origin.fetch", "+refs/heads/*:refs/heads/*")
    if done.returncode != 0:
        learner.status = "failed"
        learner.notes.append(f"could not clone {_redact(url)}: {_last_line(done.stderr)}")


def _redact(text: str) -> str:
    """A URL or message without the password or token a URL may carry."""
    return re.sub(r"://[^/@\s]+@", "://***@", text)


def _last_line(data: bytes) -> str:
    lines = data.decode(errors="replace").strip().splitlines()
    return _redact(lines[-1])[:300] if lines else "no message"


def is_repository(folder: Path) -> bool:
    return (folder / ".git").exists() or ((folder / "HEAD").is_file()
                                          and (folder / "objects").is_dir())


def _is_bare(folder: Path) -> bool:
    return not (folder / ".git").exists() and is_repository(folder)


def graded_revision(learner: Learner, deadline: datetime.datetime | None) -> str | None:
    """The commit to grade: the last before the deadline, or HEAD of a bare clone; None
    to read the working tree. Sets the learner's status when there is nothing to grade."""
    if not is_repository(learner.folder) or (deadline is None
                                             and not _is_bare(learner.folder)):
        if deadline is not None:
            learner.notes.append("not a git clone: graded as it is, whatever the deadline")
        return None
    args = ["log", "-1", "--format=%H", "--no-show-signature"]
    if deadline is not None:
        args.append(f"--before={deadline.isoformat()}")
    done = _git(learner.folder, *args, "HEAD")
    commit = done.stdout.decode(errors="replace").strip()
    if done.returncode != 0 or not re.fullmatch(r"[0-9a-f]{40,64}", commit):
        learner.status = "missing"
        learner.notes.append("no commit before the deadline" if deadline else "no commits")
        return None
    learner.commit = commit
    return commit


def read_submission(learner: Learner, topic: str, revision: str | None) -> str | None:
    """The text of the learner's ``<topic>.py``, or None (with a note) when there is none
    that can be read: missing, not a regular file (a symlink, say), or too large."""
    if revision is not None:
        return _read_from_git(learner, topic, revision)
    base = learner.folder / "exercises"
    if not _plain_folder(base):
        base = learner.folder  # a copy of exercises/ itself
    text, problem = read_regular_file(base / f"{topic}.py")
    if problem:
        learner.notes.append(problem)
    return text


def read_regular_file(path: Path) -> tuple[str | None, str | None]:
    """(text, None) for a regular file of at most MAX_SOURCE_BYTES; (None, why not) for a
    symlink, a folder, a pipe or a larger file; (None, None) when there is nothing there.

    The last component is opened without following a symlink (a learner may commit one
    that points at another learner's file, or at a secret of the grading machine).
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return None, None
    except OSError:
        return None, f"{path.name} is not a regular file; not read"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, f"{path.name} is not a regular file; not read"
        if info.st_size > MAX_SOURCE_BYTES:
            return None, f"{path.name} is larger than {MAX_SOURCE_BYTES >> 20} MB; not read"
        with os.fdopen(fd, "rb", closefd=False) as file:
            return file.read(MAX_SOURCE_BYTES).decode("utf-8", errors="replace"), None
    finally:
        os.close(fd)


def _plain_folder(path: Path) -> bool:
    """A real folder, not a symlink a learner committed to lead the reader elsewhere."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _read_from_git(learner: Learner, topic: str, revision: str) -> str | None:
    path = f"exercises/{topic}.py"
    listed = _git(learner.folder, "ls-tree", "-z", "--full-tree", revision, "--", path)
    entry = listed.stdout.decode(errors="replace").split("\0")[0]
    if listed.returncode != 0 or not entry:
        return None
    mode, kind, _ = entry.split(" ", 2)
    if kind != "blob" or mode not in ("100644", "100755"):
        learner.notes.append(f"{topic}.py is not a regular file at {revision[:12]}; not read")
        return None
    size = _git(learner.folder, "cat-file", "-s", f"{revision}:{path}")
    if size.returncode != 0 or int(size.stdout or 0) > MAX_SOURCE_BYTES:
        learner.notes.append(f"{topic}.py is larger than {MAX_SOURCE_BYTES >> 20} MB; not read")
        return None
    # cat-file, unlike show, never runs a textconv filter the repository may configure.
    done = _git(learner.folder, "cat-file", "blob", f"{revision}:{path}")
    return done.stdout.decode("utf-8", errors="replace") if done.returncode == 0 else None


# --- Grading one learner ---------------------------------------------------------------

def grade_learner(learner: Learner, topics: list[str], args: argparse.Namespace) -> Learner:
    """Grade one learner in a private folder; whatever happens ends up in its row."""
    try:
        if learner.url is not None:
            clone(learner)
        if learner.status == "graded":
            _grade(learner, topics, args)
    except Exception as error:  # one learner's trouble must not stop the class
        learner.status = "failed"
        learner.notes.append(f"the gradebook could not grade this folder: {error!r}"[:300])
    if learner.results is None:
        learner.results = _empty_results(topics, learner.status)
        report.write_json(args.results / f"{learner.name}.json", learner.results)
    return learner


def _grade(learner: Learner, topics: list[str], args: argparse.Namespace) -> None:
    revision = graded_revision(learner, args.deadline)
    if learner.status != "graded":
        return
    private = Path(tempfile.mkdtemp(prefix=f"kata-gradebook-{learner.name}-"))
    try:
        solutions = private / learner.name
        solutions.mkdir()
        found = []
        for topic in topics:
            text = read_submission(learner, topic, revision)
            if text is not None:
                (solutions / f"{topic}.py").write_text(text, encoding="utf-8")
                found.append(topic)
        if not found:
            learner.status = "missing"
            learner.notes.append("no exercises/<topic>.py to grade")
            return
        out = args.results / f"{learner.name}.json"
        out.unlink(missing_ok=True)
        status, printed = run_grader(solutions, out, found, private, seed=args.seed,
                                     timeout=args.timeout, wall_timeout=args.learner_timeout,
                                     options=["--hidden"] if args.hidden else [])
        (args.results / f"{learner.name}.txt").write_text(printed, encoding="utf-8")
        if status in (0, 1) and out.is_file():
            learner.results = json.loads(out.read_text())
        else:
            learner.status = "failed"
            learner.notes.append("grading did not finish: " + (
                f"it took more than {args.learner_timeout:g} s" if status is None
                else f"the grader stopped with status {status}"))
    finally:
        shutil.rmtree(private, ignore_errors=True)


def run_grader(solutions: Path, out: Path, topics: list[str], private: Path, *, seed: int,
               timeout: float, wall_timeout: float, options: list[str] = ()
               ) -> tuple[int | None, str]:
    """``python -m graders`` on one learner's private folder; (exit status or None when it
    took longer than ``wall_timeout``, what it printed).

    It starts isolated (no PYTHON* variables, no site hooks, no bytecode from disk),
    in the private folder, with a small environment: the seed travels as a variable, so
    it is on no command line, and the grader keeps it from the learner's worker.
    """
    env = {k: v for k, v in os.environ.items()
           if k in GRADER_ENV or k.startswith(GRADER_ENV_PREFIXES)}
    env |= {"HOME": str(private), "TMPDIR": str(private), SEED_VARIABLE: str(seed),
            "NO_COLOR": "1"}
    command = [sys.executable, "-I", "-S", "-X", f"pycache_prefix={private / 'pycache'}",
               "-c", BOOT, str(catalog.ROOT), _site_packages(), "graders", *topics,
               "--solutions", str(solutions), "--json", str(out.resolve()),
               "--timeout", f"{timeout:g}", *options]
    process = subprocess.Popen(command, cwd=private, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        printed, _ = process.communicate(timeout=wall_timeout)
        status = process.returncode
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        printed, _ = process.communicate()
        status = None
    return status, printed[:OUTPUT_KEPT].decode(errors="replace")


def _site_packages() -> str:
    import numpy

    return str(Path(numpy.__file__).resolve().parent.parent)


def _empty_results(topics: list[str], status: str) -> dict:
    """Results for a learner with nothing graded: 0 points, every exercise missing (nothing
    was submitted) or an error (it could not be graded)."""
    exercises = [e for t in topics for e in catalog.exercises(t)]
    outcome = "missing" if status == "missing" else "error"
    return {"score": 0, "max_score": sum(e.points for e in exercises),
            "output": f"not graded ({status})",
            "tests": [{"name": f"{e.topic}.{e.name}", "score": 0, "max_score": e.points,
                       "status": "failed", "output": f"not graded ({status})",
                       "extra_data": {"outcome": outcome, "topic": e.topic}}
                      for e in exercises]}


# --- The gradebook ---------------------------------------------------------------------

def gradebook_rows(learners: list[Learner], topics: list[str]) -> tuple[list[str], list[list]]:
    """The CSV: learner, total, max, status, note, commit, points per topic, outcome per
    exercise (``missing`` for a topic the learner has no file for); one row per learner,
    by name."""
    exercises = [e for t in topics for e in catalog.exercises(t)]
    header = ["learner", "total", "max", "status", "note", "commit", *topics,
              *(f"{e.topic}.{e.name}" for e in exercises)]
    rows = []
    for learner in sorted(learners, key=lambda x: x.name):
        tests = {t["name"]: t for t in learner.results.get("tests", [])}
        points = dict.fromkeys(topics, 0)
        outcomes = []
        for e in exercises:
            test = tests.get(f"{e.topic}.{e.name}")
            outcomes.append(test["extra_data"]["outcome"] if test else "missing")
            points[e.topic] += test["score"] if test else 0
        rows.append([learner.name, sum(points.values()), sum(e.points for e in exercises),
                     learner.status, "; ".join(learner.notes), learner.commit[:12],
                     *points.values(), *outcomes])
    return header, rows


def merge(paths: list[Path]) -> list[list[str]]:
    """Shards' gradebooks as one: the same columns, each learner once, by name."""
    header, rows, seen = None, [], {}
    for path in paths:
        if not path.is_file():
            raise UsageError(f"There is no gradebook {path} to merge.")
        with open(path, newline="", encoding="utf-8") as file:
            table = list(csv.reader(file))
        if not table:
            raise UsageError(f"{path} is empty.")
        if header is None:
            header = table[0]
        elif table[0] != header:
            raise UsageError(f"{path} has other columns than {paths[0]}: were the shards "
                             "graded with the same topics and the same kata?")
        for row in table[1:]:
            if not row:
                continue
            if row[0] in seen:
                raise UsageError(f"{row[0]} is in both {seen[row[0]]} and {path}.")
            seen[row[0]] = path
            rows.append(row)
    return [header, *sorted(rows, key=lambda r: r[0])]


def _write_csv(path: Path, header: list, rows: list[list]) -> None:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    report.write_text(path, text.getvalue())


if __name__ == "__main__":
    sys.exit(main())
