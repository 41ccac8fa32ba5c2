"""Data leakage: keeping what the model must not see out of training.

Leakage is the most common reason a model that shines offline fails in production,
so interviews ask you to split, scale and join data without letting the future or the
test set in.
"""

import numpy as np


def standardize_train_test(X_train: np.ndarray,
                           X_test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Standardise a train and a test set with the training set's statistics only.

    For each column j, mean_j and std_j are the mean and the standard deviation
    (ddof 0, i.e. divided by n) of X_train[:, j]; both sets become
    (x - mean_j) / std_j. The test set contributes nothing to the statistics: at
    prediction time it is not there yet.

    A column whose training values are all equal has no spread to divide by: it uses
    scale 1, and its training values map to exactly 0. Decide "all equal" by comparing
    the values, not by testing the computed std: for a column of six 0.1s the computed
    mean is off by 1e-17, so the computed std is 1e-17, not 0.

    Parameters
    ----------
    X_train : ndarray of shape (n, d)
        Training rows, n >= 1.
    X_test : ndarray of shape (m, d)
        Test rows, m >= 0, the same d columns.

    Returns
    -------
    train_scaled : ndarray of shape (n, d), float64
        Each training column with mean 0 and std 1 (or all 0 for a constant column).
    test_scaled : ndarray of shape (m, d), float64
        The test rows shifted and scaled with the training statistics.

    Notes
    -----
    Edge cases: one training row makes every column constant (all 0); an empty test
    set gives an array of shape (0, d). Inputs are not modified.
    Why interviewers ask: fitting a scaler on all the data before splitting is the
    textbook example of train-test contamination: the test set's mean and spread leak
    into training, and the offline score is optimistic.

    Examples
    --------
    >>> X_train = np.array([[1.0, 5.0], [3.0, 5.0]])
    >>> X_test = np.array([[5.0, 7.0]])
    >>> train, test = standardize_train_test(X_train, X_test)
    >>> train.tolist(), test.tolist()
    ([[-1.0, 0.0], [1.0, 0.0]], [[3.0, 2.0]])
    """
    X_train = np.asarray(X_train, dtype=float)
    X_test = np.asarray(X_test, dtype=float)
    constant = np.all(X_train == X_train[:1], axis=0)
    # A constant column is centred on its own (exact) value, so it maps to exactly 0.
    center = np.where(constant, X_train[0], X_train.mean(axis=0))
    scale = np.where(constant, 1.0, X_train.std(axis=0))
    return (X_train - center) / scale, (X_test - center) / scale


def time_series_splits(n_samples: int, n_splits: int = 5, gap: int = 0,
                       test_size: int | None = None) -> list[tuple[np.ndarray, np.ndarray]]:
    """Expanding-window splits for time-ordered samples (scikit-learn's TimeSeriesSplit).

    Samples 0 .. n_samples - 1 are in time order. Each split tests on a block of
    ``test_size`` consecutive samples and trains on every sample before it, except the
    ``gap`` samples just before the block (a buffer, so that a feature computed over a
    trailing window cannot see the test period):

    - test_size defaults to n_samples // (n_splits + 1);
    - the last n_splits * test_size samples form the n_splits test blocks, in order:
      block k starts at test_start_k = n_samples - (n_splits - k) * test_size;
    - split k trains on indices 0 .. test_start_k - gap - 1.

    Leftover samples (when test_size does not divide evenly) therefore join the first
    training set, never a test block.

    Parameters
    ----------
    n_samples : int
        Number of time-ordered samples.
    n_splits : int, default=5
        Number of splits (test blocks), >= 2.
    gap : int, default=0
        Samples left out between each training set and its test block, >= 0.
    test_size : int or None, default=None
        Length of every test block; None means n_samples // (n_splits + 1).

    Returns
    -------
    list of n_splits tuples (train_idx, test_idx)
        Both int64 ndarrays, sorted ascending; split k's test block is the k-th in time.

    Raises
    ------
    ValueError
        If n_splits < 2, gap < 0, test_size < 1 (including the default when
        n_samples < n_splits + 1), or the first training set would be empty
        (n_samples - n_splits * test_size - gap <= 0).

    Notes
    -----
    Every test index comes after every training index plus the gap: the future never
    reaches training. Training sets grow split by split (an expanding window).
    Why interviewers ask: shuffled k-fold on time series trains on the future and
    validates on the past, which no production model can do; interviewers want the
    forward-chaining split and a reason for the gap.

    Examples
    --------
    >>> for train, test in time_series_splits(9, n_splits=3, gap=1):  # test_size 9 // 4
    ...     print(train.tolist(), test.tolist())
    [0, 1] [3, 4]
    [0, 1, 2, 3] [5, 6]
    [0, 1, 2, 3, 4, 5] [7, 8]
    """
    if n_splits < 2:
        raise ValueError(f"`n_splits` must be >= 2, got {n_splits}")
    if gap < 0:
        raise ValueError(f"`gap` must be >= 0, got {gap}")
    size = n_samples // (n_splits + 1) if test_size is None else test_size
    if size < 1:
        raise ValueError(f"`test_size` must be >= 1, got {size}"
                         + (f" (the default n_samples // (n_splits + 1) for "
                            f"n_samples={n_samples}, n_splits={n_splits})"
                            if test_size is None else ""))
    first_train = n_samples - n_splits * size - gap
    if first_train <= 0:
        raise ValueError(f"the first training set would be empty: n_samples={n_samples} "
                         f"leaves {first_train} samples after {n_splits} test blocks of "
                         f"{size} and a gap of {gap}")
    indices = np.arange(n_samples, dtype=np.int64)
    starts = range(n_samples - n_splits * size, n_samples, size)
    return [(indices[: s - gap].copy(), indices[s: s + size].copy()) for s in starts]


def group_kfold(groups: np.ndarray, n_folds: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """K-fold splits that never put one group on both sides of a split.

    Samples that share a group label (one patient, one user, one session) are
    correlated; if some are in training and others in validation, the model is scored
    on data it has in effect already seen. So whole groups are assigned to folds:

    - each sample is validated exactly once (the validation sets partition 0 .. n - 1);
    - no group appears in both train_idx and val_idx of any split;
    - validation fold sizes differ by at most the size of the largest group;
    - train_idx is every index not in val_idx; both arrays are sorted, none is empty.

    Any assignment with these properties is correct; the grader checks the properties,
    not a particular assignment. One that always works (scikit-learn's GroupKFold):
    take the groups from largest to smallest and give each to the fold that currently
    holds the fewest samples (the lowest fold number on a tie). Giving a group of size
    s to the smallest fold keeps every fold within the largest group's size of the
    smallest.

    Parameters
    ----------
    groups : ndarray of shape (n,), integer
        The group label of each sample; labels need not be contiguous or sorted.
    n_folds : int
        Number of folds, 2 <= n_folds <= number of distinct groups.

    Returns
    -------
    list of n_folds tuples (train_idx, val_idx)
        int64 ndarrays of sample indices, each sorted ascending.

    Raises
    ------
    ValueError
        If n_folds < 2, or n_folds exceeds the number of distinct groups (some fold
        would be empty).

    Notes
    -----
    Edge cases: with n_folds equal to the number of groups, each fold is one group
    (leave-one-group-out). With every group of size 1 this is ordinary k-fold
    (fold sizes then differ by at most 1).
    Why interviewers ask: random k-fold over repeated measurements of the same patient
    or user leaks identity across the split and inflates the score; interviewers
    expect you to split by group, and to know why the folds cannot be perfectly even.

    Examples
    --------
    >>> for train, val in group_kfold(np.array([7, 7, 7, 1, 2, 2]), n_folds=2):
    ...     print(train.tolist(), val.tolist())
    [3, 4, 5] [0, 1, 2]
    [0, 1, 2] [3, 4, 5]
    """
    groups = np.asarray(groups)
    if n_folds < 2:
        raise ValueError(f"`n_folds` must be >= 2, got {n_folds}")
    labels, codes = np.unique(groups, return_inverse=True)
    codes = codes.reshape(-1)
    if n_folds > len(labels):
        raise ValueError(f"`n_folds` must be <= the number of distinct groups "
                         f"({len(labels)}), got {n_folds}")
    sizes = np.bincount(codes, minlength=len(labels))
    fold_of_group = np.empty(len(labels), dtype=np.int64)
    load = np.zeros(n_folds, dtype=np.int64)
    # Largest group first; equal sizes in label order (a stable sort), so the result is
    # deterministic. np.argmin picks the lowest-numbered fold among the lightest.
    for g in np.argsort(-sizes, kind="stable"):
        fold = int(np.argmin(load))
        fold_of_group[g] = fold
        load[fold] += sizes[g]
    fold_of_sample = fold_of_group[codes]
    splits = []
    for fold in range(n_folds):
        in_fold = fold_of_sample == fold
        splits.append((np.flatnonzero(~in_fold).astype(np.int64),
                       np.flatnonzero(in_fold).astype(np.int64)))
    return splits


def out_of_fold_target_encoding(categories: np.ndarray, y: np.ndarray, n_folds: int = 5,
                                smoothing: float = 0.0) -> np.ndarray:
    """Target-encode a categorical feature without letting a row see its own target.

    The rows are split into n_folds contiguous folds, in order, as scikit-learn's
    unshuffled KFold: with n rows, the first n % n_folds folds hold n // n_folds + 1
    rows and the rest n // n_folds (n = 10, n_folds = 3 gives rows 0-3, 4-6, 7-9).
    A row in fold k is encoded from the rows of the OTHER folds only:

        prior_k = mean of y over the other folds
        enc = (sum of y over the other folds' rows of category c + smoothing * prior_k)
              / (count of those rows + smoothing)

    where c is the row's category. A category absent from the other folds gets
    prior_k (with smoothing = 0 that is the 0/0 case; it is prior_k too).

    Parameters
    ----------
    categories : ndarray of shape (n,), integer
        The category label of each row (any integers, not necessarily 0 .. K - 1).
    y : ndarray of shape (n,), float
        The target (0/1 labels or real values).
    n_folds : int, default=5
        Number of folds, 2 <= n_folds <= n.
    smoothing : float, default=0.0
        Weight of the prior, >= 0; 0 is the plain out-of-fold category mean.

    Returns
    -------
    ndarray of shape (n,), float64
        The encoding of each row, in the input order.

    Raises
    ------
    ValueError
        If smoothing < 0, n_folds < 2, or n_folds > n.

    Notes
    -----
    Nothing about a row's own target reaches its encoding: changing y on the rows of
    fold k leaves fold k's encodings unchanged (the grader checks exactly that).
    Edge cases: n_folds = n is leave-one-out; a category seen only in one fold is
    unseen for that fold's rows.
    Why interviewers ask: encoding a category by the mean target of all rows hands each
    row its own label (the rarer the category, the more), so a model looks brilliant
    offline and fails in production; out-of-fold encoding is the standard fix.

    Examples
    --------
    >>> cats = np.array([0, 0, 1, 0, 1, 1])
    >>> y = np.array([1.0, 0.0, 1.0, 1.0, 0.0, 0.0])
    >>> out_of_fold_target_encoding(cats, y, n_folds=2).tolist()
    [1.0, 1.0, 0.0, 0.5, 1.0, 1.0]
    >>> out_of_fold_target_encoding(cats, y, n_folds=3, smoothing=1.0).round(4).tolist()
    [0.75, 0.75, 0.0833, 0.4167, 0.875, 0.875]
    """
    categories = np.asarray(categories)
    y = np.asarray(y, dtype=float)
    n = len(y)
    if smoothing < 0:
        raise ValueError(f"`smoothing` must be >= 0, got {smoothing}")
    if not 2 <= n_folds <= n:
        raise ValueError(f"`n_folds` must be between 2 and n_samples = {n}, got {n_folds}")
    _, codes = np.unique(categories, return_inverse=True)
    codes = codes.reshape(-1)
    n_cats = int(codes.max()) + 1 if n else 0
    # Fold of each row: the first n % n_folds folds get one extra row.
    sizes = np.full(n_folds, n // n_folds)
    sizes[: n % n_folds] += 1
    fold = np.repeat(np.arange(n_folds), sizes)
    # Per (fold, category) sums and counts; "other folds" = all rows minus this fold.
    cell = fold * n_cats + codes
    sums = np.bincount(cell, weights=y, minlength=n_folds * n_cats).reshape(n_folds, n_cats)
    counts = np.bincount(cell, minlength=n_folds * n_cats).reshape(n_folds, n_cats)
    other_sum = sums.sum(axis=0)[codes] - sums[fold, codes]
    other_count = counts.sum(axis=0)[codes] - counts[fold, codes]
    fold_sum = np.bincount(fold, weights=y, minlength=n_folds)
    prior = (fold_sum.sum() - fold_sum[fold]) / (n - sizes[fold])
    with np.errstate(invalid="ignore", divide="ignore"):
        enc = (other_sum + smoothing * prior) / (other_count + smoothing)
    return np.where(other_count > 0, enc, prior)


def find_duplicate_rows(X_train: np.ndarray, X_test: np.ndarray) -> np.ndarray:
    """Indices of the test rows that also appear, exactly, in the training set.

    Row i of X_test is a duplicate when some row of X_train equals it value for value
    (==, so -0.0 equals 0.0 and inf equals inf). NaN equals nothing, not even NaN, so a
    test row containing NaN is never a duplicate. Every matching test row is listed
    once, however many training rows it equals, and so is each of several equal test
    rows.

    Parameters
    ----------
    X_train : ndarray of shape (n_train, d)
        The training rows.
    X_test : ndarray of shape (n_test, d)
        The test rows.

    Returns
    -------
    ndarray of shape (k,), integer
        The indices i of the duplicate rows of X_test, ascending, without repeats.

    Raises
    ------
    ValueError
        If X_train and X_test have different numbers of columns.

    Notes
    -----
    Scale: 200,000 x 16 on each side. Comparing every test row with every training
    row (n x m) is far too slow (or too big); sort or hash the rows instead. Hashing
    or comparing raw bytes must first turn -0.0 into 0.0 (they differ in one bit).
    Why interviewers ask: test rows that also sit in the training set (exact
    duplicates from scraping, joins or resampling) inflate every offline metric; the
    first check of any split is for this contamination.

    Examples
    --------
    >>> X_train = np.array([[1.0, 2.0], [0.0, 5.0], [np.nan, 1.0]])
    >>> X_test = np.array([[0.0, 5.0], [2.0, 1.0], [-0.0, 5.0], [np.nan, 1.0]])
    >>> find_duplicate_rows(X_train, X_test).tolist()
    [0, 2]
    """
    if X_train.shape[1] != X_test.shape[1]:
        raise ValueError(f"`X_train` and `X_test` must have the same number of columns, "
                         f"got {X_train.shape[1]} and {X_test.shape[1]}")
    # One opaque "void" value per row, equal exactly when the rows' bytes are equal;
    # adding 0.0 turns -0.0 into 0.0 first, whose bytes differ.
    if len(X_train) == 0:
        return np.zeros(0, dtype=np.int64)
    row = np.dtype((np.void, 8 * X_train.shape[1]))
    train_rows = np.ascontiguousarray(X_train + 0.0, dtype=np.float64).view(row).ravel()
    test_rows = np.ascontiguousarray(X_test + 0.0, dtype=np.float64).view(row).ravel()
    # Sort the training rows once and binary-search each test row (np.isin on these
    # values is several times slower).
    train_rows = np.sort(train_rows)
    at = np.minimum(np.searchsorted(train_rows, test_rows), len(train_rows) - 1)
    # NaN bytes can be equal while NaN != NaN: rows with NaN are never duplicates.
    found = (train_rows[at] == test_rows) & ~np.isnan(X_test).any(axis=1)
    return np.flatnonzero(found)


def near_duplicate_pairs(A: np.ndarray, B: np.ndarray,
                         threshold: float = 0.95) -> np.ndarray:
    """All pairs (i, j) whose rows A_i and B_j point in nearly the same direction.

    cosine(a, b) = (a . b) / (||a|| ||b||), in [-1, 1]; a pair is a near duplicate when
    cosine(A_i, B_j) >= threshold. A zero row has no direction: it never matches,
    whatever the threshold (even one <= 0).

    Parameters
    ----------
    A : ndarray of shape (n, d)
        First set of rows (embeddings, TF-IDF vectors, ...).
    B : ndarray of shape (m, d)
        Second set of rows, of the same width.
    threshold : float, default=0.95
        The smallest cosine that counts.

    Returns
    -------
    ndarray of shape (p, 2), integer
        One row (i, j) per matching pair, sorted by i, then j. Shape (0, 2) when no pair
        matches.

    Notes
    -----
    Scale: n = m = 5000, d = 64, with at most 64 MB of extra memory: the whole n x m
    matrix of cosines is 200 MB, so compute it a block of A's rows at a time.
    Pairs within 1e-9 of the threshold are not graded (rounding decides them).
    Why interviewers ask: near-duplicate documents or images split across train and
    test (re-posts, crops, templated text) leak like exact copies; embedding cosine
    search in blocks is how it is checked at scale.

    Examples
    --------
    >>> A = np.array([[1.0, 0.0], [0.0, 0.0], [1.0, 1.0]])
    >>> B = np.array([[2.0, 0.1], [-1.0, 0.0], [0.0, 3.0]])
    >>> near_duplicate_pairs(A, B, threshold=0.95).tolist()
    [[0, 0]]
    >>> near_duplicate_pairs(A, B, threshold=0.7).tolist()
    [[0, 0], [2, 0], [2, 2]]
    """
    # Unit rows make every cosine a dot product; zero rows are left out altogether.
    a_norms, b_norms = np.linalg.norm(A, axis=1), np.linalg.norm(B, axis=1)
    a_rows, b_rows = np.flatnonzero(a_norms > 0), np.flatnonzero(b_norms > 0)
    a_unit = A[a_rows] / a_norms[a_rows, None]
    b_unit = B[b_rows] / b_norms[b_rows, None]
    # About a million cosines (8 MB) per block of A's rows.
    block = max(1, 2**20 // max(len(b_rows), 1))
    found = [np.zeros((0, 2), dtype=np.int64)]
    for start in range(0, len(a_rows), block):
        cosines = a_unit[start:start + block] @ b_unit.T
        i, j = np.nonzero(cosines >= threshold)  # row-major: sorted by i, then j
        found.append(np.column_stack([a_rows[start + i], b_rows[j]]))
    return np.concatenate(found)


def _dense_ranks(values: np.ndarray) -> np.ndarray:
    """0, 1, 2, ... by increasing value; equal values (-0.0 and 0.0 too) share a rank."""
    order = np.argsort(values)
    ordered = values[order]
    new = np.ones(len(values), dtype=bool)
    new[1:] = ordered[1:] != ordered[:-1]
    ranks = np.empty(len(values), dtype=np.int64)
    ranks[order] = np.cumsum(new) - 1
    return ranks


def point_in_time_join(event_keys: np.ndarray, event_times: np.ndarray,
                       feature_keys: np.ndarray, feature_times: np.ndarray,
                       feature_values: np.ndarray,
                       allow_exact_matches: bool = True) -> np.ndarray:
    """Join each event to the feature value that was known at the event's time.

    A feature table holds rows (key, time, value): "at `time`, the feature of `key`
    became `value`". For an event (key k, time t) the point-in-time value is the value
    of the row with key k and the LATEST time <= t (strictly < t when
    ``allow_exact_matches`` is False). Any later row is the future and must not reach
    the event. This is an as-of join, as ``pandas.merge_asof(direction="backward")``.

    Rules, each of them graded:
    - only rows of the event's own key count;
    - rows whose time is NaN are ignored;
    - among rows of the key with the same (latest) time, the LAST one in input order
      wins (a later correction of the same timestamp);
    - an event with no such row gets NaN.
    Neither table is sorted, and the output follows the events' input order.

    Parameters
    ----------
    event_keys : ndarray of shape (n_events,), integer
        The entity (user, account, ...) of each event.
    event_times : ndarray of shape (n_events,), float
        When each event happened; finite.
    feature_keys : ndarray of shape (n_rows,), integer
        The entity of each feature row.
    feature_times : ndarray of shape (n_rows,), float
        When each row's value became known; NaN means unknown (the row is ignored).
    feature_values : ndarray of shape (n_rows,), float
        The feature's value from that time on.
    allow_exact_matches : bool, default=True
        Whether a row stamped exactly at the event's time counts as known.

    Returns
    -------
    ndarray of shape (n_events,), float
        The joined value of each event, NaN where no row qualifies.

    Notes
    -----
    Scale: 100,000 events and 100,000 rows, unsorted, in O((n + m) log(n + m)) time:
    sort, then binary-search; comparing every event with every row is far too slow.
    -0.0 and 0.0 are the same time.
    Why interviewers ask: joining the latest value of a feature instead of the value
    as of each event is the classic temporal leak; a model trained that way sees the
    future offline and cannot in production.

    Examples
    --------
    >>> keys, times = np.array([1, 1, 2]), np.array([5.0, 10.0, 5.0])
    >>> f_keys, f_times = np.array([1, 1, 1, 2]), np.array([4.0, 10.0, 12.0, 6.0])
    >>> f_values = np.array([0.1, 0.2, 0.3, 0.4])
    >>> point_in_time_join(keys, times, f_keys, f_times, f_values).tolist()
    [0.1, 0.2, nan]
    >>> point_in_time_join(keys, times, f_keys, f_times, f_values,
    ...                    allow_exact_matches=False).tolist()
    [0.1, 0.1, nan]
    """
    known = ~np.isnan(feature_times)  # a row with no time is never known before an event
    row_keys, row_times = feature_keys[known], feature_times[known]
    row_values = feature_values[known]
    n, m = len(event_keys), len(row_keys)
    joined = np.full(n, np.nan)
    if n == 0 or m == 0:
        return joined
    # One integer per (key, time), from dense ranks over rows and events together, so
    # sorting it sorts by key, then time (both ranks are < size).
    size = n + m
    codes = (_dense_ranks(np.concatenate([row_keys, event_keys])) * size
             + _dense_ranks(np.concatenate([row_times, event_times])))
    row_codes, event_codes = codes[:m], codes[m:]
    # Stable: rows with equal key and time keep their input order, so the last of
    # them is the one a search from the right finds.
    by_code = np.argsort(row_codes, kind="stable")
    sorted_codes = row_codes[by_code]
    # The last row with code <= the event's (< without exact matches). Searching for
    # the events in sorted order keeps the binary searches cache-friendly (1.3x faster).
    side = "right" if allow_exact_matches else "left"
    events = np.argsort(event_codes)
    last = np.empty(n, dtype=np.int64)
    last[events] = np.searchsorted(sorted_codes, event_codes[events], side=side) - 1
    # That row may belong to a smaller key: it counts only if the key parts agree.
    found = last >= 0
    found[found] = sorted_codes[last[found]] // size == event_codes[found] // size
    joined[found] = row_values[by_code[last[found]]]
    return joined


def _check_binary_labels(y: np.ndarray) -> np.ndarray:
    """y as a boolean array (True = positive), or ValueError."""
    y = np.asarray(y)
    binary = (y == 0) | (y == 1)
    if not binary.all():
        raise ValueError(f"`y` must hold binary labels 0 and 1, got {y[~binary][0].item()!r}")
    positive = y == 1
    if positive.all() or not positive.any():
        found = "no label" if len(y) == 0 else f"only {int(positive[0])}s"
        raise ValueError(f"`y` must contain both classes 0 and 1, got {found}")
    return positive


def flag_leaky_features(X: np.ndarray, y: np.ndarray, threshold: float = 0.95) -> np.ndarray:
    """Flag the features that predict the label suspiciously well on their own.

    For feature j, auc_j is the ROC AUC of the column X[:, j] used as a score for y:
    the share of (positive, negative) pairs in which the positive sample has the
    larger value, a tie counting 1/2. A feature that is large for negatives predicts
    just as well, so the score is max(auc_j, 1 - auc_j), in [0.5, 1]; a constant
    feature scores exactly 0.5. Feature j is flagged when its score >= threshold.

    With n1 positives and n0 negatives, auc = (R - n1 (n1 + 1) / 2) / (n1 n0), where R
    is the sum of the positives' ranks in the column (1 = smallest) and tied values
    share the average of their ranks (Mann-Whitney U).

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Feature matrix, one column per feature.
    y : ndarray of shape (n,)
        Binary labels, 0 or 1 (integers, floats or booleans).
    threshold : float, default=0.95
        The smallest score that gets a feature flagged.

    Returns
    -------
    ndarray of shape (k,), integer
        The indices j of the flagged features, ascending.

    Raises
    ------
    ValueError
        If y holds a value other than 0 and 1, or lacks one of the two classes.

    Notes
    -----
    Edge cases: a tie between a positive and a negative counts 1/2, so a constant
    feature scores 0.5 (never flagged unless threshold <= 0.5); a feature that
    separates the classes perfectly in either direction scores 1.0. A score equal to
    the threshold is flagged.
    Why interviewers ask: a feature that alone predicts the label almost perfectly
    (an ID that encodes the outcome, a field filled in after the fact) is usually
    target leakage, and screening single-feature AUCs is the quick way to find one.

    Examples
    --------
    >>> y = np.array([0, 0, 1, 1])
    >>> X = np.array([[1.0, 9.0, 5.0], [2.0, 8.0, 5.0], [3.0, 1.0, 5.0], [4.0, 2.0, 5.0]])
    >>> flag_leaky_features(X, y).tolist()  # scores 1.0, 1.0 (auc 0) and 0.5
    [0, 1]
    >>> flag_leaky_features(np.array([[0.0], [1.0], [1.0], [1.0]]), y, 0.75).tolist()
    [0]
    """
    positive = _check_binary_labels(y)
    n, n_pos = len(positive), int(positive.sum())
    n_neg = n - n_pos
    # Sort each column; within a run of equal values every position gets the run's
    # mean rank (first + last) / 2 + 1.
    order = np.argsort(X, axis=0)
    ordered = np.take_along_axis(X, order, axis=0)
    position = np.broadcast_to(np.arange(n)[:, None], ordered.shape)
    starts = np.ones(ordered.shape, dtype=bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    ends = np.ones(ordered.shape, dtype=bool)
    ends[:-1] = starts[1:]
    first = np.maximum.accumulate(np.where(starts, position, 0), axis=0)
    last = np.minimum.accumulate(np.where(ends, position, n - 1)[::-1], axis=0)[::-1]
    mean_rank = (first + last) / 2 + 1
    rank_sum = np.sum(mean_rank * positive[order], axis=0)
    auc = (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)
    score = np.maximum(auc, 1 - auc)
    return np.flatnonzero(score >= threshold)

