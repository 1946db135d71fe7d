"""The student chain (tools/student.py): one chain for exercises/ and for packs, each step doing one thing."""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from tools.exercise_model import load, read_notebook
from tools.exercises import cell_signature
from tools.grading import make_pack
from tools.student import (
    RAISES,
    answer_key,
    clear_outputs,
    hide_revealing_checks,
    keep_exercises,
    run_steps,
    strip_answers,
    student_notebook,
)

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell


def toy():
    nb = nbformat.v4.new_notebook()
    nb.cells = [md("# Toy: solutions"), md("*Answer key.*"), code("# Colab setup: nothing\nimport sys")]
    for n in (1, 2):
        nb.cells += [md(f"## Exercise 9.{n} (routine): f{n}"),
                     code(f"# Exercise 9.{n}: return {n}\ndef f{n}():\n    ### BEGIN SOLUTION\n    return {n}\n    ### END SOLUTION"),
                     code(f"# Check Exercise 9.{n}\nassert f{n}() == {n}, 'Exercise 9.{n}: wrong'")]
    nb.cells[1].metadata["tags"] = ["solutions-only"]
    nb.cells[8].metadata["tags"] = ["reveals-answer"]
    return read_notebook(nb, "solutions/99_toy.ipynb")


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_a_pack_of_every_exercise_is_the_exercise_notebook(tmp_path, path):
    """Packs and exercises/ run the same chain: a pack with all exercises hands out exercises/STEM.ipynb."""
    make_pack(ROOT, path.name, tmp_path, execute=False)
    handed_out = nbformat.read(tmp_path / "student" / path.name, as_version=4)
    assert cell_signature(handed_out) == cell_signature(nbformat.read(ROOT / "exercises" / path.name, as_version=4))


def test_each_step_does_one_thing():
    model = toy()
    kept = run_steps(model, [keep_exercises(["9.2"])])
    assert [c.source.splitlines()[0] for c in kept.cells][3:] == ["## Exercise 9.2 (routine): f2", "# Exercise 9.2: return 2",
                                                                  "# Check Exercise 9.2"]
    stripped = run_steps(model, [strip_answers])
    assert 'raise NotImplementedError("Exercise 9.1: return 1")' in stripped.cells[4].source
    assert stripped.cells[4].metadata.tags == [RAISES] and stripped.cells[5].metadata.tags == [RAISES]
    hidden = run_steps(model, [hide_revealing_checks])
    assert hidden.cells[8].cell_type == "markdown" and "Exercise 9.2 is run by your instructor" in hidden.cells[8].source
    executed = run_steps(model, [])
    executed.cells[2].outputs = [nbformat.v4.new_output("stream", text="x")]
    assert model.nb.cells[2].get("outputs") == [], "a step changed the model's own notebook"
    assert clear_outputs(type("D", (), {"nb": executed})()).nb.cells[2].outputs == []


def test_the_student_notebook_and_the_answer_key():
    model = toy()
    student = student_notebook(model, ["9.1"])
    text = "\n".join(c.source for c in student.cells)
    assert student.cells[0].source == "# Toy: exercises" and "Answer key" not in text and "9.2" not in text
    assert "    return 1" not in text and "# Check Exercise 9.1" in text
    key = answer_key(model, ["9.1"])
    assert "Answer key" in "\n".join(c.source for c in key.cells) and "    return 1" in key.cells[4].source


def test_chapter_one_reads_once_and_builds():
    model = load(ROOT / "solutions" / "01_regression.ipynb")
    assert len(student_notebook(model).cells) < len(model.nb.cells)
