"""The exercises the kata has, read from the grader tables (the one source of truth)."""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the noxfile imports this module where NumPy may not be installed
    from collections.abc import Callable

    from graders.spec import Exercise

ROOT = Path(__file__).resolve().parent.parent

# The seven foundation topics, in study order, with their interview weight.
TOPICS: dict[str, tuple[str, str]] = {
    "linear_algebra": ("Linear algebra", "High"),
    "probability": ("Probability and statistics", "Critical"),
    "optimization": ("Optimization", "Critical"),
    "bias_variance": ("Bias-variance and model complexity", "High"),
    "evaluation_metrics": ("Evaluation metrics", "High"),
    "data_leakage": ("Data leakage", "High"),
    "feature_engineering": ("Feature engineering", "Medium-High"),
}


def available_topics() -> list[str]:
    """Topics that have a grader table, in study order."""
    return [t for t in TOPICS if importlib.util.find_spec(f"graders.{t}") is not None]


@cache
def exercises(topic: str) -> tuple[Exercise, ...]:
    """The topic's exercises, in the order learners should attempt them."""
    module = importlib.import_module(f"graders.{topic}")
    return tuple(dataclasses.replace(e, topic=topic) for e in module.EXERCISES)


def all_exercises() -> list[Exercise]:
    return [e for t in available_topics() for e in exercises(t)]


def exercise(name: str) -> Exercise:
    """The exercise called ``name`` (KeyError if there is none)."""
    for e in all_exercises():
        if e.name == name:
            return e
    raise KeyError(name)


def reference(e: Exercise) -> Callable:
    """The reference solution of an exercise."""
    return getattr(importlib.import_module(f"reference.{e.topic}"), e.name)
