"""The arrays a notebook's code computes as the inferred graph's scalar leaves and nodes.

``array_code.walk_cells`` gives every value the code binds (a ``Tensor`` of engine values, by name
and version) and what each cell displayed. ``array_setup`` writes them in the expression language:

- each element of each binding is a leaf (a number the code states: ``W1__1_2 = 0.2``) or a node
  (``z1__1 = a0__1 * W1__1_1 + … + b1__1``): its engine name is the report's element name
  (``W1[1,2]``, ``x[3]``, ``tensor(…)`` 0-d as ``name__0``) as an identifier; a name bound again
  is a new version (``attn_scores__v2__1_1``);
- an intermediate value used by several elements (the exp of a softmax and their sum) is its own
  node (``tmp__7``); one used once is written inside its user, unless that would be long or deep;
- ``aliases``: the report's names (``W1[1,2]``; ``W_1[1,2]`` for the markdown's spelling of
  ``W1``) for names every version of which holds the same numbers (the text's math means them);
- ``displays``: for each output fence, what each printed expression is (the engine name of the
  version printed, its shape), or why it is not known (random numbers, code not read).

Time and memory are linear in the values: each engine value is visited once, iteratively.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from autograd import Value
from nn.check.reader.array_code import UNSET, Binding, CodeWalk, Unknown
from nn.check.reader.tensors import Tensor, element_label, engine_element
from nn.check.reader.update_names import numbered

__all__ = ["ArraySetup", "Shown", "array_setup", "add_arrays", "MAX_ARRAY_NODES"]

MAX_ARRAY_NODES = 6000  # leaves and nodes the arrays of one document may add (the checker takes 10,000)
_LONG = 240  # characters: a longer intermediate is a node of its own
_DEEP = 24  # nesting: a deeper intermediate is a node of its own
_GROUP = 40  # terms in one sum written out (a root over many outputs is a tree of such sums)
_BINARY = {"add": "+", "sub": "-", "mul": "*", "div": "/"}
_FUNCTIONS = {"exp", "log", "tanh", "sigmoid", "relu", "softplus", "abs"}


@dataclass(frozen=True)
class Shown:
    """A printed expression: the engine name of its value (``z1``, elements ``z1__1``…), its shape; or
    ``reason`` when it is not known."""

    engine: str = ""
    shape: tuple[int, ...] = ()
    reason: str = ""

    def element(self, index: tuple[int, ...]) -> str:
        return f"{self.engine}__0" if not self.shape else engine_element(self.engine, self.shape, index)

    def labels(self, written: str) -> dict[str, str]:
        """The report's element names of the value printed as ``written`` → their engine names."""
        return {element_label(written, self.shape, idx): self.element(idx) for idx in _indices(self.shape)}


@dataclass
class ArraySetup:
    leaves: dict[str, float] = field(default_factory=dict)
    nodes: dict[str, str] = field(default_factory=dict)
    values: dict[str, float] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    # each output fence: its lines, what each printed expression is, the lines each print fills
    displays: list[tuple[int, int, dict[str, Shown], list[tuple[int, int, Shown]]]] = field(
        default_factory=list)
    names: set[str] = field(default_factory=set)  # the code's array names
    # elements computed from numbers a print gave (rounded): how far the rounding can move them
    uncertain: dict[str, float] = field(default_factory=dict)


def _indices(shape: tuple[int, ...]) -> list[tuple[int, ...]]:
    from itertools import product
    return list(product(*map(range, shape)))


def _known(value: object) -> bool:
    return isinstance(value, Tensor) and not value.unknown and all(v is not UNSET for v in value.items)


def _base(binding: Binding) -> str:
    return binding.name if binding.version == 1 else f"{binding.name}__v{binding.version}"


def array_setup(walk: CodeWalk, taken: set[str] | None = None) -> ArraySetup:
    """The leaves, nodes, aliases and displays of the arrays the code computed (see the module)."""
    out = ArraySetup()
    emitted = [b for b in walk.bindings if _known(b.value)]
    elements = sum(b.value.size for b in emitted)
    if elements > MAX_ARRAY_NODES:
        raise ValueError(f"they have {elements:,} elements, more than the {MAX_ARRAY_NODES:,} read: their "
                         "prints are not checked")
    _Writer(out, set(taken or ())).write(emitted)
    out.aliases = _aliases(walk.bindings, taken or set())
    for display in walk.displays:
        shown = {text: _shown(value) for text, value in display.shown.items()}
        spans = [(a, b, _shown(value)) for a, b, value in display.spans]
        out.displays.append((display.first, display.last, shown, spans))
    out.names = {b.name for b in walk.bindings if isinstance(b.value, Tensor)}
    if walk.rounded:
        _uncertainties(walk, out)
    return out


MAX_UNCERTAINTY_WORK = 200_000  # graph nodes visited to bound the effect of printed (rounded) givens


def _uncertainties(walk: CodeWalk, out: ArraySetup) -> None:
    """For each printed element computed from givens a print rounded: Σ |∂y/∂g|·(half a unit of g),
    how far (to first order) the rounding of those givens can move it; ``inf`` past the work budget."""
    from autograd.gradients import grad

    work = 0
    shown = [v for d in walk.displays for v in [*d.shown.values(), *(b for _, _, b in d.spans)]]
    for binding in shown:
        if not isinstance(binding, Binding) or not _known(binding.value):
            continue
        for idx, v in zip(_indices(binding.value.shape), binding.value.items):
            engine = Shown(_base(binding), binding.value.shape).element(idx)
            if engine in out.uncertain:
                continue
            order = _Writer.order([v])
            work += len(order)
            rounded = [n for n in order if id(n) in walk.rounded and walk.rounded[id(n)][0] is n]
            if work > MAX_UNCERTAINTY_WORK:
                out.uncertain[engine] = math.inf
            elif rounded:
                slopes = zip(grad(v, rounded), rounded)
                out.uncertain[engine] = sum(abs(g.data) * walk.rounded[id(n)][1] for g, n in slopes)


def _shown(value: Binding | Unknown) -> Shown:
    if isinstance(value, Unknown):
        return Shown(reason=value.reason)
    if isinstance(value.value, Tensor) and _known(value.value):
        return Shown(_base(value), value.value.shape)
    if isinstance(value.value, Tensor):
        return Shown(reason=value.value.unknown or "some of its elements are never set")
    return Shown(reason="a plain number of the code (read with the other scalars)")


def _aliases(bindings: list[Binding], taken: set[str]) -> dict[str, str]:
    """The report's names of the arrays whose every version holds the same numbers."""
    by_name: dict[str, list[Binding]] = {}
    for b in bindings:
        if not b.name.startswith("printed__"):
            by_name.setdefault(b.name, []).append(b)
    aliases: dict[str, str] = {}
    for name, versions in by_name.items():
        tensors = [b.value for b in versions if isinstance(b.value, Tensor)]
        if len(tensors) != len(versions) or any(t.unknown for t in tensors):
            continue
        full = [b for b in versions if _known(b.value)]
        if not full or any(not _same(b.value, full[0].value) for b in full[1:]):
            continue
        for label, engine in _labels(name, Shown(_base(full[0]), full[0].value.shape), taken).items():
            aliases.setdefault(label, engine)
    return aliases


def _labels(name: str, shown: Shown, taken: set[str]) -> dict[str, str]:
    """The report's element names of the array ``name`` (``W1[1,2]``; ``W_1[1,2]`` for the markdown's
    spelling; ``∂J/∂a_2[1]`` for a name spelling a derivative, ``dJda2``) → their engine names."""
    spellings = [name] + ([f"{m[0]}_{m[1]}"] if (m := numbered(name)) else [])
    labels: dict[str, str] = {}
    for written in spellings:
        if shown.shape or written not in taken:
            labels |= {k: v for k, v in shown.labels(written).items() if k not in labels}
    for top, by in _derivative_spellings(name):
        labels |= {f"∂{top}/∂{k}": v for k, v in shown.labels(by).items() if f"∂{top}/∂{k}" not in labels}
    return labels


_SPELLED_DERIVATIVE = re.compile(r"d([A-Za-z][A-Za-z0-9]*)_d([A-Za-z]\w*)|d([A-Z])d([A-Za-z]\w*)")


def _derivative_spellings(name: str) -> list[tuple[str, str]]:
    """A code name spelling a derivative, as (top, by) pairs for the text's ``∂top/∂by``: ``dJda2``,
    ``dL_dW1`` (a capital letter after the first d, or d…_d…), the numbered name also as ``a_2``."""
    m = _SPELLED_DERIVATIVE.fullmatch(name)
    if m is None:
        return []
    top, by = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    index = numbered(by)
    return [(top, by)] + ([(top, f"{index[0]}_{index[1]}")] if index else [])


def _same(a: Tensor, b: Tensor) -> bool:
    close = [x.data == y.data or abs(x.data - y.data) <= 1e-12 * max(abs(x.data), 1.0)
             for x, y in zip(a.items, b.items)]
    return a.shape == b.shape and all(close)


class _Writer:
    """Engine values to expression-language leaves and nodes, each value visited once."""

    def __init__(self, out: ArraySetup, taken: set[str]) -> None:
        self.out = out
        self.taken = taken
        self.names: dict[int, str] = {}  # id(value) → its engine name
        self.text: dict[int, str] = {}  # id(value) → its text, inline
        self.depth: dict[int, int] = {}
        self.keep: list[Value] = []  # every value seen, alive (so no other takes its id)
        self.temporaries = 0

    def write(self, bindings: list[Binding]) -> None:
        owner: dict[int, tuple[str, int]] = {}
        for b in bindings:
            for idx, v in zip(_indices(b.value.shape), b.value.items):
                if math.isfinite(v.data):  # the checker takes finite nodes; -inf of a mask stays inline
                    owner.setdefault(id(v), (Shown(_base(b), b.value.shape).element(idx), b.line))
        users = self.users([v for b in bindings for v in b.value.items])
        for v in self.order([v for b in bindings for v in b.value.items]):
            self.visit(v, owner.get(id(v)), users.get(id(v), 0))
        for b in bindings:  # a name bound to values named before (a0 = x): a node naming them
            for idx, v in zip(_indices(b.value.shape), b.value.items):
                engine = Shown(_base(b), b.value.shape).element(idx)
                if engine not in self.out.values and id(v) in self.names:
                    self.add(engine, self.names[id(v)], v.data, b.line)

    def users(self, roots: list[Value]) -> dict[int, int]:
        count: dict[int, int] = {}
        seen: set[int] = set()
        stack = list(roots)
        while stack:
            v = stack.pop()
            if id(v) in seen:
                continue
            seen.add(id(v))
            self.keep.append(v)
            for p in v.parents:
                count[id(p)] = count.get(id(p), 0) + 1
                stack.append(p)
        return count

    @staticmethod
    def order(roots: list[Value]) -> list[Value]:
        """Every value reachable from ``roots``, parents first (iterative depth-first post-order)."""
        order: list[Value] = []
        seen: set[int] = set()
        for root in roots:
            if id(root) in seen:
                continue
            seen.add(id(root))
            stack = [(root, iter(root.parents))]
            while stack:
                node, parents = stack[-1]
                for p in parents:
                    if id(p) not in seen:
                        seen.add(id(p))
                        stack.append((p, iter(p.parents)))
                        break
                else:
                    stack.pop()
                    order.append(node)
        return order

    def visit(self, v: Value, owner: tuple[str, int] | None, users: int) -> None:
        if not v.parents:
            if owner is not None:
                self.names[id(v)] = owner[0]
                self.out.leaves[owner[0]] = v.data
                self.out.values[owner[0]] = v.data
                self.out.lines[owner[0]] = owner[1]
            else:
                self.text[id(v)], self.depth[id(v)] = _number(v.data), 0
            return
        text, depth = self.expression(v)
        if owner is not None:
            self.names[id(v)] = owner[0]
            self.add(owner[0], text, v.data, owner[1])
        elif math.isfinite(v.data) and (users > 1 or len(text) > _LONG or depth > _DEEP):
            self.temporaries += 1
            name = f"tmp__{self.temporaries}"
            while name in self.taken:
                self.temporaries += 1
                name = f"tmp__{self.temporaries}"
            self.names[id(v)] = name
            self.add(name, text, v.data, 0)
        else:
            self.text[id(v)], self.depth[id(v)] = text, depth

    def operand(self, v: Value) -> tuple[str, int]:
        if id(v) in self.names:
            return self.names[id(v)], 0
        text = self.text[id(v)]
        return (text if not v.parents and not text.startswith("-") else f"({text})"), self.depth[id(v)]

    def expression(self, v: Value) -> tuple[str, int]:
        args = [self.operand(p) for p in v.parents]
        depth = 1 + max(d for _, d in args)
        texts = [t for t, _ in args]
        name = v.op.name if v.op is not None else ""
        if name == "wsum":
            terms = [f"{texts[k]} * {texts[k + 1]}" for k in range(0, len(texts) - 1, 2)]
            terms += [texts[-1]] if len(texts) % 2 else []
            return _balanced(terms), depth + math.ceil(math.log2(max(len(terms), 1)))
        if name in _BINARY:
            return f"{texts[0]} {_BINARY[name]} {texts[1]}", depth
        if name == "neg":
            return f"-{texts[0]}", depth
        if name == "pow":
            return f"{texts[0]} ** {float(v.op.params['n'])!r}", depth
        if name in _FUNCTIONS or name in {"max", "min"}:
            return f"{name}({', '.join(texts)})", depth
        raise ValueError(f"the operation {name} has no expression")

    def add(self, name: str, text: str, value: float, line: int) -> None:
        self.out.nodes[name] = text
        self.out.values[name] = value
        self.out.lines[name] = line


def _number(x: float) -> str:
    """A constant as the expression language reads it (±inf as ±1e999, which Python reads as inf)."""
    if math.isnan(x):
        return "(0.0 * 1e999)"  # nan, as Python computes it
    if math.isinf(x):
        return "1e999" if x > 0 else "-1e999"
    return repr(float(x))


def _balanced(terms: list[str]) -> str:
    """``a + b + c + d`` bracketed as a balanced tree, so a long sum is not a deep one."""
    while len(terms) > 2:
        terms = [f"({terms[k]} + {terms[k + 1]})" for k in range(0, len(terms) - 1, 2)] + (
            [terms[-1]] if len(terms) % 2 else [])
    return " + ".join(terms)


def sum_of(names: list[str], prefix: str, add) -> str:
    """One name for the sum of ``names``: sums of at most ``_GROUP`` terms, grouped again as needed
    (``add(name, text)`` records each group's node)."""
    level, k = list(names), 0
    while len(level) > 1:
        grouped = []
        for start in range(0, len(level), _GROUP):
            k += 1
            add(f"{prefix}__{k}", _balanced(level[start:start + _GROUP]))
            grouped.append(f"{prefix}__{k}")
        level = grouped
    return level[0]


ROOT = "outputs__sum"


def add_arrays(found, walk: CodeWalk) -> None:
    """The arrays of ``walk`` added to an inference's ``Inferred`` (``found``): their leaves, nodes,
    aliases and displays; when the document differentiates none of its nodes, the root is the sum
    of every output, so that every value computed is checked. Over ``MAX_ARRAY_NODES`` the arrays
    are left out, with a note saying so."""
    if not walk.bindings:
        return
    try:
        arrays = array_setup(walk, set(found.values))
    except (ValueError, RecursionError) as e:
        found.notes.append(f"the arrays of the code are not read: {e}")
        return
    problem = _unloadable(arrays, set(found.values))
    if problem:
        found.notes.append(f"the arrays of the code are not read: {problem}")
        return
    if len(arrays.values) > MAX_ARRAY_NODES:
        found.notes.append(f"the arrays of the code have {len(arrays.values):,} elements and intermediate "
                           f"values, more than the {MAX_ARRAY_NODES:,} read: their prints are not checked")
        return
    fresh = [n for n in arrays.values if n not in found.values]
    for name in fresh:
        if name in arrays.leaves:
            found.leaves[name] = arrays.leaves[name]
        else:
            found.nodes[name] = arrays.nodes[name]
        found.values[name] = arrays.values[name]
        found.lines[name] = arrays.lines[name]
    for alias, engine in arrays.aliases.items():
        found.aliases.setdefault(alias, engine)
    _stated_and_computed(found, arrays)
    found.displays = arrays.displays
    found.array_names = arrays.names
    found.array_uncertain = arrays.uncertain
    root_of_outputs(found, _outputs(found.nodes))


def root_of_outputs(found, outputs: list[str]) -> None:
    """When the document differentiates none of its nodes and computes several ``outputs`` (nothing is
    computed from them), the root is their sum, so that every value computed and every given it is
    computed from is in the graph (the last node alone leaves the others' givens out)."""
    differentiated = [n for n in found.tops if n in found.nodes]
    if differentiated or found.root_node or len(outputs) < 2:
        return

    def add(name: str, text: str) -> None:
        found.nodes[name] = text
        found.lines[name] = 0
    found.root_node = sum_of(outputs, ROOT, add)


def matrix_outputs(nodes: dict[str, str], elements: set[str], helpers: set[str]) -> list[str]:
    """The outputs of a graph whose every output (no helper) is an element of a matrix the text defines
    (``Y = XW + b``: its six elements); [] when some output is a scalar of its own (a loss)."""
    outputs = [n for n in _outputs(nodes) if n not in helpers]
    return outputs if outputs and all(n in elements for n in outputs) else []


STATED_CLOSE = 0.05  # relative: a grid the text gives is the code's array when every element is this close


def _stated_and_computed(found, arrays: ArraySetup) -> None:
    """A grid the text gives (``a_1 = [0.9866 0.9950]``: its elements leaves) that the code computes
    under the same name (``a1 = sigmoid(z1)``, same shape, each element within ``STATED_CLOSE``): the
    text's numbers are the code's values as printed, so its element names mean the code's elements
    (checked against them); the text's leaves stay what its own arithmetic starts from."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for label, code in arrays.aliases.items():
        text = found.aliases.get(label)
        if "[" in label and text is not None and text != code:
            groups.setdefault(label.partition("[")[0], []).append((label, text, code))
    stated = Counter(label.partition("[")[0] for label in found.aliases if "[" in label)
    for base, pairs in groups.items():
        if len(pairs) == stated[base] and all(
                text in found.leaves and code in arrays.nodes
                and abs(found.values[text] - arrays.values[code]) <= STATED_CLOSE * abs(arrays.values[code])
                for _, text, code in pairs):
            for label, _, code in pairs:
                found.aliases[label] = code


def _unloadable(arrays: ArraySetup, known: set[str]) -> str:
    """Why the checker would refuse the arrays' leaves and nodes ("" when it takes them)."""
    from nn.check.expressions import ExpressionError, parse

    defined = set(known)
    for name, value in arrays.values.items():
        if name in arrays.leaves:
            if not math.isfinite(value):
                return f"{name} is {value}"
        else:
            try:
                parse(arrays.nodes[name], defined)
            except ExpressionError as e:
                return f"{name}: {e}"
        defined.add(name)
    return ""


def _outputs(nodes: dict[str, str]) -> list[str]:
    used = set(re.findall(r"[A-Za-z_]\w*", " ".join(nodes.values())))
    return [n for n in nodes if n not in used]
