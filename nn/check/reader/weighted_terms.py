"""The numbers of an element's formula written out: which input each one stands for.

An element of ``W a + b`` is the engine's weighted sum ``w_1 a_1 + … + w_n a_n + b``; a document
prints it substituted, ``0.1 \\cdot 2.6 + (-0.2) \\cdot 0 + 0.5 \\cdot 2.3`` or
``0.3 \\cdot 1.41 - 0.4 \\cdot 0.20`` (the sign in front, the weight's magnitude after it), the bias
left out when it is 0. ``meanings`` pairs each term with the weight and input of the same place: the
factor that is the weight (its printed value, with the term's sign, is that weight) stands for
itself, and the other factor for the input. A term whose factors do not show the weight is left
unpaired (never guessed), and so is a sum of another length. An element-wise function written on
a number (``\\sigma(0.2)``, ``\\max(0, 2.6)``, ``e^{0.0529}``) pairs that number with its argument.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from autograd import Value
from nn.check.reader.latex import Call, Num, Pow, Prod, Sum, Sym, Vec
from nn.check.reader.trees import printed_number, unwrap

__all__ = ["meanings"]

MAX_TERMS = 10_000  # summands of one element followed at most
_UNPAIRED = Num("?", math.nan)  # a term whose numbers do not show which weight and input they are


def _value(node: object) -> float | None:
    text = printed_number(node)
    return float(text) if text is not None else None


def _is_weight(printed: float, weight: float, sign: str) -> bool:
    signed = -printed if sign == "-" else printed
    return math.isclose(signed, weight, rel_tol=1e-9, abs_tol=1e-12)


def meanings(printed: object, node: Value, name: Callable[[Value], str | None]) -> object | None:
    """A tree of ``printed``'s shape whose numbers stand for the weighted sum ``node``'s inputs
    (``Sym`` of each input's name, ``name(value)``) and weights (the number itself); None when
    ``printed`` is no weighted sum of ``node``'s length."""
    printed = unwrap(printed)
    if _op(node) in _CALLS:
        return _unary(printed, node, name)
    split = _summands(node)
    if split is None or not isinstance(printed, Sum):
        return None
    pairs, bias = split
    terms = list(printed.terms)
    last: list[tuple[str, object]] = []
    if len(terms) == len(pairs) + 1 and bias is not None:
        sign, term = terms.pop()  # the bias, printed last: a number standing for itself
        value = _value(term)
        last = [(sign, term if value is not None and _is_weight(value, bias.data, sign) else _UNPAIRED)]
    elif len(terms) != len(pairs) or (bias is not None and bias.data != 0.0):
        return None
    out = []
    for (sign, term), (weight, x) in zip(terms, pairs):
        out.append((sign, _term(sign, unwrap(term), weight, x, name)))
    return Sum(tuple(out + last))


# An element-wise function's node and the ways a document writes it on one number.
_CALLS = {"sigmoid": {"sigma", "sigmoid", "σ"}, "tanh": {"tanh"}, "relu": {"relu", "ReLU", "max"},
          "exp": {"exp"}}


def _unary(printed: object, node: Value, name: Callable[[Value], str | None]) -> object | None:
    r"""``\sigma(0.2)``, ``\max(0, 2.6)``, ``e^{0.0529}`` printed for σ(z), relu(z), exp(z): the number
    stands for z."""
    op = _op(node)
    x = name(node.parents[0]) if len(node.parents) == 1 else None
    if x is None:
        return None
    if isinstance(printed, Pow) and printed.base == Num("e", math.e) and op == "exp" \
            and printed_number(printed.exp) is not None:
        return Pow(printed.base, Sym(x))
    if not isinstance(printed, Call) or printed.name not in _CALLS[op]:
        return None
    inner = unwrap(printed.arg)
    if printed.name == "max":  # max(0, z)
        zero = isinstance(inner, Vec) and len(inner.items) == 2 and _value(inner.items[0]) == 0.0
        return Call("max", Vec((inner.items[0], Sym(x)))) if zero and _value(inner.items[1]) is not None \
            else None
    return Call(printed.name, Sym(x)) if printed_number(inner) is not None else None


def _op(v: Value) -> str:
    return getattr(v.op, "name", v.op) or ""


def _summands(node: Value) -> tuple[list[tuple[Value, Value]], Value | None] | None:
    """A weighted sum's (weight, input) pairs and its bias (None without one): the engine's ``wsum``
    node, or a chain ``w_1 * x_1 + w_2 * x_2 + b`` of additions; None for anything else."""
    if _op(node) == "wsum":
        parents = list(node.parents)
        return ([(parents[k], parents[k + 1]) for k in range(0, len(parents) - 1, 2)],
                parents[-1] if len(parents) % 2 else None)
    summands: list[Value] = []
    while _op(node) == "add" and len(summands) < MAX_TERMS:
        summands.append(node.parents[1])
        node = node.parents[0]
    summands.append(node)
    summands.reverse()
    bias = summands.pop() if _op(summands[-1]) != "mul" else None
    if len(summands) < 2 or any(_op(v) != "mul" or len(v.parents) != 2 for v in summands):
        return None
    return [(v.parents[0], v.parents[1]) for v in summands], bias


def _term(sign: str, term: object, weight: Value, x: Value, name: Callable[[Value], str | None]) -> object:
    """One term ``w·x`` (or ``x·w``) with the input's factor naming x, the weight's its number."""
    if not isinstance(term, Prod) or len(term.factors) != 2:
        return _UNPAIRED
    a, b = term.factors
    va, vb = _value(a), _value(b)
    if va is None or vb is None or name(x) is None:
        return _UNPAIRED
    if _is_weight(va, weight.data, sign):
        return Prod((a, Sym(name(x))))
    if _is_weight(vb, weight.data, sign):
        return Prod((Sym(name(x)), b))
    return _UNPAIRED
