"""A sum over an index written out over the elements the document lists: ``\\sum_j e^{z_j}`` after
``z = [2.0, 1.0, 0.1]`` is ``e^{z_1} + e^{z_2} + e^{z_3}``.

Worked examples state a formula with a sum (``L = -\\sum_i y_i \\log p_i``, ``\\sum_{j=1}^{K} e^{z_j}``,
``\\frac{1}{N} \\sum_{i=1}^{N} (y_i - \\hat{y}_i)^2``) and then list the elements it runs over: a
vector printed as a list or a one-row matrix (``z = [2.0, 1.0, 0.1]``), or its elements one by one
(``x_1 = 0.5``, ``x_2 = 0.1``). The sum then has a value, and the number printed after it is checked.

Before the document is read, each ``\\sum`` whose index the body subscripts (``z_j``, ``y_{i}``) is
written out, term by term, on its own line (so every line keeps its number), over the indices for
which the document states every name of the body: from the sum's lower bound (else 1) up to its
upper bound when that is a number, else as far as the listed elements go
(``instances.sums_written_out`` counts them). A sum whose range cannot be told, or whose body names
something the document never lists, is left as written (the reader lists it as not evaluated).
Public: ``sums_over_lists``.
"""

from __future__ import annotations

import re

from nn.check.reader.instances import sums_written_out
from nn.check.reader.latex import INDEX_LETTERS, Sym
from nn.check.reader.matrices import whole_grid
from nn.check.reader.name_lists import one_symbol

__all__ = ["sums_over_lists"]

_NAME = r"(?:\\(?:mathbf|boldsymbol|vec|hat|bar|tilde)\s*\{\s*[A-Za-z]\s*\}|(?<![\\\w])[A-Za-z])"
_GRID = r"\[[^\[\]\n]*\]|\\begin\{[pbvV]?matrix\}.*?\\end\{[pbvV]?matrix\}"
_LISTED = re.compile(rf"({_NAME})\s*=\s*({_GRID})")
_STATED = re.compile(rf"({_NAME})_\{{?\s*(\d+)\s*\}}?\s*(?:=|\\approx|≈)")
_FENCE = re.compile(r"^\s*(```|~~~)")
_UNICODE_SUM = re.compile(r"[Σ∑]")
_MATH_EDGE = re.compile(r"(\$\$?|\\[()\[\]])")
MAX_LINE = 2_000  # a line longer than this is left as written (its sums are not written out)
MAX_TERMS = 64  # a sum over more elements than this is left as written
_BOUND = re.compile(r"\^\s*\{?\s*(\d+)")  # \sum_{i=1}^{3}: a sum's upper bound when it is a number


class _Listed:
    """The names the document lists: (base, index) of each element stated or printed in a list."""

    def __init__(self, lines: list[str]) -> None:
        self.lengths: dict[str, int] = {}
        self.stated: set[tuple[str, str]] = set()
        for line in lines:
            for m in _LISTED.finditer(line):
                name, grid = one_symbol(m.group(1)), whole_grid(m.group(2))
                values = grid.values() if grid is not None and 1 in grid.shape else None
                if name is not None and not name.sub and values is not None \
                        and len(values) * len(values[0]) <= MAX_TERMS:
                    count = len(values) * len(values[0])
                    self.lengths[name.base] = max(self.lengths.get(name.base, 0), count)
            for m in _STATED.finditer(line):
                name = one_symbol(m.group(1))
                if name is not None and not name.sub and int(m.group(2)) <= MAX_TERMS:
                    self.stated.add((name.base, m.group(2)))

    def __call__(self, sym: Sym) -> bool:
        """Does the document list this indexed name (``z_2`` of ``z = [2.0, 1.0, 0.1]``, or ``x_2 = …``)?"""
        if (sym.base, sym.sub) in self.stated:
            return True
        return self.element(sym.base, sym.sub)

    def element(self, base: str, index: str) -> bool:
        """Is ``base`` a vector listed whole (a plain letter), with an element ``index``?"""
        return base.isascii() and base.isalpha() and (base, index) not in self.stated \
            and index.isdigit() and 1 <= int(index) <= self.lengths.get(base, 0)

    def as_elements(self, text: str) -> str:
        """``z_{2}`` of a vector listed whole written as its element ``z[2]`` (the reader's name for it)."""
        return _TERM.sub(lambda m: f"{m.group(1)}[{m.group(2)}]" if self.element(m.group(1), m.group(2))
                         else m.group(0), text)


_TERM = re.compile(r"(?<![\\\w])([A-Za-z])_\{(\d+)\}")
_FREE_INDEX = re.compile(rf"_(?:\{{\s*[{INDEX_LETTERS}]\s*\}}|[{INDEX_LETTERS}](?![A-Za-z]))")


def _written_out(line: str, known: _Listed) -> str:
    """The line with the sums of each math piece (between ``$``, ``\\(``, ``\\[`` marks) written out;
    a piece that keeps an index unfilled (a general formula, ``p_i = e^{z_i} / \\sum_j e^{z_j}``) is
    left as written."""
    pieces = _MATH_EDGE.split(line)
    for k, piece in enumerate(pieces):
        spelled = _UNICODE_SUM.sub(r"\\sum ", piece)  # Σ_j e^{z_j} written in plain text
        if "\\sum" not in spelled or any(int(b) > MAX_TERMS for b in _BOUND.findall(spelled)):
            continue
        out = sums_written_out(spelled, known)
        if out is None or "\\sum" in out or _FREE_INDEX.search(out):
            continue
        start = next((i for i, (a, b) in enumerate(zip(piece, out)) if a != b), 0)
        end = next((i for i, (a, b) in enumerate(zip(reversed(piece), reversed(out))) if a != b), 0)
        end = min(end, len(piece) - start)  # the unchanged tail never overlaps the unchanged head
        pieces[k] = out[:start] + known.as_elements(out[start:len(out) - end]) + out[len(out) - end:]
    return "".join(pieces)


def sums_over_lists(text: str) -> str:
    """The text with every sum over listed elements written out (see the module's docstring); a
    text with no ``\\sum`` is returned as it is."""
    if "\\sum" not in text and not _UNICODE_SUM.search(text):
        return text
    lines = text.split("\n")
    fenced, prose = False, []
    for line in lines:
        fenced ^= bool(_FENCE.match(line))
        prose.append(not fenced and not _FENCE.match(line))
    known = _Listed([line for line, keep in zip(lines, prose) if keep])
    return "\n".join(_written_out(line, known) if keep and len(line) <= MAX_LINE
                     and ("\\sum" in line or _UNICODE_SUM.search(line))
                     else line for line, keep in zip(lines, prose))
