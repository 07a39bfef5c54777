"""A worked example: a network, its data, its training settings and a document's printed numbers.

The model the loader (``nn/check/files.py``) builds and the checker reads; ``ExampleError`` is what
a file that cannot be used raises, with structured fields.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autograd import Value, topological_order
from nn.check.expressions import ExpressionGraph
from nn.check.formula_text import FormulaEntry
from nn.losses import loss_graph
from nn.module import Module
from nn.networks import NAME_TABLE, DocumentNetwork, SharedBiasNetwork

__all__ = ["Example", "ExampleError", "DocumentNumber", "UpdateRule", "printable", "row_reason"]


class ExampleError(ValueError):
    """A worked-example file that cannot be used; the message names the file and the key.

    The fields say the same in parts, for a program (the document reader) to act on without
    reading the message: ``where`` (the file), ``table`` ("document", "formula", "training"...),
    ``index`` (the 1-based row of a ``[[table]]``), ``key``, ``line`` and ``reason`` (the message
    without its location). Each is None when the error is not about one.
    """

    def __init__(self, message: str, *, where: str | None = None, table: str | None = None,
                 index: int | None = None, key: str | None = None, line: int | None = None,
                 reason: str | None = None, onward: bool = False) -> None:
        super().__init__(message)
        self.where, self.table, self.index, self.key, self.line = where, table, index, key, line
        self.onward = onward  # the reason holds for row ``index`` and every row after it (a budget)
        self.reason = reason if reason is not None else message


def row_reason(message: str, table: str, index: int | None) -> str:
    """``message`` without the row label it starts with (``[[document]] #2``); the row's own name in
    parentheses, when the message gives one, stays: ``(dL/dw): kind = ...``."""
    label = f"[[{table}]] #{index}"
    if index is None or not message.startswith(label):
        return message
    return message[len(label):].removeprefix(":").lstrip()


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text from a file, safe to print on a terminal: control characters (ANSI escape
    sequences start with one) are shown as \\x1b instead of being sent."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


@dataclass(frozen=True)
class UpdateRule:
    """How the document updates its parameters.

    ``hidden_deltas``: "old_weights" (correct: every δ of one step uses the weights before that
    step) or "updated_weights" (each layer is updated before the δs of the layer below are
    computed with its new weights, as some documents do on their way back). ``update_biases``:
    whether the step changes the biases (Mazur-style tutorials leave them alone).
    ``iterations``: how many update steps the document carries out.
    """

    hidden_deltas: str = "old_weights"
    update_biases: bool = True
    iterations: int = 1
    momentum: float = 0.0  # v ← μ·v + dL/dθ, θ ← θ − η·v (PyTorch's SGD); 0: plain SGD


@dataclass(frozen=True)
class DocumentNumber:
    """One number the document prints: ``value`` exactly as printed, so its precision is known."""

    name: str
    value: str
    kind: str
    quantity: str
    after: int = 0
    note: str = ""
    index: int = 0  # 1-based position among the file's [[document]] tables
    line: int | None = None  # of its value
    lines: dict[str, int] = field(default_factory=dict, compare=False)  # of each key, for messages
    source: str = ""  # where it comes from, for reports: "line 12", "README.md:40"


@dataclass
class Example:
    """A worked example ready to run: ``example.loss()`` builds a fresh graph and returns L."""

    name: str
    title: str
    network: Module
    inputs: list[float]
    targets: list[float]
    loss_name: str
    learning_rate: float
    assumptions: list[str] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None
    rule: UpdateRule = field(default_factory=UpdateRule)
    document: list[DocumentNumber] = field(default_factory=list)
    where: str = "the example"
    kind: str = "document"
    samples: list[tuple[list[float], list[float]]] | None = None  # a batch; None: one sample
    reduction: str = "mean"
    source: str = ""
    formulas: list[FormulaEntry] = field(default_factory=list)  # [[formula]] entries
    batch_size: int | None = None  # samples per update step; None: all of them

    @property
    def steps_per_epoch(self) -> int:
        """Update steps in one pass over the samples (1 without a batch or with full batches)."""
        if not self.samples or not self.batch_size:
            return 1
        return -(-len(self.samples) // self.batch_size)

    def batch_of(self, step: int) -> list[int]:
        """The 1-based numbers of the samples step ``step`` (0-based) computes with."""
        if not self.samples:
            return []
        size = self.batch_size or len(self.samples)
        first = step % self.steps_per_epoch * size
        return list(range(first + 1, min(first + size, len(self.samples)) + 1))

    @property
    def is_expression(self) -> bool:
        """A ``kind = "expression"`` example: a graph of named nodes, no network and no data inputs."""
        return isinstance(self.network, ExpressionGraph)

    @property
    def root(self) -> str:
        """The label of the node backward starts from: ``L``, or an expression's root."""
        return self.network.root if isinstance(self.network, ExpressionGraph) else "L"

    def input_values(self) -> list[Value]:
        return [Value(x, f"x{i + 1}") for i, x in enumerate(self.inputs)]

    def output(self) -> Value | list[Value]:
        return self.network(self.input_values())

    def outputs(self) -> list[str]:
        """What backward can start from: ``["L"]``, or an expression's root then its other outputs."""
        return self.network.outputs() if isinstance(self.network, ExpressionGraph) else [self.root]

    def loss(self, step: int = 0, shifts: Sequence[float] | None = None) -> Value:
        """A fresh graph; its root (the loss L, or an expression's root node). ``step`` chooses the
        mini-batch when the samples are split into several (``batch_size``). ``shifts``: for
        cross-entropy, each sample's softmax shift given (default: its largest output, read from
        the data), as ``stepgrad code`` passes them to write the step as code."""
        if isinstance(self.network, ExpressionGraph):
            return self.network.build()
        if self.samples is None:
            return loss_graph(self.loss_name, self.output(), self.targets, shifts[0] if shifts else None)
        return self._batch_loss(self.batch_of(step), shifts)

    graph = loss

    def named_nodes(self, order: list[Value]) -> dict[str, Value]:
        """The labelled nodes of a graph just built (``order``: its root's topological order);
        for an expression, also the named nodes the root does not depend on."""
        nodes = {node.label: node for node in order if node.label}
        if isinstance(self.network, ExpressionGraph):
            nodes = self.network.last | nodes
        return nodes

    def _batch_loss(self, batch: list[int], shifts: Sequence[float] | None = None) -> Value:
        """Σ or mean over the samples of each one's loss; sample s's nodes are labelled ``a_o1[s]``."""
        params = set(self.network.parameters())
        losses = []
        for k, s in enumerate(batch):
            x, y = (self.samples or [])[s - 1]
            out = self.network([Value(v, f"x{i + 1}") for i, v in enumerate(x)])
            loss = loss_graph(self.loss_name, out, y, shifts[k] if shifts else None)
            for node in topological_order(loss):
                if node.label and node not in params and not node.label.endswith("]"):
                    node.label = f"{node.label}[{s}]"
            losses.append(loss)
        total = losses[0]
        for loss in losses[1:]:
            total = total + loss
        if self.reduction == "mean" and len(losses) > 1:
            total = total * (1.0 / len(losses))
        return total.named("L") if total is not losses[0] else (total * 1.0).named("L")

    def assumption_lines(self, markdown: bool = False) -> list[str]:
        """What the loader assumed, for the top of every report (none: an empty list)."""
        if not self.assumptions:
            return []
        if markdown:
            return ["Assumed (the example does not give these):", "", *[f"- {a}" for a in self.assumptions]]
        return ["Assumed (the example does not give these):", *[f"  - {a}" for a in self.assumptions]]

    def header_lines(self) -> list[str]:
        """The title, then the assumptions, each followed by a blank line."""
        assumed = self.assumption_lines()
        return [self.title or self.name, "", *assumed, *([""] if assumed else [])]

    def node_aliases(self) -> dict[str, str]:
        """Other names the document may use for the graph's nodes and parameters."""
        net = self.network
        if isinstance(net, DocumentNetwork):
            from nn.networks import SEED001_NODE_NAMES

            return {new: old for old, new, _ in NAME_TABLE} | SEED001_NODE_NAMES
        if isinstance(net, SharedBiasNetwork):
            return dict(SharedBiasNetwork.NODE_NAMES)
        return {}

    def aliases(self) -> dict[str, str]:
        """Every other name a document may use for a node: the network's, plus the errors'."""
        if isinstance(self.network, ExpressionGraph):
            return {}
        single = len(self.targets) == 1 and self.samples is None
        errors = {"E_total": "L", "E": "L", **({"E_o1": "L"} if single else {})}
        return errors | self.node_aliases()
