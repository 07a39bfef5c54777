"""A chain that ends by restating its number as a percentage: ``\\frac{40}{45} = 0.889 = 88.9\\%``.

An accuracy, a precision, a probability is often worked out as a fraction and then said in percent.
The percentage is a number of its own (``88.9`` rounds ``100 \\cdot 40/45`` at its printed
precision, not the rounded ``0.889`` times 100), so it is checked as that: the last side ``88.9\\%``
becomes a claim of its own, ``100 \\cdot (\\frac{40}{45}) = 88.9``, the hundredfold of the nearest
side before it worked out in printed numbers (else the number printed before it), and the chain is
read without it. A chain with no such side, or whose percent side is not one plain number, is read
as it is (its ``%`` listed as unread).
"""

from __future__ import annotations

import re

from nn.check.reader.latex import LatexError, parse_math
from nn.check.reader.trees import is_numeric, printed_number

__all__ = ["percent_pieces"]

_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*\\?%\s*$")


_RELATION = re.compile(r"=|\\approx(?![A-Za-z])|≈")


def _sides(piece: str) -> tuple[list[str], list[str]]:
    """The piece cut at each ``=`` (or ``\\approx``, ``≈``) outside braces, brackets and parentheses: the
    sides and the relations between them."""
    sides, relations, depth, start = [], [], 0, 0
    for k, char in enumerate(piece):
        depth += 1 if char in "{([" else -1 if char in "})]" else 0
        m = _RELATION.match(piece, k) if depth == 0 and k >= start else None
        if m is not None:
            sides.append(piece[start:k])
            relations.append(m.group())
            start = m.end()
    return sides + [piece[start:]], relations


def _numeric(side: str) -> bool | None:
    """Is a side worked out in printed numbers only: True for arithmetic, False for one number, None
    for anything else (a name, a formula, nothing)."""
    if not side.strip():
        return None
    try:
        tree = parse_math(side)
    except (LatexError, RecursionError, ValueError):
        return None
    if not is_numeric(tree):
        return None
    return printed_number(tree) is None


def percent_pieces(piece: str) -> list[str]:
    """The piece, and its percent side as a claim of its own (see the module); [piece] when it ends
    with no percentage that can be read so."""
    sides, relations = _sides(piece)
    m = _PERCENT.match(sides[-1]) if len(sides) >= 3 else None
    if m is None:
        return [piece]
    kinds = [_numeric(side) for side in sides[:-1]]
    worked = next((k for k in range(len(kinds) - 1, -1, -1) if kinds[k]), None)
    if worked is None:
        worked = len(kinds) - 1 if kinds[-1] is False else None
    if worked is None:
        return [piece]
    kept = "".join(side + relation for side, relation in zip(sides[:-2], relations)) + sides[-2]
    return [kept, f"100 \\cdot \\left({sides[worked].strip()}\\right) {relations[-1]} {m.group(1)}"]
