"""Take functions and classes out of a chapter notebook, so that a benchmark times the chapter's own code."""
from __future__ import annotations

import ast
import sys
import types
from pathlib import Path

import nbformat


def load(notebook: Path, names: list[str]) -> dict:
    """Execute every import and every top-level def/class of `notebook`, in order; return the named objects."""
    nb = nbformat.read(notebook, as_version=4)
    module = types.ModuleType(f"chapter_{notebook.stem}")    # a real module: dataclasses look themselves up
    sys.modules[module.__name__] = module
    ns = module.__dict__
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        keep = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef))
                or (isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant))]
        exec(compile(ast.Module(body=keep, type_ignores=[]), str(notebook), "exec"), ns)
    missing = [n for n in names if n not in ns]
    if missing:
        raise LookupError(f"{notebook.name} defines no {', '.join(missing)}")
    return {n: ns[n] for n in names}
