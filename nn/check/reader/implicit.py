"""Implicit products of known names: ``bc`` is b·c and ``Wx`` is W·x when b, c, W, x are givens.

Documents write products without a sign (``J = 3(a + bc)``, ``z = Wx + b``); a tokenizer sees one
word. A word is read as a product only when the givens name every piece and exactly one way of
cutting it does so: a known whole word (``net``, ``out``) is never cut.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

__all__ = ["split_known", "split_products"]

MAX_WORD = 40  # longer words are names, never cut (and the cutting stays linear in the text)


def split_known(word: str, known: Collection[str], last_suffix: str = "") -> list[str] | None:
    """``word`` cut into known names, the last one with ``last_suffix`` (a subscript) attached.

    ``split_known("bc", {"b", "c"})`` → ``["b", "c"]``; ``split_known("Wx", {"W", "x_1"}, "_1")`` →
    ``["W", "x_1"]``; a known whole word is itself; None when no cut or more than one cut fits.
    """
    if word + last_suffix in known:
        return [word + last_suffix]
    if not word or len(word) > MAX_WORD:
        return None
    ways = _cuts(word, known, last_suffix)
    return ways[0] if len(ways) == 1 else None


def _cuts(word: str, known: Collection[str], last_suffix: str) -> list[list[str]]:
    """Every way to cut ``word`` into known names (at most two are kept: one is the answer, two is
    ambiguous), by dynamic programming from the end of the word."""
    n = len(word)
    tails: list[list[list[str]]] = [[] for _ in range(n + 1)]
    tails[n] = [[]]
    for i in range(n - 1, -1, -1):
        for j in range(i + 1, n + 1):
            piece = word[i:j] + (last_suffix if j == n else "")
            if piece in known:
                tails[i] += [[piece, *rest] for rest in tails[j]][:2 - len(tails[i])]
            if len(tails[i]) >= 2:
                break
    return [cut for cut in tails[0] if len(cut) > 1]


class _Known:
    """``"x_1" in known``: does the document's graph name x with subscript 1?"""

    def __init__(self, is_known: Callable[[str, str], bool]) -> None:
        self.is_known = is_known

    def __contains__(self, name: object) -> bool:
        base, _, sub = str(name).partition("_")
        return self.is_known(base, sub)


def split_products(node: object, is_known: Callable[[str, str], bool]) -> object:
    """A parsed tree with each symbol the graph does not know, whose letters cut into symbols it does
    know, written as their product: ``3(a + bc)`` → 3·(a + b·c). ``is_known(base, sub)`` asks the
    graph; Greek letters and function names are never cut. The tree is returned as it is when
    nothing is cut."""
    from nn.check.notation import FUNCTIONS, GREEK
    from nn.check.reader.latex import Prod, Sym
    from nn.check.reader.trees import leaves, map_leaves

    known = _Known(is_known)

    def cut(leaf: object) -> object:
        if not isinstance(leaf, Sym) or leaf.tag or len(leaf.base) < 2 or not leaf.base.isalpha() \
                or leaf.base in GREEK or leaf.base in FUNCTIONS or is_known(leaf.base, leaf.sub):
            return leaf
        pieces = split_known(leaf.base, known, f"_{leaf.sub}" if leaf.sub else "")
        if pieces is None:
            return leaf
        return Prod(tuple(Sym(base, sub) for base, _, sub in (p.partition("_") for p in pieces)))

    if all(cut(leaf) is leaf for leaf in leaves(node)):
        return node
    return map_leaves(node, cut)
