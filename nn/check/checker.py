"""Recompute a document's printed numbers with the engine and judge each one.

Each ``[[document]]`` number names an engine quantity (``quantity``) and how many update steps
came before it (``after``). The checker recomputes it and applies the precision rule
(``nn.check.precision``); a mismatch is handed to the diagnoses (``nn.check.diagnoses``), which
explain it only by reproducing it under an alternative.

Quantities are written as the documents write them:

    a_h1, z_o1, L, W31, q    the value of a node, a leaf or a parameter (after `after` steps)
    dL/dW31, df/dx           a derivative of the root (∂ works too)
    delta_h1, δ_h1           a neuron's δ, i.e. dL/dz_h1
    da_o1/dz_o1, dq/dx       any other derivative, of any node with respect to any other
    dE_o1/da_h1              a derivative of one output's own error

The update steps between the states the printed numbers need run through ``autograd.jit``
(the graph of one step recorded once, its forward pass, chain rule and update replayed as
generated code), bit for bit as the engine runs them; the steps an alternative changes (a
carried number, the updated weights, rounding) run through the engine.

Public API: ``check_example(example) -> CheckReport`` (types in ``nn.check.report``);
``Quantity``, ``Convention`` and ``Run`` are what the diagnoses recompute with.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from autograd import JitError, Value, jit, topological_order
from autograd.compiler import Compiled, JitWarning
from autograd.engine import propagate, start_backward
from autograd.ops import op_of
from nn.check.example import DocumentNumber, Example, ExampleError, printable
from nn.check.files import load_example
from nn.check.precision import agrees, parse_printed, rounded
from nn.check.quantities import Convention, Quantity
from nn.check.report import CheckReport, CheckRow
from nn.optim import SGD
from nn.suggest import did_you_mean

__all__ = ["check_example", "example_code", "example_steps", "Quantity", "Convention", "Run"]

# A run of at least this many update steps in a row is compiled: recording and compiling one
# step's graph costs about as much as 30 steps through the engine (1 ms for Mazur's 2-2-2 network,
# whose compiled step then takes about 1.5 µs against the engine's 30 µs).
COMPILE_FROM = 32


@dataclass
class _State:
    params: dict[str, float]
    velocity: dict[str, float]


def _root(example: Example, n: int, loss_scale: float) -> Value:
    """A fresh graph of step n; under another loss convention, the loss scaled."""
    loss = example.graph(n)
    if loss_scale != 1.0:
        loss.label = "L_unscaled"
        loss = (loss * loss_scale).named("L")
    return loss


def _optimizer(parameters: list[Value], rate: float, momentum: float, frozen: set[Value]) -> SGD:
    """A run's update: nn's one optimizer at the document's rate (negative: the ascent, η·dL/dθ
    added; the file may give any finite rate)."""
    optimizer = SGD(parameters, 1.0, momentum, frozen)
    optimizer.lr = rate
    return optimizer


_Compiled = tuple[list["Compiled | _VectorizedStep"], SGD]  # one step per mini-batch, and their update


class _VectorizedStep:
    """One mini-batch's update through the vectorised step (``jit(..., vectorize=True)``: numpy
    array code over the batch's samples), then the run's update rule: the gradients equal the
    engine's to rounding, not bit for bit. ``graph()`` builds the step's graph with the engine."""

    def __init__(self, example: Example, batch: int, loss_scale: float, rule: SGD) -> None:
        from nn.losses import loss_graph

        net, name, self.rule = example.network, example.loss_name, rule
        samples = example.samples or [(list(example.inputs), list(example.targets))]
        chosen = [samples[s - 1] for s in example.batch_of(batch)] if example.samples else samples
        self.xs, self.ys = [list(x) for x, _ in chosen], [list(y) for _, y in chosen]
        mean = example.reduction == "mean" and len(chosen) > 1
        self.scale = loss_scale * (1.0 / len(chosen) if mean else 1.0)
        self.vectorized = jit(lambda x, y: loss_graph(name, net(list(x)), list(y)), vectorize=True,
                              name=f"{example.name or 'example'}_batch{batch}")
        self.graph_of = lambda: _root(example, batch, loss_scale)

    def __call__(self) -> None:
        self.rule.zero_grad()  # a parameter outside the graph gets no gradient
        self.vectorized(self.xs, self.ys)  # the gradients summed over the batch
        if self.scale != 1.0:
            for p in self.rule.params:
                p.grad *= self.scale
        self.rule.step()

    def graph(self) -> Value:
        root = self.graph_of()
        root.backward()
        return root


class _Steps:
    """The compiled update steps of one example, shared by every run of a check: one
    ``autograd.jit`` function per mini-batch, for each setting of what the step computes (loss
    scale, learning rate and its sign, frozen parameters). None where the graph cannot be
    compiled (building it reads a number, as the softmax's shift does): those runs stay eager.
    ``vectorize``: the steps of a network example are ``_VectorizedStep``s (to rounding)."""

    def __init__(self, example: Example, vectorize: bool = False) -> None:
        self.example = example
        self.vectorize = vectorize and not example.is_expression  # an expression has no data
        self.cache: dict[tuple[object, ...], _Compiled | None] = {}

    def get(self, loss_scale: float, lr: float, frozen: set[Value]) -> _Compiled | None:
        key = (loss_scale, lr, frozenset(frozen))
        if key not in self.cache:
            ex = self.example
            rule = _optimizer(ex.network.parameters(), lr, ex.rule.momentum, frozen)
            name = f"{ex.name or 'example'}_step"
            if self.vectorize:
                steps = [_VectorizedStep(ex, b, loss_scale, rule) for b in range(ex.steps_per_epoch)]
            else:
                steps = [jit(self._graph_of(b, loss_scale), update=rule, name=name)
                         for b in range(ex.steps_per_epoch)]
            self.cache[key] = (steps, rule)
        return self.cache[key]

    def _graph_of(self, batch: int, loss_scale: float) -> Callable[[], Value]:
        example = self.example
        return lambda: _root(example, batch, loss_scale)

    def refuse(self, loss_scale: float, lr: float, frozen: set[Value]) -> None:
        self.cache[(loss_scale, lr, frozenset(frozen))] = None


class Run:
    """The example's parameters after 0, 1, 2, ... steps under one convention, and any quantity.

    Gradients come from the engine's chain-rule kernel (``autograd.engine.propagate``); the
    alternatives that change the chain rule (a carried number, the updated weights) pass it
    replacement local derivatives or replace a node's gradient as the pass reaches it, never
    touching the graph. Only the states at the steps in ``keep`` are stored, so a 10,000-step
    example holds a handful of states, not 10,000.

    ``compiled``: None (default) runs every stretch of at least ``COMPILE_FROM`` ordinary steps
    through ``autograd.jit``, True every stretch, False none (the engine only: the reference).
    The steps that change the chain rule (the updated weights, rounding) go through the engine's
    kernel, over a long run on the compiled steps' recorded graph refreshed by a replay rather
    than a graph built each step. Either way the numbers are the same, bit for bit. ``steps``:
    compiled steps to share with other runs of the same example.
    """

    def __init__(self, example: Example, convention: Convention, initial: dict[str, float],
                 keep: set[int] | None = None, compiled: bool | None = None,
                 steps: _Steps | None = None) -> None:
        self.example = example
        self.convention = convention
        self.params = dict(example.network.named_parameters())
        self.states: dict[int, _State] = {0: _State(dict(initial), dict.fromkeys(initial, 0.0))}
        self.keep = keep if keep is not None else set()
        self.compiled = compiled
        self.steps = steps if steps is not None else _Steps(example)
        self._at: dict[int, tuple[dict[str, float], dict[str, float]]] = {}
        self._forward_locals: dict[Value, tuple[float, ...]] = {}
        # Per-run facts about the graph's shape, found once (every step builds the same shape):
        self._bias_names: set[str] | None = None  # parameters added as a weighted sum's bias
        self._levels: dict[str, int] | None = None  # each weighted sum's layer, by its label
        c = convention
        self._replaces = bool(c.carried or c.carried_local or c.forced)  # needs nodes by name
        self._replaced_steps = sorted({r[0] for r in (*c.carried, *c.carried_local, *c.forced, *c.params)})
        self._orders: dict[Value, list[Value]] = {}  # the recorded graphs' topological orders
        self._rule: SGD | None = None  # the update of the steps through the engine

    def _state(self, n: int) -> _State:
        start = max(k for k in self.states if k <= n)
        state = self.states[start] = self._set_params(start, self.states[start])
        step = start
        long = self.compiled is not False and n - start >= (1 if self.compiled else COMPILE_FROM)
        while step < n:
            stop = self._compiled_until(step, n)
            if stop > step:
                state, step = self._run_compiled(state, step, stop, n)
            else:
                state = self._step(state, step, replay=long and step not in self._replaced_steps)
                step += 1
            state = self._set_params(step, state)
            if step in self.keep or step == n:
                self.states[step] = state
        return state

    def _set_params(self, step: int, state: _State) -> _State:
        """The state with the parameters this convention sets at ``step`` (a document's own updated
        weight, carried into the steps after it)."""
        given = {name: v for at, name, v in self.convention.params if at == step and name in state.params}
        if not given or all(state.params[name] == v for name, v in given.items()):
            return state
        return _State(state.params | given, dict(state.velocity))

    def _compiled_until(self, step: int, n: int) -> int:
        """The end of the stretch of steps from ``step`` on that run compiled (``step``: none).

        The steps of an alternative that changes the chain rule itself (the updated weights,
        rounding) and the steps where a printed number is carried run through the engine."""
        c = self.convention
        if self.compiled is False or c.hidden_deltas != "old_weights" or c.rounding is not None:
            return step
        stop = min(next((s for s in self._replaced_steps if s >= step), n), n)
        if stop - step < (1 if self.compiled else COMPILE_FROM) or self._compiled_steps() is None:
            return step
        return stop

    def _compiled_steps(self) -> _Compiled | None:
        return self.steps.get(self.convention.loss_scale, self._rate(), self._frozen())

    def _frozen(self) -> set[Value]:
        """The parameters this run's update leaves alone: the biases, when it does not update them."""
        if self.convention.update_biases:
            return set()
        if self._bias_names is None:
            self._bias_names = {b.label for b in _biases(topological_order(self.example.graph(0)))}
        return {self.params[b] for b in self._bias_names if b in self.params}

    def _run_compiled(self, state: _State, start: int, stop: int, n: int) -> tuple[_State, int]:
        """Steps ``start`` to ``stop`` (exclusive) through the compiled code; the state reached and
        its step (earlier than ``stop`` only if the graph turned out not to compile)."""
        found = self._compiled_steps()
        assert found is not None
        steps, rule = found
        names = self._load_state(state, rule)
        per_epoch, keep = len(steps), self.keep
        step = start
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", JitWarning)  # a graph Python cannot compile runs eagerly
            try:
                while step < stop:
                    steps[step % per_epoch]()
                    step += 1
                    if step in keep or step == n:
                        self.states[step] = self._snapshot(names, rule)
            except JitError:  # building the graph reads a number: the engine runs this example
                self.steps.refuse(self.convention.loss_scale, self._rate(), self._frozen())
        return self._snapshot(names, rule), step

    def _load_state(self, state: _State, rule: SGD) -> list[str]:
        """The state's parameters into the network, its momentum buffers into the rule; the names."""
        names = list(self.params)
        for i, name in enumerate(names):
            self.params[name].data = state.params[name]
            rule.velocity[i] = state.velocity[name]
        return names

    def _snapshot(self, names: list[str], rule: SGD) -> _State:
        return _State({name: self.params[name].data for name in names}, dict(zip(names, rule.velocity)))

    def _load(self, n: int) -> None:
        for name, v in self._state(n).params.items():
            self.params[name].data = v

    def _graph(self, n: int) -> tuple[Value, list[Value], dict[str, Value]]:
        self._load(n)
        return self._build(n)

    def _build(self, n: int, named: bool = True) -> tuple[Value, list[Value], dict[str, Value]]:
        """The graph of step n on the parameters as they are now (with any forced values).
        ``named=False``: the nodes by name are only looked up when a replacement needs them."""
        loss = _root(self.example, n, self.convention.loss_scale)
        order = start_backward(loss, caller_checks=True)  # replays force data on purpose
        nodes = self.example.named_nodes(order) if named or self._replaces else {}
        forced = {nodes[name]: v for step, name, v in self.convention.forced if step == n and name in nodes}
        self._forward_locals = _replay(order + _outside(order, nodes), forced) if forced else {}
        return loss, order, nodes

    def _rate(self) -> float:
        rate = self.example.learning_rate if self.convention.rate is None else self.convention.rate
        return (-1.0 if self.convention.ascent else 1.0) * rate

    def _backward(self, order: list[Value], nodes: dict[str, Value], n: int) -> None:
        """The chain rule from the root (already seeded), with this convention's replacements."""
        conv = self.convention
        carried = {nodes[name]: g for step, name, g in conv.carried if step == n and name in nodes}
        local = self._forward_locals | _local_overrides(conv, nodes, n) if self._replaces else {}
        if conv.hidden_deltas == "updated_weights":
            local |= self._updated_weight_locals(order, carried, local)
        _propagate(order, carried, local, conv.rounding)

    def _updated_weight_locals(self, order: list[Value], carried: dict, local: dict) -> dict:
        """Each weighted sum's derivative with respect to its input becomes the weight's new value,
        layer by layer from the output (the gradients of each layer come from the pass so far)."""
        if self._levels is None:
            self._levels = {n.label: lv for n, lv in _weighted_sum_levels(order).items()}
        by_label = {n.label: n for n in order if n.label in self._levels}
        levels = {by_label[label]: lv for label, lv in self._levels.items() if label in by_label}
        if len(levels) != len(self._levels) or any(not label for label in self._levels):
            levels = _weighted_sum_levels(order)  # unlabelled weighted sums: find them again
        params = set(self.params.values())
        lr = self._rate()
        local = dict(local)
        for level in range(1, max(levels.values(), default=0)):
            _reset(order)
            _propagate(order, carried, local, self.convention.rounding)
            for node, lv in levels.items():
                if lv == level:
                    new = list(local.get(node, node.local_grads))
                    for i in range(0, len(node.parents) - 1, 2):
                        w = node.parents[i]
                        if w in params:
                            new[i + 1] = w.data - lr * w.grad
                    local[node] = tuple(new)
        _reset(order)
        return local

    def _replayed(self, n: int) -> tuple[Value, list[Value], dict[str, Value]] | None:
        """The graph of step n as the compiled steps recorded it, every value and local derivative
        refreshed by a replay (what building it gives, bit for bit, without building or sorting
        it), seeded for the chain rule; None where the graph cannot be compiled."""
        found = self._compiled_steps()
        if found is None:
            return None
        steps = found[0]
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", JitWarning)
                root = steps[n % len(steps)].graph()
        except JitError:
            self.steps.refuse(self.convention.loss_scale, self._rate(), self._frozen())
            return None
        if root not in self._orders:  # a new root only when a replay failed and the engine built one
            if len(self._orders) > len(steps):
                self._orders.clear()
            self._orders[root] = topological_order(root)
        order = self._orders[root]
        _reset(order)
        self._forward_locals = {}
        return root, order, {}

    def _step(self, state: _State, n: int, replay: bool = False) -> _State:
        """Step n through the engine's chain rule, with this convention's replacements. ``replay``:
        on the compiled steps' recorded graph, refreshed (a long run of an alternative that
        changes the chain rule), instead of a graph built for the step."""
        if self._rule is None:
            self._rule = _optimizer(list(self.params.values()), self._rate(), self.example.rule.momentum,
                                    self._frozen())
        names = self._load_state(state, self._rule)
        self._rule.zero_grad()  # a parameter outside this step's graph gets no gradient
        _, order, nodes = (replay and self._replayed(n)) or self._build(n, named=False)
        self._backward(order, nodes, n)
        self._rule.step()
        return self._snapshot(names, self._rule)

    def pass_at(self, n: int) -> tuple[list[Value], dict[str, Value]]:
        """The graph of step n (its nodes in order, and by name) with this run's gradients on it."""
        _, order, nodes = self._graph(n)
        self._backward(order, nodes, n)
        return order, nodes

    def value(self, q: Quantity, n: int) -> float:
        """The quantity after n steps of this run."""
        root = self.example.root
        if q.of is None or q.of == root:
            if n not in self._at:
                _, order, nodes = self._graph(n)
                self._backward(order, nodes, n)
                reached = set(order)
                self._at[n] = ({k: v.data for k, v in nodes.items()},
                               {k: v.grad if v in reached else 0.0 for k, v in nodes.items()})
            values, grads = self._at[n]
            return values[q.node] if q.of is None else grads[q.node]
        _, _, nodes = self._graph(n)
        top, node = nodes[q.of], nodes[q.node]
        order = start_backward(top, caller_checks=True)
        if node not in set(order):
            return 0.0
        local = self._forward_locals | _local_overrides(self.convention, nodes, n)
        _propagate(order, {}, local, self.convention.rounding)
        return node.grad


def _outside(order: list[Value], nodes: dict[str, Value]) -> list[Value]:
    """The named nodes the root does not depend on (a quantity printed beside the loss's graph), with
    what they depend on outside it, parents first: a value carried into them is replayed too."""
    seen = set(order)
    out: list[Value] = []
    for start in nodes.values():
        stack = [(start, False)]
        while stack:
            node, done = stack.pop()
            if done:
                out.append(node)
                continue
            if node in seen:
                continue
            seen.add(node)
            stack.append((node, True))
            stack.extend((p, False) for p in node.parents if p not in seen)
    return out


def _replay(order: list[Value], forced: dict[Value, float]) -> dict[Value, tuple[float, ...]]:
    """The forward pass again below nodes whose value is replaced (a printed number carried on):
    each node downstream is re-evaluated by its operation's table entry. Returns the new local
    derivatives, for the chain-rule kernel."""
    changed: set[Value] = set()
    local: dict[Value, tuple[float, ...]] = {}
    for node in order:
        if node.parents and not changed.isdisjoint(node.parents):  # a forced node's slopes too
            out, derivatives = op_of(node).evaluate(*[p.data for p in node.parents])
            node.data, local[node] = out, tuple(derivatives)
            changed.add(node)
        if node in forced:
            node.data = forced[node]
            changed.add(node)
    return local


def _reset(order: list[Value]) -> None:
    for node in order:
        node.grad = 0.0
    order[-1].grad = 1.0


def _local_overrides(conv: Convention, nodes: dict[str, Value], n: int) -> dict[Value, tuple[float, ...]]:
    """A printed local derivative (da/dz) carried in place of the exact one."""
    local: dict[Value, tuple[float, ...]] = {}
    for step, child, parent, d in conv.carried_local:
        node = nodes.get(child)
        if step != n or node is None or nodes.get(parent) not in node.parents:
            continue
        new = list(local.get(node, node.local_grads))
        new[node.parents.index(nodes[parent])] = d
        local[node] = tuple(new)
    return local


def _propagate(order: list[Value], carried: dict[Value, float], local: dict[Value, tuple],
               rounding: int | None = None) -> None:
    """The engine's kernel, with some local derivatives replaced, some gradients carried (a
    printed number used in place of the exact one) or every gradient rounded as it is reached."""
    if not carried and rounding is None:
        propagate(order, local_grads=local.get if local else None)
        return

    def settle(node: Value) -> None:  # the pass has reached the node: its gradient is final
        if node in carried:
            node.grad = carried[node]
        elif rounding is not None and math.isfinite(node.grad):
            node.grad = float(rounded(node.grad, rounding))

    def local_grads(node: Value):
        settle(node)
        return local.get(node)

    propagate(order, local_grads=local_grads)
    for leaf in order:
        if not leaf.parents:
            settle(leaf)


def _weighted_sum_levels(order: list[Value]) -> dict[Value, int]:
    """Each weighted-sum node's layer counted from the output: output neurons' z are level 1."""
    above: dict[Value, int] = {}
    levels: dict[Value, int] = {}
    for node in reversed(order):
        mine = above.get(node, 0)
        if node.op == "wsum":
            levels[node] = mine + 1
        for parent in node.parents:
            above[parent] = max(above.get(parent, 0), mine + (node.op == "wsum"))
    return levels


def _biases(order: list[Value]) -> set[Value]:
    """The leaves added as a weighted sum's last, unweighted term: (w1, x1, ..., b)."""
    return {n.parents[-1] for n in order if n.op == "wsum" and len(n.parents) % 2 == 1}


# ---- reading a row ---------------------------------------------------------------------------
_VALUE_KINDS = {"loss", "output", "activation", "net_input", "input", "value"}
_PARAMETER_KINDS = {"weight", "bias"}
_ROOT_GRADIENT_KINDS = {"delta", "gradient"}


class _Checker:
    def __init__(self, example: Example, compiled: bool | None = None, vectorize: bool = False) -> None:
        self.example = example
        self.compiled = compiled
        self.steps = _Steps(example, vectorize)  # compiled update steps, shared by every run
        self.initial = example.network.state()
        self.base = Convention(
            hidden_deltas=example.rule.hidden_deltas, update_biases=example.rule.update_biases
        )
        self.runs: dict[Convention, Run] = {}
        # the names of each mini-batch's graph (one graph without mini-batches)
        self.orders = [topological_order(example.graph(b)) for b in range(example.steps_per_epoch)]
        graphs = [example.named_nodes(order) for order in self.orders]
        self.step_names = [set(g) for g in graphs]
        self.nodes: dict[str, Value] = {}
        for g in reversed(graphs):  # every name of the first epoch; the first step's nodes first
            self.nodes |= g
        self.parameter_names = {n for n, _ in example.network.named_parameters()}
        self.aliases = example.aliases()
        self.keep = {m for d in example.document for m in (d.after - 1, d.after, d.after + 1) if m >= 0}
        from nn.check.diagnoses import CarriedIndex

        self.carried_index = CarriedIndex()  # the earlier rows a mismatch may carry a number from
        self._users: dict[int, tuple[dict[str, Value], dict[Value, list[tuple[Value, int]]]]] = {}
        self._neighbours: dict[str, list[str]] = {}
        self._graph_users: dict[Value, list[Value]] | None = None

    def paths(self, name: str, n: int) -> list[tuple[str, float]]:
        """Each user of node ``name`` in step n's graph: its name and what the path through it
        adds to the root's derivative by the node (the base run's chain rule). The graph of a step
        and its users are found once (a few steps are kept)."""
        if n not in self._users:
            if len(self._users) >= 4:
                self._users.clear()
            order, nodes = self.run(self.base).pass_at(n)
            users: dict[Value, list[tuple[Value, int]]] = {}
            for child in order:
                for i, parent in enumerate(child.parents):
                    users.setdefault(parent, []).append((child, i))
            self._users[n] = (nodes, users)
        nodes, users = self._users[n]
        node = nodes.get(name)
        if node is None:
            return []
        through: dict[Value, float] = {}  # a user taking the node twice (x·x) is one path
        for child, i in users.get(node, []):
            through[child] = through.get(child, 0.0) + child.grad * child.local_grads[i]
        return [(child.label or f"the {child.op} operation", g) for child, g in through.items()]

    def neighbours(self, name: str, limit: int = 64) -> list[str]:
        """The named nodes next to ``name`` in the graph (through unnamed ones): its inputs, its users
        and their other inputs; at most ``limit``."""
        if name in self._neighbours:
            return self._neighbours[name]
        if self._graph_users is None:
            self._graph_users = {}
            for order in self.orders:
                for child in order:
                    for parent in child.parents:
                        self._graph_users.setdefault(parent, []).append(child)
        node = self.nodes.get(name)
        found: list[str] = []
        if node is not None:
            users = self._named(node, lambda v: self._graph_users.get(v, []), limit)
            found = self._named(node, lambda v: v.parents, limit) + users
            for user in users:
                found += self._named(self.nodes[user], lambda v: v.parents, limit)
        self._neighbours[name] = list(dict.fromkeys(n for n in found if n != name))[:limit]
        return self._neighbours[name]

    def inputs(self, name: str, limit: int = 64) -> list[str]:
        """The named nodes node ``name`` is computed from directly (through unnamed ones)."""
        node = self.nodes.get(name)
        return list(dict.fromkeys(self._named(node, lambda v: v.parents, limit))) if node is not None else []

    def _named(self, start: Value, step: Callable[[Value], list[Value]], limit: int) -> list[str]:
        """The first named nodes from ``start`` in one direction, walking through unnamed ones."""
        found: list[str] = []
        todo, seen = list(step(start)), set()
        while todo and len(seen) < 4 * limit and len(found) < limit:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            if node.label and self.nodes.get(node.label) is node:
                found.append(node.label)
            else:
                todo.extend(step(node))
        return found

    def run(self, convention: Convention) -> Run:
        if convention not in self.runs:
            self.runs[convention] = Run(self.example, convention, self.initial, self.keep, self.compiled,
                                        self.steps)
        return self.runs[convention]

    def fail(self, number: DocumentNumber, message: str, key: str = "value") -> ExampleError:
        line = number.lines.get(key, number.line)
        at = f", line {line}" if line else ""
        row = f"[[document]] #{number.index} ({printable(number.name)})"
        return ExampleError(f"{self.example.where}{at}: {row}: {message}", where=self.example.where,
                            table="document", index=number.index, key=key, line=line, reason=message)

    def resolve(self, number: DocumentNumber, name: str) -> str:
        name = self.aliases.get(name, name)
        if name not in self.nodes:
            hint = did_you_mean(name, [*self.nodes, *self.aliases]) or (
                f"its {len(self.nodes)} names are listed by stepgrad steps --forward")
            raise self.fail(number, f"quantity {printable(number.quantity)!r}: this example has no node or "
                                    f"parameter {printable(name)!r}; {hint}", "quantity")
        return name

    def quantity(self, number: DocumentNumber) -> Quantity:
        text = number.quantity.replace("∂", "d").replace(" ", "")
        if "/" in text:
            top, _, bottom = text.partition("/")
            if not (top.startswith("d") and bottom.startswith("d") and len(top) > 1 and len(bottom) > 1):
                raise self.fail(number, f"quantity {printable(number.quantity)!r}: write a derivative as "
                                        "dL/dW31 or da_o1/dz_o1", "quantity")
            q = Quantity(self.resolve(number, bottom[1:]), self.resolve(number, top[1:]))
        elif text not in self.nodes and (m := re.fullmatch(r"(?:delta_|δ_?)(.+)", text)):  # not a node δ_o1
            q = self.delta(number, m.group(1))
        else:
            q = Quantity(self.resolve(number, text))
        self.check_batch(number, q)
        self.check_kind(number, q)
        return q

    def check_batch(self, number: DocumentNumber, q: Quantity) -> None:
        """With mini-batches, a sample's node exists only in the steps that compute with it."""
        names = self.step_names[number.after % len(self.step_names)]
        missing = next((name for name in (q.node, q.of) if name and name not in names), None)
        if missing:
            batch = self.example.batch_of(number.after)
            raise self.fail(number, f"quantity {printable(number.quantity)!r}: {printable(missing)} is not "
                                    f"computed after {number.after} steps; that step's mini-batch is sample"
                                    f"{'s' if len(batch) > 1 else ''} {', '.join(map(str, batch))}",
                            "quantity")

    def delta(self, number: DocumentNumber, neuron: str) -> Quantity:
        neuron = self.aliases.get(neuron, neuron)
        for z in (f"z_{neuron}", f"{neuron}.z", self.aliases.get(f"z_{neuron}", "")):
            if z in self.nodes:
                return Quantity(z, self.example.root)
        shown = printable(neuron)
        raise self.fail(number, f"quantity {printable(number.quantity)!r}: no neuron {shown!r} (its net "
                                f"input z_{shown} or {shown}.z is not in the graph)", "quantity")

    def kind_of(self, q: Quantity) -> str:
        """The kind a row has when the file leaves it out."""
        if q.of is not None:
            return "gradient" if q.of == self.example.root else "derivative"
        if q.node in self.parameter_names:
            return "weight"
        return "loss" if q.node == self.example.root and self.example.kind != "expression" else "value"

    def check_kind(self, number: DocumentNumber, q: Quantity) -> None:
        kind, root = number.kind or self.kind_of(q), self.example.root
        is_param = q.node in self.parameter_names
        problem = None
        if kind in _VALUE_KINDS | _PARAMETER_KINDS and q.of is not None:
            problem = "is a derivative; use kind = 'gradient', 'delta' or 'derivative'"
        elif kind == "loss" and q.node != root:
            problem = f"is not the loss {root}"
        elif kind in _VALUE_KINDS - {"value"} and is_param:
            problem = "is a parameter; use kind = 'weight' or 'bias'"
        elif kind in _PARAMETER_KINDS and not is_param:
            problem = "is not a parameter"
        elif kind in _ROOT_GRADIENT_KINDS and q.of != root:
            problem = f"is not a derivative of {root} (write d{root}/d...)"
        elif kind == "delta" and self.nodes[q.node].op != "wsum":
            problem = "is not a neuron's δ = dL/dz (write delta_h1 or dL/dz_h1)"
        elif kind == "derivative" and q.of is None:
            problem = "is not a derivative (write dA/dB)"
        if problem:
            raise self.fail(number, f"kind = {kind!r}, but quantity {printable(number.quantity)!r} {problem}",
                            "kind")

    def check(self) -> CheckReport:
        from nn.check.diagnoses import assumption_note, diagnose, truncating_habit

        report = CheckReport(self.example)
        if not self.example.document and not self.example.formulas:
            raise ExampleError(f"{self.example.where}: no [[document]] numbers or [[formula]] formulas to "
                               "check; add one table per printed number or formula (see docs/format.md "
                               "and docs/checking.md, \"Checking formulas\")")
        from nn.check.formulas import check_formulas

        formula_rows = check_formulas(self.example, report.notes)  # at the example's point, before any run
        rows = []
        for number in self.example.document:
            try:
                printed = parse_printed(number.value)
            except ValueError as e:
                raise self.fail(number, f"value {e}") from None
            rows.append((number, printed, self.quantity(number)))
        base = self.run(self.base)
        for number, printed, q in rows:
            engine = base.value(q, number.after)
            row = CheckRow(number, printed, q, engine, "match" if agrees(printed, engine) else "mismatch")
            if row.verdict == "mismatch":
                row.causes = diagnose(self, row, report.rows)
                row.diagnosis = "; ".join(c.text for c in row.causes)
            report.rows.append(row)
        truncating_habit(report.rows)
        report.rows += formula_rows
        report.notes += assumption_note(self, report)
        return report


def example_code(example: Example) -> str:
    """The Python ``autograd.jit`` generates for the example's update step (``stepgrad code``): the
    very code the checker replays, so it is the example's own step: its loss (each sample's, summed
    or averaged, for a batch; one function per mini-batch), SGD or momentum SGD, the biases left
    alone when ``update_biases = false``; forward and backward only when there is no learning rate
    or nothing to update. Raises ExampleError when the graph cannot be written as code."""
    return "\n".join(header + step.source for header, step, _ in example_steps(example))


def example_steps(example: Example) -> list[tuple[str, Compiled, list[float]]]:
    """Each mini-batch's compiled step (one without mini-batches): a comment header saying what it
    computes, the compiled function (called once, then the parameters restored), its arguments."""
    ex = example
    params = ex.network.parameters()
    update = ex.learning_rate > 0 and bool(params)
    frozen = set()
    if not ex.rule.update_biases:
        frozen = {p for p in _biases(topological_order(ex.graph(0))) if p in set(params)}
    initial = ex.network.state()
    rule = _optimizer(params, ex.learning_rate, ex.rule.momentum, frozen) if update else None
    steps = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", JitWarning)
            for b in range(ex.steps_per_epoch):
                suffix = f"_batch{b + 1}" if ex.steps_per_epoch > 1 else ""
                name = _identifier(f"{ex.name or 'example'}_step{suffix}")
                # cross-entropy: each sample's softmax shift is an argument, not a number read
                args = _softmax_shifts(ex, b) if ex.loss_name == "cross_entropy" else []
                step = jit(lambda *shifts, b=b: ex.loss(b, shifts or None), update=rule, name=name)
                step(*args)
                steps.append((_code_header(ex, b, update, frozen), step, args))
    except (JitError, JitWarning) as e:
        raise ExampleError(f"{ex.where}: its step cannot be written as code: {printable(str(e))[:200]}"
                           ) from None
    finally:
        for name, p in ex.network.named_parameters():
            p.data = initial[name]
        if rule is not None:
            rule.velocity[:] = [0.0] * len(rule.velocity)
    return steps


def _softmax_shifts(ex: Example, batch: int) -> list[float]:
    """Each sample's largest output at the example's values: the shifts its softmax subtracts."""
    samples = [ex.samples[s - 1][0] for s in ex.batch_of(batch)] if ex.samples else [ex.inputs]
    shifts = []
    for x in samples:
        out = ex.network([Value(v) for v in x])
        shifts.append(max(o.data for o in (out if isinstance(out, list) else [out])))
    return shifts


def _code_header(ex: Example, batch: int, update: bool, frozen: set[Value]) -> str:
    """Comment lines saying which step the code is: the loss, the samples, the update rule."""
    lines = [f"# {ex.title or ex.name}"]
    if ex.loss_name == "cross_entropy":
        lines.append("# cross-entropy of softmax: the arguments are each sample's largest output this step, "
                     "subtracted before exp (softmax is unchanged; exp cannot overflow)")
    if ex.samples:
        samples = ex.batch_of(batch)
        how = "mean" if ex.reduction == "mean" and len(samples) > 1 else "sum"
        lines.append(f"# the loss over sample{'s' if len(samples) > 1 else ''} "
                     f"{', '.join(map(str, samples))} ({how} of each sample's {ex.loss_name})")
    if not update:
        lines.append("# forward and backward only: the example has no learning rate or nothing to update")
    elif ex.rule.momentum:
        lines.append(f"# momentum SGD: v ← {ex.rule.momentum:g}·v + dL/dθ, θ ← θ − {ex.learning_rate:g}·v")
    else:
        lines.append(f"# SGD: θ ← θ − {ex.learning_rate:g}·dL/dθ")
    if frozen:
        lines.append("# biases not updated (update_biases = false): "
                     + ", ".join(sorted(p.label for p in frozen)))
    return "\n".join(lines) + "\n"


def _identifier(name: str) -> str:
    s = "".join(c if ("a" + c).isidentifier() else "_" for c in name)
    return s if s.isidentifier() else f"example_{s}"


def check_example(example: str | Path | Example, *, compiled: bool | None = None,
                  vectorize: bool = False) -> CheckReport:
    """Recompute every ``[[document]]`` number of a worked example and judge it.

    ``example`` is a bundled example's name, a ``.toml`` path or a loaded Example. Raises
    ExampleError (naming the file, the row and the line) for a file that cannot be checked.
    The example's network is left with the parameters it was loaded with.

    ``compiled``: how the update steps run (see ``Run``): None, compiled where a run of at least
    ``COMPILE_FROM`` steps makes it pay; True, always compiled where possible; False, through the
    engine only. The report is the same, bit for bit, whichever is chosen. ``vectorize=True``: the
    compiled stretches of a network example run as numpy array code over each batch (needs numpy;
    its numbers equal the engine's to rounding, not bit for bit: for long runs, not for digits).
    """
    ex = example if isinstance(example, Example) else load_example(example)
    checker = _Checker(ex, compiled, vectorize)
    try:
        return checker.check()
    except (ArithmeticError, ValueError) as e:
        if isinstance(e, ExampleError):
            raise
        raise ExampleError(f"{ex.where}: the engine could not compute the example: "
                           f"{printable(str(e))[:300]}") from None
    finally:
        for name, p in ex.network.named_parameters():
            p.data = checker.initial[name]
