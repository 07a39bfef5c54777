"""A refused worked example says where in fields (table, index, key, line, reason), not only in its
message: the document reader acts on the fields and never parses the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from nn.check import check_example, load_example
from nn.check.example import ExampleError

SETUP = """[network]
kind = "expression"

[leaves]
a = 2.0

[nodes]
b = "a * a"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ex.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_loader_names_the_refused_row_in_fields(tmp_path):
    rows = ('[[document]]\nquantity = "b"\nvalue = "4"\n\n'
            '[[document]]\nquantity = "db/da"\nvalue = "4"\nkind = "guess"\n')
    path = write(tmp_path, SETUP + "\n" + rows)
    with pytest.raises(ExampleError) as refused:
        load_example(path)
    e = refused.value
    lines = path.read_text().splitlines()
    kind_line = next(i for i, line in enumerate(lines, 1) if line.startswith('kind = "guess"'))
    assert (e.table, e.index, e.key, e.line) == ("document", 2, "kind", kind_line)
    assert str(path) in e.where and e.reason.startswith("(db/da): kind = ")
    assert str(e) == f"{e.where}, line {kind_line}: [[document]] #2 {e.reason}"


def test_the_checker_names_the_row_it_cannot_take_in_fields(tmp_path):
    rows = '[[document]]\nquantity = "b"\nvalue = "4"\n\n[[document]]\nquantity = "dz/da"\nvalue = "4"\n'
    path = write(tmp_path, SETUP + "\n" + rows)
    with pytest.raises(ExampleError) as refused:
        check_example(path)
    e = refused.value
    assert (e.table, e.index) == ("document", 2)
    assert e.reason.startswith("quantity 'dz/da': this example has no node")
    assert str(e).endswith(f"[[document]] #2 (dz/da): {e.reason}")


def test_an_error_about_no_row_has_no_row_fields(tmp_path):
    with pytest.raises(ExampleError) as refused:
        load_example(write(tmp_path, "[network]\nkind = 3\n"))
    assert refused.value.index is None and refused.value.table == "network"
