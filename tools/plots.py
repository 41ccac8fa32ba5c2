"""Pictures of your functions beside the reference: ``nox -s plots [-- NAME ...]``.

Runs in its own environment with matplotlib (``nox -s plots``), never in the grading one.
Each picture is computed twice, with your function from ``exercises/`` and with the
reference; a function you have not written yet (or that raises) is drawn from the
reference alone, and the picture says so. PNGs go to ``plots/`` (``--out DIR``).

The numbers are computed here with NumPy only (``compute``); ``draw`` turns them into a
picture with matplotlib, imported only there.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
TOPIC_OF = {"gradient_descent": "optimization", "sgd_momentum_step": "optimization",
            "adam_step": "optimization", "cosine_lr": "optimization",
            "roc_curve": "evaluation_metrics", "pca": "linear_algebra",
            "lasso_coordinate_descent": "bias_variance", "lasso_lambda_max": "bias_variance",
            "bias_variance_decomposition": "bias_variance",
            "polynomial_features": "bias_variance"}


@dataclass
class Source:
    """Where each function comes from: your module, or the reference."""

    solutions: Path
    modules: dict[str, Any] = field(default_factory=dict)
    import_errors: dict[str, str] = field(default_factory=dict)

    def reference(self, name: str) -> Callable:
        return getattr(importlib.import_module(f"reference.{TOPIC_OF[name]}"), name)

    def yours(self, name: str) -> Callable | str:
        """Your function, or why there is none to draw."""
        topic = TOPIC_OF[name]
        if topic not in self.modules and topic not in self.import_errors:
            path = self.solutions / f"{topic}.py"
            try:
                spec = importlib.util.spec_from_file_location(f"kata_yours_{topic}", path)
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
                self.modules[topic] = module
            except Exception as error:  # whatever your module does, draw the reference
                self.import_errors[topic] = (f"{path.name} could not be imported "
                                             f"({type(error).__name__}: {error})")
        if topic in self.import_errors:
            return self.import_errors[topic]
        fn = getattr(self.modules[topic], name, None)
        return fn if callable(fn) else f"there is no function {name} in {topic}.py"


@dataclass
class Picture:
    name: str
    title: str
    series: dict[str, dict[str, Any]]  # "reference" / "yours" -> part label -> data
    notes: list[str]


def _try_yours(source: Source, name: str, compute: Callable) -> tuple[Any, str]:
    """compute(your function): (data, "") or (None, why there is nothing to draw)."""
    fn = source.yours(name)
    if isinstance(fn, str):
        return None, fn
    try:
        with np.errstate(all="ignore"):
            return compute(fn), ""
    except NotImplementedError:
        return None, f"{name} is not written yet"
    except Exception as error:  # your code's problem: say it, draw the reference
        return None, f"your {name} raised {type(error).__name__}: {str(error)[:100]}"


def picture(name: str, source: Source) -> Picture:
    """Every part of one picture, from the reference and, where it works, from yours."""
    series: dict[str, dict[str, Any]] = {"reference": {}, "yours": {}}
    notes = []
    for label, exercise, compute in PARTS[name]:
        with np.errstate(all="ignore"):
            series["reference"][label] = compute(source.reference(exercise))
        data, why = _try_yours(source, exercise, compute)
        if data is None:
            notes.append(f"{why}: reference only.")
        else:
            series["yours"][label] = data
    notes = list(dict.fromkeys(notes))
    return Picture(name, TITLES[name], series, notes)


# ---------------------------------------------------------------- the numbers


def rosenbrock_grad(p: np.ndarray) -> np.ndarray:
    x, y = p
    return np.array([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])


START = np.array([-1.2, 1.0])
STEPS = 3000


def gradient_descent_path(fn: Callable) -> np.ndarray:
    return np.asarray(fn(rosenbrock_grad, START.copy(), 1e-3, STEPS), float)


def momentum_path(fn: Callable) -> np.ndarray:
    p, v = START.copy(), np.zeros(2)
    rows = [p]
    for _ in range(STEPS):
        p, v = fn(p, rosenbrock_grad(p), v, 2e-4, 0.9)
        rows.append(np.asarray(p, float))
    return np.array(rows)


def adam_path(fn: Callable) -> np.ndarray:
    p, m, v = START.copy(), np.zeros(2), np.zeros(2)
    rows = [p]
    for t in range(1, STEPS + 1):
        p, m, v = fn(p, rosenbrock_grad(p), m, v, t, lr=0.02)
        rows.append(np.asarray(p, float))
    return np.array(rows)


def cosine_schedule(fn: Callable) -> dict[str, np.ndarray]:
    steps = np.arange(0, 1001)
    lr = [fn(int(s), 1e-3, 1000, warmup_steps=100, min_lr=1e-4) for s in steps]
    return {"step": steps, "lr": np.array(lr, float)}


def roc_points(fn: Callable) -> dict[str, Any]:
    rng = np.random.default_rng(0)
    y = (rng.random(300) < 0.3).astype(int)
    scores = np.round(y * 1.2 + rng.normal(size=300), 2)  # rounded: some ties
    fpr, tpr, _ = fn(y, scores)
    return {"fpr": np.asarray(fpr, float), "tpr": np.asarray(tpr, float)}


def pca_axes(fn: Callable) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(1)
    X = rng.normal(size=(300, 2)) @ np.array([[3.0, 1.2], [0.0, 0.8]]) + [2.0, -1.0]
    components, variance, projected = fn(X, 2)
    return {"X": X, "mean": X.mean(axis=0), "components": np.asarray(components, float),
            "variance": np.asarray(variance, float), "projected": np.asarray(projected, float)}


def lasso_path(fn: Callable) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(2)
    X = rng.normal(size=(80, 8))
    w_true = np.array([3.0, -2.0, 0.0, 0.0, 1.5, 0.0, 0.0, 0.5])
    y = X @ w_true + rng.normal(scale=0.5, size=80)
    lam_max = float(np.max(np.abs(X.T @ y)) / len(y))
    lams = lam_max * np.logspace(0, -3, 40)
    coefs = np.array([fn(X, y, float(lam)) for lam in lams], float)
    return {"lam": lams, "coef": coefs}


def bias_variance_curve(fn: Callable) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(3)
    grid = np.linspace(0, 1, 50)
    f_true = np.sin(2 * np.pi * grid)
    degrees = np.arange(0, 10)
    bias, variance = [], []
    for degree in degrees:
        predictions = []
        for _ in range(100):
            x = rng.random(40)
            y = np.sin(2 * np.pi * x) + rng.normal(scale=0.3, size=40)
            w, *_ = np.linalg.lstsq(np.vander(x, degree + 1, increasing=True), y, rcond=None)
            predictions.append(np.vander(grid, degree + 1, increasing=True) @ w)
        b, v = fn(np.array(predictions), f_true)
        bias.append(b)
        variance.append(v)
    return {"degree": degrees, "bias_sq": np.array(bias, float),
            "variance": np.array(variance, float)}


# Picture -> its parts: (label, the exercise it runs, what it computes with it).
PARTS: dict[str, list[tuple[str, str, Callable]]] = {
    "optimizers": [("gradient descent", "gradient_descent", gradient_descent_path),
                   ("momentum", "sgd_momentum_step", momentum_path),
                   ("Adam", "adam_step", adam_path)],
    "cosine_lr": [("cosine_lr", "cosine_lr", cosine_schedule)],
    "roc_curve": [("roc_curve", "roc_curve", roc_points)],
    "pca": [("pca", "pca", pca_axes)],
    "lasso_path": [("lasso", "lasso_coordinate_descent", lasso_path)],
    "bias_variance": [("bias-variance", "bias_variance_decomposition", bias_variance_curve)],
}
PLOTS = {name: tuple(dict.fromkeys(e for _, e, _ in parts)) for name, parts in PARTS.items()}
TITLES = {"optimizers": "Gradient descent, momentum and Adam on the Rosenbrock function",
          "cosine_lr": "cosine_lr: linear warmup, then cosine decay",
          "roc_curve": "roc_curve on 300 scored examples",
          "pca": "pca: principal directions of correlated 2-D data",
          "lasso_path": "The lasso path from lasso_coordinate_descent",
          "bias_variance": "bias_variance_decomposition across polynomial degrees"}


# ---------------------------------------------------------------- the pictures


def draw(pic: Picture, out: Path) -> Path:
    """One PNG: yours solid, the reference dashed, the same colour for the same part."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 5.5), dpi=110)
    styles = {"reference": {"linestyle": "--", "linewidth": 1.5, "alpha": 0.95},
              "yours": {"linestyle": "-", "linewidth": 2.4, "alpha": 0.6}}
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    reference = pic.series["reference"]
    if pic.name == "optimizers":
        xs, ys = np.meshgrid(np.linspace(-2, 2, 300), np.linspace(-1, 3, 300))
        zs = (1 - xs) ** 2 + 100 * (ys - xs * xs) ** 2
        ax.contour(xs, ys, np.log10(zs + 1e-3), levels=20, colors="0.85", linewidths=0.6)
        ax.plot(1, 1, "k*", markersize=12, label="minimum (1, 1)", zorder=5)
        ax.plot(*START, "ko", markersize=5, label=f"start ({START[0]:g}, {START[1]:g})",
                zorder=5)
        ax.set(xlim=(-2, 2), ylim=(-1, 3), xlabel="x", ylabel="y")
    elif pic.name == "roc_curve":
        ax.plot([0, 1], [0, 1], color="0.7", linewidth=0.8, label="chance")
        ax.set(xlabel="false-positive rate", ylabel="true-positive rate", aspect="equal")
    elif pic.name == "pca":
        X = reference["pca"]["X"]
        ax.scatter(X[:, 0], X[:, 1], s=6, color="0.7", label="data")
        ax.set(xlabel="x1", ylabel="x2", aspect="equal")
    elif pic.name == "cosine_lr":
        ax.set(xlabel="step", ylabel="learning rate")
    elif pic.name == "lasso_path":
        ax.set(xscale="log", xlabel="lambda (log scale, decreasing)", ylabel="coefficient")
        ax.invert_xaxis()
    elif pic.name == "bias_variance":
        ax.set(yscale="log", xlabel="polynomial degree", ylabel="squared error")
    for who in ("reference", "yours"):
        style = styles[who]
        for label, data in pic.series[who].items():
            i = list(reference).index(label)  # a part keeps its colour, yours or not
            tag = "yours" if who == "yours" else (
                "reference" if label in pic.series["yours"] else "reference only")
            if pic.name == "optimizers":
                ax.plot(data[:, 0], data[:, 1], color=colours[i], label=f"{label} ({tag})",
                        **style)
            elif pic.name == "cosine_lr":
                ax.plot(data["step"], data["lr"], color=colours[0], label=tag, **style)
            elif pic.name == "roc_curve":
                ax.step(data["fpr"], data["tpr"], where="post", color=colours[0], label=tag,
                        **style)
            elif pic.name == "pca":
                for j, (direction, var) in enumerate(zip(data["components"], data["variance"],
                                                         strict=True)):
                    tip = data["mean"] + 2 * np.sqrt(var) * direction
                    ax.plot(*zip(data["mean"], tip, strict=True), color=colours[j],
                            label=f"component {j + 1} ({tag})", **style)
            elif pic.name == "lasso_path":
                for j in range(data["coef"].shape[1]):
                    ax.plot(data["lam"], data["coef"][:, j], color=colours[j % len(colours)],
                            label=f"{tag}, one line per feature" if j == 0 else None, **style)
            elif pic.name == "bias_variance":
                parts = (("bias^2", data["bias_sq"]), ("variance", data["variance"]),
                         ("bias^2 + variance", data["bias_sq"] + data["variance"]))
                for j, (what, values) in enumerate(parts):
                    ax.plot(data["degree"], values, color=colours[j], label=f"{what} ({tag})",
                            **style)
    ax.set_title(pic.title, fontsize=11)
    ax.legend(fontsize=8, loc="best")
    if pic.notes:
        fig.text(0.01, 0.01, " ".join(pic.notes), fontsize=8.5, color="firebrick")
    fig.tight_layout(rect=(0, 0.04 if pic.notes else 0, 1, 1))
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{pic.name}.png"
    fig.savefig(path)
    plt.close(fig)
    return path


def wanted(names: list[str]) -> list[str]:
    """Picture names from picture or exercise names (SystemExit with one line if unknown)."""
    if not names:
        return list(PLOTS)
    chosen = []
    for name in names:
        found = [p for p, fns in PLOTS.items() if name == p or name in fns]
        if not found:
            raise SystemExit(f"There is no picture of {name!r}. Pictures: "
                             f"{', '.join(PLOTS)} (or an exercise they draw).")
        chosen += [p for p in found if p not in chosen]
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nox -s plots --", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"pictures to draw (default: all): {', '.join(PLOTS)}")
    parser.add_argument("--solutions", type=Path, default=ROOT / "exercises", metavar="DIR",
                        help="folder holding your <topic>.py (default: exercises)")
    parser.add_argument("--out", type=Path, default=ROOT / "plots", metavar="DIR",
                        help="where the PNGs go (default: plots)")
    args = parser.parse_args(argv)
    names = wanted(args.names)
    if not args.solutions.is_dir():
        raise SystemExit(f"There is no folder {args.solutions} to draw from.")
    source = Source(args.solutions)
    for name in names:
        pic = picture(name, source)
        path = draw(pic, args.out)
        try:
            shown = path.resolve().relative_to(Path.cwd())
        except ValueError:
            shown = path
        print(f"wrote {shown}" + (f"  ({' '.join(pic.notes)})" if pic.notes else
                                  "  (yours beside the reference)"))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))  # reference/ is imported by name
    sys.exit(main())
