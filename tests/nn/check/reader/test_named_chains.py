"""A claim about a named quantity whose chain substitutes numbers step by step
(``a = \\frac{1}{1 + e^{-0.26}} = \\frac{1}{1 + 0.7711} = 0.5646``): each intermediate number no
quantity of the graph holds is checked as the arithmetic of the side before it (reading.py ``align``,
arithmetic.py ``substituted_steps``). Truth in plain Python."""

from __future__ import annotations

import math

from nn.check import check_document

NEURON = "\n".join([
    "# One neuron, a softmax of two", "",
    r"Givens: $x = 0.8$, $w = 0.45$, $b = -0.1$.", "",
    r"$$z = w x + b = 0.26$$", "",
    r"$$a = \sigma(z) = \frac{1}{1 + e^{-z}} = \frac{1}{1 + e^{-0.26}} = \frac{1}{1 + 0.7711} = "
    r"\frac{1}{1.7711} = 0.5646$$", "",
    r"$$p = \frac{e^{a}}{e^{a} + e^{z}} = \frac{e^{0.5646}}{e^{0.5646} + e^{0.26}} = "
    r"\frac{1.7588}{1.7588 + 1.2969} = \frac{1.7588}{3.0557} = 0.5756$$", ""])


def _rows(doc) -> dict[tuple[str, str], str]:
    return {(r["source"], str(r["document"]).lstrip("≈ ")): r["verdict"]
            for r in check_document(doc).as_dict()["rows"]}


def test_each_substituted_number_is_checked_against_the_side_before_it(tmp_path):
    z = 0.45 * 0.8 - 0.1
    a = 1 / (1 + math.exp(-z))
    doc = tmp_path / "neuron.md"
    doc.write_text(NEURON, encoding="utf-8")
    rows = _rows(doc)
    truth = {("line 7", "0.7711"): math.exp(-0.26), ("line 7", "1.7711"): 1 + 0.7711,
             ("line 9", "1.2969"): math.exp(z), ("line 9", "1.7588"): math.exp(a),  # a: 0.5646 unrounded
             ("line 9", "3.0557"): 1.7588 + 1.2969, ("line 7", "0.5646"): a}
    for (line, printed), value in truth.items():
        decimals = len(printed.partition(".")[2])
        assert rows[(line, printed)] == ("match" if round(value, decimals) == float(printed) else "mismatch")


def test_a_slip_in_a_substituted_number_is_flagged(tmp_path):
    doc = tmp_path / "slip.md"
    doc.write_text(NEURON.replace("1 + 0.7711} = \\frac{1}{1.7711}", "1 + 0.7711} = \\frac{1}{1.7171}")
                   .replace("1.7588 + 1.2969} =", "1.7588 + 1.2699} ="), encoding="utf-8")
    rows = _rows(doc)
    assert abs(1 + 0.7711 - 1.7171) > 0.0001 and abs(math.exp(0.26) - 1.2699) > 0.0001
    assert rows[("line 7", "1.7171")] == "mismatch"
    assert rows[("line 9", "1.2699")] == "mismatch"
    assert rows[("line 7", "0.7711")] == "match"
