"""Grader table for the feature_engineering topic: one section per exercise (its cases, errors,
wrong variants and ``Exercise``), and the list of them, in study order, at the end."""

import math
import zlib

import numpy as np

from graders.functions import build
from graders.spec import CallLimit, Case, Exercise, Fn, Invariance, Misconception, Property, Tol


def _plain(values):
    """A list or 1-D array of categories as plain Python values (str, int, float)."""
    return values.tolist() if isinstance(values, np.ndarray) else list(values)


def _float_array(args, got):
    """The contract says float output, which equality with the reference cannot see."""
    if isinstance(got, np.ndarray) and got.dtype.kind != "f":
        return (f"should hold floats (dtype float64), got dtype {got.dtype}: build the "
                "output with np.zeros(...) or convert it with .astype(float)")
    return None


# --- one_hot_encode ---------------------------------------------------------------


_COLORS = ["red", "green", "blue", "cyan"]  # deliberately not in sorted order


def _onehot_cases(rng):
    yield Case("strings, 12 values, 4 categories, all known", {
        "values": [_COLORS[i] for i in rng.integers(0, 4, size=12)], "categories": _COLORS})
    yield Case("ints in an ndarray, categories in non-sorted order [30, 10, 20]", {
        "values": rng.choice([10, 20, 30], size=9), "categories": [30, 10, 20]})
    yield Case("strings with unknown values ('purple', '?') among known ones", {
        "values": ["blue", "purple", "red", "?", "blue", "cyan"], "categories": _COLORS})
    yield Case("ints with unknown values that fall between categories [1, 3, 5, 7]", {
        "values": np.array([2, 3, 0, 7, 6, 1, 8]), "categories": np.array([1, 3, 5, 7])})
    yield Case("float values against float categories [0.5, -1.5, 2.25]", {
        "values": np.array([2.25, 0.5, 0.5, -1.5, 1.0]), "categories": [0.5, -1.5, 2.25]})
    yield Case("a single category, every value equal to it", {
        "values": ["x", "x", "x"], "categories": ["x"]})
    yield Case("no value is a known category (all-zero rows)", {
        "values": ["a", "b"], "categories": ["c", "d", "e"]})
    yield Case("no values (n = 0)", {"values": [], "categories": ["a", "b"]})
    # Python's == across the two arguments: the float 3.0 is the category 3, the string
    # "3" is not. Comparing str(value) with str(category) gets both wrong.
    yield Case("float values [3.0, 1.0, 2.5] against int categories [1, 3]", {
        "values": [3.0, 1.0, 2.5], "categories": [1, 3]},
        why="values and categories compare with Python's == (3 == 3.0, '3' != 3): do not "
            "convert them to strings")
    yield Case("string values ['3', '1'] against int categories [1, 3] (no match)", {
        "values": ["3", "1"], "categories": [1, 3]},
        why="values and categories compare with Python's == (3 == 3.0, '3' != 3): do not "
            "convert them to strings")


def _onehot_errors(rng):
    yield Case("repeated categories ['a', 'b', 'a']", {
        "values": ["a", "b"], "categories": ["a", "b", "a"]})
    yield Case("repeated int categories np.array([1, 2, 2])", {
        "values": np.array([1, 2]), "categories": np.array([1, 2, 2])})


def _onehot_from_columns(values, columns):
    index = {c: j for j, c in enumerate(columns)}
    out = np.zeros((len(_plain(values)), len(columns)))
    for i, v in enumerate(_plain(values)):
        if v in index:
            out[i, index[v]] = 1.0
    return out


def _onehot_sorted(values, categories):  # the cases whose categories are not sorted
    return _onehot_from_columns(values, sorted(_plain(categories)))


def _onehot_unknown_column(values, categories):  # an extra column: the shape is wrong
    known = _onehot_from_columns(values, _plain(categories))
    return np.hstack([known, 1.0 - known.sum(axis=1, keepdims=True)])


def _onehot_searchsorted(values, categories):  # the cases with unknown values
    cats = np.asarray(_plain(categories))
    order = np.argsort(cats, kind="stable")
    pos = np.searchsorted(cats[order], np.asarray(_plain(values)))
    out = np.zeros((len(_plain(values)), len(cats)))
    out[np.arange(out.shape[0]), order[np.minimum(pos, len(cats) - 1)]] = 1.0
    return out


def _onehot_from_values(values, categories):  # pd.get_dummies: wrong columns, wrong shape
    return _onehot_from_columns(values, sorted(set(_plain(values))))


ONE_HOT_ENCODE = Exercise(
    name="one_hot_encode",
    points=1,
    difficulty="easy",
    hints=(
        "Column j belongs to categories[j], whatever values arrive. What should a value "
        "that is not a category produce, and what if a category is listed twice?",
        "Build a dict category -> column once (raise if a category is already in it), "
        "look each value up with .get(value, -1), and set out[i, column] = 1.0 for the "
        "rows that found one.",
    ),
    cases=_onehot_cases,
    errors=_onehot_errors,
    tol=Tol(rtol=0.0, atol=0.0),  # every entry is exactly 0.0 or 1.0
    misconceptions=(
        Misconception("looks like the columns follow the sorted categories; column j is "
                      "categories[j], in the order given", _onehot_sorted),
        Misconception("looks like an extra column for unknown values; an unknown value "
                      "gives a row of zeros and the shape stays (n, len(categories))",
                      _onehot_unknown_column),
        Misconception("looks like searchsorted without checking for a match: an unknown "
                      "value landed in a neighbouring category's column; it gets a row of "
                      "zeros", _onehot_searchsorted),
        Misconception("looks like the columns come from the values' own distinct values "
                      "(pd.get_dummies); use `categories`, so every batch gets the same "
                      "columns", _onehot_from_values),
    ),
    properties=(Property("the dtype", _float_array),),
)


# --- min_max_scale ----------------------------------------------------------------


def _minmax_cases(rng):
    yield Case("random X (20, 4), default range (0, 1)", {
        "X": rng.normal(size=(20, 4)) * [1.0, 10.0, 0.1, 100.0] + [0.0, -5.0, 3.0, 1e3]})
    yield Case("random X (15, 3), feature_range (-1, 1)", {
        "X": rng.normal(size=(15, 3)), "feature_range": (-1.0, 1.0)})
    yield Case("feature_range (5, 10), an offset far from 0", {
        "X": rng.uniform(-3, 3, size=(8, 2)), "feature_range": (5.0, 10.0)})
    X = rng.normal(size=(6, 3))
    X[:, 1] = 3.7
    yield Case("a constant column (3.7), default range", {"X": X})
    yield Case("a constant column, feature_range (-2, 3): it maps to -2", {
        "X": X, "feature_range": (-2.0, 3.0)})
    yield Case("a single row (every column constant), feature_range (2, 4)", {
        "X": rng.normal(size=(1, 3)), "feature_range": (2.0, 4.0)})
    yield Case("an outlier squashes the rest: [0, 1, 2, 1000]", {
        "X": np.array([[0.0], [1.0], [2.0], [1000.0]])})
    yield Case("a narrow range (0, 1e-12), just inside min < max", {
        "X": rng.normal(size=(5, 2)), "feature_range": (0.0, 1e-12)},
        tol=Tol(rtol=1e-9, atol=1e-24))  # the outputs are ~1e-12: a relative tolerance
    yield Case("a huge range (-1e9, 1e9)", {
        "X": rng.normal(size=(7, 2)), "feature_range": (-1e9, 1e9)},
        tol=Tol(rtol=1e-12, atol=1e-5))  # low + t (high - low) cancels near 0: ~1e-7 abs
    # Unequal values 1e-14 apart: a tolerance on the span ("max - min < 1e-12 means
    # constant") maps them all to low instead of spreading them over the range.
    yield Case("a column with tiny but unequal values (about 1e-14)", {
        "X": np.column_stack([rng.normal(size=9), 1e-14 * rng.normal(size=9)])},
        why="only a column whose values are all equal is constant; a tiny span (1e-14) "
            "is still a span: compare max == min, not max - min < tol")
    # x - min is exact here (Sterbenz); x / span - min / span loses ~1e-7 to the offset.
    yield Case("a large offset: values 1e9 + N(0, 1)", {
        "X": 1e9 + rng.normal(size=(10, 2)), "feature_range": (-1.0, 1.0)},
        why="the offset cancelled catastrophically: subtract the minimum first, "
            "(x - min) / (max - min), rather than x / span - min / span")


def _minmax_errors(rng):
    X = rng.normal(size=(4, 2))
    yield Case("feature_range (1.0, 1.0): an empty range", {"X": X, "feature_range": (1.0, 1.0)})
    yield Case("feature_range (1.0, 0.0): min > max", {"X": X, "feature_range": (1.0, 0.0)})


def _minmax_parts(X, axis=0):
    low = np.min(X, axis=axis, keepdims=True)
    return low, np.max(X, axis=axis, keepdims=True) - low


def _minmax_nan_constant(X, feature_range=(0.0, 1.0)):  # the constant-column cases
    low, span = _minmax_parts(X)
    return feature_range[0] + (X - low) / span * (feature_range[1] - feature_range[0])


def _minmax_no_offset(X, feature_range=(0.0, 1.0)):  # every case with feature_range[0] != 0
    low, span = _minmax_parts(X)
    return (X - low) / np.where(span == 0, 1.0, span) * (feature_range[1] - feature_range[0])


def _minmax_unit_range(X, feature_range=(0.0, 1.0)):  # every case with a non-default range
    low, span = _minmax_parts(X)
    return (X - low) / np.where(span == 0, 1.0, span)


def _minmax_constant_zero(X, feature_range=(0.0, 1.0)):  # constant column, range (-2, 3)
    low, span = _minmax_parts(X)
    scaled = feature_range[0] + (X - low) / span * (feature_range[1] - feature_range[0])
    return np.nan_to_num(scaled)


def _minmax_global(X, feature_range=(0.0, 1.0)):
    span = X.max() - X.min()
    return feature_range[0] + (X - X.min()) / span * (feature_range[1] - feature_range[0])


def _minmax_rows(X, feature_range=(0.0, 1.0)):
    low, span = _minmax_parts(X, axis=1)
    span = np.where(span == 0, 1.0, span)
    return feature_range[0] + (X - low) / span * (feature_range[1] - feature_range[0])


MIN_MAX_SCALE = Exercise(
    name="min_max_scale",
    points=1,
    difficulty="easy",
    hints=(
        "First map each column to [0, 1] with its own min and max, then stretch and shift "
        "that to [low, high]. Which column has no spread to divide by?",
        "t = (X - X.min(axis=0)) / (X.max(axis=0) - X.min(axis=0)), with a span of 0 "
        "replaced by 1 (so t = 0 there); return low + t * (high - low). Check low < high "
        "first.",
    ),
    cases=_minmax_cases,
    errors=_minmax_errors,
    # Outputs are of the size of feature_range; other orders of the same arithmetic
    # differ by a few ulps.
    tol=Tol(rtol=1e-12, atol=1e-12),
    misconceptions=(
        Misconception("looks like a constant column divided 0 by 0 (nan): when max == min, "
                      "the column maps to feature_range[0]", _minmax_nan_constant),
        Misconception("looks like feature_range's offset was ignored: after scaling by "
                      "(high - low), add low", _minmax_no_offset),
        Misconception("looks like feature_range was ignored (the result is in [0, 1]): "
                      "stretch it with low + t * (high - low)", _minmax_unit_range),
        Misconception("looks like a constant column gave 0 (nan_to_num?); it maps to "
                      "feature_range[0]", _minmax_constant_zero),
        Misconception("looks like one min and max for the whole matrix; scale each column "
                      "by its own (axis=0)", _minmax_global),
        Misconception("looks like each row was scaled (axis=1); min-max scaling is per "
                      "column (axis=0)", _minmax_rows),
    ),
)


# --- robust_scale -----------------------------------------------------------------


def _robust_cases(rng):
    yield Case("random X (21, 3), odd n", {"X": rng.normal(size=(21, 3)) * [1.0, 5.0, 0.2]})
    yield Case("random X (10, 4), even n (the quartiles interpolate)", {
        "X": rng.normal(size=(10, 4)) + np.array([0.0, 10.0, -3.0, 1e3])})
    X = rng.normal(size=(12, 2))
    X[[2, 7], 0] = [1e6, -5e5]
    yield Case("two huge outliers (1e6, -5e5) in a column of 12", {"X": X})
    yield Case("IQR 0 but not constant: [5, 5, 5, 5, 5, 1, 9] (scale 1)", {
        "X": np.array([[5.0, 1.0], [5.0, 2.0], [5.0, 3.0], [5.0, 4.0], [5.0, 6.0],
                       [1.0, 8.0], [9.0, 9.5]])})
    X = rng.normal(size=(6, 3))
    X[:, 2] = -2.5
    yield Case("a constant column (-2.5)", {"X": X})
    yield Case("a single row", {"X": rng.normal(size=(1, 4))})
    yield Case("two rows", {"X": rng.normal(size=(2, 3))})
    yield Case("values on a 1e6 scale, n = 8", {"X": 1e6 * rng.standard_t(3, size=(8, 2))})
    # An IQR of ~1e-14 is not 0: a tolerance ("IQR < 1e-12 means scale 1") leaves this
    # column unscaled.
    yield Case("a column with tiny but unequal values (IQR about 1e-14)", {
        "X": np.column_stack([rng.normal(size=11), 1e-14 * rng.normal(size=11)])},
        why="only an IQR of exactly 0 uses scale 1; a tiny IQR (1e-14) is still divided "
            "by: test iqr == 0, not iqr < tol")


def _robust_standardised(X):
    return (X - X.mean(axis=0)) / np.where(X.std(axis=0) == 0, 1.0, X.std(axis=0))


def _robust_std_scale(X):
    std = X.std(axis=0)
    return (X - np.median(X, axis=0)) / np.where(std == 0, 1.0, std)


def _robust_zero_iqr(X):  # the IQR-0 and constant-column cases
    q25, q75 = np.percentile(X, [25.0, 75.0], axis=0)
    return (X - np.median(X, axis=0)) / (q75 - q25)


def _robust_lower(X):  # sorted[floor(q (n - 1))]: only the even-n style cases tell it apart
    q25, q75 = np.percentile(X, [25.0, 75.0], axis=0, method="lower")
    iqr = q75 - q25
    return (X - np.median(X, axis=0)) / np.where(iqr == 0, 1.0, iqr)


def _robust_global(X):
    q25, median, q75 = np.percentile(X, [25.0, 50.0, 75.0])
    return (X - median) / (q75 - q25 if q75 > q25 else 1.0)


ROBUST_SCALE = Exercise(
    name="robust_scale",
    points=1,
    difficulty="easy",
    hints=(
        "Replace the mean by the median and the standard deviation by the spread of the "
        "middle half of each column. What if that middle half has no spread?",
        "np.percentile(X, [25, 50, 75], axis=0) gives q25, the median and q75 per column "
        "(linear interpolation is its default); divide X - median by q75 - q25, using 1 "
        "where that is 0.",
    ),
    cases=_robust_cases,
    # Quartiles are interpolated in different orders by correct solutions: a few ulps,
    # relative to the spread.
    tol=Tol(rtol=1e-10, atol=1e-12),
    misconceptions=(
        Misconception("looks like standardisation (mean and standard deviation); robust "
                      "scaling uses the median and the IQR", _robust_standardised),
        Misconception("looks like the scale is the standard deviation; divide by the IQR "
                      "= q75 - q25", _robust_std_scale),
        Misconception("looks like a column with IQR 0 was divided by 0: use scale 1 there",
                      _robust_zero_iqr),
        Misconception("looks like the quartiles did not interpolate (a nearest-rank "
                      "percentile); use linear interpolation, np.percentile's default",
                      _robust_lower),
        Misconception("looks like one median and IQR for the whole matrix; compute them per "
                      "column (axis=0)", _robust_global),
    ),
)


# --- impute -----------------------------------------------------------------------


def _with_nans(rng, X, fraction):
    X = X.copy()
    X[rng.random(X.shape) < fraction] = np.nan
    return X


def _impute_cases(rng):
    for strategy in ("mean", "median"):
        yield Case(f"{strategy}, X_train (30, 4) and X_test (10, 4), 20% NaN", {
            "X_train": _with_nans(rng, rng.normal(size=(30, 4)) * [1.0, 3.0, 0.5, 10.0], 0.2),
            "X_test": _with_nans(rng, rng.normal(2.0, 4.0, size=(10, 4)), 0.3),
            "strategy": strategy})
    yield Case("mean by default (no strategy given), test far from train", {
        "X_train": _with_nans(rng, rng.normal(size=(12, 3)), 0.25),
        "X_test": _with_nans(rng, rng.normal(1e3, 10.0, size=(8, 3)), 0.4)})
    yield Case("median, an even count of values per column", {
        "X_train": np.array([[1.0, np.nan], [4.0, 2.0], [np.nan, 8.0], [2.0, 7.0],
                             [10.0, 1.0], [np.nan, np.nan]]),
        "X_test": np.array([[np.nan, np.nan], [0.0, np.nan]]), "strategy": "median"})
    yield Case("most_frequent, small integers with 20% NaN, a test set 3x larger", {
        "X_train": _with_nans(rng, rng.integers(0, 4, size=(15, 3)).astype(float), 0.2),
        "X_test": _with_nans(rng, rng.integers(0, 6, size=(45, 3)).astype(float), 0.2),
        "strategy": "most_frequent"})
    yield Case("most_frequent, ties: [2, 5, 1, 2, 5, 1] gives 1 (first seen 2, largest 5)", {
        "X_train": np.array([[2.0, 3.0], [5.0, 3.0], [1.0, np.nan], [2.0, 7.0], [5.0, 7.0],
                             [1.0, -1.0], [np.nan, -1.0]]),
        "X_test": np.array([[np.nan, np.nan], [4.0, np.nan]]), "strategy": "most_frequent"})
    yield Case("most_frequent, NaN is the most common entry: [nan, nan, nan, 4, 2, 2]", {
        "X_train": np.array([[np.nan], [np.nan], [np.nan], [4.0], [2.0], [2.0]]),
        "X_test": np.array([[np.nan], [3.0]]), "strategy": "most_frequent"})
    for strategy in ("mean", "median", "most_frequent"):
        X_train = _with_nans(rng, rng.normal(size=(8, 3)).round(1), 0.2)
        X_train[:, 1] = np.nan
        X_test = _with_nans(rng, rng.normal(size=(5, 3)).round(1), 0.4)
        X_test[0] = np.nan
        yield Case(f"{strategy}, a column with no value in X_train (fills with 0.0)", {
            "X_train": X_train, "X_test": X_test, "strategy": strategy})
    yield Case("mean, no NaN in X_test (returned unchanged)", {
        "X_train": _with_nans(rng, rng.normal(size=(9, 2)), 0.3),
        "X_test": rng.normal(size=(4, 2)), "strategy": "mean"})
    yield Case("median, no NaN in X_train", {
        "X_train": rng.normal(size=(7, 3)),
        "X_test": _with_nans(rng, rng.normal(size=(6, 3)), 0.5), "strategy": "median"})


def _impute_errors(rng):
    X = _with_nans(rng, rng.normal(size=(6, 2)), 0.2)
    yield Case("strategy = 'mode' (not a strategy)", {
        "X_train": X, "X_test": X[:2], "strategy": "mode"})


def _impute_with(X_train, X_test, fill):
    return (np.where(np.isnan(X_train), fill, X_train),
            np.where(np.isnan(X_test), fill, X_test))


def _impute_stats(X, strategy, mode, empty=0.0):
    """Per-column fill values; ``mode`` picks one of the tied most frequent values."""
    fill = np.full(X.shape[1], empty)
    for j in range(X.shape[1]):
        column = X[~np.isnan(X[:, j]), j]
        if column.size == 0:
            continue
        if strategy == "mean":
            fill[j] = column.mean()
        elif strategy == "median":
            fill[j] = np.median(column)
        else:
            counts = {}
            for v in column.tolist():
                counts[v] = counts.get(v, 0) + 1
            top = max(counts.values())
            fill[j] = mode([v for v, c in counts.items() if c == top])
    return fill


def _smallest(tied):
    return min(tied)


def _impute_train_and_test(X_train, X_test, strategy="mean"):  # every random case
    both = np.vstack([X_train, X_test])
    return _impute_with(X_train, X_test, _impute_stats(both, strategy, _smallest))


def _impute_test_own_stats(X_train, X_test, strategy="mean"):  # every random case
    return (_impute_with(X_train, X_train, _impute_stats(X_train, strategy, _smallest))[0],
            _impute_with(X_test, X_test, _impute_stats(X_test, strategy, _smallest))[0])


def _impute_first_seen(X_train, X_test, strategy="mean"):  # the tie case (first seen 2)
    return _impute_with(X_train, X_test,
                        _impute_stats(X_train, strategy, lambda tied: tied[0]))


def _impute_largest(X_train, X_test, strategy="mean"):  # the tie case (largest 5)
    return _impute_with(X_train, X_test, _impute_stats(X_train, strategy, max))


def _impute_nan_as_zero(X_train, X_test, strategy="mean"):  # every case with NaN in X_train
    zeros = np.nan_to_num(X_train, nan=0.0)
    return _impute_with(X_train, X_test, _impute_stats(zeros, strategy, _smallest))


def _impute_nan_is_a_value(X_train, X_test, strategy="mean"):  # nan fills, NaN as the mode
    if strategy == "most_frequent":
        fill = np.empty(X_train.shape[1])
        for j in range(X_train.shape[1]):
            distinct, counts = np.unique(X_train[:, j], return_counts=True)  # NaNs collapse
            fill[j] = distinct[np.argmax(counts)]
    else:
        fill = np.mean(X_train, axis=0) if strategy == "mean" else np.median(X_train, axis=0)
    return _impute_with(X_train, X_test, fill)


def _impute_empty_nan(X_train, X_test, strategy="mean"):  # the no-value-column cases
    return _impute_with(X_train, X_test, _impute_stats(X_train, strategy, _smallest, np.nan))


def _impute_new_test_values(args, rng):
    """X_test with every non-NaN entry moved far away (1e6 and up), NaNs where they were."""
    X_test = args["X_test"].copy()
    observed = ~np.isnan(X_test)
    if not observed.any():
        return None
    X_test[observed] = 1e6 * rng.integers(1, 3, size=int(observed.sum()))
    return {**args, "X_test": X_test}


IMPUTE = Exercise(
    name="impute",
    points=2,
    difficulty="medium",
    hints=(
        "Fit, then transform: the fill values are learnt from X_train alone, then used for "
        "both sets. Which values of a column count, and what fills a column with none?",
        "Per column, take X_train's non-NaN values (~np.isnan); their mean, their median, or "
        "for most_frequent np.unique(..., return_counts=True) and the first argmax (the "
        "smallest tied value). No values: 0.0. Then np.where(np.isnan(X), fill, X).",
    ),
    cases=_impute_cases,
    errors=_impute_errors,
    # Means and medians of a few dozen values, summed in any order.
    tol=Tol(rtol=1e-11, atol=1e-12),
    returns=("train_filled", "test_filled"),
    copies=True,  # the docstring promises copies, even when a set has no NaN
    misconceptions=(
        Misconception("looks like the statistics came from X_train and X_test together: "
                      "that leaks the test set; compute them on X_train only",
                      _impute_train_and_test),
        Misconception("looks like X_test was filled with its own statistics: compute the "
                      "fill values on X_train, then apply them to both", _impute_test_own_stats),
        Misconception("looks like a most_frequent tie went to the value seen first; take the "
                      "smallest of the tied values", _impute_first_seen),
        Misconception("looks like a most_frequent tie went to the largest value; take the "
                      "smallest of the tied values", _impute_largest),
        Misconception("looks like NaNs were counted as 0 in the statistics; use only the "
                      "non-NaN values of each column", _impute_nan_as_zero),
        Misconception("looks like NaN was counted as a value (np.mean, np.median or "
                      "np.unique over a column with NaN); use only the non-NaN values",
                      _impute_nan_is_a_value),
        Misconception("looks like a column with no value in X_train gave nan (the mean of "
                      "nothing); fill it with 0.0", _impute_empty_nan),
    ),
    invariances=(
        Invariance("the test set's statistics reached the training output: changing "
                   "X_test's values alone changed train_filled; learn the fill values from "
                   "X_train only", _impute_new_test_values, lambda args, got: got[0]),
        Invariance("the test set's statistics reached the fill values: changing X_test's "
                   "other values changed what its NaNs were filled with; learn them from "
                   "X_train only", _impute_new_test_values,
                   lambda args, got: got[1][np.isnan(args["X_test"])]),
    ),
)


# --- smoothed_target_encoding -----------------------------------------------------


_LETTERS = ["a", "b", "c", "d", "e", "f"]


def _te_cases(rng):
    train = [_LETTERS[i] for i in rng.choice(6, size=40, p=[0.4, 0.25, 0.15, 0.1, 0.07, 0.03])]
    yield Case("strings, 40 training rows, 6 categories, smoothing 10 (the default)", {
        "train_categories": train, "y_train": rng.normal(size=40),
        "test_categories": [_LETTERS[i] for i in rng.integers(0, 6, size=15)]})
    train = rng.choice([3, 14, 15, 92], size=30, p=[0.5, 0.3, 0.15, 0.05])
    yield Case("ints (ndarray), smoothing 2.5, binary targets", {
        "train_categories": train, "y_train": (rng.random(30) < 0.3).astype(float),
        "test_categories": rng.choice([3, 14, 15, 92], size=10), "smoothing": 2.5})
    yield Case("unseen test categories ('zz', 'new') get the global mean", {
        "train_categories": ["a", "b", "a", "c", "b", "a"],
        "y_train": np.array([1.0, 4.0, 2.0, 8.0, 6.0, 3.0]),
        "test_categories": ["zz", "a", "new", "c", "b"], "smoothing": 3.0})
    yield Case("smoothing = 0 (just inside): plain category means, unseen still global", {
        "train_categories": ["u", "v", "u", "w", "v", "u"],
        "y_train": np.array([2.0, 0.0, 5.0, 9.0, 1.0, -1.0]),
        "test_categories": ["w", "u", "x", "v"], "smoothing": 0.0})
    yield Case("smoothing = 1e9: every encoding is the global mean, almost", {
        "train_categories": train, "y_train": rng.normal(5.0, 2.0, size=30),
        "test_categories": rng.choice([3, 14, 15, 92, 7], size=8), "smoothing": 1e9})
    yield Case("categories seen once, smoothing 1", {
        "train_categories": ["p", "q", "r", "p"], "y_train": np.array([10.0, 0.0, 4.0, 2.0]),
        "test_categories": ["q", "r", "p", "q"], "smoothing": 1.0})
    yield Case("no test rows (m = 0)", {
        "train_categories": ["a", "b"], "y_train": np.array([1.0, 2.0]),
        "test_categories": [], "smoothing": 1.0})


def _te_errors(rng):
    args = {"train_categories": ["a", "b", "a"], "y_train": np.array([1.0, 0.0, 1.0]),
            "test_categories": ["a", "c"]}
    yield Case("smoothing = -1.0", {**args, "smoothing": -1.0})
    yield Case("smoothing = -1e-12 (just below 0)", {**args, "smoothing": -1e-12})


def _te_stats(train_categories, y_train):
    """{category: (n_c, mean_c)} from the training rows."""
    groups = {}
    for c, y in zip(_plain(train_categories), y_train.tolist(), strict=True):
        groups.setdefault(c, []).append(y)
    return {c: (len(ys), sum(ys) / len(ys)) for c, ys in groups.items()}


def _te_apply(test_categories, stats, encode, unseen):
    return np.array([encode(*stats[c]) if c in stats else unseen
                     for c in _plain(test_categories)], dtype=float)


def _te_swapped(train_categories, y_train, test_categories, smoothing=10.0):
    g = float(np.mean(y_train))
    return _te_apply(test_categories, _te_stats(train_categories, y_train),
                     lambda n, m: (smoothing * m + n * g) / (n + smoothing), g)


def _te_unseen(value):
    def wrong(train_categories, y_train, test_categories, smoothing=10.0):
        g = float(np.mean(y_train))
        return _te_apply(test_categories, _te_stats(train_categories, y_train),
                         lambda n, m: (n * m + smoothing * g) / (n + smoothing), value)
    return wrong


def _te_unsmoothed(train_categories, y_train, test_categories, smoothing=10.0):
    return _te_apply(test_categories, _te_stats(train_categories, y_train),
                     lambda n, m: m, float(np.mean(y_train)))


def _te_mean_of_means(train_categories, y_train, test_categories, smoothing=10.0):
    stats = _te_stats(train_categories, y_train)
    g = float(np.mean([m for _, m in stats.values()]))
    return _te_apply(test_categories, stats,
                     lambda n, m: (n * m + smoothing * g) / (n + smoothing), g)


def _te_no_count(train_categories, y_train, test_categories, smoothing=10.0):
    g = float(np.mean(y_train))
    return _te_apply(test_categories, _te_stats(train_categories, y_train),
                     lambda n, m: (m + smoothing * g) / (1 + smoothing), g)


def _te_other_test_rows(args, rng):
    """The second half of the test rows replaced by random training categories."""
    test, train = args["test_categories"], _plain(args["train_categories"])
    keep = len(test) // 2
    if keep == 0:
        return None
    new = [train[i] for i in rng.integers(0, len(train), size=len(test) - keep)]
    if isinstance(test, np.ndarray):
        return {**args, "test_categories": np.concatenate([test[:keep], np.array(new)])}
    return {**args, "test_categories": list(test[:keep]) + new}


SMOOTHED_TARGET_ENCODING = Exercise(
    name="smoothed_target_encoding",
    points=2,
    difficulty="medium",
    hints=(
        "A category seen twice should not be trusted like one seen a thousand times: blend "
        "its mean with the global mean, weighted by how often it was seen.",
        "From the training rows, get each category's count n_c and target sum (a dict, or "
        "np.unique + np.bincount). A test row's encoding is (sum_c + smoothing * g) / (n_c "
        "+ smoothing), g = y_train.mean(); a category not seen gets g.",
    ),
    cases=_te_cases,
    errors=_te_errors,
    # Sums of a few dozen targets in any order; smoothing = 1e9 adds nothing worse.
    tol=Tol(rtol=1e-11, atol=1e-12),
    misconceptions=(
        Misconception("looks like the weights are swapped: n_c multiplies the category mean "
                      "and smoothing the global mean", _te_swapped),
        Misconception("looks like an unseen category got 0; it gets the global mean of "
                      "y_train", _te_unseen(0.0)),
        Misconception("looks like an unseen category got nan (its mean is undefined, and 0 * "
                      "nan is nan); it gets the global mean of y_train", _te_unseen(np.nan)),
        Misconception("looks like plain category means, without smoothing: shrink toward the "
                      "global mean, (n_c mean_c + smoothing g) / (n_c + smoothing)",
                      _te_unsmoothed),
        Misconception("looks like the global mean was the average of the category means; it "
                      "is the mean of y_train (every row counts once)", _te_mean_of_means),
        Misconception("looks like n_c is missing: the category mean counts n_c times, "
                      "(n_c mean_c + smoothing g) / (n_c + smoothing)", _te_no_count),
    ),
    properties=(Property("the dtype", _float_array),),
    invariances=(
        Invariance("the other test rows leaked into a test row's encoding: changing their "
                   "categories moved it; encode from the training rows and the row's own "
                   "category only", _te_other_test_rows,
                   lambda args, got: got[:len(args["test_categories"]) // 2]),
    ),
)


# --- hash_features ----------------------------------------------------------------


_WORDS = ("the", "cat", "sat", "on", "the", "mat", "while", "a", "dog", "ran", "after", "the",
          "red", "ball", "and", "everyone", "laughed", "at", "them")
_HASH_WHY = ("the column is zlib.crc32(token.encode('utf-8')) % n_features, the same in every "
             "process; Python's hash() is salted per process, so its columns change per run")


def _docs(rng, n, low, high):
    return [[_WORDS[i] for i in rng.integers(0, len(_WORDS), size=rng.integers(low, high))]
            for _ in range(n)]


def _hash_cases(rng):
    yield Case("5 documents of English words, n_features = 16", {
        "documents": _docs(rng, 5, 3, 12), "n_features": 16}, why=_HASH_WHY)
    yield Case("n_features = 7 (not a power of 2)", {
        "documents": _docs(rng, 4, 5, 15), "n_features": 7}, why=_HASH_WHY)
    yield Case("repeated tokens are counted: ['a', 'a', 'a', 'b'], n_features = 10", {
        "documents": [["a", "a", "a", "b"], ["b", "b"]], "n_features": 10}, why=_HASH_WHY)
    yield Case("n_features = 1 (just inside): every token lands in column 0", {
        "documents": _docs(rng, 3, 1, 6), "n_features": 1})
    yield Case("an empty document in the middle (a row of zeros)", {
        "documents": [["cat", "dog"], [], ["mat"]], "n_features": 5}, why=_HASH_WHY)
    yield Case("no documents: shape (0, 8)", {"documents": [], "n_features": 8})
    yield Case("non-ASCII tokens ('café', 'naïve', '日本語') hashed as UTF-8 bytes", {
        "documents": [["café", "naïve", "café"], ["日本語", "ß", "cafe"]], "n_features": 1000},
        why=_HASH_WHY)
    yield Case("many collisions: 30 distinct tokens into 3 columns", {
        "documents": [[f"token{i}" for i in range(30)]], "n_features": 3}, why=_HASH_WHY)
    yield Case("n_features = 2**18, 3 documents", {
        "documents": _docs(rng, 3, 4, 10), "n_features": 2**18}, why=_HASH_WHY)


def _hash_errors(rng):
    yield Case("n_features = 0", {"documents": [["a"]], "n_features": 0})
    yield Case("n_features = -4", {"documents": [["a"]], "n_features": -4})


def _hash_with(documents, n_features, column, weight):
    out = np.zeros((len(documents), n_features))
    for i, doc in enumerate(documents):
        for token in doc:
            out[i, column(token) % n_features] += weight(token)
    return out


def _crc(token):
    return zlib.crc32(token.encode("utf-8"))


def _signed_crc(token):
    c = _crc(token)
    return c - 2**32 if c >= 2**31 else c


def _hash_python(documents, n_features):  # salted per process: matched in-process only
    return _hash_with(documents, n_features, hash, lambda t: 1.0)


def _hash_signed(documents, n_features):  # scikit-learn's abs(h) % n of a signed 32-bit h
    return _hash_with(documents, n_features, lambda t: abs(_signed_crc(t)), lambda t: 1.0)


def _hash_alternate_sign(documents, n_features):  # tokens whose crc32 has its top bit set
    return _hash_with(documents, n_features, _crc,
                      lambda t: -1.0 if _signed_crc(t) < 0 else 1.0)


def _hash_presence(documents, n_features):  # the repeated-token cases
    return np.minimum(_hash_with(documents, n_features, _crc, lambda t: 1.0), 1.0)


HASH_FEATURES = Exercise(
    name="hash_features",
    points=1,
    difficulty="easy",
    hints=(
        "No vocabulary: each token's column is computed from the token itself, with a hash "
        "that is the same in every process. Which Python hash is not?",
        "Start from np.zeros((len(documents), n_features)); for each token add 1.0 at "
        "[i, zlib.crc32(token.encode('utf-8')) % n_features]. Check n_features >= 1 first.",
    ),
    cases=_hash_cases,
    errors=_hash_errors,
    tol=Tol(rtol=0.0, atol=0.0),  # counts are small integers, exact in float64
    misconceptions=(
        Misconception("looks like Python's hash(): it is salted per process, so columns "
                      "change between runs; use zlib.crc32(token.encode('utf-8'))",
                      _hash_python),
        Misconception("looks like a signed 32-bit hash (abs(h) % n, as scikit-learn's "
                      "FeatureHasher); use the unsigned zlib.crc32 value % n_features",
                      _hash_signed),
        Misconception("looks like the counts carry a sign (FeatureHasher's alternate_sign); "
                      "every occurrence adds +1", _hash_alternate_sign),
        Misconception("looks like presence (0/1) instead of counts: a token that occurs 3 "
                      "times adds 3", _hash_presence),
    ),
    properties=(Property("the dtype", _float_array),),
)


# --- quantile_bins -------------------------------------------------------------------


def _qb_edges(x, n_bins, levels=None):
    levels = np.linspace(0.0, 1.0, n_bins + 1) if levels is None else levels
    return np.unique(np.quantile(x, levels))


def _qb_clear_of_edges(x, n_bins):
    """The contract's promise: no value within 1e-9 of an interior edge, except values
    ON an edge that any correct method computes exactly (between two tied order
    statistics, so every interpolation formula gives that value)."""
    s = np.sort(x)
    levels = np.linspace(0.0, 1.0, n_bins + 1)[1:-1]
    for q, e in zip(levels, np.quantile(x, levels), strict=True):
        near = np.abs(x - e) <= 1e-9
        if not near.any():
            continue
        pos = q * (len(x) - 1)
        lo, hi = int(np.floor(pos - 1e-6)), int(np.ceil(pos + 1e-6))
        if not (np.all(x[near] == e) and s[max(lo, 0)] == e == s[min(hi, len(x) - 1)]):
            return False
    return True


def _qb_case(label, x, n_bins):
    assert _qb_clear_of_edges(x, n_bins), label  # a case generator bug, never the learner's
    return Case(label, {"x": x, "n_bins": n_bins})


def _qb_cases(rng):
    yield _qb_case("200 values from a normal distribution, 4 bins", rng.normal(size=200), 4)
    # Skewed: equal-width bins put almost everything in bin 0.
    yield _qb_case("150 skewed (exponential) values, 5 bins", rng.exponential(size=150), 5)
    # Integers 0..4, 40 of each: several edges fall ON the value 1, 2 or 3 (side matters)
    # and 10 levels give repeated edges (merging them matters).
    ties = rng.permutation(np.repeat(np.arange(5.0), 40))
    yield _qb_case("integers 0-4, 40 of each, 10 bins: repeated edges, values on edges",
                   ties, 10)
    yield _qb_case("integers 0-4, 40 of each, 4 bins: values exactly on the edges",
                   rng.permutation(ties), 4)
    skew = rng.permutation(np.r_[np.zeros(12), np.arange(1.0, 9.0)])
    yield _qb_case("a zero-inflated feature: 12 zeros and 1..8, 5 bins", skew, 5)
    yield _qb_case("n_bins = 1 (everything in bin 0)", rng.normal(size=30), 1)
    yield _qb_case("more bins than values: 8 values, 20 bins", rng.normal(size=8), 20)
    yield _qb_case("a constant x", np.full(12, 2.5), 3)
    yield _qb_case("a single value", np.array([0.3]), 4)


def _qb_errors(rng):
    yield Case("n_bins = 0", {"x": rng.normal(size=10), "n_bins": 0})
    yield Case("n_bins = -2", {"x": rng.normal(size=10), "n_bins": -2})


def _qb_side_left(x, n_bins):  # values on an edge: the two "integers 0-4" cases
    return np.searchsorted(_qb_edges(x, n_bins)[1:-1], x, side="left")


def _qb_no_unique(x, n_bins):  # repeated edges: "integers 0-4, ..., 10 bins", zero-inflated
    edges = np.quantile(x, np.linspace(0.0, 1.0, n_bins + 1))
    return np.searchsorted(edges[1:-1], x, side="right")


def _qb_equal_width(x, n_bins):  # the skewed and zero-inflated cases
    edges = np.linspace(np.min(x), np.max(x), n_bins + 1)
    return np.searchsorted(edges[1:-1], x, side="right")


def _qb_all_edges(x, n_bins):  # the maximum lands in an extra bin, in every varied case
    return np.digitize(x, _qb_edges(x, n_bins)) - 1


def _qb_n_levels(x, n_bins):  # one bin too few wherever n_bins > 1
    edges = _qb_edges(x, n_bins, np.linspace(0.0, 1.0, max(n_bins, 2)))
    return np.searchsorted(edges[1:-1], x, side="right")


QUANTILE_BINS = Exercise(
    name="quantile_bins",
    points=1,
    difficulty="easy",
    hints=(
        "Quantile bins hold (about) the same number of values each: the edges are "
        "quantiles of x, not evenly spaced numbers between min and max.",
        "edges = np.unique(np.quantile(x, levels)) with n_bins + 1 levels from 0 to 1; "
        "only the interior edges (edges[1:-1]) separate bins. np.searchsorted counts "
        "how many edges are below each value; check which `side` puts a value equal to "
        "an edge in the bin on its right.",
    ),
    cases=_qb_cases,
    errors=_qb_errors,
    misconceptions=(
        Misconception("looks like searchsorted(..., side=\"left\"): a value equal to an "
                      "interior edge belongs to the bin on its right, side=\"right\"",
                      _qb_side_left),
        Misconception("looks like repeated edges were kept; with ties several quantiles "
                      "coincide: merge them with np.unique before searching",
                      _qb_no_unique),
        Misconception("looks like equal-width bins (np.linspace(min, max, ...)); quantile "
                      "bins take their edges from np.quantile(x, levels)", _qb_equal_width),
        Misconception("looks like the outer edges were searched too (np.digitize(x, edges) "
                      "- 1 puts the maximum in an extra bin); search edges[1:-1] only",
                      _qb_all_edges),
        Misconception("looks like n_bins quantile levels were used; n_bins bins need "
                      "n_bins + 1 edges: np.linspace(0, 1, n_bins + 1)", _qb_n_levels),
    ),
)


# --- mutual_information --------------------------------------------------------------


def _mi_cases(rng):
    x = rng.choice(3, size=200, p=[0.6, 0.3, 0.1])
    yield Case("200 samples, y = (x + noise) mod 3: a 3 x 3 table with empty cells", {
        "x": x, "y": (x + rng.choice(2, size=200, p=[0.7, 0.3])) % 3})
    x = rng.integers(0, 2, size=150)
    yield Case("150 samples, 2 labels in x and 6 in y", {
        "x": x, "y": 2 * rng.integers(0, 3, size=150) + x * rng.integers(0, 2, size=150)})
    yield Case("300 samples drawn independently (MI near 0)", {
        "x": rng.integers(0, 4, size=300), "y": rng.integers(0, 3, size=300)})
    x = rng.integers(0, 4, size=60)
    yield Case("y equal to x (MI = entropy of x)", {"x": x, "y": x.copy()})
    yield Case("a constant y (MI = 0)", {"x": rng.integers(0, 3, size=20),
                                         "y": np.full(20, 7)})
    x = rng.choice(np.array([-5, 3, 100]), size=40)
    yield Case("labels -5, 3 and 100 (not 0..k-1)", {
        "x": x, "y": np.where(rng.random(40) < 0.8, x, 3)})
    x = rng.choice(np.array([0.5, 1.5, 2.5]), size=30)
    yield Case("float labels 0.5, 1.5, 2.5", {"x": x, "y": np.where(x > 1.0, 1, 0)})
    yield Case("a single sample", {"x": np.array([2]), "y": np.array([1])})
    # Labels are values, not rounded or truncated: 0.1 and 0.1 + 1e-9 differ, -0.5 and
    # 0.5 differ (int() would merge both pairs with their neighbours).
    labels = np.array([0.1, 0.1 + 1e-9, 0.5, -0.5, 2.25])
    x = rng.choice(labels, size=50)
    yield Case("float labels 0.1, 0.1 + 1e-9, 0.5, -0.5, 2.25 (each its own label)", {
        "x": x, "y": (np.searchsorted(np.sort(labels), x) + rng.integers(0, 2, 50)) % 3},
        why="labels that differ are different labels: do not round or cast them to int; "
            "np.unique(..., return_inverse=True) numbers them exactly")
    # Exactly independent by design (count of (a, b) = r_a c_b), so MI = 0; summing in
    # floating point gives about -5e-17 (or H(x) + H(y) - H(x, y) about -4e-16) here.
    rows, cols = np.array([3, 5, 1]), np.array([1, 4, 3, 5])
    counts = np.outer(rows, cols).ravel()
    order = rng.permutation(counts.sum())
    yield Case("independent by design: counts (3, 5, 1) x (1, 4, 3, 5), MI exactly 0", {
        "x": np.repeat(np.repeat(np.arange(3), 4), counts)[order],
        "y": np.repeat(np.tile(np.arange(4), 3), counts)[order]})


def _mi_never_negative(args, got):
    if isinstance(got, (float, np.floating)) and got < 0:
        return (f"returned {float(got)!r}, below 0: mutual information is never negative; "
                "rounding can give -1e-17, so clip the sum at 0 (max(mi, 0.0))")
    return None


def _mi_errors(rng):
    yield Case("x of length 5, y of length 4", {
        "x": rng.integers(0, 2, size=5), "y": rng.integers(0, 2, size=4)})
    yield Case("x of length 1, y of length 6 (they would broadcast)", {
        "x": np.array([1]), "y": rng.integers(0, 2, size=6)})


def _mi_table(x, y):
    """The joint probability table and its marginals (row sums, column sums)."""
    _, xi = np.unique(x, return_inverse=True)
    _, yi = np.unique(y, return_inverse=True)
    joint = np.zeros((xi.max() + 1, yi.max() + 1))
    np.add.at(joint, (xi, yi), 1.0)
    joint /= len(x)
    return joint, joint.sum(axis=1), joint.sum(axis=0)


def _mi_terms(p, q):  # p log(p / q) over the cells that occur
    occurs = p > 0
    return float(np.sum(p[occurs] * np.log(p[occurs] / q[occurs])))


def _mi_bits(x, y):  # every case with MI > 0
    joint, px, py = _mi_table(x, y)
    return _mi_terms(joint, np.outer(px, py)) / np.log(2.0)


def _mi_nan_empty_cells(x, y):  # the cases whose joint table has empty cells
    joint, px, py = _mi_table(x, y)
    return float(np.sum(joint * np.log(joint / np.outer(px, py))))


def _mi_swapped_marginals(x, y):  # the square tables (3 x 3 with empty cells, y = x...)
    joint, px, py = _mi_table(x, y)
    return _mi_terms(joint, np.outer(py, px))  # raises on non-square tables


def _mi_unnormalised_marginals(x, y):  # counts in the denominator: off by log(n) terms
    joint, px, py = _mi_table(x, y)
    return _mi_terms(joint, np.outer(px, py) * len(x) ** 2)


def _mi_independent_sum(x, y):  # H(x) + H(y): the joint entropy was never subtracted
    _, px, py = _mi_table(x, y)
    return _mi_terms(px, px**2) + _mi_terms(py, py**2)  # p log(p / p^2) = -p log p


MUTUAL_INFORMATION = Exercise(
    name="mutual_information",
    points=2,
    difficulty="medium",
    hints=(
        "Count how often each (x, y) pair occurs: that is the joint distribution. Its "
        "row and column sums are the marginals.",
        "np.unique(..., return_inverse=True) turns any labels into 0..k-1. Sum "
        "p(a, b) log(p(a, b) / (p(a) p(b))) over the pairs that occur, with the natural "
        "log; empty cells contribute 0, not 0 log 0.",
    ),
    cases=_mi_cases,
    errors=_mi_errors,
    # Sums of at most 15 terms of size <= 1: correct orders agree to ~1e-15.
    tol=Tol(rtol=1e-9, atol=1e-12),
    misconceptions=(
        Misconception("looks like log2 (bits); the result is in nats: use the natural log",
                      _mi_bits),
        Misconception("looks like pairs that never occur gave 0 log 0 = nan; sum only over "
                      "pairs with p(a, b) > 0", _mi_nan_empty_cells),
        Misconception("looks like the marginals were swapped (p(y) where p(x) belongs): "
                      "p(a) sums the joint over y, p(b) over x", _mi_swapped_marginals),
        Misconception("looks like the marginals were counts, not probabilities: divide "
                      "them by n too, p(a) = count(a) / n", _mi_unnormalised_marginals),
        Misconception("looks like H(x) + H(y); mutual information subtracts the joint "
                      "entropy: H(x) + H(y) - H(x, y)", _mi_independent_sum),
    ),
    properties=(Property("never negative", _mi_never_negative),),
)


# --- correlation_filter --------------------------------------------------------------


def _cf_corr(X, clip=True):
    """Pearson correlations of X's columns, a constant column correlating 0."""
    centred = X - X.mean(axis=0)
    products = centred.T @ centred
    norms = np.sqrt(np.diag(products))
    norms = np.where(norms > 0, norms, 1.0)
    corr = products / np.outer(norms, norms)
    return np.clip(corr, -1.0, 1.0) if clip else corr


def _cf_case(label, X, threshold=0.9, exact=False, why=""):
    """A Case, checked: unless the correlations are exactly computable (``exact``), none
    lies within 1e-6 of the threshold, where a correct rounding could tip it."""
    if not exact:
        off = np.abs(np.abs(_cf_corr(X)) - threshold)[np.triu_indices(X.shape[1], 1)]
        assert np.all(off > 1e-6), label  # a case generator bug, never the learner's
    return Case(label, {"X": X, "threshold": threshold}, why=why)


def _cf_copies_above_one(rng):
    """Column 0 and scaled, shifted copies of it whose r, computed before clipping from
    the centred columns as ab / (|a| |b|) or as ab / sqrt(aa bb), rounds above 1 (one
    copy for each form), then a noise column. Clipped, every r is at most 1, so all are
    kept at threshold 1.0. (np.corrcoef clips by itself.)"""
    forms = (lambda a, b: (a @ b) / (np.sqrt(a @ a) * np.sqrt(b @ b)),
             lambda a, b: (a @ b) / np.sqrt((a @ a) * (b @ b)))
    a = rng.normal(size=30)
    copies = []
    for form in forms:
        for _ in range(500):  # about one draw in three qualifies
            b = rng.uniform(0.5, 3.0) * a + rng.normal()
            if form(a - a.mean(), b - b.mean()) > 1.0:
                copies.append(b)
                break
        else:
            raise AssertionError("no copy with r > 1 found")
    return np.column_stack([a, *copies, rng.normal(size=30)])


def _cf_signs(rng, n):
    """n / 2 entries +1 and n / 2 entries -1, shuffled: mean exactly 0, norm sqrt(n)."""
    return rng.permutation(np.repeat([1.0, -1.0], n // 2))


def _cf_cases(rng):
    base = rng.normal(size=(100, 4))
    noise = 0.3 * rng.normal(size=100)
    X = np.column_stack([base[:, 0], base[:, 1], base[:, 0] + noise, base[:, 2],
                         -base[:, 1] + 0.3 * rng.normal(size=100), base[:, 3]])
    yield _cf_case("100 x 6: a near copy of column 0 and a negated near copy of column 1", X)
    # The chain: r(0, 1) = r(1, 2) = 0.95 but r(0, 2) = 0.805. Column 1 is dropped, so it
    # cannot drop column 2: only kept columns count.
    m = rng.normal(size=(60, 2))
    e1, e2 = np.linalg.qr(m - m.mean(axis=0))[0].T  # centred and orthonormal
    t = np.arccos(0.95)
    chain = np.column_stack([np.cos(k * t) * e1 + np.sin(k * t) * e2 for k in range(3)])
    yield _cf_case("a chain: r(0, 1) = r(1, 2) = 0.95, r(0, 2) = 0.805",
                   np.column_stack([chain, rng.normal(size=60)]))
    # Exact copies: +-1 entries (norm 4 exactly), times 2, negated, shifted by 3.
    a = _cf_signs(rng, 16)
    copies = np.column_stack([a, rng.normal(size=16), 2.0 * a, -a, a + 3.0])
    yield _cf_case("exact copies (2a, -a, a + 3), threshold = 1.0: abs(r) = 1 is kept",
                   copies, threshold=1.0, exact=True)
    yield _cf_case("exact copies (2a, -a, a + 3), threshold = 0.9", copies)
    yield _cf_case("scaled, shifted copies whose r rounds to 1 + 2e-16, threshold = 1.0",
                   _cf_copies_above_one(rng), threshold=1.0, exact=True,
                   why="looks like r was not clipped to [-1, 1]: rounding can give "
                       "1.0000000000000002 for an exact copy, which threshold = 1.0 must keep")
    X = rng.normal(size=(40, 4))
    yield _cf_case("a constant column first (it correlates 0 with everything)",
                   np.column_stack([np.full(40, 3.0), X, X[:, 1] + 0.1 * rng.normal(size=40)]))
    X = rng.normal(size=(40, 3))
    yield _cf_case("two constant columns in the middle",
                   np.column_stack([X[:, 0], np.zeros(40), np.ones(40), X[:, 1:]]))
    yield _cf_case("two rows only (every r is +-1 or 0)",
                   np.array([[0.0, 5.0, 1.0, 2.0], [1.0, 3.0, 1.0, 7.0]]), exact=True)
    yield _cf_case("a single column", rng.normal(size=(10, 1)))
    X = rng.normal(size=(50, 5))
    yield _cf_case("50 x 5 independent columns, threshold 0.5 (all kept)", X, threshold=0.5)
    # Centring first keeps every digit; sum(a b) - n mean(a) mean(b) subtracts numbers
    # near 1e18 and keeps none.
    base = rng.normal(size=(40, 3))
    near = base[:, [0, 1, 2, 0, 1, 2]] + 0.2 * rng.normal(size=(40, 6))
    X = 1e8 + np.column_stack([base, near, base[:, 1] + 2.0 * rng.normal(size=40)])
    yield _cf_case(
        "columns around 1e8: six near copies (dropped), a weak one (kept)", X, 0.9,
        why="the correlations lost their digits to cancellation at the 1e8 offset: centre "
            "the columns first (a - mean a), never sum(a b) - n mean(a) mean(b)")
    # Unequal values around 1e-13: a tolerance on the std ("std < 1e-12 means constant")
    # keeps the near copy, which correlates 0.98 with column 0.
    base = rng.normal(size=(30, 2))
    X = 1e-13 * np.column_stack([base, base[:, 0] + 0.2 * rng.normal(size=30)])
    yield _cf_case("columns of tiny but unequal values (about 1e-13): a near copy", X,
                   threshold=0.9,
                   why="only a column whose values are all equal is constant; values 1e-13 "
                       "apart still correlate: test np.all(col == col[0]), not std < tol")


def _cf_scan(X, threshold, corr, compare_with_all=False, drops=None):
    drops = drops or (lambda r: np.any(np.abs(r) > threshold))
    kept: list[int] = []
    for j in range(X.shape[1]):
        against = list(range(j)) if compare_with_all else kept
        if not drops(corr[j, against]):
            kept.append(j)
    return np.array(kept, dtype=np.int64)


def _cf_all_earlier(X, threshold=0.9):  # the chain
    return _cf_scan(X, threshold, _cf_corr(X), compare_with_all=True)


def _cf_at_or_above(X, threshold=0.9):  # the exact copies at threshold = 1.0
    return _cf_scan(X, threshold, _cf_corr(X), drops=lambda r: np.any(np.abs(r) >= threshold))


def _cf_signed(X, threshold=0.9):  # the negated copies
    return _cf_scan(X, threshold, _cf_corr(X), drops=lambda r: np.any(r > threshold))


def _cf_constant_nan(X, threshold=0.9):  # the constant-column cases
    centred = X - X.mean(axis=0)
    products = centred.T @ centred
    norms = np.sqrt(np.diag(products))
    corr = np.clip(products / np.outer(norms, norms), -1.0, 1.0)  # 0 / 0 = nan
    # "keep j if all its correlations are small": nan <= threshold is False
    return _cf_scan(X, threshold, corr, drops=lambda r: not np.all(np.abs(r) <= threshold))


def _cf_no_clip(X, threshold=0.9):  # "a scaled, shifted copy whose r rounds to 1 + 2e-16"
    return _cf_scan(X, threshold, _cf_corr(X, clip=False))


CORRELATION_FILTER = Exercise(
    name="correlation_filter",
    points=2,
    difficulty="medium",
    hints=(
        "It is a greedy scan: decide column 0, then column 1, and so on; a column only "
        "has to be compared with the columns you have decided to keep.",
        "Compute all Pearson correlations at once from the centred columns divided by "
        "their norms (a zero norm: divide by 1 instead, so the correlations are 0), clip "
        "to [-1, 1], then drop j if np.abs(corr[j, kept]) > threshold anywhere.",
    ),
    cases=_cf_cases,
    misconceptions=(
        Misconception("looks like each column was compared with every earlier column (the "
                      "upper-triangle recipe); a dropped column must not drop others: "
                      "compare only with the columns already kept", _cf_all_earlier),
        Misconception("looks like abs(r) >= threshold dropped a column; only a correlation "
                      "strictly above the threshold does (abs(r) > threshold)",
                      _cf_at_or_above),
        Misconception("looks like the sign of r counted; a strong negative correlation is "
                      "just as redundant: compare abs(r)", _cf_signed),
        Misconception("looks like a constant column gave nan correlations (0 / 0); a column "
                      "whose values are all equal correlates 0 with everything",
                      _cf_constant_nan),
        Misconception("looks like r was not clipped to [-1, 1]: rounding can give "
                      "1.0000000000000002 for an exact copy, which threshold = 1.0 must "
                      "keep", _cf_no_clip),
    ),
)


# --- permutation_importance ----------------------------------------------------------


def _pi_perms(rng, k, n):
    return np.array([rng.permutation(n) for _ in range(k)])


def _pi_cases(rng):
    mse, accuracy = Fn("mse_metric"), Fn("accuracy_metric")
    X = rng.normal(size=(60, 5))
    w = np.array([2.0, -1.0, 0.5, 0.0, 1.5])  # feature 3 unused: importance exactly 0
    yield Case("a linear model on 5 features (feature 3 unused), mse, 3 permutations", {
        "predict": Fn("linear_model", {"w": w, "b": 0.2}), "X": X,
        "y": X @ w + 0.2 + 0.1 * rng.normal(size=60), "metric": mse,
        "permutations": _pi_perms(rng, 3, 60)})
    X = rng.normal(size=(80, 3))
    w = np.array([1.0, -2.0, 0.3])
    yield Case("a linear classifier scored by accuracy, 4 permutations", {
        "predict": Fn("threshold_model", {"w": w, "b": 0.1}), "X": X,
        "y": (X @ w + 0.1 + 0.5 * rng.normal(size=80) > 0).astype(float),
        "metric": accuracy, "permutations": _pi_perms(rng, 4, 80)})
    X = rng.normal(size=(40, 4))
    model = {"w": np.array([0.5, 0.0, -1.0, 0.0]), "b": 0.0,
             "terms": np.array([[0, 1], [2, 2]]), "coef": np.array([1.5, 0.5])}
    yield Case("a model with an interaction x0 x1 and a square x2^2, mse, 2 permutations", {
        "predict": Fn("interaction_model", model), "X": X, "y": rng.normal(size=40),
        "metric": mse, "permutations": _pi_perms(rng, 2, 40)})
    X = rng.normal(size=(30, 3))
    w = np.array([1.0, 1.0, -1.0])
    yield Case("permutations given as a list of 5 arrays", {
        "predict": Fn("linear_model", {"w": w}), "X": X, "y": X @ w, "metric": mse,
        "permutations": list(_pi_perms(rng, 5, 30))})
    yield Case("a single permutation", {
        "predict": Fn("linear_model", {"w": w}), "X": X, "y": X @ w + 1.0, "metric": mse,
        "permutations": _pi_perms(rng, 1, 30)})
    yield Case("the identity permutation (every importance 0)", {
        "predict": Fn("linear_model", {"w": w}), "X": X, "y": rng.normal(size=30),
        "metric": mse, "permutations": np.arange(30)[None, :]})
    X = rng.normal(size=(25, 1))
    yield Case("a single feature", {
        "predict": Fn("linear_model", {"w": np.array([3.0])}), "X": X, "y": 3.0 * X[:, 0],
        "metric": mse, "permutations": _pi_perms(rng, 3, 25)})


def _pi_errors(rng):
    X = rng.normal(size=(10, 2))
    args = {"predict": Fn("linear_model", {"w": np.array([1.0, 2.0])}), "X": X,
            "y": X @ np.array([1.0, 2.0]), "metric": Fn("mse_metric")}
    yield Case("permutations = [] (an empty list)", {**args, "permutations": []})
    yield Case("permutations of shape (0, 10)", {
        **args, "permutations": np.empty((0, 10), dtype=np.int64)})


def _pi_wrong(predict, X, y, metric, permutations, shuffle, *, restore=True, sign=1.0):
    """The loop with one step swapped for ``shuffle(X, work, p, j)``, which returns the
    shuffled copy to score."""
    baseline = metric(y, predict(X))
    out = np.empty(X.shape[1])
    work = np.array(X, dtype=float)
    for j in range(X.shape[1]):
        scores = [metric(y, predict(shuffle(X, work, np.asarray(p), j))) for p in permutations]
        if restore:
            work[:, j] = X[:, j]
        out[j] = sign * (baseline - np.mean(scores))
    return out


def _pi_gather(X, work, p, j):
    work[:, j] = X[p, j]
    return work


def _pi_whole_rows(predict, X, y, metric, permutations):  # every case with d > 1
    return _pi_wrong(predict, X, y, metric, permutations, lambda X, work, p, j: X[p])


def _pi_not_restored(predict, X, y, metric, permutations):  # features after the first
    return _pi_wrong(predict, X, y, metric, permutations, _pi_gather, restore=False)


def _pi_sign(predict, X, y, metric, permutations):  # every case with a used feature
    return _pi_wrong(predict, X, y, metric, permutations, _pi_gather, sign=-1.0)


def _pi_first_only(predict, X, y, metric, permutations):  # cases with 2+ permutations
    return _pi_wrong(predict, X, y, metric, permutations[:1], _pi_gather)


def _pi_scatter(X, work, p, j):
    work[p, j] = X[:, j]  # row i's value goes to row p[i]: the inverse permutation
    return work


def _pi_scattered(predict, X, y, metric, permutations):  # any p that is not its own inverse
    return _pi_wrong(predict, X, y, metric, permutations, _pi_scatter)


PERMUTATION_IMPORTANCE = Exercise(
    name="permutation_importance",
    points=2,
    difficulty="medium",
    hints=(
        "Shuffling one column breaks its link with y while keeping its distribution; "
        "the drop in the score is that feature's importance.",
        "Score the untouched X once (the baseline). For each feature j and each given "
        "p, work on a copy of X with only column j replaced by X[p, j], score it, and "
        "average over the permutations; importance = baseline - that average.",
        "Restore column j (or start from a fresh copy) before moving on to feature "
        "j + 1, and never write into X itself.",
    ),
    cases=_pi_cases,
    errors=_pi_errors,
    # Each importance is a difference of two averages of O(1) scores: any loop order
    # agrees to ~1e-15 absolute.
    tol=Tol(rtol=1e-9, atol=1e-10),
    misconceptions=(
        Misconception("looks like whole rows were shuffled (X[p], every column at once); "
                      "shuffle only column j: X_perm[:, j] = X[p, j]", _pi_whole_rows),
        Misconception("looks like column j stayed shuffled while the next features were "
                      "scored; restore it (or start from a fresh copy) for each feature",
                      _pi_not_restored),
        Misconception("looks like the sign is flipped: importance = baseline - mean of the "
                      "permuted scores", _pi_sign),
        Misconception("looks like only the first permutation was used; average the score "
                      "over all of them", _pi_first_only),
        Misconception("looks like the column was scattered (X_perm[p, j] = X[:, j], the "
                      "inverse permutation); gather it: X_perm[:, j] = X[p, j]",
                      _pi_scattered),
    ),
)


# --- exact_shapley_values ------------------------------------------------------------


def _sv_model(rng, d, n_pairs, n_triples=0):
    """Parameters of a random interaction_model on d features: n_pairs products of two
    features and n_triples of three (where Shapley weights differ from uniform ones)."""
    terms = [np.r_[rng.choice(d, size=2, replace=False), -1] for _ in range(n_pairs)]
    terms += [rng.choice(d, size=3, replace=False) for _ in range(n_triples)]
    return {"w": rng.normal(size=d), "b": float(rng.normal()),
            "terms": np.array(terms, dtype=np.int64), "coef": rng.normal(size=len(terms))}


def _sv_cases(rng):
    pure = {"w": np.zeros(2), "b": 0.0, "terms": np.array([[0, 1]]), "coef": np.array([1.0])}
    yield Case("d = 2, f = x0 x1 (a pure interaction), one background row", {
        "f": Fn("interaction_model", pure), "x": np.array([1.5, -2.0]),
        "background": np.array([[0.5, 1.0]])})
    yield Case("d = 3, a linear f, 20 background rows", {
        "f": Fn("linear_model", {"w": rng.normal(size=3), "b": 0.5}), "x": rng.normal(size=3),
        "background": rng.normal(size=(20, 3))})
    model = _sv_model(rng, 4, 0)
    model["terms"] = np.array([[0, 1, -1], [2, 2, -1], [0, 1, 3]])
    model["coef"] = rng.normal(size=3)
    yield Case("d = 4, f with x0 x1, x2^2 and x0 x1 x3, 30 background rows", {
        "f": Fn("interaction_model", model), "x": rng.normal(size=4),
        "background": rng.normal(size=(30, 4))})
    yield Case("d = 6, f with 4 pairwise and 2 three-way products, 10 background rows", {
        "f": Fn("interaction_model", _sv_model(rng, 6, 4, 2)), "x": rng.normal(size=6),
        "background": rng.normal(loc=1.0, size=(10, 6))})
    model = _sv_model(rng, 5, 3, 1)
    model["w"][4] = 0.0
    model["terms"][model["terms"] == 4] = -1  # feature 4 never enters f: its value is 0
    yield Case("d = 5, f ignores feature 4 (its value is 0)", {
        "f": Fn("interaction_model", model), "x": rng.normal(size=5),
        "background": rng.normal(size=(12, 5))})
    yield Case("d = 10 (1024 coalitions), 8 background rows", {
        "f": Fn("interaction_model", _sv_model(rng, 10, 5, 3)), "x": rng.normal(size=10),
        "background": rng.normal(size=(8, 10))})
    yield Case("d = 1: the whole difference goes to the one feature", {
        "f": Fn("interaction_model", {"w": np.array([2.0]), "b": 1.0,
                                      "terms": np.array([[0, 0]]), "coef": np.array([0.5])}),
        "x": np.array([3.0]), "background": rng.normal(size=(5, 1))})


def _sv_values(f, x, background, mean_row=False):
    """v(S) for every coalition S (bit i of S = feature i), and the membership table."""
    d = len(x)
    members = (np.arange(2**d)[:, None] >> np.arange(d)) & 1 == 1
    if mean_row:  # f at the mean background row instead of the mean of f
        return np.array([f(np.where(m, x, background.mean(axis=0))[None, :])[0]
                         for m in members]), members
    return np.array([np.mean(f(np.where(m, x, background))) for m in members]), members


def _sv_combine(v, members, weight):
    """sum over S without i of weight(|S|, d) (v(S + i) - v(S)), for each i."""
    d = members.shape[1]
    size = members.sum(axis=1)
    ids = np.arange(len(v))
    phi = np.empty(d)
    for i in range(d):
        s = ids[~members[:, i]]
        phi[i] = np.sum(weight(size[s], d) * (v[s | (1 << i)] - v[s]))
    return phi


def _sv_shapley_weight(s, d):
    return np.array([math.factorial(k) * math.factorial(d - k - 1) / math.factorial(d)
                     for k in np.atleast_1d(s)])


def _sv_uniform(f, x, background):  # the cases with three-way products
    v, members = _sv_values(f, x, background)
    return _sv_combine(v, members, lambda s, d: np.full(len(s), 1.0 / 2 ** (d - 1)))


def _sv_removed(f, x, background):  # every case with a nonzero value
    v, members = _sv_values(f, x, background)
    return -_sv_combine(v, members, _sv_shapley_weight)


def _sv_mean_row(f, x, background):  # the nonlinear f with 2+ background rows
    v, members = _sv_values(f, x, background, mean_row=True)
    return _sv_combine(v, members, _sv_shapley_weight)


def _sv_alone(f, x, background):  # v({i}) - v(empty): differs when f has interactions
    v, _ = _sv_values(f, x, background)
    return v[1 << np.arange(len(x))] - v[0]


def _sv_leave_one_out(f, x, background):  # v(all) - v(all but i): the same cases
    v, _ = _sv_values(f, x, background)
    full = 2 ** len(x) - 1
    return v[full] - v[full ^ (1 << np.arange(len(x)))]


def _sv_efficiency(args, got):
    f = build(args["f"].name, args["f"].params)
    x, background = np.asarray(args["x"], float), np.asarray(args["background"], float)
    want = float(f(x[None, :])[0] - np.mean(f(background)))
    total = float(np.sum(got))
    if abs(total - want) > 1e-8 * (1.0 + abs(want)):
        return (f"the values add up to {total:.10g}, but f(x) - mean f(background) = "
                f"{want:.10g}: Shapley values must share out exactly that difference")
    return None


EXACT_SHAPLEY_VALUES = Exercise(
    name="exact_shapley_values",
    points=3,
    difficulty="hard",
    hints=(
        "Enumerate the 2^d coalitions once (a bitmask per coalition is handy) and compute "
        "v(S) for each; every Shapley value is then a weighted sum of differences of "
        "those v's.",
        "v(S): build a batch of all background rows with the columns in S replaced by x's "
        "values, and average f over it: one call of f per coalition. Do not average the "
        "background first: f of the mean row is not the mean of f.",
        "phi_i sums, over S without i, |S|! (d - |S| - 1)! / d! times v(S with i) - "
        "v(S): the gain from adding i. Check that the values add up to v(all) - v(none).",
    ),
    cases=_sv_cases,
    # Sums of up to 512 weighted differences of O(1) values: any order agrees to 1e-13.
    tol=Tol(rtol=1e-9, atol=1e-10),
    misconceptions=(
        Misconception("looks like every coalition got the same weight; Shapley weights "
                      "are |S|! (d - |S| - 1)! / d!, so each coalition size counts equally",
                      _sv_uniform),
        Misconception("looks like the marginal contribution was taken the wrong way round: "
                      "v(S with i) - v(S), the gain from adding i", _sv_removed),
        Misconception("looks like v(S) used f at the mean background row; for a nonlinear "
                      "f, average f over the background rows instead", _sv_mean_row),
        Misconception("looks like each feature was switched on alone (v({i}) - v(empty)); "
                      "Shapley values average the gain over every coalition", _sv_alone),
        Misconception("looks like leave-one-out (v(all) - v(all but i)); Shapley values "
                      "average the gain over every coalition", _sv_leave_one_out),
    ),
    properties=(Property("efficiency", _sv_efficiency),),
    call_limits=(CallLimit("f", lambda args: 2 ** len(args["x"]),
                           "evaluate f once per coalition, on a batch of all background "
                           "rows"),),
)


# --- linear_shap ---------------------------------------------------------------------


def _ls_cases(rng):
    yield Case("d = 5, 50 background rows", {
        "w": rng.normal(size=5), "b": 0.3, "x": rng.normal(size=5),
        "background": rng.normal(size=(50, 5))})
    # Skewed columns: the median sits well below the mean.
    yield Case("skewed (exponential) background, 31 rows: median != mean", {
        "w": rng.normal(size=4), "b": -1.0, "x": rng.normal(size=4),
        "background": rng.exponential(scale=3.0, size=(31, 4))})
    yield Case("background centred at 100 (the baseline matters)", {
        "w": rng.normal(size=3), "b": 0.0, "x": 100.0 + rng.normal(size=3),
        "background": 100.0 + rng.normal(size=(20, 3))})
    yield Case("a single background row", {
        "w": rng.normal(size=3), "b": 2.0, "x": rng.normal(size=3),
        "background": rng.normal(size=(1, 3))})
    yield Case("intercept b = 5 (it cancels out of every value)", {
        "w": rng.normal(size=4), "b": 5.0, "x": rng.normal(size=4),
        "background": rng.normal(size=(10, 4))})
    background = rng.normal(size=(8, 3))
    yield Case("x equal to the background mean (every value 0)", {
        "w": rng.normal(size=3), "b": 1.0, "x": background.mean(axis=0),
        "background": background})
    yield Case("a zero weight (that feature gets 0)", {
        "w": np.array([1.5, 0.0, -2.0]), "b": 0.0, "x": rng.normal(size=3),
        "background": rng.normal(size=(6, 3))})


def _ls_no_baseline(w, b, x, background):  # every case whose background mean is not 0
    return w * x


def _ls_median(w, b, x, background):  # the skewed background, most random ones
    return w * (x - np.median(background, axis=0))


def _ls_sign(w, b, x, background):
    return w * (background.mean(axis=0) - x)


def _ls_intercept_split(w, b, x, background):  # every case with b != 0
    return w * (x - background.mean(axis=0)) + b / len(w)


def _ls_no_weight(w, b, x, background):
    return x - background.mean(axis=0)


def _ls_efficiency(args, got):
    w, x, bg = (np.asarray(args[k], float) for k in ("w", "x", "background"))
    want = float(w @ x - np.mean(bg @ w))  # b cancels
    total = float(np.sum(got))
    if abs(total - want) > 1e-9 * (1.0 + abs(want) + float(np.abs(w) @ np.abs(x))):
        return (f"the values add up to {total:.10g}, but f(x) - mean f(background) = "
                f"{want:.10g}: Shapley values must share out exactly that difference")
    return None


LINEAR_SHAP = Exercise(
    name="linear_shap",
    points=1,
    difficulty="easy",
    hints=(
        "For a linear model, adding feature i to any coalition changes v by the same "
        "amount. What is that amount?",
        "Replacing the background's column i by x_i changes the mean prediction by "
        "w_i (x_i - mean of background column i); that is phi_i, and b cancels.",
    ),
    cases=_ls_cases,
    # One mean per column and one product: any order agrees to ~1e-14 absolute, also at
    # the background centred at 100.
    tol=Tol(rtol=1e-10, atol=1e-12),
    misconceptions=(
        Misconception("looks like w_i x_i, with no baseline; Shapley values measure the "
                      "change from the background: w_i (x_i - mean of column i)",
                      _ls_no_baseline),
        Misconception("looks like the background median was the baseline; for a linear "
                      "model the expectation is f at the background MEAN", _ls_median),
        Misconception("looks like the sign is flipped: w_i (x_i - mean), positive when x_i "
                      "pushes the prediction up", _ls_sign),
        Misconception("looks like the intercept was shared out (b / d each); b is in every "
                      "prediction, so it cancels: leave it out", _ls_intercept_split),
        Misconception("looks like the weight is missing: phi_i = w_i (x_i - mean of "
                      "column i)", _ls_no_weight),
    ),
    properties=(Property("efficiency", _ls_efficiency),),
)


EXERCISES = [
    # in the curriculum's order
    ONE_HOT_ENCODE,
    MIN_MAX_SCALE,
    ROBUST_SCALE,
    IMPUTE,
    SMOOTHED_TARGET_ENCODING,
    HASH_FEATURES,
    QUANTILE_BINS,
    MUTUAL_INFORMATION,
    CORRELATION_FILTER,
    PERMUTATION_IMPORTANCE,
    EXACT_SHAPLEY_VALUES,
    LINEAR_SHAP,
]
