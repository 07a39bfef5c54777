"""Arithmetic the document does on printed numbers: ``e^{2.0} = 7.389``, ``-\\log(0.9) = 0.105``,
``\\frac{7.389}{11.756} = 0.629``, ``\\text{BCE} = \\frac{0.105 + 0.223}{2} = 0.164``.

Such a claim states no quantity of the graph, yet it is checkable: its arithmetic is a node of
constants (the engine computes it), and the number printed after it is that node's value. The
numbers it is computed from are printed rounded, so a result that the exact arithmetic does not
round to may still be what the document's rounded inputs allow: ``within_rounding`` says so, and
such a result is listed rather than called wrong (a false alarm is worse than an unchecked number).

Where no quantity is named for it at all, the steps are checked by the reader itself (``Step``,
``chain_steps``).

A worked example often prints arithmetic on bare numbers: the terms of a row of a matrix product,
an exponential, a sum of exponentials. When no quantity of the graph is named for it, the step can
still be checked as written: the printed result against the printed operands. Each operand printed
with decimals stands for any value that rounds to it (``0.327`` is 0.3265 … 0.3275), so the step
holds when some choice of operands gives a value that rounds to the printed result; it is flagged
only when none does (interval arithmetic, never a false alarm from the document's rounding).

A chain ``\\frac{\\exp(0.259)}{\\exp(0.259) + \\exp(-0.142)} = \\frac{1.296}{1.296 + 0.868} = 0.599``
is checked step by step: a number of one side stands for the part of the side before it that holds
its place (1.296 for ``\\exp(0.259)``), and a number ending the chain for the whole side before it.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass

from nn.check.quantities import MADE_UP
from nn.check.reader.copied_terms import copied_numerator
from nn.check.reader.latex import Call, Div, Group, Neg, Num, Pow, Prod, Sum, Vec
from nn.check.reader.trees import (
    elementwise,
    evaluate,
    is_numeric,
    leaves,
    pair_numbers,
    plain,
    printed_number,
    unwrap,
)

__all__ = ["Step", "arithmetic_name", "chain_steps", "half_unit", "interval", "is_arithmetic",
           "substituted_steps", "value_of", "within_rounding"]

_MONOTONE = {"exp": math.exp, "log": math.log, "ln": math.log, "sqrt": math.sqrt, "tanh": math.tanh,
             "sigma": lambda x: 1 / (1 + math.exp(-x)), "sigmoid": lambda x: 1 / (1 + math.exp(-x)),
             "relu": lambda x: max(x, 0.0), "ReLU": lambda x: max(x, 0.0)}
MAX_MAGNITUDE = 1e300


@dataclass(frozen=True)
class Step:
    """One printed number checked against the printed arithmetic it results from."""

    line: int
    text: str  # the step as written: "0.2 - 0.4 + 2.8 = 2.6"
    printed: str  # the result as printed
    approx: bool  # written with ≈
    value: float  # the arithmetic at the printed operands
    low: float  # the least and the greatest value of the arithmetic for operands that round to them
    high: float
    carried_from: int | None = None  # a wrong result printed before by a step that holds: its line
    copied: str | None = None  # why it is not compared: a numerator copied from another line (copied_terms)
    place: str = ""  # where a notebook prints it ("cell 4, line 2"); "" for "line {line}"
    tree: object = dataclasses.field(default=None, compare=False, repr=False)  # the arithmetic as read

    @property
    def holds(self) -> bool:
        """Does some choice of operands, each rounding to its printed value, round to the result?"""
        result, half = float(self.printed), half_unit(self.printed, self.approx)
        slack = 1e-9 * max(1.0, abs(result))
        return self.low - slack <= result + half and result - half <= self.high + slack

    def should_read(self) -> str:
        """The arithmetic's value at the result's printed precision."""
        decimals = len(self.printed.partition(".")[2]) if "e" not in self.printed.lower() else 6
        return f"{self.value:.{decimals}f}"


def half_unit(printed: str, approx: bool = False) -> float:
    """Half a unit of the last printed digit; a whole number is exact unless written with ≈."""
    mantissa, _, exponent = printed.lower().lstrip("+-").partition("e")
    if "." not in mantissa:
        return 0.5 * 10.0 ** int(exponent or 0) if approx or exponent else 0.0
    return 0.5 * 10.0 ** (-len(mantissa.partition(".")[2]) + int(exponent or 0))


def interval(node: object, rounded: bool = True,
             leaf: Callable[[Num], tuple[float, float]] | None = None) -> tuple[float, float] | None:
    """The least and the greatest value of a numbers-only tree when each printed decimal number may be
    anything that rounds to it (``rounded``; else each is exact; ``leaf(number)``: the range it stands
    for, when given); None for what it cannot bound (a division by a range holding 0)."""
    try:
        found = _Bounds(rounded, leaf).of(node)
    except (ArithmeticError, ValueError):
        return None
    if found is None or not all(math.isfinite(v) and abs(v) < MAX_MAGNITUDE for v in found):
        return None
    return found


class _Bounds:
    """Interval arithmetic over a numbers-only tree."""

    def __init__(self, rounded: bool, leaf: Callable[[Num], tuple[float, float]] | None = None) -> None:
        self.rounded, self.leaf = rounded, leaf

    def of(self, node: object) -> tuple[float, float] | None:
        match node:
            case Num(text=t, value=v):
                if self.leaf is not None:
                    return self.leaf(node)
                if t == "e":
                    return v, v
                h = half_unit(t) if self.rounded else 0.0
                return v - h, v + h
            case Group(x=x):
                return self.of(x)
            case Neg(x=x):
                inner = self.of(x)
                return None if inner is None else (-inner[1], -inner[0])
            case Sum(terms=ts):
                return self.sum(ts)
            case Prod(factors=fs):
                return self.product([self.of(f) for f in fs])
            case Div(num=a, den=b):
                top, bottom = self.of(a), self.of(b)
                if top is None or bottom is None or bottom[0] <= 0 <= bottom[1]:
                    return None
                return self.product([top, (1 / bottom[1], 1 / bottom[0])])
            case Pow(base=a, exp=b):
                return self.power(self.of(a), self.of(b), unwrap(a) == Num("e", math.e))
            case Call(name=n, arg=a):
                return self.call(n, a)
        return None

    def sum(self, terms) -> tuple[float, float] | None:
        low = high = 0.0
        for sign, term in terms:
            part = self.of(term)
            if part is None:
                return None
            low, high = (low + part[0], high + part[1]) if sign == "+" else (low - part[1], high - part[0])
        return low, high

    @staticmethod
    def product(parts: list[tuple[float, float] | None]) -> tuple[float, float] | None:
        low = high = 1.0
        for part in parts:
            if part is None:
                return None
            ends = [low * part[0], low * part[1], high * part[0], high * part[1]]
            low, high = min(ends), max(ends)
        return low, high

    @staticmethod
    def power(base, exponent, euler: bool) -> tuple[float, float] | None:
        if base is None or exponent is None:
            return None
        if euler:
            return math.exp(exponent[0]), math.exp(exponent[1])
        if exponent[0] != exponent[1] or abs(exponent[0]) > 64:
            return None  # a power of a rounded exponent: not bounded here
        n = exponent[0]
        if base[0] < 0 < base[1] or (base[0] < 0 and not n.is_integer()) or (0 in base and n < 0):
            return None  # through 0, a root of a negative number, 1/0
        ends = [b ** n for b in base]
        return min(ends), max(ends)

    def call(self, name: str, argument: object) -> tuple[float, float] | None:
        arg = unwrap(argument)
        if name in ("max", "min") and isinstance(arg, Vec):
            parts = [self.of(x) for x in arg.items]
            if any(p is None for p in parts):
                return None
            pick = max if name == "max" else min
            return pick(p[0] for p in parts), pick(p[1] for p in parts)
        inner = self.of(arg)
        if inner is None:
            return None
        if name == "abs":
            ends = sorted(abs(v) for v in inner)
            return (0.0 if inner[0] <= 0 <= inner[1] else ends[0]), ends[1]
        fn = _MONOTONE.get(name)
        return None if fn is None else (fn(inner[0]), fn(inner[1]))


def chain_steps(line: int, sides: list[object | None], approx: list[bool],
                line_of: Callable[[object], int] | None = None) -> list[Step]:
    """The steps of a chain of numbers-only sides (None: a side not read, which breaks the chain): each
    number of a side checked against the part of the side before it that holds its place, a number
    ending the chain against the whole side before it. ``line_of(number)`` says the line a printed
    number is on, when the claim spans several (else ``line``)."""
    out: list[Step] = []
    where = line_of or (lambda number: line)
    for k in range(1, len(sides)):
        before, after = sides[k - 1], sides[k]
        if before is None or after is None or not is_numeric(before) or not is_numeric(after) \
                or printed_number(before) is not None:
            continue
        if printed_number(after) is not None:
            out += _step(where(after), before, after, approx[k])
            continue
        pairs = elementwise(before, after) or [(before, after)]  # [-0.8, 1.1] - 1.1 = [-1.9, 0]
        for before_c, after_c in pairs:
            if printed_number(after_c) is not None and len(pairs) > 1:
                out += _step(where(after_c), before_c, after_c, approx[k])
            else:
                out += [step for _, step in substituted_steps(before_c, after_c, where)]
    return out


def substituted_steps(before: object, after: object, line_of: Callable[[object], int]
                      ) -> list[tuple[object, Step]]:
    """Each printed number of the side ``after`` with the step that checks it against the part of the
    numbers-only side ``before`` holding its place (1.296 of ``\\frac{1.296}{…}`` against ``\\exp(0.259)``
    of ``\\frac{\\exp(0.259)}{…}``); a number copied unchanged has no step."""
    if not is_numeric(before) or printed_number(before) is not None:
        return []
    pairs: list[tuple[object, object | None]] = []
    pair_numbers(after, before, pairs)
    return [(number, step) for number, meaning in pairs
            if meaning is not None and printed_number(meaning) is None and is_numeric(meaning)
            for step in _step(line_of(number), meaning, number, False)]


def _step(line: int, arithmetic: object, result: object, approx: bool) -> list[Step]:
    printed = printed_number(result)
    bounds = interval(arithmetic)
    if printed is None or bounds is None:
        return []
    low, high = bounds
    value = _value(arithmetic)
    if value is None:
        return []
    relation = "≈" if approx else "="
    text = f"{plain(unwrap(arithmetic))} {relation} {printed}"
    step = Step(line, text, printed, approx, value, low, high, tree=arithmetic)
    return [step if step.holds else dataclasses.replace(step, copied=copied_numerator(arithmetic, printed))]


def _value(node: object) -> float | None:
    """The arithmetic at the printed operands, each taken as exact."""
    bounds = interval(node, rounded=False)
    return None if bounds is None else bounds[0]

def arithmetic_name(line: int, k: int) -> str:
    """The graph's name for the k-th arithmetic claim of a line (``arithmetic_48_1``)."""
    return f"{MADE_UP}{line}_{k}"


def is_arithmetic(node: object) -> bool:
    """Numbers combined (``(0 - 0.99)^2``, ``e^{2.0}``), not one printed number, not a bare integer."""
    return printed_number(node) is None and not isinstance(node, Num)


def value_of(node: object) -> float:
    return evaluate(node, _no_symbol, calls=True)


def _no_symbol(leaf: object) -> float:
    raise KeyError("a symbol in arithmetic")


def within_rounding(node: object, printed: str) -> bool:
    """Could ``printed`` be the arithmetic of ``node`` done on numbers that are themselves rounded?

    The bound is the interval of the arithmetic over every input rounding to its printed value
    (``interval``), with the result's own half unit; where that cannot be bounded (a power of a
    rounded exponent), first order: each printed decimal input moved by half a unit of its last
    place moves the result by about that much times its slope."""
    bounds = interval(node)
    if bounds is not None:
        result, half = float(printed), half_unit(printed, approx=True)
        slack = 1e-9 * max(1.0, abs(result))
        return bounds[0] - slack <= result + half and result - half <= bounds[1] + slack
    return _first_order(node, printed)


def terms_allow(node: object, printed: str, engine: float) -> bool:
    """Do the terms printed on a number's own line (``0.2885 + 0.1829 = 0.4714``), exactly as
    printed, give ``printed`` while their arithmetic, over every rounding of them, also holds the
    engine's value? Then the number is a reading a careful reader accepts (the document carried more
    digits than it printed), even where the engine's value, from the document's rounded givens,
    prints otherwise."""
    unit = half_unit(printed, approx=True)
    if any(n.text != "e" and half_unit(n.text) > unit for n in leaves(node) if isinstance(n, Num)):
        return False  # ``0.3 + 0.2 = 0.50``: terms coarser than the result say nothing of its last digit
    bounds, exact = interval(node), interval(node, rounded=False)
    if bounds is None or exact is None or not math.isfinite(engine) \
            or abs(exact[0] - float(printed)) > unit * (1 + 1e-9):  # the terms as printed give it
        return False
    slack = 1e-9 * max(1.0, abs(engine))
    return bounds[0] - slack <= engine <= bounds[1] + slack


def _first_order(node: object, printed: str) -> bool:
    try:
        exact = value_of(node)
    except (KeyError, ArithmeticError, ValueError):
        return False
    spread = half_unit(printed, approx=True)
    decimals = _Decimals()
    decimals.walk(node)
    for k, text in enumerate(decimals.texts):
        try:
            moved = value_of(_Decimals(k, half_unit(text)).walk(node))
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
