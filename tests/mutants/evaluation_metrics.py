"""Realistic wrong evaluation_metrics solutions beyond the grader table's misconceptions.

Each must fail, with feedback containing the fragment given to ``@mutant``."""

import math
from collections import Counter

import numpy as np

from tests.support import mutant


def _labels_ok(y_true):
    y_true = np.asarray(y_true)
    if not np.all((y_true == 0) | (y_true == 1)):
        raise ValueError("`y_true` must hold 0 or 1")
    return y_true


def _two_classes_ok(y_true):
    if y_true.min() == y_true.max():
        raise ValueError("`y_true` needs both classes")


def _roc_points(y_true, y_score):
    order = np.argsort(-y_score)
    s, y = y_score[order], y_true[order]
    last = np.append(np.flatnonzero(np.diff(s)), len(s) - 1)
    tps = np.cumsum(y)[last]
    fps = last + 1 - tps
    return fps, tps, s[last]


# --- roc_curve ----------------------------------------------------------------------


@mutant("ties")
def roc_curve__ties_by_reversed_input_order(y_true, y_score):
    # argsort ascending, then reversed: tied samples come out in REVERSED input order,
    # and the cumulative sums make one point per sample.
    y_true = _labels_ok(y_true)
    _two_classes_ok(y_true)
    order = np.argsort(y_score, kind="stable")[::-1]
    tps = np.cumsum(y_true[order])
    fps = np.arange(1, len(order) + 1) - tps
    return (np.concatenate(([0.0], fps / fps[-1])), np.concatenate(([0.0], tps / tps[-1])),
            np.concatenate(([np.inf], y_score[order])))


@mutant("changed its input `y_score` in place")
def roc_curve__sorts_scores_in_place(y_true, y_score):
    y_true = _labels_ok(y_true)
    _two_classes_ok(y_true)
    order = np.argsort(-y_score)
    y = y_true[order]
    y_score[::-1].sort()  # descending, in the caller's array
    last = np.append(np.flatnonzero(np.diff(y_score)), len(y_score) - 1)
    tps = np.cumsum(y)[last]
    fps = last + 1 - tps
    return (np.concatenate(([0.0], fps / fps[-1])), np.concatenate(([0.0], tps / tps[-1])),
            np.concatenate(([np.inf], y_score[last])))


@mutant("too slow")
def roc_curve__loop_over_thresholds(y_true, y_score):
    # Correct, but one vectorised pass over all n samples per distinct threshold: O(n m).
    y_true = _labels_ok(y_true)
    _two_classes_ok(y_true)
    thresholds = np.unique(y_score)[::-1]
    positive = y_true == 1
    n_pos = np.count_nonzero(positive)
    n_neg = len(y_true) - n_pos
    fpr, tpr = [0.0], [0.0]
    for t in thresholds:
        predicted = y_score >= t
        tp = np.count_nonzero(predicted & positive)
        tpr.append(tp / n_pos)
        fpr.append((np.count_nonzero(predicted) - tp) / n_neg)
    return np.array(fpr), np.array(tpr), np.concatenate(([np.inf], thresholds))


@mutant("should raise ValueError for a label of 2 in y_true")
def roc_curve__no_binary_check(y_true, y_score):
    y_true = np.asarray(y_true)
    _two_classes_ok(y_true)
    fps, tps, thresholds = _roc_points(y_true, y_score)
    return (np.concatenate(([0.0], fps / fps[-1])), np.concatenate(([0.0], tps / tps[-1])),
            np.concatenate(([np.inf], thresholds)))


@mutant("should raise ValueError for only positives (no negative in y_true)")
def roc_curve__no_class_check(y_true, y_score):
    y_true = _labels_ok(y_true)
    fps, tps, thresholds = _roc_points(y_true, y_score)
    return (np.concatenate(([0.0], fps / fps[-1])), np.concatenate(([0.0], tps / tps[-1])),
            np.concatenate(([np.inf], thresholds)))


# --- auc_roc ------------------------------------------------------------------------


@mutant("ties")
def auc_roc__ordinal_ranks(y_true, y_score):
    # Mann-Whitney with ranks from a double argsort: tied scores get distinct ranks,
    # in input order, instead of their average rank.
    y_true = _labels_ok(y_true)
    _two_classes_ok(y_true)
    ranks = np.argsort(np.argsort(y_score, kind="stable")) + 1
    n_pos = int(np.sum(y_true))
    n_neg = len(y_true) - n_pos
    return float((np.sum(ranks[y_true == 1]) - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


@mutant("too slow")
def auc_roc__pairwise_in_blocks(y_true, y_score):
    # Correct, but compares every (positive, negative) pair: O(P N), in blocks of 16
    # positives to keep the memory down.
    y_true = _labels_ok(y_true)
    _two_classes_ok(y_true)
    pos = y_score[y_true == 1]
    neg = y_score[y_true == 0]
    wins = 0.0
    for i in range(0, len(pos), 16):
        block = pos[i:i + 16, None]
        wins += np.count_nonzero(block > neg) + 0.5 * np.count_nonzero(block == neg)
    return wins / (len(pos) * len(neg))


@mutant("should be a scalar, not a 0-d array")
def auc_roc__zero_d_array(y_true, y_score):
    y_true = _labels_ok(y_true)
    _two_classes_ok(y_true)
    fps, tps, _ = _roc_points(y_true, y_score)
    fpr = np.concatenate(([0.0], fps / fps[-1]))
    tpr = np.concatenate(([0.0], tps / tps[-1]))
    return np.array(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1])) / 2)


@mutant("should raise ValueError for a label of 0.5 in y_true")
def auc_roc__integer_label_check(y_true, y_score):
    # Checks the labels after truncating them to integers: 0.5 becomes 0.
    y_true = _labels_ok(np.asarray(y_true).astype(np.int64))
    _two_classes_ok(y_true)
    fps, tps, _ = _roc_points(y_true, y_score)
    fpr = np.concatenate(([0.0], fps / fps[-1]))
    tpr = np.concatenate(([0.0], tps / tps[-1]))
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1])) / 2)


@mutant("should raise ValueError for only negatives (no positive in y_true)")
def auc_roc__no_class_check(y_true, y_score):
    y_true = _labels_ok(y_true)
    fps, tps, _ = _roc_points(y_true, y_score)
    fpr = np.concatenate(([0.0], fps / fps[-1]))
    tpr = np.concatenate(([0.0], tps / tps[-1]))
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1])) / 2)


# --- average_precision --------------------------------------------------------------


@mutant("ties")
def average_precision__precision_at_each_positive(y_true, y_score):
    # The textbook "mean of precision@k over the positives' positions": right without
    # ties, but a tied group's positives get different precisions, in input order.
    y_true = _labels_ok(y_true)
    if not np.any(y_true == 1):
        raise ValueError("`y_true` has no positive")
    y = y_true[np.argsort(-y_score, kind="stable")]
    hits = np.cumsum(y)
    at_positives = (hits / np.arange(1, len(y) + 1))[y == 1]
    return float(np.mean(at_positives))


@mutant("too slow")
def average_precision__loop_over_thresholds(y_true, y_score):
    y_true = _labels_ok(y_true)
    positive = y_true == 1
    n_pos = np.count_nonzero(positive)
    if n_pos == 0:
        raise ValueError("`y_true` has no positive")
    ap, previous_tp = 0.0, 0
    for t in np.unique(y_score)[::-1]:
        predicted = y_score >= t
        tp = np.count_nonzero(predicted & positive)
        ap += (tp - previous_tp) / n_pos * tp / np.count_nonzero(predicted)
        previous_tp = tp
    return ap


@mutant("should raise ValueError for a label of -1 in y_true")
def average_precision__checks_only_the_maximum(y_true, y_score):
    y_true = np.asarray(y_true)
    if y_true.max() > 1 or np.any(y_true % 1 != 0):
        raise ValueError("`y_true` must hold 0 or 1")
    if not np.any(y_true == 1):
        raise ValueError("`y_true` has no positive")
    fps, tps, _ = _roc_points(y_true, y_score)
    return float(np.sum(np.diff(tps, prepend=0) * tps / (tps + fps)) / tps[-1])


@mutant("should raise ValueError for no positive in y_true")
def average_precision__no_positive_check(y_true, y_score):
    y_true = _labels_ok(y_true)
    fps, tps, _ = _roc_points(y_true, y_score)
    return float(np.sum(np.diff(tps, prepend=0) * tps / (tps + fps)) / tps[-1])


# --- ndcg_at_k ----------------------------------------------------------------------


def _ndcg_checks(relevance, scores, k, gain, *, skip=""):
    if skip != "length" and len(relevance) != len(scores):
        raise ValueError("lengths differ")
    if skip != "k" and k is not None and k < 1:
        raise ValueError("`k` must be >= 1")
    if skip != "gain" and gain not in ("linear", "exponential"):
        raise ValueError("unknown gain")
    if skip != "relevance" and np.any(relevance < 0):
        raise ValueError("negative relevance")


def _ndcg_tie_averaged(relevance, scores, k, gain):
    g = relevance if gain != "exponential" else 2.0 ** relevance - 1
    n = len(g)
    cut = n if k is None else min(k, n)
    discount = np.zeros(n)
    discount[:cut] = 1 / np.log2(np.arange(2, cut + 2))
    ideal = np.sum(np.sort(g)[::-1] * discount)
    _, inverse = np.unique(-scores, return_inverse=True)
    means = np.bincount(inverse, weights=g) / np.bincount(inverse)
    dcg = np.sum(means[np.sort(inverse)] * discount)
    return float(dcg / ideal) if ideal > 0 else 0.0


@mutant("ties")
def ndcg_at_k__ties_by_reversed_order(relevance, scores, k=None, gain="linear"):
    # np.argsort(scores)[::-1]: tied documents ranked in reversed input order.
    _ndcg_checks(relevance, scores, k, gain)
    g = relevance if gain == "linear" else 2.0 ** relevance - 1
    n = len(g)
    cut = n if k is None else min(k, n)
    discount = 1 / np.log2(np.arange(2, cut + 2))
    dcg = np.sum(g[np.argsort(scores, kind="stable")[::-1]][:cut] * discount)
    ideal = np.sum(np.sort(g)[::-1][:cut] * discount)
    return float(dcg / ideal) if ideal > 0 else 0.0


@mutant("changed its input `relevance` in place")
def ndcg_at_k__sorts_relevance_in_place(relevance, scores, k=None, gain="linear"):
    _ndcg_checks(relevance, scores, k, gain)
    value = _ndcg_tie_averaged(relevance.copy(), scores, k, gain)
    relevance[::-1].sort()  # the ideal ranking, built in the caller's array
    return value


@mutant("no relevant document")
def ndcg_at_k__nan_without_relevant_documents(relevance, scores, k=None, gain="linear"):
    _ndcg_checks(relevance, scores, k, gain)
    g = relevance if gain == "linear" else 2.0 ** relevance - 1
    n = len(g)
    cut = n if k is None else min(k, n)
    discount = np.zeros(n)
    discount[:cut] = 1 / np.log2(np.arange(2, cut + 2))
    _, inverse = np.unique(-scores, return_inverse=True)
    means = np.bincount(inverse, weights=g) / np.bincount(inverse)
    return float(np.sum(means[np.sort(inverse)] * discount)
                 / np.sum(np.sort(g)[::-1] * discount))  # 0 / 0 = nan


@mutant("should raise ValueError for relevance of length 3, scores of length 4")
def ndcg_at_k__no_length_check(relevance, scores, k=None, gain="linear"):
    _ndcg_checks(relevance, scores, k, gain, skip="length")
    n = min(len(relevance), len(scores))  # silently truncates
    return _ndcg_tie_averaged(relevance[:n], scores[:n], k, gain)


@mutant("should raise ValueError for k = -2")
def ndcg_at_k__only_k_zero_refused(relevance, scores, k=None, gain="linear"):
    _ndcg_checks(relevance, scores, k, gain, skip="k")
    if k == 0:
        raise ValueError("`k` must be >= 1")
    g = relevance if gain == "linear" else 2.0 ** relevance - 1
    discount = 1 / np.log2(np.arange(len(scores)) + 2)
    if k is not None:
        discount[k:] = 0.0  # k = -2 zeroes only the last two discounts
    ideal = np.sum(np.sort(g)[::-1] * discount)
    _, inverse = np.unique(-scores, return_inverse=True)
    means = np.bincount(inverse, weights=g) / np.bincount(inverse)
    return float(np.sum(means[np.sort(inverse)] * discount) / ideal) if ideal > 0 else 0.0


@mutant('should raise ValueError for gain = "log"')
def ndcg_at_k__unknown_gain_is_linear(relevance, scores, k=None, gain="linear"):
    _ndcg_checks(relevance, scores, k, gain, skip="gain")
    return _ndcg_tie_averaged(relevance, scores, k, gain)


@mutant("should raise ValueError for a relevance just below 0, -1e-12")
def ndcg_at_k__negative_check_after_rounding(relevance, scores, k=None, gain="linear"):
    _ndcg_checks(relevance, scores, k, gain, skip="relevance")
    if np.any(np.round(relevance, 6) < 0):
        raise ValueError("negative relevance")
    return _ndcg_tie_averaged(relevance, scores, k, gain)


@mutant("never with np.isclose")
def ndcg_at_k__ties_by_isclose(relevance, scores, k=None, gain="linear"):
    # Ties found with np.isclose: scores 1e-12 apart (atol 1e-8) or 1e-6 apart near 1e9
    # (rtol 1e-5) merge into one tie group.
    _ndcg_checks(relevance, scores, k, gain)
    g = relevance if gain != "exponential" else 2.0 ** relevance - 1
    n = len(g)
    cut = n if k is None else min(k, n)
    discount = np.zeros(n)
    discount[:cut] = 1 / np.log2(np.arange(2, cut + 2))
    ideal = np.sum(np.sort(g)[::-1] * discount)
    order = np.argsort(-scores, kind="stable")
    ranked_scores, ranked_gains = scores[order], g[order]
    starts = np.r_[0, np.flatnonzero(~np.isclose(ranked_scores[1:], ranked_scores[:-1])) + 1]
    ends = np.r_[starts[1:], n]
    dcg = sum(ranked_gains[a:b].mean() * discount[a:b].sum()
              for a, b in zip(starts, ends, strict=True))
    return float(dcg / ideal) if ideal > 0 else 0.0


@mutant("only ranks 1 to k - 1 counted")
def ndcg_at_k__range_one_to_k(relevance, scores, k=None, gain="linear"):
    # for r in range(1, k): the k-th rank is left out of the DCG and the ideal DCG.
    _ndcg_checks(relevance, scores, k, gain)
    n = len(relevance)
    stop = n + 1 if k is None else min(k, n + 1)
    g = relevance if gain != "exponential" else 2.0 ** relevance - 1
    order = np.argsort(-scores, kind="stable")
    ranked_scores, ranked = scores[order], g[order].copy()
    for value in np.unique(ranked_scores):
        tied = ranked_scores == value
        ranked[tied] = ranked[tied].mean()
    ideal = np.sort(g)[::-1]
    dcg = sum(ranked[r - 1] / math.log2(r + 1) for r in range(1, stop))
    idcg = sum(ideal[r - 1] / math.log2(r + 1) for r in range(1, stop))
    return float(dcg / idcg) if idcg > 0 else 0.0


# --- mean_reciprocal_rank -----------------------------------------------------------


@mutant("raised IndexError")
def mean_reciprocal_rank__first_hit_always_exists(ranked_relevance):
    if not ranked_relevance:
        raise ValueError("no query")
    return float(np.mean([1 / (np.flatnonzero(r)[0] + 1) for r in ranked_relevance]))


@mutant("should raise ValueError for an empty list of queries")
def mean_reciprocal_rank__no_empty_check(ranked_relevance):
    total = 0.0
    for relevance in ranked_relevance:
        hits = np.flatnonzero(relevance)
        total += 1 / (hits[0] + 1) if hits.size else 0.0
    return total / max(len(ranked_relevance), 1)  # 0.0 for no query


@mutant("should be a float")
def mean_reciprocal_rank__per_query_array(ranked_relevance):
    if not ranked_relevance:
        raise ValueError("no query")
    hits = [np.flatnonzero(r) for r in ranked_relevance]
    return np.array([1 / (h[0] + 1) if h.size else 0.0 for h in hits])  # forgot the mean


@mutant("only positive entries")
def mean_reciprocal_rank__positive_is_relevant(ranked_relevance):
    # "relevant" read as > 0: a query whose first nonzero entry is negative gets a later
    # (or no) hit.
    if len(ranked_relevance) == 0:
        raise ValueError("no query")
    total = 0.0
    for relevance in ranked_relevance:
        hits = np.flatnonzero(np.asarray(relevance) > 0)
        total += 1.0 / (hits[0] + 1) if hits.size else 0.0
    return total / len(ranked_relevance)


# --- expected_calibration_error -----------------------------------------------------


def _ece_checks(y_true, y_prob, n_bins, *, skip=""):
    if skip != "empty" and len(y_true) == 0:
        raise ValueError("empty input")
    if skip != "labels" and not np.all((y_true == 0) | (y_true == 1)):
        raise ValueError("`y_true` must hold 0 or 1")
    if skip != "probs" and (np.any(y_prob < 0) or np.any(y_prob > 1)):
        raise ValueError("`y_prob` must lie in [0, 1]")
    if skip != "bins" and n_bins < 1:
        raise ValueError("`n_bins` must be >= 1")


def _ece_right_closed(y_true, y_prob, n_bins):
    edges = np.linspace(0, 1, n_bins + 1)
    bins = np.maximum(np.searchsorted(edges, y_prob, side="left") - 1, 0)
    gap = np.bincount(bins, weights=y_true - y_prob, minlength=max(n_bins, 1))
    return float(np.sum(np.abs(gap)) / len(y_true))


@mutant("on probabilities on every edge of np.linspace(0, 1, 11)")
def expected_calibration_error__zero_in_bin_minus_one(y_true, y_prob, n_bins=10):
    _ece_checks(y_true, y_prob, n_bins)
    edges = np.linspace(0, 1, n_bins + 1)
    bins = np.digitize(y_prob, edges, right=True) - 1  # p = 0 gives -1: the LAST bin
    labels, probs, counts = np.zeros(n_bins), np.zeros(n_bins), np.zeros(n_bins)
    np.add.at(labels, bins, y_true)
    np.add.at(probs, bins, y_prob)
    np.add.at(counts, bins, 1)
    return float(np.sum(np.abs(labels - probs)) / len(y_true))


@mutant("changed its input `y_prob` in place")
def expected_calibration_error__sorts_in_place(y_true, y_prob, n_bins=10):
    _ece_checks(y_true, y_prob, n_bins)
    order = np.argsort(y_prob, kind="stable")
    labels = y_true[order]
    y_prob.sort()  # sorted so each bin is a contiguous run
    edges = np.linspace(0, 1, n_bins + 1)
    cuts = np.searchsorted(y_prob, edges[1:-1], side="right")
    gaps = [abs(lab.sum() - p.sum()) for lab, p in zip(np.split(labels, cuts),
                                                        np.split(y_prob, cuts), strict=True)]
    return float(sum(gaps) / len(y_prob))


@mutant("should raise ValueError for empty y_true and y_prob")
def expected_calibration_error__no_empty_check(y_true, y_prob, n_bins=10):
    _ece_checks(y_true, y_prob, n_bins, skip="empty")
    edges = np.linspace(0, 1, n_bins + 1)
    bins = np.maximum(np.searchsorted(edges, y_prob, side="left") - 1, 0)
    gap = np.bincount(bins, weights=y_true - y_prob, minlength=n_bins)
    return float(np.sum(np.abs(gap)) / np.float64(len(y_true)))  # 0 / 0 = nan


@mutant("should raise ValueError for a label of 0.5 in y_true")
def expected_calibration_error__labels_only_bounded(y_true, y_prob, n_bins=10):
    _ece_checks(y_true, y_prob, n_bins, skip="labels")
    if y_true.min() < 0 or y_true.max() > 1:
        raise ValueError("`y_true` must hold 0 or 1")
    return _ece_right_closed(y_true, y_prob, n_bins)


@mutant("should raise ValueError for a probability just above 1")
def expected_calibration_error__range_check_with_slack(y_true, y_prob, n_bins=10):
    _ece_checks(y_true, y_prob, n_bins, skip="probs")
    if np.any(y_prob < -1e-9) or np.any(y_prob > 1 + 1e-9):  # "allow rounding error"
        raise ValueError("`y_prob` must lie in [0, 1]")
    return _ece_right_closed(y_true, y_prob, n_bins)


@mutant("should raise ValueError for n_bins = 0")
def expected_calibration_error__no_bins_check(y_true, y_prob, n_bins=10):
    _ece_checks(y_true, y_prob, n_bins, skip="bins")
    return _ece_right_closed(y_true, y_prob, n_bins)


@mutant("should raise ValueError for a nan probability")
def expected_calibration_error__nan_passes_the_range_check(y_true, y_prob, n_bins=10):
    # (p < 0) | (p > 1) is False for nan, so a nan probability gets through and the
    # result is nan.
    _ece_checks(y_true, y_prob, n_bins)
    return _ece_right_closed(y_true, y_prob, n_bins)


def _b_checked_labels(y_true, y_pred, n_classes, skip=""):
    """The labels as int64 after confusion_matrix's checks, except the one named in skip."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if skip != "n_classes" and n_classes < 1:
        raise ValueError("n_classes must be >= 1")
    if skip != "length" and len(y_true) != len(y_pred):
        raise ValueError("length mismatch")
    for labels in (y_true, y_pred):
        if skip != "integer" and np.any(labels != np.round(labels)):
            raise ValueError("labels must be integers")
        if skip != "range" and np.any((labels < 0) | (labels >= n_classes)):
            raise ValueError("labels outside [0, n_classes)")
    return y_true.astype(np.int64), y_pred.astype(np.int64)


def _b_count_pairs(t, p, n_classes):
    # A pair loop: zip stops at the shorter input, and a label n_classes raises
    # IndexError while -1 silently wraps to the last row.
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    for i, j in zip(t, p, strict=False):
        counts[i, j] += 1
    return counts


# --- confusion_matrix -----------------------------------------------------------------


@mutant("must have dtype int64 exactly, got int32")
def confusion_matrix__int32_counts(y_true, y_pred, n_classes):
    t, p = _b_checked_labels(y_true, y_pred, n_classes)
    counts = np.zeros((n_classes, n_classes), dtype=np.int32)
    np.add.at(counts, (t, p), 1)
    return counts


@mutant("should be an ndarray")
def confusion_matrix__nested_lists(y_true, y_pred, n_classes):
    t, p = _b_checked_labels(y_true, y_pred, n_classes)
    return np.bincount(t * n_classes + p, minlength=n_classes**2).reshape(n_classes, -1).tolist()


@mutant("should raise ValueError for a non-integer label 1.5")
def confusion_matrix__truncates_floats(y_true, y_pred, n_classes):
    return _b_count_pairs(*_b_checked_labels(y_true, y_pred, n_classes, skip="integer"),
                          n_classes)


@mutant("should raise ValueError for a label equal to n_classes")
def confusion_matrix__no_range_check(y_true, y_pred, n_classes):
    return _b_count_pairs(*_b_checked_labels(y_true, y_pred, n_classes, skip="range"),
                          n_classes)


@mutant("should raise ValueError for n_classes = 0")
def confusion_matrix__no_n_classes_check(y_true, y_pred, n_classes):
    return _b_count_pairs(*_b_checked_labels(y_true, y_pred, n_classes, skip="n_classes"),
                          n_classes)


@mutant("should raise ValueError for y_true of length 6, y_pred of length 5")
def confusion_matrix__zip_truncates(y_true, y_pred, n_classes):
    return _b_count_pairs(*_b_checked_labels(y_true, y_pred, n_classes, skip="length"),
                          n_classes)


@mutant("should raise ValueError for a label 1.000000001")
def confusion_matrix__whole_numbers_by_isclose(y_true, y_pred, n_classes):
    # np.isclose(labels, np.round(labels)) lets 1.000000001 pass as the label 1.
    t, p = np.asarray(y_true), np.asarray(y_pred)
    if n_classes < 1 or len(t) != len(p):
        raise ValueError("bad n_classes or lengths")
    for labels in (t, p):
        if not np.all(np.isclose(labels, np.round(labels))):
            raise ValueError("labels must be whole numbers")
        if np.any((labels < 0) | (labels >= n_classes)):
            raise ValueError("labels outside [0, n_classes)")
    return _b_count_pairs(np.round(t).astype(np.int64), np.round(p).astype(np.int64),
                          n_classes)


# --- precision_recall_f1 ----------------------------------------------------------------


def _b_binary(y_true, y_pred, skip=""):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if skip != "length" and len(y_true) != len(y_pred):
        raise ValueError("length mismatch")
    for labels in (y_true, y_pred) if skip != "binary" else ():
        if np.any((labels != 0) & (labels != 1)):
            raise ValueError("labels must be 0 or 1")
    return y_true, y_pred


def _b_zip_counts(y_true, y_pred):
    """(tp, fp, fn, tn) from a pair loop; zip stops at the shorter input; any nonzero
    label counts as positive."""
    tp = fp = fn = tn = 0
    for a, b in zip(y_true, y_pred, strict=False):
        if a and b:
            tp += 1
        elif b:
            fp += 1
        elif a:
            fn += 1
        else:
            tn += 1
    return tp, fp, fn, tn


def _b_prf(tp, fp, fn):
    return (tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0,
            2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0)


@mutant("should be a tuple")
def precision_recall_f1__returns_a_list(y_true, y_pred):
    t, p = _b_binary(y_true, y_pred)
    return list(_b_prf(*_b_zip_counts(t, p)[:3]))


@mutant("should raise ValueError for y_true of length 5, y_pred of length 4")
def precision_recall_f1__zip_truncates(y_true, y_pred):
    t, p = _b_binary(y_true, y_pred, skip="length")
    return _b_prf(*_b_zip_counts(t, p)[:3])


@mutant("should raise ValueError for a label 2 in y_true")
def precision_recall_f1__nonzero_is_positive(y_true, y_pred):
    t, p = _b_binary(y_true, y_pred, skip="binary")
    return _b_prf(*_b_zip_counts(t, p)[:3])


@mutant("should raise ValueError for a label -1 in y_pred")
def precision_recall_f1__checks_y_true_only(y_true, y_pred):
    t, p = np.asarray(y_true), np.asarray(y_pred)
    if len(t) != len(p) or np.any((t != 0) & (t != 1)):
        raise ValueError("bad y_true")
    return _b_prf(*_b_zip_counts(t, p)[:3])


# --- f1_score -----------------------------------------------------------------------


def _b_f1(counts, average):
    tp, predicted, support = np.diag(counts), counts.sum(axis=0), counts.sum(axis=1)
    n = support.sum()
    if n == 0:
        return 0.0
    if average == "micro":
        return float(tp.sum() / n)
    both = predicted + support
    per_class = np.divide(2.0 * tp, both, out=np.zeros(len(tp)), where=both > 0)
    return float(per_class.mean() if average == "macro" else np.dot(support, per_class) / n)


def _b_f1_skipping(y_true, y_pred, n_classes, average, skip):
    if average not in ("macro", "micro", "weighted"):
        raise ValueError("unknown average")
    t, p = _b_checked_labels(y_true, y_pred, n_classes, skip=skip)
    return _b_f1(_b_count_pairs(t, p, n_classes), average)


@mutant("should raise ValueError for average='binary'")
def f1_score__unknown_average_means_macro(y_true, y_pred, n_classes, average="macro"):
    t, p = _b_checked_labels(y_true, y_pred, n_classes)
    return _b_f1(_b_count_pairs(t, p, n_classes), "macro" if average != "micro" and
                 average != "weighted" else average)


@mutant("should raise ValueError for a non-integer label 1.5")
def f1_score__truncates_floats(y_true, y_pred, n_classes, average="macro"):
    return _b_f1_skipping(y_true, y_pred, n_classes, average, "integer")


@mutant("should raise ValueError for a negative label -1 in y_pred")
def f1_score__no_range_check(y_true, y_pred, n_classes, average="macro"):
    # np.add.at with a label n_classes raises IndexError; -1 wraps to the last class.
    if average not in ("macro", "micro", "weighted"):
        raise ValueError("unknown average")
    t, p = _b_checked_labels(y_true, y_pred, n_classes, skip="range")
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(counts, (t, p), 1)
    return _b_f1(counts, average)


@mutant("should raise ValueError for n_classes = 0")
def f1_score__no_n_classes_check(y_true, y_pred, n_classes, average="macro"):
    return _b_f1_skipping(y_true, y_pred, n_classes, average, "n_classes")


@mutant("should raise ValueError for y_true of length 6, y_pred of length 5")
def f1_score__zip_truncates(y_true, y_pred, n_classes, average="macro"):
    return _b_f1_skipping(y_true, y_pred, n_classes, average, "length")


@mutant("the result is wrong")
def f1_score__micro_as_macro_of_accuracy(y_true, y_pred, n_classes, average="macro"):
    # 'micro' computed as the mean per-class recall (balanced accuracy): a plausible mix-up.
    if average not in ("macro", "micro", "weighted"):
        raise ValueError("unknown average")
    counts = _b_count_pairs(*_b_checked_labels(y_true, y_pred, n_classes), n_classes)
    if average != "micro":
        return _b_f1(counts, average)
    support = counts.sum(axis=1)
    recall = np.divide(np.diag(counts), support, out=np.zeros(n_classes), where=support > 0)
    return float(recall.mean())


@mutant("should raise ValueError for a label 1.000000001")
def f1_score__whole_numbers_by_isclose(y_true, y_pred, n_classes, average="macro"):
    if average not in ("macro", "micro", "weighted"):
        raise ValueError("unknown average")
    counts = confusion_matrix__whole_numbers_by_isclose(y_true, y_pred, n_classes)
    return _b_f1(counts, average)


# --- matthews_corrcoef --------------------------------------------------------------


def _b_mcc(tp, fp, fn, tn):
    denominator = math.sqrt(float(tp + fp) * float(tp + fn) * float(tn + fp) * float(tn + fn))
    return (float(tp) * tn - float(fp) * fn) / denominator if denominator else 0.0


@mutant("int32 labels (TP * TN exceeds int32)")
def matthews_corrcoef__counts_keep_the_input_dtype(y_true, y_pred):
    # The denominator is made in float, but the counts come from dot products, which keep
    # int32 inputs in int32: TP * TN (about 6e10) wraps around.
    t, p = _b_binary(y_true, y_pred)
    t, p = t * 1, p * 1  # bool -> int64, int32 stays int32
    tp = t @ p
    fp = p.sum(dtype=t.dtype) - tp
    fn = t.sum(dtype=t.dtype) - tp
    tn = len(t) - tp - fp - fn
    with np.errstate(over="ignore"):
        numerator = tp * tn - fp * fn
    denominator = math.sqrt(float(tp + fp) * float(tp + fn) * float(tn + fp) * float(tn + fn))
    return float(numerator) / denominator if denominator else 0.0


@mutant("not a 0-d array")
def matthews_corrcoef__returns_a_0d_array(y_true, y_pred):
    t, p = _b_binary(y_true, y_pred)
    t, p = t == 1, p == 1
    counts = np.array([np.sum(t & p), np.sum(~t & p), np.sum(t & ~p), np.sum(~t & ~p)], float)
    return np.array(_b_mcc(*counts))


@mutant("should raise ValueError for y_true of length 5, y_pred of length 4")
def matthews_corrcoef__zip_truncates(y_true, y_pred):
    return _b_mcc(*_b_zip_counts(*_b_binary(y_true, y_pred, skip="length")))


@mutant("should raise ValueError for a label 2 in y_true")
def matthews_corrcoef__nonzero_is_positive(y_true, y_pred):
    return _b_mcc(*_b_zip_counts(*_b_binary(y_true, y_pred, skip="binary")))


@mutant("clip the result to [-1, 1]")
def matthews_corrcoef__unclipped(y_true, y_pred):
    # Right formula, float products, no clipping: at n = 1,000,007 with every
    # prediction wrong the rounded square root gives -1.0000000000000002.
    t, p = (labels == 1 for labels in _b_binary(y_true, y_pred))
    tp, fp = int(np.sum(t & p)), int(np.sum(~t & p))
    fn, tn = int(np.sum(t & ~p)), int(np.sum(~t & ~p))
    denominator = math.sqrt(float(tp + fp) * float(tp + fn) * float(tn + fp) * float(tn + fn))
    if denominator == 0.0:
        return 0.0
    return (float(tp) * float(tn) - float(fp) * float(fn)) / denominator


# --- perplexity -----------------------------------------------------------------------


@mutant("should raise ValueError for a negative target")
def perplexity__no_target_check(logits, targets):
    # Fancy indexing raises IndexError for a target V, and wraps a negative one silently.
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(np.exp(-np.mean(log_p[np.arange(len(targets)), targets])))


@mutant("changed its input `logits` in place")
def perplexity__shifts_in_place(logits, targets):
    if np.any((targets < 0) | (targets >= logits.shape[1])):
        raise ValueError("target out of range")
    logits -= logits.max(axis=1, keepdims=True)
    log_norm = np.log(np.exp(logits).sum(axis=1))
    return float(np.exp(np.mean(log_norm - logits[np.arange(len(targets)), targets])))


@mutant("should be a float")
def perplexity__per_position(logits, targets):
    if np.any((targets < 0) | (targets >= logits.shape[1])):
        raise ValueError("target out of range")
    shifted = logits - logits.max(axis=1, keepdims=True)
    ce = np.log(np.exp(shifted).sum(axis=1)) - shifted[np.arange(len(targets)), targets]
    return np.exp(ce)  # forgot the mean: one perplexity per position


# --- bleu / corpus_bleu -----------------------------------------------------------------


def _b_ngrams(tokens, n):
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def _b_stats(candidate, references, max_n):
    matches, totals = [], []
    for n in range(1, max_n + 1):
        most = Counter()
        for reference in references:
            most |= _b_ngrams(reference, n)
        counts = _b_ngrams(candidate, n)
        matches.append(sum(min(k, most[g]) for g, k in counts.items()))
        totals.append(max(len(candidate) - n + 1, 0))
    c = len(candidate)
    r = min((len(x) for x in references), key=lambda length: (abs(length - c), length))
    return matches, totals, c, r


def _b_score(matches, totals, c, r):
    if c == 0 or min(matches) == 0:
        return 0.0
    log_p = sum(math.log(m / t) for m, t in zip(matches, totals, strict=True)) / len(matches)
    return math.exp(log_p + min(0.0, 1 - r / c))


@mutant("should raise ValueError for no reference")
def bleu__no_reference_check(candidate, references, max_n=4):
    if max_n < 1:
        raise ValueError("max_n must be >= 1")
    if not references:
        return 0.0  # "nothing to compare with": but the contract says ValueError
    return _b_score(*_b_stats(candidate, references, max_n))


@mutant("should raise ValueError for max_n = 0")
def bleu__no_max_n_check(candidate, references, max_n=4):
    if not references:
        raise ValueError("no reference")
    if max_n < 1:
        return 1.0  # an empty product
    return _b_score(*_b_stats(candidate, references, max_n))


@mutant("on references of 3 and 9 tokens, c = 8")
def bleu__penalty_from_the_shortest_reference(candidate, references, max_n=4):
    # r = the shortest reference instead of the closest one.
    if not references or max_n < 1:
        raise ValueError("bad arguments")
    matches, totals, c, _ = _b_stats(candidate, references, max_n)
    return _b_score(matches, totals, c, min(len(x) for x in references))


@mutant("changed its input `references` in place")
def bleu__sorts_references_in_place(candidate, references, max_n=4):
    if not references or max_n < 1:
        raise ValueError("bad arguments")
    references.sort(key=len)  # to find the closest length quickly: reorders the caller's list
    return _b_score(*_b_stats(candidate, references, max_n))


def _b_corpus(candidates, references_list, max_n):
    matches, totals, c, r = [0] * max_n, [0] * max_n, 0, 0
    for candidate, references in zip(candidates, references_list, strict=False):
        m, t, ci, ri = _b_stats(candidate, references, max_n)
        matches = [a + b for a, b in zip(matches, m, strict=True)]
        totals = [a + b for a, b in zip(totals, t, strict=True)]
        c, r = c + ci, r + ri
    return _b_score(matches, totals, c, r)


@mutant("should raise ValueError for 3 candidates but 2 reference lists")
def corpus_bleu__zip_truncates(candidates, references_list, max_n=4):
    if max_n < 1 or any(not refs for refs in references_list):
        raise ValueError("bad arguments")
    return _b_corpus(candidates, references_list, max_n)


@mutant("should raise ValueError for a sentence with no reference")
def corpus_bleu__skips_sentences_without_references(candidates, references_list, max_n=4):
    if max_n < 1 or len(candidates) != len(references_list):
        raise ValueError("bad arguments")
    kept = [(c, refs) for c, refs in zip(candidates, references_list, strict=True) if refs]
    return _b_corpus([c for c, _ in kept], [refs for _, refs in kept], max_n)


@mutant("should raise ValueError for max_n = 0")
def corpus_bleu__no_max_n_check(candidates, references_list, max_n=4):
    if len(candidates) != len(references_list) or any(not r for r in references_list):
        raise ValueError("bad arguments")
    return _b_corpus(candidates, references_list, max_n) if max_n >= 1 else 1.0


@mutant("on 6 sentences, one candidate of only 2 tokens")
def corpus_bleu__skips_short_sentences(candidates, references_list, max_n=4):
    # Drops candidates shorter than max_n, as if they could not be scored.
    if (len(candidates) != len(references_list) or max_n < 1
            or any(not r for r in references_list)):
        raise ValueError("bad arguments")
    kept = [(c, refs) for c, refs in zip(candidates, references_list, strict=True)
            if len(c) >= max_n]
    return _b_corpus([c for c, _ in kept], [refs for _, refs in kept], max_n)
