"""A function the document defines in its code (``def``, ``lambda``), valued and differentiated at a
point its text writes (nn/check/reader/function_points.py), and ``\\sin``/``\\cos`` in the text's math.
The truth of every number is recomputed here in plain Python (finite differences for derivatives)."""

from __future__ import annotations

import math

import pytest

from nn.check import check_document
from nn.check.reader.function_points import code_functions, point_of
from nn.check.reader.latex import parse_math


@pytest.fixture
def checked(row_dicts):
    """``checked(path)``: printed number → (verdict, the engine's value) for every number checked."""
    return lambda path: {str(r["document"]).lstrip("≈ "): (r["verdict"], r["engine"])
                         for r in row_dicts(check_document(path), "number", "arithmetic")}


def test_a_function_defined_in_code_is_valued_and_differentiated_where_the_text_says(
        slope, checked, document_file):
    def cost(u, v):
        return u * u * v + 3 * v

    def h(t):
        return t ** 3 - 2 * t

    dcost_du = slope(cost, (2.0, 5.0), 0)
    dcost_dv = slope(cost, (2.0, 5.0), 1)
    dh = slope(h, (1.5,), 0)
    text = ("# Derivatives of code\n\n```python\ndef cost(u, v):\n    \"\"\"A toy cost.\"\"\"\n"
            "    return u*u*v + 3*v\n\nh = lambda t: t**3 - 2*t\n```\n\n"
            f"The cost at the point: $cost(2, 5) = {cost(2, 5):g}$.\n\n"
            f"Its slopes: $\\frac{{\\partial cost}}{{\\partial u}}(2, 5) = {dcost_du:.0f}$ and "
            f"$\\frac{{\\partial cost}}{{\\partial v}}(2, 5) = {dcost_dv + 1:.0f}$.\n\n"
            f"And $h'(1.5) = {dh:.2f}$, $\\frac{{d}}{{dt}} h(1.5) = {dh:.2f}$.\n")
    path = document_file(text, "notes.md")
    rows = checked(path)
    assert rows[f"{cost(2, 5):g}"][0] == "match"
    assert rows[f"{dcost_du:.0f}"][0] == "match"
    verdict, engine = rows[f"{dcost_dv + 1:.0f}"]  # one more than ∂cost/∂v = 2² + 3: flagged
    assert verdict == "mismatch" and math.isclose(float(engine), dcost_dv, rel_tol=1e-6)
    assert rows[f"{dh:.2f}"][0] == "match"


def test_the_activation_letters_f_and_g_are_functions_only_when_the_code_defines_them(
        tmp_path, checked, document_file):
    text = ("```python\ndef f(x, y):\n    return x*x*y + y + 2\n```\n\n"
            "So $\\dfrac{\\partial f}{\\partial x}(3,4) = 24$ and "
            "$\\dfrac{\\partial f}{\\partial y}(3,4) = 10$, "
            "$f(3, 4) = 43$.\n")
    path = document_file(text, "f.md")
    rows = checked(path)
    assert rows["24"][0] == "match" and rows["10"][0] == "match"  # 2xy and x² + 1 at (3, 4)
    assert rows["43"][0] == "mismatch"  # 9·4 + 4 + 2 = 42
    plain = tmp_path / "plain.md"  # no code: f(3, 4) is not read as anything
    plain.write_text("Let $a = 1$. So $f(3, 4) = 43$.\n", encoding="utf-8")
    assert "43" not in checked(plain)


def test_code_functions_reads_one_return_of_plain_arithmetic_and_nothing_else():
    text = ("```code\ndef a(x):\n    return 2*x + 1\n\ndef b(x):\n    y = x + 1\n    return y\n\n"
            "def c(x, k=2):\n    return x ** k\n\nd = lambda p, q: p * q\n\ndef e2(x):\n    return x\n"
            "```\n\n```code\ndef e2(x):\n    return x + 1\n```\n")
    names = {f.name.base + f.name.sub for f in code_functions(text)}
    assert names == {"a", "d"}  # b: more than a return; c: a default; e2: defined twice differently
    functions = {f.name: f for f in code_functions(text)}
    assert point_of(parse_math("a'(2)"), functions).index == 0
    assert point_of(parse_math("a(2)"), functions).index is None
    assert point_of(parse_math("d(2)"), functions) is None  # two arguments, one number
    assert point_of(parse_math("d'(2, 3)"), functions) is None  # f' of two arguments: which one?
    assert point_of(parse_math(r"\frac{\partial d}{\partial q}(2, 3)"), functions).index == 1


def test_sine_and_cosine_in_the_text_are_arithmetic_and_a_cut_off_product_is_flagged(checked, document_file):
    exact = 4 * math.cos(2 ** 2)
    cut = round(exact, 2)
    product = 6 * math.cos(3 ** 2)  # -5.4668: written -5.46, cut off
    text = (f"We have $\\cos(2^2) \\approx {math.cos(4):.3f}$ and $\\sin(4) = {math.sin(4):.4f}$, so "
            f"$4 \\cdot \\cos(2^2) \\approx {cut:.2f}$.\n\nAnd $6 \\cdot \\cos(3^2) \\approx -5.46$.\n")
    path = document_file(text, "trig.md")
    rows = checked(path)
    assert rows[f"{math.cos(4):.3f}"][0] == "match"
    assert rows[f"{math.sin(4):.4f}"][0] == "match"
    assert rows[f"{cut:.2f}"][0] == "match"
    verdict, engine = rows["-5.46"]
    assert verdict == "mismatch" and math.isclose(float(engine), product, rel_tol=1e-9)
    assert "truncated" in _causes(path)["-5.46"]


def _causes(path) -> dict[str, list[str]]:
    return {str(r["document"]).lstrip("≈ "): r["causes"] for part in check_document(path).all()
            for r in part.as_dict()["rows"]}


def test_the_rows_of_a_function_in_code_show_the_documents_names_not_the_graphs(check_text, slope):
    """The graph's nodes for ``g`` at a point are made up (one node and its leaves per point); the
    report names each row as the document does: ``dg/du(2, 3)``, ``g(2, 3)``."""
    from nn.check.reader.report import format_document_report

    def g(u, v):
        return u * v * v - 4 * u

    dg_du, dg_dv = slope(g, (2.0, 3.0), 0), slope(g, (2.0, 3.0), 1)
    text = ("```python\ndef g(u, v):\n    return u*v*v - 4*u\n```\n\n"
            f"So $\\frac{{\\partial g}}{{\\partial u}}(2, 3) = {dg_du:.0f}$, "
            f"$\\frac{{\\partial g}}{{\\partial v}}(2, 3) = {dg_dv + 1:.0f}$ and $g(2, 3) = {g(2, 3):g}$.\n")
    report = format_document_report(check_text(text))
    rows = [line.split() for line in report.splitlines() if line.startswith("line 6: ")]
    assert [(r[2] + " " + r[3], r[4], r[-1]) for r in rows] == [
        ("dg/du(2, 3)", f"{dg_du:.0f}", "match"), ("dg/dv(2, 3)", f"{dg_dv + 1:.0f}", "mismatch"),
        ("g(2, 3)", f"{g(2, 3):g}", "match")]
    assert "arithmetic_" not in report
