"""The maintainers' benchmark: each reference against the library it mirrors, on the
Scale inputs, in one run (``nox -s benchmark``).

Every module in tools/benchmarks/ defines ``rows()``, a list of (label, our call, their
call) with inputs built once. Each call is timed as the best of ``--repeat`` runs; the
ratio is ours over theirs (below 1: the reference is faster).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import time
from collections.abc import Callable

import tools.benchmarks


def best_of(call: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - started)
    return best


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="nox -s benchmark --", description=__doc__)
    parser.add_argument("only", nargs="*", help="modules to run (default: all)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    names = [m.name for m in pkgutil.iter_modules(tools.benchmarks.__path__)]
    print("| benchmark | reference | library | ratio |\n|---|---|---|---|")
    for name in names:
        if args.only and name not in args.only:
            continue
        for label, ours, theirs in importlib.import_module(f"tools.benchmarks.{name}").rows():
            mine, other = best_of(ours, args.repeat), best_of(theirs, args.repeat)
            print(f"| {label} | {mine * 1e3:.1f} ms | {other * 1e3:.1f} ms | "
                  f"{mine / other:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
