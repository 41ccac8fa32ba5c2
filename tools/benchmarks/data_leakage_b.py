"""Timing rows for the data_leakage references of region B against pandas, on the
graders' Scale inputs.

- point_in_time_join: 100,000 events and 100,000 unsorted feature rows (1,000 keys, 1% of
  the row times NaN) against ``pandas.merge_asof(by="key", direction="backward")``,
  including what merge_asof needs first: building the frames, dropping NaN times and
  sorting both sides by time (stably, so equal times keep their input order), and
  putting the answers back in the events' order. Both allow_exact_matches settings.
- find_duplicate_rows: 200,000 x 16 on each side (rows of 0/1/2, 20,000 test rows copied
  from the training set) against an inner ``DataFrame.merge`` on every column, test rows
  with a NaN dropped first (pandas matches NaN keys; IEEE NaN equals nothing).

``rows()`` builds every input once and returns (label, reference call, library call).
"""

from collections.abc import Callable

import numpy as np


def _join_tables(rng: np.random.Generator, n: int, m: int, n_keys: int):
    """As the graders' Scale case: integer-valued times in [0, 10^6), unsorted."""
    times = rng.integers(0, 10**6, m).astype(float)
    times[rng.random(m) < 0.01] = np.nan
    return (rng.integers(0, n_keys, n), rng.integers(0, 10**6, n).astype(float),
            rng.integers(0, n_keys, m), times, rng.normal(size=m))


def _merge_asof(pd, event_keys, event_times, feature_keys, feature_times, feature_values,
                allow_exact_matches=True):
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


def _duplicate_rows(rng: np.random.Generator, n: int, d: int):
    X_train = rng.integers(0, 3, size=(n, d)).astype(float)
    X_test = rng.integers(0, 3, size=(n, d)).astype(float) + 0.5
    X_test[rng.choice(n, n // 10, replace=False)] = X_train[rng.integers(0, n, n // 10)]
    return X_train, X_test


def _merge_duplicates(pd, X_train, X_test):
    columns = [f"c{j}" for j in range(X_train.shape[1])]
    train = pd.DataFrame(X_train, columns=columns)
    test = pd.DataFrame(X_test, columns=columns).assign(at=np.arange(len(X_test)))
    test = test[~test[columns].isna().any(axis=1)]
    return np.unique(test.merge(train, on=columns, how="inner")["at"].to_numpy())


def rows() -> list[tuple[str, Callable[[], object], Callable[[], object]]]:
    import pandas as pd

    import reference.data_leakage as ref

    rng = np.random.default_rng(0)
    tables = _join_tables(rng, 100_000, 100_000, 1_000)
    X_train, X_test = _duplicate_rows(rng, 200_000, 16)
    return [
        ("point_in_time_join, 10^5 events x 10^5 rows, exact matches allowed",
         lambda: ref.point_in_time_join(*tables),
         lambda: _merge_asof(pd, *tables)),
        ("point_in_time_join, 10^5 events x 10^5 rows, allow_exact_matches=False",
         lambda: ref.point_in_time_join(*tables, allow_exact_matches=False),
         lambda: _merge_asof(pd, *tables, allow_exact_matches=False)),
        ("find_duplicate_rows, 200,000 x 16 on each side",
         lambda: ref.find_duplicate_rows(X_train, X_test),
         lambda: _merge_duplicates(pd, X_train, X_test)),
    ]
