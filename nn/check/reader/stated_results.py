"""The text's numbers for values its code computes: ``y = forward(1.5, 0.8, -0.2)`` printed by a code
cell, then the markdown says "so $y \\approx 0.731$".

The prose reader, which does not run the code, takes such a number as a given of the text's own graph
(a premise, never compared). When the code's graph (``code_graph``) computes a value under that name
(``y``; ``a1`` for the text's ``a_1``), bound once, and the text's number is within ``CLOSE`` of it, the
number is a result the text restates: a row of the code's example, checked against the code's value at
its printed precision (a slip in a digit is flagged). A number far from the code's value is another
quantity of the same name and stays the text's given.
"""

from __future__ import annotations

import math
import re

__all__ = ["CLOSE", "restated_rows"]

CLOSE = 0.05  # relative: a number this close to the code's value of its name is that value, printed


def _spellings(name: str) -> list[str]:
    """The code's names for the text's ``name``: itself, and ``a1`` for ``a_1``."""
    joined = re.sub(r"^([A-Za-z]+)_(\d+)$", r"\1\2", name)
    return [name] + ([joined] if joined != name else [])


def _code_values(setup: dict) -> dict[str, float]:
    """Each node of the code's graph and its value (an empty dict when the graph does not load)."""
    from autograd import topological_order
    from nn.check.files import ExampleError, example_from_dict

    try:
        example = example_from_dict(dict(setup), "the graph of the document's code")
        return {name: v.data for name, v in example.named_nodes(topological_order(example.loss())).items()
                if name in setup.get("nodes", {})}
    except (ExampleError, ArithmeticError, ValueError, RecursionError):
        return {}


def restated_rows(givens: list, setup: dict) -> list[dict]:
    """Rows of the code's example for the text's givens (``reading.Given``) that restate a value the
    code computes (see the module)."""
    nodes = setup.get("nodes", {})
    candidates = [(g, code) for g in givens for code in _spellings(g.quantity)[:2]
                  if code in nodes and f"{code}_2" not in nodes]
    if not candidates:
        return []
    values = _code_values(setup)
    rows, taken = [], set()
    for given, code in candidates:
        value = values.get(code)
        try:
            printed = float(given.printed.replace("−", "-").lstrip("≈~ "))
        except ValueError:
            continue
        if value is None or not math.isfinite(value) or (given.line, given.printed) in taken \
                or abs(printed - value) > CLOSE * abs(value):
            continue
        taken.add((given.line, given.printed))
        rows.append({"name": f"line {given.line}: {given.quantity}", "value": given.printed, "kind": "value",
                     "quantity": code, "source": f"line {given.line}"})
    return rows
