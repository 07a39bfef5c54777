"""Splitting a math segment into claims: ``lhs = side ≈ side``, the separators between claims, the
index ranges a general formula states (``i = 1, 2``); and ``Skipped``, a claim or number not checked."""

from __future__ import annotations

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
_DEPTH_TOKEN = re.compile(rf"\\(?:begin|end)\s*{_MATRIX_ENV}|"
                          r"\\left\s*(?:\\[{]|\\langle|\\l[a-z]+|.)|\\right\s*(?:\\[}]|\\rangle|\\r[a-z]+|.)"
                          r"|\\[{}]|\\[A-Za-z]+|\\.|.", re.S)
_SEPARATOR = re.compile(r"(?<!\\)[,;]|\\q?quad(?![A-Za-z])|\\\\"
                        r"|\\(?:Rightarrow|implies|Longrightarrow|iff|forall|therefore|because)(?![A-Za-z])|\\(?:text|mbox|textrm|mathrm)\s*\{([^{}]*)\}")
_RELATION = re.compile(r"\\approx(?![A-Za-z])|≈|\\simeq(?![A-Za-z])|:=|\\coloneqq(?![A-Za-z])|"
                       r"\\equiv(?![A-Za-z])|=|\\(?:leq?|geq?|neq?|lt|gt)(?![A-Za-z])|[<>≠≤≥]")
_APPROX = {r"\approx", "≈", r"\simeq"}
_ALIGNMENT = re.compile(r"^(?:\s|&|\\\\)+|(?:\s|&|\\\\)+$")  # `&=` and `\\` of align environments
_EQUAL = {"=", ":=", r"\coloneqq", r"\equiv"}
_ENVIRONMENT = re.compile(r"\\(?:begin|end)\s*\{(?![pbBvV]?matrix\}|smallmatrix\})[^{}]*\}(?:\{[^{}]*\})?"
                          r"|\\(?:tag|label)\s*\{[^{}]*\}"
                          r"|\\nonumber|\\notag")
_RANGE = re.compile(rf"(?<![A-Za-z\\])([{INDEX_LETTERS}])\s*(?:=|\\in)\s*\\?\{{?\s*"
                    rf"(\d+(?:\s*,\s*\d+)*)\s*\\?\}}?")
_RANGE_ONLY = re.compile(rf"^\s*(?:[{INDEX_LETTERS}]\s*(?:=|\\in)\s*\\?\{{?\s*\d+(?:\s*,\s*\d+)*\s*\\?\}}?"
                         rf"\s*(?:,|\\text\{{\s*and\s*\}})?\s*)+$")


def _depths(text: str) -> list[int]:
    """The bracket depth at each character (the brackets themselves count as outside)."""
    depths, depth = [0] * len(text), 0
    for m in _DEPTH_TOKEN.finditer(text):
        tok = m.group(0)
        if tok.startswith(r"\right") or tok in (")", "]", "}", r"\}") or _ends_matrix(tok):
            depth = max(0, depth - 1)
        depths[m.start():m.end()] = [depth] * (m.end() - m.start())
        if tok.startswith(r"\left") or tok in ("(", "[", "{", r"\{") or _begins_matrix(tok):
            depth += 1
    return depths


def _begins_matrix(tok: str) -> bool:
    return tok.startswith(r"\begin") and "matrix" in tok


def _ends_matrix(tok: str) -> bool:
    return tok.startswith(r"\end") and "matrix" in tok


def index_ranges(text: str) -> dict[str, list[int]]:
    """``i = 1, 2`` / ``j \\in \\{1, 2\\}`` → {"i": [1, 2], ...}."""
    return {m.group(1): [int(v) for v in re.split(r"\s*,\s*", m.group(2))] for m in _RANGE.finditer(text)}


def _continues(text: str, at: int) -> bool:
    """Does the line after ``\\\\`` continue the claim (``&= …``, ``\\\\ \\\\ &= …``)?"""
    rest = re.sub(r"^(?:\s|&|\\\\)*", "", text[at:])
    return _RELATION.match(rest) is not None


def split_claims(text: str) -> tuple[list[tuple[int, str]], dict[str, list[int]]]:
    """A math segment's pieces (offset, text) between separators, and the index ranges it states."""
    text = _ENVIRONMENT.sub(lambda m: " " * len(m.group(0)), text)
    if _RANGE_ONLY.match(text):
        return [], index_ranges(text)
    depths = _depths(text)
    pieces, ranges, start = [], {}, 0
    for m in _SEPARATOR.finditer(text):
        if depths[m.start()] != 0:
            continue
        word = m.group(1)
        if word is not None:
            after = text[m.end():].lstrip()[:1]
            if after in ("(", "_", "^") or not re.fullmatch(r"[A-Za-z .,:;]*", word):
                continue
        if m.group(0) == "\\\\" and _continues(text, m.end()):
            continue
        pieces.append((start, text[start:m.start()]))
        start = m.end()
        if (word is not None and re.match(r"\s*(for|where|with)\b", word)) or m.group(0) == r"\forall":
            found = index_ranges(text[m.end():])
            if found:
                ranges |= found
                start = len(text)
                break
    pieces.append((start, text[start:]))
    return [(o, p) for o, p in pieces if p.strip()], ranges


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
    sides, approx, start = [], [False], 0
    for m in _RELATION.finditer(piece):
        if depths[m.start()] != 0:
            continue
        rel = m.group(0)
        if rel not in _APPROX and rel not in _EQUAL:
            return f"an inequality ({rel}); only equalities are checked"
        sides.append(piece[start:m.start()])
        approx.append(rel in _APPROX)
        start = m.end()
    if not sides:
        return None
    sides.append(piece[start:])
    return Claim(line, " ".join(piece.split()), [_ALIGNMENT.sub("", s) for s in sides], approx, ranges)


