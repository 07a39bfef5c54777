"""Tables that state values by name: the givens a document lists, and the results it tabulates.

    | Symbol | Value |        | x₁   | x₂   | w₁   |        | Input | Value | Weight | Value |
    |--------|-------|        |------|------|------|        |-------|-------|--------|-------|
    | x₁     | 0.05  |        | 0.05 | 0.10 | 0.15 |        | x₁    | 0.05  | w₁     | 0.15  |
    | $w_5$  | 0.40  |

    | Gradient | Value  |     | Parameter | Gradient |
    |----------|--------|     |-----------|----------|
    | ∂E/∂w₅   | 0.0822 |     | `w2`      | 0.069    |

Each number of such a table is the claim ``name = number``, cited on its row's line: a name column
(a symbol in math, in code or bare, ``w₅``, ``∂E/∂w₅``; a description column may sit between) and
the row's last number; a header of names over one row of numbers; several name/number pairs in one
row (a header row of such pairs too). Whether a claim is a given (a leaf of the graph) or a result
(checked) is the inference's to say, as for any claim: a name the document defines is a result.
Under a header naming the gradient (``Gradient``, ``∂L/∂Variable``, ``Gradient (∂L/∂var)``), the number
is the derivative of the document's loss by the row's name. Iteration tables (``iterations``), formula
columns (``formula_tables``) and computation rows (``computed_rows``) are read by their own modules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nn.check.reader.computed_rows import computed_claim
from nn.check.reader.iteration_columns import sideways_headers
from nn.check.reader.iterations import stepped_headers
from nn.check.reader.latex import Deriv, LatexError, Sym, parse_math
from nn.check.reader.layout import cell_name, table_claim
from nn.check.reader.trees import unwrap

__all__ = ["TableValue", "table_values"]

_NUMBER = re.compile(r"^\s*(?:\*\*)?`?\$?\s*(\\approx|≈|~)?\s*"
                     r"([-−+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*\$?`?(?:\*\*)?\s*$")
_DERIVATIVE = r"∂\s*\w*\s*/\s*∂\s*\w*"
_GRADIENT = re.compile(rf"(?i)^\W*(?:(?:gradient|grad|derivative)s?(?:\s*\(\s*{_DERIVATIVE}\s*\))?"
                       rf"|{_DERIVATIVE})\W*$")  # `Gradient`, `∂L/∂w`, `Gradient (∂L/∂var)`
_MATH_ALONE = re.compile(r"^[^$]*\$([^$]+)\$[^$]*$")  # `Input $x_1$`: the one formula in the cell
_WORD = re.compile(r"[A-Za-z]{3,}")
_GREEK_WORDS = {"eta", "alpha", "beta", "gamma", "delta", "sigma", "theta", "lambda", "epsilon"}
_WORDS_THEN_SYMBOL = re.compile(r"^[A-Za-z ]{3,40}[(\s]\s*([^\s()]{1,12})\s*\)?\s*$")  # `Learning rate (η)`


@dataclass(frozen=True)
class TableValue:
    """One number a table states by name: its line, the quantity (LaTeX), the number as printed."""

    line: int
    name: str
    value: str
    approx: bool = False
    gradient: bool = False  # the number is the gradient of the document's loss by ``name``

    def claim(self, root: str | None = None) -> str | None:
        """The claim as math (``x_1 = 0.05``); a gradient's needs the loss's name (``root``)."""
        relation = "\\approx" if self.approx else "="
        if not self.gradient:
            return f"{self.name} {relation} {self.value}"
        if root is None:
            return None
        return f"\\frac{{\\partial {root}}}{{\\partial {self.name}}} {relation} {self.value}"


def _number(cell: str) -> tuple[str, bool] | None:
    m = _NUMBER.match(cell)
    return (m.group(2).replace("−", "-"), m.group(1) is not None) if m else None


def _quantity(cell: str) -> str | None:
    """The quantity a cell names, as LaTeX a claim can hold: a symbol or a derivative, else None."""
    name = cell_name(cell)
    if name is None and (m := _MATH_ALONE.match(cell) or _WORDS_THEN_SYMBOL.match(cell.strip(" *"))):
        name = m.group(1).strip()
        name = None if _WORD.fullmatch(name) and name.lower() not in _GREEK_WORDS else name
    if not name:
        return None
    try:
        tree = unwrap(parse_math(name))
    except (LatexError, RecursionError):
        return None
    return name if isinstance(tree, (Sym, Deriv)) else None


def _pairs(line: int, cells: list[str]) -> list[TableValue] | None:
    """``| x₁ | 0.05 | w₁ | 0.15 |``: every name and the number after it, when the row is only that."""
    if len(cells) < 2 or len(cells) % 2:
        return None
    out = []
    for name_cell, value_cell in zip(cells[::2], cells[1::2]):
        name, number = _quantity(name_cell), _number(value_cell)
        if name is None or number is None:
            return None
        out.append(TableValue(line, name, number[0], number[1]))
    return out


def _header_names(header: list[str], body: list[tuple[int, list[str]]]) -> list[TableValue] | None:
    """A header of names over one row of numbers: each number is its column's quantity."""
    if len(body) != 1 or not header:
        return None
    names = [_quantity(h) for h in header]
    line, cells = body[0]
    numbers = [_number(c) for c in cells]
    if len(cells) != len(header) or None in names or None in numbers:
        return None
    return [TableValue(line, n, v[0], v[1]) for n, v in zip(names, numbers)]  # type: ignore[index]


def _row(line: int, cells: list[str], header: list[str]) -> list[TableValue]:
    """A row of a name column: its several pairs, its gradient, or its name and last number (as the
    layout's ``table_claim`` reads it once the cells are plain: a derivative header's rule is its)."""
    pairs = _pairs(line, cells) if len(cells) > 2 else None
    if pairs:
        return pairs
    name = _quantity(cells[0]) if cells else None
    numbered = [(k, n) for k, c in enumerate(cells) if k and (n := _number(c)) is not None]
    if not numbered:
        return []
    k, (value, approx) = numbered[-1]
    if name is not None and header and k < len(header) and _GRADIENT.match(header[k]) \
            and isinstance(unwrap(parse_math(name)), Sym):
        return [TableValue(line, name, value, approx, gradient=True)]
    plain = [f"${name}$" if name is not None else cells[0]]
    plain += [n[0] if (n := _number(c)) is not None else c for c in cells[1:]]
    claim = table_claim(plain, header)
    return [] if claim is None else [TableValue(line, claim.rsplit(" = ", 1)[0], value, approx)]


def _tables(rows: list[tuple[int, list[str]]], headers: dict[int, list[str]]):
    """Each table as (its header's line or None, its header, its body rows)."""
    tables: list[tuple[int | None, list[str], list[tuple[int, list[str]]]]] = []
    header_line: int | None = None
    for line, cells in rows:
        header = headers.get(line)
        if header is None:
            header_line = line
            continue
        if not tables or tables[-1][1] is not header:
            tables.append((header_line, header, []))
        tables[-1][2].append((line, cells))
    return tables


def table_values(rows: list[tuple[int, list[str]]], headers: dict[int, list[str]]) -> list[TableValue]:
    """Every number the document's tables state by name (see the module's docstring), in order."""
    stepped = {id(headers[line]) for line in stepped_headers(headers)} | sideways_headers(headers)
    out: list[TableValue] = []
    for header_line, header, body in _tables(rows, headers):
        if id(header) in stepped or any("=" in h for h in header):
            continue  # an iteration table, or formula columns: their own modules read them
        across = _header_names(header, body)
        if across is not None:
            out += across
            continue
        if header_line is not None:
            out += _pairs(header_line, header) or []
        for line, cells in body:
            if computed_claim(cells) is None:
                out += _row(line, cells, header)
    return out
