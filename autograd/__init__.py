"""stepgrad's scalar autograd engine."""

from autograd.engine import GraphError, Value, topological_order, weighted_sum

__all__ = ["Value", "GraphError", "topological_order", "weighted_sum"]
