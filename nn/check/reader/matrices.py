"""Vectors and matrices, element by element: grids of scalar leaves and their definitions expanded.

A document writes a layer as one line: ``W = \\begin{bmatrix} 0.15 & 0.20 \\\\ 0.25 & 0.30
\\end{bmatrix}``, ``x = [0.05, 0.10]``, a numpy print ``array([[0.1, 0.2], [0.3, 0.4]])`` or
``[[0.1 0.2]\\n [0.3 0.4]]``, then ``z = Wx + b``, ``a = σ(z)``. The engine stays scalar:

- ``parse_grid`` reads any of these writings as a ``Grid`` of cells (the text of each element);
- ``element_name`` names an element as the report shows it: ``W_1[1,2]`` (row 1, column 2, from
  1), ``x[2]`` for a vector; ``element_claims`` gives each printed element as its own claim;
- ``leaves`` makes a given grid a ``Matrix`` of labelled engine leaves, and ``define`` expands a
  definition over matrices (``Wx + b``, ``aW + b``, ``W^T δ``, element-wise ``σ``, ``⊙``,
  ``softmax``) into scalar engine nodes: one weighted sum per element of ``Wx + b`` (as the
  documents' scalar networks), each labelled with its element name, so a picture still draws.

Every reader here is linear in its input; what cannot be read raises ``MatrixError`` with a
one-line reason (a shape mismatch names both shapes).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from autograd import Value, weighted_sum
from nn.check.notation import GREEK, bold_differentials, unicode_to_latex
from nn.check.reader.activations import activation_call, derivative
from nn.check.reader.derivative_names import derivative_tokens
from nn.check.reader.implicit import split_known
from nn.check.reader.layers import layer_marks

__all__ = ["Grid", "Matrix", "MatrixError", "ELIDED", "is_elided", "parse_grid", "find_grid", "whole_grid",
           "element_name", "element_claims", "element_chains", "leaves", "define", "computed", "labelled",
           "canonical_name", "nested_list"]

MAX_ELEMENTS = 100_000


class MatrixError(ValueError):
    """A grid or a matrix definition that cannot be read; the message says why in one line.
    ``missing`` is the (canonical) name of the matrix a definition needs and nothing defines yet."""

    def __init__(self, message: str, missing: str | None = None) -> None:
        super().__init__(message)
        self.missing = missing


# ---- grids as written ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Grid:
    """Rows of cells, each cell the element's text as printed (``"0.15"``, ``"w_{11}"``)."""

    cells: tuple[tuple[str, ...], ...]
    flat: bool = False  # a 1-D list (numpy's shape (n,)): a vector that fits either way round

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.cells), len(self.cells[0]) if self.cells else 0

    def values(self) -> list[list[float]] | None:
        """The elements as numbers, or None when one is not a plain number."""
        try:
            return [[float(c.replace("−", "-")) for c in row] for row in self.cells]
        except ValueError:
            return None


_ENV_BEGIN = re.compile(r"\\begin\s*\{\s*([pbBvV]?matrix|smallmatrix|array)\s*\}")
_ENV_END = re.compile(r"\\end\s*\{\s*([pbBvV]?matrix|smallmatrix|array)\s*\}")
_COLUMN_SPEC = re.compile(r"^\s*\{[lcr|\s]*\}")
_ROW_BREAK = re.compile(r"\\\\(?:\[[^\]]*\])?")
_LIST_TOKEN = re.compile(r"\[|\]|,|[-+−]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[^\s\[\],]+")
_TAIL_WORDS = ("dtype", "grad_fn", "requires_grad", "device")
_T = r"(?:T|\\top|\\intercal)"
_TRANSPOSE_MARK = re.compile(rf"\s*(?:\^\s*(?:\{{\s*{_T}\s*\}}|{_T})|ᵀ)(?![A-Za-z])")  # ^T, ^{\top}, ᵀ
_WRAPPER = re.compile(r"^\s*(?:[A-Za-z_][\w.]*\s*[:=]\s*)?"
                      r"(?:(?:np\.|numpy\.|torch\.)?(?:array|tensor|Array)\s*\()?")  # Array: JAX's print


def _latex_grid(text: str) -> Grid | None:
    begin = _ENV_BEGIN.search(text)
    if begin is None:
        return None
    end = _ENV_END.search(text, begin.end())
    if end is None:
        raise MatrixError(f"\\begin{{{begin.group(1)}}} is never closed with \\end{{{begin.group(1)}}}")
    body = text[begin.end():end.start()]
    if begin.group(1) == "array":
        body = _COLUMN_SPEC.sub("", body, count=1)
    rows = [row for row in _ROW_BREAK.split(body) if row.strip()]
    cells = tuple(tuple(cell.strip() for cell in row.split("&")) for row in rows)
    return _checked(Grid(cells))


def _checked(grid: Grid) -> Grid:
    rows, cols = grid.shape
    if rows == 0 or cols == 0 or any(not c for row in grid.cells for c in row):
        raise MatrixError("a matrix with an empty element")
    if any(len(row) != cols for row in grid.cells):
        raise MatrixError(f"rows of different lengths ({', '.join(str(len(r)) for r in grid.cells)})")
    if rows * cols > MAX_ELEMENTS:
        raise MatrixError(f"more than {MAX_ELEMENTS:,} elements")
    return grid


def _list_grid(text: str) -> Grid | None:
    """``[0.1, 0.2]``, ``[[0.1 0.2]\\n [0.3 0.4]]``, ``array([...], dtype=float32)``, JAX's
    ``Array([...], dtype=float32)``."""
    found = nested_list(text, 2)
    if found is None:
        return None
    nested, depth = found
    if depth == 1:
        return _checked(Grid((tuple(nested),), flat=True))
    if all(isinstance(row, list) for row in nested):
        return _checked(Grid(tuple(tuple(row) for row in nested)))
    raise MatrixError("a list mixing numbers and lists; only vectors and matrices are read")


def _is_tail(tail: str) -> bool:
    """What numpy and torch print after an array: nothing, ``)``, ``, dtype=float32)``, ``, grad_fn=…)``."""
    tail = tail.strip()
    if tail in ("", ")"):
        return True
    return tail.startswith(",") and tail.endswith(")") and any(w in tail for w in _TAIL_WORDS)


ELIDED = "…"  # marks an element printed after numpy's or torch's `...`: its place is not known


def is_elided(cell: str) -> bool:
    """Was this element printed after a `...` (``[0.1 0.2 ... 0.9]``), so its index is not known?"""
    return cell.startswith(ELIDED)


def _nest(tokens, deepest: int = 2) -> tuple[list, int, int]:
    """A bracketed list as nested lists, its depth (at most ``deepest``), and the offset where it ends
    (the ``]`` that closes the outermost bracket). Elements after a `...` (numpy and torch elide long
    arrays) are kept marked ``ELIDED``: their place in the array is not known."""
    stack: list[list] = []
    elided: list[bool] = []
    depth = 0
    for m in tokens:
        tok = m.group(0)
        if tok == "...":
            if elided:
                elided[-1] = True
            continue
        if tok == "[":
            elided.append(bool(elided) and any(elided))
            stack.append([])
            depth = max(depth, len(stack))
            if depth > deepest:
                raise MatrixError("an array of more than two dimensions; only vectors and matrices are read"
                                  if deepest == 2 else f"an array of more than {deepest} dimensions")
        elif tok == "]":
            if not stack:
                raise MatrixError("a `]` with no `[`")
            done = stack.pop()
            elided.pop()
            if not stack:
                return done, depth, m.end()
            stack[-1].append(done)
        elif tok != ",":
            if not stack:
                break
            stack[-1].append(ELIDED + tok if any(elided) else tok)
    raise MatrixError("a `[` that is never closed")


def nested_list(text: str, deepest: int) -> tuple[list, int] | None:
    """A printed list or array of any depth up to ``deepest`` (``tensor([[[0.1, 0.2]]])``) as nested
    lists of the elements' texts and its depth; None when the text is no such print. Raises
    MatrixError when it is one that cannot be read."""
    head = _WRAPPER.match(text)
    start = text.find("[", head.end() if head else 0)
    if start < 0 or text[head.end() if head else 0:start].strip():
        return None
    nested, depth, end = _nest(_LIST_TOKEN.finditer(text, start), deepest)
    mark = _TRANSPOSE_MARK.match(text, end) if depth == 1 else None  # [0.6, 0.4]^T: the same vector
    return (nested, depth) if _is_tail(text[mark.end() if mark else end:]) else None


def parse_grid(text: str) -> Grid | None:
    """The grid a piece of text writes (a LaTeX matrix, a list, a numpy or torch print), or None
    when it writes none. Raises MatrixError when it writes one that cannot be read."""
    if "\\begin" in text:
        return _latex_grid(text)
    if "[" in text:
        return _list_grid(text)
    return None


def find_grid(side: str) -> Grid | None:
    """``parse_grid`` that never raises: for a claim's side that may or may not be a grid."""
    try:
        return parse_grid(side)
    except MatrixError:
        return None


def whole_grid(side: str) -> Grid | None:
    """The grid a side is, when it is one grid and nothing else (``f(\\begin{bmatrix}…\\end{bmatrix})``
    and a product of two grids are formulas); never raises."""
    return find_grid(side) if _one_grid(side) else None


def _one_grid(side: str) -> bool:
    """Is the side written as one grid, not a formula over several or a call of one?"""
    text = side.strip()
    return "\\begin" not in text or (text.count("\\begin") == 1 and text.startswith("\\begin")
                                      and bool(re.search(r"\\end\s*\{[^}]*\}$", text)))


def element_name(name: str, shape: tuple[int, int], i: int, j: int) -> str:
    """``W_1[1,2]`` for a matrix; ``x[2]`` for a vector (a row or a column), counted from 1."""
    rows, cols = shape
    if rows == 1 or cols == 1:
        return f"{name}[{max(i, j) + 1}]"
    return f"{name}[{i + 1},{j + 1}]"


def element_claims(name: str, grid: Grid) -> list[tuple[str, str]]:
    """Each printed element as its own claim: ``[("z_1[1]", "0.3775"), ("z_1[2]", "0.3925")]``."""
    return [(element_name(name, grid.shape, i, j), cell)
            for i, row in enumerate(grid.cells) for j, cell in enumerate(row)]


def element_chains(name: str, sides: list[str]) -> tuple[list[tuple[str, list[str]]], list[int]] | None:
    """A claim ``name = side = side …`` whose sides include grids, element by element.

    ``z = [0.1, 0.2] = [0.10, 0.20]`` → ``[("z[1]", ["0.1", "0.10"]), ("z[2]", ["0.2", "0.20"])]``;
    the second item lists the sides that are no grid (a formula ``Wx + b``), left to the caller.
    None when no side is a grid; MatrixError when grids of different shapes are equated.
    """
    grids, others = [], []
    for k, side in enumerate(sides):
        grid = parse_grid(side) if _one_grid(side) else None
        if grid is None:
            others.append(k)
        else:
            grids.append(grid)
    if not grids:
        return None
    shapes = {_length_shape(g) for g in grids}
    if len(shapes) > 1:
        shown = " and ".join(f"{r}×{c}" for r, c in sorted(shapes))
        raise MatrixError(f"grids of shapes {shown} are equated")
    first = grids[0]
    chains = [(element_name(name, first.shape, i, j), [_cell(g, i, j, first.shape) for g in grids])
              for i in range(first.shape[0]) for j in range(first.shape[1])]
    return chains, others


def _length_shape(grid: Grid) -> tuple[int, int]:
    """A grid's shape, a vector's as (1, length): a row and a column of one length are equated."""
    rows, cols = grid.shape
    return (1, rows * cols) if 1 in (rows, cols) else (rows, cols)


def _cell(grid: Grid, i: int, j: int, shape: tuple[int, int]) -> str:
    """Element (i, j) of a grid of ``shape``; a vector's counted along its length."""
    if grid.shape == shape:
        return grid.cells[i][j]
    k = i * shape[1] + j
    return grid.cells[k][0] if grid.shape[1] == 1 else grid.cells[0][k]


# ---- matrices of engine values ---------------------------------------------------------------------------
@dataclass
class Matrix:
    rows: list[list[Value]]
    flat: bool = False

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.rows), len(self.rows[0])

    def transposed(self) -> Matrix:
        return Matrix([list(col) for col in zip(*self.rows)], self.flat)

    def each(self, fn: Callable[[Value], Value]) -> Matrix:
        return Matrix([[fn(v) for v in row] for row in self.rows], self.flat)

    def as_column(self) -> Matrix:
        return self.transposed() if self.flat and self.shape[0] == 1 else self


def canonical_name(name: str) -> str:
    """One spelling for a matrix's name: ``W_{1}`` → ``W_1``, ``\\mathbf{W}`` → ``W``,
    ``W^{(1)}`` → ``W^(1)``, ``\\delta`` → ``delta``."""
    name = re.sub(r"\\(?:mathbf|boldsymbol|bm|mathrm|vec|text)\s*", "", layer_marks(unicode_to_latex(name)))
    return re.sub(r"[{}\s\\]", "", name)


def leaves(name: str, grid: Grid) -> Matrix:
    """A given grid as engine leaves, each labelled with its element name (``W_1[1,2]``)."""
    values = grid.values()
    if values is None:
        raise MatrixError(f"{name} is not all numbers")
    rows = [[Value(v, element_name(name, grid.shape, i, j)) for j, v in enumerate(row)]
            for i, row in enumerate(values)]
    return Matrix(rows, grid.flat)


# ---- a definition over matrices ------------------------------------------------------------------------
_TOKEN = re.compile(r"\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+|\\[A-Za-z]+|\\.|[A-Za-z]+|\S")
_IGNORED = {r"\left", r"\right", r"\big", r"\Big", r"\bigl", r"\bigr", r"\Bigl", r"\Bigr", r"\,", r"\;",
            r"\!", r"\ ", r"\quad", r"\displaystyle"}
_WRAPPERS = {r"\mathbf", r"\boldsymbol", r"\bm", r"\mathrm", r"\vec", r"\text", r"\operatorname"}
_TIMES = {r"\cdot", r"\times", "*", "@", "·", "×", "⋅"}
_HADAMARD = {r"\odot", r"\circ", "⊙", "∘"}
_TRANSPOSE = {"T", r"\top", r"\intercal", r"\mathsf", "t"}
_ENDS_FACTOR = {"+", "-", ")", "]", "}", "^", "_", "'", ",", ""}
_MULTIPLY: Callable[[Value, Value], Value] = lambda a, b: a * b  # noqa: E731
_DIVIDE: Callable[[Value, Value], Value] = lambda a, b: a / b  # noqa: E731
_POWER: Callable[[Value, Value], Value] = lambda a, b: a ** b.data  # noqa: E731
_FUNCTIONS: dict[str, Callable[[Value], Value]] = {
    "sigma": Value.sigmoid, "sigmoid": Value.sigmoid, "tanh": Value.tanh, "relu": Value.relu,
    "ReLU": Value.relu, "exp": Value.exp, "log": Value.log, "ln": Value.log,
}


def _tokens(text: str) -> list[str]:
    text = layer_marks(bold_differentials(unicode_to_latex(text))).replace("−", "-").replace("σ", r"\sigma ")
    return [t for t in _TOKEN.findall(text) if t not in _IGNORED]


class _Expr:
    """Recursive descent over a definition's tokens, computing matrices of engine values."""

    def __init__(self, tokens: list[str], env: Mapping[str, Matrix], activation: str,
                 letters: Mapping[str, str] | None = None) -> None:
        self.toks, self.i, self.env, self.activation = tokens, 0, env, activation
        self.letters = letters  # the function letters the prose binds (f_1 → sigmoid)

    def peek(self) -> str:
        return self.toks[self.i] if self.i < len(self.toks) else ""

    def take(self, expected: str | None = None) -> str:
        tok = self.peek()
        if not tok or (expected is not None and tok != expected):
            raise MatrixError(f"expected `{expected or 'more'}`, found {f'`{tok}`' if tok else 'the end'}")
        self.i += 1
        return tok

    def whole(self) -> Matrix:
        out = self.sum()
        if self.peek():
            raise MatrixError(f"cannot read `{self.peek()}` here")
        return out

    def sum(self) -> Matrix:
        negative = self.peek() == "-" and bool(self.take())
        out = self.product()
        if negative:
            out = out.each(lambda v: -v)
        while self.peek() in ("+", "-"):
            sign = self.take()
            out = _add(out, self.product(), sign == "-")
        return out

    def product(self) -> Matrix:
        out, dotted = self.postfix(), False
        while True:
            tok = self.peek()
            if tok in _TIMES or tok in _HADAMARD or tok == "/":
                self.take()
                right = self.postfix()
                if tok in _TIMES:
                    dotted = _dotted(out, right, dotted)
                out = _times(out, right) if tok in _TIMES else \
                    _elementwise(out, right, _MULTIPLY if tok in _HADAMARD else _DIVIDE)
            elif tok and tok not in _ENDS_FACTOR:
                right = self.postfix()
                dotted = _dotted(out, right, dotted)
                out = _times(out, right)
            else:
                return out

    def postfix(self) -> Matrix:
        out = self.atom()
        while self.peek() in ("^", "'"):
            if self.take() == "'":
                out = out.transposed()
                continue
            script = self.script()
            if len(script) == 1 and script[0] in _TRANSPOSE:
                out = out.transposed()
            else:
                power = _Expr(script, {}, self.activation).whole()
                if power.shape != (1, 1):
                    raise MatrixError("a power must be one number")
                out = _elementwise(out, power, _POWER)
        return out

    def script(self) -> list[str]:
        if self.peek() != "{":
            return [self.take()]
        self.take("{")
        start, depth = self.i, 1
        while depth:
            tok = self.take()
            depth += (tok == "{") - (tok == "}")
        return self.toks[start:self.i - 1]

    def atom(self) -> Matrix:
        tok = self.peek()
        if tok and (tok[0].isdigit() or tok[0] == "."):
            self.take()
            return Matrix([[Value(float(tok))]])
        if tok in ("(", "[", "{"):
            self.take()
            out = self.sum()
            self.take({"(": ")", "[": "]", "{": "}"}[tok])
            return out
        if tok in (r"\frac", r"\dfrac", r"\tfrac"):
            self.take()
            top_tokens = self.script()
            if (named := self.derivative(top_tokens)) is not None:
                return named
            top = _Expr(top_tokens, self.env, self.activation).whole()
            return _elementwise(top, _Expr(self.script(), self.env, self.activation).whole(), _DIVIDE)
        if tok == r"\sum" and self.toks[self.i + 1:self.i + 2] == ["_"]:
            return self.row_sum()
        named = activation_call(self.toks, self.i, self.letters)  # g_{\text{ReLU}}(z), \sigma'(z), f_1(z)
        if named is not None:
            self.i, function, primed = named
            arg = self.argument()
            return arg.each(derivative(function)) if primed else _apply(function, arg)
        function = self.function_name(tok)
        if function is not None:
            self.take()
            return self.call(function)
        if tok == "e" and "e" not in self.env and self.toks[self.i + 1:self.i + 2] == ["^"]:
            self.i += 2  # e^{Z}: exp element by element
            return _apply("exp", _Expr(self.script(), self.env, self.activation).whole())
        if tok in _WRAPPERS:
            self.take()
            wrapped = self.toks[self.i:self.i + 3]
            if wrapped[0::2] == ["{", "}"] and self.function_name(wrapped[1]):
                self.i += 3  # \operatorname{softmax}(z), \mathrm{tanh}(z)
                return self.call(wrapped[1])
        return self.name()

    def row_sum(self) -> Matrix:
        """``\\sum_i dY_i``: the sum of a matrix's rows, its operand's subscript the sum's index (each
        row one sample: ``db`` sums ``dY`` over the batch), a row of the column sums; a single row is not
        read (the sum of its elements, or itself as a batch of one?)."""
        self.i += 2
        index = [t for t in self.script() if t not in ("=", "1", "0")][:1]
        for at in range(self.i, min(self.i + 8, len(self.toks) - 1)):  # the operand's own `_i`
            if self.toks[at] == "_" and self.toks[at + 1:at + 2] == index:
                del self.toks[at:at + 2]
                break
            if self.toks[at] == "_" and self.toks[at + 1:at + 4] == ["{", *index, "}"]:
                del self.toks[at:at + 4]
                break
        else:
            raise MatrixError("a sum whose operand is not indexed by the sum's index")
        rows = self.postfix().rows
        if len(rows) == 1:  # Σ_i x_i of a row: its elements' sum, or the batch of one row? not guessed
            raise MatrixError("a sum over the rows of a single row")
        return Matrix([[_total([row[j] for row in rows]) for j in range(len(rows[0]))]])

    def derivative(self, top: list[str]) -> Matrix | None:
        """``\\frac{\\partial J}{\\partial a_2}``: the matrix the document defined under that name
        (``derivative_names``); None when the fraction is no derivative (its bottom not yet taken)."""
        if not top or top[0] != r"\partial":
            return None
        at = self.i
        bottom = self.script()
        key = derivative_tokens(top, bottom)
        if key is None:
            self.i = at
            return None
        if canonical_name(key) not in self.env:
            raise MatrixError(f"no given or defined matrix named {key}", key)
        return self.env[canonical_name(key)]

    def function_name(self, tok: str) -> str | None:
        word = tok.lstrip("\\")
        if word in _FUNCTIONS or word == "softmax":
            return word
        if word in ("f", "g") and self.toks[self.i + 1:self.i + 2] == ["("] and word not in self.env:
            return self.activation
        return None

    def call(self, function: str) -> Matrix:
        return _apply(function, self.argument())

    def argument(self) -> Matrix:
        """A function's argument: ``(…)``, or the one factor after it (``\tanh z``)."""
        if self.peek() != "(":
            return self.postfix()
        self.take()
        arg = self.sum()
        self.take(")")
        return arg

    def name(self) -> Matrix:
        """A name, or several known names written together (``Wx``, ``aW``); subscripts bind to the
        last one (``Wx_1`` is W·x_1), layer marks too (``W^{(1)}``)."""
        word = self.take()
        if word.startswith("\\"):
            word = word[1:]
            if word not in GREEK:  # \sum, \prod, \max: an operation, never a matrix's name
                raise MatrixError(f"cannot read \\{word} in a definition over matrices")
        if word == "{":  # \vec{W^{[1]}}, \mathbf{x}: the name inside the braces
            start, depth = self.i, 1
            while depth:
                tok = self.take()
                depth += (tok == "{") - (tok == "}")
            words = self.toks[start:self.i - 1]
            if len(words) > 1 and all(w.isalnum() for w in words):  # \text{W update}: one name, Wupdate
                words = ["".join(words)]
                self.toks[start:self.i - 1] = words
                self.i = start + 2
            if self.i - 1 - start != 1:  # \vec{W^{[1]}}: a name with its marks
                inner = _Expr(self.toks[start:self.i - 1], self.env, self.activation)
                out = inner.name()
                if inner.peek():
                    raise MatrixError(f"cannot read `{inner.peek()}` in a name")
                return out
            word = self.toks[start]  # \mathbf{W}_1: the marks follow
        suffix = ""
        while self.peek() == "_" or (self.peek() == "^" and self._layer_mark()):
            mark = self.take()
            suffix += mark + canonical_name("".join(self.script()))  # y_{\text{pred}}: y_pred
        pieces = split_known(word, self.env, suffix)
        if pieces is None:
            raise MatrixError(f"no given or defined matrix named {word + suffix}", word + suffix)
        out = self.env[pieces[0]]
        for piece in pieces[1:]:
            out = _times(out, self.env[piece])
        return out

    def _layer_mark(self) -> bool:
        nxt = self.toks[self.i + 1:self.i + 3]
        return nxt[:1] == ["{"] and nxt[1:] in (["("], ["["])


def _total(column: list[Value]) -> Value:
    out = column[0]
    for v in column[1:]:
        out = out + v
    return out


def _apply(function: str, arg: Matrix) -> Matrix:
    if function == "softmax":
        return _softmax(arg)
    if function not in _FUNCTIONS:
        raise MatrixError(f"no function {function}")
    return arg.each(_FUNCTIONS[function])


def _dotted(a: Matrix, b: Matrix, before: bool) -> bool:
    """Is ``a · b`` a dot product of two vectors (one number)? Raises MatrixError when a dot product
    in the same chain is multiplied by a vector (``δ · W · a · (1 - a)``): the writer may mean every
    product element by element, so the chain is not read either way."""
    def vector(m: Matrix) -> bool:
        return 1 in m.shape and m.shape != (1, 1)
    if before and b.shape != (1, 1) or (vector(b) and a.shape == (1, 1) and before):
        raise MatrixError("a dot product multiplied by a vector: write ⊙ for element by element")
    return before or (vector(a) and vector(b) and _times(a, b).shape == (1, 1))


def _broadcast(a: Matrix, b: Matrix) -> tuple[Matrix, Matrix]:
    """Two matrices of one shape, as numpy broadcasts: a scalar, a row or a column repeated; a
    flat vector turned to fit."""
    if a.shape == b.shape:
        return a, b
    if b.flat and b.transposed().shape == a.shape:
        return a, b.transposed()
    if a.flat and a.transposed().shape == b.shape:
        return a.transposed(), b
    rows, cols = max(a.shape[0], b.shape[0]), max(a.shape[1], b.shape[1])

    def spread(m: Matrix) -> Matrix:
        r, c = m.shape
        if r not in (1, rows) or c not in (1, cols):
            if m.flat and (c, r) in ((rows, 1), (1, cols), (rows, cols)):
                return spread(m.transposed())
            raise MatrixError(f"shapes {a.shape[0]}×{a.shape[1]} and {b.shape[0]}×{b.shape[1]} do not fit")
        return Matrix([[m.rows[i % r][j % c] for j in range(cols)] for i in range(rows)], a.flat and b.flat)

    return spread(a), spread(b)


def _elementwise(a: Matrix, b: Matrix, fn: Callable[[Value, Value], Value]) -> Matrix:
    a, b = _broadcast(a, b)
    return Matrix([[fn(x, y) for x, y in zip(ra, rb)] for ra, rb in zip(a.rows, b.rows)], a.flat)


def _plain_weighted_sum(v: Value) -> bool:
    """A weighted sum this module just made for a product, without a bias yet."""
    return v.op == "wsum" and not v.label and len(v.parents) % 2 == 0


def _add(a: Matrix, b: Matrix, subtract: bool) -> Matrix:
    """a ± b; ``Wx + b`` becomes one weighted sum per element, bias included (as the documents' nets)."""
    if subtract:
        return _elementwise(a, b, lambda x, y: x - y)

    def plus(x: Value, y: Value) -> Value:
        if _plain_weighted_sum(x):
            return weighted_sum(x.parents[0::2], x.parents[1::2], y)
        if _plain_weighted_sum(y):
            return weighted_sum(y.parents[0::2], y.parents[1::2], x)
        return x + y

    return _elementwise(a, b, plus)


def _times(a: Matrix, b: Matrix) -> Matrix:
    """A matrix product where the shapes allow one (a flat vector turned to fit), else a scalar's
    multiple; two vectors of one shape are not multiplied (write ^T or ⊙)."""
    if a.shape == (1, 1) or b.shape == (1, 1):
        return _elementwise(a, b, lambda x, y: x * y)
    if a.shape[1] != b.shape[0]:
        if a.flat and a.shape[0] == 1 and b.flat and b.shape[0] == 1 and a.shape == b.shape:
            b = b.transposed()  # x · w of two 1-D lists: numpy's dot product
        elif a.flat and a.transposed().shape[1] == b.shape[0]:
            a = a.transposed()
        elif b.flat and b.transposed().shape[0] == a.shape[1]:
            b = b.transposed()
        else:
            raise MatrixError(f"shapes {a.shape[0]}×{a.shape[1]} and {b.shape[0]}×{b.shape[1]} do not "
                              "multiply (write ^T for a transpose or ⊙ for element by element)")
    columns = list(zip(*b.rows))
    rows = [[weighted_sum(row, col) for col in columns] for row in a.rows]
    return Matrix(rows, (a.flat or b.flat) and 1 in (len(rows), len(columns)))


def _softmax(m: Matrix) -> Matrix:
    if 1 not in m.shape:
        raise MatrixError("softmax of a matrix: only of a vector")
    exps = m.each(Value.exp)
    total = sum((v for row in exps.rows for v in row[1:]), exps.rows[0][0]) if m.shape[0] == 1 else \
        sum((row[0] for row in exps.rows[1:]), exps.rows[0][0])
    return exps.each(lambda v: v / total)


def define(name: str, expression: str, env: Mapping[str, Matrix], activation: str = "sigmoid") -> Matrix:
    """The matrix a definition ``name = expression`` makes from the grids in ``env`` (keyed by
    ``canonical_name``), each element a scalar engine node labelled with its element name.

    ``activation`` is what ``f(…)`` and ``g(…)`` mean when the document writes them. Raises
    MatrixError naming what could not be read.
    """
    return labelled(name, computed(expression, {canonical_name(k): v for k, v in env.items()}, activation))


def labelled(name: str, out: Matrix) -> Matrix:
    """``out`` with each element that has no label yet labelled with its element name (``W[1,2]``)."""
    shape = out.shape
    for i, row in enumerate(out.rows):
        for j, v in enumerate(row):
            if not v.label:
                v.named(element_name(name, shape, i, j))
    return out


def computed(expression: str, env: Mapping[str, Matrix], activation: str = "sigmoid",
             letters: Mapping[str, str] | None = None) -> Matrix:
    """``define``'s matrix, its elements unlabelled, from an ``env`` already keyed by ``canonical_name``
    (a caller evaluating many expressions over one env does not copy it each time); ``letters``: the
    function letters the prose binds (``function_letters``)."""
    try:
        return _Expr(_tokens(expression), env, activation, letters).whole()
    except RecursionError:
        raise MatrixError("it is nested too deeply") from None
    except (ValueError, ZeroDivisionError, OverflowError) as e:
        if isinstance(e, MatrixError):
            raise
        raise MatrixError(f"it cannot be computed: {e}") from None
