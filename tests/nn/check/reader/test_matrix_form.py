"""Matrix-form worked examples read with no setup: a premise stated after the definition that uses it,
grids printed in place of a formula's operands, a formula equated with a grid, a weighted sum written
out inside a grid. The document is synthetic (its own names, sizes and numbers); its truth is plain
Python below, never the tool's output."""

from __future__ import annotations

import math
import re

import pytest

from nn.check.reader.grid_operands import GridOperands, exact_size, expression_key
from nn.check.reader.matrix_order import Waiting, first_symbolic_definitions

U = [0.5, -1.0, 2.0]
V1 = [[0.1, 0.3, -0.2], [0.4, -0.1, 0.2]]
C1 = [0.1, -0.1]
V2 = [[0.3, -0.5], [0.2, 0.6]]
T = [1.0, 0.0]

H1 = [sum(V1[i][j] * U[j] for j in range(3)) + C1[i] for i in range(2)]
G1 = [1 / (1 + math.exp(-h)) for h in H1]
H2 = [sum(V2[i][j] * G1[j] for j in range(2)) for i in range(2)]
D2 = [H2[i] - T[i] for i in range(2)]  # under the document's premise G[2] = H[2]
DV2 = [[D2[i] * G1[j] for j in range(2)] for i in range(2)]
BACK = [sum(V2[i][j] * D2[i] for i in range(2)) for j in range(2)]  # V[2]^T dH[2]


def f(x: float) -> str:
    return f"{x:.4f}"


def col(values) -> str:
    return r"\begin{bmatrix} " + r" \\ ".join(values) + r" \end{bmatrix}"


def row(values) -> str:
    return r"\begin{bmatrix} " + " & ".join(values) + r" \end{bmatrix}"


WRONG = f"{DV2[1][0] * 10:.4f}"  # a decimal point slipped in dV[2][2,1]


def document() -> str:
    sums = [f"{V2[i][0]} \\cdot {f(G1[0])} + {V2[i][1]} \\cdot {f(G1[1])}".replace("+ -", "- ")
            for i in range(2)]
    dv = [[f(DV2[0][0]), f(DV2[0][1])], [WRONG, f(DV2[1][1])]]
    return "\n\n".join([
        "# Two layers in matrix form",
        f"$$ u = {col(['0.5', '-1.0', '2.0'])}, \\quad V[1] = \\begin{{bmatrix}} 0.1 & 0.3 & -0.2 \\\\ "
        f"0.4 & -0.1 & 0.2 \\end{{bmatrix}}, \\quad c[1] = {col(['0.1', '-0.1'])} $$",
        f"$$ V[2] = \\begin{{bmatrix}} 0.3 & -0.5 \\\\ 0.2 & 0.6 \\end{{bmatrix}}, "
        f"\\quad T = {col(['1', '0'])} $$",
        "$$ H[1] = V[1] u + c[1] $$",
        f"$$ G[1] = \\sigma(H[1]) = {col([f(g) for g in G1])} $$",
        "$$ H[2] = V[2] G[1] $$",
        f"$$ H[2] = {col(sums)} = {col([f(h) for h in H2])} $$",
        "The output error:",
        "$$ dH[2] = G[2] - T $$",
        "where, to keep it simple, we take the output as it is:",
        "$$ G[2] = H[2] $$",
        f"$$ dH[2] = {col([f(h) for h in H2])} - {col(['1', '0'])} = {col([f(d) for d in D2])} $$",
        "$$ dV[2] = dH[2] G[1]^T $$",
        f"$$ dV[2] = {col([f(d) for d in D2])} {row([f(g) for g in G1])} = "
        f"\\begin{{bmatrix}} {dv[0][0]} & {dv[0][1]} \\\\ {dv[1][0]} & {dv[1][1]} \\end{{bmatrix}} $$",
        f"$$ V[2]^T dH[2] = {col([f(b) for b in BACK])} $$",
        "The gradient once more, to update with:",
        f"$$ dV[2] = \\begin{{bmatrix}} {dv[0][0]} & {dv[0][1]} \\\\ {dv[1][0]} & {dv[1][1]} "
        "\\end{bmatrix} $$",
    ]) + "\n"


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    from nn.check import check_document

    path = tmp_path_factory.mktemp("matrix_form") / "notes.md"
    path.write_text(document(), encoding="utf-8")
    return check_document(path)


def _by_name(rows) -> dict[str, list[tuple[str, str]]]:
    """name → [(printed, verdict)] of each of ``number_rows``."""
    out: dict[str, list[tuple[str, str]]] = {}
    for r in rows:
        name = r.number.name.split(": ", 1)[1]
        out.setdefault(name, []).append((r.printed.text.strip().lstrip("≈ "), r.verdict))
    return out


def test_a_premise_stated_after_its_use_gives_the_backward_pass(result, number_rows):
    rows = _by_name(number_rows(result))
    for k in range(2):
        assert (f(D2[k]), "match") in rows[f"dH^[2][{k + 1}]"]
    assert rows["dV^[2][1,1]"] == [(f(DV2[0][0]), "match")]
    assert rows["dV^[2][2,2]"] == [(f(DV2[1][1]), "match")]
    assert rows["dV^[2][2,1]"] == [(WRONG, "mismatch")]  # the one wrong number, flagged


def test_grids_printed_for_operands_are_checked_as_those_operands(result, number_rows):
    rows = _by_name(number_rows(result))
    assert rows["G^[1]^T[1]"] == [(f(G1[0]), "match")] and rows["G^[1]^T[2]"] == [(f(G1[1]), "match")]
    assert rows["G^[2][1]"] == [(f(H2[0]), "match")]  # dH[2] = [G[2]] - [T]: G[2] is H[2] by the premise
    assert rows["T[2]"] == [("0", "match")]


def test_a_formula_equated_with_a_grid_is_checked_element_by_element(result, number_rows):
    rows = _by_name(number_rows(result))
    back = {name: v for name, v in rows.items() if name.startswith("V^[2]^TdH^[2]")}
    assert back == {"V^[2]^TdH^[2][1]": [(f(BACK[0]), "match")], "V^[2]^TdH^[2][2]": [(f(BACK[1]), "match")]}


def test_a_weighted_sum_written_in_a_grid_pairs_each_input(result, number_rows):
    line = next(n for n, text in enumerate(document().splitlines(), 1) if "\\cdot" in text)
    explained = result.reading.explained
    at = explained.index(next(e for e in explained if e.startswith(f"line {line}:")))
    said = "\n".join(explained[at:at + 12])
    assert said.count(f"{f(G1[0])}: stands for G^[1][1]") == 2
    assert said.count(f"{f(G1[1])}: stands for G^[1][2]") == 2
    assert _by_name(number_rows(result))["H^[2][2]"] == [(f(H2[1]), "match")]


def test_only_the_planted_error_is_flagged_and_its_repeat_is_carried(result):
    flagged = [(r.number.name, r.printed.text.strip()) for r in result.report.rows if r.verdict == "mismatch"]
    assert len(flagged) == 1 and "dV^[2][2,1]" in flagged[0][0] and flagged[0][1] == WRONG
    rows = [r for r in result.as_dict()["rows"] if r["verdict"] == "mismatch"]
    assert [r["causes"] for r in rows if "repeat_of" in r] == [["digit_slip", "carried"]]  # printed again
    assert result.reading.skipped == []  # every claim read: definitions, operand grids, formulas


@pytest.mark.parametrize("formula, printed, operands", [
    ("dZ A^T", r"\begin{bmatrix} 1 \\ 2 \end{bmatrix} \begin{bmatrix} 3 & 4 \end{bmatrix}", ["dZ", "A^T"]),
    ("W[1]X + b[1]", r"\begin{bmatrix} 1 \end{bmatrix}\begin{bmatrix} 2 \end{bmatrix} + \begin{bmatrix} 3 "
     r"\end{bmatrix}", ["W[1]", "X", "b[1]"]),
    (r"(W^T \delta) \odot g'(z)", r"\begin{bmatrix} 1 \end{bmatrix} \odot \begin{bmatrix} 0 \end{bmatrix}",
     [r"(W^T \delta)", "g'(z)"]),
])
def test_operands_are_aligned_only_when_the_shapes_of_the_two_sides_agree(formula, printed, operands):
    reader = GridOperands()
    from nn.check.reader.claims import Claim
    claim = Claim(1, "", ["Y", formula, printed], [False] * 3, {})
    assert [c.sides[0] for c in reader.claims(claim)] == operands


@pytest.mark.parametrize("formula, printed", [
    ("dZ A^T", r"\begin{bmatrix} 1 \\ 2 \end{bmatrix}"),  # one grid for two factors
    ("W x + b", r"\begin{bmatrix} 1 \end{bmatrix} - \begin{bmatrix} 3 \end{bmatrix}"),  # another operator
    ("W x", r"0.5 \begin{bmatrix} 1 \end{bmatrix}"),  # a number beside the grid
    (r"\frac{1}{m} dZ A^T", r"\begin{bmatrix} 1 \end{bmatrix} \begin{bmatrix} 3 \end{bmatrix}"),
])
def test_what_does_not_align_is_never_guessed(formula, printed):
    from nn.check.reader.claims import Claim
    claim = Claim(1, "", ["Y", formula, printed], [False] * 3, {})
    assert GridOperands().claims(claim) == []


def test_expression_keys_and_exact_sizes():
    assert expression_key("W[2]") is None and expression_key(r"\mathbf{W}_1") is None
    assert expression_key("W[2]^T dZ[2]") == "W^[2]^TdZ^[2]"
    known = {"A[1]", "A[2]", "M[1,1]", "M[1,2]", "M[2,1]", "M[2,2]"}
    assert exact_size(["A[1]", "A[2]"], known.__contains__)
    assert not exact_size(["A[1]"], known.__contains__)  # A has a second element
    assert exact_size(["M[1,1]", "M[1,2]", "M[2,1]", "M[2,2]"], known.__contains__)
    assert not exact_size(["M[1,1]", "M[2,1]"], known.__contains__)  # a 2×1 grid is not the 2×2 M


def test_only_a_forward_reference_to_a_definition_waits():
    from nn.check.reader.claims import Claim
    claims = [Claim(3, "", ["dZ", "A - Y"], [False, False], {}), Claim(5, "", ["A", "Z"], [False, False], {}),
              Claim(7, "", ["W", r"\begin{bmatrix} 1 \end{bmatrix}"], [False, False], {})]
    waiting = Waiting(first_symbolic_definitions(claims))
    assert waiting.park(claims[0], "A")  # A is defined in symbols on a later line
    assert not waiting.park(claims[0], "W")  # W is only given numbers: the later passes read it
    assert not waiting.park(claims[1], "dZ")  # dZ was defined before line 5
    read = []
    waiting.defined("A", read.append)
    assert read == [claims[0]] and waiting.parked == {}


def test_the_document_names_its_elements_as_written():
    assert re.search(r"dV\[2\] = dH\[2\] G\[1\]\^T", document())


def test_a_grid_of_sums_worked_out_in_the_list_after_it_checks_each_term():
    from nn.check.reader.element_lists import ElementLists

    lists = ElementLists()
    cells = [r"0.3 \cdot 2 - 0.5 \cdot 4", r"(-0.2) \cdot 2 + 0.1 \cdot 4"]
    lists.grid(["Z", r"\begin{bmatrix} " + r" \\ ".join(cells) + r" \end{bmatrix}"])
    first = lists.steps(5, ["0.6 - 2.0", "-1.4"])
    second = lists.steps(6, ["-0.4 + 0.04", "-0.36"])  # 0.1·4 is 0.4: a slipped decimal point
    assert [(s.printed, s.holds) for s in first] == [("0.6", True), ("2.0", True)]
    assert [(s.printed, s.holds) for s in second] == [("-0.4", True), ("0.04", False)]
    assert lists.steps(7, ["1 + 2", "3"]) is None  # a third claim: the grid had two elements


def test_a_grid_continuing_the_chain_pairs_cell_by_cell_and_other_claims_pair_nothing():
    from nn.check.reader.element_lists import ElementLists

    lists = ElementLists()
    lists.grid([r"\begin{bmatrix} (1*0.5 + 3*(-0.2)) & (1*0.1 + 3*0.3) \end{bmatrix}"])
    steps = lists.steps(9, [r"\begin{bmatrix} 0.5 - 0.6 & 0.1 + 0.9 \end{bmatrix}"], continues=True)
    assert [(s.printed, s.holds) for s in steps] == [(p, True) for p in ("0.5", "0.6", "0.1", "0.9")]
    lists.grid(["Z", r"\begin{bmatrix} 0.3 \cdot 2 - 0.5 \cdot 4 \end{bmatrix}"])
    assert lists.steps(5, ["0.6 - 2.0 + 1", "-0.4"]) is None  # three terms for a sum of two


def test_a_grid_of_sums_with_a_bias_added_pairs_nothing_with_the_grid_after_it():
    """`= [1.25·(-0.6) + 0.4·0.2] + [0.3]` then `= [-0.67 + 0.3]`: the second grid's cell is the whole
    first sum plus the bias, not the sum's terms one by one (-0.67 is 1.25·(-0.6) + 0.4·0.2, never
    1.25·(-0.6) = -0.75 wrong)."""
    from nn.check.reader.element_lists import ElementLists

    assert round(1.25 * -0.6 + 0.4 * 0.2, 2) == -0.67
    lists = ElementLists()
    lists.grid([r"\begin{bmatrix} 1.25 \times -0.6 + 0.4 \times 0.2 \end{bmatrix} + "
                r"\begin{bmatrix} 0.3 \end{bmatrix}"])
    assert lists.steps(9, [r"\begin{bmatrix} -0.67 + 0.3 \end{bmatrix}"], continues=True) is None


def test_numbers_written_in_an_element_formula_pair_with_its_inputs():
    from autograd import Value
    from nn.check.reader.latex import parse_math
    from nn.check.reader.trees import pair_numbers, plain
    from nn.check.reader.weighted_terms import meanings

    z, w1, w2, a1, a2, b = (Value(v, n) for v, n in [(0.0, "z"), (0.4, "w1"), (-0.5, "w2"), (1.5, "a1"),
                                                        (2.0, "a2"), (0.25, "b")])
    total = w1 * a1 + w2 * a2 + b

    def name(v):
        return {"a1": "A[1]", "a2": "A[2]", "z": "Z[1]"}.get(v.label)

    def paired(text, node):
        printed = parse_math(text)
        pairs = []
        pair_numbers(printed, meanings(printed, node, name), pairs)
        return {plain(n): plain(m) for n, m in pairs if m is not None and "?" not in plain(m)}

    assert paired(r"0.4 \cdot 1.5 - 0.5 \cdot 2.0 + 0.25", total) == {
        "0.4": "0.4", "1.5": "A[1]", "0.5": "0.5", "2.0": "A[2]", "0.25": "0.25"}
    assert paired(r"0.4 \cdot 1.5 + 0.5 \cdot 2.0 + 0.25", total)["1.5"] == "A[1]"  # 0.5 is no weight here
    assert "2.0" not in paired(r"0.4 \cdot 1.5 + 0.5 \cdot 2.0 + 0.25", total)
    assert paired(r"0.4 \cdot 1.5 - 0.5 \cdot 2.0", total) == {}  # the bias 0.25 is not 0: not left out
    assert paired(r"\max(0, -0.3)", z.relu()) == {"0": "0", "-0.3": "Z[1]"}
    assert paired(r"\sigma(0.2)", z.sigmoid()) == {"0.2": "Z[1]"}
    assert paired(r"e^{-0.0075}", z.exp()) == {"-0.0075": "Z[1]"}
    assert paired(r"\tanh(0.2)", z.sigmoid()) == {}  # another function


def test_e_to_a_matrix_is_exp_element_by_element():
    from nn.check.reader.matrices import define, leaves, parse_grid

    env = {"Z": leaves("Z", parse_grid("[0.5, -1.0]"))}
    assert [v.data for row in define("E", "e^{Z} - 1", env).rows for v in row] == [
        math.exp(0.5) - 1, math.exp(-1.0) - 1]


def test_many_givens_and_definitions_are_read_in_linear_time(tmp_path, time_ratio):
    """Each definition is tried over the matrices known so far without re-keying them all: a document
    with n givens and n definitions takes about twice as long when n doubles."""
    def document(n: int):
        doc = tmp_path / f"many{n}.md"
        doc.write_text("# Many\n\n" + "".join(f"$w_{{{k}}} = 0.5$\n\n" for k in range(1, n + 1))
                       + "".join(f"$z_{{{k}}} = 2 w_{{{k}}} = 1.0$\n\n" for k in range(1, n + 1)),
                       encoding="utf-8")
        return doc

    from nn.check import check_document

    small, large = document(800), document(1600)
    ratio = time_ratio(check_document, small, large, rounds=1)
    assert ratio < 3.2, f"doubling the givens and definitions multiplied the time by {ratio:.1f}"
