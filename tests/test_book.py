"""The book builds with warnings as errors. Execution is off here: nbval has just run every
notebook and proven its stored outputs current, so the build renders those."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_book_builds_with_warnings_as_errors(tmp_path):
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    config["execute"]["execute_notebooks"] = "off"
    (tmp_path / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True))
    jb = Path(sys.executable).parent / "jupyter-book"
    proc = subprocess.run([str(jb), "build", "-W", "--keep-going", str(ROOT), "--config", str(tmp_path / "_config.yml"),
                           "--path-output", str(tmp_path / "out")], capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    html = tmp_path / "out" / "_build" / "html"
    assert (html / "intro.html").exists() and (html / "execution_statistics.html").exists()
    for chapter in sorted((ROOT / "chapters").glob("*.ipynb")):
        for folder in ("chapters", "exercises", "solutions"):
            page = html / folder / f"{chapter.stem}.html"
            assert page.exists(), f"{page.name} missing from the build"
        text = (html / "chapters" / f"{chapter.stem}.html").read_text()
        assert f"colab.research.google.com/github/" in text and f"chapters/{chapter.stem}.ipynb" in text, (
            f"chapters/{chapter.stem}.html has no Colab button for its notebook")
