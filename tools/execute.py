"""Execute notebooks the way the tests do: alone in an empty temporary folder, in the course's kernel environment."""
from __future__ import annotations

import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from .execution_times import record
from .kernel_env import KernelSandbox

CELL_TIMEOUT = 600        # seconds; a chapter runs in about a minute


def execute_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Run every cell of `nb` in a fresh kernel whose working folder is an empty temporary directory."""
    with KernelSandbox() as box, box.environ():
        client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3", record_timing=False,
                                resources={"metadata": {"path": box.workdir}})
        client.execute()
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
