"""The line each element of a printed vector or matrix is on.

A ``bmatrix`` written one row per line (``Z = \\begin{bmatrix}`` / ``2.6 \\\\`` / ``-2.5 \\\\`` /
``2.3`` / ``\\end{bmatrix}``) prints each element on its own line; a report cites an element where
it is printed, not where the claim starts. ``cell_lines`` finds the cells in the claim's text in
the order they are written (sides left to right, each grid row by row): one forward search, so
linear in the text.
"""

from __future__ import annotations

from nn.check.reader.matrices import Grid

__all__ = ["cell_lines"]


def cell_lines(text: str, first_line: int, sides: list[str], grids: dict[int, Grid]) -> dict[int, list[int]]:
    """For each grid side ``k`` (``grids[k]``, a side of ``sides``), the line of each of its cells, row
    by row. ``text`` is the claim as written, starting on ``first_line``; a cell not found where
    expected is on the line of the one before it (the claim's first line at worst)."""
    out: dict[int, list[int]] = {}
    at, line = 0, first_line
    for k, side in enumerate(sides):
        found = text.find(side, at)
        if found < 0:
            break
        line += text.count("\n", at, found)
        at = found
        if k not in grids:
            line += text.count("\n", at, at + len(side))
            at += len(side)
            continue
        end, lines, lost = found + len(side), [], False
        for row in grids[k].cells:
            for cell in row:
                where = -1 if lost else text.find(cell, at, end)
                lost = where < 0  # a cell not written as read: the rest stay on this line (no rescan)
                if not lost:
                    line += text.count("\n", at, where)
                    at = where + len(cell)
                lines.append(line)
        line += text.count("\n", at, end)
        at = end
        out[k] = lines
    for k, grid in grids.items():
        out.setdefault(k, [first_line] * (grid.shape[0] * grid.shape[1]))
    return out
