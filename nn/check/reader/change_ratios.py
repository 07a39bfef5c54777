"""A derivative stated as the ratio of two changes: "if $\\Delta h = +0.1$ causes $\\Delta L = +0.3$,
then $\\frac{\\partial L}{\\partial h} \\approx 3.0$", "increase $a$ by 0.01 and $f$ goes up by 0.03:
$\\frac{df}{da} \\approx 3$".

Lecture notes explain a derivative by a small change: the input moves by some amount, the output by
another, and the derivative is about their ratio. The sentence states both changes, so the number it
prints for the derivative is the document's own arithmetic, ``ΔL / Δh``, whatever graph (if any) the
text builds: it is checked as that division of the printed changes (each taken as anything rounding to
it), never against a derivative the graph computes at another point.

A change is read only for the two names of the derivative printed after it, on the same line: ``\\Delta
h = 0.1`` / ``Δh = 0.1`` or "increase (nudge, change, bump, move, raise) *h* by 0.1" for the input;
``\\Delta L = 0.3`` or "*L* goes up (increases, rises, changes, grows) by 0.3" — "goes down (decreases,
drops, falls) by" negated — for the output. Anything less (one change missing, another name) states no
ratio, and the derivative stays as the reader found it.
"""

from __future__ import annotations

import re

from nn.check.reader.arithmetic import Step, chain_steps
from nn.check.reader.claims import Claim
from nn.check.reader.latex import Deriv, LatexError, parse_math
from nn.check.reader.trees import plain, printed_number, unwrap

__all__ = ["change_ratio"]

_NUMBER = r"([-−+]?\s*(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)"
_NAME = r"\\?([A-Za-z]+(?:_\{?\w+\}?)?|[α-ωΑ-Ω][\w]*)"
_DELTA = re.compile(rf"(?:\\Delta|Δ)\s*\{{?\s*{_NAME}\s*\}}?\s*=\s*{_NUMBER}")
_MOVE_INPUT = re.compile(rf"(?i)\b(?:increas|nudg|chang|bump|mov|rais|perturb)\w*\s+\$?\s*{_NAME}\s*\$?"
                         rf"\s+by\s+\$?\s*{_NUMBER}")
_MOVE_OUTPUT = re.compile(rf"(?i)\$?\s*{_NAME}\s*\$?\s+(goes up|increases|rises|changes|grows|goes down|"
                          rf"decreases|drops|falls)\s+by\s+(?:about\s+|roughly\s+)?\$?\s*{_NUMBER}")
_DOWN = ("goes down", "decreases", "drops", "falls")


def _name(text: str) -> str | None:
    try:
        return plain(unwrap(parse_math(text)))
    except (LatexError, RecursionError):
        return None


def _changes(before: str) -> tuple[dict[str, str], dict[str, str]]:
    """The changes ``before`` states: Δname = number (either side), the input's "increase x by" and
    the output's "y goes up by", each as name → the number as printed."""
    deltas = {_name(m.group(1)): m.group(2) for m in _DELTA.finditer(before)}
    inputs = {_name(m.group(1)): m.group(2) for m in _MOVE_INPUT.finditer(before)}
    outputs = {_name(m.group(1)): ("-" if m.group(2).lower() in _DOWN else "") + m.group(3)
               for m in _MOVE_OUTPUT.finditer(before)}
    return {**deltas, **inputs}, {**deltas, **outputs}


def change_ratio(line_text: str, claim: Claim) -> list[Step]:
    """The step checking the derivative ``claim`` prints (``\\frac{dL}{dh} ≈ 3.0``) as the ratio of the
    changes its line states before it; [] when the line states no such pair of changes."""
    try:
        lhs = unwrap(parse_math(claim.sides[0]))
        last = parse_math(claim.sides[-1]) if len(claim.sides) > 1 else None
    except (LatexError, RecursionError):
        return []
    if not isinstance(lhs, Deriv) or last is None or printed_number(last) is None:
        return []
    at = line_text.find(claim.sides[0].strip()[:12]) if claim.sides[0].strip() else -1
    inputs, outputs = _changes(line_text[:at] if at > 0 else line_text)
    top, bottom = plain(lhs.top), plain(lhs.bottom)
    if bottom not in inputs or top not in outputs or top == bottom:
        return []
    change_in, change_out = (inputs[bottom].replace("−", "-").replace(" ", "").lstrip("+"),
                             outputs[top].replace("−", "-").replace(" ", "").lstrip("+"))
    try:
        ratio = parse_math(f"\\frac{{{change_out}}}{{{change_in}}}")
    except (LatexError, RecursionError):
        return []
    if float(change_in) == 0:
        return []
    steps = chain_steps(claim.line, [None, ratio, last], [False, False, claim.approx[-1]])
    return [Step(s.line, f"Δ{top}/Δ{bottom} = {change_out}/{change_in} ≈ {s.printed}", s.printed, s.approx,
                 s.value, s.low, s.high, tree=s.tree) for s in steps]
