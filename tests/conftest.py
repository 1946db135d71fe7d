"""Fixtures shared by the tests: the book, built once per run."""
from __future__ import annotations

from pathlib import Path

import pytest

from tools.book import build

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """Build the book with warnings as errors and return its HTML folder.

    Execution is off: nbval runs every notebook and proves its stored outputs current, so the
    build renders those instead of running every notebook a second time."""
    tmp = tmp_path_factory.mktemp("book")
    proc = build(ROOT, execute=False, out=tmp / "out", capture=True, timeout=900)
    if proc.returncode != 0:
        pytest.fail("jupyter-book build -W failed:\n" + proc.stdout[-4000:] + proc.stderr[-4000:])
    return tmp / "out" / "_build" / "html"
