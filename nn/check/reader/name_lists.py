"""Lists of givens: several names given their numbers in one bracketed statement.

    [w_1, w_2] = [0.15, 0.20]       (x₁, x₂) = (0.05, 0.10)       w = [0.15, 0.20, 0.25]

The first two are one claim per name, in order (``w_1 = 0.15``, ``w_2 = 0.20``): the lists must be
as long as each other, the left one all names, the right one all printed numbers. The third is a
vector, and stays one (its elements ``w[1]``, …) unless the document writes its elements as indexed
names of their own (``w_1 x_1 + w_2 x_2``) and never the vector's name alone: then it is one claim
per element, ``w_1 = 0.15`` …, numbered from 1 — or from 0 when the document writes ``w_0``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from nn.check.reader.claims import Claim
from nn.check.reader.latex import LatexError, Sym, parse_math
from nn.check.reader.trees import printed_number, unwrap

__all__ = ["element_claims", "listed", "one_symbol"]

MAX_LISTED = 1_000  # names of one list read at most
_SIZING = re.compile(r"\\(?:left|right|big|Big|bigl|bigr|Bigl|Bigr)(?![A-Za-z])")
_PAIRS = {"[": "]", "(": ")", "\\{": "\\}"}


def listed(text: str) -> list[str] | None:
    """The items of a bracketed list (``[a, b]``, ``(a, b)``), split at its top-level commas; None
    when the text is not one bracketed list of two items or more."""
    text = _SIZING.sub("", text).strip()
    opener = next((o for o in _PAIRS if text.startswith(o)), None)
    if opener is None or not text.endswith(_PAIRS[opener]):
        return None
    inner = text[len(opener):len(text) - len(_PAIRS[opener])]
    items, depth, start = [], 0, 0
    for k, c in enumerate(inner):
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth < 0:
                return None  # `(a), (b)`: two lists, not one
        elif c == "," and depth == 0:
            items.append(inner[start:k].strip())
            start = k + 1
    items.append(inner[start:].strip())
    return items if 1 < len(items) <= MAX_LISTED and all(items) else None


def one_symbol(text: str) -> Sym | None:
    """The text as one untagged symbol (``w_1``, ``x₂``), else None."""
    try:
        node = unwrap(parse_math(text))
    except (LatexError, RecursionError):
        return None
    return node if isinstance(node, Sym) and not node.tag else None


def _number(text: str) -> str | None:
    try:
        return printed_number(parse_math(text))
    except (LatexError, RecursionError):
        return None


def _one_each(claim: Claim, names: list[str], numbers: list[str], k: int) -> list[Claim]:
    return [Claim(claim.line, f"{name} = {number}", [name, number], [False, claim.approx[k]], claim.ranges)
            for name, number in zip(names, numbers)]


def element_claims(claim: Claim, indexed: Callable[[Sym], bool]) -> list[Claim] | None:
    """The claim as one claim per name (see the module's docstring), or None when it is no list of
    givens. ``indexed(Sym)``: does the document name that indexed symbol (``w_1``)?"""
    if len(claim.sides) != 2:
        return None
    numbers = listed(claim.sides[1])
    printed = [_number(n) for n in numbers or []]
    if not numbers or None in printed:
        return None
    names = listed(claim.sides[0])
    if names is not None:
        if len(names) != len(numbers) or any(one_symbol(n) is None for n in names):
            return None
        return _one_each(claim, names, numbers, 1)
    vector = one_symbol(claim.sides[0])
    if vector is None or vector.sub or indexed(vector):
        return None
    first = 1 if indexed(Sym(vector.base, "1")) else 0 if indexed(Sym(vector.base, "0")) else None
    if first is None:
        return None
    names = [f"{vector.base}_{{{k}}}" for k in range(first, first + len(numbers))]
    return _one_each(claim, names, numbers, 1)
