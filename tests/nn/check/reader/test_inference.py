"""The document is the setup: the graph inferred from a document's own text (nn/check/reader/inference.py).

The documents below are written for these tests; every expected value is recomputed here in plain
Python (never the tool's output).
"""

from __future__ import annotations

import math
import tomllib

from nn.check import (
    check_document,
    check_example,
    example_from_dict,
    extract_document,
    format_document_report,
)
from nn.check.reader.inference import engine_name, infer_setup
from nn.check.reader.latex import Sym
from nn.check.reader.layout import read_layout

# a 1-1 sigmoid neuron, squared error, one step; z is printed with a digit slip (0.3675 for 0.3575)
X, W, B, T, ETA = 0.05, 0.15, 0.35, 0.01, 0.5
Z = W * X + B
A = 1 / (1 + math.exp(-Z))
DE_DA = A - T
DA_DZ = A * (1 - A)
DE_DW = DE_DA * DA_DZ * X
W_NEW = W - ETA * DE_DW
NEURON = f"""# One neuron

The inputs: $x = 0.05$, $w = 0.15$, $b = 0.35$ and the target $t = 0.01$.

$$ z = w x + b = 0.15 \\cdot 0.05 + 0.35 = 0.3675 $$

$$ a = \\sigma(z) = {A:.4f} $$

$$ E = \\frac{{1}}{{2}}(t - a)^2 = {0.5 * (T - A) ** 2:.5f} $$

$$ \\frac{{\\partial E}}{{\\partial a}} = a - t = {DE_DA:.4f} $$

$$ \\frac{{\\partial E}}{{\\partial w}} = {DE_DW:.6f} $$

With $\\eta = 0.5$:
$$ w^{{+}} = w - \\eta \\frac{{\\partial E}}{{\\partial w}}
   = 0.15 - 0.5 \\cdot {DE_DW:.6f} = {W_NEW:.6f} $$
"""


def test_givens_and_definitions_become_the_graph():
    text = NEURON
    found = infer_setup(text, read_layout(text))
    assert found.leaves == {"x": 0.05, "w": 0.15, "b": 0.35, "t": 0.01}
    assert set(found.nodes) - set(found.arithmetic) == {"z", "a", "E"} and found.root() == "E"
    assert found.learning_rate == 0.5 and found.parameters == ["w"]
    example = example_from_dict({k: v for k, v in found.example().items() if k != "aliases"})
    loss = example.loss()
    assert math.isclose(loss.data, 0.5 * (T - A) ** 2, rel_tol=1e-12)


def test_a_document_with_no_setup_is_checked_against_its_own_graph(tmp_path, rows_by_quantity):
    doc = tmp_path / "neuron.md"
    doc.write_text(NEURON)
    result = check_document(doc)
    rows = rows_by_quantity(result)
    assert rows[("a", 0, f"{A:.4f}")].verdict == "match"
    assert rows[("dE/da", 0, f"{DE_DA:.4f}")].verdict == "match"
    assert rows[("dE/dw", 0, f"{DE_DW:.6f}")].verdict == "match"
    assert rows[("w", 1, f"{W_NEW:.6f}")].verdict == "match"  # the update, never the value before it
    slip = rows[("z", 0, "0.3675")]
    assert slip.verdict == "mismatch" and slip.should_read == "0.3575"
    assert round(Z, 4) == 0.3575
    report = format_document_report(result, explain=True)
    assert report.splitlines()[0].endswith("4 givens read as the graph's premises")
    assert "node  z = w * x + b (line 5)" in report


def test_extract_writes_the_inferred_graph_as_a_worked_example(tmp_path):
    doc = tmp_path / "neuron.md"
    doc.write_text(NEURON)
    toml = extract_document(doc)
    parsed = tomllib.loads(toml)
    assert parsed["leaves"] == {"x": 0.05, "w": 0.15, "b": 0.35, "t": 0.01}
    assert parsed["training"]["learning_rate"] == 0.5
    out = tmp_path / "neuron.toml"
    out.write_text(toml)
    rows = {(r.number.quantity, r.number.after): r.verdict for r in check_example(out).rows
            if r.kind == "number"}
    assert rows[("z", 0)] == "mismatch" and rows[("w", 1)] == "match"


def test_substituted_numbers_say_which_given_goes_where(tmp_path, rows_by_quantity):
    text = "$$ z = w_1 x_1 + b = 0.4 \\cdot 2 + 0.1 = 0.9 $$\n\n$$ L = z^2 = 0.81 $$\n"
    found = infer_setup(text, read_layout(text))
    assert found.leaves == {"w_1": 0.4, "x_1": 2.0, "b": 0.1}
    doc = tmp_path / "sub.md"
    doc.write_text(text + "\n$$ \\frac{dL}{dw_1} = 2 z x_1 = 3.6 $$\n")
    rows = rows_by_quantity(check_document(doc))
    assert rows[("L", 0, "0.81")].verdict == "match"
    assert rows[("dL/dw_1", 0, "3.6")].verdict == "match"  # 2·0.9·2


def test_a_second_example_restating_its_givens_is_checked_on_its_own(tmp_path):
    doc = tmp_path / "two.md"
    doc.write_text("# Example 1\n\n$x = 2$, $w = 3$\n\n$$ y = w x = 6 $$\n\n"
                   "# Example 2\n\n$x = 1$, $w = 0.5$\n\n$$ y = w x = 0.5 $$\n")
    result = check_document(doc)
    assert len(result.all()) == 2
    verdicts = [r.verdict for p in result.all() for r in p.report.rows if r.number.quantity == "y"]
    assert verdicts == ["match"] * 2


def test_after_an_update_a_new_forward_pass_uses_the_updated_weight(tmp_path, rows_by_quantity):
    doc = tmp_path / "step.md"
    doc.write_text("$x = 2$, $w = 3$, $y = 10$\n\n$$ \\hat{y} = w x = 6 $$\n\n"
                   "$$ L = (y - \\hat{y})^2 = 16 $$\n\n"
                   "$$ \\frac{\\partial L}{\\partial w} = -16 $$\n\n$\\eta = 0.1$\n\n"
                   "$$ w_{\\text{new}} = 3 - 0.1(-16) = 4.6 $$\n\n## New forward pass\n\n"
                   "$$ \\hat{y} = 4.6 \\cdot 2 = 9.2 $$\n\n$$ L = (10 - 9.2)^2 = 0.64 $$\n")
    rows = rows_by_quantity(check_document(doc))
    assert rows[("w", 1, "4.6")].verdict == "match"
    assert rows[("y_hat", 1, "9.2")].verdict == "match" and rows[("L", 1, "0.64")].verdict == "match"
    assert math.isclose((10 - 4.6 * 2) ** 2, 0.64)


def test_engine_names_are_expression_names():
    assert engine_name(Sym("ŷ")) == "y_hat" and engine_name(Sym("delta", "o1")) == "delta_o1"
    assert engine_name(Sym("exp")) == "exp_" and engine_name(Sym("W^2", "11")) == "W_2_11"


def test_stepgrad_graph_draws_the_graph_a_document_infers(tmp_path):
    from nn.cli import main

    doc = tmp_path / "neuron.md"
    doc.write_text(NEURON)
    out = tmp_path / "neuron.svg"
    assert main(["graph", str(doc), "-o", str(out)]) == 0
    svg = out.read_text()
    assert "<svg" in svg and all(f">{name}" in svg.replace("> ", ">") for name in ("z", "a", "E"))


# a 2-2 sigmoid layer written with matrices; h[2] is printed with a digit slip (0.5869 for 0.5969)
W1 = [[0.15, 0.20], [0.25, 0.30]]
X1, B1 = [0.05, 0.10], [0.35, 0.35]
Z1 = [W1[i][0] * X1[0] + W1[i][1] * X1[1] + B1[i] for i in range(2)]
H1 = [1 / (1 + math.exp(-z)) for z in Z1]
LAYER = f"""# A layer in matrix form

$$ W_1 = \\begin{{bmatrix}} 0.15 & 0.20 \\\\ 0.25 & 0.30 \\end{{bmatrix}} $$, $x = [0.05, 0.10]$ and
$b_1 = [0.35, 0.35]$.

$$ z_1 = W_1 x + b_1 = \\begin{{bmatrix}} {Z1[0]:.4f} \\\\ {Z1[1]:.4f} \\end{{bmatrix}} $$

$$ h = \\sigma(z_1) = \\begin{{bmatrix}} {H1[0]:.4f} \\\\ 0.5869 \\end{{bmatrix}} $$

$$ W_1 := W_1 - \\eta G $$

$$ W_1 = \\begin{{bmatrix}} 0.14 & 0.19 \\\\ 0.24 & 0.29 \\end{{bmatrix}} $$
"""


def test_a_matrix_form_document_is_checked_element_by_element(tmp_path, rows_by_quantity):
    found = infer_setup(LAYER, read_layout(LAYER))
    assert (found.leaves["W_1__1_2"], found.leaves["x__2"], found.leaves["b_1__1"]) == (0.20, 0.10, 0.35)
    assert found.aliases["W_1[2,1]"] == "W_1__2_1" and found.aliases["h[2]"] == "h__2"
    doc = tmp_path / "layer.md"
    doc.write_text(LAYER)
    result = check_document(doc)
    rows = rows_by_quantity(result)
    assert rows[("z_1__1", 0, f"{Z1[0]:.4f}")].verdict == "match"
    assert rows[("z_1__2", 0, f"{Z1[1]:.4f}")].verdict == "match"
    assert rows[("h__1", 0, f"{H1[0]:.4f}")].verdict == "match"
    slip = rows[("h__2", 0, "0.5869")]
    assert slip.verdict == "mismatch" and slip.should_read == f"{H1[1]:.4f}" == "0.5969"
    # the weights printed after their update are not compared with the given ones
    assert not any(q.startswith("W_1") and v in ("0.14", "0.19", "0.24", "0.29") for q, _, v in rows)
    skipped = [s.reason for s in result.reading.skipped]
    assert any("W_1 after its update" in reason for reason in skipped)


def test_a_given_nothing_uses_is_listed_as_stated_but_unused_and_an_unknown_name_keeps_the_alias_hint(
        check_text, not_checked, rows_by_quantity):
    """``u_2 = 7`` is stated but no definition uses it: listed as such (an alias would not help); a
    name the document never states (``q``) still asks for an alias."""
    u, c = 1.5, 4.0
    text = (f"# Scaled\n\nLet $u_1 = {u:g}$, $u_2 = 7$ and $c = {c:g}$.\n\n$$s = c u_1$$\n\n"
            f"So $s = {c * u:g}$ and $\\frac{{\\partial s}}{{\\partial q}} = 3$.\n")
    result = check_text(text)
    assert rows_by_quantity(result)[("s", 0, f"{c * u:g}")].verdict == "match"
    reasons = {text: reason for _, text, reason in not_checked(result)}
    assert reasons["u_2 = 7"] == ("u_2 is stated (line 3) but used by no computation the document defines: "
                                  "nothing to check it against")
    assert reasons[r"\frac{\partial s}{\partial q} = 3"] == "no quantity named q; add an alias in the setup"
