"""Sections of their own: an exercise that defines a name again, differently, is another example.

A page of exercises writes ``y = \\sigma(z)`` in Exercise 1 (a derivation in symbols, no numbers) and
``y = z^2`` in Exercise 2 (with givens ``x = 3``, ``w = 2``): two different ``y``. Read as one
example, Exercise 1's formulas would be evaluated at Exercise 2's numbers. A section starts a new
example (``inference.example_scopes``) when

- it starts at a heading of any level (``#``, ``##``, ``###``) or a line that opens a numbered
  exercise (``Exercise 2``, ``**Problem 3.**``, ``Question 1:``, ``Example 4``: ``section_heads``),
- it defines a name the section before it defines too, as another function of its symbols (the two
  definitions evaluated at the same random values differ: ``differ``; ``\\frac12 (y - t)^2`` and
  ``\\frac12 (t - y)^2`` are one definition, and so is one written with numbers in some of the
  other's symbols' places, ``\\hat y = w X + b`` then ``\\hat y = 3.3667 X + 0.1767``), and
- one of the two is in symbols (it gives no number and prints none) and the other gives numbers of
  its own (a derivation in symbols beside a computation; two computations are told apart by their
  givens already, ``premises``; a section that goes on computing with the numbers before it, a
  backward pass after a forward pass, prints numbers and is none).

The section with no givens is then an example with no values: its formulas are listed as not
checked ("a formula in symbols: no values in its section"), never evaluated at another section's
numbers.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable

from nn.check.reader.latex import Call, LatexError, Sym, parse_math
from nn.check.reader.layout import Layout
from nn.check.reader.trees import evaluate, leaves, numbers

__all__ = ["NO_VALUES", "differ", "in_symbols_beside", "section_heads"]

NO_VALUES = "a formula in symbols: no values in its section"
MARK_LEVEL = 7  # a numbered exercise opened on a line of its own: inside any heading's section
_POINTS = 3
_DEPTH = 8  # definitions followed from one symbol
_EXPANDED = 64  # definitions evaluated at one point: a bounded cost per comparison
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


def differ(before: str, after: str, defined: Callable[[Sym], str | None] = lambda sym: None) -> bool:
    """Are two definitions of one name different functions of their symbols? Both evaluated at the
    same random values of each symbol, a symbol the text defines (``defined``: its definition's
    text) evaluated through its definition (``E_{o1} + E_{o2}`` is ``\\frac12 (t_{o1} - o_1)^2 + …``
    when E_{o1} is defined so; σ, exp, … as numbers); False when either cannot be evaluated (a
    derivative in it, an unknown function): never two names told apart on a guess."""
    try:
        trees = parse_math(before), parse_math(after)
    except (LatexError, RecursionError):
        return False
    if _substituted(*trees) or _substituted(*reversed(trees)):
        return False  # ŷ = w X + b, later ŷ = 3.3667 X + 0.1767: numbers in some symbols' places
    rng = random.Random(20261205)
    for _ in range(_POINTS):
        point = _Point(rng, defined)
        try:
            a, b = (evaluate(tree, point.value, calls=True) for tree in trees)
        except (KeyError, LatexError, ArithmeticError, ValueError, TypeError, RecursionError):
            return False
        if not (math.isfinite(a) and math.isfinite(b)):
            return False
        if not math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12):
            return True
    return False


class _Point:
    """One random point: each free symbol a random value, each defined one its definition's value
    there (through at most ``_DEPTH`` definitions, ``_EXPANDED`` in all, never round a loop)."""

    def __init__(self, rng: random.Random, defined: Callable[[Sym], str | None]) -> None:
        self.rng, self.defined = rng, defined
        self.values: dict[tuple[str, str], float] = {}
        self.open: list[tuple[str, str]] = []  # the definitions being evaluated
        self.expanded = 0

    def value(self, leaf: object) -> float:
        if not isinstance(leaf, Sym) or leaf.tag:
            raise KeyError("not a symbol")
        key = (leaf.base, leaf.sub)
        if key not in self.values:
            deeper = key not in self.open and len(self.open) < _DEPTH and self.expanded < _EXPANDED
            text = self.defined(leaf) if deeper else None
            if text is None:
                self.values[key] = self.rng.uniform(0.2, 0.9)
            else:
                self.open.append(key)
                self.expanded += 1
                try:
                    self.values[key] = evaluate(parse_math(text), self.value, calls=True)
                finally:
                    self.open.pop()
        return self.values[key]


def _substituted(general: object, written: object) -> bool:
    """Is ``written`` the ``general`` definition with numbers in some of its symbols' places: fewer
    symbols, or decimal numbers where the general one prints none?"""
    names = [_symbols(general), _symbols(written)]
    return names[1] < names[0] or (bool(numbers(written)) and not numbers(general))


def _symbols(tree: object) -> set[tuple[str, str]]:
    """The symbols a definition writes, those σ(z) is applied to too."""
    found = set()
    for leaf in leaves(tree):
        if isinstance(leaf, Call):
            found |= _symbols(leaf.arg)
        elif isinstance(leaf, Sym):
            found.add((leaf.base, leaf.sub))
    return found


def in_symbols_beside(before: tuple[set[str], bool], after: tuple[set[str], bool]) -> bool:
    """Is one of two sections in symbols (no given, no number printed) and the other one that gives
    numbers? Each is (the names it gives, whether it prints a number)."""
    def in_symbols(section: tuple[set[str], bool]) -> bool:
        return not section[0] and not section[1]
    return (in_symbols(before) and bool(after[0])) or (in_symbols(after) and bool(before[0]))
