"""Fixtures shared by the tests: the book, built once per run."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """Build the book with warnings as errors and return its HTML folder.

    Execution is off: nbval has just run every notebook and proven its stored outputs current,
    so the build renders those instead of running every notebook a second time."""
    tmp = tmp_path_factory.mktemp("book")
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    config["execute"]["execute_notebooks"] = "off"
    local = config.get("sphinx", {}).get("local_extensions", {})
    for name, folder in local.items():            # relative to the book, not to this temporary config
        local[name] = str(ROOT / folder)
    (tmp / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True))
    jb = Path(sys.executable).parent / "jupyter-book"
    proc = subprocess.run([str(jb), "build", "-W", "--keep-going", str(ROOT), "--config", str(tmp / "_config.yml"),
                           "--path-output", str(tmp / "out")], capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        pytest.fail("jupyter-book build -W failed:\n" + proc.stdout[-4000:] + proc.stderr[-4000:])
    return tmp / "out" / "_build" / "html"
