"""Notebooks run with JAX, Flax and optax DeprecationWarnings (and the notebook's own) as errors."""
import pytest

from tests.kernel import Kernel

pytestmark = pytest.mark.notebooks


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


def test_notebook_kernel_starts_in_an_empty_folder_without_the_repository():
    with Kernel() as k:
        r = k.run("import os, importlib.util\nprint(os.listdir('.'), importlib.util.find_spec('tools'), importlib.util.find_spec('tests'))")
        assert r.stdout.strip() == "[] None None", r
