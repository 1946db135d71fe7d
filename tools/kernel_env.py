"""The environment every notebook kernel runs in, for the tests and for `tasks.py run`.

JAX, Flax and optax DeprecationWarnings, and DeprecationWarnings raised from a notebook's own
code, are errors: an IPython startup file installs the filter before the first cell runs. A
KernelSandbox owns the two temporary folders a kernel needs, its empty working folder and its
private IPython folder, and removes both when the kernel is done.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

# Warnings are attributed to the module of the frame `stacklevel` points at: a deprecated
# call in a notebook cell shows up as `__main__`, one inside a library as that library.
DEPRECATION_MODULES = r"(__main__|jax|jaxlib|flax|optax)(\.|$)"

STARTUP = f'''import warnings
warnings.filterwarnings("error", category=DeprecationWarning, module=r"{DEPRECATION_MODULES}")
'''


def kernel_environment(ipython_dir: Path) -> dict[str, str]:
    """Environment variables for a kernel: IPYTHONDIR (made here, with the warning filter), no repo on the path."""
    startup = ipython_dir / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    (startup / "00-deprecations-are-errors.py").write_text(STARTUP)
    env = dict(os.environ)
    env["IPYTHONDIR"] = str(ipython_dir)
    env.pop("PYTHONPATH", None)          # the repository must not be importable from a notebook
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return env


class KernelSandbox:
    """`with KernelSandbox(prefix) as box:` an empty working folder `box.workdir`, and `box.environ()`
    to start a kernel in the course's environment; both temporary folders are removed on close()."""

    def __init__(self, prefix: str = "course-run-"):
        self.workdir = tempfile.mkdtemp(prefix=prefix)
        self.ipython_dir = Path(tempfile.mkdtemp(prefix="course-ipython-"))
        self.env = kernel_environment(self.ipython_dir)

    @contextlib.contextmanager
    def environ(self):
        """Set os.environ to the kernel's environment while a kernel is started (kernels inherit it), then restore it."""
        saved = dict(os.environ)
        os.environ.clear()
        os.environ.update(self.env)
        try:
            yield
        finally:
            os.environ.clear()
            os.environ.update(saved)

    def close(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)
        shutil.rmtree(self.ipython_dir, ignore_errors=True)

    def __enter__(self) -> KernelSandbox:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
