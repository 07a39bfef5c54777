"""Exercises for a class: one sheet and one private answer key per student, from a worked example.

An exercise file is a worked example (any ``kind``) plus an ``[exercise]`` table the teacher writes::

    [exercise]
    digits = 4                    # significant digits asked for every answer
    [exercise.vary]               # name = [low, high, step]: each student's number is drawn from
    W31 = [0.20, 0.60, 0.01]      # low, low + step, ..., high (step 0.01 when left out)
    a_h1 = [0.30, 0.70]
    [exercise.credit]             # the partial-credit rules (``nn.check.grade.scoring.CREDIT``)
    sign = 0.5

The names in ``vary`` are the example's own: a parameter (``W31``, ``L1.N1.w1``), a given activation
(``a_h1``), a leaf of an expression, an input ``x1``, a target ``y1`` or ``learning_rate``. Without
``vary`` every parameter, given activation, leaf and input is varied by a quarter of its size. The
blanks are the example's ``[[document]]`` rows (their quantity, kind and step; their values are not
used), or ``[exercise] blanks = ["dL/dW31", ...]``.

A draw is kept only when the sheet is well-conditioned (``conditioning_problem``): no saturated
sigmoid or tanh, no relu, abs, max or min input within ``margin`` of its kink, every answer nonzero
and not on a rounding tie at the asked precision; otherwise the next draw of the same seeded
generator is tried, so the same seed always gives the same sheet.

Public API:
    load_exercise(name_or_path) -> Exercise        a bundled exercise's name, or a .toml path
    draw_sheet(exercise, student, seed) -> Sheet   one student's numbers, answers and texts
    Sheet.markdown(), Sheet.key_toml()             the sheet to hand out; the key (a worked example
                                                   ``stepgrad check`` passes on)
"""

from __future__ import annotations

import copy
import json
import math
import random
import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from autograd import topological_order
from nn.check.checker import check_example
from nn.check.example import Example, ExampleError
from nn.check.files import HERE, example_from_dict, prescan
from nn.check.precision import rounded
from nn.textfile import read_text_file

__all__ = [
    "Exercise",
    "ExerciseError",
    "Blank",
    "Range",
    "Sheet",
    "load_exercise",
    "draw_sheet",
    "conditioning_problem",
    "answer_text",
    "EXERCISES",
]

EXERCISES = HERE / "exercises"  # the bundled exercise files
MAX_EXERCISE_BYTES = 2**20
MAX_DRAWS = 2000  # draws tried for one well-conditioned sheet
MAX_COMPUTED = 25  # of those, draws whose answers are computed (a long training run makes each costly)
TIE = 0.001  # an answer within this fraction of a unit of its last digit from a half is on a rounding tie
_ANY = "≈ 0e300"  # a printed number that stands for every number below 5e299: computes, never diagnoses
_EXERCISE_KEYS = {"title", "digits", "vary", "credit", "blanks", "margin", "saturation", "zeros"}
_LOSS_TEXT = {
    "half_squared_error": "½(y − ŷ)²",
    "squared_error": "(y − ŷ)²",
    "mean_squared_error": "mean of (y − ŷ)²",
    "cross_entropy": "cross-entropy of softmax",
}


class ExerciseError(ExampleError):
    """An exercise file, a roster or a key that cannot be used; the message names the file."""


@dataclass(frozen=True)
class Range:
    """Numbers low, low + step, ..., high (exact decimals: they are printed on the sheet)."""

    low: Decimal
    high: Decimal
    step: Decimal

    def draw(self, rng: random.Random) -> Decimal:
        return self.low + self.step * rng.randint(0, int((self.high - self.low) / self.step))


@dataclass(frozen=True)
class Blank:
    """One number a student computes: ``quantity`` as a worked example names it, after ``after`` steps."""

    number: int
    quantity: str
    after: int = 0
    kind: str = ""
    name: str = ""

    @property
    def label(self) -> str:
        return f"{self.number}. {self.name or self.quantity}"


@dataclass
class Exercise:
    name: str
    title: str
    template: dict  # the worked example without [exercise] and its rows
    ranges: dict[str, Range]
    blanks: list[Blank]
    digits: int = 4
    credit: dict[str, float] = field(default_factory=dict)
    margin: float = 0.05  # distance from a relu/abs/max/min kink
    saturation: float = 0.95  # largest |tanh|, largest sigmoid (and 1 − it smallest)
    zeros: bool = False  # may an answer be exactly 0 (a max or relu gate's gradient)?
    where: str = "the exercise"


@dataclass
class Sheet:
    """One student's draw: the worked example with their numbers and the answers at the asked digits."""

    exercise: Exercise
    student: str
    seed: int
    example: dict  # the worked example (no rows)
    values: dict[str, Decimal]
    answers: list[str]
    name: str = ""

    def key(self) -> dict:
        """The answer key: the worked example with one [[document]] row per blank, its right answer."""
        doc = copy.deepcopy(self.example)
        meta = doc.setdefault("example", {})
        meta["name"] = self.student
        meta["title"] = f"{self.exercise.title}: answer key for {self.student}"
        meta["source"] = f"stepgrad new: exercise {self.exercise.name}, seed {self.seed}"
        doc["document"] = [_row(b, a) for b, a in zip(self.exercise.blanks, self.answers, strict=True)]
        return doc

    def key_toml(self) -> str:
        head = (
            f"# Answer key of {self.student} (private): exercise {self.exercise.name}, seed {self.seed}.\n"
            f"# A worked example: `stepgrad check` on this file recomputes every answer.\n"
        )
        return head + toml_text(self.key())

    def markdown(self) -> str:
        """The sheet to hand out: the givens, room for working, then a table with an empty cell per blank
        (last: a number the student writes in the working and again in the table is read from the table)."""
        ex = self.exercise
        lines = [
            f"# {ex.title}",
            "",
            f"Student: {self.student}" + (f" ({self.name})" if self.name else ""),
            f"Sheet: exercise {ex.name}, seed {self.seed}",
            "",
            f"Fill in the right-hand column of the table, each number to {ex.digits} significant digits "
            f"and at least one decimal (as in {answer_text(-0.0105, ex.digits)} or "
            f"{answer_text(0.40309, ex.digits)}). Leave the rest of the sheet as it is. You may write your "
            "working under Working, one `$...$` line per step: "
            "a rounded number you carry on is then recognised as such.",
            "",
            "## Given",
            "",
            "```text",
            *given_lines(self.example, self.values),
            "```",
            "",
            "## Working (optional)",
            "",
            "",
            "## Your answers",
            "",
            "| quantity | your answer |",
            "|---|---|",
        ]
        lines += [f"| ${blank_latex(b, _root_name(self.example))}$ |  |" for b in ex.blanks]
        return "\n".join(lines) + "\n"


def _row(blank: Blank, value: str) -> dict:
    row = {"name": blank.label, "value": value, "quantity": blank.quantity}
    if blank.kind:
        row["kind"] = blank.kind
    if blank.after:
        row["after"] = blank.after
    return row


# ---- reading the exercise ---------------------------------------------------------------------
def load_exercise(name_or_path: str | Path) -> Exercise:
    """A bundled exercise (``seed000``, ``shared-input``) or example by name, or a .toml path."""
    path = Path(name_or_path)
    for folder in (EXERCISES, HERE):
        if path.suffix != ".toml" and (folder / f"{name_or_path}.toml").is_file():
            path = folder / f"{name_or_path}.toml"
            break
    where = f"exercise file {str(path)!r}"
    text = read_text_file(path, where, "exercise .toml", MAX_EXERCISE_BYTES, ExerciseError)
    prescan(text, where)
    try:
        doc = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError, RecursionError) as e:
        raise ExerciseError(f"{where} is not valid TOML: {str(e)[:200]}") from None
    return exercise_from_dict(doc, where, path.stem)


def exercise_from_dict(doc: dict, where: str, name: str = "exercise") -> Exercise:
    settings = doc.pop("exercise", {})
    if not isinstance(settings, dict):
        raise ExerciseError(f"{where}: [exercise] must be a table")
    unknown = set(settings) - _EXERCISE_KEYS
    if unknown:
        raise ExerciseError(
            f"{where}: [exercise] has unknown key {sorted(unknown)[0]!r}; it takes "
            f"{', '.join(sorted(_EXERCISE_KEYS))}"
        )
    rows = doc.pop("document", [])
    doc.pop("formula", None)
    example = example_from_dict(doc, where)  # the file's own problems, named as the checker names them
    blanks = _blanks(settings.get("blanks"), rows, where)
    digits = settings.get("digits", 4)
    if not isinstance(digits, int) or isinstance(digits, bool) or not 1 <= digits <= 12:
        raise ExerciseError(f"{where}: [exercise] digits = {digits!r}; give 1 to 12 significant digits")
    template = _flat_parameters(doc)
    slots = _slots(template)
    vary = settings.get("vary")
    ranges = _ranges(vary, slots, where) if vary is not None else _default_ranges(slots, template)
    credit = settings.get("credit", {})
    if not isinstance(credit, dict) or not all(_is_fraction(v) for v in credit.values()):
        raise ExerciseError(
            f"{where}: [exercise.credit] gives each rule a credit from 0 to 1, e.g. sign = 0.5"
        )
    title = str(settings.get("title") or example.title or name)
    return Exercise(
        name=str(doc.get("example", {}).get("name", name)),
        title=title,
        template=template,
        ranges=ranges,
        blanks=blanks,
        digits=digits,
        credit=dict(credit),
        margin=_fraction(settings, "margin", 0.05, where),
        saturation=_fraction(settings, "saturation", 0.95, where),
        zeros=_flag(settings, "zeros", where),
        where=where,
    )


def _fraction(settings: dict, key: str, default: float, where: str) -> float:
    value = settings.get(key, default)
    if not _is_fraction(value):
        raise ExerciseError(f"{where}: [exercise] {key} = {value!r}; give a number from 0 to 1")
    return float(value)


def _flag(settings: dict, key: str, where: str) -> bool:
    value = settings.get(key, False)
    if not isinstance(value, bool):
        raise ExerciseError(f"{where}: [exercise] {key} = {value!r}; give true or false")
    return value


def _is_fraction(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 1


def _blanks(names: object, rows: object, where: str) -> list[Blank]:
    if names is not None:
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            raise ExerciseError(
                f'{where}: [exercise] blanks must list quantities, e.g. ["dL/dW31", "delta_h1"]'
            )
        return [Blank(i, n.strip(), 0, "", n.strip()) for i, n in enumerate(names, 1)]
    if not isinstance(rows, list) or not rows:
        raise ExerciseError(
            f"{where}: no blanks: give [[document]] rows (one per number to compute) or "
            '[exercise] blanks = ["dL/dW31", ...]'
        )
    blanks, seen = [], set()
    for row in rows:
        if not isinstance(row, dict) or "quantity" not in row:
            raise ExerciseError(f"{where}: every [[document]] row needs a quantity")
        key = (row["quantity"], row.get("after", 0))
        if key in seen:
            continue
        seen.add(key)
        blanks.append(
            Blank(
                len(blanks) + 1,
                str(row["quantity"]).strip(),
                int(row.get("after", 0)),
                str(row.get("kind", "")),
                str(row.get("name", row["quantity"])),
            )
        )
    return blanks


def _flat_parameters(doc: dict) -> dict:
    """The example with [parameters] written flat (``"L1.N1.w1" = 0.1``), as drawn values are set."""
    out = copy.deepcopy(doc)
    if isinstance(out.get("parameters"), dict):
        out["parameters"] = _flatten(out["parameters"])
    return out


def _flatten(table: dict, prefix: str = "") -> dict:
    flat: dict = {}
    for k, v in table.items():
        if isinstance(v, dict):
            flat |= _flatten(v, f"{prefix}{k}.")
        else:
            flat[f"{prefix}{k}"] = v
    return flat


def _slots(doc: dict) -> dict[str, tuple[str, str | int, ...]]:
    """Every number a teacher may vary, by name → where it is in the example's tables."""
    slots: dict[str, tuple] = {}
    for table in ("parameters", "given", "leaves"):
        for k, v in doc.get(table, {}).items():
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                slots[k] = (table, k)
    data = doc.get("data", {})
    for key, letter in (("inputs", "x"), ("targets", "y")):
        values = data.get(key, [])
        if values and not isinstance(values[0], list):
            for i in range(len(values)):
                slots[f"{letter}{i + 1}"] = ("data", key, i)
    if "learning_rate" in doc.get("training", {}):
        slots["learning_rate"] = ("training", "learning_rate")
    return slots


def _decimal(v: object, where: str, name: str) -> Decimal:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        raise ExerciseError(f"{where}: [exercise.vary] {name}: {v!r} is not a number")
    return Decimal(repr(v))


def _ranges(vary: object, slots: dict, where: str) -> dict[str, Range]:
    if not isinstance(vary, dict):
        raise ExerciseError(f"{where}: [exercise.vary] must be a table of name = [low, high, step]")
    ranges = {}
    for name, spec in vary.items():
        if name not in slots:
            raise ExerciseError(
                f"{where}: [exercise.vary] {name}: the example has no number of that name; "
                f"it has {', '.join(slots)}"
            )
        if not isinstance(spec, list) or len(spec) not in (2, 3):
            raise ExerciseError(f"{where}: [exercise.vary] {name} must be [low, high] or [low, high, step]")
        low, high = (_decimal(v, where, name) for v in spec[:2])
        step = _decimal(spec[2], where, name) if len(spec) == 3 else Decimal("0.01")
        if step <= 0 or high < low or (high - low) / step > 10**6:
            raise ExerciseError(
                f"{where}: [exercise.vary] {name} = {spec}: give low ≤ high and a step > 0 "
                "(at most a million steps)"
            )
        ranges[name] = Range(low, high, step)
    return ranges


def _default_ranges(slots: dict, doc: dict) -> dict[str, Range]:
    """Without [exercise.vary]: each parameter, given activation, leaf and input ± a quarter of it."""
    ranges = {}
    for name, slot in slots.items():
        if slot[0] == "training" or slot[:2] == ("data", "targets"):
            continue
        v = Decimal(repr(float(_get(doc, slot)))).quantize(Decimal("0.01"))
        spread = (abs(v) / 4).quantize(Decimal("0.01"))
        if spread:
            ranges[name] = Range(v - spread, v + spread, Decimal("0.01"))
    return ranges


def _get(doc: dict, slot: tuple) -> object:
    value = doc[slot[0]][slot[1]]
    return value[slot[2]] if len(slot) == 3 else value


def _set(doc: dict, slot: tuple, value: float) -> None:
    if len(slot) == 3:
        doc[slot[0]][slot[1]][slot[2]] = value
    else:
        doc[slot[0]][slot[1]] = value


# ---- drawing one sheet ------------------------------------------------------------------------
def draw_sheet(exercise: Exercise, student: str, seed: int, name: str = "") -> Sheet:
    """The student's numbers: the first well-conditioned draw of ``random.Random(seed)``."""
    rng = random.Random(seed)
    slots = _slots(exercise.template)
    problem, computed = "", 0
    for _ in range(MAX_DRAWS):
        if computed == MAX_COMPUTED:
            break
        values = {n: r.draw(rng) for n, r in exercise.ranges.items()}
        doc = copy.deepcopy(exercise.template)
        for n, v in values.items():
            _set(doc, slots[n], float(v))
        try:
            example = example_from_dict(doc, exercise.where)
        except ExampleError as e:
            problem = str(e)
            continue
        problem = conditioning_problem(example, exercise.margin, exercise.saturation)
        if problem:
            continue
        computed += 1
        answers, problem = _answers(exercise, doc)
        if not problem:
            return Sheet(exercise, student, seed, doc, values, answers, name)
    raise ExerciseError(
        f"{exercise.where}: no well-conditioned sheet in {MAX_DRAWS} draws ({MAX_COMPUTED} computed) for "
        f"seed {seed} "
        f"(the last: {problem}); widen or move the ranges in [exercise.vary]"
    )


def conditioning_problem(example: Example, margin: float = 0.05, saturation: float = 0.95) -> str:
    """What makes a draw unfit for a sheet ("" when nothing): a saturated sigmoid or tanh, or an
    input within ``margin`` of a relu, abs, max or min kink."""
    root = example.loss()
    order = topological_order(root)
    for node in order:
        name = node.label or f"a {node.op} node"
        if node.op == "sigmoid" and not 1 - saturation <= node.data <= saturation:
            return f"{name} = {node.data:.4f} is saturated"
        if node.op == "tanh" and abs(node.data) > saturation:
            return f"{name} = {node.data:.4f} is saturated"
        if node.op in ("relu", "abs") and abs(node.parents[0].data) < margin:
            return f"{name}: its input {node.parents[0].data:.4f} is at the kink"
        if node.op in ("max", "min") and abs(node.parents[0].data - node.parents[1].data) < margin:
            return f"{name}: its two inputs are tied"
    return ""


def _engine_values(exercise: Exercise, doc: dict) -> list[float]:
    """The engine's value of every blank (the rows read as anything: nothing to diagnose)."""
    rows = [_row(b, _ANY) for b in exercise.blanks]
    return [
        r.engine for r in check_example(example_from_dict({**doc, "document": rows}, exercise.where)).rows
    ]


def _stale_alternative(doc: dict) -> dict | None:
    """The example with the hidden δs taken from the updated weights (a network with an update)."""
    training = doc.get("training", {})
    if doc.get("network", {}).get("kind") == "expression" or not training.get("iterations", 1):
        return None
    other = (
        "updated_weights"
        if training.get("hidden_deltas", "old_weights") == "old_weights"
        else "old_weights"
    )
    return {**doc, "training": {**training, "hidden_deltas": other}}


def _answers(exercise: Exercise, doc: dict) -> tuple[list[str], str]:
    """Each blank's right answer at the asked digits, or why the draw is unfit: an answer at or next
    to zero (a slip of its sign or by a factor 2 would not show; ``[exercise] zeros = true`` allows
    exact zeros, as a max gate's gradients are), one on a rounding tie, or one of the first pass that
    the other rule for the hidden δs changes below the printed digits."""
    values = _engine_values(exercise, doc)
    stale = _stale_alternative(doc)
    others = _engine_values(exercise, stale) if stale is not None else values
    answers = []
    for blank, x, other in zip(exercise.blanks, values, others, strict=True):
        if not math.isfinite(x) or (abs(x) < 1e-9 and not (x == 0 and exercise.zeros)):
            return [], f"blank {blank.label} = {x!r} is {'zero' if x == 0 else 'next to zero'}"
        answers.append(answer_text(x, exercise.digits))
        if x and _on_a_tie(x, Decimal(answers[-1]).as_tuple().exponent):
            return [], f"blank {blank.label} = {x!r} is on a rounding tie"
        if blank.after == 0 and not _same(other, x) and answer_text(other, exercise.digits) == answers[-1]:
            return [], f"blank {blank.label}: the updated weights give the same {answers[-1]}"
    return answers, ""


def _on_a_tie(x: float, exponent: int) -> bool:
    units = abs(x) / 10.0**exponent
    return abs(units - math.floor(units) - 0.5) < TIE


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-12 * max(abs(a), abs(b))


def answer_text(x: float, digits: int) -> str:
    """x to ``digits`` significant digits and at least one decimal, written out without an exponent:
    -0.00005080, 3254.4 (a bare integer would read as exact); 0 is "0"."""
    if x == 0:
        return "0"
    exponent = min(math.floor(math.log10(abs(x))) - digits + 1, -1)
    d = rounded(x, exponent)
    if d.adjusted() - exponent + 1 > max(digits, d.adjusted() + 2):  # 9.9996 rounds up to 10.00
        d = rounded(x, exponent + 1)
    return format(d, "f")


# ---- the sheet's texts ------------------------------------------------------------------------
def _root_name(doc: dict) -> str:
    if doc.get("network", {}).get("kind") == "expression":
        training = doc.get("training", {})
        return str(training.get("root") or list(doc.get("nodes", {}) or doc.get("leaves", {}))[-1])
    return "L"


_SPLIT = re.compile(r"([A-Za-z]+)(\d+)\Z")


def symbol_latex(name: str) -> str:
    """A node's name in LaTeX as the document reader reads it back: a_h1 → a_{h1}, W31 → W_{31}."""
    if "_" in name:
        base, sub = name.split("_", 1)
        return f"{base}_{{{sub}}}"
    if m := _SPLIT.match(name):
        return f"{m.group(1)}_{{{m.group(2)}}}"
    return name


def blank_latex(blank: Blank, root: str) -> str:
    q = blank.quantity.replace("∂", "d").replace(" ", "")
    if m := re.fullmatch(r"(?:delta_|δ_?)(.+)", q):
        return f"\\delta_{{{m.group(1)}}}"
    if "/" in q:
        top, bottom = (part[1:] for part in q.split("/", 1))
        return f"\\frac{{\\partial {symbol_latex(top)}}}{{\\partial {symbol_latex(bottom)}}}"
    return symbol_latex(q) + ("^{new}" if blank.after else "")


def _shown(v: object, values: dict[str, Decimal], name: str) -> str:
    return str(values[name]) if name in values else f"{v:g}" if isinstance(v, float) else str(v)


def given_lines(doc: dict, values: dict[str, Decimal]) -> list[str]:
    """The givens of a sheet, in plain text: the network or the graph, then every number."""
    network, training = doc.get("network", {}), doc.get("training", {})
    lines = []
    if network.get("kind") == "expression":
        leaves = doc.get("leaves", {})
        lines.append("numbers: " + ", ".join(f"{k} = {_shown(v, values, k)}" for k, v in leaves.items()))
        lines.append("the graph, node by node:")
        lines += [f"  {k} = {v}" for k, v in doc.get("nodes", {}).items()]
        lines.append(f"compute the derivatives of {_root_name(doc)}")
    else:
        shape = {
            "document": "the 2-2-1 network (inputs x1, x2; hidden h1, h2; output o1)",
            "shared-bias": "the 2-2-2 network (w1 … w8, b1, b2)",
        }.get(network.get("kind"), "the network")
        lines.append(f"network: {shape}, activation {network.get('activation', 'sigmoid')}")
        loss = training.get("loss", "")
        lines.append(f"loss: {_LOSS_TEXT.get(loss, loss)} ({loss})")
        data = doc.get("data", {})
        for key, letter in (("inputs", "x"), ("targets", "y")):
            xs = data.get(key, [])
            if xs and not isinstance(xs[0], list):
                lines.append(
                    f"{key}: "
                    + ", ".join(
                        f"{letter}{i} = {_shown(v, values, f'{letter}{i}')}" for i, v in enumerate(xs, 1)
                    )
                )
        for table, what in (("parameters", "weights and biases"), ("given", "given activations")):
            if doc.get(table):
                lines.append(
                    f"{what}: " + ", ".join(f"{k} = {_shown(v, values, k)}" for k, v in doc[table].items())
                )
    if "learning_rate" in training:
        lines.append(f"learning rate: η = {_shown(training['learning_rate'], values, 'learning_rate')}")
    if training.get("hidden_deltas") == "old_weights" and network.get("kind") != "expression":
        lines.append("the hidden δs use the weights before the update")
    return lines


# ---- TOML out ----------------------------------------------------------------------------------
def _toml_value(v: object) -> str:
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    raise TypeError(f"no TOML form for {type(v).__name__}")


def _toml_key(k: str) -> str:
    return k if re.fullmatch(r"[A-Za-z0-9_-]+", k) else json.dumps(k, ensure_ascii=False)


def toml_text(doc: dict) -> str:
    """A worked example (tables of numbers, strings and lists; [[arrays]] of tables) as TOML."""
    out = []
    for name, value in doc.items():
        if isinstance(value, dict):
            out += [
                f"[{_toml_key(name)}]",
                *(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()),
                "",
            ]
    for name, value in doc.items():
        if isinstance(value, list) and value and all(isinstance(r, dict) for r in value):
            for row in value:
                out += [
                    f"[[{_toml_key(name)}]]",
                    *(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in row.items()),
                    "",
                ]
    return "\n".join(out)
