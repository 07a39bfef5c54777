"""An update narrated with an assignment arrow: ``$w \\leftarrow 4 - 2.5$``, then "so w = 1.5".

A document that steps one parameter by hand often writes the step as an assignment with the numbers
substituted (``w \\leftarrow 4 - 2.5``, ``w \\gets 4 - 0.625 \\cdot 4``, ``w ← 4 − 2.5``) and then names the
result with the bare name ("so w = 1.5", ``$w = 1.5$``). Both are the value after the step: the
arrow's arithmetic is ``w^{new}``'s, and a later ``w = NUMBER`` of the same section (up to the next
heading) is ``w^{new} = NUMBER`` — not a second, contradicting given of w.

Only a name assigned so exactly once in the document is read so (a loop of steps narrated in turn is
not one update), and only an arrow whose right side is arithmetic on numbers (``w \\leftarrow w - \\eta
g`` is an update rule, read elsewhere). One pass over the lines: linear in the text.
"""

from __future__ import annotations

import re
from collections import Counter

__all__ = ["arrow_assignments"]

_NAME = r"[A-Za-z](?:_\{\w{1,8}\}|_\w)?"
_ARROW = r"(?:\\leftarrow(?![A-Za-z])|\\gets(?![A-Za-z])|←)"
_ARITHMETIC = r"[-−+]?\s*[\d.]+(?:\s*(?:[-−+*/·×]|\\cdot|\\times)\s*\(?\s*[-−]?[\d.]+\s*\)?)+"
_ASSIGNED = re.compile(rf"(?<![\w\\{{}}^])(?P<name>{_NAME})\s*{_ARROW}\s*(?P<rhs>{_ARITHMETIC})"
                       r"\s*(?=\$|\\\)|\\\]|$|[,;]\s|\.\s|\.$)")


# ``w = 1.5``: a name alone, then one number ending the claim
_RESTATED = re.compile(rf"(?<![\w\\{{}}^_])(?P<name>{_NAME})(?![\w^_{{])\s*=\s*(?=[-−+]?\d)"
                       r"(?=[-−+]?[\d.]+(?:\s*(?:\$|\\\)|\\\]|$|[,;:]\s|\.\s|\.$|\s+[A-Za-z]{2}|\s+\()))")


def arrow_assignments(text: str) -> str:
    """``text`` with each single numeric arrow update, and its section's later restatements of the
    name, written as the updated name (``w^{new}``)."""
    if "←" not in text and "\\leftarrow" not in text and "\\gets" not in text:
        return text
    lines = text.split("\n")
    assigned = Counter(m.group("name") for line in lines for m in _ASSIGNED.finditer(line))
    once = {name for name, n in assigned.items() if n == 1}
    open_: set[str] = set()  # the names updated so far in this section
    for k, line in enumerate(lines):
        if line.lstrip().startswith("#"):
            open_.clear()
            continue
        out, last = [], 0
        for m in _ASSIGNED.finditer(line):
            out.append(_restatements(line[last:m.start()], open_))
            name = m.group("name")
            if name in once:
                out.append(f"{_updated(name)} = {m.group('rhs')}")
                open_.add(name)
            else:
                out.append(line[m.start():m.end("rhs")])
            last = m.end("rhs")
        line = "".join(out) + _restatements(line[last:], open_)
        lines[k] = line
    return "\n".join(lines)


def _restatements(piece: str, open_: set[str]) -> str:
    """``piece`` with each restatement of an updated name (``w = 1.5``) as the updated name's."""
    if not open_:
        return piece
    return _RESTATED.sub(lambda m: f"{_updated(m.group('name'))} = " if m.group("name") in open_
                         else m.group(0), piece)


def _updated(name: str) -> str:
    return f"{name}^{{new}}"
