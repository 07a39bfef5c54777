"""A formula written with a value printed before substituted for one factor (``-0.64 \\times h`` after
``\\partial L/\\partial \\hat y = -0.64``) holds at the document's point only: it is never checked as an
identity at other points (a false alarm "agrees at 1 of 6 points only"), and its number is checked as
the quantity's value (reader/reading.py ``substituted_value``). Synthetic documents, truth in plain
Python."""

from __future__ import annotations

from nn.check import check_document

UNIT = r"""# One unit

Given $x = 0.8$, $w = 0.5$, $v = 0.9$, target $y = 1$.

$$h = w x = 0.4$$

$$\hat{y} = v h = 0.36$$

$$L = \frac{1}{2}(\hat{y} - y)^2 = 0.2048$$

$$\frac{\partial L}{\partial \hat{y}} = \hat{y} - y = -0.64$$

$$\frac{\partial L}{\partial v} = -0.64 \times h = -0.256$$

$$\frac{\partial L}{\partial w} = -0.64 \times v \times x = {W}$$
"""


def _verdicts(tmp_path, printed_dw: str) -> dict[str, list[str]]:
    doc = tmp_path / "unit.md"
    doc.write_text(UNIT.replace("{W}", printed_dw), encoding="utf-8")
    found: dict[str, list[str]] = {}
    for r in check_document(doc).as_dict()["rows"]:
        found.setdefault(str(r["document"]), []).append(r["verdict"])
    return found


def test_a_substituted_formula_is_checked_at_the_documents_point_only(tmp_path):
    x, w, v, y = 0.8, 0.5, 0.9, 1.0
    h = w * x
    dy = v * h - y
    assert f"{dy * h:.3f}" == "-0.256" and f"{dy * v * x:.4f}" == "-0.4608"
    verdicts = _verdicts(tmp_path, "-0.4608")
    assert verdicts["-0.256"] and set(verdicts["-0.256"]) == {"match"}  # no identity row calls it wrong
    assert set(verdicts["-0.4608"]) == {"match"}


def test_a_wrong_number_after_a_substituted_formula_is_still_flagged(tmp_path):
    assert f"{(0.9 * 0.4 - 1) * 0.9 * 0.8:.4f}" != "-0.4806"
    assert "mismatch" in _verdicts(tmp_path, "-0.4806")["-0.4806"]
