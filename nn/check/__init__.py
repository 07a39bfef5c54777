"""The worked-example checker: read a worked example, recompute it, compare with the document.

``from nn.check import …`` is the public entry point; the pieces live in submodules:
``files`` reads worked-example files, ``checker`` recomputes and diagnoses, and formats the report.
"""

from nn.check.checker import (
    CheckReport,
    CheckRow,
    Printed,
    agrees,
    check_example,
    format_report,
    parse_printed,
)
from nn.check.files import (
    DEFAULT,
    HERE,
    NETWORK_KINDS,
    NUMBER_KINDS,
    DocumentNumber,
    Example,
    ExampleError,
    UpdateRule,
    bundled_examples,
    example_from_dict,
    load_example,
)

__all__ = [
    "check_example",
    "format_report",
    "CheckReport",
    "CheckRow",
    "Printed",
    "parse_printed",
    "agrees",
    "load_example",
    "example_from_dict",
    "bundled_examples",
    "Example",
    "ExampleError",
    "DocumentNumber",
    "UpdateRule",
    "NETWORK_KINDS",
    "NUMBER_KINDS",
    "DEFAULT",
    "HERE",
]
