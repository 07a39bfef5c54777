"""Numbers the text around micrograd-style code states about its values: ``a.grad = 6.0``,
``L.data = -8.0`` written in the prose (in inline code or not), read as claims on the code's graph.

A tutorial on a micrograd ``Value`` (``reader.scalar_engines``) often restates in its prose what the
code printed, in the code's own notation. ``stated(text, cells, trees, interpreter)`` finds
``NAME.grad = NUMBER`` and ``NAME.data = NUMBER`` on the lines outside the code and its outputs, for
a NAME the code binds once to a value of a micrograd-style class and never updates in place
(``NAME.data = …``): ``.data`` is that node's value, ``.grad`` the one derivative d(root)/d(NAME) its
gradient holds when the code ends. A gradient the code leaves unknown, a partial or accumulated sum,
or none at all, is listed with why. A Jupyter notebook's prose is not read here (its cells are JSON).
"""

from __future__ import annotations

import ast
import re

from nn.check.reader import scalar_engines
from nn.check.reader.code_outputs import Bound, Loose
from nn.check.reader.interpreter import CodeCell, Interpreter, Scalar

__all__ = ["stated"]

_CLAIM = re.compile(r"(?<![\w.])([A-Za-z_]\w*)\.(grad|data)\s*=\s*"
                    r"([-+−]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)(?!\w|\.\d)")


def stated(text: str, cells: list[CodeCell], trees: list, it: Interpreter
           ) -> tuple[list[Bound], list[Loose], set[int]]:
    """The claims of the prose on the code's micrograd values, what of them is not checked, and the
    lines whose every number is such a claim (read here, not by the prose reader)."""
    if text.lstrip().startswith("{") or not any(scalar_engines.engine_of(v) for v in it.env.values()):
        return [], [], set()
    code_lines = _code_lines(cells)
    once = _bound_once(trees)
    bound: list[Bound] = []
    loose: list[Loose] = []
    whole: set[int] = set()
    for k, line in enumerate(text.split("\n"), 1):
        if k in code_lines or ".grad" not in line and ".data" not in line:
            continue
        found = [(m, _claim(it, m, once, k)) for m in _CLAIM.finditer(line)]
        for m, claim in found:
            printed = m.group(3).replace("−", "-").lstrip("+")
            if isinstance(claim, Scalar):
                bound.append(Bound(k, printed, claim, "prose", f"{m.group(1)}.{m.group(2)}"))
            elif isinstance(claim, str):
                loose.append(Loose(k, printed, claim))
        others = re.search(r"\d", _CLAIM.sub("", line))
        if found and all(claim is not None for _, claim in found) and not others:
            whole.add(k)  # no other number on the line: the prose reader has nothing left to read there
    return bound, loose, whole


def _claim(it: Interpreter, m: re.Match, once: set[str], line: int) -> Scalar | str | None:
    """The value a claim names, why it is not checked, or None (not a value of the code)."""
    name, what = m.group(1), m.group(2)
    box = it.env.get(name)
    if scalar_engines.engine_of(box) is None or not isinstance(box, Scalar):
        return None
    if name not in once:
        return f"{name} is bound more than once or changed in place by the code: which value is not said"
    if what == "data":
        return Scalar(box.value)
    unknown = scalar_engines.unknown_grad(it, box, line)
    if unknown is not None:
        return f"the gradient of {name}: {unknown.why()}"
    if not box.grad:
        return f"the code computes no gradient of {name}"
    if len(box.grad) != 1:
        return f"the gradient of {name} is a sum of backward() calls when the code ends"
    return Scalar(box.value, derivative=box.grad[0])


def _code_lines(cells: list[CodeCell]) -> set[int]:
    lines: set[int] = set()
    for cell in cells:
        lines.update(range(cell.line - 1, cell.line + cell.source.count("\n") + 2))  # its fences too
        for first, out in cell.outputs:
            lines.update(range(first - 1, first + out.count("\n") + 2))
    return lines


def _bound_once(trees: list) -> set[str]:
    """The names the code assigns exactly once and never changes in place (``x.data = …``, ``x += …``)."""
    counts: dict[str, int] = {}
    for tree in trees:
        if tree is None:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                counts[node.id] = counts.get(node.id, 0) + 1
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) and node.attr == "data" \
                    and isinstance(node.value, ast.Name):
                counts[node.value.id] = counts.get(node.value.id, 0) + 2
            elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
                counts[node.target.id] = counts.get(node.target.id, 0) + 2
    return {name for name, n in counts.items() if n == 1}
