"""A document's check as the user reads it: the checker's table, then what was not checked."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from nn.check.diagnoses import number_slip
from nn.check.precision import parse_printed
from nn.check.reader.arithmetic import Step
from nn.check.reader.carried import carried_rows, repeat_rows
from nn.check.reader.inheritance import Inheritance, inherit, inherited_phrase
from nn.check.reader.reading import Reading
from nn.check.reader.restated_givens import GraphValues
from nn.check.report import Cause


@dataclass
class DocumentReport:
    reading: Reading
    report: object | None  # the CheckReport; None when nothing could be checked
    parts: list[DocumentReport] = field(default_factory=list)  # the document's further examples
    carried: list[dict] = field(default_factory=list)  # rows of numbers carried from an earlier line
    _graph: GraphValues | None = field(default=None, repr=False)  # its nodes, recomputed on restated givens

    def take_carried(self) -> None:
        """Check the numbers carried from an earlier line (``reading.carried``) as that line's number:
        their rows kept in ``carried``, their entries taken off the not-checked list."""
        rows = self.with_repeats(self.report.as_dict()["rows"]) if self.report is not None else []
        self.carried = carried_rows(self.reading.carried, rows + arithmetic_rows(self.reading))
        done = Counter((r["source"], r["document"]) for r in self.carried)
        kept = []
        for s in self.reading.skipped:
            key = (s.place or f"line {s.line}", s.text)
            if done[key]:
                done[key] -= 1
                continue
            kept.append(s)
        self.reading.skipped = kept

    @property
    def ok(self) -> bool:
        """Exit 0: no number of any example is wrong, and something of the document was checked (an
        example with nothing to check beside one that checks is listed, not a failure)."""
        parts = self.all()
        return any(_checked_something(p) for p in parts) and all(_holds(p) for p in parts)

    def all(self) -> list[DocumentReport]:
        return [self, *self.parts]

    def numbers_checked(self) -> int:
        rows = sum(1 for r in self.report.rows if r.kind == "number") if self.report is not None else 0
        return rows + len(self.reading.arithmetic) + len(self.carried)

    def coverage(self) -> str:
        """The report's first line: how much of the document was checked, and how much not read."""
        parts = self.all()
        checked = sum(p.numbers_checked() for p in parts)
        missed = sum(len(p.reading.skipped) for p in parts)
        formulas = sum(1 for p in parts if p.report is not None for r in p.report.rows if r.kind != "number")
        givens = sum(len(p.reading.givens) for p in parts)
        line = f"checked {checked} of {checked + missed} numbers and claims; {missed} not read"
        if formulas:
            line += f"; {formulas} formula{'s' if formulas != 1 else ''} checked"
        if givens:
            line += f"; {givens} givens read as the graph's premises"
        if self.parts:
            line += f"; {len(parts)} examples, each checked on its own"
        inheritances = [p.inheritance() for p in parts]
        inherited = sum(len(i.inherited) for i in inheritances)
        if inherited:
            own = sum(i.own for i in inheritances)
            line += f"; {inherited_phrase(own, inherited)}"
        omitted = list(dict.fromkeys(name for p in parts for name in p.reading.omitted))
        if omitted:
            line += (f"; premises missing (the text never states them): {', '.join(omitted)}; give them "
                     "in a ```stepgrad block or --setup")
        return line

    def with_repeats(self, rows: list[dict]) -> list[dict]:
        """The rows with each number printed again on a later line in its place (before the numbers
        its line derives from it), with the verdict of the line it was checked on (``repeat_of``)."""
        numbers = [r for r in rows if r.get("row_kind") == "number"]
        repeats = repeat_rows(self.reading.repeats, numbers)

        def place(row: dict) -> tuple[tuple[int, ...], bool]:  # "line 7", a notebook's "cell 2, line 7"
            numbers = re.findall(r"\d+", str(row.get("source", "")))
            return tuple(int(n) for n in numbers), "repeat_of" not in row
        return sorted(numbers + repeats, key=place) + [r for r in rows if r.get("row_kind") != "number"]

    def numbered_rows(self, rows: list[dict]) -> list[dict]:
        """The checker's rows with the repeats, the arithmetic on bare numbers and the numbers carried
        from an earlier line (``take_carried``), each number that inherits an earlier error marked."""
        return self.inheritance(rows).rows

    def inheritance(self, rows: list[dict] | None = None) -> Inheritance:
        """The numbers that inherit an earlier wrong (or too coarsely rounded) number (``inheritance``)."""
        if rows is None:
            rows = self.report.as_dict()["rows"] if self.report is not None else []
        numbered = self.with_repeats(rows) + arithmetic_rows(self.reading) + self.carried
        givens = [(f"line {g.line}", g.printed, g.quantity) for g in self.reading.givens] + [
            (f"line {line}", value, name) for line, value, name in self.reading.stated]
        if self._graph is None:
            self._graph = GraphValues(self.reading.setup)
        return inherit(numbered, self.reading.arithmetic, self.reading.trees, givens, self._graph)

    def flagged_report(self, inheritance: Inheritance) -> object:
        """The checker's report with each of its numbers that inherits an earlier error a mismatch (the
        table as the text report shows it)."""
        rows = list(self.report.rows)
        flagged = {(r["source"], r["name"], r["document"]): r for r in inheritance.flagged
                   if r.get("row_kind") == "number" and not r.get("repeat_of")}
        for k, row in enumerate(rows):
            new = flagged.get((row.source, row.number.name, row.number.value))
            if new is not None and row.kind == "number":
                rows[k] = replace(row, verdict="mismatch", engine=new["engine"], diagnosis=new["diagnosis"],
                                  causes=[Cause(c, new["diagnosis"]) for c in new["causes"]])
        return replace(self.report, rows=rows)

    def as_dict(self) -> dict[str, object]:
        """The JSON report: one example's fields; a document of several examples lists every example's
        rows and not-checked entries together, and each example under ``examples``."""
        whole = self.part_dict()
        if self.parts:
            dicts = [p.part_dict() for p in self.all()]
            whole["rows"] = [r for d in dicts for r in d["rows"]]
            whole["not_checked"] = [s for d in dicts for s in d["not_checked"]]
            whole["examples"] = dicts
        return whole

    def part_dict(self) -> dict[str, object]:
        checked = self.report.as_dict() if self.report is not None else {"rows": []}
        return {"document": self.reading.document, "setup": self.reading.setup_where,
                "coverage": {"checked": self.numbers_checked(), "not_read": len(self.reading.skipped),
                             "givens": [{"line": g.line, "printed": g.printed, "quantity": g.quantity}
                                        for g in self.reading.givens]},
                **checked, "rows": self.numbered_rows(checked["rows"]),
                "formulas_read": len(self.reading.formulas),
                "not_checked": [{"line": s.line, "text": s.text, "reason": s.reason}
                                | ({"place": s.place} if s.place else {}) for s in self.reading.skipped]}



def arithmetic_rows(reading: Reading) -> list[dict]:
    """The document's arithmetic on bare numbers as report rows (``row_kind = "arithmetic"``)."""
    rows = []
    for step in reading.arithmetic:
        place = step.place or f"line {step.line}"
        rows.append({"name": f"{place}: {step.text}", "document": step.printed,
                     "should_read": step.should_read(), "engine": step.value,
                     "verdict": "match" if step.holds else "mismatch",
                     "diagnosis": _diagnosis(step), "quantity": None, "kind": "arithmetic",
                     "causes": [c.kind for c in step_causes(step)],
                     "row_kind": "arithmetic", "source": place, "after": 0})
    return rows


def step_causes(step: Step) -> list[Cause]:
    """Why a step of the document's own arithmetic does not hold: the number of an earlier line
    carried on, else what the number alone shows against its arithmetic's value (a digit slip, a
    factor 2, truncation, ...: ``number_slip``, the checker's own rules), else a slip in the
    arithmetic itself."""
    if step.holds:
        return []
    if step.carried_from:
        return [Cause("carried", f"carried: the number of line {step.carried_from}, where its own "
                      f"arithmetic holds; the numbers here give {step.should_read()}")]
    try:
        slip = number_slip(parse_printed(("≈ " if step.approx else "") + step.printed), step.value)
    except (ValueError, ArithmeticError):  # a printed number the checker's rule does not read
        slip = []
    return slip or [Cause("arithmetic", f"arithmetic: the printed numbers give {step.should_read()}")]


def _diagnosis(step: Step) -> str | None:
    causes = step_causes(step)
    if not causes or causes[0].kind in ("carried", "arithmetic"):
        return causes[0].text if causes else None
    return f"arithmetic: the printed numbers give {step.should_read()}; " + "; ".join(c.text for c in causes)


def arithmetic_lines(reading: Reading, inheritance: Inheritance | None = None) -> list[str]:
    """The arithmetic on bare numbers as the text report shows it: each step and whether it holds (and,
    holding as written, whether its true value differs: ``inheritance``)."""
    if not reading.arithmetic:
        return []
    differs = {r["name"]: r for r in inheritance.flagged if r.get("row_kind") == "arithmetic"} \
        if inheritance is not None else {}
    wrong = sum(not step.holds for step in reading.arithmetic)
    lines = ["", f"The document's own arithmetic on bare numbers ({len(reading.arithmetic)} steps, "
                 f"{wrong} wrong; each operand may be anything that rounds to it):"]
    for step in reading.arithmetic:
        causes = step_causes(step)
        slip = "; ".join(c.text for c in causes if c.kind not in ("carried", "arithmetic"))
        why = f" ({slip})" if slip else ""
        if step.carried_from:
            why = f" (carried: as on line {step.carried_from})"
        verdict = "holds" if step.holds else f"WRONG: its numbers give {step.should_read()}{why}"
        place = step.place or f"line {step.line}"
        if (row := differs.get(f"{place}: {step.text}")) is not None:
            verdict += f" as written; truly {row['should_read']} ({row['diagnosis'].partition(';')[0]})"
        lines.append(f"  {place}: {step.text}  {verdict}")
    return lines


def carried_lines(carried: list[dict]) -> list[str]:
    """The numbers carried from an earlier line, as the text report shows them (a wrong one flagged)."""
    if not carried:
        return []
    wrong = sum(r["verdict"] == "mismatch" for r in carried)
    return ["", f"Numbers carried from an earlier line ({len(carried)}, {wrong} wrong; each checked as "
                f"there):",
            *[f"  {r['source']}: {r['document']} as on {r['carried_from']}"
              + (f"  WRONG: should read {r['should_read']}" if r["verdict"] == "mismatch" else "")
              for r in carried]]


def inherited_lines(inheritance: Inheritance, explain: bool = False) -> list[str]:
    """The numbers that inherit an earlier error, each with its line of origin; with ``explain``, the
    whole chain back to the number that went wrong."""
    if not inheritance.flagged:
        return []
    lines = ["", f"Numbers whose arithmetic as written holds but whose true value differs "
                 f"({inheritance.summary() or 'each its own slip'}):"]
    for r in inheritance.flagged:
        lines.append(f"  {r['source']}: {r['document']} should read {r['should_read']}: {r['diagnosis']}")
    if explain and inheritance.inherited:  # none when each is its own slip
        lines += ["How each inherits (the chain of lines back to its origin):", *inheritance.chains()]
    return lines


def format_document_report(result: DocumentReport, explain: bool = False) -> str:
    """The checker's table, then what was not checked; with ``explain``, how each claim was read."""
    lines = [f"{result.reading.document}: {result.coverage()}"]
    for k, part in enumerate(result.all()):
        lines += ([""] if k else []) + _part_lines(part, explain)
    return "\n".join(lines)


def _part_lines(result: DocumentReport, explain: bool) -> list[str]:
    from nn.check.report import format_report

    reading = result.reading
    inheritance = result.inheritance()
    lines = [f"read with the setup from {reading.setup_where}"]
    lines += [f"  ({n})" for n in reading.notes]
    lines.append("")
    if explain:
        lines += ["How each claim was read:", *reading.explained, ""]
    if result.report is None and reading.in_symbols:
        lines.append("A section in symbols: it gives no values to check its formulas at (none is read "
                     "at another section's numbers).")
    elif result.report is None:
        lines.append("No claim of the document could be checked." if not reading.arithmetic else
                     "No claim about a quantity of the graph could be checked.")
    else:
        lines.append(format_report(result.flagged_report(inheritance), width=0))
    carried = [r for r in inheritance.rows if r.get("row_kind") == "carried"]
    lines += arithmetic_lines(reading, inheritance) + carried_lines(carried) \
        + inherited_lines(inheritance, explain)
    if reading.skipped:
        lines += ["", f"Not checked ({len(reading.skipped)}):", *[f"  {s}" for s in grouped(reading.skipped)]]
    return lines


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


def _checked_something(part: DocumentReport) -> bool:
    return part.report is not None or bool(part.reading.arithmetic) or part.reading.in_symbols


def _holds(part: DocumentReport) -> bool:
    """No wrong number in one example: its rows match, its arithmetic holds, nothing inherits an error."""
    return (part.report is None or part.report.ok) and all(step.holds for step in part.reading.arithmetic) \
        and not part.inheritance().flagged
