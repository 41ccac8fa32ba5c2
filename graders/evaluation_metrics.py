"""Grader table for the evaluation_metrics topic: one section per exercise (its cases, errors,
wrong variants and ``Exercise``), and the list of them, in study order, at the end."""

import numpy as np

from graders.spec import Case, Exercise, Invariance, Misconception, Property, Tol

# Shared by roc_curve, auc_roc and average_precision: their inputs, errors, scale case,
# the permutation invariance and the "ties broken by input order" counts. Every case
# whose scores hold ties between a positive and a negative has a label starting
# "ties:", so a solution that gets ties wrong is told so by the label of the case.


def _scores_cases(rng, with_one_class=False):
    n = 200
    y = rng.integers(0, 2, size=n)
    yield Case("random scores, 200 samples, no ties", {
        "y_true": y, "y_score": rng.normal(size=n) + 0.8 * y})
    yield Case("random scores, 7 samples, no ties", {
        "y_true": np.array([1, 0, 0, 1, 0, 1, 0]), "y_score": rng.random(7)})
    y = rng.integers(0, 2, size=300)
    yield Case("ties: 300 scores rounded to one decimal", {
        "y_true": y, "y_score": np.round(rng.random(300) + 0.3 * y, 1)})
    yield Case("ties: every score equal", {
        "y_true": np.array([0, 1, 1, 0, 1]), "y_score": np.full(5, 0.25)})
    yield Case("ties: a positive listed before the negative it ties with", {
        "y_true": np.array([1, 0, 1, 0, 0]), "y_score": np.array([0.6, 0.6, 0.9, 0.1, 0.3])})
    yield Case("ties: a negative listed before the positive it ties with", {
        "y_true": np.array([0, 1, 1, 0, 1, 0]),
        "y_score": np.array([0.6, 0.6, 0.2, 0.9, 0.4, 0.2])})
    yield Case("ties: repeated scores within one class only", {
        "y_true": np.array([1, 1, 0, 0, 1, 0]),
        "y_score": np.array([0.8, 0.8, 0.3, 0.3, 0.5, 0.1])})
    yield Case("perfect ranking: every positive above every negative", {
        "y_true": np.array([0, 1, 0, 1, 1, 0]),
        "y_score": np.array([0.1, 0.7, 0.2, 0.9, 0.8, 0.3])})
    yield Case("reversed ranking: every positive below every negative", {
        "y_true": np.array([0, 1, 0, 1]), "y_score": np.array([0.9, 0.1, 0.7, 0.2])})
    yield Case("one positive among 50 negatives", {
        "y_true": np.eye(51, dtype=np.int64)[17], "y_score": rng.random(51)})
    yield Case("float labels 0.0 / 1.0", {
        "y_true": np.array([1.0, 0.0, 1.0, 0.0, 0.0]),
        "y_score": np.array([0.4, 0.35, 0.8, 0.1, 0.5])})
    yield Case("scores from -1e300 to 1e300, and negative zero tied with zero", {
        "y_true": np.array([1, 0, 1, 0, 1, 0]),
        "y_score": np.array([1e300, -1e300, 0.0, -0.0, 1e-300, -1e-300])})
    if with_one_class:
        yield Case("only positives (no negative)", {
            "y_true": np.ones(4, dtype=np.int64), "y_score": np.array([0.2, 0.9, 0.2, 0.5])})


def _binary_errors(rng):
    score = rng.random(4)
    yield Case("a label of 2 in y_true (0 and 1 are there too)", {
        "y_true": np.array([0, 1, 2, 1]), "y_score": score})
    yield Case("a label of -1 in y_true", {"y_true": np.array([0, 1, -1, 1]), "y_score": score})
    yield Case("a label of 0.5 in y_true", {
        "y_true": np.array([0.0, 1.0, 0.5, 1.0]), "y_score": score})


def _both_classes_errors(rng):
    yield from _binary_errors(rng)
    yield Case("only positives (no negative in y_true)", {
        "y_true": np.ones(4, dtype=np.int64), "y_score": rng.random(4)})
    yield Case("only negatives (no positive in y_true)", {
        "y_true": np.zeros(4, dtype=np.int64), "y_score": rng.random(4)})


def _scores_scale(rng):
    # Rare positives with ties, as in fraud or click data. A pairwise comparison of the
    # 3,000 positives with the 997,000 negatives, or a loop over the ~4,000 distinct
    # thresholds with a vectorised count at each, takes several seconds (tests/mutants);
    # one sort and cumulative sums take ~0.05 s.
    n = 1_000_000
    y = (rng.random(n) < 0.003).astype(np.int64)
    score = np.round(np.clip(rng.normal(0.3 + 0.2 * y, 0.15), 0.0, 1.0) * 5000) / 5000
    return Case("1,000,000 samples, 0.3% positive, scores on a grid of step 0.0002 "
                "(heavy ties)", {"y_true": y, "y_score": score})


def _permuted(args, rng):
    order = rng.permutation(len(args["y_score"]))
    return {"y_true": args["y_true"][order], "y_score": args["y_score"][order]}


_ORDER_INVARIANCE = Invariance(
    "the answer changed when the same samples were listed in another order: ties must "
    "not be broken by input order; treat tied scores as one threshold",
    _permuted, lambda args, got: got)


def _counts_by_input_order(y_true, y_score):
    """(fps, tps, thresholds) with one point per SAMPLE after a stable descending sort:
    a group of tied scores is split in input order (the learner's mistake)."""
    order = np.argsort(-np.asarray(y_score, dtype=float), kind="stable")
    tps = np.cumsum(y_true[order])
    fps = np.arange(1, len(order) + 1) - tps
    return fps, tps, y_score[order]


def _distinct_counts(y_true, y_score):
    """(fps, tps, thresholds) per distinct score, decreasing (as the reference)."""
    thresholds = np.unique(y_score)[::-1]
    ascending = np.sort(y_score)
    above = len(y_score) - np.searchsorted(ascending, thresholds, side="left")
    pos = np.sort(y_score[y_true == 1])
    tps = len(pos) - np.searchsorted(pos, thresholds, side="left")
    return above - tps, tps, thresholds


# --- roc_curve ----------------------------------------------------------------------


def _roc_from(fps, tps, thresholds):
    return (np.concatenate(([0.0], fps / fps[-1])), np.concatenate(([0.0], tps / tps[-1])),
            np.concatenate(([np.inf], thresholds)))


def _roc_ties_by_input_order(y_true, y_score):  # every "ties:" case: n + 1 points
    return _roc_from(*_counts_by_input_order(y_true, y_score))


def _roc_no_inf_point(y_true, y_score):  # every case: m points, not m + 1
    fpr, tpr, thresholds = _roc_from(*_distinct_counts(y_true, y_score))
    return fpr[1:], tpr[1:], thresholds[1:]


def _roc_strict_threshold(y_true, y_score):  # every case: counts of score > t
    fps, tps, thresholds = _distinct_counts(y_true, y_score)
    n_neg, n_pos = fps[-1], tps[-1]
    fps = np.concatenate(([0], fps[:-1]))
    tps = np.concatenate(([0], tps[:-1]))
    return (np.concatenate(([0.0], fps / n_neg)), np.concatenate(([0.0], tps / n_pos)),
            np.concatenate(([np.inf], thresholds)))


def _roc_ascending(y_true, y_score):  # np.unique's increasing order kept: cases with
    # two distinct scores or more
    fps, tps, thresholds = _distinct_counts(y_true, y_score)
    return _roc_from(fps[::-1], tps[::-1], thresholds[::-1])


def _roc_rates_over_n(y_true, y_score):  # every case: TP / n and FP / n
    fps, tps, thresholds = _distinct_counts(y_true, y_score)
    n = len(y_true)
    return (np.concatenate(([0.0], fps / n)), np.concatenate(([0.0], tps / n)),
            np.concatenate(([np.inf], thresholds)))


ROC_CURVE = Exercise(
    name="roc_curve",
    points=2,
    difficulty="medium",
    hints=(
        "Sort the samples by score, highest first. Lowering the threshold past one "
        "distinct score turns every sample with that score positive at once.",
        "Cumulative sums of y_true (and of 1 - y_true) along the sorted order give TP and "
        "FP after each sample; keep only the entries at the LAST sample of each run of "
        "equal scores (where the sorted score changes), then prepend the (0, 0) point "
        "at threshold inf.",
        "Divide TP by the number of positives and FP by the number of negatives. Check "
        "first that y_true holds only 0s and 1s, and both of them.",
    ),
    cases=_scores_cases,
    errors=_both_classes_errors,
    scale=_scores_scale,
    returns=("fpr", "tpr", "thresholds"),
    # Rates are counts divided once by P or N: any correct method gets them within an
    # ulp or two. The thresholds are copies of input scores.
    tol=Tol(rtol=1e-12, atol=1e-15),
    misconceptions=(
        Misconception("looks like ties were broken by input order (one point per sample); "
                      "tied scores are one threshold: keep the cumulative counts only where "
                      "the sorted score changes", _roc_ties_by_input_order),
        Misconception("looks like the first point is missing: the curve starts at (0, 0) "
                      "with threshold inf", _roc_no_inf_point),
        Misconception("looks like a sample counted as positive only when score > t; the "
                      "rule is score >= t", _roc_strict_threshold),
        Misconception("looks like the thresholds go up; they must go down (inf, then the "
                      "highest score first), so fpr and tpr rise from 0 to 1",
                      _roc_ascending),
        Misconception("looks like TP and FP were divided by n; tpr = TP / P (positives) and "
                      "fpr = FP / N (negatives)", _roc_rates_over_n),
    ),
    invariances=(_ORDER_INVARIANCE,),
)


# --- auc_roc ------------------------------------------------------------------------


def _auc_pairs(y_true, y_score):
    """(wins, ties, P * N) over (positive, negative) pairs, by sorting and searching."""
    neg = np.sort(y_score[y_true == 0])
    pos = y_score[y_true == 1]
    below = np.searchsorted(neg, pos, side="left")
    tied = np.searchsorted(neg, pos, side="right") - below
    return float(np.sum(below)), float(np.sum(tied)), float(len(pos) * len(neg))


def _auc_ignores_ties(y_true, y_score):  # the "ties:" cases with mixed-class ties
    wins, _, pairs = _auc_pairs(y_true, y_score)
    return wins / pairs


def _auc_ties_win(y_true, y_score):  # the same cases
    wins, tied, pairs = _auc_pairs(y_true, y_score)
    return (wins + tied) / pairs


def _auc_ties_by_input_order(y_true, y_score):  # the same cases
    fps, tps, _ = _counts_by_input_order(y_true, y_score)
    fpr, tpr, _ = _roc_from(fps, tps, y_score)
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))


def _auc_reversed(y_true, y_score):  # every case except "every score equal": 1 - AUC
    wins, tied, pairs = _auc_pairs(y_true, -y_score)
    return (wins + tied / 2) / pairs


AUC_ROC = Exercise(
    name="auc_roc",
    points=2,
    difficulty="medium",
    hints=(
        "AUC is the fraction of (positive, negative) pairs ranked correctly, a tie "
        "counting 1/2. Comparing all pairs is O(P N): at n = 10^6 that is 2.5e11 "
        "comparisons. What does a single sort tell you about every pair at once?",
        "Either integrate the ROC curve (sort, cumulative counts at each distinct score, "
        "trapezoids: a tied group is a diagonal step), or use ranks: give tied scores "
        "their average rank; then AUC = (sum of the positives' ranks - P(P+1)/2) / (P N).",
        "Ties must count 1/2 per tied (positive, negative) pair whatever their order in "
        "the input; rank the HIGHEST score first (or the lowest, with ranks), and raise "
        "ValueError unless y_true holds both 0 and 1 and nothing else.",
    ),
    cases=_scores_cases,
    errors=_both_classes_errors,
    scale=_scores_scale,
    # A sum of up to P*N half-pairs divided once; float rank sums and trapezoid sums
    # over ~5,000 points stay within ~1e-13. A single tied pair moves the answer by
    # 1 / (2 P N) >= 5e-6 in the value cases.
    tol=Tol(rtol=1e-10, atol=1e-12),
    misconceptions=(
        Misconception("looks like ties were ignored: a tied (positive, negative) pair "
                      "counts 1/2, not 0", _auc_ignores_ties),
        Misconception("looks like ties counted as wins: a tied (positive, negative) pair "
                      "counts 1/2, not 1", _auc_ties_win),
        Misconception("looks like ties were broken by input order (one ROC point per "
                      "sample); tied scores are one threshold, a diagonal step worth 1/2 "
                      "per tied pair", _auc_ties_by_input_order),
        Misconception("looks like the scores were sorted the wrong way (got 1 - AUC): "
                      "a high score means positive, so rank the highest first",
                      _auc_reversed),
    ),
    invariances=(_ORDER_INVARIANCE,),
)


# --- average_precision --------------------------------------------------------------


def _ap_errors(rng):
    yield from _binary_errors(rng)
    yield Case("no positive in y_true", {
        "y_true": np.zeros(4, dtype=np.int64), "y_score": rng.random(4)})


def _precision_recall(fps, tps):
    return tps / (tps + fps), tps / tps[-1]


def _ap_trapezoid(y_true, y_score):  # every case with a precision that changes
    precision, recall = _precision_recall(*_distinct_counts(y_true, y_score)[:2])
    precision = np.concatenate(([1.0], precision))
    recall = np.concatenate(([0.0], recall))
    return float(np.sum(np.diff(recall) * (precision[1:] + precision[:-1]) / 2))


def _ap_ties_by_input_order(y_true, y_score):  # the "ties:" cases with mixed-class ties
    precision, recall = _precision_recall(*_counts_by_input_order(y_true, y_score)[:2])
    return float(np.sum(np.diff(recall, prepend=0.0) * precision))


def _ap_interpolated(y_true, y_score):  # cases where precision rises again further down
    precision, recall = _precision_recall(*_distinct_counts(y_true, y_score)[:2])
    envelope = np.maximum.accumulate(precision[::-1])[::-1]
    return float(np.sum(np.diff(recall, prepend=0.0) * envelope))


def _ap_mean_precision(y_true, y_score):  # every case with a precision that changes
    precision, _ = _precision_recall(*_distinct_counts(y_true, y_score)[:2])
    return float(np.mean(precision))


def _ap_start_precision(y_true, y_score):  # each recall step weighted by the precision
    precision, recall = _precision_recall(*_distinct_counts(y_true, y_score)[:2])
    before = np.concatenate(([1.0], precision[:-1]))  # before it (1 at the top)
    return float(np.sum(np.diff(recall, prepend=0.0) * before))


AVERAGE_PRECISION = Exercise(
    name="average_precision",
    points=2,
    difficulty="medium",
    hints=(
        "Walk down the ranking (highest score first). Each distinct score is a "
        "threshold; AP adds up the recall gained there times the precision there.",
        "Sort once; cumulative sums of y_true give TP at each position, and position + 1 "
        "- TP gives FP. Read them only at the last sample of each run of tied scores, then "
        "AP = sum over those thresholds of (TP_k - TP_{k-1}) / P * TP_k / (TP_k + FP_k).",
        "No trapezoids and no interpolation: a step function. With no negative at all "
        "every precision is 1; with no positive, raise ValueError.",
    ),
    cases=lambda rng: _scores_cases(rng, with_one_class=True),
    errors=_ap_errors,
    scale=_scores_scale,
    # Up to ~5,000 products of ratios summed: any order is within ~1e-13. A tie broken
    # by input order moves AP by >= 1e-3 in the "ties:" cases.
    tol=Tol(rtol=1e-10, atol=1e-12),
    misconceptions=(
        Misconception("looks like the trapezoidal area under the PR curve; AP weights each "
                      "recall step by the precision at the end of it (no interpolation "
                      "between points)", _ap_trapezoid),
        Misconception("looks like ties were broken by input order (a precision per sample); "
                      "tied scores are one threshold: all their positives get the precision "
                      "after the whole group", _ap_ties_by_input_order),
        Misconception("looks like interpolated precision (the best precision at any higher "
                      "recall, as in PASCAL VOC); use the precision at each threshold as it "
                      "is", _ap_interpolated),
        Misconception("looks like the precisions were averaged over all thresholds; weight "
                      "each by the recall gained there, (TP_k - TP_{k-1}) / P",
                      _ap_mean_precision),
        Misconception("looks like each recall step was weighted by the precision BEFORE it; "
                      "use the precision at the threshold where the recall is gained",
                      _ap_start_precision),
    ),
    invariances=(_ORDER_INVARIANCE,),
)


# --- ndcg_at_k ----------------------------------------------------------------------


def _ndcg_cases(rng):
    rel = rng.integers(0, 4, size=20).astype(float)
    yield Case("20 documents, graded relevance 0-3, no ties, k None", {
        "relevance": rel, "scores": rel + rng.normal(scale=1.5, size=20), "k": None})
    rel = rng.integers(0, 4, size=20).astype(float)
    yield Case("20 documents, no ties, k = 5", {
        "relevance": rel, "scores": rel + rng.normal(scale=1.5, size=20), "k": 5})
    rel = rng.integers(0, 5, size=15).astype(float)
    yield Case("15 documents, relevance 0-4, exponential gain, k = 10", {
        "relevance": rel, "scores": rel + rng.normal(scale=2.0, size=15), "k": 10,
        "gain": "exponential"})
    rel = rng.integers(0, 4, size=30).astype(float)
    yield Case("ties: 30 scores rounded to one decimal, linear gain", {
        "relevance": rel, "scores": np.round(rng.random(30) + 0.2 * rel, 1)})
    rel = rng.integers(0, 4, size=30).astype(float)
    yield Case("ties: 30 scores rounded to one decimal, exponential gain, k = 8", {
        "relevance": rel, "scores": np.round(rng.random(30) + 0.2 * rel, 1), "k": 8,
        "gain": "exponential"})
    yield Case("ties: a group of 3 tied scores cut by k = 2", {
        "relevance": np.array([0.0, 3.0, 1.0, 0.0, 2.0]),
        "scores": np.array([0.9, 0.5, 0.5, 0.5, 0.1]), "k": 2})
    yield Case("ties: the relevant document listed after the one it ties with", {
        "relevance": np.array([0.0, 2.0, 1.0, 0.0]),
        "scores": np.array([0.7, 0.7, 0.2, 0.1])})
    yield Case("ties: every score equal (each position holds the mean gain)", {
        "relevance": np.array([1.0, 0.0, 3.0, 0.0, 2.0, 0.0]), "scores": np.zeros(6)})
    yield Case("k = 50 larger than n = 8", {
        "relevance": rng.integers(0, 3, size=8).astype(float), "scores": rng.random(8),
        "k": 50})
    yield Case("k = 1", {"relevance": np.array([1.0, 3.0, 0.0, 2.0]),
                         "scores": np.array([0.9, 0.8, 0.3, 0.95]), "k": 1})
    yield Case("k = n = 6", {"relevance": rng.integers(0, 3, size=6).astype(float),
                             "scores": rng.random(6), "k": 6})
    yield Case("no relevant document: ideal DCG 0 gives 0.0", {
        "relevance": np.zeros(5), "scores": rng.random(5)})
    yield Case("a relevant document ranked below k only (DCG@2 = 0)", {
        "relevance": np.array([0.0, 0.0, 0.0, 1.0]), "scores": np.array([0.9, 0.8, 0.7, 0.1]),
        "k": 2})
    yield Case("a single document", {"relevance": np.array([2.0]), "scores": np.array([0.3])})
    yield Case("non-integer relevance (0.5, 1.7, ...), exponential gain", {
        "relevance": np.array([0.5, 1.7, 0.0, 2.25, 0.1]),
        "scores": np.array([0.2, 0.1, 0.9, 0.4, 0.8]), "gain": "exponential"})
    yield Case("relevance up to 30 with exponential gain (gains up to 2^30)", {
        "relevance": np.array([30.0, 2.0, 29.0, 0.0]), "scores": np.array([0.1, 0.9, 0.5, 0.3]),
        "gain": "exponential"})
    yield Case("a perfect ranking (NDCG 1)", {
        "relevance": np.array([3.0, 2.0, 2.0, 1.0, 0.0]),
        "scores": np.array([5.0, 4.0, 3.0, 2.0, 1.0]), "k": 3})
    # Distinct scores, however close, are not ties: np.isclose would merge all of these.
    exact = ("scores that differ are distinct, however close: find ties with ==, never "
             "with np.isclose or a tolerance")
    rel = rng.integers(0, 4, size=12).astype(float)
    yield Case("12 distinct scores about 1e-12 apart (no ties)", {
        "relevance": rel, "scores": 1e-12 * rng.permutation(12)}, why=exact)
    rel = rng.integers(0, 4, size=12).astype(float)
    yield Case("12 distinct scores near 1e9, 1e-6 apart (no ties)", {
        "relevance": rel, "scores": 1e9 + 1e-6 * rng.permutation(12)}, why=exact)


def _ndcg_errors(rng):
    rel, scores = np.array([1.0, 0.0, 2.0]), rng.random(3)
    yield Case("relevance of length 3, scores of length 4", {
        "relevance": rel, "scores": rng.random(4)})
    yield Case("k = 0", {"relevance": rel, "scores": scores, "k": 0})
    yield Case("k = -2", {"relevance": rel, "scores": scores, "k": -2})
    yield Case('gain = "log" (neither "linear" nor "exponential")', {
        "relevance": rel, "scores": scores, "gain": "log"})
    yield Case("a negative relevance, -1", {
        "relevance": np.array([1.0, -1.0, 2.0]), "scores": scores})
    yield Case("a relevance just below 0, -1e-12", {
        "relevance": np.array([1.0, -1e-12, 2.0]), "scores": scores})


def _gains(relevance, gain):
    return relevance if gain == "linear" else 2.0 ** relevance - 1.0


def _discounts(n, k, offset=1):
    cut = n if k is None else min(k, n)
    discount = np.zeros(n)
    discount[:cut] = 1.0 / np.log2(np.arange(1, cut + 1) + offset)
    return discount


def _ndcg_from(ranked_gains, ideal_gains, discount):
    ideal = np.sum(ideal_gains * discount)
    return 0.0 if ideal == 0 else float(np.sum(ranked_gains * discount) / ideal)


def _tie_averaged(g, scores):
    """Gains in ranked order, each tied group's gains replaced by their mean."""
    _, inverse = np.unique(-scores, return_inverse=True)  # group 0 = the highest score
    means = np.bincount(inverse, weights=g) / np.bincount(inverse)
    return means[np.sort(inverse)]


def _ndcg_ties_by_input_order(relevance, scores, k=None, gain="linear"):  # "ties:" cases
    g = _gains(relevance, gain)
    ranked = g[np.argsort(-scores, kind="stable")]
    return _ndcg_from(ranked, np.sort(g)[::-1], _discounts(len(g), k))


def _ndcg_no_ideal(relevance, scores, k=None, gain="linear"):  # returns DCG itself
    g = _gains(relevance, gain)
    return float(np.sum(_tie_averaged(g, scores) * _discounts(len(g), k)))


def _ndcg_ideal_uncut(relevance, scores, k=None, gain="linear"):  # cases with k < n
    g = _gains(relevance, gain)
    ideal = np.sum(np.sort(g)[::-1] * _discounts(len(g), None))
    dcg = np.sum(_tie_averaged(g, scores) * _discounts(len(g), k))
    return 0.0 if ideal == 0 else float(dcg / ideal)


def _ndcg_discount_off_by_one(relevance, scores, k=None, gain="linear"):
    g = _gains(relevance, gain)  # rank r divided by log2(r + 2): every case with n >= 2
    return _ndcg_from(_tie_averaged(g, scores), np.sort(g)[::-1],
                      _discounts(len(g), k, offset=2))


def _ndcg_ignores_gain(relevance, scores, k=None, gain="linear"):  # exponential cases
    return _ndcg_from(_tie_averaged(relevance, scores), np.sort(relevance)[::-1],
                      _discounts(len(relevance), k))


def _ndcg_lowest_first(relevance, scores, k=None, gain="linear"):  # most cases
    g = _gains(relevance, gain)
    return _ndcg_from(_tie_averaged(g, -scores), np.sort(g)[::-1], _discounts(len(g), k))


def _ndcg_group_not_cut(relevance, scores, k=None, gain="linear"):
    # A tied group that starts within k counts at ALL its positions, even past k: the
    # "group of 3 tied scores cut by k = 2" case.
    g = _gains(relevance, gain)
    groups = np.sort(np.unique(-scores, return_inverse=True)[1])
    cut = len(g) if k is None else min(k, len(g))
    discount = np.where(groups <= groups[cut - 1], _discounts(len(g), None), 0.0)
    ideal = np.sum(np.sort(g)[::-1] * _discounts(len(g), k))
    dcg = np.sum(_tie_averaged(g, scores) * discount)
    return 0.0 if ideal == 0 else float(dcg / ideal)


def _ndcg_k_minus_one(relevance, scores, k=None, gain="linear"):  # every k <= n case
    # for r in range(1, k): ranks 1 .. k - 1 only, in the DCG and the ideal DCG alike
    g = _gains(relevance, gain)
    cut = None if k is None else k - 1
    return _ndcg_from(_tie_averaged(g, scores), np.sort(g)[::-1], _discounts(len(g), cut))


def _permuted_documents(args, rng):
    order = rng.permutation(len(args["scores"]))
    return {**args, "relevance": args["relevance"][order], "scores": args["scores"][order]}


NDCG_AT_K = Exercise(
    name="ndcg_at_k",
    points=3,
    difficulty="hard",
    hints=(
        "Rank by score, highest first; DCG adds each document's gain divided by "
        "log2(rank + 1), rank counted from 1, over the first k ranks. The ideal DCG is the "
        "same sum with the relevances sorted from highest to lowest.",
        "Ties: the documents of a group of equal scores could come in any order, so give "
        "each of them the group's mean gain. Sort once, find where the sorted score "
        "changes, and average the gains per run (np.add.reduceat or np.unique + "
        "np.bincount).",
        "The discounts are 1 / log2(2), 1 / log2(3), ... and 0 beyond rank k, for both "
        "DCG and ideal DCG. Return 0.0 when the ideal DCG is 0, and check k, gain and the "
        "relevances first.",
    ),
    cases=_ndcg_cases,
    errors=_ndcg_errors,
    # Sums of at most 30 terms, gains up to 2^30: any order is within ~1e-14 relative.
    tol=Tol(rtol=1e-10, atol=1e-12),
    misconceptions=(
        Misconception("looks like ties were broken by input order; tied scores share the "
                      "average gain of the positions they occupy", _ndcg_ties_by_input_order),
        Misconception("looks like the DCG was returned without dividing by the ideal DCG "
                      "(the DCG of the relevances sorted from highest)", _ndcg_no_ideal),
        Misconception("looks like the ideal DCG summed all n positions; cut it at k too",
                      _ndcg_ideal_uncut),
        Misconception("looks like the discount is off by one: rank r (from 1) is divided "
                      "by log2(r + 1), so the first document by log2(2) = 1",
                      _ndcg_discount_off_by_one),
        Misconception('looks like gain="exponential" was ignored: its gain is 2^rel - 1',
                      _ndcg_ignores_gain),
        Misconception("looks like the documents were ranked lowest score first; the "
                      "highest score is rank 1", _ndcg_lowest_first),
        Misconception("looks like a tied group that starts within k counted at all its "
                      "positions; only the positions up to k count (ties cut by k)",
                      _ndcg_group_not_cut),
        Misconception("looks like only ranks 1 to k - 1 counted (an off-by-one); NDCG@k "
                      "counts ranks 1 to k inclusive", _ndcg_k_minus_one),
    ),
    invariances=(Invariance(
        "the answer changed when the same documents were listed in another order: ties "
        "must not be broken by input order; give tied documents their group's mean gain",
        _permuted_documents,
        lambda args, got: got),),
)


# --- mean_reciprocal_rank -----------------------------------------------------------


def _mrr_cases(rng):
    queries = [(rng.random(10) < 0.2).astype(np.int64) for _ in range(6)]
    queries[0][:] = 0  # one query without a relevant result
    queries[1][4] = 1
    yield Case("6 queries of 10 results, 0/1 relevance, one with no relevant result", {
        "ranked_relevance": queries})
    yield Case("the first result relevant in every query (MRR 1)", {
        "ranked_relevance": [np.array([1, 0, 1]), np.array([1]), np.array([1, 1, 0, 0])]})
    yield Case("a query with no relevant result counts 0", {
        "ranked_relevance": [np.array([0, 1]), np.array([0, 0, 0]), np.array([1, 0])]})
    yield Case("an empty query (no results) counts 0", {
        "ranked_relevance": [np.array([0, 0, 1]), np.array([], dtype=np.int64),
                             np.array([0, 1])]})
    yield Case("graded relevance (2, 0.5): any nonzero entry is relevant", {
        "ranked_relevance": [np.array([0.0, 2.0, 1.0]), np.array([0.0, 0.0, 0.5]),
                             np.array([3.0, 0.0])]})
    yield Case("queries of lengths 1 to 40, several relevant results each", {
        "ranked_relevance": [(rng.random(m) < 0.3).astype(np.int64) for m in (1, 5, 40, 12)]
        + [np.array([0, 0, 1, 1, 0, 1])]})
    yield Case("a single query, first relevant result at rank 3", {
        "ranked_relevance": [np.array([0, 0, 1, 0, 1])]})
    yield Case("the only relevant result at rank 100", {
        "ranked_relevance": [np.eye(100, dtype=np.int64)[99], np.array([0, 1])]})
    yield Case("boolean relevance arrays", {
        "ranked_relevance": [np.array([False, True]), np.array([False, False, True])]})
    yield Case("a negative relevance (-1) is nonzero, so relevant", {
        "ranked_relevance": [np.array([0.0, -1.0, 1.0]), np.array([0.0, 0.0, 2.0])]})


def _mrr_errors(rng):
    yield Case("an empty list of queries", {"ranked_relevance": []})


def _first_hits(ranked_relevance):
    """The 1-based rank of each query's first nonzero entry, or None."""
    ranks = []
    for relevance in ranked_relevance:
        hits = np.flatnonzero(relevance)
        ranks.append(int(hits[0]) + 1 if hits.size else None)
    return ranks


def _mrr_drops_misses(ranked_relevance):  # the cases with a query that has no hit
    ranks = [r for r in _first_hits(ranked_relevance) if r is not None]
    return sum(1 / r for r in ranks) / len(ranks) if ranks else 0.0


def _mrr_argmax(ranked_relevance):  # a query with no hit counts 1 (raises when empty)
    return float(np.mean([1 / (np.argmax(np.asarray(r) != 0) + 1)
                          for r in ranked_relevance]))


def _mrr_all_hits(ranked_relevance):  # queries with several relevant results
    means = []
    for relevance in ranked_relevance:
        hits = np.flatnonzero(relevance)
        means.append(float(np.mean(1.0 / (hits + 1))) if hits.size else 0.0)
    return float(np.mean(means))


def _mrr_sum(ranked_relevance):  # every case with more than one query
    return float(sum(1 / r for r in _first_hits(ranked_relevance) if r is not None))


def _mrr_only_ones(ranked_relevance):  # the graded relevance case
    return _mrr_sum([np.asarray(r) == 1 for r in ranked_relevance]) / len(ranked_relevance)


def _mrr_only_positive(ranked_relevance):  # the negative relevance case
    return _mrr_sum([np.asarray(r) > 0 for r in ranked_relevance]) / len(ranked_relevance)


MEAN_RECIPROCAL_RANK = Exercise(
    name="mean_reciprocal_rank",
    points=1,
    difficulty="easy",
    hints=(
        "For each query find the position of its first nonzero entry; its reciprocal "
        "rank is 1 / (position + 1), since ranks start at 1.",
        "np.flatnonzero(r) lists the relevant positions; a query where it is empty (no "
        "relevant result, or no result at all) contributes 0 but still counts in the "
        "mean. An empty list of queries is a ValueError.",
    ),
    cases=_mrr_cases,
    errors=_mrr_errors,
    # Means of at most 6 reciprocals: exact to a few ulps in any order.
    tol=Tol(rtol=1e-12, atol=1e-15),
    misconceptions=(
        Misconception("looks like queries with no relevant result were left out of the "
                      "mean; they count 0 and stay in the denominator", _mrr_drops_misses),
        Misconception("looks like np.argmax found the first relevant result: on a query "
                      "with none it returns 0, so that query counted 1 instead of 0",
                      _mrr_argmax),
        Misconception("looks like every relevant result's 1/rank was averaged; MRR uses "
                      "only the FIRST relevant result of each query", _mrr_all_hits),
        Misconception("looks like the reciprocal ranks were summed; divide by the number "
                      "of queries", _mrr_sum),
        Misconception("looks like only entries equal to 1 counted as relevant; any nonzero "
                      "entry is", _mrr_only_ones),
        Misconception("looks like only positive entries counted as relevant (> 0); any "
                      "nonzero entry is, a negative one too", _mrr_only_positive),
    ),
)


# --- expected_calibration_error -----------------------------------------------------


def _ece_cases(rng):
    p = rng.random(200)
    yield Case("200 random probabilities, labels drawn from them, 10 bins", {
        "y_true": (rng.random(200) < p).astype(np.int64), "y_prob": p, "n_bins": 10})
    # Every edge of np.linspace itself (label 1) and the middle of every bin (label 0):
    # an edge's sample must join the middle of the bin below it, and in the bin above it
    # the gaps come out different. (Labels chosen at random could leave the sum of the
    # gaps unchanged: moving a sample between two bins whose gaps have the same sign does
    # not change it.) floor(p * n_bins) and ceil(p * n_bins) - 1 disagree with the edges
    # at 7 bins (edge 5), 10 bins (edges 3, 6, 7) and 5 bins (edge 3).
    for n_bins in (10, 7, 5):
        edges = np.linspace(0, 1, n_bins + 1)
        p = np.concatenate((edges, (edges[1:] + edges[:-1]) / 2))
        y = np.concatenate((np.ones(n_bins + 1, dtype=np.int64), np.zeros(n_bins, np.int64)))
        order = rng.permutation(p.size)
        yield Case(f"probabilities on every edge of np.linspace(0, 1, {n_bins + 1}) and "
                   f"between, {n_bins} bins", {
                       "y_true": y[order], "y_prob": p[order], "n_bins": n_bins})
    yield Case("p = 0 exactly (bin 0) and p = 1 exactly (the last bin)", {
        "y_true": np.array([0, 1, 1, 0, 1]), "y_prob": np.array([0.0, 0.0, 1.0, 1.0, 0.35]),
        "n_bins": 5})
    yield Case("p = 0.5 on the edge of 2 bins (it belongs to the lower bin)", {
        "y_true": np.array([1, 1, 0, 1]), "y_prob": np.array([0.5, 0.5, 0.2, 0.9]),
        "n_bins": 2})
    yield Case("the smallest positive probability, 5e-324, and 1 - 1e-16", {
        "y_true": np.array([0, 1, 1]), "y_prob": np.array([5e-324, 1 - 1e-16, 0.0]),
        "n_bins": 4})
    p = rng.random(50)
    yield Case("n_bins = 1: abs(mean(y_true) - mean(y_prob))", {
        "y_true": rng.integers(0, 2, size=50), "y_prob": p, "n_bins": 1})
    p = rng.uniform(0.9, 1.0, size=40)
    yield Case("every probability in (0.9, 1]: 9 of 10 bins empty", {
        "y_true": (rng.random(40) < 0.7).astype(np.int64), "y_prob": p, "n_bins": 10})
    yield Case("calibrated within each bin (ECE 0)", {
        "y_true": np.array([1, 0, 0, 0, 1, 1, 1, 0]),
        "y_prob": np.array([0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75]), "n_bins": 4})
    p = rng.random(30)
    yield Case("float labels 0.0 / 1.0, 15 bins", {
        "y_true": (rng.random(30) < p).astype(np.float64), "y_prob": p, "n_bins": 15})
    p = rng.random(20)
    yield Case("n_bins = 1000, more bins than samples", {
        "y_true": rng.integers(0, 2, size=20), "y_prob": p, "n_bins": 1000})
    yield Case("a single sample", {"y_true": np.array([1]), "y_prob": np.array([0.8]),
                                   "n_bins": 10})
    p = rng.beta(5, 2, size=300)
    yield Case("300 confident, skewed probabilities (beta(5, 2)), default n_bins", {
        "y_true": (rng.random(300) < 0.8 * p).astype(np.int64), "y_prob": p})


def _ece_errors(rng):
    y, p = np.array([0, 1, 1, 0]), rng.random(4)
    yield Case("empty y_true and y_prob", {
        "y_true": np.array([], dtype=np.int64), "y_prob": np.array([])})
    yield Case("a label of 2 in y_true", {"y_true": np.array([0, 1, 2, 0]), "y_prob": p})
    yield Case("a label of 0.5 in y_true", {
        "y_true": np.array([0.0, 1.0, 0.5, 0.0]), "y_prob": p})
    yield Case("a probability just above 1 (1.0000000000000002)", {
        "y_true": y, "y_prob": np.array([0.2, np.nextafter(1.0, 2.0), 0.5, 0.1])})
    yield Case("a probability just below 0 (-5e-324)", {
        "y_true": y, "y_prob": np.array([0.2, 0.7, -5e-324, 0.1])})
    yield Case("a probability of 1.5", {"y_true": y, "y_prob": np.array([0.2, 1.5, 0.5, 0.1])})
    # (p < 0) | (p > 1) is False for nan: test that p lies inside, not that it lies outside.
    yield Case("a nan probability", {"y_true": y, "y_prob": np.array([0.2, np.nan, 0.5, 0.1])})
    yield Case("n_bins = 0", {"y_true": y, "y_prob": p, "n_bins": 0})
    yield Case("n_bins = -3", {"y_true": y, "y_prob": p, "n_bins": -3})


def _ece_from_bins(y_true, y_prob, bins, n_bins, weighted=True, reduce="sum"):
    counts = np.bincount(bins, minlength=n_bins)
    labels = np.bincount(bins, weights=y_true.astype(float), minlength=n_bins)
    probs = np.bincount(bins, weights=y_prob, minlength=n_bins)
    full = counts > 0
    gaps = np.abs(labels[full] - probs[full]) / counts[full]
    if reduce == "max":
        return float(np.max(gaps))
    if not weighted:
        return float(np.mean(gaps)) if reduce == "mean" else float(np.sum(gaps) / n_bins)
    return float(np.sum(gaps * counts[full]) / len(y_true))


def _right_closed(y_prob, n_bins):
    edges = np.linspace(0, 1, n_bins + 1)
    return np.clip(np.searchsorted(edges, y_prob, side="left") - 1, 0, n_bins - 1)


def _ece_digitize_left(y_true, y_prob, n_bins=10):  # the cases with p on an edge
    edges = np.linspace(0, 1, n_bins + 1)
    bins = np.clip(np.digitize(y_prob, edges) - 1, 0, n_bins - 1)
    return _ece_from_bins(y_true, y_prob, bins, n_bins)


def _ece_floor(y_true, y_prob, n_bins=10):  # the same cases
    bins = np.minimum(np.floor(y_prob * n_bins).astype(np.int64), n_bins - 1)
    return _ece_from_bins(y_true, y_prob, bins, n_bins)


def _ece_ceil(y_true, y_prob, n_bins=10):  # edges where p * n_bins rounds up past b
    bins = np.clip(np.ceil(y_prob * n_bins).astype(np.int64) - 1, 0, n_bins - 1)
    return _ece_from_bins(y_true, y_prob, bins, n_bins)


def _ece_unweighted(y_true, y_prob, n_bins=10):  # cases with bins of unequal counts
    return _ece_from_bins(y_true, y_prob, _right_closed(y_prob, n_bins), n_bins,
                          weighted=False, reduce="mean")


def _ece_over_n_bins(y_true, y_prob, n_bins=10):  # every case with a non-zero gap
    return _ece_from_bins(y_true, y_prob, _right_closed(y_prob, n_bins), n_bins,
                          weighted=False)


def _ece_max(y_true, y_prob, n_bins=10):  # cases with more than one non-empty bin
    return _ece_from_bins(y_true, y_prob, _right_closed(y_prob, n_bins), n_bins,
                          reduce="max")


def _ece_top_label(y_true, y_prob, n_bins=10):  # cases with probabilities below 0.5
    confidence = np.maximum(y_prob, 1 - y_prob)
    correct = (y_prob >= 0.5) == (y_true == 1)
    return _ece_from_bins(correct, confidence, _right_closed(confidence, n_bins), n_bins)


def _ece_per_sample(y_true, y_prob, n_bins=10):  # every case with a bin of 2+ samples
    return float(np.mean(np.abs(y_true - y_prob)))


_LEFT_CLOSED = ("looks like the bins are closed on the left, [edges[b], edges[b+1]) "
                "(np.digitize's default, or floor(p * n_bins)); they are closed on the "
                "right, (edges[b], edges[b+1]], with 0 in bin 0")


EXPECTED_CALIBRATION_ERROR = Exercise(
    name="expected_calibration_error",
    points=2,
    difficulty="medium",
    hints=(
        "Put each probability in a bin, then compare, bin by bin, the fraction of 1s "
        "with the mean predicted probability; weight each bin by its share of samples.",
        "Bin b is (edges[b], edges[b + 1]], closed on the RIGHT, with edges = "
        "np.linspace(0, 1, n_bins + 1): np.searchsorted(edges, y_prob, side='left') - 1 "
        "gives it, once p = 0 (which gives -1) is moved to bin 0. floor(p * n_bins) puts "
        "a p on an edge in the wrong bin.",
        "np.bincount(bins, weights=...) gives each bin's count, label sum and probability "
        "sum; then ECE = sum over bins of abs(label sum - probability sum) / n. Check the "
        "inputs first: not empty, labels 0/1, probabilities in [0, 1], n_bins >= 1.",
    ),
    cases=_ece_cases,
    errors=_ece_errors,
    # Sums of at most 300 terms divided once: within ~1e-14 in any order. A sample moved
    # to the wrong bin changes the ECE by >= 1e-3 in these cases.
    tol=Tol(rtol=1e-10, atol=1e-12),
    misconceptions=(
        # One message for both: on many inputs the two give the same answer.
        Misconception(_LEFT_CLOSED, _ece_digitize_left),
        Misconception(_LEFT_CLOSED, _ece_floor),
        Misconception("looks like the bin was ceil(p * n_bins) - 1: p * n_bins rounds, so "
                      "a p equal to an edge of np.linspace can land one bin up; compare p "
                      "with the edges themselves", _ece_ceil),
        Misconception("looks like the bins' gaps were averaged without weights; weight "
                      "each bin by its share of the samples, n_b / n", _ece_unweighted),
        Misconception("looks like the gaps were summed and divided by n_bins; weight each "
                      "bin by its share of the samples, n_b / n", _ece_over_n_bins),
        Misconception("looks like the largest gap (the maximum calibration error, MCE); "
                      "ECE is the count-weighted average of the gaps", _ece_max),
        Misconception("looks like the multiclass top-label ECE (confidence max(p, 1 - p) "
                      "against accuracy); here y_prob is P(y = 1), compared with the "
                      "fraction of 1s in its bin", _ece_top_label),
        Misconception("looks like abs(y - p) was averaged per sample; ECE compares the "
                      "averages within each bin first", _ece_per_sample),
    ),
)


def _cls_labels(rng, n, k, dtype=np.int64):
    """n random class labels in [0, k)."""
    return rng.integers(0, k, size=n).astype(dtype)


def _cls_noisy(rng, y, k, flip=0.3):
    """y with about ``flip`` of its entries replaced by random labels in [0, k)."""
    y = y.copy()
    hit = rng.random(len(y)) < flip
    y[hit] = rng.integers(0, k, size=int(hit.sum())).astype(y.dtype)
    return y


def _cls_pair(rng, n, k=2, dtype=np.int64, flip=0.3):
    y_true = _cls_labels(rng, n, k, dtype)
    return {"y_true": y_true, "y_pred": _cls_noisy(rng, y_true, k, flip)}


def _cls_counts(y_true, y_pred):
    """(tp, fp, fn, tn) as np.int64 counts."""
    t, p = np.asarray(y_true) == 1, np.asarray(y_pred) == 1
    return (np.sum(t & p), np.sum(~t & p), np.sum(t & ~p), np.sum(~t & ~p))


def _cls_label_errors(rng, extra):
    """The ValueError cases of the labels confusion_matrix refuses, each breaking one rule."""
    good = _cls_labels(rng, 6, 3)
    yield Case("a non-integer label 1.5 in y_true (a float array)", {
        "y_true": np.array([0.0, 1.5, 2.0, 1.0, 0.0, 2.0]), "y_pred": good, "n_classes": 3,
        **extra})
    yield Case("a nan label in y_pred", {
        "y_true": good, "y_pred": np.array([0.0, 1.0, np.nan, 1.0, 0.0, 2.0]),
        "n_classes": 3, **extra})
    yield Case("a label equal to n_classes = 3 in y_true", {
        "y_true": np.array([0, 1, 3, 1, 0, 2]), "y_pred": good, "n_classes": 3, **extra})
    yield Case("a negative label -1 in y_pred", {
        "y_true": good, "y_pred": np.array([0, 1, 2, -1, 0, 2]), "n_classes": 3, **extra})
    yield Case("n_classes = 0 (empty label arrays)", {
        "y_true": np.array([], dtype=np.int64), "y_pred": np.array([], dtype=np.int64),
        "n_classes": 0, **extra})
    yield Case("y_true of length 6, y_pred of length 5", {
        "y_true": good, "y_pred": good[:5].copy(), "n_classes": 3, **extra})
    # A whole-number test with a tolerance (np.isclose, np.allclose) lets this through.
    yield Case("a label 1.000000001 in y_true (close to, but not, a whole number)", {
        "y_true": np.array([0.0, 1.0 + 1e-9, 2.0, 1.0, 0.0, 2.0]), "y_pred": good,
        "n_classes": 3, **extra})


# --- confusion_matrix -------------------------------------------------------------


def _cm_cases(rng):
    yield Case("50 random labels, 4 classes", {**_cls_pair(rng, 50, 4), "n_classes": 4})
    yield Case("200 random labels, 3 classes, int32 dtype", {
        **_cls_pair(rng, 200, 3, np.int32), "n_classes": 3})
    yield Case("bool labels, 2 classes", {**_cls_pair(rng, 30, 2, bool), "n_classes": 2})
    yield Case("whole-number float labels (0.0, 1.0, 2.0), 3 classes", {
        **_cls_pair(rng, 40, 3, np.float64), "n_classes": 3})
    yield Case("uint8 labels, 5 classes", {**_cls_pair(rng, 60, 5, np.uint8), "n_classes": 5})
    yield Case("classes 3 and 4 absent from both arrays (k = 5)", {
        **_cls_pair(rng, 30, 3), "n_classes": 5})
    yield Case("the same (true, predicted) pair 4 times", {
        "y_true": np.array([1, 1, 1, 1, 0]), "y_pred": np.array([0, 0, 0, 0, 0]),
        "n_classes": 2})
    yield Case("one class (k = 1)", {
        "y_true": np.zeros(4, dtype=np.int64), "y_pred": np.zeros(4, dtype=np.int64),
        "n_classes": 1})
    yield Case("empty input, k = 3", {
        "y_true": np.array([], dtype=np.int64), "y_pred": np.array([], dtype=np.int64),
        "n_classes": 3})


def _cm_errors(rng):
    yield from _cls_label_errors(rng, {})


def _cm_is_int64(args, got):
    if isinstance(got, np.ndarray) and got.dtype.kind in "iu" and got.dtype != np.int64:
        return (f"the matrix must have dtype int64 exactly, got {got.dtype}: "
                "build it with dtype=np.int64 (or cast with .astype(np.int64))")
    return None


def _cm_transposed(y_true, y_pred, n_classes):  # every case with an off-diagonal error
    return _cm_reference(y_pred, y_true, n_classes)


def _cm_reference(y_true, y_pred, n_classes):
    t, p = np.asarray(y_true, dtype=np.int64), np.asarray(y_pred, dtype=np.int64)
    return np.bincount(t * n_classes + p, minlength=n_classes**2).reshape(n_classes, -1)


def _cm_fancy_increment(y_true, y_pred, n_classes):  # "the same pair 4 times", random cases
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    counts[np.asarray(y_true, dtype=np.int64), np.asarray(y_pred, dtype=np.int64)] += 1
    return counts


def _cm_k_from_labels(y_true, y_pred, n_classes):  # "classes 3 and 4 absent"
    k = int(max(np.max(y_true), np.max(y_pred))) + 1
    return _cm_reference(y_true, y_pred, k)


def _cm_float_matrix(y_true, y_pred, n_classes):  # every case: dtype float64
    counts = np.zeros((n_classes, n_classes))
    np.add.at(counts, (np.asarray(y_true, dtype=np.int64),
                       np.asarray(y_pred, dtype=np.int64)), 1)
    return counts


CONFUSION_MATRIX = Exercise(
    name="confusion_matrix",
    points=1,
    difficulty="easy",
    hints=(
        "Rows are the true class, columns the predicted class; the matrix is k x k whatever "
        "labels happen to appear, and its dtype is int64.",
        "Validate first (lengths, n_classes >= 1, whole-number labels in [0, k)). Then "
        "count pairs: each pair (i, j) can be encoded as the single integer i * k + j.",
        "np.bincount(codes, minlength=k * k).reshape(k, k) counts every pair at once. "
        "Avoid C[y_true, y_pred] += 1: repeated pairs are written once, not added.",
    ),
    cases=_cm_cases,
    errors=_cm_errors,
    tol=Tol(rtol=0.0, atol=0.0),  # counts: integer outputs are compared exactly anyway
    misconceptions=(
        Misconception("looks like rows and columns are swapped: rows must be the TRUE "
                      "classes, columns the predicted ones", _cm_transposed),
        Misconception("looks like C[y_true, y_pred] += 1 was used: fancy-index assignment "
                      "counts a repeated pair once; use np.add.at or np.bincount",
                      _cm_fancy_increment),
        Misconception("looks like k was taken from the largest label seen: the matrix is "
                      "n_classes x n_classes, absent classes included", _cm_k_from_labels),
        Misconception("looks like the matrix was built with np.zeros((k, k)), which is "
                      "float64: counts must be int64 (dtype=np.int64)", _cm_float_matrix),
    ),
    properties=(Property("dtype int64", _cm_is_int64),),
)


# --- precision_recall_f1 ------------------------------------------------------------


def _prf_cases(rng):
    yield Case("40 random binary labels", _cls_pair(rng, 40))
    yield Case("bool labels", _cls_pair(rng, 25, dtype=bool))
    yield Case("float labels 0.0 and 1.0", _cls_pair(rng, 25, dtype=np.float64))
    yield Case("no predicted positive (precision is 0/0)", {
        "y_true": np.array([1, 0, 1, 0, 0]), "y_pred": np.zeros(5, dtype=np.int64)})
    yield Case("no actual positive (recall is 0/0)", {
        "y_true": np.zeros(5, dtype=np.int64), "y_pred": np.array([0, 1, 0, 0, 1])})
    yield Case("all labels 0 (precision, recall and F1 are all 0/0)", {
        "y_true": np.zeros(4, dtype=np.int64), "y_pred": np.zeros(4, dtype=np.int64)})
    yield Case("no true positive, both sides non-empty (F1 = 0)", {
        "y_true": np.array([1, 1, 0, 0]), "y_pred": np.array([0, 0, 1, 0])})
    yield Case("precision 1/3, recall 1/2", {
        "y_true": np.array([1, 1, 0, 0, 0]), "y_pred": np.array([1, 0, 1, 1, 0])})
    yield Case("perfect predictions", {
        "y_true": np.array([1, 0, 1, 1]), "y_pred": np.array([1, 0, 1, 1])})
    yield Case("empty input", {
        "y_true": np.array([], dtype=np.int64), "y_pred": np.array([], dtype=np.int64)})


def _cls_binary_errors(rng):
    """Length and binary-label rules shared by precision_recall_f1 and matthews_corrcoef."""
    good = np.array([0, 1, 1, 0, 1])
    yield Case("y_true of length 5, y_pred of length 4", {
        "y_true": good, "y_pred": np.array([0, 1, 1, 0])})
    yield Case("a label 2 in y_true", {"y_true": np.array([0, 1, 2, 0, 1]), "y_pred": good})
    yield Case("a label -1 in y_pred", {"y_true": good, "y_pred": np.array([0, -1, 1, 0, 1])})
    yield Case("a label 0.5 in y_true", {
        "y_true": np.array([0.0, 1.0, 0.5, 0.0, 1.0]), "y_pred": good})


def _prf_nan(y_true, y_pred):  # the three 0/0 cases and empty input
    tp, fp, fn, _ = (float(c) for c in _cls_counts(y_true, y_pred))
    with np.errstate(all="ignore"):
        precision = np.float64(tp) / (tp + fp)
        recall = np.float64(tp) / (tp + fn)
        return float(precision), float(recall), float(2 * precision * recall
                                                      / (precision + recall))


def _prf_swapped(y_true, y_pred):  # any case with fp != fn
    precision, recall, f1 = _prf_reference(y_true, y_pred)
    return recall, precision, f1


def _prf_reference(y_true, y_pred):
    tp, fp, fn, _ = (int(c) for c in _cls_counts(y_true, y_pred))
    return (tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0,
            2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0)


def _prf_arithmetic_f1(y_true, y_pred):  # "precision 1/3, recall 1/2", random cases
    precision, recall, _ = _prf_reference(y_true, y_pred)
    return precision, recall, (precision + recall) / 2


def _prf_zero_division_one(y_true, y_pred):  # the 0/0 cases: 1.0 instead of 0.0
    tp, fp, fn, _ = (int(c) for c in _cls_counts(y_true, y_pred))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 1.0
    return precision, recall, f1


PRECISION_RECALL_F1 = Exercise(
    name="precision_recall_f1",
    points=1,
    difficulty="easy",
    hints=(
        "Count true positives, predicted positives and actual positives; precision divides "
        "by the predicted positives, recall by the actual ones.",
        "Every ratio whose denominator is 0 is 0.0 (no nan, no warning); F1 is "
        "2 TP / (2 TP + FP + FN), which is 0.0 when that denominator is 0.",
        "Check the lengths and that every label is 0 or 1 before counting, and return "
        "three Python floats as a tuple.",
    ),
    cases=_prf_cases,
    errors=_cls_binary_errors,
    tol=Tol(rtol=1e-12, atol=1e-12),  # ratios of small counts: any formula agrees to 1e-15
    returns=("precision", "recall", "f1"),
    misconceptions=(
        Misconception("looks like 0/0 gave nan: when a denominator (predicted positives, "
                      "actual positives) is 0, the ratio is 0.0", _prf_nan),
        Misconception("looks like precision and recall are swapped: precision = TP / "
                      "(TP + FP), recall = TP / (TP + FN)", _prf_swapped),
        Misconception("looks like F1 is the arithmetic mean of precision and recall: it is "
                      "their harmonic mean, 2 P R / (P + R)", _prf_arithmetic_f1),
        Misconception("looks like 0/0 was taken as 1.0: the contract defines every 0/0 as "
                      "0.0 (scikit-learn's zero_division=0)", _prf_zero_division_one),
    ),
)


# --- f1_score -----------------------------------------------------------------------


def _f1_cases(rng):
    for average in ("macro", "micro", "weighted"):
        yield Case(f"60 random labels, 4 classes, average={average!r}", {
            **_cls_pair(rng, 60, 4), "n_classes": 4, "average": average})
    # Class 3 never appears; class 2 is predicted but never true.
    absent = {"y_true": np.array([0, 0, 0, 1, 1, 0, 1, 0]),
              "y_pred": np.array([0, 1, 0, 1, 2, 0, 1, 2]), "n_classes": 4}
    for average in ("macro", "weighted", "micro"):
        yield Case(f"class 3 absent, class 2 predicted but never true, average={average!r}",
                   {**absent, "average": average})
    imbalanced = np.array([0] * 16 + [1] * 3 + [2])
    yield Case("imbalanced (support 16, 3, 1), average='weighted'", {
        "y_true": imbalanced, "y_pred": _cls_noisy(rng, imbalanced, 3, 0.4), "n_classes": 3,
        "average": "weighted"})
    yield Case("imbalanced (support 16, 3, 1), average='macro'", {
        "y_true": imbalanced, "y_pred": np.array([0] * 14 + [1, 1, 1, 0, 2, 1]),
        "n_classes": 3, "average": "macro"})
    yield Case("default average (macro), 30 random labels, 3 classes", {
        **_cls_pair(rng, 30, 3), "n_classes": 3})
    yield Case("bool labels, 2 classes, average='macro'", {
        **_cls_pair(rng, 20, 2, bool), "n_classes": 2, "average": "macro"})
    yield Case("whole-number float labels, 3 classes, average='weighted'", {
        **_cls_pair(rng, 20, 3, np.float64), "n_classes": 3, "average": "weighted"})
    yield Case("one class (k = 1), average='macro'", {
        "y_true": np.zeros(3, dtype=np.int64), "y_pred": np.zeros(3, dtype=np.int64),
        "n_classes": 1, "average": "macro"})
    for average in ("macro", "micro", "weighted"):
        yield Case(f"empty input, average={average!r}", {
            "y_true": np.array([], dtype=np.int64), "y_pred": np.array([], dtype=np.int64),
            "n_classes": 3, "average": average})


def _f1_errors(rng):
    yield Case("average='binary' (not one of macro, micro, weighted)", {
        **_cls_pair(rng, 6, 3), "n_classes": 3, "average": "binary"})
    yield from _cls_label_errors(rng, {"average": "macro"})


def _f1_parts(y_true, y_pred, n_classes):
    """Per-class (tp, predicted, support) as float arrays."""
    counts = _cm_reference(y_true, y_pred, n_classes).astype(float)
    return np.diag(counts), counts.sum(axis=0), counts.sum(axis=1)


def _f1_per_class(tp, predicted, support):
    both = predicted + support
    return np.divide(2 * tp, both, out=np.zeros_like(tp), where=both > 0)


def _f1_average(per_class, weights, average, tp, support):
    n = support.sum()
    if n == 0:
        return 0.0
    if average == "micro":
        return float(tp.sum() / n)
    if average == "weighted":
        return float(np.dot(weights, per_class) / weights.sum()) if weights.sum() else 0.0
    return float(per_class.mean()) if per_class.size else 0.0


def _f1_present_only(y_true, y_pred, n_classes, average="macro"):  # "class 3 absent"
    tp, predicted, support = _f1_parts(y_true, y_pred, n_classes)
    present = (predicted + support) > 0
    per_class = _f1_per_class(tp, predicted, support)
    return _f1_average(per_class[present], support[present], average, tp, support)


def _f1_true_classes_only(y_true, y_pred, n_classes, average="macro"):  # "class 2 predicted"
    tp, predicted, support = _f1_parts(y_true, y_pred, n_classes)
    per_class = _f1_per_class(tp, predicted, support)
    return _f1_average(per_class[support > 0], support[support > 0], average, tp, support)


def _f1_weighted_by_predicted(y_true, y_pred, n_classes, average="macro"):
    tp, predicted, support = _f1_parts(y_true, y_pred, n_classes)  # the 'weighted' cases
    per_class = _f1_per_class(tp, predicted, support)
    weights = predicted if average == "weighted" else support
    return _f1_average(per_class, weights, average, tp, support)


def _f1_of_means(y_true, y_pred, n_classes, average="macro"):  # the 'macro' cases
    tp, predicted, support = _f1_parts(y_true, y_pred, n_classes)
    per_class = _f1_per_class(tp, predicted, support)
    if average != "macro" or support.sum() == 0:
        return _f1_average(per_class, support, average, tp, support)
    precision = np.divide(tp, predicted, out=np.zeros_like(tp), where=predicted > 0).mean()
    recall = np.divide(tp, support, out=np.zeros_like(tp), where=support > 0).mean()
    return float(2 * precision * recall / (precision + recall)) if precision + recall else 0.0


def _f1_nan(y_true, y_pred, n_classes, average="macro"):  # absent classes, empty input
    tp, predicted, support = _f1_parts(y_true, y_pred, n_classes)
    with np.errstate(all="ignore"):
        precision, recall = tp / predicted, tp / support
        per_class = 2 * precision * recall / (precision + recall)
        if average == "micro":
            return float(tp.sum() / support.sum())
        if average == "weighted":
            return float(np.dot(support, per_class) / support.sum())
        return float(per_class.mean())


F1_SCORE = Exercise(
    name="f1_score",
    points=2,
    difficulty="medium",
    hints=(
        "Build the confusion matrix: its diagonal is TP per class, column sums the "
        "predicted counts, row sums the support. F1_c = 2 TP_c / (predicted_c + support_c).",
        "'macro' is the plain mean over all n_classes classes (an absent class scores 0); "
        "'weighted' weights by support (true counts); 'micro' pools the counts, which for "
        "single-label data is the accuracy.",
        "Use np.divide(..., out=np.zeros(k), where=denominator > 0) for the per-class 0/0, "
        "and return 0.0 for empty input before dividing by n.",
    ),
    cases=_f1_cases,
    errors=_f1_errors,
    tol=Tol(rtol=1e-12, atol=1e-12),  # means of ratios of small counts
    misconceptions=(
        Misconception("looks like a per-class 0/0 gave nan: a class never true and never "
                      "predicted has F1 0.0 (and empty input gives 0.0)", _f1_nan),
        Misconception("looks like the average ran over the classes present in y_true or "
                      "y_pred only: 'macro' averages all n_classes, an absent class "
                      "counting 0", _f1_present_only),
        Misconception("looks like the average ran over the classes present in y_true only: "
                      "a class predicted but never true has F1 0 and still counts in "
                      "'macro'", _f1_true_classes_only),
        Misconception("looks like 'weighted' used the predicted counts as weights: weight "
                      "each class by its support, the number of TRUE samples of it",
                      _f1_weighted_by_predicted),
        Misconception("looks like 'macro' is the F1 of the mean precision and mean recall: "
                      "average the per-class F1 scores instead", _f1_of_means),
    ),
)


# --- matthews_corrcoef --------------------------------------------------------------


def _mcc_cases(rng):
    yield Case("40 random binary labels", _cls_pair(rng, 40))
    yield Case("bool labels", _cls_pair(rng, 30, dtype=bool))
    yield Case("int32 labels", _cls_pair(rng, 30, dtype=np.int32))
    yield Case("float labels 0.0 and 1.0", _cls_pair(rng, 30, dtype=np.float64))
    yield Case("perfect predictions (MCC 1)", {
        "y_true": np.array([1, 0, 1, 0, 0]), "y_pred": np.array([1, 0, 1, 0, 0])})
    yield Case("every prediction wrong (MCC -1)", {
        "y_true": np.array([1, 0, 1, 0, 0]), "y_pred": np.array([0, 1, 0, 1, 1])})
    yield Case("y_pred all 1 (denominator 0)", {
        "y_true": np.array([1, 0, 1, 0]), "y_pred": np.ones(4, dtype=np.int64)})
    yield Case("y_true all 0 (denominator 0)", {
        "y_true": np.zeros(4, dtype=np.int64), "y_pred": np.array([1, 0, 1, 0])})
    yield Case("empty input", {
        "y_true": np.array([], dtype=np.int64), "y_pred": np.array([], dtype=np.int64)})
    # (TP + FP)(TP + FN)(TN + FP)(TN + FN) is about 6e22 here, beyond int64's 9.2e18.
    yield Case("n = 1,000,000 int64 labels (the denominator's product exceeds int64)",
               _cls_pair(rng, 1_000_000, flip=0.4))
    yield Case("n = 1,000,000 int32 labels (TP * TN exceeds int32)",
               _cls_pair(rng, 1_000_000, dtype=np.int32, flip=0.4))
    yield Case("n = 2,000,000 bool labels", _cls_pair(rng, 2_000_000, dtype=bool, flip=0.4))
    # MCC is +-1 here, where rounding lands 1 ulp outside [-1, 1] unless clipped: the
    # square roots taken one by one overshoot at n = 4, the rounded product at n = 10^6.
    one = np.array([1, 0, 0, 0])
    yield Case("perfect predictions, one positive in 4 (MCC exactly 1)",
               {"y_true": one, "y_pred": one.copy()})
    yield Case("every prediction wrong, one positive in 4 (MCC exactly -1)",
               {"y_true": one, "y_pred": 1 - one})
    labels = (np.arange(1_000_007) < 721_493).astype(np.int8)
    yield Case("every prediction wrong, n = 1,000,007 int8 labels (MCC exactly -1)",
               {"y_true": labels, "y_pred": 1 - labels})


def _mcc_int64_product(y_true, y_pred):  # the n = 10^6 cases: the product wraps around
    tp, fp, fn, tn = _cls_counts(y_true, y_pred)
    with np.errstate(all="ignore"):
        denominator = np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
        if denominator == 0:
            return 0.0
        return float((tp * tn - fp * fn) / denominator)


def _mcc_nan(y_true, y_pred):  # "denominator 0" cases and empty input
    tp, fp, fn, tn = (float(c) for c in _cls_counts(y_true, y_pred))
    with np.errstate(all="ignore"):
        return float(np.float64(tp * tn - fp * fn)
                     / np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)))


def _mcc_in_range(args, got):
    if isinstance(got, float) and not -1.0 <= got <= 1.0:
        return (f"MCC lies in [-1, 1], got {got!r}: rounding pushed +-1 one ulp beyond; "
                "clip the result to [-1, 1]")
    return None


def _mcc_no_sqrt(y_true, y_pred):  # every case with MCC != 0, +-1
    tp, fp, fn, tn = (float(c) for c in _cls_counts(y_true, y_pred))
    denominator = (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)
    return (tp * tn - fp * fn) / denominator if denominator else 0.0


MATTHEWS_CORRCOEF = Exercise(
    name="matthews_corrcoef",
    points=2,
    difficulty="medium",
    hints=(
        "Count TP, FP, FN, TN; MCC = (TP TN - FP FN) / sqrt((TP+FP)(TP+FN)(TN+FP)(TN+FN)), "
        "and 0.0 when that denominator is 0.",
        "At n = 10^6 each factor is about 5e5, so the product of four is about 6e22: far "
        "beyond int64 (9.2e18). Turn the counts into floats before multiplying.",
        "Labels may be bool, int32 or float: compare with 1 (y == 1) to get boolean masks, "
        "and count with np.count_nonzero, so no input dtype leaks into the arithmetic.",
    ),
    cases=_mcc_cases,
    errors=_cls_binary_errors,
    tol=Tol(rtol=1e-10, atol=1e-12),  # a few roundings of float products of counts
    misconceptions=(
        Misconception("looks like an overflow: the product of the four sums was formed in "
                      "int64 and wrapped around at n = 10^6 (it is about 6e22); convert the "
                      "counts to float before multiplying", _mcc_int64_product),
        Misconception("looks like 0/0 gave nan: MCC is 0.0 when the denominator is 0 "
                      "(only one class in y_true or y_pred)", _mcc_nan),
        Misconception("looks like the square root of the denominator is missing: MCC = "
                      "(TP TN - FP FN) / sqrt((TP+FP)(TP+FN)(TN+FP)(TN+FN))", _mcc_no_sqrt),
    ),
    properties=(Property("MCC in [-1, 1]", _mcc_in_range),),
)


# --- perplexity ---------------------------------------------------------------------


def _logits_with_ce(ce):
    """Two-token logits [0, s] with target 0 whose cross-entropy is each entry of ``ce``:
    CE = log(1 + e^s), so s = log(e^CE - 1) (= CE to double precision for CE > 40)."""
    ce = np.asarray(ce, dtype=float)
    s = np.where(ce > 40, ce, np.log(np.expm1(np.minimum(ce, 40))))
    return np.stack([np.zeros_like(s), s], axis=1)


def _ppl_cases(rng):
    yield Case("random logits (6, 10)", {
        "logits": rng.normal(size=(6, 10)), "targets": rng.integers(0, 10, size=6)})
    yield Case("random logits (40, 50), scaled by 4", {
        "logits": 4 * rng.normal(size=(40, 50)), "targets": rng.integers(0, 50, size=40)})
    yield Case("uniform logits over V = 7 (perplexity 7)", {
        "logits": np.full((5, 7), 2.5), "targets": rng.integers(0, 7, size=5)})
    yield Case("one token in the vocabulary (V = 1, perplexity 1)", {
        "logits": rng.normal(size=(4, 1)), "targets": np.zeros(4, dtype=np.int64)})
    yield Case("int32 targets", {
        "logits": rng.normal(size=(8, 6)), "targets": rng.integers(0, 6, size=8).astype(np.int32)})
    yield Case("large logits, near 1e4", {
        "logits": 1e4 - rng.uniform(0, 5, size=(6, 8)), "targets": rng.integers(0, 8, size=6)})
    yield Case("rows on different scales (max 1e4 in one row, -1e4 in another)", {
        "logits": np.array([[1e4, 9999.0, 9997.0], [-1e4, -10001.0, -9999.5]]),
        "targets": np.array([1, 0])})
    yield Case("one true token's probability underflows (its CE is 800; mean CE 200)", {
        "logits": np.vstack([_logits_with_ce([800.0]), rng.normal(size=(3, 2))]),
        "targets": np.zeros(4, dtype=np.int64)})
    # exp(-740) is subnormal (about 85 times the smallest): log(softmax) keeps 2 digits.
    yield Case("one true token's probability is subnormal (its CE is 740; mean CE 185)", {
        "logits": np.vstack([_logits_with_ce([740.0]), rng.normal(size=(3, 2))]),
        "targets": np.zeros(4, dtype=np.int64)})
    yield Case("mean CE 100 over 10 positions (exp of the summed CE overflows)", {
        "logits": _logits_with_ce(np.full(10, 100.0)), "targets": np.zeros(10, dtype=np.int64)})
    yield Case("perplexity 1.6e308, just below the float maximum (mean CE 709.7)", {
        "logits": _logits_with_ce([709.0, 710.4, 709.7]), "targets": np.zeros(3, dtype=np.int64)})


def _ppl_errors(rng):
    logits = rng.normal(size=(3, 4))
    yield Case("a target equal to V = 4", {"logits": logits, "targets": np.array([0, 4, 1])})
    yield Case("a negative target", {"logits": logits, "targets": np.array([0, -1, 1])})


def _ppl_ce(logits, targets):
    """Per-position cross-entropy, computed stably."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    picked = shifted[np.arange(len(targets)), targets]
    return np.log(np.exp(shifted).sum(axis=1)) - picked


def _ppl_no_shift(logits, targets):  # "large logits, near 1e4": inf / inf = nan
    log_norm = np.log(np.exp(logits).sum(axis=1))
    return float(np.exp(np.mean(log_norm - logits[np.arange(len(targets)), targets])))


def _ppl_log_of_softmax(logits, targets):  # the "underflows" and "subnormal" cases
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    return float(np.exp(-np.mean(np.log(p[np.arange(len(targets)), targets]))))


def _ppl_global_shift(logits, targets):  # "rows on different scales": log(0) in row 2
    shifted = logits - logits.max()
    log_norm = np.log(np.exp(shifted).sum(axis=1))
    return float(np.exp(np.mean(log_norm - shifted[np.arange(len(targets)), targets])))


def _ppl_mean_of_exp(logits, targets):  # every case whose CE varies by position
    return float(np.mean(np.exp(_ppl_ce(logits, targets))))


def _ppl_product(logits, targets):  # "mean CE 100 over 10 positions", the 1.6e308 case
    return float(np.prod(np.exp(_ppl_ce(logits, targets))) ** (1.0 / len(targets)))


def _ppl_sum(logits, targets):  # every case with n > 1
    return float(np.exp(np.sum(_ppl_ce(logits, targets))))


PERPLEXITY = Exercise(
    name="perplexity",
    points=2,
    difficulty="medium",
    hints=(
        "Perplexity is exp of the mean cross-entropy, and the cross-entropy of one position "
        "is logsumexp(z) - z_target.",
        "Subtract each row's max before exp (it cancels in logsumexp), and never take "
        "log(softmax): a probability that underflows to 0 has log -inf.",
        "Take exp exactly once, after averaging: exp(mean(CE)), not the mean or product "
        "of exp(CE_i).",
    ),
    cases=_ppl_cases,
    errors=_ppl_errors,
    # exp amplifies the absolute error of the mean CE into a relative one: with logits
    # near 1e4 that error is about 1e4 * 2.2e-16 = 2e-12, well inside 1e-9.
    tol=Tol(rtol=1e-9, atol=1e-12),
    misconceptions=(
        Misconception("looks like an overflow: exp of logits near 1e4 is inf; subtract "
                      "each row's max before exp (a stable log-softmax)", _ppl_no_shift),
        Misconception("looks like one max over the whole array was subtracted: each row "
                      "needs its own max, or a row far below it underflows to log(0)",
                      _ppl_global_shift),
        # Before the underflow: a mean of exp(CE_i) is inf on the underflow case too.
        Misconception("looks like the per-position perplexities were averaged: perplexity "
                      "is exp of the MEAN cross-entropy, not the mean of exp(CE_i)",
                      _ppl_mean_of_exp),
        Misconception("looks like an underflow: log(softmax(z)) is log(0) = -inf when the "
                      "true token's probability underflows; use z_t - logsumexp(z)",
                      _ppl_log_of_softmax),
        # Before the product, which agrees with a sum wherever both overflow.
        Misconception("looks like the cross-entropy was summed, not averaged: perplexity "
                      "is exp(mean CE)", _ppl_sum),
        Misconception("looks like an overflow: exp was taken per position and the results "
                      "multiplied; take exp once, of the mean CE",
                      _ppl_product),
    ),
)


def _words(text):
    """The tokens of a sentence written as one string."""
    return text.split()


# --- bleu / corpus_bleu -----------------------------------------------------------------

_BLEU_WORDS = ("the", "a", "cat", "dog", "sat", "on", "mat", "ran", "big", "red", "to", "and")


def _bleu_sentence(rng, length):
    return [str(w) for w in rng.choice(_BLEU_WORDS, size=length)]


def _bleu_edited(rng, tokens, edits):
    """``tokens`` after ``edits`` random substitutions, deletions or insertions."""
    tokens = list(tokens)
    for _ in range(edits):
        at = int(rng.integers(0, len(tokens) + 1))
        kind = rng.integers(0, 3) if tokens else 2
        if kind == 0 and at < len(tokens):
            tokens[at] = str(rng.choice(_BLEU_WORDS))
        elif kind == 1 and at < len(tokens):
            del tokens[at]
        else:
            tokens.insert(at, str(rng.choice(_BLEU_WORDS)))
    return tokens


def _bleu_example(rng, length, n_refs, edits=2):
    """A candidate and references that are edited copies of it (so 4-grams match)."""
    base = _bleu_sentence(rng, length)
    refs = [_bleu_edited(rng, base, edits) for _ in range(n_refs)]
    return _bleu_edited(rng, base, edits), refs


def _bleu_cases(rng):
    for length, n_refs in ((12, 1), (20, 3), (15, 2)):
        candidate, refs = _bleu_example(rng, length, n_refs)
        yield Case(f"random {length}-token sentence, {n_refs} reference(s)", {
            "candidate": candidate, "references": refs})
    candidate, refs = _bleu_example(rng, 10, 2)
    yield Case("random sentence, max_n=2", {
        "candidate": candidate, "references": refs, "max_n": 2})
    yield Case("max_n=1: clipped unigram precision times the brevity penalty", {
        "candidate": _words("the the the cat"), "references": [_words("the cat sat down")],
        "max_n": 1})
    yield Case("'the' 3 times; references hold it 1 and 2 times (clip at the max, 2)", {
        "candidate": _words("the the the cat sat"),
        "references": [_words("the cat sat on it"), _words("the the dog sat cat")],
        "max_n": 2})
    yield Case("the first reference holds 'a' fewest times", {
        "candidate": _words("a a a b a"),
        "references": [_words("a b c d e"), _words("a a b a a"), _words("a a c a b")],
        "max_n": 2})
    yield Case("a candidate shorter than its reference (brevity penalty)", {
        "candidate": _words("the cat sat on"),
        "references": [_words("the cat sat on the mat today")], "max_n": 2})
    yield Case("a candidate longer than every reference (no penalty)", {
        "candidate": _words("the big cat sat on the red mat"),
        "references": [_words("the cat sat on the mat"), _words("a big cat sat on a mat")],
        "max_n": 2})
    yield Case("references of 3 and 9 tokens, c = 8: r = 9 (the closest, not the shortest)", {
        "candidate": _words("the cat sat on the mat to it"),
        "references": [_words("the cat sat"), _words("the cat sat on the red mat to it")],
        "max_n": 2})
    yield Case("closest reference lengths tie (4 and 6 for c = 5): the shorter counts", {
        "candidate": _words("the cat sat on mats"),
        "references": [_words("the cat sat on the mat"), _words("the cat sat on")],
        "max_n": 2})
    yield Case("a 3-token candidate, max_n=4 (no 4-grams: 0.0)", {
        "candidate": ["the", "cat", "sat"], "references": [["the", "cat", "sat"]]})
    yield Case("no bigram in common (0.0)", {
        "candidate": _words("cat the mat on"), "references": [_words("the cat on mat")],
        "max_n": 2})
    yield Case("an empty candidate (0.0)", {
        "candidate": [], "references": [["the", "cat"]], "max_n": 2})
    yield Case("candidate equal to a reference (1.0)", {
        "candidate": _words("the cat sat on the mat"),
        "references": [_words("the cat sat on the mat"), ["a", "cat"]]})


def _bleu_errors(rng):
    candidate, refs = _bleu_example(rng, 8, 2)
    yield Case("no reference (references = [])", {"candidate": candidate, "references": []})
    yield Case("max_n = 0", {"candidate": candidate, "references": refs, "max_n": 0})


def _bleu_grams(tokens, n):
    counts = {}
    for i in range(len(tokens) - n + 1):
        gram = tuple(tokens[i:i + n])
        counts[gram] = counts.get(gram, 0) + 1
    return counts


def _bleu_clip_max(ref_counts):
    most = {}
    for counts in ref_counts:
        for gram, count in counts.items():
            most[gram] = max(most.get(gram, 0), count)
    return most


def _bleu_clip_sum_counts(ref_counts):
    total = {}
    for counts in ref_counts:
        for gram, count in counts.items():
            total[gram] = total.get(gram, 0) + count
    return total


def _bleu_closest_shorter(c, lengths):
    return min(lengths, key=lambda length: (abs(length - c), length))


def _bleu_closest_longer(c, lengths):
    return min(lengths, key=lambda length: (abs(length - c), -length))


def _sentence_stats(candidate, references, max_n, clip=_bleu_clip_max,
                    closest=_bleu_closest_shorter):
    """(matches, totals, c, r) of one sentence; ``clip`` merges the references' counts,
    None for no clipping."""
    matches, totals = [], []
    for n in range(1, max_n + 1):
        counts = _bleu_grams(candidate, n)
        refs = [_bleu_grams(reference, n) for reference in references]
        if clip is None:
            limit = {gram: count for gram, count in counts.items()
                     if any(gram in ref for ref in refs)}
        else:
            limit = clip(refs)
        matches.append(sum(min(count, limit.get(gram, 0)) for gram, count in counts.items()))
        totals.append(max(len(candidate) - n + 1, 0))
    c = len(candidate)
    return matches, totals, c, closest(c, [len(reference) for reference in references])


def _bleu_score(matches, totals, c, r, *, penalty_always=False, effective=False):
    if effective:  # drop the orders the candidate is too short to have
        kept = [(m, t) for m, t in zip(matches, totals, strict=True) if t > 0]
        matches, totals = [m for m, _ in kept], [t for _, t in kept]
    if c == 0 or not matches or min(matches) == 0:
        return 0.0
    log_p = sum(np.log(m / t) for m, t in zip(matches, totals, strict=True)) / len(matches)
    log_bp = 1 - r / c if penalty_always or c <= r else 0.0
    return float(np.exp(log_p + log_bp))


def _bleu_with(**options):
    stats_options = {k: v for k, v in options.items() if k in ("clip", "closest")}
    score_options = {k: v for k, v in options.items() if k not in stats_options}

    def wrong(candidate, references, max_n=4):
        return _bleu_score(*_sentence_stats(candidate, references, max_n, **stats_options),
                           **score_options)

    return wrong


def _bleu_first_ref(ref_counts):
    return ref_counts[0]


# Which cases expose each: clip_sum the "clip at the max, 2" and "fewest times" cases;
# first reference the "fewest times" case; no clipping every repeated-word case; longer
# tie the "closest reference lengths tie" case; penalty always the "longer than every
# reference" case; effective order the "3-token candidate" case.
_bleu_clip_sum = _bleu_with(clip=_bleu_clip_sum_counts)
_bleu_first_reference = _bleu_with(clip=_bleu_first_ref)
_bleu_no_clipping = _bleu_with(clip=None)
_bleu_longer_tie = _bleu_with(closest=_bleu_closest_longer)
_bleu_penalty_always = _bleu_with(penalty_always=True)
_bleu_effective_order = _bleu_with(effective=True)

_CLIP_SUM = ("looks like clipping used the SUM of the references' counts: clip each n-gram "
             "at the largest count in any single reference")
_FIRST_REFERENCE = ("looks like only the first reference was used for clipping: clip at "
                    "the largest count over all references")
_NO_CLIPPING = ("looks like the n-gram counts were not clipped: a candidate n-gram counts "
                "at most as often as it occurs in one reference")

BLEU = Exercise(
    name="bleu",
    points=3,
    difficulty="hard",
    hints=(
        "For each n, count the candidate's n-grams (tuples of n tokens) and clip each "
        "count at the largest count of that n-gram in any single reference.",
        "p_n = clipped matches / (c - n + 1). BLEU = BP * exp(mean over n of log p_n), and "
        "it is 0.0 as soon as one p_n is 0 or the candidate has no n-gram of order n.",
        "BP = exp(1 - r/c) only when c <= r, with r the reference length closest to c "
        "(the shorter one on a tie); collections.Counter does the counting.",
    ),
    cases=_bleu_cases,
    errors=_bleu_errors,
    tol=Tol(rtol=1e-10, atol=1e-12),  # one exp of a sum of a few logs
    misconceptions=(
        Misconception(_CLIP_SUM, _bleu_clip_sum),
        Misconception(_FIRST_REFERENCE, _bleu_first_reference),
        Misconception(_NO_CLIPPING, _bleu_no_clipping),
        Misconception("looks like a tie between the closest reference lengths went to the "
                      "longer one: take the shorter", _bleu_longer_tie),
        Misconception("looks like the brevity penalty was applied to a candidate longer "
                      "than r: BP = 1 when c > r", _bleu_penalty_always),
        Misconception("looks like orders the candidate is too short for were skipped: "
                      "without smoothing, a missing order has precision 0 and BLEU is 0.0",
                      _bleu_effective_order),
    ),
)


def _corpus_example(rng, n_sentences):
    candidates, references_list = [], []
    for _ in range(n_sentences):
        candidate, refs = _bleu_example(rng, int(rng.integers(6, 16)),
                                        int(rng.integers(1, 4)))
        candidates.append(candidate)
        references_list.append(refs)
    return {"candidates": candidates, "references_list": references_list}


def _corpus_cases(rng):
    yield Case("20 random sentences, 1 to 3 references each", _corpus_example(rng, 20))
    yield Case("5 random sentences, max_n=2", {**_corpus_example(rng, 5), "max_n": 2})
    short = _corpus_example(rng, 6)
    short["candidates"][2] = short["references_list"][2][0][:2]
    yield Case("6 sentences, one candidate of only 2 tokens", short)
    yield Case("one sentence (equal to its sentence BLEU)", _corpus_example(rng, 1))
    yield Case("candidates shorter than references (pooled brevity penalty)", {
        "candidates": [["the", "cat", "sat"], ["a", "dog", "ran", "to", "it"]],
        "references_list": [[["the", "cat", "sat", "on", "it"]], [["a", "dog", "ran"]]],
        "max_n": 2})
    yield Case("'the' repeated; clip at the max over references", {
        "candidates": [_words("the the the cat sat"), _words("a red dog ran")],
        "references_list": [[_words("the cat sat on it"), _words("the the dog sat cat")],
                            [_words("a red dog ran off")]],
        "max_n": 2})
    yield Case("no sentence (0.0)", {"candidates": [], "references_list": []})
    yield Case("every candidate empty (0.0)", {
        "candidates": [[], []], "references_list": [[["a", "b"]], [["c"]]], "max_n": 1})


def _corpus_errors(rng):
    example = _corpus_example(rng, 3)
    yield Case("3 candidates but 2 reference lists", {
        "candidates": example["candidates"], "references_list": example["references_list"][:2]})
    refs = [list(r) for r in example["references_list"]]
    refs[1] = []
    yield Case("a sentence with no reference", {
        "candidates": example["candidates"], "references_list": refs})
    yield Case("max_n = 0", {**example, "max_n": 0})


def _corpus_with(**options):
    def wrong(candidates, references_list, max_n=4):
        totals = [[0] * max_n, [0] * max_n, 0, 0]
        for candidate, references in zip(candidates, references_list, strict=True):
            stats = _sentence_stats(candidate, references, max_n, **options)
            totals[0] = [a + b for a, b in zip(totals[0], stats[0], strict=True)]
            totals[1] = [a + b for a, b in zip(totals[1], stats[1], strict=True)]
            totals[2] += stats[2]
            totals[3] += stats[3]
        return _bleu_score(*totals)

    return wrong


def _corpus_mean_of_sentences(candidates, references_list, max_n=4):  # random cases
    if not candidates:
        return 0.0
    scores = [_bleu_score(*_sentence_stats(c, refs, max_n))
              for c, refs in zip(candidates, references_list, strict=True)]
    return float(np.mean(scores))


def _corpus_mean_precisions(candidates, references_list, max_n=4):  # random cases
    stats = [_sentence_stats(c, refs, max_n)
             for c, refs in zip(candidates, references_list, strict=True)]
    c, r = sum(s[2] for s in stats), sum(s[3] for s in stats)
    if c == 0:
        return 0.0
    precisions = [np.mean([s[0][n] / s[1][n] if s[1][n] else 0.0 for s in stats])
                  for n in range(max_n)]
    if min(precisions) == 0:
        return 0.0
    return float(np.exp(np.mean(np.log(precisions)) + min(0.0, 1 - r / c)))


def _bleu_shortest(c, lengths):
    return min(lengths)


CORPUS_BLEU = Exercise(
    name="corpus_bleu",
    points=2,
    difficulty="medium",
    hints=(
        "Corpus BLEU is not an average of sentence scores: add up each order's clipped "
        "matches and candidate n-gram counts over all sentences, then divide once.",
        "c is the total candidate length and r the sum of each sentence's closest reference "
        "length (shorter on a tie); the brevity penalty exp(1 - r/c) applies when c <= r.",
        "Reuse one helper that returns a sentence's (matches per order, n-grams per order, "
        "c, r) for both bleu and corpus_bleu.",
    ),
    cases=_corpus_cases,
    errors=_corpus_errors,
    tol=Tol(rtol=1e-10, atol=1e-12),  # one exp of a sum of a few logs
    misconceptions=(
        Misconception("looks like the sentence BLEU scores were averaged: pool the clipped "
                      "matches and n-gram counts over the corpus, then divide once",
                      _corpus_mean_of_sentences),
        Misconception("looks like each sentence's precisions were averaged: sum the matches "
                      "and the counts over sentences first, then divide",
                      _corpus_mean_precisions),
        Misconception(_CLIP_SUM, _corpus_with(clip=_bleu_clip_sum_counts)),
        Misconception("looks like r summed the SHORTEST reference lengths: use each "
                      "sentence's reference length closest to its candidate's",
                      _corpus_with(closest=_bleu_shortest)),
    ),
)


EXERCISES = [
    # in the curriculum's order
    CONFUSION_MATRIX,
    PRECISION_RECALL_F1,
    F1_SCORE,
    ROC_CURVE,
    AUC_ROC,
    AVERAGE_PRECISION,
    NDCG_AT_K,
    MEAN_RECIPROCAL_RANK,
    BLEU,
    CORPUS_BLEU,
    PERPLEXITY,
    EXPECTED_CALIBRATION_ERROR,
    MATTHEWS_CORRCOEF,
]
