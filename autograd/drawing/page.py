"""The stepping page: a self-contained HTML page (its template is ``stepper.html`` beside this file).

The page is laid out ONCE by ``dot``, with every step's edge labels in place; the page's script
shows one step at a time by changing classes and texts, and zooms and pans (wheel, drag, pinch,
keys) so the text stays readable on any screen.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from autograd.drawing.graph import (
    MAX_ELEMENTS,
    NODE_FONTSIZE,
    NOT_REACHED,
    Params,
    _analyse,
    _build,
    _check_step,
    _edge_drawn,
    _eid,
    _fmt,
    _Frame,
    _Graph,
    _neuron_fields,
    _opid,
    _pipe,
    _Sent,
    _sweep,
    _value_fields,
)
from autograd.engine import Value
from autograd.ops import op_of

__all__ = ["stepper_html"]


def _step_caption(g: _Graph, sent: _Sent) -> str:
    node = g.order[sent.i]
    p = g.precision
    parts = [
        f"{g.names[parent]} += {_fmt(local, p)} × {_fmt(sent.grad, p)} = {_fmt(c, p)}"
        for _, parent, local, c in sent.uses
    ]
    op = op_of(node).symbol
    return (f"{g.names[sent.i]} ({op}, grad {_fmt(sent.grad, p)}) sends local × grad to its inputs: "
            + "; ".join(parts))


def _drawn_fields(g: _Graph, target: str, grad_of: Callable[[int], str | None]) -> list[str]:
    if target.startswith("neuron"):
        return _neuron_fields(g, g.neurons[int(target[6:])], grad_of)
    return _value_fields(g, int(target[1:]), grad_of(int(target[1:])))


@dataclass
class _PageData:
    initial: dict[str, list[str]]  # dot node -> field texts before step 1 (only the root has a grad)
    steps: list[dict]  # per step: node, op, edges, changed field texts, caption
    widest: dict[str, list[str]]  # dot node -> the widest text of each field over all steps
    labels: dict[tuple[int, int], str]  # every edge's contribution label (its one step)


def _widen(widest: dict[str, list[str]], target: str, fields: list[str]) -> None:
    old = widest.setdefault(target, fields)
    widest[target] = [a if len(a) >= len(b) else b for a, b in zip(old, fields)]


def _page_data(g: _Graph) -> _PageData:
    grads: dict[Value, float] = {g.root: 1.0}

    def grad_of(i: int) -> str:
        node = g.order[i]
        return _fmt(grads[node], g.precision) if node in grads else NOT_REACHED

    targets = list(dict.fromkeys(g.target(i) for i in range(len(g.order))))
    initial = {t: _drawn_fields(g, t, grad_of) for t in targets}
    widest = {t: list(f) for t, f in initial.items()}
    steps, labels = [], {}
    for sent in _sweep(g, grads):
        changed = {g.target(p) for _, p, _, _ in sent.uses}
        updates = {t: _drawn_fields(g, t, grad_of) for t in sorted(changed)}
        for t, fields in updates.items():
            _widen(widest, t, fields)
        edges = [_eid(sent.i, j) for j, p, _, _ in sent.uses if _edge_drawn(g, sent.i, p)]
        # Collapsed: no edge labels at all (one label makes dot give every edge a label node, and
        # a 2-64-64-1 network's 4,300 edges then take seconds instead of 0.3 s); the caption has them.
        if not g.collapsed:
            labels.update({(sent.i, j): f"+= {_fmt(c, g.precision)}" for j, _, _, c in sent.uses})
        steps.append({"node": g.target(sent.i), "op": None if g.hidden(sent.i) else _opid(sent.i),
                      "edges": edges, "set": updates, "caption": f"step {sent.k}: {_step_caption(g, sent)}"})
    return _PageData(initial, steps, widest, labels)


def _page_svg(g: _Graph, data: _PageData, title: str) -> str:
    """The one layout of the page: every step's labels in place, each field at its widest text."""
    frame = _Frame(lambda i: NOT_REACHED, labels=data.labels, ids=True, fields=data.widest)
    svg = _pipe(_build(g, frame, [title] if title else []), "svg").decode("utf-8")
    svg = svg[svg.index("<svg"):]
    return re.sub(r'\bid="', 'id="g_', svg)  # no clash with the page's own ids


_PAGE_FILE = Path(__file__).with_name("stepper.html")


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
    max_elements: int | None = MAX_ELEMENTS,
) -> str:
    """A self-contained HTML page (SVG inlined, no network) to step through backward.

    The graph is laid out once; previous / next / play buttons and the arrow keys move between
    steps, the wheel, a drag, a pinch or the + − 0 keys zoom and pan, and the view follows the
    highlighted step. ``start`` is the step shown first.
    """
    g = _analyse(root, params, precision, group, collapse, max_elements, labelled=True)
    _check_step(g, start)
    data = _page_data(g)
    page_title = title or f"Backward pass of {g.names[g.index[root]]}"
    script_data = {"start": start, "interval": int(interval_ms), "initial": data.initial,
                   "steps": data.steps, "fontsize": NODE_FONTSIZE}
    page = _PAGE_FILE.read_text(encoding="utf-8")
    replacements = {
        "{{title}}": html.escape(page_title),
        "{{start}}": str(start),
        "{{count}}": str(len(g.steps)),
        "{{data}}": json.dumps(script_data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/"),
        "{{svg}}": _page_svg(g, data, title),
    }
    return re.sub(r"\{\{(title|start|count|data|svg)\}\}", lambda m: replacements[m[0]], page)

