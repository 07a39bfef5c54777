"""Function notation: ``L(w) = w^2 - 4w + 5`` defines L in terms of w; ``L(2) = 1`` evaluates it at 2.

Course notes state a loss as a function of its parameter and then use it two ways: ``L(w)`` is the
loss at the current w (the graph's node L), and ``L(2)`` is the same formula at another point, a
plain arithmetic claim (the body with 2 in w's place). ``f(x)``, ``g(x)``, ``J(w_1, w_2)`` alike.
Only a letter followed by brackets holding symbols (or numbers) reads so; ``\\sigma(z)`` and the
other functions of the expression language keep their meaning.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from nn.check.notation import FUNCTIONS, GREEK
from nn.check.reader.latex import Call, Div, Group, Neg, Num, Pow, Prod, Sum, Sym, Vec
from nn.check.reader.trees import map_leaves, unwrap

__all__ = ["Function", "head", "evaluation", "Functions"]

_NOT_FUNCTIONS = {"sigma", "sigmoid", "exp", "log", "ln", "tanh", "relu", "sqrt", "abs", "max", "min",
                  "softmax", "softplus", "e"}


_LETTERS = frozenset({"f", "g"})  # an activation's letter, or the function a calculus exercise studies


def _calculus(body: object) -> bool:
    """``x^2``, ``(w - 3)^2 + 1``, ``x^2 y + y + 2``: a body of arithmetic on its arguments only (no exp,
    σ, max, no e^{…}), so ``f(x) = x^2`` defines the function f; ``f(z) = \\frac{1}{1+e^{-z}}`` stays
    the activation f."""
    def calls(node: object) -> bool:
        node = unwrap(node)
        if isinstance(node, Call):
            return True
        if isinstance(node, Pow) and unwrap(node.base) in (Sym("e"), Num("e", math.e)):
            return True
        return any(calls(child) for child in _children(node))
    return body is not None and not calls(body)


def _children(node: object) -> tuple[object, ...]:
    if isinstance(node, Sum):
        return tuple(t for _, t in node.terms)
    if isinstance(node, Prod):
        return node.factors
    if isinstance(node, Vec):
        return node.items
    if isinstance(node, Div):
        return (node.num, node.den)
    if isinstance(node, Pow):
        return (node.base, node.exp)
    if isinstance(node, (Neg, Group)):
        return (node.x,)
    return ()


@dataclass(frozen=True)
class Function:
    """``L(w) = body``: its name, its arguments, its body."""

    name: Sym
    arguments: tuple[Sym, ...]
    body: object


def _split(node: object, letters: frozenset[str] = frozenset()) -> tuple[Sym, tuple[object, ...]] | None:
    """``L(w)``, ``f(x)``, ``J(w_1, w_2)``, ``L(2)``: the name and what the brackets hold, else None.
    An activation's letter (f, g) names a function only when it is one of ``letters``."""
    node = unwrap(node)
    if isinstance(node, Call) and "'" not in node.name and node.name not in _NOT_FUNCTIONS:
        name, inside = Sym(node.name), unwrap(node.arg)
    elif (isinstance(node, Prod) and len(node.factors) == 2 and isinstance(node.factors[0], Sym)
          and isinstance(node.factors[1], (Group, Vec))):
        name, inside = node.factors[0], unwrap(node.factors[1])
    else:
        return None
    if name.tag or name.base in GREEK or name.base in _NOT_FUNCTIONS or (
            name.base in FUNCTIONS and name.base not in letters):
        return None
    items = inside.items if isinstance(inside, Vec) else (inside,)
    return name, tuple(unwrap(x) for x in items)


def head(node: object, letters: frozenset[str] = frozenset()) -> Function | None:
    """``L(w)`` as the head of a definition (its arguments all symbols), with no body yet."""
    found = _split(node, letters)
    if found is None or not all(isinstance(x, Sym) and not x.tag for x in found[1]):
        return None
    return Function(found[0], found[1], None)


def evaluation(node: object, letters: frozenset[str] = frozenset()) -> tuple[Sym, tuple[Num, ...]] | None:
    """``L(2)``, ``L(0, 0)``: the function's name and the numbers it is evaluated at, else None."""
    found = _split(node, letters)
    if found is None or not all(isinstance(x, Num) for x in found[1]):
        return None
    return found[0], found[1]


class Functions:
    """The functions a document defines, by name; each evaluated at numbers as an arithmetic tree."""

    def __init__(self) -> None:
        self.by_name: dict[Sym, Function] = {}

    def define(self, lhs: object, body: object) -> Sym | None:
        """Record ``L(w) = body``; the name it defines (L), or None when ``lhs`` is no function head."""
        found = head(lhs, _LETTERS if _calculus(body) else frozenset())
        if found is None:
            return None
        self.by_name[found.name] = Function(found.name, found.arguments, body)  # the latest one holds
        return found.name

    def at(self, node: object) -> object | None:
        """``L(2)`` as the arithmetic of L's body with 2 in w's place; None when it is no such call."""
        found = evaluation(node, frozenset(n.base for n in self.by_name) & _LETTERS)
        if found is None:
            return None
        function = self.by_name.get(found[0])
        if function is None or len(function.arguments) != len(found[1]):
            return None
        values = dict(zip(function.arguments, found[1]))

        def put(leaf: object) -> object:
            return values.get(leaf, leaf) if isinstance(leaf, Sym) else leaf
        filled = map_leaves(function.body, put)
        return Group(filled)
