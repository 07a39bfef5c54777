"""Arithmetic that copies a column of numbers the document worked out before, in order.

A table (or a list, one item a line) works out one number per row, and the next step uses them all::

    | $x$ | $y$ | $\\hat y = 3x$ | Error $y - \\hat y$ |
    | 1   | 2   | 3             | -1                  |
    | 2   | 5   | 6             | -1                  |
    | 3   | 7   | 9             | -2                  |

    \\mathrm{MSE} = \\frac{(-1)^2 + (-1)^2 + (-2)^2}{3} = 2

The operands ``-1, -1, -2`` are the error column, row by row: each is that row's number printed
again, and is checked as that row's quantity (a ``Repeat``: it holds when the row holds, and a wrong
row's number copied here is flagged again, carried). A short number alone says little (``-1`` is the
value of two rows, ``2`` the exponent of a square): what tells a copy from a coincidence is the order.
The copied numbers must be the numbers of one column (the same place among the numbers checked on
their line) on at least ``MIN_RUN`` consecutive lines, appearing in the arithmetic in the same order
(other operands may stand between them: the ``x_i`` of ``(-1) \\cdot 1 + (-1) \\cdot 2 + …``).

Only the most recent ``CANDIDATES`` places of a number are tried as a column's start, and an arithmetic
of more than ``MAX_OPERANDS`` operands is not searched, so the time stays linear in the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nn.check.reader.carried import Repeat

__all__ = ["CopiedColumns", "MIN_RUN"]

MIN_RUN = 3
CANDIDATES = 8
MAX_OPERANDS = 64


@dataclass(frozen=True)
class _Cell:
    printed: str
    quantity: str
    after: int


@dataclass
class CopiedColumns:
    """The numbers checked so far, by line and by their place on it; ``copies`` finds the runs of them
    an arithmetic copies."""

    lines: dict[int, list[_Cell]] = field(default_factory=dict)
    places: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # printed → (line, place)

    def add(self, line: int, printed: str, quantity: str, after: int) -> None:
        """A number checked on ``line`` as ``quantity`` (``after`` steps)."""
        cells = self.lines.setdefault(line, [])
        where = self.places.setdefault(printed, [])
        where.append((line, len(cells)))
        del where[:-CANDIDATES]
        cells.append(_Cell(printed, quantity, after))

    def copies(self, line: int, printed_numbers: list[str | None]) -> list[tuple[int, Repeat]]:
        """(operand index, its Repeat) for every operand of the arithmetic on ``line`` that belongs to a
        run copying an earlier column (see the module's docstring), leftmost runs first."""
        if len(printed_numbers) > MAX_OPERANDS:
            return []
        taken: dict[int, Repeat] = {}
        for start, printed in enumerate(printed_numbers):
            if start in taken or printed is None:
                continue
            best: list[tuple[int, Repeat]] = []
            for first, place in self.places.get(printed, []):
                if first < line:
                    run = self._run(line, printed_numbers, start, first, place, taken)
                    best = run if len(run) > len(best) else best
            if len(best) >= MIN_RUN:
                taken.update(best)
        return sorted(taken.items())

    def _run(self, line: int, printed_numbers: list[str | None], start: int, first: int, place: int,
             taken: dict[int, Repeat]) -> list[tuple[int, Repeat]]:
        """The operands from ``start`` on that copy the column at ``place`` from line ``first`` on, in
        order, as far as the column goes on consecutive earlier lines."""
        run, k, row = [], start, first
        while row < line and k < len(printed_numbers):
            cells = self.lines.get(row, [])
            if place >= len(cells):
                break
            cell = cells[place]
            k = next((i for i in range(k, len(printed_numbers))
                      if i not in taken and printed_numbers[i] == cell.printed), -1)
            if k < 0:
                break
            run.append((k, Repeat(line, row, cell.quantity, cell.after, cell.printed)))
            k, row = k + 1, row + 1
        return run
