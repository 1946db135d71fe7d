"""Each chapter notebook's execution time on this machine, with JAX's compile time counted apart."""
from __future__ import annotations

import json
import time
from pathlib import Path

import nbformat

from tools.execute import execute_notebook

ROOT = Path(__file__).resolve().parent.parent

# Registered in the kernel before the notebook's first cell: JAX reports each tracing, lowering and
# XLA compilation through jax.monitoring, and we add up their durations.
PROBE = """import jax.monitoring as _m
_compile_s = [0.0]
def _on_duration(event, seconds, **kwargs):
    if event.startswith("/jax/core/compile/") or event.startswith("/jax/compilation_cache/"):
        _compile_s[0] += seconds
_m.register_event_duration_secs_listener(_on_duration)"""
REPORT = "import json as _json; print('BENCH ' + _json.dumps({'compile_s': _compile_s[0]}))"


def time_notebook(path: Path) -> dict:
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(PROBE))
    nb.cells.append(nbformat.v4.new_code_cell(REPORT))
    t0 = time.perf_counter()
    execute_notebook(nb)
    total = time.perf_counter() - t0
    out = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    compile_s = json.loads(out.split("BENCH ", 1)[1])["compile_s"]
    return {"notebook": str(path.relative_to(ROOT)), "total_s": round(total, 2), "jax_compile_s": round(compile_s, 2)}


def run() -> list[dict]:
    rows = []
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        row = time_notebook(path)
        rows.append(row)
        print(f"  {row['notebook']}: {row['total_s']:.1f} s, of which JAX compiling {row['jax_compile_s']:.1f} s", flush=True)
    return rows
