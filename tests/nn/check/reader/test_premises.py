"""Premises that contradict each other (nn/check/reader/premises.py): a value the document gives for
a quantity it also defines, reported once, and what follows checked from the given value.

Every expected number is computed here in plain Python (math only).
"""

from __future__ import annotations

import math

import pytest

from nn.check import check_document


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def numbers(result) -> dict[tuple[int, str], object]:
    return {(int(r.number.source.split()[-1]), r.number.value): r for r in result.report.rows
            if r.kind == "number"}


def test_a_given_output_its_inputs_deny_is_the_premise_and_what_follows_uses_it(tmp_path):
    x, w, b, t, assumed = 0.5, 0.4, -0.1, 1.0, 0.6
    stated = sigmoid(w * x + b)  # 0.52498: not 0.6 at one decimal
    loss = 0.5 * (t - assumed) ** 2  # 0.08, from the assumed output
    doc = tmp_path / "neuron.md"
    doc.write_text(f"Let $x = {x}$, $w = {w}$, $b = {b}$ and the target $t = {t:g}$.\n\n"
                   "The net input is $z = w x + b$ and the output $a = \\sigma(z)$.\n\n"
                   f"Assume the output is $a = {assumed}$.\n\n"
                   f"The loss is $L = \\frac{{1}}{{2}}(t - a)^2 = {loss:.2f}$.\n\n"
                   f"$\\frac{{\\partial L}}{{\\partial a}} = -(t - a) = {-(t - assumed):.1f}$\n",
                   encoding="utf-8")
    result = check_document(doc)
    rows = numbers(result)
    premise = rows[(5, "0.6")]
    assert premise.verdict == "mismatch" and [c.kind for c in premise.causes] == ["premise"]
    assert abs(premise.engine - stated) < 1e-12
    assert "a = sigmoid(z) (line 3)" in premise.diagnosis
    assert "checked from the given 0.6" in premise.diagnosis
    assert rows[(7, "0.08")].verdict == "match" and rows[(9, "-0.4")].verdict == "match"  # no cascade
    assert sum(c.kind == "premise" for r in result.report.rows for c in r.causes) == 1  # reported once


def test_a_given_before_its_definition_is_a_premise_too(tmp_path):
    u, c, assumed = 0.3, 2.0, 0.5
    assert abs(math.tanh(u) - assumed) > 0.05
    doc = tmp_path / "first.md"
    doc.write_text(f"We take $h = {assumed}$ for now.\n\nThe inputs are $u = {u}$ and $c = {c}$.\n\n"
                   "The hidden value is $h = \\tanh(u)$ and $f = c h$.\n\n"
                   f"So $f = {c * assumed:.2f}$.\n", encoding="utf-8")
    rows = numbers(check_document(doc))
    assert [c.kind for c in rows[(1, "0.5")].causes] == ["premise"]
    assert abs(rows[(1, "0.5")].engine - math.tanh(u)) < 1e-12
    assert rows[(7, "1.00")].verdict == "match"


def test_a_given_its_definition_agrees_with_or_a_computed_value_restated_is_no_premise(tmp_path):
    x, w = 0.5, 0.4
    agreeing = tmp_path / "agree.md"
    agreeing.write_text(f"Let $x = {x}$ and $w = {w}$; $z = w x$ and $a = \\sigma(z)$.\n\n"
                        f"Assume $a = {sigmoid(w * x):.2f}$.\n", encoding="utf-8")
    result = check_document(agreeing)
    assert not result.reading.premises
    computed = tmp_path / "computed.md"
    computed.write_text(f"Let $x = {x}$ and $w = {w}$; $z = w x$ and "
                        f"$a = \\sigma(z) = {sigmoid(w * x):.4f}$.\n\nLater we write $a = 0.6$.\n",
                        encoding="utf-8")
    result = check_document(computed)
    assert not result.reading.premises  # the document computed a itself: 0.6 is a wrong number
    wrong = numbers(result)[(3, "0.6")]
    assert wrong.verdict == "mismatch" and "premise" not in [c.kind for c in wrong.causes]


# ---- the seeds with no setup: read as far as their text allows ----------------------------------
def test_seed000_with_no_setup_checks_its_deltas_from_its_assumed_activations(data_dir):
    """Seed 000 gives W31, W41, the target and the activations it assumes (0.59, 0.60, 0.70), not the
    other weights: its δs are checked from those, and its truncated δ_h1 is found."""
    delta_o1 = -(0.75 - 0.70) * 0.70 * (1 - 0.70)
    delta_h1 = 0.40 * delta_o1 * 0.59 * (1 - 0.59)  # -0.001015980: rounds to -0.00102
    delta_h2 = 0.45 * delta_o1 * 0.60 * (1 - 0.60)
    result = check_document(data_dir / "seed000.md")
    rows = {r.number.quantity: r for r in result.report.rows if r.kind == "number"}
    assert rows["delta_o1"].verdict == "match" and abs(rows["delta_o1"].engine - delta_o1) < 1e-15
    assert rows["delta_h2"].verdict == "match" and abs(rows["delta_h2"].engine - delta_h2) < 1e-15
    wrong = rows["delta_h1"]
    assert wrong.verdict == "mismatch" and abs(wrong.engine - delta_h1) < 1e-15
    assert [c.kind for c in wrong.causes] == ["truncated"]


def test_seed001_with_no_setup_names_the_premises_its_text_omits(data_dir, capsys):
    from nn.cli import main

    assert main(["check", str(data_dir / "seed001.md")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "its text gives no numbers" in err
    assert all(name in err for name in ("x_1", "w_o1", "b_o", "the function f"))


# ---- the same premise in other notations: a table of givens, plain text, a grid --------------------
def _premise_kinds(result) -> list[str]:
    return [c.kind for r in result.report.rows for c in r.causes if c.kind == "premise"]


def test_an_assumed_output_given_in_a_table_after_its_definitions(tmp_path):
    """The definitions come first (line 1), the givens in a table after them: the loss defined
    before the table is what the assumed output gives, so it is no second premise."""
    u, v, c, y, assumed = 1.5, -0.3, 0.2, 0.0, 0.9
    stated = math.tanh(v * u + c)  # -0.2449: not 0.9
    loss = (y - assumed) ** 2  # 0.81 from the given
    slope = -2 * (y - assumed)  # 1.8
    doc = tmp_path / "table.md"
    doc.write_text("The hidden value is $s = v u + c$, then $h = \\tanh(s)$ and the loss $J = (y - h)^2$.\n\n"
                   "| quantity | value |\n|---|---|\n"
                   f"| $u$ | {u} |\n| $v$ | {v} |\n| $c$ | {c} |\n| $y$ | {y} |\n| $h$ | {assumed} |\n\n"
                   f"So $J = {loss:.2f}$ and "
                   f"$\\frac{{\\partial J}}{{\\partial h}} = -2(y - h) = {slope:.1f}$.\n",
                   encoding="utf-8")
    result = check_document(doc)
    rows = numbers(result)
    premise = rows[(9, str(assumed))]
    assert [c.kind for c in premise.causes] == ["premise"] and abs(premise.engine - stated) < 1e-12
    assert rows[(11, f"{loss:.2f}")].verdict == "match" and rows[(11, f"{slope:.1f}")].verdict == "match"
    assert _premise_kinds(result) == ["premise"]


def test_an_assumed_output_in_plain_text(tmp_path):
    """Formulas on lines of their own in Unicode plain text, the assumption in prose."""
    p, q, r, assumed = 2.0, 0.25, -0.1, 0.7
    stated = 1 / (1 + math.exp(-(q * p + r)))  # σ(0.4) = 0.5987
    cost = 0.5 * (1 - assumed) ** 2  # 0.045
    doc = tmp_path / "plain.md"
    doc.write_text(f"Given p = {p}, q = {q} and r = {r}, with target 1 written T = 1.\n\n"
                   "m = q·p + r\ny = σ(m)\nC = ½(T − y)²\n\n"
                   f"Suppose that the output comes out as y = {assumed}.\n\n"
                   f"Then C = {cost:.3f} and ∂C/∂y = −(T − y) = {-(1 - assumed):.1f}.\n", encoding="utf-8")
    result = check_document(doc)
    rows = numbers(result)
    premise = rows[(7, str(assumed))]
    assert [c.kind for c in premise.causes] == ["premise"] and abs(premise.engine - stated) < 1e-12
    assert rows[(9, f"{cost:.3f}")].verdict == "match"
    assert rows[(9, f"{-(1 - assumed):.1f}")].verdict == "match"
    assert _premise_kinds(result) == ["premise"]


def test_given_logits_that_w_x_plus_b_does_not_give(tmp_path):
    """z = W x + b is defined, then logits are given that it does not produce: each element it
    contradicts is a premise, once, and σ(z) is checked from the given logits."""
    x, W, b, given = [1.0, 2.0], [[0.1, 0.2], [0.3, 0.4]], [0.5, -0.5], [2.0, 1.0]
    product = [W[i][0] * x[0] + W[i][1] * x[1] + b[i] for i in range(2)]  # [1.0, 0.6]
    outputs = [1 / (1 + math.exp(-z)) for z in given]  # from the given logits
    col = lambda v: "\\begin{bmatrix} " + " \\\\ ".join(v) + " \\end{bmatrix}"  # noqa: E731
    doc = tmp_path / "logits.md"
    doc.write_text(f"The input is $x = {col(['1', '2'])}$, the weights "
                   f"$W = \\begin{{bmatrix}} 0.1 & 0.2 \\\\ 0.3 & 0.4 \\end{{bmatrix}}$ "
                   f"and the bias $b = {col(['0.5', '-0.5'])}$.\n\n"
                   "The logits are $z = W x + b$.\n\n"
                   f"We are given the logits $z = {col(['2.0', '1.0'])}$.\n\n"
                   f"The outputs are $a = \\sigma(z) = {col([f'{o:.4f}' for o in outputs])}$.\n",
                   encoding="utf-8")
    result = check_document(doc)
    rows = numbers(result)
    for k in range(2):
        premise = rows[(5, f"{given[k]:.1f}")]
        assert [c.kind for c in premise.causes] == ["premise"] and abs(premise.engine - product[k]) < 1e-12
        assert f"z[{k + 1}] = {given[k]:.1f} (line 5)" in premise.diagnosis
        assert rows[(7, f"{outputs[k]:.4f}")].verdict == "match"  # from the given logits: no cascade
    assert _premise_kinds(result) == ["premise", "premise"]
    assert not result.reading.omitted  # W, x, b are given: no premise is missing


def test_logits_printed_with_their_product_are_checked_not_a_premise(tmp_path):
    """z = W x + b = [grid] computes z: a later z = [other grid] is a wrong number, no premise."""
    doc = tmp_path / "computed.md"
    col = lambda v: "\\begin{bmatrix} " + " \\\\ ".join(v) + " \\end{bmatrix}"  # noqa: E731
    doc.write_text(f"Let $x = {col(['1', '2'])}$, "
                   "$W = \\begin{bmatrix} 0.1 & 0.2 \\\\ 0.3 & 0.4 \\end{bmatrix}$, "
                   f"$b = {col(['0.5', '-0.5'])}$.\n\n$z = W x + b = {col(['1.0', '0.6'])}$\n\n"
                   f"Again, $z = {col(['1.0', '0.7'])}$.\n", encoding="utf-8")
    result = check_document(doc)
    assert not result.reading.premises
    assert numbers(result)[(5, "0.7")].verdict == "mismatch"


# ---- a given stated twice in one example -------------------------------------------------------------
def _restated_document(tmp_path, say: str, then: str) -> tuple[object, dict]:
    """x given twice in one section (0.5, then 0.6 on line 7); what follows computed from 0.6."""
    x0, x1, w, c, t = 0.5, 0.6, 0.4, 0.1, 1.0
    h = w * x1 + c  # 0.34, from the second value
    y = math.tanh(h)
    loss = 0.5 * (t - y) ** 2
    doc = tmp_path / "twice.md"
    doc.write_text(f"# One neuron\n\nThe input is $x = {x0}$, the weight $w = {w}$, the bias $c = {c}$ and "
                   f"the target $t = {t:g}$.\n\nThe net input is $h = w x + c$, the output "
                   "$y = \\tanh(h)$ and "
                   f"the loss $E = \\frac{{1}}{{2}}(t - y)^2$.\n\n{say} $x = {x1}$. {then} $h = {h:.2f}$.\n\n"
                   f"The output is $y = {y:.4f}$.\n\nThe loss is $E = {loss:.4f}$.\n", encoding="utf-8")
    result = check_document(doc)
    rows = {(int(r.number.source.split()[-1]), r.number.value): r for part in result.all() if part.report
            for r in part.report.rows if r.kind == "number"}
    return result, {"h": f"{h:.2f}", "y": f"{y:.4f}", "E": f"{loss:.4f}", "rows": rows}


def test_a_given_stated_twice_is_reported_once_and_what_follows_uses_the_second(tmp_path):
    result, want = _restated_document(tmp_path, "Take", "Then")
    rows = want["rows"]
    premise = rows[(7, "0.6")]
    assert [c.kind for c in premise.causes] == ["premise"] and premise.engine == 0.5
    assert "x = 0.5 (line 3) and x = 0.6 (line 7)" in premise.diagnosis
    assert rows[(7, want["h"])].verdict == "match"  # w and c carried on from line 3
    assert rows[(9, want["y"])].verdict == "match" and rows[(11, want["E"])].verdict == "match"
    assert sum(c.kind == "premise" for r in rows.values() for c in r.causes) == 1


def test_a_new_value_announced_goes_on_with_no_premise(tmp_path):
    result, want = _restated_document(tmp_path, "Now let us try", "Then")
    rows = want["rows"]
    assert not any(c.kind == "premise" for r in rows.values() for c in r.causes)
    assert rows[(9, want["y"])].verdict == "match" and rows[(11, want["E"])].verdict == "match"


def test_an_output_printed_before_the_restated_given_stays_a_result(tmp_path):
    """a = σ(z) printed from x = 0.5 before "take x = 0.6": checked in the first example, never read
    as a premise of the example that goes on from 0.6."""
    w, b = 0.4, 0.1
    first, second = 1 / (1 + math.exp(-(w * 0.5 + b))), 1 / (1 + math.exp(-(w * 0.6 + b)))
    doc = tmp_path / "before.md"
    doc.write_text(f"The input is $x = 0.5$, the weight $w = {w}$ and the bias $b = {b}$.\n\n"
                   "The net input is $z = w x + b$ and the output $a = \\sigma(z)$.\n\n"
                   f"The output comes out as $a = {first:.4f}$.\n\n"
                   f"Take $x = 0.6$. Then $z = {w * 0.6 + b:.2f}$ and $a = {second:.4f}$.\n",
                   encoding="utf-8")
    result = check_document(doc)
    rows = {(int(r.number.source.split()[-1]), r.number.value): r for part in result.all() if part.report
            for r in part.report.rows if r.kind == "number"}
    assert rows[(5, f"{first:.4f}")].verdict == "match" and rows[(7, f"{second:.4f}")].verdict == "match"
    assert [r.number.value for r in rows.values() if r.causes and r.causes[0].kind == "premise"] == ["0.6"]


@pytest.mark.parametrize("first, second", [
    ("# First\n\n", "# Second\n\n"),  # a restated given under a heading of its own
    ("Case 1: ", "Case 2: "),  # no heading, but the line gives u and q again: its own givens
])
def test_an_example_that_states_its_own_givens_again_is_a_new_example_not_a_premise(tmp_path, first, second):
    doc = tmp_path / "cases.md"
    doc.write_text(f"{first}$u = 2$, $q = 3$ and $f = q u = {2 * 3}$.\n\n"
                   f"{second}$u = 5$, $q = 1$ and $f = q u = {5 * 1}$.\n", encoding="utf-8")
    result = check_document(doc)
    rows = [r for part in result.all() if part.report for r in part.report.rows]
    assert [r.verdict for r in rows] == ["match", "match"]
    assert not any(part.reading.premises for part in result.all())
