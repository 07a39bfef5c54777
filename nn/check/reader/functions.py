"""Function notation: ``L(w) = w^2 - 4w + 5`` defines L in terms of w; ``L(2) = 1`` evaluates it at 2.

Course notes state a loss as a function of its parameter and then use it two ways: ``L(w)`` is the
loss at the current w (the graph's node L), and ``L(2)`` is the same formula at another point, a
plain arithmetic claim (the body with 2 in w's place). ``f(x)``, ``g(x)``, ``J(w_1, w_2)`` alike.
Only a letter followed by brackets holding symbols (or numbers) reads so; ``\\sigma(z)`` and the
other functions of the expression language keep their meaning.
"""

from __future__ import annotations

from dataclasses import dataclass

from nn.check.notation import FUNCTIONS, GREEK
from nn.check.reader.latex import Call, Group, Num, Prod, Sym, Vec
from nn.check.reader.trees import map_leaves, unwrap

__all__ = ["Function", "head", "evaluation", "Functions"]

_NOT_FUNCTIONS = {"sigma", "sigmoid", "exp", "log", "ln", "tanh", "relu", "sqrt", "abs", "max", "min",
                  "softmax", "softplus", "e"}


@dataclass(frozen=True)
class Function:
    """``L(w) = body``: its name, its arguments, its body."""

    name: Sym
    arguments: tuple[Sym, ...]
    body: object


def _split(node: object) -> tuple[Sym, tuple[object, ...]] | None:
    """``L(w)``, ``f(x)``, ``J(w_1, w_2)``, ``L(2)``: the name and what the brackets hold, else None."""
    node = unwrap(node)
    if isinstance(node, Call) and "'" not in node.name and node.name not in _NOT_FUNCTIONS:
        name, inside = Sym(node.name), unwrap(node.arg)
    elif (isinstance(node, Prod) and len(node.factors) == 2 and isinstance(node.factors[0], Sym)
          and isinstance(node.factors[1], (Group, Vec))):
        name, inside = node.factors[0], unwrap(node.factors[1])
    else:
        return None
    if name.tag or name.base in GREEK or name.base in FUNCTIONS or name.base in _NOT_FUNCTIONS:
        return None
    items = inside.items if isinstance(inside, Vec) else (inside,)
    return name, tuple(unwrap(x) for x in items)


def head(node: object) -> Function | None:
    """``L(w)`` as the head of a definition (its arguments all symbols), with no body yet."""
    found = _split(node)
    if found is None or not all(isinstance(x, Sym) and not x.tag for x in found[1]):
        return None
    return Function(found[0], found[1], None)


def evaluation(node: object) -> tuple[Sym, tuple[Num, ...]] | None:
    """``L(2)``, ``L(0, 0)``: the function's name and the numbers it is evaluated at, else None."""
    found = _split(node)
    if found is None or not all(isinstance(x, Num) for x in found[1]):
        return None
    return found[0], found[1]


class Functions:
    """The functions a document defines, by name; each evaluated at numbers as an arithmetic tree."""

    def __init__(self) -> None:
        self.by_name: dict[Sym, Function] = {}

    def define(self, lhs: object, body: object) -> Sym | None:
        """Record ``L(w) = body``; the name it defines (L), or None when ``lhs`` is no function head."""
        found = head(lhs)
        if found is None:
            return None
        self.by_name[found.name] = Function(found.name, found.arguments, body)  # the latest one holds
        return found.name

    def at(self, node: object) -> object | None:
        """``L(2)`` as the arithmetic of L's body with 2 in w's place; None when it is no such call."""
        found = evaluation(node)
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
