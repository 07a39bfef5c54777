"""A ratio whose written numerator is a copy of another term of its denominator.

A normalised ratio — a softmax ``\\frac{e^{1.0}}{e^{2.0} + e^{1.0} + e^{0.1}}``, a probability, an
attention weight — is often written out once per element by copying the line before and changing
the numerator; when the change is forgotten, every line shows the same numerator while the number
printed is the right element's (the document computed it in code, not from what it wrote). The
expression as written then gives another number than the one printed, yet the printed number is
exactly another term of the same denominator over that denominator: the document got it from
somewhere, and comparing it with the expression as written would call a right number wrong.

Such a number is not compared: it is listed as not checked, saying what the expression as written
gives and which ratio the printed number is.
"""

from __future__ import annotations

import math

from nn.check.reader.latex import Div, Sum
from nn.check.reader.steps import near
from nn.check.reader.trees import evaluate, plain, unwrap

__all__ = ["copied_numerator"]


def _value(node: object) -> float:
    try:
        return evaluate(node, lambda leaf: math.nan)
    except (KeyError, ArithmeticError, ValueError, OverflowError):
        return math.nan


def copied_numerator(arithmetic: object, printed: str) -> str | None:
    """Why the printed number is not compared with ``arithmetic`` (a ratio whose numerator is written
    as one term of its denominator, the number printed another term's ratio), else None."""
    node = unwrap(arithmetic)
    if not isinstance(node, Div):
        return None
    denominator = unwrap(node.den)
    if not isinstance(denominator, Sum) or len(denominator.terms) < 2 \
            or any(sign != "+" for sign, _ in denominator.terms):
        return None
    terms = [unwrap(t) for _, t in denominator.terms]
    written = plain(unwrap(node.num))
    if written not in [plain(t) for t in terms]:
        return None
    total, as_written = _value(denominator), _value(node)
    number = float(printed)
    if not math.isfinite(total) or total == 0 or near(number, printed, as_written):
        return None
    for term in terms:
        ratio = _value(term) / total
        if plain(term) != written and math.isfinite(ratio) and near(number, printed, ratio):
            return (f"the expression as written gives {as_written:.6g}; the number printed is "
                    f"{plain(term)} / ({plain(denominator)}) = {ratio:.6g}: its numerator looks copied from "
                    "another element's line, so it is not compared")
    return None
