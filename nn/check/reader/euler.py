"""Is ``e`` Euler's number or a quantity of the example? ``e = \\hat y - y`` names the error ``e``.

Many texts call the error ``e``: ``e = \\hat y - y = -0.3775``, then ``L = e^2 = 0.1425`` and
``\\frac{\\partial L}{\\partial e} = 2e``. An example (the text of one scope, ``inference.example_scopes``)
names a quantity ``e`` when one of its claims has ``e`` (or ``e_1``, ``e_{k}``) alone on its left side
— a definition (``e = \\hat y - y``), a given (``e = 0.3``) — unless that claim gives Euler's number
itself (``e = 2.718``, ``e \\approx 2.71828``). In such an example ``e`` is that quantity in
``e^2``, ``e²``, ``2e`` and ``\\partial e`` (``latex.e_named``); a power only Euler's number is raised
to (``e^{-z}``, ``e^{x}``, ``e^{-0.5}``) stays ``exp``, and ``\\exp``, ``\\mathrm{e}`` always do.
"""

from __future__ import annotations

import math
import re

from nn.check.reader.claims import Claim
from nn.check.reader.latex import LatexError, Sym, parse_math
from nn.check.reader.trees import printed_number, unwrap

__all__ = ["names_e", "names_e_in"]

# A bare e (or e_1, e_{k}) before `=`, `:=`, `≈`: a cheap test before any claim is parsed.
_E_LEFT = re.compile(r"(?<![\\A-Za-z0-9])e(?:_\{?\w{1,8}\}?)?\s*(?:=|:=|\\approx|≈)")


def names_e(claims: list[Claim]) -> bool:
    """Does one of the claims give or define a quantity ``e`` (see the module's docstring)?"""
    return any(_defines_e(claim) for claim in claims)


def names_e_in(text: str, claims) -> bool:
    """``names_e`` over the claims ``claims()`` gives, asked only when the text writes ``e`` before
    an ``=`` at all (``claims`` is not called otherwise: most texts never name an ``e``)."""
    return bool(_E_LEFT.search(text)) and names_e(claims())


def _defines_e(claim: Claim) -> bool:
    if len(claim.sides) < 2:
        return False
    try:
        lhs = unwrap(parse_math(claim.sides[0]))
    except (LatexError, RecursionError):
        return False
    if not (isinstance(lhs, Sym) and lhs.base == "e" and not lhs.tag):
        return False
    return lhs.sub != "" or not _eulers_number(claim.sides[1:])


def _eulers_number(sides: list[str]) -> bool:
    """``e = 2.718``, ``e \\approx 2.71828``: the claim gives Euler's number, at the digits printed."""
    for side in sides:
        try:
            printed = printed_number(parse_math(side))
        except (LatexError, RecursionError):
            continue
        if printed is not None and "." in printed:
            places = len(printed.partition(".")[2])
            if round(math.e, places) == float(printed) or math.floor(math.e * 10 ** places) / 10 ** places \
                    == float(printed):
                return True
    return False
