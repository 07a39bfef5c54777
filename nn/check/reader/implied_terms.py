"""What the numbers of a bare product or update stand for when no formula of the same shape is written.

Lecture notes often skip the symbolic side: ``\\frac{\\partial L}{\\partial w_2} = -4 \\cdot 1 = -4`` (the
chain rule through the one node w_2 feeds, z_2: ∂L/∂z_2 · ∂z_2/∂w_2) and ``w_{new} = 3 - 0.1(-16) =
4.6`` (an update: the weight before the step, the learning rate and ∂L/∂w). The graph read says what
such numbers must be, so each is paired with its quantity, as a written formula would pair it:

- ``chain_meanings``: a derivative of the loss by a node q that feeds exactly one named node c, printed
  as a product of two numbers: they are ∂L/∂c and ∂c/∂q. Their order is the one in which at least one
  of them prints its quantity's value (``1 \\cdot -4`` as readily as ``-4 \\cdot 1``); when neither
  order does, nothing is said (a guess would be a false alarm).
- ``update_meanings``: a parameter after its first step, printed as ``a - b c``: a is the parameter
  before the step, and of b and c the one printing the learning rate is η, the other ∂L/∂q.
"""

from __future__ import annotations

from nn.check.reader.latex import Deriv, Prod, Sum, Sym
from nn.check.reader.steps import near
from nn.check.reader.trees import is_numeric, printed_number, unwrap

__all__ = ["chain_meanings", "update_meanings"]


def _gradient_of(names: object, quantity: str) -> str | None:
    """``dL/dw_2`` → ``w_2`` when it is a derivative of the root by a node of the graph."""
    prefix = f"d{names.root}/d"
    q = quantity[len(prefix):] if quantity.startswith(prefix) else None
    return q if q in names.nodes else None


def _consumers(names: object, q: str) -> list[str]:
    """The named nodes whose formula uses q directly (through unnamed operations only)."""
    found = []
    for name, node in names.nodes.items():
        stack, seen = list(node.parents), set()
        while stack:
            p = stack.pop()
            if id(p) in seen:
                continue
            seen.add(id(p))
            if p.label == q:
                found.append(name)
                break
            if not p.label:
                stack.extend(p.parents)
    return found


def _numbers(node: object) -> list[str] | None:
    node = unwrap(node)
    fs = list(node.factors) if isinstance(node, Prod) else []
    printed = [printed_number(f) for f in fs]
    return printed if len(printed) == 2 and None not in printed else None


def chain_meanings(names: object, quantity: str, node: object) -> list[object] | None:
    """[∂L/∂c, ∂c/∂q] (or the other order) for a product of two printed numbers ``node`` given for
    ``quantity`` = ∂L/∂q, where q feeds the one named node c; None when the shape or the values do not
    say which number is which."""
    q = _gradient_of(names, quantity)
    printed = _numbers(node)
    if q is None or printed is None:
        return None
    consumers = _consumers(names, q)
    if len(consumers) != 1 or consumers[0] == names.root or consumers[0] not in names.grad:
        return None
    c = consumers[0]
    upstream = names.grad[c]
    if upstream == 0 or q not in names.grad:
        return None
    local = names.grad[q] / upstream  # one consumer: ∂L/∂q = ∂L/∂c · ∂c/∂q
    outer, inner = Deriv(Sym(names.root), Sym(c)), Deriv(Sym(c), Sym(q))
    a, b = printed

    def prints(text: str, value: float) -> bool:
        return near(float(text), text, value)
    forward = prints(a, upstream) or prints(b, local)
    backward = prints(a, local) or prints(b, upstream)
    if forward == backward and not (forward and upstream == local):
        return None
    return [outer, inner] if forward else [inner, outer]


def update_meanings(names: object, quantity: str, after: int, node: object, before: int = 0
                    ) -> list[object] | None:
    """[q - η ∂L/∂q] shaped as the printed ``a - b c`` of a parameter ``quantity`` after its first step
    (or after step ``before + 1`` of an iterate: q is then written q_{before}); None when the side has
    another shape or no learning rate is known."""
    node = unwrap(node)
    rate = names.learning_rate
    if after != before + 1 or not rate or quantity not in names.params or not is_numeric(node) \
            or not isinstance(node, Sum) or len(node.terms) != 2:
        return None
    (first_sign, first), (sign, step) = node.terms
    step = unwrap(step)
    if first_sign != "+" or sign != "-" or printed_number(first) is None or not isinstance(step, Prod) \
            or len(step.factors) != 2:
        return None
    printed = [printed_number(f) for f in step.factors]
    if None in printed:
        return None
    parameter = Sym(quantity, str(before)) if before else Sym(quantity)
    eta, gradient = Sym("eta"), Deriv(Sym(names.root), parameter)
    if near(float(printed[0]), printed[0], rate):
        pair = (eta, gradient)
    elif near(float(printed[1]), printed[1], rate):
        pair = (gradient, eta)
    else:
        return None
    return [Sum((("+", parameter), ("-", Prod(pair))))]
