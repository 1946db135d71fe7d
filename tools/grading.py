"""Assignment packs and the offline autograder.

A *grading spec* is made from a solution notebook: the notebook's code cells in order, where
each exercise cell is a slot for the student's cell with the same `# Exercise N.M:` first line
and each check cell is the instructor's. Grading one submission runs that program in a child
process (tools/grade_child.py) in a fresh temporary folder, with time and memory limits: the
instructor's setup cells, then for each exercise the student's cell and the instructor's check.
A submission's other cells are never run, so redefining a check or a helper in them changes
nothing, and the child refuses any access to the instructor's files.
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .exercise_model import ExerciseNotebook, exercise_line, load, solution_path
from .student import answer_key, student_notebook

# ---------------------------------------------------------------- the grading spec

def grading_spec(solution: Path, only: list[str] | None = None) -> dict:
    """The program the grader runs, made from a solution notebook (optionally a subset of its exercises)."""
    return spec_from_model(load(solution, solution.name), only)


def spec_from_model(model: ExerciseNotebook, only: list[str] | None = None) -> dict:
    """The grading program of an exercise model: setup cells, and for each chosen exercise its slot and check."""
    chosen = {e.id for e in model.select(only)}
    cells, listed = [], []
    for cell, (role, e) in zip(model.nb.cells, model.roles()):
        if cell.cell_type != "code" or not cell.source.strip() or role == "colab":
            continue        # the Colab setup cell: nothing to do when grading
        if role == "exercise":
            if e.id in chosen:
                cells.append({"kind": "exercise", "id": e.id})
                listed.append({"id": e.id, "task": e.task, "level": e.level, "points": e.points})
        elif role == "check":
            if e.id in chosen:
                cells.append({"kind": "check", "id": e.id, "source": cell.source})
        else:
            cells.append({"kind": "setup", "source": cell.source})
    return {"notebook": model.stem, "exercises": listed, "cells": cells}


# ---------------------------------------------------------------- assignment packs

def make_pack(root: Path, name: str, out: Path, only: list[str] | None = None, execute: bool = True) -> Path:
    """Write OUT/student/STEM.ipynb (to hand out) and OUT/instructor/{grading.json, STEM.ipynb} (to keep).

    `name` is a chapter stem, a notebook name or a path (see exercise_model.solution_path)."""
    from .execute import execute_notebook

    solution = solution_path(root, name)
    model = load(solution)
    spec = spec_from_model(model, only)
    chosen = [e["id"] for e in spec["exercises"]]
    student = student_notebook(model, chosen)
    if execute:
        execute_notebook(student)
    (out / "student").mkdir(parents=True, exist_ok=True)
    (out / "instructor").mkdir(parents=True, exist_ok=True)
    nbformat.write(student, out / "student" / solution.name)
    nbformat.write(answer_key(model, chosen), out / "instructor" / solution.name)
    (out / "instructor" / "grading.json").write_text(json.dumps(spec, indent=1) + "\n")
    return out


# ---------------------------------------------------------------- grading

def assignment(root: Path, source: str | Path) -> tuple[dict, list[Path]]:
    """(grading spec, folders forbidden to submissions) for a pack folder made by make_pack, or for a
    chapter named by stem, notebook name or path (all its exercises)."""
    pack = Path(source)
    if (pack / "instructor" / "grading.json").exists():
        return json.loads((pack / "instructor" / "grading.json").read_text()), [pack.resolve(), root]
    return grading_spec(solution_path(root, source)), [root]


def default_out(submissions: Path) -> Path:
    """Where grades go unless told: SUBMISSIONS-graded beside the submissions folder."""
    return submissions.with_name(submissions.name + "-graded")


def summary(spec: dict, grades: list[Grade]) -> list[str]:
    """One line per student: name, points out of the total, status."""
    total = sum(e["points"] for e in spec["exercises"])
    return [f"{g.student:30s} {sum(g.points(spec).values()):3d} / {total}  {g.status}" for g in grades]


@dataclass
class Limits:
    seconds: float = 300.0          # per notebook
    cell_seconds: float = 120.0     # per student cell and per check
    memory_mb: int = 4096           # address space of the grading process
    output_kb: int = 256            # printed text kept per submission


@dataclass
class Grade:
    student: str
    status: str                                     # ok, invalid-notebook, timeout, memory-limit, crashed
    results: dict[str, dict] = field(default_factory=dict)   # id -> {"status", "points", "message"}

    def points(self, spec) -> dict[str, int]:
        return {e["id"]: self.results.get(e["id"], {}).get("points", 0) for e in spec["exercises"]}


def find_submissions(folder: Path) -> dict[str, Path]:
    """{student: notebook}: STUDENT.ipynb directly in the folder, or one notebook in a folder STUDENT/."""
    found = {}
    for entry in sorted(folder.iterdir()):
        if entry.is_file() and entry.suffix == ".ipynb":
            found[entry.stem] = entry
        elif entry.is_dir():
            notebooks = sorted(entry.rglob("*.ipynb"))
            notebooks = [p for p in notebooks if ".ipynb_checkpoints" not in p.parts]
            if notebooks:
                found[entry.name] = notebooks[0]
    return found


def student_cells(path: Path) -> tuple[dict[str, str] | None, str]:
    """{exercise id: the student's exercise cell} from a submission, or (None, why it cannot be read)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        cells = raw["cells"]
        sources = []
        for c in cells:
            if c.get("cell_type") == "code":
                s = c.get("source", "")
                sources.append("".join(s) if isinstance(s, list) else str(s))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, AttributeError) as err:
        return None, f"not a readable notebook ({type(err).__name__}: {str(err)[:120]})"
    found = {}
    for source in sources:
        line = exercise_line(source)
        if line:
            found[line[0]] = source     # the last cell with that heading wins
    return found, ""


def grade_one(spec: dict, student: str, path: Path, limits: Limits, forbidden: list[Path]) -> Grade:
    """Grade one submission in its own process and temporary folder."""
    cells, why = student_cells(path)
    if cells is None:
        return Grade(student, "invalid-notebook", {e["id"]: {"status": "not graded", "points": 0, "message": why}
                                                   for e in spec["exercises"]})
    work = Path(tempfile.mkdtemp(prefix="grade-"))
    job = {"spec": spec, "student_cells": cells, "limits": limits.__dict__,
           "forbidden": [str(p.resolve()) for p in forbidden]}
    (work / "job.json").write_text(json.dumps(job))
    results_file = work / "results.jsonl"
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "LANG", "LC_ALL", "SYSTEMROOT"}}
    env.update(HOME=str(work), MPLCONFIGDIR=str(work / ".mpl"), MPLBACKEND="Agg", PYTHONDONTWRITEBYTECODE="1",
               XLA_FLAGS="--xla_cpu_multi_thread_eigen=false",
               PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    status = "ok"
    with open(work / "output.txt", "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "tools.grade_child", str(work)], cwd=work, env=env,
                                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            code = proc.wait(timeout=limits.seconds)
            if code != 0:
                tail = (work / "output.txt").read_bytes()[-2000:].decode("utf-8", "replace")
                status = "memory-limit" if "MemoryError" in tail or code in (-9, 137) else f"crashed (exit code {code})"
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            status = "timeout"
    results = {}
    if results_file.exists():
        for line in results_file.read_text(errors="replace").splitlines():
            try:
                r = json.loads(line)
                results[r["id"]] = r
            except (json.JSONDecodeError, KeyError, TypeError):
                pass
    for e in spec["exercises"]:
        results.setdefault(e["id"], {"id": e["id"], "status": status if status != "ok" else "not graded",
                                     "points": 0, "message": f"grading stopped: {status}"})
    shutil.rmtree(work, ignore_errors=True)
    return Grade(student, status, results)


def grade_folder(spec: dict, submissions: Path, out: Path, limits: Limits | None = None,
                 forbidden: list[Path] | None = None, workers: int = 2) -> list[Grade]:
    """Grade every submission in a folder; write OUT/grades.csv and OUT/report.md."""
    limits = limits or Limits()
    found = find_submissions(submissions)
    forbidden = list(forbidden or []) + [submissions, out]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        grades = list(pool.map(lambda item: grade_one(spec, item[0], item[1], limits, forbidden), found.items()))
    write_reports(spec, grades, out)
    return grades


def write_reports(spec: dict, grades: list[Grade], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    ids = [e["id"] for e in spec["exercises"]]
    total = sum(e["points"] for e in spec["exercises"])
    with open(out / "grades.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["student", "status", *[f"ex_{i}" for i in ids], "total", "out_of"])
        for g in grades:
            pts = g.points(spec)
            w.writerow([g.student, g.status, *[pts[i] for i in ids], sum(pts.values()), total])
    lines = [f"# Grades for {spec['notebook']}", "",
             f"{len(grades)} submissions; exercises {', '.join(ids)}; {total} points in all.", ""]
    for g in grades:
        pts = g.points(spec)
        lines += [f"## {g.student}: {sum(pts.values())} / {total} ({g.status})", ""]
        for e in spec["exercises"]:
            r = g.results.get(e["id"], {})
            msg = r.get("message", "")
            lines.append(f"- Exercise {e['id']} ({e['level']}, {e['points']} pt): {r.get('status', '?')}"
                         + (f": {msg}" if msg and r.get("status") != "pass" else ""))
        lines.append("")
    (out / "report.md").write_text("\n".join(lines))
