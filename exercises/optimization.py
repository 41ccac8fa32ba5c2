"""Optimization: gradients, losses, optimizers and schedules.

Training a model is optimization, so interviews probe whether you can derive a
gradient, write an optimizer's update from memory and explain why each term is there.

Fill in each function, then grade your work:

    nox -s optimization            grade every exercise of this topic
    nox -s optimization -- NAME    grade one
    nox -s hint -- NAME            a hint, one tier at a time
"""

from collections.abc import Callable

import numpy as np


def mse_grad(X: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Gradient of the mean squared error of a linear model.

    The loss is L(w) = mean((X w - y)^2) = (1/n) sum_i (x_i . w - y_i)^2, and its
    gradient is (2/n) X^T (X w - y): the chain rule brings down the 2, and the mean
    contributes the 1/n.

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Design matrix, one sample per row.
    y : ndarray of shape (n,)
        Targets.
    w : ndarray of shape (d,)
        Weights at which to evaluate the gradient.

    Returns
    -------
    ndarray of shape (d,)
        dL/dw.

    Notes
    -----
    Why interviewers ask: it is the first gradient anyone derives, and dropping the 2
    or the 1/n silently rescales the learning rate.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 2.0]])
    >>> mse_grad(X, np.array([1.0, 0.0]), np.array([0.0, 1.0])).tolist()
    [-1.0, 4.0]
    """
    raise NotImplementedError("optimization.mse_grad")


def softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """Softmax along one axis, safe for large logits.

    softmax(z)_i = exp(z_i) / sum_j exp(z_j). Subtracting max(z) from every entry
    first changes nothing (the factor exp(-max) cancels in the ratio) but keeps every
    exponent <= 0, so exp never overflows.

    Parameters
    ----------
    z : ndarray of any shape
        Logits; finite values with abs(z) up to 1e4.
    axis : int, default=-1
        The axis to normalise over.

    Returns
    -------
    ndarray of the same shape as z
        Entries in [0, 1] that sum to 1 along ``axis``.

    Notes
    -----
    Edge cases: a length-1 axis gives 1.0; equal logits give a uniform vector.
    Why interviewers ask: np.exp(1000.0) is inf, and inf / inf is nan. Knowing the
    max-shift trick is the difference between a loss that trains and one that NaNs.

    Examples
    --------
    >>> softmax(np.array([0.0, np.log(3.0)])).round(6).tolist()
    [0.25, 0.75]
    >>> softmax(np.array([1000.0, 1000.0])).tolist()
    [0.5, 0.5]
    """
    raise NotImplementedError("optimization.softmax")


def cross_entropy_loss(logits: np.ndarray, labels: np.ndarray) -> float:
    """Mean softmax cross-entropy of integer class labels, computed stably.

    For one sample with logits z (k,) and true class c the loss is
    -log softmax(z)_c = logsumexp(z) - z_c, where
    logsumexp(z) = max(z) + log(sum_j exp(z_j - max(z))). The result is the mean of
    that quantity over the n samples.

    Parameters
    ----------
    logits : ndarray of shape (n, k)
        Unnormalised scores, one row per sample; finite, abs values up to 1e4.
    labels : ndarray of shape (n,), integer dtype
        The true class of each sample, in [0, k).

    Returns
    -------
    float
        The mean loss, >= 0 (never negative, not even by a rounding error).

    Raises
    ------
    ValueError
        If a label is negative or >= k.

    Notes
    -----
    Edge cases: with k = 1 the loss is 0. Never form log(softmax(z)): a probability
    that underflows to 0 gives log(0) = -inf, while z_c - logsumexp(z) stays finite.
    Why interviewers ask: cross-entropy is the classification loss, and computing it
    without overflow (exp of a large logit) or underflow (log of 0) is expected.

    Examples
    --------
    >>> logits = np.array([[0.0, 0.0], [0.0, np.log(3.0)]])
    >>> round(cross_entropy_loss(logits, np.array([0, 1])), 6)  # (log 2 + log(4/3)) / 2
    0.490415
    >>> round(cross_entropy_loss(np.array([[1e4, -1e4]]), np.array([1])), 3)
    20000.0
    """
    raise NotImplementedError("optimization.cross_entropy_loss")


def cross_entropy_grad(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Gradient of the mean softmax cross-entropy with respect to the logits.

    For L = (1/n) sum_i [logsumexp(z_i) - z_i,c_i], each row's derivative is
    softmax(z_i) - onehot(c_i), and the mean divides it by n:
    dL/dz = (softmax(logits) - onehot(labels)) / n.

    Parameters
    ----------
    logits : ndarray of shape (n, k)
        Unnormalised scores; finite, abs values up to 1e4.
    labels : ndarray of shape (n,), integer dtype
        The true class of each sample, in [0, k).

    Returns
    -------
    ndarray of shape (n, k)
        dL/dlogits. Each row sums to 0; the true class's entry is <= 0, the others >= 0.

    Raises
    ------
    ValueError
        If a label is negative or >= k.

    Notes
    -----
    Use a max-shifted softmax so large logits do not overflow. With k = 1 the
    gradient is all zeros.
    Why interviewers ask: "prediction minus target" is the result everyone should be
    able to derive, and the 1/n from the mean is what sets the effective step size.

    Examples
    --------
    >>> g = cross_entropy_grad(np.array([[0.0, 0.0], [0.0, np.log(3.0)]]), np.array([0, 1]))
    >>> g.round(6).tolist()
    [[-0.25, 0.25], [0.125, -0.125]]
    """
    raise NotImplementedError("optimization.cross_entropy_grad")


def gradient_descent(grad_fn: Callable[[np.ndarray], np.ndarray], x0: np.ndarray, lr: float,
                     num_steps: int) -> np.ndarray:
    """Run plain gradient descent and return every iterate.

    x[0] = x0 and x[t+1] = x[t] - lr * grad_fn(x[t]) for t = 0 .. num_steps - 1.

    Parameters
    ----------
    grad_fn : callable
        Takes a point of shape (d,) and returns the gradient there, shape (d,).
    x0 : ndarray of shape (d,)
        Starting point (left unchanged).
    lr : float
        Step size (learning rate).
    num_steps : int
        Number of updates, >= 0.

    Returns
    -------
    ndarray of shape (num_steps + 1, d)
        A new array (never x0 or a view of it, even when num_steps = 0). Row t is the
        iterate after t updates; row 0 holds x0's values.

    Notes
    -----
    num_steps = 0 gives one row, x0. Store a copy of each iterate: appending an
    array that a later in-place update changes leaves every row equal to the last.
    On f(x) = x.A.x / 2 - b.x the iterates converge to the solution of A x = b when
    0 < lr < 2 / lambda_max(A), and oscillate or diverge beyond that.
    Why interviewers ask: every optimizer is a refinement of this loop; the learning
    rate's stability limit is the first thing to reason about when training diverges.

    Examples
    --------
    >>> traj = gradient_descent(lambda x: 2.0 * x, np.array([1.0]), 0.25, 3)
    >>> traj.ravel().tolist()
    [1.0, 0.5, 0.25, 0.125]
    """
    raise NotImplementedError("optimization.gradient_descent")


def sgd_momentum_step(params: np.ndarray, grads: np.ndarray, velocity: np.ndarray, lr: float,
                      momentum: float = 0.9,
                      nesterov: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """One step of SGD with (heavy-ball or Nesterov) momentum, as PyTorch defines it.

    The velocity accumulates raw gradients (no learning rate, no dampening):
        v' = momentum v + g
        p' = p - lr v'                      (classic momentum)
        p' = p - lr (g + momentum v')       (nesterov=True)

    Parameters
    ----------
    params, grads, velocity : ndarray, all of the same shape
        Current parameters p, gradient g at p, and velocity v (zeros before the
        first step). All three are left unchanged.
    lr : float
        Learning rate.
    momentum : float, default=0.9
        Decay of the velocity; 0 gives plain SGD.
    nesterov : bool, default=False
        Use the Nesterov look-ahead form of the update.

    Returns
    -------
    new_params : ndarray of the same shape as params
    new_velocity : ndarray of the same shape as params
        Both new arrays, never an input (with momentum = 0, v' equals g but is a copy).

    Notes
    -----
    Other texts store -lr g in the velocity (v' = momentum v - lr g, p' = p + v') or
    damp the gradient by (1 - momentum); both give different numbers from this one.
    Why interviewers ask: momentum is why SGD gets through ravines and saddles, and
    you are expected to write its update and say what the velocity holds.

    Examples
    --------
    >>> p, v = sgd_momentum_step(np.array([1.0]), np.array([2.0]), np.array([1.0]), 0.1)
    >>> [round(float(p[0]), 6), round(float(v[0]), 6)]
    [0.71, 2.9]
    >>> p, v = sgd_momentum_step(np.array([1.0]), np.array([2.0]), np.array([1.0]), 0.1,
    ...                          nesterov=True)
    >>> [round(float(p[0]), 6), round(float(v[0]), 6)]
    [0.539, 2.9]
    """
    raise NotImplementedError("optimization.sgd_momentum_step")


def rmsprop_step(params: np.ndarray, grads: np.ndarray, square_avg: np.ndarray,
                 lr: float = 0.01, alpha: float = 0.99,
                 eps: float = 1e-8) -> tuple[np.ndarray, np.ndarray]:
    """One RMSProp update: scale each coordinate's step by its recent gradient size.

        s' = alpha s + (1 - alpha) g^2          (running mean of squared gradients)
        p' = p - lr g / (sqrt(s') + eps)        (eps outside the square root)

    Parameters
    ----------
    params, grads, square_avg : ndarray, all of the same shape
        Current parameters p, gradient g, and running average s (zeros at the start).
        All three are left unchanged.
    lr : float, default=0.01
        Learning rate.
    alpha : float, default=0.99
        Decay of the running average.
    eps : float, default=1e-8
        Added to sqrt(s') to avoid dividing by 0.

    Returns
    -------
    new_params : ndarray of the same shape as params
    new_square_avg : ndarray of the same shape as params
        Both new arrays, never an input (with lr = 0, p' equals p but is a copy).

    Notes
    -----
    The update uses the new average s', not the old one. A coordinate with g = 0 and
    s' = 0 does not move.
    Why interviewers ask: per-coordinate step sizes are the idea behind Adam; RMSProp is
    that idea alone, without momentum or bias correction.

    Examples
    --------
    >>> p, s = rmsprop_step(np.array([1.0]), np.array([2.0]), np.array([0.0]), lr=0.1,
    ...                     alpha=0.75, eps=0.0)
    >>> [round(float(p[0]), 6), round(float(s[0]), 6)]
    [0.8, 1.0]
    """
    raise NotImplementedError("optimization.rmsprop_step")


def adam_step(params: np.ndarray, grads: np.ndarray, m: np.ndarray, v: np.ndarray, t: int,
              lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999,
              eps: float = 1e-8) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One Adam update (Kingma & Ba), with bias-corrected moment estimates.

        m' = beta1 m + (1 - beta1) g            (first moment: mean of g)
        v' = beta2 v + (1 - beta2) g^2          (second moment: mean of g^2)
        m_hat = m' / (1 - beta1^t)              (bias correction: m, v start at 0)
        v_hat = v' / (1 - beta2^t)
        p' = p - lr m_hat / (sqrt(v_hat) + eps) (eps outside the square root)

    Parameters
    ----------
    params, grads, m, v : ndarray, all of the same shape
        Parameters p, gradient g, and the moment estimates from the previous step
        (zeros before the first). All four are left unchanged.
    t : int
        The number of this update, counting from 1 (the first call uses t = 1).
    lr, beta1, beta2, eps : float
        Learning rate, decay rates of the two moments, and the denominator's guard.

    Returns
    -------
    new_params : ndarray of the same shape as params
    new_m : ndarray, m' (uncorrected; the correction is recomputed at every step)
    new_v : ndarray, v' (uncorrected)
        All three are new arrays, never an input (with lr = 0, p' equals p but is a
        copy).

    Raises
    ------
    ValueError
        If t < 1.

    Notes
    -----
    At t = 1 from m = v = 0 the step is lr g / (abs(g) + eps): about lr per
    coordinate in the direction of -g. Without the correction the early steps are
    badly scaled, because m' and v' are still biased towards their zero start.
    Why interviewers ask: Adam is the default optimizer, and writing its update from
    memory (including why the bias correction exists) is a standard question.

    Examples
    --------
    >>> z = np.zeros(2)
    >>> p, m, v = adam_step(np.array([1.0, 1.0]), np.array([0.5, -2.0]), z, z, t=1, lr=0.1)
    >>> p.round(6).tolist(), m.round(6).tolist(), v.round(6).tolist()
    ([0.9, 1.1], [0.05, -0.2], [0.00025, 0.004])
    """
    raise NotImplementedError("optimization.adam_step")


def adamw_step(params: np.ndarray, grads: np.ndarray, m: np.ndarray, v: np.ndarray, t: int,
               lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8,
               weight_decay: float = 0.01) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One AdamW update: Adam with decoupled weight decay (PyTorch's AdamW).

    First shrink the parameters, p~ = p (1 - lr weight_decay); then apply the Adam
    update of ``adam_step`` to p~, with the same gradient g (the decay never enters g,
    m or v):
        m' = beta1 m + (1 - beta1) g,  v' = beta2 v + (1 - beta2) g^2
        p' = p~ - lr m_hat / (sqrt(v_hat) + eps),  m_hat, v_hat bias-corrected with t

    Parameters
    ----------
    params, grads, m, v : ndarray, all of the same shape
        As in ``adam_step``; all four are left unchanged.
    t : int
        The number of this update, counting from 1.
    lr, beta1, beta2, eps : float
        As in ``adam_step``.
    weight_decay : float, default=0.01
        Decay coefficient; the shrink factor per step is 1 - lr weight_decay.

    Returns
    -------
    new_params, new_m, new_v : ndarray, each of the same shape as params
        New arrays, never an input, as in ``adam_step``.

    Raises
    ------
    ValueError
        If t < 1.

    Notes
    -----
    Adding weight_decay p to the gradient instead (L2 regularisation) is not the same
    under Adam: the penalty's gradient is then divided by sqrt(v_hat), so weights with
    large gradients are barely regularised. Decoupling restores a uniform shrink.
    weight_decay = 0 gives exactly ``adam_step``.
    Why interviewers ask: "why AdamW and not Adam with L2?" tests whether you know how
    adaptive scaling interacts with regularisation.

    Examples
    --------
    >>> z = np.zeros(1)
    >>> p, m, v = adamw_step(np.array([2.0]), np.array([0.5]), z, z, t=1, lr=0.1,
    ...                      weight_decay=0.5)
    >>> round(float(p[0]), 6)  # 2 (1 - 0.05) - 0.1
    1.8
    """
    raise NotImplementedError("optimization.adamw_step")


def cosine_lr(step: int, base_lr: float, total_steps: int, warmup_steps: int = 0,
              min_lr: float = 0.0) -> float:
    """Learning rate at ``step`` of a linear-warmup, cosine-decay schedule.

        step < warmup_steps:   base_lr * step / warmup_steps     (0 at step 0)
        step >= total_steps:   min_lr
        otherwise:             min_lr + (base_lr - min_lr) (1 + cos(pi progress)) / 2,
                               progress = (step - warmup_steps) / (total_steps - warmup_steps)

    Parameters
    ----------
    step : int
        Current step, >= 0.
    base_lr : float
        Peak rate, reached at step == warmup_steps.
    total_steps : int
        Length of the schedule, >= 1.
    warmup_steps : int, default=0
        Length of the linear warmup, in [0, total_steps].
    min_lr : float, default=0.0
        Floor the cosine decays to.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If total_steps < 1, or warmup_steps < 0 or > total_steps.

    Notes
    -----
    The cosine runs over the steps after the warmup, so progress is 0 at the end of
    the warmup and 1 at total_steps. With warmup_steps == total_steps there is no
    cosine phase: warmup, then min_lr.
    Why interviewers ask: warmup plus cosine decay is the usual schedule for large
    models; you should be able to say why each phase is there.

    Examples
    --------
    >>> [round(cosine_lr(s, 1.0, 10, warmup_steps=2), 6) for s in (0, 1, 2, 6, 10, 12)]
    [0.0, 0.5, 1.0, 0.5, 0.0, 0.0]
    """
    raise NotImplementedError("optimization.cosine_lr")


def clip_grad_norm(grads: list[np.ndarray], max_norm: float) -> tuple[list[np.ndarray], float]:
    """Rescale a list of gradients so that their joint L2 norm is at most max_norm.

        total_norm = sqrt(sum over all arrays and all entries of g^2)
        if total_norm > max_norm:  every g becomes g * max_norm / (total_norm + 1e-6)
        else:                      every g is returned unchanged

    Parameters
    ----------
    grads : list of ndarray
        One gradient array per parameter tensor, of any shapes.
    max_norm : float
        Largest allowed total norm, > 0.

    Returns
    -------
    clipped : list of ndarray
        New arrays (copies even when nothing is clipped), same shapes as ``grads``.
    total_norm : float
        The norm before clipping.

    Notes
    -----
    One scale factor for all arrays keeps the direction of the full gradient; clipping
    each array on its own would change it. A norm exactly equal to max_norm is not
    clipped. The 1e-6 matches torch.nn.utils.clip_grad_norm_.
    Why interviewers ask: clipping is the standard cure for exploding gradients in RNNs
    and transformers, and the "global norm, one factor" detail is what they probe.

    Examples
    --------
    >>> clipped, norm = clip_grad_norm([np.array([3.0]), np.array([4.0])], 1.0)
    >>> norm, [c.round(6).tolist() for c in clipped]
    (5.0, [[0.6], [0.8]])
    """
    raise NotImplementedError("optimization.clip_grad_norm")


def classify_critical_point(hessian: np.ndarray, tol: float = 1e-8) -> str:
    """Classify a critical point (gradient 0) from the eigenvalues of its Hessian.

        "minimum"     every eigenvalue > tol        (positive definite)
        "maximum"     every eigenvalue < -tol       (negative definite)
        "saddle"      some > tol and some < -tol    (curves up one way, down another)
        "degenerate"  anything else: no eigenvalue of one sign, and at least one in
                      [-tol, tol], so the second-order test cannot decide

    Parameters
    ----------
    hessian : ndarray of shape (n, n)
        Symmetric matrix of second derivatives at the point.
    tol : float, default=1e-8
        Eigenvalues with abs value <= tol count as zero. The threshold is absolute:
        it is not scaled by the size of the Hessian's entries.

    Returns
    -------
    str
        One of "minimum", "maximum", "saddle", "degenerate".

    Notes
    -----
    A zero eigenvalue does not stop a point from being a saddle: eigenvalues 2, 0, -3
    give "saddle". The diagonal entries or the determinant alone cannot decide:
    [[1, 2], [2, 1]] has a positive diagonal and is a saddle.
    Why interviewers ask: in high dimensions most critical points are saddles, not
    local minima; this is the test behind that statement.

    Examples
    --------
    >>> classify_critical_point(np.array([[2.0, 0.0], [0.0, 3.0]]))
    'minimum'
    >>> classify_critical_point(np.array([[1.0, 2.0], [2.0, 1.0]]))
    'saddle'
    >>> classify_critical_point(np.array([[1.0, 0.0], [0.0, 0.0]]))
    'degenerate'
    """
    raise NotImplementedError("optimization.classify_critical_point")


def newton_step(grad: np.ndarray, hessian: np.ndarray, x: np.ndarray) -> np.ndarray:
    """One Newton step: x' = x - H^-1 grad, computed by solving H d = grad.

    Parameters
    ----------
    grad : ndarray of shape (n,)
        Gradient at x.
    hessian : ndarray of shape (n, n)
        Hessian at x.
    x : ndarray of shape (n,)
        Current point.

    Returns
    -------
    ndarray of shape (n,)
        x - d, where d solves H d = grad. For a quadratic
        f(x) = x.A.x / 2 - b.x this is the exact minimiser A^-1 b, from any x.

    Raises
    ------
    ValueError
        If the Hessian is singular: its smallest singular value is
        <= n * machine epsilon * its largest (np.finfo(float).eps; the all-zero matrix
        is singular).

    Notes
    -----
    Solve, do not invert: np.linalg.solve factorises H once, is cheaper and more
    accurate than forming H^-1. The singularity test is relative, so a Hessian scaled
    by 1e-30 is not singular, while diag(1, 1e-20) is. An indefinite (but
    nonsingular) Hessian is fine; the step then heads for a saddle or maximum.
    Why interviewers ask: second-order methods converge in few steps but cost a
    linear solve per step; knowing why nobody inverts H (and why Newton is rare in
    deep learning) is expected.

    Examples
    --------
    >>> H = np.array([[2.0, 0.0], [0.0, 4.0]])
    >>> newton_step(np.array([2.0, 4.0]), H, np.array([3.0, 3.0])).tolist()
    [2.0, 2.0]
    """
    raise NotImplementedError("optimization.newton_step")
