"""Iteration tables: gradient descent written one step a row.

    | Step | $w$   | $L(w)$ | $dL/dw$ | New $w$ |
    |------|-------|--------|---------|---------|
    | 0    | 0.000 | 5.000  | -4.000  | 1.200   |
    | 1    | 1.200 | 1.640  | -1.600  | 1.680   |

A table whose first column counts steps (Step, Iteration, Epoch, k, t) and whose other columns are
headed by quantities is read cell by cell: the cell of row k under ``$w$`` is w after k steps
(counted from the table's first row, whether it is numbered 0 or 1), under ``New $w$`` (also
"next", "updated", ``w_{new}``) after k + 1 steps. A column whose header names no quantity is
listed, never guessed. ``dL/dw`` in a header is the derivative ``\\frac{dL}{dw}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nn.check.reader.latex import Deriv, Group, LatexError, Sym, parse_math

__all__ = ["IterationCell", "iteration_cells", "stepped_headers", "updated_columns", "header_quantity",
           "slope_variables", "cell_number", "MAX_STEPS"]

MAX_STEPS = 200  # a table row further on is listed, not run to (the checker's work stays small)

_STEP = re.compile(r"(?i)^[\s*_]*(?:step|steps|iteration|iter|it|epoch|round|k|t|n|#)\.?[\s*_]*$")
_INTEGER = re.compile(r"^\s*\**\s*(\d{1,6})\s*\**\s*$")
_NUMBER = re.compile(r"^\s*`?\$?\s*([-−+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*\$?`?\s*$")
_NEW = re.compile(r"(?i)\b(?:new|next|updated|after)\b|_\{?\\?(?:text\{)?(?:new|next)\}?\}?")
_MATH = re.compile(r"\$([^$]+)\$")
_WORD = re.compile(r"[A-Za-z]{3,}")
_SLASHED = re.compile(r"^\s*(\\partial\s*|∂|d)\s*([A-Za-z]\w*)\s*/"
                      r"\s*(?:\\partial\s*|∂|d)\s*([A-Za-z]\w*)\s*$")


@dataclass(frozen=True)
class IterationCell:
    """One number of an iteration table: its line, the steps taken before it, what its column names."""

    line: int
    after: int
    header: str  # the column's quantity as LaTeX (``w``, ``L(w)``, ``\\frac{dL}{dw}``)
    value: str  # the number as printed
    start: str | None = None  # steps counted from 1: the row's first number (``iteration_columns``)


def header_quantity(header: str) -> tuple[str, bool] | None:
    """A column header as (the quantity's LaTeX, is it the value after the row's step), else None."""
    new = _NEW.search(header) is not None
    m = _MATH.search(header)
    text = m.group(1) if m else header.strip().strip("*`")
    text = re.sub(r"_\{?\\?(?:text\{)?(?:new|next)\}?\}?", "", text).strip()
    if not text or (m is None and (" " in text or len(text) > 12 or _WORD.fullmatch(text))):
        return None  # `Value`, `Computation`: a word heads no quantity
    slashed = _SLASHED.match(text)
    if slashed:
        d = "\\partial " if slashed.group(1).strip() != "d" else "d"
        text = f"\\frac{{{d}{slashed.group(2)}}}{{{d}{slashed.group(3)}}}"
    return text, new


def stepped_headers(headers: dict[int, list[str]]) -> dict[int, list[tuple[str, bool] | None]]:
    """For each iteration table's header (by its first body line), each column's quantity."""
    out: dict[int, list[tuple[str, bool] | None]] = {}
    seen: set[int] = set()
    for line, header in headers.items():
        if id(header) in seen or not header or not _STEP.match(header[0]):
            continue
        seen.add(id(header))
        out[line] = [None, *(header_quantity(h) for h in header[1:])]
    return out


def iteration_cells(rows: list[tuple[int, list[str]]], headers: dict[int, list[str]]) -> list[IterationCell]:
    """Every number of every iteration table (see the module's docstring), in the document's order."""
    cells: list[IterationCell] = []
    columns: list[tuple[str, bool] | None] | None = None
    header_id, first = None, 0
    stepped = stepped_headers(headers)
    for line, row in rows:
        header = headers.get(line)
        if header is None:
            continue
        if id(header) != header_id:
            header_id, columns = id(header), stepped.get(line)
            step = _INTEGER.match(row[0]) if columns is not None and row else None
            first = int(step.group(1)) if step else 0
        step = _INTEGER.match(row[0]) if columns is not None and row else None
        if columns is None or step is None:
            continue
        after = int(step.group(1)) - first
        for column, cell in zip(columns[1:], row[1:]):
            number = cell_number(cell)
            if column is not None and number is not None and after >= 0:
                cells.append(IterationCell(line, after + column[1], column[0], number))
    return cells


def cell_number(cell: str) -> str | None:
    """The number a table cell holds alone (``0.25``, ``$-1.5$``, `` `2e-3` ``), minus signs plain."""
    m = _NUMBER.match(cell)
    return m.group(1).replace("−", "-") if m else None


def updated_columns(headers: dict[int, list[str]]) -> list[tuple[int, str]]:
    """(line, LaTeX) of each iteration table column holding a value after the row's step (``New $w$``):
    the quantity a step updates, a parameter."""
    return [(line, column[0]) for line, columns in stepped_headers(headers).items()
            for column in columns if column is not None and column[1]]


def _tree(header: str) -> object:
    """A header's quantity as a tree (brackets dropped), or None when it does not parse."""
    try:
        tree = parse_math(header)
    except (LatexError, RecursionError):
        return None
    while isinstance(tree, Group):
        tree = tree.x
    return tree


def slope_variables(cells: list[IterationCell]) -> list[tuple[int, Sym]]:
    """(line, variable) of each quantity an iteration table both differentiates by and shows changing
    from step to step (a ``dL/dw`` column beside a ``w`` column whose numbers differ): the parameter
    its steps update, though no column says "new". An input (``dL/dx`` beside a constant ``x``) is not."""
    trees = {header: _tree(header) for header in {cell.header for cell in cells}}
    values: dict[object, set[float]] = {}
    for cell in cells:
        if isinstance(trees[cell.header], Sym):
            values.setdefault(trees[cell.header], set()).add(float(cell.value))
    found: dict[Sym, tuple[int, Sym]] = {}
    for cell in cells:
        tree = trees[cell.header]
        if isinstance(tree, Deriv) and isinstance(tree.bottom, Sym) and tree.bottom not in found \
                and not tree.bottom.tag and len(values.get(tree.bottom, ())) > 1:
            found[tree.bottom] = (cell.line, tree.bottom)
    return list(found.values())
