"""Small fixes to the rendered pages, so that a browser shows no console errors.

- Jupyter Book 1 registers sphinx-thebe's inline configuration script twice, and the second
  `const THEBE_JS_URL` is a SyntaxError in the console: keep each script once.
"""
from __future__ import annotations


def _unique_scripts(app, pagename, templatename, context, doctree):
    scripts, seen = [], set()
    for js in context.get("script_files", []):
        attributes = getattr(js, "attributes", {}) or {}
        key = (str(getattr(js, "filename", js) or ""), attributes.get("body", ""))
        if key not in seen:
            seen.add(key)
            scripts.append(js)
    context["script_files"][:] = scripts


def setup(app):
    # late: other extensions add their scripts in this event too
    app.connect("html-page-context", _unique_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
