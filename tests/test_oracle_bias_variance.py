"""The bias_variance reference solutions against independent oracles (scikit-learn, SciPy,
pandas, sacrebleu, closed forms) on random and edge-case inputs, plus literal values
worked out by hand."""

import math
import statistics
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import scipy.linalg
from sklearn.linear_model import Lasso, LinearRegression, Ridge
from sklearn.model_selection import KFold, cross_val_score
from sklearn.preprocessing import PolynomialFeatures

import reference.bias_variance as ref

RNG_SEEDS_A = [0, 1, 2]

# --- bias_variance_decomposition -----------------------------------------------------


def _exact_decomposition(predictions, f_true):
    """bias^2 and variance with exact rational arithmetic (statistics.pvariance)."""
    rows = [[Fraction(v) for v in row] for row in predictions.tolist()]
    f = [Fraction(v) for v in f_true.tolist()]
    columns = list(zip(*rows, strict=True))
    pbar = [statistics.mean(c) for c in columns]
    bias_sq = statistics.mean((p - t) ** 2 for p, t in zip(pbar, f, strict=True))
    variance = statistics.mean(statistics.pvariance(c) for c in columns)
    mse = statistics.mean((v - t) ** 2 for row in rows for v, t in zip(row, f, strict=True))
    return bias_sq, variance, mse


@pytest.mark.parametrize("seed", RNG_SEEDS_A)
@pytest.mark.parametrize("shape", [(7, 11), (2, 3), (1, 4), (30, 1)])
def test_bias_variance_matches_exact_fractions(seed, shape):
    rng = np.random.default_rng(seed)
    predictions = rng.normal(size=shape) + 0.5
    f_true = rng.normal(size=shape[1])
    bias_sq, variance, mse = _exact_decomposition(predictions, f_true)
    got = ref.bias_variance_decomposition(predictions, f_true)
    assert type(got[0]) is float
    assert type(got[1]) is float
    np.testing.assert_allclose(got, [float(bias_sq), float(variance)], rtol=1e-13, atol=1e-15)
    assert bias_sq + variance == mse  # the identity, exactly, in rationals
    assert got[0] + got[1] == pytest.approx(float(mse), rel=1e-13)


def test_bias_variance_large_offset_matches_exact_fractions():
    rng = np.random.default_rng(5)
    predictions = 1e8 + rng.normal(size=(40, 6))
    f_true = 1e8 + rng.normal(size=6)
    bias_sq, variance, _ = _exact_decomposition(predictions, f_true)
    got = ref.bias_variance_decomposition(predictions, f_true)
    np.testing.assert_allclose(got, [float(bias_sq), float(variance)], rtol=1e-7)


def test_bias_variance_bias_dominating_matches_exact_fractions():
    # bias_sq ~ 3e3 and variance ~ 1e-8: the variance must keep ~10 digits, which
    # MSE - bias_sq (a difference of two numbers ~3e3) cannot.
    rng = np.random.default_rng(7)
    x = np.linspace(-1.0, 1.0, 8)
    f_true = np.sin(3.0 * x)
    predictions = f_true + 100.0 * x**2 + 1e-4 * rng.normal(size=(20, 8))
    bias_sq, variance, _ = _exact_decomposition(predictions, f_true)
    got = ref.bias_variance_decomposition(predictions, f_true)
    np.testing.assert_allclose(got, [float(bias_sq), float(variance)], rtol=1e-8, atol=0)


def test_bias_variance_by_hand():
    # pbar = [2, 2]; bias^2 = ((2-1)^2 + (2-1)^2) / 2 = 1;
    # variances per point: [(1-2)^2 + (3-2)^2] / 2 = 1 and 0; mean 0.5.
    preds = np.array([[1.0, 2.0], [3.0, 2.0]])
    assert ref.bias_variance_decomposition(preds, np.array([1.0, 1.0])) == (1.0, 0.5)
    # One model: no variance; bias^2 = (0^2 + 2^2) / 2 = 2.
    assert ref.bias_variance_decomposition(np.array([[1.0, 3.0]]),
                                           np.array([1.0, 1.0])) == (2.0, 0.0)
    # Three models at one point with f = 0: pbar = 2, bias^2 = 4, variance = 8 / 3.
    bias_sq, variance = ref.bias_variance_decomposition(np.array([[0.0], [2.0], [4.0]]),
                                                        np.array([0.0]))
    assert bias_sq == 4.0
    assert variance == pytest.approx(8.0 / 3.0, rel=1e-15)

# --- polynomial_features -------------------------------------------------------------


@pytest.mark.parametrize("seed", RNG_SEEDS_A)
@pytest.mark.parametrize("degree", [0, 1, 3, 7])
def test_polynomial_features_match_sklearn(seed, degree):
    x = np.random.default_rng(seed).uniform(-2.0, 2.0, size=9)
    expected = PolynomialFeatures(degree=degree, include_bias=True).fit_transform(x[:, None])
    got = ref.polynomial_features(x, degree)
    assert got.shape == (9, degree + 1)
    np.testing.assert_allclose(got, expected, rtol=1e-14, atol=0)


def test_polynomial_features_match_exact_integer_powers():
    x = np.array([-3.0, 0.0, 1.0, 2.0, 5.0])
    expected = [[int(v) ** k for k in range(11)] for v in x]  # Python ints, exact
    assert ref.polynomial_features(x, 10).tolist() == expected
    assert ref.polynomial_features(np.array([-3, 0, 2]), 2).tolist() == [
        [1.0, -3.0, 9.0], [1.0, 0.0, 0.0], [1.0, 2.0, 4.0]]


def test_polynomial_features_edges_and_errors():
    assert ref.polynomial_features(np.array([0.0, 2.0]), 0).tolist() == [[1.0], [1.0]]
    assert ref.polynomial_features(np.zeros(0), 2).shape == (0, 3)
    with pytest.raises(ValueError, match="degree"):
        ref.polynomial_features(np.ones(3), -1)

# --- ridge_fit -----------------------------------------------------------------------


@pytest.mark.parametrize("seed", RNG_SEEDS_A)
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize(("n", "d", "lam"), [(30, 4, 1.0), (25, 3, 10.0), (6, 12, 0.5),
                                             (8, 1, 1e-3), (40, 5, 1e4)])
def test_ridge_fit_matches_sklearn_ridge(seed, fit_intercept, n, d, lam):
    rng = np.random.default_rng(seed)
    X = 5.0 + rng.normal(size=(n, d))
    y = 3.0 + X @ rng.normal(size=d) + 0.1 * rng.normal(size=n)
    model = Ridge(alpha=lam, fit_intercept=fit_intercept, solver="svd").fit(X, y)
    w, b = ref.ridge_fit(X, y, lam, fit_intercept=fit_intercept)
    assert isinstance(w, np.ndarray)
    assert w.shape == (d,)
    assert type(b) is float
    np.testing.assert_allclose(w, model.coef_, rtol=1e-9, atol=1e-12)
    assert b == pytest.approx(float(model.intercept_), rel=1e-9, abs=1e-10)
    if not fit_intercept:
        assert b == 0.0


@pytest.mark.parametrize("seed", RNG_SEEDS_A)
def test_ridge_fit_lam_zero_is_the_minimum_norm_least_squares_fit(seed):
    # LinearRegression centres X and y and solves with lstsq, which returns the
    # minimum-norm solution; pinv of the centred X is a second oracle.
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(10, 3))
    cases = [np.column_stack([X, X[:, 1]]),                     # duplicated column
             np.column_stack([X, np.full(10, 3.0)]),            # constant column
             rng.normal(size=(6, 12))]                          # d > n
    for X in cases:
        y = 3.0 + X @ rng.normal(size=X.shape[1]) + 0.1 * rng.normal(size=len(X))
        w, b = ref.ridge_fit(X, y, 0.0)
        model = LinearRegression().fit(X, y)
        np.testing.assert_allclose(w, model.coef_, rtol=1e-9, atol=1e-11)
        assert b == pytest.approx(float(model.intercept_), rel=1e-9)
        Xc = X - X.mean(axis=0)
        np.testing.assert_allclose(w, np.linalg.pinv(Xc) @ (y - y.mean()), rtol=1e-9,
                                   atol=1e-11)
        w0, b0 = ref.ridge_fit(X, y, 0.0, fit_intercept=False)
        np.testing.assert_allclose(w0, np.linalg.pinv(X) @ y, rtol=1e-9, atol=1e-11)
        assert b0 == 0.0


@pytest.mark.parametrize("seed", RNG_SEEDS_A)
def test_ridge_fit_lam_zero_far_from_scale_one_matches_linear_regression(seed):
    # The singular-value cutoff is relative: X at 1e-12 keeps every direction (w ~ 1e12),
    # and a duplicated column at 1e9 still gets the minimum-norm split.
    rng = np.random.default_rng(seed)
    X = 1.0 + rng.normal(size=(20, 3))
    y = 3.0 + X @ rng.normal(size=3) + 0.1 * rng.normal(size=20)
    for scaled in (1e-12 * X, 1e9 * np.column_stack([X, X[:, 0]])):
        w, b = ref.ridge_fit(scaled, y, 0.0)
        model = LinearRegression().fit(scaled, y)
        np.testing.assert_allclose(w, model.coef_, rtol=1e-7)
        assert b == pytest.approx(float(model.intercept_), rel=1e-7)


def test_ridge_fit_by_hand():
    X = np.array([[0.0], [1.0], [2.0]])
    y = np.array([1.0, 3.0, 5.0])
    # Centred: Xc = [-1, 0, 1], yc = [-2, 0, 2]; w = Xc.yc / (Xc.Xc + lam) = 4 / (2 + 2).
    w, b = ref.ridge_fit(X, y, 2.0)
    assert w.tolist() == pytest.approx([1.0])
    assert b == pytest.approx(2.0)  # 3 - 1 * 1
    # Penalising the intercept too would solve [[7, 3], [3, 5]] z = [13, 9]:
    # w = 19 / 13, b = 12 / 13, not (1, 2).
    A = np.column_stack([X, np.ones(3)])
    z = np.linalg.solve(A.T @ A + 2.0 * np.eye(2), A.T @ y)
    assert z.tolist() == pytest.approx([19 / 13, 12 / 13])
    assert abs(z[0] - w[0]) > 0.4
    # No intercept, lam = 0: w = X.y / X.X = 13 / 5.
    w, b = ref.ridge_fit(X, y, 0.0, fit_intercept=False)
    assert w.tolist() == pytest.approx([2.6])
    assert b == 0.0
    # Duplicated column, lam = 0: the minimum-norm w splits the slope 2 equally.
    w, b = ref.ridge_fit(np.column_stack([X, X]), y, 0.0)
    assert w.tolist() == pytest.approx([1.0, 1.0])
    assert b == pytest.approx(1.0)
    with pytest.raises(ValueError, match="lam"):
        ref.ridge_fit(X, y, -1e-12)

# --- ridge_effective_dof ---------------------------------------------------------------


@pytest.mark.parametrize("seed", RNG_SEEDS_A)
@pytest.mark.parametrize(("n", "d"), [(20, 5), (5, 8), (7, 7)])
@pytest.mark.parametrize("lam", [1e-3, 1.0, 50.0])
def test_ridge_effective_dof_is_the_hat_matrix_trace(seed, n, d, lam):
    X = 3.0 + np.random.default_rng(seed).normal(size=(n, d))
    hat = X @ scipy.linalg.solve(X.T @ X + lam * np.eye(d), X.T, assume_a="pos")
    got = ref.ridge_effective_dof(X, lam)
    assert type(got) is float
    assert got == pytest.approx(np.trace(hat), rel=1e-10)


@pytest.mark.parametrize("seed", RNG_SEEDS_A)
def test_ridge_effective_dof_at_lam_zero_is_matrix_rank(seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(12, 3))
    for M in [X, np.column_stack([X, X[:, 0]]), rng.normal(size=(5, 8)),
              np.outer(rng.normal(size=6), rng.normal(size=4)), 1e-12 * X, 1e9 * X]:
        assert ref.ridge_effective_dof(M, 0.0) == float(np.linalg.matrix_rank(M))
    assert ref.ridge_effective_dof(np.zeros((4, 3)), 0.0) == 0.0


@pytest.mark.parametrize("scale", [1.0, 1e-12, 1e9])
def test_ridge_effective_dof_cutoff_is_relative(scale):
    # diag(1, 0.5, t) in a 6 x 3 matrix: exact singular values, cutoff 6 eps * 1.
    cutoff = 6 * np.finfo(float).eps
    for factor, expected in [(1.01, 3.0), (0.99, 2.0), (0.7, 2.0), (0.4, 2.0)]:
        X = np.zeros((6, 3))
        X[[0, 1, 2], [0, 1, 2]] = scale * np.array([1.0, 0.5, factor * cutoff])
        assert ref.ridge_effective_dof(X, 0.0) == expected
        assert ref.ridge_effective_dof(X, 0.0) == float(np.linalg.matrix_rank(X))


def test_ridge_effective_dof_by_hand():
    X = np.array([[3.0, 0.0], [0.0, 1.0], [0.0, 0.0]])  # singular values 3 and 1
    assert ref.ridge_effective_dof(X, 1.0) == pytest.approx(9 / 10 + 1 / 2, rel=1e-15)
    assert ref.ridge_effective_dof(X, 3.0) == pytest.approx(9 / 12 + 1 / 4, rel=1e-15)
    assert ref.ridge_effective_dof(X, 0.0) == 2.0
    with pytest.raises(ValueError, match="lam"):
        ref.ridge_effective_dof(X, -1e-12)

# --- min_norm_least_squares ------------------------------------------------------------


def _min_norm_shapes(rng):
    X = rng.normal(size=(12, 3))
    return [rng.normal(size=(20, 4)), rng.normal(size=(5, 5)), rng.normal(size=(4, 10)),
            rng.normal(size=(1, 3)), np.column_stack([X, X[:, 2]]),
            rng.normal(size=(8, 2)) @ rng.normal(size=(2, 6)),
            rng.normal(size=(3, 2)) @ rng.normal(size=(2, 5)),
            1e9 * rng.normal(size=(5, 3)), 1e-12 * rng.normal(size=(3, 5))]


@pytest.mark.parametrize("seed", RNG_SEEDS_A)
def test_min_norm_least_squares_matches_pinv_and_lstsq(seed):
    rng = np.random.default_rng(seed)
    for X in _min_norm_shapes(rng):
        y = rng.normal(size=X.shape[0])
        got = ref.min_norm_least_squares(X, y)
        scale = 1.0 / np.linalg.norm(X, 2)
        assert got.shape == (X.shape[1],)
        # NumPy's pinv (given rtol) and lstsq (rcond=None) with the same relative cutoff,
        # max(n, d) * eps * s_max. (pinv's own default is still 1e-15 * s_max.)
        cond = max(X.shape) * np.finfo(float).eps
        np.testing.assert_allclose(got, np.linalg.pinv(X, rtol=cond) @ y, rtol=1e-9,
                                   atol=1e-11 * scale)
        np.testing.assert_allclose(got, np.linalg.lstsq(X, y, rcond=None)[0], rtol=1e-9,
                                   atol=1e-11 * scale)
        # SciPy's gelsd with the same cutoff is a third, independent solver.
        np.testing.assert_allclose(got, scipy.linalg.lstsq(X, y, cond=cond)[0], rtol=1e-8,
                                   atol=1e-11 * scale)


@pytest.mark.parametrize("seed", RNG_SEEDS_A)
def test_min_norm_least_squares_optimality_conditions(seed):
    # A least-squares solution: X^T (X w - y) = 0. Of minimum norm: w lies in the row
    # space of X, i.e. w is orthogonal to every null vector of X.
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(6, 2)) @ rng.normal(size=(2, 9))  # rank 2, 7-dim null space
    y = rng.normal(size=6)
    w = ref.min_norm_least_squares(X, y)
    np.testing.assert_allclose(X.T @ (X @ w - y), 0.0, atol=1e-10)
    null = scipy.linalg.null_space(X)
    assert null.shape[1] == 7
    np.testing.assert_allclose(null.T @ w, 0.0, atol=1e-12)


@pytest.mark.parametrize("scale", [1.0, 1e-12, 1e9])
def test_min_norm_least_squares_cutoff_is_relative(scale):
    cutoff = 6 * np.finfo(float).eps  # 6 x 3 diagonal, s_max = 1 before scaling
    y = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    for factor, kept in [(1.01, True), (0.99, False), (0.7, False), (0.4, False), (0.1, False)]:
        X = np.zeros((6, 3))
        X[[0, 1, 2], [0, 1, 2]] = scale * np.array([1.0, 0.5, factor * cutoff])
        expected = [1.0 / scale, 4.0 / scale, 3.0 / (scale * factor * cutoff) if kept else 0.0]
        np.testing.assert_allclose(ref.min_norm_least_squares(X, y), expected, rtol=1e-12)
        np.testing.assert_allclose(ref.min_norm_least_squares(X, y),
                                   np.linalg.pinv(X, rtol=6 * np.finfo(float).eps) @ y,
                                   rtol=1e-12)


def test_min_norm_least_squares_by_hand():
    # x1 + x2 = 2: the smallest solution is (1, 1).
    got = ref.min_norm_least_squares(np.array([[1.0, 1.0]]), np.array([2.0]))
    np.testing.assert_allclose(got, [1.0, 1.0], rtol=1e-14)
    # Overdetermined: 2 w = 4 and 0 w = 7 gives w = 2.
    assert ref.min_norm_least_squares(np.array([[2.0], [0.0]]),
                                      np.array([4.0, 7.0])).tolist() == [2.0]
    # Duplicated column [1, 1; 2, 2] w = [3, 6]: w1 + w2 = 3, smallest is (1.5, 1.5).
    got = ref.min_norm_least_squares(np.array([[1.0, 1.0], [2.0, 2.0]]), np.array([3.0, 6.0]))
    np.testing.assert_allclose(got, [1.5, 1.5], rtol=1e-14)
    assert ref.min_norm_least_squares(np.zeros((3, 2)), np.ones(3)).tolist() == [0.0, 0.0]

# --- kfold_indices ---------------------------------------------------------------------


@pytest.mark.parametrize("n_samples", [2, 3, 5, 10, 11, 23, 100, 101])
def test_kfold_indices_match_sklearn_kfold(n_samples):
    for n_folds in range(2, min(n_samples, 12) + 1):
        expected = list(KFold(n_splits=n_folds).split(np.zeros(n_samples)))
        got = ref.kfold_indices(n_samples, n_folds)
        assert isinstance(got, list)
        assert len(got) == n_folds
        for (train, val), (e_train, e_val) in zip(got, expected, strict=True):
            assert isinstance(train, np.ndarray)
            assert train.dtype.kind in "iu"
            assert val.dtype.kind in "iu"
            assert train.tolist() == e_train.tolist()
            assert val.tolist() == e_val.tolist()


@pytest.mark.parametrize(("n_samples", "n_folds"), [(10, 1), (10, 0), (10, 11), (2, 3)])
def test_kfold_indices_errors_agree_with_sklearn(n_samples, n_folds):
    with pytest.raises(ValueError, match="n_splits"):
        list(KFold(n_splits=n_folds).split(np.zeros(n_samples)))
    with pytest.raises(ValueError, match="n_folds"):
        ref.kfold_indices(n_samples, n_folds)


def test_kfold_indices_by_hand():
    # 10 = 4 + 3 + 3: the single extra sample goes to the first fold.
    folds = ref.kfold_indices(10, 3)
    assert [v.tolist() for _, v in folds] == [[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]]
    assert folds[1][0].tolist() == [0, 1, 2, 3, 7, 8, 9]
    # 11 = 3 + 3 + 3 + 2.
    assert [len(v) for _, v in ref.kfold_indices(11, 4)] == [3, 3, 3, 2]
    # Leave-one-out.
    assert [v.tolist() for _, v in ref.kfold_indices(3, 3)] == [[0], [1], [2]]

# --- select_ridge_lambda ---------------------------------------------------------------


@pytest.mark.parametrize("seed", RNG_SEEDS_A)
@pytest.mark.parametrize(("n", "d", "n_folds"), [(40, 3, 5), (23, 12, 5), (17, 2, 2),
                                                 (8, 2, 8), (31, 4, 7)])
def test_select_ridge_lambda_matches_sklearn_cross_val_score(seed, n, d, n_folds):
    rng = np.random.default_rng(seed)
    X = 1.0 + rng.normal(size=(n, d))
    y = 2.0 + X @ rng.normal(size=d) + rng.normal(size=n)
    lambdas = np.array([0.01, 0.3, 3.0, 30.0, 300.0])
    expected = np.array([
        -cross_val_score(Ridge(alpha=lam, solver="svd"), X, y, cv=KFold(n_splits=n_folds),
                         scoring="neg_mean_squared_error").mean()
        for lam in lambdas])
    best, cv_mse = ref.select_ridge_lambda(X, y, lambdas, n_folds=n_folds)
    np.testing.assert_allclose(cv_mse, expected, rtol=1e-9)
    assert type(best) is float
    assert best == lambdas[int(np.argmin(expected))]


def test_select_ridge_lambda_first_of_equal_minima():
    # A constant X: centred, it is 0, so w = 0 and every lambda predicts mean(y_train).
    rng = np.random.default_rng(0)
    X, y = np.full((14, 2), 3.0), rng.normal(size=14)
    best, cv_mse = ref.select_ridge_lambda(X, y, np.array([0.5, 2.0, 0.1]), n_folds=4)
    assert best == 0.5
    assert cv_mse[0] == cv_mse[1] == cv_mse[2]
    folds = KFold(n_splits=4).split(X)
    expected = np.mean([np.mean((y[v] - y[t].mean()) ** 2) for t, v in folds])
    assert cv_mse[0] == pytest.approx(expected, rel=1e-13)


def test_select_ridge_lambda_by_hand():
    # y = 2x + 1 on x = 0..3, 2 folds. lam = 0 fits each half exactly: CV error 0.
    # lam = 1 on the fold {2, 3}: Xc = [-1/2, 1/2], yc = [-1, 1], w = 1 / (1/2 + 1) = 2/3,
    # b = 6 - 5/2 * 2/3 = 13/3; errors at x = 0, 1: (10/3)^2 and 2^2, mean 68/9.
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    best, cv_mse = ref.select_ridge_lambda(X, 2.0 * X[:, 0] + 1.0, np.array([1.0, 0.0]),
                                           n_folds=2)
    assert best == 0.0
    np.testing.assert_allclose(cv_mse, [68 / 9, 0.0], atol=1e-12)


SEEDS_B = [0, 1, 2, 3]


@pytest.mark.parametrize("name", ["soft_threshold", "lasso_coordinate_descent",
                                  "lasso_lambda_max", "vc_generalization_bound",
                                  "early_stopping"])
def test_region_b_docstring_examples_run(name):
    import doctest  # local: region A may run the whole module's doctests on its own

    finder, runner = doctest.DocTestFinder(), doctest.DocTestRunner()
    (test,) = finder.find(getattr(ref, name), name, globs=dict(vars(ref)))
    runner.run(test)
    assert test.examples
    assert runner.failures == 0


# --- soft_threshold ----------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS_B)
@pytest.mark.parametrize("lam", [0.0, 0.3, 1.0, 5.0])
def test_soft_threshold_solves_the_one_dimensional_lasso(seed, lam):
    # S(z, lam) = argmin_x (x - z)^2 / 2 + lam |x|. Optimality (subgradient) conditions,
    # checked in exact rational arithmetic: x = 0 iff |z| <= lam; else x - z + lam sign(x) = 0.
    z = 2 * np.random.default_rng(seed).normal(size=50)
    z[:3] = [lam, -lam, 0.0]
    got = ref.soft_threshold(z, lam)
    assert got.shape == z.shape
    assert got.dtype == np.float64
    for zi, xi in zip(z.tolist(), got.tolist(), strict=True):
        if abs(zi) <= lam:
            assert xi == 0.0
        else:
            assert math.copysign(1.0, xi) == math.copysign(1.0, zi)
            exact = Fraction(xi) - Fraction(zi) + Fraction(lam) * (1 if xi > 0 else -1)
            assert abs(exact) <= abs(Fraction(zi)) * Fraction(2.0**-52)


@pytest.mark.parametrize("seed", SEEDS_B)
def test_soft_threshold_matches_sklearn_lasso_on_an_orthogonal_design(seed):
    # With X^T X / n = I the lasso decouples: w = S(X^T y / n, lam) coordinate by coordinate.
    rng = np.random.default_rng(seed)
    n, d, lam = 40, 6, 0.2
    q, _ = np.linalg.qr(rng.normal(size=(n, d)))
    X = q * math.sqrt(n)
    y = X @ rng.normal(scale=0.5, size=d) + 0.1 * rng.normal(size=n)
    model = Lasso(alpha=lam, fit_intercept=False, tol=1e-14, max_iter=100_000).fit(X, y)
    np.testing.assert_allclose(ref.soft_threshold(X.T @ y / n, lam), model.coef_,
                               rtol=1e-9, atol=1e-12)


def test_soft_threshold_by_hand():
    z = np.array([-3.0, -0.5, 0.0, 1.0, 2.5, 1.5, -1.5])
    assert ref.soft_threshold(z, 1.0).tolist() == [-2.0, 0.0, 0.0, 0.0, 1.5, 0.5, -0.5]
    assert ref.soft_threshold(z, 1.5).tolist() == [-1.5, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    # lam = 0 is the identity, and the result is a new array.
    got = ref.soft_threshold(z, 0.0)
    assert got.tolist() == z.tolist()
    assert not np.shares_memory(got, z)
    # 2-D input keeps its shape; no -0.0 comes out.
    got = ref.soft_threshold(np.array([[0.25, -0.25], [-4.0, 4.0]]), 0.5)
    assert got.tolist() == [[0.0, 0.0], [-3.5, 3.5]]
    assert not np.signbit(got[0]).any()
    assert z.tolist() == [-3.0, -0.5, 0.0, 1.0, 2.5, 1.5, -1.5]


@pytest.mark.parametrize("lam", [-1.0, -1e-12, -math.inf])
def test_soft_threshold_rejects_negative_lam(lam):
    with pytest.raises(ValueError, match="lam"):
        ref.soft_threshold(np.array([1.0, -2.0]), lam)


# --- lasso_coordinate_descent --------------------------------------------------------


def _sklearn_lasso(X, y, lam):
    return Lasso(alpha=lam, fit_intercept=False, tol=1e-15, max_iter=1_000_000).fit(X, y).coef_


def _kkt_violation(X, y, w, lam):
    """Largest breach of the lasso's optimality conditions, relative to lam (or 1):
    c_j = X_j . (y - X w) / n must equal lam sign(w_j) where w_j != 0, and lie in
    [-lam, lam] where w_j = 0."""
    c = X.T @ (y - X @ w) / len(y)
    breach = np.where(w != 0, np.abs(c - lam * np.sign(w)), np.maximum(np.abs(c) - lam, 0))
    return float(np.max(breach, initial=0.0)) / max(lam, 1.0)


def _sparse_problem(rng, n, d, k, mixing=0.0):
    X = rng.normal(size=(n, d))
    X = math.sqrt(1 - mixing) * X + math.sqrt(mixing) * rng.normal(size=(n, 1))
    w = np.zeros(d)
    w[:k] = rng.uniform(1, 2, size=k) * rng.choice([-1, 1], size=k)
    return X, X @ w + 0.2 * rng.normal(size=n)


@pytest.mark.parametrize("seed", SEEDS_B)
@pytest.mark.parametrize(("n", "d", "k", "mixing", "fraction"), [
    (50, 8, 3, 0.0, 0.1), (80, 12, 4, 0.4, 0.3), (30, 40, 3, 0.0, 0.2), (40, 5, 5, 0.2, 0.01)])
def test_lasso_matches_sklearn_and_satisfies_kkt(seed, n, d, k, mixing, fraction):
    rng = np.random.default_rng(seed)
    X, y = _sparse_problem(rng, n, d, k, mixing)
    lam = fraction * np.max(np.abs(X.T @ y)) / n
    X0, y0 = X.copy(), y.copy()
    w = ref.lasso_coordinate_descent(X, y, lam)
    assert w.shape == (d,)
    assert w.dtype == np.float64
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)
    assert _kkt_violation(X, y, w, lam) <= 1e-9
    expected = _sklearn_lasso(X, y, lam)
    np.testing.assert_allclose(w, expected, rtol=0, atol=1e-7)
    # The same exact zeros as scikit-learn's solver.
    np.testing.assert_array_equal(w == 0, expected == 0)


def test_lasso_zero_column_and_all_zero_solution():
    rng = np.random.default_rng(5)
    X, y = _sparse_problem(rng, 30, 5, 2)
    X[:, 3] = 0.0
    lam = 0.05 * np.max(np.abs(X.T @ y)) / 30
    w = ref.lasso_coordinate_descent(X, y, lam)
    assert np.all(np.isfinite(w))
    assert w[3] == 0.0
    np.testing.assert_allclose(w, _sklearn_lasso(X, y, lam), rtol=0, atol=1e-7)
    # At or above lam_max every coefficient is exactly 0.
    lam_max = np.max(np.abs(X.T @ y)) / 30
    assert ref.lasso_coordinate_descent(X, y, lam_max).tolist() == [0.0] * 5


@pytest.mark.parametrize("seed", range(12))
def test_lasso_grader_cases_have_a_clear_zero_pattern(seed):
    # The graders demand the minimiser's exact zeros from any converging CD; that is fair
    # only when no coordinate sits on the edge: |c_j| clearly below lam where w_j = 0 and
    # w_j clearly away from 0 elsewhere. scikit-learn must agree on every case, zeros too.
    from graders.bias_variance import LASSO_COORDINATE_DESCENT as ex
    from graders.engine import case_rng

    for case in ex.cases(case_rng(seed, ex.name)):
        X, y, lam = case.args["X"], case.args["y"], case.args["lam"]
        w = ref.lasso_coordinate_descent(**case.args)
        assert _kkt_violation(X, y, w, lam) <= 1e-9, case.label
        c = X.T @ (y - X @ w) / len(y)
        live = np.any(X != 0, axis=0)
        if lam > 0:
            assert np.all(np.abs(c[(w == 0) & live]) <= 0.995 * lam), case.label
        assert np.all(np.abs(w[w != 0]) >= 1e-3), case.label
        if lam > 0:
            expected = _sklearn_lasso(X, y, lam)
            np.testing.assert_allclose(w, expected, rtol=0, atol=1e-8, err_msg=case.label)
            np.testing.assert_array_equal(w == 0, expected == 0, err_msg=case.label)


def test_lasso_by_hand():
    # Orthogonal columns: w_j = S(X_j . y / n, lam) / (||X_j||^2 / n) in one sweep.
    # X_0 . y / n = 4/4 = 1 and ||X_0||^2 / n = 1/2: S(1, 0.25) / 0.5 = 1.5;
    # X_1 . y / n = 0.1 <= 0.25: exactly 0.
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0]])
    y = np.array([2.0, 0.2, 2.0, 0.2])
    assert ref.lasso_coordinate_descent(X, y, 0.25).tolist() == [1.5, 0.0]
    assert ref.lasso_coordinate_descent(X, y, 0.25, num_iters=1).tolist() == [1.5, 0.0]
    # lam = 0, one feature: least squares, w = X . y / ||X||^2 = 10 / 5 = 2.
    assert ref.lasso_coordinate_descent(np.array([[1.0], [2.0]]), np.array([2.0, 4.0]),
                                        0.0).tolist() == [2.0]
    # num_iters = 0: no sweep at all, w stays 0.
    assert ref.lasso_coordinate_descent(X, y, 0.25, num_iters=0).tolist() == [0.0, 0.0]


# --- lasso_lambda_max ----------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS_B)
@pytest.mark.parametrize(("n", "d"), [(40, 6), (15, 30), (60, 1)])
def test_lambda_max_is_where_sklearn_lasso_leaves_zero(seed, n, d):
    rng = np.random.default_rng(seed)
    X, y = _sparse_problem(rng, n, d, min(d, 2), mixing=0.3)
    lam_max = ref.lasso_lambda_max(X, y)
    assert isinstance(lam_max, float)
    # At lam_max every coefficient is 0 (scikit-learn and the reference agree) ...
    assert np.all(_sklearn_lasso(X, y, lam_max) == 0)
    # (The CD recomputes X_j . y column by column; at exactly lam_max a last-bit
    # difference in that sum may let a 1e-17 coefficient through, hence the 1e-12.)
    assert np.all(ref.lasso_coordinate_descent(X, y, lam_max * (1 + 1e-12)) == 0)
    # ... and slightly below it one coefficient leaves 0.
    assert np.any(_sklearn_lasso(X, y, lam_max * (1 - 1e-4)) != 0)
    assert np.any(ref.lasso_coordinate_descent(X, y, lam_max * (1 - 1e-4)) != 0)


@pytest.mark.parametrize("seed", SEEDS_B)
def test_lambda_max_matches_exact_rational_arithmetic(seed):
    rng = np.random.default_rng(seed)
    X, y = rng.normal(size=(12, 5)), rng.normal(size=12)
    X[:, 3] = -4 * y  # the largest correlation is a negative one
    exact = max(abs(sum(Fraction(a) * Fraction(b) for a, b in zip(X[:, j], y, strict=True)))
                for j in range(5)) / 12
    assert ref.lasso_lambda_max(X, y) == pytest.approx(float(exact), rel=1e-14)


def test_lambda_max_by_hand():
    # X^T y = [1, -1] (1*1 + 0*3, 2*1 - 1*3); max abs / n = 1 / 2.
    X = np.array([[1.0, 2.0], [0.0, -1.0]])
    assert ref.lasso_lambda_max(X, np.array([1.0, 3.0])) == 0.5
    # X^T y = [-6]: abs matters.
    assert ref.lasso_lambda_max(np.array([[1.0], [2.0]]), np.array([0.0, -3.0])) == 3.0
    assert ref.lasso_lambda_max(np.ones((4, 3)), np.zeros(4)) == 0.0


# --- vc_generalization_bound ---------------------------------------------------------


def _vc_mpmath(n, vc_dim, delta):
    """The bound evaluated literally, (2n)^d included, in 60-digit arithmetic."""
    with mpmath.workdps(60):
        n, delta = mpmath.mpf(n), mpmath.mpf(delta)
        return float(mpmath.sqrt(8 / n * mpmath.log(4 * ((2 * n) ** vc_dim + 1) / delta)))


@pytest.mark.parametrize(("n", "vc_dim", "delta"), [
    (1, 0, 0.5), (1, 1, 0.5), (1, 3, 1e-3), (2, 1, 0.2), (10, 3, 0.05), (1000, 10, 0.05),
    (50, 400, 0.01), (10**6, 50, 0.1), (1e12, 10000, 0.05), (10**12, 10000, 1e-300),
    (1e15, 10**6, 0.5), (200, 5, 1e-300), (100, 2, 1 - 2**-53), (7, 0, 5e-324)])
def test_vc_bound_matches_mpmath(n, vc_dim, delta):
    got = ref.vc_generalization_bound(n, vc_dim, delta)
    assert isinstance(got, float)
    assert math.isfinite(got)
    assert got == pytest.approx(_vc_mpmath(n, vc_dim, delta), rel=1e-13)


@pytest.mark.parametrize("seed", SEEDS_B)
def test_vc_bound_matches_mpmath_on_random_arguments(seed):
    rng = np.random.default_rng(seed)
    for _ in range(25):
        n = int(rng.integers(1, 10**9))
        vc_dim = int(rng.integers(0, 3000))
        delta = float(rng.uniform(1e-6, 1 - 1e-6))
        assert ref.vc_generalization_bound(n, vc_dim, delta) == pytest.approx(
            _vc_mpmath(n, vc_dim, delta), rel=1e-13)


def test_vc_bound_by_hand():
    # vc_dim = 0: growth bound 1 + 1 = 2, so sqrt((8/n) ln(8/delta)).
    assert ref.vc_generalization_bound(1000, 0, 0.05) == pytest.approx(
        math.sqrt(0.008 * math.log(160)), rel=1e-15)
    # n = 1, d = 1, delta = 0.5: sqrt(8 ln(4 * 3 / 0.5)) = sqrt(8 ln 24).
    assert ref.vc_generalization_bound(1, 1, 0.5) == pytest.approx(
        math.sqrt(8 * math.log(24)), rel=1e-15)
    # n = 2, d = 2, delta = 0.25: (2n)^d + 1 = 17, so sqrt(4 ln(4 * 17 * 4)) = 2 sqrt(ln 272).
    assert ref.vc_generalization_bound(2, 2, 0.25) == pytest.approx(
        2 * math.sqrt(math.log(272)), rel=1e-15)
    # The bound shrinks as n grows and grows with vc_dim.
    assert (ref.vc_generalization_bound(10**6, 10, 0.05)
            < ref.vc_generalization_bound(10**4, 10, 0.05)
            < ref.vc_generalization_bound(10**4, 20, 0.05))


@pytest.mark.parametrize(("n", "vc_dim", "delta", "name"), [
    (0, 3, 0.05, "n"), (0.5, 3, 0.05, "n"), (-4, 3, 0.05, "n"),
    (1 - 1e-12, 3, 0.05, "n"), (100, -1, 0.05, "vc_dim"),
    (100, 3, 0.0, "delta"), (100, 3, 1.0, "delta"), (100, 3, 1.5, "delta"),
    (100, 3, -0.1, "delta")])
def test_vc_bound_rejects_each_bad_argument(n, vc_dim, delta, name):
    with pytest.raises(ValueError, match=name):
        ref.vc_generalization_bound(n, vc_dim, delta)


def test_vc_bound_accepts_the_boundaries():
    assert math.isfinite(ref.vc_generalization_bound(1, 0, 0.5))
    assert math.isfinite(ref.vc_generalization_bound(100, 3, 1 - 2**-53))
    assert math.isfinite(ref.vc_generalization_bound(100, 3, 5e-324))


# --- early_stopping --------------------------------------------------------------------


def _early_stopping_brute_force(losses, patience, min_delta):
    """From the definitions, in exact rational arithmetic: the set of improving epochs
    first, then the first epoch closing a window of `patience` non-improving epochs."""
    improving = []
    for i, loss in enumerate(losses):
        if not improving or (Fraction(loss) < Fraction(losses[improving[-1]])
                             - Fraction(min_delta)):
            improving.append(i)
    for e in range(patience - 1, len(losses)):
        window = range(e - patience + 1, e + 1)
        if not any(j in improving for j in window):
            return max(j for j in improving if j <= e), e
    return improving[-1], len(losses) - 1


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("min_delta", [0.0, 0.01, 0.125])
def test_early_stopping_matches_brute_force(seed, min_delta):
    rng = np.random.default_rng(seed)
    for _ in range(40):
        n = int(rng.integers(1, 40))
        losses = 1.0 + np.cumsum(rng.normal(scale=0.05, size=n))
        if rng.random() < 0.5:  # coarse dyadic losses: ties and exact-min_delta steps
            losses = np.round(losses * 8) / 8
        patience = int(rng.integers(1, 6))
        got = ref.early_stopping(losses, patience, min_delta)
        assert type(got) is tuple
        assert all(type(v) is int for v in got)
        assert got == _early_stopping_brute_force(losses.tolist(), patience, min_delta)


def test_early_stopping_by_hand():
    es = ref.early_stopping
    # e3 and e4 do not improve on 0.7; the count reaches 2 at e4.
    assert es(np.array([1.0, 0.8, 0.7, 0.75, 0.72, 0.9]), patience=2) == (2, 4)
    # An improvement of exactly min_delta does not count: 0.25 is not < 0.5 - 0.25.
    assert es(np.array([0.5, 0.25, 0.125]), patience=1, min_delta=0.25) == (0, 1)
    assert es(np.array([0.5, 0.25, 0.125]), patience=2, min_delta=0.25) == (2, 2)
    # A repeated best is no improvement.
    assert es(np.array([1.0, 0.5, 0.5, 0.5, 0.25]), patience=2) == (1, 3)
    # min_delta > 0: the argmin (0.38 at e5) is never reached; best_epoch is 1.
    assert es(np.array([1.0, 0.5, 0.45, 0.4, 0.42, 0.38]), 3, 0.125) == (1, 4)
    # Never stops; a single epoch.
    assert es(np.array([3.0, 2.0, 1.0]), patience=1) == (2, 2)
    assert es(np.array([0.7]), patience=5) == (0, 0)


@pytest.mark.parametrize(("losses", "patience"), [([1.0, 0.5], 0), ([1.0, 0.5], -1),
                                                  ([], 3)])
def test_early_stopping_rejects_bad_arguments(losses, patience):
    with pytest.raises(ValueError, match=r"patience|val_losses"):
        ref.early_stopping(np.array(losses, dtype=float), patience)
