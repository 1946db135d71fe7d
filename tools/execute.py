"""Execute notebooks the way the tests do: alone in an empty temporary folder, in the course's kernel environment."""
from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from .execution_times import record
from .kernel_env import in_kernel_environment


def execute_notebook(nb: nbformat.NotebookNode, allow_errors: bool = False, timeout: int = 600) -> nbformat.NotebookNode:
    """Run every cell of `nb` in a fresh kernel whose working folder is an empty temporary directory."""
    workdir = Path(tempfile.mkdtemp(prefix="course-run-"))
    try:
        with in_kernel_environment():
            client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=allow_errors,
                                    record_timing=False, resources={"metadata": {"path": str(workdir)}})
            client.execute()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return nb


def timed(nb: nbformat.NotebookNode) -> float:
    """Execute `nb` (see execute_notebook) and return the wall time in seconds."""
    start = time.perf_counter()
    execute_notebook(nb)
    return time.perf_counter() - start


def run_in_place(path: Path, root: Path | None = None, how: str = "python3 tasks.py run") -> float:
    """Execute the notebook at `path`, store its outputs in the file, return the wall time in seconds.

    With `root`, the time is recorded in root/execution_times.json (see tools/execution_times.py)."""
    nb = nbformat.read(path, as_version=4)
    seconds = timed(nb)
    nbformat.write(nb, path)
    if root is not None:
        record(root, path, seconds, how)
    return seconds
