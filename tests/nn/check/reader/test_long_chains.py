"""A chain of thousands of sides in one formula (``x = 1x = 1x = …``, what a page of unclosed KaTeX
annotations becomes, or ``a = 1 + 1 = 2 + 0 = …``): every side is looked at a bounded number of times
(``later_sides.next_where``), never once per side after it. Doubling tests count the work done (the
tests of a side: ``is_numeric`` / ``printed_number`` calls), never time it."""

from __future__ import annotations

import sys

import pytest

from nn.check import read_document
from nn.check.reader.later_sides import next_where

_COUNTED = ("is_numeric", "printed_number")


def _work(monkeypatch, path) -> int:
    """How many sides the reader tests while reading ``path`` (every reader module's calls counted)."""
    calls = [0]
    for module in [m for name, m in list(sys.modules.items()) if name.startswith("nn.check.reader.")]:
        for name in _COUNTED:
            original = getattr(module, name, None)
            if callable(original):
                def counted(*args, _original=original, **kwargs):
                    calls[0] += 1
                    return _original(*args, **kwargs)
                monkeypatch.setattr(module, name, counted)
    try:
        read_document(path)
    finally:
        monkeypatch.undo()
    return calls[0]


@pytest.mark.parametrize("side", ["x = 1x", "a = 1 + 1 = 2 + 0"])
def test_the_sides_of_a_long_chain_are_tested_a_number_of_times_linear_in_the_chain(
        monkeypatch, document_file, side):
    small = document_file("$x = 1$\n\n$" + f" {side} " * 1000 + "$\n", "small.md")
    large = document_file("$x = 1$\n\n$" + f" {side} " * 2000 + "$\n", "large.md")
    work_small, work_large = _work(monkeypatch, small), _work(monkeypatch, large)
    assert work_small > 1000  # the sides are read at all
    assert work_large < 2.5 * work_small, f"doubling the chain: {work_small} → {work_large} tests of a side"


def test_next_where_is_the_first_later_item_that_passes():
    items = [3, -1, 4, -1, -5, 9]
    assert next_where(items, lambda x: x < 0) == [1, 3, 3, 4, None, None]
    assert next_where([], bool) == [] and next_where([0, 0], bool) == [None, None]
