"""Code with loops: a big graph's numbers in lists, weighted sums as loops, compiled in parts.

Straight-line code costs a line and a name per node, and a 2-128-128-1 network has 17,000
leaves: generating and compiling that took seconds and 15× the graph's memory. From
``LOOP_FROM`` nodes on, the step keeps the leaves (parameters and constants) in two lists, their
values ``_v`` and their gradients ``_g``, and every other node's value and gradient in two more,
``_val`` and ``_grd``, by position (``_Places``): no name per node is ever made. Each weighted
sum whose weights are leaves of its own is a call of a small loop over a stretch of ``_v``: the
same products, added in the same order as ``ops._wsum`` adds them, so every number is the
engine's bit for bit. The gradients a layer's weighted sums send to the inputs they share are
added into a list too (one per tuple of inputs), unpacked into ``_grd`` only when the code next
reads one of them. The statements are compiled ``PART_SIZE`` characters at a time as small
functions the step calls in turn (``compile()`` needs ~140 bytes per character of source), and
their source is not kept (``step.source`` writes it again): the first call needs under 3× the
graph's own memory. The graph's replay for ``step.graph`` (mode "refresh") stays straight-line.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableSet, Sequence
from types import CodeType
from typing import Any

from autograd.compiler.codegen import Update, _compile, _Generator, _Names, _Needed, _Plan
from autograd.engine import Value
from autograd.ops import wsum_layout

__all__ = ["LOOP_FROM", "generator"]

LOOP_FROM = 1000  # nodes of one graph from which weighted sums are written as loops
PART_SIZE = 1000  # characters of statements compiled at a time (compile() needs ~100 bytes per character)


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


def generator(plan: _Plan, mode: str, update: Update | None = None, text: bool = False) -> _Generator:
    """The code generator for ``mode``: with loops for a graph of ``LOOP_FROM`` nodes or more
    (``text``: its parts are not compiled but kept, for reading the whole source)."""
    if mode != "refresh" and len(plan.order) >= LOOP_FROM:
        return _LoopGenerator(plan, mode, update, text)
    return _Generator(plan, mode, update)


class _Numbers:
    """One int object per index the code uses: ``compile()`` makes a new object for every int above
    256 in every part, so a big graph's code would hold each index several times over (ints took
    most of its memory); the parts' constants and the generator's dicts share these instead."""

    def __init__(self) -> None:
        self.ints: dict[int, int] = {}

    def __call__(self, k: int) -> int:
        return self.ints.setdefault(k, k)

    def shared(self, code: CodeType, below: int) -> CodeType:
        """``code`` with its int constants under ``below`` (the indices) taken from here."""
        consts = tuple(self(c) if type(c) is int and 256 < c < below else c for c in code.co_consts)
        return code.replace(co_consts=consts)


class _Places(Mapping[Value, str]):
    """Where the code keeps each node's number: ``_v[i]`` for a leaf (its slot), ``_val[k]``
    for any other node (``k`` given when the code first names it); gradients alike in ``_g`` and
    ``_grd``. Computed when asked, so a big graph costs no name per node."""

    def __init__(self, slot: dict[Value, int], place: dict[Value, int], leaf_list: str,
                 node_list: str, numbers: _Numbers) -> None:
        self.slot, self.place, self.leaf_list, self.node_list = slot, place, leaf_list, node_list
        self.numbers = numbers

    def __getitem__(self, node: Value) -> str:
        i = self.slot.get(node)
        if i is not None:
            return f"{self.leaf_list}[{i}]"
        k = self.place.get(node)
        if k is None:
            k = self.place[node] = self.numbers(len(self.place))
        return f"{self.node_list}[{k}]"

    def __iter__(self) -> Iterator[Value]:
        return iter(self.place)

    def __len__(self) -> int:
        return len(self.place)


class _Started(MutableSet[Value]):
    """A set of nodes held as one byte per place in ``_val`` (a set of a big graph's nodes would
    cost more than the rest of the generator)."""

    def __init__(self, ids: _Places) -> None:
        self.ids, self.flags = ids, bytearray()

    def index(self, node: Value) -> int:
        self.ids[node]  # gives the node its place, if it has none yet
        k = self.ids.place[node]
        if k >= len(self.flags):
            self.flags.extend(bytes(k + 1 - len(self.flags) + 4096))
        return k

    def __contains__(self, node: object) -> bool:
        k = self.ids.place.get(node)  # type: ignore[call-overload]
        return k is not None and k < len(self.flags) and self.flags[k] == 1

    def add(self, node: Value) -> None:
        self.flags[self.index(node)] = 1

    def discard(self, node: Value) -> None:
        if node in self:
            self.flags[self.ids.place[node]] = 0

    def __iter__(self) -> Iterator[Value]:
        return (node for node, k in self.ids.place.items() if k < len(self.flags) and self.flags[k])

    def __len__(self) -> int:
        return self.flags.count(1)


_PART_ARGS = "_v, _g, _val, _grd, _t"


class _LoopGenerator(_Generator):
    """``_Generator`` with every number in lists, weighted sums as loops and the code compiled
    in parts (see the module)."""

    in_parts = True

    def __init__(self, plan: _Plan, mode: str, update: Update | None = None, text: bool = False) -> None:
        super().__init__(plan, mode, update)
        self.texts: list[str] | None = [] if text else None  # the parts' source, when it is asked for
        self.part: list[str] = []
        self.part_size = 0
        self.parts: list[Any] = []  # the compiled parts, in order (their names, if ``text``)
        self.writing_parts = False
        self.temporaries = 0  # _t[k]: input tuples, gradient lists, results of user operations

    def name_nodes(self) -> None:
        p = self.plan
        self.numbers = _Numbers()
        looped: set[Value] = set()  # the loops' weights: the loops alone read them, by position
        self.leaves: list[Value] = []  # every leaf, in the order of _v and _g
        self.loops: dict[Value, tuple[int, tuple[Value, ...], Value | None]] = {}  # (start, inputs, bias)
        interned: dict[tuple[Value, ...], tuple[Value, ...]] = {}  # one tuple per distinct inputs
        for node in p.order:
            if node.parents and node.op == "wsum":
                self.try_loop(node, looped, interned)
        self.slot: dict[Value, int] = {}  # a leaf the code names (outside the loops) → its index
        data = p.arg_of
        for node in p.order:
            if not node.parents and node not in data and node not in looped:
                self.slot[node] = self.numbers(len(self.leaves))
                self.leaves.append(node)
        self.slot_looped_weights_named_elsewhere(looped)
        parameters = self.update.parameters if self.update is not None else ()
        self.absent = [q for q in parameters if q not in looped and q not in self.slot]
        place: dict[Value, int] = {}
        self.names = _Names()  # the code's own identifiers (the same each time it is written)
        self.ids = _Places(self.slot, place, "_v", "_val", self.numbers)
        self.grads = _Places(self.slot, place, "_g", "_grd", self.numbers)
        self.params = [f"_arg{i}" for i in range(p.n_args)]
        label = "".join(c if c.isprintable() else "?" for c in p.root.label) or "the loss"
        self.title = (f"{label} for one call of {p.function}: forward, then backward in backward()'s "
                      f"order; node values in _val, gradients in _grd, leaves in _v and _g")
        self.inputs: dict[tuple[Value, ...], str] = {}  # a tuple of inputs → where it is kept (_t[k])
        self.grad_lists: dict[tuple[Value, ...], str] = {}  # → its gradients' list
        self.live: dict[str, tuple[Value, ...]] = {}  # lists holding gradients not yet in _grd
        self.in_live: dict[Value, str] = {}

    def started_set(self) -> MutableSet[Value]:
        return _Started(self.ids)

    def new_local(self, wanted: str) -> str:
        self.temporaries += 1
        return f"_t[{self.temporaries}]"

    def try_loop(self, node: Value, looped: set[Value],
                 interned: dict[tuple[Value, ...], tuple[Value, ...]]) -> None:
        """A weighted sum of two or more distinct terms whose weights are leaves used by no earlier
        loop, and whose inputs are not: its weights get a stretch of ``_v`` (``self.loops``)."""
        sides = self.loop_sides(node)
        if sides is None or len(set(node.parents)) != len(node.parents):
            return
        weights, inputs = sides
        if any(w in looped for w in weights):
            return
        start = len(self.leaves)
        self.leaves.extend(weights)
        looped.update(weights)
        inputs = tuple(inputs)
        self.loops[node] = (start, interned.setdefault(inputs, inputs), wsum_layout(node.parents)[2])

    def loop_sides(self, node: Value) -> tuple[Sequence[Value], Sequence[Value]] | None:
        """(weights, inputs) of a weighted sum of two or more terms: leaves on the left and none on
        the right, or the other way round (Σ xᵢ·wᵢ multiplies the same); None if neither."""
        left, right, _ = wsum_layout(node.parents)
        if len(left) < 2:
            return None
        data = self.plan.arg_of
        for weights, inputs in ((left, right), (right, left)):
            if (all(not w.parents and w not in data for w in weights)
                    and not any(not x.parents and x not in data for x in inputs)):
                return weights, inputs
        return None

    def slot_looped_weights_named_elsewhere(self, looped: set[Value]) -> None:
        """A loop's weight that the code also reads by name (a penalty on it, another sum): its slot."""
        elsewhere: set[Value] = set()
        for node in self.plan.order:
            if node in self.loops:
                bias = self.loops[node][2]
                named: Sequence[Value] = () if bias is None else (bias,)
            else:
                named = node.parents
            elsewhere.update(q for q in named if q in looped)
        if not elsewhere:
            return
        for node, (start, _, _) in self.loops.items():
            weights, _ = self.loop_sides(node)  # type: ignore[misc]
            for k, w in enumerate(weights):
                if w in elsewhere:
                    self.slot[w] = self.numbers(start + k)

    # -- the code, in parts --
    def source(self, name: str) -> str:
        """The step's own function (reading the leaves, calling the parts, writing the gradients);
        the parts are compiled into ``namespace`` as they are written (or kept, if ``text``)."""
        p = self.plan
        self.writing_parts = True
        for node in p.order:
            if node.parents:
                self.forward_of(node)
        self.backward()
        self.end_part()
        self.writing_parts = False
        self.ids[p.root]  # placed before the lists are made, even if only the epilogue reads it
        arguments = [f"{self.ids[node]} = {self.params[i]}" for node, i in p.arg_of.items()]
        self.read_leaves()
        if self.mode == "many":
            self.emit(f"for {', '.join(self.params)}{',' if len(self.params) == 1 else ''} in _samples:")
            self.indent = "        "
        for line in arguments:
            self.emit(line)
        self.namespace["_parts"] = self.parts
        self.emit("for _part in _parts:  # the forward and backward pass, in parts")
        self.emit(f"    _part({_PART_ARGS})")
        self.epilogue()
        head = [f"def {name}({'_samples, _total' if self.mode == 'many' else ', '.join(self.params)}):",
                f"    # {self.title}"]
        if self.texts is None:
            return "\n".join(head + self.lines) + "\n"
        listing = f"_parts = [{', '.join(self.parts)}]\n\n\n"
        return "".join(self.texts) + listing + "\n".join(head + self.lines) + "\n"

    def emit(self, line: str) -> None:
        if not self.writing_parts:
            super().emit(line)
            return
        if self.part_size >= PART_SIZE:
            self.end_part()
        self.part.append("    " + line)
        self.part_size += len(line)

    def end_part(self) -> None:
        """Compile the statements written so far as one function (``compile()``'s memory grows with
        the source it is given: a part at a time, it stays small)."""
        if not self.part:
            return
        name = f"_part{len(self.parts) + 1}"
        source = f"def {name}({_PART_ARGS}):\n" + "\n".join(self.part) + "\n\n\n"
        if self.texts is not None:
            self.texts.append(source)
            self.parts.append(name)
        else:
            part = _compile(source, self.namespace, name)
            below = max(len(self.leaves), len(self.ids), self.temporaries) + 1
            part.__code__ = self.numbers.shared(part.__code__, below)
            self.parts.append(part)
            del self.namespace[name]  # called from the list _parts
        self.part, self.part_size = [], 0

    # -- forward --
    def read_leaves(self) -> None:
        self.namespace.update(_leaves=self.leaves, _dot=_dot, _add_products=_add_products,
                              _add_products_of=_add_products_of)
        self.emit("# the leaves' values in _v (parameters and constants, read now), their gradients in _g")
        self.emit("_v = [leaf._data for leaf in _leaves]")
        if self.mode == "step":
            self.emit(f"_g = [0.0] * {len(self.leaves)}")
        else:  # accumulate, many: added to what the leaves hold
            self.emit("_g = [leaf.grad for leaf in _leaves]")
        self.emit(f"_val, _grd, _t = [0.0] * {len(self.ids)}, [0.0] * {len(self.ids)}, {{}}")

    def forward_of(self, node: Value) -> None:
        if node not in self.loops:
            super().forward_of(node)
            return
        start, inputs, bias = self.loops[node]
        plus = f" + {self.ids[bias]}" if bias is not None else ""
        self.emit(f"{self.ids[node]} = _dot(_v, {start}, {self.input_tuple(inputs)}){plus}")

    def input_tuple(self, inputs: tuple[Value, ...]) -> str:
        if inputs not in self.inputs:
            name = self.inputs[inputs] = self.new_local("inputs")
            self.emit(f"{name} = ({', '.join(self.ids[x] for x in inputs)},)")
        return self.inputs[inputs]

    # -- backward --
    def backward_of(self, node: Value, needed: _Needed, started: MutableSet[Value]) -> None:
        self.flush(node)
        if node not in self.loops:
            super().backward_of(node, needed, started)
            return
        start, inputs, bias = self.loops[node]
        g = self.grads[node]  # ∂L/∂L is 1.0 at the root, and 1.0 * x is x: the same bits
        self.emit(f"_add_products(_g, {start}, {g}, {self.inputs[inputs]})")
        if any(x in needed for x in inputs):
            self.emit(f"_add_products_of({self.gradient_list(inputs, started)}, {g}, _v, {start})")
        if bias is not None and bias in needed:
            self.add(bias, g, started)

    def gradient_list(self, inputs: tuple[Value, ...], started: MutableSet[Value]) -> str:
        """The list the inputs' gradients are added into, holding what they held so far."""
        name = self.grad_lists.get(inputs)
        if name is None:
            name = self.grad_lists[inputs] = self.new_local("gradients")
        if name in self.live:
            return name
        for x in inputs:
            self.flush(x)
        grads = self.grads
        if any(x in started for x in inputs):
            self.emit(f"{name} = [{', '.join(grads[x] if x in started else '0.0' for x in inputs)}]")
        else:  # backward() starts every gradient from 0.0
            self.emit(f"{name} = [0.0] * {len(inputs)}")
        self.live[name] = inputs
        self.in_live.update(dict.fromkeys(inputs, name))
        return name

    def flush(self, node: Value) -> None:
        """The gradients of the list holding ``node``'s into ``_grd`` (before one is read)."""
        name = self.in_live.get(node)
        if name is None:
            return
        inputs = self.live.pop(name)
        for x in inputs:
            del self.in_live[x]
        for x in inputs:
            self.started.add(x)
        self.emit(f"{', '.join(self.grads[x] for x in inputs)}, = {name}")

    def add(self, node: Value, contribution: str, started: MutableSet[Value]) -> None:
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
        absent = self.absent
        self.namespace.update(_update=self.update, _absent=absent)
        self.emit("# the optimizer's own step (what its code() writes out, for every parameter)")
        if absent:  # not in this graph: backward() leaves its gradient 0.0 (after zero_grad)
            self.emit("for _leaf in _absent:")
            self.emit("    _leaf.grad = 0.0")
        self.emit("_update.step()")
