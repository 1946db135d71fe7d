"""The built book: it builds with -W, has every page, and every internal link and anchor resolves."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import yaml

from tools.toc import toc_pages

pytestmark = [pytest.mark.book, pytest.mark.timeout(1800)]   # the first test builds the book

ROOT = Path(__file__).resolve().parent.parent


class Links(HTMLParser):
    """Every href/src and every id of one page."""

    def __init__(self):
        super().__init__()
        self.targets, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for key in ("href", "src"):
            if a.get(key) and tag in {"a", "img", "link", "script"}:
                self.targets.append(a[key])


def parse(page: Path) -> Links:
    p = Links()
    p.feed(page.read_text(encoding="utf-8"))
    return p


def test_every_page_is_built(built_book):
    for page in toc_pages(ROOT):
        assert (built_book / f"{page}.html").exists(), f"{page}.html is missing from the build"
    assert (built_book / "_static" / "mathjax" / "tex-chtml.js").exists(), "MathJax is not served from _static"


def test_internal_links_and_anchors_resolve(built_book):
    pages = sorted(p for p in built_book.rglob("*.html") if "_static" not in p.parts)
    ids = {}
    broken = []
    for page in pages:
        for target in parse(page).targets:
            url = urlparse(target)
            if url.scheme in {"http", "https", "mailto", "data", "javascript"} or target.startswith("//"):
                continue
            path, fragment = url.path, url.fragment
            dest = (page.parent / unquote(path)).resolve() if path else page
            if dest.is_dir():
                dest = dest / "index.html"
            if not dest.exists():
                broken.append(f"{page.relative_to(built_book)} -> {target}")
                continue
            if fragment and dest.suffix == ".html":
                if dest not in ids:
                    ids[dest] = parse(dest).ids
                if unquote(fragment) not in ids[dest]:
                    broken.append(f"{page.relative_to(built_book)} -> {target} (no such anchor)")
    assert not broken, f"{len(broken)} broken internal links:\n" + "\n".join(broken[:40])


def test_launch_buttons_point_at_each_notebook(built_book):
    repo = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]
    slug = repo["url"].removeprefix("https://github.com/").strip("/")
    for page in toc_pages(ROOT):
        if not (ROOT / f"{page}.ipynb").exists():
            continue
        hrefs = parse(built_book / f"{page}.html").targets
        colab = f"https://colab.research.google.com/github/{slug}/blob/{repo['branch']}/{page}.ipynb"
        binder = f"https://mybinder.org/v2/gh/{slug}/{repo['branch']}?urlpath=tree/{page}.ipynb"
        assert colab in hrefs, f"{page}.html: no Colab button for {page}.ipynb"
        assert binder in hrefs, f"{page}.html: no Binder button for {page}.ipynb"
