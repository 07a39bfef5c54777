"""Where the math of a Markdown document is: markdown-it-py's layout (code, setup fences, headings,
tables) and the math segments between ``$…$``, ``$$…$$``, ``\\(…\\)``, ``\\[…\\]``.

markdown-it-py finds code blocks, fences (a ```` ```stepgrad ```` fence holds the setup), headings and
tables (``table_claim``: a row ``| $quantity$ | … | number |`` is a claim too); code is never read as
math. mdit-py-plugins' math rules were tried and not used: its dollar and bracket rules both register
``math_inline`` and cannot be loaded together, and inline tokens carry no line numbers.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from nn.check.reader.annotations import labelled_parts, plain_marks, stated_values
from nn.check.reader.html_text import HTML_SUFFIXES

DOCUMENT_SUFFIXES = (".md", ".markdown", ".txt", ".mdown", ".mkd", ".ipynb", *HTML_SUFFIXES)


def is_document(name: str | Path) -> bool:
    """Is this a Markdown document to read (by its suffix), rather than a worked-example file?"""
    return Path(str(name)).suffix.lower() in DOCUMENT_SUFFIXES


# ---- 1. Markdown: where the math is -------------------------------------------------------------
@dataclass(frozen=True)
class MathSegment:
    text: str  # the LaTeX between the delimiters
    start: int  # offset of ``text`` in the document
    display: bool


@dataclass
class Layout:
    """What markdown-it-py says about a document: code to skip, setup fences, headings."""

    masked: str
    setups: list[tuple[int, str]] = field(default_factory=list)  # (line of the fence, TOML)
    headings: list[int] = field(default_factory=list)  # 1-based lines
    heading_texts: dict[int, str] = field(default_factory=dict)  # line → the heading as written
    heading_levels: dict[int, int] = field(default_factory=dict)  # line → 1 for #, 2 for ##, …
    table_rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (line, cells as written)


_BACKTICKS = re.compile(r"`+")


def code_spans(text: str) -> list[tuple[int, int]]:
    """The inline code spans of a text, as (start, end) offsets: a run of n backticks up to the next
    run of exactly n (CommonMark's rule). One pass over the runs: O(n log n) in the text's length."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    by_length: dict[int, list[int]] = {}
    for k, (a, b) in enumerate(runs):
        by_length.setdefault(b - a, []).append(k)
    spans, k = [], 0
    while k < len(runs):
        a, b = runs[k]
        same = by_length[b - a]
        at = bisect.bisect_right(same, k)
        if at == len(same):
            k += 1
            continue
        close = same[at]
        spans.append((a, runs[close][1]))
        k = close + 1
    return spans


_MYST_ROLE = "{math}"


def _blank_code_spans(text: str) -> str:
    """The text with its inline code spans blanked (offsets stay); a MyST math role
    ``{math}`z = 0.5` `` is inline math, its backticks become the ``$`` that delimit it."""
    out, last = [], 0
    for a, b in code_spans(text):
        ticks = len(text[a:b]) - len(text[a:b].lstrip("`"))
        role = a - len(_MYST_ROLE) >= last and text.endswith(_MYST_ROLE, 0, a)
        if role and text[a + ticks:b - ticks].strip():
            out += [text[last:a - len(_MYST_ROLE)], " " * (len(_MYST_ROLE) + ticks - 1), "$",
                    text[a + ticks:b - ticks], "$", " " * (ticks - 1)]
        else:
            out += [text[last:a], " " * (b - a)]
        last = b
    return "".join(out) + text[last:]


_DOUBLE_BAR = re.compile(r"(?m)^([ \t]*\|.*)$")


def single_bars(text: str) -> str:
    """The text with a table's ``||`` (the rule some authors draw before derived columns:
    ``| z | σ(z) || σ'(z) |``) as one ``|`` and a space, on lines that start a table row; its
    length and lines unchanged, so markdown-it reads the table its author drew."""
    if "||" not in text:
        return text
    return _DOUBLE_BAR.sub(lambda m: m.group(1).replace("||", " |"), text)


def read_layout(text: str) -> Layout:
    from markdown_it import MarkdownIt

    text = single_bars(text)
    lines = text.split("\n")
    layout = Layout("")
    row: list[str] | None = None
    heading: int | None = None
    for tok in MarkdownIt("commonmark").enable("table").parse(text):
        if tok.type == "heading_open" and tok.map:
            layout.headings.append(tok.map[0] + 1)
            layout.heading_levels[tok.map[0] + 1] = int(tok.tag[1:])
            heading = tok.map[0] + 1
        elif tok.type == "inline" and heading is not None:
            layout.heading_texts[heading] = tok.content
            heading = None
        if tok.type == "tr_open" and tok.map and "|" in lines[tok.map[0]]:
            row = []
            layout.table_rows.append((tok.map[0] + 1, row))
        elif tok.type == "inline" and row is not None:
            row.append(tok.content)
        elif tok.type == "tr_close":
            row = None
        if tok.type in ("fence", "code_block", "html_block") and tok.map:
            if tok.type == "fence" and tok.info.strip().split()[:1] == ["stepgrad"]:
                layout.setups.append((tok.map[0] + 1, tok.content))
            _hide(lines, tok)
    masked = "\n".join(lines)
    layout.masked = _blank_code_spans(masked)
    return layout


def _hide(lines: list[str], tok) -> None:
    """Blank a code block's lines (an HTML block's markup only); a closed math fence is kept as math."""
    if tok.type == "fence" and tok.info.strip().split()[:1] in _MATH_FENCES \
            and _as_display(lines, tok.map[0], min(tok.map[1], len(lines)) - 1):
        return
    for n in range(tok.map[0], min(tok.map[1], len(lines))):
        if tok.type != "html_block" or hides(lines, tok.map[0], n):
            lines[n] = " " * len(lines[n])


_MATH_FENCES = (["math"], ["latex"], ["tex"], ["katex"], ["{math}"])  # {math}: MyST's directive
_DIRECTIVE_OPTION = re.compile(r"^\s*:[\w-]+:")  # :label: sigmoid, :nowrap: (a MyST directive's options)


def _as_display(lines: list[str], first: int, last: int) -> bool:
    """A closed ```` ```math ```` fence is display math: its fence lines become ``$$`` (columns kept;
    the math starts after the opening line's info). False, and nothing changed, when it is not closed."""
    if last <= first or not lines[last].lstrip().startswith(("```", "~~~")):
        return False
    lines[first], lines[last] = "$$".rjust(len(lines[first])), "$$".ljust(len(lines[last]))
    return True


def _without_options(math: str) -> str:
    """Display math without the option lines a MyST directive opens with (``:label: sigmoid``),
    blanked (offsets stay); no LaTeX starts a line with ``:name:``."""
    lines = math.split("\n")
    for n, line in enumerate(lines):
        if line.strip() and not _DIRECTIVE_OPTION.match(line):
            break
        lines[n] = " " * len(line)
    return "\n".join(lines)


_RAW_HTML = ("<!--", "<script", "<style", "<pre", "<textarea")


def table_end(lines: list[str], first: int, last: int) -> int:
    """Where a table that CommonMark's rule runs from line ``first`` to ``last`` (0-based, exclusive)
    really ends: at its first line with no ``|``. A pasted text with no blank line after its table
    (``| w₅ | 0.40 |`` then ``net_h1 = …``) goes on as prose there, as its author meant."""
    for n in range(first, min(last, len(lines))):
        if "|" not in lines[n]:
            return n
    return last


def hides(lines: list[str], first: int, n: int) -> bool:
    """Is line n of the HTML block starting at ``first`` markup, not text? A comment, script, style or
    ``<pre>`` block is all markup; in others (``<details>``) only the lines that are tags are: the
    text between ``<summary>…</summary>`` and ``</details>`` is read."""
    return lines[first].lstrip().lower().startswith(_RAW_HTML) or lines[n].lstrip().startswith("<")


_CELL_MATH = re.compile(r"^\s*\$([^$]+)\$\s*$")
_CELL_NAME = re.compile(r"^\s*(?:`([^`]+)`|\*{0,2}([^\s$`|*]{1,40}?)\*{0,2})\s*$")  # `out_o2`, w₁, **z1**
_PROSE_WORD = re.compile(r"[A-Za-z]{3,}")
_DERIVATIVE_TITLE = re.compile(r"∂|\\partial|grad|deriv|slope|δ|\\delta|\bd\w*/d", re.I)
_PER_COLUMN = re.compile(r"(?:∂|\\partial\s*|\bd)\s*(\w+)\s*/\s*(?:∂|\\partial\s*|d)\s*(\w+)")  # ∂L/∂Variable
_CELL_NUMBER = re.compile(r"^\s*`?\s*([-−+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*`?\s*$")


def table_claim(cells: list[str], header: list[str] | None = None) -> str | None:
    """A table row ``| $\\delta_{out}$ | `formula` | `0.1385` |`` as the claim ``\\delta_{out} = 0.1385``:
    the first cell names the quantity (in math, in code or as a symbol: `` `out_o2` ``, ``w₁``), the
    last cell holding one number is its value. Under a header ``| Variable | Gradient (∂L/∂Variable) |``
    the value is ``∂L/∂w``; under another header naming a derivative, the row is not a claim."""
    lhs = cell_name(cells[0]) if cells else None
    values = [(k, m.group(1)) for k, cell in enumerate(cells) if k and (m := _CELL_NUMBER.match(cell))]
    if not lhs or not values:
        return None
    column, value = values[-1]
    title = header[column] if header and column < len(header) else ""
    if not _DERIVATIVE_TITLE.search(title):
        return f"{lhs} = {value}"
    m = _PER_COLUMN.search(title)
    if m is None or not header or m.group(2).strip().casefold() != header[0].strip().strip("*`").casefold():
        return None
    return f"\\frac{{\\partial {m.group(1)}}}{{\\partial {lhs}}} = {value}"


def table_headers(rows: list[tuple[int, list[str]]]) -> dict[int, list[str]]:
    """Each table body row's line → its table's header cells. A table's first row is its header;
    its body starts two lines down (under the ``|---|`` row); a table starts where one ends."""
    headers: dict[int, list[str]] = {}
    header: list[str] = []
    previous, previous_is_header = -10, False
    for line, cells in rows:
        follows = line == previous + 1 or (previous_is_header and line == previous + 2)
        if not follows:
            header, previous_is_header = cells, True
        else:
            headers[line] = header
            previous_is_header = False
        previous = line
    return headers


def cell_name(cell: str) -> str | None:
    """The quantity a row's first cell names: in math, in code or as a bare symbol (not a word)."""
    if m := _CELL_MATH.match(cell):
        return m.group(1).strip()
    m = _CELL_NAME.match(cell)
    name = (m.group(1) or m.group(2)).strip() if m else ""
    if not name or name[0] in "0123456789.-" or _PROSE_WORD.fullmatch(name):
        return None
    return name


def _closing_dollar(s: str, i: int) -> int | None:
    """The closing ``$`` of an inline ``$…$`` opened at i, or None when it is no math.

    Pandoc's rule (no space inside the dollars, no digit after the closing one: ``$5 and $10`` is
    text), relaxed as MathJax sites write ``$ net_{h1} = 0.3775 $``: spaces inside are allowed when
    the content is plainly LaTeX (it has one of ``\\ _ ^ { } =``).
    """
    k = i + 1
    while (m := _DOLLAR_STOP.search(s, k)) is not None and m.group(0).startswith("\\"):
        k = m.end()
    if m is None or m.group(0) != "$":
        return None
    k = m.start()
    content = s[i + 1:k]
    if not content.strip() or s[k + 1:k + 2].isdigit():
        return None
    tight = not content[0].isspace() and not content[-1].isspace()
    return k if tight or re.search(r"[\\_^{}=]", content) else None


_DOLLAR_STOP = re.compile(r"\\.|\$|\n\n", re.S)
_QUOTE_MARKS = re.compile(r"(?m)^[ \t]*(?:>[ \t]?)+")


def _unquoted(math_text: str, s: str, opened_at: int) -> str:
    """Math spanning lines of a block quote, without the quote's ``>`` marks (blanked: offsets stay)."""
    if "\n" not in math_text:
        return math_text
    line_start = s.rfind("\n", 0, opened_at) + 1
    if not s[line_start:opened_at].lstrip().startswith(">"):
        return math_text
    return _QUOTE_MARKS.sub(lambda m: " " * len(m.group(0)), math_text)


_OPENERS = {"$$": ("$$", True), "\\[": ("\\]", True), "\\(": ("\\)", False)}


_MATH_MARK = re.compile(r"\\.|\$\$?", re.S)


class _Closers:
    """Where each closing delimiter next occurs, searched once per stretch: the unclosed ``\\(`` of a
    long text costs one search, not one per opener (linear in the text)."""

    def __init__(self, s: str) -> None:
        self.s = s
        self.found: dict[str, tuple[int, int]] = {}  # closer → (searched from, found at or -1)

    def next(self, close: str, start: int) -> int:
        searched, at = self.found.get(close, (len(self.s) + 1, -1))
        if start >= searched and (at < 0 or at >= start):
            return at
        at = self.s.find(close, start)
        self.found[close] = (start, at)
        return at


def find_math(text: str, masked: str | None = None) -> tuple[list[MathSegment], list[tuple[int, str]]]:
    """Every math segment of a Markdown text, and every unclosed delimiter (offset, message).

    One pass: each character is looked at a bounded number of times (linear in the text)."""
    s = masked if masked is not None else read_layout(text).masked
    segments: list[MathSegment] = []
    problems: list[tuple[int, str]] = []
    closers = _Closers(s)
    stated = stated_values(s)
    i = 0
    while (m := _MATH_MARK.search(s, i)) is not None:
        i = m.start()
        opener = s[i:i + 2]
        if opener in _OPENERS:
            close, display = _OPENERS[opener]
            j = closers.next(close, i + 2)
            if j < 0:
                problems.append((i, f"`{opener}` is never closed with `{close}`"))
                i += 2
                continue
            math = _unquoted(text[i + 2:j], s, i)
            math = _without_options(math) if display and ":" in math else math
            segments.append(MathSegment(plain_marks(math, stated), i + 2, display))
            i = j + 2
        elif s[i] == "\\":
            i += 2
        elif (j := _closing_dollar(s, i)) is not None:
            segments.append(MathSegment(plain_marks(text[i + 1:j], stated), i + 1, False))
            i = j + 1
        else:
            i += 1
    written = [text[seg.start:seg.start + len(seg.text)] for seg in segments]  # before plain_marks
    segments += [MathSegment(claim, seg.start + at, False) for seg, math in zip(list(segments), written)
                 if "brace" in math for at, claim in labelled_parts(math)]  # \underbrace{…}_{0.4}
    return segments, problems


