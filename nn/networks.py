"""The documents' network: 2 inputs, 2 sigmoid hidden neurons, 1 sigmoid output, 9 parameters.

The two reference documents name the same nine parameters differently, and seed 001 writes the
hidden weights the other way round (w_ij goes *into* hidden neuron i *from* input j, where seed
000's W_ij goes *from* i *to* j). One table states the mapping; both spellings work everywhere.

| seed 000 | seed 001 | connects               |
|----------|----------|------------------------|
| W11      | w_11     | input x1 → hidden h1   |
| W21      | w_12     | input x2 → hidden h1   |
| W12      | w_21     | input x1 → hidden h2   |
| W22      | w_22     | input x2 → hidden h2   |
| W31      | w_o1     | hidden h1 → output o1  |
| W41      | w_o2     | hidden h2 → output o1  |
| B1       | b_1      | bias of hidden h1      |
| B2       | b_2      | bias of hidden h2      |
| B3       | b_o      | bias of output o1      |
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from autograd import Value, weighted_sum
from nn.layers import activate, check_activation
from nn.module import Module, ParameterFileError

__all__ = ["DocumentNetwork", "NAME_TABLE", "SEED001_NODE_NAMES", "SharedBiasNetwork", "SHARED_BIAS_TABLE"]

# (seed 000 name, seed 001 name, what it connects)
NAME_TABLE: tuple[tuple[str, str, str], ...] = (
    ("W11", "w_11", "input x1 → hidden h1"),
    ("W21", "w_12", "input x2 → hidden h1"),
    ("W12", "w_21", "input x1 → hidden h2"),
    ("W22", "w_22", "input x2 → hidden h2"),
    ("W31", "w_o1", "hidden h1 → output o1"),
    ("W41", "w_o2", "hidden h2 → output o1"),
    ("B1", "b_1", "bias of hidden h1"),
    ("B2", "b_2", "bias of hidden h2"),
    ("B3", "b_o", "bias of output o1"),
)
_CANONICAL = {old: old for old, _, _ in NAME_TABLE} | {new: old for old, new, _ in NAME_TABLE}

# Seed 001's names for the graph's nodes (it writes z_i, a_i for hidden neuron i and z_o, ŷ).
SEED001_NODE_NAMES: dict[str, str] = {
    "z_1": "z_h1", "a_1": "a_h1", "z_2": "z_h2", "a_2": "a_h2",
    "z_o": "z_o1", "ŷ": "a_o1", "y_hat": "a_o1", "x_1": "x1", "x_2": "x2",
}


class DocumentNetwork(Module):
    """The 2-2-1 sigmoid network of both documents, parameters named as the documents name them.

    >>> net = DocumentNetwork(W31=0.40, W41=0.45)
    >>> net["w_o1"] is net["W31"]
    True

    Calling it on (x1, x2) builds the graph with seed 000's node names: x1, x2, z_h1, a_h1, z_h2,
    a_h2, z_o1, a_o1. Parameters not given start at 0.
    """

    def __init__(self, activation: str = "sigmoid", **values: float) -> None:
        self.activation = check_activation(activation)
        self._params = {old: Value(0.0, old) for old, _, _ in NAME_TABLE}
        self.set(**values)

    @staticmethod
    def canonical(name: str) -> str:
        """Seed 000's name for a parameter given in either notation."""
        try:
            return _CANONICAL[name]
        except KeyError:
            raise KeyError(
                f"the documents' network has no parameter {name!r}; use seed 000's names "
                f"({', '.join(r[0] for r in NAME_TABLE)}) or seed 001's "
                f"({', '.join(r[1] for r in NAME_TABLE)})"
            ) from None

    def __getitem__(self, name: str) -> Value:
        return self._params[self.canonical(name)]

    def __setitem__(self, name: str, value: float) -> None:
        self.set(**{name: value})

    def set(self, **values: float) -> DocumentNetwork:
        """Set parameters by either document's names; all names are checked before any change."""
        resolved = {self.canonical(k): v for k, v in values.items()}
        for k, v in resolved.items():
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise TypeError(f"parameter {k!r} must be a number, got {type(v).__name__} {v!r}")
        for k, v in resolved.items():
            self._params[k].data = float(v)
        return self

    def named_parameters(self, notation: str = "seed000") -> Iterator[tuple[str, Value]]:
        """The nine parameters in the table's order, named in seed 000's (or seed 001's) notation."""
        column = {"seed000": 0, "seed001": 1}[notation]
        for row in NAME_TABLE:
            yield row[column], self._params[row[0]]

    def load_state(self, values: Mapping[str, object], source: str = "the mapping") -> None:
        """Like ``Module.load_state``, in either notation; one parameter named twice is an error."""
        if isinstance(values, Mapping):
            canonical: dict[str, object] = {}
            given_as: dict[str, str] = {}
            for k, v in values.items():
                try:
                    name = self.canonical(str(k))
                except KeyError:
                    name = str(k)  # Module.load_state reports the unknown name with the full list
                if name in given_as:
                    raise ParameterFileError(
                        f"{source}: parameter {name} is given twice ({given_as[name]!r} and {k!r}); "
                        f"keep one"
                    )
                given_as[name] = str(k)
                canonical[name] = v
            values = canonical
        super().load_state(values, source)

    def _act(self, z: Value) -> Value:
        return activate(z, self.activation)

    def hidden(self, x: Sequence[Value]) -> tuple[Value, Value]:
        p = self._params
        z1 = weighted_sum((p["W11"], p["W21"]), x, p["B1"]).named("z_h1")
        z2 = weighted_sum((p["W12"], p["W22"]), x, p["B2"]).named("z_h2")
        return self._act(z1).named("a_h1"), self._act(z2).named("a_h2")

    def output(self, a_h1: Value, a_h2: Value) -> Value:
        p = self._params
        z = weighted_sum((p["W31"], p["W41"]), (a_h1, a_h2), p["B3"]).named("z_o1")
        return self._act(z).named("a_o1")

    def __call__(self, x: Sequence[Value | float]) -> Value:
        if len(x) != 2:
            raise ValueError(f"the documents' network takes 2 inputs (x1, x2), got {len(x)}")
        xs = [v if isinstance(v, Value) else Value(v, f"x{i + 1}") for i, v in enumerate(x)]
        return self.output(*self.hidden(xs))

    def __repr__(self) -> str:
        vals = ", ".join(f"{n}={p.data:.6g}" for n, p in self.named_parameters())
        return f"DocumentNetwork({vals})"


# (name, what it connects): the 2-2-2 network of Mazur-style tutorials, one bias per layer.
SHARED_BIAS_TABLE: tuple[tuple[str, str], ...] = (
    ("w1", "input x1 → hidden h1"),
    ("w2", "input x2 → hidden h1"),
    ("w3", "input x1 → hidden h2"),
    ("w4", "input x2 → hidden h2"),
    ("w5", "hidden h1 → output o1"),
    ("w6", "hidden h2 → output o1"),
    ("w7", "hidden h1 → output o2"),
    ("w8", "hidden h2 → output o2"),
    ("b1", "bias shared by hidden h1 and h2"),
    ("b2", "bias shared by output o1 and o2"),
)


class SharedBiasNetwork(Module):
    """The 2-2-2 sigmoid network of classic step-by-step tutorials (Matt Mazur's and its copies).

    Two inputs, two hidden and two output neurons; each layer has *one* bias that both of its
    neurons add (b1 for the hidden layer, b2 for the output layer), so a bias's gradient is the
    sum of its two neurons' δs. Weights are numbered as those tutorials number them:

    | name | connects               |      | name | connects               |
    |------|------------------------|------|------|------------------------|
    | w1   | input x1 → hidden h1   |      | w5   | hidden h1 → output o1  |
    | w2   | input x2 → hidden h1   |      | w6   | hidden h2 → output o1  |
    | w3   | input x1 → hidden h2   |      | w7   | hidden h1 → output o2  |
    | w4   | input x2 → hidden h2   |      | w8   | hidden h2 → output o2  |

    Calling it on (x1, x2) returns [a_o1, a_o2] and labels the nodes x1, x2, z_h1, a_h1, z_h2,
    a_h2, z_o1, a_o1, z_o2, a_o2 (the tutorials' net_h1, out_h1, ...; see ``NODE_NAMES``).
    Parameters not given start at 0.
    """

    # The tutorials' names for the nodes: net input and output of each neuron, inputs i1, i2.
    NODE_NAMES: dict[str, str] = {
        "i1": "x1", "i2": "x2", "E_total": "L",
        **{f"{kind}_{n}": f"{z}_{n}" for n in ("h1", "h2", "o1", "o2")
           for kind, z in (("net", "z"), ("out", "a"))},
    }

    def __init__(self, activation: str = "sigmoid", **values: float) -> None:
        self.activation = check_activation(activation)
        self._params = {name: Value(0.0, name) for name, _ in SHARED_BIAS_TABLE}
        self.set(**values)

    def __getitem__(self, name: str) -> Value:
        try:
            return self._params[name]
        except KeyError:
            raise KeyError(
                f"the 2-2-2 shared-bias network has no parameter {name!r}; "
                f"its parameters are {', '.join(self._params)}"
            ) from None

    def set(self, **values: float) -> SharedBiasNetwork:
        """Set parameters by name; all names and values are checked before any change."""
        for k, v in values.items():
            self[k]  # noqa: B018 -- raises the KeyError naming the valid parameters
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise TypeError(f"parameter {k!r} must be a number, got {type(v).__name__} {v!r}")
        for k, v in values.items():
            self._params[k].data = float(v)
        return self

    def named_parameters(self) -> Iterator[tuple[str, Value]]:
        yield from self._params.items()

    def _neuron(self, name: str, weights: tuple[str, str], inputs: Sequence[Value], bias: str) -> Value:
        p = self._params
        z = weighted_sum((p[weights[0]], p[weights[1]]), inputs, p[bias]).named(f"z_{name}")
        return activate(z, self.activation).named(f"a_{name}")

    def __call__(self, x: Sequence[Value | float]) -> list[Value]:
        if len(x) != 2:
            raise ValueError(f"the 2-2-2 network takes 2 inputs (x1, x2), got {len(x)}")
        xs = [v if isinstance(v, Value) else Value(v, f"x{i + 1}") for i, v in enumerate(x)]
        h = [self._neuron("h1", ("w1", "w2"), xs, "b1"), self._neuron("h2", ("w3", "w4"), xs, "b1")]
        return [self._neuron("o1", ("w5", "w6"), h, "b2"), self._neuron("o2", ("w7", "w8"), h, "b2")]

    def __repr__(self) -> str:
        vals = ", ".join(f"{n}={p.data:.6g}" for n, p in self.named_parameters())
        return f"SharedBiasNetwork({vals})"
