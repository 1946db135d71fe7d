#!/usr/bin/env python3
"""One entry point for the course's chores. Needs only Python 3.11 and pip.

    python3 tasks.py book                  build the book into _build/html (executes notebooks, warnings are errors)
    python3 tasks.py test [PYTEST ARGS]    run the tests (nbval over every notebook, exercises, structure, book)
    python3 tasks.py exercises [STEM ...]  regenerate exercises/ from solutions/ and execute them
    python3 tasks.py run NOTEBOOK ...      execute notebooks in an empty temporary folder and store their outputs
    python3 tasks.py lab                   open JupyterLab in the course environment
    python3 tasks.py bench [PART ...]      benchmarks (PyTorch side by side, in .venv-bench): table, JSON, book page
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
VENV = ROOT / ".venv"                  # the course: requirements.txt
BENCH_VENV = ROOT / ".venv-bench"      # benchmarks: the course plus PyTorch (bench/requirements.txt)


def ensure_venv(where: Path = VENV, files: tuple[str, ...] = ("requirements.txt",)) -> Path:
    """Create a virtual environment and install the requirement files into it, unless it is current."""
    py, stamp = where / "bin" / "python", where / ".requirements.sha256"
    wanted = hashlib.sha256(b"".join((ROOT / f).read_bytes() for f in files)).hexdigest()
    if stamp.exists() and stamp.read_text().strip() == wanted and py.exists():
        return py
    if not py.exists():
        print(f"tasks.py: creating {where.name}/ ...", flush=True)
        venv.create(where, with_pip=True)
    print(f"tasks.py: installing {' and '.join(files)} into {where.name}/ ...", flush=True)
    reqs = [arg for f in files for arg in ("-r", str(ROOT / f))]
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *reqs], check=True)
    stamp.write_text(wanted + "\n")
    return py


def in_venv(*args: str, cwd: Path = ROOT, py: Path = VENV / "bin" / "python") -> int:
    """Run `python ARGS` inside a virtual environment (from the repository root unless told)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))      # so `-m tools` works from any folder
    return subprocess.run([str(py), *args], cwd=cwd, env=env).returncode


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0
    command, rest = argv[0], argv[1:]
    if command not in {"book", "test", "exercises", "run", "lab", "pack", "grade", "bench"}:
        print(f"tasks.py: unknown command {command!r}\n{__doc__}", file=sys.stderr)
        return 2
    if command == "bench":
        py = ensure_venv(BENCH_VENV, ("requirements.txt", "bench/requirements.txt"))
        return in_venv("-m", "bench", *rest, py=py)
    ensure_venv()
    if command == "test":
        return in_venv("-m", "pytest", *rest)
    if command == "lab":
        return in_venv("-m", "jupyterlab", *rest)
    return in_venv("-m", "tools", command, *rest, cwd=Path.cwd())   # paths are relative to where you typed


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
