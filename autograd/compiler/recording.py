"""Recording: stand-ins for the data while ``fn`` builds its graph once, and who reads what.

Every number argument is replaced by a ``_Datum``: it can become a leaf (``Value(x)``) and its
comparisons become guards, but any other use in plain Python would bake the recorded number into
the generated code and is refused (``JitError`` naming the line). While recording, ``Value.data``
refuses reads from outside the autograd package. The arguments' structure and settings make the
key of the cache (``_flatten``).
"""

from __future__ import annotations

import inspect
import math
import numbers
import operator
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from autograd.engine import Value, data_reads_checked, describe

__all__ = ["JitError", "JitWarning", "Guard"]


class JitError(ValueError):
    """``fn`` cannot be compiled as it is; the message names the line and the fix."""


class JitWarning(UserWarning):
    """Said once when a compiled function falls back to running eagerly."""


class _Untraceable(JitError):
    """Raised inside ``fn`` at the first unsafe use of the data while recording."""


# the autograd package: frames inside it are the engine's, not the user's
_AUTOGRAD_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


def _user_site(frame: Any) -> str:
    """``file:line`` of the first frame outside the autograd package (the user's code)."""
    while frame is not None and frame.f_code.co_filename.startswith(_AUTOGRAD_DIR):
        frame = frame.f_back
    if frame is None:
        return "an unknown place"
    return f"{frame.f_code.co_filename}:{frame.f_lineno}"


_COMPARE = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
            "==": operator.eq, "!=": operator.ne}


@dataclass(frozen=True)
class Guard:
    """A comparison ``fn`` made on the data while recording, and its outcome then."""

    left: int  # index of the data argument
    op: str
    right: object  # a constant, or ("arg", index)
    outcome: bool

    def holds(self, flat: Sequence[float]) -> bool:
        right = self.right
        if type(right) is tuple and right and right[0] == "arg":
            right = flat[right[1]]
        return bool(_COMPARE[self.op](flat[self.left], right)) is self.outcome


class _Recorder:
    """The state of one recording: which floats stand for which argument, guards, misuses."""

    def __init__(self, flat: list[float], paths: list[str]) -> None:
        self.flat, self.paths = flat, paths
        self.floats: dict[int, tuple[float, int, str | None]] = {}  # id → (float, arg index, user site)
        self.guards: list[Guard] = []
        self.misuse: str | None = None

    def refuse(self, message: str) -> _Untraceable:
        self.misuse = self.misuse or message
        return _Untraceable(message)

    def as_float(self, datum: _Datum, frame: Any) -> float:
        """A fresh float object for the argument; leaves whose data *is* it are the argument's."""
        f = self.flat[datum.index] * 1.0  # a new object with the same bits (no float cache in CPython)
        user = None if frame.f_code.co_filename.startswith(_AUTOGRAD_DIR) else _user_site(frame)
        self.floats[id(f)] = (f, datum.index, user)
        return f

    def compare(self, datum: _Datum, op: str, other: object) -> bool:
        right: object = ("arg", other.index) if isinstance(other, _Datum) else other
        value = self.flat[other.index] if isinstance(other, _Datum) else other
        outcome = bool(_COMPARE[op](self.flat[datum.index], value))
        self.guards.append(Guard(datum.index, op, right, outcome))
        return outcome

    def used(self, datum: _Datum, how: str) -> _Untraceable:
        site = _user_site(sys._getframe(2))
        return self.refuse(
            f"{site}: the data argument {self.paths[datum.index]} is used {how} while recording, so "
            f"the compiled code would keep the recorded number; compute with Values instead "
            f"(Value(x) * 2.0, Value(x).exp()) or precompute it before calling"
        )


def _arithmetic(symbol: str) -> Callable[[Any, Any], Any]:
    def method(self: _Datum, other: object = None) -> Any:
        if isinstance(other, Value):
            return NotImplemented  # Value's reflected operation makes the leaf
        raise self.recorder.used(self, f"in plain arithmetic ({symbol})")

    return method


def _comparison(op: str) -> Callable[[Any, Any], Any]:
    def method(self: _Datum, other: object) -> Any:
        if isinstance(other, Value):
            return NotImplemented
        return self.recorder.compare(self, op, other)

    return method


class _Datum:
    """Stands for one number argument while recording.

    It can become a leaf (``Value(x)``, ``w * x``, ``net([x1, x2])``): the engine's ``float(x)``
    returns a fresh float that identifies the argument. A comparison returns the real outcome and
    becomes a guard. Any other use in plain Python is refused (it would be baked into the code).
    """

    __slots__ = ("index", "recorder")

    def __init__(self, index: int, recorder: _Recorder) -> None:
        self.index, self.recorder = index, recorder

    def __float__(self) -> float:
        return self.recorder.as_float(self, sys._getframe(1))

    def __bool__(self) -> bool:
        return self.recorder.compare(self, "!=", 0.0)

    def __index__(self) -> int:
        raise self.recorder.used(self, "as an integer")

    __int__ = __index__

    def __hash__(self) -> int:
        raise self.recorder.used(self, "as a dictionary key")

    def __repr__(self) -> str:
        return repr(self.recorder.flat[self.index])

    __lt__, __le__, __gt__, __ge__ = (_comparison(o) for o in ("<", "<=", ">", ">="))
    __eq__, __ne__ = _comparison("=="), _comparison("!=")  # type: ignore[assignment]
    __add__ = __radd__ = _arithmetic("+")
    __sub__ = __rsub__ = _arithmetic("-")
    __mul__ = __rmul__ = _arithmetic("*")
    __truediv__ = __rtruediv__ = _arithmetic("/")
    __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = _arithmetic("// or %")
    __pow__ = __rpow__ = _arithmetic("**")
    __neg__ = __pos__ = __abs__ = __round__ = __trunc__ = __floor__ = __ceil__ = _arithmetic("unary")


numbers.Real.register(_Datum)  # so Value(x) and w * x accept it like any real number

def data_guard(recorder: _Recorder) -> Any:
    """While recording, reading ``.data`` of a Value from outside autograd is refused."""

    def check(node: Value, frame: Any) -> None:
        if not frame.f_code.co_filename.startswith(_AUTOGRAD_DIR):
            raise recorder.refuse(
                f"{_user_site(frame)}: the function reads .data of {describe(node)} while "
                f"recording, so the compiled code would keep the recorded number; use Value "
                f"operations instead (v.relu() rather than `if v.data > 0`), or jit(fn, eager=True)"
            )

    return data_reads_checked(check)


# ---- arguments: the data, and the key of the graph's shape ------------------------------------


def _is_number(x: object) -> bool:
    t = type(x)
    return t is float or t is int or (t is not bool and isinstance(x, numbers.Real))


def _as_float(x: Any) -> float:
    """What ``Value(x)`` stores for the number ``x``."""
    if type(x) is float:
        return x
    try:
        return float(x)
    except OverflowError:  # an int beyond float range, as the engine does
        return math.inf if x > 0 else -math.inf


_NUMBER = "n"


def _flatten(args: Iterable[object], flat: list[float], key: list[object]) -> None:
    """Append every number of ``args`` (nested lists/tuples) to ``flat`` and the shape to ``key``."""
    for a in args:
        t = type(a)
        if t is float:
            flat.append(a)
            key.append(_NUMBER)
        elif t is list or t is tuple:
            key.append((t, len(a)))
            _flatten(a, flat, key)
        elif _is_number(a):
            flat.append(_as_float(a))
            key.append(_NUMBER)
        elif isinstance(a, Value):
            raise JitError(
                f"a Value ({describe(a)}) was passed to a compiled function: pass the data as plain "
                f"numbers and let the function close over the parameters"
            )
        else:
            try:
                hash(a)
            except TypeError:
                raise JitError(
                    f"a compiled function's arguments must be numbers, lists or tuples of them, or "
                    f"hashable settings; got {type(a).__name__}"
                ) from None
            key.append((t, a))


def _stand_ins(args: Sequence[object], recorder: _Recorder, counter: list[int]) -> list[object]:
    """``args`` with every number replaced by a ``_Datum``, in ``_flatten``'s order."""
    out: list[object] = []
    for a in args:
        if type(a) is list or type(a) is tuple:
            out.append(type(a)(_stand_ins(a, recorder, counter)))
        elif _is_number(a):
            out.append(_Datum(counter[0], recorder))
            counter[0] += 1
        else:
            out.append(a)
    return out


def _paths(fn: Callable[..., Any], args: Sequence[object], kwargs: dict[str, object]) -> list[str]:
    """How to name each number argument in messages: ``x[1]``, ``y``."""
    try:
        params = list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        params = []
    names = [params[i] if i < len(params) and not params[i].startswith("*") else f"args[{i}]"
             for i in range(len(args))] + list(kwargs)
    out: list[str] = []

    def walk(a: object, path: str) -> None:
        if type(a) is list or type(a) is tuple:
            for i, b in enumerate(a):
                walk(b, f"{path}[{i}]")
        elif _is_number(a):
            out.append(path)

    for name, a in zip(names, [*args, *kwargs.values()]):
        walk(a, name)
    return out

