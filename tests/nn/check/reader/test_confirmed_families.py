"""A far-off number of an indexed family whose reading the document confirms is carried as wrong.

One element worked out in full and checked right (``s_1``), the others stated "similarly": a sibling
printed far from its value (``s_2``) is the document's own wrong number, and where it is printed again
(``e^{0.6514}``) it is flagged again. With no element confirmed, a far-off number stays uncarried (it
may be a misreading). Truth in plain Python.
"""

import math

from nn.check.reader.confirmed_families import confirmed_families, family

W, B, X = 0.8, 0.1, (0.5, -1.2, 2.0)
S = [math.tanh(W * x + B) for x in X]


def _document(s1: str, s2: str, s3: str) -> str:
    return f"""# Scores of three items

The inputs are $x_1 = 0.5$, $x_2 = -1.2$ and $x_3 = 2.0$, the weight $w = 0.8$ and the bias $b = 0.1$.

$$
s_1 = \\tanh(w x_1 + b) = \\tanh(0.8 \\times 0.5 + 0.1) = {s1}
$$

Similarly $s_2 = \\tanh(w x_2 + b) = {s2}$ and $s_3 = \\tanh(w x_3 + b) = {s3}$.

The exponentials are $e^{{{s1}}} = {math.exp(float(s1)):.4f}$ and $e^{{{s2}}} = {math.exp(float(s2)):.4f}$.
"""


def _carried(rows: list[dict], printed: str) -> list[dict]:
    return [r for r in rows if r.get("row_kind") == "carried" and r["document"] == printed]


def test_a_far_off_sibling_of_a_confirmed_family_is_carried_as_wrong(document_rows):
    assert f"{S[0]:.4f}" == "0.4621" and f"{S[2]:.4f}" == "0.9354"
    assert abs(S[1] - 0.6514) > 1  # the document's s_2 is far off (the sign of w x_2 + b lost, and more)
    rows = document_rows(_document("0.4621", "0.6514", "0.9354"))
    [first] = [r for r in rows[9] if r.get("quantity") == "s_2"]
    assert first["verdict"] == "mismatch" and first["should_read"] == f"{S[1]:.4f}"
    [again] = _carried(rows[11], "0.6514")
    assert again["verdict"] == "mismatch" and "carried" in again["causes"]
    assert [r["verdict"] for r in _carried(rows[11], "0.4621")] == ["match"]


def test_with_no_element_confirmed_a_far_off_number_is_not_carried(document_rows):
    rows = document_rows(_document("0.2077", "0.6514", "0.3108"))  # s_1 and s_3 far off too
    scores = [r for r in rows[6] + rows[9] if str(r.get("quantity")).startswith("s_")]
    assert len(scores) == 3 and all(r["verdict"] == "mismatch" for r in scores)
    assert _carried(rows.get(11, []), "0.6514") == [] and _carried(rows.get(11, []), "0.2077") == []


def test_family_is_the_stem_of_an_indexed_name():
    assert family("alpha_21") == "alpha" and family("c_2__1") == "c" and family("e_12") == "e"
    assert family("L") is None and family("y_hat") is None
    rows = [{"quantity": "e_11", "row_kind": "number", "verdict": "match"},
            {"quantity": "a_2", "row_kind": "number", "verdict": "mismatch", "causes": ["unexplained"]},
            {"quantity": "q_1", "row_kind": "number", "verdict": "mismatch", "causes": ["sign"]}]
    assert confirmed_families(rows, {"unexplained", "arithmetic", "carried"}) == {"e", "q"}


def test_arithmetic_on_printed_numbers_is_no_family():
    """The reader names arithmetic on printed numbers by line and place (arithmetic_20_1): lines that
    each work out their own expression vouch for nothing of each other, so a far-off number on one is
    never carried as wrong because another line matched."""
    assert family("arithmetic_20_1") is None and family("e_12") == "e"
    rows = [{"quantity": "arithmetic_18_1", "row_kind": "number", "verdict": "match"},
            {"quantity": "e_11", "row_kind": "number", "verdict": "match"}]
    assert confirmed_families(rows, set()) == {"e"}
