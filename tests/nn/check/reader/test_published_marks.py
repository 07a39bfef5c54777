"""Notations published documents write around their numbers (issue #20, items 4–5): MyST's math
role and directive, row spacing ``\\\\[10pt]``, labelled braces, cancel marks, evaluation bars,
inequalities and approximations in a chain, a Jacobian of a vectorised matrix. Synthetic documents,
each number's truth in plain Python."""
from __future__ import annotations

import math
import re

import pytest

from nn.check import check_document
from nn.check.reader.annotations import labelled_parts, plain_marks, stated_values
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


def _report_rows(path):
    report = check_document(path).as_dict()
    number = re.compile(r"[-+]?\d*\.?\d+(?:e[-+]?\d+)?")
    rows = [(_line(r), float(number.search(str(r["document"])).group()), r["verdict"])
            for r in report["rows"]]
    return _Read(report), rows


@pytest.fixture
def read_text(document_file):
    """``read_text(text)``: ``_rows`` of a document with that text."""
    return lambda text: _report_rows(document_file(text, "document.md"))


def _checked(rows, line: int, value: float) -> str | None:
    """The verdict of the row that checks ``value`` printed on ``line``; None when none does."""
    return next((v for n, printed, v in rows if n == line and math.isclose(printed, value, abs_tol=1e-12)),
                None)


def test_myst_math_role_and_directive_are_math(read_text):
    """{math}`w = 0.3` is inline math; a ```{math} directive (with its :label: option) is display math."""
    x, w, b = 1.5, 0.3, -0.2
    z = w * x + b
    a = _sigmoid(z)
    result, rows = read_text(f"# A neuron in MyST\n\nWith {{math}}`x = {x}`, {{math}}`w = {w}` and "
                         f"{{math}}`b = {b}`:\n\n"
                         f"```{{math}}\n:label: pre\nz = w x + b = {w} \\cdot {x} + ({b}) = {z:.2f}\n```\n\n"
                         f"```{{math}}\na = \\sigma(z) = {a:.4f}\n```\n")
    assert result.ok, rows
    assert _checked(rows, 7, round(z, 2)) == "match"
    assert _checked(rows, 11, round(a, 4)) == "match"
    assert not result.skipped, result.skipped


def test_a_wrong_number_in_a_myst_directive_is_flagged(tmp_path):
    x, w = 2.0, 0.25
    doc = tmp_path / "wrong.md"
    doc.write_text(f"Let {{math}}`x = {x}` and {{math}}`w = {w}`.\n\n"
                   f"```{{math}}\n:label: y\ny = w x = 0.6\n```\n", encoding="utf-8")
    _, rows = _report_rows(doc)
    assert w * x == 0.5 and _checked(rows, 5, 0.6) == "mismatch"


def test_row_spacing_is_no_product(tmp_path):
    """``\\\\[10pt]`` after a line break is spacing: the chain goes on below it."""
    t, y = 0.8, 0.55
    doc = tmp_path / "spacing.md"
    loss = 0.5 * (t - y) ** 2
    doc.write_text(f"The target is $t = {t}$ and the output $y = {y}$.\n\n$$\n"
                   f"E = \\frac{{1}}{{2}}(t - y)^2 \\\\[10pt]\n"
                   f"  = \\frac{{1}}{{2}}({t} - {y})^2 \\\\[2mm]\n  = {loss:.5f}\n$$\n", encoding="utf-8")
    result, rows = _report_rows(doc)
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
    _, rows = _report_rows(doc)
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
    result, rows = _report_rows(doc)
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


@pytest.mark.parametrize("relation", [r"\approx", r"\simeq", "≃", r"\approxeq"])
def test_approximations_are_approximate_claims(relation):
    claim = claim_from_piece(f"a {relation} 0.62", 1, {})
    assert [side.strip() for side in claim.sides] == ["a", "0.62"]
    assert claim.approx == [False, True]


def test_an_order_of_magnitude_is_listed_not_compared():
    """``g \\sim 10^{-5}`` (a vanishing gradient's size) says no value: listed, never compared; after
    a claim, the claim is read (``g = 2.1e-5 \\sim 10^{-5}``)."""
    assert claim_from_piece(r"g \sim 0.00001", 1, {}).startswith("an order of magnitude")
    pieces, _ = split_claims(r"g = 0.000021 \sim 0.00001")
    claims = [claim_from_piece(p, 1, {}) for _, p in pieces]
    assert claims[0].sides == ["g", "0.000021"] and claims[1].startswith("an order of magnitude")


def test_distributed_as_is_no_claim():
    """``x \\sim N(0, 1)``: ~ before no number says how x is drawn, not its value."""
    assert claim_from_piece(r"x \sim N(0, 1)", 1, {}) is None


def test_inequalities_in_a_document_are_listed_not_silent(tmp_path):
    x, w = 3.0, 0.25
    y = w * x
    doc = tmp_path / "ineq.md"
    doc.write_text(f"With $x = {x}$ and $w = {w}$ we get $y = w x = {y} < 0.8$, so $y \\approx {y:.1f}$.\n",
                   encoding="utf-8")
    result, rows = _report_rows(doc)
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


def test_a_section_that_cannot_stand_alone_goes_on_the_example_before_it(document_file):
    """A section of definitions with no value of its own (it uses the section before's) is read with
    that section, and the other examples are still read apart (not the whole document as one)."""
    from nn.check.reader.reading import _examples

    x, w, a_given = 2.0, 0.5, 0.3
    text = (f"# One\n\nTake $x = {x}$ and $w = {w}$.\n\n$$y = w x = {w * x}$$\n"  # lines 1–5
            "# Rewritten\n\n$$L = (a - t)^2$$\n"  # lines 6–8: no value at all
            f"# Two\n\nTake $a = {a_given}$ and $t = 1$.\n\n$$L = (a - t)^2 = {(a_given - 1) ** 2:.2f}$$\n")
    path = document_file(text, "sections.md")
    scopes, parts = _examples(path, text, [(1, 5), (6, 8), (9, 13)], [set(), set(), set()], "sections.md")
    assert scopes == [(1, 8), (9, 13)] and len(parts) == 2
    alone, none = _examples(path, text, [(1, 5), (6, 8)], [set(), set()], "sections.md")
    assert alone == [] and none == []


def _slope(z: float) -> float:
    return _sigmoid(z) * (1 - _sigmoid(z))


def _table(header: str, rule: str, rows: list[str]) -> str:
    return "# Values of the sigmoid\n\n" + "\n".join([header, rule, *rows]) + "\n"


def test_a_table_headed_by_plain_formulas_checks_each_row(document_file):
    """``| z | σ(z) | σ'(z) |``: each derived cell is the header's formula at the row's z; a wrong
    cell is flagged, the others match."""
    zs = [0.0, 1.5, -0.5]
    rows = [f"| {z} | {_sigmoid(z):.4f} | {_slope(z):.4f} |" for z in zs]
    rows[2] = f"| {zs[2]} | {_sigmoid(zs[2]):.4f} | 0.2450 |"  # σ'(-0.5) is 0.2350
    assert round(_slope(-0.5), 4) == 0.2350
    doc = document_file(_table("| z | σ(z) | σ'(z) |", "|---|---|---|", rows), "plain.md")
    _, found = _report_rows(doc)
    for line, z in zip((5, 6), zs):
        assert _checked(found, line, round(_sigmoid(z), 4)) == "match", found
        assert _checked(found, line, round(_slope(z), 4)) == "match", found
    assert _checked(found, 7, 0.2450) == "mismatch"


def test_derived_columns_after_a_double_bar_and_a_function_named_f(document_file):
    """``| z | f(z) || f'(z) = f(z)(1 − f(z)) |``: f is whatever the f column holds; the derived
    column is its formula at the row's f(z)."""
    zs = [0.25, -1.0]
    rows = [f"| {z} | {_sigmoid(z):.4f} || {_sigmoid(z) * (1 - _sigmoid(z)):.4f} |" for z in zs]
    doc = document_file(_table("| z | f(z) || f'(z) = f(z)(1 - f(z)) |", "|---|---||---|", rows), "bars.md")
    result, found = _report_rows(doc)
    for line, z in zip((5, 6), zs):
        printed_f = round(_sigmoid(z), 4)
        assert _checked(found, line, round(printed_f * (1 - printed_f), 4)) == "match", found
    assert result.ok


def test_a_tanh_slope_at_a_number_is_arithmetic(tmp_path):
    doc = tmp_path / "tanh.md"
    doc.write_text(f"At one: $\\tanh'(1) = {1 - math.tanh(1) ** 2:.4f}$ "
                   f"and $\\sigma'(2) = {_slope(2):.4f}$.\n", encoding="utf-8")
    _, found = _report_rows(doc)
    assert _checked(found, 1, round(1 - math.tanh(1) ** 2, 4)) == "match"
    assert _checked(found, 1, round(_slope(2), 4)) == "match"


def test_prose_headers_are_no_formulas():
    """``| Epoch | Loss |`` is a table of values, not of formulas: nothing is computed from it."""
    from nn.check.reader.formula_tables import formula_table_claims
    from nn.check.reader.layout import read_layout, table_headers

    layout = read_layout("| Epoch | Loss | Rate |\n|---|---|---|\n| 1 | 0.25 | 0.1 |\n")
    assert formula_table_claims(layout.table_rows, table_headers(layout.table_rows)) == []


def test_layer_superscripts_with_element_subscripts(read_text):
    """``W^{[1]}_{1,2}``, ``b^{[1]}_1``, ``w^{(2)}_{11}``, ``a^{(2)}_{1}``: a layer and an element."""
    x1, x2, w11, w12, b1, v11, c1 = 0.5, -1.0, 0.2, 0.4, 0.1, 0.7, 0.3
    z1 = w11 * x1 + w12 * x2 + b1
    h = _sigmoid(z1)
    out = v11 * h + c1
    result, found = read_text(
        f"Inputs $x_1 = {x1}$, $x_2 = {x2}$; $W^{{[1]}}_{{1,1}} = {w11}$, $W^{{[1]}}_{{1,2}} = {w12}$, "
        f"$b^{{[1]}}_1 = {b1}$, $w^{{(2)}}_{{11}} = {v11}$ and $b^{{(2)}}_1 = {c1}$.\n\n"
        f"$$z^{{[1]}}_1 = W^{{[1]}}_{{1,1}} x_1 + W^{{[1]}}_{{1,2}} x_2 + b^{{[1]}}_1 = {z1:.2f}$$\n\n"
        f"$$a^{{[1]}}_1 = \\sigma(z^{{[1]}}_1) = {h:.4f}$$\n\n"
        f"$$z^{{(2)}}_{{1}} = w^{{(2)}}_{{11}} a^{{[1]}}_1 + b^{{(2)}}_1 = {out:.4f}$$\n")
    assert result.ok, found
    assert _checked(found, 3, round(z1, 2)) == "match"
    assert _checked(found, 5, round(h, 4)) == "match"
    assert _checked(found, 7, round(out, 4)) == "match"


def _matrix_document(d_w12: str) -> tuple[str, dict[str, float]]:
    """A 2×2 layer given whole, then used element by element (W_{11}, W_{2,1}, w_{2,1})."""
    w = [[0.1, 0.2], [0.3, 0.4]]
    x = [1.0, 2.0]
    z = [w[i][0] * x[0] + w[i][1] * x[1] for i in range(2)]
    truth = {"z1": z[0], "z2": z[1], "L": z[0] ** 2 + z[1] ** 2,
             "dW12": 2 * z[0] * x[1], "dW21": 2 * z[1] * x[0]}
    text = ("# A layer with matrices\n\nThe weights and the input are\n\n"
            f"$$W = \\begin{{bmatrix}} {w[0][0]} & {w[0][1]} \\\\ {w[1][0]} & {w[1][1]} \\end{{bmatrix}}, "
            "\\quad "
            f"x = \\begin{{bmatrix}} {x[0]} \\\\ {x[1]} \\end{{bmatrix}}$$\n\n"
            f"The outputs are $z_1 = W_{{11}} x_1 + W_{{12}} x_2 = {z[0]:.1f}$ and\n"
            f"$z_2 = W_{{2,1}} x_1 + W_{{2,2}} x_2 = {z[1]:.1f}$.\n\n"
            f"The loss is $L = z_1^2 + z_2^2 = {truth['L']:.2f}$, so "
            f"$\\frac{{\\partial L}}{{\\partial W_{{12}}}} = {d_w12}$ and\n"
            f"$\\frac{{\\partial L}}{{\\partial w_{{2,1}}}} = {truth['dW21']:.1f}$.\n")
    return text, truth


def test_elements_of_a_matrix_given_whole_are_its_elements(document_file):
    text, truth = _matrix_document(f"{2 * 0.5 * 2.0:.1f}")
    doc = document_file(text, "matrix.md")
    result, found = _report_rows(doc)
    assert result.ok and not result.skipped, (found, result.skipped)
    assert _checked(found, 7, round(truth["z1"], 1)) == "match"
    assert _checked(found, 8, round(truth["z2"], 1)) == "match"
    assert _checked(found, 10, round(truth["dW12"], 1)) == "match"
    assert _checked(found, 11, round(truth["dW21"], 1)) == "match"


def test_a_wrong_derivative_by_a_matrix_element_is_flagged(document_file):
    text, truth = _matrix_document("2.5")
    doc = document_file(text, "wrong.md")
    _, found = _report_rows(doc)
    assert truth["dW12"] == 2.0 and _checked(found, 10, 2.5) == "mismatch"


def test_element_indices():
    from nn.check.reader.element_names import _indices

    assert _indices("12", (2, 3)) == (0, 1) and _indices("23", (2, 3)) == (1, 2)
    assert _indices("31", (2, 3)) is None and _indices("2", (3, 1)) == (1, 0)
    assert _indices("3", (1, 3)) == (0, 2) and _indices("1", (1, 3), first=0) == (0, 1)
    assert _indices("112", (11, 12)) is None  # (11, 2) or (1, 12): ambiguous, not read
    assert _indices("01", (2, 2)) is None  # counted from 1


def test_a_column_of_a_function_the_document_defines_is_checked(tmp_path):
    """``h(z) = 1/(1 + e^{-z})`` then ``| z | h(z) |``: each row is h at its z; a slip is flagged."""
    zs = [0.0, 1.0, 2.0]
    printed = [f"{_sigmoid(z):.4f}" for z in zs]
    printed[2] = "0.8908"  # σ(2) is 0.8808
    assert f"{_sigmoid(2.0):.4f}" == "0.8808"
    doc = tmp_path / "h.md"
    doc.write_text("# A function and its table\n\nLet $h(z) = \\frac{1}{1 + e^{-z}}$.\n\n"
                   "| z | h(z) |\n|---|---|\n" + "".join(f"| {z:g} | {p} |\n" for z, p in zip(zs, printed)),
                   encoding="utf-8")
    _, found = _report_rows(doc)
    assert _checked(found, 7, float(printed[0])) == "match"
    assert _checked(found, 8, float(printed[1])) == "match"
    assert _checked(found, 9, 0.8908) == "mismatch"


def test_a_column_of_an_unknown_function_is_listed(document_file):
    doc = document_file("Here $c = 2$.\n\n| z | f(z) |\n|---|---|\n| 0 | 0.5 |\n", "f.md")
    result, found = _report_rows(doc)
    assert _checked(found, 5, 0.5) is None and any(s.line == 5 for s in result.skipped)


def test_sections_that_never_stand_alone_are_read_a_bounded_number_of_times(monkeypatch, document_file):
    """Merging sections is linear: the lines read in all are at most three times the document's."""
    from nn.check.reader import reading

    sections = 40
    text = "".join(f"# Part {k}\n\n$$L_{k} = (a - t)^2$$\n" for k in range(sections))
    path = document_file(text, "parts.md")
    read_lines = []
    real = reading._read_text

    def counted(path, part, *rest, **options):
        read_lines.append(sum(1 for line in part.split("\n") if line.strip()))
        return real(path, part, *rest, **options)

    monkeypatch.setattr(reading, "_read_text", counted)
    scopes = [(3 * k + 1, 3 * k + 3) for k in range(sections)]
    assert reading._examples(path, text, scopes, [set() for _ in scopes], "parts.md") == ([], [])
    assert sum(read_lines) <= 3 * text.count("\n")


def test_colour_and_spacing_are_read_past(read_text):
    w, x = 0.6, 1.5
    text = (f"Given $w = {w}$ and $x = {x}$:\n\n"
            f"$$y = {{\\color{{red}} w}} \\, \\textcolor{{blue}}{{x}} \\hspace{{1em}} "
            f"= {w * x:.2f}\\phantom{{0}}$$\n")
    result, found = read_text(text)
    assert _checked(found, 3, round(w * x, 2)) == "match", (found, result.skipped)
    assert plain_marks(r"\color{red}{w_1} + \strut b").split() == ["{w_1}", "+", "b"]


def test_a_number_labelling_a_brace_is_a_claim_of_its_part(read_text):
    """``\\underbrace{0.15 \\cdot 0.05}_{0.0075}``: the label is the part's value, checked; a label on
    a part that is no one quantity (``w_1 x_1``) is listed, never dropped."""
    w1, x1, b = 0.15, 0.05, 0.35
    text = (f"Given $w_1 = {w1}$, $x_1 = {x1}$, $b = {b}$:\n\n"
            f"$$z = \\underbrace{{w_1 x_1}}_{{{w1 * x1:.4f}}} + b = "
            f"\\underbrace{{{w1} \\cdot {x1}}}_{{{w1 * x1:.4f}}} + {b} = {w1 * x1 + b:.4f}$$\n")
    result, found = read_text(text)
    assert _checked(found, 3, round(w1 * x1, 4)) == "match"
    assert _checked(found, 3, round(w1 * x1 + b, 4)) == "match"
    assert any(s.line == 3 and "not one quantity" in s.reason for s in result.skipped)
    written = r"\overbrace{a + b}^{3} + \underbrace{c}_{\text{bias}}"
    assert labelled_parts(written) == [(written.index("3"), "a + b = 3")]
