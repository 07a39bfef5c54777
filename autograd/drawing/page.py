"""The stepping page: a self-contained HTML page (its template is ``stepper.html`` beside this file).

The page is laid out ONCE by ``dot`` (the same layout as the pictures, each field at its widest
text); the page's script shows one step at a time by changing classes and texts, points the
step's edges back to the parents as a step picture does, opens fitted to the window (when the
text stays readable) with the legend and an overview in view, and zooms and pans (wheel, drag,
pinch, keys).
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
    _legend_entries,
    _neuron_fields,
    _pipe,
    _sweep,
    _value_fields,
    scalable_svg,
    step_caption,
)
from autograd.engine import Value

__all__ = ["stepper_html"]


def _drawn_fields(g: _Graph, target: str, grad_of: Callable[[int], str | None]) -> list[str]:
    if target.startswith("neuron"):
        return _neuron_fields(g, g.neurons[int(target[6:])], grad_of)
    return _value_fields(g, int(target[1:]), grad_of(int(target[1:])))


@dataclass
class _PageData:
    initial: dict[str, list[str]]  # dot node -> field texts before step 1 (only the root has a grad)
    steps: list[dict]  # per step: node, op, edges, changed field texts, caption
    widest: dict[str, list[str]]  # dot node -> the widest text of each field over all steps


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
    steps = []
    for sent in _sweep(g, grads):
        changed = {g.target(p) for _, p, _, _ in sent.uses}
        updates = {t: _drawn_fields(g, t, grad_of) for t in sorted(changed)}
        for t, fields in updates.items():
            _widen(widest, t, fields)
        edges = [_eid(sent.i, j) for j, p, _, _ in sent.uses if _edge_drawn(g, sent.i, p)]
        steps.append({"node": g.target(sent.i), "edges": edges, "set": updates,
                      "caption": f"step {sent.k}: {step_caption(g, sent)}"})
    return _PageData(initial, steps, widest)


def _page_svg(g: _Graph, data: _PageData, title: str) -> str:
    """The one layout of the page, each field at its widest text; its legend is the page's own."""
    frame = _Frame(lambda i: NOT_REACHED, ids=True, fields=data.widest)
    svg = scalable_svg(_pipe(_build(g, frame, [], legend=False), "svg")).decode("utf-8")
    svg = svg[svg.index("<svg"):]
    return re.sub(r'\bid="', 'id="g_', svg)  # no clash with the page's own ids


def _legend_html(g: _Graph) -> str:
    """The legend, as the page shows it over the view: the kinds this graph has."""
    entries = _legend_entries(g, highlight=True)
    return "".join(f'<span class="key" style="background:{attrs["fillcolor"]};border-color:{attrs["color"]}">'
                   f"{html.escape(text)}</span>" for text, attrs in entries)


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
    g = _analyse(root, params, precision, group, collapse, max_elements, legend=False)  # its own title/legend
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
        "{{legend}}": _legend_html(g),
    }
    return re.sub(r"\{\{(title|start|count|data|svg|legend)\}\}", lambda m: replacements[m[0]], page)

