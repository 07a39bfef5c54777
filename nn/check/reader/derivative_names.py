"""A derivative written as the name of a matrix the document defines: ``\\frac{\\partial J}{\\partial a_2}
= a_2 - y``, then ``\\delta_2 = \\frac{\\partial J}{\\partial a_2} \\odot f'_2(z_2)`` and
``\\frac{\\partial J}{\\partial W_1} = a_0^T \\delta_1``.

Matrix-form notes name the cost (``J(W, b)``, "the MSE") without writing it as a formula of the
network, then state each derivative they need by its own formula. Such a derivative cannot be the
engine's derivative of the cost (the graph has no cost), but it is a quantity the text defines like
any other: a matrix named ``∂J/∂a_2``, one node per element, used by the formulas after it.
``derivative_key`` gives one spelling of such a name, the same for the left side of a definition
and for an operand inside another formula (``\\frac{\\partial J(W, b)}{\\partial a_2}``,
``\\frac{\\partial J}{\\partial a_{2}}``: the cost's arguments are not part of the name);
``derivative_tokens`` recognises the operand in the matrix reader's tokens. Only a derivative of
one name by one name counts.

A bias's derivative is written as a sum over the samples, ``\\frac{\\partial J}{\\partial b_1} =
\\sum \\delta_1``, with no limits: the sum over the batch, whichever axis holds it. ``over_samples``
reads it only where that cannot be mistaken for the sum of a vector's elements: the same claim
prints a grid of as many elements as the operand has (a batch of one sample: the sum is the sample).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from nn.check.reader.latex import Deriv, LatexError, Sym, parse_math
from nn.check.reader.trees import plain

__all__ = ["derivative_key", "derivative_tokens", "over_samples"]

_PARTIAL = {r"\partial", "∂"}
_SUM = re.compile(r"\s*(?:\\sum|∑)(?!\s*[_^])\s*(.+)", re.S)


def derivative_key(node: object) -> str | None:
    """``∂J/∂a_2`` for a derivative of one name by one name, else None."""
    if not isinstance(node, Deriv) or not isinstance(node.top, Sym) or not isinstance(node.bottom, Sym):
        return None
    if node.top.tag or node.bottom.tag:
        return None
    return plain(node)


def derivative_tokens(top: Sequence[str], bottom: Sequence[str]) -> str | None:
    """The key of ``\\frac{top}{bottom}`` written in a formula's tokens, when it is a derivative."""
    if not top or not bottom or top[0] not in _PARTIAL or bottom[0] not in _PARTIAL:
        return None
    try:
        return derivative_key(parse_math(rf"\frac{{{' '.join(top)}}}{{{' '.join(bottom)}}}"))
    except (LatexError, RecursionError):
        return None


def over_samples(side: str, printed: int) -> str | None:
    """``\\sum \\delta_1`` (no limits) when the claim prints a grid of ``printed`` > 1 elements: the
    operand (``\\delta_1``), to be read as the sum over a batch of one sample when it has exactly
    ``printed`` elements (the caller checks); None for any other side."""
    m = _SUM.fullmatch(side)
    return m.group(1).strip() if m is not None and printed > 1 else None
