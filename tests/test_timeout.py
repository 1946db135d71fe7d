"""The per-test time limit (pytest-timeout, pytest.ini): a hung test fails alone, with a clear message."""
from __future__ import annotations


def test_a_time_limit_is_configured(pytestconfig):
    assert float(pytestconfig.getini("timeout")) > 0, "pytest.ini sets no per-test timeout"


def test_a_hung_test_fails_alone_with_a_clear_message(pytester):
    pytester.makepyfile("import time\n\ndef test_hangs():\n    time.sleep(60)\n\ndef test_next():\n    pass\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--timeout=2")
    result.assert_outcomes(failed=1, passed=1)
    result.stdout.fnmatch_lines(["*Timeout*2*"])
