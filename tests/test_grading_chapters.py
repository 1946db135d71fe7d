"""The autograder on every chapter: the solutions get full marks, the generated exercises zero."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tools.grading import grade_folder, grading_spec

pytestmark = pytest.mark.notebooks

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_solutions_get_full_marks_and_exercises_get_zero(tmp_path, path):
    subs = tmp_path / "subs"
    subs.mkdir()
    shutil.copy(path, subs / "solution.ipynb")
    shutil.copy(ROOT / "exercises" / path.name, subs / "exercise.ipynb")
    spec = grading_spec(path)
    grades = {g.student: g for g in grade_folder(spec, subs, tmp_path / "out", forbidden=[ROOT])}
    full = sum(e["points"] for e in spec["exercises"])
    assert sum(grades["solution"].points(spec).values()) == full, grades["solution"].results
    assert sum(grades["exercise"].points(spec).values()) == 0, grades["exercise"].results
    assert all(r["status"] == "fail" for r in grades["exercise"].results.values()), grades["exercise"].results
