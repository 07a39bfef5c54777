"""Notations published documents write around their numbers (issue #20, items 4–5): MyST's math
role and directive, row spacing ``\\\\[10pt]``, labelled braces, cancel marks, evaluation bars,
inequalities and approximations in a chain, a Jacobian of a vectorised matrix. Synthetic documents,
each number's truth in plain Python."""
from __future__ import annotations

import math
import re

import pytest

from nn.check import check_document
from nn.check.reader.annotations import plain_marks, stated_values
from nn.check.reader.claims import claim_from_piece, split_claims
from nn.check.reader.latex import Unsupported, parse_math


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


class _Read:
    """What the checker made of a document: its rows (line, printed, verdict) and what it listed."""

    def __init__(self, report: dict) -> None:
        self.ok = all(r["verdict"] == "match" for r in report["rows"])
        self.skipped = [_Skip(s["line"], s["reason"]) for s in report["not_checked"]]


class _Skip:
    def __init__(self, line: int, reason: str) -> None:
        self.line, self.reason = line, reason

    def __repr__(self) -> str:
        return f"line {self.line}: {self.reason}"


def _line(row: dict) -> int | None:
    m = re.search(r"\bline (\d+)", f"{row.get('source') or ''} {row.get('name') or ''}")
    return int(m.group(1)) if m else None


def _rows(path):
    report = check_document(path).as_dict()
    number = re.compile(r"[-+]?\d*\.?\d+(?:e[-+]?\d+)?")
    rows = [(_line(r), float(number.search(str(r["document"])).group()), r["verdict"])
            for r in report["rows"]]
    return _Read(report), rows


def _checked(rows, line: int, value: float) -> str | None:
    """The verdict of the row that checks ``value`` printed on ``line``; None when none does."""
    return next((v for n, printed, v in rows if n == line and math.isclose(printed, value, abs_tol=1e-12)),
                None)


def test_myst_math_role_and_directive_are_math(tmp_path):
    """{math}`w = 0.3` is inline math; a ```{math} directive (with its :label: option) is display math."""
    x, w, b = 1.5, 0.3, -0.2
    z = w * x + b
    a = _sigmoid(z)
    doc = tmp_path / "myst.md"
    doc.write_text(
        f"# A neuron in MyST\n\nWith {{math}}`x = {x}`, {{math}}`w = {w}` and {{math}}`b = {b}`:\n\n"
        f"```{{math}}\n:label: pre\nz = w x + b = {w} \\cdot {x} + ({b}) = {z:.2f}\n```\n\n"
        f"```{{math}}\na = \\sigma(z) = {a:.4f}\n```\n", encoding="utf-8")
    result, rows = _rows(doc)
    assert result.ok, rows
    assert _checked(rows, 7, round(z, 2)) == "match"
    assert _checked(rows, 11, round(a, 4)) == "match"
    assert not result.skipped, result.skipped


def test_a_wrong_number_in_a_myst_directive_is_flagged(tmp_path):
    x, w = 2.0, 0.25
    doc = tmp_path / "wrong.md"
    doc.write_text(f"Let {{math}}`x = {x}` and {{math}}`w = {w}`.\n\n"
                   f"```{{math}}\n:label: y\ny = w x = 0.6\n```\n", encoding="utf-8")
    _, rows = _rows(doc)
    assert w * x == 0.5 and _checked(rows, 5, 0.6) == "mismatch"


def test_row_spacing_is_no_product(tmp_path):
    """``\\\\[10pt]`` after a line break is spacing: the chain goes on below it."""
    t, y = 0.8, 0.55
    doc = tmp_path / "spacing.md"
    loss = 0.5 * (t - y) ** 2
    doc.write_text(f"The target is $t = {t}$ and the output $y = {y}$.\n\n$$\n"
                   f"E = \\frac{{1}}{{2}}(t - y)^2 \\\\[10pt]\n"
                   f"  = \\frac{{1}}{{2}}({t} - {y})^2 \\\\[2mm]\n  = {loss:.5f}\n$$\n", encoding="utf-8")
    result, rows = _rows(doc)
    assert _checked(rows, 6, round(loss, 5)) == "match", rows
    assert not result.skipped, result.skipped


def test_labelled_braces_and_cancel_marks_are_read_past():
    assert plain_marks(r"z = \underbrace{w x}_{0.4} + b") == r"z =            {w x}       + b"
    assert plain_marks(r"\overbrace{a + b}^{\text{sum}} = 3").strip().startswith("{a + b}")
    assert plain_marks(r"\frac{\cancel{2} x}{\cancel{2}}").replace(" ", "") == r"\frac{{2}x}{{2}}"
    assert plain_marks(r"z = 1 \\[10pt] = 2") == r"z = 1 \\" + " " * 6 + " = 2"
    w, x, b = 0.4, 1.0, 0.1
    claim = claim_from_piece(plain_marks(rf"z = \underbrace{{w x}}_{{{w * x}}} + b = {w * x + b}"), 1, {})
    assert [" ".join(side.split()) for side in claim.sides] == ["z", "{w x} + b", str(w * x + b)]


def test_labelled_brace_in_a_document(tmp_path):
    w, x, b = 0.7, 0.5, 0.15
    z = w * x + b
    doc = tmp_path / "brace.md"
    doc.write_text(f"Given $w = {w}$, $x = {x}$ and $b = {b}$:\n\n"
                   f"$$ z = \\underbrace{{w x}}_{{\\text{{weighted input}}}} + b = {z:.2f} $$\n",
                   encoding="utf-8")
    _, rows = _rows(doc)
    assert _checked(rows, 3, round(z, 2)) == "match", rows


def test_an_evaluation_bar_at_the_documents_own_point(tmp_path):
    """``\\left.\\frac{∂a}{∂z}\\right|_{z=0.5}`` is ∂a/∂z at the graph's z when the document states
    z = 0.5; at a point the document does not state, it is listed, never compared."""
    x, w = 0.5, 1.0
    z = w * x
    a = _sigmoid(z)
    slope = a * (1 - a)
    doc = tmp_path / "bar.md"
    doc.write_text(f"The input is $x = {x}$, the weight $w = {w}$.\n\n"
                   f"$z = w x = {z}$ and $a = \\sigma(z)$.\n\n"
                   f"$$\\left.\\frac{{\\partial a}}{{\\partial z}}\\right|_{{z={z}}} = {slope:.4f}$$\n\n"
                   f"$$\\left.\\frac{{\\partial a}}{{\\partial z}}\\right|_{{z=3}} = 0.0452$$\n",
                   encoding="utf-8")
    result, rows = _rows(doc)
    assert _checked(rows, 5, round(slope, 4)) == "match", rows
    assert _checked(rows, 7, 0.0452) is None
    assert any(s.line == 7 for s in result.skipped)


def test_stated_values_reads_the_last_number_of_a_names_chain():
    stated = stated_values("Here $z = w x + b = 0.3 + 0.2 = 0.5$, and $t = 1$.\n")
    assert stated("z", 0.5) and stated("t", 1.0)
    assert not stated("z", 0.3) and not stated("w", 0.5)


@pytest.mark.parametrize("written, claim_text", [
    ("p = 0.7 < 0.75", "p = 0.7"),
    (r"L = 0.2 \leq 0.25", "L = 0.2"),
    (r"q = 0.91 \geq 0.9", "q = 0.91"),
])
def test_an_inequality_after_a_claim_is_listed_and_the_claim_read(written, claim_text):
    pieces, _ = split_claims(written)
    claims = [claim_from_piece(p, 1, {}) for _, p in pieces]
    assert claims[0].text == claim_text
    assert isinstance(claims[1], str) and claims[1].startswith("an inequality")


def test_a_whole_number_bound_stays_part_of_its_claim():
    pieces, _ = split_claims("z = 0.5 > 0")
    assert len(pieces) == 1 and claim_from_piece(pieces[0][1], 1, {}).sides == ["z", "0.5"]


@pytest.mark.parametrize("relation", [r"\approx", r"\simeq", r"\sim", "≃", r"\approxeq"])
def test_approximations_are_approximate_claims(relation):
    claim = claim_from_piece(f"a {relation} 0.62", 1, {})
    assert [side.strip() for side in claim.sides] == ["a", "0.62"]
    assert claim.approx == [False, True]


def test_distributed_as_is_no_claim():
    """``x \\sim N(0, 1)``: ~ before no number says how x is drawn, not its value."""
    assert claim_from_piece(r"x \sim N(0, 1)", 1, {}) is None


def test_inequalities_in_a_document_are_listed_not_silent(tmp_path):
    x, w = 3.0, 0.25
    y = w * x
    doc = tmp_path / "ineq.md"
    doc.write_text(f"With $x = {x}$ and $w = {w}$ we get $y = w x = {y} < 0.8$, so $y \\approx {y:.1f}$.\n",
                   encoding="utf-8")
    result, rows = _rows(doc)
    assert _checked(rows, 1, y) == "match", rows
    assert any("inequality" in s.reason for s in result.skipped)


def test_a_jacobian_of_a_vectorised_matrix_is_not_read_as_a_name():
    with pytest.raises(Unsupported, match="Jacobian"):
        parse_math(r"\frac{\partial\,\text{vec}(W)}{\partial x}")
    with pytest.raises(Unsupported):
        parse_math(r"\frac{\partial \operatorname{vec}(\mathbf{Y})}{\partial \operatorname{vec}(\mathbf{X})}")


def test_a_null_delimiter_is_no_operand():
    tree = parse_math(r"\left.\frac{\partial a}{\partial z}\right.")
    assert type(tree).__name__ == "Deriv"
