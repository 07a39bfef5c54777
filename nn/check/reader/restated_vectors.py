"""A vector given with the very numbers a computed vector printed before it is that vector, restated.

"This is our predicted probabilities: ``y_pred = [0.098, 0.659, 0.242]``" after the softmax printed
``[0.098, 0.659, 0.242]``: read alone, ``y_pred`` is three givens, a premise, and what the document
computes from it (the gradient ``y_pred - y_true``, the weight update) is checked against the
document's own, perhaps wrong, probabilities. It is the computed vector under another name: each
element becomes a node equal to that vector's element, so an error made before it carries on and is
flagged where it is used.

Only a whole vector is read so (two elements at least, every element the same number as the
computed one's at the given's printed precision, one of them with enough digits to be recognised:
``carried.is_distinctive``), only from a vector computed on an earlier line, and only when exactly one
computed vector fits; else the givens stay givens. Public: ``restate_vectors``.
"""

from __future__ import annotations

import math
import re

from nn.check.reader.carried import is_distinctive, unsigned
from nn.check.reader.instances import in_order

__all__ = ["restate_vectors"]

_ELEMENT = re.compile(r"^(.+)__(\d+)$")


def _vectors(found, names) -> dict[str, list[str]]:
    """Each stem with elements ``stem__1 … stem__n`` among ``names`` (no gap), n ≥ 2."""
    stems = {m.group(1) for name in names if (m := _ELEMENT.match(name))}
    out = {}
    for stem in stems:
        elements, k = [], 1
        while f"{stem}__{k}" in names:
            elements.append(f"{stem}__{k}")
            k += 1
        if len(elements) >= 2:
            out[stem] = elements
    return out


def _same(printed: str, value: float) -> bool:
    """Does ``value`` print as ``printed`` at its precision?"""
    try:
        number = float(printed.replace("−", "-"))
    except ValueError:
        return False
    half = 0.5 * 10.0 ** -len(unsigned(printed).partition(".")[2])
    return math.isfinite(value) and abs(value - number) <= half * (1 + 1e-9)


class _Computed:
    """The computed vectors, looked up by their length and their values at a printed precision."""

    def __init__(self, found) -> None:
        self.found = found
        self.vectors = list(_vectors(found, set(found.nodes)).values())
        self.by: dict[int, dict[tuple, list[list[str]]]] = {}

    def near(self, printed: list[str]) -> list[list[str]]:
        """The computed vectors whose values round (half away from zero or to even alike) near these."""
        places = max(len(unsigned(p).partition(".")[2]) for p in printed)
        if places not in self.by:
            index: dict[tuple, list[list[str]]] = {}
            for elements in self.vectors:
                values = [self.found.values.get(e, math.nan) for e in elements]
                if all(math.isfinite(v) for v in values):
                    index.setdefault((len(values), round(values[0], places)), []).append(elements)
            self.by[places] = index
        try:
            first = round(float(printed[0].replace("−", "-")), places)
        except ValueError:
            return []
        found = self.by[places]
        step = 10.0 ** -places
        return [e for key in {first - step, first, first + step}
                for e in found.get((len(printed), round(key, places)), [])]


def _restating(found, given: list[str], computed: _Computed) -> list[str] | None:
    """The one computed vector, stated before, whose elements the given's printed numbers are."""
    printed = [found.printed.get(name) or repr(found.leaves[name]) for name in given]
    if not any(is_distinctive(unsigned(p)) for p in printed):
        return None
    line = min(found.lines.get(name, 0) for name in given)
    fits = [elements for elements in computed.near(printed)
            if max(found.lines.get(e, math.inf) for e in elements) < line
            and all(_same(p, found.values.get(e, math.nan)) for p, e in zip(printed, elements))]
    return fits[0] if len(fits) == 1 else None


def restate_vectors(found) -> list[str]:
    """Make every vector of givens of ``found`` (an ``Inferred``) that restates a computed vector
    printed before it nodes equal to that vector; returns the names made nodes."""
    made: list[str] = []
    computed = _Computed(found)
    with_nodes = {name.partition("__")[0] for name in found.nodes}  # a vector partly computed: left alone
    for stem, given in _vectors(found, set(found.leaves)).items():
        if len({found.lines.get(name) for name in given}) != 1 or stem in with_nodes:
            continue
        elements = _restating(found, given, computed)
        if elements is None:
            continue
        for name, element in zip(given, elements):
            del found.leaves[name]
            found.nodes[name] = element
            made.append(name)
    if made:
        found.nodes = in_order(found.nodes)
        found.notes.append(f"{', '.join(made)}: a computed vector printed before, restated")
    return made

