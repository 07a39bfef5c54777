"""numpy and torch code of a notebook's cells, walked with ``ast`` (never run), into ``Tensor``s.

A notebook computes with arrays: ``W1 = np.array([[0.1, 0.2], …])``, ``z1 = a0 @ W1 + b1.T``,
``attn_weights = torch.softmax(attn_scores, dim=-1)``, loops filling ``attn_scores[i, j] =
torch.dot(x_i, x_j)``, small functions (``def sigmoid(x): return 1/(1+np.exp(-x))``). ``walk_cells``
walks the ```` ```code ```` fences of the text in order (as a reader who ran the cells top to
bottom) and keeps every value a top-level statement binds as a ``Binding`` (a name bound again is
a new version), and for every ```` ```output ```` fence the values its cell displayed
(``Display``: each ``print`` argument and the cell's last expression, by their source text).

Read: literals and nested lists; ``np.array``/``torch.tensor`` and their kin; ``+ - * / ** @``,
unary minus; ``.T``, ``transpose``, ``reshape``/``view``/``flatten``, ``unsqueeze``/``squeeze``;
``sum``/``mean``/``max`` over ``axis``/``dim`` with ``keepdims``/``keepdim``; ``exp``, ``log``,
``tanh``, ``sigmoid``, ``relu``, ``softmax``, ``sqrt``, ``maximum(0, ·)``; ``dot``, ``matmul``;
indexing and slicing, item assignment, ``+=``; ``torch.triu``/``tril``, ``masked_fill``,
``torch.ones``/``zeros``/``empty``, ``stack``/``cat``/``concatenate``; ``for`` over ``range``,
``enumerate`` or an array; functions of the notebook whose body assigns and returns; ``round`` is
the value (the print shows it to the digits rounded to). Numbers drawn by a random generator
(``torch.rand``, ``np.random``, ``nn.Linear``) are ``unknown`` with that reason, and so is
everything computed from them; any other code leaves the names it binds unknown ("the code on line
12 is not read"): a value is never guessed. Work is bounded (``MAX_STEPS`` evaluations per notebook),
so time grows linearly with the code.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from autograd import Value
from nn.check.reader.code_outputs import code_cells
from nn.check.reader.matrices import find_grid, is_elided
from nn.check.reader.pooling import pooled, window
from nn.check.reader.tensors import Tensor, TensorError, concatenate, stack, tensor

__all__ = ["Binding", "Display", "Unknown", "CodeWalk", "walk_cells", "MAX_STEPS", "UNSET"]

MAX_STEPS = 300_000  # expression evaluations and array elements made in one notebook
MAX_CALL_DEPTH = 20
_NUMPY = {"numpy", "np", "jnp", "jax.numpy"}
_TORCH = {"torch"}
_FUNCTIONAL = {"torch.nn.functional", "F", "functional", "nn.functional"}
_RANDOM = {"rand", "randn", "randint", "normal", "uniform", "random", "rand_like", "randn_like", "randperm",
           "dropout", "Dropout", "Linear", "Embedding", "Conv1d", "Conv2d", "LayerNorm"}
_CONSTANTS = {"inf": math.inf, "nan": math.nan, "pi": math.pi, "e": math.e}
_IGNORED_CALLS = {"manual_seed", "seed", "set_printoptions", "no_grad", "version"}


class Unknown:
    """A value the walk cannot know, and why ("drawn by torch.rand", "the code on line 12 is not read")."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def __repr__(self) -> str:
        return f"Unknown({self.reason!r})"


UNSET = Value(math.nan, "unset")  # the elements of ``torch.empty`` until the code assigns them


@dataclass
class Binding:
    """A name bound by a top-level statement: its version (1, 2, … each time it is bound again),
    its value, and the line of the text it is bound on."""

    name: str
    version: int
    value: object
    line: int


@dataclass
class Display:
    """What one cell displayed, for the output fence after it (lines ``first``..``last`` of the text):
    source text of each printed expression → the binding it shows (or the Unknown); and, when each
    print's output could be found by its label, the lines each one fills."""

    first: int
    last: int
    shown: dict[str, Binding | Unknown] = field(default_factory=dict)
    spans: list[tuple[int, int, Binding | Unknown]] = field(default_factory=list)  # lines each print fills


@dataclass
class CodeWalk:
    bindings: list[Binding] = field(default_factory=list)
    displays: list[Display] = field(default_factory=list)
    rounded: dict[int, tuple[Value, float]] = field(default_factory=dict)  # givens read from a print


class _Stop(Exception):
    """Code the walk does not read: the reason, one line."""


@dataclass
class _Function:
    node: ast.FunctionDef
    line: int


class _Module:
    def __init__(self, name: str) -> None:
        self.name = name


def _key(text: str) -> str:
    """A printed expression's source as a key: without its whitespace."""
    return re.sub(r"\s+", "", text)


def walk_cells(text: str) -> CodeWalk:
    """Every code block of the text (``code_outputs.code_cells``) walked in order, with what each
    printed into the output after it (see the module's docstring)."""
    walker = _Walker()
    for cell in code_cells(text):
        shown = walker.cell(cell.source, cell.line - 1)
        for k, (first, out) in enumerate(cell.outputs):
            walker.display(shown if k == 0 else (shown[0], False), first, out.split("\n"))
    return walker.result


class _Walker:
    def __init__(self) -> None:
        self.env: dict[str, object] = {}
        self.result = CodeWalk()
        self.versions: dict[str, int] = {}
        self.steps = 0
        self.depth = 0
        self.offset = 0  # the line of the text before the cell being walked
        self.hidden = False  # the cell printed from a loop or a function: its output lines are not known

    # -- cells and statements
    def cell(self, source: str, first: int) -> tuple[list[tuple[str, object, str]], bool]:
        """Walk one cell; what it displays: (source text, value, first line of its output) of each print
        argument and its last expression, in order; and whether those are all it prints (no print in
        a loop or a function)."""
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
            return [], False
        self.offset = first
        self.hidden = False
        shown: list[tuple[str, object, str]] = []
        for k, statement in enumerate(tree.body):
            shown += self.displayed(statement, source, last=k == len(tree.body) - 1)
            nested = not isinstance(statement, ast.Expr)
            self.hidden |= nested and any(_is_print(n) for n in ast.walk(statement))
            self.top(statement)
        return shown, not self.hidden

    def displayed(self, statement: ast.stmt, source: str, last: bool) -> list[tuple[str, object, str | None]]:
        """The values a top-level ``print(…)`` or a cell's last expression shows: (source text, value,
        the first line its output starts with, when the print says: its label ``"z1 ="``)."""
        if not isinstance(statement, ast.Expr):
            return []
        call = statement.value
        below = _value_below_label(call) if _is_print(call) else None
        if below is not None:
            exprs, label = [below[0]], below[1]
        elif _is_print(call):
            exprs = [a for a in call.args if not _is_string(a)]
            label = _label(call) if len(exprs) == 1 and len(call.args) == 2 else None
        elif last:
            exprs, label = [call], None
        else:
            return []
        shown = []
        for e in exprs:
            text = ast.get_source_segment(source, e) or ""
            unlabelled = len(exprs) == 1 and not any(_is_string(a) for a in getattr(call, "args", []))
            shown.append((text, self.quietly(e), label or (f"{text.strip()} =" if unlabelled else "")))
        return shown

    def quietly(self, node: ast.expr) -> object:
        try:
            return self.expr(node)
        except (_Stop, TensorError, ArithmeticError, ValueError, TypeError, RecursionError, IndexError) as e:
            return Unknown(f"{e}" if isinstance(e, (_Stop, TensorError)) else f"it cannot be computed: {e}")

    def display(self, cell: tuple[list[tuple[str, object, str]], bool], first: int, body: list[str]) -> None:
        shown, complete = cell
        out = Display(first, first + len(body) - 1)
        kept = [self.kept(text, value, first) if self.arrayish(text, value) else None
                for text, value, _ in shown]
        for (text, _, _), value in zip(shown, kept):
            if text and value is not None:
                earlier = out.shown.setdefault(_key(text), value)
                if earlier is not value:  # `print(x); x = x + 1; print(x)`: which line is which is not said
                    out.shown[_key(text)] = Unknown(f"{text} is printed twice by the cell, with other values")
        starts = _starts([start for _, _, start in shown], body) if complete else None
        if starts is not None:
            for k, (value, start) in enumerate(zip(kept, starts)):
                end = starts[k + 1] - 1 if k + 1 < len(starts) else len(body) - 1
                if value is not None:
                    out.spans.append((first + start, first + end, value))
                text, _, label = shown[k]
                self.given_by_print(text, label, body[start:end + 1], first + start)
        self.result.displays.append(out)

    def given_by_print(self, text: str, label: str, lines: list[str], line: int) -> None:
        """A name whose numbers are unknown (drawn at random, computed by code not read) that the
        notebook prints: the printed numbers are its value from here on, givens the walk starts from
        (each remembers its rounding, ``self.rounded``, so what is computed from it is checked only to
        the digits those numbers determine)."""
        name = text.strip()
        current = self.env.get(name)
        if not re.fullmatch(r"[A-Za-z_]\w*", name) or not (
                isinstance(current, Unknown) or (isinstance(current, Tensor) and current.unknown)):
            return
        printed = _printed_numbers(lines, label)
        if printed is None:
            return
        shape, cells = printed
        if isinstance(current, Tensor):
            if math.prod(current.shape) != math.prod(shape):
                return
            shape = current.shape
        leaves = [Value(float(c)) for c in cells]
        for leaf, cell in zip(leaves, cells):
            self.result.rounded[id(leaf)] = (leaf, half_unit(cell))
        self.env[name] = Tensor(shape, leaves)
        self.bind(name, self.env[name], line)

    def arrayish(self, text: str, value: object) -> bool:
        """Is a printed value this walk's to check: an array, or unknown and computed from one? (Plain
        numbers are the scalar reader's.)"""
        if isinstance(value, Tensor):
            return True
        names = set(re.findall(r"[A-Za-z_]\w*", text))
        return isinstance(value, Unknown) and any(isinstance(self.env.get(n), Tensor) for n in names)

    def kept(self, text: str, value: object, line: int) -> Binding | Unknown:
        """A displayed value as a binding (the name's own, when the text names it), or its Unknown."""
        if isinstance(value, Unknown):
            return value
        return self.binding_of(text, value) or self.bind(f"printed__{line}", value, line)

    def binding_of(self, text: str, value: object) -> Binding | None:
        """The binding a displayed name shows (its latest version), when the text is a bound name."""
        for b in reversed(self.result.bindings):
            if b.name == text.strip():
                return b if b.value is value else None
        return None

    def bind(self, name: str, value: object, line: int) -> Binding:
        self.versions[name] = self.versions.get(name, 0) + 1
        binding = Binding(name, self.versions[name], value, line)
        self.result.bindings.append(binding)
        return binding

    def top(self, statement: ast.stmt) -> None:
        """A top-level statement: run, then each name it bound kept as a binding."""
        before = dict(self.env)
        try:
            self.statement(statement)
        except (_Stop, TensorError, ArithmeticError, ValueError, TypeError, RecursionError, IndexError,
                KeyError) as e:
            reason = str(e) if isinstance(e, (_Stop, TensorError)) else f"it cannot be computed ({e})"
            for name in _bound_names(statement):
                line = self.offset + statement.lineno
                self.env[name] = Unknown(f"the code on line {line} is not read: {reason}")
        for name, value in self.env.items():
            if before.get(name) is not value and _numeric(value):
                self.bind(name, value, self.offset + statement.lineno)

    def statement(self, node: ast.stmt) -> object:
        self.tick()
        match node:
            case ast.Import() | ast.ImportFrom():
                self.imports(node)
            case ast.Assign(targets=targets, value=value):
                result = self.expr(value)
                for target in targets:
                    self.assign(target, result)
            case ast.AnnAssign(target=target, value=value) if value is not None:
                self.assign(target, self.expr(value))
            case ast.AugAssign(target=target, op=op, value=value):
                self.assign(target, _binary(op, self.expr(_loaded(target)), self.expr(value)))
            case ast.Expr(value=value):
                if not _is_print(value):
                    self.expr(value)
            case ast.For(target=target, iter=source, body=body, orelse=[]):
                for item in self.iterate(self.expr(source)):
                    self.assign(target, item)
                    for s in body:
                        self.statement(s)
            case ast.FunctionDef(name=name) as f if not f.decorator_list:
                self.env[name] = _Function(f, self.offset + f.lineno)
            case ast.ClassDef(name=name):
                self.env[name] = Unknown(f"an object of the class {name} (its code is not read)")
            case ast.Return(value=value):
                raise _Return(self.expr(value) if value is not None else None)
            case ast.Pass():
                pass
            case _:
                raise _Stop(f"`{type(node).__name__.lower()}` statements are not read")
        return None

    def imports(self, node: ast.Import | ast.ImportFrom) -> None:
        for alias in node.names:
            full = f"{node.module}.{alias.name}" if isinstance(node, ast.ImportFrom) else alias.name
            plain = alias.name if isinstance(node, ast.ImportFrom) else alias.name.split(".")[0]
            name = alias.asname or plain
            self.env[name] = _Module(full if alias.asname or isinstance(node, ast.ImportFrom) else name)

    def assign(self, target: ast.expr, value: object) -> None:
        match target:
            case ast.Name(id=name):
                self.env[name] = value
            case ast.Tuple(elts=elts) | ast.List(elts=elts):
                items = list(self.iterate(value))
                if len(items) != len(elts):
                    raise _Stop(f"{len(elts)} names for {len(items)} values")
                for t, v in zip(elts, items):
                    self.assign(t, v)
            case ast.Subscript(value=ast.Name(id=name), slice=index):
                array = self.env.get(name)
                if not isinstance(array, Tensor):
                    raise _Stop(f"an item assigned in {name}, which is no array")
                self.env[name] = array.setitem(self.index(index), _as_tensor(value))
            case _:
                raise _Stop(f"an assignment to {type(target).__name__.lower()}")

    def iterate(self, value: object) -> list[object]:
        if isinstance(value, Tensor):
            if value.ndim == 0:
                raise _Stop("a loop over a 0-d array")
            return [value[k] for k in range(value.shape[0])]
        if isinstance(value, (list, tuple, range)):
            if len(value) > MAX_STEPS:
                raise _Stop("a loop too long")
            return list(value)
        raise _Stop("a loop over something that is not an array, a list or a range")

    def tick(self, work: int = 1) -> None:
        self.steps += work
        if self.steps > MAX_STEPS:
            raise _Stop(f"more than {MAX_STEPS:,} steps: the rest of the code is not read")

    # -- expressions
    def expr(self, node: ast.expr) -> object:
        value = self.value_of(node)
        if isinstance(value, Tensor):
            self.tick(value.size)  # the work an array costs grows with its elements
        return value

    def value_of(self, node: ast.expr) -> object:
        self.tick()
        match node:
            case ast.Constant(value=v) if isinstance(v, (int, float, str, bool)) or v is None:
                return v
            case ast.Name(id=name):
                return self.name(name)
            case ast.List(elts=elts) | ast.Tuple(elts=elts):
                items = [self.expr(e) for e in elts]
                return items if isinstance(node, ast.List) else tuple(items)
            case ast.UnaryOp(op=ast.USub(), operand=x):
                return _negate(self.expr(x))
            case ast.UnaryOp(op=ast.UAdd(), operand=x):
                return self.expr(x)
            case ast.BinOp(left=a, op=op, right=b):
                return _binary(op, self.expr(a), self.expr(b))
            case ast.Compare(left=a, ops=[op], comparators=[b]):
                return _compare(op, self.expr(a), self.expr(b))
            case ast.Attribute(value=base, attr=attr):
                return self.attribute(self.expr(base), attr)
            case ast.Subscript(value=base, slice=index):
                return self.subscript(self.expr(base), self.index(index))
            case ast.Call():
                return self.call(node)
        raise _Stop(f"`{ast.unparse(node)[:40]}` is not read")

    def name(self, name: str) -> object:
        if name in self.env:
            return self.env[name]
        if name in _BUILTINS:
            return _Builtin(name)
        raise _Stop(f"{name} is not defined in the code read")

    def index(self, node: ast.expr) -> object:
        match node:
            case ast.Slice(lower=lo, upper=hi, step=st):
                return slice(*(None if x is None else _integer(self.expr(x)) for x in (lo, hi, st)))
            case ast.Tuple(elts=elts):
                return tuple(self.index(e) for e in elts)
            case ast.Constant(value=v) if v is Ellipsis or v is None:
                return v
        value = self.expr(node)
        return _integer(value) if not isinstance(value, Tensor) or value.ndim == 0 else _raise(
            "an array used as an index")

    def subscript(self, base: object, index: object) -> object:
        if isinstance(base, Tensor):
            return base[index]
        if isinstance(base, (list, tuple, _Shape)) and isinstance(index, (int, slice)):
            return base[index]
        if isinstance(base, Unknown):
            return base
        raise _Stop("an index into something that is not an array or a list")

    def attribute(self, base: object, attr: str) -> object:
        if isinstance(base, _Module):
            if attr in _CONSTANTS:
                return _CONSTANTS[attr]
            return _Module(f"{base.name}.{attr}")
        if isinstance(base, Unknown):
            return base
        if isinstance(base, Tensor):
            if attr == "T":
                return base.T
            if attr == "shape":
                return _Shape(base.shape)
            if attr == "ndim":
                return base.ndim
            return _Method(base, attr)
        raise _Stop(f"the attribute .{attr}")

    def call(self, node: ast.Call) -> object:
        func = self.expr(node.func)
        if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
            raise _Stop("a call with unpacked arguments")
        args = [self.expr(a) for a in node.args]
        kwargs = {k.arg: self.expr(k.value) for k in node.keywords if k.arg}
        if isinstance(func, Unknown):
            return func
        if isinstance(func, _Function):
            return self.function(func, args, kwargs)
        if isinstance(func, _Builtin):
            return _builtin(func.name, args, kwargs)
        if isinstance(func, _Method):
            return _method(func.base, func.name, args, kwargs)
        if isinstance(func, _Module):
            return _library(func.name, args, kwargs)
        raise _Stop("a call of something that is not a function")

    def function(self, func: _Function, args: list[object], kwargs: dict[str, object]) -> object:
        """A notebook's own function: its body walked with the arguments bound (a new scope over the
        notebook's names)."""
        params = [a.arg for a in func.node.args.args]
        if len(args) > len(params) or func.node.args.vararg or func.node.args.kwarg:
            raise _Stop(f"a call of {func.node.name} with other arguments than it takes")
        defaults = func.node.args.defaults
        bound = dict(zip(params[len(params) - len(defaults):], defaults))
        if self.depth >= MAX_CALL_DEPTH:
            raise _Stop(f"calls nested more than {MAX_CALL_DEPTH} deep")
        saved = self.env
        self.env = dict(saved)
        self.hidden |= any(_is_print(n) for n in ast.walk(func.node))
        self.depth += 1
        try:
            for name, default in bound.items():
                self.env[name] = self.expr(default)
            self.env.update(zip(params, args))
            for name, value in kwargs.items():
                if name not in params:
                    raise _Stop(f"{func.node.name} takes no argument {name}")
                self.env[name] = value
            for statement in func.node.body:
                if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
                    continue  # a docstring
                self.statement(statement)
        except _Return as r:
            return r.value
        finally:
            self.env = saved
            self.depth -= 1
        return None


class _Return(Exception):
    def __init__(self, value: object) -> None:
        self.value = value


class _Shape(tuple):
    """``x.shape``: a tuple of ints (``torch.Size``)."""


@dataclass
class _Method:
    base: Tensor
    name: str


@dataclass
class _Builtin:
    name: str


_BUILTINS = {"sum", "len", "range", "enumerate", "float", "int", "abs", "round", "zip", "list", "max", "min"}


def _is_string(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _label(call: ast.Call) -> str | None:
    """The first line of a print's leading string (``print("z1 =", z1)`` → ``z1 =``), if any."""
    first = call.args[0] if call.args else None
    if first is None or not _is_string(first) or not first.value.strip():
        return None
    return first.value.strip().split("\n")[0].strip()


def _value_below_label(call: ast.Call) -> tuple[ast.expr, str] | None:
    """``print(f"Output Y:\\n{Y}")``: the expression ``Y``, printed on the lines after its label, and
    the label (``Output Y:``); None for any other print. The label is literal and one line; the value
    has no format spec or conversion (so it prints as ``print(Y)`` would)."""
    if len(call.args) != 1 or call.keywords or not isinstance(call.args[0], ast.JoinedStr):
        return None
    *head, last = call.args[0].values
    if not head or not all(_is_string(v) for v in head) or not isinstance(last, ast.FormattedValue):
        return None
    label = "".join(v.value for v in head)
    if last.conversion != -1 or last.format_spec is not None or not label.endswith("\n"):
        return None
    return (last.value, label.strip()) if label.strip() and "\n" not in label[:-1] else None


def _printed_numbers(lines: list[str], label: str) -> tuple[tuple[int, ...], list[str]] | None:
    """The shape and the numbers (as printed) of an array a print shows after its label; None when
    it shows no plain array of numbers (or elides some)."""
    printed = "\n".join(lines).strip()
    printed = printed[len(label):] if label and printed.startswith(label) else printed
    grid = find_grid(printed.strip())
    if grid is None or grid.values() is None or any(is_elided(c) for row in grid.cells for c in row):
        return None
    return ((grid.shape[1],) if grid.flat else grid.shape), [c for row in grid.cells for c in row]


def half_unit(printed: str) -> float:
    """Half a unit in the last place a number is printed to: ``0.4306`` → 0.00005. numpy and torch
    print at least 4 decimals' worth (torch 4, numpy 8) and drop trailing zeros (``0.5``), so a
    number with fewer decimals is exact to 4; one with none (``1.``) an integer (torch prints so only
    integers, numpy to 8 digits)."""
    mantissa, _, exponent = printed.strip().lstrip("+-−").lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    try:
        half = 0.5 * 10.0 ** (-decimals + (int(exponent) if exponent else 0))
    except ValueError:
        return math.inf
    if decimals >= 4 or exponent:
        return half
    return 0.5e-8 if decimals == 0 else min(half, 0.5e-4)  # `1.`: torch's exact integers, numpy's 8 digits


def _starts(labels: list[str], body: list[str]) -> list[int] | None:
    """The line of the output (from 0) each print starts on, found by its label in order; None when
    one cannot be found (then no print's lines are known)."""
    starts, cursor = [], 0
    for label in labels:
        if not label:
            return None
        k = next((i for i in range(cursor, len(body)) if body[i].strip().startswith(label)), None)
        if k is None:
            return None
        starts.append(k)
        cursor = k + 1
    return starts


def _raise(message: str):
    raise _Stop(message)


def _numeric(value: object) -> bool:
    return isinstance(value, (Tensor, float, int)) and not isinstance(value, bool)


def _integer(value: object) -> int:
    if isinstance(value, Tensor) and value.ndim == 0 and not value.unknown:
        value = value.items[0].data
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
        raise _Stop("an index that is not an integer")
    return int(value)


def _is_print(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print"


def _loaded(target: ast.expr) -> ast.expr:
    """An augmented assignment's target as the expression it reads (``x += 1`` reads x)."""
    copy = ast.parse(ast.unparse(target), mode="eval").body
    return copy


def _bound_names(statement: ast.stmt) -> list[str]:
    names = []
    for node in ast.walk(statement):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.append(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.append(node.name)
    return names


def _as_tensor(value: object) -> Tensor:
    if isinstance(value, Tensor):
        return value
    if isinstance(value, Unknown):
        raise _Stop(value.reason)
    try:
        return tensor(value)
    except TensorError as e:
        raise _Stop(str(e)) from None


def _arith(value: object) -> object:
    """An operand of arithmetic: an array, a number, or a list read as an array."""
    if isinstance(value, (list, tuple)) and not isinstance(value, _Shape):
        return _as_tensor(value)
    if isinstance(value, bool) or value is None or isinstance(value, str):
        raise _Stop("arithmetic on something that is not a number")
    return value


_OPS = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
        ast.Div: lambda a, b: a / b, ast.Pow: lambda a, b: a ** b}


def _binary(op: ast.operator, a: object, b: object) -> object:
    for side in (a, b):
        if isinstance(side, Unknown):
            return side
    a, b = _arith(a), _arith(b)
    if isinstance(op, ast.MatMult):
        return _as_tensor(a).matmul(_as_tensor(b))
    if type(op) not in _OPS:
        raise _Stop(f"the operator {type(op).__name__}")
    if isinstance(op, ast.Pow) and isinstance(b, (int, float)) and abs(b) > 64:
        raise _Stop("a power too large")
    if isinstance(op, ast.Pow) and isinstance(b, Tensor):
        raise _Stop("a power whose exponent is an array")
    if not isinstance(a, Tensor) and isinstance(b, Tensor):
        a = tensor(float(a))
    return _OPS[type(op)](a, b)


def _negate(value: object) -> object:
    if isinstance(value, Unknown):
        return value
    value = _arith(value)
    return -value


_COMPARE = {ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b, ast.Lt: lambda a, b: a < b,
            ast.LtE: lambda a, b: a <= b, ast.Gt: lambda a, b: a > b, ast.GtE: lambda a, b: a >= b}


def _compare(op: ast.cmpop, a: object, b: object) -> object:
    if type(op) not in _COMPARE:
        raise _Stop(f"the comparison {type(op).__name__}")
    if isinstance(a, Tensor):
        return a.compare(_arith(b), _COMPARE[type(op)])
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return _COMPARE[type(op)](a, b)
    raise _Stop("a comparison of things that are not numbers")


# ---- calls ------------------------------------------------------------------------------------------
def _axis(kwargs: dict[str, object], args: list[object], at: int = 1) -> object:
    axis = kwargs.get("axis", kwargs.get("dim", args[at] if len(args) > at else None))
    return tuple(axis) if isinstance(axis, (list, tuple)) else axis


def _keep(kwargs: dict[str, object]) -> bool:
    return bool(kwargs.get("keepdims", kwargs.get("keepdim", False)))


def _shape_args(args: list[object]) -> tuple[int, ...]:
    if len(args) == 1 and isinstance(args[0], (list, tuple)):
        args = list(args[0])
    return tuple(_integer(a) for a in args)


_ELEMENTWISE = {"exp": Tensor.exp, "log": Tensor.log, "tanh": Tensor.tanh, "sigmoid": Tensor.sigmoid,
                "relu": Tensor.relu, "sqrt": Tensor.sqrt, "expit": Tensor.sigmoid}
_SCALAR_MATH = {"exp": math.exp, "log": math.log, "tanh": math.tanh, "sqrt": math.sqrt}


def _library(path: str, args: list[object], kwargs: dict[str, object]) -> object:
    """A call of numpy, torch or torch.nn.functional, by its dotted path (``np.exp``, ``torch.softmax``)."""
    module, _, name = path.rpartition(".")
    if module not in _NUMPY | _TORCH | _FUNCTIONAL | {"math", "torch.nn", "nn", "np.random", "numpy.random",
                                                      "torch.random"}:
        raise _Stop(f"{path} is not read")
    if name in _IGNORED_CALLS:
        return None
    if name in _RANDOM or module.endswith("random"):
        reason = f"drawn by {path} (random numbers the text does not print)"
        if name in {"rand", "randn"} and args and all(isinstance(a, int) for a in args):
            return Tensor.unknowable(_shape_args(args), reason)  # its shape is known, its numbers not
        return Unknown(reason)
    if module == "math":
        if name in _SCALAR_MATH and len(args) == 1 and isinstance(args[0], (int, float)):
            return _SCALAR_MATH[name](args[0])
        raise _Stop(f"{path} is not read")
    if any(isinstance(a, Unknown) for a in args):
        return next(a for a in args if isinstance(a, Unknown))
    if name == "Parameter":
        return args[0]
    return _array_function(name, args, kwargs, path)


def _arange(name: str, args: list, kwargs: dict) -> Tensor:
    """``arange(stop)``, ``arange(start, stop[, step])`` (``step=`` too): the numbers of the range."""
    numbers = [_plain_number(a) for a in args]
    if len(numbers) == 1:
        numbers = [0.0, numbers[0]]
    if len(numbers) == 2:
        numbers.append(_plain_number(kwargs.get("step", 1.0)))
    if len(numbers) != 3:
        raise _Stop(f"{name} of {len(args)} arguments")
    start, stop, step = numbers
    if not step or not all(math.isfinite(x) for x in (start, stop, step)):
        raise _Stop(f"{name} of a range that is empty of sense")
    count = max(0, math.ceil((stop - start) / step))
    if count > MAX_STEPS:
        raise _Stop(f"{name} of more than {MAX_STEPS:,} numbers")
    return tensor([start + k * step for k in range(count)])


def _plain_number(value: object) -> float:
    if isinstance(value, Tensor) and value.ndim == 0 and not value.unknown:
        value = value.items[0].data
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Stop("a range of something that is not a number")
    return float(value)


def _filled(name: str, args: list, kwargs: dict) -> Tensor:
    """``zeros``/``ones``/``empty``/``full`` of a shape (``torch.empty``'s elements unset until assigned)."""
    shape = _shape_args(args[:1] if name == "full" else args) if args else _shape_args(
        [kwargs.get("size", kwargs.get("shape"))])
    if name == "empty":
        return Tensor(shape, [UNSET] * math.prod(shape))
    return Tensor.full(shape, float(args[1]) if name == "full" else float(name == "ones"))


def _joined(name: str, args: list, kwargs: dict) -> Tensor:
    """``stack``, ``cat``/``concatenate``, ``vstack``, ``hstack`` of a list of arrays."""
    parts = [_as_tensor(p) for p in args[0]]
    axis = _integer(kwargs.get("axis", kwargs.get("dim", args[1] if len(args) > 1 else 0)))
    if name == "vstack":
        return concatenate([p.reshape(1, -1) if p.ndim == 1 else p for p in parts], 0)
    if name == "hstack":
        return concatenate(parts, 0 if parts[0].ndim == 1 else 1)
    return stack(parts, axis) if name == "stack" else concatenate(parts, axis)


def _triangle(name: str, args: list, kwargs: dict) -> Tensor:
    diagonal = _integer(kwargs.get("diagonal", args[1] if len(args) > 1 else 0))
    return _as_tensor(args[0]).triangle(name == "triu", diagonal)


def _maximum(name: str, args: list, kwargs: dict) -> Tensor:
    if len(args) != 2 or 0 not in args:
        raise _Stop("a maximum of two arrays")
    return _as_tensor(args[1] if args[0] == 0 else args[0]).relu()


_ARRAY_FUNCTIONS: dict[str, Callable[[str, list, dict], object]] = {
    **{name: lambda n, a, k: _as_tensor(a[0]).map(lambda v: v)
       for name in ("array", "asarray", "tensor", "Tensor", "FloatTensor", "as_tensor", "from_numpy")},
    **{name: _filled for name in ("zeros", "ones", "empty", "full")},
    "arange": _arange,
    "zeros_like": lambda n, a, k: Tensor.full(_as_tensor(a[0]).shape, 0.0),
    "ones_like": lambda n, a, k: Tensor.full(_as_tensor(a[0]).shape, 1.0),
    "triu": _triangle,
    "tril": _triangle,
    **{name: _joined for name in ("stack", "cat", "concatenate", "concat", "vstack", "hstack")},
    "maximum": _maximum,
    "round": lambda n, a, k: _rounded_array(a, k),
    "around": lambda n, a, k: _rounded_array(a, k),
}


def _rounded_array(args: list[object], kwargs: dict[str, object]) -> object:
    """``np.round(a, 4)``: the same array (its print shows the digits kept); ``np.round(a)``: each
    element to the nearest whole number, half to even as numpy rounds."""
    if len(args) > 1 or "decimals" in kwargs:
        return args[0]
    return args[0].map(lambda v: Value(float(round(v.data)))) if isinstance(args[0], Tensor) else args[0]


def _array_function(name: str, args: list[object], kwargs: dict[str, object], path: str) -> object:
    """A function of numpy or torch: those that make arrays, else a method taking the array first."""
    if not args and name not in {"zeros", "ones", "empty", "full"}:
        raise _Stop(f"{path} of nothing")
    function = _ARRAY_FUNCTIONS.get(name)
    if function is not None:
        return function(name, args, kwargs)
    return _method(_as_tensor(args[0]), name, args[1:], kwargs)


def _unsqueeze(base: Tensor, args: list, kwargs: dict) -> Tensor:
    axis = _integer(args[0] if args else kwargs.get("dim")) % (base.ndim + 1)
    return base.reshape(*base.shape[:axis], 1, *base.shape[axis:])


def _softmax(base: Tensor, args: list, kwargs: dict) -> Tensor:
    axis = _axis(kwargs, [None, *args])
    return base.softmax(-1 if axis is None else _integer(axis))


def _log_softmax(base: Tensor, args: list, kwargs: dict) -> Tensor:
    return _softmax(base, args, kwargs).log()


def _nll_loss(base: Tensor, args: list, kwargs: dict) -> Tensor:
    """``F.nll_loss(logp, target)``: minus the log-probability of each sample's class (``logp`` of shape
    (N, C), or (C,) with one class), averaged (``reduction="sum"``: summed)."""
    target = _as_tensor(args[0] if args else kwargs.get("target"))
    if base.unknown or target.unknown or base.ndim not in (1, 2) or target.ndim != base.ndim - 1:
        raise _Stop("a negative log-likelihood of arrays not known while reading or of other shapes")
    rows = [base.items] if base.ndim == 1 else [base.items[k * base.shape[1]:(k + 1) * base.shape[1]]
                                                 for k in range(base.shape[0])]
    classes = [_integer(t.data) for t in target.items]
    if len(classes) != len(rows) or any(not 0 <= c < len(rows[0]) for c in classes):
        raise _Stop("a target class outside the scores")
    reduction = kwargs.get("reduction", "mean")
    if reduction not in ("mean", "sum"):
        raise _Stop(f"the reduction {reduction!r} is not read")
    total = -rows[0][classes[0]]
    for row, c in zip(rows[1:], classes[1:]):
        total = total - row[c]
    return Tensor((), [total * (1.0 / len(rows)) if reduction == "mean" and len(rows) > 1 else total])


def _cross_entropy(base: Tensor, args: list, kwargs: dict) -> Tensor:
    """``F.cross_entropy(scores, target)``: ``nll_loss`` of the log-softmax over the classes."""
    return _nll_loss(base.softmax(-1).log(), args, kwargs)


def _pool(how: str) -> Callable[[Tensor, list, dict], Tensor]:
    """``F.max_pool2d(x, 2)``, ``F.avg_pool2d(x, kernel_size=2, stride=2)`` (``reader.pooling``)."""
    def apply(base: Tensor, args: list, kwargs: dict) -> Tensor:
        kernel = window(args[0] if args else kwargs.get("kernel_size"))
        given = args[1] if len(args) > 1 else kwargs.get("stride")
        stride = kernel if given is None else window(given)
        padding = args[2] if len(args) > 2 else kwargs.get("padding", 0)
        if kernel is None or stride is None or padding not in (0, (0, 0)) or len(args) > 3:
            raise _Stop("a pooling window not read (only a window and a stride, no padding)")
        return pooled(base, kernel, stride, how)
    return apply


def _size_of(base: Tensor, args: list, kwargs: dict) -> object:
    return _Shape(base.shape)[_integer(args[0])] if args else _Shape(base.shape)


def _same_array(base: Tensor, args: list, kwargs: dict) -> Tensor:
    return base


def _elementwise(function: Callable[[Tensor], Tensor]) -> Callable[[Tensor, list, dict], Tensor]:
    return lambda base, args, kwargs: function(base)


def _reduction(name: str) -> Callable[[Tensor, list, dict], Tensor]:
    return lambda base, args, kwargs: getattr(base, name)(_axis(kwargs, [None, *args]), _keep(kwargs))


# A method of an array (and a function taking the array first) → how it computes: (base, args, kwargs).
_METHODS: dict[str, Callable[[Tensor, list, dict], object]] = {
    **{name: _elementwise(function) for name, function in _ELEMENTWISE.items()},
    **{name: _reduction(name) for name in ("sum", "mean", "max")},
    "softmax": _softmax,
    "log_softmax": _log_softmax,
    "nll_loss": _nll_loss,
    "cross_entropy": _cross_entropy,
    "dot": lambda b, a, k: b.dot(_as_tensor(a[0])),
    "matmul": lambda b, a, k: b.matmul(_as_tensor(a[0])),
    "mm": lambda b, a, k: b.matmul(_as_tensor(a[0])),
    "reshape": lambda b, a, k: b.reshape(*_shape_args(a)),
    "view": lambda b, a, k: b.reshape(*_shape_args(a)),
    "flatten": lambda b, a, k: b.flatten(),
    "ravel": lambda b, a, k: b.flatten(),
    "transpose": lambda b, a, k: b.transpose(*_shape_args(a)),
    "permute": lambda b, a, k: b.transpose(*_shape_args(a)),
    "t": lambda b, a, k: b.T,
    "unsqueeze": _unsqueeze,
    "squeeze": lambda b, a, k: b.reshape(*[n for n in b.shape if n != 1]),
    **{name: _same_array for name in ("copy", "clone", "detach", "numpy", "float", "double", "cpu", "bool",
                                      "requires_grad_", "item", "contiguous")},
    "masked_fill": lambda b, a, k: b.masked_fill(_as_tensor(a[0]), float(a[1])),
    "size": _size_of,
    "max_pool2d": _pool("max"),
    "avg_pool2d": _pool("mean"),
    "triu": lambda b, a, k: b.triangle(True, _integer(a[0]) if a else 0),
    "tril": lambda b, a, k: b.triangle(False, _integer(a[0]) if a else 0),
}


def _method(base: Tensor, name: str, args: list[object], kwargs: dict[str, object]) -> object:
    """A method of an array (``x.sum(dim=0)``), and the functions that take the array first."""
    if isinstance(base, Unknown):
        return base
    method = _METHODS.get(name)
    if method is None:
        raise _Stop(f"the method .{name}() is not read")
    return method(base, args, kwargs)


def _sum(items: object) -> object:
    total: object = tensor(0.0)  # a sum of the notebook's numbers is the engine's, to be checked
    for item in _iterable(items):
        total = _binary(ast.Add(), total, item)
    return total


def _whole(value: object) -> object:
    """``round(x)``: the nearest whole number, half to even (a constant: its derivative is 0)."""
    number = value.data if isinstance(value, Value) else value
    return float(round(number)) if isinstance(number, (int, float)) else value


def _number_function(name: str) -> Callable[[object], object]:
    def apply(value: object) -> object:
        if isinstance(value, Tensor):
            if name == "int":
                raise _Stop("int() of an array")
            if name == "round":
                return value.map(lambda v: Value(float(round(v.data))))
            return value.map(abs) if name == "abs" else value
        return {"float": float, "int": int, "abs": abs, "round": _whole}[name](value)
    return apply


_BUILTIN_CALLS: dict[str, Callable[..., object]] = {
    "range": lambda *a: range(*(_integer(x) for x in a)),
    "enumerate": lambda x: list(enumerate(_iterable(x))),
    "zip": lambda *a: list(zip(*(_iterable(x) for x in a))),
    "len": lambda x: len(_iterable(x)),
    "list": lambda x: list(_iterable(x)),
    "sum": _sum,
    **{name: _number_function(name) for name in ("float", "int", "abs")},
    "round": lambda x, *digits: x if digits else _number_function("round")(x),
}


def _builtin(name: str, args: list[object], kwargs: dict[str, object]) -> object:
    if kwargs and name != "round":
        raise _Stop(f"{name}() with keywords")
    unknown = next((a for a in args if isinstance(a, Unknown)), None)
    if unknown is not None:
        return unknown
    call = _BUILTIN_CALLS.get(name)
    if call is None or not args:
        raise _Stop(f"{name}() is not read")
    return call(*args)


def _iterable(value: object) -> list[object]:
    if isinstance(value, Tensor):
        return [value[k] for k in range(value.shape[0])] if value.ndim else _raise("a 0-d array")
    if isinstance(value, (list, tuple, range)):
        return list(value)
    raise _Stop("not a list or an array")
