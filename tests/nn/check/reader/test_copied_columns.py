"""Arithmetic copying an earlier column in order (copied_columns) and columns headed in words as the
square of another (squared_columns): synthetic documents, truth in plain Python."""

from nn.check.reader.copied_columns import CopiedColumns
from nn.check.reader.squared_columns import squared_headers


def _copies(rows: list[dict]) -> list[tuple[str, str]]:
    return [(r["document"], r["repeat_of"]) for r in rows if r.get("repeat_of")]


def _table(xs, ys, predicted, errors) -> str:
    lines = ["| $x$ | $y$ | $\\hat y = 2x$ | Error $y-\\hat y$ |", "|---|---:|---:|---:|"]
    lines += [f"| {x} | {y} | {p} | {e} |" for x, y, p, e in zip(xs, ys, predicted, errors)]
    return "\n".join(lines)


def _fmt(v: float) -> str:
    return f"{v:g}"


def test_a_mean_of_squares_copies_the_error_column_row_by_row(document_rows):
    xs, ys = [1, 2, 4], [3, 3, 7]
    predicted = [2 * x for x in xs]
    errors = [y - p for y, p in zip(ys, predicted)]  # 1, -1, -1
    mse = sum(e * e for e in errors) / len(errors)
    squares = " + ".join(f"({_fmt(e)})^2" for e in errors)
    text = (f"# Fit\n\n{_table(xs, ys, predicted, errors)}\n\n"
            f"$$\\mathrm{{MSE}} = \\frac{{{squares}}}{{3}} = {_fmt(mse)}$$\n")
    rows = document_rows(text)
    assert [r["verdict"] for line in (5, 6, 7) for r in rows[line]] == ["match"] * 6
    copies = _copies(rows[9])
    assert copies == [(_fmt(errors[0]), "line 5"), (_fmt(errors[1]), "line 6"), (_fmt(errors[2]), "line 7")]
    assert all(r["verdict"] == "match" for r in rows[9])


def test_a_copied_wrong_number_is_flagged_again_as_carried(document_rows):
    xs, ys = [1, 2, 4], [3, 3, 7]
    predicted = [2 * x for x in xs]
    printed = [1, -1, -2]  # the third error is wrong: 7 - 8 = -1
    assert ys[2] - predicted[2] != printed[2]
    terms = " + ".join(f"({e})\\cdot {x}" for e, x in zip(printed, xs))
    total = sum(e * x for e, x in zip(printed, xs))
    text = f"# Fit\n\n{_table(xs, ys, predicted, printed)}\n\n$$g = {terms} = {total}$$\n"
    rows = document_rows(text)
    assert [r["verdict"] for r in rows[7] if r["document"] == "-2"] == ["mismatch"]
    copied = {r["repeat_of"]: r for r in rows[9] if r.get("repeat_of")}
    assert copied["line 7"]["verdict"] == "mismatch" and "carried" in copied["line 7"]["causes"]
    assert copied["line 5"]["verdict"] == copied["line 6"]["verdict"] == "match"


def test_two_numbers_or_another_order_are_no_column_copy():
    columns = CopiedColumns()
    for line, (p, e) in enumerate([("2", "1"), ("4", "-1"), ("8", "-1")], 10):
        columns.add(line, p, f"p{line}", 0)
        columns.add(line, e, f"e{line}", 0)
    assert [k for k, _ in columns.copies(20, ["1", "2", "-1", "3", "-1"])] == [0, 2, 4]
    assert columns.copies(20, ["1", "-1"]) == []  # two rows: not enough to tell from a coincidence
    assert columns.copies(20, ["8", "4", "2"]) == []  # the column read backwards
    assert columns.copies(11, ["1", "-1", "-1"]) == []  # not all on earlier lines
    found = columns.copies(20, ["2", "4", "8"])
    assert [(rep.first, rep.quantity) for _, rep in found] == [(10, "p10"), (11, "p11"), (12, "p12")]


def test_a_column_headed_squared_in_words_is_its_neighbours_square(document_rows):
    truth = [(2.0, 1.5), (1.0, 1.2), (0.0, 0.4), (3.0, 3.3)]
    residuals = [t - p for t, p in truth]
    squares = [r * r for r in residuals]
    lines = ["# Residuals", "", "| Point | Residual | Residual squared |", "|---|---:|---:|"]
    lines += [f"| {k} | {r:.1f} | {s:.2f} |" for k, (r, s) in enumerate(zip(residuals, squares), 1)]
    text = "\n".join(lines) + "\n"
    rows = document_rows(text)
    for k, s in enumerate(squares):
        (row,) = rows[5 + k]
        assert row["verdict"] == "match" and abs(row["engine"] - s) < 1e-12


def test_a_wrong_square_is_a_mismatch(document_rows):
    text = ("| Sample | Error | Squared error |\n|---|---|---|\n| 1 | 0.5 | 0.25 |\n| 2 | -0.3 | 0.9 |\n")
    rows = document_rows(text)
    assert rows[3][0]["verdict"] == "match"
    assert rows[4][0]["verdict"] == "mismatch" and abs(rows[4][0]["engine"] - 0.09) < 1e-12


def test_squared_headers_name_only_another_plain_column():
    assert squared_headers(["Sample", "Error", "Squared error"]) == \
        ["Sample", "$\\mathrm{Error}$", "$\\mathrm{Error}^2$"]
    assert squared_headers(["i", "**Gap**", "gap squared"])[1:] == ["$\\mathrm{Gap}$", "$\\mathrm{Gap}^2$"]
    assert squared_headers(["Loss", "Error²"]) == ["Loss", "Error²"]  # no column named Error
    assert squared_headers(["$e$", "Squared e"]) == ["$e$", "Squared e"]  # math headers are read as math

