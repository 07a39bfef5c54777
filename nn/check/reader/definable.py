"""Which definitions a document can compute: those whose symbols all come, in the end, from givens.

A document may define a name in symbols it never gives (``u = bc`` where c is only in a figure)
and print that name's value later (``u = 6``). The definition cannot be built, so the printed
value is the given the graph starts from, and what is defined from it (``v = a + u``) is built on
it, wherever in the text the value is printed.

``computable(rules, givens)`` answers for every rule at once, by counting each rule's missing
symbols down as names become known (Kahn's algorithm): linear in the rules' total size.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["computable"]


def computable(rules: Iterable[tuple[str, frozenset[str]]], givens: set[str]) -> set[str]:
    """The names some rule ``(name, symbols it is computed from)`` computes from ``givens``."""
    missing: list[int] = []
    heads: list[str] = []
    waiting: dict[str, list[int]] = {}
    ready: list[str] = list(givens)
    for k, (name, symbols) in enumerate(rules):
        heads.append(name)
        unknown = symbols - givens
        missing.append(len(unknown))
        for symbol in unknown:
            waiting.setdefault(symbol, []).append(k)
        if not unknown:
            ready.append(name)
    done: set[str] = set()
    while ready:
        name = ready.pop()
        if name in done:
            continue
        done.add(name)
        for k in waiting.pop(name, []):
            missing[k] -= 1
            if missing[k] == 0:
                ready.append(heads[k])
    return {heads[k] for k in range(len(heads)) if missing[k] == 0}
