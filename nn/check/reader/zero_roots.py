"""Where a derivative is zero: "set the derivative to zero: $2w - 4 = 0 \\Rightarrow w = 2$".

Gradient-descent notes find the minimiser by hand: the derivative (written out in the one parameter)
equals zero, and the value of the parameter follows on the same line after ``\\Rightarrow``, ``⇒``,
``\\implies``, *so*, *gives* or *hence*. When the expression is linear in its one name (its value at 0, 1
and 2 on one line), the number printed is checked as its root ``-f(0) / (f(1) - f(0))``: the document's
own arithmetic, with no graph needed. Anything else (two names, a quadratic, no value after it) is
left as the reader found it.
"""

from __future__ import annotations

import math
import re

from nn.check.reader.arithmetic import Step
from nn.check.reader.claims import Claim
from nn.check.reader.latex import LatexError, Sym, parse_math
from nn.check.reader.trees import evaluate, leaves, plain, printed_number, unwrap

__all__ = ["root_step"]

_THEN = r"(?:\\Rightarrow|\\implies|\\to|⇒|→|\bso\b|\bgives\b|\bhence\b)"
_NUMBER = r"([-−]?\s*(?:\d+(?:\.\d*)?|\.\d+))"


def _linear_root(tree: object, name: Sym) -> float | None:
    """The root of ``tree`` (in the one name ``name``) when it is linear with a slope, else None."""
    def at(x: float) -> float:
        return evaluate(tree, lambda leaf: x if leaf == name else math.nan)
    try:
        f0, f1, f2 = at(0.0), at(1.0), at(2.0)
    except (KeyError, ArithmeticError, ValueError, OverflowError):
        return None
    slope = f1 - f0
    if not all(map(math.isfinite, (f0, f1, f2))) or slope == 0 \
            or abs((f2 - f1) - slope) > 1e-9 * max(1.0, abs(slope)):
        return None
    return -f0 / slope


def root_step(line_text: str, claim: Claim) -> list[Step]:
    """The step checking the value printed after ``claim`` (``2w - 4 = 0``) on its line (``⇒ w = 2``)
    against the root of the claim's expression; [] when the line prints none or it is no linear one."""
    if len(claim.sides) != 2:
        return []
    try:
        tree, zero = unwrap(parse_math(claim.sides[0])), parse_math(claim.sides[1])
    except (LatexError, RecursionError):
        return []
    names = {leaf for leaf in leaves(tree) if isinstance(leaf, Sym)}
    if printed_number(zero) not in ("0", "0.0") or len(names) != 1 or len(leaves(tree)) < 2:
        return []
    name = names.pop()
    at = line_text.find(claim.sides[1].strip(), max(0, line_text.find(claim.sides[0].strip()[:8])))
    after = line_text[at:] if at >= 0 else ""
    written = re.escape(plain(name)).replace("_", r"_?\{?") + r"\}?"
    m = re.match(rf"0\s*\$?\s*[,;:]?\s*{_THEN}\s*\$?\s*{written}\s*=\s*{_NUMBER}(?![\d.])", after)
    root = _linear_root(tree, name)
    if m is None or root is None:
        return []
    printed = m.group(1).replace("−", "-").replace(" ", "")
    return [Step(claim.line, f"{plain(tree)} = 0 ⇒ {plain(name)} = {root:g}", printed, False, root, root,
                 root, tree=tree)]
