"""`python -m tools COMMAND ...`: the commands behind tasks.py (run inside .venv).

This layer only parses arguments, calls the module that does the work and prints what it did;
paths on the command line are relative to where the command was typed.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cmd_exercises(args: list[str]) -> int:
    from . import execution_times
    from .exercises import ExerciseError, generate
    from .instructors import update
    p = argparse.ArgumentParser(prog="tasks.py exercises", description="Regenerate exercises/ from solutions/.")
    p.add_argument("chapters", nargs="*", help="stems, notebook names or paths (default: every chapter)")
    a = p.parse_args(args)
    try:
        for path in generate(ROOT, a.chapters or None):
            print(f"wrote {path.relative_to(ROOT)}")
    except ExerciseError as err:
        print(f"exercises: {err} (nothing written)", file=sys.stderr)
        return 1
    if update(ROOT):
        print("updated the chapter list of instructors.md")
    if execution_times.update(ROOT):
        print("updated the times on execution_statistics.md")
    return 0


def cmd_run(args: list[str]) -> int:
    from . import execution_times
    from .execute import run_in_place
    p = argparse.ArgumentParser(prog="tasks.py run", description="Execute notebooks and store their outputs.")
    p.add_argument("notebooks", nargs="+", help="notebook paths")
    a = p.parse_args(args)
    for name in a.notebooks:
        path = Path(name).resolve()
        seconds = run_in_place(path, ROOT)
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        print(f"{shown}: executed in {seconds:.1f} s, outputs stored")
    if execution_times.update(ROOT):
        print("updated the times on execution_statistics.md")
    return 0


def cmd_book(args: list[str]) -> int:
    from .book import build
    p = argparse.ArgumentParser(prog="tasks.py book", description="Build the book into _build/html (warnings are errors).")
    p.add_argument("--execute", action="store_true", help="execute every notebook (default: render the stored outputs)")
    a, extra = p.parse_known_args(args)
    return build(ROOT, execute=a.execute, extra=extra).returncode


def cmd_pack(args: list[str]) -> int:
    from .exercise_model import ExerciseError, stem_of
    from .grading import make_pack
    p = argparse.ArgumentParser(prog="tasks.py pack", description="Make an assignment pack from a solution notebook.")
    p.add_argument("chapter", help="stem, notebook name or path, e.g. 01_regression or solutions/01_regression.ipynb")
    p.add_argument("--exercises", help="comma-separated exercise numbers (default: all)")
    p.add_argument("--out", help="folder to write (default: packs/STEM)")
    a = p.parse_args(args)
    stem = stem_of(a.chapter)
    out = Path(a.out or f"packs/{stem}").resolve()
    try:
        make_pack(ROOT, a.chapter, out, a.exercises.split(",") if a.exercises else None)
    except (FileNotFoundError, ExerciseError) as err:
        print(f"pack: {err}", file=sys.stderr)
        return 1
    print(f"hand out: {out / 'student' / (stem + '.ipynb')}\nkeep:     {out / 'instructor'} (grading.json, answer key)")
    return 0


def cmd_grade(args: list[str]) -> int:
    from .exercise_model import ExerciseError
    from .grading import Limits, assignment, default_out, grade_folder, summary
    p = argparse.ArgumentParser(prog="tasks.py grade", description="Grade a folder of submitted notebooks.")
    p.add_argument("source", help="a chapter (stem, notebook name or path: all its exercises) or a pack folder made by `pack`")
    p.add_argument("submissions", help="folder of STUDENT.ipynb files or STUDENT/ folders holding one notebook")
    p.add_argument("--out", help="folder for grades.csv and report.md (default: SUBMISSIONS-graded)")
    p.add_argument("--time", type=float, default=300, help="seconds per notebook (default 300)")
    p.add_argument("--cell-time", type=float, default=120, help="seconds per cell (default 120)")
    p.add_argument("--memory", type=int, default=4096, help="MB of address space per notebook (default 4096)")
    p.add_argument("--workers", type=int, default=2, help="notebooks graded at once (default 2)")
    p.add_argument("--seed", type=int, help="draw fresh inputs for every check with a CHECK_SEED line from this seed "
                                            "(default: the inputs the students saw)")
    a = p.parse_args(args)
    try:
        spec, forbidden = assignment(ROOT, a.source)
    except (FileNotFoundError, ExerciseError) as err:
        print(f"grade: {err}", file=sys.stderr)
        return 1
    submissions = Path(a.submissions).resolve()
    out = Path(a.out).resolve() if a.out else default_out(submissions)
    limits = Limits(seconds=a.time, cell_seconds=a.cell_time, memory_mb=a.memory)
    grades = grade_folder(spec, submissions, out, limits, forbidden, workers=a.workers, seed=a.seed)
    print("\n".join(summary(spec, grades)))
    print(f"wrote {out / 'grades.csv'}, {out / 'report.md'} and the exports beside them (feedback/, gradescope/, "
          f"prairielearn/, grades-long.csv, gradebook.csv)")
    return 0


COMMANDS = {"exercises": cmd_exercises, "run": cmd_run, "book": cmd_book, "pack": cmd_pack, "grade": cmd_grade}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(f"usage: python -m tools {{{','.join(COMMANDS)}}} ...", file=sys.stderr)
        return 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
