"""Draw a computation graph with graphviz, and step through its backward pass frame by frame.

``draw(root)`` returns a ``graphviz.Digraph``: one record per value (name | data | grad) and one
small node per operation, laid out left to right, so a learner sees the same graph the engine
walks. Jupyter shows the returned object inline (``Digraph`` has ``_repr_mimebundle_``).

What is drawn, and why:

* Leaves are *parameters* when the caller says so (``params=`` some Values or an ``nn`` module),
  otherwise *inputs or constants*; the root is drawn as the *loss*; everything else is an
  *intermediate*. Each kind has its own colour and shape, explained by a legend. The network's
  inputs (leaves feeding a neuron) form the leftmost column.
* Before ``backward()`` (every grad is 0, the root's too) the records show no gradient and the
  drawing says "gradients not computed yet", rather than zeros that look like results.
* Node ids come from the topological order, never from ``id()``, so the dot source is the same on
  every run (the golden-file test relies on it). A value used twice has two edges.
* ``step=k`` highlights the k-th backward step: the k-th node of ``reversed(topological_order)``
  that has parents. The records then show the gradients exactly as ``backward`` holds them right
  after that step (recomputed from the nodes' ``local_grads`` in the engine's order, so the last
  step equals ``.grad`` after ``backward()``), and the edges that receive a contribution are
  labelled ``+= local × grad``. Nodes not reached yet show "grad —". Edge labels are real dot
  labels (laid out with the nodes), so they never sit on a node or on each other.
* Numbers have ``precision`` significant digits, written positionally (0.0000508, not 5.08e-05)
  between 10⁻⁶ and 10⁷, so neighbouring numbers read alike.
* Drawn from an ``nn`` module, nodes are grouped into one cluster per layer and per neuron, read
  from the labels ``nn`` gives them (``L1.N2.z`` for an MLP, ``z_h1``/``a_o1`` for the documents'
  network); a parameter joins the neuron that consumes it. Above ``COLLAPSE_ABOVE`` values a
  picture stops being readable, so each neuron is then drawn as a single box (and the drawing says
  so).
* ``dot`` needs minutes and gigabytes for graphs of many thousand boxes: above ``MAX_ELEMENTS`` boxes
  and circles a grouped graph is collapsed, and any other is refused (DrawingTooLargeError) with
  what to do instead.

The stepping page (``stepper_html``) is in ``autograd.drawing.page``; writing files
(``save_drawing``, ``write_frames``) in ``autograd.drawing.saving``.

Unlabelled intermediates are named t1, t2, ... in topological order and unlabelled leaves by their
value, the rule the step tracer uses too. ``import autograd`` does not load graphviz; drawing does.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from autograd.engine import Value, propagate_node, topological_order
from autograd.naming import node_names
from autograd.ops import op_of

if TYPE_CHECKING:
    import graphviz

__all__ = [
    "COLLAPSE_ABOVE",
    "MAX_ELEMENTS",
    "DotNotFoundError",
    "DrawingTooLargeError",
    "draw",
    "draw_steps",
]

# Above this many values (records) a drawing grouped by neuron is collapsed to one box per neuron.
# A 2-4-4-1 MLP with its loss has about 70 values and still reads well on a laptop screen; a
# 2-8-8-1 one (about 160) is a wall of records, so the limit sits between the two.
COLLAPSE_ABOVE = 80
# Above this many boxes, circles and edges dot's layout takes seconds and grows quadratically
# (measured: a chain of 4,000 values, half of them constants, 10,000 elements: 3 s; 20,000 values
# with the constants: over a minute and gigabytes): a grouped graph is collapsed, any other refused.
MAX_ELEMENTS = 10_000

INSTALL_DOT = "'sudo apt-get install graphviz' (Debian/Ubuntu) or 'brew install graphviz' (macOS)"

FONT = "Helvetica"
NODE_FONTSIZE = 11  # points; the page opens with this text at >= 12 CSS pixels
HIGHLIGHT = "#c026d3"  # the node being processed and the contributions it sends
KINDS = {
    # kind: (legend text, node attributes)
    "input": ("input or constant", {"shape": "record", "fillcolor": "#dbeafe", "color": "#1d4ed8"}),
    "parameter": ("parameter", {"shape": "Mrecord", "fillcolor": "#fef3c7", "color": "#b45309"}),
    "intermediate": ("intermediate", {"shape": "record", "fillcolor": "#ffffff", "color": "#4b5563"}),
    "loss": ("root: backward starts here", {"shape": "record", "fillcolor": "#fee2e2", "color": "#b91c1c",
                                 "penwidth": "2"}),
}
NOT_REACHED = "—"

# Neuron membership from the labels nn gives: "L2.N3.z" (MLP) or "z_h1" / "a_o1" (documents).
_MLP_LABEL = re.compile(r"^(L\d+)\.(N\d+)\.")
_DOC_LABEL = re.compile(r"^[za]_([a-z]+)(\d+)$")
_DOC_LAYERS = {"h": "hidden layer", "o": "output layer"}


class DotNotFoundError(RuntimeError):
    """graphviz's ``dot`` program is missing; the message gives the command that installs it."""


class DrawingTooLargeError(ValueError):
    """The graph has more boxes than ``dot`` lays out in reasonable time; the message says what to do."""


class HasParameters(Protocol):
    """What ``draw`` needs from an ``nn`` module: its parameters."""

    def parameters(self) -> list[Value]: ...


Params = Iterable[Value] | HasParameters | None


# ---- the graph, analysed once per root ------------------------------------------------------
@dataclass
class _Neuron:
    """A neuron cluster: the values it owns, in topological order."""

    name: str
    layer: str
    members: list[int] = field(default_factory=list)


@dataclass
class _Graph:
    root: Value
    order: list[Value]
    index: dict[Value, int]
    names: list[str]
    kinds: list[str]
    steps: list[int]  # topological indices of the nodes backward processes, in its order
    precision: int
    neurons: list[_Neuron]
    layers: list[str]
    neuron_of: dict[int, int]  # topological index -> index into neurons
    collapsed: bool
    rankdir: str = "LR"  # "LR" or "TB", chosen from the graph's shape (_choose_layout)

    def hidden(self, i: int) -> bool:
        """Whether value i is inside a collapsed neuron box (not drawn on its own)."""
        return self.collapsed and i in self.neuron_of

    def target(self, i: int) -> str:
        """The dot node that stands for value i: its record, or its neuron's box."""
        return f"neuron{self.neuron_of[i]}" if self.hidden(i) else _vid(i)


def _fmt(x: float, precision: int) -> str:
    """``precision`` significant digits; positional between 1e-6 and 1e7 (no "-0", no 5e-05)."""
    if x == 0:
        return "0"
    short = f"{x:.{precision}g}"
    if not 1e-6 <= abs(float(short)) < 1e7:
        return short  # scientific where positional would be a row of zeros (or inf/nan)
    return format(Decimal(short), "f")


def _neuron_key(label: str) -> tuple[str, str] | None:
    """(layer, neuron) for a label nn gave a neuron's node, else None."""
    m = _MLP_LABEL.match(label)
    if m:
        return m[1], f"{m[1]}.{m[2]}"
    m = _DOC_LABEL.match(label)
    if m:
        return _DOC_LAYERS.get(m[1], f"layer {m[1]}"), f"{m[1]}{m[2]}"
    return None


def _parameter_set(params: Params) -> tuple[set[Value], bool]:
    """The parameters as a set, and whether they came from a module (which turns grouping on)."""
    if params is None:
        return set(), False
    is_module = callable(getattr(params, "parameters", None))
    values = list(params.parameters() if is_module else params)  # type: ignore[union-attr]
    for v in values:
        if not isinstance(v, Value):
            raise TypeError(
                f"params must be Values or an nn module, got {type(v).__name__} {v!r} among them"
            )
    return set(values), is_module


def _check_arguments(root: object, precision: object) -> None:
    if not isinstance(root, Value):
        raise TypeError(
            f"draw() needs the Value at the root of the graph (e.g. the loss), "
            f"got {type(root).__name__}"
        )
    if isinstance(precision, bool) or not isinstance(precision, int) or not 1 <= precision <= 17:
        raise ValueError(f"precision is a number of significant digits from 1 to 17, got {precision!r}")


def _kinds(order: list[Value], root: Value, param_set: set[Value]) -> list[str]:
    def kind(node: Value) -> str:
        if node is root:
            return "loss"
        if node.parents:
            return "intermediate"
        return "parameter" if node in param_set else "input"

    return [kind(node) for node in order]


def _group_neurons(
    order: list[Value], index: dict[Value, int], kinds: list[str]
) -> tuple[list[_Neuron], list[str], dict[int, int]]:
    """Neurons (in forward order), layers, and the neuron each grouped value belongs to."""
    neurons: list[_Neuron] = []
    layers: list[str] = []
    neuron_of: dict[int, int] = {}
    by_name: dict[str, int] = {}
    # Operations first, so layers and neurons come in the order the forward pass builds them.
    ops_first = sorted(range(len(order)), key=lambda i: not order[i].parents)
    for i in ops_first:
        key = _neuron_key(order[i].label) if order[i].label else None
        if key is None:
            continue
        layer, name = key
        if name not in by_name:
            by_name[name] = len(neurons)
            neurons.append(_Neuron(name, layer))
            if layer not in layers:
                layers.append(layer)
        neuron_of[i] = by_name[name]
    # A parameter with no neuron label joins the one neuron that consumes it (W31 -> z_o1).
    consumers: dict[int, set[int]] = {}
    for i, node in enumerate(order):
        for p in node.parents:
            consumers.setdefault(index[p], set()).add(neuron_of.get(i, -1))
    for i, kind in enumerate(kinds):
        users = consumers.get(i, set())
        if kind == "parameter" and i not in neuron_of and len(users) == 1 and -1 not in users:
            neuron_of[i] = next(iter(users))
    for i in sorted(neuron_of):
        neurons[neuron_of[i]].members.append(i)
    return neurons, layers, neuron_of


def _drawn_size(order: list[Value], index: dict[Value, int], neuron_of: dict[int, int],
                collapsed: bool) -> int:
    """Boxes and edges dot would lay out (what its layout time grows with): one box per value
    (its operation is written in it) or per collapsed neuron, one edge per use."""
    def hidden(i: int) -> bool:
        return collapsed and i in neuron_of

    nodes = len(set(neuron_of.values())) if collapsed else 0
    edges = 0
    for i, node in enumerate(order):
        nodes += not hidden(i)
        for parent in node.parents:
            p = index[parent]
            edges += not (hidden(i) and hidden(p) and neuron_of[i] == neuron_of[p])
    return nodes + edges


def _refuse_too_large(root_name: str, nvalues: int, size: int, limit: int, grouped: bool) -> None:
    how = ("collapsing its neurons does not make it small enough" if grouped else
           "for a network, pass the model as params= to draw one box per neuron")
    raise DrawingTooLargeError(
        f"the graph of {root_name!r} is too large to draw: {nvalues} values, {size} boxes "
        f"and edges to lay out, more than the {limit} graphviz's dot lays out in "
        f"seconds; {how}, draw a part of it (draw() an intermediate value), use trace() / "
        f"`stepgrad steps` for the numbers, or draw(..., max_elements=None) to try anyway"
    )


def _analyse(
    root: Value, params: Params, precision: int, group: bool | None, collapse: bool | None,
    max_elements: int | None = MAX_ELEMENTS, title: str = "", legend: bool = True,
) -> _Graph:
    _check_arguments(root, precision)
    param_set, from_module = _parameter_set(params)
    order = topological_order(root)
    index = {node: i for i, node in enumerate(order)}
    kinds = _kinds(order, root, param_set)
    steps = [index[n] for n in reversed(order) if n.parents]
    grouping = group if group is not None else from_module
    neurons, layers, neuron_of = _group_neurons(order, index, kinds) if grouping else ([], [], {})
    limit = MAX_ELEMENTS if max_elements is None else max_elements
    collapsed = bool(neurons) and (
        collapse if collapse is not None
        else len(order) > COLLAPSE_ABOVE or _drawn_size(order, index, neuron_of, False) > limit
    )
    names = node_names(root)  # the step tracer's names, so a picture and a step table agree
    size = _drawn_size(order, index, neuron_of, collapsed)
    if max_elements is not None and size > max_elements:
        _refuse_too_large(names[root], len(order), size, max_elements, bool(neurons))
    g = _Graph(root, order, index, [names[n] for n in order], kinds, steps, precision, neurons,
               layers, neuron_of, collapsed)
    g.rankdir = _choose_layout(g, size, title, legend)
    return g


# The box a drawing should fit best: a laptop window, a notebook cell or a README column (points).
FIT_BOX = (800, 560)
MEASURE_UP_TO = 3_000  # drawn elements laid out in both directions to compare; above: estimated


def _extent_estimate(g: _Graph, rankdir: str) -> tuple[float, float]:
    """Width and height (points) from the ranks: depth × rank size by breadth × box size."""
    level: dict[int, int] = {}
    for i, node in enumerate(g.order):  # topological: parents first
        level[i] = 1 + max((level[g.index[p]] for p in node.parents), default=-1)
    depth = max(level.values()) + 1
    breadth = max(list(level.values()).count(k) for k in set(level.values()))
    box_w, box_h = 95.0, 48.0  # a stacked record: name, data, grad
    if rankdir == "LR":
        return depth * (box_w + 22), breadth * (box_h + 11)
    return breadth * (box_w + 11), depth * (box_h + 22)


def _extent_measured(g: _Graph, rankdir: str, title: str, legend: bool) -> tuple[float, float] | None:
    """Width and height (points) of the drawing dot makes in this direction; None without dot."""
    import graphviz

    g.rankdir = rankdir
    frame, notes = _frame_for(g, None)
    try:
        dot = _build(g, frame, [title, *notes] if title else notes, legend)
        plain = dot.pipe(format="plain").decode("utf-8")
    except graphviz.ExecutableNotFound:
        return None
    _, _, width, height = plain.split("\n", 1)[0].split()[:4]
    return float(width) * 72, float(height) * 72


def _choose_layout(g: _Graph, size: int, title: str, legend: bool) -> str:
    """Left to right or top to bottom, whichever shows the graph larger in FIT_BOX, but never one
    wider than 2:1 when the other is not: a chain of twenty operations is drawn downwards."""
    extents = {}
    for rankdir in ("TB", "LR"):
        measured = _extent_measured(g, rankdir, title, legend) if size <= MEASURE_UP_TO else None
        extents[rankdir] = measured or _extent_estimate(g, rankdir)

    def score(rankdir: str) -> tuple[bool, float]:
        w, h = extents[rankdir]
        return w <= 2 * h, min(FIT_BOX[0] / w, FIT_BOX[1] / h)

    return max(("TB", "LR"), key=score)


def _gradients_computed(g: _Graph) -> bool:
    return not (g.root.grad == 0.0 and all(n.grad == 0.0 for n in g.order))


@dataclass
class _Sent:
    """One backward step as the drawing needs it: what node ``i`` sent to each parent use."""

    k: int
    i: int
    grad: float  # node i's gradient, complete when it is processed
    uses: list[tuple[int, int, float, float]]  # (use position, parent index, local, contribution)


def _sweep(g: _Graph, grads: dict[Value, float], upto: int | None = None) -> Iterator[_Sent]:
    """Backward's steps through the engine's chain-rule kernel, on a private gradient map.

    ``grads`` starts empty and holds, after each yielded step, the gradients as backward has them;
    the graph's own ``.grad`` values are not touched.
    """
    grads[g.root] = 1.0
    for k, i in enumerate(g.steps[:upto], 1):
        node = g.order[i]
        uses: list[tuple[int, int, float, float]] = []
        sent = grads.get(node, 0.0)
        propagate_node(node, grads=grads, on_contribution=lambda _node, parent, local, c, uses=uses:
                       uses.append((len(uses), g.index[parent], local, c)))
        yield _Sent(k, i, sent, uses)


def _grads_after(g: _Graph, k: int) -> dict[int, float]:
    """Gradients as backward holds them right after its k-th step (the engine's arithmetic)."""
    grads: dict[Value, float] = {}
    for _ in _sweep(g, grads, k):
        pass
    return {g.index[node]: grad for node, grad in grads.items()}


def _sent_at(g: _Graph, k: int) -> _Sent:
    grads: dict[Value, float] = {}
    return list(_sweep(g, grads, k))[-1]


def _check_step(g: _Graph, step: int) -> None:
    n = len(g.steps)
    if n == 0:
        raise ValueError(
            f"the root {g.names[g.index[g.root]]!r} is a leaf: its graph has no backward step to show"
        )
    if isinstance(step, bool) or not isinstance(step, int) or not 1 <= step <= n:
        raise ValueError(f"step {step!r} does not exist: this graph has {n} backward steps, 1 to {n}")


# ---- what one picture shows ------------------------------------------------------------------
def _vid(i: int) -> str:
    return f"v{i}"


def _opid(i: int) -> str:
    return f"op{i}"


def _eid(i: int, j: int) -> str:
    return f"e{i}_{j}"


@dataclass
class _Frame:
    """One picture's state: gradient texts, the processed node, the highlighted edges."""

    grad_of: Callable[[int], str | None]
    processed: int | None = None
    highlighted: set[tuple[int, int]] = field(default_factory=set)  # edges coloured (a step's picture)
    ids: bool = False  # give nodes and edges SVG ids (the stepping page addresses them)
    fields: dict[str, list[str]] | None = None  # dot node -> field texts, overriding the computed


def _value_fields(g: _Graph, i: int, grad: str | None) -> list[str]:
    node = g.order[i]
    name = f"{g.names[i]} ({op_of(node).symbol})" if node.parents else g.names[i]
    fields = [name, f"data {_fmt(node.data, g.precision)}"]
    if grad is not None:
        fields.append(f"grad {grad}")
    return fields


def _short(label: str, neuron: str) -> str:
    if label.startswith(neuron + "."):
        return label[len(neuron) + 1:]
    return label.split("_")[0] if "_" in label else label


def _neuron_fields(g: _Graph, n: _Neuron, grad_of: Callable[[int], str | None]) -> list[str]:
    ops = [i for i in n.members if g.order[i].parents]
    fields = [n.name]
    fields += [f"{_short(g.names[i], n.name)} {_fmt(g.order[i].data, g.precision)}" for i in ops]
    if ops and grad_of(ops[-1]) is not None:
        fields.append(f"grad {_short(g.names[ops[-1]], n.name)} {grad_of(ops[-1])}")
    nparams = len(n.members) - len(ops)
    fields.append(f"{nparams} parameter{'s' * (nparams != 1)}")
    return fields


def _box(fields: list[str], style: dict[str, str]) -> str:
    """The fields stacked, a line between them, in the kind's colours: an HTML-like label (dot
    loses edges between records drawn side by side, as a parameter is beside what it makes)."""
    line = ' sides="t" border="1"'  # a line above every field but the first
    rows = "".join(f"<tr><td{line if k else ''}>{html.escape(f)}</td></tr>" for k, f in enumerate(fields))
    rounded = ' style="rounded"' if style.get("shape") == "Mrecord" else ""
    return (f'<<table border="{style.get("penwidth", "1")}" cellborder="0" cellspacing="0" cellpadding="1" '
            f'bgcolor="{style["fillcolor"]}" color="{style["color"]}"{rounded}>{rows}</table>>')


def _step_parts(g: _Graph, sent: _Sent) -> tuple[str, list[str]]:
    """What a step does: the node that sends, then one ``parent += local × grad = contribution``
    per use."""
    p = g.precision
    op = op_of(g.order[sent.i]).symbol
    head = f"{g.names[sent.i]} ({op}, grad {_fmt(sent.grad, p)}) sends local × grad to its inputs:"
    return head, [f"{g.names[parent]} += {_fmt(local, p)} × {_fmt(sent.grad, p)} = {_fmt(c, p)}"
                  for _, parent, local, c in sent.uses]


def step_caption(g: _Graph, sent: _Sent) -> str:
    """The stepping page's caption of a step, on one line (a step picture writes it a use a line)."""
    head, parts = _step_parts(g, sent)
    return f"{head} " + "; ".join(parts)


def _frame_for(g: _Graph, step: int | None) -> tuple[_Frame, list[str]]:
    """The frame of a single picture, and the notes printed on top of it."""
    if step is not None:
        _check_step(g, step)
        partial = _grads_after(g, step)
        sent = _sent_at(g, step)
        frame = _Frame(
            lambda i: _fmt(partial[i], g.precision) if i in partial else NOT_REACHED,
            processed=sent.i,
            highlighted={(sent.i, j) for j, _, _, _ in sent.uses},
        )
        head, parts = _step_parts(g, sent)
        return frame, [f"backward step {step} of {len(g.steps)}: {head}", *(f"• {part}" for part in parts),
                       f"({NOT_REACHED}: not reached yet)"]
    if _gradients_computed(g):
        return _Frame(lambda i: _fmt(g.order[i].grad, g.precision)), []
    return _Frame(lambda i: None), ["gradients not computed yet: call backward() on the root to fill them in"]


# ---- building the dot source: graph attributes, values and clusters, edges, legend ----------
@functools.cache
def _drawing_class() -> type[graphviz.Digraph]:
    import graphviz

    class Drawing(graphviz.Digraph):
        """A ``graphviz.Digraph`` that Jupyter shows scaled to the cell (its SVG has a viewBox only)."""

        def _repr_image_svg_xml(self) -> str:
            return scalable_svg(self.pipe(format="svg")).decode("utf-8")

    return Drawing


def _new_digraph(g: _Graph, label: str) -> graphviz.Digraph:
    dot = _drawing_class()("computation_graph")
    dot.attr(rankdir=g.rankdir, fontname=FONT, labelloc="t", labeljust="l", fontsize=str(NODE_FONTSIZE),
             newrank="true", nodesep="0.08", ranksep="0.25")
    dot.attr("node", fontname=FONT, fontsize=str(NODE_FONTSIZE))
    dot.attr("edge", fontname=FONT, fontsize=str(NODE_FONTSIZE), color="#6b7280", arrowsize="0.7")
    if label:
        dot.attr(label=label)
    return dot


def _collapse_note(g: _Graph) -> list[str]:
    if not g.collapsed:
        return []
    return [
        f"{len(g.neurons)} neurons drawn as one box each (the graph has {len(g.order)} values, "
        f"more than {COLLAPSE_ABOVE}); draw(..., collapse=False) draws every value"
    ]


_PROCESSED = {"color": HIGHLIGHT, "penwidth": "3", "fillcolor": "#fae8ff"}


def _add_value(container: graphviz.Digraph, g: _Graph, i: int, frame: _Frame) -> None:
    style = dict(KINDS[g.kinds[i]][1], **(_PROCESSED if i == frame.processed else {}))
    fields = (frame.fields or {}).get(_vid(i)) or _value_fields(g, i, frame.grad_of(i))
    container.node(_vid(i), _box(fields, style), shape="plain", **({"id": _vid(i)} if frame.ids else {}))


def _add_neuron_box(container: graphviz.Digraph, g: _Graph, ni: int, frame: _Frame) -> None:
    n = g.neurons[ni]
    style = {"shape": "Mrecord", "fillcolor": "#ecfdf5", "color": "#047857"}
    style.update(_PROCESSED if frame.processed in n.members else {})
    fields = (frame.fields or {}).get(f"neuron{ni}") or _neuron_fields(g, n, frame.grad_of)
    container.node(f"neuron{ni}", _box(fields, style), shape="plain",
                   **({"id": f"neuron{ni}"} if frame.ids else {}))


def _add_clusters(dot: graphviz.Digraph, g: _Graph, frame: _Frame) -> None:
    """One cluster per layer, holding a cluster per neuron (or, collapsed, one box per neuron)."""
    for li, layer in enumerate(g.layers):
        with dot.subgraph(name=f"cluster_{li}") as lc:
            lc.attr(label=layer, style="rounded,dashed", color="#9ca3af", fontsize="10", margin="4")
            for ni, n in enumerate(g.neurons):
                if n.layer != layer:
                    continue
                if g.collapsed:
                    _add_neuron_box(lc, g, ni, frame)
                    continue
                with lc.subgraph(name=f"cluster_{li}_{ni}") as nc:
                    nc.attr(label=n.name, style="rounded", color="#d1d5db", fontsize="10", margin="4")
                    for i in n.members:
                        _add_value(nc, g, i, frame)


def _network_inputs(g: _Graph) -> list[int]:
    """Ungrouped leaves that feed a neuron: the network's inputs, drawn as the leftmost column."""
    feeding = {g.index[p] for i in g.neuron_of if g.order[i].parents for p in g.order[i].parents}
    return [i for i in sorted(feeding) if i not in g.neuron_of and not g.order[i].parents]


def _add_values(dot: graphviz.Digraph, g: _Graph, frame: _Frame) -> None:
    """Values in their neuron's cluster (or box), the rest at the top level, inputs leftmost."""
    if g.neurons:
        _add_clusters(dot, g, frame)
    inputs = _network_inputs(g)
    if inputs:
        with dot.subgraph(name="cluster_inputs") as c:
            c.attr(label="inputs", style="rounded,dashed", color="#9ca3af", fontsize="10", margin="4")
            for i in inputs:
                _add_value(c, g, i, frame)
    for i in range(len(g.order)):
        if i not in g.neuron_of and i not in inputs:
            _add_value(dot, g, i, frame)


def _edge_drawn(g: _Graph, i: int, p: int) -> bool:
    """Whether the use of value p by value i is an edge (not inside one collapsed neuron box)."""
    return not (g.hidden(i) and g.hidden(p) and g.neuron_of[i] == g.neuron_of[p])


def _add_edges(dot: graphviz.Digraph, g: _Graph, frame: _Frame) -> None:
    """Parent -> value, one edge per use, in topological order; the edges of the step shown point
    back to the parents, the way its gradient flows (the stepping page draws them alike).

    Edges from the network's inputs are two ranks long, so the inputs form their own row (or
    column); other leaves (parameters, constants) stand beside the value they go into, on its rank.
    """
    inputs = set(_network_inputs(g))
    for i, node in enumerate(g.order):
        for j, parent in enumerate(node.parents):
            if not _edge_drawn(g, i, g.index[parent]):
                continue
            attrs = {"id": _eid(i, j)} if frame.ids else {}
            if g.index[parent] in inputs:
                attrs["minlen"] = "2"
            elif not parent.parents:  # a parameter or constant: beside the value it goes into
                attrs["minlen"] = "0"
            if (i, j) in frame.highlighted:
                attrs.update(color=HIGHLIGHT, penwidth="2.5", dir="back")
            dot.edge(g.target(g.index[parent]), g.target(i), **attrs)


_STEP_LEGEND = ("processed at this step", {"fillcolor": "#fae8ff", "color": HIGHLIGHT})


def _legend_entries(g: _Graph, highlight: bool) -> list[tuple[str, dict[str, str]]]:
    """The kinds this graph has, in KINDS' order (and the step's colour when a step is shown)."""
    drawn = {g.kinds[i] for i in range(len(g.order)) if not g.hidden(i)}
    return [KINDS[kind] for kind in KINDS if kind in drawn] + ([_STEP_LEGEND] if highlight else [])


def _header_label(lines: list[str], legend: list[tuple[str, dict[str, str]]]) -> str:
    """The title and notes, then the legend as one row of coloured cells: an HTML-like label."""
    rows = "".join(f'<tr><td align="left" balign="left">{html.escape(line)}</td></tr>' for line in lines)
    if legend:
        cells = "".join(
            f'<td bgcolor="{attrs["fillcolor"]}" color="{attrs["color"]}" border="1" style="rounded">'
            f"{html.escape(text)}</td>" for text, attrs in legend)
        rows += ('<tr><td align="left"><table border="0" cellspacing="3" cellpadding="2"><tr>'
                 f"{cells}</tr></table></td></tr>")
    return f'<<table border="0" cellspacing="0" cellpadding="1">{rows}</table>>'


def _wrapped(notes: list[str], width: int = 60) -> list[str]:
    import textwrap

    return [line for note in notes for line in textwrap.wrap(note, width, break_on_hyphens=False)]


def _build(g: _Graph, frame: _Frame, notes: list[str], legend: bool = True) -> graphviz.Digraph:
    lines = _wrapped(notes + _collapse_note(g))
    entries = _legend_entries(g, frame.processed is not None) if legend else []
    dot = _new_digraph(g, _header_label(lines, entries) if lines or entries else "")
    _add_values(dot, g, frame)
    _add_edges(dot, g, frame)
    return dot


def _render(g: _Graph, step: int | None, title: str) -> graphviz.Digraph:
    frame, notes = _frame_for(g, step)
    return _build(g, frame, ([title] if title else []) + notes)


# ---- public API -------------------------------------------------------------------------------
def draw(
    root: Value,
    params: Params = None,
    *,
    precision: int = 4,
    step: int | None = None,
    group: bool | None = None,
    collapse: bool | None = None,
    title: str = "",
    max_elements: int | None = MAX_ELEMENTS,
) -> graphviz.Digraph:
    """The computation graph of ``root`` as a ``graphviz.Digraph`` (shown inline by Jupyter).

    ``params``: the Values (or an ``nn`` module) whose leaves are parameters; other leaves are
    drawn as inputs or constants. ``precision``: significant digits of data and grad.
    ``step``: highlight backward step ``step`` (1 = the root) and show gradients as they are
    right after it. ``group``: cluster by layer and neuron (default: when ``params`` is a
    module). ``collapse``: one box per neuron (default: when there are more than
    ``COLLAPSE_ABOVE`` values). ``title``: a line on top of the drawing. ``max_elements``: refuse
    (DrawingTooLargeError) a drawing with more boxes, circles and edges; None: no limit.
    """
    g = _analyse(root, params, precision, group, collapse, max_elements, title)
    return _render(g, step, title)


def draw_steps(
    root: Value,
    params: Params = None,
    *,
    precision: int = 4,
    group: bool | None = None,
    collapse: bool | None = None,
    title: str = "",
    max_elements: int | None = MAX_ELEMENTS,
) -> list[graphviz.Digraph]:
    """One drawing per backward step, in the order ``backward`` takes them."""
    g = _analyse(root, params, precision, group, collapse, max_elements, title)
    if not g.steps:
        _check_step(g, 1)
    return [_render(g, k, title) for k in range(1, len(g.steps) + 1)]


def scalable_svg(svg: bytes) -> bytes:
    """The SVG without its fixed size in points: its viewBox alone, so it scales to its container
    (a notebook cell, a README column, a browser tab) and shows the whole graph."""
    start = svg.index(b"<svg")
    end = svg.index(b">", start)
    tag = re.sub(rb'\s(width|height)="[^"]*pt"', b"", svg[start:end])
    return svg[:start] + tag + svg[end:]


def _pipe(dot: graphviz.Digraph, fmt: str) -> bytes:
    import graphviz

    try:
        return dot.pipe(format=fmt)
    except graphviz.ExecutableNotFound:
        raise DotNotFoundError(
            f"graphviz's dot program is not installed (it is needed to make {fmt.upper()} files): "
            f"install it with {INSTALL_DOT}, or write a .dot file instead"
        ) from None


