"""Build Gradescope's autograder bundle: ``nox -s gradescope -- [OPTIONS]``.

Writes ``dist/gradescope-autograder.zip``, laid out as Gradescope's specification asks
(https://gradescope-autograders.readthedocs.io/en/latest/specs/):

- ``setup.sh``: run once, as root, when Gradescope builds the image: a Python 3.11+
  environment at ``/autograder/kata-env`` with the pinned requirements;
- ``run_autograder``: run per submission; grades the submitted ``<topic>.py`` files into
  ``/autograder/results/results.json`` (``$AUTOGRADER_ROOT`` replaces ``/autograder``);
- ``requirements.txt``: the grading environment's packages, pinned to the versions
  this build ran with;
- ``kata/``: the graders, the references and ``kata.json`` (what the options chose).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import re
import sys
import tomllib
import zipfile
from pathlib import Path

from graders import catalog

DEFAULT_OUTPUT = catalog.ROOT / "dist" / "gradescope-autograder.zip"
FIXED_TIME = (2026, 1, 1, 0, 0, 0)  # every entry's date: the same inputs build the same zip

SETUP = r"""#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder's image: a Python
# 3.11+ environment with the pinned requirements, at $ROOT/kata-env.
set -euo pipefail
cd "$(dirname "$0")"
ROOT="${AUTOGRADER_ROOT:-/autograder}"
PYTHON=""
for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
        "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
        PYTHON="$candidate"
        break
    fi
done
if [ -z "$PYTHON" ]; then
    apt-get update -q
    apt-get install -y -q python3.11 python3.11-venv
    PYTHON=python3.11
fi
if ! "$PYTHON" -m venv "$ROOT/kata-env"; then
    VERSION="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    apt-get update -q
    apt-get install -y -q "python$VERSION-venv"
    "$PYTHON" -m venv "$ROOT/kata-env"
fi
"$ROOT/kata-env/bin/python" -m pip install --quiet --no-cache-dir \
    --disable-pip-version-check -r requirements.txt
"""

RUN_AUTOGRADER = r"""#!/usr/bin/env bash
# Gradescope runs this once per submission: it grades the submitted <topic>.py files
# into $ROOT/results/results.json. AUTOGRADER_ROOT, when set, replaces /autograder.
set -euo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
PYTHON="${KATA_PYTHON:-$ROOT/kata-env/bin/python}"
# The grader starts isolated (-I -S: no PYTHON* variables, no site hooks), with the
# bundle and the environment's site-packages put on the path by hand.
SITE="$("$PYTHON" -I -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
BOOT='import runpy, sys; sys.path[:0] = sys.argv[1:3]; sys.argv = sys.argv[3:]; '
BOOT+='runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)'
cd "$ROOT"
exec "$PYTHON" -I -S -B -c "$BOOT" "$ROOT/source/kata" "$SITE" graders.autograder "$ROOT"
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nox -s gradescope --",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, metavar="ZIP",
                        help="where to write the bundle (default: dist/gradescope-autograder"
                        ".zip)")
    parser.add_argument("--topics", nargs="+", choices=catalog.available_topics(),
                        metavar="TOPIC", help="topics the assignment grades (default: all)")
    parser.add_argument("--hidden", action="store_true",
                        help="tests visible to learners only after the due date; each says "
                        "only passed or failed, never a case's inputs")
    parser.add_argument("--markdown", action="store_true", help="feedback as Markdown")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed for the random cases (stored in the bundle)")
    parser.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                        help="time one call of learner code may take (default 10)")
    parser.add_argument("--no-isolation", action="store_true",
                        help="grade even where the jail is not available (Gradescope's "
                        "containers usually do not allow it): each submission then runs "
                        "alone in its container, as the grader")
    return parser


def pinned_requirements() -> list[str]:
    """The learner runtime's packages (pyproject.toml), at the versions installed here."""
    project = tomllib.loads((catalog.ROOT / "pyproject.toml").read_text())
    pins = []
    for requirement in project["project"]["dependencies"]:
        name = re.match(r"[A-Za-z0-9._-]+", requirement)[0]
        pins.append(f"{name}=={importlib.metadata.version(name)}")
    return pins


def bundle_files(config: dict) -> dict[str, str | bytes]:
    """Every file of the bundle: its path in the zip and its content."""
    files: dict[str, str | bytes] = {"setup.sh": SETUP, "run_autograder": RUN_AUTOGRADER,
                                     "requirements.txt": "\n".join(pinned_requirements())
                                     + "\n"}
    for folder in ("graders", "reference"):
        for path in sorted((catalog.ROOT / folder).glob("*.py")):
            files[f"kata/{folder}/{path.name}"] = path.read_bytes()
    files["kata/kata.json"] = json.dumps(config, indent=2) + "\n"
    return files


def build(output: Path, config: dict) -> Path:
    output.parent.mkdir(parents=True, exist_ok=True)
    temporary = output.with_name(f".{output.name}.tmp")
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, content in bundle_files(config).items():
            entry = zipfile.ZipInfo(name, FIXED_TIME)
            executable = name in ("setup.sh", "run_autograder")
            entry.external_attr = (0o100755 if executable else 0o100644) << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            bundle.writestr(entry, content)
    temporary.replace(output)
    return output


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.seed < 0 or args.timeout <= 0:
        print("--seed must be 0 or more and --timeout positive", file=sys.stderr)
        return 2
    config = {"topics": args.topics or catalog.available_topics(), "hidden": args.hidden,
              "markdown": args.markdown, "seed": args.seed, "timeout": args.timeout,
              "no_isolation": args.no_isolation}
    output = build(args.output, config)
    try:
        shown = output.resolve().relative_to(Path.cwd())
    except ValueError:
        shown = output
    points = sum(e.points for t in config["topics"] for e in catalog.exercises(t))
    print(f"Wrote {shown}: {len(config['topics'])} topics, {points} points"
          + (", hidden mode" if args.hidden else "")
          + (", without the jail" if args.no_isolation else "")
          + ". Upload it as the assignment's autograder (Configure Autograder > Zip file).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
