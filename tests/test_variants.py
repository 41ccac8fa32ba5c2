"""Graders must reject every mutant with its message and accept every alternative,
whatever the seed of the random cases (two seeds here; more were swept by hand)."""

import pytest

from graders.catalog import exercise
from graders.engine import grade_function
from tests.variants import alternatives, mutants

MUTANTS = mutants()
ALTERNATIVES = alternatives()
SEEDS = (0, 1)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("name", "wrong", "expect"), [m[0:1] + m[2:] for m in MUTANTS],
                         ids=[m[1] for m in MUTANTS])
def test_mutant_is_rejected_with_its_message(name, wrong, expect, seed):
    result = grade_function(exercise(name), wrong, seed=seed)
    feedback = "\n".join(result.feedback)
    assert result.outcome == "failed", feedback
    assert expect in feedback


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("name", "correct"), [a[0:1] + a[2:] for a in ALTERNATIVES],
                         ids=[a[1] for a in ALTERNATIVES])
def test_alternative_is_accepted(name, correct, seed):
    result = grade_function(exercise(name), correct, seed=seed)
    assert result.outcome == "passed", "\n".join(result.feedback)
