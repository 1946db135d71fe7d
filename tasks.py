#!/usr/bin/env python3
"""One entry point for the course's chores. Needs only Python 3.11 and pip.

    python3 tasks.py book                  build the book into _build/html (executes notebooks, warnings are errors)
    python3 tasks.py test [PYTEST ARGS]    run the tests (nbval over every notebook, exercises, structure, book)
    python3 tasks.py exercises [STEM ...]  regenerate exercises/ from solutions/ and execute them
    python3 tasks.py run NOTEBOOK ...      execute notebooks in an empty temporary folder and store their outputs
    python3 tasks.py lab                   open JupyterLab in the course environment
    python3 tasks.py pack STEM [--exercises 1.1,1.3] [--out DIR]
                                           an assignment: the student notebook, and the grading checks to keep
    python3 tasks.py grade STEM|PACK SUBMISSIONS [--out DIR]
                                           grade a folder of submitted notebooks: grades.csv and report.md

Every command first makes `.venv` from requirements.txt (again whenever that file changes)
and then runs inside it, so nothing needs to be installed by hand.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PY = VENV / "bin" / "python"
STAMP = VENV / ".requirements.sha256"


def ensure_venv() -> None:
    """Create .venv and install requirements.txt into it, unless it is already current."""
    wanted = hashlib.sha256((ROOT / "requirements.txt").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted and PY.exists():
        return
    if not PY.exists():
        print(f"tasks.py: creating {VENV.name}/ ...", flush=True)
        venv.create(VENV, with_pip=True)
    print("tasks.py: installing requirements.txt ...", flush=True)
    subprocess.run([str(PY), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "-r", str(ROOT / "requirements.txt")], check=True)
    STAMP.write_text(wanted + "\n")


def in_venv(*args: str, cwd: Path = ROOT) -> int:
    """Run `python ARGS` inside the virtual environment (from the repository root unless told)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))      # so `-m tools` works from any folder
    return subprocess.run([str(PY), *args], cwd=cwd, env=env).returncode


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0
    command, rest = argv[0], argv[1:]
    if command not in {"book", "test", "exercises", "run", "lab", "pack", "grade"}:
        print(f"tasks.py: unknown command {command!r}\n{__doc__}", file=sys.stderr)
        return 2
    ensure_venv()
    if command == "test":
        return in_venv("-m", "pytest", *rest)
    if command == "lab":
        return in_venv("-m", "jupyterlab", *rest)
    return in_venv("-m", "tools", command, *rest, cwd=Path.cwd())   # paths are relative to where you typed


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
