"""Hidden check inputs: with `--seed`, a check with a `CHECK_SEED = N` line draws inputs the student never saw.

tests/notebooks/99_hidden_inputs.ipynb is the pattern (a check that draws from `CHECK_SEED`);
the Chapter 1 class shows the same on the book's own checks, rewritten as AUTHORING.md asks.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import numpy as np
import pytest

from tools.grading import Limits, grade_folder, grade_one, grading_spec, hidden_seed, with_seed

ROOT = Path(__file__).resolve().parent.parent
TOY = Path(__file__).resolve().parent / "notebooks" / "99_hidden_inputs.ipynb"


def answered(path: Path, ex_id: str, body: str) -> nbformat.NotebookNode:
    """The solution notebook at `path` with the answer of `ex_id` replaced by `body` (its first line kept)."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.startswith(f"# Exercise {ex_id}:"):
            cell.source = cell.source.splitlines()[0] + "\n" + body
    return nb


def test_the_seed_replaces_only_the_check_seed_line():
    spec = grading_spec(TOY)
    seeded = with_seed(spec, 1234)
    check = next(c for c in seeded["cells"] if c["kind"] == "check")
    assert f"CHECK_SEED = {hidden_seed(1234, '99.1')}  #" in check["source"] and check["hidden"]
    assert hidden_seed(1234, "99.1") != hidden_seed(1235, "99.1") != 991
    assert with_seed(spec, 1234) == seeded                       # the same seed, the same inputs
    assert spec["cells"] != seeded["cells"] and "CHECK_SEED = 991" in str(spec)   # the spec itself is unchanged


def test_an_answer_shaped_to_the_visible_check_fails_the_hidden_one(tmp_path):
    visible = np.random.default_rng(991).normal(size=(6, 3)).mean(axis=0)
    shaped = f"def col_means(A):\n    return np.array({visible.tolist()})\n"       # memorised, not computed
    subs = tmp_path / "subs"
    subs.mkdir()
    nbformat.write(nbformat.read(TOY, as_version=4), subs / "right.ipynb")
    nbformat.write(answered(TOY, "99.1", shaped), subs / "shaped.ipynb")
    spec, limits = grading_spec(TOY), Limits(seconds=60, cell_seconds=20, memory_mb=1024)
    seen = {g.student: g.results["99.1"]["status"] for g in grade_folder(spec, subs, tmp_path / "a", limits)}
    hidden = {g.student: g.results["99.1"]["status"] for g in grade_folder(spec, subs, tmp_path / "b", limits, seed=7)}
    assert seen == {"right": "pass", "shaped": "pass"}
    assert hidden == {"right": "pass", "shaped": "fail"}
    assert "Hidden check inputs drawn from seed 7" in (tmp_path / "b" / "report.md").read_text()


def chapter_1_with_hidden_inputs(folder: Path) -> Path:
    """solutions/01_regression.ipynb with each check's `np.random.default_rng(1N)` drawn from CHECK_SEED = 1N:
    the change AUTHORING.md asks of a check (the notebook itself is left as it is)."""
    nb = nbformat.read(ROOT / "solutions" / "01_regression.ipynb", as_version=4)
    for cell in nb.cells:
        m = re.search(r"^_rng = np\.random\.default_rng\((\d+)\)$", cell.source, re.M)
        if cell.cell_type == "code" and cell.source.startswith("# Check Exercise") and m:
            cell.source = cell.source.replace(m[0], f"CHECK_SEED = {m[1]}  # the grader may draw other inputs\n"
                                                    f"_rng = np.random.default_rng(CHECK_SEED)")
    (folder / "solutions").mkdir()
    nbformat.write(nb, folder / "solutions" / "01_regression.ipynb")
    return folder / "solutions" / "01_regression.ipynb"


@pytest.mark.notebooks
class TestHiddenInputs01_regression:
    def test_chapter_1_checks_take_hidden_inputs(self, tmp_path):
        from sklearn.linear_model import Ridge
        solution = chapter_1_with_hidden_inputs(tmp_path)
        rng, memorised = np.random.default_rng(14), {}
        for n, d, lam in [(30, 3, 4.0), (12, 5, 0.5)]:                  # the visible inputs of check 1.4
            X = rng.normal(size=(n, d))
            y = X @ rng.normal(size=d) + 0.3 * rng.normal(size=n)
            memorised[(n, d)] = Ridge(alpha=lam, fit_intercept=False).fit(X, y).coef_.tolist()
        shaped = f"import jax.numpy as jnp\ndef ridge_closed_form(X, y, lam):\n    return jnp.array({memorised}[X.shape])\n"
        subs = tmp_path / "subs"
        subs.mkdir()
        shutil.copy(solution, subs / "solution.ipynb")
        nbformat.write(answered(solution, "1.4", shaped), subs / "shaped.ipynb")
        spec, limits = grading_spec(solution, ["1.1", "1.4"]), Limits(seconds=240, cell_seconds=60)
        assert grade_one(spec, "shaped", subs / "shaped.ipynb", limits).results["1.4"]["status"] == "pass"
        grades = {g.student: g for g in grade_folder(spec, subs, tmp_path / "out", limits, seed=2024)}
        assert {k: v["status"] for k, v in grades["solution"].results.items()} == {"1.1": "pass", "1.4": "pass"}
        assert grades["shaped"].results["1.4"]["status"] == "fail", grades["shaped"].results
        assert "answer key fails" not in (tmp_path / "out" / "report.md").read_text()
