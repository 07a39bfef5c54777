"""``watch(node)``: record every contribution backward adds to one node's gradient."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from autograd.engine import Value
from autograd.naming import format_number
from autograd.ops import op_of

__all__ = ["Contribution", "Watch", "watch"]


@dataclass(frozen=True)
class Contribution:
    """One term added to the watched node's gradient: from which child, how much, running total."""

    child: Value
    contribution: float
    grad: float  # the watched node's .grad right after this term was added


class Watch(list):
    """The contributions backward adds to one node's gradient, recorded as they happen.

    A list of ``Contribution``; ``remove()`` (or leaving a ``with`` block) stops recording.
    Records from several ``backward()`` calls accumulate; ``clear()`` empties the list.
    """

    def __init__(self, node: Value) -> None:
        super().__init__()
        self.node = node
        self._remove: Callable[[], None] = node.register_hook(self._record)

    def _record(self, node: Value, child: Value, contribution: float) -> None:
        self.append(Contribution(child, contribution, node.grad))

    def remove(self) -> None:
        self._remove()

    def __enter__(self) -> Watch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.remove()

    def __repr__(self) -> str:
        who = self.node.label or "the watched node"
        if not self:
            return f"watch({who}): no contributions yet (they are recorded by backward())"
        rows = [
            f"  from {c.child.label or f'the {op_of(c.child).name} node'}: {format_number(c.contribution)}"
            f"  → .grad = {format_number(c.grad)}"
            for c in self
        ]
        return f"watch({who}): {len(self)} contributions\n" + "\n".join(rows)


def watch(node: Value) -> Watch:
    """Record every contribution ``backward()`` adds to ``node.grad`` (like PyTorch's retain_grad).

    >>> w = watch(a_h1); loss.backward(); w[-1].grad == a_h1.grad
    True
    """
    return Watch(node)

