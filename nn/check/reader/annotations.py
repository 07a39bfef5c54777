"""What LaTeX writes around a formula that is no arithmetic: marks a reader reads past.

Published math decorates its formulas in ways that change nothing of their value:

- row spacing after a line break, ``\\\\[10pt]``, ``\\\\[2mm]`` (read as ``10·pt`` otherwise), and
  colour, spacing and struts: ``\\color{red}{w_1}`` is ``w_1``, ``\\hspace{1em}``, ``\\phantom{0}``,
  ``\\strut`` are nothing;
- braces that label a part, ``\\underbrace{w x}_{0.4}``, ``\\overbrace{a + b}^{\\text{sum}}``: the
  part is the formula, its label is a comment on it;
- cancel marks, ``\\cancel{2}``, ``\\bcancel{x}``, ``\\xcancel{x}``: what is struck through is still
  written (the fraction it stands in keeps its value);
- an evaluation bar, ``\\left.\\frac{\\partial a}{\\partial z}\\right|_{z=0.5}``: the derivative at the
  point, which is the graph's own point only when the document states that value for that name
  (``z = … = 0.5``); then the bar is read past, else it is kept and the claim is listed.

A brace's label that is a number (``\\underbrace{0.15 \\cdot 0.05}_{0.0075}``) states the value of the
part it labels: ``labelled_parts`` gives each such label as a claim of its own (``0.15 \\cdot 0.05 =
0.0075``), at the label's offset, checked as any claim is.

``plain_marks(math, stated)`` blanks these marks with spaces (offsets, hence lines, stay) in one pass
over the text; ``stated(name, value)`` says whether the document states ``name`` at ``value``.
``stated_values(text)`` gives that for a whole document, from one scan of its ``name = … = number``
chains. Both are linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["plain_marks", "stated_values", "labelled_parts"]

_UNITS = "pt|em|ex|mm|cm|in|mu|px|bp|dd|pc|sp"
_SPACING = re.compile(rf"(?<=\\\\)\s*\[\s*[-+]?(?:\d+\.?\d*|\.\d+)\s*(?:{_UNITS})\s*\]")
_MARK = re.compile(r"\\(?:underbrace|overbrace|cancel|bcancel|xcancel|underline|overline)"
                   r"(?![A-Za-z])\s*(?=\{)")
# colour, spacing and struts: \color{red}{w_1} is w_1, \hspace{1em} and \phantom{0} are nothing to read
_DRESS = re.compile(r"\\(?:color|textcolor|colorbox|hspace\*?|vspace\*?|phantom|hphantom|vphantom)"
                    r"\s*\{[^{}]*\}"
                    r"|\\(?:mathstrut|strut)(?![A-Za-z])")
_LABEL_AFTER = {r"\underbrace": "_", r"\overbrace": "^"}
_BAR = re.compile(r"(?:\\right|\\[bB]ig{1,2}r?)?\s*(?:\||\\vert)\s*_\s*\{")
_POINT = re.compile(r"\s*([A-Za-z](?:_\{?\w+\}?)?)\s*=\s*([-+]?(?:\d+\.?\d*|\.\d+))\s*")
_NUMBER_AT_END = re.compile(r"=\s*([-+−]?(?:\d+\.?\d*|\.\d+))\s*$")


def _group_end(text: str, at: int) -> int:
    """The end (after its ``}``) of the brace group opening at ``at``; -1 when it is not closed."""
    depth = 0
    for k in range(at, len(text)):
        if text[k] == "{" and text[k - 1:k] != "\\":
            depth += 1
        elif text[k] == "}" and text[k - 1:k] != "\\":
            depth -= 1
            if depth == 0:
                return k + 1
    return -1


def _blank(chars: list[str], start: int, end: int) -> None:
    for k in range(start, end):
        if chars[k] != "\n":
            chars[k] = " "


def _label_end(text: str, at: int, mark: str) -> int:
    """Where a brace's label (``_{0.4}`` after an underbrace, ``^{…}`` after an overbrace) ends, or
    ``at`` when it has none."""
    k = at
    while k < len(text) and text[k] in " \t":
        k += 1
    if text[k:k + 1] != _LABEL_AFTER.get(mark, "\x00"):
        return at
    k += 1
    while k < len(text) and text[k] in " \t":
        k += 1
    if text[k:k + 1] == "{":
        end = _group_end(text, k)
        return end if end > 0 else at
    return k + 1 if k < len(text) else at


def plain_marks(math: str, stated: Callable[[str, float], bool] = lambda name, value: False) -> str:
    """The math with its decorations blanked (see the module's docstring); its length unchanged."""
    if "\\" not in math and "|" not in math:
        return math
    chars = list(math)
    for m in _SPACING.finditer(math):
        _blank(chars, m.start(), m.end())
    for m in _DRESS.finditer(math):
        _blank(chars, m.start(), m.end())
    for m in _MARK.finditer(math):
        group_end = _group_end(math, m.end())
        if group_end < 0:
            continue
        _blank(chars, m.start(), m.end())
        _blank(chars, group_end, _label_end(math, group_end, m.group(0).rstrip()))
    for m in _BAR.finditer(math):
        end = _group_end(math, m.end() - 1)
        point = _POINT.fullmatch(math, m.end(), end - 1) if end > 0 else None
        if point and stated(_name(point.group(1)), float(point.group(2))):
            _blank(chars, m.start(), end)
            opened = math.rfind(r"\left.", 0, m.start())  # its \left. opens no bracket any more
            if opened >= 0:
                _blank(chars, opened, opened + len(r"\left."))
    return "".join(chars)


def _name(written: str) -> str:
    return written.replace("{", "").replace("}", "")


_CHAIN_END = re.compile(r"[$,;\n]|\\\\|\\quad")
_CLAIM_HEAD = re.compile(r"(?:^|[$\s(,;&])([A-Za-z](?:_\{?\w+\}?)?)\s*=(?!=)")


def stated_values(text: str) -> Callable[[str, float], bool]:
    """Whether the text states ``name`` at ``value``: a claim ``name = … = value`` on one line
    (``z = w x + b = 0.5``, ``$z = 0.5$``), the number printed as the last side of the name's chain."""
    values: dict[str, set[float]] = {}
    for chain in _CHAIN_END.split(text):
        m = _CLAIM_HEAD.search(chain) if "=" in chain else None
        end = _NUMBER_AT_END.search(chain.rstrip(" .\\")) if m is not None else None
        if end is not None:
            values.setdefault(_name(m.group(1)), set()).add(float(end.group(1).replace("−", "-")))
    return lambda name, value: any(abs(v - value) <= 1e-9 * max(1.0, abs(v)) for v in values.get(name, ()))


_NUMBER_LABEL = re.compile(r"\s*\{?\s*([-+−]?(?:\d+\.?\d*|\.\d+))\s*\}?\s*")


def labelled_parts(math: str) -> list[tuple[int, str]]:
    """Each brace whose label is a number, as (the label's offset, ``part = label``)."""
    out = []
    for m in _MARK.finditer(math):
        mark = m.group(0).rstrip()
        group_end = _group_end(math, m.end())
        label_end = _label_end(math, group_end, mark) if mark in _LABEL_AFTER and group_end > 0 else -1
        if label_end <= group_end:
            continue
        script = math.index(_LABEL_AFTER[mark], group_end) + 1
        label = _NUMBER_LABEL.fullmatch(math, script, label_end)
        if label is not None:
            part = plain_marks(math[m.end() + 1:group_end - 1])
            out.append((label.start(1), f"{part} = {label.group(1)}"))
    return out
