"""Symbols: an operation's definition run on names instead of numbers, and the forms read from it.

An operation is defined once (``autograd.ops``): its value as a float function and its local
derivatives written *in operations* (tanh: ``1 - out * out``). Run on ``Sym`` operands instead of
floats, the same two functions build expression trees; this module writes those trees as Python
code (what the engine's fused evaluation and the compiler run), as the tracer's text
(``a_o1(1−a_o1)``), as LaTeX and as SymPy. Every form comes from the one definition, so they agree
by construction.

The value functions use the helpers of this module instead of ``math`` and ``if``: ``exp``,
``log``, ``log1p``, ``tanh``, ``sin``, ``cos``, ``fabs`` (``math``'s on floats, a call node on symbols),
``where(condition, a, b)`` (a real branch: relu, max) and ``guarded(formula, unless, instead)``
(the same function computed another way where ``unless`` holds: an overflow guard, the stable
sigmoid; the mathematical forms show ``formula`` only). ``a`` and ``b`` may be functions of no
argument, evaluated only on the branch taken. A value function that uses ``math`` or ``if``
directly still works on floats; it just has no symbolic form (its code is a call by reference).

Nothing here imports the engine: this is the bottom of the package with ``autograd.ops``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["Sym", "NotSymbolic", "constant", "exp", "log", "log1p", "tanh", "sin", "cos", "fabs", "where",
           "guarded",
           "code_number", "to_code", "to_text", "to_sympy"]


class NotSymbolic(TypeError):
    """A definition that cannot run on symbols (it uses ``math`` or ``if`` on an operand)."""


# precedence of Python's operators, for parentheses in code
_PREC = {"if": 1, "or": 2, "and": 3, "not": 4, "cmp": 5, "add": 6, "sub": 6, "mul": 7, "div": 7,
         "neg": 8, "pow": 9, "atom": 10}
_PY = {"add": "+", "sub": "-", "mul": "*", "div": "/", "pow": "**"}
_TEXT = {"add": " + ", "sub": "−", "mul": "·", "div": "/"}


def constant(x: object) -> Sym:
    return x if isinstance(x, Sym) else Sym("const", (float(x),))  # type: ignore[arg-type]


def code_number(x: float) -> str:
    """A float as a Python expression that evaluates to exactly it."""
    if math.isnan(x):
        return "math.nan"
    if math.isinf(x):
        return "math.inf" if x > 0 else "(-math.inf)"
    return repr(float(x)) if x >= 0 else f"({float(x)!r})"


def _short(x: float) -> str:
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return f"{x:g}"


class Sym:
    """A node of an expression tree: a name, a constant, arithmetic, a call, a branch, or an
    application of a table operation (``kind`` "op", ``args`` = (op, *operands))."""

    __slots__ = ("kind", "args")

    def __init__(self, kind: str, args: tuple[Any, ...]) -> None:
        self.kind, self.args = kind, args

    @staticmethod
    def name(index: int) -> Sym:
        """The operand (``index`` ≥ 0) or the value (``index`` = -1) of the node being defined."""
        return Sym("name", (index,))

    # arithmetic builds trees
    def __add__(self, o: object) -> Sym:
        return Sym("add", (self, constant(o)))

    def __radd__(self, o: object) -> Sym:
        return Sym("add", (constant(o), self))

    def __sub__(self, o: object) -> Sym:
        return Sym("sub", (self, constant(o)))

    def __rsub__(self, o: object) -> Sym:
        return Sym("sub", (constant(o), self))

    def __mul__(self, o: object) -> Sym:
        return Sym("mul", (self, constant(o)))

    def __rmul__(self, o: object) -> Sym:
        return Sym("mul", (constant(o), self))

    def __truediv__(self, o: object) -> Sym:
        return Sym("div", (self, constant(o)))

    def __rtruediv__(self, o: object) -> Sym:
        return Sym("div", (constant(o), self))

    def __pow__(self, o: object) -> Sym:
        return Sym("pow", (self, constant(o)))

    def __neg__(self) -> Sym:
        return Sym("neg", (self,))

    def _cmp(self, op: str, o: object) -> Sym:
        return Sym("cmp", (op, self, constant(o)))

    def __gt__(self, o: object) -> Sym:
        return self._cmp(">", o)

    def __ge__(self, o: object) -> Sym:
        return self._cmp(">=", o)

    def __lt__(self, o: object) -> Sym:
        return self._cmp("<", o)

    def __le__(self, o: object) -> Sym:
        return self._cmp("<=", o)

    def __eq__(self, o: object) -> Sym:  # type: ignore[override]
        return self._cmp("==", o)

    def __ne__(self, o: object) -> Sym:  # type: ignore[override]
        return self._cmp("!=", o)

    __hash__ = object.__hash__

    def __bool__(self) -> bool:
        raise NotSymbolic("a branch on an operand: write where(condition, a, b)")

    def __float__(self) -> float:
        raise NotSymbolic("a math function on an operand: use autograd.symbolic's exp, log, ...")

    def apply_op(op: Any, args: Sequence[object]) -> Sym:  # type: ignore[misc]  # called on the class
        return Sym("op", (op, *(constant(a) for a in args)))

    apply_op = staticmethod(apply_op)  # type: ignore[assignment]


def _call(fn: str, x: object, on_float: Callable[[float], float]) -> Any:
    return Sym("call", (fn, x)) if isinstance(x, Sym) else on_float(x)  # type: ignore[arg-type]


def exp(x: Any) -> Any:
    return _call("exp", x, math.exp)


def log(x: Any) -> Any:
    return _call("log", x, math.log)


def log1p(x: Any) -> Any:
    return _call("log1p", x, math.log1p)


def tanh(x: Any) -> Any:
    return _call("tanh", x, math.tanh)


def sin(x: Any) -> Any:
    return _call("sin", x, math.sin)


def cos(x: Any) -> Any:
    return _call("cos", x, math.cos)


def fabs(x: Any) -> Any:
    return _call("fabs", x, math.fabs)


def _force(x: Any) -> Any:
    return x() if callable(x) else x


def where(condition: Any, a: Any, b: Any) -> Any:
    """``a`` if ``condition`` else ``b`` (functions of no argument are called on the branch taken)."""
    if isinstance(condition, Sym):
        return Sym("if", (condition, constant(_force(a)), constant(_force(b)), False))
    return _force(a) if condition else _force(b)


def guarded(formula: Any, unless: Any, instead: Any) -> Any:
    """``formula``, computed as ``instead`` where ``unless`` holds (the same function, computed
    without overflow or cancellation); the mathematical forms show ``formula``."""
    if isinstance(unless, Sym):
        return Sym("if", (unless, constant(_force(instead)), constant(_force(formula)), True))
    return _force(instead) if unless else _force(formula)


# ---- Python code ----------------------------------------------------------------------------------


def _wrap(text: str, prec: int, need: int) -> str:
    return f"({text})" if prec < need else text


def _sum_spine(e: Sym) -> tuple[Sym, list[tuple[str, Sym]]]:
    """A left-nested chain of + and − as its first term and the rest (no recursion on long sums)."""
    rest: list[tuple[str, Sym]] = []
    while e.kind in ("add", "sub"):
        rest.append((e.kind, e.args[1]))
        e = e.args[0]
    rest.reverse()
    return e, rest


def to_code(e: Sym, names: Sequence[str], inline: Callable[[Any, list[str]], str]) -> str:
    """``e`` as a Python expression; ``names[k]`` is operand k's code, ``names[-1]`` the value's;
    ``inline(op, args)`` writes an application of a table operation."""
    return _code(e, names, inline)[0]


def _code(e: Sym, names: Sequence[str], inline: Callable[[Any, list[str]], str]) -> tuple[str, int]:
    k, a = e.kind, e.args
    if k == "name":
        return names[a[0]], _PREC["atom"]
    if k == "const":
        text = code_number(a[0])
        return text, _PREC["atom"] if not text.startswith("(") else _PREC["atom"]
    if k in ("add", "sub"):
        first, rest = _sum_spine(e)
        out = _wrap(*_code(first, names, inline), _PREC["add"])
        for kind, term in rest:
            t, p = _code(term, names, inline)
            out += f" {_PY[kind]} " + _wrap(t, p, _PREC["add"] + 1)
        return out, _PREC["add"]
    if k in ("mul", "div"):
        left, right = _code(a[0], names, inline), _code(a[1], names, inline)
        return f"{_wrap(*left, _PREC['mul'])} {_PY[k]} {_wrap(*right, _PREC['mul'] + 1)}", _PREC["mul"]
    if k == "pow":
        left, right = _code(a[0], names, inline), _code(a[1], names, inline)
        return f"{_wrap(*left, _PREC['pow'] + 1)} ** {_wrap(*right, _PREC['neg'])}", _PREC["pow"]
    if k == "neg":
        return "-" + _wrap(*_code(a[0], names, inline), _PREC["neg"]), _PREC["neg"]
    if k == "cmp":
        left, right = _code(a[1], names, inline), _code(a[2], names, inline)
        return f"{_wrap(*left, _PREC['add'])} {a[0]} {_wrap(*right, _PREC['add'])}", _PREC["cmp"]
    if k == "if":
        cond, then, other = (_code(x, names, inline) for x in a[:3])
        return (f"{_wrap(*then, _PREC['if'] + 1)} if {_wrap(*cond, _PREC['if'] + 1)} "
                f"else {_wrap(*other, _PREC['if'])}"), _PREC["if"]
    if k == "call":
        return f"math.{a[0]}({_code(a[1], names, inline)[0]})", _PREC["atom"]
    if k == "op":
        text = inline(a[0], [_code(x, names, inline)[0] for x in a[1:]])
        return (text if text.startswith("(") and text.endswith(")") else f"({text})"), _PREC["atom"]
    raise ValueError(f"unknown symbol kind {k!r}")


# ---- the tracer's text ------------------------------------------------------------------------------
_SUPERSCRIPT = {2.0: "²", 3.0: "³"}


def to_text(e: Sym, names: Sequence[str], show: Callable[[Any, list[str]], str]) -> str:
    """``e`` as the step tracer prints a formula: ``1−t2²``, ``a_o1(1−a_o1)``, ``2·t1``."""
    return _text(e, names, show)[0]


def _text(e: Sym, names: Sequence[str], show: Callable[[Any, list[str]], str]) -> tuple[str, int]:
    def go(x: Sym) -> tuple[str, int]:
        return _text(x, names, show)

    k, a = e.kind, e.args
    if k == "name":
        return names[a[0]], _PREC["atom"]
    if k == "const":
        return _short(a[0]).replace("-", "−"), _PREC["atom"] if a[0] >= 0 else _PREC["neg"]
    if k == "op":
        return show(a[0], [go(x)[0] for x in a[1:]]), _PREC["atom"]
    return _TEXT_FORMS[k](a, go, names)


_Go = Callable[[Sym], tuple[str, int]]


def _text_sum(e: Sym, go: _Go) -> tuple[str, int]:
    first, rest = _sum_spine(e)
    out = _wrap(*go(first), _PREC["add"])
    for kind, term in rest:
        out += _TEXT[kind] + _wrap(*go(term), _PREC["add"] + (kind == "sub"))
    return out, _PREC["add"]


def _text_mul(a: tuple[Any, ...], go: _Go, names: Sequence[str]) -> tuple[str, int]:
    if a[0].kind == a[1].kind == "name" and a[0].args == a[1].args:  # t·t is t²
        return names[a[0].args[0]] + "²", _PREC["pow"]
    left, right = go(a[0]), go(a[1])
    if right[1] == _PREC["add"] and left[1] == _PREC["atom"]:  # a(1−a): juxtaposed
        return f"{left[0]}({right[0]})", _PREC["mul"]
    return f"{_wrap(*left, _PREC['mul'])}·{_wrap(*right, _PREC['mul'] + 1)}", _PREC["mul"]


def _text_pow(a: tuple[Any, ...], go: _Go, names: Sequence[str]) -> tuple[str, int]:
    base = _wrap(*go(a[0]), _PREC["pow"] + 1)
    n = a[1].args[0] if a[1].kind == "const" else None
    if n == 1.0:
        return base, _PREC["atom"]
    if n in _SUPERSCRIPT:
        return base + _SUPERSCRIPT[n], _PREC["pow"]
    exponent = _short(n) if n is not None else _wrap(*go(a[1]), _PREC["atom"])
    return f"{base}^{exponent}", _PREC["pow"]


def _text_if(a: tuple[Any, ...], go: _Go, names: Sequence[str]) -> tuple[str, int]:
    if a[3]:  # guarded: the formula
        return go(a[2])
    return f"({go(a[1])[0]} if {go(a[0])[0]} else {go(a[2])[0]})", _PREC["atom"]


_TEXT_FORMS: dict[str, Callable[..., tuple[str, int]]] = {
    "add": lambda a, go, names: _text_sum(Sym("add", a), go),
    "sub": lambda a, go, names: _text_sum(Sym("sub", a), go),
    "mul": _text_mul,
    "div": lambda a, go, names: (f"{_wrap(*go(a[0]), _PREC['mul'])}/{_wrap(*go(a[1]), _PREC['mul'] + 1)}",
                                 _PREC["mul"]),
    "pow": _text_pow,
    "neg": lambda a, go, names: ("−" + _wrap(*go(a[0]), _PREC["neg"]), _PREC["neg"]),
    "cmp": lambda a, go, names: (f"{go(a[1])[0]} {_SIGNS.get(a[0], a[0])} {go(a[2])[0]}", _PREC["cmp"]),
    "if": _text_if,
    "call": lambda a, go, names: (f"{a[0]}({go(a[1])[0]})", _PREC["atom"]),
}
_SIGNS = {">=": "≥", "<=": "≤", "==": "=", "!=": "≠"}


# ---- SymPy (LaTeX is SymPy's printer of it) -----------------------------------------------------


def to_sympy(e: Sym, args: Sequence[Any], apply: Callable[[Any, list[Any]], Any]) -> Any:
    """``e`` as a SymPy expression; ``args[k]`` is operand k, ``args[-1]`` the value;
    ``apply(op, operands)`` is an application of a table operation."""
    import sympy as sp

    def go(e: Sym) -> Any:
        k, a = e.kind, e.args
        if k == "name":
            return args[a[0]]
        if k == "const":
            x = a[0]
            return sp.nsimplify(x) if math.isfinite(x) else (sp.oo if x > 0 else -sp.oo) if x == x else sp.nan
        if k in ("add", "sub"):
            first, rest = _sum_spine(e)
            terms = [go(first)] + [go(t) if kind == "add" else -go(t) for kind, t in rest]
            return sp.Add(*terms)
        if k == "mul":
            return go(a[0]) * go(a[1])
        if k == "div":
            return go(a[0]) / go(a[1])
        if k == "pow":
            return go(a[0]) ** go(a[1])
        if k == "neg":
            return -go(a[0])
        if k == "cmp":
            rel = {">": sp.Gt, ">=": sp.Ge, "<": sp.Lt, "<=": sp.Le, "==": sp.Eq, "!=": sp.Ne}[a[0]]
            return rel(go(a[1]), go(a[2]))
        if k == "if":
            if a[3]:
                return go(a[2])
            return sp.Piecewise((go(a[1]), go(a[0])), (go(a[2]), True))
        if k == "call":
            x = go(a[1])
            return {"exp": sp.exp, "log": sp.log, "tanh": sp.tanh, "fabs": sp.Abs, "sin": sp.sin,
                    "cos": sp.cos, "log1p": lambda y: sp.log(1 + y)}[a[0]](x)
        if k == "op":
            return apply(a[0], [go(x) for x in a[1:]])
        raise ValueError(f"unknown symbol kind {k!r}")

    return go(e)
