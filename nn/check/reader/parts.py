"""A number standing for part of a formula, printed on the way from the formula to its result.

A document substitutes and simplifies side by side, and the numbers between its first and last side
each stand for a part of what came before:

- a part written in symbols: ``a = \\frac{1}{1 + e^{-z}} = \\frac{1}{1 + e^{-0.26}} = \\frac{1}{1 + 0.7711}
  = \\frac{1}{1.7711}`` prints 0.7711 in the place of ``e^{-z}`` and 1.7711 in the place of
  ``1 + e^{-z}``. The inference makes each such part a node of the graph (``part_<line>_<k>``, built
  by the engine from the graph's own values; ``spelled_parts``), so the number is checked like any
  other quantity: against the exact value, with the diagnoses of a wrong one (an earlier rounded or
  wrong number carried into it). A part is only taken from a formula the document writes in symbols,
  never guessed from numbers alone.
- a part written in numbers: ``L = (1 - 0.6028)^2 = (0.3972)^2`` prints 0.3972 in the place of
  ``1 - 0.6028``. It is the step between the two sides (``steps_between``), checked as the document's
  own arithmetic on its printed numbers.

Each number is checked once: a number a row of the graph checks already (a part node, a quantity)
is no step.
"""

from __future__ import annotations

import dataclasses

from nn.check.reader.arithmetic import Step, chain_steps
from nn.check.reader.claims import Claim
from nn.check.reader.trees import is_numeric, is_reference, pair_numbers, printed_number, unwrap

__all__ = ["is_part", "part_name", "spelled_parts", "steps_between"]

_PREFIX = "part_"


def part_name(line: int, k: int) -> str:
    """The graph's name for the k-th part found, first printed on ``line``."""
    return f"{_PREFIX}{line}_{k}"


def is_part(name: str) -> bool:
    """Is this node a part of a formula (a helper, never an activation or a quantity found by value)?"""
    return name.startswith(_PREFIX)


def spelled_parts(symbolic: object, substituted: object) -> list[object]:
    """The parts of ``symbolic`` (operations on its symbols, not one symbol) whose place a printed
    number of ``substituted`` holds, in the order printed."""
    pairs: list[tuple[object, object | None]] = []
    pair_numbers(substituted, symbolic, pairs)
    whole = unwrap(symbolic)
    return [meaning for number, meaning in pairs
            if meaning is not None and printed_number(number) is not None and unwrap(meaning) is not whole
            and not is_reference(meaning) and not is_numeric(meaning)]


def steps_between(claim: Claim, sides: list[object | None], taken: set[tuple[int, str]],
                  lines: list[int], lhs: object | None = None) -> list[Step]:
    """The steps between a claim's numbers-only sides whose number no row of ``taken`` (line, printed)
    checks (``L = (1 - 0.6028)^2 = (0.3972)^2``: 0.3972 is 1 − 0.6028), each cited on the line its
    side starts on (``lines``, one per side of the claim); from its left side too when that is
    arithmetic on printed numbers (``lhs``: ``= 2 \\times (0.8 \\times 0.9) = 2 \\times 0.72``)."""
    line_of = {id(n): lines[k] for k, side in enumerate([lhs, *sides]) if side is not None
               for n in _subtrees(side)}
    return [s for s in chain_steps(claim.line, [lhs, *sides], claim.approx,
                                   lambda n: line_of.get(id(n), claim.line))
            if (s.line, s.printed) not in taken]


def _subtrees(node: object) -> list[object]:
    """A tree's nodes, itself first (each a dataclass of the LaTeX reader: its fields hold the rest)."""
    out, todo = [], [node]
    while todo:
        n = todo.pop()
        out.append(n)
        if dataclasses.is_dataclass(n):
            for f in dataclasses.fields(n):
                value = getattr(n, f.name)
                items = value if isinstance(value, tuple) else (value,)
                todo += [x for item in items for x in (item if isinstance(item, tuple) else (item,))
                         if dataclasses.is_dataclass(x)]
    return out
