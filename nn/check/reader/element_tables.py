"""Tables with one column per element of a vector and one row per formula of its index.

    |                       | $z_1 = 1.0$ | $z_2 = 2.0$ | $z_3 = 3.0$ |
    |-----------------------|-------------|-------------|-------------|
    | $e^{z_i}$             | $2.718$     | $7.389$     | $20.086$    |
    | $\\sum e^{z_j}$        | $30.193$    |             |             |
    | $\\text{softmax}(z_i)$ | $0.090$     | $0.245$     | $0.665$     |

Each column header gives one element (``z_k = value``: one name, indices 1 … n in order); each row
is headed by a formula of that name's index. A formula with a free index (``e^{z_i}``) holds its value
at the column's element in each column; one with none (``\\sum e^{z_j}``, a sum over every element)
holds one value, in the row's first cell, and its other cells are empty. ``\\text{softmax}(z_i)`` is
``e^{z_i} / \\sum_j e^{z_j}``. Each cell is an arithmetic claim on the header's numbers
(``formula_tables.TableArithmetic``), checked as the document's own arithmetic. A row whose formula
uses another name, or whose cells do not fit, is not read. Public: ``element_table_claims``,
``table_claims`` (these and ``formula_tables``').
"""

from __future__ import annotations

import re

from nn.check.reader.formula_tables import TableArithmetic, formula_table_claims
from nn.check.reader.instances import sums_written_out
from nn.check.reader.latex import INDEX_LETTERS, LatexError, Neg, Num, Sym, parse_math
from nn.check.reader.trees import leaves, map_leaves, unwrap

__all__ = ["element_table_claims", "table_claims"]

_MATH = re.compile(r"^\s*\$([^$]+)\$\s*$")
_ARGUMENT = r"\(\s*([A-Za-z])_\{?([a-z])\}?\s*\)"  # (z_i)
_SOFTMAX = re.compile(rf"\\(?:text|operatorname|mathrm)\s*\{{\s*softmax\s*\}}\s*{_ARGUMENT}"
                      rf"|(?<![\\\w])softmax\s*{_ARGUMENT}")
_SUBSCRIPT_LETTER = re.compile(rf"_(?:\{{\s*([{INDEX_LETTERS}])\s*\}}|([{INDEX_LETTERS}])(?![A-Za-z]))")
MAX_COLUMNS = 64


def _math(cell: str) -> str | None:
    m = _MATH.match(cell)
    return m.group(1) if m else None


def _element(cell: str) -> tuple[str, int, object] | None:
    """A header cell ``$z_2 = 1.0$``: (the name, its index, the number as a tree)."""
    text = _math(cell)
    if text is None or text.count("=") != 1:
        return None
    left, right = text.split("=")
    try:
        name, number = unwrap(parse_math(left)), unwrap(parse_math(right))
    except (LatexError, RecursionError):
        return None
    value = number.x if isinstance(number, Neg) else number
    if not isinstance(name, Sym) or not name.sub.isdigit() or name.tag or not isinstance(value, Num):
        return None
    return name.base, int(name.sub), number


def _columns(header: list[str]) -> tuple[str, list[object]] | None:
    """The header's name and its elements' numbers, in order (indices 1 … n), else None."""
    found = [_element(cell) for cell in header[1:]]
    if not 2 <= len(found) <= MAX_COLUMNS or any(f is None for f in found):
        return None
    names = {f[0] for f in found}
    if len(names) != 1 or [f[1] for f in found] != list(range(1, len(found) + 1)):
        return None
    return names.pop(), [f[2] for f in found]


def _softmax_written_out(formula: str) -> str:
    """``\\text{softmax}(z_i)`` as the formula it stands for, ``\\frac{e^{z_i}}{\\sum_j e^{z_j}}``."""
    def spelled(m: re.Match) -> str:
        name, letter = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        other = next(c for c in INDEX_LETTERS if c != letter)
        return f"\\frac{{e^{{{name}_{{{letter}}}}}}}{{\\sum_{{{other}}} e^{{{name}_{{{other}}}}}}}"
    return _SOFTMAX.sub(spelled, formula)


def _at(formula: str, name: str, values: list[object], index: dict[str, int]) -> object | None:
    """The formula at one index, its names replaced by the header's numbers; None when it names another."""
    def known(sym: Sym) -> bool:
        return sym.base == name and sym.sub.isdigit() and 1 <= int(sym.sub) <= len(values)
    text = sums_written_out(_softmax_written_out(formula), known)
    if text is None:
        return None
    for letter, k in index.items():
        text = re.sub(rf"_(?:\{{\s*{letter}\s*\}}|{letter}(?![A-Za-z]))", f"_{{{k}}}", text)
    try:
        tree = parse_math(text)
    except (LatexError, RecursionError):
        return None
    if not all(known(leaf) for leaf in leaves(tree) if isinstance(leaf, Sym)):
        return None
    return map_leaves(tree, lambda leaf: values[int(leaf.sub) - 1] if isinstance(leaf, Sym) else leaf)


def _letters(text: str) -> set[str]:
    """The index letters a text subscripts (``z_i``, ``z_{j}``)."""
    return {a or b for a, b in _SUBSCRIPT_LETTER.findall(text)}


def _printed(cell: str) -> str | None:
    text = (_math(cell) or cell).strip().strip("`").replace("−", "-")
    return text if re.fullmatch(r"-?(?:\d+\.?\d*|\.\d+)", text) else None


def _row_claims(line: int, name: str, values: list[object], cells: list[str]) -> list[TableArithmetic]:
    formula = _math(cells[0]) if cells else None
    if formula is None or "=" in formula:
        return []
    free = _letters(_softmax_written_out(formula).split("\\sum")[0])
    printed = [_printed(c) for c in cells[1:]]
    if len(free) > 1:
        return []
    if not free:  # one value: in the first cell, the others empty
        if printed[:1] == [None] or any(c.strip() for c in cells[2:]):
            return []
        tree = _at(formula, name, values, {})
        return [TableArithmetic(line, tree, printed[0])] if tree is not None else []
    letter = free.pop()
    out = []
    for k, shown in enumerate(printed[:len(values)], 1):
        tree = _at(formula, name, values, {letter: k}) if shown is not None else None
        if tree is not None:
            out.append(TableArithmetic(line, tree, shown))
    return out


def element_table_claims(rows: list[tuple[int, list[str]]],
                         headers: dict[int, list[str]]) -> list[TableArithmetic]:
    """Every formula cell of every element table (see the module's docstring), in order."""
    out: list[TableArithmetic] = []
    parsed: dict[int, tuple[str, list[object]] | None] = {}
    for line, cells in rows:
        header = headers.get(line)
        if header is None:
            continue
        if id(header) not in parsed:
            parsed[id(header)] = _columns(header)
        columns = parsed[id(header)]
        if columns is not None:
            out += _row_claims(line, columns[0], columns[1], cells)
    return out


def table_claims(rows: list[tuple[int, list[str]]], headers: dict[int, list[str]]) -> list[TableArithmetic]:
    """The arithmetic cells of formula tables (``formula_tables``) and of element tables, in order."""
    return sorted(formula_table_claims(rows, headers) + element_table_claims(rows, headers),
                  key=lambda cell: cell.line)
