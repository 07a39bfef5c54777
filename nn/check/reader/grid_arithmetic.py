"""Printed vectors and matrices combined element by element, checked element by element:
``\\begin{bmatrix} 0.24 \\\\ 0.11 \\end{bmatrix} + \\begin{bmatrix} 0.1 \\\\ -0.1 \\end{bmatrix} =
\\begin{bmatrix} 0.34 \\\\ 0.01 \\end{bmatrix}``, ``0.357 \\begin{bmatrix} 0.2 \\\\ -0.1 \\end{bmatrix} + …``,
``\\tanh\\left(\\begin{bmatrix} 0.34 \\\\ 0.01 \\end{bmatrix}\\right)``, ``… \\odot …``.

A side written only with grids of numbers, numbers, ``+ - ⊙ /``, a number times a grid and
element-wise functions is, element by element, arithmetic on bare numbers (``arithmetic``): element
c of each side is the side with every grid replaced by its element c. Each element's chain is
checked step by step, each step cited on the line its printed result is on. A product of two grids
(a matrix product) is not element-wise and is not read here.
"""

from __future__ import annotations

import re

from nn.check.reader.arithmetic import Step, chain_steps
from nn.check.reader.latex import Call, Group, LatexError, Neg, Prod, Sum, Sym, Vec, parse_math
from nn.check.reader.matrices import Grid, MatrixError, parse_grid
from nn.check.reader.trees import is_numeric, leaves, map_leaves, printed_number, unwrap

__all__ = ["grid_steps", "product_steps", "side_lines"]

_GRID = re.compile(r"\\begin\s*\{\s*([pbBvV]?matrix|smallmatrix)\s*\}.*?\\end\s*\{\s*\1\s*\}", re.S)
_HADAMARD = re.compile(r"\\odot|\\circ|⊙|∘")
_PLACE = "gridcell"  # a grid's place in a side: gridcell_{k}
MAX_ELEMENTS = 10_000  # elements checked per claim


class _Side:
    """One side: its tree with each grid a placeholder, the grids, and each cell's line."""

    def __init__(self, tree: object, grids: list[Grid], lines: list[list[int]]) -> None:
        self.tree, self.grids, self.lines = tree, grids, lines

    def size(self) -> int:
        return self.grids[0].shape[0] * self.grids[0].shape[1]

    def element(self, c: int, line_of: dict[int, int]) -> object | None:
        """The side's element c: every grid replaced by its element c (None when a cell is no number)."""
        cells: dict[str, object] = {}
        for k, grid in enumerate(self.grids):
            rows, cols = grid.shape
            text = grid.cells[c // cols][c % cols] if rows * cols == self.size() else ""
            try:
                cell = parse_math(text)
            except LatexError:
                return None
            if not is_numeric(cell):
                return None
            cells[str(k)] = Group(cell)
            for node in (cells[str(k)], cell, unwrap(cell), *leaves(cell)):
                line_of[id(node)] = self.lines[k][c]
        element = _substitute(self.tree, cells)
        return element if is_numeric(element) else None


def _substitute(node: object, cells: dict[str, object]) -> object:
    """The tree with each placeholder ``gridcell_{k}`` replaced by ``cells[k]``."""
    def swap(leaf: object) -> object:
        if isinstance(leaf, Sym) and leaf.base == _PLACE and leaf.sub in cells:
            return cells[leaf.sub]
        if isinstance(leaf, Call):  # tanh(gridcell_0): a function of the grid, element by element
            return Call(leaf.name, _substitute(leaf.arg, cells))
        return leaf
    return map_leaves(node, swap)


def side_lines(text: str, first_line: int, sides: list[str]) -> list[tuple[str, int] | None]:
    """Each side of a claim (``text`` as written, from ``first_line``) with the line it starts on;
    None for a side not found in the text (an empty left side)."""
    out: list[tuple[str, int] | None] = []
    at, line = 0, first_line
    for side in sides:
        found = text.find(side, at) if side.strip() else -1
        if found < 0:
            out.append(None)
            continue
        line += text.count("\n", at, found)
        out.append((side, line))
        line += side.count("\n")
        at = found + len(side)
    return out


def grid_steps(sides: list[tuple[str, int] | None], approx: list[bool]) -> list[Step]:
    """The element-wise steps of a chain of sides (each its text and first line, ``side_lines``) that
    combine printed grids; [] when no two sides in a row do. A product of two printed grids followed
    by a grid of sums (``A x = [a_{11} x_1 + …]``) checks each term against its product."""
    return product_steps(sides) + _elementwise_steps(sides, approx)


def product_steps(sides: list[tuple[str, int] | None]) -> list[Step]:
    """The terms of every product of two printed grids worked out in the side after it."""
    return [step for before, after in zip(sides, sides[1:]) if before is not None and after is not None
            for step in product_terms(before, after)]


def product_terms(before: tuple[str, int], after: tuple[str, int]) -> list[Step]:
    """``\begin{bmatrix} 0.5 & -0.2 \\ … \\end{bmatrix} \begin{bmatrix} 0.1 \\ 0.0 \\end{bmatrix} =
    \begin{bmatrix} 0.05 + 0 \\ … \\end{bmatrix}``: term t of element (i, j) of the sums against
    A[i,t]·B[t,j] (a term written after a minus against the product negated), each on its line;
    [] unless the shapes and the number of terms all fit."""
    matches = list(_GRID.finditer(before[0]))
    if len(matches) != 2 or _GRID.sub("", before[0]).strip() not in ("", r"\cdot", r"\times"):
        return []
    try:
        a, b = (parse_grid(m.group(0)) for m in matches)
        result_match = _GRID.fullmatch(after[0].strip())
        result = parse_grid(result_match.group(0)) if result_match else None
    except MatrixError:
        return []
    if a is None or b is None or result is None or a.shape[1] != b.shape[0] \
            or result.shape != (a.shape[0], b.shape[1]) or a.shape[0] * b.shape[1] > MAX_ELEMENTS:
        return []
    stripped = after[0].strip()
    lines = _cell_lines(stripped, _GRID.fullmatch(stripped), result, after[1] + after[0][:after[0].find(
        stripped)].count("\n"))
    out: list[Step] = []
    for i in range(a.shape[0]):
        for j in range(b.shape[1]):
            out += _cell_terms(result.cells[i][j], [a.cells[i][t] for t in range(a.shape[1])],
                               [b.cells[t][j] for t in range(a.shape[1])], lines[i * b.shape[1] + j])
    return out


def _cell_terms(cell: str, row: list[str], column: list[str], line: int) -> list[Step]:
    try:
        tree = unwrap(parse_math(cell))
        factors = [(parse_math(x), parse_math(y)) for x, y in zip(row, column)]
    except (LatexError, RecursionError):
        return []
    terms = tree.terms if isinstance(tree, Sum) else (("+", tree),)
    if len(terms) != len(row) or not all(is_numeric(x) and is_numeric(y) for x, y in factors):
        return []
    out: list[Step] = []
    for (sign, term), (x, y) in zip(terms, factors):
        if printed_number(term) is None:
            return []
        product = Prod((Group(x), Group(y)))
        out += chain_steps(line, [Neg(product) if sign == "-" else product, term], [False, False])
    return out


def _elementwise_steps(sides: list[tuple[str, int] | None], approx: list[bool]) -> list[Step]:
    read = [_side(*side) if side is not None else None for side in sides]
    sizes = {s.size() for s in read if s is not None}
    if len(sizes) != 1 or next(iter(sizes)) > MAX_ELEMENTS:
        return []
    first_line = next(side[1] for side in sides if side is not None)
    out: list[Step] = []
    for c in range(next(iter(sizes))):
        line_of: dict[int, int] = {}
        elements = [s.element(c, line_of) if s is not None else None for s in read]
        out += chain_steps(first_line, elements, approx,
                           lambda node, lines=line_of: lines.get(id(node), first_line))
    return out


def _side(side: str, first_line: int) -> _Side | None:
    """A side as a tree over placeholders of its grids, or None when it is not element-wise arithmetic
    on grids of one length."""
    matches = list(_GRID.finditer(side))
    if not matches or any(not side[a.end():b.start()].strip() or re.fullmatch(r"\s*\\(?:cdot|times)\s*",
                                                                            side[a.end():b.start()])
                          for a, b in zip(matches, matches[1:])):
        return None  # no grid, or two grids multiplied: a matrix product
    grids, lines, pieces, at = [], [], [], 0
    for k, m in enumerate(matches):
        try:
            grid = parse_grid(m.group(0))
        except MatrixError:
            return None
        if grid is None:
            return None
        grids.append(grid)
        lines.append(_cell_lines(side, m, grid, first_line))
        pieces += [side[at:m.start()], f" {_PLACE}_{{{k}}} "]
        at = m.end()
    shapes = {(g.shape[0] * g.shape[1], 1 in g.shape) for g in grids}
    if len(shapes) != 1:
        return None
    try:
        tree = parse_math(_HADAMARD.sub(r"\\cdot", "".join(pieces) + side[at:]))
    except LatexError:
        return None
    if _has_vector(tree):
        return None
    return _Side(tree, grids, lines)


def _has_vector(node: object) -> bool:
    """A list ``[0.8, -0.3]`` in the side: a product with it is not element-wise."""
    if isinstance(node, Vec):
        return True
    if isinstance(node, Prod):
        return any(_has_vector(f) for f in node.factors)
    inner = unwrap(node)
    return inner is not node and _has_vector(inner)


def _cell_lines(side: str, match: re.Match, grid: Grid, first_line: int) -> list[int]:
    """The line of each cell of a grid written in ``side`` (row by row), found in one forward scan."""
    lines, at, line = [], match.start(), first_line + side.count("\n", 0, match.start())
    for row in grid.cells:
        for cell in row:
            where = side.find(cell, at, match.end())
            if where >= 0:
                line += side.count("\n", at, where)
                at = where + len(cell)
            lines.append(line)
    return lines
