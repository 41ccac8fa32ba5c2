"""Realistic wrong data_leakage solutions beyond the grader table's misconceptions.

Each must fail, with feedback containing the fragment given to ``@mutant``."""

import numpy as np

from tests.support import mutant

# --- standardize_train_test ---


@mutant("changed its input `X_train` in place")
def standardize_train_test__centres_in_place(
        X_train: np.ndarray, X_test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    constant = np.all(X_train == X_train[:1], axis=0)
    center = np.where(constant, X_train[0], X_train.mean(axis=0))
    scale = np.where(constant, 1.0, X_train.std(axis=0))
    X_train -= center  # saves a copy, and rewrites the caller's data
    X_train /= scale
    return X_train.copy(), (X_test - center) / scale


@mutant("should be a tuple")
def standardize_train_test__returns_list(
        X_train: np.ndarray, X_test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    constant = np.all(X_train == X_train[:1], axis=0)
    center = np.where(constant, X_train[0], X_train.mean(axis=0))
    scale = np.where(constant, 1.0, X_train.std(axis=0))
    return [(X_train - center) / scale, (X_test - center) / scale]


@mutant("test set's statistics reached the training output")
def standardize_train_test__one_test_row_in_the_fit(
        X_train: np.ndarray, X_test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # "Just the first test row, to be safe with tiny training sets": still a leak.
    fit = np.vstack([X_train, X_test[:1]])
    constant = np.all(fit == fit[:1], axis=0)
    center = np.where(constant, fit[0], fit.mean(axis=0))
    scale = np.where(constant, 1.0, fit.std(axis=0))
    return (X_train - center) / scale, (X_test - center) / scale


@mutant("test set's statistics reached the test output")
def standardize_train_test__test_centred_on_its_own_mean(
        X_train: np.ndarray, X_test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    constant = np.all(X_train == X_train[:1], axis=0)
    center = np.where(constant, X_train[0], X_train.mean(axis=0))
    scale = np.where(constant, 1.0, X_train.std(axis=0))
    test_center = X_test.mean(axis=0) if len(X_test) else center
    return (X_train - center) / scale, (X_test - test_center) / scale


@mutant("test_scaled is wrong")
def standardize_train_test__constant_test_column_zeroed(
        X_train: np.ndarray, X_test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # Zeroes the whole column of both sets where train is constant, instead of x - value.
    constant = np.all(X_train == X_train[:1], axis=0)
    mean = X_train.mean(axis=0)
    scale = np.where(constant, 1.0, X_train.std(axis=0))
    train, test = (X_train - mean) / scale, (X_test - mean) / scale
    train[:, constant] = 0.0
    test[:, constant] = 0.0
    return train, test


@mutant("a std that is small next to the mean")
def standardize_train_test__relative_constant_test(
        X_train: np.ndarray, X_test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # "Constant" judged by the std relative to the mean: right for six 0.1s (std 1e-17),
    # wrong for 1e9 + N(0, 1e-4), whose values all differ.
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    constant = std <= 1e-12 * np.abs(mean)
    center = np.where(constant, X_train[0], mean)
    scale = np.where(constant, 1.0, std)
    return (X_train - center) / scale, (X_test - center) / scale


# --- time_series_splits ---


def _ts_splits(n_samples, n_splits, gap, size):
    idx = np.arange(n_samples)
    return [(idx[:s - gap], idx[s:s + size])
            for s in range(n_samples - n_splits * size, n_samples, size)]


@mutant("should raise ValueError for n_splits=1")
def time_series_splits__no_n_splits_check(n_samples: int, n_splits: int = 5, gap: int = 0,
                                          test_size: int | None = None) -> list:
    size = n_samples // (n_splits + 1) if test_size is None else test_size
    if gap < 0 or size < 1 or n_samples - n_splits * size - gap <= 0:
        raise ValueError("invalid split")
    return _ts_splits(n_samples, n_splits, gap, size)


@mutant("should raise ValueError for gap=-1")
def time_series_splits__no_gap_check(n_samples: int, n_splits: int = 5, gap: int = 0,
                                     test_size: int | None = None) -> list:
    size = n_samples // (n_splits + 1) if test_size is None else test_size
    if n_splits < 2 or size < 1 or n_samples - n_splits * size - gap <= 0:
        raise ValueError("invalid split")
    return _ts_splits(n_samples, n_splits, gap, size)


@mutant("should raise ValueError for test_size=-2")
def time_series_splits__no_test_size_check(n_samples: int, n_splits: int = 5, gap: int = 0,
                                           test_size: int | None = None) -> list:
    # range(..., step=0) raises a ValueError by luck for test_size 0; -2 gets through.
    size = n_samples // (n_splits + 1) if test_size is None else test_size
    if n_splits < 2 or gap < 0 or n_samples - n_splits * size - gap <= 0:
        raise ValueError("invalid split")
    return _ts_splits(n_samples, n_splits, gap, size)


@mutant("should raise ValueError for an empty first training set")
def time_series_splits__no_empty_train_check(n_samples: int, n_splits: int = 5, gap: int = 0,
                                             test_size: int | None = None) -> list:
    size = n_samples // (n_splits + 1) if test_size is None else test_size
    if n_splits < 2 or gap < 0 or size < 1:
        raise ValueError("invalid split")
    return _ts_splits(n_samples, n_splits, max(gap, 0), size)


@mutant("should be a tuple")
def time_series_splits__pairs_as_lists(n_samples: int, n_splits: int = 5, gap: int = 0,
                                       test_size: int | None = None) -> list:
    size = n_samples // (n_splits + 1) if test_size is None else test_size
    if n_splits < 2 or gap < 0 or size < 1 or n_samples - n_splits * size - gap <= 0:
        raise ValueError("invalid split")
    return [[train, test] for train, test in _ts_splits(n_samples, n_splits, gap, size)]


@mutant("should hold integers")
def time_series_splits__float_indices(n_samples: int, n_splits: int = 5, gap: int = 0,
                                      test_size: int | None = None) -> list:
    size = n_samples // (n_splits + 1) if test_size is None else test_size
    if n_splits < 2 or gap < 0 or size < 1 or n_samples - n_splits * size - gap <= 0:
        raise ValueError("invalid split")
    return [(np.linspace(0, s - gap - 1, s - gap), np.linspace(s, s + size - 1, size))
            for s in range(n_samples - n_splits * size, n_samples, size)]


@mutant("the future reached training")
def time_series_splits__gap_inside_the_past(n_samples: int, n_splits: int = 5, gap: int = 0,
                                            test_size: int | None = None) -> list:
    # Leaves a hole of `gap` samples at the START of training instead of just before the
    # test block: the sample right before the test block is still trained on.
    size = n_samples // (n_splits + 1) if test_size is None else test_size
    if n_splits < 2 or gap < 0 or size < 1 or n_samples - n_splits * size - gap <= 0:
        raise ValueError("invalid split")
    idx = np.arange(n_samples)
    return [(idx[gap:s], idx[s:s + size])
            for s in range(n_samples - n_splits * size, n_samples, size)]


# --- group_kfold ---


def _gk_check(groups, n_folds):
    if n_folds < 2 or n_folds > len(np.unique(groups)):
        raise ValueError("bad n_folds")


def _gk_from_fold_of_sample(fold_of_sample, n_folds):
    return [(np.flatnonzero(fold_of_sample != k), np.flatnonzero(fold_of_sample == k))
            for k in range(n_folds)]


def _gk_lightest_fold(groups, n_folds):
    labels, codes, sizes = np.unique(groups, return_inverse=True, return_counts=True)
    fold_of_group = np.empty(len(labels), dtype=int)
    load = np.zeros(n_folds, dtype=int)
    for g in np.argsort(-sizes, kind="stable"):
        fold_of_group[g] = np.argmin(load)
        load[fold_of_group[g]] += sizes[g]
    return fold_of_group[codes]


@mutant("is on both sides of fold")
def group_kfold__kfold_on_samples(groups: np.ndarray, n_folds: int) -> list:
    # Plain contiguous k-fold over the samples: the groups are ignored.
    _gk_check(groups, n_folds)
    fold_of_sample = np.repeat(np.arange(n_folds),
                               [len(c) for c in np.array_split(groups, n_folds)])
    return _gk_from_fold_of_sample(fold_of_sample, n_folds)


@mutant("validated")
def group_kfold__train_and_val_swapped(groups: np.ndarray, n_folds: int) -> list:
    _gk_check(groups, n_folds)
    fold_of_sample = _gk_lightest_fold(groups, n_folds)
    return [(val, train) for train, val in _gk_from_fold_of_sample(fold_of_sample, n_folds)]


@mutant("more than the largest group's size")
def group_kfold__groups_dealt_in_label_order(groups: np.ndarray, n_folds: int) -> list:
    # Round robin over the sorted labels: ignores the group sizes.
    _gk_check(groups, n_folds)
    _, codes = np.unique(groups, return_inverse=True)
    return _gk_from_fold_of_sample(codes % n_folds, n_folds)


@mutant("is not sorted ascending")
def group_kfold__indices_in_group_order(groups: np.ndarray, n_folds: int) -> list:
    # Gathers each fold's samples group by group: right sets, wrong order.
    _gk_check(groups, n_folds)
    fold_of_sample = _gk_lightest_fold(groups, n_folds)
    by_group = np.argsort(groups, kind="stable")
    splits = []
    for k in range(n_folds):
        mine = fold_of_sample[by_group] == k
        splits.append((np.sort(by_group[~mine]), by_group[mine]))
    return splits


@mutant("should raise ValueError for n_folds=1")
def group_kfold__no_lower_bound(groups: np.ndarray, n_folds: int) -> list:
    if n_folds > len(np.unique(groups)):
        raise ValueError("more folds than groups")
    return _gk_from_fold_of_sample(_gk_lightest_fold(groups, n_folds), n_folds)


@mutant("should raise ValueError for n_folds=5 with only 4 distinct groups")
def group_kfold__no_upper_bound(groups: np.ndarray, n_folds: int) -> list:
    if n_folds < 2:
        raise ValueError("n_folds must be >= 2")
    return _gk_from_fold_of_sample(_gk_lightest_fold(groups, n_folds), n_folds)


@mutant("should be a tuple")
def group_kfold__pairs_as_lists(groups: np.ndarray, n_folds: int) -> list:
    _gk_check(groups, n_folds)
    fold_of_sample = _gk_lightest_fold(groups, n_folds)
    return [[train, val] for train, val in _gk_from_fold_of_sample(fold_of_sample, n_folds)]


@mutant("should be a list of length")
def group_kfold__one_fold_per_group(groups: np.ndarray, n_folds: int) -> list:
    # Leave-one-group-out whatever n_folds says.
    _gk_check(groups, n_folds)
    _, codes = np.unique(groups, return_inverse=True)
    return _gk_from_fold_of_sample(codes, int(codes.max()) + 1)


# --- out_of_fold_target_encoding ---


def _oof_checked(categories, y, n_folds, smoothing, *, skip=""):
    """A correct encoder that leaves out the ValueError rule named by ``skip``."""
    n = len(y)
    if skip != "smoothing" and smoothing < 0:
        raise ValueError("smoothing must be >= 0")
    if skip != "low" and n_folds < 2:
        raise ValueError("n_folds must be >= 2")
    if skip != "high" and n_folds > n:
        raise ValueError("n_folds must be <= n")
    sizes = np.full(n_folds, n // n_folds)
    sizes[: n % n_folds] += 1
    fold = np.repeat(np.arange(n_folds), sizes)
    out = np.empty(n)
    for k in range(n_folds):
        other = fold != k
        prior = y[other].mean()
        for i in np.flatnonzero(fold == k):
            same = other & (categories == categories[i])
            count = same.sum()
            out[i] = prior if count == 0 else (
                (y[same].sum() + smoothing * prior) / (count + smoothing))
    return out


@mutant("should raise ValueError for smoothing=-0.5")
def out_of_fold_target_encoding__no_smoothing_check(categories: np.ndarray, y: np.ndarray,
                                                    n_folds: int = 5,
                                                    smoothing: float = 0.0) -> np.ndarray:
    return _oof_checked(categories, y, n_folds, smoothing, skip="smoothing")


@mutant("should raise ValueError for smoothing=-1e-12")
def out_of_fold_target_encoding__smoothing_check_with_slack(
        categories: np.ndarray, y: np.ndarray, n_folds: int = 5,
        smoothing: float = 0.0) -> np.ndarray:
    if smoothing < -1e-9:  # "allow for rounding": -1e-12 is still negative
        raise ValueError("smoothing must be >= 0")
    return _oof_checked(categories, y, n_folds, max(smoothing, 0.0), skip="smoothing")


@mutant("should raise ValueError for n_folds=1")
def out_of_fold_target_encoding__no_lower_fold_check(categories: np.ndarray, y: np.ndarray,
                                                     n_folds: int = 5,
                                                     smoothing: float = 0.0) -> np.ndarray:
    return _oof_checked(categories, y, n_folds, smoothing, skip="low")


@mutant("should raise ValueError for n_folds=11 with 10 rows")
def out_of_fold_target_encoding__no_upper_fold_check(categories: np.ndarray, y: np.ndarray,
                                                     n_folds: int = 5,
                                                     smoothing: float = 0.0) -> np.ndarray:
    return _oof_checked(categories, y, n_folds, smoothing, skip="high")


@mutant("own target reached its encoding")
def out_of_fold_target_encoding__own_row_added_back(categories: np.ndarray, y: np.ndarray,
                                                    n_folds: int = 5,
                                                    smoothing: float = 0.0) -> np.ndarray:
    # "Too few rows in rare categories, so count the row itself too": a leak.
    clean = _oof_checked(categories, y, n_folds, 0.0)
    n = len(y)
    sizes = np.full(n_folds, n // n_folds)
    sizes[: n % n_folds] += 1
    fold = np.repeat(np.arange(n_folds), sizes)
    out = np.empty(n)
    for i in range(n):
        same = (fold != fold[i]) & (categories == categories[i])
        count = same.sum()
        out[i] = (y[same].sum() + y[i]) / (count + 1) if smoothing == 0 else clean[i]
    if smoothing < 0:
        raise ValueError("smoothing must be >= 0")
    return out


@mutant("changed its input `y` in place")
def out_of_fold_target_encoding__centres_y_in_place(categories: np.ndarray, y: np.ndarray,
                                                    n_folds: int = 5,
                                                    smoothing: float = 0.0) -> np.ndarray:
    if smoothing < 0 or not 2 <= n_folds <= len(y):
        raise ValueError("invalid arguments")
    shift = y.mean()
    y -= shift  # "for numerical stability"; the caller's y is now centred
    return _oof_checked(categories, y, n_folds, smoothing) + shift


@mutant("raised ValueError")
def out_of_fold_target_encoding__bincount_on_raw_labels(categories: np.ndarray, y: np.ndarray,
                                                        n_folds: int = 5,
                                                        smoothing: float = 0.0) -> np.ndarray:
    # Assumes labels 0 .. K - 1: np.bincount refuses the negative label -3.
    n = len(y)
    if smoothing < 0 or not 2 <= n_folds <= n:
        raise ValueError("invalid arguments")
    sizes = np.full(n_folds, n // n_folds)
    sizes[: n % n_folds] += 1
    fold = np.repeat(np.arange(n_folds), sizes)
    total_sum = np.bincount(categories, weights=y)
    total_count = np.bincount(categories)
    out = np.empty(n)
    for k in range(n_folds):
        rows = fold == k
        own_sum = np.bincount(categories[rows], weights=y[rows], minlength=len(total_sum))
        own_count = np.bincount(categories[rows], minlength=len(total_sum))
        prior = y[~rows].mean()
        s, c = (total_sum - own_sum)[categories[rows]], (total_count - own_count)[
            categories[rows]]
        with np.errstate(invalid="ignore"):
            out[rows] = np.where(c > 0, (s + smoothing * prior) / (c + smoothing), prior)
    return out


@mutant("should be an ndarray")
def out_of_fold_target_encoding__returns_list(categories: np.ndarray, y: np.ndarray,
                                              n_folds: int = 5,
                                              smoothing: float = 0.0) -> np.ndarray:
    return _oof_checked(categories, y, n_folds, smoothing).tolist()


# --- find_duplicate_rows ---


@mutant("some -0.0 and NaN: raised")
def find_duplicate_rows__all_pairs(X_train: np.ndarray, X_test: np.ndarray) -> np.ndarray:
    # Right on small inputs (== already makes -0.0 equal 0.0 and NaN unequal), but an
    # (n_test, n_train, d) boolean array is 640 GB at 200,000 rows a side.
    if X_train.shape[1] != X_test.shape[1]:
        raise ValueError("column counts differ")
    equal = (X_test[:, None, :] == X_train[None, :, :]).all(axis=2)
    return np.flatnonzero(equal.any(axis=1))


@mutant("-0.0 and 0.0 were treated as different")
def find_duplicate_rows__raw_bytes(X_train: np.ndarray, X_test: np.ndarray) -> np.ndarray:
    if X_train.shape[1] != X_test.shape[1]:
        raise ValueError("column counts differ")
    row = np.dtype((np.void, 8 * X_train.shape[1]))
    train = np.ascontiguousarray(X_train).view(row).ravel()  # -0.0 keeps its sign bit
    test = np.ascontiguousarray(X_test).view(row).ravel()
    return np.flatnonzero(np.isin(test, train) & ~np.isnan(X_test).any(axis=1))


@mutant("should raise ValueError for X_test with one column more")
def find_duplicate_rows__no_column_check(X_train: np.ndarray,
                                         X_test: np.ndarray) -> np.ndarray:
    # Rows of different lengths simply never match: no error, an empty answer.
    seen = set(map(tuple, X_train.tolist()))
    nan = np.isnan(X_test).any(axis=1)
    return np.array([i for i, row in enumerate(map(tuple, X_test.tolist()))
                     if row in seen and not nan[i]], dtype=np.int64)


@mutant("has shape")
def find_duplicate_rows__boolean_mask(X_train: np.ndarray, X_test: np.ndarray) -> np.ndarray:
    if X_train.shape[1] != X_test.shape[1]:
        raise ValueError("column counts differ")
    seen = set(map(tuple, (X_train + 0.0).tolist()))
    return np.array([tuple(row) in seen for row in (X_test + 0.0).tolist()])  # not indices

# --- near_duplicate_pairs ---


@mutant("whole 5000 x 5000 similarity matrix")
def near_duplicate_pairs__whole_matrix(A: np.ndarray, B: np.ndarray,
                                       threshold: float = 0.95) -> np.ndarray:
    # Right answers, but 200 MB of cosines at once at 5000 x 5000.
    a, b = np.linalg.norm(A, axis=1), np.linalg.norm(B, axis=1)
    cosines = (A @ B.T) / np.outer(np.where(a > 0, a, np.nan), np.where(b > 0, b, np.nan))
    return np.argwhere(cosines >= threshold)


@mutant("changed its input `A` in place")
def near_duplicate_pairs__normalises_in_place(A: np.ndarray, B: np.ndarray,
                                              threshold: float = 0.95) -> np.ndarray:
    A /= np.linalg.norm(A, axis=1, keepdims=True)  # the caller's A, and 0/0 for zero rows
    B = B / np.linalg.norm(B, axis=1, keepdims=True)
    pairs = [(i, j) for i in range(len(A)) for j in np.flatnonzero(B @ A[i] >= threshold)]
    return np.array(pairs, dtype=np.int64).reshape(-1, 2)


@mutant("has shape (0,)")
def near_duplicate_pairs__flat_when_empty(A: np.ndarray, B: np.ndarray,
                                          threshold: float = 0.95) -> np.ndarray:
    a, b = np.linalg.norm(A, axis=1), np.linalg.norm(B, axis=1)
    pairs = []
    for i in np.flatnonzero(a > 0):
        cosines = (B @ A[i]) / np.where(b > 0, b * a[i], np.inf)
        pairs += [(i, j) for j in np.flatnonzero((cosines >= threshold) & (b > 0))]
    return np.array(pairs, dtype=np.int64)  # np.array([]) has shape (0,), not (0, 2)

@mutant("float32 rounds at about 1e-7")
def near_duplicate_pairs__float32_to_save_memory(A: np.ndarray, B: np.ndarray,
                                                 threshold: float = 0.95) -> np.ndarray:
    # Half the memory per block, but cosines only good to ~1e-7.
    A32, B32 = A.astype(np.float32), B.astype(np.float32)
    a, b = np.linalg.norm(A32, axis=1), np.linalg.norm(B32, axis=1)
    unit_b = B32 / np.where(b > 0, b, 1.0)[:, None]
    pairs = []
    for start in range(0, len(A32), 256):
        block = A32[start:start + 256] / np.where(a[start:start + 256] > 0,
                                                  a[start:start + 256], 1.0)[:, None]
        hit = (block @ unit_b.T >= threshold) & (a[start:start + 256, None] > 0) & (b > 0)
        i, j = np.nonzero(hit)
        pairs.append(np.column_stack([i + start, j]))
    return np.concatenate(pairs).astype(np.int64).reshape(-1, 2)


# --- point_in_time_join ---


def _pit_searchsorted_per_key(event_keys, event_times, feature_keys, feature_times,
                              feature_values, allow_exact_matches, keep):
    """A correct per-key join over the rows selected by ``keep``."""
    joined = np.full(len(event_keys), np.nan)
    side = "right" if allow_exact_matches else "left"
    for key in np.unique(event_keys):
        rows = np.flatnonzero(keep & (feature_keys == key))
        rows = rows[np.argsort(feature_times[rows], kind="stable")]
        events = np.flatnonzero(event_keys == key)
        at = np.searchsorted(feature_times[rows], event_times[events], side=side) - 1
        joined[events[at >= 0]] = feature_values[rows[at[at >= 0]]]
    return joined


@mutant("1,000 keys: raised")
def point_in_time_join__all_pairs(event_keys: np.ndarray, event_times: np.ndarray,
                                  feature_keys: np.ndarray, feature_times: np.ndarray,
                                  feature_values: np.ndarray,
                                  allow_exact_matches: bool = True) -> np.ndarray:
    # Every event against every row: right on small tables, an (n, m) float matrix
    # (80 GB) at 100,000 x 100,000.
    if feature_values.size == 0:
        return np.full(len(event_keys), np.nan)
    age = event_times[:, None] - feature_times[None, :]
    known = (age >= 0) if allow_exact_matches else (age > 0)
    known &= event_keys[:, None] == feature_keys[None, :]
    newest = np.where(known, feature_times[None, :], -np.inf)
    best = newest.max(axis=1)
    # the last row of the latest time: argmax on the reversed columns finds it
    last = known & (newest == best[:, None])
    j = feature_values.size - 1 - np.argmax(last[:, ::-1], axis=1)
    return np.where(known.any(axis=1), feature_values[j], np.nan)


@mutant("NaN time")
def point_in_time_join__nan_time_known_forever(event_keys: np.ndarray,
                                               event_times: np.ndarray,
                                               feature_keys: np.ndarray,
                                               feature_times: np.ndarray,
                                               feature_values: np.ndarray,
                                               allow_exact_matches: bool = True) -> np.ndarray:
    # "No time" read as "always known": a NaN-time row joins as the oldest row.
    times = np.where(np.isnan(feature_times), -np.inf, feature_times)
    return _pit_searchsorted_per_key(event_keys, event_times, feature_keys, times,
                                     feature_values, allow_exact_matches,
                                     np.ones(len(times), dtype=bool))


@mutant("changed its input `feature_values` in place")
def point_in_time_join__blanks_unknown_rows_in_place(event_keys: np.ndarray,
                                                     event_times: np.ndarray,
                                                     feature_keys: np.ndarray,
                                                     feature_times: np.ndarray,
                                                     feature_values: np.ndarray,
                                                     allow_exact_matches: bool = True,
                                                     ) -> np.ndarray:
    feature_values[np.isnan(feature_times)] = np.nan  # the caller's table is changed
    return _pit_searchsorted_per_key(event_keys, event_times, feature_keys, feature_times,
                                     feature_values, allow_exact_matches,
                                     ~np.isnan(feature_times))


@mutant("should be an ndarray")
def point_in_time_join__returns_a_list(event_keys: np.ndarray, event_times: np.ndarray,
                                       feature_keys: np.ndarray, feature_times: np.ndarray,
                                       feature_values: np.ndarray,
                                       allow_exact_matches: bool = True) -> np.ndarray:
    return _pit_searchsorted_per_key(event_keys, event_times, feature_keys, feature_times,
                                     feature_values, allow_exact_matches,
                                     ~np.isnan(feature_times)).tolist()

@mutant("not by shifting the time")
def point_in_time_join__strict_by_shifting_time(event_keys: np.ndarray,
                                                event_times: np.ndarray,
                                                feature_keys: np.ndarray,
                                                feature_times: np.ndarray,
                                                feature_values: np.ndarray,
                                                allow_exact_matches: bool = True) -> np.ndarray:
    # "< t" as "<= t - 1e-9": at t = 1.7e9, t - 1e-9 == t; at 1e-12 spacing it skips rows.
    times = event_times if allow_exact_matches else event_times - 1e-9
    return _pit_searchsorted_per_key(event_keys, times, feature_keys, feature_times,
                                     feature_values, True, ~np.isnan(feature_times))


@mutant("not folded into one float with the time")
def point_in_time_join__key_and_time_in_one_float(event_keys: np.ndarray,
                                                  event_times: np.ndarray,
                                                  feature_keys: np.ndarray,
                                                  feature_times: np.ndarray,
                                                  feature_values: np.ndarray,
                                                  allow_exact_matches: bool = True
                                                  ) -> np.ndarray:
    # One sort key, key * 1e6 + time: fine while times span less than 1e6, but a year of
    # Unix timestamps (3e7 s) lets one key's rows sort among another's.
    known = np.flatnonzero(~np.isnan(feature_times))
    if known.size == 0:
        return np.full(len(event_keys), np.nan)
    combined = feature_keys[known] * 1e6 + feature_times[known]
    order = np.argsort(combined, kind="stable")
    side = "right" if allow_exact_matches else "left"
    at = np.searchsorted(combined[order], event_keys * 1e6 + event_times, side=side) - 1
    rows = known[order[np.maximum(at, 0)]]
    return np.where((at >= 0) & (feature_keys[rows] == event_keys), feature_values[rows],
                    np.nan)


# --- flag_leaky_features ---


def _pairwise_scores(X, positive):
    pos, neg = X[positive], X[~positive]
    wins = (pos[:, None, :] > neg[None, :, :]).sum(axis=(0, 1))
    ties = (pos[:, None, :] == neg[None, :, :]).sum(axis=(0, 1))
    auc = (wins + 0.5 * ties) / (len(pos) * len(neg))
    return np.maximum(auc, 1 - auc)


@mutant("should raise ValueError for a label 2 in y")
def flag_leaky_features__no_binary_check(X: np.ndarray, y: np.ndarray,
                                         threshold: float = 0.95) -> np.ndarray:
    positive = y == 1  # a 2, a -1 or a 0.5 silently counts as a negative
    if positive.all() or not positive.any():
        raise ValueError("y needs both classes")
    return np.flatnonzero(_pairwise_scores(X, positive) >= threshold)


@mutant("should raise ValueError for only negatives")
def flag_leaky_features__no_class_check(X: np.ndarray, y: np.ndarray,
                                        threshold: float = 0.95) -> np.ndarray:
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("y must be 0 or 1")
    # one class: 0 / 0 pairs, so every score is NaN and nothing is flagged
    return np.flatnonzero(_pairwise_scores(X, y == 1) >= threshold)


@mutant("should raise ValueError for labels -1 and 1")
def flag_leaky_features__two_distinct_labels(X: np.ndarray, y: np.ndarray,
                                             threshold: float = 0.95) -> np.ndarray:
    labels = np.unique(y)
    if len(labels) != 2:  # -1 and 1 are two labels too, but not binary labels
        raise ValueError("y must have two classes")
    return np.flatnonzero(_pairwise_scores(X, y == labels[1]) >= threshold)


@mutant("has shape")
def flag_leaky_features__boolean_mask(X: np.ndarray, y: np.ndarray,
                                      threshold: float = 0.95) -> np.ndarray:
    if not np.all((y == 0) | (y == 1)) or len(np.unique(y)) < 2:
        raise ValueError("y must hold both labels 0 and 1")
    return _pairwise_scores(X, y == 1) >= threshold  # a mask, not indices


@mutant("changed its input `X` in place")
def flag_leaky_features__sorts_x_in_place(X: np.ndarray, y: np.ndarray,
                                          threshold: float = 0.95) -> np.ndarray:
    if not np.all((y == 0) | (y == 1)) or len(np.unique(y)) < 2:
        raise ValueError("y must hold both labels 0 and 1")
    order = np.argsort(X, axis=0, kind="stable")
    labels = (y == 1)[order]
    X.sort(axis=0)  # the caller's columns are now sorted
    flagged = []
    for j in range(X.shape[1]):
        values, first, counts = np.unique(X[:, j], return_index=True, return_counts=True)
        # mean rank of each run of ties, summed over the positives in it
        mean_rank = first + (counts + 1) / 2
        pos_per_run = np.add.reduceat(labels[:, j].astype(float), first)
        n1 = labels[:, j].sum()
        auc = (np.sum(mean_rank * pos_per_run) - n1 * (n1 + 1) / 2) / (n1 * (len(y) - n1))
        if max(auc, 1 - auc) >= threshold:
            flagged.append(j)
    return np.array(flagged, dtype=np.int64)

@mutant("on labels as booleans False and True")
def flag_leaky_features__refuses_boolean_labels(X: np.ndarray, y: np.ndarray,
                                                threshold: float = 0.95) -> np.ndarray:
    # A dtype check meant to catch strings also refuses True/False, which are labels.
    if y.dtype.kind not in "iuf":
        raise ValueError(f"y must be numeric 0/1 labels, got dtype {y.dtype}")
    if not np.all((y == 0) | (y == 1)) or y.min() == y.max():
        raise ValueError("y must be binary labels with both classes")
    positive = y == 1
    scores = _pairwise_scores(X, positive)
    return np.flatnonzero(scores >= threshold)

