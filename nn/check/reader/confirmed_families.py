"""Indexed quantities whose reading the document itself confirms: ``e_{1,1}`` checked right vouches for
``e_{1,2}``.

A number far from the engine's value with no cause named may be a misreading (the reader took it for
another quantity) rather than the document's slip, so ``carried`` does not repeat it wherever the
number is printed again. Yet a worked example often works one element of an indexed family out in
full (``e_{1,1} = v^T tanh(W[s; h_1] + b) = 0.259``) and states the others "similarly"
(``e_{1,2} = -0.142``): the reader built every element the same way, and the one the document works
out agrees with it (its row matches, or a diagnosis explains its difference). The family's reading
is then confirmed by the document, and a far-off element of it is the document's own number, wrong:
where it is printed again (``\\exp(-0.142)``), it is wrong again.

A family is the quantities with one stem and different indices (``e_11``, ``e_12`` → ``e``; ``alpha_21``
→ ``alpha``; ``c_2__1`` → ``c``; never the names the reader gives arithmetic on printed numbers,
``arithmetic_20_1``: lines that each work their own numbers out are no family); a member confirms
it when its row matches or its mismatch names a cause. Public: ``family``, ``confirmed_families``.
"""

from __future__ import annotations

import re

from nn.check.quantities import made_up

__all__ = ["confirmed_families", "family"]

_INDICES = re.compile(r"(?:_+\d+)+$")


def family(quantity: object) -> str | None:
    """The stem of an indexed quantity (``alpha_21`` → ``alpha``, ``c_2__1`` → ``c``); None for a
    quantity with no index (``L``, ``y_hat``) and for a name the reader made up (``arithmetic_20_1``:
    arithmetic on printed numbers, its line and place, which vouch for nothing of each other)."""
    name = str(quantity or "")
    if made_up(name):
        return None
    stem = _INDICES.sub("", name)
    return stem if stem and stem != name else None


def confirmed_families(rows: list[dict], naming_nothing: set[str]) -> set[str]:
    """The families of which some member's row (``row_kind`` "number") matches, or mismatches with a
    cause other than ``naming_nothing`` (the causes that say no more than "it differs")."""
    out = set()
    for row in rows:
        stem = family(row.get("quantity"))
        if stem is None or row.get("row_kind") != "number":
            continue
        if row.get("verdict") == "match" or (
                row.get("verdict") == "mismatch" and set(row.get("causes") or []) - naming_nothing):
            out.add(stem)
    return out
