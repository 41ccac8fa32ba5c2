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


# --- linear_algebra: maps with exact derivatives --------------------------------------
# For numerical_jacobian / numerical_hessian. Each callable carries its exact derivatives
# as attributes, ``.jacobian(x)`` (shape (m, n); (1, n) for a scalar f) and, for scalar
# f, ``.hessian(x)`` (shape (n, n)), which the grader's checks and the oracle tests use.


def _with_derivatives(f: Callable, jacobian: Callable, hessian: Callable | None = None,
                      ) -> Callable:
    f.jacobian = jacobian
    if hessian is not None:
        f.hessian = hessian
    return f


def affine_map(A: np.ndarray, b: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """f(x) = A x + b, R^n -> R^m; J = A everywhere."""
    A, b = np.asarray(A, dtype=float), np.asarray(b, dtype=float)
    return _with_derivatives(lambda x: A @ x + b, lambda x: A.copy())


def exp_affine_map(W: np.ndarray, b: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """f(x) = exp(W x + b) elementwise, R^n -> R^m; J = exp(W x + b)[:, None] * W."""
    W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    return _with_derivatives(lambda x: np.exp(W @ x + b),
                             lambda x: np.exp(W @ x + b)[:, None] * W)


def polar_to_cartesian() -> Callable[[np.ndarray], np.ndarray]:
    """f(r, theta) = (r cos theta, r sin theta); J = [[cos, -r sin], [sin, r cos]]."""

    def f(p: np.ndarray) -> np.ndarray:
        return np.array([p[0] * np.cos(p[1]), p[0] * np.sin(p[1])])

    def jacobian(p: np.ndarray) -> np.ndarray:
        r, t = p
        return np.array([[np.cos(t), -r * np.sin(t)], [np.sin(t), r * np.cos(t)]])

    return _with_derivatives(f, jacobian)


def exp_plus_cubic(a: np.ndarray, c: np.ndarray) -> Callable[[np.ndarray], float]:
    """Scalar f(x) = exp(a.x) + (c.x)^3 / 6.

    gradient exp(a.x) a + (c.x)^2 / 2 c; Hessian exp(a.x) a a^T + (c.x) c c^T.
    """
    a, c = np.asarray(a, dtype=float), np.asarray(c, dtype=float)

    def f(x: np.ndarray) -> float:
        return float(np.exp(a @ x) + (c @ x) ** 3 / 6.0)

    def jacobian(x: np.ndarray) -> np.ndarray:
        return (np.exp(a @ x) * a + (c @ x) ** 2 / 2.0 * c)[None, :]

    def hessian(x: np.ndarray) -> np.ndarray:
        return np.exp(a @ x) * np.outer(a, a) + (c @ x) * np.outer(c, c)

    return _with_derivatives(f, jacobian, hessian)


def rosenbrock(a: float = 1.0, b: float = 100.0) -> Callable[[np.ndarray], float]:
    """Scalar 2-D Rosenbrock function (a - x)^2 + b (y - x^2)^2, with its derivatives."""

    def f(p: np.ndarray) -> float:
        x, y = p
        return float((a - x) ** 2 + b * (y - x * x) ** 2)

    def jacobian(p: np.ndarray) -> np.ndarray:
        x, y = p
        return np.array([[-2 * (a - x) - 4 * b * x * (y - x * x), 2 * b * (y - x * x)]])

    def hessian(p: np.ndarray) -> np.ndarray:
        x, y = p
        return np.array([[2 - 4 * b * y + 12 * b * x * x, -4 * b * x], [-4 * b * x, 2 * b]])

    return _with_derivatives(f, jacobian, hessian)


def quadratic_form(A: np.ndarray, b: np.ndarray) -> Callable[[np.ndarray], float]:
    """Scalar f(x) = x.A.x / 2 - b.x (A symmetric); gradient A x - b, Hessian A."""
    A, b = np.asarray(A, dtype=float), np.asarray(b, dtype=float)
    return _with_derivatives(lambda x: float(x @ A @ x / 2.0 - b @ x),
                             lambda x: (A @ x - b)[None, :], lambda x: A.copy())


def log_sum_exp_fn(scale: float = 1.0) -> Callable[[np.ndarray], float]:
    """Scalar f(x) = log(sum(exp(scale x))) / scale, with s = softmax(scale x):
    gradient s, Hessian scale (diag(s) - s s^T)."""

    def softmax(x: np.ndarray) -> np.ndarray:
        e = np.exp(scale * x - np.max(scale * x))
        return e / e.sum()

    def f(x: np.ndarray) -> float:
        m = np.max(scale * x)
        return float((m + np.log(np.sum(np.exp(scale * x - m)))) / scale)

    def hessian(x: np.ndarray) -> np.ndarray:
        s = softmax(x)
        return scale * (np.diag(s) - np.outer(s, s))

    return _with_derivatives(f, lambda x: softmax(x)[None, :], hessian)


def identity_map() -> Callable[[np.ndarray], np.ndarray]:
    """f(x) = x, returning its argument object itself (J = I): a finite difference that
    perturbs one buffer and calls f on it twice gets the same array back both times."""
    return _with_derivatives(lambda x: x, lambda x: np.eye(np.size(x)))


FUNCTIONS: dict[str, Callable[..., Callable]] = {
    "quadratic_grad": quadratic_grad,
    "rosenbrock_grad": rosenbrock_grad,
    "affine_map": affine_map,
    "exp_affine_map": exp_affine_map,
    "polar_to_cartesian": polar_to_cartesian,
    "exp_plus_cubic": exp_plus_cubic,
    "rosenbrock": rosenbrock,
    "quadratic_form": quadratic_form,
    "log_sum_exp_fn": log_sum_exp_fn,
    "identity_map": identity_map,
}


def build(name: str, params: dict) -> Callable:
    """The callable named ``name`` with ``params``."""
    return FUNCTIONS[name](**params)


def map_leaves(value: Any, leaf: Callable[[Any], Any]) -> Any:
    """``value`` rebuilt with ``leaf`` applied to everything that is not a dict, list or
    tuple (an ``Fn`` is a leaf: its parameters are left alone)."""
    if isinstance(value, dict):
        return {k: map_leaves(v, leaf) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(map_leaves(v, leaf) for v in value)
    return leaf(value)


def materialise(args: dict[str, Any], *, copy_values: bool = True) -> dict[str, Any]:
    """Call arguments with every ``Fn`` replaced by its callable: a deep copy, unless
    ``copy_values`` is False (the worker's inputs are its own, and some share memory
    with the grader, which must see what the call does to them)."""

    def built(value: Any) -> Any:
        if isinstance(value, Fn):
            return build(value.name, value.params)
        return copy.deepcopy(value) if copy_values else value

    return map_leaves(args, built)


# --- feature_engineering: models and metrics ----------------------------------------
# Models and metrics for permutation_importance and the Shapley exercises. A model maps
# a batch X of shape (m, d) to predictions of shape (m,); a metric maps (y, predictions)
# to a Python float.


def linear_model(w: np.ndarray, b: float = 0.0) -> Callable[[np.ndarray], np.ndarray]:
    """f(X) = X w + b, row by row: (m, d) -> (m,)."""
    w = np.asarray(w, dtype=float)
    return lambda X: np.asarray(X, dtype=float) @ w + b


def interaction_model(w: np.ndarray, b: float, terms: np.ndarray, coef: np.ndarray,
                      ) -> Callable[[np.ndarray], np.ndarray]:
    """f(X) = X w + b + sum_k coef_k prod_t X[:, terms[k, t]]: products of columns.

    terms has shape (m, k); -1 pads a row (a factor of 1). With k = 3: (0, 1, -1) gives
    x0 x1, (2, 2, -1) the square x2^2, (0, 1, 2) a three-way interaction. Nonlinear, so
    the mean of f over background rows differs from f at the mean row, and Shapley values
    must split the interactions (three-way terms are where Shapley weights differ from
    uniform ones).
    """
    w = np.asarray(w, dtype=float)
    terms = np.asarray(terms, dtype=np.int64)
    coef = np.asarray(coef, dtype=float)

    def f(X: np.ndarray) -> np.ndarray:
        X = np.asarray(X, dtype=float)
        padded = np.column_stack([X, np.ones(len(X))])  # index -1: the column of ones
        return X @ w + b + np.prod(padded[:, terms], axis=2) @ coef

    return f


def threshold_model(w: np.ndarray, b: float = 0.0) -> Callable[[np.ndarray], np.ndarray]:
    """A classifier: 1.0 where X w + b > 0, else 0.0."""
    w = np.asarray(w, dtype=float)
    return lambda X: (np.asarray(X, dtype=float) @ w + b > 0).astype(float)


def mse_metric() -> Callable[[np.ndarray, np.ndarray], float]:
    """mean((y - prediction)^2): lower is better."""
    return lambda y, p: float(np.mean((np.asarray(y) - np.asarray(p)) ** 2))


def accuracy_metric() -> Callable[[np.ndarray, np.ndarray], float]:
    """The fraction of predictions equal to y: higher is better."""
    return lambda y, p: float(np.mean(np.asarray(y) == np.asarray(p)))


_FEATURE_ENGINEERING = {
    "linear_model": linear_model,
    "interaction_model": interaction_model,
    "threshold_model": threshold_model,
    "mse_metric": mse_metric,
    "accuracy_metric": accuracy_metric,
}
FUNCTIONS.update(_FEATURE_ENGINEERING)  # FUNCTIONS is defined above these factories
