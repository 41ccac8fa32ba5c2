"""Realistic wrong optimization solutions beyond the grader table's misconceptions.

Each must fail, with feedback containing the fragment given to ``@mutant``.
"""

import math
from collections.abc import Callable

import numpy as np

from tests.support import mutant


@mutant("changed its input `y` in place")
def mse_grad__reuses_y_as_residual(X: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    y -= X @ w  # y now holds -(X w - y): saves an allocation, destroys the caller's y
    return -2.0 / X.shape[0] * (X.T @ y)


@mutant("shape")
def mse_grad__column_vector(X: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    residual = (X @ w - y).reshape(-1, 1)
    return 2.0 / X.shape[0] * X.T @ residual  # (d, 1), not (d,)


@mutant("changed its input `z` in place")
def softmax__shifts_in_place(z: np.ndarray, axis: int = -1) -> np.ndarray:
    z -= np.max(z, axis=axis, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)


@mutant("should raise ValueError")
def cross_entropy_loss__no_label_check(logits: np.ndarray, labels: np.ndarray) -> float:
    # Negative labels wrap around and labels == k hit an IndexError: neither is a ValueError.
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-np.mean(log_p[np.arange(len(labels)), labels]))


@mutant("should be a float")
def cross_entropy_loss__per_sample_losses(logits: np.ndarray, labels: np.ndarray) -> float:
    if np.any((labels < 0) | (labels >= logits.shape[1])):
        raise ValueError("label out of range")
    shifted = logits - logits.max(axis=1, keepdims=True)
    lse = np.log(np.exp(shifted).sum(axis=1))
    return lse - shifted[np.arange(len(labels)), labels]  # forgot the mean


@mutant("changed its input `logits` in place")
def cross_entropy_grad__shifts_in_place(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    if np.any((labels < 0) | (labels >= logits.shape[1])):
        raise ValueError("label out of range")
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(labels)), labels] -= 1.0
    return p / len(labels)


@mutant("should raise ValueError")
def cross_entropy_grad__no_label_check(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    return (p - np.eye(logits.shape[1])[labels]) / len(labels)


@mutant("changed its input `x0` in place")
def gradient_descent__updates_x0_in_place(grad_fn: Callable[[np.ndarray], np.ndarray],
                                          x0: np.ndarray, lr: float,
                                          num_steps: int) -> np.ndarray:
    rows = [x0.copy()]
    x = x0
    for _ in range(num_steps):
        x -= lr * grad_fn(x)
        rows.append(x.copy())
    return np.array(rows)


@mutant("should be an ndarray")
def gradient_descent__returns_list(grad_fn: Callable[[np.ndarray], np.ndarray],
                                   x0: np.ndarray, lr: float, num_steps: int) -> np.ndarray:
    rows = [np.array(x0, dtype=float)]
    for _ in range(num_steps):
        rows.append(rows[-1] - lr * grad_fn(rows[-1]))
    return rows


@mutant("changed its input `velocity` in place")
def sgd_momentum_step__velocity_in_place(params: np.ndarray, grads: np.ndarray,
                                         velocity: np.ndarray, lr: float,
                                         momentum: float = 0.9,
                                         nesterov: bool = False) -> tuple[np.ndarray, np.ndarray]:
    velocity *= momentum
    velocity += grads
    step = grads + momentum * velocity if nesterov else velocity
    return params - lr * step, velocity.copy()


@mutant("should be a tuple")
def sgd_momentum_step__returns_list(params: np.ndarray, grads: np.ndarray,
                                    velocity: np.ndarray, lr: float, momentum: float = 0.9,
                                    nesterov: bool = False) -> tuple[np.ndarray, np.ndarray]:
    v = momentum * velocity + grads
    step = grads + momentum * v if nesterov else v
    return [params - lr * step, v]


@mutant("changed its input `square_avg` in place")
def rmsprop_step__average_in_place(params: np.ndarray, grads: np.ndarray,
                                   square_avg: np.ndarray, lr: float = 0.01,
                                   alpha: float = 0.99,
                                   eps: float = 1e-8) -> tuple[np.ndarray, np.ndarray]:
    square_avg *= alpha
    square_avg += (1 - alpha) * grads**2
    return params - lr * grads / (np.sqrt(square_avg) + eps), square_avg.copy()


@mutant("new_params is wrong")
def rmsprop_step__eps_default_ignored(params: np.ndarray, grads: np.ndarray,
                                      square_avg: np.ndarray, lr: float = 0.01,
                                      alpha: float = 0.99,
                                      eps: float = 1e-8) -> tuple[np.ndarray, np.ndarray]:
    s = alpha * square_avg + (1 - alpha) * grads**2
    return params - lr * grads / (np.sqrt(s) + 1e-8), s  # hard-coded eps


@mutant("should raise ValueError")
def adam_step__no_t_check(params: np.ndarray, grads: np.ndarray, m: np.ndarray, v: np.ndarray,
                          t: int, lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999,
                          eps: float = 1e-8) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    m = beta1 * m + (1 - beta1) * grads
    v = beta2 * v + (1 - beta2) * grads**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    return params - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


@mutant("changed its input `m` in place")
def adam_step__moments_in_place(params: np.ndarray, grads: np.ndarray, m: np.ndarray,
                                v: np.ndarray, t: int, lr: float = 1e-3, beta1: float = 0.9,
                                beta2: float = 0.999,
                                eps: float = 1e-8) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if t < 1:
        raise ValueError("t must be >= 1")
    m *= beta1
    m += (1 - beta1) * grads
    v *= beta2
    v += (1 - beta2) * grads**2
    step = lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)
    return params - step, m.copy(), v.copy()


@mutant("new_m is wrong")
def adam_step__moments_swapped(params: np.ndarray, grads: np.ndarray, m: np.ndarray,
                               v: np.ndarray, t: int, lr: float = 1e-3, beta1: float = 0.9,
                               beta2: float = 0.999,
                               eps: float = 1e-8) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if t < 1:
        raise ValueError("t must be >= 1")
    m = beta1 * m + (1 - beta1) * grads
    v = beta2 * v + (1 - beta2) * grads**2
    step = lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)
    return params - step, v, m  # the state comes back in the wrong order


@mutant("changed its input `params` in place")
def adamw_step__decays_params_in_place(params: np.ndarray, grads: np.ndarray, m: np.ndarray,
                                       v: np.ndarray, t: int, lr: float = 1e-3,
                                       beta1: float = 0.9, beta2: float = 0.999,
                                       eps: float = 1e-8, weight_decay: float = 0.01,
                                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if t < 1:
        raise ValueError("t must be >= 1")
    params *= 1 - lr * weight_decay
    m = beta1 * m + (1 - beta1) * grads
    v = beta2 * v + (1 - beta2) * grads**2
    step = lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)
    return params - step, m, v


@mutant("should raise ValueError")
def adamw_step__no_t_check(params: np.ndarray, grads: np.ndarray, m: np.ndarray,
                           v: np.ndarray, t: int, lr: float = 1e-3, beta1: float = 0.9,
                           beta2: float = 0.999, eps: float = 1e-8, weight_decay: float = 0.01,
                           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    p = params * (1 - lr * weight_decay)
    m = beta1 * m + (1 - beta1) * grads
    v = beta2 * v + (1 - beta2) * grads**2
    step = lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)
    return p - step, m, v


@mutant("should be a scalar, not a 0-d array")
def cosine_lr__zero_d_array(step: int, base_lr: float, total_steps: int, warmup_steps: int = 0,
                            min_lr: float = 0.0) -> float:
    if total_steps < 1 or not 0 <= warmup_steps <= total_steps:
        raise ValueError("bad schedule")
    if step < warmup_steps:
        return np.array(base_lr * step / warmup_steps)
    if step >= total_steps:
        return np.array(min_lr)
    progress = (step - warmup_steps) / (total_steps - warmup_steps)
    return np.array(min_lr + (base_lr - min_lr) * (1 + np.cos(np.pi * progress)) / 2)


@mutant("should raise ValueError")
def cosine_lr__no_validation(step: int, base_lr: float, total_steps: int, warmup_steps: int = 0,
                             min_lr: float = 0.0) -> float:
    if step < warmup_steps:
        return base_lr * step / warmup_steps
    if step >= total_steps:
        return float(min_lr)
    progress = (step - warmup_steps) / (total_steps - warmup_steps)
    return min_lr + (base_lr - min_lr) * (1 + math.cos(math.pi * progress)) / 2


@mutant("ZeroDivisionError")
def cosine_lr__progress_before_branching(step: int, base_lr: float, total_steps: int,
                                         warmup_steps: int = 0, min_lr: float = 0.0) -> float:
    # Computes progress first: divides by zero when warmup_steps == total_steps.
    if total_steps < 1 or not 0 <= warmup_steps <= total_steps:
        raise ValueError("bad schedule")
    progress = (step - warmup_steps) / (total_steps - warmup_steps)
    if step < warmup_steps:
        return base_lr * step / warmup_steps
    if step >= total_steps:
        return float(min_lr)
    return min_lr + (base_lr - min_lr) * (1 + math.cos(math.pi * progress)) / 2


@mutant("changed its input `grads` in place")
def clip_grad_norm__scales_in_place(grads: list[np.ndarray],
                                    max_norm: float) -> tuple[list[np.ndarray], float]:
    total_norm = math.sqrt(sum(float(np.sum(g * g)) for g in grads))
    if total_norm > max_norm:
        for g in grads:
            g *= max_norm / (total_norm + 1e-6)
    return [g.copy() for g in grads], total_norm


@mutant("should be a list")
def clip_grad_norm__returns_tuple_of_arrays(grads: list[np.ndarray],
                                            max_norm: float) -> tuple[list[np.ndarray], float]:
    total_norm = math.sqrt(sum(float(np.sum(g * g)) for g in grads))
    factor = max_norm / (total_norm + 1e-6) if total_norm > max_norm else 1.0
    return tuple(g * factor for g in grads), total_norm


@mutant("expected 'degenerate', got 'minimum'")
def classify_critical_point__tol_inclusive(hessian: np.ndarray, tol: float = 1e-8) -> str:
    # >= tol instead of > tol: an eigenvalue exactly at tol counts as positive.
    values = np.linalg.eigvalsh(hessian)
    if np.all(values >= tol):
        return "minimum"
    if np.all(values <= -tol):
        return "maximum"
    if np.any(values >= tol) and np.any(values <= -tol):
        return "saddle"
    return "degenerate"


@mutant("expected 'minimum', got 'Minimum'")
def classify_critical_point__capitalised(hessian: np.ndarray, tol: float = 1e-8) -> str:
    values = np.linalg.eigvalsh(hessian)
    if np.all(values > tol):
        return "Minimum"
    if np.all(values < -tol):
        return "Maximum"
    if np.any(values > tol) and np.any(values < -tol):
        return "Saddle"
    return "Degenerate"


@mutant("uses `np.linalg.inv`, which this exercise forbids")
def newton_step__inverts(grad: np.ndarray, hessian: np.ndarray, x: np.ndarray) -> np.ndarray:
    s = np.linalg.svd(hessian, compute_uv=False)
    if s[-1] <= len(x) * np.finfo(float).eps * s[0]:
        raise ValueError("singular Hessian")
    return x - np.linalg.inv(hessian) @ grad


@mutant("uses `np.linalg.pinv`, which this exercise forbids")
def newton_step__pseudo_inverse(grad: np.ndarray, hessian: np.ndarray,
                                x: np.ndarray) -> np.ndarray:
    if np.linalg.matrix_rank(hessian) < len(x):
        raise ValueError("singular Hessian")
    return x - np.linalg.pinv(hessian) @ grad


@mutant("should raise ValueError for near-singular diag(1, 1e-20)")
def newton_step__relies_on_solve(grad: np.ndarray, hessian: np.ndarray,
                                 x: np.ndarray) -> np.ndarray:
    # np.linalg.solve raises LinAlgError (a ValueError) only on exact zero pivots.
    return x - np.linalg.solve(hessian, grad)


@mutant("raised ValueError")
def newton_step__absolute_determinant_test(grad: np.ndarray, hessian: np.ndarray,
                                           x: np.ndarray) -> np.ndarray:
    # An absolute threshold calls the tiny (1e-30) but well-conditioned Hessian singular.
    if abs(np.linalg.det(hessian)) < 1e-12:
        raise ValueError("singular Hessian")
    return x - np.linalg.solve(hessian, grad)
