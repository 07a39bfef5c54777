"""Hand slips the checker's diagnoses (``nn.check.diagnoses``) do not name yet.

Each is an alternative in the checker's sense: it is named only when it reproduces the printed
number under the precision rule. They run on a row the checker left "unexplained":

- ``digit_slip``: the printed digits are the right ones with two neighbours swapped, or one digit
  wrong (not the last one, which is a rounding question);
- ``dropped_path``: a derivative of the root by a node used more than once is the sum over its
  uses; the number is that sum without one of them;
- ``factor_two``: twice or half the right value in an expression exercise (a network's factor 2
  is the checker's own "loss-convention");
- ``carried_into_slope``: an earlier rounded value of a tanh, sigmoid or exp carried on, into the
  values after it (as the checker's "carried" does) and into its own slope too (1 − g² from the
  rounded g), as a hand calculation does.

Merge note: each has the shape of a checker alternative and can move into ``ALTERNATIVES``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from nn.check.checker import Convention, Quantity, Run
from nn.check.example import Example
from nn.check.precision import agrees, short, should_read
from nn.check.report import Cause, CheckRow

__all__ = ["explain", "digit_slip", "dropped_path", "factor_two", "carried_into_slope"]

# An operation whose slope is written with its output y: the slope a hand calculation takes from a
# rounded y.
SLOPE_OF_OUTPUT: dict[str, Callable[[float], float]] = {
    "tanh": lambda y: 1.0 - y * y,
    "sigmoid": lambda y: y * (1.0 - y),
    "exp": lambda y: y,
}


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def digit_slip(row: CheckRow) -> list[Cause]:
    """Two neighbouring digits swapped, or one digit (not the last) wrong, at the printed precision."""
    wrote = row.printed.text.strip().lstrip("≈~ ").replace("−", "-")
    right = should_read(row.printed, row.engine)
    a, b = _digits(wrote).lstrip("0"), _digits(right).lstrip("0")
    if (wrote.startswith("-") != right.startswith("-")) or len(a) != len(b) or a == b or len(a) < 2:
        return []
    wrong = [i for i in range(len(a)) if a[i] != b[i]]
    swapped = (
        len(wrong) == 2
        and wrong[1] == wrong[0] + 1
        and a[wrong[0]] == b[wrong[1]]
        and a[wrong[1]] == b[wrong[0]]
    )
    if swapped:
        return [Cause("digit-slip", f"a digit slip: two digits swapped, {wrote} for {right}")]
    if len(wrong) == 1 and wrong[0] < len(a) - 1:
        return [Cause("digit-slip", f"a digit slip: one digit wrong, {wrote} for {right}")]
    return []


def dropped_path(example: Example, row: CheckRow) -> list[Cause]:
    """dRoot/dnode without one of the node's uses: the chain rule followed along one path only."""
    q = row.quantity
    if getattr(q, "of", None) != example.root or row.number.after:
        return []
    root = example.graph()
    root.backward()
    try:
        nodes = example.named_nodes(_order(root))
        node = nodes.get(q.node)
        if node is None:
            return []
        uses = [
            (c, c.grad * local)
            for c in _order(root)
            for p, local in zip(c.parents, c.local_grads)
            if p is node
        ]
        if len(uses) < 2:
            return []
        for child, through in uses:
            if agrees(row.printed, node.grad - through):
                kept = ", ".join(_name(c) for c, _ in uses if c is not child)
                return [
                    Cause(
                        "dropped-path",
                        f"a path is missing: {q.node} is used by {len(uses)} operations, so "
                        f"d{example.root}/d{q.node} adds up {len(uses)} paths; the number follows only the "
                        f"path through {kept}, not the one through {_name(child)} (it contributes "
                        f"{short(through)})",
                    )
                ]
    finally:
        root.zero_grad()
    return []


def _order(root):
    from autograd import topological_order

    return topological_order(root)


def _name(node) -> str:
    return node.label or f"the {node.op} operation"


def factor_two(example: Example, row: CheckRow) -> list[Cause]:
    if example.kind != "expression" or row.engine == 0.0:
        return []
    for factor, how in ((2.0, "twice"), (0.5, "half")):
        if agrees(row.printed, factor * row.engine):
            return [
                Cause("factor-2", f"off by a factor 2: the number is {how} the right {short(row.engine)}")
            ]
    return []


def carried_into_slope(example: Example, row: CheckRow, earlier: list[CheckRow]) -> list[Cause]:
    """An earlier written value y = f(x) (f: tanh, sigmoid, exp) carried into everything after it and
    into its own slope f'(x), written with y: the number is what the written y gives ("carried" when
    y is the right value rounded, "inherits" when it is wrong)."""
    if row.quantity.of is None:
        return []
    root = example.graph()
    nodes = {n.label: n for n in _order(root) if n.label}
    base = Convention(hidden_deltas=example.rule.hidden_deltas, update_biases=example.rule.update_biases)
    for e in earlier:
        q: Quantity = e.quantity
        node = nodes.get(q.node) if q.of is None and e.number.after == row.number.after else None
        if node is None or node.op not in SLOPE_OF_OUTPUT or not node.parents[0].label:
            continue
        y = float(e.printed.value)
        if y == e.engine:
            continue
        step, slope = e.number.after, SLOPE_OF_OUTPUT[node.op](y)
        convention = replace(
            base, forced=((step, q.node, y),), carried_local=((step, q.node, node.parents[0].label, slope),)
        )
        value = Run(example, convention, example.network.state()).value(row.quantity, row.number.after)
        if not agrees(row.printed, value):
            continue
        into = f"{e.number.name} = {e.printed.value}, carried into its slope too ({short(slope)})"
        if agrees(e.printed, e.engine):  # the right value, rounded
            return [
                Cause(
                    "carried",
                    f"carried from an earlier rounded number: it is what {into} gives, "
                    f"not the exact {short(e.engine)}",
                )
            ]
        return [Cause("inherits", f"inherits the error of the earlier {into}")]
    return []


def explain(example: Example, row: CheckRow, earlier: list[CheckRow] = ()) -> list[Cause]:
    """A wrong row's causes with these slips added: a rounded (or wrong) value carried into its own
    slope wherever no carried number explains the row yet (it may be truncation's look-alike); the
    other slips only where nothing else does."""
    causes = list(row.causes)
    if not {c.kind for c in causes} & {"carried", "inherits"}:
        into_slope = carried_into_slope(example, row, list(earlier))
        causes = into_slope + [c for c in causes if c.kind != "unexplained"] if into_slope else causes
    if [c.kind for c in causes] == ["unexplained"]:
        causes = dropped_path(example, row) or factor_two(example, row) or digit_slip(row) or causes
    return causes
