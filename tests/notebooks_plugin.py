"""nbval in strict mode over chapters/, solutions/ and exercises/, each notebook run alone.

Each notebook's kernel starts in a fresh, empty temporary folder (so a notebook that reads a
repository file, or imports from the repository, fails) and in the course's kernel environment
(JAX, Flax and optax DeprecationWarnings are errors: tools/kernel_env.py). Outputs are compared
in strict mode after the substitutions in tests/sanitize.cfg. Every cell is a test marked
`notebooks` (deselected by `tasks.py test --fast`); `--durations` shows where the time goes.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from nbval.kernel import CURRENT_ENV_KERNEL_NAME, RunningKernel
from nbval.plugin import IPyNbFile

from tools.kernel_env import KernelSandbox, compilation_cache

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIRS = ("chapters", "solutions", "exercises")
SANITIZE = ROOT / "tests" / "sanitize.cfg"


class IsolatedNotebook(IPyNbFile):
    """A notebook under nbval whose kernel runs in an empty temporary folder."""

    def setup(self):
        self.sandbox = KernelSandbox(prefix="nbval-")
        with self.sandbox.environ():
            self.kernel = RunningKernel(CURRENT_ENV_KERNEL_NAME, cwd=self.sandbox.workdir,
                                        startup_timeout=self.config.option.nbval_kernel_startup_timeout)
        self.setup_sanitize_files()

    def collect(self):
        for item in super().collect():          # every cell is a test that runs notebook code
            item.add_marker(pytest.mark.notebooks)
            yield item

    def get_sanitize_files(self):
        return [str(SANITIZE)]

    def teardown(self):
        super().teardown()                      # stops the kernel
        self.sandbox.close()


def pytest_configure(config):
    """Every kernel of this test run shares one JAX compilation cache (tools/kernel_env.py says why)."""
    cache = compilation_cache(Path(tempfile.mkdtemp(prefix="course-jax-cache-")))
    cache.__enter__()
    config.add_cleanup(lambda: cache.__exit__(None, None, None))


def pytest_collect_file(file_path: Path, parent):
    if file_path.suffix == ".ipynb" and file_path.parent.name in NOTEBOOK_DIRS and file_path.parent.parent == ROOT:
        return IsolatedNotebook.from_parent(parent, path=file_path)
    return None
