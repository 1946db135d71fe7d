#!/usr/bin/env python3
"""One entry point for the course's chores. Needs only Python 3.11 and pip.

    python3 tasks.py book [--execute]      build the book into _build/html from the stored outputs (warnings are
                                           errors); --execute runs every notebook again
    python3 tasks.py test [PYTEST ARGS]    run every test (nbval over every notebook, exercises, grading, structure, book):
                                           two pytest processes share the tests (--serial: one process;
                                           naming test paths also runs one)
    python3 tasks.py test --fast           the tests that execute no notebook and build no book
    python3 tasks.py test NN               one chapter: its three notebooks, their checks and grading (e.g. test 03)
    python3 tasks.py exercises [STEM ...]  regenerate exercises/ from solutions/ and execute them
    python3 tasks.py run NOTEBOOK ...      execute notebooks in an empty temporary folder and store their outputs
    python3 tasks.py lab                   open JupyterLab in the course environment
    python3 tasks.py bench [PART ...]      benchmarks (PyTorch side by side, in .venv-bench): table, JSON, book page
    python3 tasks.py pack CHAPTER [--exercises 1.1,1.3] [--out DIR]
                                           an assignment: the student notebook, and the grading checks to keep
    python3 tasks.py grade CHAPTER|PACK SUBMISSIONS [--out DIR]
                                           grade a folder of submitted notebooks: grades.csv and report.md

A CHAPTER is a stem (01_regression), a notebook name (01_regression.ipynb) or a path to one.
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


FAST = "not notebooks and not book"     # the markers of pytest.ini
# `tasks.py test` runs two pytest processes at once that share the tests (tests/claims_plugin.py). One
# process leaves half of a 2-core machine idle most of the time (compiling and kernel start-up are
# single-threaded); two use both.
PROCESSES = 2


def pytest_args(args: list[str]) -> list[str]:
    """`test` arguments for pytest: --fast deselects the notebook and book tests; NN selects chapter NN."""
    args = list(args)
    if "--fast" in args:
        args.remove("--fast")
        return ["-m", FAST, *args]
    if args and args[0].isdigit() and len(args[0]) <= 2:
        stems = sorted(p.stem for p in (ROOT / "chapters").glob(f"{int(args[0]):02d}_*.ipynb"))
        if not stems:
            raise SystemExit(f"tasks.py test: there is no chapter {args[0]} in chapters/")
        return ["-m", "not book", "-k", stems[0], *args[1:]]
    return args


def side_by_side(args: list[str]) -> bool:
    """Whether `tasks.py test ARGS` runs two processes: not for the fast tier or named test paths."""
    names_paths = any((ROOT / a.split("::")[0]).exists() for a in args if a and not a.startswith("-"))
    return not names_paths and FAST not in args


def in_venv_side_by_side(args: list[str], processes: int = PROCESSES, py: Path = VENV / "bin" / "python") -> int:
    """Run `python ARGS` in several processes that share one pytest run: each claims the next group of
    tests that no other has claimed, the first from the start, the others from the end
    (tests/claims_plugin.py). The first prints as it goes, the others into log files printed when it
    is done. The exit status is the worst one; pytest's "no tests collected" (5) counts as a pass for
    a process that found every group taken."""
    import tempfile
    with tempfile.TemporaryDirectory(prefix="course-test-") as tmp:
        claims = Path(tmp) / "claims"
        claims.mkdir()
        procs, logs = [], []
        for i in range(processes):
            env = dict(os.environ, PYTHONPATH=str(ROOT), COURSE_TEST_CLAIMS=str(claims),
                       COURSE_TEST_BACKWARD="1" if i else "0")
            log = None if i == 0 else open(Path(tmp) / f"{i}.log", "w+")
            logs.append(log)
            procs.append(subprocess.Popen([str(py), *args], cwd=ROOT, env=env, stdout=log,
                                          stderr=subprocess.STDOUT if log else None))
        codes = []
        for i, (proc, log) in enumerate(zip(procs, logs)):
            codes.append(proc.wait())
            if log is not None:
                log.seek(0)
                print(f"\n===== tasks.py test: process {i + 1} of {processes} (it took its tests from the end) =====",
                      flush=True)
                sys.stdout.write(log.read())
                sys.stdout.flush()
                log.close()
    if all(code == 5 for code in codes):
        return 5
    return max((code for code in codes if code != 5), default=0)


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
        serial = "--serial" in rest
        args = ["-m", "pytest", *pytest_args([a for a in rest if a != "--serial"])]
        return in_venv(*args) if serial or not side_by_side(args[2:]) else in_venv_side_by_side(args)
    if command == "lab":
        return in_venv("-m", "jupyterlab", *rest)
    return in_venv("-m", "tools", command, *rest, cwd=Path.cwd())   # paths are relative to where you typed


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
