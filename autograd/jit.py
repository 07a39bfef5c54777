"""Trace once, replay at hand-written speed: ``autograd.jit``.

``step = jit(fn)`` wraps a function that takes plain numbers (the data) and builds a loss from
Values it closes over (the parameters)::

    net = DocumentNetwork(W11=0.15, ...)
    step = jit(lambda x1, x2, y: half_squared_error(net([x1, x2]), y))
    loss = step(0.05, 0.10, 0.01)     # a float; every parameter's .grad as backward() leaves it
    print(step.source)                # the forward and backward pass as Python, in the nodes' names

The first call *records*: it runs ``fn`` on stand-ins for the numbers, keeps the graph, and
generates straight-line Python for the forward pass (one local per node, named as the tracer
names it) and the backward pass in ``backward()``'s order (``dL_dz_o1 = dL_da_o1 * (a_o1 * (1.0 -
a_o1))``), with each operation's value and local derivatives written out as the operation table's
code form. That source is compiled once; every later call with arguments of the same shape runs
it on the parameters' current ``.data`` and writes, bit for bit, the ``.grad`` that
``fn(*args).backward()`` would.

The eager graph stays the one definition of the arithmetic: the generated code is derived from
it, and ``step.graph(*args)`` writes a replay's values, local derivatives and gradients back into
the recorded graph, so ``trace``, ``Stepper`` and ``draw`` show any step of a compiled run.

Guards, so that a replay never gives a wrong number silently:

- *What decides the graph's shape* keys the cache: the nesting and lengths of the arguments,
  every argument that is not a number (compared by value), and the outcome of every comparison
  ``fn`` made on a number while recording (``if x > 0:``). A call that differs in any of them is
  recorded and compiled again.
- ``fn`` reading ``.data`` of a Value, or using a number argument in plain Python arithmetic
  (``x * 2.0``, ``math.exp(x)``, ``int(x)``), while recording would bake the recorded number into
  the code: this is refused with a ``JitError`` naming the line (``jit(fn, eager=True)`` instead
  warns once and runs such calls eagerly).
- Branches inside operations (relu, the stable sigmoid) are inline conditionals of the code form.
- A numeric failure during a replay (overflow, division by zero, a math domain error) re-runs
  that call eagerly, so the user gets exactly the engine's result or its error message.
- While a node of the graph has a hook (``register_hook``, ``watch``) or anomaly mode is on,
  calls run eagerly, so the hooks fire and the checks run.
- Sums of thousands of terms are written in chunks (``compile()`` overflows on one expression of
  more than ~3,000 terms).

Limits: state ``fn`` reads other than its arguments and the Values it reaches (globals, random
numbers, counters) is read once, while recording. Recording patches the ``Value`` class for its
duration, so record in one thread at a time.
"""

from __future__ import annotations

import builtins
import inspect
import io
import keyword
import math
import numbers
import operator
import os
import re
import sys
import tokenize
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from autograd.engine import Value, _hooks, describe, topological_order
from autograd.ops import op_of
from autograd.trace import node_names

__all__ = ["jit", "Compiled", "JitError", "JitWarning", "Update"]


class JitError(ValueError):
    """``fn`` cannot be compiled as it is; the message names the line and the fix."""


class JitWarning(UserWarning):
    """Said once when a compiled function falls back to running eagerly."""


class _Untraceable(JitError):
    """Raised inside ``fn`` at the first unsafe use of the data while recording."""


_AUTOGRAD_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep
MAX_TERMS = 500  # terms of a sum per generated statement: compile() overflows near 3,000
MAX_VARIANTS = 32  # recorded graphs of one argument shape (branches) before running eagerly


# ---- the optimizer step a training step fuses into its code -----------------------------------


class Update(Protocol):
    """An optimizer whose step can be written into the compiled code after the gradients.

    ``code(params)`` gets one ``(node, value, grad)`` triple of expressions per parameter, in the
    order of ``parameters``, and returns the statements of one step and the names they use (the
    statements must compute exactly what ``step()`` computes, and name their locals ``_x``).
    ``zero_grad()`` and ``step()`` are the eager optimizer's, used when a call runs eagerly.
    """

    parameters: Sequence[Value]

    def code(self, params: Sequence[tuple[str, str, str]]) -> tuple[list[str], dict[str, object]]: ...

    def zero_grad(self) -> None: ...

    def step(self) -> None: ...


# ---- recording: stand-ins for the data, and who reads what ------------------------------------


def _user_site(frame: Any) -> str:
    """``file:line`` of the first frame outside the autograd package (the user's code)."""
    while frame is not None and frame.f_code.co_filename.startswith(_AUTOGRAD_DIR):
        frame = frame.f_back
    if frame is None:
        return "an unknown place"
    return f"{frame.f_code.co_filename}:{frame.f_lineno}"


_COMPARE = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
            "==": operator.eq, "!=": operator.ne}


@dataclass(frozen=True)
class Guard:
    """A comparison ``fn`` made on the data while recording, and its outcome then."""

    left: int  # index of the data argument
    op: str
    right: object  # a constant, or ("arg", index)
    outcome: bool

    def holds(self, flat: Sequence[float]) -> bool:
        right = self.right
        if type(right) is tuple and right and right[0] == "arg":
            right = flat[right[1]]
        return bool(_COMPARE[self.op](flat[self.left], right)) is self.outcome


class _Recorder:
    """The state of one recording: which floats stand for which argument, guards, misuses."""

    def __init__(self, flat: list[float], paths: list[str]) -> None:
        self.flat, self.paths = flat, paths
        self.floats: dict[int, tuple[float, int, str | None]] = {}  # id → (float, arg index, user site)
        self.guards: list[Guard] = []
        self.misuse: str | None = None

    def refuse(self, message: str) -> _Untraceable:
        self.misuse = self.misuse or message
        return _Untraceable(message)

    def as_float(self, datum: _Datum, frame: Any) -> float:
        """A fresh float object for the argument; leaves whose data *is* it are the argument's."""
        f = self.flat[datum.index] * 1.0  # a new object with the same bits (no float cache in CPython)
        user = None if frame.f_code.co_filename.startswith(_AUTOGRAD_DIR) else _user_site(frame)
        self.floats[id(f)] = (f, datum.index, user)
        return f

    def compare(self, datum: _Datum, op: str, other: object) -> bool:
        right: object = ("arg", other.index) if isinstance(other, _Datum) else other
        value = self.flat[other.index] if isinstance(other, _Datum) else other
        outcome = bool(_COMPARE[op](self.flat[datum.index], value))
        self.guards.append(Guard(datum.index, op, right, outcome))
        return outcome

    def used(self, datum: _Datum, how: str) -> _Untraceable:
        site = _user_site(sys._getframe(2))
        return self.refuse(
            f"{site}: the data argument {self.paths[datum.index]} is used {how} while recording, so "
            f"the compiled code would keep the recorded number; compute with Values instead "
            f"(Value(x) * 2.0, Value(x).exp()) or precompute it before calling"
        )


def _arithmetic(symbol: str) -> Callable[[Any, Any], Any]:
    def method(self: _Datum, other: object = None) -> Any:
        if isinstance(other, Value):
            return NotImplemented  # Value's reflected operation makes the leaf
        raise self.recorder.used(self, f"in plain arithmetic ({symbol})")

    return method


def _comparison(op: str) -> Callable[[Any, Any], Any]:
    def method(self: _Datum, other: object) -> Any:
        if isinstance(other, Value):
            return NotImplemented
        return self.recorder.compare(self, op, other)

    return method


class _Datum:
    """Stands for one number argument while recording.

    It can become a leaf (``Value(x)``, ``w * x``, ``net([x1, x2])``): the engine's ``float(x)``
    returns a fresh float that identifies the argument. A comparison returns the real outcome and
    becomes a guard. Any other use in plain Python is refused (it would be baked into the code).
    """

    __slots__ = ("index", "recorder")

    def __init__(self, index: int, recorder: _Recorder) -> None:
        self.index, self.recorder = index, recorder

    def __float__(self) -> float:
        return self.recorder.as_float(self, sys._getframe(1))

    def __bool__(self) -> bool:
        return self.recorder.compare(self, "!=", 0.0)

    def __index__(self) -> int:
        raise self.recorder.used(self, "as an integer")

    __int__ = __index__

    def __hash__(self) -> int:
        raise self.recorder.used(self, "as a dictionary key")

    def __repr__(self) -> str:
        return repr(self.recorder.flat[self.index])

    __lt__, __le__, __gt__, __ge__ = (_comparison(o) for o in ("<", "<=", ">", ">="))
    __eq__, __ne__ = _comparison("=="), _comparison("!=")  # type: ignore[assignment]
    __add__ = __radd__ = _arithmetic("+")
    __sub__ = __rsub__ = _arithmetic("-")
    __mul__ = __rmul__ = _arithmetic("*")
    __truediv__ = __rtruediv__ = _arithmetic("/")
    __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = _arithmetic("// or %")
    __pow__ = __rpow__ = _arithmetic("**")
    __neg__ = __pos__ = __abs__ = __round__ = __trunc__ = __floor__ = __ceil__ = _arithmetic("unary")


numbers.Real.register(_Datum)  # so Value(x) and w * x accept it like any real number


_BACKWARD = Value.backward  # anomaly mode replaces it while active: then calls run eagerly


def _plain_engine(recorded: Recorded) -> bool:
    """No hook on a node of this graph and anomaly mode off: backward() would only compute."""
    return Value.backward is _BACKWARD and (not _hooks or _hooks.keys().isdisjoint(recorded.plan.nodes))


_DATA_SLOT = Value.__dict__["data"]  # the slot's descriptor, put back after every recording


class _Patched:
    """While recording, ``Value.data`` is a property that refuses reads from outside autograd."""

    def __init__(self, recorder: _Recorder) -> None:
        self.recorder = recorder

    def __enter__(self) -> _Patched:
        slot, recorder = _DATA_SLOT, self.recorder
        self.previous = Value.__dict__["data"]  # another recording's property, when nested

        def read(node: Value) -> float:
            frame = sys._getframe(1)
            if not frame.f_code.co_filename.startswith(_AUTOGRAD_DIR):
                raise recorder.refuse(
                    f"{_user_site(frame)}: the function reads .data of {describe(node)} while "
                    f"recording, so the compiled code would keep the recorded number; use Value "
                    f"operations instead (v.relu() rather than `if v.data > 0`), or jit(fn, eager=True)"
                )
            return slot.__get__(node, Value)

        Value.data = property(read, slot.__set__)  # type: ignore[assignment]
        return self

    def __exit__(self, *exc: object) -> None:
        Value.data = self.previous  # type: ignore[assignment]


# ---- arguments: the data, and the key of the graph's shape ------------------------------------


def _is_number(x: object) -> bool:
    t = type(x)
    return t is float or t is int or (t is not bool and isinstance(x, numbers.Real))


def _as_float(x: Any) -> float:
    """What ``Value(x)`` stores for the number ``x``."""
    if type(x) is float:
        return x
    try:
        return float(x)
    except OverflowError:  # an int beyond float range, as the engine does
        return math.inf if x > 0 else -math.inf


_NUMBER = "n"


def _flatten(args: Iterable[object], flat: list[float], key: list[object]) -> None:
    """Append every number of ``args`` (nested lists/tuples) to ``flat`` and the shape to ``key``."""
    for a in args:
        t = type(a)
        if t is float:
            flat.append(a)
            key.append(_NUMBER)
        elif t is list or t is tuple:
            key.append((t, len(a)))
            _flatten(a, flat, key)
        elif _is_number(a):
            flat.append(_as_float(a))
            key.append(_NUMBER)
        elif isinstance(a, Value):
            raise JitError(
                f"a Value ({describe(a)}) was passed to a compiled function: pass the data as plain "
                f"numbers and let the function close over the parameters"
            )
        else:
            try:
                hash(a)
            except TypeError:
                raise JitError(
                    f"a compiled function's arguments must be numbers, lists or tuples of them, or "
                    f"hashable settings; got {type(a).__name__}"
                ) from None
            key.append((t, a))


def _stand_ins(args: Sequence[object], recorder: _Recorder, counter: list[int]) -> list[object]:
    """``args`` with every number replaced by a ``_Datum``, in ``_flatten``'s order."""
    out: list[object] = []
    for a in args:
        if type(a) is list or type(a) is tuple:
            out.append(type(a)(_stand_ins(a, recorder, counter)))
        elif _is_number(a):
            out.append(_Datum(counter[0], recorder))
            counter[0] += 1
        else:
            out.append(a)
    return out


def _paths(fn: Callable[..., Any], args: Sequence[object], kwargs: dict[str, object]) -> list[str]:
    """How to name each number argument in messages: ``x[1]``, ``y``."""
    try:
        params = list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        params = []
    names = [params[i] if i < len(params) and not params[i].startswith("*") else f"args[{i}]"
             for i in range(len(args))] + list(kwargs)
    out: list[str] = []

    def walk(a: object, path: str) -> None:
        if type(a) is list or type(a) is tuple:
            for i, b in enumerate(a):
                walk(b, f"{path}[{i}]")
        elif _is_number(a):
            out.append(path)

    for name, a in zip(names, [*args, *kwargs.values()]):
        walk(a, name)
    return out


def _real(result: tuple[Any, Sequence[Any]]) -> tuple[float, tuple[float, ...]]:
    """An operation's (value, local derivatives) as the engine stores them: floats, or an error
    (a complex number from a user-defined operation: the engine raises, so the call re-runs)."""
    value, local = result
    return float(value), tuple(float(d) for d in local)


def _fail() -> float:
    raise ArithmeticError("not a real number: re-run eagerly for the engine's message")


# ---- names --------------------------------------------------------------------------------------

_RESERVED = (set(keyword.kwlist) | set(keyword.softkwlist) | set(dir(builtins)) | set(dir(math))
             | {"math"})
_SPELLED = {"½": "half", "⅓": "third", "¼": "quarter", "¾": "three_quarters", "ŷ": "y_hat"}


_NOT_WORD = re.compile(r"[^A-Za-z0-9_]")
_UNDERSCORES = re.compile(r"__+")


class _Names:
    """Python identifiers for the generated code: every name unique, none shadowing a function.

    A node's name is the tracer's (its label, ``t3``, ``c1``) made an identifier; it never starts
    with an underscore, so the code's own helpers (``_lr``, ``_v``) cannot collide with it.
    """

    def __init__(self) -> None:
        self.taken: set[str] = set(_RESERVED)

    def new(self, wanted: str) -> str:
        if wanted.isascii():
            s = _NOT_WORD.sub("_", wanted)
        else:
            s = unicodedata.normalize("NFKC", "".join(_SPELLED.get(c, c) for c in wanted))
            s = "".join(c if ("a" + c).isidentifier() else "_" for c in s)
        s = _UNDERSCORES.sub("_", s).strip("_") or "v"  # no leading, trailing or double underscore
        if not s.isidentifier():
            s = "v" + s
        name, k = s, 1
        while name in self.taken:
            k += 1
            name = f"{s}_{k}"
        self.taken.add(name)
        return name


# ---- the code generator -------------------------------------------------------------------------


def _atom(expr: str) -> bool:
    if expr.isidentifier():
        return True
    try:
        float(expr)
    except ValueError:
        return False
    return not expr.startswith(("-", "+"))


def _operand(expr: str) -> str:
    """``expr`` ready to be added to: an atom as it is, anything else in parentheses."""
    expr = _unwrapped(expr)
    return expr if _atom(expr) else f"({expr})"


_STOPS = {"if", "else", "and", "or", "not", "lambda", ":=", ",", "in", "is", *_COMPARE}


def _ends_operand(token: tokenize.TokenInfo | None) -> bool:
    """Whether a ``+``/``-`` after ``token`` is binary (after a name, number or bracket)."""
    if token is None:
        return False
    return token.type in (tokenize.NAME, tokenize.NUMBER) or token.string in (")", "]", "}")


def _top_level_terms(expr: str) -> list[str] | None:
    """``a * b + c - d`` → ``["a * b", "+ c", "- d"]``; None unless ``expr`` is a flat sum."""
    expr = " ".join(expr.splitlines())
    try:
        tokens = [t for t in tokenize.generate_tokens(io.StringIO(expr).readline) if t.string.strip()]
    except (tokenize.TokenError, SyntaxError):
        return None
    cuts, depth = [], 0
    for previous, token in zip([None, *tokens], tokens):
        s = token.string
        depth += (s in ("(", "[", "{")) - (s in (")", "]", "}"))
        if depth or s in (")", "]", "}"):
            continue
        if s in _STOPS:
            return None
        if s in ("+", "-") and _ends_operand(previous):
            cuts.append(token.start[1])
    return [expr[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(expr)])]


_EXPONENT = re.compile(r"\*\*\s*(\(\s*-?[0-9.eE+-]+\s*\)|[0-9.eE+-]+|)")


def _may_be_complex(code: str) -> bool:
    """Whether ``code`` raises a number to a power that is not a literal integer.

    Python gives a complex number for a negative base to a fractional power, where the engine
    raises; such code gets a check of the loss's type.
    """
    for m in _EXPONENT.finditer(code):
        try:
            if not float(m.group(1).strip("() ")).is_integer():
                return True
        except ValueError:  # not a literal
            return True
    return False


def _unwrapped(expr: str) -> str:
    """``((a + b))`` → ``a + b``: parentheses that enclose the whole expression."""
    expr = expr.strip()
    while expr.startswith("(") and expr.endswith(")"):
        depth = 0
        for i, c in enumerate(expr):  # the code forms hold no strings: counting parentheses suffices
            depth += (c == "(") - (c == ")")
            if depth == 0 and i < len(expr) - 1:
                return expr
        expr = expr[1:-1].strip()
    return expr


def _assign(target: str, expr: str) -> list[str]:
    """``target = expr``, split into statements of at most MAX_TERMS terms when a long flat sum."""
    if expr.count("+") + expr.count("-") < MAX_TERMS:
        return [f"{target} = {expr}"]
    terms = _top_level_terms(expr)
    if terms is None or len(terms) <= MAX_TERMS:
        return [f"{target} = {expr}"]
    lines = [f"{target} = {' '.join(terms[:MAX_TERMS])}"]
    for i in range(MAX_TERMS, len(terms), MAX_TERMS):
        lines.append(f"{target} = {target} {' '.join(terms[i:i + MAX_TERMS])}")
    return lines


@dataclass
class _Plan:
    """One recorded graph, what every generated variant needs to know about it."""

    root: Value
    order: list[Value]
    arg_of: dict[Value, int]  # leaves that are data arguments → index
    n_args: int
    title: str
    ids: dict[Value, str] = field(default_factory=dict)  # node → identifier of its value
    grads: dict[Value, str] = field(default_factory=dict)  # node → identifier of its gradient
    refs: dict[Value, str] = field(default_factory=dict)  # leaf → name of the Value in the namespace
    params: list[str] = field(default_factory=list)  # the function's parameters, one per number
    names: _Names = field(default_factory=_Names)

    def __post_init__(self) -> None:
        self.nodes = set(self.order)
        tracer = node_names(self.root)
        for node in self.order:
            self.ids[node] = self.names.new(tracer[node])
        root = self.ids[self.root]
        for node in self.order:
            self.grads[node] = self.names.new(f"d{root}_d{self.ids[node]}")
        for node in self.order:
            if not node.parents and node not in self.arg_of:
                self.refs[node] = self.names.new(f"{self.ids[node]}_node")
        first: dict[int, str] = {}
        for node in self.order:
            if node in self.arg_of:
                first.setdefault(self.arg_of[node], self.ids[node])
        self.params = [first.get(i, f"_unused{i}") for i in range(self.n_args)]


class _Generator:
    """Writes one variant of a plan's function.

    ``mode``: "step" (gradients written to the leaves, then the optional update), "accumulate"
    (gradients added to what the leaves hold, like ``backward(accumulate=True)``), "many" (the
    same as "accumulate" for every sample of a list, in a loop inside the generated function,
    the leaves' gradients kept in locals until the end) or "refresh" (every value, local
    derivative and gradient returned, for writing back into the graph).
    """

    def __init__(self, plan: _Plan, mode: str, update: Update | None = None) -> None:
        self.plan, self.mode, self.update = plan, mode, update
        self.lines: list[str] = []
        self.namespace: dict[str, object] = {"_fail": _fail, "_real": _real, "math": math}
        self.namespace.update({k: getattr(math, k) for k in dir(math) if not k.startswith("_")})
        self.locals: dict[Value, str] = {}  # refresh mode: node → the tuple of its local derivatives
        self.by_reference: dict[Value, str] = {}  # node → its (value, locals) from op.evaluate
        self.evaluators: dict[Any, str] = {}
        self.powers = False  # x ** n of a negative x and a fractional n is complex, not an error
        self.indent = "    "

    # -- which gradients are needed --
    def needed(self) -> set[Value]:
        p = self.plan
        if self.mode == "refresh":
            return set(p.order)
        out: set[Value] = set(p.refs)
        for node in p.order:
            if any(q in out for q in node.parents):
                out.add(node)
        return out

    def emit(self, line: str) -> None:
        self.lines.append(self.indent + line)

    def source(self, name: str) -> str:
        p = self.plan
        arguments = "_samples, _total" if self.mode == "many" else ", ".join(p.params)
        head = [f"def {name}({arguments}):", f"    # {p.title}"]
        self.forward()
        self.backward()
        self.epilogue()
        return "\n".join(head + self.lines) + "\n"

    # -- forward --
    def forward(self) -> None:
        p = self.plan
        self.emit("# forward: the leaves (parameters and constants read now), then every operation")
        for node, ref in p.refs.items():
            self.namespace[ref] = node
            self.emit(f"{p.ids[node]} = {ref}.data")
        if self.mode == "many":  # parameters do not change within the loop: read them once
            for node, ref in p.refs.items():
                self.emit(f"{p.grads[node]} = {ref}.grad")
            self.emit(f"for {', '.join(p.params)}{',' if len(p.params) == 1 else ''} in _samples:")
            self.indent = "        "
        seen_args: set[int] = set()
        for node in p.order:
            if node in p.arg_of:
                i, name = p.arg_of[node], p.ids[node]
                if i in seen_args or p.params[i] != name:
                    self.emit(f"{name} = {p.params[i]}")
                seen_args.add(i)
        for node in p.order:
            if node.parents:
                code = _unwrapped(self.value_code(node))
                self.powers = self.powers or _may_be_complex(code)
                for line in _assign(p.ids[node], code):
                    self.emit(line)

    def value_code(self, node: Value) -> str:
        """The node's value as the table's code form, or by reference to the operation's function."""
        p = self.plan
        op = op_of(node)
        args = [p.ids[q] for q in node.parents]
        code = op.code(args, node)
        if code is None or op.code_locals(args, p.ids[node], node) is None:  # define_op without code=
            ref = self.evaluator(op)
            both = p.names.new(f"{p.ids[node]}_value_and_locals")
            self.by_reference[node] = both
            self.emit(f"{both} = _real({ref}({', '.join(args)}))")
            return f"{both}[0]"
        return code

    def evaluator(self, op: Any) -> str:
        """A name in the namespace for ``op.evaluate`` (value and local derivatives from floats)."""
        if op not in self.evaluators:
            name = self.plan.names.new(f"{op.name}_evaluate")
            self.evaluators[op] = name
            self.namespace[name] = op.evaluate
        return self.evaluators[op]

    def local_codes(self, node: Value) -> Sequence[str]:
        p = self.plan
        if node in self.by_reference:
            both = self.by_reference[node]
            return [f"{both}[1][{k}]" for k in range(len(node.parents))]
        local = op_of(node).code_locals([p.ids[q] for q in node.parents], p.ids[node], node)
        assert local is not None
        return local

    # -- backward --
    def backward(self) -> None:
        p = self.plan
        needed = self.needed()
        root = p.root
        self.emit("# backward, in backward()'s order: each node's gradient is complete before it is used")
        started: set[Value] = set()
        self.add(root, "1.0", started)
        for node in reversed(p.order):
            if not node.parents or node not in needed:
                continue
            local = self.local_codes(node)
            if self.mode == "refresh":
                local = self.named_locals(node, local)
            one = node is root and node not in p.refs  # ∂L/∂L is exactly 1.0, and 1.0 * x is x
            g = p.grads[node]
            for parent, expr in zip(node.parents, local, strict=True):
                if parent in needed:
                    self.add(parent, _operand(expr) if one else self.product(g, expr), started)

    def named_locals(self, node: Value, local: Sequence[str]) -> list[str]:
        name = self.plan.names.new(f"_local_{self.plan.ids[node]}")
        self.locals[node] = name
        self.emit(f"{name} = ({', '.join(local)}{',' if len(local) == 1 else ''})")
        return [f"{name}[{i}]" for i in range(len(local))]

    @staticmethod
    def product(g: str, local: str) -> str:
        """The contribution ``local * g`` (IEEE multiplication commutes, so the bits are the same)."""
        local = _unwrapped(local)
        if local == "1.0":
            return g
        if local == "-1.0":
            return f"-{g}"
        return f"{g} * {local}" if _atom(local) else f"{g} * ({local})"

    def add(self, node: Value, contribution: str, started: set[Value]) -> None:
        """``grad(node) += contribution``, starting as backward() starts each node's gradient."""
        d = self.plan.grads[node]
        if node in started:
            self.emit(f"{d} = {d} + {contribution}")
            return
        started.add(node)
        leaf = node in self.plan.refs
        if self.mode == "many" and leaf:  # started from .grad before the loop over the samples
            self.emit(f"{d} = {d} + {contribution}")
        elif self.mode == "accumulate" and leaf:
            self.emit(f"{d} = {self.plan.refs[node]}.grad + {contribution}")
        elif leaf or self.mode == "refresh":  # backward() starts from 0.0 (0.0 + -0.0 is 0.0)
            self.emit(f"{d} = 0.0 + {contribution}")
        else:  # an intermediate's zero sign cannot reach a leaf, which starts from 0.0
            self.emit(f"{d} = {contribution}")

    # -- epilogue --
    def epilogue(self) -> None:
        p = self.plan
        if self.powers:  # a negative base to a fractional power gives a complex number in Python
            self.emit(f"if type({p.ids[p.root]}) is not float:  # the engine raises there: re-run it")
            self.emit("    _fail()")
        if self.mode == "many":
            self.emit(f"_total += {p.ids[p.root]}")
            self.indent = "    "
        self.emit("# gradients into the leaves")
        for node, ref in p.refs.items():
            self.emit(f"{ref}.grad = {p.grads[node]}")
        if self.mode == "step" and self.update is not None:
            self.emit_update()
        if self.mode == "refresh":
            values = ", ".join(p.ids[n] for n in p.order)
            grads = ", ".join(p.grads[n] for n in p.order)
            locs = ", ".join(self.locals.get(n, "()") for n in p.order)
            self.emit(f"return ({values},), ({locs},), ({grads},)")
        else:
            self.emit(f"return {'_total' if self.mode == 'many' else p.ids[p.root]}")

    def emit_update(self) -> None:
        p, update = self.plan, self.update
        assert update is not None
        triples = []
        for i, param in enumerate(update.parameters):
            if param in p.refs:
                triples.append((p.refs[param], p.ids[param], p.grads[param]))
            else:  # not in this graph: backward() leaves its gradient 0.0 (after zero_grad)
                ref = p.names.new(f"_param{i}")
                self.namespace[ref] = param
                self.emit(f"{ref}.grad = 0.0")
                triples.append((ref, f"{ref}.data", "0.0"))
        lines, namespace = update.code(triples)
        self.emit("# the optimizer's step")
        for line in lines:
            self.emit(line)
        self.namespace.update(namespace)


def _stacklevel() -> int:
    """``warnings.warn``'s stacklevel of the first caller outside the autograd package."""
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_code.co_filename.startswith(_AUTOGRAD_DIR):
        frame, level = frame.f_back, level + 1
    return level


def _compile(source: str, namespace: dict[str, object], name: str) -> Callable[..., Any]:
    code = compile(source, f"<autograd.jit {name}>", "exec")
    exec(code, namespace)
    return namespace[name]  # type: ignore[return-value]


@dataclass
class Recorded:
    """One recorded and compiled shape of the graph."""

    plan: _Plan
    guards: tuple[Guard, ...]
    update: Update | None
    name: str
    shape: tuple[object, ...]  # the cache key: the arguments' structure and settings
    fast: bool  # every argument a float, no guard: called directly, without looking up the key
    variants: dict[str, tuple[str, Callable[..., Any]]] = field(default_factory=dict)

    @property
    def root(self) -> Value:
        return self.plan.root

    def variant(self, mode: str) -> Callable[..., Any]:
        if mode not in self.variants:
            gen = _Generator(self.plan, mode, self.update if mode == "step" else None)
            name = self.name if mode == "step" else f"{self.name}_{mode}"
            source = gen.source(name)
            self.variants[mode] = (source, _compile(source, gen.namespace, name))
        return self.variants[mode][1]

    @property
    def source(self) -> str:
        self.variant("step")
        return self.variants["step"][0]

    def refresh(self, flat: Sequence[float]) -> Value:
        values, locals_, grads = self.variant("refresh")(*flat)
        for node, data, local, grad in zip(self.plan.order, values, locals_, grads, strict=True):
            if node.parents or node in self.plan.arg_of:
                node.data = data
            if node.parents:
                node.local_grads = local
            node.grad = grad
        return self.plan.root


# ---- the compiled function ----------------------------------------------------------------------


_EAGER = "eager"


class Compiled:
    """What ``jit(fn)`` returns: call it like ``fn``, get the loss as a float and the gradients.

    ``step(*args)`` — one forward and backward pass (plus the fused optimizer step, if any);
    ``step.accumulate(*args)`` — the same, adding to the leaves' gradients like
    ``backward(accumulate=True)``; ``step.graph(*args)`` — the recorded graph with a replay's
    values, local derivatives and gradients written in, for ``trace``/``Stepper``/``draw``;
    ``step.source`` — the generated code of the last shape called; ``recordings`` and
    ``eager_calls`` count the graphs compiled and the calls the engine ran instead.
    """

    def __init__(self, fn: Callable[..., Value], update: Update | None = None, eager: bool = False,
                 name: str | None = None) -> None:
        self.fn, self.update, self.eager_fallback = fn, update, eager
        self.name = _Names().new(name or getattr(fn, "__name__", "step").replace("<lambda>", "step"))
        self._cache: dict[tuple[object, ...], list[Recorded] | str] = {}
        # the common case, every argument a float and no guard: argument count → compiled step
        self._fast: dict[int, Callable[..., float]] = {}
        self._fast_accumulate: dict[int, Callable[..., float]] = {}
        self._fast_recorded: dict[int, Recorded] = {}
        self._last: Recorded | None = None
        self._warned = False
        self.recordings = 0  # graphs recorded and compiled
        self.eager_calls = 0  # calls run by the engine instead (numeric failures, refused shapes)

    # -- calling --
    def fast(self, n_args: int) -> Callable[..., float] | None:
        """The direct caller of the step for ``n_args`` float arguments, once it is compiled."""
        return self._fast.get(n_args)

    def __call__(self, *args: object, **kwargs: object) -> float:
        if not kwargs:
            fast = self._fast.get(len(args))
            if fast is not None:
                return fast(*args)
        return self._run("step", args, kwargs)

    def accumulate(self, *args: object, **kwargs: object) -> float:
        """Like ``fn(*args).backward(accumulate=True)``: the leaves' gradients are added to."""
        if not kwargs:
            fast = self._fast_accumulate.get(len(args))
            if fast is not None:
                return fast(*args)
        return self._run("accumulate", args, kwargs)

    def accumulate_many(self, samples: Sequence[Sequence[object]]) -> float:
        """The sum of ``self.accumulate(*s)`` over ``samples``, the loop run in generated code.

        When every sample is a tuple of floats of one shape whose graph has no guard, one call of
        generated code accumulates all of them (the parameters read once, the gradients kept in
        locals and written at the end), bit for bit as the calls one by one; otherwise, or if a
        replay fails (nothing is written then), it makes exactly those calls.
        """
        samples = list(samples)
        total, start = 0.0, 0
        n = len(samples[0]) if samples else 0
        floats = all(len(s) == n and all(type(v) is float for v in s) for s in samples)
        if floats and samples and n not in self._fast_recorded:
            total += self.accumulate(*samples[0])  # records the shape
            start = 1
        recorded = self._fast_recorded.get(n) if floats else None
        run = None if recorded is None or not _plain_engine(recorded) else self._variant(recorded, "many")
        rest = samples[start:]
        if run is not None:
            try:
                return run(rest, total)
            except Exception:  # overflow, 1/0, ...: the samples one by one, eagerly where they fail
                pass
        for sample in rest:
            total += self.accumulate(*sample)
        return total

    def _direct(self, run: Callable[..., float], mode: str, recorded: Recorded) -> Callable[..., float]:
        """A caller of the compiled function that skips looking up the shape (every argument a
        float, no guard): the hot path of a training loop, one Python call above the code."""
        general, nodes = self._run, recorded.plan.nodes

        def call(*args: object) -> float:
            if (_hooks and not _hooks.keys().isdisjoint(nodes)) or Value.backward is not _BACKWARD:
                return general(mode, args, {})  # a hook on this graph, or anomaly mode: the engine
            for a in args:
                if type(a) is not float:
                    return general(mode, args, {})
            try:
                return run(*args)
            except Exception:  # overflow, 1/0, a math domain error: the general path re-runs it
                return general(mode, args, {})

        return call

    def graph(self, *args: object, **kwargs: object) -> Value:
        """The recorded graph for ``args``, refreshed from a replay (no optimizer step).

        Every node's data, local derivatives and gradient are what ``fn(*args)`` and
        ``backward()`` would give now, so ``trace(root)``, ``Stepper(root)`` and ``draw(root)``
        show this step of a compiled run. The parameters' gradients are written as by a call.
        """
        flat, recorded = self._lookup(args, kwargs)
        usable = recorded is not None and _plain_engine(recorded)
        if usable and self._variant(recorded, "refresh") is not None:  # type: ignore[arg-type]
            try:
                return recorded.refresh(flat)
            except Exception:
                pass
        self.eager_calls += 1
        root = self.fn(*args, **kwargs)
        root.backward()
        return root

    def _run(self, mode: str, args: tuple[object, ...], kwargs: dict[str, object]) -> float:
        flat, recorded = self._lookup(args, kwargs)
        run = None if recorded is None or not _plain_engine(recorded) else self._variant(recorded, mode)
        if run is not None:
            try:
                return run(*flat)
            except Exception:  # overflow, 1/0, a math domain error, an operation's own error, ...
                pass  # nothing was written: the generated code writes only after computing all
        return self._eager(mode, args, kwargs)

    def _variant(self, recorded: Recorded, mode: str) -> Callable[..., Any] | None:
        """The compiled function of ``mode``, compiled on first use; None if Python cannot compile it."""
        try:
            run = recorded.variant(mode)
        except (RecursionError, MemoryError, SyntaxError) as e:
            self._give_up(recorded.shape, f"the generated code cannot be compiled ({type(e).__name__}: {e})")
            return None
        if recorded.fast and mode in ("step", "accumulate"):
            fast = self._fast if mode == "step" else self._fast_accumulate
            fast[len(recorded.plan.params)] = self._direct(run, mode, recorded)
            self._fast_recorded[len(recorded.plan.params)] = recorded
        return run

    def _eager(self, mode: str, args: tuple[object, ...], kwargs: dict[str, object]) -> float:
        """The engine's own step: its result, or its error message."""
        self.eager_calls += 1
        update = self.update if mode == "step" else None
        root = self.fn(*args, **kwargs)
        if update is not None:
            update.zero_grad()
        root.backward(accumulate=mode == "accumulate")
        if update is not None:
            update.step()
        return root.data

    # -- the cache --
    def _lookup(self, args: tuple[object, ...],
                kwargs: dict[str, object]) -> tuple[list[float], Recorded | None]:
        flat: list[float] = []
        key: list[object] = []
        _flatten(args, flat, key)
        if kwargs:
            key.append(tuple(kwargs))
            _flatten(kwargs.values(), flat, key)
        shape = tuple(key)
        entries = self._cache.get(shape)
        if entries is _EAGER:
            return flat, None
        if entries:
            for recorded in entries:  # type: ignore[union-attr]
                if not recorded.guards or all(g.holds(flat) for g in recorded.guards):
                    self._last = recorded
                    return flat, recorded
        recorded = self._record(args, kwargs, flat, shape)
        return flat, recorded

    def _record(self, args: tuple[object, ...], kwargs: dict[str, object], flat: list[float],
                shape: tuple[object, ...]) -> Recorded | None:
        entries = self._cache.setdefault(shape, [])
        assert isinstance(entries, list)
        if len(entries) >= MAX_VARIANTS:
            return self._give_up(shape, f"more than {MAX_VARIANTS} branches for arguments of one shape")
        recorder = _Recorder(flat, _paths(self.fn, args, kwargs))
        counter = [0]
        stand_in = _stand_ins(list(args), recorder, counter)
        kw_stand_in = dict(zip(kwargs, _stand_ins(list(kwargs.values()), recorder, counter)))
        try:
            with _Patched(recorder):
                root = self.fn(*stand_in, **kw_stand_in)
        except _Untraceable as e:
            return self._refused(shape, str(e))
        if recorder.misuse:  # refused inside fn, but fn caught the error and went on
            return self._refused(shape, recorder.misuse)
        if not isinstance(root, Value):
            raise JitError(f"{self.name}: the function must return the loss as a Value, "
                           f"got {type(root).__name__}")
        try:
            plan = self._plan(root, recorder, len(flat))
        except _Untraceable as e:
            return self._refused(shape, str(e))
        fast = not kwargs and not recorder.guards and all(k == _NUMBER for k in shape)
        recorded = Recorded(plan, tuple(recorder.guards), self.update, self.name, shape, fast)
        entries.append(recorded)
        self.recordings += 1
        self._last = recorded
        return recorded

    def _plan(self, root: Value, recorder: _Recorder, n_args: int) -> _Plan:
        order = topological_order(root)
        arg_of: dict[Value, int] = {}
        found: set[int] = set()
        for node in order:
            if not node.parents:
                hit = recorder.floats.get(id(node.data))
                if hit is not None and hit[0] is node.data:
                    arg_of[node] = hit[1]
                    found.add(id(node.data))
        for key, (_, index, site) in recorder.floats.items():
            if key not in found and site is not None:
                raise recorder.refuse(
                    f"{site}: the data argument {recorder.paths[index]} is used as a float in plain Python "
                    f"while recording (float(x), math.exp(x), ...; only a float(x) that becomes a Value "
                    f"is safe), so the compiled code would keep the recorded number; compute with Values "
                    f"instead (Value(x).exp())"
                )
        label = "".join(c if c.isprintable() else "?" for c in node_names(root)[root])
        title = f"{label} for one call of {self.name}: forward, then backward in backward()'s order"
        return _Plan(root, order, arg_of, n_args, title)

    def _refused(self, shape: tuple[object, ...], message: str) -> None:
        if not self.eager_fallback:
            del_entries = self._cache.get(shape)
            if not del_entries:
                self._cache.pop(shape, None)
            raise JitError(f"{self.name} cannot be compiled: {message}")
        return self._give_up(shape, message)

    def _give_up(self, shape: tuple[object, ...], message: str) -> None:
        self._cache[shape] = _EAGER
        if not self._warned:
            self._warned = True
            warnings.warn(f"{self.name} runs eagerly for these arguments: {message}", JitWarning,
                          stacklevel=_stacklevel())
        return None

    # -- what it compiled --
    @property
    def source(self) -> str:
        """The generated code of the most recently used shape (call the function once first)."""
        if self._last is None:
            raise JitError(f"{self.name} has not been called yet: the first call records the graph")
        return self._last.source

    @property
    def recorded(self) -> list[Recorded]:
        """Every recorded shape, oldest first."""
        return [r for entries in self._cache.values() if isinstance(entries, list) for r in entries]

    def __repr__(self) -> str:
        return f"jit({self.name}): {self.recordings} graph(s) recorded, {self.eager_calls} eager calls"


def jit(fn: Callable[..., Value] | None = None, *, update: Update | None = None, eager: bool = False,
        name: str | None = None) -> Any:
    """Compile ``fn`` (plain numbers in, a loss Value out) into a replayable forward and backward.

    ``update``: an optimizer step to fuse after the gradients (``nn.train_step`` passes one).
    ``eager=True``: where recording finds ``fn`` using the data in plain Python, warn once and run
    such calls eagerly instead of raising ``JitError``. Usable as ``@jit`` or ``@jit(eager=True)``.
    """
    if fn is None:
        return lambda f: Compiled(f, update, eager, name)
    return Compiled(fn, update, eager, name)
