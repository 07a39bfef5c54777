"""Check a document's hand-derived numbers against the engine, and say why the wrong ones are wrong.

Each ``[[document]]`` number of a worked example names an engine quantity (``quantity``) and how
many update steps came before it (``after``). The checker recomputes it with the engine and rounds
the result to the printed precision: the number *matches* when the two are equal.

A mismatch is explained only by reproducing it: the example is recomputed under an alternative
(the other loss convention, the updated instead of the old weights, an earlier rounded number
carried forward, ...) and the alternative is named when its result, rounded the same way, equals
the printed number. When no alternative reproduces it, the diagnosis is "unexplained".

Quantities are written as the documents write them:

    a_h1, z_o1, L, W31       the value of a node or a parameter (after `after` steps)
    dL/dW31, dL/da_h1        a derivative of the loss (∂ works too)
    delta_h1, δ_h1           a neuron's δ, i.e. dL/dz_h1
    da_o1/dz_o1              any other derivative, e.g. the local one a(1 − a)
"""

from __future__ import annotations

import decimal
import math
import re
from dataclasses import dataclass, field, replace
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path

from autograd import Value, topological_order
from autograd.engine import propagate_node
from nn.check.files import DocumentNumber, Example, ExampleError, load_example
from nn.layers import MLP
from nn.losses import LOSSES
from nn.networks import DocumentNetwork, SharedBiasNetwork

__all__ = [
    "check_example",
    "CheckReport",
    "CheckRow",
    "Printed",
    "parse_printed",
    "agrees",
    "format_report",
]

# Floating-point noise (0.7·0.3 = 0.20999999999999999) is dropped by first taking the engine's
# value to this many significant digits; hand-derived documents never print more.
ENGINE_DIGITS = 12


# ---- printed numbers and their precision ------------------------------------------------------
@dataclass(frozen=True)
class Printed:
    """A number as a document prints it: its value and the place of its last printed digit."""

    text: str
    value: Decimal
    exponent: int  # the last printed digit is in the 10**exponent place: "-0.0105" → -4
    approximate: bool  # written with "≈" or "~": counted the same way (see agrees)

    @property
    def decimals(self) -> int:
        return max(0, -self.exponent)


_APPROX_MARKS = ("≈", "~=", "~")


def parse_printed(text: str) -> Printed:
    """Read a printed number: "-0.0105", "≈ -0.00101", "−0.05" (Unicode minus), "5.05e-5"."""
    s = text.strip()
    approximate = False
    for mark in _APPROX_MARKS:
        if s.startswith(mark):
            s, approximate = s[len(mark):].strip(), True
            break
    s = s.replace("−", "-").replace(" ", "")
    try:
        d = Decimal(s)
    except decimal.InvalidOperation:
        raise ValueError(
            f"{text!r} is not a number as printed (e.g. \"-0.0105\" or \"≈ 0.4030975\")"
        ) from None
    if not d.is_finite():
        raise ValueError(f"{text!r} is not a finite number")
    return Printed(text, d, int(d.as_tuple().exponent), approximate)


def rounded(x: float, exponent: int, rounding: str = ROUND_HALF_UP) -> Decimal:
    """x to the 10**exponent place: half away from zero (as people round by hand) or truncated."""
    with decimal.localcontext() as ctx:
        ctx.prec = 400
        clean = Decimal(f"{x:.{ENGINE_DIGITS}g}")
        return clean.quantize(Decimal((0, (1,), exponent)), rounding=rounding)


def agrees(printed: Printed, x: float, rounding: str = ROUND_HALF_UP) -> bool:
    """Does the engine's x, rounded to the printed precision, read as the printed number?

    "≈ -0.00101" and "= -0.00101" count the same: documents write "=" for rounded numbers as
    often as "≈", so the printed digits, not the sign before them, say how precise a number is.
    Trailing zeros are digits: "0.40" is compared at 2 decimal places.
    """
    if not math.isfinite(x):
        return False
    return rounded(x, printed.exponent, rounding) == printed.value


# ---- engine quantities ----------------------------------------------------------------------
@dataclass(frozen=True)
class Quantity:
    """``of`` None: the value of ``node``; otherwise the derivative d(of)/d(node)."""

    node: str
    of: str | None = None

    def __str__(self) -> str:
        return self.node if self.of is None else f"d{self.of}/d{self.node}"


@dataclass(frozen=True)
class Convention:
    """How a run computes: the example's own settings, or one alternative to them."""

    loss_scale: float = 1.0
    hidden_deltas: str = "old_weights"
    update_biases: bool = True
    ascent: bool = False  # the update adds η·dL/dθ instead of subtracting it
    carried: tuple[tuple[int, str, float], ...] = ()  # (step, node, gradient used instead)


class Run:
    """The example's parameters after 0, 1, 2, ... steps under one convention, and any quantity.

    Gradients come from the engine's ``backward``. Two alternatives need the chain rule changed,
    and are done on the engine's own graph: a carried number replaces one node's gradient as the
    backward pass reaches it; "updated weights" rewrites a weighted sum's local derivative with
    respect to its input (which is the weight) to the weight's new value, layer by layer.
    """

    def __init__(self, example: Example, convention: Convention, initial: dict[str, float]) -> None:
        self.example = example
        self.convention = convention
        self.params = dict(example.network.named_parameters())
        self.states = [dict(initial)]
        self._at: dict[int, tuple[dict[str, float], dict[str, float]]] = {}

    def _load(self, n: int) -> None:
        while len(self.states) <= n:
            self.states.append(self._step(len(self.states) - 1))
        for name, v in self.states[n].items():
            self.params[name].data = v

    def _graph(self, n: int) -> tuple[Value, list[Value], dict[str, Value]]:
        self._load(n)
        ex, conv = self.example, self.convention
        loss = LOSSES[ex.loss_name](ex.output(), ex.targets)
        if conv.loss_scale != 1.0:
            loss.label = "L_unscaled"
            loss = (loss * conv.loss_scale).named("L")
        order = topological_order(loss)
        nodes = {node.label: node for node in order if node.label}
        return loss, order, nodes

    def _sign(self) -> float:
        return -1.0 if self.convention.ascent else 1.0

    def _backward(self, loss: Value, order: list[Value], nodes: dict[str, Value], n: int) -> None:
        conv = self.convention
        carried = {nodes[name]: g for step, name, g in conv.carried if step == n and name in nodes}
        local_grads: dict[Value, tuple[float, ...]] = {}  # replaced local derivatives; the graph is untouched
        if conv.hidden_deltas == "updated_weights":
            levels = _weighted_sum_levels(order)
            params = set(self.params.values())
            lr = self._sign() * self.example.learning_rate
            for level in range(1, max(levels.values(), default=0)):
                _propagate(loss, order, carried, local_grads)
                for node, lv in levels.items():
                    if lv != level:
                        continue
                    local = list(local_grads.get(node, node.local_grads))
                    for i in range(0, len(node.parents) - 1, 2):
                        w = node.parents[i]
                        if w in params:
                            local[i + 1] = w.data - lr * w.grad
                    local_grads[node] = tuple(local)
        _propagate(loss, order, carried, local_grads)

    def _step(self, n: int) -> dict[str, float]:
        loss, order, nodes = self._graph(n)
        self._backward(loss, order, nodes, n)
        biases = _biases(order)
        lr = self._sign() * self.example.learning_rate
        new = {}
        for name, p in self.params.items():
            frozen = p in biases and not self.convention.update_biases
            new[name] = p.data if frozen else p.data - lr * p.grad
        return new

    def value(self, q: Quantity, n: int) -> float:
        """The quantity after n steps of this run."""
        if q.of is None or q.of == "L":
            if n not in self._at:
                loss, order, nodes = self._graph(n)
                self._backward(loss, order, nodes, n)
                self._at[n] = ({k: v.data for k, v in nodes.items()}, {k: v.grad for k, v in nodes.items()})
            values, grads = self._at[n]
            return values[q.node] if q.of is None else grads[q.node]
        _, _, nodes = self._graph(n)
        top, node = nodes[q.of], nodes[q.node]
        if node not in set(topological_order(top)):
            return 0.0
        top.backward()
        return node.grad


def _propagate(
    loss: Value, order: list[Value], carried: dict[Value, float], local_grads: dict[Value, tuple[float, ...]]
) -> None:
    """The engine's backward, or the same pass with some nodes' gradients or local derivatives replaced."""
    if not carried and not local_grads:
        loss.backward()
        return
    for node in order:
        node.grad = 0.0
    loss.grad = 1.0
    for node in reversed(order):
        if node in carried:
            node.grad = carried[node]
        if node.parents:
            propagate_node(node, local_grads.get(node))  # the engine's chain rule, with replaced locals


def _weighted_sum_levels(order: list[Value]) -> dict[Value, int]:
    """Each weighted-sum node's layer counted from the output: output neurons' z are level 1."""
    above: dict[Value, int] = {}
    levels: dict[Value, int] = {}
    for node in reversed(order):
        mine = above.get(node, 0)
        if node.op == "wsum":
            levels[node] = mine + 1
        for parent in node.parents:
            above[parent] = max(above.get(parent, 0), mine + (node.op == "wsum"))
    return levels


def _biases(order: list[Value]) -> set[Value]:
    """The leaves added as a weighted sum's last, unweighted term: (w1, x1, ..., b)."""
    return {n.parents[-1] for n in order if n.op == "wsum" and len(n.parents) % 2 == 1}


def _transposed(network: object, name: str) -> str | None:
    """The weight with the two indices swapped (W12 ↔ W21), or None when there is none."""
    if isinstance(network, DocumentNetwork):
        m = re.fullmatch(r"W(\d)(\d)", name)
        other = m and f"W{m.group(2)}{m.group(1)}"
        return other if other and other != name and other in dict(network.named_parameters()) else None
    if isinstance(network, SharedBiasNetwork):
        return {"w2": "w3", "w3": "w2", "w6": "w7", "w7": "w6"}.get(name)
    if isinstance(network, MLP):
        m = re.fullmatch(r"L(\d+)\.N(\d+)\.w(\d+)", name)
        other = m and f"L{m.group(1)}.N{m.group(3)}.w{m.group(2)}"
        return other if other and other != name and other in dict(network.named_parameters()) else None
    return None


# ---- the report ------------------------------------------------------------------------------
@dataclass
class CheckRow:
    """One printed number: what the engine computes for it, the verdict, and why if it differs."""

    number: DocumentNumber
    printed: Printed
    quantity: Quantity
    engine: float
    verdict: str  # "match" or "mismatch"
    diagnosis: str | None = None

    @property
    def difference(self) -> float:
        """Document minus engine, without the engine's floating-point noise (exact agreement is 0)."""
        return float(self.printed.value - Decimal(f"{self.engine:.{ENGINE_DIGITS}g}"))

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.number.name,
            "document": self.number.value,
            "engine": self.engine,
            "verdict": self.verdict,
            "diagnosis": self.diagnosis,
            "quantity": str(self.quantity),
            "kind": self.number.kind,
            "after": self.number.after,
            "difference": self.difference,
        }


@dataclass
class CheckReport:
    example: Example
    rows: list[CheckRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(r.verdict == "match" for r in self.rows)

    def as_dict(self) -> dict[str, object]:
        return {
            "example": self.example.name,
            "title": self.example.title,
            "assumptions": list(self.example.assumptions),
            "rows": [r.as_dict() for r in self.rows],
        }


_VALUE_KINDS = {"loss", "output", "activation", "net_input", "input"}
_PARAMETER_KINDS = {"weight", "bias"}
_LOSS_GRADIENT_KINDS = {"delta", "gradient"}


class _Checker:
    def __init__(self, example: Example) -> None:
        self.example = example
        self.initial = example.network.state()
        self.base = Convention(
            hidden_deltas=example.rule.hidden_deltas, update_biases=example.rule.update_biases
        )
        self.runs: dict[Convention, Run] = {}
        loss = example.loss()
        order = topological_order(loss)
        self.nodes = {n.label: n for n in order if n.label}
        self.parameter_names = {n for n, _ in example.network.named_parameters()}
        self.aliases = example.node_aliases()

    def run(self, convention: Convention) -> Run:
        if convention not in self.runs:
            self.runs[convention] = Run(self.example, convention, self.initial)
        return self.runs[convention]

    def fail(self, number: DocumentNumber, message: str, key: str = "value") -> ExampleError:
        line = number.lines.get(key, number.line)
        at = f", line {line}" if line else ""
        row = f"[[document]] #{number.index} ({number.name})"
        return ExampleError(f"{self.example.where}{at}: {row}: {message}")

    # -- reading a row
    def resolve(self, number: DocumentNumber, name: str) -> str:
        name = self.aliases.get(name, name)
        if name not in self.nodes:
            raise self.fail(
                number,
                f"quantity {number.quantity!r}: this network has no node or parameter {name!r}; "
                f"its names are {', '.join(self.nodes)}",
                "quantity",
            )
        return name

    def quantity(self, number: DocumentNumber) -> Quantity:
        text = number.quantity.replace("∂", "d").replace(" ", "")
        if "/" in text:
            top, _, bottom = text.partition("/")
            if not (top.startswith("d") and bottom.startswith("d") and len(top) > 1 and len(bottom) > 1):
                raise self.fail(number, f"quantity {number.quantity!r}: write a derivative as dL/dW31 or "
                                        "da_o1/dz_o1", "quantity")
            q = Quantity(self.resolve(number, bottom[1:]), self.resolve(number, top[1:]))
        elif m := re.fullmatch(r"(?:delta_|δ_?)(.+)", text):
            neuron = self.aliases.get(m.group(1), m.group(1))
            for z in (f"z_{neuron}", f"{neuron}.z", self.aliases.get(f"z_{neuron}", "")):
                if z in self.nodes:
                    q = Quantity(z, "L")
                    break
            else:
                raise self.fail(number, f"quantity {number.quantity!r}: no neuron {neuron!r} (its net input "
                                        f"z_{neuron} or {neuron}.z is not in the graph); names are "
                                        f"{', '.join(self.nodes)}", "quantity")
        else:
            q = Quantity(self.resolve(number, text))
        self.check_kind(number, q)
        return q

    def check_kind(self, number: DocumentNumber, q: Quantity) -> None:
        kind, is_param = number.kind, q.node in self.parameter_names
        problem = None
        if kind in _VALUE_KINDS | _PARAMETER_KINDS and q.of is not None:
            problem = "is a derivative; use kind = 'gradient', 'delta' or 'derivative'"
        elif kind == "loss" and q.node != "L":
            problem = "is not the loss L"
        elif kind in _VALUE_KINDS and is_param:
            problem = "is a parameter; use kind = 'weight' or 'bias'"
        elif kind in _PARAMETER_KINDS and not is_param:
            problem = "is not a parameter"
        elif kind in _LOSS_GRADIENT_KINDS and q.of != "L":
            problem = "is not a derivative of the loss (write dL/d...)"
        elif kind == "delta" and self.nodes[q.node].op != "wsum":
            problem = "is not a neuron's δ = dL/dz (write delta_h1 or dL/dz_h1)"
        elif kind == "derivative" and q.of is None:
            problem = "is not a derivative (write dA/dB)"
        if problem:
            raise self.fail(number, f"kind = {kind!r}, but quantity {number.quantity!r} {problem}", "kind")

    # -- diagnosing a mismatch
    def diagnose(self, row: CheckRow, earlier: list[CheckRow]) -> str:
        p, q, n, engine = row.printed, row.quantity, row.number.after, row.engine
        base = self.run(self.base)
        found: list[str] = []

        def fits(convention: Convention, quantity: Quantity = q, step: int = n) -> float | None:
            value = self.run(convention).value(quantity, step)
            return value if agrees(p, value) else None

        inherited = None
        for e in earlier:
            eq = e.quantity
            if eq.of != "L" or e.number.after > n or float(e.printed.value) == e.engine:
                continue
            carried = replace(self.base, carried=((e.number.after, eq.node, float(e.printed.value)),))
            if fits(carried) is None:
                continue
            if agrees(e.printed, e.engine) or agrees(e.printed, e.engine, ROUND_DOWN):
                found.append(f"carried from an earlier rounded number: it is what {e.number.name} = "
                             f"{e.printed.value} gives, not the exact {_short(e.engine)}")
            elif inherited is None:
                inherited = f"inherits the error of the earlier {e.number.name} = {e.printed.value}"
        if agrees(p, engine, ROUND_DOWN):
            found.append(f"truncated instead of rounded: {_short(engine)} rounds to "
                         f"{rounded(engine, p.exponent)}, truncates to {p.value}")
        if engine != 0.0 and agrees(p, -engine):
            found.append(f"sign flipped: the engine gives {_short(engine)}")
        if n >= 1 and fits(replace(self.base, ascent=True)) is not None:
            text = "sign flipped in the update: the document's step adds η·dL/dθ, so it goes uphill"
            if q == Quantity("L"):
                before = base.value(q, n - 1)
                text += (f"; its step {'raises' if p.value > rounded(before, p.exponent) else 'lowers'} "
                         f"the loss from {_short(before)} to {p.value}, the engine's step "
                         f"{'lowers' if engine < before else 'raises'} it to {_short(engine)}")
            found.append(text)
        for scale, how in ((2.0, "× 2"), (0.5, "× ½")):
            if fits(replace(self.base, loss_scale=scale)) is not None:
                declared = self.example.loss_name
                found.append(f"factor 2 from the loss convention: the number fits L = "
                             f"{_LOSS_FORMULA[declared]} {how}, not the declared {declared}")
        other = "old_weights" if self.base.hidden_deltas == "updated_weights" else "updated_weights"
        if fits(replace(self.base, hidden_deltas=other)) is not None:
            found.append(
                "updated instead of old weights used downstream: the hidden δs were computed with the "
                "output weights after this step's update" if other == "updated_weights" else
                "old instead of updated weights used downstream, although the example declares "
                "hidden_deltas = 'updated_weights'"
            )
        iterations = self.example.rule.iterations
        for m in (n - 1, n + 1):
            if 0 <= m <= iterations + 1 and fits(self.base, q, m) is not None:
                found.append(f"off by one iteration: it is the value after {m} step{'s' if m != 1 else ''}, "
                             f"not after {n}")
        if (t := _transposed(self.example.network, q.node)) is not None:
            tq = Quantity(t, q.of)
            if fits(self.base, tq) is not None:
                found.append(f"indices transposed: it is {tq}, not {q}")
        if inherited:
            found.append(inherited)
        return "; ".join(found) if found else "unexplained"

    def check(self) -> CheckReport:
        report = CheckReport(self.example)
        if not self.example.document:
            raise ExampleError(f"{self.example.where}: no [[document]] numbers to check; add one table per "
                               "printed number (see the README, \"Checking a document's numbers\")")
        rows = []
        for number in self.example.document:
            try:
                printed = parse_printed(number.value)
            except ValueError as e:
                raise self.fail(number, f"value {e}") from None
            rows.append((number, printed, self.quantity(number)))
        base = self.run(self.base)
        for number, printed, q in rows:
            engine = base.value(q, number.after)
            row = CheckRow(number, printed, q, engine, "match" if agrees(printed, engine) else "mismatch")
            if row.verdict == "mismatch":
                row.diagnosis = self.diagnose(row, report.rows)
            report.rows.append(row)
        return report


_LOSS_FORMULA = {
    "half_squared_error": "½·Σ(y − ŷ)²",
    "squared_error": "Σ(y − ŷ)²",
    "mean_squared_error": "(1/n)·Σ(y − ŷ)²",
}


def _short(x: float) -> str:
    return f"{x:.{ENGINE_DIGITS}g}" if abs(x) >= 1e-4 or x == 0 else f"{Decimal(f'{x:.9g}'):f}"


def check_example(example: str | Path | Example) -> CheckReport:
    """Recompute every ``[[document]]`` number of a worked example and judge it.

    ``example`` is a bundled example's name, a ``.toml`` path or a loaded Example. Raises
    ExampleError (naming the file, the row and the line) for a file that cannot be checked.
    The example's network is left with the parameters it was loaded with.
    """
    ex = example if isinstance(example, Example) else load_example(example)
    checker = _Checker(ex)
    try:
        return checker.check()
    except (ArithmeticError, ValueError) as e:
        if isinstance(e, ExampleError):
            raise
        raise ExampleError(f"{ex.where}: the engine could not compute the example: {e}") from None
    finally:
        for name, p in ex.network.named_parameters():
            p.data = checker.initial[name]


# ---- presenting it ---------------------------------------------------------------------------
def _engine_text(row: CheckRow) -> str:
    decimals = row.printed.decimals + 3
    text = f"{row.engine:.{decimals}f}"
    return text if len(text.lstrip("-0.")) <= ENGINE_DIGITS + 1 else _short(row.engine)


def format_report(report: CheckReport, header: bool = True) -> str:
    """The table ``stepgrad check`` prints: quantity, document, engine, difference, verdict.

    ``header=False`` leaves out the title and the assumptions (when shown elsewhere already).
    """
    ex = report.example
    lines = ex.header_lines() if header else []
    table = [("quantity", "document", "engine", "difference", "verdict")]
    for r in report.rows:
        step = f" after {r.number.after} step{'s' if r.number.after != 1 else ''}" if r.number.after else ""
        name = r.number.name if r.number.name == str(r.quantity) else f"{r.number.name} = {r.quantity}"
        diff = "0" if r.difference == 0 else f"{r.difference:+.2e}"
        verdict = r.verdict if r.diagnosis is None else f"{r.verdict}: {r.diagnosis}"
        table.append((name + step, r.number.value, _engine_text(r), diff, verdict))
    widths = [max(len(row[i]) for row in table) for i in range(4)]
    for i, row in enumerate(table):
        cells = [row[c].ljust(widths[c]) if c == 0 else row[c].rjust(widths[c]) for c in range(4)]
        lines.append("  ".join(cells) + "  " + row[4])
        if i == 0:
            lines.append("  ".join("-" * w for w in widths) + "  " + "-" * len("verdict"))
    bad = sum(r.verdict != "match" for r in report.rows)
    lines += ["", f"{len(report.rows) - bad} of {len(report.rows)} numbers match"
              + (f"; {bad} do{'es' if bad == 1 else ''} not." if bad else ".")]
    return "\n".join(lines)
