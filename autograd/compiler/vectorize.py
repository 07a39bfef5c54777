"""The vectorised step: one recorded sample's graph as numpy code over a whole batch.

``jit(fn, vectorize=True)`` records ``fn`` once on the batch's first sample (as ``jit`` does),
then *groups* the graph: nodes that do the same operation on operands from the same groups (a
layer's weighted sums, its activations, the per-neuron nodes of a loss) become one group, which is
one array of shape (samples, nodes) — the samples along axis 0, the group's like nodes along axis
1. The leaves are two arrays: ``D``, the data (one column per number of a sample) and ``P``, the
store of every other leaf (parameters and constants), one entry each. A group is computed from
its operands by the operation table's code form, translated mechanically to numpy (``math.exp`` →
``np.exp``, ``a if c else b`` → ``np.where(c, a, b)``); an operation without a code form (or one
that does not translate) is evaluated element-wise by reference (``np.vectorize(op.evaluate)``).
A layer of weighted sums that all read the same inputs becomes one matrix product. The backward
pass goes through the groups in reverse, each local derivative again the table's code form, and
the gradient of every store entry is summed over the batch.

Grouping cannot fail on a graph of the table's operations (a graph that is not layered gives groups
of one node, vectorised over the batch only). What cannot be vectorised runs through the scalar
compiled step, sample by sample, and ``reason`` says why: a graph whose shape depends on the data
(``fn`` compared a number while recording), samples of different shapes, a hook or anomaly mode
(calls run eagerly then), or a batch whose arithmetic gives a non-finite number (that batch
re-runs, so the engine's own result or error message is what the user gets).

Gradients agree with the eager engine's to rounding (sums are taken in another order), not bit
for bit: the scalar ``jit`` stays the bit-for-bit path.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from autograd.compiler.codegen import _Names
from autograd.compiler.compiled import Compiled, Recorded, _plain_engine
from autograd.compiler.recording import JitError, JitWarning, _flatten
from autograd.engine import Value
from autograd.ops import Op, op_of

__all__ = ["Vectorized", "Program", "array_form"]

_DATA, _STORE = -1, -2  # the sources that are not groups: the data D, the store P


# ---- the table's code forms as numpy ------------------------------------------------------------

_NUMPY_NAMES = {"pow": "power", "fabs": "fabs", "inf": "inf", "nan": "nan", "pi": "pi", "e": "e"}


class _NotArray(Exception):
    """A code form with something numpy cannot evaluate element-wise."""


class _ToNumpy(ast.NodeTransformer):
    """``a if c else b`` → ``np.where(c, a, b)``, ``and``/``or``/``not`` → logical ufuncs,
    ``math.f`` → ``np.f``; any other name or call is refused (the operation runs by reference)."""

    def __init__(self, names: set[str], factor: bool = False) -> None:
        self.names, self.factor = names, factor

    @staticmethod
    def _np(name: str, *args: ast.expr) -> ast.Call:
        func = ast.Attribute(ast.Name("np", ast.Load()), name, ast.Load())
        return ast.Call(func, list(args), [])

    def visit_IfExp(self, node: ast.IfExp) -> ast.AST:
        self.generic_visit(node)
        kept = _nan_keeping_maximum(node)
        if kept is not None:
            bound = node.orelse.args[2] if isinstance(node.orelse, ast.Call) else node.orelse
            return self._np("maximum", kept, bound)
        if isinstance(node.test, ast.Constant):  # a NaN test dropped from a factor
            return node.body if node.test.value else node.orelse
        if self.factor and _constant(node.body) == 1.0 and _constant(node.orelse) == 0.0:
            return node.test  # a factor [c]: True·g is g, False·g is 0
        return self._np("where", node.test, node.body, node.orelse)

    def visit_BoolOp(self, node: ast.BoolOp) -> ast.AST:
        self.generic_visit(node)
        name = "logical_and" if isinstance(node.op, ast.And) else "logical_or"
        values = [v for v in node.values if not isinstance(v, ast.Constant)]
        if len(values) < len(node.values):  # only False (a dropped NaN test) folds to a constant
            if name == "logical_and":
                return ast.Constant(False)
            if not values:
                return ast.Constant(False)
            node.values = values
        out = node.values[0]
        for v in node.values[1:]:
            out = self._np(name, out, v)
        return out

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.AST:
        self.generic_visit(node)
        return self._np("logical_not", node.operand) if isinstance(node.op, ast.Not) else node

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        self.generic_visit(node)
        if (self.factor and len(node.ops) == 1 and isinstance(node.ops[0], ast.NotEq)
                and ast.dump(node.left) == ast.dump(node.comparators[0])):
            return ast.Constant(False)  # x != x: a NaN test (see array_form)
        if len(node.ops) == 1:
            return node
        parts = [ast.Compare(a, [op], [b]) for a, op, b in
                 zip([node.left, *node.comparators], node.ops, node.comparators)]
        out: ast.expr = parts[0]
        for p in parts[1:]:
            out = self._np("logical_and", out, p)
        return out

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.op, ast.Pow) and _constant(node.right) == 1.0:
            return node.left  # x ** 1.0 is x
        if isinstance(node.op, ast.Div) and _constant(node.right) == 0.0:
            # a domain guard (1.0 / 0.0 raises in the scalar code): in an array it is inf, which
            # np.where evaluates on every row; a row that takes it is not finite, so its batch
            # runs through the scalar step, which raises the engine's error
            return self._np("divide", node.left, node.right)
        return node

    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
        if isinstance(node.value, ast.Name) and node.value.id == "math":
            name = _NUMPY_NAMES.get(node.attr, node.attr)
            if isinstance(getattr(np, name, None), (np.ufunc, float)):
                return ast.Attribute(ast.Name("np", ast.Load()), name, ast.Load())
        raise _NotArray(ast.unparse(node))

    def visit_Call(self, node: ast.Call) -> ast.AST:
        if not isinstance(node.func, ast.Attribute) or node.keywords:
            raise _NotArray(ast.unparse(node))
        self.generic_visit(node)
        return node

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if node.id not in self.names:
            raise _NotArray(node.id)
        return node

    def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
        raise _NotArray(ast.unparse(node))


def _constant(node: ast.AST) -> object:
    return node.value if isinstance(node, ast.Constant) and type(node.value) is float else None


def _is_nan_test(node: ast.AST, a: str) -> bool:
    """``x != x`` for the expression dumped as ``a``."""
    return (isinstance(node, ast.Compare) and isinstance(node.ops[0], ast.NotEq)
            and ast.dump(node.left) == a == ast.dump(node.comparators[0]))


def _is_above(node: ast.AST, a: str, c: ast.expr) -> bool:
    """``x > c`` or ``x >= c`` for the expression dumped as ``a``."""
    return (isinstance(node, ast.Compare) and isinstance(node.ops[0], (ast.Gt, ast.GtE))
            and ast.dump(node.left) == a and ast.dump(node.comparators[0]) == ast.dump(c))


def _nan_keeping_maximum(node: ast.IfExp) -> ast.expr | None:
    """``x`` of relu's value as the table writes it, ``x if x > c or x != x else c`` or
    ``x if x > c else x if x != x else c`` (c a number, the inner conditional already
    ``np.where``): both are ``np.maximum(x, c)``, which keeps NaN as they do."""
    test, a = node.test, ast.dump(node.body)
    orelse = node.orelse
    if isinstance(orelse, ast.Call) and ast.unparse(orelse.func) == "np.where" and len(orelse.args) == 3:
        nan, same, c = orelse.args  # x if x > c else (x if x != x else c)
        kept = _constant(c) is not None and ast.dump(same) == a and _is_nan_test(nan, a)
        return node.body if kept and _is_above(test, a, c) else None
    if _constant(orelse) is None or not isinstance(test, ast.Call) or len(test.args) != 2:
        return None
    if ast.unparse(test.func) != "np.logical_or":
        return None
    above, nan = test.args
    return node.body if _is_above(above, a, orelse) and _is_nan_test(nan, a) else None


def array_form(code: str, names: set[str], factor: bool = False) -> str | None:
    """The numpy form of a code-form expression over the arrays ``names``; None if it has none.

    ``factor=True`` (a built-in operation's local derivative, only ever multiplied by a gradient):
    NaN tests ``x != x`` are dropped and ``1.0 if c else 0.0`` becomes the boolean ``c``. A NaN
    operand makes the built-in's *value* NaN, which reaches the loss (every built-in propagates
    NaN), and a non-finite loss re-runs the batch through the engine; so what a local derivative
    says for a NaN operand is never used.
    """
    try:
        tree = ast.parse(code.strip(), mode="eval")
        return ast.unparse(_ToNumpy(names, factor).visit(tree))
    except (_NotArray, SyntaxError):
        return None


# ---- grouping -----------------------------------------------------------------------------------


@dataclass
class _Index:
    """Which entries of a source an operand of a group reads, one per node of the group."""

    kind: str  # "whole" (the source as it is), "one" (one entry for every node), "slice", "gather"
    cols: list[int]
    name: str = ""  # the index array's name in the namespace (gather)
    unique: bool = True

    @staticmethod
    def of(cols: list[int], width: int) -> _Index:
        first = cols[0]
        if all(c == first for c in cols) and len(cols) > 1:
            return _Index("one", cols)
        if cols == list(range(first, first + len(cols))):
            return _Index("whole" if first == 0 and len(cols) == width else "slice", cols)
        return _Index("gather", cols, unique=len(set(cols)) == len(cols))


@dataclass
class _Operand:
    source: int  # a group's number, _DATA or _STORE
    index: _Index

    @property
    def batched(self) -> bool:
        return self.source != _STORE


@dataclass
class _Group:
    number: int
    op: Op
    nodes: list[Value]
    operands: list[_Operand] = field(default_factory=list)
    # a layer of weighted sums: (operand of the first weight, of the first input, the inputs'
    # columns[, the weights' gathered index])
    dense: tuple[Any, ...] | None = None


class _Grouping:
    """The recorded graph as groups of like nodes, the data columns and the store's entries."""

    def __init__(self, order: Sequence[Value], root: Value, arg_of: dict[Value, int], n_data: int) -> None:
        self.arg_of, self.n_data = arg_of, n_data
        self.groups: list[_Group] = []
        self.where: dict[Value, tuple[int, int]] = {}  # node → (group, column)
        self.store: list[Value] = []  # P's entries: the leaves that are not data
        self.slot: dict[Value, int] = {}
        by_key: dict[tuple[object, ...], _Group] = {}
        source: dict[Value, int] = {}  # node → its group, or _DATA / _STORE for a leaf
        where, groups = self.where, self.groups
        for node in order:
            if not node.parents:
                source[node] = _DATA if node in arg_of else _STORE
                continue
            op = node.op
            key = (op, len(node.parents), *map(source.__getitem__, node.parents))
            group = by_key.get(key)
            if group is None:
                group = by_key[key] = _Group(len(groups), op_of(node), [])
                groups.append(group)
            source[node] = group.number
            where[node] = (group.number, len(group.nodes))
            group.nodes.append(node)
        for group in self.groups:  # the store in order of use, so that operands are slices
            for k in range(len(group.nodes[0].parents)):
                for node in group.nodes:
                    leaf = node.parents[k]
                    if not leaf.parents and leaf not in arg_of and leaf not in self.slot:
                        self.slot[leaf] = len(self.store)
                        self.store.append(leaf)
        for group in self.groups:
            group.operands = [self.operand(group, k) for k in range(len(group.nodes[0].parents))]
        self.root = self.where[root][0]

    def source_of(self, node: Value) -> int:
        if node.parents:
            return self.where[node][0]
        return _DATA if node in self.arg_of else _STORE

    def operand(self, group: _Group, k: int) -> _Operand:
        parents = [n.parents[k] for n in group.nodes]
        source = self.source_of(parents[0])
        if source == _DATA:
            cols, width = [self.arg_of[p] for p in parents], self.n_data
        elif source == _STORE:
            cols, width = [self.slot[p] for p in parents], len(self.store)
        else:
            cols, width = [self.where[p][1] for p in parents], len(self.groups[source].nodes)
        return _Operand(source, _Index.of(cols, width))


# ---- the code generator -------------------------------------------------------------------------


class _ArrayCode:
    """Writes the grouped graph as one numpy function ``name(D, P, dP, W=None)`` → the summed loss
    (``W``: the arrays it writes into, a list the caller keeps between calls)."""

    def __init__(self, g: _Grouping, name: str, title: str) -> None:
        self.g, self.name, self.title = g, name, title
        self.names = _Names()
        self.namespace: dict[str, object] = {"np": np}
        self.lines: list[str] = []
        self.value = [f"v{i}" for i in range(len(g.groups))]
        self.grad = [f"d{i}" for i in range(len(g.groups))]
        self.args: dict[tuple[int, int], str] = {}  # (group, operand) → its array's name
        self.refs: dict[int, str] = {}  # group → the name of its by-reference results
        self.by_reference: list[str] = []  # operations evaluated element-wise by reference
        self.work: list[tuple[str, int]] = []  # the workspace's arrays: (name, width)

    def emit(self, line: str) -> None:
        self.lines.append("    " + line)

    def source(self) -> str:
        self.emit("ones = np.ones(B)  # column sums as one BLAS product (ones @ g), not a reduction")
        self.emit("# forward: one array (samples × nodes) per group of like nodes")
        for group in self.g.groups:
            self.forward(group)
        self.backward()
        head = [f"def {self.name}(D, P, dP, W=None):", f"    # {self.title}", "    B = D.shape[0]"]
        if self.work:  # written into, not allocated: a fresh big array costs page faults every call
            shapes = ", ".join(f"np.empty((B, {k}))" for _, k in self.work)
            names = ", ".join(name for name, _ in self.work)
            head += ["    # W: the arrays the products and element-wise operations write into, kept by the",
                     "    # caller between calls of one batch size",
                     "    if W is None:", "        W = []",
                     "    if not W or W[0].shape[0] != B:",
                     f"        W[:] = [{shapes}]",
                     f"    {names}, = W"]
        return "\n".join(head + self.lines) + "\n"

    def buffer(self, name: str, width: int) -> str:
        """``name`` becomes an array of the workspace W, (B, width), written with ``out=``."""
        self.work.append((name, width))
        return name

    # -- operands --
    def index_array(self, index: _Index, shape: tuple[int, ...] | None = None) -> str:
        if not index.name:
            index.name = self.names.new("i")
            array = np.array(index.cols, dtype=np.intp)
            self.namespace[index.name] = array.reshape(shape) if shape else array
        return index.name

    def read(self, source: int, index: _Index) -> str:
        """The expression of an operand: (B, k) from a group or the data, (k,) from the store."""
        array = "D" if source == _DATA else "P" if source == _STORE else self.value[source]
        c = index.cols
        if index.kind == "whole":
            return array
        if source == _STORE:
            if index.kind == "one":
                return f"P[{c[0]}]"
            if index.kind == "slice":
                return f"P[{c[0]}:{c[-1] + 1}]"
            return f"P[{self.index_array(index)}]"
        if index.kind == "one":
            return f"{array}[:, {c[0]}:{c[0] + 1}]"
        if index.kind == "slice":
            return f"{array}[:, {c[0]}:{c[-1] + 1}]"
        return f"{array}[:, {self.index_array(index)}]"

    def describe(self, group: _Group) -> str:
        names = [n.label or "(unlabelled)" for n in group.nodes]
        shown = names[0] if len(names) == 1 else f"{names[0]} … {names[-1]}"
        return f"{group.op!r} ×{len(names)}: {''.join(c if c.isprintable() else '?' for c in shown)}"

    # -- forward --
    def forward(self, group: _Group) -> None:
        k, v = len(group.nodes), self.value[group.number]
        self.emit(f"# {self.describe(group)}")
        if group.op == "wsum" and self.dense_layer(group):
            return
        args = []
        for i, operand in enumerate(group.operands):
            expr = self.read(operand.source, operand.index)
            if expr.isidentifier():
                args.append(expr)
            else:
                name = self.args[(group.number, i)] = f"x{group.number}_{i}"
                self.emit(f"{name} = {expr}")
                args.append(name)
        code = self.array_code(group.op.code(args, group.nodes[0]), set(args))
        locals_ = group.op.code_locals(args, v, group.nodes[0])
        if code is None or locals_ is None or any(self.array_code(c, {*args, v}) is None for c in locals_):
            ref = self.names.new(f"{group.op.name}_elementwise")
            self.namespace[ref] = _elementwise(group.op, len(args))
            self.refs[group.number] = f"r{group.number}"
            self.by_reference.append(group.op.name)
            self.emit(f"r{group.number} = {ref}({', '.join(args)})")
            code = f"r{group.number}[0]"
        full = any(o.batched and o.index.kind != "one" for o in group.operands) or k == 1 and any(
            o.batched for o in group.operands)
        into = _into(code, v) if full and code is not None else None
        if into is not None:
            self.buffer(v, k)
            self.emit(into)
        else:
            self.emit(f"{v} = {code}" if full else f"{v} = np.broadcast_to({code}, (B, {k}))")

    @staticmethod
    def array_code(code: str | None, names: set[str], factor: bool = False) -> str | None:
        return None if code is None else array_form(code, names, factor)

    def dense_layer(self, group: _Group) -> bool:
        """A layer of weighted sums that all read the same inputs: ``X @ W`` (+ the biases)."""
        ops, n, k = group.operands, len(group.operands) // 2, len(group.nodes)
        for weights, inputs in ((0, 1), (1, 0)):
            w, x = ops[weights:2 * n:2], ops[inputs:2 * n:2]
            if (n and all(o.source == _STORE for o in w) and x[0].source != _STORE
                    and all(o.source == x[0].source and len(set(o.index.cols)) == 1 for o in x)):
                break
        else:
            return False
        gnum, source = group.number, x[0].source
        width = self.g.n_data if source == _DATA else len(self.g.groups[source].nodes)
        cols = _Index.of([o.index.cols[0] for o in x], width)
        if cols.kind == "one":  # one input read by several weights: gathered, not broadcast
            cols = _Index("gather", cols.cols, unique=False)
        group.dense = (weights, inputs, cols)
        xname = self.read(source, cols)
        if not xname.isidentifier():
            self.emit(f"x{gnum}_{inputs} = {xname}")
            xname = f"x{gnum}_{inputs}"
        self.args[(gnum, inputs)] = xname
        matrix = [c for o in w for c in o.index.cols]  # (inputs × nodes), row-major
        wname = self.args[(gnum, weights)] = f"w{gnum}"
        if matrix == list(range(matrix[0], matrix[0] + len(matrix))):
            self.emit(f"{wname} = P[{matrix[0]}:{matrix[-1] + 1}].reshape({n}, {k})")
        else:
            index = _Index("gather", matrix, unique=len(set(matrix)) == len(matrix))
            self.emit(f"{wname} = P[{self.index_array(index, (n, k))}]")
            group.dense += (index,)
        product = "multiply" if n == 1 else "matmul"  # one input: an outer product, a broadcast
        self.emit(f"np.{product}({xname}, {wname}, out={self.buffer(self.value[gnum], k)})")
        if len(ops) % 2:  # in place: the product is a new array
            self.emit(f"{self.value[gnum]} += {self.read(ops[-1].source, ops[-1].index)}")
        return True

    # -- backward --
    def needs(self) -> list[bool]:
        need = [False] * len(self.g.groups)
        for group in self.g.groups:
            need[group.number] = any(o.source == _STORE or o.source >= 0 and need[o.source]
                                     for o in group.operands)
        return need

    def backward(self) -> None:
        g, need = self.g, self.needs()
        self.emit("# backward: the groups in reverse, each gradient (samples × nodes) complete before use")
        self.zeroed = self.partly_sent(need)
        for s in sorted(self.zeroed):
            self.emit(f"{self.grad[s]} = np.zeros((B, {len(g.groups[s].nodes)}))")
        started = set(self.zeroed)
        self.owned = set(self.zeroed)  # groups whose gradient is an array of their own (in place)
        if g.groups[g.root].dense:
            self.emit(f"{self.grad[g.root]} = np.ones((B, 1))")
        started.add(g.root)
        for group in reversed(g.groups):
            if not need[group.number] or group.number not in started:
                continue
            self.emit(f"# {self.describe(group)}")
            if group.dense:
                self.dense_backward(group, need, started)
            else:
                self.group_backward(group, need, started)
        self.emit(f"return float({self.value[g.root]}.sum())")

    def partly_sent(self, need: list[bool]) -> set[int]:
        """The groups some operand sends only part of a gradient to: they start from zeros."""
        partial = set()
        for group in self.g.groups:
            for i, o in enumerate(group.operands):
                dense_input = group.dense and i < len(group.operands) // 2 * 2 and i % 2 == group.dense[1]
                index = group.dense[2] if dense_input else o.index
                if o.source >= 0 and need[o.source] and index.kind != "whole":
                    partial.add(o.source)
        return partial

    def group_backward(self, group: _Group, need: list[bool], started: set[int]) -> None:
        """Each operand's contribution: the group's gradient times the table's local derivative."""
        root = group.number == self.g.root
        d = self.grad[group.number]
        sent = [(o, local) for o, local in zip(group.operands, self.local_arrays(group, root))
                if (root or _product(d, local))
                and not (o.source == _DATA or o.source >= 0 and not need[o.source])]
        if not root and len(sent) == 1 and group.number in self.owned and sent[0][0].source >= 0:
            self.scale_in_place(d, *sent[0], started)
            return
        for o, local in sent:
            if root:  # ∂L/∂L = 1: the contribution is the local derivative (a parameter's: one number)
                self.send(o.source, o.index, f"np.broadcast_to({local}, (B, 1))", started)
            else:
                self.send(o.source, o.index, _product(d, local), started)

    def local_arrays(self, group: _Group, root: bool) -> list[str]:
        """The group's local derivatives as array code, one per operand ("" for none)."""
        args = [self.args.get((group.number, i)) or self.read(o.source, o.index)
                for i, o in enumerate(group.operands)]
        v = self.value[group.number]
        if group.number in self.refs:
            return [f"r{group.number}[{i + 1}]" for i in range(len(args))]
        codes = group.op.code_locals(args, v, group.nodes[0])
        assert codes is not None
        factor = group.op.builtin and not root  # the root's local derivatives are gradients
        return [self.array_code(c, {*args, v}, factor) or "" for c in codes]

    def scale_in_place(self, d: str, operand: _Operand, local: str, started: set[int]) -> None:
        """The gradient's only use: scaled in place (one pass, no new array), then handed on."""
        product = _product(d, local)
        if product.startswith(f"{d} * "):
            self.emit(f"{d} *= ({local})")
        elif product != d:  # the negation
            self.emit(f"{d} = {product}")
        self.send(operand.source, operand.index, d, started, fresh=True)

    def dense_backward(self, group: _Group, need: list[bool], started: set[int]) -> None:
        assert group.dense is not None
        weights, inputs, cols, *gathered = group.dense
        gnum, d = group.number, self.grad[group.number]
        ops = group.operands
        x, w = self.args[(gnum, inputs)], self.args[(gnum, weights)]
        source = ops[inputs].source
        product = "multiply" if len(group.nodes) == 1 else "matmul"  # one node: an outer product
        if source >= 0 and need[source] and cols.kind == "whole" and source not in started:
            into = self.buffer(self.grad[source], len(self.g.groups[source].nodes))
            self.emit(f"np.{product}({d}, {w}.T, out={into})")
            started.add(source)
            self.owned.add(source)
        elif source >= 0 and need[source]:
            self.send(source, cols, f"{d} * {w}.T" if len(group.nodes) == 1 else f"{d} @ {w}.T", started)
        if gathered:
            self.emit(f"np.add.at(dP, {gathered[0].name}, {x}.T @ {d})")
        else:
            first = ops[weights].index.cols[0]
            self.emit(f"dP[{first}:{first + len(ops) // 2 * len(group.nodes)}] += ({x}.T @ {d}).ravel()")
        if len(ops) % 2:
            bias = ops[-1]
            if bias.source == _STORE or bias.source >= 0 and need[bias.source]:
                self.send(bias.source, bias.index, d, started)

    def send(self, source: int, index: _Index, contribution: str, started: set[int],
             fresh: bool = False) -> None:
        """Add a (B, k) contribution to the gradient of the source's entries ``index`` reads.

        ``fresh``: the contribution is an array nothing else uses (it may become the gradient)."""
        if not contribution:
            return
        if source == _STORE:
            total = f"ones @ {contribution}" if contribution.isidentifier() else f"ones @ ({contribution})"
            if index.kind == "one":
                self.emit(f"dP[{index.cols[0]}] += ({contribution}).sum()")
            elif index.kind in ("slice", "whole"):
                self.emit(f"dP[{index.cols[0]}:{index.cols[-1] + 1}] += {total}")
            elif index.unique:
                self.emit(f"dP[{self.index_array(index)}] += {total}")
            else:
                self.emit(f"np.add.at(dP, {self.index_array(index)}, {total})")
            return
        d = self.grad[source]
        if index.kind == "whole":
            if source in started:
                in_place = source in self.zeroed  # its own array: add in place
                self.emit(f"{d} += {contribution}" if in_place else f"{d} = {d} + {contribution}")
            else:
                started.add(source)
                if fresh or _fresh(contribution):
                    self.owned.add(source)
                self.emit(f"{d} = {contribution}")
            return
        started.add(source)
        if index.kind == "one":
            c = index.cols[0]
            self.emit(f"{d}[:, {c}] += ({contribution}).sum(axis=1)")
        elif index.kind == "slice":
            self.emit(f"{d}[:, {index.cols[0]}:{index.cols[-1] + 1}] += {contribution}")
        elif index.unique:
            self.emit(f"{d}[:, {self.index_array(index)}] += {contribution}")
        else:
            self.emit(f"np.add.at({d}, (slice(None), {self.index_array(index)}), {contribution})")


_UFUNCS = {ast.Add: "add", ast.Sub: "subtract", ast.Mult: "multiply", ast.Div: "true_divide",
           ast.Pow: "power"}


def _into(code: str, out: str) -> str | None:
    """``code`` (one ufunc or arithmetic operator at the top) writing into the array ``out``;
    None for anything else (``np.where``, a constant)."""
    tree = ast.parse(code, mode="eval").body
    if isinstance(tree, ast.BinOp) and type(tree.op) in _UFUNCS:
        tree = ast.Call(ast.Attribute(ast.Name("np", ast.Load()), _UFUNCS[type(tree.op)], ast.Load()),
                        [tree.left, tree.right], [])
    if not (isinstance(tree, ast.Call) and isinstance(tree.func, ast.Attribute) and not tree.keywords
            and ast.unparse(tree.func.value) == "np"
            and isinstance(getattr(np, tree.func.attr, None), np.ufunc)):
        return None
    tree.keywords = [ast.keyword("out", ast.Name(out, ast.Load()))]
    return ast.unparse(tree)


def _fresh(expr: str) -> bool:
    """Whether ``expr`` makes a new array (arithmetic), not a name, a view or a broadcast."""
    return not expr.isidentifier() and not expr.startswith("np.broadcast_to") and "[" not in expr


def _product(g: str, local: str) -> str:
    """``g * local``, without multiplying by one."""
    local = local.strip()
    if not local:
        return ""
    if local in ("1.0", "1"):
        return g
    if local in ("-1.0", "-1"):
        return f"(-{g})"
    if local in ("0.0", "0"):
        return ""
    return f"{g} * ({local})"


def _elementwise(op: Op, arity: int) -> Callable[..., tuple[Any, ...]]:
    """``op.evaluate`` over arrays, element by element: (value, local derivative per operand)."""

    def flat(*xs: float) -> tuple[float, ...]:
        value, local = op.evaluate(*xs)
        return (float(value), *map(float, local))

    return np.vectorize(flat, otypes=[float] * (arity + 1))


# ---- the vectorised function --------------------------------------------------------------------


@dataclass
class Program:
    """One recorded graph's array code, and what a call needs to run it (see ``prepare``)."""

    source: str
    code: Callable[..., float]
    store: list[Value]  # the leaves that are not data: P's entries, in order
    n_data: int
    groups: int
    nodes: int
    recorded: Recorded
    owner: Vectorized | None = None
    work: list[np.ndarray] = field(default_factory=list)  # the code's arrays, kept between calls

    def run(self, data: np.ndarray, values: np.ndarray, grads: np.ndarray) -> float | None:
        """The summed loss, the summed gradients added into ``grads``; None if not finite."""
        with np.errstate(all="ignore"):
            total = self.code(data, values, grads, self.work)
            finite = np.isfinite(total) and np.isfinite(grads.sum())
        if not finite:
            if self.owner is not None:
                self.owner.reason = ("a number in this batch is not finite (overflow, a division by "
                                     "zero, a domain error): the engine runs each sample")
            return None
        if self.owner is not None:
            self.owner.vectorised_calls += 1
        return total


class Vectorized:
    """What ``jit(fn, vectorize=True)`` returns: ``step(xs, ys)`` runs ``fn`` on every sample.

    Each positional argument is a sequence over the batch (a list, or a numpy array whose first
    axis is the samples); keyword arguments are the same for every sample. A call returns the loss
    summed over the batch as a float and leaves in each leaf's ``.grad`` (the parameters) the sum
    of the per-sample gradients. ``source`` is the array code, ``reason`` why the last call ran
    through the scalar compiled step instead (None when it was vectorised).
    """

    def __init__(self, fn: Callable[..., Value], eager: bool = False, name: str | None = None) -> None:
        self.scalar = Compiled(fn, None, eager, name)
        self.name = self.scalar.name
        self._programs: dict[tuple[object, ...], Program | str] = {}
        self._last: Program | None = None
        self.reason: str | None = None
        self.vectorised_calls = 0
        self.scalar_calls = 0

    # -- calling --
    def __call__(self, *batches: object, **settings: object) -> float:
        prepared = self.prepare(*batches, **settings)
        if prepared is None:
            return self._scalar(batches, settings, self.reason or "")
        program, data = prepared
        store = program.store
        values = np.fromiter([p.data for p in store], float, len(store))
        grads = np.zeros(len(store))
        total = program.run(data, values, grads)
        if total is None:
            return self._scalar(batches, settings, self.reason or "")
        for p, g in zip(store, grads.tolist()):
            p.grad = g
        return total

    def prepare(self, *batches: object, **settings: object) -> tuple[Program, np.ndarray] | None:
        """The array code for these batches and their data as one array (samples × numbers), or
        None when they must run through the scalar step (``reason`` says why).

        ``program.run(data, values, grads)`` computes the summed loss over the batch from the
        store's ``values`` (in ``program.store``'s order) and adds the summed gradients into
        ``grads``; it returns None (and sets ``reason``) if a number is not finite. A training
        loop keeps ``values`` in the array between steps (``nn.TrainStep.fit``).
        """
        if not batches:
            raise JitError(f"{self.name}: give the data, one sequence over the batch per argument")
        arrays = _arrays(batches)
        if isinstance(arrays, str):
            self.reason = arrays
            return None
        sizes = {len(a) for a in arrays}
        if len(sizes) != 1:
            raise JitError(f"{self.name}: the data arguments have {sorted(sizes)} samples; "
                           f"give every argument the same number of samples")
        if not sizes.pop():
            raise JitError(f"{self.name}: the batch is empty; give at least one sample")
        key = (tuple(a.shape[1:] for a in arrays), _settings_key(settings))
        program = self._programs.get(key)
        if program is None:
            program = self._programs[key] = self._compile(arrays, settings)
        if isinstance(program, str):
            self.reason = program
            return None
        if not _plain_engine(program.recorded):
            self.reason = ("a hook is registered on a node of the graph, or anomaly mode is on: "
                           "the engine runs each sample")
            return None
        data = np.concatenate([a.reshape(len(a), -1) for a in arrays] + _setting_columns(
            settings, len(arrays[0]), program.n_data - sum(a[0].size for a in arrays)), axis=1)
        self._last, self.reason = program, None
        program.owner = self
        return program, data

    @property
    def source(self) -> str:
        """The array code of the most recently used shape (call the function once first)."""
        if self._last is None:
            done = [p for p in self._programs.values() if isinstance(p, Program)]
            if not done:
                raise JitError(f"{self.name} has no array code yet: "
                               f"{self.reason or 'the first call records the graph'}")
            return done[-1].source
        return self._last.source

    # -- recording and compiling --
    def _compile(self, arrays: list[np.ndarray], settings: dict[str, object]) -> Program | str:
        sample = [a[0].tolist() for a in arrays]
        flat, recorded = self.scalar._lookup(tuple(sample), settings)
        if recorded is None:
            return "the function cannot be recorded (it runs eagerly; see the JitWarning)"
        if recorded.guards:
            g = recorded.guards[0]
            return (f"the graph depends on the data (the function compares data argument {g.left} "
                    f"with {g.op} while recording): each sample runs through the scalar compiled step")
        plan = recorded.plan
        if not plan.root.parents:
            return "the loss is a leaf, not computed from the data: there is nothing to vectorise"
        grouping = _Grouping(plan.ordered(), plan.root, plan.arg_of, len(flat))
        if not grouping.store:
            return "the loss has no leaf other than the data: there is no gradient to compute"
        name = self.name
        title = (f"{len(plan.order)} nodes of one sample in {len(grouping.groups)} groups, over a batch "
                 f"of B samples (D: B × {len(flat)} data, P: {len(grouping.store)} parameters and "
                 f"constants, dP: their gradients summed over the batch)")
        writer = _ArrayCode(grouping, name, title)
        source = writer.source()
        if writer.by_reference:
            ops = ", ".join(sorted(set(writer.by_reference)))
            warnings.warn(f"{name}: the operation(s) {ops} have no array form: evaluated element by "
                          f"element by reference (slower)", JitWarning, stacklevel=3)
        code = compile(source, f"<autograd.jit vectorized {name}>", "exec")
        exec(code, writer.namespace)
        return Program(source, writer.namespace[name], grouping.store, len(flat),  # type: ignore[arg-type]
                       len(grouping.groups), len(plan.order), recorded)

    # -- the scalar compiled step, sample by sample --
    def _scalar(self, batches: Sequence[object], settings: dict[str, object], reason: str) -> float:
        self.reason = reason
        self.scalar_calls += 1
        samples = list(zip(*[_rows(b) for b in batches]))
        if not samples:
            raise JitError(f"{self.name}: the batch is empty; give at least one sample")
        total = self.scalar(*samples[0], **settings)  # gradients written afresh
        for sample in samples[1:]:
            total += self.scalar.accumulate(*sample, **settings)
        return total


def _rows(batch: object) -> list[object]:
    if isinstance(batch, np.ndarray):
        return batch.tolist()
    try:
        return list(batch)  # type: ignore[call-overload]
    except TypeError:
        raise JitError(f"a vectorised function takes each data argument as a sequence over the batch, "
                       f"got {type(batch).__name__}") from None


def _arrays(batches: Sequence[object]) -> list[np.ndarray] | str:
    """Every argument as a float array (samples first); a reason when they are not rectangular."""
    out = []
    for i, b in enumerate(batches):
        if isinstance(b, Value) or isinstance(b, (int, float)):
            raise JitError(f"a vectorised function takes each data argument as a sequence over the "
                           f"batch; argument {i} is {type(b).__name__}")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                a = np.asarray(b, dtype=float)
        except (ValueError, TypeError):
            return (f"argument {i}'s samples are not numbers of one shape: each sample runs "
                    f"through the scalar compiled step")
        if a.ndim == 0:
            raise JitError(f"argument {i} must be a sequence over the batch, got one number")
        out.append(a)
    return out


def _settings_key(settings: dict[str, object]) -> tuple[object, ...]:
    """The settings' names and structure (their numbers are data: columns, not part of the key)."""
    flat: list[float] = []
    key: list[object] = []
    _flatten(settings.values(), flat, key)
    return (tuple(settings), tuple(key))


def _setting_columns(settings: dict[str, object], n: int, width: int) -> list[np.ndarray]:
    if not width:
        return []
    flat: list[float] = []
    _flatten(settings.values(), flat, [])
    return [np.broadcast_to(np.array(flat, dtype=float), (n, len(flat)))]
