"""Thousands of formulas on one line (`$w = 0.5$ $w = 0.5$ …`, a page whose paragraphs lost their
line breaks): the text scanned for each formula is bounded, never the whole line again. The doubling
tests count the characters the scans are handed, never time them."""

from __future__ import annotations

from nn.check import read_document
from nn.check.reader import prose_heads, reading

GIVENS = "Let $x = 2$, $w = 0.5$, $t = 1$.\n\n$$y = w x$$\n\n$$E = \\frac{1}{2}(y - t)^2$$\n\n"


def _one_line(document_file, n: int, name: str):
    return document_file(GIVENS + "$w = 0.5$ " * n + "\n", name)


class _CountedPattern:
    """A compiled pattern whose ``search`` adds the length of the span it is handed to ``scanned``."""

    def __init__(self, pattern, scanned: list[int]) -> None:
        self.pattern, self.scanned = pattern, scanned

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        self.scanned[0] += (len(text) if endpos is None else endpos) - pos
        return self.pattern.search(text, pos, len(text) if endpos is None else endpos)


def _scanned(monkeypatch, path) -> tuple[int, int]:
    """(characters handed to prose_heads' search for a word before the math, characters of the lines
    handed to times_printed) while reading ``path``."""
    heads, lines = [0], [0]
    monkeypatch.setattr(prose_heads, "_BEFORE", _CountedPattern(prose_heads._BEFORE, heads))
    original = reading.times_printed

    def counted(text: str, printed: str) -> int:
        lines[0] += len(text)
        return original(text, printed)

    monkeypatch.setattr(reading, "times_printed", counted)
    try:
        read_document(path)
    finally:
        monkeypatch.undo()
    return heads[0], lines[0]


def test_the_text_scanned_for_thousands_of_formulas_on_one_line_grows_linearly(monkeypatch, document_file):
    small = _scanned(monkeypatch, _one_line(document_file, 1000, "small.md"))
    large = _scanned(monkeypatch, _one_line(document_file, 2000, "large.md"))
    assert small[0] > 0 and small[1] > 0  # both scans are made at all
    for what, a, b in zip(("the words before the math", "the lines counting a number"), small, large):
        assert b < 2.5 * a, f"doubling the line: {a} → {b} characters scanned for {what}"

