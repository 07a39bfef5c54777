"""Nothing silent, the last net: a printed number that the reading neither checked nor listed.

After a document is read, each number printed in a code output (a notebook cell's output, an output
fence after a code block) is looked for among what the reading recorded for that output's lines: a
row, a given, a repeat, a step of its own arithmetic, a number carried, a "not checked" entry. What is
found nowhere is listed as not checked with its line: "printed output not paired with a quantity of
the code". A part of the text that states no givens of its own lists its prose numbers the same way
(``prose_numbers``): "a number in prose: not read".

Matching is by the output (its lines) and the printed number's value, each recorded number used once.
Simple rules keep noise out:

- a number inside a name or word (``x1``, ``float32``, ``conv2d``) or after ``^`` (an exponent) is no
  printed value;
- in an output, an integer counts only on a line printing an array (its first non-blank character
  ``[`` or ``(`` of ``array(``/``tensor(``): integers elsewhere count epochs, steps and sizes;
  ``torch.Size([…])``, ``shape=(…)`` and tuples of integers (``(2, 3)``) are shapes;
- in prose, heading lines, list ordinals (``1.`` at a line's start) and years (1900–2099) are skipped.

Work is one pass over the output lines and the recorded numbers (linear in their size).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from nn.check.reader.claims import Skipped

__all__ = ["OUTPUT_REASON", "PROSE_REASON", "output_numbers", "prose_numbers", "unlisted_outputs"]

OUTPUT_REASON = "printed output not paired with a quantity of the code"
PROSE_REASON = "a number in prose: not read"

_NUMBER = re.compile(r"(?<![\w.^])[-−+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![\w])")
_SHAPE = re.compile(r"Size\(\[[^\]]*\]\)|shape\s*[=:]?\s*\([^)]*\)|\(\s*\d+\s*(?:,\s*\d*\s*)+\)")
_ARRAY_LINE = re.compile(r"^\s*(?:\[|(?:array|tensor|Array)\()")
_ORDINAL = re.compile(r"^\s*\d+[.)]\s")
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def _tokens(line: str) -> list[str]:
    return [m.group(0) for m in _NUMBER.finditer(_SHAPE.sub(" ", line))]


def _is_integer(token: str) -> bool:
    return not any(c in token for c in ".eE")


def output_numbers(first: int, text: str) -> list[tuple[int, str]]:
    """(line, number as printed) of each printed value of an output starting on line ``first``."""
    out = []
    in_array = 0
    for k, line in enumerate(text.split("\n")):
        arrayish = in_array > 0 or bool(_ARRAY_LINE.match(line))
        in_array = max(0, in_array + line.count("[") - line.count("]"))
        out += [(first + k, t) for t in _tokens(line) if arrayish or not _is_integer(t)]
    return out


def prose_numbers(lines: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    """(line, number) of each number of prose lines (line number, text), by the rules above."""
    out = []
    for at, line in lines:
        if line.lstrip().startswith("#"):
            continue
        line = _ORDINAL.sub(" ", line)
        out += [(at, t.rstrip(".")) for t in _tokens(line) if not _YEAR.match(t)]
    return out


def _key(token: str) -> float | None:
    try:
        return abs(float(token.replace("−", "-").lstrip("≈ ").rstrip(".") or "x"))
    except ValueError:
        return None


def recorded(readings: Iterable[object]) -> dict[int, Counter]:
    """Line → the values (as keys) each reading recorded on it: rows, givens, repeats, arithmetic,
    carried numbers and the numbers of its "not checked" entries."""
    out: dict[int, Counter] = {}

    def add(line: int, printed: str) -> None:
        for token in _NUMBER.findall(str(printed)) or [str(printed)]:
            key = _key(token)
            if key is not None:
                out.setdefault(line, Counter())[key] += 1

    for r in readings:
        for row in r.rows:
            source = str(row.get("source", ""))
            if source.startswith("line ") and source.split()[-1].isdigit():
                add(int(source.split()[-1]), str(row.get("value", "")))
        for item in [*r.givens, *r.repeats, *r.arithmetic, *r.carried]:
            add(item.line, item.printed)
        for s in r.skipped:
            add(s.line, s.text)
    return out


def unlisted_outputs(outputs: list[tuple[int, str]], readings: list[object]) -> list[Skipped]:
    """The numbers of the outputs ((first line, text) each) that no reading recorded on their lines."""
    seen = recorded(readings)
    out = []
    for first, text in outputs:
        numbers = output_numbers(first, text)
        if not numbers:
            continue
        pool: Counter = Counter()
        for line in range(first, first + text.count("\n") + 1):
            pool.update(seen.get(line, {}))
        for line, token in numbers:
            key = _key(token)
            if key is None:
                continue
            if pool[key] > 0:
                pool[key] -= 1
                continue
            out.append(Skipped(line, token, OUTPUT_REASON))
    return out
