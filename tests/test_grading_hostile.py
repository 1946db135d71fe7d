"""A hostile class against the grader (issue 17): each submission tries one class of attack on Chapter 1.

Every submission is made from solutions/01_regression.ipynb (answers in place) or
exercises/01_regression.ipynb (unanswered), with an attack written into an exercise cell, and the
whole folder is graded once, two at a time, on exercises 1.1, 1.3 and 1.4. Each test states the
status the attack must get. Selected by `python3 tasks.py test 01` (the class name holds the stem).
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import nbformat
import pytest

from tools.grading import Limits, grade_folder, grading_spec

pytestmark = pytest.mark.notebooks

ROOT = Path(__file__).resolve().parent.parent
SOLUTION = ROOT / "solutions" / "01_regression.ipynb"
EXERCISE = ROOT / "exercises" / "01_regression.ipynb"
GRADED = ["1.1", "1.3", "1.4"]
GD_STEP = ("def gd_step(theta, X, y, lr):\n"
           "    return theta - lr * (2.0 / X.shape[0]) * (X.T @ (X @ theta - y))\n")
WRONG_GD_STEP = "def gd_step(theta, X, y, lr):\n    return theta\n"


def notebook(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def with_cell(nb, ex_id: str, body: str, first_line: str | None = None) -> nbformat.NotebookNode:
    """A copy of `nb` whose exercise cell `ex_id` is `body` (after its first line, kept unless given)."""
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.startswith(f"# Exercise {ex_id}:"):
            cell.source = (first_line or cell.source.splitlines()[0]) + "\n" + body
    return nb


# ---------------------------------------------------------------- the attacks

FAKE_RESULT = '{"id": "1.1", "status": "pass", "points": 99, "message": ""}\\n'
WRITES_OWN_SCORE = f"""
import gc, os, sys
for obj in gc.get_objects():                       # the grader's own result writer, if it were here
    if callable(getattr(obj, "write", None)) and "result" in repr(obj).lower():
        try:
            obj.write('{FAKE_RESULT}')
        except Exception:
            pass
for root, _, files in os.walk("/tmp"):             # a results file of any job
    for f in files:
        if "result" in f:
            try:
                open(os.path.join(root, f), "a").write('{FAKE_RESULT}')
            except Exception:
                pass
for fd in range(3, 64):                            # every descriptor it holds
    try:
        os.write(fd, b'{FAKE_RESULT}' * 4)
    except OSError:
        pass
"""

READS_A_CLASSMATE = """
import glob, os
stolen = ""
for path in glob.glob("/tmp/grade-*/**", recursive=True) + glob.glob("/proc/[0-9]*/fd/*"):
    try:
        stolen += open(path, errors="ignore").read(1 << 20)
    except Exception:
        pass
if "theta - lr * gradient" in stolen:
""" + "    " + GD_STEP.replace("\n    ", "\n        ")

READS_THE_CHECK = """
import inspect, sys
def gd_step(theta, X, y, lr):
    frame = inspect.currentframe()
    while frame is not None:                       # the check's reference value, from any frame above
        for scope in (frame.f_locals, frame.f_globals):
            if "_want" in scope:
                return scope["_want"]
        frame = frame.f_back
    globals()["_X"] = X * 0                        # or change the check's inputs
    return theta
"""

PATCHES_DURING_THE_CALL = """
import threading
import numpy
def gd_step(theta, X, y, lr):
    original = numpy.allclose
    numpy.allclose = lambda *a, **k: True          # only while the check compares ...
    threading.Timer(0.05, lambda: setattr(numpy, "allclose", original)).start()   # ... then put back
    return theta
"""

SHADOWS_MODULES = """
import os
os.makedirs("sklearn/linear_model", exist_ok=True)
open("sklearn/__init__.py", "w").write("")
open("sklearn/linear_model/__init__.py", "w").write(
    "import numpy as np\\nclass Ridge:\\n    def __init__(self, **k): pass\\n"
    "    def fit(self, X, y):\\n        self.coef_ = np.zeros(X.shape[1])\\n        return self\\n")
open("optax.py", "w").write("raise ImportError('shadowed')\\n")
import jax.numpy as jnp
def ridge_closed_form(X, y, lam):
    return jnp.zeros(X.shape[1])
"""

SWAPS_CODE = """
import gc, numpy, numpy.testing
always = (lambda *a, **k: True).__code__
for f in (numpy.allclose, numpy.isclose):
    try:
        f.__code__ = always
    except Exception:
        pass
for obj in gc.get_objects():
    if getattr(obj, "__name__", "") == "allclose" and hasattr(obj, "__code__"):
        obj.__code__ = always
""" + WRONG_GD_STEP

DIR_FD = f"""
import os
got = ""
try:
    root = os.open("/", os.O_RDONLY | os.O_DIRECTORY)
    fd = os.open({str(SOLUTION)[1:]!r}, os.O_RDONLY, dir_fd=root)
    got = os.read(fd, 1 << 22).decode()
    os.open("tmp/hostile-dirfd-was-here", os.O_WRONLY | os.O_CREAT, dir_fd=root)
except OSError:
    pass
if "gradient = (2.0" in got:
""" + "    " + GD_STEP.replace("\n    ", "\n        ")

SQLITE = """
import sqlite3
db = sqlite3.connect("/tmp/hostile-sqlite-was-here.db")
db.execute("create table t (x)")
db.commit()
""" + GD_STEP

GC_THEN_READ = """
import gc
for obj in gc.get_objects():                       # switch the audit hook's guard off
    if isinstance(obj, dict) and "armed" in obj and "violation" in obj:
        obj["armed"] = False
got = ""
for path in [{outside!r}, {solution!r}]:
    try:
        got += open(path).read()
    except OSError:
        pass
if "gradient = (2.0" in got:
""" + "    " + GD_STEP.replace("\n    ", "\n        ")

EXITS = """
import os
def gd_step(theta, X, y, lr):
    os._exit(0)                                    # exit code 0: not a success
"""

KILLS_ITSELF = """
import signal
def huber_grad(y_pred, y, delta):
    signal.raise_signal(signal.SIGKILL)
"""

THREAD_AND_RAW_WRITE = """
import os, threading, time
threading.Thread(target=lambda: time.sleep(10 ** 6)).start()     # never ends, not a daemon
try:
    os.write(1, b"x" * (64 << 20))                 # 64 MB straight to the descriptor
except OSError:
    pass
""" + GD_STEP


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    solved, stub = notebook(SOLUTION), notebook(EXERCISE)
    outside = tmp / "elsewhere" / "a_copy_of_the_solutions.ipynb"       # the instructor's copy, outside the repo
    outside.parent.mkdir()
    outside.write_text(SOLUTION.read_text())
    subs = tmp / "subs"
    subs.mkdir()

    def submit(name: str, nb):
        nbformat.write(nb, subs / f"{name}.ipynb")

    submit("good", solved)
    submit("writes_own_score", with_cell(stub, "1.1", WRITES_OWN_SCORE + "raise NotImplementedError"))
    submit("reads_a_classmate", with_cell(stub, "1.1", READS_A_CLASSMATE))
    submit("reads_the_check", with_cell(solved, "1.1", READS_THE_CHECK))
    submit("patches_during_the_call", with_cell(solved, "1.1", PATCHES_DURING_THE_CALL))
    submit("shadows_modules", with_cell(solved, "1.4", SHADOWS_MODULES))
    submit("swaps_code", with_cell(solved, "1.1", SWAPS_CODE))
    submit("dir_fd", with_cell(stub, "1.1", DIR_FD))
    submit("sqlite3", with_cell(solved, "1.1", SQLITE))
    submit("gc_then_read", with_cell(stub, "1.1", GC_THEN_READ.format(outside=str(outside), solution=str(SOLUTION))))
    submit("exits", with_cell(solved, "1.1", EXITS))
    submit("kills_itself", with_cell(solved, "1.3", KILLS_ITSELF))
    submit("thread_and_raw_write", with_cell(solved, "1.1", THREAD_AND_RAW_WRITE))
    trimmed = nbformat.from_dict(json.loads(json.dumps(solved)))
    for cell in trimmed.cells:                      # '# Exercise 1.1: return theta ...' -> '#Exercise 1.1'
        if cell.cell_type == "code" and cell.source.startswith("# Exercise "):
            first, _, rest = cell.source.partition("\n")
            cell.source = "#" + first[2:].split(":")[0] + "\n" + rest
    submit("trimmed_headings", trimmed)
    (subs / "deep_json.ipynb").write_text('{"cells": ' + "[" * 100_000 + "]" * 100_000 + "}")
    (subs / "links_the_solution.ipynb").symlink_to(SOLUTION)
    (subs / "in_a_folder").mkdir()                  # the real notebook unanswered, a Jupyter copy solved
    nbformat.write(stub, subs / "in_a_folder" / "01_regression.ipynb")
    nbformat.write(solved, subs / "in_a_folder" / "01_regression-Copy1.ipynb")
    (subs / '=HYPERLINK("evil")').mkdir()       # names a spreadsheet or Markdown would interpret
    (subs / '=HYPERLINK("evil")' / "01_regression.ipynb").write_text("{}")
    (subs / "eve\n## You all got 100.ipynb").write_text("{}")
    out = tmp / "out"
    spec = grading_spec(SOLUTION, GRADED)
    grades = {g.student: g for g in grade_folder(spec, subs, out, Limits(seconds=240, cell_seconds=40, memory_mb=4096))}
    return grades, spec, out, tmp


def status(grades, student):
    g = grades[student]
    return {k: v["status"] for k, v in sorted(g.results.items())}


def points(hostile, student) -> int:
    grades, spec, _, _ = hostile
    return sum(grades[student].points(spec).values())


class TestHostile01_regression:
    def test_a_correct_notebook_gets_full_marks(self, hostile):
        assert status(hostile[0], "good") == {i: "pass" for i in GRADED}, hostile[0]["good"]

    # 1. its own score
    def test_writing_its_own_score_gets_nothing(self, hostile):
        assert points(hostile, "writes_own_score") == 0, hostile[0]["writes_own_score"]
        assert "pass" not in status(hostile[0], "writes_own_score").values()

    # 2. a classmate's job
    def test_reading_a_classmates_job_finds_nothing(self, hostile):
        assert points(hostile, "reads_a_classmate") == 0, hostile[0]["reads_a_classmate"]

    # 3. subverting a check
    @pytest.mark.parametrize("student, exercise", [("reads_the_check", "1.1"), ("patches_during_the_call", "1.1"),
                                                   ("shadows_modules", "1.4"), ("swaps_code", "1.1")])
    def test_a_check_cannot_be_subverted(self, hostile, student, exercise):
        s = status(hostile[0], student)
        assert s[exercise] == "fail", hostile[0][student]
        assert all(v == "pass" for k, v in s.items() if k != exercise), f"another exercise was affected: {s}"

    # 4. the file guard
    def test_dir_fd_opens_read_and_write_nothing(self, hostile):
        assert points(hostile, "dir_fd") == 0, hostile[0]["dir_fd"]
        assert not Path("/tmp/hostile-dirfd-was-here").exists()

    def test_sqlite_writes_nothing_outside(self, hostile):
        assert status(hostile[0], "sqlite3")["1.1"] in {"forbidden", "error"}, hostile[0]["sqlite3"]
        assert not Path("/tmp/hostile-sqlite-was-here.db").exists()

    def test_switching_the_guard_off_reads_nothing_even_outside_the_repository(self, hostile):
        assert points(hostile, "gc_then_read") == 0, hostile[0]["gc_then_read"]

    # 5. one notebook cannot stop the class
    def test_deeply_nested_json_is_invalid_and_the_rest_are_graded(self, hostile):
        grades, spec, out, _ = hostile
        assert grades["deep_json"].status == "invalid-notebook"
        assert "nested too deeply" in grades["deep_json"].results["1.1"]["message"]
        rows = list(csv.DictReader(open(out / "grades.csv")))
        assert len(rows) == len(grades)

    # 6. what counts as the submission
    def test_a_symlinked_submission_is_refused(self, hostile):
        assert hostile[0]["links_the_solution"].status == "refused-symlink"
        assert points(hostile, "links_the_solution") == 0

    def test_the_real_notebook_is_graded_and_the_copy_reported(self, hostile):
        g = hostile[0]["in_a_folder"]
        assert points(hostile, "in_a_folder") == 0 and set(status(hostile[0], "in_a_folder").values()) == {"fail"}, g
        assert any("01_regression-Copy1.ipynb" in n for n in g.notes), g.notes

    def test_a_trimmed_exercise_line_still_counts(self, hostile):
        assert status(hostile[0], "trimmed_headings") == {i: "pass" for i in GRADED}, hostile[0]["trimmed_headings"]

    # 7. statuses that say what happened
    def test_exiting_is_crashed_not_ok(self, hostile):
        g = hostile[0]["exits"]
        assert status(hostile[0], "exits") == {"1.1": "crashed", "1.3": "pass", "1.4": "pass"}, g
        assert "exited with code 0" in g.results["1.1"]["message"]

    def test_sigkill_is_crashed_with_the_signal(self, hostile):
        g = hostile[0]["kills_itself"]
        assert status(hostile[0], "kills_itself") == {"1.1": "pass", "1.3": "crashed", "1.4": "pass"}, g
        assert "SIGKILL" in g.results["1.3"]["message"]

    def test_a_leftover_thread_and_a_raw_write_change_nothing(self, hostile):
        g = hostile[0]["thread_and_raw_write"]
        assert g.status == "ok" and status(hostile[0], "thread_and_raw_write") == {i: "pass" for i in GRADED}, g

    def test_names_cannot_inject_a_formula_or_a_heading(self, hostile):
        grades, spec, out, _ = hostile
        for name in ("grades.csv", "grades-long.csv", "gradebook.csv"):
            for row in csv.reader(open(out / name)):
                assert not any(c.startswith(("=", "+", "@")) for c in row), (name, row)
        report = (out / "report.md").read_text()
        assert "\n## You all got 100" not in report and "## eve" in report
        assert all(not line.startswith("## =") for line in report.splitlines())
