"""The table of operations: everything stepgrad knows about an operation, in one entry.

A node of the graph refers to its entry (``node.op`` is an ``Op``; leaves have ``None``), and
``op_of(node)`` returns it. Each entry holds, once:

* ``name`` (``"mul"``) and ``symbol`` (``"×"``, what drawings show);
* ``evaluate(*xs) -> (value, local derivatives)`` on floats: the forward function and the local
  derivatives together (``forward(*xs)`` and ``derivatives(*xs, out)`` read it). The engine
  stores exactly these floats in ``node.local_grads``; the chain rule multiplies them;
* ``formulas(names, out, node)``: each local derivative as the step tracer prints it
  (``a_o1(1−a_o1)``);
* ``expression(names, node)``: how the tracer writes the node (``mul(W31, a_h1)``);
* ``code(args, node)`` / ``code_locals(args, out, node)``: Python expressions (only ``math``
  names) that evaluate to the same floats, bit for bit, as the engine's value and local
  derivatives (a test proves it at many points for every built-in). Two documented exceptions:
  where ``**`` overflows (or divides by zero) Python raises ``OverflowError`` /
  ``ZeroDivisionError`` and the engine stores ±inf. An entry made by ``define_op`` without
  ``code=`` has no code form: ``code`` returns None, and a code generator calls
  ``op.evaluate(*xs)`` (value and local derivatives) by reference instead;
* ``latex(args, node)``, ``sympy(args, node)``, ``sympy_locals(args, out, node)`` (SymPy is imported
  only inside these);
* ``error``: the rounding-error model the property tests use (``ErrorModel``).

Constant parameters of an operation live on its entry: ``x ** 2`` refers to the entry
``POW.bind(n=2.0)`` (``op_of(node).params == {"n": 2.0}``); a weighted sum's layout
(w1, x1, ..., wn, xn[, b]) is read from its parents with ``wsum_parts(node)``.

``define_op`` adds an operation in one definition (see the README, "Adding an operation").
"""

from __future__ import annotations

import functools
import inspect
import math
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from autograd.engine import GraphError, Value, as_value, describe

__all__ = [
    "Op",
    "ErrorModel",
    "DomainError",
    "define_op",
    "op_of",
    "operations",
    "wsum_parts",
    "wsum_layout",
    "power",
    "U",
    "ADD",
    "SUB",
    "MUL",
    "DIV",
    "NEG",
    "POW",
    "EXP",
    "LOG",
    "TANH",
    "SIGMOID",
    "RELU",
    "WSUM",
    "ABS",
    "MAX",
    "MIN",
    "SOFTPLUS",
]

U = 2.0**-53  # unit roundoff of float64: the relative error of one correctly rounded operation
LIBM = 4 * U  # exp, log, tanh, pow, log1p: libm is within a few ulps

T = TypeVar("T")
Templates = Sequence[str] | Callable[..., Sequence[str]]
Template = str | Callable[..., str]


class DomainError(Exception):
    """Raised by an entry's ``evaluate`` for an input outside the operation's domain.

    ``error`` is the exception the user gets; ``message`` may name the operands as ``{0}``,
    ``{1}``... (``Op.apply`` fills in how each is described: label and value).
    """

    def __init__(self, error: type[Exception], message: str) -> None:
        super().__init__(message)
        self.error = error
        self.message = message


@dataclass(frozen=True)
class ErrorModel:
    """First-order rounding-error bounds for one operation (read by tests/test_properties.py).

    ``rounding``: relative error of the computed value (u for + − × ÷, a few u for libm).
    ``local(node, k, e)``: bound on the absolute error of ``node.local_grads[k]``, given ``e``, the
    error bounds of the values of the node and its parents. ``own(node)``: the absolute error the
    operation itself adds to its value, when not ``rounding × |value|`` (the weighted sum).
    """

    rounding: float
    local: Callable[[Value, int, Mapping[Value, float]], float]
    own: Callable[[Value], float] | None = None

    def value_error(self, node: Value) -> float:
        return self.own(node) if self.own is not None else self.rounding * abs(node.data)


_PLACEHOLDER = re.compile(r"\{(x\d+|out|[a-z]\w*)\}")
_ATOM = re.compile(r"[A-Za-z_][\w.]*|\d+(\.\d*)?([eE][-+]?\d+)?")
_CALL = re.compile(r"[A-Za-z_][\w.]*\(")


def fill(template: str, values: Mapping[str, str]) -> str:
    """Substitute ``{x0}``, ``{out}``, ``{n}``... (other braces, as in LaTeX, are left alone)."""
    return _PLACEHOLDER.sub(lambda m: values.get(m[1], m[0]), template)


def _is_atom(text: str) -> bool:
    """A name, a non-negative number, or one call ``f(...)``: safe inside any expression."""
    if _ATOM.fullmatch(text):
        return True
    call = _CALL.match(text)
    if call is None or not text.endswith(")"):
        return False
    depth = 0
    for i in range(call.end() - 1, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return i == len(text) - 1  # the call's own parenthesis closes last
    return False


def _code_atom(arg: str) -> str:
    return arg if _is_atom(arg) else f"({arg})"


def _latex_atom(arg: str) -> str:
    return arg if _is_atom(arg) else rf"\left({arg}\right)"


def _code_number(x: float) -> str:
    """A float as a Python expression that evaluates to exactly it."""
    if math.isnan(x):
        return "math.nan"
    if math.isinf(x):
        return "math.inf" if x > 0 else "(-math.inf)"
    return repr(float(x)) if x >= 0 else f"({float(x)!r})"


class Op:
    """One operation of the table; calling it on Values (or numbers) makes a node.

    Built from templates (strings with ``{x0}``, ``{x1}``..., ``{out}`` and the entry's parameters)
    or functions returning the text; see the module docstring for what each field is.
    """

    def __init__(
        self,
        name: str,
        evaluate: Callable[..., tuple[float, Sequence[float]]],
        *,
        arity: int | None,
        symbol: str | Callable[..., str] | None = None,
        formulas: Templates | None = None,
        expression: Template | None = None,
        code: Template | None = None,
        code_locals: Templates | None = None,
        latex: Template | None = None,
        sympy: Callable[..., Any] | None = None,
        sympy_locals: Callable[..., Sequence[Any]] | None = None,
        error: ErrorModel | None = None,
        params: Mapping[str, float] | None = None,
        param_names: tuple[str, ...] = (),
        builtin: bool = False,
    ) -> None:
        self.name = name
        self.param_names = param_names  # constant parameters the entry needs bound (POW: "n")
        self.arity = arity  # None: any number of parents (the weighted sum)
        self.params = dict(params or {})
        self.builtin = builtin
        self._evaluate = evaluate
        if self.params:
            self.evaluate = functools.partial(evaluate, **self.params)
        elif param_names:
            self.evaluate = self._unbound
        else:
            self.evaluate = evaluate
        self._symbol = symbol
        self._formulas = formulas
        self._expression = expression
        self._code = code
        self._code_locals = code_locals
        self._latex = latex
        self._sympy = sympy
        self._sympy_locals = sympy_locals
        self.error = error
        self._bound: dict[tuple[float, ...], Op] = {}
        fast = self._fast_apply()
        if fast is not None:
            self.apply = fast  # type: ignore[method-assign]

    def _unbound(self, *xs: float) -> tuple[float, Sequence[float]]:
        raise GraphError(
            f"the operation {self.name!r} needs its {', '.join(self.param_names)} bound first: "
            f"{self.name.upper()}.bind({self.param_names[0]}=...)"
            + (" or x ** n" if self.name == "pow" else "")
        )

    # ---- making nodes ---------------------------------------------------------------------------
    def __call__(self, *args: Value | float) -> Value:
        """The node for this operation on ``args`` (numbers become constant leaves)."""
        parents = tuple(a if type(a) is Value else as_value(a, self.name) for a in args)
        if self.arity is not None and len(parents) != self.arity:
            raise TypeError(f"{self.name} takes {self.arity} operand(s), got {len(parents)}")
        return self.apply(parents)

    def apply(self, parents: tuple[Value, ...]) -> Value:
        """Evaluate on the parents' data and record the node (the engine's one way to make one)."""
        data = tuple(p.data for p in parents)
        try:
            out, local = self.evaluate(*data)
        except DomainError as e:
            raise self._domain_error(e, parents) from None
        except (ArithmeticError, ValueError, TypeError) as e:
            if self.builtin:
                raise
            raise self._failed(parents, e) from e
        if not self.builtin:
            out, local = self._checked(parents, out, local)
        return Value(out, "", self, parents, local, data)

    def _fast_apply(self) -> Callable[[tuple[Value, ...]], Value] | None:
        """``apply`` for a built-in of one or two operands, with everything it reads held in a closure.

        Making nodes is most of a forward pass; this is the same work as ``apply`` without its
        attribute look-ups and list (about a third less time per node).
        """
        if not self.builtin or self.arity not in (1, 2):
            return None
        op, evaluate, node, domain_error = self, self.evaluate, Value, self._domain_error

        if self.arity == 1:
            def apply(parents: tuple[Value, ...]) -> Value:
                a = parents[0].data
                try:
                    out, local = evaluate(a)
                except DomainError as e:
                    raise domain_error(e, parents) from None
                return node(out, "", op, parents, local, (a,))
        else:
            def apply(parents: tuple[Value, ...]) -> Value:
                a, b = parents[0].data, parents[1].data
                try:
                    out, local = evaluate(a, b)
                except DomainError as e:
                    raise domain_error(e, parents) from None
                return node(out, "", op, parents, local, (a, b))
        return apply

    @staticmethod
    def _domain_error(e: DomainError, parents: tuple[Value, ...]) -> Exception:
        return e.error(e.message.format(*map(describe, parents)))

    def _failed(self, parents: tuple[Value, ...], e: Exception) -> GraphError:
        return GraphError(
            f"operation {self.name!r} failed on {', '.join(map(describe, parents))}: "
            f"{type(e).__name__}: {e}; its forward/derivatives functions must return floats "
            f"(return math.inf or math.nan rather than raise where the value is not finite)"
        )

    def _checked(
        self, parents: tuple[Value, ...], out: object, local: Sequence[object]
    ) -> tuple[float, tuple[float, ...]]:
        """A user operation's results as floats; anything else is a GraphError naming the operation."""
        local = tuple(local)
        if len(local) != len(parents):
            raise GraphError(
                f"operation {self.name!r} gave {len(local)} local derivatives for {len(parents)} "
                f"operands; derivatives must return one per operand, in order"
            )
        try:
            return float(out), tuple(map(float, local))  # type: ignore[arg-type]
        except (TypeError, ValueError, OverflowError):
            raise GraphError(
                f"operation {self.name!r} on {', '.join(map(describe, parents))} returned {out!r} with "
                f"derivatives {local!r}; forward and derivatives must return real numbers"
            ) from None

    def bind(self, **params: float) -> Op:
        """The entry with its constant parameters set (``POW.bind(n=2.0)``), cached."""
        if set(params) != set(self.param_names):
            names = ", ".join(self.param_names)
            raise TypeError(f"{self.name} takes the parameters ({names}), got {sorted(params)}")
        key = tuple(params[k] for k in sorted(params))
        op = self._bound.get(key)
        if op is None:
            op = Op(self.name, self._evaluate, arity=self.arity, symbol=self._symbol,
                    formulas=self._formulas, expression=self._expression, code=self._code,
                    code_locals=self._code_locals, latex=self._latex, sympy=self._sympy,
                    sympy_locals=self._sympy_locals, error=self.error, params=params,
                    param_names=self.param_names, builtin=self.builtin)
            if len(self._bound) < 1024:  # a program uses few exponents; do not grow without bound
                self._bound[key] = op
        return op

    # ---- the forward function and the local derivatives -----------------------------------------
    def forward(self, *xs: float) -> float:
        return self.evaluate(*xs)[0]

    def derivatives(self, *xs_and_out: float) -> tuple[float, ...]:
        """The local derivatives at ``xs`` (the last argument, the value, is not needed here)."""
        return tuple(self.evaluate(*xs_and_out[:-1])[1])

    # ---- text forms -------------------------------------------------------------------------------
    def _values(self, args: Sequence[str], out: str = "", wrap: Callable[[str], str] = str) -> dict[str, str]:
        values = {f"x{i}": wrap(a) for i, a in enumerate(args)}
        values["out"] = wrap(out)
        return values

    def _text(self, template: Template | None, values: dict[str, str], node: Value | None) -> str | None:
        if template is None:
            return None
        if callable(template):
            return template(values, self.params, node)
        return fill(template, values | {k: _code_number(v) for k, v in self.params.items()})

    def _texts(
        self, templates: Templates | None, values: dict[str, str], node: Value | None
    ) -> tuple[str, ...] | None:
        if templates is None:
            return None
        if callable(templates):
            return tuple(templates(values, self.params, node))
        return tuple(fill(t, values) for t in templates)

    @property
    def symbol(self) -> str:
        """What a drawing writes in the operation's circle."""
        s = self._symbol
        if callable(s):
            return s(self.params)
        return s if s is not None else self.name

    def formulas(self, names: Sequence[str], out: str, node: Value | None = None) -> tuple[str, ...]:
        """Each local derivative as the step tracer prints it, in the nodes' names."""
        found = self._texts(self._formulas, self._values(names, out), node)
        if found is not None:
            return found
        if len(names) == 1:  # no formula given: the derivative by name, f'(x)
            return (f"{self.name}'({names[0]})",)
        return tuple(f"∂{self.name}/∂x{k}({', '.join(names)})" for k in range(len(names)))

    def expression(self, names: Sequence[str], node: Value | None = None) -> str:
        """How the tracer writes the node: ``mul(W31, a_h1)``."""
        text = self._text(self._expression, self._values(names), node)
        return text if text is not None else f"{self.name}({', '.join(names)})"

    def code(self, args: Sequence[str], node: Value | None = None) -> str | None:
        """A Python expression (``math`` names only) for the value; None: no code form."""
        text = self._text(self._code, self._values(args, wrap=_code_atom), node)
        return None if text is None else _code_atom(text)

    def code_locals(self, args: Sequence[str], out: str, node: Value | None = None) -> tuple[str, ...] | None:
        """Python expressions for each local derivative, bit for bit ``node.local_grads``."""
        values = self._values(args, out, wrap=_code_atom) | {
            k: _code_number(v) for k, v in self.params.items()
        }
        found = self._texts(self._code_locals, values, node)
        return None if found is None else tuple(_code_atom(t) for t in found)

    def latex(self, args: Sequence[str], node: Value | None = None) -> str:
        """The value as LaTeX (an operation without a LaTeX form: ``\\operatorname{name}(...)``)."""
        text = self._text(self._latex, self._values(args, wrap=_latex_atom), node)
        if text is None:
            return rf"\operatorname{{{self.name}}}\left({', '.join(args)}\right)"
        return text

    def sympy(self, args: Sequence[Any], node: Value | None = None) -> Any:
        """The value as a SymPy expression of ``args`` (an unknown function if no form is given)."""
        import sympy as sp

        if self._sympy is None:
            return sp.Function(self.name)(*args)
        return self._sympy(sp, *args, **self.params)

    def sympy_locals(self, args: Sequence[Any], out: Any, node: Value | None = None) -> tuple[Any, ...]:
        """Each local derivative as a SymPy expression of ``args`` and ``out`` (the value)."""
        import sympy as sp

        if self._sympy_locals is not None:
            return tuple(self._sympy_locals(sp, *args, out, **self.params))
        symbols = sp.symbols(f"_x0:{len(args)}")
        value = self.sympy(list(symbols), node)
        at = dict(zip(symbols, args))  # xreplace: one pass (subs: quadratic in the arguments)
        return tuple(sp.diff(value, s).xreplace(at) for s in symbols)

    # ---- identity -------------------------------------------------------------------------------
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


def _register(op: Op) -> Op:
    if op.builtin:
        if op.name in _BUILTINS:
            raise ValueError(f"{op.name!r} is already a built-in operation")
        _BUILTINS[op.name] = op
    _TABLE[op.name] = op
    return op


def operations() -> dict[str, Op]:
    """Every operation of the table by name (built-ins and those added with ``define_op``)."""
    return dict(_TABLE)


def op_of(node: Value) -> Op:
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


def wsum_parts(node: Value) -> tuple[Sequence[Value], Sequence[Value], Value | None]:
    """A weighted sum node's (weights, inputs, bias)."""
    return wsum_layout(node.parents)


# ---- define_op ----------------------------------------------------------------------------------


def _arity(forward: Callable[..., float]) -> int:
    try:
        params = inspect.signature(forward).parameters.values()
    except (TypeError, ValueError):
        raise TypeError("define_op: cannot read the forward function's parameters; pass arity=") from None
    if any(p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params):
        raise TypeError("define_op: the forward function takes *args; pass arity=")
    return sum(p.default is p.empty for p in params)


def define_op(
    name: str,
    forward: Callable[..., float],
    derivatives: Callable[..., Sequence[float]],
    formulas: Sequence[str] | None = None,
    *,
    symbol: str | None = None,
    arity: int | None = None,
    code: str | None = None,
    code_locals: Sequence[str] | None = None,
    latex: str | None = None,
    sympy: Callable[..., Any] | None = None,
    sympy_locals: Callable[..., Sequence[Any]] | None = None,
    error: ErrorModel | None = None,
    method: bool = False,
    builtin: bool = False,
) -> Op:
    """Add an operation to the table in one definition; returns its entry, which makes nodes.

    ``forward(x0, x1, ...)`` gives the value from the operands' floats; ``derivatives(x0, ...,
    out)`` the local derivative with respect to each operand (``out`` is the value, so tanh's is
    ``1 - out*out``). Both must be deterministic: a repeated ``backward`` evaluates them again to
    detect edited data (``StaleGraphError``). ``formulas``: each local derivative as the step
    tracer prints it, with ``{x0}``, ``{x1}``... for the operands' names and ``{out}`` for the
    node's (e.g. ``"σ({x0})"``); without them the tracer prints ``name'(x)``.

    Optional: ``symbol`` (drawings); ``code`` and ``code_locals`` (Python expressions with
    ``math`` names, for code generators; without them ``op.code`` returns None and generators
    call ``op.evaluate`` by reference); ``latex``; ``sympy`` / ``sympy_locals`` (functions
    ``(sympy_module, *args[, out])``); ``error`` (the property tests' model). ``method=True`` also
    makes it a method of Value (``v.swish()``) unless Value already has that attribute (other than
    one an earlier ``define_op`` of the user added). Defining a name again replaces the earlier
    definition in ``operations()``; a built-in of that name (``softplus``) stays what Value's
    methods, the activations and pickled graphs use.
    """
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"define_op: the name must be an identifier, got {name!r}")
    n = arity if arity is not None else _arity(forward)
    if formulas is not None and len(formulas) != n:
        raise ValueError(f"define_op {name!r}: {len(formulas)} formulas for {n} operands; one per operand")
    if code_locals is not None and len(code_locals) != n:
        raise ValueError(f"define_op {name!r}: {len(code_locals)} code_locals for {n} operands")

    def evaluate(*xs: float) -> tuple[float, tuple[float, ...]]:
        out = forward(*xs)
        return out, tuple(derivatives(*xs, out))

    evaluate.__name__ = evaluate.__qualname__ = name
    if method:
        _check_method_name(name)
    op = _register(
        Op(name, evaluate, arity=n, symbol=symbol, formulas=formulas, code=code, code_locals=code_locals,
           latex=latex, sympy=sympy, sympy_locals=sympy_locals, error=error, builtin=builtin)
    )
    if method:
        _add_method(op)
    return op


def _check_method_name(name: str) -> None:
    existing = getattr(Value, name, None)
    made_here = isinstance(getattr(existing, "op", None), Op) and not existing.op.builtin  # by a user
    if existing is not None and not made_here:
        raise ValueError(f"define_op: Value already has an attribute {name!r}; pass method=False")


def _add_method(op: Op) -> None:
    def method(self: Value, *others: Value | float) -> Value:
        return op(self, *others)

    method.__name__ = method.__qualname__ = op.name
    method.__doc__ = f"``{op.name}`` of this Value (an operation of the table, autograd.ops)."
    method.op = op  # type: ignore[attr-defined]
    setattr(Value, op.name, method)


def _builtin(name: str, evaluate: Callable[..., tuple[float, Sequence[float]]], **fields: Any) -> Op:
    fields.setdefault("arity", _arity(evaluate) if name != "wsum" else None)
    return _register(Op(name, evaluate, builtin=True, **fields))


# ---- error models -----------------------------------------------------------------------------------


def _exact_local(node: Value, k: int, e: Mapping[Value, float]) -> float:
    return 0.0  # a constant local derivative (1, −1, 0): no error


def _other_operand(node: Value, k: int, e: Mapping[Value, float]) -> float:
    return e[node.parents[1 - k]]  # mul: ∂/∂a = b, ∂/∂b = a


def _div_local(node: Value, k: int, e: Mapping[Value, float]) -> float:
    a, b = node.parents[0].data, node.parents[1].data
    if k == 0:  # 1/b
        return U / abs(b) + e[node.parents[1]] / b**2
    loc = node.local_grads[1]
    return 3 * U * abs(loc) + e[node.parents[0]] / b**2 + 2 * abs(a) * e[node.parents[1]] / abs(b) ** 3


def _pow_local(node: Value, k: int, e: Mapping[Value, float]) -> float:
    n, x = op_of(node).params["n"], node.parents[0].data
    second = abs(n * (n - 1) * x ** (n - 2)) if n not in (0.0, 1.0) else 0.0
    return (LIBM + U) * abs(node.local_grads[0]) + second * e[node.parents[0]]


def _exp_local(node: Value, k: int, e: Mapping[Value, float]) -> float:
    return e[node]  # the local derivative is the value itself


def _log_local(node: Value, k: int, e: Mapping[Value, float]) -> float:
    x = node.parents[0].data
    return U / abs(x) + e[node.parents[0]] / x**2


def _tanh_local(node: Value, k: int, e: Mapping[Value, float]) -> float:
    t = node.data  # 1 - t*t: the product and the difference round, t is off by e
    return U * (t * t + abs(node.local_grads[0])) + 2 * abs(t) * e[node]


def _sigmoid_local(node: Value, k: int, e: Mapping[Value, float]) -> float:
    s = node.data  # s*(1-s)
    return 2 * U * abs(node.local_grads[0]) + (abs(s) + abs(1 - s)) * e[node]


def _softplus_local(node: Value, k: int, e: Mapping[Value, float]) -> float:
    # σ(x) computed like sigmoid (a few u); σ'(x) ≤ 1/4 carries the operand's error
    return LIBM * abs(node.local_grads[0]) + 0.25 * e[node.parents[0]]


def _wsum_local(node: Value, k: int, e: Mapping[Value, float]) -> float:
    weights, inputs, bias = wsum_parts(node)  # d/dwᵢ = xᵢ, d/dxᵢ = wᵢ, d/db = 1
    if k == 2 * len(weights):
        return 0.0
    return e[inputs[k // 2]] if k % 2 == 0 else e[weights[k // 2]]


def _wsum_own(node: Value) -> float:
    weights, inputs, bias = wsum_parts(node)  # γ_k for k products and sums
    mags = sum(abs(w.data * x.data) for w, x in zip(weights, inputs))
    mags += abs(bias.data) if bias is not None else 0.0
    return len(node.parents) * U * mags


EXACT = ErrorModel(U, _exact_local)

# ---- the built-in operations --------------------------------------------------------------------
# Each evaluate returns (value, local derivatives) from floats; the code forms are the same
# arithmetic as text. Non-finite results follow IEEE: overflow gives ±inf, NaN propagates.

EXP_MAX = 709.782712893384  # the largest x whose exp is finite: math.exp raises above it


def _add(a: float, b: float) -> tuple[float, tuple[float, float]]:
    return a + b, (1.0, 1.0)


def _sub(a: float, b: float) -> tuple[float, tuple[float, float]]:
    return a - b, (1.0, -1.0)


def _mul(a: float, b: float) -> tuple[float, tuple[float, float]]:
    return a * b, (b, a)


def _div(a: float, b: float) -> tuple[float, tuple[float, float]]:
    if b == 0.0:
        raise DomainError(ZeroDivisionError, "division by zero: {0} / {1}; the divisor must not be 0")
    # -(a/b)/b, not -a/(b*b): b*b underflows to 0 for |b| < 1e-162 where a/b is still finite.
    return a / b, (1.0 / b, -(a / b) / b)


def _neg(a: float) -> tuple[float, tuple[float]]:
    return -a, (-1.0,)


def _signed_inf(x: float, n: float) -> float:
    """x**n beyond the float range: ±inf, negative only for a negative base to an odd power."""
    return -math.inf if x < 0.0 and n.is_integer() and n % 2 else math.inf


def _pow(x: float, *, n: float) -> tuple[float, tuple[float]]:
    if x == 0.0 and n < 0:
        raise DomainError(ZeroDivisionError, "{0} ** " + f"{n:g}: 0 to a negative power")
    if x < 0.0 and not n.is_integer() and not math.isinf(n):
        raise DomainError(GraphError, "{0} ** " + f"{n:g}: a negative base to a fractional power "
                          "is not a real number")
    try:
        out = x**n
    except OverflowError:
        out = _signed_inf(x, n)
    if n == 0.0:
        return out, (0.0,)
    try:
        local = n * x ** (n - 1)
    except (OverflowError, ZeroDivisionError):  # |n·x^(n−1)| beyond the float range: its sign, not +inf
        local = _signed_inf(x, n - 1) * math.copysign(1.0, n)
    if local != local and out == 0.0:  # x**±inf → 0: n·x^(n−1) → 0 too (inf·0 would be nan)
        local = 0.0
    return out, (local,)


def _pow_formulas(v: Mapping[str, str], params: Mapping[str, float], node: Value | None) -> tuple[str]:
    n, x = params["n"], v["x0"]
    if n == 0:
        return ("0",)
    if n == 1:
        return ("1",)
    if n == 2:
        return (f"2·{x}",)
    if n == 3:
        return (f"3·{x}²",)
    return (f"{_short(n)}·{x}^{_short(n - 1)}",)


def _pow_code(v: Mapping[str, str], params: Mapping[str, float], node: Value | None) -> str:
    """``x ** n`` as code, failing where ``_pow`` raises (the replay then re-runs the call through the
    engine, for its error): Python gives inf for 0.0 ** -inf and (-inf) ** 0.5, nan for (-3.0) ** nan."""
    n, x, nc = params["n"], v["x0"], _code_number(params["n"])
    power = f"{x} ** {nc}"
    fractional = not n.is_integer() and not math.isinf(n)  # nan too
    if fractional and n < 0:
        return f"({power} if {x} > 0.0 or {x} != {x} else _fail())"
    if fractional:
        return f"({power} if {x} >= 0.0 or {x} != {x} else _fail())"
    if n == -math.inf:
        return f"({power} if {x} != 0.0 else _fail())"
    return power


def _pow_code_locals(v: Mapping[str, str], params: Mapping[str, float], node: Value | None) -> tuple[str]:
    n, x, nc = params["n"], v["x0"], v["n"]
    if n == 0:
        return ("0.0",)
    local = f"{nc} * {x} ** {_code_number(n - 1)}"
    if math.isinf(n):
        return (f"0.0 if {x} ** {nc} == 0.0 else {local}",)
    return (local,)


_POWERS: dict[float, Op] = {}


def power(n: float) -> Op:
    """The entry of ``x ** n``: POW with its exponent bound (``POW.bind(n=n)``), looked up fast."""
    op = _POWERS.get(n)
    if op is None:
        op = POW.bind(n=n)
        if len(_POWERS) < 1024:
            _POWERS[n] = op
    return op


def _short(x: float) -> str:
    return f"{x:g}" if math.isfinite(x) else ("inf" if x > 0 else "-inf")


def _exp(x: float) -> tuple[float, tuple[float]]:
    out = math.exp(x) if not x > EXP_MAX else math.inf
    return out, (out,)


def _log(x: float) -> tuple[float, tuple[float]]:
    if not x > 0.0:
        if x != x:  # NaN in, NaN out (as everywhere else); anomaly mode finds it
            return x, (x,)
        raise DomainError(GraphError, "log of {0}: log needs a positive number")
    return math.log(x), (1.0 / x,)


def _tanh(x: float) -> tuple[float, tuple[float]]:
    t = math.tanh(x)  # saturates to ±1 without overflow
    return t, (1.0 - t * t,)


def sigmoid(x: float) -> float:
    """σ(x) = 1/(1+e^−x) without overflow: exp of a negative number only."""
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


SIGMOID_CODE = "1.0 / (1.0 + math.exp(-{x0})) if {x0} >= 0.0 else math.exp({x0}) / (1.0 + math.exp({x0}))"


def _sigmoid(x: float) -> tuple[float, tuple[float]]:
    s = sigmoid(x)
    return s, (s * (1.0 - s),)


def _relu(x: float) -> tuple[float, tuple[float]]:
    if x > 0.0:
        return x, (1.0,)
    if x != x:  # NaN propagates, as in PyTorch: relu must not hide it
        return x, (x,)
    return 0.0, (0.0,)  # relu'(0) = 0, as in PyTorch and JAX


def _wsum(*xs: float) -> tuple[float, tuple[float, ...]]:
    """Σ wᵢ·xᵢ (+ b), summed left to right."""
    weights, inputs, bias = wsum_layout(xs)
    total = weights[0] * inputs[0] if weights else 0.0
    for w, x in zip(weights[1:], inputs[1:]):
        total += w * x
    local = list(xs)  # ∂/∂wᵢ = xᵢ, ∂/∂xᵢ = wᵢ, ∂/∂b = 1
    local[0 : 2 * len(weights) : 2], local[1 : 2 * len(weights) : 2] = inputs, weights
    if bias is not None:
        total += bias
        local[-1] = 1.0
    return total, tuple(local)


def _wsum_args(v: Mapping[str, str]) -> tuple[Sequence[str], Sequence[str], str | None]:
    return wsum_layout([v[f"x{i}"] for i in range(len(v) - 1)])  # v also holds "out"


def _wsum_text(times: str, zero: str, join: str = " + ") -> Callable[..., str]:
    def text(v: Mapping[str, str], params: Mapping[str, float], node: Value | None) -> str:
        weights, inputs, bias = _wsum_args(v)
        terms = [f"{w}{times}{x}" for w, x in zip(weights, inputs)] or [zero]
        return join.join(terms + ([bias] if bias is not None else []))

    return text


def _wsum_locals(one: str) -> Callable[..., list[str]]:
    def texts(v: Mapping[str, str], params: Mapping[str, float], node: Value | None) -> list[str]:
        weights, inputs, bias = _wsum_args(v)
        out = [d for w, x in zip(weights, inputs) for d in (x, w)]  # ∂/∂w = x, ∂/∂x = w
        return out + ([one] if bias is not None else [])

    return texts


def _wsum_sympy(sp: Any, *args: Any) -> Any:
    weights, inputs, bias = wsum_layout(args)
    total = sp.Add(*[w * x for w, x in zip(weights, inputs)])
    return total + bias if bias is not None else total


def _wsum_sympy_locals(sp: Any, *args: Any) -> tuple[Any, ...]:
    """d/dw_i = x_i, d/dx_i = w_i, d/db = 1: linear in the operands (diff of the sum per operand is not)."""
    *operands, _out = args
    weights, inputs, bias = wsum_layout(operands)
    pairs = [d for w, x in zip(weights, inputs) for d in (x, w)]
    return (*pairs, sp.Integer(1)) if bias is not None else tuple(pairs)


ADD = _builtin("add", _add, symbol="+", formulas=("1", "1"), code="{x0} + {x1}", code_locals=("1.0", "1.0"),
               latex="{x0} + {x1}", sympy=lambda sp, a, b: a + b, error=EXACT)
SUB = _builtin("sub", _sub, symbol="−", formulas=("1", "−1"), code="{x0} - {x1}",
               code_locals=("1.0", "-1.0"), latex="{x0} - {x1}", sympy=lambda sp, a, b: a - b, error=EXACT)
MUL = _builtin("mul", _mul, symbol="×", formulas=("{x1}", "{x0}"), code="{x0} * {x1}",
               code_locals=("{x1}", "{x0}"), latex=r"{x0} \cdot {x1}", sympy=lambda sp, a, b: a * b,
               error=ErrorModel(U, _other_operand))
DIV = _builtin("div", _div, symbol="÷", formulas=("1/{x1}", "−{x0}/{x1}²"), code="{x0} / {x1}",
               code_locals=("1.0 / {x1}", "-({x0} / {x1}) / {x1}"), latex=r"\frac{{x0}}{{x1}}",
               sympy=lambda sp, a, b: a / b, error=ErrorModel(U, _div_local))
NEG = _builtin("neg", _neg, symbol="−x", formulas=("−1",), code="-{x0}", code_locals=("-1.0",),
               latex="-{x0}", sympy=lambda sp, a: -a, error=ErrorModel(0.0, _exact_local))
POW = _builtin("pow", _pow, arity=1, param_names=("n",), symbol=lambda p: f"**{p['n']:g}" if p else "**",
               formulas=_pow_formulas,
               expression=lambda v, p, node: f"pow({v['x0']}, {_short(p['n'])})",
               code=_pow_code, code_locals=_pow_code_locals,
               latex=lambda v, p, node: f"{v['x0']}^{{{_short(p['n'])}}}",
               sympy=lambda sp, x, n: x ** sp.nsimplify(n),
               sympy_locals=lambda sp, x, out, n: (sp.nsimplify(n) * x ** (sp.nsimplify(n) - 1),),
               error=ErrorModel(LIBM, _pow_local))
EXP = _builtin("exp", _exp, formulas=("exp({x0})",),
               code=f"math.exp({{x0}}) if not {{x0}} > {EXP_MAX!r} else math.inf", code_locals=("{out}",),
               latex="e^{{x0}}", sympy=lambda sp, x: sp.exp(x), sympy_locals=lambda sp, x, out: (out,),
               error=ErrorModel(LIBM, _exp_local))
LOG = _builtin("log", _log, formulas=("1/{x0}",), code="math.log({x0})", code_locals=("1.0 / {x0}",),
               latex=r"\log {x0}", sympy=lambda sp, x: sp.log(x), error=ErrorModel(LIBM, _log_local))
TANH = _builtin("tanh", _tanh, formulas=("1−{out}²",), code="math.tanh({x0})",
                code_locals=("1.0 - {out} * {out}",), latex=r"\tanh {x0}", sympy=lambda sp, x: sp.tanh(x),
                sympy_locals=lambda sp, x, out: (1 - out**2,), error=ErrorModel(LIBM, _tanh_local))
SIGMOID = _builtin("sigmoid", _sigmoid, symbol="σ", formulas=("{out}(1−{out})",), code=SIGMOID_CODE,
                   code_locals=("{out} * (1.0 - {out})",), latex=r"\sigma\left({x0}\right)",
                   sympy=lambda sp, x: 1 / (1 + sp.exp(-x)),
                   sympy_locals=lambda sp, x, out: (out * (1 - out),), error=ErrorModel(LIBM, _sigmoid_local))
RELU = _builtin("relu", _relu, formulas=("[{x0} > 0]",), code="{x0} if {x0} > 0.0 or {x0} != {x0} else 0.0",
                code_locals=("1.0 if {x0} > 0.0 else {x0} if {x0} != {x0} else 0.0",),
                latex=r"\max\left(0, {x0}\right)", sympy=lambda sp, x: sp.Max(0, x),
                sympy_locals=lambda sp, x, out: (sp.Heaviside(x, 0),), error=ErrorModel(0.0, _exact_local))
WSUM = _builtin("wsum", _wsum, symbol="Σwx+b", formulas=_wsum_locals("1"),
                expression=lambda v, p, node: "wsum(" + _wsum_text("·", "0", ", ")(v, p, node) + ")",
                code=_wsum_text(" * ", "0.0"), code_locals=_wsum_locals("1.0"),
                latex=_wsum_text(r" \cdot ", "0"), sympy=_wsum_sympy, sympy_locals=_wsum_sympy_locals,
                error=ErrorModel(U, _wsum_local, _wsum_own))

# ---- built-ins added with define_op, one entry each ---------------------------------------------

ABS = define_op(
    "abs", forward=lambda x: math.fabs(x),
    derivatives=lambda x, out: (1.0 if x > 0.0 else -1.0 if x < 0.0 else x * 0.0,),  # abs'(0) = 0; NaN stays
    formulas=("sign({x0})",), symbol="|x|", code="math.fabs({x0})",
    code_locals=("1.0 if {x0} > 0.0 else -1.0 if {x0} < 0.0 else {x0} * 0.0",), latex=r"\left|{x0}\right|",
    sympy=lambda sp, x: sp.Abs(x), sympy_locals=lambda sp, x, out: (sp.sign(x),),
    error=ErrorModel(0.0, _exact_local), builtin=True,
)

# max/min: at a tie (a == b) each operand gets half the gradient, as torch.maximum and JAX do: the
# value does not depend on which operand is picked, and the sum of the two shares is the derivative
# along a = b. NaN in either operand gives NaN (value and derivatives).
def _extremum(name: str, wins: str) -> Op:
    """max (``wins`` = ">") or min ("<"): the same definition with the comparison mirrored."""
    beats, at_least = {">": (operator.gt, operator.ge), "<": (operator.lt, operator.le)}[wins]
    holds = {">": "≥", "<": "≤"}[wins]
    tie = "0.5 if {x0} == {x1} else math.nan"  # NaN in either operand: NaN
    picks0 = f"1.0 if {{x0}} {wins} {{x1}} else 0.0 if {{x1}} {wins} {{x0}} else {tie}"
    picks1 = f"0.0 if {{x0}} {wins} {{x1}} else 1.0 if {{x1}} {wins} {{x0}} else {tie}"

    def sympy_locals(sp, a, b, out):  # SymPy module and expressions
        first, second = beats(a, b), beats(b, a)
        return (sp.Piecewise((1, first), (0, second), (sp.Rational(1, 2), True)),
                sp.Piecewise((0, first), (1, second), (sp.Rational(1, 2), True)))

    return define_op(
        name, forward=lambda a, b: a if at_least(a, b) else b if beats(b, a) else a + b,
        derivatives=lambda a, b, out: ((1.0, 0.0) if beats(a, b) else (0.0, 1.0) if beats(b, a)
                                       else (0.5, 0.5) if a == b else (math.nan, math.nan)),
        formulas=(f"[{{x0}} {holds} {{x1}}]", f"[{{x1}} {holds} {{x0}}]"),
        code=f"{{x0}} if {{x0}} {wins}= {{x1}} else {{x1}} if {{x1}} {wins} {{x0}} else {{x0}} + {{x1}}",
        code_locals=(picks0, picks1),
        latex=rf"\{name}\left({{x0}}, {{x1}}\right)",
        sympy=lambda sp, a, b: (sp.Max if wins == ">" else sp.Min)(a, b), sympy_locals=sympy_locals,
        error=ErrorModel(0.0, _exact_local), builtin=True,
    )


MAX = _extremum("max", ">")
MIN = _extremum("min", "<")

# softplus(x) = log(1 + eˣ), computed without overflow: x + log1p(e⁻ˣ) for x > 0. Its derivative is σ(x).
SOFTPLUS = define_op(
    "softplus", forward=lambda x: x + math.log1p(math.exp(-x)) if x > 0.0 else math.log1p(math.exp(x)),
    derivatives=lambda x, out: (sigmoid(x),), formulas=("σ({x0})",),
    code="{x0} + math.log1p(math.exp(-{x0})) if {x0} > 0.0 else math.log1p(math.exp({x0}))",
    code_locals=(SIGMOID_CODE,), latex=r"\log\left(1 + e^{{x0}}\right)",
    sympy=lambda sp, x: sp.log(1 + sp.exp(x)), sympy_locals=lambda sp, x, out: (1 / (1 + sp.exp(-x)),),
    error=ErrorModel(LIBM + U, _softplus_local), method=True, builtin=True,
)
