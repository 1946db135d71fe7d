"""Benchmarks of the course's code: `python3 tasks.py bench` (see bench/__main__.py)."""
