"""docs/reading-notations.md: every Python block of the page runs as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PAGE = Path(__file__).resolve().parents[4] / "docs" / "reading-notations.md"
_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.S | re.M)


def _blocks() -> list[str]:
    return _BLOCK.findall(PAGE.read_text(encoding="utf-8"))


def test_the_page_has_its_examples():
    assert len(_blocks()) >= 5


@pytest.mark.parametrize("k", range(len(_blocks())))
def test_each_python_block_runs(k):
    pytest.importorskip("nbformat")
    exec(compile(_blocks()[k], f"{PAGE.name} block {k + 1}", "exec"), {})
