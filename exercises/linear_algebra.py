"""Linear algebra: products, similarities, eigenvectors, SVD, QR, derivatives of maps.

Every layer of a network is a matrix product, every embedding lookup ends in a
similarity, and PCA, least squares and whitening are the SVD, QR and Cholesky
factorisations in disguise. Interviews check that you can write these from their
definitions, that you know which factorisation to reach for, and that your code keeps
its accuracy on the badly conditioned matrices real data produces.

Conventions used throughout: matrices are 2-D float arrays, vectors 1-D; "symmetric"
means equal to its transpose within 1e-10 relative to the largest entry; an
eigenvector or principal component is returned with unit norm and its largest-magnitude
entry positive (on a tie, the first such entry), so that the answer is unique.

Fill in each function, then grade your work:

    nox -s linear_algebra            grade every exercise of this topic
    nox -s linear_algebra -- NAME    grade one
    nox -s hint -- NAME              a hint, one tier at a time
"""

from collections.abc import Callable

import numpy as np


def matmul(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """Matrix product from the definition, with broadcasting.

    C[i, j] = sum_k A[i, k] B[k, j]. Read a whole matrix at a time, C is a sum of m
    outer products, C = sum_k A[:, k] B[k, :], and broadcasting a column against a row,
    A[:, k, None] * B[None, k, :], computes one of them. (Broadcasting every term at
    once, A[:, :, None] * B[None, :, :] summed over axis 1, is just as right but holds
    n m p numbers in memory.)

    Parameters
    ----------
    A : ndarray of shape (n, m)
        Left factor.
    B : ndarray of shape (m, p)
        Right factor; its number of rows must equal A's number of columns.

    Returns
    -------
    ndarray of shape (n, p)
        C[i, j] = row i of A dotted with column j of B.

    Raises
    ------
    ValueError
        If A or B is not 2-D (a 1-D vector is not a matrix here), or if the inner sizes
        differ: A has m columns but B does not have m rows.

    Notes
    -----
    The point is to write the product yourself: `@`, `.dot`, `np.dot`, `np.matmul`,
    `np.einsum`, `np.tensordot`, `np.inner`, `np.vdot` and `np.linalg.multi_dot` are
    off limits. Scale: 256 x 256 times 256 x 256 must run at NumPy speed, so no Python
    loop over individual entries; a loop over k or over rows whose every step is a
    whole-array operation is fine.
    Why interviewers ask: shapes are where most deep-learning bugs live, and writing
    the product as a broadcast then a reduction shows you know which axis is summed.

    Examples
    --------
    >>> A = np.array([[1.0, 2.0], [3.0, 4.0]])
    >>> B = np.array([[5.0], [6.0]])
    >>> matmul(A, B).tolist()
    [[17.0], [39.0]]
    """
    raise NotImplementedError("linear_algebra.matmul")


def cosine_similarity_matrix(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Cosine similarity of every row of X with every row of Y.

    cos(x, y) = (x . y) / (||x|| ||y||). Dividing each row by its norm first turns the
    whole matrix into one product of unit rows: S = X_unit Y_unit^T.

    Parameters
    ----------
    X : ndarray of shape (n, d)
        One vector per row.
    Y : ndarray of shape (m, d)
        One vector per row, of the same width d.

    Returns
    -------
    ndarray of shape (n, m)
        S[i, j] = cos(X[i], Y[j]), clipped to [-1, 1].

    Raises
    ------
    ValueError
        If X and Y have different widths d.

    Notes
    -----
    A zero row has no direction: its similarity with everything is 0 (not nan from
    0/0). Only an exact 0 is special: a row of norm 1e-12 still has a direction, so
    add no eps to the norms and floor them at nothing but 0. Rounding can push the
    cosine of parallel vectors to 1.0000000000000002; clip so that every entry lies
    in [-1, 1] (arccos and friends depend on it).
    Scale: n = m = 3000, d = 64, with whole-matrix operations.
    Why interviewers ask: nearest-neighbour search over embeddings is cosine similarity
    at scale, and the zero vector and the rounding past 1 are the classic crashes.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 0.0]])
    >>> Y = np.array([[2.0, 0.0], [1.0, 1.0], [-3.0, 0.0]])
    >>> cosine_similarity_matrix(X, Y).round(6).tolist()
    [[1.0, 0.707107, -1.0], [0.0, 0.0, 0.0]]
    """
    raise NotImplementedError("linear_algebra.cosine_similarity_matrix")


def power_iteration(A: np.ndarray, num_iters: int = 1000,
                    tol: float = 1e-10) -> tuple[float, np.ndarray]:
    """Dominant eigenpair of a symmetric matrix by power iteration.

    Start from a vector v with a component along every eigenvector, then repeat
    v <- A v / ||A v||. Each step multiplies the component along eigenvector i by
    lambda_i, so the one with the largest abs(lambda) takes over, at a rate of
    abs(lambda_2 / lambda_1) per step. The eigenvalue is the Rayleigh quotient
    v^T A v (v of unit norm), which keeps its sign.

    Parameters
    ----------
    A : ndarray of shape (n, n)
        Symmetric matrix whose largest-magnitude eigenvalue is unique.
    num_iters : int, default=1000
        Maximum number of iterations.
    tol : float, default=1e-10
        Stop once the unit iterate changes by less than tol (Euclidean norm) up to
        sign: min(||v_new - v||, ||v_new + v||) < tol. A negative dominant eigenvalue
        flips the iterate's sign at every step, hence the "up to sign".

    Returns
    -------
    eigenvalue : float
        The eigenvalue of largest absolute value, with its sign.
    eigenvector : ndarray of shape (n,)
        Its eigenvector with unit norm and its largest-magnitude entry positive (on a
        tie, the first such entry).

    Raises
    ------
    ValueError
        If A is not square, or not symmetric (within 1e-10 relative to its largest
        entry).

    Notes
    -----
    The start vector is your choice; a fixed random one works. ||A v|| is abs(lambda):
    use the Rayleigh quotient for the sign. A has any scale (entries near 1e-12 or
    1e9): no absolute threshold on ||A v|| or on the eigenvalue. The slowest case
    graded has abs(lambda_2 / lambda_1) = 0.95, which needs a few hundred iterations.
    Calls that compute eigenvalues or singular values (np.linalg.eig, eigh, eigvals,
    eigvalsh, svd) are off limits.
    Why interviewers ask: it is how PageRank and the largest singular value (spectral
    norm) are computed at scale, and the convergence rate is a classic follow-up.

    Examples
    --------
    >>> value, vector = power_iteration(np.array([[2.0, 1.0], [1.0, 2.0]]))
    >>> round(value, 8), vector.round(8).tolist()
    (3.0, [0.70710678, 0.70710678])
    >>> value, vector = power_iteration(np.array([[1.0, 0.0], [0.0, -4.0]]))
    >>> round(value, 8), round(float(vector[1]), 8), abs(float(vector[0])) < 1e-8
    (-4.0, 1.0, True)
    """
    raise NotImplementedError("linear_algebra.power_iteration")


def pca(X: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Principal component analysis through the SVD of the centred data.

    Centre each column (Xc = X - column means) and take the thin SVD
    Xc = U diag(s) V^T. The rows of V^T are the principal directions in decreasing
    order of s; the variance of the data along direction i is s_i^2 / (n - 1).

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Data, one sample per row.
    k : int
        Number of components to keep, 1 <= k <= min(n, d).

    Returns
    -------
    components : ndarray of shape (k, d)
        The top-k principal directions (unit rows, mutually orthogonal), by decreasing
        variance; each row's largest-magnitude entry is positive (on a tie, the first).
    explained_variance : ndarray of shape (k,)
        s_i^2 / (n - 1), the sample variance along each component, decreasing.
    projected : ndarray of shape (n, k)
        Xc @ components.T, the coordinates of each centred sample.

    Raises
    ------
    ValueError
        If n < 2, k < 1 or k > min(n, d).

    Notes
    -----
    Only centre, do not scale the columns. Centre first: for data far from 0 (offset
    1e8), a covariance computed as E[x x^T] - mean mean^T loses every digit. A
    component is only defined up to sign, hence the sign convention; flip projected's
    column together with its component.
    With n <= d the centred data has rank at most n - 1, so asking for k = n would make
    the last component arbitrary (graders never do).
    Why interviewers ask: PCA is the SVD of the centred data; forgetting to centre,
    dividing by n, or taking the columns of V^T instead of its rows are the usual slips.

    Examples
    --------
    >>> X = np.array([[0.0, 0.0], [2.0, 0.0], [4.0, 0.0], [6.0, 0.0]])
    >>> components, variance, projected = pca(X, 1)
    >>> components.tolist(), variance.round(6).tolist(), projected.ravel().tolist()
    ([[1.0, 0.0]], [6.666667], [-3.0, -1.0, 1.0, 3.0])
    """
    raise NotImplementedError("linear_algebra.pca")


def low_rank_approximation(A: np.ndarray, k: int) -> np.ndarray:
    """Best rank-k approximation in the Frobenius norm (Eckart-Young).

    With the SVD A = U diag(s) V^T (s decreasing), keep the k largest terms:
    A_k = sum_{i<k} s_i u_i v_i^T. No rank-k matrix is closer to A, and the error is
    ||A - A_k||_F = sqrt(sum_{i>=k} s_i^2).

    Parameters
    ----------
    A : ndarray of shape (m, n)
        Matrix to approximate.
    k : int
        Rank to keep, 0 <= k <= min(m, n).

    Returns
    -------
    ndarray of shape (m, n)
        A_k. k = 0 gives the zero matrix; k = min(m, n) gives A back (up to rounding).

    Raises
    ------
    ValueError
        If k < 0 or k > min(m, n).

    Notes
    -----
    np.linalg.svd returns V^T (it calls it Vh), not V: its rows are the right singular
    vectors. When s_k equals s_(k+1) the best approximation is not unique; graders use
    matrices without such ties.
    Keep k terms however small the singular values are (entries near 1e-12 included):
    no absolute cutoff.
    Why interviewers ask: truncated SVD is behind LoRA, compression and recommender
    systems, and Eckart-Young says why keeping the largest singular values is optimal.

    Examples
    --------
    >>> A = np.diag([3.0, 2.0, 1.0])
    >>> low_rank_approximation(A, 2).tolist()
    [[3.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 0.0]]
    """
    raise NotImplementedError("linear_algebra.low_rank_approximation")


def least_squares(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Least-squares solution through a QR factorisation of X.

    w minimises ||X w - y||. With the thin QR factorisation X = Q R (Q with orthonormal
    columns, R upper triangular), ||X w - y|| is smallest where R w = Q^T y, a
    triangular system.

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Design matrix with n >= d and full column rank.
    y : ndarray of shape (n,)
        Targets.

    Returns
    -------
    ndarray of shape (d,)
        The minimiser w.

    Notes
    -----
    Any scale: a tiny X (entries near 1e-12) has full column rank too, so no
    absolute cutoff on singular values or on R's diagonal.
    Accuracy: on a consistent system y = X w_true with cond(X) up to 1e7, w must be
    within relative error 1e-6 of w_true. The normal equations X^T X w = X^T y cannot
    do that: cond(X^T X) = cond(X)^2 = 1e14, which leaves about two correct digits.
    QR or the SVD work on X itself. np.linalg.inv, np.linalg.pinv and np.linalg.lstsq
    are off limits (np.linalg.qr, svd and solve are fine).
    Why interviewers ask: "why not just invert X^T X?" tests whether you know what
    the condition number does to accuracy.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]])
    >>> least_squares(X, np.array([1.0, 3.0, 5.0])).round(8).tolist()
    [1.0, 2.0]
    """
    raise NotImplementedError("linear_algebra.least_squares")


def gram_schmidt_qr(A: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Thin QR factorisation by modified Gram-Schmidt.

    Take the columns in order. Column j's norm is R[j, j] and q_j = a_j / R[j, j];
    then remove the q_j direction from every later column right away:
    R[j, l] = q_j . a_l and a_l <- a_l - R[j, l] q_j for l > j. Projecting the
    already-updated columns, rather than the original ones (classical Gram-Schmidt),
    keeps Q orthonormal to about eps * cond(A) instead of eps * cond(A)^2.

    Parameters
    ----------
    A : ndarray of shape (m, n)
        m >= n, full column rank.

    Returns
    -------
    Q : ndarray of shape (m, n)
        Orthonormal columns: max abs(Q^T Q - I) <= 1e-8 for cond(A) up to 1e6.
    R : ndarray of shape (n, n)
        Upper triangular, entries below the diagonal exactly 0, diagonal positive,
        with A = Q R.

    Notes
    -----
    With a positive diagonal the factorisation is unique. Full column rank holds at
    any scale (entries near 1e-12 included): no absolute test on a column's norm.
    R = Q^T A is right in exact arithmetic but leaves rounding noise below the
    diagonal; fill R from the coefficients you compute instead. np.linalg.qr and
    np.linalg.svd are off limits.
    Why interviewers ask: Gram-Schmidt is the textbook construction of an orthonormal
    basis, and the classical version's loss of orthogonality is the textbook example
    of an algorithm that is right on paper and wrong in floating point.

    Examples
    --------
    >>> Q, R = gram_schmidt_qr(np.array([[3.0, 1.0], [4.0, 2.0]]))
    >>> Q.round(8).tolist(), R.round(8).tolist()
    ([[0.6, -0.8], [0.8, 0.6]], [[5.0, 2.2], [0.0, 0.4]])
    """
    raise NotImplementedError("linear_algebra.gram_schmidt_qr")


def numerical_jacobian(f: Callable[[np.ndarray], np.ndarray | float], x: np.ndarray,
                       eps: float = 1e-6) -> np.ndarray:
    """Jacobian of f at x by central differences.

    J[i, j] = d f_i / d x_j ~ (f(x + eps e_j) - f(x - eps e_j))_i / (2 eps), where e_j
    is the j-th unit vector. The symmetric difference cancels the second-order term of
    the Taylor expansion, so the error is O(eps^2) rather than the O(eps) of the
    one-sided (forward) difference (f(x + eps e_j) - f(x)) / eps.

    Parameters
    ----------
    f : callable
        Maps an array of shape (n,) to an array of shape (m,), or to a scalar (which
        counts as m = 1).
    x : ndarray of shape (n,)
        Point of evaluation; it is not modified.
    eps : float, default=1e-6
        Step size.

    Returns
    -------
    ndarray of shape (m, n)
        Row i is the gradient of output i; column j is the derivative along x_j. A
        scalar-valued f gives shape (1, n).

    Notes
    -----
    Perturb a copy of x: adding and later subtracting eps in place does not restore
    x exactly in floating point. f may return its argument itself (f(x) = x does):
    give each call its own array x + eps e_j, or copy f's output before changing the
    array you passed.
    Why interviewers ask: gradient checking against finite differences is how every
    hand-written backward pass gets debugged.

    Examples
    --------
    >>> f = lambda v: np.array([v[0] * v[1], v[0] + 3.0 * v[1]])
    >>> numerical_jacobian(f, np.array([2.0, 5.0])).round(6).tolist()
    [[5.0, 2.0], [1.0, 3.0]]
    """
    raise NotImplementedError("linear_algebra.numerical_jacobian")


def numerical_hessian(f: Callable[[np.ndarray], float], x: np.ndarray,
                      eps: float = 1e-4) -> np.ndarray:
    """Hessian of a scalar function by central differences, exactly symmetric.

    Diagonal: H[i, i] ~ (f(x + eps e_i) - 2 f(x) + f(x - eps e_i)) / eps^2.
    Off-diagonal, the four-point formula:
    H[i, j] ~ (f(x + eps e_i + eps e_j) - f(x + eps e_i - eps e_j)
               - f(x - eps e_i + eps e_j) + f(x - eps e_i - eps e_j)) / (4 eps^2).
    Both are accurate to O(eps^2). Compute each pair i < j once and store it in both
    H[i, j] and H[j, i], so that H is exactly symmetric.

    Parameters
    ----------
    f : callable
        Maps an array of shape (n,) to a scalar.
    x : ndarray of shape (n,)
        Point of evaluation; it is not modified.
    eps : float, default=1e-4
        Step size. Second differences divide by eps^2, so it is larger than a
        gradient's step: rounding error grows like machine eps / eps^2.

    Returns
    -------
    ndarray of shape (n, n)
        H[i, j] ~ d^2 f / (d x_i d x_j), with H == H.T exactly.

    Notes
    -----
    Graded against the exact Hessian: every entry within 1e-5 * (1 + largest abs
    entry of the exact Hessian), on smooth functions of moderate size.
    Why interviewers ask: the Hessian decides minimum versus saddle point and drives
    Newton's method, and the four-point formula's 4 eps^2 is easy to get wrong.

    Examples
    --------
    >>> f = lambda v: v[0] ** 2 + 3.0 * v[0] * v[1]
    >>> numerical_hessian(f, np.array([1.0, 2.0])).round(6).tolist()
    [[2.0, 3.0], [3.0, 0.0]]
    """
    raise NotImplementedError("linear_algebra.numerical_hessian")


def softmax_jacobian(z: np.ndarray) -> np.ndarray:
    """Jacobian of the softmax, safe for large logits.

    With s = softmax(z), d s_i / d z_j = s_i (delta_ij - s_j), that is
    J = diag(s) - s s^T. Compute s with the max subtracted first
    (softmax(z) = softmax(z - max(z))), so exp never overflows.

    Parameters
    ----------
    z : ndarray of shape (k,)
        Logits, finite, with abs(z) up to 1e4.

    Returns
    -------
    ndarray of shape (k, k)
        J[i, j] = d softmax(z)_i / d z_j: symmetric, every row sums to 0.

    Notes
    -----
    A single logit gives [[0.0]]: softmax is the constant 1.
    Why interviewers ask: it is the core of backpropagation through attention and
    classifiers, and the overflow of exp(1000) is the standard trap.

    Examples
    --------
    >>> softmax_jacobian(np.array([0.0, 0.0])).tolist()
    [[0.25, -0.25], [-0.25, 0.25]]
    """
    raise NotImplementedError("linear_algebra.softmax_jacobian")


def mahalanobis_distance(X: np.ndarray, mean: np.ndarray, cov: np.ndarray) -> np.ndarray:
    """Mahalanobis distance of each row of X from a Gaussian's mean.

    d(x) = sqrt((x - mean)^T cov^-1 (x - mean)). With the Cholesky factorisation
    cov = L L^T (L lower triangular), (x - mean)^T cov^-1 (x - mean) = ||z||^2 where
    L z = x - mean: solve the triangular system instead of inverting cov.

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Points, one per row.
    mean : ndarray of shape (d,)
        Centre.
    cov : ndarray of shape (d, d)
        Symmetric positive definite covariance.

    Returns
    -------
    ndarray of shape (n,)
        The distance of each row; 0 for a row equal to mean.

    Raises
    ------
    ValueError
        If cov is not symmetric (within 1e-10 relative to its largest entry) or not
        positive definite (np.linalg.cholesky raises np.linalg.LinAlgError then; it
        looks at one triangle only, so test symmetry yourself).

    Notes
    -----
    With cov = I it is the Euclidean distance. Subtract the mean first: expanding the
    quadratic form loses every digit for points far from 0 (offset 1e8).
    np.linalg.inv and np.linalg.pinv are off limits: solving is cheaper and more
    accurate than forming the inverse.
    Why interviewers ask: it is the distance behind Gaussian anomaly detection and
    LDA, and "solve, don't invert" is a standard numerical-hygiene question.

    Examples
    --------
    >>> cov = np.array([[4.0, 0.0], [0.0, 1.0]])
    >>> X = np.array([[2.0, 0.0], [0.0, 3.0]])
    >>> mahalanobis_distance(X, np.zeros(2), cov).tolist()
    [1.0, 3.0]
    """
    raise NotImplementedError("linear_algebra.mahalanobis_distance")
