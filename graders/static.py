"""What can be learned from a learner's source without running it.

The grader reads the module as text and parses it; nothing here imports or executes
learner code. It finds each exercise's ``def``, checks the signature against the
reference, and looks for forbidden calls in the function and in the module's own
helpers it calls.
"""

from __future__ import annotations

import ast
import difflib
import sys
from dataclasses import dataclass, field

ALLOWED_MODULES = frozenset(sys.stdlib_module_names) | {"numpy"}
# Code that writes, finds or loads code at run time, which no static check can follow
# (loading reference/ by path with runpy, raw memory with ctypes...). Refused anywhere
# in the module.
DYNAMIC_CODE = ("exec", "eval", "compile", "__import__", "importlib", "runpy", "zipimport",
                "marshal", "ctypes", "imp", "pkgutil", "types.CodeType", "types.FunctionType",
                "__builtins__", "__loader__", "__spec__", "builtins")
# Reaching into the interpreter (other modules' objects, frames, the grader's worker) is
# never needed for these exercises, and is how a learner's code would hide a forbidden
# call or rewrite the worker's report: refused wherever it can run.
INTROSPECTION = ("gc", "inspect", "sys.modules", "sys._getframe", "vars", "globals",
                 "operator.attrgetter", "operator.methodcaller", "weakref")
# Double-underscore attributes learners may use; any other reaches the interpreter.
PLAIN_DUNDERS = frozenset({"__name__", "__doc__", "__init__", "__len__", "__call__"})
# At module level, also what could rebind an exercise after its def.
REBINDING = (*DYNAMIC_CODE, *INTROSPECTION, "setattr")


@dataclass
class FunctionReport:
    """Static findings for one exercise: where it is, and what is wrong with it."""

    line: int | None = None
    problems: list[str] = field(default_factory=list)
    missing: str = ""  # why there is nothing to grade ("... has no function adam_step")


def canonical(name: str) -> str:
    """'np.linalg.inv' -> 'numpy.linalg.inv'."""
    return "numpy" + name[2:] if name == "np" or name.startswith("np.") else name


class _Resolver:
    """Maps local names to the dotted paths they were imported as."""

    def __init__(self, tree: ast.AST) -> None:
        self.aliases: dict[str, str] = {}
        self.star: list[str] = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    if a.asname:
                        self.aliases[a.asname] = a.name
                    else:
                        head = a.name.split(".")[0]
                        self.aliases[head] = head
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for a in node.names:
                    if a.name == "*":
                        self.star.append(node.module)
                    else:
                        self.aliases[a.asname or a.name] = f"{node.module}.{a.name}"

    def learn_assignments(self, module: ast.Module) -> None:
        """Module-level names bound to a dotted name (``_inv = np.linalg.inv``) are
        aliases of it, as imports are."""
        for node in module.body:
            if (isinstance(node, ast.Assign) and len(node.targets) == 1
                    and isinstance(node.targets[0], ast.Name)):
                target = self.dotted(node.value)
                if target and target != node.targets[0].id:
                    self.aliases[node.targets[0].id] = target

    def dotted(self, node: ast.AST) -> str | None:
        """The full dotted name an expression refers to, if it is a chain of names
        (attributes, ``getattr(x, "name")``, ``x.__dict__["name"]``, ``vars(x)["name"]``)."""
        parts = []
        while isinstance(node, (ast.Attribute, ast.Subscript)):
            if isinstance(node, ast.Subscript):
                key = node.slice
                if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                    return None
                inner = node.value
                if (isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name)
                        and inner.func.id == "vars" and len(inner.args) == 1):
                    base = self.dotted(inner.args[0])
                else:  # x.__dict__["name"], or a name bound to x.__dict__
                    base = self.dotted(inner)
                    base = base[: -len(".__dict__")] if base and base.endswith(
                        ".__dict__") else None
                return base and ".".join([base, key.value, *reversed(parts)])
            parts.append(node.attr)
            node = node.value
        if isinstance(node, ast.Call) and _is_getattr(node):
            parts.append(node.args[1].value)
            return self.dotted(node.args[0]) and ".".join(
                [self.dotted(node.args[0]), *reversed(parts)])
        if not isinstance(node, ast.Name):
            return None
        head = self.aliases.get(node.id)
        if head is None and self.star:
            head = f"{self.star[0]}.{node.id}"
        return ".".join([head or node.id, *reversed(parts)])


def _is_getattr(node: ast.Call) -> bool:
    return (isinstance(node.func, ast.Name) and node.func.id == "getattr"
            and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str))


def _reachable(fn: ast.FunctionDef, top: dict[str, ast.AST]) -> list[ast.AST]:
    """The function and every module-level def or class it refers to, transitively."""
    seen: dict[str, ast.AST] = {}
    todo: list[ast.AST] = [fn]
    found: list[ast.AST] = []
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            # Decorators are not the function's code (plain defs are required anyway).
            node = ast.Module(body=[*node.body, *node.args.defaults,
                                    *[d for d in node.args.kw_defaults if d]], type_ignores=[])
        found.append(node)
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name) and sub.id in top and sub.id not in seen:
                seen[sub.id] = top[sub.id]
                if top[sub.id] is not fn:
                    todo.append(top[sub.id])
    return found


def _uses(nodes: list[ast.AST], resolver: _Resolver, forbidden: tuple[str, ...]) -> list[str]:
    """The forbidden names (as written in ``forbidden``) that ``nodes`` use."""
    used = []
    wanted = {canonical(f): f for f in forbidden if not f.startswith(".") and f != "@"}
    methods = {f[1:]: f for f in forbidden if f.startswith(".")}
    for node in nodes:
        for sub in ast.walk(node):
            if "@" in forbidden and isinstance(sub, (ast.BinOp, ast.AugAssign)) and isinstance(
                    sub.op, ast.MatMult):
                used.append("@")
            if isinstance(sub, ast.Attribute) and sub.attr in methods:
                used.append(methods[sub.attr])
            if isinstance(sub, ast.Call) and _is_getattr(sub) and sub.args[1].value in methods:
                used.append(methods[sub.args[1].value])
            if isinstance(sub, (ast.Attribute, ast.Name, ast.Call, ast.Subscript)):
                name = resolver.dotted(sub)
                if name:
                    for full, written in wanted.items():
                        if name == full or name.startswith(full + "."):
                            used.append(written)
    return list(dict.fromkeys(used))


def _runs_at_import(tree: ast.Module, top: dict[str, ast.AST]) -> list[ast.AST]:
    """The code that runs when the module is imported: every statement outside function
    bodies (class bodies, decorators and default values included), and the bodies of the
    module's functions it calls, transitively. Import statements themselves are left
    out: importing a module is judged by what uses it."""
    found: list[ast.AST] = []

    def outside_bodies(node: ast.AST) -> None:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            return
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            args = node.args
            for part in [*getattr(node, "decorator_list", []), *args.defaults,
                         *[d for d in args.kw_defaults if d]]:
                found.append(part)
            return
        if isinstance(node, ast.ClassDef):
            found.extend([*node.decorator_list, *node.bases, *node.keywords])
            for child in node.body:
                outside_bodies(child)
            return
        found.append(node)

    for node in tree.body:
        outside_bodies(node)
    called = {sub.id for n in found for sub in ast.walk(n)
              if isinstance(sub, ast.Name) and sub.id in top}
    for name in called:
        if isinstance(top[name], (ast.FunctionDef, ast.AsyncFunctionDef)):
            found += _reachable(top[name], top)
    return found


def _outside_modules(nodes: list[ast.AST], resolver: _Resolver) -> list[str]:
    """Modules other than NumPy and the standard library that ``nodes`` use."""
    found = []
    for node in nodes:
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name) and sub.id in resolver.aliases:
                module = resolver.aliases[sub.id]
                if module.split(".")[0] not in ALLOWED_MODULES:
                    found.append(module.split(".")[0])
            if isinstance(sub, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in sub.names] if isinstance(sub, ast.Import) else [
                    sub.module or "."]
                found += [n.split(".")[0] for n in names
                          if (n.split(".")[0] or ".") not in ALLOWED_MODULES]
    return list(dict.fromkeys(found))


def _dynamic(nodes: list[ast.AST], resolver: _Resolver, names: tuple[str, ...]) -> list[str]:
    """Which of ``names`` (builtins, or modules such as importlib) ``nodes`` use."""
    found = []
    for node in nodes:
        for sub in ast.walk(node):
            if isinstance(sub, (ast.Name, ast.Attribute)):
                dotted = resolver.dotted(sub) or ""
                found += [n for n in names if dotted == n or dotted.startswith(n + ".")]
    return list(dict.fromkeys(found))


def _reaching_in(nodes: list[ast.AST], resolver: _Resolver) -> list[str]:
    """Introspection, dunder attributes, computed getattr or __dict__ keys, and private
    NumPy names (``np.linalg._umath_linalg.inv``, the gufunc behind a forbidden call)."""
    found = _dynamic(nodes, resolver, INTROSPECTION)
    for node in nodes:
        for sub in ast.walk(node):
            if isinstance(sub, ast.Attribute) and sub.attr.startswith("__") and (
                    sub.attr.endswith("__") and sub.attr not in PLAIN_DUNDERS):
                found.append(sub.attr)
            elif isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and (
                    sub.func.id in ("getattr", "setattr", "hasattr", "delattr")) and not (
                    len(sub.args) >= 2 and isinstance(sub.args[1], ast.Constant)):
                found.append(f"{sub.func.id} with a computed name")  # (shown as is)
            elif isinstance(sub, (ast.Attribute, ast.Name, ast.Call, ast.Subscript)):
                dotted = resolver.dotted(sub) or ""
                if dotted.startswith("numpy.") and any(
                        part.startswith("_") and not part.startswith("__")
                        for part in dotted.split(".")[1:]):
                    found.append(f"the private NumPy name `{dotted}`")
    return list(dict.fromkeys(found))


def _signature(fn: ast.FunctionDef) -> str:
    params = ast.arguments(posonlyargs=fn.args.posonlyargs, args=[
        ast.arg(a.arg) for a in fn.args.args], vararg=fn.args.vararg,
        kwonlyargs=[ast.arg(a.arg) for a in fn.args.kwonlyargs], kw_defaults=fn.args.kw_defaults,
        kwarg=fn.args.kwarg, defaults=fn.args.defaults)
    return f"{fn.name}({ast.unparse(params)})"


def _default(node: ast.expr | None) -> object:
    """A default value as a comparable value (1e-3 == 0.001), or its source text."""
    if node is None:
        return None
    try:
        value = ast.literal_eval(node)
        return (type(value).__name__, repr(value))
    except ValueError:
        return ast.unparse(node)


def _parameters(fn: ast.FunctionDef) -> list[tuple[str, str, bool, object]]:
    """(name, kind, has a default, the default) for each parameter."""
    a = fn.args
    positional = a.posonlyargs + a.args
    defaults = [None] * (len(positional) - len(a.defaults)) + list(a.defaults)
    params = [(p.arg, "positional", d is not None, _default(d))
              for p, d in zip(positional, defaults, strict=True)]
    params += [(p.arg, "keyword", d is not None, _default(d))
               for p, d in zip(a.kwonlyargs, a.kw_defaults, strict=True)]
    return params


def analyse(source: str, reference_source: str, forbidden: dict[str, tuple[str, ...]], *,
            aliases: dict[str, str] | None = None, strict: bool = True,
            module: str = "the module") -> dict[str, FunctionReport]:
    """Static findings for each function named in ``forbidden`` (name -> forbidden calls).

    ``aliases`` maps a function's name to the exercise whose reference signature it must
    have (for the project's own variants, ``adam_step__loop``); ``strict`` also requires
    a single undecorated ``def``; ``module`` names the file in messages. Raises
    SyntaxError if ``source`` does not parse.
    """
    aliases = aliases or {}
    tree = ast.parse(source)
    reference = {n.name: n for n in ast.parse(reference_source).body
                 if isinstance(n, ast.FunctionDef)}
    resolver = _Resolver(tree)
    resolver.learn_assignments(tree)
    top: dict[str, ast.AST] = {}
    bindings: dict[str, int] = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            top[node.name] = node
            bindings[node.name] = bindings.get(node.name, 0) + 1
        for sub in ast.walk(node) if isinstance(node, (ast.Assign, ast.AnnAssign,
                                                       ast.AugAssign)) else ():
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                bindings[sub.id] = bindings.get(sub.id, 0) + 1
    module_code = [n for n in tree.body if not isinstance(
        n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom))]
    rebinding = _dynamic(module_code, resolver, REBINDING) if strict else []
    # What runs at import (module code, class bodies, defaults, and the functions they
    # call) concerns every exercise; what runs in one exercise's code, only that one.
    outside: list[str] = []
    if strict:
        at_import = _runs_at_import(tree, top)
        rebinding += [n for n in [*_dynamic(at_import, resolver, DYNAMIC_CODE),
                                  *_reaching_in(at_import, resolver)] if n not in rebinding]
        outside = _outside_modules(at_import, resolver)
    reports = {}
    for name, banned in forbidden.items():
        report = reports[name] = FunctionReport()
        fn = top.get(name)
        if name not in top and name not in bindings:
            defined = [n for n, node in top.items() if isinstance(node, ast.FunctionDef)]
            close = difflib.get_close_matches(name, defined, n=1)
            report.missing = f"{module} has no function {name}" + (
                f" (did you mean {close[0]}?)" if close else "")
            continue
        if not isinstance(fn, ast.FunctionDef):
            report.problems.append(f"`{name}` should be defined with `def {name}(...)` "
                                   "at the top level of the module")
            continue
        report.line = fn.lineno
        if strict and (bindings.get(name, 0) > 1 or fn.decorator_list):
            report.problems.append(f"define `{name}` once, with a plain `def` and no "
                                   "decorator, so it can be checked")
        expected = reference.get(aliases.get(name, name))
        if expected and _parameters(fn) != _parameters(expected):
            report.problems.append(f"the signature changed: it should be "
                                   f"{_signature(expected)}")
        nodes = _reachable(fn, top)
        for module in dict.fromkeys([*outside, *_outside_modules(nodes, resolver)]):
            report.problems.append(f"uses `{module}`: solutions may use NumPy and the "
                                   "standard library only")
        reaching = _reaching_in(nodes, resolver) if strict else []
        for call in dict.fromkeys([*rebinding, *_dynamic(nodes, resolver, DYNAMIC_CODE),
                                   *reaching]):
            what = call if call.startswith("the private") or call.endswith(
                "computed name") else f"`{call}`"
            report.problems.append(f"uses {what}: write the code out directly, so the "
                                   "grader can read what it grades")
        for call in _uses(nodes, resolver, banned):
            what = "the `@` operator" if call == "@" else f"`{call}`"
            report.problems.append(f"uses {what}, which this exercise forbids")
    return reports
