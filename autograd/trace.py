"""Step through the backward pass one node at a time, the way the documents write it.

``backward_steps(root)`` performs exactly the arithmetic of ``root.backward()`` (same nodes, same
order, same ``parent.grad += local * grad`` with the very ``local_grads`` the engine stored) but
stops after every node and hands back a ``Step`` saying what it did::

    step 4  a_o1 = sigmoid(z_o1) = 0.7
            ∂L/∂z_o1 = ∂L/∂a_o1 · a_o1(1−a_o1) = -0.05 · 0.21 = -0.0105

Only operation nodes are steps: a leaf (input, parameter, constant) has no parents, so backward
does nothing at it; leaves appear instead as the final rows of a ``Trace``, with their gradients.

Every node gets a stable name (``node_names``): its label, or ``t1, t2, ...`` for unlabelled
operations and ``c1, c2, ...`` for unlabelled leaves (numbers written in an expression, like
the 2 of ``a * 2``), numbered in topological order, so a trace reads the same on every run.

Also here: ``Stepper`` for the REPL and Jupyter, ``watch`` (records one node's gradient as
backward accumulates it, built on ``Value.register_hook``) and ``forward_text``, the forward graph
as a jaxpr-like listing (``t3 = mul(W31, a_h1)``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from autograd.engine import Value, _run_hooks, propagate_node, start_backward, topological_order
from autograd.ops import op_of

if TYPE_CHECKING:
    from autograd.ops import Op

__all__ = [
    "Step",
    "ChainTerm",
    "Trace",
    "Stepper",
    "Watch",
    "Contribution",
    "UnknownNodeError",
    "backward_steps",
    "trace",
    "watch",
    "node_names",
    "forward_text",
    "format_number",
]

DIGITS = 10  # significant digits shown: enough for every number the documents print


LeafRow = tuple[str, float, float]  # (name, data, grad)


class UnknownNodeError(KeyError):
    """A node name that is not in the graph; the message lists the names that are."""

    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0])


# ---- names and numbers ----------------------------------------------------------------------


def format_number(x: float, digits: int = DIGITS) -> str:
    """``x`` to ``digits`` significant digits, trailing zeros trimmed, no exponent unless tiny.

    The documents write -0.0000505, not -5.05e-05, and -0.0105, not -0.01050000000.
    """
    if x == 0.0:
        return "0"
    if not math.isfinite(x):
        return "nan" if math.isnan(x) else ("inf" if x > 0 else "-inf")
    s = f"{x:.{digits}g}"
    if "e" in s:
        exponent = int(s.split("e")[1])
        if -10 <= exponent < digits:
            s = f"{x:.{digits - 1 - exponent}f}"
    if "." in s and "e" not in s:
        s = s.rstrip("0").rstrip(".")
    return s


def node_names(root: Value) -> dict[Value, str]:
    """A unique, stable name for every node of root's graph, assigned in topological order.

    A node's label if it has one (a repeated label gets ``#2``, ``#3``...); otherwise ``tN`` for an
    operation and ``cN`` for a leaf. Automatic names never take a name a label already uses.
    """
    order = topological_order(root)
    taken = {n.label for n in order if n.label}
    names: dict[Value, str] = {}
    used: set[str] = set()
    counters = {"t": 0, "c": 0}
    for node in order:
        if node.label:
            name, k = node.label, 1
            while name in used:
                k += 1
                name = f"{node.label}#{k}"
        else:
            prefix = "t" if node.parents else "c"
            while True:
                counters[prefix] += 1
                name = f"{prefix}{counters[prefix]}"
                if name not in taken and name not in used:
                    break
        used.add(name)
        names[node] = name
    return names


def _expression(node: Value, names: dict[Value, str]) -> str:
    """How the node was made, as a call: ``mul(W31, a_h1)``, ``pow(t1, 2)``, ``wsum(W31·a_h1, B3)``."""
    return op_of(node).expression([names[q] for q in node.parents], node)


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
        return _markdown_steps([self], self.root_name)


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
            _run_hooks(node, parent, local, contribution)
            terms.append(ChainTerm(parent, names[parent], local, contribution, next(formulas),
                                   uses[parent] > 1 or (accumulate and not parent.parents)))

        propagate_node(node, on_contribution=record)  # the engine's chain rule, step by step
        yield Step(index, node, names[node], node.op, _expression(node, names), node.data, g,
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
            out += ["", _leaf_text(self.leaves, self.root_name)]
        return "\n".join(out)

    def markdown(self) -> str:
        out = _markdown_steps(self.steps, self.root_name)
        if self.leaves is not None:
            out += "\n\n" + _leaf_markdown(self.leaves, self.root_name)
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


def _leaf_text(rows: Sequence[LeafRow], root_name: str, status: Sequence[str] = ()) -> str:
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


def _markdown_steps(steps: Sequence[Step], root_name: str) -> str:
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


def _leaf_markdown(rows: Sequence[LeafRow], root_name: str, status: Sequence[str] = ()) -> str:
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


# ---- the REPL stepper -----------------------------------------------------------------------


class Stepper:
    """Walk a backward pass by hand in the REPL or Jupyter.

    >>> s = Stepper(loss)          # resets the gradients; nothing computed yet
    >>> s.next()                   # take one step and show it
    >>> s.run_until("z_h1")        # take steps through z_h1's (for a leaf: its last contribution)
    >>> s.leaves()                 # the leaves' gradients so far
    >>> s.run(); s.restart()

    Results display themselves (plain text in ``python``/IPython, a table in Jupyter). A name that
    is not in the graph prints a message listing the valid names; nothing changes.
    """

    def __init__(self, root: Value) -> None:
        self.root = root
        self.names = node_names(root)
        self._by_name = {name: node for node, name in self.names.items()}
        order = topological_order(root)
        self._ops = [n for n in reversed(order) if n.parents]
        self._leaves = [n for n in order if not n.parents]
        # the step (1-based) after which each node's gradient is complete
        self._complete_after: dict[Value, int] = {}
        for i, node in enumerate(self._ops, start=1):
            for parent in node.parents:
                self._complete_after[parent] = i
        self.restart()

    # -- state --
    @property
    def position(self) -> int:
        """How many steps have been taken."""
        return len(self.taken)

    @property
    def total(self) -> int:
        return len(self._ops)

    @property
    def done(self) -> bool:
        return self.position == self.total

    @property
    def root_name(self) -> str:
        return self.names[self.root]

    # -- commands --
    def restart(self) -> Stepper:
        """Back to the start: gradients reset, ∂root/∂root = 1, no step taken."""
        self._steps = backward_steps(self.root)
        self.taken: list[Step] = []
        return self

    def next(self, count: int = 1) -> Step | Trace | None:
        """Take one step (or ``count``) and return it for display."""
        if self.done:
            print(self._finished())
            return None
        new = self._take(count)
        return new[0] if count == 1 else Trace(new, self.root_name)

    def run(self) -> Trace:
        """Take all remaining steps."""
        return Trace(self._take(self.total - self.position), self.root_name, self._leaf_rows())

    def run_until(self, name: str | Value) -> Trace | None:
        """Take steps up to and including the named node's step.

        For a leaf (which has no step) run until its last contribution is in, so its ``.grad`` is
        final. An unknown name prints the valid names and takes no step.
        """
        node = self._find(name)
        if node is None:
            return None
        target = self._complete_after.get(node, 0) if not node.parents else self._ops.index(node) + 1
        label = self.names[node]
        if target <= self.position:
            what = f"step {target}" if node.parents else f"its last contribution (step {target})"
            print(f"{label!r} is already done: {what} was taken; restart() to go through it again")
            return None
        return Trace(self._take(target - self.position), self.root_name)

    def leaves(self) -> _Leaves:
        """The leaves' current gradients, and whether each is final yet."""
        status = []
        for leaf in self._leaves:
            last = self._complete_after.get(leaf, 0)
            status.append("final" if last <= self.position else f"pending (complete after step {last})")
        return _Leaves(self._leaf_rows(), self.root_name, status)

    def find(self, name: str) -> Value:
        """The node called ``name``; ``UnknownNodeError`` (listing the names) if there is none."""
        try:
            return self._by_name[name]
        except KeyError:
            raise UnknownNodeError(self._unknown(name)) from None

    # -- helpers --
    def _find(self, name: str | Value) -> Value | None:
        if isinstance(name, Value):
            if name in self.names:
                return name
            print(f"{name!r} is not a node of {self.root_name}'s graph")
            return None
        try:
            return self.find(name)
        except UnknownNodeError as e:
            print(e)
            return None

    def _unknown(self, name: str) -> str:
        ops = ", ".join(self.names[n] for n in self._ops)
        leaves = ", ".join(self.names[n] for n in self._leaves)
        return (
            f"no node named {name!r} in {self.root_name}'s graph.\n"
            f"  operations (in step order): {ops}\n"
            f"  leaves: {leaves}"
        )

    def _take(self, count: int) -> list[Step]:
        new = []
        for _ in range(max(0, count)):
            step = next(self._steps, None)
            if step is None:
                break
            new.append(step)
        self.taken += new
        return new

    def _leaf_rows(self) -> list[LeafRow]:
        return [(self.names[n], n.data, n.grad) for n in self._leaves]

    def _finished(self) -> str:
        return (f"the backward pass of {self.root_name} is complete ({self.total} steps); "
                "restart() to go again")

    def status(self) -> str:
        if self.done:
            return self._finished()
        node = self._ops[self.position]
        return (
            f"Stepper on {self.root_name}: {self.position} of {self.total} steps taken; "
            f"next: {self.names[node]} = {_expression(node, self.names)}\n"
            f"  .next()  .run_until(name)  .run()  .leaves()  .restart()"
        )

    def __repr__(self) -> str:
        last = f"\nlast step:\n{self.taken[-1]}" if self.taken else ""
        return self.status() + last

    def _repr_markdown_(self) -> str:
        last = "\n\n" + _markdown_steps(self.taken[-1:], self.root_name) if self.taken else ""
        return self.status().replace("\n", "  \n") + last


@dataclass
class _Leaves:
    rows: list[LeafRow]
    root_name: str
    status: list[str]

    def __repr__(self) -> str:
        return _leaf_text(self.rows, self.root_name, self.status)

    def _repr_markdown_(self) -> str:
        return _leaf_markdown(self.rows, self.root_name, self.status)


# ---- watching one node ----------------------------------------------------------------------


@dataclass(frozen=True)
class Contribution:
    """One term added to the watched node's gradient: from which child, how much, running total."""

    child: Value
    contribution: float
    grad: float  # the watched node's .grad right after this term was added


class Watch(list):
    """The contributions backward adds to one node's gradient, recorded as they happen.

    A list of ``Contribution``; ``remove()`` (or leaving a ``with`` block) stops recording.
    Records from several ``backward()`` calls accumulate; ``clear()`` empties the list.
    """

    def __init__(self, node: Value) -> None:
        super().__init__()
        self.node = node
        self._remove: Callable[[], None] = node.register_hook(self._record)

    def _record(self, node: Value, child: Value, contribution: float) -> None:
        self.append(Contribution(child, contribution, node.grad))

    def remove(self) -> None:
        self._remove()

    def __enter__(self) -> Watch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.remove()

    def __repr__(self) -> str:
        who = self.node.label or "the watched node"
        if not self:
            return f"watch({who}): no contributions yet (they are recorded by backward())"
        rows = [
            f"  from {c.child.label or f'the {op_of(c.child).name} node'}: {format_number(c.contribution)}"
            f"  → .grad = {format_number(c.grad)}"
            for c in self
        ]
        return f"watch({who}): {len(self)} contributions\n" + "\n".join(rows)


def watch(node: Value) -> Watch:
    """Record every contribution ``backward()`` adds to ``node.grad`` (like PyTorch's retain_grad).

    >>> w = watch(a_h1); loss.backward(); w[-1].grad == a_h1.grad
    True
    """
    return Watch(node)


# ---- the forward graph as text --------------------------------------------------------------


def forward_text(root: Value) -> str:
    """The forward graph in topological order, one line per node, like a JAX jaxpr.

    Leaves first (``W31 = 0.4``), then each operation as a call with its value::

        t3 = mul(W31, a_h1)          # 0.236
    """
    names = node_names(root)
    order = topological_order(root)
    leaves = [n for n in order if not n.parents]
    ops = [n for n in order if n.parents]
    width = max(len(names[n]) for n in order)
    lines = [f"# {len(leaves)} {'leaf' if len(leaves) == 1 else 'leaves'}: inputs, parameters, constants"]
    lines += [f"{names[n]:<{width}} = {format_number(n.data)}" for n in leaves]
    lines.append(f"# {len(ops)} operations, in topological order (backward runs them bottom-up)")
    exprs = [f"{names[n]:<{width}} = {_expression(n, names)}" for n in ops]
    w = max((len(e) for e in exprs), default=0)
    lines += [f"{e:<{w}}  # {format_number(n.data)}" for e, n in zip(exprs, ops, strict=True)]
    return "\n".join(lines)
