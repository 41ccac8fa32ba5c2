"""A learner's checkout in a temporary folder: the engine, the references and fresh stubs,
so the learner's commands can run on it without touching this repository's exercises/
or .kata/."""

import ast
import shutil
from pathlib import Path

from tests.conftest import ROOT
from tests.support import splice
from tools import stubgen


def learner_copy(folder: Path) -> Path:
    """Copy graders/, reference/ and tools/ into ``folder``, with stubs in exercises/."""
    ignore = shutil.ignore_patterns("__pycache__")
    for name in ("graders", "reference", "tools"):
        shutil.copytree(ROOT / name, folder / name, ignore=ignore)
    (folder / "exercises").mkdir()
    for path in sorted((ROOT / "reference").glob("*.py")):
        if not path.name.startswith("_"):
            (folder / "exercises" / path.name).write_text(
                stubgen.render_stub(path.stem, path.read_text()))
    return folder


def reference_def(topic: str, name: str) -> str:
    """The reference's def of ``name`` (with any private helpers it calls inlined after)."""
    source = (ROOT / "reference" / f"{topic}.py").read_text()
    tree = ast.parse(source)
    defs = {n.name: ast.get_source_segment(source, n) for n in tree.body
            if isinstance(n, ast.FunctionDef)}
    wanted = [name]
    for node in ast.walk(next(n for n in tree.body if getattr(n, "name", None) == name)):
        if isinstance(node, ast.Name) and node.id.startswith("_") and node.id in defs:
            wanted.append(node.id)
    return "\n\n\n".join(defs[n] for n in dict.fromkeys(wanted))


def solve(copy: Path, topic: str, name: str, body: str | None = None) -> None:
    """Replace the stub of ``name`` in the copy's exercises/ by ``body`` (default: the
    reference's own code)."""
    path = copy / "exercises" / f"{topic}.py"
    path.write_text(splice(path.read_text(), name, body or reference_def(topic, name)))
