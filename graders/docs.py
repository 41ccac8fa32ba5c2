"""The README's topic table, derived from the grader tables.

``python -m graders.docs`` rewrites the table in README.md; ``--check`` only reports
whether it is current (the project's tests run that).
"""

from __future__ import annotations

import sys

from graders import catalog

README = catalog.ROOT / "README.md"
START, END = "<!-- topics:start -->", "<!-- topics:end -->"


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
    return "\n".join(rows)


def render(readme: str) -> str:
    head, _, rest = readme.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{topic_table()}\n{END}{tail}"


def main(argv: list[str]) -> int:
    current = README.read_text()
    wanted = render(current)
    if "--check" in argv:
        if current != wanted:
            print("README.md's topic table is out of date: run `nox -s docs`.")
            return 1
        return 0
    README.write_text(wanted)
    print("README.md's topic table is up to date.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
