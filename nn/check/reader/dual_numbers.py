"""Dual numbers written out by hand: ``(3 + 4ε)(5 + 7ε) = 15 + 21ε + 20ε + 28ε² = 15 + 41ε``.

Forward-mode autodiff is taught with numbers a + bε where ε² = 0. A chain of such sides (one math
segment ``$… = … = …$`` or several joined by ``=`` in the prose, ``$a$ = $b$ = $c$``) is arithmetic
on printed numbers term by term: each side is expanded into terms c·εᵖ, and a coefficient printed
as a bare number is the claim that it equals the coefficient the sides before it compute —

- term by term, when the side has the terms of the one before in the same order (``3 × 7ε`` → ``21ε``);
- else power by power: the εᵖ part of the latest earlier side that computes it (``21ε + 20ε`` →
  ``41ε``; ``3 + (3 + 4ε)`` → ``6``); a term ``28 × 0`` is the ε² part, ε² = 0 written in.

Each such claim is written as arithmetic (``3 \\times 7 = 21``) at the place of its printed number,
for the ordinary arithmetic check. Only sides of numbers and ε (``\\epsilon``, ``\\varepsilon``) read so;
a coefficient only copied from the side before is no claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nn.check.reader.latex import Group, LatexError, Neg, Num, Pow, Prod, Sum, Sym, parse_math
from nn.check.reader.layout import MathSegment
from nn.check.reader.trees import leaves

__all__ = ["dual_claims"]

_EPSILON = {"epsilon", "varepsilon", "ε"}
_MARK = re.compile(r"\\(?:var)?epsilon|ε")
_NUMBER = re.compile(r"(?<![\w.])\d+\.?\d*|(?<![\w.])\.\d+")
_JOINED = re.compile(r"\s*(?:=|\\approx|≈)\s*")  # what joins two segments of one chain
MAX_TERMS = 64  # terms of one expanded side
MAX_POWER = 8
MAX_SIDES = 32  # sides of one chain compared with each other (a longer chain is read in pieces)
_ONE = Num("1", 1.0)  # the coefficient an ε brings (dropped from products: 4ε × 5 is 4 × 5)


class _NotDual(Exception):
    """A side that is not numbers and ε."""


@dataclass(frozen=True)
class _Term:
    coefficient: object  # a tree of numbers
    power: int
    printed: Num | None = None  # the coefficient when it is one bare printed number


def dual_claims(text: str, segments: list[MathSegment]) -> list[MathSegment]:
    """The arithmetic each dual-number chain of the text claims, as segments at its printed numbers."""
    found: list[MathSegment] = []
    for chain in _chains(text, segments):
        for k in range(0, len(chain), MAX_SIDES):
            found += _claims(chain[k:k + MAX_SIDES])
    return found


def _chains(text: str, segments: list[MathSegment]) -> list[list[tuple[str, int]]]:
    """The sides (text, offset in the document) of every chain holding an ε."""
    chains: list[list[tuple[str, int]]] = []
    last_end = -1
    for seg in sorted(segments, key=lambda s: s.start):
        if not _MARK.search(seg.text):
            last_end = -1
            continue
        sides = _sides(seg)
        between = text[last_end:seg.start - 1] if last_end >= 0 else None
        if chains and between is not None and _JOINED.fullmatch(between.replace("$", "")):
            chains[-1] += sides  # $a$ = $b$: one chain
        else:
            chains.append(sides)
        last_end = seg.start + len(seg.text) + 1
    return chains


def _sides(seg: MathSegment) -> list[tuple[str, int]]:
    """A segment's sides at its top-level ``=``, each with its offset in the document."""
    out, depth, start = [], 0, 0
    for k, c in enumerate(seg.text):
        depth += c in "({["
        depth -= c in ")}]"
        if c == "=" and depth == 0:
            out.append((seg.text[start:k], seg.start + start))
            start = k + 1
    out.append((seg.text[start:], seg.start + start))
    return [(side, at) for side, at in out if side.strip()]


def _claims(chain: list[tuple[str, int]]) -> list[MathSegment]:
    try:
        trees = [parse_math(side) for side, _ in chain]
        expanded = [_expand(tree) for tree in trees]
        places = [_places(tree, side, at) for tree, (side, at) in zip(trees, chain)]
    except (_NotDual, LatexError, RecursionError):
        return []
    if not any(t.power for terms in expanded for t in terms):
        return []
    out = []
    for k in range(1, len(chain)):
        for reference, printed in _pairs(expanded[:k], expanded[k]):
            at = places[k].get(id(printed))
            if at is not None:
                out.append(MathSegment(f"{_latex(reference)} = {printed.text}", at, False))
    return out


def _places(tree: object, side: str, at: int) -> dict[int, int]:
    """Each printed number of the side (by the Num's id) → its offset in the document."""
    numbers = [leaf for leaf in leaves(tree) if isinstance(leaf, Num)]
    found = list(_NUMBER.finditer(side))
    if len(found) != len(numbers) or any(m.group() != n.text for m, n in zip(found, numbers)):
        raise _NotDual("its numbers cannot be placed")
    return {id(n): at + m.start() for m, n in zip(found, numbers)}


def _pairs(before: list[list[_Term]], side: list[_Term]) -> list[tuple[object, Num]]:
    """(the coefficient computed before, the bare number printed for it) for each printed term."""
    last = before[-1]
    if len(last) == len(side) and all(a.power == b.power for a, b in zip(last, side)):
        return [(a.coefficient, b.printed) for a, b in zip(last, side)
                if b.printed is not None and not _bare(a.coefficient)]
    return _zeroed(before, side) + _power_by_power(before, side)


def _zeroed(before: list[list[_Term]], side: list[_Term]) -> list[tuple[object, Num]]:
    """``28 × 0``: the ε² part of the side before (its one power above 1), with ε² = 0 written in."""
    high = sorted({t.power for t in before[-1] if t.power >= 2})
    out = []
    for t in side:
        if _times_zero(t) and len(high) == 1 and isinstance(t.coefficient.factors[0], Num):
            out += _by_power(before, high[0], t.coefficient.factors[0])
    return out


def _power_by_power(before: list[list[_Term]], side: list[_Term]) -> list[tuple[object, Num]]:
    out = []
    for power in sorted({t.power for t in side}):
        group = [t for t in side if t.power == power and not _times_zero(t)]
        if len(group) == 1 and group[0].printed is not None:
            out += _by_power(before, power, group[0].printed)
    return out


def _by_power(before: list[list[_Term]], power: int, printed: Num) -> list[tuple[object, Num]]:
    """The εᵖ part of the latest earlier side that computes it (not one bare number)."""
    for terms in reversed(before):
        group = [t.coefficient for t in terms if t.power == power]
        if not group:
            return []
        if len(group) > 1 or not _bare(group[0]):
            return [(group[0] if len(group) == 1 else Sum(tuple(("+", g) for g in group)), printed)]
    return []


def _bare(node: object) -> bool:
    return isinstance(node, Num) or (isinstance(node, Neg) and isinstance(node.x, Num))


def _times_zero(term: _Term) -> bool:
    c = term.coefficient
    return (term.power == 0 and isinstance(c, Prod) and len(c.factors) == 2
            and isinstance(c.factors[1], Num) and c.factors[1].value == 0)


def _expand(node: object) -> list[_Term]:
    """A side as terms c·εᵖ (c a tree of numbers); _NotDual for anything but numbers and ε."""
    match node:
        case Num():
            return [_Term(node, 0, node)]
        case Sym(base=b) if b in _EPSILON and not node.sub:
            return [_Term(_ONE, 1)]
        case Group(x=x):
            return _expand(x)
        case Neg(x=x):
            return [_Term(Neg(t.coefficient), t.power, None) for t in _expand(x)]
        case Sum(terms=ts):
            out = []
            for sign, t in ts:
                out += _expand(t) if sign == "+" else _expand(Neg(t))
            return _bounded(out)
        case Prod(factors=fs):
            return _product([_expand(f) for f in fs])
        case Pow(base=Sym(base=b), exp=Num(value=v)) if b in _EPSILON and v in range(1, MAX_POWER + 1):
            return [_Term(_ONE, int(v))]
    raise _NotDual(type(node).__name__)


def _product(factors: list[list[_Term]]) -> list[_Term]:
    out = [_Term(None, 0)]
    for terms in factors:
        out = _bounded([_Term(_times(a.coefficient, b.coefficient), a.power + b.power)
                        for a in out for b in terms])
    if any(t.power > MAX_POWER for t in out):
        raise _NotDual("a power too high")
    return [_Term(t.coefficient, t.power, t.coefficient if isinstance(t.coefficient, Num) else None)
            for t in out]


def _times(a: object, b: object) -> object:
    """a·b, dropping the 1 an ε brings (4ε × 5 is 4 × 5)."""
    if a is None or a is _ONE:
        return b
    if b is _ONE:
        return a
    factors = (a.factors if isinstance(a, Prod) else (a,)) + (b.factors if isinstance(b, Prod) else (b,))
    return Prod(factors)


def _bounded(terms: list[_Term]) -> list[_Term]:
    if len(terms) > MAX_TERMS:
        raise _NotDual("too many terms")
    return terms


def _latex(node: object) -> str:
    """A tree of numbers as the arithmetic the reader checks (``3 \\times 7``, ``21 + 20``)."""
    match node:
        case Num(text=t):
            return t
        case Neg(x=x):
            return f"-{_latex(x)}" if isinstance(x, Num) else f"-({_latex(x)})"
        case Prod(factors=fs):
            return r" \times ".join(_latex(f) if isinstance(f, Num) else f"({_latex(f)})" for f in fs)
        case Sum(terms=ts):
            signs = ["" if k == 0 and s == "+" else f"{s} " for k, (s, _) in enumerate(ts)]
            return " ".join(sign + _latex(t) for sign, (_, t) in zip(signs, ts))
    raise _NotDual(type(node).__name__)
