"""The exercise model: a solution notebook read once into its exercises.

Every tool that needs to know what an exercise is (the generator, the assignment packs, the
grader and the instructor guide) asks this module; none of them parses a notebook's exercise
lines itself. In a solution notebook each exercise is three consecutive cells:

- a *statement* (Markdown) whose first line is `## Exercise N.M (routine|medium|hard): title`;
- an *exercise cell* (code) whose first line is `# Exercise N.M: what to write`, holding the
  answer between `### BEGIN SOLUTION` and `### END SOLUTION`;
- a *check cell* (code) whose first line is `# Check Exercise N.M`.

`read_exercises` raises ExerciseError, naming the notebook and the cell, when the markers are
unbalanced, when a heading, an exercise cell and a check cell disagree about the id, when a level
is not one of the three, or when an exercise has no heading or no check. The Colab setup cell is
the code cell whose first line starts with `# Colab setup:`, wherever it is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

BEGIN, END = "BEGIN SOLUTION", "END SOLUTION"
EXERCISE_LINE = re.compile(r"^# Exercise (\d+\.\d+): (\S.*)$")
CHECK_LINE = re.compile(r"^# Check Exercise (\d+\.\d+)\s*$")
HEADING_START = re.compile(r"^#+\s*Exercise\s+\d")           # a Markdown line that means to be a heading
HEADING_LINE = re.compile(r"^#+\s*Exercise (\d+\.\d+)\s*\((\w+)\)\s*:?\s*(.*)$")
COLAB_MARKER = "# Colab setup:"
POINTS = {"routine": 1, "medium": 2, "hard": 3}                 # the levels, and what each is worth
REVEALS = "reveals-answer"      # tag on a check cell whose code gives the answer away


class ExerciseError(ValueError):
    """A solution notebook whose exercises cannot be read: the message names the notebook and cell."""


@dataclass(frozen=True)
class Exercise:
    """One exercise of a solution notebook: what it is and where its three cells are."""
    id: str               # "1.3"
    title: str            # from the heading: "the closed form of ridge regression"
    level: str            # routine, medium or hard
    task: str             # from the exercise cell's first line: what to write (the stub's message)
    statement_cell: int   # index of the Markdown heading cell
    cell: int             # index of the exercise (answer) cell
    check_cell: int       # index of the check cell

    @property
    def points(self) -> int:
        return POINTS[self.level]

    @property
    def stub_message(self) -> str:
        return f"Exercise {self.id}: {self.task}"


@dataclass
class ExerciseNotebook:
    """A solution notebook and its exercises, read once."""
    name: str                     # for messages, e.g. "solutions/01_regression.ipynb"
    nb: nbformat.NotebookNode
    exercises: list[Exercise]

    @property
    def stem(self) -> str:
        return Path(self.name).stem

    def roles(self) -> list[tuple[str, Exercise | None]]:
        """For each cell: ("statement" | "exercise" | "check", its exercise), ("colab", None) or ("other", None)."""
        roles: list[tuple[str, Exercise | None]] = [
            ("colab", None) if is_colab_setup(c) else ("other", None) for c in self.nb.cells]
        for e in self.exercises:
            roles[e.statement_cell], roles[e.cell], roles[e.check_cell] = ("statement", e), ("exercise", e), ("check", e)
        return roles

    def select(self, only: list[str] | None) -> list[Exercise]:
        """The exercises with the given ids (all when `only` is empty), in notebook order."""
        if not only:
            return list(self.exercises)
        unknown = set(only) - {e.id for e in self.exercises}
        if unknown:
            raise ExerciseError(f"{self.name} has no exercise {', '.join(sorted(unknown))}")
        return [e for e in self.exercises if e.id in set(only)]


# ---------------------------------------------------------------- single cells

def first_line(source: str) -> str:
    """The first non-blank line of a cell, stripped ('' for an empty cell)."""
    return source.strip().splitlines()[0].strip() if source.strip() else ""


def exercise_line(source: str) -> tuple[str, str] | None:
    """(id, task) of a cell starting `# Exercise N.M: task` (a solution's or a student's), else None."""
    m = EXERCISE_LINE.match(first_line(source))
    return (m[1], m[2]) if m else None


STUDENT_LINE = re.compile(r"^#\s*Exercise\s+(\d+\.\d+)(?!\d)")


def student_exercise_id(source: str) -> str | None:
    """The exercise id of a submitted cell: its first line starts `# Exercise N.M` (the task after it may be
    trimmed or edited by the student; `# Check Exercise N.M` is not an exercise cell)."""
    m = STUDENT_LINE.match(first_line(source))
    return m[1] if m else None


def check_id(source: str) -> str | None:
    """N.M of a cell starting `# Check Exercise N.M`, else None."""
    m = CHECK_LINE.match(first_line(source))
    return m[1] if m else None


def is_colab_setup(cell) -> bool:
    """The Colab setup cell: a code cell whose first line starts `# Colab setup:`."""
    return cell.cell_type == "code" and first_line(cell.source).startswith(COLAB_MARKER)


def solution_regions(source: str, where: str) -> list[tuple[int, int, str]]:
    """(begin line, end line, indentation) of each answer region; ExerciseError if markers are unbalanced or nested."""
    regions, start, indent = [], None, ""
    for i, line in enumerate(source.splitlines()):
        if BEGIN in line:
            if start is not None:
                raise ExerciseError(f"{where}: nested '### {BEGIN}' at line {i + 1} (the one at line {start + 1} is not closed)")
            start, indent = i, line[: len(line) - len(line.lstrip())]
        elif END in line:
            if start is None:
                raise ExerciseError(f"{where}: '### {END}' at line {i + 1} has no '### {BEGIN}' before it")
            regions.append((start, i, indent))
            start = None
    if start is not None:
        raise ExerciseError(f"{where}: '### {BEGIN}' at line {start + 1} is never closed by '### {END}'")
    return regions


def replace_regions(source: str, replacements: list[str], where: str) -> str:
    """Replace answer region k (markers included) with replacements[k], indented like its marker."""
    regions = solution_regions(source, where)
    if len(regions) != len(replacements):
        raise ExerciseError(f"{where}: {len(regions)} answer regions but {len(replacements)} replacements")
    lines = source.splitlines()
    for (begin, end, indent), text in reversed(list(zip(regions, replacements))):
        lines[begin:end + 1] = [indent + line if line.strip() else "" for line in text.strip("\n").splitlines()]
    return "\n".join(lines)


# ---------------------------------------------------------------- the notebook

def _heading(cell, where: str) -> tuple[str, str, str] | None:
    """(id, level, title) of a Markdown exercise heading; ExerciseError if it means to be one but is malformed."""
    if cell.cell_type != "markdown" or not HEADING_START.match(first_line(cell.source)):
        return None
    m = HEADING_LINE.match(first_line(cell.source))
    if not m:
        raise ExerciseError(f"{where}: the heading {first_line(cell.source)!r} does not read "
                            f"'## Exercise N.M (routine|medium|hard): title'")
    if m[2] not in POINTS:
        raise ExerciseError(f"{where}: exercise {m[1]} has level {m[2]!r}; the levels are {', '.join(POINTS)}")
    return m[1], m[2], m[3].strip()


def read_exercises(nb, name: str) -> list[Exercise]:
    """The exercises of a solution notebook, validated; ExerciseError names the notebook and cell."""
    cells = nb.cells
    where = [f"{name}, cell {i}" for i in range(len(cells))]
    # 1. each cell on its own: answer markers, headings
    headings = {}
    for i, cell in enumerate(cells):
        has_markers = BEGIN in cell.source or END in cell.source
        if cell.cell_type != "code":
            if has_markers:
                raise ExerciseError(f"{where[i]}: answer markers are only allowed in code cells")
            h = _heading(cell, where[i])
            if h:
                headings[i] = h
            continue
        if exercise_line(cell.source) is None:
            if has_markers:
                raise ExerciseError(f"{where[i]}: answer markers in a cell that does not start with '# Exercise N.M: task'")
            continue
        solution_regions(cell.source, where[i])
    # 2. heading, exercise cell and check cell, in that order, agreeing on the id
    exercises, seen, paired_checks = [], set(), set()
    for i, cell in enumerate(cells):
        line = exercise_line(cell.source) if cell.cell_type == "code" else None
        if line is None:
            continue
        ex_id, task = line
        if not solution_regions(cell.source, where[i]):
            raise ExerciseError(f"{where[i]}: exercise {ex_id} has no '### {BEGIN}' / '### {END}' region")
        if ex_id in seen:
            raise ExerciseError(f"{where[i]}: exercise {ex_id} appears twice")
        nxt = cells[i + 1] if i + 1 < len(cells) else None
        if nxt is None or nxt.cell_type != "code" or check_id(nxt.source) != ex_id:
            raise ExerciseError(f"{where[i]}: exercise {ex_id} is not followed by a cell starting '# Check Exercise {ex_id}'")
        heading = headings.get(i - 1)
        if heading is None:
            raise ExerciseError(f"{where[i]}: exercise {ex_id} is not preceded by a Markdown cell starting "
                                f"'## Exercise {ex_id} (routine|medium|hard): title'")
        if heading[0] != ex_id:
            raise ExerciseError(f"{where[i - 1]}: the heading says Exercise {heading[0]} but the exercise cell "
                                f"after it is Exercise {ex_id}")
        seen.add(ex_id)
        paired_checks.add(i + 1)
        exercises.append(Exercise(ex_id, heading[2], heading[1], task, i - 1, i, i + 1))
    # 3. nothing left over: a heading without its exercise, a check without its exercise
    statements = {e.statement_cell for e in exercises}
    for i, (ex_id, _, _) in headings.items():
        if i not in statements:
            raise ExerciseError(f"{where[i]}: the heading of Exercise {ex_id} is not followed by a cell starting "
                                f"'# Exercise {ex_id}: task'")
    for i, cell in enumerate(cells):
        if cell.cell_type == "code" and check_id(cell.source) is not None and i not in paired_checks:
            raise ExerciseError(f"{where[i]}: '# Check Exercise {check_id(cell.source)}' does not directly follow "
                                f"the cell of its exercise")
        if REVEALS in cell.metadata.get("tags", []) and i not in paired_checks:
            raise ExerciseError(f"{where[i]}: only a check cell can be tagged {REVEALS}")
    return exercises


def read_notebook(nb, name: str) -> ExerciseNotebook:
    return ExerciseNotebook(name, nb, read_exercises(nb, name))


def load(path: Path, name: str | None = None) -> ExerciseNotebook:
    """Read and validate the solution notebook at `path` (named in messages as `name`, default solutions/FILE)."""
    return read_notebook(nbformat.read(path, as_version=4), name or f"solutions/{path.name}")


# ---------------------------------------------------------------- naming a chapter

def stem_of(name: str | Path) -> str:
    """The chapter stem from a stem, a notebook name or a path: '01_regression', '01_regression.ipynb',
    'solutions/01_regression.ipynb' and '/abs/exercises/01_regression.ipynb' all give '01_regression'."""
    return Path(str(name).rstrip("/")).name.removesuffix(".ipynb")


def solution_path(root: Path, name: str | Path) -> Path:
    """solutions/STEM.ipynb for a stem, notebook name or path; FileNotFoundError if there is none."""
    path = root / "solutions" / f"{stem_of(name)}.ipynb"
    if not path.exists():
        raise FileNotFoundError(f"no solution notebook solutions/{path.name}")
    return path
