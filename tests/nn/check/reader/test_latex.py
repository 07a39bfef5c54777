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
