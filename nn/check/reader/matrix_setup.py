"""Matrix-form givens and definitions as the inferred graph's scalar leaves and nodes.

``W_1 = \\begin{bmatrix} 0.15 & 0.20 \\\\ 0.25 & 0.30 \\end{bmatrix}`` is four leaves and
``z_1 = W_1 x + b_1`` one node per element (``matrices.define`` expands it); each element has an
engine name (``W_1__1_2``) and the document's element name (``W_1[1,2]``) as its alias, so the
printed elements (``reading`` checks them one by one) resolve to these nodes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from autograd import Value
from nn.check.reader.matrices import (
    Grid,
    Matrix,
    MatrixError,
    canonical_name,
    computed,
    element_name,
    labelled,
    leaves,
)

_FUNCTIONS = {"sigmoid", "tanh", "relu", "exp", "log"}


@dataclass
class Element:
    """One element of a matrix given or defined: its engine name, the document's name, and either
    its value (a given) or its expression (a definition)."""

    engine: str
    alias: str
    value: float
    expression: str | None = None


@dataclass
class MatrixGraph:
    """The matrices read so far (keyed by ``canonical_name``) and each element's engine name."""

    env: dict[str, Matrix] = field(default_factory=dict)
    engine: dict[int, str] = field(default_factory=dict)  # id of an element's Value → its engine name
    kept: list[Value] = field(default_factory=list)

    scalars: set[int] = field(default_factory=set)  # ids of the scalar quantities' values
    letters: dict[str, str] = field(default_factory=dict)  # function letters the prose binds (f_1 → sigmoid)

    def knows(self, name: str) -> bool:
        return canonical_name(name) in self.env

    def scalar(self, written: str, engine: str, value: float) -> None:
        """A scalar given or defined (``b^{[2]} = 0.1``), so that a definition over matrices may use it."""
        key = canonical_name(written)
        if key not in self.env:
            v = Value(value, engine)
            self.env[key] = Matrix([[v]])
            self.engine[id(v)] = engine
            self.scalars.add(id(v))
            self.kept.append(v)

    def elements(self) -> set[str]:
        """The engine names of the elements of every matrix given or defined (no scalar quantity)."""
        return {name for key, name in self.engine.items() if key not in self.scalars}

    def given(self, written: str, shown: str, engine: str, grid: Grid) -> list[Element]:
        """A grid of numbers as leaves (raises MatrixError when an element is not a number).
        ``written`` is the name as the document writes it, ``shown`` as the report shows it."""
        matrix = leaves(shown, grid)
        self.env[canonical_name(written)] = matrix
        return [Element(self._name(v, engine, matrix, i, j), element_name(shown, matrix.shape, i, j), v.data)
                for i, row in enumerate(matrix.rows) for j, v in enumerate(row)]

    def defined(self, written: str, shown: str, engine: str, expression: str,
                constant: bool = False) -> list[Element]:
        """A definition over the matrices known, one node per element (raises MatrixError when it
        names no known matrix or cannot be expanded). ``constant``: its elements may be numbers the
        matrices give (``g'(Z)`` of a ReLU is 1 or 0), not nodes built on them."""
        # self.env is keyed canonically already
        matrix = labelled(shown, computed(expression, self.env, letters=self.letters))
        if not constant and not any(id(v) in self.engine and id(v) not in self.scalars
                                    for v in _ancestors(matrix)):
            raise MatrixError("it names no matrix given before")
        elements = []
        for i, row in enumerate(matrix.rows):
            for j, v in enumerate(row):
                text = self.engine[id(v)] if id(v) in self.engine else self.text(v)
                elements.append(Element(self._name(v, engine, matrix, i, j),
                                        element_name(shown, matrix.shape, i, j), v.data, text))
        self.env[canonical_name(written)] = matrix
        return elements

    def _name(self, v: Value, engine: str, matrix: Matrix, i: int, j: int) -> str:
        """An element's engine name: ``W_1__1_2``, ``x__2``; a 1×1 result is the name itself."""
        rows, cols = matrix.shape
        index = f"{max(i, j) + 1}" if 1 in (rows, cols) else f"{i + 1}_{j + 1}"
        name = engine if (rows, cols) == (1, 1) else f"{engine}__{index}"
        self.engine.setdefault(id(v), name)  # db = dZ: dZ's elements keep their names in what follows
        self.kept.append(v)  # alive, so no other value takes its id
        return name

    def text(self, v: Value) -> str:
        """A value built by ``define`` in the expression language, its known elements by name."""
        if id(v) in self.engine:
            return self.engine[id(v)]
        name, parents = v.op.name if v.op is not None else "", v.parents
        if not parents:
            return repr(v.data)
        args = [self.text(p) for p in parents]
        if name == "wsum":
            terms = [f"({args[k]}) * ({args[k + 1]})" for k in range(0, len(args) - 1, 2)]
            return " + ".join(terms + ([f"({args[-1]})"] if len(args) % 2 else []))
        binary = {"add": "+", "sub": "-", "mul": "*", "div": "/"}
        if name in binary and len(args) == 2:
            return f"({args[0]}) {binary[name]} ({args[1]})"
        if name == "neg":
            return f"-({args[0]})"
        if name == "pow":
            return f"({args[0]}) ** {float(v.op.params['n'])!r}"
        if name in _FUNCTIONS:
            return f"{name}({args[0]})"
        raise MatrixError(f"the operation {name} has no expression")


def _ancestors(matrix: Matrix) -> list[Value]:
    seen: dict[int, Value] = {}
    stack = [v for row in matrix.rows for v in row]
    while stack:
        v = stack.pop()
        if id(v) not in seen:
            seen[id(v)] = v
            stack.extend(v.parents)
    return list(seen.values())
