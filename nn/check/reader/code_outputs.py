"""Where a document's code is, what follows it as printed output, and which number is which value.

A code block is a ```` ```python ```` (``py``, ``ipython``, ``pycon``…) fence of a Markdown
document or a notebook's code cell (the ```` ```code ```` fence ``reader.notebook`` writes); its
output is the fence that follows it (```` ```output ````, ```` ```text ````, a bare fence), the
lines of a doctest (``>>> grad_tanh(1.0)`` then ``np.float64(0.4199…)``), or a value written in a
trailing comment (``print(w.grad)  # tensor(18.)``, ``dz = tape.gradient(z, w)  # returns 36.0``).

``bind`` pairs what the code printed (``interpreter.Printed``, in order) with the numbers of the
output: a printed value shows as many numbers as it holds (a tuple two, a tensor repr one:
``tensor(0.3775, grad_fn=<AddBackward0>)``, ``<tf.Tensor: shape=(), dtype=float32, numpy=3.0>``,
``Array(3., dtype=float32)``); literal text shows its own digits. Numbers that cannot be paired
(the output does not line up, a value outside the subset) are returned as not bound, with why.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass

from nn.check.reader.comment_results import comment_value, unread_why
from nn.check.reader.interpreter import EXTENSIONS, CodeCell, Printed, Scalar, Unknown

__all__ = ["code_cells", "value_comments", "comment_remarks", "numbers_in", "bind", "Bound", "Loose"]

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*([\w+-]*)[^\n]*$")
_CODE_INFO = {"code", "python", "py", "python3", "ipython", "ipython3", "pycon", "jupyter", "py3"}
_OUTPUT_INFO = {"output", "text", "", "console", "out", "plaintext", "txt", "none"}
# Text around printed numbers that holds digits of its own: reprs' options, names with digits.
_NOISE = re.compile(r"shape=\([^)]*\)|dtype=[\w.]+|grad_fn=<[^>]*>|device=\S+|requires_grad=\w+|"
                    r"'[^'\n]*'|\"[^\"\n]*\"|<[A-Za-z_][\w.]*(?: object)? at 0x[0-9a-fA-F]+>|"
                    r"\b[A-Za-z_]+\d[\w]*\b|\bfloat\d+\b|\bint\d+\b|0x[0-9a-fA-F]+")
# a number ends where an ASCII name could not go on (``4.0ε``, a dual number's part, is a number)
_NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?![A-Za-z0-9_.])"
                     r"|(?<![\w.])-?(?:nan|inf)\b")
_VALUE_COMMENT = re.compile(r"^#+\s*(?:(?:returns?|gives?|prints?|outputs?|->|→|=|≈|~|is|expected:?|"
                            r"result:?|value:?|tensor|array|should be|output:?)\s*)*"
                            r"(?=[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?:[\s,;)\]]|$)|tensor\(|array\(|"
                            r"Array\(|\[\s*[-+\d.]|\(\s*[-+\d.]|<tf\.|np\.float)")
MAX_BLOCK_CHARS = 200_000


@dataclass
class Bound:
    """A printed number and the value it prints."""

    line: int
    printed: str
    value: Scalar
    how: str
    label: str = ""


@dataclass
class Loose:
    """A printed number not paired with a value, and why."""

    line: int
    printed: str
    reason: str


def fences(lines: list[str], k: int = 0) -> Iterator[tuple[int, int, str]]:
    """Every fenced block from line index ``k`` on: (its opening line, its closing line, its info
    word in lower case); an unclosed fence runs to the end. Lines inside a block are not searched."""
    while k < len(lines):
        m = _FENCE.match(lines[k])
        if not m:
            k += 1
            continue
        fence = m.group(1)
        end = next((j for j in range(k + 1, len(lines)) if lines[j].strip().startswith(fence[0] * len(fence))
                    and not lines[j].strip().strip(fence[0])), len(lines))
        yield k, end, m.group(2).lower()
        k = end + 1


_RUN_ORDER = re.compile(r"^ {0,3}`{3,}code \[(\d+|-)\]\s*$")


def code_cells(text: str) -> list[CodeCell]:
    """Every code block of the text with its output, in order (doctests split per prompt). A notebook
    whose cells ran in another order than they stand (``notebook.run_out_of_order``) is read in the
    order they ran, by execution count; a cell that did not run is left out (it made nothing the
    outputs show)."""
    cells = _blocks(text)
    if any(c.ran is not None for c in cells):
        cells = sorted((c for c in cells if c.ran is not None), key=lambda c: c.ran or 0)
    return cells


def _blocks(text: str) -> list[CodeCell]:
    lines = text.split("\n")
    cells: list[CodeCell] = []
    skip_to = -1
    for k, end, info in fences(lines):
        if k <= skip_to:
            continue  # the output fence of the block before
        body = lines[k + 1:end]
        if info in _CODE_INFO:
            ran = _RUN_ORDER.match(lines[k])
            if ran is not None and ran.group(1) == "-":
                continue  # a notebook cell that did not run
            count = int(ran.group(1)) if ran is not None else None
            if any(line.lstrip().startswith(">>>") for line in body):
                cells += _doctest(body, k + 2)
            elif any(_IN_PROMPT.match(line) for line in body):
                cells += _ipython(body, k + 2)
            else:
                cells.append(CodeCell(k + 2, "\n".join(body), ran=count))
                output = _output_after(lines, end + 1, _shows(body))
                if output is not None:
                    first, text_out, skip_to = output
                    cells[-1].outputs.append((first, text_out))
                else:
                    cells[-1].outputs += _output_comments(body, k + 2)
    return [c for c in cells if len(c.source) <= MAX_BLOCK_CHARS]


def _output_after(lines: list[str], k: int, shows: bool = False) -> tuple[int, str, int] | None:
    """The output fence right after a code fence (blank lines and an "Output:" line between), or the
    indented block there when the code ``shows`` something (``jupyter nbconvert --to markdown`` writes
    a cell's output as one)."""
    start = k
    while k < len(lines) and (not lines[k].strip() or re.fullmatch(r"\s*\**(?:output|out|result)s?:?\**\s*",
                                                                     lines[k], re.I)):
        k += 1
    if k >= len(lines):
        return None
    if shows and _INDENTED.match(lines[k]) and not _INDENTED.match(lines[start - 1] if start else ""):
        return _indented_output(lines, k)
    found = next(fences(lines, k), None) if _FENCE.match(lines[k]) else None
    if found is None or found[0] != k:
        return None
    printed = shows and found[2] in _CODE_INFO and _printed_text(lines[k + 1:found[1]])
    if found[2] not in _OUTPUT_INFO and not printed:  # a ```python fence holding what was printed
        return None
    end = found[1]
    return k + 2, "\n".join(lines[k + 1:end]), end


_REPRS = {"tensor", "array", "Array"}


def _printed_text(body: list[str]) -> bool:
    """Is a block marked as code in fact printed output: numbers that are no Python (``epoch 1
    loss=0.693``, ``tensor([1.], grad_fn=<…>)``), or only literal values (``0.5``, ``[0.1, 0.2]``,
    ``tensor([[0.7311]])``)?"""
    text = "\n".join(body)
    if len(text) > MAX_BLOCK_CHARS or not re.search(r"\d", text):
        return False
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return True
    return bool(tree.body) and all(isinstance(s, ast.Expr) and _literal(s.value) for s in tree.body)


def _literal(node: ast.expr, depth: int = 0) -> bool:
    if depth > 40:
        return False
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    if isinstance(node, ast.Constant):
        return isinstance(node.value, (int, float)) and not isinstance(node.value, bool)
    if isinstance(node, (ast.List, ast.Tuple)):
        return all(_literal(e, depth + 1) for e in node.elts)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _REPRS:
        return all(_literal(a, depth + 1) for a in node.args)
    return False


_INDENTED = re.compile(r"^(?: {4}|\t)")


def _shows(body: list[str]) -> bool:
    """Does the code print, or end in an expression a notebook displays? (Python that parses only.)"""
    if sum(len(line) + 1 for line in body) > MAX_BLOCK_CHARS:
        return False
    try:
        tree = ast.parse("\n".join(body))
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return False
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        return True
    return any(isinstance(n, ast.Name) and n.id == "print" for n in ast.walk(tree))


def _indented_output(lines: list[str], k: int) -> tuple[int, str, int]:
    """The indented block from line index ``k``: its first line (1-based), its text, its last index."""
    end = k
    for j in range(k, len(lines)):
        if _INDENTED.match(lines[j]):
            end = j
        elif lines[j].strip():
            break
    return k + 1, "\n".join(lines[k:end + 1]), end


_OUTPUT_COMMENT = re.compile(r"^\s*#+\s*(?:output|out|prints?|result|>>>?|=>)\s*:?\s*(.*)$", re.I)


def _output_comments(body: list[str], first: int) -> list[tuple[int, str]]:
    """``# Output: 0.3775`` lines of a code block with no output after it: what it printed."""
    found = {}
    for j, line in enumerate(body):
        m = _OUTPUT_COMMENT.match(line)
        if m and m.group(1).strip():
            found[j] = " " * m.start(1) + m.group(1)
    if not found:
        return []
    a, b = min(found), max(found)  # one output: the lines between blank, so each number keeps its line
    return [(first + a, "\n".join(found.get(j, "") for j in range(a, b + 1)))]


def _doctest(body: list[str], first: int) -> list[CodeCell]:
    """``>>> statement`` / ``... more`` / output lines: one cell per prompt, its output after it."""
    cells: list[CodeCell] = []
    for j, line in enumerate(body):
        stripped = line.lstrip()
        if stripped.startswith(">>>"):
            cells.append(CodeCell(first + j, stripped[4:] if len(stripped) > 3 else ""))
        elif stripped.startswith("...") and cells:
            cells[-1].source += "\n" + stripped[4:]
        elif stripped and cells:
            outputs = cells[-1].outputs
            if outputs and outputs[-1][0] + outputs[-1][1].count("\n") + 1 == first + j:
                start, out = cells[-1].outputs[-1]
                cells[-1].outputs[-1] = (start, out + "\n" + line)
            else:
                cells[-1].outputs.append((first + j, line))
    return cells


_IN_PROMPT = re.compile(r"^\s*In \[\d*\]: ?")
_MORE_PROMPT = re.compile(r"^\s*\.\.\.+: ?")
_OUT_PROMPT = re.compile(r"^\s*Out\[\d*\]: ?")


def _ipython(body: list[str], first: int) -> list[CodeCell]:
    """An IPython session: ``In [3]: statement`` / ``   ...: more`` / ``Out[3]: value`` (the prompt
    blanked, so each number keeps its column) and printed lines: one cell per ``In`` prompt."""
    cells: list[CodeCell] = []
    for j, line in enumerate(body):
        prompt = _IN_PROMPT.match(line) or _MORE_PROMPT.match(line)
        if prompt is not None and (cells or _IN_PROMPT.match(line)):
            if _IN_PROMPT.match(line):
                cells.append(CodeCell(first + j, line[prompt.end():]))
            else:
                cells[-1].source += "\n" + line[prompt.end():]
            continue
        if not line.strip() or not cells:
            continue
        out = _OUT_PROMPT.match(line)
        text = " " * out.end() + line[out.end():] if out else line
        outputs = cells[-1].outputs
        if out is None and outputs and outputs[-1][0] + outputs[-1][1].count("\n") + 1 == first + j:
            outputs[-1] = (outputs[-1][0], outputs[-1][1] + "\n" + text)
        else:
            outputs.append((first + j, text))
    return cells


def _comments(cell: CodeCell) -> Iterator[tuple[int, str, bool, str | None]]:
    """Each comment of the cell: (its document line, its text, whether code precedes it on its line,
    the value it states or None)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(cell.source).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError, ValueError):
        return
    code_on_line: set[int] = set()
    for tok in tokens:
        if tok.type == tokenize.COMMENT:
            row = tok.start[0]
            m = _VALUE_COMMENT.match(tok.string)
            value = comment_value(tok.string, tok.string[m.end():] if m else None)
            yield cell.line - 1 + row, tok.string, row in code_on_line, value
        elif tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
                              tokenize.ENCODING):
            code_on_line.add(tok.start[0])


def value_comments(cell: CodeCell) -> dict[int, tuple[int, str]]:
    """Trailing comments that state a value (``# tensor(7.)``, ``# 36.0 (accumulated!)``): the
    document line of their statement → (the comment's line, the value text)."""
    return {line: (line, value) for line, _, on_code, value in _comments(cell)
            if value is not None and on_code}


def comment_remarks(cells: list[CodeCell]) -> list[Loose]:
    """The numbers of comments that state no value (a label, a remark, a comment on a line of its
    own), each with its line and why (``unread_why``): listed, never compared. Comments read as the
    cell's output (``# Output: 0.3775``) are not among them."""
    found = []
    for cell in cells:
        output_lines = {first + k for first, out in cell.outputs for k in range(out.count("\n") + 1)}
        for line, text, on_code, value in _comments(cell):
            if (value is None or not on_code) and line not in output_lines:
                why = unread_why(text, on_code)
                found += [Loose(at, number, why) for at, number in numbers_in(text, line)]
    return found


def numbers_in(text: str, first_line: int) -> list[tuple[int, str]]:
    """The numbers of printed text with their lines (reprs' shapes, dtypes, names left out)."""
    out = []
    for k, line in enumerate(text.split("\n")):
        clean = _NOISE.sub(lambda m: " " * len(m.group(0)), line)
        out += [(first_line + k, m.group(0)) for m in _NUMBER.finditer(clean)]
    return out


# ---- pairing printed values with printed numbers ----------------------------------------------------------
@dataclass
class _Slot:
    value: object  # Scalar, Unknown, or a literal number's text
    how: str
    label: str = ""


def _slots(printed: Printed, values_only: bool = False) -> list[_Slot]:
    slots: list[_Slot] = []
    for value, label in printed.parts:
        if isinstance(value, str):
            if not values_only:
                slots += [_Slot(n, "literal") for _, n in numbers_in(value, 0)]
            continue
        found = _value_slots(value, printed.how)
        for k, slot in enumerate(found):
            slot.label = label if len(found) == 1 else f"{label}[{k}]"
        slots += found
    return slots


def _value_slots(value: object, how: str, depth: int = 0) -> list[_Slot]:
    if depth > 20:
        return [_Slot(Unknown("a value nested too deeply", 0), how)]
    if isinstance(value, Scalar):
        return [_Slot(value, how)]
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, (int, float)):
        return [_Slot(repr(value), "literal")]
    if isinstance(value, (list, tuple, dict)):
        return _container_slots(value, how, depth)
    if isinstance(value, range):
        return [_Slot(str(v), "literal") for v in value][:10_000]
    if isinstance(value, Unknown):
        return [_Slot(value, how)]
    if type(value).__name__ == "_Text":  # a string inside a tuple or list prints quoted: not read
        return []
    if isinstance(value, (set, frozenset)):
        return [_Slot(_Unordered("a set", 0), how)]
    for extension in EXTENSIONS:
        elements = extension.elements(value)
        if elements is not None:
            return [_Slot(e if e is not None else Unknown("an element", 0), how) for e in elements]
    return [_Slot(Unknown(f"a printed {type(value).__name__.strip('_').lower()}", 0), how)]


def _container_slots(value: list | tuple | dict, how: str, depth: int) -> list[_Slot]:
    """A list's or tuple's elements in order; a dict (a pytree) its values in its keys' order (the
    keys print quoted, never read as numbers)."""
    items = [v for k, v in value.items() if isinstance(k, str)] if isinstance(value, dict) else value
    return [s for v in items for s in _value_slots(v, how, depth + 1)]


class _Unordered(Unknown):
    """A printed set: Python prints its elements in an order the code does not fix (a hash order),
    so none of its numbers can be paired with an element; each is listed, never left unsaid."""

    def why(self) -> str:
        return "a printed set: its elements print in an order the code does not fix, so they are not paired"


def bind(printed: list[Printed], numbers: list[tuple[int, str]], how: str) -> tuple[list[Bound], list[Loose]]:
    """Pair the printed values with the numbers (see the module's docstring)."""
    slots = [s for p in printed for s in _slots(p, values_only=how == "comment")]
    unknown = [k for k, s in enumerate(slots) if isinstance(s.value, Unknown)]
    if not unknown:
        if len(slots) != len(numbers):
            return [], [Loose(line, n, f"the {how} shows {len(numbers)} numbers where the code prints "
                                       f"{len(slots)} values: not paired") for line, n in numbers]
        return _paired(slots, numbers)
    head, tail = slots[:unknown[0]], slots[unknown[-1] + 1:]
    if len(head) + len(tail) > len(numbers):
        return [], [Loose(line, n, slots[unknown[0]].value.why()) for line, n in numbers]  # type: ignore[union-attr]
    bound, loose = _paired(head, numbers[:len(head)])
    b2, l2 = _paired(tail, numbers[len(numbers) - len(tail):]) if tail else ([], [])
    middle = numbers[len(head):len(numbers) - len(tail)]
    reason = slots[unknown[0]].value.why()  # type: ignore[union-attr]
    return bound + b2, loose + l2 + [Loose(line, n, reason) for line, n in middle]


def _paired(slots: list[_Slot], numbers: list[tuple[int, str]]) -> tuple[list[Bound], list[Loose]]:
    bound: list[Bound] = []
    for slot, (line, text) in zip(slots, numbers):
        if isinstance(slot.value, str):
            if not _same_literal(slot.value, text):
                return [], [Loose(ln, n, "the output does not line up with what the code prints")
                            for ln, n in numbers]
            continue
        bound.append(Bound(line, text, slot.value, slot.how, slot.label))  # type: ignore[arg-type]
    return bound, []


def _same_literal(a: str, b: str) -> bool:
    try:
        return float(a) == float(b)
    except ValueError:
        return a == b
