"""Chapter numbers agree everywhere: titles, exercise ids, wrong answers, and every reference to a notebook stem.

The book was renumbered once (the CNN chapter became 8, attention 10, the GPT 11); these tests make
sure nothing still points at an old number or an old file name.
"""
from __future__ import annotations

import importlib
import json
import re
import subprocess
from pathlib import Path

import pytest

from tools.toc import toc_chapters

ROOT = Path(__file__).resolve().parent.parent
STEMS = toc_chapters(ROOT)
NUMBER = {stem: int(stem[:2]) for stem in STEMS}
# A word that belongs to one chapter only: "Chapter N" right before it must name that chapter.
KEYWORDS = {"CNN": "cnn", "convolutional network": "cnn", "transformer": "attention", "tiny GPT": "gpt",
            "GRU": "sequence", "LSTM": "sequence", "MLP": "neural_networks"}


def notebook_text(path: Path) -> str:
    nb = json.loads(path.read_text())
    parts = []
    for cell in nb["cells"]:
        parts.append("".join(cell["source"]))
        for out in cell.get("outputs", []):
            parts.append("".join(out.get("text", "")))
            parts.append(str(out.get("evalue", "")))
    return "\n".join(parts)


def tracked_text_files() -> list[Path]:
    names = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    keep = (".md", ".py", ".yml", ".yaml", ".json", ".ipynb", ".toml", ".cfg", ".ini", ".txt")
    return [ROOT / n for n in names if n.endswith(keep) and (ROOT / n).exists()]


def test_the_chapters_are_numbered_one_to_n():
    assert [NUMBER[s] for s in STEMS] == list(range(1, len(STEMS) + 1)), f"_toc.yml chapters are {STEMS}"


@pytest.mark.parametrize("stem", STEMS)
def test_titles_and_exercise_ids_carry_the_chapter_number(stem):
    n = NUMBER[stem]
    for folder in ("chapters", "solutions", "exercises"):
        path = ROOT / folder / f"{stem}.ipynb"
        text = notebook_text(path)
        assert text.startswith(f"# {n}. "), f"{folder}/{stem}.ipynb: the title must start '# {n}. '"
        wrong = sorted({m for m in re.findall(r"[Ee]xercises? (\d+)\.\d+", text) if int(m) != n})
        assert not wrong, f"{folder}/{stem}.ipynb names exercises of chapter(s) {wrong}, but it is chapter {n}"
    answers = importlib.import_module(f"tests.wrong_answers.{stem}").WRONG_ANSWERS
    bad = [k for k in answers if not k.startswith(f"{n}.")]
    assert not bad, f"tests/wrong_answers/{stem}.py has keys {bad} for chapter {n}"


def test_every_stem_named_in_the_repository_exists():
    """A two-digit stem in a text file (the tests' toy notebooks aside) is a chapter, a file of the repository, or NN_name."""
    stem_like = re.compile(r"\b(\d\d_[a-z][a-z0-9_]*)")
    every = tracked_text_files()
    files = [p for p in every if p.parts[len(ROOT.parts)] != "tests" or "wrong_answers" in p.parts]
    known = set(STEMS) | {p.stem for p in every}
    missing = []
    for path in files:
        for m in stem_like.finditer(path.read_text(errors="ignore")):
            if m.group(1) not in known and not m.group(1).endswith("_name"):
                missing.append(f"{path.relative_to(ROOT)}: {m.group(1)}")
    assert not missing, "names of notebooks that do not exist:\n" + "\n".join(sorted(set(missing))[:30])


def test_chapter_references_name_the_right_chapter():
    """'Chapter N' directly followed by a word that belongs to one chapter (CNN, transformer, GRU...) names it."""
    by_key = {key: next(NUMBER[s] for s in STEMS if part in s) for key, part in KEYWORDS.items()}
    pattern = re.compile(r"Chapter (\d+)(?:'s)?\s*(?:\()?\s*(?:the |a |its |own )*(" + "|".join(map(re.escape, KEYWORDS)) + r")")
    wrong = []
    for path in tracked_text_files():
        if path.suffix not in (".md", ".ipynb"):
            continue
        text = notebook_text(path) if path.suffix == ".ipynb" else path.read_text()
        for m in pattern.finditer(text):
            if int(m.group(1)) != by_key[m.group(2)]:
                wrong.append(f"{path.relative_to(ROOT)}: '{m.group(0)}' (the {m.group(2)} is in Chapter {by_key[m.group(2)]})")
    assert not wrong, "\n".join(wrong[:30])
