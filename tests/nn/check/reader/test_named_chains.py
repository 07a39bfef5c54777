"""A claim about a named quantity whose chain substitutes numbers step by step
(``a = \\frac{1}{1 + e^{-0.26}} = \\frac{1}{1 + 0.7711} = 0.5646``): each intermediate number no
quantity of the graph holds is checked as the arithmetic of the side before it (reading.py ``align``,
arithmetic.py ``substituted_steps``). Truth in plain Python."""

from __future__ import annotations

import math

import pytest

from nn.check import check_document

NEURON = "\n".join([
    "# One neuron, a softmax of two", "",
    r"Givens: $x = 0.8$, $w = 0.45$, $b = -0.1$.", "",
    r"$$z = w x + b = 0.26$$", "",
    r"$$a = \sigma(z) = \frac{1}{1 + e^{-z}} = \frac{1}{1 + e^{-0.26}} = \frac{1}{1 + 0.7711} = "
    r"\frac{1}{1.7711} = 0.5646$$", "",
    r"$$p = \frac{e^{a}}{e^{a} + e^{z}} = \frac{e^{0.5646}}{e^{0.5646} + e^{0.26}} = "
    r"\frac{1.7588}{1.7588 + 1.2969} = \frac{1.7588}{3.0557} = 0.5756$$", ""])


@pytest.fixture
def checked(row_dicts):
    """``checked(path)``: (line cited, printed) → verdict of every row."""
    return lambda path: {(r["source"], str(r["document"]).lstrip("≈ ")): r["verdict"]
                         for r in row_dicts(check_document(path))}


def test_each_substituted_number_is_checked_against_the_side_before_it(checked, document_file):
    z = 0.45 * 0.8 - 0.1
    a = 1 / (1 + math.exp(-z))
    doc = document_file(NEURON, "neuron.md")
    rows = checked(doc)
    truth = {("line 7", "0.7711"): math.exp(-0.26), ("line 7", "1.7711"): 1 + 0.7711,
             ("line 9", "1.2969"): math.exp(z), ("line 9", "1.7588"): math.exp(a),  # a: 0.5646 unrounded
             ("line 9", "3.0557"): 1.7588 + 1.2969, ("line 7", "0.5646"): a}
    for (line, printed), value in truth.items():
        decimals = len(printed.partition(".")[2])
        assert rows[(line, printed)] == ("match" if round(value, decimals) == float(printed) else "mismatch")


def test_a_slip_in_a_substituted_number_is_flagged(tmp_path, checked):
    doc = tmp_path / "slip.md"
    doc.write_text(NEURON.replace("1 + 0.7711} = \\frac{1}{1.7711}", "1 + 0.7711} = \\frac{1}{1.7171}")
                   .replace("1.7588 + 1.2969} =", "1.7588 + 1.2699} ="), encoding="utf-8")
    rows = checked(doc)
    assert abs(1 + 0.7711 - 1.7171) > 0.0001 and abs(math.exp(0.26) - 1.2699) > 0.0001
    assert rows[("line 7", "1.7171")] == "mismatch"
    assert rows[("line 9", "1.2699")] == "mismatch"
    assert rows[("line 7", "0.7711")] == "match"


SLOPE = "\n".join([
    "# A sigmoid's slope", "",
    r"Let $u = 1.2$ and $k = -0.5$.", "",
    r"$$h = \sigma(k u) = {h}$$", "",
    r"$$\frac{{dh}}{{du}} = h (1 - h) k = {h} \cdot {rest} \cdot (-0.5) = {slope}$$", ""])


def test_a_part_of_a_formula_is_checked_at_the_graph_s_values(document_file):
    """The 0.6457 of ``h(1 - h)k = 0.3543 · 0.6457 · (-0.5)`` is the part ``1 - h`` (a node of the
    graph, parts.py), checked against the exact value, not the printed arithmetic."""
    h = 1 / (1 + math.exp(0.6))
    doc = document_file(SLOPE.format(h="0.3543", rest="0.6457", slope="-0.1144"), "slope.md")
    rows = check_document(doc).as_dict()["rows"]
    part = next(r for r in rows if r["source"] == "line 7" and r["document"] == "0.6457")
    assert part["verdict"] == ("match" if round(1 - h, 4) == 0.6457 else "mismatch")
    assert part["engine"] == pytest.approx(1 - h, rel=1e-12)


def test_a_part_built_on_a_wrong_number_is_flagged_as_carrying_it(document_file):
    """h printed as 0.3453 (a swap of 0.3543): 1 - 0.3453 = 0.6547 is the document's own arithmetic,
    wrong against the exact 1 - h, and said to inherit the earlier error."""
    h = 1 / (1 + math.exp(0.6))
    assert round(h, 4) == 0.3543 and round(1 - h, 4) != 0.6547
    doc = document_file(SLOPE.format(h="0.3453", rest="0.6547", slope="-0.1130"), "slope.md")
    rows = check_document(doc).as_dict()["rows"]
    part = next(r for r in rows if r["source"] == "line 7" and r["document"] == "0.6547")
    assert part["verdict"] == "mismatch" and "inherits" in part["causes"]


def test_a_value_restated_with_its_numbers_in_place_checks_them_as_parts(tmp_path):
    """``h = \\sigma(k u)`` on one line, ``h = \\sigma(-0.6) = 0.3543`` on a later one: -0.6 stands for
    k·u (a part of h's formula), checked at the graph's values."""
    doc = tmp_path / "restated.md"
    doc.write_text("\n".join([
        "# Restated", "", r"Let $u = 1.2$ and $k = -0.5$, and $h = \sigma(k u)$.", "",
        r"So $h = \sigma({ku}) \approx 0.3543$.", ""]).format(ku="-0.6"), encoding="utf-8")
    rows = {(r["source"], r["document"]): r["verdict"] for r in check_document(doc).as_dict()["rows"]}
    assert rows[("line 5", "-0.6")] == ("match" if round(-0.5 * 1.2, 1) == -0.6 else "mismatch")
    assert round(1 / (1 + math.exp(0.6)), 4) == 0.3543


def test_each_number_standing_for_a_part_is_checked_once(tmp_path):
    """One chain with parts written in symbols (0.7711 for e^{-z}, 1.7711 for 1 + e^{-z}) and a part
    written in numbers only (0.2689 for 1 - 0.7311): each printed number is one row of the graph or
    one step of the document's own arithmetic (``row_kind``), never both, never twice."""
    doc = tmp_path / "once.md"
    doc.write_text(NEURON + "\n" + rf"$$E = (1 - 0.7311)^2 = (0.2689)^2 = {(1 - 0.7311) ** 2:.4f}$$" + "\n",
                   encoding="utf-8")
    rows = check_document(doc).as_dict()["rows"]
    kinds = {number: [r["row_kind"] for r in rows if str(r["document"]).lstrip("≈ ") == number]
             for number in ("0.7711", "1.7711", "0.2689")}
    assert kinds == {"0.7711": ["number"], "1.7711": ["number"], "0.2689": ["arithmetic"]}, kinds
    assert round(1 - 0.7311, 4) == 0.2689 and round(1 / (1 + math.exp(-1.0)), 4) == 0.7311
