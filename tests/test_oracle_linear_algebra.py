"""The linear_algebra reference against independent oracles, plus values worked out by hand."""

import doctest

import numpy as np
import pytest
from scipy import special
from scipy.spatial import distance
from sklearn import decomposition

import reference.linear_algebra as ref
from graders.functions import build
from graders.linear_algebra import _qr_classical

SEEDS = [0, 1, 2]


def _orthonormal(rng, m, n):
    q, r = np.linalg.qr(rng.normal(size=(m, n)))
    return q * np.sign(np.diag(r))


def _with_singular_values(rng, m, n, s):
    return (_orthonormal(rng, m, n) * np.asarray(s)) @ _orthonormal(rng, n, n).T


def _symmetric(rng, eigenvalues):
    q = _orthonormal(rng, len(eigenvalues), len(eigenvalues))
    M = (q * np.asarray(eigenvalues)) @ q.T
    return (M + M.T) / 2


def _largest_entry_positive(v):
    return v[np.argmax(np.abs(v))] > 0


def test_doctests_pass():
    result = doctest.testmod(ref)
    assert result.attempted >= 20
    assert result.failed == 0


# --- matmul --------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", [(3, 4, 2), (5, 5, 5), (1, 6, 1), (4, 1, 3), (7, 2, 9)])
def test_matmul_matches_numpy(seed, shape):
    rng = np.random.default_rng(seed)
    n, m, p = shape
    A, B = rng.normal(size=(n, m)), rng.normal(size=(m, p))
    got = ref.matmul(A, B)
    assert got.shape == (n, p)
    np.testing.assert_allclose(got, np.matmul(A, B), rtol=1e-12, atol=1e-12)


def test_matmul_by_hand():
    A = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    B = np.array([[7.0, 8.0], [9.0, 10.0], [11.0, 12.0]])
    # 1*7 + 2*9 + 3*11 = 58, 1*8 + 2*10 + 3*12 = 64, 4*7 + 5*9 + 6*11 = 139, ... = 154
    assert ref.matmul(A, B).tolist() == [[58.0, 64.0], [139.0, 154.0]]


@pytest.mark.parametrize(("a", "b"), [((2, 1), (3, 4)), ((3,), (3, 2)), ((2, 3), (3,)),
                                      ((3,), (3,)), ((2, 2, 2), (2, 2))])
def test_matmul_rejects_bad_shapes(a, b):
    with pytest.raises(ValueError, match="`A`"):
        ref.matmul(np.ones(a), np.ones(b))


def test_matmul_leaves_inputs_alone():
    A, B = np.arange(6.0).reshape(2, 3), np.arange(6.0).reshape(3, 2)
    ref.matmul(A, B)
    assert A.tolist() == [[0, 1, 2], [3, 4, 5]]
    assert B.tolist() == [[0, 1], [2, 3], [4, 5]]


# --- cosine_similarity_matrix ------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_cosine_matches_scipy_cdist(seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(6, 5)) * rng.uniform(1e-3, 1e3, size=(6, 1))
    Y = rng.normal(size=(4, 5))
    expected = 1.0 - distance.cdist(X, Y, metric="cosine")
    np.testing.assert_allclose(ref.cosine_similarity_matrix(X, Y), expected, rtol=0, atol=1e-12)


def test_cosine_zero_rows_score_zero():
    rng = np.random.default_rng(3)
    X, Y = rng.normal(size=(3, 4)), rng.normal(size=(5, 4))
    X[1], Y[4] = 0.0, 0.0
    S = ref.cosine_similarity_matrix(X, Y)
    assert np.all(S[1] == 0.0)
    assert np.all(S[:, 4] == 0.0)
    keep_x, keep_y = [0, 2], [0, 1, 2, 3]
    np.testing.assert_allclose(S[np.ix_(keep_x, keep_y)],
                               1.0 - distance.cdist(X[keep_x], Y[keep_y], "cosine"), atol=1e-12)


def test_cosine_is_clipped_to_plus_minus_one():
    X = np.array([[1.0, 1.0, 1.0], [0.1, 0.2, 0.3]])
    S = ref.cosine_similarity_matrix(X, np.vstack([3.0 * X, -X]))
    # Unclipped, [1, 1, 1] against itself rounds to 1.0000000000000002.
    assert np.max(np.abs(S)) <= 1.0
    assert S[0, 0] == 1.0
    assert S[0, 2] == -1.0


def test_cosine_by_hand():
    S = ref.cosine_similarity_matrix(np.array([[1.0, 0.0], [3.0, 4.0]]),
                                     np.array([[1.0, 1.0], [0.0, 2.0]]))
    np.testing.assert_allclose(S, [[1 / np.sqrt(2), 0.0], [7 / (5 * np.sqrt(2)), 0.8]],
                               atol=1e-15)


def test_cosine_rejects_different_widths():
    with pytest.raises(ValueError, match="width"):
        ref.cosine_similarity_matrix(np.ones((2, 3)), np.ones((2, 4)))


# --- power_iteration ---------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("eigenvalues", [
    [5.0, 2.0, 1.0, -1.0, 0.5],
    [-8.0, 4.0, 2.0, 1.0, -0.5],          # a negative dominant eigenvalue
    [10.0, -9.5, 4.0, 2.0, 1.0, -3.0],    # slow: ratio 0.95
])
def test_power_iteration_matches_eigh(seed, eigenvalues):
    A = _symmetric(np.random.default_rng(seed), eigenvalues)
    values, vectors = np.linalg.eigh(A)
    i = np.argmax(np.abs(values))
    value, vector = ref.power_iteration(A)
    assert value == pytest.approx(values[i], rel=1e-10)
    expected = vectors[:, i] if _largest_entry_positive(vectors[:, i]) else -vectors[:, i]
    np.testing.assert_allclose(vector, expected, atol=1e-7)
    assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-12)
    assert _largest_entry_positive(vector)


def test_power_iteration_negative_sum_eigenvector_keeps_largest_entry_positive():
    rng = np.random.default_rng(5)
    first = np.array([3.0, -1.0, -1.2, -1.0, -1.5])
    basis = rng.normal(size=(5, 5))
    basis[:, 0] = first
    q, _ = np.linalg.qr(basis)
    A = (q * np.array([6.0, 3.0, -2.0, 1.0, 0.5])) @ q.T
    value, vector = ref.power_iteration((A + A.T) / 2)
    assert value == pytest.approx(6.0, rel=1e-10)
    np.testing.assert_allclose(vector, first / np.linalg.norm(first), atol=1e-7)
    assert vector.sum() < 0


def test_power_iteration_by_hand():
    value, vector = ref.power_iteration(np.array([[2.0, 1.0], [1.0, 2.0]]))
    assert value == pytest.approx(3.0, rel=1e-12)
    np.testing.assert_allclose(vector, [2**-0.5, 2**-0.5], atol=1e-9)
    value, vector = ref.power_iteration(np.array([[-3.0]]))
    assert (value, vector.tolist()) == (-3.0, [1.0])


@pytest.mark.parametrize("A", [np.ones((2, 3)), np.array([[1.0, 2.0], [0.0, 1.0]])])
def test_power_iteration_rejects_non_symmetric(A):
    with pytest.raises(ValueError, match="`A`"):
        ref.power_iteration(A)


# "Symmetric" is max abs(M - M.T) <= 1e-10 * max abs(M): relative to the largest entry,
# at every scale. (scale, relative asymmetry, accepted?) around that boundary.
_SYMMETRY_BOUNDARY = [(1.0, 2.2e-16, True), (1.0, 5e-11, True), (1.0, 3e-10, False),
                      (1e9, 5e-11, True), (1e9, 3e-10, False),
                      (1e-12, 5e-11, True), (1e-12, 1e-8, False)]


def _asymmetric(rng, scale, relative):
    M = scale * _symmetric(rng, [4.0, 2.0, -1.0, 0.5])
    M[0, 2] += relative * np.max(np.abs(M))
    return M


@pytest.mark.parametrize(("scale", "relative", "accepted"), _SYMMETRY_BOUNDARY)
def test_power_iteration_symmetry_tolerance_is_relative(scale, relative, accepted):
    A = _asymmetric(np.random.default_rng(0), scale, relative)
    assert (np.max(np.abs(A - A.T)) <= 1e-10 * np.max(np.abs(A))) == accepted  # the rule
    if not accepted:
        with pytest.raises(ValueError, match="symmetric"):
            ref.power_iteration(A)
        return
    value, vector = ref.power_iteration(A)
    values = np.linalg.eigvalsh((A + A.T) / 2)
    assert value == pytest.approx(values[np.argmax(np.abs(values))], rel=1e-8)


def test_power_iteration_on_a_tiny_matrix_is_not_stopped_by_its_size():
    A = 1e-12 * _symmetric(np.random.default_rng(1), [5.0, 2.0, -1.0, 0.3])
    values, vectors = np.linalg.eigh(A)
    value, vector = ref.power_iteration(A)
    assert value == pytest.approx(values[-1], rel=1e-10, abs=0.0)
    expected = vectors[:, -1] if _largest_entry_positive(vectors[:, -1]) else -vectors[:, -1]
    np.testing.assert_allclose(vector, expected, atol=1e-7)


# --- pca -----------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("n", "d", "k"), [(40, 5, 2), (40, 5, 5), (6, 10, 3), (2, 3, 1)])
def test_pca_matches_scikit_learn(seed, n, d, k):
    rng = np.random.default_rng(seed)
    X = (rng.normal(size=(n, d)) * np.linspace(4.0, 0.5, d)) @ _orthonormal(rng, d, d).T + 3.0
    components, variance, projected = ref.pca(X, k)
    model = decomposition.PCA(n_components=k, svd_solver="full").fit(X)
    signs = np.sign(np.sum(components * model.components_, axis=1))
    assert np.all(np.abs(signs) == 1)
    np.testing.assert_allclose(components, signs[:, None] * model.components_, atol=1e-9)
    np.testing.assert_allclose(variance, model.explained_variance_, rtol=1e-9)
    np.testing.assert_allclose(projected, model.transform(X) * signs, atol=1e-9)
    assert all(_largest_entry_positive(c) for c in components)
    np.testing.assert_allclose(components @ components.T, np.eye(k), atol=1e-12)


def test_pca_by_hand():
    X = np.array([[0.0, 0.0], [2.0, 0.0], [4.0, 0.0], [6.0, 0.0]])
    components, variance, projected = ref.pca(X, 1)
    # Centred x = -3, -1, 1, 3: variance (9 + 1 + 1 + 9) / 3 = 20/3, all along (1, 0).
    np.testing.assert_allclose(components, [[1.0, 0.0]], atol=1e-15)
    assert variance[0] == pytest.approx(20.0 / 3.0, rel=1e-14)
    np.testing.assert_allclose(projected.ravel(), [-3.0, -1.0, 1.0, 3.0], atol=1e-14)


@pytest.mark.parametrize(("shape", "k"), [((1, 3), 1), ((5, 3), 0), ((5, 3), 4), ((2, 6), 3)])
def test_pca_rejects_bad_n_or_k(shape, k):
    with pytest.raises(ValueError, match=r"`X`|`k`"):
        ref.pca(np.random.default_rng(0).normal(size=shape), k)


def test_pca_far_from_the_origin_matches_scikit_learn_on_the_shifted_data():
    # Offset 1e8: entries carry rounding of ~1e-8 each, so agreement is to ~1e-7.
    rng = np.random.default_rng(9)
    X = rng.normal(size=(40, 3)) * [5.0, 3.0, 1.0] + 1e8
    components, variance, projected = ref.pca(X, 2)
    model = decomposition.PCA(n_components=2, svd_solver="full").fit(X)
    signs = np.where(np.sum(model.components_ * components, axis=1) < 0, -1.0, 1.0)
    np.testing.assert_allclose(components, model.components_ * signs[:, None], atol=1e-6)
    np.testing.assert_allclose(variance, model.explained_variance_, rtol=1e-6)
    np.testing.assert_allclose(projected, model.transform(X) * signs, atol=1e-6)


# --- low_rank_approximation --------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("m", "n", "k"), [(8, 5, 2), (4, 7, 3), (6, 6, 0), (5, 3, 3)])
def test_low_rank_meets_eckart_young(seed, m, n, k):
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(m, n))
    Ak = ref.low_rank_approximation(A, k)
    s = np.linalg.svd(A, compute_uv=False)
    assert np.linalg.matrix_rank(Ak) <= k
    # ||A - A_k||_F^2 = sum of the discarded singular values squared.
    assert np.linalg.norm(A - Ak) ** 2 == pytest.approx(np.sum(s[k:] ** 2), rel=1e-9, abs=1e-20)
    # The kept part has exactly the k largest singular values.
    np.testing.assert_allclose(np.linalg.svd(Ak, compute_uv=False)[:k], s[:k], rtol=1e-10)
    # No random rank-k matrix does better.
    for _ in range(5):
        B = rng.normal(size=(m, k)) @ rng.normal(size=(k, n))
        assert np.linalg.norm(A - B) >= np.linalg.norm(A - Ak)


def test_low_rank_by_hand():
    A = np.array([[3.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    assert ref.low_rank_approximation(A, 1).tolist() == [[3.0, 0.0], [0.0, 0.0], [0.0, 0.0]]
    assert not ref.low_rank_approximation(A, 0).any()


@pytest.mark.parametrize(("shape", "k"), [((3, 4), -1), ((3, 4), 4), ((5, 3), 4)])
def test_low_rank_rejects_bad_k(shape, k):
    with pytest.raises(ValueError, match="`k`"):
        ref.low_rank_approximation(np.ones(shape), k)


def test_low_rank_keeps_k_terms_of_a_tiny_matrix():
    s = np.array([4e-12, 2e-12, 1e-12, 5e-13])
    A = _with_singular_values(np.random.default_rng(6), 6, 4, s)
    Ak = ref.low_rank_approximation(A, 2)
    np.testing.assert_allclose(np.linalg.svd(Ak, compute_uv=False)[:2], s[:2], rtol=1e-10)
    assert np.linalg.norm(A - Ak) == pytest.approx(np.linalg.norm(s[2:]), rel=1e-9)


# --- least_squares -----------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("n", "d"), [(20, 4), (30, 5), (5, 5), (10, 1)])
def test_least_squares_matches_lstsq(seed, n, d):
    rng = np.random.default_rng(seed)
    X, y = rng.normal(size=(n, d)), rng.normal(size=n)
    np.testing.assert_allclose(ref.least_squares(X, y), np.linalg.lstsq(X, y, rcond=None)[0],
                               rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ref.least_squares(X, y), np.linalg.pinv(X) @ y,
                               rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_least_squares_is_accurate_at_cond_1e7_where_normal_equations_are_not(seed):
    rng = np.random.default_rng(seed)
    X = _with_singular_values(rng, 30, 6, np.logspace(0, -7, 6))
    assert np.linalg.cond(X) == pytest.approx(1e7, rel=1e-3)
    w_true = rng.normal(size=6)
    y = X @ w_true
    error = np.linalg.norm(ref.least_squares(X, y) - w_true) / np.linalg.norm(w_true)
    assert error <= 1e-6
    normal = np.linalg.solve(X.T @ X, X.T @ y)
    assert np.linalg.norm(normal - w_true) / np.linalg.norm(w_true) > 1e-5  # the case bites


@pytest.mark.parametrize("scale", [1e-12, 1e9])
def test_least_squares_at_any_scale_matches_lstsq(scale):
    rng = np.random.default_rng(8)
    X = rng.normal(size=(12, 3)) * scale
    y = X @ rng.normal(size=3) + rng.normal(size=12) * scale / 10
    expected = np.linalg.lstsq(X, y, rcond=None)[0]
    np.testing.assert_allclose(ref.least_squares(X, y), expected, rtol=1e-10)


def test_least_squares_by_hand():
    # y = 1 + 2 x through (0, 1), (1, 3), (2, 5) exactly; and a mean for one column of 1s.
    X = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]])
    np.testing.assert_allclose(ref.least_squares(X, np.array([1.0, 3.0, 5.0])), [1.0, 2.0],
                               atol=1e-14)
    assert ref.least_squares(np.ones((4, 1)), np.array([1.0, 2.0, 3.0, 6.0]))[0] == (
        pytest.approx(3.0, rel=1e-14))


# --- gram_schmidt_qr ---------------------------------------------------------------


def _check_qr(A, Q, R, orthogonality):
    m, n = A.shape
    assert Q.shape == (m, n)
    assert R.shape == (n, n)
    assert np.all(np.tril(R, -1) == 0.0)
    assert np.all(np.diag(R) > 0)
    assert np.max(np.abs(Q.T @ Q - np.eye(n))) <= orthogonality
    np.testing.assert_allclose(Q @ R, A, atol=1e-12 * np.abs(A).max())


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", [(6, 4), (5, 5), (5, 1), (20, 8)])
def test_gram_schmidt_matches_numpy_qr_up_to_signs(seed, shape):
    A = np.random.default_rng(seed).normal(size=shape)
    Q, R = ref.gram_schmidt_qr(A)
    q, r = np.linalg.qr(A)
    signs = np.sign(np.diag(r))
    np.testing.assert_allclose(Q, q * signs, atol=1e-12)
    np.testing.assert_allclose(R, r * signs[:, None], atol=1e-12)
    _check_qr(A, Q, R, 1e-13)


@pytest.mark.parametrize("seed", SEEDS)
def test_gram_schmidt_stays_orthogonal_at_cond_1e6(seed):
    A = _with_singular_values(np.random.default_rng(seed), 30, 10, np.logspace(0, -6, 10))
    Q, R = ref.gram_schmidt_qr(A)
    _check_qr(A, Q, R, 1e-8)
    q, r = np.linalg.qr(A)
    np.testing.assert_allclose(Q, q * np.sign(np.diag(r)), atol=1e-8)
    classical, _ = _qr_classical(A)  # the case bites: classical Gram-Schmidt fails it
    assert np.max(np.abs(classical.T @ classical - np.eye(10))) > 1e-7


def test_gram_schmidt_by_hand():
    # a_0 = (3, 4): norm 5, q_0 = (0.6, 0.8). a_1 = (1, 2): q_0 . a_1 = 2.2,
    # a_1 - 2.2 q_0 = (-0.32, 0.24), norm 0.4, q_1 = (-0.8, 0.6).
    Q, R = ref.gram_schmidt_qr(np.array([[3.0, 1.0], [4.0, 2.0]]))
    np.testing.assert_allclose(Q, [[0.6, -0.8], [0.8, 0.6]], atol=1e-14)
    np.testing.assert_allclose(R, [[5.0, 2.2], [0.0, 0.4]], atol=1e-14)
    Q, R = ref.gram_schmidt_qr(np.array([[-3.0]]))
    assert (Q.tolist(), R.tolist()) == ([[-1.0]], [[3.0]])


# --- numerical_jacobian ------------------------------------------------------------


def _maps(rng):
    return [
        (build("exp_affine_map", {"W": rng.normal(size=(2, 3)), "b": rng.normal(size=2)}),
         rng.normal(size=3) * 0.5),
        (build("exp_affine_map", {"W": rng.normal(size=(3, 1)), "b": rng.normal(size=3)}),
         rng.normal(size=1)),
        (build("polar_to_cartesian", {}), np.array([2.0, 0.7])),
        (build("affine_map", {"A": rng.normal(size=(2, 4)), "b": rng.normal(size=2)}),
         rng.normal(size=4)),
        (build("exp_plus_cubic", {"a": rng.normal(size=4) * 0.8, "c": rng.normal(size=4)}),
         rng.normal(size=4) * 0.5),
        (build("rosenbrock", {}), np.array([-1.2, 1.0])),
    ]


@pytest.mark.parametrize("seed", SEEDS)
def test_numerical_jacobian_matches_analytic(seed):
    for f, x in _maps(np.random.default_rng(seed)):
        before = x.copy()
        J = ref.numerical_jacobian(f, x)
        exact = f.jacobian(x)
        assert J.shape == exact.shape  # (1, n) for a scalar f
        np.testing.assert_allclose(J, exact, rtol=1e-7, atol=1e-7)
        assert np.array_equal(x, before)


def test_numerical_jacobian_is_second_order():
    # Central differences: halving eps cuts the error about 4 times.
    f = build("exp_affine_map", {"W": np.array([[2.0, -1.0]]), "b": np.array([0.1])})
    x = np.array([0.3, 0.2])
    errors = [np.abs(ref.numerical_jacobian(f, x, eps) - f.jacobian(x)).max()
              for eps in (1e-2, 5e-3)]
    assert errors[0] / errors[1] == pytest.approx(4.0, rel=0.05)


@pytest.mark.parametrize("n", [1, 3])
def test_numerical_jacobian_of_a_map_returning_its_argument(n):
    # identity_map hands back the very array it is given: J = I only if each call of f
    # gets its own perturbed array (or its output is copied before the next call).
    f = build("identity_map", {})
    x = np.random.default_rng(2).normal(size=n)
    assert f(x) is x
    np.testing.assert_allclose(ref.numerical_jacobian(f, x), np.eye(n), atol=1e-9)
    np.testing.assert_allclose(f.jacobian(x), np.eye(n))


def test_numerical_jacobian_by_hand():
    def f(v):
        return np.array([v[0] * v[1], v[0] + 3.0 * v[1]])

    np.testing.assert_allclose(ref.numerical_jacobian(f, np.array([2.0, 5.0])),
                               [[5.0, 2.0], [1.0, 3.0]], atol=1e-8)
    assert ref.numerical_jacobian(lambda v: float(v @ v), np.array([1.0, -2.0])).shape == (1, 2)


# --- numerical_hessian -------------------------------------------------------------


def _scalar_functions(rng):
    A = rng.normal(size=(3, 3))
    return [
        (build("quadratic_form", {"A": A + A.T, "b": rng.normal(size=3)}), rng.normal(size=3)),
        (build("rosenbrock", {}), np.array([-1.2, 1.0])),
        (build("rosenbrock", {}), rng.normal(size=2)),
        (build("exp_plus_cubic", {"a": rng.normal(size=4) * 0.8, "c": rng.normal(size=4)}),
         rng.normal(size=4) * 0.5),
        (build("log_sum_exp_fn", {}), rng.normal(size=3)),
        (build("exp_plus_cubic", {"a": np.array([2.0]), "c": np.array([1.5])}), np.array([0.3])),
    ]


@pytest.mark.parametrize("seed", SEEDS)
def test_numerical_hessian_matches_analytic(seed):
    for f, x in _scalar_functions(np.random.default_rng(seed)):
        before = x.copy()
        H = ref.numerical_hessian(f, x)
        exact = f.hessian(x)
        assert np.max(np.abs(H - exact)) <= 1e-5 * (1 + np.max(np.abs(exact)))
        assert np.array_equal(H, H.T)
        assert np.array_equal(x, before)


def test_numerical_hessian_by_hand():
    # f = x0^2 + 3 x0 x1 + x1^3 at (1, 2): H = [[2, 3], [3, 6 x1]] = [[2, 3], [3, 12]].
    H = ref.numerical_hessian(lambda v: v[0] ** 2 + 3 * v[0] * v[1] + v[1] ** 3,
                              np.array([1.0, 2.0]))
    np.testing.assert_allclose(H, [[2.0, 3.0], [3.0, 12.0]], atol=1e-6)


# --- softmax_jacobian --------------------------------------------------------------


def _softmax(z):
    return special.softmax(z)


@pytest.mark.parametrize("seed", SEEDS)
def test_softmax_jacobian_matches_finite_differences_of_scipy_softmax(seed):
    z = np.random.default_rng(seed).normal(size=5)
    eps = 1e-6
    numeric = np.column_stack([(_softmax(z + eps * e) - _softmax(z - eps * e)) / (2 * eps)
                               for e in np.eye(5)])
    J = ref.softmax_jacobian(z)
    np.testing.assert_allclose(J, numeric, atol=1e-9)
    np.testing.assert_allclose(J.sum(axis=1), 0.0, atol=1e-15)
    assert np.array_equal(J, J.T)


@pytest.mark.parametrize("z", [[1e4, -1e4, 9999.0, 0.0], [-1e4, -9999.0, -9998.0],
                               [1e4, 1e4]])
def test_softmax_jacobian_large_logits(z):
    z = np.array(z)
    s = _softmax(z)
    J = ref.softmax_jacobian(z)
    assert np.all(np.isfinite(J))
    np.testing.assert_allclose(J, np.diag(s) - np.outer(s, s), rtol=1e-12, atol=1e-300)


def test_softmax_jacobian_by_hand():
    # s = (1/4, 3/4): J = [[s0 (1 - s0), -s0 s1], [-s0 s1, s1 (1 - s1)]] = 3/16 [[1, -1], ...]
    J = ref.softmax_jacobian(np.array([0.0, np.log(3.0)]))
    np.testing.assert_allclose(J, [[3 / 16, -3 / 16], [-3 / 16, 3 / 16]], atol=1e-15)
    assert ref.softmax_jacobian(np.array([7.0])).tolist() == [[0.0]]


# --- mahalanobis_distance ----------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("d", [1, 3, 6])
def test_mahalanobis_matches_scipy(seed, d):
    rng = np.random.default_rng(seed)
    M = rng.normal(size=(d, d))
    cov = M @ M.T + 0.3 * np.eye(d)
    cov = (cov + cov.T) / 2
    mean = rng.normal(size=d)
    X = rng.normal(size=(7, d)) * 2 + mean
    X[3] = mean
    inverse = np.linalg.inv(cov)
    expected = [distance.mahalanobis(x, mean, inverse) for x in X]
    got = ref.mahalanobis_distance(X, mean, cov)
    np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-12)
    assert got[3] == 0.0


def test_mahalanobis_by_hand():
    # diag(4, 1): (2, 0) is 2/sqrt(4) = 1 away, (0, 3) is 3/1 = 3; with correlation 0.5,
    # cov^-1 = [[4, -2], [-2, 4]] / 3 and (1, 1) is sqrt((4 - 4 + 4) / 3) = sqrt(4/3) away.
    got = ref.mahalanobis_distance(np.array([[2.0, 0.0], [0.0, 3.0]]), np.zeros(2),
                                   np.diag([4.0, 1.0]))
    np.testing.assert_allclose(got, [1.0, 3.0], rtol=1e-15)
    got = ref.mahalanobis_distance(np.array([[1.0, 1.0]]), np.zeros(2),
                                   np.array([[1.0, 0.5], [0.5, 1.0]]))
    assert got[0] == pytest.approx(np.sqrt(4 / 3), rel=1e-14)


@pytest.mark.parametrize("cov", [[[2.0, 1.0], [0.0, 2.0]], [[1.0, 2.0], [2.0, 1.0]],
                                 [[2.0, 0.0], [0.0, 0.0]]])
def test_mahalanobis_rejects_covariances_that_are_not_spd(cov):
    with pytest.raises(ValueError, match="`cov`"):
        ref.mahalanobis_distance(np.ones((2, 2)), np.zeros(2), np.array(cov))


@pytest.mark.parametrize(("scale", "relative", "accepted"), _SYMMETRY_BOUNDARY)
def test_mahalanobis_symmetry_tolerance_is_relative(scale, relative, accepted):
    rng = np.random.default_rng(3)
    cov = _asymmetric(rng, scale, relative)
    cov = cov + 2.0 * scale * np.eye(4)  # eigenvalues 2.5 to 6 times scale: SPD
    X = rng.normal(size=(5, 4)) * np.sqrt(scale)
    if not accepted:
        with pytest.raises(ValueError, match="symmetric"):
            ref.mahalanobis_distance(X, np.zeros(4), cov)
        return
    lower = np.tril(cov) + np.tril(cov, -1).T  # the triangle Cholesky reads
    expected = [distance.mahalanobis(x, np.zeros(4), np.linalg.inv(lower)) for x in X]
    np.testing.assert_allclose(ref.mahalanobis_distance(X, np.zeros(4), cov), expected,
                               rtol=1e-9)


def test_mahalanobis_is_accurate_far_from_the_origin():
    # x - mean is exact here (Sterbenz), so the distances match those of the offsets.
    rng = np.random.default_rng(4)
    M = rng.normal(size=(3, 3))
    cov = M @ M.T + np.eye(3)
    cov = (cov + cov.T) / 2
    mean = rng.normal(size=3) + 1e8
    X = mean + rng.normal(size=(6, 3))
    expected = ref.mahalanobis_distance(X - mean, np.zeros(3), cov)
    np.testing.assert_allclose(ref.mahalanobis_distance(X, mean, cov), expected, rtol=1e-12)
    inverse = np.linalg.inv(cov)
    np.testing.assert_allclose(expected, [distance.mahalanobis(d, np.zeros(3), inverse)
                                          for d in X - mean], rtol=1e-10)


def test_mahalanobis_accepts_a_tiny_positive_definite_cov():
    cov = 1e-12 * np.array([[2.0, 0.5], [0.5, 1.0]])
    X = 1e-6 * np.array([[1.0, 2.0], [-3.0, 0.5]])
    expected = [distance.mahalanobis(x, np.zeros(2), np.linalg.inv(cov)) for x in X]
    np.testing.assert_allclose(ref.mahalanobis_distance(X, np.zeros(2), cov), expected,
                               rtol=1e-10)
