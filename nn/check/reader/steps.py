"""Updates written with their numbers substituted: ``w_2 = -1.0 - 1.0 \\times 0.1455 = -1.1455``.

A document often writes a gradient step with the numbers already in place, under a heading such as
"Updated weights", with the plain name on the left: ``b = 0.5 - 0.1 \\cdot 0.2338``. The left side
names a given (``b = 0.5`` earlier), so read as a value it would be compared with the value before
the step. It is an update when its arithmetic is the given's own value minus a product of two
numbers one of which is the learning rate: ``before - \\eta \\cdot g``.
"""

from __future__ import annotations

import bisect
import re

from nn.check.reader.latex import Neg, Prod, Sum
from nn.check.reader.trees import evaluate, is_numeric, printed_number, unwrap

__all__ = ["substituted_update", "near", "RoundedValues"]


def near(value: float, printed: str | None, target: float) -> bool:
    """Does ``printed`` (the text of ``value``) print ``target`` at its precision (half a unit)?"""
    if printed is None:
        return abs(value - target) <= 1e-9 * max(1.0, abs(target))
    mantissa, _, exponent = printed.lstrip("-+").lower().partition("e")
    shift = int(exponent) if exponent.lstrip("-+").isdigit() else 0
    unit = 10.0 ** (shift - len(mantissa.partition(".")[2]))
    return abs(value - target) <= 0.5 * unit * (1 + 1e-9)


def _constant(node: object) -> float | None:
    try:
        return evaluate(node, lambda leaf: float("nan"))
    except (KeyError, ArithmeticError, ValueError):
        return None


def substituted_update(side: object, before: float, learning_rate: float | None) -> bool:
    """Is ``side`` the arithmetic ``before - \\eta \\cdot g`` (``0.5 - 1.0 \\times 0.2338``): its
    first term prints ``before``, its second is subtracted and is a product of two numbers, one of them
    the learning rate? Without a known learning rate, never."""
    node = unwrap(side)
    if learning_rate is None or not isinstance(node, Sum) or len(node.terms) != 2 or not is_numeric(node):
        return False
    (first_sign, first), (sign, step) = node.terms
    start = _constant(first)
    if start is None or sign != "-":
        return False
    start = -start if first_sign == "-" else start
    printed = printed_number(first)
    if not near(start, printed, before):
        return False
    step = unwrap(step)
    if isinstance(step, Neg) or not isinstance(step, Prod) or len(step.factors) != 2:
        return False
    return any((value := _constant(f)) is not None and near(value, printed_number(f), learning_rate)
               for f in step.factors)


_SIGNIFICANT = re.compile(r"[1-9]\d*")
MIN_ROUNDED_DIGITS = 3  # a number printed shorter fits too many values to say which one it prints


class RoundedValues:
    """Known values, searched for the ones a printed number rounds: ``0.4694`` prints ŷ = 0.469413
    (``z_2 = -1.0 \\times 0.6225 + 0.5`` substitutes a_1 = 0.622459 by the 0.6225 it prints)."""

    def __init__(self, values: dict[str, float]) -> None:
        self.sorted = sorted((v, n) for n, v in values.items())
        self.keys = [v for v, _ in self.sorted]

    def fits(self, printed: str, value: float) -> list[str]:
        """The names whose values ``printed`` shows at its precision (from 3 significant digits on)."""
        mantissa = printed.lower().partition("e")[0]
        digits = _SIGNIFICANT.search(mantissa.replace(".", ""))
        if digits is None or len(digits.group()) < MIN_ROUNDED_DIGITS or "e" in printed.lower():
            return []
        half = 0.5 * 10.0 ** -len(mantissa.partition(".")[2]) * (1 + 1e-9)
        lo = bisect.bisect_left(self.keys, value - half)
        hi = bisect.bisect_right(self.keys, value + half)
        return [n for _, n in self.sorted[lo:hi]]
