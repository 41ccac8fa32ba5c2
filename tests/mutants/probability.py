"""Realistic wrong solutions for the probability topic, beyond the listed misconceptions.

Each ``<exercise>__<what>`` must fail grading with feedback containing its marker.
"""

import numpy as np

from tests.support import mutant


def _check(p, name):
    """Distribution validation, correct, shared by the mutants that get it right."""
    p = np.asarray(p, dtype=float)
    if p.ndim != 1 or not np.all(np.isfinite(p)) or np.any(p < 0) or abs(p.sum() - 1) > 1e-8:
        raise ValueError(f"`{name}` is not a distribution")
    return p


def _log_base(base):
    if base is None:
        return 1.0
    if not base > 0 or base == 1:
        raise ValueError("bad base")
    return np.log(base)


def _cholesky(cov):
    if np.max(np.abs(cov - cov.T)) > 1e-10 * np.max(np.abs(cov)):
        raise ValueError("`cov` is not symmetric")
    try:
        return np.linalg.cholesky(cov)
    except np.linalg.LinAlgError:
        raise ValueError("`cov` is not positive definite") from None


# --- bayes_posterior --------------------------------------------------------------


@mutant("should raise ValueError for a likelihood above 1")
def bayes_posterior__no_likelihood_check(prior, likelihood):
    prior = _check(prior, "prior")
    joint = prior * likelihood
    if joint.sum() == 0:
        raise ValueError("P(evidence) = 0")
    return joint / joint.sum()


@mutant("changed its input `prior` in place")
def bayes_posterior__in_place(prior, likelihood):
    _check(prior, "prior")
    if np.any((likelihood < 0) | (likelihood > 1)):
        raise ValueError("likelihood outside [0, 1]")
    prior *= likelihood
    if prior.sum() == 0:
        raise ValueError("P(evidence) = 0")
    return prior / prior.sum()


# --- entropy ----------------------------------------------------------------------


@mutant("should raise ValueError for `p` sums to 1 + 1e-6")
def entropy__isclose_default_tolerance(p, base=None):
    p = np.asarray(p, dtype=float)
    if p.ndim != 1 or not np.all(np.isfinite(p)) or np.any(p < 0) or not np.isclose(p.sum(), 1):
        raise ValueError("`p` is not a distribution")
    nz = p[p > 0]
    return float(-np.sum(nz * np.log(nz)) / _log_base(base))


@mutant("should raise ValueError for base = 1")
def entropy__base_unchecked(p, base=None):
    p = _check(p, "p")
    nz = p[p > 0]
    h = -np.sum(nz * np.log(nz))
    return float(h if base is None else h / np.log(base))


# --- cross_entropy ----------------------------------------------------------------


@mutant("should raise ValueError for `q` contains NaN")
def cross_entropy__checks_only_the_sum(p, q, base=None):
    for name, a in (("p", p), ("q", q)):
        if a.ndim != 1 or np.any(a < 0) or abs(a.sum() - 1) > 1e-8:  # NaN slips through
            raise ValueError(f"`{name}` is not a distribution")
    s = p > 0
    return float(-np.sum(p[s] * np.log(q[s])) / _log_base(base))


@mutant("should be a float")
def cross_entropy__returns_the_terms(p, q, base=None):
    p, q = _check(p, "p"), _check(q, "q")
    s = p > 0
    terms = np.zeros_like(p)
    terms[s] = -p[s] * np.log(q[s]) / _log_base(base)
    return terms


# --- kl_divergence ----------------------------------------------------------------


@mutant("should raise ValueError for `q` sums to 0.9")
def kl_divergence__q_unchecked(p, q, base=None):
    p = _check(p, "p")
    s = p > 0
    return max(float(np.sum(p[s] * (np.log(p[s]) - np.log(q[s])))), 0.0) / _log_base(base)


@mutant("uses `scipy`")
def kl_divergence__scipy(p, q, base=None):
    from scipy.stats import entropy as scipy_entropy

    p, q = _check(p, "p"), _check(q, "q")
    _log_base(base)
    return float(scipy_entropy(p, q, base=base))


# --- js_divergence ----------------------------------------------------------------


@mutant("inf or nan")
def js_divergence__zero_terms_unmasked(p, q, base=None):
    p, q = _check(p, "p"), _check(q, "q")
    m = (p + q) / 2
    js = 0.5 * np.sum(p * np.log(p / m)) + 0.5 * np.sum(q * np.log(q / m))
    return float(js / _log_base(base))


@mutant("JS divergence lies in [0, log 2]")
def js_divergence__unclipped(p, q, base=None):
    p, q = _check(p, "p"), _check(q, "q")
    m = 0.5 * (p + q)

    def kl_to_m(a):
        s = a > 0
        return np.sum(a[s] * (np.log(a[s]) - np.log(m[s])))

    return float((0.5 * kl_to_m(p) + 0.5 * kl_to_m(q)) / _log_base(base))


@mutant("uses `scipy`")
def js_divergence__scipy_distance_squared(p, q, base=None):
    from scipy.spatial.distance import jensenshannon

    p, q = _check(p, "p"), _check(q, "q")
    _log_base(base)
    return float(jensenshannon(p, q, base=base) ** 2)


# --- logsumexp --------------------------------------------------------------------


@mutant("shape")
def logsumexp__ignores_axis(x, axis=None):
    m = np.max(x, initial=-np.inf)
    m = m if np.isfinite(m) else 0.0
    return float(m + np.log(np.sum(np.exp(x - m))))


@mutant("0-d array")
def logsumexp__zero_d_array(x, axis=None):
    m = np.max(x, axis=axis, keepdims=True, initial=-np.inf)
    m = np.where(np.isfinite(m), m, 0.0)
    out = np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m
    return np.squeeze(out) if axis is None else np.squeeze(out, axis=axis)


@mutant("raised ValueError")
def logsumexp__empty_input_raises(x, axis=None):
    m = np.max(x, axis=axis, keepdims=True)  # no initial: an empty input raises
    m = np.where(np.isfinite(m), m, 0.0)
    out = np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m
    return float(out.reshape(-1)[0]) if axis is None else np.squeeze(out, axis=axis)


# --- gaussian_log_pdf -------------------------------------------------------------


def _log_pdf_from(L, X, mean):
    z = np.linalg.solve(L, (X - mean).T)
    d = L.shape[0]
    return -0.5 * (d * np.log(2 * np.pi) + 2 * np.sum(np.log(np.diag(L))) + np.sum(z * z, 0))


@mutant("changed its input `X` in place")
def gaussian_log_pdf__in_place(X, mean, cov):
    L = _cholesky(cov)
    X -= mean
    return _log_pdf_from(L, X, np.zeros_like(mean))


@mutant("should raise ValueError for cov asymmetric by 1e-6 relative")
def gaussian_log_pdf__allclose_symmetry(X, mean, cov):
    if not np.allclose(cov, cov.T):  # default tolerances: 1e-5 relative is "symmetric"
        raise ValueError("`cov` is not symmetric")
    try:
        L = np.linalg.cholesky(cov)
    except np.linalg.LinAlgError:
        raise ValueError("`cov` is not positive definite") from None
    return _log_pdf_from(L, X, mean)


@mutant("raised ValueError")
def gaussian_log_pdf__exact_symmetry(X, mean, cov):
    if not np.array_equal(cov, cov.T):
        raise ValueError("`cov` is not symmetric")
    return _log_pdf_from(_cholesky(cov), X, mean)


@mutant("shape")
def gaussian_log_pdf__column_vector(X, mean, cov):
    return _log_pdf_from(_cholesky(cov), X, mean)[:, None]


# --- gaussian_mle -----------------------------------------------------------------


@mutant("shape")
def gaussian_mle__np_cov_rows_as_variables(X):
    if X.shape[0] < 1:
        raise ValueError("no samples")
    return X.mean(axis=0), np.atleast_2d(np.cov(X, bias=True))


@mutant("changed its input `X` in place")
def gaussian_mle__in_place(X):
    if X.shape[0] < 1:
        raise ValueError("no samples")
    mean = X.mean(axis=0)
    X -= mean
    return mean, X.T @ X / X.shape[0]


@mutant("should raise ValueError for no samples")
def gaussian_mle__no_size_check(X):
    mean = X.mean(axis=0)
    centred = X - mean
    return mean, centred.T @ centred / X.shape[0]


# --- gaussian_kl ------------------------------------------------------------------


@mutant("should raise ValueError for cov1 symmetric but indefinite")
def gaussian_kl__no_validation(mu0, cov0, mu1, cov1):
    diff = mu1 - mu0
    trace = np.trace(np.linalg.solve(cov1, cov0))
    quad = diff @ np.linalg.solve(cov1, diff)
    logdet0 = np.linalg.slogdet(cov0)[1]
    logdet1 = np.linalg.slogdet(cov1)[1]
    return float(0.5 * (trace + quad - len(mu0) + logdet1 - logdet0))


@mutant("changed its input `cov1` in place")
def gaussian_kl__in_place_jitter(mu0, cov0, mu1, cov1):
    cov1 += 1e-12 * np.eye(len(mu1))  # "for stability", but on the caller's matrix
    L0, L1 = _cholesky(cov0), _cholesky(cov1)
    trace = np.sum(np.linalg.solve(L1, L0) ** 2)
    quad = np.sum(np.linalg.solve(L1, mu1 - mu0) ** 2)
    logdets = 2 * np.sum(np.log(np.diag(L1)) - np.log(np.diag(L0)))
    return float(0.5 * (trace + quad - len(mu0) + logdets))


# --- beta_bernoulli_map -----------------------------------------------------------


@mutant("should raise ValueError for alpha < 1")
def beta_bernoulli_map__prior_unchecked(k, n, alpha=1.0, beta=1.0):
    if not 0 <= k <= n or n + alpha + beta <= 2:
        raise ValueError("bad counts")
    return (k + alpha - 1) / (n + alpha + beta - 2)


@mutant("0-d array")
def beta_bernoulli_map__zero_d_array(k, n, alpha=1.0, beta=1.0):
    if not 0 <= k <= n or alpha < 1 or beta < 1 or n + alpha + beta <= 2:
        raise ValueError("bad arguments")
    return np.array((k + alpha - 1) / (n + alpha + beta - 2))


# --- linear_regression_mle --------------------------------------------------------


@mutant("shape")
def linear_regression_mle__adds_an_intercept(X, y):
    A = np.column_stack([np.ones(len(X)), X])
    w = np.linalg.lstsq(A, y, rcond=None)[0]
    r = y - A @ w
    return w, float(np.mean(r * r))


@mutant("changed its input `y` in place")
def linear_regression_mle__in_place(X, y):
    w = np.linalg.lstsq(X, y, rcond=None)[0]
    y -= X @ w
    return w, float(np.mean(y * y))


# --- bernoulli_nll ----------------------------------------------------------------


@mutant("should raise ValueError for labels -1 and +1")
def bernoulli_nll__accepts_plus_minus_one(y, logits):
    y = np.asarray(y, dtype=float)
    if not np.all(np.isin(y, [-1.0, 0.0, 1.0])):
        raise ValueError("`y` must be binary labels")
    y = np.where(y == -1, 0.0, y)  # "helpfully" converts -1/+1 labels
    return float(np.mean(np.where(y == 1, np.logaddexp(0, -logits), np.logaddexp(0, logits))))


@mutant("changed its input `logits` in place")
def bernoulli_nll__in_place_sign_flip(y, logits):
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("`y` must be binary labels")
    logits[y == 1] *= -1  # now every loss is softplus(logits)
    return float(np.mean(np.logaddexp(0, logits)))


@mutant("p / q overflows")
def kl_divergence__ratio_of_probabilities(p, q, base=None):
    """Correct on paper, but p / q overflows when q is subnormal."""
    for x in (p, q):
        if x.ndim != 1 or np.any(x < 0) or not np.isfinite(x).all() or abs(x.sum() - 1) > 1e-8:
            raise ValueError("not a distribution")
    if base is not None and (base <= 0 or base == 1):
        raise ValueError("bad base")
    support = p > 0
    with np.errstate(divide="ignore", over="ignore"):
        value = max(float(np.sum(p[support] * np.log(p[support] / q[support]))), 0.0)
    return value if base is None else value / np.log(base)


@mutant("the probability was clipped away from 0")
def bernoulli_nll__clipped_probability(y, logits):
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("`y` must be binary labels")
    with np.errstate(over="ignore"):
        s = np.clip(1 / (1 + np.exp(-logits)), 1e-7, 1 - 1e-7)
    return float(np.mean(-(y * np.log(s) + (1 - y) * np.log(1 - s))))
