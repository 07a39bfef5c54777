"""The LaTeX parser of the reader (nn/check/reader/latex.py) and what its trees say (trees.py)."""

from __future__ import annotations

import pytest

from nn.check.reader.latex import Deriv, LatexError, Neg, Num, Prod, Sym, parse_math
from nn.check.reader.trees import factors, printed_number


def test_parse_reads_the_shapes_documents_write():
    chain = parse_math(r"-(0.75 - 0.70) \cdot 0.70(1 - 0.70)")
    assert [printed_number(f) for f in factors(chain)] == [None, "0.70", None]
    assert isinstance(factors(chain)[0], Neg)
    assert factors(parse_math(r"(0.40 \cdot -0.0105) \cdot 0.59(1 - 0.59)"))[1] == Num("0.59", 0.59)
    assert parse_math(r"\frac{\partial L}{\partial W_{31}}") == Deriv(Sym("L"), Sym("W", "31"))
    assert parse_math(r"\frac{dL}{d\hat{y}}") == Deriv(Sym("L"), Sym("ŷ"))
    assert parse_math(r"W_{31}^{\text{new}}") == Sym("W", "31", "new")
    assert parse_math(r"\delta_{o1} \cdot A_{h1}") == Prod((Sym("delta", "o1"), Sym("A", "h1")))
    assert parse_math(r"Y_{\text{target}}") == Sym("Y", "target")
    assert printed_number(parse_math(r"5.05 \times 10^{-5}")) == "5.05e-5"
    assert printed_number(parse_math("−0.0105")) == "-0.0105"  # Unicode minus


@pytest.mark.parametrize("latex", [r"\frac{1}{", "1 +", r"(0.5", r"0.5 \cdot", r"\hat"])
def test_malformed_latex_raises_latex_error(latex):
    with pytest.raises(LatexError):
        parse_math(latex)


@pytest.mark.parametrize("switch", [r"\large", r"\Large", r"\small", r"\normalsize", r"\displaystyle",
                                    r"\textstyle", r"\scriptstyle", r"\huge", r"\tiny", r"\,", r"\;",
                                    r"\!", r"\quad"])
def test_size_and_style_switches_carry_no_meaning(switch):
    """``\\large 0.5 \\cdot 4`` is 0.5·4 = 2.0: a switch at the start of a formula or inside it is skipped."""

    assert parse_math(f"{switch} 0.5 \\cdot 4") == Prod((Num("0.5", 0.5), Num("4", 4.0)))
    assert parse_math(f"0.5 \\cdot {switch} 4") == Prod((Num("0.5", 0.5), Num("4", 4.0)))
    assert parse_math(f"{switch} x_1") == Sym("x", "1")


@pytest.mark.parametrize(("latex", "symbol"), [
    (r"{\bf u}_1", Sym("u", "1")), (r"{\rm w}_{2}", Sym("w", "2")), (r"{\it x}", Sym("x")),
    (r"{\mathbf x}_3", Sym("x", "3")), (r"\boldsymbol{u}_1", Sym("u", "1")), (r"\bm{u}", Sym("u")),
    (r"{ \bf \alpha }_1", Sym("alpha", "1")), (r"\mathbf{\delta}_{o}", Sym("delta", "o")),
])
def test_an_old_style_font_switch_in_braces_is_the_symbol(latex, symbol):
    """``{\\bf u}_1`` is u_1: the braced group with its font switch is one symbol, its subscript its own."""
    assert parse_math(latex) == symbol
    assert parse_math(latex + r" \cdot 2") == Prod((symbol, Num("2", 2.0)))


def test_a_braced_roman_e_is_eulers_number():
    """``{\\rm e}^{2}`` is Euler's e squared (as ``\\mathrm{e}^{2}``), 7.389…"""
    import math

    from nn.check.reader.latex import Pow
    tree = parse_math(r"{\rm e}^{2}")
    assert isinstance(tree, Pow) and tree.base == Num("e", math.e) and tree.exp == Num("2", 2.0)


def test_a_document_whose_formulas_start_with_a_size_switch_is_checked(check_text, verdicts_by_quantity,
                                                                        not_checked):
    """``$$\\Large z = w x = …$$``: the formula is read (not "malformed LaTeX"); a slip in it is flagged."""
    w, x, u = 3.0, 2.0, 0.5
    z = w * x
    result = check_text("# Sizes\n\nThe inputs are $\\large x = 2$ and $w = 3$, ${\\bf u}_1 = 0.5$.\n\n"
                        f"$$\\Large z = w x = 3 \\cdot 2 = {z:g}$$\n\n"
                        f"$$\\displaystyle y = {{\\bf u}}_1 \\, z = 0.5 \\cdot {z:g} = {u * z:.1f}$$\n\n"
                        f"$$\\small q = \\textstyle {{\\bf u}}_1 \\cdot z = {u * z + 1:.1f}$$\n")
    verdicts = verdicts_by_quantity(result)
    assert verdicts[("z", 0, f"{z:g}")] == "match"
    assert verdicts[("y", 0, f"{u * z:.1f}")] == "match"
    assert verdicts[("q", 0, f"{u * z + 1:.1f}")] == "mismatch"
    assert not [s for s in not_checked(result) if "malformed" in s[2] or "cannot read" in s[2]]
