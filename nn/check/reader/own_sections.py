"""Sections of their own: an exercise that defines a name again, differently, is another example.

A page of exercises writes ``y = \\sigma(z)`` in Exercise 1 (a derivation in symbols, no numbers) and
``y = z^2`` in Exercise 2 (with givens ``x = 3``, ``w = 2``): two different ``y``. Read as one
example, Exercise 1's formulas would be evaluated at Exercise 2's numbers. A section starts a new
example (``inference.example_scopes``) when

- it starts at a heading of any level (``#``, ``##``, ``###``) or a line that opens a numbered
  exercise (``Exercise 2``, ``**Problem 3.**``, ``Question 1:``, ``Example 4``: ``section_heads``),
- it defines a name the section before it defines too, as another function of its symbols (the two
  definitions evaluated at the same random values differ: ``differ``; ``\\frac12 (y - t)^2`` and
  ``\\frac12 (t - y)^2`` are one definition), and
- one of the two gives numbers of its own and the other none (a derivation in symbols beside a
  computation; two computations are told apart by their givens already, ``premises``).

The section with no givens is then an example with no values: its formulas are listed as not
checked ("a formula in symbols: no values in its section"), never evaluated at another section's
numbers.
"""

from __future__ import annotations

import math
import random
import re

from nn.check.reader.latex import LatexError, Sym, parse_math
from nn.check.reader.layout import Layout
from nn.check.reader.trees import evaluate

__all__ = ["NO_VALUES", "differ", "one_side_given", "section_heads"]

NO_VALUES = "a formula in symbols: no values in its section"
MARK_LEVEL = 7  # a numbered exercise opened on a line of its own: inside any heading's section
_POINTS = 3
# "Exercise 2", "**Problem 3.**", "Question 1:", "Example 4", "### Exercise 1.2": a numbered one opens here
# (matched once the line's marks, # > * _ and spaces, are stripped: no two quantifiers take one space)
_EXERCISE = re.compile(r"(?:Exercise|Problem|Question|Example)[ \t]+\d+(?:\.\d+)?\b", re.I)


def section_heads(text: str, layout: Layout) -> tuple[list[int], dict[int, int]]:
    """The lines a section starts on: the headings (their level) and the lines opening a numbered
    exercise (``MARK_LEVEL`` unless a heading)."""
    levels = dict(layout.heading_levels)
    headings = set(layout.headings)
    for k, line in enumerate(text.split("\n"), 1):
        if k not in headings and _EXERCISE.match(line.lstrip(" \t#>*_")):
            levels[k] = MARK_LEVEL
            headings.add(k)
    return sorted(headings), levels


def differ(before: str, after: str) -> bool:
    """Are two definitions of one name different functions of their symbols? Both evaluated at the
    same random values of each symbol (σ, exp, … as numbers); False when either cannot be (a
    derivative in it, an unknown function): never two names told apart on a guess."""
    try:
        trees = parse_math(before), parse_math(after)
    except (LatexError, RecursionError):
        return False
    rng = random.Random(20261205)
    for _ in range(_POINTS):
        values: dict[tuple[str, str], float] = {}

        def env(leaf: object, values=values) -> float:
            if not isinstance(leaf, Sym) or leaf.tag:
                raise KeyError("not a symbol")
            return values.setdefault((leaf.base, leaf.sub), rng.uniform(0.2, 0.9))
        try:
            a, b = (evaluate(tree, env, calls=True) for tree in trees)
        except (KeyError, ArithmeticError, ValueError, TypeError, RecursionError):
            return False
        if not (math.isfinite(a) and math.isfinite(b)):
            return False
        if not math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12):
            return True
    return False


def one_side_given(before: set[str], after: set[str]) -> bool:
    """Does exactly one of two sections give numbers of its own (``before``, ``after``: the names each
    gives)?"""
    return bool(before) != bool(after)
