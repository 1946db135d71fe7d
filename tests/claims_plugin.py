"""Two pytest processes share one test run: each takes the next unclaimed group of tests.

`tasks.py test` starts two pytest processes with the same arguments and the same folder in
COURSE_TEST_CLAIMS; the first walks the groups of tests from the start (the notebooks), the
second from the end (tests/), and a group runs in the process that claims it first (an
exclusive create of a file named after it). So the two meet wherever the work happens to split,
and neither waits while the other still has a long queue. A group is what must run in one
process: a notebook (nbval runs its cells in one kernel), a test file (its module fixtures), the
book with its browser tests (one build); the autograder and exercise-check tests, which share
nothing, are one group per test. Without COURSE_TEST_CLAIMS pytest runs every test as usual.

The groups are walked chapter by chapter (a chapter's notebook, its solutions and exercises, then
its exercise-check and grading tests), the groups of no chapter last: each process keeps its own
JAX compilation cache, and a chapter's groups compile the same functions, so they mostly run in
the process that compiled them first.
"""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest

CLAIMS = "COURSE_TEST_CLAIMS"          # the folder of claim files, shared by the processes of one run
BACKWARD = "COURSE_TEST_BACKWARD"      # "1": walk the groups from the end
ONE_GROUP_PER_TEST = ("tests/test_grading_chapters.py", "tests/test_exercises.py")
ONE_GROUP = {"tests/test_book.py": "book", "tests/test_browser.py": "book"}   # built_book is built once


def group_key(item: pytest.Item) -> str:
    path = item.nodeid.split("::")[0]
    if path in ONE_GROUP_PER_TEST:
        return item.nodeid
    return ONE_GROUP.get(path, path)


CHAPTER = re.compile(r"(?:^|/|\[)(\d\d)_\w+(?:\.ipynb|\])")   # chapters/06_x.ipynb, test_y.py::test_z[06_x]


def chapter_of(key: str) -> int | None:
    """The chapter a group belongs to (by a notebook path or a test parameter in its key), or None."""
    m = CHAPTER.search(key)
    return int(m.group(1)) if m else None


def groups_of(items: list[pytest.Item]) -> list[tuple[str, list[pytest.Item]]]:
    """The items in groups (a group's items stay in their order): chapter by chapter, each chapter's groups
    in collection order, then the groups of no chapter in collection order."""
    groups: dict[str, list[pytest.Item]] = {}
    for item in items:
        groups.setdefault(group_key(item), []).append(item)
    order = {key: i for i, key in enumerate(groups)}
    last = 1 + max((chapter_of(key) or 0 for key in groups), default=0)
    return sorted(groups.items(), key=lambda g: (chapter_of(g[0]) or last, order[g[0]]))


def claim(folder: Path, key: str) -> bool:
    """True for the one process that creates the claim file of `key` first."""
    name = hashlib.sha256(key.encode()).hexdigest()[:32]
    try:
        os.close(os.open(folder / name, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    (folder / f"{name}.key").write_text(key)
    return True


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session: pytest.Session):
    folder = os.environ.get(CLAIMS)
    if not folder or session.config.option.collectonly or not session.items:
        return None                    # pytest's own loop
    folder = Path(folder)
    groups = groups_of(session.items)
    if os.environ.get(BACKWARD) == "1":
        groups.reverse()
    pending = iter(groups)

    def next_claimed() -> list[pytest.Item] | None:
        for key, items in pending:
            if claim(folder, key):
                return items
        return None

    current = next_claimed()
    while current is not None:
        following = None
        for i, item in enumerate(current):
            if i + 1 < len(current):
                nextitem = current[i + 1]
            else:                      # claim the next group only now, so the other process can take it
                following = next_claimed()
                nextitem = following[0] if following else None
            item.config.hook.pytest_runtest_protocol(item=item, nextitem=nextitem)
            if session.shouldfail:
                raise session.Failed(session.shouldfail)
            if session.shouldstop:
                raise session.Interrupted(session.shouldstop)
        current = following
    return True

