"""Sessions for learners (grade a topic, get a hint) and for maintainers (tests, docs).

Every grading session shares one small environment (.nox/kata: NumPy, pytest,
pytest-timeout), created on first use and then reused, so feedback takes about a second
and a new topic does not reinstall anything.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nox

ROOT = Path(__file__).parent
sys.path.insert(0, str(ROOT))
from graders.catalog import TOPICS, available_topics  # noqa: E402

# nox.project.load_toml and dependency_groups work from this release on (tried).
nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv" if shutil.which("uv") else "virtualenv"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["grade"]

PYPROJECT = nox.project.load_toml("pyproject.toml")
RUNTIME = PYPROJECT["project"]["dependencies"]
DEV = nox.project.dependency_groups(PYPROJECT, "dev")
KATA_ENV = Path(os.environ.get("KATA_ENV", ROOT / ".nox" / "kata"))  # tests move it


# How the grading process starts: isolated (-I: no PYTHON* variables, no user site),
# without site processing (-S: no .pth hook a learner's code may have planted in the
# environment), never reading bytecode from __pycache__ folders a learner's code could
# have written (a fresh pycache prefix per run), with the repository and the grading
# environment's site-packages put on the path by hand.
BOOT = ("import runpy, sys; sys.path[:0] = sys.argv[1:3]; sys.argv = sys.argv[3:]; "
        "runpy.run_module(sys.argv[0], run_name='__main__', alter_sys=True)")


FAILED = {1: "Not full marks yet: read the feedback above, fix, and grade again",
          2: "Nothing was graded (see the message above)"}


def run_kata(session: nox.Session, module: str, *args: str, ok: tuple[int, ...] = (0,),
             ) -> int:
    """Run ``python -m MODULE ARGS`` in the grading environment, started as BOOT says.

    The session fails with one short line, not nox's long command line, unless the exit
    status is in ``ok``.
    """
    python = kata_python(session)
    site = (KATA_ENV / "kata-site.txt").read_text().strip()
    bytecode = tempfile.mkdtemp(prefix="kata-pycache-")
    try:
        code = subprocess.call([python, "-I", "-S", "-X", f"pycache_prefix={bytecode}",
                                "-c", BOOT, str(ROOT), site, module, *args])
    finally:
        shutil.rmtree(bytecode, ignore_errors=True)
    if code not in ok:
        session.error(FAILED.get(code, f"The command stopped with status {code}."))
    return code


def kata_python(session: nox.Session) -> str:
    """The grading environment's interpreter, creating or updating the environment first."""
    python = KATA_ENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    stamp = KATA_ENV / "kata-requirements.txt"
    wanted = "\n".join(RUNTIME)
    if python.exists() and stamp.exists() and stamp.read_text() == wanted and (
            KATA_ENV / "kata-site.txt").exists():
        return str(python)
    uv = shutil.which("uv")
    if uv:
        session.run(uv, "venv", "--quiet", "--allow-existing", "--python", sys.executable,
                    str(KATA_ENV), external=True)
        session.run(uv, "pip", "install", "--quiet", "--python", str(python), *RUNTIME,
                    external=True)
    else:
        session.run(sys.executable, "-m", "venv", str(KATA_ENV), external=True)
        session.run(str(python), "-m", "pip", "install", "--quiet",
                    "--disable-pip-version-check", *RUNTIME, external=True)
    site = session.run(str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                       "['purelib'])", external=True, silent=True)
    (KATA_ENV / "kata-site.txt").write_text(site.strip())
    stamp.write_text(wanted)
    return str(python)


def _topic_session(topic: str):
    def grade_topic(session: nox.Session) -> None:
        # Exercise names after `--` are understood by the grader itself.
        run_kata(session, "graders", topic, *session.posargs)

    grade_topic.__doc__ = f"Grade {TOPICS[topic][0].lower()}; add exercise names to grade some."
    return grade_topic


for _topic in available_topics():
    nox.session(name=_topic, venv_backend="none", default=False)(_topic_session(_topic))


@nox.session(venv_backend="none")
def grade(session: nox.Session) -> None:
    """Grade every topic (the default session)."""
    run_kata(session, "graders", *session.posargs)


@nox.session(venv_backend="none", default=False)
def results(session: nox.Session) -> None:
    """Grade everything and write results.json (Gradescope's format) for CI."""
    run_kata(session, "graders", "--json", "results.json", *session.posargs, ok=(0, 1))


@nox.session(venv_backend="none", default=False)
def gradescope(session: nox.Session) -> None:
    """Build dist/gradescope-autograder.zip (instructors): -- [--hidden] [--topics ...]."""
    run_kata(session, "tools.gradescope", *session.posargs)


@nox.session(venv_backend="none", default=False)
def hint(session: nox.Session) -> None:
    """Show the next hint for an exercise: nox -s hint -- adam_step."""
    run_kata(session, "graders.hints", *session.posargs)


@nox.session(venv_backend="none", default=False)
def watch(session: nox.Session) -> None:
    """Re-grade on every save: -- [TOPIC]; keys h hint, n next, l list, q quit."""
    run_kata(session, "graders.watch", *session.posargs, ok=(0, 1))


@nox.session(venv_backend="none", default=False)
def progress(session: nox.Session) -> None:
    """Your progress, readiness per topic, calibration and what to do next (--json)."""
    run_kata(session, "graders.progress", *session.posargs)


@nox.session(venv_backend="none", default=False)
def drill(session: nox.Session) -> None:
    """Write a passed exercise again from memory: -- [TOPIC|NAME], then -- --check."""
    run_kata(session, "graders.drill", *session.posargs, ok=(0, 1))


@nox.session(venv_backend="none", default=False)
def quiz(session: nox.Session) -> None:
    """Answer a due recall question, then grade yourself: -- [TOPIC]."""
    run_kata(session, "graders.quiz", *session.posargs)


@nox.session(venv_backend="none", default=False)
def solution(session: nox.Session) -> None:
    """Show the reference solution of an exercise you have passed: -- NAME."""
    if run_kata(session, "graders.solution", *session.posargs, ok=(0, 2)):
        session.error("No solution shown (see the message above)")


@nox.session(default=False)
def plots(session: nox.Session) -> None:
    """Draw your functions beside the reference as PNGs in plots/: -- [NAME] (matplotlib)."""
    stamp = Path(session.virtualenv.location) / "plots-requirements.txt"
    wanted = "matplotlib>=3.7\nnumpy>=1.26"
    if not (stamp.exists() and stamp.read_text() == wanted):
        session.install(*wanted.split("\n"))
        stamp.write_text(wanted)
    session.run("python", "-m", "tools.plots", *session.posargs)


@nox.session(default=False)
def tests(session: nox.Session) -> None:
    """The project's own tests and lint (maintainers)."""
    stamp = Path(session.virtualenv.location) / "kata-requirements.txt"
    wanted = "\n".join([*RUNTIME, *DEV])
    if not (stamp.exists() and stamp.read_text() == wanted):
        session.install(*RUNTIME, *DEV)
        stamp.write_text(wanted)
    session.run("ruff", "check", ".")
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session(default=False)
def benchmark(session: nox.Session) -> None:
    """Time the references against scikit-learn, pandas and sacrebleu (maintainers)."""
    session.install(*RUNTIME, *DEV)
    session.run("python", "-m", "tools.benchmark", *session.posargs)


@nox.session(venv_backend="none", default=False)
def docs(session: nox.Session) -> None:
    """Rewrite README.md's topic table from the grader tables (maintainers)."""
    run_kata(session, "graders.docs")


@nox.session(venv_backend="none", default=False)
def reset(session: nox.Session) -> None:
    """Restore one exercise's stub, leaving your other functions alone: -- NAME."""
    if len(session.posargs) != 1:
        session.error("Name one exercise: nox -s reset -- adam_step")
    run_kata(session, "tools.stubgen", "--reset", *session.posargs)


@nox.session(venv_backend="none", default=False)
def stubs(session: nox.Session) -> None:
    """Regenerate exercises/ from reference/ (maintainers; overwrites learners' work)."""
    run_kata(session, "tools.stubgen", *session.posargs)
