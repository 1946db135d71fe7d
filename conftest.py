"""Collect every notebook for nbval (see tests/notebooks_plugin.py); the other tests live in tests/.
Two processes of `tasks.py test` share the run through tests/claims_plugin.py."""
from tests.claims_plugin import pytest_runtestloop  # noqa: F401
from tests.notebooks_plugin import pytest_collect_file, pytest_configure  # noqa: F401

pytest_plugins = ["pytester"]      # tests/test_timeout.py runs pytest on a hung test
