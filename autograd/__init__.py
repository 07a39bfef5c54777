"""stepgrad's scalar autograd engine."""

from autograd.draw import DotNotFoundError, draw, draw_steps, save_drawing, stepper_html, write_frames
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
__all__ += ["draw", "draw_steps", "stepper_html", "save_drawing", "write_frames", "DotNotFoundError"]
