"""The book's table of contents (_toc.yml), read in one place."""
from __future__ import annotations

from pathlib import Path

import yaml


def toc_entries(root: Path) -> dict[str, list[str]]:
    """{top-level file: [its section files]}, in book order (the root page excluded)."""
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    return {c["file"]: [s["file"] for s in c.get("sections", [])] for part in toc["parts"] for c in part["chapters"]}


def toc_pages(root: Path) -> list[str]:
    """Every page of the book, the root page first, sections after their chapter."""
    root_page = yaml.safe_load((root / "_toc.yml").read_text())["root"]
    return [root_page, *[f for chapter, sections in toc_entries(root).items() for f in (chapter, *sections)]]


def toc_chapters(root: Path) -> list[str]:
    """Stems of the chapters, in book order."""
    return [f.split("/", 1)[1] for f in toc_entries(root) if f.startswith("chapters/")]
