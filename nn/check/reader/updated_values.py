"""Computing with the updated values: "With $a_{new} = 1.97$: $f = 1.97 \\cdot 3 = 5.91$".

After a gradient step a document often recomputes the output at the new parameter without a heading of
its own: it restates the updated value after *with*, *using*, *plugging in*, *substituting*, *taking*
or *at* (``With $w^{+} = 0.55$, the new loss is …``). What follows is computed after the step, so it is
compared with the engine's values after one step, never with those before it (issue 20, item 2).

Only a restatement of a parameter written as updated (``a_{new}``, ``w^{+}``, ``w_{updated}``) with one
printed number opens it: a bare ``w = 0.55`` may be another example's given or a hypothetical case.
``UpdatedValues(text, segments)`` scans the text once; ``opens(offset)`` says whether the math segment
starting at ``offset`` is such a restatement.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from nn.check.reader.claims import Claim, claim_from_piece, split_claims
from nn.check.reader.latex import LatexError, Sym, parse_math
from nn.check.reader.layout import MathSegment
from nn.check.reader.trees import printed_number, unwrap

__all__ = ["UpdatedValues"]

_USING_BEFORE = re.compile(r"(?i)\b(?:with|using|plugging(?:\s+in)?|substituting|taking|take|at)"
                           r"(?:\s+(?:the\s+)?(?:new|updated)(?:\s+(?:weight|value|parameter)s?)?)?"
                           r"\s*(?:\\\(|\\\[|\$\$?)?\s*$")
_LOOK_BACK = 40  # characters before a math segment searched for its lead word


def _restates_update(seg: MathSegment) -> bool:
    """Is the segment ``a_{new} = 1.97`` (a parameter written as updated, one printed number)?"""
    pieces, _ = split_claims(seg.text)
    if len(pieces) != 1:
        return False
    claim = claim_from_piece(pieces[0][1], 0, {})
    if not isinstance(claim, Claim) or len(claim.sides) != 2:
        return False
    try:
        lhs, side = unwrap(parse_math(claim.sides[0])), parse_math(claim.sides[1])
    except (LatexError, RecursionError):
        return False
    return isinstance(lhs, Sym) and lhs.tag == "new" and printed_number(side) is not None


class UpdatedValues:
    """The offsets of the math segments that restate an updated value to compute with it."""

    def __init__(self, text: str, segments: Sequence[MathSegment]) -> None:
        self.starts: set[int] = set()
        for seg in segments:
            before = text[max(0, seg.start - _LOOK_BACK):seg.start]
            if _USING_BEFORE.search(before) and _restates_update(seg):
                self.starts.add(seg.start)

    def opens(self, offset: int) -> bool:
        return offset in self.starts
