"""Write exercises/<topic>.py from reference/<topic>.py: same signatures and docstrings,
bodies replaced by ``raise NotImplementedError``.

Run ``python -m tools.stubgen [TOPIC ...]`` (or ``nox -s stubs``) after editing a
reference. The project's tests fail when a stub and its reference disagree.
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent



def learner_preamble(topic: str) -> str:
    commands = [(f"nox -s {topic}", "grade every exercise of this topic"),
                (f"nox -s {topic} -- NAME", "grade one"),
                ("nox -s hint -- NAME", "a hint, one tier at a time")]
    width = max(len(c) for c, _ in commands) + 4
    lines = [f"    {c:<{width}}{what}" for c, what in commands]
    return "\nFill in each function, then grade your work:\n\n" + "\n".join(lines) + "\n"


def public_functions(tree: ast.Module) -> list[ast.FunctionDef]:
    return [n for n in tree.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")]


def render_stub(topic: str, source: str) -> str:
    tree = ast.parse(source)
    lines = source.splitlines()
    module_doc = ast.get_docstring(tree, clean=False) or ""
    functions = public_functions(tree)

    used = set()
    for fn in functions:
        header = ast.Module(body=[ast.FunctionDef(
            name=fn.name, args=fn.args, body=[ast.Pass()], decorator_list=[],
            returns=fn.returns, type_params=[])], type_ignores=[])
        used |= {n.id for n in ast.walk(header) if isinstance(n, ast.Name)}
    standard, third_party = [], []
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = {(a.asname or a.name).split(".")[0] for a in node.names}
            if names & (used | {"np"}):
                module = node.names[0].name if isinstance(node, ast.Import) else node.module
                group = standard if module.split(".")[0] in sys.stdlib_module_names else (
                    third_party)
                group.append(ast.get_source_segment(source, node))
    imports = standard + [""] * bool(standard and third_party) + third_party

    out = ['"""' + module_doc.rstrip() + "\n" + learner_preamble(topic) + '"""', ""]
    out += imports
    for fn in functions:
        out += ["", "", stub_function(topic, fn, lines)]
    return "\n".join(out) + "\n"


def stub_function(topic: str, fn: ast.FunctionDef, lines: list[str]) -> str:
    """The def line(s) through the end of the docstring, verbatim, then the raise."""
    if ast.get_docstring(fn) is None:
        raise ValueError(f"reference/{topic}.py: {fn.name} has no docstring, so its stub "
                         "would copy its body; write the docstring first")
    doc_node = fn.body[0]
    return "\n".join([*lines[fn.lineno - 1 : doc_node.end_lineno],
                      f'    raise NotImplementedError("{topic}.{fn.name}")'])


def reset(name: str, root: Path = ROOT) -> str:
    """Restore one exercise's stub in exercises/, leaving every other function as it is.

    The replaced code is kept in .kata/reset/<name>.py. Returns what to tell the learner.
    """
    from graders import catalog

    try:
        topic = catalog.exercise(name).topic
    except KeyError:
        return f"There is no exercise called {name!r}."
    reference = (root / "reference" / f"{topic}.py").read_text()
    ref_lines = reference.splitlines()
    (ref_fn,) = [f for f in public_functions(ast.parse(reference)) if f.name == name]
    stub = stub_function(topic, ref_fn, ref_lines)
    target = root / "exercises" / f"{topic}.py"
    source = target.read_text()
    lines = source.splitlines()
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        return (f"{target.relative_to(root)} does not parse (line {error.lineno}): fix that "
                "first, or regenerate the whole file with `nox -s stubs -- " + topic + "`")
    found = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name]
    if found:
        start = found[0].lineno - 1 - len(found[0].decorator_list)
        end = found[0].end_lineno
        backup = root / ".kata" / "reset" / f"{name}.py"
        backup.parent.mkdir(parents=True, exist_ok=True)
        backup.write_text("\n".join(lines[start:end]) + "\n")
        lines[start:end] = stub.splitlines()
        kept = f" (your version is in {backup.relative_to(root)})"
    else:
        lines += ["", "", *stub.splitlines()]
        kept = ""
    target.write_text("\n".join(lines) + "\n")
    return f"Restored the stub of {name} in {target.relative_to(root)}{kept}."


def main(topics: list[str]) -> None:
    if topics[:1] == ["--reset"]:
        if len(topics) != 2:
            raise SystemExit("usage: python -m tools.stubgen --reset NAME")
        print(reset(topics[1]))
        return
    paths = [ROOT / "reference" / f"{t}.py" for t in topics] if topics else sorted(
        p for p in (ROOT / "reference").glob("*.py") if not p.name.startswith("_"))
    for path in paths:
        target = ROOT / "exercises" / path.name
        target.write_text(render_stub(path.stem, path.read_text()))
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
