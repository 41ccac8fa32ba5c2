"""Failing cases a learner can reproduce: ``--save-case DIR`` writes each failing case's
inputs to ``DIR/<name>.npz``, and

    python -m graders.cases DIR/<name>.npz

calls the learner's function on them and prints what it returns, to explore in a
debugger or a REPL. The file holds only arrays (no pickles): each argument under its
name, the parts of a list or tuple under ``name[i]``, a callable argument as its
factory's name and parameters, and a JSON description under ``__case__``.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from graders.engine import Result
from graders.functions import build
from graders.spec import Fn


def _flatten(name: str, value: Any, arrays: dict[str, np.ndarray]) -> Any:
    """Store ``value``'s arrays in ``arrays``; return its JSON description."""
    if isinstance(value, Fn):
        return {"fn": value.name,
                "params": {k: _flatten(f"{name}.{k}", v, arrays) for k, v in value.params.items()}}
    if isinstance(value, (list, tuple)):
        return {type(value).__name__: [_flatten(f"{name}[{i}]", v, arrays)
                                       for i, v in enumerate(value)]}
    if isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
        arrays[name] = value
        return {"array": name}
    if value is None or isinstance(value, (bool, int, float, str)):
        return {"value": value}
    if isinstance(value, np.generic):
        return {"value": value.item()}
    raise TypeError(f"cannot save a {type(value).__name__}")


def _unflatten(tree: dict, arrays: Any) -> Any:
    if "fn" in tree:
        return build(tree["fn"], {k: _unflatten(v, arrays) for k, v in tree["params"].items()})
    if "list" in tree or "tuple" in tree:
        kind = "list" if "list" in tree else "tuple"
        items = [_unflatten(v, arrays) for v in tree[kind]]
        return items if kind == "list" else tuple(items)
    if "array" in tree:
        return arrays[tree["array"]]
    return tree["value"]


def save(result: Result, solutions: Path, folder: Path) -> Path:
    """Write ``result``'s failing case; the path written."""
    arrays: dict[str, np.ndarray] = {}
    ex, case = result.exercise, result.case
    described = {k: _flatten(k, v, arrays) for k, v in case.args.items()}
    meta = {"topic": ex.topic, "function": ex.name, "label": case.label,
            "module": str(Path(solutions, f"{ex.topic}.py").resolve()), "args": described}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{ex.name}.npz"
    np.savez(path, __case__=np.array(json.dumps(meta)), **arrays)
    return path


def save_failing(results: list[Result], solutions: Path, folder: Path) -> list[str]:
    """Save every failing case; the lines that tell the learner how to run them."""
    lines = []
    for result in results:
        if result.outcome != "failed" or result.case is None:
            continue
        try:
            path = save(result, solutions, folder)
        except TypeError as error:
            lines.append(f"{result.exercise.name}: its failing case was not saved ({error})")
            continue
        lines.append(f"{result.exercise.name} on {result.case.label}: "
                     f"python -m graders.cases {path}")
    return lines


def load(path: Path) -> tuple[dict, dict[str, Any]]:
    """(the case's description, its arguments)."""
    with np.load(path, allow_pickle=False) as data:
        meta = json.loads(str(data["__case__"]))
        arrays = {k: data[k] for k in data.files}
    return meta, {k: _unflatten(v, arrays) for k, v in meta["args"].items()}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m graders.cases FILE.npz", file=sys.stderr)
        return 2
    meta, args = load(Path(argv[0]))
    spec = importlib.util.spec_from_file_location(meta["topic"], meta["module"])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    print(f"{meta['function']} on {meta['label']}, from {meta['module']}:")
    np.set_printoptions(precision=10, threshold=50)
    print(getattr(module, meta["function"])(**args))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
