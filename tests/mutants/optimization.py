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


# --- one rule left out of the validation, the rest kept -------------------------------


def _ce_loss_unchecked(logits: np.ndarray, labels: np.ndarray) -> float:
    shifted = logits - logits.max(axis=1, keepdims=True)
    lse = np.log(np.exp(shifted).sum(axis=1))
    return float(np.mean(lse - shifted[np.arange(len(labels)), labels]))


@mutant("should raise ValueError for a negative label")
def cross_entropy_loss__checks_only_too_large(logits: np.ndarray, labels: np.ndarray) -> float:
    if np.any(labels >= logits.shape[1]):
        raise ValueError("label out of range")
    return _ce_loss_unchecked(logits, labels)  # -1 picks the last class


@mutant("should raise ValueError for a label equal to k = 4")
def cross_entropy_loss__checks_only_negative(logits: np.ndarray, labels: np.ndarray) -> float:
    if np.any(labels < 0):
        raise ValueError("negative label")
    return _ce_loss_unchecked(logits, labels)  # k raises IndexError, not ValueError


def _ce_grad_unchecked(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    p[np.arange(len(labels)), labels] -= 1.0
    return p / len(labels)


@mutant("should raise ValueError for a negative label")
def cross_entropy_grad__checks_only_too_large(logits: np.ndarray,
                                              labels: np.ndarray) -> np.ndarray:
    if labels.max() >= logits.shape[1]:
        raise ValueError("label out of range")
    return _ce_grad_unchecked(logits, labels)


@mutant("should raise ValueError for a label equal to k = 4")
def cross_entropy_grad__checks_only_negative(logits: np.ndarray,
                                             labels: np.ndarray) -> np.ndarray:
    if labels.min() < 0:
        raise ValueError("negative label")
    return _ce_grad_unchecked(logits, labels)


def _adam_unchecked(params, grads, m, v, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * grads
    v = beta2 * v + (1 - beta2) * grads**2
    step = lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)
    return params - step, m, v


@mutant("should raise ValueError for t = 0 (updates are numbered from 1)")
def adam_step__allows_t_zero(params: np.ndarray, grads: np.ndarray, m: np.ndarray,
                             v: np.ndarray, t: int, lr: float = 1e-3, beta1: float = 0.9,
                             beta2: float = 0.999,
                             eps: float = 1e-8) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if t < 0:  # off by one: t = 0 divides by 1 - beta**0 = 0
        raise ValueError("t must be >= 1")
    return _adam_unchecked(params, grads, m, v, t, lr, beta1, beta2, eps)


@mutant("should raise ValueError for t = -1")
def adam_step__rejects_only_zero(params: np.ndarray, grads: np.ndarray, m: np.ndarray,
                                 v: np.ndarray, t: int, lr: float = 1e-3, beta1: float = 0.9,
                                 beta2: float = 0.999,
                                 eps: float = 1e-8) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if t == 0:
        raise ValueError("t must be >= 1")
    return _adam_unchecked(params, grads, m, v, t, lr, beta1, beta2, eps)


@mutant("should raise ValueError for t = 0 (updates are numbered from 1)")
def adamw_step__allows_t_zero(params: np.ndarray, grads: np.ndarray, m: np.ndarray,
                              v: np.ndarray, t: int, lr: float = 1e-3, beta1: float = 0.9,
                              beta2: float = 0.999, eps: float = 1e-8,
                              weight_decay: float = 0.01,
                              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if t < 0:
        raise ValueError("t must be >= 1")
    return _adam_unchecked(params * (1 - lr * weight_decay), grads, m, v, t, lr, beta1, beta2,
                           eps)


def _cosine_unchecked(step, base_lr, total_steps, warmup_steps, min_lr):
    if step < warmup_steps:
        return float(base_lr * step / warmup_steps)
    if step >= total_steps:
        return float(min_lr)
    progress = (step - warmup_steps) / (total_steps - warmup_steps)
    return float(min_lr + (base_lr - min_lr) * (1 + math.cos(math.pi * progress)) / 2)


@mutant("should raise ValueError for total_steps = 0")
def cosine_lr__no_total_steps_check(step: int, base_lr: float, total_steps: int,
                                    warmup_steps: int = 0, min_lr: float = 0.0) -> float:
    if not 0 <= warmup_steps <= max(total_steps, 0):
        raise ValueError("bad warmup_steps")
    return _cosine_unchecked(step, base_lr, total_steps, warmup_steps, min_lr)


@mutant("should raise ValueError for warmup_steps = -1")
def cosine_lr__no_negative_warmup_check(step: int, base_lr: float, total_steps: int,
                                        warmup_steps: int = 0, min_lr: float = 0.0) -> float:
    if total_steps < 1 or warmup_steps > total_steps:
        raise ValueError("bad schedule")
    return _cosine_unchecked(step, base_lr, total_steps, warmup_steps, min_lr)


@mutant("should raise ValueError for warmup_steps = 11 > total_steps = 10")
def cosine_lr__no_warmup_above_total_check(step: int, base_lr: float, total_steps: int,
                                           warmup_steps: int = 0, min_lr: float = 0.0) -> float:
    if total_steps < 1 or warmup_steps < 0:
        raise ValueError("bad schedule")
    return _cosine_unchecked(step, base_lr, total_steps, warmup_steps, min_lr)


@mutant("should raise ValueError for exactly at the threshold")
def newton_step__strict_threshold(grad: np.ndarray, hessian: np.ndarray,
                                  x: np.ndarray) -> np.ndarray:
    s = np.linalg.svd(hessian, compute_uv=False)
    if s[-1] < len(x) * np.finfo(float).eps * s[0]:  # < where the rule says <=
        raise ValueError("singular Hessian")
    return x - np.linalg.solve(hessian, grad)  # the zero matrix: LinAlgError, a ValueError


@mutant("should raise ValueError for just singular for n = 3")
def newton_step__no_n_factor(grad: np.ndarray, hessian: np.ndarray,
                             x: np.ndarray) -> np.ndarray:
    s = np.linalg.svd(hessian, compute_uv=False)
    if s[-1] <= np.finfo(float).eps * s[0]:  # eps * s_max, without the factor n
        raise ValueError("singular Hessian")
    return x - np.linalg.solve(hessian, grad)


@mutant("the singularity test is relative")
def newton_step__absolute_singular_value_floor(grad: np.ndarray, hessian: np.ndarray,
                                               x: np.ndarray) -> np.ndarray:
    if np.linalg.svd(hessian, compute_uv=False)[-1] <= 1e-12:  # absolute, not relative
        raise ValueError("singular Hessian")
    return x - np.linalg.solve(hessian, grad)


@mutant("an indefinite Hessian (eigenvalues of both signs) is fine")
def newton_step__cholesky(grad: np.ndarray, hessian: np.ndarray, x: np.ndarray) -> np.ndarray:
    # Cholesky rejects every Hessian that is not positive definite, singular or not.
    s = np.linalg.svd(hessian, compute_uv=False)
    if s[-1] <= len(x) * np.finfo(float).eps * s[0]:
        raise ValueError("singular Hessian")
    lower = np.linalg.cholesky(hessian)
    y = np.linalg.solve(lower, grad)
    return x - np.linalg.solve(lower.T, y)


# --- aliasing: an input returned where a new array is promised -------------------------


@mutant("returned its input `grads` itself")
def clip_grad_norm__returns_inputs_when_not_clipped(
        grads: list[np.ndarray], max_norm: float) -> tuple[list[np.ndarray], float]:
    total_norm = math.sqrt(sum(float(np.sum(g * g)) for g in grads))
    if total_norm > max_norm:
        return [g * (max_norm / (total_norm + 1e-6)) for g in grads], total_norm
    return list(grads), total_norm  # a new list, but the caller's own arrays in it


@mutant("returned its input `x0` itself")
def gradient_descent__view_of_x0_for_zero_steps(grad_fn: Callable[[np.ndarray], np.ndarray],
                                                x0: np.ndarray, lr: float,
                                                num_steps: int) -> np.ndarray:
    if num_steps == 0:
        return np.atleast_2d(x0)  # a (1, d) view of x0
    rows = [np.array(x0, dtype=float)]
    for _ in range(num_steps):
        rows.append(rows[-1] - lr * np.asarray(grad_fn(rows[-1])))
    return np.array(rows)


@mutant("returned its input `grads` itself")
def sgd_momentum_step__plain_sgd_shortcut(params: np.ndarray, grads: np.ndarray,
                                          velocity: np.ndarray, lr: float,
                                          momentum: float = 0.9,
                                          nesterov: bool = False) -> tuple[np.ndarray, np.ndarray]:
    if momentum == 0:  # v' = 0 v + g is g: right value, but the caller's own array
        return params - lr * grads, grads
    v = momentum * velocity + grads
    step = grads + momentum * v if nesterov else v
    return params - lr * step, v


@mutant("returned its input `params` itself")
def rmsprop_step__frozen_shortcut(params: np.ndarray, grads: np.ndarray,
                                  square_avg: np.ndarray, lr: float = 0.01,
                                  alpha: float = 0.99,
                                  eps: float = 1e-8) -> tuple[np.ndarray, np.ndarray]:
    s = alpha * square_avg + (1 - alpha) * grads**2
    if lr == 0:
        return params, s
    return params - lr * grads / (np.sqrt(s) + eps), s


@mutant("returned its input `params` itself")
def adam_step__frozen_shortcut(params: np.ndarray, grads: np.ndarray, m: np.ndarray,
                               v: np.ndarray, t: int, lr: float = 1e-3, beta1: float = 0.9,
                               beta2: float = 0.999,
                               eps: float = 1e-8) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if t < 1:
        raise ValueError("t must be >= 1")
    new_params, new_m, new_v = _adam_unchecked(params, grads, m, v, t, lr, beta1, beta2, eps)
    return (params if lr == 0 else new_params), new_m, new_v


@mutant("returned its input `params` itself")
def adamw_step__frozen_shortcut(params: np.ndarray, grads: np.ndarray, m: np.ndarray,
                                v: np.ndarray, t: int, lr: float = 1e-3, beta1: float = 0.9,
                                beta2: float = 0.999, eps: float = 1e-8,
                                weight_decay: float = 0.01,
                                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if t < 1:
        raise ValueError("t must be >= 1")
    new_params, new_m, new_v = _adam_unchecked(params * (1 - lr * weight_decay), grads, m, v,
                                               t, lr, beta1, beta2, eps)
    return (params if lr == 0 else new_params), new_m, new_v


# --- boundaries, scale and the docstrings' warnings -----------------------------------


@mutant("clipped[0] is wrong")
def clip_grad_norm__isclose_boundary(grads: list[np.ndarray],
                                     max_norm: float) -> tuple[list[np.ndarray], float]:
    # "Equal within rounding is not above": leaves a norm one ulp above max_norm unclipped.
    total_norm = math.sqrt(sum(float(np.sum(g * g)) for g in grads))
    if total_norm > max_norm and not math.isclose(total_norm, max_norm):
        return [g * (max_norm / (total_norm + 1e-6)) for g in grads], total_norm
    return [g.copy() for g in grads], total_norm


@mutant("expected 'minimum', got 'degenerate'")
def classify_critical_point__tol_relative_to_norm(hessian: np.ndarray,
                                                  tol: float = 1e-8) -> str:
    values = np.linalg.eigvalsh(hessian)
    zero = tol * np.linalg.norm(hessian)  # relative to the Hessian's size: not the rule
    if np.all(values > zero):
        return "minimum"
    if np.all(values < -zero):
        return "maximum"
    if np.any(values > zero) and np.any(values < -zero):
        return "saddle"
    return "degenerate"


@mutant("the loss came out negative")
def cross_entropy_loss__eps_in_log(logits: np.ndarray, labels: np.ndarray) -> float:
    if np.any((labels < 0) | (labels >= logits.shape[1])):
        raise ValueError("label out of range")
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    return float(-np.mean(np.log(p[np.arange(len(labels)), labels] + 1e-10)))


@mutant("the velocity stores the step")
def sgd_momentum_step__step_in_velocity(params: np.ndarray, grads: np.ndarray,
                                        velocity: np.ndarray, lr: float, momentum: float = 0.9,
                                        nesterov: bool = False) -> tuple[np.ndarray, np.ndarray]:
    v = momentum * velocity - lr * grads  # the Notes' other convention, nesterov ignored
    return params + v, v


@mutant("the velocity includes the learning rate")
def sgd_momentum_step__lr_in_velocity_nesterov(params: np.ndarray, grads: np.ndarray,
                                               velocity: np.ndarray, lr: float,
                                               momentum: float = 0.9,
                                               nesterov: bool = False,
                                               ) -> tuple[np.ndarray, np.ndarray]:
    v = momentum * velocity + lr * grads
    step = momentum * v + lr * grads if nesterov else v
    return params - step, v


@mutant("subtracting the max of the whole array sends slices")
def softmax__global_max_shift(z: np.ndarray, axis: int = -1) -> np.ndarray:
    shifted = z - z.max()  # one max for the whole array, not one per slice
    return np.exp(shifted) / np.exp(shifted).sum(axis=axis, keepdims=True)
