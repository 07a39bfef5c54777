"""stepgrad's scalar autograd engine."""

from autograd.engine import GraphError, Value, topological_order, weighted_sum
from autograd.trace import (
    Step,
    Stepper,
    Trace,
    UnknownNodeError,
    backward_steps,
    forward_text,
    node_names,
    trace,
    watch,
)

__all__ = ["Value", "GraphError", "topological_order", "weighted_sum"]
__all__ += [
    "backward_steps",
    "trace",
    "Step",
    "Trace",
    "Stepper",
    "watch",
    "forward_text",
    "node_names",
    "UnknownNodeError",
]
