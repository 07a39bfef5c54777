"""Neurons, layers and the multilayer perceptron, each with a chosen activation."""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence

from autograd import Value, weighted_sum
from autograd.ops import RELU, SIGMOID, SOFTPLUS, TANH, Op
from nn.module import Module

__all__ = ["Neuron", "Layer", "MLP", "ACTIVATIONS", "ActivationRegistry", "activation_op", "check_activation"]

class ActivationRegistry(dict[str, "Op | None"]):
    """Activation name → its operation (None: linear). ``x in ACTIVATIONS`` is False, not a
    TypeError, for anything that is not a name (a list read from a file, say)."""

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and dict.__contains__(self, name)


# The one registry of activations: MLP, the documents' networks and the example loader all read it,
# so a new activation is one entry (an operation of autograd.ops; None: linear, no activation node).
ACTIVATIONS = ActivationRegistry({
    "sigmoid": SIGMOID,
    "tanh": TANH,
    "relu": RELU,
    "softplus": SOFTPLUS,
    "linear": None,
})


def check_activation(activation: str) -> str:
    """The name if it is in ``ACTIVATIONS``; else a ValueError listing the names that are."""
    if activation not in ACTIVATIONS:
        raise ValueError(
            f"unknown activation {activation!r}; choose one of {', '.join(ACTIVATIONS)}"
        )
    return activation


def activation_op(activation: str) -> Op | None:
    """The operation an activation applies (None for linear), checked against the registry."""
    return ACTIVATIONS[check_activation(activation)]


def activate(z: Value, activation: str) -> Value:
    """a = f(z) for the named activation; z itself for linear."""
    op = activation_op(activation)
    return z if op is None else op(z)




class Neuron(Module):
    """z = Σ wᵢ·xᵢ + b as one node, then the activation: a = f(z).

    ``name`` prefixes the parameter labels (``{name}.w1``, ``{name}.b``) and labels the neuron's
    own nodes ``{name}.z`` and ``{name}.a``, so traces and drawings can name every step.
    """

    def __init__(
        self, nin: int, activation: str = "sigmoid", name: str = "n", rng: random.Random | None = None
    ) -> None:
        rng = rng or random.Random()
        self.activation = check_activation(activation)
        limit = math.sqrt(3.0 / nin)  # LeCun-uniform: unit variance of z for unit-variance inputs
        self.w = [Value(rng.uniform(-limit, limit), f"{name}.w{i + 1}") for i in range(nin)]
        self.b = Value(0.0, f"{name}.b")
        self.name = name
        self.z_label = f"{name}.z"
        self.a_label = f"{name}.a"

    def __call__(self, x: Sequence[Value | float]) -> Value:
        if len(x) != len(self.w):
            raise ValueError(
                f"neuron {self.name!r} takes {len(self.w)} inputs, got {len(x)}"
            )
        z = weighted_sum(self.w, x, self.b)
        z.label = self.z_label
        op = ACTIVATIONS[self.activation]
        if op is None:  # linear
            return z
        return op(z).named(self.a_label)

    def named_parameters(self) -> Iterator[tuple[str, Value]]:
        for w in self.w:
            yield w.label, w
        yield self.b.label, self.b

    def __repr__(self) -> str:
        return f"Neuron({self.name!r}, {len(self.w)} inputs, {self.activation})"


class Layer(Module):
    """``nout`` neurons that all see the same inputs."""

    def __init__(
        self,
        nin: int,
        nout: int,
        activation: str = "sigmoid",
        name: str = "L1",
        rng: random.Random | None = None,
    ) -> None:
        rng = rng or random.Random()
        self.name = name
        self.neurons = [Neuron(nin, activation, f"{name}.N{j + 1}", rng) for j in range(nout)]

    def __call__(self, x: Sequence[Value | float]) -> list[Value]:
        return [n(x) for n in self.neurons]

    def named_parameters(self) -> Iterator[tuple[str, Value]]:
        for n in self.neurons:
            yield from n.named_parameters()

    def __repr__(self) -> str:
        return f"Layer({self.name!r}, {len(self.neurons)} × {self.neurons[0]!r})"


class MLP(Module):
    """A multilayer perceptron: ``MLP(2, [16, 16, 1], activation=["tanh", "tanh", "linear"])``.

    ``activation`` is one name for every layer or a list with one name per layer. Parameters are
    named ``L{layer}.N{neuron}.w{input}`` and ``L{layer}.N{neuron}.b``, counting from 1. ``seed``
    makes the initial weights reproducible.
    """

    def __init__(
        self,
        nin: int,
        nouts: Sequence[int],
        activation: str | Sequence[str] = "sigmoid",
        seed: int | None = None,
    ) -> None:
        if isinstance(activation, str):
            activations = [activation] * len(nouts)
        else:
            activations = list(activation)
            if len(activations) != len(nouts):
                raise ValueError(
                    f"{len(activations)} activations for {len(nouts)} layers; "
                    f"give one per layer or a single name"
                )
        rng = random.Random(seed)
        sizes = [nin, *nouts]
        for what, size in zip(["inputs", *(f"layer {i + 1}" for i in range(len(nouts)))], sizes):
            if isinstance(size, bool) or not isinstance(size, int) or size < 1:
                raise ValueError(f"MLP sizes must be whole numbers ≥ 1; {what} has {size!r}")
        if not nouts:
            raise ValueError("MLP needs at least one layer: MLP(nin, [n1, ..., n_out])")
        self.layers = [
            Layer(sizes[i], sizes[i + 1], activations[i], f"L{i + 1}", rng) for i in range(len(nouts))
        ]

    def __call__(self, x: Sequence[Value | float]) -> Value | list[Value]:
        # Plain-number inputs become one leaf each (x1, x2, ...), shared by every first-layer neuron:
        # otherwise each neuron would make its own constant copy of every input.
        out: Sequence[Value] = [v if isinstance(v, Value) else Value(v, f"x{i + 1}") for i, v in enumerate(x)]
        for layer in self.layers:
            out = layer(out)
        return out[0] if len(out) == 1 else list(out)  # type: ignore[return-value]

    def named_parameters(self) -> Iterator[tuple[str, Value]]:
        for layer in self.layers:
            yield from layer.named_parameters()

    def __repr__(self) -> str:
        shape = [len(self.layers[0].neurons[0].w)] + [len(la.neurons) for la in self.layers]
        acts = [la.neurons[0].activation for la in self.layers]
        return f"MLP({'-'.join(map(str, shape))}, activations={acts})"
