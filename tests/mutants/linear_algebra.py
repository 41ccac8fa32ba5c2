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
def matmul__no_shape_check(A, B):
    # (2, 1) x (3, 4) broadcasts silently to a (2, 4) answer.
    return np.sum(A[:, :, None] * B[None, :, :], axis=1)


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


# --- power_iteration ---------------------------------------------------------------


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
    n = X.shape[0]
    if n < 2:
        raise ValueError("need two samples")
    Xc = X - X.mean(axis=0)
    _, s, vt = np.linalg.svd(Xc, full_matrices=False)
    comps = vt[:k] * np.sign(vt[:k][np.arange(len(vt[:k])), np.argmax(np.abs(vt[:k]), axis=1)]
                             )[:, None]
    return comps, s[:k] ** 2 / (n - 1), Xc @ comps.T


# --- low_rank_approximation --------------------------------------------------------


@mutant("should raise ValueError for k = -1")
def low_rank_approximation__slices_negative_k(A, k):
    u, s, vt = np.linalg.svd(A, full_matrices=False)
    return (u[:, :k] * s[:k]) @ vt[:k]  # k = -1 silently keeps all but the last


@mutant("changed its input `A` in place")
def low_rank_approximation__zeroes_in_place(A, k):
    if not 0 <= k <= min(A.shape):
        raise ValueError("bad k")
    u, s, vt = np.linalg.svd(A, full_matrices=False)
    A[:] = (u[:, :k] * s[:k]) @ vt[:k]
    return A.copy()


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


@mutant("should raise ValueError for a non-symmetric cov")
def mahalanobis_distance__cholesky_only(X, mean, cov):
    # np.linalg.cholesky reads one triangle only, so a non-symmetric cov slips through.
    try:
        L = np.linalg.cholesky(cov)
    except np.linalg.LinAlgError:
        raise ValueError("cov must be positive definite") from None
    z = np.linalg.solve(L, (X - mean).T)
    return np.sqrt(np.sum(z * z, axis=0))
