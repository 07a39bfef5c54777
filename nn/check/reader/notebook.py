"""A Jupyter notebook as a document to read: its markdown cells and the printed outputs of its code.

``stepgrad check lesson.ipynb`` reads what a reader of the notebook sees: the markdown cells as
Markdown, and each code cell's printed output (stream text, ``text/plain`` results) as a fenced
output block, where ``z1 = 0.3775`` or a printed array is a claim. A bare value printed by a cell
whose last line is a name (``z1`` or ``print(z1)``) is claimed for that name. Code is never run
and never read as claims (it is kept as a fenced code block, so lines stay where they were).

``notebook_text`` gives the Markdown text and a map from its lines to cells (``where``: "cell 4,
line 2", "cell 5 output, line 1"); the notebook is parsed by nbformat (any version, read as 4).
"""

from __future__ import annotations

import bisect
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["NotebookError", "NotebookText", "is_notebook", "notebook_text", "read_notebook", "stream_claims"]

MAX_NOTEBOOK_BYTES = 32 * 2**20  # outputs hold images as base64: notebooks are larger than notes
_PRINT_CALL = re.compile(r"^print\((.*)\)\s*;?\s*(?:#.*)?$")
_STRING_PREFIX = re.compile(r"^[rfbuRFBU]{1,2}['\"]")
_ONE_VALUE = re.compile(r"^\s*(?:[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|\["
                        r"|(?:array|tensor|Array|np\.float\d*)\()")
_BACKTICK_RUN = re.compile(r"`{3,}")
_LABEL_THEN_VALUE = re.compile(r"""^[fF](["'])([^"'\n{}]*?)\\n\{([^{}:!"'=]+)\}\1$""")  # f"Y:\n{Y}"


class NotebookError(ValueError):
    """A notebook that cannot be read; one line naming the file and why."""


@dataclass
class NotebookText:
    """The notebook as Markdown, and which cell each line came from."""

    text: str
    raw: str = ""  # the same lines with each output as printed (not paired with its expression)
    starts: list[int] = field(default_factory=list)  # first line (1-based) of each piece of text
    pieces: list[tuple[int, str]] = field(default_factory=list)  # (cell number, "" or "output")

    def where(self, line: int) -> str:
        """Line ``line`` of the text as the notebook's place: "cell 3, line 2", "cell 4 output, line 1"."""
        k = bisect.bisect_right(self.starts, line) - 1
        if k < 0:
            return f"line {line}"
        cell, part = self.pieces[k]
        return f"cell {cell}{' ' + part if part else ''}, line {line - self.starts[k] + 1}"

    def cell(self, line: int) -> int | None:
        k = bisect.bisect_right(self.starts, line) - 1
        return self.pieces[k][0] if k >= 0 else None


def is_notebook(name: str | Path) -> bool:
    return Path(str(name)).suffix.lower() == ".ipynb"


def _fenced(body: str, info: str) -> str:
    """``body`` in a fence longer than any backtick run inside it (so no output can close it)."""
    longest = max((len(m.group(0)) for m in _BACKTICK_RUN.finditer(body)), default=2)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{body}\n{fence}"


def _output_text(output: dict) -> str:
    """What a code cell printed: its stream text and its results' ``text/plain`` (never errors)."""
    kind = output.get("output_type")
    if kind == "stream":
        text = output.get("text", "")
    elif kind in ("execute_result", "display_data"):
        text = output.get("data", {}).get("text/plain", "")
    else:
        return ""
    text = "".join(text) if isinstance(text, list) else str(text)
    return text.rstrip("\n")


def _printed_expressions(source: str) -> list[str | None]:
    """What each top-level ``print(…)`` of a cell prints: its one argument when that is an
    expression (``print(grad_tanh(2.0))``), None when it labels its own output (``print('W', W)``,
    an f-string)."""
    out: list[str | None] = []
    for line in source.split("\n"):
        m = _PRINT_CALL.match(line)
        if m:
            arg = m.group(1).strip()
            below = _value_below_label(arg)
            if below is not None:  # the label's line, then the value's
                out += [None, below]
                continue
            out.append(arg if arg and arg[0] not in "'\"" and not _STRING_PREFIX.match(arg)
                       and _top_level_comma(arg) < 0 else None)
    return out


def _value_below_label(arg: str) -> str | None:
    """The expression an f-string prints on the lines after its label (``f"Output Y:\\n{Y}"``: ``Y``),
    or None: a literal one-line label, a line break, then one interpolated expression with no format
    spec or conversion (``array_code`` pairs the same prints with the code's values)."""
    m = _LABEL_THEN_VALUE.match(arg)
    if m is None or "\\n" in m.group(2):
        return None
    return m.group(3).strip() or None


def _top_level_comma(text: str) -> int:
    depth = 0
    for k, c in enumerate(text):
        depth += (c in "([{") - (c in ")]}")
        if c == "," and depth == 0:
            return k
    return -1


def _claimed(expression: str | None, printed: str) -> str:
    """``expression = printed`` when the printed text is a bare value, else the text as printed."""
    if expression is None or not _ONE_VALUE.match(printed):  # `z1 = 0.3`, `loss 0.2`: labelled already
        return printed
    return f"{expression} = {printed}"


def stream_claims(source: str, printed: str) -> str:
    """A cell's printed lines, each paired with the ``print`` that printed it when they pair up."""
    expressions = _printed_expressions(source)
    lines = [line for line in printed.split("\n") if line.strip()]
    if len(expressions) == 1:
        return _claimed(expressions[0], printed)
    if len(expressions) == len(lines):  # blank lines kept: the text's lines stay the output's (``raw``)
        paired = iter(expressions)
        return "\n".join(_claimed(next(paired), line) if line.strip() else line
                         for line in printed.split("\n"))
    starts = _value_starts(printed.split("\n"))
    if len(expressions) == len(starts):  # each print an array over several lines: its first line labelled
        at = dict(zip(starts, expressions))
        return "\n".join(_claimed(at[k], line) if k in at else line
                         for k, line in enumerate(printed.split("\n")))
    return printed


def _value_starts(lines: list[str]) -> list[int]:
    """The lines on which a printed value starts: a line opened outside any bracket (an array printed
    over several lines is one value, its rows inside its brackets)."""
    starts, depth = [], 0
    for k, line in enumerate(lines):
        if depth <= 0 and line.strip():
            starts.append(k)
            depth = 0
        depth += line.count("[") + line.count("(") - line.count("]") - line.count(")")
    return starts


def _result_claim(source: str, printed: str) -> str:
    """A cell's result paired with its last line when that is an expression (``z1``, ``f(2.)``)."""
    from nn.check.reader.sources import is_expression

    last = next((line for line in reversed(source.split("\n")) if line.strip()), "").strip().rstrip(";")
    return _claimed(last if not last.startswith((" ", "\t", "#")) and is_expression(last) else None, printed)


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.raw: list[str] = []
        self.line = 1
        self.result = NotebookText("")

    def add(self, text: str, cell: int, part: str, info: str | None = None, raw: str | None = None) -> None:
        """A cell's text, or (with ``info``) a fence holding it; its lines are counted from the text.
        ``raw``: the same lines as printed, for the code interpreter (``reader.code_graph``)."""
        self.result.starts.append(self.line + (info is not None))
        self.result.pieces.append((cell, part))
        block = text if info is None else _fenced(text, info)
        self.parts.append(block)
        self.raw.append(block if raw is None else _fenced(raw, info or ""))
        self.line += block.count("\n") + 2  # the block, then a blank line

    def done(self) -> NotebookText:
        self.result.text = "\n\n".join(self.parts) + "\n"
        self.result.raw = "\n\n".join(self.raw) + "\n"
        return self.result


def _code_cell(builder: _Builder, cell: dict, number: int, out_of_order: bool) -> None:
    source = str(cell.get("source", ""))
    ran = cell.get("execution_count")
    info = f"code [{ran if type(ran) is int else '-'}]" if out_of_order else "code"  # the order it ran in
    builder.add(source, number, "code", info)  # code: never read as claims
    printed, raw = [], []
    for output in cell.get("outputs", []):
        text = _output_text(output)
        if text.strip():
            pair = stream_claims if output.get("output_type") == "stream" else _result_claim
            printed.append(pair(source, text))
            raw.append(text)
    if printed:
        builder.add("\n".join(printed), number, "output", "output", "\n".join(raw))


def notebook_text(raw: str, where: str = "notebook") -> NotebookText:
    """The notebook's JSON text as Markdown (see the module's docstring). Raises NotebookError."""
    import nbformat

    try:
        with warnings.catch_warnings():  # nbformat warns (duplicate cell ids…) as it fixes them
            warnings.simplefilter("ignore")
            nb = nbformat.reads(raw, as_version=4)
    except (RecursionError, MemoryError):
        raise NotebookError(f"{where} is nested too deeply to be a notebook") from None
    except Exception as e:  # nbformat raises JSON, schema and version errors of many types
        first = str(e).strip().split("\n", 1)[0][:200] or type(e).__name__
        raise NotebookError(f"{where} is not a readable Jupyter notebook: {first}") from None
    builder = _Builder()
    out_of_order = run_out_of_order(nb.get("cells", []))
    for number, cell in enumerate(nb.get("cells", []), 1):
        kind = cell.get("cell_type")
        if kind == "markdown":
            builder.add(str(cell.get("source", "")), number, "")
        elif kind == "code":
            _code_cell(builder, cell, number, out_of_order)
    return builder.done()


def run_out_of_order(cells: list) -> bool:
    """Were the code cells run in another order than they stand (an execution count lower than one
    above it)? Then the code is read in the order it ran (``code_outputs.code_cells``), its fences
    saying each cell's count (```` ```code [139] ````; ``[-]`` for a cell that did not run)."""
    counts = [c.get("execution_count") for c in cells if c.get("cell_type") == "code"]
    counts = [n for n in counts if type(n) is int]
    return any(b < a for a, b in zip(counts, counts[1:]))


def read_notebook(path: str | Path) -> NotebookText:
    """``notebook_text`` of a file; NotebookError (one line, naming the file) when it cannot be read."""
    from nn.textfile import read_text_file

    where = f"notebook {str(path)!r}"
    return notebook_text(read_text_file(Path(path), where, "Jupyter notebook", MAX_NOTEBOOK_BYTES,
                                        NotebookError), where)
