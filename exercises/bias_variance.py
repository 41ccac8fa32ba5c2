"""Bias-variance and model complexity: decompositions, regularisation, model selection.

Every model choice trades bias for variance, so interviews ask you to measure both,
to regularise (ridge, lasso) and to choose a model by honest validation.

Fill in each function, then grade your work:

    nox -s bias_variance            grade every exercise of this topic
    nox -s bias_variance -- NAME    grade one
    nox -s hint -- NAME             a hint, one tier at a time
"""

import numpy as np


def bias_variance_decomposition(predictions: np.ndarray,
                                f_true: np.ndarray) -> tuple[float, float]:
    """Split the mean squared error of an ensemble of fitted models into bias^2 and variance.

    predictions[m, i] is the prediction at point i of the model trained on dataset m
    (datasets drawn independently). With pbar_i = mean over m of predictions[m, i]:
        bias_sq  = mean over i of (pbar_i - f_i)^2
        variance = mean over i of (mean over m of (predictions[m, i] - pbar_i)^2)
    The variance divides by n_models (ddof 0), so that exactly
        bias_sq + variance = mean over m and i of (predictions[m, i] - f_i)^2.

    Parameters
    ----------
    predictions : ndarray of shape (n_models, n_points)
        One row per trained model, one column per evaluation point.
    f_true : ndarray of shape (n_points,)
        The true (noise-free) function at the evaluation points.

    Returns
    -------
    bias_sq : float
        The squared bias, averaged over the points; >= 0.
    variance : float
        The variance across models, averaged over the points; >= 0.

    Notes
    -----
    One model gives variance 0. Predictions that all equal f_true give (0.0, 0.0).
    Compute the variance from deviations around the mean prediction, not as
    mean(p^2) - mean(p)^2, which cancels catastrophically when predictions are large
    (about 1e8) and spread little.
    Why interviewers ask: "explain the bias-variance tradeoff" is near-universal; being
    able to measure both terms, and knowing they add up to the error, shows you mean it.

    Examples
    --------
    >>> preds = np.array([[1.0, 2.0], [3.0, 2.0]])
    >>> bias_variance_decomposition(preds, np.array([1.0, 1.0]))  # pbar = [2, 2]
    (1.0, 0.5)
    """
    raise NotImplementedError("bias_variance.bias_variance_decomposition")


def polynomial_features(x: np.ndarray, degree: int) -> np.ndarray:
    """Expand a 1-D input into the powers x^0, x^1, ..., x^degree.

    Row i is [1, x_i, x_i^2, ..., x_i^degree] (a Vandermonde matrix with increasing
    powers), the design matrix of polynomial regression of that degree.

    Parameters
    ----------
    x : ndarray of shape (n,)
        Input values.
    degree : int
        Highest power, >= 0.

    Returns
    -------
    ndarray of shape (n, degree + 1), float
        Column k holds x^k; column 0 is all ones (0^0 = 1 too).

    Raises
    ------
    ValueError
        If degree < 0.

    Notes
    -----
    degree = 0 gives a single column of ones; an empty x gives shape (0, degree + 1).
    Negative x is fine (odd powers stay negative): do not go through log(x).
    Why interviewers ask: polynomial degree is the textbook complexity knob; under- and
    overfitting plots are drawn with exactly these features.

    Examples
    --------
    >>> polynomial_features(np.array([2.0, -1.0, 0.0]), 3).tolist()
    [[1.0, 2.0, 4.0, 8.0], [1.0, -1.0, 1.0, -1.0], [1.0, 0.0, 0.0, 0.0]]
    """
    raise NotImplementedError("bias_variance.polynomial_features")


def ridge_fit(X: np.ndarray, y: np.ndarray, lam: float,
              fit_intercept: bool = True) -> tuple[np.ndarray, float]:
    """Ridge regression with an unpenalised intercept.

    Minimises ||y - X w - b||^2 + lam ||w||^2 (a sum, not a mean; b is not penalised).
    With fit_intercept, centre first: Xc = X - mean(X, axis=0), yc = y - mean(y);
    then w minimises ||yc - Xc w||^2 + lam ||w||^2 and b = mean(y) - mean(X) . w.
    Without it, w is fitted on X and y as they are and b = 0.0.
    In terms of the SVD Xc = U diag(s) V^T: w = V diag(s / (s^2 + lam)) U^T yc.

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Design matrix.
    y : ndarray of shape (n,)
        Targets.
    lam : float
        Penalty strength, >= 0. lam = 0 is ordinary least squares.
    fit_intercept : bool, default=True
        Fit an unpenalised intercept b (else b = 0.0).

    Returns
    -------
    w : ndarray of shape (d,)
        The weights.
    b : float
        The intercept; 0.0 when fit_intercept is False.

    Raises
    ------
    ValueError
        If lam < 0.

    Notes
    -----
    Singular values of the (centred) X below max(n, d) * eps * s_max count as zero
    (their direction gets weight 0), as in `min_norm_least_squares`. So with lam = 0 on
    a rank-deficient X (duplicated columns, d > n) w is the minimum-norm least-squares
    solution of the centred problem, and a constant column gets weight 0 (the intercept
    absorbs it). A plain solve of X^T X w = X^T y fails there: the matrix is singular.
    Do not append a column of ones to X: the penalty would then shrink b too.
    Why interviewers ask: ridge is the first regulariser everyone meets; knowing that the
    intercept is left out of the penalty, and why, separates use from understanding.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0]])
    >>> w, b = ridge_fit(X, np.array([1.0, 3.0, 5.0]), lam=2.0)  # centred: w = 4 / (2 + 2)
    >>> w.round(12).tolist(), round(b, 12)
    ([1.0], 2.0)
    >>> w, b = ridge_fit(X, np.array([1.0, 3.0, 5.0]), lam=0.0, fit_intercept=False)
    >>> round(float(w[0]), 6), b  # 13 / 5
    (2.6, 0.0)
    """
    raise NotImplementedError("bias_variance.ridge_fit")


def ridge_effective_dof(X: np.ndarray, lam: float) -> float:
    """Effective degrees of freedom of ridge regression: the trace of its hat matrix.

    df(lam) = sum over the singular values s of X of s^2 / (s^2 + lam), which equals
    trace(X (X^T X + lam I)^-1 X^T). X is used as given (not centred).

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Design matrix.
    lam : float
        Penalty strength, >= 0.

    Returns
    -------
    float
        In [0, rank(X)]; decreases as lam grows.

    Raises
    ------
    ValueError
        If lam < 0.

    Notes
    -----
    Singular values below max(n, d) * eps * s_max count 0 (the `min_norm_least_squares`
    cutoff), so lam = 0 gives the numerical rank of X (as np.linalg.matrix_rank) and
    never 0 / 0. The zero matrix gives 0.0.
    Why interviewers ask: "how many parameters does a regularised model really have?"
    has a precise answer, and it is the bridge between penalties and model complexity.

    Examples
    --------
    >>> X = np.array([[3.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    >>> ridge_effective_dof(X, 1.0)  # 9 / 10 + 1 / 2
    1.4
    >>> ridge_effective_dof(X, 0.0)
    2.0
    """
    raise NotImplementedError("bias_variance.ridge_effective_dof")


def min_norm_least_squares(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The minimum-norm least-squares solution, for any shape and rank of X.

    Among all w minimising ||X w - y||, the one of smallest ||w||: with the thin SVD
    X = U diag(s) V^T, w = V diag(1/s) U^T y, where singular values
    s < max(n, d) * eps * s_max (eps = machine epsilon of float64) count as zero and
    contribute nothing (this is X^+ y, the pseudo-inverse).

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Any shape: n > d (overdetermined), n = d, or d > n (underdetermined).
    y : ndarray of shape (n,)
        Targets.

    Returns
    -------
    ndarray of shape (d,)
        The minimum-norm minimiser. When d > n and X has full row rank it interpolates
        (X w = y); it always lies in the row space of X.

    Notes
    -----
    The rule is relative to s_max, so scaling X by 1e-12 or 1e9 scales w by the inverse
    and keeps the same directions. The zero matrix gives w = 0. Normal equations
    (X^T X)^-1 X^T y or X^T (X X^T)^-1 y fail on rank-deficient X.
    Do not call np.linalg.pinv or np.linalg.lstsq: build it from np.linalg.svd.
    Why interviewers ask: over-parameterised models (d > n) interpolate, and the
    minimum-norm interpolant is what gradient descent from 0 finds; it is at the heart
    of double descent.

    Examples
    --------
    >>> min_norm_least_squares(np.array([[1.0, 1.0]]), np.array([2.0])).round(12).tolist()
    [1.0, 1.0]
    >>> min_norm_least_squares(np.array([[2.0], [0.0]]), np.array([4.0, 7.0])).tolist()
    [2.0]
    """
    raise NotImplementedError("bias_variance.min_norm_least_squares")


def kfold_indices(n_samples: int, n_folds: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Train/validation index splits of unshuffled k-fold cross-validation.

    The samples 0 .. n_samples - 1 are cut, in order, into n_folds contiguous
    validation folds. The first n_samples % n_folds folds hold n_samples // n_folds + 1
    samples, the others n_samples // n_folds (exactly scikit-learn's KFold without
    shuffling). Fold j's training set is every sample outside fold j.

    Parameters
    ----------
    n_samples : int
        Number of samples, >= n_folds.
    n_folds : int
        Number of folds, >= 2.

    Returns
    -------
    list of n_folds tuples (train_idx, val_idx)
        In fold order. Both are ndarrays of integer dtype, sorted increasingly; together
        they hold every index exactly once.

    Raises
    ------
    ValueError
        If n_folds < 2, or if n_folds > n_samples.

    Notes
    -----
    n_folds = n_samples is leave-one-out. Every sample is validated exactly once.
    Why interviewers ask: cross-validation is how models are chosen; an off-by-one in
    the fold sizes (the remainder dumped in the last fold, or dropped) is a classic bug.

    Examples
    --------
    >>> folds = kfold_indices(5, 2)
    >>> [(train.tolist(), val.tolist()) for train, val in folds]
    [([3, 4], [0, 1, 2]), ([0, 1, 2], [3, 4])]
    """
    raise NotImplementedError("bias_variance.kfold_indices")


def select_ridge_lambda(X: np.ndarray, y: np.ndarray, lambdas: np.ndarray,
                        n_folds: int = 5) -> tuple[float, np.ndarray]:
    """Choose the ridge penalty by k-fold cross-validation.

    For each lam in lambdas and each fold (train, val) of kfold_indices(n, n_folds):
    fit w, b = ridge_fit(X[train], y[train], lam, fit_intercept=True) and take the
    validation MSE mean((y[val] - X[val] w - b)^2). cv_mse[j] is the plain (unweighted)
    mean of the n_folds per-fold MSEs of lambdas[j]; the best lambda minimises it.

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Design matrix.
    y : ndarray of shape (n,)
        Targets.
    lambdas : ndarray of shape (m,)
        Candidate penalties, each >= 0, in any order (duplicates allowed).
    n_folds : int, default=5
        Number of folds, 2 <= n_folds <= n.

    Returns
    -------
    best_lambda : float
        The candidate with the smallest cv_mse; among equal minima, the first in
        `lambdas`.
    cv_mse : ndarray of shape (m,)
        Cross-validated MSE of each candidate, in the order of `lambdas`.

    Notes
    -----
    Folds of unequal size (n % n_folds != 0) still count equally: average the per-fold
    MSEs, do not pool the squared errors. Only the training fold is fitted; the error is
    measured on the held-out fold. Use your `kfold_indices` and `ridge_fit`.
    Why interviewers ask: tuning a hyperparameter without touching the test set is the
    everyday use of cross-validation, and fitting on the validation fold is a leak.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> best, cv = select_ridge_lambda(X, 2.0 * X[:, 0] + 1.0, np.array([1.0, 0.0]), n_folds=2)
    >>> best, cv.round(6).tolist()  # lam = 1: both folds give 68 / 9
    (0.0, [7.555556, 0.0])
    """
    raise NotImplementedError("bias_variance.select_ridge_lambda")


def soft_threshold(z: np.ndarray, lam: float) -> np.ndarray:
    """Soft thresholding, the proximal operator of lam * ||.||_1, elementwise.

    S(z, lam) = sign(z) max(abs(z) - lam, 0): entries with abs(z) <= lam become exactly
    0, and every other entry moves lam closer to 0 without crossing it.

    Parameters
    ----------
    z : ndarray of any shape
        The values to shrink (float64).
    lam : float
        The threshold, >= 0.

    Returns
    -------
    ndarray of the same shape as z, dtype float64
        The shrunk values, in a new array (never z itself, even when lam = 0); exactly
        0.0 wherever abs(z) <= lam.

    Raises
    ------
    ValueError
        If lam < 0.

    Notes
    -----
    Edge cases: lam = 0 returns a copy of z (the identity); an entry equal to +-lam
    becomes 0. Hard thresholding (keep z where abs(z) > lam, else 0) is a different
    operator: soft thresholding also shrinks the survivors by lam. Shrinking without the
    max(., 0) lets small entries flip sign (0.3 - 1 = -0.7).
    Why interviewers ask: it is the closed-form solution of the one-dimensional lasso,
    the step inside coordinate descent and ISTA, and the reason L1 gives exact zeros
    where L2 only shrinks.

    Examples
    --------
    >>> soft_threshold(np.array([-3.0, -0.5, 0.0, 1.0, 2.5]), 1.0).tolist()
    [-2.0, 0.0, 0.0, 0.0, 1.5]
    """
    raise NotImplementedError("bias_variance.soft_threshold")


def lasso_coordinate_descent(X: np.ndarray, y: np.ndarray, lam: float, num_iters: int = 1000,
                             tol: float = 1e-10) -> np.ndarray:
    """Lasso regression (no intercept) by cyclic coordinate descent.

    Minimises L(w) = (1/(2n)) ||y - X w||^2 + lam ||w||_1. With the other coordinates
    held fixed, L is a one-dimensional lasso in w_j, solved exactly by

        rho_j = X_j . (y - X w + X_j w_j) / n      (the partial residual's correlation)
        w_j   = S(rho_j, lam) / (||X_j||^2 / n)     (S = soft_threshold)

    Start from w = 0 and update w_0, w_1, ..., w_{d-1} in turn (each update uses the
    coordinates already updated in this sweep). Stop after a sweep in which no
    coordinate changed by more than ``tol``, or after ``num_iters`` sweeps.

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Design matrix (not centred or scaled by this function).
    y : ndarray of shape (n,)
        Targets.
    lam : float
        L1 penalty, >= 0. With lam >= max_j abs(X_j . y) / n the solution is all zeros.
    num_iters : int, default=1000
        Maximum number of sweeps over the coordinates.
    tol : float, default=1e-10
        Stop once a whole sweep moves no coordinate by more than this.

    Returns
    -------
    ndarray of shape (d,)
        The coefficients w. Coordinates that are 0 at the minimiser are exactly 0.0.

    Notes
    -----
    Keep the residual r = y - X w up to date after each coordinate's change
    (r -= X_j (w_j_new - w_j_old)): that is what makes the method Gauss-Seidel (each
    update sees the latest values), and it keeps a sweep at O(n d). A column of zeros
    does not affect the loss: leave its coefficient at 0 (never divide by ||X_j||^2 = 0).
    There is no intercept: centre X and y yourself beforehand if you need one.
    Graders compare with the exact minimiser (absolute error <= 1e-6) on moderately
    conditioned X, where 1000 sweeps are plenty; its zero coordinates must be exactly 0.
    Why interviewers ask: coordinate descent with soft thresholding is how scikit-learn
    and glmnet fit the lasso, and it shows where L1's exact zeros come from.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0]])
    >>> y = np.array([2.0, 0.2, 2.0, 0.2])
    >>> lasso_coordinate_descent(X, y, 0.25).tolist()  # orthogonal columns: one shrink each
    [1.5, 0.0]
    """
    raise NotImplementedError("bias_variance.lasso_coordinate_descent")


def lasso_lambda_max(X: np.ndarray, y: np.ndarray) -> float:
    """The smallest lasso penalty whose solution is all zeros: max_j abs(X_j . y) / n.

    At w = 0 the residual is y, and the lasso's optimality condition
    abs(X_j . (y - X w)) / n <= lam for every zero coordinate holds exactly when
    lam >= max_j abs(X_j . y) / n. Below that value at least one coefficient leaves 0.
    (For the objective (1/(2n)) ||y - X w||^2 + lam ||w||_1, no intercept.)

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Design matrix.
    y : ndarray of shape (n,)
        Targets.

    Returns
    -------
    float
        lam_max >= 0; 0.0 when y is orthogonal to every column (y = 0, for instance).

    Notes
    -----
    A strongly negative correlation counts as much as a positive one (the abs).
    It is where a regularisation path starts: scikit-learn's lasso_path and glmnet
    try a grid of penalties from lam_max down to a small fraction of it.
    Why interviewers ask: it tests whether you understand the lasso's optimality
    (subgradient) conditions rather than just calling a library.

    Examples
    --------
    >>> X = np.array([[1.0, 2.0], [0.0, -1.0]])
    >>> lasso_lambda_max(X, np.array([1.0, 3.0]))  # X^T y = [1, -1]; max abs / n
    0.5
    """
    raise NotImplementedError("bias_variance.lasso_lambda_max")


def vc_generalization_bound(n: float, vc_dim: int, delta: float) -> float:
    """The VC generalisation bound: the largest gap between true and training error.

    With probability at least 1 - delta over n training samples, every classifier in a
    class of VC dimension d satisfies
        true error <= training error + sqrt((8/n) ln(4 m(2n) / delta)),
    where the growth function m(N) is bounded by N^d + 1. This function returns
        sqrt((8/n) ln(4 ((2n)^d + 1) / delta))    (natural log).

    Parameters
    ----------
    n : int or float
        Number of training samples, >= 1 (up to 1e12 and beyond).
    vc_dim : int
        VC dimension d, >= 0 (up to 10000 and beyond).
    delta : float
        Failure probability, strictly between 0 and 1.

    Returns
    -------
    float
        The bound (finite; it can exceed 1, in which case it says nothing).

    Raises
    ------
    ValueError
        If n < 1, if vc_dim < 0, or if delta is not strictly between 0 and 1.

    Notes
    -----
    (2n)^d overflows a float long before d = 10000 (2e12 ** 10000 is about 1e124,000),
    so work with logarithms: ln((2n)^d + 1) = d ln(2n) + ln(1 + (2n)^-d), and
    math.log1p keeps the second term accurate when it is tiny. vc_dim = 0 gives
    ln(4 * 2 / delta) = ln(8 / delta). Keep the + 1: with d = 0 or small n it matters.
    Why interviewers ask: it is the classic statement that capacity (VC dimension) must
    be small relative to the data for training error to mean anything: the bound shrinks
    like sqrt(d ln(n) / n).

    Examples
    --------
    >>> round(vc_generalization_bound(1000, 0, 0.05), 6)  # sqrt(8/1000 * ln(8 / 0.05))
    0.201498
    >>> round(vc_generalization_bound(10**12, 10000, 0.05), 8)
    0.00150531
    """
    raise NotImplementedError("bias_variance.vc_generalization_bound")


def early_stopping(val_losses: np.ndarray, patience: int,
                   min_delta: float = 0.0) -> tuple[int, int]:
    """Where early stopping would stop, and which epoch's weights it would keep.

    Scan the validation losses in order, keeping `best`, the loss of the last epoch
    that improved (it starts at +inf, so epoch 0 always improves). An epoch improves
    when its loss is strictly below best - min_delta; its loss then becomes the new
    `best` and the count of epochs without improvement goes back to 0. A loss lower
    than `best` by min_delta or less is no improvement and leaves `best` as it is
    (`best` is not the running minimum of the losses). Training stops at the first
    epoch at which `patience` epochs in a row have not improved.

    Parameters
    ----------
    val_losses : ndarray of shape (n_epochs,)
        Validation loss after each epoch, in order (epoch 0 first).
    patience : int
        Number of consecutive epochs without improvement that stops training, >= 1.
    min_delta : float, default=0.0
        How much lower than `best` a loss must be to count as an improvement.

    Returns
    -------
    (best_epoch, stop_epoch) : tuple of two ints
        best_epoch: the last epoch that improved (the weights to restore);
        stop_epoch: the epoch at which training stops, or n_epochs - 1 if the patience
        never runs out.

    Raises
    ------
    ValueError
        If patience < 1 or val_losses is empty.

    Notes
    -----
    A loss equal to best - min_delta does not improve (strict <); with min_delta = 0 a
    repeated best loss does not improve either. With min_delta > 0 best_epoch need not
    be the argmin: a slightly lower loss that is not min_delta lower is no improvement.
    When training stops, stop_epoch = best_epoch + patience. Return Python ints.
    This matches Keras' EarlyStopping(mode="min", min_delta, patience).
    Why interviewers ask: early stopping is regularisation by training time; the
    off-by-one in the patience count and the strict < are where people slip.

    Examples
    --------
    >>> early_stopping(np.array([1.0, 0.8, 0.7, 0.75, 0.72, 0.9]), patience=2)
    (2, 4)
    >>> early_stopping(np.array([1.0, 0.75, 0.5]), patience=1, min_delta=0.25)
    (0, 1)
    """
    raise NotImplementedError("bias_variance.early_stopping")
