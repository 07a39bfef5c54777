"""An element of a matrix written with its indices in brackets: ``W[1,2]``, ``dW[2, 1]``.

A document that gives ``W`` whole writes its elements in formulas as ``W_{12}``, ``W_{1,2}`` or,
as code does, ``W[1,2]``. Read as LaTeX the last is a product of ``W`` and the list ``[1, 2]``.
``element_indices`` writes it as ``W_{1,2}`` (the spelling ``reader.element_names`` resolves to the
matrix's element, counted from 1, or from 0 where the document counts so) before the LaTeX reader
reads it. Only a bracket right after a one-letter name (or ``d`` and one letter), holding two
whole numbers, is an index: ``W[1]`` is a layer (``reader.layers``), ``a[1 - a]`` a product,
``\\max[…]`` a command's. Linear in the text.
"""

from __future__ import annotations

import re

__all__ = ["element_indices"]

_INDEXED = re.compile(r"(?<![\\A-Za-z0-9_])(d?[A-Za-z])\[\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\]")


def element_indices(text: str) -> str:
    """``W[1,2]`` → ``W_{1,2}``; text with no such index is returned as is."""
    if "[" not in text:
        return text
    return _INDEXED.sub(lambda m: f"{m.group(1)}_{{{m.group(2)},{m.group(3)}}}", text)
