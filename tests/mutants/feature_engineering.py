"""Realistic wrong feature_engineering solutions beyond the grader table's misconceptions.

Each must fail, with feedback containing the fragment given to ``@mutant``."""

import math
import zlib
from collections import Counter
from collections.abc import Callable

import numpy as np

from tests.support import mutant


def _check_categories(categories):
    listed = categories.tolist() if isinstance(categories, np.ndarray) else list(categories)
    if len(set(listed)) != len(listed):
        raise ValueError("`categories` must not repeat")
    return listed


@mutant("should hold floats")
def one_hot_encode__int_dtype(values, categories):
    listed = _check_categories(categories)
    values = values.tolist() if isinstance(values, np.ndarray) else list(values)
    out = np.zeros((len(values), len(listed)), dtype=int)  # ints: a model wants floats
    for i, v in enumerate(values):
        if v in listed:
            out[i, listed.index(v)] = 1
    return out


@mutant("should raise ValueError for repeated categories")
def one_hot_encode__no_repeat_check(values, categories):
    # A repeated category silently keeps its last column: the first one is never set.
    index = {c: j for j, c in enumerate(np.asarray(categories).tolist())}
    out = np.zeros((len(values), len(categories)))
    for i, v in enumerate(np.asarray(values).tolist()):
        if v in index:
            out[i, index[v]] = 1.0
    return out


@mutant("has shape")
def one_hot_encode__transposed(values, categories):
    listed = _check_categories(categories)
    values = values.tolist() if isinstance(values, np.ndarray) else list(values)
    return np.array([[float(v == c) for v in values] for c in listed]).reshape(
        len(listed), len(values))  # one row per category: (k, n)


@mutant("raised KeyError")
def one_hot_encode__unknown_raises(values, categories):
    index = {c: j for j, c in enumerate(_check_categories(categories))}
    values = values.tolist() if isinstance(values, np.ndarray) else list(values)
    out = np.zeros((len(values), len(index)))
    for i, v in enumerate(values):
        out[i, index[v]] = 1.0  # an unknown value is a KeyError, not a row of zeros
    return out


@mutant("compare with Python's ==")
def one_hot_encode__compares_as_strings(values, categories):
    # str() on both sides: "3" now equals 3, and 3.0 ("3.0") no longer equals 3.
    names = [str(c) for c in _plain_values(categories)]
    if len(set(names)) != len(names):
        raise ValueError(f"categories must be distinct, got {names}")
    column = {c: j for j, c in enumerate(names)}
    out = np.zeros((len(_plain_values(values)), len(names)))
    for i, v in enumerate(_plain_values(values)):
        if str(v) in column:
            out[i, column[str(v)]] = 1.0
    return out


def _plain_values(values):
    return values.tolist() if isinstance(values, np.ndarray) else list(values)


@mutant("changed its input `X` in place")
def min_max_scale__in_place(X, feature_range=(0.0, 1.0)):
    low, high = feature_range
    if low >= high:
        raise ValueError("`feature_range` must have min < max")
    X -= X.min(axis=0)  # the caller's X is now shifted
    span = X.max(axis=0)
    return low + X / np.where(span == 0, 1.0, span) * (high - low)


@mutant("should raise ValueError for feature_range (1.0, 1.0)")
def min_max_scale__no_range_check(X, feature_range=(0.0, 1.0)):
    low, high = feature_range
    span = X.max(axis=0) - X.min(axis=0)
    return low + (X - X.min(axis=0)) / np.where(span == 0, 1.0, span) * (high - low)


@mutant("should raise ValueError for feature_range (1.0, 1.0)")
def min_max_scale__allows_equal_ends(X, feature_range=(0.0, 1.0)):
    low, high = feature_range
    if low > high:  # (1, 1) is an empty range too
        raise ValueError("`feature_range` must have min <= max")
    span = X.max(axis=0) - X.min(axis=0)
    return low + (X - X.min(axis=0)) / np.where(span == 0, 1.0, span) * (high - low)


@mutant("a tiny span (1e-14) is still a span")
def min_max_scale__span_tolerance(X, feature_range=(0.0, 1.0)):
    low, high = feature_range
    if low >= high:
        raise ValueError(f"feature_range must have low < high, got {feature_range}")
    lo = X.min(axis=0)
    span = X.max(axis=0) - lo
    constant = span < 1e-12  # "close enough to constant": wrong for values 1e-14 apart
    out = low + (X - lo) / np.where(constant, 1.0, span) * (high - low)
    out[:, constant] = low
    return out


@mutant("the offset cancelled catastrophically")
def min_max_scale__divides_before_subtracting(X, feature_range=(0.0, 1.0)):
    low, high = feature_range
    if low >= high:
        raise ValueError(f"feature_range must have low < high, got {feature_range}")
    lo, hi = X.min(axis=0), X.max(axis=0)
    span = np.where(hi == lo, 1.0, hi - lo)
    out = low + (X / span - lo / span) * (high - low)  # two numbers near 1e9 subtracted
    out[:, hi == lo] = low
    return out


@mutant("cases gave a wrong answer")
def robust_scale__percentile_fractions(X):
    # np.percentile takes percents: 0.25 and 0.75 are the 0.25th and 0.75th percentiles.
    q25, q75 = np.percentile(X, [0.25, 0.75], axis=0)
    iqr = q75 - q25
    return (X - np.median(X, axis=0)) / np.where(iqr == 0, 1.0, iqr)


@mutant("changed its input `X` in place")
def robust_scale__centres_in_place(X):
    X -= np.median(X, axis=0)
    q25, q75 = np.percentile(X, [25.0, 75.0], axis=0)
    iqr = q75 - q25
    return X / np.where(iqr == 0, 1.0, iqr)


def _nan_stats(X, strategy):
    fill = np.zeros(X.shape[1])
    for j in range(X.shape[1]):
        column = X[~np.isnan(X[:, j]), j]
        if column.size and strategy == "median":
            fill[j] = np.median(column)
        elif column.size and strategy == "most_frequent":
            distinct, counts = np.unique(column, return_counts=True)
            fill[j] = distinct[np.argmax(counts)]
        elif column.size:
            fill[j] = column.mean()
    return fill


def _check_strategy(strategy):
    if strategy not in ("mean", "median", "most_frequent"):
        raise ValueError(f"unknown strategy {strategy!r}")


@mutant("a tiny IQR (1e-14) is still divided")
def robust_scale__iqr_tolerance(X):
    q25, median, q75 = np.percentile(X, [25, 50, 75], axis=0)
    iqr = q75 - q25
    return (X - median) / np.where(iqr < 1e-12, 1.0, iqr)  # tiny is not zero


@mutant("changed its input `X_train` in place")
def impute__fills_in_place(X_train, X_test, strategy="mean"):
    _check_strategy(strategy)
    fill = _nan_stats(X_train, strategy)
    for X in (X_train, X_test):
        rows, cols = np.nonzero(np.isnan(X))
        X[rows, cols] = fill[cols]  # fills the caller's arrays
    return X_train, X_test


@mutant("should raise ValueError for strategy = 'mode'")
def impute__no_strategy_check(X_train, X_test, strategy="mean"):
    fill = _nan_stats(X_train, strategy)  # anything unknown quietly means "mean"
    return (np.where(np.isnan(X_train), fill, X_train),
            np.where(np.isnan(X_test), fill, X_test))


@mutant("cases gave a wrong answer")
def impute__lower_median(X_train, X_test, strategy="mean"):
    _check_strategy(strategy)
    fill = _nan_stats(X_train, strategy)
    if strategy == "median":
        for j in range(X_train.shape[1]):
            column = np.sort(X_train[~np.isnan(X_train[:, j]), j])
            if column.size:
                fill[j] = column[(column.size - 1) // 2]  # the lower middle, not the average
    return (np.where(np.isnan(X_train), fill, X_train),
            np.where(np.isnan(X_test), fill, X_test))


@mutant("should be a tuple")
def impute__returns_list(X_train, X_test, strategy="mean"):
    _check_strategy(strategy)
    fill = _nan_stats(X_train, strategy)
    return [np.where(np.isnan(X), fill, X) for X in (X_train, X_test)]


@mutant("returned its input `X_test` itself")
def impute__returns_input_without_nan(X_train, X_test, strategy="mean"):
    _check_strategy(strategy)
    fill = _nan_stats(X_train, strategy)
    out = []
    for X in (X_train, X_test):
        out.append(np.where(np.isnan(X), fill, X) if np.isnan(X).any() else X)
    return tuple(out)


@mutant("The test set's statistics reached the training output")
def impute__median_of_all_rows(X_train, X_test, strategy="mean"):
    # Right for mean and most_frequent; the median is taken over train and test together.
    _check_strategy(strategy)
    source = np.vstack([X_train, X_test]) if strategy == "median" else X_train
    fill = _nan_stats(source, strategy)
    return (np.where(np.isnan(X_train), fill, X_train),
            np.where(np.isnan(X_test), fill, X_test))


def _target_stats(train_categories, y_train):
    sums, counts = {}, {}
    for c, y in zip(list(np.asarray(train_categories).tolist()), y_train.tolist(), strict=True):
        sums[c] = sums.get(c, 0.0) + y
        counts[c] = counts.get(c, 0) + 1
    return sums, counts


@mutant("The other test rows leaked into a test row's encoding")
def smoothed_target_encoding__counts_test_rows(train_categories, y_train, test_categories,
                                               smoothing=10.0):
    if smoothing < 0:
        raise ValueError("`smoothing` must be >= 0")
    sums, counts = _target_stats(train_categories, y_train)
    test = list(np.asarray(test_categories).tolist())
    everywhere = {c: counts.get(c, 0) + test.count(c) for c in test}  # n_c over train + test
    g = float(np.mean(y_train))
    return np.array([(sums[c] + smoothing * g) / (everywhere[c] + smoothing) if c in sums
                     else g for c in test], dtype=float)


@mutant("should raise ValueError for smoothing = -1e-12")
def smoothed_target_encoding__no_smoothing_check(train_categories, y_train, test_categories,
                                                 smoothing=10.0):
    sums, counts = _target_stats(train_categories, y_train)
    g = float(np.mean(y_train))
    return np.array([(sums[c] + smoothing * g) / (counts[c] + smoothing) if c in sums else g
                     for c in np.asarray(test_categories).tolist()], dtype=float)


@mutant("raised ValueError")
def smoothed_target_encoding__rejects_zero(train_categories, y_train, test_categories,
                                           smoothing=10.0):
    if smoothing <= 0:  # 0 is allowed: the plain category mean
        raise ValueError("`smoothing` must be > 0")
    sums, counts = _target_stats(train_categories, y_train)
    g = float(np.mean(y_train))
    return np.array([(sums[c] + smoothing * g) / (counts[c] + smoothing) if c in sums else g
                     for c in np.asarray(test_categories).tolist()], dtype=float)


@mutant("should be an ndarray")
def smoothed_target_encoding__python_list(train_categories, y_train, test_categories,
                                          smoothing=10.0):
    if smoothing < 0:
        raise ValueError("`smoothing` must be >= 0")
    sums, counts = _target_stats(train_categories, y_train)
    g = float(np.mean(y_train))
    return [(sums[c] + smoothing * g) / (counts[c] + smoothing) if c in sums else g
            for c in np.asarray(test_categories).tolist()]


@mutant("should raise ValueError for n_features = 0")
def hash_features__no_check(documents, n_features):
    out = np.zeros((len(documents), max(n_features, 0)))
    for i, doc in enumerate(documents):
        for token in doc:
            out[i, zlib.crc32(token.encode("utf-8")) % n_features] += 1.0
    return out


@mutant("should hold floats")
def hash_features__int_counts(documents, n_features):
    if n_features < 1:
        raise ValueError("`n_features` must be >= 1")
    out = np.zeros((len(documents), n_features), dtype=np.int64)
    for i, doc in enumerate(documents):
        for token in doc:
            out[i, zlib.crc32(token.encode("utf-8")) % n_features] += 1
    return out


@mutant("has shape")
def hash_features__skips_empty_documents(documents, n_features):
    if n_features < 1:
        raise ValueError("`n_features` must be >= 1")
    rows = []
    for doc in documents:
        if not doc:
            continue  # the row disappears instead of staying zeros
        row = np.zeros(n_features)
        for token in doc:
            row[zlib.crc32(token.encode("utf-8")) % n_features] += 1.0
        rows.append(row)
    return np.array(rows).reshape(len(rows), n_features)


@mutant("should hold integers")
def quantile_bins__float_ids(x: np.ndarray, n_bins: int) -> np.ndarray:
    if n_bins < 1:
        raise ValueError("n_bins must be >= 1")
    edges = np.unique(np.quantile(x, np.linspace(0.0, 1.0, n_bins + 1)))
    return np.searchsorted(edges[1:-1], x, side="right").astype(float)  # 0.0, 1.0, ...


@mutant("changed its input `x` in place")
def quantile_bins__sorts_x_in_place(x: np.ndarray, n_bins: int) -> np.ndarray:
    if n_bins < 1:
        raise ValueError("n_bins must be >= 1")
    original = x.copy()
    x.sort()  # sorted once to read the quantiles off by hand
    pos = np.linspace(0.0, 1.0, n_bins + 1) * (len(x) - 1)
    lo = np.floor(pos).astype(int)
    hi = np.minimum(lo + 1, len(x) - 1)
    edges = np.unique(x[lo] + (pos - lo) * (x[hi] - x[lo]))
    return np.searchsorted(edges[1:-1], original, side="right")


@mutant("should raise ValueError for n_bins = 0")
def quantile_bins__no_check(x: np.ndarray, n_bins: int) -> np.ndarray:
    # n_bins = 0 gives a single edge and silently puts everything in bin 0.
    edges = np.unique(np.quantile(x, np.linspace(0.0, 1.0, n_bins + 1)))
    return np.searchsorted(edges[1:-1], x, side="right")


@mutant("should raise ValueError for n_bins = -2")
def quantile_bins__checks_only_zero(x: np.ndarray, n_bins: int) -> np.ndarray:
    if n_bins == 0:
        raise ValueError("n_bins must not be 0")
    # n_bins = -2 gives linspace(0, 1, -1) = []: no edges, everything in bin 0.
    edges = np.unique(np.quantile(x, np.linspace(0.0, 1.0, max(n_bins + 1, 0))))
    return np.searchsorted(edges[1:-1], x, side="right")


@mutant("should raise ValueError for x of length 5, y of length 4")
def mutual_information__zip_truncates(x: np.ndarray, y: np.ndarray) -> float:
    # zip stops at the shorter array: no error, an answer from the first 4 pairs.
    pairs = Counter(zip(x.tolist(), y.tolist(), strict=False))
    n = sum(pairs.values())
    cx = Counter(a for a, _ in pairs.elements())
    cy = Counter(b for _, b in pairs.elements())
    return sum(c / n * math.log(c * n / (cx[a] * cy[b])) for (a, b), c in pairs.items())


@mutant("raised ValueError")
def mutual_information__bincount_labels(x: np.ndarray, y: np.ndarray) -> float:
    # Assumes labels are 0..k-1: np.bincount refuses the negative label -5.
    if len(x) != len(y):
        raise ValueError("x and y must have the same length")
    cx, cy = np.bincount(x), np.bincount(y)
    joint = np.zeros((len(cx), len(cy)))
    np.add.at(joint, (x, y), 1.0)
    a, b = np.nonzero(joint)
    c, n = joint[a, b], len(x)
    return float(np.sum(c / n * np.log(c * n / (cx[a] * cy[b]))))


@mutant("should be a scalar, not a 0-d array")
def mutual_information__zero_d_array(x: np.ndarray, y: np.ndarray) -> float:
    if len(x) != len(y):
        raise ValueError("x and y must have the same length")
    _, xi = np.unique(x, return_inverse=True)
    _, yi = np.unique(y, return_inverse=True)
    joint = np.zeros((xi.max() + 1, yi.max() + 1))
    np.add.at(joint, (xi, yi), 1.0 / len(x))
    expected = np.outer(joint.sum(axis=1), joint.sum(axis=0))
    occurs = joint > 0
    return np.asarray(np.sum(joint[occurs] * np.log(joint[occurs] / expected[occurs])))


@mutant("should raise ValueError for x of length 1, y of length 6")
def mutual_information__relies_on_broadcasting(x: np.ndarray, y: np.ndarray) -> float:
    # No explicit check: 5 vs 4 fails to broadcast (a ValueError), but 1 vs 6 broadcasts.
    _, xi = np.unique(x, return_inverse=True)
    _, yi = np.unique(y, return_inverse=True)
    _, joint = np.unique(xi * (yi.max() + 1) + yi, return_counts=True)
    _, cx = np.unique(xi, return_counts=True)
    _, cy = np.unique(yi, return_counts=True)

    def entropy(counts: np.ndarray) -> float:
        p = counts / counts.sum()
        return float(-np.sum(p * np.log(p)))

    return entropy(cx) + entropy(cy) - entropy(joint)


@mutant("mutual information is never negative")
def mutual_information__entropies_unclipped(x: np.ndarray, y: np.ndarray) -> float:
    # H(x) + H(y) - H(x, y): exact in theory, -4e-16 for independent samples in practice.
    if len(x) != len(y):
        raise ValueError(f"x and y must have the same length, got {len(x)} and {len(y)}")

    def entropy(*columns):
        _, counts = np.unique(np.column_stack(columns), axis=0, return_counts=True)
        p = counts / counts.sum()
        return -float(np.sum(p * np.log(p)))

    return entropy(x) + entropy(y) - entropy(x, y)


@mutant("do not round or cast them to int")
def mutual_information__labels_cast_to_int(x: np.ndarray, y: np.ndarray) -> float:
    if len(x) != len(y):
        raise ValueError(f"x and y must have the same length, got {len(x)} and {len(y)}")
    x, y = np.asarray(x).astype(np.int64), np.asarray(y).astype(np.int64)  # 0.5 -> 0
    n = len(x)
    joint = Counter(zip(x.tolist(), y.tolist(), strict=True))
    cx, cy = Counter(x.tolist()), Counter(y.tolist())
    mi = sum(c / n * math.log(c * n / (cx[a] * cy[b])) for (a, b), c in joint.items())
    return max(float(mi), 0.0)


@mutant("should be an ndarray")
def correlation_filter__returns_list(X: np.ndarray, threshold: float = 0.9) -> np.ndarray:
    corr = np.nan_to_num(np.corrcoef(X, rowvar=False).reshape(X.shape[1], -1))
    kept: list[int] = []
    for j in range(X.shape[1]):
        if all(abs(corr[j, k]) <= threshold for k in kept):
            kept.append(j)
    return kept  # a list, not the documented ndarray


@mutant("has shape")
def correlation_filter__boolean_mask(X: np.ndarray, threshold: float = 0.9) -> np.ndarray:
    corr = np.nan_to_num(np.corrcoef(X, rowvar=False).reshape(X.shape[1], -1))
    keep = np.zeros(X.shape[1], dtype=bool)
    for j in range(X.shape[1]):
        keep[j] = not np.any(np.abs(corr[j, keep]) > threshold)
    return keep  # which columns, as a mask of length d, not their indices


@mutant("changed its input `X` in place")
def correlation_filter__centres_in_place(X: np.ndarray, threshold: float = 0.9) -> np.ndarray:
    X -= X.mean(axis=0)  # saves a copy of X, overwrites the caller's data
    products = X.T @ X
    norms = np.sqrt(np.diag(products))
    norms[norms == 0] = 1.0
    corr = np.clip(products / np.outer(norms, norms), -1.0, 1.0)
    kept: list[int] = []
    for j in range(X.shape[1]):
        if not np.any(np.abs(corr[j, kept]) > threshold):
            kept.append(j)
    return np.array(kept)


def _cf_greedy(X, threshold, corr):
    kept: list[int] = []
    for j in range(X.shape[1]):
        if all(abs(corr(X[:, j], X[:, k])) <= threshold for k in kept):
            kept.append(j)
    return np.array(kept, dtype=np.int64)


@mutant("lost their digits to cancellation")
def correlation_filter__one_pass_covariance(X: np.ndarray,
                                            threshold: float = 0.9) -> np.ndarray:
    def corr(a, b):  # sum(ab) - n mean(a) mean(b): no centring, at 1e8 all digits go
        n = len(a)
        saa, sbb = a @ a - n * a.mean() ** 2, b @ b - n * b.mean() ** 2
        if saa <= 0 or sbb <= 0:
            return 0.0
        return min(1.0, max(-1.0, (a @ b - n * a.mean() * b.mean()) / math.sqrt(saa * sbb)))
    return _cf_greedy(X, threshold, corr)


@mutant("values 1e-13 apart still correlate")
def correlation_filter__std_tolerance(X: np.ndarray, threshold: float = 0.9) -> np.ndarray:
    def corr(a, b):
        if a.std() < 1e-12 or b.std() < 1e-12:  # "constant": wrong for tiny columns
            return 0.0
        a, b = a - a.mean(), b - b.mean()
        return min(1.0, max(-1.0, (a @ b) / math.sqrt((a @ a) * (b @ b))))
    return _cf_greedy(X, threshold, corr)


@mutant("was not clipped to [-1, 1]")
def correlation_filter__unclipped_sqrt_of_product(X: np.ndarray,
                                                  threshold: float = 0.9) -> np.ndarray:
    def corr(a, b):
        a, b = a - a.mean(), b - b.mean()
        denominator = math.sqrt((a @ a) * (b @ b))
        return 0.0 if denominator == 0 else (a @ b) / denominator  # 1 + 2e-16 happens
    return _cf_greedy(X, threshold, corr)


@mutant("changed its input `X` in place")
def permutation_importance__shuffles_x_in_place(predict: Callable, X: np.ndarray, y: np.ndarray,
                                                metric: Callable,
                                                permutations: np.ndarray) -> np.ndarray:
    if len(permutations) == 0:
        raise ValueError("permutations must not be empty")
    baseline = metric(y, predict(X))
    out = np.empty(X.shape[1])
    for j in range(X.shape[1]):
        column = X[:, j].copy()
        scores = []
        for p in permutations:
            X[:, j] = column[p]  # no copy of X: writes into the caller's array
            scores.append(metric(y, predict(X)))
        out[j] = baseline - np.mean(scores)  # ...and never puts the column back
    return out


@mutant("should raise ValueError for permutations = [] (an empty list)")
def permutation_importance__no_empty_check(predict: Callable, X: np.ndarray, y: np.ndarray,
                                           metric: Callable,
                                           permutations: np.ndarray) -> np.ndarray:
    # np.mean([]) is nan (with a warning), so an empty list returns nan for every feature.
    baseline = metric(y, predict(X))
    out = np.empty(X.shape[1])
    for j in range(X.shape[1]):
        scores = []
        for p in permutations:
            shuffled = X.copy()
            shuffled[:, j] = X[p, j]
            scores.append(metric(y, predict(shuffled)))
        out[j] = baseline - np.mean(scores)
    return out


@mutant("should raise ValueError for permutations of shape (0, 10)")
def permutation_importance__checks_for_a_list(predict: Callable, X: np.ndarray, y: np.ndarray,
                                              metric: Callable,
                                              permutations: np.ndarray) -> np.ndarray:
    if isinstance(permutations, list) and not permutations:
        raise ValueError("permutations must not be empty")
    baseline = metric(y, predict(X))
    out = np.empty(X.shape[1])
    for j in range(X.shape[1]):
        scores = []
        for p in permutations:
            shuffled = X.copy()
            shuffled[:, j] = X[p, j]
            scores.append(metric(y, predict(shuffled)))
        out[j] = baseline - np.mean(scores)
    return out


@mutant("gave a wrong answer")
def permutation_importance__own_random_shuffles(predict: Callable, X: np.ndarray,
                                                y: np.ndarray, metric: Callable,
                                                permutations: np.ndarray) -> np.ndarray:
    if len(permutations) == 0:
        raise ValueError("permutations must not be empty")
    rng = np.random.default_rng(0)  # ignores the permutations it was given
    baseline = metric(y, predict(X))
    out = np.empty(X.shape[1])
    for j in range(X.shape[1]):
        scores = []
        for _ in permutations:
            shuffled = X.copy()
            shuffled[:, j] = rng.permutation(X[:, j])
            scores.append(metric(y, predict(shuffled)))
        out[j] = baseline - np.mean(scores)
    return out


def _sv_weights(d: int) -> list[float]:
    return [math.factorial(k) * math.factorial(d - k - 1) / math.factorial(d) for k in range(d)]


@mutant("evaluate f once per coalition")
def exact_shapley_values__one_row_at_a_time(f: Callable, x: np.ndarray,
                                            background: np.ndarray) -> np.ndarray:
    # Right values, but f is called on single rows: 2^d * b calls instead of 2^d.
    d = len(x)
    v = {}
    for s in range(2**d):
        mask = np.array([(s >> i) & 1 == 1 for i in range(d)])
        v[s] = np.mean([f(np.where(mask, x, row)[None, :])[0] for row in background])
    w = _sv_weights(d)
    return np.array([sum(w[bin(s).count("1")] * (v[s | 1 << i] - v[s])
                         for s in range(2**d) if not (s >> i) & 1) for i in range(d)])


@mutant("evaluate f once per coalition")
def exact_shapley_values__recomputes_per_feature(f: Callable, x: np.ndarray,
                                                 background: np.ndarray) -> np.ndarray:
    # Batches the background, but evaluates v(S) and v(S + i) afresh for every feature:
    # d 2^d calls of f.
    d = len(x)

    def v(s: int) -> float:
        mask = (s >> np.arange(d)) & 1 == 1
        return float(np.mean(f(np.where(mask, x, background))))

    w = _sv_weights(d)
    return np.array([sum(w[bin(s).count("1")] * (v(s | 1 << i) - v(s))
                         for s in range(2**d) if not (s >> i) & 1) for i in range(d)])


@mutant("changed its input `background` in place")
def exact_shapley_values__overwrites_background(f: Callable, x: np.ndarray,
                                                background: np.ndarray) -> np.ndarray:
    d = len(x)
    v = np.empty(2**d)
    for s in range(2**d):
        z = background  # not a copy: the coalition's columns overwrite the caller's rows
        mask = (s >> np.arange(d)) & 1 == 1
        z[:, mask] = x[mask]
        v[s] = np.mean(f(z))
    w = _sv_weights(d)
    return np.array([sum(w[bin(s).count("1")] * (v[s | 1 << i] - v[s])
                         for s in range(2**d) if not (s >> i) & 1) for i in range(d)])


@mutant("has shape (1, ")
def linear_shap__keepdims(w: np.ndarray, b: float, x: np.ndarray,
                          background: np.ndarray) -> np.ndarray:
    return w * (x - background.mean(axis=0, keepdims=True))  # (1, d), not (d,)


@mutant("changed its input `background` in place")
def linear_shap__centres_background_in_place(w: np.ndarray, b: float, x: np.ndarray,
                                             background: np.ndarray) -> np.ndarray:
    background -= x  # background now holds (row - x) for every row
    return -w * background.mean(axis=0)


@mutant("gave a wrong answer")
def linear_shap__mean_of_rows(w: np.ndarray, b: float, x: np.ndarray,
                              background: np.ndarray) -> np.ndarray:
    # Averages across each row (axis=1) instead of down each column; np.resize hides
    # the shape mismatch.
    return w * (x - np.resize(background.mean(axis=1), x.shape))

