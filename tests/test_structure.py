"""The shape of the repository: table of contents, notebook trios, kernels, setup cells, stored outputs."""
from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from tools.exercise_model import is_colab_setup
from tools.toc import toc_entries

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
NOTEBOOKS = sorted(p for d in ("chapters", "solutions", "exercises") for p in (ROOT / d).glob("*.ipynb"))
rel = lambda p: str(p.relative_to(ROOT))


def unexecuted_code_cells(nb) -> list[int]:
    """Indices of code cells that were never executed (nbval silently passes those)."""
    return [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip() and c.execution_count is None]


def test_there_are_chapters():
    assert CHAPTERS, "no notebooks in chapters/"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_is_in_toc_with_exercises_and_solutions(path):
    stem = path.stem
    for folder in ("exercises", "solutions"):
        assert (ROOT / folder / path.name).exists(), f"{folder}/{path.name} is missing"
    entries = toc_entries(ROOT)
    assert f"chapters/{stem}" in entries, f"chapters/{stem} is not in _toc.yml"
    assert entries[f"chapters/{stem}"] == [f"exercises/{stem}", f"solutions/{stem}"], (
        f"_toc.yml: chapters/{stem} must have sections exercises/{stem} and solutions/{stem}")


def test_every_toc_file_exists_and_every_notebook_has_a_chapter():
    files = [f for chapter, sections in toc_entries(ROOT).items() for f in [chapter, *sections]]
    for f in files:
        assert any((ROOT / f"{f}{ext}").exists() for ext in (".md", ".ipynb")), f"_toc.yml names {f}, which does not exist"
    chapter_stems = {p.stem for p in CHAPTERS}
    for path in NOTEBOOKS:
        assert path.stem in chapter_stems, f"{rel(path)} has no chapter"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=rel)
def test_notebook_metadata_and_outputs(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", f"{rel(path)}: kernel is not python3"
    assert nb.cells and nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# "), (
        f"{rel(path)}: the first cell must be a Markdown title")
    folder = path.parent.name
    if folder in ("exercises", "solutions"):
        assert folder in nb.cells[0].source.splitlines()[0], f"{rel(path)}: the title must say '{folder}'"
    missing = unexecuted_code_cells(nb)
    assert not missing, f"{rel(path)}: code cells {missing} have no stored output; run `python3 tasks.py run {rel(path)}`"


LEAKS = re.compile(r"(/home/|/root/|/Users/|/work/|/tmp/|[A-Z]:\\\\|site-packages)")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=rel)
def test_no_paths_or_user_names_in_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            text = json.dumps({k: v for k, v in out.items() if k != "data"}) + json.dumps(
                {k: v for k, v in out.get("data", {}).items() if k.startswith("text/")})
            m = LEAKS.search(text)
            assert not m, f"{rel(path)}, cell {i}: a stored output shows a local path ({m.group(0)!r})"


def required_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.strip()] = version.strip()
    return pins


SETUP = re.compile(
    r'^# Colab setup: install the versions this notebook was tested with\. Elsewhere this does nothing\.\n'
    r'import os, subprocess, sys\n'
    r'if "google\.colab" in sys\.modules or "COLAB_RELEASE_TAG" in os\.environ:\n'
    r'    subprocess\.run\(\[sys\.executable, "-m", "pip", "install", "-q",\n'
    r'\s+(?P<packages>("[a-z0-9-]+==[0-9.a-z]+",?\s*)+)\], check=True\)\s*$')


@pytest.mark.parametrize("path", NOTEBOOKS, ids=rel)
def test_first_code_cell_is_the_colab_setup_cell(path):
    nb = nbformat.read(path, as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert is_colab_setup(first), f"{rel(path)}: the first code cell does not start with '# Colab setup:'"
    m = SETUP.match(first.source)
    assert m, f"{rel(path)}: the first code cell is not the Colab setup cell of AUTHORING.md"
    pins = required_pins()
    for name, version in re.findall(r'"([a-z0-9-]+)==([0-9.a-z]+)"', m["packages"]):
        assert pins.get(name) == version, f"{rel(path)}: setup cell pins {name}=={version}, requirements.txt {pins.get(name)}"
    assert first.outputs == [], f"{rel(path)}: the setup cell printed something outside Colab"


def test_unexecuted_notebook_is_caught():
    """The check above is not vacuous: a notebook saved without outputs is reported."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# t"), nbformat.v4.new_code_cell("print(1)")]
    assert unexecuted_code_cells(nb) == [1]


def test_instructor_guide_lists_the_chapters_as_they_are():
    from tools.instructors import render
    text = (ROOT / "instructors.md").read_text()
    assert render(ROOT, text) == text, "instructors.md is out of date: run `python3 tasks.py exercises`"


def test_performance_page_is_made_from_the_benchmark_results():
    from bench import report
    results = json.loads(report.RESULTS.read_text())
    assert report.page(results) == report.PAGE.read_text(), "performance.md is out of date: run `python3 tasks.py bench`"
