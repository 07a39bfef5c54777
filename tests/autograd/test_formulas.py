"""autograd.formula and `stepgrad formula`: the engine's own formula for a derivative."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from autograd import GraphError, Value, formula, node_names
from nn.check import load_example
from nn.check.files import example_from_dict
from nn.check.formula_text import read_formula
from nn.check.formulas import check_formulas, derive
from nn.cli import main

DATA = Path(__file__).parents[1] / "data"
ROOT = Path(__file__).resolve().parents[2]


def graph(name: str):
    example = load_example(name) if not name.endswith(".toml") else example_from_dict(
        tomllib.loads((DATA / name).read_text(encoding="utf-8")))
    loss = example.loss()
    loss.backward()
    return example, loss


def test_seed000_dL_dW11_reads_as_the_chain_rule():
    example, loss = graph("seed000")
    f = formula(loss, example.network["W11"])
    assert f.text == "(a_o1 − y)·a_o1(1 − a_o1)·W31·a_h1(1 − a_h1)·x1"
    assert str(f) == "dL/dW11 = (a_o1 − y)·a_o1(1 − a_o1)·W31·a_h1(1 − a_h1)·x1"
    assert f.value == pytest.approx(example.network["W11"].grad, rel=1e-12)
    # seed 000's numbers: (0.70 − 0.75)·0.70·0.30·0.40·0.59·0.41·0.05
    assert f.value == pytest.approx(-0.05 * 0.70 * 0.30 * 0.40 * 0.59 * 0.41 * 0.05, rel=1e-9)


@pytest.mark.parametrize("name", ["seed000", "seed001", "mazur_2_2_2.toml"])
def test_every_parameter_s_formula_equals_the_engine_gradient(name):
    example, loss = graph(name)
    for pname, p in example.network.named_parameters():
        f = formula(loss, p)
        assert f.value == pytest.approx(p.grad, rel=1e-10, abs=1e-15), pname
        values = {s: f.values[s.name] for s in f.expr.free_symbols}
        assert float(f.expr.subs(values)) == pytest.approx(p.grad, rel=1e-10, abs=1e-15), pname


def test_several_paths_are_summed():
    example, loss = graph("mazur_2_2_2.toml")
    f = formula(loss, example.network["w1"])
    assert f.factors is None  # two paths: the sum, simplified
    # the per-output errors e_o = y − a_o are named nodes of the graph: they stay symbols
    assert f.text == "a_h1(1 − a_h1)·x1·(−a_o1(1 − a_o1)·e_o1·w5 − a_o2(1 − a_o2)·e_o2·w7)"
    derived = derive(str(DATA / "mazur_2_2_2.toml"), "dE_total/dw1")  # in the tutorial's names
    assert derived.startswith("dE_total/dw1 = out_h1(1 − out_h1)·x1·(−e_o1·out_o1(1 − out_o1)·w5")


def test_unnamed_intermediates_are_written_out_and_constants_are_numbers():
    import sympy

    x = Value(2.0, "x")
    y = (x * x + 3 * x).named("y")
    y.backward()
    f = formula(y, x)
    assert sympy.expand(f.expr - (2 * sympy.Symbol("x") + 3)) == 0
    assert f.value == x.grad == 7.0


def test_names_map_to_the_document_s():
    example, loss = graph("seed001")
    assert derive("seed001", "dL/dw_11").startswith("dL/dw_11 = 2·(ŷ − y)·ŷ(1 − ŷ)·w_o1·a_1(1 − a_1)·x_1")
    f = formula(loss, "W31", {"a_o1": "ŷ", "a_h1": "a_1"})
    assert f.text == "2·(ŷ − y)·ŷ(1 − ŷ)·a_1"


def test_unknown_node_is_a_clear_error():
    _, loss = graph("seed000")
    with pytest.raises(GraphError, match="no node 'Q'"):
        formula(loss, "Q")


def test_cli_latex_reads_back_to_the_engine_gradient_at_random_points(capsys):
    """`stepgrad formula seed000 dL/dW11 --latex`, read back by SymPy's (Lark) LaTeX parser through the
    checker's notation step, agrees with the engine's gradient at the example's point and 5 random ones."""
    assert main(["formula", "seed000", "dL/dW11", "--latex"]) == 0
    latex = capsys.readouterr().out.strip()
    assert latex.startswith(r"\frac{\partial L}{\partial W_{11}} = ")
    parsed = read_formula(latex)
    assert parsed.left.text == "dL/dW_11"
    text = (ROOT / "nn" / "examples" / "seed000.toml").read_text(encoding="utf-8")
    text = text.split("[[document]]")[0] + f"\n[[formula]]\nname = \"derived\"\ntext = '''{latex}'''\n"
    (row,) = check_formulas(example_from_dict(tomllib.loads(text), "derived", text=text))
    assert row.verdict == "match" and row.agree == row.points == 6


def test_cli_multi_path_latex_holds_too(capsys, tmp_path):
    assert main(["formula", str(DATA / "mazur_2_2_2.toml"), "dL/dw1", "--latex"]) == 0
    latex = capsys.readouterr().out.strip()
    text = (DATA / "mazur_2_2_2.toml").read_text(encoding="utf-8").split("[[document]]")[0]
    text += f"\n[[formula]]\nname = \"derived\"\ntext = '''{latex}'''\n"
    (row,) = check_formulas(example_from_dict(tomllib.loads(text), "derived", text=text))
    assert row.verdict == "match" and row.points == 6


def test_cli_numbers_and_bad_quantity(capsys):
    assert main(["formula", "seed000", "dL/dW31", "--numbers"]) == 0
    out = capsys.readouterr().out
    assert "(0.7 − 0.75)·0.7(1 − 0.7)·0.59 = -0.006195" in out
    assert main(["formula", "seed000", "dL/dQ"]) == 2
    assert "cannot read the quantity 'dL/dQ'" in capsys.readouterr().err


def _plain(name: str) -> str:
    """A name without LaTeX punctuation: SymPy's ANTLR parser reads a_{o1} as the symbol a_{o*1}."""
    return "".join(ch for ch in name if ch.isalnum())


@pytest.mark.parametrize("quantity", ["dL/dW11", "dL/dW41", "dL/dB1", "dL/da_h2"])
def test_latex_reads_back_with_sympy_s_own_antlr_parser(capsys, quantity):
    """The --latex output, read by SymPy's own parse_latex with no help from stepgrad (the ANTLR
    backend reads multi-character subscripts such as W_{31}, which the Lark grammar does not), equals
    the engine's gradient at the example's point and at random points of all nine parameters."""
    pytest.importorskip("antlr4", reason="the ANTLR runtime is a dev dependency (pyproject.toml)")
    import random

    from sympy.parsing.latex import parse_latex

    assert main(["formula", "seed000", quantity, "--latex"]) == 0
    right = capsys.readouterr().out.strip().split("=", 1)[1]
    expr = parse_latex(right, backend="antlr")
    example = load_example("seed000")
    rng = random.Random(20261128)
    target = quantity.split("/d", 1)[1]
    for point in range(6):
        if point:
            for _, p in example.network.named_parameters():
                p.data = rng.uniform(-2.0, 2.0)
        loss = example.loss()
        loss.backward()
        names = {_plain(name): node for node, name in node_names(loss).items()}
        value = float(expr.subs({s: names[_plain(s.name)].data for s in expr.free_symbols}))
        assert value == pytest.approx(names[_plain(target)].grad, rel=1e-12, abs=1e-15)
