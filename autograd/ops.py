"""The table of operations: each operation defined once, every form derived from that definition.

An entry is, like a line of tinygrad's ``gradient.py`` or a JAX ``defjvp``:

* its **value**, a float function (``lambda a, b: a * b``, ``tanh``, the stable sigmoid), written
  with ``autograd.symbolic``'s helpers (``exp``, ``where``, ``guarded``...) so it also runs on
  symbols;
* its **local derivatives written in operations**, a function of the operands and the value
  ``out`` (mul: ``(b, a)``; tanh: ``(1 - out * out,)``; sigmoid: ``(out * (1 - out),)``;
  softplus: ``(SIGMOID(x),)``).

Applied to floats the derivatives give the floats the engine stores in ``node.local_grads`` (the
chain rule multiplies them); applied to Values they give a graph that can be differentiated
again (``autograd.grad(..., create_graph=True)``); applied to symbols (``autograd.symbolic``)
they give the tracer's formula text, LaTeX, SymPy and the Python code the compiler generates.
The engine's floats come from that same code (``evaluate`` is compiled from it once per entry),
so the engine, the compiler and the printed formulas agree by construction.

Calling an entry applies it: on Values it makes a node (numbers become constants), on symbols a
symbol, on plain numbers it returns the float value. Constant parameters live on the entry:
``x ** 2`` refers to ``POW.bind(n=2.0)`` (``op_of(node).params == {"n": 2.0}``); a weighted
sum's layout (w1, x1, ..., wn, xn[, b]) is read with ``wsum_parts(node)``.

This module and ``autograd.symbolic`` / ``autograd.errors`` are the bottom of the package: the
engine imports the table, never the other way round. ``define_op`` (``autograd.defining``) adds
an entry in the same shape.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from autograd import symbolic as sym
from autograd.errors import DomainError, GraphError, describe
from autograd.symbolic import NotSymbolic, Sym, cos, exp, fabs, guarded, log, log1p, sin, tanh, where

__all__ = [
    "Op",
    "op_of",
    "operations",
    "register",
    "wsum_parts",
    "wsum_layout",
    "power",
    "sigmoid",
    "ADD", "SUB", "MUL", "DIV", "NEG", "POW", "EXP", "LOG", "TANH", "SIGMOID", "RELU", "WSUM",
    "ABS", "MAX", "MIN", "SOFTPLUS", "STEP", "SIGN", "SIN", "COS",
]

T = TypeVar("T")
EXP_MAX = 709.782712893384  # the largest x whose exp is finite: math.exp raises above it
MAX_FUSED = 128  # operands of a variadic entry's compiled evaluate; beyond, the two functions run

_ATOM = re.compile(r"[A-Za-z_][\w.]*(\[\d+\])?|\d+(\.\d*)?([eE][-+]?\d+)?")  # x, w.data, _v[3], 2.5
_CALL = re.compile(r"[A-Za-z_][\w.]*\(")


def _is_atom(text: str) -> bool:
    """A name (or an item of one, ``_v[3]``), a non-negative number, one call ``f(...)`` or one
    parenthesis: safe anywhere."""
    if _ATOM.fullmatch(text):
        return True
    call = _CALL.match(text)
    start = call.end() - 1 if call is not None else 0
    if not text.endswith(")") or text[start] != "(":
        return False
    depth = 0
    for i in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return i == len(text) - 1  # the call's own parenthesis closes last
    return False


def _atom(text: str) -> str:
    return text if _is_atom(text) else f"({text})"


def _short(x: float) -> str:
    return f"{x:g}" if math.isfinite(x) else ("inf" if x > 0 else "-inf")


class Op:
    """One operation of the table: ``value`` and ``derivatives``, and the forms derived from them.

    ``show``: how a formula writes an application (``"σ({0})"``; default ``name(...)``);
    ``symbol``: what a drawing writes in the operation's circle; ``domain``: a check raising
    ``DomainError`` for operands outside the domain (division by zero); ``formulas``: a user's
    own text for the local derivatives (else derived); ``expression``: how the tracer writes a
    node (default ``name(args)``).
    """

    def __init__(
        self,
        name: str,
        value: Callable[..., Any],
        derivatives: Callable[..., Sequence[Any]],
        *,
        arity: int | None,
        symbol: str | Callable[[Mapping[str, float]], str] | None = None,
        show: str | None = None,
        domain: Callable[..., None] | None = None,
        formulas: Sequence[str] | None = None,
        expression: Callable[[Sequence[str]], str] | None = None,
        params: Mapping[str, float] | None = None,
        param_names: tuple[str, ...] = (),
        builtin: bool = False,
    ) -> None:
        self.name, self.arity, self.builtin = name, arity, builtin
        self.value, self.derivatives = value, derivatives
        self.params = dict(params or {})
        self.param_names = param_names  # constant parameters the entry needs bound (POW: "n")
        self._symbol, self._show, self.domain = symbol, show, domain
        self._formulas, self._expression = formulas, expression
        self._bound: dict[tuple[float, ...], Op] = {}
        self._traces: dict[int, tuple[Sym, tuple[Sym, ...]] | None] = {}
        if param_names and not self.params:
            self.evaluate: Callable[..., tuple[float, Sequence[float]]] = self._unbound
        else:
            self.evaluate = self._first_evaluate

    def _first_evaluate(self, *xs: float) -> tuple[float, Sequence[float]]:
        """Compile ``evaluate`` on first use (an entry made for a derivative may never run)."""
        self.evaluate = self._compiled_evaluate()
        return self.evaluate(*xs)

    def _unbound(self, *xs: float) -> tuple[float, Sequence[float]]:
        raise GraphError(
            f"the operation {self.name!r} needs its {', '.join(self.param_names)} bound first: "
            f"{self.name.upper()}.bind({self.param_names[0]}=...)"
            + (" or x ** n" if self.name == "pow" else "")
        )

    # ---- applying the operation -------------------------------------------------------------------
    def __call__(self, *args: Any) -> Any:
        """On Values a node, on symbols a symbol, on plain numbers the float value."""
        for a in args:
            apply = getattr(type(a), "apply_op", None)
            if apply is not None:
                return apply(self, args)
        return self.value(*map(float, args), **self.params)

    def float_evaluate(self, *xs: float) -> tuple[float, tuple[float, ...]]:
        """The value and the local derivatives by running the two functions on floats."""
        out = self.value(*xs, **self.params)
        return out, tuple(self.derivatives(*xs, out, **self.params))

    def forward(self, *xs: float) -> float:
        return self.evaluate(*xs)[0]

    # ---- the definition run on symbols ------------------------------------------------------------
    def on_symbols(self, n: int | None = None) -> tuple[Sym, tuple[Sym, ...]] | None:
        """(value, local derivatives) as expression trees of operands ``Sym.name(k)`` and the
        value ``Sym.name(-1)``; None if the definition does not run on symbols."""
        n = self.arity if self.arity is not None else n
        if n is None:
            raise TypeError(f"{self.name} takes any number of operands: on_symbols(n) needs n")
        if n not in self._traces:
            names = [Sym.name(k) for k in range(n)]
            try:
                value = sym.constant(self.value(*names, **self.params))
                grads = tuple(sym.constant(d) for d in self.derivatives(*names, Sym.name(-1), **self.params))
            except (NotSymbolic, TypeError, ValueError, ArithmeticError, AttributeError):
                self._traces[n] = None
            else:
                self._traces[n] = (value, grads) if len(grads) == n else None
        return self._traces[n]

    def _compiled_evaluate(self) -> Callable[..., tuple[float, Sequence[float]]]:
        """``evaluate`` compiled from the trace: the value and the derivatives as one function,
        the very code the compiler writes; by running the two functions where there is no trace
        (a user's non-symbolic operation) and where the code raises (overflow). A variadic entry
        (the weighted sum) gets one compiled function per number of operands, up to ``MAX_FUSED``."""
        if self.arity is None:
            by_count: dict[int, Callable[..., tuple[float, Sequence[float]]]] = {}
            fallback = self._float_path()

            def evaluate(*xs: float) -> tuple[float, Sequence[float]]:
                run = by_count.get(len(xs))
                if run is None:
                    fused = self._compiled(len(xs)) if len(xs) <= MAX_FUSED else None
                    run = by_count[len(xs)] = fused or fallback
                return run(*xs)

            return evaluate
        return self._compiled(self.arity) or self._float_path()

    def _float_path(self) -> Callable[..., tuple[float, Sequence[float]]]:
        if self.domain is not None:
            return self._checked_float_evaluate
        if self.params:
            return self.float_evaluate
        value, derivatives = self.value, self.derivatives

        def evaluate(*xs: float) -> tuple[float, tuple[float, ...]]:
            out = value(*xs)
            return out, tuple(derivatives(*xs, out))

        return evaluate

    def _compiled(self, n: int) -> Callable[..., tuple[float, Sequence[float]]] | None:
        traced = self.on_symbols(n)
        if traced is None:
            return None
        args = [f"x{k}" for k in range(n)]
        value, grads = traced
        locals_ = ", ".join(sym.to_code(g, [*args, "out"], _inline) for g in grads)
        check = f"    _domain({', '.join(args)})\n" if self.domain is not None else ""
        source = (f"def evaluate({', '.join(args)}):\n{check}    try:\n"
                  f"        out = {sym.to_code(value, args, _inline)}\n"
                  f"        return out, ({locals_}{',' if len(grads) == 1 else ''})\n"
                  f"    except ArithmeticError:\n        return _floats({', '.join(args)})\n")
        namespace: dict[str, Any] = {"math": math, "_domain": self.domain, "_floats": self.float_evaluate}
        exec(compile(source, f"<autograd.ops {self.name}>", "exec"), namespace)
        return namespace["evaluate"]

    def _checked_float_evaluate(self, *xs: float) -> tuple[float, tuple[float, ...]]:
        self.domain(*xs)  # type: ignore[misc]
        return self.float_evaluate(*xs)

    # ---- forms derived from the trace -------------------------------------------------------------
    def code(self, args: Sequence[str], node: Any = None) -> str | None:
        """A Python expression (``math`` names only) for the value; None: no symbolic form."""
        traced = self.on_symbols(len(args))
        if traced is None:
            return None
        return _atom(sym.to_code(traced[0], [_atom(a) for a in args], _inline))

    def code_locals(self, args: Sequence[str], out: str, node: Any = None) -> tuple[str, ...] | None:
        """Python expressions for each local derivative, the code ``evaluate`` runs."""
        traced = self.on_symbols(len(args))
        if traced is None:
            return None
        names = [*(_atom(a) for a in args), _atom(out)]
        return tuple(_atom(sym.to_code(g, names, _inline)) for g in traced[1])

    def formulas(self, names: Sequence[str], out: str, node: Any = None) -> tuple[str, ...]:
        """Each local derivative as the step tracer prints it, in the nodes' names."""
        if self._formulas is not None:
            return tuple(_fill(t, names, out) for t in self._formulas)
        traced = self.on_symbols(len(names))
        if traced is not None:
            return tuple(sym.to_text(g, [*names, out], _show) for g in traced[1])
        if len(names) == 1:  # no symbolic form: the derivative by name, f'(x)
            return (f"{self.name}'({names[0]})",)
        return tuple(f"∂{self.name}/∂x{k}({', '.join(names)})" for k in range(len(names)))

    def expression(self, names: Sequence[str], node: Any = None) -> str:
        """How the tracer writes the node: ``mul(W31, a_h1)``, ``pow(t1, 2)``."""
        if self._expression is not None:
            return self._expression(names)
        params = [_short(v) for v in self.params.values()]
        return f"{self.name}({', '.join([*names, *params])})"

    def show(self, args: Sequence[str]) -> str:
        """An application in a formula: ``σ(z)``, ``[z > 0]``, ``tanh(z)``."""
        if self._show is not None:
            return self._show.format(*args)
        if self.name == "pow":
            return sym.to_text(Sym.name(0) ** self.params["n"], list(args), _show)
        return f"{self.name}({', '.join(args)})"

    def sympy(self, args: Sequence[Any], node: Any = None) -> Any:
        """The value as a SymPy expression of ``args`` (an unknown function if not symbolic)."""
        import sympy as sp

        traced = self.on_symbols(len(args))
        if traced is None:
            return sp.Function(self.name)(*args)
        return sym.to_sympy(traced[0], list(args), _sympy_apply)

    def sympy_locals(self, args: Sequence[Any], out: Any, node: Any = None) -> tuple[Any, ...]:
        """Each local derivative as a SymPy expression of ``args`` and ``out`` (the value)."""
        import sympy as sp

        traced = self.on_symbols(len(args))
        if traced is not None:
            return tuple(sym.to_sympy(g, [*args, out], _sympy_apply) for g in traced[1])
        symbols = sp.symbols(f"_x0:{len(args)}")
        value = self.sympy(list(symbols), node)
        return tuple(sp.diff(value, s).subs(dict(zip(symbols, args)), simultaneous=True) for s in symbols)

    def latex(self, args: Sequence[str], node: Any = None) -> str:
        """The value as LaTeX (SymPy's printer of ``sympy``)."""
        import sympy as sp

        symbols = [sp.Symbol(a) for a in args]
        return sp.latex(self.sympy(symbols, node), order="none")

    @property
    def symbol(self) -> str:
        """What a drawing writes in the operation's circle."""
        s = self._symbol
        if callable(s):
            return s(self.params)
        return s if s is not None else self.name

    # ---- parameters and identity ------------------------------------------------------------------
    def bind(self, **params: float) -> Op:
        """The entry with its constant parameters set (``POW.bind(n=2.0)``), cached."""
        if set(params) != set(self.param_names):
            names = ", ".join(self.param_names)
            raise TypeError(f"{self.name} takes the parameters ({names}), got {sorted(params)}")
        key = tuple(params[k] for k in sorted(params))
        op = self._bound.get(key)
        if op is None:
            op = Op(self.name, self.value, self.derivatives, arity=self.arity, symbol=self._symbol,
                    show=self._show, domain=self.domain and functools.partial(self.domain, **params),
                    formulas=self._formulas, expression=self._expression, params=params,
                    param_names=self.param_names, builtin=self.builtin)
            if len(self._bound) < 1024:  # a program uses few exponents; do not grow without bound
                self._bound[key] = op
        return op

    def __eq__(self, other: object) -> bool:
        """An entry equals itself, and its name (``node.op == "wsum"`` reads naturally)."""
        if isinstance(other, str):
            return other == self.name
        return self is other

    def __hash__(self) -> int:
        return hash(self.name)

    def __str__(self) -> str:
        return self.symbol

    def __repr__(self) -> str:
        if not self.params:
            return repr(self.name)
        args = ", ".join(f"{k}={v:g}" for k, v in self.params.items())
        return repr(f"{self.name}({args})")

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled by name (and parameters): unpickling finds the same entry in the table."""
        return (_lookup, (self.name, tuple(self.params.items()), self.builtin))


_PLACEHOLDER = re.compile(r"\{(x\d+|out)\}")


def _fill(template: str, names: Sequence[str], out: str) -> str:
    """A user's formula text: ``{x0}``, ``{x1}``... and ``{out}`` replaced by the nodes' names."""
    return _PLACEHOLDER.sub(lambda m: out if m[1] == "out" else names[int(m[1][1:])], template)


def _inline(op: Op, args: list[str]) -> str:
    code = op.code(args)
    if code is None:
        raise NotSymbolic(f"{op.name} has no symbolic form")
    return code


def _show(op: Op, args: list[str]) -> str:
    return op.show(args)


def _sympy_apply(op: Op, args: list[Any]) -> Any:
    return op.sympy(args)


# ---- the table ------------------------------------------------------------------------------------

_TABLE: dict[str, Op] = {}  # every operation by name: the latest definition of each name
_BUILTINS: dict[str, Op] = {}  # the built-ins, which a user definition of the same name never replaces


def _lookup(name: str, params: tuple[tuple[str, float], ...] = (), builtin: bool = False) -> Op:
    try:
        op = _BUILTINS[name] if builtin else _TABLE[name]
    except KeyError:
        raise GraphError(
            f"unknown operation {name!r}: define it with define_op before loading a graph that uses it"
        ) from None
    return op.bind(**dict(params)) if params else op


def register(op: Op) -> Op:
    """Put ``op`` in the table (``define_op`` calls it); a built-in's name is taken once."""
    if op.builtin:
        if op.name in _BUILTINS:
            raise ValueError(f"{op.name!r} is already a built-in operation")
        _BUILTINS[op.name] = op
    _TABLE[op.name] = op
    return op


def unregister(name: str) -> None:
    """Remove a user's operation from the table (tests clean up with it); built-ins stay."""
    if name in _TABLE and _TABLE[name] is not _BUILTINS.get(name):
        _TABLE.pop(name)
        if name in _BUILTINS:
            _TABLE[name] = _BUILTINS[name]


def operations() -> dict[str, Op]:
    """Every operation of the table by name (built-ins and those added with ``define_op``)."""
    return dict(_TABLE)


def op_of(node: Any) -> Op:
    """The table entry of a non-leaf node; a leaf or an unknown operation is a clear error."""
    op = node.op
    if type(op) is Op:
        return op
    if not node.parents:
        raise GraphError(f"{describe(node)} is a leaf: it has no operation")
    raise GraphError(
        f"{describe(node)} has the unknown operation {op!r}: nodes must be made by Value's operations "
        f"or by an operation from define_op (autograd.ops lists them: {', '.join(_TABLE)})"
    )


def wsum_layout(items: Sequence[T]) -> tuple[Sequence[T], Sequence[T], T | None]:
    """(weights, inputs, bias) of a weighted sum's operands (w1, x1, ..., wn, xn[, b]), whatever
    they are (nodes, floats, names): the one place that layout is decoded."""
    n = len(items) // 2 * 2
    return items[0:n:2], items[1:n:2], items[-1] if len(items) % 2 else None


def wsum_parts(node: Any) -> tuple[Sequence[Any], Sequence[Any], Any | None]:
    """A weighted sum node's (weights, inputs, bias)."""
    return wsum_layout(node.parents)


def _builtin(name: str, value: Callable[..., Any], derivatives: Callable[..., Sequence[Any]],
             arity: int | None = 1, **fields: Any) -> Op:
    return register(Op(name, value, derivatives, arity=arity, builtin=True, **fields))


# ---- domains: operands an operation refuses ----------------------------------------------------------


def _div_domain(a: float, b: float) -> None:
    if b == 0.0:
        raise DomainError(ZeroDivisionError, "division by zero: {0} / {1}; the divisor must not be 0")


def _log_domain(x: float) -> None:
    if not x > 0.0 and x == x:  # NaN in, NaN out (as everywhere else); anomaly mode finds it
        raise DomainError(GraphError, "log of {0}: log needs a positive number")


def _pow_domain(x: float, *, n: float) -> None:
    if x == 0.0 and n < 0:
        raise DomainError(ZeroDivisionError, "{0} ** " + f"{n:g}: 0 to a negative power")
    if x < 0.0 and not n.is_integer() and not math.isinf(n):
        raise DomainError(GraphError, "{0} ** " + f"{n:g}: a negative base to a fractional power "
                          "is not a real number")


def _pow_fails(x: Sym, n: float) -> Sym | None:
    """Where x ** n is outside the domain and Python's ** does not raise (None: it always does)."""
    fractional = not n.is_integer() and not math.isinf(n)  # nan too
    if fractional:
        return x <= 0.0 if n < 0 else x < 0.0  # nan passes both, as in _pow_domain
    return x == 0.0 if n == -math.inf else None


def _signed_inf(x: float, n: float) -> float:
    """x**n beyond the float range: ±inf, negative only for a negative base to an odd power."""
    return -math.inf if x < 0.0 and n.is_integer() and n % 2 else math.inf


def _pow_value(x: Any, n: float) -> Any:
    """x ** n; beyond the float range ±inf (the code raises there, and evaluate runs this).

    As code, it fails where ``_pow_domain`` raises and Python would not: 0.0 ** -inf and
    (-inf) ** 0.5 give inf, (-3.0) ** nan gives nan; a replay that fails re-runs the call through
    the engine, which raises its error."""
    if isinstance(x, Sym):
        fails = _pow_fails(x, n)
        if fails is None:
            return x ** n
        # 1.0 / 0.0 raises ZeroDivisionError, an ArithmeticError: the float definition then decides
        return guarded(lambda: x ** n, unless=fails, instead=lambda: Sym("const", (1.0,)) / 0.0)
    try:
        return x ** n
    except (OverflowError, ZeroDivisionError):
        return _signed_inf(x, n)


def sigmoid(x: Any) -> Any:
    """σ(x) = 1/(1+e^−x) without overflow: exp of a negative number only."""
    return guarded(lambda: 1.0 / (1.0 + exp(-x)), unless=x < 0.0,
                   instead=lambda: exp(x) / (1.0 + exp(x)))


def _wsum(*xs: Any) -> Any:
    """Σ wᵢ·xᵢ (+ b), summed left to right."""
    weights, inputs, bias = wsum_layout(xs)
    total = weights[0] * inputs[0] if weights else 0.0
    for w, x in zip(weights[1:], inputs[1:]):
        total = total + w * x
    return total + bias if bias is not None else total


def _wsum_derivatives(*xs_out: Any) -> list[Any]:
    """∂/∂wᵢ = xᵢ, ∂/∂xᵢ = wᵢ, ∂/∂b = 1: the operands themselves, swapped in pairs."""
    xs = xs_out[:-1]
    n = len(xs) // 2 * 2
    local = list(xs)
    local[0:n:2], local[1:n:2] = xs[1:n:2], xs[0:n:2]
    if n < len(xs):
        local[-1] = 1.0
    return local


def _wsum_expression(names: Sequence[str]) -> str:
    weights, inputs, bias = wsum_layout(list(names))
    terms = [f"{w}·{x}" for w, x in zip(weights, inputs)] or ["0"]
    return "wsum(" + ", ".join(terms + ([bias] if bias is not None else [])) + ")"


def _pow_derivative(x: Any, out: Any, n: float) -> tuple[Any]:
    if n == 0.0:
        return (0.0,)
    local = n * power(n - 1)(x)
    if math.isinf(n):  # x**±inf → 0: so does its derivative (inf·0 would be nan)
        return (where(out == 0.0, 0.0, local),)
    return (local,)


# ---- the built-in operations: a value and its local derivatives in operations -----------------
# Helpers first: indicator functions whose derivative is 0 (relu's, abs's, max's local derivatives).
STEP = _builtin("step", lambda x: where(x > 0.0, 1.0, lambda: where(x != x, x, 0.0)),
                lambda x, out: (0.0,), show="[{0} > 0]")  # relu'(0) = 0 as in PyTorch; NaN stays
SIGN = _builtin("sign", lambda x: where(x > 0.0, 1.0, lambda: where(x < 0.0, -1.0, x * 0.0)),
                lambda x, out: (0.0,), show="sign({0})")  # abs'(0) = 0; NaN stays

ADD = _builtin("add", lambda a, b: a + b, lambda a, b, out: (1.0, 1.0), arity=2, symbol="+")
SUB = _builtin("sub", lambda a, b: a - b, lambda a, b, out: (1.0, -1.0), arity=2, symbol="−")
MUL = _builtin("mul", lambda a, b: a * b, lambda a, b, out: (b, a), arity=2, symbol="×")
DIV = _builtin("div", lambda a, b: a / b, lambda a, b, out: (1.0 / b, -out / b), arity=2, symbol="÷",
               domain=_div_domain)  # −out/b, not −a/b²: b·b underflows where a/b is finite
NEG = _builtin("neg", lambda a: -a, lambda a, out: (-1.0,), symbol="−x")
POW = _builtin("pow", _pow_value, _pow_derivative, param_names=("n",), domain=_pow_domain,
               symbol=lambda p: f"**{p['n']:g}" if p else "**")
EXP = _builtin("exp", lambda x: guarded(lambda: exp(x), unless=x > EXP_MAX, instead=math.inf),
               lambda x, out: (out,))
LOG = _builtin("log", lambda x: log(x), lambda x, out: (1.0 / x,), domain=_log_domain)
TANH = _builtin("tanh", lambda x: tanh(x), lambda x, out: (1.0 - out * out,))
SIGMOID = _builtin("sigmoid", sigmoid, lambda x, out: (out * (1.0 - out),), symbol="σ", show="σ({0})")
RELU = _builtin("relu", lambda x: where(x > 0.0, x, lambda: where(x != x, x, 0.0)),
                lambda x, out: (STEP(x),))
WSUM = _builtin("wsum", _wsum, _wsum_derivatives, arity=None, symbol="Σwx+b", expression=_wsum_expression)
ABS = _builtin("abs", lambda x: fabs(x), lambda x, out: (SIGN(x),), symbol="|x|")
SIN = _builtin("sin", lambda x: sin(x), lambda x, out: (COS(x),))
COS = _builtin("cos", lambda x: cos(x), lambda x, out: (-SIN(x),))
# softplus(x) = log(1 + eˣ), computed without overflow as x + log(1 + e⁻ˣ) for x > 0; its derivative is σ(x).
SOFTPLUS = _builtin("softplus", lambda x: guarded(lambda: log1p(exp(x)), unless=x > 0.0,
                                                  instead=lambda: x + log1p(exp(-x))),
                    lambda x, out: (SIGMOID(x),))


# max/min: at a tie (a == b) each operand gets half the gradient, as torch.maximum and JAX do: the
# value does not depend on which operand is picked, and the sum of the two shares is the derivative
# along a = b. NaN in either operand gives NaN (value and derivatives).
def _extremum(name: str, beats: Callable[[Any, Any], Any], at_least: Callable[[Any, Any], Any],
              holds: str) -> tuple[Op, Op]:
    """max or min, and its share of the gradient (an indicator): one definition, mirrored."""
    share = _builtin(f"{name}_share", lambda a, b: where(beats(a, b), 1.0, lambda: where(
                         beats(b, a), 0.0, lambda: where(a == b, 0.5, math.nan))),
                     lambda a, b, out: (0.0, 0.0), arity=2, show=f"[{{0}} {holds} {{1}}]")
    op = _builtin(name, lambda a, b: where(at_least(a, b), a, lambda: where(beats(b, a), b, lambda: a + b)),
                  lambda a, b, out: (share(a, b), share(b, a)), arity=2)
    return op, share


MAX, _MAX_SHARE = _extremum("max", lambda a, b: a > b, lambda a, b: a >= b, "≥")
MIN, _MIN_SHARE = _extremum("min", lambda a, b: a < b, lambda a, b: a <= b, "≤")

_POWERS: dict[float, Op] = {}


def power(n: float) -> Op:
    """The entry of ``x ** n``: POW with its exponent bound (``POW.bind(n=n)``), looked up fast."""
    op = _POWERS.get(n)
    if op is None:
        op = POW.bind(n=n)
        if len(_POWERS) < 1024:
            _POWERS[n] = op
    return op
