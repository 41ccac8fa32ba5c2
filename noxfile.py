"""Sessions for learners (grade a topic, get a hint) and for maintainers (tests, docs).

Every grading session shares one small environment (.nox/kata: NumPy, pytest,
pytest-timeout), created on first use and then reused, so feedback takes about a second
and a new topic does not reinstall anything.
"""

import os
import shutil
import sys
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


def kata_python(session: nox.Session) -> str:
    """The grading environment's interpreter, creating or updating the environment first."""
    python = KATA_ENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    stamp = KATA_ENV / "kata-requirements.txt"
    wanted = "\n".join(RUNTIME)
    if python.exists() and stamp.exists() and stamp.read_text() == wanted:
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
    stamp.write_text(wanted)
    return str(python)


def _topic_session(topic: str):
    def grade_topic(session: nox.Session) -> None:
        # Exercise names after `--` are understood by the grader itself.
        session.run(kata_python(session), "-m", "graders", topic, *session.posargs,
                    external=True)

    grade_topic.__doc__ = f"Grade {TOPICS[topic][0].lower()}; add exercise names to grade some."
    return grade_topic


for _topic in available_topics():
    nox.session(name=_topic, venv_backend="none", default=False)(_topic_session(_topic))


@nox.session(venv_backend="none")
def grade(session: nox.Session) -> None:
    """Grade every topic (the default session)."""
    session.run(kata_python(session), "-m", "graders", *session.posargs, external=True)


@nox.session(venv_backend="none", default=False)
def results(session: nox.Session) -> None:
    """Grade everything and write results.json (Gradescope's format) for CI."""
    session.run(kata_python(session), "-m", "graders", "--json", "results.json",
                *session.posargs, external=True, success_codes=[0, 1])


@nox.session(venv_backend="none", default=False)
def hint(session: nox.Session) -> None:
    """Show the next hint for an exercise: nox -s hint -- adam_step."""
    session.run(kata_python(session), "-m", "graders.hints", *session.posargs, external=True)


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


@nox.session(venv_backend="none", default=False)
def docs(session: nox.Session) -> None:
    """Rewrite README.md's topic table from the grader tables (maintainers)."""
    session.run(kata_python(session), "-m", "graders.docs", external=True)


@nox.session(venv_backend="none", default=False)
def reset(session: nox.Session) -> None:
    """Restore one exercise's stub, leaving your other functions alone: -- NAME."""
    if len(session.posargs) != 1:
        session.error("Name one exercise: nox -s reset -- adam_step")
    session.run(kata_python(session), "-m", "tools.stubgen", "--reset", *session.posargs,
                external=True)


@nox.session(venv_backend="none", default=False)
def stubs(session: nox.Session) -> None:
    """Regenerate exercises/ from reference/ (maintainers; overwrites learners' work)."""
    session.run(kata_python(session), "-m", "tools.stubgen", *session.posargs, external=True)
