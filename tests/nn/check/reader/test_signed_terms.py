"""A weighted sum evaluated term by term with a negative weight's sign moved in front of its term:
``0.6 × 0.6457 + (-0.4) × 0.4256 + 0.2 = 0.3874 - 0.1702 + 0.2``. Each evaluated term is checked
against the product in its place (0.1702 is -((-0.4)·0.4256)); sums whose signs differ for any other
reason are not paired. Truth in plain Python."""

from nn.check.reader.latex import parse_math
from nn.check.reader.trees import pair_numbers

W, A, B = (0.72, -0.35), (0.5412, 0.8127), 0.1
TERMS = [W[0] * A[0], W[1] * A[1]]


def _document(second: str) -> str:
    terms = r"0.72 \times 0.5412 + (-0.35) \times 0.8127 + 0.1"
    return f"""# One output

$$
u = {terms} = {TERMS[0]:.4f} - {second} + 0.1 = {sum(TERMS) + B:.4f}
$$
"""


def _steps(rows: list[dict]) -> dict[str, str]:
    return {r["document"]: r["verdict"] for r in rows if r.get("row_kind") == "arithmetic"}


def test_each_evaluated_term_is_checked_with_its_sign_moved_out(document_rows):
    assert f"{TERMS[0]:.4f}" == "0.3897" and f"{-TERMS[1]:.4f}" == "0.2844"
    steps = _steps(document_rows(_document("0.2844"))[4])
    assert steps["0.3897"] == "match" and steps["0.2844"] == "match"


def test_a_wrong_term_is_flagged(document_rows):
    steps = _steps(document_rows(_document("0.2484"))[4])  # a digit slip
    assert steps["0.3897"] == "match" and steps["0.2484"] == "mismatch"


def test_sums_of_other_signs_are_not_paired():
    pairs: list = []
    pair_numbers(parse_math("0.9 - 0.1"), parse_math("0.5 + 0.3"), pairs)  # regrouped, not evaluated
    assert pairs == []
    pair_numbers(parse_math("0.39 - 0.17"), parse_math(r"0.6 \cdot 0.65 + (-0.4) \cdot 0.43"), pairs)
    assert [p[0].text for p in pairs] == ["0.39", "0.17"]
