"""A section of its own: an exercise that defines a name again, as another function, beside one that
gives numbers, is another example (reader/own_sections.py); a section in symbols lists its formulas as
not checked, never evaluated at another section's numbers. Every row's document value is a number the
document prints on the row's line. Synthetic documents, truth in plain Python."""

from __future__ import annotations

import math
import re

import pytest

from nn.check.reader.own_sections import NO_VALUES, differ

X, W, B = 3.0, 2.0, -1.0
Z = W * X + B  # 5
Y = Z ** 2  # 25: Exercise 2's y
DY_DW = 2 * Z * X  # 30

SYMBOLS = (r"Let $y = \sigma(z)$ with $z = w x + b$. "
           r"Show that $\frac{\partial y}{\partial w} = y(1 - y) x$.")
NUMBERS = r"""Given $x = 3$, $w = 2$ and $b = -1$, compute $z = w x + b = 5$ and $y = z^2 = 25$."""


def _document(first: str, second: str, mark: str) -> str:
    return f"{mark.format(n=1)}\n\n{first}\n\n{mark.format(n=2)}\n\n{second}\n"


def _printed_on_its_line(text: str, row: dict) -> bool:
    """Is the row's document value printed on the line it cites (− as -, ≈ dropped)?"""
    line = text.split("\n")[int(row["source"].split()[1]) - 1].replace("−", "-")
    value = str(row["document"]).lstrip("≈ ")
    return re.search(rf"(?<![\d.]){re.escape(value.lstrip('-'))}(?![\d])", line) is not None


def test_the_truth_of_the_exercises():
    assert Z == 5 and Y == 25 and DY_DW == 30
    sigma = 1 / (1 + math.exp(-Z))
    assert abs(sigma - Y) > 1  # Exercise 1's y at Exercise 2's numbers: the false alarm


@pytest.mark.parametrize("mark", ["# Exercise {n}", "## Exercise {n}", "### Part {n}", "**Exercise {n}.**",
                                  "Problem {n}:", "Question {n}", "## Example {n}"])
def test_an_exercise_in_symbols_is_never_read_at_another_exercises_numbers(
        check_text, row_dicts, not_checked, mark):
    text = _document(SYMBOLS, NUMBERS, mark)
    result = check_text(text)
    rows = row_dicts(result)
    assert all(r["verdict"] == "match" for r in rows)  # no false alarm
    numbers = {(r["source"], r["document"]) for r in row_dicts(result, "number")}
    assert ("line 7", "5") in numbers and ("line 7", "25") in numbers  # Exercise 2 is checked
    assert not any(r["source"] == "line 3" or r["name"].startswith("line 3:") for r in rows)  # none at
    # Exercise 2's values
    listed = [(line, why) for line, _, why in not_checked(result) if line == 3]
    assert listed and all(why == NO_VALUES for _, why in listed)
    assert result.ok


def test_the_exercise_in_symbols_may_come_second(check_text, row_dicts, not_checked):
    numbers = NUMBERS + r" Then $\frac{\partial y}{\partial w} = 2 z x = 30$."
    text = _document(numbers, SYMBOLS, "# Problem {n}")
    result = check_text(text)
    assert all(r["verdict"] == "match" for r in row_dicts(result))
    numbers = {(r["source"], r["document"]) for r in row_dicts(result, "number")}
    assert ("line 3", "30") in numbers  # ∂y/∂w = 2zx = 30 at Exercise 1's own numbers
    assert any(line == 7 and why == NO_VALUES for line, _, why in not_checked(result))


def test_a_model_in_symbols_and_its_numbers_stay_one_example(check_text, row_dicts):
    """The definitions restated alike (``(y - t)^2`` and ``(t - y)^2``, ``w x`` and ``w \\cdot x``):
    one example, the model's formulas checked at the numbers."""
    x, w, b, t = 3.0, 0.2, -1.0, 1.0
    z = w * x + b
    y = 1 / (1 + math.exp(-z))
    loss = 0.5 * (t - y) ** 2
    assert f"{z:.1f}" == "-0.4" and f"{y:.4f}" == "0.4013" and f"{loss:.4f}" == "0.1792"
    text = ("## The model\n\n"
            r"$z = w x + b$, $y = \sigma(z)$ and $L = \frac{1}{2}(y - t)^2$, so "
            r"$\frac{\partial L}{\partial w} = (y - t) y (1 - y) x$." "\n\n## The numbers\n\n"
            r"Take $x = 3$, $w = 0.2$, $b = -1$ and $t = 1$: $z = w \cdot x + b = -0.4$, "
            r"$y = \sigma(z) = 0.4013$, $L = \frac{1}{2}(t - y)^2 = 0.1792$." "\n")
    result = check_text(text)
    assert not result.parts  # one example
    formulas = [r for r in row_dicts(result, "formula") if r["name"].startswith("line 3:")]
    assert formulas and all(r["verdict"] == "match" for r in formulas)  # checked at the numbers


def test_a_number_row_always_prints_its_number_on_its_line(check_text, row_dicts):
    """(a) A formula with no printed number is a formula row, never a number row."""
    for text in (_document(SYMBOLS, NUMBERS, "# Exercise {n}"),
                 _document(NUMBERS, SYMBOLS, "## Question {n}")):
        for row in row_dicts(check_text(text), "number"):
            assert _printed_on_its_line(text, row), row


def test_two_definitions_differ_only_as_functions():
    assert differ(r"\sigma(z)", "z^2")
    assert not differ(r"\frac{1}{2}(y - t)^2", r"\frac{1}{2}(t - y)^2")
    assert not differ("w x + b", r"b + w \cdot x")
    assert not differ(r"\frac{\partial L}{\partial w}", "x")  # a derivative: never told apart on a guess


def test_sections_of_their_own_cost_work_linear_in_the_exercises(monkeypatch, document_file):
    """Each redefinition is compared once (``differ``) and each line looked at once: twice the
    exercises, at most about twice the work."""
    from nn.check.reader import inference
    from nn.check.reader.reading import read_document

    def work(n: int) -> int:
        calls = [0]
        original = inference.differ

        def counted(*args, **kwargs):
            calls[0] += 1
            return original(*args, **kwargs)
        monkeypatch.setattr(inference, "differ", counted)
        pairs = "".join(_document(SYMBOLS.replace("y", f"y_{{{k}}}"), NUMBERS.replace("y", f"y_{{{k}}}"),
                                  f"## Exercise {2 * k}{{n}}") for k in range(n))
        try:
            read_document(document_file(pairs, f"sections{n}.md"))
        finally:
            monkeypatch.undo()
        return calls[0]
    small, large = work(10), work(20)
    assert small >= 10  # every exercise's redefinition is compared
    assert large <= 2.5 * small, f"doubling the exercises: {small} → {large} comparisons"


def test_a_quantity_computed_from_a_name_defined_again_is_not_compared(check_text, row_dicts, not_checked):
    """One section: ``z = 2x - 1`` for practice, then ``z = w x + b = 0.5`` with givens: the graph's ŷ
    is σ of the first z, so the ŷ and L printed after the second are listed, never compared."""
    x, w, b, y = 2.0, 0.5, -0.5, 1.0
    first = 1 / (1 + math.exp(-(2 * x - 1)))  # the graph's ŷ, of the first z
    y_hat = 1 / (1 + math.exp(-(w * x + b)))
    assert f"{y_hat:.4f}" == "0.6225" and f"{(y_hat - y) ** 2:.4f}" == "0.1425"
    assert f"{first:.4f}" != "0.6225"  # compared with the first z's ŷ: the false alarm
    text = ("For practice, take $z = 2x - 1$, $\\hat{y} = \\sigma(z)$ and $L = (\\hat{y} - y)^2$.\n\n"
            "Now take $x = 2$, $w = 0.5$, $b = -0.5$ and $y = 1$: $z = w x + b = 0.5$, "
            "$\\hat{y} = \\sigma(z) = 0.6225$ and $L = (\\hat{y} - y)^2 = 0.1425$.\n")
    result = check_text(text)
    assert not any(r["verdict"] == "mismatch" for r in row_dicts(result, "number"))
    listed = {printed: why for line, printed, why in not_checked(result) if line == 3}
    assert "computed from z" in listed["0.6225"] and "computed from z" in listed["0.1425"]


def test_graph_and_extract_take_the_first_example_with_a_graph(document_file, tmp_path):
    """A document whose first example is a section in symbols: ``stepgrad graph`` draws, and
    ``stepgrad extract`` writes, the example that has values."""
    from nn.check import check_example
    from nn.check.files import load_example
    from nn.check.reader.extract import extract_document
    from nn.check.reader.reading import document_example

    path = document_file(_document(SYMBOLS, NUMBERS, "# Exercise {n}"), "exercises.md")
    example = document_example(path)
    assert math.isclose(example.loss().data, Y)  # y = z^2 at Exercise 2's values
    written = tmp_path / "exercises.toml"
    written.write_text(extract_document(path))
    report = check_example(load_example(str(written)))
    assert report.ok and {r.number.value for r in report.rows} >= {"5", "25"}


def test_a_formula_about_a_name_defined_again_is_not_checked_at_the_first_definition(check_text, row_dicts,
                                                                                     not_checked):
    """Exercise 2 in symbols that also prints a number of its own (so no section in symbols): its
    ``y = σ(z)`` defines y again, so its formulas about y are listed, never read at Exercise 1's y."""
    assert 1.8 * -6 == -10.8
    symbols = SYMBOLS + r" Then $\frac{dF}{dh} = 1.8 \times (-6) = -10.8$."
    text = _document(NUMBERS, symbols, "**Problem {n}.**")
    result = check_text(text)
    assert all(r["verdict"] == "match" for r in row_dicts(result))
    listed = [why for line, _, why in not_checked(result) if line == 7]
    assert any("y is defined again" in why for why in listed)
