"""Why is a printed number wrong? Each diagnosis is an alternative that reproduces it.

A mismatch is explained only by reproducing it: an alternative recomputes the number another
way (the other loss convention, the updated weights, an earlier printed number carried forward,
...) and is named when its result reads as the printed number under the precision rule. Each
alternative is one function ``(checker, row, earlier rows) -> list[Cause]``, listed in
``ALTERNATIVES`` in the order their causes are reported; a new diagnosis is one more function.
Where an alternative fits only with the sign flipped as well, the two causes are named together.
When nothing fits, the diagnosis is "unexplained".

The hand slips come last and only where nothing else fits, the first that fits alone: a dropped
path of the chain rule, a factor 2 or ½, the decimal point moved, two digits swapped, one digit
wrong, arithmetic done in float32, another quantity's value. Each is specific: on a number it does
not explain it (almost) never fires (``tests/nn/check/test_diagnoses.py`` measures the rate on
random numbers). The class grader (``nn.check.grade``) scores the checker's causes: these are its
slips too, one definition for both.

The cause kinds are the corpus vocabulary's (``tests/data/documents/measure.py``): "carried",
"inherits", "truncated", "sign", "factor2", "half", "digit_slip", "swapped", "dropped_path",
"other_quantity", "float32", "learning_rate", ...
"""

from __future__ import annotations

import math
import re
import struct
from collections.abc import Callable
from dataclasses import replace
from decimal import ROUND_DOWN, Decimal
from typing import TYPE_CHECKING

from autograd import topological_order
from nn.check.precision import Printed, agrees, rounded, short, should_read
from nn.check.quantities import Convention, Quantity
from nn.check.report import Cause, CheckReport, CheckRow
from nn.layers import MLP
from nn.networks import DocumentNetwork, SharedBiasNetwork

if TYPE_CHECKING:
    from nn.check.checker import _Checker

__all__ = ["ALTERNATIVES", "diagnose", "assumption_note", "digit_slip", "decimal_point", "times_two",
           "in_float32", "truncation", "sign_flip", "hand_slip", "number_slip", "truncating_habit",
           "SLOPE_OF_OUTPUT"]

# A number built on the document's own earlier number: that number wrong (its error inherited) or
# right but rounded too coarsely for this one (its rounding carried). One name each, for the checker's
# rows and the reader's arithmetic (``nn.check.reader.inheritance``).
INHERITS, CARRIED = "inherits", "carried"

Alternative = Callable[["_Checker", CheckRow, list[CheckRow], list[Cause]], list[Cause]]


def _fits(ck: _Checker, row: CheckRow, convention: Convention, quantity: Quantity | None = None,
          step: int | None = None, start: int = 0) -> str | None:
    """"" when the alternative reproduces the row, " (with the sign flipped)" when only its
    negative does, None when it does not. ``start``: the first step where it differs from the
    example's own run (earlier states are shared)."""
    value = _value_in(ck, row, convention, quantity, step, start)
    if agrees(row.printed, value):
        return ""
    if value != 0.0 and agrees(row.printed, -value):
        return " and its sign flipped"
    return None


def _value_in(ck: _Checker, row: CheckRow, convention: Convention, quantity: Quantity | None = None,
              step: int | None = None, start: int = 0) -> float:
    """The row's quantity (or ``quantity``) in the example's run under another convention."""
    run = ck.run(convention)
    base = ck.run(ck.base)
    for k in [k for k in base.states if k <= start and k not in run.states]:
        run.states[k] = base.states[k]
    return run.value(quantity or row.quantity, row.number.after if step is None else step)


def _rounded_or_cut(e: CheckRow) -> bool:
    return agrees(e.printed, e.engine) or agrees(e.printed, e.engine, ROUND_DOWN)


def _carried_convention(ck: _Checker, e: CheckRow) -> Convention | None:
    """The example's run with the earlier printed number ``e`` used in place of the exact one."""
    q, root, step, printed = e.quantity, ck.example.root, e.number.after, float(e.printed.value)
    if printed == e.engine:
        return None
    if q.of is None and q.node in ck.parameter_names:  # an updated weight, into the steps after it
        return replace(ck.base, params=((step, q.node, printed),)) if step >= 1 else None
    if q.of is None:  # a forward value, e.g. out_o2
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
        return self.near(after)

    def near(self, after: int) -> list[CheckRow]:
        """The rows indexed so far that a number after ``after`` steps can carry: a number is
        carried into the same pass or the next step, not across many."""
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
                                   f"{e.printed.value}{how}", origins=((e.source, e.number.value),)))
    return causes + inherited or _carried_into_slope(ck, row)


# An operation whose slope is written with its output y: the slope a hand calculation takes from a
# rounded (or wrong) y.
SLOPE_OF_OUTPUT: dict[str, Callable[[float], float]] = {
    "tanh": lambda y: 1.0 - y * y,
    "sigmoid": lambda y: y * (1.0 - y),
    "exp": lambda y: y,
}


def _carried_into_slope(ck: _Checker, row: CheckRow) -> list[Cause]:
    """An earlier written value y = f(x) (f: tanh, sigmoid, exp) of the same step carried into
    everything after it and into its own slope f'(x), written with y, as a hand calculation does:
    "carried" when y is the right value rounded, "inherits" when it is wrong."""
    if row.quantity.of is None:
        return []
    for e in ck.carried_index.near(row.number.after):
        q, step = e.quantity, e.number.after
        node = ck.nodes.get(q.node) if q.of is None and step == row.number.after else None
        if node is None or node.op not in SLOPE_OF_OUTPUT or not node.parents[0].label:
            continue
        y = float(e.printed.value)
        if y == e.engine:
            continue
        slope = SLOPE_OF_OUTPUT[node.op](y)
        convention = replace(ck.base, forced=((step, q.node, y),),
                             carried_local=((step, q.node, node.parents[0].label, slope),))
        if _fits(ck, row, convention, start=step) != "":
            continue
        into = f"{e.number.name} = {e.printed.value}, carried into its slope too ({short(slope)})"
        if agrees(e.printed, e.engine):  # the right value, rounded
            return [Cause("carried", f"carried from an earlier rounded number: it is what {into} gives, "
                          f"not the exact {short(e.engine)}")]
        return [Cause("inherits", f"inherits the error of the earlier {into}",
                      origins=((e.source, e.number.value),))]
    return []


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


def float32_code(ck: _Checker, row: CheckRow, earlier: list[CheckRow],
                 found: list[Cause]) -> list[Cause]:
    """A number the document's own code computed in float32 (the row's note, from the code reader):
    float32 digits are the explanation, before a cut-off digit or a slip."""
    return in_float32(row.printed, row.engine) if "float32" in row.number.note else []


def truncation(printed: Printed, right: float) -> list[Cause]:
    """The right value cut off at the printed digit instead of rounded (0.221 for 0.22171); never a
    value one unit further from zero (1.1, computed as 1.1000000000000001, does not truncate to 1.0)."""
    if agrees(printed, right) or not agrees(printed, right, ROUND_DOWN):
        return []
    if abs(Decimal(short(right))) == abs(printed.value) + Decimal((0, (1,), printed.exponent)):
        return []
    return [Cause("truncated", f"truncated instead of rounded: {short(right)} rounds to "
                  f"{rounded(right, printed.exponent)}, truncates to {printed.value}")]


def sign_flip(printed: Printed, right: float) -> list[Cause]:
    """The right value with its sign flipped."""
    if right != 0.0 and not agrees(printed, right) and agrees(printed, -right):
        return [Cause("sign", f"sign flipped: the engine gives {short(right)}")]
    return []


def truncated(ck: _Checker, row: CheckRow, earlier: list[CheckRow], found: list[Cause]) -> list[Cause]:
    """Cut off at the printed digit, where no earlier rounded number explains it instead (unless the
    document truncates: see ``truncating_habit``)."""
    if any(c.kind in ("carried", "rounded-steps", "float32") for c in found):
        return []
    return truncation(row.printed, row.engine)


def sign_flipped(ck: _Checker, row: CheckRow, earlier: list[CheckRow], found: list[Cause]) -> list[Cause]:
    return sign_flip(row.printed, row.engine)


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


def rate_left_out(ck: _Checker, row: CheckRow, earlier: list[CheckRow], found: list[Cause]) -> list[Cause]:
    """The update written without the learning rate: θ − dL/dθ where the example's η is not 1."""
    n, rate = row.number.after, ck.example.learning_rate
    if n < 1 or not rate or rate == 1.0 or _fits(ck, row, replace(ck.base, rate=1.0)) != "":
        return []
    return [Cause("learning_rate", f"the learning rate left out: the step is θ − dL/dθ, not θ − η·dL/dθ "
                  f"with the document's η = {short(rate)}")]


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


MAX_NEIGHBOURS = 64  # the quantities another_quantity compares one row with


def another_quantity(ck: _Checker, row: CheckRow, earlier: list[CheckRow], found: list[Cause]) -> list[Cause]:
    """The number is another quantity's value at the same step (a used for b; dL/dz printed for
    dL/da): a neighbour of the row's node in the graph (its inputs, its users, their other inputs),
    as a value or as a gradient, or the same node's value for its gradient and back. Only these few
    are compared, so that a number no slip explains rarely fits one by chance."""
    if found:
        return []
    run, step, root = ck.run(ck.base), row.number.after, ck.example.root
    names = [n for n in ck.neighbours(row.quantity.node) if n in ck.step_names[step % len(ck.step_names)]]
    candidates = [Quantity(n) for n in names] + [Quantity(n, root) for n in names if n != root]
    if row.quantity.of == root:
        candidates.append(Quantity(row.quantity.node))
    elif row.quantity.of is None and row.quantity.node != root:
        candidates.append(Quantity(row.quantity.node, root))
    fits = []
    for q in candidates[:MAX_NEIGHBOURS]:
        if q == row.quantity or q in fits:
            continue
        try:
            value = run.value(q, step)
        except (KeyError, ValueError, ArithmeticError):
            continue
        if value != 0.0 and agrees(row.printed, value):
            fits.append(q)
    same_kind = [q for q in fits if (q.of is None) == (row.quantity.of is None)]
    fits = fits if len(fits) == 1 else same_kind  # a gradient printed for a gradient first
    if len(fits) != 1:
        return []
    return [Cause("other_quantity", f"another quantity's value: it is {fits[0]}, not {row.quantity}")]


# ---- hand slips: where nothing above fits, the first of these that does ---------------------------
def _significant(printed: Printed) -> str:
    """The printed number's significant digits: "-0.03775" → "3775"."""
    return "".join(str(d) for d in printed.value.as_tuple().digits).lstrip("0")


def _slip_possible(printed: Printed, engine: float, digits: int) -> bool:
    """A wrong number (not the engine's at its precision) with at least ``digits`` significant digits,
    of a right value that is finite and not zero, within a factor 10⁴ of it (no slip moves a number
    further; and the right value at the printed precision can be written: 1e308 at 5.05e-05's)."""
    if not (math.isfinite(engine) and engine != 0.0 and len(_significant(printed)) >= digits):
        return False
    ratio = abs(float(printed.value) / engine)
    return 1e-4 <= ratio <= 1e4 and not agrees(printed, engine)


def digit_slip(printed: Printed, engine: float) -> list[Cause]:
    """Two neighbouring digits swapped (0.3275 for 0.3725), or one digit wrong (0.3275 for 0.3775)
    but the last, which is a rounding question, at the printed precision; else one digit more or
    less (``_one_digit_more_or_less``). With fewer than 3 (swapped) or 4 (one wrong) significant
    digits too many numbers are one slip from the right one to tell."""
    if not _slip_possible(printed, engine, 3):
        return []
    wrote = printed.text.strip().lstrip("≈~ ").replace("−", "-")
    right = should_read(printed, engine)
    a, b = _significant(printed), "".join(c for c in right if c.isdigit()).lstrip("0")
    if wrote.startswith("-") != right.startswith("-") or a == b:
        return []
    if len(a) != len(b):
        return _one_digit_more_or_less(printed, engine)
    wrong = [i for i in range(len(a)) if a[i] != b[i]]
    if (len(wrong) == 2 and wrong[1] == wrong[0] + 1 and a[wrong[0]] == b[wrong[1]]
            and a[wrong[1]] == b[wrong[0]]):
        return [Cause("swapped", f"a digit slip: two digits swapped, {wrote} for {right}")]
    if len(wrong) == 1 and wrong[0] < len(a) - 1 and len(a) >= 4:
        return [Cause("digit_slip", f"a digit slip: one digit wrong, {wrote} for {right}")]
    return _one_digit_more_or_less(printed, engine)


def _significant_at(x: float, digits: int) -> str:
    """|x|'s first ``digits`` significant digits, rounded: 0.05217 at 3 → "522"."""
    return f"{abs(x):.{digits - 1}e}".partition("e")[0].replace(".", "")


NEAR = 0.02  # a relative difference a slip in the last digits' arithmetic may make


def _one_digit_more_or_less(printed: Printed, engine: float) -> list[Cause]:
    """The right digits with one digit more or one left out, never the last (0.52107 for 0.05217:
    its 0 written after the 1), the size within a factor 20. The longer of the two has 5 significant
    digits at least, and the number is off by more than ``NEAR`` (a near miss, 1.394 for 1.3974, is
    as much a slip in the last digits' arithmetic), so that a number this does not explain rarely
    fits."""
    a, p = _significant(printed), float(printed.value)
    if (p < 0) != (engine < 0) or not 1 / 20 < abs(p / engine) < 20 or abs(p - engine) <= NEAR * abs(engine):
        return []
    if a == _significant_at(engine, len(a)):
        return []  # the same digits: the decimal point moved, another slip
    for more in (True, False):
        b = _significant_at(engine, len(a) - 1 if more else len(a) + 1)
        long_, short_ = (a, b) if more else (b, a)
        if len(long_) >= 5 and any(long_[:i] + long_[i + 1:] == short_ for i in range(len(long_) - 1)):
            how = "one digit too many" if more else "one digit left out"
            right = format(Decimal(f"{engine:.{len(b) - 1}e}"), "f")  # the right value at b's digits
            return [Cause("digit_slip", f"a digit slip: {how}, {printed.text.strip()} for {right}")]
    return []


def decimal_point(printed: Printed, engine: float) -> list[Cause]:
    """The right digits with the decimal point moved (0.47344 for 0.047344), by up to 3 places."""
    if not _slip_possible(printed, engine, 3):
        return []
    for k in (1, -1, 2, -2, 3, -3):
        if agrees(printed, engine * 10.0 ** k):
            return [Cause("digit_slip", f"a slip of the decimal point: {printed.text.strip()} is "
                          f"{short(engine)} × 10^{k}")]
    return []


def times_two(printed: Printed, engine: float) -> list[Cause]:
    """Twice or half the right value (a ½ dropped, a 2 from a derivative of a square)."""
    if not _slip_possible(printed, engine, 3):
        return []
    if agrees(printed, 2.0 * engine):
        return [Cause("factor2", f"off by a factor 2: the number is twice the right {short(engine)}")]
    if agrees(printed, 0.5 * engine):
        return [Cause("half", f"off by a factor ½: the number is half the right {short(engine)}")]
    return []


FLOAT32_ULPS = 16  # float32 rounding errors a short chain accumulates (1 − tanh² loses 15), in float32 units


def _float32(x: float) -> float:
    return struct.unpack("f", struct.pack("f", x))[0]


def _float32_text(x: float) -> str:
    """The shortest digits that read back as the same float32 (how numpy, JAX and PyTorch print it)."""
    f = _float32(x)
    for digits in range(1, 10):
        text = f"{f:.{digits}g}"
        if _float32(float(text)) == f:
            return text
    return f"{f:.9g}"


def in_float32(printed: Printed, engine: float) -> list[Cause]:
    """Arithmetic done in float32 (numpy.float32, JAX, PyTorch): a number printed with 7 or more
    significant digits, as a float32 prints (its shortest digits), within a few float32 units of
    the exact value, but not the exact value at its precision."""
    if not _slip_possible(printed, engine, 7):
        return []
    p = float(printed.value)
    if abs(p) > 3.4e38 or Decimal(_float32_text(p)) != printed.value:
        return []  # not how a float32 prints
    unit = 2.0 ** (math.frexp(engine)[1] - 24)
    if abs(p - engine) > FLOAT32_ULPS * unit:
        return []
    return [Cause("float32", f"computed in float32: {printed.text.strip()} is within {FLOAT32_ULPS} float32 "
                  f"units of the exact {short(engine, True)}, which float32 cannot hold")]


def float32(ck: _Checker, row: CheckRow, earlier: list[CheckRow], found: list[Cause]) -> list[Cause]:
    """Computed in float32, where no earlier printed number explains it; before truncation, which a
    float32 printed with its shortest digits often looks like (2.7278922 for 2.72789228)."""
    return [] if found else in_float32(row.printed, row.engine)


def dropped_path(ck: _Checker, row: CheckRow, earlier: list[CheckRow], found: list[Cause]) -> list[Cause]:
    """dRoot/dnode without one of the node's uses: the chain rule followed along one path only."""
    q, root = row.quantity, ck.example.root
    if q.of != root or found:
        return []
    paths = ck.paths(q.node, row.number.after)
    if len(paths) < 2:
        return []
    total = sum(through for _, through in paths)
    for user, through in paths:
        if through != 0.0 and agrees(row.printed, total - through):
            kept, n = ", ".join(u for u, _ in paths if u != user), len(paths)
            return [Cause("dropped_path", f"a path is missing: {q.node} is used by {n} operations, so "
                          f"d{root}/d{q.node} adds up {n} paths; the number follows only the path through "
                          f"{kept}, not the one through {user} (it contributes {short(through)})")]
    return []


HAND_SLIPS = (times_two, decimal_point, digit_slip)


def hand_slip(printed: Printed, right: float) -> list[Cause]:
    """The first hand slip (``HAND_SLIPS``) that reproduces the number from the right value; else the
    first that does with the sign flipped too (``0.0014`` for ``-0.002835``: a sign and a ½), both
    named."""
    for slip in HAND_SLIPS:
        if causes := slip(printed, right):
            return causes
    if right == 0.0 or agrees(printed, -right):
        return []
    for slip in HAND_SLIPS:
        if causes := slip(printed, -right):
            return [Cause("sign", f"sign flipped (the engine gives {short(right)}), and"), *causes]
    return []


def number_slip(printed: Printed, right: float) -> list[Cause]:
    """What the number alone shows went wrong, given the value it should read, the first that fits:
    float32 digits, truncation, the sign flipped, a hand slip (``hand_slip``). For a number whose
    arithmetic the document prints (its own steps), where no graph gives other alternatives."""
    for rule in (in_float32, truncation, sign_flip, hand_slip):
        if causes := rule(printed, right):
            return causes
    return []


def slips(ck: _Checker, row: CheckRow, earlier: list[CheckRow], found: list[Cause]) -> list[Cause]:
    """Where nothing else fits: the first hand slip that reproduces the number."""
    return [] if found else hand_slip(row.printed, row.engine)


def arithmetic(ck: _Checker, row: CheckRow, earlier: list[CheckRow], found: list[Cause]) -> list[Cause]:
    """Where nothing else fits: a value whose every input is a given or a number the document printed
    right before it (same step) is a slip in this very operation."""
    q, step = row.quantity, row.number.after
    node = ck.nodes.get(q.node)
    if not found and q.of is None and node is not None and _printed_only(ck, q.node, node):
        return [Cause("arithmetic", f"a slip in this operation on the numbers it prints: they give "
                      f"{should_read(row.printed, row.engine)}, not {row.printed.text.strip()}")]
    if found or q.of is not None or node is None or not node.parents:
        return []
    inputs = ck.inputs(q.node)
    printed = ck.carried_index.by_step.get(step, {})
    for name in inputs:
        leaf = not ck.nodes[name].parents and (step == 0 or name not in ck.parameter_names)
        shown = printed.get(Quantity(name))
        if not leaf and (shown is None or shown.verdict != "match"):
            return []
    if not inputs:
        return []
    return [Cause("arithmetic", f"a slip in this operation: its inputs ({', '.join(inputs)}) are given or "
                  f"printed right before it, yet it is {should_read(row.printed, row.engine)}, not "
                  f"{row.printed.text.strip()}")]


def _all_carried(ck: _Checker, row: CheckRow, slopes: bool = False) -> tuple[Convention, int] | None:
    """The example's run with every number printed before the row (its step and the one before)
    used in place of the exact one, as a document computes from what it printed (``slopes``: a
    printed y = f(x) carried into its slope f'(x) too, written with y); None when fewer than two
    printed numbers differ from the exact ones (one alone is ``carried``'s)."""
    rows = [e for e in ck.carried_index.near(row.number.after) if e is not row]
    found = [(e, c) for e in rows if (c := _carried_convention(ck, e)) is not None]
    if len(found) < 2:
        return None
    fields = {name: tuple(x for _, c in found for x in getattr(c, name))
              for name in ("forced", "carried", "carried_local", "params")}
    if slopes:
        fields["carried_local"] += tuple(_output_slopes(ck, fields["forced"]))
    return replace(ck.base, **fields), min(e.number.after for e, _ in found)


def _output_slopes(ck: _Checker, forced: tuple[tuple[int, str, float], ...]):
    """For each forced y = f(x) (f: tanh, sigmoid, exp), its slope written with y."""
    for step, name, y in forced:
        node = ck.nodes.get(name)
        if node is not None and node.op in SLOPE_OF_OUTPUT and node.parents[0].label:
            yield step, name, node.parents[0].label, SLOPE_OF_OUTPUT[node.op](y)


def _unwritten_slopes(ck: _Checker, forced: tuple[tuple[int, str, float], ...], by: str) -> bool:
    """Is a forced y = f(x) computed from ``by`` one whose slope written with y cannot be carried (x
    has no name)? Then how the document took that slope is not known, and no slip is claimed."""
    nodes = [ck.nodes.get(name) for _, name, _ in forced]
    return any(n is not None and n.op in SLOPE_OF_OUTPUT and not n.parents[0].label
               and by in {v.label for v in topological_order(n)} for n in nodes)


def carried_together(ck: _Checker, row: CheckRow, earlier: list[CheckRow], found: list[Cause]) -> list[Cause]:
    """Several earlier printed numbers carried on at once (none alone reproduces the row): the
    document computed it from the numbers it printed, one of them wrong or rounded."""
    if found:
        return []
    for slopes in (False, True):
        together = _all_carried(ck, row, slopes)
        if together is not None and _fits(ck, row, together[0], start=together[1]) == "":
            break
    else:
        return []
    if wrong := _printed_wrong(ck, row):
        return [_inherits_together(wrong)]
    return [Cause("carried", "carried from the earlier rounded numbers the document printed before it")]


def _printed_wrong(ck: _Checker, row: CheckRow) -> list[CheckRow]:
    """The wrong numbers (not the right value rounded or cut off) printed before the row that its value
    is computed from."""
    inputs = _inputs_of(ck, row)
    return [e for e in ck.carried_index.near(row.number.after) if e is not row and not _rounded_or_cut(e)
            and e.quantity.node != row.quantity.of and (inputs is None or e.quantity.node in inputs)]


def _inherits_together(wrong: list[CheckRow]) -> Cause:
    """The cause of a number computed from the wrong numbers printed before it (and the others)."""
    named = ", ".join(f"{e.number.name} = {e.printed.value}" for e in wrong[:3])
    how = (f"the errors of the earlier {named}{', …' if wrong[3:] else ''}, carried on together with the "
           "other numbers printed before it") if len(wrong) > 1 else f"the error of the earlier {named}"
    return Cause("inherits", f"inherits {how}", origins=tuple((e.source, e.number.value) for e in wrong))


LAST_DIGIT_SIGNIFICANT = 3  # significant digits a number needs for one unit of its last to be a slip


def last_digit_off(printed: Printed, value: float) -> bool:
    """Is the printed number one unit of its last digit from what ``value`` reads (0.357 for 0.35635,
    which reads 0.356)? Only for a number of at least ``LAST_DIGIT_SIGNIFICANT`` significant digits."""
    if printed.exact or len(_significant(printed)) < LAST_DIGIT_SIGNIFICANT or agrees(printed, value):
        return False
    unit = Decimal((0, (1,), printed.exponent))
    return any(agrees(replace(printed, value=printed.value + d), value) for d in (unit, -unit))


def carried_with_slip(ck: _Checker, row: CheckRow, earlier: list[CheckRow],
                      found: list[Cause]) -> list[Cause]:
    """Where nothing else fits: a wrong number printed before it carried on (alone, or with all the
    others printed before it) gives the row but for one unit of its last digit (0.357 where the
    document's numbers give 0.35635; exactly it is 0.36498). The document computed it from its own
    numbers and slipped in the last digit: it inherits their errors (its formula on the document's
    numbers is the document's number, so the graph is read right and its value is the true one), and
    the last digit is its own slip."""
    if found or last_digit_off(row.printed, row.engine):
        return []
    for convention, start, wrong in _carried_wrong(ck, row):
        value = _value_in(ck, row, convention, start=start)
        if last_digit_off(row.printed, value):
            return [Cause("arithmetic", f"a slip in its last digit: the numbers printed before it give "
                          f"{should_read(row.printed, value)}, not {row.printed.text.strip()}"),
                    _inherits_together(wrong)]
    return []


def _carried_wrong(ck: _Checker, row: CheckRow):
    """Each wrong number printed before the row carried on alone, then every number printed before it
    carried on together: (the run's convention, its first step, the wrong numbers carried)."""
    wrong = _printed_wrong(ck, row)
    for e in wrong:
        if (convention := _carried_convention(ck, e)) is not None:
            yield convention, e.number.after, [e]
    for slopes in (False, True):
        together = _all_carried(ck, row, slopes)
        if together is not None and wrong:
            yield together[0], together[1], wrong


def _inputs_of(ck: _Checker, row: CheckRow) -> set[str] | None:
    """The values a row's value is computed from (None for a derivative: any number may feed it)."""
    node = ck.nodes.get(row.quantity.node) if row.quantity.of is None else None
    return None if node is None else {v.label for v in topological_order(node) if v.label}


def slip_with_printed(ck: _Checker, row: CheckRow, earlier: list[CheckRow],
                      found: list[Cause]) -> list[Cause]:
    """Where nothing else fits, a derivative that neither the exact values nor the numbers the
    document printed before it give (all of them carried at once, with or without the slopes
    written with an output): a slip in this very operation."""
    if found or row.quantity.of is None:
        return []
    values = []
    for slopes in (False, True):
        together = _all_carried(ck, row, slopes)
        if together is None or _unwritten_slopes(ck, together[0].forced, row.quantity.node):
            return []
        values.append(ck.run(together[0]).value(row.quantity, row.number.after))
    if any(agrees(row.printed, v) or (v != 0.0 and agrees(row.printed, -v)) for v in values):
        return []
    return [Cause("arithmetic", f"a slip in this operation: from the numbers printed before it it is "
                  f"{should_read(row.printed, values[0])}, exactly {should_read(row.printed, row.engine)}; "
                  f"not {row.printed.text.strip()}")]


def _printed_only(ck: _Checker, name: str, node: object, limit: int = 256) -> bool:
    """Is ``node`` a node of the expression (no given) computed from constants only (``1.0543 /
    3.2372``, ``exp(0.1739)``: arithmetic on the numbers the document prints)?"""
    if name in getattr(ck.example.network, "leaves", {name: None}):
        return False
    todo, seen = list(node.parents), 0
    while todo and seen < limit:
        v = todo.pop()
        seen += 1
        if v.label:
            return False
        todo.extend(v.parents)
    return not todo


ALTERNATIVES: list[Alternative] = [
    carried, carried_together, rounded_steps, float32_code, float32, truncated, sign_flipped, uphill,
    rate_left_out, loss_convention, hidden_deltas, biases, off_by_one, transposed, dropped_path, slips,
    another_quantity, carried_with_slip, arithmetic, slip_with_printed,
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


HABIT = 2  # numbers truncation alone explains, for truncating to be the document's habit


def truncating_habit(rows: list[CheckRow]) -> None:
    """Two habits can both reproduce a number: rounding every intermediate as it goes ("rounded-steps")
    and truncating the printed digit. Where at least ``HABIT`` other numbers of the example are
    explained by truncation alone, the document truncates: truncation is named first for a number
    it reproduces too, the rounding hypothesis after it."""
    alone = [r for r in rows if [c.kind for c in r.causes] == ["truncated"]]
    if len(alone) < HABIT:
        return
    for r in rows:
        kinds = [c.kind for c in r.causes]
        if r.verdict == "mismatch" and "rounded-steps" in kinds and "truncated" not in kinds:
            for cut in truncation(r.printed, r.engine):
                r.causes = [Cause(cut.kind, f"{cut.text} (the document truncates {len(alone)} other "
                                  "numbers)"), *r.causes]
                r.diagnosis = "; ".join(c.text for c in r.causes)


def assumption_note(ck: _Checker, report: CheckReport) -> list[str]:
    """When every number differs and the loader assumed something, point back to the assumption."""
    rows, assumed = report.rows, ck.example.assumptions
    if len(rows) < 2 or not assumed or any(r.verdict == "match" for r in rows):
        return []
    return [f"Every number differs from the engine, and the example assumed {len(assumed)} thing"
            f"{'s' if len(assumed) > 1 else ''} the file does not give ({'; '.join(assumed)}). An "
            "assumption can explain them all: if the document gives these values (a bias, a weight), "
            "add them to [parameters]."]
