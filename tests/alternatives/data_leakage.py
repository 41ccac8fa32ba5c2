"""Correct data_leakage solutions written differently from the reference; all must pass."""

import heapq
import math

import numpy as np

# --- standardize_train_test ---


def standardize_train_test__column_loop_fsum(
        X_train: np.ndarray, X_test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n, d = X_train.shape
    train = np.empty((n, d))
    test = np.empty((X_test.shape[0], d))
    for j in range(d):
        column = X_train[:, j].tolist()
        if min(column) == max(column):
            center, scale = column[0], 1.0
        else:
            center = math.fsum(column) / n
            scale = math.sqrt(math.fsum((v - center) ** 2 for v in column) / n)
        train[:, j] = (X_train[:, j] - center) / scale
        test[:, j] = (X_test[:, j] - center) / scale
    return train, test


def standardize_train_test__ptp_and_where(
        X_train: np.ndarray, X_test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean = X_train.mean(axis=0)
    constant = np.ptp(X_train, axis=0) == 0
    centred_train = np.where(constant, 0.0, X_train - mean)
    var = np.mean(centred_train**2, axis=0)
    scale = np.where(constant, 1.0, np.sqrt(var))
    # A constant column's test values are x - value; mean may be 1e-17 off, within tol.
    return centred_train / scale, (X_test - np.where(constant, X_train[0], mean)) / scale


# --- time_series_splits ---


def time_series_splits__list_loop(n_samples: int, n_splits: int = 5, gap: int = 0,
                                  test_size: int | None = None) -> list:
    if n_splits < 2:
        raise ValueError(f"n_splits must be >= 2, got {n_splits}")
    if gap < 0:
        raise ValueError(f"gap must be >= 0, got {gap}")
    size = test_size if test_size is not None else n_samples // (n_splits + 1)
    if size < 1:
        raise ValueError(f"test_size must be >= 1, got {size}")
    splits = []
    for k in range(n_splits):  # test blocks counted back from the end
        start = n_samples - (n_splits - k) * size
        train = [i for i in range(n_samples) if i < start - gap]
        if not train:
            raise ValueError("a training set would be empty")
        splits.append((np.array(train, dtype=np.int64),
                       np.array(range(start, start + size), dtype=np.int64)))
    return splits


def time_series_splits__array_split_of_the_tail(n_samples: int, n_splits: int = 5,
                                                gap: int = 0,
                                                test_size: int | None = None) -> list:
    size = n_samples // (n_splits + 1) if test_size is None else test_size
    if n_splits < 2 or gap < 0 or size < 1 or n_samples - n_splits * size - gap < 1:
        raise ValueError("invalid time series split")
    tail = np.arange(n_samples - n_splits * size, n_samples, dtype=np.int32)
    return [(np.arange(block[0] - gap, dtype=np.int32), block)
            for block in np.split(tail, n_splits)]


# --- group_kfold ---


def group_kfold__first_seen_order_to_lightest(groups: np.ndarray, n_folds: int) -> list:
    # Groups in order of first appearance (not largest first), each to the lightest fold,
    # the HIGHEST-numbered on a tie: another assignment than the reference's, and still
    # within the largest group's size (each step adds at most one group to the minimum).
    labels = list(dict.fromkeys(groups.tolist()))
    if n_folds < 2 or n_folds > len(labels):
        raise ValueError(f"n_folds must be in [2, {len(labels)}], got {n_folds}")
    size = dict.fromkeys(labels, 0)
    for g in groups.tolist():
        size[g] += 1
    load = [0] * n_folds
    fold_of = {}
    for g in labels:
        fold = max(range(n_folds), key=lambda k: (-load[k], k))
        fold_of[g] = fold
        load[fold] += size[g]
    splits = []
    for k in range(n_folds):
        val = [i for i, g in enumerate(groups.tolist()) if fold_of[g] == k]
        train = [i for i, g in enumerate(groups.tolist()) if fold_of[g] != k]
        splits.append((np.array(train, dtype=np.int64), np.array(val, dtype=np.int64)))
    return splits


def group_kfold__heap_largest_first(groups: np.ndarray, n_folds: int) -> list:
    labels, inverse, counts = np.unique(groups, return_inverse=True, return_counts=True)
    if n_folds < 2:
        raise ValueError(f"n_folds must be >= 2, got {n_folds}")
    if n_folds > len(labels):
        raise ValueError(f"n_folds must be <= {len(labels)} groups, got {n_folds}")
    heap = [(0, k) for k in range(n_folds)]
    fold_of_group = np.zeros(len(labels), dtype=np.int64)
    for g in sorted(range(len(labels)), key=lambda g: (-counts[g], -g)):
        load, k = heapq.heappop(heap)
        fold_of_group[g] = k
        heapq.heappush(heap, (load + int(counts[g]), k))
    fold = fold_of_group[inverse.ravel()]
    return [(np.nonzero(fold != k)[0], np.nonzero(fold == k)[0]) for k in range(n_folds)]


def group_kfold__smallest_groups_first(groups: np.ndarray, n_folds: int) -> list:
    # Smallest groups first, each to the lightest fold: the opposite order to
    # scikit-learn's, still balanced within the largest group (any order is).
    labels, inverse, counts = np.unique(groups, return_inverse=True, return_counts=True)
    if n_folds < 2 or n_folds > len(labels):
        raise ValueError(f"n_folds must be in [2, {len(labels)}], got {n_folds}")
    load = np.zeros(n_folds, dtype=np.int64)
    fold_of_group = np.empty(len(labels), dtype=np.int64)
    for g in np.argsort(counts, kind="stable"):
        fold_of_group[g] = np.argmin(load)
        load[fold_of_group[g]] += counts[g]
    fold = fold_of_group[inverse.ravel()]
    return [(np.flatnonzero(fold != k), np.flatnonzero(fold == k)) for k in range(n_folds)]


def group_kfold__round_robin_largest_first(groups: np.ndarray, n_folds: int) -> list:
    # Largest first, dealt round-robin (ignoring the loads): fold 0 exceeds the last fold
    # by a telescoping sum of size differences, at most the largest group.
    labels, inverse, counts = np.unique(groups, return_inverse=True, return_counts=True)
    if n_folds < 2 or n_folds > len(labels):
        raise ValueError(f"n_folds must be in [2, {len(labels)}], got {n_folds}")
    fold_of_group = np.empty(len(labels), dtype=np.int64)
    fold_of_group[np.argsort(-counts, kind="stable")] = np.arange(len(labels)) % n_folds
    fold = fold_of_group[inverse.ravel()]
    return [(np.flatnonzero(fold != k), np.flatnonzero(fold == k)) for k in range(n_folds)]


# --- out_of_fold_target_encoding ---


def out_of_fold_target_encoding__dict_loop(categories: np.ndarray, y: np.ndarray,
                                           n_folds: int = 5,
                                           smoothing: float = 0.0) -> np.ndarray:
    n = len(y)
    if smoothing < 0:
        raise ValueError(f"smoothing must be >= 0, got {smoothing}")
    if n_folds < 2 or n_folds > n:
        raise ValueError(f"n_folds must be in [2, {n}], got {n_folds}")
    bounds, start = [], 0
    for k in range(n_folds):
        stop = start + n // n_folds + (1 if k < n % n_folds else 0)
        bounds.append((start, stop))
        start = stop
    cats, ys = categories.tolist(), y.tolist()
    out = np.empty(n)
    for start, stop in bounds:
        sums, counts, others = {}, {}, []
        for i in [*range(start), *range(stop, n)]:
            sums[cats[i]] = sums.get(cats[i], 0.0) + ys[i]
            counts[cats[i]] = counts.get(cats[i], 0) + 1
            others.append(ys[i])
        prior = math.fsum(others) / len(others)
        for i in range(start, stop):
            c = counts.get(cats[i], 0)
            out[i] = prior if c == 0 else (sums[cats[i]] + smoothing * prior) / (c + smoothing)
    return out


def out_of_fold_target_encoding__per_fold_unique(categories: np.ndarray, y: np.ndarray,
                                                 n_folds: int = 5,
                                                 smoothing: float = 0.0) -> np.ndarray:
    # Statistics of the other folds gathered directly (no total-minus-own subtraction).
    n = len(y)
    if smoothing < 0 or n_folds < 2 or n_folds > n:
        raise ValueError("smoothing must be >= 0 and 2 <= n_folds <= n")
    out = np.empty(n)
    for rows in np.array_split(np.arange(n), n_folds):  # first n % k blocks are longer
        other = np.ones(n, dtype=bool)
        other[rows] = False
        prior = y[other].mean()
        labels, inverse = np.unique(categories[other], return_inverse=True)
        sums = np.bincount(inverse.ravel(), weights=y[other], minlength=len(labels))
        counts = np.bincount(inverse.ravel(), minlength=len(labels))
        pos = np.clip(np.searchsorted(labels, categories[rows]), 0, len(labels) - 1)
        seen = labels[pos] == categories[rows]
        enc = (sums[pos] + smoothing * prior) / np.maximum(counts[pos] + smoothing, 1e-300)
        out[rows] = np.where(seen, enc, prior)
    return out


# --- find_duplicate_rows ---


def find_duplicate_rows__python_set(X_train: np.ndarray, X_test: np.ndarray) -> np.ndarray:
    # Python floats hash -0.0 and 0.0 alike, and tuple equality sees them as equal.
    if X_train.shape[1] != X_test.shape[1]:
        raise ValueError("column counts differ")
    seen = set(map(tuple, X_train.tolist()))
    return np.array([i for i, row in enumerate(X_test.tolist())
                     if not any(math.isnan(v) for v in row) and tuple(row) in seen],
                    dtype=np.int64)


def find_duplicate_rows__lexsort_runs(X_train: np.ndarray, X_test: np.ndarray) -> np.ndarray:
    # Sort all rows together; a run of equal rows holding a training row marks its test
    # rows. NaN != NaN puts every row with a NaN in a run of its own.
    if X_train.shape[1] != X_test.shape[1]:
        raise ValueError("column counts differ")
    n = len(X_train)
    rows = np.concatenate([X_train, X_test])
    order = np.lexsort(rows.T[::-1])
    ordered = rows[order]
    starts = np.ones(len(rows), dtype=bool)
    starts[1:] = np.any(ordered[1:] != ordered[:-1], axis=1)
    run = np.cumsum(starts) - 1
    has_train = np.zeros(len(rows), dtype=bool)
    has_train[run[order < n]] = True
    return np.sort(order[(order >= n) & has_train[run]] - n)

# --- near_duplicate_pairs ---


def near_duplicate_pairs__row_by_row(A: np.ndarray, B: np.ndarray,
                                     threshold: float = 0.95) -> np.ndarray:
    # One row of A against all of B at a time: m cosines of memory.
    b_norms = np.linalg.norm(B, axis=1)
    pairs = [np.zeros((0, 2), dtype=np.int64)]
    for i, row in enumerate(A):
        a_norm = np.linalg.norm(row)
        if a_norm == 0:
            continue
        cosines = (B @ row) / np.where(b_norms > 0, b_norms * a_norm, np.inf)
        j = np.flatnonzero((cosines >= threshold) & (b_norms > 0))
        pairs.append(np.column_stack([np.full(len(j), i), j]))
    return np.concatenate(pairs)


def near_duplicate_pairs__column_blocks_then_sort(A: np.ndarray, B: np.ndarray,
                                                  threshold: float = 0.95) -> np.ndarray:
    # Blocks of B's rows instead, cosines as dot / (norm * norm), then one lexsort.
    a_norms, b_norms = np.linalg.norm(A, axis=1), np.linalg.norm(B, axis=1)
    rows, cols = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for start in range(0, len(B), 200):  # 5000 x 200 cosines (8 MB) at a time
        b = slice(start, start + 200)
        with np.errstate(divide="ignore", invalid="ignore"):
            cosines = (A @ B[b].T) / np.outer(a_norms, b_norms[b])
        i, j = np.nonzero(cosines >= threshold)  # NaN (a zero row) is never >=
        rows.append(i)
        cols.append(j + start)
    i, j = np.concatenate(rows), np.concatenate(cols)
    order = np.lexsort((j, i))
    return np.column_stack([i[order], j[order]]).astype(np.int64).reshape(-1, 2)

# --- point_in_time_join ---


def point_in_time_join__searchsorted_per_key(event_keys: np.ndarray,
                                             event_times: np.ndarray,
                                             feature_keys: np.ndarray,
                                             feature_times: np.ndarray,
                                             feature_values: np.ndarray,
                                             allow_exact_matches: bool = True) -> np.ndarray:
    # Group both tables by key with one sort each, then one binary search per key.
    joined = np.full(len(event_keys), np.nan)
    known = np.flatnonzero(~np.isnan(feature_times))
    rows = known[np.lexsort((feature_times[known], feature_keys[known]))]  # stable
    row_keys = feature_keys[rows]
    events = np.argsort(event_keys, kind="stable")
    side = "right" if allow_exact_matches else "left"
    for key in np.unique(event_keys):
        lo, hi = np.searchsorted(row_keys, key), np.searchsorted(row_keys, key, side="right")
        e_lo = np.searchsorted(event_keys[events], key)
        e_hi = np.searchsorted(event_keys[events], key, side="right")
        mine = events[e_lo:e_hi]
        at = np.searchsorted(feature_times[rows[lo:hi]], event_times[mine], side=side) - 1
        joined[mine[at >= 0]] = feature_values[rows[lo:hi][at[at >= 0]]]
    return joined


def point_in_time_join__one_sweep(event_keys: np.ndarray, event_times: np.ndarray,
                                  feature_keys: np.ndarray, feature_times: np.ndarray,
                                  feature_values: np.ndarray,
                                  allow_exact_matches: bool = True) -> np.ndarray:
    # Rows and events in one list sorted by (key, time); at equal (key, time) the stable
    # sort keeps whichever table came first, so put rows first exactly when they count.
    known = ~np.isnan(feature_times)
    n, m = len(event_keys), int(known.sum())
    parts = [(feature_keys[known], feature_times[known]), (event_keys, event_times)]
    if not allow_exact_matches:
        parts.reverse()
    keys = np.concatenate([parts[0][0], parts[1][0]])
    times = np.concatenate([parts[0][1], parts[1][1]]) + 0.0  # -0.0 sorts as 0.0
    is_row = np.arange(n + m) < m if allow_exact_matches else np.arange(n + m) >= n
    order = np.lexsort((times, keys))
    # the latest row position so far, carried forward over the sweep
    latest = np.maximum.accumulate(np.where(is_row[order], np.arange(n + m), -1))
    event_at = np.flatnonzero(~is_row[order])
    row_at = latest[event_at]
    same_key = (row_at >= 0) & (keys[order][np.maximum(row_at, 0)] == keys[order][event_at])
    event_index = order[event_at] - (m if allow_exact_matches else 0)
    row_index = order[np.maximum(row_at, 0)] - (0 if allow_exact_matches else n)
    values = feature_values[known]
    joined = np.full(n, np.nan)
    joined[event_index[same_key]] = values[row_index[same_key]]
    return joined

def point_in_time_join__ranked_composite_key(event_keys: np.ndarray,
                                             event_times: np.ndarray,
                                             feature_keys: np.ndarray,
                                             feature_times: np.ndarray,
                                             feature_values: np.ndarray,
                                             allow_exact_matches: bool = True) -> np.ndarray:
    # Keys and times replaced by their ranks (np.unique merges -0.0 and 0.0), folded
    # into one exact int64 per row: one stable sort, one binary search for all events.
    known = np.flatnonzero(~np.isnan(feature_times))
    m = known.size
    _, key_rank = np.unique(np.concatenate([feature_keys[known], event_keys]),
                            return_inverse=True)
    _, time_rank = np.unique(np.concatenate([feature_times[known], event_times]),
                             return_inverse=True)
    key_rank, time_rank = key_rank.ravel(), time_rank.ravel()
    width = int(time_rank.max(initial=0)) + 1
    code = key_rank.astype(np.int64) * width + time_rank
    order = np.argsort(code[:m], kind="stable")  # equal codes keep input order
    side = "right" if allow_exact_matches else "left"
    at = np.searchsorted(code[:m][order], code[m:], side=side) - 1
    joined = np.full(len(event_keys), np.nan)
    if m:
        row = order[np.maximum(at, 0)]
        hit = (at >= 0) & (key_rank[row] == key_rank[m:])
        joined[hit] = feature_values[known[row[hit]]]
    return joined


# --- flag_leaky_features ---


def _check_labels(y):
    values = set(np.asarray(y).tolist())
    if not values <= {0, 1}:
        raise ValueError(f"y must hold 0 and 1, got {sorted(values)}")
    if values != {0, 1}:
        raise ValueError("y must contain both classes")


def flag_leaky_features__all_pairs(X: np.ndarray, y: np.ndarray,
                                   threshold: float = 0.95) -> np.ndarray:
    # The definition: compare every positive with every negative, a tie worth 1/2.
    _check_labels(y)
    pos, neg = X[y == 1], X[y == 0]
    wins = (pos[:, None, :] > neg[None, :, :]).sum(axis=(0, 1))
    ties = (pos[:, None, :] == neg[None, :, :]).sum(axis=(0, 1))
    auc = (wins + 0.5 * ties) / (len(pos) * len(neg))
    return np.flatnonzero(np.maximum(auc, 1 - auc) >= threshold)


def flag_leaky_features__searchsorted_counts(X: np.ndarray, y: np.ndarray,
                                             threshold: float = 0.95) -> np.ndarray:
    # Per column: for each positive, how many negatives lie below it and how many equal.
    _check_labels(y)
    flagged = []
    for j in range(X.shape[1]):
        neg = np.sort(X[y == 0, j])
        pos = X[y == 1, j]
        below = np.searchsorted(neg, pos, side="left")
        equal = np.searchsorted(neg, pos, side="right") - below
        auc = (below.sum() + 0.5 * equal.sum()) / (len(pos) * len(neg))
        if max(auc, 1.0 - auc) >= threshold:
            flagged.append(j)
    return np.array(flagged, dtype=np.int64)


def flag_leaky_features__average_ranks_per_column(X: np.ndarray, y: np.ndarray,
                                                  threshold: float = 0.95) -> np.ndarray:
    # Mann-Whitney U from the positives' rank sum, tied values sharing their mean rank.
    _check_labels(y)
    positive = np.asarray(y) == 1
    n1, n0 = int(positive.sum()), int((~positive).sum())
    flagged = []
    for j in range(X.shape[1]):
        _, where, counts = np.unique(X[:, j], return_inverse=True, return_counts=True)
        mean_rank = np.cumsum(counts) - (counts - 1) / 2.0
        auc = (mean_rank[where.ravel()][positive].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)
        if max(auc, 1.0 - auc) >= threshold:
            flagged.append(j)
    return np.array(flagged, dtype=np.int64)

