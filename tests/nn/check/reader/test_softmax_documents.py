"""Softmax, cross-entropy and sums written by hand, read with no setup (reader/softmax_inputs.py,
restated_vectors.py, index_sums.py): a vector printed under the name softmax is the softmax of the
logits printed before it, a vector restating it is it, and ``\\sum_i`` runs over the listed elements.
Truth in plain Python (math.exp, math.log), never read back from the tool."""

from __future__ import annotations

import math

from nn.check import check_document
from nn.check.reader.index_sums import sums_over_lists
from nn.check.reader.latex import Call, Sym, parse_math


def _verdicts(rows: dict[int, list[dict]], line: int) -> dict[str, str]:
    return {r["document"].lstrip("≈ "): r["verdict"] for r in rows.get(line, [])}


def _softmax(z: list[float]) -> list[float]:
    exps = [math.exp(v) for v in z]
    return [e / sum(exps) for e in exps]


def _cut(x: float, places: int) -> str:
    """x truncated (not rounded) to ``places`` decimals: the slip the documents make."""
    return f"{math.trunc(x * 10 ** places) / 10 ** places:.{places}f}"


def _mismatched(rows: dict[int, list[dict]]) -> list[tuple[int, str]]:
    return [(line, r["document"]) for line, rs in rows.items() for r in rs if r["verdict"] == "mismatch"]


LOGITS = [0.4, 1.3, -0.7]
TARGET = [0, 1, 0]


def _listed_logits_doc(p: list[str], g: list[str]) -> str:
    return "\n".join([
        "# One softmax step", "",
        "The scores come out as", "",
        "$$",
        r"s = \begin{bmatrix} 0.4 & 1.3 & -0.7 \end{bmatrix}",
        "$$", "",
        "and the target is `t = [0, 1, 0]`.", "",
        "$$",
        rf"\operatorname{{softmax}} = [{p[0]}, {p[1]}, {p[2]}]",
        "$$", "",
        "These are our probabilities:", "",
        "$$",
        rf"q = [{p[0]}, {p[1]}, {p[2]}]",
        "$$", "",
        "$$",
        rf"g = q - t = [{g[0]}, {g[1]}, {g[2]}]",
        "$$", ""])


def test_a_wrong_probability_under_the_name_softmax_is_flagged_and_carried_into_the_gradient(document_rows):
    p = _softmax(LOGITS)
    printed = [f"{p[0]:.3f}", f"{p[1]:.3f}", _cut(p[2], 3)]  # the last one truncated
    assert printed[2] != f"{p[2]:.3f}"  # the truncation changes the printed digit
    g = [f"{p[0] - TARGET[0]:.3f}", f"{p[1] - TARGET[1]:.3f}", printed[2]]
    rows = document_rows(_listed_logits_doc(printed, g))
    assert _verdicts(rows, 12) == {printed[0]: "match", printed[1]: "match", printed[2]: "mismatch"}
    assert _verdicts(rows, 18)[printed[2]] == "mismatch"  # q restates the softmax: the same slip
    assert _verdicts(rows, 22) == {g[0]: "match", g[1]: "match", g[2]: "mismatch"}  # carried on
    assert len(_mismatched(rows)) == 3


def test_right_probabilities_under_the_name_softmax_all_match(document_rows):
    p = _softmax(LOGITS)
    printed = [f"{v:.3f}" for v in p]
    g = [f"{v - t:.3f}" for v, t in zip(p, TARGET)]
    rows = document_rows(_listed_logits_doc(printed, g))
    assert _verdicts(rows, 12) == dict.fromkeys(printed, "match")
    assert _verdicts(rows, 22) == dict.fromkeys(g, "match")
    assert not _mismatched(rows)


def test_the_softmax_of_a_vector_quantity_is_tied_to_how_it_is_computed(document_rows):
    w, x = [[0.5, -0.2], [0.1, 0.3], [-0.4, 0.6]], [1.0, 2.0]
    z = [sum(a * b for a, b in zip(row, x)) for row in w]
    p = _softmax(z)
    wrong = f"{p[0] + 0.01:.3f}"
    text = "\n".join([
        "# Logits from a layer", "",
        r"$$W = \begin{bmatrix} 0.5 & -0.2 \\ 0.1 & 0.3 \\ -0.4 & 0.6 \end{bmatrix}, \quad "
        r"x = \begin{bmatrix} 1.0 \\ 2.0 \end{bmatrix}$$", "",
        "$$z = W x$$", "",
        rf"$$\text{{softmax}} = [{wrong}, {p[1]:.3f}, {p[2]:.3f}]$$", ""])
    rows = document_rows(text)
    assert _verdicts(rows, 7) == {wrong: "mismatch", f"{p[1]:.3f}": "match", f"{p[2]:.3f}": "match"}


def test_numbers_that_are_no_distribution_are_not_read_as_a_softmax(document_rows):
    text = "\n".join([
        "# Not probabilities", "",
        "$$z = [0.4, 1.3, -0.6]$$", "",
        r"$$\text{softmax} = [0.250, 0.500, 0.750]$$", ""])  # sums to 1.5: not a distribution
    assert not _mismatched(document_rows(text))


def test_a_sum_over_an_index_runs_over_the_listed_elements(document_rows):
    y, p = [0.0, 0.0, 1.0], [0.2, 0.3, 0.5]
    loss = -sum(a * math.log(b) for a, b in zip(y, p))
    dot = sum(a * b for a, b in zip([0.5, -1.5, 2.0], [1.0, 0.4, 0.25]))
    text = "\n".join([
        "# Sums by hand", "",
        "The target is $y = [0, 0, 1]$ and the prediction $p = [0.2, 0.3, 0.5]$.", "",
        rf"$$L = -\sum_{{i=1}}^{{3}} y_i \log p_i = {loss:.4f}$$", "",
        "With the weights $w_1 = 0.5$, $w_2 = -1.5$, $w_3 = 2.0$ and inputs "
        "$x_1 = 1.0$, $x_2 = 0.4$, $x_3 = 0.25$:", "",
        rf"$$s = \sum_j w_j x_j = {dot + 0.1:.2f}$$", ""])
    rows = document_rows(text)
    assert _verdicts(rows, 5) == {f"{loss:.4f}": "match"}
    assert _verdicts(rows, 9) == {f"{dot + 0.1:.2f}": "mismatch"}  # printed 0.1 too high


def test_a_sum_is_left_as_written_when_its_range_is_not_listed():
    text = "$$L = \\frac{1}{N} \\sum_{i=1}^{N} (y_i - t_i)^2$$\n"
    assert sums_over_lists(text) == text
    formula = "$$p_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}$$ with $z = [1, 2]$\n"
    assert sums_over_lists(formula) == formula  # a general formula keeps its index for its instances


def test_a_sum_over_more_elements_than_a_worked_example_prints_is_left_as_written():
    text = "$z = [1, 2, 3]$\n\n$$S = \\sum_{i=1}^{100000} z_i = 6$$\n"
    assert sums_over_lists(text) == text  # written out, it would be 100,000 terms


def test_a_sum_keeps_every_line_where_it_is():
    text = "$z = [1.5, 0.5]$\n\n$$S = \\sum_k e^{z_k} = 5.13$$\n\n```python\nx = '\\\\sum_k z_k'\n```\n"
    out = sums_over_lists(text)
    assert out.count("\n") == text.count("\n")
    assert "e^{z[1]}+e^{z[2]}" in out.replace(" ", "")
    assert out.endswith("```python\nx = '\\\\sum_k z_k'\n```\n")  # code is left as written


def test_a_bare_log_applies_to_the_name_after_it():
    assert parse_math(r"\log p_2") == Call("log", Sym("p", "2"))
    assert parse_math(r"\ln 0.7") == Call("ln", parse_math("0.7"))


def test_sums_are_written_out_in_linear_time(time_ratio):
    def document(n: int) -> str:
        return "$z = [1.0, 2.0, 3.0]$\n" + "$$S = \\sum_j e^{z_j} = 30.19$$\n" * n
    ratio = time_ratio(sums_over_lists, document(400), document(800))
    assert ratio < 3.0, ratio


def test_softmax_documents_are_read_in_linear_time(tmp_path, time_ratio):
    def document(n: int) -> str:
        parts = []
        for k in range(n):
            parts += [f"## Example {k}", "", f"$$z = [0.{k % 9 + 1}, 1.3, -0.6]$$", "",
                      r"$$\text{softmax} = [0.250, 0.625, 0.125]$$", ""]
        return "\n".join(parts)
    small, large = tmp_path / "small.md", tmp_path / "large.md"
    small.write_text(document(40), encoding="utf-8")
    large.write_text(document(80), encoding="utf-8")
    ratio = time_ratio(check_document, small, large)
    assert ratio < 3.0, ratio


def test_a_table_with_a_column_per_element_checks_each_formula_row(document_rows):
    s = [0.5, -1.0, 1.5, 0.0]
    exps = [math.exp(v) for v in s]
    p = [e / sum(exps) for e in exps]
    wrong = f"{p[3] + 0.05:.3f}"  # one probability slipped (beyond what the headers' rounding allows)
    text = "\n".join([
        "# Softmax, column by column", "",
        "| | $s_1 = 0.5$ | $s_2 = -1.0$ | $s_3 = 1.5$ | $s_4 = 0.0$ |",
        "|---|---|---|---|---|",
        "| $e^{s_k}$ | " + " | ".join(f"${e:.3f}$" for e in exps) + " |",
        f"| $\\sum_m e^{{s_m}}$ | ${sum(exps):.3f}$ | | | |",
        "| $\\operatorname{softmax}(s_k)$ | " + " | ".join(f"{v:.3f}" for v in p[:3]) + f" | {wrong} |", ""])
    rows = document_rows(text)
    assert _verdicts(rows, 5) == {f"{e:.3f}": "match" for e in exps}
    assert _verdicts(rows, 6) == {f"{sum(exps):.3f}": "match"}
    assert _verdicts(rows, 7) == {**{f"{v:.3f}": "match" for v in p[:3]}, wrong: "mismatch"}


def test_a_table_whose_rows_use_another_name_is_not_read_as_an_element_table(document_rows):
    text = "\n".join([
        "# Not this table", "",
        "| | $z_1 = 1.0$ | $z_2 = 2.0$ |",
        "|---|---|---|",
        "| $e^{x_i}$ | 9.999 | 9.999 |", ""])  # x is no column's name: nothing to compute
    assert not document_rows(text)


def test_a_sum_written_in_plain_text_runs_over_the_listed_elements(document_rows):
    z = [0.3, -1.2, 2.0, 0.7]
    total = sum(math.exp(v) for v in z)
    text = "\n".join(["# Plain text", "", "z = [0.3, -1.2, 2.0, 0.7]", "",
                      f"S = Σ_k e^(z_k) = {total:.3f}", "", f"T = ∑_k z_k = {sum(z) + 1:.1f}", ""])
    rows = document_rows(text)
    assert _verdicts(rows, 5) == {f"{total:.3f}": "match"}
    assert _verdicts(rows, 7) == {f"{sum(z) + 1:.1f}": "mismatch"}  # one too many
    covariance = "Σ = [[1.0, 0.2], [0.2, 2.0]] is no sum\n"
    assert sums_over_lists(covariance) == covariance
