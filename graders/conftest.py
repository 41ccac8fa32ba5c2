"""Options for grading through pytest: ``pytest graders [--solutions DIR] [--seed N]``."""

from pathlib import Path

from graders import catalog


def pytest_addoption(parser):
    group = parser.getgroup("kata")
    group.addoption("--solutions", type=Path, default=catalog.ROOT / "exercises",
                    help="folder holding <topic>.py (default: exercises)")
    group.addoption("--seed", type=int, default=0, help="seed for the random cases")
