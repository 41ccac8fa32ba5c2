"""The evaluation_metrics reference solutions against independent oracles (scikit-learn, SciPy,
pandas, sacrebleu, closed forms) on random and edge-case inputs, plus literal values
worked out by hand."""

import doctest
import itertools
import math
from fractions import Fraction

import mpmath
import numpy as np
import pandas as pd
import pytest
import sacrebleu.metrics
from scipy import special
from sklearn import metrics as skm

import reference.evaluation_metrics as ref

# The ranking metrics against scikit-learn, and AUC against exact pair counting in
# fractions.Fraction; the tie cases come from scores rounded to a coarse grid.


def _binary_case(seed, n, grid=None):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=n)
    y[:2] = [0, 1]  # both classes
    rng.shuffle(y)
    score = rng.normal(size=n) + 0.7 * y
    if grid:
        score = np.round(score * grid) / grid
    return y, score


SCORE_INPUTS = [(seed, n, grid) for seed in range(4) for n, grid in
                [(2, None), (9, None), (60, 2), (300, None), (300, 4), (1000, 1)]]


@pytest.mark.parametrize(("seed", "n", "grid"), SCORE_INPUTS)
def test_roc_curve_matches_sklearn(seed, n, grid):
    y, score = _binary_case(seed, n, grid)
    fpr, tpr, thresholds = ref.roc_curve(y, score)
    sk_fpr, sk_tpr, sk_thresholds = skm.roc_curve(y, score, drop_intermediate=False)
    np.testing.assert_allclose(fpr, sk_fpr, rtol=1e-14, atol=0)
    np.testing.assert_allclose(tpr, sk_tpr, rtol=1e-14, atol=0)
    assert thresholds.tolist() == sk_thresholds.tolist()


def _exact_auc(y, score):
    """P(pos > neg) + P(tie) / 2 over every pair, in exact rational arithmetic."""
    pos = [s for s, t in zip(score.tolist(), y.tolist(), strict=True) if t == 1]
    neg = [s for s, t in zip(score.tolist(), y.tolist(), strict=True) if t == 0]
    wins = sum(Fraction(1) if p > q else Fraction(1, 2) if p == q else Fraction(0)
               for p in pos for q in neg)
    return wins / (len(pos) * len(neg))


@pytest.mark.parametrize(("seed", "n", "grid"), SCORE_INPUTS)
def test_auc_roc_matches_pair_counting_and_sklearn(seed, n, grid):
    y, score = _binary_case(seed, n, grid)
    got = ref.auc_roc(y, score)
    assert isinstance(got, float)
    assert got == pytest.approx(float(_exact_auc(y, score)), rel=1e-14, abs=1e-15)
    assert got == pytest.approx(skm.roc_auc_score(y, score), rel=1e-12, abs=1e-15)


def test_auc_roc_at_scale_matches_sklearn():
    rng = np.random.default_rng(7)
    n = 1_000_000
    y = (rng.random(n) < 0.003).astype(np.int64)
    score = np.round(np.clip(rng.normal(0.3 + 0.2 * y, 0.15), 0, 1) * 5000) / 5000
    assert ref.auc_roc(y, score) == pytest.approx(skm.roc_auc_score(y, score), rel=1e-11)
    assert ref.average_precision(y, score) == pytest.approx(
        skm.average_precision_score(y, score), rel=1e-11)


@pytest.mark.parametrize(("seed", "n", "grid"), SCORE_INPUTS)
def test_average_precision_matches_sklearn(seed, n, grid):
    y, score = _binary_case(seed, n, grid)
    got = ref.average_precision(y, score)
    assert isinstance(got, float)
    assert got == pytest.approx(skm.average_precision_score(y, score), rel=1e-12, abs=1e-15)


def test_ranking_metrics_do_not_depend_on_the_order_of_tied_samples():
    y, score = _binary_case(3, 200, grid=2)
    order = np.random.default_rng(0).permutation(200)
    assert ref.auc_roc(y, score) == ref.auc_roc(y[order], score[order])
    assert ref.average_precision(y, score) == pytest.approx(
        ref.average_precision(y[order], score[order]), rel=1e-15)
    for a, b in zip(ref.roc_curve(y, score), ref.roc_curve(y[order], score[order]),
                    strict=True):
        assert a.tolist() == b.tolist()


def test_ranking_metrics_by_hand():
    # Pairs (pos .35, .8) x (neg .1, .4): .35 > .1, .35 < .4, .8 > both: 3 of 4.
    y, score = np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.35, 0.8])
    assert ref.auc_roc(y, score) == 0.75
    fpr, tpr, thresholds = ref.roc_curve(y, score)
    assert fpr.tolist() == [0.0, 0.0, 0.5, 0.5, 1.0]
    assert tpr.tolist() == [0.0, 0.5, 0.5, 1.0, 1.0]
    assert thresholds.tolist() == [np.inf, 0.8, 0.4, 0.35, 0.1]
    # Ranking .8 (pos), .4 (neg), .35 (pos): AP = 1/2 * 1 + 1/2 * 2/3 = 5/6.
    assert ref.average_precision(y, score) == pytest.approx(5 / 6, rel=1e-15)
    # A tied (pos, neg) pair counts 1/2; the other pair is won: (1 + 1/2) / 2.
    assert ref.auc_roc(np.array([0, 1, 1]), np.array([0.5, 0.5, 0.9])) == 0.75
    # One threshold at the tie: TP = 1, FP = 1 there, so its precision is 1/2.
    tied = ref.average_precision(np.array([1, 0, 1]), np.array([0.5, 0.5, 0.2]))
    assert tied == pytest.approx(0.5 * 0.5 + 0.5 * 2 / 3, rel=1e-15)
    # All scores equal: the diagonal, AUC 1/2; AP = the share of positives.
    assert ref.auc_roc(np.array([1, 0, 0, 1, 1]), np.full(5, 0.3)) == 0.5
    assert ref.average_precision(np.array([1, 0, 0, 1, 1]), np.full(5, 0.3)) == 0.6
    # No negative at all: every precision is 1.
    assert ref.average_precision(np.array([1, 1]), np.array([0.2, 0.7])) == 1.0


@pytest.mark.parametrize("call", [ref.roc_curve, ref.auc_roc])
@pytest.mark.parametrize("y", [[0, 1, 2], [0.0, 1.0, 0.5], [1, 1, 1], [0, 0, 0]])
def test_roc_and_auc_reject_bad_labels(call, y):
    with pytest.raises(ValueError, match="y_true"):
        call(np.array(y), np.array([0.1, 0.5, 0.3]))


@pytest.mark.parametrize("y", [[0, 1, 2], [0, -1, 1], [0, 0, 0]])
def test_average_precision_rejects_bad_labels(y):
    with pytest.raises(ValueError, match="y_true"):
        ref.average_precision(np.array(y), np.array([0.1, 0.5, 0.3]))


# --- ndcg_at_k: scikit-learn's ndcg_score (one query = one row; ignore_ties=False
# averages tied gains; exponential gain = linear gain on 2^rel - 1) ---------------------


NDCG_INPUTS = [(seed, n, grid, k) for seed in range(3) for n, grid in
               [(2, None), (12, None), (12, 2), (40, 5), (40, 1)] for k in (None, 1, 5, 100)]


@pytest.mark.parametrize("gain", ["linear", "exponential"])
@pytest.mark.parametrize(("seed", "n", "grid", "k"), NDCG_INPUTS)
def test_ndcg_matches_sklearn(seed, n, grid, k, gain):
    rng = np.random.default_rng(seed)
    relevance = rng.integers(0, 4, size=n) * rng.choice([1.0, 0.5], size=n)
    relevance[0] = 2.0  # at least one relevant document
    scores = relevance + rng.normal(size=n)
    if grid:
        scores = np.round(scores * grid) / grid
    gains = relevance if gain == "linear" else 2.0 ** relevance - 1.0
    expected = skm.ndcg_score(gains[None, :], scores[None, :], k=k)
    got = ref.ndcg_at_k(relevance, scores, k=k, gain=gain)
    assert isinstance(got, float)
    assert got == pytest.approx(expected, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize(("scale", "offset"), [(1e-12, 0.0), (1e-6, 1e9)])
def test_ndcg_close_scores_are_not_ties(scale, offset):
    # Scores 1e-12 apart, or 1e-6 apart near 1e9, are distinct: no tie averaging.
    rng = np.random.default_rng(3)
    relevance = rng.integers(0, 4, size=12).astype(float)
    scores = offset + scale * rng.permutation(12)
    assert len(np.unique(scores)) == 12
    expected = skm.ndcg_score(relevance[None, :], scores[None, :])
    assert ref.ndcg_at_k(relevance, scores) == pytest.approx(expected, rel=1e-12)


def test_ndcg_ties_are_averaged_by_enumerating_every_order():
    # The tie rule is the mean DCG over every order of the tied documents.
    relevance = np.array([0.0, 3.0, 1.0, 0.0, 2.0])
    scores = np.array([0.9, 0.5, 0.5, 0.5, 0.1])
    for k in (1, 2, 3, 5):
        discount = [1 / math.log2(r + 2) if r < k else 0.0 for r in range(5)]
        ideal = sum(g * d for g, d in zip([3, 2, 1, 0, 0], discount, strict=True))
        dcgs = [sum(g * d for g, d in zip([0.0, *tied, 2.0], discount, strict=True))
                for tied in itertools.permutations([3.0, 1.0, 0.0])]
        expected = float(np.mean(dcgs)) / ideal
        assert ref.ndcg_at_k(relevance, scores, k=k) == pytest.approx(expected, rel=1e-14)
        # scikit-learn's k cuts a tied group the same way (ignore_ties=False)...
        assert skm.ndcg_score(relevance[None], scores[None], k=k) == pytest.approx(
            expected, rel=1e-14)
    # ...while ignore_ties=True ranks tied documents in an arbitrary order: not the rule.
    assert skm.ndcg_score(relevance[None], scores[None], k=2, ignore_ties=True) != (
        pytest.approx(ref.ndcg_at_k(relevance, scores, k=2), rel=1e-6))


def test_ndcg_by_hand():
    # Rank 1 irrelevant, rank 2 relevant: (1 / log2 3) / (1 / log2 2).
    assert ref.ndcg_at_k(np.array([0.0, 1.0]), np.array([0.9, 0.1])) == pytest.approx(
        1 / math.log2(3), rel=1e-15)
    # Tied: each position holds gain 1/2: (1/2)(1 + 1/log2 3).
    assert ref.ndcg_at_k(np.array([0.0, 1.0]), np.array([0.5, 0.5])) == pytest.approx(
        0.5 * (1 + 1 / math.log2(3)), rel=1e-15)
    # Exponential gains 2^2 - 1 = 3 and 2^1 - 1 = 1, ranked worst first.
    assert ref.ndcg_at_k(np.array([1.0, 2.0]), np.array([0.9, 0.1]),
                         gain="exponential") == pytest.approx(
        (1 + 3 / math.log2(3)) / (3 + 1 / math.log2(3)), rel=1e-15)
    assert ref.ndcg_at_k(np.zeros(4), np.arange(4.0)) == 0.0  # ideal DCG 0
    assert ref.ndcg_at_k(np.array([1.0, 0.0, 2.0]), np.array([0.3, 0.2, 0.1]), k=1) == 0.5
    assert ref.ndcg_at_k(np.array([1.0, 0.0]), np.array([0.3, 0.2]), k=10) == 1.0


@pytest.mark.parametrize(("relevance", "scores", "kwargs", "named"), [
    ([1.0, 0.0], [0.1, 0.2, 0.3], {}, "scores"),
    ([1.0, 0.0], [0.1, 0.2], {"k": 0}, "k"),
    ([1.0, 0.0], [0.1, 0.2], {"gain": "exp"}, "gain"),
    ([1.0, -0.5], [0.1, 0.2], {}, "relevance"),
])
def test_ndcg_rejects(relevance, scores, kwargs, named):
    with pytest.raises(ValueError, match=named):
        ref.ndcg_at_k(np.array(relevance), np.array(scores), **kwargs)


# --- mean_reciprocal_rank: with exactly one relevant result per query, MRR is
# scikit-learn's label ranking average precision of that result; otherwise a plain
# Python count from the definition --------------------------------------------------


@pytest.mark.parametrize("seed", range(4))
def test_mrr_matches_sklearn_lrap_with_one_relevant_result_per_query(seed):
    rng = np.random.default_rng(seed)
    n_queries, n_results = 25, 12
    relevant = np.zeros((n_queries, n_results), dtype=np.int64)
    relevant[np.arange(n_queries), rng.integers(0, n_results, size=n_queries)] = 1
    # Results are already in rank order: scores decreasing along each row.
    scores = np.tile(np.arange(n_results, 0, -1.0), (n_queries, 1))
    expected = skm.label_ranking_average_precision_score(relevant, scores)
    got = ref.mean_reciprocal_rank(list(relevant))
    assert isinstance(got, float)
    assert got == pytest.approx(expected, rel=1e-14)


def _mrr_by_definition(queries):
    total = Fraction(0)
    for query in queries:
        for rank, rel in enumerate(query.tolist(), start=1):
            if rel != 0:
                total += Fraction(1, rank)
                break
    return total / len(queries)


@pytest.mark.parametrize("seed", range(4))
def test_mrr_matches_the_definition_on_ragged_queries(seed):
    rng = np.random.default_rng(seed)
    queries = [rng.choice([0.0, 0.0, 0.0, 1.0, 2.5], size=m) for m in rng.integers(0, 15, 30)]
    assert ref.mean_reciprocal_rank(queries) == pytest.approx(
        float(_mrr_by_definition(queries)), rel=1e-14)


def test_mrr_by_hand():
    # Ranks 2, 1 and none: (1/2 + 1 + 0) / 3.
    assert ref.mean_reciprocal_rank([np.array([0, 1, 0]), np.array([1, 0]),
                                     np.array([0, 0])]) == 0.5
    # An empty query counts 0; graded relevance 0.5 counts as relevant: (0 + 1/3) / 2.
    assert ref.mean_reciprocal_rank([np.array([]), np.array([0.0, 0.0, 0.5])]) == (
        pytest.approx(1 / 6, rel=1e-15))
    # Any nonzero entry is relevant, a negative one too: ranks 2 and 3, (1/2 + 1/3) / 2.
    assert ref.mean_reciprocal_rank([np.array([0.0, -1.0, 1.0]), np.array([0, 0, 2])]) == (
        pytest.approx(5 / 12, rel=1e-15))
    with pytest.raises(ValueError, match="ranked_relevance"):
        ref.mean_reciprocal_rank([])


# --- expected_calibration_error: pandas.cut (right-closed intervals, the lowest
# including 0) on the very edges of np.linspace, then a groupby ---------------------


def _ece_pandas(y_true, y_prob, n_bins):
    edges = np.linspace(0, 1, n_bins + 1)
    bins = pd.cut(y_prob, edges, right=True, include_lowest=True, labels=False)
    frame = pd.DataFrame({"bin": bins, "y": y_true.astype(float), "p": y_prob})
    stats = frame.groupby("bin").agg(n=("y", "size"), y=("y", "mean"), p=("p", "mean"))
    return float((stats["n"] / len(frame) * (stats["y"] - stats["p"]).abs()).sum())


@pytest.mark.parametrize("n_bins", [1, 2, 5, 7, 10, 15, 33, 1000])
@pytest.mark.parametrize("seed", range(3))
def test_ece_matches_pandas_cut_with_edge_values(seed, n_bins):
    rng = np.random.default_rng(seed)
    edges = np.linspace(0, 1, n_bins + 1)
    p = np.concatenate((rng.random(200), edges, edges[rng.integers(0, n_bins + 1, 30)]))
    y = (rng.random(p.size) < p).astype(np.int64)
    got = ref.expected_calibration_error(y, p, n_bins=n_bins)
    assert isinstance(got, float)
    assert got == pytest.approx(_ece_pandas(y, p, n_bins), rel=1e-12, abs=1e-15)


def test_ece_edge_values_go_to_the_bin_below():
    # 0.5 sits on the edge of 2 bins: with the 0.2 in bin 0 (labels 1, 1, 0 against
    # 0.5, 0.5, 0.2) the gap is |2/3 - 0.4|; the 0.9 alone in bin 1 has gap 0.1.
    y, p = np.array([1, 1, 0, 1]), np.array([0.5, 0.5, 0.2, 0.9])
    expected = 3 / 4 * abs(2 / 3 - 0.4) + 1 / 4 * 0.1
    assert ref.expected_calibration_error(y, p, n_bins=2) == pytest.approx(expected, rel=1e-14)
    # Left-closed bins would have given 1/4 * |0 - 0.2| + 3/4 * |1 - 19/30|.
    assert abs(expected - (0.05 + 0.75 * (1 - 19 / 30))) > 0.01


def test_ece_by_hand():
    y, p = np.array([0, 1, 1, 1]), np.array([0.2, 0.4, 0.6, 0.8])
    assert ref.expected_calibration_error(y, p, n_bins=2) == pytest.approx(0.25, rel=1e-14)
    # One bin: |mean(y) - mean(p)| = |3/4 - 1/2|.
    assert ref.expected_calibration_error(y, p, n_bins=1) == pytest.approx(0.25, rel=1e-14)
    # 0 joins bin 0 and 1 the last bin: bins {0 (label 0)}, {1 (label 1)}: ECE 0.
    assert ref.expected_calibration_error(np.array([0, 1]), np.array([0.0, 1.0])) == 0.0
    # Calibrated in each bin.
    assert ref.expected_calibration_error(
        np.array([1, 0, 0, 0, 1, 1, 1, 0]), np.repeat([0.25, 0.75], 4), n_bins=4) == 0.0


@pytest.mark.parametrize(("y", "p", "n_bins", "named"), [
    ([], [], 10, "empty"),
    ([0, 2], [0.1, 0.2], 10, "y_true"),
    ([0, 1], [0.1, 1.0000000000000002], 10, "y_prob"),
    ([0, 1], [-1e-300, 0.5], 10, "y_prob"),
    ([0, 1], [0.1, np.nan], 10, "y_prob"),
    ([0, 1], [0.1, 0.5], 0, "n_bins"),
])
def test_ece_rejects(y, p, n_bins, named):
    with pytest.raises(ValueError, match=named):
        ref.expected_calibration_error(np.array(y), np.array(p, dtype=float), n_bins=n_bins)


# Counting metrics against scikit-learn (and exact integer arithmetic for MCC at scale),
# perplexity against SciPy's logsumexp and mpmath, BLEU against sacrebleu (no smoothing,
# whitespace tokens, effective_order=False: the contract's definition, including the
# shorter-on-a-tie reference length) and exact Fraction arithmetic.

B_FUNCTIONS = (ref.confusion_matrix, ref.precision_recall_f1, ref.f1_score,
               ref.matthews_corrcoef, ref.perplexity, ref.bleu, ref.corpus_bleu)


@pytest.mark.parametrize("fn", B_FUNCTIONS, ids=lambda f: f.__name__)
def test_region_b_doctests_pass(fn):
    runner = doctest.DocTestRunner()
    for test in doctest.DocTestFinder().find(fn, globs={"np": np, **vars(ref)}):
        runner.run(test)
    assert runner.summarize(verbose=False).attempted >= 1
    assert runner.summarize(verbose=False).failed == 0


def _labels_pair(seed, n, k, dtype=np.int64):
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, k, size=n)
    y_pred = np.where(rng.random(n) < 0.6, y_true, rng.integers(0, k, size=n))
    return y_true.astype(dtype), y_pred.astype(dtype)


LABEL_INPUTS = [(seed, n, k, dtype) for seed in range(3)
                for n, k, dtype in [(1, 1, np.int64), (7, 3, np.int64), (50, 4, np.int32),
                                    (200, 6, np.uint8), (300, 2, bool), (40, 3, np.float64)]]


# --- confusion_matrix -----------------------------------------------------------------


@pytest.mark.parametrize(("seed", "n", "k", "dtype"), LABEL_INPUTS)
def test_confusion_matrix_matches_sklearn(seed, n, k, dtype):
    y_true, y_pred = _labels_pair(seed, n, k, dtype)
    got = ref.confusion_matrix(y_true, y_pred, k + 2)  # two classes never seen
    expected = skm.confusion_matrix(y_true.astype(int), y_pred.astype(int),
                                    labels=list(range(k + 2)))
    assert got.dtype == np.int64
    np.testing.assert_array_equal(got, expected)


def test_confusion_matrix_at_scale_matches_sklearn():
    y_true, y_pred = _labels_pair(7, 1_000_000, 10)
    np.testing.assert_array_equal(ref.confusion_matrix(y_true, y_pred, 10),
                                  skm.confusion_matrix(y_true, y_pred, labels=list(range(10))))


def test_confusion_matrix_by_hand():
    got = ref.confusion_matrix(np.array([0, 0, 1, 2, 2, 2]), np.array([0, 1, 1, 2, 0, 2]), 4)
    assert got.tolist() == [[1, 1, 0, 0], [0, 1, 0, 0], [1, 0, 2, 0], [0, 0, 0, 0]]
    empty = ref.confusion_matrix(np.array([], dtype=int), np.array([], dtype=int), 2)
    assert empty.tolist() == [[0, 0], [0, 0]]
    assert empty.dtype == np.int64


def test_confusion_matrix_accepts_whole_floats_as_sklearn_does():
    y_true, y_pred = np.array([0.0, 1.0, 2.0, 1.0]), np.array([0.0, 2.0, 2.0, 1.0])
    np.testing.assert_array_equal(ref.confusion_matrix(y_true, y_pred, 3),
                                  skm.confusion_matrix(y_true, y_pred, labels=[0, 1, 2]))


LABEL_ERRORS = [  # (what is wrong, y_true, y_pred, n_classes, a fragment of the message)
    ("non-integer", np.array([0.0, 1.5, 1.0]), np.array([0, 1, 1]), 3, "integer class labels"),
    ("nan", np.array([0, 1, 1]), np.array([0.0, np.nan, 1.0]), 3, "integer class labels"),
    ("inf", np.array([0, 1, 1]), np.array([0.0, np.inf, 1.0]), 3, r"lie in \[0, 3\)"),
    ("label k", np.array([0, 3, 1]), np.array([0, 1, 1]), 3, r"lie in \[0, 3\), got 3"),
    ("negative", np.array([0, 1, 1]), np.array([0, -1, 1]), 3, r"lie in \[0, 3\), got -1"),
    ("n_classes 0", np.array([], dtype=int), np.array([], dtype=int), 0, "`n_classes`"),
    ("length", np.array([0, 1, 1]), np.array([0, 1]), 3, "same length"),
]


@pytest.mark.parametrize(("why", "y_true", "y_pred", "k", "message"), LABEL_ERRORS,
                         ids=[e[0] for e in LABEL_ERRORS])
def test_confusion_matrix_and_f1_score_reject(why, y_true, y_pred, k, message):
    with pytest.raises(ValueError, match=message):
        ref.confusion_matrix(y_true, y_pred, k)
    with pytest.raises(ValueError, match=message):
        ref.f1_score(y_true, y_pred, k)


# --- precision_recall_f1 --------------------------------------------------------------


BINARY_EDGES = [([1, 0, 1, 0], [0, 0, 0, 0]), ([0, 0, 0], [0, 1, 1]), ([0, 0], [0, 0]),
                ([1, 1, 0], [0, 0, 1]), ([1, 0, 1], [1, 0, 1]), ([1, 1, 0, 0, 0], [1, 0, 1, 1, 0])]


@pytest.mark.parametrize(("seed", "n", "k", "dtype"),
                         [e for e in LABEL_INPUTS if e[2] == 2 or e[1] == 7])
def test_precision_recall_f1_matches_sklearn(seed, n, k, dtype):
    y_true, y_pred = _labels_pair(seed, n, 2, dtype)
    expected = skm.precision_recall_fscore_support(y_true, y_pred, average="binary",
                                                   zero_division=0)[:3]
    got = ref.precision_recall_f1(y_true, y_pred)
    assert all(type(v) is float for v in got)
    np.testing.assert_allclose(got, expected, rtol=1e-14)


@pytest.mark.parametrize(("y_true", "y_pred"), BINARY_EDGES)
def test_precision_recall_f1_zero_divisions_match_sklearn(y_true, y_pred):
    expected = skm.precision_recall_fscore_support(y_true, y_pred, average="binary",
                                                   labels=[0, 1], zero_division=0)[:3]
    np.testing.assert_allclose(ref.precision_recall_f1(np.array(y_true), np.array(y_pred)),
                               expected, rtol=1e-14)


def test_precision_recall_f1_by_hand():
    # TP = 1, FP = 2, FN = 1: P = 1/3, R = 1/2, F1 = 2/(2 + 3) = 0.4.
    p, r, f = ref.precision_recall_f1(np.array([1, 1, 0, 0, 0]), np.array([1, 0, 1, 1, 0]))
    assert (p, r) == (1 / 3, 0.5)
    assert math.isclose(f, 0.4, rel_tol=1e-15)
    assert ref.precision_recall_f1(np.array([]), np.array([])) == (0.0, 0.0, 0.0)


@pytest.mark.parametrize(("y_true", "y_pred", "message"), [
    ([0, 1], [0], "same length"), ([0, 2], [0, 1], "`y_true` must hold binary labels"),
    ([0, 1], [0, -1], "`y_pred` must hold binary"), ([0.5, 1], [0, 1], "got 0.5")])
def test_precision_recall_f1_and_mcc_reject(y_true, y_pred, message):
    with pytest.raises(ValueError, match=message):
        ref.precision_recall_f1(np.array(y_true), np.array(y_pred))
    with pytest.raises(ValueError, match=message):
        ref.matthews_corrcoef(np.array(y_true), np.array(y_pred))


# --- f1_score -------------------------------------------------------------------------


@pytest.mark.parametrize("average", ["macro", "micro", "weighted"])
@pytest.mark.parametrize(("seed", "n", "k", "dtype"), LABEL_INPUTS)
def test_f1_score_matches_sklearn_over_all_classes(seed, n, k, dtype, average):
    y_true, y_pred = _labels_pair(seed, n, k, dtype)
    labels = list(range(k + 2))  # two classes absent from both arrays count 0 in macro
    expected = skm.f1_score(y_true.astype(int), y_pred.astype(int), labels=labels,
                            average=average, zero_division=0)
    got = ref.f1_score(y_true, y_pred, k + 2, average)
    assert type(got) is float
    assert math.isclose(got, expected, rel_tol=1e-12, abs_tol=1e-15)


def test_f1_score_by_hand():
    # Class 0: TP 3, predicted 3, support 5 -> 6/8. Class 1: TP 2, 4, 3 -> 4/7.
    # Class 2: predicted once, never true -> 0. Class 3: absent -> 0 (0/0).
    y_true = np.array([0, 0, 0, 1, 1, 0, 1, 0])
    y_pred = np.array([0, 1, 0, 1, 2, 0, 1, 1])
    f = [Fraction(6, 8), Fraction(4, 7), Fraction(0), Fraction(0)]
    assert math.isclose(ref.f1_score(y_true, y_pred, 4), float(sum(f) / 4), rel_tol=1e-15)
    weighted = (5 * f[0] + 3 * f[1]) / 8
    assert math.isclose(ref.f1_score(y_true, y_pred, 4, "weighted"), float(weighted),
                        rel_tol=1e-15)
    assert ref.f1_score(y_true, y_pred, 4, "micro") == 5 / 8
    for average in ("macro", "micro", "weighted"):
        assert ref.f1_score(np.array([]), np.array([]), 3, average) == 0.0


@pytest.mark.parametrize("average", ["binary", "samples", None, "MACRO"])
def test_f1_score_rejects_other_averages(average):
    with pytest.raises(ValueError, match="`average`"):
        ref.f1_score(np.array([0, 1]), np.array([0, 1]), 2, average)


# --- matthews_corrcoef ------------------------------------------------------------------


def _mcc_exact(y_true, y_pred):
    """MCC from Python-int counts, the square root taken by mpmath at 50 digits."""
    t, p = np.asarray(y_true) == 1, np.asarray(y_pred) == 1
    tp, fp = int(np.sum(t & p)), int(np.sum(~t & p))
    fn, tn = int(np.sum(t & ~p)), int(np.sum(~t & ~p))
    product = (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)
    if product == 0:
        return 0.0
    with mpmath.workdps(50):
        return float(mpmath.mpf(tp * tn - fp * fn) / mpmath.sqrt(product))


@pytest.mark.parametrize(("seed", "n", "k", "dtype"), [e for e in LABEL_INPUTS if e[2] <= 3])
def test_matthews_corrcoef_matches_sklearn(seed, n, k, dtype):
    y_true, y_pred = _labels_pair(seed, n, 2, dtype)
    expected = skm.matthews_corrcoef(y_true, y_pred)
    assert math.isclose(ref.matthews_corrcoef(y_true, y_pred), expected, rel_tol=1e-12,
                        abs_tol=1e-15)


@pytest.mark.parametrize("dtype", [np.int64, np.int32, bool])
@pytest.mark.parametrize("n", [10**6, 3 * 10**6])
def test_matthews_corrcoef_does_not_overflow(n, dtype):
    y_true, y_pred = _labels_pair(n, n, 2, dtype)
    tp = int(np.sum((y_true == 1) & (y_pred == 1)))
    assert tp**4 > 2**63  # the int64 product of the four sums would wrap
    got = ref.matthews_corrcoef(y_true, y_pred)
    assert math.isclose(got, _mcc_exact(y_true, y_pred), rel_tol=1e-12)
    assert math.isclose(got, skm.matthews_corrcoef(y_true, y_pred), rel_tol=1e-10)


def test_matthews_corrcoef_by_hand():
    # TP 1, FN 1, TN 2, FP 0: (2 - 0) / sqrt(1 * 2 * 2 * 3) = 1/sqrt(3).
    got = ref.matthews_corrcoef(np.array([1, 1, 0, 0]), np.array([1, 0, 0, 0]))
    assert math.isclose(got, 1 / math.sqrt(3), rel_tol=1e-15)
    assert ref.matthews_corrcoef(np.array([1, 0, 1]), np.array([1, 0, 1])) == 1.0
    assert ref.matthews_corrcoef(np.array([1, 0, 1]), np.array([0, 1, 0])) == -1.0
    for y_true, y_pred in ([[1, 0], [1, 1]], [[0, 0], [1, 0]], [[], []]):
        assert ref.matthews_corrcoef(np.array(y_true), np.array(y_pred)) == 0.0
        if y_true:
            assert skm.matthews_corrcoef(y_true, y_pred) == 0.0


@pytest.mark.parametrize(("n", "k"), [(4, 1), (4, 3), (7, 1), (1_000_007, 721_493),
                                    (3_000_001, 175_705)])
def test_matthews_corrcoef_is_exactly_plus_or_minus_one(n, k):
    # By definition MCC is exactly 1 (perfect) or -1 (all wrong); unclipped float
    # formulas land 1 ulp outside [-1, 1] on these inputs.
    labels = (np.arange(n) < k).astype(np.int8)
    assert ref.matthews_corrcoef(labels, labels) == 1.0
    assert ref.matthews_corrcoef(labels, 1 - labels) == -1.0


# --- perplexity ---------------------------------------------------------------------------


def _perplexity_mpmath(logits, targets):
    with mpmath.workdps(60):
        total = mpmath.mpf(0)
        for row, t in zip(logits, targets, strict=True):
            lse = mpmath.log(mpmath.fsum(mpmath.exp(mpmath.mpf(float(z))) for z in row))
            total += lse - mpmath.mpf(float(row[t]))
        return float(mpmath.exp(total / len(targets)))


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize(("n", "V", "scale", "offset"), [
    (1, 1, 1.0, 0.0), (5, 7, 1.0, 0.0), (40, 30, 5.0, 0.0), (8, 4, 3.0, 1e4), (8, 4, 3.0, -1e4)])
def test_perplexity_matches_logsumexp(seed, n, V, scale, offset):
    rng = np.random.default_rng(seed)
    logits = offset + scale * rng.uniform(-1, 1, size=(n, V))
    targets = rng.integers(0, V, size=n)
    ce = special.logsumexp(logits, axis=1) - logits[np.arange(n), targets]
    expected = math.exp(np.mean(ce))
    assert math.isclose(ref.perplexity(logits, targets), expected, rel_tol=1e-9)


@pytest.mark.parametrize("ce", [[800.0, 1.0, 0.5, 2.0], [740.0, 0.1, 0.2, 0.3],
                                [709.0, 710.4, 709.7], [100.0] * 10, [1e4, 1.0, 1.0, 1e4]])
def test_perplexity_extremes_match_mpmath(ce):
    # Logits [0, s] with target 0 have CE = log(1 + e^s); s is chosen for each CE. The
    # last case's mean CE is 5000: the answer overflows to inf, as exp(5000) must.
    s = np.array([c if c > 40 else math.log(math.expm1(c)) for c in ce])
    logits = np.stack([np.zeros_like(s), s], axis=1)
    targets = np.zeros(len(ce), dtype=np.int64)
    expected = _perplexity_mpmath(logits, targets)
    got = ref.perplexity(logits, targets)
    if math.isinf(expected):
        assert got == math.inf
    else:
        assert math.isclose(got, expected, rel_tol=1e-12)


def test_perplexity_near_the_float_maximum():
    logits = np.array([[0.0, 709.0], [0.0, 710.4], [0.0, 709.7]])
    got = ref.perplexity(logits, np.zeros(3, dtype=np.int64))
    assert 1e308 < got < np.finfo(float).max


def test_perplexity_by_hand():
    assert ref.perplexity(np.zeros((4, 6)), np.array([0, 5, 2, 2])) == pytest.approx(6.0,
                                                                                      rel=1e-15)
    # CE = log 4 - log 3 and log 2: exp of their mean is sqrt(8/3).
    logits = np.array([[0.0, math.log(3.0)], [1e4, 1e4]])
    assert math.isclose(ref.perplexity(logits, np.array([1, 0])), math.sqrt(8 / 3),
                        rel_tol=1e-14)


@pytest.mark.parametrize("targets", [[0, 4, 1], [0, -1, 1]])
def test_perplexity_rejects_targets_outside_the_vocabulary(targets):
    with pytest.raises(ValueError, match=r"`targets` must lie in \[0, 4\)"):
        ref.perplexity(np.zeros((3, 4)), np.array(targets))


# --- bleu / corpus_bleu -------------------------------------------------------------------

def _w(text):
    return text.split()


WORDS = ["the", "a", "cat", "dog", "sat", "on", "mat", "ran"]


def _sacrebleu(max_n):
    return sacrebleu.metrics.BLEU(smooth_method="none", tokenize="none", effective_order=False,
                                  max_ngram_order=max_n)


def _random_corpus(seed, n_sentences, words=WORDS):
    rng = np.random.default_rng(seed)
    candidates, references_list = [], []
    for _ in range(n_sentences):
        base = [str(w) for w in rng.choice(words, size=rng.integers(0, 14))]
        refs = []
        for _ in range(rng.integers(1, 4)):
            ref_tokens = list(base)
            for _ in range(rng.integers(0, 4)):
                at = int(rng.integers(0, len(ref_tokens) + 1))
                ref_tokens.insert(at, str(rng.choice(words)))
                if len(ref_tokens) > 2 and rng.random() < 0.5:
                    del ref_tokens[int(rng.integers(0, len(ref_tokens)))]
            refs.append(ref_tokens)
        candidates.append(base[: len(base) - int(rng.integers(0, 3))])
        references_list.append(refs)
    return candidates, references_list


def _bleu_fractions(candidates, references_list, max_n):
    """Corpus BLEU from exact Fraction precisions (the definition, written out)."""
    matches, totals, c, r = [0] * max_n, [0] * max_n, 0, 0
    for candidate, references in zip(candidates, references_list, strict=True):
        for n in range(1, max_n + 1):
            grams = [tuple(candidate[i:i + n]) for i in range(len(candidate) - n + 1)]
            for gram in set(grams):
                best = max(sum(tuple(x[i:i + n]) == gram for i in range(len(x) - n + 1))
                           for x in references)
                matches[n - 1] += min(grams.count(gram), best)
            totals[n - 1] += len(grams)
        lengths = sorted(len(x) for x in references)
        r += min(lengths, key=lambda length: abs(length - len(candidate)))  # first = shorter
        c += len(candidate)
    if c == 0 or 0 in matches:
        return 0.0
    precision = math.prod(Fraction(m, t) for m, t in zip(matches, totals, strict=True))
    penalty = math.exp(1 - r / c) if c <= r else 1.0
    return float(precision) ** (1 / max_n) * penalty


@pytest.mark.parametrize("max_n", [1, 2, 4])
@pytest.mark.parametrize("seed", range(5))
def test_bleu_matches_sacrebleu_and_fractions(seed, max_n):
    candidates, references_list = _random_corpus(seed, 25, WORDS[:4])
    scorer = _sacrebleu(max_n)
    for candidate, references in zip(candidates, references_list, strict=True):
        got = ref.bleu(candidate, references, max_n)
        expected = scorer.sentence_score(" ".join(candidate),
                                         [" ".join(x) for x in references]).score / 100
        assert math.isclose(got, expected, rel_tol=1e-12, abs_tol=1e-15)
        assert math.isclose(got, _bleu_fractions([candidate], [references], max_n),
                            rel_tol=1e-12, abs_tol=1e-15)


@pytest.mark.parametrize("max_n", [1, 2, 4])
@pytest.mark.parametrize("seed", range(4))
def test_corpus_bleu_matches_sacrebleu_and_fractions(seed, max_n):
    candidates, references_list = _random_corpus(seed, 60)
    width = max(len(refs) for refs in references_list)
    streams = [[" ".join(refs[j]) if j < len(refs) else None for refs in references_list]
               for j in range(width)]  # sacrebleu ignores None: a varying reference count
    expected = _sacrebleu(max_n).corpus_score([" ".join(c) for c in candidates],
                                              streams).score / 100
    got = ref.corpus_bleu(candidates, references_list, max_n)
    assert got > 0
    assert math.isclose(got, expected, rel_tol=1e-12)
    assert math.isclose(got, _bleu_fractions(candidates, references_list, max_n),
                        rel_tol=1e-12)
    mean_of_sentences = np.mean([ref.bleu(c, refs, max_n)
                                 for c, refs in zip(candidates, references_list, strict=True)])
    assert not math.isclose(got, mean_of_sentences, rel_tol=1e-6)


def test_bleu_by_hand():
    cand = _w("the cat sat on the mat")
    # Unigrams 5/6 ('the' clipped at 1), bigrams 3/5; c = r = 6.
    assert math.isclose(ref.bleu(cand, [_w("the cat sat on a mat")], 2),
                        math.sqrt(5 / 6 * 3 / 5), rel_tol=1e-15)
    # 'the' x3 against references holding it 1 and 2 times: clipped at 2, not 3 or 1.
    refs = [_w("the cat sat on it"), _w("the the dog sat cat")]
    # unigrams: the 2 + cat 1 + sat 1 = 4 of 5; bigrams 'the the' 1, 'the cat' 1,
    # 'cat sat' 1 of 4; c = r = 5.
    assert math.isclose(ref.bleu(_w("the the the cat sat"), refs, 2),
                        math.sqrt(4 / 5 * 3 / 4), rel_tol=1e-15)
    # A tie between reference lengths 4 and 6 for c = 5 takes r = 4: no penalty.
    tie = ref.bleu(_w("the cat sat on mats"), [_w("the cat sat on"),
                                                  _w("the cat sat on the mat")], 1)
    assert math.isclose(tie, 4 / 5, rel_tol=1e-15)
    # Brevity: c = 4 against r = 7: exp(1 - 7/4).
    short = ref.bleu(_w("the cat sat on"), [_w("the cat sat on the mat today")], 2)
    assert math.isclose(short, math.exp(1 - 7 / 4), rel_tol=1e-15)
    assert ref.bleu(["a", "cat", "sat"], [["a", "cat", "sat"]], 4) == 0.0  # no 4-gram
    assert ref.bleu([], [["a"]], 1) == 0.0
    assert ref.bleu(["a"], [[], ["a", "b"]], 1) == 1.0  # lengths 0 and 2 tie: r = 0


def test_corpus_bleu_by_hand():
    cands = [["a", "cat"], ["the", "dog", "ran"]]
    refs = [[["a", "cat"]], [["the", "dog", "ran", "off"]]]
    # P1 = 5/5, P2 = 3/3; c = 5, r = 2 + 4 = 6.
    assert math.isclose(ref.corpus_bleu(cands, refs, 2), math.exp(1 - 6 / 5), rel_tol=1e-15)
    # The 2-token sentence has no 4-gram, yet the corpus score is not 0 (pooled counts).
    cands = [["a", "cat"], _w("the dog ran to the mat")]
    refs = [[["a", "cat"]], [_w("the dog ran to the mat")]]
    assert ref.bleu(cands[0], refs[0]) == 0.0
    assert math.isclose(ref.corpus_bleu(cands, refs), 1.0, rel_tol=1e-15)
    assert ref.corpus_bleu([], []) == 0.0


@pytest.mark.parametrize(("references", "max_n", "message"), [
    ([], 4, "`references`"), ([["a"]], 0, "`max_n`"), ([["a"]], -1, "`max_n`")])
def test_bleu_rejects(references, max_n, message):
    with pytest.raises(ValueError, match=message):
        ref.bleu(["a"], references, max_n)


@pytest.mark.parametrize(("candidates", "references_list", "max_n", "message"), [
    ([["a"], ["b"]], [[["a"]]], 4, "same length"),
    ([["a"], ["b"]], [[["a"]], []], 4, r"`references_list\[1\]`"),
    ([["a"]], [[["a"]]], 0, "`max_n`")])
def test_corpus_bleu_rejects(candidates, references_list, max_n, message):
    with pytest.raises(ValueError, match=message):
        ref.corpus_bleu(candidates, references_list, max_n)
