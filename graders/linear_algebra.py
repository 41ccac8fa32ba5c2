"""Grader table for the linear_algebra topic.

One section per exercise: its cases, error and scale cases, wrong variants and
``Exercise``, together; shared input helpers first; ``EXERCISES`` at the end names
them in the order learners go.

Ill-conditioned inputs are built as U diag(s) V^T with chosen singular values s, so
their condition number is known exactly. Misconception variants are written without
the calls the exercise forbids and with the reference's checks, so each one differs
from the reference only by its mistake.
"""

import numpy as np

import reference.linear_algebra as reference
from graders.functions import build
from graders.spec import Case, Exercise, Fn, Misconception, Property, Tol

# --- shared inputs ----------------------------------------------------------------


def _orthonormal(rng, m, n):
    """A random (m, n) matrix with orthonormal columns."""
    q, r = np.linalg.qr(rng.normal(size=(m, n)))
    return q * np.sign(np.diag(r))


def _with_singular_values(rng, m, n, s):
    """A random (m, n) matrix whose singular values are exactly ``s`` (up to rounding)."""
    return (_orthonormal(rng, m, n) * np.asarray(s)) @ _orthonormal(rng, n, n).T


def _nudged(M, i, j, relative):
    """A copy of symmetric ``M`` with M[i, j] moved by ``relative`` times its largest
    entry, so max abs(M - M.T) / max abs(M) is ``relative`` (up to rounding)."""
    M = np.array(M, dtype=float)
    M[i, j] += relative * np.max(np.abs(M))
    return M


def _one_ulp_off(M):
    """A copy of symmetric ``M`` with M[0, 1] one ulp away from M[1, 0], the asymmetry
    rounding leaves in Q diag(lambda) Q^T: valid for every rule of the form "within a
    relative tolerance", rejected by an exact comparison."""
    M = np.array(M, dtype=float)
    M[0, 1] = np.nextafter(M[1, 0], np.inf)
    return M


# Matrices whose largest entry is 5e9 and whose (0, 2) entry is only 1e3: an asymmetry
# of 5e-11 relative to the largest entry (0.25) is allowed, though it is 2.5e-4
# relative to that entry (np.allclose's default rtol=1e-5 rejects it) and far above
# any absolute threshold.
_LARGE_SYMMETRIC = 1e9 * np.array([[5.0, 1.0, 1e-6], [1.0, 3.0, 0.5], [1e-6, 0.5, 1.0]])


def _check_symmetric(M):
    if M.ndim != 2 or M.shape[0] != M.shape[1] or np.max(np.abs(M - M.T)) > 1e-10 * np.max(
            np.abs(M)):
        raise ValueError("not square and symmetric")


# --- matmul -----------------------------------------------------------------------


def _check_2d_pair(A, B):
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
        raise ValueError("shapes do not allow a matrix product")


def _matmul_cases(rng):
    yield Case("random (3, 4) x (4, 2)", {"A": rng.normal(size=(3, 4)),
                                          "B": rng.normal(size=(4, 2))})
    yield Case("square 5 x 5 matrices", {"A": rng.normal(size=(5, 5)),
                                         "B": rng.normal(size=(5, 5))})
    yield Case("small integers: [[1, 2, 3], [4, 5, 6]] x [[7, 8], [9, 10], [11, 12]]",
               {"A": np.array([[1.0, 2, 3], [4, 5, 6]]),
                "B": np.array([[7.0, 8], [9, 10], [11, 12]])})
    yield Case("row times column: (1, 6) x (6, 1) gives (1, 1)",
               {"A": rng.normal(size=(1, 6)), "B": rng.normal(size=(6, 1))})
    yield Case("column times row: (4, 1) x (1, 3), an outer product",
               {"A": rng.normal(size=(4, 1)), "B": rng.normal(size=(1, 3))})
    yield Case("the identity on the left: I (3, 3) x (3, 2)",
               {"A": np.eye(3), "B": rng.normal(size=(3, 2))})


def _matmul_errors(rng):
    yield Case("inner sizes differ: (2, 1) x (3, 4)", {"A": np.ones((2, 1)), "B": np.ones((3, 4))})
    yield Case("a 1-D A: (3,) x (3, 2)", {"A": np.ones(3), "B": np.ones((3, 2))})
    yield Case("a 1-D B: (2, 3) x (3,)", {"A": np.ones((2, 3)), "B": np.ones(3)})
    yield Case("two 1-D vectors: (3,) x (3,)", {"A": np.ones(3), "B": np.ones(3)})
    yield Case("a 3-D A: (2, 2, 2) x (2, 2)", {"A": np.ones((2, 2, 2)), "B": np.ones((2, 2))})


def _matmul_scale(rng):
    return Case("256 x 256 times 256 x 256", {"A": rng.normal(size=(256, 256)),
                                              "B": rng.normal(size=(256, 256))})


def _bmm(A, B):
    return np.sum(A[:, :, None] * B[None, :, :], axis=1)


def _matmul_elementwise(A, B):
    _check_2d_pair(A, B)
    return A * B if A.shape == B.shape else _bmm(A, B)


def _matmul_reversed(A, B):
    _check_2d_pair(A, B)
    return _bmm(B, A) if A.shape == B.shape else _bmm(A, B)


def _matmul_transposed_result(A, B):
    _check_2d_pair(A, B)
    return _bmm(A, B).T if A.shape[0] == B.shape[1] else _bmm(A, B)


def _matmul_transposed_left(A, B):
    _check_2d_pair(A, B)
    return _bmm(A.T, B) if A.shape == B.shape else _bmm(A, B)


MATMUL = Exercise(
    name="matmul",
    points=1,
    difficulty="easy",
    hints=(
        "C[i, j] = sum over k of A[i, k] B[k, j]. Which axis of which array does k "
        "run along? Check both inputs are 2-D and the inner sizes agree first.",
        "Give A a trailing axis and B a leading one (A[:, :, None], B[None, :, :]): "
        "their product has shape (n, m, p) and holds every A[i, k] B[k, j]. Sum out "
        "the axis of k.",
    ),
    cases=_matmul_cases,
    errors=_matmul_errors,
    scale=_matmul_scale,
    # The reference takes ~15 ms; a single 3-D broadcast holds 16.7 million products
    # in memory and can take ~20 times as long cold, which must still pass, while a
    # triple Python loop takes seconds.
    scale_ratio=30.0,
    tol=Tol(rtol=1e-9, atol=1e-9),
    forbidden=("@", "np.dot", "np.matmul", "np.einsum", "np.tensordot", "np.inner",
               "np.vdot", "np.linalg.multi_dot", ".dot"),
    misconceptions=(
        Misconception("looks like the elementwise (Hadamard) product A * B: a matrix "
                      "product sums A[i, k] B[k, j] over k", _matmul_elementwise),
        Misconception("looks like B A instead of A B: the order of a matrix product "
                      "matters", _matmul_reversed),
        Misconception("looks like the transpose of A B: row i of the result comes from "
                      "row i of A", _matmul_transposed_result),
        Misconception("looks like A^T B: the sum runs along the rows of A (A[i, k]) and "
                      "down the columns of B (B[k, j])", _matmul_transposed_left),
    ),
)


# --- cosine_similarity_matrix -----------------------------------------------------


def _cosine_cases(rng):
    yield Case("random X (5, 3) and Y (4, 3)", {"X": rng.normal(size=(5, 3)),
                                                "Y": rng.normal(size=(4, 3))})
    yield Case("rows of very different lengths (norms from 1e-3 to 1e3)",
               {"X": rng.normal(size=(4, 6)) * np.array([[1e-3], [1.0], [1e3], [30.0]]),
                "Y": rng.normal(size=(3, 6)) * np.array([[1e3], [1e-3], [2.0]])})
    X = rng.normal(size=(3, 4))
    X[1] = 0.0
    Y = rng.normal(size=(4, 4))
    Y[2] = 0.0
    yield Case("a zero row in X (row 1) and in Y (row 2)", {"X": X, "Y": Y})
    base = np.vstack([np.ones(3), rng.normal(size=3)])
    yield Case("parallel and opposite rows (cosines of exactly 1 and -1)",
               {"X": base, "Y": np.vstack([3.0 * base, -0.5 * base])})
    X = np.vstack([np.ones(5), rng.normal(size=(5, 5))])
    yield Case("X and Y the same matrix (diagonal of 1)", {"X": X, "Y": X.copy()})
    yield Case("d = 1: X = [[2]], Y = [[-3], [0], [5]]",
               {"X": np.array([[2.0]]), "Y": np.array([[-3.0], [0.0], [5.0]])})
    norms = np.array([[1e-12], [3e-12], [1.0], [1e9]])
    yield Case("rows of norm near 1e-12 and near 1e9 (none of them zero)",
               {"X": rng.normal(size=(4, 5)) / np.sqrt(5) * norms,
                "Y": rng.normal(size=(4, 5)) / np.sqrt(5) * norms[::-1]},
               why="A short row still has a direction: only a norm of exactly 0 needs "
                   "special handling. Adding a small eps to the norms, or flooring them "
                   "(np.maximum(norm, 1e-8)), changes every cosine of a row this short")


def _cosine_errors(rng):
    yield Case("widths differ: X (2, 3), Y (2, 4)", {"X": np.ones((2, 3)), "Y": np.ones((2, 4))})
    # Width 1 against width 4 broadcasts without complaint in X[:, None, :] * Y[None].
    yield Case("widths differ: X (2, 1), Y (3, 4)", {"X": np.ones((2, 1)), "Y": np.ones((3, 4))})


def _cosine_scale(rng):
    return Case("n = m = 3000, d = 64", {"X": rng.normal(size=(3000, 64)),
                                         "Y": rng.normal(size=(3000, 64))})


def _cosine_check(X, Y):
    if X.shape[-1] != Y.shape[-1]:
        raise ValueError("widths differ")


def _row_norms(M):
    return np.sqrt(np.sum(M * M, axis=1))


def _cosine_nan_zero_rows(X, Y):
    _cosine_check(X, Y)
    return np.clip(X @ Y.T / np.outer(_row_norms(X), _row_norms(Y)), -1.0, 1.0)


def _cosine_raw_dots(X, Y):
    _cosine_check(X, Y)
    return X @ Y.T


def _cosine_only_x(X, Y):
    _cosine_check(X, Y)
    norms = _row_norms(X)
    return np.clip((X / np.where(norms > 0, norms, 1.0)[:, None]) @ Y.T, -1.0, 1.0)


def _cosine_column_norms(X, Y):
    _cosine_check(X, Y)
    nx = np.sqrt(np.sum(X * X, axis=0))
    ny = np.sqrt(np.sum(Y * Y, axis=0))
    return np.clip((X / np.where(nx > 0, nx, 1.0)) @ (Y / np.where(ny > 0, ny, 1.0)).T, -1, 1)


def _cosine_in_range(args, got):
    worst = float(np.max(np.abs(got), initial=0.0))
    if worst > 1.0:
        return (f"has an entry of absolute value {worst!r}, outside [-1, 1]: rounding pushed "
                "a cosine past 1; clip the result with np.clip(S, -1, 1)")
    return None


COSINE_SIMILARITY_MATRIX = Exercise(
    name="cosine_similarity_matrix",
    points=1,
    difficulty="easy",
    hints=(
        "cos(x, y) = x . y / (||x|| ||y||). Normalise first, and all pairs come out of "
        "one matrix product. What should a zero row do?",
        "Divide every row of X and of Y by its norm (norms along axis=1; a zero norm "
        "divides by 1 instead, leaving a zero row), multiply X_unit by Y_unit.T, then "
        "np.clip to [-1, 1].",
    ),
    cases=_cosine_cases,
    errors=_cosine_errors,
    scale=_cosine_scale,
    tol=Tol(rtol=1e-9, atol=1e-12),
    misconceptions=(
        Misconception("looks like a zero row gives nan (0/0): its similarity with "
                      "everything should be 0", _cosine_nan_zero_rows),
        Misconception("looks like raw dot products X Y^T: divide by the norms of both "
                      "rows", _cosine_raw_dots),
        Misconception("looks like only the rows of X were normalised; divide by the "
                      "norms of Y's rows too", _cosine_only_x),
        Misconception("looks like the norms were taken down the columns (axis=0); each "
                      "row needs its own norm (axis=1)", _cosine_column_norms),
    ),
    properties=(Property("range of the cosines", _cosine_in_range),),
)


# --- power_iteration --------------------------------------------------------------


def _symmetric_with_eigenvalues(rng, eigenvalues, first=None):
    """Q diag(eigenvalues) Q^T, exactly symmetric; ``first`` fixes the first eigenvector."""
    n = len(eigenvalues)
    basis = rng.normal(size=(n, n))
    if first is not None:
        basis[:, 0] = first
    q, r = np.linalg.qr(basis)
    q = q * np.sign(np.diag(r))
    M = (q * np.asarray(eigenvalues, dtype=float)) @ q.T
    return (M + M.T) / 2


def _sign_by_largest(rows):
    lead = rows[np.arange(rows.shape[0]), np.argmax(np.abs(rows), axis=1)]
    return rows * np.where(lead < 0, -1.0, 1.0)[:, None]


def _power_cases(rng):
    yield Case("[[2, 1], [1, 2]] (eigenvalue 3, eigenvector (1, 1)/sqrt(2))",
               {"A": np.array([[2.0, 1.0], [1.0, 2.0]])})
    yield Case("random symmetric 6 x 6 with a clear gap (eigenvalues 5, 2, 1, -1, 0.5, 0.1)",
               {"A": _symmetric_with_eigenvalues(rng, [5.0, 2.0, 1.0, -1.0, 0.5, 0.1])})
    yield Case("a negative dominant eigenvalue (-8; others 4, 2, 1, -0.5)",
               {"A": _symmetric_with_eigenvalues(rng, [-8.0, 4.0, 2.0, 1.0, -0.5])})
    yield Case("a dominant eigenvector whose entries sum to a negative number",
               {"A": _symmetric_with_eigenvalues(rng, [6.0, 3.0, -2.0, 1.0, 0.5],
                                                 first=[3.0, -1.0, -1.2, -1.0, -1.5])})
    yield Case("slow convergence: abs(lambda_2 / lambda_1) = 0.95 (eigenvalues 10, -9.5, ...)",
               {"A": _symmetric_with_eigenvalues(rng, [10.0, -9.5, 4.0, 2.0, 1.0, -3.0])})
    yield Case("diagonal matrix diag(1, -4, 2)", {"A": np.diag([1.0, -4.0, 2.0])})
    yield Case("a 1 x 1 matrix [[-3]]", {"A": np.array([[-3.0]])})
    yield Case("random symmetric 20 x 20 (eigenvalues 1 and 20 others in [-0.5, 0.5])",
               {"A": _symmetric_with_eigenvalues(rng, [1.0, *rng.uniform(-0.5, 0.5, 19)])})
    # The symmetry rule at its boundary and far from scale 1 (valid inputs all).
    yield Case("A[0, 1] one ulp away from A[1, 0] (symmetric within 1e-10: valid)",
               {"A": _one_ulp_off(_symmetric_with_eigenvalues(rng, [4.0, 2.0, -1.0, 0.5]))},
               why="A matrix one rounding error away from its transpose is symmetric "
                   "within 1e-10 relative: compare max abs(A - A.T) with 1e-10 times "
                   "max abs(A), not for exact equality")
    yield Case("entries up to 5e9, A[0, 2] = 1e3 off from A[2, 0] by 5e-11 relative to "
               "the largest entry (valid)", {"A": _nudged(_LARGE_SYMMETRIC, 0, 2, 5e-11)},
               why="The symmetry tolerance is 1e-10 relative to the largest entry of A, "
                   "not an absolute number and not relative to each entry (np.allclose's "
                   "defaults): max abs(A - A.T) <= 1e-10 * max abs(A)")
    yield Case("a tiny matrix: eigenvalues 5e-12, 2e-12, -1e-12, 3e-13",
               {"A": _symmetric_with_eigenvalues(rng, [5e-12, 2e-12, -1e-12, 3e-13])},
               tol={"eigenvalue": Tol(rtol=1e-8, atol=0.0),
                    "eigenvector": Tol(rtol=0.0, atol=1e-6)},
               why="An absolute threshold (stop once ||A v|| or the eigenvalue's change "
                   "is below 1e-10) fires at once on a matrix this small: test the change "
                   "of the unit vector, and treat only ||A v|| == 0 as a null space")


def _power_errors(rng):
    yield Case("a non-square A of shape (2, 3)", {"A": np.ones((2, 3))})
    yield Case("a non-symmetric A = [[1, 2], [0, 1]]", {"A": np.array([[1.0, 2.0], [0.0, 1.0]])})
    base = _symmetric_with_eigenvalues(rng, [4.0, 2.0, -1.0, 0.5])
    yield Case("a slightly non-symmetric A: max abs(A - A.T) = 3e-10 * max abs(A)",
               {"A": _nudged(base, 0, 1, 3e-10)})
    yield Case("a tiny non-symmetric A: entries near 1e-12, max abs(A - A.T) = 1e-8 * "
               "max abs(A)", {"A": _nudged(1e-12 * base, 1, 2, 1e-8)})
    yield Case("a large non-symmetric A: entries up to 5e9, max abs(A - A.T) = 3e-10 * "
               "max abs(A)", {"A": _nudged(_LARGE_SYMMETRIC, 0, 2, 3e-10)})


def _power_iterate(A, num_iters, tol, by_eigenvalue=False):
    """Plain power iteration (no sign convention); optionally stops on the eigenvalue."""
    v = np.random.default_rng(0).standard_normal(A.shape[0])
    v /= np.linalg.norm(v)
    value = v @ A @ v
    for _ in range(num_iters):
        w = A @ v
        w /= np.linalg.norm(w)
        new_value = w @ A @ w
        change = (abs(new_value - value) if by_eigenvalue
                  else min(np.linalg.norm(w - v), np.linalg.norm(w + v)))
        v, value = w, new_value
        if change < tol:
            break
    return float(value), v


def _power_flipped(A, num_iters=1000, tol=1e-10):
    _check_symmetric(A)
    value, v = _power_iterate(A, num_iters, tol)
    return value, -_sign_by_largest(v[None, :])[0]


def _power_abs_eigenvalue(A, num_iters=1000, tol=1e-10):
    _check_symmetric(A)
    value, v = _power_iterate(A, num_iters, tol)
    return abs(value), _sign_by_largest(v[None, :])[0]


def _power_stops_on_eigenvalue(A, num_iters=1000, tol=1e-10):
    _check_symmetric(A)
    value, v = _power_iterate(A, num_iters, tol, by_eigenvalue=True)
    return value, _sign_by_largest(v[None, :])[0]


def _power_sign_convention(args, got):
    v = np.asarray(got[1], dtype=float)
    if v.size and v[np.argmax(np.abs(v))] < 0:
        return ("the eigenvector's largest-magnitude entry is negative: -v is as much an "
                "eigenvector as v, and the contract picks the one whose largest-magnitude "
                "entry is positive")
    return None


POWER_ITERATION = Exercise(
    name="power_iteration",
    points=2,
    difficulty="medium",
    hints=(
        "Multiply by A and renormalise, again and again: the component along the "
        "dominant eigenvector grows fastest. When do you stop, and how do you get the "
        "eigenvalue's sign?",
        "Start from a fixed random unit vector. Loop v_new = A v / ||A v||; stop when "
        "min(||v_new - v||, ||v_new + v||) < tol. The eigenvalue is v^T A v. Finally "
        "flip v if its largest-magnitude entry (np.argmax(np.abs(v))) is negative.",
    ),
    cases=_power_cases,
    errors=_power_errors,
    tol={"eigenvalue": Tol(rtol=1e-8, atol=1e-10),
         "eigenvector": Tol(rtol=0.0, atol=1e-6)},
    returns=("eigenvalue", "eigenvector"),
    forbidden=("np.linalg.eig", "np.linalg.eigh", "np.linalg.eigvals",
               "np.linalg.eigvalsh", "np.linalg.svd"),
    misconceptions=(
        Misconception("looks like the eigenvector has the opposite sign: v and -v are "
                      "both eigenvectors, and the contract picks the one whose "
                      "largest-magnitude entry is positive (not, say, a positive sum)",
                      _power_flipped),
        Misconception("looks like the eigenvalue lost its sign, as ||A v|| does: ||A v|| "
                      "is abs(lambda); return the Rayleigh quotient v^T A v, which keeps "
                      "the sign", _power_abs_eigenvalue),
        Misconception("looks like the loop stopped once the eigenvalue settled: it "
                      "converges about twice as fast as the vector, so test the change "
                      "in the vector (up to sign)", _power_stops_on_eigenvalue),
    ),
    properties=(Property("sign of the eigenvector", _power_sign_convention),),
)


# --- pca --------------------------------------------------------------------------


def _sign_by_sum(rows):
    return rows * np.where(rows.sum(axis=1) < 0, -1.0, 1.0)[:, None]


def _pca_data(rng, n, d, scales, mean=0.0):
    """n samples with standard deviations ``scales`` along random orthogonal directions."""
    return (rng.normal(size=(n, d)) * np.asarray(scales)) @ _orthonormal(rng, d, d).T + mean


def _pca_cases(rng):
    yield Case("4 points on a line: [[0, 0], [2, 0], [4, 0], [6, 0]], k = 1",
               {"X": np.array([[0.0, 0.0], [2.0, 0.0], [4.0, 0.0], [6.0, 0.0]]), "k": 1})
    yield Case("n = 40, d = 5, k = 2, data centred far from 0 (mean 10)",
               {"X": _pca_data(rng, 40, 5, [5.0, 3.0, 2.0, 1.0, 0.5], mean=10.0), "k": 2})
    yield Case("n = 40, d = 5, k = 5: every component",
               {"X": _pca_data(rng, 40, 5, [4.0, 3.0, 2.0, 1.0, 0.5], mean=rng.normal(size=5)),
                "k": 5})
    yield Case("n = 6 samples in d = 10 dimensions, k = 3",
               {"X": _pca_data(rng, 6, 10, np.linspace(5.0, 0.5, 10)), "k": 3})
    yield Case("columns on very different scales (std 100, 10, 1, 0.1), k = 2",
               {"X": rng.normal(size=(30, 4)) * np.array([100.0, 10.0, 1.0, 0.1])
                + rng.normal(size=4), "k": 2})
    direction = np.array([3.0, -1.0, -1.2, -1.0, -1.5])
    scores = rng.normal(size=(50, 1)) * 6.0
    yield Case("a first component whose entries sum to a negative number, k = 2",
               {"X": scores * (direction / np.linalg.norm(direction))
                + rng.normal(size=(50, 5)), "k": 2})
    yield Case("n = 2 samples, d = 3, k = 1", {"X": rng.normal(size=(2, 3)), "k": 1})
    yield Case("d = 1, k = 1", {"X": rng.normal(size=(8, 1)) * 2.0 + 1.0, "k": 1})
    # Each entry carries a rounding error of about 1e8 * 1.1e-16 ~ 1e-8 of its own, which
    # correct solutions that centre in another order see as a slightly different
    # centred matrix: the tolerances allow for it and still fail E[x x^T] - m m^T.
    yield Case("data far from 0 (offset 1e8), n = 40, d = 3, k = 2",
               {"X": _pca_data(rng, 40, 3, [5.0, 3.0, 1.0], mean=1e8), "k": 2},
               tol={"components": Tol(rtol=0.0, atol=1e-6),
                    "explained_variance": Tol(rtol=1e-6, atol=0.0),
                    "projected": Tol(rtol=0.0, atol=1e-6)},
               why="Centre the data (X - column means) before anything else: a covariance "
                   "computed as E[x x^T] - mean mean^T (or X^T X / n - ...) subtracts "
                   "numbers near 1e16 and keeps no correct digit (catastrophic "
                   "cancellation)")


def _pca_errors(rng):
    yield Case("a single sample (n = 1)", {"X": np.ones((1, 3)), "k": 1})
    yield Case("k = 0", {"X": rng.normal(size=(5, 3)), "k": 0})
    yield Case("k = 4 > min(n, d) = 3", {"X": rng.normal(size=(5, 3)), "k": 4})
    yield Case("wide data: k = 4 > min(n, d) = n = 3 for X of shape (3, 6)",
               {"X": rng.normal(size=(3, 6)), "k": 4})


def _pca_check(X, k):
    n, d = X.shape
    if n < 2 or not 1 <= k <= min(n, d):
        raise ValueError("bad n or k")


def _pca_parts(X, k, centre=True, sign=_sign_by_largest):
    _pca_check(X, k)
    Xc = X - X.mean(axis=0) if centre else X
    _, s, vt = np.linalg.svd(Xc, full_matrices=False)
    comps = sign(vt[:k])
    return comps, s[:k], Xc @ comps.T


def _pca_not_centred(X, k):
    comps, s, proj = _pca_parts(X, k, centre=False)
    return comps, s**2 / (X.shape[0] - 1), proj


def _pca_divides_by_n(X, k):
    comps, s, proj = _pca_parts(X, k)
    return comps, s**2 / X.shape[0], proj


def _pca_singular_values(X, k):
    comps, s, proj = _pca_parts(X, k)
    return comps, s, proj


def _pca_ascending(X, k):
    comps, s, proj = _pca_parts(X, k)
    return comps[::-1], (s**2 / (X.shape[0] - 1))[::-1], proj[:, ::-1]


def _pca_standardised(X, k):
    std = X.std(axis=0, ddof=1)
    comps, s, proj = _pca_parts((X - X.mean(axis=0)) / np.where(std > 0, std, 1.0), k)
    return comps, s**2 / (X.shape[0] - 1), proj


def _pca_columns_of_vt(X, k):
    _pca_check(X, k)
    Xc = X - X.mean(axis=0)
    _, s, vt = np.linalg.svd(Xc, full_matrices=False)
    comps = _sign_by_largest(vt[:, :k].T)  # shape (k, min(n, d))
    return comps, s[:k] ** 2 / (X.shape[0] - 1), Xc[:, : comps.shape[1]] @ comps.T


def _pca_svd_signs(X, k):
    comps, s, proj = _pca_parts(X, k, sign=lambda rows: rows)
    return comps, s**2 / (X.shape[0] - 1), proj


def _pca_sum_signs(X, k):
    comps, s, proj = _pca_parts(X, k, sign=_sign_by_sum)
    return comps, s**2 / (X.shape[0] - 1), proj


def _pca_projected_unflipped(X, k):
    comps, s, proj = _pca_parts(X, k, sign=lambda rows: rows)  # signs as the SVD gave them
    return _sign_by_largest(comps), s**2 / (X.shape[0] - 1), proj


def _pca_sign_convention(args, got):
    comps = np.asarray(got[0], dtype=float)
    if comps.ndim != 2 or not comps.size:
        return None
    lead = comps[np.arange(comps.shape[0]), np.argmax(np.abs(comps), axis=1)]
    bad = np.flatnonzero(lead < 0)
    if bad.size:
        return (f"component {int(bad[0])} has a negative largest-magnitude entry: flip it "
                "(and its column of projected) so that entry is positive")
    return None


PCA = Exercise(
    name="pca",
    points=2,
    difficulty="medium",
    hints=(
        "PCA is the SVD of the centred data. Which factor holds the directions, and "
        "how does a singular value become a variance?",
        "Centre the columns, then take the thin SVD of the centred data. The right "
        "singular vectors (rows of V^T) are the directions; a singular value s "
        "gives the variance s^2 / (n - 1); projecting the centred data on the "
        "directions gives the scores.",
        "Make each component's largest-magnitude entry positive (np.argmax(np.abs(row))"
        " finds it) and flip it before projecting, so projected flips with it.",
    ),
    cases=_pca_cases,
    errors=_pca_errors,
    tol={"components": Tol(rtol=1e-7, atol=1e-9),
         "explained_variance": Tol(rtol=1e-8, atol=1e-12),
         "projected": Tol(rtol=1e-7, atol=1e-9)},
    returns=("components", "explained_variance", "projected"),
    misconceptions=(
        Misconception("looks like X was not centred: subtract the column means before "
                      "the SVD and before projecting", _pca_not_centred),
        Misconception("looks like the variance divides by n (np.var's default ddof=0); "
                      "the sample variance divides by n - 1, as np.cov does",
                      _pca_divides_by_n),
        Misconception("looks like explained_variance holds the singular values s; the "
                      "variance along a component is s^2 / (n - 1)", _pca_singular_values),
        Misconception("looks like the components are in increasing order of variance "
                      "(np.linalg.eigh sorts eigenvalues ascending): put the largest "
                      "first", _pca_ascending),
        Misconception("looks like the columns were scaled to unit variance first: PCA "
                      "here only centres them", _pca_standardised),
        Misconception("looks like the components came from the columns of V^T; the "
                      "right singular vectors are its rows", _pca_columns_of_vt),
        Misconception("looks like the signs were left as np.linalg.svd returned them "
                      "(or fixed by another rule): flip each component (and its column "
                      "of projected) so its largest-magnitude entry is positive",
                      _pca_svd_signs),
        Misconception("looks like the components were flipped to the sign convention but "
                      "projected was not: flip each column of projected together with "
                      "its component (or project after flipping)", _pca_projected_unflipped),
        Misconception("looks like each component's sign makes its entries sum to a "
                      "positive number: the contract makes its largest-magnitude entry "
                      "positive", _pca_sum_signs),
    ),
    properties=(Property("signs of the components", _pca_sign_convention),),
)


# --- low_rank_approximation -------------------------------------------------------


def _low_rank_cases(rng):
    yield Case("diag(3, 2, 1), k = 2", {"A": np.diag([3.0, 2.0, 1.0]), "k": 2})
    yield Case("random (8, 5), k = 2", {"A": rng.normal(size=(8, 5)), "k": 2})
    yield Case("wide random (4, 7), k = 3", {"A": rng.normal(size=(4, 7)), "k": 3})
    yield Case("square (6, 6) with singular values 10, 5, 2, 1, 0.5, 0.1, k = 3",
               {"A": _with_singular_values(rng, 6, 6, [10.0, 5.0, 2.0, 1.0, 0.5, 0.1]), "k": 3})
    yield Case("k = 0 (the zero matrix)", {"A": rng.normal(size=(3, 4)), "k": 0})
    yield Case("k = min(m, n) (A itself)", {"A": rng.normal(size=(5, 3)), "k": 3})
    yield Case("a rank-2 (5, 4) matrix with k = 2 (exact)",
               {"A": rng.normal(size=(5, 2)) @ rng.normal(size=(2, 4)), "k": 2})
    yield Case("a tiny A: entries near 1e-12, (6, 4), k = 2",
               {"A": _with_singular_values(rng, 6, 4, [4e-12, 2e-12, 1e-12, 5e-13]), "k": 2},
               tol=Tol(rtol=1e-7, atol=1e-21),
               why="k is the rank to keep whatever the size of the singular values: no "
                   "absolute cutoff (s > 1e-10) may drop them")


def _low_rank_errors(rng):
    yield Case("k = -1", {"A": rng.normal(size=(3, 4)), "k": -1})
    yield Case("k = 4 > min(m, n) = 3", {"A": rng.normal(size=(3, 4)), "k": 4})
    yield Case("a tall A: k = 4 > min(m, n) = n = 3 for A of shape (5, 3)",
               {"A": rng.normal(size=(5, 3)), "k": 4})


def _svd_checked(A, k):
    if not 0 <= k <= min(A.shape):
        raise ValueError("bad k")
    return np.linalg.svd(A, full_matrices=False)


def _low_rank_smallest(A, k):
    u, s, vt = _svd_checked(A, k)
    r = len(s)
    return (u[:, r - k:] * s[r - k:]) @ vt[r - k:]


def _low_rank_no_s(A, k):
    u, s, vt = _svd_checked(A, k)
    return u[:, :k] @ vt[:k]


def _low_rank_vt_transposed(A, k):
    u, s, vt = _svd_checked(A, k)
    return (u[:, :k] * s[:k]) @ vt[:, :k].T


def _low_rank_one_extra(A, k):
    u, s, vt = _svd_checked(A, k)
    return (u[:, : k + 1] * s[: k + 1]) @ vt[: k + 1]


LOW_RANK_APPROXIMATION = Exercise(
    name="low_rank_approximation",
    points=2,
    difficulty="medium",
    hints=(
        "Eckart-Young: the best rank-k approximation keeps the k largest terms of the "
        "SVD A = sum_i s_i u_i v_i^T.",
        "Take the thin SVD of A, keep only the k largest singular values with their left "
        "and right singular vectors, and multiply those pieces back together. "
        "Validate k against min(m, n) first.",
    ),
    cases=_low_rank_cases,
    errors=_low_rank_errors,
    tol=Tol(rtol=1e-7, atol=1e-9),
    misconceptions=(
        Misconception("looks like the k smallest singular values were kept: keep the k "
                      "largest (np.linalg.svd returns them in decreasing order)",
                      _low_rank_smallest),
        Misconception("looks like U_k V_k^T without the singular values: scale term i "
                      "by s_i", _low_rank_no_s),
        Misconception("looks like V^T was transposed again: np.linalg.svd already "
                      "returns V^T, whose rows are the right singular vectors",
                      _low_rank_vt_transposed),
        Misconception("looks like k + 1 singular values were kept instead of k",
                      _low_rank_one_extra),
    ),
)


# --- least_squares ----------------------------------------------------------------


_ILL_COND = 1e7


def _lstsq_cases(rng):
    yield Case("a line through (0, 1), (1, 3), (2, 5): X = [[1, 0], [1, 1], [1, 2]]",
               {"X": np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]]),
                "y": np.array([1.0, 3.0, 5.0])})
    X = rng.normal(size=(20, 4))
    yield Case("random X (20, 4), consistent y = X w", {"X": X, "y": X @ rng.normal(size=4)})
    yield Case("random X (30, 5) with noise (y not in the column space)",
               {"X": rng.normal(size=(30, 5)), "y": rng.normal(size=30)})
    yield Case("square X (5, 5)", {"X": rng.normal(size=(5, 5)), "y": rng.normal(size=5)})
    yield Case("a single column X (10, 1)", {"X": rng.normal(size=(10, 1)),
                                             "y": rng.normal(size=10)})
    X = _with_singular_values(rng, 30, 6, np.logspace(0, -np.log10(_ILL_COND), 6))
    w_true = rng.normal(size=6)
    yield Case("ill-conditioned X (30, 6), cond(X) = 1e7, consistent y = X w_true "
               "(relative error <= 1e-6 required)",
               {"X": X, "y": X @ w_true},
               tol=Tol(rtol=0.0, atol=1.5e-6 * float(np.linalg.norm(w_true))),
               why="At cond(X) = 1e7, anything built on X^T X (the normal equations, a "
                   "Cholesky of X^T X) squares the condition number to 1e14 and loses about "
                   "14 of 16 digits; solve with a QR factorisation or the SVD of X instead")
    X = rng.normal(size=(12, 3))
    w_true = rng.normal(size=3)
    yield Case("a tiny X: entries near 1e-12, consistent y = X w_true",
               {"X": X * 1e-12, "y": (X * 1e-12) @ w_true},
               why="X has full column rank however small its entries: an absolute cutoff "
                   "(singular values or diagonal of R below 1e-10 treated as 0) throws "
                   "every column away; judge small against the largest, s / s.max()")
    X = rng.normal(size=(12, 3)) * 1e9
    yield Case("a large X: entries near 1e9, y with noise",
               {"X": X, "y": X @ rng.normal(size=3) + rng.normal(size=12) * 1e8})


def _lstsq_normal_equations(X, y):
    return np.linalg.solve(X.T @ X, X.T @ y)


def _lstsq_q_transpose_y(X, y):
    q, _ = np.linalg.qr(X)
    return q.T @ y


LEAST_SQUARES = Exercise(
    name="least_squares",
    points=2,
    difficulty="medium",
    hints=(
        "Setting the gradient to 0 gives the normal equations X^T X w = X^T y, but "
        "X^T X squares the condition number. Which factorisation of X itself leads to "
        "an easy system?",
        "With X = Q R (np.linalg.qr, thin), ||X w - y|| is smallest where R w = Q^T y; "
        "solve that square triangular system with np.linalg.solve. (The SVD works "
        "too: w = V (U^T y / s).)",
    ),
    cases=_lstsq_cases,
    tol=Tol(rtol=1e-8, atol=1e-10),
    forbidden=("np.linalg.inv", "np.linalg.pinv", "np.linalg.lstsq"),
    misconceptions=(
        Misconception("looks like the normal equations X^T X w = X^T y: forming X^T X "
                      "squares the condition number (1e7 becomes 1e14) and loses about "
                      "14 of 16 digits; solve R w = Q^T y from a QR factorisation, or "
                      "use the SVD", _lstsq_normal_equations),
        Misconception("looks like w = Q^T y: with X = Q R the solution solves the "
                      "triangular system R w = Q^T y", _lstsq_q_transpose_y),
    ),
)


# --- gram_schmidt_qr --------------------------------------------------------------


_QR_SINGULAR_VALUES = np.logspace(0, -6, 10)  # cond(A) = 1e6


def _qr_cases(rng):
    yield Case("[[3, 1], [4, 2]]", {"A": np.array([[3.0, 1.0], [4.0, 2.0]])})
    yield Case("random (6, 4)", {"A": rng.normal(size=(6, 4))})
    yield Case("square random (5, 5)", {"A": rng.normal(size=(5, 5))})
    yield Case("a single column (5, 1)", {"A": rng.normal(size=(5, 1))})
    yield Case("a 1 x 1 negative matrix [[-3]]", {"A": np.array([[-3.0]])})
    yield Case("columns already orthonormal (Q = A, R = I up to rounding)",
               {"A": _orthonormal(rng, 6, 3)})
    A = rng.normal(size=(5, 3))
    A[:, 0] *= 1e12
    yield Case("columns of very different sizes (column 0 scaled by 1e12)", {"A": A})
    # Classical Gram-Schmidt passes the comparison here and fails the orthogonality
    # check, whose message explains why; the next case compares Q tightly.
    yield Case("nearly dependent columns: cond(A) = 1e6, shape (30, 10)",
               {"A": _with_singular_values(rng, 30, 10, _QR_SINGULAR_VALUES)},
               tol={"Q": Tol(rtol=0.0, atol=1e-2), "R": Tol(rtol=1e-5, atol=1e-7)})
    yield Case("nearly dependent columns: another with cond(A) = 1e6, shape (30, 10)",
               {"A": _with_singular_values(rng, 30, 10, _QR_SINGULAR_VALUES)})
    yield Case("a tiny A: entries near 1e-12, shape (6, 4)",
               {"A": rng.normal(size=(6, 4)) * 1e-12},
               tol={"Q": Tol(rtol=0.0, atol=1e-8), "R": Tol(rtol=1e-7, atol=1e-21)},
               why="A has full column rank however small its entries: an absolute test "
                   "(a column norm below 1e-10 counted as dependent) breaks on it; only "
                   "the size of a column relative to A's could say it is dependent")


def _qr_classical(A):
    m, n = A.shape
    Q = np.zeros((m, n))
    R = np.zeros((n, n))
    for j in range(n):
        R[:j, j] = Q[:, :j].T @ A[:, j]
        v = A[:, j] - Q[:, :j] @ R[:j, j]
        R[j, j] = np.linalg.norm(v)
        Q[:, j] = v / R[j, j]
    return Q, R


def _qr_r_from_q(A):
    Q, _ = reference.gram_schmidt_qr(A)  # the right Q, then R computed the tempting way
    return Q, Q.T @ A


def _qr_householder_signs(A):
    """Householder QR with the usual reflection, R[j, j] = -sign(x_1) ||x||, unfixed."""
    R = np.array(A, dtype=float)
    m, n = R.shape
    Q = np.eye(m)[:, :n]
    reflectors = []
    for j in range(n):
        x = R[j:, j]
        v = x.copy()
        v[0] += (1.0 if x[0] >= 0 else -1.0) * np.linalg.norm(x)
        v /= np.linalg.norm(v)
        R[j:, j:] -= 2.0 * np.outer(v, v @ R[j:, j:])
        reflectors.append(v)
    for j in reversed(range(n)):
        v = reflectors[j]
        Q[j:] -= 2.0 * np.outer(v, v @ Q[j:])
    return Q, np.triu(R[:n])


def _qr_orthonormal(args, got):
    Q = np.asarray(got[0], dtype=float)
    loss = float(np.max(np.abs(Q.T @ Q - np.eye(Q.shape[1]))))
    if not loss <= 1e-8:
        return (f"Q's columns are not orthonormal: max abs(Q^T Q - I) = {loss:.2g}, above "
                "1e-8. Classical Gram-Schmidt does this on nearly dependent columns (its "
                "error grows like eps cond(A)^2): subtract each projection from the "
                "updated column (modified Gram-Schmidt), or orthogonalise twice")
    return None


def _qr_upper_triangular(args, got):
    below = np.tril(np.asarray(got[1], dtype=float), -1)
    if np.any(below != 0):
        return (f"R has nonzero entries below the diagonal (largest {np.max(np.abs(below)):.2g})"
                ": R must be exactly upper triangular. R = Q^T A leaves rounding noise "
                "there; fill R from the coefficients you computed")
    return None


def _qr_positive_diagonal(args, got):
    diag = np.diag(np.asarray(got[1], dtype=float))
    if np.any(diag <= 0):
        j = int(np.argmin(diag))
        return (f"R[{j}, {j}] = {diag[j]:.6g} is not positive: flip the sign of column {j} "
                f"of Q and row {j} of R")
    return None


GRAM_SCHMIDT_QR = Exercise(
    name="gram_schmidt_qr",
    points=3,
    difficulty="hard",
    hints=(
        "Column j of Q is column j of A minus its components along q_0 ... q_{j-1}, "
        "normalised; the coefficients you subtract and the norm you divide by are "
        "column j of R.",
        "Classical Gram-Schmidt computes every coefficient from the original column "
        "and loses orthogonality on nearly dependent columns. Modified Gram-Schmidt "
        "subtracts one projection at a time from the updated column: as soon as q_j "
        "is known, remove its direction from all later columns.",
        "Start R as np.zeros((n, n)) and only write on and above the diagonal; the "
        "norms you divide by are positive, so R's diagonal is too.",
    ),
    cases=_qr_cases,
    tol={"Q": Tol(rtol=0.0, atol=1e-8), "R": Tol(rtol=1e-7, atol=1e-9)},
    returns=("Q", "R"),
    forbidden=("np.linalg.qr", "np.linalg.svd"),
    misconceptions=(
        Misconception("looks like classical Gram-Schmidt: projecting the original column "
                      "onto the earlier q's loses orthogonality when columns are nearly "
                      "dependent (cond(A) = 1e6); subtract the projections one at a time "
                      "from the updated column (modified Gram-Schmidt) or orthogonalise "
                      "twice", _qr_classical),
        Misconception("looks like R = Q^T A: right on paper, but rounding leaves nonzero "
                      "entries below the diagonal; fill R from the projection "
                      "coefficients and leave the rest exactly 0", _qr_r_from_q),
        Misconception("looks like Householder reflections without fixing the signs "
                      "(R[j, j] = -sign(a_jj) ||a_j||): flip the columns of Q and rows "
                      "of R whose diagonal entry is negative", _qr_householder_signs),
    ),
    properties=(
        Property("orthogonality of Q", _qr_orthonormal),
        Property("triangular shape of R", _qr_upper_triangular),
        Property("sign of R's diagonal", _qr_positive_diagonal),
    ),
)


# --- numerical_jacobian -----------------------------------------------------------


def _jacobian_cases(rng):
    yield Case("exp(W x + b) from R^3 to R^2",
               {"f": Fn("exp_affine_map", {"W": rng.normal(size=(2, 3)) * 1.5,
                                           "b": rng.normal(size=2)}),
                "x": rng.normal(size=3) * 0.5})
    yield Case("a square map exp(W x + b), R^3 to R^3",
               {"f": Fn("exp_affine_map", {"W": rng.normal(size=(3, 3)) * 1.5,
                                           "b": rng.normal(size=3)}),
                "x": rng.normal(size=3) * 0.5})
    yield Case("polar to Cartesian at r = 2, theta = 0.7",
               {"f": Fn("polar_to_cartesian"), "x": np.array([2.0, 0.7])})
    yield Case("a scalar-valued f, exp(a.x) + (c.x)^3 / 6 on R^4: J has shape (1, 4)",
               {"f": Fn("exp_plus_cubic", {"a": rng.normal(size=4) * 0.8,
                                           "c": rng.normal(size=4)}),
                "x": rng.normal(size=4) * 0.5})
    yield Case("a linear map A x + b from R^4 to R^2 (J = A)",
               {"f": Fn("affine_map", {"A": rng.normal(size=(2, 4)), "b": rng.normal(size=2)}),
                "x": rng.normal(size=4)})
    yield Case("n = 1: exp(w x + b) from R^1 to R^2",
               {"f": Fn("exp_affine_map", {"W": np.array([[2.0], [-1.5]]),
                                           "b": np.array([0.3, -0.2])}),
                "x": np.array([0.4])})
    yield Case("eps = 1e-3 passed explicitly",
               {"f": Fn("exp_affine_map", {"W": rng.normal(size=(2, 3)) * 1.5,
                                           "b": rng.normal(size=2)}),
                "x": rng.normal(size=3) * 0.5, "eps": 1e-3})
    yield Case("the identity f(x) = x, which returns its argument array itself (J = I)",
               {"f": Fn("identity_map"), "x": rng.normal(size=3)})


def _jacobian_columns(f, x, eps, forward=False, divisor=2.0):
    x = np.asarray(x, dtype=float)
    columns = []
    for j in range(x.size):
        step = np.zeros_like(x)
        step[j] = eps
        high = np.asarray(f(x + step), dtype=float).reshape(-1)
        low = np.asarray(f(x if forward else x - step), dtype=float).reshape(-1)
        columns.append((high - low) / (divisor * eps))
    return np.stack(columns, axis=1)


def _jacobian_one_buffer(f, x, eps=1e-6):
    """Perturbs one buffer in place and keeps f's outputs without copying them."""
    point = np.array(x, dtype=float)
    columns = []
    for j in range(point.size):
        point[j] += eps
        high = np.asarray(f(point), dtype=float).reshape(-1)
        point[j] -= 2.0 * eps
        low = np.asarray(f(point), dtype=float).reshape(-1)
        point[j] = x[j]
        columns.append((high - low) / (2.0 * eps))
    return np.stack(columns, axis=1)


def _jacobian_forward(f, x, eps=1e-6):
    return _jacobian_columns(f, x, eps, forward=True, divisor=1.0)


def _jacobian_over_eps(f, x, eps=1e-6):
    return _jacobian_columns(f, x, eps, divisor=1.0)


def _jacobian_transposed(f, x, eps=1e-6):
    return _jacobian_columns(f, x, eps).T


NUMERICAL_JACOBIAN = Exercise(
    name="numerical_jacobian",
    points=2,
    difficulty="medium",
    hints=(
        "Column j of J is how f changes when x_j alone moves: perturb one coordinate "
        "at a time, on a copy of x, in both directions.",
        "For each j: e = zeros(n), e[j] = eps; column j = (f(x + e) - f(x - e)) / "
        "(2 eps). Turn f's value into a 1-D array first (np.asarray(...).reshape(-1)), "
        "so a scalar f gives J of shape (1, n); stack the columns with axis=1.",
    ),
    cases=_jacobian_cases,
    tol=Tol(rtol=1e-7, atol=1e-8),
    misconceptions=(
        Misconception("looks like forward differences (f(x + eps e_j) - f(x)) / eps, "
                      "which are only O(eps) accurate: use the central difference "
                      "(f(x + eps e_j) - f(x - eps e_j)) / (2 eps)", _jacobian_forward),
        Misconception("looks like the central difference was divided by eps instead of "
                      "2 eps", _jacobian_over_eps),
        Misconception("looks like J is transposed: row i holds the derivatives of output "
                      "f_i, column j the derivatives along x_j", _jacobian_transposed),
        Misconception("looks like one buffer was perturbed in place and f's outputs were "
                      "kept without a copy: this f returns its argument itself, so "
                      "f(x - eps e_j) overwrote f(x + eps e_j). Pass a new array "
                      "x + eps e_j to each call, or copy f's output", _jacobian_one_buffer),
    ),
)


# --- numerical_hessian ------------------------------------------------------------


def _callable(f):
    """The callable an argument stands for (properties receive the raw ``Fn``)."""
    return build(f.name, f.params) if isinstance(f, Fn) else f


def _hessian_case(label, f, x):
    exact = _callable(f).hessian(x)
    # Compared with the reference (itself within a hair of the exact Hessian) at twice
    # the contract's tolerance; the property below applies the contract exactly.
    return Case(label, {"f": f, "x": x},
                tol=Tol(rtol=0.0, atol=2e-5 * (1.0 + float(np.max(np.abs(exact))))))


def _hessian_cases(rng):
    A = rng.normal(size=(3, 3))
    yield _hessian_case("a quadratic x.A.x / 2 - b.x on R^3 (H = A)",
                        Fn("quadratic_form", {"A": A + A.T, "b": rng.normal(size=3)}),
                        rng.normal(size=3))
    yield _hessian_case("the Rosenbrock function at (-1.2, 1)", Fn("rosenbrock"),
                        np.array([-1.2, 1.0]))
    yield _hessian_case("exp(a.x) + (c.x)^3 / 6 on R^4",
                        Fn("exp_plus_cubic", {"a": rng.normal(size=4) * 0.8,
                                              "c": rng.normal(size=4)}),
                        rng.normal(size=4) * 0.5)
    yield _hessian_case("log-sum-exp on R^3 (H = diag(s) - s s^T)", Fn("log_sum_exp_fn"),
                        rng.normal(size=3))
    # x + eps - 2 eps + eps != x at 2.7: perturbing x in place and undoing it shows.
    yield _hessian_case("a quadratic at x = (2.7, 3.14159, -0.5)",
                        Fn("quadratic_form", {"A": A @ A.T, "b": rng.normal(size=3)}),
                        np.array([2.7, 3.14159, -0.5]))
    yield _hessian_case("n = 1: exp(2x) + (1.5x)^3 / 6",
                        Fn("exp_plus_cubic", {"a": np.array([2.0]), "c": np.array([1.5])}),
                        np.array([0.3]))


def _hessian_forward(f, x, eps=1e-4):
    x = np.asarray(x, dtype=float)
    n = x.size
    e = np.eye(n) * eps
    f0 = float(f(x))
    H = np.empty((n, n))
    for i in range(n):
        for j in range(i + 1):
            H[i, j] = H[j, i] = (float(f(x + e[i] + e[j])) - float(f(x + e[i]))
                                 - float(f(x + e[j])) + f0) / eps**2
    return H


def _hessian_no_quarter(f, x, eps=1e-4):
    x = np.asarray(x, dtype=float)
    n = x.size
    e = np.eye(n) * eps
    f0 = float(f(x))
    H = np.empty((n, n))
    for i in range(n):
        H[i, i] = (float(f(x + e[i])) - 2.0 * f0 + float(f(x - e[i]))) / eps**2
        for j in range(i):
            H[i, j] = H[j, i] = (float(f(x + e[i] + e[j])) - float(f(x + e[i] - e[j]))
                                 - float(f(x - e[i] + e[j])) + float(f(x - e[i] - e[j]))
                                 ) / eps**2
    return H


def _hessian_symmetric(args, got):
    H = np.asarray(got, dtype=float)
    if not np.array_equal(H, H.T):
        return (f"H is not exactly symmetric (max abs(H - H.T) = {np.max(np.abs(H - H.T)):.2g})"
                ": compute each pair i < j once and store it in both H[i, j] and H[j, i]")
    return None


def _hessian_exact(args, got):
    x = np.asarray(args["x"], dtype=float)
    exact = _callable(args["f"]).hessian(x)
    allowed = 1e-5 * (1.0 + float(np.max(np.abs(exact))))
    error = float(np.max(np.abs(np.asarray(got, dtype=float) - exact)))
    if not error <= allowed:
        return (f"differs from the exact Hessian by {error:.3g}, more than the {allowed:.3g} "
                "allowed: check the step (eps) and the divisors (eps^2 on the diagonal, "
                "4 eps^2 off it)")
    return None


NUMERICAL_HESSIAN = Exercise(
    name="numerical_hessian",
    points=3,
    difficulty="hard",
    hints=(
        "A second derivative is a difference of differences. The diagonal needs f at "
        "x and x +- eps e_i; an off-diagonal entry needs the four points "
        "x +- eps e_i +- eps e_j.",
        "H[i, i] = (f(x + eps e_i) - 2 f(x) + f(x - eps e_i)) / eps^2; for i != j, "
        "H[i, j] = (f(++) - f(+-) - f(-+) + f(--)) / (4 eps^2). Loop over j < i and "
        "store the value in H[i, j] and H[j, i].",
    ),
    cases=_hessian_cases,
    tol=Tol(rtol=0.0, atol=1e-5),  # every case sets its own, scaled to the Hessian
    misconceptions=(
        Misconception("looks like one-sided (forward) differences, only O(eps) accurate: "
                      "use central differences, stepping both to x + eps and x - eps",
                      _hessian_forward),
        Misconception("looks like the off-diagonal entries are 4 times too large: the "
                      "four-point formula divides by 4 eps^2", _hessian_no_quarter),
    ),
    properties=(
        Property("symmetry of H", _hessian_symmetric),
        Property("closeness to the exact Hessian", _hessian_exact),
    ),
)


# --- softmax_jacobian -------------------------------------------------------------


def _softmax_jac_cases(rng):
    yield Case("random logits (5,)", {"z": rng.normal(size=5)})
    yield Case("large logits, abs(z) up to 1e4: [1e4, -1e4, 9999, 0]",
               {"z": np.array([1e4, -1e4, 9999.0, 0.0])})
    yield Case("logits all near -1e4: [-1e4, -9999, -9998]",
               {"z": np.array([-1e4, -9999.0, -9998.0])})
    yield Case("equal logits (uniform softmax), k = 4", {"z": np.zeros(4)})
    yield Case("a single logit", {"z": np.array([2.5])})


def _softmax_probs(z):
    e = np.exp(z - np.max(z))
    return e / e.sum()


def _softmax_jac_no_shift(z):
    s = np.exp(z) / np.sum(np.exp(z))
    return np.diag(s) - np.outer(s, s)


def _softmax_jac_sign(z):
    s = _softmax_probs(z)
    return np.outer(s, s) - np.diag(s)


def _softmax_jac_diagonal(z):
    s = _softmax_probs(z)
    return np.diag(s * (1.0 - s))


SOFTMAX_JACOBIAN = Exercise(
    name="softmax_jacobian",
    points=1,
    difficulty="easy",
    hints=(
        "Differentiate s_i = exp(z_i) / sum_k exp(z_k) with respect to z_j; treat "
        "i = j and i != j separately. And exp(1e4) is inf.",
        "d s_i / d z_j = s_i (delta_ij - s_j): J = np.diag(s) - np.outer(s, s), with s "
        "computed from z - max(z).",
    ),
    cases=_softmax_jac_cases,
    tol=Tol(rtol=1e-9, atol=1e-15),
    misconceptions=(
        Misconception("overflow: exp of a logit of 1e4 is inf (and exp(-1e4) underflows "
                      "to 0), giving nan; subtract max(z) before exponentiating",
                      _softmax_jac_no_shift),
        Misconception("looks like s s^T - diag(s): the sign is flipped; J = diag(s) - "
                      "s s^T", _softmax_jac_sign),
        Misconception("looks like only the diagonal s_i (1 - s_i): the off-diagonal "
                      "entries are -s_i s_j", _softmax_jac_diagonal),
    ),
)


# --- mahalanobis_distance ---------------------------------------------------------


def _spd(rng, d, scale=1.0):
    M = rng.normal(size=(d, d))
    C = scale * (M @ M.T / d + 0.5 * np.eye(d))
    return (C + C.T) / 2


def _mahalanobis_cases(rng):
    yield Case("cov = diag(4, 1): points (2, 0) and (0, 3) at distances 1 and 3",
               {"X": np.array([[2.0, 0.0], [0.0, 3.0]]), "mean": np.zeros(2),
                "cov": np.diag([4.0, 1.0])})
    mean = rng.normal(size=3)
    X = rng.normal(size=(6, 3)) * 2.0 + mean
    X[2] = mean
    yield Case("random X (6, 3) with a correlated cov; row 2 equals the mean",
               {"X": X, "mean": mean, "cov": _spd(rng, 3)})
    yield Case("identity cov (the Euclidean distance)",
               {"X": rng.normal(size=(4, 3)), "mean": rng.normal(size=3), "cov": np.eye(3)})
    yield Case("strongly correlated pair (correlation 0.99)",
               {"X": np.array([[1.0, 1.0], [1.0, -1.0], [2.0, 1.5]]), "mean": np.zeros(2),
                "cov": np.array([[1.0, 0.99], [0.99, 1.0]])})
    yield Case("d = 1", {"X": np.array([[3.0], [-1.0], [0.5]]), "mean": np.array([1.0]),
                         "cov": np.array([[4.0]])})
    M = _with_singular_values(rng, 4, 4, np.logspace(0, -3, 4))
    C = M @ M.T
    yield Case("ill-conditioned cov (eigenvalues from 1 down to 1e-6, cond = 1e6)",
               {"X": rng.normal(size=(5, 4)), "mean": np.zeros(4), "cov": (C + C.T) / 2})
    # The symmetry rule at its boundary and far from scale 1, and positive definiteness
    # far from scale 1 (valid inputs all).
    yield Case("cov[0, 1] one ulp away from cov[1, 0] (symmetric within 1e-10: valid)",
               {"X": rng.normal(size=(4, 3)), "mean": rng.normal(size=3),
                "cov": _one_ulp_off(_spd(rng, 3))},
               why="A matrix one rounding error away from its transpose is symmetric "
                   "within 1e-10 relative: compare max abs(cov - cov.T) with 1e-10 times "
                   "max abs(cov), not for exact equality")
    yield Case("cov with entries up to 5e9, cov[0, 2] = 1e3 off from cov[2, 0] by 5e-11 "
               "relative to the largest entry (valid)",
               {"X": rng.normal(size=(4, 3)) * 5e4, "mean": rng.normal(size=3) * 5e4,
                "cov": _nudged(_LARGE_SYMMETRIC, 0, 2, 5e-11)},
               why="The symmetry tolerance is 1e-10 relative to the largest entry of cov, "
                   "not an absolute number and not relative to each entry (np.allclose's "
                   "defaults): max abs(cov - cov.T) <= 1e-10 * max abs(cov)")
    yield Case("a tiny cov (entries near 1e-12, positive definite) and points near 1e-6",
               {"X": rng.normal(size=(4, 3)) * 1e-6, "mean": rng.normal(size=3) * 1e-6,
                "cov": _spd(rng, 3, scale=1e-12)},
               why="cov is positive definite however small its entries: an absolute "
                   "threshold on its eigenvalues or determinant (< 1e-10) rejects it. Let "
                   "np.linalg.cholesky decide, and turn its LinAlgError into a ValueError")
    mean = rng.normal(size=3) + 1e8
    yield Case("points and mean far from 0 (offset 1e8)",
               {"X": mean + rng.normal(size=(5, 3)) * 2.0, "mean": mean, "cov": _spd(rng, 3)},
               why="Subtract the mean first: expanding (x - m)^T C^-1 (x - m) into "
                   "x^T C^-1 x - 2 x^T C^-1 m + m^T C^-1 m subtracts numbers near 1e16 "
                   "and loses every digit (catastrophic cancellation)")


def _mahalanobis_errors(rng):
    yield Case("a non-symmetric cov [[2, 1], [0, 2]]",
               {"X": np.ones((2, 2)), "mean": np.zeros(2), "cov": np.array([[2.0, 1.0],
                                                                            [0.0, 2.0]])})
    yield Case("an indefinite cov [[1, 2], [2, 1]] (eigenvalues 3 and -1)",
               {"X": np.ones((2, 2)), "mean": np.zeros(2), "cov": np.array([[1.0, 2.0],
                                                                            [2.0, 1.0]])})
    yield Case("a singular cov diag(2, 0, 1)",
               {"X": np.ones((2, 3)), "mean": np.zeros(3), "cov": np.diag([2.0, 0.0, 1.0])})
    cov = _spd(rng, 3)
    yield Case("a slightly non-symmetric cov: max abs(cov - cov.T) = 3e-10 * max abs(cov) "
               "(positive definite otherwise)",
               {"X": np.ones((2, 3)), "mean": np.zeros(3), "cov": _nudged(cov, 0, 1, 3e-10)})
    yield Case("a tiny non-symmetric cov: entries near 1e-12, max abs(cov - cov.T) = 1e-8 * "
               "max abs(cov) (positive definite otherwise)",
               {"X": np.ones((2, 3)) * 1e-6, "mean": np.zeros(3),
                "cov": _nudged(1e-12 * cov, 1, 2, 1e-8)})


def _mahalanobis_whitened(X, mean, cov):
    """z with L z = x - mean, after the reference's checks."""
    _check_symmetric(cov)
    try:
        L = np.linalg.cholesky(cov)
    except np.linalg.LinAlgError:
        raise ValueError("not positive definite") from None
    return np.linalg.solve(L, (X - mean).T)


def _mahalanobis_squared(X, mean, cov):
    z = _mahalanobis_whitened(X, mean, cov)
    return np.sum(z * z, axis=0)


def _mahalanobis_times_cov(X, mean, cov):
    _mahalanobis_whitened(X, mean, cov)
    D = X - mean
    return np.sqrt(np.sum((D @ cov) * D, axis=1))


def _mahalanobis_euclidean(X, mean, cov):
    _mahalanobis_whitened(X, mean, cov)
    return np.sqrt(np.sum((X - mean) ** 2, axis=1))


def _mahalanobis_diagonal(X, mean, cov):
    _mahalanobis_whitened(X, mean, cov)
    return np.sqrt(np.sum((X - mean) ** 2 / np.diag(cov), axis=1))


def _mahalanobis_zero_at_mean(args, got):
    at_mean = np.all(np.asarray(args["X"]) == np.asarray(args["mean"]), axis=1)
    d = np.asarray(got, dtype=float)
    if d.shape == at_mean.shape and np.any(d[at_mean] != 0.0):
        i = int(np.flatnonzero(at_mean & (d != 0.0))[0])
        return (f"row {i} of X equals mean, so its distance is exactly 0, got {d[i]!r}: "
                "subtract the mean first rather than expanding the quadratic form")
    return None


MAHALANOBIS_DISTANCE = Exercise(
    name="mahalanobis_distance",
    points=2,
    difficulty="medium",
    hints=(
        "You need (x - mean)^T cov^-1 (x - mean) without ever forming cov^-1. Which "
        "factorisation of an SPD matrix turns that into a sum of squares?",
        "Check symmetry yourself, then L = np.linalg.cholesky(cov) (it raises "
        "LinAlgError when cov is not positive definite). Solve L Z = (X - mean).T with "
        "np.linalg.solve; the distances are the column norms of Z.",
    ),
    cases=_mahalanobis_cases,
    errors=_mahalanobis_errors,
    tol=Tol(rtol=1e-8, atol=1e-12),
    forbidden=("np.linalg.inv", "np.linalg.pinv"),
    misconceptions=(
        Misconception("looks like the squared distance: take the square root",
                      _mahalanobis_squared),
        Misconception("looks like cov was used where cov^-1 belongs: solve with cov "
                      "instead of multiplying by it", _mahalanobis_times_cov),
        Misconception("looks like the Euclidean distance: cov was ignored",
                      _mahalanobis_euclidean),
        Misconception("looks like only the variances (the diagonal of cov) were used: "
                      "the covariances off the diagonal matter too", _mahalanobis_diagonal),
    ),
    properties=(Property("distance 0 at the mean", _mahalanobis_zero_at_mean),),
)


EXERCISES = [  # the order learners go
    MATMUL,
    COSINE_SIMILARITY_MATRIX,
    POWER_ITERATION,
    PCA,
    LOW_RANK_APPROXIMATION,
    LEAST_SQUARES,
    GRAM_SCHMIDT_QR,
    NUMERICAL_JACOBIAN,
    NUMERICAL_HESSIAN,
    SOFTMAX_JACOBIAN,
    MAHALANOBIS_DISTANCE,
]
