"""The outputs of a Markdown document's code blocks, labelled as a notebook's are.

A notebook's printed output is read as claims of what printed it (``reader.notebook``: ``print(y)``
then ``tensor([[0.7311, …]])`` is ``y = tensor([[0.7311, …]])``, each element checked against the
code's y). A Markdown page written from a notebook (a blog post, ``jupyter nbconvert --to
markdown``) shows the same thing as a code fence and its output: a fence after it, or an indented
block. ``labelled_outputs(text)`` gives the text the prose reader reads, with each such output
labelled by the same rule (``notebook.stream_claims``: one definition), line for line: every line
stays where it was, so every number keeps its line. An indented output becomes a fenced one in
place: the blank line before it opens the fence, the blank line after it (or a new last line)
closes it, its lines lose their indent. The code reader (``reader.code_graph``) reads the text as
written. Linear in the text: each output block is visited once.
"""

from __future__ import annotations

import re

from nn.check.reader.code_outputs import code_cells
from nn.check.reader.notebook import stream_claims

__all__ = ["labelled_outputs"]

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_INDENT = re.compile(r"^(?: {4}|\t)")


def labelled_outputs(text: str) -> str:
    """The text with its code blocks' outputs labelled (see the module's docstring)."""
    lines = text.split("\n")
    extra: list[str] = []
    for cell in code_cells(text):
        closing = cell.line - 1 + cell.source.count("\n") + 1  # the code fence's closing line (0-based)
        if closing >= len(lines) or not _FENCE.match(lines[closing]):
            continue  # a doctest's or an IPython session's prompts: their outputs are inside the fence
        for first, out in cell.outputs:
            k, n = first - 1, out.count("\n") + 1  # the output's first line (0-based) and its length
            if k <= closing or k + n > len(lines):
                continue
            fenced = _FENCE.match(lines[k - 1]) is not None
            if not fenced and (lines[k - 1].strip() or not _closable(lines, k + n)):
                continue
            body = out if fenced else "\n".join(_INDENT.sub("", line, count=1) for line in lines[k:k + n])
            labelled = stream_claims(cell.source, body).split("\n")
            if len(labelled) != n:
                continue
            lines[k:k + n] = labelled
            if not fenced:
                lines[k - 1] = "```output"
                if k + n < len(lines):
                    lines[k + n] = "```"
                else:
                    extra.append("```")
    return "\n".join(lines + extra)


def _closable(lines: list[str], end: int) -> bool:
    """Can an indented block ending before line index ``end`` be fenced in place (a blank line after
    it, or the end of the text)?"""
    return end >= len(lines) or not lines[end].strip()
