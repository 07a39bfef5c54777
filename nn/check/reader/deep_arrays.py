"""Printed arrays of three dimensions or more, element by element: ``tensor([[[0.73, 0.88], …]]])``.

``reader.matrices`` reads vectors and matrices (a ``Grid`` is rows of cells). A notebook printing a
batch of matrices, a stack of feature maps or an attention tensor (numpy's ``array([[[…]]])``, torch's
``tensor([[[…]]])``, a blank line between blocks) prints an array of more dimensions. When the code
computed that array (``reader.array_setup`` knows its shape), ``deep_chains`` pairs each printed
element with the code's element in C order (numpy's and torch's print order), named ``y[1,2,1]``
(``tensors.element_label``). A print whose nesting is not the code's shape pairs nothing (listed
with why, never guessed). Linear in the text: each bracket and number is visited once.
"""

from __future__ import annotations

from itertools import product

from nn.check.reader.matrices import MatrixError, nested_list
from nn.check.reader.tensors import element_label

__all__ = ["deep_chains", "printed_lines", "MAX_DIMENSIONS"]

MAX_DIMENSIONS = 8


def deep_chains(written: str, sides: list[str], shape: tuple[int, ...]) -> list[tuple[str, list[str]]] | None:
    """Each element of the code's array of ``shape`` (three dimensions or more) printed by every side:
    (its name, [its text on each side]), in C order; None when a side is no print of that shape."""
    if not 2 < len(shape) <= MAX_DIMENSIONS or not sides:
        return None
    printed = []
    for side in sides:
        try:
            found = nested_list(side.strip(), MAX_DIMENSIONS)
        except MatrixError:
            return None
        cells = _flat(found[0], shape) if found is not None and found[1] == len(shape) else None
        if cells is None:
            return None
        printed.append(cells)
    indices = product(*(range(n) for n in shape))
    return [(element_label(written, shape, index), [cells[k] for cells in printed])
            for k, index in enumerate(indices)]


def _flat(nested: list, shape: tuple[int, ...]) -> list[str] | None:
    """The elements in C order when the nesting has exactly ``shape``, else None."""
    out: list[str] = []
    stack: list[tuple[object, int]] = [(nested, 0)]
    while stack:
        node, depth = stack.pop()
        if depth == len(shape):
            if not isinstance(node, str):
                return None
            out.append(node)
            continue
        if not isinstance(node, list) or len(node) != shape[depth]:
            return None
        stack += [(child, depth + 1) for child in reversed(node)]
    return out


def printed_lines(raw: str, first: int, cells: list[str]) -> list[int]:
    """The line each of a print's elements is on (``cells`` in print order), found by searching them in
    turn in the text as written after its ``=`` (one pass); ``first``, the line the text starts on, for
    an element not found."""
    pos = raw.find("=") + 1
    line, lines = first, []
    for cell in cells:
        found = raw.find(cell, pos) if cell else -1
        if found < 0:
            lines.append(first)
            continue
        line += raw.count("\n", pos, found)
        pos = found + len(cell)
        lines.append(line)
    return lines
