"""``z = 0.5 > 0`` (the case of a ReLU, a step function): the equality is a claim, the whole-number
bound after it is not a number of the example (claims.py ``claim_from_piece``). Truth in plain Python."""

from __future__ import annotations

import pytest

from nn.check import check_document
from nn.check.reader.claims import Claim, claim_from_piece

RELU = "\n".join([
    "# ReLU", "",
    r"Let $x = 2.0$, $w = 0.35$, $v = -1.5$.", "",
    r"$$s = w x = 0.7$$", "",
    r"Since $s = {s} > 0$, the unit is active: $r = \text{{ReLU}}(s) = 0.7$ and $q = v r = -1.05$.", "",
    r"Note $s \geq 0.5$ is a bound and $0 < s$ another.", ""])


@pytest.mark.parametrize("piece, sides", [
    ("z_1 = 0.5 > 0", ["z_1", "0.5"]),
    (r"a = \sigma(z) = 0.62 \geq 0", ["a", r"\sigma(z)", "0.62"]),
    ("u = 3 - 4 = -1 < 0", ["u", "3 - 4", "-1"]),
])
def test_the_equalities_before_a_whole_number_bound_are_a_claim(piece, sides):
    claim = claim_from_piece(piece, 4, {})
    assert isinstance(claim, Claim) and [s.strip() for s in claim.sides] == sides


@pytest.mark.parametrize("piece", ["z > 0", "0 < z = 0.5", "z = 0.5 > 0.25", r"z = 0.5 \geq b",
                                   "z = 0.5 > 0 + c"])
def test_other_inequalities_stay_unchecked_with_their_reason(piece):
    assert "inequality" in claim_from_piece(piece, 4, {})


@pytest.mark.parametrize("printed", ["0.7", "0.8"])
def test_a_value_stated_with_its_bound_is_checked(tmp_path, printed):
    doc = tmp_path / "relu.md"
    doc.write_text(RELU.format(s=printed), encoding="utf-8")
    rows = {(r["source"], str(r["document"])): r["verdict"] for r in check_document(doc).as_dict()["rows"]}
    s = 0.35 * 2.0
    assert rows[("line 7", printed)] == ("match" if round(s, 1) == float(printed) else "mismatch")
    assert rows[("line 7", "-1.05")] == "match" and round(-1.5 * max(s, 0.0), 2) == -1.05
