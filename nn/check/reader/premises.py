"""Premises that contradict each other: a value the document gives for a quantity it also defines.

A document may assume a value (``assume a_{o1} = 0.6``) for a quantity whose definition it states in
names it gives too (``a_{o1} = \\sigma(z_{o1})`` with ``z_{o1} = 0.1``): the two disagree when the
definition gives another number at the given's precision (σ(0.1) = 0.525, not 0.6). When the
document never computes the definition itself (no number printed with it), the given is its
premise: what follows is computed from it. Then

- the quantity is a leaf of the given value: everything after it is checked from the given, not
  flagged again and again as inheriting a difference the document never made;
- the contradiction is reported once, as a row of its own: the given, what the definition gives,
  and the cause "premise".

When the document does print the definition's value, a plain restatement that disagrees is no
premise but a wrong number, checked as any other.

The same holds element by element for a grid (``restated_grid``): given logits ``z = [2.0, 1.0]``
for a ``z = W x + b`` the document defines but never prints: each element the product does not give
is a premise, and every element of the given grid is a leaf of its printed value.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal

from autograd import Value
from nn.check.diagnoses import number_slip
from nn.check.example import DocumentNumber
from nn.check.expressions import ExpressionError, parse
from nn.check.precision import agrees, parse_printed, short
from nn.check.quantities import Quantity
from nn.check.reader.matrices import Grid, Matrix, canonical_name
from nn.check.reader.trees import is_numeric, printed_number
from nn.check.report import Cause, CheckRow

__all__ = ["Premise", "Restated", "Restatements", "continued", "in_use", "restated", "restated_grid",
           "computes_grid", "replaced", "premise_rows"]


@dataclass(frozen=True)
class Premise:
    """A given (``name = printed`` on ``line``) its own definition (on ``definition_line``) denies."""

    name: str
    printed: str
    line: int
    definition: str  # the definition's expression, in the engine's names
    definition_line: int
    stated: float  # what the definition gives from the document's other givens
    place: str = ""  # where a notebook prints the given ("cell 1, line 44"); "" for "line {line}"
    definition_place: str = ""
    replaces: str = ""  # the name whose definition the given replaces (the matrix of an element)

    def text(self) -> str:
        here = self.place or f"line {self.line}"
        there = self.definition_place or f"line {self.definition_line}"
        if not self.definition:  # a given stated twice
            return (f"the document's premise: it gives {self.name} = {short(self.stated)} ({there}) and "
                    f"{self.name} = {self.printed} ({here}), two values for one given in one example; what "
                    f"follows is checked from the given {self.printed}")
        return (f"the document's premise: it gives {self.name} = {self.printed} ({here}), but its "
                f"definition {self.name} = {self.definition} ({there}) gives "
                f"{short(self.stated)} from its other givens; what follows is checked from the given "
                f"{self.printed}")


@dataclass(frozen=True)
class Restated:
    """A given stated again with another value: ``name = printed`` on ``line`` after ``name = first``
    on ``first_line`` (``inference.example_scopes`` finds them)."""

    name: str
    printed: str
    line: int
    first: float
    first_line: int


@dataclass
class Restatements:
    """What ``inference.example_scopes`` finds: the givens restated, by the line the scope they open
    starts on, every plain given (line, name) and the names a formula defines."""

    at: dict[int, list[Restated]] = field(default_factory=dict)
    givens: list[tuple[int, str]] = field(default_factory=list)
    defined: set[str] = field(default_factory=set)  # names a formula defines: a number for one is a result
    sections: set[int] = field(default_factory=set)  # scopes that start a section of its own (own_sections)

    def add(self, start: int, restated: Restated) -> None:
        self.at.setdefault(start, []).append(restated)


# Words that announce another case ("now take x = 2", "try instead", "a second sample"): the example
# goes on from the new value, and the two values contradict nothing.
_ANNOUNCED = re.compile(r"\b(?:now|instead|new|another|next|second|third|change[ds]?|try|again|case|"
                        r"sample|example|exercise|different|other|repeat)\b", re.I)


# A value at another point ("the slope at p = 7", "when x = 3", "for w = 0"): another case, never the
# example's given restated.
_AT_POINT = re.compile(r"\b(?:at|when|whenever|for|where)\s+\$*\s*[\\A-Za-z][\w{}^\\]*\s*=")


def _whole(value: float | str) -> bool:
    """Is it a whole number (a label, a count, a case: y = 0, n = 3), not a measured value?"""
    try:
        return float(str(value).replace("−", "-")).is_integer()
    except ValueError:
        return False


def continued(text: str, headings: list[int], scopes: list[tuple[int, int]],
              restated: Restatements) -> dict[int, tuple[int, dict[str, int], list[Premise]]]:
    """The scopes (by index) that go on with the example before them: one given stated again with
    another value on a later line ("from w = −2 toward w = 3" is one statement), with no heading
    between its two statements (a new example states its own givens,
    in a section of its own). Each maps to the line its example starts on (its definitions and
    other givens read from there), the line whose value the given takes, and the premise the two
    values make, unless the text announces another case on the line of the second."""
    lines = text.split("\n")
    out: dict[int, tuple[int, dict[str, int], list[Premise]]] = {}
    for k, (a, b) in enumerate(scopes[1:], 1):
        r = _one_restatement(restated.at.get(a, []), headings)
        said = lines[r.line - 1] if r is not None and 0 < r.line <= len(lines) else ""
        if r is None or _another_case(r, said):
            continue
        start = out[k - 1][0] if k - 1 in out else scopes[k - 1][0]
        before = {name for line, name in restated.givens if start <= line < a} - restated.defined
        if any(name in before and name != r.name for line, name in restated.givens if a <= line <= b):
            continue  # it states its own givens again (in = 3, out = 1 after in = 2, out = 3): a new example
        premises = [] if _ANNOUNCED.search(said) else [Premise(r.name, r.printed, r.line, "", r.first_line,
                                                               r.first)]
        out[k] = (start, {r.name: r.line}, premises)
    return out


def _one_restatement(found: list[Restated], headings: list[int]) -> Restated | None:
    """The one given a scope restates, on a later line and with no heading between its two
    statements (else None: a section of its own, or several names restated)."""
    apart = any(r.first_line < h <= r.line for r in found for h in headings)  # a section of its own
    if len({r.name for r in found}) != 1 or apart or any(r.line == r.first_line for r in found):
        return None
    return found[-1]


def _another_case(r: Restated, said: str) -> bool:
    """A value at another point ("the slope at p = 7"), or a label, count or case (y = 1 … y = 0)."""
    return bool(_AT_POINT.search(said)) or (_whole(r.first) and _whole(r.printed))


def _contradicts(printed: str, stated: float) -> bool:
    """Does a given deny what its definition gives: another value, not the same one with a slip
    (float32 digits, cut off, a digit or the sign wrong: ``diagnoses.number_slip``), which is a wrong
    result of the definition, checked as such?"""
    try:
        number = parse_printed(printed)
        return math.isfinite(stated) and not agrees(number, stated) and not number_slip(number, stated)
    except (ValueError, ArithmeticError):
        return False


def restated(inference: object, name: str, sides: list[object], line: int) -> None:
    """A claim about ``name``, already known to the inference (``inference.found``): a definition
    after its given, or a given after its definition. Records a premise where the two disagree and
    the document never computed the definition; the given is then the quantity's value."""
    found = inference.found  # type: ignore[attr-defined]
    if any(p.name == name for p in found.premises) or line < inference.start:  # type: ignore[attr-defined]
        return  # (before ``start``: the example before a restated given, read for its definitions)
    numeric = [s for s in sides if is_numeric(s)]
    symbolic = [s for s in sides if not is_numeric(s)]
    if name in found.leaves and name in found.printed and len(symbolic) == 1 and not numeric:
        statement = inference.statement(symbolic[0])  # type: ignore[attr-defined]
        if statement is None:  # a definition the inference cannot state contradicts nothing
            return
        definition, stated = statement  # a given, then its definition: the given is the premise
        if _contradicts(found.printed[name], stated):
            found.premises.append(Premise(name, found.printed[name], found.lines[name], definition, line,
                                          stated))
        return
    printed = printed_number(numeric[0]) if len(numeric) == 1 and not symbolic else None
    if name in found.nodes and name not in found.computed and printed is not None:
        stated = found.values[name]  # a definition never computed, then a given for it
        if not _contradicts(printed, stated):
            return
        premise = Premise(name, printed, line, found.nodes.pop(name), found.lines[name], stated)
        found.leaves[name] = found.values[name] = float(Decimal(printed))
        found.lines[name] = line
        found.printed[name] = printed
        found.premises.append(premise)
        recomputed(found, {name})


_GRID_INSIDE = re.compile(r"\\begin\s*\{\s*[pbBvV]?matrix|\[\s*[-−+]?\.?\d")


def computes_grid(sides: list[str], grids: list[object]) -> bool:
    """Does a claim about a matrix compute it: a grid printed beside its formula (``z = W x + b =
    [grid]``), or grids substituted for its operands (``dW = [grid] [grid]^T``)?"""
    printed = [grid is not None for grid in grids]
    substituted = [grid is None and _GRID_INSIDE.search(side) is not None for side, grid in zip(sides, grids)]
    return any(substituted) or (any(printed) and len(sides) > 1)


def restated_grid(inference: object, names: tuple[str, str, str], grid: Grid, line: int) -> bool:
    """A grid of numbers given for a matrix the document defined before (``names``: as written, as
    shown, the engine's) but never printed: True when an element contradicts its definition, then
    each such element is a premise and the grid's elements are leaves of the printed values."""
    written, _, engine = names
    found, graph = inference.found, inference.matrices  # type: ignore[attr-defined]
    matrix = graph.env.get(canonical_name(written))
    if engine in found.computed or matrix is None or grid.values() is None or matrix.shape != grid.shape:
        return False
    elements = [graph.engine.get(id(v)) for row in matrix.rows for v in row]
    printed = [cell.strip() for row in grid.cells for cell in row]
    if any(name is None or name not in found.nodes for name in elements):
        return False
    if not any(_contradicts(p, found.values[name]) for name, p in zip(elements, printed)):
        return False
    aliases = {engine_name: alias for alias, engine_name in found.aliases.items()}
    values = []
    for name, p in zip(elements, printed):
        if _contradicts(p, found.values[name]):
            found.premises.append(Premise(aliases.get(name, name), p, line, found.nodes[name],
                                          found.lines[name], found.values[name], replaces=engine))
        del found.nodes[name]
        found.leaves[name] = found.values[name] = float(Decimal(p.replace("−", "-")))
        found.lines[name], found.printed[name] = line, p
        v = Value(found.values[name], name)
        graph.engine[id(v)] = name
        graph.kept.append(v)
        values.append(v)
    recomputed(found, set(elements))
    cols = matrix.shape[1]
    graph.env[canonical_name(written)] = Matrix([values[k:k + cols] for k in range(0, len(values), cols)],
                                                matrix.flat)
    return True


def recomputed(found: object, changed: set[str]) -> None:
    """The values of the nodes defined before a premise that depend on it, computed again from the
    given value (``E = ½(t − a)²`` read before "assume a = 0.6": E is what 0.6 gives)."""
    values, nodes = found.values, found.nodes  # type: ignore[attr-defined]
    for node, text in list(nodes.items()):
        try:
            expression = parse(text, values)
            if not changed & set(expression.names):
                continue
            value = expression.evaluate({n: Value(values[n]) for n in expression.names})
        except (ExpressionError, ArithmeticError, ValueError, KeyError, RecursionError):
            continue
        values[node] = value.data if isinstance(value, Value) else float(value)
        changed.add(node)


def in_use(found: object, premises: list[Premise]) -> list[Premise]:
    """The premises about a name some node of the graph read computes with (a given restated that
    nothing uses contradicts no number)."""
    values = found.values  # type: ignore[attr-defined]
    used: set[str] = set()
    for text in found.nodes.values():  # type: ignore[attr-defined]
        try:
            used.update(parse(text, values).names)
        except ExpressionError:
            continue
    return [p for p in premises if p.name in used]


def replaced(found: object) -> None:
    """A definition a premise replaces is no definition in names never given: it leaves the
    inference's unstated ones (``z = W x + b`` read over scalars W, x, b on a later pass)."""
    for p in found.premises:  # type: ignore[attr-defined]
        found.unstated.pop(p.replaces or p.name, None)  # type: ignore[attr-defined]


def premise_rows(premises: list[Premise]) -> list[CheckRow]:
    """Each premise as a report row of its own: the given, what its definition gives, the cause."""
    rows = []
    for p in premises:
        place = p.place or f"line {p.line}"
        number = DocumentNumber(name=f"{place}: {p.name}", value=p.printed, kind="value",
                                quantity=p.name, line=p.line, source=place)
        text = p.text()
        rows.append(CheckRow(number, parse_printed(p.printed), Quantity(p.name), p.stated, "mismatch", text,
                             [Cause("premise", text)]))
    return rows
