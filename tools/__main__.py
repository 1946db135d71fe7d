"""`python -m tools exercises|run|book ...`: the commands behind tasks.py (run inside .venv)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cmd_exercises(args: list[str]) -> int:
    from .exercises import ExerciseError, generate
    try:
        for path in generate(ROOT, args or None):
            print(f"wrote {path.relative_to(ROOT)}")
    except ExerciseError as err:
        print(f"exercises: {err} (nothing written)", file=sys.stderr)
        return 1
    return 0


def cmd_run(args: list[str]) -> int:
    from .execute import run_in_place
    if not args:
        print("run: name the notebooks to execute", file=sys.stderr)
        return 2
    for name in args:
        path = Path(name)
        seconds = run_in_place(path)
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        print(f"{shown}: executed in {seconds:.1f} s, outputs stored")
    return 0


def cmd_book(args: list[str]) -> int:
    """Build the book with warnings as errors; extra args go to jupyter-book."""
    jb = Path(sys.executable).parent / "jupyter-book"
    return subprocess.run([str(jb), "build", "-W", "--keep-going", str(ROOT), *args], cwd=ROOT).returncode


def main(argv: list[str]) -> int:
    commands = {"exercises": cmd_exercises, "run": cmd_run, "book": cmd_book}
    if not argv or argv[0] not in commands:
        print(f"usage: python -m tools {{{','.join(commands)}}} ...", file=sys.stderr)
        return 2
    return commands[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
