"""What the student sees: one chain of small notebook-to-notebook steps over a solution notebook.

Each step takes a Draft (a private copy of the notebook, with each cell's role from the exercise
model) and returns it changed in one way. `exercises/` and the assignment packs run the same chain;
a pack passes the exercises it keeps, `exercises/` keeps them all:

1. keep_exercises        drop the statement, exercise and check cells of the exercises not chosen
2. drop_solutions_only   drop Markdown cells tagged `solutions-only` (answer notes)
3. strip_answers         replace each answer by `raise NotImplementedError("Exercise N.M: task")`; tag
                         exercise and check cells `raises-exception` (a stub raises, and so does its
                         check) and drop `hide-input` from exercise cells
4. hide_revealing_checks replace a check cell tagged `reveals-answer` by a note: the grader runs it,
                         the student never sees it
5. clear_outputs         no outputs, no execution counts, no empty tag lists
6. retitle               "solutions" in the title becomes "exercises"

The answer key of a pack is step 1 alone.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import nbformat

from .exercise_model import REVEALS, Exercise, ExerciseNotebook, replace_regions, solution_regions

RAISES = "raises-exception"
SOLUTIONS_ONLY = "solutions-only"
HIDE = "hide-input"          # in the book, an answer is collapsed until the reader opens it


@dataclass
class Draft:
    """A notebook being turned into the student's, with the role of each of its cells."""
    nb: nbformat.NotebookNode
    roles: list[tuple[str, Exercise | None]]     # ("exercise", e), ("check", e), ("statement", e), ("colab"|"other", None)

    def cells(self):
        return zip(self.nb.cells, self.roles)

    def keep(self, wanted: Callable) -> Draft:
        """Keep the cells for which wanted(cell, role, exercise) is true."""
        kept = [(c, r) for c, r in self.cells() if wanted(c, *r)]
        self.nb.cells, self.roles = [c for c, _ in kept], [r for _, r in kept]
        return self


Step = Callable[[Draft], Draft]


def _tags(cell) -> list[str]:
    return list(cell.metadata.get("tags", []))


def stub_source(source: str, exercise: Exercise, where: str) -> str:
    """The exercise cell with every answer replaced by a NotImplementedError stub."""
    n = len(solution_regions(source, where))
    stub = f"raise NotImplementedError({json.dumps(exercise.stub_message, ensure_ascii=False)})"
    return replace_regions(source, [stub] * n, where)


# ---------------------------------------------------------------- the steps

def keep_exercises(chosen: Iterable[str] | None) -> Step:
    """Step: drop the three cells of every exercise not in `chosen` (None keeps all)."""
    def step(d: Draft) -> Draft:
        if chosen is None:
            return d
        ids = set(chosen)
        return d.keep(lambda cell, role, e: e is None or e.id in ids)
    return step


def drop_solutions_only(d: Draft) -> Draft:
    return d.keep(lambda cell, role, e: SOLUTIONS_ONLY not in cell.metadata.get("tags", []))


def strip_answers(d: Draft) -> Draft:
    for cell, (role, e) in d.cells():
        if role == "exercise":
            cell.source = stub_source(cell.source, e, f"exercise {e.id}")
            cell.metadata["tags"] = [t for t in _tags(cell) if t != HIDE]
        if role in ("exercise", "check") and RAISES not in _tags(cell):
            cell.metadata["tags"] = [*_tags(cell), RAISES]
    return d


def hide_revealing_checks(d: Draft) -> Draft:
    for i, (cell, (role, e)) in enumerate(d.cells()):
        if role == "check" and REVEALS in _tags(cell):
            d.nb.cells[i] = nbformat.v4.new_markdown_cell(
                f"*The check for Exercise {e.id} is run by your instructor when you hand in this notebook.*")
            d.roles[i] = ("other", None)
    return d


def clear_outputs(d: Draft) -> Draft:
    for cell in d.nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        if not cell.metadata.get("tags", True):
            cell.metadata.pop("tags")
    return d


def retitle(d: Draft) -> Draft:
    """'# 1. Regression ...: solutions' -> '...: exercises' (the last 'solutions' of the title line)."""
    title = d.nb.cells[0] if d.nb.cells and d.nb.cells[0].cell_type == "markdown" else None
    if title is not None:
        first, _, rest = title.source.partition("\n")
        if "solutions" in first:
            i = first.rindex("solutions")
            title.source = first[:i] + "exercises" + first[i + len("solutions"):] + ("\n" + rest if rest else "")
    return d


STUDENT_STEPS: tuple[Step, ...] = (drop_solutions_only, strip_answers, hide_revealing_checks, clear_outputs, retitle)


# ---------------------------------------------------------------- the chains

def run_steps(model: ExerciseNotebook, steps: Iterable[Step]) -> nbformat.NotebookNode:
    """Apply `steps` in order to a copy of the model's notebook (the model is left as it was)."""
    d = Draft(nbformat.from_dict(json.loads(json.dumps(model.nb))), model.roles())
    for step in steps:
        d = step(d)
    return d.nb


def student_notebook(model: ExerciseNotebook, only: list[str] | None = None) -> nbformat.NotebookNode:
    """The student's notebook (unexecuted): the exercises `only` (default all), answers stripped."""
    return run_steps(model, (keep_exercises(only or None), *STUDENT_STEPS))


def answer_key(model: ExerciseNotebook, only: list[str] | None = None) -> nbformat.NotebookNode:
    """The solution notebook with only the exercises `only` (default all), answers and outputs kept."""
    return run_steps(model, (keep_exercises(only or None),))


def student_version(nb, name: str) -> nbformat.NotebookNode:
    """The student's notebook with every exercise, from a solution notebook read as `name`."""
    from .exercise_model import read_notebook
    return student_notebook(read_notebook(nb, name))
