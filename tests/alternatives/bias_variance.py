"""Correct bias_variance solutions written differently from the reference; all must pass."""

import math

import numpy as np


def bias_variance_decomposition__fsum_loops(predictions: np.ndarray,
                                            f_true: np.ndarray) -> tuple[float, float]:
    n_models, n_points = predictions.shape
    bias_terms, variance_terms = [], []
    for i in range(n_points):
        column = predictions[:, i].tolist()
        pbar = math.fsum(column) / n_models
        bias_terms.append((pbar - float(f_true[i])) ** 2)
        variance_terms.append(math.fsum((p - pbar) ** 2 for p in column) / n_models)
    return math.fsum(bias_terms) / n_points, math.fsum(variance_terms) / n_points


def bias_variance_decomposition__einsum(predictions: np.ndarray,
                                        f_true: np.ndarray) -> tuple[float, float]:
    pbar = np.einsum("mi->i", predictions) / predictions.shape[0]
    bias_sq = float(np.mean((pbar - f_true) ** 2))
    centred = predictions - pbar
    return bias_sq, float(np.einsum("mi,mi->", centred, centred) / centred.size)


def polynomial_features__vander(x: np.ndarray, degree: int) -> np.ndarray:
    if degree < 0:
        raise ValueError(f"`degree` must be >= 0, got {degree}")
    return np.vander(np.asarray(x, dtype=float), degree + 1, increasing=True)


def polynomial_features__running_product(x: np.ndarray, degree: int) -> np.ndarray:
    if degree < 0:
        raise ValueError(f"`degree` must be >= 0, got {degree}")
    x = np.asarray(x, dtype=float)
    out = np.ones((x.shape[0], degree + 1))
    for k in range(1, degree + 1):
        out[:, k] = out[:, k - 1] * x
    return out


def ridge_fit__stacked_lstsq(X: np.ndarray, y: np.ndarray, lam: float,
                             fit_intercept: bool = True) -> tuple[np.ndarray, float]:
    # ||yc - Xc w||^2 + lam ||w||^2 = ||[yc; 0] - [Xc; sqrt(lam) I] w||^2; lstsq returns
    # the minimum-norm minimiser, with the same relative cutoff (rcond=None).
    if lam < 0:
        raise ValueError(f"`lam` must be >= 0, got {lam}")
    d = X.shape[1]
    x_mean = X.mean(axis=0) if fit_intercept else np.zeros(d)
    y_mean = float(np.mean(y)) if fit_intercept else 0.0
    if lam > 0:
        A = np.vstack([X - x_mean, math.sqrt(lam) * np.eye(d)])
        target = np.concatenate([y - y_mean, np.zeros(d)])
    else:
        A, target = X - x_mean, y - y_mean
    w = np.linalg.lstsq(A, target, rcond=None)[0]
    return w, (y_mean - float(x_mean @ w)) if fit_intercept else 0.0


def ridge_fit__normal_equations(X: np.ndarray, y: np.ndarray, lam: float,
                                fit_intercept: bool = True) -> tuple[np.ndarray, float]:
    # lam > 0: the normal equations are nonsingular, solve them. lam = 0: the pseudo-
    # inverse solution through a truncated SVD with a looser (absolute-relative) cutoff.
    if lam < 0:
        raise ValueError(f"`lam` must be >= 0, got {lam}")
    n, d = X.shape
    x_mean = X.mean(axis=0) if fit_intercept else np.zeros(d)
    y_mean = float(np.mean(y)) if fit_intercept else 0.0
    Xc, yc = X - x_mean, y - y_mean
    if lam > 0:
        w = np.linalg.solve(Xc.T @ Xc + lam * np.eye(d), Xc.T @ yc)
    else:
        U, s, Vt = np.linalg.svd(Xc, full_matrices=False)
        big = s > 1e-10 * s[0]  # the cases' kept singular values are all far above this
        w = Vt[big].T @ ((U[:, big].T @ yc) / s[big])
    b = y_mean - float(np.dot(x_mean, w)) if fit_intercept else 0.0
    return w, b


def ridge_effective_dof__hat_matrix_trace(X: np.ndarray, lam: float) -> float:
    # lam = 0: the numerical rank (matrix_rank uses the same cutoff); lam > 0: the trace
    # of the hat matrix X (X^T X + lam I)^-1 X^T, from the Gram matrix of the smaller side.
    if lam < 0:
        raise ValueError(f"`lam` must be >= 0, got {lam}")
    if lam == 0:
        return float(np.linalg.matrix_rank(X)) if np.any(X) else 0.0
    n, d = X.shape
    if d <= n:
        G = X.T @ X
        return float(np.trace(np.linalg.solve(G + lam * np.eye(d), G)))
    K = X @ X.T
    return float(np.trace(np.linalg.solve(K + lam * np.eye(n), K)))


def ridge_effective_dof__loop(X: np.ndarray, lam: float) -> float:
    if lam < 0:
        raise ValueError(f"`lam` must be >= 0, got {lam}")
    s = np.linalg.svd(X, compute_uv=False)
    if s.size == 0 or s[0] == 0:
        return 0.0
    cutoff = max(X.shape) * np.finfo(float).eps * s[0]
    total = 0.0
    for value in s.tolist():
        if value >= cutoff:
            total += value * value / (value * value + lam)
    return total


def min_norm_least_squares__complete_orthogonal(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    # The SVD of X^T instead of X (U and V swap roles), truncated to the numerical
    # rank r: w = V_r diag(1/s_r) U_r^T y.
    n, d = X.shape
    V, s, Ut = np.linalg.svd(X.T, full_matrices=False)
    if s.size == 0 or s[0] == 0:
        return np.zeros(d)
    r = int(np.sum(s >= max(n, d) * np.finfo(float).eps * s[0]))
    coefficients = (Ut[:r] @ y) / s[:r]
    return V[:, :r] @ coefficients


def min_norm_least_squares__project_then_solve(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    # Keep the top-r right singular vectors V_r; w = V_r c with c the least-squares
    # solution of (X V_r) c = y, which has full column rank r (solved by QR).
    n, d = X.shape
    _, s, Vt = np.linalg.svd(X, full_matrices=False)
    if s.size == 0 or s[0] == 0:
        return np.zeros(d)
    r = int(np.sum(s >= max(n, d) * np.finfo(float).eps * s[0]))
    A = X @ Vt[:r].T
    Q, R = np.linalg.qr(A)
    return Vt[:r].T @ np.linalg.solve(R, Q.T @ y)


def min_norm_least_squares__rank_one_sum(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    # X^+ y as a sum over the kept singular triplets: sum_j (u_j . y / s_j) v_j.
    _, d = X.shape
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    w = np.zeros(d)
    if s.size == 0:
        return w
    cutoff = max(X.shape) * np.finfo(float).eps * s[0]
    for j, s_j in enumerate(s):
        if s_j > cutoff and s_j > 0:
            w += (U[:, j] @ y) / s_j * Vt[j]
    return w


def kfold_indices__array_split(n_samples: int,
                               n_folds: int) -> list[tuple[np.ndarray, np.ndarray]]:
    # np.array_split puts the extra samples in the first n % k pieces, as KFold does.
    if n_folds < 2:
        raise ValueError(f"`n_folds` must be >= 2, got {n_folds}")
    if n_folds > n_samples:
        raise ValueError(f"`n_folds` must be <= n_samples = {n_samples}, got {n_folds}")
    idx = np.arange(n_samples)
    return [(np.setdiff1d(idx, val), val) for val in np.array_split(idx, n_folds)]


def kfold_indices__python_lists(n_samples: int,
                                n_folds: int) -> list[tuple[np.ndarray, np.ndarray]]:
    if not 2 <= n_folds <= n_samples:
        raise ValueError(f"`n_folds` must be in [2, n_samples], got {n_folds}")
    folds, start = [], 0
    for j in range(n_folds):
        size = n_samples // n_folds + (1 if j < n_samples % n_folds else 0)
        val = list(range(start, start + size))
        train = [i for i in range(n_samples) if not start <= i < start + size]
        folds.append((np.array(train, dtype=np.int64), np.array(val, dtype=np.int64)))
        start += size
    return folds


def select_ridge_lambda__svd_once_per_fold(X: np.ndarray, y: np.ndarray, lambdas: np.ndarray,
                                           n_folds: int = 5) -> tuple[float, np.ndarray]:
    # One SVD of each centred training fold serves every lambda; fold MSEs form an
    # (n_folds, m) table whose column means are cv_mse.
    n = X.shape[0]
    sizes = [n // n_folds + (1 if j < n % n_folds else 0) for j in range(n_folds)]
    lambdas = np.asarray(lambdas, dtype=float)
    table = np.empty((n_folds, len(lambdas)))
    start = 0
    for j, size in enumerate(sizes):
        val = np.arange(start, start + size)
        train = np.setdiff1d(np.arange(n), val)
        start += size
        x_mean, y_mean = X[train].mean(axis=0), y[train].mean()
        U, s, Vt = np.linalg.svd(X[train] - x_mean, full_matrices=False)
        keep = s >= max(len(train), X.shape[1]) * np.finfo(float).eps * s[0]
        s_kept = np.where(keep, s, 1.0)
        factors = np.where(keep[:, None], s_kept[:, None]
                           / (s_kept[:, None] ** 2 + lambdas[None, :]), 0.0)  # (k, m)
        W = Vt.T @ (factors * (U.T @ (y[train] - y_mean))[:, None])  # (d, m)
        B = y_mean - x_mean @ W
        residuals = y[val][:, None] - X[val] @ W - B
        table[j] = np.mean(residuals**2, axis=0)
    cv_mse = table.mean(axis=0)
    best = min(range(len(lambdas)), key=lambda i: (cv_mse[i], i))
    return float(lambdas[best]), cv_mse


def select_ridge_lambda__loops_with_lstsq(X: np.ndarray, y: np.ndarray, lambdas: np.ndarray,
                                          n_folds: int = 5) -> tuple[float, np.ndarray]:
    n, d = X.shape
    bounds, start = [], 0
    for j in range(n_folds):
        size = n // n_folds + (1 if j < n % n_folds else 0)
        bounds.append((start, start + size))
        start += size
    cv_mse = np.zeros(len(lambdas))
    for i, lam in enumerate(lambdas):
        for lo, hi in bounds:
            train = np.r_[0:lo, hi:n]
            x_mean, y_mean = X[train].mean(axis=0), y[train].mean()
            A = np.vstack([X[train] - x_mean, math.sqrt(lam) * np.eye(d)])
            target = np.concatenate([y[train] - y_mean, np.zeros(d)])
            w = np.linalg.lstsq(A, target, rcond=None)[0]
            b = y_mean - x_mean @ w
            cv_mse[i] += np.mean((y[lo:hi] - X[lo:hi] @ w - b) ** 2) / n_folds
    best_lambda, best_error = None, math.inf
    for lam, error in zip(lambdas, cv_mse, strict=True):
        if error < best_error:  # strict: the first of equal minima stays
            best_lambda, best_error = float(lam), error
    return best_lambda, cv_mse


def soft_threshold__minus_clip(z: np.ndarray, lam: float) -> np.ndarray:
    # What clipping to [-lam, lam] removes is exactly the soft-thresholded value.
    if lam < 0:
        raise ValueError(f"`lam` must be >= 0, got {lam}")
    return z - np.clip(z, -lam, lam)


def soft_threshold__scalar_loop(z: np.ndarray, lam: float) -> np.ndarray:
    if lam < 0:
        raise ValueError(f"`lam` must be >= 0, got {lam}")
    out = np.zeros(np.shape(z))
    for idx, value in np.ndenumerate(z):
        out[idx] = math.copysign(abs(value) - lam, value) if abs(value) > lam else 0.0
    return out


def soft_threshold__nested_where(z: np.ndarray, lam: float) -> np.ndarray:
    # Three branches spelled out: above lam, below -lam, in between (exactly 0.0).
    if lam < 0:
        raise ValueError(f"`lam` must be >= 0, got {lam}")
    z = np.asarray(z, dtype=float)
    return np.where(z > lam, z - lam, np.where(z < -lam, z + lam, 0.0))


def lasso_coordinate_descent__covariance_form(X: np.ndarray, y: np.ndarray, lam: float,
                                              num_iters: int = 1000,
                                              tol: float = 1e-10) -> np.ndarray:
    # glmnet's "covariance updates": precompute G = X^T X / n and c = X^T y / n, then
    # rho_j = c_j - G_j . w + G_jj w_j, with no residual vector at all.
    n, d = X.shape
    G, c = X.T @ X / n, X.T @ y / n
    w = np.zeros(d)
    for _ in range(num_iters):
        change = 0.0
        for j in range(d):
            if G[j, j] == 0:
                continue
            rho = c[j] - G[j] @ w + G[j, j] * w[j]
            new = math.copysign(max(abs(rho) - lam, 0.0), rho) / G[j, j]
            change = max(change, abs(new - w[j]))
            w[j] = new
        if change <= tol:
            break
    return w + 0.0  # no -0.0 entries


def lasso_coordinate_descent__reverse_sweeps(X: np.ndarray, y: np.ndarray, lam: float,
                                             num_iters: int = 1000,
                                             tol: float = 1e-10) -> np.ndarray:
    # Sweeps visit d-1 .. 0, and stop on the change of the objective's argument measured
    # as the sweep's step norm: another valid order and stopping rule, same minimiser.
    n, d = X.shape
    w, r = np.zeros(d), y.copy()
    norms = (X**2).sum(axis=0)
    for _ in range(num_iters):
        before = w.copy()
        for j in reversed(range(d)):
            if norms[j] == 0:
                continue
            rho = X[:, j] @ r + norms[j] * w[j]  # everything times n: threshold at n lam
            new = np.sign(rho) * max(abs(rho) - n * lam, 0.0) / norms[j]
            r += X[:, j] * (w[j] - new)
            w[j] = new
        if np.linalg.norm(w - before) <= tol:
            break
    return w


def lasso_lambda_max__column_loop(X: np.ndarray, y: np.ndarray) -> float:
    n, d = X.shape
    return max((abs(math.fsum(X[:, j] * y)) / n for j in range(d)), default=0.0)


def lasso_lambda_max__inf_norm(X: np.ndarray, y: np.ndarray) -> float:
    return float(np.linalg.norm(y @ X, ord=np.inf)) / len(y)


def _check_vc(n, vc_dim, delta):
    if n < 1:
        raise ValueError(f"`n` must be >= 1, got {n}")
    if vc_dim < 0:
        raise ValueError(f"`vc_dim` must be >= 0, got {vc_dim}")
    if not 0 < delta < 1:
        raise ValueError(f"`delta` must lie in (0, 1), got {delta}")


def vc_generalization_bound__exact_integers(n: float, vc_dim: int, delta: float) -> float:
    # Python integers do not overflow, and math.log accepts an integer of any size.
    _check_vc(n, vc_dim, delta)
    growth = (2 * int(n)) ** int(vc_dim) + 1
    return math.sqrt(8 / n * (math.log(4 * growth) - math.log(delta)))


def vc_generalization_bound__logaddexp(n: float, vc_dim: int, delta: float) -> float:
    # ln((2n)^d + 1) = logaddexp(d ln(2n), 0), NumPy's stable log(e^a + e^b).
    _check_vc(n, vc_dim, delta)
    log_growth = np.logaddexp(vc_dim * np.log(2.0 * n), 0.0)
    return float(np.sqrt(8.0 / n * (np.log(4.0) + log_growth - np.log(delta))))


def vc_generalization_bound__log1p_of_the_inverse(n: float, vc_dim: int,
                                                  delta: float) -> float:
    # ln((2n)^d + 1) = a + log1p(e^-a) with a = d ln(2n) >= 0, so e^-a never overflows.
    _check_vc(n, vc_dim, delta)
    if vc_dim == 0:
        log_growth = math.log(2.0)
    else:
        a = vc_dim * math.log(2 * n)
        log_growth = a + math.log1p(math.exp(-a))
    return math.sqrt(8 * log_growth / n + 8 * math.log(4 / delta) / n)


def _check_es(val_losses, patience):
    if patience < 1:
        raise ValueError(f"`patience` must be >= 1, got {patience}")
    if len(val_losses) == 0:
        raise ValueError("`val_losses` must not be empty")


def early_stopping__improvement_gaps(val_losses: np.ndarray, patience: int,
                                     min_delta: float = 0.0) -> tuple[int, int]:
    # List the improving epochs first; training stops patience epochs after the first
    # improvement that is not followed by another within patience epochs.
    _check_es(val_losses, patience)
    improving, best = [], math.inf
    for epoch, loss in enumerate(val_losses.tolist()):
        if loss < best - min_delta:
            improving.append(epoch)
            best = loss
    improving.append(math.inf)  # a sentinel "next improvement" after the last one
    for k in range(len(improving) - 1):
        this, following = improving[k], improving[k + 1]
        if following - this > patience and this + patience < len(val_losses):
            return this, this + patience
    return improving[-2], len(val_losses) - 1


class _KerasLikeCallback:
    """The callback shape of Keras' EarlyStopping(mode="min"), called once per epoch."""

    def __init__(self, patience, min_delta):
        self.patience, self.min_delta = patience, min_delta
        self.best, self.best_epoch, self.wait, self.stopped_epoch = np.inf, 0, 0, None

    def on_epoch_end(self, epoch, loss):
        if np.less(loss + self.min_delta, self.best):
            self.best, self.best_epoch, self.wait = loss, epoch, 0
            return
        self.wait += 1
        if self.wait >= self.patience:
            self.stopped_epoch = epoch


def early_stopping__keras_callback(val_losses: np.ndarray, patience: int,
                                   min_delta: float = 0.0) -> tuple[int, int]:
    _check_es(val_losses, patience)
    callback = _KerasLikeCallback(patience, min_delta)
    for epoch, loss in enumerate(val_losses):
        callback.on_epoch_end(epoch, float(loss))
        if callback.stopped_epoch is not None:
            return callback.best_epoch, epoch
    return callback.best_epoch, len(val_losses) - 1


def early_stopping__gap_to_the_best(val_losses: np.ndarray, patience: int,
                                    min_delta: float = 0.0) -> tuple[int, int]:
    # "best - loss > min_delta" instead of "loss < best - min_delta": the same test up
    # to rounding, and exactly the same on the graders' dyadic boundary losses.
    _check_es(val_losses, patience)
    best, best_epoch, waited = math.inf, 0, 0
    for epoch, loss in enumerate(val_losses.tolist()):
        if best - loss > min_delta:
            best, best_epoch, waited = loss, epoch, 0
            continue
        waited += 1
        if waited == patience:
            return best_epoch, epoch
    return best_epoch, len(val_losses) - 1
