"""Tables whose columns are headed by formulas of the columns before them.

    | $x$ | $y$ | $\\hat y = 3x$ | Error $y - \\hat y$ |
    |-----|-----|---------------|---------------------|
    | 1   | 2   | 3             | -1                  |

    | $\\hat{y}$ (when $y = 1$) | $-\\log(\\hat{y})$ |
    |--------------------------|--------------------|
    | 0.9                      | 0.11               |

A column headed by one symbol holds that symbol's value in each row; a column headed by a formula
(``\\hat y = 3x``, ``y - \\hat y``, ``-\\log(\\hat{y})``) holds the formula's value at the row's values:
each such cell is an arithmetic claim (``3 \\cdot 1 = 3``), checked as arithmetic on the document's
own numbers. A formula using a symbol no column gives is not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nn.check.notation import NUMERIC_FUNCTIONS
from nn.check.reader.functions import head as function_head
from nn.check.reader.latex import Call, Group, LatexError, Neg, Num, Prod, Sym, Vec, parse_math
from nn.check.reader.squared_columns import squared_headers
from nn.check.reader.trees import leaves, map_leaves, unwrap

__all__ = ["TableArithmetic", "formula_table_claims"]

_MATH = re.compile(r"\$([^$]+)\$")
_NUMBER = re.compile(r"^\s*`?\$?\s*([-−+]?(?:\d+(?:\.\d*)?|\.\d+))\s*\$?`?\s*$")


@dataclass(frozen=True)
class TableArithmetic:
    """One cell of a formula column: its line, the formula at the row's numbers, the number printed."""

    line: int
    tree: object
    printed: str


def _column(header: str) -> tuple[object | None, object] | None:
    """A header as (the symbol it names, the formula it computes — None for an input column). A header
    in math (``$\\hat y = 3x$``) or written plainly (``σ(x)``, `` `1 - σ(x)` ``, ``x``); a function the
    reader does not know applied to a column (``f(z)``) names that column's values, as a symbol does."""
    m = _MATH.search(header)
    written = m.group(1) if m is not None else _plain_formula(header)
    if written is None:
        return None
    try:
        trees = [unwrap(parse_math(side)) for side in written.split("=") if side.strip()]
    except (LatexError, RecursionError):
        return None
    if len(trees) == 1:
        return (trees[0], None) if _names_values(trees[0]) else (None, trees[0])
    if len(trees) == 2 and _names_values(trees[0]) and not isinstance(trees[1], (Sym, Num)):
        return trees[0], trees[1]
    return None


_PLAIN_HEADER = re.compile(r"^\s*[`*]*([^`*$|]+?)[`*]*\s*$")
_WORD = re.compile(r"[A-Za-z]{3,}")


def _plain_formula(header: str) -> str | None:
    """A header written without ``$`` that is a formula of short names (``σ'(x)``, ``f(z)``, ``w·x + b``),
    never a word of prose (``Epoch``, ``Loss``) nor a derivative (read by ``value_tables``)."""
    m = _PLAIN_HEADER.match(header)
    if m is None:
        return None
    text = m.group(1)
    if any(w.group(0).lower() not in _FUNCTION_WORDS for w in _WORD.finditer(text)) or "∂" in text \
            or "/d" in text:
        return None
    return text


_FUNCTION_WORDS = {"sigma", "sigmoid", "tanh", "exp", "log", "relu"}


def _names_values(tree: object) -> bool:
    """Does a header name its column's values: a symbol, or a function the reader cannot compute
    applied to one (``f(z)``: the row's number is f's value there, whatever f is)?"""
    return isinstance(tree, Sym) or function_head(tree) is not None or (
        isinstance(tree, Call) and tree.name not in NUMERIC_FUNCTIONS and isinstance(unwrap(tree.arg), Sym))


def _number(cell: str) -> Num | Neg | None:
    m = _NUMBER.match(cell)
    if m is None:
        return None
    text = m.group(1).replace("−", "-")
    value = Num(text.lstrip("+-"), abs(float(text)))
    return Neg(value) if text.startswith("-") else value


def _at_row(formula: object | None, values: dict[Sym, object]) -> object | None:
    """The formula with each symbol replaced by the row's number for it (inside σ(x) and σ'(x) too:
    the function at the row's x); None when one is missing."""
    def at(leaf: object) -> object:
        if leaf in values:
            return values[leaf]
        return Call(leaf.name, Group(at(unwrap(leaf.arg)))) if isinstance(leaf, Call) else leaf

    def given(leaf: object) -> bool:
        if leaf in values or not isinstance(leaf, (Sym, Call)):
            return True
        return isinstance(leaf, Call) and given(unwrap(leaf.arg))

    if formula is None or not all(given(leaf) for leaf in leaves(formula)):
        return None
    return map_leaves(formula, at)


def _row_claims(line: int, columns: list, cells: list[str]) -> list[TableArithmetic]:
    out: list[TableArithmetic] = []
    values: dict[Sym, object] = {}
    for column, cell in zip(columns, cells):
        number = _number(cell)
        if column is None or number is None:
            continue
        symbol, formula = column
        tree = _at_row(formula, values) if formula is not None else _called(symbol, values)
        if tree is not None:
            out.append(TableArithmetic(line, tree, cell.strip().strip("`$").strip().replace("−", "-")))
        if symbol is not None:
            values[symbol] = number
    return out


def _called(symbol: object, values: dict) -> object | None:
    """A column headed ``f(z)`` or ``h(z)``: the function at the row's z, a claim too (checked when
    the document defines the function, listed when it does not); None for a column of inputs."""
    if isinstance(symbol, Call):
        return _at_row(symbol, values)
    found = function_head(symbol)
    if found is None or not all(a in values for a in found.arguments):
        return None
    at = [values[a] for a in found.arguments]
    return Prod((found.name, Group(at[0] if len(at) == 1 else Vec(tuple(at)))))


def _computes(column: tuple[object | None, object] | None) -> bool:
    """Does a column hold a value computed in its row: a formula's, or a function's (``f(z)``)?"""
    return column is not None and (column[1] is not None or not isinstance(column[0], (Sym, type(None))))


def formula_table_claims(rows: list[tuple[int, list[str]]],
                         headers: dict[int, list[str]]) -> list[TableArithmetic]:
    """Every formula cell of every formula table (see the module's docstring), in order."""
    out: list[TableArithmetic] = []
    parsed: dict[int, list] = {}
    for line, cells in rows:
        header = headers.get(line)
        if header is None:
            continue
        columns = parsed.get(id(header))
        if columns is None:
            columns = parsed[id(header)] = [_column(h) for h in squared_headers(header)]
        if any(_computes(c) for c in columns):
            out += _row_claims(line, columns, cells)
    return out
