"""Matrix definitions that use a premise stated further on: read right after it is stated.

A document may write ``dZ = A - Y`` and only then "let's simplify by assuming ``A = Z``". Read in
order, the first definition names a matrix nothing defines yet; read out of order (once every claim
is read), a name the document defines twice (a template for layer l, then the example's own) could
take the wrong definition. So a matrix definition that fails only for a matrix that a LATER claim
defines in symbols waits for that claim and is read right after it: everything else keeps the
document's order. A matrix only given numbers later (``W = [[…]]`` after ``z = W x``) is not waited
for: the passes after the first read those, as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from nn.check.reader.matrices import canonical_name

__all__ = ["Waiting", "first_symbolic_definitions"]

MAX_WAITING = 10_000  # claims parked at once (each is read again at most once)
_LETTER = re.compile(r"[A-Za-z\\]")


def first_symbolic_definitions(claims: Iterable[object]) -> dict[str, int]:
    """Each matrix name (``canonical_name``) some claim defines by a side in symbols (not a grid of
    numbers), and the first line that does."""
    first: dict[str, int] = {}
    for claim in claims:
        sides = claim.sides
        if len(sides) > 1 and any("\\begin" not in s and _LETTER.search(s) for s in sides[1:]):
            first.setdefault(canonical_name(sides[0].strip()), claim.line)
    return first


class Waiting:
    """The claims waiting for a matrix a later claim defines, by that matrix's canonical name."""

    def __init__(self, first: dict[str, int]) -> None:
        self.first = first
        self.parked: dict[str, list[object]] = {}
        self.count = 0

    def park(self, claim: object, missing: str | None) -> bool:
        """Park ``claim`` until ``missing`` is defined, when a claim after it defines ``missing``."""
        if missing is None or self.first.get(missing, -1) <= claim.line or self.count >= MAX_WAITING:
            return False
        self.parked.setdefault(missing, []).append(claim)
        self.count += 1
        return True

    def defined(self, written: str, read: Callable[[object], object]) -> None:
        """``written`` is now defined: read each claim that waited for it (which may define more)."""
        for claim in self.parked.pop(canonical_name(written), []):
            read(claim)
