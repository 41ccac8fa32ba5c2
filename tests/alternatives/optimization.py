"""Correct optimization solutions written differently from the reference; all must pass.

Loops where the reference is vectorised, other algebraic forms (PyTorch's own Adam
arithmetic, cos^2 for the cosine), other factorisations (eigendecomposition for Newton).
"""

import math
from collections.abc import Callable

import numpy as np


def mse_grad__loop_over_samples(X: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    n, d = X.shape
    grad = np.zeros(d)
    for i in range(n):
        residual = sum(X[i, j] * w[j] for j in range(d)) - y[i]
        for j in range(d):
            grad[j] += 2.0 * residual * X[i, j] / n
    return grad


def mse_grad__einsum(X: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    residual = np.einsum("ij,j->i", X, w) - y
    return np.einsum("ij,i->j", X, residual) * 2.0 / len(y)


def softmax__logsumexp(z: np.ndarray, axis: int = -1) -> np.ndarray:
    top = np.max(z, axis=axis, keepdims=True)
    lse = top + np.log(np.sum(np.exp(z - top), axis=axis, keepdims=True))
    return np.exp(z - lse)


def softmax__moveaxis_loop(z: np.ndarray, axis: int = -1) -> np.ndarray:
    moved = np.moveaxis(np.array(z, dtype=float), axis, -1)
    flat = moved.reshape(-1, moved.shape[-1])
    out = np.empty_like(flat)
    for r, row in enumerate(flat):
        e = [math.exp(v - max(row)) for v in row]
        total = math.fsum(e)
        out[r] = [x / total for x in e]
    return np.moveaxis(out.reshape(moved.shape), -1, axis)


def _check(labels, k):
    for c in np.asarray(labels).tolist():
        if not 0 <= c < k:
            raise ValueError(f"`labels` must lie in [0, {k}), got {c}")


def cross_entropy_loss__loop(logits: np.ndarray, labels: np.ndarray) -> float:
    n, k = logits.shape
    _check(labels, k)
    total = 0.0
    for i in range(n):
        row = logits[i].tolist()
        top = max(row)
        lse = top + math.log(math.fsum(math.exp(v - top) for v in row))
        total += lse - row[int(labels[i])]
    return total / n


def cross_entropy_loss__log_softmax_matrix(logits: np.ndarray, labels: np.ndarray) -> float:
    n, k = logits.shape
    labels = np.asarray(labels)
    if labels.min() < 0 or labels.max() >= k:
        raise ValueError(f"`labels` must lie in [0, {k})")
    shifted = logits - logits.max(axis=1)[:, None]
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1))[:, None]
    onehot = np.eye(k)[labels]
    return float(-(onehot * log_p).sum() / n)


def cross_entropy_grad__onehot_matrix(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    n, k = logits.shape
    _check(labels, k)
    top = logits.max(axis=1, keepdims=True)
    lse = top + np.log(np.exp(logits - top).sum(axis=1, keepdims=True))
    return (np.exp(logits - lse) - np.eye(k)[labels]) / n


def cross_entropy_grad__loop(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    n, k = logits.shape
    _check(labels, k)
    grad = np.empty((n, k))
    for i in range(n):
        e = np.exp(logits[i] - logits[i].max())
        p = e / e.sum()
        for j in range(k):
            grad[i, j] = (p[j] - (1.0 if j == labels[i] else 0.0)) / n
    return grad


def gradient_descent__list_of_iterates(grad_fn: Callable[[np.ndarray], np.ndarray],
                                       x0: np.ndarray, lr: float,
                                       num_steps: int) -> np.ndarray:
    x = np.array(x0, dtype=float)
    rows = [x]
    for _ in range(num_steps):
        x = x + (-lr) * np.asarray(grad_fn(x))  # a new array each step, never in place
        rows.append(x)
    return np.vstack(rows)


def sgd_momentum_step__expanded(params: np.ndarray, grads: np.ndarray, velocity: np.ndarray,
                                lr: float, momentum: float = 0.9,
                                nesterov: bool = False) -> tuple[np.ndarray, np.ndarray]:
    new_velocity = velocity * momentum + grads
    if nesterov:
        return params - lr * grads - lr * momentum * new_velocity, new_velocity
    return params - lr * new_velocity, new_velocity


def sgd_momentum_step__per_coordinate(params: np.ndarray, grads: np.ndarray,
                                      velocity: np.ndarray, lr: float, momentum: float = 0.9,
                                      nesterov: bool = False) -> tuple[np.ndarray, np.ndarray]:
    p, g, v = (np.array(a, dtype=float).ravel() for a in (params, grads, velocity))
    for i in range(p.size):
        v[i] = momentum * v[i] + g[i]
        p[i] -= lr * (g[i] + momentum * v[i] if nesterov else v[i])
    return p.reshape(np.shape(params)), v.reshape(np.shape(params))


def rmsprop_step__per_coordinate(params: np.ndarray, grads: np.ndarray,
                                 square_avg: np.ndarray, lr: float = 0.01, alpha: float = 0.99,
                                 eps: float = 1e-8) -> tuple[np.ndarray, np.ndarray]:
    p, g, s = (np.array(a, dtype=float).ravel() for a in (params, grads, square_avg))
    for i in range(p.size):
        s[i] = alpha * s[i] + (1 - alpha) * g[i] ** 2
        p[i] = p[i] - lr * g[i] / (math.sqrt(s[i]) + eps)
    return p.reshape(np.shape(params)), s.reshape(np.shape(params))


def rmsprop_step__interpolation(params: np.ndarray, grads: np.ndarray, square_avg: np.ndarray,
                                lr: float = 0.01, alpha: float = 0.99,
                                eps: float = 1e-8) -> tuple[np.ndarray, np.ndarray]:
    # s' = s + (1 - alpha)(g^2 - s), the same average written as an interpolation.
    new_avg = square_avg + (1 - alpha) * (np.square(grads) - square_avg)
    return params - (lr / (np.sqrt(new_avg) + eps)) * grads, new_avg


def adam_step__pytorch_arithmetic(params: np.ndarray, grads: np.ndarray, m: np.ndarray,
                                  v: np.ndarray, t: int, lr: float = 1e-3, beta1: float = 0.9,
                                  beta2: float = 0.999,
                                  eps: float = 1e-8) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    # torch.optim.Adam: lerp for m, step_size = lr / bc1, denom = sqrt(v) / sqrt(bc2) + eps.
    if t < 1:
        raise ValueError(f"`t` must be >= 1, got {t}")
    new_m = m + (grads - m) * (1 - beta1)
    new_v = v * beta2 + (1 - beta2) * grads * grads
    bias_correction1 = 1 - beta1**t
    bias_correction2_sqrt = math.sqrt(1 - beta2**t)
    denom = np.sqrt(new_v) / bias_correction2_sqrt + eps
    return params - (lr / bias_correction1) * (new_m / denom), new_m, new_v


def adam_step__per_coordinate(params: np.ndarray, grads: np.ndarray, m: np.ndarray,
                              v: np.ndarray, t: int, lr: float = 1e-3, beta1: float = 0.9,
                              beta2: float = 0.999,
                              eps: float = 1e-8) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if t < 1:
        raise ValueError("t must be at least 1")
    shape = np.shape(params)
    p, g, m1, v1 = (np.array(a, dtype=float).ravel() for a in (params, grads, m, v))
    for i in range(p.size):
        m1[i] = beta1 * m1[i] + (1 - beta1) * g[i]
        v1[i] = beta2 * v1[i] + (1 - beta2) * g[i] * g[i]
        m_hat = m1[i] / (1 - beta1**t)
        v_hat = v1[i] / (1 - beta2**t)
        p[i] -= lr * m_hat / (math.sqrt(v_hat) + eps)
    return p.reshape(shape), m1.reshape(shape), v1.reshape(shape)


def adamw_step__decay_term_subtracted(params: np.ndarray, grads: np.ndarray, m: np.ndarray,
                                      v: np.ndarray, t: int, lr: float = 1e-3,
                                      beta1: float = 0.9, beta2: float = 0.999,
                                      eps: float = 1e-8, weight_decay: float = 0.01,
                                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    # p' = p - lr wd p - lr m_hat / (sqrt(v_hat) + eps): the same update, expanded.
    if t < 1:
        raise ValueError(f"`t` must be >= 1, got {t}")
    new_m = beta1 * m + (1 - beta1) * grads
    new_v = beta2 * v + (1 - beta2) * grads**2
    adam = (new_m / (1 - beta1**t)) / (np.sqrt(new_v / (1 - beta2**t)) + eps)
    return params - lr * weight_decay * params - lr * adam, new_m, new_v


def cosine_lr__cos_squared(step: int, base_lr: float, total_steps: int, warmup_steps: int = 0,
                           min_lr: float = 0.0) -> float:
    # (1 + cos x) / 2 = cos(x / 2)^2; the lr is interpolated from min_lr instead.
    if total_steps < 1 or warmup_steps < 0 or warmup_steps > total_steps:
        raise ValueError("need total_steps >= 1 and 0 <= warmup_steps <= total_steps")
    if step >= total_steps:
        return float(min_lr)
    if step < warmup_steps:
        return step / warmup_steps * base_lr
    progress = (step - warmup_steps) / (total_steps - warmup_steps)
    weight = math.cos(math.pi * progress / 2) ** 2
    return base_lr * weight + min_lr * (1 - weight)


def clip_grad_norm__concatenate(grads: list[np.ndarray],
                                max_norm: float) -> tuple[list[np.ndarray], float]:
    flat = np.concatenate([np.ravel(g) for g in grads])
    total_norm = float(np.linalg.norm(flat))
    factor = max_norm / (total_norm + 1e-6) if total_norm > max_norm else 1.0
    return [np.asarray(g) * factor for g in grads], total_norm


def clip_grad_norm__loop(grads: list[np.ndarray],
                         max_norm: float) -> tuple[list[np.ndarray], float]:
    squares = 0.0
    for g in grads:
        for value in np.ravel(g).tolist():
            squares += value * value
    total_norm = math.sqrt(squares)
    if not total_norm > max_norm:
        return [g.copy() for g in grads], total_norm
    factor = max_norm / (total_norm + 1e-6)
    return [g * factor for g in grads], total_norm


def classify_critical_point__cholesky(hessian: np.ndarray, tol: float = 1e-8) -> str:
    # All eigenvalues > tol  <=>  H - tol I is positive definite (Cholesky succeeds).
    n = hessian.shape[0]
    shift = tol * np.eye(n)

    def definite(matrix):
        try:
            np.linalg.cholesky(matrix)
        except np.linalg.LinAlgError:
            return False
        return True

    if definite(hessian - shift):
        return "minimum"
    if definite(-hessian - shift):
        return "maximum"
    eigenvalues = np.linalg.eigh(hessian)[0]
    positive = int(np.count_nonzero(eigenvalues > tol))
    negative = int(np.count_nonzero(eigenvalues < -tol))
    return "saddle" if positive and negative else "degenerate"


def newton_step__eigendecomposition(grad: np.ndarray, hessian: np.ndarray,
                                    x: np.ndarray) -> np.ndarray:
    # Hessians are symmetric: singular values are abs(eigenvalues), H^-1 = Q diag(1/l) Q^T.
    eigenvalues, vectors = np.linalg.eigh(hessian)
    sizes = np.abs(eigenvalues)
    if sizes.min() <= len(x) * np.finfo(float).eps * sizes.max():
        raise ValueError("`hessian` is singular")
    return x - vectors @ ((vectors.T @ grad) / eigenvalues)


def newton_step__qr_back_substitution(grad: np.ndarray, hessian: np.ndarray,
                               x: np.ndarray) -> np.ndarray:
    # H = QR, so H d = grad becomes R d = Q^T grad, solved by back substitution.
    n = hessian.shape[0]
    s = np.linalg.svd(hessian, compute_uv=False)
    if s[-1] <= n * np.finfo(float).eps * s[0]:
        raise ValueError("`hessian` is singular")
    q, r = np.linalg.qr(hessian)
    rhs = q.T @ grad
    d = np.zeros(n)
    for i in range(n - 1, -1, -1):
        d[i] = (rhs[i] - r[i, i + 1:] @ d[i + 1:]) / r[i, i]
    return x - d


def gradient_descent__ndmin_rows(grad_fn: Callable[[np.ndarray], np.ndarray], x0: np.ndarray,
                                 lr: float, num_steps: int) -> np.ndarray:
    # np.array(..., ndmin=2) copies, so even num_steps = 0 returns a new array.
    rows = [np.array(x0, dtype=float, ndmin=2)]
    for _ in range(num_steps):
        x = rows[-1][0]
        rows.append(np.array(x - lr * np.asarray(grad_fn(x.copy())), ndmin=2))
    return np.concatenate(rows)


def newton_step__matrix_rank(grad: np.ndarray, hessian: np.ndarray, x: np.ndarray) -> np.ndarray:
    # matrix_rank's default threshold is s_max * max(n, n) * eps, the docstring's rule.
    if np.linalg.matrix_rank(hessian) < hessian.shape[0]:
        raise ValueError("`hessian` is singular")
    return x - np.linalg.solve(hessian, grad)


def classify_critical_point__isclose_to_zero(hessian: np.ndarray, tol: float = 1e-8) -> str:
    values = np.linalg.eigvalsh(hessian)
    zero = np.isclose(values, 0.0, rtol=0.0, atol=tol)  # abs(value) <= tol
    positive, negative = (values > 0) & ~zero, (values < 0) & ~zero
    if positive.all():
        return "minimum"
    if negative.all():
        return "maximum"
    return "saddle" if positive.any() and negative.any() else "degenerate"


def cross_entropy_loss__mean_lse_minus_mean_picked(logits: np.ndarray,
                                                   labels: np.ndarray) -> float:
    # mean(lse) - mean(z_c): still never negative, since lse >= z_c row by row.
    n, k = logits.shape
    if np.any((labels < 0) | (labels >= k)):
        raise ValueError(f"`labels` must lie in [0, {k})")
    top = logits.max(axis=1)
    lse = top + np.log(np.exp(logits - top[:, None]).sum(axis=1))
    return float(np.mean(lse) - np.mean(logits[np.arange(n), labels]))


def softmax__loop_along_axis(z: np.ndarray, axis: int = -1) -> np.ndarray:
    # Walks the softmax axis one index at a time; every slice keeps its own max.
    out = np.empty(np.shape(z))
    moved_in = np.moveaxis(np.asarray(z, dtype=float), axis, 0)
    moved_out = np.moveaxis(out, axis, 0)  # a view: writing to it fills out
    top = moved_in.max(axis=0)
    total = np.zeros_like(top)
    for i in range(moved_in.shape[0]):
        total += np.exp(moved_in[i] - top)
    for i in range(moved_in.shape[0]):
        moved_out[i] = np.exp(moved_in[i] - top) / total
    return out
