"""stepgrad's scalar autograd engine: Value and backward, plus stepping, drawing and checking tools."""

from autograd.anomaly import AnomalyError, detect_anomaly
from autograd.draw import DotNotFoundError, draw, draw_steps, save_drawing, stepper_html, write_frames
from autograd.engine import GraphError, Value, topological_order, weighted_sum
from autograd.gradcheck import GradcheckError, GradcheckResult, gradcheck
from autograd.jit import JitError, jit
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

__all__ = [
    # the engine
    "Value",
    "GraphError",
    "topological_order",
    "weighted_sum",
    # stepping through backward
    "backward_steps",
    "trace",
    "Step",
    "Trace",
    "Stepper",
    "watch",
    "forward_text",
    "node_names",
    "UnknownNodeError",
    # drawing
    "draw",
    "draw_steps",
    "stepper_html",
    "save_drawing",
    "write_frames",
    "DotNotFoundError",
    # checking
    "gradcheck",
    "GradcheckResult",
    "GradcheckError",
    "detect_anomaly",
    "AnomalyError",
    # compiling: record once, replay the generated forward and backward
    "jit",
    "JitError",
]
