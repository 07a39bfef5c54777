"""Worked examples: a network, its data, its training settings and a document's printed numbers.

A bundled example is named by its file stem (``seed000``); any other path ending in ``.toml`` is
read as a file. The format is described in the README ("Checking a document's numbers").

The reader is strict on purpose: a worked example is usually typed in by hand from a document,
so an unknown key is far more likely a typo (``learning_rte``) than an extension, and a missing
weight would silently change every number. Every problem is reported as one ExampleError that
names the file, the key and, where it can be found, the line.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autograd import Value, topological_order
from nn.check.formulas import FORMULA_KEYS, FormulaEntry, read_formula_entries
from nn.layers import ACTIVATIONS, MLP
from nn.losses import LOSSES
from nn.module import Module
from nn.networks import NAME_TABLE, SHARED_BIAS_TABLE, DocumentNetwork, SharedBiasNetwork
from nn.textfile import read_text_file, short_repr

__all__ = [
    "Example",
    "ExampleError",
    "DocumentNumber",
    "UpdateRule",
    "load_example",
    "bundled_examples",
    "NETWORK_KINDS",
    "NUMBER_KINDS",
]

HERE = Path(__file__).parent.parent / "examples"  # the bundled .toml files
DEFAULT = "seed000"
MAX_FILE_BYTES = 2**20  # a worked example is a few kilobytes
_GIVEN_FOR_BIAS = {"B1": ("a_h1", ("W11", "W21"), "inputs"), "B2": ("a_h2", ("W12", "W22"), "inputs"),
                   "B3": ("a_o1", ("W31", "W41"), "hidden")}
# Which given activation fixes the neuron each weight feeds (a weight may then be left out).
_NEURON_OF_WEIGHT = {"W11": "a_h1", "W21": "a_h1", "W12": "a_h2", "W22": "a_h2",
                     "W31": "a_o1", "W41": "a_o1"}

NETWORK_KINDS = ("document", "mlp", "shared-bias")
HIDDEN_DELTAS = ("old_weights", "updated_weights")
MAX_ITERATIONS = 100_000  # a scalar engine takes about 0.1 ms per step of a small network
# What a printed number can be; `kind` says what it is, `quantity` which engine number it is.
NUMBER_KINDS = {
    "loss": "the loss L",
    "output": "a network output (ŷ)",
    "activation": "a neuron's activation a = f(z)",
    "net_input": "a neuron's net input z = Σ w·a + b",
    "input": "an input x",
    "delta": "a neuron's δ = dL/dz",
    "gradient": "a derivative of the loss, dL/d(anything)",
    "derivative": "any derivative dA/dB, e.g. a local one such as da_o1/dz_o1 = a(1 − a)",
    "weight": "a weight's value (after `after` updates)",
    "bias": "a bias's value (after `after` updates)",
}

# The keys each table may hold: key → (expected type, description used in messages).
_NUM = (int, float)
_TABLES: dict[str, dict[str, tuple[tuple[type, ...], str]]] = {
    "example": {"name": ((str,), "a string"), "title": ((str,), "a string"),
                "source": ((str,), "a string"), "notes": ((str,), "a string")},
    "network": {"kind": ((str,), "a string"), "activation": ((str, list), "a string or a list of strings"),
                "sizes": ((list,), "a list of integers")},
    "data": {"inputs": ((list,), "a list of numbers"), "targets": ((list,), "a list of numbers")},
    "training": {"loss": ((str,), "a string"), "learning_rate": (_NUM, "a number"),
                 "hidden_deltas": ((str,), "a string"), "update_biases": ((bool,), "true or false"),
                 "iterations": ((int,), "an integer")},
    "document": {"name": ((str,), "a string"), "value": ((str,), "a string"),
                 "kind": ((str,), "a string"), "quantity": ((str,), "a string"),
                 "after": ((int,), "an integer"), "note": ((str,), "a string")},
    "formula": FORMULA_KEYS,  # [[formula]]: a document's formula (nn/check/formulas.py)
}
_FREE_TABLES = ("parameters", "given")  # keys are parameter / activation names, values numbers


class ExampleError(ValueError):
    """A worked-example file that cannot be used; the message names the file and the key."""


def bundled_examples() -> list[str]:
    return sorted(p.stem for p in HERE.glob("*.toml"))


@dataclass(frozen=True)
class UpdateRule:
    """How the document updates its parameters.

    ``hidden_deltas``: "old_weights" (correct: every δ of one step uses the weights before that
    step) or "updated_weights" (each layer is updated before the δs of the layer below are
    computed with its new weights, as some documents do on their way back). ``update_biases``:
    whether the step changes the biases (Mazur-style tutorials leave them alone).
    ``iterations``: how many update steps the document carries out.
    """

    hidden_deltas: str = "old_weights"
    update_biases: bool = True
    iterations: int = 1


@dataclass(frozen=True)
class DocumentNumber:
    """One number the document prints: ``value`` exactly as printed, so its precision is known."""

    name: str
    value: str
    kind: str
    quantity: str
    after: int = 0
    note: str = ""
    index: int = 0  # 1-based position among the file's [[document]] tables
    line: int | None = None  # of its value
    lines: dict[str, int] = field(default_factory=dict, compare=False)  # of each key, for messages


@dataclass
class Example:
    """A worked example ready to run: ``example.loss()`` builds a fresh graph and returns L."""

    name: str
    title: str
    network: Module
    inputs: list[float]
    targets: list[float]
    loss_name: str
    learning_rate: float
    assumptions: list[str] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None
    rule: UpdateRule = field(default_factory=UpdateRule)
    document: list[DocumentNumber] = field(default_factory=list)
    where: str = "the example"
    formulas: list[FormulaEntry] = field(default_factory=list)

    def input_values(self) -> list[Value]:
        return [Value(x, f"x{i + 1}") for i, x in enumerate(self.inputs)]

    def output(self) -> Value | list[Value]:
        return self.network(self.input_values())

    def loss(self) -> Value:
        return LOSSES[self.loss_name](self.output(), self.targets)

    def assumption_lines(self, markdown: bool = False) -> list[str]:
        """What the loader assumed, for the top of every report (none: an empty list)."""
        if not self.assumptions:
            return []
        if markdown:
            return ["Assumed (the example does not give these):", "", *[f"- {a}" for a in self.assumptions]]
        return ["Assumed (the example does not give these):", *[f"  - {a}" for a in self.assumptions]]

    def header_lines(self) -> list[str]:
        """The title, then the assumptions, each followed by a blank line."""
        assumed = self.assumption_lines()
        return [self.title or self.name, "", *assumed, *([""] if assumed else [])]

    def node_aliases(self) -> dict[str, str]:
        """Other names the document may use for the graph's nodes and parameters."""
        net = self.network
        if isinstance(net, DocumentNetwork):
            from nn.networks import SEED001_NODE_NAMES

            return {new: old for old, new, _ in NAME_TABLE} | SEED001_NODE_NAMES
        if isinstance(net, SharedBiasNetwork):
            return dict(SharedBiasNetwork.NODE_NAMES)
        return {}


# ---- locating keys in the text, for messages ---------------------------------------------------
_HEADER = re.compile(r"^\s*\[(\[?)\s*([^\]]+?)\s*\]")


def line_of(text: str, table: str | None, key: str | None = None, index: int | None = None) -> int | None:
    """The 1-based line of ``[table]`` (the ``index``-th ``[[table]]``) or of ``key`` inside it."""
    current: tuple[str | None, int] = (None, 1)
    counts: dict[str, int] = {}
    key_re = re.compile(rf"""^\s*["']?{re.escape(key)}["']?\s*=""") if key else None
    for number, line in enumerate(text.splitlines(), 1):
        m = _HEADER.match(line)
        if m:
            name = m.group(2).strip("\"'")
            counts[name] = counts.get(name, 0) + 1
            current = (name, counts[name])
            if key is None and name == table and index in (None, counts[name]):
                return number
            continue
        if key_re and current[0] == table and index in (None, current[1]) and key_re.match(line):
            return number
    return None


class _Reader:
    """Checks one parsed file, raising ExampleError with the file, the key and the line."""

    def __init__(self, doc: dict, where: str, text: str | None) -> None:
        self.doc, self.where, self.text = doc, where, text

    def fail(self, message: str, table: str | None = None, key: str | None = None,
             index: int | None = None) -> ExampleError:
        line = line_of(self.text, table, key, index) if self.text is not None else None
        if line is None and key is not None and self.text is not None:
            line = line_of(self.text, table, None, index)
        at = f", line {line}" if line else ""
        return ExampleError(f"{self.where}{at}: {message}")

    def table(self, name: str, required: bool = True) -> dict:
        sec = self.doc.get(name)
        if sec is None:
            if required:
                raise self.fail(f"missing table [{name}]")
            return {}
        if not isinstance(sec, dict):
            raise self.fail(f"[{name}] must be a table, not {type(sec).__name__}", None, name)
        self.check_keys(name, sec)
        return sec

    def check_keys(self, name: str, sec: dict, index: int | None = None) -> None:
        allowed = _TABLES[name]
        label = f"[[{name}]] #{index}" if index else f"[{name}]"
        for key, val in sec.items():
            if key not in allowed:
                raise self.fail(
                    f"{label}: unknown key {key!r}; {label} takes {', '.join(allowed)}", name, key, index
                )
            types, description = allowed[key]
            ok = isinstance(val, types) and not (isinstance(val, bool) and bool not in types)
            if not ok:
                raise self.fail(
                    f"{label}: {key} must be {description}, got {type(val).__name__} {short_repr(val)}",
                    name, key, index,
                )

    def number(self, table: str, key: str, v: object, shown: str | None = None) -> float:
        shown = shown or f"[{table}] {key}"
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise self.fail(f"{shown} must be a number, got {type(v).__name__} {short_repr(v)}", table, key)
        try:
            f = float(v)
        except OverflowError:  # an integer beyond float range
            f = math.inf
        if not math.isfinite(f):
            raise self.fail(f"{shown} must be a finite number, got {short_repr(v)}", table, key)
        return f

    def numbers(self, table: str, key: str, values: object) -> list[float]:
        if not isinstance(values, list) or not values:
            raise self.fail(f"[{table}] {key} must be a non-empty list of numbers", table, key)
        return [self.number(table, key, v, f"[{table}] {key}[{i}]") for i, v in enumerate(values)]


def _flatten(table: dict, prefix: str = "") -> dict[str, object]:
    """``L1.N1.w1 = 0.1`` is a nested table in TOML; parameter names are the dotted paths."""
    flat: dict[str, object] = {}
    for k, v in table.items():
        name = f"{prefix}{k}"
        if isinstance(v, dict):
            flat |= _flatten(v, f"{name}.")
        else:
            flat[name] = v
    return flat


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def _complete_document_network(r: _Reader, params: dict, given: dict, inputs: list[float]):
    """Fill what the document leaves out: biases solved from given activations (else 0).

    A weight may be left out only when the document gives the activation of the neuron it feeds
    instead (seed 000 does): it is then taken as 0 and the bias solved so that the activation is
    the given one. Any other missing weight is an error: guessing it would change every number.
    """
    net = DocumentNetwork()
    assumptions = []
    for k in given:
        if k not in ("a_h1", "a_h2", "a_o1"):
            raise r.fail(f"[given]: unknown activation {k!r}; use a_h1, a_h2 or a_o1", "given", k)
    given = {k: r.number("given", k, v) for k, v in given.items()}
    stated: dict[str, str] = {}
    for k, v in params.items():
        try:
            canonical = DocumentNetwork.canonical(k)
        except KeyError as e:
            raise r.fail(f"[parameters]: {e.args[0]}", "parameters", k) from None
        if canonical in stated:
            raise r.fail(f"[parameters] gives {canonical} twice ({stated[canonical]} and {k}); keep one",
                         "parameters", k)
        net[canonical] = r.number("parameters", k, v)
        stated[canonical] = k
    for old, new, what in NAME_TABLE:
        if old.startswith("W") and old not in stated:
            if _NEURON_OF_WEIGHT[old] not in given:
                raise r.fail(
                    f"[parameters]: missing weight {old} (seed 001: {new}, {what}); give it, or give "
                    f"the activation {_NEURON_OF_WEIGHT[old]} in [given] if the document assumes it",
                    "parameters",
                )
            assumptions.append(f"{old} ({what}) is not given: taken as 0")
    for bias, (act, weights, source) in _GIVEN_FOR_BIAS.items():
        if bias in stated:
            continue
        if act not in given:
            assumptions.append(f"{bias} is not given: taken as 0")
            continue
        a = r.number("given", act, given[act])
        if not 0.0 < a < 1.0:
            raise r.fail(f"[given] {act} = {a} must lie strictly between 0 and 1", "given", act)
        if source == "inputs":
            prev = inputs
        elif "a_h1" in given and "a_h2" in given:
            prev = [float(given["a_h1"]), float(given["a_h2"])]
        else:  # the hidden activations as the network now computes them (B1, B2 are settled)
            prev = [h.data for h in net.hidden([Value(x) for x in inputs])]
        b = _logit(a) - sum(net[w].data * v for w, v in zip(weights, prev, strict=True))
        net[bias] = b
        assumptions.append(
            f"{bias} is not given: solved as {b:.6f} so that sigmoid(z) = {act} = {given[act]}"
        )
    return net, assumptions


def _mlp_network(r: _Reader, network: dict, params: dict, n_in: int, n_out: int):
    sizes = network.get("sizes")
    if sizes is None:
        raise r.fail("[network] kind = 'mlp' needs sizes, e.g. sizes = [2, 3, 1]", "network", "kind")
    if len(sizes) < 2 or not all(isinstance(s, int) and not isinstance(s, bool) and s > 0 for s in sizes):
        raise r.fail(f"[network] sizes must list at least two positive integers, got {sizes!r}",
                     "network", "sizes")
    if sizes[0] != n_in or sizes[-1] != n_out:
        raise r.fail(
            f"[network] sizes = {sizes} takes {sizes[0]} inputs and gives {sizes[-1]} outputs, but [data] "
            f"has {n_in} inputs and {n_out} targets", "network", "sizes",
        )
    activation = network.get("activation", "sigmoid")
    acts = [activation] * (len(sizes) - 1) if isinstance(activation, str) else activation
    if len(acts) != len(sizes) - 1:
        raise r.fail(f"[network] activation lists {len(acts)} names for {len(sizes) - 1} layers; give one "
                     "per layer or a single name", "network", "activation")
    for a in acts:
        if a not in ACTIVATIONS:
            raise r.fail(f"[network] activation {a!r} is unknown; choose one of {', '.join(ACTIVATIONS)}",
                         "network", "activation")
    net = MLP(sizes[0], sizes[1:], acts, seed=0)
    known = dict(net.named_parameters())
    for k, v in params.items():
        if k not in known:
            raise r.fail(f"[parameters]: the {'-'.join(map(str, sizes))} MLP has no parameter {k!r}; its "
                         f"parameters are named like L1.N1.w1 (layer 1, neuron 1, input 1) and L1.N1.b",
                         "parameters", k)
        known[k].data = r.number("parameters", k, v)
    missing = [k for k in known if k not in params and not k.endswith(".b")]
    if missing:
        raise r.fail(f"[parameters]: missing weight{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
                     "parameters")
    assumptions = []
    for k in known:
        if k not in params:
            known[k].data = 0.0
            assumptions.append(f"{k} is not given: taken as 0")
    return net, assumptions


def _shared_bias_network(r: _Reader, network: dict, params: dict):
    net = SharedBiasNetwork(activation=network.get("activation", "sigmoid"))
    names = [n for n, _ in SHARED_BIAS_TABLE]
    for k, v in params.items():
        if k not in names:
            raise r.fail(f"[parameters]: the 2-2-2 shared-bias network has no parameter {k!r}; its "
                         f"parameters are {', '.join(names)}", "parameters", k)
        net[k].data = r.number("parameters", k, v)
    missing = [n for n, what in SHARED_BIAS_TABLE if n.startswith("w") and n not in params]
    if missing:
        raise r.fail(f"[parameters]: missing weight{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
                     "parameters")
    return net, [f"{b} is not given: taken as 0" for b in ("b1", "b2") if b not in params]


def _document_numbers(r: _Reader, rows: object, iterations: int) -> list[DocumentNumber]:
    if rows is None:
        return []
    if not isinstance(rows, list) or not all(isinstance(t, dict) for t in rows):
        raise r.fail("document must be an array of tables, written [[document]]", None, "document")
    numbers = []
    for i, row in enumerate(rows, 1):
        r.check_keys("document", row, i)
        label = f"[[document]] #{i}"
        for key in ("name", "value", "kind", "quantity"):
            if key not in row:
                raise r.fail(f"{label}: missing key {key!r}", "document", None, i)
        if row["kind"] not in NUMBER_KINDS:
            raise r.fail(f"{label} ({row['name']}): kind = {row['kind']!r} is unknown; choose one of "
                         f"{', '.join(NUMBER_KINDS)}", "document", "kind", i)
        after = row.get("after", 0)
        if not 0 <= after <= iterations:
            raise r.fail(f"{label} ({row['name']}): after = {after}, but the document makes "
                         f"{iterations} update step{'s' if iterations != 1 else ''} ([training] "
                         f"iterations); use 0 to {iterations}", "document", "after", i)
        numbers.append(DocumentNumber(
            name=row["name"], value=row["value"], kind=row["kind"], quantity=row["quantity"].strip(),
            after=after, note=row.get("note", ""), index=i,
            line=line_of(r.text, "document", "value", i) if r.text is not None else None,
            lines={k: n for k in row if r.text is not None and (n := line_of(r.text, "document", k, i))},
        ))
    return numbers


def _safely(test: Callable[[], bool]) -> bool:
    """``path.exists()``/``is_file()`` for any user string: a name too long or with a NUL byte
    raises instead of answering; such a path is no file."""
    try:
        return test()
    except (OSError, ValueError):
        return False


def load_example(name_or_path: str | Path = DEFAULT) -> Example:
    """Load a bundled example by name, or a worked-example TOML file by path."""
    path = Path(name_or_path)
    if path.suffix != ".toml" and _safely((HERE / f"{name_or_path}.toml").is_file):
        path = HERE / f"{name_or_path}.toml"
    where = f"example file {str(path)!r}"
    if not str(name_or_path) or not _safely(path.exists):
        raise ExampleError(
            f"no example {str(name_or_path)!r}: not a file, and not a bundled example "
            f"({', '.join(bundled_examples())})"
        )
    text = read_text_file(path, where, "worked-example .toml", MAX_FILE_BYTES, ExampleError)
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ExampleError(f"{where} is not valid TOML: {e}") from None
    except RecursionError:
        raise ExampleError(f"{where} is nested too deeply to be a worked example") from None
    return example_from_dict(doc, where, path, text)


def example_from_dict(doc: dict, where: str = "the example", path: Path | None = None,
                      text: str | None = None) -> Example:
    """Check a parsed worked-example file and build its network (``text`` locates errors)."""
    r = _Reader(doc, where, text)
    known = (*_TABLES, *_FREE_TABLES)
    for key in doc:
        if key not in known:
            raise r.fail(f"unknown table or key {key!r}; a worked example has "
                         f"{', '.join(f'[{k}]' for k in known if k not in ('document', 'formula'))}, "
                     "[[document]] and [[formula]]",
                         key if isinstance(doc[key], dict) else None,
                         None if isinstance(doc[key], dict) else key)
    meta = r.table("example", required=False)
    network = r.table("network")
    data = r.table("data")
    training = r.table("training")
    tables = {}
    for name in _FREE_TABLES:
        sec = doc.get(name, {})
        if not isinstance(sec, dict):
            raise r.fail(f"[{name}] must be a table, not {type(sec).__name__}", None, name)
        tables[name] = _flatten(sec)
    params, given = tables["parameters"], tables["given"]

    for key in ("inputs", "targets"):
        if key not in data:
            raise r.fail(f"[data]: missing key {key!r}", "data")
    inputs = r.numbers("data", "inputs", data["inputs"])
    targets = r.numbers("data", "targets", data["targets"])

    loss = training.get("loss")
    if not isinstance(loss, str) or loss not in LOSSES:
        raise r.fail(f"[training] loss = {loss!r}; choose one of {', '.join(LOSSES)}", "training", "loss")
    if "learning_rate" not in training:
        raise r.fail("[training]: missing key 'learning_rate'", "training")
    lr = r.number("training", "learning_rate", training["learning_rate"])
    rule = UpdateRule(
        hidden_deltas=training.get("hidden_deltas", "old_weights"),
        update_biases=training.get("update_biases", True),
        iterations=training.get("iterations", 1),
    )
    if rule.hidden_deltas not in HIDDEN_DELTAS:
        raise r.fail(f"[training] hidden_deltas = {rule.hidden_deltas!r}; choose "
                     f"{' or '.join(HIDDEN_DELTAS)}", "training", "hidden_deltas")
    if not 0 <= rule.iterations <= MAX_ITERATIONS:
        raise r.fail(f"[training] iterations = {rule.iterations} must be between 0 and {MAX_ITERATIONS}",
                     "training", "iterations")

    kind = network.get("kind")
    activation = network.get("activation", "sigmoid")
    if kind not in NETWORK_KINDS:
        raise r.fail(f"[network] kind = {kind!r}; choose one of {', '.join(NETWORK_KINDS)}",
                     "network", "kind")
    if kind != "mlp":
        if "sizes" in network:
            raise r.fail(f"[network] sizes is only for kind = 'mlp'; the {kind} network has a fixed shape",
                         "network", "sizes")
        if activation not in ACTIVATIONS:
            raise r.fail(f"[network] activation = {activation!r}; choose one of {', '.join(ACTIVATIONS)}",
                         "network", "activation")
    if given and kind != "document":
        raise r.fail("[given] activations are supported for kind = 'document' only; give every weight "
                     "and bias instead", "given")
    if kind == "document":
        if len(inputs) != 2 or len(targets) != 1:
            raise r.fail("the documents' network takes 2 inputs and 1 target", "data")
        net, assumptions = _complete_document_network(r, params, given, inputs)
        net.activation = activation
    elif kind == "shared-bias":
        if len(inputs) != 2 or len(targets) != 2:
            raise r.fail("the 2-2-2 shared-bias network takes 2 inputs and 2 targets", "data")
        net, assumptions = _shared_bias_network(r, network, params)
    else:
        net, assumptions = _mlp_network(r, network, params, len(inputs), len(targets))
    example = Example(
        name=str(meta.get("name", path.stem if path else "example")),
        title=str(meta.get("title", "")),
        network=net,
        inputs=inputs,
        targets=targets,
        loss_name=loss,
        learning_rate=lr,
        assumptions=assumptions,
        raw=doc,
        path=path,
        rule=rule,
        document=_document_numbers(r, doc.get("document"), rule.iterations),
        where=where,
        formulas=read_formula_entries(r, doc.get("formula")),
    )
    _check_finite(where, example)
    return example


def _check_finite(where: str, example: Example) -> None:
    """Numbers that are each finite can still overflow together: refuse them at load time.

    Runs one forward and backward pass, then clears the gradients it left on the parameters, so a
    loaded example starts as if freshly built.
    """
    loss = example.loss()
    loss.backward()
    order = topological_order(loss)
    bad = next(((what, n, x) for what, attr in (("value", "data"), ("gradient", "grad"))
                for n in order if not math.isfinite(x := getattr(n, attr))), None)
    loss.zero_grad()
    if bad is not None:
        what, node, x = bad
        name = node.label or (f"a {node.op!r} node" if node.op else "a constant")
        raise ExampleError(
            f"{where}: the {what} of {name} is {x}: the example's numbers are too large "
            f"to compute with; use smaller inputs, targets or parameters"
        )
