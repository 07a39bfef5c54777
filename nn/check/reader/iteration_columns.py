"""Iteration tables written sideways: one column per step, one row per quantity.

    |            | Iteration 0 | Iteration 1 | Iteration 2 |
    |------------|-------------|-------------|-------------|
    | $w$        | 0.000       | 0.800       | 1.280       |
    | $L$        | 16.000      | 5.760       | 2.074       |
    | $dL/dw$    | -16.000     | -9.600      | -5.760      |

The same table as ``reader.iterations`` reads one step a row, transposed: a header whose cells after
the first each count a step (``Iteration 2``, ``iter 2``, ``Step 2``, ``Epoch 2``, ``$k = 2$``,
``t=2``), numbered on by one from 0 or 1 (an ``Initial``/``Start`` column may come first, before
step 1), and a first cell of each body row naming a quantity (``$w$``, ``dL/dw``, ``New $w$``).
Each number is the row's quantity after the column's steps, counted from the first column as the
row form counts from the first row: one definition of what a cell means (``IterationCell``,
``header_quantity``). A header numbered otherwise (``epoch 10 | epoch 20``: steps between columns
not shown) reads no cell, and its table is still kept from the readers of tables of values
(``sideways_headers``): a row ``| $w$ | 0.0 | 0.8 |`` never states that w is 0.8.
"""

from __future__ import annotations

import re

from nn.check.reader.iterations import IterationCell, cell_number, header_quantity

__all__ = ["column_steps", "column_cells", "sideways_headers", "updated_rows"]

_MARKS = re.compile(r"[$`*_]|\\text\{|\\mathrm\{|\}")
_STEP = re.compile(r"(?i)^\s*(?:step|steps|iteration|iter|it|epoch|round|update|k\s*=|t\s*=|n\s*=)"
                   r"\s*\.?\s*#?\s*(\d{1,6})\s*:?\s*$")
_START = re.compile(r"(?i)^\s*(?:initial|init|start|starting|before(?: training)?)\s*$")


def _label(cell: str) -> str:
    return _MARKS.sub(" ", cell).strip()


def column_steps(header: list[str]) -> list[int | None] | None:
    """The steps before each column of a sideways iteration table's header (the first column, the
    quantities', is None), or None when the header is not one. ``[]`` for a header that counts steps
    in a way not read (so its table is no table of values either)."""
    labels = [_label(h) for h in header[1:]]
    start = 1 if labels and _START.match(labels[0]) else 0
    numbers = [m.group(1) for label in labels[start:] if (m := _STEP.match(label))]
    if len(labels) - start < 1 or len(numbers) != len(labels) - start or len(labels) < 2:
        return None
    counts = [int(n) for n in numbers]
    consecutive = all(b == a + 1 for a, b in zip(counts, counts[1:]))
    first = counts[0] - start  # `Initial | Iter 1 | Iter 2`: the start is step 0
    if not consecutive or first not in (0, 1) or (start and counts[0] != 1):
        return []
    return [None, *range(len(labels))]


def _from_one(header: list[str]) -> bool:
    """Are the steps counted from 1 with no start column (``Iteration 1 | Iteration 2``)? Then a
    parameter's row may show it before or after each step: read only when its first number is its
    start (``IterationCell.start``)."""
    first = _STEP.match(_label(header[1])) if len(header) > 1 else None
    return first is not None and int(first.group(1)) == 1


def sideways_headers(headers: dict[int, list[str]]) -> set[int]:
    """The ids of the headers of sideways iteration tables (read or not): not tables of values."""
    return {id(h) for h in {id(h): h for h in headers.values()}.values() if column_steps(h) is not None}


def column_cells(rows: list[tuple[int, list[str]]], headers: dict[int, list[str]]) -> list[IterationCell]:
    """Every number of every sideways iteration table (see the module's docstring), in order."""
    cells: list[IterationCell] = []
    steps_of: dict[int, list[int | None] | None] = {}
    for line, row in rows:
        header = headers.get(line)
        if header is None or not row:
            continue
        if id(header) not in steps_of:
            steps_of[id(header)] = column_steps(header)
        steps = steps_of[id(header)]
        quantity = header_quantity(row[0]) if steps else None
        if not steps or quantity is None:
            continue
        start = cell_number(row[1]) if len(row) > 1 and _from_one(header) and not quantity[1] else None
        for after, cell in zip(steps[1:], row[1:]):
            number = cell_number(cell)
            if after is not None and number is not None:
                cells.append(IterationCell(line, after + quantity[1], quantity[0], number, start))
    return cells


def updated_rows(rows: list[tuple[int, list[str]]], headers: dict[int, list[str]]) -> list[tuple[int, str]]:
    """(line, LaTeX) of each sideways table row holding a value after the column's step (``New $w$``):
    the quantity a step updates, a parameter."""
    found = []
    for line, row in rows:
        header = headers.get(line)
        if header is None or not row or not column_steps(header):
            continue
        quantity = header_quantity(row[0])
        if quantity is not None and quantity[1]:
            found.append((line, quantity[0]))
    return found
