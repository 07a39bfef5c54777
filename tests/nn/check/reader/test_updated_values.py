""""With $p_{new} = 1.3$: $g = … = 3.6$": after a step, a document that restates an updated parameter
after *with* / *using* / *plugging in* computes with the updated values, so what follows is compared
with the engine after one step, never with the value before it (``updated_values``). Plain-Python
truth."""

from __future__ import annotations

from nn.check import check_document
from nn.check.reader.layout import find_math, read_layout
from nn.check.reader.updated_values import UpdatedValues

P, Q, ETA = 1.5, 2.0, 0.1
G = P * Q + 1  # g = p q + 1
DG_DP = Q
P_NEW = P - ETA * DG_DP
G_NEW = P_NEW * Q + 1

DOC = "\n".join([
    "# A step on p", "",
    f"Let $p = {P}$ and $q = {Q:g}$, with $g = p q + 1$.", "",
    f"Then $g = {P} \\cdot {Q:g} + 1 = {G:g}$ and",
    f"$\\frac{{\\partial g}}{{\\partial p}} = q = {DG_DP:g}$.", "",
    f"A step with the learning rate $\\eta = {ETA}$ gives",
    f"$p_{{new}} = {P} - {ETA} \\cdot {DG_DP:g} = {P_NEW:g}$.",
    "", "LEAD $p_{new} = 1.3$, the output is $g = 1.3 \\cdot 2 + 1 = AFTER$.", ""])
LINE = 11


def _verdict(tmp_path, lead: str, after: str) -> str | None:
    doc = tmp_path / "step.md"
    doc.write_text(DOC.replace("LEAD", lead).replace("AFTER", after), encoding="utf-8")
    rows = check_document(doc).as_dict()["rows"]
    return next((r["verdict"] for r in rows if r.get("source") == f"line {LINE}" and r["document"] == after),
                None)


def test_what_follows_with_an_updated_value_is_after_the_step(tmp_path):
    assert round(P_NEW, 10) == 1.3 and round(G_NEW, 10) == 3.6 and G == 4.0
    for lead in ("With", "Using", "Plugging in", "Now with the updated weight"):
        assert _verdict(tmp_path, lead, "3.6") == "match"


def test_a_wrong_value_after_the_step_is_flagged_against_the_step(tmp_path):
    assert _verdict(tmp_path, "With", "3.4") == "mismatch"  # 1.3·2 + 1 = 3.6


def _opening(text: str) -> list[str]:
    segments, _ = find_math(text, read_layout(text).masked)
    found = UpdatedValues(text, segments)
    return [seg.text for seg in segments if found.opens(seg.start)]


def test_only_an_updated_parameter_restated_after_a_lead_word_opens_it():
    assert _opening("With $w_{new} = 0.55$, the loss is $L = 0.2$.") == ["w_{new} = 0.55"]
    assert _opening("Using $w^{+} = 0.55$: $L = 0.2$.") == ["w^{+} = 0.55"]
    assert _opening("Summary: $w_{new} = 0.55$ and $L = 0.2$.") == []  # no lead word
    assert _opening("With $w = 0.55$, the loss is $L = 0.2$.") == []  # not written as updated
    assert _opening("With $w_{new} = w - \\eta g = 0.55$: $L = 0.2$.") == []  # the update itself
