"""Recorded execution times (tools/execution_times.py) and the book page that shows them."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat

from tools import execution_times

ROOT = Path(__file__).resolve().parent.parent


def test_execution_statistics_page_shows_the_recorded_times():
    text = (ROOT / execution_times.PAGE).read_text()
    assert execution_times.render(ROOT, text) == text, (
        "execution_statistics.md is out of date with execution_times.json: run `python3 tasks.py run NOTEBOOK`")


def test_every_recorded_notebook_exists_and_has_a_date_and_machine():
    for name, t in execution_times.load(ROOT).items():
        assert (ROOT / name).exists(), f"execution_times.json names {name}, which does not exist"
        assert t["seconds"] > 0 and t["date"] and t["machine"] and t["how"].startswith("python3 tasks.py"), (name, t)


def test_the_book_says_whether_it_executed():
    text = (ROOT / execution_times.PAGE).read_text()
    assert '{ifconfig} nb_execution_mode == "off"' in text and '{ifconfig} nb_execution_mode != "off"' in text
    assert "{nb-exec-table}" in text


def test_run_records_time_date_and_machine(tmp_path, monkeypatch):
    """`tasks.py run` stores outputs, records the time, and rewrites only the notebook's line and the page."""
    import tools.execute
    for f in ("_toc.yml", execution_times.PAGE, execution_times.FILE):
        shutil.copy(ROOT / f, tmp_path / f)
    (tmp_path / "chapters").mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("print(1)")]
    nbformat.write(nb, tmp_path / "chapters" / "01_regression.ipynb")
    monkeypatch.setattr(tools.execute, "execute_notebook", lambda nb: nb)
    before = (tmp_path / execution_times.FILE).read_text().splitlines()
    tools.execute.run_in_place(tmp_path / "chapters" / "01_regression.ipynb", tmp_path)
    after = (tmp_path / execution_times.FILE).read_text().splitlines()
    assert [i for i, (a, b) in enumerate(zip(before, after)) if a != b] == [1] and len(before) == len(after)
    t = json.loads("{" + after[1].rstrip(",") + "}")["chapters/01_regression.ipynb"]
    assert t["how"] == "python3 tasks.py run" and t["machine"] == execution_times.machine()
    assert execution_times.update(tmp_path)
    assert "| [chapters/01_regression](chapters/01_regression.ipynb) | 0.0 | " in (tmp_path / execution_times.PAGE).read_text()
