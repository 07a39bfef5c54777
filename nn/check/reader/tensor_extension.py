"""Arrays for the code interpreter: ``Tensor`` plugged into ``reader.interpreter``'s extension point
(installed by ``reader.code_library``, the library every interpreter of the reader is given).

``reader.interpreter`` walks a notebook's code on the engine's scalars and asks its ``EXTENSIONS``
about any other value. ``TensorExtension`` answers for numpy and torch arrays with the array
semantics of ``reader.array_code`` (one definition: the same ``_library`` and ``_method`` decide
``np.array``, ``torch.softmax``, ``x.sum()``, ``@``…) on ``reader.tensors.Tensor``:

- ``construct``: ``np.array([[…]])``, ``torch.tensor([…])``, ``torch.ones(6, 6)``, ``torch.rand``
  (an array whose numbers are unknown: drawn at random);
- ``operate``: ``+ - * / ** @``, unary minus, the table's functions (``exp``, ``sigmoid``…), the
  methods and attributes an array has (``T``, ``sum``, ``mean``, ``softmax``, ``reshape``…);
- ``elements``: a printed array's elements as the interpreter's ``Scalar``s, in print order;
- ``leaves``: the same, for ``backward()``.

An interpreter ``Scalar`` inside an array stays the same engine value (a 0-d tensor of it), so a
scalar computed by the code and an array computed from it are one graph.
"""

from __future__ import annotations

from autograd import Value
from nn.check.reader import array_code
from nn.check.reader.interpreter import EXTENSIONS, Extension, Scalar, Unknown, register_extension
from nn.check.reader.tensors import Tensor, TensorError, tensor

__all__ = ["TensorExtension", "install", "uninstall"]

_BINARY = {"add", "sub", "mul", "div", "pow", "matmul"}
_UNKNOWN_LINE = 0  # the interpreter places its own unknowns; the extension knows no line


def _arg(x: object) -> object:
    """An interpreter value as ``array_code`` takes it: a Scalar as a 0-d tensor of its Value."""
    if isinstance(x, Scalar):
        return Tensor((), [x.value])
    if isinstance(x, (list, tuple)):
        return type(x)(_arg(e) for e in x)
    return x


def _result(x: object) -> object:
    """``array_code``'s value as the interpreter's: a 0-d tensor is a Scalar; unknowns its Unknown."""
    if isinstance(x, array_code.Unknown):
        return Unknown(x.reason, _UNKNOWN_LINE)
    if isinstance(x, Tensor) and x.unknown:
        return x if x.shape else Unknown(x.unknown, _UNKNOWN_LINE)
    if isinstance(x, Tensor) and not x.shape:
        return Scalar(x.items[0], float32=True)
    return x


class TensorExtension(Extension):
    """numpy and torch arrays as ``Tensor``s of engine values (see the module's docstring)."""

    def construct(self, function: str, args: list, keywords: dict) -> object:
        if any(isinstance(a, Unknown) for a in [*args, *keywords.values()]):
            return NotImplemented
        try:
            out = _result(array_code._library(function, [_arg(a) for a in args],
                                              {k: _arg(v) for k, v in keywords.items()}))
        except (array_code._Stop, TensorError, ArithmeticError, ValueError, TypeError, IndexError):
            return NotImplemented
        if isinstance(out, Unknown):
            return NotImplemented  # the interpreter names the call and its line
        if keywords.get("requires_grad") is True and isinstance(out, Tensor) and not out.unknown:
            out = self.track(out.map(lambda v: Value(v.data)))  # a new leaf per element, its history cut
        return out

    def track(self, value: Tensor) -> Tensor:
        """Each element a leaf that collects ``.grad`` (``requires_grad=True``, ``x.requires_grad_()``)."""
        if value.unknown or self.interpreter is None:
            return value
        for v in value.items:
            self.interpreter.track(Scalar(v, float32=True, requires_grad=True))
        return value

    def gradient(self, value: Tensor) -> object:
        """``x.grad`` of an array whose elements require grad: each element's accumulated derivative
        (a list the interpreter prints and checks element by element), None before any ``backward()``."""
        it = self.interpreter
        if it is None or value.unknown:
            return NotImplemented
        boxes = [it.leaves.get(id(v)) for v in value.items]
        if any(box is None or not box.requires_grad for box in boxes):
            return NotImplemented
        if all(box.grad is None for box in boxes):
            return None
        return [it.grad_of(box, None) for box in boxes]

    def operate(self, op: str, operands: list, keywords: dict | None = None) -> object:
        if not any(isinstance(x, Tensor) for x in operands):
            return NotImplemented
        args = [_arg(x) for x in operands]
        try:
            if op in _BINARY and len(args) == 2:
                return _result(_binary(op, args[0], args[1]))
            if op == "neg" and len(args) == 1:
                return _result(-args[0])
            if op == "T" and len(args) == 1:
                return args[0].T
            if op == "grad" and len(args) == 1:
                return self.gradient(args[0])
            if op == "requires_grad_" and args[1:] in ([], [True]) and not (keywords or {}):
                return self.track(args[0])  # x.requires_grad_(): the same numbers, now leaves
            if isinstance(args[0], Tensor):
                return _result(array_code._method(args[0], op, args[1:],
                                                  {k: _arg(v) for k, v in (keywords or {}).items()}))
        except (array_code._Stop, TensorError, ArithmeticError, ValueError, TypeError, IndexError):
            return NotImplemented
        return NotImplemented

    def elements(self, value: object) -> list | None:
        if not isinstance(value, Tensor):
            return None
        if value.unknown:
            return [Unknown(value.unknown, _UNKNOWN_LINE)] * value.size
        return [Scalar(v, float32=True) for v in value.items]

    def leaves(self, value: object) -> list[Scalar] | None:
        if not isinstance(value, Tensor) or value.unknown:
            return None
        return [Scalar(v) for v in value.items]

    def size(self, value: object) -> int:
        return value.size if isinstance(value, Tensor) else 0

    def named(self, value: object, name: str) -> None:
        """An array bound to ``name``: its leaves are the graph's ``name_1``, ``name_2``… (a gradient's row
        is ``dy/dx_2``), unless a name was given them before."""
        if isinstance(value, Tensor) and not value.unknown and self.interpreter is not None:
            for k, v in enumerate(value.items, 1):
                if v.op is None and id(v) not in self.interpreter.hints:
                    self.interpreter.hint(Scalar(v), f"{name}_{k}")


def _binary(op: str, a: object, b: object) -> object:
    import ast

    node = {"add": ast.Add(), "sub": ast.Sub(), "mul": ast.Mult(), "div": ast.Div(), "pow": ast.Pow(),
            "matmul": ast.MatMult()}[op]
    return array_code._binary(node, a, b)


_INSTALLED = TensorExtension()


def install() -> None:
    """Register the arrays with the interpreter (once)."""
    register_extension(_INSTALLED)


def uninstall() -> None:
    """Take the arrays out of the interpreter's extensions again."""
    if _INSTALLED in EXTENSIONS:
        EXTENSIONS.remove(_INSTALLED)


def as_tensor(value: object) -> Tensor:
    """A nested list of interpreter values as a Tensor (for a caller that builds one by hand)."""
    return tensor(_arg(value))
