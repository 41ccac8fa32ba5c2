"""Grader table for the probability topic.

One section per exercise: its cases, error and scale cases, wrong variants and
``Exercise``, together; shared input helpers first; ``EXERCISES`` at the end names
them in the order learners go.
"""

import numpy as np

from graders.spec import Case, Exercise, Misconception, Property, Tol

# --- shared inputs ----------------------------------------------------------------


def _dist(rng, k, zeros=0):
    """A random distribution over k outcomes, ``zeros`` of them exactly 0."""
    p = rng.dirichlet(np.ones(k))
    if zeros:
        p[rng.choice(k, size=zeros, replace=False)] = 0.0
        p /= p.sum()
    return p


def _spd(rng, d, lo, hi, eigenvalues=None):
    """A random symmetric positive definite (d, d) matrix with eigenvalues in [lo, hi]
    (or exactly ``eigenvalues``), its eigenvectors random."""
    Q = np.linalg.qr(rng.normal(size=(d, d)))[0]
    eig = rng.uniform(lo, hi, size=d) if eigenvalues is None else np.asarray(eigenvalues)
    S = (Q * eig) @ Q.T
    return 0.5 * (S + S.T)


def _not_distributions(name, args, same_shape=()):
    """Error cases for the distribution argument ``name``, each breaking one rule alone:
    every bad value has 3 entries, like the valid arguments in ``args``; those named in
    ``same_shape`` take the bad value's shape (so a 2-D value breaks no shape rule)."""
    bad = [
        ("sums to 0.9", np.array([0.2, 0.3, 0.4])),
        ("sums to 1 + 1e-6 (outside the 1e-8 tolerance)", np.array([0.25, 0.25, 0.5 + 1e-6])),
        ("sums to 1 + 3e-8 (just outside the 1e-8 tolerance)",
         np.array([0.25, 0.25, 0.5 + 3e-8])),
        ("sums to 1 - 3e-8 (just outside the 1e-8 tolerance)",
         np.array([0.25, 0.25, 0.5 - 3e-8])),
        ("has a negative entry (and sums to 1)", np.array([1.2, -0.2, 0.0])),
        ("has a negative entry of -1e-12 (and sums to 1)", np.array([0.5, 0.5 + 1e-12, -1e-12])),
        ("contains NaN", np.array([0.5, np.nan, 0.5])),
        ("is 2-D (shape (3, 1), summing to 1)", np.array([[0.2], [0.3], [0.5]])),
    ]
    for what, value in bad:
        shaped = {k: v.reshape(value.shape) if k in same_shape else v for k, v in args.items()}
        yield Case(f"`{name}` {what}", {**shaped, name: value})


def _bad_bases(args):
    for base in (1, 0, -2.0):
        yield Case(f"base = {base}", {**args, "base": base})


def _in_base(nats, base):
    return nats if base is None else nats / np.log(base)


def _pair_errors(rng):
    p = np.array([0.2, 0.3, 0.5])
    yield from _not_distributions("p", {"q": p.copy()})
    yield from _not_distributions("q", {"p": p})
    yield from _bad_bases({"p": p.copy(), "q": np.array([0.3, 0.3, 0.4])})
    yield Case("`p` and `q` of different lengths (3 and 4)", {
        "p": p.copy(), "q": np.array([0.1, 0.2, 0.3, 0.4])})
    yield Case("`q` with one outcome, `p` with three (broadcasting would hide it)", {
        "p": p.copy(), "q": np.array([1.0])})
    yield Case("`p` with one outcome, `q` with three (broadcasting would hide it)", {
        "p": np.array([1.0]), "q": p.copy()})


def _kl(p, q, base=None):
    """KL without validation or clipping, for the misconceptions below."""
    s = p > 0
    with np.errstate(divide="ignore"):
        return float(_in_base(np.sum(p[s] * (np.log(p[s]) - np.log(q[s]))), base))


_BASE_IGNORED = "looks like `base` was ignored: divide the natural-log result by log(base)"


# --- bayes_posterior --------------------------------------------------------------


def _bayes_cases(rng):
    yield Case("disease test: prior [0.01, 0.99], likelihood [0.9, 0.05]", {
        "prior": np.array([0.01, 0.99]), "likelihood": np.array([0.9, 0.05])})
    yield Case("random prior and likelihood, 6 hypotheses", {
        "prior": _dist(rng, 6), "likelihood": rng.uniform(size=6)})
    yield Case("random prior and likelihood, 50 hypotheses", {
        "prior": _dist(rng, 50), "likelihood": rng.uniform(size=50)})
    yield Case("a hypothesis with prior 0", {
        "prior": np.array([0.0, 0.3, 0.7]), "likelihood": np.array([0.9, 0.2, 0.6])})
    yield Case("likelihood 0 rules a hypothesis out", {
        "prior": np.array([0.5, 0.25, 0.25]), "likelihood": np.array([0.0, 0.8, 0.4])})
    yield Case("equal likelihoods (posterior = prior)", {
        "prior": np.array([0.1, 0.6, 0.3]), "likelihood": np.full(3, 0.35)})
    yield Case("a single hypothesis", {"prior": np.array([1.0]), "likelihood": np.array([0.2])})
    yield Case("prior summing to 1 - 3e-9 (within the 1e-8 tolerance)", {
        "prior": np.array([0.4, 0.6 - 3e-9]), "likelihood": np.array([0.3, 0.9])})
    yield Case("prior summing to 1 + 3e-9 (within the 1e-8 tolerance)", {
        "prior": np.array([0.4, 0.6 + 3e-9]), "likelihood": np.array([0.3, 0.9])})
    yield Case("likelihoods exactly 0 and 1 (the ends of [0, 1] are allowed)", {
        "prior": np.array([0.2, 0.5, 0.3]), "likelihood": np.array([1.0, 0.0, 1.0])})
    yield Case("tiny likelihoods (1e-300): P(E) is about 1e-300, small but not 0", {
        "prior": np.array([0.25, 0.75]), "likelihood": np.array([3e-300, 1e-300])})


def _bayes_errors(rng):
    likelihood = np.array([0.5, 0.5, 0.5])
    yield from _not_distributions("prior", {"likelihood": likelihood}, same_shape=("likelihood",))
    prior = np.array([0.2, 0.3, 0.5])
    yield Case("a likelihood above 1", {"prior": prior, "likelihood": np.array([0.5, 1.2, 0.1])})
    yield Case("a likelihood of 1 + 1e-9 (above 1)", {
        "prior": prior, "likelihood": np.array([0.5, 1.0 + 1e-9, 0.1])})
    yield Case("a negative likelihood", {"prior": prior,
                                         "likelihood": np.array([0.5, -0.1, 0.1])})
    yield Case("a likelihood of -1e-12 (below 0)", {
        "prior": prior, "likelihood": np.array([0.5, -1e-12, 0.1])})
    yield Case("likelihood of length 2 for 3 hypotheses", {
        "prior": prior, "likelihood": np.array([0.5, 0.5])})
    yield Case("likelihood of length 1 for 3 hypotheses (broadcasting would hide it)", {
        "prior": prior, "likelihood": np.array([0.5])})
    yield Case("likelihood of shape (1, 3) for a prior of shape (3,)", {
        "prior": prior, "likelihood": np.array([[0.5, 0.2, 0.1]])})
    yield Case("P(evidence) = 0: likelihood 0 wherever the prior is positive", {
        "prior": np.array([0.5, 0.5, 0.0]), "likelihood": np.array([0.0, 0.0, 1.0])})


def _bayes_unnormalised(prior, likelihood):
    return prior * likelihood


def _bayes_no_prior(prior, likelihood):
    return likelihood / likelihood.sum()


def _bayes_likelihood_itself(prior, likelihood):
    return likelihood.astype(float)


def _bayes_over_likelihood_sum(prior, likelihood):
    return prior * likelihood / likelihood.sum()


BAYES_POSTERIOR = Exercise(
    name="bayes_posterior",
    points=1,
    difficulty="easy",
    hints=(
        "The posterior is proportional to prior times likelihood. What makes it a "
        "distribution?",
        "Multiply elementwise, then divide by P(E) = sum of prior * likelihood. Check the "
        "inputs first, and refuse P(E) = 0.",
    ),
    cases=_bayes_cases,
    errors=_bayes_errors,
    tol=Tol(rtol=1e-9, atol=1e-14),
    misconceptions=(
        Misconception("looks like the posterior was not normalised: divide prior * "
                      "likelihood by P(evidence), its sum", _bayes_unnormalised),
        Misconception("looks like the prior was ignored: the posterior is proportional "
                      "to prior * likelihood, not to the likelihood alone", _bayes_no_prior),
        Misconception("looks like the likelihood P(E | H) was returned; the posterior "
                      "P(H | E) is prior * likelihood divided by P(E) (the base-rate "
                      "fallacy)", _bayes_likelihood_itself),
        Misconception("looks like you divided by the sum of the likelihoods; the "
                      "normaliser is P(evidence) = sum of prior * likelihood",
                      _bayes_over_likelihood_sum),
    ),
)


# --- entropy ----------------------------------------------------------------------


def _entropy_cases(rng):
    yield Case("uniform over 4 outcomes, base 2", {"p": np.full(4, 0.25), "base": 2})
    yield Case("random distribution over 8 outcomes", {"p": _dist(rng, 8)})
    yield Case("random distribution over 8 outcomes, base 2", {"p": _dist(rng, 8), "base": 2})
    yield Case("random distribution over 5 outcomes, base 10", {"p": _dist(rng, 5), "base": 10})
    yield Case("a distribution with zeros (0 log 0 = 0)", {"p": _dist(rng, 7, zeros=3)})
    yield Case("a certain outcome [0, 1, 0] (entropy 0)", {"p": np.array([0.0, 1.0, 0.0])})
    yield Case("a single outcome", {"p": np.array([1.0])})
    yield Case("1000 outcomes", {"p": _dist(rng, 1000)})
    yield Case("summing to 1 - 3e-9 (within the 1e-8 tolerance)", {
        "p": np.array([0.5, 0.5 - 3e-9])})
    yield Case("summing to 1 + 3e-9 (within the 1e-8 tolerance)", {
        "p": np.array([0.25, 0.75 + 3e-9])})
    yield Case("base 0.5 (a base below 1 is allowed: the entropy comes out negative)", {
        "p": _dist(rng, 6), "base": 0.5})
    yield Case("base 1 + 1e-6 (allowed: only base 1 itself is refused)", {
        "p": _dist(rng, 4), "base": 1 + 1e-6})


def _entropy_errors(rng):
    yield from _not_distributions("p", {})
    yield from _bad_bases({"p": np.array([0.5, 0.5])})


def _entropy_nan(p, base=None):
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(_in_base(-np.sum(p * np.log(p)), base))


def _entropy_no_base(p, base=None):
    nz = p[p > 0]
    return float(-np.sum(nz * np.log(nz)))


def _entropy_bits(p, base=None):
    nz = p[p > 0]
    return float(-np.sum(nz * np.log2(nz)))


def _entropy_no_minus(p, base=None):
    nz = p[p > 0]
    return float(_in_base(np.sum(nz * np.log(nz)), base))


ENTROPY = Exercise(
    name="entropy",
    points=1,
    difficulty="easy",
    hints=(
        "What should an outcome with probability 0 contribute? What does NumPy compute "
        "for 0 * log(0)?",
        "Sum -p log p over the entries with p > 0 only, then divide by log(base) when a "
        "base is given. Validate p (and base) first.",
    ),
    cases=_entropy_cases,
    errors=_entropy_errors,
    tol=Tol(rtol=1e-10, atol=1e-13),
    misconceptions=(
        Misconception("got nan from 0 * log(0): outcomes with p = 0 contribute 0, so "
                      "leave them out of the sum", _entropy_nan),
        Misconception(_BASE_IGNORED, _entropy_no_base),
        Misconception("looks like log base 2 was used; with base=None use the natural "
                      "log (nats)", _entropy_bits),
        Misconception("looks like the minus sign is missing: H(p) = -sum p log p >= 0",
                      _entropy_no_minus),
    ),
)


# --- cross_entropy ----------------------------------------------------------------


def _pair_cases(rng):
    """Cases shared by cross_entropy and kl_divergence."""
    yield Case("random p and q over 6 outcomes", {"p": _dist(rng, 6), "q": _dist(rng, 6)})
    yield Case("random p and q over 6 outcomes, base 2", {
        "p": _dist(rng, 6), "q": _dist(rng, 6), "base": 2})
    yield Case("random p and q over 500 outcomes", {"p": _dist(rng, 500), "q": _dist(rng, 500)})
    yield Case("p has zeros where q > 0 (terms with p = 0 count 0)", {
        "p": np.array([0.5, 0.0, 0.5, 0.0]), "q": np.array([0.1, 0.2, 0.3, 0.4])})
    yield Case("p = 0 and q = 0 on the same outcome", {
        "p": np.array([0.5, 0.5, 0.0]), "q": np.array([0.25, 0.75, 0.0])})
    yield Case("q = 0 where p > 0 (answer inf)", {
        "p": np.array([0.5, 0.25, 0.25]), "q": np.array([0.5, 0.5, 0.0])})
    yield Case("q tiny but positive (1e-15): large but finite", {
        "p": np.array([0.5, 0.5, 0.0]), "q": np.array([1e-15, 0.5, 0.5 - 1e-15])})
    yield Case("p one-hot, as in classification", {
        "p": np.array([0.0, 0.0, 1.0, 0.0]), "q": np.array([0.1, 0.2, 0.6, 0.1])})
    p = _dist(rng, 5)
    yield Case("p = q", {"p": p, "q": p.copy()})
    yield Case("p summing to 1 + 3e-9 and q to 1 - 3e-9 (both within the 1e-8 tolerance)", {
        "p": np.array([0.3, 0.7 + 3e-9]), "q": np.array([0.6, 0.4 - 3e-9])})
    yield Case("random p and q over 6 outcomes, base 0.5 (below 1 is allowed)", {
        "p": _dist(rng, 6), "q": _dist(rng, 6), "base": 0.5})


def _ce(p, q, base=None):
    """Cross-entropy without validation, for the misconceptions below."""
    s = p > 0
    with np.errstate(divide="ignore"):
        return float(_in_base(-np.sum(p[s] * np.log(q[s])), base))


def _ce_swapped(p, q, base=None):
    return _ce(q, p, base)


def _ce_nan(p, q, base=None):
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(_in_base(-np.sum(p * np.log(q)), base))


def _ce_epsilon(p, q, base=None):
    return float(_in_base(-np.sum(p * np.log(np.clip(q, 1e-12, None))), base))


def _ce_is_kl(p, q, base=None):
    return _in_base(max(_kl(p, q), 0.0), base)


def _ce_no_base(p, q, base=None):
    return _ce(p, q)


CROSS_ENTROPY = Exercise(
    name="cross_entropy",
    points=1,
    difficulty="easy",
    hints=(
        "Which terms does -sum p log q really contain when some p are 0? And what is "
        "the honest answer when q = 0 but p > 0?",
        "Sum -p log q over the entries with p > 0 only (log(0) = -inf there gives inf, "
        "which is correct; silence the warning with np.errstate). Divide by log(base).",
    ),
    cases=_pair_cases,
    errors=_pair_errors,
    tol=Tol(rtol=1e-10, atol=1e-13),
    misconceptions=(
        Misconception("got nan from 0 * log(0): terms with p = 0 count 0, even where "
                      "q = 0", _ce_nan),
        Misconception("looks like an epsilon was added inside the log: where q = 0 < p "
                      "the exact cross-entropy is inf", _ce_epsilon),
        Misconception("looks like the KL divergence: cross-entropy is H(p) + KL(p || q), "
                      "it keeps the entropy term", _ce_is_kl),
        Misconception(_BASE_IGNORED, _ce_no_base),
        Misconception("looks like p and q are swapped: H(p, q) = -sum p log q, the log "
                      "is of the model q", _ce_swapped),
    ),
)


# --- kl_divergence ----------------------------------------------------------------


def _kl_no_base(p, q, base=None):
    return max(_kl(p, q), 0.0)


def _kl_swapped(p, q, base=None):
    return _in_base(max(_kl(q, p), 0.0), base)


def _kl_is_ce(p, q, base=None):
    return _ce(p, q, base)


def _kl_unclipped(p, q, base=None):
    return _kl(p, q, base)


def _kl_nan(p, q, base=None):
    with np.errstate(divide="ignore", invalid="ignore"):
        return _in_base(max(float(np.sum(p * np.log(p / q))), 0.0), base)  # max keeps nan


def _kl_nan_to_zero(p, q, base=None):
    with np.errstate(divide="ignore", invalid="ignore"):
        nats = float(np.sum(p * (np.log(p) - np.log(q))))
    return _in_base(max(0.0, nats), base)  # max(0.0, nan) is 0.0: the nan is hidden


def _kl_ratio(p, q, base=None):
    s = p > 0
    with np.errstate(divide="ignore", over="ignore"):
        return _in_base(max(float(np.sum(p[s] * np.log(p[s] / q[s]))), 0.0), base)


def _kl_clipped_after_base(p, q, base=None):
    return max(_kl(p, q, base), 0.0)


def _kl_cases(rng):
    yield from _pair_cases(rng)
    yield Case("q has a subnormal entry (1e-310): p / q overflows, log p - log q does not", {
        "p": np.array([0.5, 0.5]), "q": np.array([1.0 - 1e-310, 1e-310])})
    yield Case("q = p (1 + 8e-9), still a distribution: rounds below 0 unless clipped", {
        "p": np.array([0.5, 0.5]), "q": np.array([0.5 + 4e-9, 0.5 + 4e-9])})


def _kl_never_negative(args, got):
    if not isinstance(got, (float, np.floating)):
        return None
    base = args.get("base")
    if (base is None or base > 1) and got < 0:
        return (f"KL divergence is never negative, got {float(got):.3g}: rounding can push "
                "the sum below 0, so clip it at 0")
    if base is not None and base < 1 and got > 0:
        return (f"with base {base} (below 1) KL in that base is <= 0, got {float(got):.3g}: "
                "clip the natural-log value at 0, then divide by log(base)")
    return None


KL_DIVERGENCE = Exercise(
    name="kl_divergence",
    points=2,
    difficulty="medium",
    hints=(
        "KL(p || q) is an average of log(p/q) under p. Which terms vanish, which are "
        "infinite, and can rounding make the total negative?",
        "Over the entries with p > 0, sum p (log p - log q); q = 0 there gives inf. "
        "Clip the sum at 0, then divide by log(base).",
    ),
    cases=_kl_cases,
    errors=_pair_errors,
    tol=Tol(rtol=1e-9, atol=1e-12),
    misconceptions=(
        Misconception("looks like KL(q || p): the arguments are swapped; KL(p || q) "
                      "averages log(p/q) under p", _kl_swapped),
        Misconception("looks like the cross-entropy H(p, q): KL subtracts the entropy, "
                      "KL = H(p, q) - H(p)", _kl_is_ce),
        Misconception("got nan from 0 * log(0/q): terms with p = 0 count 0", _kl_nan),
        Misconception("looks like 0 * log(0) gave nan and max(0.0, nan) turned it into 0: "
                      "terms with p = 0 count 0, so leave them out of the sum",
                      _kl_nan_to_zero),
        Misconception("overflow: p / q overflows to inf when q is tiny (1e-310); write each "
                      "term as p (log p - log q)", _kl_ratio),
        Misconception("looks like the clip at 0 came after dividing by log(base): with a "
                      "base below 1 KL is <= 0; clip the natural-log value, then divide",
                      _kl_clipped_after_base),
        Misconception("KL came out negative: rounding (or a sum a hair off 1) can push "
                      "it below 0; clip at 0", _kl_unclipped),
        Misconception(_BASE_IGNORED, _kl_no_base),
    ),
    properties=(Property("the sign", _kl_never_negative),),
)


# --- js_divergence ----------------------------------------------------------------


def _js_cases(rng):
    yield Case("random p and q over 6 outcomes", {"p": _dist(rng, 6), "q": _dist(rng, 6)})
    yield Case("random p and q over 6 outcomes, base 2", {
        "p": _dist(rng, 6), "q": _dist(rng, 6), "base": 2})
    yield Case("disjoint supports (answer log 2)", {
        "p": np.array([0.1, 0.9, 0.0, 0.0]), "q": np.array([0.0, 0.0, 0.3, 0.7])})
    yield Case("disjoint supports, base 2 (answer 1)", {
        "p": np.array([1.0, 0.0]), "q": np.array([0.0, 1.0]), "base": 2})
    p, q = np.zeros(16), np.zeros(16)
    p[:8], q[8:] = _dist(rng, 8), _dist(rng, 8)
    yield Case("random disjoint supports, 8 outcomes each (answer log 2)", {"p": p, "q": q})
    yield Case("disjoint supports, base 10", {
        "p": np.array([0.7, 0.3, 0.0, 0.0]), "q": np.array([0.0, 0.0, 0.6, 0.4]), "base": 10})
    yield Case("partly overlapping supports", {
        "p": np.array([0.5, 0.5, 0.0, 0.0]), "q": np.array([0.0, 0.2, 0.3, 0.5])})
    p = _dist(rng, 5, zeros=1)
    yield Case("p = q (answer 0)", {"p": p, "q": p.copy()})
    yield Case("random p and q over 6 outcomes, base 0.5 (below 1 is allowed)", {
        "p": _dist(rng, 6), "q": _dist(rng, 6), "base": 0.5})
    yield Case("p summing to 1 + 3e-9 and q to 1 - 3e-9 (both within the 1e-8 tolerance)", {
        "p": np.array([0.3, 0.7 + 3e-9]), "q": np.array([0.6, 0.4 - 3e-9])})


def _js_in_range(args, got):
    if not isinstance(got, (float, np.floating)) or np.isnan(got):
        return None
    base = args.get("base")
    if base is None:
        lo, hi = 0.0, np.log(2.0)
    else:  # log 2 in `base`, however a correct solution computes it
        ends = (np.log(2.0) / np.log(base), 1 / np.log2(base), np.log10(2.0) / np.log10(base))
        lo, hi = (0.0, max(ends)) if base > 1 else (min(ends), 0.0)
    if got < lo or got > hi:
        return (f"JS divergence lies in [0, log 2] ([{lo:.17g}, {hi:.17g}] in this base), "
                f"got {float(got):.17g}: rounding can leave the sum just outside; clip it in "
                "nats, then divide by log(base)")
    return None


def _js_sym_kl(p, q, base=None):
    return 0.5 * (_kl(p, q, base) + _kl(q, p, base))


def _js_distance(p, q, base=None):
    m = 0.5 * (p + q)
    with np.errstate(invalid="ignore"):  # nan for a base below 1, as in scipy
        return float(np.sqrt(_in_base(max(0.5 * (_kl(p, m) + _kl(q, m)), 0.0), base)))


def _js_unhalved_mixture(p, q, base=None):
    m = p + q
    return 0.5 * (_kl(p, m, base) + _kl(q, m, base))


def _js_no_base(p, q, base=None):
    m = 0.5 * (p + q)
    return 0.5 * (_kl(p, m) + _kl(q, m))


def _js_clipped_after_base(p, q, base=None):
    m = 0.5 * (p + q)
    return max(0.5 * (_kl(p, m, base) + _kl(q, m, base)), 0.0)


JS_DIVERGENCE = Exercise(
    name="js_divergence",
    points=2,
    difficulty="medium",
    hints=(
        "Compare each distribution with their average m = (p + q)/2 rather than with "
        "each other. Why can that never be infinite?",
        "JS = (KL(p || m) + KL(q || m))/2, each KL summed over its own support "
        "(entries > 0). Clip to [0, log 2] in nats, then divide by log(base).",
    ),
    cases=_js_cases,
    errors=_pair_errors,
    tol=Tol(rtol=1e-9, atol=1e-12),
    misconceptions=(
        Misconception("looks like the symmetrised KL (KL(p||q) + KL(q||p))/2; JS compares "
                      "each with the mixture m = (p + q)/2, which keeps it finite",
                      _js_sym_kl),
        Misconception("looks like the Jensen-Shannon distance, the square root of the "
                      "divergence (what scipy's jensenshannon returns)", _js_distance),
        Misconception("looks like the mixture was m = p + q; it is the average "
                      "(p + q)/2", _js_unhalved_mixture),
        Misconception(_BASE_IGNORED, _js_no_base),
        Misconception("looks like the clip at 0 came after dividing by log(base): with a "
                      "base below 1 the divergence is <= 0; clip to [0, log 2] in nats, then "
                      "divide", _js_clipped_after_base),
    ),
    properties=(Property("the range", _js_in_range),),
)


# --- logsumexp --------------------------------------------------------------------


def _lse_cases(rng):
    yield Case("random x of shape (10,)", {"x": rng.normal(size=10)})
    yield Case("random x of shape (4, 5), axis=None (a float)", {"x": rng.normal(size=(4, 5))})
    yield Case("random x of shape (4, 5), axis=0", {"x": rng.normal(size=(4, 5)), "axis": 0})
    yield Case("random x of shape (4, 5), axis=1", {"x": 3 * rng.normal(size=(4, 5)), "axis": 1})
    yield Case("random x of shape (2, 3, 4), axis=-2", {
        "x": rng.normal(size=(2, 3, 4)), "axis": -2})
    yield Case("values near 1000 (exp overflows)", {"x": np.array([1000.0, 1000.5, 999.0])})
    yield Case("values near -1000 (exp underflows to 0)", {"x": np.array([-1000.0, -1001.0])})
    yield Case("abs(x) up to 1e300", {"x": np.array([1e300, 1e300, -1e300])})
    yield Case("rows on very different scales, axis=1", {
        "x": np.array([[1000.0, 1001.0], [0.0, 1.0], [-1e300, -1e300]]), "axis": 1})
    yield Case("columns on very different scales, axis=0", {
        "x": np.array([[1000.0, -1000.0, 1e-12], [999.0, -1001.0, 2e-12]]), "axis": 0})
    yield Case("shape (1, 4), axis=1 (answer of shape (1,))", {
        "x": rng.normal(size=(1, 4)), "axis": 1})
    yield Case("-inf entries", {"x": np.array([0.0, -np.inf, 1.0])})
    yield Case("every entry -inf (answer -inf)", {"x": np.full(3, -np.inf)})
    yield Case("a row of all -inf, axis=1", {
        "x": np.array([[0.0, 1.0], [-np.inf, -np.inf]]), "axis": 1})
    yield Case("empty input (answer -inf)", {"x": np.array([])})
    yield Case("an empty axis: shape (3, 0), axis=1", {"x": np.zeros((3, 0)), "axis": 1})
    yield Case("a +inf entry (answer inf)", {"x": np.array([1.0, np.inf, -np.inf])})
    yield Case("a NaN entry (answer NaN)", {"x": np.array([1.0, np.nan, 2.0])})
    yield Case("a single entry", {"x": np.array([3.5])})


def _lse_no_shift(x, axis=None):
    with np.errstate(over="ignore", divide="ignore"):
        out = np.log(np.sum(np.exp(x), axis=axis))
    return float(out) if axis is None else out


def _lse_unguarded_shift(x, axis=None):
    m = np.max(x, axis=axis, keepdims=True, initial=-np.inf)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m
    return float(out.reshape(-1)[0]) if axis is None else np.squeeze(out, axis=axis)


def _lse_global_shift(x, axis=None):
    m = np.max(x, initial=-np.inf)
    m = m if np.isfinite(m) else 0.0
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        out = np.log(np.sum(np.exp(x - m), axis=axis)) + m
    return float(out) if axis is None else out


LOGSUMEXP = Exercise(
    name="logsumexp",
    points=2,
    difficulty="medium",
    hints=(
        "exp(1000) is inf and exp(-1000) is 0. What can you factor out of the sum so "
        "that neither happens?",
        "m + log(sum(exp(x - m))) with m the max along the axis (keepdims=True). Then "
        "the special cases: an infinite or empty max must not be subtracted "
        "(-inf - -inf is nan); np.max accepts initial=-np.inf.",
        "For axis=None return float(...); otherwise squeeze the kept axis away.",
    ),
    cases=_lse_cases,
    tol=Tol(rtol=1e-12, atol=1e-12),
    misconceptions=(
        Misconception("overflow: exp(x) is inf for large x (and underflows to 0 for very "
                      "negative x); factor out the max: m + log(sum(exp(x - m)))",
                      _lse_no_shift),
        Misconception("all -inf gave nan: -inf - (-inf) is nan; when the max is not "
                      "finite, do not shift by it (the answer is -inf)",
                      _lse_unguarded_shift),
        Misconception("underflow: one shift for the whole array makes slices far below "
                      "the global max underflow to log(0); take the max along `axis`",
                      _lse_global_shift),
    ),
)


# --- gaussian_log_pdf -------------------------------------------------------------


def _asymmetric(cov, relative):
    """``cov`` with cov[1, 0] moved by ``relative`` * max abs(cov): its asymmetry."""
    cov = cov.copy()
    cov[1, 0] += relative * np.max(np.abs(cov))
    return cov


_COV_2 = np.array([[2.0, 1.5], [1.5, 2.0]])  # eigenvalues 3.5 and 0.5


def _not_covariances():
    """(what, cov) pairs of shape (2, 2), each breaking one rule alone, at magnitudes 1,
    1e9 and 1e-12: symmetry is relative to max abs(cov), positive definite is exact."""
    for scale, size in ((1.0, "1"), (1e9, "1e9"), (1e-12, "1e-12")):
        at = "" if scale == 1 else f", at magnitude {size}"
        yield (f"asymmetric by 2e-10 relative (just over the 1e-10 allowed){at}",
               _asymmetric(scale * _COV_2, 2e-10))
        yield f"singular (eigenvalues {size} and 0)", np.diag([scale, 0.0])
    yield ("symmetric but indefinite at magnitude 1e-12 (eigenvalues 3e-12 and -1e-12)",
           1e-12 * np.array([[1.0, 2.0], [2.0, 1.0]]))


def _glp_cases(rng):
    yield Case("standard normal in 1-D, 5 points", {
        "X": rng.normal(size=(5, 1)), "mean": np.zeros(1), "cov": np.eye(1)})
    yield Case("random covariance, d = 3, 6 points", {
        "X": rng.normal(size=(6, 3)), "mean": rng.normal(size=3), "cov": _spd(rng, 3, 0.5, 3)})
    yield Case("correlated 2-D Gaussian with mean [3, -2]", {
        "X": rng.normal(size=(8, 2)) + np.array([3.0, -2.0]), "mean": np.array([3.0, -2.0]),
        "cov": np.array([[2.0, 1.2], [1.2, 1.0]])})
    yield Case("diagonal covariance, d = 4", {
        "X": rng.normal(size=(3, 4)), "mean": np.ones(4), "cov": np.diag([0.5, 1, 2, 4.0])})
    yield Case("a single point far in the tail", {
        "X": np.array([[60.0, -45.0]]), "mean": np.zeros(2), "cov": np.eye(2)})
    cov = _spd(rng, 3, 1, 2)
    cov[0, 1] += 1e-14
    yield Case("cov symmetric up to rounding (asymmetry 1e-14)", {
        "X": rng.normal(size=(4, 3)), "mean": np.zeros(3), "cov": cov})
    yield Case("ill-conditioned covariance (condition number 1e6)", {
        "X": rng.normal(size=(5, 3)), "mean": np.zeros(3),
        "cov": _spd(rng, 3, 1.0, 1.0, eigenvalues=[1.0, 1e-3, 1e-6])})
    d = 200
    mean = rng.normal(size=d)
    yield Case("d = 200, eigenvalues 0.005 to 0.02: det(cov) underflows to 0", {
        "X": mean + 0.1 * rng.normal(size=(4, d)), "mean": mean,
        "cov": _spd(rng, d, 0.005, 0.02)})
    yield Case("cov asymmetric by 5e-11 relative (within the 1e-10 allowed)", {
        "X": rng.normal(size=(4, 2)), "mean": np.zeros(2), "cov": _asymmetric(_COV_2, 5e-11)})
    mean = 1e5 * rng.normal(size=3)
    yield Case("cov of magnitude 1e9, asymmetric by 5e-11 relative (within the 1e-10 allowed)", {
        "X": mean + 3e4 * rng.normal(size=(4, 3)), "mean": mean,
        "cov": _asymmetric(_spd(rng, 3, 1e9, 4e9), 5e-11)})
    mean = 1e-6 * rng.normal(size=3)
    yield Case("cov of magnitude 1e-12 (still positive definite), asymmetric by 5e-11 "
               "relative", {
                   "X": mean + 1e-6 * rng.normal(size=(4, 3)), "mean": mean,
                   "cov": _asymmetric(_spd(rng, 3, 1e-12, 4e-12), 5e-11)})


def _glp_errors(rng):
    X, mean = rng.normal(size=(3, 2)), np.zeros(2)
    yield Case("cov not symmetric", {"X": X, "mean": mean,
                                     "cov": np.array([[2.0, 0.5], [0.4, 1.0]])})
    yield Case("cov asymmetric by 1e-6 relative (more than the 1e-10 allowed)", {
        "X": X, "mean": mean, "cov": np.array([[2.0, 0.5], [0.5 + 2e-6, 1.0]])})
    yield Case("cov symmetric but indefinite (eigenvalues 3 and -1)", {
        "X": X, "mean": mean, "cov": np.array([[1.0, 2.0], [2.0, 1.0]])})
    yield Case("cov negative definite", {"X": X, "mean": mean, "cov": -np.eye(2)})
    for what, cov in _not_covariances():
        yield Case(f"cov {what}", {"X": X, "mean": mean, "cov": cov})
    yield Case("X of shape (4, 1) for a 2-D Gaussian (broadcasting would hide it)", {
        "X": rng.normal(size=(4, 1)), "mean": mean, "cov": _COV_2.copy()})
    yield Case("X 1-D: one point of shape (2,) rather than (1, 2)", {
        "X": rng.normal(size=2), "mean": mean, "cov": _COV_2.copy()})


def _glp_parts(X, mean, cov):
    d = cov.shape[0]
    diff = X - mean
    maha = np.sum(diff * np.linalg.solve(cov, diff.T).T, axis=1)
    return d, diff, maha, np.linalg.slogdet(cov)[1]


def _glp_det(X, mean, cov):
    d, _, maha, _ = _glp_parts(X, mean, cov)
    with np.errstate(divide="ignore"):
        return -0.5 * (d * np.log(2 * np.pi) + np.log(np.linalg.det(cov)) + maha)


def _glp_no_constant(X, mean, cov):
    _, _, maha, logdet = _glp_parts(X, mean, cov)
    return -0.5 * (logdet + maha)


def _glp_cov_not_inverted(X, mean, cov):
    d, diff, _, logdet = _glp_parts(X, mean, cov)
    return -0.5 * (d * np.log(2 * np.pi) + logdet + np.sum(diff @ cov * diff, axis=1))


def _glp_no_mean(X, mean, cov):
    d, _, maha, logdet = _glp_parts(X, np.zeros_like(mean), cov)
    return -0.5 * (d * np.log(2 * np.pi) + logdet + maha)


def _glp_full_logdet(X, mean, cov):
    d, _, maha, logdet = _glp_parts(X, mean, cov)
    return -0.5 * (d * np.log(2 * np.pi) + maha) - logdet


GAUSSIAN_LOG_PDF = Exercise(
    name="gaussian_log_pdf",
    points=3,
    difficulty="hard",
    hints=(
        "Write the log density as a sum of three terms. Which one cannot be computed "
        "directly when d = 200?",
        "Factor cov = L L^T (np.linalg.cholesky, which also tells you whether cov is "
        "positive definite). log det cov = 2 sum log diag(L); the quadratic form is "
        "||z||^2 with L z = x - mean, one solve for all rows.",
        "Check symmetry first: max abs(cov - cov.T) <= 1e-10 max abs(cov); turn "
        "LinAlgError into ValueError.",
    ),
    cases=_glp_cases,
    errors=_glp_errors,
    tol=Tol(rtol=1e-9, atol=1e-9),
    misconceptions=(
        Misconception("looks like the normalising constant -(d/2) log(2 pi) is missing",
                      _glp_no_constant),
        Misconception("looks like the quadratic form used cov instead of its inverse: "
                      "(x - mean)^T cov^-1 (x - mean)", _glp_cov_not_inverted),
        Misconception("looks like the mean was not subtracted from X", _glp_no_mean),
        Misconception("looks like log det(cov) lost its factor 1/2 (the density has "
                      "det(cov)^(-1/2))", _glp_full_logdet),
        Misconception("underflow: det(cov) underflows to 0 at d = 200, so log(det) is "
                      "-inf; sum the logs of the Cholesky diagonal (or np.linalg.slogdet)",
                      _glp_det),
    ),
)


# --- gaussian_mle -----------------------------------------------------------------


def _mle_cases(rng):
    yield Case("random X of shape (20, 3)", {"X": rng.normal(size=(20, 3))})
    yield Case("correlated columns, mean about 10, X of shape (50, 2)", {
        "X": 10 + rng.normal(size=(50, 2)) @ np.array([[1.0, 0.8], [0.0, 0.6]])})
    yield Case("one feature, X of shape (10, 1)", {"X": rng.normal(size=(10, 1))})
    yield Case("fewer samples than features, X of shape (3, 5)", {"X": rng.normal(size=(3, 5))})
    yield Case("a single sample, n = 1 (covariance 0)", {"X": rng.normal(size=(1, 3))})
    yield Case("two samples", {"X": np.array([[0.0, 1.0, 2.0], [2.0, 1.0, -2.0]])})
    yield Case("data offset by 1e8 (spread about 1), X of shape (40, 2)", {
        "X": 1e8 + rng.normal(size=(40, 2)) @ np.array([[1.0, 0.5], [0.0, 0.8]])},
        why="At an offset of 1e8, E[x^2] - E[x]^2 loses every digit to cancellation: "
            "subtract the mean first, then average the outer products")
    yield Case("entries of magnitude 1e-12, X of shape (15, 3)", {
        "X": 1e-12 * rng.normal(size=(15, 3))}, tol=Tol(rtol=1e-9, atol=1e-36))


def _mle_errors(rng):
    yield Case("no samples: X of shape (0, 3)", {"X": np.zeros((0, 3))})
    yield Case("X 1-D, shape (5,)", {"X": rng.normal(size=5)})


def _mle_unbiased(X):
    centred = X - X.mean(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return X.mean(axis=0), centred.T @ centred / (X.shape[0] - 1)


def _mle_uncentred(X):
    return X.mean(axis=0), X.T @ X / X.shape[0]


def _mle_diagonal(X):
    return X.mean(axis=0), np.diag(X.var(axis=0))


def _mle_raw_moments(X):
    mean = X.mean(axis=0)
    return mean, X.T @ X / X.shape[0] - np.outer(mean, mean)


GAUSSIAN_MLE = Exercise(
    name="gaussian_mle",
    points=1,
    difficulty="easy",
    hints=(
        "Set the gradient of the log-likelihood to zero: which average do you get for "
        "the mean, and for the covariance?",
        "The mean is the column average. The covariance is the average outer product of the "
        "centred rows: divide by n, which is what maximises the likelihood (n - 1 is the "
        "unbiased estimate, not the MLE).",
    ),
    cases=_mle_cases,
    errors=_mle_errors,
    returns=("mean", "cov"),
    tol=Tol(rtol=1e-9, atol=1e-12),
    misconceptions=(
        Misconception("looks like the unbiased estimate (divide by n - 1, np.cov's "
                      "default); the MLE divides by n", _mle_unbiased),
        Misconception("looks like the covariance was not centred: subtract the mean "
                      "before forming (x - mean)(x - mean)^T", _mle_uncentred),
        Misconception("looks like only the variances (the diagonal); the covariance "
                      "has the cross terms too", _mle_diagonal),
        Misconception("looks like cov = E[x x^T] - mean mean^T: at an offset of 1e8 the two "
                      "terms cancel and the digits are lost; subtract the mean first, then "
                      "average (x - mean)(x - mean)^T", _mle_raw_moments),
    ),
)


# --- gaussian_kl ------------------------------------------------------------------


def _gkl_cases(rng):
    one = np.eye(1)
    yield Case("1-D: N(0, 1) against N(1, 1)", {
        "mu0": np.zeros(1), "cov0": one, "mu1": np.ones(1), "cov1": one.copy()})
    yield Case("1-D: N(0, 1) against N(0.5, 4)", {
        "mu0": np.zeros(1), "cov0": one, "mu1": np.array([0.5]), "cov1": 4 * one})
    yield Case("random means and covariances, d = 3", {
        "mu0": rng.normal(size=3), "cov0": _spd(rng, 3, 0.5, 2),
        "mu1": rng.normal(size=3), "cov1": _spd(rng, 3, 1, 4)})
    yield Case("against a standard normal N(0, I), d = 4 (the VAE term)", {
        "mu0": rng.normal(size=4), "cov0": np.diag(rng.uniform(0.2, 3, size=4)),
        "mu1": np.zeros(4), "cov1": np.eye(4)})
    mu, cov = rng.normal(size=3), _spd(rng, 3, 0.5, 2)
    yield Case("identical distributions (answer 0)", {
        "mu0": mu, "cov0": cov, "mu1": mu.copy(), "cov1": cov.copy()})
    cov = _spd(rng, 2, 0.5, 2)
    yield Case("same covariance, different means", {
        "mu0": np.array([1.0, 2.0]), "cov0": cov, "mu1": np.array([-1.0, 0.5]),
        "cov1": cov.copy()})
    yield Case("same mean, different covariances", {
        "mu0": np.ones(3), "cov0": _spd(rng, 3, 0.2, 1), "mu1": np.ones(3),
        "cov1": _spd(rng, 3, 1, 5)})
    d = 200
    yield Case("d = 200, eigenvalues below 0.03: both determinants underflow to 0", {
        "mu0": 0.1 * rng.normal(size=d), "cov0": _spd(rng, d, 0.005, 0.02),
        "mu1": 0.1 * rng.normal(size=d), "cov1": _spd(rng, d, 0.01, 0.03)})
    fixed = np.random.default_rng(9)  # inputs on which the usual formulas round below 0
    mu, cov = fixed.normal(size=4), _spd(fixed, 4, 0.5, 2)
    yield Case("cov1 = cov0 (1 + 2^-52), same mean: the exact KL is about 1e-31, and "
               "rounding goes below 0 unless clipped", {
                   "mu0": mu, "cov0": cov, "mu1": mu.copy(), "cov1": cov * (1 + 2**-52)})
    yield Case("covariances asymmetric by 5e-11 relative (within the 1e-10 allowed)", {
        "mu0": np.zeros(2), "cov0": _asymmetric(_COV_2, 5e-11), "mu1": np.ones(2),
        "cov1": _asymmetric(_spd(rng, 2, 1, 3), -5e-11)})
    for scale, size in ((1e9, "1e9"), (1e-12, "1e-12")):
        yield Case(f"covariances of magnitude {size}, asymmetric by 5e-11 relative", {
            "mu0": np.sqrt(scale) * rng.normal(size=3),
            "cov0": _asymmetric(_spd(rng, 3, scale, 4 * scale), 5e-11),
            "mu1": np.sqrt(scale) * rng.normal(size=3), "cov1": _spd(rng, 3, scale, 3 * scale)})


def _gkl_errors(rng):
    mu, good = np.zeros(2), np.array([[2.0, 0.5], [0.5, 1.0]])
    asym = np.array([[2.0, 0.5], [0.4, 1.0]])
    indefinite = np.array([[1.0, 2.0], [2.0, 1.0]])
    yield Case("cov0 not symmetric", {"mu0": mu, "cov0": asym, "mu1": mu, "cov1": good})
    yield Case("cov1 not symmetric", {"mu0": mu, "cov0": good, "mu1": mu, "cov1": asym})
    yield Case("cov0 symmetric but indefinite", {
        "mu0": mu, "cov0": indefinite, "mu1": mu, "cov1": good})
    yield Case("cov1 symmetric but indefinite", {
        "mu0": mu, "cov0": good, "mu1": mu, "cov1": indefinite})
    yield Case("cov1 negative definite", {"mu0": mu, "cov0": good, "mu1": mu, "cov1": -good})
    for what, cov in _not_covariances():
        yield Case(f"cov0 {what}", {"mu0": mu, "cov0": cov, "mu1": mu, "cov1": good})
        yield Case(f"cov1 {what}", {"mu0": mu, "cov0": good, "mu1": mu, "cov1": cov})


def _gkl_terms(mu0, cov0, mu1, cov1):
    diff = mu1 - mu0
    trace = np.trace(np.linalg.solve(cov1, cov0))
    quad = diff @ np.linalg.solve(cov1, diff)
    return trace, quad, len(mu0), np.linalg.slogdet(cov0)[1], np.linalg.slogdet(cov1)[1]


def _gkl_swapped(mu0, cov0, mu1, cov1):
    trace, quad, d, ld1, ld0 = _gkl_terms(mu1, cov1, mu0, cov0)
    return float(0.5 * (trace + quad - d + ld1 - ld0))


def _gkl_det(mu0, cov0, mu1, cov1):
    trace, quad, d, _, _ = _gkl_terms(mu0, cov0, mu1, cov1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.log(np.linalg.det(cov1) / np.linalg.det(cov0))
    return float(0.5 * (trace + quad - d + ratio))


def _gkl_ratio_flipped(mu0, cov0, mu1, cov1):
    trace, quad, d, ld0, ld1 = _gkl_terms(mu0, cov0, mu1, cov1)
    return float(0.5 * (trace + quad - d + ld0 - ld1))


def _gkl_no_half(mu0, cov0, mu1, cov1):
    trace, quad, d, ld0, ld1 = _gkl_terms(mu0, cov0, mu1, cov1)
    return float(trace + quad - d + ld1 - ld0)


def _gkl_no_d(mu0, cov0, mu1, cov1):
    trace, quad, _, ld0, ld1 = _gkl_terms(mu0, cov0, mu1, cov1)
    return float(0.5 * (trace + quad + ld1 - ld0))


def _gkl_never_negative(args, got):
    if isinstance(got, (float, np.floating)) and got < 0:
        return (f"KL divergence is never negative, got {float(got):.3g}: rounding can push "
                "the closed form below 0, so clip it at 0")
    return None


GAUSSIAN_KL = Exercise(
    name="gaussian_kl",
    points=3,
    difficulty="hard",
    hints=(
        "Start from the closed form: a trace term, a Mahalanobis term, -d, and a "
        "log-determinant ratio. Which distribution's covariance gets inverted?",
        "With Cholesky factors L0, L1: tr(cov1^-1 cov0) = ||L1^-1 L0||_F^2, the "
        "quadratic form is ||L1^-1 (mu1 - mu0)||^2, log det = 2 sum log diag(L).",
        "np.linalg.det underflows to 0 for d = 200; never form it. Cholesky failing "
        "(LinAlgError) means not positive definite: raise ValueError.",
    ),
    cases=_gkl_cases,
    errors=_gkl_errors,
    tol=Tol(rtol=1e-8, atol=1e-9),
    misconceptions=(
        Misconception("looks like KL(N1 || N0): the arguments are swapped; the "
                      "expectation is under N(mu0, cov0), and cov1 is the one inverted",
                      _gkl_swapped),
        Misconception("underflow: det(cov) underflows to 0 at d = 200 and the log of the "
                      "determinant ratio is nan; use log-determinants (Cholesky or "
                      "slogdet)", _gkl_det),
        Misconception("looks like the log-determinant ratio is upside down: the term is "
                      "log(det cov1 / det cov0)", _gkl_ratio_flipped),
        Misconception("looks like the overall factor 1/2 is missing", _gkl_no_half),
        Misconception("looks like the -d term is missing (identical distributions must "
                      "give 0)", _gkl_no_d),
    ),
    properties=(Property("the sign", _gkl_never_negative),),
)


# --- beta_bernoulli_map -----------------------------------------------------------


def _beta_cases(rng):
    yield Case("uniform prior, 7 successes in 10 (MAP = k/n)", {"k": 7, "n": 10})
    yield Case("Beta(2, 5) prior, 3 successes in 10", {"k": 3, "n": 10, "alpha": 2.0,
                                                       "beta": 5.0})
    yield Case("Beta(3, 2) prior, 0 successes in 4", {"k": 0, "n": 4, "alpha": 3.0,
                                                      "beta": 2.0})
    yield Case("uniform prior, no successes (answer 0)", {"k": 0, "n": 5})
    yield Case("Beta(1, 3) prior, every trial a success", {"k": 6, "n": 6, "alpha": 1.0,
                                                          "beta": 3.0})
    yield Case("no data, n = 0, Beta(2, 3) (the prior's mode)", {"k": 0, "n": 0, "alpha": 2.0,
                                                                 "beta": 3.0})
    yield Case("Beta(1.5, 2.5) prior, 2 successes in 9", {"k": 2, "n": 9, "alpha": 1.5,
                                                         "beta": 2.5})
    yield Case("300000 successes in 1000000, Beta(10, 10)", {
        "k": 300_000, "n": 1_000_000, "alpha": 10.0, "beta": 10.0})
    yield Case("no data, Beta(1.5, 1) (n + alpha + beta = 2.5 > 2; the prior's mode is 1)", {
        "k": 0, "n": 0, "alpha": 1.5, "beta": 1.0})
    yield Case("no data, Beta(1, 1 + 1e-9) (n + alpha + beta just above 2)", {
        "k": 0, "n": 0, "alpha": 1.0, "beta": 1.0 + 1e-9})


def _beta_errors(rng):
    yield Case("k < 0", {"k": -1, "n": 5})
    yield Case("k > n", {"k": 6, "n": 5})
    yield Case("alpha < 1 (0.5)", {"k": 2, "n": 5, "alpha": 0.5, "beta": 2.0})
    yield Case("beta < 1 (0.9)", {"k": 2, "n": 5, "alpha": 2.0, "beta": 0.9})
    yield Case("n = 0 with a uniform prior (n + alpha + beta = 2)", {"k": 0, "n": 0})
    yield Case("alpha just below 1 (1 - 1e-9)", {"k": 2, "n": 5, "alpha": 1 - 1e-9, "beta": 2.0})
    yield Case("beta just below 1 (1 - 1e-9)", {"k": 2, "n": 5, "alpha": 2.0, "beta": 1 - 1e-9})
    yield Case("k < 0 and n = 0", {"k": -1, "n": 0, "alpha": 2.0, "beta": 2.0})


def _beta_mean(k, n, alpha=1.0, beta=1.0):
    return (k + alpha) / (n + alpha + beta)


def _beta_mle(k, n, alpha=1.0, beta=1.0):
    return k / n if n else float("nan")


def _beta_swapped(k, n, alpha=1.0, beta=1.0):
    return (k + beta - 1) / (n + alpha + beta - 2)


BETA_BERNOULLI_MAP = Exercise(
    name="beta_bernoulli_map",
    points=1,
    difficulty="easy",
    hints=(
        "The posterior is again a Beta distribution. Which one, and where is its peak?",
        "Beta(a, b) with a, b > 1 has its mode at (a - 1)/(a + b - 2); the posterior is "
        "Beta(k + alpha, n - k + beta).",
    ),
    cases=_beta_cases,
    errors=_beta_errors,
    tol=Tol(rtol=1e-12, atol=1e-15),
    misconceptions=(
        Misconception("looks like the posterior mean (k + alpha)/(n + alpha + beta); "
                      "the MAP is the mode, (k + alpha - 1)/(n + alpha + beta - 2)",
                      _beta_mean),
        Misconception("looks like the MLE k/n: the prior's pseudo-counts alpha - 1 and "
                      "beta - 1 are missing", _beta_mle),
        Misconception("looks like alpha and beta are swapped: alpha - 1 counts prior "
                      "successes, beta - 1 prior failures", _beta_swapped),
    ),
)


# --- linear_regression_mle --------------------------------------------------------


def _design(rng, n, d, cond):
    """X (n, d) with singular values spread from 1 down to 1/cond."""
    U = np.linalg.qr(rng.normal(size=(n, d)))[0]
    V = np.linalg.qr(rng.normal(size=(d, d)))[0]
    return (U * np.logspace(0, -np.log10(cond), d)) @ V.T


def _lr_cases(rng):
    X = rng.normal(size=(30, 3))
    yield Case("random X of shape (30, 3), noisy y", {
        "X": X, "y": X @ rng.normal(size=3) + 0.5 * rng.normal(size=30)})
    X = rng.normal(size=(12, 4))
    yield Case("y exactly X w (sigma2 = 0)", {"X": X, "y": X @ rng.normal(size=4)})
    X = rng.uniform(1, 3, size=(10, 1))
    yield Case("one feature, no intercept, y with an offset the model cannot fit", {
        "X": X, "y": 2 * X[:, 0] + 5 + 0.1 * rng.normal(size=10)})
    X = rng.normal(size=(5, 5))
    yield Case("n = d: square X (exact fit, sigma2 = 0)", {"X": X, "y": rng.normal(size=5)})
    X = _design(rng, 40, 5, 1e4)
    yield Case("cond(X) = 1e4, X of shape (40, 5)", {
        "X": X, "y": X @ rng.normal(size=5) + 1e-3 * rng.normal(size=40)})
    X = 1e-9 * rng.normal(size=(20, 2))
    yield Case("X of magnitude 1e-9 (w of magnitude 1e9), noisy y", {
        "X": X, "y": X @ (1e9 * rng.normal(size=2)) + 0.1 * rng.normal(size=20)})


def _lr_errors(rng):
    yield Case("X 1-D, shape (6,)", {"X": rng.normal(size=6), "y": rng.normal(size=6)})
    yield Case("y with 7 entries for X with 6 rows", {
        "X": rng.normal(size=(6, 2)), "y": rng.normal(size=7)})


def _lr_unbiased(X, y):
    w = np.linalg.lstsq(X, y, rcond=None)[0]
    r = y - X @ w
    n, d = X.shape
    with np.errstate(divide="ignore", invalid="ignore"):
        return w, float(np.float64(r @ r) / (n - d))


def _lr_sigma(X, y):
    w = np.linalg.lstsq(X, y, rcond=None)[0]
    r = y - X @ w
    return w, float(np.sqrt(np.mean(r * r)))


def _lr_var(X, y):
    w = np.linalg.lstsq(X, y, rcond=None)[0]
    return w, float(np.var(y - X @ w))


LINEAR_REGRESSION_MLE = Exercise(
    name="linear_regression_mle",
    points=2,
    difficulty="medium",
    hints=(
        "Write the Gaussian log-likelihood. For a fixed sigma2, which w maximises it? "
        "Then maximise over sigma2.",
        "w is the least-squares solution: use np.linalg.lstsq (or QR) rather than "
        "inverting X^T X. Then sigma2 = mean of the squared residuals.",
    ),
    cases=_lr_cases,
    errors=_lr_errors,
    returns=("w", "sigma2"),
    # Forming X^T X (the normal equations) gives relative errors of 1e-9 to 3e-8 at
    # cond(X) = 1e4; w's tolerance admits it so that the verdict never hangs on that.
    tol={"w": Tol(rtol=1e-7, atol=1e-7), "sigma2": Tol(rtol=1e-8, atol=1e-12)},
    misconceptions=(
        Misconception("looks like the unbiased estimate ||r||^2/(n - d); the MLE "
                      "divides by n", _lr_unbiased),
        Misconception("looks like the noise standard deviation; sigma2 is the variance, "
                      "the mean squared residual (no square root)", _lr_sigma),
        Misconception("looks like np.var of the residuals, which subtracts their mean; "
                      "with no intercept that mean need not be 0: use mean(r**2)",
                      _lr_var),
    ),
)


# --- bernoulli_nll ----------------------------------------------------------------


def _nll_cases(rng):
    yield Case("random labels and logits, n = 20", {
        "y": rng.integers(0, 2, size=20), "logits": 2 * rng.normal(size=20)})
    yield Case("float labels 0.0 and 1.0", {
        "y": np.array([1.0, 0.0, 1.0, 1.0]), "logits": np.array([0.3, -1.2, 2.5, -0.4])})
    yield Case("logits 0 (loss log 2)", {"y": np.array([1, 0, 1]), "logits": np.zeros(3)})
    yield Case("large logits, abs(z) = 1e4, confidently wrong (loss 1e4)", {
        "y": np.array([1, 0]), "logits": np.array([-1e4, 1e4])},
        why="The loss here is 1e4. A finite answer far below it (27.6 = -log(1e-12), "
            "16.1 = -log(1e-7)) means the probability was clipped away from 0; stay in log "
            "space instead: -log sigmoid(z) = logaddexp(0, -z)")
    yield Case("large logits, abs(z) = 1e4, confidently right (loss 0)", {
        "y": np.array([1, 0]), "logits": np.array([1e4, -1e4])})
    yield Case("logits of abs 40: sigmoid rounds to exactly 1", {
        "y": np.array([0, 1, 1]), "logits": np.array([40.0, -40.0, 40.0])})
    yield Case("mixed large and small logits", {
        "y": np.array([1, 0, 1, 0, 1]), "logits": np.array([-500.0, 3.0, 800.0, -2.0, 0.5])})
    yield Case("every label 1", {"y": np.ones(6, dtype=int), "logits": rng.normal(size=6)})


def _nll_errors(rng):
    z = np.array([0.5, -1.0, 2.0])
    yield Case("labels -1 and +1", {"y": np.array([-1, 1, 1]), "logits": z})
    yield Case("a label of 2", {"y": np.array([0, 2, 1]), "logits": z})
    yield Case("a label of 0.5", {"y": np.array([0.0, 0.5, 1.0]), "logits": z})
    yield Case("a NaN label", {"y": np.array([0.0, np.nan, 1.0]), "logits": z})
    yield Case("a label of 1 + 1e-9", {"y": np.array([0.0, 1.0 + 1e-9, 1.0]), "logits": z})
    yield Case("3 labels and 4 logits", {"y": np.array([0, 1, 1]),
                                         "logits": np.array([0.5, -1.0, 2.0, 0.1])})
    yield Case("3 labels and 1 logit (broadcasting would hide it)", {
        "y": np.array([0, 1, 1]), "logits": np.array([0.5])})
    yield Case("labels of shape (3, 1) and logits of shape (3,) (broadcasting would hide it)", {
        "y": np.array([[0], [1], [1]]), "logits": z})


def _nll_naive(y, logits):
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        s = 1 / (1 + np.exp(-logits))
        return float(np.mean(-(y * np.log(s) + (1 - y) * np.log(1 - s))))


def _nll_clipped(y, logits):
    with np.errstate(over="ignore"):
        s = np.clip(1 / (1 + np.exp(-logits)), 1e-15, 1 - 1e-15)
    return float(np.mean(-(y * np.log(s) + (1 - y) * np.log(1 - s))))


def _nll_sum(y, logits):
    return float(np.sum(np.where(y == 1, np.logaddexp(0, -logits), np.logaddexp(0, logits))))


BERNOULLI_NLL = Exercise(
    name="bernoulli_nll",
    points=2,
    difficulty="medium",
    hints=(
        "For z = -1e4, sigmoid(z) rounds to 0 and log(0) = -inf, yet the loss is just "
        "1e4. Can you write -log(sigmoid(z)) without computing sigmoid(z)?",
        "-log(sigmoid(z)) = log(1 + exp(-z)) = np.logaddexp(0, -z), and "
        "-log(1 - sigmoid(z)) = np.logaddexp(0, z). Pick one per label, then average.",
    ),
    cases=_nll_cases,
    errors=_nll_errors,
    tol=Tol(rtol=1e-9, atol=1e-12),
    misconceptions=(
        Misconception("underflow: sigmoid(z) rounds to 0 or 1 for large abs(z), and "
                      "log(0) = -inf; use np.logaddexp(0, z) (softplus) instead",
                      _nll_naive),
        Misconception("looks like the probabilities were clipped to [eps, 1 - eps]: "
                      "finite, but wrong for large abs(z); work from the logits with "
                      "np.logaddexp", _nll_clipped),
        Misconception("looks like the sum over samples; the loss is the mean", _nll_sum),
    ),
)


EXERCISES = [  # the order learners go
    BAYES_POSTERIOR,
    ENTROPY,
    CROSS_ENTROPY,
    KL_DIVERGENCE,
    JS_DIVERGENCE,
    LOGSUMEXP,
    GAUSSIAN_LOG_PDF,
    GAUSSIAN_MLE,
    GAUSSIAN_KL,
    BETA_BERNOULLI_MAP,
    LINEAR_REGRESSION_MLE,
    BERNOULLI_NLL,
]
