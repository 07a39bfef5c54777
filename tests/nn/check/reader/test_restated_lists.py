"""A computed list printed again as a whole (in a bracket list, in inline code, in a summary table's
code cell) is carried from the line that computed it, element by element, though its numbers alone
are too short to be recognised; a wrong element is flagged again. Truth in plain Python."""

from nn.check.reader.restated_lists import restated_numbers, with_data_spans


def _row(a: str, b: str) -> str:
    return f"\\begin{{bmatrix}} {a} & {b} \\end{{bmatrix}}"


def _document(terms: tuple[str, str], first: str, second: str) -> str:
    return f"""# Scores of two classes

$$
z = {_row(*terms)} = {_row(first, second)}
$$

We take the softmax of the scores `[{first}, {second}]`.

$$
[{first}, {second}] - {second} = [-0.5, 0]
$$

| Step | Result |
|------|--------|
| 1    | `z = [{first}, {second}]` |
| 2    | `[{first}, {second}]` |
"""


def _carried(rows: list[dict]) -> list[tuple[str, str]]:
    return [(r["document"], r["verdict"]) for r in rows if r.get("row_kind") == "carried"]


def test_a_restated_list_is_carried_element_by_element(document_rows):
    first, second = 0.5 + 0.2, 1.5 - 0.3  # one digit each: too short to be recognised alone
    assert f"{first:.1f}" == "0.7" and f"{second:.1f}" == "1.2"
    rows = document_rows(_document(("0.5 + 0.2", "1.5 - 0.3"), "0.7", "1.2"))
    for line in (7, 10, 15, 16):  # prose code, a bracket list, a table's code cells
        assert _carried(rows[line]) == [("0.7", "match"), ("1.2", "match")], line
        assert {r["carried_from"] for r in rows[line] if r.get("row_kind") == "carried"} == {"line 4"}


def test_a_wrong_element_of_a_restated_list_is_flagged_again(document_rows):
    assert f"{1.54 - 0.32:.2f}" != "1.32"
    rows = document_rows(_document(("0.51 + 0.23", "1.54 - 0.32"), "0.74", "1.32"))
    assert ("1.32", "mismatch") in [(r["document"], r["verdict"]) for r in rows[4]]
    for line in (7, 15, 16):
        assert _carried(rows[line]) == [("0.74", "match"), ("1.32", "mismatch")], line
        assert all("carried" in r["causes"] for r in rows[line] if r["verdict"] == "mismatch")


def test_only_the_same_numbers_in_the_same_order_restate_a_list():
    text = "\n".join(["a = [0.3, 0.4]", "b = [0.4, 0.3]", "c = \\begin{pmatrix} 0.3 \\\\ 0.4 \\end{pmatrix}",
                      "d = [1, 2]", "e = [1, 2]", "f = [0.3, 0.4, 0.5]"])
    found = restated_numbers(text)
    assert sorted({line for line, _ in found}) == [3]  # b reorders, d/e have no decimal, f is longer
    assert found[3, text.splitlines()[2].index("0.3")] == [1]


def test_data_in_inline_code_is_text_for_carrying_code_is_not():
    text = "see `[0.098, -0.341]`, `loss ≈ 0.417`, `np.dot(W, x)` and `y = f(0.5)`"
    masked = "".join(" " if k in _spans(text) else c for k, c in enumerate(text))
    shown = with_data_spans(masked, text)
    assert "[0.098, -0.341]" in shown and "loss ≈ 0.417" in shown
    assert "np.dot" not in shown and "f(0.5)" not in shown and "`" not in shown
    assert len(shown) == len(text)


def _spans(text: str) -> set[int]:
    from nn.check.reader.layout import code_spans
    return {k for a, b in code_spans(text) for k in range(a, b)}
