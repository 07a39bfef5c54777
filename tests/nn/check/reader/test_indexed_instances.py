"""A formula stated once with indices, applied to every printed instance (reader/instances.py):
``s_{ij} = q_i · k_j`` worked for s_{11}, the others printed "similarly"; ``e_j = u^T tanh(W x_j + b)``
with W given as a 2×3 or a 3×2 grid; softmax weights over the instances printed. Truth in plain
Python, never read back from the tool."""

from __future__ import annotations

import math

import pytest

from nn.check import check_document


def _verdict(rows: dict[int, list[dict]], line: int, printed: str) -> str | None:
    return next((r["verdict"] for r in rows.get(line, []) if r["document"] == printed), None)


Q = [[1.0, 0.5, -1.0], [0.2, -0.4, 0.6]]
K = [[0.3, 0.1, 0.2], [-0.5, 0.8, 0.4], [0.9, -0.2, 0.1]]


def _dot(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b))


def _attention_doc(printed: dict[tuple[int, int], str], weights: dict[tuple[int, int], str]) -> str:
    lines = ["# Dot-product attention by hand", "",
             "The score of query i against key j is", "", "$$", r"s_{ij} = q_i \cdot k_j", "$$", "",
             "and the weights are", "", "$$", r"a_{ij} = \frac{\exp(s_{ij})}{\sum_{n=1}^{N} \exp(s_{in})}",
             "$$", ""]
    lines += [f"- $q_{i + 1} = [{', '.join(map(str, q))}]$" for i, q in enumerate(Q)]
    lines += [f"- $k_{j + 1} = [{', '.join(map(str, k))}]$" for j, k in enumerate(K)]
    worked = r"1.0 \times 0.3 + 0.5 \times 0.1 - 1.0 \times 0.2"
    lines += ["", f"Worked: $s_{{11}} = {worked} = {printed[1, 1]}$", "", "Similarly:", ""]
    lines += [f"- $s_{{{i}{j}}} = {v}$" for (i, j), v in printed.items() if (i, j) != (1, 1)]
    lines += ["", "Weights:", ""] + [f"- $a_{{{i}{j}}} = {v}$" for (i, j), v in weights.items()] + [""]
    return "\n".join(lines)


def _line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def test_scores_printed_similarly_are_each_the_formula_at_their_indices(document_rows):
    s = {(i + 1, j + 1): _dot(Q[i], K[j]) for i in range(2) for j in range(3)}
    printed = {key: f"{value:.2f}" for key, value in s.items()}
    printed[1, 3] = "0.62"  # 0.9 - 0.1 - 0.1 = 0.70: a slip
    assert f"{s[1, 3]:.2f}" == "0.70"
    total = sum(math.exp(s[2, n]) for n in (1, 2, 3))
    weights = {(2, j): f"{math.exp(s[2, j]) / total:.3f}" for j in (1, 2, 3)}
    text = _attention_doc(printed, weights)
    rows = document_rows(text)
    assert _verdict(rows, _line_of(text, "- $s_{12}"), printed[1, 2]) == "match"
    assert _verdict(rows, _line_of(text, "- $s_{13}"), "0.62") == "mismatch"
    for j in (1, 2, 3):
        assert _verdict(rows, _line_of(text, f"- $s_{{2{j}}}"), printed[2, j]) == "match"
        assert _verdict(rows, _line_of(text, f"- $a_{{2{j}}}"), weights[2, j]) == "match"


def test_weights_built_on_a_wrong_score_are_read_and_keep_what_they_use(document_rows):
    s = {(i + 1, j + 1): _dot(Q[i], K[j]) for i in range(2) for j in range(3)}
    printed = {key: f"{value:.2f}" for key, value in s.items()}
    printed[2, 2] = f"{s[2, 2] + 0.5:.2f}"  # a wrong score, and weights from it
    wrong = {(2, j): math.exp(float(printed[2, j])) / sum(math.exp(float(printed[2, n])) for n in (1, 2, 3))
             for j in (1, 2, 3)}
    weights = {key: f"{value:.3f}" for key, value in wrong.items()}
    text = _attention_doc(printed, weights)
    rows = document_rows(text)
    line = _line_of(text, "- $a_{22}")
    row = next(r for r in rows[line] if r["document"] == weights[2, 2])
    true = math.exp(s[2, 2]) / sum(math.exp(s[2, n]) for n in (1, 2, 3))
    assert row["verdict"] == "mismatch" and abs(row["engine"] - true) < 1e-9
    assert "line " in row["diagnosis"]  # the earlier wrong score it is built on is named


@pytest.mark.parametrize("rows_, cols", [(2, 3), (3, 2)])
def test_an_additive_score_with_a_matrix_given_as_a_grid(document_rows, rows_, cols):
    W = [[round(0.1 * (r + 1) - 0.2 * c, 2) for c in range(cols)] for r in range(rows_)]
    u = [0.5, -0.4, 0.3][:rows_]
    b = [0.1, -0.2, 0.05][:rows_]
    xs = [[0.6, -0.3, 0.2][:cols], [-0.1, 0.7, 0.4][:cols], [0.25, 0.25, -0.5][:cols]]

    def score(x: list[float]) -> float:
        return sum(u[r] * math.tanh(_dot(W[r], x) + b[r]) for r in range(rows_))

    grid = r" \\ ".join(" & ".join(str(w) for w in row) for row in W)
    text = "\n".join([
        "# Additive scores", "", "$$", r"e_j = \mathbf{u}^T \tanh(\mathbf{W} \mathbf{x}_j + \mathbf{b})",
        "$$", "",
        "$$", rf"\mathbf{{W}} = \begin{{bmatrix}} {grid} \end{{bmatrix}}", "$$", "",
        f"- $\\mathbf{{u}} = [{', '.join(map(str, u))}]$", f"- $\\mathbf{{b}} = [{', '.join(map(str, b))}]$",
        *[f"- $\\mathbf{{x}}_{j + 1} = [{', '.join(map(str, x))}]$" for j, x in enumerate(xs)], "",
        f"Worked out: $e_1 = {score(xs[0]):.3f}$; in the same way $e_2 = {score(xs[1]):.3f}$ "
        f"and $e_3 = {score(xs[2]) + 0.1:.3f}$.", ""])
    rows = document_rows(text)
    line = _line_of(text, "Worked out")
    assert _verdict(rows, line, f"{score(xs[1]):.3f}") == "match"
    assert _verdict(rows, line, f"{score(xs[2]) + 0.1:.3f}") == "mismatch"


def test_a_formula_no_printed_instance_reproduces_is_not_applied(document_rows):
    s = {(i + 1, j + 1): _dot(Q[i], K[j]) for i in range(2) for j in range(3)}
    printed = {key: f"{value + 1.0:.2f}" for key, value in s.items()}  # another score function
    text = _attention_doc(printed, {})
    rows = document_rows(text)
    assert all(_verdict(rows, _line_of(text, f"- $s_{{{i}{j}}}"), printed[i, j]) is None
               for i in (1, 2) for j in (1, 2, 3) if (i, j) != (1, 1))


def test_two_formulas_that_disagree_leave_the_instances_unread(document_rows):
    s = {(i + 1, j + 1): _dot(Q[i], K[j]) for i in range(2) for j in range(3)}
    printed = {key: f"{value:.2f}" for key, value in s.items()}
    text = _attention_doc(printed, {}).replace(
        "and the weights are", "or, scaled (a second score function, both reproduce s_{11} when k_1 · q_1 "
        "is small),\n\n$$\ns_{ij} = q_i^T k_j + 0.001 k_j^T k_j\n$$\n\nand the weights are")
    assert abs(0.001 * _dot(K[0], K[0])) < 0.005  # both formulas reproduce the worked s_11
    rows = document_rows(text)
    assert _verdict(rows, _line_of(text, "- $s_{12}"), printed[1, 2]) is None


def _similarly_doc(listed: list[str]) -> str:
    s11 = _dot(Q[0], K[0])
    lines = ["# Scores, then the others", "", "$$", r"s_{ij} = q_i \cdot k_j", "$$", ""]
    lines += [f"- $q_{i + 1} = [{', '.join(map(str, q))}]$" for i, q in enumerate(Q)]
    lines += [f"- $k_{j + 1} = [{', '.join(map(str, k))}]$" for j, k in enumerate(K)]
    worked = r"1.0 \times 0.3 + 0.5 \times 0.1 - 1.0 \times 0.2"
    lines += ["", f"For the first key, $s_{{11}} = {worked} = {s11:.2f}$.", "",
              f"Similarly, the first query's scores against the other keys are {' and '.join(listed)}.", ""]
    return "\n".join(lines)


def test_numbers_listed_after_similarly_are_the_instances_that_follow(document_rows):
    s12, s13 = _dot(Q[0], K[1]), _dot(Q[0], K[2])
    listed = [f"{s12:.2f}", f"{s13 + 0.3:.2f}"]  # the second one wrong
    text = _similarly_doc(listed)
    rows = document_rows(text)
    line = _line_of(text, "Similarly")
    assert _verdict(rows, line, listed[0]) == "match"
    assert _verdict(rows, line, listed[1]) == "mismatch"


def test_a_similarly_list_whose_count_does_not_fit_is_listed_as_not_read(tmp_path):
    listed = [f"{_dot(Q[0], K[1]):.2f}", f"{_dot(Q[0], K[2]):.2f}", "0.33"]  # three numbers, two keys left
    text = _similarly_doc(listed)
    doc = tmp_path / "example.md"
    doc.write_text(text, encoding="utf-8")
    report = check_document(doc).as_dict()
    line = _line_of(text, "Similarly")
    assert not [r for r in report["rows"] if r.get("source") == f"line {line}"]
    reasons = [str(n) for n in report["not_checked"] if str(line) in str(n)]
    assert any("similarly" in r and "2 instances" in r for r in reasons), report["not_checked"][:3]


def test_softmax_and_its_gradient_over_vectors_printed_as_lists(document_rows):
    z, y = [1.2, -0.4, 0.3], [0.0, 1.0, 0.0]
    p = [math.exp(v) / sum(math.exp(u) for u in z) for v in z]
    grad = [pk - yk for pk, yk in zip(p, y)]
    printed_p = [f"{v:.3f}" for v in p]
    printed_g = [f"{v:.3f}" for v in grad]
    printed_g[1] = f"{grad[1] + 0.1:.3f}"  # a slip in one element
    text = "\n".join([
        "# Softmax and cross-entropy", "", "$$",
        r"p_j = \frac{e^{z_j}}{\sum_{k} e^{z_k}}, \qquad g_j = p_j - y_j", "$$", "",
        f"The logits are $z = [{', '.join(map(str, z))}]$ and the label $y = [0, 1, 0]$.", "",
        f"$$\np = [{', '.join(printed_p)}]\n$$", "", f"$$\ng = [{', '.join(printed_g)}]\n$$", ""])
    rows = document_rows(text)
    p_line, g_line = _line_of(text, "p = ["), _line_of(text, "g = [")
    assert [_verdict(rows, p_line, v) for v in printed_p] == ["match"] * 3
    assert [_verdict(rows, g_line, v) for v in printed_g] == ["match", "mismatch", "match"]


def _families(n: int) -> None:
    """n patterns f{k}_j = 2 x_j, each with three printed instances, and n "similarly" lists."""
    from nn.check.reader.claims import Claim
    from nn.check.reader.inference import Inferred, engine_name
    from nn.check.reader.instances import apply_indexed

    found = Inferred()
    for j in (1, 2, 3):
        found.leaves[f"x__{j}"] = found.values[f"x__{j}"] = 0.1 * j
    claims = []
    for k in range(n):
        claims.append(Claim(2 * k + 1, f"f{k}_j = 2 x_j", [f"f{k}_j", "2 x_j"], [False, False], {}))
        for j in (1, 2, 3):
            found.leaves[f"f{k}_{j}"] = found.values[f"f{k}_{j}"] = 0.2 * j
        claims.append(Claim(2 * k + 2, f"f{k}_1 = 0.20", [f"f{k}_1", "0.20"], [False, False], {}))
    apply_indexed(found, claims, engine_name, "Similarly, 0.40 and 0.60.\n\n" * n)


def test_indexed_formulas_are_applied_in_linear_time(time_ratio):
    ratio = time_ratio(_families, 300, 600)
    assert ratio < 3.2, f"doubling the patterns multiplied the time by {ratio:.1f}"
