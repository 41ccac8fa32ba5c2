"""Graders must reject every mutant with its message and accept every alternative."""

import pytest

from graders.catalog import exercise
from graders.engine import grade_function
from tests.variants import alternatives, mutants

MUTANTS = mutants()
ALTERNATIVES = alternatives()


@pytest.mark.parametrize(("name", "wrong", "expect"), [m[0:1] + m[2:] for m in MUTANTS],
                         ids=[m[1] for m in MUTANTS])
def test_mutant_is_rejected_with_its_message(name, wrong, expect):
    result = grade_function(exercise(name), wrong)
    feedback = "\n".join(result.feedback)
    assert result.outcome == "failed", feedback
    assert expect in feedback


@pytest.mark.parametrize(("name", "correct"), [a[0:1] + a[2:] for a in ALTERNATIVES],
                         ids=[a[1] for a in ALTERNATIVES])
def test_alternative_is_accepted(name, correct):
    result = grade_function(exercise(name), correct)
    assert result.outcome == "passed", "\n".join(result.feedback)
