"""Draw a computation graph with graphviz, and step through its backward pass frame by frame.

``draw(root)`` returns a ``graphviz.Digraph``: one record per value (name | data | grad) and one
small node per operation, laid out left to right, so a learner sees the same graph the engine
walks. Jupyter shows the returned object inline (``Digraph`` has ``_repr_mimebundle_``).

What is drawn, and why:

* Leaves are *parameters* when the caller says so (``params=`` some Values or an ``nn`` module),
  otherwise *inputs or constants*; the root is drawn as the *loss*; everything else is an
  *intermediate*. Each kind has its own colour and shape, explained by a legend.
* Before ``backward()`` (every grad is 0, the root's too) the records show no gradient and the
  drawing says "gradients not computed yet", rather than zeros that look like results.
* Node ids come from the topological order, never from ``id()``, so the dot source is the same on
  every run (the golden-file test relies on it). A value used twice has two edges.
* ``step=k`` highlights the k-th backward step: the k-th node of ``reversed(topological_order)``
  that has parents. The records then show the gradients exactly as ``backward`` holds them right
  after that step (recomputed from the nodes' ``local_grads`` in the engine's order, so the last
  step equals ``.grad`` after ``backward()``), and the edges that receive a contribution are
  labelled ``+= local × grad``. Nodes not reached yet show "grad —".
* Drawn from an ``nn`` module, nodes are grouped into one cluster per layer and per neuron, read
  from the labels ``nn`` gives them (``L1.N2.z`` for an MLP, ``z_h1``/``a_o1`` for the documents'
  network); a parameter joins the neuron that consumes it. Above ``COLLAPSE_ABOVE`` values a
  picture stops being readable, so each neuron is then drawn as a single box (and the drawing says
  so).

Unlabelled intermediates are named t1, t2, ... in topological order and unlabelled leaves by their
value, the rule the step tracer uses too.
"""

from __future__ import annotations

import html
import json
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import graphviz

from autograd.engine import Value, propagate_node, topological_order
from autograd.ops import op_of
from autograd.trace import node_names

__all__ = [
    "COLLAPSE_ABOVE",
    "DotNotFoundError",
    "draw",
    "draw_steps",
    "save_drawing",
    "stepper_html",
    "write_frames",
]

# Above this many values (records) a drawing grouped by neuron is collapsed to one box per neuron.
# A 2-4-4-1 MLP with its loss has about 70 values and still reads well on a laptop screen; a
# 2-8-8-1 one (about 160) is a wall of records, so the limit sits between the two.
COLLAPSE_ABOVE = 80

INSTALL_DOT = "'sudo apt-get install graphviz' (Debian/Ubuntu) or 'brew install graphviz' (macOS)"
SUFFIXES = (".svg", ".png", ".dot", ".html")

FONT = "Helvetica"
HIGHLIGHT = "#c026d3"  # the node being processed and the contributions it sends
KINDS = {
    # kind: (legend text, node attributes)
    "input": ("input or constant", {"shape": "record", "fillcolor": "#dbeafe", "color": "#1d4ed8"}),
    "parameter": ("parameter", {"shape": "Mrecord", "fillcolor": "#fef3c7", "color": "#b45309"}),
    "intermediate": ("intermediate", {"shape": "record", "fillcolor": "#ffffff", "color": "#4b5563"}),
    "loss": ("loss (the root)", {"shape": "record", "fillcolor": "#fee2e2", "color": "#b91c1c",
                                 "penwidth": "2"}),
}

# Neuron membership from the labels nn gives: "L2.N3.z" (MLP) or "z_h1" / "a_o1" (documents).
_MLP_LABEL = re.compile(r"^(L\d+)\.(N\d+)\.")
_DOC_LABEL = re.compile(r"^[za]_([a-z]+)(\d+)$")
_DOC_LAYERS = {"h": "hidden layer", "o": "output layer"}


class DotNotFoundError(RuntimeError):
    """graphviz's ``dot`` program is missing; the message gives the command that installs it."""


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


def _fmt(x: float, precision: int) -> str:
    return f"{(x if x != 0 else 0.0):.{precision}g}"  # no "-0"


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


def _analyse(
    root: Value, params: Params, precision: int, group: bool | None, collapse: bool | None
) -> _Graph:
    if not isinstance(root, Value):
        raise TypeError(
            f"draw() needs the Value at the root of the graph (e.g. the loss), "
            f"got {type(root).__name__}"
        )
    if isinstance(precision, bool) or not isinstance(precision, int) or not 1 <= precision <= 17:
        raise ValueError(f"precision is a number of significant digits from 1 to 17, got {precision!r}")
    param_set, from_module = _parameter_set(params)
    order = topological_order(root)
    index = {node: i for i, node in enumerate(order)}
    kinds = []
    for node in order:
        if node is root:
            kinds.append("loss")
        elif node.parents:
            kinds.append("intermediate")
        else:
            kinds.append("parameter" if node in param_set else "input")
    steps = [index[n] for n in reversed(order) if n.parents]

    neurons: list[_Neuron] = []
    layers: list[str] = []
    neuron_of: dict[int, int] = {}
    if group if group is not None else from_module:
        by_name: dict[str, int] = {}
        # Operations first, so layers and neurons come in the order the forward pass builds them.
        for i in [i for i, n in enumerate(order) if n.parents] + [i for i, n in enumerate(order)
                                                                   if not n.parents]:
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
    collapsed = bool(neurons) and (collapse if collapse is not None else len(order) > COLLAPSE_ABOVE)
    names = node_names(root)  # the step tracer's names, so a picture and a step table agree
    return _Graph(root, order, index, [names[n] for n in order], kinds, steps, precision, neurons, layers,
                  neuron_of, collapsed)


def _gradients_computed(g: _Graph) -> bool:
    return not (g.root.grad == 0.0 and all(n.grad == 0.0 for n in g.order))


def _grads_after(g: _Graph, k: int) -> dict[int, float]:
    """Gradients as backward holds them right after its k-th step (the engine's arithmetic)."""
    grads = {g.root: 1.0}
    for i in g.steps[:k]:
        propagate_node(g.order[i], grads=grads)  # the engine's chain rule, on a copy of the gradients
    return {g.index[node]: grad for node, grad in grads.items()}


def _check_step(g: _Graph, step: int) -> None:
    n = len(g.steps)
    if n == 0:
        raise ValueError(
            f"the root {g.names[g.index[g.root]]!r} is a leaf: its graph has no backward step to show"
        )
    if isinstance(step, bool) or not isinstance(step, int) or not 1 <= step <= n:
        raise ValueError(f"step {step!r} does not exist: this graph has {n} backward steps, 1 to {n}")


# ---- one drawing ------------------------------------------------------------------------------
_RECORD_SPECIAL = re.compile(r'([\\{}|<>"])')


def _esc(text: str) -> str:
    """Escape what a record label would read as structure ({ } | < >) or as an escape."""
    return _RECORD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def _vid(i: int) -> str:
    return f"v{i}"


def _opid(i: int) -> str:
    return f"op{i}"


def _value_label(g: _Graph, i: int, grad: str | None) -> str:
    node = g.order[i]
    fields = [_esc(g.names[i]), f"data {_fmt(node.data, g.precision)}"]
    if grad is not None:
        fields.append(f"grad {grad}")
    return "{" + " | ".join(fields) + "}"


def _short(label: str, neuron: str) -> str:
    if label.startswith(neuron + "."):
        return label[len(neuron) + 1:]
    return label.split("_")[0] if "_" in label else label


def _neuron_label(g: _Graph, n: _Neuron, grad_of) -> str:
    ops = [i for i in n.members if g.order[i].parents]
    fields = [_esc(n.name)]
    fields += [f"{_esc(_short(g.names[i], n.name))} {_fmt(g.order[i].data, g.precision)}" for i in ops]
    if ops and grad_of(ops[-1]) is not None:
        fields.append(f"grad {_esc(_short(g.names[ops[-1]], n.name))} {grad_of(ops[-1])}")
    nparams = len(n.members) - len(ops)
    fields.append(f"{nparams} parameter{'s' * (nparams != 1)}")
    return "{" + " | ".join(fields) + "}"


def _legend(dot: graphviz.Digraph, highlight: bool) -> None:
    with dot.subgraph(name="cluster_legend") as c:
        c.attr(label="legend", style="rounded", color="#9ca3af", fontsize="11")
        for kind, (text, attrs) in KINDS.items():
            c.node(f"legend_{kind}", f"{{{text}}}", style="filled", fontsize="10", **attrs)
        ids = [f"legend_{kind}" for kind in KINDS]
        if highlight:
            c.node("legend_step", "{processed at this step}", shape="record", style="filled",
                   fillcolor="#fae8ff", color=HIGHLIGHT, penwidth="3", fontsize="10")
            ids.append("legend_step")
        for a, b in zip(ids, ids[1:]):  # one row, not a tall column beside the inputs
            c.edge(a, b, style="invis")


def _render(g: _Graph, step: int | None, title: str) -> graphviz.Digraph:
    dot = graphviz.Digraph("computation_graph")
    dot.attr(rankdir="LR", fontname=FONT, labelloc="t", labeljust="l", fontsize="12")
    dot.attr("node", fontname=FONT, fontsize="11")
    dot.attr("edge", fontname=FONT, fontsize="9", color="#6b7280")

    notes = [title] if title else []
    processed: int | None = None
    if step is not None:
        _check_step(g, step)
        processed = g.steps[step - 1]
        partial = _grads_after(g, step)

        def grad_of(i: int) -> str | None:
            return _fmt(partial[i], g.precision) if i in partial else "—"

        node = g.order[processed]
        op = op_of(node).symbol
        notes.append(
            f"backward step {step} of {len(g.steps)}: {g.names[processed]} ({op}) passes its gradient "
            f"to its inputs; the highlighted edges add local × grad to them (— = not reached yet)"
        )
    elif _gradients_computed(g):

        def grad_of(i: int) -> str | None:
            return _fmt(g.order[i].grad, g.precision)

    else:

        def grad_of(i: int) -> str | None:
            return None

        notes.append("gradients not computed yet: call backward() on the root to fill them in")
    if g.collapsed:
        notes.append(
            f"{len(g.neurons)} neurons drawn as one box each (the graph has {len(g.order)} values, "
            f"more than {COLLAPSE_ABOVE}); draw(..., collapse=False) draws every value"
        )
    if notes:
        dot.attr(label="\n".join(notes).replace("\n", "\\l") + "\\l")

    hidden = set(g.neuron_of) if g.collapsed else set()  # values inside a collapsed neuron box

    def target(i: int) -> str:
        """Where a drawn edge ends or starts for value i."""
        if i in hidden:
            return f"neuron{g.neuron_of[i]}"
        return _vid(i)

    def add_value(container: graphviz.Digraph, i: int) -> None:
        attrs = dict(KINDS[g.kinds[i]][1], style="filled")
        if i == processed:
            attrs.update(color=HIGHLIGHT, penwidth="3", fillcolor="#fae8ff")
        container.node(_vid(i), _value_label(g, i, grad_of(i)), **attrs)
        node = g.order[i]
        if node.parents:
            op_attrs = {"shape": "circle", "fontsize": "10", "margin": "0.02", "width": "0.35",
                        "style": "filled", "fillcolor": "#f3f4f6", "color": "#6b7280"}
            if i == processed:
                op_attrs.update(color=HIGHLIGHT, fillcolor="#f0abfc", penwidth="2")
            container.node(_opid(i), op_of(node).symbol, **op_attrs)

    # Values: in their neuron's cluster (or box), else at the top level.
    if g.neurons and not g.collapsed:
        for li, layer in enumerate(g.layers):
            with dot.subgraph(name=f"cluster_{li}") as lc:
                lc.attr(label=layer, style="rounded,dashed", color="#9ca3af", fontsize="11")
                for ni, n in enumerate(g.neurons):
                    if n.layer != layer:
                        continue
                    with lc.subgraph(name=f"cluster_{li}_{ni}") as nc:
                        nc.attr(label=n.name, style="rounded", color="#d1d5db", fontsize="10")
                        for i in n.members:
                            add_value(nc, i)
    elif g.collapsed:
        for li, layer in enumerate(g.layers):
            with dot.subgraph(name=f"cluster_{li}") as lc:
                lc.attr(label=layer, style="rounded,dashed", color="#9ca3af", fontsize="11")
                for ni, n in enumerate(g.neurons):
                    if n.layer == layer:
                        attrs = {"shape": "Mrecord", "style": "filled", "fillcolor": "#ecfdf5",
                                 "color": "#047857"}
                        if processed in n.members:
                            attrs.update(color=HIGHLIGHT, penwidth="3", fillcolor="#fae8ff")
                        lc.node(f"neuron{ni}", _neuron_label(g, n, grad_of), **attrs)
    for i in range(len(g.order)):
        if i not in g.neuron_of:
            add_value(dot, i)

    # Edges: parent -> operation -> value, one per use, in topological order.
    for i, node in enumerate(g.order):
        if not node.parents:
            continue
        child_gets = target(i) if i in hidden else _opid(i)
        if i not in hidden:
            dot.edge(_opid(i), _vid(i))
        cg = None
        if i == processed:
            cg = _grads_after(g, step - 1)[i]  # type: ignore[operator]  # its final grad, to be sent
        for parent, local in zip(node.parents, node.local_grads):
            p = g.index[parent]
            source = target(p)
            if source == child_gets:
                continue  # inside one collapsed neuron
            if cg is not None:
                # xlabel, not label: placed after layout, so every frame keeps the same layout.
                dot.edge(source, child_gets, xlabel=f"+= {_fmt(local * cg, g.precision)}",
                         color=HIGHLIGHT, fontcolor=HIGHLIGHT, penwidth="2.5", dir="back")
            else:
                dot.edge(source, child_gets)
    _legend(dot, processed is not None)
    return dot


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
) -> graphviz.Digraph:
    """The computation graph of ``root`` as a ``graphviz.Digraph`` (shown inline by Jupyter).

    ``params``: the Values (or an ``nn`` module) whose leaves are parameters; other leaves are
    drawn as inputs or constants. ``precision``: significant digits of data and grad.
    ``step``: highlight backward step ``step`` (1 = the root) and show gradients as they are
    right after it. ``group``: cluster by layer and neuron (default: when ``params`` is a
    module). ``collapse``: one box per neuron (default: when there are more than
    ``COLLAPSE_ABOVE`` values). ``title``: a line on top of the drawing.
    """
    return _render(_analyse(root, params, precision, group, collapse), step, title)


def draw_steps(
    root: Value,
    params: Params = None,
    *,
    precision: int = 4,
    group: bool | None = None,
    collapse: bool | None = None,
    title: str = "",
) -> list[graphviz.Digraph]:
    """One drawing per backward step, in the order ``backward`` takes them."""
    g = _analyse(root, params, precision, group, collapse)
    if not g.steps:
        _check_step(g, 1)
    return [_render(g, k, title) for k in range(1, len(g.steps) + 1)]


def _pipe(dot: graphviz.Digraph, fmt: str) -> bytes:
    try:
        return dot.pipe(format=fmt)
    except graphviz.ExecutableNotFound:
        raise DotNotFoundError(
            f"graphviz's dot program is not installed (it is needed to make {fmt.upper()} files): "
            f"install it with {INSTALL_DOT}, or write a .dot file instead"
        ) from None


def _svg(dot: graphviz.Digraph, prefix: str) -> str:
    """The drawing as an SVG element to inline in HTML: no XML prolog, ids made unique."""
    svg = _pipe(dot, "svg").decode("utf-8")
    svg = svg[svg.index("<svg"):]
    return re.sub(r'\bid="', f'id="{prefix}', svg)


def _step_caption(g: _Graph, k: int) -> str:
    i = g.steps[k - 1]
    node = g.order[i]
    grad = _grads_after(g, k - 1)[i]
    p = g.precision
    parts = [
        f"{g.names[g.index[parent]]} += {_fmt(local, p)} × {_fmt(grad, p)} = {_fmt(local * grad, p)}"
        for parent, local in zip(node.parents, node.local_grads)
    ]
    op = op_of(node).symbol
    return f"{g.names[i]} ({op}, grad {_fmt(grad, p)}) sends local × grad to its inputs: " + "; ".join(parts)


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: Helvetica, Arial, sans-serif; margin: 1em 2em; color: #111827; }}
h1 {{ font-size: 1.3em; }}
#controls {{ position: sticky; top: 0; background: #fff; padding: .5em 0; }}
#controls button {{ font-size: 1em; padding: .3em .9em; margin-right: .3em; }}
#counter {{ font-weight: bold; margin-left: .8em; }}
.frame {{ display: none; }}
.frame.current {{ display: block; }}
.caption {{ font-family: monospace; white-space: pre-wrap; }}
svg {{ max-width: 100%; max-height: calc(100vh - 8em); width: auto; height: auto; }}
</style>
<noscript><style>.frame {{ display: block; }}</style></noscript>
</head>
<body>
<h1>{title}</h1>
<p>Backward pass, one step at a time: each step takes one node, from the loss back to the inputs,
and adds local gradient × its gradient to each of its inputs (the highlighted edges).
Keys: ← and → step, space plays.</p>
<div id="controls">
<button id="prev" type="button">◀ previous</button><button id="play" type="button">▶ play</button><button
 id="next" type="button">next ▶</button><span id="counter">step {start} of {count}</span>
</div>
{frames}
<script>
(function () {{
  var frames = document.querySelectorAll(".frame"), n = frames.length, k = {start}, timer = null;
  var prev = document.getElementById("prev"), next = document.getElementById("next");
  var play = document.getElementById("play"), counter = document.getElementById("counter");
  function show(i) {{
    k = Math.min(Math.max(i, 1), n);
    for (var j = 0; j < n; j++) frames[j].classList.toggle("current", j === k - 1);
    counter.textContent = "step " + k + " of " + n;
    prev.disabled = k === 1;
    next.disabled = k === n;
    document.body.setAttribute("data-step", k);
  }}
  function stop() {{ clearInterval(timer); timer = null; play.textContent = "▶ play"; }}
  prev.onclick = function () {{ stop(); show(k - 1); }};
  next.onclick = function () {{ stop(); show(k + 1); }};
  play.onclick = function () {{
    if (timer) {{ stop(); return; }}
    if (k === n) show(1);
    play.textContent = "❚❚ pause";
    timer = setInterval(function () {{ show(k + 1); if (k >= n) stop(); }}, {interval});
  }};
  document.addEventListener("keydown", function (e) {{
    if (e.key === "ArrowLeft") prev.onclick();
    else if (e.key === "ArrowRight") next.onclick();
    else if (e.key === " ") {{ e.preventDefault(); play.onclick(); }}
  }});
  show(k);
}})();
</script>
</body>
</html>
"""


def stepper_html(
    root: Value,
    params: Params = None,
    *,
    precision: int = 4,
    start: int = 1,
    group: bool | None = None,
    collapse: bool | None = None,
    title: str = "",
    interval_ms: int = 1200,
) -> str:
    """A self-contained HTML page (SVGs inlined, no network) to step through backward.

    Previous / next / play buttons (and the arrow keys) move between the frames of
    ``draw_steps``; ``start`` is the step shown first.
    """
    g = _analyse(root, params, precision, group, collapse)
    _check_step(g, start)
    frames = []
    for k in range(1, len(g.steps) + 1):
        current = " current" if k == start else ""
        frames.append(
            f'<div class="frame{current}" data-step="{k}">\n'
            f'<p class="caption">step {k}: {html.escape(_step_caption(g, k))}</p>\n'
            f"{_svg(_render(g, k, title), f's{k}_')}</div>"
        )
    page_title = title or f"Backward pass of {g.names[g.index[root]]}"
    return _PAGE.format(
        title=html.escape(page_title),
        start=start,
        count=len(g.steps),
        frames="\n".join(frames),
        interval=json.dumps(int(interval_ms)),
    )


def _write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename: never a half-written drawing."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_drawing(
    root: Value,
    path: str | os.PathLike[str],
    params: Params = None,
    *,
    step: int | None = None,
    precision: int = 4,
    group: bool | None = None,
    collapse: bool | None = None,
    title: str = "",
) -> Path:
    """Write the drawing to ``path``, its format chosen by the suffix: .svg, .png, .dot or .html.

    ``.html`` is the stepper page (``stepper_html``; ``step`` is the step it opens at). A
    missing ``dot`` program raises DotNotFoundError (``.dot`` files do not need it).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(
            f"cannot write {str(path)!r}: the name must end in {', '.join(SUFFIXES)} "
            f"(the suffix chooses the format)"
        )
    if not path.parent.is_dir():
        raise ValueError(f"cannot write {str(path)!r}: folder {str(path.parent)!r} does not exist")
    kw = {"precision": precision, "group": group, "collapse": collapse, "title": title}
    if suffix == ".html":
        data = stepper_html(root, params, start=step or 1, **kw).encode("utf-8")
    else:
        dot = draw(root, params, step=step, **kw)
        data = dot.source.encode("utf-8") if suffix == ".dot" else _pipe(dot, suffix[1:])
    _write_atomic(path, data)
    return path


def write_frames(
    root: Value,
    directory: str | os.PathLike[str],
    params: Params = None,
    *,
    precision: int = 4,
    group: bool | None = None,
    collapse: bool | None = None,
    title: str = "",
) -> list[Path]:
    """One SVG per backward step, ``step-01.svg``, ``step-02.svg``, ... in ``directory``."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    frames = draw_steps(root, params, precision=precision, group=group, collapse=collapse, title=title)
    width = len(str(len(frames)))
    paths = []
    for k, dot in enumerate(frames, 1):
        path = directory / f"step-{k:0{width}d}.svg"
        _write_atomic(path, _pipe(dot, "svg"))
        paths.append(path)
    return paths
