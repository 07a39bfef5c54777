"""The elements of a grid of written-out sums, worked out one by one in the claims that follow.

A matrix-form document prints ``Z = \\begin{bmatrix} 0.2 \\cdot 1 - 0.1 \\cdot 4 + 0.4 \\cdot 7 \\\\ …
\\end{bmatrix}``, then "calculating each element: 1. $0.2 - 0.4 + 2.8 = 2.6$ 2. … 3. …": the k-th
claim after the grid works out its k-th element, each term the product in its place. Those terms are
then steps of the document's own arithmetic (``0.1 \\cdot 4`` gives 0.4), checked as any other.

The pairing is strict: the claims must follow the grid with nothing else between them, be as many as
its elements, and each have as many terms as its element (a term's sign may sit in front of it,
``- 0.4``, or inside its product, ``(-0.1) \\cdot 4``). Anything else pairs nothing.
"""

from __future__ import annotations

from nn.check.reader.arithmetic import Step, chain_steps
from nn.check.reader.latex import LatexError, Neg, Prod, Sum, parse_math
from nn.check.reader.matrices import MatrixError, whole_grid
from nn.check.reader.trees import is_numeric, printed_number, unwrap

__all__ = ["ElementLists"]

MAX_ELEMENTS = 1_000  # elements of one grid followed at most


def _sum(text: str) -> Sum | None:
    """A cell or a side that is a sum of at least two numbers-only terms, else None."""
    try:
        tree = unwrap(parse_math(text))
    except (LatexError, RecursionError):
        return None
    return tree if isinstance(tree, Sum) and len(tree.terms) > 1 and is_numeric(tree) else None


def _signed(sign: str, term: object) -> object:
    return Neg(term) if sign == "-" else term


class ElementLists:
    """The grid of sums last printed, and how many of the claims after it were its elements."""

    def __init__(self) -> None:
        self.cells: list[Sum] = []
        self.next = 0

    def grid(self, sides: list[str]) -> None:
        """A claim read: a grid of sums among its sides starts a new list (any other claim ends one)."""
        self.cells, self.next = [], 0
        for side in sides:  # a side that is the grid and nothing else: `[sums] + [b]` is a formula
            try:
                grid = whole_grid(side) if "\\begin" in side else None
            except MatrixError:
                grid = None
            if grid is None or grid.shape[0] * grid.shape[1] > MAX_ELEMENTS:
                continue
            cells = [_sum(cell) for row in grid.cells for cell in row]
            if cells and all(c is not None for c in cells):
                self.cells = cells  # type: ignore[assignment]
                return

    def steps(self, line: int, sides: list[str], continues: bool = False) -> list[Step] | None:
        """The steps of a claim that works out the next element (its first side a sum of the element's
        length), or of a grid continuing the chain (``= \begin{bmatrix} 0.2 - 1.0 & … \\end{bmatrix}``
        after the grid of sums): each term against the product in its place. None when the claim is
        neither (the list then ends, and the claim may start another). ``continues``: the claim is
        written as ``= …``, the chain before it going on."""
        cells, at = self.cells, self.next
        if cells and sides and (continues or not sides[0].strip()):
            self.grid([side for side in sides if side.strip()][:1])
            if len(self.cells) == len(cells) and at == 0:
                return [s for cell, worked in zip(cells, self.cells) for s in _term_steps(line, cell, worked)]
            return None
        self.cells = []
        worked = _sum(sides[0]) if at < len(cells) and sides else None
        if worked is None or len(worked.terms) != len(cells[at].terms):
            return None
        self.cells, self.next = cells, at + 1
        return _term_steps(line, cells[at], worked)


def _term_steps(line: int, cell: Sum, worked: Sum) -> list[Step]:
    """Each printed term of ``worked`` against the product in its place in ``cell``."""
    if len(cell.terms) != len(worked.terms):
        return []
    out: list[Step] = []
    for (s_cell, product), (s_term, term) in zip(cell.terms, worked.terms):
        if isinstance(unwrap(product), Prod) and printed_number(term) is not None:
            # the sign in front of the term, or inside the product: both sides signed the same way
            flipped = "-" if s_cell == "+" else "+"
            before = _signed(s_cell if s_term == "+" else flipped, product)
            out += chain_steps(line, [before, term], [False, False])
    return out
