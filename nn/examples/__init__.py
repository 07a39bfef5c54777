"""Worked examples: a network, its data and its training settings, read from TOML.

A bundled example is named by its file stem (``seed000``); any other path ending in ``.toml`` is
read as a file. The format is described in the README ("Worked-example files").
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autograd import Value, topological_order
from nn.layers import ACTIVATIONS
from nn.losses import LOSSES
from nn.module import Module
from nn.networks import NAME_TABLE, DocumentNetwork
from nn.textfile import read_text_file, short_repr

__all__ = ["Example", "ExampleError", "load_example", "bundled_examples"]

HERE = Path(__file__).parent
DEFAULT = "seed000"
MAX_FILE_BYTES = 2**20  # a worked example is a few hundred bytes
_GIVEN_FOR_BIAS = {"B1": ("a_h1", ("W11", "W21"), "inputs"), "B2": ("a_h2", ("W12", "W22"), "inputs"),
                   "B3": ("a_o1", ("W31", "W41"), "hidden")}


class ExampleError(ValueError):
    """A worked-example file that cannot be used; the message names the file and the key."""


def bundled_examples() -> list[str]:
    return sorted(p.stem for p in HERE.glob("*.toml"))


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

    def input_values(self) -> list[Value]:
        return [Value(x, f"x{i + 1}") for i, x in enumerate(self.inputs)]

    def output(self) -> Value:
        return self.network(self.input_values())

    def loss(self) -> Value:
        return LOSSES[self.loss_name](self.output(), self.targets)


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def _number(where: str, key: str, v: object) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ExampleError(f"{where}: {key} must be a number, got {type(v).__name__} {short_repr(v)}")
    try:
        f = float(v)
    except OverflowError:  # an integer beyond float range
        f = math.inf
    if not math.isfinite(f):
        raise ExampleError(f"{where}: {key} must be a finite number, got {short_repr(v)}")
    return f


def _section(where: str, doc: dict, name: str, required: bool = True) -> dict:
    sec = doc.get(name, {} if not required else None)
    if sec is None:
        raise ExampleError(f"{where}: missing section [{name}]")
    if not isinstance(sec, dict):
        raise ExampleError(f"{where}: [{name}] must be a table")
    return sec


def _complete_document_network(where: str, params: dict, given: dict, inputs: list[float]):
    """Fill what the document leaves out: weights to 0, biases solved from given activations."""
    net = DocumentNetwork()
    assumptions = []
    by_name: dict[str, str] = {}
    for k in params:
        try:
            name = DocumentNetwork.canonical(k)
        except KeyError as e:
            raise ExampleError(f"{where}: [parameters]: {e.args[0]}") from None
        if name in by_name:
            raise ExampleError(
                f"{where}: [parameters] gives {name} twice ({by_name[name]} and {k}); keep one"
            )
        by_name[name] = k
    params = {k: _number(where, f"[parameters] {k}", v) for k, v in params.items()}
    net.set(**params)
    stated = set(by_name)
    for old, _, what in NAME_TABLE:
        if old.startswith("W") and old not in stated:
            assumptions.append(f"{old} ({what}) is not given: taken as 0")
    for k in given:
        if k not in ("a_h1", "a_h2", "a_o1"):
            raise ExampleError(f"{where}: [given]: unknown activation {k!r}; use a_h1, a_h2 or a_o1")
    given = {k: _number(where, f"[given] {k}", v) for k, v in given.items()}
    for bias, (act, weights, source) in _GIVEN_FOR_BIAS.items():
        if bias in stated:
            continue
        if act not in given:
            assumptions.append(f"{bias} is not given: taken as 0")
            continue
        a = _number(where, f"[given] {act}", given[act])
        if not 0.0 < a < 1.0:
            raise ExampleError(f"{where}: [given] {act} = {a} must lie strictly between 0 and 1")
        prev = inputs if source == "inputs" else [float(given.get("a_h1", 0)), float(given.get("a_h2", 0))]
        z = _logit(a)
        b = z - sum(net[w].data * v for w, v in zip(weights, prev))
        net[bias] = b
        assumptions.append(
            f"{bias} is not given: solved as {b:.6f} so that sigmoid(z) = {act} = {given[act]}"
        )
    return net, assumptions


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long, or with a NUL byte: not a bundled example
        return False


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def load_example(name_or_path: str | Path = DEFAULT) -> Example:
    """Load a bundled example by name, or a worked-example TOML file by path."""
    path = Path(name_or_path)
    if path.suffix != ".toml" and _is_file(HERE / f"{name_or_path}.toml"):
        path = HERE / f"{name_or_path}.toml"
    where = f"example file {str(path)!r}"
    if not str(name_or_path) or not _exists(path):
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
    return example_from_dict(doc, where, path)


def example_from_dict(doc: dict, where: str = "the example", path: Path | None = None) -> Example:
    meta = _section(where, doc, "example", required=False)
    network = _section(where, doc, "network")
    data = _section(where, doc, "data")
    training = _section(where, doc, "training")
    params = _section(where, doc, "parameters", required=False)
    given = _section(where, doc, "given", required=False)

    inputs = data.get("inputs")
    targets = data.get("targets")
    for key, val in (("inputs", inputs), ("targets", targets)):
        if not isinstance(val, list) or not val:
            raise ExampleError(f"{where}: [data] {key} must be a non-empty list of numbers")
    inputs = [_number(where, f"[data] inputs[{i}]", v) for i, v in enumerate(inputs)]
    targets = [_number(where, f"[data] targets[{i}]", v) for i, v in enumerate(targets)]

    loss = training.get("loss")
    if not isinstance(loss, str) or loss not in LOSSES:
        raise ExampleError(f"{where}: [training] loss = {loss!r}; choose one of {', '.join(LOSSES)}")
    lr = _number(where, "[training] learning_rate", training.get("learning_rate"))

    kind = network.get("kind")
    activation = network.get("activation", "sigmoid")
    if kind == "document":
        if len(inputs) != 2 or len(targets) != 1:
            raise ExampleError(f"{where}: the documents' network takes 2 inputs and 1 target")
        if activation not in ACTIVATIONS:
            raise ExampleError(
                f"{where}: [network] activation = {activation!r}; choose one of {', '.join(ACTIVATIONS)}"
            )
        net, assumptions = _complete_document_network(where, params, given, inputs)
        net.activation = activation
    else:
        raise ExampleError(f"{where}: [network] kind = {kind!r}; this version knows 'document'")
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
    )
    _check_finite(where, example)
    return example


def _check_finite(where: str, example: Example) -> None:
    """Numbers that are each finite can still overflow together: refuse them at load time."""
    loss = example.loss()
    loss.backward()
    order = topological_order(loss)
    for what, node, x in [("value", n, n.data) for n in order] + [("gradient", n, n.grad) for n in order]:
        if not math.isfinite(x):
            name = node.label or (f"a {node.op!r} node" if node.op else "a constant")
            raise ExampleError(
                f"{where}: the {what} of {name} is {x}: the example's numbers are too large "
                f"to compute with; use smaller inputs, targets or parameters"
            )
