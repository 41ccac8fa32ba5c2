"""Grader table for the data_leakage topic: one section per exercise (its cases, errors,
wrong variants and ``Exercise``), and the list of them, in study order, at the end."""

import numpy as np

from graders.spec import Case, Exercise, Invariance, MemoryLimit, Misconception, Property, Tol

# --- standardize_train_test -----------------------------------------------------------


def _std_cases(rng):
    yield Case("random train (30, 4) and test (10, 4)", {
        "X_train": rng.normal(2.0, 3.0, size=(30, 4)), "X_test": rng.normal(2.0, 3.0, (10, 4))})
    # The test set is shifted and wider than train: pooled or test-own statistics differ
    # from the training ones by O(1), far beyond tol.
    yield Case("a test set drawn from a shifted, wider distribution", {
        "X_train": rng.normal(0.0, 1.0, size=(25, 3)),
        "X_test": rng.normal(5.0, 4.0, size=(15, 3))})
    yield Case("columns on very different scales (1e-3 to 1e6)", {
        "X_train": rng.normal(size=(20, 3)) * np.array([1e-3, 1.0, 1e6]),
        "X_test": rng.normal(size=(6, 3)) * np.array([1e-3, 1.0, 1e6])})
    X_train = rng.normal(size=(6, 3))
    X_train[:, 1] = 0.1  # mean of six 0.1s is off by 1e-17, so the naive std is 1e-17
    X_train[:, 2] = 3.0  # exactly representable: the naive std is exactly 0
    yield Case("constant training columns: six 0.1s and six 3.0s", {
        "X_train": X_train, "X_test": rng.normal(size=(4, 3))})
    yield Case("a column with tiny but unequal values (std about 1e-14)", {
        "X_train": np.column_stack([rng.normal(size=12), 1e-14 * rng.normal(size=12)]),
        "X_test": np.column_stack([rng.normal(size=5), 1e-14 * rng.normal(size=5)])})
    yield Case("one training row (every column constant)", {
        "X_train": rng.normal(size=(1, 3)), "X_test": rng.normal(size=(4, 3))})
    yield Case("an empty test set, shape (0, 3)", {
        "X_train": rng.normal(size=(8, 3)), "X_test": np.zeros((0, 3))})
    # Two-pass statistics lose ~1e-8 absolute to the offset; mean(x^2) - mean(x)^2 loses
    # everything (x^2 ~ 1e16, variance ~ 1).
    offset = 1e8
    yield Case("a large offset: values 1e8 + N(0, 1)", {
        "X_train": offset + rng.normal(size=(40, 2)), "X_test": offset + rng.normal(size=(8, 2))},
        tol=Tol(rtol=1e-6, atol=1e-6),
        why="the variance lost all its digits to cancellation: mean(x**2) - mean(x)**2 "
            "subtracts two numbers near 1e16; use mean((x - mean)**2) (np.std does)")
    # Unequal values whose std is 1e-13 of their mean: a relative "is it constant?" test
    # (std <= 1e-12 * abs(mean)) wrongly leaves them unscaled, about 1e-4 instead of O(1).
    # The mean's own rounding (ulp(1e9) / 1e-4) moves correct outputs by up to ~1e-2.
    yield Case("a large offset, tiny spread: 1e9 + N(0, 1e-4) (unequal, so not constant)", {
        "X_train": 1e9 + rng.normal(0.0, 1e-4, size=(40, 2)),
        "X_test": 1e9 + rng.normal(0.0, 1e-4, size=(8, 2))},
        tol=Tol(rtol=0.0, atol=5e-2),
        why="a column is constant only when its training values are all equal; a std that "
            "is small next to the mean (1e-13 of it here) is still a spread to divide by")


def _std_stats(rows):  # the reference's statistics, for the wrong variants below
    constant = np.all(rows == rows[:1], axis=0)
    return (np.where(constant, rows[0], rows.mean(axis=0)),
            np.where(constant, 1.0, rows.std(axis=0)))


def _std_pooled(X_train, X_test):  # every case with a non-empty test set
    center, scale = _std_stats(np.vstack([X_train, X_test]))
    return (X_train - center) / scale, (X_test - center) / scale


def _std_test_own_stats(X_train, X_test):  # test_scaled wrong wherever m >= 2
    c_tr, s_tr = _std_stats(X_train)
    if len(X_test) == 0:
        return (X_train - c_tr) / s_tr, X_test.copy()
    c_te, s_te = _std_stats(X_test)
    return (X_train - c_tr) / s_tr, (X_test - c_te) / s_te


def _std_ddof1(X_train, X_test):  # every case with n >= 2 and a non-constant column
    n = len(X_train)
    center, scale = _std_stats(X_train)
    constant = np.all(X_train == X_train[:1], axis=0)
    if n > 1:
        scale = np.where(constant, 1.0, scale * np.sqrt(n / (n - 1)))
    return (X_train - center) / scale, (X_test - center) / scale


def _std_no_guard(X_train, X_test):  # nan/inf or +-1 on the constant columns
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    return (X_train - mean) / std, (X_test - mean) / std


def _std_guard_exact_zero(X_train, X_test):  # the six 0.1s map to +-1, not 0
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    std = np.where(std == 0, 1.0, std)
    return (X_train - mean) / std, (X_test - mean) / std


def _std_guard_threshold(X_train, X_test):  # the tiny-but-unequal column is not scaled
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    small = std < 1e-8
    mean = np.where(small, X_train[0], mean)
    std = np.where(small, 1.0, std)
    return (X_train - mean) / std, (X_test - mean) / std


def _std_moved_test(args, rng):
    """X_test scaled by 1e6 and shifted by 1e9: any use of it moves train_scaled far."""
    X_test = args["X_test"]
    if X_test.size == 0:
        return {**args, "X_test": rng.normal(1e9, 1e6, size=(5, X_test.shape[1]))}
    return {**args, "X_test": X_test * 1e6 + 1e9 + rng.normal(size=X_test.shape)}


def _std_moved_other_test_rows(args, rng):
    """Every test row but the first replaced: row 0's scaling must not move."""
    X_test = args["X_test"]
    if len(X_test) < 2:
        return None
    moved = X_test.copy()
    moved[1:] = rng.normal(1e9, 1e6, size=moved[1:].shape)
    return {**args, "X_test": moved}


STANDARDIZE_TRAIN_TEST = Exercise(
    name="standardize_train_test",
    points=1,
    difficulty="easy",
    hints=(
        "Which rows may the statistics come from? At prediction time, the test set is not "
        "there yet.",
        "Compute each column's mean and std (ddof 0) from X_train only, then apply the "
        "same (x - mean) / std to both sets.",
        "A column whose training values are all equal: test for that by comparing the "
        "values (np.all(X_train == X_train[0], axis=0)), not by looking at the computed "
        "std; use scale 1 and centre it on that value so it maps to exactly 0.",
    ),
    cases=_std_cases,
    # O(1) outputs from a mean and a std: any summation order agrees to ~1e-14. Every
    # misconception moves some entry by O(1) (or gives nan).
    tol=Tol(rtol=1e-9, atol=1e-10),
    returns=("train_scaled", "test_scaled"),
    misconceptions=(
        Misconception("looks like the statistics came from train and test together: fit "
                      "the mean and std on X_train only (the test set must not leak in)",
                      _std_pooled),
        Misconception("looks like the test set was scaled with its own statistics: use "
                      "X_train's mean and std for both sets", _std_test_own_stats),
        Misconception("looks like the sample std (ddof=1) was used; this scaler divides by "
                      "n (ddof 0, np.std's default)", _std_ddof1),
        Misconception("looks like a constant column was divided by its computed std (0, "
                      "or 1e-17 from rounding): a column whose training values are all "
                      "equal uses scale 1 and maps to exactly 0", _std_no_guard),
        Misconception("looks like only std == 0 was treated as constant: six 0.1s have a "
                      "computed std of 1e-17; test whether the values are all equal",
                      _std_guard_exact_zero),
        Misconception("looks like a small std was treated as constant: only a column whose "
                      "training values are all equal uses scale 1; tiny spreads are divided "
                      "by", _std_guard_threshold),
    ),
    invariances=(
        Invariance("the test set's statistics reached the training output: changing "
                   "X_test alone changed train_scaled; fit the statistics on X_train only",
                   _std_moved_test, lambda args, got: got[0]),
        Invariance("the test set's statistics reached the test output: changing the other "
                   "test rows changed how test row 0 was scaled; use X_train's statistics "
                   "for every test row", _std_moved_other_test_rows,
                   lambda args, got: got[1][0]),
    ),
)


# --- time_series_splits ---------------------------------------------------------------


def _ts_cases(rng):
    yield Case("n_samples=12, defaults (5 splits, test_size 2)", {"n_samples": 12})
    yield Case("n_samples=20, 3 splits: 20 // 4 = 5 divides evenly", {
        "n_samples": 20, "n_splits": 3})
    # 23 // 4 = 5: the 3 leftover samples join the first training set.
    yield Case("n_samples=23, 3 splits: 3 leftover samples (23 // 4 = 5)", {
        "n_samples": 23, "n_splits": 3})
    yield Case("n_samples=30, 4 splits, gap=2", {"n_samples": 30, "n_splits": 4, "gap": 2})
    yield Case("n_samples=30, 3 splits, test_size=4, gap=3", {
        "n_samples": 30, "n_splits": 3, "test_size": 4, "gap": 3})
    yield Case("the first training set has one sample: n=10, 3 splits, test_size=3", {
        "n_samples": 10, "n_splits": 3, "test_size": 3})
    yield Case("the first training set has one sample after the gap: n=11, 2 splits, "
               "test_size=4, gap=2", {"n_samples": 11, "n_splits": 2, "test_size": 4, "gap": 2})
    yield Case("n_samples = n_splits + 1 (test_size 1): n=5, 4 splits", {
        "n_samples": 5, "n_splits": 4})
    n = int(rng.integers(40, 80))
    splits, gap = int(rng.integers(2, 7)), int(rng.integers(0, 4))
    yield Case(f"n_samples={n}, {splits} splits, gap={gap}", {
        "n_samples": n, "n_splits": splits, "gap": gap})


def _ts_errors(rng):
    yield Case("n_splits=1", {"n_samples": 10, "n_splits": 1})
    yield Case("gap=-1", {"n_samples": 12, "n_splits": 3, "gap": -1})
    yield Case("test_size=0", {"n_samples": 12, "n_splits": 3, "test_size": 0})
    yield Case("test_size=-2", {"n_samples": 12, "n_splits": 3, "test_size": -2})
    # 4 // (5 + 1) = 0, while 4 - 5 * 0 - 0 = 4 samples would remain for training.
    yield Case("the default test_size is 0: n_samples=4 < n_splits + 1 = 6", {
        "n_samples": 4, "n_splits": 5})
    yield Case("an empty first training set: n=9, 3 splits, test_size=3", {
        "n_samples": 9, "n_splits": 3, "test_size": 3})
    yield Case("an empty first training set because of the gap: n=10, 3 splits, "
               "test_size=3, gap=1", {"n_samples": 10, "n_splits": 3, "test_size": 3, "gap": 1})


def _ts_blocks(n_samples, n_splits, gap, test_size, starts=None):
    size = n_samples // (n_splits + 1) if test_size is None else test_size
    if starts is None:
        starts = range(n_samples - n_splits * size, n_samples, size)
    idx = np.arange(n_samples, dtype=np.int64)
    return size, starts, idx


def _ts_ignores_gap(n_samples, n_splits=5, gap=0, test_size=None):  # the gap cases
    size, starts, idx = _ts_blocks(n_samples, n_splits, gap, test_size)
    return [(idx[:s].copy(), idx[s:s + size].copy()) for s in starts]


def _ts_gap_from_test(n_samples, n_splits=5, gap=0, test_size=None):  # the gap cases
    # The buffer taken off the start of the test block instead of the end of train.
    size, starts, idx = _ts_blocks(n_samples, n_splits, gap, test_size)
    return [(idx[:s].copy(), idx[s + gap:s + size].copy()) for s in starts]


def _ts_leftover_at_end(n_samples, n_splits=5, gap=0, test_size=None):  # n=23 and others
    # Blocks counted from the front (train on the first test_size samples, then block 1,
    # block 2, ...): leftover samples end up after the last block, never tested.
    size = n_samples // (n_splits + 1) if test_size is None else test_size
    idx = np.arange(n_samples, dtype=np.int64)
    starts = range(size, size * (n_splits + 1), size)
    return [(idx[:max(s - gap, 0)].copy(), idx[s:s + size].copy()) for s in starts]


def _ts_default_over_n_splits(n_samples, n_splits=5, gap=0, test_size=None):
    size = n_samples // n_splits if test_size is None else test_size
    idx = np.arange(n_samples, dtype=np.int64)
    starts = range(n_samples - n_splits * size, n_samples, size)
    return [(idx[:max(s - gap, 0)].copy(), idx[s:s + size].copy()) for s in starts]


def _ts_kfold_train(n_samples, n_splits=5, gap=0, test_size=None):  # every case
    # Ordinary k-fold thinking: train on everything outside the test block.
    size, starts, idx = _ts_blocks(n_samples, n_splits, gap, test_size)
    return [(np.concatenate([idx[:max(s - gap, 0)], idx[s + size:]]), idx[s:s + size].copy())
            for s in starts]


def _ts_sliding_window(n_samples, n_splits=5, gap=0, test_size=None):  # split 2 onwards
    # Trains on one block-sized window before the gap, instead of all of the past.
    size, starts, idx = _ts_blocks(n_samples, n_splits, gap, test_size)
    return [(idx[max(s - gap - size, 0):max(s - gap, 0)].copy(), idx[s:s + size].copy())
            for s in starts]


def _ts_future_in_training(args, got):
    gap = args.get("gap", 0)
    for k, (train, test) in enumerate(got):
        if len(train) and len(test) and train.max() > test.min() - gap - 1:
            return (f"the future reached training: in split {k}, train index "
                    f"{int(train.max())} is not before test start {int(test.min())} minus "
                    f"the gap {gap}; train only on indices < test_start - gap")
    return None


TIME_SERIES_SPLITS = Exercise(
    name="time_series_splits",
    points=2,
    difficulty="medium",
    hints=(
        "Work out the test blocks first: how long each is, and where the first one "
        "starts if the last n_splits * test_size samples are the test blocks.",
        "test_start_k = n_samples - (n_splits - k) * test_size for k = 0 .. n_splits - 1; "
        "test = arange(test_start_k, test_start_k + test_size), train = arange(test_start_k "
        "- gap). The leftover samples belong to the first training set.",
        "Check, in this order: n_splits >= 2, gap >= 0, test_size (after the default) >= 1, "
        "and a non-empty first training set: n_samples - n_splits * test_size - gap >= 1.",
    ),
    cases=_ts_cases,
    errors=_ts_errors,
    tol=Tol(rtol=0.0, atol=0.0),  # indices are exact
    misconceptions=(
        Misconception("looks like the gap was ignored: train stops gap samples before the "
                      "test block (indices < test_start - gap)", _ts_ignores_gap),
        Misconception("looks like the gap was cut from the start of the test block; it is "
                      "cut from the end of training: train = indices < test_start - gap, "
                      "test keeps all test_size samples", _ts_gap_from_test),
        Misconception("looks like the test blocks were counted from the front, leaving the "
                      "leftover samples after the last block; the LAST n_splits * test_size "
                      "samples are the test blocks", _ts_leftover_at_end),
        Misconception("looks like test_size defaulted to n_samples // n_splits; the default "
                      "is n_samples // (n_splits + 1), so the first block can train",
                      _ts_default_over_n_splits),
        Misconception("looks like training used every sample outside the test block (k-fold "
                      "style), future ones included; in a time series train only on the past",
                      _ts_kfold_train),
        Misconception("looks like a sliding window of test_size samples was used for "
                      "training; train on every index before test_start - gap (an expanding "
                      "window)", _ts_sliding_window),
    ),
    properties=(Property("the future never reaches training", _ts_future_in_training),),
)


# --- group_kfold ----------------------------------------------------------------------


def _interleaved(rng, sizes, labels=None):
    """Group labels with the given group sizes, in shuffled sample order."""
    labels = np.arange(len(sizes)) if labels is None else np.asarray(labels)
    return rng.permutation(np.repeat(labels, sizes))


def _gk_cases(rng):
    groups = _interleaved(rng, rng.integers(1, 9, size=8))
    yield Case(f"{len(groups)} samples in 8 groups of random size, 3 folds", {
        "groups": groups, "n_folds": 3})
    yield Case("labels not contiguous: -5, 7, 100, 3, 42, in shuffled order, 2 folds", {
        "groups": _interleaved(rng, [3, 4, 2, 5, 1], [-5, 7, 100, 3, 42]), "n_folds": 2})
    # Groups stored in runs: contiguous k-fold on samples cuts through the runs.
    yield Case("groups stored in runs [0, 0, 0, 1, 1, 2, 2, 2, 2, 3, ...], 4 folds", {
        "groups": np.repeat(np.arange(6), [3, 2, 4, 3, 2, 3]), "n_folds": 4})
    yield Case("every group a single sample (ordinary k-fold), 10 samples, 3 folds", {
        "groups": rng.permutation(10), "n_folds": 3})
    yield Case("n_folds equal to the number of groups (leave one group out), 5 groups", {
        "groups": _interleaved(rng, [2, 3, 1, 4, 2]), "n_folds": 5})
    # Dealt in label order, groups 0, 2 (size 5) land together: 10 against 2.
    yield Case("sizes 5, 1, 5, 1 for labels 0, 1, 2, 3, 2 folds", {
        "groups": np.repeat(np.arange(4), [5, 1, 5, 1]), "n_folds": 2})
    yield Case("one group of 10 and five of 1, 2 folds", {
        "groups": _interleaved(rng, [10, 1, 1, 1, 1, 1]), "n_folds": 2})
    groups = _interleaved(rng, rng.integers(1, 9, size=15),
                          rng.choice(1000, size=15, replace=False))
    yield Case(f"{len(groups)} samples in 15 groups of size 1 to 8, labels up to 999, "
               "5 folds", {"groups": groups, "n_folds": 5})


def _gk_errors(rng):
    groups = _interleaved(rng, [2, 3, 1, 2])
    yield Case("n_folds=1", {"groups": groups, "n_folds": 1})
    yield Case("n_folds=5 with only 4 distinct groups (in 8 samples)", {
        "groups": groups, "n_folds": 5})


def _gk_sorted_and_not_empty(args, got):
    for k, (train, val) in enumerate(got):
        for name, idx in (("train_idx", train), ("val_idx", val)):
            if np.any(np.diff(idx) <= 0):
                return (f"{name} of fold {k} is not sorted ascending (or repeats an index): "
                        "return np.sort(...) of the indices")
        if len(val) == 0:
            return f"fold {k} validates no sample: every fold needs at least one group"
    return None


def _gk_partition(args, got):
    n = len(args["groups"])
    all_idx = np.arange(n)
    for k, (train, val) in enumerate(got):
        both = np.sort(np.concatenate([train, val]))
        if len(both) != n or np.any(both != all_idx):
            return (f"in fold {k}, train_idx and val_idx together should hold every index "
                    f"0 .. {n - 1} exactly once: train_idx is everything not in val_idx")
    counts = np.bincount(np.concatenate([val for _, val in got]).astype(np.int64),
                         minlength=n)
    if np.any(counts != 1):
        i = int(np.argmax(counts != 1))
        return (f"sample {i} is validated {int(counts[i])} times across the folds; each "
                "sample must be in exactly one fold's val_idx")
    return None


def _gk_groups_apart(args, got):
    groups = args["groups"]
    for k, (train, val) in enumerate(got):
        shared = np.intersect1d(groups[train], groups[val])
        if len(shared):
            g = shared[0]
            a = int(train[groups[train] == g][0])
            b = int(val[groups[val] == g][0])
            return (f"group {g} is on both sides of fold {k}: sample {a} trains and sample "
                    f"{b} validates; assign whole groups to folds, never single samples")
    return None


def _gk_balanced(args, got):
    largest = int(np.max(np.unique(args["groups"], return_counts=True)[1]))
    sizes = [len(val) for _, val in got]
    if max(sizes) - min(sizes) > largest:
        return (f"fold sizes {sizes} differ by {max(sizes) - min(sizes)}, more than the "
                f"largest group's size {largest}: give each group (largest first) to the "
                "fold that currently holds the fewest samples")
    return None


GROUP_KFOLD = Exercise(
    name="group_kfold",
    points=2,
    difficulty="medium",
    hints=(
        "Decide which fold each GROUP goes to; the samples follow their group. Then fold "
        "k validates the samples of its groups and trains on all the others.",
        "np.unique(groups, return_inverse=True, return_counts=True) gives each sample's "
        "group number and each group's size. Take the groups largest first and give each "
        "to the fold with the fewest samples so far (np.argmin of a running count).",
        "Raise for n_folds < 2 and for n_folds > number of distinct groups. Build each "
        "val_idx with np.flatnonzero(fold_of_sample == k): sorted for free.",
    ),
    cases=_gk_cases,
    errors=_gk_errors,
    tol=Tol(rtol=0.0, atol=0.0),  # indices; values are not compared (compare_values=False)
    # Many assignments are correct, so the properties decide, not scikit-learn's answer.
    compare_values=False,
    properties=(
        Property("sorted, non-empty folds", _gk_sorted_and_not_empty),
        Property("each sample validated exactly once", _gk_partition),
        Property("no group on both sides", _gk_groups_apart),
        Property("balanced fold sizes", _gk_balanced),
    ),
)


# --- out_of_fold_target_encoding -------------------------------------------------------


def _oof_fold_of_row(n, n_folds):
    """scikit-learn's unshuffled KFold: contiguous, the first n % n_folds one larger."""
    sizes = np.full(n_folds, n // n_folds)
    sizes[: n % n_folds] += 1
    return np.repeat(np.arange(n_folds), sizes)


def _oof_cases(rng):
    yield Case("50 rows, 6 categories, 0/1 targets, default 5 folds", {
        "categories": rng.integers(0, 6, size=50), "y": rng.integers(0, 2, size=50) * 1.0})
    yield Case("23 rows (not divisible by 4), 4 folds, real targets, smoothing 2.5", {
        "categories": rng.integers(0, 4, size=23), "y": rng.normal(5.0, 2.0, size=23),
        "n_folds": 4, "smoothing": 2.5})
    # Category 9 appears only in fold 0 (rows 0-3): unseen there, so those rows get prior_0.
    cats = rng.integers(0, 3, size=12)
    cats[[0, 2]] = 9
    y = rng.normal(size=12)
    yield Case("a category seen only in its own fold (gets the prior), smoothing 0", {
        "categories": cats, "y": y, "n_folds": 3})
    yield Case("a category seen only in its own fold, smoothing 4", {
        "categories": cats, "y": y, "n_folds": 3, "smoothing": 4.0})
    yield Case("n_folds = n = 7 (leave one out), smoothing 1", {
        "categories": rng.integers(0, 3, size=7), "y": rng.normal(size=7), "n_folds": 7,
        "smoothing": 1.0})
    yield Case("2 folds, labels -3, 10, 250", {
        "categories": rng.choice([-3, 10, 250], size=15), "y": rng.integers(0, 2, 15) * 1.0,
        "n_folds": 2})
    yield Case("a single category everywhere (each fold gets its prior)", {
        "categories": np.full(10, 4), "y": rng.normal(size=10), "n_folds": 3})
    # Many rare categories: the all-rows encoding hands each row its own label.
    yield Case("40 rows in 25 rare categories, 0/1 targets, smoothing 0.5", {
        "categories": rng.integers(0, 25, size=40), "y": rng.integers(0, 2, size=40) * 1.0,
        "smoothing": 0.5})
    yield Case("heavy smoothing (1e6): everything close to the fold's prior", {
        "categories": rng.integers(0, 5, size=30), "y": rng.normal(1.0, 3.0, size=30),
        "smoothing": 1e6})


def _oof_errors(rng):
    cats, y = rng.integers(0, 3, size=10), rng.normal(size=10)
    yield Case("smoothing=-0.5", {"categories": cats, "y": y, "smoothing": -0.5})
    yield Case("smoothing=-1e-12 (just below 0)", {"categories": cats, "y": y,
                                                   "smoothing": -1e-12})
    yield Case("n_folds=1", {"categories": cats, "y": y, "n_folds": 1})
    yield Case("n_folds=11 with 10 rows", {"categories": cats, "y": y, "n_folds": 11})


def _oof_encode(categories, y, fold, smoothing, prior_of_fold=None, unseen_nan=False):
    """Out-of-fold encoding for an arbitrary fold assignment (a loop over folds)."""
    out = np.empty(len(y))
    for k in np.unique(fold):
        other = fold != k
        prior = y[other].mean() if prior_of_fold is None else prior_of_fold
        for i in np.flatnonzero(~other):
            same = other & (categories == categories[i])
            count = same.sum()
            if count == 0 and not unseen_nan:
                out[i] = prior
            else:
                with np.errstate(invalid="ignore"):
                    out[i] = (y[same].sum() + smoothing * prior) / (count + smoothing)
    return out


def _oof_all_rows(categories, y, n_folds=5, smoothing=0.0):  # every case
    prior = y.mean()
    out = np.empty(len(y))
    for c in np.unique(categories):
        same = categories == c
        out[same] = (y[same].sum() + smoothing * prior) / (same.sum() + smoothing)
    return out


def _oof_global_prior(categories, y, n_folds=5, smoothing=0.0):  # smoothing > 0, unseen
    return _oof_encode(categories, y, _oof_fold_of_row(len(y), n_folds), smoothing,
                       prior_of_fold=y.mean())


def _oof_leave_one_out(categories, y, n_folds=5, smoothing=0.0):  # every case but n = k
    return _oof_encode(categories, y, np.arange(len(y)), smoothing)


def _oof_remainder_last(categories, y, n_folds=5, smoothing=0.0):  # the n = 23 case, ...
    n = len(y)
    fold = np.minimum(np.arange(n) // (n // n_folds), n_folds - 1)
    return _oof_encode(categories, y, fold, smoothing)


def _oof_round_robin(categories, y, n_folds=5, smoothing=0.0):  # every case but n = k
    return _oof_encode(categories, y, np.arange(len(y)) % n_folds, smoothing)


def _oof_unseen_nan(categories, y, n_folds=5, smoothing=0.0):  # the unseen, smoothing 0
    return _oof_encode(categories, y, _oof_fold_of_row(len(y), n_folds), smoothing,
                       unseen_nan=True)


def _oof_ignores_smoothing(categories, y, n_folds=5, smoothing=0.0):  # smoothing > 0
    return _oof_encode(categories, y, _oof_fold_of_row(len(y), n_folds), 0.0)


def _oof_moved_fold(which):
    """Perturb y on one fold's rows (the first or the last fold) by O(100)."""
    def perturb(args, rng):
        n, k = len(args["y"]), args.get("n_folds", 5)
        rows = _oof_fold_of_row(n, k) == (0 if which == "first" else k - 1)
        y = args["y"].astype(float)
        y[rows] += 100.0 * rng.normal(size=rows.sum())
        return {**args, "y": y}
    return perturb


def _oof_part(which):
    def part(args, got):
        n, k = len(args["y"]), args.get("n_folds", 5)
        return got[_oof_fold_of_row(n, k) == (0 if which == "first" else k - 1)]
    return part


_OOF_LEAK = ("a row's own target reached its encoding (target leakage): changing y on the "
             "rows of the {} fold changed those rows' encodings; encode fold k from the "
             "other folds' rows only, prior included")

OUT_OF_FOLD_TARGET_ENCODING = Exercise(
    name="out_of_fold_target_encoding",
    points=3,
    difficulty="hard",
    hints=(
        "A row's encoding must not depend on its own target, nor on any target in its "
        "fold. Which rows may the statistics for fold k come from?",
        "Build the fold of each row first (contiguous blocks, the first n % n_folds one "
        "row longer). For fold k, take the other folds' rows: their mean of y is prior_k, "
        "and per category their sum and count of y give the encoding.",
        "Vectorise with np.unique(categories, return_inverse=True) and np.bincount over "
        "(fold, category) cells: the other folds' sum is the total minus the fold's own. "
        "A count of 0 gives prior_k.",
    ),
    cases=_oof_cases,
    errors=_oof_errors,
    # Means of O(1)-O(10) targets: any summation order (or total minus own fold) agrees to
    # ~1e-14; every misconception moves some row by far more.
    tol=Tol(rtol=1e-9, atol=1e-10),
    misconceptions=(
        Misconception("looks like each category was encoded from all rows, its own target "
                      "included (target leakage): encode fold k from the other folds only",
                      _oof_all_rows),
        Misconception("looks like the prior is the mean of y over all rows, which includes "
                      "the fold's own targets: prior_k is the mean over the other folds",
                      _oof_global_prior),
        Misconception("looks like leave-one-out encoding (every other row, own fold "
                      "included); the rows of fold k are encoded from the other folds only",
                      _oof_leave_one_out),
        Misconception("looks like the leftover rows went to the last fold; as scikit-learn's "
                      "KFold, the first n % n_folds folds get one extra row",
                      _oof_remainder_last),
        Misconception("looks like rows were dealt to folds in turn (row i to fold i % "
                      "n_folds); the folds are contiguous blocks in row order",
                      _oof_round_robin),
        Misconception("looks like an unseen category gave 0/0 = nan: a category absent from "
                      "the other folds gets the prior prior_k", _oof_unseen_nan),
        Misconception("looks like smoothing was ignored: enc = (sum + smoothing * prior_k) / "
                      "(count + smoothing)", _oof_ignores_smoothing),
    ),
    invariances=(
        # Correct solutions move only by the rounding of a total that the perturbed targets
        # pass through (~1e-12); a leak moves encodings by O(100 / count).
        Invariance(_OOF_LEAK.format("first"), _oof_moved_fold("first"), _oof_part("first"),
                   tol=Tol(rtol=1e-9, atol=1e-9)),
        Invariance(_OOF_LEAK.format("last"), _oof_moved_fold("last"), _oof_part("last"),
                   tol=Tol(rtol=1e-9, atol=1e-9)),
    ),
)


# --- find_duplicate_rows --------------------------------------------------------------


def _dup_with_copies(rng, X_train, n_test, n_copies):
    """n_test random test rows of X_train's kind, n_copies of them copied from X_train."""
    X_test = rng.integers(0, 3, size=(n_test, X_train.shape[1])).astype(float)
    X_test += 0.5  # never equal to the integer-valued training rows
    at = rng.choice(n_test, size=n_copies, replace=False)
    X_test[at] = X_train[rng.integers(0, len(X_train), n_copies)]
    return X_test


def _dup_cases(rng):
    X_train = rng.integers(0, 3, size=(30, 4)).astype(float)
    X_test = rng.integers(0, 3, size=(40, 4)).astype(float)
    yield Case("random 0/1/2 rows (30, 4) and (40, 4): many shared rows",
               {"X_train": X_train, "X_test": X_test})
    X_train = rng.normal(size=(20, 5))
    yield Case("continuous rows (20, 5), 6 of the 15 test rows copied from train",
               {"X_train": X_train, "X_test": _dup_with_copies(rng, X_train, 15, 6)})
    yield Case("-0.0 in a test row where the training row has 0.0 (equal)", {
        "X_train": np.array([[0.0, 1.0, -2.0], [3.0, 0.0, 4.0]]),
        "X_test": np.array([[-0.0, 1.0, -2.0], [3.0, -0.0, 4.0], [0.0, 1.0, 2.0]])})
    yield Case("a row with NaN never matches, even a training row with NaN in the same place",
               {"X_train": np.array([[np.nan, 1.0], [2.0, 3.0], [4.0, np.nan]]),
                "X_test": np.array([[np.nan, 1.0], [2.0, 3.0], [4.0, np.nan],
                                    [np.nan, np.nan]])})
    yield Case("training rows repeated 3 times: each matching test row listed once", {
        "X_train": np.repeat(np.array([[1.0, 2.0], [3.0, 4.0]]), 3, axis=0),
        "X_test": np.array([[3.0, 4.0], [5.0, 6.0], [1.0, 2.0]])})
    yield Case("two equal test rows that both match a training row", {
        "X_train": np.array([[7.0, 8.0, 9.0], [1.0, 1.0, 1.0]]),
        "X_test": np.array([[7.0, 8.0, 9.0], [0.0, 0.0, 0.0], [7.0, 8.0, 9.0]])})
    one = np.array([[1.0, 2.0, 3.0]])
    yield Case("a test row one ulp away from a training row (not equal)", {
        "X_train": one, "X_test": np.vstack([np.nextafter(one, 5.0), one])})
    yield Case("each test value appears in X_train, but not as a whole row", {
        "X_train": np.array([[1.0, 2.0], [3.0, 4.0]]),
        "X_test": np.array([[1.0, 4.0], [3.0, 2.0], [3.0, 4.0], [2.0, 1.0]])})
    yield Case("entries 1e300, 1e-300, inf and -inf (inf equals inf)", {
        "X_train": np.array([[1e300, -1e-300], [np.inf, -np.inf]]),
        "X_test": np.array([[np.inf, -np.inf], [1e300, 1e-300], [1e300, -1e-300]])})
    yield Case("no duplicates (empty result)", {
        "X_train": rng.normal(size=(6, 3)), "X_test": rng.normal(size=(5, 3))})
    yield Case("an empty training set (0, 3)", {
        "X_train": np.zeros((0, 3)), "X_test": rng.normal(size=(4, 3))})
    X_train = rng.normal(size=(8, 2))
    yield Case("every test row is a training row, in another order",
               {"X_train": X_train, "X_test": X_train[rng.permutation(8)]})


def _dup_errors(rng):
    yield Case("X_test with one column more than X_train (3 and 4)", {
        "X_train": rng.normal(size=(5, 3)), "X_test": rng.normal(size=(5, 4))})
    yield Case("X_train with 2 columns, X_test with 1", {
        "X_train": rng.normal(size=(4, 2)), "X_test": rng.normal(size=(6, 1))})


def _dup_scale(rng):
    X_train = rng.integers(0, 3, size=(200_000, 16)).astype(float)
    X_test = _dup_with_copies(rng, X_train, 200_000, 20_000)
    X_test[rng.integers(0, 200_000, 2_000), rng.integers(0, 16, 2_000)] = np.nan
    X_train[X_train == 0] = -0.0
    return Case("200,000 x 16 on each side, 20,000 copies, some -0.0 and NaN",
                {"X_train": X_train, "X_test": X_test})


def _dup_lookup(X_train, X_test, *, signed_zero=False, nan_matches=False):
    """Brute force over Python tuples, with one rule changed."""
    def key(row):  # repr: "-0.0" differs from "0.0", "nan" equals "nan"
        return tuple(repr(v) if signed_zero or (nan_matches and v != v) else v for v in row)

    seen = {key(row) for row in X_train.tolist()}
    return np.array([i for i, row in enumerate(X_test.tolist())
                     if (nan_matches or not any(v != v for v in row)) and key(row) in seen],
                    dtype=np.int64)


def _dup_bytes(X_train, X_test):  # the -0.0 case (and the scale case)
    return _dup_lookup(X_train, X_test, signed_zero=True)


def _dup_nan_matches(X_train, X_test):  # the NaN case
    return _dup_lookup(X_train, X_test, nan_matches=True)


def _dup_per_entry(X_train, X_test):  # "each test value appears in X_train ..."
    found = np.isin(X_test, X_train).all(axis=1)
    return np.flatnonzero(found)


def _dup_close(X_train, X_test):  # "one ulp away"
    if len(X_train) == 0:
        return np.zeros(0, dtype=np.int64)
    close = np.isclose(X_test[:, None, :], X_train[None, :, :]).all(axis=2).any(axis=1)
    return np.flatnonzero(close)


def _dup_per_train_match(X_train, X_test):  # "training rows repeated 3 times"
    equal = (X_test[:, None, :] == X_train[None, :, :]).all(axis=2)
    return np.nonzero(equal)[0]


def _dup_train_indices(X_train, X_test):  # most cases
    equal = (X_train[:, None, :] == X_test[None, :, :]).all(axis=2)
    return np.flatnonzero(equal.any(axis=1))


def _dup_first_of_equal_test_rows(X_train, X_test):  # "two equal test rows"
    found = _dup_lookup(X_train, X_test)
    _, first = np.unique(X_test[found], axis=0, return_index=True)
    return np.sort(found[first])


def _dup_shuffle_train(args, rng):
    return {**args, "X_train": args["X_train"][rng.permutation(len(args["X_train"]))]}


def _dup_change_test_row_0(args, rng):
    if len(args["X_test"]) < 2:
        return None
    X_test = args["X_test"].copy()
    X_test[0] = rng.uniform(100.0, 200.0, size=X_test.shape[1])  # a row found nowhere
    return {**args, "X_test": X_test}


def _dup_other_rows(args, got):
    got = np.asarray(got)
    return got[got != 0]


FIND_DUPLICATE_ROWS = Exercise(
    name="find_duplicate_rows",
    points=2,
    difficulty="medium",
    hints=(
        "Comparing every test row with every training row is n x m row comparisons: "
        "at 200,000 rows a side that is far too slow. Make each row ONE comparable value "
        "and use a set-membership test.",
        "View each row's bytes as one value (np.ascontiguousarray(X).view(np.dtype((np.void, "
        "8 * d)))), sort the training rows and np.searchsorted the test rows (or "
        "np.isin). Bytes differ where values are equal: -0.0 vs 0.0 (add 0.0 first), and "
        "NaN must never match (mask those rows).",
    ),
    cases=_dup_cases,
    errors=_dup_errors,
    scale=_dup_scale,
    tol=Tol(rtol=0.0, atol=0.0),  # indices: exact
    misconceptions=(
        Misconception("looks like -0.0 and 0.0 were treated as different (compared as bytes "
                      "or hashed as text); -0.0 == 0.0: add 0.0 to the rows first",
                      _dup_bytes),
        Misconception("looks like rows containing NaN matched; NaN equals nothing, not even "
                      "NaN, so such a row is never a duplicate", _dup_nan_matches),
        Misconception("looks like each value was looked up on its own (np.isin over the "
                      "entries); a duplicate must equal ONE training row in every column",
                      _dup_per_entry),
        Misconception("looks like rows were compared with a tolerance (np.isclose); a "
                      "duplicate is exactly equal, value for value", _dup_close),
        Misconception("looks like a test row was listed once per matching training row; "
                      "list each index once", _dup_per_train_match),
        Misconception("looks like the indices of the X_train rows were returned; return "
                      "indices into X_test", _dup_train_indices),
        Misconception("looks like only the first of several equal test rows was listed; "
                      "every matching test row counts", _dup_first_of_equal_test_rows),
    ),
    invariances=(
        Invariance("the order of X_train's rows leaked into the answer: shuffling "
                   "X_train's rows changed which X_test rows were found",
                   _dup_shuffle_train, lambda args, got: got, tol=Tol(rtol=0.0, atol=0.0)),
        Invariance("one test row leaked into another's answer: changing X_test row 0 "
                   "changed whether other X_test rows were found",
                   _dup_change_test_row_0, _dup_other_rows, tol=Tol(rtol=0.0, atol=0.0)),
    ),
)


# --- near_duplicate_pairs -------------------------------------------------------------


def _near_cosines(A, B):
    """Brute-force cosines, 0 for zero rows (only for choosing inputs)."""
    norms = np.linalg.norm(A, axis=1)[:, None] * np.linalg.norm(B, axis=1)[None, :]
    return np.divide(A @ B.T, norms, out=np.zeros(norms.shape), where=norms > 0)


def _near_inputs(rng, n, m, d, threshold, *, copies=0, flipped=0, zeros=0):
    """Random rows, ``copies`` rows of B that are rescaled, noisy copies of rows of A
    (cosines from about 0.8 to 1), ``flipped`` rows of B that are negated copies, and
    ``zeros`` zero rows in each. Redrawn until no cosine lies within 1e-6 of the
    threshold, where rounding would decide."""
    while True:
        A = rng.normal(size=(n, d))
        B = rng.normal(size=(m, d))
        at = rng.choice(m, size=copies + flipped + zeros, replace=False)
        source = rng.integers(0, n, size=copies + flipped)
        noise = rng.uniform(0.0, 0.6, size=(copies, 1)) * rng.normal(size=(copies, d))
        B[at[:copies]] = (A[source[:copies]] + noise) * rng.uniform(0.1, 10.0, (copies, 1))
        B[at[copies:copies + flipped]] = -3.0 * A[source[copies:]]
        B[at[copies + flipped:]] = 0.0
        A[rng.choice(n, size=min(zeros, n), replace=False)] = 0.0
        if not np.any(np.abs(_near_reference_cosines(A, B) - threshold) < 1e-6):
            return {"A": A, "B": B, "threshold": threshold}


def _near_just_off_threshold(rng, n, d, threshold):
    """B_i at cosine threshold +- (1e-8 .. 1e-7) from A_i, at random lengths: float64
    decides every pair (its error is ~1e-15), float32 (~1e-7) gets some wrong."""
    A = rng.normal(size=(n, d)) * rng.uniform(0.5, 20.0, size=(n, 1))
    B = np.empty((n, d))
    for i in range(n):
        a = A[i] / np.linalg.norm(A[i])
        u = rng.normal(size=d)
        u -= (u @ a) * a
        u /= np.linalg.norm(u)
        c = threshold + rng.choice([-1.0, 1.0]) * rng.uniform(1e-8, 1e-7)
        B[i] = (c * a + np.sqrt(1.0 - c * c) * u) * rng.uniform(0.5, 20.0)
    return {"A": A, "B": B, "threshold": threshold}


def _near_cases(rng):
    yield Case("random (30, 8) and (40, 8), 12 noisy rescaled copies, threshold 0.95",
               _near_inputs(rng, 30, 40, 8, 0.95, copies=12))
    yield Case("30 pairs with cosines 1e-8 to 1e-7 above or below the threshold 0.95",
               _near_just_off_threshold(rng, 30, 64, 0.95),
               why="cosines 1e-8 from the threshold were misjudged: float32 rounds at about "
                   "1e-7; compute the cosines in float64")
    yield Case("random (25, 6) and (20, 6), 10 noisy copies, threshold 0.8",
               _near_inputs(rng, 25, 20, 6, 0.8, copies=10))
    yield Case("rows of B that are negated copies of rows of A (cosine -1), threshold 0.9",
               _near_inputs(rng, 10, 12, 5, 0.9, copies=3, flipped=4))
    yield Case("zero rows in A and B, threshold 0.0 (a zero row still never matches)",
               _near_inputs(rng, 8, 9, 4, 0.0, copies=2, zeros=2))
    yield Case("zero rows in A and B, threshold -2 (every pair of nonzero rows)",
               _near_inputs(rng, 6, 5, 3, -2.0, zeros=2))
    yield Case("copies of the rows at very different lengths (1e-3 to 1e3)", {
        "A": np.array([[1e-3, 2e-3, 0.0], [0.0, 1e3, 1e3], [5.0, -1.0, 2.0]]),
        "B": np.array([[1e3, 2e3, 0.0], [0.0, 1e-3, 1e-3], [1e3, 1e3, 0.0], [5.0, -1.0, 1.0]]),
        "threshold": 0.95})
    yield Case("one row of A against one row of B, a single pair",
               {"A": np.array([[3.0, 4.0]]), "B": np.array([[6.0, 8.5]]), "threshold": 0.99})
    yield Case("no pair reaches the threshold (shape (0, 2))",
               _near_inputs(rng, 7, 6, 16, 0.99))
    yield Case("an empty A (0, 4)", {"A": np.zeros((0, 4)), "B": rng.normal(size=(3, 4)),
                                     "threshold": 0.5})


def _near_scale(rng):
    A = rng.normal(size=(5000, 64))
    B = rng.normal(size=(5000, 64))
    at = rng.choice(5000, size=1000, replace=False)
    B[at] = A[rng.integers(0, 5000, 1000)] + 0.2 * rng.normal(size=(1000, 64))
    return Case("5000 x 5000 rows of width 64, 1000 noisy copies, threshold 0.95",
                {"A": A, "B": B, "threshold": 0.95})


def _near_pairs(similarity, threshold):
    return np.argwhere(similarity >= threshold).astype(np.int64).reshape(-1, 2)


def _near_raw_dot(A, B, threshold=0.95):  # the rescaled copies in most cases
    return _near_pairs(A @ B.T, threshold)


def _near_only_a_normalised(A, B, threshold=0.95):  # rescaled copies in B
    norms = np.linalg.norm(A, axis=1, keepdims=True)
    return _near_pairs(np.divide(A, norms, out=np.zeros_like(A), where=norms > 0) @ B.T,
                       threshold)


def _near_zero_rows_match(A, B, threshold=0.95):  # "zero rows ..., threshold 0.0" and -2
    return _near_pairs(_near_cosines(A, B), threshold)


def _near_absolute(A, B, threshold=0.95):  # "negated copies"
    cos = _near_cosines(A, B)
    cos[cos == 0.0] = -np.inf  # zero rows still excluded
    return _near_pairs(np.abs(cos), threshold)


def _near_reference_cosines(A, B):
    cos = _near_cosines(A, B)
    zero = (np.linalg.norm(A, axis=1)[:, None] == 0) | (np.linalg.norm(B, axis=1)[None, :] == 0)
    cos[zero] = -np.inf
    return cos


def _near_by_j_first(A, B, threshold=0.95):  # any case with two pairs in different order
    pairs = _near_pairs(_near_reference_cosines(A, B), threshold)
    return pairs[np.lexsort((pairs[:, 0], pairs[:, 1]))]


def _near_swapped(A, B, threshold=0.95):  # any case with a pair i != j
    return _near_pairs(_near_reference_cosines(A, B), threshold)[:, ::-1].copy()


def _near_fixed_threshold(A, B, threshold=0.95):  # the threshold 0.8, 0.0, 0.9, -2 cases
    return _near_pairs(_near_reference_cosines(A, B), 0.95)


def _near_rescale_rows(args, rng):
    A, B = args["A"], args["B"]
    return {**args, "A": A * 10.0 ** rng.uniform(-3, 3, size=(len(A), 1)),
            "B": B * 10.0 ** rng.uniform(-3, 3, size=(len(B), 1))}


NEAR_DUPLICATE_PAIRS = Exercise(
    name="near_duplicate_pairs",
    points=2,
    difficulty="medium",
    hints=(
        "Divide every row by its norm once: the cosine of two unit rows is their dot "
        "product, so one matrix product gives a whole block of cosines.",
        "The full 5000 x 5000 matrix of cosines is 200 MB: loop over blocks of a few "
        "hundred rows of A, compute block @ B_unit.T, and keep np.nonzero(block >= "
        "threshold) (row-major, so already sorted by i, then j), offset by the block start.",
        "Leave zero rows out before the products (their norm is 0); otherwise their "
        "cosine comes out 0 or NaN, and 0 >= threshold when the threshold is <= 0.",
    ),
    cases=_near_cases,
    scale=_near_scale,
    tol=Tol(rtol=0.0, atol=0.0),  # indices: exact
    memory=MemoryLimit(64, "looks like it built the whole 5000 x 5000 similarity matrix "
                           "(200 MB) at once; compare in blocks of rows of A"),
    misconceptions=(
        Misconception("looks like raw dot products were compared with the threshold; "
                      "divide by both rows' norms (cosine)", _near_raw_dot),
        Misconception("looks like only A's rows were normalised; divide by the norms of "
                      "both rows", _near_only_a_normalised),
        Misconception("looks like a zero row matched (its cosine taken as 0); a zero row "
                      "has no direction and never matches, even when threshold <= 0",
                      _near_zero_rows_match),
        Misconception("looks like abs(cosine) was compared; opposite rows (cosine near -1) "
                      "are not near duplicates", _near_absolute),
        Misconception("looks like the pairs were sorted by j first; sort by i, then j",
                      _near_by_j_first),
        Misconception("looks like each pair came out as (j, i); the first column indexes "
                      "A, the second B", _near_swapped),
        Misconception("looks like the threshold argument was ignored (0.95 always)",
                      _near_fixed_threshold),
    ),
    invariances=(
        Invariance("the rows' lengths leaked into the answer: scaling rows of A and B by "
                   "positive factors changed which pairs were found (cosine depends on "
                   "direction only)", _near_rescale_rows, lambda args, got: got,
                   tol=Tol(rtol=0.0, atol=0.0)),
    ),
)


# --- point_in_time_join ---------------------------------------------------------------


def _pit_args(event_keys, event_times, feature_keys, feature_times, feature_values,
              allow_exact_matches=True):
    return {"event_keys": np.asarray(event_keys, dtype=np.int64),
            "event_times": np.asarray(event_times, dtype=float),
            "feature_keys": np.asarray(feature_keys, dtype=np.int64),
            "feature_times": np.asarray(feature_times, dtype=float),
            "feature_values": np.asarray(feature_values, dtype=float),
            "allow_exact_matches": allow_exact_matches}


def _pit_random(rng, n, m, n_keys, n_times, allow=True, nan_share=0.0):
    """Unsorted tables; integer-valued times from few values, so ties and exact matches
    are common."""
    times = rng.integers(0, n_times, m).astype(float)
    times[rng.random(m) < nan_share] = np.nan
    return _pit_args(rng.integers(0, n_keys, n), rng.integers(0, n_times, n),
                     rng.integers(0, n_keys, m), times, rng.normal(size=m), allow)


def _pit_cases(rng):
    yield Case("random: 40 events, 60 rows, 4 keys, times 0..29 (ties, exact matches)",
               _pit_random(rng, 40, 60, 4, 30))
    yield Case("random: 40 events, 60 rows, 4 keys, times 0..29, allow_exact_matches=False",
               _pit_random(rng, 40, 60, 4, 30, allow=False))
    yield Case("random: 30 events, 50 rows, 3 keys, 20% of rows with a NaN time",
               _pit_random(rng, 30, 50, 3, 25, nan_share=0.2))
    yield Case("random continuous times (no ties), 25 events, 40 rows, 5 keys", _pit_args(
        rng.integers(0, 5, 25), rng.uniform(-50, 50, 25), rng.integers(0, 5, 40),
        rng.uniform(-50, 50, 40), rng.normal(size=40)))
    yield Case("a row exactly at the event's time, allow_exact_matches=True",
               _pit_args([1, 1], [5.0, 9.0], [1, 1, 1], [5.0, 2.0, 9.5], [50.0, 20.0, 95.0]))
    yield Case("a row exactly at the event's time, allow_exact_matches=False",
               _pit_args([1, 1], [5.0, 9.0], [1, 1, 1], [5.0, 2.0, 9.5], [50.0, 20.0, 95.0],
                         allow_exact_matches=False))
    yield Case("three rows of one key at the same time: the last in input order wins",
               _pit_args([7, 7, 7], [3.0, 8.0, 1.0], [7, 7, 7, 7, 3],
                         [3.0, 1.0, 3.0, 3.0, 3.0], [31.0, 10.0, 32.0, 33.0, 99.0]))
    yield Case("rows with a NaN time are ignored (one is last, one before every row)",
               _pit_args([2, 2, 2], [0.5, 4.0, 10.0], [2, 2, 2, 2], [np.nan, 1.0, 6.0, np.nan],
                         [-999.0, 10.0, 60.0, 999.0]))
    yield Case("a close future row and an older past row (the future must not leak)",
               _pit_args([4, 4], [10.0, 20.0], [4, 4, 4], [0.0, 10.5, 21.0],
                         [0.5, 10.5, 21.0]))
    yield Case("rows in decreasing time order",
               _pit_args([1, 1, 1], [2.5, 4.5, 9.0], [1, 1, 1, 1], [4.0, 3.0, 2.0, 1.0],
                         [4.0, 3.0, 2.0, 1.0]))
    yield Case("an event before every row of its key (NaN)",
               _pit_args([5, 5, 6], [1.0, 3.0, 0.5], [5, 6], [2.0, 0.0], [20.0, 60.0]))
    yield Case("an event whose key has no rows (NaN), next to another key's row",
               _pit_args([1, 2, 3], [5.0, 5.0, 5.0], [2, 2, 4], [1.0, 2.0, 0.0],
                         [21.0, 22.0, 40.0]))
    yield Case("no feature rows at all (every event gets NaN)",
               _pit_args([1, 2], [1.0, 2.0], [], [], []))
    yield Case("event time 0.0, a row at -0.0 (the same time), allow_exact_matches=False",
               _pit_args([1, 1], [0.0, 0.5], [1, 1], [-1.0, -0.0], [-10.0, 0.0],
                         allow_exact_matches=False))
    start = 1.7e9  # Unix timestamps: rows one second apart
    yield Case("Unix timestamps around 1.7e9, rows one second apart", _pit_args(
        [9, 9, 9], start + np.array([1.0, 2.5, 4.0]), [9, 9, 9, 9],
        start + np.array([3.0, 0.0, 1.0, 2.0]), [3.0, 0.0, 1.0, 2.0]))
    # Exact matches at 1.7e9, where t - 1e-9 == t, and times spread over a year (3e7 s),
    # so a float key * 1e6 + time mixes the keys up.
    year = _pit_random(rng, 40, 60, 3, 365, allow=False)
    year["event_times"] = start + 86400.0 * year["event_times"]
    year["feature_times"] = start + 86400.0 * year["feature_times"]
    yield Case("Unix timestamps over a year (whole days), 3 keys, allow_exact_matches=False",
               year, why="exact matches at 1.7e9 must be excluded by <, not by shifting the "
                         "time (1.7e9 - 1e-9 == 1.7e9); and keys must be compared as keys, "
                         "not folded into one float with the time")
    pico = _pit_random(rng, 30, 40, 3, 20, allow=False)
    pico["event_times"] = 1e-12 * pico["event_times"]
    pico["feature_times"] = 1e-12 * pico["feature_times"]
    yield Case("times 1e-12 apart, allow_exact_matches=False", pico,
               why="times 1e-12 apart were treated as equal: compare with <, never with a "
                   "fixed tolerance such as t - 1e-9")


def _pit_scale(rng):
    args = _pit_random(rng, 100_000, 100_000, 1_000, 1_000_000, nan_share=0.01)
    return Case("100,000 events and 100,000 unsorted rows, 1,000 keys", args)


def _pit_choose(event_keys, event_times, feature_keys, feature_times, feature_values,
                pick):
    """Brute force: each event gets feature_values[pick(event key, event time)]."""
    joined = np.full(len(event_keys), np.nan)
    for e, (key, time) in enumerate(zip(event_keys, event_times, strict=True)):
        j = pick(key, time)
        if j is not None:
            joined[e] = feature_values[j]
    return joined


def _pit_rule(event_keys, event_times, feature_keys, feature_times, feature_values,
              allow_exact_matches=True, *, same_key=True, exact=None, first=False,
              by_input_order=False):
    """The reference's rule by brute force, with one part of it changed."""
    exact = allow_exact_matches if exact is None else exact

    def pick(key, time):
        ok = (feature_times <= time) if exact else (feature_times < time)
        if same_key:
            ok &= feature_keys == key
        rows = np.flatnonzero(ok)
        if len(rows) == 0:
            return None
        if by_input_order:
            return rows[-1]
        latest = rows[feature_times[rows] == feature_times[rows].max()]
        return latest[0] if first else latest[-1]

    return _pit_choose(event_keys, event_times, feature_keys, feature_times,
                       feature_values, pick)


def _pit_nearest(event_keys, event_times, feature_keys, feature_times, feature_values,
                 allow_exact_matches=True):  # the close future row; most random cases
    def pick(key, time):
        rows = np.flatnonzero((feature_keys == key) & ~np.isnan(feature_times))
        if len(rows) == 0:
            return None
        gap = np.abs(feature_times[rows] - time)
        return rows[np.flatnonzero(gap == gap.min())[-1]]

    return _pit_choose(event_keys, event_times, feature_keys, feature_times,
                       feature_values, pick)


def _pit_latest_snapshot(event_keys, event_times, feature_keys, feature_times,
                         feature_values, allow_exact_matches=True):  # most cases
    def pick(key, time):
        rows = np.flatnonzero((feature_keys == key) & ~np.isnan(feature_times))
        if len(rows) == 0:
            return None
        return rows[np.flatnonzero(feature_times[rows] == feature_times[rows].max())[-1]]

    return _pit_choose(event_keys, event_times, feature_keys, feature_times,
                       feature_values, pick)


def _pit_first_on_ties(event_keys, event_times, feature_keys, feature_times, feature_values,
                       allow_exact_matches=True):  # "three rows ... at the same time"
    return _pit_rule(event_keys, event_times, feature_keys, feature_times, feature_values,
                     allow_exact_matches, first=True)


def _pit_ignores_keys(event_keys, event_times, feature_keys, feature_times, feature_values,
                      allow_exact_matches=True):  # the random cases, "whose key has no rows"
    return _pit_rule(event_keys, event_times, feature_keys, feature_times, feature_values,
                     allow_exact_matches, same_key=False)


def _pit_always_exact(event_keys, event_times, feature_keys, feature_times, feature_values,
                      allow_exact_matches=True):  # the allow_exact_matches=False cases
    return _pit_rule(event_keys, event_times, feature_keys, feature_times, feature_values,
                     allow_exact_matches, exact=True)


def _pit_never_exact(event_keys, event_times, feature_keys, feature_times, feature_values,
                     allow_exact_matches=True):  # "a row exactly at the event's time, ...=True"
    return _pit_rule(event_keys, event_times, feature_keys, feature_times, feature_values,
                     allow_exact_matches, exact=False)


def _pit_last_in_input_order(event_keys, event_times, feature_keys, feature_times,
                             feature_values, allow_exact_matches=True):  # "decreasing time"
    return _pit_rule(event_keys, event_times, feature_keys, feature_times, feature_values,
                     allow_exact_matches, by_input_order=True)


def _pit_cutoff(args):
    return float(np.median(args["event_times"])) if len(args["event_times"]) else 0.0


def _pit_change_the_future(args, rng):
    """New values for every row later than the cutoff (None if there is no such row)."""
    later = args["feature_times"] > _pit_cutoff(args)
    if not later.any():
        return None
    values = args["feature_values"].copy()
    values[later] += rng.uniform(1.0, 2.0, size=int(later.sum()))
    return {**args, "feature_values": values}


def _pit_past_events(args, got):
    return np.asarray(got)[args["event_times"] <= _pit_cutoff(args)]


POINT_IN_TIME_JOIN = Exercise(
    name="point_in_time_join",
    points=3,
    difficulty="hard",
    hints=(
        "For one key, the answer is the row with the largest time <= the event time: after "
        "sorting that key's rows by time, a binary search (np.searchsorted) finds it.",
        "Do every key at once: turn (key, time) into one sortable integer per row and per "
        "event (dense ranks of the keys and of the times, key_rank * size + time_rank), sort "
        "the rows by it with a STABLE sort, and searchsorted the events (side='right' "
        "includes exact matches, 'left' excludes them); step back one position.",
        "The found row may belong to a smaller key, or there may be none (position -1): "
        "give those events NaN. Drop rows with a NaN time first. Equal (key, time) rows "
        "stay in input order under a stable sort, so the last of them is found.",
    ),
    cases=_pit_cases,
    scale=_pit_scale,
    tol=Tol(rtol=0.0, atol=0.0),  # values are copied from feature_values, never computed
    misconceptions=(
        Misconception("looks like a future value leaked in: the row NEAREST in time was "
                      "taken; only rows at or before the event count (the latest of them)",
                      _pit_nearest),
        Misconception("looks like every event got its key's newest row, even rows later "
                      "than the event (a future leak); take the latest row at or before "
                      "the event's time", _pit_latest_snapshot),
        Misconception("looks like the first of several rows with the same time won; the "
                      "LAST in input order should (use a stable sort and search from the "
                      "right)", _pit_first_on_ties),
        Misconception("looks like the keys were ignored: only rows with the event's own "
                      "key count", _pit_ignores_keys),
        Misconception("looks like exact matches were always allowed: with "
                      "allow_exact_matches=False a row at the event's time does not count "
                      "(time < event time)", _pit_always_exact),
        Misconception("looks like exact matches were never allowed: with "
                      "allow_exact_matches=True a row at the event's time counts "
                      "(time <= event time)", _pit_never_exact),
        Misconception("looks like the last qualifying row in INPUT order was taken; take "
                      "the one with the latest time (the rows are not sorted)",
                      _pit_last_in_input_order),
    ),
    invariances=(
        Invariance("a future feature value leaked into an event: changing feature rows "
                   "later than the event changed its joined value",
                   _pit_change_the_future, _pit_past_events, tol=Tol(rtol=0.0, atol=0.0)),
    ),
)


# --- flag_leaky_features --------------------------------------------------------------


def _leaky_scores(X, y):
    """max(auc, 1 - auc) per column from all (positive, negative) pairs."""
    pos, neg = X[y == 1], X[y == 0]
    wins = (pos[:, None, :] > neg[None, :, :]).sum(axis=(0, 1))
    ties = (pos[:, None, :] == neg[None, :, :]).sum(axis=(0, 1))
    auc = (wins + 0.5 * ties) / (len(pos) * len(neg))
    return np.maximum(auc, 1 - auc)


def _leaky_inputs(rng, n, threshold, *, y=None, columns=()):
    """Noise, a leaky column (y plus noise), an inversely leaky one, a partly
    informative one and a rounded (tied) one, plus ``columns``; redrawn until no score
    lies within 1e-9 of the threshold."""
    while True:
        labels = rng.permutation(np.arange(n) % 2) if y is None else y
        signal = labels + rng.normal(0.0, 0.25, size=n)
        X = np.column_stack([rng.normal(size=n), signal, -signal,
                             labels + rng.normal(0.0, 1.0, size=n),
                             np.round(signal + rng.normal(0.0, 0.3, size=n)), *columns])
        if not np.any(np.abs(_leaky_scores(X, labels) - threshold) < 1e-9):
            return {"X": X, "y": labels, "threshold": threshold}


# Four positives and four negatives: every AUC is a multiple of 1/16, exact in floats
# whichever way it is computed, so a score can equal the threshold exactly.
_LEAKY_Y8 = np.array([0, 1, 0, 1, 1, 0, 0, 1])
_LEAKY_TIES = np.column_stack([
    [0, 1, 0, 1, 1, 0, 0, 0],  # positives 1, 1, 1, 0 vs all 0: 12 wins, 4 ties: 0.875
    [0, 1, 0, 0, 0, 0, 0, 0],  # 4 wins, 12 ties: 0.625
    [3, 3, 3, 3, 3, 3, 3, 3],  # constant: 0.5
    [5, 2, 4, 2, 2, 6, 3, 1],  # positives 2, 2, 2, 1 below every negative: auc 0
]).astype(float)
_LEAKY_EXACT = np.column_stack([
    [1, 3, 2, 5, 6, 4, 7, 8],  # positives 3, 5, 6, 8 win 12 of 16 pairs: auc 0.75
    [8, 6, 7, 4, 3, 5, 2, 1],  # the mirror: auc 0.25, score 0.75
    [1, 2, 3, 5, 6, 4, 7, 8],  # positives 2, 5, 6, 8 win 11 of 16: auc 0.6875
]).astype(float)


def _leaky_cases(rng):
    yield Case("random (60, 5): noise, leaky, inversely leaky, weak, rounded; 0.95",
               _leaky_inputs(rng, 60, 0.95))
    yield Case("random (40, 5), threshold 0.8", _leaky_inputs(rng, 40, 0.8))
    yield Case("unbalanced: 5 positives, 45 negatives, threshold 0.9",
               _leaky_inputs(rng, 50, 0.9, y=np.repeat([1, 0], [5, 45])))
    yield Case("a constant column among leaky ones (score 0.5), threshold 0.95",
               _leaky_inputs(rng, 30, 0.95, columns=(np.full(30, 2.5),)))
    # Ranks that break ties by position give the constant column auc 1 here.
    yield Case("a constant feature with the samples sorted by label (positives last)", {
        "X": np.column_stack([np.full(10, 7.0), np.arange(10.0) % 3]),
        "y": np.repeat([0, 1], 5), "threshold": 0.95})
    yield Case("heavy ties: 0/1 features and a constant, 4 + 4 samples, threshold 0.8",
               {"X": _LEAKY_TIES, "y": _LEAKY_Y8, "threshold": 0.8})
    yield Case("heavy ties, threshold 0.6", {"X": _LEAKY_TIES, "y": _LEAKY_Y8, "threshold": 0.6})
    yield Case("scores exactly equal to the threshold 0.75 (auc 0.75 and 0.25)",
               {"X": _LEAKY_EXACT, "y": _LEAKY_Y8, "threshold": 0.75})
    yield Case("threshold 1.0: only perfectly separating features", {
        "X": np.column_stack([_LEAKY_Y8 * 2.0, -3.0 * _LEAKY_Y8, _LEAKY_EXACT[:, 0]]),
        "y": _LEAKY_Y8, "threshold": 1.0})
    yield Case("threshold 0.5: every feature, the constant one too",
               {"X": _LEAKY_TIES, "y": _LEAKY_Y8, "threshold": 0.5})
    yield Case("labels as floats 0.0 and 1.0", {
        "X": _LEAKY_EXACT, "y": _LEAKY_Y8.astype(float), "threshold": 0.7})
    yield Case("labels as booleans False and True (the docstring allows them)", {
        "X": _LEAKY_EXACT, "y": _LEAKY_Y8.astype(bool), "threshold": 0.7})
    yield Case("no feature reaches the threshold (empty result)", {
        "X": _LEAKY_EXACT, "y": _LEAKY_Y8, "threshold": 0.9})


def _leaky_errors(rng):
    X = rng.normal(size=(6, 3))
    yield Case("a label 2 in y", {"X": X, "y": np.array([0, 1, 2, 0, 1, 0])})
    yield Case("labels -1 and 1", {"X": X, "y": np.array([-1, 1, -1, 1, 1, -1])})
    yield Case("a label 0.5", {"X": X, "y": np.array([0.0, 1.0, 0.5, 0.0, 1.0, 0.0])})
    yield Case("only negatives (no positive in y)", {"X": X, "y": np.zeros(6, dtype=int)})
    yield Case("only positives (no negative in y)", {"X": X, "y": np.ones(6, dtype=int)})


def _leaky_pairs(X, y, threshold, tie, both_sides=True, strict=False):
    """Pairwise AUC with a tie worth ``tie``, one rule changeable."""
    pos, neg = X[y == 1], X[y == 0]
    wins = (pos[:, None, :] > neg[None, :, :]).sum(axis=(0, 1))
    ties = (pos[:, None, :] == neg[None, :, :]).sum(axis=(0, 1))
    auc = (wins + tie * ties) / (len(pos) * len(neg))
    score = np.maximum(auc, 1 - auc) if both_sides else auc
    return np.flatnonzero(score > threshold if strict else score >= threshold)


def _leaky_ties_ignored(X, y, threshold=0.95):  # the heavy-ties and constant cases
    return _leaky_pairs(X, y, threshold, tie=0.0)


def _leaky_ties_win(X, y, threshold=0.95):  # "heavy ties, threshold 0.8"
    return _leaky_pairs(X, y, threshold, tie=1.0)


def _leaky_auc_only(X, y, threshold=0.95):  # the inversely leaky columns
    return _leaky_pairs(X, y, threshold, tie=0.5, both_sides=False)


def _leaky_strict(X, y, threshold=0.95):  # "scores exactly equal to the threshold", 1.0
    return _leaky_pairs(X, y, threshold, tie=0.5, strict=True)


def _leaky_ordinal_ranks(X, y, threshold=0.95):  # ties ranked by position: heavy ties
    ranks = np.argsort(np.argsort(X, axis=0, kind="stable"), axis=0) + 1.0
    n_pos = int(np.sum(y == 1))
    n_neg = len(y) - n_pos
    auc = (ranks[y == 1].sum(axis=0) - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)
    return np.flatnonzero(np.maximum(auc, 1 - auc) >= threshold)


def _leaky_change_column_0(args, rng):
    X = args["X"].copy()
    if X.shape[1] < 2:
        return None
    X[:, 0] = np.where(args["y"] == 1, 1.0, -1.0) * rng.uniform(1.0, 2.0, size=len(X))
    return {**args, "X": X}  # column 0 now separates the classes perfectly


def _leaky_other_columns(args, got):
    got = np.asarray(got)
    return got[got != 0]


def _leaky_shuffle_samples(args, rng):
    order = rng.permutation(len(args["y"]))
    return {**args, "X": args["X"][order], "y": args["y"][order]}


def _leaky_rescale(args, rng):
    return {**args, "X": 3.0 * args["X"] + 1.0}  # strictly increasing: same order, same AUC


FLAG_LEAKY_FEATURES = Exercise(
    name="flag_leaky_features",
    points=2,
    difficulty="medium",
    hints=(
        "AUC is the share of (positive, negative) pairs where the positive has the larger "
        "value, a tie counting 1/2; no ROC curve is needed, and a feature with AUC near 0 "
        "is as leaky as one near 1.",
        "Rank each column (1 = smallest; tied values share the mean of their ranks), sum "
        "the positives' ranks R, and auc = (R - n1 (n1 + 1) / 2) / (n1 n0). Sorting each "
        "column once (np.argsort(X, axis=0)) lets you find the runs of tied values.",
        "Check y first: every value 0 or 1, and both present. Flag score >= threshold "
        "(equal counts), score = max(auc, 1 - auc).",
    ),
    cases=_leaky_cases,
    errors=_leaky_errors,
    # Integer outputs, but the scores behind them: exact on the 1/16 cases; random cases
    # keep every score at least 1e-9 away from the threshold.
    tol=Tol(rtol=0.0, atol=0.0),
    misconceptions=(
        Misconception("looks like ties were ignored: a tied (positive, negative) pair "
                      "counts 1/2, so a constant feature scores 0.5", _leaky_ties_ignored),
        Misconception("looks like a tie counted as a win (>=); a tied (positive, negative) "
                      "pair counts 1/2", _leaky_ties_win),
        Misconception("looks like only auc was used; a feature with auc near 0 is just as "
                      "leaky: score = max(auc, 1 - auc)", _leaky_auc_only),
        Misconception("looks like score > threshold was used; a score equal to the "
                      "threshold is flagged (>=)", _leaky_strict),
        Misconception("looks like tied values got distinct ranks (argsort of argsort); tied "
                      "values share the mean of their ranks", _leaky_ordinal_ranks),
    ),
    invariances=(
        Invariance("one feature leaked into another's flag: changing column 0 of X changed "
                   "which other columns were flagged", _leaky_change_column_0,
                   _leaky_other_columns, tol=Tol(rtol=0.0, atol=0.0)),
        Invariance("the order of the samples leaked into the flags: shuffling the rows of "
                   "X and y together changed them (are ties broken by position?)",
                   _leaky_shuffle_samples, lambda args, got: got, tol=Tol(rtol=0.0, atol=0.0)),
        Invariance("the features' scale leaked into their flags: 3 X + 1 (same order of "
                   "values) changed them; AUC depends only on the order",
                   _leaky_rescale, lambda args, got: got, tol=Tol(rtol=0.0, atol=0.0)),
    ),
)


EXERCISES = [
    # in the curriculum's order
    STANDARDIZE_TRAIN_TEST,
    TIME_SERIES_SPLITS,
    GROUP_KFOLD,
    FIND_DUPLICATE_ROWS,
    NEAR_DUPLICATE_PAIRS,
    POINT_IN_TIME_JOIN,
    OUT_OF_FOLD_TARGET_ENCODING,
    FLAG_LEAKY_FEATURES,
]
