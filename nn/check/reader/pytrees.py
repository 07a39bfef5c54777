"""Pytrees: a dict, list or tuple of numbers (nested) as one argument of a differentiated function.

JAX code keeps parameters together, ``params = {'w': 0.5, 'b': 0.25}``, and ``jax.grad(loss)(params,
x)`` returns the gradient in the same structure; so do lists and tuples of numbers. Each number is a
leaf of its own (named after the argument and its key: ``params_w``), the derivative is the engine's
by that leaf, and the result is rebuilt in the argument's structure. JAX flattens a dict with its
keys sorted and rebuilds it so: the gradient prints ``{'b': …, 'w': …}``, whatever order the
parameters were written in. Anything but numbers (a string, an unknown value) is no pytree here.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["is_tree", "tree_leaves", "with_leaves", "gradient_tree"]

MAX_DEPTH = 8
MAX_LEAVES = 10_000


def is_tree(x: object, number: Callable[[object], bool], depth: int = 0) -> bool:
    """Is ``x`` a dict, list or tuple holding numbers (``number(leaf)``) and such trees only?"""
    if depth > MAX_DEPTH or not isinstance(x, (dict, list, tuple)) or not x:
        return False
    items = x.values() if isinstance(x, dict) else x
    if isinstance(x, dict) and not all(isinstance(k, (str, int)) and not isinstance(k, bool) for k in x):
        return False
    return all(number(v) or is_tree(v, number, depth + 1) for v in items) and \
        len(tree_leaves(x, number)) <= MAX_LEAVES


def tree_leaves(x: object, number: Callable[[object], bool], path: str = "") -> list[tuple[str, object]]:
    """(a name part for the leaf's place, the leaf), in the order the tree holds them."""
    if number(x):
        return [(path, x)]
    pairs = x.items() if isinstance(x, dict) else enumerate(x)  # type: ignore[union-attr]
    out: list[tuple[str, object]] = []
    for key, value in pairs:
        part = re.sub(r"\W+", "_", str(key)).strip("_") or "k"
        out += tree_leaves(value, number, f"{path}_{part}")
    return out


def with_leaves(x: object, new: list, number: Callable[[object], bool]) -> object:
    """The tree with its leaves replaced, in order, by ``new`` (consumed from the front)."""
    if number(x):
        return new.pop(0)
    if isinstance(x, dict):
        return {k: with_leaves(v, new, number) for k, v in x.items()}
    return type(x)(with_leaves(v, new, number) for v in x)  # type: ignore[union-attr]


def gradient_tree(x: object, derivatives: list, number: Callable[[object], bool]) -> object:
    """The derivatives in the tree's structure, a dict's keys sorted (as JAX returns it)."""
    if number(x):
        return derivatives.pop(0)
    if isinstance(x, dict):
        built = {k: gradient_tree(v, derivatives, number) for k, v in x.items()}
        return {k: built[k] for k in sorted(built, key=lambda k: (isinstance(k, str), k))}
    return type(x)(gradient_tree(v, derivatives, number) for v in x)  # type: ignore[union-attr]
