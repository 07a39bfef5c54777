"""Checking a document: read it, then run the worked-example checker on the rows read."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from nn.check.files import Example, ExampleError, example_from_dict
from nn.check.reader.premises import premise_rows
from nn.check.reader.reading import Reading, read_document
from nn.check.reader.report import DocumentReport


def check_document(path: str | Path, setup: str | Path | None = None) -> DocumentReport:
    """Read a document and check every claim it makes (``stepgrad check DOCUMENT.md``)."""
    reading = read_document(path, setup)
    result = _checked(reading, path)
    result.parts = [_checked(part, path) for part in reading.parts]
    return result


def _checked(reading: Reading, path: str | Path) -> DocumentReport:
    """One example's rows through the checker; a row it refuses is listed as not checked."""
    from nn.check.checker import check_example

    while True:
        if not reading.rows and not reading.formulas:
            result = DocumentReport(reading, None)
            result.take_carried()
            return result
        try:
            report = check_example(_rows_example(reading, path))
        except ExampleError as e:
            if not reading.drop_refused(e):
                raise
            continue
        report.rows[:0] = premise_rows(reading.premises)  # each premise reported once, first
        result = DocumentReport(reading, report)
        result.take_carried()
        return result



def _rows_example(reading: Reading, path: str | Path) -> Example:
    """The worked example of the setup and the rows read, each row citing its line of the document."""
    example = example_from_dict(reading.worked_example(), f"the rows read from {path}")
    if all(hasattr(n, "source") for n in example.document):
        example.document = [replace(n, source=row["source"])
                             for n, row in zip(example.document, reading.rows)]
    example.name = Path(path).stem
    example.title = example.title or f"{Path(path).name}, read from its text"
    return example


