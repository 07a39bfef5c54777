"""A document's code read as a worked example: the graph its values were computed on, and a row for
every printed number bound to a value.

``read_code(text)`` finds the code blocks and their outputs (``reader.code_outputs``), walks the
code (``reader.interpreter``), binds each printed number to the value it prints, and writes the
engine's graph of those values as a ``kind = "expression"`` example: every value the code bound to
a name is a node named after it (``w``, then ``w_2`` for the value bound next, so an update in a
loop is a node per step), a leaf the code made (``torch.tensor(2.0, requires_grad=True)``,
``x = 3.0``, the argument of ``grad(f)(3.0)``) is a leaf, other constants are numbers. A printed
first derivative (``x.grad`` after ``y.backward()``, ``tape.gradient(y, x)``, ``grad(f)(x)``) is
the row ``dy/dx``; a second derivative or a sum of accumulated gradients is the value of its own
node, written out from the engine's gradient graph (``autograd.grad(create_graph=True)``).
Every printed number that is not bound is listed with its line and why.
"""

from __future__ import annotations

import ast
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from autograd import Value
from nn.check.reader import code_library, engine_claims, scalar_engines
from nn.check.reader.claims import Skipped
from nn.check.reader.code_outputs import (
    Bound,
    Loose,
    bind,
    code_cells,
    comment_remarks,
    numbers_in,
    value_comments,
)
from nn.check.reader.interpreter import EXTENSIONS, CodeCell, Interpreter, Printed, Scalar

__all__ = ["CodeReading", "read_code", "MAX_NODES"]

MAX_NODES = 5000  # leaves and nodes of the graph written for one document
MAX_TEXT = 600  # characters of one node's expression before a part is named
MAX_NEST = 30
_MAGIC = re.compile(r"^\s*[%!]")
_DATA_REPR = re.compile(r"\w\(data=")  # micrograd's repr, ``Value(data=-8.0)``
_GRAD_REPR = re.compile(r"\w\(data=[^()]*,\s*grad=")  # … and with its grad, ``Value(data=-8.0, grad=0.0)``


class _NotWritable(Exception):
    """A value whose graph the expression language cannot write (an operation it has no name for)."""


@dataclass
class CodeReading:
    """The graph the code computes, the rows of its printed numbers, and what was not checked."""

    setup: dict
    rows: list[dict] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    givens: list[tuple[int, str, str]] = field(default_factory=list)  # (line, printed, leaf)
    explained: list[str] = field(default_factory=list)
    owned: set[int] = field(default_factory=set)  # the output lines read here (not by the prose reader)
    notes: list[str] = field(default_factory=list)


def _parsed(cell: CodeCell) -> ast.Module | None:
    source = "\n".join("" if _MAGIC.match(line) else line for line in cell.source.split("\n"))
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return None


def read_code(text: str) -> CodeReading | None:
    """The code of the text as a worked example (see the module's docstring); None without code
    that prints anything."""
    cells = code_cells(text)
    trees = [_parsed(c) for c in cells]
    comments: dict[int, tuple[int, str]] = {}
    for cell, tree in zip(cells, trees):
        if tree is not None:
            comments |= value_comments(cell)
    prose = engine_claims.ProseClaims(text, cells)  # ``a.grad = 6.0`` in the prose
    if not any(c.outputs for c in cells) and not comments and not prose.pending:
        return None
    interpreter = Interpreter(code_library)
    interpreter.comment_lines = set(comments)
    interpreter.reprs_with_grad = _reprs_with_grad(cells)
    try:
        _run(cells, trees, interpreter, prose)
    except RecursionError:
        return None
    bound, loose, owned = _bind_all(cells, trees, interpreter, comments)
    bound += _hand_claims(cells, interpreter)
    bound, loose, owned = bound + prose.bound, loose + prose.loose, owned | prose.whole
    if not bound and not loose:
        return None
    loose += comment_remarks([c for c, tree in zip(cells, trees) if tree is not None])
    reading = _Writer(interpreter).reading(bound, loose, owned)
    if reading.rows and not reading.setup["leaves"]:  # numbers computed from constants only
        reading = _Writer(interpreter, constants_as_leaves=True).reading(bound, loose, owned)
    return reading


def _reprs_with_grad(cells: list[CodeCell]) -> bool:
    """Does an imported micrograd ``Value`` print with its grad (``Value(data=-8.0, grad=0.0)``)? Yes,
    unless the outputs show its repr only without (``Value(data=-8.0)``)."""
    outputs = [out for c in cells for _, out in c.outputs]
    return any(_GRAD_REPR.search(o) for o in outputs) or not any(_DATA_REPR.search(o) for o in outputs)


def _run(cells: list[CodeCell], trees: list, interpreter: Interpreter, prose: engine_claims.ProseClaims
         ) -> None:
    """The cells walked in order, the prose's claims before each read on the state reached there."""
    for cell, tree in zip(cells, trees):
        prose.read_until(cell.line, interpreter)
        interpreter.run([cell], [tree])
    prose.read_until(None, interpreter)


def _hand_claims(cells: list[CodeCell], interpreter: Interpreter) -> list[Bound]:
    """The gradients a micrograd-style code sets by hand (``n.grad = 0.5``): the number as written,
    bound to the engine's derivative it claims (``reader.scalar_engines``)."""
    sources = {cell.line + k: text for cell in cells for k, text in enumerate(cell.source.split("\n"))}
    bound = []
    for line, first, end, claim, label in scalar_engines.hand_claims(interpreter):
        text = sources.get(line, "").encode()[first:end].decode(errors="replace").replace(" ", "")
        if text:
            bound.append(Bound(line, text.lstrip("+"), claim, "hand", label))
    return bound


def _bind_all(cells: list[CodeCell], trees: list, interpreter: Interpreter,
              comments: dict[int, tuple[int, str]]) -> tuple[list[Bound], list[Loose], set[int]]:
    bound: list[Bound] = []
    loose: list[Loose] = []
    owned: set[int] = set()
    for cell, tree in zip(cells, trees):
        if tree is not None:  # not Python (another language, a shell session): the prose reader reads it
            _bind_outputs(cell, interpreter, bound, loose, owned)
    _bind_comments(comments, interpreter, bound, loose)
    return bound, loose, owned


def _bind_outputs(cell: CodeCell, interpreter: Interpreter, bound: list[Bound], loose: list[Loose],
                  owned: set[int]) -> None:
    """The cell's outputs paired with what it printed."""
    last = cell.line + cell.source.count("\n")
    printed = [p for p in interpreter.printed if p.how != "comment"
               and (p.cell == cell.line if p.cell else cell.line <= p.line <= last)]
    stopped = [why for line, why in interpreter.out_of_work if cell.line <= line <= last]
    if any(_is_array(value) and not _derivatives(value) for p in printed for value, _ in p.parts):
        return  # a printed array: the array reader's (``array_setup``), element by element by its name
    for first, out in cell.outputs:
        b, lo = bind(printed, numbers_in(out, first), "output")
        if stopped:  # what it printed may be cut short: no number of its output is paired by place
            lo = [Loose(x.line, x.printed, f"the cell is not read whole: {stopped[0]}") for x in lo]
        if not b and all(x.reason.startswith("depends on") for x in lo):
            continue  # nothing bound, only values outside the subset (arrays, names the text defines):
            # the prose reader's (it reads printed arrays and the text's own names)
        owned.update(range(first, first + out.count("\n") + 1))
        bound += b
        loose += lo


def _derivatives(value: object) -> bool:
    """An array of derivatives (``jax.grad(f)(x)`` of an array x): the interpreter's own to bind."""
    return getattr(value, "derivatives", False) is True


def _is_array(value: object, depth: int = 0) -> bool:
    """An extension's value (an array), or a list or tuple holding one."""
    if isinstance(value, (list, tuple)) and depth < 20:
        return any(_is_array(v, depth + 1) for v in value)
    return any(extension.elements(value) is not None for extension in EXTENSIONS)


def _bind_comments(comments: dict[int, tuple[int, str]], interpreter: Interpreter, bound: list[Bound],
                   loose: list[Loose]) -> None:
    """Values written in trailing comments paired with the value of their statement."""
    by_line: dict[int, list[Printed]] = {}
    for p in interpreter.printed:
        by_line.setdefault(p.line, []).append(p)
    for line, (at, comment) in comments.items():
        numbers = numbers_in(comment, at)
        said = [p for p in by_line.get(line, []) if p.how != "result"]
        if not numbers:
            continue
        if len(said) != 1:
            reason = ("the statement runs more than once (a loop): which run the comment shows is not said"
                      if said else "the comment is not on a statement whose value is read")
            loose += [Loose(ln, n, reason) for ln, n in numbers]
            continue
        b, lo = bind([Printed(line, said[0].parts, "comment")], numbers, "comment")
        bound += b
        loose += lo


class _Writer:
    """The values' graph in the expression language, with a name for every node a row needs."""

    def __init__(self, interpreter: Interpreter, constants_as_leaves: bool = False) -> None:
        from nn.check.expressions import functions

        self.it = interpreter
        self.constants_as_leaves = constants_as_leaves  # a graph of constants only still has leaves
        self.functions = set(functions())
        self.reserved = self.functions | {"e", "pi", "inf", "nan"}
        self.leaves: dict[str, float] = {}
        self.nodes: dict[str, str] = {}
        self.written: dict[int, str] = {}  # id(Value) → its name in the graph or its inline text
        self.named: dict[int, str] = {}  # id(Value) → its name (a leaf or node of the graph)
        self.taken: set[str] = set()
        self.uses: Counter = Counter()
        self.counted: set[int] = set()

    def fresh(self, base: str) -> str:
        base = re.sub(r"\W", "_", base).strip("_") or "v"
        if not base[0].isalpha():
            base = f"v_{base}"
        if base in self.reserved:
            base = f"{base}_"
        name, k = base, 1
        while name in self.taken:
            k += 1
            name = f"{base}_{k}"
        self.taken.add(name)
        return name

    # -- the graph
    def count(self, root: Value) -> None:
        """How many nodes use each node (a node used twice is named, not written twice)."""
        stack = [root]
        while stack:
            v = stack.pop()
            if id(v) in self.counted:
                continue
            self.counted.add(id(v))
            for p in v.parents:
                self.uses[id(p)] += 1
                stack.append(p)

    def name(self, v: Value, base: str | None = None) -> str:
        """The graph's name for ``v`` (written into the graph first)."""
        if id(v) in self.named:
            return self.named[id(v)]
        self.count(v)
        self.write(v)
        if id(v) in self.named:
            return self.named[id(v)]
        name = self.fresh(base or self.it.names.get(id(v), "out"))
        if v.op is None:
            self.leaves[name] = v.data
        else:
            self.nodes[name] = self.written[id(v)]
        self.named[id(v)] = name
        self.written[id(v)] = name
        return name

    def write(self, root: Value) -> None:
        """Every node under ``root`` written, children first (iteratively: graphs may be deep)."""
        stack: list[tuple[Value, bool]] = [(root, False)]
        while stack:
            v, ready = stack.pop()
            if id(v) in self.written:
                continue
            if not ready:
                stack.append((v, True))
                stack += [(p, False) for p in v.parents if id(p) not in self.written]
                continue
            self.write_one(v)
            if len(self.leaves) + len(self.nodes) > MAX_NODES:
                raise _NotWritable(f"a graph of more than {MAX_NODES} nodes")

    def write_one(self, v: Value) -> None:
        known = self.it.names.get(id(v))
        if v.op is None:
            known = known or self.it.hints.get(id(v)) or ("c" if self.constants_as_leaves else None)
            if known is None and v.data == v.data and abs(v.data) != float("inf"):
                self.written[id(v)] = repr(v.data) if v.data >= 0 else f"({v.data!r})"
                return
            if known is None or not math.isfinite(v.data):  # nan: an element the code never set
                raise _NotWritable(f"the constant {v.data}")
            name = self.fresh(known)
            self.leaves[name] = v.data
            self.named[id(v)] = self.written[id(v)] = name
            return
        text = self.text_of(v)
        if known is not None or self.uses[id(v)] > 1 or len(text) > MAX_TEXT or text.count("(") > MAX_NEST:
            name = self.fresh(known or "t")
            self.nodes[name] = text
            self.named[id(v)] = self.written[id(v)] = name
        else:
            self.written[id(v)] = f"({text})"

    def text_of(self, v: Value) -> str:
        op = v.op
        args = [self.written[id(p)] for p in v.parents]
        symbol = {"add": "+", "sub": "-", "mul": "*", "div": "/"}.get(op.name)
        if symbol is not None:
            return f"{args[0]} {symbol} {args[1]}"
        if op.name == "neg":
            return f"-{args[0]}"
        if op.name == "wsum":  # an array's matrix product: Σ w·x (+ b), one node per element
            terms = [f"{args[k]} * {args[k + 1]}" for k in range(0, len(args) - 1, 2)]
            return " + ".join(terms + ([args[-1]] if len(args) % 2 else []))
        if op.name == "pow":
            n = float(op.params.get("n", 1.0))
            return f"{args[0]} ** {n!r}" if n >= 0 else f"{args[0]} ** ({n!r})"
        if op.name in self.functions:
            return f"{op.name}({', '.join(args)})"
        raise _NotWritable(f"the operation {op.name}")

    # -- rows
    def reading(self, bound: list[Bound], loose: list[Loose], owned: set[int]) -> CodeReading:
        skipped = [Skipped(x.line, x.printed, x.reason) for x in loose]
        rows: list[dict] = []
        givens: list[tuple[int, str, str]] = []
        tops: Counter = Counter()
        for b in sorted(bound, key=lambda b: b.line):
            try:
                row = self.row(b)
            except (_NotWritable, RecursionError) as e:
                skipped.append(Skipped(b.line, b.printed, f"the value's graph cannot be written: {e}"))
                continue
            if row is None:
                givens.append((b.line, b.printed, self.named[id(b.value.value)]))
                continue
            rows.append(row)
            if "/" in row["quantity"]:
                tops[row["quantity"].split("/")[0][1:]] += 1
        root = tops.most_common(1)[0][0] if tops else next(reversed(self.nodes), None)
        setup: dict = {"network": {"kind": "expression"}, "leaves": dict(self.leaves),
                       "nodes": dict(self.nodes),
                       "training": {"root": root} if root else {}}
        explained = ["The graph read from the document's code:"]
        explained += [f"  leaf  {n} = {v!r}" for n, v in self.leaves.items()]
        explained += [f"  node  {n} = {e}" for n, e in self.nodes.items()]
        reading = CodeReading(setup, rows, sorted(skipped, key=lambda s: s.line), givens, explained, owned)
        for line, why in self.it.out_of_work:
            reading.notes.append(f"the statement at line {line} is not read to its end: {why}")
        return reading

    def row(self, b: Bound) -> dict | None:
        scalar: Scalar = b.value
        note = {"note": "computed in float32 by the code"} if scalar.float32 else {}
        if scalar.derivative is not None:
            of, wrt = scalar.derivative
            top, bottom = self.name(of), self.name(wrt)
            label = f"d{top}/d{bottom}"
            return {"name": f"line {b.line}: {b.label or label}", "value": b.printed, "kind": "derivative",
                    "quantity": label, "source": f"line {b.line}", **note}
        v = scalar.value
        if v.op is None and id(v) in self.it.names:
            self.name(v)
            return None  # a leaf the code states: a given
        name = self.name(v)
        return {"name": f"line {b.line}: {b.label or name}", "value": b.printed, "kind": "value",
                "quantity": name,
                "source": f"line {b.line}", **note}
