"""The errors the engine and the operation table raise, and how messages name a node.

At the bottom of the package: it imports nothing from it.
"""

from __future__ import annotations

from typing import Any

__all__ = ["GraphError", "StaleGraphError", "DomainError", "describe"]


class GraphError(ValueError):
    """An operation that cannot be carried out; the message names the node and the fix."""


class StaleGraphError(GraphError):
    """``backward`` on a graph whose data changed after the forward pass: its local derivatives are old."""


class DomainError(Exception):
    """Raised by an operation's domain check for an input outside the operation's domain.

    ``error`` is the exception the user gets; ``message`` may name the operands as ``{0}``,
    ``{1}``... (the engine fills in how each is described: label and value).
    """

    def __init__(self, error: type[Exception], message: str) -> None:
        super().__init__(message)
        self.error = error
        self.message = message


def describe(node: Any) -> str:
    """How error messages and tables name a node: its label, else its operation."""
    if node.label:
        return f"Value {node.label!r} (data={node.data:.6g})"
    if node.op:
        return f"the {node.op!r} node (data={node.data:.6g})"
    return f"Value(data={node.data:.6g})"
