"""A ratio whose written numerator is a copy of another term of its denominator
(nn/check/reader/copied_terms.py): the number printed is another element's ratio, listed as not
checked, never a false alarm; a ratio simply wrong is still flagged. Truth in plain Python."""

from __future__ import annotations

import math

from nn.check import check_document
from nn.check.reader.copied_terms import copied_numerator
from nn.check.reader.latex import parse_math


def test_every_line_with_the_first_numerator_prints_its_own_element(tmp_path):
    logits = [1.5, 0.5, -0.3]
    exps = [math.exp(z) for z in logits]
    p = [e / sum(exps) for e in exps]
    den = " + ".join(f"e^{{{z}}}" for z in logits)
    lines = ["The logits are " + ", ".join(f"$s_{k} = {z}$" for k, z in enumerate(logits, 1)) + "."]
    lines += [f"$q_{k} = \\frac{{e^{{{logits[0]}}}}}{{{den}}} = {p[k - 1]:.3f}$" for k in (1, 2, 3)]
    lines.append(f"A slip: $\\frac{{e^{{{logits[1]}}}}}{{{den}}} = {p[1] + 0.05:.3f}$")
    doc = tmp_path / "softmax.md"
    doc.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    result = check_document(doc)
    rows = {int(r.number.source.split()[-1]): r for r in result.report.rows if r.kind == "number"}
    listed = {s.line: s.reason for s in result.reading.skipped}
    assert rows[3].verdict == "match"  # q_1 is what it says
    for line, k in ((5, 2), (7, 3)):
        assert line not in rows
        assert f"{p[0]:.6g}" in listed[line] and f"{p[k - 1]:.6g}" in listed[line]
    assert rows[9].verdict == "mismatch"  # a ratio printed wrong, numerator not copied: still flagged


def test_only_a_numerator_copied_from_the_denominator_and_another_term_s_ratio_counts():
    a, b = math.exp(1.0), math.exp(2.0)
    tree = parse_math(r"\frac{e^{1.0}}{e^{1.0} + e^{2.0}}")
    assert copied_numerator(tree, f"{b / (a + b):.4f}") is not None
    assert copied_numerator(tree, f"{a / (a + b):.4f}") is None  # as written: nothing to say
    assert copied_numerator(tree, "0.5000") is None  # no term's ratio
    assert copied_numerator(parse_math(r"\frac{3}{e^{1.0} + e^{2.0}}"), f"{b / (a + b):.4f}") is None
