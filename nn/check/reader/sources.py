"""Where a document writes numbers outside LaTeX delimiters, and its Unicode notation as LaTeX.

Published worked examples print their numbers in many places besides ``$…$``:

- inline code spans: ```z1 = 0.3775```, ```out_o1 = 0.75136507```;
- fenced output blocks (no language, or ``text``/``output``/``console``): ``Loss: 0.2983``,
  ``z1 = [0.3775 0.3925]`` and numpy's arrays over several lines;
- math between bare ``[`` / ``]`` lines (LaTeX whose ``\\[ \\]`` lost their backslashes on the way);
- plain text in Unicode: ``w₁ = 0.4``, ``z = 0.15·0.05 + 0.35 ≈ 0.3775 → a = σ(z) = 0.5933``.

``find_spans`` gives each such place as a ``Span``: the text as written and its offset in the
document (hence its line), for the claim reader to split and parse like any math segment (whose
tokenizer reads the Unicode through ``nn.check.notation``: ``w₁`` is ``w_{1}``).

Every scan here is linear in the text: each character is looked at a bounded number of times, and
no pattern has nested quantifiers.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass

from nn.check.notation import SUBSCRIPTS, SUPERSCRIPTS
from nn.check.reader.formula_lines import (
    carried,
    continuation,
    ends_line,
    formula_fence,
    named_words,
    whole_line,
)
from nn.check.reader.layout import MathSegment, code_spans, hides, single_bars, table_end

__all__ = ["Span", "find_spans", "claim_spans", "outside_math", "OUTPUT_INFOS"]

# ---- spans ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Span:
    """A piece of a document that reads as math: its text as written, its offset, where it was found."""

    text: str
    start: int
    kind: str  # "code" (an inline code span), "output" (a fenced output block), "brackets", "text"
    alone: bool = False  # a plain-text formula on a line of its own (read even with no number in it)

    @property
    def numeric(self) -> bool:
        """Does it print a number (a digit after its first relation)?"""
        m = _RELATION.search(self.text)
        return m is not None and _ASCII_DIGIT.search(self.text, m.end()) is not None

    @property
    def stated(self) -> bool:
        """Is it read as math: it prints a number, or it is a formula set on a line of its own?"""
        return self.numeric or self.alone


OUTPUT_INFOS = {"", "text", "txt", "output", "out", "console", "plaintext", "plain", "result", "stdout"}
_RELATION = re.compile(r"≈|≃|:=|(?<![<>!=])=(?![=>])")
_OPERATORS = set("+-−*/·×⋅^_÷")
_STOP = set(";|→⇒⟹←⟵⇐")
_WORD = re.compile(r"[A-Za-z]{2,}")
_NAME_GOES_ON = set("_(^'′{[0123456789") | set(SUBSCRIPTS) | set(SUPERSCRIPTS)
_FUNCTION_WORDS = {"exp", "log", "ln", "tanh", "sigmoid", "sigma", "relu", "ReLU", "softmax", "max", "min",
                   "sqrt", "abs", "frac", "cdot", "times", "approx", "partial", "text", "mathrm", "dfrac",
                   "array", "tensor", "hat", "left", "right", "odot", "delta", "eta", "alpha", "mathbf"}
_CODE_WORDS = re.compile(r"(?:^|[^\w])(?:import|def|return|lambda|print|for|while|class)\b"
                         r"|==|\.[A-Za-z_]|[$\"]")
_NUMBER = r"[-−+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_SCALAR_WRAPPER = re.compile(rf"(?:(?:np|numpy|jnp)\.float\d+|Array|tensor|array)\(\s*({_NUMBER})")
_VALUE_AHEAD = r"(?=[-−+]?\.?\d|\[|(?:Array|tensor|array|np\.float\d*)\()"
_LABEL_WORDS = re.compile(r"[A-Za-z_][\w\[\],.' ]*")
_PRINTED_PAIR = re.compile(rf"^([ \t]*[A-Za-z_]\w*)[ \t]+{_VALUE_AHEAD}")
_NAME_ALONE = re.compile(r"^[ \t]*[A-Za-z_][\w\[\],.' ]*[=:][ \t]*$")  # `Updated W1 =`, its value below
_VALUE_START = re.compile(_VALUE_AHEAD)
_ASSIGNMENT = re.compile(r"^[^()\[\]'\"]*?(?<![=!<>])=(?!=)")  # `x = …`, `y, z = …` (not `f(a=1)`)
_STATEMENT = re.compile(r"(?:def|class|import|from|for|while|if|with|return|print|assert|del|try)\b")
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)|<https?://[^>\s]*>|https?://\S+")
_BARE_OPEN = re.compile(r"^[ \t]*\[[ \t]*$")
_BARE_CLOSE = re.compile(r"^[ \t]*\][ \t]*$")
_BARE_ONE_LINE = re.compile(r"^[ \t]*\[[ \t](.*=.*)[ \t]\][ \t]*$")
_ASCII_DIGIT = re.compile("[0-9]")
_INDENTED = "\x00indented"  # an indented code block's place among the fences (no info string can be it)
_MATH_MARK = "\x01"  # what delimited math is blanked with: a claim touching it is that math's
_PROSE_WORD = re.compile(r"[A-Za-z]{3,}")
_OPERATOR_AFTER = re.compile(r"[ \t]?[-+−*/·×^=≈)]")  # `target)`, `target = …`: a word as an operand
_PLAIN_DERIVATIVE = re.compile(r"d[A-Za-z]\w*/d[A-Za-z]")  # dL/dw11: a derivative, not the word dL
_UNCLOSED_MATH = re.compile(r"\$|\\[(\[]")  # left after the closed math is blanked: its reader lists it


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _blank(chars: list[str], start: int, end: int, mark: str = " ") -> None:
    """Blank ``chars[start:end]`` with ``mark``, keeping newlines (so offsets and lines stay)."""
    for k in range(max(start, 0), min(end, len(chars))):
        if chars[k] != "\n":
            chars[k] = mark


def _word_stops(line: str, at: int, names: Container[str] = ()) -> bool:
    """Does an English word start at ``at`` (``so``, ``which``), ending the claim before it? A word
    the document names a quantity with (``names``: ``out`` of ``out = σ(net)``) goes on, as does a
    word an operator or a relation follows (``o - target = 0.74``: an operand, not prose)."""
    m = _WORD.match(line, at)
    if m is None or m.group(0) in _FUNCTION_WORDS or m.group(0) in names \
            or _PLAIN_DERIVATIVE.match(line, at) or _OPERATOR_AFTER.match(line, m.end()):
        return False
    return m.end() >= len(line) or line[m.end()] not in _NAME_GOES_ON


def _right_end(line: str, at: int, names: Container[str] = ()) -> int:
    """Where the right side that starts at ``at`` ends: at ; | → or a sentence's end, outside brackets."""
    depth, i = 0, at
    while i < len(line):
        c = line[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and (c in _STOP or (c in ",." and line[i + 1:i + 2] in ("", " ", "\t"))
                             or (c == " " and _word_stops(line, i + 1, names))):
            break
        i += 1
    return i


def _left_start(line: str, at: int, lowest: int) -> int:
    """Where the left side that ends at ``at`` starts: one word, or words joined by operators."""
    i, depth = at, 0
    while i > lowest and line[i - 1] in " \t":
        i -= 1
    while i > lowest:
        c = line[i - 1]
        if c in ")]}":
            depth += 1
        elif c in "([{":
            if depth == 0:
                break
            depth -= 1
        elif c in " \t" and depth == 0:
            j = i - 1
            while j > lowest and line[j - 1] in " \t":
                j -= 1
            if j > lowest and (line[j - 1] in _OPERATORS or line[i] in _OPERATORS):
                i = j
                continue
            break
        i -= 1
    return i


def _is_list_marker(line: str, at: int) -> bool:
    """A ``-`` or ``+`` opening a list item (at the line's start, a space after it), not a minus."""
    return line[at] in "-+" and line[at + 1:at + 2] == " " and not line[:at].strip()


def claim_spans(line: str, names: Container[str] = ()) -> list[tuple[int, int]]:
    """The (start, end) of each ``lhs = rhs (≈ rhs …)`` in one line of plain text; ``names``: words
    the document names quantities with, read as names on a right side (not as prose ending it)."""
    out: list[tuple[int, int]] = []
    lowest, pos = 0, 0
    while (m := _RELATION.search(line, pos)) is not None:
        start = _left_start(line, m.start(), lowest)
        while start < m.start() and (line[start] in "*\"'“‘• \t" or _is_list_marker(line, start)):
            start += 1
        end = _right_end(line, m.end(), names)
        while (r := _RELATION.match(line, end)) is not None or line[end:end + 1] == "≈":
            end = _right_end(line, (r.end() if r else end + 1), names)
        text = line[start:end]
        left, right = text[:m.start() - start], text[m.start() - start:]
        if left.strip() and any(c.isalnum() for c in right):
            out.append((start, end - len(text) + len(text.rstrip(" \t*.,:"))))
        lowest = pos = max(end, m.end())
    return out


def _claims_in_lines(text: str, base: int, kind: str) -> list[Span]:
    spans = []
    for offset, line in zip(_line_starts(text), text.split("\n")):
        spans += [Span(line[a:b], base + offset + a, kind) for a, b in claim_spans(line)]
    return spans


# ---- where the pieces are ---------------------------------------------------------------------------
@dataclass
class _Blocks:
    prose: list[str]  # the document with code, html, tables and the given math blanked
    fences: list[tuple[str, int, str]]  # (info, offset of the content, content) of every fence
    table_lines: set[int]


def _blocks(text: str, math: Iterable[tuple[int, int]]) -> _Blocks:
    from markdown_it import MarkdownIt


    starts = _line_starts(text)
    lines = text.split("\n")
    prose = list(text)
    blocks = _Blocks(prose, [], set())
    for tok in MarkdownIt("commonmark").enable("table").parse(single_bars(text)):
        if not tok.map:
            continue
        first, last = tok.map[0], min(tok.map[1], len(starts))
        end = starts[last] if last < len(starts) else len(text)
        if tok.type == "fence":
            content_at = starts[first + 1] if first + 1 < len(starts) else len(text)
            blocks.fences.append((tok.info.strip().lower(), content_at, tok.content))
        elif tok.type == "code_block":  # indented: read only when it holds formulas (formula_fence)
            blocks.fences.append((_INDENTED, starts[first], text[starts[first]:end]))
        if tok.type == "html_block":
            for n in range(first, last):
                if hides(lines, first, n):
                    _blank(prose, starts[n], starts[n] + len(lines[n]))
        elif tok.type in ("fence", "code_block"):
            _blank(prose, starts[first], end)
        if tok.type == "table_open":
            last = table_end(lines, first, last)
            _blank(prose, starts[first], starts[last] if last < len(starts) else len(text))
            blocks.table_lines.update(range(first + 1, last + 1))
    for a, b in math:
        _blank(prose, a, b, _MATH_MARK)
    return blocks


def _code_spans(prose: list[str], text: str) -> list[Span]:
    """Inline code spans that state a claim (``z1 = 0.3775``); code (``np.dot(W, x)``) is not one.
    The spans are the layout's (``layout.code_spans``, CommonMark's rule), each then blanked."""

    spans = []
    for a, b in code_spans("".join(prose)):
        ticks = len(text[a:b]) - len(text[a:b].lstrip("`"))
        content = text[a + ticks:b - ticks]
        if _RELATION.search(content) and not _CODE_WORDS.search(content):
            spans += _claims_in_lines(content, a + ticks, "code")
        elif (named := _named_formula(text, a, b, content)) is not None:
            spans.append(named)
            _blank(prose, named.start, a)
        _blank(prose, a, b)
    return spans


_NAME_EQUALS = re.compile(r"^[ \t\-*+>]*([A-Za-z][A-Za-z0-9_]*)[ \t]*(?:=|:=)[ \t]*$", re.M)


def _named_formula(text: str, a: int, b: int, content: str) -> Span | None:
    """``z = `w11 * x1 + b` `` alone on its line: the code span is the formula of the name before it."""
    line_start = text.rfind("\n", 0, a) + 1
    m = _NAME_EQUALS.search(text, line_start, a)
    line_end = text.find("\n", b)
    if m is None or text[b:line_end if line_end >= 0 else len(text)].strip() or not content.strip() \
            or _CODE_WORDS.search(content) or "\n" in content:
        return None
    return Span(f"{m.group(1)} = {content.strip()}", m.start(1), "text")


def _output_lines(content: str, base: int) -> list[Span]:
    """A fenced output block's claims: ``name = value``, ``name: value``, ``name value`` (Python's
    ``print('name', value)``), a ``name =`` line with its value on the lines after it; an array
    printed over several lines is one claim (its lines joined while a bracket is open); numpy, JAX
    and torch scalars (``np.float64(0.42)``, ``Array(3.05, dtype=float32)``, ``tensor(12.6667,
    grad_fn=<MeanBackward0>)``) are their number."""
    spans, pending = [], None
    for at, logical in _logical_lines(content):
        labelled = _labelled(logical)
        text = _unwrapped_scalars(labelled)
        if pending is not None and _VALUE_START.match(text.lstrip()):
            spans += _logical_claims(f"{pending[1]} {text.strip()}", base + pending[0])
            pending = None
            continue
        pending = (at, text.rstrip()) if _NAME_ALONE.match(text) else (pending if not text.strip() else None)
        if labelled is not logical:  # `Attention weights: tensor([…])`: the label is its name
            lead = len(text) - len(text.lstrip())
            spans.append(Span(text.strip(), base + at + lead, "output"))
        else:
            spans += _logical_claims(text, base + at)
    return spans


def _transcript(content: str, base: int) -> list[Span]:
    """A Python session in a code block (doctest): what ``>>> expression`` printed is its value,
    ``grad_tanh(1.0) = 0.4199…``; statements (``>>> x = 2``, ``>>> def f``) claim nothing."""
    spans, expression = [], None
    for at, line in zip(_line_starts(content), content.split("\n")):
        if line.startswith(">>>") or line.startswith("..."):
            code = line[3:].split("#", 1)[0].strip()
            expression = code if line.startswith(">>>") and is_expression(code) else None
        elif expression is not None and line.strip():
            value = _unwrapped_scalars(line.strip())
            if _VALUE_START.match(value):
                spans.append(Span(f"{expression} = {value}", base + at, "output"))
            expression = None
    return spans


def is_expression(code: str) -> bool:
    """``grad_tanh(1.0)`` is an expression; ``x = 2``, ``def f(x):``, ``import numpy`` are not."""
    return bool(code) and _ASSIGNMENT.search(code) is None and _STATEMENT.match(code) is None


def _logical_lines(content: str) -> list[tuple[int, str]]:
    """(offset, text) of each logical line: physical lines joined while a bracket is open."""
    out, group_start, depth = [], 0, 0
    starts = _line_starts(content)
    lines = content.split("\n")
    for k, line in enumerate(lines):
        if depth == 0:
            group_start = k
        depth = max(0, depth + line.count("[") + line.count("(") - line.count("]") - line.count(")"))
        if depth and k + 1 < len(lines):
            continue
        out.append((starts[group_start], "\n".join(lines[group_start:k + 1])))
    return out


def _labelled(logical: str) -> str:
    """``Loss: 0.29`` and ``b_grad -0.29`` (a label, then its value) as ``Loss= 0.29``, ``b_grad= -0.29``."""
    colon = logical.find(": ")
    label_then_value = colon > 0 and _LABEL_WORDS.fullmatch(logical[:colon].strip()) is not None
    if label_then_value and _VALUE_START.match(logical[colon + 2:].lstrip()):
        at = colon  # `Loss: 0.29`, `Attention weights: tensor([…])`
    elif label := _PRINTED_PAIR.match(logical):
        at = label.end(1)
    else:
        return logical
    return logical[:at] + "=" + logical[at + 1:]


def _unwrapped_scalars(text: str) -> str:
    """``np.float64(0.42)`` → ``0.42``; ``tensor(12.6667, grad_fn=<MeanBackward0>)`` → ``12.6667``
    (the text itself when there is none)."""
    if _SCALAR_WRAPPER.search(text) is None:
        return text
    out, pos = [], 0
    for m in _SCALAR_WRAPPER.finditer(text):
        if m.start() < pos:
            continue
        close = text.find(")", m.end())
        tail = text[m.end():close] if close >= 0 else "["
        if "(" in tail or "[" in tail or (tail.strip() and not tail.lstrip().startswith(",")):
            continue
        out += [text[pos:m.start()], m.group(1)]
        pos = close + 1
    return "".join(out) + text[pos:]


def _logical_claims(logical: str, at: int) -> list[Span]:
    """Claims of one logical output line; one spanning lines (an array) is taken whole."""
    if "\n" not in logical:
        spans = _claims_in_lines(logical, at, "output")
        return [sp for sp in spans if _printed_value(logical, sp.start - at)]
    m = _RELATION.search(logical)
    if m is None or "\n" in logical[:m.start()]:
        return []
    start = _left_start(logical, m.start(), logical.rfind("\n", 0, m.start()) + 1)
    return [Span(logical[start:].rstrip(), at + start, "output")]


def _printed_value(line: str, start: int) -> bool:
    """An output line's claim is a printed value: it starts the line (or follows a comma) and
    names something (``z1 = 0.3775``, ``a = 1, b = 2``; not ``for l = 1 to L`` nor ``── = 1``)."""
    before = line[:start].rstrip()
    left = _RELATION.split(line[start:], 1)[0]
    return (not before or before.endswith((",", ";"))) and any(c.isalpha() for c in left)


def _bare_brackets(prose: list[str]) -> list[Span]:
    """Math between a line ``[`` and a line ``]``, and ``[ z = 0.3 ]`` alone on its line."""
    s = "".join(prose)
    spans, opened = [], None
    for offset, line in zip(_line_starts(s), s.split("\n")):
        if opened is None and _BARE_OPEN.match(line):
            opened = offset + len(line) + 1
        elif opened is not None and _BARE_CLOSE.match(line):
            spans.append(Span(s[opened:offset], opened, "brackets"))
            _blank(prose, opened - 2, offset + len(line))
            opened = None
        elif opened is None and (m := _BARE_ONE_LINE.match(line)):
            spans.append(Span(m.group(1), offset + m.start(1), "brackets"))
            _blank(prose, offset, offset + len(line))
    return spans


def _plain_text(prose: list[str], table_lines: set[int]) -> list[Span]:
    return _plain_lines(_LINK_TARGET.sub(lambda m: " " * len(m.group(0)), "".join(prose)), 0, table_lines)


@dataclass
class _Head:
    """The last claim read in plain text: its index in the spans, its line, does it end its line,
    and the lines that carry its chain on (joined once, at the end: linear in the chain's length)."""

    index: int
    line: int
    open: bool
    carried: list[str]


def _plain_lines(s: str, base: int, table_lines: Container[int] = ()) -> list[Span]:
    """The claims of plain-text lines; a line that starts with ``=`` (``≈``, ``→``) carries on the
    chain that ends the line above it, read as one claim over its lines (``formula_lines``), or
    states a value of the left side of the claim above (when that claim does not end its line)."""
    spans: list[Span] = []
    chains: list[_Head] = []
    head: _Head | None = None
    names = named_words(s)
    for number, (offset, line) in enumerate(zip(_line_starts(s), s.split("\n")), 1):
        if number in table_lines or not line.strip() or _UNCLOSED_MATH.search(line):
            head = head if not line.strip() else None
            continue
        found = [(a, b) for a, b in claim_spans(line, names) if _reads_as_math(line[a:b], line[:a])]
        head = _still_open(spans, head, line)
        end = _continue_chain(spans, head, line, number, base + offset, names)
        found = [(a, b) for a, b in found if a >= end]
        spans += [Span(_glossed(line, a, b), base + offset + a, "text", whole_line(line, a, b))
                  for a, b in found]
        if end and not found and head is not None and head.open:  # carried on the chain above
            head.line, head.open = number, ends_line(line, end)
        elif found or end:  # claims of the line's own
            head = _Head(len(spans) - 1, number, ends_line(line, found[-1][1] if found else end), [])
            chains.append(head)
        else:
            head = None
    _join_chains(spans, chains)
    return spans


def _still_open(spans: list[Span], head: _Head | None, line: str) -> _Head | None:
    """The chain a line may carry on: none when the chain has come to its number and the line goes on
    with arithmetic (``= 0.2378 + 0.2982 = 0.5359``, then ``= (0.45)(0.5944) + …``: the next unit's)."""
    if head is not None and head.open and _starts_anew(spans[head.index].text, head.carried, line):
        return None
    return head


def _join_chains(spans: list[Span], chains: list[_Head]) -> None:
    """Each chain's head and the lines carrying it on as one claim (joined once: linear)."""
    for chain in chains:
        if chain.carried:
            span = spans[chain.index]
            text = "".join([span.text.rstrip(" \t.,;:"), *chain.carried])
            spans[chain.index] = Span(text, span.start, span.kind, span.alone)


_GLOSS = re.compile(r"\(\s*[A-Za-z]+(?:[\s-]+[A-Za-z]+)+\s*\)")  # `(true label)`: words, not a symbol
_NAME_BEFORE = re.compile(r"^[\s\-*+>]*([A-Za-z][A-Za-z0-9_]*)\s*$")  # a list item's one name


def _glossed(line: str, start: int, end: int) -> str:
    """``- y (true label) = 1.0``: a name glossed in words between it and its value is the claim
    ``y = 1.0``; any other claim as written."""
    text = line[start:end]
    relation = _RELATION.search(text)
    name = _NAME_BEFORE.match(line[:start])
    if relation is None or name is None or not _GLOSS.fullmatch(text[:relation.start()].strip()):
        return text
    return f"{name.group(1)} {text[relation.start():]}"


_ENDS_IN_NUMBER = re.compile(r"(?:=|≈|≃)[ \t]*[-−+]?(?:\d+\.?\d*|\.\d+)[ \t.,;:]*$")
_BARE_NUMBER = re.compile(r"[ \t]*[-−+]?(?:\d+\.?\d*|\.\d+)[ \t.,;:]*$")


def _starts_anew(head: str, carried: list[str], line: str) -> bool:
    """Does a continuation line start a chain of its own: the chain above has come to its number
    (``= 0.5359``) and this line carries on with arithmetic, not that number restated or rounded
    (``= (0.45)(0.5944) + (0.55)(0.5963)``: the next unit's net input, its left side not written)?"""
    cont = continuation(line)
    if cont is None or not _ENDS_IN_NUMBER.search(carried[-1] if carried else head):
        return False
    first = _RELATION.split(cont[1][1:], 1)[0]
    return _BARE_NUMBER.fullmatch(first) is None and _DIGIT_OR_NAME.search(first) is not None


_DIGIT_OR_NAME = re.compile(r"[0-9A-Za-z]")


def _continue_chain(spans: list[Span], head: _Head | None, line: str, number: int, line_at: int,
                    names: Container[str]) -> int:
    """A line like ``   = 0.45 * (1 - 0.45) ≈ 0.2475``: carried on the chain it continues when that
    ends its line, else a claim of its own about the left side above (with none when no claim is
    above: its arithmetic is still checked, or it is listed); where it ends in the line (0 when it
    continues nothing)."""
    cont = continuation(line)
    if cont is None:
        return 0
    at, rest = cont
    cut = claim_spans("x " + rest, names)
    if not cut or cut[0][0] != 0:
        return 0
    sides = rest[:cut[0][1] - 2]
    if head is not None and head.open:
        head.carried.append(carried(number - head.line, at, sides))
    else:
        left = _RELATION.split(spans[head.index].text, 1)[0].strip() if head is not None else ""
        spans.append(Span(f"{left} {sides}".lstrip(), line_at + at, "text"))
    return at + cut[0][1] - 2


_LINE_START = re.compile(r"^[\s\-*+>#0-9.)]*$")  # nothing before a claim but a list or quote marker


def _reads_as_math(claim: str, before: str = "") -> bool:
    """A claim of prose is math when its left side is a symbol (``w₁``, ``E_total``, ``∂E/∂w``,
    ``σ(z)``) or a word that starts the line (``Loss ≈ 0.1511``), not a word in a sentence
    (``2 inputs × 2 neurons = 4``), and it touches no ``$`` (an unclosed or blanked formula: its
    reader says what is wrong with it)."""
    if "$" in claim or _MATH_MARK in claim:
        return False
    left = _RELATION.split(claim, 1)[0].strip()
    return not _PROSE_WORD.fullmatch(left) or bool(_LINE_START.match(before.replace("*", " ")))


def _fence_spans(info: str, at: int, content: str) -> list[Span]:
    """A fence's claims: formulas read as plain text (``formula_lines.formula_fence``), else what a
    program printed (no language or an output one) or a Python session; an indented block is read
    only when it holds formulas."""
    if (info in OUTPUT_INFOS or info == _INDENTED) and formula_fence(content):
        return _plain_lines(content, at)
    if info in OUTPUT_INFOS:
        return _output_lines(content, at)
    if info.split()[:1] in (["python"], ["py"], ["pycon"], ["python3"], ["ipython"]):
        return _transcript(content, at)
    return []


def find_spans(text: str, math: Sequence[tuple[int, int]] = ()) -> list[Span]:
    """Every place outside LaTeX delimiters where the document writes math, in document order.

    ``math`` holds the (start, end) offsets of the delimited math already read (delimiters
    included), which is not read again. Code blocks in a language (```` ```python ````) are code
    and not read; fences with no language or an output one (``OUTPUT_INFOS``) are outputs.
    """
    blocks = _blocks(text, math)
    spans = _code_spans(blocks.prose, text)
    for info, at, content in blocks.fences:
        spans += _fence_spans(info, at, content)
    spans += _bare_brackets(blocks.prose)
    spans += _plain_text(blocks.prose, blocks.table_lines)
    return sorted(spans, key=lambda sp: sp.start)


def outside_math(text: str, segments: list[MathSegment]) -> list[MathSegment]:
    """The numbers written outside delimiters (code spans, output fences, bare [ ] lines, Unicode
    prose), as more math segments."""
    delimited = [(seg.start - 2, seg.start + len(seg.text) + 2) for seg in segments]
    return [MathSegment(span.text, span.start, span.kind == "brackets")
            for span in find_spans(text, delimited) if span.stated]
