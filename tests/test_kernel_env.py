"""Notebooks run with JAX, Flax and optax DeprecationWarnings (and the notebook's own) as errors."""
import os
import tempfile
from pathlib import Path

import pytest

from tests.kernel import Kernel
from tools.kernel_env import KernelSandbox


@pytest.mark.notebooks
def test_deprecation_warnings_are_errors_in_notebooks():
    with Kernel() as k:
        assert k.run("import warnings, jax.numpy as jnp\nfrom flax import nnx").status == "ok"
        # a real deprecated API: Flax 0.12 deprecates Variable.value in favour of v[...]
        r = k.run("nnx.Param(jnp.ones(2)).value")
        assert r.errors and r.errors[0][0] == "DeprecationWarning", r
        r = k.run("warnings.warn_explicit('old', DeprecationWarning, 'x.py', 1, module='optax._src.alias')")
        assert r.errors and r.errors[0][0] == "DeprecationWarning", r
        r = k.run("warnings.warn('old API in a cell', DeprecationWarning)")
        assert r.errors and r.errors[0][0] == "DeprecationWarning", r
        # other warnings and current APIs are untouched
        assert k.run("warnings.warn('just a note', UserWarning)").status == "ok"
        assert k.run("print(nnx.Param(jnp.ones(2))[...].sum())").stdout.strip() == "2.0"


@pytest.mark.notebooks
def test_notebook_kernel_starts_in_an_empty_folder_without_the_repository():
    with Kernel() as k:
        r = k.run("import os, importlib.util\nprint(os.listdir('.'), importlib.util.find_spec('tools'), importlib.util.find_spec('tests'))")
        assert r.stdout.strip() == "[] None None", r


def test_a_sandbox_removes_both_of_its_folders():
    """The working folder and the IPython folder (startup file, history) go when the kernel is done."""
    with KernelSandbox() as box:
        folders = [Path(box.workdir), box.ipython_dir]
        assert all(f.is_dir() for f in folders) and os.listdir(box.workdir) == []
        assert box.env["IPYTHONDIR"] == str(box.ipython_dir) and "PYTHONPATH" not in box.env
        assert (box.ipython_dir / "profile_default" / "startup" / "00-deprecations-are-errors.py").exists()
    assert not any(f.exists() for f in folders)


@pytest.mark.notebooks
def test_executing_a_notebook_leaves_no_temporary_folders(tmp_path, monkeypatch):
    import nbformat

    from tools.execute import execute_notebook
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("print(1 + 1)")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    assert execute_notebook(nb).cells[0].outputs[0]["text"] == "2\n"
    assert list(tmp_path.iterdir()) == []


def test_compilation_cache_is_set_for_kernels_and_removed_after(tmp_path, monkeypatch):
    from tools.kernel_env import CACHE_VARIABLES, KernelSandbox, compilation_cache
    for name in CACHE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    folder = tmp_path / "cache"
    with compilation_cache(folder):
        with KernelSandbox() as box:
            assert box.env["JAX_COMPILATION_CACHE_DIR"] == str(folder)
            assert box.env["JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS"] == "0"
    assert not folder.exists(), "the cache folder outlived the test run"
    assert not any(name in os.environ for name in CACHE_VARIABLES), "the cache variables outlived the test run"
