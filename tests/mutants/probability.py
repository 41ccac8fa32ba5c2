"""Realistic wrong solutions for the probability topic, beyond the listed misconceptions.

Each ``<exercise>__<what>`` must fail grading with feedback containing its marker.
"""

import numpy as np

from tests.support import mutant


def _check(p, name, *, skip=(), sum_tol=1e-8, floor=0.0):
    """Distribution validation, correct unless a rule is named in ``skip`` (or a
    tolerance is changed), shared by the mutants."""
    p = np.asarray(p, dtype=float)
    if "ndim" not in skip and p.ndim != 1:
        raise ValueError(f"`{name}` must be 1-D")
    if "finite" not in skip and not np.all(np.isfinite(p)):
        raise ValueError(f"`{name}` must be finite")
    if "sign" not in skip and np.any(p < floor):
        raise ValueError(f"`{name}` must be >= 0")
    if "sum" not in skip and abs(p.sum() - 1) > sum_tol:
        raise ValueError(f"`{name}` must sum to 1")
    return p


def _pair(p, q, *, skip=()):
    """Two distributions of the same length, unless "length" is in ``skip``."""
    p, q = _check(p, "p"), _check(q, "q")
    if "length" not in skip and p.shape != q.shape:
        raise ValueError("`p` and `q` differ in length")
    return p, q


def _kl_nats(p, q):
    """KL(p || q) in nats, unclipped, with 0 log 0 = 0, broadcasting p against q."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.sum(np.where(p > 0, p * (np.log(p) - np.log(q)), 0.0)))


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


def _eigen_checked(cov, *, sym_atol=None, eig_floor=None):
    """Eigenvalues of cov after a symmetry test with an absolute tolerance ``sym_atol``
    (relative 1e-10 if None) and a positive definiteness test ``min eigenvalue >
    eig_floor`` (> 0 if None)."""
    asym = np.max(np.abs(cov - cov.T))
    if asym > (1e-10 * np.max(np.abs(cov)) if sym_atol is None else sym_atol):
        raise ValueError("`cov` is not symmetric")
    eigenvalues = np.linalg.eigvalsh(cov)
    if eigenvalues.min() <= (0.0 if eig_floor is None else eig_floor):
        raise ValueError("`cov` is not positive definite")
    return eigenvalues


def _points(X, d):
    if X.ndim != 2 or X.shape[1] != d:
        raise ValueError(f"`X` must have shape (n, {d})")
    return X


def _log_pdf_slogdet(X, mean, cov):
    diff = X - mean
    maha = np.sum(diff * np.linalg.solve(cov, diff.T).T, axis=1)
    return -0.5 * (cov.shape[0] * np.log(2 * np.pi) + np.linalg.slogdet(cov)[1] + maha)


def _gkl_unclipped(mu0, cov0, mu1, cov1):
    L0, L1 = np.linalg.cholesky(cov0), np.linalg.cholesky(cov1)
    trace = np.sum(np.linalg.solve(L1, L0) ** 2)
    quad = np.sum(np.linalg.solve(L1, mu1 - mu0) ** 2)
    logdets = 2 * np.sum(np.log(np.diag(L1)) - np.log(np.diag(L0)))
    return float(0.5 * (trace + quad - len(mu0) + logdets))


# --- bayes_posterior --------------------------------------------------------------


@mutant("should raise ValueError for a likelihood above 1")
def bayes_posterior__no_likelihood_check(prior, likelihood):
    prior = _check(prior, "prior")
    joint = prior * likelihood
    if joint.sum() == 0:
        raise ValueError("P(evidence) = 0")
    return joint / joint.sum()


@mutant("should raise ValueError for a likelihood of 1 + 1e-9")
def bayes_posterior__likelihood_tolerance(prior, likelihood):
    prior = _check(prior, "prior")
    if likelihood.shape != prior.shape:
        raise ValueError("shapes differ")
    if np.any(likelihood < -1e-9) or np.any(likelihood > 1 + 1e-6):  # "rounding slack"
        raise ValueError("likelihood outside [0, 1]")
    joint = prior * likelihood
    if joint.sum() == 0:
        raise ValueError("P(evidence) = 0")
    return joint / joint.sum()


@mutant("should raise ValueError for likelihood of length 1 for 3 hypotheses")
def bayes_posterior__no_shape_check(prior, likelihood):
    prior = _check(prior, "prior")
    if np.any((likelihood < 0) | (likelihood > 1)):
        raise ValueError("likelihood outside [0, 1]")
    joint = prior * likelihood  # broadcasts a length-1 likelihood
    if joint.sum() == 0:
        raise ValueError("P(evidence) = 0")
    return joint / joint.sum()


@mutant("should raise ValueError for P(evidence) = 0")
def bayes_posterior__no_evidence_check(prior, likelihood):
    prior = _check(prior, "prior")
    if likelihood.shape != prior.shape or np.any((likelihood < 0) | (likelihood > 1)):
        raise ValueError("bad likelihood")
    joint = prior * likelihood
    return joint / joint.sum()


@mutant("on tiny likelihoods (1e-300)")
def bayes_posterior__evidence_absolute_threshold(prior, likelihood):
    prior = _check(prior, "prior")
    if likelihood.shape != prior.shape or np.any((likelihood < 0) | (likelihood > 1)):
        raise ValueError("bad likelihood")
    joint = prior * likelihood
    if joint.sum() < 1e-12:  # "numerically zero", but 1e-300 is a valid evidence
        raise ValueError("P(evidence) = 0")
    return joint / joint.sum()


@mutant("should raise ValueError for `prior` is 2-D")
def bayes_posterior__prior_ndim_unchecked(prior, likelihood):
    prior = _check(prior, "prior", skip=("ndim",))
    if likelihood.shape != prior.shape or np.any((likelihood < 0) | (likelihood > 1)):
        raise ValueError("bad likelihood")
    joint = prior * likelihood
    if joint.sum() == 0:
        raise ValueError("P(evidence) = 0")
    return joint / joint.sum()


@mutant("should raise ValueError for `prior` sums to 1 + 3e-8")
def bayes_posterior__prior_sum_tolerance_1e6(prior, likelihood):
    prior = _check(prior, "prior", sum_tol=1e-6)
    if likelihood.shape != prior.shape or np.any((likelihood < 0) | (likelihood > 1)):
        raise ValueError("bad likelihood")
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


def _entropy_checked(p, base, **check):
    p = _check(p, "p", **check)
    nz = p[p > 0]
    return float(-np.sum(nz * np.log(nz)) / _log_base(base))


@mutant("should raise ValueError for `p` sums to 1 + 3e-8")
def entropy__sum_tolerance_1e6(p, base=None):
    return _entropy_checked(p, base, sum_tol=1e-6)


@mutant("should raise ValueError for `p` sums to 1 - 3e-8")
def entropy__sum_checked_from_above_only(p, base=None):
    p = _check(p, "p", skip=("sum",))
    if p.sum() > 1 + 1e-8 or p.sum() < 0.99:  # the lower side "rounded" loosely
        raise ValueError("`p` must sum to 1")
    return _entropy_checked(p, base, skip=("sum",))


@mutant("should raise ValueError for `p` has a negative entry of -1e-12")
def entropy__negative_tolerance(p, base=None):
    return _entropy_checked(p, base, floor=-1e-9)


@mutant("should raise ValueError for `p` contains NaN")
def entropy__finite_unchecked(p, base=None):
    return _entropy_checked(p, base, skip=("finite",))


@mutant("should raise ValueError for `p` is 2-D")
def entropy__ndim_unchecked(p, base=None):
    return _entropy_checked(p, base, skip=("ndim",))


@mutant("on base 0.5")
def entropy__refuses_base_below_one(p, base=None):
    if base is not None and base <= 1:
        raise ValueError("`base` must be > 1")
    return _entropy_checked(p, base)


# --- cross_entropy ----------------------------------------------------------------


@mutant("should raise ValueError for `q` contains NaN")
def cross_entropy__checks_only_the_sum(p, q, base=None):
    for name, a in (("p", p), ("q", q)):
        if a.ndim != 1 or np.any(a < 0) or abs(a.sum() - 1) > 1e-8:  # NaN slips through
            raise ValueError(f"`{name}` is not a distribution")
    s = p > 0
    return float(-np.sum(p[s] * np.log(q[s])) / _log_base(base))


@mutant("should raise ValueError for `q` with one outcome")
def cross_entropy__no_length_check(p, q, base=None):
    p, q = _pair(p, q, skip=("length",))
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, -p * np.log(q), 0.0)  # broadcasts a length-1 q
    return float(np.sum(terms) / _log_base(base))


@mutant("should raise ValueError for `p` sums to 0.9")
def cross_entropy__p_unchecked(p, q, base=None):
    q = _check(q, "q")
    s = p > 0
    with np.errstate(divide="ignore"):
        return float(-np.sum(p[s] * np.log(q[s])) / _log_base(base))


@mutant("should raise ValueError for base = 1")
def cross_entropy__base_unchecked(p, q, base=None):
    p, q = _pair(p, q)
    s = p > 0
    with np.errstate(divide="ignore"):
        h = -np.sum(p[s] * np.log(q[s]))
    return float(h if base is None else h / np.log(base))


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


@mutant("should raise ValueError for `p` with one outcome, `q` with three")
def kl_divergence__no_length_check(p, q, base=None):
    p, q = _pair(p, q, skip=("length",))
    return max(_kl_nats(p, q), 0.0) / _log_base(base)


@mutant("should raise ValueError for `q` has a negative entry of -1e-12")
def kl_divergence__q_negative_tolerance(p, q, base=None):
    p, q = _check(p, "p"), _check(q, "q", floor=-1e-9)
    if p.shape != q.shape:
        raise ValueError("`p` and `q` differ in length")
    return max(_kl_nats(p, q), 0.0) / _log_base(base)


@mutant("on random p and q over 6 outcomes, base 0.5")
def kl_divergence__refuses_base_below_one(p, q, base=None):
    p, q = _pair(p, q)
    if base is not None and base <= 1:
        raise ValueError("`base` must be > 1")
    return max(_kl_nats(p, q), 0.0) / _log_base(base)


@mutant("should raise ValueError for base = -2.0")
def kl_divergence__base_checked_only_against_one(p, q, base=None):
    p, q = _pair(p, q)
    if base == 1:  # base 0 and negative bases slip through
        raise ValueError("`base` must not be 1")
    with np.errstate(invalid="ignore", divide="ignore"):
        return max(_kl_nats(p, q), 0.0) / (1.0 if base is None else np.log(base))


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


def _js_nats(p, q):
    m = 0.5 * (p + q)
    return min(max(0.5 * (_kl_nats(p, m) + _kl_nats(q, m)), 0.0), float(np.log(2)))


@mutant("should raise ValueError for `q` with one outcome, `p` with three")
def js_divergence__no_length_check(p, q, base=None):
    p, q = _pair(p, q, skip=("length",))
    return _js_nats(p, q) / _log_base(base)


@mutant("should raise ValueError for base = 0")
def js_divergence__base_unchecked(p, q, base=None):
    p, q = _pair(p, q)
    return _js_nats(p, q) / (1.0 if base is None else np.log(base))


@mutant("should raise ValueError for `p` sums to 1 - 3e-8")
def js_divergence__isclose_sum(p, q, base=None):
    for a in (p, q):
        _check(a, "p or q", skip=("sum",))
        if not np.isclose(a.sum(), 1.0):  # default tolerances: rtol 1e-5, atol 1e-8
            raise ValueError("not a distribution")
    if p.shape != q.shape:
        raise ValueError("`p` and `q` differ in length")
    return _js_nats(p, q) / _log_base(base)


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


@mutant("shape")
def logsumexp__squeezes_every_axis(x, axis=None):
    m = np.max(x, axis=axis, keepdims=True, initial=-np.inf)
    m = np.where(np.isfinite(m), m, 0.0)
    with np.errstate(divide="ignore"):
        out = np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m
    return float(out.reshape(-1)[0]) if axis is None else np.squeeze(out)  # drops every 1


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


@mutant("should raise ValueError for cov asymmetric by 2e-10 relative (just over the 1e-10 "
        "allowed), at magnitude 1e-12")
def gaussian_log_pdf__absolute_symmetry_tolerance(X, mean, cov):
    _eigen_checked(cov, sym_atol=1e-10)
    return _log_pdf_slogdet(_points(X, len(mean)), mean, cov)


@mutant("should raise ValueError for cov asymmetric by 2e-10 relative (just over the 1e-10 "
        "allowed)")
def gaussian_log_pdf__loose_symmetry_tolerance(X, mean, cov):
    _eigen_checked(cov, sym_atol=1e-9 * np.max(np.abs(cov)))
    return _log_pdf_slogdet(_points(X, len(mean)), mean, cov)


@mutant("should raise ValueError for cov singular (eigenvalues 1 and 0)")
def gaussian_log_pdf__semi_definite_accepted(X, mean, cov):
    _eigen_checked(cov, eig_floor=-1e-10)  # "PSD up to rounding"; a singular cov passes
    diff = _points(X, len(mean)) - mean
    maha = np.sum(diff @ np.linalg.pinv(cov) * diff, axis=1)
    with np.errstate(divide="ignore"):
        return -0.5 * (len(mean) * np.log(2 * np.pi) + np.linalg.slogdet(cov)[1] + maha)


@mutant("on cov of magnitude 1e-12")
def gaussian_log_pdf__absolute_eigenvalue_floor(X, mean, cov):
    _eigen_checked(cov, eig_floor=1e-10)  # refuses every cov with small variances
    return _log_pdf_slogdet(_points(X, len(mean)), mean, cov)


@mutant("should raise ValueError for X of shape (4, 1)")
def gaussian_log_pdf__no_x_shape_check(X, mean, cov):
    _eigen_checked(cov)
    return _log_pdf_slogdet(X, mean, cov)  # (4, 1) - (2,) broadcasts to (4, 2)


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


@mutant("should raise ValueError for X 1-D")
def gaussian_mle__ndim_unchecked(X):
    if X.shape[0] < 1:
        raise ValueError("no samples")
    mean = X.mean(axis=0)
    centred = X - mean
    return mean, centred.T @ centred / X.shape[0]


@mutant("the MLE divides by n")
def gaussian_mle__np_cov_default(X):
    if X.ndim != 2 or X.shape[0] < 1:
        raise ValueError("`X` must be 2-D with at least one row")
    d = X.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        return X.mean(axis=0), np.cov(X, rowvar=False).reshape(d, d)


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


@mutant("KL divergence is never negative")
def gaussian_kl__unclipped(mu0, cov0, mu1, cov1):
    _cholesky(cov0), _cholesky(cov1)
    return _gkl_unclipped(mu0, cov0, mu1, cov1)


@mutant("should raise ValueError for cov0 asymmetric by 2e-10 relative (just over the 1e-10 "
        "allowed), at magnitude 1e-12")
def gaussian_kl__absolute_symmetry_tolerance(mu0, cov0, mu1, cov1):
    _eigen_checked(cov0, sym_atol=1e-10), _eigen_checked(cov1, sym_atol=1e-10)
    return max(_gkl_unclipped(mu0, cov0, mu1, cov1), 0.0)


@mutant("should raise ValueError for cov1 singular (eigenvalues 1e9 and 0)")
def gaussian_kl__semi_definite_accepted(mu0, cov0, mu1, cov1):
    _eigen_checked(cov0, eig_floor=-1e-10), _eigen_checked(cov1, eig_floor=-1e-10)
    diff = mu1 - mu0
    with np.errstate(divide="ignore", invalid="ignore"):
        trace = np.trace(np.linalg.pinv(cov1) @ cov0)
        quad = diff @ np.linalg.pinv(cov1) @ diff
        logdets = np.linalg.slogdet(cov1)[1] - np.linalg.slogdet(cov0)[1]
    return max(float(0.5 * (trace + quad - len(mu0) + logdets)), 0.0)


@mutant("should raise ValueError for cov0 symmetric but indefinite")
def gaussian_kl__checks_only_cov1(mu0, cov0, mu1, cov1):
    L1 = _cholesky(cov1)
    diff = mu1 - mu0
    trace = np.sum(np.linalg.solve(L1, np.linalg.solve(L1, cov0).T) * np.eye(len(mu0)))
    quad = np.sum(np.linalg.solve(L1, diff) ** 2)
    logdets = 2 * np.sum(np.log(np.diag(L1))) - np.linalg.slogdet(cov0)[1]
    return max(float(0.5 * (trace + quad - len(mu0) + logdets)), 0.0)


@mutant("should raise ValueError for cov1 asymmetric by 2e-10 relative (just over the 1e-10 "
        "allowed)")
def gaussian_kl__checks_only_cov0_symmetry(mu0, cov0, mu1, cov1):
    _cholesky(cov0)
    try:
        np.linalg.cholesky(cov1)  # positive definite, but symmetry never checked
    except np.linalg.LinAlgError:
        raise ValueError("`cov1` is not positive definite") from None
    return max(_gkl_unclipped(mu0, cov0, mu1, cov1), 0.0)


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


def _beta_mode(k, n, alpha, beta, *, skip=()):
    if "k >= 0" not in skip and k < 0:
        raise ValueError("k < 0")
    if "k <= n" not in skip and k > n:
        raise ValueError("k > n")
    if "alpha" not in skip and not alpha >= 1:
        raise ValueError("alpha < 1")
    if "beta" not in skip and not beta >= 1:
        raise ValueError("beta < 1")
    if "total" not in skip and not n + alpha + beta > 2:
        raise ValueError("n + alpha + beta <= 2")
    return float((k + alpha - 1) / (n + alpha + beta - 2))


@mutant("should raise ValueError for k < 0")
def beta_bernoulli_map__k_lower_bound_unchecked(k, n, alpha=1.0, beta=1.0):
    return _beta_mode(k, n, alpha, beta, skip=("k >= 0",))


@mutant("should raise ValueError for k > n")
def beta_bernoulli_map__k_upper_bound_unchecked(k, n, alpha=1.0, beta=1.0):
    return _beta_mode(k, n, alpha, beta, skip=("k <= n",))


@mutant("should raise ValueError for beta < 1")
def beta_bernoulli_map__beta_unchecked(k, n, alpha=1.0, beta=1.0):
    return _beta_mode(k, n, alpha, beta, skip=("beta",))


@mutant("should raise ValueError for n = 0 with a uniform prior")
def beta_bernoulli_map__total_unchecked(k, n, alpha=1.0, beta=1.0):
    with np.errstate(divide="ignore", invalid="ignore"):
        return _beta_mode(k, n, np.float64(alpha), beta, skip=("total",))


@mutant("should raise ValueError for alpha just below 1")
def beta_bernoulli_map__prior_tolerance(k, n, alpha=1.0, beta=1.0):
    alpha, beta = max(alpha, 1.0) if alpha > 1 - 1e-6 else alpha, beta  # "rounding slack"
    return _beta_mode(k, n, alpha, beta)


@mutant("on no data")
def beta_bernoulli_map__refuses_no_data(k, n, alpha=1.0, beta=1.0):
    if n == 0:
        raise ValueError("no trials")
    return _beta_mode(k, n, alpha, beta)


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


@mutant("should raise ValueError for X 1-D")
def linear_regression_mle__reshapes_1d_x(X, y):
    X = X.reshape(len(X), -1)  # "helpfully" reads a 1-D X as one feature
    w = np.linalg.lstsq(X, y, rcond=None)[0]
    r = y - X @ w
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


@mutant("should raise ValueError for 3 labels and 1 logit")
def bernoulli_nll__no_shape_check(y, logits):
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("`y` must be binary labels")
    return float(np.mean(np.where(y == 1, np.logaddexp(0, -logits), np.logaddexp(0, logits))))


@mutant("should raise ValueError for a label of 1 + 1e-9")
def bernoulli_nll__isclose_labels(y, logits):
    if not np.all(np.isclose(y, 0) | np.isclose(y, 1)) or y.shape != logits.shape:
        raise ValueError("`y` must be binary labels")
    y = np.round(y)
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
