"""Loading worked examples: the schema, the pre-scan, the networks built from a file.

The model the loader builds (``Example``, ``DocumentNumber``, ``UpdateRule``, ``ExampleError``)
is ``nn/check/example.py``.

A bundled example is named by its file stem (``seed000``); any other path ending in ``.toml`` is
read as a file. The format is described in docs/format.md.

The reader is strict on purpose: a worked example is usually typed in by hand from a document,
so an unknown key is far more likely a typo (``learning_rte``) than an extension, and a missing
weight would silently change every number. Every problem is reported as one ExampleError that
names the file, the key and, where it can be found, the line.

Kinds of worked example (``[network] kind``): ``expression`` (any graph, written as ordered
assignments in ``[leaves]`` and ``[nodes]``) and three templates, ``document`` (2-2-1),
``mlp`` and ``shared-bias`` (2-2-2), which build a named graph of the same sort: every node
labelled, the loss ``L`` the sum of each output's own error ``E_o1``, ``E_o2``, ...

Bounded by design: the text is pre-scanned before the TOML reader sees it (key depth, nesting,
number length), sizes are checked before a network is built, and the work of a check
(iterations × graph size) is bounded before anything runs; see ``LIMITS``.

Public API (for the checker, the formula checker and the document reader):
    load_example(name_or_path) -> Example      read and validate a file or a bundled example
    example_from_dict(doc, where, path, text)  the same from parsed TOML
    Example                                    ``.graph()`` builds a fresh graph and returns its
                                               root; ``.document`` the printed numbers
    DocumentNumber                             one printed number (``source``: "line 12")
    bundled_examples(), example_titles()       the bundled files and their titles
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from autograd import Value, topological_order
from nn.check.example import (  # noqa: F401 - the model, read here by its older importers too
    DocumentNumber,
    Example,
    ExampleError,
    UpdateRule,
    printable,
    row_reason,
)
from nn.check.expressions import ExpressionError, ExpressionGraph, parse
from nn.check.formula_text import FORMULA_KEYS, read_formula_entries
from nn.check.lines import LineIndex, line_of  # noqa: F401 - importers read them here too
from nn.check.prescan import LIMITS, prescan  # noqa: F401 - prescan: read here by its older importers too
from nn.layers import ACTIVATIONS, MLP
from nn.losses import LOSS_NAMES
from nn.module import Module
from nn.networks import NAME_TABLE, SHARED_BIAS_TABLE, DocumentNetwork, SharedBiasNetwork
from nn.suggest import did_you_mean
from nn.textfile import missing_file, read_text_file, short_repr

__all__ = [
    "Example",
    "ExampleError",
    "DocumentNumber",
    "UpdateRule",
    "load_example",
    "bundled_examples",
    "example_titles",
    "printable",
    "ExpressionGraph",
    "LIMITS",
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

NETWORK_KINDS = ("expression", "document", "mlp", "shared-bias")
REDUCTIONS = ("mean", "sum")
HIDDEN_DELTAS = ("old_weights", "updated_weights")
MAX_ITERATIONS = 100_000  # a scalar engine takes about 0.1 ms per step of a small network
# What one file may ask for; each is checked before anything expensive is built or parsed.
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
    "value": "any node's value",
    "weight": "a weight's value (after `after` updates)",
    "bias": "a bias's value (after `after` updates)",
}

# The keys each table may hold: key → (expected type, description used in messages).
_NUM = (int, float)
_TABLES: dict[str, dict[str, tuple[tuple[type, ...], str]]] = {
    "example": {"name": ((str,), "a string"), "title": ((str,), "a string"),
                "source": ((str,), "a string"), "notes": ((str,), "a string")},
    "network": {"kind": ((str,), "a string"), "activation": ((str, list), "a string or a list of strings"),
                "sizes": ((list,), "a list of integers"), "biases": ((bool,), "true or false")},
    "data": {"inputs": ((list,), "a list of numbers, or a list of samples (lists of numbers)"),
             "targets": ((list,), "a list of numbers, or a list of samples (lists of numbers)"),
             "reduction": ((str,), '"mean" or "sum"')},
    "training": {"loss": ((str,), "a string"), "learning_rate": (_NUM, "a number"),
                 "hidden_deltas": ((str,), "a string"), "update_biases": ((bool,), "true or false"),
                 "iterations": ((int,), "an integer"), "momentum": (_NUM, "a number"),
                 "root": ((str,), "a node's name"), "parameters": ((list,), "a list of names"),
                 "epochs": ((int,), "an integer"), "batch_size": ((int,), "an integer")},
    "document": {"name": ((str,), "a string"), "value": ((str,), "a string"),
                 "kind": ((str,), "a string"), "quantity": ((str,), "a string"),
                 "after": ((int,), "an integer"), "epoch": ((int,), "an integer"),
                 "note": ((str,), "a string")},
    "formula": FORMULA_KEYS,  # [[formula]]: a document's formula (nn/check/formulas.py)
}
_FREE_TABLES = ("parameters", "given", "leaves", "nodes")  # keys are names, values numbers/strings


def bundled_examples() -> list[str]:
    return sorted(p.stem for p in HERE.glob("*.toml"))


def example_titles() -> dict[str, str]:
    """Each bundled example's name and title (``stepgrad check --list``)."""
    titles = {}
    for name in bundled_examples():
        meta = tomllib.loads((HERE / f"{name}.toml").read_text(encoding="utf-8")).get("example", {})
        titles[name] = str(meta.get("title", ""))
    return titles


class _Reader:
    """Checks one parsed file, raising ExampleError with the file, the key and the line."""

    def __init__(self, doc: dict, where: str, text: str | None) -> None:
        self.doc, self.where, self.text = doc, where, text
        self._index: LineIndex | None = None

    def line(self, table: str | None, key: str | None = None, index: int | None = None) -> int | None:
        if self.text is None:
            return None
        if self._index is None:
            self._index = LineIndex(self.text)
        return self._index.line(table, key, index)

    def fail(self, message: str, table: str | None = None, key: str | None = None,
             index: int | None = None, onward: bool = False) -> ExampleError:
        line = self.line(table, key, index)
        if line is None and key is not None:
            line = self.line(table, None, index)
        at = f", line {line}" if line else ""
        return ExampleError(f"{self.where}{at}: {message}", where=self.where, table=table, index=index,
                            key=key, line=line, reason=row_reason(message, table or "", index), onward=onward)

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
                    f"{label}: {key} must be {description}, got {type(val).__name__} {short_repr(val)}"
                    + self.quote_hint(key, val, types, name, index), name, key, index,
                )

    def quote_hint(self, key: str, val: object, types: object, table: str, index: int | None) -> str:
        """For a bare number where the text is wanted: the line to write instead, digits kept."""
        if str not in types or isinstance(val, bool) or not isinstance(val, (int, float)):
            return ""
        line = self.line(table, key, index)
        written = str(val)
        if line and self.text:
            found = re.match(rf"\s*{re.escape(key)}\s*=\s*([^#\s]+)", self.text.splitlines()[line - 1])
            written = found.group(1) if found else written
        return f'; quote it, as printed: {key} = "{written}" (the digits say its precision)'

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
            raise r.fail(f"[given]: unknown activation {short_repr(k)}; use a_h1, a_h2 or a_o1", "given", k)
    given = {k: r.number("given", k, v) for k, v in given.items()}
    stated = _set_document_parameters(r, net, params)
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
        if bias not in stated:
            assumptions.append(_solve_bias(r, net, bias, act, weights, source, given, inputs))
    return net, assumptions


def _solve_bias(r: _Reader, net: DocumentNetwork, bias: str, act: str, weights: tuple[str, str], source: str,
                given: dict, inputs: list[float]) -> str:
    """Set a missing bias so that the neuron's activation is the given one (else 0); say which."""
    if act not in given:
        return f"{bias} is not given: taken as 0"
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
    return f"{bias} is not given: solved as {b:.6f} so that sigmoid(z) = {act} = {given[act]}"


def _set_document_parameters(r: _Reader, net: DocumentNetwork, params: dict) -> dict[str, str]:
    """Set the given parameters (either notation); returns canonical name → the name used."""
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
    return stated


def _mlp_network(r: _Reader, network: dict, params: dict, n_in: int, n_out: int):
    sizes = _mlp_sizes(r, network, n_in, n_out)
    net = MLP(sizes[0], sizes[1:], _mlp_activations(r, network, len(sizes) - 1), seed=0)
    known = dict(net.named_parameters())
    for k, v in params.items():
        if k not in known:
            raise r.fail(f"[parameters]: the {'-'.join(map(str, sizes))} MLP has no parameter "
                         f"{short_repr(k)}; its parameters are named like L1.N1.w1 (layer 1, neuron 1, "
                         "input 1) and L1.N1.b", "parameters", k)
        known[k].data = r.number("parameters", k, v)
    missing = [k for k in known if k not in params and not k.endswith(".b")]
    if missing:
        raise r.fail(f"[parameters]: missing weight{'s' if len(missing) > 1 else ''} {_listing(missing)}",
                     "parameters")
    assumptions = []
    for k in known:
        if k not in params:
            known[k].data = 0.0
            assumptions.append(f"{k} is not given: taken as 0")
    return net, assumptions


def _mlp_activations(r: _Reader, network: dict, layers: int) -> list[str]:
    activation = network.get("activation", "sigmoid")
    acts = [activation] * layers if isinstance(activation, str) else activation
    if len(acts) != layers:
        raise r.fail(f"[network] activation lists {len(acts)} names for {layers} layers; give one "
                     "per layer or a single name", "network", "activation")
    for a in acts:
        if not isinstance(a, str) or a not in ACTIVATIONS:
            raise r.fail(f"[network] activation {short_repr(a)} is unknown; choose one of "
                         f"{', '.join(ACTIVATIONS)}", "network", "activation")
    return acts


def _mlp_sizes(r: _Reader, network: dict, n_in: int, n_out: int) -> list[int]:
    """The layer sizes, checked (and their parameter count bounded) before anything is built."""
    sizes = network.get("sizes")
    if sizes is None:
        raise r.fail("[network] kind = 'mlp' needs sizes, e.g. sizes = [2, 3, 1]", "network", "kind")
    if len(sizes) < 2 or not all(isinstance(s, int) and not isinstance(s, bool) and s > 0 for s in sizes):
        raise r.fail(f"[network] sizes must list at least two positive integers, got {short_repr(sizes)}",
                     "network", "sizes")
    count = sum((a + 1) * b for a, b in zip(sizes, sizes[1:]))
    if count > LIMITS["parameters"]:
        raise r.fail(f"[network] sizes = {short_repr(sizes)} has {count:,} parameters; a worked example is "
                     f"checked by hand, the limit is {LIMITS['parameters']:,}", "network", "sizes")
    if sizes[0] != n_in or sizes[-1] != n_out:
        raise r.fail(
            f"[network] sizes = {short_repr(sizes)} takes {sizes[0]} inputs and gives {sizes[-1]} outputs, "
            f"but [data] has {n_in} inputs and {n_out} targets", "network", "sizes",
        )
    return sizes


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


def _document_numbers(r: _Reader, rows: object, iterations: int, per_epoch: int = 1) -> list[DocumentNumber]:
    if rows is None:
        return []
    if not isinstance(rows, list) or not all(isinstance(t, dict) for t in rows):
        raise r.fail("document must be an array of tables, written [[document]]", None, "document")
    numbers = []
    for i, row in enumerate(rows, 1):
        r.check_keys("document", row, i)
        label = f"[[document]] #{i}"
        for key in ("value", "quantity"):
            if key not in row:
                raise r.fail(f"{label}: missing key {key!r}", "document", None, i)
        name = row.get("name", row["quantity"])
        kind = row.get("kind", "")
        if kind and kind not in NUMBER_KINDS:
            raise r.fail(f"{label} ({name}): kind = {short_repr(kind)} is unknown; choose one of "
                         f"{', '.join(NUMBER_KINDS)} (or leave it out)", "document", "kind", i)
        if "epoch" in row and "after" in row:
            raise r.fail(f"{label} ({name}): give after (update steps) or epoch, not both",
                         "document", "epoch", i)
        after = row["epoch"] * per_epoch if "epoch" in row else row.get("after", 0)
        if not 0 <= after <= iterations:
            raise r.fail(f"{label} ({name}): after = {short_repr(after)}, but the document makes "
                         f"{iterations} update step{'s' if iterations != 1 else ''} ([training] "
                         f"iterations); use 0 to {iterations}", "document", "after", i)
        numbers.append(DocumentNumber(
            name=name, value=row["value"], kind=kind, quantity=row["quantity"].strip(),
            after=after, note=row.get("note", ""), index=i,
            line=(line := r.line("document", "value", i)),
            lines={k: n for k in row if (n := r.line("document", k, i))},
            source=f"line {line}" if line else f"[[document]] #{i}",
        ))
    return numbers


def _safely(test: Callable[[], bool]) -> bool:
    """``path.exists()``/``is_file()`` for any user string: a name too long or with a NUL byte
    raises instead of answering; such a path is no file."""
    try:
        return test()
    except (OSError, ValueError):
        return False


def no_example(name: str) -> str:
    """Why ``name`` names no example: a path that is not there, or a name close to a bundled one."""
    bundled = bundled_examples()
    if Path(name).suffix or os.sep in name or "/" in name:  # meant as a file, whatever its suffix
        hint = did_you_mean(Path(name).stem, bundled)
        return missing_file(name) + (f" ({hint[0].upper()}{hint[1:]} A bundled example is named "
                                     "without .toml.)" if hint and Path(name).name == name else "")
    hint = did_you_mean(name, bundled) if name else ""
    listing = f"the bundled examples are {', '.join(bundled)}; or give a worked-example .toml file"
    return f"no example {short_repr(name)}: " + (f"{hint} ({listing})" if hint else listing)


def load_example(name_or_path: str | Path = DEFAULT) -> Example:
    """Load a bundled example by name, or a worked-example TOML file by path."""
    path = Path(name_or_path)
    if path.suffix != ".toml" and _safely((HERE / f"{name_or_path}.toml").is_file):
        path = HERE / f"{name_or_path}.toml"
    where = f"example file {str(path)!r}"
    if not str(name_or_path) or not _safely(path.exists):
        raise ExampleError(no_example(str(name_or_path)))
    text = read_text_file(path, where, "worked-example .toml", MAX_FILE_BYTES, ExampleError)
    prescan(text, where)
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ExampleError(f"{where} is not valid TOML: {e}") from None
    except (RecursionError, MemoryError):
        raise ExampleError(f"{where} is nested too deeply to be a worked example") from None
    except ValueError as e:  # e.g. an integer beyond Python's digit limit
        raise ExampleError(f"{where} cannot be read: {short_repr(str(e))}") from None
    return example_from_dict(doc, where, path, text)


def example_from_dict(doc: dict, where: str = "the example", path: Path | None = None,
                      text: str | None = None) -> Example:
    """Check a parsed worked-example file and build its network (``text`` locates errors)."""
    r = _Reader(doc, where, text)
    known = (*_TABLES, *_FREE_TABLES)
    for key in doc:
        if key not in known:
            raise r.fail(f"unknown table or key {short_repr(key)}; a worked example has "
                         f"{', '.join(f'[{k}]' for k in known if k not in ('document', 'formula'))}, "
                         "[[document]] and [[formula]]",
                         key if isinstance(doc[key], dict) else None,
                         None if isinstance(doc[key], dict) else key)
    meta = r.table("example", required=False)
    network = r.table("network")
    kind = network.get("kind")
    if kind not in NETWORK_KINDS:
        raise r.fail(f"[network] kind = {short_repr(kind)}; choose one of {', '.join(NETWORK_KINDS)}",
                     "network", "kind")
    training = r.table("training", required=kind != "expression")
    rule = _update_rule(r, training)
    if kind == "expression":
        example = _expression_example(r, network, training, rule)
    else:
        example = _template_example(r, kind, network, training, rule)
    example.name = str(meta.get("name", path.stem if path else "example"))
    example.title = str(meta.get("title", ""))
    example.source = str(meta.get("source", ""))
    example.raw, example.path, example.where = doc, path, where
    example.document = _document_numbers(r, doc.get("document"), example.rule.iterations,
                                          example.steps_per_epoch)
    example.formulas = read_formula_entries(r, doc.get("formula"))
    _check_work(r, example)
    _check_finite(r, example)
    return example


def _update_rule(r: _Reader, training: dict) -> UpdateRule:
    rule = UpdateRule(
        hidden_deltas=training.get("hidden_deltas", "old_weights"),
        update_biases=training.get("update_biases", True),
        iterations=training.get("iterations", 1 if "learning_rate" in training else 0),
        momentum=float(training.get("momentum", 0.0)),
    )
    if rule.hidden_deltas not in HIDDEN_DELTAS:
        raise r.fail(f"[training] hidden_deltas = {short_repr(rule.hidden_deltas)}; choose "
                     f"{' or '.join(HIDDEN_DELTAS)}", "training", "hidden_deltas")
    if not 0 <= rule.iterations <= MAX_ITERATIONS:
        raise r.fail(f"[training] iterations = {short_repr(rule.iterations)} must be between 0 and "
                     f"{MAX_ITERATIONS:,}", "training", "iterations")
    if not 0.0 <= rule.momentum < 1.0:
        raise r.fail(f"[training] momentum = {rule.momentum} must be at least 0 and below 1",
                     "training", "momentum")
    if rule.iterations and "learning_rate" not in training:
        raise r.fail("[training]: missing key 'learning_rate' (the update steps need it)", "training")
    return rule


def _free_table(r: _Reader, name: str, flatten: bool = True) -> dict:
    sec = r.doc.get(name, {})
    if not isinstance(sec, dict):
        raise r.fail(f"[{name}] must be a table, not {type(sec).__name__}", None, name)
    return _flatten(sec) if flatten else sec


def _samples(r: _Reader, data: dict) -> tuple[list[float], list[float], list | None]:
    """One sample (inputs = [0.05, 0.10]) or a batch (inputs = [[0.05, 0.10], [0.2, 0.3]])."""
    for key in ("inputs", "targets"):
        if key not in data:
            raise r.fail(f"[data]: missing key {key!r}", "data")
    inputs, targets = data["inputs"], data["targets"]
    if not (inputs and isinstance(inputs[0], list)):
        return r.numbers("data", "inputs", inputs), r.numbers("data", "targets", targets), None
    batch = isinstance(targets, list) and len(targets) == len(inputs)
    if not batch or not all(isinstance(t, list) for t in targets):
        raise r.fail(f"[data]: a batch of {len(inputs)} samples needs targets as {len(inputs)} lists, one "
                     "per sample", "data", "targets")
    xs = [r.numbers("data", "inputs", x) for x in inputs]
    ys = [r.numbers("data", "targets", y) for y in targets]
    if len({len(x) for x in xs}) != 1 or len({len(y) for y in ys}) != 1:
        raise r.fail("[data]: every sample must have as many inputs (and targets) as the first",
                     "data", "inputs")
    return xs[0], ys[0], list(zip(xs, ys, strict=True))


def _template_example(r: _Reader, kind: str, network: dict, training: dict, rule: UpdateRule) -> Example:
    data = r.table("data")
    params, given = _free_table(r, "parameters"), _free_table(r, "given")
    for table in ("leaves", "nodes"):
        if table in r.doc:
            raise r.fail(f"[{table}] is for kind = 'expression' only", table)
    inputs, targets, samples = _samples(r, data)
    reduction = data.get("reduction", "mean")
    if reduction not in REDUCTIONS:
        raise r.fail(f"[data] reduction = {short_repr(reduction)}; choose mean or sum", "data", "reduction")
    loss = training.get("loss")
    if not isinstance(loss, str) or loss not in LOSS_NAMES:
        raise r.fail(f"[training] loss = {short_repr(loss)}; choose one of {', '.join(LOSS_NAMES)}",
                     "training", "loss")
    if "learning_rate" not in training:
        raise r.fail("[training]: missing key 'learning_rate'", "training")
    lr = r.number("training", "learning_rate", training["learning_rate"])
    batch_size, rule = _epochs(r, training, samples, rule)
    _check_template_network(r, kind, network, params, given)
    net, assumptions = _template_network(r, kind, network, params, given, inputs, targets)
    if network.get("biases", True) is False:
        assumptions = [a for a in assumptions if "is not given: taken as 0" not in a or not _is_bias(a)]
        rule = UpdateRule(rule.hidden_deltas, False, rule.iterations, rule.momentum)
    return Example(name="", title="", network=net, inputs=inputs, targets=targets, loss_name=loss,
                   learning_rate=lr, assumptions=assumptions, rule=rule, kind=kind, samples=samples,
                   reduction=reduction, batch_size=batch_size)


def _epochs(r: _Reader, training: dict, samples: list | None,
            rule: UpdateRule) -> tuple[int | None, UpdateRule]:
    """``batch_size`` (samples per step) and ``epochs`` (passes over the samples) → the steps."""
    n = len(samples) if samples else 1
    batch_size = training.get("batch_size")
    if batch_size is not None and not 1 <= batch_size <= n:
        raise r.fail(f"[training] batch_size = {short_repr(batch_size)}; there are {n} sample"
                     f"{'s' if n != 1 else ''} ([data] inputs), so use 1 to {n}", "training", "batch_size")
    epochs = training.get("epochs")
    if epochs is None:
        return batch_size, rule
    if "iterations" in training:
        raise r.fail("[training] gives both epochs and iterations; give one (an epoch is one pass over "
                     "the samples)", "training", "epochs")
    steps = epochs * (-(-n // (batch_size or n)))
    if not 0 <= steps <= MAX_ITERATIONS:
        raise r.fail(f"[training] epochs = {short_repr(epochs)} makes {steps:,} update steps; use 0 to "
                     f"{MAX_ITERATIONS:,} steps", "training", "epochs")
    return batch_size, replace(rule, iterations=steps)


def _check_template_network(r: _Reader, kind: str, network: dict, params: dict, given: dict) -> None:
    activation = network.get("activation", "sigmoid")
    if kind != "mlp":
        if "sizes" in network:
            raise r.fail(f"[network] sizes is only for kind = 'mlp'; the {kind} network has a fixed shape",
                         "network", "sizes")
        if not isinstance(activation, str) or activation not in ACTIVATIONS:
            raise r.fail(f"[network] activation = {short_repr(activation)}; choose one of "
                         f"{', '.join(ACTIVATIONS)}", "network", "activation")
    if given and kind != "document":
        raise r.fail("[given] activations are supported for kind = 'document' only; give every weight "
                     "and bias instead", "given")
    if network.get("biases", True) is False and any(_is_bias(k) for k in params):
        raise r.fail("[network] biases = false, but [parameters] gives a bias", "network", "biases")


def _template_network(r: _Reader, kind: str, network: dict, params: dict, given: dict, inputs: list[float],
                      targets: list[float]) -> tuple[Module, list[str]]:
    if kind == "document":
        if len(inputs) != 2 or len(targets) != 1:
            raise r.fail("the documents' network takes 2 inputs and 1 target", "data")
        net, assumptions = _complete_document_network(r, params, given, inputs)
        net.activation = network.get("activation", "sigmoid")
    elif kind == "shared-bias":
        if len(inputs) != 2 or len(targets) != 2:
            raise r.fail("the 2-2-2 shared-bias network takes 2 inputs and 2 targets", "data")
        net, assumptions = _shared_bias_network(r, network, params)
    else:
        net, assumptions = _mlp_network(r, network, params, len(inputs), len(targets))
    return net, assumptions


def _is_bias(assumption: str) -> bool:
    name = assumption.split(" ", 1)[0]
    return name.endswith(".b") or name[:1] in "bB"


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def _expression_example(r: _Reader, network: dict, training: dict, rule: UpdateRule) -> Example:
    """``[leaves]`` name = number, ``[nodes]`` name = "expression", in order; see expressions.py."""
    for key in ("activation", "sizes", "biases"):
        if key in network:
            raise r.fail(f"[network] {key} is not used by kind = 'expression'; write the graph in [nodes]",
                         "network", key)
    for table in ("data", "parameters", "given"):
        if table in r.doc:
            raise r.fail(f"[{table}] is not used by kind = 'expression'; give inputs and parameters in "
                         "[leaves]", table)
    for key in ("loss", "hidden_deltas"):
        if key in training:
            raise r.fail(f"[training] {key} is not used by kind = 'expression'; the loss is a node, its "
                         "name goes in root", "training", key)
    leaves_raw, nodes_raw = _free_table(r, "leaves", False), _free_table(r, "nodes", False)
    if not leaves_raw and not nodes_raw:  # nodes of numbers alone (0.2 * 0.5 + 1) need no leaf
        raise r.fail("the expression has nothing to compute: give its inputs and parameters a value in a "
                     "[leaves] table (x = 0.5) and its operations in a [nodes] table (y = \"x * w\")",
                     "network", "kind")
    if len(leaves_raw) + len(nodes_raw) > LIMITS["nodes"]:
        raise r.fail(f"{len(leaves_raw) + len(nodes_raw):,} leaves and nodes; the limit is "
                     f"{LIMITS['nodes']:,}", "nodes")
    leaves = {}
    for name, v in leaves_raw.items():
        _check_name(r, "leaves", name)
        leaves[name] = r.number("leaves", name, v, f"[leaves] {name}")
    nodes = _expression_nodes(r, nodes_raw, set(leaves))
    names = [*leaves, *(n for n, _ in nodes)]
    root = training.get("root", names[-1])
    if root not in names:
        raise r.fail(f"[training] root = {short_repr(root)} is not a leaf or node; the names are "
                     f"{_listing(names)}", "training", "root")
    parameters = training.get("parameters", [])
    for p in parameters:
        if not isinstance(p, str) or p not in leaves:
            raise r.fail(f"[training] parameters: {short_repr(p)} is not a leaf; only leaves are updated "
                         f"(leaves: {_listing(list(leaves))})", "training", "parameters")
    lr = r.number("training", "learning_rate", training.get("learning_rate", 0.0))
    if rule.iterations and not parameters:
        raise r.fail("[training] iterations > 0, but no parameters to update; list them in "
                     "[training] parameters", "training", "iterations")
    graph = ExpressionGraph(leaves, nodes, root, parameters)
    return Example(name="", title="", network=graph, inputs=[], targets=[], loss_name="", learning_rate=lr,
                   rule=rule, kind="expression")


def _listing(names: Sequence[str], most: int = 12) -> str:
    shown = ", ".join(names[:most])
    return shown + (f", … ({len(names) - most} more)" if len(names) > most else "")


def _check_name(r: _Reader, table: str, name: str) -> None:
    from nn.check.expressions import functions

    if not _NAME.match(name) or name in functions():
        raise r.fail(f"[{table}] {short_repr(name)}: a name is letters, digits and _, starting with a "
                     f"letter, and not a function's name", table, name)


def _expression_nodes(r: _Reader, raw: dict, leaves: set[str]) -> list[tuple[str, Any]]:
    order = {name: i for i, name in enumerate(raw)}
    defined = set(leaves)
    nodes = []
    for name, text in raw.items():
        _check_name(r, "nodes", name)
        if name in leaves:
            raise r.fail(f"[nodes] {name} is also a leaf; give each name once", "nodes", name)
        if not isinstance(text, str):
            raise r.fail(f"[nodes] {name} must be a string such as \"x * y\", got "
                         f"{type(text).__name__} {short_repr(text)}", "nodes", name)
        later = {n: i for n, i in order.items() if i >= order[name]}
        try:
            expression = parse(text, defined, later)
        except ExpressionError as e:
            cycle = " (a cycle: a node cannot use itself)" if e.token == name else ""
            raise r.fail(f"[nodes] {name} = {short_repr(text)}: {e}{cycle}", "nodes", name) from None
        nodes.append((name, expression))
        defined.add(name)
    return nodes


def _check_work(r: _Reader, example: Example) -> None:
    """Iterations × graph size, bounded before anything runs (10,000 steps of 2-2-2: 0.4 M)."""
    steps = example.rule.iterations + 1
    size = sum(1 for _ in example.network.named_parameters())
    if isinstance(example.network, ExpressionGraph):
        size += len(example.network.nodes)
    else:
        size *= 3 * len(example.samples or [None])
    if steps * size > LIMITS["work"]:
        raise r.fail(f"[training] iterations = {example.rule.iterations:,} on a graph of about {size:,} "
                     f"nodes is {steps * size:,} node-steps of work; the limit is {LIMITS['work']:,}",
                     "training", "iterations")


def _check_finite(r: _Reader, example: Example) -> None:
    """Numbers that are each finite can still overflow together, and a node can leave its
    operation's domain (1/0, log(0), (-8) ** 0.5): refuse them at load time.

    Runs one forward and backward pass, then clears the gradients it left on the parameters, so a
    loaded example starts as if freshly built.
    """
    where = r.where
    try:
        loss = example.loss()
        loss.backward()
    except ExpressionError as e:  # names the node: the message points at its line
        raise r.fail(f"[nodes] {e}", "nodes", e.token or None) from None
    except (ArithmeticError, ValueError, TypeError) as e:
        raise ExampleError(f"{where}: the example cannot be computed: {printable(str(e))[:300]}") from None
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
