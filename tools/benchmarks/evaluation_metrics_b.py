"""Timing rows for the evaluation_metrics references of region B against their library
equivalents: confusion_matrix and matthews_corrcoef at n = 10^6 against scikit-learn,
corpus BLEU on 10,000 sentences against sacrebleu (no smoothing, whitespace tokens).

``rows()`` builds every input once and returns (label, reference call, library call).
"""

from collections.abc import Callable

import numpy as np


def _labels(rng: np.random.Generator, n: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    y_true = rng.integers(0, k, size=n)
    y_pred = np.where(rng.random(n) < 0.7, y_true, rng.integers(0, k, size=n))
    return y_true, y_pred


def _corpus(rng: np.random.Generator, n_sentences: int, vocabulary: int = 2000):
    """Candidates and 1 to 4 references per sentence, 5 to 40 tokens each, drawn from a
    Zipf-like vocabulary so that n-grams repeat as in real text."""
    words = np.array([f"w{i}" for i in range(vocabulary)])
    weights = 1.0 / np.arange(1, vocabulary + 1)
    weights /= weights.sum()

    def sentence() -> list[str]:
        return words[rng.choice(vocabulary, size=int(rng.integers(5, 41)), p=weights)].tolist()

    candidates, references_list = [], []
    for _ in range(n_sentences):
        base = sentence()
        refs = []
        for _ in range(int(rng.integers(1, 5))):
            tokens = list(base)
            for _ in range(int(rng.integers(0, 6))):  # substitutions keep n-grams partly shared
                tokens[int(rng.integers(0, len(tokens)))] = str(rng.choice(words[:200]))
            refs.append(tokens)
        candidates.append(base[: len(base) - int(rng.integers(0, 4))])
        references_list.append(refs)
    return candidates, references_list


def rows() -> list[tuple[str, Callable[[], object], Callable[[], object]]]:
    from sacrebleu.metrics import BLEU
    from sklearn import metrics as skm

    import reference.evaluation_metrics as ref

    rng = np.random.default_rng(0)
    n = 10**6
    k_true, k_pred = _labels(rng, n, 10)
    b_true, b_pred = _labels(rng, n, 2)
    labels = list(range(10))

    candidates, references_list = _corpus(rng, 10_000)
    hypotheses = [" ".join(c) for c in candidates]
    width = max(len(refs) for refs in references_list)
    # sacrebleu takes one stream per reference position; None marks a missing reference.
    streams = [[" ".join(refs[j]) if j < len(refs) else None for refs in references_list]
               for j in range(width)]
    scorer = BLEU(smooth_method="none", tokenize="none", effective_order=False)

    return [
        ("confusion_matrix, n = 10^6, k = 10",
         lambda: ref.confusion_matrix(k_true, k_pred, 10),
         lambda: skm.confusion_matrix(k_true, k_pred, labels=labels)),
        ("matthews_corrcoef, n = 10^6",
         lambda: ref.matthews_corrcoef(b_true, b_pred),
         lambda: skm.matthews_corrcoef(b_true, b_pred)),
        ("corpus_bleu, 10,000 sentences, 1-4 references",
         lambda: ref.corpus_bleu(candidates, references_list),
         lambda: scorer.corpus_score(hypotheses, streams).score / 100),
    ]
