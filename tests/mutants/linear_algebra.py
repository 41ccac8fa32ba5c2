"""Realistic wrong solutions of the linear_algebra exercises, beyond the grader table's
misconceptions. Each must fail, with feedback containing its ``@mutant`` fragment."""

import numpy as np

from tests.support import mutant

# --- matmul --------------------------------------------------------------------------


@mutant("uses the `@` operator, which this exercise forbids")
def matmul__at_operator(A, B):
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
        raise ValueError("bad shapes")
    return A @ B


@mutant("uses `.dot`, which this exercise forbids")
def matmul__dot_method(A, B):
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
        raise ValueError("bad shapes")
    return A.dot(B)


@mutant("should raise ValueError for inner sizes differ")
def matmul__no_inner_size_check(A, B):
    # Checks the dimensions only: (2, 1) x (3, 4) broadcasts silently to a (2, 4) answer.
    if A.ndim != 2 or B.ndim != 2:
        raise ValueError("A and B must be 2-D")
    return np.sum(A[:, :, None] * B[None, :, :], axis=1)


@mutant("should raise ValueError for a 1-D A")
def matmul__no_ndim_check(A, B):
    # Checks the inner sizes only; a 1-D or 3-D input broadcasts into some answer.
    if A.shape[-1] != B.shape[0]:
        raise ValueError("inner sizes differ")
    return np.sum(A[..., :, None] * B, axis=-2)


@mutant("too slow")
def matmul__triple_loop(A, B):
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
        raise ValueError("bad shapes")
    n, m = A.shape
    p = B.shape[1]
    C = np.zeros((n, p))
    for i in range(n):
        for j in range(p):
            total = 0.0
            for k in range(m):
                total += A[i, k] * B[k, j]
            C[i, j] = total
    return C


# --- cosine_similarity_matrix ------------------------------------------------------


@mutant("changed its input `X` in place")
def cosine_similarity_matrix__normalises_in_place(X, Y):
    if X.shape[1] != Y.shape[1]:
        raise ValueError("widths differ")
    nx = np.linalg.norm(X, axis=1, keepdims=True)
    ny = np.linalg.norm(Y, axis=1, keepdims=True)
    X /= np.where(nx > 0, nx, 1.0)
    Y = Y / np.where(ny > 0, ny, 1.0)
    return np.clip(X @ Y.T, -1.0, 1.0)


@mutant("outside [-1, 1]")
def cosine_similarity_matrix__no_clip(X, Y):
    if X.shape[1] != Y.shape[1]:
        raise ValueError("widths differ")
    nx = np.linalg.norm(X, axis=1, keepdims=True)
    ny = np.linalg.norm(Y, axis=1, keepdims=True)
    return (X / np.where(nx > 0, nx, 1.0)) @ (Y / np.where(ny > 0, ny, 1.0)).T


@mutant("should raise ValueError for widths differ: X (2, 1), Y (3, 4)")
def cosine_similarity_matrix__broadcast_without_width_check(X, Y):
    # Relies on NumPy to complain about the widths; d = 1 broadcasts against any d.
    nx = np.sqrt(np.sum(X * X, axis=1))
    ny = np.sqrt(np.sum(Y * Y, axis=1))
    dots = np.sum(X[:, None, :] * Y[None, :, :], axis=2)
    norms = np.outer(nx, ny)
    return np.clip(dots / np.where(norms > 0, norms, 1.0), -1.0, 1.0)


@mutant("A short row still has a direction")
def cosine_similarity_matrix__eps_in_norms(X, Y):
    if X.shape[1] != Y.shape[1]:
        raise ValueError("widths differ")
    nx = np.linalg.norm(X, axis=1, keepdims=True) + 1e-12
    ny = np.linalg.norm(Y, axis=1, keepdims=True) + 1e-12
    return np.clip((X / nx) @ (Y / ny).T, -1.0, 1.0)


@mutant("A short row still has a direction")
def cosine_similarity_matrix__norm_floor(X, Y):
    if X.shape[1] != Y.shape[1]:
        raise ValueError("widths differ")
    nx = np.maximum(np.linalg.norm(X, axis=1, keepdims=True), 1e-10)
    ny = np.maximum(np.linalg.norm(Y, axis=1, keepdims=True), 1e-10)
    return np.clip((X / nx) @ (Y / ny).T, -1.0, 1.0)


# --- power_iteration ---------------------------------------------------------------


def _power_loop(A, num_iters, tol, floor=0.0):
    """Power iteration from a fixed start; stops early when ||A v|| <= floor."""
    v = np.random.default_rng(3).standard_normal(A.shape[0])
    v /= np.linalg.norm(v)
    norm = 0.0
    for _ in range(num_iters):
        w = A @ v
        norm = np.linalg.norm(w)
        if norm <= floor:
            break
        w /= norm
        done = min(np.linalg.norm(w - v), np.linalg.norm(w + v)) < tol
        v = w
        if done:
            break
    return v, norm


def _largest_positive(v):
    return v if v[np.argmax(np.abs(v))] > 0 else -v


@mutant("uses `np.linalg.eigh`, which this exercise forbids")
def power_iteration__eigh(A, num_iters=1000, tol=1e-10):
    if A.shape[0] != A.shape[1] or not np.allclose(A, A.T):
        raise ValueError("A must be square and symmetric")
    values, vectors = np.linalg.eigh(A)
    i = int(np.argmax(np.abs(values)))
    v = vectors[:, i]
    return float(values[i]), v if v[np.argmax(np.abs(v))] > 0 else -v


@mutant("should raise ValueError for a non-symmetric A")
def power_iteration__no_symmetry_check(A, num_iters=1000, tol=1e-10):
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise ValueError("A must be square")
    v = np.ones(A.shape[0]) / np.sqrt(A.shape[0]) + 0.01 * np.arange(A.shape[0])
    v /= np.linalg.norm(v)
    for _ in range(num_iters):
        w = A @ v
        w /= np.linalg.norm(w)
        done = min(np.linalg.norm(w - v), np.linalg.norm(w + v)) < tol
        v = w
        if done:
            break
    return float(v @ A @ v), v if v[np.argmax(np.abs(v))] > 0 else -v


@mutant("largest-magnitude entry is negative")
def power_iteration__positive_sum_sign(A, num_iters=1000, tol=1e-10):
    if A.ndim != 2 or A.shape[0] != A.shape[1] or not np.allclose(A, A.T):
        raise ValueError("A must be square and symmetric")
    v = np.random.default_rng(1).standard_normal(A.shape[0])
    v /= np.linalg.norm(v)
    for _ in range(num_iters):
        w = A @ v
        w /= np.linalg.norm(w)
        done = min(np.linalg.norm(w - v), np.linalg.norm(w + v)) < tol
        v = w
        if done:
            break
    return float(v @ A @ v), v if v.sum() >= 0 else -v


@mutant("should raise ValueError for a slightly non-symmetric A")
def power_iteration__allclose_symmetry(A, num_iters=1000, tol=1e-10):
    # np.allclose's defaults (rtol=1e-5, atol=1e-8) are not the contract's 1e-10 rule.
    if A.ndim != 2 or A.shape[0] != A.shape[1] or not np.allclose(A, A.T):
        raise ValueError("A must be square and symmetric")
    v, _ = _power_loop(A, num_iters, tol)
    return float(v @ A @ v), _largest_positive(v)


@mutant("symmetric within 1e-10 relative: compare max abs(A - A.T)")
def power_iteration__exact_symmetry(A, num_iters=1000, tol=1e-10):
    if A.ndim != 2 or A.shape[0] != A.shape[1] or not np.array_equal(A, A.T):
        raise ValueError("A must be square and symmetric")
    v, _ = _power_loop(A, num_iters, tol)
    return float(v @ A @ v), _largest_positive(v)


@mutant("should raise ValueError for a tiny non-symmetric A")
def power_iteration__absolute_symmetry_tol(A, num_iters=1000, tol=1e-10):
    if A.ndim != 2 or A.shape[0] != A.shape[1] or np.max(np.abs(A - A.T)) > 1e-10:
        raise ValueError("A must be square and symmetric")
    v, _ = _power_loop(A, num_iters, tol)
    return float(v @ A @ v), _largest_positive(v)


@mutant("fires at once on a matrix this small")
def power_iteration__absolute_norm_floor(A, num_iters=1000, tol=1e-10):
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise ValueError("A must be square")
    if np.max(np.abs(A - A.T)) > 1e-10 * np.max(np.abs(A)):
        raise ValueError("A must be symmetric")
    v, _ = _power_loop(A, num_iters, tol, floor=1e-10)  # "A v is zero": not at 1e-12
    return float(v @ A @ v), _largest_positive(v)


@mutant("as ||A v|| does")
def power_iteration__norm_as_eigenvalue(A, num_iters=1000, tol=1e-10):
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise ValueError("A must be square")
    if np.max(np.abs(A - A.T)) > 1e-10 * np.max(np.abs(A)):
        raise ValueError("A must be symmetric")
    v, norm = _power_loop(A, num_iters, tol)
    return float(norm), _largest_positive(v)


# --- pca ---------------------------------------------------------------------------


@mutant("changed its input `X` in place")
def pca__centres_in_place(X, k):
    n, d = X.shape
    if n < 2 or not 1 <= k <= min(n, d):
        raise ValueError("bad n or k")
    X -= X.mean(axis=0)
    _, s, vt = np.linalg.svd(X, full_matrices=False)
    comps = vt[:k] * np.sign(vt[:k][np.arange(k), np.argmax(np.abs(vt[:k]), axis=1)])[:, None]
    return comps, s[:k] ** 2 / (n - 1), X @ comps.T


@mutant("should raise ValueError for k = 0")
def pca__no_k_check(X, k):
    n, d = X.shape
    if n < 2 or k > min(n, d):  # every rule but k >= 1
        raise ValueError("need two samples and k <= min(n, d)")
    Xc = X - X.mean(axis=0)
    _, s, vt = np.linalg.svd(Xc, full_matrices=False)
    comps = vt[:k] * np.sign(vt[:k][np.arange(len(vt[:k])), np.argmax(np.abs(vt[:k]), axis=1)]
                             )[:, None]
    return comps, s[:k] ** 2 / (n - 1), Xc @ comps.T


def _pca_from_svd(X, k):
    n = X.shape[0]
    Xc = X - X.mean(axis=0)
    _, s, vt = np.linalg.svd(Xc, full_matrices=False)
    comps = vt[:k] * np.sign(vt[:k][np.arange(len(vt[:k])), np.argmax(np.abs(vt[:k]), axis=1)]
                             )[:, None]
    return comps, s[:k] ** 2 / (n - 1), Xc @ comps.T


@mutant("should raise ValueError for a single sample")
def pca__no_sample_check(X, k):
    # Every rule but n >= 2: one sample gives 0 / 0 for the variance.
    if not 1 <= k <= min(X.shape):
        raise ValueError("k out of range")
    return _pca_from_svd(X, k)


@mutant("should raise ValueError for k = 4 > min(n, d) = 3")
def pca__no_upper_k_check(X, k):
    if X.shape[0] < 2 or k < 1:  # every rule but k <= min(n, d): vt[:k] stops short
        raise ValueError("bad n or k")
    return _pca_from_svd(X, k)


@mutant("should raise ValueError for wide data")
def pca__k_checked_against_d(X, k):
    if X.shape[0] < 2 or not 1 <= k <= X.shape[1]:  # forgets that n can be the smaller
        raise ValueError("bad n or k")
    return _pca_from_svd(X, k)


@mutant("catastrophic cancellation")
def pca__covariance_expanded(X, k):
    n, d = X.shape
    if n < 2 or not 1 <= k <= min(n, d):
        raise ValueError("bad n or k")
    mean = X.mean(axis=0)
    C = (X.T @ X - n * np.outer(mean, mean)) / (n - 1)  # E[x x^T] - m m^T, uncentred
    values, vectors = np.linalg.eigh(C)
    order = np.argsort(values)[::-1][:k]
    comps = np.array([_largest_positive(vectors[:, i]) for i in order])
    return comps, values[order], X @ comps.T - mean @ comps.T


# --- low_rank_approximation --------------------------------------------------------


@mutant("should raise ValueError for k = -1")
def low_rank_approximation__slices_negative_k(A, k):
    if k > min(A.shape):  # every rule but k >= 0
        raise ValueError("k too large")
    u, s, vt = np.linalg.svd(A, full_matrices=False)
    return (u[:, :k] * s[:k]) @ vt[:k]  # k = -1 silently keeps all but the last


@mutant("changed its input `A` in place")
def low_rank_approximation__zeroes_in_place(A, k):
    if not 0 <= k <= min(A.shape):
        raise ValueError("bad k")
    u, s, vt = np.linalg.svd(A, full_matrices=False)
    A[:] = (u[:, :k] * s[:k]) @ vt[:k]
    return A.copy()


@mutant("should raise ValueError for k = 4 > min(m, n) = 3")
def low_rank_approximation__no_upper_k_check(A, k):
    if k < 0:  # every rule but k <= min(m, n): the slices stop short, giving A back
        raise ValueError("k must be >= 0")
    u, s, vt = np.linalg.svd(A, full_matrices=False)
    return (u[:, :k] * s[:k]) @ vt[:k]


@mutant("should raise ValueError for a tall A")
def low_rank_approximation__k_checked_against_rows(A, k):
    if not 0 <= k <= A.shape[0]:  # min(m, n) is n for a tall A
        raise ValueError("bad k")
    u, s, vt = np.linalg.svd(A, full_matrices=False)
    return (u[:, :k] * s[:k]) @ vt[:k]


@mutant("no absolute cutoff")
def low_rank_approximation__absolute_cutoff(A, k):
    if not 0 <= k <= min(A.shape):
        raise ValueError("bad k")
    u, s, vt = np.linalg.svd(A, full_matrices=False)
    keep = min(k, int(np.sum(s > 1e-10)))  # "numerically zero" singular values dropped
    return (u[:, :keep] * s[:keep]) @ vt[:keep]


# --- least_squares -----------------------------------------------------------------


@mutant("uses `np.linalg.lstsq`, which this exercise forbids")
def least_squares__lstsq(X, y):
    return np.linalg.lstsq(X, y, rcond=None)[0]


@mutant("uses `np.linalg.pinv`, which this exercise forbids")
def least_squares__pinv(X, y):
    return np.linalg.pinv(X) @ y


@mutant("squares the condition number")
def least_squares__cholesky_normal_equations(X, y):
    L = np.linalg.cholesky(X.T @ X)
    return np.linalg.solve(L.T, np.linalg.solve(L, X.T @ y))


@mutant("throws every column away")
def least_squares__svd_absolute_cutoff(X, y):
    u, s, vt = np.linalg.svd(X, full_matrices=False)
    inverse = np.where(s > 1e-10, 1.0 / np.where(s > 0, s, 1.0), 0.0)  # pinv-style cutoff
    return vt.T @ ((u.T @ y) * inverse)


# --- gram_schmidt_qr ---------------------------------------------------------------


@mutant("uses `np.linalg.qr`, which this exercise forbids")
def gram_schmidt_qr__numpy_qr(A):
    Q, R = np.linalg.qr(A)
    signs = np.where(np.diag(R) < 0, -1.0, 1.0)
    return Q * signs, R * signs[:, None]


@mutant("shape")
def gram_schmidt_qr__r_shaped_like_a(A):
    # R allocated with A's shape (m, n) instead of (n, n).
    V = np.array(A, dtype=float)
    m, n = V.shape
    Q = np.zeros((m, n))
    R = np.zeros((m, n))
    for j in range(n):
        R[j, j] = np.linalg.norm(V[:, j])
        Q[:, j] = V[:, j] / R[j, j]
        for later in range(j + 1, n):
            R[j, later] = Q[:, j] @ V[:, later]
            V[:, later] -= R[j, later] * Q[:, j]
    return Q, R


@mutant("below the diagonal")
def gram_schmidt_qr__r_as_q_transpose_a(A):
    A = np.asarray(A, dtype=float)
    m, n = A.shape
    Q = np.zeros((m, n))
    for j in range(n):
        v = A[:, j].copy()
        for i in range(j):
            v -= (Q[:, i] @ v) * Q[:, i]
        Q[:, j] = v / np.linalg.norm(v)
    return Q, Q.T @ A


@mutant("not orthonormal")
def gram_schmidt_qr__classical_loop(A):
    A = np.asarray(A, dtype=float)
    m, n = A.shape
    Q = np.zeros((m, n))
    R = np.zeros((n, n))
    for j in range(n):
        v = A[:, j].copy()
        for i in range(j):
            R[i, j] = Q[:, i] @ A[:, j]  # the original column: classical Gram-Schmidt
            v -= R[i, j] * Q[:, i]
        R[j, j] = np.linalg.norm(v)
        Q[:, j] = v / R[j, j]
    return Q, R


@mutant("A has full column rank however small its entries")
def gram_schmidt_qr__absolute_dependence_test(A):
    V = np.array(A, dtype=float)
    m, n = V.shape
    Q = np.zeros((m, n))
    R = np.zeros((n, n))
    for j in range(n):
        norm = np.linalg.norm(V[:, j])
        if norm < 1e-10:  # "dependent column": left as zeros
            continue
        R[j, j] = norm
        Q[:, j] = V[:, j] / norm
        R[j, j + 1:] = Q[:, j] @ V[:, j + 1:]
        V[:, j + 1:] -= np.outer(Q[:, j], R[j, j + 1:])
    return Q, R


# --- numerical_jacobian ------------------------------------------------------------


@mutant("changed its input `x` in place")
def numerical_jacobian__perturbs_x_in_place(f, x, eps=1e-6):
    columns = []
    for j in range(x.size):
        x[j] += eps
        high = np.atleast_1d(f(x))
        x[j] -= 2 * eps
        low = np.atleast_1d(f(x))
        x[j] += eps  # does not restore x exactly in floating point
        columns.append((high - low) / (2 * eps))
    return np.stack(columns, axis=1)


@mutant("shape")
def numerical_jacobian__scalar_output_1d(f, x, eps=1e-6):
    columns = []
    for j in range(x.size):
        e = np.zeros_like(x)
        e[j] = eps
        columns.append((np.asarray(f(x + e)) - np.asarray(f(x - e))) / (2 * eps))
    return np.stack(columns, axis=-1)  # a scalar f gives shape (n,), not (1, n)


@mutant("one buffer was perturbed in place")
def numerical_jacobian__one_buffer_set_and_reset(f, x, eps=1e-6):
    point = x.copy()  # x itself stays untouched; f's outputs are not copied
    J = None
    for j in range(x.size):
        point[j] = x[j] + eps
        high = np.ravel(f(point))
        point[j] = x[j] - eps
        low = np.ravel(f(point))
        point[j] = x[j]
        if J is None:
            J = np.empty((high.size, x.size))
        J[:, j] = (high - low) / (2 * eps)
    return J


# --- numerical_hessian -------------------------------------------------------------


@mutant("not exactly symmetric")
def numerical_hessian__jacobian_of_gradient(f, x, eps=1e-4):
    # Central differences (step eps) of a central-difference gradient (step 1e-5):
    # H[i, j] and H[j, i] come from different points, so H is only nearly symmetric.
    n = x.size
    E = np.eye(n)

    def grad(p, h=1e-5):
        return np.array([(f(p + h * E[i]) - f(p - h * E[i])) / (2 * h) for i in range(n)])

    return np.column_stack([(grad(x + eps * E[j]) - grad(x - eps * E[j])) / (2 * eps)
                            for j in range(n)])


@mutant("changed its input `x` in place")
def numerical_hessian__perturbs_x_in_place(f, x, eps=1e-4):
    n = x.size
    f0 = f(x)
    H = np.zeros((n, n))
    for i in range(n):
        x[i] += eps
        up = f(x)
        x[i] -= 2 * eps
        down = f(x)
        x[i] += eps
        H[i, i] = (up - 2 * f0 + down) / eps**2
        for j in range(i):
            values = []
            for a, b in [(1, 1), (1, -1), (-1, 1), (-1, -1)]:
                x[i] += a * eps
                x[j] += b * eps
                values.append(f(x))
                x[i] -= a * eps
                x[j] -= b * eps
            H[i, j] = H[j, i] = (values[0] - values[1] - values[2] + values[3]) / (4 * eps**2)
    return H


# --- softmax_jacobian --------------------------------------------------------------


@mutant("shape")
def softmax_jacobian__diagonal_as_vector(z):
    e = np.exp(z - z.max())
    s = e / e.sum()
    return s * (1 - s)


@mutant("changed its input `z` in place")
def softmax_jacobian__shifts_in_place(z):
    z -= z.max()
    s = np.exp(z) / np.exp(z).sum()
    return np.diag(s) - np.outer(s, s)


# --- mahalanobis_distance ----------------------------------------------------------


@mutant("uses `np.linalg.inv`, which this exercise forbids")
def mahalanobis_distance__inverse(X, mean, cov):
    if not np.allclose(cov, cov.T) or np.any(np.linalg.eigvalsh(cov) <= 0):
        raise ValueError("cov must be symmetric positive definite")
    D = X - mean
    return np.sqrt(np.sum((D @ np.linalg.inv(cov)) * D, axis=1))


def _mahalanobis_by_cholesky(X, mean, cov):
    try:
        L = np.linalg.cholesky(cov)
    except np.linalg.LinAlgError:
        raise ValueError("cov must be positive definite") from None
    z = np.linalg.solve(L, (X - mean).T)
    return np.sqrt(np.sum(z * z, axis=0))


def _asymmetry(M):
    return np.max(np.abs(M - M.T)) / np.max(np.abs(M))


@mutant("should raise ValueError for an indefinite cov")
def mahalanobis_distance__no_positive_definite_check(X, mean, cov):
    # Every rule but positive definiteness: eigh accepts any symmetric matrix, and a
    # negative or zero eigenvalue turns into nan or inf instead of a ValueError.
    if _asymmetry(cov) > 1e-10:
        raise ValueError("cov must be symmetric")
    values, vectors = np.linalg.eigh(cov)
    projected = (X - mean) @ vectors
    return np.sqrt(np.sum(projected**2 / values, axis=1))


@mutant("should raise ValueError for a slightly non-symmetric cov")
def mahalanobis_distance__allclose_symmetry(X, mean, cov):
    if not np.allclose(cov, cov.T):
        raise ValueError("cov must be symmetric")
    return _mahalanobis_by_cholesky(X, mean, cov)


@mutant("symmetric within 1e-10 relative: compare max abs(cov - cov.T)")
def mahalanobis_distance__exact_symmetry(X, mean, cov):
    if not np.array_equal(cov, cov.T):
        raise ValueError("cov must be symmetric")
    return _mahalanobis_by_cholesky(X, mean, cov)


@mutant("should raise ValueError for a tiny non-symmetric cov")
def mahalanobis_distance__absolute_symmetry_tol(X, mean, cov):
    if np.max(np.abs(cov - cov.T)) > 1e-10:
        raise ValueError("cov must be symmetric")
    return _mahalanobis_by_cholesky(X, mean, cov)


@mutant("cov is positive definite however small its entries")
def mahalanobis_distance__eigenvalue_floor(X, mean, cov):
    if _asymmetry(cov) > 1e-10:
        raise ValueError("cov must be symmetric")
    if np.linalg.eigvalsh(cov).min() < 1e-10:  # an absolute "numerically singular"
        raise ValueError("cov must be positive definite")
    return _mahalanobis_by_cholesky(X, mean, cov)


@mutant("catastrophic cancellation")
def mahalanobis_distance__expanded_quadratic_form(X, mean, cov):
    if _asymmetry(cov) > 1e-10:
        raise ValueError("cov must be symmetric")
    try:
        L = np.linalg.cholesky(cov)
    except np.linalg.LinAlgError:
        raise ValueError("cov must be positive definite") from None
    zx = np.linalg.solve(L, X.T)
    zm = np.linalg.solve(L, mean)
    squared = np.sum(zx * zx, axis=0) - 2.0 * (zm @ zx) + zm @ zm
    return np.sqrt(np.maximum(squared, 0.0))


@mutant("should raise ValueError for a non-symmetric cov")
def mahalanobis_distance__cholesky_only(X, mean, cov):
    # np.linalg.cholesky reads one triangle only, so a non-symmetric cov slips through.
    try:
        L = np.linalg.cholesky(cov)
    except np.linalg.LinAlgError:
        raise ValueError("cov must be positive definite") from None
    z = np.linalg.solve(L, (X - mean).T)
    return np.sqrt(np.sum(z * z, axis=0))
