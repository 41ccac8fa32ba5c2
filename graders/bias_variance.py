"""Grader table for the bias_variance topic: one section per exercise (its cases, errors,
wrong variants and ``Exercise``), and the list of them, in study order, at the end."""

import math

import numpy as np

import reference.bias_variance as reference
from graders.spec import Case, Exercise, Misconception, Property, Tol

# --- bias_variance_decomposition ----------------------------------------------------


def _ensemble(rng, n_models, n_points, offset=0.0, spread=1.0, shift=0.3):
    """Predictions of n_models fits: f plus a smooth bias plus per-model noise."""
    x = np.linspace(-1.0, 1.0, n_points)
    f = offset + np.sin(3.0 * x)
    preds = f + shift * x**2 + spread * rng.normal(size=(n_models, n_points))
    return preds, f


def _bvd_cases(rng):
    preds, f = _ensemble(rng, 10, 25)
    yield Case("10 models x 25 points, noisy and biased", {"predictions": preds, "f_true": f})
    preds, f = _ensemble(rng, 200, 3, spread=0.1, shift=2.0)
    yield Case("200 models x 3 points, bias larger than the spread",
               {"predictions": preds, "f_true": f})
    preds, f = _ensemble(rng, 2, 7)
    yield Case("two models (ddof 0 and ddof 1 differ by a factor 2)",
               {"predictions": preds, "f_true": f})
    preds, f = _ensemble(rng, 1, 6)
    yield Case("a single model (variance 0)", {"predictions": preds, "f_true": f})
    preds, f = _ensemble(rng, 8, 1)
    yield Case("a single point", {"predictions": preds, "f_true": f})
    f = rng.normal(size=5)
    yield Case("every model predicts f_true exactly (0, 0)",
               {"predictions": np.tile(f, (4, 1)), "f_true": f})
    yield Case("every model predicts the same wrong values (variance 0, bias only)",
               {"predictions": np.tile(f + rng.normal(size=5), (6, 1)), "f_true": f})
    noise = rng.normal(size=(5, 9))
    f = rng.normal(size=9)
    yield Case("unbiased: the mean prediction equals f_true, bias_sq about 0",
               {"predictions": f + (noise - noise.mean(axis=0)), "f_true": f})
    # The mean prediction carries an error of a few ulps of 1e8 (~1e-8), so bias_sq is
    # only good to ~1e-7 relative here; mean(p^2) - mean(p)^2 is off by O(1).
    preds, f = _ensemble(rng, 50, 10, offset=1e8)
    yield Case("large offset: predictions about 1e8, spread about 1",
               {"predictions": preds, "f_true": f}, tol=Tol(rtol=1e-6, atol=1e-9),
               why="the variance was probably computed as mean(p^2) - mean(p)^2, which "
                   "cancels catastrophically at 1e8; average squared deviations from the "
                   "mean prediction instead")
    # bias_sq ~ 3e3 and variance ~ 1e-8: deviations from pbar (~1e-4) keep ~10 digits,
    # while MSE - bias_sq subtracts two numbers ~3e3 and is off by ~1e-13 (1e-5
    # relative); the default atol of 1e-12 would hide that, hence this case's own.
    preds, f = _ensemble(rng, 20, 8, spread=1e-4, shift=100.0)
    yield Case("bias dominates: bias_sq about 3e3, variance about 1e-8",
               {"predictions": preds, "f_true": f}, tol=Tol(rtol=1e-8, atol=1e-15),
               why="the variance was probably computed as MSE - bias_sq, which cancels "
                   "catastrophically when the bias dominates; average (p - pbar)^2 instead")


def _bvd_ddof_one(predictions, f_true):  # every case with 2+ models
    pbar = predictions.mean(axis=0)
    return float(np.mean((pbar - f_true) ** 2)), float(np.mean(np.var(predictions, axis=0,
                                                                        ddof=1)))


def _bvd_bias_not_squared(predictions, f_true):
    pbar = predictions.mean(axis=0)
    return float(np.mean(pbar - f_true)), float(np.mean(np.var(predictions, axis=0)))


def _bvd_square_of_mean_bias(predictions, f_true):  # equal on the single point
    pbar = predictions.mean(axis=0)
    return float(np.mean(pbar - f_true) ** 2), float(np.mean(np.var(predictions, axis=0)))


def _bvd_variance_around_f(predictions, f_true):  # equal on the unbiased cases
    pbar = predictions.mean(axis=0)
    return (float(np.mean((pbar - f_true) ** 2)),
            float(np.mean((predictions - f_true) ** 2)))


def _bvd_variance_across_points(predictions, f_true):
    pbar = predictions.mean(axis=0)
    return float(np.mean((pbar - f_true) ** 2)), float(np.mean(np.var(predictions, axis=1)))


def _bvd_one_pass_variance(predictions, f_true):  # wrong on the 1e8 offset only
    pbar = predictions.mean(axis=0)
    return (float(np.mean((pbar - f_true) ** 2)),
            float(np.mean(np.mean(predictions**2, axis=0) - pbar**2)))


def _bvd_adds_up(args, got):
    bias_sq, variance = got
    p, f = args["predictions"], args["f_true"]
    mse = float(np.mean((p - f) ** 2))
    # The mean prediction is good to a few ulps of max|p|, which moves bias_sq by
    # about 2 sqrt(bias_sq) times that: allow it (it matters at offsets of 1e8 only).
    allowed = 1e-9 * mse + 1e3 * np.finfo(float).eps * np.max(np.abs(p)) * np.sqrt(mse) + 1e-12
    if not abs(bias_sq + variance - mse) <= allowed:
        return (f"bias_sq + variance = {bias_sq + variance:.12g} but the mean squared error "
                f"to f_true is {mse:.12g}; with ddof 0 the two terms add up to it exactly")
    return None


def _bvd_nonnegative(args, got):
    if not (got[0] >= 0 and got[1] >= 0):
        return f"bias_sq and variance are averages of squares, never negative; got {got}"
    return None


BIAS_VARIANCE_DECOMPOSITION = Exercise(
    name="bias_variance_decomposition",
    points=1,
    difficulty="easy",
    hints=(
        "Average over the models first (axis 0): that gives the mean prediction at each "
        "point. Bias compares it with f; variance compares each model with it.",
        "bias_sq = mean over points of (pbar - f)^2; variance = mean over points of the "
        "mean over models of (p - pbar)^2, dividing by n_models (ddof 0). Check that "
        "their sum equals mean((p - f)^2).",
    ),
    cases=_bvd_cases,
    # Values of order 0.01 to 10, each a couple of means of squares: any summation order
    # is within ~1e-14; the misconceptions move them by 1e-2 or more.
    tol=Tol(rtol=1e-9, atol=1e-12),
    returns=("bias_sq", "variance"),
    misconceptions=(
        Misconception("looks like the variance divides by n_models - 1 (ddof 1); this "
                      "decomposition uses ddof 0, so bias_sq + variance is exactly the MSE",
                      _bvd_ddof_one),
        Misconception("looks like bias_sq is the bias itself, mean(pbar - f); square each "
                      "point's bias before averaging", _bvd_bias_not_squared),
        Misconception("looks like bias_sq squares the average bias; average the squared "
                      "bias over the points: mean((pbar - f)^2)", _bvd_square_of_mean_bias),
        Misconception("looks like the variance was measured around f_true (that is the "
                      "MSE); measure it around the mean prediction pbar",
                      _bvd_variance_around_f),
        Misconception("looks like the variance was taken across points (axis 1); it is "
                      "across models (axis 0), then averaged over points",
                      _bvd_variance_across_points),
        Misconception("looks like the variance was computed as mean(p^2) - mean(p)^2, which "
                      "cancels catastrophically for large predictions; average (p - pbar)^2",
                      _bvd_one_pass_variance),
    ),
    properties=(
        Property("bias_sq + variance = MSE", _bvd_adds_up),
        Property("both terms >= 0", _bvd_nonnegative),
    ),
)

# --- polynomial_features ------------------------------------------------------------


def _poly_cases(rng):
    yield Case("8 random points, degree 3", {"x": rng.normal(size=8), "degree": 3})
    yield Case("degree 0 (a single column of ones, even at x = 0)",
               {"x": np.array([0.0, 1.5, -2.0]), "degree": 0})
    yield Case("degree 1", {"x": rng.normal(size=5), "degree": 1})
    yield Case("x contains 0, degree 4 (0^0 = 1)",
               {"x": np.array([0.0, 0.5, -1.0, 2.0]), "degree": 4})
    yield Case("negative x, degree 5 (odd powers stay negative)",
               {"x": -rng.uniform(0.5, 2.0, size=4), "degree": 5})
    yield Case("as many points as columns (4 points, degree 3)",
               {"x": rng.uniform(-2.0, 2.0, size=4), "degree": 3})
    yield Case("a single point, degree 2", {"x": np.array([3.0]), "degree": 2})
    yield Case("empty x, degree 2 (shape (0, 3))", {"x": np.zeros(0), "degree": 2})
    yield Case("degree 12 on [-2, 2] (entries up to 4096)",
               {"x": rng.uniform(-2.0, 2.0, size=6), "degree": 12})
    yield Case("integer x (dtype int64), degree 2",
               {"x": np.array([-3, 0, 1, 4], dtype=np.int64), "degree": 2})


def _poly_errors(rng):
    yield Case("degree = -1", {"x": rng.normal(size=4), "degree": -1})
    yield Case("degree = -3", {"x": rng.normal(size=4), "degree": -3})


def _poly_no_bias(x, degree):
    return np.asarray(x, dtype=float)[:, None] ** np.arange(1, degree + 1)


def _poly_decreasing(x, degree):  # np.vander's default order
    return np.asarray(x, dtype=float)[:, None] ** np.arange(degree, -1, -1)


def _poly_one_short(x, degree):
    return np.asarray(x, dtype=float)[:, None] ** np.arange(degree)


def _poly_transposed(x, degree):  # same shape on "as many points as columns"
    return np.asarray(x, dtype=float)[None, :] ** np.arange(degree + 1)[:, None]


def _poly_through_log(x, degree):  # nan at x < 0 and at x = 0 for k = 0
    x = np.asarray(x, dtype=float)
    return np.exp(np.arange(degree + 1) * np.log(x)[:, None])


POLYNOMIAL_FEATURES = Exercise(
    name="polynomial_features",
    points=1,
    difficulty="easy",
    hints=(
        "The result has one row per sample and degree + 1 columns: the powers 0, 1, ..., "
        "degree, in that order.",
        "Broadcast a column of x against the row of exponents np.arange(degree + 1). "
        "Check degree first.",
    ),
    cases=_poly_cases,
    errors=_poly_errors,
    # x^k by repeated products is within k ulps of x ** k; exact zeros stay exact.
    tol=Tol(rtol=1e-12, atol=0.0),
    misconceptions=(
        Misconception("looks like the column of ones (x^0) is missing: columns are x^0 "
                      "... x^degree", _poly_no_bias),
        Misconception("looks like the powers run from degree down to 0 (np.vander's "
                      "default); column k holds x^k (increasing=True)", _poly_decreasing),
        Misconception("looks like the powers stop at degree - 1: there are degree + 1 "
                      "columns, x^0 ... x^degree", _poly_one_short),
        Misconception("looks like the matrix is transposed: one row per sample, one column "
                      "per power", _poly_transposed),
        Misconception("looks like the powers went through exp(k log x), which is nan for "
                      "x < 0 and at x = 0; use x ** k", _poly_through_log),
    ),
)

# --- ridge_fit -------------------------------------------------------------------------


def _regression(rng, n, d, offset=0.0):
    """X with column means near `offset`, y linear in X plus noise, with mean near 3."""
    X = offset + rng.normal(size=(n, d))
    y = 3.0 + X @ rng.normal(size=d) + 0.1 * rng.normal(size=n)
    return X, y


def _ridge_cases(rng):
    X, y = _regression(rng, 30, 4, offset=2.0)
    yield Case("random X (30, 4) with column means about 2, lam = 1", {
        "X": X, "y": y, "lam": 1.0})
    X, y = _regression(rng, 25, 3, offset=50.0)
    yield Case("column means about 50 (only centring keeps b unpenalised), lam = 10", {
        "X": X, "y": y, "lam": 10.0})
    X, y = _regression(rng, 20, 3, offset=1.0)
    yield Case("lam = 0 (ordinary least squares with an intercept)", {
        "X": X, "y": y, "lam": 0.0})
    X, y = _regression(rng, 15, 3, offset=1.0)
    yield Case("fit_intercept=False, y with mean about 3, lam = 2 (b is 0.0)", {
        "X": X, "y": y, "lam": 2.0, "fit_intercept": False})
    X, y = _regression(rng, 12, 2, offset=-1.0)
    yield Case("fit_intercept=False, lam = 0", {
        "X": X, "y": y, "lam": 0.0, "fit_intercept": False})
    X, y = _regression(rng, 20, 3, offset=1.0)
    X = np.column_stack([X, X[:, 1]])
    yield Case("lam = 0, a duplicated column (the minimum-norm w splits its weight)", {
        "X": X, "y": y, "lam": 0.0})
    yield Case("lam = 0, fit_intercept=False, a duplicated column", {
        "X": X, "y": y, "lam": 0.0, "fit_intercept": False})
    # Solving for [w, b] jointly (X next to a ones column, b unpenalised) is right for
    # lam > 0, but at lam = 0 on these rank-deficient X its minimum-norm [w, b] is not
    # the centred solution.
    joint = ("usually w and b were solved together (a column of ones next to X): at lam = 0 "
             "on a rank-deficient X the minimum-norm [w, b] trades intercept for weights; "
             "centre X and y and solve for w alone, then b = mean(y) - mean(X) . w")
    X, y = _regression(rng, 6, 12, offset=0.5)
    yield Case("lam = 0, more features than samples (6 x 12)", {"X": X, "y": y, "lam": 0.0},
               why=joint)
    yield Case("lam = 0.5, more features than samples (6 x 12)", {"X": X, "y": y, "lam": 0.5})
    X, y = _regression(rng, 10, 3, offset=1.0)
    X[:, 2] = 3.0
    yield Case("lam = 0, a constant column (its weight is 0; b absorbs it)", {
        "X": X, "y": y, "lam": 0.0}, why=joint)
    yield Case("lam = 1, a constant column", {"X": X, "y": y, "lam": 1.0})
    X, y = _regression(rng, 20, 3, offset=1.0)
    yield Case("very large lam = 1e6 (w nearly 0, b nearly mean(y))", {
        "X": X, "y": y, "lam": 1e6})
    X, y = _regression(rng, 8, 1, offset=2.0)
    yield Case("a single feature, lam = 0.3", {"X": X, "y": y, "lam": 0.3})
    X, y = _regression(rng, 2, 2, offset=1.0)
    yield Case("two samples, two features, lam = 0.1", {"X": X, "y": y, "lam": 0.1})
    # The cutoff is relative to s_max: an absolute one (s > 1e-10) drops every direction
    # of X at 1e-12 and keeps the rounding-noise direction of a rank-deficient X at 1e9.
    relative = ("usually the singular-value cutoff was absolute (s > 1e-10, say); make it "
                "relative: s < max(n, d) * eps * s_max counts as zero")
    X, y = _regression(rng, 20, 3, offset=1.0)
    yield Case("lam = 0, X scaled by 1e-12 (w scales by 1e12)",
               {"X": 1e-12 * X, "y": y, "lam": 0.0}, why=relative)
    X, y = _regression(rng, 20, 3, offset=1.0)
    X = 1e9 * np.column_stack([X, X[:, 0]])
    yield Case("lam = 0, a duplicated column, X scaled by 1e9", {"X": X, "y": y, "lam": 0.0},
               why=relative)


def _ridge_errors(rng):
    X, y = _regression(rng, 10, 3)
    yield Case("lam = -1", {"X": X, "y": y, "lam": -1.0})
    yield Case("lam = -1e-12 (just below 0)", {"X": X, "y": y, "lam": -1e-12})


def _penalised_min_norm(A, y, lam, penalised):
    """argmin ||y - A z||^2 + lam ||z[penalised]||^2 of minimum norm (stacked lstsq)."""
    if lam < 0:  # the variants below make one mistake each, not this one too
        raise ValueError("`lam` must be >= 0")
    rows = np.sqrt(lam) * np.eye(A.shape[1])[penalised]
    z = np.linalg.lstsq(np.vstack([A, rows]), np.concatenate([y, np.zeros(len(rows))]),
                        rcond=None)[0]
    return z


def _centred_ridge(X, y, lam):
    x_mean, y_mean = X.mean(axis=0), y.mean()
    w = _penalised_min_norm(X - x_mean, y - y_mean, lam, np.ones(X.shape[1], dtype=bool))
    return w, x_mean, y_mean


def _ridge_penalises_intercept(X, y, lam, fit_intercept=True):  # lam > 0 with intercept
    if not fit_intercept:
        return _penalised_min_norm(X, y, lam, np.ones(X.shape[1], dtype=bool)), 0.0
    z = _penalised_min_norm(np.column_stack([X, np.ones(len(y))]), y, lam,
                            np.ones(X.shape[1] + 1, dtype=bool))
    return z[:-1], float(z[-1])


def _ridge_not_centred(X, y, lam, fit_intercept=True):  # w fitted on raw X and y
    w = _penalised_min_norm(X, y, lam, np.ones(X.shape[1], dtype=bool))
    return w, float(y.mean() - X.mean(axis=0) @ w) if fit_intercept else 0.0


def _ridge_n_times_lam(X, y, lam, fit_intercept=True):  # every lam > 0 case
    if not fit_intercept:
        return _penalised_min_norm(X, y, len(y) * lam, np.ones(X.shape[1], dtype=bool)), 0.0
    w, x_mean, y_mean = _centred_ridge(X, y, len(y) * lam)
    return w, float(y_mean - x_mean @ w)


def _ridge_b_is_mean_y(X, y, lam, fit_intercept=True):
    if not fit_intercept:
        return _penalised_min_norm(X, y, lam, np.ones(X.shape[1], dtype=bool)), 0.0
    w, _, y_mean = _centred_ridge(X, y, lam)
    return w, float(y_mean)


def _ridge_ignores_fit_intercept(X, y, lam, fit_intercept=True):  # fit_intercept=False cases
    w, x_mean, y_mean = _centred_ridge(X, y, lam)
    return w, float(y_mean - x_mean @ w)


def _ridge_b_is_float(args, got):
    b = got[1]
    if isinstance(b, float):
        return None
    return f"b should be a float (0.0 when fit_intercept is False); got {type(b).__name__}"


RIDGE_FIT = Exercise(
    name="ridge_fit",
    points=3,
    difficulty="hard",
    hints=(
        "The intercept must escape the penalty. What does centring X and y do to the "
        "intercept of the centred problem?",
        "Centre X and y, solve ridge on the centred data for w, then recover "
        "b = mean(y) - mean(X) . w. With fit_intercept=False skip the centring and "
        "return b = 0.0.",
        "Solve through the SVD of the centred X: w = V diag(s / (s^2 + lam)) U^T yc, "
        "treating singular values below max(n, d) * eps * s_max as 0; then lam = 0 on a "
        "singular X still works and gives the minimum-norm w.",
    ),
    cases=_ridge_cases,
    errors=_ridge_errors,
    # cond(X) <= ~1e2 on the full-rank cases; the rank-deficient ones have a clean gap
    # between the kept singular values and the (rounding-level) discarded ones, so any
    # stable solver agrees to ~1e-12; every misconception moves w or b by > 1e-4.
    tol=Tol(rtol=1e-8, atol=1e-10),
    returns=("w", "b"),
    misconceptions=(
        Misconception("looks like the intercept was penalised (a column of ones appended "
                      "to X and shrunk with w); centre X and y instead, and recover "
                      "b = mean(y) - mean(X) . w", _ridge_penalises_intercept),
        Misconception("looks like w was fitted on X and y without centring them; with an "
                      "intercept, solve ridge on X - mean(X) and y - mean(y)",
                      _ridge_not_centred),
        Misconception("looks like lam was multiplied by n (the penalty of a mean loss); "
                      "this objective is a sum: ||y - Xw - b||^2 + lam ||w||^2",
                      _ridge_n_times_lam),
        Misconception("looks like b = mean(y); it is mean(y) - mean(X) . w",
                      _ridge_b_is_mean_y),
        Misconception("looks like fit_intercept=False was ignored: then fit X and y as "
                      "they are, without centring, and return b = 0.0",
                      _ridge_ignores_fit_intercept),
    ),
    properties=(Property("b is a float", _ridge_b_is_float),),
)

# --- ridge_effective_dof ---------------------------------------------------------------

_EPS = np.finfo(float).eps


def _diagonal(n, d, values):
    """An n x d matrix with `values` on its diagonal: its singular values are exactly
    abs(values), so a case can sit a known distance from the max(n, d) eps s_max cutoff."""
    X = np.zeros((n, d))
    X[np.arange(len(values)), np.arange(len(values))] = values
    return X


def _dof_cases(rng):
    X = rng.normal(size=(20, 5))
    yield Case("random X (20, 5), lam = 1", {"X": X, "lam": 1.0})
    yield Case("lam = 0 on a full-rank X (the rank, 5)", {"X": X, "lam": 0.0})
    yield Case("columns with means about 10 (X is not centred), lam = 2", {
        "X": 10.0 + rng.normal(size=(15, 3)), "lam": 2.0})
    Xd = rng.normal(size=(12, 3))
    # Eigenvalues of X^T X are s^2 plus rounding noise of about eps s_max^2, whose square
    # root is far above the cutoff: a Gram-matrix solution counts them.
    gram = ("usually a singular value that is 0 up to rounding was counted: eigenvalues of "
            "X^T X bury it in noise of size eps * s_max^2; take np.linalg.svd of X itself")
    yield Case("lam = 0, a duplicated column (rank 3, not 4)", {
        "X": np.column_stack([Xd, Xd[:, 0]]), "lam": 0.0}, why=gram)
    yield Case("lam = 0, more features than samples (5 x 8, rank 5)", {
        "X": rng.normal(size=(5, 8)), "lam": 0.0}, why=gram)
    yield Case("lam = 0.1, more features than samples (5 x 8)", {
        "X": rng.normal(size=(5, 8)), "lam": 0.1})
    yield Case("very large lam = 1e6 (dof near 0)", {"X": rng.normal(size=(10, 4)), "lam": 1e6})
    yield Case("the zero matrix, lam = 0 (0.0, not 0 / 0)", {"X": np.zeros((4, 3)), "lam": 0.0})
    yield Case("the zero matrix, lam = 1", {"X": np.zeros((4, 3)), "lam": 1.0})
    # 6 x 3 diagonal, s_max = 1: the cutoff is 6 eps = 1.3e-15. Values at 1.01 and 0.99
    # of it test its side; 0.7 of it lies between 1e-15 and 3 eps, 0.4 below both: each
    # wrong rule (none, 1e-15, min(n, d) eps) keeps a different set.
    cutoff = 6 * _EPS
    for scale, where in [(1.0, ""), (1e-12, ", X scaled by 1e-12"), (1e9, ", X scaled by 1e9")]:
        for factor, side in [(1.01, "just above"), (0.99, "just below")]:
            yield Case(f"lam = 0, a singular value {side} the cutoff 6 eps s_max{where}", {
                "X": scale * _diagonal(6, 3, [1.0, 0.5, factor * cutoff]), "lam": 0.0})
    yield Case("lam = 0, a singular value at 0.7 x the cutoff (below 1e-15 s_max too)", {
        "X": _diagonal(6, 3, [1.0, 0.5, 0.7 * cutoff]), "lam": 0.0})
    yield Case("lam = 0, a singular value at 0.4 x the cutoff (below 3 eps s_max too)", {
        "X": _diagonal(6, 3, [1.0, 0.5, 0.4 * cutoff]), "lam": 0.0})
    yield Case("random X scaled by 1e-12, lam = 1e-24 (dof strictly between 0 and 3)", {
        "X": 1e-12 * rng.normal(size=(6, 3)), "lam": 1e-24})


def _dof_errors(rng):
    X = rng.normal(size=(6, 3))
    yield Case("lam = -1", {"X": X, "lam": -1.0})
    yield Case("lam = -1e-12 (just below 0)", {"X": X, "lam": -1e-12})


def _dof_check(lam):
    if lam < 0:  # the variants below make one mistake each, not this one too
        raise ValueError("`lam` must be >= 0")


def _dof_from(s, lam):
    return float(np.sum(s**2 / (s**2 + lam)))


def _dof_relative(X, s):
    return s[s >= max(np.shape(X)) * _EPS * s[0]] if s.size and s[0] > 0 else s[:0]


def _dof_centred(X, lam):  # the columns with means about 10
    _dof_check(lam)
    Xc = X - X.mean(axis=0)
    return _dof_from(_dof_relative(Xc, np.linalg.svd(Xc, compute_uv=False)), lam)


def _dof_not_squared(X, lam):
    _dof_check(lam)
    s = _dof_relative(X, np.linalg.svd(X, compute_uv=False))
    return float(np.sum(s / (s + lam)))


def _dof_no_cutoff(X, lam):  # lam = 0 below the cutoff (and the duplicated column)
    _dof_check(lam)
    s = np.linalg.svd(X, compute_uv=False)
    return _dof_from(s[s > 0], lam)


def _dof_min_cutoff(X, lam):  # lam = 0, 0.99 and 0.7 x the cutoff (in 3 eps .. 6 eps)
    _dof_check(lam)
    s = np.linalg.svd(X, compute_uv=False)
    return _dof_from(s[s >= min(X.shape) * _EPS * s[0]] if s[0] > 0 else s[:0], lam)


def _dof_pinv_cutoff(X, lam):  # 0.99 x the cutoff only
    _dof_check(lam)
    s = np.linalg.svd(X, compute_uv=False)
    return _dof_from(s[s > 1e-15 * s[0]] if s[0] > 0 else s[:0], lam)


def _dof_absolute_cutoff(X, lam):  # the 1e-12 scale (everything cut) and 1e9 (kept)
    _dof_check(lam)
    s = np.linalg.svd(X, compute_uv=False)
    return _dof_from(s[s > 1e-10], lam)


RIDGE_EFFECTIVE_DOF = Exercise(
    name="ridge_effective_dof",
    points=2,
    difficulty="medium",
    hints=(
        "Ridge shrinks the fit along each singular direction of X by s^2 / (s^2 + lam); "
        "the degrees of freedom add up those factors.",
        "Take the singular values of X as given (np.linalg.svd with compute_uv=False), "
        "drop those below max(n, d) * eps * s_max, and sum s^2 / (s^2 + lam) over the "
        "rest. With lam = 0 that counts the rank, and never divides 0 by 0.",
    ),
    cases=_dof_cases,
    errors=_dof_errors,
    # A sum of at most 8 ratios in [0, 1]: any order is within ~1e-15; the mistakes
    # are off by at least 1e-2 (and by whole units on the cutoff cases).
    tol=Tol(rtol=1e-10, atol=1e-12),
    misconceptions=(
        Misconception("looks like X was centred; the effective dof uses the singular values "
                      "of X as given", _dof_centred),
        Misconception("looks like s / (s + lam) was summed; ridge's shrinkage factor is "
                      "s^2 / (s^2 + lam)", _dof_not_squared),
        Misconception("looks like every nonzero singular value was counted; with lam = 0 "
                      "those below max(n, d) * eps * s_max count 0 (numerical rank)",
                      _dof_no_cutoff),
        Misconception("looks like the cutoff used min(n, d); it is max(n, d) * eps * s_max",
                      _dof_min_cutoff),
        Misconception("looks like the cutoff was 1e-15 * s_max (np.linalg.pinv's old "
                      "default); it is max(n, d) * eps * s_max", _dof_pinv_cutoff),
        Misconception("looks like a fixed (absolute) threshold on the singular values; the "
                      "cutoff is relative, max(n, d) * eps * s_max, so it scales with X",
                      _dof_absolute_cutoff),
    ),
)

# --- min_norm_least_squares ------------------------------------------------------------


def _mnls_cases(rng):
    yield Case("overdetermined, full rank (20 x 4)", {
        "X": rng.normal(size=(20, 4)), "y": rng.normal(size=20)})
    yield Case("square and nonsingular (5 x 5)", {
        "X": rng.normal(size=(5, 5)) + 3.0 * np.eye(5), "y": rng.normal(size=5)})
    yield Case("more features than samples (4 x 10): interpolates X w = y", {
        "X": rng.normal(size=(4, 10)), "y": rng.normal(size=4)})
    yield Case("a single row (1 x 3)", {"X": rng.normal(size=(1, 3)), "y": np.array([2.0])})
    yield Case("a single column (6 x 1)", {"X": rng.normal(size=(6, 1)), "y": rng.normal(size=6)})
    X = rng.normal(size=(12, 3))
    yield Case("a duplicated column (12 x 4, rank 3): the weight is split equally", {
        "X": np.column_stack([X, X[:, 2]]), "y": rng.normal(size=12)})
    yield Case("rank 2 (8 x 6, a product of 8 x 2 and 2 x 6)", {
        "X": rng.normal(size=(8, 2)) @ rng.normal(size=(2, 6)), "y": rng.normal(size=8)})
    yield Case("rank 2 with more features than samples (3 x 5)", {
        "X": rng.normal(size=(3, 2)) @ rng.normal(size=(2, 5)), "y": rng.normal(size=3)})
    yield Case("the zero matrix (w = 0)", {"X": np.zeros((4, 3)), "y": rng.normal(size=4)})
    # 6 x 3 diagonal with s_max = 1: the cutoff is 6 eps = 1.3e-15. 0.99 of it lies above
    # 1e-15, 0.7 of it above 3 eps = min(n, d) eps, 0.4 of it above eps, 0.1 of it below
    # all: each wrong rule keeps a different set, and a kept value t adds y_3 / t ~ 1e15.
    cutoff = 6 * _EPS
    y = rng.normal(size=6)
    for scale, where, tol in [(1.0, "", None), (1e-12, ", X scaled by 1e-12", None),
                              (1e9, ", X scaled by 1e9", Tol(rtol=1e-8, atol=1e-19))]:
        for factor, side in [(1.01, "just above"), (0.99, "just below")]:
            yield Case(f"a singular value {side} the cutoff 6 eps s_max{where}", {
                "X": scale * _diagonal(6, 3, [1.0, 0.5, factor * cutoff]), "y": y}, tol=tol)
    yield Case("a singular value at 0.7 x the cutoff (above 3 eps s_max, below 1e-15 s_max)",
               {"X": _diagonal(6, 3, [1.0, 0.5, 0.7 * cutoff]), "y": y})
    yield Case("a singular value at 0.4 x the cutoff (above eps s_max, below 3 eps s_max)", {
        "X": _diagonal(6, 3, [1.0, 0.5, 0.4 * cutoff]), "y": y})
    yield Case("a singular value at 0.1 x the cutoff (below eps s_max)", {
        "X": _diagonal(6, 3, [1.0, 0.5, 0.1 * cutoff]), "y": y})
    yield Case("random 5 x 3 scaled by 1e9 (w about 1e-9)", {
        "X": 1e9 * rng.normal(size=(5, 3)), "y": rng.normal(size=5)},
        tol=Tol(rtol=1e-8, atol=1e-19))
    yield Case("random 3 x 5 scaled by 1e-12 (w about 1e12)", {
        "X": 1e-12 * rng.normal(size=(3, 5)), "y": rng.normal(size=3)})


def _mnls_with(X, y, keep_rule):
    """V diag(1/s) U^T y over the singular values that keep_rule(s, shape) keeps."""
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    keep = keep_rule(s, X.shape) & (s > 0)
    inverse = np.where(keep, 1.0 / np.where(keep, s, 1.0), 0.0)
    return Vt.T @ (inverse * (U.T @ y))


def _mnls_no_cutoff(X, y):  # every case below the cutoff, the rank-deficient cases
    return _mnls_with(X, y, lambda s, shape: s > 0)


def _mnls_eps_cutoff(X, y):  # 0.99, 0.7 and 0.4 x the cutoff
    return _mnls_with(X, y, lambda s, shape: s >= _EPS * s[0])


def _mnls_min_cutoff(X, y):  # 0.99 and 0.7 x the cutoff
    return _mnls_with(X, y, lambda s, shape: s >= min(shape) * _EPS * s[0])


def _mnls_pinv_cutoff(X, y):  # 0.99 x the cutoff only
    return _mnls_with(X, y, lambda s, shape: s > 1e-15 * s[0])


def _mnls_absolute_cutoff(X, y):  # the 1e-12 scale (everything cut) and 1e9 (none)
    return _mnls_with(X, y, lambda s, shape: s > 1e-10)


def _mnls_vt_not_v(X, y):  # square and tall cases (on wide ones the shapes clash)
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    keep = (s >= max(X.shape) * _EPS * s[0]) & (s > 0)
    inverse = np.where(keep, 1.0 / np.where(keep, s, 1.0), 0.0)
    return Vt @ (inverse * (U.T @ y))


def _mnls_interpolates(args, got):
    X, y = args["X"], args["y"]
    if X.shape[1] <= X.shape[0] or np.linalg.matrix_rank(X) < X.shape[0]:
        return None
    residual = float(np.max(np.abs(X @ got - y)))
    if residual > 1e-8 * (1.0 + float(np.max(np.abs(y)))):
        return (f"X w should equal y here (more features than samples, full row rank), "
                f"but max |X w - y| = {residual:.3g}")
    return None


MIN_NORM_LEAST_SQUARES = Exercise(
    name="min_norm_least_squares",
    points=2,
    difficulty="medium",
    hints=(
        "Write X = U diag(s) V^T. In the rotated coordinates the problem decouples, one "
        "singular value at a time; what is the smallest-norm choice where s = 0?",
        "w = V diag(1/s) U^T y over the singular values you keep, 0 for the others: keep "
        "s >= max(n, d) * eps * s_max (eps = np.finfo(float).eps). np.linalg.svd returns "
        "V^T, not V; use full_matrices=False.",
    ),
    cases=_mnls_cases,
    # cond <= ~1e2 on the kept singular values (1e15 only on the cutoff cases, where the
    # SVD of a diagonal matrix is exact): any SVD- or QR-based solve agrees to ~1e-12.
    tol=Tol(rtol=1e-8, atol=1e-10),
    forbidden=("np.linalg.pinv", "np.linalg.lstsq"),
    misconceptions=(
        Misconception("looks like every nonzero singular value was inverted; those below "
                      "max(n, d) * eps * s_max count as zero", _mnls_no_cutoff),
        Misconception("looks like the cutoff was eps * s_max; it is max(n, d) * eps * s_max",
                      _mnls_eps_cutoff),
        Misconception("looks like the cutoff used min(n, d); it is max(n, d) * eps * s_max",
                      _mnls_min_cutoff),
        Misconception("looks like the cutoff was 1e-15 * s_max (np.linalg.pinv's old "
                      "default); it is max(n, d) * eps * s_max", _mnls_pinv_cutoff),
        Misconception("looks like a fixed (absolute) threshold on the singular values; the "
                      "cutoff is relative to s_max, so scaling X must not change which "
                      "directions count", _mnls_absolute_cutoff),
        Misconception("looks like V^T was used where V belongs: np.linalg.svd returns V^T "
                      "(Vt), and w = Vt.T @ (...)", _mnls_vt_not_v),
    ),
    properties=(Property("interpolates when d > n", _mnls_interpolates),),
)

# --- kfold_indices ---------------------------------------------------------------------


def _kfold_cases(rng):
    yield Case("10 samples, 5 folds (equal folds of 2)", {"n_samples": 10, "n_folds": 5})
    yield Case("10 samples, 3 folds (sizes 4, 3, 3)", {"n_samples": 10, "n_folds": 3})
    yield Case("10 samples, 4 folds (sizes 3, 3, 2, 2)", {"n_samples": 10, "n_folds": 4})
    yield Case("11 samples, 4 folds (sizes 3, 3, 3, 2)", {"n_samples": 11, "n_folds": 4})
    yield Case("23 samples, 6 folds (23 % 6 = 5 larger folds)", {"n_samples": 23, "n_folds": 6})
    yield Case("7 samples, 2 folds (the smallest n_folds)", {"n_samples": 7, "n_folds": 2})
    yield Case("5 samples, 5 folds (leave-one-out, n_folds = n_samples)",
               {"n_samples": 5, "n_folds": 5})
    yield Case("3 samples, 2 folds", {"n_samples": 3, "n_folds": 2})
    n = int(rng.integers(50, 150))
    k = int(rng.integers(3, 11))
    yield Case(f"{n} samples, {k} folds", {"n_samples": n, "n_folds": k})


def _kfold_errors(rng):
    yield Case("n_folds = 1", {"n_samples": 10, "n_folds": 1})
    yield Case("n_folds = 0", {"n_samples": 10, "n_folds": 0})
    yield Case("n_folds = 11 > n_samples = 10", {"n_samples": 10, "n_folds": 11})
    yield Case("n_folds = 3 > n_samples = 2", {"n_samples": 2, "n_folds": 3})


def _kfold_check(n_samples, n_folds):
    if n_folds < 2 or n_folds > n_samples:  # the variants make one mistake each, not this
        raise ValueError("bad n_folds")


def _kfold_from_sizes(n_samples, sizes, sort_train=True):
    """Contiguous folds of the given sizes, in order; samples past them are never
    validated (but still trained on)."""
    idx = np.arange(n_samples)
    stops = np.cumsum(sizes)
    folds = []
    for start, stop in zip(stops - np.asarray(sizes), stops, strict=True):
        parts = [idx[:start], idx[stop:]] if sort_train else [idx[stop:], idx[:start]]
        folds.append((np.concatenate(parts), idx[start:stop]))
    return folds


def _kfold_remainder_last(n_samples, n_folds):  # every n % k >= 1 case
    _kfold_check(n_samples, n_folds)
    sizes = [n_samples // n_folds] * n_folds
    sizes[-1] += n_samples % n_folds
    return _kfold_from_sizes(n_samples, sizes)


def _kfold_larger_last(n_samples, n_folds):  # same as above when n % k = 1
    _kfold_check(n_samples, n_folds)
    sizes = [n_samples // n_folds] * n_folds
    for j in range(n_samples % n_folds):
        sizes[-1 - j] += 1
    return _kfold_from_sizes(n_samples, sizes)


def _kfold_ceil_sizes(n_samples, n_folds):  # 10 samples in 3 or 4 folds, 23 in 6
    _kfold_check(n_samples, n_folds)
    size = -(-n_samples // n_folds)
    sizes = [min(size, max(n_samples - j * size, 0)) for j in range(n_folds)]
    return _kfold_from_sizes(n_samples, sizes)


def _kfold_drops_remainder(n_samples, n_folds):
    _kfold_check(n_samples, n_folds)
    return _kfold_from_sizes(n_samples, [n_samples // n_folds] * n_folds)


def _kfold_strided(n_samples, n_folds):
    _kfold_check(n_samples, n_folds)
    idx = np.arange(n_samples)
    return [(np.setdiff1d(idx, idx[j::n_folds]), idx[j::n_folds]) for j in range(n_folds)]


def _kfold_train_unsorted(n_samples, n_folds):  # the middle folds
    _kfold_check(n_samples, n_folds)
    sizes = np.full(n_folds, n_samples // n_folds)
    sizes[: n_samples % n_folds] += 1
    return _kfold_from_sizes(n_samples, sizes, sort_train=False)


KFOLD_INDICES = Exercise(
    name="kfold_indices",
    points=1,
    difficulty="easy",
    hints=(
        "First work out each fold's size: n // k, plus one for some of the folds. Which "
        "ones get the extra samples in scikit-learn's KFold?",
        "The first n % k folds have n // k + 1 samples. Cut np.arange(n) at the running "
        "sums of the sizes; fold j's training set is everything before it followed by "
        "everything after it (so it stays sorted). Check n_folds first.",
    ),
    cases=_kfold_cases,
    errors=_kfold_errors,
    tol=Tol(rtol=0.0, atol=0.0),  # integer indices: exact
    misconceptions=(
        Misconception("looks like the leftover n % k samples all went into the last fold; "
                      "the first n % k folds get one extra sample each", _kfold_remainder_last),
        Misconception("looks like the larger folds are the last ones; the first n % k folds "
                      "get one extra sample each", _kfold_larger_last),
        Misconception("looks like every fold took ceil(n / k) samples and the last got what "
                      "was left; the first n % k folds have n // k + 1, the rest n // k",
                      _kfold_ceil_sizes),
        Misconception("looks like the n % k leftover samples were never validated; the "
                      "first n % k folds get one extra sample each", _kfold_drops_remainder),
        Misconception("looks like the folds were taken by striding (every k-th sample); "
                      "unshuffled folds are contiguous blocks, in order", _kfold_strided),
        Misconception("looks like the training indices are not sorted (the samples after "
                      "the fold came first); return them increasing", _kfold_train_unsorted),
    ),
)

# --- select_ridge_lambda ---------------------------------------------------------------


def _select_cases(rng):
    X, y = _regression(rng, 40, 3, offset=1.0)
    yield Case("40 samples, 5 equal folds, 7 lambdas from 1e-3 to 1e3", {
        "X": X, "y": y, "lambdas": np.logspace(-3, 3, 7), "n_folds": 5})
    X = rng.normal(size=(23, 12))
    y = 2.0 + X[:, :2] @ np.array([1.0, -1.0]) + rng.normal(size=23)
    yield Case("23 samples in 5 unequal folds (5, 5, 5, 4, 4), 12 noisy features", {
        "X": X, "y": y, "lambdas": np.array([0.01, 0.3, 3.0, 30.0, 300.0]), "n_folds": 5})
    X, y = _regression(rng, 30, 2, offset=-2.0)
    yield Case("n_folds left at its default (5)", {
        "X": X, "y": y, "lambdas": np.array([10.0, 0.1, 1.0])})
    X, y = _regression(rng, 17, 2, offset=0.5)
    yield Case("2 folds of 9 and 8 samples", {
        "X": X, "y": y, "lambdas": np.array([0.0, 1.0, 100.0]), "n_folds": 2})
    X, y = _regression(rng, 8, 2, offset=0.5)
    yield Case("leave-one-out (8 samples, 8 folds)", {
        "X": X, "y": y, "lambdas": np.array([0.1, 1.0, 10.0]), "n_folds": 8})
    X, y = _regression(rng, 25, 3, offset=1.0)
    yield Case("duplicated lambdas [0.1, 1, 1, 10] (equal CV errors)", {
        "X": X, "y": y, "lambdas": np.array([0.1, 1.0, 1.0, 10.0]), "n_folds": 5})
    X = np.full((14, 2), 3.0)
    yield Case("a constant X: every lambda gives the same CV error (the first one wins)", {
        "X": X, "y": rng.normal(size=14), "lambdas": np.array([0.5, 2.0, 0.1]), "n_folds": 4})
    X, y = _regression(rng, 12, 15, offset=0.2)
    yield Case("more features than training samples, lam = 0 among the candidates", {
        "X": X, "y": y, "lambdas": np.array([0.0, 1.0, 10.0]), "n_folds": 3})
    X, y = _regression(rng, 20, 2, offset=1.0)
    yield Case("a single candidate", {"X": X, "y": y, "lambdas": np.array([0.7]), "n_folds": 4})


def _select_generic(X, y, lambdas, n_folds, *, fit_on_all=False, score_on_train=False,
                    pooled=False, last_tie=False, fit_intercept=True, total=False):
    folds = reference.kfold_indices(X.shape[0], n_folds)
    cv = np.empty(len(lambdas))
    for j, lam in enumerate(lambdas):
        errors, sizes = [], []
        for train, val in folds:
            fit_rows = np.arange(X.shape[0]) if fit_on_all else train
            rows = train if score_on_train else val
            w, b = reference.ridge_fit(X[fit_rows], y[fit_rows], lam, fit_intercept)
            squared = (y[rows] - X[rows] @ w - b) ** 2
            errors.append(squared.sum() if (pooled or total) else squared.mean())
            sizes.append(len(rows))
        cv[j] = sum(errors) / sum(sizes) if pooled else np.mean(errors)
    best = len(cv) - 1 - int(np.argmin(cv[::-1])) if last_tie else int(np.argmin(cv))
    return float(lambdas[best]), cv


def _select_pooled(X, y, lambdas, n_folds=5):  # unequal folds: 23 samples, 17 in 2 folds
    return _select_generic(X, y, lambdas, n_folds, pooled=True)


def _select_fit_on_all(X, y, lambdas, n_folds=5):
    return _select_generic(X, y, lambdas, n_folds, fit_on_all=True)


def _select_training_error(X, y, lambdas, n_folds=5):
    return _select_generic(X, y, lambdas, n_folds, score_on_train=True)


def _select_last_tie(X, y, lambdas, n_folds=5):  # the constant X only
    return _select_generic(X, y, lambdas, n_folds, last_tie=True)


def _select_no_intercept(X, y, lambdas, n_folds=5):
    return _select_generic(X, y, lambdas, n_folds, fit_intercept=False)


def _select_fold_sse(X, y, lambdas, n_folds=5):
    return _select_generic(X, y, lambdas, n_folds, total=True)


def _select_global_means(X, y, lambdas, n_folds=5):  # every case but the constant X
    # Centred once with the means of ALL rows, so each validation fold leaks into its
    # own model's intercept (and slightly into w): the numbers move a little.
    x_mean, y_mean = X.mean(axis=0), y.mean()
    cv = np.empty(len(lambdas))
    for j, lam in enumerate(lambdas):
        errors = []
        for train, val in reference.kfold_indices(X.shape[0], n_folds):
            w, _ = reference.ridge_fit(X[train] - x_mean, y[train] - y_mean, lam, False)
            errors.append(np.mean((y[val] - X[val] @ w - (y_mean - x_mean @ w)) ** 2))
        cv[j] = np.mean(errors)
    return float(lambdas[int(np.argmin(cv))]), cv


SELECT_RIDGE_LAMBDA = Exercise(
    name="select_ridge_lambda",
    points=2,
    difficulty="medium",
    hints=(
        "Two loops: over the candidate lambdas, and over the folds from your "
        "kfold_indices. Each fit sees only its training fold.",
        "For each (lambda, fold): w, b = ridge_fit(X[train], y[train], lam) and the MSE on "
        "X[val], y[val]. cv_mse is the plain mean of the n_folds fold MSEs. np.argmin "
        "returns the first of equal minima.",
    ),
    cases=_select_cases,
    # Well-conditioned fits: a different but stable ridge solver moves cv_mse by ~1e-13.
    tol=Tol(rtol=1e-8, atol=1e-12),
    returns=("best_lambda", "cv_mse"),
    misconceptions=(
        Misconception("looks like the squared errors were pooled over all folds (weighting "
                      "folds by size); average the per-fold MSEs, each fold counting once",
                      _select_pooled),
        Misconception("looks like each model was fitted on all the data, validation fold "
                      "included; fit on X[train] only", _select_fit_on_all),
        Misconception("looks like the error was measured on the training fold; measure it "
                      "on the held-out validation fold", _select_training_error),
        Misconception("looks like the last of equal minima won; the first one in `lambdas` "
                      "wins (np.argmin)", _select_last_tie),
        Misconception("looks like the folds were fitted without an intercept; use "
                      "ridge_fit(..., fit_intercept=True)", _select_no_intercept),
        Misconception("looks like each fold's squared errors were summed, not averaged; "
                      "take each fold's mean squared error", _select_fold_sse),
        Misconception("looks like X and y were centred with the means of all the data "
                      "before splitting, so the validation fold leaked into the intercept; "
                      "let ridge_fit centre each training fold", _select_global_means),
    ),
)


# --- soft_threshold -----------------------------------------------------------------


def _soft_cases(rng):
    yield Case("random z (12,), lam 0.5", {"z": rng.normal(size=12), "lam": 0.5})
    yield Case("random 2-D z (4, 5), lam 1.0", {"z": 2 * rng.normal(size=(4, 5)), "lam": 1.0})
    yield Case("lam = 0 (the identity)", {"z": rng.normal(size=6), "lam": 0.0})
    yield Case("entries exactly at +lam and -lam (both become 0)", {
        "z": np.array([-1.5, 1.5, 0.0, 2.0, -0.25, -3.0]), "lam": 1.5})
    yield Case("lam above every abs(z) (all zeros)", {"z": rng.uniform(-1, 1, size=5),
                                                      "lam": 1.0})
    yield Case("tiny values (about 1e-12), lam 5e-13", {
        "z": 1e-12 * rng.normal(size=8), "lam": 5e-13})
    yield Case("large values (about 1e9), lam 3e8", {"z": 1e9 * rng.normal(size=8),
                                                    "lam": 3e8})


def _soft_errors(rng):
    z = rng.normal(size=4)
    yield Case("lam = -1", {"z": z, "lam": -1.0})
    yield Case("lam = -1e-12 (just below 0)", {"z": z, "lam": -1e-12})


def _soft_exact_zeros(args, got):
    z = np.asarray(args["z"], dtype=float)
    got = np.asarray(got, dtype=float)
    inside = (np.abs(z) <= args["lam"]) & (got != 0.0)
    if inside.any():
        i = np.unravel_index(int(np.argmax(inside)), z.shape)
        at = ", ".join(str(int(k)) for k in i)
        return (f"z[{at}] = {z[i]:.6g} lies inside [-lam, lam] but came out as {got[i]:.6g}, "
                "not exactly 0.0")
    return None


def _soft_hard(z, lam):  # keeps the survivors unshrunk: every case with abs(z) > lam
    return np.where(np.abs(z) > lam, z, 0.0)


def _soft_no_max(z, lam):  # entries inside [-lam, lam] flip sign instead of becoming 0
    return z - np.sign(z) * lam


def _soft_no_sign(z, lam):  # negative entries come out positive
    return np.maximum(np.abs(z) - lam, 0.0)


def _soft_clip(z, lam):  # clipping keeps the small entries and caps the large ones
    return np.clip(z, -lam, lam)


def _soft_ridge(z, lam):  # the L2 proximal step: shrinks by a factor, never to 0
    return z / (1.0 + lam)


SOFT_THRESHOLD = Exercise(
    name="soft_threshold",
    points=1,
    difficulty="easy",
    hints=(
        "Three regions: z > lam, z < -lam, and the band in between. What happens in each?",
        "Inside the band the answer is exactly 0; outside it, z moves lam towards 0 "
        "(np.where, or sign(z) times a clipped-at-0 magnitude). Reject lam < 0 first.",
    ),
    cases=_soft_cases,
    errors=_soft_errors,
    # One rounding per entry; atol = 0 so an entry inside the band must be exactly 0.
    tol=Tol(rtol=1e-12, atol=0.0),
    misconceptions=(
        Misconception("looks like hard thresholding: the surviving entries must also move "
                      "lam towards 0, sign(z) (abs(z) - lam)", _soft_hard),
        Misconception("looks like the max(., 0) is missing: entries with abs(z) < lam "
                      "flipped sign instead of becoming 0", _soft_no_max),
        Misconception("looks like the sign was dropped: multiply max(abs(z) - lam, 0) by "
                      "sign(z)", _soft_no_sign),
        Misconception("looks like z was clipped to [-lam, lam]; soft thresholding "
                      "returns what lies beyond the band, moved lam towards 0",
                      _soft_clip),
        Misconception("looks like ridge-style shrinkage z / (1 + lam); the L1 step "
                      "subtracts lam and sets the band [-lam, lam] to exactly 0",
                      _soft_ridge),
    ),
    properties=(Property("exact zeros", _soft_exact_zeros),),
    copies=True,  # the docstring promises a new array, lam = 0 included
)


# --- lasso_coordinate_descent -------------------------------------------------------
#
# Every case is well conditioned (cond(X) <= ~20 on its nonzero columns), so 1000 sweeps
# reach the minimiser to ~1e-10, and its zero pattern is clear: the zero coordinates have
# abs(X_j . r) / n at least ~1% of lam below lam, the nonzero ones are >= ~1e-2 (checked
# over many seeds in tests/test_oracle_bias_variance.py). Any sweep order or stopping
# rule that converges therefore lands on the same answer and the same exact zeros.


def _lasso_data(rng, n, d, nonzeros, scales=None, mixing=0.0, noise=0.1):
    """A sparse linear problem: X (n, d), columns times ``scales``, pairwise correlation
    about ``mixing``; y = X w_true + noise, with ``nonzeros`` coefficients of size 1 to 3."""
    X = rng.normal(size=(n, d))
    if mixing:
        X = np.sqrt(1 - mixing) * X + np.sqrt(mixing) * rng.normal(size=(n, 1))
    if scales is not None:
        X = X * np.asarray(scales)
    w_true = np.zeros(d)
    support = rng.choice(d, size=nonzeros, replace=False)
    w_true[support] = rng.choice([-1.0, 1.0], size=nonzeros) * rng.uniform(1, 3, nonzeros)
    return X, X @ w_true + noise * rng.normal(size=n)


def _lambda_max(X, y):
    return float(np.max(np.abs(X.T @ y)) / len(y))


def _lasso_cases(rng):
    X, y = _lasso_data(rng, 50, 8, 3)
    yield Case("random X (50, 8), 3 true nonzeros, lam = 0.1 lam_max",
               {"X": X, "y": y, "lam": 0.1 * _lambda_max(X, y)})
    X, y = _lasso_data(rng, 60, 10, 4, mixing=0.5)
    yield Case("correlated columns (60, 10), correlation 0.5, lam = 0.2 lam_max",
               {"X": X, "y": y, "lam": 0.2 * _lambda_max(X, y)})
    X, y = _lasso_data(rng, 40, 6, 3, scales=[0.3, 3.0, 1.0, 0.5, 2.0, 1.5])
    yield Case("columns on different scales (0.3 to 3), X (40, 6), lam = 0.05 lam_max",
               {"X": X, "y": y, "lam": 0.05 * _lambda_max(X, y)})
    X, y = _lasso_data(rng, 30, 5, 2)
    yield Case("lam = 1.01 lam_max (every coefficient exactly 0)",
               {"X": X, "y": y, "lam": 1.01 * _lambda_max(X, y)})
    X, y = _lasso_data(rng, 30, 5, 3)
    X[:, 2] = 0.0
    yield Case("a zero column (its coefficient stays 0)",
               {"X": X, "y": y, "lam": 0.1 * _lambda_max(X, y)})
    X, y = _lasso_data(rng, 40, 5, 5, mixing=0.3)
    yield Case("lam = 0 (plain least squares)", {"X": X, "y": y, "lam": 0.0})
    q, _ = np.linalg.qr(rng.normal(size=(32, 4)))
    X = q * np.sqrt(32) * np.array([1.0, 2.0, 0.5, 1.5])
    y = X @ np.array([1.0, -0.2, 2.0, 0.0]) + 0.1 * rng.normal(size=32)
    yield Case("orthogonal columns, num_iters = 1 (one sweep is already exact)",
               {"X": X, "y": y, "lam": 0.3, "num_iters": 1})
    X, y = _lasso_data(rng, 25, 40, 3)
    yield Case("more features than samples, X (25, 40), lam = 0.3 lam_max",
               {"X": X, "y": y, "lam": 0.3 * _lambda_max(X, y)})
    X, y = _lasso_data(rng, 50, 6, 3)
    X, y = X + 2.0, y + 5.0
    yield Case("columns and y with nonzero means (no intercept), lam = 0.1 lam_max",
               {"X": X, "y": y, "lam": 0.1 * _lambda_max(X, y)})
    X, y = _lasso_data(rng, 20, 1, 1)
    yield Case("a single feature, X (20, 1), lam = 0.5 lam_max",
               {"X": X, "y": y, "lam": 0.5 * _lambda_max(X, y)})


def _lasso_exact_zeros(args, got):
    minimiser = reference.lasso_coordinate_descent(**args)
    got = np.asarray(got, dtype=float)
    # Only what the value tolerance lets through: a far-off entry is reported there.
    stray = (minimiser == 0.0) & (got != 0.0) & (np.abs(got) <= 1e-6)
    if stray.any():
        j = int(np.argmax(stray))
        return (f"w[{j}] = {got[j]:.3g}, but the minimiser has w[{j}] exactly 0.0: "
                "update each coordinate with the exact soft threshold, which returns 0.0 "
                "whenever abs(rho_j) <= lam")
    return None


def _lasso_cd(X, y, lam, num_iters, tol, normalise=True):
    """Cyclic coordinate descent as in the reference, optionally without dividing the
    update by ||X_j||^2 / n (the misconception)."""
    n, d = X.shape
    w, r = np.zeros(d), np.array(y, dtype=float)
    curvature = np.sum(X * X, axis=0) / n
    for _ in range(num_iters):
        change = 0.0
        for j in np.flatnonzero(curvature):
            rho = X[:, j] @ r / n + curvature[j] * w[j]
            new = np.sign(rho) * max(abs(rho) - lam, 0.0)
            new = new / curvature[j] if normalise else new
            r -= X[:, j] * (new - w[j])
            change, w[j] = max(change, abs(new - w[j])), new
        if not change > tol:  # a nan change stops it too
            break
    return w


def _lasso_sum_not_mean(X, y, lam, num_iters=1000, tol=1e-10):  # all cases with lam > 0
    # Minimising (1/2) ||y - X w||^2 + lam ||w||_1 is this lasso with lam / n.
    return _lasso_cd(X, y, lam / len(y), num_iters, tol)


def _lasso_threshold_n_lam(X, y, lam, num_iters=1000, tol=1e-10):  # all cases with lam > 0
    return _lasso_cd(X, y, lam * len(y), num_iters, tol)


def _lasso_unnormalised(X, y, lam, num_iters=1000, tol=1e-10):  # columns with ||X_j||^2 != n
    return _lasso_cd(X, y, lam, num_iters, tol, normalise=False)


def _lasso_jacobi(X, y, lam, num_iters=1000, tol=1e-10):  # the correlated / non-orthogonal cases
    n, d = X.shape
    w = np.zeros(d)
    curvature = np.sum(X * X, axis=0) / n
    safe = np.where(curvature > 0, curvature, 1.0)
    for _ in range(num_iters):
        rho = X.T @ (y - X @ w) / n + curvature * w  # every coordinate sees the old residual
        new = np.where(curvature > 0, np.sign(rho) * np.maximum(np.abs(rho) - lam, 0) / safe,
                       0.0)
        change = float(np.max(np.abs(new - w)))
        w = new
        if not change > tol:
            break
    return w


def _lasso_centred(X, y, lam, num_iters=1000, tol=1e-10):  # "nonzero means" above all
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    return _lasso_cd(Xc, yc, lam, num_iters, tol)


LASSO_COORDINATE_DESCENT = Exercise(
    name="lasso_coordinate_descent",
    points=3,
    difficulty="hard",
    hints=(
        "Freeze every coefficient but w_j: the objective becomes a one-dimensional lasso "
        "in w_j, and soft thresholding solves that exactly.",
        "Keep the residual r = y - X w up to date. For coordinate j: "
        "rho = X_j . r / n + (||X_j||^2 / n) w_j; the new w_j is "
        "S(rho, lam) / (||X_j||^2 / n); then r -= X_j (new - old). Skip zero columns.",
        "A sweep visits j = 0 .. d-1 once. Track the largest change of any coordinate in "
        "the sweep and stop when it is <= tol (or after num_iters sweeps).",
    ),
    cases=_lasso_cases,
    # The contract's accuracy: absolute error <= 1e-6 against the true minimiser (the
    # reference is within ~1e-9 of it); the zeros are checked exactly by the property.
    tol=Tol(rtol=0.0, atol=1e-6),
    misconceptions=(
        Misconception("looks like the squared error was summed, not averaged: the "
                      "objective is (1/(2n)) ||y - Xw||^2 + lam ||w||_1, so threshold "
                      "X_j . r / n at lam (or X_j . r at n lam)", _lasso_sum_not_mean),
        Misconception("looks like the threshold was n lam while the correlations were "
                      "divided by n: threshold X_j . r / n at lam", _lasso_threshold_n_lam),
        Misconception("looks like the update was not divided by ||X_j||^2 / n: "
                      "w_j = S(rho_j, lam) / (||X_j||^2 / n) (it is 1 only for "
                      "standardised columns)", _lasso_unnormalised),
        Misconception("looks like every coordinate of a sweep used the residual from the "
                      "start of the sweep (Jacobi updates); update r as soon as w_j "
                      "changes so the next coordinate sees it", _lasso_jacobi),
        Misconception("looks like X and y were centred (an intercept was fitted); this "
                      "lasso has no intercept: use X and y as given", _lasso_centred),
    ),
    properties=(Property("exact zeros", _lasso_exact_zeros),),
)


# --- lasso_lambda_max ---------------------------------------------------------------


def _lmax_cases(rng):
    X = rng.normal(size=(30, 5))
    yield Case("random X (30, 5)", {"X": X, "y": X @ rng.normal(size=5) + rng.normal(size=30)})
    X = rng.normal(size=(40, 4))
    yield Case("the largest correlation is negative (y close to -3 X_2)", {
        "X": X, "y": -3.0 * X[:, 2] + 0.1 * X[:, 0] + 0.2 * rng.normal(size=40)})
    yield Case("y = 0 (lam_max = 0)", {"X": rng.normal(size=(10, 3)), "y": np.zeros(10)})
    yield Case("a single sample, X (1, 4)", {"X": rng.normal(size=(1, 4)),
                                             "y": np.array([2.5])})
    yield Case("a single feature, X (25, 1)", {"X": rng.normal(size=(25, 1)),
                                               "y": rng.normal(size=25)})
    yield Case("more features than samples, X (10, 50)", {"X": rng.normal(size=(10, 50)),
                                                          "y": rng.normal(size=10)})
    X = rng.normal(size=(20, 3)) + 3.0
    yield Case("columns and y with nonzero means (no intercept)", {
        "X": X, "y": X @ np.array([1.0, 0.0, -0.5]) + 2.0 + rng.normal(size=20)})
    yield Case("large values (X about 1e6, y about 1e3)", {
        "X": 1e6 * rng.normal(size=(15, 4)), "y": 1e3 * rng.normal(size=15)})
    # lam_max about 1e-12, under the default atol: a relative tolerance only, so that a
    # tolerance test against 0 (np.isclose) that returns 0.0 is seen.
    yield Case("tiny values (X and y about 1e-6, lam_max about 1e-12)", {
        "X": 1e-6 * rng.normal(size=(15, 4)), "y": 1e-6 * rng.normal(size=15)},
        tol=Tol(rtol=1e-10, atol=0.0),
        why="a value of 1e-12 is small but not 0: do not compare with 0 using a tolerance "
            "(np.isclose) or round it away")


def _lmax_no_abs(X, y):  # "the largest correlation is negative"
    return float(np.max(X.T @ y) / len(y))


def _lmax_no_mean(X, y):  # every case but y = 0 and the single sample
    return float(np.max(np.abs(X.T @ y)))


def _lmax_two_over_n(X, y):  # the gradient of (1/n) ||r||^2, not of (1/(2n)) ||r||^2
    return float(2 * np.max(np.abs(X.T @ y)) / len(y))


def _lmax_norm(X, y):  # equal on a single feature; larger wherever d > 1
    return float(np.linalg.norm(X.T @ y) / len(y))


def _lmax_centred(X, y):  # "nonzero means" above all; 0 on the single sample
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    return float(np.max(np.abs(Xc.T @ yc)) / len(y))


LASSO_LAMBDA_MAX = Exercise(
    name="lasso_lambda_max",
    points=1,
    difficulty="easy",
    hints=(
        "At w = 0 the residual is y. When does w = 0 satisfy the lasso's optimality "
        "conditions (the subgradient of lam abs(w_j) at 0 is [-lam, lam])?",
        "w = 0 is optimal exactly when abs(X_j . y) / n <= lam for every column j, so the "
        "threshold is the largest of those values: max over j of abs(X^T y) / n.",
    ),
    cases=_lmax_cases,
    tol=Tol(rtol=1e-10, atol=1e-12),  # one matrix-vector product
    misconceptions=(
        Misconception("looks like the abs is missing: a strongly negative correlation "
                      "counts too, max_j abs(X_j . y) / n", _lmax_no_abs),
        Misconception("looks like the 1/n is missing: the objective averages the squared "
                      "error, so lam_max = max_j abs(X_j . y) / n", _lmax_no_mean),
        Misconception("looks like a factor 2: the 1/(2n) in the objective cancels the 2 "
                      "from the square, so lam_max = max_j abs(X_j . y) / n",
                      _lmax_two_over_n),
        Misconception("looks like the norm of X^T y was taken; the condition holds "
                      "coordinate by coordinate, so take the max of abs(X^T y) / n",
                      _lmax_norm),
        Misconception("looks like X and y were centred (as for a lasso with an "
                      "intercept); this lasso has none: use X and y as given", _lmax_centred),
    ),
)


# --- vc_generalization_bound ---------------------------------------------------------


def _vc_cases(rng):
    yield Case("n = 1000, vc_dim = 10, delta = 0.05", {"n": 1000, "vc_dim": 10, "delta": 0.05})
    n, d = int(rng.integers(100, 100_000)), int(rng.integers(1, 60))
    yield Case(f"n = {n}, vc_dim = {d}, delta = 0.1", {"n": n, "vc_dim": d, "delta": 0.1})
    yield Case("vc_dim = 0 (the bound is sqrt((8/n) ln(8 / delta)))",
               {"n": 500, "vc_dim": 0, "delta": 0.1})
    yield Case("n = 1 (the smallest sample), vc_dim = 3", {"n": 1, "vc_dim": 3, "delta": 0.5})
    yield Case("n = 2, vc_dim = 1 (the + 1 in (2n)^d + 1 matters)",
               {"n": 2, "vc_dim": 1, "delta": 0.2})
    yield Case("vc_dim = 10000, n = 1e12 ((2n)^d is about 1e124,000)",
               {"n": 1e12, "vc_dim": 10000, "delta": 0.05})
    yield Case("vc_dim = 400, n = 50 ((2n)^d = 1e800 overflows a float)",
               {"n": 50, "vc_dim": 400, "delta": 0.01})
    yield Case("delta = 1 - 2^-53 (just below 1)", {"n": 100, "vc_dim": 2, "delta": 1 - 2**-53})
    yield Case("delta = 1e-300 (4 (2n)^d / delta overflows; its log is 700)",
               {"n": 200, "vc_dim": 5, "delta": 1e-300})


def _vc_errors(rng):
    # n = 0 and n < 0 would often raise by accident (log of 0); n = 0.5 only by a check.
    yield Case("n = 0.5 (below 1)", {"n": 0.5, "vc_dim": 3, "delta": 0.05})
    yield Case("n = 0", {"n": 0, "vc_dim": 3, "delta": 0.05})
    yield Case("vc_dim = -1", {"n": 100, "vc_dim": -1, "delta": 0.05})
    yield Case("delta = 1 (just outside (0, 1))", {"n": 100, "vc_dim": 3, "delta": 1.0})
    yield Case("delta = 0", {"n": 100, "vc_dim": 3, "delta": 0.0})
    yield Case("delta = 1.5", {"n": 100, "vc_dim": 3, "delta": 1.5})
    yield Case("delta = -0.1", {"n": 100, "vc_dim": 3, "delta": -0.1})


def _vc_overflow(n, vc_dim, delta):  # inf on vc_dim = 10000 and on vc_dim = 400, n = 50
    growth = np.power(2.0 * n, vc_dim) + 1.0
    return float(np.sqrt(8.0 / n * np.log(4.0 * growth / delta)))


def _vc_no_plus_one(n, vc_dim, delta):  # vc_dim = 0, n = 1 and n = 2
    return math.sqrt(8.0 / n * (math.log(4.0 / delta) + vc_dim * math.log(2.0 * n)))


def _vc_log10(n, vc_dim, delta):
    growth = vc_dim * math.log10(2.0 * n) + math.log10(1 + (2.0 * n) ** -vc_dim)
    return math.sqrt(8.0 / n * (math.log10(4.0 / delta) + growth))


def _vc_n_not_2n(n, vc_dim, delta):  # the growth function is evaluated at 2n, not n
    growth = vc_dim * math.log(n) + math.log1p(math.exp(-vc_dim * math.log(n)))
    return math.sqrt(8.0 / n * (math.log(4.0 / delta) + growth))


def _vc_no_sqrt(n, vc_dim, delta):
    growth = vc_dim * math.log(2.0 * n) + math.log1p(math.exp(-vc_dim * math.log(2.0 * n)))
    return 8.0 / n * (math.log(4.0 / delta) + growth)


VC_GENERALIZATION_BOUND = Exercise(
    name="vc_generalization_bound",
    points=2,
    difficulty="medium",
    hints=(
        "Check the arguments first. Then ask: what is (2e12)^10000 as a float?",
        "Never form (2n)^d. Work with its logarithm: ln((2n)^d + 1) = d ln(2n) + "
        "ln(1 + (2n)^-d), where math.log1p computes the second term and (2n)^-d may "
        "underflow to 0 harmlessly.",
        "Then ln(4 ((2n)^d + 1) / delta) = ln 4 + that - ln(delta); multiply by 8/n and take "
        "the square root. Natural logs throughout.",
    ),
    cases=_vc_cases,
    errors=_vc_errors,
    # A handful of roundings on positive terms (no cancellation): any log-space form
    # lands within ~1e-15; the + 1 changes the d = 0 and n <= 2 cases by 1e-2 or more.
    tol=Tol(rtol=1e-12, atol=0.0),
    misconceptions=(
        Misconception("overflow: (2n)^vc_dim is far beyond the float range; add logarithms "
                      "instead, d ln(2n) + log1p((2n)^-d)", _vc_overflow),
        Misconception("looks like the + 1 in (2n)^d + 1 was dropped; it matters for small "
                      "n and d (with vc_dim = 0 the growth bound is 2)", _vc_no_plus_one),
        Misconception("looks like log10 was used; the bound uses the natural log (math.log)",
                      _vc_log10),
        Misconception("looks like the growth function was taken at n; the bound uses it at "
                      "2n: ln(4 ((2n)^d + 1) / delta)", _vc_n_not_2n),
        Misconception("looks like the square root is missing: "
                      "sqrt((8/n) ln(4 ((2n)^d + 1) / delta))", _vc_no_sqrt),
    ),
)


# --- early_stopping -----------------------------------------------------------------
#
# Losses at a min_delta boundary are dyadic (0.5, 0.25, 0.125), so best - min_delta is
# exact and "an improvement of exactly min_delta" means the same in every float order.


def _es_cases(rng):
    t = np.arange(30)
    curve = 1.0 / (1.0 + 0.3 * t) + 0.004 * t + 0.01 * rng.normal(size=30)
    yield Case("a noisy U-shaped curve, 30 epochs, patience 3",
               {"val_losses": curve, "patience": 3})
    yield Case("always improving (never stops), patience 2",
               {"val_losses": np.sort(rng.uniform(0.1, 2.0, size=12))[::-1].copy(),
                "patience": 2})
    yield Case("a plateau of equal losses (an equal loss is no improvement), patience 2",
               {"val_losses": np.array([1.0, 0.5, 0.5, 0.5, 0.25]), "patience": 2})
    yield Case("improvements of exactly min_delta = 0.25 do not count, patience 2",
               {"val_losses": np.array([0.5, 0.25, 0.125, 0.0625, 0.03125]), "patience": 2,
                "min_delta": 0.25})
    yield Case("min_delta = 0.125: best_epoch is not the argmin, patience 3",
               {"val_losses": np.array([1.0, 0.5, 0.45, 0.4, 0.42, 0.38, 0.3]),
                "patience": 3, "min_delta": 0.125})
    yield Case("patience 1 (stop at the first epoch without improvement)",
               {"val_losses": np.array([0.9, 0.7, 0.6, 0.65, 0.5]), "patience": 1})
    yield Case("the count restarts after each improvement, patience 3",
               {"val_losses": np.array([1.0, 1.1, 1.2, 0.9, 1.0, 1.1, 0.8, 0.85, 0.9, 0.95,
                                        0.7]), "patience": 3})
    yield Case("patience runs out exactly at the last epoch, patience 2",
               {"val_losses": np.array([0.8, 0.6, 0.7, 0.75]), "patience": 2})
    yield Case("patience longer than the run, 5 epochs, patience 10",
               {"val_losses": np.array([0.5, 0.75, 0.25, 0.375, 0.3]), "patience": 10})
    yield Case("a single epoch", {"val_losses": np.array([0.42]), "patience": 3})
    walk = 1.0 + np.cumsum(0.02 * rng.normal(size=40))
    yield Case("a random walk, 40 epochs, patience 4, min_delta 0.01",
               {"val_losses": walk, "patience": 4, "min_delta": 0.01})


def _es_errors(rng):
    losses = np.array([1.0, 0.8, 0.9])
    yield Case("patience = 0", {"val_losses": losses, "patience": 0})
    yield Case("patience = -2", {"val_losses": losses, "patience": -2})
    yield Case("an empty val_losses", {"val_losses": np.array([]), "patience": 3})


def _es_scan(val_losses, patience, min_delta, *, improves=None, reset=True, limit=None,
             argmin=False):
    """Early stopping with one rule swapped: ``improves(loss, best, previous)``, whether
    an improvement resets the count, ``limit`` (the count that stops), or best_epoch as
    the argmin of the losses seen."""
    improves = improves or (lambda loss, best, previous: loss < best - min_delta)
    limit = patience if limit is None else limit
    losses = [float(v) for v in val_losses]
    best, best_epoch, waited, previous = math.inf, 0, 0, math.inf
    stop = len(losses) - 1
    for epoch, loss in enumerate(losses):
        if improves(loss, best, previous):
            best, best_epoch = loss, epoch
            waited = 0 if reset else waited
        else:
            waited += 1
        previous = loss
        if waited >= limit:
            stop = epoch
            break
    if argmin:
        best_epoch = int(np.argmin(losses[:stop + 1]))
    return best_epoch, stop


def _es_less_equal(val_losses, patience, min_delta=0.0):  # plateau and exact min_delta
    return _es_scan(val_losses, patience, min_delta,
                    improves=lambda loss, best, previous: loss <= best - min_delta)


def _es_argmin(val_losses, patience, min_delta=0.0):  # the min_delta > 0 cases
    return _es_scan(val_losses, patience, min_delta, argmin=True)


def _es_one_early(val_losses, patience, min_delta=0.0):
    return _es_scan(val_losses, patience, min_delta, limit=patience - 1)


def _es_one_late(val_losses, patience, min_delta=0.0):
    return _es_scan(val_losses, patience, min_delta, limit=patience + 1)


def _es_no_reset(val_losses, patience, min_delta=0.0):  # "the count restarts"
    return _es_scan(val_losses, patience, min_delta, reset=False)


def _es_versus_previous(val_losses, patience, min_delta=0.0):  # U-curve, "count restarts"
    return _es_scan(val_losses, patience, min_delta,
                    improves=lambda loss, best, previous: loss < previous - min_delta)


def _es_ignores_min_delta(val_losses, patience, min_delta=0.0):  # the min_delta cases
    return _es_scan(val_losses, patience, 0.0)


def _es_running_minimum(val_losses, patience, min_delta=0.0):  # exact min_delta = 0.25 case
    # best follows every lower loss, even one that is not min_delta lower: from 0.5 the
    # loss 0.25 then moves best to 0.25, so 0.125 no longer improves by more than 0.25
    best, best_epoch, waited = math.inf, 0, 0
    for epoch, loss in enumerate(float(v) for v in val_losses):
        if loss < best - min_delta:
            best_epoch, waited = epoch, 0
        else:
            waited += 1
            if waited >= patience:
                return best_epoch, epoch
        best = min(best, loss)
    return best_epoch, len(val_losses) - 1


EARLY_STOPPING = Exercise(
    name="early_stopping",
    points=2,
    difficulty="medium",
    hints=(
        "Walk through the epochs once, keeping three things: best (the loss of the last "
        "improving epoch), that epoch's index, and how many epochs in a row have not "
        "improved.",
        "An epoch improves when loss < best - min_delta (strictly). Only then does its loss "
        "become best, and the count restarts at 0; otherwise the count grows by 1, and "
        "when it reaches patience, that epoch is where training stops.",
        "If the loop ends without stopping, stop_epoch is the last epoch. Reject "
        "patience < 1 and an empty list first, and return plain ints.",
    ),
    cases=_es_cases,
    errors=_es_errors,
    returns=("best_epoch", "stop_epoch"),
    misconceptions=(
        Misconception("looks like <= was used: an epoch improves only when its loss is "
                      "strictly below best - min_delta (a tie is no improvement)",
                      _es_less_equal),
        Misconception("looks like best_epoch is the argmin of the losses; it is the last "
                      "epoch that improved by more than min_delta", _es_argmin),
        Misconception("looks like training stopped one epoch early: it stops when the "
                      "count of epochs without improvement reaches patience", _es_one_early),
        Misconception("looks like training stopped one epoch late: it stops at the epoch "
                      "where the count reaches patience, not after one more",
                      _es_one_late),
        Misconception("looks like the count was not reset by an improvement; it counts "
                      "epochs without improvement in a row", _es_no_reset),
        Misconception("looks like each loss was compared with the previous epoch's; "
                      "compare with the best loss so far", _es_versus_previous),
        Misconception("looks like min_delta was ignored: an improvement must beat the best "
                      "by more than min_delta (loss < best - min_delta)",
                      _es_ignores_min_delta),
        Misconception("looks like best followed every lower loss (a running minimum); it "
                      "moves only when an epoch improves, by more than min_delta",
                      _es_running_minimum),
    ),
)


EXERCISES = [
    # in the curriculum's order
    BIAS_VARIANCE_DECOMPOSITION,
    POLYNOMIAL_FEATURES,
    RIDGE_FIT,
    RIDGE_EFFECTIVE_DOF,
    SOFT_THRESHOLD,
    LASSO_COORDINATE_DESCENT,
    LASSO_LAMBDA_MAX,
    MIN_NORM_LEAST_SQUARES,
    KFOLD_INDICES,
    SELECT_RIDGE_LAMBDA,
    VC_GENERALIZATION_BOUND,
    EARLY_STOPPING,
]
