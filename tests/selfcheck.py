"""The project's self-checks (rustlings' `dev check`), as functions that say in words what
is missing and how to fix it. tests/test_catalog.py runs them on the project;
tests/test_selfcheck.py shows each one firing on a deliberate slip."""

from __future__ import annotations

import ast
import inspect
import types
from collections.abc import Callable, Iterable

from graders import catalog
from graders.compare import compare
from graders.engine import _quietly, case_rng
from graders.spec import Exercise

DOC_SECTIONS = ("Parameters", "Returns", "Examples", "Why interviewers ask")


def misnamed_variants(module: types.ModuleType, exercises: Iterable[str]) -> list[str]:
    """Public functions of a tests/mutants or tests/alternatives module whose name is not
    ``<exercise>__<what>`` for an exercise that exists (they would never be graded)."""
    known = set(exercises)
    problems = []
    for name, fn in inspect.getmembers(module, inspect.isfunction):
        if fn.__module__ != module.__name__ or name.startswith("_"):
            continue
        head, sep, what = name.partition("__")
        if not sep or not what:
            problems.append(f"{module.__name__}.{name} is not named <exercise>__<what>: "
                            "rename it (or start a helper's name with _)")
        elif head not in known:
            problems.append(f"{module.__name__}.{name}: there is no exercise {head!r} in this "
                            "topic; rename it after the exercise it is a variant of")
    return problems


def missing_variants(ex: Exercise, hand_written: int, alternatives: int) -> list[str]:
    """Each exercise needs a hand-written mutant (misconceptions do not count), two
    rejected variants in all, and an alternative correct solution."""
    problems = []
    where = f"tests/mutants/{ex.topic}.py"
    if hand_written < 1:
        problems.append(f"{ex.name} has no hand-written mutant: add to {where} a realistic "
                        f"wrong solution named {ex.name}__<what>, decorated "
                        "@mutant(\"fragment of its feedback\")")
    if hand_written + len(ex.misconceptions) < 2:
        problems.append(f"{ex.name} has {hand_written + len(ex.misconceptions)} rejected "
                        f"variant(s): add a misconception to graders/{ex.topic}.py or a "
                        f"mutant to {where}, so there are at least 2")
    if alternatives < 1:
        problems.append(f"{ex.name} has no alternative correct solution: add one to "
                        f"tests/alternatives/{ex.topic}.py, named {ex.name}__<how>")
    return problems


def silent_misconceptions(ex: Exercise, seeds: Iterable[int] = (0, 1)) -> list[str]:
    """Misconceptions that equal the reference on every value case, so no learner's
    answer can ever be matched to them."""
    reference = catalog.reference(ex)
    cases = [case for seed in seeds for case in ex.cases(case_rng(seed, ex.name))]
    expected = [_quietly(reference, case.args) for case in cases]
    problems = []
    for known in ex.misconceptions:
        for case, want in zip(cases, expected, strict=True):
            try:
                wrong = _quietly(known.wrong, case.args)
            except Exception:  # a variant that raises on a case cannot be matched there
                continue
            if compare(want, wrong, case.tol or ex.tol, ex.returns) is not None:
                break
        else:
            problems.append(f"{ex.name}: the misconception {known.message[:60]!r}... equals "
                            "the reference on every value case, so it can never match: add a "
                            "case that separates them (or fix the variant)")
    return problems


def oracle_calls(source: str, name: str) -> bool:
    """Whether the oracle test source calls ``name`` (``ref.name(...)`` or ``name(...)``),
    not just mentions it in a string or comment."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            if (isinstance(func, ast.Name) and func.id == name) or (
                    isinstance(func, ast.Attribute) and func.attr == name):
                return True
    return False


def incomplete_metadata(ex: Exercise, reference: Callable) -> list[str]:
    """Points, hints and the docstring sections a learner needs."""
    problems = []
    if ex.points < 1:
        problems.append(f"{ex.name}: points must be at least 1")
    if len(ex.hints) < 2 or any(len(h) <= 20 for h in ex.hints):
        problems.append(f"{ex.name}: give two or more hint tiers, each a real sentence")
    doc = inspect.getdoc(reference) or ""
    for section in DOC_SECTIONS:
        if section not in doc:
            problems.append(f"{ex.name}'s docstring in reference/{ex.topic}.py has no "
                            f"{section!r}: add it (CONTRIBUTING.md, Reference functions)")
    if ex.errors and "Raises" not in doc:
        problems.append(f"{ex.name} has error cases but its docstring has no Raises section "
                        "listing them")
    return problems
