"""A layer's number written in square brackets: ``W[1]``, ``dZ[l]``, ``A[l-1]`` and ``W^{[1]}``.

Course notes in the deep-learning style write the layer of a matrix as a bracketed superscript
(``W^{[1]}``, ``Z^{[l]}``) and, in plain Markdown, often just after the letter (``W[1]``, ``dZ[4]``,
``A[l-1]``). Both are one name, never a product with a bracketed number: ``layer_marks`` writes the
second spelling as the first, so the LaTeX reader (``latex``) and the matrix reader (``matrices``)
read one spelling. Only a bracket written right after a one-letter name (or ``d`` and one letter, a
gradient ``dW``) that holds a layer (a number, one letter, or one letter ± a number) is a layer mark:
``a[1 - a]`` and ``\\sigma(z)[1 - \\sigma(z)]`` stay products. Linear in the text.
"""

from __future__ import annotations

import re

__all__ = ["layer_marks"]

# A one-letter name (or d + one letter) right before a bracketed layer; not the tail of a longer word
# or of a command (\max[…]).
_BRACKET_LAYER = re.compile(r"(?<![\\A-Za-z0-9_])(d?[A-Za-z])\[\s*(\d+|[A-Za-z](?:\s*[-+]\s*\d+)?)\s*\]")


def layer_marks(text: str) -> str:
    """``W[1]X + b[1]`` → ``W^{[1]}X + b^{[1]}``; text without a bracketed layer is returned as is."""
    if "[" not in text:
        return text
    return _BRACKET_LAYER.sub(_superscript, text)


def _superscript(m: re.Match) -> str:
    layer = "".join(m.group(2).split())
    return f"{m.group(1)}^{{[{layer}]}}"
