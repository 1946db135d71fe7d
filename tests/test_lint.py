"""The code is clean under ruff (configured in ruff.toml, pinned in requirements.txt)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_is_clean():
    ruff = Path(sys.executable).parent / "ruff"
    proc = subprocess.run([str(ruff), "check", "--no-cache", "--output-format", "concise", str(ROOT)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"ruff check found problems (fix them, or `ruff check --fix`):\n{proc.stdout[-4000:]}{proc.stderr[-2000:]}"
