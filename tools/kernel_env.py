"""The environment every notebook kernel runs in, for the tests and for `tasks.py run`.

JAX, Flax and optax DeprecationWarnings, and DeprecationWarnings raised from a notebook's own
code, are errors: an IPython startup file installs the filter before the first cell runs. A
KernelSandbox owns the two temporary folders a kernel needs, its empty working folder and its
private IPython folder, and removes both when the kernel is done.

One test run shares a persistent JAX compilation cache between its kernels (`compilation_cache`):
a solution notebook, its exercise notebook and the exercise-check test compile the same
functions, and the second and third kernels load them instead of compiling again. A cached
executable is the one XLA compiled for the same program, so outputs do not change. The cache is
for the tests only: `tasks.py run` measures what a reader's first run costs, and the grader starts
its processes with a clean environment that never names the cache.
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


CACHE_VARIABLES = {
    "JAX_COMPILATION_CACHE_DIR": None,                       # set to the folder by compilation_cache()
    "JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS": "0",       # cache every program, not only slow ones
    "JAX_PERSISTENT_CACHE_MIN_ENTRY_SIZE_BYTES": "0",
}


@contextlib.contextmanager
def compilation_cache(folder: Path):
    """While open, kernels started from this process share a JAX compilation cache in `folder` (removed on exit)."""
    saved = {name: os.environ.get(name) for name in CACHE_VARIABLES}
    folder.mkdir(parents=True, exist_ok=True)
    os.environ.update({name: value or str(folder) for name, value in CACHE_VARIABLES.items()})
    try:
        yield folder
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        shutil.rmtree(folder, ignore_errors=True)


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
