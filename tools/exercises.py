"""Generate exercises/ from solutions/, the single source of every exercise.

The exercise model (tools/exercise_model.py) reads each solution notebook; the student chain
(tools/student.py) turns it into the exercise notebook, which is then executed and written to
exercises/. In the solution notebook every exercise cell is tagged `hide-input`, so the book
shows each answer collapsed; the student version drops that tag.
"""
from __future__ import annotations

from pathlib import Path

import nbformat

from .exercise_model import ExerciseError, read_exercises, read_notebook, stem_of
from .student import HIDE, student_notebook


def answers_hidden(nb, name: str) -> bool:
    """Tag every exercise cell of a solution notebook `hide-input`; True if anything changed."""
    changed = False
    for e in read_exercises(nb, name):
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
    from .execute import timed
    from .execution_times import record

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
        made.append((path, solution, student_notebook(read_notebook(solution, f"solutions/{path.name}"))))
    written = []
    for path, solution, nb in made:
        if answers_hidden(solution, path.name):
            nbformat.write(solution, path)
        seconds = timed(nb) if execute else None
        target = root / "exercises" / path.name
        nbformat.write(nb, target)
        if seconds is not None:
            record(root, target, seconds, "python3 tasks.py exercises")
        written.append(target)
    return written
