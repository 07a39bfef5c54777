"""Parameters that live in arrays: one contiguous store a vectorised training step updates in place.

``ParameterStore(values)`` moves the Values' numbers into two numpy arrays, ``values`` and
``grads``; each Value keeps working as an ordinary Value (arithmetic, ``backward``, stepping,
drawing, the checker) but its ``.data`` and ``.grad`` read and write its entry of the arrays. So
array code can update every parameter at once, in place, with nothing written back afterwards.
``release()`` returns the numbers to the Values.

Each Value keeps a copy of its number too, which the engine reads: a write (``.data``, an
optimizer's update) goes to both, and ``changed()`` copies the array into the Values in one
``tolist()``; both count as writes, so graphs made before them are checked by their next backward.
Gradients are taken from their array in one ``tolist()`` the first time one is read after an
update, not one by one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from autograd import Value
from autograd.engine import written

__all__ = ["ParameterStore", "store_of"]


class _Column:
    """The gradients' array and its entries as Python floats, taken lazily."""

    def __init__(self, array: Any) -> None:
        self.array, self.floats = array, None

    def read(self, i: int) -> float:
        floats = self.floats
        if floats is None:
            floats = self.floats = self.array.tolist()
        return floats[i]

    def write(self, i: int, x: float) -> None:
        if type(x) is not float:
            x = float(x)
        self.array[i] = x
        if self.floats is not None:
            self.floats[i] = x


_NUMBER = Value.__dict__["_data"]  # the slot where a Value keeps its number (the engine reads it)


def _stored_class(store: ParameterStore) -> type:
    """A subclass of Value (no new slots, so a Value's class can be switched to it) whose number is
    written to the store's entry too, and whose gradient is the store's entry."""
    index, values, grads = store.index, store.values, store.grad_column

    def set_number(node: Value, x: float) -> None:
        x = float(x)
        values[index[node]] = x
        _NUMBER.__set__(node, x)

    def get_grad(node: Value) -> float:
        return grads.read(index[node])

    def set_grad(node: Value, x: float) -> None:
        grads.write(index[node], x)

    return type("Value", (Value,), {"__slots__": (), "__module__": Value.__module__,
                                     "_data": property(_NUMBER.__get__, set_number),
                                     "grad": property(get_grad, set_grad), "store": store})


class ParameterStore:
    """``values``: the numbers of ``params`` (in that order) as one float64 array, ``grads`` their
    gradients; the Values read and write them. Change the arrays in place, then call ``changed()``."""

    def __init__(self, params: Iterable[Value]) -> None:
        import numpy as np

        self.params = list(dict.fromkeys(params))
        for p in self.params:
            if type(p) is not Value:
                raise ValueError(f"{p!r} is already in a parameter store (or not a plain Value): "
                                 f"release() that store first")
        self.index = {p: i for i, p in enumerate(self.params)}
        self.values = np.fromiter([p.data for p in self.params], float, len(self.params))
        self.grads = np.fromiter([p.grad for p in self.params], float, len(self.params))
        self.grad_column = _Column(self.grads)
        self.kind = _stored_class(self)
        for p in self.params:
            p.__class__ = self.kind

    def changed(self) -> None:
        """Say that ``values`` or ``grads`` were changed in place (the next reads take them)."""
        self.grad_column.floats = None
        for p, x in zip(self.params, self.values.tolist()):
            _NUMBER.__set__(p, x)
        written()

    def release(self) -> None:
        """The numbers back into the Values, which become plain Values again."""
        data, grads = self.values.tolist(), self.grads.tolist()
        for p, x, g in zip(self.params, data, grads):
            p.__class__ = Value
            p.data, p.grad = x, g
        self.params, self.index = [], {}

    def __len__(self) -> int:
        return len(self.params)


def store_of(node: Value) -> ParameterStore | None:
    """The store ``node``'s numbers live in, or None for a plain Value."""
    return getattr(type(node), "store", None)
