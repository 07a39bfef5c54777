"""The names documents give a parameter after its update, beyond ``w^{new}``, ``w_{new}``, ``w^{+}``:

- ``w₅(new)``, ``w_5 (updated)``: a word in parentheses after the name (the LaTeX reader's tokenizer
  writes it as ``w₅^{new}``, ``latex._SPELLED_UPDATE``);
- ``w_5^{(1)}``, ``w₅⁽²⁾``: a parenthesised step count over a parameter's name (``counted_update``),
  w_5 after 1 and 2 steps — only where ``w_5`` is a parameter and ``w^{(1)}`` no layer of the graph;
- ``w5_new`` for a ``w_5`` (``split_index``: ``w5`` is ``w_5`` when the graph has no ``w5``).
"""

from __future__ import annotations

import re

from nn.check.reader.latex import Sym

__all__ = ["counted_update", "numbered", "split_index"]

_COUNTED = re.compile(r"^(.+)\^\((\d{1,3})\)$")  # the parser's `w^(1)` for w^{(1)}, w⁽¹⁾
_INDEXED = re.compile(r"^([A-Za-z]+)(\d+)$")


def counted_update(sym: Sym) -> tuple[Sym, int] | None:
    """``w^{(1)}_5`` as (``w_5``, 1): the symbol and the steps written over it; None when there is no
    count (or it is 0: the value before any step is the name's own)."""
    m = _COUNTED.match(sym.base)
    if m is None or sym.tag or int(m.group(2)) == 0:
        return None
    return Sym(m.group(1), sym.sub), int(m.group(2))


def numbered(name: str) -> tuple[str, str] | None:
    """``w5`` (letters, then digits) as its letters and its index, ("w", "5"); else None. The one
    reading of a name written without its subscript (``W1`` for ``W_1``, ``a2`` for ``a_2``)."""
    m = _INDEXED.match(name)
    return (m.group(1), m.group(2)) if m else None


def split_index(sym: Sym) -> Sym | None:
    """``w5`` as ``w_5``; None for a name with a subscript of its own or no digits after letters."""
    found = numbered(sym.base) if not sym.sub else None
    return Sym(found[0], found[1], sym.tag) if found else None
