"""The engine's own formula for a derivative: what a teacher pastes into a handout.

``formula(root, node)`` writes d(root)/d(node) as the chain rule does: the sum over every path
from ``root`` down to ``node`` of the product of the local derivatives along it. Each local
derivative is the operation table's SymPy form (``op.sympy_locals``), in terms of the nodes'
names, so the result reads as a document would write it::

    >>> f = formula(loss, net["W11"])
    >>> print(f)
    dL/dW11 = (a_o1 − y)·a_o1(1 − a_o1)·W31·a_h1(1 − a_h1)·x1

Named nodes stay symbols; unnamed intermediate nodes are written out (``y − a_o1``); constants
are numbers (a leaf labelled ``½`` is the number ½). A single path is printed in chain-rule
order with its constants collected; several paths are summed and simplified with SymPy.
``names`` renames nodes (the tracer's name → the document's), e.g. ``{"a_o1": "ŷ"}``.

SymPy is imported only when a formula is derived, so ``import autograd`` stays light.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from autograd.engine import GraphError, Value, topological_order
from autograd.naming import format_number, node_names

__all__ = ["Formula", "FormulaTooLargeError", "formula", "latex_name", "MAX_PATHS"]

# The chain rule's sum has one term per path from the root down to the node: 64 for an input of a
# 2-8-8-1 network, 9,216 for one of 2-96-96-1. Its size is bounded before any symbol is built, and
# SymPy's factor/simplify (whose time grows exponentially with the terms) run on small sums only;
# a larger sum is printed as reverse accumulation writes it, nested by layer.
MAX_PATHS = 1024
SIMPLIFY_PATHS = 8


class FormulaTooLargeError(GraphError):
    """A derivative whose chain rule sums more paths than a formula can show (``MAX_PATHS``)."""

    def __init__(self, message: str, paths: int) -> None:
        super().__init__(message)
        self.paths = paths


@dataclass(frozen=True)
class Formula:
    """d(of)/d(wrt) as a SymPy expression of the nodes' names, with its text and LaTeX forms."""

    of: str
    wrt: str
    expr: Any  # the SymPy expression (the sum over paths, simplified)
    factors: tuple[Any, ...] | None  # one path: its local derivatives in chain-rule order
    coefficient: Any  # one path: the constant collected in front
    values: Mapping[str, float]  # each symbol's number in the graph
    value: float  # the derivative's value (the engine's gradient)

    def _symbols(self) -> dict[Any, str]:
        return {s: s.name for s in self.expr.free_symbols}

    @property
    def text(self) -> str:
        """Plain text: ``(a_o1 − y)·a_o1(1 − a_o1)·W31·…``."""
        return self._render(_text)

    @property
    def latex(self) -> str:
        """LaTeX: ``\\left(a_{o1} - y\\right) a_{o1} \\left(1 - a_{o1}\\right) W_{31} …``."""
        return self._render(_latex)

    def numbers(self, latex: bool = False) -> str:
        """The same formula with each name replaced by its number, and its value."""
        render = _latex if latex else _text
        shown = {name: format_number(v) for name, v in self.values.items()}
        return f"{self._render(render, shown)} = {format_number(self.value)}"

    def equation(self, latex: bool = False) -> str:
        if latex:
            of, wrt = latex_name(self.of), latex_name(self.wrt)
            return rf"\frac{{\partial {of}}}{{\partial {wrt}}} = {self.latex}"
        return f"d{self.of}/d{self.wrt} = {self.text}"

    def _render(self, render: Any, shown: Mapping[str, str] | None = None) -> str:
        if self.factors is None:
            return render(self.expr, shown)
        if not self.factors:
            return render(self.coefficient, shown)
        parts = [render(f, shown, factor=True) for f in self.factors]
        joiner = " \\cdot " if render is _latex else "·"
        lead = "" if self.coefficient == 1 else render(self.coefficient, shown, factor=True) + joiner
        return lead + joiner.join(parts)

    def __str__(self) -> str:
        return self.equation()


# ---- printing -----------------------------------------------------------------------------------
def latex_name(name: str) -> str:
    """A node's name as documents write it in LaTeX: a_o1 → a_{o1}, W31 → W_{31}, ŷ → \\hat{y}."""
    hats = {"ŷ": r"\hat{y}", "y_hat": r"\hat{y}"}
    if name in hats:
        return hats[name]
    m = re.fullmatch(r"([A-Za-z]+)_?([A-Za-z]*\d+|[A-Za-z0-9]+)", name)
    if m and (m.group(2) and ("_" in name or m.group(2)[0].isdigit())):
        return f"{m.group(1)}_{{{m.group(2)}}}"
    if re.fullmatch(r"[A-Za-z]", name):
        return name
    greek = {"η": r"\eta", "α": r"\alpha", "δ": r"\delta", "σ": r"\sigma"}
    return greek.get(name, rf"\mathrm{{{name}}}")


def _text(expr: Any, shown: Mapping[str, str] | None = None, factor: bool = False) -> str:
    from sympy.printing.str import StrPrinter

    class Printer(StrPrinter):
        def _print_Symbol(self, s: Any) -> str:  # noqa: N802 - SymPy's printer protocol
            return shown.get(s.name, s.name) if shown else s.name

        def _print_Mul(self, m: Any) -> str:  # noqa: N802
            c, rest = m.as_coeff_Mul()
            factors = _paired(list(rest.as_ordered_factors()))
            if abs(c) == 1 and len(factors) > 1 and all(f.is_Symbol or f.is_Add for f in factors):
                text = "*".join(f"({self._print(f)})" if f.is_Add else self._print(f) for f in factors)
                return text if c == 1 else "-" + text
            return super()._print_Mul(m)

    out = Printer({"order": "none"}).doprint(expr)
    out = out.replace("**", "^").replace("*", "·").replace(" - ", " − ")
    out = re.sub(r"(^|\()-", r"\1−", out)
    needs = factor and expr.is_Add
    return f"({out})" if needs else _juxtapose(out)


def _paired(factors: list[Any]) -> list[Any]:
    """Each ``(1 − a)`` right after its ``a``: a(1 − a) is how documents write σ'."""
    out: list[Any] = []
    rest = list(factors)
    while rest:
        f = rest.pop(0)
        out.append(f)
        if f.is_Symbol:
            partner = next((g for g in rest if g.is_Add and g.free_symbols == {f}), None)
            if partner is not None:
                rest.remove(partner)
                out.append(partner)
    return out


def _juxtapose(text: str) -> str:
    """``a_o1·(1 − a_o1)`` reads as a document writes it: ``a_o1(1 − a_o1)``."""
    return re.sub(r"\b(\w+)·\(([^()]*\b\1\b[^()]*)\)", r"\1(\2)", text)


def _latex(expr: Any, shown: Mapping[str, str] | None = None, factor: bool = False) -> str:
    import sympy

    shown = shown or {}
    names = {s: shown.get(s.name, latex_name(s.name)) for s in expr.free_symbols}
    out = sympy.latex(expr, symbol_names=names, order="none", mul_symbol="dot")
    return rf"\left({out}\right)" if factor and expr.is_Add else out


# ---- deriving -----------------------------------------------------------------------------------
def _number_label(label: str) -> float | None:
    """A leaf labelled like a number (``½``, ``2``) is that number, not a symbol."""
    try:
        return unicodedata.numeric(label) if len(label) == 1 else float(label)
    except (TypeError, ValueError):
        return None


class _Symbolic:
    """Each node's value as a SymPy expression: names for named nodes, forms for the rest."""

    def __init__(self, root: Value, names: Mapping[str, str]) -> None:
        import sympy

        self.sp = sympy
        self.tracer = node_names(root)
        self.rename = names
        self.cache: dict[Value, Any] = {}

    def name(self, node: Value) -> str:
        t = self.tracer[node]
        return self.rename.get(t, t)

    def value(self, node: Value) -> Any:
        if node not in self.cache:
            self.cache[node] = self._value(node)
        return self.cache[node]

    def _value(self, node: Value) -> Any:
        sp = self.sp
        if not node.parents:
            number = _number_label(node.label) if node.label else None
            if node.label and number is None:
                return sp.Symbol(self.name(node))
            return sp.nsimplify(node.data if number is None else number, rational=True, tolerance=1e-12)
        if node.label:
            return sp.Symbol(self.name(node))
        from autograd.ops import op_of

        return op_of(node).sympy([self.value(p) for p in node.parents], node)

    def locals(self, node: Value) -> tuple[Any, ...]:
        from autograd.ops import op_of

        args = [self.value(p) for p in node.parents]
        return op_of(node).sympy_locals(args, self.value(node), node)


def _feeding(order: list[Value], node: Value) -> set[Value]:
    """The nodes whose value depends on ``node`` (and ``node`` itself): the paths run through them."""
    feeds = {node}
    for n in order:
        if any(p in feeds for p in n.parents):
            feeds.add(n)
    return feeds


def path_count(order: list[Value], node: Value) -> int:
    """How many paths lead from the root (``order[-1]``) down to ``node``: one pass, children first."""
    count: dict[Value, int] = {order[-1]: 1}
    for n in reversed(order):
        for p in n.parents:
            count[p] = count.get(p, 0) + count.get(n, 0)
    return count.get(node, 0)


def _paths(root: Value, node: Value, feeds: set[Value], limit: int = 2) -> list[list[tuple[Value, int]]]:
    found: list[list[tuple[Value, int]]] = []
    stack: list[tuple[Value, list[tuple[Value, int]]]] = [(root, [])]
    while stack and len(found) < limit:
        n, path = stack.pop()
        if n is node:
            found.append(path)
            continue
        for i, p in enumerate(n.parents):
            if p in feeds:
                stack.append((p, [*path, (n, i)]))
    return found


def _one_path(sym: _Symbolic, path: list[tuple[Value, int]]) -> tuple[Any, tuple[Any, ...]]:
    """The product of the path's local derivatives: its constant, and its other factors in order."""
    sp = sym.sp
    coefficient, factors = sp.Integer(1), []
    for n, i in path:
        local = sp.factor_terms(sym.locals(n)[i])
        c, rest = local.as_coeff_Mul()
        coefficient *= c
        for f in sp.Mul.make_args(rest):
            if f != 1:
                factors.append(f)
    if coefficient.is_negative:
        k = next((k for k, f in enumerate(factors) if f.is_Add), None)
        if k is not None:  # −(y − a) reads better as (a − y)
            factors[k], coefficient = sp.expand(-factors[k]), -coefficient
    return coefficient, tuple(_grouped(sp, factors))


def _grouped(sp: Any, factors: list[Any]) -> list[Any]:
    """``a``, ``(1 − a)`` next to each other print as ``a(1 − a)``: one factor."""
    out: list[Any] = []
    for f in factors:
        if out and f.is_Add and out[-1].is_Symbol and out[-1] in f.free_symbols:
            out[-1] = sp.Mul(out[-1], f, evaluate=False)
        else:
            out.append(f)
    return out


def _sum_over_paths(sym: _Symbolic, order: list[Value], root: Value, node: Value, feeds: set[Value]) -> Any:
    """Reverse accumulation with symbols: adjoint(parent) += adjoint(child) · local (the sum over paths)."""
    sp = sym.sp
    adjoint: dict[Value, Any] = {root: sp.Integer(1)}
    for n in reversed(order):
        if n not in adjoint or n is node:
            continue
        locals_ = sym.locals(n)
        for p, local in zip(n.parents, locals_, strict=True):
            if p in feeds:
                adjoint[p] = adjoint.get(p, sp.Integer(0)) + adjoint[n] * local
    return adjoint.get(node, sp.Integer(0))


def _readable(sp: Any, expr: Any) -> Any:
    candidates = [expr, sp.factor(expr), sp.simplify(expr)]
    return min(candidates, key=lambda e: (sp.count_ops(e), len(str(e))))


def formula(root: Value, node: Value | str, names: Mapping[str, str] | None = None) -> Formula:
    """d(root)/d(node) as the chain rule writes it, with each node named as ``names`` says.

    ``node`` is a Value of root's graph or its name (the tracer's, see ``node_names``). Raises
    GraphError when ``node`` is not in the graph.
    """
    sym = _Symbolic(root, names or {})
    order = topological_order(root)
    if isinstance(node, str):
        by_name = {sym.tracer[n]: n for n in order} | {sym.name(n): n for n in order}
        if node not in by_name:
            raise GraphError(f"no node {node!r} in the graph of {sym.name(root)!r}; its nodes are "
                             f"{', '.join(sym.name(n) for n in order)}")
        node = by_name[node]
    if node not in set(order):
        raise GraphError(f"{node!r} is not in the graph of {sym.name(root)!r}")
    feeds = _feeding(order, node)
    count = path_count(order, node)
    if count > MAX_PATHS:
        raise FormulaTooLargeError(
            f"d{sym.name(root)}/d{sym.name(node)} sums {count:,} chain-rule paths; a formula is written for "
            f"at most {MAX_PATHS:,} (ask for a derivative nearer the root, e.g. of a later layer)", count)
    paths = _paths(root, node, feeds)
    factors, coefficient = None, None
    if len(paths) == 1:
        coefficient, factors = _one_path(sym, paths[0])
        expr = coefficient * sym.sp.Mul(*factors)
    else:
        expr = _sum_over_paths(sym, order, root, node, feeds)
        if count <= SIMPLIFY_PATHS:
            expr = _readable(sym.sp, expr)
    free = expr.free_symbols
    values = {sym.name(n): n.data for n in order if sym.sp.Symbol(sym.name(n)) in free}
    # xreplace, not subs: one pass over the tree (subs compares every subtree with every key)
    value = float(expr.xreplace({sym.sp.Symbol(k): sym.sp.Float(v) for k, v in values.items()}))
    return Formula(sym.name(root), sym.name(node), expr, factors, coefficient, values,
                   value if math.isfinite(value) else math.nan)
