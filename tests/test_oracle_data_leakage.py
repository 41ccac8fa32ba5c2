"""The data_leakage reference solutions against independent oracles (scikit-learn, SciPy,
pandas, sacrebleu, closed forms) on random and edge-case inputs, plus literal values
worked out by hand."""

import math
import tracemalloc
from collections import Counter
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score
from sklearn.metrics.pairwise import cosine_similarity
from sklearn.model_selection import GroupKFold, KFold, TimeSeriesSplit
from sklearn.preprocessing import StandardScaler, TargetEncoder

import reference.data_leakage as ref

# --- standardize_train_test ---


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize(("n", "m", "d"), [(30, 10, 4), (2, 5, 3), (50, 0, 2)])
def test_standardize_matches_sklearn_standard_scaler(seed, n, m, d):
    rng = np.random.default_rng(seed)
    X_train = rng.normal(3.0, 2.0, size=(n, d)) * rng.uniform(1e-3, 1e3, size=d)
    X_test = rng.normal(-1.0, 5.0, size=(m, d)) * rng.uniform(1e-3, 1e3, size=d)
    scaler = StandardScaler().fit(X_train)
    train, test = ref.standardize_train_test(X_train, X_test)
    np.testing.assert_allclose(train, scaler.transform(X_train), rtol=1e-10, atol=1e-10)
    assert test.shape == (m, d)
    if m:  # scikit-learn refuses an empty array
        np.testing.assert_allclose(test, scaler.transform(X_test), rtol=1e-10, atol=1e-10)


def test_standardize_constant_columns_map_to_exact_zero_and_test_is_shifted():
    X_train = np.column_stack([np.full(6, 0.1), np.full(6, 3.0), np.arange(6.0)])
    X_test = np.array([[0.6, 2.0, 5.0]])
    before = X_train.copy()
    train, test = ref.standardize_train_test(X_train, X_test)
    assert train[:, :2].tolist() == [[0.0, 0.0]] * 6  # exactly, not 1e-17 / 1e-17
    # scale 1: test values are x - value; sklearn agrees (it also uses scale 1 there)
    oracle = StandardScaler().fit(X_train).transform(X_test)
    np.testing.assert_allclose(test, oracle, rtol=1e-12, atol=1e-12)
    assert test[0, :2].tolist() == [0.6 - 0.1, 2.0 - 3.0]
    assert np.array_equal(X_train, before)


def test_standardize_tiny_spread_is_still_divided():
    # std 1e-14 is a real spread: scaled to unit variance, as sklearn does above 10 eps.
    x = 1e-14 * np.array([-1.0, 1.0, -1.0, 1.0])
    train, _ = ref.standardize_train_test(x[:, None], np.zeros((0, 1)))
    np.testing.assert_allclose(train[:, 0], [-1.0, 1.0, -1.0, 1.0], rtol=1e-12)


def test_standardize_large_offset_matches_exact_fractions():
    rng = np.random.default_rng(3)
    X_train = 1e8 + rng.normal(size=(40, 1))
    exact = [Fraction(v) for v in X_train[:, 0]]
    mean = sum(exact) / len(exact)
    std = math.sqrt(float(sum((v - mean) ** 2 for v in exact) / len(exact)))
    expected = [float(v - mean) / std for v in exact]
    train, _ = ref.standardize_train_test(X_train, X_train[:3])
    np.testing.assert_allclose(train[:, 0], expected, rtol=0, atol=1e-7)


def test_standardize_large_offset_tiny_spread_is_divided_and_near_exact():
    # 1e9 + N(0, 1e-4): unequal values (std/mean 1e-13) are scaled to unit spread; the
    # mean's own rounding (ulp(1e9) = 1.2e-7 over std 1e-4) bounds the error near 1e-3.
    rng = np.random.default_rng(5)
    X_train = 1e9 + rng.normal(0.0, 1e-4, size=(40, 1))
    exact = [Fraction(v) for v in X_train[:, 0]]
    mean = sum(exact) / len(exact)
    std = math.sqrt(float(sum((v - mean) ** 2 for v in exact) / len(exact)))
    train, _ = ref.standardize_train_test(X_train, X_train[:2])
    np.testing.assert_allclose(train[:, 0], [float(v - mean) / std for v in exact],
                               rtol=0, atol=1e-2)
    assert train[:, 0].std() > 0.99


def test_standardize_by_hand():
    # column 0: mean 2, std 1 -> [-1, 1], test 5 -> 3; column 1 constant 5 -> 0, test 7 -> 2
    train, test = ref.standardize_train_test(np.array([[1.0, 5.0], [3.0, 5.0]]),
                                             np.array([[5.0, 7.0]]))
    assert train.tolist() == [[-1.0, 0.0], [1.0, 0.0]]
    assert test.tolist() == [[3.0, 2.0]]


def test_standardize_training_output_ignores_the_test_set():
    rng = np.random.default_rng(4)
    X_train = rng.normal(size=(10, 3))
    a, _ = ref.standardize_train_test(X_train, rng.normal(size=(4, 3)))
    b, _ = ref.standardize_train_test(X_train, 1e9 + 1e6 * rng.normal(size=(7, 3)))
    assert np.array_equal(a, b)


# --- time_series_splits ---


def _sklearn_splits(n, n_splits, gap, test_size):
    splitter = TimeSeriesSplit(n_splits=n_splits, gap=gap, test_size=test_size)
    return list(splitter.split(np.zeros((n, 1))))


@pytest.mark.parametrize("seed", range(6))
def test_time_series_splits_match_sklearn(seed):
    rng = np.random.default_rng(seed)
    for _ in range(40):
        n, n_splits = int(rng.integers(3, 60)), int(rng.integers(2, 8))
        gap = int(rng.integers(0, 5))
        test_size = None if rng.random() < 0.5 else int(rng.integers(1, 10))
        try:
            expected = _sklearn_splits(n, n_splits, gap, test_size)
        except ValueError:
            with pytest.raises(ValueError, match=r"must be|empty"):
                ref.time_series_splits(n, n_splits, gap, test_size)
            continue
        got = ref.time_series_splits(n, n_splits, gap, test_size)
        assert len(got) == len(expected)
        for (train, test), (e_train, e_test) in zip(got, expected, strict=True):
            assert isinstance(train, np.ndarray)
            assert train.dtype.kind == "i"
            assert train.tolist() == e_train.tolist()
            assert test.tolist() == e_test.tolist()


@pytest.mark.parametrize(("n", "n_splits", "gap", "test_size"), [
    (10, 1, 0, None), (12, 3, -1, None), (12, 3, 0, 0), (12, 3, 0, -2), (4, 5, 0, None),
    (9, 3, 0, 3), (10, 3, 1, 3)])
def test_time_series_splits_errors(n, n_splits, gap, test_size):
    with pytest.raises(ValueError, match=r"must be|empty"):
        ref.time_series_splits(n, n_splits, gap, test_size)


def test_time_series_splits_by_hand():
    # n = 9, 3 splits: test_size 9 // 4 = 2, blocks start at 9 - 6 = 3, 5, 7; gap 1.
    got = [(a.tolist(), b.tolist()) for a, b in ref.time_series_splits(9, 3, gap=1)]
    assert got == [([0, 1], [3, 4]), ([0, 1, 2, 3], [5, 6]), ([0, 1, 2, 3, 4, 5], [7, 8])]
    # n = 10, 3 splits, test_size 3: the first training set is the single sample 0.
    got = [(a.tolist(), b.tolist()) for a, b in ref.time_series_splits(10, 3, test_size=3)]
    assert got == [([0], [1, 2, 3]), ([0, 1, 2, 3], [4, 5, 6]),
                   ([0, 1, 2, 3, 4, 5, 6], [7, 8, 9])]


# --- group_kfold ---


def _random_groups(rng):
    n_groups = int(rng.integers(2, 15))
    sizes = rng.integers(1, 10, size=n_groups)
    labels = rng.choice(np.arange(-50, 50), size=n_groups, replace=False)
    return rng.permutation(np.repeat(labels, sizes))


def _assert_group_kfold_properties(groups, splits, n_folds):
    """Independent checks of the contract, by sets and counters rather than arrays."""
    n = len(groups)
    assert len(splits) == n_folds
    validated = Counter()
    for train, val in splits:
        assert train.dtype.kind == "i"
        assert val.dtype.kind == "i"
        assert list(train) == sorted(set(train))
        assert list(val) == sorted(set(val))
        assert len(val) > 0
        assert set(train) | set(val) == set(range(n))
        assert not set(train) & set(val)
        assert not {groups[i] for i in train} & {groups[i] for i in val}
        validated.update(val.tolist())
    assert validated == Counter(range(n))
    largest = max(Counter(groups.tolist()).values())
    sizes = [len(val) for _, val in splits]
    assert max(sizes) - min(sizes) <= largest


@pytest.mark.parametrize("seed", range(8))
def test_group_kfold_properties_and_balance_match_sklearn(seed):
    rng = np.random.default_rng(seed)
    for _ in range(10):
        groups = _random_groups(rng)
        n_folds = int(rng.integers(2, len(np.unique(groups)) + 1))
        got = ref.group_kfold(groups, n_folds)
        _assert_group_kfold_properties(groups, got, n_folds)
        oracle = list(GroupKFold(n_splits=n_folds).split(np.zeros(len(groups)), groups=groups))
        _assert_group_kfold_properties(groups, oracle, n_folds)  # the checks are fair
        # The same greedy rule: the same multiset of fold sizes as scikit-learn's.
        assert sorted(len(v) for _, v in got) == sorted(len(v) for _, v in oracle)


def test_group_kfold_inputs_unchanged_and_errors():
    groups = np.array([3, 3, 1, 2, 2, 2])
    before = groups.copy()
    ref.group_kfold(groups, 3)
    assert np.array_equal(groups, before)
    for bad in (0, 1, 4):
        with pytest.raises(ValueError, match="n_folds"):
            ref.group_kfold(groups, bad)


def test_group_kfold_by_hand():
    # Sizes: label 2 has 3, label 3 has 2, label 1 has 1. Largest first to the emptiest
    # fold: 2 -> fold 0, 3 -> fold 1, 1 -> fold 1 (loads 3 and 2).
    got = [(t.tolist(), v.tolist()) for t, v in ref.group_kfold(np.array([3, 3, 1, 2, 2, 2]), 2)]
    assert got == [([0, 1, 2], [3, 4, 5]), ([3, 4, 5], [0, 1, 2])]
    # Singletons: ordinary k-fold sizes 4, 3, 3.
    sizes = sorted(len(v) for _, v in ref.group_kfold(np.arange(10), 3))
    assert sizes == [3, 3, 4]


# --- out_of_fold_target_encoding ---


def _oof_brute_force(categories, y, n_folds, smoothing):
    """Exact rational arithmetic, folds from scikit-learn's KFold, one row at a time."""
    s = Fraction(smoothing)
    out = []
    fold_of = {}
    for k, (_, val) in enumerate(KFold(n_splits=n_folds).split(np.zeros(len(y)))):
        fold_of.update({int(i): k for i in val})
    for i in range(len(y)):
        others = [j for j in range(len(y)) if fold_of[j] != fold_of[i]]
        prior = sum(Fraction(y[j]) for j in others) / len(others)
        same = [Fraction(y[j]) for j in others if categories[j] == categories[i]]
        out.append(float(prior) if not same else float((sum(same) + s * prior)
                                                        / (len(same) + s)))
    return np.array(out)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize(("n", "n_folds", "smoothing"), [
    (23, 4, 0.0), (23, 4, 2.5), (30, 5, 0.0), (7, 7, 1.0), (15, 2, 1e6), (12, 3, 0.0)])
def test_oof_encoding_matches_exact_brute_force(seed, n, n_folds, smoothing):
    rng = np.random.default_rng(seed)
    categories = rng.choice([-3, 0, 4, 10, 250], size=n)
    categories[0] = 99  # seen in fold 0 only: the prior
    y = rng.normal(2.0, 3.0, size=n)
    got = ref.out_of_fold_target_encoding(categories, y, n_folds, smoothing)
    assert got.shape == (n,)
    assert got.dtype == np.float64
    np.testing.assert_allclose(got, _oof_brute_force(categories, y, n_folds, smoothing),
                               rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize(("n_folds", "smoothing"), [(2, 0.0), (3, 2.5), (5, 10.0)])
def test_oof_encoding_matches_sklearn_target_encoder(seed, n_folds, smoothing):
    # TargetEncoder's cross fitting uses the same formula with the training fold's mean
    # of y as the prior, and that prior for categories the training fold lacks.
    rng = np.random.default_rng(seed)
    categories = rng.integers(0, 6, size=40)
    y = rng.normal(size=40)
    encoder = TargetEncoder(smooth=smoothing, cv=KFold(n_splits=n_folds),
                            target_type="continuous")
    oracle = encoder.fit_transform(categories.reshape(-1, 1), y)[:, 0]
    got = ref.out_of_fold_target_encoding(categories, y, n_folds, smoothing)
    np.testing.assert_allclose(got, oracle, rtol=1e-12, atol=1e-13)


def test_oof_encoding_ignores_its_own_fold_targets():
    rng = np.random.default_rng(5)
    categories, y = rng.integers(0, 4, size=20), rng.normal(size=20)
    moved = y.copy()
    moved[:4] = 1e3 * rng.normal(size=4)  # fold 0 of 5 is rows 0-3
    a = ref.out_of_fold_target_encoding(categories, y, 5, 2.0)
    b = ref.out_of_fold_target_encoding(categories, moved, 5, 2.0)
    np.testing.assert_allclose(a[:4], b[:4], rtol=1e-12, atol=1e-12)
    assert not np.allclose(a[4:], b[4:])


def test_oof_encoding_by_hand_and_errors():
    # Folds rows 0-2 and 3-5. Fold 0 from rows 3-5: category 0 -> y[3] = 1, category 1 ->
    # mean(y[4], y[5]) = 0. Fold 1 from rows 0-2: category 0 -> 0.5, category 1 -> 1.
    cats = np.array([0, 0, 1, 0, 1, 1])
    y = np.array([1.0, 0.0, 1.0, 1.0, 0.0, 0.0])
    assert ref.out_of_fold_target_encoding(cats, y, 2).tolist() == [1, 1, 0, 0.5, 1, 1]
    # Smoothing 1, 3 folds: fold 1 (rows 2, 3) has prior mean(1, 0, 0, 0) = 1/4; row 3's
    # category 0 has rows 0, 1 there: (1 + 1/4) / (2 + 1) = 5/12.
    got = ref.out_of_fold_target_encoding(cats, y, 3, 1.0)
    assert math.isclose(got[3], 5 / 12, rel_tol=1e-15)
    for kwargs in ({"smoothing": -1e-12}, {"n_folds": 1}, {"n_folds": 7}):
        with pytest.raises(ValueError, match=r"smoothing|n_folds"):
            ref.out_of_fold_target_encoding(cats, y, **kwargs)


# --- find_duplicate_rows ---


def _pandas_duplicates(X_train, X_test):
    """Inner merge on every column. pandas matches NaN keys to each other, IEEE does not:
    test rows with a NaN are dropped first."""
    columns = [f"c{j}" for j in range(X_train.shape[1])]
    train = pd.DataFrame(X_train, columns=columns)
    test = pd.DataFrame(X_test, columns=columns).assign(at=np.arange(len(X_test)))
    test = test[~test[columns].isna().any(axis=1)]
    return np.unique(test.merge(train, on=columns, how="inner")["at"].to_numpy())


def _brute_force_duplicates(X_train, X_test):
    train = X_train.tolist()
    return [i for i, row in enumerate(X_test.tolist())
            if any(all(a == b for a, b in zip(row, other, strict=True)) for other in train)]


def _small_int_rows(rng, n, d, zeros_negative=False, nan_share=0.0):
    X = rng.integers(-1, 2, size=(n, d)).astype(float)
    if zeros_negative:
        X[X == 0] = -0.0
    X[rng.random((n, d)) < nan_share] = np.nan
    return X


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize(("n", "m", "d"), [(40, 60, 3), (200, 100, 5), (5, 300, 2), (0, 4, 3)])
def test_find_duplicate_rows_matches_pandas_merge_and_brute_force(seed, n, m, d):
    rng = np.random.default_rng(seed)
    X_train = _small_int_rows(rng, n, d, zeros_negative=True, nan_share=0.05)
    X_test = _small_int_rows(rng, m, d, nan_share=0.05)
    copies = X_train.copy(), X_test.copy()
    got = ref.find_duplicate_rows(X_train, X_test)
    assert got.dtype.kind == "i"
    assert got.tolist() == _pandas_duplicates(X_train, X_test).tolist()
    assert got.tolist() == _brute_force_duplicates(X_train, X_test)
    assert np.array_equal(copies[0], X_train, equal_nan=True)
    assert np.array_equal(copies[1], X_test, equal_nan=True)


def test_find_duplicate_rows_at_scale_matches_pandas():
    rng = np.random.default_rng(5)
    X_train = rng.integers(0, 3, size=(200_000, 16)).astype(float)
    X_test = rng.integers(0, 3, size=(200_000, 16)).astype(float) + 0.5
    X_test[:20_000] = -X_train[rng.integers(0, 200_000, 20_000)]  # -0.0 where train has 0
    X_train = -X_train
    X_test[rng.integers(0, 200_000, 500), rng.integers(0, 16, 500)] = np.nan
    got = ref.find_duplicate_rows(X_train, X_test)
    assert got.tolist() == _pandas_duplicates(X_train, X_test).tolist()
    assert 19_000 < len(got) <= 20_000


def test_find_duplicate_rows_by_hand():
    X_train = np.array([[1.0, 2.0], [0.0, 5.0], [np.nan, 1.0], [1.0, 2.0]])
    # row 0 equals train row 1; row 1 only shares values; row 2 is row 0 with -0.0;
    # row 3 has NaN (never equal); row 4 equals train rows 0 and 3 (listed once).
    X_test = np.array([[0.0, 5.0], [2.0, 1.0], [-0.0, 5.0], [np.nan, 1.0], [1.0, 2.0]])
    assert ref.find_duplicate_rows(X_train, X_test).tolist() == [0, 2, 4]
    assert ref.find_duplicate_rows(X_train[:0], X_test).tolist() == []
    one_ulp = np.nextafter(5.0, 6.0)
    assert ref.find_duplicate_rows(X_train, np.array([[0.0, one_ulp]])).tolist() == []


def test_find_duplicate_rows_rejects_different_widths():
    with pytest.raises(ValueError, match="columns"):
        ref.find_duplicate_rows(np.zeros((3, 2)), np.zeros((3, 3)))


def test_find_duplicate_rows_ignores_the_order_of_training_rows():
    rng = np.random.default_rng(9)
    X_train, X_test = _small_int_rows(rng, 50, 3), _small_int_rows(rng, 50, 3)
    shuffled = X_train[rng.permutation(50)]
    assert (ref.find_duplicate_rows(X_train, X_test).tolist()
            == ref.find_duplicate_rows(shuffled, X_test).tolist())

# --- near_duplicate_pairs ---


def _sklearn_near_pairs(A, B, threshold):
    """scikit-learn's cosine_similarity gives zero rows 0: drop those pairs explicitly."""
    cosines = cosine_similarity(A, B) if len(A) and len(B) else np.zeros((len(A), len(B)))
    zero = (np.abs(A).sum(axis=1)[:, None] == 0) | (np.abs(B).sum(axis=1)[None, :] == 0)
    return [[int(i), int(j)] for i, j in zip(*np.nonzero((cosines >= threshold) & ~zero),
                                             strict=True)]


def _brute_force_near_pairs(A, B, threshold):
    pairs = []
    for i, a in enumerate(A.tolist()):
        for j, b in enumerate(B.tolist()):
            na, nb = math.sqrt(math.fsum(x * x for x in a)), math.sqrt(math.fsum(x * x for x in b))
            if na > 0 and nb > 0 and math.fsum(x * y for x, y in zip(a, b, strict=True)) / (
                    na * nb) >= threshold:
                pairs.append([i, j])
    return pairs


def _near_rows(rng, n, m, d, copies, zeros):
    A, B = rng.normal(size=(n, d)), rng.normal(size=(m, d))
    B[:copies] = (A[rng.integers(0, n, copies)] + 0.3 * rng.normal(size=(copies, d))) * 7.0
    A[rng.choice(n, zeros, replace=False)] = 0.0
    B[rng.choice(m, zeros, replace=False)] = 0.0
    return A, B


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("threshold", [0.95, 0.7, 0.0, -1.5])
def test_near_duplicate_pairs_match_sklearn_and_brute_force(seed, threshold):
    A, B = _near_rows(np.random.default_rng(seed), 30, 40, 6, 15, 2)
    copies = A.copy(), B.copy()
    got = ref.near_duplicate_pairs(A, B, threshold)
    assert got.shape[1] == 2
    assert got.dtype.kind == "i"
    # no cosine lies within 1e-9 of the threshold here, so rounding cannot decide a pair
    assert got.tolist() == _sklearn_near_pairs(A, B, threshold)
    assert got.tolist() == _brute_force_near_pairs(A, B, threshold)
    assert np.array_equal(A, copies[0])
    assert np.array_equal(B, copies[1])


def test_near_duplicate_pairs_at_scale_in_little_memory():
    A, B = _near_rows(np.random.default_rng(4), 5000, 5000, 64, 1000, 5)
    tracemalloc.start()
    try:
        got = ref.near_duplicate_pairs(A, B)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 64e6
    assert got.tolist() == _sklearn_near_pairs(A, B, 0.95)


def test_near_duplicate_pairs_by_hand():
    A = np.array([[1.0, 0.0], [0.0, 0.0], [1.0, 1.0]])
    B = np.array([[2.0, 0.1], [-1.0, 0.0], [0.0, 3.0]])
    # cos(A0, B0) = 2 / sqrt(4.01) = 0.9988; cos(A2, B0) = 2.1 / (sqrt 2 sqrt 4.01) = 0.7415;
    # cos(A2, B2) = 1 / sqrt 2 = 0.7071; cos(A0, B1) = -1; A1 is a zero row.
    assert ref.near_duplicate_pairs(A, B).tolist() == [[0, 0]]
    assert ref.near_duplicate_pairs(A, B, 0.7).tolist() == [[0, 0], [2, 0], [2, 2]]
    assert ref.near_duplicate_pairs(A, B, 0.72).tolist() == [[0, 0], [2, 0]]
    everything = ref.near_duplicate_pairs(A, B, -2.0).tolist()
    assert everything == [[0, 0], [0, 1], [0, 2], [2, 0], [2, 1], [2, 2]]  # never row 1
    assert ref.near_duplicate_pairs(A[:0], B).shape == (0, 2)


def test_near_duplicate_pairs_decide_cosines_1e8_from_the_threshold():
    # B_i is built at cosine 0.95 +- (1e-8 .. 1e-7) from A_i, so the answer is known by
    # construction; float64 must get every pair right (float32 would not).
    rng = np.random.default_rng(11)
    A = rng.normal(size=(20, 64)) * rng.uniform(0.5, 20.0, size=(20, 1))
    B = np.empty_like(A)
    above = rng.random(20) < 0.5
    for i in range(20):
        a = A[i] / np.linalg.norm(A[i])
        u = rng.normal(size=64)
        u -= (u @ a) * a
        u /= np.linalg.norm(u)
        c = 0.95 + (1.0 if above[i] else -1.0) * rng.uniform(1e-8, 1e-7)
        B[i] = (c * a + math.sqrt(1.0 - c * c) * u) * rng.uniform(0.5, 20.0)
    got = ref.near_duplicate_pairs(A, B, 0.95)
    assert got.tolist() == [[i, i] for i in np.flatnonzero(above)]
    assert got.tolist() == _sklearn_near_pairs(A, B, 0.95)


def test_near_duplicate_pairs_ignore_row_lengths():
    rng = np.random.default_rng(6)
    A, B = _near_rows(rng, 20, 25, 5, 10, 1)
    scaled = (A * 10.0 ** rng.uniform(-3, 3, (20, 1)), B * 10.0 ** rng.uniform(-3, 3, (25, 1)))
    assert ref.near_duplicate_pairs(A, B).tolist() == ref.near_duplicate_pairs(*scaled).tolist()

# --- point_in_time_join ---


def _merge_asof(event_keys, event_times, feature_keys, feature_times, feature_values,
                allow_exact_matches=True):
    """pandas' as-of join: both sides sorted by time (stably, so equal times keep input
    order and merge_asof takes the last of them); NaN times dropped, as it refuses them."""
    events = pd.DataFrame({"key": event_keys, "time": event_times,
                           "at": np.arange(len(event_keys))})
    rows = pd.DataFrame({"key": feature_keys, "time": feature_times,
                         "value": feature_values}).dropna(subset=["time"])
    merged = pd.merge_asof(events.sort_values("time", kind="stable"),
                           rows.sort_values("time", kind="stable"), on="time", by="key",
                           direction="backward", allow_exact_matches=allow_exact_matches)
    joined = np.empty(len(event_keys))
    joined[merged["at"].to_numpy()] = merged["value"].to_numpy(dtype=float)
    return joined


def _pit_brute_force(event_keys, event_times, feature_keys, feature_times, feature_values,
                     allow_exact_matches=True):
    joined = []
    for key, time in zip(event_keys.tolist(), event_times.tolist(), strict=True):
        best = None  # (time, input position) of the best row so far
        for j, (k, t) in enumerate(zip(feature_keys.tolist(), feature_times.tolist(),
                                       strict=True)):
            known = t <= time if allow_exact_matches else t < time
            # >=: a later row of equal time replaces an earlier one
            if k == key and known and (best is None or t >= best[0]):
                best = (t, j)
        joined.append(math.nan if best is None else float(feature_values[best[1]]))
    return np.array(joined)


def _pit_tables(rng, n, m, n_keys, n_times, nan_share):
    times = rng.integers(0, n_times, m).astype(float)
    times[rng.random(m) < nan_share] = np.nan
    return (rng.integers(0, n_keys, n), rng.integers(0, n_times, n).astype(float),
            rng.integers(0, n_keys, m), times, rng.normal(size=m))


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("allow", [True, False])
@pytest.mark.parametrize(("n", "m", "n_keys", "n_times"), [
    (200, 300, 5, 20), (50, 80, 3, 1_000_000), (30, 500, 2, 4), (100, 1, 3, 5)])
def test_point_in_time_join_matches_pandas_merge_asof(seed, allow, n, m, n_keys, n_times):
    tables = _pit_tables(np.random.default_rng(seed), n, m, n_keys, n_times, 0.1)
    copies = [t.copy() for t in tables]
    got = ref.point_in_time_join(*tables, allow_exact_matches=allow)
    expected = _merge_asof(*tables, allow_exact_matches=allow)
    assert got.dtype == np.float64
    assert got.shape == (n,)
    assert np.array_equal(got, expected, equal_nan=True)
    assert all(np.array_equal(a, b, equal_nan=True) for a, b in zip(tables, copies, strict=True))


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("allow", [True, False])
def test_point_in_time_join_matches_brute_force_with_many_ties(seed, allow):
    tables = _pit_tables(np.random.default_rng(seed), 60, 120, 3, 6, 0.2)
    got = ref.point_in_time_join(*tables, allow_exact_matches=allow)
    assert np.array_equal(got, _pit_brute_force(*tables, allow), equal_nan=True)


def test_point_in_time_join_at_scale_matches_pandas():
    tables = _pit_tables(np.random.default_rng(7), 100_000, 100_000, 1_000, 10**6, 0.01)
    for allow in (True, False):
        got = ref.point_in_time_join(*tables, allow_exact_matches=allow)
        assert np.array_equal(got, _merge_asof(*tables, allow), equal_nan=True)


@pytest.mark.parametrize(("scale", "offset"), [(86400.0, 1.7e9), (1e-12, 0.0)])
def test_point_in_time_join_unix_days_and_picoseconds_match_pandas(scale, offset):
    # Exact matches at 1.7e9 (where t - 1e-9 == t) and times 1e-12 apart.
    keys, times, f_keys, f_times, values = _pit_tables(np.random.default_rng(2), 80, 120, 3,
                                                       365, 0.05)
    tables = (keys, offset + scale * times, f_keys, offset + scale * f_times, values)
    for allow in (True, False):
        got = ref.point_in_time_join(*tables, allow_exact_matches=allow)
        assert np.array_equal(got, _merge_asof(*tables, allow), equal_nan=True)


def test_point_in_time_join_by_hand():
    # key 1 rows: t=4 -> 0.1, t=10 -> 0.2, t=12 -> 0.3; key 2: t=6 -> 0.4.
    # Event (1, 5): t=4. Event (1, 10): the exact row t=10 (else t=4). Event (2, 5): none.
    args = (np.array([1, 1, 2]), np.array([5.0, 10.0, 5.0]), np.array([1, 1, 1, 2]),
            np.array([4.0, 10.0, 12.0, 6.0]), np.array([0.1, 0.2, 0.3, 0.4]))
    assert ref.point_in_time_join(*args).tolist()[:2] == [0.1, 0.2]
    assert math.isnan(ref.point_in_time_join(*args)[2])
    assert ref.point_in_time_join(*args, False).tolist()[:2] == [0.1, 0.1]
    # Three rows at t=3 (values 31, 32, 33 in input order), one at t=1, a NaN-time row
    # last: event t=3 gets 33 (the last of the ties), t=2 gets 10, t=9 gets 33 (NaN
    # ignored); strictly before t=3 only the row at t=1 counts.
    args = (np.array([7, 7, 7]), np.array([3.0, 2.0, 9.0]), np.array([7, 7, 7, 7, 7]),
            np.array([3.0, 1.0, 3.0, 3.0, np.nan]), np.array([31.0, 10.0, 32.0, 33.0, 99.0]))
    assert ref.point_in_time_join(*args).tolist() == [33.0, 10.0, 33.0]
    assert ref.point_in_time_join(*args, allow_exact_matches=False).tolist() == [10.0, 10.0,
                                                                                 33.0]
    # -0.0 is the same time as 0.0: not strictly before it.
    got = ref.point_in_time_join(np.array([1]), np.array([0.0]), np.array([1, 1]),
                                 np.array([-1.0, -0.0]), np.array([5.0, 6.0]), False)
    assert got.tolist() == [5.0]


def test_point_in_time_join_past_values_ignore_the_future():
    rng = np.random.default_rng(11)
    tables = list(_pit_tables(rng, 300, 400, 4, 100, 0.05))
    cutoff = 50.0
    before = ref.point_in_time_join(*tables)
    later = tables[3] > cutoff
    tables[4] = np.where(later, rng.normal(size=400) + 100.0, tables[4])
    after = ref.point_in_time_join(*tables)
    past = tables[1] <= cutoff
    assert np.array_equal(before[past], after[past], equal_nan=True)
    assert not np.array_equal(before[~past], after[~past], equal_nan=True)

# --- flag_leaky_features ---


def _sklearn_scores(X, y):
    auc = np.array([roc_auc_score(y, X[:, j]) for j in range(X.shape[1])])
    return np.maximum(auc, 1 - auc)


def _exact_scores(X, y):
    """max(auc, 1 - auc) as exact fractions, from every (positive, negative) pair."""
    pos, neg = X[y == 1].T.tolist(), X[y == 0].T.tolist()
    scores = []
    for p, q in zip(pos, neg, strict=True):
        auc = Fraction(sum(2 * (a > b) + (a == b) for a in p for b in q), 2 * len(p) * len(q))
        scores.append(max(auc, 1 - auc))
    return scores


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("threshold", [0.95, 0.75, 0.6, 0.5])
def test_flag_leaky_features_matches_sklearn_roc_auc(seed, threshold):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(8, 60))
    y = rng.permutation(np.arange(n) % 2 if seed % 2 else (np.arange(n) % 5 == 0))
    signal = y + rng.normal(0.0, 0.4, size=n)
    X = np.column_stack([rng.normal(size=n), signal, -signal, np.round(signal),
                         rng.integers(0, 3, size=n), np.full(n, 1.5)]).astype(float)
    copies = X.copy(), y.copy()
    got = ref.flag_leaky_features(X, y, threshold)
    assert got.dtype.kind == "i"
    exact = _exact_scores(X, y)
    assert got.tolist() == [j for j, s in enumerate(exact) if s >= Fraction(threshold)]
    # scikit-learn agrees wherever rounding cannot decide (no score this close here)
    scores = _sklearn_scores(X, y)
    assert all(abs(s - threshold) > 1e-9 or float(e) == threshold
               for s, e in zip(scores, exact, strict=True))
    assert got.tolist() == np.flatnonzero(scores >= threshold).tolist()
    assert np.array_equal(X, copies[0])
    assert np.array_equal(y, copies[1])


def test_flag_leaky_features_scores_equal_to_the_threshold_are_flagged():
    y = np.array([0, 1, 0, 1, 1, 0, 0, 1])
    X = np.column_stack([[1, 3, 2, 5, 6, 4, 7, 8], [8, 6, 7, 4, 3, 5, 2, 1],
                         [1, 2, 3, 5, 6, 4, 7, 8]]).astype(float)
    # 12 of 16 pairs won: auc 0.75; the mirror 0.25; 11 of 16: 0.6875 (sklearn agrees)
    np.testing.assert_array_equal(_sklearn_scores(X, y), [0.75, 0.75, 0.6875])
    assert ref.flag_leaky_features(X, y, 0.75).tolist() == [0, 1]
    assert ref.flag_leaky_features(X, y, 0.6875).tolist() == [0, 1, 2]
    assert ref.flag_leaky_features(X, y, np.nextafter(0.75, 1.0)).tolist() == []


def test_flag_leaky_features_ties_by_hand():
    y = np.array([0, 1, 0, 1, 1, 0, 0, 1])
    # positives 1, 1, 1, 0 against four 0s: 12 wins + 4 ties / 2 = 14 of 16 = 0.875;
    # positives 1, 0, 0, 0: (4 + 6) / 16 = 0.625; constant: 0.5 = max(0.5, 0.5).
    X = np.column_stack([[0, 1, 0, 1, 1, 0, 0, 0], [0, 1, 0, 0, 0, 0, 0, 0],
                         [3] * 8]).astype(float)
    assert ref.flag_leaky_features(X, y, 0.875).tolist() == [0]
    assert ref.flag_leaky_features(X, y, 0.6).tolist() == [0, 1]
    assert ref.flag_leaky_features(X, y, 0.5).tolist() == [0, 1, 2]
    assert ref.flag_leaky_features(X, y, 0.51).tolist() == [0, 1]
    # the same with float and boolean labels
    assert ref.flag_leaky_features(X, y.astype(float), 0.6).tolist() == [0, 1]
    assert ref.flag_leaky_features(X, y.astype(bool), 0.6).tolist() == [0, 1]


@pytest.mark.parametrize("y", [[0, 1, 2, 0], [-1, 1, -1, 1], [0.0, 0.5, 1.0, 1.0],
                               [0, 0, 0, 0], [1, 1, 1, 1], [0, np.nan, 1, 1]])
def test_flag_leaky_features_rejects_labels_that_are_not_binary_with_both_classes(y):
    with pytest.raises(ValueError, match="`y`"):
        ref.flag_leaky_features(np.zeros((4, 2)), np.array(y))


def test_flag_leaky_features_ignore_sample_order_and_monotone_rescaling():
    rng = np.random.default_rng(8)
    y = rng.integers(0, 2, size=40)
    X = np.column_stack([y + rng.normal(0, 0.3, 40), np.round(rng.normal(size=40)),
                         -y + rng.normal(0, 0.2, 40)])
    base = ref.flag_leaky_features(X, y, 0.8).tolist()
    order = rng.permutation(40)
    assert ref.flag_leaky_features(X[order], y[order], 0.8).tolist() == base
    assert ref.flag_leaky_features(np.exp(X), y, 0.8).tolist() == base

