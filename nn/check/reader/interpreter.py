"""A safe interpreter of the code a document writes: its ``ast`` walked over a small subset, never run.

Notebooks and READMEs that teach autodiff write their computation as code (PyTorch, TensorFlow,
JAX, HIPS autograd, plain Python) and print the results. ``Interpreter.run(cells)`` walks each
cell's ``ast`` in order, computing every number on the engine's own ``Value``s (``autograd``): an
assignment binds a name to a value, an operation on values is the engine's operation, a function
of ``math``/``np``/``torch``/``tf``/``jnp``/``F`` is its entry in the operation table. Nothing from
the file is executed, evaluated or imported: the walker knows a whitelist of statements, operators,
functions and library calls; anything else (a class, a random draw, a file, an unknown call) gives
an ``Unknown`` value carrying why and where ("torch.randn at line 12"), and so does everything
computed from it.

What the code prints is recorded as ``Printed`` events (``print(…)``, a cell's last expression, a
value written in a trailing comment): ``reader.code_outputs`` binds them to the numbers of the
output that follows, and ``reader.code_graph`` turns the values into a worked example's graph.

The subset:

- assignments, tuple unpacking, augmented assignment, rebinding (every value is its own node:
  ``w = w - lr * w.grad`` in a loop makes a new node each time); numbers, ``+ - * / ** @``, unary
  minus; ``def`` (local assignments, ``if``, ``return``) and ``lambda``, inlined at each call;
  ``for … in range(N)`` / over a tuple and ``while`` under a total work budget; ``if`` on numbers
  known while reading; ``with`` blocks;
- constructors ``torch.tensor(2.0, requires_grad=True)``, ``tf.Variable(3.)``, ``tf.constant``,
  ``np.float32(…)``, ``jnp.array(2.)``, one-element lists (``torch.tensor([2.0])``); ``.item()``,
  ``.numpy()``, ``float(…)``, ``.detach()``;
- autodiff APIs: ``y.backward()`` then ``x.grad`` (accumulating over two backward calls until
  ``.grad.zero_()`` / ``zero_grad()``), ``torch.autograd.grad``, ``with torch.no_grad():``
  updates, ``tf.GradientTape()`` + ``tape.gradient(y, [w, b])`` (nested tapes: second
  derivatives), ``jax.grad(f)(x)``, ``grad(f, argnums)``, ``value_and_grad``, ``jvp``/``vjp``,
  HIPS ``grad(f)(x)``, ``grad(grad(f))``; ``custom_jvp``/``custom_vjp``/``tf.custom_gradient``
  functions differentiate by their own rule (the rule is read like any other code).

Time and memory are linear in the code: every statement and expression node walked counts
against a budget of ``MAX_WORK`` steps, given afresh to each top-level statement of each cell (a
loop of a million steps stops there; what that statement would have bound is unknown, with the
reason naming the loop that ran out, and the statements and cells after it are read as usual);
calls nest at most ``MAX_CALL_DEPTH`` deep.

**Extension point for other value types (arrays).** A value the interpreter does not know itself
is handled by the ``Extension``s in ``EXTENSIONS`` (``register_extension``), asked in order:

- ``construct(function, args, keywords)``: a library call the scalar code does not take
  (``torch.tensor([1., 2.])``, ``np.array(...)``, ``torch.arange(3)``): a value, or
  ``NotImplemented``; ``function`` is the dotted name as imported (``"torch.tensor"``,
  ``"numpy.array"``), ``args``/``keywords`` interpreted values (lists are Python lists of values);
- ``operate(op, operands)``: an operation on operands of which at least one is not a ``Scalar``
  or a number: ``"add" "sub" "mul" "div" "pow" "matmul" "neg"``, a function of the table by
  its name (``"exp"``, ``"sigmoid"``…), a method (``"sum"``, ``"mean"``, ``"T"``, ``"item"``);
  returns a value or ``NotImplemented``;
- ``elements(value)``: the scalars a printed value shows, in print order (a list of ``Scalar``,
  ``Unknown`` or None), or None when it is not the extension's value;
- ``leaves(value)``: for ``backward()``/``grad``: the ``Scalar``s a value holds.

Properties of an extension's value (``.T``, ``.grad``, ``.data``, ``.shape``…) come to
``operate(name, [value])``; methods (``x.sum()``, ``y.backward()``) to ``operate(name, [value,
*args])``. A ``Scalar`` wraps one engine ``Value``: an array extension builds its elements as
``Scalar``s with ``scalar_op`` (the same operations the scalar code uses), names its leaves with
``Extension.interpreter.hint(scalar, "x")``, registers those that require grad with
``Extension.interpreter.track(scalar)`` and reads an element's gradient with
``Extension.interpreter.grad_of(scalar, node)``, so gradients, printing and the graph work element
by element.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from autograd import Value
from autograd.engine import topological_order
from autograd.errors import GraphError
from autograd.gradients import grad as engine_grad

__all__ = ["Interpreter", "Scalar", "Unknown", "Printed", "Extension", "EXTENSIONS", "register_extension",
           "scalar_op", "CodeCell", "MAX_WORK"]

MAX_WORK = 200_000  # statements and expression nodes walked for one top-level statement of a cell
MAX_CALL_DEPTH = 24
MAX_SEQUENCE = 10_000  # elements of one tuple or list
MAX_EXPONENT = 64.0
_FRAMEWORKS = ("torch", "tensorflow", "jax", "numpy", "autograd")


class _OutOfWork(Exception):
    """The work budget of a top-level statement is spent (``loop``: the line of the innermost loop
    running then, or None)."""

    def __init__(self, loop: int | None) -> None:
        self.loop = loop


@dataclass
class Unknown:
    """A value outside the subset: why, and the line where it came from."""

    reason: str
    line: int

    def why(self) -> str:
        return f"depends on {self.reason} at line {self.line}"


@dataclass(eq=False)
class Scalar:
    """One number of the code: an engine Value and what the code says about it.

    ``float32``: computed by a framework that works in float32 (``tf``, ``jnp``, ``torch`` tensors,
    ``np.float32``); ``requires_grad``: a PyTorch leaf that collects ``.grad``, a ``tf.Variable``;
    ``grad``: the derivatives ``backward()`` accumulated in it, as (of, wrt) pairs of Values;
    ``derivative``: for a value that is a first derivative, the (of, wrt) pair it is."""

    value: Value
    float32: bool = False
    requires_grad: bool = False
    variable: bool = False  # a tf.Variable (watched by every tape)
    grad: list[tuple[Value, Value]] | None = None
    derivative: tuple[Value, Value] | None = None
    integer: bool = False
    engine: object = None  # a micrograd-style class's value (``reader.scalar_engines``): every node has .grad

    @property
    def data(self) -> float:
        return self.value.data


@dataclass
class Printed:
    """What a statement printed: its parts in order (strings, values, format specs)."""

    line: int  # the document line of the statement
    parts: list[tuple[object, str]]  # (value or literal text, the code that printed it)
    how: str  # "print", "result", "comment"
    comment: str = ""  # for "comment": the comment's text
    cell: int = 0  # first line of the cell that ran it (an earlier cell's function prints in its caller's)


@dataclass
class CodeCell:
    """A code block of the document: its first line (of the text) and source."""

    line: int  # the document line of the source's first line
    source: str
    outputs: list[tuple[int, str]] = field(default_factory=list)  # (first line, text) of its output
    ran: int | None = None  # a notebook run out of order: the cell's execution count (see code_cells)


class Extension:
    """Another value type for the interpreter (see the module's docstring); every hook may decline.
    ``interpreter`` is the interpreter running (set when one starts)."""

    interpreter: Interpreter | None = None

    def construct(self, function: str, args: list, keywords: dict) -> object:
        return NotImplemented

    def operate(self, op: str, operands: list, keywords: dict | None = None) -> object:
        return NotImplemented

    def elements(self, value: object) -> list | None:
        return None

    def leaves(self, value: object) -> list[Scalar] | None:
        return None

    def size(self, value: object) -> int:
        """The elements a value holds (the work it costs, counted against the budget); 0 if not its own."""
        return 0

    def named(self, value: object, name: str) -> None:
        """The code binds ``value`` to ``name`` (an extension may name its leaves after it)."""


EXTENSIONS: list[Extension] = []


def register_extension(extension: Extension) -> None:
    if extension not in EXTENSIONS:
        EXTENSIONS.append(extension)


# ---- scalar operations -------------------------------------------------------------------------------
_UNARY_FUNCTIONS = {"exp": "exp", "log": "log", "tanh": "tanh", "sigmoid": "sigmoid", "expit": "sigmoid",
                    "relu": "relu", "abs": "abs", "fabs": "abs", "absolute": "abs", "softplus": "softplus",
                    "sqrt": "sqrt", "square": "square", "sin": "sin", "cos": "cos", "log1p": "log1p",
                    "negative": "neg"}
_BINARY_FUNCTIONS = {"maximum": "max", "minimum": "min", "max": "max", "min": "min", "add": "add",
                     "subtract": "sub", "multiply": "mul", "divide": "div", "pow": "pow", "power": "pow",
                     "mul": "mul", "sub": "sub", "div": "div", "true_divide": "div"}


def _value(x: Scalar | float) -> Value | float:
    return x.value if isinstance(x, Scalar) else float(x)


def _as_value(x: Value | float) -> Value:
    return x if isinstance(x, Value) else Value(float(x))


def scalar_op(op: str, operands: Sequence[Scalar | float]) -> Scalar | float | Unknown:
    """``op`` on scalars and plain numbers, as the engine computes it (plain numbers give a number)."""
    f32 = any(isinstance(x, Scalar) and x.float32 for x in operands)
    integer = all((isinstance(x, Scalar) and x.integer) or type(x) is int for x in operands)
    vals = [_value(x) for x in operands]
    if not any(isinstance(v, Value) for v in vals):
        if integer and op in ("add", "sub", "mul", "neg") and all(type(x) is int for x in operands):
            a = operands[0]
            b = operands[1] if len(operands) > 1 else 0
            return {"add": a + b, "sub": a - b, "mul": a * b, "neg": -a}[op]  # type: ignore[operator]
        vals = [Value(v) for v in vals]  # arithmetic of constants: a node of the graph (it may be printed)
    out = _on_values(op, vals)
    if isinstance(out, Unknown):
        return out
    return Scalar(out, float32=f32, integer=integer and op in ("add", "sub", "mul", "neg"))


def _on_values(op: str, v: list[Value | float]) -> Value | Unknown:
    try:
        return _apply(op, v)
    except (GraphError, ArithmeticError, ValueError, TypeError) as e:
        return Unknown(f"{op} outside its domain ({str(e).split(chr(10))[0][:80]})", 0)


def _apply(op: str, v: list[Value | float]) -> Value | Unknown:
    from autograd.ops import operations

    a = v[0]
    if op == "add":
        return _as_value(a) + v[1]
    if op == "sub":
        return _as_value(a) - v[1]
    if op == "mul":
        return _as_value(a) * v[1]
    if op == "div":
        return _as_value(a) / v[1]
    if op == "neg":
        return -_as_value(a)
    if op == "pow":
        b = v[1]
        if isinstance(b, Value):
            if b.op is not None:
                return Unknown("a power whose exponent is computed", 0)
            b = b.data
        if not math.isfinite(b) or abs(b) > MAX_EXPONENT:
            return Unknown("a power too large", 0)
        return _as_value(a) ** float(b)
    if op == "square":
        return _as_value(a) ** 2.0
    if op == "sqrt":
        return _as_value(a) ** 0.5
    if op == "log1p":
        return (1.0 + _as_value(a)).log()
    table = operations()
    if op in table and table[op].arity == len(v):
        return table[op](*(_as_value(x) for x in v))
    return Unknown(f"the function {op} (not in the operation table)", 0)


# ---- the interpreter's other values --------------------------------------------------------------------
@dataclass
class _Module:
    """A name bound by an import: the dotted name it stands for (``jax.numpy``, ``torch.tensor``)."""

    name: str


@dataclass
class _Function:
    node: ast.FunctionDef | ast.Lambda
    closure: dict
    name: str
    rule: object = None  # a custom derivative rule: ("jvp", f) / ("jvps", [f…]) / ("vjp", fwd, bwd) / "tf"
    line0: int = 0  # the document line before the first line of the cell defining it


@dataclass
class _Transform:
    """``grad(f, argnums)``, ``value_and_grad(f)``, ``jit(f)``: a function of a function."""

    kind: str  # "grad", "value_and_grad", "identity", "map"
    function: object
    argnums: tuple[int, ...] | int = 0
    line: int = 0


@dataclass
class _Tape:
    persistent: bool
    watched: list[Value] = field(default_factory=list)


@dataclass
class _Bound:
    """A method of a value: ``y.backward``, ``w.grad.zero_``, ``tape.gradient``, ``f.defjvp``."""

    target: object
    name: str


@dataclass(eq=False)
class _Class:
    """A class the code defines: its bases (classes the code defines) and attributes (methods too);
    what it does is ``reader.code_classes``'s."""

    name: str
    bases: list
    attributes: dict
    line: int = 0


@dataclass(eq=False)
class _Object:
    """An object of a class the code defines, and its attributes."""

    kind: _Class
    attributes: dict


@dataclass
class _Method:
    """A function of a class bound to its first argument (the object, or the class for a classmethod)."""

    function: object
    owner: object


@dataclass
class _VjpFunction:
    outputs: object
    inputs: list
    line: int


@dataclass
class _Text:
    """A string made from values (an f-string, ``"%.4f" % x``, ``"{}".format(x)``): its parts."""

    parts: list[tuple[object, str]]


_FORMAT_FIELD = re.compile(r"%[-+ 0#]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa]|\{[^{}]*\}")


def format_parts(template: str, values: Sequence[object],
                 labels: Sequence[str]) -> list[tuple[object, str]] | None:
    """``"loss %.4f at %d" % (l, k)`` / ``"{:.4f}".format(l)``: literal text and values in order
    (None when the fields and the values do not pair up)."""
    parts: list[tuple[object, str]] = []
    k = 0
    at = 0
    for m in _FORMAT_FIELD.finditer(template):
        parts.append((template[at:m.start()], ""))
        if k >= len(values):
            return None
        parts.append((values[k], labels[k] if k < len(labels) else ""))
        k += 1
        at = m.end()
    parts.append((template[at:], ""))
    return parts if k == len(values) else None


_NO_GRAD = object()
_ONE_STEP = (Scalar, Unknown, int, float, str, type(None), _Text)
_NOT_SHOWN = (_Bound, _Function, _Module, _Class, _Method)  # a cell's last expression that shows no number
_NOT_FOLLOWED = (ValueError, TypeError, ArithmeticError, AttributeError, KeyError, IndexError, GraphError)
_PROPERTIES = {"T", "mT", "data", "grad", "shape", "requires_grad", "real"}  # asked of an extension's value
_DEFAULT_FLOAT32 = {"tensorflow", "jax", "torch"}  # a framework tensor is float32 unless told


class Interpreter:
    """Walks cells in order (see the module's docstring); ``printed`` holds what they print."""

    def __init__(self, library: Any) -> None:
        self.library = library  # the library calls it knows (``reader.code_library``; given, not imported)
        for extension in EXTENSIONS:
            extension.interpreter = self
        self.env: dict[str, object] = {}
        self.printed: list[Printed] = []
        self.names: dict[int, str] = {}  # id(Value) → the name it was bound to first
        self.values: dict[int, Value] = {}  # id(Value) → Value, for every named one (kept alive)
        self.work = 0
        self.depth = 0
        self.no_grad = 0
        self.tapes: list[_Tape] = []
        self.line0 = 0  # the document line before the cell's first line
        self.running = 0  # the first line of the cell whose statements run (0: none said)
        self.out_of_work: list[tuple[int, str]] = []  # (line, why) of each statement whose budget ran out
        self.loops: list[int] = []  # the lines of the loops running, innermost last
        self.leaves: dict[int, Scalar] = {}  # id(Value) → the PyTorch leaf (or tf.Variable) holding it
        self.grad_owners: dict[int, tuple[Scalar, Scalar]] = {}  # id(w.grad's Scalar) → (it, w)
        self.custom: dict[int, object] = {}  # id(Value) → a custom rule's result (its gradient function)
        self.keep: list[object] = []  # what the ids above name, kept alive
        self.comment_lines: set[int] = set()  # lines whose trailing comment states a value
        self.hints: dict[int, str] = {}  # id(Value) → a name for a leaf the code did not name
        self.bound: set[int] = set()  # id(Scalar) of every value bound to a name
        self.aliased: set[int] = set()  # … and of those bound to two names (``a = w``)
        self.scalar_engines: object = None  # what ``reader.scalar_engines`` keeps while reading
        self.reprs_with_grad = True  # an imported micrograd Value prints as ``Value(data=…, grad=…)``

    def bind_name(self, scalar: Scalar, name: str) -> None:
        """Name a value (a leaf made for ``grad(f)(3.0)``: f's parameter name)."""
        self.names.setdefault(id(scalar.value), name)
        self.values[id(scalar.value)] = scalar.value

    def hint(self, scalar: Scalar, name: str) -> None:
        """A name for a leaf the code makes without naming it (``torch.tensor(2.0) * 3``, an array's
        element): the graph's leaf is called so unless the code binds it to a name."""
        self.hints[id(scalar.value)] = name
        self.keep.append(scalar.value)

    def track(self, scalar: Scalar) -> None:
        """A leaf that collects ``.grad`` (``requires_grad=True``; an extension's elements too)."""
        self.leaves[id(scalar.value)] = scalar

    def custom_inside(self, value: Value) -> bool:
        """Does ``value`` depend on a custom rule's result (whose derivative is not the engine's)?"""
        return bool(self.custom) and any(id(v) in self.custom for v in topological_order(value)
                                         if v is not value)

    def dotted(self, node: ast.expr) -> str | None:
        """The imported name an expression stands for (``jax.custom_jvp``), else None."""
        if isinstance(node, (ast.Name, ast.Attribute)):
            value = self.expression(node)
            if isinstance(value, _Module):
                return value.name
        return None

    # -- running
    def run(self, cells: Sequence[CodeCell], trees: Sequence[ast.Module | None]) -> None:
        for cell, tree in zip(cells, trees):
            if tree is None:
                continue
            self.line0, self.running = cell.line - 1, cell.line
            self.cell(tree)

    def cell(self, tree: ast.Module) -> None:
        body = tree.body
        for k, statement in enumerate(body):
            last = k == len(body) - 1
            self.work = 0  # each top-level statement has its own budget (an endless loop stops only itself)
            self.loops = []
            try:
                if last and isinstance(statement, ast.Expr) and not _is_print(statement.value):
                    value = self.expression(statement.value)
                    if not isinstance(value, _NOT_SHOWN) and value is not None:
                        self.printed.append(Printed(self.at(statement), self.result_parts(value, statement),
                                                    "result", cell=self.running))
                else:
                    self.statement(statement)
            except _OutOfWork as e:
                where = f"the loop at line {e.loop}" if e.loop is not None else f"line {self.at(statement)}"
                why = f"the work budget ({MAX_WORK:,} steps) running out in {where}"
                self.out_of_work.append((self.at(statement), why))
                self.poison(statement, why, e.loop or self.at(statement))
            except _Return:
                continue
            except RecursionError:
                self.poison(tree, "code nested too deeply", self.at(statement))
                return
            except _NOT_FOLLOWED as e:  # a case the subset does not foresee: the cell stops (no traceback)
                self.poison(tree, f"code the reader could not follow ({type(e).__name__})",
                            self.at(statement))
                return

    def result_parts(self, value: object, statement: ast.Expr) -> list[tuple[object, str]]:
        """What a cell's last expression shows: an object by its ``__repr__`` text, others as they are."""
        shown = self.library.displayed(self, value, "__repr__", statement)
        if isinstance(shown, _Text) and not isinstance(value, _Text):
            return shown.parts
        return [(shown, _label(statement.value))]

    def poison(self, tree: ast.AST, reason: str, line: int) -> None:
        """Every name the code binds becomes unknown (it did not run as far as the document's)."""
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                self.env[node.id] = Unknown(reason, line)

    def at(self, node: ast.AST) -> int:
        return self.line0 + getattr(node, "lineno", 1)

    def tick(self) -> None:
        self.work += 1
        if self.work > MAX_WORK:
            raise _OutOfWork(self.loops[-1] if self.loops else None)

    # -- statements
    def statements(self, body: list[ast.stmt]) -> None:
        for statement in body:
            self.statement(statement)

    def statement(self, node: ast.stmt) -> None:
        self.tick()
        handler = _STATEMENTS.get(type(node))
        if handler is None:
            self.poison(node, f"a {type(node).__name__} statement", self.at(node))
            return
        handler(self, node)

    def s_assign(self, node: ast.Assign) -> None:
        result = self.expression(node.value)
        for target in node.targets:
            self.assign(target, result, node)
        self.commented(node, result, node.targets[0])

    def s_annotated(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.assign(node.target, self.expression(node.value), node)

    def s_augmented(self, node: ast.AugAssign) -> None:
        self.augmented(node.target, node.op, node.value, node)

    def s_expression(self, node: ast.Expr) -> None:
        self.expression_statement(node.value, node)

    def s_return(self, node: ast.Return) -> None:
        raise _Return(self.expression(node.value) if node.value is not None else None)

    def s_if(self, node: ast.If) -> None:
        truth = self.condition(node.test)
        if truth is None:
            self.poison(node, "a condition not known while reading", self.at(node))
        else:
            self.statements(node.body if truth else node.orelse)

    def s_for(self, node: ast.For) -> None:
        self.loop(node, node.target, node.iter, node.body, node.orelse)

    def s_while(self, node: ast.While) -> None:
        self.while_loop(node, node.test, node.body, node.orelse)

    def s_with(self, node: ast.With) -> None:
        self.with_block(node.items, node.body, node)

    def s_import(self, node: ast.Import) -> None:
        for alias in node.names:
            bound = alias.asname or alias.name.split(".")[0]
            self.env[bound] = _Module(alias.name if alias.asname else alias.name.split(".")[0])

    def s_import_from(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            self.env[alias.asname or alias.name] = _Module(f"{node.module or ''}.{alias.name}")

    def s_delete(self, node: ast.Delete) -> None:
        for t in node.targets:
            if isinstance(t, ast.Name):
                self.env.pop(t.id, None)

    def s_pass(self, node: ast.stmt) -> None:
        pass

    def s_break(self, node: ast.Break) -> None:
        raise _Break()

    def s_continue(self, node: ast.Continue) -> None:
        raise _Continue()

    def s_class(self, node: ast.ClassDef) -> None:
        self.env[node.name] = self.library.define_class(self, node)

    def s_try(self, node: ast.Try) -> None:
        self.poison(node, "a try block", self.at(node))

    def expression_statement(self, value: ast.expr, node: ast.stmt) -> None:
        if _is_print(value):
            self.print_call(value, node)
            return
        result = self.expression(value)
        if isinstance(result, Unknown) and isinstance(value, ast.Call):
            self.changed_in_place(value.func, result)
        self.commented(node, result, value)

    def changed_in_place(self, function: ast.expr, why: Unknown) -> None:
        """``y.scatter_(1, i, 1)`` as a statement, a method not followed: it may have changed ``y`` in
        place, so ``y`` (the name the receiver starts from) is unknown from here on, never its old value."""
        root = function.value if isinstance(function, ast.Attribute) else None
        while isinstance(root, (ast.Attribute, ast.Subscript, ast.Call)):  # y.scatter_(…).float()
            root = root.func if isinstance(root, ast.Call) else root.value
        if isinstance(root, ast.Name) and root.id in self.env and not isinstance(self.env[root.id], _Module):
            reason = f"{root.id} changed in place by code not followed ({why.reason})"
            self.env[root.id] = Unknown(reason, why.line)

    def commented(self, node: ast.stmt, value: object, shown: ast.expr) -> None:
        """A statement whose trailing comment states its value (``dz = tape.gradient(z, w)  # 36.0``)."""
        line = self.line0 + (node.end_lineno or node.lineno)
        if line in self.comment_lines and value is not None:
            self.printed.append(Printed(line, [(value, _label(shown))], "assigned", cell=self.running))

    def assign(self, target: ast.expr, value: object, node: ast.stmt) -> None:
        if isinstance(target, ast.Name):
            self.bind(target.id, value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            items = self.unpack(value, len(target.elts), node)
            for t, v in zip(target.elts, items):
                self.assign(t, v, node)
        elif isinstance(target, ast.Attribute):
            self.set_attribute(target, value, node)
        elif isinstance(target, ast.Starred):
            self.poison(target, "a starred assignment", self.at(node))
        elif isinstance(target, ast.Subscript) and self.set_item(target, value, node):
            pass
        else:
            for n in ast.walk(target):
                if isinstance(n, ast.Name):
                    self.env[n.id] = Unknown("an assignment to an element", self.at(node))

    def set_item(self, target: ast.Subscript, value: object, node: ast.stmt) -> bool:
        """``xs[i] = v`` in a Python list known while reading."""
        items, index = self.expression(target.value), self.expression(target.slice)
        if isinstance(items, list) and type(index) is int and -len(items) <= index < len(items):
            items[index] = value
            return True
        return False

    def unpack(self, value: object, n: int, node: ast.stmt) -> list:
        if isinstance(value, (tuple, list)) and len(value) == n:
            return list(value)
        if isinstance(value, Unknown):
            return [value] * n
        return [Unknown("an unpacking of a value of another size", self.at(node))] * n

    def bind(self, name: str, value: object) -> None:
        if isinstance(value, float) or (type(value) is int and abs(value) < 2**53):
            value = Scalar(Value(float(value)), integer=type(value) is int)
        if isinstance(value, Scalar):
            if self.env.get(name) is not value and id(value) in self.bound:  # a second name for it
                self.aliased.add(id(value))
            self.bound.add(id(value))
            self.keep.append(value)
            key = id(value.value)
            if key not in self.names:
                self.names[key] = name
                self.values[key] = value.value
        elif EXTENSIONS and not isinstance(value, _ONE_STEP):
            for extension in EXTENSIONS:
                extension.named(value, name)
        self.env[name] = value

    def set_attribute(self, target: ast.Attribute, value: object, node: ast.stmt) -> None:
        owner = self.expression(target.value)
        if isinstance(owner, Scalar) and owner.engine is not None and self.library.engine_set_attribute(
                self, owner, target.attr, value, node):
            return
        if isinstance(owner, Scalar) and target.attr in ("data",) and isinstance(value, (Scalar, float, int)):
            self.replace(owner, value)
            return
        if isinstance(owner, Scalar) and target.attr == "grad" and value is None:
            owner.grad = None
            return
        if isinstance(owner, (_Class, _Object)):
            if _plain(value):  # x.value = 3: a leaf of the graph, named after the attribute
                value = Scalar(Value(float(value)), integer=type(value) is int)  # type: ignore[arg-type]
                self.bind_name(value, _label(target))
            owner.attributes[target.attr] = value
            return
        if isinstance(target.value, ast.Name):
            self.env[target.value.id] = Unknown(f"an assignment to .{target.attr}", self.at(node))

    def replace(self, box: Scalar, value: Scalar | float) -> None:
        """An in-place update of a tensor (``w -= lr * w.grad`` under no_grad, ``w.data = …``): the
        same leaf holds a new value; its ``.grad`` is kept."""
        new = value.value if isinstance(value, Scalar) else Value(float(value))
        self.leaves.pop(id(box.value), None)
        box.value = new
        if box.requires_grad or box.variable:
            self.leaves[id(new)] = box

    def augmented(self, target: ast.expr, op: ast.operator, value: ast.expr, node: ast.stmt) -> None:
        right = self.expression(value)
        left = self.expression(target)
        result = self.binary(op, left, right, node)
        if isinstance(left, Scalar) and left.requires_grad and isinstance(result, Scalar):
            self.replace(left, result)  # a PyTorch leaf, in place: the same tensor, a new value
            if isinstance(target, ast.Name):
                self.names.setdefault(id(left.value), target.id)
                self.values[id(left.value)] = left.value
            return
        if isinstance(left, Scalar) and isinstance(target, ast.Name) and id(left) in self.aliased:
            for name, value in list(self.env.items()):  # another name for the same tensor: in place or
                if value is left and name != target.id:  # not depends on the library; not guessed
                    self.env[name] = Unknown(f"{target.id} changed in place or not (another name for it)",
                                             self.at(node))
        self.assign(target, result, node)

    def define(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        function: object = _Function(node, self.env, node.name, line0=self.line0)
        for decorator in reversed(node.decorator_list):
            function = self.decorate(decorator, function, node)
        self.env[node.name] = function

    def decorate(self, decorator: ast.expr, function: object, node: ast.stmt) -> object:
        if isinstance(decorator, ast.Name) and isinstance(self.env.get(decorator.id), _Function):
            return self.apply(self.env[decorator.id], [function], {}, node)  # @trace: the code's own
        name = self.dotted(decorator)
        if isinstance(decorator, ast.Call):
            name = self.dotted(decorator.func)
            if name and name.endswith("partial") and decorator.args:
                name = self.dotted(decorator.args[0])
        if name is None:
            bound = self.expression(decorator)
            if isinstance(bound, _Bound) and bound.name == "defjvp" and isinstance(bound.target, _Function):
                bound.target.rule = ("jvp", function)
                return bound.target
            return Unknown("a decorator", self.at(node))
        last = name.split(".")[-1]
        if last in ("jit", "wraps", "vmap") and last != "vmap":
            return function
        if last in ("custom_jvp", "custom_vjp") and isinstance(function, _Function):
            function.rule = "pending"
            return function
        if last == "custom_gradient" and isinstance(function, _Function):
            function.rule = "tf"
            return function
        if name in ("tf.function", "tensorflow.function", "torch.no_grad", "torch.compile", "jax.jit"):
            return function
        return Unknown(f"the decorator {name}", self.at(node))

    def condition(self, test: ast.expr) -> bool | None:
        value = self.expression(test)
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value != 0
        if isinstance(value, Scalar):
            return value.data != 0.0
        if value is None:
            return False
        return None

    def loop(self, node: ast.For, target: ast.expr, it: ast.expr, body: list[ast.stmt],
             orelse: list[ast.stmt]) -> None:
        items = self.expression(it)
        if isinstance(items, range):
            sequence: Sequence[object] = items
        elif isinstance(items, (list, tuple)):
            sequence = items
        elif isinstance(items, set):  # a set of objects: in the order Python keeps it
            sequence = list(items)
        else:
            self.poison(node, "a loop over values not known while reading", self.at(node))
            return
        bound = sorted({n.id for n in ast.walk(node)
                        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)})
        self.loops.append(self.at(node))
        try:
            finished = self.turns(node, target, body, sequence, bound)
        finally:
            self.loops.pop()
        if finished:
            self.statements(orelse)

    def turns(self, node: ast.For, target: ast.expr, body: list[ast.stmt], sequence: Sequence[object],
              bound: list[str]) -> bool:
        """The turns of a ``for``; True when it went through the sequence (no break)."""
        for k, item in enumerate(sequence):
            self.tick()
            if isinstance(target, ast.Name) and type(item) is int:
                self.env[target.id] = item  # a counter: a number of the code, not a given of the graph
            else:
                self.assign(target, item, node)
            if not self.turn(body):
                return False
            if k == 0 and len(sequence) > 1 and self.nothing_known(bound, target):
                return False  # every value the loop computes is unknown: running it again adds nothing
        return True

    def while_loop(self, node: ast.While, test: ast.expr, body: list[ast.stmt],
                   orelse: list[ast.stmt]) -> None:
        """``while`` on a condition known while reading, under the work budget."""
        self.loops.append(self.at(node))
        try:
            finished = self.while_turns(node, test, body)
        finally:
            self.loops.pop()
        if finished:
            self.statements(orelse)

    def while_turns(self, node: ast.While, test: ast.expr, body: list[ast.stmt]) -> bool:
        """The turns of a ``while``; True when its condition ended it (not a break, not unknown)."""
        while True:
            self.tick()
            truth = self.condition(test)
            if truth is None:
                self.poison(node, "a while loop on a condition not known while reading", self.at(node))
                return False
            if not truth:
                return True
            if not self.turn(body):
                return False

    def turn(self, body: list[ast.stmt]) -> bool:
        """One turn of a loop's body; False when it breaks out of the loop."""
        try:
            self.statements(body)
        except _Break:
            return False
        except _Continue:
            pass
        return True

    def nothing_known(self, bound: list[str], target: ast.expr) -> bool:
        loop_names = {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
        others = [self.env.get(name) for name in bound if name not in loop_names]
        return bool(others) and all(isinstance(v, Unknown) for v in others)

    def with_block(self, items: list[ast.withitem], body: list[ast.stmt], node: ast.stmt) -> None:
        entered: list[object] = []
        for item in items:
            context = self.expression(item.context_expr)
            if isinstance(context, _Tape):
                self.tapes.append(context)
            elif context is _NO_GRAD:
                self.no_grad += 1
            elif isinstance(context, Unknown) or context is not None:
                self.poison(node, "a with block of an unknown context", self.at(node))
                return
            entered.append(context)
            if item.optional_vars is not None:
                self.assign(item.optional_vars, context, node)
        try:
            self.statements(body)
        finally:
            for context in reversed(entered):
                if isinstance(context, _Tape):
                    self.tapes.remove(context)
                elif context is _NO_GRAD:
                    self.no_grad -= 1

    # -- printing
    def print_call(self, call: ast.Call, node: ast.stmt) -> None:
        parts: list[tuple[object, str]] = []
        sep = " "
        for keyword in call.keywords:
            if keyword.arg == "sep" and isinstance(keyword.value, ast.Constant) and isinstance(
                    keyword.value.value, str):
                sep = keyword.value.value
        printed: list[tuple[object, str]] = []
        for arg in call.args:
            if isinstance(arg, ast.Starred):  # print(*xs): each element, as print shows it
                items = self.expression(arg.value)
                items = list(items) if isinstance(items, (list, tuple)) else [items]
                printed += [(x, f"{_label(arg.value)}[{k}]") for k, x in enumerate(items)]
            else:
                printed.append((self.expression(arg), _label(arg)))
        for k, (value, label) in enumerate(printed):
            if k:
                parts.append((sep, ""))
            value = self.library.displayed(self, value, "__str__", node)
            parts += value.parts if isinstance(value, _Text) else [(value, label)]
        self.printed.append(Printed(self.line0 + (node.end_lineno or node.lineno), parts, "print",
                                    cell=self.running))

    def formatted(self, node: ast.JoinedStr) -> list[tuple[object, str]]:
        parts: list[tuple[object, str]] = []
        for piece in node.values:
            if isinstance(piece, ast.Constant):
                parts.append((str(piece.value), ""))
            elif isinstance(piece, ast.FormattedValue):
                parts.append((self.expression(piece.value), _label(piece.value)))
        return parts

    # -- expressions
    def expression(self, node: ast.expr) -> object:
        self.tick()
        handler = _EXPRESSIONS.get(type(node))
        if handler is None:
            return Unknown(f"a {type(node).__name__} expression", self.at(node))
        out = handler(self, node)
        if EXTENSIONS and not isinstance(out, _ONE_STEP):  # an array costs work as it has elements
            self.work += sum(extension.size(out) for extension in EXTENSIONS)
        return out

    def e_constant(self, node: ast.Constant) -> object:
        return node.value

    def e_name(self, node: ast.Name) -> object:
        if node.id in self.env:
            return self.env[node.id]
        if node.id in _BUILTINS:
            return _Module(f"builtins.{node.id}")
        return Unknown(f"the name {node.id} (not defined in the code read)", self.at(node))

    def e_unary(self, node: ast.UnaryOp) -> object:
        return self.unary(node.op, self.expression(node.operand), node)

    def e_binary(self, node: ast.BinOp) -> object:
        return self.binary(node.op, self.expression(node.left), self.expression(node.right), node)

    def e_sequence(self, node: ast.Tuple | ast.List) -> object:
        if len(node.elts) > MAX_SEQUENCE:
            return Unknown("a sequence too long", self.at(node))
        items = [self.expression(e) for e in node.elts]
        return tuple(items) if isinstance(node, ast.Tuple) else items

    def e_attribute(self, node: ast.Attribute) -> object:
        return self.attribute(node, node.value, node.attr)

    def e_lambda(self, node: ast.Lambda) -> object:
        return _Function(node, self.env, "lambda", line0=self.line0)

    def e_compare(self, node: ast.Compare) -> object:
        if len(node.ops) != 1:
            return Unknown("a chained comparison", self.at(node))
        left, right = self.expression(node.left), self.expression(node.comparators[0])
        return self.compare(node.ops[0], left, right, node)

    def e_dict(self, node: ast.Dict) -> object:
        """``{'w': 0.5, 'b': 0.25}``: a dict of values keyed by strings or whole numbers (a pytree)."""
        keys = [self.expression(k) if k is not None else None for k in node.keys]
        if not all(isinstance(k, (str, int)) and not isinstance(k, bool) for k in keys):
            return Unknown("a dict whose keys are not known while reading", self.at(node))
        return dict(zip(keys, (self.expression(v) for v in node.values)))

    def e_subscript(self, node: ast.Subscript) -> object:
        return self.subscript(self.expression(node.value), self.expression(node.slice), node)

    def e_slice(self, node: ast.Slice) -> object:
        parts = [self.expression(x) if x is not None else None for x in (node.lower, node.upper, node.step)]
        if all(x is None or type(x) is int for x in parts):
            return slice(*parts)
        return Unknown("a slice not known while reading", self.at(node))

    def e_if(self, node: ast.IfExp) -> object:
        truth = self.condition(node.test)
        if truth is None:
            return Unknown("a condition not known while reading", self.at(node))
        return self.expression(node.body if truth else node.orelse)

    def e_list_comprehension(self, node: ast.ListComp | ast.GeneratorExp) -> object:
        """``[f(x) for x in xs if …]``; a generator ``(f(x) for x in xs)`` is the list it yields (what
        takes it, ``sum``, ``max``, ``list``, a loop, takes it whole)."""
        return self.comprehension(node.generators, lambda: self.expression(node.elt), node)

    def e_dict_comprehension(self, node: ast.DictComp) -> object:
        """``{k: f(v) for k, v in …}`` keyed by strings or whole numbers (a pytree)."""
        pairs = self.comprehension(node.generators,
                                   lambda: (self.expression(node.key), self.expression(node.value)), node)
        if isinstance(pairs, Unknown):
            return pairs
        keys = [k for k, _ in pairs]  # type: ignore[union-attr]
        if not all(isinstance(k, (str, int)) and not isinstance(k, bool) for k in keys):
            return Unknown("a dict whose keys are not known while reading", self.at(node))
        return dict(pairs)  # type: ignore[arg-type]

    def e_text(self, node: ast.JoinedStr) -> object:
        return _Text(self.formatted(node))

    def comprehension(self, generators: list[ast.comprehension], element: Callable[[], object],
                      node: ast.AST) -> object:
        """The elements of a comprehension over values known while reading, its ``for``s nested left to
        right as Python nests them (its names stay local); unknown when an iterable or a condition is."""
        if any(g.is_async for g in generators):
            return Unknown("an asynchronous comprehension", self.at(node))
        saved = self.env
        self.env = dict(self.env)
        out: list = []
        try:
            failed = self.generate(generators, element, node, out)
        finally:
            self.env = saved
        return failed if failed is not None else out

    def generate(self, generators: list[ast.comprehension], element: Callable[[], object], node: ast.AST,
                 out: list) -> Unknown | None:
        """The turns of a comprehension's first ``for`` (and the ``for``s after it); why not, or None."""
        g, rest = generators[0], generators[1:]
        items = self.expression(g.iter)
        if isinstance(items, dict):
            items = list(items)  # a dict's keys, in order
        if not isinstance(items, (list, tuple, range)):
            return items if isinstance(items, Unknown) else Unknown("a comprehension over values not known",
                                                                    self.at(node))
        for item in items:
            self.tick()
            self.assign(g.target, item, node)  # type: ignore[arg-type]
            truths = [self.condition(test) for test in g.ifs]
            if None in truths:
                return Unknown("a condition not known while reading", self.at(node))
            if not all(truths):
                continue
            if not rest:
                out.append(element())
            elif (failed := self.generate(rest, element, node, out)) is not None:
                return failed
        return None

    def unary(self, op: ast.unaryop, x: object, node: ast.AST) -> object:
        if isinstance(op, ast.UAdd):
            return x
        if isinstance(op, ast.USub):
            return self.operate("neg", [x], node)
        if isinstance(op, ast.Not) and isinstance(x, bool):
            return not x
        return Unknown("an operator", self.at(node))

    def binary(self, op: ast.operator, a: object, b: object, node: ast.AST) -> object:
        name = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "div", ast.Pow: "pow",
                ast.MatMult: "matmul"}.get(type(op))
        if name is None:
            if isinstance(op, ast.FloorDiv) and type(a) is int and type(b) is int and b:
                return a // b
            if isinstance(op, ast.Mod) and type(a) is int and type(b) is int and b:
                return a % b
            if isinstance(op, ast.Mod) and isinstance(a, str):
                parts = format_parts(a, list(b) if isinstance(b, tuple) else [b], [])
                return _Text(parts) if parts is not None else Unknown("a % format", self.at(node))
            return Unknown(f"the operator {type(op).__name__}", self.at(node))
        if name == "add" and isinstance(a, (list, tuple)) and type(a) is type(b):
            return a + b
        return self.operate(name, [a, b], node)

    def compare(self, op: ast.cmpop, a: object, b: object, node: ast.AST) -> object:
        membership = isinstance(op, (ast.In, ast.NotIn)) and isinstance(b, (list, tuple, set))
        if membership and not isinstance(a, Unknown):
            found = any(x is a for x in b) or (_plain(a) and a in b)  # `v not in visited`: by identity
            return found == isinstance(op, ast.In)
        x, y = _number(a), _number(b)
        if x is None or y is None:
            if isinstance(op, (ast.Is, ast.IsNot)) and (_by_identity(a) or _by_identity(b)):
                return (a is b) == isinstance(op, ast.Is)  # `self is var`: the same object or not
            return Unknown("a comparison of values not known while reading", self.at(node))
        table = {ast.Gt: x > y, ast.GtE: x >= y, ast.Lt: x < y, ast.LtE: x <= y, ast.Eq: x == y,
                 ast.NotEq: x != y}
        return table.get(type(op), Unknown("a comparison", self.at(node)))

    def subscript(self, value: object, index: object, node: ast.AST) -> object:
        if isinstance(value, (list, tuple)) and type(index) is int and -len(value) <= index < len(value):
            return value[index]
        if isinstance(value, (list, tuple)) and isinstance(index, slice):
            return value[index]
        if isinstance(value, dict) and isinstance(index, (str, int)) and index in value:
            return value[index]  # params['w']
        if isinstance(value, Scalar) and (index == 0 or index is Ellipsis or index == ()):
            return value  # a one-element tensor's element
        if isinstance(value, Unknown):
            return value
        return Unknown("an index or slice", self.at(node))

    def operate(self, op: str, operands: list, node: ast.AST) -> object:
        """An operation on operands: the scalar one, an extension's, or unknown."""
        for x in operands:
            if isinstance(x, Unknown):
                return x
        if any(isinstance(x, _Object) for x in operands):  # a + b of objects: their __add__ / __radd__
            return self.library.object_operation(self, op, operands, node)
        if any(isinstance(x, Scalar) and x.engine is not None for x in operands):  # micrograd's values
            return self.library.engine_operation(self, op, operands, node)
        if all(isinstance(x, Scalar) or _plain(x) for x in operands):
            if op == "matmul":
                return Unknown("a matrix product", self.at(node))
            out = scalar_op(op, [x if isinstance(x, Scalar) else float(x) if type(x) is not int else x
                                 for x in operands])
            if isinstance(out, Unknown):
                return Unknown(out.reason, self.at(node))
            return out
        for extension in EXTENSIONS:
            out = extension.operate(op, operands)
            if out is not NotImplemented:
                return out
        return Unknown(f"the operation {op} on {', '.join(_kind(x) for x in operands)}", self.at(node))

    def attribute(self, node: ast.Attribute, value: ast.expr, attr: str) -> object:
        owner = self.expression(value)
        if isinstance(owner, _Module):
            return _Module(f"{owner.name}.{attr}")
        if isinstance(owner, Unknown):
            return owner
        if isinstance(owner, (_Class, _Object)):
            return self.library.get_attribute(self, owner, attr, node)
        if isinstance(owner, Scalar) and owner.engine is not None:
            return self.library.engine_attribute(self, owner, attr, node)
        if isinstance(owner, Scalar):
            if attr == "grad":
                return self.grad_of(owner, node)
            if attr in ("data", "T", "real"):
                return owner
            if attr == "requires_grad":
                return owner.requires_grad
        if attr in _PROPERTIES and not isinstance(owner, (_Function, _Tape, list, tuple)):
            for extension in EXTENSIONS:
                out = extension.operate(attr, [owner])
                if out is not NotImplemented:
                    return out
        return _Bound(owner, attr)

    def grad_of(self, box: Scalar, node: ast.AST) -> object:
        """``w.grad``: what ``backward()`` accumulated (None before any)."""
        if box.grad is None:
            return None
        if not box.grad:
            zero = Scalar(Value(0.0), box.float32)
            self.grad_owners[id(zero)] = (zero, box)
            return zero
        derivatives = [self.derivative(of, wrt) for of, wrt in box.grad]
        total: object = derivatives[0]
        for d in derivatives[1:]:
            total = self.operate("add", [total, d], node)
        if isinstance(total, Scalar):
            total.float32 = box.float32
            total.derivative = box.grad[0] if len(box.grad) == 1 else None
            self.grad_owners[id(total)] = (total, box)
            if total.derivative is None:
                self.bind_name(total, f"grad_{self.names.get(id(box.value), 'x')}")
        return total

    def derivative(self, of: Value, wrt: Value) -> Scalar | Unknown:
        """d(of)/d(wrt) as a Scalar whose Value is a graph (so it can be differentiated again)."""
        try:
            (g,) = engine_grad(of, [wrt], create_graph=True)
        except (GraphError, ArithmeticError, ValueError, TypeError) as e:
            return Unknown(f"a derivative outside its domain ({str(e).split(chr(10))[0][:80]})", 0)
        return Scalar(g, derivative=(of, wrt))

    # -- calls
    def call(self, node: ast.Call) -> object:
        if self.depth > MAX_CALL_DEPTH:
            return Unknown("calls nested too deeply", self.at(node))
        function = self.expression(node.func)
        if isinstance(function, Unknown):
            return function
        unpacked = [self.expression(k.value) for k in node.keywords if k.arg is None]
        if not all(isinstance(u, dict) and all(isinstance(key, str) for key in u) for u in unpacked):
            return Unknown("a call with unpacked keyword arguments", self.at(node))
        args: list = []
        for a in node.args:
            if isinstance(a, ast.Starred):  # f(*xs): the elements of a list known while reading
                items = self.expression(a.value)
                if not isinstance(items, (list, tuple)):
                    return Unknown("a call with unpacked arguments", self.at(node))
                args += list(items)
            else:
                args.append(self.expression(a))
        keywords = {k.arg: self.expression(k.value) for k in node.keywords if k.arg}
        for u in unpacked:  # f(**kw): a dict of keyword arguments known while reading
            keywords.update(u)
        self.depth += 1
        try:
            return self.apply(function, args, keywords, node)
        finally:
            self.depth -= 1

    def apply(self, function: object, args: list, keywords: dict, node: ast.AST) -> object:
        if isinstance(function, _Function):
            return self.call_function(function, args, keywords, node)
        if isinstance(function, _Transform):
            return self.transformed(function, args, node)
        if isinstance(function, _Module):
            return self.library.library_call(self, function.name, args, keywords, node)
        if isinstance(function, _Bound):
            return self.library.method_call(self, function.target, function.name, args, keywords, node)
        if isinstance(function, _VjpFunction):
            return self.vjp_apply(function, args, node)
        if isinstance(function, (_Class, _Method)):
            return self.library.call_object(self, function, args, keywords, node)
        return Unknown("a call of a value that is not a function", self.at(node))

    def call_function(self, function: _Function, args: list, keywords: dict, node: ast.AST,
                      rule: bool = True) -> object:
        if rule and function.rule not in (None, "pending"):
            out = self.with_rule(function, args, node)
            if out is not NotImplemented:
                return out
        definition = function.node
        bound = self.arguments(function, args, keywords, node)
        if isinstance(bound, Unknown):
            return bound
        for key, value in bound.items():
            if _plain(value):  # f(3, 4): the parameters are the graph's leaves x = 3, y = 4
                bound[key] = Scalar(Value(float(value)), integer=type(value) is int)  # type: ignore[arg-type]
                self.bind_name(bound[key], key)  # type: ignore[arg-type]
        saved, saved_line0 = self.env, self.line0
        self.env = {**function.closure, **self.globals_of(function), **bound}
        self.line0 = function.line0
        try:
            if isinstance(definition, ast.Lambda):
                return self.expression(definition.body)
            try:
                self.statements(definition.body)
            except _Return as r:
                return r.value
            return None
        finally:
            self.env, self.line0 = saved, saved_line0

    def arguments(self, function: _Function, args: list, keywords: dict, node: ast.AST) -> dict | Unknown:
        """The call's arguments bound to the function's parameters (defaults, ``*args``, ``**kw``)."""
        params = function.node.args
        names = [a.arg for a in params.posonlyargs + params.args]
        if params.kwonlyargs:
            return Unknown(f"the function {function.name} (variable arguments)", self.at(node))
        defaults = [self.expression(d) for d in params.defaults]
        bound: dict[str, object] = dict(zip(names[len(names) - len(defaults):], defaults))
        if len(args) > len(names) and not params.vararg:
            return Unknown(f"a call of {function.name} with too many arguments", self.at(node))
        bound.update(zip(names, args))
        if params.vararg:  # def wrapper(*args): the rest of the positional arguments, a tuple
            bound[params.vararg.arg] = tuple(args[len(names):])
        extra = {key: value for key, value in keywords.items() if key not in names}
        if extra and not params.kwarg:
            return Unknown(f"a call of {function.name} with an unknown keyword", self.at(node))
        bound.update({key: value for key, value in keywords.items() if key in names})
        if params.kwarg:
            bound[params.kwarg.arg] = extra
        if set(names) - set(bound):
            return Unknown(f"a call of {function.name} with missing arguments", self.at(node))
        return bound

    def globals_of(self, function: _Function) -> dict:
        """The names the function reads that the notebook binds later (a cell defines f, a later cell
        the helper f calls): Python looks them up at call time."""
        return {k: v for k, v in self.env.items() if k not in function.closure}

    # -- derivatives
    def transformed(self, transform: _Transform, args: list, node: ast.AST) -> object:
        if transform.kind == "identity":
            return self.apply(transform.function, args, {}, node)
        if transform.kind == "map":
            return self.mapped(transform.function, args, node)
        return self.library.differentiate(self, transform, args, node)

    def mapped(self, function: object, args: list, node: ast.AST) -> object:
        """``vmap(f)(xs)``: f of each element of one list (or an extension's array)."""
        if len(args) != 1:
            return Unknown("vmap over several arguments", self.at(node))
        items = args[0]
        if not isinstance(items, (list, tuple)):
            items = next((e for ext in EXTENSIONS if (e := ext.elements(items)) is not None), None)
        if items is None:
            reason = "vmap over a value that is not a list"
            return args[0] if isinstance(args[0], Unknown) else Unknown(reason, self.at(node))
        return [self.apply(function, [x], {}, node) for x in items]

    def vjp_apply(self, function: _VjpFunction, args: list, node: ast.AST) -> object:
        return self.library.vjp_cotangents(self, function, args, node)

    def with_rule(self, function: _Function, args: list, node: ast.AST) -> object:
        return self.library.call_with_rule(self, function, args, node)


_STATEMENTS: dict[type, Callable[[Interpreter, Any], None]] = {
    ast.Assign: Interpreter.s_assign, ast.AnnAssign: Interpreter.s_annotated,
    ast.AugAssign: Interpreter.s_augmented, ast.Expr: Interpreter.s_expression,
    ast.FunctionDef: Interpreter.define, ast.AsyncFunctionDef: Interpreter.define,
    ast.Return: Interpreter.s_return, ast.If: Interpreter.s_if, ast.For: Interpreter.s_for,
    ast.While: Interpreter.s_while, ast.With: Interpreter.s_with, ast.Import: Interpreter.s_import,
    ast.ImportFrom: Interpreter.s_import_from, ast.Delete: Interpreter.s_delete, ast.Pass: Interpreter.s_pass,
    ast.Assert: Interpreter.s_pass, ast.Break: Interpreter.s_break, ast.Continue: Interpreter.s_continue,
    ast.Try: Interpreter.s_try, ast.ClassDef: Interpreter.s_class,
}


_EXPRESSIONS: dict[type, Callable[[Interpreter, Any], object]] = {
    ast.Constant: Interpreter.e_constant, ast.Name: Interpreter.e_name, ast.UnaryOp: Interpreter.e_unary,
    ast.BinOp: Interpreter.e_binary, ast.Tuple: Interpreter.e_sequence,
    ast.List: Interpreter.e_sequence, ast.Call: Interpreter.call, ast.Attribute: Interpreter.e_attribute,
    ast.Lambda: Interpreter.e_lambda, ast.Compare: Interpreter.e_compare,
    ast.Subscript: Interpreter.e_subscript, ast.Slice: Interpreter.e_slice, ast.IfExp: Interpreter.e_if,
    ast.ListComp: Interpreter.e_list_comprehension, ast.JoinedStr: Interpreter.e_text,
    ast.Dict: Interpreter.e_dict, ast.GeneratorExp: Interpreter.e_list_comprehension,
    ast.DictComp: Interpreter.e_dict_comprehension,
}
_BUILTINS = {"print", "range", "float", "int", "len", "sum", "abs", "max", "min", "round", "list", "tuple",
             "zip", "enumerate", "str", "isinstance", "pow", "hasattr", "getattr", "set", "reversed",
             "object", "classmethod", "staticmethod", "property", "super"}


class _Return(Exception):
    def __init__(self, value: object) -> None:
        self.value = value


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


def _label(node: ast.expr) -> str:
    """The code that computes a printed value, as a row's name shows it (short)."""
    try:
        text = ast.unparse(node)
    except (ValueError, RecursionError):
        return ""
    return text if len(text) <= 60 else text[:57] + "..."


def _is_print(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print"


def _plain(x: object) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _by_identity(x: object) -> bool:
    return x is None or isinstance(x, (_Object, _Class))


def _number(x: object) -> float | None:
    if isinstance(x, Scalar):
        return x.data
    if _plain(x):
        return float(x)  # type: ignore[arg-type]
    return None


def _kind(x: object) -> str:
    return {Scalar: "a number", list: "a list", tuple: "a tuple"}.get(type(x), type(x).__name__.strip("_"))


def frameworks_float32(name: str) -> bool:
    return name.split(".")[0] in _DEFAULT_FLOAT32


def topological(value: Value) -> list[Value]:
    return topological_order(value)


Handler = Callable[..., Any]
