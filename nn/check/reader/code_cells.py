"""Givens and definitions a notebook states in its code cells, read with ``ast`` (never run).

Many notebooks write their computation as code (``x = 3.0``, ``y = w * x + b``,
``loss = (y - t) ** 2``, ``w = torch.tensor(2.0, requires_grad=True)``) and print the results.
``code_claims`` reads each code fence of the document (the ```` ```code ```` blocks
``reader.notebook`` writes) with Python's own parser and turns every simple top-level assignment
(``x, y = 3., 4.`` too) into a claim ``name = math`` for the inference, as if the text had stated
it. Only literal numbers, names, ``+ - * / **`` (a numeric exponent of a sane size), unary minus
and calls of the functions the expression language has (``exp``, ``log``, ``tanh``, ``sigmoid``,
``relu``, ``maximum(0, ·)``, ``sqrt``; bare or under ``math.``, ``np.``, ``torch.``, ``jnp.``,
``tf.``, ``F.``, ``nn.``) are read; ``torch.tensor(2.0, requires_grad=True)``, ``torch.tensor([2.0])``
and ``tf.Variable(3.)`` are their number. A name bound more than once in the code (a loop, an
update, a function, another value) is left out: its value depends on the order the code ran in; the
same assignment in two cells is read once. Nothing is executed, evaluated or imported.
"""

from __future__ import annotations

import ast
import math
import re
from decimal import Decimal

from nn.check.reader.claims import Claim
from nn.check.reader.code_outputs import fences

__all__ = ["code_claims", "code_math"]

_MODULES = {"math", "np", "numpy", "torch", "jnp", "jax", "tf", "F", "nn", "functional", "nn.functional",
            "torch.nn.functional", "tf.math", "tf.nn", "jax.nn", "jax.numpy", "special", "scipy.special",
            "expit"}
_FUNCTIONS = {"exp": r"\exp", "log": r"\log", "tanh": r"\tanh", "sigmoid": r"\mathrm{sigmoid}",
              "expit": r"\mathrm{sigmoid}", "relu": r"\mathrm{relu}", "sqrt": r"\operatorname{sqrt}",
              "sin": r"\sin", "cos": r"\cos"}
_NUMBER_WRAPPERS = {"tensor", "Variable", "constant", "array", "asarray", "float32", "float64", "float"}
_OPERATORS = {ast.Add: "+", ast.Sub: "-"}
MAX_CODE_CHARS = 200_000  # one fence; longer code is not read for givens
MAX_EXPONENT = 64
MAX_DEPTH = 40


class _Unreadable(Exception):
    """Code the inference does not take (anything but plain scalar arithmetic)."""


def code_claims(text: str) -> list[Claim]:
    """Claims ``name = math`` for the simple assignments of the text's ```` ```code ```` fences, in
    order, each with the line of the text it is written on."""
    fences = list(_code_fences(text))
    trees = [(first, tree) for first, body in fences if (tree := _parsed(body)) is not None]
    counts: dict[str, int] = {}
    for _, tree in trees:
        for name in _bound_names(tree):
            counts[name] = counts.get(name, 0) + 1
    read: dict[str, list[Claim | None]] = {}  # name → its top-level assignments, read or not
    for first, tree in trees:
        for statement in tree.body:
            for name, value in _assignments(statement):
                read.setdefault(name, []).append(_claim(name, value, first + statement.lineno))
    claims = [found[0] for name, found in read.items() if _one_value(found, counts[name])]
    return sorted(claims, key=lambda claim: claim.line)


def _one_value(found: list[Claim | None], bindings: int) -> bool:
    """A name whose every binding is a top-level assignment read the same way (``x = 3.0`` in two
    cells): its value does not depend on the order the cells ran in."""
    return (len(found) == bindings and found[0] is not None
            and all(c is not None and c.sides == found[0].sides for c in found))


def _code_fences(text: str):
    """(line before the body, body) of every ```` ```code ```` fence."""
    lines = text.split("\n")
    for k, end, info in fences(lines):
        if info == "code":
            yield k + 1, "\n".join(lines[k + 1:end])


def _parsed(body: str) -> ast.Module | None:
    if len(body) > MAX_CODE_CHARS:
        return None
    try:
        return ast.parse(body)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return None  # IPython magics, another language, a cell too deeply nested


def _bound_names(tree: ast.Module) -> list[str]:
    """Every name the code binds, once per binding (assignments, loops, imports, definitions…)."""
    names = []
    try:
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
                names.append(node.id)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.append(node.name)
            elif isinstance(node, ast.alias):
                names.append((node.asname or node.name).split(".")[0])
    except RecursionError:
        return []
    return names


def _assignments(statement: ast.stmt) -> list[tuple[str, ast.expr]]:
    """``x = …``, ``x: float = …``, ``x, y = 3., 4.``: the plain names a statement assigns, each
    with its value (none when a target is anything else)."""
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        target, value = statement.targets[0], statement.value
    elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
        target, value = statement.target, statement.value
    else:
        return []
    if isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple) and len(target.elts) == len(value.elts):
        pairs = list(zip(target.elts, value.elts))
    else:
        pairs = [(target, value)]
    if not all(isinstance(t, ast.Name) and _plain_name(t.id) for t, _ in pairs):
        return []
    return [(t.id, v) for t, v in pairs]


def _claim(name: str, value: ast.expr, line: int) -> Claim | None:
    """``name = math`` for a value that is plain scalar arithmetic, else None."""
    try:
        side = _math(value, 0)
    except (_Unreadable, RecursionError, ValueError, OverflowError):
        return None
    return Claim(line, f"{name} = {side}", [name, side], [False, False], {})


def code_math(node: ast.expr) -> str | None:
    """A Python expression of plain scalar arithmetic as the document math the inference reads
    (``x*x*y + y + 2`` → ``((x) \\cdot (x)) \\cdot (y) + …``); None for anything else."""
    try:
        return _math(node, 0)
    except (_Unreadable, RecursionError, ValueError, OverflowError):
        return None


def _plain_name(name: str) -> bool:
    """A name the document's math reads back as one symbol (``w1``, ``y_pred``; not ``_x``, ``a__b``)."""
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)?", name)) and name not in {
        "e", "pi", "exp", "log", "tanh", "sigmoid", "relu", "sqrt", "max", "min", "abs"}


def _math(node: ast.expr, depth: int) -> str:
    """The expression as the document math the inference reads; _Unreadable for anything else."""
    if depth > MAX_DEPTH:
        raise _Unreadable("too deep")
    match node:
        case ast.Constant(value=v) if isinstance(v, (int, float)) and not isinstance(v, bool):
            return _number(v)
        case ast.Name(id=name) if _plain_name(name):
            return name
        case ast.UnaryOp(op=ast.USub(), operand=x):
            return f"-({_math(x, depth + 1)})"
        case ast.UnaryOp(op=ast.UAdd(), operand=x):
            return _math(x, depth + 1)
        case ast.BinOp(left=a, op=ast.Add() | ast.Sub() as op, right=b):
            return f"({_math(a, depth + 1)}) {_OPERATORS[type(op)]} ({_math(b, depth + 1)})"
        case ast.BinOp(left=a, op=ast.Mult(), right=b):
            return rf"({_math(a, depth + 1)}) \cdot ({_math(b, depth + 1)})"
        case ast.BinOp(left=a, op=ast.Div(), right=b):
            return rf"\frac{{{_math(a, depth + 1)}}}{{{_math(b, depth + 1)}}}"
        case ast.BinOp(left=a, op=ast.Pow(), right=b):
            return f"({_math(a, depth + 1)})^{{{_exponent(b)}}}"
        case ast.Call():
            return _call(node, depth)
    raise _Unreadable(type(node).__name__)


def _number(value: int | float) -> str:
    """The literal as decimal digits (``1e-05`` → ``0.00001``; an int stays one)."""
    if not math.isfinite(float(value)) or abs(value) > 1e15:
        raise _Unreadable("a number too large")
    text = format(Decimal(repr(abs(value))), "f")
    return f"-{text}" if value < 0 else text


def _exponent(node: ast.expr) -> str:
    """A power's exponent: a literal number (or its negative) no larger than MAX_EXPONENT."""
    sign = ""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        sign, node = "-", node.operand
    if not (isinstance(node, ast.Constant) and isinstance(node.value, (int, float))
            and not isinstance(node.value, bool)):
        raise _Unreadable("a power whose exponent is not a number")
    if not math.isfinite(float(node.value)) or abs(float(node.value)) > MAX_EXPONENT:
        raise _Unreadable("a power too large")
    return sign + _number(node.value)


def _function_name(func: ast.expr) -> str:
    """``exp``, ``math.exp``, ``torch.nn.functional.relu`` → the function's own name, when its
    prefix is a known numeric module."""
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        prefix = ast.unparse(func.value) if _short(func.value) else ""
        if prefix in _MODULES or prefix.split(".")[0] in {"torch", "tf", "jax", "np", "numpy", "jnp"}:
            return func.attr
    raise _Unreadable("a call of an unknown function")


def _short(node: ast.expr) -> bool:
    """A dotted name of at most four parts (``torch.nn.functional``)."""
    for _ in range(4):
        if isinstance(node, ast.Name):
            return True
        if not isinstance(node, ast.Attribute):
            return False
        node = node.value
    return False


def _call(node: ast.Call, depth: int) -> str:
    name = _function_name(node.func)
    if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
        raise _Unreadable("a call with unpacked arguments")
    if name in _NUMBER_WRAPPERS and len(node.args) == 1:
        return _wrapped_number(node, depth)
    if node.keywords:
        raise _Unreadable("a call with keywords")
    if name in {"maximum", "max"} and len(node.args) == 2:
        return _relu_of_maximum(node, depth)
    if name in _FUNCTIONS and len(node.args) == 1:
        return f"{_FUNCTIONS[name]}({_math(node.args[0], depth + 1)})"
    raise _Unreadable(f"the function {name}")


def _wrapped_number(node: ast.Call, depth: int) -> str:
    """``torch.tensor(2.0, requires_grad=True)``, ``tf.Variable(3.)``, ``torch.tensor([1.0])``: the number."""
    if not all(k.arg in {"requires_grad", "dtype", "name", "trainable", "device"} for k in node.keywords):
        raise _Unreadable("a tensor with other options")
    value = node.args[0]
    if isinstance(value, ast.List) and len(value.elts) == 1:  # torch.tensor([1.0]): one number
        value = value.elts[0]
    return _math(value, depth + 1)


def _relu_of_maximum(node: ast.Call, depth: int) -> str:
    """``np.maximum(0, x)`` (either order) is relu(x); any other maximum of two values is not read."""
    zero = [a for a in node.args if isinstance(a, ast.Constant) and a.value == 0]
    if len(zero) != 1:
        raise _Unreadable("a maximum of two values")
    other = node.args[1] if node.args[0] is zero[0] else node.args[0]
    return rf"\mathrm{{relu}}({_math(other, depth + 1)})"
