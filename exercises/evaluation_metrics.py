"""Evaluation metrics: classification, ranking, calibration and text.

Choosing and computing the right metric is a system-design skill: interviews probe
ties, edge cases (0/0, one class) and what each number really measures.

Fill in each function, then grade your work:

    nox -s evaluation_metrics            grade every exercise of this topic
    nox -s evaluation_metrics -- NAME    grade one
    nox -s hint -- NAME                  a hint, one tier at a time
"""

import numpy as np


def roc_curve(y_true: np.ndarray,
              y_score: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The receiver operating characteristic curve of a binary scorer, one point per
    distinct score.

    At a threshold t a sample is predicted positive when its score is >= t. With P
    positives and N negatives, and TP(t), FP(t) the positives and negatives predicted
    positive at t:
        tpr(t) = TP(t) / P        fpr(t) = FP(t) / N
    The thresholds are +inf (nothing predicted positive: the point (0, 0)) followed by
    the DISTINCT scores in decreasing order; the last one predicts everything positive,
    the point (1, 1). Tied scores are one threshold: they cross it together.

    Parameters
    ----------
    y_true : ndarray of shape (n,)
        Binary labels, 0 or 1 (int or float), with both classes present.
    y_score : ndarray of shape (n,), float64
        Scores; higher means "more likely positive". Ties are allowed.

    Returns
    -------
    fpr : ndarray of shape (m + 1,), float64
        False-positive rate at each threshold, from 0 up to 1.
    tpr : ndarray of shape (m + 1,), float64
        True-positive rate at each threshold, from 0 up to 1.
    thresholds : ndarray of shape (m + 1,), float64
        inf, then the m distinct scores in decreasing order.

    Raises
    ------
    ValueError
        If an entry of y_true is not 0 or 1, or y_true holds only one class.

    Notes
    -----
    This is scikit-learn's ``roc_curve(y_true, y_score, drop_intermediate=False)``.
    Edge cases: all scores equal gives three points, (0, 0), then (1, 1) at that score
    (m = 1 plus the inf). Ties: cumulative sums taken per sample after a sort would put
    a different point for each tied sample, in an order decided by the input; take them
    once per distinct score instead (at the last sample of each run of equal scores).
    Why interviewers ask: the ROC curve is what AUC summarises, and building it from a
    sort and two cumulative sums (not a loop over thresholds) is the expected answer.

    Examples
    --------
    >>> fpr, tpr, thr = roc_curve(np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.35, 0.8]))
    >>> fpr.tolist(), tpr.tolist()
    ([0.0, 0.0, 0.5, 0.5, 1.0], [0.0, 0.5, 0.5, 1.0, 1.0])
    >>> thr.tolist()
    [inf, 0.8, 0.4, 0.35, 0.1]
    >>> fpr, tpr, thr = roc_curve(np.array([0, 1, 1]), np.array([0.5, 0.5, 0.9]))  # a tie
    >>> fpr.tolist(), tpr.tolist(), thr.tolist()
    ([0.0, 0.0, 1.0], [0.0, 0.5, 1.0], [inf, 0.9, 0.5])
    """
    raise NotImplementedError("evaluation_metrics.roc_curve")


def auc_roc(y_true: np.ndarray, y_score: np.ndarray) -> float:
    """Area under the ROC curve: the probability that a random positive outscores a
    random negative, a tie counting one half.

        AUC = P(score_pos > score_neg) + P(score_pos == score_neg) / 2
    over all P * N (positive, negative) pairs. It equals the trapezoidal area under
    the ROC curve of ``roc_curve`` (a tie between a positive and a negative is a
    diagonal segment of the curve, whose area is one half per pair).

    Parameters
    ----------
    y_true : ndarray of shape (n,)
        Binary labels, 0 or 1 (int or float), with both classes present.
    y_score : ndarray of shape (n,), float64
        Scores; higher means "more likely positive". Ties are allowed.

    Returns
    -------
    float
        The AUC, in [0, 1]: 1 when every positive outscores every negative, 0.5 when
        all scores are equal.

    Raises
    ------
    ValueError
        If an entry of y_true is not 0 or 1, or y_true holds only one class.

    Notes
    -----
    Scale: n = 1,000,000 samples in well under a second, so O(n log n): sort once and
    count, never compare all pairs (that is 2.5e11 pairs at n = 10^6).
    Ties must count one half per tied (positive, negative) pair, whatever the order of
    the tied samples in the input.
    Why interviewers ask: AUC's meaning as a ranking probability (the Mann-Whitney U
    statistic divided by P * N), and its invariance to any increasing transform of the
    scores, come up in every discussion of classifier evaluation.

    Examples
    --------
    >>> auc_roc(np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.35, 0.8]))
    0.75
    >>> auc_roc(np.array([0, 1]), np.array([0.3, 0.3]))  # one tied pair counts 1/2
    0.5
    """
    raise NotImplementedError("evaluation_metrics.auc_roc")


def average_precision(y_true: np.ndarray, y_score: np.ndarray) -> float:
    """Average precision: precision averaged over the recall gained at each threshold.

    Over the distinct scores t_1 > t_2 > ... (a threshold per distinct score; tied
    scores cross it together), with P_k and R_k the precision TP/(TP + FP) and recall
    TP/P of "score >= t_k", and R_0 = 0:
        AP = sum_k (R_k - R_{k-1}) P_k
    No interpolation and no trapezoids: each step up in recall is weighted by the
    precision at the END of that step (scikit-learn's ``average_precision_score``).

    Parameters
    ----------
    y_true : ndarray of shape (n,)
        Binary labels, 0 or 1 (int or float), with at least one positive.
    y_score : ndarray of shape (n,), float64
        Scores; higher means "more likely positive". Ties are allowed.

    Returns
    -------
    float
        AP in (0, 1]; 1.0 when every positive outscores every negative, and when there
        is no negative at all.

    Raises
    ------
    ValueError
        If an entry of y_true is not 0 or 1, or y_true holds no positive.

    Notes
    -----
    Scale: n = 1,000,000 samples, so one sort and cumulative sums, no loop over
    thresholds. A group of tied scores is ONE threshold: its positives all arrive at the
    same precision, the precision after the whole group (so the order of tied samples
    in the input cannot matter).
    Why interviewers ask: on heavily imbalanced data AUC-ROC can look excellent while
    the precision is poor; AP (area under the precision-recall curve) shows it.

    Examples
    --------
    >>> average_precision(np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.35, 0.8]))
    0.8333333333333333
    >>> average_precision(np.array([1, 0, 1]), np.array([0.5, 0.5, 0.2]))  # a tie
    0.5833333333333333
    """
    raise NotImplementedError("evaluation_metrics.average_precision")


def ndcg_at_k(relevance: np.ndarray, scores: np.ndarray, k: int | None = None,
              gain: str = "linear") -> float:
    """Normalised discounted cumulative gain of one query's ranking, at cut-off k.

    Rank the documents by score, highest first (rank r = 1, 2, ...). Then
        DCG@k = sum over ranks r <= k of g(rel_r) / log2(r + 1)
    with g(rel) = rel ("linear") or 2^rel - 1 ("exponential"), and
        NDCG@k = DCG@k / IDCG@k
    where IDCG@k is the DCG@k of the ideal ranking (relevances sorted descending).
    Tied scores: their order is undefined, so every document of a group of tied scores
    gets the AVERAGE gain of the group, at each of the positions the group occupies
    (scikit-learn's ``ndcg_score`` with its default ``ignore_ties=False``).

    Parameters
    ----------
    relevance : ndarray of shape (n,)
        True relevance of each document, >= 0 (graded, need not be integers).
    scores : ndarray of shape (n,), float64
        Predicted scores; higher is ranked first. Ties are allowed.
    k : int or None, default=None
        Only ranks 1..k count; None, or k >= n, means all n documents.
    gain : {"linear", "exponential"}, default="linear"
        g(rel) = rel, or g(rel) = 2^rel - 1.

    Returns
    -------
    float
        NDCG@k in [0, 1]; 0.0 when IDCG@k is 0 (no relevant document).

    Raises
    ------
    ValueError
        If the lengths of relevance and scores differ, k < 1, gain is neither
        "linear" nor "exponential", or a relevance is negative.

    Notes
    -----
    Edge cases: a group of ties cut by k contributes its average gain at each of its
    positions up to k only. With all scores tied, every position holds the mean gain.
    Why interviewers ask: NDCG is the standard metric of search and recommendation
    ranking; the discount, the ideal normalisation and the gain choice are the usual
    follow-up questions.

    Examples
    --------
    >>> round(ndcg_at_k(np.array([3.0, 2.0, 0.0]), np.array([0.9, 0.8, 0.1])), 6)
    1.0
    >>> round(ndcg_at_k(np.array([0.0, 1.0]), np.array([0.9, 0.1])), 6)  # (1/log2 3) / 1
    0.63093
    >>> round(ndcg_at_k(np.array([0.0, 1.0]), np.array([0.5, 0.5])), 6)  # tied: 1/2 each
    0.815465
    """
    raise NotImplementedError("evaluation_metrics.ndcg_at_k")


def mean_reciprocal_rank(ranked_relevance: list[np.ndarray]) -> float:
    """Mean reciprocal rank over queries: how high the first relevant result sits.

    Each query is a 1-D relevance array already in rank order (entry 0 is rank 1). Its
    reciprocal rank is 1 / (rank of its first nonzero entry), or 0 when it has none;
    MRR is the mean over all queries:
        MRR = (1/Q) sum_q 1 / rank_q

    Parameters
    ----------
    ranked_relevance : list of ndarray of shape (n_q,)
        One relevance array per query, in rank order; lengths may differ, and an
        array may be empty. Any nonzero entry is relevant (graded relevance works).

    Returns
    -------
    float
        MRR in [0, 1].

    Raises
    ------
    ValueError
        If the list is empty (no query).

    Notes
    -----
    A query with no relevant result (or no result at all) still counts, as 0: dropping
    it would reward a system for failing silently. Ranks start at 1.
    Why interviewers ask: MRR is the metric of question answering and navigational
    search, where only the first good answer matters; contrast it with MAP and NDCG.

    Examples
    --------
    >>> mean_reciprocal_rank([np.array([0, 1, 0]), np.array([1, 0]), np.array([0, 0])])
    0.5
    """
    raise NotImplementedError("evaluation_metrics.mean_reciprocal_rank")


def expected_calibration_error(y_true: np.ndarray, y_prob: np.ndarray,
                               n_bins: int = 10) -> float:
    """Expected calibration error of binary probabilities, with equal-width bins.

    Split [0, 1] at edges = np.linspace(0, 1, n_bins + 1). Bin b holds the
    probabilities in (edges[b], edges[b + 1]] (closed on the RIGHT), and bin 0 also
    holds p = 0 exactly. Over the non-empty bins, with n_b samples in bin b:
        ECE = sum_b (n_b / n) * abs(mean of y_true in b - mean of y_prob in b)
    the count-weighted gap between how often the event happened and how likely it was
    said to be.

    Parameters
    ----------
    y_true : ndarray of shape (n,)
        Binary labels, 0 or 1 (int or float).
    y_prob : ndarray of shape (n,), float64
        Predicted P(y = 1), each in [0, 1].
    n_bins : int, default=10
        Number of equal-width bins, >= 1.

    Returns
    -------
    float
        ECE in [0, 1]; 0 for perfect calibration.

    Raises
    ------
    ValueError
        If y_true is empty, an entry of y_true is not 0 or 1, a probability is not in
        [0, 1] (nan included), or n_bins < 1.

    Notes
    -----
    Edges: use the edges from np.linspace itself and compare with them, so a
    probability equal to an edge (0.1, 0.5, 1.0...) lands in the bin BELOW that edge;
    floor(p * n_bins) and np.digitize's default both put it in the bin above. Empty
    bins contribute nothing. n_bins = 1 gives abs(mean(y_true) - mean(y_prob)).
    Why interviewers ask: a model can rank well (high AUC) and still be badly
    calibrated; ECE is the standard measure, and its binning choices change its value.

    Examples
    --------
    >>> y_true = np.array([0, 1, 1, 1])
    >>> y_prob = np.array([0.2, 0.4, 0.6, 0.8])
    >>> round(expected_calibration_error(y_true, y_prob, n_bins=2), 6)  # (2/4)0.2+(2/4)0.3
    0.25
    """
    raise NotImplementedError("evaluation_metrics.expected_calibration_error")


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> np.ndarray:
    """Count how often each true class was predicted as each class.

    C[i, j] = number of samples whose true label is i and whose predicted label is j.
    Rows are true classes, columns predicted classes, so the diagonal holds the correct
    predictions, row sums are each class's support and column sums how often each class
    was predicted.

    Parameters
    ----------
    y_true : ndarray of shape (n,)
        True class labels, integers in [0, n_classes). Any integer or bool dtype; floats
        are accepted when every value is a whole number (1.0, as scikit-learn does).
    y_pred : ndarray of shape (n,)
        Predicted class labels, same rules.
    n_classes : int
        k, the number of classes; classes absent from both arrays still get their row
        and column.

    Returns
    -------
    ndarray of shape (k, k), dtype int64
        The counts; exactly int64 (not float, not int32), summing to n.

    Raises
    ------
    ValueError
        If a label is not a whole number (1.5, nan), if a label lies outside
        [0, n_classes), if n_classes < 1, or if y_true and y_pred differ in length.

    Notes
    -----
    Empty inputs give a k x k matrix of zeros. Beware ``C[y_true, y_pred] += 1``:
    fancy-index assignment writes each repeated (i, j) pair once, so it undercounts;
    count pairs with np.bincount (or np.add.at) instead.
    Why interviewers ask: every classification metric (precision, recall, F1, MCC) is
    a function of this table, and reading its rows and columns the right way round is
    the first thing a metric question checks.

    Examples
    --------
    >>> confusion_matrix(np.array([0, 1, 1, 2]), np.array([0, 2, 1, 2]), 3).tolist()
    [[1, 0, 0], [0, 1, 1], [0, 0, 1]]
    """
    raise NotImplementedError("evaluation_metrics.confusion_matrix")


def precision_recall_f1(y_true: np.ndarray, y_pred: np.ndarray) -> tuple[float, float, float]:
    """Precision, recall and F1 of binary predictions (positive class = 1).

    With TP, FP, FN the counts of true positives, false positives and false negatives:
    precision = TP / (TP + FP), recall = TP / (TP + FN), and F1, their harmonic mean,
    = 2 precision recall / (precision + recall) = 2 TP / (2 TP + FP + FN).

    Parameters
    ----------
    y_true : ndarray of shape (n,)
        True binary labels (values 0 or 1; any integer, bool or float dtype).
    y_pred : ndarray of shape (n,)
        Predicted binary labels.

    Returns
    -------
    precision : float
    recall : float
    f1 : float
        A tuple of three Python floats, each in [0, 1].

    Raises
    ------
    ValueError
        If y_true and y_pred differ in length, or if either holds a value other than
        0 or 1.

    Notes
    -----
    Every 0/0 is 0.0 (scikit-learn's zero_division=0): no predicted positive gives
    precision 0.0, no actual positive gives recall 0.0, and F1 is 0.0 when both are 0
    (empty input included).
    Why interviewers ask: which of precision and recall matters is a product decision
    (spam filter vs cancer screen), and the 0/0 cases are where naive code returns nan.

    Examples
    --------
    >>> p, r, f = precision_recall_f1(np.array([1, 1, 0, 0]), np.array([1, 0, 1, 0]))
    >>> (p, r, f)
    (0.5, 0.5, 0.5)
    >>> precision_recall_f1(np.array([1, 0]), np.array([0, 0]))
    (0.0, 0.0, 0.0)
    """
    raise NotImplementedError("evaluation_metrics.precision_recall_f1")


def f1_score(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int,
             average: str = "macro") -> float:
    """Multi-class F1 score, averaged "macro", "micro" or "weighted".

    For each class c (one-vs-rest): precision_c = TP_c / predicted_c, recall_c =
    TP_c / support_c, F1_c = 2 TP_c / (predicted_c + support_c), where predicted_c counts
    the samples predicted as c and support_c the samples whose true label is c.
      - "macro": the plain mean of F1_c over ALL k classes, absent ones included.
      - "weighted": sum_c support_c F1_c / n (weights = true-class counts).
      - "micro": F1 of the counts pooled over classes (sum TP_c over sum predicted_c
        and over sum support_c); with one label per sample this equals the accuracy.

    Parameters
    ----------
    y_true : ndarray of shape (n,)
        True class labels in [0, n_classes), with the rules of ``confusion_matrix``
        (integer or bool dtype, or floats that are whole numbers).
    y_pred : ndarray of shape (n,)
        Predicted class labels, same rules.
    n_classes : int
        k, the number of classes, >= 1.
    average : {"macro", "micro", "weighted"}, default="macro"
        How to combine the per-class scores.

    Returns
    -------
    float
        The averaged F1, in [0, 1].

    Raises
    ------
    ValueError
        If average is anything else, and on every input confusion_matrix refuses: a
        label that is not a whole number, a label outside [0, n_classes),
        n_classes < 1, or y_true and y_pred of different lengths.

    Notes
    -----
    A per-class 0/0 (a class never true and never predicted) is 0.0, and it still
    counts in the macro mean (scikit-learn's f1_score(..., labels=range(k),
    zero_division=0)). Empty input gives 0.0 for every average. Macro F1 is the mean of
    the per-class F1 scores, not the F1 of the mean precision and mean recall.
    Why interviewers ask: on imbalanced data macro and micro F1 tell different stories,
    and knowing which one a dashboard reports decides whether a rare class is seen.

    Examples
    --------
    >>> y_true, y_pred = np.array([0, 0, 1, 2]), np.array([0, 1, 1, 2])
    >>> round(f1_score(y_true, y_pred, 3), 6)  # per class 2/3, 2/3, 1
    0.777778
    >>> f1_score(y_true, y_pred, 3, average="micro")  # 3 of 4 correct
    0.75
    >>> round(f1_score(y_true, y_pred, 4), 6)  # class 3 never appears: it counts 0
    0.583333
    """
    raise NotImplementedError("evaluation_metrics.f1_score")


def matthews_corrcoef(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Matthews correlation coefficient of binary predictions.

    MCC = (TP TN - FP FN) / sqrt((TP + FP)(TP + FN)(TN + FP)(TN + FN)), the Pearson
    correlation between the true and the predicted labels: 1 for perfect predictions,
    -1 for always-wrong ones, 0 for chance level.

    Parameters
    ----------
    y_true : ndarray of shape (n,)
        True binary labels (values 0 or 1; any integer, bool or float dtype).
    y_pred : ndarray of shape (n,)
        Predicted binary labels.

    Returns
    -------
    float
        MCC in [-1, 1], clipped there: rounding must not turn a perfect prediction's 1
        into 1.0000000000000002.

    Raises
    ------
    ValueError
        If y_true and y_pred differ in length, or if either holds a value other than
        0 or 1.

    Notes
    -----
    0.0 when the denominator is 0 (one of the four sums is 0: a single class in y_true
    or in y_pred; empty input too), as scikit-learn does. At n = 10^6 the product of
    the four sums is about 6e22, beyond int64 (9.2e18): form it in floating point (or
    take square roots first), never in the counts' integer dtype. The numerator and the
    rounded square root can then differ by an ulp when MCC is +-1, so clip the result
    to [-1, 1].
    Why interviewers ask: unlike accuracy and F1, MCC uses all four cells of the
    confusion matrix, so it stays honest on imbalanced data.

    Examples
    --------
    >>> round(matthews_corrcoef(np.array([1, 1, 0, 0]), np.array([1, 0, 0, 0])), 6)
    0.57735
    >>> matthews_corrcoef(np.array([1, 0, 1]), np.array([1, 1, 1]))  # denominator 0
    0.0
    """
    raise NotImplementedError("evaluation_metrics.matthews_corrcoef")


def perplexity(logits: np.ndarray, targets: np.ndarray) -> float:
    """Perplexity of next-token predictions: exp of the mean cross-entropy.

    For sample i with logits z_i (V,) and target token t_i, the cross-entropy is
    CE_i = -log softmax(z_i)[t_i] = logsumexp(z_i) - z_i[t_i], where
    logsumexp(z) = max(z) + log(sum_j exp(z_j - max(z))). The perplexity is
    exp((1/n) sum_i CE_i).

    Parameters
    ----------
    logits : ndarray of shape (n, V)
        Unnormalised scores over a vocabulary of V tokens, one row per position;
        finite, abs values up to 1e4.
    targets : ndarray of shape (n,), integer dtype
        The true token at each position, in [0, V).

    Returns
    -------
    float
        The perplexity, >= 1 (V for uniform logits).

    Raises
    ------
    ValueError
        If a target is negative or >= V.

    Notes
    -----
    Compute the log-softmax directly (z_t - logsumexp(z)), never log(softmax(z)): a
    probability that underflows to 0 gives log(0) = -inf and an infinite perplexity.
    Take exp once, of the mean: the product of the per-position perplexities overflows
    long before the result does, and the mean of per-position perplexities is a
    different (wrong) quantity. The result is exact up to rounding wherever it is below
    the float maximum (mean CE below about 709.78).
    Why interviewers ask: perplexity is the language-model metric; it is "the effective
    number of equally likely choices", and computing it stably is cross-entropy again.

    Examples
    --------
    >>> round(perplexity(np.zeros((3, 5)), np.array([0, 4, 2])), 6)  # uniform over 5
    5.0
    >>> logits = np.array([[0.0, np.log(3.0)], [1e4, 1e4]])
    >>> round(perplexity(logits, np.array([1, 0])), 6)  # exp((log(4/3) + log 2) / 2)
    1.632993
    """
    raise NotImplementedError("evaluation_metrics.perplexity")


def bleu(candidate: list[str], references: list[list[str]], max_n: int = 4) -> float:
    """Sentence BLEU (Papineni et al. 2002) of one tokenised candidate, no smoothing.

    For n = 1 .. max_n, the clipped n-gram precision is
    p_n = sum over the candidate's distinct n-grams g of min(count_cand(g), max_ref(g))
    divided by the number of n-grams in the candidate (c - n + 1), where max_ref(g) is
    the largest number of times g occurs in any ONE reference. Then
    BLEU = BP * exp((1/max_n) sum_n log p_n), with the brevity penalty
    BP = exp(1 - r/c) when c <= r and 1 otherwise; c is the candidate's length and r
    the reference length closest to c (the shorter one on a tie).

    Parameters
    ----------
    candidate : list of str
        The candidate's tokens.
    references : list of list of str
        One or more tokenised references.
    max_n : int, default=4
        The largest n-gram order; the orders get equal weights 1/max_n.

    Returns
    -------
    float
        BLEU in [0, 1] (not the 0-100 scale some tools print).

    Raises
    ------
    ValueError
        If references is empty, or if max_n < 1.

    Notes
    -----
    0.0 when c = 0 or when any p_n is 0; there is no smoothing, so a candidate shorter
    than n has no n-grams of order n, that precision counts 0 and BLEU is 0.0.
    Clipping by the sum of the references' counts, or by the first reference only, is
    wrong; so is applying the penalty when the candidate is longer than r.
    Why interviewers ask: BLEU is the classic generation metric, and clipping, the
    brevity penalty and why sentence-level BLEU is so often 0 are the details it tests.

    Examples
    --------
    >>> cand = "the cat sat on the mat".split()
    >>> round(bleu(cand, ["the cat sat on a mat".split()], max_n=2), 6)  # sqrt(5/6 * 3/5)
    0.707107
    >>> bleu(["the", "the", "the"], [["the", "cat"]], max_n=1)  # clipped to 1 of 3
    0.3333333333333333
    >>> bleu(["a", "cat"], [["a", "cat"]], max_n=4)  # no 3-grams: no smoothing
    0.0
    """
    raise NotImplementedError("evaluation_metrics.bleu")


def corpus_bleu(candidates: list[list[str]], references_list: list[list[list[str]]],
                max_n: int = 4) -> float:
    """Corpus BLEU: n-gram statistics pooled over every sentence before dividing.

    Sentence i contributes its clipped n-gram matches and its candidate n-gram count
    for each order n (as in ``bleu``); the pooled precision is
    P_n = sum_i matches_i(n) / sum_i totals_i(n), and
    BLEU = BP * exp((1/max_n) sum_n log P_n), where the brevity penalty
    BP = exp(1 - r/c) when c <= r (else 1) uses c = the total candidate length and
    r = the sum over sentences of each sentence's closest reference length (the
    shorter on a tie).

    Parameters
    ----------
    candidates : list of list of str
        One tokenised candidate per sentence.
    references_list : list of list of list of str
        For each sentence, its tokenised references (one or more; the number may vary
        from sentence to sentence).
    max_n : int, default=4
        The largest n-gram order; equal weights 1/max_n.

    Returns
    -------
    float
        Corpus BLEU in [0, 1].

    Raises
    ------
    ValueError
        If candidates and references_list differ in length, if a sentence has no
        reference, or if max_n < 1.

    Notes
    -----
    0.0 when c = 0 (no sentence, or all candidates empty) or when any pooled P_n is 0.
    A sentence too short for some order adds 0 to both sums of that order, so it does
    not zero the corpus score. Corpus BLEU is not the mean of the sentence BLEUs.
    Why interviewers ask: reported BLEU is corpus-level, and averaging sentence scores
    (each often 0 without smoothing) gives a different, pessimistic number.

    Examples
    --------
    >>> cands = [["a", "cat"], ["the", "dog", "ran"]]
    >>> refs = [[["a", "cat"]], [["the", "dog", "ran", "off"]]]
    >>> round(corpus_bleu(cands, refs, max_n=2), 6)  # P = 5/5, 3/3; BP = exp(1 - 6/5)
    0.818731
    """
    raise NotImplementedError("evaluation_metrics.corpus_bleu")
