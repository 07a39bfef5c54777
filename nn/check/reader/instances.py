"""A formula stated once with indices, applied to every printed instance of its name.

Documents state a formula once, in general (``e_{ij} = v^T tanh(W [s_{i-1}; h_j] + b)``,
``\\alpha_{ij} = \\frac{\\exp(e_{ij})}{\\sum_k \\exp(e_{ik})}``), work it out for one instance and
print the others ("similarly, e_{12} = -0.142"). Each printed instance whose name fits the pattern
(e_{12}, e_{21}: one digit for each index letter) becomes a node of the graph, the formula at its
indices, so its printed number is a claim checked against it.

The formula's names may be vectors and matrices the document gives as grids (``h_2 = [0.5, …]`` is
read as the leaves h_2__1 … h_2__4, a matrix W as W__1_1 …): products, sums, ``^T``, ``[a; b]``
(stacking) and element-wise functions are expanded element by element into one scalar expression.
A ``\\sum_{k=1}^{T}`` runs over the instances the document prints (T is rarely given a number).

A formula is applied only when the document shows it is the one it uses: evaluated on the
document's own printed numbers, it reproduces at least one printed instance (the worked one). Of
several formulas stated for one name (a post comparing score functions), those that reproduce an
instance must agree on every other; else none is applied. Public: ``apply_indexed``.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass

from autograd import Value
from nn.check.reader.latex import (
    INDEX_LETTERS,
    LatexError,
    Sym,
    parse_math,
)
from nn.check.reader.matrices import Matrix, MatrixError, canonical_name, computed
from nn.check.reader.matrix_setup import MatrixGraph
from nn.check.reader.trees import leaves, printed_number

MAX_INSTANCES = 400  # instances of one pattern expanded
MAX_FORMULAS = 8  # different formulas tried for one pattern
_SUBSCRIPT = re.compile(r"_\{([^{}]*)\}|_([A-Za-z0-9])")
_SUM = re.compile(r"\\sum\s*(?:_\{?\s*([a-z])\s*(?:=\s*(\d+))?\s*\}?)?\s*(?:\^\{?\s*(\w+)\s*\}?)?")


class _Unfit(Exception):
    """The formula cannot be stated at this instance (an unknown name, shapes that do not fit)."""


@dataclass(frozen=True)
class _Scalar:
    text: str
    value: float | None  # on the document's own printed numbers; None when one is not printed


@dataclass(frozen=True)
class Formula:
    """``name_{letters} = side`` as written at ``line``."""

    base: str
    letters: str
    side: str
    line: int


# ---------------------------------------------------------------- the formulas and their instances


def indexed_formulas(claims: list, engine_name) -> dict[str, list[Formula]]:
    """Every formula whose left side is a name indexed only by letters (e_{ij}, α_{i,j}), by the
    engine name of its pattern (e_ij)."""
    found: dict[str, list[Formula]] = {}
    for claim in claims:
        try:
            left = parse_math(claim.sides[0])
        except (LatexError, RecursionError):
            continue
        letters = left.sub.replace(",", "").replace(" ", "") if isinstance(left, Sym) else ""
        if not letters or left.tag or any(c not in INDEX_LETTERS for c in letters) \
                or len(set(letters)) != len(letters):
            continue
        for side in claim.sides[1:]:
            same = found.setdefault(engine_name(left), [])
            if _indexes_by(side, letters) and not _refers_to(side, left.base, letters) \
                    and len(same) < MAX_FORMULAS and all(f.side != side for f in same):
                same.append(Formula(left.base, letters, side, claim.line))
    return found


def _indexes_by(side: str, letters: str) -> bool:
    """Does the side use every index of its left side (y_j = σ(a_j); not y_j = σ(a_1), one instance
    written with a letter)?"""
    subscripts = "".join(a or b for a, b in _SUBSCRIPT.findall(side))
    return all(letter in subscripts for letter in letters)


def _refers_to(side: str, base: str, letters: str) -> bool:
    """Does the side use its own left side (an update rule w_{ij} ← w_{ij} − η …)?"""
    return re.search(re.escape(base) + r"\s*_\{?\s*" + r",?\s*".join(letters), side) is not None


def _stems(formula: Formula, engine_name) -> tuple[str, str]:
    """The engine names of the formula's instances without their index: e_ (e_12) and, for a vector
    or a matrix printed as a grid, its elements' p__ (p__1, W__1_2)."""
    return (engine_name(Sym(formula.base, "0" * len(formula.letters)))[:-len(formula.letters)],
            engine_name(Sym(formula.base, "0"))[:-1] + "_")


def instances(formula: Formula, names: list[str], engine_name) -> dict[str, dict[str, int]]:
    """The names that fit the formula's pattern, with the index each letter takes."""
    stem, elements = _stems(formula, engine_name)
    out: dict[str, dict[str, int]] = {}
    for name in names:
        digits = name[len(stem):]
        if name.startswith(stem) and digits.isdigit() and len(digits) == len(formula.letters):
            out[name] = {c: int(d) for c, d in zip(formula.letters, digits)}
        index = name[len(elements):].split("_") if name.startswith(elements) else []
        if len(index) == len(formula.letters) and all(k.isdigit() for k in index):
            out[name] = {c: int(k) for c, k in zip(formula.letters, index)}
    return out


# ---------------------------------------------------------------- the formula at one instance


def at_index(side: str, index: dict[str, int], known) -> str:
    """The side with its index letters replaced (s_{i-1} at i = 2 → s_{1}) and its sums written out."""
    return _indexed(_expand_sums(side, index, known), index)


def _indexed(text: str, index: dict[str, int]) -> str:
    return _SUBSCRIPT.sub(lambda m: "_{" + _filled(m.group(1) or m.group(2), index) + "}", text)


def _filled(sub: str, index: dict[str, int]) -> str:
    if not any(c in index for c in sub) or not re.fullmatch(r"[a-z0-9+\-, ]+", sub):
        return sub
    parts = []
    for part in sub.split(","):
        text = "".join(str(index.get(c, c)) for c in part.replace(" ", ""))
        if re.fullmatch(r"\d+(?:[+-]\d+)+", text):
            text = str(eval_sum(text))
        elif not text.isdigit():
            raise _Unfit(f"an index left unfilled in _{{{sub}}}")
        parts.append(text)
    return "".join(parts)  # e_{1,2} is the engine's e_12


def eval_sum(text: str) -> int:
    """``1-1`` → 0, ``2+1`` → 3: an index written with arithmetic."""
    total = 0
    for sign, number in re.findall(r"([+-]?)(\d+)", text):
        total += -int(number) if sign == "-" else int(number)
    if total < 0:
        raise _Unfit("a negative index")
    return total


def _expand_sums(side: str, index: dict[str, int], known) -> str:
    """``\\sum_{k=1}^{T} body`` → ``(body_1 + body_2 + …)``, k over what the document prints."""
    m = _SUM.search(side)
    if m is None:
        return side
    letter = m.group(1)
    end = _body_end(side, m.end())
    body = side[m.end():end]
    if letter is None:  # \sum e^{z_j}: the one index the body subscripts and nothing fills
        free = {c for sub in _SUBSCRIPT.findall(body) for c in (sub[0] or sub[1])
                if c in INDEX_LETTERS and c not in index}
        letter = free.pop() if len(free) == 1 else None
    if letter is None or letter in index:
        raise _Unfit("a sum whose index is not named")
    count = _count(body, letter, index, m.group(2), m.group(3), known)
    terms = [_indexed(body, {**index, letter: n}) for n in range(int(m.group(2) or 1), count + 1)]
    expanded = side[:m.start()] + "\\left(" + " + ".join(terms) + "\\right)" + side[end:]
    return _expand_sums(expanded, index, known)


def sums_written_out(side: str, known) -> str | None:
    """``side`` with every ``\\sum`` over an index written out over the instances ``known(Sym)`` says the
    document states (``index_sums``); None when a sum's index or range cannot be told."""
    try:
        return _expand_sums(side, {}, known)
    except (_Unfit, LatexError, RecursionError):
        return None


def _body_end(side: str, start: int) -> int:
    """Where a sum's body ends: the end of its group, or a + or − at its own depth."""
    depth = 0
    for at in range(start, len(side)):
        c = side[at]
        if c in "({[":
            depth += 1
        elif c in ")}]":
            if depth == 0:
                return at
            depth -= 1
        elif c in "+-=" and depth == 0 and side[start:at].strip():
            return at
    return len(side)


def _count(body: str, letter: str, index: dict[str, int], low: str | None, high: str | None, known) -> int:
    """The last value of a sum's index: its bound if a number, else the last instance printed of
    every name it indexes, counting up from the lower bound with no gap."""
    if high is not None and high.isdigit():
        return int(high)
    start, n = int(low or 1), int(low or 1)
    while True:
        probe = _indexed(body, {**index, letter: n})
        try:
            names = _names(parse_math(probe))
        except (LatexError, RecursionError):
            raise _Unfit("a sum's body the reader cannot read") from None
        if not names or not all(known(name) for name in names):
            break
        n += 1
    if n == start:
        raise _Unfit("a sum over instances the document does not print")
    return n - 1


def _names(node: object) -> list[Sym]:
    """The names a tree uses (the T of a transpose is no name)."""
    return [leaf for leaf in leaves(node) if isinstance(leaf, Sym) and leaf != Sym("T")]


class Grids:
    """The graph's names as the matrices ``matrices.define`` computes with: a scalar (name), a
    vector (name__1, name__2, …: a column) or a matrix (name__1_1, …), each element an engine value
    holding the document's own printed number and remembering its engine name."""

    def __init__(self, names, values: dict[str, float], engine_name) -> None:
        self.graph = MatrixGraph()
        self.engine_name = engine_name
        grouped: dict[str, dict[tuple[int, ...], str]] = {}
        for name in names:
            stem, _, index = name.partition("__")
            if index and re.fullmatch(r"\d+(?:_\d+)?", index):
                grouped.setdefault(stem, {})[tuple(int(k) for k in index.split("_"))] = name
            else:
                self._add(name, [[name]], values)
        for stem, elements in grouped.items():
            if canonical_name(stem) not in self.graph.env:
                self._add(stem, _grid(elements), values)
        for stem in grouped:  # z_{j} of a vector z given as a grid: its element z__j
            key = canonical_name(stem)
            for row in self.graph.env[key].rows if key in self.graph.env else []:
                for v in row:
                    alias = canonical_name(f"{stem}_{v.label.partition('__')[2].replace('_', '')}")
                    if alias not in self.graph.env and v.label.startswith(f"{stem}__"):
                        self.graph.env[alias] = Matrix([[v]])

    def _add(self, key: str, names: list[list[str]] | None, values: dict[str, float]) -> None:
        if not names:
            return
        rows = [[Value(values.get(n, math.nan), n) for n in row] for row in names]
        for row in rows:
            for v in row:
                self.graph.engine[id(v)] = v.label
                self.graph.kept.append(v)
        self.graph.env[canonical_name(key)] = Matrix(rows, flat=len(rows[0]) == 1 and len(rows) > 1)

    def knows(self, sym: Sym) -> bool:
        return canonical_name(self.engine_name(sym)) in self.graph.env

    def stacked(self, side: str) -> str:
        """``[s_{0}; h_{1}]`` (one vector on top of the other) as a name of the stacked column."""
        def stack(m: re.Match) -> str:
            column = []
            for part in m.group(1).split(";"):
                matrix = computed(part, self.graph.env)
                if 1 not in matrix.shape:
                    raise _Unfit("a matrix stacked in a vector")
                column += [[v] for row in matrix.rows for v in row]
            name = f"Stacked_{len(self.graph.env)}"
            self.graph.env[name] = Matrix(column, flat=True)
            return f" Stacked_{{{len(self.graph.env) - 1}}} "
        return re.sub(r"\[([^\[\];]*;[^\[\]]*)\]", stack, side)

    def scalar(self, side: str) -> _Scalar:
        try:
            matrix = computed(self.stacked(side), self.graph.env)
            if matrix.shape != (1, 1):
                raise _Unfit("the formula gives a vector, its name a number")
            v = matrix.rows[0][0]
            return _Scalar(self.graph.text(v), v.data if math.isfinite(v.data) else None)
        except MatrixError as e:
            raise _Unfit(str(e)) from None


def _grid(elements: dict[tuple[int, ...], str]) -> list[list[str]] | None:
    """The element names in order: a column for name__i, rows for name__i_j; None with a gap."""
    if all(len(k) == 1 for k in elements):
        n = len(elements)
        whole = set(elements) == {(i,) for i in range(1, n + 1)}
        return [[elements[(i,)]] for i in range(1, n + 1)] if whole else None
    rows, cols = max(k[0] for k in elements), max(k[-1] for k in elements)
    if len(elements) != rows * cols or any(len(k) != 2 for k in elements):
        return None
    return [[elements[(i, j)] for j in range(1, cols + 1)] for i in range(1, rows + 1)]


def stated(formula: Formula, index: dict[str, int], grids: Grids) -> _Scalar:
    """The formula at one instance, as one scalar expression."""
    side = re.sub(r"(?:\\[,;:!]|[\s.,;])+$", "", formula.side)  # "…\\,." ends a displayed sentence
    return grids.scalar(at_index(side, index, grids.knows))


# ---------------------------------------------------------------- applying the formulas to the graph


def _half_unit(printed: str) -> float:
    mantissa = printed.lstrip("+-−≈~ ").lower().partition("e")[0]
    return 0.5 * 10.0 ** -len(mantissa.partition(".")[2])


def reproduces(value: float | None, printed: str | None) -> bool:
    """Does a formula's value on the document's numbers give the printed one (to one unit of its
    last place, and at least two decimals printed: "1" confirms nothing)?"""
    if value is None or printed is None:
        return False
    try:
        number = float(printed.replace("−", "-").lstrip("≈~ "))
    except ValueError:
        return False
    half = _half_unit(printed)
    return half <= 0.005 and abs(value - number) <= 2 * half * (1 + 1e-9)


def _statements(formula: Formula, fits: dict[str, dict[str, int]], grids: Grids) -> dict[str, _Scalar]:
    out = {}
    for name, index in fits.items():
        try:
            out[name] = stated(formula, index, grids)
        except (_Unfit, RecursionError, ZeroDivisionError):
            continue
    return out


def _agree(a: dict[str, _Scalar], b: dict[str, _Scalar]) -> bool:
    for name in a.keys() & b.keys():
        x, y = a[name].value, b[name].value
        if x is None or y is None or not math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12):
            return False
    return True


def chosen(formulas: list[Formula], fits: dict[str, dict[str, int]], grids: Grids,
           printed: dict[str, str]) -> tuple[Formula, dict[str, _Scalar]] | None:
    """The formula the document uses for these instances: the one (or the agreeing ones) that
    reproduces a printed instance; None when none does or two that do disagree."""
    confirmed = []
    for formula in formulas:
        statements = _statements(formula, fits, grids)
        if any(reproduces(s.value, printed.get(name)) for name, s in statements.items()):
            confirmed.append((formula, statements))
    if not confirmed or not all(_agree(confirmed[0][1], other) for _, other in confirmed[1:]):
        return None
    return max(confirmed, key=lambda pair: len(pair[1]))


def apply_indexed(found, claims: list, engine_name, text: str = "") -> list[str]:
    """Make every printed instance of an indexed formula a node of ``found`` (an ``Inferred``), and
    the numbers listed after "similarly" the instances that follow the worked one (``found.similarly``);
    returns the names made nodes."""
    made: list[str] = []
    shown, lines = printed_results(claims, engine_name), result_lines(claims, engine_name)
    worked: list[tuple[int, str, Formula, dict[str, int]]] = []
    names = [*found.leaves, *found.nodes]
    grids = Grids(names, found.values, engine_name)  # a leaf made a node keeps its name and value
    by_stem: dict[str, list[str]] = {}
    for name in names:
        by_stem.setdefault(_INDEX.sub("", name), []).append(name)
    for formulas in indexed_formulas(claims, engine_name).values():
        if not formulas:
            continue
        near = [n for stem in _stems(formulas[0], engine_name) for n in by_stem.get(stem, [])]
        fits = instances(formulas[0], near, engine_name)
        if not fits or len(fits) > MAX_INSTANCES:
            continue
        printed = {name: shown.get(name) or found.printed.get(name) or _shortest(found.values.get(name))
                   for name in fits}
        choice = chosen(formulas, fits, grids, printed)
        if choice is None:
            continue
        formula, statements = choice
        worked += [(lines[name], name, formula, fits[name]) for name, s in statements.items()
                   if name in lines and reproduces(s.value, printed.get(name))]
        for name, statement in statements.items():
            if name in found.leaves and name not in re.findall(r"\w+", statement.text):
                del found.leaves[name]
                found.nodes[name] = statement.text
                made.append(name)
                if "__" in name:  # p__2 of a vector printed as a list: the document's p[2]
                    stem, _, index = name.partition("__")
                    found.aliases.setdefault(f"{stem}[{index.replace('_', ',')}]", name)
    made += _similar_lists(found, text, sorted(worked, key=lambda w: w[0]), grids, engine_name)
    if made:
        found.nodes = in_order(found.nodes)
        found.notes.append(f"{', '.join(made)}: the document's indexed formula at each one's indices")
    return made


_INDEX = re.compile(r"\d+(?:_\d+)*$")  # e_12 → e_, p__2 → p__, W__1_2 → W__: where instances are looked up


# ---------------------------------------------------------------- "similarly": numbers listed after a cue

_CUE = re.compile(r"\b(?:similarly|likewise|in the same way|the same way|for the others?\b|"
                  r"for the (?:other|remaining) \w+)", re.I)
_PARAGRAPH_END = re.compile(r"\n\s*\n|\n#")
_DECIMAL = re.compile(r"(?<![\w.^_{])[-−]?\d*\.\d+(?!\w|\.\d)")  # "… and 0.70." ends a sentence


@dataclass(frozen=True)
class Listed:
    """A number listed after "similarly": the instance it is read as (``name``), or why it is not."""

    line: int
    printed: str
    name: str | None
    why: str | None = None


def _similar_lists(found, text: str, worked: list, grids: Grids, engine_name) -> list[str]:
    """Each paragraph that says "similarly" (likewise, in the same way, for the others) and lists
    numbers without naming them: its numbers are the instances after the worked one before it (its
    last index counting on), in order, when they are as many; else each is listed as not read."""
    made: list[str] = []
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    for cue in _CUE.finditer(text):
        end = _PARAGRAPH_END.search(text, cue.end())
        paragraph = text[cue.end():end.start() if end else len(text)]
        if "=" in paragraph:
            continue  # named instances (e_{12} = …) are read as claims
        numbers = [(_line(starts, cue.end() + m.start()), m.group().replace("−", "-"))
                   for m in _DECIMAL.finditer(paragraph)]
        if not numbers:
            continue
        line = _line(starts, cue.start())
        before = worked[:bisect.bisect_right([w[0] for w in worked], line)] if worked else []
        if not before:
            found.similarly += [Listed(n, p, None, "a number listed after \"similarly\" with no formula "
                                       "stated with indices and worked out before it") for n, p in numbers]
            continue
        _, name, formula, index = before[-1]
        found.similarly += _mapped(found, numbers, (formula, index), grids, engine_name, made)
    return made


def _line(starts: list[int], at: int) -> int:
    return bisect.bisect_right(starts, at)


def _mapped(found, numbers: list[tuple[int, str]], instance: tuple[Formula, dict[str, int]], grids: Grids,
            engine_name, made: list[str]) -> list[Listed]:
    """The numbers as the instances after the worked one (its last index counting on), or each not read."""
    formula, index = instance
    last = formula.letters[-1]
    following: list[tuple[str, _Scalar]] = []
    for n in range(index[last] + 1, index[last] + 1 + len(numbers) + 1):
        at = {**index, last: n}
        name = engine_name(Sym(formula.base, "".join(str(at[c]) for c in formula.letters)))
        try:
            following.append((name, stated(formula, at, grids)))
        except (_Unfit, RecursionError, ZeroDivisionError):
            break
    following = [(name, s) for name, s in following if not found.known(name)]
    if len(following) != len(numbers):
        names = ", ".join(name for name, _ in following) or "none"
        why = (f"{len(numbers)} numbers listed after \"similarly\" for the {len(following)} instances of "
               f"{formula.base}_{{{formula.letters}}} after the worked one that the givens allow ({names})")
        return [Listed(n, p, None, why) for n, p in numbers]
    out = []
    for (line, printed), (name, statement) in zip(numbers, following):
        found.nodes[name] = statement.text
        found.values[name] = float(printed)
        found.lines[name] = line
        made.append(name)
        out.append(Listed(line, printed, name))
    return out


def _shortest(value: float | None) -> str | None:
    """A value read from a printed number, as printed (its shortest repr: 0.622, not 0.62200…)."""
    return None if value is None or not math.isfinite(value) else repr(value)


def result_lines(claims: list, engine_name) -> dict[str, int]:
    """The line of each name's first claim that prints its value (``printed_results``)."""
    out: dict[str, int] = {}
    for claim in claims:
        try:
            left = parse_math(claim.sides[0])
        except (LatexError, RecursionError):
            continue
        if isinstance(left, Sym) and len(claim.sides) > 1:
            out.setdefault(engine_name(left), claim.line)
    return out


def printed_results(claims: list, engine_name) -> dict[str, str]:
    """Each name's number as the document first prints it as a claim's result (e_{1,1} = … = 0.259)."""
    out: dict[str, str] = {}
    for claim in claims:
        try:
            left, last = parse_math(claim.sides[0]), parse_math(claim.sides[-1])
        except (LatexError, RecursionError):
            continue
        number = printed_number(last)
        if isinstance(left, Sym) and len(claim.sides) > 1 and number is not None:
            out.setdefault(engine_name(left), number)
    return out


def in_order(nodes: dict[str, str]) -> dict[str, str]:
    """The nodes with each after the nodes it uses (a node made from a formula may be used by a
    node defined earlier in the text)."""
    done: dict[str, str] = {}
    entered: set[str] = set()
    for top in nodes:
        stack = [(top, False)]
        while stack:
            name, ready = stack.pop()
            if name in done:
                continue
            if ready:
                done[name] = nodes[name]
                continue
            if name in entered:
                continue  # a circle of definitions: left in the order written
            entered.add(name)
            stack.append((name, True))
            stack += [(used, False) for used in reversed(re.findall(r"[A-Za-z_]\w*", nodes[name]))
                      if used in nodes and used not in done and used != name]
    return done
