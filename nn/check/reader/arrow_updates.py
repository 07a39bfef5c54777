"""Updates written with an arrow: under "### Update", ``w_2 \\to -0.861`` is the new value of w_2.

Lecture notes often list the weights after a gradient step as ``w_1 \\to 0.447``, ``w_1 → 0.447`` or
``w_1 \\mapsto 0.447``: a parameter of the graph, an arrow, one printed number. Read in a section about
the update (its heading says update, step or new weights), such a line is the claim ``w_1^{new} =
0.447`` (the value after one step); the name becomes a parameter of the graph, as any update's does.
Anywhere else an arrow keeps its other meanings ("as $w \\to 0$", a limit, a mapping) and the line is
not read as an update.
"""

from __future__ import annotations

import bisect
import re

from nn.check.reader.latex import LatexError, Sym, parse_math
from nn.check.reader.layout import Layout
from nn.check.reader.trees import unwrap

__all__ = ["arrow_update", "updated_name"]

UPDATE_HEADING = re.compile(r"(?i)\b(?:updat\w*|(?:gradient|descent)\s+step|step\s+\d|new\s+(?:weights|"
                            r"parameters|values))\b")
_ARROW = re.compile(r"^\s*(?P<name>[^=<>]+?)\s*"
                    r"(?:\\(?:to|rightarrow|longrightarrow|mapsto)(?![A-Za-z])|→|⟶|↦)\s*"
                    r"(?P<value>[-−+]?(?:\d+(?:\.\d+)?|\.\d+))\s*$")


def _under_update_heading(layout: Layout, line: int) -> bool:
    headings = sorted(layout.headings)
    at = bisect.bisect_right(headings, line) - 1
    return at >= 0 and UPDATE_HEADING.search(layout.heading_texts.get(headings[at], "")) is not None


def arrow_update(piece: str, line: int, layout: Layout) -> str:
    """``w_2 \\to -0.861`` on ``line`` of a section about the update, as ``w_{2}^{new} = -0.861``;
    any other piece as it is (whether w_2 is a parameter is the graph's to say)."""
    m = _ARROW.match(piece)
    if m is None or not _under_update_heading(layout, line):
        return piece
    updated = updated_name(m.group("name"))
    return piece if updated is None else f"{updated} = {m.group('value').replace('−', '-')}"


def updated_name(written: str) -> str | None:
    """``w_2`` as ``w_{2}^{new}`` (the name after a step), when it is one untagged name; else None."""
    try:
        name = unwrap(parse_math(written))
    except (LatexError, RecursionError):
        return None
    if not isinstance(name, Sym) or name.tag:
        return None
    sub = f"_{{{name.sub}}}" if name.sub else ""
    return f"{name.base}{sub}^{{new}}"
