"""The README's derived parts: the topic table (from the grader tables) and the example
scorecard (from a real grading run of a partly solved optimization module).

``python -m graders.docs`` rewrites them in README.md; ``--check`` only reports whether
they are current (the project's tests run that).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from graders import catalog

README = catalog.ROOT / "README.md"
START, END = "<!-- topics:start -->", "<!-- topics:end -->"
EXAMPLE_START, EXAMPLE_END = "<!-- scorecard:start -->", "<!-- scorecard:end -->"
# The example learner: two exercises solved, Adam written without its bias correction.
EXAMPLE_SOLVED = ("mse_grad", "softmax")
EXAMPLE_ADAM = """def adam_step(params, grads, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    if t < 1:
        raise ValueError("t must be >= 1")
    new_m = beta1 * m + (1 - beta1) * grads
    new_v = beta2 * v + (1 - beta2) * grads**2
    return params - lr * new_m / (np.sqrt(new_v) + eps), new_m, new_v
"""


def topic_table() -> str:
    rows = ["| Topic | Interview weight | Exercises | Points | Grade it |",
            "|---|---|---|---|---|"]
    for topic in catalog.available_topics():
        title, weight = catalog.TOPICS[topic]
        exercises = catalog.exercises(topic)
        names = ", ".join(f"`{e.name}`" for e in exercises)
        points = sum(e.points for e in exercises)
        rows.append(f"| {title} | {weight} | {len(exercises)}: {names} | {points} "
                    f"| `nox -s {topic}` |")
    everything = catalog.all_exercises()
    rows.append(f"| All topics | | {len(everything)} | {sum(e.points for e in everything)} "
                "| `nox` |")
    return "\n".join(rows)


def example_scorecard() -> str:
    """A real scorecard of the example learner, with the rows in between elided."""
    import ast

    from graders.__main__ import grade_topic, load_references
    from graders.report import next_step, scorecard

    topic = "optimization"
    reference = (catalog.ROOT / "reference" / f"{topic}.py").read_text()
    lines = (catalog.ROOT / "exercises" / f"{topic}.py").read_text().splitlines()
    ref_lines = reference.splitlines()
    stub_defs = {n.name: n for n in ast.parse("\n".join(lines)).body
                 if isinstance(n, ast.FunctionDef)}
    ref_defs = {n.name: n for n in ast.parse(reference).body if isinstance(n, ast.FunctionDef)}
    replacements = {name: ref_lines[ref_defs[name].lineno - 1: ref_defs[name].end_lineno]
                    for name in EXAMPLE_SOLVED}
    replacements["adam_step"] = EXAMPLE_ADAM.splitlines()
    for name in sorted(replacements, key=lambda n: -stub_defs[n].lineno):  # bottom up
        node = stub_defs[name]
        lines[node.lineno - 1: node.end_lineno] = replacements[name]
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / f"{topic}.py").write_text("\n".join(lines) + "\n")
        exercises = list(catalog.exercises(topic))
        results = grade_topic(topic, exercises, Path(folder), 0, 10.0,
                              load_references([topic])[topic])
    module = Path("exercises") / f"{topic}.py"
    card = scorecard(topic, catalog.TOPICS[topic][0], results, module).splitlines()
    rows = [i for i, line in enumerate(card) if line.startswith("  ") and
            line.split()[0] in ("PASS", "FAIL", "TODO", "ERROR", "TIMEOUT")]
    adam = next(i for i in rows if card[i].split()[1] == "adam_step")
    after_adam = next((i for i in rows if i > adam), len(card))
    shown = [*card[: rows[2] + 1], "  ...", *card[adam: after_adam], "  ..."]
    closing = next_step(results, {topic: module}, "nox -s {topic} -- {name}")
    return "\n".join([*shown, "", closing])


def _between(text: str, start: str, end: str, inner: str) -> str:
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    return f"{head}{start}\n{inner}\n{end}{tail}"


def render(readme: str) -> str:
    readme = _between(readme, START, END, topic_table())
    return _between(readme, EXAMPLE_START, EXAMPLE_END,
                    f"```text\n{example_scorecard()}\n```")


def main(argv: list[str]) -> int:
    current = README.read_text()
    wanted = render(current)
    if "--check" in argv:
        if current != wanted:
            print("README.md's topic table or example scorecard is out of date: run "
                  "`nox -s docs`.")
            return 1
        return 0
    README.write_text(wanted)
    print("README.md's topic table and example scorecard are up to date.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
