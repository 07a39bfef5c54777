"""The worked-example checker: read a worked example, recompute it, compare with the document.

``from nn.check import …`` is the public entry point; the pieces live in submodules:

- ``files``: reads worked-example files (``load_example``, ``Example``, ``DocumentNumber``);
- ``expressions``: the safe expression language of ``kind = "expression"`` examples;
- ``precision``: printed numbers and the precision rule (``parse_printed``, ``agrees``);
- ``checker``: recomputes every printed number (``check_example``);
- ``diagnoses``: the alternatives that explain a mismatch, one function each;
- ``report``: the row and report types (``CheckRow``, ``CheckReport``) and ``format_report``;
- ``reader``: the package reading a Markdown document's claims (``check_document``, ``extract_document``);
- ``grade`` (a package): exercises per student, grading hand-ins, the class report;
  ``grade_handins`` is loaded on first use (``nn.check.grade.grader.grade_handins``);
- ``formula_text`` reads ``[[formula]]`` text, ``formulas`` checks formulas (``check_formulas``)
  and derives the engine's own (``derive``); SymPy is imported only when they run.

Other checkers (formulas, documents) build on ``CheckRow`` (with their own ``kind`` and a
``source`` such as a line reference) and ``CheckReport``.
"""

from nn.check.checker import check_example
from nn.check.example import DocumentNumber, Example, ExampleError, UpdateRule
from nn.check.files import (
    DEFAULT,
    HERE,
    LIMITS,
    NETWORK_KINDS,
    NUMBER_KINDS,
    bundled_examples,
    example_from_dict,
    example_titles,
    load_example,
)
from nn.check.formulas import FormulaRow, check_formulas, derive
from nn.check.precision import ULPS, Printed, agrees, parse_printed
from nn.check.reader import check_document, extract_document, format_document_report, read_document
from nn.check.report import Cause, CheckReport, CheckRow, format_report

__all__ = [
    "grade_handins",
    "check_example",
    "check_formulas",
    "check_document",
    "read_document",
    "extract_document",
    "format_document_report",
    "derive",
    "FormulaRow",
    "format_report",
    "CheckReport",
    "CheckRow",
    "Cause",
    "Printed",
    "parse_printed",
    "agrees",
    "ULPS",
    "load_example",
    "example_from_dict",
    "bundled_examples",
    "example_titles",
    "Example",
    "ExampleError",
    "DocumentNumber",
    "UpdateRule",
    "LIMITS",
    "NETWORK_KINDS",
    "NUMBER_KINDS",
    "DEFAULT",
    "HERE",
]


def __getattr__(name: str) -> object:
    """``grade_handins`` is imported on first use: grading builds on everything above."""
    if name == "grade_handins":
        from nn.check.grade.grader import grade_handins

        return grade_handins
    raise AttributeError(f"module 'nn.check' has no attribute {name!r}")
