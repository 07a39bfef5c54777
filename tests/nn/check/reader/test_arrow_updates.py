"""``w_2 \\to -0.861`` under an "Update" heading is the new value of w_2 after one step
(``arrow_updates``); elsewhere (a limit, "as $h \\to 0$") an arrow is not an update. Plain-Python truth."""

from __future__ import annotations

import pytest

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


def _narrated_step(result_written: str) -> str:
    """One gradient step on L = ½(w x)² narrated with an assignment arrow, then the result restated."""
    return ("# One step\n\nThe weight is $w = 4$, the input $x = 1$, and the loss "
            "$L = \\frac{1}{2}(w x)^2$.\n\n"
            "The gradient is $\\frac{\\partial L}{\\partial w} = w x^2 = 4$. With a learning rate "
            "$\\eta = 0.625$, the step is $\\eta \\cdot 4 = 2.5$.\n\n$w \\leftarrow 4 - 2.5$\n\n"
            f"so w = {result_written}, and $w = {result_written}$.\n")


@pytest.mark.parametrize("slip", [0.0, 0.1])
def test_an_update_narrated_with_an_arrow_and_restated_is_the_value_after_the_step(check_text, slip,
                                                                                   verdicts_by_quantity):
    """``$w \\leftarrow 4 - 2.5$`` then "so w = 1.5": w after one step, w − η·dL/dw = 4 − 0.625·4·1² (not a
    second given of w that splits the text in two examples); a wrong result flagged."""
    w, x, eta = 4.0, 1.0, 0.625
    after = w - eta * w * x * x
    written = f"{after + slip:g}"
    verdicts = verdicts_by_quantity(check_text(_narrated_step(written)))
    assert verdicts[("w", 1, written)] == ("match" if slip == 0 else "mismatch")
    assert verdicts[("dL/dw", 0, f"{w * x * x:g}")] == "match"


def test_only_a_single_numeric_arrow_update_renames_the_later_values():
    """``w \\leftarrow w - \\eta g`` (a rule) and a name assigned twice are left as written; a restatement
    after the next heading is the section's own."""
    from nn.check.reader.arrow_assignments import arrow_assignments

    assert arrow_assignments("$w \\leftarrow w - \\eta g$, w = 3") == "$w \\leftarrow w - \\eta g$, w = 3"
    twice = "$w \\leftarrow 1 - 2$ and $w \\leftarrow 3 - 2$, w = 3"
    assert arrow_assignments(twice) == twice
    assert arrow_assignments("$w_1 \\gets 0.5 - 0.2$ so w_1 = 0.3 (w_12 = 4)\n# Next\nw_1 = 0.3") == (
        "$w_1^{new} = 0.5 - 0.2$ so w_1^{new} = 0.3 (w_12 = 4)\n# Next\nw_1 = 0.3")


def test_renaming_arrow_updates_is_linear_in_the_text(monkeypatch):
    """n names each updated once by an arrow and restated on n lines: the restatements matched grow as n
    (one pattern for every name, not one pass per name), not n²."""
    from nn.check.reader import arrow_assignments as module

    calls = [0]
    real = module._restatements

    def counted(piece, open_):
        calls[0] += len(piece)
        return real(piece, open_)
    monkeypatch.setattr(module, "_restatements", counted)

    def work(n: int) -> int:
        calls[0] = 0
        text = "".join(f"$v_{{{k}}} \\leftarrow 4 - 2.5$\n" for k in range(n))
        text += "".join(f"so v_{{{k}}} = 1.5.\n" for k in range(n))
        out = module.arrow_assignments(text)
        assert out.count("^{new} = 1.5") == n
        return calls[0]
    small, large = work(200), work(400)
    assert large <= 2.2 * small, f"doubling the text multiplied the work by {large / small:.1f}"
