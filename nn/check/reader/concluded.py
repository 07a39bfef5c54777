"""A bare number that concludes a derivation: the value of the formula written just before it.

Notes derive a quantity in symbols and give its value on its own, after a connective:

    \\[ \\frac{\\partial L}{\\partial w_1} = \\frac{\\partial L}{\\partial \\hat{y}} \\cdot \\sigma'(z_1) \\]
    where \\(\\sigma'(z_1) \\approx 0.235\\).
    So: \\(0.527\\).

``concluded(text)`` writes such a number as a claim on that formula's left side
(``\\(\\frac{\\partial L}{\\partial w_1} = 0.527\\)``), so it is checked as that quantity. Only a math
span holding nothing but one number, right after "So", "Thus", "Hence", "Therefore" or "This gives"
(a colon or comma allowed), counts; the formula is the latest one in the same paragraph (no blank
line or heading between) whose left side is a name or a derivative and whose last side is no
number (its value not printed yet); a formula printing its own value may stand between them.
Lines keep their numbers; anything else is left as written. Linear in the text.
"""

from __future__ import annotations

import bisect
import re

from nn.check.reader.layout import find_math

__all__ = ["concluded"]

_BARE = re.compile(r"(?i)\b(?:so|thus|hence|therefore|this gives|which gives)\s*(?:[:,]\s*)?"
                   r"(\\\(|\$)\s*([-−]?\d+(?:\.\d+)?)\s*(\\\)|\$)")
_LHS = re.compile(r"\s*(\\[dt]?frac\s*\{\s*(?:\\partial|∂|d)[^{}]*\}\s*\{\s*(?:\\partial|∂|d)[^{}]*\}"
                  r"|[A-Za-z\\][\w\\{}^']*)\s*=(?!=)")
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"[-−]?\s*\d+(?:\.\d+)?")
MAX_LINES = 8  # a conclusion this many lines after its formula at most


def _symbolic_lhs(math: str) -> str | None:
    """The left side of a formula whose last side is no number (``∂L/∂w_1 = ∂L/∂ŷ · w_2 · x``,
    ``∂E/∂w = -2(t - p) x``), else None: a formula that prints its value has it already."""
    m = _LHS.match(math)
    if m is None:
        return None
    last = re.split(r"=|\\approx|≈", math[m.end():])[-1]
    if _NUMBER.fullmatch(last.strip(" .,;")):
        return None
    return m.group(1).strip()


def concluded(text: str) -> str:
    """``text`` with each concluding bare number written as a claim on the formula before it."""
    if not _BARE.search(text):
        return text
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    spans = [(bisect.bisect_right(starts, seg.start) - 1, seg.text) for seg in find_math(text)[0]]
    pending: tuple[int, str] | None = None
    k = 0
    for number, line in enumerate(lines):
        if not line.strip() or line.lstrip().startswith("#"):
            pending = None
        bare = _BARE.search(line)
        if bare is not None and pending is not None and number - pending[0] <= MAX_LINES:
            lines[number] = (line[:bare.start(1)] + f"{bare.group(1)}{pending[1]} = {bare.group(2)}"
                             f"{bare.group(3)}" + line[bare.end():])
            pending = None
        while k < len(spans) and spans[k][0] <= number:
            math = spans[k][1]
            lhs = _symbolic_lhs(math)
            if lhs is not None:
                pending = (number, lhs)
            elif "=" in math and not _DIGIT.search(math):
                pending = None
            k += 1
    return "\n".join(lines)
