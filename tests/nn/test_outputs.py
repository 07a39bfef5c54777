"""Output files go only where the user asked, and what stepgrad writes it reads (issue 24, items 1 and 7).

A name from a file is a file name, never a path; ``demo``, ``graph``, ``extract`` and ``new`` refuse
to replace an existing file without ``--force`` and never replace their input. Every TOML value
stepgrad writes goes through ``nn.tomlwriter`` and reads back as the same value: property tests over
hostile text (control characters, backslashes, quotes, inline tables), and ``new`` round trips.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nn.check import load_example
from nn.cli import file_name, main
from nn.tomlwriter import toml_assignments, toml_key, toml_value

ROOT = Path(__file__).parents[2]
MAZUR = (ROOT / "nn" / "examples" / "mazur.toml").read_text(encoding="utf-8")


def named(tmp_path: Path, name: str) -> Path:
    path = tmp_path / "named.toml"
    path.write_text(MAZUR.replace('name = "mazur"', f"name = {toml_value(name)}"), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["/any/folder/created/by/demo", "../../escape", "..", "a/../../b",
                                  "C:\\x\\y", "\x1b[31mred", ""])
def test_demo_writes_the_drawing_under_build_whatever_the_examples_name(tmp_path, capsys, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    example = named(tmp_path, name)
    assert main(["demo", str(example)]) == 0
    capsys.readouterr()
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p != example]
    assert len(written) == 1 and written[0].parent == tmp_path / "build", written
    assert written[0].name == file_name(name, ".svg") and "/" not in written[0].stem
    assert not Path("/any").exists()


def test_file_name_keeps_ordinary_names_and_never_makes_a_path():
    assert file_name("seed000", ".svg") == "seed000.svg"
    assert file_name("/any/folder", ".svg") == "any_folder.svg"
    assert file_name("../..", ".svg") == "example.svg"


def test_demo_refuses_to_replace_its_drawing_without_force(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["demo", "seed000"]) == 0
    drawing = tmp_path / "build" / "seed000.svg"
    drawing.write_text("mine", encoding="utf-8")
    capsys.readouterr()
    assert main(["demo", "seed000"]) == 2
    assert "exists; choose another name, or --force" in capsys.readouterr().err
    assert drawing.read_text(encoding="utf-8") == "mine"
    assert main(["demo", "seed000", "--force"]) == 0 and drawing.read_text().startswith("<")


def test_demo_never_replaces_its_input(tmp_path, capsys):
    example = named(tmp_path, "mazur")
    example_svg = example.with_suffix(".svg")
    os.link(example, example_svg)  # the same file under a drawing's name
    before = example.read_bytes()
    assert main(["demo", str(example), "--svg", str(example_svg), "--force"]) == 2
    assert "is the input file" in capsys.readouterr().err and example.read_bytes() == before


def test_graph_refuses_an_existing_file_without_force(tmp_path, capsys):
    out = tmp_path / "g.dot"
    out.write_text("mine", encoding="utf-8")
    assert main(["graph", "seed000", "-o", str(out)]) == 2
    assert "exists" in capsys.readouterr().err and out.read_text() == "mine"
    assert main(["graph", "seed000", "-o", str(out), "--force"]) == 0 and "digraph" in out.read_text()


def test_extract_never_replaces_the_input_and_asks_for_force(tmp_path, capsys):
    doc = tmp_path / "notes.md"
    doc.write_text((ROOT / "tests" / "data" / "seed000.md").read_text(encoding="utf-8"), encoding="utf-8")
    before = doc.read_bytes()
    for extra in ([], ["--force"]):
        assert main(["extract", str(doc), "-o", str(doc), *extra]) == 2
        assert "is the input file" in capsys.readouterr().err
    assert doc.read_bytes() == before
    out = tmp_path / "out.toml"
    out.write_text("mine", encoding="utf-8")
    assert main(["extract", str(doc), "-o", str(out)]) == 2 and out.read_text() == "mine"
    capsys.readouterr()
    setup = str(ROOT / "tests" / "data" / "seed000-setup.toml")
    assert main(["extract", str(doc), "--setup", setup, "-o", str(out), "--force"]) == 0
    assert tomllib.loads(out.read_text(encoding="utf-8"))["document"]


@pytest.mark.parametrize("stem", ["we\\ird", 'quo"te', "it's", "tab\there", "uni·code ŷ", "a'''b", 'x"""y'])
def test_new_writes_a_file_that_loads_whatever_its_name(tmp_path, capsys, stem):
    path = tmp_path / f"{stem}.toml"
    assert main(["new", str(path)]) == 0
    capsys.readouterr()
    assert load_example(path).name == stem
    assert main(["check", str(path)]) == 0


# ---- the writer: every value reads back as itself -----------------------------------------------
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
SCALARS = TEXT | st.booleans() | st.integers(-2**63, 2**63 - 1) | st.floats(allow_nan=False)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(TEXT, inner, max_size=4), max_leaves=12)


@settings(max_examples=2000, deadline=None)
@given(VALUES)
def test_every_value_written_reads_back_as_itself(value):
    assert tomllib.loads(f"v = {toml_value(value)}")["v"] == value


@settings(max_examples=500, deadline=None)
@given(st.dictionaries(TEXT, SCALARS | st.none(), max_size=6))
def test_assignments_read_back_and_leave_out_none(table):
    text = "\n".join(toml_assignments(table))
    assert tomllib.loads(text) == {k: v for k, v in table.items() if v is not None}


def test_latex_is_written_as_a_literal_string_and_control_characters_escaped():
    assert toml_value(r"\frac{dL}{dw}") == r"'\frac{dL}{dw}'"
    assert toml_value("a\x0bb") == '"a\\u000bb"'
    assert toml_value(True) == "true" and toml_key("L1.N1.w1") == '"L1.N1.w1"'
    with pytest.raises(TypeError):
        toml_value(None)


# ---- extract: the file it writes reads back, row for row -----------------------------------------
SETUP = (ROOT / "tests" / "data" / "seed000-setup.toml").read_text(encoding="utf-8")


def reading_with(rows: list[dict], formulas: list[dict], setup_text: str = SETUP):
    from nn.check.reader.reading import Reading

    return Reading("notes.md", tomllib.loads(setup_text), setup_text, "setup", rows, formulas)


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT, st.lists(st.integers(1, 3) | TEXT, min_size=1, max_size=3))
def test_extract_writes_rows_that_read_back_as_they_were(name, text, values):
    from nn.check.reader.extract import worked_example_file

    rows = [{"name": f"line 3: {name}", "value": "0.5", "quantity": "L", "source": "line 3"}]
    formulas = [{"name": f"line 4: {name}", "text": text, "for": {"i": values}, "source": "line 4"}]
    written = tomllib.loads(worked_example_file(reading_with(rows, formulas)))
    assert written["document"] == [{k: v for k, v in r.items() if k != "source"} for r in rows]
    assert written["formula"] == [{k: v for k, v in f.items() if k != "source"} for f in formulas]


def test_extract_of_a_setup_holding_rows_inline_still_loads(tmp_path, capsys):
    from nn.check.reader.extract import worked_example_file

    setup = 'document = [{ quantity = "L", value = "0.1" }]\n' + SETUP
    rows = [{"name": "line 3: L", "value": "0.5", "quantity": "L", "source": "line 3"}]
    text = worked_example_file(reading_with(rows, [{"name": "f", "text": "L = \x0b x_1", "source": "line 5"}],
                                            setup))
    written = tomllib.loads(text)
    assert written["document"] == [{"name": "line 3: L", "value": "0.5", "quantity": "L"}]
    assert written["formula"][0]["text"] == "L = \x0b x_1" and written["network"]["kind"] == "document"


def test_graph_refuses_an_existing_drawing_before_reading_the_document(tmp_path, capsys, monkeypatch):
    import nn.check.reader as reader

    doc = tmp_path / "notes.md"
    doc.write_text("Given $x = 2$ and $w = 3$: $y = w x = 6$.\n", encoding="utf-8")
    drawing = tmp_path / "notes.svg"
    drawing.write_text("mine", encoding="utf-8")
    read = []
    monkeypatch.setattr(reader, "document_example", lambda path: read.append(path))
    assert main(["graph", str(doc), "-o", str(drawing)]) == 2
    assert "exists; choose another name, or --force" in capsys.readouterr().err
    assert read == [] and drawing.read_text(encoding="utf-8") == "mine"  # refused before reading
