"""Micrograd-style scalar autograd classes, read as the engine's own scalar leaves and operations.

Backprop tutorials very often compute on a small scalar autograd class: Karpathy's micrograd
(``from micrograd.engine import Value``) and its many imitations, or the class written out in the
document itself (``class Value:`` whose ``__init__(self, data, _children=(), _op='', label='')``
keeps a value's children). Its semantics are known, so the class is never walked: a value of it
is one of the engine's own ``Scalar``s, tagged with the ``Engine`` it comes from.

- ``Value(2.0, label='a')`` is a leaf of value 2.0, named by its label, else by the Python name it is
  bound to; ``x.label = 'e'`` renames it;
- ``+ - * / **`` and unary minus (plain numbers on either side: ``__radd__``, ``__rmul__``…) and the
  methods ``.tanh() .exp() .relu() .sigmoid() .log()`` are the engine's operations, each result a
  node; ``.data`` is the node's value;
- every value collects ``.grad`` (0 until a ``backward()``): ``X.backward()`` gives every node of X's
  graph dX/d(node), X itself 1, and accumulates onto what earlier calls left (until ``.grad = 0``);
- ``x.grad = 1.0`` set by hand on a node outside the graph of every earlier such root makes it a
  root; a number set by hand on a node of a root's graph (``n.grad = 0.5``) is the text's claim of
  d(root)/d(node), checked (a literal) and printed as the engine's derivative; what the code computes
  then on those hand-set numbers is the text's own arithmetic, so a printed gradient is the claim
  and is checked against the engine. ``node._backward()`` (one local step of backprop by hand, from a
  node whose gradient is d(root)/d(node)) gives a child d(root)/d(child) once the steps of every node
  it feeds are done; a partial sum before, or a step from a node whose gradient is not known, is
  unknown, with why.

A class the document defines is read so only when its shape says micrograd (its ``__init__`` takes
the data then the children, it defines ``__add__`` or ``__mul__``); an operation it does not define
is unknown (Python would fail), and so is one whose forward computation does not have the
operation's shape (``__mul__`` computing no product): listed with why, never guessed. Its
``__repr__``/``__str__`` is walked on the value's data, grad and label (it prints what it prints).
An imported class prints as micrograd's ``Value(data=…, grad=…)`` (without ``grad=`` when the
document's outputs never show it).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from autograd import Value
from autograd.engine import topological_order
from nn.check.reader import code_classes
from nn.check.reader.interpreter import (
    Interpreter,
    Scalar,
    Unknown,
    _Bound,
    _Class,
    _Object,
    _Text,
    scalar_op,
)

__all__ = ["Engine", "define_class", "imported", "construct", "operation", "attribute", "set_attribute",
           "method", "shown", "hand_claims", "engine_of", "grad", "unknown_grad"]

ENGINE_NAMES = {"Value", "Scalar"}  # the class an autograd toy library exports
_ENGINE_MODULES = {"engine", "value", "scalar", "values"}
_DATA_NAMES = {"data", "value", "val", "x"}
_CHILDREN_NAMES = {"_children", "children", "_prev", "prev", "_parents", "parents", "_inputs", "inputs"}
_BINARY = {"add": ("__add__", "__radd__"), "sub": ("__sub__", "__rsub__"), "mul": ("__mul__", "__rmul__"),
           "div": ("__truediv__", "__rtruediv__"), "pow": ("__pow__", "__rpow__")}
FUNCTIONS = ("tanh", "exp", "relu", "sigmoid", "log")
_SHAPES: dict[str, tuple[type, ...]] = {
    "__add__": (ast.Add,), "__radd__": (ast.Add,), "__mul__": (ast.Mult,), "__rmul__": (ast.Mult,),
    "__sub__": (ast.Sub, ast.Add), "__rsub__": (ast.Sub, ast.Add), "__pow__": (ast.Pow,),
    "__truediv__": (ast.Div, ast.Pow), "__rtruediv__": (ast.Div, ast.Pow),
    "__neg__": (ast.Mult, ast.USub, ast.Sub),
}
_CALLED: dict[str, tuple[str, ...]] = {"tanh": ("tanh", "exp"), "exp": ("exp",), "log": ("log",),
                                       "sigmoid": ("exp", "sigmoid", "tanh"), "relu": ("max",)}


@dataclass(eq=False)
class Engine:
    """A micrograd-style class: its name, and for a class the document defines, the methods it
    defines (None: an imported library, all of micrograd's) and those read as not micrograd's."""

    name: str
    kind: _Class | None = None  # the document's class (its __repr__ shows a value)
    parameters: list[str] = field(default_factory=list)  # its __init__'s, after self
    defined: frozenset[str] | None = None
    differs: dict[str, str] = field(default_factory=dict)  # method → why it is not read as micrograd's
    data: str = "data"  # the attribute holding the value (``self.value = value``)


@dataclass
class _State:
    """What the hand-set gradients and the ``_backward()`` steps of one interpreter left."""

    engines: dict[int, Engine] = field(default_factory=dict)  # id(_Class) → its engine
    imported: dict[str, Engine] = field(default_factory=dict)
    roots: list[tuple[Value, set[int]]] = field(default_factory=list)  # hand roots and their graphs' ids
    hand: dict[int, int] = field(default_factory=dict)  # id(Scalar) → the line its grad was set by hand
    unknown: dict[int, Unknown] = field(default_factory=dict)  # id(Scalar) → why its grad is unknown
    partial: dict[int, tuple[Value, set[int]]] = field(default_factory=dict)  # id(Scalar) → root, steps
    consumers: dict[int, dict[int, set[int]]] = field(default_factory=dict)  # id(root) → ``_consumers``
    claims: list[tuple[int, int, int, Scalar, str]] = field(default_factory=list)  # line, cols, value, label
    keep: list[object] = field(default_factory=list)


def _state(it: Interpreter) -> _State:
    if not isinstance(it.scalar_engines, _State):
        it.scalar_engines = _State()
    return it.scalar_engines


def engine_of(x: object) -> Engine | None:
    return x.engine if isinstance(x, Scalar) and isinstance(x.engine, Engine) else None


# ---- the classes -------------------------------------------------------------------------------------------
def imported(it: Interpreter, name: str) -> Engine | None:
    """The engine of an imported dotted name (``micrograd.engine.Value``): a class ``Value`` /
    ``Scalar`` of a package named ``…grad`` (micrograd, minigrad, nanograd…, not HIPS autograd) or of
    a module ``engine`` / ``value`` / ``scalar`` (micrograd's file copied beside the notes:
    ``from engine import Value``)."""
    parts = [p.lower() for p in name.split(".")]
    if len(parts) < 2 or name.split(".")[-1] not in ENGINE_NAMES or parts[0] == "autograd":
        return None
    if not parts[0].endswith("grad") and parts[-2] not in _ENGINE_MODULES:
        return None
    state = _state(it)
    return state.imported.setdefault(name, Engine(parts[-1]))


def micrograd_shape(node: ast.ClassDef) -> list[str] | None:
    """The ``__init__`` parameters (after self) of a class shaped as micrograd's ``Value`` (data first,
    then its children; ``__add__`` or ``__mul__`` defined), else None."""
    if node.keywords or any(not (isinstance(b, ast.Name) and b.id == "object") for b in node.bases):
        return None
    methods = {s.name: s for s in node.body if isinstance(s, ast.FunctionDef)}
    init = methods.get("__init__")
    if init is None or not ({"__add__", "__mul__"} & set(methods)):
        return None
    names = [a.arg for a in init.args.posonlyargs + init.args.args][1:]
    if len(names) < 2 or names[0] not in _DATA_NAMES or not set(names[1:]) & _CHILDREN_NAMES:
        return None
    return names


def define_class(it: Interpreter, node: ast.ClassDef) -> object:
    """``class Value:`` shaped as micrograd's: the class (its methods kept, never walked) as an engine;
    any other class as ``code_classes`` reads it."""
    kind = code_classes.define_class(it, node)
    parameters = micrograd_shape(node)
    if parameters is None or not isinstance(kind, _Class):
        return kind
    methods = {s.name: s for s in node.body if isinstance(s, ast.FunctionDef)}
    differs = {name: why for name, s in methods.items() if (why := _not_micrograd(node.name, name, s))}
    engine = Engine(node.name, kind, parameters, frozenset(methods), differs,
                    _data_attribute(methods["__init__"], parameters[0]))
    _state(it).engines[id(kind)] = engine
    return kind


def _data_attribute(init: ast.FunctionDef, parameter: str) -> str:
    """The attribute ``__init__`` keeps its data parameter in (``self.data = data``), "data" if none."""
    for n in ast.walk(init):
        if isinstance(n, ast.Assign) and isinstance(n.value, ast.Name) and n.value.id == parameter:
            for t in n.targets:
                if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self":
                    return t.attr
    return "data"


def engine_class(it: Interpreter, kind: object) -> Engine | None:
    return _state(it).engines.get(id(kind)) if isinstance(kind, _Class) else None


def _not_micrograd(cls: str, name: str, method: ast.FunctionDef) -> str:
    """Why a method's forward computation is not micrograd's (``__mul__`` computing no product), or ""."""
    forward = _forward(cls, method)
    steps = any(isinstance(n, ast.Call) and "backward" in _called(n) for n in ast.walk(method))
    if name == "backward" and not steps:
        return f"{cls}.backward the document defines calls no node's _backward: not read"
    if name in _SHAPES:
        wanted = _SHAPES[name]
        if not any(isinstance(n, (ast.BinOp, ast.UnaryOp)) and isinstance(n.op, wanted)
                   for e in forward for n in ast.walk(e)):
            return f"{cls}.{name} the document defines does not compute as micrograd's: not read"
    if name in _CALLED:
        called = {_called(n) for e in forward for n in ast.walk(e) if isinstance(n, ast.Call)}
        compares = any(isinstance(n, (ast.Compare, ast.IfExp)) for e in forward for n in ast.walk(e))
        if not (called & set(_CALLED[name]) or (name == "relu" and compares)):
            return f"{cls}.{name} the document defines does not compute as micrograd's: not read"
    return ""


def _forward(cls: str, method: ast.FunctionDef) -> list[ast.expr]:
    """The expressions of a method's forward computation: its own assignments and returns, and the data
    it makes a new value of (not the nested ``_backward``)."""
    found: list[ast.expr] = []
    stack: list[ast.AST] = list(method.body)
    while stack:
        n = stack.pop()
        if isinstance(n, (ast.FunctionDef, ast.Lambda, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        if isinstance(n, (ast.Assign, ast.Return, ast.AugAssign, ast.AnnAssign)) and n.value is not None:
            targets = n.targets if isinstance(n, ast.Assign) else [getattr(n, "target", None)]
            if not any(isinstance(t, ast.Attribute) and t.attr in ("grad", "_backward") for t in targets):
                found.append(n.value)
            continue
        if isinstance(n, ast.Call) and _called(n) == cls and n.args:
            found.append(n.args[0])
        stack += list(ast.iter_child_nodes(n))
    return found


def _called(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def _needs(engine: Engine, method: str, line: int) -> Unknown | None:
    """Unknown when the document's class does not define ``method`` or does not compute it as micrograd."""
    if engine.defined is None:
        return None
    if method not in engine.defined:
        return Unknown(f"the class {engine.name} (it defines no {method})", line)
    if method in engine.differs:
        return Unknown(engine.differs[method], line)
    return None


# ---- values ---------------------------------------------------------------------------------------------
def construct(it: Interpreter, engine: Engine, args: list, keywords: dict, node: ast.AST) -> object:
    """``Value(2.0, label='a')``: a leaf of the engine."""
    names = engine.parameters or ["data", "_children", "_op", "label"]
    given = dict(zip(names, args)) | keywords
    data = given.get(names[0], given.get("data"))
    children = next((given[k] for k in _CHILDREN_NAMES if k in given), ())
    for x in (data, children):
        if isinstance(x, Unknown):
            return x
    if _holds_values(children):
        return Unknown(f"a {engine.name} made with its children by hand", it.at(node))
    if isinstance(data, Scalar) and data.engine is not None:
        return Unknown(f"a {engine.name} of a {engine.name}", it.at(node))
    number = data.data if isinstance(data, Scalar) else data
    if not isinstance(number, (int, float)) or isinstance(number, bool):
        return Unknown(f"a {engine.name} of a value that is not one number", it.at(node))
    box = Scalar(Value(float(number)), requires_grad=True, grad=[], engine=engine)
    it.leaves[id(box.value)] = box
    label = given.get("label")
    if isinstance(label, str) and label.isidentifier():
        it.bind_name(box, label)
    return box


def _holds_values(children: object) -> bool:
    """Children given by hand that are values of the class (``Value(5.0, (a, b))``); a string or an
    empty tuple makes a leaf (``Value(d.data + h, 'd2')``: the label passed as the children)."""
    items = children if isinstance(children, (set, tuple, list)) else [children]
    return any(isinstance(c, Scalar) and c.engine is not None or isinstance(c, Unknown) for c in items)


def _node(it: Interpreter, engine: Engine, out: Scalar) -> Scalar:
    out.engine, out.requires_grad, out.grad = engine, True, []
    it.leaves[id(out.value)] = out
    return out


def operation(it: Interpreter, op: str, operands: list, node: ast.AST, method: str | None = None) -> object:
    """``a * b``, ``2 + a``, ``-a``, ``a.tanh()`` on the engine's values (``method``: called as one)."""
    engine = next(e for x in operands if (e := engine_of(x)) is not None)
    line = it.at(node)
    if method is None and op in _BINARY and len(operands) == 2:
        method = _BINARY[op][0] if engine_of(operands[0]) is not None else _BINARY[op][1]
    elif method is None and op == "neg":
        method = "__neg__"
    elif method is None:
        return Unknown(f"the function {op} of a {engine.name} (its values take the method .{op}())", line)
    missing = _needs(engine, method, line)
    if missing is not None:
        return missing
    if op == "pow" and (isinstance(operands[1], Scalar) and operands[1].engine is not None
                        or engine_of(operands[0]) is None):
        return Unknown(f"a power of a {engine.name} by a {engine.name} (micrograd takes number powers only)",
                       line)
    out = scalar_op(op, [x if isinstance(x, Scalar) else float(x) for x in operands])
    if isinstance(out, Unknown):
        return Unknown(out.reason, line)
    if not isinstance(out, Scalar):
        return out
    return _node(it, engine, out)


def attribute(it: Interpreter, box: Scalar, attr: str, node: ast.AST) -> object:
    """``x.data`` (the node), ``x.grad``, ``x.label``; a method bound to the value otherwise."""
    engine = engine_of(box)
    if attr == (engine.data if engine else "data"):  # a plain number of the same node: Python's arithmetic
        return Scalar(box.value)
    if attr == "grad":
        return grad(it, box, node)
    if attr == "label":
        return it.names.get(id(box.value), "")
    if attr in _CHILDREN_NAMES:  # ``c._prev``: the set of its children
        return {it.leaves[id(p)] for p in box.value.parents if id(p) in it.leaves}
    methods = {*FUNCTIONS, "backward", "_backward", *(engine.defined if engine and engine.defined else ())}
    if attr in methods:
        return _Bound(box, attr)
    return Unknown(f"the attribute .{attr} of a {engine.name if engine else 'value'}", it.at(node))


def grad(it: Interpreter, box: Scalar, node: ast.AST) -> object:
    """``x.grad``: what backward() or the hand left in it, or why it is unknown."""
    return unknown_grad(it, box, it.at(node)) or it.grad_of(box, node)


def unknown_grad(it: Interpreter, box: Scalar, line: int) -> Unknown | None:
    """Why the gradient a value holds is not known (set by hand onto, a partial sum), or None."""
    state = _state(it)
    if id(box) in state.unknown:
        return state.unknown[id(box)]
    if id(box) in state.partial:
        root, done = state.partial[id(box)]
        feeds = len(_consumers(state, root).get(id(box.value), ()))
        return Unknown(f"a partial sum of a gradient (the _backward() steps of {len(done)} of the {feeds} "
                       "nodes it feeds done)", line)
    return None


def set_attribute(it: Interpreter, box: Scalar, attr: str, value: object, node: ast.stmt) -> bool:
    """``x.label = 'e'``, ``x.grad = …`` set by hand; False for what the interpreter does itself
    (``x.data = …``)."""
    if attr == "label" and isinstance(value, str):
        if value.isidentifier():  # a label that is no name (``'x1*w1'``) leaves the Python name
            it.names[id(box.value)] = value
            it.values[id(box.value)] = box.value
        return True
    if attr == "grad":
        _hand_grad(it, box, value, node)
        return True
    engine = engine_of(box)
    data = engine.data if engine is not None else "data"
    if attr == data and data != "data":  # ``x.value = …`` of a class keeping its data there: an update
        number = isinstance(value, (Scalar, int, float)) and not isinstance(value, bool)
        if number:
            it.replace(box, value)  # type: ignore[arg-type]
        return number
    return attr != "data"


def _hand_grad(it: Interpreter, box: Scalar, value: object, node: ast.stmt) -> None:
    """A gradient set by hand: a reset (the number 0), a root (1 outside every earlier root's graph) or
    the text's claim of d(root)/d(node)."""
    state = _state(it)
    line = it.at(node)
    state.unknown.pop(id(box), None)
    state.hand.pop(id(box), None)
    state.partial.pop(id(box), None)
    number = value.data if isinstance(value, Scalar) else value
    if not isinstance(number, (int, float)) or isinstance(number, bool):
        reason = value.reason if isinstance(value, Unknown) else "a value that is not one number"
        state.unknown[id(box)] = Unknown(f"a gradient set by hand to {reason}", line)
        return
    if number == 0 and not isinstance(value, Scalar):  # ``p.grad = 0.0``: a reset, no claim
        box.grad = []
        return
    root = next((r for r, ids in reversed(state.roots) if id(box.value) in ids), None)
    if root is None and number == 1:
        state.roots.append((box.value, {id(v) for v in topological_order(box.value)}))
        box.grad = [(box.value, box.value)]
        return
    if root is None:
        state.unknown[id(box)] = Unknown(f"a gradient set by hand at line {line} (of no root whose .grad was "
                                         "set to 1 by hand)", line)
        return
    box.grad = [(root, box.value)]
    state.hand[id(box)] = line
    rhs = getattr(node, "value", None)
    if isinstance(node, ast.Assign) and _literal(rhs):
        claim = Scalar(box.value, derivative=(root, box.value))  # a row names it: never computed here
        state.keep.append(claim)
        name = it.names.get(id(box.value), "x")
        state.claims.append((it.line0 + rhs.lineno, rhs.col_offset, rhs.end_col_offset or 0, claim,
                             f"{name}.grad"))


def _literal(node: object) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    return isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(
        node.value, bool) and getattr(node, "end_lineno", None) == getattr(node, "lineno", None)


def hand_claims(it: Interpreter) -> list[tuple[int, int, int, Scalar, str]]:
    """The numbers set by hand as gradients: (line, first and end column, the claim, its label)."""
    return list(_state(it).claims) if isinstance(it.scalar_engines, _State) else []


def method(it: Interpreter, box: Scalar, name: str, args: list, node: ast.AST) -> object:
    """``L.backward()``, ``n.tanh()``, ``o._backward()``; any other method is unknown, with why."""
    engine = engine_of(box)
    assert engine is not None
    line = it.at(node)
    if name == "backward" and not args:
        missing = _needs(engine, "backward", line)
        if missing is not None and "backward" in engine.differs:  # the document's own backward: it ran,
            state = _state(it)  # and what it left in the gradients of the graph is not known
            for v in topological_order(box.value):
                node = it.leaves.get(id(v))
                if node is not None and node.engine is not None and node.value is v:
                    state.unknown[id(node)] = missing
            return None
        if missing is not None:
            return missing
        _backward(it, box, line)
        return None
    if name in FUNCTIONS and not args:
        return operation(it, name, [box], node, method=name)
    if name == "_backward" and not args:
        _step_by_hand(it, box, line)
        return None
    mine = engine.defined is not None and name in engine.defined
    why = "the document's own method, not micrograd's" if mine else "not a method micrograd's values have"
    return Unknown(f"the method .{name}() of a {engine.name} ({why})", line)


def _backward(it: Interpreter, root: Scalar, at: int) -> None:
    """Every node of root's graph accumulates d(root)/d(node); root's own gradient is 1."""
    state = _state(it)
    for v in topological_order(root.value):
        box = it.leaves.get(id(v))
        if box is None or box.engine is None or box.value is not v:
            continue
        if box is root:
            box.grad = [(v, v)]
            state.unknown.pop(id(box), None)
            state.hand.pop(id(box), None)
            state.partial.pop(id(box), None)
        elif id(box) in state.partial:
            del state.partial[id(box)]
            reason = "backward() accumulating onto a partial sum of _backward() steps"
            state.unknown[id(box)] = Unknown(reason, at)
        elif id(box) in state.hand:
            line = state.hand.pop(id(box))
            reason = f"backward() accumulating onto the gradient set by hand at line {line}"
            state.unknown[id(box)] = Unknown(reason, at)
        elif id(box) not in state.unknown:
            box.grad = (box.grad or []) + [(root.value, v)]


def _step_by_hand(it: Interpreter, top: Scalar, line: int) -> None:
    """``o._backward()``: one local step of backprop by hand, adding d(top)/d(child)·top.grad to each
    child's gradient. When top's gradient is d(root)/d(top), a child has the whole d(root)/d(child) once
    the steps of every node of root's graph it feeds are done; before, a partial sum (unknown, with why);
    a step from a node whose gradient is not such a derivative leaves its children's unknown."""
    state = _state(it)
    root = _complete_root(state, top)
    for child in dict.fromkeys(top.value.parents):  # ``a * a``: one child, both terms in one step
        box = it.leaves.get(id(child))
        if box is None or box.engine is None or box.value is not child:
            continue
        if root is None:
            state.partial.pop(id(box), None)
            state.unknown[id(box)] = Unknown("a _backward() step by hand from a node whose gradient is not "
                                             "known", line)
            continue
        _add_step(state, box, root, top.value, line)


def _complete_root(state: _State, top: Scalar) -> Value | None:
    """The root when top's gradient is d(root)/d(top) whole, else None."""
    if id(top) in state.unknown or id(top) in state.partial or not top.grad or len(top.grad) != 1:
        return None
    of, wrt = top.grad[0]
    return of if wrt is top.value else None


def _consumers(state: _State, root: Value) -> dict[int, set[int]]:
    """id(node) → the ids of the nodes of root's graph it feeds (once per root: linear)."""
    if id(root) not in state.consumers:
        feeds: dict[int, set[int]] = {}
        for v in topological_order(root):
            for p in v.parents:
                feeds.setdefault(id(p), set()).add(id(v))
        state.consumers[id(root)] = feeds
        state.keep.append(root)
    return state.consumers[id(root)]


def _add_step(state: _State, box: Scalar, root: Value, top: Value, line: int) -> None:
    held = state.partial.get(id(box))
    if held is None and (box.grad or id(box) in state.unknown or id(box) in state.hand):
        state.unknown[id(box)] = Unknown("a _backward() step by hand adding onto a gradient already there",
                                         line)
        return
    if held is not None and (held[0] is not root or id(top) in held[1]):
        del state.partial[id(box)]
        state.unknown[id(box)] = Unknown("_backward() steps by hand adding twice onto one gradient", line)
        return
    done = held[1] if held is not None else set()
    done.add(id(top))
    if done >= _consumers(state, root).get(id(box.value), set()):
        state.partial.pop(id(box), None)
        box.grad = [(root, box.value)]
    else:
        state.partial[id(box)] = (root, done)


def shown(it: Interpreter, box: Scalar, how: str, node: ast.AST) -> object:
    """A printed value: the document's ``__repr__``/``__str__`` walked on its data, grad and label, or
    micrograd's ``Value(data=…, grad=…)``."""
    engine = engine_of(box)
    assert engine is not None
    name = it.names.get(id(box.value), "x")
    g = grad(it, box, node)
    if engine.kind is None:
        parts: list[tuple[object, str]] = [(f"{engine.name}(data=", ""), (box, f"{name}.data")]
        if it.reprs_with_grad:
            parts += [(", grad=", ""), (g, f"{name}.grad")]
        return _Text([*parts, (")", "")])
    attributes = {"data": box, engine.data: box, "grad": g, "label": it.names.get(id(box.value), ""),
                  "_op": "", "_prev": set()}
    proxy = _Object(engine.kind, attributes)
    text = code_classes.displayed(it, proxy, how, node)
    if not isinstance(text, _Text):
        return text
    labels = {id(box): f"{name}.{engine.data}", id(g): f"{name}.grad"}
    return _Text([(v, labels.get(id(v), label)) for v, label in text.parts])
