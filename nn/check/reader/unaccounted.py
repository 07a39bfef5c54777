"""Nothing silent: a piece of math stating numbers that the reading neither checked nor listed.

The reader takes each math segment (``$…$``, a code span, a bare ``[ ]`` block, a table row) piece by
piece; every number it reads becomes a row, a given, a repeat of a number checked before, a step of
the document's own arithmetic, or a "not checked" entry with its reason. A segment that states
numbers (a claim with a side of numbers, an index's value such as ``k = 6``) and left none of these
behind was dropped silently: it is listed here, with its line and why, so that every number of the
text is either checked or listed.
"""

from __future__ import annotations

from dataclasses import dataclass

from nn.check.reader.claims import Claim, claim_from_piece
from nn.check.reader.latex import LatexError, parse_math
from nn.check.reader.trees import is_numeric, printed_number, unwrap

__all__ = ["Tally", "unread_reason"]


@dataclass(frozen=True)
class Tally:
    """How much a reading has recorded so far: a segment that adds nothing was not read."""

    rows: int
    skipped: int
    givens: int
    repeats: int
    steps: int
    seen: int


def unread_reason(pieces: list[tuple[int, str]], ranges: dict[str, list[int]], line: int) -> str | None:
    """Why a segment's numbers were read into nothing (its pieces, the index ranges it states), or
    None when it states no number to account for."""
    if not pieces and ranges:
        return (f"the value of an index letter ({', '.join(ranges)}): it says which element a general "
                "formula means, no quantity the graph computes")
    for _, piece in pieces:
        claim = claim_from_piece(piece, line, ranges)
        if isinstance(claim, Claim) and _states_numbers(claim):
            return ("a claim with numbers that names no quantity the graph read has, and no arithmetic "
                    "of its own to check")
    return None


def _states_numbers(claim: Claim) -> bool:
    """Does a side of the claim print a number (``= 0.25``, ``= 3 \\times 2``)? Constants inside a
    formula (the ½ of ``E = \\frac{1}{2}(t - a)^2``) are no printed number."""
    for side in claim.sides[1:] + claim.sides[:1]:
        try:
            tree = unwrap(parse_math(side))
        except (LatexError, RecursionError):
            continue
        if is_numeric(tree) and (printed_number(tree) is not None or _has_digit(side)):
            return True
    return False


def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)
