"""Feature engineering: encoding, scaling, imputation, selection and attribution.

Structured data still runs much of production ML; interviews ask you to turn raw
columns into features without leaking, and to explain a model's predictions.

Fill in each function, then grade your work:

    nox -s feature_engineering            grade every exercise of this topic
    nox -s feature_engineering -- NAME    grade one
    nox -s hint -- NAME                   a hint, one tier at a time
"""

from collections.abc import Callable, Sequence

import numpy as np


def one_hot_encode(values: Sequence | np.ndarray,
                   categories: Sequence | np.ndarray) -> np.ndarray:
    """One-hot encode values against a fixed list of categories.

    out[i, j] = 1.0 if values[i] == categories[j] else 0.0. Column j always stands for
    categories[j], in the order given (not sorted), so the encoding of a value does not
    depend on which other values happen to be in the batch.

    Parameters
    ----------
    values : list of str, list of int/float, or ndarray of shape (n,) (integer or float)
        The values to encode.
    categories : list of str, list of int/float, or ndarray of shape (k,)
        The known categories, all distinct; column j of the output is categories[j].
        Values and categories compare with ==, as Python does (3 == 3.0, "3" != 3).

    Returns
    -------
    ndarray of shape (n, k), dtype float64
        One row per value: a single 1.0 in the column of its category, or all zeros for
        a value that is not among the categories.

    Raises
    ------
    ValueError
        If a category appears more than once in ``categories``.

    Notes
    -----
    Edge cases: an unknown value gives a row of zeros (scikit-learn's
    handle_unknown="ignore"), not an error and not an extra column; n = 0 gives shape
    (0, k); k = 0 gives shape (n, 0).
    Why interviewers ask: categories seen only at serving time must not crash the model
    or shift the columns, and the column order must be fixed at training time.

    Examples
    --------
    >>> one_hot_encode(["b", "a", "z"], ["a", "b"]).tolist()
    [[0.0, 1.0], [1.0, 0.0], [0.0, 0.0]]
    >>> one_hot_encode(np.array([3, 1]), [1, 2, 3]).tolist()
    [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]
    """
    raise NotImplementedError("feature_engineering.one_hot_encode")


def min_max_scale(X: np.ndarray,
                  feature_range: tuple[float, float] = (0.0, 1.0)) -> np.ndarray:
    """Scale each column linearly so its minimum maps to low and its maximum to high.

    With (low, high) = feature_range and each column's min and max:
    out = low + (x - min) / (max - min) * (high - low). A constant column
    (max == min) has no spread to divide by; it maps to low everywhere.

    Parameters
    ----------
    X : ndarray of shape (n, d), n >= 1
        The data, one sample per row.
    feature_range : tuple (low, high) of floats, default (0.0, 1.0)
        The target interval; low < high.

    Returns
    -------
    ndarray of shape (n, d)
        Each column's minimum becomes low and its maximum high (constant columns: low).

    Raises
    ------
    ValueError
        If the range is empty: feature_range[0] >= feature_range[1].

    Notes
    -----
    Edge cases: a constant column (or a single row) gives low, never 0/0 = nan.
    Why interviewers ask: min-max scaling is the simplest scaler, and both the constant
    column and an outlier that squashes everything else are classic follow-ups.

    Examples
    --------
    >>> X = np.array([[1.0, 5.0], [3.0, 5.0], [2.0, 5.0]])
    >>> min_max_scale(X).tolist()
    [[0.0, 0.0], [1.0, 0.0], [0.5, 0.0]]
    >>> min_max_scale(X, feature_range=(-1.0, 1.0))[:, 0].tolist()
    [-1.0, 1.0, 0.0]
    """
    raise NotImplementedError("feature_engineering.min_max_scale")


def robust_scale(X: np.ndarray) -> np.ndarray:
    """Centre each column on its median and divide by its interquartile range.

    out = (x - median) / IQR with IQR = q75 - q25, the 75th and 25th percentiles of
    the column with linear interpolation (np.percentile's default: the value at
    position q/100 * (n - 1) of the sorted column, interpolated between neighbours).
    A column whose IQR is 0 is only centred (scale 1).

    Parameters
    ----------
    X : ndarray of shape (n, d), n >= 1
        The data, one sample per row.

    Returns
    -------
    ndarray of shape (n, d)
        The scaled data; each column has median 0.

    Notes
    -----
    Edge cases: IQR = 0 (a constant column, or more than half the values equal) uses
    scale 1, never a division by 0.
    Why interviewers ask: the median and the IQR ignore a few huge outliers that would
    dominate the mean, the standard deviation or the min-max range.

    Examples
    --------
    >>> robust_scale(np.array([[1.0], [2.0], [3.0], [4.0], [100.0]])).ravel().tolist()
    [-1.0, -0.5, 0.0, 0.5, 48.5]
    >>> robust_scale(np.array([[7.0], [7.0]])).ravel().tolist()
    [0.0, 0.0]
    """
    raise NotImplementedError("feature_engineering.robust_scale")


def impute(X_train: np.ndarray, X_test: np.ndarray,
           strategy: str = "mean") -> tuple[np.ndarray, np.ndarray]:
    """Fill the NaNs of a train and a test set with statistics of the training set.

    For each column j, a fill value is computed from the non-NaN values of X_train[:, j]
    only: their mean, their median, or (strategy "most_frequent") the value that occurs
    most often, the smallest such value when several tie. Every NaN of column j, in
    X_train and in X_test, is replaced by that value; other entries are unchanged.

    Parameters
    ----------
    X_train : ndarray of shape (n, d), float, may contain NaN
        The data the statistics are learnt from.
    X_test : ndarray of shape (m, d), float, may contain NaN
        Data filled with the training statistics; its own values are never used.
    strategy : {"mean", "median", "most_frequent"}, default "mean"

    Returns
    -------
    (train_filled, test_filled) : tuple of two ndarrays of shapes (n, d) and (m, d)
        Copies of X_train and X_test with no NaN left.

    Raises
    ------
    ValueError
        If ``strategy`` is not one of "mean", "median", "most_frequent".

    Notes
    -----
    Edge cases: a column with no value in X_train (all NaN) fills with 0.0; the median of
    an even count is the average of the two middle values; NaN is never counted as a value.
    Why interviewers ask: computing the fill values on train + test (or on the test set)
    leaks the test distribution into the model: a classic leakage question.

    Examples
    --------
    >>> nan = np.nan
    >>> train = np.array([[1.0, 2.0], [nan, 2.0], [3.0, 5.0], [3.0, 5.0]])
    >>> test = np.array([[nan, nan], [100.0, 7.0]])
    >>> train_filled, test_filled = impute(train, test, strategy="mean")
    >>> train_filled[:, 0].tolist(), test_filled.tolist()
    ([1.0, 2.3333333333333335, 3.0, 3.0], [[2.3333333333333335, 3.5], [100.0, 7.0]])
    >>> impute(train, test, strategy="most_frequent")[1][0].tolist()  # 2 and 5 tie: 2
    [3.0, 2.0]
    """
    raise NotImplementedError("feature_engineering.impute")


def smoothed_target_encoding(train_categories: Sequence | np.ndarray, y_train: np.ndarray,
                             test_categories: Sequence | np.ndarray,
                             smoothing: float = 10.0) -> np.ndarray:
    """Encode categories by their training target mean, shrunk toward the global mean.

    For a category c seen n_c times in the training set with target mean mean_c, and
    g = mean(y_train):
        encoding(c) = (n_c * mean_c + smoothing * g) / (n_c + smoothing).
    A rare category stays close to g; a frequent one approaches its own mean. A
    category never seen in training gets g. Only the training data is used: the
    encoding of a test row depends on its own category alone.

    Parameters
    ----------
    train_categories : list of str, list of int/float, or ndarray of shape (n,)
        The category of each training row.
    y_train : ndarray of shape (n,), float, n >= 1
        The training targets.
    test_categories : list of str, list of int/float, or ndarray of shape (m,)
        The categories to encode (compared with ==, as Python does).
    smoothing : float, default 10.0
        The weight of the global mean, as a number of pseudo-observations; >= 0.
        smoothing = 0 gives the plain category mean.

    Returns
    -------
    ndarray of shape (m,), dtype float64
        The encoding of each test row.

    Raises
    ------
    ValueError
        If smoothing < 0.

    Notes
    -----
    Edge cases: an unseen category gets g (also when smoothing = 0, where the formula
    would be 0/0); m = 0 gives shape (0,).
    Why interviewers ask: target encoding is the go-to for high-cardinality categories,
    and without smoothing (and out-of-fold fitting) it memorises the target of rare
    categories.

    Examples
    --------
    >>> y = np.array([1.0, 0.0, 1.0, 0.0])  # g = 0.5; "a": n = 3, mean 2/3
    >>> enc = smoothed_target_encoding(["a", "a", "a", "b"], y, ["a", "b", "zz"], 1.0)
    >>> [round(float(v), 6) for v in enc]  # (3 * 2/3 + 0.5) / 4, (0 + 0.5) / 2, g
    [0.625, 0.25, 0.5]
    """
    raise NotImplementedError("feature_engineering.smoothed_target_encoding")


def hash_features(documents: list[list[str]], n_features: int) -> np.ndarray:
    """Count tokens into a fixed number of columns chosen by a hash (the hashing trick).

    Token t of document i adds 1 to out[i, zlib.crc32(t.encode("utf-8")) % n_features].
    No vocabulary is stored: the column comes from the token itself, so unseen tokens
    still have a column, and different tokens may share one (a collision).

    Parameters
    ----------
    documents : list of n lists of str
        Each document as its list of tokens (a token may repeat).
    n_features : int
        The number of columns, >= 1.

    Returns
    -------
    ndarray of shape (n, n_features), dtype float64
        Token counts per column (colliding tokens add up).

    Raises
    ------
    ValueError
        If n_features < 1.

    Notes
    -----
    Use zlib.crc32 (unsigned, the same in every process and on every machine), never
    Python's hash(): it is salted per process for str, so the columns would change
    between training and serving. An empty document gives a row of zeros; no documents
    give shape (0, n_features).
    Why interviewers ask: hashing bounds the memory of huge or open vocabularies, and
    the price (collisions) is a standard trade-off question.

    Examples
    --------
    >>> zlib.crc32("cat".encode("utf-8")) % 4, zlib.crc32("dog".encode("utf-8")) % 4
    (0, 1)
    >>> hash_features([["cat", "dog", "cat"], []], 4).tolist()
    [[2.0, 1.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]]
    """
    raise NotImplementedError("feature_engineering.hash_features")


def quantile_bins(x: np.ndarray, n_bins: int) -> np.ndarray:
    """Assign each value to a quantile bin (equal-frequency binning).

    The bin edges are the quantiles of x at the levels 0, 1/n_bins, 2/n_bins, ..., 1
    (np.quantile's default linear interpolation), with repeated edges merged:
    edges = unique(quantile(x, linspace(0, 1, n_bins + 1))). A value's bin is the
    number of interior edges (all edges but the first and the last) that are <= it:
    bin = searchsorted(edges[1:-1], x, side="right"). So bin 0 holds the smallest
    values, and a value equal to an edge goes to the bin on the edge's right.

    Parameters
    ----------
    x : ndarray of shape (n,)
        The values to bin, n >= 1.
    n_bins : int
        The number of quantile levels to split at; at least 1.

    Returns
    -------
    ndarray of shape (n,), integer dtype
        The bin of each value, from 0 to len(edges) - 2 (at most n_bins - 1).

    Raises
    ------
    ValueError
        If n_bins < 1.

    Notes
    -----
    Edge cases: with ties, several quantile levels can land on the same value; merging
    the repeated edges leaves fewer than n_bins bins, and bin ids stay consecutive.
    n_bins = 1 puts everything in bin 0; so does a constant x. The maximum of x lands
    in the last bin (it is above or on every interior edge).
    Why interviewers ask: quantile binning is how skewed features (income, counts) are
    made robust for linear models and trees, and how KBinsDiscretizer(strategy=
    "quantile") works; ties and the side of an edge are where hand-written versions
    go wrong.

    Examples
    --------
    >>> quantile_bins(np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]), 4).tolist()
    [0, 0, 1, 1, 2, 2, 3, 3]
    >>> quantile_bins(np.array([0.0, 0.0, 0.0, 0.0, 1.0, 2.0]), 3).tolist()  # ties: 2 bins
    [0, 0, 0, 0, 1, 1]
    """
    raise NotImplementedError("feature_engineering.quantile_bins")


def mutual_information(x: np.ndarray, y: np.ndarray) -> float:
    """Mutual information, in nats, of two discrete variables from paired samples.

    With p(a, b) the fraction of samples where x == a and y == b, and p(a), p(b) its
    marginals (the fractions of x == a and of y == b),
    I(x; y) = sum over pairs (a, b) with p(a, b) > 0 of p(a, b) log(p(a, b) / (p(a) p(b))),
    natural log. Pairs that never occur contribute 0 (the limit of p log p as p -> 0).

    Parameters
    ----------
    x : ndarray of shape (n,)
        Labels of the first variable, n >= 1: integers, or any numbers used as labels
        (equal values are the same label; their order does not matter).
    y : ndarray of shape (n,)
        Labels of the second variable, paired with x sample by sample.

    Returns
    -------
    float
        I(x; y) in nats, never negative: it is 0 when x and y are independent in the
        sample, and H(x) when y == x. Rounding can make the sum -1e-17 (or
        H(x) + H(y) - H(x, y) -4e-16) for independent samples; return max(sum, 0.0).

    Raises
    ------
    ValueError
        If x and y have different lengths.

    Notes
    -----
    Edge cases: a constant x or y gives 0; the result does not depend on what the
    labels are, only on which samples share one. Sum only over pairs that occur:
    0 log 0 computed literally is nan.
    Why interviewers ask: mutual information scores a feature's dependence on the
    target without assuming it is linear (sklearn's mutual_info_classif), and the
    formula tests whether you know the joint against product-of-marginals form.

    Examples
    --------
    >>> round(mutual_information(np.array([0, 0, 1, 1]), np.array([5, 5, 7, 7])), 6)  # log 2
    0.693147
    >>> mutual_information(np.array([0, 1, 0, 1]), np.array([0, 0, 1, 1]))
    0.0
    """
    raise NotImplementedError("feature_engineering.mutual_information")


def correlation_filter(X: np.ndarray, threshold: float = 0.9) -> np.ndarray:
    """Drop columns that are strongly correlated with an earlier kept column.

    Scan the columns left to right. Column 0 is kept. Column j is kept unless
    abs(r(j, k)) > threshold for some already KEPT column k, where r is the Pearson
    correlation of the two columns, r = sum((a - mean a)(b - mean b)) /
    sqrt(sum((a - mean a)^2) sum((b - mean b)^2)), clipped to [-1, 1]. A dropped column
    never causes another column to be dropped.

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Samples in rows, features in columns; n >= 2, d >= 1.
    threshold : float, default=0.9
        In [0, 1]. Only correlations strictly above it (in absolute value) drop a column.

    Returns
    -------
    ndarray of shape (k,), integer dtype
        The indices of the kept columns, ascending; always starts with 0.

    Notes
    -----
    Edge cases: a column whose values are all equal has no defined correlation (0/0);
    here it correlates 0 with everything, so it is kept (unless threshold < 0) and never
    drops another column. An exact copy of a kept column (or a copy scaled and shifted)
    has abs(r) = 1: it is dropped unless threshold = 1.0. Negative correlations count
    as much as positive ones.
    Why interviewers ask: removing redundant features is the first step of feature
    selection, and the greedy scan's details (kept vs all earlier columns, abs, > vs >=)
    change which features survive.

    Examples
    --------
    >>> X = np.array([[1.0, 2.0, 0.0], [2.0, 4.1, 1.0], [3.0, 5.9, 0.0], [4.0, 8.0, 1.0]])
    >>> correlation_filter(X, threshold=0.9).tolist()  # column 1 is almost 2 * column 0
    [0, 2]
    >>> correlation_filter(X, threshold=1.0).tolist()
    [0, 1, 2]
    """
    raise NotImplementedError("feature_engineering.correlation_filter")


def permutation_importance(predict: Callable[[np.ndarray], np.ndarray], X: np.ndarray,
                           y: np.ndarray, metric: Callable[[np.ndarray, np.ndarray], float],
                           permutations: Sequence[np.ndarray] | np.ndarray) -> np.ndarray:
    """Permutation importance of each feature, with given row permutations.

    baseline = metric(y, predict(X)). For feature j and each permutation p, replace
    column j of a copy of X by X[p, j] (the column's values shuffled, every other
    column untouched) and score metric(y, predict(that copy)). The importance of j is
    baseline - (the mean of those scores over the permutations).

    Parameters
    ----------
    predict : callable
        A fitted model: predict(X) maps an ndarray of shape (m, d) to predictions of
        shape (m,).
    X : ndarray of shape (n, d)
        Evaluation features. Must not be modified.
    y : ndarray of shape (n,)
        Evaluation targets.
    metric : callable
        metric(y, predictions) -> float.
    permutations : ndarray of shape (k, n) of int, or a sequence of k such rows
        Each row p is a permutation of range(n); use them all, in order, for every
        feature.

    Returns
    -------
    ndarray of shape (d,), float
        The importance of each feature.

    Raises
    ------
    ValueError
        If permutations is empty (k = 0).

    Notes
    -----
    The sign follows the metric: with a score where higher is better (accuracy),
    important features get positive values; with a loss (mse), negative ones. A
    feature the model ignores gets exactly 0. Restore (or copy) before the next
    feature: only one column is shuffled at a time.
    Why interviewers ask: it is the model-agnostic answer to "which features matter",
    and its pitfalls (shuffling whole rows, correlated features, evaluating on training
    data) come up in every model-explanation discussion.

    Examples
    --------
    >>> X = np.array([[0.0, 5.0], [1.0, 5.0], [2.0, 6.0]])
    >>> y = np.array([0.0, 1.0, 2.0])
    >>> predict = lambda A: A[:, 0]  # uses feature 0 only
    >>> mse = lambda t, p: float(np.mean((t - p) ** 2))
    >>> permutation_importance(predict, X, y, mse, np.array([[2, 0, 1]])).tolist()
    [-2.0, 0.0]
    """
    raise NotImplementedError("feature_engineering.permutation_importance")


def exact_shapley_values(f: Callable[[np.ndarray], np.ndarray], x: np.ndarray,
                         background: np.ndarray) -> np.ndarray:
    """Exact (interventional) Shapley values of one prediction, by enumerating coalitions.

    For a coalition S of features, v(S) = mean over background rows r of f(z), where z
    takes x's values on S and r's values elsewhere. The Shapley value of feature i is
    phi_i = sum over S not containing i of |S|! (d - |S| - 1)! / d! (v(S + {i}) - v(S)),
    the marginal contribution of adding i, weighted so that every ordering of the
    features counts equally.

    Parameters
    ----------
    f : callable
        f(Z) maps an ndarray of shape (m, d) to predictions of shape (m,). Call it at
        most 2^d times: once per coalition, on a batch of all b background rows.
    x : ndarray of shape (d,)
        The instance to explain; 1 <= d <= 10.
    background : ndarray of shape (b, d)
        Reference rows standing in for "feature unknown"; b >= 1.

    Returns
    -------
    ndarray of shape (d,), float
        phi, with sum(phi) = f(x) - mean of f over the background rows (efficiency).

    Notes
    -----
    v(S) averages f over the background rows; it is NOT f at the mean background row
    (they differ when f is nonlinear). A feature f ignores gets 0; an interaction term
    c x_i x_j is split between i and j. For a linear f the values reduce to
    w_i (x_i - mean of background column i) (see linear_shap).
    Why interviewers ask: SHAP is the standard answer to "explain this prediction",
    and writing the exact formula shows you know what the weights and the baseline are,
    and why exact SHAP costs 2^d model evaluations.

    Examples
    --------
    >>> f = lambda Z: Z[:, 0] * Z[:, 1]  # a pure interaction
    >>> exact_shapley_values(f, np.array([1.0, 1.0]), np.array([[0.0, 0.0]])).tolist()
    [0.5, 0.5]
    >>> f = lambda Z: 2.0 * Z[:, 0] + Z[:, 1]
    >>> bg = np.array([[0.0, 0.0], [2.0, 4.0]])
    >>> exact_shapley_values(f, np.array([3.0, 3.0]), bg).tolist()
    [4.0, 1.0]
    """
    raise NotImplementedError("feature_engineering.exact_shapley_values")


def linear_shap(w: np.ndarray, b: float, x: np.ndarray, background: np.ndarray) -> np.ndarray:
    """Shapley values of a linear model in closed form.

    For f(z) = w . z + b with the background rows as the baseline (v(S) the mean of f
    over background rows, z taking x on S), every coalition adds the same amount when
    feature i joins, so phi_i = w_i (x_i - mean of background column i).

    Parameters
    ----------
    w : ndarray of shape (d,)
        The model's weights.
    b : float
        The intercept; it cancels out of every phi_i.
    x : ndarray of shape (d,)
        The instance to explain.
    background : ndarray of shape (m, d)
        Reference rows, m >= 1.

    Returns
    -------
    ndarray of shape (d,), float
        phi, with sum(phi) = f(x) - mean of f over the background rows.

    Notes
    -----
    The baseline is the background MEAN (the expectation of f is f at the mean, for a
    linear f), not 0 and not the median. A feature with weight 0, or with x_i equal to
    the background mean, gets 0.
    Why interviewers ask: it is the one case where SHAP has a closed form (what
    LinearExplainer computes), and it shows that Shapley values measure a change
    against a baseline, not the size of a weight.

    Examples
    --------
    >>> bg = np.array([[0.0, 1.0], [2.0, 3.0]])  # column means 1 and 2
    >>> linear_shap(np.array([2.0, -1.0]), 5.0, np.array([3.0, 4.0]), bg).tolist()
    [4.0, -2.0]
    """
    raise NotImplementedError("feature_engineering.linear_shap")
