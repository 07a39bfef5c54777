"""Step through the backward pass one node at a time, the way the documents write it.

``backward_steps(root)`` performs exactly the arithmetic of ``root.backward()`` (same nodes, same
order, same ``parent.grad += local * grad`` with the very ``local_grads`` the engine stored) but
stops after every node and hands back a ``Step`` saying what it did::

    step 4  a_o1 = sigmoid(z_o1) = 0.7
            ∂L/∂z_o1 = ∂L/∂a_o1 · a_o1(1−a_o1) = -0.05 · 0.21 = -0.0105

Only operation nodes are steps: a leaf (input, parameter, constant) has no parents, so backward
does nothing at it; leaves appear instead as the final rows of a ``Trace``, with their gradients.

``trace(root)`` is the whole pass as one table (text, Markdown, JSON). The REPL ``Stepper`` is in
``autograd.stepper``, ``watch`` in ``autograd.watching``, the forward listing in ``autograd.listing``,
node names and number formatting in ``autograd.naming``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from autograd.engine import Value, propagate_node, run_hooks, start_backward, topological_order
from autograd.naming import expression, format_number, node_names
from autograd.ops import op_of

if TYPE_CHECKING:
    from autograd.ops import Op

__all__ = [
    "Step",
    "ChainTerm",
    "Trace",
    "UnknownNodeError",
    "backward_steps",
    "trace",
]

LeafRow = tuple[str, float, float]  # (name, data, grad)


class UnknownNodeError(KeyError):
    """A node name that is not in the graph; the message lists the names that are."""

    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0])


def _local_formulas(node: Value, names: dict[Value, str]) -> tuple[str, ...]:
    """The local derivative ∂node/∂parent of each parent, as a formula in the nodes' names."""
    return op_of(node).formulas([names[q] for q in node.parents], names[node], node)


def _factor(formula: str) -> str:
    """The formula as a factor of a product: ``1−a²`` becomes ``(1−a²)``; ``a(1−a)`` stays.

    A sum or difference at the top level (outside parentheses and brackets, not a leading sign)
    needs parentheses after ``∂L/∂a ·``, else it reads as (∂L/∂a · 1) − a².
    """
    depth = 0
    for i, ch in enumerate(formula):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif depth == 0 and i > 0 and ch in "+−-" and formula[i - 1] not in "^·*/e":
            return f"({formula})"
    return formula


# ---- steps ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainTerm:
    """One parent's share of a step: ``∂L/∂parent (+)= ∂L/∂node · local = contribution``."""

    node: Value
    name: str
    local: float  # ∂node/∂parent, read from node.local_grads
    contribution: float  # local * (the node's gradient), added to parent.grad
    formula: str  # the local derivative in the nodes' names, e.g. "a_o1(1−a_o1)"
    accumulates: bool  # True if the parent also gets other contributions ("+="), else "="


@dataclass(frozen=True)
class Step:
    """What backward did at one node: its complete gradient times each local derivative."""

    index: int  # 1-based position in the backward pass
    node: Value
    name: str
    op: Op  # the operation's entry in the table (autograd.ops): op.name, op.params
    expression: str  # "sigmoid(z_o1)"
    data: float
    grad: float  # ∂root/∂node, complete by the time its step is taken
    terms: tuple[ChainTerm, ...]
    root_name: str = "L"

    def lines(self) -> list[list[str]]:
        """One row per parent: [lhs, "=" or "+=", symbolic product, numeric product, result]."""
        d = f"∂{self.root_name}/∂"
        g = format_number(self.grad)
        return [
            [
                f"{d}{t.name}",
                "+=" if t.accumulates else "=",
                f"{d}{self.name} · {_factor(t.formula)}",
                f"{g} · {format_number(t.local)}",
                format_number(t.contribution),
            ]
            for t in self.terms
        ]

    def heading(self) -> str:
        return f"step {self.index}  {self.name} = {self.expression} = {format_number(self.data)}"

    def text(self, widths: Sequence[int] | None = None, indent: int = 8) -> str:
        rows = self.lines()
        widths = widths or _widths(rows)
        return "\n".join([self.heading()] + [" " * indent + _row(r, widths) for r in rows])

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "step": self.index,
            "node": self.name,
            "op": self.op.name,
        }
        if "n" in self.op.params:
            out["exponent"] = _json_number(self.op.params["n"])
        out |= {
            "data": _json_number(self.data),
            "grad": _json_number(self.grad),
            "parents": [
                {
                    "node": t.name,
                    "local": _json_number(t.local),
                    "contribution": _json_number(t.contribution),
                }
                for t in self.terms
            ],
        }
        return out

    def __str__(self) -> str:
        return self.text()

    __repr__ = __str__  # the REPL shows a step as the block a learner wants to read

    def _repr_markdown_(self) -> str:
        return markdown_steps([self], self.root_name)


def _widths(rows: Sequence[Sequence[str]]) -> list[int]:
    return [max((len(r[i]) for r in rows), default=0) for i in range(5)]


def _row(r: Sequence[str], w: Sequence[int]) -> str:
    lhs, eq, formula, numbers, result = r
    return (
        f"{lhs:<{w[0]}} {eq:>2} {formula:<{w[2]}} = {numbers:<{w[3]}} = {result}"
    ).rstrip()


def _json_number(x: float) -> float | str:
    """JSON has no inf or nan: those become the strings "inf", "-inf", "nan"."""
    return x if math.isfinite(x) else format_number(x)


def backward_steps(root: Value, accumulate: bool = False) -> Iterator[Step]:
    """Run ``root.backward(accumulate)`` one node at a time, yielding a ``Step`` per node.

    The gradients are reset (exactly as ``backward`` resets them) when this is *called*; each step
    is applied to the parents' ``.grad`` before it is yielded, so after consuming all steps every
    ``.grad`` equals what ``backward`` gives, bit for bit. Leaves are not steps (backward does
    nothing at a node without parents). Hooks registered with ``register_hook`` (and ``watch``)
    fire here too, as each contribution is applied.
    """
    order = start_backward(root, accumulate)
    names = node_names(root)
    uses: dict[Value, int] = {}
    for node in order:
        for parent in node.parents:
            uses[parent] = uses.get(parent, 0) + 1
    return _steps(order, names, uses, accumulate, names[root])


def _steps(
    order: list[Value], names: dict[Value, str], uses: dict[Value, int], accumulate: bool, root_name: str
) -> Iterator[Step]:
    index = 0
    for node in reversed(order):
        if not node.parents:
            continue
        index += 1
        g = node.grad
        formulas = iter(_local_formulas(node, names))
        terms: list[ChainTerm] = []

        def record(node: Value, parent: Value, local: float, contribution: float,
                   terms: list[ChainTerm] = terms, formulas: Iterator[str] = formulas) -> None:
            run_hooks(node, parent, local, contribution)
            terms.append(ChainTerm(parent, names[parent], local, contribution, next(formulas),
                                   uses[parent] > 1 or (accumulate and not parent.parents)))

        propagate_node(node, on_contribution=record)  # the engine's chain rule, step by step
        yield Step(index, node, names[node], node.op, expression(node, names), node.data, g,
                   tuple(terms), root_name)


# ---- whole traces ---------------------------------------------------------------------------


@dataclass
class Trace:
    """Steps of a backward pass (all of them, or the ones a Stepper just took) as one table.

    ``leaves``: (name, data, grad) rows shown after the steps; ``None`` to show none.
    """

    steps: list[Step]
    root_name: str = "L"
    leaves: list[LeafRow] | None = None

    def text(self) -> str:
        rows = [r for s in self.steps for r in s.lines()]
        widths = _widths(rows)
        out = [s.text(widths) for s in self.steps]
        if not self.steps:
            out.append("(no steps)")
        if self.leaves is not None:
            out += ["", leaf_text(self.leaves, self.root_name)]
        return "\n".join(out)

    def markdown(self) -> str:
        out = markdown_steps(self.steps, self.root_name)
        if self.leaves is not None:
            out += "\n\n" + leaf_markdown(self.leaves, self.root_name)
        return out

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"root": self.root_name, "steps": [s.to_dict() for s in self.steps]}
        if self.leaves is not None:
            out["leaves"] = [
                {"node": n, "data": _json_number(d), "grad": _json_number(g)} for n, d, g in self.leaves
            ]
        return out

    def json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False)

    def __len__(self) -> int:
        return len(self.steps)

    def __getitem__(self, i: int) -> Step:
        return self.steps[i]

    def __iter__(self) -> Iterator[Step]:
        return iter(self.steps)

    def step(self, name: str) -> Step:
        """The step of the node called ``name``."""
        for s in self.steps:
            if s.name == name:
                return s
        raise UnknownNodeError(
            f"no step for a node named {name!r}; steps are for: {', '.join(s.name for s in self.steps)}"
        )

    def __str__(self) -> str:
        return self.text()

    __repr__ = __str__

    def _repr_markdown_(self) -> str:
        return self.markdown()


def _leaf_rows(root: Value, names: dict[Value, str]) -> list[LeafRow]:
    return [(names[n], n.data, n.grad) for n in topological_order(root) if not n.parents]


def leaf_text(rows: Sequence[LeafRow], root_name: str, status: Sequence[str] = ()) -> str:
    head = ["leaf", "value", f"∂{root_name}/∂leaf"] + (["status"] if status else [])
    table = [[n, format_number(d), format_number(g)] for n, d, g in rows]
    if status:
        table = [r + [s] for r, s in zip(table, status, strict=True)]
    w = [max(len(r[i]) for r in [head, *table]) for i in range(len(head))]

    def line(r: list[str]) -> str:
        cells = [f"{c:>{w[i]}}" if i in (1, 2) else f"{c:<{w[i]}}" for i, c in enumerate(r)]
        return "  ".join(cells).rstrip()

    return "\n".join([line(head), "  ".join("-" * x for x in w)] + [line(r) for r in table])


def _md(s: str) -> str:
    return "`" + s.replace("|", "\\|") + "`"


def markdown_steps(steps: Sequence[Step], root_name: str) -> str:
    d = f"∂{root_name}/∂"
    out = [
        f"| step | node | value | {d}node | chain rule for each parent | contribution |",
        "|---:|---|---:|---:|---|---:|",
    ]
    for s in steps:
        for i, (lhs, eq, formula, numbers, result) in enumerate(s.lines()):
            first = i == 0
            out.append(
                "| "
                + " | ".join(
                    [
                        str(s.index) if first else "",
                        _md(f"{s.name} = {s.expression}") if first else "",
                        format_number(s.data) if first else "",
                        format_number(s.grad) if first else "",
                        _md(f"{lhs} {eq} {formula} = {numbers}"),
                        result,
                    ]
                )
                + " |"
            )
    return "\n".join(out)


def leaf_markdown(rows: Sequence[LeafRow], root_name: str, status: Sequence[str] = ()) -> str:
    out = [f"| leaf | value | ∂{root_name}/∂leaf |" + (" status |" if status else ""),
           "|---|---:|---:|" + ("---|" if status else "")]
    for i, (n, d, g) in enumerate(rows):
        row = f"| {_md(n)} | {format_number(d)} | {format_number(g)} |"
        out.append(row + (f" {status[i]} |" if status else ""))
    return "\n".join(out)


def trace(root: Value) -> Trace:
    """The whole backward pass of ``root`` (gradients left as ``backward()`` leaves them)."""
    names = node_names(root)
    steps = list(backward_steps(root))
    return Trace(steps, names[root], _leaf_rows(root, names))
