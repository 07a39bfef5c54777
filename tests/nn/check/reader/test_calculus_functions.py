"""``g(t) = t^3 - 2t`` then ``g(2) = 4``: a calculus exercise's f or g (an activation's letter) is a
function the document defines when its body is arithmetic on its arguments (``functions``); with exp or
σ in its body (``f(z) = \\frac{1}{1+e^{-z}}``) it stays the activation. Plain-Python truth."""

from __future__ import annotations

from nn.check import check_document
from nn.check.reader.functions import Functions
from nn.check.reader.latex import parse_math
from nn.check.reader.trees import evaluate


def g(t: float) -> float:
    return t ** 3 - 2 * t


def test_g_evaluated_at_numbers_is_its_body_there(tmp_path):
    assert (g(2), g(1), g(3)) == (4, -1, 21)
    doc = tmp_path / "cubic.md"
    doc.write_text("# A cubic\n\nLet $t = 2$ and $g(t) = t^3 - 2t$.\n\nThen $g(2) = 4$, $g(1) = 0$ and "
                   "$g(3) = 21$.\n", encoding="utf-8")
    rows = check_document(doc).as_dict()["rows"]
    verdicts = {str(r["document"]): r["verdict"] for r in rows if r.get("source") == "line 5"}
    assert verdicts == {"4": "match", "0": "mismatch", "21": "match"}  # g(1) = -1


def test_an_activation_written_with_exp_stays_the_activation():
    functions = Functions()
    assert functions.define(parse_math("f(x)"), parse_math("x^2 + 1")) is not None
    assert evaluate(functions.at(parse_math("f(3)")), lambda leaf: 0.0) == 10
    other = Functions()
    assert other.define(parse_math("f(z)"), parse_math(r"\frac{1}{1+e^{-z}}")) is None
    assert other.define(parse_math("g(z)"), parse_math(r"\max(0, z)")) is None
    assert other.at(parse_math("f(3)")) is None
