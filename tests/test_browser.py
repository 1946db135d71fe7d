"""The rendered book in a real browser (headless Chromium driven by Playwright), served on localhost.

Needs Debian's `chromium` (/usr/bin/chromium, or $CHROMIUM). Without it these tests are skipped,
unless COURSE_REQUIRE_BROWSER=1 (set by .ci/run, which installs Chromium), where that is a failure.
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from tools.toc import toc_pages

pytestmark = [pytest.mark.book, pytest.mark.timeout(1800)]   # the first test builds the book

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "_build" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
         "--disable-background-networking", "--disable-component-update"]
RAW_TEX = ["$$", "\\frac", "\\mathbf", "\\sum", "\\begin{", "\\left", "\\theta"]

if not CHROMIUM:
    if os.environ.get("COURSE_REQUIRE_BROWSER") == "1":
        raise RuntimeError("COURSE_REQUIRE_BROWSER=1 but no chromium found: apt-get install chromium")
    pytest.skip("no Chromium on this machine (apt-get install chromium); .ci/run installs it", allow_module_level=True)


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(built_book):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(built_book)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def open_page(browser, url):
    """Open url; return (page, requests that left localhost, console errors)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    outside, errors = [], []
    page.on("request", lambda r: outside.append(r.url)
            if not r.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")) else None)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="load")
    page.wait_for_function("() => !window.MathJax || (window.MathJax.startup && window.MathJax.startup.promise)")
    page.evaluate("() => window.MathJax ? window.MathJax.startup.promise : null")
    page.wait_for_load_state("networkidle")
    return page, outside, errors


PROSE = """() => { const c = document.querySelector('main, article, body').cloneNode(true);
  c.querySelectorAll('pre, code, script, style, .cell_output, mjx-container, .highlight').forEach(e => e.remove());
  return c.innerText; }"""


@pytest.mark.parametrize("name", toc_pages(ROOT))
def test_page_is_typeset_offline_and_clean(browser, site, name):
    page, outside, errors = open_page(browser, f"{site}/{name}.html")
    try:
        assert not outside, f"{name}: requests left localhost: {outside[:5]}"
        assert not errors, f"{name}: console errors: {errors[:5]}"
        prose = page.evaluate(PROSE)
        raw = [t for t in RAW_TEX if t in prose]
        assert not raw, f"{name}: raw TeX visible in the text: {raw}"
        has_math = page.locator(".math").count() > 0
        if has_math:
            assert page.locator("mjx-container").count() > 0, f"{name}: math present but MathJax produced no output"
        broken = page.evaluate("() => [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)")
        assert not broken, f"{name}: images that did not load: {broken[:5]}"
    finally:
        page.close()


def test_solution_dropdowns_open_and_close(browser, site):
    solutions = [p for p in toc_pages(ROOT) if p.startswith("solutions/")]
    assert solutions, "no solution pages in the book"
    page, _, _ = open_page(browser, f"{site}/{solutions[0]}.html")
    try:
        details = page.locator("details.hide").first
        assert details.count() == 1, f"{solutions[0]}: no collapsed solution"
        assert details.evaluate("d => d.open") is False
        details.locator("summary").click()
        assert details.evaluate("d => d.open") is True
        assert "BEGIN SOLUTION" in details.inner_text()
        details.locator("summary").click()
        assert details.evaluate("d => d.open") is False
    finally:
        page.close()


def test_search_finds_chapter_one(browser, site):
    page, outside, errors = open_page(browser, f"{site}/search.html?q=regression")
    try:
        page.wait_for_selector("#search-results li, ul.search li", timeout=30_000)
        hrefs = page.eval_on_selector_all("#search-results a, ul.search a", "els => els.map(e => e.getAttribute('href'))")
        assert any("chapters/01_regression" in h for h in hrefs), f"search for 'regression' found {hrefs[:10]}"
        assert not outside and not errors, (outside, errors)
    finally:
        page.close()


def test_screenshots_for_a_person(browser, site):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    chapter = next(p for p in toc_pages(ROOT) if p.startswith("chapters/"))
    for name, shot in [("intro", "home.png"), (chapter, "chapter.png")]:
        page, _, _ = open_page(browser, f"{site}/{name}.html")
        page.screenshot(path=str(SCREENSHOTS / shot), full_page=False)
        page.close()
        assert (SCREENSHOTS / shot).stat().st_size > 10_000
