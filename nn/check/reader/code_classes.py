"""Classes a document's code defines, for the safe interpreter: a hand-written ``Value``, ``Neuron``,
``Var``/``Add``/``Mul`` graph or ``DualNumber`` whose methods do the arithmetic (a class shaped as
micrograd's ``Value`` is read by its known semantics instead: ``reader.scalar_engines``).

``reader.interpreter`` walks the code and keeps a ``class`` as a ``_Class`` (its methods and class
attributes, read from its body like any other code) and each object made from it as an
``_Object`` (its attributes). Here is what they do, the way Python does it for the plain classes
teaching code writes:

- ``Var("x", init_value=3)`` makes an object and walks ``__init__`` with it as ``self``;
  ``obj.attr`` is the object's attribute, else the class's (a method bound to the object; a
  ``@classmethod`` bound to the class, a ``@staticmethod`` as it is, a ``@property`` walked);
  ``obj.attr = v`` and ``Cls.attr = v`` (a method added later, ``Mul.gradient = lambda self, var: …``)
  set them; bases the code defines are searched in order (their own bases first, depth first);
- ``a + b`` of objects is ``a.__add__(b)``, else ``b.__radd__(a)`` (``- * / ** @`` and unary minus
  likewise), walked like any other method: the arithmetic inside is the engine's;
- ``print(obj)`` and a cell's last expression show the object by its ``__str__`` / ``__repr__``
  (their f-strings and ``.format`` keep the values they print); ``isinstance``, ``hasattr``,
  ``getattr`` answer for objects and plain numbers.

Anything else about an object (a base class the code does not define, ``super()``, a dunder it does not
define, an attribute it never set) is ``Unknown`` with the reason, and so is what is computed from it.
Nothing is executed: the methods are the same ``ast`` walked by the interpreter, under its work budget.
"""

from __future__ import annotations

import ast

from nn.check.reader.interpreter import (
    Interpreter,
    Scalar,
    Unknown,
    _Class,
    _Function,
    _Method,
    _Module,
    _Object,
    _Text,
)

__all__ = ["define_class", "call_object", "get_attribute", "object_operation", "displayed", "class_builtin"]

_MISSING = object()
_WRAPPERS = {"classmethod", "staticmethod", "property"}
_DUNDERS = {"add": ("__add__", "__radd__"), "sub": ("__sub__", "__rsub__"), "mul": ("__mul__", "__rmul__"),
            "div": ("__truediv__", "__rtruediv__"), "pow": ("__pow__", "__rpow__"),
            "matmul": ("__matmul__", "__rmatmul__"), "neg": ("__neg__", "")}
MAX_SHOWN_DEPTH = 40  # objects shown inside objects' text (a tree printed by nested __str__)


class _Wrapped:
    """A ``@classmethod`` / ``@staticmethod`` / ``@property`` function of a class body."""

    def __init__(self, kind: str, function: _Function) -> None:
        self.kind = kind
        self.function = function


# ---- defining ---------------------------------------------------------------------------------------------
def define_class(it: Interpreter, node: ast.ClassDef) -> object:
    """``class Name(Base): body``: the class, its body walked in a scope of its own."""
    bases = [it.expression(b) for b in node.bases]
    foreign = [b for b in bases if not isinstance(b, _Class) and not _is_object(b)]
    if foreign or node.keywords:
        what = ast.unparse(node.bases[bases.index(foreign[0])]) if foreign else "keywords"
        return Unknown(f"the class {node.name} (its base {what} is not a class of the code)", it.at(node))
    saved = it.env
    it.env = dict(saved)
    try:
        for statement in node.body:
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) and _wrapper(statement):
                function = _Function(statement, saved, statement.name, line0=it.line0)
                it.env[statement.name] = _Wrapped(_wrapper(statement), function)
            elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                it.define(statement)
                function = it.env[statement.name]
                if isinstance(function, _Function):
                    function.closure = saved  # a method sees the module's names, not the class body's
            else:
                it.statement(statement)
        attributes = {k: v for k, v in it.env.items() if k not in saved or saved[k] is not v}
    finally:
        it.env = saved
    return _Class(node.name, [b for b in bases if isinstance(b, _Class)], attributes, it.at(node))


def _wrapper(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    """``classmethod`` / ``staticmethod`` / ``property`` when that is the one decorator, else ""."""
    if len(node.decorator_list) == 1 and isinstance(node.decorator_list[0], ast.Name):
        name = node.decorator_list[0].id
        return name if name in _WRAPPERS else ""
    return ""


def _is_object(base: object) -> bool:
    return isinstance(base, _Module) and base.name == "builtins.object"


# ---- looking up -------------------------------------------------------------------------------------------
def _lookup(kind: _Class, attr: str, depth: int = 0) -> object:
    """The class attribute ``attr`` of ``kind`` or of its bases (depth first, in order)."""
    if attr in kind.attributes:
        return kind.attributes[attr]
    if depth > 30:
        return _MISSING
    for base in kind.bases:
        found = _lookup(base, attr, depth + 1)
        if found is not _MISSING:
            return found
    return _MISSING


def _subclass(kind: _Class, of: _Class, depth: int = 0) -> bool:
    return kind is of or (depth <= 30 and any(_subclass(b, of, depth + 1) for b in kind.bases))


def get_attribute(it: Interpreter, owner: _Class | _Object, attr: str, node: ast.AST) -> object:
    """``owner.attr`` (see the module's docstring)."""
    if isinstance(owner, _Object):
        if attr in owner.attributes:
            return owner.attributes[attr]
        if attr == "__class__":
            return owner.kind
        found = _lookup(owner.kind, attr)
        if isinstance(found, _Function):
            return _Method(found, owner)
        kind = owner.kind
    else:
        if attr == "__name__":
            return owner.name
        found = _lookup(owner, attr)
        kind = owner
    if isinstance(found, _Wrapped):
        if found.kind == "classmethod":
            return _Method(found.function, kind)
        if found.kind == "property" and isinstance(owner, _Object):
            return it.call_function(found.function, [owner], {}, node)
        return found.function
    if found is _MISSING:
        return Unknown(f"the attribute .{attr} of {_described(owner)} (never set)", it.at(node))
    return found


def _described(owner: object) -> str:
    if isinstance(owner, _Object):
        return f"an object of the class {owner.kind.name}"
    return f"the class {owner.name}" if isinstance(owner, _Class) else "a value"


# ---- calling ----------------------------------------------------------------------------------------------
def call_object(it: Interpreter, function: _Class | _Method, args: list, keywords: dict,
                node: ast.AST) -> object:
    """A bound method (its object first), or a class (a new object, its ``__init__`` walked)."""
    if isinstance(function, _Method):
        return it.call_function(function.function, [function.owner, *args], keywords, node)  # type: ignore[arg-type]
    made = _Object(function, {})
    init = _lookup(function, "__init__")
    if isinstance(init, _Function):
        out = it.call_function(init, [made, *args], keywords, node)
        if isinstance(out, Unknown):
            return out
    elif init is not _MISSING:
        return Unknown(f"the class {function.name} (its __init__ is not a plain method)", it.at(node))
    elif args or keywords:
        return Unknown(f"the class {function.name} called with arguments it takes none of", it.at(node))
    return made


def object_operation(it: Interpreter, op: str, operands: list, node: ast.AST) -> object:
    """``a + b`` with an object on either side: ``a.__add__(b)``, else ``b.__radd__(a)``."""
    left, right = _DUNDERS.get(op, (f"__{op}__", ""))
    a = operands[0]
    if isinstance(a, _Object):
        method = _lookup(a.kind, left)
        if isinstance(method, _Function):
            return it.call_function(method, [a, *operands[1:]], {}, node)
    if len(operands) == 2 and right and isinstance(operands[1], _Object):
        method = _lookup(operands[1].kind, right)
        if isinstance(method, _Function):
            return it.call_function(method, [operands[1], a], {}, node)
    owner = a if isinstance(a, _Object) else operands[-1]
    return Unknown(f"the operation {op} on {_described(owner)} (it defines no {left})", it.at(node))


# ---- showing ----------------------------------------------------------------------------------------------
def displayed(it: Interpreter, value: object, how: str, node: ast.AST, depth: int = 0) -> object:
    """A printed value with every object in it shown by its ``__str__`` (``how`` for the value
    itself: ``"__repr__"`` for a cell's result); other values as they are."""
    if isinstance(value, _Object):
        if depth > MAX_SHOWN_DEPTH:
            return Unknown("objects printed inside each other too deeply", it.at(node))
        method = _lookup(value.kind, how)
        if not isinstance(method, _Function):  # print falls back on __repr__, a result on __str__
            method = _lookup(value.kind, "__str__" if how == "__repr__" else "__repr__")
        if not isinstance(method, _Function):
            reason = f"a printed object of the class {value.kind.name} (it defines no {how})"
            return Unknown(reason, it.at(node))
        return displayed(it, it.call_function(method, [value], {}, node), "__str__", node, depth + 1)
    if isinstance(value, _Text) and any(isinstance(v, (_Object, _Text)) for v, _ in value.parts):
        parts: list[tuple[object, str]] = []
        for v, label in value.parts:
            shown = displayed(it, v, "__str__", node, depth + 1) if isinstance(v, (_Object, _Text)) else v
            parts += shown.parts if isinstance(shown, _Text) else [(shown, label)]
        return _Text(parts)
    return value


# ---- Python's functions about objects ---------------------------------------------------------------------
def class_builtin(it: Interpreter, name: str, args: list, node: ast.AST) -> object:
    """``isinstance``, ``hasattr``, ``getattr``, ``set``, ``reversed``; NotImplemented for other calls or
    values these cannot answer for."""
    unknown = next((a for a in args if isinstance(a, Unknown)), None)
    if unknown is not None:
        return unknown
    call = _CALLS.get(name)
    return call(it, args, node) if call is not None else NotImplemented


def _set(it: Interpreter, args: list, node: ast.AST) -> object:
    if len(args) <= 1 and (not args or isinstance(args[0], (list, tuple, set))):
        return set(args[0]) if args else set()
    return NotImplemented


def _reversed(it: Interpreter, args: list, node: ast.AST) -> object:
    if len(args) == 1 and isinstance(args[0], (list, tuple)):
        return list(reversed(args[0]))
    return NotImplemented


def _isinstance_call(it: Interpreter, args: list, node: ast.AST) -> object:
    return _isinstance(args[0], args[1]) if len(args) == 2 else NotImplemented


def _never_set(found: object) -> bool:
    return isinstance(found, Unknown) and found.reason.endswith("(never set)")


def _hasattr(it: Interpreter, args: list, node: ast.AST) -> object:
    if len(args) != 2 or not isinstance(args[1], str):
        return NotImplemented
    found = _attribute_of(it, args[0], args[1], node)
    return found if found is NotImplemented else not _never_set(found)


def _getattr(it: Interpreter, args: list, node: ast.AST) -> object:
    if len(args) not in (2, 3) or not isinstance(args[1], str):
        return NotImplemented
    found = _attribute_of(it, args[0], args[1], node)
    return args[2] if _never_set(found) and len(args) == 3 else found


_CALLS = {"set": _set, "reversed": _reversed, "isinstance": _isinstance_call, "hasattr": _hasattr,
          "getattr": _getattr}


def _attribute_of(it: Interpreter, value: object, attr: str, node: ast.AST) -> object:
    if isinstance(value, (_Object, _Class)):
        return get_attribute(it, value, attr, node)
    if type(value) in (int, float) or (isinstance(value, Scalar) and _plain_number(value)):
        return Unknown(f"the attribute .{attr} of a number (never set)", it.at(node))
    return NotImplemented


def _plain_number(x: Scalar) -> bool:
    """A number of plain Python (not a framework's tensor: it has no attributes of a tensor)."""
    return not (x.float32 or x.requires_grad or x.variable or x.derivative or x.grad is not None)


def _isinstance(value: object, kinds: object) -> object:
    kinds = list(kinds) if isinstance(kinds, tuple) else [kinds]
    answers = [_is_a(value, k) for k in kinds]
    if True in answers:
        return True
    return NotImplemented if NotImplemented in answers else False


def _is_a(value: object, kind: object) -> object:
    if isinstance(kind, _Class):
        if isinstance(value, _Object):
            return _subclass(value.kind, kind)
        return False if _plain_or_container(value) else NotImplemented
    if isinstance(kind, _Module) and kind.name in ("builtins.int", "builtins.float"):
        if isinstance(value, _Object) or type(value) in (list, tuple, str):
            return False
        if type(value) in (int, float):
            return isinstance(value, int if kind.name.endswith("int") else float)
        if isinstance(value, Scalar) and _plain_number(value):
            return value.integer == kind.name.endswith("int")
    return NotImplemented


def _plain_or_container(value: object) -> bool:
    return type(value) in (int, float, str, list, tuple, bool) or value is None or (
        isinstance(value, Scalar) and _plain_number(value))
