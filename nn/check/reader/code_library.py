"""The library calls the code interpreter knows: constructors, math functions, autodiff APIs.

``reader.interpreter`` walks the code; every call of an imported name (``torch.tensor``,
``jnp.sin``, ``jax.grad``, ``tf.GradientTape``) and every method of a value (``y.backward()``,
``tape.gradient(z, [w, b])``, ``w.grad.zero_()``) is decided here, by the dotted name the code
imported. A call not listed gives an ``Unknown`` naming it ("torch.randn"): nothing is imported or
run. Array calls go to the interpreter's extensions (``interpreter.EXTENSIONS``).
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable
from dataclasses import dataclass

from autograd import Value
from autograd.engine import topological_order
from nn.check.reader import code_classes, scalar_engines
from nn.check.reader.code_classes import (
    class_builtin,
    get_attribute,
    object_operation,
)
from nn.check.reader.interpreter import (
    _BINARY_FUNCTIONS,
    _NO_GRAD,
    _UNARY_FUNCTIONS,
    EXTENSIONS,
    MAX_WORK,
    Interpreter,
    Scalar,
    Unknown,
    _Bound,
    _Function,
    _Module,
    _Tape,
    _Text,
    _Transform,
    _VjpFunction,
    format_parts,
)
from nn.check.reader.pytrees import gradient_tree, is_tree, tree_leaves, with_leaves
from nn.check.reader.tensor_extension import install as install_arrays
from nn.check.reader.tensors import Tensor

__all__ = ["library_call", "method_call", "differentiate", "vjp_cotangents", "call_with_rule",
           # the classes the code defines (``reader.code_classes``), reached through the library too
           "define_class", "call_object", "get_attribute", "object_operation", "displayed",
           # micrograd-style scalar classes (``reader.scalar_engines``)
           "engine_operation", "engine_attribute", "engine_set_attribute"]

_NUMERIC_ROOTS = {"math", "numpy", "torch", "tensorflow", "jax", "autograd", "scipy", "F", "cmath",
                  "tinygrad", "teenygrad"}  # tinygrad's Tensor of one number: PyTorch's API
_CONSTRUCTORS = {"tensor", "Variable", "constant", "array", "asarray", "float32", "float64", "float16",
                 "as_tensor", "convert_to_tensor", "scalar_tensor", "Tensor", "double"}
_FLOAT32_ROOTS = {"torch", "tensorflow", "jax", "tinygrad", "teenygrad"}


def _root(name: str) -> str:
    return name.split(".")[0]


def _scalar_like(x: object) -> bool:
    return isinstance(x, Scalar) or (isinstance(x, (int, float)) and not isinstance(x, bool))


def _one(x: object) -> object:
    """``[2.0]`` (a one-element list, nested or not) → ``2.0``; anything else as it is."""
    while isinstance(x, (list, tuple)) and len(x) == 1:
        x = x[0]
    return x


def library_call(it: Interpreter, name: str, args: list, keywords: dict, node: ast.AST) -> object:
    last, root = name.split(".")[-1], _root(name)
    if root == "builtins":
        return _builtin(it, last, args, node)
    engine = scalar_engines.imported(it, name)
    if engine is not None:
        return scalar_engines.construct(it, engine, args, keywords, node)
    for x in [*args, *keywords.values()]:
        if isinstance(x, Unknown) and last != "GradientTape":
            return x
    if last in _CONSTRUCTORS and root in _NUMERIC_ROOTS:
        return _construct(it, name, args, keywords, node)
    special = _SPECIAL.get(last)
    out = special(it, name, args, keywords, node) if special is not None else NotImplemented
    if out is NotImplemented:
        out = _function(it, name, args, keywords, node)
    return out


def _function(it: Interpreter, name: str, args: list, keywords: dict, node: ast.AST) -> object:
    """A function of the operation table (``jnp.sin``, ``F.relu``), an extension's, or unknown."""
    last, root = name.split(".")[-1], _root(name)
    function = _UNARY_FUNCTIONS.get(last) if len(args) == 1 else _BINARY_FUNCTIONS.get(last)
    if function is not None and root in _NUMERIC_ROOTS and not keywords:
        out = it.operate(function, list(args), node)
        if isinstance(out, Scalar) and root in _FLOAT32_ROOTS:
            f32 = any(isinstance(a, Scalar) and a.float32 for a in args)
            out.float32 = out.float32 or f32 or root != "torch"
        return out
    for extension in EXTENSIONS:
        out = extension.construct(name, args, keywords)
        if out is not NotImplemented:
            return out
    plain = not any(isinstance(a, Scalar) for a in args)
    if last in ("arange", "linspace") and root in _NUMERIC_ROOTS and plain:
        return _number_list(it, name, args, keywords, node)
    return Unknown(name, it.at(node))


def _is_function(x: object) -> bool:
    return not _scalar_like(x) and not isinstance(x, (list, tuple, dict))


def _grad_call(it: Interpreter, name: str, args: list, keywords: dict, node: ast.AST) -> object:
    """``jax.grad(f)`` / HIPS ``grad(f)``: a transform; ``torch.autograd.grad(loss, w)``: derivatives."""
    if not args:
        return NotImplemented
    if _is_function(args[0]):
        return _transform(it, name, args, keywords, node)
    return _torch_grad(it, args, node)


def _transform_call(it: Interpreter, name: str, args: list, keywords: dict, node: ast.AST) -> object:
    return _transform(it, name, args, keywords, node) if args and _is_function(args[0]) else NotImplemented


def _loop_call(it: Interpreter, name: str, args: list, keywords: dict, node: ast.AST) -> object:
    return _lax_loop(it, name.split(".")[-1], args, node) if len(args) in (3, 4) else NotImplemented


def _vmap_call(it: Interpreter, name: str, args: list, keywords: dict, node: ast.AST) -> object:
    return _Transform("map", args[0], line=it.at(node)) if args else NotImplemented


def _optimizer_call(it: Interpreter, name: str, args: list, keywords: dict, node: ast.AST) -> object:
    return _optimizer(it, args, keywords, node) if args else NotImplemented


def _tape_call(it: Interpreter, name: str, args: list, keywords: dict, node: ast.AST) -> object:
    return _Tape(bool(keywords.get("persistent", False)))


def _no_grad_call(it: Interpreter, name: str, args: list, keywords: dict, node: ast.AST) -> object:
    return _NO_GRAD


def _jvp_call(it: Interpreter, name: str, args: list, keywords: dict, node: ast.AST) -> object:
    if not args:
        return NotImplemented
    return (_jvp if name.endswith("jvp") else _vjp)(it, args, node)


def _detach_call(it: Interpreter, name: str, args: list, keywords: dict, node: ast.AST) -> object:
    if len(args) == 1 and isinstance(args[0], Scalar):
        return Scalar(Value(args[0].data), args[0].float32)
    return NotImplemented


def _loss_call(it: Interpreter, name: str, args: list, keywords: dict, node: ast.AST) -> object:
    return _loss(it, name.split(".")[-1], args, node) if len(args) == 2 else NotImplemented


_SPECIAL = {
    "grad": _grad_call, "value_and_grad": _transform_call, "jit": _transform_call,
    "elementwise_grad": _transform_call, "derivative": _transform_call, "while_loop": _loop_call,
    "fori_loop": _loop_call, "vmap": _vmap_call, "SGD": _optimizer_call,
    "GradientDescentOptimizer": _optimizer_call,
    "GradientTape": _tape_call, "no_grad": _no_grad_call, "stop_recording": _no_grad_call,
    "inference_mode": _no_grad_call, "jvp": _jvp_call, "vjp": _jvp_call, "stop_gradient": _detach_call,
    "detach": _detach_call, "binary_cross_entropy": _loss_call, "mse_loss": _loss_call, "l1_loss": _loss_call,
}


@dataclass
class _Optimizer:
    """``torch.optim.SGD([w, b], lr=0.1)``: plain gradient descent on the tensors given."""

    params: list[Scalar]
    lr: object


def _optimizer(it: Interpreter, args: list, keywords: dict, node: ast.AST) -> object:
    params = args[0] if isinstance(args[0], (list, tuple)) else [args[0]]
    lr = keywords.get("lr", keywords.get("learning_rate", args[1] if len(args) > 1 else None))
    momentum = keywords.get("momentum", 0)
    if not all(isinstance(p, Scalar) for p in params) or not _scalar_like(lr) or momentum not in (0, 0.0):
        return Unknown("an optimizer of values not known while reading", it.at(node))
    return _Optimizer(list(params), lr)


def _optimizer_method(it: Interpreter, optimizer: _Optimizer, name: str, node: ast.AST) -> object:
    if name == "zero_grad":
        for p in optimizer.params:
            p.grad = None
        return None
    if name == "step":
        for p in optimizer.params:
            g = it.grad_of(p, node)
            if isinstance(g, Unknown):
                return g
            if g is not None:
                new = it.operate("sub", [p, it.operate("mul", [optimizer.lr, g], node)], node)
                if isinstance(new, Scalar):
                    it.replace(p, new)
        return None
    return Unknown(f"the optimizer's .{name}()", it.at(node))


def _number_list(it: Interpreter, name: str, args: list, keywords: dict, node: ast.AST) -> object:
    """``arange(0, 10, 2)``, ``linspace(0, 1, 5)`` of plain numbers, when no extension makes arrays:
    a list of numbers (printed element by element, mapped over by ``vmap``)."""
    if keywords.get("requires_grad") or not all(isinstance(a, (int, float)) and not isinstance(a, bool)
                                                for a in args) or not 1 <= len(args) <= 3:
        return Unknown(name, it.at(node))
    f32 = _root(name) in _FLOAT32_ROOTS
    if name.endswith("linspace"):
        if len(args) != 3 or type(args[2]) is not int or not 1 <= args[2] <= MAX_WORK:
            return Unknown(name, it.at(node))
        a, b, n = float(args[0]), float(args[1]), args[2]
        points = [a + (b - a) * k / (n - 1) if n > 1 else a for k in range(n)]
    else:
        start, stop, step = (0, args[0], 1) if len(args) == 1 else (*args, 1)[:3]
        if not step or abs((stop - start) / step) > MAX_WORK:
            return Unknown(name, it.at(node))
        count = max(0, math.ceil((stop - start) / step))
        points = [start + k * step for k in range(count)]
    out = [Scalar(Value(float(p)), f32) for p in points]
    for k, x in enumerate(out):
        it.hint(x, f"{name.split('.')[-1]}_{k}")
    return out


def _lax_loop(it: Interpreter, name: str, args: list, node: ast.AST) -> object:
    """``jax.lax.while_loop(cond, body, init)`` and ``fori_loop(lower, upper, body, init)``, under the
    work budget."""
    if name == "fori_loop":
        lower, upper, body, carry = args
        if not (type(lower) is int and type(upper) is int and upper - lower <= MAX_WORK):
            return Unknown("a fori_loop with bounds not known while reading", it.at(node))
        for k in range(lower, upper):
            it.tick()
            carry = it.apply(body, [k, carry], {}, node)
        return carry
    cond, body, carry = args
    while True:
        it.tick()
        truth = it.apply(cond, [carry], {}, node)
        if isinstance(truth, Unknown) or not isinstance(truth, bool):
            return truth if isinstance(truth, Unknown) else Unknown("a while_loop condition", it.at(node))
        if not truth:
            return carry
        carry = it.apply(body, [carry], {}, node)


def _builtin(it: Interpreter, name: str, args: list, node: ast.AST) -> object:
    """Python's own functions on values known while reading."""
    call = _BUILTIN_CALLS.get(name)
    out = call(it, args, node) if call is not None else class_builtin(it, name, args, node)
    if out is NotImplemented:  # sum(an unknown list): why the list is unknown, not "the function sum"
        return next((a for a in args if isinstance(a, Unknown)), Unknown(f"the function {name}", it.at(node)))
    return out


def _range(it: Interpreter, args: list, node: ast.AST) -> object:
    if not args or not all(type(a) is int or (isinstance(a, Scalar) and a.integer) for a in args):
        return NotImplemented
    try:
        r = range(*[a if type(a) is int else int(a.data) for a in args])
        if len(r) <= MAX_WORK:
            return r
    except (ValueError, OverflowError, TypeError):  # range(0, 5, 0); a length beyond an index
        pass
    return Unknown("a range that is empty of sense or too long for the work budget", it.at(node))


def _same_number(it: Interpreter, args: list, node: ast.AST) -> object:
    """``float(x)``, ``round(x, 4)``: the same number (the printed digits are x at that precision)."""
    if args and isinstance(args[0], Scalar):
        return args[0]
    if len(args) == 1 and _scalar_like(args[0]):
        return float(args[0])
    return NotImplemented


def _rounded(it: Interpreter, args: list, node: ast.AST) -> object:
    """``round(x, 4)``: the same number (its print shows the digits kept); ``round(x)``,
    ``jnp.round(x)``: the nearest whole number (half to even, as Python and numpy round), a constant
    of the graph: its derivative is 0, as in JAX and PyTorch."""
    if len(args) != 1 or not isinstance(args[0], Scalar):
        return _same_number(it, args, node)
    return Scalar(Value(float(round(args[0].value.data))), args[0].float32)


def _int(it: Interpreter, args: list, node: ast.AST) -> object:
    return int(args[0]) if len(args) == 1 and isinstance(args[0], (int, float)) else NotImplemented


def _sequence(kind: type) -> Callable[[Interpreter, list, ast.AST], object]:
    def make(it: Interpreter, args: list, node: ast.AST) -> object:
        ok = len(args) == 1 and isinstance(args[0], (list, tuple, range))
        return kind(args[0]) if ok else NotImplemented
    return make


def _len(it: Interpreter, args: list, node: ast.AST) -> object:
    return len(args[0]) if len(args) == 1 and isinstance(args[0], (list, tuple, range)) else NotImplemented


def _operation(op: str, arity: int) -> Callable[[Interpreter, list, ast.AST], object]:
    def apply(it: Interpreter, args: list, node: ast.AST) -> object:
        ok = len(args) == arity and all(_scalar_like(a) for a in args)
        return it.operate(op, list(args), node) if ok else NotImplemented
    return apply


def _sum(it: Interpreter, args: list, node: ast.AST) -> object:
    """``sum(xs)``, ``sum(xs, start)``: added left to right from the start (0), as Python adds."""
    if len(args) not in (1, 2) or not isinstance(args[0], (list, tuple)):
        return NotImplemented
    total: object = args[1] if len(args) == 2 else 0
    for x in args[0]:
        total = it.operate("add", [total, x], node)
    return total


def _extremum(op: str) -> Callable[[Interpreter, list, ast.AST], object]:
    """``max(a, b, c)``, ``max(xs)``, ``max(x for x in xs)``: two at a time, left to right."""
    def apply(it: Interpreter, args: list, node: ast.AST) -> object:
        items = args[0] if len(args) == 1 and isinstance(args[0], (list, tuple)) else args
        if len(items) < 2 and len(args) > 1 or not items or not all(_scalar_like(a) for a in items):
            return NotImplemented
        out = items[0]
        for x in items[1:]:
            out = it.operate(op, [out, x], node)
        return out
    return apply


def _zip(it: Interpreter, args: list, node: ast.AST) -> object:
    ok = args and all(isinstance(a, (list, tuple, range)) for a in args)
    return list(zip(*args)) if ok else NotImplemented


def _enumerate(it: Interpreter, args: list, node: ast.AST) -> object:
    return list(enumerate(args[0])) if len(args) == 1 and isinstance(args[0], (list, tuple, range)) \
        else NotImplemented


def _str(it: Interpreter, args: list, node: ast.AST) -> object:
    return _Text([(args[0], "")]) if len(args) == 1 else NotImplemented


_BUILTIN_CALLS: dict[str, Callable[[Interpreter, list, ast.AST], object]] = {
    "range": _range, "float": _same_number, "round": _rounded, "int": _int, "list": _sequence(list),
    "tuple": _sequence(tuple), "len": _len, "abs": _operation("abs", 1), "max": _extremum("max"),
    "min": _extremum("min"), "pow": _operation("pow", 2), "sum": _sum, "zip": _zip,
    "enumerate": _enumerate, "str": _str,
}


def _construct(it: Interpreter, name: str, args: list, keywords: dict, node: ast.AST) -> object:
    value = _one(args[0]) if args else keywords.get("initial_value", keywords.get("value"))
    if not _scalar_like(value):
        for extension in EXTENSIONS:
            out = extension.construct(name, args, keywords)
            if out is not NotImplemented:
                return out
        return Unknown(f"{name} of a value that is not one number", it.at(node))
    last, root = name.split(".")[-1], _root(name)
    f32 = _float32(name, keywords.get("dtype"))
    requires_grad = bool(keywords.get("requires_grad", False)) or (last == "Variable" and root == "torch")
    variable = last == "Variable" and root == "tensorflow"
    casts = ("float32", "float64", "array", "asarray", "double")
    if isinstance(value, Scalar) and not (requires_grad or variable) and last in casts:
        return Scalar(value.value, f32 or value.float32)  # np.float32(x): the same number, a dtype
    data = value.data if isinstance(value, Scalar) else float(value)  # type: ignore[arg-type]
    box = Scalar(Value(data), f32, requires_grad=requires_grad, variable=variable)
    it.hint(box, last.lower() if last.isidentifier() else "x")
    if requires_grad or variable:
        it.leaves[id(box.value)] = box
    return box


def _float32(name: str, dtype: object) -> bool:
    """Does a constructor make a float32 number (``np.float32``, ``dtype=tf.float32``, a framework's
    default)?"""
    dtype_name = dtype.name if isinstance(dtype, _Module) else str(dtype or "")
    last = name.split(".")[-1]
    wide = "64" in dtype_name or "double" in dtype_name or last == "double"
    return "float32" in dtype_name or last == "float32" or (_root(name) in _FLOAT32_ROOTS and not wide)


def _loss(it: Interpreter, name: str, args: list, node: ast.AST) -> object:
    a, y = (_one(x) for x in args)
    if not (_scalar_like(a) and _scalar_like(y)):
        return Unknown(f"{name} of arrays", it.at(node))
    if name == "mse_loss":
        return it.operate("pow", [it.operate("sub", [a, y], node), 2.0], node)
    if name == "l1_loss":
        return it.operate("abs", [it.operate("sub", [a, y], node)], node)
    log_a = it.operate("log", [a], node)
    log_1a = it.operate("log", [it.operate("sub", [1.0, a], node)], node)
    inner = it.operate("add", [it.operate("mul", [y, log_a], node),
                               it.operate("mul", [it.operate("sub", [1.0, y], node), log_1a], node)], node)
    return it.operate("neg", [inner], node)


# ---- methods -----------------------------------------------------------------------------------------------
_METHOD_OPS = {"exp": "exp", "log": "log", "tanh": "tanh", "sigmoid": "sigmoid", "relu": "relu", "abs": "abs",
               "sqrt": "sqrt", "square": "square", "sin": "sin", "cos": "cos", "neg": "neg"}
_METHOD_BINARY = {"add": "add", "sub": "sub", "mul": "mul", "div": "div", "pow": "pow", "maximum": "max",
                  "minimum": "min"}
_IN_PLACE = {"add_": "add", "sub_": "sub", "mul_": "mul", "div_": "div", "assign_add": "add",
             "assign_sub": "sub"}


def method_call(it: Interpreter, target: object, name: str, args: list, keywords: dict,
                node: ast.AST) -> object:
    if isinstance(target, Unknown):
        return target
    if isinstance(target, Scalar):
        return _value_method(it, target, name, args, node)
    if isinstance(target, _Tape):
        return _tape_method(it, target, name, args, node)
    if isinstance(target, _Function):
        return _rule_method(it, target, name, args, node)
    if isinstance(target, _Optimizer):
        return _optimizer_method(it, target, name, node)
    out = _builtin_method(it, target, name, args, keywords, node)
    if out is not NotImplemented:
        return out
    for extension in EXTENSIONS:
        out = extension.operate(name, [target, *args], keywords)  # x.sum(dim=0): the keywords matter
        if out is not NotImplemented:
            return out
    return Unknown(f"the method .{name}()", it.at(node))


def _builtin_method(it: Interpreter, target: object, name: str, args: list, keywords: dict,
                    node: ast.AST) -> object:
    """A method of a Python str, list, set or dict the reader follows (``'{}'.format``, ``.append``,
    ``.add``, ``.items()``); NotImplemented for any other."""
    if isinstance(target, str) and name == "format" and not keywords:
        parts = format_parts(target, args, [])
        return _Text(parts) if parts is not None else Unknown("a str.format", it.at(node))
    if isinstance(target, list) and name == "append" and len(args) == 1:
        target.append(args[0])
        return None
    if isinstance(target, set) and name == "add" and len(args) == 1 and not isinstance(args[0], Unknown):
        target.add(args[0])
        return None
    if isinstance(target, dict) and name in _DICT_VIEWS and not args:  # params.items(): in the keys' order
        return _DICT_VIEWS[name](target)
    return NotImplemented


_DICT_VIEWS: dict[str, Callable[[dict], list]] = {"items": lambda d: list(d.items()), "keys": list,
                                                  "values": lambda d: list(d.values())}


def _value_method(it: Interpreter, box: Scalar, name: str, args: list, node: ast.AST) -> object:
    """A method of one number: a micrograd-style value's (``reader.scalar_engines``) or a tensor's."""
    if box.engine is not None:
        return scalar_engines.method(it, box, name, args, node)
    return _scalar_method(it, box, name, args, node)


def _scalar_method(it: Interpreter, box: Scalar, name: str, args: list, node: ast.AST) -> object:
    if name == "backward":
        _backward(it, box)
        return None
    if name in ("item", "numpy", "tolist", "clone", "float", "squeeze", "flatten", "reshape", "view", "sum",
                "mean", "cpu", "to", "contiguous", "double") and name not in ("double",):
        return box
    if name == "detach":
        return Scalar(Value(box.data), box.float32)
    if name == "zero_":
        owner = it.grad_owners.get(id(box))
        if owner is not None and owner[0] is box:
            owner[1].grad = []
        return box
    if name == "requires_grad_":
        box.requires_grad = bool(args[0]) if args else True
        it.leaves[id(box.value)] = box
        return box
    if name in _METHOD_OPS and not args:
        return it.operate(_METHOD_OPS[name], [box], node)
    if name in _METHOD_BINARY and len(args) == 1:
        return it.operate(_METHOD_BINARY[name], [box, args[0]], node)
    if name in _IN_PLACE and len(args) == 1:
        out = it.operate(_IN_PLACE[name], [box, args[0]], node)
        if isinstance(out, Scalar):
            it.replace(box, out)
        return box
    if name == "assign" and len(args) == 1 and _scalar_like(args[0]):
        it.replace(box, args[0])
        return box
    return Unknown(f"the method .{name}()", it.at(node))


def _backward(it: Interpreter, box: Scalar) -> None:
    """``y.backward()``: every leaf that requires grad and that y depends on accumulates dy/dleaf."""
    for v in topological_order(box.value):
        leaf = it.leaves.get(id(v))
        if leaf is not None and leaf.value is v and leaf.requires_grad:
            leaf.grad = (leaf.grad or []) + [(box.value, v)]


def _tape_method(it: Interpreter, tape: _Tape, name: str, args: list, node: ast.AST) -> object:
    if name == "watch" and len(args) == 1:
        for x in args[0] if isinstance(args[0], (list, tuple)) else [args[0]]:
            if isinstance(x, Scalar):
                tape.watched.append(x.value)
        return None
    if name != "gradient" or len(args) != 2:
        return Unknown(f"the tape's .{name}()", it.at(node))
    target, sources = args
    if isinstance(target, (list, tuple)):
        total: object = 0.0
        for t in target:
            total = it.operate("add", [total, t], node)
        target = total
    if not isinstance(target, Scalar):
        return target if isinstance(target, Unknown) else Unknown(
            "a gradient of a value that is not a number", it.at(node))
    if isinstance(sources, (list, tuple)):
        return type(sources)(_tape_gradient(it, tape, target, s, node) for s in sources)
    return _tape_gradient(it, tape, target, sources, node)


def _tape_gradient(it: Interpreter, tape: _Tape, target: Scalar, source: object, node: ast.AST) -> object:
    if not isinstance(source, Scalar):
        return source if isinstance(source, Unknown) else Unknown(
            "a gradient with respect to a value that is not a number", it.at(node))
    if not (source.variable or any(w is source.value for w in tape.watched)):
        return None  # TensorFlow: a constant not watched has no gradient
    custom = it.custom.get(id(target.value))
    if custom is not None:
        return _custom_gradient(it, custom, source, node)
    if it.custom_inside(target.value):
        return Unknown("a custom derivative rule inside the function", it.at(node))
    if not any(v is source.value for v in topological_order(target.value)):
        return None
    d = it.derivative(target.value, source.value)
    if isinstance(d, Scalar):
        d.float32 = target.float32 or source.float32
    return d


def _custom_gradient(it: Interpreter, custom: tuple, source: Scalar, node: ast.AST) -> object:
    """A ``tf.custom_gradient`` function's result: its own gradient function at upstream 1."""
    args, gradient_function = custom
    positions = [k for k, a in enumerate(args) if isinstance(a, Scalar) and a.value is source.value]
    if not positions:
        return Unknown("a custom gradient of another variable", it.at(node))
    out = it.apply(gradient_function, [1.0], {}, node)
    if isinstance(out, (list, tuple)):
        out = out[positions[0]] if positions[0] < len(out) else Unknown("a custom gradient", it.at(node))
    return out


def _rule_method(it: Interpreter, function: _Function, name: str, args: list, node: ast.AST) -> object:
    if name == "defjvp" and len(args) == 1:
        function.rule = ("jvp", args[0])
        return args[0]
    if name == "defjvps":
        function.rule = ("jvps", list(args))
        return None
    if name == "defvjp" and len(args) == 2:
        function.rule = ("vjp", args[0], args[1])
        return None
    return _Bound(function, name) if name == "defjvp" else Unknown(f"the method .{name}()", it.at(node))


# ---- derivatives -----------------------------------------------------------------------------------------
def _transform(it: Interpreter, name: str, args: list, keywords: dict, node: ast.AST) -> object:
    last = name.split(".")[-1]
    if last == "jit":
        return _Transform("identity", args[0], line=it.at(node))
    argnums = keywords.get("argnums", args[1] if len(args) > 1 else 0)
    if isinstance(argnums, list):
        argnums = tuple(argnums)
    if not (type(argnums) is int or (isinstance(argnums, tuple) and all(type(a) is int for a in argnums))):
        return Unknown(f"{name} with argnums not known while reading", it.at(node))
    kind = "value_and_grad" if last == "value_and_grad" else "grad"
    transform = _Transform(kind, args[0], argnums, it.at(node))
    transform.float32 = _root(name) == "jax"  # type: ignore[attr-defined]
    return transform


def _parameter_names(function: object, n: int) -> list[str]:
    if isinstance(function, _Function):
        names = [a.arg for a in function.node.args.posonlyargs + function.node.args.args]
        if len(names) >= n:
            return names
    return ["x" if n == 1 else f"x{k + 1}" for k in range(n)]


def _leaves_for(it: Interpreter, function: object, args: list, positions: tuple[int, ...], f32: bool,
                node: ast.AST) -> list | Unknown:
    """The arguments with a fresh named leaf at each position differentiated."""
    names = _parameter_names(function, len(args))
    out = list(args)
    for k in positions:
        if k < len(args) and isinstance(args[k], Tensor) and not args[k].unknown and args[k].shape:
            fresh = [_fresh_leaf(it, Scalar(v), f"{names[k]}_{i}", f32) for i, v in enumerate(args[k].items)]
            out[k] = Tensor(args[k].shape, [leaf.value for leaf in fresh])  # jax.grad(f)(x) of an array x
            continue
        if k < len(args) and is_tree(args[k], _scalar_like):  # params = {'w': 0.5, 'b': 0.25} (pytrees)
            out[k] = with_leaves(args[k], [_fresh_leaf(it, x, f"{names[k]}{path}", f32)
                                           for path, x in tree_leaves(args[k], _scalar_like)], _scalar_like)
            continue
        if k >= len(args) or not _scalar_like(args[k]):
            return Unknown("a derivative with respect to a value that is not a number", it.at(node))
        if isinstance(args[k], Scalar) and (args[k].value.op is not None or id(args[k].value) in it.names):
            continue  # a value of the graph (grad(grad(f))(x): the outer derivative's variable): itself
        out[k] = _fresh_leaf(it, args[k], names[k], f32)
    return out


def _fresh_leaf(it: Interpreter, x: object, name: str, f32: bool) -> Scalar:
    data = x.data if isinstance(x, Scalar) else float(x)  # type: ignore[arg-type]
    leaf = Scalar(Value(data), f32 or (isinstance(x, Scalar) and x.float32))
    it.bind_name(leaf, name)
    return leaf


def _tree_derivative(it: Interpreter, out: object, at: object, node: ast.AST) -> object:
    """The derivative by one argument: a number's, or a pytree's leaf by leaf in its structure."""
    if _scalar_like(at):
        return _engine_derivative(it, out, at, node)  # type: ignore[arg-type]
    if isinstance(at, Tensor):  # an array's gradient: an array of the same shape
        each = [_engine_derivative(it, out, Scalar(v), node) for v in at.items]
        unknown = next((d for d in each if not isinstance(d, Scalar)), None)
        if unknown is not None:
            return unknown
        gradient = Tensor(at.shape, [d.value for d in each])
        gradient.derivatives = True  # type: ignore[attr-defined]  # the array reader cannot compute it
        return gradient
    leaves = [_engine_derivative(it, out, leaf, node) for _, leaf in tree_leaves(at, _scalar_like)]
    return gradient_tree(at, leaves, _scalar_like)


def differentiate(it: Interpreter, transform: _Transform, args: list, node: ast.AST) -> object:
    """``grad(f, argnums)(*args)`` and ``value_and_grad``: the engine's derivative of f's result, or
    the function's own custom rule."""
    argnums = transform.argnums
    positions = (argnums,) if type(argnums) is int else tuple(argnums)  # type: ignore[arg-type]
    f32 = getattr(transform, "float32", False) or any(isinstance(a, Scalar) and a.float32 for a in args)
    leaves = _leaves_for(it, transform.function, args, positions, f32, node)
    if isinstance(leaves, Unknown):
        return leaves
    function = transform.function
    rule = _rule_of(function)
    if rule is not None:
        out, derivatives = _by_rule(it, function, rule, leaves, positions, node)
    else:
        out = it.apply(function, leaves, {}, node)
        derivatives = [_tree_derivative(it, out, leaves[k], node) for k in positions]
    if isinstance(out, Unknown):
        return out
    for d in derivatives:
        for _, leaf in (tree_leaves(d, _scalar_like) if is_tree(d, _scalar_like) else [("", d)]):
            if isinstance(leaf, Scalar):
                leaf.float32 = leaf.float32 or f32
    result = derivatives[0] if type(argnums) is int else tuple(derivatives)
    return (out, result) if transform.kind == "value_and_grad" else result


def _engine_derivative(it: Interpreter, out: object, leaf: Scalar, node: ast.AST) -> object:
    if isinstance(out, Unknown):
        return out
    if not isinstance(out, Scalar):
        return Unknown("a derivative of a value that is not one number", it.at(node))
    if it.custom_inside(out.value):
        return Unknown("a custom derivative rule inside the function", it.at(node))
    return it.derivative(out.value, leaf.value)


def _rule_of(function: object) -> object:
    if isinstance(function, _Function) and function.rule not in (None, "pending"):
        return function.rule
    return None


def _by_rule(it: Interpreter, function: _Function, rule: object, args: list, positions: tuple[int, ...],
             node: ast.AST) -> tuple[object, list]:
    """A custom rule's derivatives: the JVP with a unit tangent, the VJP with cotangent 1, a
    ``tf.custom_gradient``'s gradient function at upstream 1."""
    kind = rule if rule == "tf" else rule[0]  # type: ignore[index]
    return _RULES[kind](it, function, rule, args, positions, node)  # type: ignore[index]


def _pair(x: object) -> bool:
    return isinstance(x, (list, tuple)) and len(x) == 2


def _picked(it: Interpreter, values: object, positions: tuple[int, ...], what: str, node: ast.AST) -> list:
    values = values if isinstance(values, (list, tuple)) else (values,)
    return [values[k] if k < len(values) else Unknown(what, it.at(node)) for k in positions]


def _tf_rule(it: Interpreter, function: _Function, rule: object, args: list, positions: tuple[int, ...],
             node: ast.AST) -> tuple[object, list]:
    result = it.call_function(function, args, {}, node, rule=False)
    if not _pair(result):
        return Unknown("a custom gradient", it.at(node)), []
    grads = it.apply(result[1], [1.0], {}, node)  # type: ignore[index]
    return result[0], _picked(it, grads, positions, "a custom gradient", node)  # type: ignore[index]


def _jvp_rule(it: Interpreter, function: _Function, rule: object, args: list, positions: tuple[int, ...],
              node: ast.AST) -> tuple[object, list]:
    out, derivatives = None, []
    for k in positions:
        tangents = tuple(1.0 if j == k else 0.0 for j in range(len(args)))
        pair = it.apply(rule[1], [tuple(args), tangents], {}, node)  # type: ignore[index]
        if not _pair(pair):
            return Unknown("a JVP rule", it.at(node)), []
        out = pair[0]  # type: ignore[index]
        derivatives.append(pair[1])  # type: ignore[index]
    return out, derivatives


def _jvps_rule(it: Interpreter, function: _Function, rule: object, args: list, positions: tuple[int, ...],
               node: ast.AST) -> tuple[object, list]:
    out = it.call_function(function, args, {}, node, rule=False)
    rules = rule[1]  # type: ignore[index]
    derivatives = []
    for k in positions:
        r = rules[k] if k < len(rules) else None
        derivatives.append(0.0 if r is None else it.apply(r, [1.0, out, *args], {}, node))
    return out, derivatives


def _vjp_rule(it: Interpreter, function: _Function, rule: object, args: list, positions: tuple[int, ...],
              node: ast.AST) -> tuple[object, list]:
    pair = it.apply(rule[1], list(args), {}, node)  # type: ignore[index]
    if not _pair(pair):
        return Unknown("a VJP rule", it.at(node)), []
    cotangents = it.apply(rule[2], [pair[1], 1.0], {}, node)  # type: ignore[index]
    return pair[0], _picked(it, cotangents, positions, "a VJP rule", node)  # type: ignore[index]


_RULES = {"tf": _tf_rule, "jvp": _jvp_rule, "jvps": _jvps_rule, "vjp": _vjp_rule}


def call_with_rule(it: Interpreter, function: _Function, args: list, node: ast.AST) -> object:
    """A function with a custom derivative rule, called (not differentiated): its result, marked so
    that a derivative through it is never the engine's guess."""
    result = it.call_function(function, args, {}, node, rule=False)
    if function.rule == "tf":
        if not (isinstance(result, (list, tuple)) and len(result) == 2):
            return Unknown("a custom gradient", it.at(node))
        value, gradient_function = result
        if isinstance(value, Scalar):
            value = Scalar(value.value * 1.0, value.float32)
            it.custom[id(value.value)] = (list(args), gradient_function)
            it.keep.append(value.value)
        return value
    if isinstance(result, Scalar):
        result = Scalar(result.value * 1.0, result.float32)
        it.custom[id(result.value)] = None
        it.keep.append(result.value)
    return result


def _torch_grad(it: Interpreter, args: list, node: ast.AST) -> object:
    """``torch.autograd.grad(y, x)`` / ``(y, [w, b])``: a tuple of derivatives."""
    target, sources = args[0], args[1]
    sources = list(sources) if isinstance(sources, (list, tuple)) else [sources]
    if not isinstance(target, Scalar) or not all(isinstance(s, Scalar) for s in sources):
        return Unknown("torch.autograd.grad of values that are not numbers", it.at(node))
    out = []
    for s in sources:
        d = it.derivative(target.value, s.value)
        if isinstance(d, Scalar):
            d.float32 = target.float32
        out.append(d)
    return tuple(out)


def _jvp(it: Interpreter, args: list, node: ast.AST) -> object:
    """``jvp(f, primals, tangents)``: (f(primals), the derivative along the tangents)."""
    if len(args) != 3 or not all(isinstance(a, (list, tuple)) for a in args[1:]):
        return Unknown("jvp with these arguments", it.at(node))
    function, primals, tangents = args[0], list(args[1]), list(args[2])
    f32 = True
    leaves = _leaves_for(it, function, primals, tuple(range(len(primals))), f32, node)
    if isinstance(leaves, Unknown):
        return leaves
    rule = _rule_of(function)
    if isinstance(rule, tuple) and rule[0] == "jvp":
        return it.apply(rule[1], [tuple(leaves), tuple(tangents)], {}, node)
    if isinstance(rule, tuple) and rule[0] == "jvps":
        return _jvps_tangent(it, function, rule[1], leaves, tangents, node)
    if rule is not None:
        return Unknown("jvp of a function with a custom rule", it.at(node))
    out = it.apply(function, leaves, {}, node)
    if not isinstance(out, Scalar):
        return out if isinstance(out, Unknown) else Unknown("jvp of a value that is not a number",
                                                            it.at(node))
    total: object = 0.0
    nonzero = [k for k, t in enumerate(tangents) if not (_scalar_like(t) and _number(t) == 0.0)]
    for k in nonzero:
        d = _engine_derivative(it, out, leaves[k], node)
        total = d if len(nonzero) == 1 and _number(tangents[k]) == 1.0 else it.operate(
            "add", [total, it.operate("mul", [d, tangents[k]], node)], node)
    if isinstance(total, Scalar):
        total.float32 = True
    return (out, total)


def _jvps_tangent(it: Interpreter, function: _Function, rules: list, primals: list, tangents: list,
                  node: ast.AST) -> object:
    """``jvp`` of a function given one rule per argument (``f.defjvps``): its value, and the sum of
    each rule at its tangent, ``rule(tangent, primal_out, *primals)``; a rule of None adds nothing."""
    out = it.call_function(function, primals, {}, node, rule=False)
    if not isinstance(out, Scalar):
        return out if isinstance(out, Unknown) else Unknown("jvp of a value that is not a number",
                                                            it.at(node))
    total: object = 0.0
    for k, tangent in enumerate(tangents):
        r = rules[k] if k < len(rules) else None
        if r is not None and not (_scalar_like(tangent) and _number(tangent) == 0.0):
            total = it.operate("add", [total, it.apply(r, [tangent, out, *primals], {}, node)], node)
    if isinstance(total, Scalar):
        total.float32 = True
    return (out, total)


def _vjp(it: Interpreter, args: list, node: ast.AST) -> object:
    """``vjp(f, *primals)``: (f(primals), a function of the cotangent)."""
    function, primals = args[0], list(args[1:])
    leaves = _leaves_for(it, function, primals, tuple(range(len(primals))), True, node)
    if isinstance(leaves, Unknown):
        return leaves
    rule = _rule_of(function)
    if isinstance(rule, tuple) and rule[0] == "vjp":
        pair = it.apply(rule[1], leaves, {}, node)
        if not (isinstance(pair, (list, tuple)) and len(pair) == 2):
            return Unknown("a VJP rule", it.at(node))
        return (pair[0], _VjpFunction(("rule", rule[2], pair[1]), leaves, it.at(node)))
    if rule is not None:
        return Unknown("vjp of a function with a custom rule", it.at(node))
    out = it.apply(function, leaves, {}, node)
    return (out, _VjpFunction(out, leaves, it.at(node)))


def vjp_cotangents(it: Interpreter, function: _VjpFunction, args: list, node: ast.AST) -> object:
    if len(args) != 1:
        return Unknown("a VJP function with these arguments", it.at(node))
    ct = args[0]
    outputs = function.outputs
    if isinstance(outputs, tuple) and outputs and outputs[0] == "rule":
        result = it.apply(outputs[1], [outputs[2], ct], {}, node)
        return tuple(result) if isinstance(result, list) else result
    if not isinstance(outputs, Scalar):
        return outputs if isinstance(outputs, Unknown) else Unknown("a VJP of a value that is not a number",
                                                                    it.at(node))
    out = []
    for leaf in function.inputs:
        d = _engine_derivative(it, outputs, leaf, node)
        out.append(d if _number(ct) == 1.0 else it.operate("mul", [ct, d], node))
    for d in out:
        if isinstance(d, Scalar):
            d.float32 = True
    return tuple(out)


def _number(x: object) -> float | None:
    if isinstance(x, Scalar):
        return x.data
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        return float(x)
    return None


def is_finite(x: float) -> bool:
    return math.isfinite(x)


install_arrays()  # numpy and torch arrays, element by element (``reader.tensor_extension``)


# ---- the classes the code defines, and micrograd-style scalar classes -----------------------------------
def define_class(it: Interpreter, node: ast.ClassDef) -> object:
    return scalar_engines.define_class(it, node)


def call_object(it: Interpreter, function: object, args: list, keywords: dict, node: ast.AST) -> object:
    engine = scalar_engines.engine_class(it, function)
    if engine is not None:
        return scalar_engines.construct(it, engine, args, keywords, node)
    return code_classes.call_object(it, function, args, keywords, node)  # type: ignore[arg-type]


def displayed(it: Interpreter, value: object, how: str, node: ast.AST) -> object:
    if isinstance(value, Scalar) and value.engine is not None:
        return scalar_engines.shown(it, value, how, node)
    return code_classes.displayed(it, value, how, node)


def engine_operation(it: Interpreter, op: str, operands: list, node: ast.AST) -> object:
    return scalar_engines.operation(it, op, operands, node)


def engine_attribute(it: Interpreter, box: Scalar, attr: str, node: ast.AST) -> object:
    return scalar_engines.attribute(it, box, attr, node)


def engine_set_attribute(it: Interpreter, box: Scalar, attr: str, value: object, node: ast.stmt) -> bool:
    return scalar_engines.set_attribute(it, box, attr, value, node)
