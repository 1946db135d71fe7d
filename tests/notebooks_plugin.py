"""nbval in strict mode over chapters/, solutions/ and exercises/, each notebook run alone.

Each notebook's kernel starts in a fresh, empty temporary folder (so a notebook that reads a
repository file, or imports from the repository, fails) and in the course's kernel environment
(JAX, Flax and optax DeprecationWarnings are errors: tools/kernel_env.py). Outputs are compared
in strict mode after the substitutions in tests/sanitize.cfg. This is the only execution of the
notebooks in the test run.
"""
from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from nbval.kernel import CURRENT_ENV_KERNEL_NAME, RunningKernel
from nbval.plugin import IPyNbFile

from tools.kernel_env import in_kernel_environment

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIRS = ("chapters", "solutions", "exercises")
SANITIZE = ROOT / "tests" / "sanitize.cfg"
TIMES_DIR = ROOT / "_build" / "notebook_times"      # one file per notebook


class IsolatedNotebook(IPyNbFile):
    """A notebook under nbval whose kernel runs in an empty temporary folder."""

    def setup(self):
        self.workdir = tempfile.mkdtemp(prefix="nbval-")
        with in_kernel_environment():
            self.kernel = RunningKernel(CURRENT_ENV_KERNEL_NAME, cwd=self.workdir,
                                        startup_timeout=self.config.option.nbval_kernel_startup_timeout)
        self.setup_sanitize_files()
        self.started = time.perf_counter()

    def collect(self):
        for item in super().collect():          # every cell is a test that runs notebook code
            item.add_marker(pytest.mark.notebooks)
            yield item

    def get_sanitize_files(self):
        return [str(SANITIZE)]

    def teardown(self):
        seconds = time.perf_counter() - self.started
        TIMES_DIR.mkdir(parents=True, exist_ok=True)
        name = str(self.path.relative_to(ROOT))
        (TIMES_DIR / name.replace("/", "__")).write_text(json.dumps({name: seconds}))
        super().teardown()
        shutil.rmtree(self.workdir, ignore_errors=True)


def pytest_collect_file(file_path: Path, parent):
    if file_path.suffix == ".ipynb" and file_path.parent.name in NOTEBOOK_DIRS and file_path.parent.parent == ROOT:
        return IsolatedNotebook.from_parent(parent, path=file_path)
    return None


def pytest_sessionstart(session):
    shutil.rmtree(TIMES_DIR, ignore_errors=True)


def pytest_terminal_summary(terminalreporter):
    """Print each notebook's execution time and keep them in _build/notebook_times.json."""
    TIMES = {}
    for f in sorted(TIMES_DIR.glob("*")) if TIMES_DIR.exists() else []:
        TIMES.update(json.loads(f.read_text()))
    if not TIMES:
        return
    terminalreporter.section("notebook execution times (kernel start to last cell)")
    for name, seconds in sorted(TIMES.items()):
        terminalreporter.write_line(f"{seconds:7.1f} s  {name}")
    out = ROOT / "_build" / "notebook_times.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(dict(sorted(TIMES.items())), indent=1) + "\n")
