"""Arrays as notebooks compute them (numpy, torch), each element a scalar node of the engine.

``Tensor`` is an n-dimensional array of engine ``Value``s with numpy's and torch's semantics:
shapes are exact (a ``(3,)`` vector is not a ``(1, 3)`` row), ``+ - * / **`` broadcast by numpy's
rules, ``@`` is ``matmul`` (1-D operands promoted and the promoted axis dropped, as numpy does),
reductions take ``axis``/``dim`` and ``keepdims``/``keepdim``. The engine stays scalar: a matrix
product is one ``weighted_sum`` node per element (as the documents' networks and
``reader.matrices`` build it), a sum a balanced tree of additions (its depth the logarithm of its
length), so every element's graph stays shallow and small.

``reader.matrices.Matrix`` is the same thing as LaTeX writes it (a vector fits either way round);
``Tensor.matrix`` and ``Tensor.of_matrix`` convert between the two.

Numbers a random generator drew (``torch.rand``, ``nn.Linear``'s initialisation) cannot be
recomputed: such a tensor is ``unknown`` (its reason says why), has a shape but no elements, and
everything computed from it is unknown too, with the same reason.

Every operation is linear in the elements it makes; a result of more than ``MAX_ELEMENTS`` raises
``TensorError`` with a one-line reason, as does a shape mismatch (naming both shapes).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import product

from autograd import Value, weighted_sum
from nn.check.reader.matrices import Matrix, element_name

__all__ = ["Tensor", "TensorError", "MAX_ELEMENTS", "MAX_PRODUCTS", "broadcast_shape", "tensor", "stack",
           "concatenate",
           "element_label", "engine_element"]

MAX_ELEMENTS = 100_000  # elements in one array; a notebook's worked example is far smaller
MAX_PRODUCTS = 1_000_000  # multiplications in one matrix product

Number = float | int
Item = Value | float


class TensorError(ValueError):
    """An array operation that cannot be done; the message says why in one line."""


def _size(shape: Sequence[int]) -> int:
    return math.prod(shape)


def _checked_size(shape: tuple[int, ...]) -> tuple[int, ...]:
    if any(n < 0 for n in shape):
        raise TensorError(f"a negative dimension in shape {shape}")
    if _size(shape) > MAX_ELEMENTS:
        raise TensorError(f"an array of {_size(shape):,} elements: more than the {MAX_ELEMENTS:,} read")
    return shape


def _strides(shape: Sequence[int]) -> list[int]:
    strides, step = [], 1
    for n in reversed(shape):
        strides.append(step)
        step *= n
    return strides[::-1]


def broadcast_shape(a: Sequence[int], b: Sequence[int]) -> tuple[int, ...]:
    """numpy's broadcast of two shapes: aligned at the right, a 1 stretches; TensorError otherwise."""
    out = []
    for k in range(1, max(len(a), len(b)) + 1):
        x = a[-k] if k <= len(a) else 1
        y = b[-k] if k <= len(b) else 1
        if x != y and 1 not in (x, y):
            raise TensorError(f"shapes {tuple(a)} and {tuple(b)} do not broadcast")
        out.append(y if x == 1 else x)
    return tuple(reversed(out))


def _expanded(t: Tensor, shape: tuple[int, ...]) -> list[Value]:
    """The elements of ``t`` broadcast to ``shape`` (row-major), without copying when it is one."""
    if t.shape == shape:
        return t.items
    lead = len(shape) - len(t.shape)
    own = _strides(t.shape)
    strides = [0] * lead + [0 if n == 1 else s for n, s in zip(t.shape, own)]
    return [t.items[sum(i * s for i, s in zip(index, strides))] for index in product(*map(range, shape))]


def _value(x: Item) -> Value:
    return x if isinstance(x, Value) else Value(float(x))


def _pairwise_sum(values: Sequence[Value]) -> Value:
    """Σ values as a balanced tree of additions: depth ⌈log₂ n⌉, so no element's formula is deep."""
    if not values:
        return Value(0.0)
    level = list(values)
    while len(level) > 1:
        paired = [level[k] + level[k + 1] for k in range(0, len(level) - 1, 2)]
        level = paired + ([level[-1]] if len(level) % 2 else [])
    return level[0]


@dataclass
class Tensor:
    """An array of engine values: ``shape`` and its elements in row-major order (``items``).

    ``unknown`` is why its numbers cannot be recomputed (then ``items`` is empty)."""

    shape: tuple[int, ...]
    items: list[Value] = field(default_factory=list)
    unknown: str = ""

    def __post_init__(self) -> None:
        self.shape = _checked_size(tuple(int(n) for n in self.shape))
        if not self.unknown and len(self.items) != _size(self.shape):
            raise TensorError(f"{len(self.items)} elements for shape {self.shape}")

    # -- making
    @classmethod
    def unknowable(cls, shape: Sequence[int], reason: str) -> Tensor:
        return cls(tuple(shape), [], reason)

    @classmethod
    def full(cls, shape: Sequence[int], value: float) -> Tensor:
        shape = _checked_size(tuple(shape))
        return cls(shape, [Value(float(value)) for _ in range(_size(shape))])

    @classmethod
    def of_matrix(cls, m: Matrix) -> Tensor:
        rows, cols = m.shape
        shape = (cols,) if m.flat and rows == 1 else (rows, cols)
        return cls(shape, [v for row in m.rows for v in row])

    def matrix(self) -> Matrix:
        """The 0-, 1- or 2-D tensor as a ``Matrix`` (a vector a flat row)."""
        self._known()
        if self.ndim > 2:
            raise TensorError(f"an array of shape {self.shape} is no matrix")
        rows, cols = (1, 1) if self.ndim == 0 else (1, self.shape[0]) if self.ndim == 1 else self.shape
        return Matrix([self.items[r * cols:(r + 1) * cols] for r in range(rows)], self.ndim == 1)

    # -- reading
    @property
    def ndim(self) -> int:
        return len(self.shape)

    @property
    def size(self) -> int:
        return _size(self.shape)

    def data(self) -> list:
        """The values as nested lists (a float for a 0-D tensor)."""
        self._known()
        return _nested([v.data for v in self.items], self.shape)

    def indices(self) -> list[tuple[int, ...]]:
        return list(product(*map(range, self.shape)))

    def _known(self) -> None:
        if self.unknown:
            raise TensorError(f"its numbers are not known: {self.unknown}")

    def _unknown_of(self, *others: object) -> str:
        return self.unknown or next((o.unknown for o in others if isinstance(o, Tensor) and o.unknown), "")

    # -- element by element
    def map(self, fn: Callable[[Value], Value]) -> Tensor:
        if self.unknown:
            return self
        return Tensor(self.shape, [fn(v) for v in self.items])

    def zip_with(self, other: Tensor | Item, fn: Callable[[Value, Value], Value]) -> Tensor:
        other = other if isinstance(other, Tensor) else tensor(other)
        shape = broadcast_shape(self.shape, other.shape)
        reason = self._unknown_of(other)
        if reason:
            return Tensor.unknowable(shape, reason)
        _checked_size(shape)
        return Tensor(shape, [fn(a, b) for a, b in zip(_expanded(self, shape), _expanded(other, shape))])

    def __add__(self, other: Tensor | Item) -> Tensor:
        return self.zip_with(other, lambda a, b: a + b)

    def __radd__(self, other: Item) -> Tensor:
        return tensor(other).zip_with(self, lambda a, b: a + b)

    def __sub__(self, other: Tensor | Item) -> Tensor:
        return self.zip_with(other, lambda a, b: a - b)

    def __rsub__(self, other: Item) -> Tensor:
        return tensor(other).zip_with(self, lambda a, b: a - b)

    def __mul__(self, other: Tensor | Item) -> Tensor:
        return self.zip_with(other, lambda a, b: a * b)

    def __rmul__(self, other: Item) -> Tensor:
        return tensor(other).zip_with(self, lambda a, b: a * b)

    def __truediv__(self, other: Tensor | Item) -> Tensor:
        return self.zip_with(other, lambda a, b: a / b)

    def __rtruediv__(self, other: Item) -> Tensor:
        return tensor(other).zip_with(self, lambda a, b: a / b)

    def __pow__(self, exponent: Tensor | Item) -> Tensor:
        if isinstance(exponent, Tensor):
            if exponent.unknown or exponent.size != 1:
                raise TensorError("a power whose exponent is not one known number")
            exponent = exponent.items[0].data
        n = exponent.data if isinstance(exponent, Value) else float(exponent)
        return self.map(lambda v: v ** n)

    def __neg__(self) -> Tensor:
        return self.map(lambda v: -v)

    def exp(self) -> Tensor:
        return self.map(Value.exp)

    def log(self) -> Tensor:
        return self.map(Value.log)

    def tanh(self) -> Tensor:
        return self.map(Value.tanh)

    def sigmoid(self) -> Tensor:
        return self.map(Value.sigmoid)

    def relu(self) -> Tensor:
        return self.map(Value.relu)

    def sqrt(self) -> Tensor:
        return self.map(lambda v: v ** 0.5)

    # -- shape
    def reshape(self, *shape: int | Sequence[int]) -> Tensor:
        wanted = list(shape[0]) if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else list(shape)
        if wanted.count(-1) > 1:
            raise TensorError("more than one -1 in a reshape")
        if -1 in wanted:
            rest = _size([n for n in wanted if n != -1])
            if rest == 0 or self.size % rest:
                raise TensorError(f"cannot reshape {self.shape} to {tuple(wanted)}")
            wanted[wanted.index(-1)] = self.size // rest
        if _size(wanted) != self.size:
            raise TensorError(f"cannot reshape {self.shape} ({self.size} elements) to {tuple(wanted)}")
        return Tensor(tuple(wanted), self.items, self.unknown)

    def flatten(self) -> Tensor:
        return self.reshape(-1)

    def transpose(self, *axes: int) -> Tensor:
        """numpy's ``.T`` / ``transpose()`` (axes reversed); ``transpose(a, b)`` swaps two axes (torch)."""
        order = list(range(self.ndim))[::-1]
        if len(axes) == 2:
            a, b = (self._axis(k) for k in axes)
            order = list(range(self.ndim))
            order[a], order[b] = order[b], order[a]
        elif axes:
            order = [self._axis(k) for k in axes]
            if sorted(order) != list(range(self.ndim)):
                raise TensorError(f"axes {axes} are no permutation of {self.ndim} axes")
        shape = tuple(self.shape[k] for k in order)
        if self.unknown:
            return Tensor.unknowable(shape, self.unknown)
        strides = _strides(self.shape)
        moved = [strides[k] for k in order]
        return Tensor(shape, [self.items[sum(i * s for i, s in zip(index, moved))]
                              for index in product(*map(range, shape))])

    @property
    def T(self) -> Tensor:  # noqa: N802 (numpy's name)
        return self.transpose()

    def _axis(self, axis: int) -> int:
        if not -self.ndim <= axis < max(self.ndim, 1):
            raise TensorError(f"axis {axis} is out of range for an array of {self.ndim} dimensions")
        return axis % max(self.ndim, 1)

    # -- products
    def matmul(self, other: Tensor) -> Tensor:
        """``a @ b`` as numpy: 1-D operands promoted (and the promoted axis dropped), batches broadcast."""
        if self.ndim == 0 or other.ndim == 0:
            raise TensorError("@ of a 0-d array: use * for a scalar")
        a = self.reshape(1, -1) if self.ndim == 1 else self
        b = other.reshape(-1, 1) if other.ndim == 1 else other
        if a.shape[-1] != b.shape[-2]:
            raise TensorError(f"shapes {self.shape} and {other.shape} do not multiply "
                              f"({a.shape[-1]} ≠ {b.shape[-2]})")
        batch = broadcast_shape(a.shape[:-2], b.shape[:-2])
        rows, inner, cols = a.shape[-2], a.shape[-1], b.shape[-1]
        shape = batch + (rows, cols)
        drop = (() if self.ndim > 1 else (-2,)) + (() if other.ndim > 1 else (-1,))
        final = tuple(n for k, n in enumerate(shape) if k - len(shape) not in drop)
        reason = self._unknown_of(other)
        if reason:
            return Tensor.unknowable(final, reason)
        _checked_size(shape)
        if _size(shape) * inner > MAX_PRODUCTS:
            raise TensorError(f"a matrix product of {_size(shape) * inner:,} multiplications: more than the "
                              f"{MAX_PRODUCTS:,} read")
        left = _expanded(a, batch + a.shape[-2:])
        right = _expanded(b, batch + b.shape[-2:])
        items = []
        for k in range(_size(batch)):
            la = left[k * rows * inner:(k + 1) * rows * inner]
            rb = right[k * inner * cols:(k + 1) * inner * cols]
            columns = [rb[c::cols] for c in range(cols)]
            items += [weighted_sum(la[r * inner:(r + 1) * inner], column)
                      for r in range(rows) for column in columns]
        return Tensor(final, items)

    def __matmul__(self, other: Tensor) -> Tensor:
        return self.matmul(other)

    def dot(self, other: Tensor) -> Tensor:
        """``np.dot``/``torch.dot``: the inner product of two vectors, else the matrix product."""
        if self.ndim == 0 or other.ndim == 0:
            return self * other
        return self.matmul(other)

    # -- reductions
    def reduce(self, combine: Callable[[list[Value]], Value], axis: int | Sequence[int] | None = None,
               keepdims: bool = False) -> Tensor:
        """Each line along ``axis`` (every axis when None) combined into one value."""
        axes = sorted({self._axis(a) for a in ([axis] if isinstance(axis, int) else axis)}) \
            if axis is not None else list(range(self.ndim))
        kept = tuple(1 if k in axes else n for k, n in enumerate(self.shape))
        shape = kept if keepdims else tuple(n for k, n in enumerate(self.shape) if k not in axes)
        if self.unknown:
            return Tensor.unknowable(shape, self.unknown)
        if self.size == 0:
            raise TensorError("a reduction of an empty array")
        strides = _strides(self.shape)
        groups: dict[tuple[int, ...], list[Value]] = {}
        for index in product(*map(range, self.shape)):
            key = tuple(0 if k in axes else i for k, i in enumerate(index))
            groups.setdefault(key, []).append(self.items[sum(i * s for i, s in zip(index, strides))])
        return Tensor(shape, [combine(group) for group in groups.values()])

    def sum(self, axis: int | Sequence[int] | None = None, keepdims: bool = False) -> Tensor:
        return self.reduce(_pairwise_sum, axis, keepdims)

    def mean(self, axis: int | Sequence[int] | None = None, keepdims: bool = False) -> Tensor:
        return self.reduce(lambda vs: _pairwise_sum(vs) / float(len(vs)), axis, keepdims)

    def max(self, axis: int | Sequence[int] | None = None, keepdims: bool = False) -> Tensor:
        def biggest(vs: list[Value]) -> Value:
            level = list(vs)
            while len(level) > 1:
                level = [level[k].max(level[k + 1]) for k in range(0, len(level) - 1, 2)] + (
                    [level[-1]] if len(level) % 2 else [])
            return level[0]
        return self.reduce(biggest, axis, keepdims)

    def softmax(self, axis: int = -1) -> Tensor:
        """exp(x) / Σ exp(x) along ``axis`` (torch's ``softmax(x, dim)``), each element its own node."""
        exps = self.exp()
        return exps / exps.sum(axis, keepdims=True)

    # -- indexing
    def __getitem__(self, key: object) -> Tensor:
        keys = list(key) if isinstance(key, tuple) else [key]
        if keys.count(Ellipsis) > 1:
            raise TensorError("an index with more than one ...")
        if Ellipsis in keys:
            at = keys.index(Ellipsis)
            keys[at:at + 1] = [slice(None)] * (self.ndim - len(keys) + 1 + keys.count(None))
        picks, shape = self._picks(keys)
        if self.unknown:
            return Tensor.unknowable(shape, self.unknown)
        strides = _strides(self.shape)
        return Tensor(shape, [self.items[sum(i * s for i, s in zip(index, strides))]
                              for index in product(*picks)])

    def _picks(self, keys: list[object]) -> tuple[list[list[int]], tuple[int, ...]]:
        """The positions each axis keeps, and the result's shape (an integer index drops its axis,
        ``None`` adds one)."""
        picks: list[list[int]] = []
        shape: list[int] = []
        axis = 0
        for key in keys:
            if key is None:
                shape.append(1)
                continue
            if axis >= self.ndim:
                raise TensorError(f"too many indices for an array of {self.ndim} dimensions")
            n = self.shape[axis]
            if isinstance(key, slice):
                kept = list(range(n))[key]
                picks.append(kept)
                shape.append(len(kept))
            elif isinstance(key, int) and not isinstance(key, bool):
                if not -n <= key < n:
                    raise TensorError(f"index {key} is out of range for an axis of length {n}")
                picks.append([key % n])
            else:
                raise TensorError("only integers, slices, ... and None index an array here")
            axis += 1
        for n in self.shape[axis:]:
            picks.append(list(range(n)))
            shape.append(n)
        return picks, tuple(shape)

    def setitem(self, key: object, value: Tensor | Item) -> Tensor:
        """``t[key] = value`` as a new tensor (the elements not indexed are kept)."""
        keys = list(key) if isinstance(key, tuple) else [key]
        picks, shape = self._picks(keys)
        value = value if isinstance(value, Tensor) else tensor(value)
        reason = self._unknown_of(value)
        if reason:
            return Tensor.unknowable(self.shape, reason)
        new = _expanded(value, broadcast_shape(shape, value.shape)) if value.shape != shape else value.items
        if broadcast_shape(shape, value.shape) != shape:
            raise TensorError(f"a value of shape {value.shape} does not fit a place of shape {shape}")
        items = list(self.items)
        strides = _strides(self.shape)
        for k, index in enumerate(product(*picks)):
            items[sum(i * s for i, s in zip(index, strides))] = new[k]
        return Tensor(self.shape, items)

    def item(self) -> Value:
        self._known()
        if self.size != 1:
            raise TensorError(f"an array of shape {self.shape} is not one number")
        return self.items[0]

    # -- masks (attention)
    def triangle(self, upper: bool, diagonal: int = 0) -> Tensor:
        """``torch.triu``/``torch.tril``: the elements above (below) the ``diagonal``-th diagonal kept,
        the others 0."""
        if self.ndim < 2:
            raise TensorError("triu/tril of an array of fewer than two dimensions")
        if self.unknown:
            return self
        cols, rows = self.shape[-1], self.shape[-2]
        items = [v if (j - i >= diagonal if upper else j - i <= diagonal) else Value(0.0)
                 for k, v in enumerate(self.items)
                 for i, j in [((k // cols) % rows, k % cols)]]
        return Tensor(self.shape, items)

    def masked_fill(self, mask: Tensor, fill: float) -> Tensor:
        """``t.masked_fill(mask, value)``: where the mask is non-zero, the value (``-inf`` as attention
        uses it: its exp is 0)."""
        shape = broadcast_shape(self.shape, mask.shape)
        reason = self._unknown_of(mask)
        if reason:
            return Tensor.unknowable(shape, reason)
        return Tensor(shape, [Value(float(fill)) if m.data else v
                              for v, m in zip(_expanded(self, shape), _expanded(mask, shape))])

    def compare(self, other: Tensor | Item, test: Callable[[float, float], bool]) -> Tensor:
        """A mask (1.0 or 0.0, a constant: masks carry no gradient) from comparing element by element."""
        return self.zip_with(other, lambda a, b: Value(1.0 if test(a.data, b.data) else 0.0))


def _nested(flat: list, shape: tuple[int, ...]):
    if not shape:
        return flat[0]
    step = len(flat) // shape[0] if shape[0] else 0
    return [_nested(flat[k * step:(k + 1) * step], shape[1:]) for k in range(shape[0])]


def tensor(data: object) -> Tensor:
    """A tensor from nested lists of numbers or Values (``np.array``, ``torch.tensor``); a number is
    a 0-D tensor. Rows of different lengths raise TensorError."""
    if isinstance(data, Tensor):
        return data
    shape: list[int] = []
    probe = data
    while isinstance(probe, (list, tuple)):
        shape.append(len(probe))
        if not probe:
            break
        probe = probe[0]
    items: list[Value] = []
    _flatten(data, tuple(shape), items)
    return Tensor(tuple(shape), items)


def _flatten(data: object, shape: tuple[int, ...], out: list[Value]) -> None:
    if not shape:
        if isinstance(data, (list, tuple)):
            raise TensorError("rows of different depths")
        if isinstance(data, Tensor):
            out.append(data.item())
            return
        if not isinstance(data, (Value, int, float)) or isinstance(data, bool):
            raise TensorError(f"an element that is not a number: {str(data)[:40]}")
        out.append(_value(data))
        if len(out) > MAX_ELEMENTS:
            raise TensorError(f"more than {MAX_ELEMENTS:,} elements")
        return
    if not isinstance(data, (list, tuple)) or len(data) != shape[0]:
        raise TensorError("rows of different lengths")
    for part in data:
        _flatten(part, shape[1:], out)


def stack(parts: Sequence[Tensor], axis: int = 0) -> Tensor:
    """``np.stack``/``torch.stack``: arrays of one shape along a new axis."""
    if not parts:
        raise TensorError("stack of no arrays")
    if len({p.shape for p in parts}) > 1:
        raise TensorError(f"stack of arrays of shapes {', '.join(str(p.shape) for p in parts)}")
    return concatenate([p.reshape(*p.shape[:axis % (p.ndim + 1)], 1, *p.shape[axis % (p.ndim + 1):])
                        for p in parts], axis)


def concatenate(parts: Sequence[Tensor], axis: int = 0) -> Tensor:
    """``np.concatenate``/``torch.cat``: arrays joined along an existing axis."""
    if not parts:
        raise TensorError("concatenation of no arrays")
    first = parts[0]
    axis = first._axis(axis)
    if any(p.ndim != first.ndim or p.shape[:axis] + p.shape[axis + 1:] != first.shape[:axis] + first.shape[
            axis + 1:] for p in parts):
        raise TensorError(f"cannot join shapes {', '.join(str(p.shape) for p in parts)} along axis {axis}")
    shape = first.shape[:axis] + (sum(p.shape[axis] for p in parts),) + first.shape[axis + 1:]
    reason = next((p.unknown for p in parts if p.unknown), "")
    if reason:
        return Tensor.unknowable(shape, reason)
    outer = _size(first.shape[:axis])
    items: list[Value] = []
    for k in range(outer):
        for p in parts:
            block = _size(p.shape[axis:])
            items += p.items[k * block:(k + 1) * block]
    return Tensor(shape, items)


def element_label(name: str, shape: tuple[int, ...], index: tuple[int, ...]) -> str:
    """An element as the report names it, counted from 1: ``W[1,2]``, ``x[3]`` (as
    ``matrices.element_name``: a row or a column vector by its one index), ``X[1,2,3]``; a 0-D
    array is its name."""
    if not shape:
        return name
    if len(shape) == 1:
        return f"{name}[{index[0] + 1}]"
    if len(shape) == 2:
        return element_name(name, shape, *index)
    return f"{name}[{','.join(str(i + 1) for i in index)}]"


def engine_element(engine: str, shape: tuple[int, ...], index: tuple[int, ...]) -> str:
    """An element's engine name, an identifier: ``W1__1_2``, ``x__3`` (the report's ``[…]`` as
    ``__`` and ``_``); a 0-D array is the name itself."""
    label = element_label(engine, shape, index)
    if label == engine:
        return engine
    return label.replace("[", "__").replace(",", "_").rstrip("]")
