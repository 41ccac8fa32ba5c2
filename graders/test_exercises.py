"""Every exercise as a pytest test, for CI systems that read pytest's reports.

    pytest graders --solutions DIR --junitxml results.xml     # -k adam_step for one

It runs the same engine as ``python -m graders``: learner code in a sandboxed worker,
verdicts here. A test passes when its exercise passes; otherwise it fails with the
feedback a learner would see. pytest-timeout bounds each test as a last resort (the
engine already limits every call).
"""

import pytest

from graders import catalog
from graders.__main__ import load_references, static_findings
from graders.engine import grade
from graders.sandbox import SubprocessRunner
from graders.static import FunctionReport

EXERCISES = catalog.all_exercises()


@pytest.fixture(scope="session")
def topic_runner(request):
    """Per topic: a worker for the solutions module and the static findings."""
    solutions = request.config.getoption("--solutions")
    references = load_references(catalog.available_topics())
    runners, found = {}, {}

    def get(topic):
        if topic not in found:
            path = solutions / f"{topic}.py"
            found[topic] = static_findings(path, list(catalog.exercises(topic)),
                                           references[topic])
            runners[topic] = SubprocessRunner(path)
        if isinstance(found[topic], list):  # the module cannot be graded
            pytest.fail("error: " + "\n".join(found[topic]), pytrace=False)
        return runners[topic], found[topic]

    yield get
    for runner in runners.values():
        runner.close()


@pytest.mark.timeout(300)
@pytest.mark.parametrize("exercise", EXERCISES, ids=[f"{e.topic}.{e.name}" for e in EXERCISES])
def test_exercise(exercise, topic_runner, request):
    runner, reports = topic_runner(exercise.topic)
    result = grade(exercise, runner, reports.get(exercise.name, FunctionReport()),
                   seed=request.config.getoption("--seed"))
    if result.outcome != "passed":
        pytest.fail(f"{result.outcome.replace('_', ' ')}: " + "\n".join(result.feedback),
                    pytrace=False)
