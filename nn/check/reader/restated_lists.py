"""A list of numbers printed again as a whole, and data written in inline code, for ``carried``.

Matrix and softmax worked examples compute a vector, then print it again wherever they use it:
``= \\begin{bmatrix} -0.8 & 1.1 & 0.1 \\end{bmatrix}``, then "apply softmax to logits
```[-0.8, 1.1, 0.1]```", ``[-0.8, 1.1, 0.1] - 1.1``, a summary table's ```logits = [-0.8, 1.1, 0.1]```.
Alone, ``1.1`` or ``0.1`` has too few digits to be recognised as a number carried from an earlier line
(``carried.is_distinctive``), but the list as a whole is recognised: the same numbers, in the same
order, as a list printed on an earlier line. Each of its numbers is then carried from that line like
any carried number (``restated_numbers``: where they are, and the lines of the lists they restate).

A list is ``[a, b, c]`` (commas or spaces; ``[[a, b]]`` is its inner list) or the entries of a
``bmatrix``/``pmatrix``/``matrix`` whose every entry is a bare number (row after row); it has two
numbers at least, one of them a decimal. A list of givens is never carried (``carried`` carries only
from a line that checked the number).

Inline code is blanked where the reader looks for carried numbers (it is code); a span that holds
only data, a list or a name with its value (```[0.098, -0.341, 0.242]```, ```loss ≈ 0.417```,
```y_pred = [0.098, 0.659, 0.242]```), is text like any other there (``with_data_spans``).
Public: ``restated_numbers``, ``with_data_spans``.
"""

from __future__ import annotations

import re

from nn.check.reader.layout import code_spans

__all__ = ["restated_numbers", "with_data_spans"]

_NUMBER = r"[-−+]?(?:\d+(?:\.\d*)?|\.\d+)(?![\d.])"
_SEPARATOR = r"(?:[ \t]*,[ \t]*|[ \t]+)"  # a comma or spaces: never empty, so no number splits in two
_BRACKETS = re.compile(rf"\[[ \t]*({_NUMBER}(?:{_SEPARATOR}{_NUMBER})+)[ \t]*,?[ \t]*\]")
_MATRIX_EDGE = re.compile(r"\\(begin|end)\{([pbBvV]?matrix)\}")
_ENTRY = re.compile(rf"^\s*{_NUMBER}\s*$")
_IN_LIST = re.compile(_NUMBER)
_DATA = re.compile(rf"^\s*(?:[A-Za-z_][\w.]*\s*(?:=|≈|~|:)\s*)?(?:≈\s*)?\[*[ \t]*{_NUMBER}"
                   rf"(?:(?:{_SEPARATOR}|[ \t]*\][ \t]*,[ \t]*\[[ \t]*){_NUMBER})*[ \t]*\]*\s*$")


def _numbers(text: str, at: int) -> list[tuple[int, str]]:
    """The numbers of ``text`` (which starts at column ``at``): (column of the digits, printed)."""
    return [(at + n.start() + len(n.group()) - len(n.group().lstrip("-−+")), n.group())
            for n in _IN_LIST.finditer(text)]


def _matrices(line: str) -> list[tuple[int, int]]:
    """The (start, end) of the entries of each ``\\begin{bmatrix} … \\end{bmatrix}`` of a line, nested
    ones left out: one pass over its ``\\begin``/``\\end`` marks."""
    edges = list(_MATRIX_EDGE.finditer(line))
    return [(a.end(), b.start()) for a, b in zip(edges, edges[1:])
            if a.group(1) == "begin" and b.group(1) == "end" and a.group(2) == b.group(2)]


def _lists(line: str) -> list[list[tuple[int, str]]]:
    """The lists of one line: each its numbers as (column of the digits, printed, sign included)."""
    found = [_numbers(m.group(1), m.start(1)) for m in _BRACKETS.finditer(line)]
    for start, end in _matrices(line):
        entries = re.split(r"\\\\|&", line[start:end])
        if entries and entries[-1].strip() == "":
            entries.pop()  # a row ended by `\\` before \end
        if len(entries) >= 2 and all(_ENTRY.match(e) for e in entries):
            found.append(_numbers(line[start:end], start))
    return [numbers for numbers in found if len(numbers) >= 2 and any("." in p for _, p in numbers)]


def _key(numbers: list[tuple[int, str]]) -> tuple[str, ...]:
    return tuple(p.replace("−", "-").lstrip("+") for _, p in numbers)


def restated_numbers(text: str) -> dict[tuple[int, int], list[int]]:
    """For each number (1-based line, column of its digits) of a list that prints again, in order, the
    numbers of a list on an earlier line: the lines of those earlier lists, first to last."""
    before: dict[tuple[str, ...], list[int]] = {}
    out: dict[tuple[int, int], list[int]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        lists = _lists(line) if "[" in line or "matrix" in line else []
        for numbers in lists:
            earlier = list(before.get(_key(numbers), []))
            if earlier:
                out.update({(number, column): earlier for column, _ in numbers})
        for numbers in lists:
            before.setdefault(_key(numbers), []).append(number)
    return out


def with_data_spans(masked: str, text: str) -> str:
    """``masked`` (``text`` with its inline code blanked) with the code spans that hold only data
    written back (their backticks stay blank)."""
    if len(masked) != len(text):
        return masked
    out, last = [], 0
    for a, b in code_spans(text):
        ticks = len(text[a:b]) - len(text[a:b].lstrip("`"))
        content = text[a + ticks:b - ticks]
        if masked[a:b].strip() or "\n" in content or not _DATA.match(content):
            continue
        out += [masked[last:a], " " * ticks, content, " " * ticks]
        last = b
    return "".join(out) + masked[last:]
