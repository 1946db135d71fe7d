"""The command line: tasks.py (venv bootstrap and dispatch) and `python -m tools` (argument parsing only)."""
from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import nbformat
import pytest

import tasks
import tools.__main__ as cli

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def dispatched(monkeypatch):
    """Run tasks.main without making a venv or starting anything: return what it would have run."""
    calls = []
    monkeypatch.setattr(tasks, "ensure_venv", lambda *a, **k: Path(sys.executable))
    monkeypatch.setattr(tasks, "in_venv", lambda *args, **kw: calls.append((args, kw)) or 0)
    monkeypatch.setattr(tasks, "in_venv_side_by_side",
                        lambda args, **kw: calls.append((tuple(args), {"side_by_side": True})) or 0)
    return calls


def test_help_and_unknown_commands(capsys, dispatched):
    assert tasks.main(["--help"]) == 0 and "tasks.py test --fast" in capsys.readouterr().out
    assert tasks.main(["frobnicate"]) == 2 and "unknown command 'frobnicate'" in capsys.readouterr().err
    assert dispatched == []


@pytest.mark.parametrize("argv, expected, two", [
    (["test"], ["-m", "pytest"], True),
    (["test", "--serial"], ["-m", "pytest"], False),
    (["test", "--fast"], ["-m", "pytest", "-m", "not notebooks and not book"], False),
    (["test", "--fast", "-x"], ["-m", "pytest", "-m", "not notebooks and not book", "-x"], False),
    (["test", "1"], ["-m", "pytest", "-m", "not book", "-k", "01_regression"], True),
    (["test", "03", "-x"], ["-m", "pytest", "-m", "not book", "-k", "03_backprop", "-x"], True),
    (["test", "--serial", "03"], ["-m", "pytest", "-m", "not book", "-k", "03_backprop"], False),
    (["test", "-k", "02_classification"], ["-m", "pytest", "-k", "02_classification"], True),
    (["test", "tests/test_cli.py", "-x"], ["-m", "pytest", "tests/test_cli.py", "-x"], False),
    (["lab"], ["-m", "jupyterlab"], False),
])
def test_test_tiers_become_pytest_arguments(dispatched, argv, expected, two):
    assert tasks.main(argv) == 0
    (args, kw), = dispatched
    assert list(args) == expected and kw.get("side_by_side", False) == two


def test_side_by_side_processes_share_the_tests_and_report_the_worst_status(tmp_path, capfd, monkeypatch):
    """Two processes on a toy suite: every test runs exactly once, in one of them; a failure anywhere fails
    the run; a process that finds every group taken (pytest's status 5) does not."""
    suite = tmp_path / "suite"
    suite.mkdir()
    (suite / "conftest.py").write_text("from tests.claims_plugin import pytest_runtestloop  # noqa: F401\n")
    for i in range(6):
        (suite / f"test_{i}.py").write_text(
            "import os, time\n"
            f"def test_a():\n    time.sleep(0.2)\n    print('RAN {i}a', os.getpid())\n"
            f"def test_b():\n    print('RAN {i}b', os.getpid())\n")
    py = Path(sys.executable)
    args = ["-m", "pytest", str(suite), "-s", "-q", "-p", "no:cacheprovider", "--rootdir", str(suite)]
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    assert tasks.in_venv_side_by_side(args, py=py) == 0
    out = capfd.readouterr().out
    ran = re.findall(r"RAN (\d[ab]) (\d+)", out)
    assert sorted(test for test, _ in ran) == sorted(f"{i}{t}" for i in range(6) for t in "ab"), out
    assert len({pid for _, pid in ran}) == 2, out                      # both processes took some of the work
    assert all(pid == dict(ran)[f"{i}a"] for i in range(6) for test, pid in ran if test == f"{i}b"), out  # a file stays together
    (suite / "test_9.py").write_text("def test_fails():\n    assert False\n")
    assert tasks.in_venv_side_by_side(args, py=py) == 1
    capfd.readouterr()


def test_groups_are_walked_chapter_by_chapter_then_the_rest():
    """A chapter's notebooks and its per-chapter tests are neighbours (they share one process's JAX cache);
    groups of no chapter come last, in collection order; a file and the book stay one group each."""
    from types import SimpleNamespace

    from tests.claims_plugin import groups_of
    ids = ["chapters/01_a.ipynb::Cell 0", "chapters/01_a.ipynb::Cell 1", "chapters/02_b.ipynb::Cell 0",
           "solutions/01_a.ipynb::Cell 0", "solutions/02_b.ipynb::Cell 0", "tests/test_book.py::test_x",
           "tests/test_exercises.py::test_checks[01_a]", "tests/test_exercises.py::test_checks[02_b]",
           "tests/test_structure.py::test_s[01_a]", "tests/test_structure.py::test_t", "tests/test_browser.py::test_y"]
    groups = groups_of([SimpleNamespace(nodeid=i) for i in ids])
    assert [key for key, _ in groups] == [
        "chapters/01_a.ipynb", "solutions/01_a.ipynb", "tests/test_exercises.py::test_checks[01_a]",
        "chapters/02_b.ipynb", "solutions/02_b.ipynb", "tests/test_exercises.py::test_checks[02_b]",
        "book", "tests/test_structure.py"]
    assert [len(items) for _, items in groups] == [2, 1, 1, 1, 1, 1, 2, 2]


def test_a_chapter_that_does_not_exist_is_refused(dispatched):
    with pytest.raises(SystemExit, match="there is no chapter 77"):
        tasks.main(["test", "77"])


def test_the_fast_tier_is_the_markers_of_pytest_ini():
    ini = (ROOT / "pytest.ini").read_text()
    for marker in ("notebooks", "book"):
        assert f"    {marker}:" in ini and marker in tasks.FAST


@pytest.mark.parametrize("argv", [["pack", "01_regression.ipynb", "--out", "w1"], ["grade", "01_regression", "subs"],
                                  ["exercises", "01_regression"], ["run", "chapters/01_regression.ipynb"]])
def test_tools_commands_run_in_the_venv_from_where_they_were_typed(dispatched, argv):
    assert tasks.main(argv) == 0
    (args, kw), = dispatched
    assert list(args) == ["-m", "tools", *argv] and kw["cwd"] == Path.cwd()


def test_bench_uses_its_own_venv(monkeypatch, dispatched):
    made = []
    monkeypatch.setattr(tasks, "ensure_venv", lambda *a, **k: made.append(a) or Path("/bench/python"))
    tasks.main(["bench", "notebooks"])
    assert made == [(tasks.BENCH_VENV, ("requirements.txt", "bench/requirements.txt"))]
    assert dispatched[0][0] == ("-m", "bench", "notebooks") and dispatched[0][1]["py"] == Path("/bench/python")


@pytest.fixture
def no_execution(monkeypatch):
    import tools.execute
    monkeypatch.setattr(tools.execute, "execute_notebook", lambda nb: nb)


@pytest.mark.parametrize("name", ["01_regression", "01_regression.ipynb", "solutions/01_regression.ipynb",
                                  str(ROOT / "exercises" / "01_regression.ipynb")])
def test_pack_accepts_a_stem_a_notebook_name_or_a_path(tmp_path, monkeypatch, capsys, no_execution, name):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["pack", name, "--exercises", "1.1,1.3"]) == 0
    assert [p.name for p in (tmp_path / "packs").iterdir()] == ["01_regression"]
    student = nbformat.read(tmp_path / "packs" / "01_regression" / "student" / "01_regression.ipynb", as_version=4)
    text = "\n".join(c.source for c in student.cells)
    assert "# Exercise 1.1:" in text and "# Exercise 1.3:" in text and "# Exercise 1.2:" not in text
    spec = json.loads((tmp_path / "packs" / "01_regression" / "instructor" / "grading.json").read_text())
    assert [e["id"] for e in spec["exercises"]] == ["1.1", "1.3"]
    assert "hand out: " + str(tmp_path / "packs" / "01_regression" / "student" / "01_regression.ipynb") in capsys.readouterr().out


def test_pack_out_is_relative_to_where_it_was_typed(tmp_path, monkeypatch, no_execution):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["pack", "02_classification", "--out", "week2"]) == 0
    assert (tmp_path / "week2" / "student" / "02_classification.ipynb").exists()


@pytest.mark.parametrize("argv, complaint", [
    (["pack", "77_nothing"], "pack: no solution notebook solutions/77_nothing.ipynb"),
    (["pack", "01_regression", "--exercises", "1.9"], "pack: solutions/01_regression.ipynb has no exercise 1.9"),
    (["grade", "77_nothing.ipynb", "subs"], "grade: no solution notebook solutions/77_nothing.ipynb"),
    (["exercises", "77_nothing"], "no solution notebook for: 77_nothing (nothing written)"),
])
def test_a_bad_chapter_is_one_clear_line_not_a_traceback(capsys, tmp_path, monkeypatch, no_execution, argv, complaint):
    monkeypatch.chdir(tmp_path)
    assert cli.main(argv) == 1
    assert complaint in capsys.readouterr().err
    assert not (tmp_path / "packs").exists() or not any((tmp_path / "packs").iterdir())


def test_unknown_tools_command(capsys):
    assert cli.main(["nothing"]) == 2 and "usage: python -m tools" in capsys.readouterr().err


def test_book_renders_stored_outputs_unless_asked_to_execute(monkeypatch):
    import tools.book
    calls = []
    monkeypatch.setattr(tools.book, "build", lambda root, execute, extra: calls.append((execute, extra)) or
                        type("P", (), {"returncode": 0})())
    assert cli.main(["book"]) == 0 and cli.main(["book", "--execute", "--builder", "html"]) == 0
    assert calls == [(False, []), (True, ["--builder", "html"])]


def test_book_configuration_switches_execution_only():
    from tools.book import config
    off, on = config(ROOT, execute=False), config(ROOT, execute=True)
    assert off["execute"]["execute_notebooks"] == "off" and on["execute"]["execute_notebooks"] == "cache"
    assert {k: v for k, v in off.items() if k != "execute"} == {k: v for k, v in on.items() if k != "execute"}
    assert all(Path(p).is_absolute() for p in off["sphinx"]["local_extensions"].values())


@pytest.mark.notebooks
def test_grade_a_pack_from_the_command_line(tmp_path, monkeypatch, capsys, no_execution):
    """`pack` then `grade PACK SUBMISSIONS` with folder-per-student submissions, as an instructor types them."""
    monkeypatch.chdir(tmp_path)
    assert cli.main(["pack", "01_regression.ipynb", "--exercises", "1.1", "--out", "w1"]) == 0
    subs = tmp_path / "subs"
    (subs / "ada").mkdir(parents=True)
    shutil.copy(tmp_path / "w1" / "student" / "01_regression.ipynb", subs / "ada" / "01_regression.ipynb")
    assert cli.main(["grade", "w1", "subs", "--time", "120"]) == 0
    out = capsys.readouterr().out
    assert "ada" in out and "0 / 1" in out and (tmp_path / "subs-graded" / "grades.csv").exists()
