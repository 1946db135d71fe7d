"""Collect every notebook for nbval (see tests/notebooks_plugin.py); the other tests live in tests/."""
from tests.notebooks_plugin import pytest_collect_file, pytest_configure  # noqa: F401

pytest_plugins = ["pytester"]      # tests/test_timeout.py runs pytest on a hung test
