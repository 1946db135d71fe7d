"""Assignment packs and the offline autograder.

A *grading spec* is made from a solution notebook: the notebook's code cells in order, where each
exercise cell is a slot for the student's cell with the same `# Exercise N.M` first line (the
answer key's cell is kept beside it, for calibration) and each check cell is the instructor's.

Grading a folder (grade_folder):

1. find the submissions without following symbolic links (find_submissions);
2. optionally draw hidden check inputs from the instructor's seed (with_seed);
3. *calibrate*: grade the answer key; a check its answer passes only when run beside it is put in
   'shared' mode and reported, a check it fails is reported as broken (calibrate);
4. grade the submissions, `workers` at a time. Each worker owns one trusted checker process
   (Checker, tools/grade_child.py), which never runs student code: for each job, handed to it
   over a pipe with a private folder (mode 0700), it starts a fresh student's process
   (tools/grade_student.py, locked down with Landlock), runs the instructor's setup and checks in
   its own namespace and calls the student's functions across a narrow channel
   (tools/grade_channel.py: JSON and .npy bytes, never pickle). Results come back on the checker's
   stdout pipe only;
5. compute the points here, from the spec (Grade.points: full points for a pass, else 0), and
   write the reports and exports (tools/exports.py). Whatever goes wrong with one submission
   becomes its status; the class is always graded and the files are always written.
"""
from __future__ import annotations

import datetime
import hashlib
import json
import os
import queue
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .exercise_model import ExerciseNotebook, load, solution_path, student_exercise_id
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
                cells.append({"kind": "exercise", "id": e.id, "answer": cell.source})
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
    memory_mb: int = 4096           # address space of the student's process
    output_kb: int = 256            # printed text kept per submission


NOTEBOOK_STATUSES = {
    "ok": "every exercise was graded (each has its own status)",
    "invalid-notebook": "not a readable notebook (not JSON, nested too deeply, too large, no cells)",
    "refused-symlink": "the submission is a symbolic link (or reached through one): not followed, not graded",
    "timeout": "the notebook ran past its time limit (--time); exercises not reached score 0",
    "memory-limit": "the instructor's setup cells ran out of memory in the submission's process",
    "crashed": "the submission's process could not even run the instructor's setup cells",
    "grader-error": "the grader itself failed on this submission (a bug or a broken spec): regrade it",
}
EXERCISE_STATUSES = {
    "pass": "the check passed: full points",
    "fail": "the check rejected the answer (its message says why)",
    "missing": "no cell whose first line is '# Exercise N.M' in the submission",
    "error": "the exercise cell raised, or the submission's process broke the grading channel",
    "check-error": "the check could not use the answer (wrong type, a non-assertion exception)",
    "timeout": "the cell or the student's function ran past --cell-time",
    "crashed": "the submission's process died (its exit code or signal is in the message); the next "
               "exercises are graded in a fresh process",
    "forbidden": "the submission tried something the grader refuses (files outside its folder, processes, "
                 "signals, sockets, ctypes)",
    "tampered": "(checks run beside the submission only) the submission replaced a function of a library",
    "not graded": "grading stopped before this exercise (see the notebook's status)",
}


@dataclass
class Grade:
    student: str
    status: str                                     # a key of NOTEBOOK_STATUSES
    results: dict[str, dict] = field(default_factory=dict)   # id -> {"status", "message", "trusted"}
    notes: list[str] = field(default_factory=list)  # e.g. other notebooks found beside the graded one
    timestamp: str = ""
    cpu: dict = field(default_factory=dict)         # CPU seconds of the checker and the student's process

    def points(self, spec) -> dict[str, int]:
        """Points per exercise, computed here from the spec: full points for a pass, else 0."""
        return {e["id"]: int(e["points"]) if self.results.get(e["id"], {}).get("status") == "pass" else 0
                for e in spec["exercises"]}


@dataclass
class Submission:
    path: Path | None                               # the notebook to grade (None: refused)
    status: str = "ok"                              # "ok" or "refused-symlink"
    notes: list[str] = field(default_factory=list)


COPY = re.compile(r"^(.*?)(-Copy\d+| \(\d+\)| copy)$")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _clean_name(name: str) -> str:
    return CONTROL.sub("_", name)[:120] or "_"


def find_submissions(folder: Path, stem: str | None = None) -> dict[str, Submission]:
    """{student: Submission}: STUDENT.ipynb directly in the folder, or a folder STUDENT/ holding notebooks.

    Symbolic links are never followed: a submission that is one, or a notebook reached through one,
    is refused. In a student's folder the notebook named like the assignment (STEM.ipynb) is graded,
    else the one that is not a Jupyter copy ('-Copy1'); the others are reported in the notes."""
    found: dict[str, Submission] = {}
    copies: list[tuple[str, Path]] = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        name = _clean_name(entry.stem if entry.suffix == ".ipynb" else entry.name)
        if entry.is_symlink():
            if entry.suffix == ".ipynb" or entry.is_dir():
                found[name] = Submission(None, "refused-symlink", [f"{entry.name} is a symbolic link"])
            continue
        if entry.is_file() and entry.suffix == ".ipynb":
            m = COPY.match(entry.stem)
            if m and (folder / f"{m[1]}.ipynb").exists():
                copies.append((_clean_name(m[1]), entry))
            else:
                found[name] = Submission(entry)
        elif entry.is_dir():
            sub = _student_folder(entry, stem)
            if sub is not None:
                found[name] = sub
    for owner, copy in copies:
        if owner in found:
            found[owner].notes.append(f"{copy.name} (a copy) was found beside it and not graded")
    return found


def _student_folder(folder: Path, stem: str | None) -> Submission | None:
    notebooks, links = [], []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        d = Path(dirpath)
        dirnames[:] = sorted(n for n in dirnames if not n.startswith(".") and not (d / n).is_symlink()
                             or (d / n).is_symlink() and links.append(d / n))
        for f in sorted(filenames):
            if f.endswith(".ipynb"):
                (links if (d / f).is_symlink() else notebooks).append(d / f)
    if not notebooks:
        return Submission(None, "refused-symlink", [f"{p.relative_to(folder)} is a symbolic link" for p in links]) \
            if links else None

    def rank(p: Path):
        return (p.stem != stem, bool(COPY.match(p.stem)), len(p.relative_to(folder).parts), str(p))
    notebooks.sort(key=rank)
    chosen = notebooks[0]
    notes = [f"{p.relative_to(folder)} was found beside {chosen.relative_to(folder)} and not graded"
             for p in notebooks[1:]]
    notes += [f"{p.relative_to(folder)} is a symbolic link and was not followed" for p in links]
    return Submission(chosen, "ok", notes)


MAX_NOTEBOOK = 64 << 20


def student_cells(path: Path) -> tuple[dict[str, str] | None, str]:
    """{exercise id: the student's exercise cell} from a submission, or (None, why it cannot be read).

    The file is opened without following a symbolic link, and any notebook the grader cannot parse
    (too large, nested too deeply for Python's parser, not a notebook) gets a reason, never an exception."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as f:
            data = f.read(MAX_NOTEBOOK + 1)
        if len(data) > MAX_NOTEBOOK:
            return None, f"not a readable notebook (larger than {MAX_NOTEBOOK >> 20} MB)"
        raw = json.loads(data.decode("utf-8"))
        cells = raw["cells"]
        sources = []
        for c in cells:
            if c.get("cell_type") == "code":
                s = c.get("source", "")
                sources.append("".join(map(str, s)) if isinstance(s, list) else str(s))
    except RecursionError:
        return None, "not a readable notebook (JSON nested too deeply)"
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as err:
        return None, f"not a readable notebook ({type(err).__name__}: {str(err)[:120]})"
    found = {}
    for source in sources:
        ex_id = student_exercise_id(source)
        if ex_id:
            found[ex_id] = source     # the last cell with that id wins
    return found, ""


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def grade_one(spec: dict, student: str, path: Path, limits: Limits, forbidden: list[Path] | None = None,
              calibrate: bool = False, checker: Checker | None = None) -> Grade:
    """Grade one submission: a trusted checker process and the student's process (tools/grade_child.py).

    `forbidden` is accepted for compatibility: the student's process can read nothing but Python's
    own folders and its own, whatever the instructor's files are called."""
    cells, why = student_cells(path)
    if cells is None:
        return Grade(student, "invalid-notebook", {e["id"]: {"status": "not graded", "message": why}
                                                   for e in spec["exercises"]}, timestamp=_now())
    return run_checker(spec, student, cells, limits, calibrate, checker)


class Checker:
    """One trusted checker process (tools/grade_child.py), serving one grading worker's jobs in turn.

    It is started on first use and again after a job that it did not finish in time or that killed it;
    each job reaches it over its stdin pipe and its results come back over its stdout pipe."""

    def __init__(self):
        self.proc: subprocess.Popen | None = None
        self.log = Path(tempfile.mkdtemp(prefix="checker-")) / "stderr.txt"

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if k in {"PATH", "LANG", "LC_ALL", "SYSTEMROOT"}}
        env.update(HOME=str(self.log.parent), MPLCONFIGDIR=str(self.log.parent / ".mpl"), MPLBACKEND="Agg",
                   PYTHONDONTWRITEBYTECODE="1", XLA_FLAGS="--xla_cpu_multi_thread_eigen=false",
                   PYTHONPATH=str(Path(__file__).resolve().parent.parent))
        with open(self.log, "ab") as err:
            self.proc = subprocess.Popen([sys.executable, "-P", "-m", "tools.grade_child"], cwd=self.log.parent,
                                         env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err,
                                         start_new_session=True)

    def run(self, job: dict, seconds: float) -> tuple[list[dict], str]:
        """(the result lines of one job, "ok" | "timeout" | "grader-error: why")."""
        if self.proc is None or self.proc.poll() is not None:
            self.start()
        data = json.dumps(job).encode()
        try:
            self.proc.stdin.write(len(data).to_bytes(8, "little") + data)
            self.proc.stdin.flush()
        except OSError as err:
            self.stop()
            return [], f"grader-error: the checker did not take the job ({err})"
        lines, buf, deadline, fd = [], b"", time.monotonic() + seconds, self.proc.stdout.fileno()
        while True:
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([fd], [], [], wait)[0]:
                self.stop()
                return lines, "timeout"
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                code = self.proc.wait()
                tail = self.log.read_bytes()[-1500:].decode("utf-8", "replace").strip().splitlines()
                self.stop()
                return lines, f"grader-error: the checker exited with code {code}: {tail[-1] if tail else ''}"
            buf += chunk
            *complete, buf = buf.split(b"\n")
            for line in complete:
                try:
                    r = json.loads(line)
                except ValueError:
                    continue
                if r.get("done"):
                    return lines, "ok"
                lines.append(r)

    def stop(self) -> None:
        if self.proc is not None:
            _kill_group(self.proc.pid)
            self.proc.wait()
            self.proc = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.log.parent, ignore_errors=True)


def run_checker(spec: dict, student: str, cells: dict[str, str], limits: Limits, calibrate: bool = False,
                checker: Checker | None = None) -> Grade:
    own = checker is None
    checker = checker or Checker()
    work = Path(tempfile.mkdtemp(prefix="grade-"))         # mode 0700: this job's alone
    job = {"spec": spec, "student_cells": cells, "limits": limits.__dict__, "work": str(work), "calibrate": calibrate}
    try:
        lines, status = checker.run(job, limits.seconds)
    finally:
        if own:
            checker.close()
        shutil.rmtree(work, ignore_errors=True)
    results, fatal, landlock, cpu = {}, None, None, {}
    if status.startswith("grader-error"):
        status, fatal = "grader-error", {"message": status.partition(": ")[2]}
    for r in lines:
        if "fatal" in r:
            fatal = r
        elif "landlock" in r:
            landlock = r["landlock"]
        elif "cpu" in r:
            cpu = r["cpu"]
        elif r.get("id") in {e["id"] for e in spec["exercises"]}:
            results[r["id"]] = {k: r[k] for k in ("status", "message", "mode", "isolated", "trusted") if k in r}
    if fatal and status == "ok":
        status = fatal["fatal"]
    for e in spec["exercises"]:
        results.setdefault(e["id"], {"status": status if status not in ("ok",) else "not graded",
                                     "message": (fatal or {}).get("message", f"grading stopped: {status}")})
    grade = Grade(student, status, results, timestamp=_now(), cpu=cpu)
    if landlock == 0:
        grade.notes.append("the kernel has no Landlock: files were guarded by the audit hook only")
    return grade


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def calibrate(spec: dict, limits: Limits, checker: Checker | None = None) -> dict:
    """The spec with each check's mode: grade the answer key; a check that its answer passes only when run
    beside it is marked 'shared' (reported; its verdict is not tamper-proof). Needs the answers in the spec."""
    answers = {c["id"]: c["answer"] for c in spec["cells"] if c["kind"] == "exercise" and c.get("answer")}
    if not answers or all("mode" in c for c in spec["cells"] if c["kind"] == "check"):
        return spec
    g = run_checker(spec, "(answer key)", answers, limits, calibrate=True, checker=checker)
    spec = json.loads(json.dumps(spec))
    broken = []
    for c in spec["cells"]:
        if c["kind"] == "check":
            r = g.results.get(c["id"], {})
            c["mode"] = r.get("mode", "isolated")
            if r.get("status") != "pass":
                broken.append(f"{c['id']} ({r.get('status')}: {r.get('message', '')})")
    why = {c["id"]: g.results.get(c["id"], {}).get("isolated", "") for c in spec["cells"] if c.get("mode") == "shared"}
    spec["calibration"] = {"shared": [c["id"] for c in spec["cells"] if c.get("mode") == "shared"], "broken": broken,
                           "why": why,
                           "landlock": not any("Landlock" in n for n in g.notes)}
    return spec


def grade_folder(spec: dict, submissions: Path, out: Path, limits: Limits | None = None,
                 forbidden: list[Path] | None = None, workers: int = 2, seed: int | None = None) -> list[Grade]:
    """Grade every submission in a folder; write the reports and exports to OUT (see tools/exports.py).

    One submission never stops the others: whatever goes wrong with it becomes its status."""
    limits = limits or Limits()
    if seed is not None:
        spec = with_seed(spec, seed)
    checkers: queue.Queue[Checker] = queue.Queue()
    for _ in range(max(1, workers)):
        checkers.put(Checker())
    first = checkers.get()
    spec = calibrate(spec, limits, first)
    checkers.put(first)
    found = find_submissions(submissions, spec.get("notebook"))

    def one(item) -> Grade:
        student, sub = item
        checker = checkers.get()
        try:
            if sub.path is None:
                g = Grade(student, sub.status, {e["id"]: {"status": "not graded", "message": "; ".join(sub.notes)}
                                                for e in spec["exercises"]}, timestamp=_now())
            else:
                g = grade_one(spec, student, sub.path, limits, checker=checker)
        except Exception as err:           # noqa: BLE001  (a grader bug: this student's status, not the class's)
            g = Grade(student, "grader-error", {e["id"]: {"status": "not graded", "message": f"{type(err).__name__}: {err}"}
                                                for e in spec["exercises"]}, timestamp=_now())
        finally:
            checkers.put(checker)
        g.notes[:0] = sub.notes if sub.path is not None else []
        return g

    try:
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            grades = list(pool.map(one, found.items()))
    finally:
        while not checkers.empty():
            checkers.get().close()
    from .exports import write_all
    write_all(spec, grades, out, seed=seed)
    return grades


# ---------------------------------------------------------------- hidden check inputs

SEED_LINE = re.compile(r"^CHECK_SEED\s*=\s*\d+", re.M)


def hidden_seed(seed: int, ex_id: str) -> int:
    """The seed a check draws its inputs from at grading time: from the instructor's seed and the exercise."""
    return int.from_bytes(hashlib.sha256(f"{seed}:{ex_id}".encode()).digest()[:4], "little")


def with_seed(spec: dict, seed: int) -> dict:
    """The spec with every hidden-input check (one with a line `CHECK_SEED = N`) drawing from the instructor's seed."""
    spec = json.loads(json.dumps(spec))
    for c in spec["cells"]:
        if c["kind"] == "check" and SEED_LINE.search(c["source"]):
            c["source"] = SEED_LINE.sub(f"CHECK_SEED = {hidden_seed(seed, c['id'])}", c["source"], count=1)
            c["hidden"] = True
    spec["seed"] = seed
    return spec
