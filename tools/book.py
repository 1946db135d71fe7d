"""Build the book (Jupyter Book 1.x, warnings as errors), from the stored outputs or executing the notebooks.

By default the build renders the outputs stored in the notebooks (`execute_notebooks: "off"` in
_config.yml): the tests prove them current, and a reader's first build takes about a minute instead
of executing every notebook. `execute=True` builds with a copy of the configuration whose
`execute_notebooks` is "cache", so every notebook runs again (cached in _build/.jupyter_cache) and
the execution-statistics page adds this build's own times to the recorded ones.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import yaml


def config(root: Path, execute: bool) -> dict:
    """_config.yml as a dict, with execution switched on or off and local extensions made absolute."""
    cfg = yaml.safe_load((root / "_config.yml").read_text())
    cfg["execute"]["execute_notebooks"] = "cache" if execute else "off"
    local = cfg.get("sphinx", {}).get("local_extensions", {})
    for name, folder in local.items():            # relative to the book, not to a temporary config
        local[name] = str(root / folder)
    return cfg


def build_command(root: Path, config_file: Path, out: Path | None = None, extra: list[str] = ()) -> list[str]:
    jb = Path(sys.executable).parent / "jupyter-book"
    cmd = [str(jb), "build", "-W", "--keep-going", str(root), "--config", str(config_file)]
    if out is not None:
        cmd += ["--path-output", str(out)]
    return [*cmd, *extra]


def build(root: Path, execute: bool = False, out: Path | None = None, extra: list[str] = (),
          capture: bool = False, timeout: float | None = None) -> subprocess.CompletedProcess:
    """Build the book into OUT/_build/html (default: the repository's _build/html)."""
    with tempfile.TemporaryDirectory(prefix="course-book-") as tmp:
        config_file = Path(tmp) / "_config.yml"
        config_file.write_text(yaml.safe_dump(config(root, execute), allow_unicode=True))
        return subprocess.run(build_command(root, config_file, out, list(extra)), cwd=root, capture_output=capture,
                              text=True, timeout=timeout)
