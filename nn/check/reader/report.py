"""A document's check as the user reads it: the checker's table, then what was not checked."""

from __future__ import annotations

from dataclasses import dataclass

from nn.check.reader.reading import Reading


@dataclass
class DocumentReport:
    reading: Reading
    report: object | None  # the CheckReport; None when nothing could be checked

    @property
    def ok(self) -> bool:
        return self.report is not None and self.report.ok

    def as_dict(self) -> dict[str, object]:
        checked = self.report.as_dict() if self.report is not None else {"rows": []}
        return {"document": self.reading.document, "setup": self.reading.setup_where, **checked,
                "formulas_read": len(self.reading.formulas),
                "not_checked": [{"line": s.line, "text": s.text, "reason": s.reason}
                                for s in self.reading.skipped]}



def format_document_report(result: DocumentReport, explain: bool = False) -> str:
    """The checker's table, then what was not checked; with ``explain``, how each claim was read."""
    from nn.check.report import format_report

    reading = result.reading
    lines = [f"{reading.document}: read with the setup from {reading.setup_where}"]
    lines += [f"  ({n})" for n in reading.notes]
    lines.append("")
    if explain:
        lines += ["How each claim was read:", *reading.explained, ""]
    if result.report is None:
        lines.append("No claim of the document could be checked.")
    else:
        lines.append(format_report(result.report, width=0))
    if reading.skipped:
        lines += ["", f"Not checked ({len(reading.skipped)}):", *[f"  {s}" for s in grouped(reading.skipped)]]
    return "\n".join(lines)


MAX_LISTED = 200  # "not checked" entries listed one by one; the rest are counted


def grouped(entries: list[str]) -> list[str]:
    """The entries in order, each said once with how often it occurs (a sum of 3,000 equal terms is
    one line, "(× 3000)"), at most MAX_LISTED of them and then how many more."""
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry] = counts.get(entry, 0) + 1
    lines = [entry if n == 1 else f"{entry} (× {n})" for entry, n in counts.items()]
    if len(lines) > MAX_LISTED:
        lines = lines[:MAX_LISTED] + [f"… and {len(lines) - MAX_LISTED} more not listed"]
    return lines
