"""Notebooks as documents: markdown cells and printed outputs, with cell numbers
(nn/check/reader/notebook.py)."""

from __future__ import annotations

import pytest

from nn.check.reader.notebook import NotebookError, is_notebook, notebook_text, read_notebook
from nn.check.reader.sources import find_spans

nbformat = pytest.importorskip("nbformat")
v4 = nbformat.v4


def _claims(nb: str) -> list[tuple[str, str]]:
    read = notebook_text(nb)
    return [(read.where(read.text.count("\n", 0, sp.start) + 1), sp.text)
            for sp in find_spans(read.text) if sp.kind != "text"]


def test_markdown_cells_and_printed_outputs_are_read_with_their_cells_and_code_is_not(notebooks):
    nb = notebooks.writes(
        v4.new_markdown_cell("# A net\n\nFirst `w1 = 0.15`."),
        v4.new_code_cell("z1 = 0.15*0.05 + 0.35\nprint(f'z1 = {z1:.4f}')",
                         outputs=[notebooks.stdout("z1 = 0.3575\n")]),
        v4.new_code_cell("a1 = sigmoid(W @ x)\na1",
                         outputs=[notebooks.result("array([[0.1, 0.2],\n       [0.3, 0.4]])")]),
        v4.new_code_cell("print(loss)", outputs=[notebooks.stdout("0.298371\n")]),
        v4.new_code_cell("1/0", outputs=[v4.new_output("error", ename="ZeroDivisionError", evalue="division",
                                                       traceback=["x = 1"])]),
    )
    assert _claims(nb) == [
        ("cell 1, line 3", "w1 = 0.15"),
        ("cell 2 output, line 1", "z1 = 0.3575"),
        ("cell 3 output, line 1", "a1 = array([[0.1, 0.2],\n       [0.3, 0.4]])"),
        ("cell 4 output, line 1", "loss = 0.298371"),
    ]


def test_an_output_holding_backticks_cannot_close_its_fence(notebooks):
    nb = notebooks.writes(v4.new_code_cell("print(s)", outputs=[notebooks.stdout("```\nw = 0.5\n````\n")]),
                   v4.new_markdown_cell("then `b = 0.1`"))
    assert _claims(nb) == [("cell 1 output, line 2", "w = 0.5"), ("cell 2, line 1", "b = 0.1")]


def test_version_3_notebooks_are_read_too():
    v3 = nbformat.v3
    cell = v3.new_text_cell("markdown", source="`x = 0.5`")
    nb = v3.new_notebook(worksheets=[v3.new_worksheet(cells=[cell])])
    assert _claims(nbformat.writes(nb, version=3)) == [("cell 1, line 1", "x = 0.5")]


@pytest.mark.parametrize("raw, message", [
    ("{not json", "is not a readable Jupyter notebook"),
    ('{"cells": 3}', "is not a readable Jupyter notebook"),
    ("[" * 100_000, "is not a readable Jupyter notebook|nested too deeply"),
])
def test_what_is_no_notebook_gives_one_line(raw, message):
    with pytest.raises(NotebookError, match=message) as info:
        notebook_text(raw, "notebook 'x.ipynb'")
    assert "\n" not in str(info.value) and "x.ipynb" in str(info.value)


def test_nbformat_warnings_never_reach_the_user(notebooks, recwarn):
    cell = v4.new_markdown_cell("`b = 1`")
    raw = notebooks.writes(cell, cell)  # a duplicate cell id: nbformat warns, then corrects it
    recwarn.clear()
    notebook_text(raw)
    assert not recwarn.list


def test_files_by_suffix_and_missing_files(notebooks, tmp_path):
    assert is_notebook("lesson.IPYNB") and not is_notebook("notes.md")
    with pytest.raises(NotebookError, match="does not exist"):
        read_notebook(tmp_path / "none.ipynb")
    path = tmp_path / "n.ipynb"
    path.write_text(notebooks.writes(v4.new_markdown_cell("`b = 1`")), encoding="utf-8")
    assert read_notebook(path).text.startswith("`b = 1`")


def test_reading_a_notebook_takes_time_linear_in_its_size(notebooks, time_ratio):
    def cells():
        return [v4.new_markdown_cell("`w1 = 0.15` and $z = 0.3775$"),
                v4.new_code_cell("z1", outputs=[notebooks.result("0.3775")]),
                v4.new_code_cell("print(f(2.))\nprint(g(2.))", outputs=[notebooks.stdout("0.5\n0.25\n")])]

    n = (1 << 20) // len(notebooks.writes(*cells()))  # ~1 MiB, then ~2 MiB
    small = notebooks.writes(*(c for _ in range(n) for c in cells()))
    large = notebooks.writes(*(c for _ in range(2 * n) for c in cells()))
    ratio = time_ratio(notebook_text, small, large, rounds=3)
    assert ratio < 3.2, f"doubling the notebook multiplied the time by {ratio:.1f}"


def test_a_notebook_is_checked_with_its_cells_in_the_report(notebooks, tmp_path):
    from pathlib import Path

    from nn.check import check_document, format_document_report

    setup = (Path(__file__).resolve().parents[3] / "data" / "mazur_2_2_2.toml").read_text(encoding="utf-8")
    nb = notebooks.writes(
        v4.new_markdown_cell("# Mazur in a notebook\n\n```stepgrad\n" + setup + "```\n"),
        v4.new_code_cell("net_h1 = w1 * i1 + w2 * i2 + b1\nnet_h1", outputs=[notebooks.result("0.3775")]),
        v4.new_markdown_cell("Then $out_{h1} = 0.593269992$ and `E_total = 0.298371109`."),
        v4.new_code_cell("print(f'out_o1 = {out_o1}')\nprint(f'out_o2 = {out_o2}')",
                         outputs=[notebooks.stdout("out_o1 = 0.75136507\nout_o2 = 0.77392847\n")]),
        v4.new_code_cell("print(w9)", outputs=[notebooks.stdout("w9 = 0.5\n")]),
    )
    path = tmp_path / "lesson.ipynb"
    path.write_text(nb, encoding="utf-8")
    result = check_document(path)
    assert [(r.number.name, r.verdict) for r in result.report.rows if r.kind == "number"] == [
        ("cell 2 output, line 1: net_h1", "match"), ("cell 3, line 1: out_h1", "match"),
        ("cell 3, line 1: E_total", "match"), ("cell 4 output, line 1: out_o1", "match"),
        ("cell 4 output, line 2: out_o2", "mismatch")]  # 0.772928465: one digit slipped
    assert [(s.place, s.text) for s in result.reading.skipped] == [("cell 5 output, line 1", "w9 = 0.5")]
    assert "in cell 5 output, line 1: no quantity named w9" in format_document_report(result)


def test_a_broken_notebook_is_one_line_and_exit_2(tmp_path, capsys):
    from nn.cli import main

    path = tmp_path / "broken.ipynb"
    path.write_text('{"cells": [', encoding="utf-8")
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "broken.ipynb" in err and "Traceback" not in err


def test_each_print_is_paired_with_the_line_it_printed_and_a_result_with_the_last_expression(notebooks):
    nb = notebooks.writes(
        v4.new_code_cell("grad_tanh = grad(jnp.tanh)\nprint(grad_tanh(2.0))\nprint(grad(grad_tanh)(2.0))",
                         outputs=[notebooks.stdout("0.070650935\n-0.13621889\n")]),
        v4.new_code_cell("print('W_grad', W_grad)\nprint(f'b = {b}')",
                         outputs=[notebooks.stdout("W_grad [-0.1697 -0.8775]\nb = 0.5\n")]),
        v4.new_code_cell("for k in range(2):\n    print(k)", outputs=[notebooks.stdout("0\n1\n")]),
        v4.new_code_cell("log1pexp(3.)", outputs=[notebooks.result("Array(3.0485873, dtype=float32)")]),
        v4.new_code_cell("x = 3.", outputs=[notebooks.result("3.0")]),
    )
    assert _claims(nb) == [
        ("cell 1 output, line 1", "grad_tanh(2.0) = 0.070650935"),
        ("cell 1 output, line 2", "grad(grad_tanh)(2.0) = -0.13621889"),
        ("cell 2 output, line 1", "W_grad=[-0.1697 -0.8775]"), ("cell 2 output, line 2", "b = 0.5"),
        ("cell 4 output, line 1", "log1pexp(3.) = 3.0485873"),
    ]


def test_doctest_sessions_in_markdown_claim_what_each_expression_printed():
    doc = ("```python\n>>> from autograd import grad\n>>> grad_tanh = grad(tanh)\n"
           ">>> grad_tanh(1.0)  # at 1\n"
           "np.float64(0.419974341614026)\n>>> x = 2\n>>> print(x)\n2\n```\n")
    assert [(s.kind, s.text) for s in find_spans(doc)] == [("output", "grad_tanh(1.0) = 0.419974341614026")]
