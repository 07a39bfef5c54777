"""Code generation: one recorded graph as straight-line Python for its forward and backward pass.

The forward pass has one local per node, named as the tracer names it; the backward pass runs in
``backward()``'s order (``dL_dz_o1 = dL_da_o1 * (a_o1 * (1.0 - a_o1))``), each operation's value
and local derivatives written out as the operation table's code form. Sums of thousands of terms
are written in chunks (``compile()`` overflows on one expression of more than ~3,000 terms).
"""

from __future__ import annotations

import builtins
import io
import keyword
import math
import re
import tokenize
import unicodedata
from collections.abc import Callable, Collection, Iterator, Mapping, MutableSet, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from autograd.compiler.recording import _COMPARE
from autograd.engine import Value, topological_order
from autograd.naming import node_names
from autograd.ops import op_of

__all__ = ["MAX_TERMS", "Update"]

MAX_TERMS = 500  # terms of a sum per generated statement: compile() overflows near 3,000


# ---- the optimizer step a training step fuses into its code -----------------------------------


class Update(Protocol):
    """An optimizer whose step can be written into the compiled code after the gradients.

    ``code(params)`` gets one ``(node, value, grad)`` triple of expressions per parameter, in the
    order of ``parameters``, and returns the statements of one step and the names they use (the
    statements must compute exactly what ``step()`` computes, and name their locals ``_x``).
    ``zero_grad()`` and ``step()`` are the eager optimizer's, used when a call runs eagerly.
    """

    parameters: Sequence[Value]

    def code(self, params: Sequence[tuple[str, str, str]]) -> tuple[list[str], dict[str, object]]: ...

    def zero_grad(self) -> None: ...

    def step(self) -> None: ...

def _real(result: tuple[Any, Sequence[Any]]) -> tuple[float, tuple[float, ...]]:
    """An operation's (value, local derivatives) as the engine stores them: floats, or an error
    (a complex number from a user-defined operation: the engine raises, so the call re-runs)."""
    value, local = result
    return float(value), tuple(float(d) for d in local)


def _fail() -> float:
    raise ArithmeticError("not a real number: re-run eagerly for the engine's message")


# ---- names --------------------------------------------------------------------------------------

_RESERVED = (set(keyword.kwlist) | set(keyword.softkwlist) | set(dir(builtins)) | set(dir(math))
             | {"math"})
_SPELLED = {"½": "half", "⅓": "third", "¼": "quarter", "¾": "three_quarters", "ŷ": "y_hat"}


_NOT_WORD = re.compile(r"[^A-Za-z0-9_]")
_UNDERSCORES = re.compile(r"__+")


class _Names:
    """Python identifiers for the generated code: every name unique, none shadowing a function.

    A node's name is the tracer's (its label, ``t3``, ``c1``) made an identifier; it never starts
    with an underscore, so the code's own helpers (``_lr``, ``_v``) cannot collide with it.
    """

    def __init__(self) -> None:
        self.taken: set[str] = set(_RESERVED)

    def new(self, wanted: str) -> str:
        if wanted.isascii():
            s = _NOT_WORD.sub("_", wanted)
        else:
            s = unicodedata.normalize("NFKC", "".join(_SPELLED.get(c, c) for c in wanted))
            s = "".join(c if ("a" + c).isidentifier() else "_" for c in s)
        s = _UNDERSCORES.sub("_", s).strip("_") or "v"  # no leading, trailing or double underscore
        if not s.isidentifier():
            s = "v" + s
        name, k = s, 1
        while name in self.taken:
            k += 1
            name = f"{s}_{k}"
        self.taken.add(name)
        return name


# ---- the code generator -------------------------------------------------------------------------


_ITEM = re.compile(r"[A-Za-z_]\w*\[\d+\]")  # _val[12]: where the code with loops keeps a number


def _atom(expr: str) -> bool:
    if expr.isidentifier() or _ITEM.fullmatch(expr):
        return True
    try:
        float(expr)
    except ValueError:
        return False
    return not expr.startswith(("-", "+"))


def _operand(expr: str) -> str:
    """``expr`` ready to be added to: an atom as it is, anything else in parentheses."""
    expr = _unwrapped(expr)
    return expr if _atom(expr) else f"({expr})"


_STOPS = {"if", "else", "and", "or", "not", "lambda", ":=", ",", "in", "is", *_COMPARE}


def _ends_operand(token: tokenize.TokenInfo | None) -> bool:
    """Whether a ``+``/``-`` after ``token`` is binary (after a name, number or bracket)."""
    if token is None:
        return False
    return token.type in (tokenize.NAME, tokenize.NUMBER) or token.string in (")", "]", "}")


def _top_level_terms(expr: str) -> list[str] | None:
    """``a * b + c - d`` → ``["a * b", "+ c", "- d"]``; None unless ``expr`` is a flat sum."""
    expr = " ".join(expr.splitlines())
    try:
        tokens = [t for t in tokenize.generate_tokens(io.StringIO(expr).readline) if t.string.strip()]
    except (tokenize.TokenError, SyntaxError):
        return None
    cuts, depth = [], 0
    for previous, token in zip([None, *tokens], tokens):
        s = token.string
        depth += (s in ("(", "[", "{")) - (s in (")", "]", "}"))
        if depth or s in (")", "]", "}"):
            continue
        if s in _STOPS:
            return None
        if s in ("+", "-") and _ends_operand(previous):
            cuts.append(token.start[1])
    return [expr[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(expr)])]


_EXPONENT = re.compile(r"\*\*\s*(\(\s*-?[0-9.eE+-]+\s*\)|[0-9.eE+-]+|)")


def _may_be_complex(code: str) -> bool:
    """Whether ``code`` raises a number to a power that is not a literal integer.

    Python gives a complex number for a negative base to a fractional power, where the engine
    raises; such code gets a check of the loss's type.
    """
    for m in _EXPONENT.finditer(code):
        try:
            if not float(m.group(1).strip("() ")).is_integer():
                return True
        except ValueError:  # not a literal
            return True
    return False


def _unwrapped(expr: str) -> str:
    """``((a + b))`` → ``a + b``: parentheses that enclose the whole expression."""
    expr = expr.strip()
    while expr.startswith("(") and expr.endswith(")"):
        depth = 0
        for i, c in enumerate(expr):  # the code forms hold no strings: counting parentheses suffices
            depth += (c == "(") - (c == ")")
            if depth == 0 and i < len(expr) - 1:
                return expr
        expr = expr[1:-1].strip()
    return expr


def _assign(target: str, expr: str) -> list[str]:
    """``target = expr``, split into statements of at most MAX_TERMS terms when a long flat sum."""
    if expr.count("+") + expr.count("-") < MAX_TERMS:
        return [f"{target} = {expr}"]
    terms = _top_level_terms(expr)
    if terms is None or len(terms) <= MAX_TERMS:
        return [f"{target} = {expr}"]
    lines = [f"{target} = {' '.join(terms[:MAX_TERMS])}"]
    for i in range(MAX_TERMS, len(terms), MAX_TERMS):
        lines.append(f"{target} = {target} {' '.join(terms[i:i + MAX_TERMS])}")
    return lines


@dataclass
class _Plan:
    """One recorded graph, what every generated variant needs to know about it."""

    root: Value
    order: list[Value]
    arg_of: dict[Value, int]  # leaves that are data arguments → index
    n_args: int
    function: str  # the compiled function's name, for the title
    # what the generated code calls things, filled in by name_nodes() (the vectoriser needs none)
    title: str = ""
    ids: dict[Value, str] = field(default_factory=dict)  # node → identifier of its value
    grads: dict[Value, str] = field(default_factory=dict)  # node → identifier of its gradient
    refs: dict[Value, str] = field(default_factory=dict)  # leaf → name of the Value in the namespace
    params: list[str] = field(default_factory=list)  # the function's parameters, one per number
    names: _Names = field(default_factory=_Names)

    def __post_init__(self) -> None:
        self.nodes = _GraphNodes(self)  # what plain_backward() looks for hooks in
        self._leaves: dict[Value, None] | None = None
        self.tracer: dict[Value, str] = {}
        self.named = False

    @property
    def leaves(self) -> dict[Value, None]:
        """The leaves that are not data (parameters and constants), in order."""
        if self._leaves is None:
            self._leaves = {n: None for n in self.order if not n.parents and n not in self.arg_of}
        return self._leaves

    def is_leaf(self, node: Value) -> bool:
        """A leaf that is not data (a parameter or a constant): without building ``leaves``."""
        return not node.parents and node not in self.arg_of

    def release(self) -> None:
        """Drop what only generating code needs (it is found again if another variant is asked
        for): the order of a big graph's nodes too, a list as long as the graph."""
        self._leaves, self.tracer = None, {}
        if not self.ids:  # no name per node was made (the code with loops): nothing refers to it
            self.order = []

    def ordered(self) -> list[Value]:
        """``order``, found again if it was released."""
        if not self.order:
            self.order = topological_order(self.root)
        return self.order

    def name_nodes(self) -> None:
        """Give every node its identifiers, once: the tracer's names made Python names."""
        if self.named:
            return
        tracer = self.tracer = node_names(self.root)
        self.named = True
        for node in self.order:
            self.ids[node] = self.names.new(tracer[node])
        root = self.ids[self.root]
        for node in self.order:
            self.grads[node] = self.names.new(f"d{root}_d{self.ids[node]}")
        for node in self.leaves:
            self.refs[node] = self.names.new(f"{self.ids[node]}_node")
        first: dict[int, str] = {}
        for node in self.order:
            if node in self.arg_of:
                first.setdefault(self.arg_of[node], self.ids[node])
        self.params = [first.get(i, f"_unused{i}") for i in range(self.n_args)]
        label = "".join(c if c.isprintable() else "?" for c in tracer[self.root])
        self.title = f"{label} for one call of {self.function}: forward, then backward in backward()'s order"


class _GraphNodes(Collection[Value]):
    """A plan's nodes for ``plain_backward()``, which iterates them only while some node has a hook:
    found from the root then, not kept as a list the size of the graph."""

    def __init__(self, plan: _Plan) -> None:
        self.plan = plan

    def __iter__(self) -> Iterator[Value]:
        return iter(self.plan.order or topological_order(self.plan.root))

    def __len__(self) -> int:
        return len(self.plan.order or topological_order(self.plan.root))

    def __contains__(self, node: object) -> bool:
        return node in set(self) if isinstance(node, Value) else False


class _Needed:
    """The nodes whose gradient the code computes: those with a parameter or a constant among
    their ancestors (or every node, for the replay). Kept as the few that have none (the data and
    what is computed from the data alone), so a big graph costs no set of all its nodes."""

    def __init__(self, plan: _Plan, everything: bool = False) -> None:
        self.not_needed: set[Value] = set()
        if everything:
            return
        skip = self.not_needed
        for node in plan.order:
            if node.parents:
                if all(q in skip for q in node.parents):
                    skip.add(node)
            elif node in plan.arg_of:
                skip.add(node)

    def __contains__(self, node: Value) -> bool:
        return node not in self.not_needed


class _Generator:
    """Writes one variant of a plan's function.

    ``mode``: "step" (gradients written to the leaves, then the optional update), "accumulate"
    (gradients added to what the leaves hold, like ``backward(accumulate=True)``), "many" (the
    same as "accumulate" for every sample of a list, in a loop inside the generated function,
    the leaves' gradients kept in locals until the end) or "refresh" (every value, local
    derivative and gradient returned, for writing back into the graph).
    """

    in_parts = False  # whether source() compiles parts of the code itself, returning only the rest

    def __init__(self, plan: _Plan, mode: str, update: Update | None = None) -> None:
        self.plan, self.mode, self.update = plan, mode, update
        self.name_nodes()
        self.lines: list[str] = []
        self.namespace: dict[str, object] = {"_fail": _fail, "_real": _real, "math": math}
        self.namespace.update({k: getattr(math, k) for k in dir(math) if not k.startswith("_")})
        self.locals: dict[Value, str] = {}  # refresh mode: node → the tuple of its local derivatives
        self.by_reference: dict[Value, str] = {}  # node → its (value, locals) from op.evaluate
        self.evaluators: dict[Any, str] = {}
        self.powers = False  # x ** n of a negative x and a fractional n is complex, not an error
        self.indent = "    "

    def name_nodes(self) -> None:
        """What the code calls each node's value and gradient (``ids``, ``grads``)."""
        p = self.plan
        p.name_nodes()
        self.ids: Mapping[Value, str] = p.ids
        self.grads: Mapping[Value, str] = p.grads
        self.names = p.names  # the code's identifiers, the nodes' among them
        self.params, self.title = p.params, p.title

    def new_local(self, wanted: str) -> str:
        """A name for something the code computes besides the nodes' values and gradients."""
        return self.plan.names.new(wanted)

    # -- which gradients are needed --
    def needed(self) -> _Needed:
        return _Needed(self.plan, everything=self.mode == "refresh")

    def emit(self, line: str) -> None:
        self.lines.append(self.indent + line)

    def source(self, name: str) -> str:
        arguments = "_samples, _total" if self.mode == "many" else ", ".join(self.params)
        head = [f"def {name}({arguments}):", f"    # {self.title}"]
        self.forward()
        self.backward()
        self.epilogue()
        return "\n".join(head + self.lines) + "\n"

    # -- forward --
    def forward(self) -> None:
        p = self.plan
        self.read_leaves()
        if self.mode == "many":
            self.emit(f"for {', '.join(self.params)}{',' if len(self.params) == 1 else ''} in _samples:")
            self.indent = "        "
        seen_args: set[int] = set()
        for node in p.order:
            if node in p.arg_of:
                i, name = p.arg_of[node], self.ids[node]
                if i in seen_args or self.params[i] != name:
                    self.emit(f"{name} = {self.params[i]}")
                seen_args.add(i)
        for node in p.order:
            if node.parents:
                self.forward_of(node)

    def read_leaves(self) -> None:
        """The leaves' values (and, before a loop over samples, their gradients), read once."""
        p = self.plan
        self.emit("# forward: the leaves (parameters and constants read now), then every operation")
        for node, ref in p.refs.items():
            self.namespace[ref] = node
            self.emit(f"{self.ids[node]} = {ref}._data")  # the engine's own read (no check, no property)
        if self.mode == "many":  # parameters do not change within the loop: read them once
            for node, ref in p.refs.items():
                self.emit(f"{self.grads[node]} = {ref}.grad")

    def forward_of(self, node: Value) -> None:
        code = _unwrapped(self.value_code(node))
        self.powers = self.powers or _may_be_complex(code)
        for line in _assign(self.ids[node], code):
            self.emit(line)

    def value_code(self, node: Value) -> str:
        """The node's value as the table's code form, or by reference to the operation's function."""
        op = op_of(node)
        args = [self.ids[q] for q in node.parents]
        code = op.code(args, node)
        if code is None or op.code_locals(args, self.ids[node], node) is None:  # define_op without code=
            ref = self.evaluator(op)
            both = self.new_local(f"{self.ids[node]}_value_and_locals")
            self.by_reference[node] = both
            self.emit(f"{both} = _real({ref}({', '.join(args)}))")
            return f"{both}[0]"
        return code

    def evaluator(self, op: Any) -> str:
        """A name in the namespace for ``op.evaluate`` (value and local derivatives from floats)."""
        if op not in self.evaluators:
            name = self.names.new(f"{op.name}_evaluate")
            self.evaluators[op] = name
            self.namespace[name] = op.evaluate
        return self.evaluators[op]

    def local_codes(self, node: Value) -> Sequence[str]:
        if node in self.by_reference:
            both = self.by_reference[node]
            return [f"{both}[1][{k}]" for k in range(len(node.parents))]
        local = op_of(node).code_locals([self.ids[q] for q in node.parents], self.ids[node], node)
        assert local is not None
        return local

    # -- backward --
    def backward(self) -> None:
        p = self.plan
        needed = self.needed()
        root = p.root
        self.started = self.started_set()
        self.emit("# backward, in backward()'s order: each node's gradient is complete before it is used")
        started = self.started
        self.add(root, "1.0", started)
        for node in reversed(p.order):
            if node.parents and node in needed:
                self.backward_of(node, needed, started)

    def started_set(self) -> MutableSet[Value]:
        """The nodes whose gradient the code has started (backward() starts it at its first use)."""
        return set()

    def backward_of(self, node: Value, needed: _Needed, started: MutableSet[Value]) -> None:
        """The contributions of one node's gradient to its parents'."""
        p = self.plan
        local = self.local_codes(node)
        if self.mode == "refresh":
            local = self.named_locals(node, local)
        one = node is p.root and not p.is_leaf(node)  # ∂L/∂L is exactly 1.0, and 1.0 * x is x
        g = self.grads[node]
        for parent, expr in zip(node.parents, local, strict=True):
            if parent in needed:
                self.add(parent, _operand(expr) if one else self.product(g, expr), started)

    def named_locals(self, node: Value, local: Sequence[str]) -> list[str]:
        name = self.plan.names.new(f"_local_{self.ids[node]}")
        self.locals[node] = name
        self.emit(f"{name} = ({', '.join(local)}{',' if len(local) == 1 else ''})")
        return [f"{name}[{i}]" for i in range(len(local))]

    @staticmethod
    def product(g: str, local: str) -> str:
        """The contribution ``local * g`` (IEEE multiplication commutes, so the bits are the same)."""
        local = _unwrapped(local)
        if local == "1.0":
            return g
        if local == "-1.0":
            return f"-{g}"
        return f"{g} * {local}" if _atom(local) else f"{g} * ({local})"

    def add(self, node: Value, contribution: str, started: MutableSet[Value]) -> None:
        """``grad(node) += contribution``, starting as backward() starts each node's gradient."""
        d = self.grads[node]
        if node in started:
            self.emit(f"{d} = {d} + {contribution}")
            return
        started.add(node)
        leaf = self.plan.is_leaf(node)
        if self.mode == "many" and leaf:  # started from .grad before the loop over the samples
            self.emit(f"{d} = {d} + {contribution}")
        elif self.mode == "accumulate" and leaf:
            self.emit(f"{d} = {self.plan.refs[node]}.grad + {contribution}")
        elif leaf or self.mode == "refresh":  # backward() starts from 0.0 (0.0 + -0.0 is 0.0)
            self.emit(f"{d} = 0.0 + {contribution}")
        else:  # an intermediate's zero sign cannot reach a leaf, which starts from 0.0
            self.emit(f"{d} = {contribution}")

    # -- epilogue --
    def epilogue(self) -> None:
        p = self.plan
        if self.powers:  # a negative base to a fractional power gives a complex number in Python
            self.emit(f"if type({self.ids[p.root]}) is not float:  # the engine raises there: re-run it")
            self.emit("    _fail()")
        if self.mode == "many":
            self.emit(f"_total += {self.ids[p.root]}")
            self.indent = "    "
        self.emit("# gradients into the leaves")
        self.write_gradients()
        if self.mode == "step" and self.update is not None:
            self.emit_update()
        if self.mode == "refresh":
            values = ", ".join(self.ids[n] for n in p.order)
            grads = ", ".join(self.grads[n] for n in p.order)
            locs = ", ".join(self.locals.get(n, "()") for n in p.order)
            self.emit(f"return ({values},), ({locs},), ({grads},)")
        else:
            self.emit(f"return {'_total' if self.mode == 'many' else self.ids[p.root]}")

    def write_gradients(self) -> None:
        p = self.plan
        for node, ref in p.refs.items():
            self.emit(f"{ref}.grad = {self.grads[node]}")

    def emit_update(self) -> None:
        p, update = self.plan, self.update
        assert update is not None
        triples = []
        for i, param in enumerate(update.parameters):
            if param in p.refs:
                triples.append((p.refs[param], self.ids[param], self.grads[param]))
            else:  # not in this graph: backward() leaves its gradient 0.0 (after zero_grad)
                ref = p.names.new(f"_param{i}")
                self.namespace[ref] = param
                self.emit(f"{ref}.grad = 0.0")
                triples.append((ref, f"{ref}.data", "0.0"))
        lines, namespace = update.code(triples)
        self.emit("# the optimizer's step")
        for line in lines:
            self.emit(line)
        self.namespace.update(namespace)


def _compile(source: str, namespace: dict[str, object], name: str) -> Callable[..., Any]:
    code = compile(source, f"<autograd.jit {name}>", "exec")
    exec(code, namespace)
    return namespace[name]  # type: ignore[return-value]

