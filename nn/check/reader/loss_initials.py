"""A loss defined under its word and differentiated under its initial: ``Loss = 0.5 (y - ŷ)^2``, then
``dL/dŷ``, ``∂L/∂w``; ``Error = …`` then ``∂E/∂w``; ``Cost = …`` then ``dC/db``.

Notes written in plain text name the loss by its word where they compute it and by its letter where
they differentiate it. ``initial_loss(found)`` makes the letter an alias of the word's node when the
letter the document differentiates most names no quantity, and exactly one node is named by a loss
word (``Loss``, ``loss``, ``Error``, ``Cost``, ``Total_Loss`` is not one word) beginning with that
letter; the derivatives counted for the letter then count for the node, so it is the graph's root.
Any other case leaves the graph as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nn.check.reader.inference import Inferred

__all__ = ["initial_loss"]

_WORDS = ("loss", "error", "cost", "objective", "risk")


def initial_loss(found: Inferred) -> str | None:
    """Alias the differentiated letter (``L``) to the one loss node named by a word it begins
    (``Loss``); returns that node, or None when nothing was aliased."""
    top = next(iter(found.tops.most_common(1)), (None, 0))[0]
    if top is None or len(top) != 1 or found.known(top) or top in found.aliases:
        return None
    words = [n for n in found.nodes if n.lower() in _WORDS and n[0].lower() == top.lower()]
    if len(words) != 1:
        return None
    node = words[0]
    found.aliases[top] = node
    found.tops[node] += found.tops.pop(top)
    return node
