"""Drawing a computation graph: graphviz pictures (``graph``), the HTML stepping page (``page``,
its template ``stepper.html``) and writing them to files (``saving``). Loads graphviz only when a
drawing is made."""

from autograd.drawing.graph import (
    COLLAPSE_ABOVE,
    MAX_ELEMENTS,
    DotNotFoundError,
    DrawingTooLargeError,
    draw,
    draw_steps,
)
from autograd.drawing.page import stepper_html
from autograd.drawing.saving import SUFFIXES, save_drawing, write_frames

__all__ = [
    "COLLAPSE_ABOVE",
    "MAX_ELEMENTS",
    "SUFFIXES",
    "DotNotFoundError",
    "DrawingTooLargeError",
    "draw",
    "draw_steps",
    "save_drawing",
    "stepper_html",
    "write_frames",
]
