"""A table column headed in words as the square of another column: ``Squared error`` beside ``Error``.

    | Sample | Error | Squared error |
    |--------|-------|---------------|
    | 1      | 0.2   | 0.04          |

A residual table names its columns in words, not formulas; the square of a column is still a
formula of it. ``squared_headers`` rewrites such a pair of headers as math the formula tables read
(``$\\mathrm{Error}$`` and ``$\\mathrm{Error}^2$``): each cell of the squared column is then checked as
the square of its row's number in the other column. Written ``Squared X``, ``X squared``, ``Square of
X``, ``X²`` or ``X^2``, where X is, letter for letter (case aside), the words of another header that
has no math of its own. Nothing else about the headers changes.
"""

from __future__ import annotations

import re

__all__ = ["squared_headers"]

_SQUARED = (re.compile(r"^squared\s+(?P<x>.+)$"), re.compile(r"^(?P<x>.+?)\s+squared$"),
            re.compile(r"^square\s+of\s+(?:the\s+)?(?P<x>.+)$"), re.compile(r"^(?P<x>.+?)\s*(?:²|\^\s*2)$"))
_WORDS = re.compile(r"^[A-Za-z][A-Za-z ]*$")


def _words(header: str) -> str:
    """A header's words, markup and spaces evened out, lower case (``**Squared  Error**``)."""
    return " ".join(header.strip().strip("*_` ").split()).lower()


def _squared_of(header: str) -> str | None:
    """The words X of a header saying "the square of X", else None."""
    if "$" in header:
        return None
    words = _words(header)
    for pattern in _SQUARED:
        m = pattern.match(words)
        if m is not None:
            return m.group("x").strip()
    return None


def squared_headers(headers: list[str]) -> list[str]:
    """The headers with every "square of another column" pair written as math (see the module)."""
    plain = {_words(h): k for k, h in enumerate(headers) if "$" not in h and _WORDS.match(_words(h))}
    out = list(headers)
    for k, header in enumerate(headers):
        base = _squared_of(header)
        j = plain.get(base or "")
        if j is None or j == k:
            continue
        symbol = r"\mathrm{" + "".join(word.capitalize() for word in base.split()) + "}"
        out[j], out[k] = f"${symbol}$", f"${symbol}^2$"
    return out
