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

from autograd import Value
from nn.layers import ACTIVATIONS
from nn.losses import LOSSES
from nn.module import Module
from nn.networks import NAME_TABLE, DocumentNetwork

__all__ = ["Example", "ExampleError", "load_example", "bundled_examples"]

HERE = Path(__file__).parent
DEFAULT = "seed000"
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
        raise ExampleError(f"{where}: {key} must be a number, got {type(v).__name__} {v!r}")
    if not math.isfinite(v):
        raise ExampleError(f"{where}: {key} must be a finite number, got {v!r}")
    return float(v)


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
    try:
        net.set(**params)
    except (KeyError, TypeError) as e:
        raise ExampleError(f"{where}: [parameters]: {e.args[0]}") from None
    stated = {DocumentNetwork.canonical(k) for k in params}
    for old, _, what in NAME_TABLE:
        if old.startswith("W") and old not in stated:
            assumptions.append(f"{old} ({what}) is not given: taken as 0")
    for k in given:
        if k not in ("a_h1", "a_h2", "a_o1"):
            raise ExampleError(f"{where}: [given]: unknown activation {k!r}; use a_h1, a_h2 or a_o1")
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


def load_example(name_or_path: str | Path = DEFAULT) -> Example:
    """Load a bundled example by name, or a worked-example TOML file by path."""
    path = Path(name_or_path)
    if path.suffix != ".toml" and (HERE / f"{name_or_path}.toml").is_file():
        path = HERE / f"{name_or_path}.toml"
    where = f"example file {str(path)!r}"
    if not path.exists():
        raise ExampleError(
            f"no example {str(name_or_path)!r}: not a file, and not a bundled example "
            f"({', '.join(bundled_examples())})"
        )
    try:
        text = path.read_bytes().decode("utf-8")
        doc = tomllib.loads(text)
    except IsADirectoryError:
        raise ExampleError(f"{where} is a directory; give the .toml file") from None
    except UnicodeDecodeError:
        raise ExampleError(f"{where} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as e:
        raise ExampleError(f"{where} is not valid TOML: {e}") from None
    except OSError as e:
        raise ExampleError(f"{where} cannot be read: {e.strerror or e}") from None
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
    if loss not in LOSSES:
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
    return Example(
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
