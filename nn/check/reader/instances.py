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

import math
import re
from dataclasses import dataclass

from nn.check.reader.latex import (
    INDEX_LETTERS,
    Call,
    Div,
    Group,
    LatexError,
    Neg,
    Num,
    Pow,
    Prod,
    Sum,
    Sym,
    Vec,
    parse_math,
)
from nn.check.reader.trees import printed_number

MAX_INSTANCES = 400  # instances expanded from one document
_FUNCTIONS = {"exp": math.exp, "log": math.log, "ln": math.log, "tanh": math.tanh, "sqrt": math.sqrt,
              "sigma": lambda x: 1 / (1 + math.exp(-x)), "sigmoid": lambda x: 1 / (1 + math.exp(-x)),
              "relu": lambda x: max(0.0, x), "abs": abs}
_ENGINE_FUNCTION = {"ln": "log", "sigma": "sigmoid"}
_SUBSCRIPT = re.compile(r"_\{([^{}]*)\}|_([A-Za-z0-9])")
_SUM = re.compile(r"\\sum\s*(?:_\{?\s*([a-z])\s*(?:=\s*(\d+))?\s*\}?)?\s*(?:\^\{?\s*(\w+)\s*\}?)?")


class _Unfit(Exception):
    """The formula cannot be stated at this instance (an unknown name, shapes that do not fit)."""


@dataclass(frozen=True)
class _Scalar:
    text: str
    value: float | None  # on the document's own printed numbers; None when one is not printed


@dataclass(frozen=True)
class _Grid:
    rows: tuple  # tuple of tuples of _Scalar; a vector is one column (or one row when transposed)

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.rows), len(self.rows[0])

    def t(self) -> _Grid:
        return _Grid(tuple(zip(*self.rows)))


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
            if not _refers_to(side, left.base, letters):
                found.setdefault(engine_name(left), []).append(Formula(left.base, letters, side, claim.line))
    return found


def _refers_to(side: str, base: str, letters: str) -> bool:
    """Does the side use its own left side (an update rule w_{ij} ← w_{ij} − η …)?"""
    return re.search(re.escape(base) + r"\s*_\{?\s*" + r",?\s*".join(letters), side) is not None


def instances(formula: Formula, names: list[str], engine_name) -> dict[str, dict[str, int]]:
    """The names that fit the formula's pattern, with the index each letter takes."""
    stem = engine_name(Sym(formula.base, "0" * len(formula.letters)))[:-len(formula.letters)]
    out: dict[str, dict[str, int]] = {}
    for name in names:
        digits = name[len(stem):]
        if name.startswith(stem) and digits.isdigit() and len(digits) == len(formula.letters):
            out[name] = {c: int(d) for c, d in zip(formula.letters, digits)}
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
    return ",".join(parts)


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
    if letter is None or letter in index:
        raise _Unfit("a sum whose index is not named")
    count = _count(body, letter, index, m.group(2), m.group(3), known)
    terms = [_indexed(body, {**index, letter: n}) for n in range(int(m.group(2) or 1), count + 1)]
    expanded = side[:m.start()] + "\\left(" + " + ".join(terms) + "\\right)" + side[end:]
    return _expand_sums(expanded, index, known)


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
    match node:
        case Sym():
            return [node]
        case Neg(x=x) | Group(x=x) | Call(arg=x):
            return _names(x)
        case Sum(terms=ts):
            return [s for _, t in ts for s in _names(t)]
        case Prod(factors=fs) | Vec(items=fs):
            return [s for f in fs for s in _names(f)]
        case Div(num=a, den=b):
            return _names(a) + _names(b)
        case Pow(base=a, exp=Sym(base="T", sub="")):
            return _names(a)
        case Pow(base=a, exp=b):
            return _names(a) + _names(b)
    return []


class Grids:
    """The graph's names as scalars, vectors and matrices: name, name__i, name__i_j."""

    def __init__(self, names, values: dict[str, float], engine_name) -> None:
        self.names = set(names)
        self.values = values
        self.engine_name = engine_name

    def knows(self, sym: Sym) -> bool:
        name = self.engine_name(sym)
        return name in self.names or f"{name}__1" in self.names or f"{name}__1_1" in self.names

    def lookup(self, sym: Sym) -> _Scalar | _Grid:
        name = self.engine_name(sym)
        if name in self.names:
            return self._scalar(name)
        if f"{name}__1" in self.names:
            return _Grid(tuple((self._scalar(n),) for n in self._run(f"{name}__{{}}")))
        if f"{name}__1_1" in self.names:
            rows = self._run(f"{name}__{{}}_1")
            return _Grid(tuple(tuple(self._scalar(n) for n in self._run(f"{name}__{r}_{{}}"))
                               for r in range(1, len(rows) + 1)))
        raise _Unfit(f"{name} is not in the graph")

    def _run(self, pattern: str) -> list[str]:
        out = []
        while pattern.format(len(out) + 1) in self.names:
            out.append(pattern.format(len(out) + 1))
        return out

    def _scalar(self, name: str) -> _Scalar:
        return _Scalar(name, self.values.get(name))


# ---------------------------------------------------------------- expanding a tree element-wise


def expand(node: object, grids: Grids) -> _Scalar | _Grid:
    """The tree as a scalar or a grid of scalar expressions (text and value)."""
    match node:
        case Num(value=v):
            return _Scalar(repr(float(v)), float(v))
        case Sym(base="e", sub=""):
            return _Scalar(repr(math.e), math.e)
        case Sym():
            return grids.lookup(node)
        case Group(x=x):
            return expand(x, grids)
        case Neg(x=x):
            return _elementwise(expand(x, grids), lambda a: _Scalar(f"-({a.text})", _neg(a.value)))
        case Sum(terms=ts):
            total = None
            for sign, term in ts:
                part = expand(term, grids)
                part = part if sign == "+" else _elementwise(part, lambda a: _Scalar(f"-({a.text})",
                                                                                      _neg(a.value)))
                total = part if total is None else _add(total, part)
            return total
        case Prod(factors=fs):
            product = expand(fs[0], grids)
            for f in fs[1:]:
                product = _multiply(product, expand(f, grids))
            return product
        case Div(num=a, den=b):
            den = expand(b, grids)
            if not isinstance(den, _Scalar):
                raise _Unfit("a division by a vector")
            return _elementwise(expand(a, grids), lambda x: _binary(x, den, "/"))
        case Pow(base=a, exp=Sym(base="T", sub="")):
            base = expand(a, grids)
            return base.t() if isinstance(base, _Grid) else base
        case Pow(base=a, exp=b):
            return _power(expand(a, grids), expand(b, grids))
        case Call(name=n, arg=a) if n in _FUNCTIONS:
            return _elementwise(expand(a, grids), lambda x: _call(n, x))
        case Vec(items=items):
            return _stacked([expand(item, grids) for item in items])
    raise _Unfit(f"{type(node).__name__} is not expanded element-wise")


def _neg(v: float | None) -> float | None:
    return None if v is None else -v


def _binary(a: _Scalar, b: _Scalar, op: str) -> _Scalar:
    value = None
    if a.value is not None and b.value is not None:
        try:
            value = {"+": a.value + b.value, "*": a.value * b.value,
                     "/": a.value / b.value if b.value else math.nan}[op]
        except OverflowError:
            value = None
    return _Scalar(f"({a.text}) {op} ({b.text})", value)


def _call(name: str, x: _Scalar) -> _Scalar:
    value = None
    if x.value is not None:
        try:
            value = _FUNCTIONS[name](x.value)
        except (ValueError, OverflowError):
            value = None
    return _Scalar(f"{_ENGINE_FUNCTION.get(name, name)}({x.text})", value)


def _power(base, exponent) -> _Scalar:
    if not isinstance(base, _Scalar) or not isinstance(exponent, _Scalar):
        raise _Unfit("a power of a vector")
    if base.text == repr(math.e):
        return _call("exp", exponent)
    try:
        number = float(exponent.text)
    except ValueError:
        raise _Unfit("a power by a name") from None
    value = None if base.value is None or base.value < 0 else base.value ** number
    return _Scalar(f"({base.text}) ** {number!r}", value)


def _elementwise(x, fn) -> _Scalar | _Grid:
    if isinstance(x, _Scalar):
        return fn(x)
    return _Grid(tuple(tuple(fn(e) for e in row) for row in x.rows))


def _add(a, b) -> _Scalar | _Grid:
    if isinstance(a, _Scalar) and isinstance(b, _Scalar):
        return _binary(a, b, "+")
    if not isinstance(a, _Grid) or not isinstance(b, _Grid):
        raise _Unfit("a scalar added to a vector")
    if a.shape != b.shape and a.shape == b.shape[::-1] and 1 in a.shape:
        b = b.t()  # a row and a column of the same length: both written as lists
    if a.shape != b.shape:
        raise _Unfit("a sum of grids of different shapes")
    return _Grid(tuple(tuple(_binary(x, y, "+") for x, y in zip(ra, rb)) for ra, rb in zip(a.rows, b.rows)))


def _multiply(a, b) -> _Scalar | _Grid:
    if isinstance(a, _Scalar):
        return _elementwise(b, lambda y: _binary(a, y, "*"))
    if isinstance(b, _Scalar):
        return _elementwise(a, lambda x: _binary(x, b, "*"))
    (n, m), (p, q) = a.shape, b.shape
    if m != p and m == 1 and q == 1 and n == p:
        a = a.t()  # two columns: the dot product (q_1 · k_2, s_i h_j)
    (n, m), (p, q) = a.shape, b.shape
    if m != p:
        raise _Unfit(f"a product of a {n}×{m} and a {p}×{q} grid")
    rows = tuple(tuple(_dot([a.rows[r][k] for k in range(m)], [b.rows[k][c] for k in range(m)])
                       for c in range(q)) for r in range(n))
    grid = _Grid(rows)
    return rows[0][0] if grid.shape == (1, 1) else grid


def _dot(xs: list[_Scalar], ys: list[_Scalar]) -> _Scalar:
    terms = [_binary(x, y, "*") for x, y in zip(xs, ys)]
    total = terms[0]
    for term in terms[1:]:
        total = _Scalar(f"{total.text} + {term.text}",
                        None if total.value is None or term.value is None else total.value + term.value)
    return total


def _stacked(parts: list) -> _Grid:
    column = []
    for part in parts:
        if isinstance(part, _Scalar):
            column.append(part)
        elif 1 in part.shape:
            column += [e for row in part.rows for e in row]
        else:
            raise _Unfit("a matrix stacked in a vector")
    return _Grid(tuple((e,) for e in column))


def stated(formula: Formula, index: dict[str, int], grids: Grids) -> _Scalar:
    """The formula at one instance, as one scalar expression."""
    side = re.sub(r"(?:\\[,;:!]|[\s.,;])+$", "", formula.side)  # "…\,." ends a displayed sentence
    side = at_index(side, index, grids.knows)
    try:
        tree = parse_math(re.sub(r";", ",", side))
    except (LatexError, RecursionError) as e:
        raise _Unfit(str(e)) from None
    result = expand(tree, grids)
    if not isinstance(result, _Scalar):
        raise _Unfit("the formula gives a vector, its name a number")
    return result


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


def apply_indexed(found, claims: list, engine_name) -> list[str]:
    """Make every printed instance of an indexed formula a node of ``found`` (an ``Inferred``);
    returns the names made nodes."""
    made: list[str] = []
    shown = printed_results(claims, engine_name)
    for pattern, formulas in indexed_formulas(claims, engine_name).items():
        names = [*found.leaves, *found.nodes]
        fits = instances(formulas[0], [n for n in names if n != pattern], engine_name)
        if not fits or len(fits) > MAX_INSTANCES:
            continue
        grids = Grids(names, found.values, engine_name)
        printed = {name: shown.get(name) or found.printed.get(name) for name in fits}
        choice = chosen(formulas, fits, grids, printed)
        if choice is None:
            continue
        formula, statements = choice
        for name, statement in statements.items():
            if name in found.leaves and not re.search(rf"\b{re.escape(name)}\b", statement.text):
                del found.leaves[name]
                found.nodes[name] = statement.text
                made.append(name)
    if made:
        found.nodes = _in_order(found.nodes)
        found.notes.append(f"{', '.join(made)}: the document's indexed formula at each one's indices")
    return made


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


def _in_order(nodes: dict[str, str]) -> dict[str, str]:
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
