"""Correct solutions for the probability topic, written differently from the reference.

Each ``<exercise>__<how>`` must pass grading: other loops, other factorisations, other
orders of summation. NumPy and the standard library only, like a learner's module.
"""

import math
from fractions import Fraction

import numpy as np


def _distribution(p, name):
    """Validation written as a Python loop, to differ from the reference's."""
    p = np.asarray(p, dtype=float)
    if p.ndim != 1:
        raise ValueError(f"`{name}` must be 1-D")
    total = 0.0
    for value in p.tolist():
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"`{name}` has an entry that is negative or not finite")
        total += value
    if not math.isclose(total, 1.0, rel_tol=0.0, abs_tol=1e-8):
        raise ValueError(f"`{name}` must sum to 1")
    return p


def _two_distributions(p, q):
    p, q = _distribution(p, "p"), _distribution(q, "q")
    if len(p) != len(q):
        raise ValueError("`p` and `q` must have the same number of outcomes")
    return p, q


def _ln_base(base):
    if base is None:
        return 1.0
    if not (base > 0 and base != 1):
        raise ValueError("`base` must be > 0 and != 1")
    return math.log(base)


def _points(X, d):
    if np.ndim(X) != 2 or np.shape(X)[1] != d:
        raise ValueError(f"`X` must have shape (n, {d})")
    return X


def _spd_check(cov):
    if not np.all(np.abs(cov - cov.T) <= 1e-10 * np.abs(cov).max()):
        raise ValueError("covariance not symmetric")
    eigenvalues, eigenvectors = np.linalg.eigh(cov)
    if eigenvalues.min() <= 0:
        raise ValueError("covariance not positive definite")
    return eigenvalues, eigenvectors


# --- bayes_posterior --------------------------------------------------------------


def bayes_posterior__log_space(prior, likelihood):
    prior = _distribution(prior, "prior")
    if np.shape(likelihood) != prior.shape:
        raise ValueError("`likelihood` must have one entry per hypothesis")
    if np.any(likelihood < 0) or np.any(likelihood > 1) or np.any(np.isnan(likelihood)):
        raise ValueError("`likelihood` must lie in [0, 1]")
    with np.errstate(divide="ignore"):
        log_joint = np.log(prior) + np.log(likelihood)
    top = log_joint.max()
    if top == -np.inf:
        raise ValueError("P(evidence) = 0")
    weights = np.exp(log_joint - top)
    return weights / weights.sum()


# --- entropy, cross_entropy, kl_divergence, js_divergence -------------------------


def entropy__python_loop(p, base=None):
    p = _distribution(p, "p")
    ln_b = _ln_base(base)
    h = 0.0
    for value in reversed(p.tolist()):
        if value > 0:
            h -= value * math.log(value)
    return h / ln_b


def entropy__xlogy_with_where(p, base=None):
    p = _distribution(p, "p")
    ln_b = _ln_base(base)
    safe = np.where(p > 0, p, 1.0)  # log(1) = 0 for the empty outcomes
    return float(-(p * np.log(safe)).sum() / ln_b)


def cross_entropy__python_loop(p, q, base=None):
    p, q = _distribution(p, "p"), _distribution(q, "q")
    ln_b = _ln_base(base)
    total = 0.0
    for pi, qi in zip(p.tolist(), q.tolist(), strict=True):
        if pi == 0:
            continue
        if qi == 0:
            return math.inf / ln_b
        total -= pi * math.log(qi)
    return total / ln_b


def kl_divergence__cross_entropy_minus_entropy(p, q, base=None):
    p, q = _two_distributions(p, q)
    ln_b = _ln_base(base)
    s = p > 0
    if np.any(q[s] == 0):
        return math.inf
    cross = -np.dot(p[s], np.log(q[s]))
    own = -np.dot(p[s], np.log(p[s]))
    return max(float(cross - own), 0.0) / ln_b


def kl_divergence__log_ratio_loop(p, q, base=None):
    p, q = _distribution(p, "p"), _distribution(q, "q")
    ln_b = _ln_base(base)
    terms = []
    for pi, qi in zip(p.tolist(), q.tolist(), strict=True):
        if pi > 0:
            terms.append(math.inf if qi == 0 else pi * (math.log(pi) - math.log(qi)))
    return max(math.fsum(terms), 0.0) / ln_b


def js_divergence__entropy_of_the_mixture(p, q, base=None):
    p, q = _two_distributions(p, q)
    ln_b = _ln_base(base)

    def h(a):
        a = a[a > 0]
        return -np.sum(a * np.log(a))

    js = h(0.5 * (p + q)) - 0.5 * (h(p) + h(q))
    return min(max(float(js), 0.0), math.log(2)) / ln_b


# --- logsumexp --------------------------------------------------------------------


def _lse_1d(values):
    """log(sum(exp(values))) of one slice, with log1p around the non-max terms."""
    if values.size == 0:
        return -math.inf
    if np.isnan(values).any():
        return math.nan
    i = int(np.argmax(values))
    top = values[i]
    if math.isinf(top):
        return top  # +inf wins; -inf means every entry is -inf
    rest = np.delete(values, i)
    return top + math.log1p(float(np.sum(np.exp(rest - top))))


def logsumexp__per_slice_log1p(x, axis=None):
    x = np.asarray(x, dtype=float)
    if axis is None:
        return _lse_1d(x.ravel())
    moved = np.moveaxis(x, axis, -1)
    out = np.empty(moved.shape[:-1])
    for index in np.ndindex(out.shape):
        out[index] = _lse_1d(moved[index])
    return out


# --- gaussian_log_pdf -------------------------------------------------------------


def gaussian_log_pdf__eigh(X, mean, cov):
    eigenvalues, eigenvectors = _spd_check(cov)
    X = _points(X, len(eigenvalues))
    projected = (X - mean) @ eigenvectors / np.sqrt(eigenvalues)
    d = len(eigenvalues)
    return -0.5 * (d * math.log(2 * math.pi) + np.sum(np.log(eigenvalues))
                   + np.sum(projected**2, axis=1))


def gaussian_log_pdf__slogdet_and_solve(X, mean, cov):
    if np.max(np.abs(cov - cov.T)) > 1e-10 * np.max(np.abs(cov)):
        raise ValueError("`cov` is not symmetric")
    sign, logdet = np.linalg.slogdet(cov)
    if sign <= 0 or np.linalg.eigvalsh(cov)[0] <= 0:
        raise ValueError("`cov` is not positive definite")
    _points(X, cov.shape[0])
    diff = X - mean
    maha = np.einsum("ij,ji->i", diff, np.linalg.solve(cov, diff.T))
    return -0.5 * (cov.shape[0] * np.log(2 * np.pi) + logdet + maha)


# --- gaussian_mle -----------------------------------------------------------------


def gaussian_mle__sum_of_outer_products(X):
    n, d = X.shape
    if n < 1:
        raise ValueError("`X` needs at least one row")
    mean = np.zeros(d)
    for row in X:
        mean += row
    mean /= n
    cov = np.zeros((d, d))
    for row in X:
        cov += np.outer(row - mean, row - mean)
    return mean, cov / n


def gaussian_mle__np_cov_bias(X):
    if X.ndim != 2 or X.shape[0] < 1:
        raise ValueError("`X` needs at least one row")
    d = X.shape[1]
    if X.shape[0] == 1:
        return X[0].copy(), np.zeros((d, d))
    return X.mean(axis=0), np.cov(X, rowvar=False, bias=True).reshape(d, d)


# --- gaussian_kl ------------------------------------------------------------------


def gaussian_kl__slogdet_and_trace(mu0, cov0, mu1, cov1):
    for cov in (cov0, cov1):
        _spd_check(cov)
    diff = mu1 - mu0
    trace = np.trace(np.linalg.solve(cov1, cov0))
    quad = diff @ np.linalg.solve(cov1, diff)
    logdet0 = np.linalg.slogdet(cov0)[1]
    logdet1 = np.linalg.slogdet(cov1)[1]
    return max(float(0.5 * (trace + quad - len(mu0) + logdet1 - logdet0)), 0.0)


def gaussian_kl__eigenbasis_of_cov1(mu0, cov0, mu1, cov1):
    e0, _ = _spd_check(cov0)
    e1, v1 = _spd_check(cov1)
    whiten = v1 / np.sqrt(e1)  # W^T cov1 W = I
    a = whiten.T @ cov0 @ whiten
    b = whiten.T @ (mu1 - mu0)
    kl = 0.5 * (np.trace(a) + b @ b - len(e0) + np.sum(np.log(e1)) - np.sum(np.log(e0)))
    return max(float(kl), 0.0)


# --- beta_bernoulli_map -----------------------------------------------------------


def beta_bernoulli_map__posterior_parameters(k, n, alpha=1.0, beta=1.0):
    if k < 0 or k > n or alpha < 1 or beta < 1 or math.isnan(alpha) or math.isnan(beta):
        raise ValueError("need 0 <= k <= n and alpha, beta >= 1")
    a_post = Fraction(k) + Fraction(alpha)  # posterior Beta(a_post, b_post)
    b_post = Fraction(n - k) + Fraction(beta)
    if a_post + b_post <= 2:
        raise ValueError("need n + alpha + beta > 2")
    return float((a_post - 1) / (a_post + b_post - 2))


# --- linear_regression_mle --------------------------------------------------------


def linear_regression_mle__qr(X, y):
    Q, R = np.linalg.qr(X)
    w = np.linalg.solve(R, Q.T @ y)
    residual = y - X @ w
    return w, float(np.mean(residual**2))


def linear_regression_mle__svd(X, y):
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    w = Vt.T @ ((U.T @ y) / s)
    n = X.shape[0]
    return w, float(np.sum((X @ w - y) ** 2) / n)


# --- bernoulli_nll ----------------------------------------------------------------


def _labels(y, logits):
    y = np.asarray(y, dtype=float)
    if not np.isin(y, (0.0, 1.0)).all():
        raise ValueError("`y` must be binary labels")
    if y.shape != np.shape(logits):
        raise ValueError("`y` and `logits` must have the same shape")
    return y


def bernoulli_nll__softplus_minus_yz(y, logits):
    y = _labels(y, logits)
    return float(np.mean(np.logaddexp(0.0, logits) - y * logits))


def bernoulli_nll__relu_log1p(y, logits):
    y = _labels(y, logits)
    z = logits
    loss = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))  # TensorFlow's form
    return float(loss.sum() / len(loss))
