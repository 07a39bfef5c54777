"""stepgrad's scalar autograd engine: Value and backward, plus stepping, drawing and checking tools.

Each operation is defined once in the table (``autograd.ops``: its value and its local derivatives
written in operations); ``grad(y, xs, create_graph=True)`` gives gradients that can be
differentiated again.

The drawing tools need graphviz; they are imported on first use (``autograd.drawing``), so
``import autograd`` stays light.
"""

import importlib
from typing import Any

from autograd import clash
from autograd.anomaly import AnomalyError, detect_anomaly
from autograd.compiler import JitError, jit
from autograd.defining import define_op
from autograd.engine import GraphError, StaleGraphError, Value, topological_order, weighted_sum
from autograd.formulas import Formula, formula  # the module keeps SymPy lazy
from autograd.gradient_check import GradcheckError, GradcheckResult, gradcheck
from autograd.gradients import grad
from autograd.listing import forward_text
from autograd.naming import node_names
from autograd.ops import Op, op_of, operations
from autograd.stepper import Stepper
from autograd.steps import Step, Trace, UnknownNodeError, backward_steps, trace
from autograd.watching import watch

_DRAWING = ("draw", "draw_steps", "stepper_html", "save_drawing", "write_frames", "DotNotFoundError",
            "DrawingTooLargeError")

__all__ = [
    # the engine
    "Value",
    "GraphError",
    "StaleGraphError",
    "topological_order",
    "weighted_sum",
    # gradients as Values, differentiable again with create_graph=True
    "grad",
    # the table of operations
    "define_op",
    "op_of",
    "operations",
    "Op",
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
    # the engine's formula for a derivative (SymPy, imported on first use)
    "formula",
    "Formula",
    # drawing (imported on first use)
    *_DRAWING,
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


def __getattr__(name: str) -> Any:
    """The drawing functions, imported (with graphviz) the first time one is asked for."""
    if name in _DRAWING:
        drawing = importlib.import_module("autograd.drawing")
        globals().update({n: getattr(drawing, n) for n in _DRAWING})
        return globals()[name]
    raise AttributeError(f"module 'autograd' has no attribute {name!r}")


__stepgrad__ = True  # nn checks it: HIPS autograd has the same package name (autograd/clash.py)
clash.warn_if_other_autograd_installed()
