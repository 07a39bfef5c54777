"""Arithmetic the document does on printed numbers: ``e^{2.0} = 7.389``, ``-\\log(0.9) = 0.105``,
``\\frac{7.389}{11.756} = 0.629``, ``\\text{BCE} = \\frac{0.105 + 0.223}{2} = 0.164``.

Such a claim states no quantity of the graph, yet it is checkable: its arithmetic is a node of
constants (the engine computes it), and the number printed after it is that node's value. The
numbers it is computed from are printed rounded, so a result that the exact arithmetic does not
round to may still be what the document's rounded inputs allow: ``within_rounding`` says so, and
such a result is listed rather than called wrong (a false alarm is worse than an unchecked number).
"""

from __future__ import annotations

import dataclasses
import math

from nn.check.reader.latex import Num
from nn.check.reader.trees import evaluate, printed_number

__all__ = ["arithmetic_name", "is_arithmetic", "within_rounding", "value_of"]


def arithmetic_name(line: int, k: int) -> str:
    """The graph's name for the k-th arithmetic claim of a line (``arithmetic_48_1``)."""
    return f"arithmetic_{line}_{k}"


def is_arithmetic(node: object) -> bool:
    """Numbers combined (``(0 - 0.99)^2``, ``e^{2.0}``), not one printed number, not a bare integer."""
    return printed_number(node) is None and not isinstance(node, Num)


def value_of(node: object) -> float:
    return evaluate(node, _no_symbol, calls=True)


def _no_symbol(leaf: object) -> float:
    raise KeyError("a symbol in arithmetic")


def _half_unit(text: str) -> float:
    mantissa, _, exponent = text.lower().lstrip("-+").partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 0.5 * 10.0 ** (-decimals + (int(exponent) if exponent else 0))


def within_rounding(node: object, printed: str) -> bool:
    """Could ``printed`` be the arithmetic of ``node`` done on numbers that are themselves rounded?

    The spread is first order: each printed decimal input moved by half a unit of its last place
    moves the result by about that much times its slope; their sum, with the result's own half unit,
    is what the document's rounding allows."""
    try:
        exact = value_of(node)
    except (KeyError, ArithmeticError, ValueError):
        return False
    spread = _half_unit(printed)
    decimals = _Decimals()
    decimals.walk(node)
    for k, text in enumerate(decimals.texts):
        try:
            moved = value_of(_Decimals(k, _half_unit(text)).walk(node))
        except (KeyError, ArithmeticError, ValueError):
            return False
        spread += abs(moved - exact)
    return math.isfinite(exact) and abs(float(printed) - exact) <= spread * (1 + 1e-9)


class _Decimals:
    """A walk over a tree's printed decimal numbers, in order: it lists them (``texts``), and the
    tree it returns has the ``target``-th of them moved by ``by``."""

    def __init__(self, target: int = -1, by: float = 0.0) -> None:
        self.texts: list[str] = []
        self.target, self.by = target, by

    def walk(self, node: object) -> object:
        if isinstance(node, Num):
            if "." not in node.text:
                return node
            self.texts.append(node.text)
            return Num(node.text, node.value + self.by) if len(self.texts) - 1 == self.target else node
        if isinstance(node, tuple):
            return tuple(self.walk(x) for x in node)
        if dataclasses.is_dataclass(node) and not isinstance(node, type):
            return dataclasses.replace(node, **{f.name: self.walk(getattr(node, f.name))
                                                for f in dataclasses.fields(node)})
        return node
