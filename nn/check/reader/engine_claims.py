"""Numbers the text around micrograd-style code states about its values: ``a.grad = 6.0``,
``L.data = -8.0`` written in the prose (in inline code or not), read as claims on the code's graph.

A tutorial on a micrograd ``Value`` (``reader.scalar_engines``) often restates in its prose what the
code printed, in the code's own notation. ``ProseClaims(text, cells)`` finds ``NAME.grad = NUMBER``
and ``NAME.data = NUMBER`` on the lines outside the code and its outputs; ``read_until(line, it)``,
called as the interpreter walks the cells in order, reads each claim written before ``line`` on the
state the code has reached there (what the reader sees when they read it): for a NAME bound then
to a value of a micrograd-style class, ``.data`` is that node's value, ``.grad`` the one derivative
d(root)/d(NAME) its gradient holds. A gradient the code leaves unknown there, a partial or accumulated
sum, or none at all, is listed with why. Each claim is read once: linear in the text. A Jupyter
notebook's prose is not read here (its cells are JSON).
"""

from __future__ import annotations

import re

from nn.check.reader import scalar_engines
from nn.check.reader.code_outputs import Bound, Loose
from nn.check.reader.interpreter import CodeCell, Interpreter, Scalar

__all__ = ["ProseClaims"]

_CLAIM = re.compile(r"(?<![\w.])([A-Za-z_]\w*)\.(grad|data)\s*=\s*"
                    r"([-+−]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)(?!\w|\.\d)")


class ProseClaims:
    """The prose's claims on the code's micrograd values, read in the order of the text."""

    def __init__(self, text: str, cells: list[CodeCell]) -> None:
        self.bound: list[Bound] = []
        self.loose: list[Loose] = []
        self.whole: set[int] = set()  # lines whose every number is such a claim (read here, not as prose)
        self.pending: list[tuple[int, list[re.Match], bool]] = []  # (line, claims, nothing else on it)
        if text.lstrip().startswith("{"):
            return
        code_lines = _code_lines(cells)
        for k, line in enumerate(text.split("\n"), 1):
            if k in code_lines or (".grad" not in line and ".data" not in line):
                continue
            found = list(_CLAIM.finditer(line))
            if found:
                self.pending.append((k, found, not re.search(r"\d", _CLAIM.sub("", line))))
        self.pending.reverse()  # the next one last

    def read_until(self, line: int | None, it: Interpreter) -> None:
        """Read the claims written before ``line`` (None: all) on the state the code has reached."""
        while self.pending and (line is None or self.pending[-1][0] < line):
            k, found, alone = self.pending.pop()
            claims = [(m, _claim(it, m, k)) for m in found]
            for m, claim in claims:
                printed = m.group(3).replace("−", "-").lstrip("+")
                if isinstance(claim, Scalar):
                    self.bound.append(Bound(k, printed, claim, "prose", f"{m.group(1)}.{m.group(2)}"))
                elif isinstance(claim, str):
                    self.loose.append(Loose(k, printed, claim))
            if alone and all(claim is not None for _, claim in claims):
                self.whole.add(k)


def _claim(it: Interpreter, m: re.Match, line: int) -> Scalar | str | None:
    """The value a claim names, why it is not checked, or None (not a micrograd value of the code)."""
    name, what = m.group(1), m.group(2)
    box = it.env.get(name)
    if not isinstance(box, Scalar) or scalar_engines.engine_of(box) is None:
        return None
    if what == "data":
        return Scalar(box.value)
    unknown = scalar_engines.unknown_grad(it, box, line)
    if unknown is not None:
        return f"the gradient of {name}: {unknown.why()}"
    if not box.grad:
        return f"the code has computed no gradient of {name} there"
    if len(box.grad) != 1:
        return f"the gradient of {name} is a sum of backward() calls there"
    return Scalar(box.value, derivative=box.grad[0])


def _code_lines(cells: list[CodeCell]) -> set[int]:
    lines: set[int] = set()
    for cell in cells:
        lines.update(range(cell.line - 1, cell.line + cell.source.count("\n") + 2))  # its fences too
        for first, out in cell.outputs:
            lines.update(range(first - 1, first + out.count("\n") + 2))
    return lines
