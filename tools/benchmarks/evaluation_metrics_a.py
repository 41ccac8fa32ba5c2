"""Timing rows for the evaluation_metrics references of region A against scikit-learn:
roc_curve (drop_intermediate=False), auc_roc and average_precision at n = 10^6 on the
graders' Scale kind of input (rare positives, heavily tied scores, and continuous scores),
and ndcg_at_k on one query of 10,000 documents with ties (scikit-learn's ndcg_score on
the same query as a 1 x n matrix).

``rows()`` builds every input once and returns (label, reference call, library call).
"""

from collections.abc import Callable

import numpy as np


def _tied_scores(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """As the graders' Scale case: 0.3% positives, scores on a grid of step 0.0002."""
    y = (rng.random(n) < 0.003).astype(np.int64)
    score = np.round(np.clip(rng.normal(0.3 + 0.2 * y, 0.15), 0.0, 1.0) * 5000) / 5000
    return y, score


def _continuous_scores(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Balanced classes, distinct float scores (no ties): the sort dominates."""
    y = rng.integers(0, 2, size=n)
    return y, rng.normal(size=n) + 0.5 * y


def rows() -> list[tuple[str, Callable[[], object], Callable[[], object]]]:
    from sklearn import metrics as skm

    import reference.evaluation_metrics as ref

    rng = np.random.default_rng(0)
    n = 10**6
    y_tied, s_tied = _tied_scores(rng, n)
    y_cont, s_cont = _continuous_scores(rng, n)

    n_docs = 10_000
    relevance = rng.integers(0, 5, size=n_docs).astype(float)
    doc_scores = np.round(relevance + rng.normal(scale=2.0, size=n_docs), 1)  # ties
    relevance_2d, scores_2d = relevance[None, :], doc_scores[None, :]

    return [
        ("roc_curve, n = 10^6, tied scores",
         lambda: ref.roc_curve(y_tied, s_tied),
         lambda: skm.roc_curve(y_tied, s_tied, drop_intermediate=False)),
        ("auc_roc, n = 10^6, tied scores",
         lambda: ref.auc_roc(y_tied, s_tied),
         lambda: skm.roc_auc_score(y_tied, s_tied)),
        ("average_precision, n = 10^6, tied scores",
         lambda: ref.average_precision(y_tied, s_tied),
         lambda: skm.average_precision_score(y_tied, s_tied)),
        ("roc_curve, n = 10^6, distinct scores",
         lambda: ref.roc_curve(y_cont, s_cont),
         lambda: skm.roc_curve(y_cont, s_cont, drop_intermediate=False)),
        ("auc_roc, n = 10^6, distinct scores",
         lambda: ref.auc_roc(y_cont, s_cont),
         lambda: skm.roc_auc_score(y_cont, s_cont)),
        ("average_precision, n = 10^6, distinct scores",
         lambda: ref.average_precision(y_cont, s_cont),
         lambda: skm.average_precision_score(y_cont, s_cont)),
        ("ndcg_at_k, one query of 10,000 documents with ties, k = 10",
         lambda: ref.ndcg_at_k(relevance, doc_scores, k=10),
         lambda: skm.ndcg_score(relevance_2d, scores_2d, k=10)),
        ("ndcg_at_k, one query of 10,000 documents with ties, all ranks",
         lambda: ref.ndcg_at_k(relevance, doc_scores),
         lambda: skm.ndcg_score(relevance_2d, scores_2d)),
    ]
