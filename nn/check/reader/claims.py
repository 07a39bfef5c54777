"""Splitting a math segment into claims: ``lhs = side ≈ side``, the separators between claims, the
index ranges a general formula states (``i = 1, 2``); and ``Skipped``, a claim or number not checked."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from nn.check.reader.latex import INDEX_LETTERS


def shown(text: str, most: int = 160) -> str:
    """A piece of a document as a message shows it: on one line, cut to a readable length."""
    text = " ".join(text.split())
    return text if len(text) <= most else text[:most - 1] + "…"


@dataclass(frozen=True)
class Skipped:
    """A claim or a number that was not checked, and why."""

    line: int
    text: str
    reason: str
    place: str = ""  # where a notebook has it ("cell 3, line 2"); "" for "line {line}"

    def __str__(self) -> str:
        where = f"in {self.place}" if self.place else f"on line {self.line}"
        return f"not checked: `{self.text}` {where}: {self.reason}"


_MATRIX_ENV = r"\{\s*(?:[pbBvV]?matrix|smallmatrix)\s*\}"
_DEPTH_TOKEN = re.compile(rf"\\(?:begin|end)\s*{_MATRIX_ENV}|"  # a matrix is one bracket
                          r"[^\\()\[\]{}]+"  # a run without brackets: one token, whatever its length
                          r"|\\left(?![A-Za-z])\s*(?:\\[{]|\\langle|\\l[a-z]+|.)"  # not \leftarrow
                          r"|\\right(?![A-Za-z])\s*(?:\\[}]|\\rangle|\\r[a-z]+|.)"
                          r"|\\[{}]|\\[A-Za-z]+|\\.|.", re.S)
_SEPARATOR = re.compile(r"(?<!\\)[,;]|\\q?quad(?![A-Za-z])|\\\\"
                        r"|\\(?:Rightarrow|implies|Longrightarrow|iff|forall|therefore|because)(?![A-Za-z])|\\(?:text|mbox|textrm|mathrm)\s*\{([^{}]*)\}")
_RELATION = re.compile(r"\\approx(?![A-Za-z])|≈|\\simeq(?![A-Za-z])|≃|:=|\\coloneqq(?![A-Za-z])|←|"
                       r"\\(?:sim|approxeq)(?![A-Za-z])(?=\s*[-−+]?\.?\d)|∼(?=\s*[-−+]?\.?\d)|"  # ~ a number
                       r"\\(?:leftarrow|gets)(?![A-Za-z])|"
                       r"\\equiv(?![A-Za-z])|=|\\(?:leq?|geq?|neq?|lt|gt)(?![A-Za-z])|[<>≠≤≥]")
_APPROX = {r"\approx", "≈", r"\simeq", "≃", r"\approxeq"}
_ORDER = {r"\sim", "∼"}  # x ∼ 10^{-3}: an order of magnitude, listed (x \sim N(0, 1) is no claim at all)
_BOUND = re.compile(r"\s*[-−]?\d+\s*")  # the 0 of `z = 0.5 > 0`: a whole number, nothing after it
_EQUAL = {"=", ":=", r"\coloneqq", r"\equiv", "←", r"\leftarrow", r"\gets"}
_ENVIRONMENT = re.compile(r"\\(?:begin|end)\s*\{(?![pbBvV]?matrix\}|smallmatrix\})[^{}]*\}(?:\{[^{}]*\})?"
                          r"|\\(?:tag|label)\s*\{[^{}]*\}"
                          r"|\\nonumber|\\notag")
# No two neighbouring quantifiers can take the same characters, so a match is found or refused in
# one pass over the text (``$$ i=1`` + 3,000 spaces + ``x $$`` once took minutes).
_RANGE = re.compile(rf"(?<![A-Za-z\\])([{INDEX_LETTERS}])\s*(?:=|\\in)\s*(?:\\?\{{\s*)?"
                    rf"(\d+(?:\s*,\s*\d+)*)(?:\s*\\?\}})?")
# ``l = 1, 2, \ldots, N``: an index running to a symbolic end, stated and nothing else (no given l = 1)
_OPEN_RANGE = re.compile(rf"\s*[{INDEX_LETTERS}]\s*=\s*\d+\s*(?:,\s*\d+\s*)*,\s*(?:\\[lc]?dots|…|\.\.\.)"
                         r"\s*(?:,\s*[\w+\-{} ]*)?\s*")
_RANGE_GLUE = re.compile(r"\\text\{\s*and\s*\}|[\s,]+")
_CONTINUATION_LEAD = re.compile(r"(?:\s|&|\\\\)*")
_NEXT_CHARACTER = re.compile(r"\s*(\S?)")
_ALIGNMENT_LEAD = re.compile(r"(?:\s|&|\\\\)*")


def _only_ranges(text: str) -> bool:
    """Does the text state index ranges and nothing else (`` i = 1, 2 ``, ``i=1 \\text{and} j=2``)?"""
    rest, last = [], 0
    for m in _RANGE.finditer(text):
        rest.append(text[last:m.start()])
        last = m.end()
    return last > 0 and not _RANGE_GLUE.sub("", "".join(rest) + text[last:])


def _aligned(side: str) -> str:
    """A side without the ``&`` and ``\\\\`` of align environments and the spaces around it."""
    side = side[_ALIGNMENT_LEAD.match(side).end():]
    end = len(side)
    while end:
        if side[end - 1].isspace() or side[end - 1] == "&":
            end -= 1
        elif side.endswith("\\\\", 0, end):
            end -= 2
        else:
            break
    return side[:end]


_DELIMITER = re.compile(r"\\(?:left|right)(?![A-Za-z])")  # \left( but not \leftarrow, \rightarrow


def _depths(text: str) -> list[int]:
    """The bracket depth at each character (the brackets themselves count as outside)."""
    depths, depth = [0] * len(text), 0
    for m in _DEPTH_TOKEN.finditer(text):
        tok = m.group(0)
        if _DELIMITER.match(tok, 0) and tok.startswith(r"\right") or tok in (")", "]", "}", r"\}") \
                or _ends_matrix(tok):
            depth = max(0, depth - 1)
        depths[m.start():m.end()] = [depth] * (m.end() - m.start())
        if _DELIMITER.match(tok, 0) and tok.startswith(r"\left") or tok in ("(", "[", "{", r"\{") \
                or _begins_matrix(tok):
            depth += 1
    return depths


def _begins_matrix(tok: str) -> bool:
    return tok.startswith(r"\begin") and "matrix" in tok


def _ends_matrix(tok: str) -> bool:
    return tok.startswith(r"\end") and "matrix" in tok


def index_ranges(text: str) -> dict[str, list[int]]:
    """``i = 1, 2`` / ``j \\in \\{1, 2\\}`` → {"i": [1, 2], ...}."""
    return {m.group(1): [int(v) for v in re.split(r"\s*,\s*", m.group(2))] for m in _RANGE.finditer(text)}


class _Continuation:
    """Does the line after ``\\\\`` continue the claim (``&= …``, ``\\\\ \\\\ &= …``)? A run of
    ``\\\\`` and spaces is scanned once, whichever of its ``\\\\`` asks (linear in the text)."""

    def __init__(self, text: str) -> None:
        self.text, self.lead_end, self.answer = text, -1, False

    def __call__(self, at: int) -> bool:
        if at > self.lead_end:
            self.lead_end = _CONTINUATION_LEAD.match(self.text, at).end()
            self.answer = _RELATION.match(self.text, self.lead_end) is not None
        return self.answer


class _StatedRanges:
    """The index ranges stated after a point of the text (``\\quad \\text{for } i = 1, 2``), from
    one scan of the text however many ``for``s it has."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.matches: list[re.Match[str]] | None = None
        self.starts: list[int] = []

    def after(self, at: int) -> dict[str, list[int]]:
        if self.matches is None:
            self.matches = list(_RANGE.finditer(self.text))
            self.starts = [m.start() for m in self.matches]
        first = bisect.bisect_left(self.starts, at)
        return {m.group(1): [int(v) for v in re.split(r"\s*,\s*", m.group(2))] for m in self.matches[first:]}


def _operand(text: str, at: int) -> bool:
    """Does an operator or a relation come just before ``at`` (``\\cdot \\text{grad}``)? Then the
    ``\\text{…}`` there is a name, not prose. Scans back over the spaces only."""
    j = at
    while j > 0 and text[j - 1].isspace():
        j -= 1
    return text[max(0, j - 6):j].endswith(("=", "+", "-", "*", "/", "(", r"\cdot", r"\times"))


def split_claims(text: str) -> tuple[list[tuple[int, str]], dict[str, list[int]]]:
    """A math segment's pieces (offset, text) between separators, and the index ranges it states."""
    text = _ENVIRONMENT.sub(lambda m: " " * len(m.group(0)), text)
    if _only_ranges(text):
        return [], index_ranges(text)
    if _OPEN_RANGE.fullmatch(text):
        return [], {}
    depths = _depths(text)
    pieces, ranges, start = [], {}, 0
    continues, stated = _Continuation(text), _StatedRanges(text)
    for m in _SEPARATOR.finditer(text):
        if depths[m.start()] != 0:
            continue
        word = m.group(1)
        if word is not None:
            after = _NEXT_CHARACTER.match(text, m.end()).group(1)
            if after in ("(", "_", "^", "=") or not re.fullmatch(r"[A-Za-z .,:;]*", word) \
                    or _operand(text, m.start()):  # \text{Loss} = …, X^T \cdot \text{grad}: names
                continue
        if m.group(0) == "\\\\" and continues(m.end()):
            continue
        pieces.append((start, text[start:m.start()]))
        start = m.end()
        if (word is not None and re.match(r"\s*(for|where|with)\b", word)) or m.group(0) == r"\forall":
            found = stated.after(m.end())
            if found:
                ranges |= found
                start = len(text)
                break
    pieces.append((start, text[start:]))
    return [cut for o, p in pieces if p.strip() for cut in _at_inequality(o, p)], ranges


def _at_inequality(offset: int, piece: str) -> list[tuple[int, str]]:
    """``y = 0.7 < 0.75``: the claim ``y = 0.7``, and the inequality ``0.7 < 0.75`` as a piece of its
    own (listed as not checked: only equalities are); a piece with no inequality after an equality,
    or ending in a whole-number bound (``z = 0.5 > 0``, ReLU's case), as it is."""
    depths, equal, side = None, False, 0
    for m in _RELATION.finditer(piece):
        depths = depths or _depths(piece)
        if depths[m.start()] != 0:
            continue
        rel = m.group(0)
        if rel in _APPROX or rel in _EQUAL:
            equal, side = True, m.end()
            continue
        if not equal or _BOUND.fullmatch(piece, m.end()):
            break
        return [(offset, piece[:m.start()]), (offset + side, piece[side:])]
    return [(offset, piece)]


@dataclass
class Claim:
    """``lhs = side1 ≈ side2 …`` as written, with its line."""

    line: int
    text: str
    sides: list[str]
    approx: list[bool]  # approx[k]: the relation before sides[k] is ≈ (approx[0] unused)
    ranges: dict[str, list[int]]


def claim_from_piece(piece: str, line: int, ranges: dict[str, list[int]]) -> Claim | str | None:
    """A Claim, None when the piece has no relation, or a reason when it is no equality."""
    depths = _depths(piece)
    sides, approx, start, end = [], [False], 0, len(piece)
    for m in _RELATION.finditer(piece):
        if depths[m.start()] != 0:
            continue
        rel = m.group(0)
        if rel not in _APPROX and rel not in _EQUAL and sides and _BOUND.fullmatch(piece, m.end()):
            end = m.start()  # z_1 = 0.5 > 0: the equalities, then a whole-number bound (ReLU's case)
            break
        if rel in _ORDER:
            return f"an order of magnitude ({rel}); only equalities are checked"
        if rel not in _APPROX and rel not in _EQUAL:
            return f"an inequality ({rel}); only equalities are checked"
        sides.append(piece[start:m.start()])
        approx.append(rel in _APPROX)
        start = m.end()
    if not sides:
        return None
    sides.append(piece[start:end])
    if not sides[0].strip() and len(sides) > 2:  # **Accuracy** $= \frac{85}{100} = 0.85$: its label is prose
        sides, approx = sides[1:], [False, *approx[2:]]
    return Claim(line, " ".join(piece.split()), [_aligned(s) for s in sides], approx, ranges)


