"""Derivatives stated in prose: "the gradient for `w2`: 0.069", "the derivative with respect to $b$ is
-6", "the gradient at $x = 3$ is 6".

Lecture notes and blogs often conclude a backward pass in words. Such a sentence names the quantity
the derivative is taken by (in code, in math or bare: ``w2`` is w_2) and prints the number right
after *is*, *=*, *:* or *equals*; the derivative is of the loss (the graph's root) unless the sentence
says of which name (``the derivative of f with respect to x``). Each becomes the math claim it states,
``\\frac{\\partial L}{\\partial w_2} = 0.069``, read like any other at the number's line.

"The gradient at $x = 3$ is 6" is the derivative at a point: it is read only when the graph's x is 3
(the point the example computes at); at another point it is listed, never compared with the
derivative at the example's point. A sentence with no number after its verb ("the gradient for W is
the error times the input") states nothing to check and is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from nn.check.reader.layout import MathSegment
from nn.check.reader.update_names import numbered

__all__ = ["ProseDerivative", "prose_derivatives", "latex_name"]

_NAME = (r"(?:`[^`\n]{1,16}`|\$[^$\n]{1,24}\$|\\\([^\n]{1,24}?\\\)"
         r"|[A-Za-z\u0370-\u03ff][\w\u2080-\u2089']{0,8})")
_NUMBER = r"[-−+]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?"
_VERB = (r"\s*(?:\*\*|__)?\s*(?:is|was|=|:|equals|equal\s+to|becomes)\s*"
         r"(?:about|approximately|roughly|≈|~|still)?\s*")
_OPEN = r"(?:\*\*|__|`|\$|\\\()?\s*"
_END = r"(?![\w.]*\s*(?:[×·^/(+\\]|\*(?!\*)|-\s*\d))"  # not the start of more arithmetic
_LOSS_WORDS = {"loss", "error", "cost", "the loss", "the error", "the cost", "the objective", "objective"}
_BY = re.compile(
    rf"(?i)\b(?:gradient|derivative|partial derivative|slope)\s+"
    rf"(?:of\s+(?P<top>(?:the\s+)?(?:loss|error|cost|objective)|{_NAME})\s+)?"
    rf"(?:for|of|wrt|w\.r\.t\.?|with\s+respect\s+to|on)\s+"
    rf"(?:the\s+)?(?:weight\s+|bias\s+|parameter\s+|input\s+)?(?P<name>{_NAME}){_VERB}{_OPEN}"
    rf"(?P<number>{_NUMBER}){_END}")
_AT = re.compile(
    rf"(?i)\b(?:gradient|derivative|slope)\s+(?:of\s+(?P<top>{_NAME})\s+)?at\s+(?:\$|\\\()?\s*"
    rf"(?P<name>[A-Za-z\u0370-\u03ff][\w]{{0,8}})\s*=\s*(?P<point>{_NUMBER})\s*(?:\$|\\\))?,?{_VERB}{_OPEN}"
    rf"(?P<number>{_NUMBER}){_END}")


class ProseDerivative:
    """One derivative a sentence states: its claim in LaTeX, where its number is, and the point."""

    def __init__(self, claim: str, start: int, name: str, point: str | None) -> None:
        self.claim, self.start, self.name, self.point = claim, start, name, point

    def segment(self) -> MathSegment:
        return MathSegment(self.claim, self.start, False)


def latex_name(written: str) -> str:
    """``\\`w2\\``, ``$w_2$``, ``\\(w_2\\)``, ``w2``, ``w₂`` as a LaTeX name: w_{2}."""
    name = written.strip("`$ ")
    if name.startswith("\\(") and name.endswith("\\)"):
        name = name[2:-2].strip()
    bare = numbered(name)
    return f"{bare[0]}_{{{bare[1]}}}" if bare else name


def prose_derivatives(text: str, segments: Sequence[MathSegment], root: str,
                      masked: str | None = None) -> list[ProseDerivative]:
    """The derivatives stated in the prose of ``text`` (its math ``segments`` left to their reader:
    a number inside one is read there); the derivative of ``root`` unless the sentence names another.
    ``masked``: the text with its code blanked (a comment in a code block is no prose)."""
    spans = sorted((seg.start, seg.start + len(seg.text)) for seg in segments)
    found = []
    for pattern in (_BY, _AT):
        for m in pattern.finditer(text):
            start = m.start("number")
            if masked is not None and masked[m.start():m.start() + 4] != text[m.start():m.start() + 4]:
                continue  # in a code block
            if any(a <= start < b and text[a:b].strip() != m.group("number") for a, b in spans):
                continue  # a number inside a formula: the formula's own
            top = m.group("top")
            top = root if top is None or top.strip().lower() in _LOSS_WORDS else latex_name(top)
            name = latex_name(m.group("name"))
            point = m.groupdict().get("point")
            number = m.group("number").replace("−", "-")
            claim = f"\\frac{{\\partial {top}}}{{\\partial {name}}} = {number}"
            found.append(ProseDerivative(claim, start, name, point))
    return found
