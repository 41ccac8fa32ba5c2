"""Recall questions, answered cold: ``python -m graders.quiz [TOPIC|mistakes]``.

Asks one due question (``nox -s quiz``), waits for your answer (typed, or thought through
and Enter), shows the model answer, and takes your own grade: again (back to the start,
asked again in ten minutes), hard (same box) or good (next box, asked later). Reviews
are kept in ``.kata/progress.json``. Without a terminal, ``--grade`` (and ``--key``,
``--answer``) make it scriptable.
"""

from __future__ import annotations

import contextlib
import difflib
import sys
import textwrap
from datetime import datetime, timedelta

from graders import catalog, progress, recall

AGAIN_MINUTES = 10
MISTAKES = "mistakes"  # the scope that holds the study guide's common mistakes


class QuizError(Exception):
    """A request the quiz cannot carry out, said in one line (exit status 2)."""


def scope_keys(scope: str | None) -> list[str]:
    keys = recall.all_keys()
    if scope is None:
        return keys
    if scope == MISTAKES:
        return list(recall.MISTAKES)
    topics = catalog.available_topics()
    if scope not in topics:
        close = difflib.get_close_matches(scope, [*topics, MISTAKES], n=1)
        raise QuizError(f"There is no topic called {scope!r}."
                        + (f" Did you mean {close[0]}?" if close else "")
                        + f" Topics: {', '.join(topics)}, or {MISTAKES}.")
    return [k for k in keys if recall.topic_of(k) == scope]


def next_key(state: dict, scope: str | None, now: datetime) -> str | None:
    """The most overdue question seen before, else the first never asked; None if none
    is due."""
    keys = scope_keys(scope)
    cards = state["recall"]
    due = sorted((progress.parse_time(cards[k]["due"]), i, k) for i, k in enumerate(keys)
                 if k in cards and progress.parse_time(cards[k]["due"]) <= now)
    if due:
        return due[0][2]
    return next((k for k in keys if k not in cards), None)


def schedule(state: dict, key: str, grade: str, now: datetime) -> dict:
    """Record a self-grade and move the question between Leitner boxes."""
    if grade not in progress.SELF_GRADES:
        raise QuizError(f"Grade yourself with one of {', '.join(progress.SELF_GRADES)}, "
                        f"not {grade!r}.")
    card = state["recall"].get(key) or {"box": 1, "due": progress.stamp(now), "reviews": []}
    top = len(progress.BOX_DAYS)
    if grade == "again":
        card["box"], wait = 1, timedelta(minutes=AGAIN_MINUTES)
    else:
        card["box"] = min(card["box"] + (grade == "good"), top)
        wait = timedelta(days=progress.BOX_DAYS[card["box"] - 1])
    card["due"] = progress.stamp(now + wait)
    card["reviews"].append({"at": progress.stamp(now), "grade": grade})
    state["recall"][key] = card
    return card


def wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(text, 88, initial_indent=indent, subsequent_indent=indent)


def heading(key: str) -> str:
    topic = recall.topic_of(key)
    if topic is None:
        return "From the study guide's common mistakes"
    return f"{catalog.TOPICS[topic][0]}: {key}"


def read_answer() -> str:
    print("Your answer (type it, then an empty line; or think it through and press Enter):")
    lines = []
    with contextlib.suppress(EOFError):
        while (line := input()).strip():
            lines.append(line)
    return " ".join(lines)


def ask_grade() -> str:
    choices = {"a": "again", "h": "hard", "g": "good", **{g: g for g in progress.SELF_GRADES}}
    while True:
        try:
            answer = ask("How did you do? [a]gain, [h]ard, [g]ood: ").strip().lower()
        except EOFError:
            raise QuizError("Grade yourself with --grade again|hard|good") from None
        if answer in choices:
            return choices[answer]
        print("Type a, h or g.")



def ask(prompt: str) -> str:
    """input(), with the prompt on stdout: without readline, input() writes it to stderr."""
    print(prompt, end="", flush=True)
    return input()

def main(argv: list[str] | None = None) -> int:
    parser = progress.Parser(prog="nox -s quiz --", description=__doc__.splitlines()[0])
    parser.add_argument("scope", nargs="?", metavar="TOPIC|mistakes",
                        help="ask only about this topic, or the guide's common mistakes")
    parser.add_argument("--key", help="ask this question (an exercise name, or mistake:...)")
    parser.add_argument("--answer", help="your answer, shown beside the model answer")
    parser.add_argument("--grade", help="your own grade: again, hard or good")
    args = parser.parse_args(argv)
    now = progress.now_utc()
    interactive = sys.stdin.isatty()
    try:
        state = progress.load(progress.STATE, now=now)
        if args.key:
            try:
                recall.question(args.key)
            except KeyError:
                close = difflib.get_close_matches(args.key, recall.all_keys(), n=1)
                raise QuizError(f"There is no question {args.key!r}."
                                + (f" Did you mean {close[0]}?" if close else "")) from None
            key = args.key
        else:
            key = next_key(state, args.scope, now)
        if key is None:
            soon = min((c["due"] for k, c in state["recall"].items()
                        if k in scope_keys(args.scope)), default=None)
            print("No question is due." + (f" The next is due {soon[:16].replace('T', ' ')} "
                                            "UTC." if soon else ""))
            return 0
        if args.grade and args.grade not in progress.SELF_GRADES:
            raise QuizError(f"Grade yourself with one of {', '.join(progress.SELF_GRADES)}, "
                            f"not {args.grade!r}.")
        question, model = recall.question(key)
        print(heading(key), "", wrap(question, "Q: "), "", sep="\n")
        answer = args.answer
        if answer is None and interactive and not args.grade:
            answer = read_answer()
            print()
        if answer:
            print("Your answer:", wrap(answer), "", sep="\n")
        print("Model answer:", wrap(model), "", sep="\n")
        grade = args.grade or (ask_grade() if interactive else None)
        if grade is None:
            print(f"Grade yourself to schedule it: nox -s quiz -- --key {key} --grade "
                  "again|hard|good")
            return 0
        card = schedule(state, key, grade, now)
        progress.save(state, progress.STATE)
        wait = progress.parse_time(card["due"]) - now
        later = (f"in {AGAIN_MINUTES} minutes" if grade == "again" else
                 f"in {wait.days} day{'s' * (wait.days != 1)}")
        print(f"Recorded '{grade}': you will see this again {later} (box {card['box']} of "
              f"{len(progress.BOX_DAYS)}).")
        return 0
    except (QuizError, progress.StateError) as error:
        print(error, file=sys.stderr)
        return 2


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError):
        sys.exit(main())
