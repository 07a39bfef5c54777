"""For each side of a chain ``a = b = c = …``, the first side after it that passes a test, found for
every side in one pass from the right: a claim of n sides costs n tests, not n²/2 (a scan of the
sides after each side is quadratic on a chain 5,000 sides long)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

__all__ = ["next_where"]


def next_where(items: Sequence[object], test: Callable[[object], bool]) -> list[int | None]:
    """``found[k]``: the least j > k with ``test(items[j])``, None when no later item passes."""
    found: list[int | None] = [None] * len(items)
    following = None
    for k in range(len(items) - 1, -1, -1):
        found[k] = following
        if test(items[k]):
            following = k
    return found
