"""Correct evaluation_metrics solutions written differently from the reference; all must pass."""

import math
from collections import Counter

import numpy as np


def _binary(y_true):
    y_true = np.asarray(y_true)
    if not np.isin(y_true, (0, 1)).all():
        raise ValueError("`y_true` must hold binary labels")
    return y_true.astype(np.int64)


def _per_distinct_score(y_true, y_score):
    """(thresholds decreasing, positives and negatives AT each), via np.unique."""
    thresholds, inverse = np.unique(y_score, return_inverse=True)
    pos = np.bincount(inverse, weights=y_true, minlength=len(thresholds))
    neg = np.bincount(inverse, weights=1 - y_true, minlength=len(thresholds))
    return thresholds[::-1], pos[::-1], neg[::-1]


def roc_curve__unique_and_bincount(y_true, y_score):
    y_true = _binary(y_true)
    if y_true.min() == y_true.max():
        raise ValueError("`y_true` must hold both classes")
    thresholds, pos, neg = _per_distinct_score(y_true, y_score)
    tps, fps = np.cumsum(pos), np.cumsum(neg)
    return (np.concatenate(([0.0], fps / fps[-1])), np.concatenate(([0.0], tps / tps[-1])),
            np.concatenate(([np.inf], thresholds)))


def roc_curve__searchsorted_per_threshold(y_true, y_score):
    # For each distinct score t, count the positives and negatives with score >= t by
    # binary search in each class's sorted scores.
    y_true = _binary(y_true)
    if y_true.min() == y_true.max():
        raise ValueError("`y_true` must hold both classes")
    thresholds = np.unique(y_score)[::-1]
    pos, neg = np.sort(y_score[y_true == 1]), np.sort(y_score[y_true == 0])
    tps = len(pos) - np.searchsorted(pos, thresholds, side="left")
    fps = len(neg) - np.searchsorted(neg, thresholds, side="left")
    return (np.concatenate(([0.0], fps / len(neg))), np.concatenate(([0.0], tps / len(pos))),
            np.concatenate(([np.inf], thresholds)))


def auc_roc__mann_whitney_average_ranks(y_true, y_score):
    y_true = _binary(y_true)
    n_pos = int(y_true.sum())
    n_neg = len(y_true) - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("`y_true` must hold both classes")
    _, inverse, counts = np.unique(y_score, return_inverse=True, return_counts=True)
    # Tied scores share the average of the ranks they span (1-based).
    average_rank = np.cumsum(counts) - (counts - 1) / 2.0
    rank_sum = np.sum(average_rank[inverse][y_true == 1])
    return float((rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def auc_roc__loop_after_sort(y_true, y_score):
    # An O(n log n) loop in Python after one NumPy sort: fast enough at 10^6.
    y_true = _binary(y_true)
    order = np.argsort(y_score)[::-1]
    scores, labels = y_score[order].tolist(), y_true[order].tolist()
    n_pos = sum(labels)
    n_neg = len(labels) - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("`y_true` must hold both classes")
    area, tp, fp, i = 0, 0, 0, 0
    while i < len(scores):
        group_pos = group_neg = 0
        j = i
        while j < len(scores) and scores[j] == scores[i]:
            group_pos += labels[j]
            group_neg += 1 - labels[j]
            j += 1
        area += group_neg * (2 * tp + group_pos)  # twice the trapezoid, in pair counts
        tp, fp, i = tp + group_pos, fp + group_neg, j
    return area / (2 * n_pos * n_neg)


def auc_roc__searchsorted_counts(y_true, y_score):
    # For each positive: negatives strictly below it, plus half the negatives tied with it.
    y_true = _binary(y_true)
    if y_true.min() == y_true.max():
        raise ValueError("`y_true` must hold both classes")
    neg = np.sort(y_score[y_true == 0])
    pos = y_score[y_true == 1]
    below = np.searchsorted(neg, pos, side="left")
    tied = np.searchsorted(neg, pos, side="right") - below
    return float((below.sum() + 0.5 * tied.sum()) / (len(pos) * len(neg)))


def auc_roc__trapezoids_under_the_curve(y_true, y_score):
    # The ROC curve from a stable sort, one point per distinct score, then its
    # trapezoidal area (a tie between the classes is a diagonal segment).
    y_true = _binary(y_true)
    if y_true.min() == y_true.max():
        raise ValueError("`y_true` must hold both classes")
    order = np.argsort(-y_score, kind="stable")
    ranked, labels = y_score[order], y_true[order]
    last = np.concatenate((np.flatnonzero(ranked[1:] != ranked[:-1]), [len(ranked) - 1]))
    tps = np.concatenate(([0], np.cumsum(labels)[last]))
    fps = np.concatenate(([0], last + 1)) - tps
    tpr, fpr = tps / tps[-1], fps / fps[-1]
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))


def average_precision__unique_and_bincount(y_true, y_score):
    y_true = _binary(y_true)
    if not y_true.any():
        raise ValueError("`y_true` has no positive")
    _, pos, neg = _per_distinct_score(y_true, y_score)
    tps, fps = np.cumsum(pos), np.cumsum(neg)
    return float(np.sum(pos / tps[-1] * tps / (tps + fps)))


def _check_ndcg(relevance, scores, k, gain):
    if len(relevance) != len(scores):
        raise ValueError("`relevance` and `scores` differ in length")
    if k is not None and k < 1:
        raise ValueError("`k` must be >= 1")
    if gain not in ("linear", "exponential"):
        raise ValueError("`gain` must be linear or exponential")
    if min(relevance.tolist(), default=0.0) < 0:
        raise ValueError("`relevance` must be >= 0")


def ndcg_at_k__loop_over_tie_groups(relevance, scores, k=None, gain="linear"):
    _check_ndcg(relevance, scores, k, gain)
    gains = [r if gain == "linear" else 2.0 ** r - 1 for r in relevance.tolist()]
    n = len(gains)
    cut = n if k is None else min(k, n)

    def discount(position):  # position from 0
        return 1 / math.log2(position + 2) if position < cut else 0.0

    ideal = sum(g * discount(i) for i, g in enumerate(sorted(gains, reverse=True)))
    if ideal == 0:
        return 0.0
    groups = {}
    for s, g in zip(scores.tolist(), gains, strict=True):
        groups.setdefault(s, []).append(g)
    dcg, position = 0.0, 0
    for s in sorted(groups, reverse=True):
        members = groups[s]
        mean = sum(members) / len(members)
        dcg += mean * sum(discount(position + j) for j in range(len(members)))
        position += len(members)
    return dcg / ideal


def ndcg_at_k__expected_dcg_over_orderings(relevance, scores, k=None, gain="linear"):
    # The tie rule as an expectation: the mean DCG over every order of each tied group
    # equals the DCG with tie-averaged gains. Here: average over the group's cyclic shifts.
    _check_ndcg(relevance, scores, k, gain)
    g = relevance.astype(float) if gain == "linear" else np.exp2(relevance) - 1
    n = len(g)
    cut = n if k is None else min(k, n)
    discount = np.where(np.arange(n) < cut, 1 / np.log2(np.arange(n) + 2), 0.0)
    ideal = np.sum(np.sort(g)[::-1] * discount)
    if ideal == 0:
        return 0.0
    order = np.lexsort((np.arange(n), -scores))
    ranked_scores, ranked = scores[order], g[order]
    dcg = 0.0
    start = 0
    while start < n:
        stop = start + 1
        while stop < n and ranked_scores[stop] == ranked_scores[start]:
            stop += 1
        block = ranked[start:stop]
        shifts = [np.roll(block, j) for j in range(len(block))]
        dcg += np.mean([np.sum(b * discount[start:stop]) for b in shifts])
        start = stop
    return float(dcg / ideal)


def ndcg_at_k__cumulative_discounts(relevance, scores, k=None, gain="linear"):
    # A tie group occupying positions [a, b) earns its mean gain times the sum of the
    # discounts there, read off a cumulative sum of the (cut at k) discounts.
    _check_ndcg(relevance, scores, k, gain)
    n = len(relevance)
    cut = n if k is None else min(k, n)
    g = relevance if gain == "linear" else np.expm1(relevance * math.log(2.0))
    discount = np.zeros(n)
    discount[:cut] = 1.0 / np.log2(np.arange(cut) + 2.0)
    cumulative = np.concatenate(([0.0], np.cumsum(discount)))
    _, inverse, counts = np.unique(-scores, return_inverse=True, return_counts=True)
    ends = np.cumsum(counts)
    group_gain = np.bincount(inverse, weights=g, minlength=len(counts))
    dcg = np.sum(group_gain / counts * (cumulative[ends] - cumulative[ends - counts]))
    ideal = np.sum(np.sort(g)[::-1] * discount)
    return float(dcg / ideal) if ideal > 0 else 0.0


def mean_reciprocal_rank__generator(ranked_relevance):
    if len(ranked_relevance) == 0:
        raise ValueError("`ranked_relevance` must hold at least one query")
    reciprocal = [next((1 / rank for rank, rel in enumerate(r.tolist(), start=1) if rel), 0)
                  for r in ranked_relevance]
    return math.fsum(reciprocal) / len(reciprocal)


def mean_reciprocal_rank__padded_matrix(ranked_relevance):
    # All queries at once: pad to one matrix, argmax of "relevant" per row.
    if not ranked_relevance:
        raise ValueError("`ranked_relevance` must hold at least one query")
    width = max(len(r) for r in ranked_relevance) + 1
    relevant = np.zeros((len(ranked_relevance), width), dtype=bool)
    for i, r in enumerate(ranked_relevance):
        relevant[i, :len(r)] = np.asarray(r) != 0
    first = np.argmax(relevant, axis=1)
    reciprocal = np.where(relevant.any(axis=1), 1.0 / (first + 1), 0.0)
    return float(reciprocal.mean())


def expected_calibration_error__mask_per_bin(y_true, y_prob, n_bins=10):
    if len(y_true) == 0:
        raise ValueError("empty input")
    if not np.isin(y_true, (0, 1)).all():
        raise ValueError("`y_true` must hold 0 or 1")
    if not ((y_prob >= 0) & (y_prob <= 1)).all():
        raise ValueError("`y_prob` must lie in [0, 1]")
    if n_bins < 1:
        raise ValueError("`n_bins` must be >= 1")
    edges = np.linspace(0, 1, n_bins + 1)
    ece = 0.0
    for b in range(n_bins):
        in_bin = (y_prob > edges[b]) & (y_prob <= edges[b + 1])
        if b == 0:
            in_bin |= y_prob == 0
        if in_bin.any():
            ece += in_bin.mean() * abs(y_true[in_bin].mean() - y_prob[in_bin].mean())
    return float(ece)


def expected_calibration_error__sorted_runs(y_true, y_prob, n_bins=10):
    y_true = np.asarray(y_true, dtype=float)
    if y_true.size == 0 or n_bins < 1:
        raise ValueError("empty input or n_bins < 1")
    if np.any((y_true != 0) & (y_true != 1)) or not np.all((y_prob >= 0) & (y_prob <= 1)):
        raise ValueError("labels must be 0/1 and probabilities in [0, 1]")
    order = np.argsort(y_prob)
    p, y = y_prob[order], y_true[order]
    edges = np.linspace(0, 1, n_bins + 1)
    # Bin b ends after the last p <= edges[b + 1]; p = 0 falls in the first run.
    ends = np.searchsorted(p, edges[1:], side="right")
    starts = np.concatenate(([0], ends[:-1]))
    total = 0.0
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        if end > start:
            total += abs(math.fsum(y[start:end]) - math.fsum(p[start:end]))
    return total / len(p)


def expected_calibration_error__digitize_right(y_true, y_prob, n_bins=10):
    # np.digitize(..., right=True) on the interior edges gives the b with
    # edges[b] < p <= edges[b + 1], and 0 for p = 0.
    y_true, y_prob = np.asarray(y_true), np.asarray(y_prob, dtype=float)
    if len(y_true) == 0 or n_bins < 1:
        raise ValueError("empty input or n_bins < 1")
    if not np.isin(y_true, (0, 1)).all():
        raise ValueError("`y_true` must hold 0 or 1")
    if not np.all((y_prob >= 0) & (y_prob <= 1)):
        raise ValueError("`y_prob` must lie in [0, 1]")
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    bins = np.digitize(y_prob, edges[1:-1], right=True)
    label_sums = np.bincount(bins, weights=y_true.astype(float), minlength=n_bins)
    prob_sums = np.bincount(bins, weights=y_prob, minlength=n_bins)
    return float(np.abs(label_sums - prob_sums).sum() / len(y_true))


def _b_check_labels(y_true, y_pred, n_classes):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if n_classes < 1 or len(y_true) != len(y_pred):
        raise ValueError("n_classes must be >= 1 and the lengths equal")
    for labels in (y_true, y_pred):
        if labels.dtype.kind not in "biuf" or np.any(np.mod(labels, 1) != 0):
            raise ValueError("labels must be whole numbers")
        if np.any((labels < 0) | (labels >= n_classes)):
            raise ValueError("labels must lie in [0, n_classes)")
    return y_true.astype(np.int64), y_pred.astype(np.int64)


def confusion_matrix__add_at(y_true, y_pred, n_classes):
    t, p = _b_check_labels(y_true, y_pred, n_classes)
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(counts, (t, p), 1)  # unbuffered: repeated pairs all count
    return counts


def confusion_matrix__one_hot_product(y_true, y_pred, n_classes):
    t, p = _b_check_labels(y_true, y_pred, n_classes)
    eye = np.eye(n_classes, dtype=np.int64)
    return eye[t].T @ eye[p]  # (k, n) @ (n, k): sums of outer products of one-hot rows


def confusion_matrix__histogram2d(y_true, y_pred, n_classes):
    # A 2-D histogram with one unit-wide bin per class, [i, i + 1).
    t, p = _b_check_labels(y_true, y_pred, n_classes)
    counts, _, _ = np.histogram2d(t, p, bins=n_classes,
                                  range=[[0, n_classes], [0, n_classes]])
    return counts.astype(np.int64)


def _b_binary(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if len(y_true) != len(y_pred):
        raise ValueError("length mismatch")
    if not np.all(np.isin(y_true, (0, 1))) or not np.all(np.isin(y_pred, (0, 1))):
        raise ValueError("labels must be 0 or 1")
    return y_true.astype(bool), y_pred.astype(bool)


def precision_recall_f1__harmonic_mean(y_true, y_pred):
    t, p = _b_binary(y_true, y_pred)
    tp = float(np.sum(t & p))
    precision = tp / p.sum() if p.sum() else 0.0
    recall = tp / t.sum() if t.sum() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return float(precision), float(recall), float(f1)


def f1_score__per_class_loop(y_true, y_pred, n_classes, average="macro"):
    if average not in {"macro", "micro", "weighted"}:
        raise ValueError(f"unknown average {average!r}")
    t, p = _b_check_labels(y_true, y_pred, n_classes)
    n = len(t)
    if n == 0:
        return 0.0
    if average == "micro":
        return float(np.mean(t == p))
    total = 0.0
    for c in range(n_classes):
        tp = int(np.sum((t == c) & (p == c)))
        precision = tp / np.sum(p == c) if np.any(p == c) else 0.0
        recall = tp / np.sum(t == c) if np.any(t == c) else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        total += f1 * (np.sum(t == c) / n if average == "weighted" else 1 / n_classes)
    return float(total)


def matthews_corrcoef__pearson(y_true, y_pred):
    # MCC is the Pearson correlation of the two 0/1 vectors (0.0 if one is constant).
    t, p = _b_binary(y_true, y_pred)
    t, p = t.astype(float), p.astype(float)
    if len(t) == 0:
        return 0.0
    dt, dp = t - t.mean(), p - p.mean()
    denominator = math.sqrt(np.dot(dt, dt)) * math.sqrt(np.dot(dp, dp))
    if not denominator:
        return 0.0
    return float(np.clip(np.dot(dt, dp) / denominator, -1.0, 1.0))  # as np.corrcoef does


def matthews_corrcoef__python_int_counts(y_true, y_pred):
    # Python ints never overflow; the square root is taken of an exact integer.
    t, p = _b_binary(y_true, y_pred)
    tp, fp = int(np.sum(t & p)), int(np.sum(~t & p))
    fn, tn = int(np.sum(t & ~p)), int(np.sum(~t & ~p))
    product = (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)
    if not product:
        return 0.0
    return min(1.0, max(-1.0, (tp * tn - fp * fn) / math.sqrt(product)))


def matthews_corrcoef__float_square_roots(y_true, y_pred):
    # Square roots of the four sums taken one by one, in float64: no product of counts.
    t, p = _b_binary(y_true, y_pred)
    tp, tn = float(np.sum(t & p)), float(np.sum(~t & ~p))
    fp, fn = float(np.sum(~t & p)), float(np.sum(t & ~p))
    denominator = (math.sqrt(tp + fp) * math.sqrt(tp + fn) * math.sqrt(tn + fp)
                   * math.sqrt(tn + fn))
    if denominator == 0:
        return 0.0
    return min(1.0, max(-1.0, (tp * tn - fp * fn) / denominator))  # sqrt(tp)**2 != tp


def perplexity__logaddexp(logits, targets):
    targets = np.asarray(targets)
    if np.any((targets < 0) | (targets >= logits.shape[1])):
        raise ValueError("targets must lie in [0, V)")
    lse = np.logaddexp.reduce(logits, axis=1)  # stable pairwise log-sum-exp
    picked = np.take_along_axis(logits, targets[:, None].astype(np.intp), axis=1)[:, 0]
    return float(np.exp(np.mean(lse - picked)))


def perplexity__product_of_nth_roots(logits, targets):
    # exp(mean CE) = prod_i exp(CE_i / n); each factor is at most the result (CE >= 0),
    # and the running product only grows towards it, so nothing overflows early.
    n, vocabulary = logits.shape
    if np.any((targets < 0) | (targets >= vocabulary)):
        raise ValueError("a target lies outside [0, V)")
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_norm = np.log(np.exp(shifted).sum(axis=1))
    cross_entropy = log_norm - shifted[np.arange(n), targets]
    return float(np.prod(np.exp(cross_entropy / n)))


def _b_grams(tokens, n):
    counts = {}
    for i in range(len(tokens) - n + 1):
        gram = tuple(tokens[i:i + n])
        counts[gram] = counts.get(gram, 0) + 1
    return counts


def _b_sentence(candidate, references, max_n):
    stats = []
    for n in range(1, max_n + 1):
        best = {}
        for reference in references:
            for gram, k in _b_grams(reference, n).items():
                best[gram] = max(best.get(gram, 0), k)
        cand = _b_grams(candidate, n)
        stats.append((sum(min(k, best.get(g, 0)) for g, k in cand.items()), sum(cand.values())))
    c = len(candidate)
    lengths = sorted(len(r) for r in references)  # sorted: the first closest is the shorter
    r = lengths[int(np.argmin([abs(length - c) for length in lengths]))]
    return stats, c, r


def _b_score(stats, c, r, max_n):
    if c == 0 or any(m == 0 for m, _ in stats):
        return 0.0
    precision = math.prod(m / t for m, t in stats) ** (1.0 / max_n)
    return precision * (math.exp(1 - r / c) if c <= r else 1.0)


def bleu__dicts_and_a_product(candidate, references, max_n=4):
    if max_n < 1 or len(references) == 0:
        raise ValueError("need max_n >= 1 and a reference")
    return _b_score(*_b_sentence(candidate, references, max_n), max_n)


def bleu__counter_union(candidate, references, max_n=4):
    # Counter's | keeps the larger count of each n-gram: the max over the references.
    if not references:
        raise ValueError("no reference")
    if max_n < 1:
        raise ValueError("`max_n` must be >= 1")
    c = len(candidate)
    log_total = 0.0
    for n in range(1, max_n + 1):
        cand = Counter(tuple(candidate[i:i + n]) for i in range(c - n + 1))
        best = Counter()
        for reference in references:
            best |= Counter(tuple(reference[i:i + n]) for i in range(len(reference) - n + 1))
        matches = sum((cand & best).values())
        if matches == 0:
            return 0.0
        log_total += math.log(matches / (c - n + 1))
    r = min(references, key=lambda ref: (abs(len(ref) - c), len(ref)))
    penalty = math.exp(1 - len(r) / c) if c <= len(r) else 1.0
    return penalty * math.exp(log_total / max_n)


def corpus_bleu__dicts_and_a_product(candidates, references_list, max_n=4):
    if len(candidates) != len(references_list) or max_n < 1:
        raise ValueError("length mismatch or max_n < 1")
    pooled, c, r = [(0, 0)] * max_n, 0, 0
    for candidate, references in zip(candidates, references_list, strict=True):
        if not references:
            raise ValueError("a sentence without references")
        stats, ci, ri = _b_sentence(candidate, references, max_n)
        pooled = [(a + m, b + t) for (a, b), (m, t) in zip(pooled, stats, strict=True)]
        c, r = c + ci, r + ri
    return _b_score(pooled, c, r, max_n)
