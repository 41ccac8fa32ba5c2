"""Realistic wrong bias_variance solutions beyond the grader table's misconceptions.

Each must fail, with feedback containing the fragment given to ``@mutant``."""

import math

import numpy as np

from tests.support import mutant


@mutant("should be a float")
def bias_variance_decomposition__per_point_arrays(predictions: np.ndarray,
                                                  f_true: np.ndarray) -> tuple[float, float]:
    pbar = predictions.mean(axis=0)
    return (pbar - f_true) ** 2, predictions.var(axis=0)  # forgot to average over points


@mutant("bias_sq is wrong")
def bias_variance_decomposition__swapped(predictions: np.ndarray,
                                         f_true: np.ndarray) -> tuple[float, float]:
    pbar = predictions.mean(axis=0)
    return float(predictions.var(axis=0).mean()), float(np.mean((pbar - f_true) ** 2))


@mutant("changed its input `predictions` in place")
def bias_variance_decomposition__centres_in_place(predictions: np.ndarray,
                                                  f_true: np.ndarray) -> tuple[float, float]:
    pbar = predictions.mean(axis=0)
    predictions -= pbar  # reuses the caller's array for the deviations
    return float(np.mean((pbar - f_true) ** 2)), float(np.mean(predictions**2))


@mutant("MSE - bias_sq, which cancels")
def bias_variance_decomposition__variance_as_mse_minus_bias(
        predictions: np.ndarray, f_true: np.ndarray) -> tuple[float, float]:
    # The identity MSE = bias_sq + variance, used backwards: right on paper, but the
    # subtraction cancels when bias_sq dwarfs the variance (clipped so it is never < 0).
    pbar = predictions.mean(axis=0)
    bias_sq = float(np.mean((pbar - f_true) ** 2))
    mse = float(np.mean((predictions - f_true) ** 2))
    return bias_sq, max(mse - bias_sq, 0.0)


@mutant("should raise ValueError for degree = -1")
def polynomial_features__no_degree_check(x: np.ndarray, degree: int) -> np.ndarray:
    return np.vander(x, degree + 1, increasing=True).astype(float)  # N = 0 gives (n, 0)


@mutant("should raise ValueError for degree = -3")
def polynomial_features__checks_minus_one_only(x: np.ndarray, degree: int) -> np.ndarray:
    if degree == -1:
        raise ValueError("degree must be >= 0")
    return np.asarray(x, dtype=float)[:, None] ** np.arange(max(degree + 1, 0))


@mutant("should be an ndarray")
def polynomial_features__list_of_rows(x: np.ndarray, degree: int) -> np.ndarray:
    if degree < 0:
        raise ValueError("degree must be >= 0")
    return [[float(v) ** k for k in range(degree + 1)] for v in x]


@mutant("has shape (0,")
def polynomial_features__stacks_rows(x: np.ndarray, degree: int) -> np.ndarray:
    if degree < 0:
        raise ValueError("degree must be >= 0")
    return np.array([[float(v) ** k for k in range(degree + 1)] for v in x])  # (0,) if empty


@mutant("should raise ValueError for lam = -1")
def ridge_fit__no_lam_check(X: np.ndarray, y: np.ndarray, lam: float,
                            fit_intercept: bool = True) -> tuple[np.ndarray, float]:
    return _ridge_by_svd(X, y, lam, fit_intercept)


@mutant("should raise ValueError for lam = -1e-12")
def ridge_fit__tolerates_tiny_negative_lam(X: np.ndarray, y: np.ndarray, lam: float,
                                           fit_intercept: bool = True) -> tuple[np.ndarray, float]:
    if lam < -1e-9:  # "close enough to 0": the contract says lam < 0 is an error
        raise ValueError("lam must be >= 0")
    return _ridge_by_svd(X, y, max(lam, 0.0), fit_intercept)


@mutant("raised ValueError")
def ridge_fit__rejects_lam_zero(X: np.ndarray, y: np.ndarray, lam: float,
                                fit_intercept: bool = True) -> tuple[np.ndarray, float]:
    if lam <= 0:  # lam = 0 is ordinary least squares, and valid
        raise ValueError("lam must be > 0")
    return _ridge_by_svd(X, y, lam, fit_intercept)


@mutant("duplicated column")
def ridge_fit__plain_solve(X: np.ndarray, y: np.ndarray, lam: float,
                           fit_intercept: bool = True) -> tuple[np.ndarray, float]:
    if lam < 0:
        raise ValueError("lam must be >= 0")
    x_mean = X.mean(axis=0) if fit_intercept else np.zeros(X.shape[1])
    y_mean = y.mean() if fit_intercept else 0.0
    Xc, yc = X - x_mean, y - y_mean
    # Singular when lam = 0 and X is rank-deficient: LinAlgError or a huge w.
    w = np.linalg.solve(Xc.T @ Xc + lam * np.eye(X.shape[1]), Xc.T @ yc)
    return w, float(y_mean - x_mean @ w)


@mutant("b should be a float")
def ridge_fit__int_zero_intercept(X: np.ndarray, y: np.ndarray, lam: float,
                                  fit_intercept: bool = True) -> tuple[np.ndarray, float]:
    if lam < 0:
        raise ValueError("lam must be >= 0")
    w, b = _ridge_by_svd(X, y, lam, fit_intercept)
    return w, b if fit_intercept else 0  # an int, where a float is documented


@mutant("changed its input `X` in place")
def ridge_fit__centres_in_place(X: np.ndarray, y: np.ndarray, lam: float,
                                fit_intercept: bool = True) -> tuple[np.ndarray, float]:
    if lam < 0:
        raise ValueError("lam must be >= 0")
    if not fit_intercept:
        return _ridge_by_svd(X, y, lam, False)
    x_mean = X.mean(axis=0)
    X -= x_mean
    w, _ = _ridge_by_svd(X, y - y.mean(), lam, False)
    return w, float(y.mean() - x_mean @ w)


@mutant("cutoff was absolute")
def ridge_fit__absolute_cutoff(X: np.ndarray, y: np.ndarray, lam: float,
                               fit_intercept: bool = True) -> tuple[np.ndarray, float]:
    # Drops singular values below 1e-10 whatever the scale of X: every direction of X at
    # 1e-12, none of the rounding noise of a rank-deficient X at 1e9.
    if lam < 0:
        raise ValueError("lam must be >= 0")
    x_mean = X.mean(axis=0) if fit_intercept else np.zeros(X.shape[1])
    y_mean = float(y.mean()) if fit_intercept else 0.0
    U, s, Vt = np.linalg.svd(X - x_mean, full_matrices=False)
    keep = s > 1e-10
    factor = np.where(keep, s / np.where(keep, s**2 + lam, 1.0), 0.0)
    w = Vt.T @ (factor * (U.T @ (y - y_mean)))
    return w, float(y_mean - x_mean @ w) if fit_intercept else 0.0


def _ridge_by_svd(X, y, lam, fit_intercept):
    """A correct ridge fit, shared by the mutants that get something else wrong."""
    x_mean = X.mean(axis=0) if fit_intercept else np.zeros(X.shape[1])
    y_mean = float(y.mean()) if fit_intercept else 0.0
    U, s, Vt = np.linalg.svd(X - x_mean, full_matrices=False)
    keep = s >= max(X.shape) * np.finfo(float).eps * s[0]
    factor = np.where(keep, s / np.where(keep, s**2 + lam, 1.0), 0.0)
    w = Vt.T @ (factor * (U.T @ (y - y_mean)))
    return w, float(y_mean - x_mean @ w) if fit_intercept else 0.0


@mutant("should raise ValueError for lam = -1")
def ridge_effective_dof__no_lam_check(X: np.ndarray, lam: float) -> float:
    return _dof_relative_cutoff(X, lam)


@mutant("should raise ValueError for lam = -1e-12")
def ridge_effective_dof__rounds_tiny_negative_lam(X: np.ndarray, lam: float) -> float:
    if lam <= -1e-9:
        raise ValueError("lam must be >= 0")
    return _dof_relative_cutoff(X, max(lam, 0.0))


@mutant("the zero matrix")
def ridge_effective_dof__zero_over_zero(X: np.ndarray, lam: float) -> float:
    if lam < 0:
        raise ValueError("lam must be >= 0")
    s = np.linalg.svd(X, compute_uv=False)
    s = s[s >= max(X.shape) * np.finfo(float).eps * s[0]]  # keeps every 0 of the 0 matrix
    return float(np.sum(s**2 / (s**2 + lam)))  # 0 / 0 = nan


@mutant("take np.linalg.svd of X itself")
def ridge_effective_dof__gram_eigenvalues(X: np.ndarray, lam: float) -> float:
    # Eigenvalues of X^T X are s^2, but squaring buries the small ones in rounding
    # noise of size eps * s_max^2, far above the cutoff's (eps * s_max)^2.
    if lam < 0:
        raise ValueError("lam must be >= 0")
    ev = np.clip(np.linalg.eigvalsh(X.T @ X), 0.0, None)
    s = np.sqrt(ev)
    keep = s >= max(X.shape) * np.finfo(float).eps * s.max() if s.max() > 0 else s > 0
    return float(np.sum(ev[keep] / (ev[keep] + lam)))


@mutant("should be a float")
def ridge_effective_dof__per_direction(X: np.ndarray, lam: float) -> float:
    if lam < 0:
        raise ValueError("lam must be >= 0")
    s = np.linalg.svd(X, compute_uv=False)
    s = s[s >= max(X.shape) * np.finfo(float).eps * s[0]] if s[0] > 0 else s[:0]
    return s**2 / (s**2 + lam)  # forgot the sum


def _dof_relative_cutoff(X, lam):
    s = np.linalg.svd(X, compute_uv=False)
    s = s[s >= max(X.shape) * np.finfo(float).eps * s[0]] if s[0] > 0 else s[:0]
    return float(np.sum(s**2 / (s**2 + lam)))


@mutant("uses `np.linalg.pinv`")
def min_norm_least_squares__pinv(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    return np.linalg.pinv(X) @ y


@mutant("uses `np.linalg.lstsq`")
def min_norm_least_squares__lstsq(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    return np.linalg.lstsq(X, y, rcond=None)[0]


@mutant("more features than samples")
def min_norm_least_squares__normal_equations(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    return np.linalg.solve(X.T @ X, X.T @ y)  # singular as soon as rank(X) < d


@mutant("overdetermined, full rank")
def min_norm_least_squares__row_space_formula(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    return X.T @ np.linalg.solve(X @ X.T, y)  # right only for full row rank


@mutant("could not be broadcast")
def min_norm_least_squares__full_matrices(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    U, s, Vt = np.linalg.svd(X)  # full_matrices=True: U is n x n, Vt is d x d
    keep = s >= max(X.shape) * np.finfo(float).eps * s[0]
    inverse = np.where(keep, 1.0 / np.where(keep, s, 1.0), 0.0)
    return Vt.T @ (inverse * (U.T @ y))


def _sklearn_like_folds(n_samples, n_folds):
    sizes = np.full(n_folds, n_samples // n_folds)
    sizes[: n_samples % n_folds] += 1
    stops = np.cumsum(sizes)
    idx = np.arange(n_samples)
    return [(np.concatenate([idx[:stop - size], idx[stop:]]), idx[stop - size:stop])
            for size, stop in zip(sizes, stops, strict=True)]


@mutant("should raise ValueError for n_folds = 1")
def kfold_indices__no_lower_check(n_samples: int,
                                  n_folds: int) -> list[tuple[np.ndarray, np.ndarray]]:
    if n_folds > n_samples:
        raise ValueError("n_folds must be <= n_samples")
    return _sklearn_like_folds(n_samples, max(n_folds, 1))


@mutant("should raise ValueError for n_folds = 11 > n_samples = 10")
def kfold_indices__no_upper_check(n_samples: int,
                                  n_folds: int) -> list[tuple[np.ndarray, np.ndarray]]:
    if n_folds < 2:
        raise ValueError("n_folds must be >= 2")
    return _sklearn_like_folds(n_samples, n_folds)  # empty validation folds


@mutant("raised ValueError")
def kfold_indices__rejects_leave_one_out(n_samples: int,
                                         n_folds: int) -> list[tuple[np.ndarray, np.ndarray]]:
    if n_folds < 2 or n_folds >= n_samples:  # n_folds = n_samples is valid (leave-one-out)
        raise ValueError("bad n_folds")
    return _sklearn_like_folds(n_samples, n_folds)


@mutant("should hold integers")
def kfold_indices__float_indices(n_samples: int,
                                 n_folds: int) -> list[tuple[np.ndarray, np.ndarray]]:
    if n_folds < 2 or n_folds > n_samples:
        raise ValueError("bad n_folds")
    return [(t.astype(float), v.astype(float)) for t, v in _sklearn_like_folds(n_samples,
                                                                                n_folds)]


@mutant("should be a list")
def kfold_indices__generator(n_samples: int,
                             n_folds: int) -> list[tuple[np.ndarray, np.ndarray]]:
    if n_folds < 2 or n_folds > n_samples:
        raise ValueError("bad n_folds")
    return iter(_sklearn_like_folds(n_samples, n_folds))  # scikit-learn's split() yields


@mutant("has shape")
def kfold_indices__val_then_train(n_samples: int,
                                  n_folds: int) -> list[tuple[np.ndarray, np.ndarray]]:
    if n_folds < 2 or n_folds > n_samples:
        raise ValueError("bad n_folds")
    return [(v, t) for t, v in _sklearn_like_folds(n_samples, n_folds)]


def _cv_mse(X, y, lambdas, n_folds):
    folds = _sklearn_like_folds(X.shape[0], n_folds)
    cv = np.empty(len(lambdas))
    for j, lam in enumerate(lambdas):
        errors = []
        for train, val in folds:
            w, b = _ridge_by_svd(X[train], y[train], lam, True)
            errors.append(np.mean((y[val] - X[val] @ w - b) ** 2))
        cv[j] = np.mean(errors)
    return cv


@mutant("best_lambda is wrong")
def select_ridge_lambda__returns_index(X: np.ndarray, y: np.ndarray, lambdas: np.ndarray,
                                       n_folds: int = 5) -> tuple[float, np.ndarray]:
    cv = _cv_mse(X, y, lambdas, n_folds)
    return int(np.argmin(cv)), cv  # the position, not the lambda


@mutant("changed its input `lambdas` in place")
def select_ridge_lambda__sorts_lambdas(X: np.ndarray, y: np.ndarray, lambdas: np.ndarray,
                                       n_folds: int = 5) -> tuple[float, np.ndarray]:
    order = np.argsort(lambdas, kind="stable")
    cv = _cv_mse(X, y, lambdas, n_folds)
    lambdas.sort()  # "search them in increasing order", and the caller's array changes
    return float(lambdas[np.argmin(cv[order])]), cv


@mutant("the first one wins")
def select_ridge_lambda__smallest_of_ties(X: np.ndarray, y: np.ndarray, lambdas: np.ndarray,
                                          n_folds: int = 5) -> tuple[float, np.ndarray]:
    cv = _cv_mse(X, y, lambdas, n_folds)
    tied = lambdas[cv == cv.min()]
    return float(tied.min()), cv  # prefers the smallest lambda, not the first listed


@mutant("should be an ndarray")
def select_ridge_lambda__list_of_errors(X: np.ndarray, y: np.ndarray, lambdas: np.ndarray,
                                        n_folds: int = 5) -> tuple[float, np.ndarray]:
    cv = _cv_mse(X, y, lambdas, n_folds)
    return float(lambdas[int(np.argmin(cv))]), cv.tolist()


@mutant("the validation fold leaked into the intercept")
def select_ridge_lambda__centres_before_splitting(X: np.ndarray, y: np.ndarray,
                                                  lambdas: np.ndarray,
                                                  n_folds: int = 5) -> tuple[float, np.ndarray]:
    # "Preprocess, then cross-validate": X and y centred once with every row's mean, and
    # each fold fitted without an intercept on the pre-centred data.
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    cv = np.zeros(len(lambdas))
    for j, lam in enumerate(lambdas):
        fold_mse = []
        for train, val in _sklearn_like_folds(len(y), n_folds):
            w, _ = _ridge_by_svd(Xc[train], yc[train], lam, False)
            fold_mse.append(np.mean((yc[val] - Xc[val] @ w) ** 2))
        cv[j] = np.mean(fold_mse)
    return float(lambdas[int(np.argmin(cv))]), cv


@mutant("centre X and y and solve for w alone")
def ridge_fit__joint_unpenalised_intercept(X: np.ndarray, y: np.ndarray, lam: float,
                                           fit_intercept: bool = True) -> tuple[np.ndarray,
                                                                                float]:
    # [X, 1] with the penalty on w only: right for lam > 0, but at lam = 0 the
    # minimum-norm [w, b] is not the centred solution when X has a constant column.
    if lam < 0:
        raise ValueError("lam must be >= 0")
    if not fit_intercept:
        return _ridge_by_svd(X, y, lam, False)
    d = X.shape[1]
    A = np.vstack([np.column_stack([X, np.ones(len(y))]),
                   np.sqrt(lam) * np.eye(d + 1)[:d]])
    z = np.linalg.lstsq(A, np.concatenate([y, np.zeros(d)]), rcond=None)[0]
    return z[:d], float(z[d])


@mutant("changed its input `z` in place")
def soft_threshold__shrinks_in_place(z: np.ndarray, lam: float) -> np.ndarray:
    if lam < 0:
        raise ValueError("lam must be >= 0")
    small = np.abs(z) <= lam
    z -= np.sign(z) * lam  # saves an allocation, and destroys the caller's z
    z[small] = 0.0
    return z.copy()


@mutant("should raise ValueError for lam = -1")
def soft_threshold__no_lam_check(z: np.ndarray, lam: float) -> np.ndarray:
    return np.sign(z) * np.maximum(np.abs(z) - lam, 0.0)


@mutant("raised ValueError: lam must be positive")
def soft_threshold__rejects_zero_lam(z: np.ndarray, lam: float) -> np.ndarray:
    if lam <= 0:  # lam = 0 is allowed: no shrinkage at all
        raise ValueError("lam must be positive")
    return np.sign(z) * np.maximum(np.abs(z) - lam, 0.0)


@mutant("returned its input `z` itself")
def soft_threshold__returns_z_when_lam_is_zero(z: np.ndarray, lam: float) -> np.ndarray:
    if lam < 0:
        raise ValueError("lam must be >= 0")
    if lam == 0:
        return z  # "nothing to do": but the caller's z is now shared with the result
    return np.where(np.abs(z) > lam, z - np.sign(z) * lam, 0.0)


@mutant("not exactly 0.0")
def soft_threshold__smooth_approximation(z: np.ndarray, lam: float) -> np.ndarray:
    # A "smooth" soft threshold (as in some differentiable relaxations): never exactly 0.
    if lam < 0:
        raise ValueError("lam must be >= 0")
    return z - lam * np.tanh(z / 1e-3) if lam else z.copy()


@mutant("divided 0 by 0")
def lasso_coordinate_descent__no_zero_column_guard(X: np.ndarray, y: np.ndarray, lam: float,
                                                   num_iters: int = 1000,
                                                   tol: float = 1e-10) -> np.ndarray:
    n, d = X.shape
    w, r = np.zeros(d), y.astype(float)
    for _ in range(num_iters):
        change = 0.0
        for j in range(d):
            a = X[:, j] @ X[:, j] / n  # 0 for a zero column: 0 / 0 below
            rho = X[:, j] @ r / n + a * w[j]
            new = np.sign(rho) * max(abs(rho) - lam, 0.0) / a
            r -= X[:, j] * (new - w[j])
            change, w[j] = max(change, abs(new - w[j])), new
        if change <= tol:
            break
    return w


@mutant("changed its input `y` in place")
def lasso_coordinate_descent__residual_aliases_y(X: np.ndarray, y: np.ndarray, lam: float,
                                                 num_iters: int = 1000,
                                                 tol: float = 1e-10) -> np.ndarray:
    n, d = X.shape
    w = np.zeros(d)
    r = y  # "the residual starts at y": the same array, so r -= ... rewrites y
    a = np.sum(X**2, axis=0) / n
    for _ in range(num_iters):
        change = 0.0
        for j in np.flatnonzero(a):
            rho = X[:, j] @ r / n + a[j] * w[j]
            new = np.sign(rho) * max(abs(rho) - lam, 0.0) / a[j]
            r -= X[:, j] * (new - w[j])
            change, w[j] = max(change, abs(new - w[j])), new
        if change <= tol:
            break
    return w


@mutant("exactly 0.0")
def lasso_coordinate_descent__threshold_by_scaled_clip(X: np.ndarray, y: np.ndarray,
                                                       lam: float, num_iters: int = 1000,
                                                       tol: float = 1e-10) -> np.ndarray:
    # S(rho) = rho - lam clip(rho / lam, -1, 1): right on paper, but inside the band
    # rho - lam (rho / lam) rounds to ~1e-17 instead of 0.0.
    n, d = X.shape
    w, r = np.zeros(d), y.astype(float)
    a = np.sum(X**2, axis=0) / n
    for _ in range(num_iters):
        change = 0.0
        for j in np.flatnonzero(a):
            rho = X[:, j] @ r / n + a[j] * w[j]
            shrunk = rho - lam * np.clip(rho / lam, -1.0, 1.0) if lam > 0 else rho
            new = shrunk / a[j]
            r -= X[:, j] * (new - w[j])
            change, w[j] = max(change, abs(new - w[j])), new
        if change <= tol:
            break
    return w


@mutant("should be a float")
def lasso_lambda_max__no_max(X: np.ndarray, y: np.ndarray) -> float:
    # Every column's threshold, not the largest one.
    return np.abs(X.T @ y) / len(y)


@mutant("changed its input `y` in place")
def lasso_lambda_max__scales_y_in_place(X: np.ndarray, y: np.ndarray) -> float:
    y /= len(y)  # fold the 1/n into y first: the caller's y shrinks
    return float(np.max(np.abs(X.T @ y)))


@mutant("small but not 0")
def lasso_lambda_max__rounds_tiny_to_zero(X: np.ndarray, y: np.ndarray) -> float:
    # "Clean" a value that looks like rounding noise: np.isclose(m, 0) is atol 1e-8, so
    # a genuine lam_max of 1e-12 (X and y about 1e-6) comes back as 0.0.
    lam_max = float(np.max(np.abs(X.T @ y)) / X.shape[0])
    return 0.0 if np.isclose(lam_max, 0.0) else lam_max


def _vc_log_space(n, vc_dim, delta):
    log_2n = math.log(2 * n)
    growth = vc_dim * log_2n + math.log1p(math.exp(-vc_dim * log_2n))
    return math.sqrt(8 / n * (math.log(4 / delta) + growth))


@mutant("OverflowError")
def vc_generalization_bound__math_pow(n: float, vc_dim: int, delta: float) -> float:
    if n < 1 or vc_dim < 0 or not 0 < delta < 1:
        raise ValueError("bad arguments")
    growth = math.pow(2 * n, vc_dim) + 1  # OverflowError once (2n)^d passes ~1.8e308
    return math.sqrt(8 / n * math.log(4 * growth / delta))


@mutant("should raise ValueError for n = 0.5")
def vc_generalization_bound__no_n_check(n: float, vc_dim: int, delta: float) -> float:
    # n = 0 and n < 0 still raise (math.log's domain error); n = 0.5 slips through.
    if vc_dim < 0 or not 0 < delta < 1:
        raise ValueError("bad arguments")
    return _vc_log_space(n, vc_dim, delta)


@mutant("should raise ValueError for vc_dim = -1")
def vc_generalization_bound__no_vc_dim_check(n: float, vc_dim: int, delta: float) -> float:
    if n < 1 or not 0 < delta < 1:
        raise ValueError("bad arguments")
    return _vc_log_space(n, vc_dim, delta)


@mutant("should raise ValueError for delta = 1 (just outside (0, 1))")
def vc_generalization_bound__delta_one_allowed(n: float, vc_dim: int, delta: float) -> float:
    if n < 1 or vc_dim < 0 or not 0 < delta <= 1:  # delta = 1 is a certainty of nothing
        raise ValueError("bad arguments")
    return _vc_log_space(n, vc_dim, delta)


@mutant("should raise ValueError for delta = 1.5")
def vc_generalization_bound__no_delta_check(n: float, vc_dim: int, delta: float) -> float:
    # delta <= 0 still raises (math.log's domain error); delta >= 1 does not.
    if n < 1 or vc_dim < 0:
        raise ValueError("bad arguments")
    return _vc_log_space(n, vc_dim, delta)


def _es_loop(val_losses, patience, min_delta):
    best, best_epoch, waited = math.inf, 0, 0
    for epoch, loss in enumerate(val_losses):
        if loss < best - min_delta:
            best, best_epoch, waited = loss, epoch, 0
        else:
            waited += 1
            if waited >= patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses) - 1


@mutant("should be an int")
def early_stopping__float_epochs(val_losses: np.ndarray, patience: int,
                                 min_delta: float = 0.0) -> tuple[int, int]:
    if patience < 1 or len(val_losses) == 0:
        raise ValueError("bad arguments")
    # np.where(...)[0] style bookkeeping in a float array: epochs come back as 3.0.
    epochs = np.zeros(2)
    epochs[:] = _es_loop(val_losses, patience, min_delta)
    return epochs[0], epochs[1]


@mutant("should be a tuple")
def early_stopping__returns_list(val_losses: np.ndarray, patience: int,
                                 min_delta: float = 0.0) -> tuple[int, int]:
    if patience < 1 or len(val_losses) == 0:
        raise ValueError("bad arguments")
    return list(_es_loop(val_losses, patience, min_delta))


@mutant("should raise ValueError for patience = 0")
def early_stopping__no_patience_check(val_losses: np.ndarray, patience: int,
                                      min_delta: float = 0.0) -> tuple[int, int]:
    if len(val_losses) == 0:
        raise ValueError("no epochs")
    return _es_loop(val_losses, patience, min_delta)


@mutant("should raise ValueError for an empty val_losses")
def early_stopping__no_empty_check(val_losses: np.ndarray, patience: int,
                                   min_delta: float = 0.0) -> tuple[int, int]:
    if patience < 1:
        raise ValueError("patience must be >= 1")
    return _es_loop(val_losses, patience, min_delta)  # (0, -1) for no epochs


@mutant("stop_epoch is wrong")
def early_stopping__counts_the_best_epoch(val_losses: np.ndarray, patience: int,
                                          min_delta: float = 0.0) -> tuple[int, int]:
    # Uses the "epochs since the best" as best_epoch + patience, but from the argmin, so
    # min_delta's non-improvements move the stop.
    if patience < 1 or len(val_losses) == 0:
        raise ValueError("bad arguments")
    best_epoch, _ = _es_loop(val_losses, patience, min_delta)
    running_best = int(np.argmin(val_losses))
    return best_epoch, min(running_best + patience, len(val_losses) - 1)


@mutant("a running minimum")
def early_stopping__running_minimum(val_losses: np.ndarray, patience: int,
                                    min_delta: float = 0.0) -> tuple[int, int]:
    # best follows every lower loss, so a loss that improved by less than min_delta
    # still raises the bar for the next epoch.
    if patience < 1 or len(val_losses) == 0:
        raise ValueError("bad arguments")
    best, best_epoch, waited = math.inf, 0, 0
    for epoch, loss in enumerate(val_losses):
        if loss < best - min_delta:
            best_epoch, waited = epoch, 0
        else:
            waited += 1
            if waited >= patience:
                return best_epoch, epoch
        best = min(best, loss)
    return best_epoch, len(val_losses) - 1


@mutant("the result is wrong")
def lasso_coordinate_descent__subgradient_descent(X: np.ndarray, y: np.ndarray, lam: float,
                                                  num_iters: int = 1000,
                                                  tol: float = 1e-10) -> np.ndarray:
    # Gradient steps with sign(w) as the L1 subgradient: coefficients hover around 0
    # instead of landing on it.
    n, d = X.shape
    w = np.zeros(d)
    step = n / max(np.linalg.norm(X, 2) ** 2, 1e-300)
    for t in range(20 * num_iters):
        grad = X.T @ (X @ w - y) / n + lam * np.sign(w)
        w = w - step / np.sqrt(1 + t / 100) * grad
    return w


@mutant("the result is wrong")
def lasso_coordinate_descent__stops_on_one_small_change(X: np.ndarray, y: np.ndarray,
                                                        lam: float, num_iters: int = 1000,
                                                        tol: float = 1e-10) -> np.ndarray:
    n, d = X.shape
    w, r = np.zeros(d), y.astype(float)
    a = np.sum(X**2, axis=0) / n
    for _ in range(num_iters):
        done = False
        for j in np.flatnonzero(a):
            rho = X[:, j] @ r / n + a[j] * w[j]
            new = np.sign(rho) * max(abs(rho) - lam, 0.0) / a[j]
            r -= X[:, j] * (new - w[j])
            if abs(new - w[j]) <= tol:  # one coordinate that did not move is not a sweep
                done = True
            w[j] = new
        if done:
            break
    return w
