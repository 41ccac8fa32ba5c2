"""The grading engine: ``python -m graders --help``."""
