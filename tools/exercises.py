"""Generate exercises/ from solutions/, the single source of every exercise.

In a solution notebook an *exercise cell* starts with `# Exercise N.M: what to write` and holds
its answer between nbgrader's `### BEGIN SOLUTION` and `### END SOLUTION` markers; the next
*check cell* starts with `# Check Exercise N.M`. The student version replaces every answer with
`raise NotImplementedError("Exercise N.M: what to write")`, drops Markdown cells tagged
`solutions-only`, turns "solutions" in the title into "exercises", and tags exercise and check cells `raises-exception` (a stub raises, and so
does its check). In the solution notebook every exercise cell is tagged `hide-input`, so the book
shows each answer collapsed; the student version drops that tag.
"""
from __future__ import annotations

import json
from pathlib import Path

import nbformat

from .exercise_model import (Exercise, ExerciseError, read_exercises, replace_regions, solution_regions,  # noqa: F401
                             stem_of)

RAISES = "raises-exception"
SOLUTIONS_ONLY = "solutions-only"
HIDE = "hide-input"          # in the book, an answer is collapsed until the reader opens it


def find_exercises(nb, name: str) -> list[Exercise]:
    """The exercises of a solution notebook, validated (see tools/exercise_model.py)."""
    return read_exercises(nb, name)


def stub_source(source: str, exercise: Exercise, where: str) -> str:
    """The exercise cell with every answer replaced by a NotImplementedError stub."""
    n = len(solution_regions(source, where))
    stub = f"raise NotImplementedError({json.dumps(exercise.stub_message, ensure_ascii=False)})"
    return replace_regions(source, [stub] * n, where)


def student_version(nb, name: str):
    """The exercise notebook (unexecuted) made from a solution notebook."""
    exercises = find_exercises(nb, name)
    out = nbformat.from_dict(json.loads(json.dumps(nb)))
    by_cell = {e.cell: e for e in exercises}
    checks = {e.check_cell for e in exercises}
    cells = []
    for i, cell in enumerate(out.cells):
        tags = list(cell.metadata.get("tags", []))
        if SOLUTIONS_ONLY in tags:
            continue
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            if i in by_cell:
                cell.source = stub_source(cell.source, by_cell[i], f"{name}, cell {i}")
                tags = [t for t in tags if t != HIDE]
            if (i in by_cell or i in checks) and RAISES not in tags:
                tags.append(RAISES)
        if tags:
            cell.metadata["tags"] = tags
        else:
            cell.metadata.pop("tags", None)
        cells.append(cell)
    title = cells[0] if cells and cells[0].cell_type == "markdown" else None
    if title is not None:           # "# 1. Regression ...: solutions" -> "...: exercises"
        first, _, rest = title.source.partition("\n")
        if "solutions" in first:
            i = first.rindex("solutions")
            title.source = first[:i] + "exercises" + first[i + len("solutions"):] + ("\n" + rest if rest else "")
    out.cells = cells
    return out


def answers_hidden(nb, name: str) -> bool:
    """Tag every exercise cell of a solution notebook `hide-input`; True if anything changed."""
    changed = False
    for e in find_exercises(nb, name):
        tags = nb.cells[e.cell].metadata.setdefault("tags", [])
        if HIDE not in tags:
            tags.append(HIDE)
            changed = True
    return changed


def cell_signature(nb) -> list[tuple[str, str, tuple[str, ...]]]:
    """What must agree between a generated and a stored exercise notebook: type, source and tags of each cell."""
    return [(c.cell_type, c.source, tuple(c.metadata.get("tags", []))) for c in nb.cells]


def generate(root: Path, stems: list[str] | None = None, execute: bool = True) -> list[Path]:
    """Write exercises/STEM.ipynb for each solution notebook; validate all of them before writing any."""
    from .execute import execute_notebook

    sources = sorted((root / "solutions").glob("*.ipynb"))
    if stems:
        wanted = {stem_of(s) for s in stems}
        missing = wanted - {p.stem for p in sources}
        if missing:
            raise ExerciseError(f"no solution notebook for: {', '.join(sorted(missing))}")
        sources = [p for p in sources if p.stem in wanted]
    made = []
    for path in sources:       # validate everything first: a bad notebook writes nothing
        solution = nbformat.read(path, as_version=4)
        made.append((path, solution, student_version(solution, f"solutions/{path.name}")))
    written = []
    for path, solution, nb in made:
        if answers_hidden(solution, path.name):
            nbformat.write(solution, path)
        if execute:
            execute_notebook(nb)
        target = root / "exercises" / path.name
        nbformat.write(nb, target)
        written.append(target)
    return written
