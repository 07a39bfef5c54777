"""Why is a printed number wrong? Each diagnosis is an alternative that reproduces it.

A mismatch is explained only by reproducing it: an alternative recomputes the number another
way (the other loss convention, the updated weights, an earlier printed number carried forward,
...) and is named when its result reads as the printed number under the precision rule. Each
alternative is one function ``(checker, row, earlier rows) -> list[Cause]``, listed in
``ALTERNATIVES`` in the order their causes are reported; a new diagnosis is one more function.
Where an alternative fits only with the sign flipped as well, the two causes are named together.
When nothing fits, the diagnosis is "unexplained".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from decimal import ROUND_DOWN
from typing import TYPE_CHECKING

from nn.check.precision import agrees, rounded, short
from nn.check.quantities import Convention, Quantity
from nn.check.report import Cause, CheckReport, CheckRow
from nn.layers import MLP
from nn.networks import DocumentNetwork, SharedBiasNetwork

if TYPE_CHECKING:
    from nn.check.checker import _Checker

__all__ = ["ALTERNATIVES", "diagnose", "assumption_note"]

Alternative = Callable[["_Checker", CheckRow, list[CheckRow], list[Cause]], list[Cause]]


def _fits(ck: _Checker, row: CheckRow, convention: Convention, quantity: Quantity | None = None,
          step: int | None = None, start: int = 0) -> str | None:
    """"" when the alternative reproduces the row, " (with the sign flipped)" when only its
    negative does, None when it does not. ``start``: the first step where it differs from the
    example's own run (earlier states are shared)."""
    run = ck.run(convention)
    base = ck.run(ck.base)
    for k in [k for k in base.states if k <= start and k not in run.states]:
        run.states[k] = base.states[k]
    value = run.value(quantity or row.quantity, row.number.after if step is None else step)
    if agrees(row.printed, value):
        return ""
    if value != 0.0 and agrees(row.printed, -value):
        return " and its sign flipped"
    return None


def _rounded_or_cut(e: CheckRow) -> bool:
    return agrees(e.printed, e.engine) or agrees(e.printed, e.engine, ROUND_DOWN)


def _carried_convention(ck: _Checker, e: CheckRow) -> Convention | None:
    """The example's run with the earlier printed number ``e`` used in place of the exact one."""
    q, root, step, printed = e.quantity, ck.example.root, e.number.after, float(e.printed.value)
    if printed == e.engine:
        return None
    if q.of is None and q.node not in ck.parameter_names:  # a forward value, e.g. out_o2
        return replace(ck.base, forced=((step, q.node, printed),))
    if q.of == root:
        return replace(ck.base, carried=((step, q.node, printed),))
    child = ck.nodes.get(q.of) if q.of else None
    if child is not None and ck.nodes[q.node] in child.parents:  # a local derivative, e.g. da/dz
        return replace(ck.base, carried_local=((step, q.of, q.node, printed),))
    return None


class CarriedIndex:
    """The earlier rows a number can be carried from, by step: for each step and quantity, the row
    printed last (the number a document carries on is the latest it printed for that quantity).

    Rows are added as the check reaches them; a lookup costs the number of distinct quantities
    printed at two steps, not the number of rows before it, so checking stays linear in rows."""

    def __init__(self) -> None:
        self.by_step: dict[int, dict[object, CheckRow]] = {}
        self.seen = 0  # how many of the report's rows are indexed

    def candidates(self, earlier: list[CheckRow], after: int) -> list[CheckRow]:
        for e in earlier[self.seen:]:
            self.by_step.setdefault(e.number.after, {})[e.quantity] = e
        self.seen = len(earlier)
        # a number is carried into the same pass or the next step, not across many
        return [e for step in (after - 1, after) for e in self.by_step.get(step, {}).values()]


def carried(ck: _Checker, row: CheckRow, earlier: list[CheckRow], found: list[Cause]) -> list[Cause]:
    """An earlier printed value, gradient or local derivative (rounded, cut off or wrong) carried on:
    a wrong value carried through the forward pass makes everything after it "inherit" its error."""
    causes: list[Cause] = []
    inherited: list[Cause] = []
    for e in ck.carried_index.candidates(earlier, row.number.after):
        if (convention := _carried_convention(ck, e)) is None:
            continue
        how = _fits(ck, row, convention, start=e.number.after)
        if how is None or (how and row.engine != 0.0 and agrees(row.printed, -row.engine)):
            continue  # it does not fit, or the sign flip alone explains it
        if _rounded_or_cut(e):
            causes.append(Cause("carried", f"carried from an earlier rounded number{how}: it is what "
                                f"{e.number.name} = {e.printed.value} gives, not the exact "
                                f"{short(e.engine)}"))
        elif not inherited:
            inherited.append(Cause("inherits", f"inherits the error of the earlier {e.number.name} = "
                                   f"{e.printed.value}{how}"))
    return causes + inherited


def rounded_steps(ck: _Checker, row: CheckRow, earlier: list[CheckRow], found: list[Cause]) -> list[Cause]:
    """The document rounds every intermediate gradient to its printed precision as it goes."""
    if row.quantity.of is None or found:
        return []
    decimals = row.printed.decimals
    if _fits(ck, row, replace(ck.base, rounding=row.printed.exponent)) != "":
        return []
    return [Cause("rounded-steps", f"rounded at every step: the chain rule with each intermediate "
                  f"gradient rounded to {decimals} decimal{'s' if decimals != 1 else ''} (as by hand) gives "
                  "it, the exact chain rule does not")]


def truncated(ck: _Checker, row: CheckRow, earlier: list[CheckRow], found: list[Cause]) -> list[Cause]:
    """Cut off at the printed digit, where no earlier rounded number explains it instead."""
    if not agrees(row.printed, row.engine, ROUND_DOWN):
        return []
    if any(c.kind in ("carried", "rounded-steps") for c in found):
        return []
    p = row.printed
    return [Cause("truncated", f"truncated instead of rounded: {short(row.engine)} rounds to "
                  f"{rounded(row.engine, p.exponent)}, truncates to {p.value}")]


def sign_flipped(ck: _Checker, row: CheckRow, earlier: list[CheckRow], found: list[Cause]) -> list[Cause]:
    if row.engine != 0.0 and agrees(row.printed, -row.engine):
        return [Cause("sign", f"sign flipped: the engine gives {short(row.engine)}")]
    return []


def uphill(ck: _Checker, row: CheckRow, earlier: list[CheckRow], found: list[Cause]) -> list[Cause]:
    """The update adds η·dL/dθ: it climbs."""
    n = row.number.after
    if n < 1 or _fits(ck, row, replace(ck.base, ascent=True)) != "":
        return []
    text = "sign flipped in the update: the document's step adds η·dL/dθ, so it goes uphill"
    if row.quantity == Quantity(ck.example.root):
        p, engine = row.printed, row.engine
        before = ck.run(ck.base).value(row.quantity, n - 1)
        text += (f"; its step {'raises' if p.value > rounded(before, p.exponent) else 'lowers'} the loss "
                 f"from {short(before)} to {p.value}, the engine's step "
                 f"{'lowers' if engine < before else 'raises'} it to {short(engine)}")
    return [Cause("sign", text)]


_LOSS_FORMULA = {
    "half_squared_error": "½·Σ(y − ŷ)²",
    "squared_error": "Σ(y − ŷ)²",
    "mean_squared_error": "(1/n)·Σ(y − ŷ)²",
    "cross_entropy": "−Σ y·log softmax(z)",
}


def loss_convention(ck: _Checker, row: CheckRow, earlier: list[CheckRow], found: list[Cause]) -> list[Cause]:
    if ck.example.kind == "expression" or (row.quantity.of is None and row.number.after == 0):
        return []
    causes = []
    for scale, how in ((2.0, "× 2"), (0.5, "× ½")):
        fit = _fits(ck, row, replace(ck.base, loss_scale=scale))
        if fit is not None:
            declared = ck.example.loss_name
            causes.append(Cause("loss-convention", f"factor 2 from the loss convention{fit}: the number fits "
                                f"L = {_LOSS_FORMULA[declared]} {how}, not the declared {declared}"))
    return causes


def hidden_deltas(ck: _Checker, row: CheckRow, earlier: list[CheckRow], found: list[Cause]) -> list[Cause]:
    if ck.example.kind == "expression" or (row.quantity.of is None and row.number.after == 0):
        return []
    other = "old_weights" if ck.base.hidden_deltas == "updated_weights" else "updated_weights"
    if _fits(ck, row, replace(ck.base, hidden_deltas=other)) != "":
        return []
    return [Cause("updated-weights",
                  "updated instead of old weights used downstream: the hidden δs were computed with the "
                  "output weights after this step's update" if other == "updated_weights" else
                  "old instead of updated weights used downstream, although the example declares "
                  "hidden_deltas = 'updated_weights'")]


def biases(ck: _Checker, row: CheckRow, earlier: list[CheckRow], found: list[Cause]) -> list[Cause]:
    """The document updates the biases although the file says it does not, or the reverse."""
    if ck.example.kind == "expression" or row.number.after < 1:
        return []
    if _fits(ck, row, replace(ck.base, update_biases=not ck.base.update_biases)) != "":
        return []
    if ck.base.update_biases:
        return [Cause("biases", "biases frozen: the number is what the step gives when it leaves the biases "
                      "alone (set update_biases = false if the document does)")]
    return [Cause("biases", "biases updated: the number is what the step gives when it also updates the "
                  "biases, although the file says update_biases = false")]


def off_by_one(ck: _Checker, row: CheckRow, earlier: list[CheckRow], found: list[Cause]) -> list[Cause]:
    n, iterations = row.number.after, ck.example.rule.iterations
    causes = []
    for m in (n - 1, n + 1):
        if not (0 <= m <= iterations + 1 and iterations) or not _computed_at(ck, row.quantity, m):
            continue
        if _fits(ck, row, ck.base, step=m) == "":
            causes.append(Cause("off-by-one", f"off by one iteration: it is the value after {m} "
                                f"step{'s' if m != 1 else ''}, not after {n}"))
    return causes


def _computed_at(ck: _Checker, q: Quantity, step: int) -> bool:
    """Whether step ``step`` computes with the quantity's nodes (with mini-batches, a sample's
    nodes exist only in the steps of its mini-batch)."""
    names = ck.step_names[step % len(ck.step_names)]
    return all(name in names for name in (q.node, q.of) if name)


def transposed(ck: _Checker, row: CheckRow, earlier: list[CheckRow], found: list[Cause]) -> list[Cause]:
    other = _transposed(ck.example.network, row.quantity.node)
    if other is None:
        return []
    tq = Quantity(other, row.quantity.of)
    if _fits(ck, row, ck.base, quantity=tq) != "":
        return []
    return [Cause("transposed", f"indices transposed: it is {tq}, not {row.quantity}")]


def _transposed(network: object, name: str) -> str | None:
    """The weight with the two indices swapped (W12 ↔ W21), or None when there is none."""
    if isinstance(network, DocumentNetwork):
        m = re.fullmatch(r"W(\d)(\d)", name)
        other = m and f"W{m.group(2)}{m.group(1)}"
    elif isinstance(network, SharedBiasNetwork):
        other = {"w2": "w3", "w3": "w2", "w6": "w7", "w7": "w6"}.get(name)
    elif isinstance(network, MLP):
        m = re.fullmatch(r"L(\d+)\.N(\d+)\.w(\d+)", name)
        other = m and f"L{m.group(1)}.N{m.group(3)}.w{m.group(2)}"
    else:
        return None
    names = {n for n, _ in network.named_parameters()}
    return other if other and other != name and other in names else None


MAX_OTHER_QUANTITIES = 400  # the values and gradients another_quantity compares with one row


def another_quantity(ck: _Checker, row: CheckRow, earlier: list[CheckRow], found: list[Cause]) -> list[Cause]:
    """The number is another quantity's value at the same step (a used for b; dL/dz printed for dL/da)."""
    if found:
        return []
    run, step, root = ck.run(ck.base), row.number.after, ck.example.root
    candidates = [Quantity(n) for n in ck.nodes] + [Quantity(n, root) for n in ck.nodes if n != root]
    fits = []
    for q in candidates[:MAX_OTHER_QUANTITIES]:
        if q == row.quantity:
            continue
        try:
            value = run.value(q, step)
        except (KeyError, ValueError, ArithmeticError):
            continue
        if agrees(row.printed, value):
            fits.append(q)
    same_kind = [q for q in fits if (q.of is None) == (row.quantity.of is None)]
    fits = fits if len(fits) == 1 else same_kind  # a gradient printed for a gradient first
    if len(fits) != 1:
        return []
    return [Cause("other_quantity", f"another quantity's value: it is {fits[0]}, not {row.quantity}")]


ALTERNATIVES: list[Alternative] = [
    carried, rounded_steps, truncated, sign_flipped, uphill, loss_convention, hidden_deltas, biases,
    off_by_one, transposed, another_quantity,
]


def diagnose(ck: _Checker, row: CheckRow, earlier: list[CheckRow]) -> list[Cause]:
    """Every alternative that reproduces the row, carried/inherited causes last; else unexplained.

    An alternative that cannot be computed (its step takes a parameter out of an operation's
    domain: log of a negative number) explains nothing: it is skipped, and the row says so."""
    from nn.check.files import ExampleError

    causes: list[Cause] = []
    skipped: list[Cause] = []
    for alternative in ALTERNATIVES:
        try:
            causes += alternative(ck, row, earlier, causes)
        except (ArithmeticError, ValueError) as e:
            if isinstance(e, ExampleError):
                raise
            name = alternative.__name__.replace("_", " ")
            skipped.append(Cause("skipped", f"(the alternative \"{name}\" left the domain and was skipped: "
                                 f"{str(e)[:160]})"))
    causes = [c for c in causes if c.kind != "inherits"] + [c for c in causes if c.kind == "inherits"]
    return (causes or [Cause("unexplained", "unexplained")]) + skipped


def assumption_note(ck: _Checker, report: CheckReport) -> list[str]:
    """When every number differs and the loader assumed something, point back to the assumption."""
    rows, assumed = report.rows, ck.example.assumptions
    if len(rows) < 2 or not assumed or any(r.verdict == "match" for r in rows):
        return []
    return [f"Every number differs from the engine, and the example assumed {len(assumed)} thing"
            f"{'s' if len(assumed) > 1 else ''} the file does not give ({'; '.join(assumed)}). An "
            "assumption can explain them all: if the document gives these values (a bias, a weight), "
            "add them to [parameters]."]
