"""Shared fixtures: running the grader's real command line on a folder of solutions."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.support import splice

ROOT = Path(__file__).resolve().parent.parent


def run_graders(*args: str, jail: bool = True) -> tuple[int, str, dict | None]:
    """Run ``python -m graders ARGS --json FILE``; (exit status, stdout, results).

    ``jail=False`` grades without the jail, as on a system that refuses namespaces.
    """
    out = Path(tempfile.mkdtemp(prefix="kata-results-")) / "results.json"
    env = {**os.environ, "KATA_TEST_SECRET": "s3cret"}  # must not reach learner code
    if not jail:
        env["KATA_JAIL"] = "0"
    done = subprocess.run([sys.executable, "-m", "graders", *args, "--json", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    results = json.loads(out.read_text()) if out.exists() else None
    shutil.rmtree(out.parent, ignore_errors=True)
    return done.returncode, done.stdout + done.stderr, results


@pytest.fixture
def solutions(tmp_path):
    """A function making a solutions folder: the reference with some functions replaced.

    ``solutions("optimization", mse_grad="def mse_grad(X, y, w): ...")`` returns the
    folder; ``prelude`` is inserted after the imports (module-level code).
    """

    def make(topic: str, prelude: str = "", **replacements: str) -> Path:
        source = (ROOT / "reference" / f"{topic}.py").read_text()
        for name, new in replacements.items():
            source = splice(source, name, new)
        if prelude:
            head, sep, tail = source.partition("\n\n\ndef ")
            source = f"{head}\n\n{prelude.strip()}\n{sep}{tail}"
        folder = tmp_path / "solutions"
        folder.mkdir(exist_ok=True)
        (folder / f"{topic}.py").write_text(source)
        return folder

    return make
