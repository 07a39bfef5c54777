"""A vector printed under the name softmax is the softmax of the vector it is applied to.

A worked example writes the logits, then the probabilities under the function's own name:
"apply softmax to the logits ``[-0.8, 1.1, 0.1]``" … ``\\text{softmax} = [0.098, 0.659, 0.242]``.
Read alone, that vector is three givens, and everything the document computes from it is checked
against its own printed (perhaps wrong) probabilities. Here it becomes what it says: one node per
element, ``exp(z_k) / Σ_j exp(z_j)`` of the logits, so a wrong probability is a mismatch and what
is computed from it inherits the error.

The logits are the vector the document printed before it: a vector quantity of the graph (its
elements ``z__1 … z__n``, given or computed, so the softmax is tied to how they were computed), else
a row of numbers the text printed (``= [-0.8, 1.1, 0.1]``), made givens. A candidate is taken only
when its softmax reproduces at least one printed probability (``instances.reproduces``); a graph
quantity before a printed row, the nearest before the claim first. The printed vector must read as
a distribution (every element in [0, 1], their sum 1 up to the printed rounding and a slip of
``SLIP``); else nothing is changed. Public: ``softmax_of_listed``.
"""

from __future__ import annotations

import math
import re

from nn.check.reader.claims import Claim
from nn.check.reader.instances import in_order, reproduces
from nn.check.reader.latex import LatexError, Sym, parse_math
from nn.check.reader.matrices import whole_grid
from nn.check.reader.trees import unwrap

__all__ = ["softmax_of_listed"]

SOFTMAX_NAMES = {"softmax"}  # a left side written \text{softmax}, \operatorname{softmax}, softmax
MAX_ELEMENTS = 64  # a softmax over more classes than this is not rewritten
MAX_CLAIMS = 64  # vectors named softmax read in one example (each looks through every vector before it)
SLIP = 0.05  # how far from 1 the printed probabilities may sum: a wrong one is what is looked for
MAX_LOGIT = 300.0  # exp of more overflows nothing here, but no worked example prints such logits
_ELEMENT = re.compile(r"^(.+)__(\d+)$")


def _vector(found, stem: str) -> list[str]:
    """The engine names ``stem__1 … stem__n`` the graph has, in order, with no gap."""
    names, k = [], 1
    while found.known(f"{stem}__{k}"):
        names.append(f"{stem}__{k}")
        k += 1
    return names


def _distribution(printed: list[str]) -> bool:
    """Do the printed numbers read as probabilities: each in [0, 1], summing to 1 up to their rounding
    (and a slip: one of them may be the document's error)?"""
    try:
        values = [float(p.replace("−", "-")) for p in printed]
    except ValueError:
        return False
    halves = sum(0.5 * 10.0 ** -len(p.partition(".")[2]) for p in printed)
    return len(values) >= 2 and all(0 <= v <= 1 for v in values) and abs(sum(values) - 1) <= halves + SLIP


def _softmax(values: list[float]) -> list[float] | None:
    if not values or any(not math.isfinite(v) or abs(v) > MAX_LOGIT for v in values):
        return None
    top = max(values)
    exps = [math.exp(v - top) for v in values]
    return [e / sum(exps) for e in exps]


def _graph_vectors(found) -> list[tuple[float, str, list[str], list[float]]]:
    """The graph's vector quantities: (the last line stating an element, stem, engine names, values),
    nearest the end of the document first."""
    stems = {m.group(1) for name in [*found.leaves, *found.nodes] if (m := _ELEMENT.match(name))}
    out = []
    for stem in stems:
        names = _vector(found, stem)
        if 2 <= len(names) <= MAX_ELEMENTS and all(name in found.values for name in names):
            at = max(found.lines.get(name, math.inf) for name in names)
            out.append((at, stem, names, [found.values[name] for name in names]))
    return sorted(out, key=lambda c: -c[0])


def _printed_rows(claims: list[Claim]) -> list[tuple[int, list[float]]]:
    """Rows (or columns) of numbers printed as a whole side of a claim, nearest the end first."""
    out = []
    for claim in claims:
        for side in claim.sides[1:]:
            if "[" not in side and "\\begin" not in side:
                continue
            grid = whole_grid(side)
            values = grid.values() if grid is not None and 1 in grid.shape else None
            if values is not None and 2 <= len(flat := [v for row in values for v in row]) <= MAX_ELEMENTS:
                out.append((claim.line, flat))
    return sorted(out, key=lambda c: -c[0])


def _softmax_claims(claims: list[Claim], found, engine_name) -> list[tuple[Claim, str, list[str]]]:
    """Each claim naming softmax on its left and printing a distribution whose elements are givens
    of the graph: (claim, engine stem, the printed elements)."""
    out = []
    for claim in claims:
        try:
            lhs = unwrap(parse_math(claim.sides[0]))
        except (LatexError, RecursionError):
            continue
        if not isinstance(lhs, Sym) or lhs.sub or lhs.base not in SOFTMAX_NAMES:
            continue
        stem = engine_name(lhs)
        names = _vector(found, stem)
        if not 2 <= len(names) <= MAX_ELEMENTS or any(n not in found.leaves for n in names):
            continue
        if any(found.lines.get(name) != claim.line for name in names):
            continue
        written = _written_numbers(claim, len(names))  # 0.00005 as printed, not repr's 5e-05
        printed = [found.printed.get(name) or (written[k] if written else repr(found.leaves[name]))
                   for k, name in enumerate(names)]
        if _distribution(printed):
            out.append((claim, stem, printed))
    return out


_WRITTEN = re.compile(r"[-−]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _written_numbers(claim: Claim, count: int) -> list[str] | None:
    """The numbers of the claim's one bracketed side as written, when it prints ``count`` of them."""
    sides = [side for side in claim.sides[1:] if "[" in side or "\\begin" in side]
    if len(sides) != 1:
        return None
    found = _WRITTEN.findall(re.sub(r"\\[A-Za-z]+", " ", sides[0]))
    return found if len(found) == count else None


def _fits(values: list[float], printed: list[str], every: bool = False) -> bool:
    """Does the softmax of ``values`` reproduce at least one printed probability (``every``: all of them)?"""
    out = _softmax(values) if len(values) == len(printed) else None
    agree = [reproduces(v, p) for v, p in zip(out, printed)] if out is not None else []
    return bool(agree) and (all(agree) if every else any(agree))


def _chosen(vectors: list, rows: list, claim: Claim, stem: str, printed: list[str]):
    """The logits: their engine names (None for a printed row to make givens), their values, and the
    line that prints the row (0 for a quantity of the graph). Logits that reproduce every printed
    probability come first (``[10, 0, 0]`` for ``[0.9999, 0.00005, 0.00005]``, though ``[100, 0, 0]``
    printed nearer gives 0.9999 too); else the nearest that reproduces one (the others may be wrong)."""
    for every in (True, False):
        for at, other, names, values in vectors:
            if at < claim.line and other != stem and _fits(values, printed, every):
                return names, values, 0
        for line, values in rows:
            if line < claim.line and _fits(values, printed, every):
                return None, values, line
    return None


def softmax_of_listed(found, claims: list[Claim], engine_name) -> list[str]:
    """Make every vector printed under the name softmax (its elements givens of ``found``, an
    ``Inferred``) the softmax of the logits printed before it; returns the names made nodes."""
    made: list[str] = []
    listed = _softmax_claims(claims, found, engine_name)[:MAX_CLAIMS]
    vectors, rows = (_graph_vectors(found), _printed_rows(claims)) if listed else ([], [])
    for claim, stem, printed in listed:
        choice = _chosen(vectors, rows, claim, stem, printed)
        if choice is None:
            continue
        names, values, line = choice
        if names is None:
            names = [f"{stem}_logits__{k + 1}" for k in range(len(values))]
            for name, value in zip(names, values):
                found.leaves[name] = found.values[name] = value
                found.lines[name] = line
        total = " + ".join(f"exp({name})" for name in names)
        for k, name in enumerate(names):
            element = f"{stem}__{k + 1}"
            del found.leaves[element]
            found.nodes[element] = f"exp({name}) / ({total})"
            made.append(element)
    if made:
        found.nodes = in_order(found.nodes)
        found.notes.append(f"{', '.join(made)}: the softmax of the logits printed before them")
    return made
