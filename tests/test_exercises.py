"""The exercise pipeline: generation, freshness, bad markers, and what every check accepts and rejects."""
from __future__ import annotations

import importlib
from pathlib import Path

import nbformat
import pytest

from tests.kernel import Kernel
from tools.exercise_model import ExerciseError, read_exercises, replace_regions
from tools.exercises import cell_signature, generate
from tools.student import HIDE, stub_source, student_version

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))


def read(path: Path):
    return nbformat.read(path, as_version=4)


def wrong_answers(stem: str) -> dict[str, list]:
    module = importlib.import_module(f"tests.wrong_answers.{stem}")
    return module.WRONG_ANSWERS


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_exercises_are_up_to_date(path):
    """exercises/STEM.ipynb is what `python3 tasks.py exercises STEM` makes from solutions/STEM.ipynb."""
    stored = ROOT / "exercises" / path.name
    assert stored.exists(), f"{stored.relative_to(ROOT)} is missing: run `python3 tasks.py exercises {path.stem}`"
    solution = read(path)
    for e in read_exercises(solution, path.name):
        assert HIDE in solution.cells[e.cell].metadata.get("tags", []), (
            f"solutions/{path.name}: exercise {e.id} is not tagged {HIDE}: run `python3 tasks.py exercises {path.stem}`")
    expected = cell_signature(student_version(solution, f"solutions/{path.name}"))
    assert cell_signature(read(stored)) == expected, (
        f"exercises/{path.name} is out of date with solutions/{path.name}: run `python3 tasks.py exercises {path.stem}`")


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_every_exercise_has_wrong_answers(path):
    ids = [e.id for e in read_exercises(read(path), path.name)]
    wrong = wrong_answers(path.stem)
    assert ids, f"{path.name} has no exercises"
    assert sorted(wrong) == sorted(ids), f"tests/wrong_answers/{path.stem}.py covers {sorted(wrong)}, exercises are {ids}"
    assert all(len(v) >= 1 for v in wrong.values())


def _assert_rejected(result, exercise, what):
    assert result.errors, f"Exercise {exercise.id}: the check accepted {what}"
    ename, evalue = result.errors[-1]
    assert ename == "AssertionError", f"Exercise {exercise.id}: the check crashed on {what} with {ename}: {evalue}"
    assert "\n" not in evalue.strip(), f"Exercise {exercise.id}: the message for {what} is not one line: {evalue!r}"
    assert evalue.startswith(f"Exercise {exercise.id}:"), f"the message for {what} does not name the exercise: {evalue!r}"
    return evalue


@pytest.mark.notebooks
@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_checks_accept_solution_reject_stub_and_wrong_answers(path):
    """One kernel per notebook: at each exercise run the stub, every wrong answer, then the answer, each with its check."""
    nb = read(path)
    exercises = {e.cell: e for e in read_exercises(nb, path.name)}
    wrong = wrong_answers(path.stem)
    with Kernel() as k:
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            exercise = exercises.get(i)
            if exercise is not None:
                check = nb.cells[exercise.check_cell].source
                where = f"{path.name}, cell {i}"
                k.run(stub_source(cell.source, exercise, where))
                message = _assert_rejected(k.run(check), exercise, "the unanswered stub")
                assert "NotImplementedError" in message or "not written" in message or "not implemented" in message, (
                    f"Exercise {exercise.id}: the stub's message does not say what is missing: {message!r}")
                for n, answer in enumerate(wrong[exercise.id]):
                    answers = [answer] if isinstance(answer, str) else list(answer)
                    k.run(replace_regions(cell.source, answers, where))
                    _assert_rejected(k.run(check), exercise, f"wrong answer {n} of tests/wrong_answers/{path.stem}.py")
            result = k.run(cell.source)
            assert result.status == "ok", f"{path.name}, cell {i} raised {result.errors}"


def _notebook(*sources):
    """A heading for Exercise 9.1 (cell 0), then one code cell per source."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("## Exercise 9.1 (routine): two"),
                *[nbformat.v4.new_code_cell(s) for s in sources]]
    return nb


GOOD = "# Exercise 9.1: return 2\ndef two():\n    ### BEGIN SOLUTION\n    return 2\n    ### END SOLUTION\n"
CHECK = "# Check Exercise 9.1\nassert two() == 2"


def test_stub_says_what_to_write():
    nb = student_version(_notebook(GOOD, CHECK), "toy.ipynb")
    assert nb.cells[1].source == ('# Exercise 9.1: return 2\ndef two():\n'
                                  '    raise NotImplementedError("Exercise 9.1: return 2")')
    assert nb.cells[1].metadata.tags == ["raises-exception"] and nb.cells[2].metadata.tags == ["raises-exception"]


@pytest.mark.parametrize("source, complaint", [
    (GOOD.replace("    ### END SOLUTION\n", ""), "never closed"),
    (GOOD.replace("    return 2\n", "    ### BEGIN SOLUTION\n"), "nested"),
    (GOOD.replace("    ### BEGIN SOLUTION\n", ""), "has no '### BEGIN SOLUTION' before it"),
    (GOOD.replace("# Exercise 9.1: return 2\n", ""), "does not start with '# Exercise N.M: task'"),
])
def test_generator_refuses_bad_markers_and_writes_nothing(tmp_path, source, complaint):
    (tmp_path / "solutions").mkdir()
    (tmp_path / "exercises").mkdir()
    nbformat.write(_notebook(GOOD, CHECK), tmp_path / "solutions" / "01_good.ipynb")
    nbformat.write(_notebook(source, CHECK), tmp_path / "solutions" / "02_bad.ipynb")
    with pytest.raises(ExerciseError) as err:
        generate(tmp_path, execute=False)
    assert "solutions/02_bad.ipynb, cell 1" in str(err.value) and complaint in str(err.value)
    assert list((tmp_path / "exercises").iterdir()) == [], "the generator wrote something although it failed"


def test_generator_requires_a_check_cell():
    with pytest.raises(ExerciseError, match="not followed by a cell starting '# Check Exercise 9.1'"):
        read_exercises(_notebook(GOOD, "print('no check here')"), "toy.ipynb")
