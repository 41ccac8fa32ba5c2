"""The probability reference against independent oracles, plus values worked out by hand."""

import doctest
import math
from fractions import Fraction

import numpy as np
import pytest
from scipy import optimize, special, stats
from scipy.spatial.distance import jensenshannon
from sklearn import metrics

import reference.probability as ref
from graders.probability import _dist

RNG_SEED = 20240611


@pytest.fixture
def rng():
    return np.random.default_rng(RNG_SEED)


def _spd(rng, d, lo, hi):
    Q = np.linalg.qr(rng.normal(size=(d, d)))[0]
    S = (Q * rng.uniform(lo, hi, size=d)) @ Q.T
    return 0.5 * (S + S.T)


def test_doctests_pass():
    result = doctest.testmod(ref)
    assert result.attempted >= 20
    assert result.failed == 0


# --- bayes_posterior --------------------------------------------------------------


def _posterior_by_enumeration(prior, likelihood):
    """P(H = i | E) from the joint table over (hypothesis, evidence), in exact fractions."""
    joint = {}
    for i, (p, lik) in enumerate(zip(prior, likelihood, strict=True)):
        joint[(i, True)] = p * lik
        joint[(i, False)] = p * (1 - lik)
    evidence = sum(v for (_, e), v in joint.items() if e)
    return [joint[(i, True)] / evidence for i in range(len(prior))]


def test_bayes_posterior_matches_enumeration(rng):
    for k in (1, 2, 5, 9):
        counts = rng.integers(0, 20, size=k) + (np.arange(k) == 0)
        prior_f = [Fraction(int(c), int(counts.sum())) for c in counts]
        lik_f = [Fraction(int(a), 16) for a in rng.integers(0, 17, size=k)]
        if sum(p * lik for p, lik in zip(prior_f, lik_f, strict=True)) == 0:
            lik_f[0] = Fraction(1, 2)
        expected = [float(x) for x in _posterior_by_enumeration(prior_f, lik_f)]
        got = ref.bayes_posterior(np.array([float(x) for x in prior_f]),
                                  np.array([float(x) for x in lik_f]))
        np.testing.assert_allclose(got, expected, rtol=1e-13, atol=1e-15)
        assert got.shape == (k,)


def test_bayes_posterior_by_hand():
    # P(disease | positive) = 0.01 * 0.9 / (0.01 * 0.9 + 0.99 * 0.05) = 0.009 / 0.0585 = 2/13
    got = ref.bayes_posterior(np.array([0.01, 0.99]), np.array([0.9, 0.05]))
    np.testing.assert_allclose(got, [2 / 13, 11 / 13], rtol=1e-14)
    # equal likelihoods leave the prior alone; a zero likelihood rules a hypothesis out
    np.testing.assert_allclose(ref.bayes_posterior(np.array([0.2, 0.8]), np.array([0.3, 0.3])),
                               [0.2, 0.8], rtol=1e-14)
    assert ref.bayes_posterior(np.array([0.5, 0.5]), np.array([0.0, 0.4])).tolist() == [0.0, 1.0]


@pytest.mark.parametrize(("prior", "likelihood", "match"), [
    ([0.2, 0.3, 0.4], [0.5, 0.5, 0.5], "`prior`"),  # sums to 0.9
    ([1.2, -0.2], [0.5, 0.5], "`prior`"),  # negative entry
    ([0.5, np.nan, 0.5], [0.5, 0.5, 0.5], "`prior`"),  # NaN
    ([[0.5, 0.5]], [[0.5, 0.5]], "`prior`"),  # 2-D
    ([0.5, 0.5], [0.5, 1.5], "`likelihood`"),  # above 1
    ([0.5, 0.5], [-0.1, 0.5], "`likelihood`"),  # below 0
    ([0.5, 0.5, 0.0], [0.0, 0.0, 1.0], "P\\(evidence\\)"),  # the evidence is impossible
])
def test_bayes_posterior_errors(prior, likelihood, match):
    with pytest.raises(ValueError, match=match):
        ref.bayes_posterior(np.array(prior), np.array(likelihood))


# --- entropy, cross_entropy, kl_divergence, js_divergence -------------------------


@pytest.mark.parametrize("base", [None, 2, 10, 0.5])
def test_entropy_matches_scipy(rng, base):
    for k, zeros in [(1, 0), (5, 0), (8, 3), (300, 100)]:
        p = _dist(rng, k, zeros)
        assert ref.entropy(p, base=base) == pytest.approx(stats.entropy(p, base=base),
                                                          rel=1e-12, abs=1e-14)


def test_entropy_by_hand():
    assert ref.entropy(np.full(4, 0.25), base=2) == pytest.approx(2.0, rel=1e-15)
    assert ref.entropy(np.array([0.5, 0.25, 0.25]), base=2) == pytest.approx(1.5, rel=1e-15)
    assert ref.entropy(np.array([0.0, 1.0, 0.0])) == 0.0
    assert ref.entropy(np.array([0.5, 0.5])) == pytest.approx(math.log(2), rel=1e-15)
    assert isinstance(ref.entropy(np.array([0.5, 0.5])), float)


@pytest.mark.parametrize("base", [None, 2, 10])
def test_cross_entropy_is_entropy_plus_kl(rng, base):
    for k, zeros in [(2, 0), (6, 0), (9, 4), (400, 0)]:
        p, q = _dist(rng, k, zeros), _dist(rng, k)
        expected = stats.entropy(p, base=base) + stats.entropy(p, q, base=base)
        assert ref.cross_entropy(p, q, base=base) == pytest.approx(expected, rel=1e-11)
        # and, independently, the textbook sum through scipy's xlogy
        direct = -np.sum(special.xlogy(p, q)) / (1 if base is None else np.log(base))
        assert ref.cross_entropy(p, q, base=base) == pytest.approx(direct, rel=1e-12)


def test_cross_entropy_against_sklearn_log_loss(rng):
    probs = np.array([rng.dirichlet(np.ones(4)) for _ in range(6)])
    labels = np.array([0, 3, 1, 1, 2, 0])
    ours = np.mean([ref.cross_entropy(np.eye(4)[y], q) for y, q in zip(labels, probs,
                                                                       strict=True)])
    assert ours == pytest.approx(metrics.log_loss(labels, probs, labels=range(4)), rel=1e-12)


def test_cross_entropy_by_hand():
    # -(0.5 log2 0.25 + 0.5 log2 0.75) = 1 + 0.5 (2 - log2 3)
    got = ref.cross_entropy(np.array([0.5, 0.5]), np.array([0.25, 0.75]), base=2)
    assert got == pytest.approx(2 - 0.5 * math.log2(3), rel=1e-15)
    assert ref.cross_entropy(np.array([0.5, 0.5, 0.0]), np.array([0.5, 0.5, 0.0])) == (
        pytest.approx(math.log(2), rel=1e-15))
    assert ref.cross_entropy(np.array([1.0, 0.0]), np.array([0.0, 1.0])) == math.inf
    one_hot = ref.cross_entropy(np.array([0.0, 1.0, 0.0]), np.array([0.2, 0.5, 0.3]))
    assert one_hot == pytest.approx(math.log(2), rel=1e-15)


@pytest.mark.parametrize("base", [None, 2, 10])
def test_kl_divergence_matches_scipy(rng, base):
    for k, zeros in [(2, 0), (6, 0), (9, 4), (400, 0)]:
        p, q = _dist(rng, k, zeros), _dist(rng, k)
        assert ref.kl_divergence(p, q, base=base) == pytest.approx(
            stats.entropy(p, q, base=base), rel=1e-11, abs=1e-14)
        rel = np.sum(special.rel_entr(p, q)) / (1 if base is None else np.log(base))
        assert ref.kl_divergence(p, q, base=base) == pytest.approx(rel, rel=1e-11, abs=1e-14)


def test_kl_divergence_by_hand_and_edges():
    p, q = np.array([0.5, 0.5]), np.array([0.25, 0.75])
    # 0.5 log2(0.5/0.25) + 0.5 log2(0.5/0.75) = 0.5 + 0.5 (1 - log2 3) = 1 - 0.5 log2 3
    assert ref.kl_divergence(p, q, base=2) == pytest.approx(1 - 0.5 * math.log2(3), rel=1e-14)
    assert ref.kl_divergence(q, p) != pytest.approx(ref.kl_divergence(p, q), rel=1e-3)
    assert ref.kl_divergence(p, np.array([1.0, 0.0])) == math.inf
    assert ref.kl_divergence(np.array([1.0, 0.0]), p) == pytest.approx(math.log(2), rel=1e-15)
    assert ref.kl_divergence(p, p.copy()) == 0.0
    # q sums to 1 + 8e-9 (allowed): the raw sum is -8e-9, clipped to 0
    assert ref.kl_divergence(p, np.array([0.5 + 4e-9, 0.5 + 4e-9])) == 0.0


def test_kl_is_cross_entropy_minus_entropy(rng):
    for _ in range(5):
        p, q = _dist(rng, 7, 2), _dist(rng, 7)
        assert ref.kl_divergence(p, q) == pytest.approx(
            ref.cross_entropy(p, q) - ref.entropy(p), abs=1e-14)


@pytest.mark.parametrize("base", [None, 2, 10])
def test_js_divergence_matches_scipy_distance_squared(rng, base):
    for k, zeros in [(2, 0), (6, 0), (9, 4), (400, 0)]:
        p, q = _dist(rng, k, zeros), _dist(rng, k, zeros)
        expected = jensenshannon(p, q, base=base) ** 2  # scipy returns the square root
        assert ref.js_divergence(p, q, base=base) == pytest.approx(expected, rel=1e-9,
                                                                   abs=1e-14)
        assert ref.js_divergence(p, q, base=base) == ref.js_divergence(q, p, base=base)


def test_js_divergence_bounds_and_by_hand(rng):
    assert ref.js_divergence(np.array([1.0, 0.0]), np.array([0.0, 1.0]), base=2) == 1.0
    assert ref.js_divergence(np.array([1.0, 0.0]), np.array([0.0, 1.0])) == math.log(2)
    # p = [1, 0], q = [1/2, 1/2]: m = [3/4, 1/4];
    # JS = (log(4/3) + (1/2) log(2/3) + (1/2) log 2) / 2
    expected = 0.5 * (math.log(4 / 3) + 0.5 * math.log(2 / 3) + 0.5 * math.log(2))
    assert ref.js_divergence(np.array([1.0, 0.0]), np.array([0.5, 0.5])) == pytest.approx(
        expected, rel=1e-14)
    for _ in range(200):  # disjoint supports: exactly inside [0, log 2] despite rounding
        k = int(rng.integers(2, 9))
        p, q = np.zeros(2 * k), np.zeros(2 * k)
        p[:k], q[k:] = _dist(rng, k), _dist(rng, k)
        assert 0.0 <= ref.js_divergence(p, q) <= math.log(2)
        assert ref.js_divergence(p, q) == pytest.approx(math.log(2), rel=1e-14)
        assert ref.js_divergence(p, q, base=2) <= 1.0


ALL_DIVERGENCES = [ref.cross_entropy, ref.kl_divergence, ref.js_divergence]
NOT_DISTRIBUTIONS = [
    [0.2, 0.3, 0.4],  # sums to 0.9
    [0.25, 0.75 + 1e-6],  # sums to 1 + 1e-6
    [1.2, -0.2, 0.0],  # negative entry
    [0.5, np.nan, 0.5],  # NaN
    [0.5, np.inf],  # inf
    [[0.25, 0.25], [0.25, 0.25]],  # 2-D
    [],  # empty
]


@pytest.mark.parametrize("bad", NOT_DISTRIBUTIONS)
def test_every_function_refuses_a_non_distribution(bad):
    bad = np.array(bad, dtype=float)
    with pytest.raises(ValueError, match="`p`"):
        ref.entropy(bad)
    k = max(bad.shape[-1], 1)
    good = np.full(k, 1.0 / k)
    for fn in ALL_DIVERGENCES:
        with pytest.raises(ValueError, match="`p`"):
            fn(bad, good)
        with pytest.raises(ValueError, match="`q`"):
            fn(good, bad)
    with pytest.raises(ValueError, match="`prior`"):
        ref.bayes_posterior(bad, np.full(bad.shape, 0.5))


def test_distribution_tolerance_is_1e_8():
    ref.entropy(np.array([0.5, 0.5 - 3e-9]))  # within: accepted
    ref.entropy(np.array([0.5, 0.5 + 9e-9]))
    with pytest.raises(ValueError, match="sum to 1"):
        ref.entropy(np.array([0.5, 0.5 + 2e-8]))


@pytest.mark.parametrize("base", [1, 1.0, 0, -2.0, np.nan])
def test_every_function_refuses_a_bad_base(base):
    p, q = np.array([0.5, 0.5]), np.array([0.25, 0.75])
    with pytest.raises(ValueError, match="`base`"):
        ref.entropy(p, base=base)
    for fn in ALL_DIVERGENCES:
        with pytest.raises(ValueError, match="`base`"):
            fn(p, q, base=base)


# --- logsumexp --------------------------------------------------------------------


def test_logsumexp_matches_scipy(rng):
    for shape, axis in [((10,), None), ((4, 5), None), ((4, 5), 0), ((4, 5), 1),
                        ((2, 3, 4), -2), ((3, 6), -1)]:
        x = 5 * rng.normal(size=shape)
        x[rng.uniform(size=shape) < 0.2] = -np.inf
        got = ref.logsumexp(x, axis=axis)
        expected = special.logsumexp(x, axis=axis)
        np.testing.assert_allclose(got, expected, rtol=1e-13, atol=1e-13)
        if axis is None:
            assert isinstance(got, float)
        else:
            assert got.shape == expected.shape


@pytest.mark.parametrize("x", [
    [1e300, 1e300, -1e300], [-1e300, 0.0, 3.0], [1000.0, 1000.5, 999.0], [-1000.0, -1001.0],
    [0.0, -40.0], [-np.inf, -np.inf], [1.0, np.inf, -np.inf], [1.0, np.nan], [np.inf, np.nan],
    [3.5], [-np.inf],
])
def test_logsumexp_extremes_match_scipy(x):
    x = np.array(x)
    with np.errstate(all="ignore"):
        expected = special.logsumexp(x)
    got = ref.logsumexp(x)
    assert got == pytest.approx(expected, rel=1e-15, abs=1e-15, nan_ok=True)


def test_logsumexp_by_hand():
    assert ref.logsumexp(np.array([1000.0, 1000.0])) == pytest.approx(1000 + math.log(2),
                                                                      rel=1e-15)
    assert ref.logsumexp(np.log(np.array([1.0, 2.0, 5.0]))) == pytest.approx(math.log(8))
    assert ref.logsumexp(np.array([])) == -math.inf
    assert ref.logsumexp(np.full(3, -np.inf)) == -math.inf
    assert ref.logsumexp(np.array([0.0, np.inf])) == math.inf
    assert math.isnan(ref.logsumexp(np.array([0.0, np.nan])))
    rows = ref.logsumexp(np.array([[0.0, 0.0], [-np.inf, -np.inf], [1e300, -np.inf]]), axis=1)
    assert rows.tolist() == [math.log(2), -math.inf, 1e300]
    empty_axis = ref.logsumexp(np.zeros((3, 0)), axis=1)
    assert empty_axis.shape == (3,)
    assert np.all(empty_axis == -np.inf)


# --- gaussian_log_pdf -------------------------------------------------------------


@pytest.mark.parametrize(("d", "lo", "hi"), [(1, 0.5, 2), (3, 0.5, 3), (10, 0.1, 5),
                                             (200, 0.005, 0.02)])
def test_gaussian_log_pdf_matches_scipy(rng, d, lo, hi):
    mean, cov = rng.normal(size=d), _spd(rng, d, lo, hi)
    X = mean + np.sqrt(hi) * rng.normal(size=(6, d))
    expected = stats.multivariate_normal(mean, cov).logpdf(X)
    np.testing.assert_allclose(ref.gaussian_log_pdf(X, mean, cov), expected, rtol=1e-9,
                               atol=1e-9)


def test_gaussian_log_pdf_when_det_underflows(rng):
    d = 200
    variances = rng.uniform(0.005, 0.02, size=d)
    assert np.linalg.det(np.diag(variances)) == 0.0  # the trap this exercise is about
    mean = rng.normal(size=d)
    X = mean + 0.1 * rng.normal(size=(4, d))
    # independent coordinates: the log density is a sum of 1-D log densities
    expected = stats.norm(mean, np.sqrt(variances)).logpdf(X).sum(axis=1)
    got = ref.gaussian_log_pdf(X, mean, np.diag(variances))
    assert np.all(np.isfinite(got))
    np.testing.assert_allclose(got, expected, rtol=1e-11)


def test_gaussian_log_pdf_by_hand():
    got = ref.gaussian_log_pdf(np.array([[0.0], [1.0], [-2.0]]), np.zeros(1), np.eye(1))
    c = -0.5 * math.log(2 * math.pi)
    np.testing.assert_allclose(got, [c, c - 0.5, c - 2.0], rtol=1e-15)
    # 2-D, cov = diag(1, 4), x - mean = (1, 2): -(2 log 2pi + log 4 + 1 + 1)/2
    got = ref.gaussian_log_pdf(np.array([[1.0, 2.0]]), np.zeros(2), np.diag([1.0, 4.0]))
    assert got.shape == (1,)
    assert got[0] == pytest.approx(-0.5 * (2 * math.log(2 * math.pi) + math.log(4) + 2),
                                   rel=1e-15)


def test_gaussian_log_pdf_symmetry_tolerance(rng):
    X, cov = rng.normal(size=(3, 2)), np.array([[2.0, 0.5], [0.5, 1.0]])
    slightly = cov.copy()
    slightly[0, 1] += 1e-14
    np.testing.assert_allclose(ref.gaussian_log_pdf(X, np.zeros(2), slightly),
                               ref.gaussian_log_pdf(X, np.zeros(2), cov), rtol=1e-12)
    for bad in ([[2.0, 0.5], [0.5 + 2e-6, 1.0]], [[1.0, 2.0], [2.0, 1.0]], -np.eye(2),
                [[2.0, 0.5], [0.4, 1.0]]):
        with pytest.raises(ValueError, match="`cov`"):
            ref.gaussian_log_pdf(X, np.zeros(2), np.array(bad))


# --- gaussian_mle -----------------------------------------------------------------


@pytest.mark.parametrize("shape", [(20, 3), (50, 1), (3, 5), (1, 4), (2, 2)])
def test_gaussian_mle_matches_numpy_biased_cov(rng, shape):
    X = 10 + rng.normal(size=shape)
    mean, cov = ref.gaussian_mle(X)
    assert mean.shape == (shape[1],)
    assert cov.shape == (shape[1], shape[1])
    np.testing.assert_allclose(mean, np.mean(X, axis=0), rtol=1e-14)
    if shape[0] > 1:
        expected = np.cov(X, rowvar=False, bias=True).reshape(shape[1], shape[1])
        np.testing.assert_allclose(cov, expected, rtol=1e-12, atol=1e-14)
    else:
        assert np.all(cov == 0)


def test_gaussian_mle_maximises_the_likelihood(rng):
    X = rng.normal(size=(40, 2)) @ np.array([[1.0, 0.5], [0.0, 0.7]])
    mean, cov = ref.gaussian_mle(X)
    best = stats.multivariate_normal(mean, cov).logpdf(X).sum()
    for _ in range(20):
        bumped_mean = mean + 0.05 * rng.normal(size=2)
        A = np.eye(2) + 0.05 * rng.normal(size=(2, 2))
        assert stats.multivariate_normal(bumped_mean, A @ cov @ A.T).logpdf(X).sum() < best
    assert stats.multivariate_normal(mean, cov * 40 / 39).logpdf(X).sum() < best  # not n - 1


def test_gaussian_mle_by_hand_and_errors():
    mean, cov = ref.gaussian_mle(np.array([[0.0, 1.0], [2.0, 1.0], [4.0, 4.0]]))
    # mean (2, 2); deviations (-2, -1), (0, -1), (2, 2): cov = [[8, 6], [6, 6]] / 3
    np.testing.assert_allclose(mean, [2.0, 2.0], rtol=1e-15)
    np.testing.assert_allclose(cov, np.array([[8.0, 6.0], [6.0, 6.0]]) / 3, rtol=1e-15)
    with pytest.raises(ValueError, match="`X`"):
        ref.gaussian_mle(np.zeros((0, 3)))


# --- gaussian_kl ------------------------------------------------------------------


def _kl_1d(m0, v0, m1, v1):
    return 0.5 * math.log(v1 / v0) + (v0 + (m0 - m1) ** 2) / (2 * v1) - 0.5


def test_gaussian_kl_matches_the_univariate_formula(rng):
    for _ in range(10):
        m0, m1 = rng.normal(size=2)
        v0, v1 = rng.uniform(0.1, 5, size=2)
        got = ref.gaussian_kl(np.array([m0]), np.array([[v0]]), np.array([m1]), np.array([[v1]]))
        assert got == pytest.approx(_kl_1d(m0, v0, m1, v1), rel=1e-12, abs=1e-15)


def test_gaussian_kl_for_independent_coordinates_when_det_underflows(rng):
    d = 200
    v0, v1 = rng.uniform(0.005, 0.02, size=d), rng.uniform(0.01, 0.03, size=d)
    m0, m1 = 0.1 * rng.normal(size=d), 0.1 * rng.normal(size=d)
    assert np.linalg.det(np.diag(v0)) == 0.0
    expected = sum(_kl_1d(*args) for args in zip(m0, v0, m1, v1, strict=True))
    got = ref.gaussian_kl(m0, np.diag(v0), m1, np.diag(v1))
    assert got == pytest.approx(expected, rel=1e-11)


def test_gaussian_kl_by_monte_carlo(rng):
    d, n = 3, 100_000
    mu0, mu1 = rng.normal(size=d), rng.normal(size=d)
    cov0, cov1 = _spd(rng, d, 0.5, 2), _spd(rng, d, 1, 3)
    sample = rng.multivariate_normal(mu0, cov0, size=n)
    log_ratio = (stats.multivariate_normal(mu0, cov0).logpdf(sample)
                 - stats.multivariate_normal(mu1, cov1).logpdf(sample))
    estimate, std_error = log_ratio.mean(), log_ratio.std() / math.sqrt(n)
    kl = ref.gaussian_kl(mu0, cov0, mu1, cov1)
    assert abs(kl - estimate) < 4 * std_error
    swapped = ref.gaussian_kl(mu1, cov1, mu0, cov0)
    assert abs(swapped - estimate) > 4 * std_error  # the order matters here


def test_gaussian_kl_by_hand_and_errors(rng):
    one = np.eye(1)
    assert ref.gaussian_kl(np.zeros(1), one, np.ones(1), one) == pytest.approx(0.5, rel=1e-15)
    # N(0, 1) || N(0, 4): (1/4 - 1 + log 4)/2
    assert ref.gaussian_kl(np.zeros(1), one, np.zeros(1), 4 * one) == pytest.approx(
        0.5 * (0.25 - 1 + math.log(4)), rel=1e-14)
    mu, cov = rng.normal(size=4), _spd(rng, 4, 0.5, 2)
    assert ref.gaussian_kl(mu, cov, mu.copy(), cov.copy()) == pytest.approx(0.0, abs=1e-13)
    good, mu = np.array([[2.0, 0.5], [0.5, 1.0]]), np.zeros(2)
    for bad in ([[2.0, 0.5], [0.4, 1.0]], [[1.0, 2.0], [2.0, 1.0]], -np.eye(2)):
        with pytest.raises(ValueError, match="`cov0`"):
            ref.gaussian_kl(mu, np.array(bad), mu, good)
        with pytest.raises(ValueError, match="`cov1`"):
            ref.gaussian_kl(mu, good, mu, np.array(bad))


# --- beta_bernoulli_map -----------------------------------------------------------


@pytest.mark.parametrize(("k", "n", "alpha", "beta"), [
    (7, 10, 1.0, 1.0), (3, 10, 2.0, 5.0), (0, 4, 3.0, 2.0), (2, 9, 1.5, 2.5),
    (0, 0, 2.0, 3.0), (30, 100, 10.0, 10.0), (5, 6, 4.0, 1.5),
])
def test_beta_bernoulli_map_is_the_mode_of_scipy_beta(k, n, alpha, beta):
    posterior = stats.beta(k + alpha, n - k + beta)
    found = optimize.minimize_scalar(lambda t: -posterior.logpdf(t), bounds=(1e-9, 1 - 1e-9),
                                     method="bounded", options={"xatol": 1e-10})
    assert ref.beta_bernoulli_map(k, n, alpha, beta) == pytest.approx(found.x, abs=1e-6)
    mode = ref.beta_bernoulli_map(k, n, alpha, beta)
    assert posterior.logpdf(mode) >= posterior.logpdf(found.x) - 1e-12


def test_beta_bernoulli_map_by_hand_and_errors():
    assert ref.beta_bernoulli_map(7, 10) == 0.7
    assert ref.beta_bernoulli_map(7, 10, alpha=2.0, beta=2.0) == pytest.approx(8 / 12)
    assert ref.beta_bernoulli_map(0, 5) == 0.0  # boundary mode
    assert ref.beta_bernoulli_map(6, 6, 1.0, 3.0) == pytest.approx(6 / 8)
    for args, match in [((-1, 5), "0 <= k <= n"), ((6, 5), "0 <= k <= n"),
                        ((2, 5, 0.5, 2.0), "`alpha`"), ((2, 5, 2.0, 0.9), "`beta`"),
                        ((0, 0), "n \\+ alpha \\+ beta")]:
        with pytest.raises(ValueError, match=match):
            ref.beta_bernoulli_map(*args)


# --- linear_regression_mle --------------------------------------------------------


def test_linear_regression_mle_matches_lstsq(rng):
    for n, d in [(30, 3), (12, 4), (5, 5), (100, 1)]:
        X = rng.normal(size=(n, d))
        y = X @ rng.normal(size=d) + 0.3 * rng.normal(size=n)
        w, sigma2 = ref.linear_regression_mle(X, y)
        w_oracle, residual_ss = np.linalg.lstsq(X, y, rcond=None)[:2]
        np.testing.assert_allclose(w, w_oracle, rtol=1e-10, atol=1e-12)
        expected = residual_ss[0] / n if residual_ss.size else np.sum((y - X @ w_oracle) ** 2) / n
        assert sigma2 == pytest.approx(expected, rel=1e-9, abs=1e-14)
        assert isinstance(sigma2, float)


def test_linear_regression_mle_is_accurate_at_cond_1e4(rng):
    n, d = 40, 5
    U = np.linalg.qr(rng.normal(size=(n, d)))[0]
    V = np.linalg.qr(rng.normal(size=(d, d)))[0]
    X = (U * np.logspace(0, -4, d)) @ V.T
    assert np.linalg.cond(X) == pytest.approx(1e4, rel=1e-6)
    w_true = rng.normal(size=d)
    w, sigma2 = ref.linear_regression_mle(X, X @ w_true)
    assert np.linalg.norm(w - w_true) <= 1e-8 * np.linalg.norm(w_true)
    assert sigma2 == pytest.approx(0.0, abs=1e-25)


def test_linear_regression_mle_maximises_the_gaussian_likelihood(rng):
    X = rng.normal(size=(25, 2))
    y = X @ np.array([1.0, -2.0]) + 0.5 * rng.normal(size=25)
    w, sigma2 = ref.linear_regression_mle(X, y)

    def log_lik(w_, s2):
        return stats.norm(X @ w_, math.sqrt(s2)).logpdf(y).sum()

    best = log_lik(w, sigma2)
    for _ in range(20):
        assert log_lik(w + 0.01 * rng.normal(size=2), sigma2) < best
    assert log_lik(w, sigma2 * 25 / 23) < best  # n - d is not the MLE
    assert log_lik(w, sigma2 * 0.95) < best


def test_linear_regression_mle_by_hand():
    w, sigma2 = ref.linear_regression_mle(np.ones((4, 1)), np.array([1.0, 2.0, 3.0, 6.0]))
    # w = mean(y) = 3; residuals (-2, -1, 0, 3): sigma2 = (4 + 1 + 0 + 9)/4
    assert w.shape == (1,)
    assert w[0] == pytest.approx(3.0, rel=1e-15)
    assert sigma2 == pytest.approx(3.5, rel=1e-14)


# --- bernoulli_nll ----------------------------------------------------------------


def _nll_oracle(y, z):
    return float(np.mean(-(y * special.log_expit(z) + (1 - y) * special.log_expit(-z))))


def test_bernoulli_nll_matches_log_expit(rng):
    for n, scale in [(20, 1.0), (50, 30.0), (30, 1e4)]:
        y = rng.integers(0, 2, size=n)
        z = scale * rng.normal(size=n)
        assert ref.bernoulli_nll(y, z) == pytest.approx(_nll_oracle(y, z), rel=1e-12, abs=1e-15)
    z = np.array([-1e4, 1e4, 40.0, -40.0, 700.0, -745.0])
    for y in ([1, 0, 0, 1, 1, 0], [0, 1, 1, 0, 0, 1]):
        y = np.array(y)
        assert ref.bernoulli_nll(y, z) == pytest.approx(_nll_oracle(y, z), rel=1e-14)


def test_bernoulli_nll_matches_sklearn_log_loss(rng):
    y = rng.integers(0, 2, size=40)
    z = 2 * rng.normal(size=40)
    expected = metrics.log_loss(y, special.expit(z), labels=[0, 1])
    assert ref.bernoulli_nll(y, z) == pytest.approx(expected, rel=1e-9)


def test_bernoulli_nll_by_hand_and_errors():
    assert ref.bernoulli_nll(np.array([1, 0]), np.zeros(2)) == pytest.approx(math.log(2))
    assert ref.bernoulli_nll(np.array([1]), np.array([-1e4])) == 1e4
    assert ref.bernoulli_nll(np.array([1, 0]), np.array([-1e4, 1e4])) == 1e4
    assert ref.bernoulli_nll(np.array([1, 0]), np.array([1e4, -1e4])) == 0.0
    # y = 0, z = 40: the loss is softplus(40) = 40 + log1p(exp(-40))
    assert ref.bernoulli_nll(np.array([0.0]), np.array([40.0])) == pytest.approx(40.0, rel=1e-15)
    assert ref.bernoulli_nll(np.array([1.0]), np.array([40.0])) == pytest.approx(
        math.exp(-40), rel=1e-12)
    for y in ([-1, 1, 1], [0, 2, 1], [0.0, 0.5, 1.0], [0.0, np.nan, 1.0]):
        with pytest.raises(ValueError, match="`y`"):
            ref.bernoulli_nll(np.array(y), np.array([0.5, -1.0, 2.0]))


# --- the boundaries the graders test ----------------------------------------------


def _each_distribution_argument(bad):
    """Call every function that takes a distribution with ``bad`` in each such place."""
    good = np.full(bad.shape, 1.0 / bad.size).reshape(-1)
    yield lambda: ref.entropy(bad)
    yield lambda: ref.bayes_posterior(bad, np.full(bad.shape, 0.5))
    for fn in ALL_DIVERGENCES:
        yield lambda fn=fn: fn(bad, good)
        yield lambda fn=fn: fn(good, bad)


@pytest.mark.parametrize("bad", [
    [0.25, 0.25, 0.5 + 3e-8], [0.25, 0.25, 0.5 - 3e-8],  # just outside the 1e-8 tolerance
    [0.5, 0.5 + 1e-12, -1e-12],  # a tiny negative entry, summing to 1
    [[0.2], [0.3], [0.5]],  # 2-D with one entry per outcome
])
def test_distribution_boundaries_are_refused(bad):
    for call in _each_distribution_argument(np.array(bad)):
        with pytest.raises(ValueError, match=r"`(p|q|prior)`"):
            call()


def test_distribution_boundaries_are_accepted():
    for total in (1 + 3e-9, 1 - 3e-9):
        p = np.array([0.3, total - 0.3])
        assert ref.entropy(p) == pytest.approx(stats.entropy(p / p.sum()), rel=1e-8)
        for fn in ALL_DIVERGENCES:
            assert np.isfinite(fn(p, np.array([0.6, 0.4])))


@pytest.mark.parametrize(("p", "q"), [([0.2, 0.3, 0.5], [0.1, 0.2, 0.3, 0.4]),
                                      ([0.2, 0.3, 0.5], [1.0]), ([1.0], [0.2, 0.3, 0.5])])
def test_divergences_refuse_different_lengths(p, q):
    for fn in ALL_DIVERGENCES:
        with pytest.raises(ValueError, match="same length"):
            fn(np.array(p), np.array(q))


def test_a_base_below_one_matches_scipy(rng):
    for k, zeros in [(2, 0), (6, 0), (9, 4)]:
        p, q = _dist(rng, k, zeros), _dist(rng, k)
        assert ref.entropy(p, base=0.5) == pytest.approx(stats.entropy(p, base=0.5), rel=1e-12,
                                                         abs=1e-15)
        assert ref.kl_divergence(p, q, base=0.5) == pytest.approx(
            stats.entropy(p, q, base=0.5), rel=1e-11)
        assert ref.cross_entropy(p, q, base=0.5) == pytest.approx(
            stats.entropy(p, base=0.5) + stats.entropy(p, q, base=0.5), rel=1e-11)
        js_nats = jensenshannon(p, q) ** 2
        assert ref.js_divergence(p, q, base=0.5) == pytest.approx(js_nats / math.log(0.5),
                                                                  rel=1e-9)
    assert ref.kl_divergence(p, p.copy(), base=0.5) <= 0  # the clip is in nats


def test_bayes_posterior_boundaries():
    prior = np.array([0.2, 0.3, 0.5])
    for likelihood in ([0.5, 1 + 1e-9, 0.1], [0.5, -1e-12, 0.1], [0.5, 0.5], [0.5],
                       [[0.5, 0.2, 0.1]]):
        with pytest.raises(ValueError, match="`likelihood`"):
            ref.bayes_posterior(prior, np.array(likelihood))
    # P(E) = 1.5e-300 is tiny but not 0; exact fractions give [1/2, 1/2]
    got = ref.bayes_posterior(np.array([0.25, 0.75]), np.array([3e-300, 1e-300]))
    expected = _posterior_by_enumeration([Fraction(0.25), Fraction(0.75)],
                                         [Fraction(3e-300), Fraction(1e-300)])
    np.testing.assert_allclose(got, [float(x) for x in expected], rtol=1e-14)
    assert ref.bayes_posterior(np.array([0.2, 0.8]), np.array([1.0, 0.0])).tolist() == [1.0, 0.0]


def _asymmetric(cov, relative):
    cov = cov.copy()
    cov[1, 0] += relative * np.max(np.abs(cov))
    return cov


@pytest.mark.parametrize("scale", [1.0, 1e9, 1e-12])
def test_covariance_checks_are_relative_to_the_scale(rng, scale):
    cov = scale * np.array([[2.0, 1.5], [1.5, 2.0]])
    X, mean = np.sqrt(scale) * rng.normal(size=(4, 2)), np.zeros(2)
    inside = _asymmetric(cov, 5e-11)
    expected = stats.multivariate_normal(mean, cov).logpdf(X)
    np.testing.assert_allclose(ref.gaussian_log_pdf(X, mean, inside), expected, rtol=1e-9)
    assert ref.gaussian_kl(mean, inside, mean, cov) == pytest.approx(0.0, abs=1e-9)
    good = np.array([[2.0, 0.5], [0.5, 1.0]])
    for bad in (_asymmetric(cov, 2e-10), np.diag([scale, 0.0]), scale * np.array(
            [[1.0, 2.0], [2.0, 1.0]])):
        with pytest.raises(ValueError, match="`cov`"):
            ref.gaussian_log_pdf(X, mean, bad)
        with pytest.raises(ValueError, match="`cov0`"):
            ref.gaussian_kl(mean, bad, mean, good)
        with pytest.raises(ValueError, match="`cov1`"):
            ref.gaussian_kl(mean, good, mean, bad)


def test_gaussian_log_pdf_refuses_x_of_the_wrong_shape(rng):
    cov = np.array([[2.0, 1.5], [1.5, 2.0]])
    for X in (rng.normal(size=(4, 1)), rng.normal(size=2), rng.normal(size=(4, 3))):
        with pytest.raises(ValueError, match="`X`"):
            ref.gaussian_log_pdf(X, np.zeros(2), cov)


def test_gaussian_kl_is_scale_free_and_never_negative(rng):
    mu0, mu1 = rng.normal(size=3), rng.normal(size=3)
    cov0, cov1 = _spd(rng, 3, 1, 4), _spd(rng, 3, 1, 3)
    kl = ref.gaussian_kl(mu0, cov0, mu1, cov1)
    for scale in (1e9, 1e-12):  # x -> sqrt(scale) x leaves KL unchanged
        assert ref.gaussian_kl(math.sqrt(scale) * mu0, scale * cov0, math.sqrt(scale) * mu1,
                               scale * cov1) == pytest.approx(kl, rel=1e-9)
    fixed = np.random.default_rng(9)  # the graders' case: the closed form rounds below 0
    mu, cov = fixed.normal(size=4), _spd(fixed, 4, 0.5, 2)
    assert ref.gaussian_kl(mu, cov, mu.copy(), cov * (1 + 2**-52)) >= 0.0


def test_gaussian_mle_with_a_large_offset_and_errors(rng):
    X = 1e8 + rng.normal(size=(40, 2))
    mean, cov = ref.gaussian_mle(X)
    shifted = X - 1e8  # exact: the entries are within a factor 2 of 1e8
    np.testing.assert_allclose(cov, np.cov(shifted, rowvar=False, bias=True), rtol=1e-9)
    np.testing.assert_allclose(mean - 1e8, shifted.mean(axis=0), atol=1e-7)
    with pytest.raises(ValueError, match="`X`"):
        ref.gaussian_mle(rng.normal(size=5))


def test_beta_bernoulli_map_boundaries():
    assert ref.beta_bernoulli_map(0, 0, alpha=1.5, beta=1.0) == 1.0
    assert ref.beta_bernoulli_map(0, 0, alpha=1.0, beta=1.0 + 1e-9) == 0.0
    for alpha, beta in ((1 - 1e-9, 2.0), (2.0, 1 - 1e-9)):
        with pytest.raises(ValueError, match="must be >= 1"):
            ref.beta_bernoulli_map(2, 5, alpha=alpha, beta=beta)


def test_linear_regression_mle_refuses_bad_shapes(rng):
    for X, y in ((rng.normal(size=6), rng.normal(size=6)),
                 (rng.normal(size=(6, 2)), rng.normal(size=7))):
        with pytest.raises(ValueError, match="need X of shape"):
            ref.linear_regression_mle(X, y)


def test_bernoulli_nll_refuses_mismatched_shapes_and_near_binary_labels():
    for y, z in (([0, 1, 1], [0.5, -1.0, 2.0, 0.1]), ([0, 1, 1], [0.5]),
                 ([[0], [1], [1]], [0.5, -1.0, 2.0]), ([0.0, 1 + 1e-9, 1.0], [0.5, -1.0, 2.0])):
        with pytest.raises(ValueError, match="`y`"):
            ref.bernoulli_nll(np.array(y), np.array(z))
