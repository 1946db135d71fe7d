"""Execute notebooks the way the tests do: alone in an empty temporary folder, in the course's kernel environment."""
from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

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


def run_in_place(path: Path) -> float:
    """Execute the notebook at `path`, store its outputs in the file, return the wall time in seconds."""
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    execute_notebook(nb)
    seconds = time.perf_counter() - start
    nbformat.write(nb, path)
    return seconds
