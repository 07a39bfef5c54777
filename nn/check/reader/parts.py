"""The parts of a formula a document prints on its way to the result.

``a = \\frac{1}{1 + e^{-z}} = \\frac{1}{1 + e^{-0.26}} = \\frac{1}{1 + 0.7711} = \\frac{1}{1.7711}``
prints 0.7711 in the place of ``e^{-z}`` and 1.7711 in the place of ``1 + e^{-z}``: numbers that
no quantity of the graph is named for, yet each is the value of a part of the formula. The inference
makes each such part a node of the graph (built by the engine from the graph's own values), so the
number is checked like any other: against the exact value, with the diagnoses of a wrong one (an
earlier rounded or wrong number carried into it). A part is only taken from a formula the document
writes in symbols, never guessed from numbers alone.
"""

from __future__ import annotations

from nn.check.reader.trees import is_numeric, is_reference, pair_numbers, printed_number, unwrap

__all__ = ["is_part", "part_name", "spelled_parts"]

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
