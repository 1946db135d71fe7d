"""The course's own tooling: executing notebooks and generating exercises (see tasks.py)."""
