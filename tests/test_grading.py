"""The instructor toolkit: assignment packs and the autograder, including every kind of bad submission."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import nbformat
import pytest

from tools.grading import Limits, find_submissions, grade_folder, grade_one, grading_spec, make_pack
from tools.student import student_version

ROOT = Path(__file__).resolve().parent.parent      # forbidden to submissions, as `tasks.py grade` makes it


SETUP = "import numpy as np\nX = np.arange(6.0).reshape(3, 2)"
EX1 = ("# Exercise 9.1: return the column sums of A\ndef col_sums(A):\n"
       "    ### BEGIN SOLUTION\n    return A.sum(axis=0)\n    ### END SOLUTION")
CHECK1 = ("# Check Exercise 9.1\ntry:\n    got = col_sums(X)\nexcept NotImplementedError:\n"
          "    raise AssertionError('Exercise 9.1: col_sums is not written yet (it raises NotImplementedError)') from None\n"
          "assert np.shape(got) == (2,), f'Exercise 9.1: col_sums(X) has shape {np.shape(got)}, expected (2,)'\n"
          "assert np.allclose(got, [6.0, 9.0]), f'Exercise 9.1: col_sums(X) is {got}, expected [6. 9.]'\n"
          "print('Exercise 9.1: correct')")
EX2 = "# Exercise 9.2: return 2 * a\ndef double(a):\n    ### BEGIN SOLUTION\n    return 2 * a\n    ### END SOLUTION"
CHECK2 = ("# Check Exercise 9.2\ntry:\n    got = double(3)\nexcept NotImplementedError:\n"
          "    raise AssertionError('Exercise 9.2: double is not written yet (it raises NotImplementedError)') from None\n"
          "assert got == 6, f'Exercise 9.2: double(3) is {got}, expected 6'\nprint('Exercise 9.2: correct')")
COLAB = "# Colab setup: nothing to install for this toy\nimport sys"


def toy_solution() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    nb.cells = [md("# Toy"), code(COLAB), code(SETUP), md("## Exercise 9.1 (routine): sums"), code(EX1), code(CHECK1),
                md("## Exercise 9.2 (hard): double"), code(EX2), code(CHECK2)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def with_answer(nb, exercise: str, source: str):
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    for cell in nb.cells:
        if cell.source.startswith(f"# Exercise {exercise}:"):
            cell.source = source
    return nb


ANSWER1 = "# Exercise 9.1: return the column sums of A\ndef col_sums(A):\n    return A.sum(axis=0)\n"
ANSWER2 = "# Exercise 9.2: return 2 * a\ndef double(a):\n    return 2 * a\n"


def bad(body: str) -> str:
    """A 9.1 answer that is right but does something forbidden first."""
    return f"# Exercise 9.1: return the column sums of A\n{body}\ndef col_sums(A):\n    return A.sum(axis=0)\n"


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade one folder holding a good submission and every kind of bad one."""
    tmp = tmp_path_factory.mktemp("grading")
    (tmp / "solutions").mkdir()
    solution = tmp / "solutions" / "99_toy.ipynb"
    nbformat.write(toy_solution(), solution)
    spec = grading_spec(solution)
    stub = student_version(toy_solution(), "99_toy.ipynb")
    good = with_answer(with_answer(stub, "9.1", ANSWER1), "9.2", ANSWER2)
    subs = tmp / "submissions"
    subs.mkdir()

    def submit(name, nb):
        nbformat.write(nb, subs / f"{name}.ipynb")

    submit("good", good)
    submit("stub", stub)
    (subs / "in_a_folder" / "work").mkdir(parents=True)          # folder per student, notebook anywhere inside
    nbformat.write(good, subs / "in_a_folder" / "work" / "99_toy.ipynb")
    (subs / "in_a_folder" / ".ipynb_checkpoints").mkdir()       # Jupyter's autosave copy is not the submission
    nbformat.write(stub, subs / "in_a_folder" / ".ipynb_checkpoints" / "00-checkpoint.ipynb")
    (subs / "empty_folder").mkdir()
    submit("crashes", with_answer(good, "9.2", "# Exercise 9.2: return 2 * a\nimport os\nos._exit(3)\n"))
    (subs / "invalid_json.ipynb").write_text('{"cells": [ this is not json')
    (subs / "not_a_notebook.ipynb").write_text('{"hello": 1}')
    deleted = nbformat.from_dict(json.loads(json.dumps(good)))
    deleted.cells = [c for c in deleted.cells if not c.source.startswith("# Exercise 9.2")]
    submit("cell_deleted", deleted)
    reordered = nbformat.from_dict(json.loads(json.dumps(good)))
    reordered.cells = list(reversed(reordered.cells))
    submit("cells_reordered", reordered)
    submit("raises", with_answer(good, "9.1", bad("raise RuntimeError('my bug')")))
    submit("wrong", with_answer(good, "9.1", "# Exercise 9.1: return the column sums of A\ndef col_sums(A):\n    return A.sum(axis=1)\n"))
    submit("infinite_loop", with_answer(good, "9.1", bad("while True:\n    pass")))
    submit("prints_300_mb", with_answer(good, "9.1", bad("for _ in range(300):\n    print('x' * 1_000_000)")))
    submit("writes_outside", with_answer(good, "9.1", bad(f"open({str(tmp / 'evil.txt')!r}, 'w').write('x')")))
    submit("writes_inside", with_answer(good, "9.1", bad("open('scratch.txt', 'w').write('fine')")))
    submit("deletes_a_file", with_answer(good, "9.1", bad(f"import os\nos.remove({str(subs / 'good.ipynb')!r})")))
    submit("reads_solutions", with_answer(good, "9.1", bad(f"answer = open({str(solution)!r}).read()")))
    submit("kills_the_grader", with_answer(good, "9.1", bad("import os, signal\nos.kill(os.getppid(), signal.SIGKILL)")))
    submit("eats_memory", with_answer(good, "9.1", bad("hog = bytearray(8 << 30)")))
    redefined = with_answer(good, "9.1", "# Exercise 9.1: return the column sums of A\ndef col_sums(A):\n    return 0\n")
    for cell in redefined.cells:        # the student's copy of the check, made to pass
        if cell.source.startswith("# Check Exercise 9.1"):
            cell.source = "# Check Exercise 9.1\nprint('Exercise 9.1: correct')"
    submit("redefines_check", redefined)
    submit("patches_numpy", with_answer(good, "9.1", "# Exercise 9.1: return the column sums of A\n"
                                        "import numpy\nnumpy.allclose = lambda *a, **k: True\ndef col_sums(A):\n    return 0\n"))
    submit("rebinds_np", with_answer(good, "9.1", "# Exercise 9.1: return the column sums of A\n"
                                     "class np:\n    allclose = staticmethod(lambda *a, **k: True)\ndef col_sums(A):\n    return 0\n"))
    submit("ignores_the_alarm", with_answer(good, "9.1", bad("import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\nwhile True:\n    pass")))
    out = tmp / "out"
    SPEC.update(spec)
    grades = grade_folder(spec, subs, out, Limits(seconds=30, cell_seconds=3, memory_mb=1024), forbidden=[tmp / "solutions", ROOT])
    return {g.student: g for g in grades}, spec, out, tmp


SPEC: dict = {}


def statuses(grade, spec=None):
    pts = grade.points(spec or SPEC)
    return {k: (v["status"], pts.get(k, 0)) for k, v in sorted(grade.results.items())}


def test_good_submission_gets_full_marks(graded):
    grades, spec, out, tmp = graded
    assert statuses(grades["good"]) == {"9.1": ("pass", 1), "9.2": ("pass", 3)}   # routine 1, hard 3


def test_unanswered_stub_gets_zero_with_the_check_message(graded):
    g = graded[0]["stub"]
    assert statuses(g) == {"9.1": ("fail", 0), "9.2": ("fail", 0)}
    assert "not written yet" in g.results["9.1"]["message"]


@pytest.mark.parametrize("student", ["invalid_json", "not_a_notebook"])
def test_unreadable_notebook(graded, student):
    g = graded[0][student]
    assert g.status == "invalid-notebook" and sum(g.points(graded[1]).values()) == 0
    assert "not a readable notebook" in g.results["9.1"]["message"]


def test_deleted_exercise_cell_costs_only_that_exercise(graded):
    g = graded[0]["cell_deleted"]
    assert statuses(g) == {"9.1": ("pass", 1), "9.2": ("missing", 0)}


def test_reordered_cells_are_matched_by_exercise_number(graded):
    assert statuses(graded[0]["cells_reordered"]) == {"9.1": ("pass", 1), "9.2": ("pass", 3)}


@pytest.mark.parametrize("student, status, words", [
    ("raises", "error", "RuntimeError: my bug"),
    ("wrong", "fail", "col_sums(X) has shape (3,)"),
    ("infinite_loop", "timeout", "limit for one cell"),
    ("writes_outside", "forbidden", "writing"),
    ("deletes_a_file", "forbidden", "remove"),
    ("reads_solutions", "forbidden", "reading"),
    ("kills_the_grader", "forbidden", "sending a signal"),
    ("eats_memory", "error", "MemoryError"),
    ("redefines_check", "fail", "col_sums(X) has shape ()"),
    ("patches_numpy", "fail", "col_sums(X) has shape ()"),      # its patch stays in its own process
    ("rebinds_np", "fail", "col_sums(X) has shape ()"),
])
def test_bad_submission_costs_only_the_affected_exercise(graded, student, status, words):
    g = graded[0][student]
    assert g.results["9.1"]["status"] == status and g.points(graded[1])["9.1"] == 0, g.results
    assert words in g.results["9.1"]["message"], g.results["9.1"]
    assert statuses(g)["9.2"] == ("pass", 3), f"{student}: exercise 9.2 was affected: {g.results}"


def test_an_error_inside_jit_is_an_error_not_a_forbidden_read(graded):
    """Graded on its own with a cell limit that importing JAX on a busy machine fits in (the fixture's is 3 s)."""
    grades, spec, out, tmp = graded
    stub = student_version(toy_solution(), "99_toy.ipynb")
    good = with_answer(with_answer(stub, "9.1", ANSWER1), "9.2", ANSWER2)
    nbformat.write(with_answer(good, "9.2", "# Exercise 9.2: return 2 * a\nimport jax\n"
                               "@jax.jit\ndef double(a):\n    raise ValueError('inside jit')\n"), tmp / "raises_through_jit.ipynb")
    g = grade_one(spec, "raises_through_jit", tmp / "raises_through_jit.ipynb", Limits(seconds=120, cell_seconds=60, memory_mb=4096),
                  [tmp / "solutions", ROOT])
    assert g.results["9.2"]["status"] == "check-error" and "inside jit" in g.results["9.2"]["message"], g.results

def test_printing_hundreds_of_megabytes_is_harmless(graded):
    assert statuses(graded[0]["prints_300_mb"]) == {"9.1": ("pass", 1), "9.2": ("pass", 3)}


def test_writing_in_its_own_folder_is_allowed(graded):
    assert statuses(graded[0]["writes_inside"]) == {"9.1": ("pass", 1), "9.2": ("pass", 3)}


def test_a_folder_per_student_is_graded_under_the_folder_name(graded):
    grades = graded[0]
    assert statuses(grades["in_a_folder"]) == {"9.1": ("pass", 1), "9.2": ("pass", 3)}
    assert "empty_folder" not in grades and "00-checkpoint" not in grades and "work" not in grades


def test_find_submissions(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "nb.ipynb").write_text("{}")
    (tmp_path / "a.ipynb").write_text("{}")
    (tmp_path / "notes.txt").write_text("")
    assert {k: s.path for k, s in find_submissions(tmp_path).items()} == {"a": tmp_path / "a.ipynb", "b": tmp_path / "b" / "nb.ipynb"}


def test_a_process_that_dies_is_crashed_and_keeps_what_was_graded(graded):
    g = graded[0]["crashes"]
    assert g.status == "ok", g
    assert statuses(g) == {"9.1": ("pass", 1), "9.2": ("crashed", 0)}
    assert "exited with code 3" in g.results["9.2"]["message"]


def test_running_out_of_memory_outside_a_cell_is_memory_limit(tmp_path):
    """A MemoryError the child cannot survive (here in a setup cell too big for the limit) stops grading."""
    spec = {"notebook": "toy", "exercises": [{"id": "9.1", "task": "t", "level": "routine", "points": 1}],
            "cells": [{"kind": "setup", "source": "hog = bytearray(8 << 30)"}, {"kind": "exercise", "id": "9.1"},
                      {"kind": "check", "id": "9.1", "source": "print('Exercise 9.1: correct')"}]}
    nbformat.write(with_answer(toy_solution(), "9.1", ANSWER1), tmp_path / "ada.ipynb")
    g = grade_one(spec, "ada", tmp_path / "ada.ipynb", Limits(seconds=60, cell_seconds=20, memory_mb=1024), [ROOT])
    assert g.status == "memory-limit" and g.results["9.1"]["status"] == "memory-limit", g


def test_loop_that_ignores_the_alarm_is_a_timeout_and_the_next_exercise_is_graded(graded):
    g = graded[0]["ignores_the_alarm"]
    assert statuses(g) == {"9.1": ("timeout", 0), "9.2": ("pass", 3)}, g


def test_nothing_outside_was_touched_and_reports_are_written(graded):
    grades, spec, out, tmp = graded
    assert (tmp / "submissions" / "good.ipynb").exists() and not (tmp / "evil.txt").exists()
    rows = list(csv.DictReader(open(out / "grades.csv")))
    assert len(rows) == len(grades) and {r["student"] for r in rows} == set(grades)
    good = next(r for r in rows if r["student"] == "good")
    assert (good["ex_9.1"], good["ex_9.2"], good["total"], good["out_of"]) == ("1", "3", "4", "4")
    report = (out / "report.md").read_text()
    assert "## wrong: 3 / 4" in report and "Exercise 9.1 (routine, 1 pt): fail: Exercise 9.1: col\\_sums(X) has shape" in report


def test_pack_with_a_subset_and_a_hidden_check(tmp_path):
    (tmp_path / "solutions").mkdir()
    nb = toy_solution()
    nb.cells[8].metadata["tags"] = ["reveals-answer"]          # the check of 9.2
    nbformat.write(nb, tmp_path / "solutions" / "99_toy.ipynb")
    make_pack(tmp_path, "99_toy", tmp_path / "pack", only=["9.2"])
    student = nbformat.read(tmp_path / "pack" / "student" / "99_toy.ipynb", as_version=4)
    text = "\n".join(c.source for c in student.cells)
    assert "Exercise 9.1" not in text and "# Exercise 9.2: return 2 * a" in text and "    return 2 * a" not in text
    assert "# Check Exercise 9.2" not in text and "run by your instructor" in text
    spec = json.loads((tmp_path / "pack" / "instructor" / "grading.json").read_text())
    assert [e["id"] for e in spec["exercises"]] == ["9.2"] and "# Check Exercise 9.2" in json.dumps(spec)
    assert (tmp_path / "pack" / "instructor" / "99_toy.ipynb").exists()


def test_exports_for_gradebooks_and_students(graded):
    """The long and wide CSVs, Gradescope's and PrairieLearn's results, and one feedback file per student."""
    grades, spec, out, tmp = graded
    long = list(csv.DictReader(open(out / "grades-long.csv")))
    assert set(long[0]) == {"student", "assignment", "exercise", "points", "max_points", "status", "timestamp", "grader_version"}
    assert len(long) == len(grades) * 2
    row = next(r for r in long if r["student"] == "wrong" and r["exercise"] == "9.1")
    assert (row["assignment"], row["points"], row["max_points"], row["status"]) == ("99_toy", "0", "1", "fail")
    wide = list(csv.reader(open(out / "gradebook.csv")))
    assert wide[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "99_toy"]
    assert wide[1][0] == "Points Possible" and wide[1][-1] == "4"
    assert ["good", "", "", "good", "", "4"] in wide and len(wide) == len(grades) + 2
    gs = json.loads((out / "gradescope" / "wrong" / "results.json").read_text())
    assert gs["score"] == 3 and [t["status"] for t in gs["tests"]] == ["failed", "passed"]
    assert gs["tests"][0]["max_score"] == 1 and "col_sums(X) has shape" in gs["tests"][0]["output"]
    pl = json.loads((out / "prairielearn" / "wrong" / "results.json").read_text())
    assert pl["gradable"] and pl["score"] == 0.75 and pl["tests"][0]["points"] == 0 and pl["tests"][1]["max_points"] == 3
    assert not json.loads((out / "prairielearn" / "invalid_json" / "results.json").read_text())["gradable"]
    feedback = (out / "feedback" / "wrong.md").read_text()
    assert "Points: 3 / 4" in feedback and "Exercise 9.1: fail (0 / 1): Exercise 9.1: col\\_sums(X) has shape (3,)" in feedback
    assert sorted(p.stem for p in (out / "feedback").glob("*.md")) == sorted(grades)
