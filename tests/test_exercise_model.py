"""The exercise model (tools/exercise_model.py): every solution notebook reads, and disagreements are named."""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from tools.exercise_model import ExerciseError, exercise_line, load, read_exercises, read_notebook, solution_path, stem_of

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))

md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
COLAB = "# Colab setup: install the versions this notebook was tested with. Elsewhere this does nothing.\nimport sys"
HEAD = "## Exercise 9.1 (medium): two\n\nWrite `two`."
EXERCISE = "# Exercise 9.1: return 2\ndef two():\n    ### BEGIN SOLUTION\n    return 2\n    ### END SOLUTION"
CHECK = "# Check Exercise 9.1\nassert two() == 2, 'Exercise 9.1: two() is not 2'"


def notebook(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = [md("# Toy: solutions"), *cells]
    return nb


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_solution_headings_agree_with_exercise_ids(path):
    """Each exercise has its heading, exercise cell and check cell, in order, with one id and a level."""
    model = load(path)
    assert model.exercises, f"{path.name} has no exercises"
    chapter = {e.id.split(".")[0] for e in model.exercises}
    assert chapter == {str(int(path.stem.split("_")[0]))}, f"{path.name}: exercise ids {chapter} are not its chapter's"
    for e in model.exercises:
        heading = model.nb.cells[e.statement_cell].source.splitlines()[0]
        assert heading.startswith(f"## Exercise {e.id} ({e.level})"), heading
        assert model.nb.cells[e.check_cell].source.startswith(f"# Check Exercise {e.id}")
    roles = [r for r, _ in model.roles()]
    assert roles.count("colab") == 1, f"{path.name}: no Colab setup cell found by its marker"


def test_a_good_notebook_reads_into_exercises():
    model = read_notebook(notebook(code(COLAB), md(HEAD), code(EXERCISE), code(CHECK)), "toy.ipynb")
    [e] = model.exercises
    assert (e.id, e.title, e.level, e.points, e.task) == ("9.1", "two", "medium", 2, "return 2")
    assert (e.statement_cell, e.cell, e.check_cell) == (2, 3, 4)
    assert [r for r, _ in model.roles()] == ["other", "colab", "statement", "exercise", "check"]


def test_the_colab_cell_is_found_by_its_marker_not_its_position():
    model = read_notebook(notebook(code("import numpy"), code(COLAB), md(HEAD), code(EXERCISE), code(CHECK)), "t")
    assert [r for r, _ in model.roles()][:3] == ["other", "other", "colab"]


@pytest.mark.parametrize("cells, where, complaint", [
    ([md(HEAD.replace("9.1", "9.2")), code(EXERCISE), code(CHECK)], "cell 1",
     "the heading says Exercise 9.2 but the exercise cell after it is Exercise 9.1"),
    ([md(HEAD.replace("medium", "easy")), code(EXERCISE), code(CHECK)], "cell 1", "has level 'easy'"),
    ([md("## Exercise 9.1: two"), code(EXERCISE), code(CHECK)], "cell 1", "does not read '## Exercise N.M"),
    ([md("Some text."), code(EXERCISE), code(CHECK)], "cell 2", "is not preceded by a Markdown cell"),
    ([code(EXERCISE), code(CHECK)], "cell 1", "is not preceded by a Markdown cell"),
    ([md(HEAD), code(EXERCISE), code(CHECK.replace("9.1", "9.2"))], "cell 2", "is not followed by a cell starting"),
    ([md(HEAD), code(EXERCISE), code("print(1)")], "cell 2", "is not followed by a cell starting"),
    ([md(HEAD), code(EXERCISE), code(CHECK), code(CHECK)], "cell 4", "does not directly follow"),
    ([md(HEAD), code("x = 1"), code(EXERCISE), code(CHECK)], "cell 3", "is not preceded by a Markdown cell"),
    ([md(HEAD), code(EXERCISE), code(CHECK), md(HEAD), code(EXERCISE), code(CHECK)], "cell 5", "appears twice"),
    ([md(HEAD), code(EXERCISE), code(CHECK), md(HEAD.replace("9.1", "9.2"))], "cell 4", "is not followed by a cell"),
    ([md(HEAD), code(EXERCISE.replace("### BEGIN SOLUTION\n", "")), code(CHECK)], "cell 2", "has no '### BEGIN"),
    ([md(HEAD + "\n### BEGIN SOLUTION"), code(EXERCISE), code(CHECK)], "cell 1", "only allowed in code cells"),
])
def test_disagreements_are_named_with_notebook_and_cell(cells, where, complaint):
    with pytest.raises(ExerciseError) as err:
        read_exercises(notebook(*cells), "solutions/99_toy.ipynb")
    assert f"solutions/99_toy.ipynb, {where}: " in str(err.value) and complaint in str(err.value), str(err.value)


def test_only_a_check_cell_may_reveal_the_answer():
    nb = notebook(md(HEAD), code(EXERCISE), code(CHECK), code("print('key')"))
    nb.cells[4].metadata["tags"] = ["reveals-answer"]
    with pytest.raises(ExerciseError, match="cell 4: only a check cell can be tagged reveals-answer"):
        read_exercises(nb, "toy.ipynb")
    nb.cells[4].metadata["tags"] = []
    nb.cells[3].metadata["tags"] = ["reveals-answer"]
    assert [e.id for e in read_exercises(nb, "toy.ipynb")] == ["9.1"]


def test_select_names_unknown_exercises():
    model = read_notebook(notebook(md(HEAD), code(EXERCISE), code(CHECK)), "toy.ipynb")
    assert [e.id for e in model.select(None)] == [e.id for e in model.select(["9.1"])] == ["9.1"]
    with pytest.raises(ExerciseError, match="toy.ipynb has no exercise 9.7"):
        model.select(["9.7"])


def test_a_students_cell_is_recognised_by_its_first_line():
    assert exercise_line("\n  # Exercise 1.2: do it\nx = 1") == ("1.2", "do it")
    assert exercise_line("x = 1\n# Exercise 1.2: do it") is None and exercise_line("") is None


@pytest.mark.parametrize("name", ["01_regression", "01_regression.ipynb", "solutions/01_regression.ipynb",
                                  "exercises/01_regression.ipynb", str(ROOT / "chapters" / "01_regression.ipynb"),
                                  "packs/01_regression/"])
def test_a_chapter_is_named_by_stem_notebook_or_path(name):
    assert stem_of(name) == "01_regression"
    assert solution_path(ROOT, name) == ROOT / "solutions" / "01_regression.ipynb"


def test_an_unknown_chapter_is_a_clear_error():
    with pytest.raises(FileNotFoundError, match="no solution notebook solutions/77_nothing.ipynb"):
        solution_path(ROOT, "77_nothing.ipynb")
