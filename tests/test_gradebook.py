"""The instructor's gradebook: a class of learners' folders graded in parallel, one row
each; broken, missing and hostile submissions; deadlines on git clones; a roster of
forks cloned from local repositories; shards and their merge; the secret seed."""

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graders import catalog
from tests.conftest import ROOT
from tests.support import splice

TOPIC = "optimization"
EXERCISES = [e.name for e in catalog.exercises(TOPIC)]
FULL = sum(e.points for e in catalog.exercises(TOPIC))
REFERENCE = (ROOT / "reference" / f"{TOPIC}.py").read_text()
STUBS = (ROOT / "exercises" / f"{TOPIC}.py").read_text()
GIT = ["git", "-c", "user.name=Learner", "-c", "user.email=learner@example.com"]


def gradebook(*args, env=None, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, **(env or {})}
    env.setdefault("KATA_SEED", "0")
    return subprocess.run([sys.executable, "-m", "graders.gradebook", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, env=env, **kwargs)


def rows(path: Path) -> dict[str, dict[str, str]]:
    with open(path, newline="") as file:
        return {row["learner"]: row for row in csv.DictReader(file)}


def outcomes(row: dict[str, str]) -> set[str]:
    return {row[f"{TOPIC}.{name}"] for name in EXERCISES}


def learner(root: Path, name: str, source: str | None, inside_exercises: bool = True) -> Path:
    folder = root / name / ("exercises" if inside_exercises else "")
    folder.mkdir(parents=True, exist_ok=True)
    if source is not None:
        (folder / f"{TOPIC}.py").write_text(source)
    return folder


WRONG_SOFTMAX = splice(REFERENCE, "softmax", "def softmax(z, axis=-1):\n    return z\n")
HOSTILE = '''
import os, signal
from pathlib import Path
for target in {targets!r}:
    try:
        Path(target).write_text("learner,total\\nmallory,9999\\n")
    except OSError:
        pass
try:
    os.kill(os.getppid(), signal.SIGKILL)
except OSError:
    pass


def softmax(z, axis=-1):
    raise ValueError(f"seed={{os.environ.get('KATA_SEED')}}")
'''


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    """A class with a finished, an untouched, a broken, a hostile, a symlinked and an
    empty submission, graded in one run with a secret seed."""
    tmp = tmp_path_factory.mktemp("class")
    root, results, book = tmp / "forks", tmp / "results", tmp / "gradebook.csv"
    learner(root, "alice", REFERENCE)
    learner(root, "bob", STUBS, inside_exercises=False)  # just a copy of exercises/
    learner(root, "carol", "def softmax(z, axis=-1:\n    return z\n")
    learner(root, "lee", WRONG_SOFTMAX)
    targets = [str(book), str(results / "alice.json"), str(root / "alice" / "exercises"
                                                            / f"{TOPIC}.py")]
    learner(root, "mallory", HOSTILE.format(targets=targets))
    (learner(root, "erin", None) / f"{TOPIC}.py").symlink_to(
        root / "alice" / "exercises" / f"{TOPIC}.py")
    marker = tmp / "learner-code-ran"
    planted = f"open({str(marker)!r}, 'w').write('ran')\n"
    for name in ("noxfile.py", "conftest.py", "graders/__init__.py", "graders/__main__.py",
                 "sitecustomize.py"):
        for owner in ("frank", "alice"):  # beside no submission, and beside one
            (root / owner / name).parent.mkdir(parents=True, exist_ok=True)
            (root / owner / name).write_text(planted)
    done = gradebook(str(root), "--csv", str(book), "--results", str(results),
                     "--topics", TOPIC, "--jobs", "2", "--timeout", "3",
                     env={"KATA_SEED": "4242424242"})
    assert done.returncode == 0, done.stdout + done.stderr
    return {"rows": rows(book), "results": results, "root": root, "marker": marker}


def test_one_row_per_learner_with_points_and_outcomes(graded_class):
    table = graded_class["rows"]
    assert set(table) == {"alice", "bob", "carol", "lee", "mallory", "erin", "frank"}
    alice = table["alice"]
    assert (alice["total"], alice[TOPIC], alice["max"], alice["status"]) == (
        str(FULL), str(FULL), str(FULL), "graded")
    assert outcomes(alice) == {"passed"}
    assert table["bob"]["total"] == "0"
    assert outcomes(table["bob"]) == {"not_attempted"}
    assert outcomes(table["carol"]) == {"error"}
    for name in table:
        assert (graded_class["results"] / f"{name}.json").is_file()


def test_missing_and_symlinked_submissions_are_missing_rows(graded_class):
    table = graded_class["rows"]
    assert table["frank"]["status"] == "missing"
    assert outcomes(table["frank"]) == {"missing"}
    assert table["erin"]["status"] == "missing"  # a symlink is never followed
    assert "not a regular file" in table["erin"]["note"]


def test_a_hostile_submission_changes_only_its_own_row(graded_class):
    table = graded_class["rows"]
    assert "9999" not in {row["total"] for row in table.values()}
    assert table["alice"]["total"] == str(FULL)  # its file and results were not touched
    mallory = table["mallory"]
    assert mallory["total"] == "0"
    assert mallory["status"] != "failed"
    assert (graded_class["root"] / "alice" / "exercises" / f"{TOPIC}.py").read_text() \
        == REFERENCE


def test_the_secret_seed_never_reaches_learner_code(graded_class):
    text = (graded_class["results"] / "mallory.txt").read_text()
    assert "seed=None" in text  # its code ran, and the variable was not there
    for path in graded_class["results"].iterdir():
        assert "4242424242" not in path.read_text()


def test_refuses_to_grade_without_the_jail_unless_told(tmp_path):
    learner(tmp_path / "forks", "bob", STUBS)
    args = [str(tmp_path / "forks"), "--csv", str(tmp_path / "book.csv"), "--results",
            str(tmp_path / "results"), "--topics", TOPIC]
    done = gradebook(*args, env={"KATA_JAIL": "0"})
    assert done.returncode == 2
    assert "Refusing to grade a class without the grader's jail" in done.stderr
    assert not (tmp_path / "book.csv").exists()
    done = gradebook(*args, "--no-isolation", env={"KATA_JAIL": "0"})
    assert done.returncode == 0, done.stderr
    assert outcomes(rows(tmp_path / "book.csv")["bob"]) == {"not_attempted"}


def commit(repo: Path, source: str, date: str, message: str) -> str:
    (repo / "exercises").mkdir(parents=True, exist_ok=True)
    (repo / "exercises" / f"{TOPIC}.py").write_text(source)
    env = {**os.environ, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_DATE": date}
    subprocess.run([*GIT, "-C", str(repo), "add", "-A"], check=True, env=env)
    subprocess.run([*GIT, "-C", str(repo), "commit", "-q", "-m", message], check=True, env=env)
    return subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], check=True,
                          capture_output=True, text=True).stdout.strip()


def make_fork(path: Path) -> Path:
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True)
    return path


def test_deadline_grades_each_clone_at_its_last_commit_before_it(tmp_path):
    repo = make_fork(tmp_path / "forks" / "gina")
    on_time = commit(repo, REFERENCE, "2026-01-01T12:00:00+00:00", "finished")
    (repo / "exercises" / "probability.py").symlink_to("/etc/passwd")
    commit(repo, STUBS, "2026-02-01T12:00:00+00:00", "started over, late")
    learner(tmp_path / "forks", "hugo", STUBS)  # not a clone: graded as it is
    late = make_fork(tmp_path / "forks" / "gabe")
    commit(late, REFERENCE, "2026-01-20T00:00:00+00:00", "only commit, late")
    book = tmp_path / "book.csv"
    done = gradebook(str(tmp_path / "forks"), "--csv", str(book), "--results",
                     str(tmp_path / "results"), "--topics", TOPIC, "probability",
                     "--deadline", "2026-01-15T00:00:00")
    assert done.returncode == 0, done.stderr
    table = rows(book)
    assert table["gina"]["commit"] == on_time[:12]
    assert table["gina"][TOPIC] == str(FULL)
    assert "not a git clone" in table["hugo"]["note"]
    assert outcomes(table["hugo"]) == {"not_attempted"}
    assert table["gabe"]["status"] == "missing"
    assert "no commit before the deadline" in table["gabe"]["note"]
    # Without a deadline, a clone is graded as its working tree stands (the late stubs),
    # and the symlink committed in place of probability.py is never followed.
    done = gradebook(str(tmp_path / "forks"), "--csv", str(book), "--results",
                     str(tmp_path / "results"), "--topics", TOPIC, "probability")
    gina = rows(book)["gina"]
    assert outcomes(gina) == {"not_attempted"}
    assert "probability.py is not a regular file" in gina["note"]


def test_roster_clones_each_fork_then_fetches_it_again(tmp_path):
    origin = make_fork(tmp_path / "origins" / "ivy")
    commit(origin, STUBS, "2026-01-01T12:00:00+00:00", "start")
    other = make_fork(tmp_path / "origins" / "jack")
    commit(other, STUBS, "2026-01-01T12:00:00+00:00", "start")
    roster = tmp_path / "roster.csv"
    roster.write_text(f"learner,url\nivy,file://{origin}\njack,{other}\n"
                      f"kim,{tmp_path / 'origins' / 'nobody'}\n")
    forks, book = tmp_path / "forks", tmp_path / "book.csv"
    args = [str(forks), "--roster", str(roster), "--csv", str(book), "--results",
            str(tmp_path / "results"), "--topics", TOPIC]
    done = gradebook(*args)
    assert done.returncode == 0, done.stderr
    table = rows(book)
    assert outcomes(table["ivy"]) == outcomes(table["jack"]) == {"not_attempted"}
    assert table["kim"]["status"] == "failed"
    assert "could not clone" in table["kim"]["note"]
    assert not (forks / "ivy" / "exercises").exists()  # bare: no learner file on disk
    latest = commit(origin, REFERENCE, "2026-01-02T12:00:00+00:00", "done")
    assert gradebook(*args).returncode == 0
    ivy = rows(book)["ivy"]
    assert (ivy["commit"], ivy["total"]) == (latest[:12], str(FULL))


def test_shards_merge_into_the_whole_gradebook(tmp_path):
    for name in ("ann", "ben", "cat"):
        learner(tmp_path / "forks", name, STUBS)
    common = [str(tmp_path / "forks"), "--results", str(tmp_path / "results"),
              "--topics", TOPIC]
    shards = []
    for k in (1, 2):
        shards.append(tmp_path / f"shard-{k}.csv")
        assert gradebook(*common, "--csv", str(shards[-1]), "--shard", f"{k}/2").returncode == 0
    assert [set(rows(s)) for s in shards] == [{"ann", "cat"}, {"ben"}]
    merged = tmp_path / "merged.csv"
    done = gradebook("--merge", *map(str, shards), "--csv", str(merged))
    assert done.returncode == 0, done.stderr
    lines = [s.read_text().splitlines() for s in shards]
    assert lines[0][0] == lines[1][0]
    assert merged.read_text().splitlines() == [lines[0][0], *sorted(lines[0][1:] + lines[1][1:])]
    done = gradebook("--merge", str(shards[0]), str(shards[0]), "--csv", str(merged))
    assert done.returncode == 2
    assert "ann is in both" in done.stderr


def test_the_seed_changes_the_cases_graded(graded_class, tmp_path):
    learner(tmp_path / "forks", "lee", WRONG_SOFTMAX)
    done = gradebook(str(tmp_path / "forks"), "--csv", str(tmp_path / "book.csv"),
                     "--results", str(tmp_path / "results"), "--topics", TOPIC,
                     env={"KATA_SEED": "0"})
    assert done.returncode == 0, done.stderr
    called = [[x for x in (folder / "lee.txt").read_text().splitlines()
               if "called   softmax" in x]
              for folder in (graded_class["results"], tmp_path / "results")]
    assert called[0]
    assert called[1]
    assert called[0] != called[1]


@pytest.mark.parametrize(("args", "message"), [
    (["--shard", "3/2"], "--shard must be K/N"),
    (["--deadline", "next friday"], "--deadline must be an ISO-8601 time"),
    (["--topics", "astrology"], "There is no topic 'astrology'"),
])
def test_usage_errors_exit_2_before_grading(tmp_path, args, message):
    (tmp_path / "forks").mkdir()
    done = gradebook(str(tmp_path / "forks"), "--csv", str(tmp_path / "book.csv"),
                     "--results", str(tmp_path / "results"), *args)
    assert done.returncode == 2
    assert message in done.stderr


def test_nothing_but_the_submission_is_taken_from_the_learners_folder(graded_class):
    assert not graded_class["marker"].exists()  # its graders/, noxfile, conftest never ran


def test_only_small_regular_files_are_read(tmp_path):
    from graders.gradebook import MAX_SOURCE_BYTES, read_regular_file

    (tmp_path / "ok.py").write_text("x = 1\n")
    (tmp_path / "big.py").write_bytes(b"#" * (MAX_SOURCE_BYTES + 1))
    (tmp_path / "link.py").symlink_to(tmp_path / "ok.py")
    os.mkfifo(tmp_path / "pipe.py")  # opening it for reading must not block
    (tmp_path / "folder.py").mkdir()
    assert read_regular_file(tmp_path / "ok.py") == ("x = 1\n", None)
    assert read_regular_file(tmp_path / "absent.py") == (None, None)
    for name, why in (("big.py", "larger than"), ("link.py", "not a regular file"),
                      ("pipe.py", "not a regular file"), ("folder.py", "not a regular file")):
        text, problem = read_regular_file(tmp_path / name)
        assert text is None
        assert why in problem, name


@pytest.mark.parametrize(("roster", "message"), [
    ("learner,url\nann,/a\nann,/b\n", "line 3: ann is listed twice"),
    ("../etc,/a\n", "line 1: expected learner,url"),
    ("ann\n", "line 1: expected learner,url"),
])
def test_roster_mistakes_are_usage_errors(tmp_path, roster, message):
    (tmp_path / "roster.csv").write_text(roster)
    done = gradebook(str(tmp_path / "forks"), "--roster", str(tmp_path / "roster.csv"),
                     "--csv", str(tmp_path / "book.csv"), "--results", str(tmp_path / "r"))
    assert done.returncode == 2
    assert message in done.stderr
