"""Premises that contradict each other (nn/check/reader/premises.py): a value the document gives for
a quantity it also defines, reported once, and what follows checked from the given value.

Every expected number is computed here in plain Python (math only).
"""

from __future__ import annotations

import math

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
