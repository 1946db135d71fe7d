"""The environment every notebook kernel runs in, for the tests and for `tasks.py run`.

JAX, Flax and optax DeprecationWarnings, and DeprecationWarnings raised from a notebook's own
code, are errors: an IPython startup file installs the filter before the first cell runs.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

# Warnings are attributed to the module of the frame `stacklevel` points at: a deprecated
# call in a notebook cell shows up as `__main__`, one inside a library as that library.
DEPRECATION_MODULES = r"(__main__|jax|jaxlib|flax|optax)(\.|$)"

STARTUP = f'''import warnings
warnings.filterwarnings("error", category=DeprecationWarning, module=r"{DEPRECATION_MODULES}")
'''


def kernel_environment() -> dict[str, str]:
    """Environment variables for a kernel: a private IPYTHONDIR with the warning filter, no repo on the path."""
    ipython_dir = Path(tempfile.mkdtemp(prefix="course-ipython-"))
    startup = ipython_dir / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-deprecations-are-errors.py").write_text(STARTUP)
    env = dict(os.environ)
    env["IPYTHONDIR"] = str(ipython_dir)
    env.pop("PYTHONPATH", None)          # the repository must not be importable from a notebook
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return env


@contextlib.contextmanager
def in_kernel_environment():
    """Set os.environ to kernel_environment() while a kernel is started (kernels inherit it), then restore it."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(kernel_environment())
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)
