"""Check a document's formulas, not only its numbers.

A ``[[formula]]`` entry of a worked example holds a formula as the document prints it::

    [[formula]]
    name = "dL/dw_oi"
    text = '\\frac{dL}{dw_{oi}} = 2(y - \\hat{y}) \\cdot f'(z_o) \\cdot a_i'
    for = { i = [1, 2] }

The left side names a quantity (a derivative, a node's value, or a parameter for an update rule);
the right side is evaluated with the engine's numbers for every name in it, for every index
combination, at the example's point **and** at several random points (parameters, inputs and
targets drawn at random), and compared with the engine's value of the quantity there. A formula
holds when it agrees everywhere; a coincidence at one point cannot pass.

A formula that does not hold is explained only by recomputing: the formula's values are compared
with alternatives (the engine's value with the sign flipped, times 2 or ½, times or divided by a
node's value or a local derivative, the derivative with respect to the transposed weight, the
formula with the updated weights replaced by the old ones or with its indices swapped, one path of
the chain rule instead of their sum); an alternative is named when it agrees at every point. An
update rule ``w = w − η·[…]`` is checked as a step: it should equal θ − η·∂L/∂θ, and the report
says whether one step of it lowers the loss or climbs.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from autograd import GraphError, node_names, topological_order
from nn.check.example import Example, ExampleError
from nn.check.formula_text import RANDOM_POINTS, FormulaEntry
from nn.check.notation import spelled_accents
from nn.check.precision import Printed, parse_printed
from nn.check.report import Cause, CheckRow
from nn.suggest import did_you_mean

if TYPE_CHECKING:
    from nn.check.formula_text import DocName, Formula

__all__ = ["FormulaRow", "check_formulas", "derive", "document_names", "RANDOM_POINTS"]

MAX_PATHS = 64
MAX_INHERITED = 16  # earlier wrong formulas a wrong one is divided by, to find the one it inherits from
_REL, _ABS = 1e-8, 1e-12

_RATE_NAMES = ("η", "eta", "α", "alpha", "lr", "learning_rate")
_LOSS_NAMES = ("L", "E", "E_total", "J", "C", "Loss", "loss")
_SPECIAL = ("e", *_RATE_NAMES)


# ---- the engine's numbers at one point --------------------------------------------------------------
class Point:
    """The engine's graph of the example at one assignment of parameters, inputs and targets."""

    def __init__(self, example: Example, params: dict[str, float], inputs: list[float],
                 targets: list[float]) -> None:
        self.example, self.params, self.inputs, self.targets = example, params, inputs, targets
        with self.assigned():  # the leaves are the network's: use them while they hold these numbers
            self.loss = example.loss()
            self.order = topological_order(self.loss)
            self.names = node_names(self.loss)
            self.values = {self.names[n]: n.data for n in self.order}
            self.loss.backward()
            self.grads = {self.names[n]: n.grad for n in self.order}
        self.node = {self.names[n]: n for n in self.order}
        self._derivatives: dict[str, dict[str, float]] = {self.names[self.loss]: self.grads}
        self.finite = all(math.isfinite(x) for x in (*self.values.values(), *self.grads.values()))

    @property
    def root(self) -> str:
        return self.names[self.loss]

    def derivative(self, of: str, wrt: str) -> float:
        """d(of)/d(wrt) by the engine's backward from ``of`` (0 when wrt does not feed of)."""
        if of not in self._derivatives:
            top = self.node[of]
            with self.assigned():
                top.backward()
                self._derivatives[of] = {self.names[n]: n.grad for n in topological_order(top)}
                self.loss.backward()  # leave the graph as it was
        return self._derivatives[of].get(wrt, 0.0)

    def assigned(self) -> _assigned:
        return _assigned(self.example, self.params, self.inputs, self.targets)

    def updated(self, param: str) -> float:
        """The parameter after one step of gradient descent: θ − η·∂L/∂θ."""
        return self.values[param] - self.example.learning_rate * self.grads[param]

    def loss_with(self, changes: dict[str, float]) -> float:
        """L with some parameters changed (names are parameter names)."""
        with _assigned(self.example, self.params | changes, self.inputs, self.targets):
            return self.example.loss().data

    def local(self, child: str, i: int) -> float:
        return self.node[child].local_grads[i]


class _assigned:
    """Temporarily give the example's network, inputs and targets other numbers."""

    def __init__(self, example: Example, params: dict[str, float], inputs: list[float],
                 targets: list[float]) -> None:
        self.example, self.params, self.inputs, self.targets = example, params, inputs, targets

    def __enter__(self) -> None:
        ex = self.example
        named = _leaves(ex)
        self.saved = ({k: v.data for k, v in named.items()}, ex.inputs, ex.targets)
        for k, v in self.params.items():
            named[k].data = v
        ex.inputs, ex.targets = list(self.inputs), list(self.targets)

    def __exit__(self, *exc: object) -> None:
        ex = self.example
        state, ex.inputs, ex.targets = self.saved
        named = _leaves(ex)
        for k, v in state.items():
            named[k].data = v


def _leaves(example: Example) -> dict[str, Any]:
    """What a random point changes: the parameters, or every leaf of an expression example."""
    leaves = getattr(example.network, "leaves", None)
    return dict(leaves) if isinstance(leaves, dict) else dict(example.network.named_parameters())


def _random_targets(example: Example, rng: random.Random) -> list[float]:
    if example.loss_name not in ("half_squared_error", "squared_error", "mean_squared_error"):
        return list(example.targets)
    return [t + rng.uniform(-0.5, 0.5) for t in example.targets]


def make_points(example: Example, count: int = RANDOM_POINTS, seed: int = 12,
                skipped: list[str] | None = None) -> list[Point]:
    """The example's own point, then ``count`` random points (the same ones on every run).

    A random point where the graph cannot be computed (``log`` of a negative number) or is not
    finite is skipped, and another drawn, up to ``10 · count`` draws; ``skipped`` receives why."""
    params = {k: v.data for k, v in _leaves(example).items()}
    points = [Point(example, params, list(example.inputs), list(example.targets))]
    rng = random.Random(seed)
    tries = 0
    while len(points) < count + 1 and tries < 10 * count:
        tries += 1
        p = {k: v + rng.uniform(-0.5, 0.5) for k, v in params.items()}
        x = [v + rng.uniform(-0.5, 0.5) for v in example.inputs]
        try:
            point = Point(example, p, x, _random_targets(example, rng))
        except (ArithmeticError, ValueError) as e:  # outside an operation's domain
            if skipped is not None:
                skipped.append(str(e))
            continue
        if point.finite:
            points.append(point)
        elif skipped is not None:
            skipped.append("a value or gradient is not finite")
    return points


# ---- names → the engine's numbers -------------------------------------------------------------------
@dataclass(frozen=True)
class Source:
    """What a name in a formula reads: a node's value, a derivative, the rate, a constant."""

    kind: str  # value | derivative | updated | rate | constant
    node: str = ""
    of: str = ""
    constant: float = 0.0

    def at(self, p: Point) -> float:
        if self.kind == "value":
            return p.values[self.node]
        if self.kind == "derivative":
            return p.derivative(self.of, self.node)
        if self.kind == "updated":
            return p.updated(self.node)
        if self.kind == "rate":
            return p.example.learning_rate
        return self.constant

    def __str__(self) -> str:
        if self.kind == "derivative":
            return f"d{self.of}/d{self.node}"
        if self.kind == "updated":
            return f"{self.node} after one step"
        return self.node or self.kind


def _target_names(point: Point) -> dict[str, str]:
    """How tutorials write the targets: target_o1, t_o1, y_o1 (or target, t for one output)."""
    import re

    targets = sorted(n for n, node in point.node.items() if not node.parents and re.fullmatch(r"y\d*", n))
    names: dict[str, str] = {}
    for k, label in enumerate(targets, 1):
        for word in ("target", "t", "y"):
            names |= {f"{word}_o{k}": label, f"{word}_{k}": label} if word != "y" else {f"y_o{k}": label}
        if len(targets) == 1:
            names |= {"target": label, "t": label}
    return names


class Names:
    """The document's names for the network's nodes: labels, the example's aliases, δ, η, L."""

    def __init__(self, example: Example, point: Point) -> None:
        self.point = point
        self.labels = set(point.names.values())
        self.aliases = _target_names(point) | example.aliases()  # the table the numbers use
        self.parameters = {point.names[p] for _, p in example.network.named_parameters()
                           if p in point.names}
        self.lower = {}
        for name in (*self.labels, *self.aliases):
            self.lower.setdefault(name.lower().replace("_", ""), set()).add(self.aliases.get(name, name))

    def node(self, text: str) -> str | None:
        """The node a plain name means: a label, an alias, the same without '_' or in other case."""
        for candidate in (text, text.replace("_", ""), spelled_accents(text)):  # ŷ: y_hat
            found = candidate if candidate in self.labels else self.aliases.get(candidate)
            if found in self.labels:
                return found
        if text in _SPECIAL:  # e and η are constants unless the network names a node so (the reader
            return f"{text}_" if f"{text}_" in self.labels else None  # spells a document's own e as e_)
        folded = self.lower.get(text.lower().replace("_", ""), set()) & self.labels
        if len(folded) == 1:
            return next(iter(folded))
        if text in _LOSS_NAMES:
            return self.point.root
        base, _, sub = text.partition("_")
        if sub.isalpha() and len(sub) > 2:  # Y_target, E_total: the subscript is a word
            return self.node(base)
        return None

    def delta(self, sub: str) -> str | None:
        """δ_X is dL/dz_X: the net input of neuron X."""
        for z in (f"z_{sub}", f"z{sub}", f"{sub}.z"):
            if (node := self.node(z)) is not None:
                return node
        return None

    def source(self, name: DocName) -> Source | None:
        from nn.check.formula_text import DocName

        if name.of is not None:
            of, wrt = self.plain(name.of), self.plain(DocName(name.base, name.sub))
            return Source("derivative", wrt, of) if of and wrt else None
        if name.base in ("δ", "delta") and name.sub and (z := self.delta(name.sub)) is not None:
            return Source("derivative", z, self.point.root)
        node = self.plain(name)
        if node is None:
            return self.special(name)
        if name.updated:
            return Source("updated", node) if node in self.parameters else None
        return Source("value", node)

    def plain(self, name: DocName) -> str | None:
        text = f"{name.base}_{name.sub}" if name.sub else name.base
        if name.base in ("δ", "delta"):
            return None
        return self.node(text)

    def special(self, name: DocName) -> Source | None:
        if name.base in _RATE_NAMES and not name.sub:
            return Source("rate", "η")
        if name.base == "e" and not name.sub:
            return Source("constant", "e", constant=math.e)
        return None

    def known(self, name: DocName) -> bool:
        from nn.check.formula_text import DocName

        return self.source(name) is not None or self.source(DocName(name.base)) is not None

    def listing(self) -> str:
        automatic = {n for n in self.labels if n[:1] in "tc" and n[1:].isdigit()}
        return ", ".join([*sorted(self.labels - automatic), *sorted(self.aliases)])


# ---- one formula at one index combination ---------------------------------------------------------
@dataclass
class Instance:
    """A formula with its indices filled in, ready to evaluate at points."""

    entry: FormulaEntry
    combo: dict[str, str]
    target: Source
    right: Any  # SymPy expression
    sources: dict[Any, Source]  # symbol → where its number comes from
    update: bool
    label: str
    form: int = 0

    def function(self, sources: dict[Any, Source] | None = None) -> Callable[[Point], float]:
        return _evaluator(self.right, sources or self.sources)


def _activation_of(point: Point, node: str | None) -> str:
    """The activation the document's f means at ``node``: the operation of the node it feeds."""
    if node is not None:
        for n in point.order:
            if len(n.parents) == 1 and point.names[n.parents[0]] == node and n.op in _ACTIVATIONS:
                return n.op
    return getattr(point.example.network, "activation", None) or next(
        (n.op for n in point.order if n.op in _ACTIVATIONS), "sigmoid")


_ACTIVATIONS = ("sigmoid", "tanh", "relu", "softplus", "exp")


def _activation_expr(op: str, x: Any) -> Any:
    """The activation as a SymPy expression of ``x``: the operation table's one definition."""
    from autograd.ops import operations

    return operations()[op].sympy([x])


def _concrete_functions(expr: Any, sources: dict[Any, Source], point: Point) -> Any:
    """f(z) and f'(z) → the network's activation at z (and its derivative), as SymPy expressions."""
    import sympy

    act, act_prime = sympy.Function("act"), sympy.Function("act_prime")
    while calls := expr.atoms(act, act_prime):  # σ(w·σ(z_1) + b): the innermost calls first
        innermost = {c for c in calls if not c.args[0].atoms(act, act_prime)}
        concrete = {}
        for call in innermost:
            arg = call.args[0]
            src = sources.get(arg)
            op = _activation_of(point, src.node if src is not None and src.kind == "value" else None)
            t = sympy.Dummy("t")
            form = _activation_expr(op, t)
            if call.func == act_prime:
                form = sympy.diff(form, t)
            concrete[call] = form.subs(t, arg)
        expr = expr.xreplace(concrete)
    return expr


def _evaluator(expr: Any, sources: dict[Any, Source]) -> Callable[[Point], float]:
    import sympy

    symbols = sorted(expr.free_symbols, key=str)
    compiled: list[Callable] = []

    def at(point: Point) -> float:
        if not compiled:  # the activations are the graph's structure: the same at every point
            concrete = _concrete_functions(expr, sources, point)
            # the arguments renamed: a document's name such as `sqrt` or `e` is an argument, never
            # the function or the constant of the same name
            args = [sympy.Symbol(f"_arg{i}") for i in range(len(symbols))]
            concrete = concrete.xreplace(dict(zip(symbols, args)))
            compiled.append(sympy.lambdify(args, concrete, modules=[{"Heaviside": _step}, "math"]))
        try:
            value = complex(compiled[0](*(sources[s].at(point) for s in symbols)))
        except (ArithmeticError, ValueError, TypeError):
            return math.nan
        return value.real if value.imag == 0 else math.nan

    return at


def _step(x: float, at_zero: float = 0.0) -> float:
    return 1.0 if x > 0 else (at_zero if x == 0 else 0.0)


# ---- the verdict -------------------------------------------------------------------------------------
@dataclass
class FormulaRow(CheckRow):
    """A checked formula at one index combination; ``document`` is its value at the example's point.

    It is a report row like a printed number's (kind "formula"): ``number.value`` holds the formula's
    value, ``verdict`` says whether it agrees with the engine at every point.
    """

    formula: str = ""  # the text as written
    target: str = ""  # what the left side is: "gradient", "value", "weight" (an update rule), "loss"
    right_side: str = ""  # the right side as read, indices filled in
    points: int = 0
    agree: int = 0  # at how many points the formula equals the engine

    def as_dict(self) -> dict[str, object]:
        return super().as_dict() | {"formula": self.formula, "right_side": self.right_side,
                                    "target": self.target, "points": self.points, "agree": self.agree}


def _row(entry: FormulaEntry, label: str, quantity: str, document: float, engine: float, ok: bool,
         kind: str) -> FormulaRow:
    from nn.check.example import DocumentNumber

    value = f"{document:.12g}"  # nan, inf and -inf as such: never shown as a number they are not
    printed = parse_printed(value) if math.isfinite(document) else Printed(value, Decimal(value), 0, False)
    source = f"line {entry.line}" if entry.line else f"[[formula]] #{entry.index}"
    number = DocumentNumber(name=label, value=value, kind="formula", quantity=quantity, index=entry.index,
                            line=entry.line, source=source)
    return FormulaRow(number, printed, quantity, engine, "match" if ok else "mismatch",
                      kind="formula", formula=entry.text, target=kind)


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=_REL, abs_tol=_ABS)


def _fits(values: list[float], predicted: list[float]) -> bool:
    return all(_close(a, b) for a, b in zip(values, predicted, strict=True))


class _FormulaChecker:
    def __init__(self, example: Example) -> None:
        self.example = example
        self.skipped: list[str] = []  # why random points were left out
        self.points = make_points(example, skipped=self.skipped)
        self.base = self.points[0]
        self.names = Names(example, self.base)
        self.rows: list[FormulaRow] = []
        self.wrong: list[tuple[Instance, FormulaRow]] = []
        self.steps: dict[str, tuple[float, FormulaRow, FormulaEntry]] = {}
        self.formulas: dict[tuple[str, tuple], Formula] = {}

    # -- reading
    def fail(self, entry: FormulaEntry, message: str) -> Exception:
        at = f", line {entry.line}" if entry.line else ""
        return ExampleError(f"{self.example.where}{at}: [[formula]] #{entry.index} ({entry.name}): {message}",
                            where=self.example.where, table="formula", index=entry.index, key="text",
                            line=entry.line, reason=message)

    def read(self, entry: FormulaEntry) -> Formula:
        key = (entry.text, entry.ranges)  # the same text is read once, however often it is printed
        if key not in self.formulas:
            self.formulas[key] = self._read(entry)
        return self.formulas[key]

    def _read(self, entry: FormulaEntry) -> Formula:
        from nn.check.formula_text import FormulaSyntaxError, read_formula

        combos = entry.combinations()

        def known(name: DocName) -> bool:
            return any(self.names.known(name.indexed(c)) for c in combos)

        try:
            return read_formula(entry.text, known, dict(entry.ranges))
        except FormulaSyntaxError as e:
            raise self.fail(entry, f"cannot read the formula text {entry.text!r}: {e}") from None

    def instances(self, entry: FormulaEntry, formula: Formula) -> Iterator[Instance]:
        for combo in entry.combinations(formula.bound):
            left = formula.left.indexed(combo)
            target = self.names.source(left)
            if target is None:
                raise self.fail(entry, f"the left side {left.text!r} names nothing in this network; "
                                       f"its names are {self.names.listing()}")
            sources = self.sources(entry, formula, combo)
            update = target.kind == "updated" or (  # θ = θ − η·[…], or with η written as a number
                target.kind == "value" and target.node in self.names.parameters
                and any(s.kind == "rate" or s == target for s in sources.values()))
            if update and target.kind == "value":
                target = Source("updated", target.node)
            where = ", ".join(f"{k}={v}" for k, v in combo.items())
            for k, right in enumerate(formula.rights):
                label = entry.name + (f" ({where})" if where else "") + (f" [form {k + 1}]" if k else "")
                yield Instance(entry, combo, target, _indexed(right, formula.names, combo), sources,
                               update, label, k)

    def sources(self, entry: FormulaEntry, formula: Formula, combo: dict[str, str]) -> dict[Any, Source]:
        """Each symbol of the formula (indices filled in) and where its number comes from."""
        import sympy

        sources = {}
        for name in formula.names.values():
            src = self.names.source(name.indexed(combo))
            if src is None:
                raise self.fail(entry, f"{name.indexed(combo).text!r} names nothing in this network; "
                                       f"its names are {self.names.listing()}")
            sources[sympy.Symbol(name.indexed(combo).text)] = src
        return sources

    # -- checking
    def check(self, entry: FormulaEntry) -> None:
        formula = self.read(entry)
        for inst in self.instances(entry, formula):
            self.rows.append(self.verdict(inst))

    def verdict(self, inst: Instance) -> FormulaRow:
        f = inst.function()
        values = [f(p) for p in self.points]
        engine = [inst.target.at(p) for p in self.points]
        agree = sum(_close(a, b) for a, b in zip(values, engine, strict=True))
        quantity = str(inst.target) if not inst.update else f"{inst.target.node} − η·dL/d{inst.target.node}"
        kind = "gradient" if inst.target.kind == "derivative" else ("weight" if inst.update else "value")
        row = _row(inst.entry, inst.label, quantity, values[0], engine[0], agree == len(values), kind)
        row.right_side, row.points, row.agree = _pretty(inst.right), len(values), agree
        if row.verdict == "mismatch" and not all(map(math.isfinite, values)):
            bad = sum(not math.isfinite(v) for v in values)
            row.causes = [Cause("not-finite", f"the formula is not a finite number at {bad} of "
                                f"{len(values)} points (at the example's: {_num(values[0])}); the engine's "
                                "value is finite")]
        elif row.verdict == "mismatch":
            row.causes = self.diagnose(inst, values, engine)
            if agree:
                row.causes.append(Cause("coincidence", f"agrees at {agree} of {len(values)} points only"))
            self.wrong.append((inst, row))
        if inst.update:
            row.causes.append(self.step_effect(inst, values[0]))
            self.steps[inst.target.node] = (values[0], row, inst.entry)
        row.diagnosis = "; ".join(c.text for c in row.causes) or None
        return row

    def step_effect(self, inst: Instance, new: float) -> Cause:
        p = self.base
        before = p.values[p.root]
        after = p.loss_with({inst.target.node: new})
        verb = "lowers" if after < before else ("raises" if after > before else "leaves")
        text = f"one step of this rule alone {verb} L from {_num(before)} to {_num(after)}"
        return Cause("descends", text) if after < before else Cause("climbs", text + ": it climbs")

    # -- diagnosing
    def diagnose(self, inst: Instance, values: list[float], engine: list[float]) -> list[Cause]:
        target = engine
        if inst.update and (left_out := self.rate_left_out(inst, values)) is not None:
            return [left_out]
        if inst.update:  # compare the step's implied gradient with the engine's
            lr = self.example.learning_rate
            values = [(p.values[inst.target.node] - v) / lr for p, v in zip(self.points, values, strict=True)]
            target = [p.grads[inst.target.node] for p in self.points]
        found = [next((cause for diagnosis in _DIAGNOSES if (cause := diagnosis(self, inst, values, target))),
                      Cause("unexplained", "unexplained"))]
        if inst.update and found[0].kind != "unexplained":
            found[0] = Cause(found[0].kind, f"the step is θ − η·[a gradient with {found[0].text}]")
        if (note := self.inherited(inst)) is not None:
            found.append(Cause("inherits", note))
        return found

    def rate_left_out(self, inst: Instance, values: list[float]) -> Cause | None:
        """The rule written without the learning rate (θ − dL/dθ) where the example's η is not 1."""
        lr, node = self.example.learning_rate, inst.target.node
        if not lr or lr == 1.0 or not _fits(values, [p.values[node] - p.grads[node] for p in self.points]):
            return None
        return Cause("learning_rate", f"the learning rate left out: the rule is θ − dL/dθ, not θ − η·dL/dθ "
                     f"with the example's η = {_num(lr)}")

    def inherited(self, inst: Instance) -> str | None:
        """The earliest wrong formula whose right side divides this one's: the error came with it."""
        import sympy

        symbols, tried = inst.right.free_symbols, 0
        for earlier, row in self.wrong:
            if earlier is inst or earlier.entry.index >= inst.entry.index or earlier.update:
                continue
            if not earlier.right.free_symbols or not earlier.right.free_symbols <= symbols:
                continue  # a factor of this right side uses only its names: no division needed to rule it out
            tried += 1
            if tried > MAX_INHERITED:  # bounded: a file of a thousand wrong formulas stays linear
                return None
            ratio = sympy.cancel(inst.right / earlier.right)
            if sympy.fraction(ratio)[1] == 1 and not ratio.free_symbols >= earlier.right.free_symbols:
                return f"inherits the error of {row.number.name} (formula #{earlier.entry.index})"
        return None

    def together(self) -> FormulaRow | None:
        """All update rules at once: what the document's step does to the loss, and the engine's."""
        if len(self.steps) < 2:
            return None
        p = self.base
        new = {k: v for k, (v, _, _) in self.steps.items()}
        proper = {k: p.updated(k) for k in self.steps}
        before, after, engine = p.values[p.root], p.loss_with(new), p.loss_with(proper)
        first = next(iter(self.steps.values()))[2]
        ok = all(row.verdict == "match" for _, row, _ in self.steps.values())
        verb = "lower" if after < before else "raise"
        label = f"the {len(new)} update rules together"
        row = _row(first, label, "L after one step", after, engine, ok, "loss")
        row.right_side, row.points, row.agree = f"L with {', '.join(new)} updated", 1, int(ok)
        effect = f"together they {verb} L from {_num(before)} to {_num(after)}; the engine's step " \
                 f"{'lowers' if engine < before else 'raises'} it to {_num(engine)}"
        row.causes = [Cause("climbs", f"the update rules climb: {effect}") if after >= before else
                      Cause("descends", effect)]
        row.diagnosis = row.causes[0].text
        return row


def _num(x: float) -> str:
    return f"{x:.6g}"


def _pretty(expr: Any) -> str:
    return str(expr).replace("**", "^").replace("*", "·")


def _indexed(expr: Any, names: dict[Any, DocName], combo: dict[str, str]) -> Any:
    import sympy

    if not combo:
        return expr
    return expr.xreplace({s: sympy.Symbol(n.indexed(combo).text) for s, n in names.items()})


# ---- the diagnoses: each recomputes something and says what agrees -----------------------------------
_SCALES = ((-1.0, "sign flipped"), (2.0, "a factor 2 too large"), (0.5, "a factor ½ too small"),
           (-2.0, "sign flipped and a factor 2 too large"), (-0.5, "sign flipped and a factor ½ too small"))
Diagnosis = Callable[["_FormulaChecker", Instance, list[float], list[float]], Cause | None]


def _scaled(check: _FormulaChecker, inst: Instance, values: list[float], engine: list[float]) -> Cause | None:
    if all(e == 0 for e in engine):
        return None
    for scale, text in _SCALES:
        if not _fits(values, [scale * e for e in engine]):
            continue
        if abs(scale) == 1:
            return Cause("sign", text)
        if inst.target.kind == "derivative" and inst.target.of == check.base.root or inst.update:
            return Cause("loss-convention", text + _loss_convention(check, scale))
        return Cause("factor", text)
    return None


def _loss_convention(check: _FormulaChecker, scale: float) -> str:
    """Why a formula a factor 2 or ½ off is the loss convention: the loss named as the example names it
    (an expression graph's loss is its root, named as the document writes it)."""
    which = f"with{'out' if abs(scale) > 1 else ''} the ½"
    if check.example.is_expression:
        return f" (the loss convention: the formula fits {check.base.root} written {which})"
    return (f" (the loss convention: the example's loss is {check.example.loss_name}; the formula fits the "
            f"one {which})")


def _candidates(check: _FormulaChecker) -> Iterator[tuple[str, list[float]]]:
    """Every node's value and every local derivative, at each point, with a name."""
    base = check.base
    seen: list[list[float]] = []
    for name, node in base.node.items():
        if not node.parents and not node.label:
            continue  # an unnamed constant
        vals = [p.values[name] for p in check.points]
        seen.append(vals)
        yield _display(check, name), vals
    for name, node in base.node.items():
        for i, parent in enumerate(node.parents):
            vals = [p.local(name, i) for p in check.points]
            if any(_fits(vals, s) for s in seen):
                continue
            seen.append(vals)
            parent_name = _display(check, base.names[parent])
            yield f"the local derivative ∂{_display(check, name)}/∂{parent_name}", vals


def _factor(check: _FormulaChecker, inst: Instance, values: list[float], engine: list[float]) -> Cause | None:
    if all(e == 0 for e in engine):
        return None
    for name, c in _candidates(check):
        if any(x == 0 for x in c) or all(_close(x, c[0]) for x in c):
            continue  # a constant factor is a scale (above), not a node
        for sign, flipped in ((1.0, ""), (-1.0, "sign flipped and ")):
            if _fits(values, [sign * e * x for e, x in zip(engine, c, strict=True)]):
                return Cause("extra-factor", f"{flipped}an extra factor {name}")
            if _fits(values, [sign * e / x for e, x in zip(engine, c, strict=True)]):
                return Cause("missing-factor", f"{flipped}a missing factor {name}")
    return None


def _transposed_name(check: _FormulaChecker, node: str) -> str | None:
    from nn.check.diagnoses import _transposed

    return _transposed(check.example.network, node)


def _other_quantity(check: _FormulaChecker, inst: Instance, values: list[float],
                    engine: list[float]) -> Cause | None:
    """The formula is right, for another quantity: the transposed weight, another node."""
    t = inst.target
    if t.kind == "updated":
        t = Source("derivative", t.node, check.base.root)
    for other in check.base.node:
        if other == t.node:
            continue
        alt = Source(t.kind, other, t.of)
        if t.kind not in ("derivative", "value"):
            return None
        predicted = [alt.at(p) for p in check.points]
        if all(x == 0 for x in predicted) or not _fits(values, predicted):
            continue
        if other == _transposed_name(check, t.node):
            return Cause("transposed", f"indices transposed: it is {alt}, not {t}")
        return Cause("other-quantity", f"it is {alt}, not {t}")
    return None


def _swapped_indices(check: _FormulaChecker, inst: Instance, values: list[float],
                     engine: list[float]) -> Cause | None:
    """Recompute the right side with two indices swapped, or with each weight transposed."""
    letters = list(inst.combo)
    for a, b in itertools.combinations(letters, 2):
        swapped = inst.combo | {a: inst.combo[b], b: inst.combo[a]}
        f = _swap_evaluator(check, inst, swapped)
        if f is not None and _fits([f(p) for p in check.points], engine):
            return Cause("transposed", f"indices transposed on the right side: with {a} and {b} swapped "
                                       "it holds")
    sources = dict(inst.sources)
    changed = []
    for symbol, src in inst.sources.items():
        other = _transposed_name(check, src.node) if src.kind in ("value", "updated") else None
        if other is not None:
            sources[symbol] = Source(src.kind, other)
            changed.append(f"{_display(check, src.node)} for {_display(check, other)}")
    if changed and _fits([inst.function(sources)(p) for p in check.points], engine):
        return Cause("transposed", f"indices transposed: it writes {', '.join(changed)}")
    return None


def _swap_evaluator(check: _FormulaChecker, inst: Instance, combo: dict[str, str]) -> Callable | None:
    formula = check.read(inst.entry)
    try:
        sources = check.sources(inst.entry, formula, combo)
    except ExampleError:
        return None
    return _evaluator(_indexed(formula.rights[inst.form], formula.names, combo), sources)


def _updated_weights(check: _FormulaChecker, inst: Instance, values: list[float],
                     engine: list[float]) -> Cause | None:
    marked = {s: Source("value", src.node) for s, src in inst.sources.items() if src.kind == "updated"}
    if not marked or inst.update:
        return None
    if _fits([inst.function(inst.sources | marked)(p) for p in check.points], engine):
        shown = [_display(check, s.node) for s in marked.values()]
        names = ", ".join(n.replace(" (", "⁺ (", 1) if " (" in n else n + "⁺" for n in shown)
        return Cause("updated-weights", f"updated instead of old weights: it uses {names} where the chain "
                                        "rule needs the old values")
    return None


def _paths(point: Point, top: str, bottom: str) -> list[list[tuple[str, int]]]:
    """Every path from ``top`` down to ``bottom`` as (node, parent index) edges (at most MAX_PATHS)."""
    found: list[list[tuple[str, int]]] = []

    def walk(name: str, path: list[tuple[str, int]]) -> None:
        if len(found) > MAX_PATHS:
            return
        if name == bottom:
            found.append(list(path))
            return
        for i, parent in enumerate(point.node[name].parents):
            walk(point.names[parent], [*path, (name, i)])

    walk(top, [])
    return found


def _missing_paths(check: _FormulaChecker, inst: Instance, values: list[float],
                   engine: list[float]) -> Cause | None:
    t = inst.target
    if t.kind == "updated":
        t = Source("derivative", t.node, check.base.root)
    if t.kind != "derivative":
        return None
    paths = _paths(check.base, t.of, t.node)
    if not 2 <= len(paths) <= MAX_PATHS:
        return None
    products = [[math.prod(p.local(n, i) for n, i in path) for p in check.points] for path in paths]
    sizes = range(1, len(paths)) if len(paths) <= 10 else range(1, 2)
    for size in sizes:
        for subset in itertools.combinations(range(len(paths)), size):
            total = [sum(products[k][j] for k in subset) for j in range(len(check.points))]
            if _fits(values, total):
                through = "; ".join(_describe_path(check, paths[k]) for k in subset)
                return Cause("missing-paths", f"a missing sum over paths: it is {size} of the {len(paths)} "
                                              f"chain-rule paths from {t.of} to {t.node} ({through})")
    return None


def _describe_path(check: _FormulaChecker, path: list[tuple[str, int]]) -> str:
    base = check.base
    names = [n for n, _ in path] + [base.names[base.node[path[-1][0]].parents[path[-1][1]]]]
    shown = [_display(check, n) for n in names if not (n[:1] == "t" and n[1:].isdigit())]
    return " → ".join(shown)


_DIAGNOSES: tuple[Diagnosis, ...] = (
    _scaled, _updated_weights, _swapped_indices, _other_quantity, _missing_paths, _factor,
)


def _display(check: _FormulaChecker, node: str) -> str:
    """A node by the document's name when the example's aliases give one: a_1 (a_h1)."""
    doc = [k for k, v in check.names.aliases.items() if v == node]
    return f"{doc[0]} ({node})" if doc else node


# ---- entry points -----------------------------------------------------------------------------------
def check_formulas(example: Example, notes: list[str] | None = None) -> list[FormulaRow]:
    """Check every ``[[formula]]`` of the example; raise ExampleError for text that cannot be read.
    ``notes`` receives what the report must say besides the rows (random points skipped)."""
    entries = getattr(example, "formulas", [])
    if not entries:
        return []
    checker = _FormulaChecker(example)
    if checker.skipped and notes is not None:
        n, kept = len(checker.skipped), len(checker.points)
        notes.append(f"Formulas: {n} random point{'s' if n > 1 else ''} left the domain of the graph and "
                     f"{'were' if n > 1 else 'was'} skipped (the first: {checker.skipped[0]}); each formula "
                     f"was checked at {kept} point{'s' if kept > 1 else ''}, the example's own included.")
    for entry in entries:
        checker.check(entry)
    rows = checker.rows
    if (row := checker.together()) is not None:
        rows.append(row)
    return rows


# ---- the other direction: the engine's own formula ------------------------------------------------
def document_names(example: Example) -> dict[str, str]:
    """The graph's names → the names the example's own rows and formulas use (w_o1, ŷ, a_1, …)."""
    import re

    texts = [n.quantity for n in example.document] + [n.name for n in example.document]
    texts += [e.text.replace("\\hat{y}", "ŷ").replace("{", "").replace("}", "") for e in example.formulas]
    used = set()
    for text in texts:
        for token in re.findall(r"[^\W\d_][\w]*", text.replace("/", " ").replace("∂", " ")):
            used |= {token, token[1:] if token[:1] in "d∂" else token}
    for entry in example.formulas:
        for combo in entry.combinations():
            used |= {"".join(combo.get(c, c) for c in u) for u in list(used) if "_" in u}
    names: dict[str, str] = {}
    for alias, label in example.node_aliases().items():  # node names only (not E for L)
        if alias in used and label not in names:
            names[label] = alias
    return names


def unreadable_quantity(quantity: str, unknown: list[str], names: list[str], root: str) -> str:
    """Why ``quantity`` is not a derivative of this example (``unknown``: the names it does not
    have), with the closest names it may mean instead of all of them."""
    text = quantity.replace("∂", "d").replace(" ", "")
    top, slash, bottom = text.partition("/")
    if not slash or not top.startswith("d") or not bottom.startswith("d") or not unknown:
        return (f"cannot read the quantity {quantity!r}: write a derivative such as d{root}/d{names[0]} "
                "(stepgrad formula EXAMPLE QUANTITY)")
    shown = ", ".join(names) if len(names) <= 12 else f"{len(names)} names: steps --forward lists them"
    hints = [f"no name {word!r} here: {did_you_mean(word, names) or '(' + shown + ')'}" for word in unknown]
    return f"cannot read the quantity {quantity!r}: " + "; ".join(hints)


def derive(example: str | Example, quantity: str, latex: bool = False, numbers: bool = False) -> str:
    """``stepgrad formula EXAMPLE dL/dW11``: the engine's formula, in the document's names."""
    from autograd.formulas import formula
    from nn.check.files import load_example

    ex = example if not isinstance(example, str) else load_example(example)
    base = make_points(ex, count=0)[0]
    names = Names(ex, base)
    text = quantity.replace("∂", "d").replace(" ", "")
    top, _, bottom = text.partition("/")
    derivative = top.startswith("d") and bottom.startswith("d")
    of = names.node(top[1:]) if derivative else None
    wrt = names.node(bottom[1:]) if derivative else None
    if derivative and wrt is None and bottom[1:].startswith(("δ", "delta")):
        wrt = names.delta(bottom[1:].removeprefix("delta").removeprefix("δ").lstrip("_"))
    if of is None or wrt is None:
        unknown = [word for word, node in ((top[1:], of), (bottom[1:], wrt)) if derivative and node is None]
        listing = names.listing().split(", ")
        raise ExampleError(f"{ex.where}: {unreadable_quantity(quantity, unknown, listing, ex.root)}")
    if base.node[wrt] not in set(topological_order(base.node[of])):
        raise ExampleError(f"{ex.where}: {quantity!r}: {of} does not depend on {wrt}, so the derivative is 0"
                           + (f"; did you mean d{wrt}/d{of}?" if base.node[of] in
                              set(topological_order(base.node[wrt])) else ""))
    try:
        with base.assigned():
            f = formula(base.node[of], base.node[wrt], document_names(ex))
    except GraphError as e:  # FormulaTooLargeError: more chain-rule paths than a formula can show
        raise ExampleError(f"{ex.where}: {e}") from None
    lines = [f.equation(latex=latex)]
    if numbers:
        lines.append(("  = " if not latex else "  = ") + f.numbers(latex=latex))
    return "\n".join(lines)
