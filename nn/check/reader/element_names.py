"""An element of a matrix given whole, named in a later formula by its indices.

A document gives ``X = \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}`` (or ``x = [0.5, 1.0]``) and
then writes one element of it in a formula: ``X_{12}``, ``X_{1,2}``, ``x_{1,2}`` (the matrix's letter
in lower case, as ``a_{ij}`` names an element of A: for a matrix, never for a vector, whose ``a_1``
may be anything), ``x_2`` for a vector. Each such name is the
matrix's element (row 1, column 2, counted from 1; from 0 when the document writes that name with
an index 0 anywhere, ``θ_0``, ``X[0, 1]``), never a new given of its own.

``element_engine(sym, matrices)`` gives that element's engine name, or None when the symbol names
no element of a matrix known: its matrix is not given, an index is out of the shape, or the indices
are ambiguous (a matrix of ten rows or more, where ``X_{112}`` could be (11, 2) or (1, 12)). A
lower-case name is an element only when no quantity of that name is known (``known``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable

from nn.check.notation import unicode_to_latex
from nn.check.reader.latex import Sym
from nn.check.reader.matrices import canonical_name
from nn.check.reader.matrix_setup import MatrixGraph

__all__ = ["counted_from_zero", "element_engine"]


def _indices(sub: str, shape: tuple[int, int], first: int = 1) -> tuple[int, int] | None:
    """The (row, column), from 0, that a subscript counted from ``first`` names in a matrix of
    ``shape``."""
    rows, cols = shape
    if not sub.isdigit() or (first == 1 and "0" in sub):
        return None
    if 1 in shape:  # a vector: x_2 is its second element, whichever way it stands
        k = int(sub) - first
        return (k, 0) if cols == 1 and k < rows else (0, k) if rows == 1 and k < cols else None
    if len(sub) != 2 or rows > 9 or cols > 9:
        return None
    i, j = int(sub[0]) - first, int(sub[1]) - first
    return (i, j) if i < rows and j < cols else None


_FROM_ZERO = re.compile(r"\\?([A-Za-z]+)\s*(?:_\s*\{?\s*0(?![.\d])|\[\s*0\s*[],\]])")


def counted_from_zero(texts: Iterable[str]) -> set[str]:
    """The names a document indexes from 0 (``θ_0``, ``w_{0}``, ``X[0, 1]``): their elements are
    counted from 0 wherever they are written. One scan of each text."""
    found: set[str] = set()
    for text in texts:
        if "0" in text:
            found.update(m.group(1) for m in _FROM_ZERO.finditer(unicode_to_latex(text)))
    return found


def element_engine(sym: Sym, matrices: MatrixGraph, known: Callable[[str], bool],
                   from_zero: Container[str] = ()) -> str | None:
    """The engine name of the element of a known matrix that ``sym`` names (``X_{12}``), else None;
    ``from_zero``: the names the document counts from 0."""
    if not sym.sub or sym.tag or not matrices.env:
        return None
    matrix = matrices.env.get(canonical_name(sym.base))
    if matrix is None and sym.base.islower() and not known(sym.base):
        matrix = matrices.env.get(canonical_name(sym.base.upper()))
        matrix = matrix if matrix is not None and 1 not in matrix.shape else None  # a_1 of a vector A: unsure
    if matrix is None or matrix.shape == (1, 1):
        return None
    first = 0 if {sym.base, sym.base.lower(), sym.base.upper()} & set(from_zero) else 1
    at = _indices(sym.sub.replace(",", ""), matrix.shape, first)
    if at is None:
        return None
    return matrices.engine.get(id(matrix.rows[at[0]][at[1]]))
