"""Formulas written as plain-text lines: a chain continued on the lines below its head, a line that
states a formula and nothing else, and a fence (```` ``` ```` or ```` ```text ````) of such lines.

Blogs and notes often write their math with no LaTeX at all, one formula a line, a long chain
carried on below its head as an ``align`` would:

.. code-block:: text

    net_h1 = (w₁ · x₁) + (w₂ · x₂) + b_h
           = (0.15 × 0.05) + (0.20 × 0.10) + 0.35
           = 0.3775
    out_h1 = 1 / (1 + e^(−0.3775)) → 0.5933

The claims in a line are cut by ``sources.claim_spans``; this module says which lines continue a
chain (``continuation``), how a continued chain reads (``carried``: the head and its continuations as
one claim over several lines, whose sides the reader finds on the lines they are printed on, as in
an ``align``), which lines are formulas of their own even when no number is printed in them
(``whole_line``: ``out_h1 = σ(net_h1)``, a definition of the graph), and which fences hold formulas
rather than what a program printed (``formula_fence``). Every test here looks at each character of a
line a bounded number of times.
"""

from __future__ import annotations

import re

__all__ = ["continuation", "carried", "whole_line", "ends_line", "formula_fence", "named_words"]

# A line carrying on the chain above it: `= 0.3775`, `≈ 0.59`, `→ 0.5933` (the result it comes to)
_CONTINUES = re.compile(r"^([ \t>]*)(=(?![=>])|≈|≃|→|⟶|⇒|->|=>)[ \t]*")
_RESULT_ARROWS = {"→", "⟶", "⇒", "->", "=>"}
# A word naming the claim a line starts with: `out = σ(net)`, `- loss = (pred − y)²`
_NAMING = re.compile(r"^[ \t]*(?:>[ \t]*)*(?:[-*+•][ \t]+|\d{1,3}[.)][ \t]+)?([A-Za-z]{2,})[ \t]*"
                     r"(?:=(?![=>])|≈|:=)", re.M)
_LINE_MARKERS = re.compile(r"^[ \t]*(?:>[ \t]*)*(?:[-*+•][ \t]+|\d{1,3}[.)][ \t]+)?[ \t]*$")
_TAIL = re.compile(r"^[ \t.,;:*]*$")
_RELATION = re.compile(r"≈|≃|(?<![<>!=])=(?![=>])")
# What a program prints, never a formula an author writes: an array, a tensor, a prompt, a label: value
_PRINTED = re.compile(r"\[\s*[-+]?\.?\d|(?:tensor|array|Array|float\d*)\(|>>>"
                      r"|^[ \t]*[A-Za-z][\w ]*:[ \t]+[-+]?\.?\d", re.M)
_CODE = re.compile(r"^[ \t]*(?:for|while|if|elif|else|def|return|import|from|class|print|with|try)\b"
                   r"|[-+*/]=|==|[A-Za-z_]\.[A-Za-z_]|\"", re.M)
_DIGIT = re.compile("[0-9]")
# Arithmetic on the right of a relation: an operator between two operands, a power, a function
_OPERAND = r"[\w.)\]²³⁰-⁹₀-₉ᵢⱼ]"
_ARITHMETIC = re.compile(rf"{_OPERAND}[ \t]*[-+−*/·×⋅÷^][ \t]*[\w.(√½σ∂]|[²³]|[√½]|[A-Za-zσ]\(")


def continuation(line: str) -> tuple[int, str] | None:
    """A line that carries on the chain above it: (where its relation starts, the rest as the claim's
    next sides: ``= 0.3775``). A result after an arrow (``→ 0.5933``) is read as ``≈`` its side; a
    line whose arrow leads to a claim of its own (``→ a = σ(z)``) is no continuation (None)."""
    m = _CONTINUES.match(line)
    if m is None:
        return None
    rest = line[m.end():]
    if m.group(2) in _RESULT_ARROWS:
        if _RELATION.search(rest) and not _RELATION.match(rest.lstrip()):
            return None  # `→ a = σ(z) = 0.59`: a new claim, cut by the line's own reader
        return m.start(2), "≈" + " " * (m.end() - m.start(2) - 1) + rest  # as long as the arrow
    return m.start(2), line[m.start(2):]


def carried(gap: int, indent: int, sides: str) -> str:
    """A continuation line as the text added to its chain's claim: the lines between them kept as
    newlines, so each side is cited on the line it is printed on."""
    return "\n" * gap + " " * indent + sides


def ends_line(line: str, end: int) -> bool:
    """Does a claim ending at ``end`` end its line (nothing after it but spaces and punctuation)?"""
    return _TAIL.match(line[end:]) is not None


def whole_line(line: str, start: int, end: int) -> bool:
    """Is the claim at ``line[start:end]`` all its line says (but a list or quote marker before it,
    punctuation after), with arithmetic on its right: a formula set on a line of its own, read even
    when it prints no number (``out_h1 = σ(net_h1)``; not ``n = N`` nor a sentence around ``x = y``)?"""
    if not _LINE_MARKERS.match(line[:start]) or not ends_line(line, end):
        return False
    relation = _RELATION.search(line, start, end)
    return relation is not None and _ARITHMETIC.search(line, relation.end(), end) is not None


def formula_fence(content: str) -> bool:
    """Does a fence with no language (or ``text``) hold formulas an author worked (arithmetic with
    numbers on the right of a relation, ``z = 0.5·2 + 0.1``, or a chain carried on to a number)
    rather than what a program printed (an array, a tensor, ``Loss: 0.29``, a ``>>>`` session) or
    code with no language said (``for …:``, ``w -= lr * g``, ``np.exp(z)``)?"""
    if _PRINTED.search(content) or _CODE.search(content):
        return False
    for line in content.split("\n"):
        relation = _RELATION.search(line)
        after = relation.end() if relation is not None else 0
        worked = relation is not None and _ARITHMETIC.search(line, after) is not None
        if (worked or continuation(line) is not None) and _DIGIT.search(line, after):
            return True
    return False


def named_words(text: str) -> set[str]:
    """The words a text names quantities with: a word that is the left side of a claim starting a
    line (``out = σ(net)``, ``- loss ≈ 0.25``). On a right side (``out − t``) it is that name, not
    the prose that ends a claim. One scan of the text."""
    return {m.group(1) for m in _NAMING.finditer(text)}
