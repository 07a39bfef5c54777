"""Givens and definitions stated in a notebook's code cells, read with ``ast`` and never run
(nn/check/reader/code_cells.py)."""

from __future__ import annotations

import math

import pytest

from nn.check.reader.code_cells import code_claims

nbformat = pytest.importorskip("nbformat")
v4 = nbformat.v4


def _verdicts(path) -> list[tuple[str, str]]:
    from nn.check import check_document

    result = check_document(path)
    return [(r.number.name, r.verdict) for r in result.report.rows if r.kind == "number"]


def test_a_notebook_stating_its_computation_in_code_is_checked_with_no_setup(notebooks, tmp_path):
    x, w, b, t = 3.0, 2.0, 1.0, 10.0  # the truth, recomputed here in plain Python
    h = math.tanh(0.5 * x)
    y = w * h + b
    loss = (y - t) ** 2
    path = notebooks.write(
        tmp_path,
        v4.new_markdown_cell("# One neuron, in code"),
        v4.new_code_cell("import torch\nx = torch.tensor(3.0, requires_grad=True)\nw = 2.0\nb = 1.0\n"
                         "t = 10.0\nh = torch.tanh(0.5 * x)\nprint(h)",
                         outputs=[notebooks.stdout(f"{h:.6f}\n")]),
        v4.new_code_cell("y = w * h + b\ny", outputs=[notebooks.result(repr(y))]),
        v4.new_code_cell("loss = (y - t) ** 2\nprint(f'loss = {loss}')",
                         outputs=[notebooks.stdout(f"loss = {loss}\n")]),
        v4.new_code_cell("print(loss)", outputs=[notebooks.stdout(f"{loss + 1:.4f}\n")]),  # printed wrong
    )
    assert _verdicts(path) == [("cell 2 output, line 1: h", "match"), ("cell 3 output, line 1: y", "match"),
                               ("cell 4 output, line 1: loss", "match"),
                               ("cell 5 output, line 1: loss", "mismatch")]


def test_only_plain_scalar_arithmetic_is_read():
    text = ("```code\nimport numpy as np\na = 2\nb = -a ** 2 / 4\nc = np.exp(a) + math.log(b)\n"
            "d = jnp.maximum(0, c - 1)\ne2 = tf.Variable(3.)\nf = torch.tensor([1.0, 2.0])\n"
            "g = model(a)\nh = a if b else c\nk = 1.0\nk = k + 1\nfor m in range(3):\n    pass\nm = 4.0\n"
            "n = np.sin(a)\np = a ** b\nr = torch.tensor([0.5])\n```\n"
            "```code\nr = torch.tensor([0.5])\nu, v = 1.5, -a\n```\n")
    claims = {c.sides[0]: (c.line, c.sides[1]) for c in code_claims(text)}
    assert claims == {"a": (3, "2"), "b": (4, r"\frac{-((a)^{2})}{4}"),
                      "c": (5, r"(\exp(a)) + (\log(b))"), "d": (6, r"\mathrm{relu}((c) - (1))"),
                      "e2": (7, "3.0"), "n": (16, r"\sin(a)"), "r": (18, "0.5"), "u": (22, "1.5"),
                      "v": (22, "-(a)")}
    # f: a vector; g: unknown; k, m: bound twice; sin, a**b: no op; r: the same in two cells, read once


def test_code_in_other_fences_and_broken_code_are_not_read():
    assert code_claims("```python\nx = 1.0\n```\n") == []
    assert code_claims("```code\n%matplotlib inline\nx = = 1\n```\n") == []
    assert [c.sides for c in code_claims("```code\nx = 1.0\n")] == [["x", "1.0"]]  # unclosed fence


def test_hostile_code_is_never_run_and_gives_no_traceback(notebooks, tmp_path, capsys, monkeypatch):
    import os
    import subprocess

    from nn.cli import main

    ran = []
    monkeypatch.setattr(os, "system", lambda *a: ran.append(a) or 0)
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: ran.append(a))
    marker = tmp_path / "pwned"
    source = (f"x = __import__('os').system('touch {marker}')\n"
              f"y = eval(\"open('{marker}', 'w')\")\n"
              "z = 10 ** 10 ** 10\nu = 2.0 ** 99999999\nv = 9" + "9" * 5000 + ".0\n"
              "q = 2.0\nr = q ** 1e300\ns = -q\nprint(s)")
    nested = "w = " + "(" * 500 + "1" + ")" * 500  # beyond the parser's nesting: the cell is skipped
    path = notebooks.write(tmp_path, v4.new_code_cell(source, outputs=[notebooks.stdout("-2.0\n")]),
                           v4.new_code_cell(nested))
    code = main(["check", str(path)])
    out, err = capsys.readouterr()
    assert ran == [] and not marker.exists()
    assert "Traceback" not in out + err
    assert code in (0, 1, 2)
    claims = {c.sides[0]: c.sides[1] for c in code_claims(f"```code\n{source}\n```\n```code\n{nested}\n```")}
    assert claims == {"q": "2.0", "s": "-(q)"}  # nothing else is read, none of it evaluated
    assert _verdicts(path) == [("cell 1 output, line 1: s", "match")]  # -q = -2.0
