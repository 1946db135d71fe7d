"""Grades where instructors keep them: every file `grade` writes, from the trusted results only.

OUT/
  grades.csv                    one row per student, one column per exercise, the total (as before)
  report.md                     per student: each exercise's status and the failing checks' messages
  grades-long.csv               one row per student and exercise: student, assignment, exercise, points,
                                max_points, status, timestamp, grader_version
  gradebook.csv                 Canvas-style: one row per student, one column per assignment
  feedback/STUDENT.md           for the student: their points and each failing check's message
  gradescope/STUDENT/results.json    Gradescope's autograder results, one per submission
  prairielearn/STUDENT/results.json  PrairieLearn's external-grading results, one per submission

Every text a student controls (their name, a message quoting their code) is made safe for where it
goes: a spreadsheet cell never starts with = + - @ (or a tab or carriage return), so it cannot be
read as a formula; Markdown special characters are escaped so a name cannot open a heading or a link.
"""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

GRADER_VERSION = "course-grader 2"      # bumped whenever grading behaviour changes (issue 17: isolated checks)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    """A CSV cell that a spreadsheet shows as text: a leading formula character gets a quote (OWASP's advice)."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def md(text: str) -> str:
    """One line of Markdown text that renders as the characters it holds (no heading, list, link, HTML)."""
    text = re.sub(r"[\r\n\x00-\x1f\x7f]+", " ", str(text))
    text = re.sub(r"([\\`*_\[\]|<>])", r"\\\1", text)          # emphasis, code, links, tables, HTML
    return re.sub(r"^([#>+\-=]|\d+[.)])", r"\\\1", text)        # a heading, quote or list at the start


def safe_file_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", name).lstrip(".")[:100] or "_"


def _rows(spec: dict, grades) -> list[tuple]:
    return [(g, e, g.results.get(e["id"], {}), g.points(spec)[e["id"]]) for g in grades for e in spec["exercises"]]


def write_grades_csv(spec: dict, grades, out: Path) -> None:
    ids = [e["id"] for e in spec["exercises"]]
    total = sum(e["points"] for e in spec["exercises"])
    with open(out / "grades.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["student", "status", *[f"ex_{i}" for i in ids], "total", "out_of"])
        for g in grades:
            pts = g.points(spec)
            w.writerow([cell(g.student), g.status, *[pts[i] for i in ids], sum(pts.values()), total])


def write_long_csv(spec: dict, grades, out: Path) -> None:
    with open(out / "grades-long.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["student", "assignment", "exercise", "points", "max_points", "status", "timestamp", "grader_version"])
        for g, e, r, pts in _rows(spec, grades):
            w.writerow([cell(g.student), cell(spec["notebook"]), e["id"], pts, e["points"],
                        r.get("status", "not graded"), g.timestamp, GRADER_VERSION])


def write_gradebook(spec: dict, grades, out: Path) -> None:
    """Canvas's gradebook import: identity columns Student, ID, SIS User ID, SIS Login ID, Section, then one column
    per assignment headed with its name; a second row 'Points Possible'. Canvas matches rows by ID or SIS
    User ID, which this grader does not know: the student's name goes in Student and SIS Login ID, the rest is
    left empty for the instructor to fill from Canvas's own export (or merge on the name).
    Format: https://teaching.resources.osu.edu/toolsets/carmencanvas/guides/calculating-final-grades/import-csv-file-carmen-grades
    and Canvas's guide 'How do I import grades in the Gradebook?' (community.canvaslms.com)."""
    total = sum(e["points"] for e in spec["exercises"])
    column = f"{spec['notebook']}"
    with open(out / "gradebook.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", cell(column)])
        w.writerow(["Points Possible", "", "", "", "", total])
        for g in grades:
            w.writerow([cell(g.student), "", "", cell(g.student), "", sum(g.points(spec).values())])


def _messages(spec: dict, g) -> list[tuple[dict, dict]]:
    return [(e, g.results.get(e["id"], {})) for e in spec["exercises"]]


def write_gradescope(spec: dict, g, folder: Path) -> None:
    """Gradescope's results.json (https://gradescope-autograders.readthedocs.io/en/latest/specs/): the total
    `score`, an `output` for the whole submission, and one test per exercise with `name`, `number`,
    `score`, `max_score`, `status` ("passed"/"failed") and `output` (the check's message)."""
    pts = g.points(spec)
    tests = [{"name": f"Exercise {e['id']} ({e['level']})", "number": e["id"], "score": pts[e["id"]],
              "max_score": e["points"], "status": "passed" if r.get("status") == "pass" else "failed",
              "output": f"{r.get('status', 'not graded')}: {r.get('message', '')}".rstrip(": ")}
             for e, r in _messages(spec, g)]
    result = {"score": sum(pts.values()), "output": f"{spec['notebook']}: {g.status}", "tests": tests,
              "extra_data": {"grader_version": GRADER_VERSION, "timestamp": g.timestamp}}
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "results.json").write_text(json.dumps(result, indent=1) + "\n")


def write_prairielearn(spec: dict, g, folder: Path) -> None:
    """PrairieLearn's external-grading results.json (https://docs.prairielearn.com/externalGrading/, 'Grading
    results'): `gradable`, `score` as a fraction in [0, 1], `message`, and `tests` with `name`, `points`,
    `max_points` and `message`. A submission that could not be read is not gradable."""
    pts = g.points(spec)
    total = sum(e["points"] for e in spec["exercises"]) or 1
    tests = [{"name": f"Exercise {e['id']}", "description": e.get("task", ""), "points": pts[e["id"]],
              "max_points": e["points"], "message": f"{r.get('status', 'not graded')}: {r.get('message', '')}".rstrip(": ")}
             for e, r in _messages(spec, g)]
    result = {"gradable": g.status not in ("invalid-notebook", "refused-symlink", "grader-error"),
              "score": sum(pts.values()) / total, "message": f"{spec['notebook']}: {g.status}", "tests": tests}
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "results.json").write_text(json.dumps(result, indent=1) + "\n")


def feedback(spec: dict, g) -> str:
    """What the student reads: their points, and for each exercise that did not pass, what the check said."""
    pts = g.points(spec)
    total = sum(e["points"] for e in spec["exercises"])
    lines = [f"# Feedback on {md(spec['notebook'])}", "", f"Student: {md(g.student)}", "",
             f"Points: {sum(pts.values())} / {total}" + ("" if g.status == "ok" else f" (grading status: {g.status})"), ""]
    for e, r in _messages(spec, g):
        status = r.get("status", "not graded")
        if status == "pass":
            lines.append(f"- Exercise {e['id']}: passed ({pts[e['id']]} / {e['points']})")
        else:
            lines.append(f"- Exercise {e['id']}: {status} (0 / {e['points']}): {md(r.get('message', ''))}")
    lines += [""] + [f"Note: {md(n)}" for n in g.notes]
    return "\n".join(lines).rstrip() + "\n"


def write_report(spec: dict, grades, out: Path) -> None:
    ids = [e["id"] for e in spec["exercises"]]
    total = sum(e["points"] for e in spec["exercises"])
    lines = [f"# Grades for {md(spec['notebook'])}", "",
             f"{len(grades)} submissions; exercises {', '.join(ids)}; {total} points in all; grader {GRADER_VERSION}.", ""]
    cal = spec.get("calibration", {})
    if spec.get("seed") is not None:
        lines += [f"Hidden check inputs drawn from seed {spec['seed']} (checks with a CHECK_SEED line).", ""]
    if cal.get("shared"):
        lines += ["Checks run beside the submission (not tamper-proof; see instructors.md), with why the answer key "
                  "failed them across the channel:", ""]
        lines += [f"- {i}: {md(cal.get('why', {}).get(i, ''))}" for i in cal["shared"]] + [""]
    if cal.get("broken"):
        lines += [f"**The answer key fails these checks, so their grades mean nothing:** {md('; '.join(cal['broken']))}", ""]
    if cal and not cal.get("landlock", True):
        lines += ["The kernel has no Landlock: files were guarded by the audit hook only.", ""]
    for g in grades:
        pts = g.points(spec)
        lines += [f"## {md(g.student)}: {sum(pts.values())} / {total} ({g.status})", ""]
        for e in spec["exercises"]:
            r = g.results.get(e["id"], {})
            msg = r.get("message", "")
            lines.append(f"- Exercise {e['id']} ({e['level']}, {e['points']} pt): {r.get('status', '?')}"
                         + (f": {md(msg)}" if msg and r.get("status") != "pass" else ""))
        lines += [f"- note: {md(n)}" for n in g.notes]
        lines.append("")
    (out / "report.md").write_text("\n".join(lines))


def write_all(spec: dict, grades, out: Path, seed: int | None = None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    write_grades_csv(spec, grades, out)
    write_long_csv(spec, grades, out)
    write_gradebook(spec, grades, out)
    write_report(spec, grades, out)
    used: set[str] = set()
    for g in grades:
        name = safe_file_name(g.student)
        while name in used:
            name += "_"
        used.add(name)
        (out / "feedback").mkdir(exist_ok=True)
        (out / "feedback" / f"{name}.md").write_text(feedback(spec, g))
        write_gradescope(spec, g, out / "gradescope" / name)
        write_prairielearn(spec, g, out / "prairielearn" / name)
