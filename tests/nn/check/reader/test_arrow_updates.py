"""``w_2 \\to -0.861`` under an "Update" heading is the new value of w_2 after one step
(``arrow_updates``); elsewhere (a limit, "as $h \\to 0$") an arrow is not an update. Plain-Python truth."""

from __future__ import annotations

from nn.check import check_document
from nn.check.reader.arrow_updates import arrow_update
from nn.check.reader.layout import read_layout

A, C, T, ETA = 0.8, 2.0, 1.0, 0.5
OUT = A * C
GRAD = 2 * (OUT - T) * C  # J = (a c - t)^2, ∂J/∂a
A_NEW = A - ETA * GRAD

DOC = "\n".join([
    "# One parameter", "",
    f"Let $a = {A}$, the input $c = {C:g}$, the target $t = {T:g}$ and $\\eta = {ETA}$.", "",
    "$$J = (a c - t)^2$$", "", "## Backward", "",
    f"$\\frac{{\\partial J}}{{\\partial a}} = 2(a c - t) c = {GRAD:g}$", "",
    "## HEADING", "", "- $a \\to NEW$", ""])
LINE = 13


def _verdict(tmp_path, heading: str, new: str) -> str | None:
    doc = tmp_path / "arrow.md"
    doc.write_text(DOC.replace("HEADING", heading).replace("NEW", new), encoding="utf-8")
    rows = check_document(doc).as_dict()["rows"]
    return next((r["verdict"] for r in rows if r.get("source") == f"line {LINE}"), None)


def test_an_arrow_under_an_update_heading_is_the_value_after_the_step(tmp_path):
    assert round(GRAD, 10) == 2.4 and round(A_NEW, 10) == -0.4
    assert _verdict(tmp_path, "Update", "-0.4") == "match"
    assert _verdict(tmp_path, "Gradient descent step", "-0.5") == "mismatch"  # 0.8 - 0.5·2.4 = -0.4


def test_an_arrow_elsewhere_is_not_an_update(tmp_path):
    assert _verdict(tmp_path, "Limits", "-0.4") is None
    layout = read_layout("## Update\n\n$h \\to 0$ and $w \\to 0.3 + x$\n")
    assert arrow_update("w_1 \\to 0.3", 3, layout) == "w_{1}^{new} = 0.3"
    assert arrow_update("w \\to 0.3 + x", 3, layout) == "w \\to 0.3 + x"  # not one printed number: as it is
    assert arrow_update("w_1 \\to 0.3", 1, read_layout("# Limits\n")) == "w_1 \\to 0.3"
