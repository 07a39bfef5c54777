"""A number computed from several earlier printed numbers at once (nn/check/diagnoses.py
``carried_together``, ``slip_with_printed``): none alone reproduces it, all of them together do;
and a derivative that neither the exact values nor the printed ones give is a slip in its own
operation. Truth in plain Python."""

from __future__ import annotations

from nn.check import check_document

DOC = "\n".join([
    "# Two printed numbers carried together", "",
    r"Let $w = 0.37$ and $x = 1.9$.", "",
    r"$$a = w + x = 2.72$$", "",
    r"$$c = w x = 0.73$$", "",
    r"$$P = a c = 1.986$$", "",
    r"$$\frac{{\partial P}}{{\partial w}} = c + a x = 0.73 + 2.72 \cdot 1.9 = {slope}$$", ""])

W, X = 0.37, 1.9
A, C = 2.72, 0.73  # printed: 2.72 swaps the digits of w + x = 2.27; 0.73 is not w x = 0.703


def _slope_row(tmp_path, printed: str) -> dict:
    doc = tmp_path / "together.md"
    doc.write_text(DOC.format(slope=printed), encoding="utf-8")
    return next(r for r in check_document(doc).as_dict()["rows"]
                if r["source"] == "line 11" and r["document"] == printed)


def test_a_derivative_from_two_wrong_printed_numbers_inherits_both(tmp_path):
    exact = (W * X) + (W + X) * X
    from_printed = C + A * X
    alone = [W * X + A * X, C + (W + X) * X]  # one printed number carried, the other exact
    assert round(from_printed, 3) == 5.898 and round(exact, 3) != 5.898
    assert all(round(v, 3) != 5.898 for v in alone)
    row = _slope_row(tmp_path, "5.898")
    assert row["verdict"] == "mismatch" and row["causes"] == ["inherits"]
    assert "a = 2.72" in row["diagnosis"] and "c = 0.73" in row["diagnosis"]


def test_a_derivative_the_printed_numbers_do_not_give_is_a_slip_in_its_operation(tmp_path):
    from_printed = C + A * X
    assert round(from_printed, 3) != 5.889 and round((W * X) + (W + X) * X, 3) != 5.889
    row = _slope_row(tmp_path, "5.889")
    assert row["verdict"] == "mismatch" and row["causes"] == ["arithmetic"]
    assert f"it is {from_printed:.3f}" in row["diagnosis"]
