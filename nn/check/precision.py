"""Printed numbers and the precision rule: when does a document's number match the engine's?

A printed number stands for every number that prints that way. ``-0.0105`` stands for the
interval [-0.01055, -0.01045] (rounding half away from zero at its last printed digit);
``0.4999999999999999`` for an interval one unit of its 16th digit wide. The engine's value is
a float computed in some order of operations; another correct order (the document's formula,
numpy, a hand calculator) can differ from it in the last bits, so the engine's value stands for
[x − ULPS·ulp(x), x + ULPS·ulp(x)]. **The number matches when the two intervals overlap.**

- ``-0.0105`` against -0.0105000000000001: match (the slack is far below the printed digit).
- ``0.4999999999999999`` against 0.5: match (one ulp apart); ``0.7071067811865476`` against
  0.7071067811865475: match.
- ``0.3`` against 0.25: match (half away from zero); ``0.2`` against 0.25: mismatch.
- ``0.40`` against 0.406: mismatch (trailing zeros are printed digits: compared at 2 decimals).
- A bare integer (no decimal point, no exponent, no ``≈``) is exact: ``-12`` matches -12.0, but
  ``1`` does not match 0.5647 (a placeholder must not pass). Write ``≈ 1`` for a rounded one.

Truncation (a diagnosis, never a match) uses the interval [p, p + 1 unit] toward zero.
"""

from __future__ import annotations

import decimal
import math
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

__all__ = ["Printed", "parse_printed", "agrees", "rounded", "should_read", "ULPS", "short"]

ULPS = 4  # the engine's value stands for x ± ULPS units in its last place
_MAX_DIGITS = 40  # no document prints more digits than this
_MAX_EXPONENT = 330  # beyond float range (5e-324 … 1.8e308) a printed number cannot be compared
_APPROX_MARKS = ("≈", "~=", "~")
_CONTEXT = decimal.Context(prec=80, Emin=-1000, Emax=1000)


@dataclass(frozen=True)
class Printed:
    """A number as a document prints it: its value and the place of its last printed digit."""

    text: str
    value: Decimal
    exponent: int  # the last printed digit is in the 10**exponent place: "-0.0105" → -4
    approximate: bool  # written with "≈" or "~"
    exact: bool = False  # a bare integer such as "-12": stands for itself only

    @property
    def decimals(self) -> int:
        return max(0, -self.exponent)


def parse_printed(text: str) -> Printed:
    """Read a printed number: "-0.0105", "≈ -0.00101", "−0.05" (Unicode minus), "5.05e-5"."""
    s = text.strip()
    approximate = False
    for mark in _APPROX_MARKS:
        if s.startswith(mark):
            s, approximate = s[len(mark):].strip(), True
            break
    s = s.replace("−", "-").replace(" ", "")
    if len(s) > _MAX_DIGITS + 8:
        raise ValueError(f"{text[:30]!r}… is {len(s)} characters: not a number as printed "
                         f"(at most {_MAX_DIGITS} digits)")
    try:
        d = Decimal(s)
    except decimal.InvalidOperation:
        raise ValueError(f"{text!r} is not a number as printed (e.g. \"-0.0105\" or \"≈ 0.4030975\")"
                         ) from None
    if not d.is_finite():
        raise ValueError(f"{text!r} is not a finite number")
    exponent = int(d.as_tuple().exponent)
    too_far = d and not -_MAX_EXPONENT <= d.adjusted() <= _MAX_EXPONENT
    if too_far or exponent < -_MAX_EXPONENT - _MAX_DIGITS:
        raise ValueError(f"{text!r} is outside the range of a floating-point number")
    exact = not approximate and exponent == 0 and s.lstrip("+-").isdigit()
    return Printed(text, d, exponent, approximate, exact)


def _reading(printed: Printed, rounding: str) -> tuple[Decimal, Decimal]:
    """The interval of exact values that print as ``printed`` (rounded or truncated)."""
    p = printed.value
    if printed.exact and rounding == ROUND_HALF_UP:
        return p, p
    unit = Decimal((0, (1,), printed.exponent))
    if rounding == ROUND_DOWN:  # truncation: toward zero, so away from zero lies the interval
        if p == 0:
            return -unit, unit
        return (p, p + unit) if p > 0 else (p - unit, p)
    half = unit / 2
    return p - half, p + half


def agrees(printed: Printed, x: float, rounding: str = ROUND_HALF_UP) -> bool:
    """Does the engine's x read as the printed number? (The rule is in the module docstring.)

    ``rounding=ROUND_DOWN`` asks instead whether the printed number is x truncated.
    """
    if not math.isfinite(x):
        return False
    slack = ULPS * math.ulp(x)
    with decimal.localcontext(_CONTEXT):
        lo, hi = _reading(printed, rounding)
        return Decimal(x) - Decimal(slack) <= hi and Decimal(x) + Decimal(slack) >= lo


def rounded(x: float, exponent: int, rounding: str = ROUND_HALF_UP) -> Decimal:
    """x (its shortest repr) to the 10**exponent place, half away from zero or truncated."""
    with decimal.localcontext(_CONTEXT):
        return Decimal(repr(x)).quantize(Decimal((0, (1,), exponent)), rounding=rounding)


def should_read(printed: Printed, x: float) -> str:
    """What the document should print for x at its own precision: "-0.00102"."""
    if not math.isfinite(x):
        return str(x)
    if printed.exact:
        return str(int(x)) if x.is_integer() and abs(x) < 1e15 else short(x)
    text = str(rounded(x, printed.exponent))
    if "E" in text or "e" in text:
        text = f"{x:.{max(1, len(printed.value.as_tuple().digits))}g}"
    return text


def full_precision(printed: Printed | None) -> bool:
    """Does the document print more than 12 significant digits (a number at full float precision)?
    Then the engine's value is shown and subtracted in full (its shortest round-trip form)."""
    return bool(printed is not None and printed.value
                and printed.value.adjusted() - printed.exponent + 1 > 12)


def short(x: float, full: bool = False) -> str:
    """x to 12 significant digits (``full``: its shortest round-trip form, ``repr``), never in
    exponent notation for 1e-9 < |x| < 1e15."""
    text = repr(x) if full else f"{x:.12g}"
    if x == 0 or not math.isfinite(x) or not 1e-9 < abs(x) < 1e15:
        return text
    return f"{Decimal(text):f}"
