"""Writing drawings to files: one picture (.svg, .png, .dot) or the stepping page (.html), and
one SVG per backward step."""

from __future__ import annotations

import os
from pathlib import Path

from autograd.atomic import write_atomic
from autograd.drawing.graph import MAX_ELEMENTS, Params, _pipe, draw, draw_steps, scalable_svg
from autograd.drawing.page import stepper_html
from autograd.engine import Value

__all__ = ["SUFFIXES", "save_drawing", "write_frames"]

SUFFIXES = (".svg", ".png", ".dot", ".html")


def save_drawing(
    root: Value,
    path: str | os.PathLike[str],
    params: Params = None,
    *,
    step: int | None = None,
    precision: int = 4,
    group: bool | None = None,
    collapse: bool | None = None,
    title: str = "",
    max_elements: int | None = MAX_ELEMENTS,
) -> Path:
    """Write the drawing to ``path``, its format chosen by the suffix: .svg, .png, .dot or .html.

    ``.html`` is the stepper page (``stepper_html``; ``step`` is the step it opens at). A
    missing ``dot`` program raises DotNotFoundError (``.dot`` files do not need it). Missing
    folders are created; the file is written atomically, with the permissions ``open`` gives.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(
            f"cannot write {str(path)!r}: the name must end in {', '.join(SUFFIXES)} "
            f"(the suffix chooses the format)"
        )
    kw = {"precision": precision, "group": group, "collapse": collapse, "title": title,
          "max_elements": max_elements}
    if suffix == ".html":
        data = stepper_html(root, params, start=step or 1, **kw).encode("utf-8")
    else:
        dot = draw(root, params, step=step, **kw)
        data = dot.source.encode("utf-8") if suffix == ".dot" else _pipe(dot, suffix[1:])
        data = scalable_svg(data) if suffix == ".svg" else data
    return write_atomic(path, data)


def write_frames(
    root: Value,
    directory: str | os.PathLike[str],
    params: Params = None,
    *,
    precision: int = 4,
    group: bool | None = None,
    collapse: bool | None = None,
    title: str = "",
    max_elements: int | None = MAX_ELEMENTS,
) -> list[Path]:
    """One SVG per backward step, ``step-01.svg``, ``step-02.svg``, ... in ``directory``."""
    directory = Path(directory)
    frames = draw_steps(root, params, precision=precision, group=group, collapse=collapse, title=title,
                        max_elements=max_elements)
    width = len(str(len(frames)))
    return [write_atomic(directory / f"step-{k:0{width}d}.svg", scalable_svg(_pipe(dot, "svg")))
            for k, dot in enumerate(frames, 1)]
