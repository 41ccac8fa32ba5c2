"""Each self-check fires on the slip it exists for, and says how to fix it."""

import dataclasses
import types

from graders import catalog
from graders.spec import Misconception
from tests import selfcheck


def test_a_variant_not_named_after_an_exercise_is_reported():
    module = types.ModuleType("tests.mutants.fake")
    exec("def softmax_no_shift(z, axis=-1): pass\n"
         "def sofmax__typo(z, axis=-1): pass\n"
         "def softmax__fine(z, axis=-1): pass\n"
         "def _helper(): pass\n", module.__dict__)
    problems = selfcheck.misnamed_variants(module, ["softmax"])
    assert len(problems) == 2
    assert any("softmax_no_shift is not named <exercise>__<what>" in p for p in problems)
    assert any("there is no exercise 'sofmax'" in p for p in problems)


def test_misconceptions_do_not_stand_in_for_hand_written_mutants():
    ex = catalog.exercise("adam_step")  # nine misconceptions
    problems = selfcheck.missing_variants(ex, hand_written=0, alternatives=1)
    assert problems == [
        "adam_step has no hand-written mutant: add to tests/mutants/optimization.py a "
        "realistic wrong solution named adam_step__<what>, decorated "
        "@mutant(\"fragment of its feedback\")"]
    assert selfcheck.missing_variants(ex, hand_written=1, alternatives=1) == []
    assert "no alternative correct solution" in selfcheck.missing_variants(ex, 1, 0)[0]


def test_a_misconception_equal_to_the_reference_is_reported():
    ex = catalog.exercise("mse_grad")
    silent = dataclasses.replace(ex, misconceptions=(
        *ex.misconceptions, Misconception("looks like nothing", catalog.reference(ex))))
    (problem,) = selfcheck.silent_misconceptions(silent)
    assert "'looks like nothing'... equals the reference on every value case" in problem
    assert "add a case that separates them" in problem
    assert selfcheck.silent_misconceptions(ex) == []


def test_an_oracle_test_must_call_the_exercise_not_mention_it():
    assert not selfcheck.oracle_calls('"""softmax is checked elsewhere."""\n# softmax\n',
                                      "softmax")
    assert not selfcheck.oracle_calls("names = ['softmax']\n", "softmax")
    assert selfcheck.oracle_calls("got = ref.softmax(z)\n", "softmax")
    assert selfcheck.oracle_calls("from reference.x import softmax\nsoftmax(z)\n", "softmax")


def test_missing_docstring_sections_are_named():
    ex = catalog.exercise("mse_grad")

    def undocumented(X, y, w):
        """Gradient."""

    problems = selfcheck.incomplete_metadata(ex, undocumented)
    assert [p.rsplit("has no ", 1)[1].split(":")[0] for p in problems] == [
        repr(s) for s in selfcheck.DOC_SECTIONS]


def test_a_hand_edited_example_scorecard_is_caught():
    from graders import docs

    current = docs.render(docs.README.read_text())
    head, start, rest = current.partition(docs.EXAMPLE_START)
    block, end, tail = rest.partition(docs.EXAMPLE_END)
    edited = head + start + block.replace("cases gave a wrong answer.", "cases were wrong.") \
        + end + tail
    assert edited != current
    assert docs.render(edited) == current  # the drift check would see it and restore it


def test_contributing_lists_every_file_of_an_exercise_truthfully():
    """Each per-topic path in CONTRIBUTING.md's table exists for every topic, and the
    written/generated counts match its text."""
    from graders.catalog import ROOT, available_topics

    text = (ROOT / "CONTRIBUTING.md").read_text()
    rows = [line.split("|")[1:-1] for line in text.splitlines()
            if line.startswith("| `") and "<topic>" in line]
    written = [r for r in rows if r[2].strip() == "you"]
    generated = [r for r in rows if r[2].strip().startswith("generated")]
    assert len(written) == 5
    assert len(generated) == 1  # the README row has no <topic>
    assert "You write it in five files; two more are generated" in text
    for topic in available_topics():
        for row in rows:
            path = row[0].strip().strip("`").replace("<topic>", topic)
            assert (ROOT / path).exists(), f"CONTRIBUTING.md names {path}, which is missing"
