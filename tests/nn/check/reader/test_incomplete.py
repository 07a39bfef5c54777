"""Premises the document omits (nn/check/reader/incomplete.py): a number that needs a path the graph
read from the text lacks is listed as "premise missing", never compared one path short.

Every expected number is computed here in plain Python (math only).
"""

from __future__ import annotations

import math

from nn.check import check_document
from nn.check.reader.report import format_document_report


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def two_outputs(x1, x2, w, b, t1, t2):
    """A 2-2-2 sigmoid network with squared errors: every value and the derivatives the tests need."""
    h1 = sigmoid(w[1] * x1 + w[2] * x2 + b[1])
    h2 = sigmoid(w[3] * x1 + w[4] * x2 + b[1])
    net_o1 = w[5] * h1 + w[6] * h2 + b[2]
    net_o2 = w[7] * h1 + w[8] * h2 + b[2]
    o1, o2 = sigmoid(net_o1), sigmoid(net_o2)
    e1, e2 = 0.5 * (t1 - o1) ** 2, 0.5 * (t2 - o2) ** 2
    d1, d2 = (o1 - t1) * o1 * (1 - o1), (o2 - t2) * o2 * (1 - o2)  # ∂E/∂net_o1, ∂E/∂net_o2
    de_dh1 = d1 * w[5] + d2 * w[7]
    return {"h1": h1, "h2": h2, "net_o1": net_o1, "net_o2": net_o2, "o1": o1, "o2": o2, "e1": e1,
            "e2": e2, "total": e1 + e2, "dw5": d1 * h1, "dh1": de_dh1,
            "dw1": de_dh1 * h1 * (1 - h1) * x1, "one_path_dh1": d1 * w[5]}


def _document(v: dict, names: tuple[str, str, str], second_output: str) -> str:
    """The network written with the second output's weights never given (only in a picture)."""
    x, h, o = names
    return "\n".join([
        "# Two outputs", "",
        f"Inputs ${x}_1 = 0.05$, ${x}_2 = 0.10$; targets $t_1 = 0.01$, $t_2 = 0.99$.",
        "Weights $w_1 = 0.15$, $w_2 = 0.20$, $w_3 = 0.25$, $w_4 = 0.30$, $w_5 = 0.40$, $w_6 = 0.45$;",
        "biases $b_1 = 0.35$, $b_2 = 0.60$. The other weights are in the figure.", "",
        f"$z_{{{h}1}} = w_1 {x}_1 + w_2 {x}_2 + b_1$ and "
        f"$a_{{{h}1}} = \\sigma(z_{{{h}1}}) = {v['h1']:.9f}$", "",
        f"$z_{{{h}2}} = w_3 {x}_1 + w_4 {x}_2 + b_1$ and "
        f"$a_{{{h}2}} = \\sigma(z_{{{h}2}}) = {v['h2']:.9f}$", "",
        f"$z_{{{o}1}} = w_5 a_{{{h}1}} + w_6 a_{{{h}2}} + b_2 = {v['net_o1']:.9f}$", "",
        f"$a_{{{o}1}} = \\sigma(z_{{{o}1}}) = {v['o1']:.9f}$", "",
        second_output, "",
        f"$E_1 = \\frac{{1}}{{2}}(t_1 - a_{{{o}1}})^2 = {v['e1']:.9f}$", "",
        f"$E_2 = \\frac{{1}}{{2}}(t_2 - a_{{{o}2}})^2 = {v['e2']:.9f}$", "",
        f"$E = E_1 + E_2 = {v['total']:.9f}$", "",
        "## Backward", "",
        f"$\\frac{{\\partial E}}{{\\partial w_5}} = {v['dw5']:.9f}$", "",
        f"$\\frac{{\\partial E}}{{\\partial a_{{{h}1}}}} = \\frac{{\\partial E_1}}{{\\partial a_{{{h}1}}}} + "
        f"\\frac{{\\partial E_2}}{{\\partial a_{{{h}1}}}} = {v['dh1']:.9f}$", "",
        f"$\\frac{{\\partial E}}{{\\partial w_1}} = {v['dw1']:.9f}$", ""])


WEIGHTS = {1: 0.15, 2: 0.20, 3: 0.25, 4: 0.30, 5: 0.40, 6: 0.45, 7: 0.50, 8: 0.55}


def _by_line(rows) -> dict[int, object]:
    """line → the row of each of ``number_rows``."""
    return {int(r.number.source.split()[-1]): r for r in rows}


def _skipped(result) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for s in result.reading.skipped:
        out.setdefault(s.line, []).append(s.reason)
    return out


def test_weights_only_in_a_picture_are_premises_missing_not_one_path_short(number_rows, document_file):
    v = two_outputs(0.05, 0.10, WEIGHTS, {1: 0.35, 2: 0.60}, 0.01, 0.99)
    assert abs(v["dh1"] - v["one_path_dh1"]) > 1e-3  # one path short would be a false alarm
    second = (f"$z_{{o2}} = w_7 a_{{h1}} + w_8 a_{{h2}} + b_2 = {v['net_o2']:.9f}$ and "
              f"$a_{{o2}} = \\sigma(z_{{o2}}) = {v['o2']:.9f}$")
    doc = document_file(_document(v, ("x", "h", "o"), second), "picture.md")
    result = check_document(doc)
    rows, skipped = _by_line(number_rows(result)), _skipped(result)
    assert all(r.verdict == "match" for r in rows.values())  # no false alarm
    assert rows[25].verdict == "match"  # ∂E/∂w5 needs no path through the second output: checked
    for line in (27, 29):  # ∂E/∂a_h1 and ∂E/∂w1 need it: listed, naming the weights never given
        assert line not in rows
        assert any("premise missing" in r and "w_7, w_8" in r for r in skipped[line])
    assert result.reading.omitted == ["w_7", "w_8"]
    assert "premises missing (the text never states them): w_7, w_8" in result.coverage()


def test_an_output_printed_with_no_definition_and_differentiated_through_is_a_path_never_said(
        number_rows, document_file):
    """The second output is a bare value; the chain written beside ∂E/∂a_p1 differentiates E_2 by a_p1:
    the graph read has no such path, so the hidden derivatives are not compared (other names)."""
    v = two_outputs(0.05, 0.10, WEIGHTS, {1: 0.35, 2: 0.60}, 0.01, 0.99)
    second = f"$a_{{q2}} = {v['o2']:.9f}$"
    doc = document_file(_document(v, ("u", "p", "q"), second), "bare.md")
    result = check_document(doc)
    rows, skipped = _by_line(number_rows(result)), _skipped(result)
    assert rows and all(r.verdict == "match" for r in rows.values())
    assert rows[25].verdict == "match"
    assert 27 not in rows and 29 not in rows
    assert any("premise missing" in r and "E_2" in r and "a_p1" in r for r in skipped[29])
    report = format_document_report(result)
    assert "premises missing" in report.splitlines()[0] and "how E_2 depends on a_p1" in report


def test_a_complete_graph_has_no_premise_missing(number_rows, document_file):
    """The same network with w_7, w_8 given: every derivative is checked, the one-path-short one flagged."""
    v = two_outputs(0.05, 0.10, WEIGHTS, {1: 0.35, 2: 0.60}, 0.01, 0.99)
    second = (f"$w_7 = 0.50$, $w_8 = 0.55$: "
              f"$z_{{o2}} = w_7 a_{{h1}} + w_8 a_{{h2}} + b_2 = {v['net_o2']:.9f}$ and "
              f"$a_{{o2}} = \\sigma(z_{{o2}}) = {v['o2']:.9f}$")
    text = _document(v, ("x", "h", "o"), second)
    doc = document_file(text.replace(f"{v['dh1']:.9f}", f"{v['one_path_dh1']:.9f}"), "complete.md")
    result = check_document(doc)
    rows = _by_line(number_rows(result))
    assert not result.reading.omitted
    assert rows[27].verdict == "mismatch"  # the document's own dropped path, now a real error
    assert rows[25].verdict == "match"


def test_a_derivative_printed_as_zero_says_no_path_is_missing(tmp_path, number_rows):
    """``∂E_1/∂w_8 = 0`` is the document saying E_1 does not use w_8: no premise missing."""
    x, w, t = 0.5, 0.8, 1.0
    a = sigmoid(w * x)
    doc = tmp_path / "zero.md"
    doc.write_text(f"Let $x = {x}$, $w = {w}$, $v = 0.3$, $t = {t:g}$.\n\n"
                   f"$z = w x$, $a = \\sigma(z) = {a:.6f}$, "
                   f"$E = \\frac{{1}}{{2}}(t - a)^2 = {0.5 * (t - a) ** 2:.6f}$\n\n"
                   f"$\\frac{{\\partial E}}{{\\partial w}} = {(a - t) * a * (1 - a) * x:.6f}$\n\n"
                   "$\\frac{\\partial a}{\\partial v} = 0$\n", encoding="utf-8")
    result = check_document(doc)
    assert not result.reading.omitted
    assert _by_line(number_rows(result))[5].verdict == "match"


def test_a_document_whose_definitions_all_need_a_premise_it_omits_says_which_in_its_first_line(tmp_path):
    doc = tmp_path / "omits.md"
    doc.write_text("Let $x = 2$ and $t = 1$.\n\n$z = w x + b$\n\n$a = \\sigma(z)$\n\n$L = (t - a)^2$\n\n"
                   "$\\frac{\\partial L}{\\partial w} = -0.31$\n", encoding="utf-8")
    result = check_document(doc)
    assert result.numbers_checked() == 0
    assert "premises missing (the text never states them): w, b" in result.coverage()
    listed = {s.line: s.reason for s in result.reading.skipped}
    assert "never gives w, b, which L needs" in listed[9]  # the derivative names what it lacks
    assert "never gives w, b, which a needs" in listed[5]


def _many_cuts(units: int) -> str:
    """``units`` (a multiple of 10) hidden units h_k = σ(w_k x), each feeding an output o_k = v_k h_k
    whose weight v_k the text never gives (o_k printed as a value); the loss sums them; a derivative by
    every w_k."""
    x = 0.5
    givens = ", ".join(f"$w_{{{k}}} = 0.{k % 9 + 1}$" for k in range(1, units + 1))
    lines = [f"Let $x = {x}$ and {givens}."]
    for k in range(1, units + 1):
        lines += [f"$h_{{{k}}} = \\sigma(w_{{{k}}} x)$, $o_{{{k}}} = v_{{{k}}} h_{{{k}}}$ and "
                  f"$o_{{{k}}} = 0.25$."]
    for j in range(units // 10):  # sums of ten, then the loss: no expression nests too deep
        terms = " + ".join(f"o_{{{k}}}" for k in range(10 * j + 1, 10 * j + 11))
        lines.append(f"$s_{{{j + 1}}} = {terms}$")
    lines.append("$E = " + " + ".join(f"s_{{{j + 1}}}" for j in range(units // 10)) + f" = {0.25 * units:g}$")
    lines += [f"$\\frac{{\\partial E}}{{\\partial w_{{{k}}}}} = 0.01$" for k in range(1, units + 1)]
    return "\n\n".join(lines) + "\n"


def test_premises_missing_are_found_in_time_linear_in_the_document(tmp_path, time_ratio):
    small, large = tmp_path / "small.md", tmp_path / "large.md"
    small.write_text(_many_cuts(50), encoding="utf-8")
    large.write_text(_many_cuts(100), encoding="utf-8")
    result = check_document(small)
    assert result.numbers_checked() >= 1  # E itself is checked from the printed outputs
    assert sum("premise missing" in s.reason for s in result.reading.skipped) >= 50
    ratio = time_ratio(check_document, small, large)
    assert ratio < 3.2, f"doubling the document multiplied the time by {ratio:.1f}"


def test_a_derivative_whose_formula_uses_a_weight_never_given_is_not_compared(document_file):
    """``∂E/∂a_h1 = δ_o1 w_5 + δ_o2 w_7`` with w_7 never given (w_5 is): the number is listed as
    premise missing; the intermediate δ_o1 it prints is still checked; an unknown name that is no
    sibling of the graph's names (``du``) leaves the number checked."""
    v = two_outputs(0.05, 0.10, WEIGHTS, {1: 0.35, 2: 0.60}, 0.01, 0.99)
    d1 = (v["o1"] - 0.01) * v["o1"] * (1 - v["o1"])
    d2 = (v["o2"] - 0.99) * v["o2"] * (1 - v["o2"])
    second = (f"$a_{{o2}} = {v['o2']:.9f}$, $E_2 = {v['e2']:.9f}$\n\n"
              f"$\\frac{{\\partial E}}{{\\partial a_{{h1}}}} = \\delta_{{o1}} w_5 + \\delta_{{o2}} w_7 = "
              f"{d1:.9f} \\cdot 0.40 + ({d2:.9f}) \\cdot 0.50 = {v['dh1']:.9f}$")
    text = _document(v, ("x", "h", "o"), second).split("## Backward")[0]
    text = text.replace(f"$E_2 = \\frac{{1}}{{2}}(t_2 - a_{{o2}})^2 = {v['e2']:.9f}$", "")
    doc = document_file(text, "formula.md")
    result = check_document(doc)
    rows = {(int(r.number.source.split()[-1]), r.number.value): r for r in result.report.rows
            if r.kind == "number"}
    assert all(r.verdict == "match" for r in rows.values())
    assert (17, f"{d1:.9f}") in rows  # δ_o1 checked
    listed = [s.reason for s in result.reading.skipped if s.line == 17 and s.text == f"{v['dh1']:.9f}"]
    # never compared with the graph's one-path-short derivative: listed as premise missing, or its
    # arithmetic checked as written (0.138…·0.40 + (−0.038…)·0.50 holds); w_7 named either way
    steps = [s.holds for s in result.reading.arithmetic if s.line == 17 and s.printed == f"{v['dh1']:.9f}"]
    assert (listed and "never gives w_7" in listed[0]) or steps == [True]
    assert (17, f"{v['dh1']:.9f}") not in rows and "w_7" in result.reading.omitted
