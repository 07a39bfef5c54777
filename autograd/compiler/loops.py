"""Code with loops: a big graph's weighted sums written as loops over lists, not a line per leaf.

Straight-line code costs a line and a name per node, and a 2-128-128-1 network has 17,000
leaves: generating and compiling that took seconds. From ``LOOP_FROM`` nodes on, the step keeps
the leaves (parameters and constants) in two lists, their values ``_v`` and their gradients
``_g``, and writes each weighted sum whose weights are leaves of its own as a call of a small
loop over a stretch of ``_v``: the same products, added in the same order as ``ops._wsum`` adds
them, so every number is the engine's bit for bit. The gradients a layer's weighted sums send
to the inputs they share are added into a list too (one per tuple of inputs), unpacked into the
inputs' names only when the straight-line code next reads one of them. Every other node is
written as before; the graph's replay for ``step.graph`` (mode "refresh") stays straight-line.
"""

from __future__ import annotations

from collections.abc import Sequence

from autograd.compiler.codegen import Update, _Generator, _Plan
from autograd.engine import Value
from autograd.ops import wsum_layout

__all__ = ["LOOP_FROM", "generator"]

LOOP_FROM = 1000  # nodes of one graph from which weighted sums are written as loops


def _dot(v: list[float], s: int, xs: Sequence[float]) -> float:
    """Σ v[s+i]·xs[i], added left to right as ``ops._wsum`` adds them."""
    total = v[s] * xs[0]
    for i in range(1, len(xs)):
        total = total + v[s + i] * xs[i]
    return total


def _add_products(d: list[float], s: int, g: float, xs: Sequence[float]) -> None:
    """d[s+i] = d[s+i] + g·xs[i]: a weighted sum's gradient sent to its weights."""
    for i, x in enumerate(xs):
        d[s + i] = d[s + i] + g * x


def _add_products_of(d: list[float], g: float, v: list[float], s: int) -> None:
    """d[i] = d[i] + g·v[s+i]: a weighted sum's gradient sent to its inputs."""
    for i in range(len(d)):
        d[i] = d[i] + g * v[s + i]


def generator(plan: _Plan, mode: str, update: Update | None = None) -> _Generator:
    """The code generator for ``mode``: with loops for a graph of ``LOOP_FROM`` nodes or more."""
    if mode != "refresh" and len(plan.order) >= LOOP_FROM:
        return _LoopGenerator(plan, mode, update)
    return _Generator(plan, mode, update)


class _LoopGenerator(_Generator):
    """``_Generator`` with the leaves in lists and weighted sums as loops (see the module)."""

    def name_nodes(self) -> None:
        p = self.plan
        self.slot: dict[Value, int] = {}  # leaf → its index in _v and _g
        self.loops: dict[Value, tuple[int, tuple[Value, ...], Value | None]] = {}  # (start, inputs, bias)
        for node in p.order:
            if node.parents and node.op == "wsum":
                self.try_loop(node)
        for leaf in p.leaves:
            self.slot.setdefault(leaf, len(self.slot))
        self.leaves = sorted(self.slot, key=self.slot.__getitem__)
        written: dict[Value, None] = {}  # the nodes the code names: operations, data, leaves read by name
        for node in p.order:
            if node.parents:
                written[node] = None
                if node in self.loops:
                    bias = self.loops[node][2]
                    if bias is not None:
                        written[bias] = None
                else:
                    written.update(dict.fromkeys(q for q in node.parents if q in p.leaves))
            elif node in p.arg_of:
                written[node] = None
        p.name_nodes(list(written))
        self.read_by_name = [leaf for leaf in written if leaf in self.slot]
        self.inputs: dict[tuple[Value, ...], str] = {}  # a tuple of inputs → its name (_x1, ...)
        self.grad_lists: dict[tuple[Value, ...], str] = {}  # → its gradients' list (_d1, ...)
        self.live: dict[str, tuple[Value, ...]] = {}  # lists holding gradients not yet in names
        self.in_live: dict[Value, str] = {}

    def try_loop(self, node: Value) -> None:
        """A weighted sum of two or more distinct terms whose weights are leaves used by no earlier
        loop, and whose inputs are not: its weights get a stretch of ``_v`` (``self.loops``)."""
        parents, leaves = node.parents, self.plan.leaves
        weights, inputs, bias = wsum_layout(parents)
        if len(weights) < 2 or len(set(parents)) != len(parents):
            return
        if any(w not in leaves for w in weights) or any(x in leaves for x in inputs):
            weights, inputs = inputs, weights  # the data on the left: Σ xᵢ·wᵢ multiplies the same
            if any(w not in leaves for w in weights) or any(x in leaves for x in inputs):
                return
        if any(w in self.slot for w in weights):
            return
        start = len(self.slot)
        for w in weights:
            self.slot[w] = len(self.slot)
        self.loops[node] = (start, tuple(inputs), bias)

    # -- forward --
    def read_leaves(self) -> None:
        p = self.plan
        self.namespace.update(_leaves=self.leaves, _dot=_dot, _add_products=_add_products,
                              _add_products_of=_add_products_of)
        self.emit("# forward: the leaves' values in _v (parameters and constants, read now), their "
                  "gradients in _g, then every operation")
        self.emit("_v = [leaf.data for leaf in _leaves]")
        for leaf in self.read_by_name:
            self.emit(f"{p.ids[leaf]} = _v[{self.slot[leaf]}]")
        if self.mode == "step":
            self.emit(f"_g = [0.0] * {len(self.leaves)}")
        else:  # accumulate, many: added to what the leaves hold
            self.emit("_g = [leaf.grad for leaf in _leaves]")

    def forward_of(self, node: Value) -> None:
        if node not in self.loops:
            super().forward_of(node)
            return
        p = self.plan
        start, inputs, bias = self.loops[node]
        plus = f" + {p.ids[bias]}" if bias is not None else ""
        self.emit(f"{p.ids[node]} = _dot(_v, {start}, {self.input_tuple(inputs)}){plus}")

    def input_tuple(self, inputs: tuple[Value, ...]) -> str:
        if inputs not in self.inputs:
            name = self.inputs[inputs] = f"_x{len(self.inputs) + 1}"
            self.emit(f"{name} = ({', '.join(self.plan.ids[x] for x in inputs)},)")
        return self.inputs[inputs]

    # -- backward --
    def backward_of(self, node: Value, needed: set[Value], started: set[Value]) -> None:
        self.flush(node)
        if node not in self.loops:
            super().backward_of(node, needed, started)
            return
        start, inputs, bias = self.loops[node]
        g = self.plan.grads[node]  # ∂L/∂L is 1.0 at the root, and 1.0 * x is x: the same bits
        self.emit(f"_add_products(_g, {start}, {g}, {self.inputs[inputs]})")
        if any(x in needed for x in inputs):
            self.emit(f"_add_products_of({self.gradient_list(inputs, started)}, {g}, _v, {start})")
        if bias is not None and bias in needed:
            self.add(bias, g, started)

    def gradient_list(self, inputs: tuple[Value, ...], started: set[Value]) -> str:
        """The list the inputs' gradients are added into, holding what their names held so far."""
        name = self.grad_lists.setdefault(inputs, f"_d{len(self.grad_lists) + 1}")
        if name in self.live:
            return name
        for x in inputs:
            self.flush(x)
        grads = self.plan.grads
        if any(x in started for x in inputs):
            self.emit(f"{name} = [{', '.join(grads[x] if x in started else '0.0' for x in inputs)}]")
        else:  # backward() starts every gradient from 0.0
            self.emit(f"{name} = [0.0] * {len(inputs)}")
        self.live[name] = inputs
        self.in_live.update(dict.fromkeys(inputs, name))
        return name

    def flush(self, node: Value) -> None:
        """The gradients of the list holding ``node``'s into their names (before a name is read)."""
        name = self.in_live.get(node)
        if name is None:
            return
        inputs = self.live.pop(name)
        for x in inputs:
            del self.in_live[x]
        self.started.update(inputs)
        self.emit(f"{', '.join(self.plan.grads[x] for x in inputs)}, = {name}")

    def add(self, node: Value, contribution: str, started: set[Value]) -> None:
        if node in self.slot:
            i = self.slot[node]
            self.emit(f"_g[{i}] = _g[{i}] + {contribution}")
            return
        self.flush(node)
        super().add(node, contribution, started)

    # -- epilogue --
    def write_gradients(self) -> None:
        self.emit("for _leaf, _grad in zip(_leaves, _g):")
        self.emit("    _leaf.grad = _grad")

    def emit_update(self) -> None:
        """The optimizer's own ``step()``: what its ``code()`` writes out, for every parameter."""
        assert self.update is not None
        absent = [q for q in self.update.parameters if q not in self.slot]
        self.namespace.update(_update=self.update, _absent=absent)
        self.emit("# the optimizer's own step (what its code() writes out, for every parameter)")
        if absent:  # not in this graph: backward() leaves its gradient 0.0 (after zero_grad)
            self.emit("for _leaf in _absent:")
            self.emit("    _leaf.grad = 0.0")
        self.emit("_update.step()")
