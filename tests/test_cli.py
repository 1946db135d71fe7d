"""The command line: tasks.py (venv bootstrap and dispatch) and `python -m tools` (argument parsing only)."""
from __future__ import annotations

import json
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
                        lambda runs, **kw: calls.extend((tuple(args), kw) for args in runs) or 0)
    return calls


def test_help_and_unknown_commands(capsys, dispatched):
    assert tasks.main(["--help"]) == 0 and "tasks.py test --fast" in capsys.readouterr().out
    assert tasks.main(["frobnicate"]) == 2 and "unknown command 'frobnicate'" in capsys.readouterr().err
    assert dispatched == []


NB = ["chapters", "solutions", "exercises", "tests/test_book.py", "tests/test_browser.py"]
TESTS = ["tests", "--ignore=tests/test_book.py", "--ignore=tests/test_browser.py"]


@pytest.mark.parametrize("argv, expected", [
    (["test"], [["-m", "pytest", *NB], ["-m", "pytest", *TESTS]]),
    (["test", "--serial"], [["-m", "pytest"]]),
    (["test", "--fast"], [["-m", "pytest", "-m", "not notebooks and not book"]]),
    (["test", "--fast", "-x"], [["-m", "pytest", "-m", "not notebooks and not book", "-x"]]),
    (["test", "1"], [["-m", "pytest", *NB, "-m", "not book", "-k", "01_regression"],
                     ["-m", "pytest", *TESTS, "-m", "not book", "-k", "01_regression"]]),
    (["test", "03", "-x"], [["-m", "pytest", *NB, "-m", "not book", "-k", "03_backprop", "-x"],
                            ["-m", "pytest", *TESTS, "-m", "not book", "-k", "03_backprop", "-x"]]),
    (["test", "--serial", "03"], [["-m", "pytest", "-m", "not book", "-k", "03_backprop"]]),
    (["test", "-k", "02_classification"], [["-m", "pytest", *NB, "-k", "02_classification"],
                                           ["-m", "pytest", *TESTS, "-k", "02_classification"]]),
    (["test", "tests/test_cli.py", "-x"], [["-m", "pytest", "tests/test_cli.py", "-x"]]),
    (["lab"], [["-m", "jupyterlab"]]),
])
def test_test_tiers_become_pytest_arguments(dispatched, argv, expected):
    assert tasks.main(argv) == 0
    assert [list(args) for args, _ in dispatched] == expected


def test_the_two_processes_run_every_test_once():
    """Every test file belongs to exactly one of the two processes of `tasks.py test`."""
    nb, tests = (list(shard) for shard in tasks.SHARDS)
    ignored = {a.removeprefix("--ignore=") for a in tests if a.startswith("--ignore=")}
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        rel = path.relative_to(ROOT).as_posix()
        assert (rel in nb) != (rel not in ignored), rel
    assert {"chapters", "solutions", "exercises"} <= set(nb) and "tests" in tests


def test_side_by_side_processes_report_the_worst_status(tmp_path, capsys):
    """Both processes run; the second's output is printed after the first's; a failure anywhere fails the run,
    and "no tests collected" (5) in one process does not."""
    def script(code, text):
        path = tmp_path / f"s{code}{len(text)}.py"
        path.write_text(f"import sys\nprint({text!r})\nsys.exit({code})\n")
        return [str(path)]
    py = Path(sys.executable)
    assert tasks.in_venv_side_by_side([script(0, "first"), script(5, "second")], py=py) == 0
    assert "second" in capsys.readouterr().out
    assert tasks.in_venv_side_by_side([script(0, "a"), script(1, "bb")], py=py) == 1
    assert tasks.in_venv_side_by_side([script(1, "a"), script(0, "bb")], py=py) == 1
    assert tasks.in_venv_side_by_side([script(5, "a"), script(5, "bb")], py=py) == 5


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
