"""Printed grids standing for the operands of a matrix formula, and formulas equated with grids.

A matrix-form document substitutes grids for the names of a formula: after ``dW = dZ A^T`` it
writes ``dW = \\begin{bmatrix}…\\end{bmatrix} \\begin{bmatrix}…\\end{bmatrix}``, after
``Z = W A + b`` it writes ``Z = [W][A] + [b]``, and ``dZ = (W^T dZ') ⊙ g'(Z) = [·] ⊙ [·]``. Each grid
is then a claim on the operand it replaces (``A^T = [grid]``): its elements are checked as the
operand's, element by element. The formula it substitutes is a side in symbols before it in the same
claim, else the name's latest definition in symbols.

A side is aligned with the formula only when both, cut at their top-level ``+``, ``-`` and ``⊙``,
have the same operators in the same order, and each piece of printed grids faces as many factors
(``dZ A^T`` against two grids side by side); anything else (a number times a grid, a sum written
out) is not aligned, so never guessed.

``expression_key`` names a formula written on the left (``W^T dZ = [grid]``, ``g'(Z) = [grid]``):
the inference defines it as a matrix of its own under that key, and the reading checks the grid's
elements against it. Everything here is linear in the text.
"""

from __future__ import annotations

import re

from nn.check.reader.claims import Claim
from nn.check.reader.derivative_names import derivative_key
from nn.check.reader.latex import LatexError, parse_math
from nn.check.reader.matrices import canonical_name, whole_grid

__all__ = ["GridOperands", "expression_key"]

_GRID = re.compile(r"\\begin\s*\{\s*([pbBvV]?matrix|smallmatrix)\s*\}.*?\\end\s*\{\s*\1\s*\}", re.S)
_SPLIT = re.compile(r"\\odot|\\circ|⊙|∘|[-+−]")
_TIMES = re.compile(r"\s*(?:\\cdot|\\times|\*|·|×|⋅)?\s*")
_PLAIN_NAME = re.compile(r"(?:\\(?:mathbf|boldsymbol|bm|vec|mathrm)\s*\{[^{}]*\}|[A-Za-z]+)"
                         r"(?:\s*(?:_\{[^{}]*\}|_\w|\^\{\s*[\[(][^{}]*[\])]\s*\}|\[[^\[\]]*\]))*")
_SPACE = re.compile(r"\s+")
MAX_PIECES = 64  # operands of one formula aligned at most
_OPEN, _CLOSE = "({[", ")}]"


def expression_key(lhs: str) -> str | None:
    """The key of a left side that is a formula over matrices, not one name (``W^T dZ``, ``g'(Z)``)."""
    text = lhs.strip()
    if not text or _GRID.search(text) or _PLAIN_NAME.fullmatch(text) or not re.search(r"[A-Za-z]", text):
        return None
    if _DERIVATIVE.match(text) and _named_derivative(text):
        return None  # ∂J/∂W_1: one name (``derivative_names``), not a formula
    return canonical_name(_SPACE.sub(" ", text))


_DERIVATIVE = re.compile(r"\\[dt]?frac\s*\{\s*(?:\\partial|∂)|∂")


def _named_derivative(text: str) -> bool:
    try:
        return derivative_key(parse_math(text)) is not None
    except (LatexError, RecursionError):
        return False


def _top_level(text: str) -> list[int]:
    """The depth of brackets at each character (a grid's inside is deep)."""
    depth, out = 0, []
    for ch in text:
        if ch in _OPEN:
            depth += 1
        out.append(depth)
        if ch in _CLOSE:
            depth = max(depth - 1, 0)
    return out


def _cut(text: str) -> tuple[list[str], list[str]] | None:
    """``text`` cut at its top-level ``+ - ⊙``: the pieces and the operators between them; None when
    a piece is empty (a sign in front, ``1 - …``'s number aside)."""
    depth = _top_level(text)
    pieces, ops, start = [], [], 0
    for m in _SPLIT.finditer(text):
        if depth[m.start()] == 0 and text[max(m.start() - 1, 0)] not in "^_":
            pieces.append(text[start:m.start()])
            ops.append("-" if m.group() in "-−" else "+" if m.group() == "+" else "⊙")
            start = m.end()
    pieces.append(text[start:])
    if any(not p.strip() for p in pieces):
        return None
    return [p.strip() for p in pieces], ops


def _masked(text: str) -> tuple[str, list[str]]:
    """``text`` with each grid replaced by ``§`` (so its inside is not cut), and the grids in order."""
    grids = [m.group(0) for m in _GRID.finditer(text)]
    return _GRID.sub("§", text), grids


def _atoms(text: str) -> list[str] | None:
    """A product written as factors side by side (``dZ A^T``, ``W^T dZ``, ``W[1]X``): each factor's
    text, or None when the piece is no such product."""
    out, at, depth = [], 0, _top_level(text)
    n = len(text)
    while at < n:
        at = _TIMES.match(text, at).end()
        if at >= n:
            break
        start = at
        m = _PLAIN_NAME.match(text, at)
        if text[at] == "(":
            at = _group_end(text, at, depth)
        elif text[at] == "\\" and not m:
            word = re.match(r"\\[A-Za-z]+", text[at:])
            if word is None:
                return None
            at += len(word.group())
            if word.group() in _FRACTIONS:  # \frac{\eta}{m}, \frac{\partial J}{\partial W}: one factor
                for _ in range(2):
                    at = _TIMES.match(text, at).end()
                    if at >= n or text[at] != "{":
                        return None
                    at = _group_end(text, at, depth)
        elif m:
            at = m.end()
        else:
            return None
        at = _postfix(text, at, depth)
        if at <= start:
            return None
        out.append(text[start:at].strip())
    return out


def _group_end(text: str, at: int, depth: list[int]) -> int:
    """The end of the bracketed group opening at ``at``."""
    level = depth[at]
    for k in range(at + 1, len(text)):
        if text[k] in _CLOSE and depth[k] == level:
            return k + 1
    return len(text)


def _postfix(text: str, at: int, depth: list[int]) -> int:
    """Past the marks after a factor: ``^T``, ``^{\\top}``, ``'``, ``_{…}``, a call's ``(…)``."""
    n = len(text)
    while at < n:
        if text[at] == "'":
            at += 1
        elif text[at] in "^_" and at + 1 < n:
            at = _group_end(text, at + 1, depth) if text[at + 1] == "{" else at + 2
        elif text[at] == "(":
            at = _group_end(text, at, depth)
        else:
            return at
    return at


def _aligned(formula: str, printed: str) -> list[tuple[str, str]] | None:
    """Each grid of ``printed`` with the operand of ``formula`` it stands for, or None."""
    masked, grids = _masked(printed)
    if not grids or len(grids) > MAX_PIECES or "§" in formula:
        return None
    cut_formula, cut_printed = _cut(formula), _cut(masked)
    if cut_formula is None or cut_printed is None or cut_formula[1] != cut_printed[1]:
        return None
    out, k = [], 0
    for operand, piece in zip(cut_formula[0], cut_printed[0]):
        operand, piece = _called(operand, piece)
        operand, piece = _rate_times(operand, piece)
        count = piece.count("§")
        if _TIMES.sub("", piece.replace("§", "")).strip("() "):
            return None  # a number or a name beside the grids: not a plain substitution
        factors = [operand] if count == 1 else _atoms(operand)
        if factors is None or len(factors) != count:
            return None
        out += [(f, grids[k + j]) for j, f in enumerate(factors)]
        k += count
    return out


_CALL = re.compile(r"(.+?)\s*\((.*)\)")


def _called(operand: str, piece: str) -> tuple[str, str]:
    """``σ(z)`` against ``σ(§)``, ``f'_1(Z)`` against ``f'_1(§)``: the same function called on both
    sides, so the grid stands for the argument (``z``); else both as they are."""
    formula, printed = _CALL.fullmatch(operand), _CALL.fullmatch(piece)
    if formula is None or printed is None or printed.group(2).strip() != "§" or "§" in formula.group(1) \
            or _SPACE.sub("", formula.group(1)) != _SPACE.sub("", printed.group(1)):
        return operand, piece
    return formula.group(2).strip(), "§"


_FRACTIONS = {r"\frac", r"\dfrac", r"\tfrac"}
_RATE = re.compile(r"\\(?:eta|alpha|lambda|gamma)"  # a learning rate, alone or over the batch size
                   r"|\\[dt]?frac\s*\{\s*(?:\\(?:eta|alpha)|1)\s*\}\s*\{\s*[A-Za-z]\s*\}")
_NUMBER_BESIDE = re.compile(r"\s*[-−]?\d+(?:\.\d+)?\s*(?:(?:\\cdot|\\times|\*|·|×)\s*)?§\s*")


def _rate_times(operand: str, piece: str) -> tuple[str, str]:
    """``\\frac{\\eta}{m} \\frac{\\partial J}{\\partial W}`` against ``0.01 §`` (an update written out):
    the number stands for the rate, the grid for the other factor; else both as they are."""
    if _NUMBER_BESIDE.fullmatch(piece) is None:
        return operand, piece
    factors = _atoms(operand)
    if factors is None or len(factors) != 2 or _RATE.fullmatch(factors[0]) is None:
        return operand, piece
    return factors[1], "§"


def _symbolic(side: str) -> bool:
    return "\\begin" not in side and bool(re.search(r"[A-Za-z]", side)) and not re.search(r"\d\.\d", side)


class GridOperands:
    """Reads a document's claims in order: remembers each matrix name's latest definition in symbols,
    and gives the claims its printed grids make on the operands they replace."""

    def __init__(self) -> None:
        self.definitions: dict[str, str] = {}
        self.aligned: set[str] = set()  # the sides of the last claim whose grids were aligned

    def claims(self, claim: Claim) -> list[Claim]:
        """``operand = grid`` for each grid a side substitutes for an operand of the formula, on the
        claim's line (the grid's rows keep their own lines when read); [] when none."""
        sides = claim.sides
        name = canonical_name(sides[0].strip()) if len(sides) > 1 else ""
        formula = self.definitions.get(name) or (sides[0] if expression_key(sides[0]) else None)
        out: list[Claim] = []
        self.aligned = set()
        for side in sides[1:]:
            if _symbolic(side):
                formula = side
                continue
            if formula is None or whole_grid(side) is not None or "\\begin" not in side:
                continue
            for operand, grid in _aligned(formula.strip(), side) or []:
                if canonical_name(operand) == name:
                    continue  # W = [W] - 0.01 [dW]: W before its update, a given restated
                out.append(Claim(claim.line, f"{operand} = {grid}", [operand, grid], [False, False], {}))
                self.aligned.add(side)
        if name and expression_key(sides[0]) is None:
            symbolic = [s for s in sides[1:] if _symbolic(s)]
            if symbolic:
                self.definitions[name] = symbolic[0]
        return out


def exact_size(names: list[str], known) -> bool:
    """Do the element names of a grid (``A[1]``…``A[3]``, ``W[1,1]``…``W[2,3]``) name every element of
    a known matrix of exactly that size? ``known(name)`` says whether the graph names an element; an
    element one past the last row or column must not be known (a grid of another shape is not it)."""
    if not names or not all(known(n) for n in names):
        return False
    last = re.fullmatch(r"(.*)\[(\d+)(?:,(\d+))?\]", names[-1])
    if last is None:
        return False
    base, i, j = last.group(1), int(last.group(2)), last.group(3)
    beyond = [f"{base}[{i + 1}]"] if j is None else [f"{base}[{i + 1},1]", f"{base}[1,{int(j) + 1}]"]
    return not any(known(n) for n in beyond)
