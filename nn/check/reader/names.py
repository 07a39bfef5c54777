"""Naming: from a document's symbol to the engine's quantity (``Names``), and the ``Ref`` it gives."""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from dataclasses import dataclass

from autograd import topological_order
from nn.check.files import Example
from nn.check.notation import GREEK
from nn.check.reader.latex import INDEX_LETTERS, Call, Deriv, Sym
from nn.check.reader.parts import is_part
from nn.check.reader.trees import evaluate, plain, quantity_call, unwrap
from nn.check.reader.update_names import counted_update, split_index


class Unmapped(Exception):
    """A symbol that names no quantity; the message says which and what to do (``symbol``: the
    symbol no quantity has, when that is why)."""

    def __init__(self, message: str, symbol: object | None = None) -> None:
        super().__init__(message)
        self.symbol = symbol


@dataclass(frozen=True)
class Ref:
    """A quantity the checker knows (``dL/dW31``, ``a_h1``, ``W31`` after one step), and its kind."""

    quantity: str
    after: int = 0
    kind: str = "value"


LEARNING_RATE = Ref("learning rate", 0, "setting")
_LEARNING_RATE_SYMBOLS = {"eta", "alpha", "lr"}
_LAYER = re.compile(r"^(.+)\^\((\d+)\)$")  # z^{(2)}: a layer written as a superscript
_TARGET_WORDS = {"target", "true", "t", "label", "actual", "truth", ""}


def _defined_nodes(example: Example, order: list) -> dict[str, object]:
    """An expression's nodes defined apart from the root's graph (not the givens only they use)."""
    return {k: n for k, n in example.named_nodes(order).items() if n.parents}


def _quantities(example: Example, order: list, reached: dict[str, object], every_node: bool,
                side: Collection[str]) -> dict[str, object]:
    """The nodes a document's numbers may name: those the root reaches, every defined one with
    ``every_node``, and the ``side`` ones whatever the root."""
    nodes = _defined_nodes(example, order) | reached if every_node else reached
    if side:
        named = example.named_nodes(order)
        nodes = {k: named[k] for k in side if k in named} | nodes
    return nodes


class Names:
    """The example's graph, read once: every node's name, aliases, value, gradient and local slope."""

    def __init__(self, example: Example, aliases: dict[str, str] | None = None,
                 every_node: bool = False, side: Collection[str] = ()) -> None:
        """``every_node``: an expression's nodes the root does not use are quantities too (when the
        root is only the graph's last node, not one the document differentiates); the givens only
        they use are not, and a derivative of the root by one of them is still unknown. ``side``:
        nodes that are quantities whatever the root (a formula a printed grid is equated with)."""
        root = example.loss()
        root.backward()
        order = topological_order(root)
        self.root = root.label or "L"
        self.learning_rate = example.learning_rate
        reached = {n.label: n for n in order if n.label}
        self.nodes = _quantities(example, order, reached, every_node, side)
        self.params = {name for name, _ in example.network.named_parameters()}
        self.biases = {n.parents[-1].label for n in order if n.op == "wsum" and len(n.parents) % 2 == 1}
        self.data = {k: n.data for k, n in self.nodes.items()}
        self.grad = {k: n.grad for k, n in reached.items()}
        self.slope = _slopes(self.nodes)
        root.zero_grad()
        known = example.aliases() if hasattr(example, "aliases") else example.node_aliases()
        known = {**known, **(aliases or {})}
        self.lookup = {k: k for k in self.nodes} | {a: t for a, t in known.items() if t in self.nodes}
        self.folded: dict[str, set[str]] = {}
        self._below: dict[str, set[str]] = {}
        for name, target in self.lookup.items():
            self.folded.setdefault(name.casefold(), set()).add(target)

    def find(self, base: str, sub: str) -> str | None:
        """The node a symbol names: exact spellings first (W_31, W31), then ignoring case (A_h1 → a_h1)."""
        spellings = [f"{base}_{sub}", f"{base}{sub}"] if sub else [base]
        for s in spellings:
            if s in self.lookup:
                return self.lookup[s]
        for s in spellings:
            hits = self.folded.get(s.casefold(), set())
            if len(hits) == 1:
                return next(iter(hits))
        if base.casefold() == "y" and sub.casefold() in _TARGET_WORDS and "y" in self.nodes:
            return "y"
        return None

    def kind(self, name: str, after: int) -> str:
        if name in self.params:
            return "bias" if name in self.biases else "weight"
        if name == self.root:
            return "loss"
        node = self.nodes[name]
        if not node.parents:
            return "input"
        return "net_input" if node.op == "wsum" else "activation"

    def value(self, ref: Ref) -> float:
        """The engine's value of a quantity before any update (KeyError when there is none)."""
        q = ref.quantity
        if ref is LEARNING_RATE:
            return self.learning_rate
        if ref.after:
            raise KeyError(q)
        if "/" not in q:
            return self.data[q]
        top, bottom = (part[1:] for part in q.split("/", 1))
        return self.grad[bottom] if top == self.root else self.slope[(top, bottom)]

    # -- from a tree to a Ref
    def resolve(self, node: object, idx: dict[str, int] | None = None) -> Ref:
        node = unwrap(node)
        if isinstance(node, Sym):
            return self._symbol(node, idx or {})
        if isinstance(node, Deriv):
            return self._derivative(node, idx or {})
        if isinstance(node, Call) and quantity_call(node):
            return self._activation(node, idx or {})
        raise Unmapped(f"`{plain(node)}` is not one quantity")

    def _name(self, sym: Sym, idx: dict[str, int]) -> str:
        sub = "".join(str(idx.get(c, c)) for c in sym.sub)
        name = self.find(GREEK.get(sym.base, sym.base), sub) or self.find(sym.base, sub)
        if name is None and (split := split_index(Sym(sym.base, sub))) is not None:
            name = self.find(split.base, split.sub)  # w5 for the graph's w_5 (``update_names``)
        if name is None:
            shown = plain(Sym(sym.base, sub))
            generic = [c for c in sym.sub if c in INDEX_LETTERS and c not in idx]
            hint = (f" (`{sym.sub}` is a general index: state its range near the formula, e.g. "
                    f"`{generic[0]} = 1, 2`)" if generic else "")
            raise Unmapped(f"no quantity named {shown}{hint}; add an alias in the setup", Sym(sym.base, sub))
        return name

    def _symbol(self, sym: Sym, idx: dict[str, int]) -> Ref:
        if sym.base in _LEARNING_RATE_SYMBOLS and not sym.sub:
            return LEARNING_RATE
        counted = self._counted(sym, idx)
        if counted is not None:
            return counted
        layer = _LAYER.match(sym.base)
        if layer and not sym.sub and self.find(sym.base, "") is None:  # δ^{(2)} is δ_2 when no δ^(2)
            sym = Sym(layer.group(1), layer.group(2), sym.tag)
        if sym.base == "delta":
            own = self.find("delta", "".join(str(idx.get(c, c)) for c in sym.sub))
            if own is not None and self.nodes[own].parents:  # the document defines its δ itself
                return Ref(own, 0, self.kind(own, 0))
            z = self._neuron_input(sym, idx)
            return Ref(f"d{self.root}/d{z}", 0, "delta" if self.nodes[z].op == "wsum" else "gradient")
        name = self._name(sym, idx)
        if sym.tag == "new" and name not in self.params:
            raise Unmapped(f"{name} is no parameter, so no update changes it")
        after = 1 if sym.tag == "new" else 0
        return Ref(name, after, self.kind(name, after))

    def _counted(self, sym: Sym, idx: dict[str, int]) -> Ref | None:
        """``w_5^{(2)}``: the parameter w_5 after 2 steps, when the graph has no such name (nor, for a
        ``w^{(2)}``, a ``w_2``: ``update_names``)."""
        counted = counted_update(sym)
        if counted is None or self.find(sym.base, sym.sub) is not None or (
                not sym.sub and self.find(counted[0].base, str(counted[1])) is not None):
            return None
        try:
            name = self._name(counted[0], idx)
        except Unmapped:
            return None
        return Ref(name, counted[1], self.kind(name, counted[1])) if name in self.params else None

    def _neuron_input(self, sym: Sym, idx: dict[str, int]) -> str:
        for base in ("z", "Z", "net"):
            try:
                return self._name(Sym(base, sym.sub), idx)
            except Unmapped:
                continue
        raise Unmapped(f"no neuron {plain(Sym('delta', sym.sub))} (no net input z_{sym.sub}); "
                        "add an alias in the setup")

    def _derivative(self, node: Deriv, idx: dict[str, int]) -> Ref:
        spelled = self.lookup.get(plain(node)) if not idx else None  # the code's dJda2 for ∂J/∂a_2
        if spelled is not None:
            return Ref(spelled, 0, self.kind(spelled, 0))
        top, bottom = self.resolve(node.top, idx), self.resolve(node.bottom, idx)
        for r in (top, bottom):
            if r.after or "/" in r.quantity or r is LEARNING_RATE:
                raise Unmapped(f"`{plain(node)}` is not a derivative of one node by another")
        if not self._depends(top.quantity, bottom.quantity):
            raise Unmapped(f"`{plain(node)}`: in the graph read, {top.quantity} is not computed from "
                           f"{bottom.quantity} (a given, or not defined from it)")
        if top.quantity == self.root:
            return Ref(f"d{self.root}/d{bottom.quantity}", 0, "gradient")
        return Ref(f"d{top.quantity}/d{bottom.quantity}", 0, "derivative")

    def depends(self, top: str, bottom: str) -> bool:
        """Is the quantity ``top`` computed from ``bottom``? False for a name the graph does not have."""
        return top in self.nodes and self._depends(top, bottom)

    def _depends(self, top: str, bottom: str) -> bool:
        """Is ``bottom`` on a path into ``top`` (or ``top`` itself)? The nodes each top depends on are
        found once."""
        if top == self.root:
            return bottom in self.grad
        if top not in self._below:
            self._below[top] = {n.label for n in topological_order(self.nodes[top]) if n.label}
        return bottom in self._below[top]

    def _activation(self, node: Call, idx: dict[str, int]) -> Ref:
        z = self.resolve(node.arg, idx).quantity
        outs = [a for (a, parent) in self.slope if parent == z]
        if len(outs) != 1:
            raise Unmapped(f"`{plain(node)}`: {z} feeds {'no' if not outs else 'more than one'} activation")
        if node.name.endswith("'"):
            return Ref(f"d{outs[0]}/d{z}", 0, "derivative")
        return Ref(outs[0], 0, self.kind(outs[0], 0))

    def identify(self, node: object) -> tuple[Ref | None, str]:
        """The one quantity an expression of quantities equals in the engine (W31·δ_o1 → dL/da_h1).

        Only the engine's exact value of the expression is compared (never a printed number), and
        only an unambiguous answer counts: a derivative of the loss by a node, else a local slope,
        else a node's value; zero identifies nothing.
        """
        try:
            target = evaluate(node, lambda leaf: self.value(self.resolve(leaf)))
        except (KeyError, Unmapped, ArithmeticError, ValueError):
            return None, "it uses a quantity the reader cannot evaluate"
        if target == 0 or not math.isfinite(target):
            return None, f"it is {target:g}, which names no single quantity"
        classes = [
            [Ref(f"d{self.root}/d{k}", 0, "gradient") for k, g in self.grad.items()
             if k != self.root and self.nodes[k].parents and same(g, target)],
            [Ref(f"d{a}/d{z}", 0, "derivative") for (a, z), s in self.slope.items() if same(s, target)],
            [Ref(k, 0, self.kind(k, 0)) for k, v in self.data.items()
             if self.nodes[k].parents and not is_part(k) and same(v, target)],
        ]
        for refs in classes:
            if len(refs) == 1:
                return refs[0], "its engine value"
            if len(refs) > 1:
                return None, f"its value fits {', '.join(r.quantity for r in refs)} alike"
        return None, "no single quantity of the network has its value"


def _slopes(nodes: dict) -> dict[tuple[str, str], float]:
    """Each node of one named input with its local slope, (node, input) → slope; a part of a formula
    (``parts``) is no activation of its input."""
    return {(k, n.parents[0].label): n.local_grads[0] for k, n in nodes.items()
            if len(n.parents) == 1 and n.parents[0].label and not is_part(k)}


def same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b))


