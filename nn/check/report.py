"""The checker's result: one row per printed number, the verdicts, and the two ways to show them.

Public API, shared by every kind of check (numbers, formulas, documents):

    CheckRow(number, printed, quantity, engine, verdict, diagnosis=None, causes=[], kind="number",
             source="")
        one checked number. ``kind`` says what sort of row it is ("number": a printed number of
        a worked example; other checkers add their own, e.g. "formula"); ``source`` where it
        comes from ("line 12", "notes.md:40"; default: the number's own source).
        ``causes`` lists the diagnoses that reproduce a mismatch, each a ``Cause(kind, text)``.
    CheckReport(example, rows)          ``.ok``, ``.summary()``, ``.as_dict()`` (valid JSON: no NaN)
    format_report(report, header=True, width=100) -> str   the table ``stepgrad check`` prints

In the table, ``should read`` is the engine's value at the document's own precision, ``engine``
the engine's value to 12 significant digits, and ``doc − engine`` the document's number minus
the engine's. A diagnosis is wrapped under its row.
"""

from __future__ import annotations

import math
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from nn.check.example import DocumentNumber, Example, printable
from nn.check.precision import Printed, full_precision, short, should_read
from nn.check.quantities import made_up

__all__ = ["Cause", "CheckRow", "CheckReport", "format_report"]


@dataclass(frozen=True)
class Cause:
    """One diagnosis of a mismatch: ``kind`` a short tag ("truncated", "carried", ...)."""

    kind: str
    text: str
    origins: tuple[tuple[str, str], ...] = ()  # the earlier numbers it inherits, (source, as printed)


@dataclass
class CheckRow:
    """One printed number: what the engine computes for it, the verdict, and why if it differs."""

    number: DocumentNumber
    printed: Printed
    quantity: object  # a Quantity (printed with str())
    engine: float
    verdict: str  # "match" or "mismatch"
    diagnosis: str | None = None
    causes: list[Cause] = field(default_factory=list)
    kind: str = "number"
    source: str = ""

    def __post_init__(self) -> None:
        self.source = self.source or self.number.source

    @property
    def difference(self) -> float:
        """Document minus engine, the engine's value taken to 12 significant digits (so exact
        agreement reads 0, not 4e-17), or in full when the document prints more than 12."""
        if not math.isfinite(self.engine):
            return math.nan
        return float(self.printed.value - Decimal(short(self.engine, full_precision(self.printed))))

    @property
    def should_read(self) -> str:
        """The engine's value at the document's precision: what the document should print."""
        return should_read(self.printed, self.engine)

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.number.name,
            "document": self.number.value,
            "should_read": self.should_read,
            "engine": _json_number(self.engine),
            "verdict": self.verdict,
            "diagnosis": self.diagnosis,
            "causes": [c.kind for c in self.causes],
            "quantity": str(self.quantity),
            "kind": self.number.kind,
            "row_kind": self.kind,
            "source": self.source,
            "after": self.number.after,
            "difference": _json_number(self.difference),
            **({"origins": found} if (found := [list(o) for c in self.causes for o in c.origins]) else {}),
        }


def _json_number(x: float) -> float | None:
    """JSON has no Infinity or NaN: such a number is written as null."""
    return x if math.isfinite(x) else None


@dataclass
class CheckReport:
    example: Example
    rows: list[CheckRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # said after the table (e.g. an assumption to doubt)

    @property
    def ok(self) -> bool:
        return all(r.verdict == "match" for r in self.rows)

    def summary(self) -> dict[str, object]:
        causes = Counter(c.kind for r in self.rows for c in r.causes)
        matches = sum(r.verdict == "match" for r in self.rows)
        return {"ok": self.ok, "matches": matches, "mismatches": len(self.rows) - matches,
                "diagnoses": dict(sorted(causes.items()))}

    def as_dict(self) -> dict[str, object]:
        return {
            "example": self.example.name,
            "title": self.example.title,
            "source": self.example.source,
            "assumptions": list(self.example.assumptions),
            "summary": self.summary(),
            "difference": "document − engine",
            "notes": list(self.notes),
            "rows": [r.as_dict() for r in self.rows],
        }


_HEAD = ("quantity", "document", "should read", "engine", "doc − engine", "verdict")


def _cells(r: CheckRow) -> tuple[str, ...]:
    after = r.number.after
    step = f" after {after} step{'s' if after != 1 else ''}" if after else ""
    shown = r.number.name == str(r.quantity) or made_up(r.quantity)
    name = r.number.name if shown else f"{r.number.name} = {r.quantity}"
    diff = r.difference
    diff_text = "0" if diff == 0 else ("—" if not math.isfinite(diff) else f"{diff:+.2e}")
    engine = short(r.engine, full_precision(r.printed))
    return (printable(name + step), printable(r.number.value), r.should_read, engine, diff_text, r.verdict)


def _fit(cells: list[tuple[str, ...]], width: int) -> list[int]:
    """Column widths; the first column gives up room (its cells are cut with …) to fit ``width``."""
    widths = [max(len(row[i]) for row in cells) for i in range(len(_HEAD))]
    if width:
        over = sum(widths) + 2 * (len(widths) - 1) - width
        if over > 0:
            widths[0] = max(12, widths[0] - over)
    return widths


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _totals(rows: list[CheckRow]) -> list[str]:
    """How many numbers match and, when there are formula rows (nn/check/formulas.py), how many hold."""
    lines = []
    for kind, what, verb, rest in (("number", "numbers", "match", ""),
                                   ("formula", "formulas", "hold", " at every point checked")):
        some = [r for r in rows if (r.kind == "formula") == (kind == "formula")]
        if not some and kind == "formula":
            continue
        bad = sum(r.verdict != "match" for r in some)
        lines.append(f"{len(some) - bad} of {len(some)} {what} {verb}{rest}"
                     + (f"; {bad} do{'es' if bad == 1 else ''} not." if bad else "."))
    return lines


def _wrap(text: str, width: int, **indents: str) -> list[str]:
    """Lines of at most ``width`` columns, broken only at spaces: a number (-0.00101598) or a name
    is never split, even when it alone is wider."""
    return textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False, **indents)


def format_report(report: CheckReport, header: bool = True, width: int = 100) -> str:
    """The table ``stepgrad check`` prints, at most ``width`` columns (0: no limit).

    ``header=False`` leaves out the title and the assumptions (when shown elsewhere already).
    """
    ex = report.example
    lines = [printable(line) for line in ex.header_lines()] if header else []
    cells = [_HEAD, *(_cells(r) for r in report.rows)]
    widths = _fit(cells, width)
    for i, row in enumerate(cells):
        parts = [_cut(row[0], widths[0]).ljust(widths[0])]
        parts += [row[c].rjust(widths[c]) for c in range(1, len(row) - 1)]
        lines.append("  ".join(parts) + "  " + row[-1])
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
        elif report.rows[i - 1].diagnosis:
            wrap = (width or 100) - 4
            lines += _wrap(printable(report.rows[i - 1].diagnosis), wrap, initial_indent="    → ",
                                   subsequent_indent="      ")
    bad = sum(r.verdict != "match" for r in report.rows)
    lines += ["", *_totals(report.rows)]
    if bad:
        lines += _wrap("(should read: the engine's value at the document's precision; doc − engine: "
                               "the document's number minus the engine's)", width or 100)
    for note in report.notes:
        lines += _wrap(printable(note), width or 100)
    return "\n".join(lines)
