"""The reader's LaTeX trees: written plainly, their printed numbers, their leaves, their value."""

from __future__ import annotations

import math
import re

from nn.check.notation import ACTIVATIONS, GREEK, NUMERIC_FUNCTIONS
from nn.check.reader.latex import INDEX_LETTERS, Call, Deriv, Div, Group, Neg, Num, Pow, Prod, Sum, Sym, Vec


def plain(node: object) -> str:
    """A tree written plainly, for names and explanations: W31, ∂L/∂W31, -0.0105·0.59."""
    match node:
        case Num(text=t):
            return t
        case Sym(base=b, sub=s, tag=t):
            b = GREEK.get(b, b)
            return f"{b}{'_' + s if s else ''}{' (new)' if t == 'new' else ''}"
        case Deriv(top=a, bottom=b):
            return f"∂{plain(a)}/∂{plain(b)}"
        case Call(name=n, arg=a):
            return f"{n}{plain(a)}"
        case Group(x=x):
            return f"({plain(x)})"
        case Vec(items=xs):
            return "[" + ", ".join(plain(x) for x in xs) + "]"
    return _plain_operation(node)


def _plain_operation(node: object) -> str:
    """-x, a + b, a·b, a/b, a^b, with brackets where precedence needs them."""
    match node:
        case Neg(x=x):
            return f"-{_bracketed(x, (Sum, Neg))}"
        case Sum(terms=ts):
            return "".join((f" {s} " if k else ("-" if s == "-" else "")) + _bracketed(t, (Sum,) if k else ())
                           for k, (s, t) in enumerate(ts))
        case Prod(factors=fs):
            return "·".join(_bracketed(f, (Sum, Neg) if k else (Sum,)) for k, f in enumerate(fs))
        case Div(num=a, den=b):
            return f"{_bracketed(a, (Sum, Neg))}/{_bracketed(b, (Sum, Neg, Prod, Div))}"
        case Pow(base=a, exp=b):
            return f"{_bracketed(a, (Sum, Neg, Prod, Div, Pow))}^{_bracketed(b, (Sum, Prod, Div))}"
    return "?"


def _bracketed(node: object, kinds: tuple[type, ...]) -> str:
    return f"({plain(node)})" if isinstance(node, kinds) else plain(node)


def unwrap(node: object) -> object:
    while isinstance(node, Group):
        node = node.x
    return node


def printed_number(node: object) -> str | None:
    """The number as printed when the tree is one (signed) number: "-0.0105", "5.05e-5"; else None."""
    node = unwrap(node)
    sign = ""
    while isinstance(node, Neg):
        sign = "" if sign else "-"
        node = unwrap(node.x)
    if isinstance(node, Num) and node.text[0] in "0123456789.":
        return sign + node.text
    if isinstance(node, Prod) and len(node.factors) == 2 and isinstance(node.factors[0], Num):
        power = node.factors[1]
        if isinstance(power, Pow) and power.base == Num("10", 10.0):
            exp = printed_number(power.exp)
            if exp is not None and re.fullmatch(r"-?\d+", exp):
                return f"{sign}{node.factors[0].text}e{exp}"
    return None


def leaves(node: object) -> list[object]:
    """The numbers and quantity references of a tree, left to right."""
    match node:
        case Num() | Sym() | Deriv():
            return [node]
        case Call(name=n, arg=a):
            return [node] if n.rstrip("'") in ("f", "g", "sigma", "sigmoid") and quantity_call(node) else \
                leaves(a)
        case Neg(x=x) | Group(x=x):
            return leaves(x)
        case Sum(terms=ts):
            return [leaf for _, t in ts for leaf in leaves(t)]
        case Prod(factors=fs) | Vec(items=fs):
            return [leaf for f in fs for leaf in leaves(f)]
        case Div(num=a, den=b) | Pow(base=a, exp=b):
            return leaves(a) + leaves(b)
    return []


def numbers(node: object) -> list[object]:
    """The printed numbers of a numeric tree, each with its sign: -0.0105·0.59 → [-0.0105, 0.59].

    Whole numbers written without a decimal point (the 1 of 1 − a, the ½ of ½(y − ŷ)²) and
    exponents are the formula's constants, not numbers it claims.
    """
    return [n for n in operands(node) if "." in (text := printed_number(n) or "") or "e" in text]


def operands(node: object) -> list[object]:
    """The printed numbers of a numeric tree with its sign, whole numbers included (``3 \\cdot 2`` →
    [3, 2]); exponents left out (the 2 of ``(0.5)^2``)."""
    node = unwrap(node)
    if printed_number(node) is not None:
        return [node]
    match node:
        case Neg(x=x) | Call(arg=x) | Pow(base=x):
            return operands(x)
        case Sum(terms=ts):
            return [n for _, t in ts for n in operands(t)]
        case Prod(factors=fs) | Vec(items=fs):
            return [n for f in fs for n in operands(f)]
        case Div(num=a, den=b):
            return operands(a) + operands(b)
    return []


def is_reference(node: object) -> bool:
    """Does the tree name one quantity (a symbol, a derivative, f(z))?"""
    node = unwrap(node)
    return isinstance(node, (Sym, Deriv)) or (isinstance(node, Call) and quantity_call(node))


def quantity_call(node: Call) -> bool:
    """f(z_o), f'(z_o), σ(z): an activation of one symbol names a quantity (a node, its slope)."""
    return node.name.rstrip("'") in ACTIVATIONS and isinstance(unwrap(node.arg), Sym)


def is_numeric(node: object) -> bool:
    return all(isinstance(leaf, Num) for leaf in leaves(node))


def evaluate(node: object, env, calls: bool = False) -> float:
    """The tree's value; ``env(leaf)`` gives a quantity's value (or raises KeyError). ``calls``: σ(z)
    is σ of z's value, not the quantity it names. A power beyond a float's range raises
    OverflowError before it is computed: ``9^9^9^9`` is never evaluated as a tower."""
    match node:
        case Num(value=v):
            return v
        case Sym() | Deriv():
            return env(node)
        case Call(name="max" | "min" as n, arg=Vec(items=xs)) if len(xs) > 1:  # \max(0, z): a ReLU
            return (max if n == "max" else min)(evaluate(x, env, calls) for x in xs)
        case Call(name=n, arg=a):
            if n in NUMERIC_FUNCTIONS and (calls or not quantity_call(node)):
                return NUMERIC_FUNCTIONS[n](evaluate(a, env, calls))
            return env(node)
        case Neg(x=x):
            return -evaluate(x, env, calls)
        case Group(x=x):
            return evaluate(x, env, calls)
        case Sum(terms=ts):
            return sum(evaluate(t, env, calls) * (-1.0 if s == "-" else 1.0) for s, t in ts)
        case Prod(factors=fs):
            return math.prod(evaluate(f, env, calls) for f in fs)
        case Div(num=a, den=b):
            return evaluate(a, env, calls) / evaluate(b, env, calls)
        case Pow(base=a, exp=b):
            return _power(evaluate(a, env, calls), evaluate(b, env, calls))
    raise KeyError(plain(node))


def _power(base: float, exponent: float) -> float:
    if abs(exponent) > 1024 or (abs(base) > 1 and abs(exponent) * math.log2(abs(base)) > 1024):
        raise OverflowError("a power beyond a float's range")
    if base < 0 and not float(exponent).is_integer():
        raise ValueError("a negative number to a fractional power")
    return base ** exponent


def factors(node: object) -> list[object]:
    """The top-level factors of one side: -(0.75 - 0.70)·0.70(1 - 0.70) → [-(…), 0.70, (1 - 0.70)]."""
    node = unwrap(node)
    return list(node.factors) if isinstance(node, Prod) else [node]



def map_leaves(node: object, fn) -> object:
    """The tree with every symbol, derivative and f(z) replaced by ``fn(leaf)``; brackets dropped."""
    match node:
        case Sym() | Deriv():
            return fn(node)
        case Call(name=n, arg=a):
            return fn(node) if quantity_call(node) else Call(n, map_leaves(a, fn))
        case Neg(x=x):
            return Neg(map_leaves(x, fn))
        case Group(x=x):
            return map_leaves(x, fn)
        case Sum(terms=ts):
            return Sum(tuple((s, map_leaves(t, fn)) for s, t in ts))
        case Prod(factors=fs):
            return Prod(tuple(map_leaves(f, fn) for f in fs))
        case Div(num=a, den=b):
            return Div(map_leaves(a, fn), map_leaves(b, fn))
        case Pow(base=a, exp=b):
            return Pow(map_leaves(a, fn), map_leaves(b, fn))
        case Vec(items=xs):
            return Vec(tuple(map_leaves(x, fn) for x in xs))
    return node


def with_index(node: object, idx: dict[str, int]) -> object:
    """A general formula's tree at one index: w_{oi} with i = 2 → w_{o2}."""
    def fill(leaf: object) -> object:
        match leaf:
            case Sym(base=b, sub=s, tag=t):
                return Sym(b, "".join(str(idx.get(c, c)) for c in s), t)
            case Deriv(top=a, bottom=b):
                return Deriv(fill(a), fill(b))
            case Call(name=n, arg=a):
                return Call(n, Group(map_leaves(a, fill)))
        return leaf
    return map_leaves(node, fill)


def index_letters(node: object) -> set[str]:
    letters: set[str] = set()

    def collect(leaf: object) -> object:
        match leaf:
            case Sym(sub=s):
                letters.update(c for c in s if c in INDEX_LETTERS)
            case Deriv(top=a, bottom=b):
                collect(a)
                collect(b)
            case Call(arg=a):
                map_leaves(a, collect)
        return leaf
    map_leaves(node, collect)
    return letters


def pair_numbers(number: object, meaning: object | None, out: list[tuple[object, object | None]]) -> None:
    """Pair the printed numbers of ``number`` with what they stand for in ``meaning``, as far as the
    two trees have the same shape (brackets aside)."""
    n = unwrap(number)
    m = unwrap(meaning) if meaning is not None else None
    if isinstance(n, Neg) and isinstance(m, Neg) and is_reference(m.x):  # e^{-0.3775}, e^{-net_{h1}}
        pair_numbers(n.x, m.x, out)
        return
    if printed_number(n) is not None:
        out.append((n, m))
        return
    match n, m:
        case Neg(x=a), Neg(x=b):
            pair_numbers(a, b, out)
        case Sum(terms=ts), Sum(terms=us) if [s for s, _ in ts] == [s for s, _ in us]:
            for (_, a), (_, b) in zip(ts, us):
                pair_numbers(a, b, out)
        case Sum(terms=ts), Sum(terms=us) if _signs_moved_out(ts, us):  # + (-0.4)·0.43 = … - 0.17 …
            for (s, a), (t, b) in zip(ts, us):
                pair_numbers(a, b if s == t else Neg(b), out)
        case Prod(factors=fs), Prod(factors=gs) if len(fs) == len(gs):
            for a, b in zip(fs, gs):
                pair_numbers(a, b, out)
        case (Div(num=a1, den=b1), Div(num=a2, den=b2)) | (Pow(base=a1, exp=b1), Pow(base=a2, exp=b2)):
            pair_numbers(a1, a2, out)
            pair_numbers(b1, b2, out)
        case Call(name=f, arg=a), Call(name=g, arg=b) if f == g:
            pair_numbers(a, b, out)
        case Vec(items=xs), Vec(items=ys) if len(xs) == len(ys):  # [e^{-1.9}, e^0] ≈ [0.149, 1.0]
            for a, b in zip(xs, ys):
                pair_numbers(a, b, out)


def _signs_moved_out(ts: tuple, us: tuple) -> bool:
    """Two sums of as many terms whose signs differ only where a term of ``us`` is a product with a
    negative factor, printed evaluated with its sign in front: ``0.6·0.65 + (-0.4)·0.43`` written
    ``0.39 - 0.17``."""
    return len(ts) == len(us) and any(s != t for (s, _), (t, _) in zip(ts, us)) and all(
        s == t or _negative_product(b) for (s, _), (t, b) in zip(ts, us))


def _negative_product(node: object) -> bool:
    """A product of printed numbers with an odd number of negative factors (``(-0.4) \\cdot 0.43``)."""
    node = unwrap(node)
    if not isinstance(node, Prod):
        return False
    negative = [isinstance(unwrap(f), Neg) and printed_number(unwrap(f).x) is not None for f in node.factors]
    return sum(negative) % 2 == 1 and all(neg or printed_number(f) is not None
                                          for neg, f in zip(negative, node.factors))


class _NotElementwise(Exception):
    pass


def element_at(node: object, n: int, c: int) -> object:
    """Element c of a side written over lists of n numbers (``[-0.8, 1.1, 0.1] - 1.1``, ``\\exp([…])``):
    every list replaced by its item c, scalars repeated. Raises ValueError when a list of another
    length is in it, or a list is an argument of max, min or a sum (not element by element)."""
    match node:
        case Vec(items=xs) if len(xs) == n and not any(_has_list(x) for x in xs):
            return Group(xs[c])
        case Vec():
            raise _NotElementwise("a list of another length, or of lists")
        case Call(name=name, arg=a) if name in ("max", "min", "sum", "mean") and _has_list(a):
            raise _NotElementwise(f"a list reduced by {name}")
        case Call(name=name, arg=a):
            return Call(name, element_at(a, n, c))
        case Neg(x=x):
            return Neg(element_at(x, n, c))
        case Group(x=x):
            return Group(element_at(x, n, c))
        case Sum(terms=ts):
            return Sum(tuple((s, element_at(t, n, c)) for s, t in ts))
        case Prod(factors=fs) if sum(_has_list(f) for f in fs) > 1:
            raise _NotElementwise("a product of lists: a dot or matrix product")
        case Prod(factors=fs):
            return Prod(tuple(element_at(f, n, c) for f in fs))
        case Div(num=a, den=b):
            return Div(element_at(a, n, c), element_at(b, n, c))
        case Pow(base=a, exp=b):
            return Pow(element_at(a, n, c), element_at(b, n, c))
    return node


def _has_list(node: object) -> bool:
    return isinstance(node, Vec) or any(_has_list(x) for x in _children(node))


def _children(node: object) -> tuple:
    match node:
        case Neg(x=x) | Group(x=x) | Call(arg=x):
            return (x,)
        case Sum(terms=ts):
            return tuple(t for _, t in ts)
        case Prod(factors=fs) | Vec(items=fs):
            return tuple(fs)
        case Div(num=a, den=b) | Pow(base=a, exp=b):
            return (a, b)
    return ()


def elementwise(before: object, after: object) -> list[tuple[object, object]] | None:
    """``[-0.8, 1.1, 0.1] - 1.1 = [-1.9, 0, -1.0]``: the side before, element by element, paired with
    each item of the list after it; None when ``after`` is no list or ``before`` is not a side over
    lists of its length (a list itself is paired item by item elsewhere)."""
    after = unwrap(after)
    if not isinstance(after, Vec) or isinstance(unwrap(before), Vec) or not _has_list(before):
        return None
    n = len(after.items)
    try:
        return [(element_at(before, n, c), after.items[c]) for c in range(n)]
    except (_NotElementwise, RecursionError):
        return None
