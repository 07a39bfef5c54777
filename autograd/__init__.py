"""stepgrad's scalar autograd engine: Value and backward, plus stepping, drawing and checking tools.

The drawing tools need graphviz; they are imported on first use (``autograd.draw``), so
``import autograd`` stays light.
"""

import importlib
import sys
import types
from typing import Any

from autograd.anomaly import AnomalyError, detect_anomaly
from autograd.engine import GraphError, StaleGraphError, Value, topological_order, weighted_sum
from autograd.gradcheck import GradcheckError, GradcheckResult, gradcheck
from autograd.jit import JitError, jit
from autograd.ops import Op, define_op, op_of, operations
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

_DRAWING = ("draw", "draw_steps", "stepper_html", "save_drawing", "write_frames", "DotNotFoundError")

__all__ = [
    # the engine
    "Value",
    "GraphError",
    "StaleGraphError",
    "topological_order",
    "weighted_sum",
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
        drawing = importlib.import_module("autograd.draw")
        globals().update({n: getattr(drawing, n) for n in _DRAWING})
        return globals()[name]
    raise AttributeError(f"module 'autograd' has no attribute {name!r}")


class _Package(types.ModuleType):
    """``autograd.draw`` stays the function ``draw`` when the import system binds the submodule
    ``autograd.draw`` (of the same name) to the package, as it does on its first import."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "draw" and isinstance(value, types.ModuleType):
            value = value.draw
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
