"""Tables of computations: a cell states the computation, a later cell its value.

    | Step | Computation          | Value            |
    |------|----------------------|------------------|
    | 1    | $z_1 = 0.5 \\times 2$ | $1.0$            |
    | 3    | $\\hat{y} = \\sigma(0.5)$ | $\\approx 0.6225$ |

Each such row is the one claim ``z_1 = 0.5 \\times 2 = 1.0`` (``≈`` when the value cell says so):
the computation's cell and the value's cell are then read as that claim, not apart.
"""

from __future__ import annotations

import re

__all__ = ["computed_claim"]

_CELL_MATH = re.compile(r"^\s*\$([^$]+)\$\s*$")
_VALUE = re.compile(r"^\s*\$?\s*(\\approx|≈|=)?\s*([-−+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*\$?\s*$")
_PRINTED_LAST = re.compile(r"=\s*[-−+]?(?:\d+(?:\.\d*)?|\.\d+)\s*$")


def computed_claim(cells: list[str]) -> tuple[str, int, int] | None:
    """A row's computation joined to its value: (the claim, the computation's cell, the value's
    cell), or None when the row is not one computation and its value."""
    if len(cells) < 2:
        return None
    value = _VALUE.match(cells[-1])
    if value is None:
        return None
    found = [(k, m.group(1)) for k, cell in enumerate(cells[:-1]) if (m := _CELL_MATH.match(cell))]
    equations = [(k, math) for k, math in found if "=" in math and not _PRINTED_LAST.search(math)]
    if len(equations) != 1:
        return None
    k, math = equations[0]
    relation = r"\approx" if value.group(1) in (r"\approx", "≈") else "="
    return f"{math.strip()} {relation} {value.group(2)}", k, len(cells) - 1
