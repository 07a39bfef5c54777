"""Updates stated in words ("the new weight $w$ is 1.2", "w is updated to 1.2", "the updated value of
`w`: 1.2") are the value after one step (``prose_updates``); a name that is no parameter ("the loss
becomes 0.16") is left alone. Plain-Python truth."""

from __future__ import annotations

from nn.check import check_document
from nn.check.reader.prose_updates import prose_updates

X, Y, W, B, ETA = 2.0, 3.0, 0.5, 0.25, 0.1
OUT = W * X + B
DL_DW, DL_DB = 2 * (OUT - Y) * X, 2 * (OUT - Y)
W_NEW, B_NEW = W - ETA * DL_DW, B - ETA * DL_DB

HEAD = ["# A step", "",
        f"Let $x = {X:g}$, $y = {Y:g}$, $w = {W}$ and $b = {B}$, with $\\hat y = w x + b$ and "
        "$L = (\\hat y - y)^2$.", "",
        f"Backward: $\\frac{{\\partial L}}{{\\partial w}} = {DL_DW:g}$ and "
        f"$\\frac{{\\partial L}}{{\\partial b}} = {DL_DB:g}$, with $\\eta = {ETA}$ and "
        f"$w_{{new}} = w - \\eta \\frac{{\\partial L}}{{\\partial w}}$.", ""]


def _verdicts(tmp_path, sentence: str) -> dict[str, str]:
    doc = tmp_path / "step.md"
    doc.write_text("\n".join([*HEAD, sentence, ""]), encoding="utf-8")
    rows = check_document(doc).as_dict()["rows"]
    return {str(r["document"]): r["verdict"] for r in rows if r.get("source") == "line 7"}


def test_an_update_in_words_is_the_value_after_the_step(tmp_path):
    assert (round(W_NEW, 10), round(B_NEW, 10)) == (1.2, 0.6)
    assert _verdicts(tmp_path, "So the new weight $w$ is **1.2**.") == {"1.2": "match"}
    assert _verdicts(tmp_path, "In words, w is updated to 1.2.") == {"1.2": "match"}
    assert _verdicts(tmp_path, "The updated value of `w`: 1.3.") == {"1.3": "mismatch"}


def test_a_name_that_is_no_parameter_is_left_alone(tmp_path):
    assert _verdicts(tmp_path, "and the loss becomes 0.16, and $\\hat y$ becomes 3.05.") == {}
    assert _verdicts(tmp_path, "b becomes 0.6 (no update of b is written: not stepped).") == {}
    said = prose_updates("the new weight w_1 is 0.2 \\cdot 3 = 0.6; it becomes 4", [])
    assert said == []  # a number starting more arithmetic; "it" names nothing
