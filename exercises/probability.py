"""Probability and statistics: posteriors, entropies, divergences, likelihoods, estimators.

Every standard loss is a negative log-likelihood, and every comparison of two
distributions is an entropy or a divergence. Interviews check that you can write these
from their definitions and that your code survives the numbers real models produce:
probabilities that are exactly 0, logits of 1e4, covariance determinants below 1e-300.

Conventions used throughout: a "distribution" is a 1-D array of finite entries >= 0
that sum to 1 within 1e-8, and a function that takes one raises ValueError for anything
else. A `base` (None for the natural log) must be > 0 and != 1. "Binary labels" are
arrays whose values are all 0 or 1.

Fill in each function, then grade your work:

    nox -s probability            grade every exercise of this topic
    nox -s probability -- NAME    grade one
    nox -s hint -- NAME           a hint, one tier at a time
"""

import numpy as np


def bayes_posterior(prior: np.ndarray, likelihood: np.ndarray) -> np.ndarray:
    """Posterior over k hypotheses after one piece of evidence, by Bayes' rule.

    posterior_i = P(H_i | E) = prior_i likelihood_i / P(E), where
    P(E) = sum_j prior_j likelihood_j is the evidence (the normaliser).

    Parameters
    ----------
    prior : ndarray of shape (k,)
        P(H_i), a distribution.
    likelihood : ndarray of shape (k,)
        P(E | H_i), each in [0, 1]. The likelihoods need not sum to 1: each is a
        probability of the evidence under a different hypothesis.

    Returns
    -------
    ndarray of shape (k,)
        P(H_i | E), a distribution.

    Raises
    ------
    ValueError
        If `prior` is not a distribution, if a likelihood lies outside [0, 1] (or the
        shapes differ), or if P(E) = 0 (the evidence is impossible under every
        hypothesis the prior allows).

    Notes
    -----
    A hypothesis with prior 0 or likelihood 0 gets posterior 0. Equal likelihoods
    leave the prior unchanged.
    Why interviewers ask: the base-rate question (a 99%-accurate test for a rare
    disease) is the classic check that you normalise by P(E) rather than read off the
    likelihood.

    Examples
    --------
    >>> post = bayes_posterior(np.array([0.01, 0.99]), np.array([0.9, 0.05]))
    >>> post.round(6).tolist()
    [0.153846, 0.846154]
    """
    raise NotImplementedError("probability.bayes_posterior")


def entropy(p: np.ndarray, base: float | None = None) -> float:
    """Shannon entropy of a discrete distribution.

    H(p) = -sum_i p_i log(p_i), with 0 log 0 = 0 (the limit of x log x as x -> 0).
    In base b it is H(p) / log(b): base 2 gives bits, the natural log (None) nats.

    Parameters
    ----------
    p : ndarray of shape (k,)
        A distribution.
    base : float or None, default=None
        Logarithm base; None means e.

    Returns
    -------
    float
        H(p), between 0 (one certain outcome) and log(k) (uniform) for a base > 1.

    Raises
    ------
    ValueError
        If `p` is not a distribution, or `base` is not > 0 and != 1.

    Notes
    -----
    Outcomes with probability 0 contribute nothing; computing 0 * log(0) directly
    gives 0 * (-inf) = nan, so leave those terms out.
    Why interviewers ask: entropy is the floor of cross-entropy loss, and the
    0 log 0 convention is where naive code first produces nan.

    Examples
    --------
    >>> entropy(np.array([0.5, 0.5]), base=2)
    1.0
    >>> entropy(np.array([1.0, 0.0]))
    0.0
    """
    raise NotImplementedError("probability.entropy")


def cross_entropy(p: np.ndarray, q: np.ndarray, base: float | None = None) -> float:
    """Cross-entropy of q relative to p.

    H(p, q) = -sum_i p_i log(q_i): the expected code length when outcomes follow p but
    the code is built for q. Terms with p_i = 0 count 0 (whatever q_i is); if q_i = 0
    for some p_i > 0 the result is inf. Equals H(p) + KL(p || q).

    Parameters
    ----------
    p : ndarray of shape (k,)
        The true distribution.
    q : ndarray of shape (k,)
        The model's distribution.
    base : float or None, default=None
        Logarithm base; None means e.

    Returns
    -------
    float
        H(p, q) >= H(p) (for a base > 1); inf where q misses an outcome p allows.

    Raises
    ------
    ValueError
        If `p` or `q` is not a distribution (or they differ in length), or `base` is
        not > 0 and != 1.

    Notes
    -----
    Do not add a small epsilon inside the log: the exact answer for q_i = 0 < p_i is inf.
    Why interviewers ask: the classification loss is a cross-entropy with a one-hot p,
    and candidates are expected to know how it differs from KL (by H(p)).

    Examples
    --------
    >>> round(cross_entropy(np.array([0.5, 0.5]), np.array([0.25, 0.75]), base=2), 6)
    1.207519
    >>> cross_entropy(np.array([1.0, 0.0]), np.array([0.0, 1.0]))
    inf
    """
    raise NotImplementedError("probability.cross_entropy")


def kl_divergence(p: np.ndarray, q: np.ndarray, base: float | None = None) -> float:
    """Kullback-Leibler divergence KL(p || q).

    KL(p || q) = sum_i p_i log(p_i / q_i) = H(p, q) - H(p). Terms with p_i = 0 count 0;
    if q_i = 0 for some p_i > 0 the result is inf. KL is never negative (Gibbs'
    inequality), so a rounding-error result below 0 is clipped to 0. It is not
    symmetric: KL(p || q) != KL(q || p) in general.

    Parameters
    ----------
    p : ndarray of shape (k,)
        The reference distribution (the expectation is taken under p).
    q : ndarray of shape (k,)
        The approximating distribution.
    base : float or None, default=None
        Logarithm base; None means e.

    Returns
    -------
    float
        KL(p || q) >= 0 (for a base > 1), inf where q misses an outcome p allows. The
        clip at 0 is applied in nats, before dividing by log(base): with a base below 1
        the result is <= 0.

    Raises
    ------
    ValueError
        If `p` or `q` is not a distribution (or they differ in length), or `base` is
        not > 0 and != 1.

    Notes
    -----
    Write each term as p_i (log p_i - log q_i): p_i / q_i can overflow when q_i is tiny.
    Why interviewers ask: the direction of KL decides behaviour (forward KL is
    mass-covering, reverse KL mode-seeking, as in variational inference), and KL,
    cross-entropy and entropy are routinely confused.

    Examples
    --------
    >>> round(kl_divergence(np.array([0.5, 0.5]), np.array([0.25, 0.75]), base=2), 6)
    0.207519
    >>> kl_divergence(np.array([0.5, 0.5]), np.array([1.0, 0.0]))
    inf
    """
    raise NotImplementedError("probability.kl_divergence")


def js_divergence(p: np.ndarray, q: np.ndarray, base: float | None = None) -> float:
    """Jensen-Shannon divergence between two distributions.

    JS(p, q) = (KL(p || m) + KL(q || m)) / 2 with the mixture m = (p + q) / 2.
    Symmetric, and always finite: m > 0 wherever p or q is, so even distributions
    with disjoint supports give a finite value (log 2, the maximum).

    Parameters
    ----------
    p, q : ndarray of shape (k,)
        Distributions.
    base : float or None, default=None
        Logarithm base; None means e.

    Returns
    -------
    float
        JS(p, q), clipped to [0, log 2] in nats and then expressed in `base` (so in
        [0, 1] for base 2).

    Raises
    ------
    ValueError
        If `p` or `q` is not a distribution (or they differ in length), or `base` is
        not > 0 and != 1.

    Notes
    -----
    This is the divergence, not the Jensen-Shannon distance (its square root, which
    some libraries return). Rounding can leave the sum a hair outside [0, log 2];
    clip it.
    Why interviewers ask: the original GAN objective minimises JS, and its being
    constant (log 2) for disjoint supports explains the vanishing generator gradients
    that motivated the Wasserstein GAN.

    Examples
    --------
    >>> js_divergence(np.array([1.0, 0.0]), np.array([0.0, 1.0]), base=2)
    1.0
    >>> js_divergence(np.array([0.3, 0.7]), np.array([0.3, 0.7]))
    0.0
    """
    raise NotImplementedError("probability.js_divergence")


def logsumexp(x: np.ndarray, axis: int | None = None) -> np.ndarray | float:
    """log(sum(exp(x))) without overflow or underflow.

    With m = max(x), log(sum(exp(x))) = m + log(sum(exp(x - m))): every exponent is
    <= 0 (no overflow) and the largest term is exactly 1 (the sum cannot underflow to 0).

    Parameters
    ----------
    x : ndarray of any shape
        Values in log space; finite entries with abs(x) up to 1e300, -inf, +inf or NaN.
    axis : int or None, default=None
        The axis to reduce; None reduces over every entry.

    Returns
    -------
    float or ndarray
        A float when `axis` is None; otherwise an ndarray of x's shape with `axis`
        removed.

    Notes
    -----
    Edge cases, per slice: -inf entries contribute exp(-inf) = 0; if every entry is
    -inf, or the slice is empty, the result is -inf (careful: -inf - (-inf) is nan, so
    do not shift by an infinite max); a +inf entry gives +inf; a NaN gives NaN.
    Why interviewers ask: it sits inside every log-softmax, every mixture likelihood
    and every forward algorithm, and exp(1000.0) = inf is the classic NaN-loss bug.

    Examples
    --------
    >>> round(logsumexp(np.array([1000.0, 1000.0])), 6)
    1000.693147
    >>> logsumexp(np.array([[0.0, -np.inf], [-np.inf, -np.inf]]), axis=1).tolist()
    [0.0, -inf]
    """
    raise NotImplementedError("probability.logsumexp")


def gaussian_log_pdf(X: np.ndarray, mean: np.ndarray, cov: np.ndarray) -> np.ndarray:
    """Log density of a multivariate normal at each row of X.

    log N(x; mu, S) = -(d log(2 pi) + log det S + (x - mu)^T S^-1 (x - mu)) / 2.
    With the Cholesky factor S = L L^T: log det S = 2 sum_i log L_ii, and the quadratic
    form is ||z||^2 where L z = x - mu. Neither step forms det(S) or S^-1.

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Points, one per row.
    mean : ndarray of shape (d,)
        The mean mu.
    cov : ndarray of shape (d, d)
        The covariance S, symmetric positive definite.

    Returns
    -------
    ndarray of shape (n,)
        log N(x_i; mu, S) for each row.

    Raises
    ------
    ValueError
        If `cov` is not symmetric (max abs(S - S^T) > 1e-10 max abs(S)) or not
        positive definite, or if X is not of shape (n, d).

    Notes
    -----
    In high dimension det(S) leaves the floating-point range even when every entry
    is ordinary: for d = 200 and eigenvalues near 0.01 it is about 1e-400, which
    underflows to 0, so log(det(S)) is -inf. Sum logs of the factor's diagonal
    instead (or use np.linalg.slogdet).
    Why interviewers ask: Gaussian likelihoods are everywhere (GMMs, VAEs, Gaussian
    processes), and computing them stably is a test of numerical maturity.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0]])
    >>> gaussian_log_pdf(X, np.array([0.0]), np.array([[1.0]])).round(6).tolist()
    [-0.918939, -1.418939]
    """
    raise NotImplementedError("probability.gaussian_log_pdf")


def gaussian_mle(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Maximum-likelihood mean and covariance of a multivariate normal.

    mean = (1/n) sum_i x_i, cov = (1/n) sum_i (x_i - mean)(x_i - mean)^T. The MLE
    divides by n, not n - 1: it is biased (E[cov] = (n - 1)/n Sigma) but it is what
    maximises the likelihood.

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Samples, one per row.

    Returns
    -------
    mean : ndarray of shape (d,)
    cov : ndarray of shape (d, d)
        Symmetric, positive semi-definite.

    Raises
    ------
    ValueError
        If X has no rows (n < 1) or is not 2-D.

    Notes
    -----
    One sample (n = 1) gives mean = that sample and cov = 0. With n <= d the
    covariance is singular. np.cov divides by n - 1 and treats rows as variables
    unless told otherwise. Centre the data before averaging: E[x x^T] - mean mean^T
    cancels catastrophically when the data sit far from 0 (at an offset of 1e8 no
    digit of the covariance survives).
    Why interviewers ask: "derive the MLE of a Gaussian" is a standard question, and the
    n versus n - 1 distinction (MLE versus unbiased) is the follow-up.

    Examples
    --------
    >>> mean, cov = gaussian_mle(np.array([[0.0, 1.0], [2.0, 1.0]]))
    >>> mean.tolist(), cov.tolist()
    ([1.0, 1.0], [[1.0, 0.0], [0.0, 0.0]])
    """
    raise NotImplementedError("probability.gaussian_mle")


def gaussian_kl(mu0: np.ndarray, cov0: np.ndarray, mu1: np.ndarray,
                cov1: np.ndarray) -> float:
    """KL(N(mu0, S0) || N(mu1, S1)) between two multivariate normals, in nats.

    KL = (tr(S1^-1 S0) + (mu1 - mu0)^T S1^-1 (mu1 - mu0) - d + log det S1 - log det S0) / 2.
    With Cholesky factors S0 = L0 L0^T and S1 = L1 L1^T: tr(S1^-1 S0) = ||L1^-1 L0||_F^2,
    the quadratic form is ||L1^-1 (mu1 - mu0)||^2 and log det S = 2 sum log diag(L).

    Parameters
    ----------
    mu0 : ndarray of shape (d,)
    cov0 : ndarray of shape (d, d)
        The first distribution (the one the expectation is taken under).
    mu1 : ndarray of shape (d,)
    cov1 : ndarray of shape (d, d)
        The second distribution.

    Returns
    -------
    float
        KL >= 0 (a rounding-error result below 0 is clipped to 0); 0 for identical
        distributions.

    Raises
    ------
    ValueError
        If either covariance is not symmetric (within 1e-10 relative) and positive
        definite.

    Notes
    -----
    Work with log-determinants, never det: for d = 200 det(S) can underflow to 0
    (or overflow to inf), and log(det S1 / det S0) becomes nan. The order matters:
    KL(N0 || N1) != KL(N1 || N0).
    Why interviewers ask: this closed form is the KL term of every VAE loss
    (against N(0, I)), and of trust-region methods such as TRPO.

    Examples
    --------
    >>> one = np.array([[1.0]])
    >>> gaussian_kl(np.array([0.0]), one, np.array([1.0]), one)
    0.5
    >>> round(gaussian_kl(np.array([0.0]), one, np.array([0.0]), 4 * one), 6)
    0.318147
    """
    raise NotImplementedError("probability.gaussian_kl")


def beta_bernoulli_map(k: int, n: int, alpha: float = 1.0, beta: float = 1.0) -> float:
    """MAP estimate of a coin's bias p under a Beta(alpha, beta) prior.

    After k successes in n Bernoulli trials the posterior is Beta(k + alpha,
    n - k + beta), whose mode is (k + alpha - 1) / (n + alpha + beta - 2). alpha - 1
    and beta - 1 act as pseudo-counts of prior successes and failures; alpha = beta = 1
    (a uniform prior) gives the MLE k / n.

    Parameters
    ----------
    k : int
        Number of successes, 0 <= k <= n.
    n : int
        Number of trials.
    alpha, beta : float, default=1.0
        Prior parameters, both >= 1 (so that the mode is well defined).

    Returns
    -------
    float
        The posterior mode, in [0, 1].

    Raises
    ------
    ValueError
        Unless 0 <= k <= n, alpha >= 1, beta >= 1 and n + alpha + beta > 2 (with no
        data and a uniform prior every p is a mode).

    Notes
    -----
    The posterior mean (k + alpha) / (n + alpha + beta) is a different estimate; it
    is the Bayes estimate under squared loss, not the MAP.
    Why interviewers ask: MAP with a conjugate prior is the cleanest example of a prior
    acting as regularisation (Laplace smoothing is alpha = beta = 2).

    Examples
    --------
    >>> beta_bernoulli_map(7, 10)
    0.7
    >>> round(beta_bernoulli_map(7, 10, alpha=2.0, beta=2.0), 6)
    0.666667
    """
    raise NotImplementedError("probability.beta_bernoulli_map")


def linear_regression_mle(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Maximum-likelihood fit of a linear model with Gaussian noise.

    Model: y = X w + e, e ~ N(0, sigma2 I), no intercept. The log-likelihood is
    -(n/2) log(2 pi sigma2) - ||y - X w||^2 / (2 sigma2), so the MLE of w minimises the
    squared error (least squares) whatever sigma2 is, and then sigma2 = ||y - X w||^2 / n.

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Design matrix with full column rank (n >= d).
    y : ndarray of shape (n,)
        Targets.

    Returns
    -------
    w : ndarray of shape (d,)
        The least-squares weights, accurate to a relative error of about 1e-8 or better
        when cond(X) <= 1e4.
    sigma2 : float
        The mean squared residual (divide by n, not n - d).

    Raises
    ------
    ValueError
        If X is not 2-D or y does not have one entry per row of X.

    Notes
    -----
    Solve with a QR or SVD-based method (np.linalg.lstsq) rather than forming X^T X,
    which squares the condition number. sigma2 is 0 when y lies in the column space of X.
    Why interviewers ask: "MSE is the Gaussian negative log-likelihood" is the bridge
    between probability and loss functions, and the n versus n - d question tests
    whether you know which estimate is the MLE.

    Examples
    --------
    >>> w, sigma2 = linear_regression_mle(np.ones((4, 1)), np.array([1.0, 2.0, 3.0, 6.0]))
    >>> w.round(12).tolist(), round(sigma2, 12)
    ([3.0], 3.5)
    """
    raise NotImplementedError("probability.linear_regression_mle")


def bernoulli_nll(y: np.ndarray, logits: np.ndarray) -> float:
    """Mean negative log-likelihood of binary labels under a logistic model.

    With s = sigmoid(z) = 1 / (1 + exp(-z)), the loss of one sample is
    -[y log(s) + (1 - y) log(1 - s)] (binary cross-entropy). In log space:
    -log(sigmoid(z)) = softplus(-z) = log(1 + exp(-z)) and -log(1 - sigmoid(z)) =
    softplus(z), and softplus(t) = np.logaddexp(0, t) is exact for any t.

    Parameters
    ----------
    y : ndarray of shape (n,)
        Binary labels (every value 0 or 1).
    logits : ndarray of shape (n,)
        Raw scores z; finite, with abs(z) up to 1e4.

    Returns
    -------
    float
        The mean loss over the n samples.

    Raises
    ------
    ValueError
        Unless `y` holds binary labels (labels of -1/+1 are refused, not converted), or if
        `y` and `logits` differ in shape.

    Notes
    -----
    For z = -1e4 and y = 1, sigmoid(z) rounds to 0 and log(sigmoid(z)) = -inf, yet the
    loss is exactly 1e4; clipping the probability to [eps, 1 - eps] gives a finite but
    wrong answer (about -log(eps)).
    Why interviewers ask: logistic regression's loss is the Bernoulli negative
    log-likelihood, and frameworks ship a "with logits" version precisely because
    sigmoid-then-log underflows.

    Examples
    --------
    >>> round(bernoulli_nll(np.array([1, 0]), np.array([0.0, 0.0])), 6)
    0.693147
    >>> bernoulli_nll(np.array([1]), np.array([-1e4]))
    10000.0
    """
    raise NotImplementedError("probability.bernoulli_nll")
