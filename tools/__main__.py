"""`python -m tools exercises|run|book ...`: the commands behind tasks.py (run inside .venv)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cmd_exercises(args: list[str]) -> int:
    from .exercises import ExerciseError, generate
    from .instructors import update
    try:
        for path in generate(ROOT, args or None):
            print(f"wrote {path.relative_to(ROOT)}")
    except ExerciseError as err:
        print(f"exercises: {err} (nothing written)", file=sys.stderr)
        return 1
    if update(ROOT):
        print("updated the chapter list of instructors.md")
    return 0


def cmd_run(args: list[str]) -> int:
    from .execute import run_in_place
    if not args:
        print("run: name the notebooks to execute", file=sys.stderr)
        return 2
    for name in args:
        path = Path(name).resolve()
        seconds = run_in_place(path)
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        print(f"{shown}: executed in {seconds:.1f} s, outputs stored")
    return 0


def cmd_book(args: list[str]) -> int:
    """Build the book with warnings as errors; extra args go to jupyter-book."""
    jb = Path(sys.executable).parent / "jupyter-book"
    return subprocess.run([str(jb), "build", "-W", "--keep-going", str(ROOT), *args], cwd=ROOT).returncode


def cmd_pack(args: list[str]) -> int:
    import argparse
    from .grading import make_pack
    p = argparse.ArgumentParser(prog="tasks.py pack", description="Make an assignment pack from solutions/STEM.ipynb.")
    p.add_argument("stem", help="chapter, e.g. 01_regression")
    p.add_argument("--exercises", help="comma-separated exercise numbers (default: all)")
    p.add_argument("--out", help="folder to write (default: packs/STEM)")
    a = p.parse_args(args)
    out = Path(a.out or f"packs/{a.stem}").resolve()
    make_pack(ROOT, a.stem.removesuffix(".ipynb"), out, a.exercises.split(",") if a.exercises else None)
    print(f"hand out: {out / 'student' / (a.stem + '.ipynb')}\nkeep:     {out / 'instructor'} (grading.json, answer key)")
    return 0


def cmd_grade(args: list[str]) -> int:
    import argparse
    import json
    from .grading import Limits, grade_folder, grading_spec
    p = argparse.ArgumentParser(prog="tasks.py grade", description="Grade a folder of submitted notebooks.")
    p.add_argument("source", help="a chapter stem (grades all its exercises) or a pack folder made by `pack`")
    p.add_argument("submissions", help="folder of STUDENT.ipynb files or STUDENT/ folders holding one notebook")
    p.add_argument("--out", help="folder for grades.csv and report.md (default: SUBMISSIONS-graded)")
    p.add_argument("--time", type=float, default=300, help="seconds per notebook (default 300)")
    p.add_argument("--cell-time", type=float, default=120, help="seconds per cell (default 120)")
    p.add_argument("--memory", type=int, default=4096, help="MB of address space per notebook (default 4096)")
    p.add_argument("--workers", type=int, default=2, help="notebooks graded at once (default 2)")
    a = p.parse_args(args)
    source, submissions = Path(a.source), Path(a.submissions).resolve()
    if (source / "instructor" / "grading.json").exists():
        spec = json.loads((source / "instructor" / "grading.json").read_text())
        forbidden = [source.resolve(), ROOT]
    else:
        spec = grading_spec(ROOT / "solutions" / f"{a.source.removesuffix('.ipynb')}.ipynb")
        forbidden = [ROOT]
    out = Path(a.out).resolve() if a.out else submissions.with_name(submissions.name + "-graded")
    limits = Limits(seconds=a.time, cell_seconds=a.cell_time, memory_mb=a.memory)
    grades = grade_folder(spec, submissions, out, limits, forbidden, workers=a.workers)
    total = sum(e["points"] for e in spec["exercises"])
    for g in grades:
        print(f"{g.student:30s} {sum(g.points(spec).values()):3d} / {total}  {g.status}")
    print(f"wrote {out / 'grades.csv'} and {out / 'report.md'}")
    return 0


def main(argv: list[str]) -> int:
    commands = {"exercises": cmd_exercises, "run": cmd_run, "book": cmd_book, "pack": cmd_pack, "grade": cmd_grade}
    if not argv or argv[0] not in commands:
        print(f"usage: python -m tools {{{','.join(commands)}}} ...", file=sys.stderr)
        return 2
    return commands[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
