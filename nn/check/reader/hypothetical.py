"""Hypothetical cases: "if $a = 5.001$ then $v = 11.001$ and $J = 33.003$".

A document that explains a derivative by nudging an input restates a given with another value
inside an *if* ("so if $v = 11.001$ then $J = 33.003$, so $J$ goes 3 times up"). What follows the
*if*, to the end of its sentence, is computed from the nudged value: it is not the example's
forward pass, so it defines nothing and is compared with nothing the graph computes. A derivative
stated there (``\\frac{dJ}{dv} = 3``) is the conclusion drawn from the nudge, and is read as usual.

An *if* restating nothing (``if $x = 2$ then $y = 4$``) is an ordinary given: only a name given
another value earlier in the text makes the case hypothetical. A nudge word before the restatement
("nudge", "perturb", "bump", "wiggle", "tweak") says the same as an *if*.

A **nudge** written as an update (``a = a + h``, ``w_1 \\leftarrow w_1 + \\epsilon``, ``x = x + 0.001``:
a name plus or minus a small step h, ε or a bare number, with no learning rate and no derivative)
opens a case too, to the end of its sentence: it is the numerical derivative's f(x + h), never a
gradient step, so it is not compared with one even when the document states a learning rate.

``Hypotheticals(text, segments)`` scans the text once (linear in its length); ``covers(offset)``
says whether an offset lies in such a case, and which restatement opened it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from nn.check.reader.claims import Claim, claim_from_piece, split_claims
from nn.check.reader.latex import LatexError, Num, Sum, Sym, parse_math
from nn.check.reader.layout import MathSegment
from nn.check.reader.trees import plain, printed_number, unwrap

__all__ = ["Hypotheticals"]

_IF_BEFORE = re.compile(r"(?i)\b(?:if|suppose|say|had)\s*(?:\\\(|\\\[|\$\$?)?\s*$")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n[ \t]*\n")
_NUDGE_BEFORE = re.compile(r"(?i)\b(?:nudg|perturb|bump|wiggl|tweak)\w*\b[^.$]{0,40}(?:\\\(|\\\[|\$\$?)?\s*$")
_LOOK_BACK = 48  # characters before a math segment searched for its "if" or nudge word
_IF_LOOK_BACK = 24
_NUDGE_STEPS = {"h", "epsilon", "varepsilon", "ε", "ϵ"}  # the small step of a numerical derivative


def _given(claim: Claim) -> tuple[str, float, str] | None:
    """``a = 5``: the name, the number it is given and the number as printed; else None."""
    if len(claim.sides) != 2:
        return None
    try:
        lhs, side = unwrap(parse_math(claim.sides[0])), parse_math(claim.sides[1])
    except (LatexError, RecursionError):
        return None
    printed = printed_number(side)
    if printed is None or printed_number(lhs) is not None:
        return None
    return plain(lhs), float(printed), printed


class Hypotheticals:
    """The hypothetical cases of a text: (start, end) offsets, each with the restatement opening it."""

    def __init__(self, text: str, segments: Sequence[MathSegment]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.opened: list[str] = []
        blanked = list(text)
        for seg in segments:
            blanked[seg.start:seg.start + len(seg.text)] = " " * len(seg.text)
        ends = [m.start() for m in _SENTENCE_END.finditer("".join(blanked))]
        given: dict[str, float] = {}
        previous_end = 0
        for seg in sorted(segments, key=lambda s: s.start):
            before = text[max(previous_end, seg.start - _LOOK_BACK):seg.start]
            previous_end = seg.start + len(seg.text)
            found = self._givens(seg)
            if self.covers(seg.start) is not None:
                continue
            restated = [f"{name} = {printed}" for name, value, printed in found
                        if name in given and given[name] != value]
            nudge = _nudge_in(seg)
            if nudge is not None or (restated and (_IF_BEFORE.search(before[-_IF_LOOK_BACK:])
                                                   or _NUDGE_BEFORE.search(before))):
                at = bisect.bisect_left(ends, previous_end)
                self.starts.append(seg.start)
                self.ends.append(ends[at] if at < len(ends) else len(text))
                self.opened.append(nudge or restated[0])
                continue
            given.update({name: value for name, value, _ in found})

    @staticmethod
    def _givens(seg: MathSegment) -> list[tuple[str, float, str]]:
        pieces, _ = split_claims(seg.text)
        found = []
        for _, piece in pieces:
            claim = claim_from_piece(piece, 0, {})
            if isinstance(claim, Claim) and (given := _given(claim)) is not None:
                found.append(given)
        return found

    def covers(self, offset: int) -> str | None:
        """The restatement (``a = 5.001``) opening the hypothetical case holding ``offset``, else None."""
        k = bisect.bisect_right(self.starts, offset) - 1
        return self.opened[k] if k >= 0 and offset < self.ends[k] else None


def _nudge_in(seg: MathSegment) -> str | None:
    """A nudge written as an update in the segment (``a = a + h``), as written; else None."""
    pieces, _ = split_claims(seg.text)
    for _, piece in pieces:
        claim = claim_from_piece(piece, 0, {})
        if isinstance(claim, Claim) and (nudge := _nudge(claim)) is not None:
            return nudge
    return None


def _nudge(claim: Claim) -> str | None:
    """``a = a + h`` (or ``- h``, ``+ \\epsilon``, ``+ 0.001``): the name nudged by a small step."""
    try:
        lhs = unwrap(parse_math(claim.sides[0]))
        sides = [unwrap(parse_math(side)) for side in claim.sides[1:]]
    except (LatexError, RecursionError):
        return None
    if not isinstance(lhs, Sym):
        return None
    for side in sides:
        if isinstance(side, Sum) and len(side.terms) == 2:
            (first_sign, first), (_, step) = side.terms
            first, step = unwrap(first), unwrap(step)
            small = isinstance(step, Num) or (isinstance(step, Sym) and step.base in _NUDGE_STEPS
                                              and not step.sub)
            itself = isinstance(first, Sym) and (first.base, first.sub) == (lhs.base, lhs.sub)
            if first_sign == "+" and itself and small:
                return f"{plain(lhs)} = {plain(side)}"
    return None
