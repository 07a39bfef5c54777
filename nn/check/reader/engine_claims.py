"""Numbers the text around micrograd-style code states about its values: ``a.grad = 6.0``,
``L.data = -8.0`` written in the prose (in inline code or not), and a derivative of one code name by
another (``$\\frac{\\partial L}{\\partial a} = 6.0$``, ``dL/da = 6``, "the gradient of a is 6"), read as
claims on the code's graph.

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
from dataclasses import dataclass

from autograd.engine import topological_order
from nn.check.reader import scalar_engines
from nn.check.reader.code_outputs import Bound, Loose
from nn.check.reader.interpreter import CodeCell, Interpreter, Scalar

__all__ = ["ProseClaims"]

_NUMBER = r"[-+−]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_CLAIM = re.compile(r"(?<![\w.])([A-Za-z_]\w*)\.(grad|data)\s*=\s*"
                    rf"({_NUMBER})(?!\w|\.\d)")
# \frac{\partial L}{\partial a}, \frac{dL}{da}, ∂L/∂a, dL/da: a derivative of one code name by another
_D = r"(?:\\partial\s*|∂\s*|d(?=[A-Za-z]))"
_DERIVATIVE = re.compile(rf"\\[dt]?frac\s*\{{\s*{_D}([A-Za-z]\w*)\s*\}}\s*\{{\s*{_D}([A-Za-z]\w*)\s*\}}"
                         rf"|(?<![\w\\]){_D}([A-Za-z]\w*)\s*/\s*{_D}([A-Za-z]\w*)(?![\w{{])")
_SIDE = re.compile(rf"\s*({_NUMBER})\s*(?=$|=|\\approx|≈)")  # a side that is one number
_SIDES_END = re.compile(r"\$|\\\)|\\\]|,\s|;|\.\s|\.$")  # where a formula's sides end
_GRADIENT_WORDS = re.compile(rf"\bgradient of `?([A-Za-z_]\w*)`?\s+(?:is|=|equals)\s+({_NUMBER})(?![\w.]\d)")


@dataclass(frozen=True)
class _Found:
    """One claim on a line: the name, ``grad``/``data``, the number as written, the quantity it is
    the derivative of (``∂L/∂a``: L; None for the root of the code's backward()), its span."""

    name: str
    what: str
    printed: str
    of: str | None
    span: tuple[int, int]


def claims_on(line: str) -> list[_Found]:
    """Every claim on the code's values a line of prose writes: ``a.grad = 6.0``, ``a.data = 2``,
    ``$\\frac{\\partial L}{\\partial a} = 6.0$`` (each side that is one number), "the gradient of a is 6"."""
    found = [_Found(m.group(1), m.group(2), m.group(3), None, m.span()) for m in _CLAIM.finditer(line)]
    for m in _DERIVATIVE.finditer(line):
        of, wrt = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        rest = line[m.end():]
        stop = _SIDES_END.search(rest)
        sides = rest[:stop.start() if stop else len(rest)]
        if not re.match(r"\s*(=|\\approx|≈)", sides):
            continue
        for side in re.split(r"=|\\approx|≈", sides)[1:]:
            number = _SIDE.fullmatch(side)
            if number:
                at = m.end() + sides.index(side)
                found.append(_Found(wrt, "grad", number.group(1), of, (m.start(), at + len(side))))
    found += [_Found(m.group(1), "grad", m.group(2), None, m.span()) for m in _GRADIENT_WORDS.finditer(line)]
    return found


def _alone(line: str, found: list[_Found]) -> bool:
    """Is every number of the line one of its claims (the derivative's own name aside)?"""
    rest, last = [], 0
    for f in sorted(found, key=lambda f: f.span):
        rest.append(line[last:max(last, f.span[0])])
        last = max(last, f.span[1])
    return not re.search(r"\d", "".join(rest) + line[last:])


class ProseClaims:
    """The prose's claims on the code's micrograd values, read in the order of the text."""

    def __init__(self, text: str, cells: list[CodeCell]) -> None:
        self.bound: list[Bound] = []
        self.loose: list[Loose] = []
        self.whole: set[int] = set()  # lines whose every number is such a claim (read here, not as prose)
        self.pending: list[tuple[int, list[_Found], bool]] = []  # (line, claims, nothing else on it)
        self.graphs: dict[int, tuple[object, set[int]]] = {}  # a node's graph (fixed once made), walked once
        if text.lstrip().startswith("{"):
            return
        code_lines = _code_lines(cells)
        for k, line in enumerate(text.split("\n"), 1):
            if k in code_lines or not _MENTIONS.search(line):
                continue
            found = claims_on(line)
            if found:
                self.pending.append((k, found, _alone(line, found)))
        self.pending.reverse()  # the next one last

    def read_until(self, line: int | None, it: Interpreter) -> None:
        """Read the claims written before ``line`` (None: all) on the state the code has reached."""
        while self.pending and (line is None or self.pending[-1][0] < line):
            k, found, alone = self.pending.pop()
            claims = [(f, _claim(it, f, k, self.graphs)) for f in found]
            for f, claim in claims:
                printed = f.printed.replace("−", "-").lstrip("+").rstrip(".")  # "is 6." ends a sentence
                label = f"{f.name}.{f.what}" if f.of is None else f"d{f.of}/d{f.name}"
                if isinstance(claim, Scalar):
                    self.bound.append(Bound(k, printed, claim, "prose", label))
                elif isinstance(claim, str):
                    self.loose.append(Loose(k, printed, claim))
            if alone and all(claim is not None for _, claim in claims):
                self.whole.add(k)


_MENTIONS = re.compile(r"\.grad|\.data|partial|∂|frac|/\s*d|gradient of")


def _claim(it: Interpreter, f: _Found, line: int, graphs: dict[int, tuple[object, set[int]]]
           ) -> Scalar | str | None:
    """The value a claim names, why it is not checked, or None (not a micrograd value of the code)."""
    box = it.env.get(f.name)
    if not isinstance(box, Scalar) or scalar_engines.engine_of(box) is None:
        return None
    if f.what == "data":
        return Scalar(box.value)
    if f.of is not None:
        return _derivative(it, f.of, box, graphs)
    unknown = scalar_engines.unknown_grad(it, box, line)
    if unknown is not None:
        return f"the gradient of {f.name}: {unknown.why()}"
    if not box.grad:
        return f"the code has computed no gradient of {f.name} there"
    if len(box.grad) != 1:
        return f"the gradient of {f.name} is a sum of backward() calls there"
    return Scalar(box.value, derivative=box.grad[0])


def _derivative(it: Interpreter, of: str, box: Scalar, graphs: dict[int, tuple[object, set[int]]]
                ) -> Scalar | None:
    """``∂L/∂a`` for two values of the code, a in L's graph: the engine's derivative of L's node by
    a's (whatever backward() the code ran); None for a name the code does not bind to such a value."""
    top = it.env.get(of)
    if not isinstance(top, Scalar) or scalar_engines.engine_of(top) is None:
        return None
    key = id(top.value)
    if key not in graphs:  # the node kept with its graph: its id is not reused while the cache lives
        graphs[key] = (top.value, {id(node) for node in topological_order(top.value)})
    if id(box.value) not in graphs[key][1]:
        return None
    return Scalar(box.value, derivative=(top.value, box.value))


def _code_lines(cells: list[CodeCell]) -> set[int]:
    lines: set[int] = set()
    for cell in cells:
        lines.update(range(cell.line - 1, cell.line + cell.source.count("\n") + 2))  # its fences too
        for first, out in cell.outputs:
            lines.update(range(first - 1, first + out.count("\n") + 2))
    return lines
