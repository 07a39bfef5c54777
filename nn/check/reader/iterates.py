"""Iterates numbered by their step: "start at $x_0 = 3$", then $x_1 = 2.4$, $x_2 = 1.92$.

Gradient-descent notes name the parameter after k steps by its index: x_0 is where it starts (the
given x), x_1 the value after one step, x_k after k. Only a name started that way (``x_0`` given, and no
``x_1`` defined as anything else) reads so, and only a plain digit index: ``w_1`` beside ``w_2`` in a
network is two weights, never two iterates, because no ``w_0`` starts them.

``started(leaves)`` lists the names with a start; ``iterate(sym, started)`` gives (name, k) for x_k.
"""

from __future__ import annotations

from collections.abc import Collection

from nn.check.reader.latex import Sym

__all__ = ["MAX_ITERATE", "started", "iterate"]

MAX_ITERATE = 50  # an index beyond this is no step a document prints by hand


def started(leaves: Collection[str]) -> set[str]:
    """The names given a start: ``x_0`` and ``x`` both leaves (``w_0 = 0``: w starts at 0)."""
    return {name[:-2] for name in leaves if name.endswith("_0") and name[:-2] in leaves}


def iterate(sym: object, names: Collection[str]) -> tuple[str, int] | None:
    """``x_2`` → ("x", 2) when x is one of ``names`` (started); else None."""
    if not isinstance(sym, Sym) or sym.tag or not sym.sub.isdigit() or (sym.sub[0] == "0" and sym.sub != "0"):
        return None
    base = sym.base
    k = int(sym.sub)
    return (base, k) if base in names and k <= MAX_ITERATE else None
