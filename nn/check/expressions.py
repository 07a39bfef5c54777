"""The expression language of ``kind = "expression"`` worked examples: a small, safe arithmetic.

A right side such as ``"w0*x0 + w1*x1 + w2"`` or ``"1 / (1 + exp(-s))"`` is parsed with ``ast``
and checked against a whitelist before anything is evaluated; nothing is ever passed to ``eval``.
Allowed: numbers, names defined above, ``+ - * / **`` (the exponent a plain number), unary minus,
parentheses, and calls of the functions in ``functions()``: every operation of autograd's
operation table that is not an operator (exp, log, tanh, sigmoid, relu, softplus, max, min, abs,
and any operation added with ``autograd.define_op``). ``·`` and ``×`` are read as ``*``, ``−`` as
``-``, ``^`` as ``**``.

Every problem raises ``ExpressionError`` whose ``token`` is the offending piece of text, so the
file reader can say "line 12: unknown function 'sqrtt' in 'sqrtt(x)'".

Public API:
    parse(text, defined) -> Expression      checked; ``defined`` is the set of names usable
    Expression.evaluate(env) -> Value       env maps names to Values
    Expression.names                        the names it uses, in order
    functions() -> {name: (arity, f)}       the callable functions
    ExpressionGraph(leaves, nodes, root, parameters)   a whole example's graph; .build() -> root
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from autograd import Value
from nn.module import Module

__all__ = ["Expression", "ExpressionError", "ExpressionGraph", "parse", "functions", "MAX_LENGTH"]

MAX_LENGTH = 2000  # characters in one right side
MAX_DEPTH = 100  # nesting of operations in one right side


class ExpressionError(ValueError):
    """A right side that is not in the language; ``token`` is the text at fault."""

    def __init__(self, message: str, token: str = "") -> None:
        super().__init__(message)
        self.token = token


def _as_value(x: Value | float) -> Value:
    return x if isinstance(x, Value) else Value(x)


# Operators are written as operators (+ - * / **), never called by name; the weighted sum is the
# networks' own node. Every other operation of the table is a function of the language, except the
# indicators the derivatives use (relu's step, abs's sign, max's and min's share of a tie).
_OPERATORS = {"add", "sub", "mul", "div", "neg", "pow", "wsum", "step", "sign", "max_share", "min_share"}


def functions() -> Mapping[str, tuple[int, Callable[..., Value | float]]]:
    """The functions a right side may call: name → (arity, function), read from the operation
    table (``autograd.ops``), so an operation added with ``autograd.define_op`` is callable in
    expressions at once."""
    from autograd.ops import operations

    return {name: (op.arity, op) for name, op in operations().items()
            if name not in _OPERATORS and op.arity is not None}


_BINARY: dict[type, Callable[[object, object], object]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}
_SYMBOL = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}


@dataclass(frozen=True)
class Expression:
    """A checked right side, ready to evaluate on Values."""

    text: str
    tree: ast.expr
    names: tuple[str, ...]

    def evaluate(self, env: Mapping[str, Value]) -> Value | float:
        return _evaluate(self.tree, env)


def _evaluate(node: ast.expr, env: Mapping[str, Value]) -> Value | float:
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return env[node.id]
    if isinstance(node, ast.UnaryOp):
        x = _evaluate(node.operand, env)
        return -x if isinstance(node.op, ast.USub) else x
    if isinstance(node, ast.BinOp):
        left = _evaluate(node.left, env)
        if isinstance(node.op, ast.Pow):
            exponent = _evaluate(node.right, env)
            power = _as_value(left) ** exponent  # the engine's rules: (-8) ** 0.5 is refused, not complex
            return power if isinstance(left, Value) else power.data
        return _BINARY[type(node.op)](left, _evaluate(node.right, env))
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    # on Values: a node of the graph even for constant operands (an operation on plain numbers
    # would give the number only, and the graph would lose the step)
    return functions()[node.func.id][1](*(_as_value(_evaluate(a, env)) for a in node.args))


def _normalised(text: str) -> str:
    return text.replace("·", "*").replace("×", "*").replace("−", "-").replace("^", "**")


def parse(text: str, defined: Iterable[str], later: Mapping[str, int] | None = None) -> Expression:
    """Check a right side against the language; ``defined`` are the names usable in it.

    ``later`` maps names defined further down to their position, for the message "used before
    it is defined". Raises ExpressionError naming the token at fault.
    """
    if not isinstance(text, str):
        raise ExpressionError(f"must be a string such as \"x * y\", not {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"is {len(text):,} characters long; split it into named nodes "
                              f"(at most {MAX_LENGTH} characters each)")
    source = _normalised(text).strip()
    if not source:
        raise ExpressionError("is empty; write an expression such as \"x * y\"")
    try:
        with warnings.catch_warnings():  # "1e308x": Python's own SyntaxWarning is not the user's business
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(source, mode="eval").body
    except (SyntaxError, ValueError) as e:  # ValueError: a NUL byte
        token = source[(e.offset or 1) - 1:][:20] if isinstance(e, SyntaxError) else ""
        raise ExpressionError(f"is not an expression ({getattr(e, 'msg', e)})", token) from None
    except (RecursionError, MemoryError):
        raise ExpressionError("is nested too deeply") from None
    checker = _Checker(source, set(defined), later or {})
    checker.check(tree)
    return Expression(text, tree, tuple(dict.fromkeys(checker.used)))


class _Checker:
    """Walks the tree without recursion limits of its own (depth is bounded by MAX_DEPTH)."""

    def __init__(self, source: str, defined: set[str], later: Mapping[str, int]) -> None:
        self.source, self.defined, self.later = source, defined, later
        self.used: list[str] = []

    def token(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.source, node) or type(node).__name__

    def check(self, tree: ast.expr) -> None:
        stack = [(tree, 1)]
        while stack:
            node, depth = stack.pop()
            if depth > MAX_DEPTH:
                raise ExpressionError(f"nests operations more than {MAX_DEPTH} deep; name the parts")
            stack += [(child, depth + 1) for child in self.children(node)]

    def children(self, node: ast.expr) -> list[ast.expr]:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
                raise ExpressionError(f"{self.token(node)!r} is not a number", self.token(node))
            return []
        if isinstance(node, ast.Name):
            self.name(node)
            return []
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            return [node.operand]
        if isinstance(node, ast.BinOp) and type(node.op) in _SYMBOL:
            if isinstance(node.op, ast.Pow) and not _is_number(node.right):
                raise ExpressionError(f"the exponent in {self.token(node)!r} must be a plain number; for a "
                                      "variable exponent write exp(y * log(x))", self.token(node))
            return [node.left, node.right]
        if isinstance(node, ast.Call):
            return self.call(node)
        what = type(node).__name__ if not isinstance(node, (ast.BinOp, ast.UnaryOp)) else "operator"
        raise ExpressionError(f"{self.token(node)!r} is not allowed ({what}); use numbers, names, "
                              "+ - * / **, and the functions " + ", ".join(functions()), self.token(node))

    def name(self, node: ast.Name) -> None:
        name = node.id
        if name in self.defined:
            self.used.append(name)
            return
        if name in functions():
            raise ExpressionError(f"{name!r} is a function; call it, e.g. {name}(x)", name)
        if name in self.later:
            raise ExpressionError(f"{name!r} is used before it is defined (it is defined further "
                                  "down); nodes are computed in order, so define it above", name)
        raise ExpressionError(f"unknown name {name!r}; define it in [leaves] or in [nodes] above", name)

    def call(self, node: ast.Call) -> list[ast.expr]:
        token = self.token(node)
        if not isinstance(node.func, ast.Name):
            raise ExpressionError(f"{token!r}: only the functions {', '.join(functions())} can be called",
                                  token)
        name = node.func.id
        table = functions()
        if name not in table:
            raise ExpressionError(f"unknown function {name!r} in {token!r}; the functions are "
                                  + ", ".join(table), name)
        arity = table[name][0]
        if node.keywords or len(node.args) != arity or any(isinstance(a, ast.Starred) for a in node.args):
            raise ExpressionError(f"{token!r}: {name} takes {arity} argument{'s' if arity > 1 else ''}",
                                  token)
        return list(node.args)


def _is_number(node: ast.expr) -> bool:
    while isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    return isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(
        node.value, bool)


class ExpressionGraph(Module):
    """A ``kind = "expression"`` example's graph: leaves, then named nodes in order.

    ``parameters`` are the leaves an update step changes (``named_parameters`` yields them);
    every other leaf is held fixed. ``build()`` evaluates the nodes on the current leaf values
    and returns the root node; every node is labelled with its name.
    """

    def __init__(self, leaves: dict[str, float], nodes: list[tuple[str, Expression]], root: str,
                 parameters: Sequence[str]) -> None:
        self.leaves = {name: Value(v, name) for name, v in leaves.items()}
        self.nodes = nodes
        self.root = root
        self.trainable = list(parameters)
        self.last: dict[str, Value] = {}  # every named node of the last build, reachable or not

    def named_parameters(self):
        for name in self.trainable:
            yield name, self.leaves[name]

    def outputs(self) -> list[str]:
        """The nodes an example can be differentiated from: the root, then every other node that
        no node uses (the output of a second circuit in the same file), in the file's order."""
        used = {name for _, expression in self.nodes for name in expression.names}
        return [self.root, *(name for name, _ in self.nodes if name not in used and name != self.root)]

    def build(self) -> Value:
        env: dict[str, Value] = dict(self.leaves)
        named = {id(v) for v in env.values()}
        for name, expression in self.nodes:
            try:
                v = expression.evaluate(env)
            except (ArithmeticError, ValueError, TypeError) as e:  # 1/0, log(0), (-8) ** 0.5, 10.0 ** 400
                raise ExpressionError(f"{name} = {expression.text!r} cannot be computed: {e}", name) from None
            if not isinstance(v, Value):  # a constant expression
                v = Value(v)
            elif id(v) in named:  # `r = "q"`: its own node, not a second label on q
                v = v * 1.0
            named.add(id(v))
            env[name] = v.named(name)
        self.last = env
        return env[self.root]

    def __call__(self, x: Sequence[Value | float]) -> Value:
        return self.build()
