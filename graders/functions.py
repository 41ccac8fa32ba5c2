"""Callables that graders pass to exercises (``Fn(name, params)`` in a case).

A callable cannot be sent to the learner's process, so both sides rebuild it from its
name and parameters with the factories below. Keep them pure NumPy and deterministic.
"""

import copy
from collections.abc import Callable
from typing import Any

import numpy as np

from graders.spec import Fn


def quadratic_grad(A: np.ndarray, b: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """Gradient of f(x) = x.A.x / 2 - b.x (A symmetric): A x - b."""
    return lambda x: A @ x - b


def rosenbrock_grad(a: float = 1.0, b: float = 100.0) -> Callable[[np.ndarray], np.ndarray]:
    """Gradient of the 2-D Rosenbrock function (a - x)^2 + b (y - x^2)^2."""

    def grad(p: np.ndarray) -> np.ndarray:
        x, y = p
        return np.array([-2 * (a - x) - 4 * b * x * (y - x * x), 2 * b * (y - x * x)])

    return grad


FUNCTIONS: dict[str, Callable[..., Callable]] = {
    "quadratic_grad": quadratic_grad,
    "rosenbrock_grad": rosenbrock_grad,
}


def build(name: str, params: dict) -> Callable:
    """The callable named ``name`` with ``params``."""
    return FUNCTIONS[name](**params)


def materialise(args: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of call arguments with every ``Fn`` replaced by its callable."""

    def build_all(value: Any) -> Any:
        if isinstance(value, Fn):
            return build(value.name, value.params)
        if isinstance(value, dict):
            return {k: build_all(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return type(value)(build_all(v) for v in value)
        return copy.deepcopy(value)

    return build_all(args)
