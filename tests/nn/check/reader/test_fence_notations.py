"""Idioms of documents nobody tuned the reader to: a prime in a name, rounding on a printed line,
labels in code comments, arithmetic in code fences, results written in comments (issue #20)."""
from __future__ import annotations

import pytest

from nn.check import check_document


@pytest.fixture
def checked(row_dicts):
    """``checked(path)``: the document's check, and (quantity, printed value, verdict) of its rows."""
    def check(path):
        result = check_document(path)
        return result, [(r["quantity"], float(str(r["document"]).lstrip("≈ ")), r["verdict"])
                        for r in row_dicts(result)]
    return check


def test_a_primed_name_is_its_own_quantity_not_the_unprimed_one(tmp_path, checked):
    """y' (a prediction) and y (the target) are two givens: ∂L/∂y' = y' − y is checked from both."""
    prediction, target = 0.35, 0.9
    doc = tmp_path / "prime.md"
    doc.write_text("# A primed prediction\n\nThe target is $y = 0.9$ and the prediction $y' = 0.35$.\n\n"
                   "The loss is $L = \\frac{1}{2}(y' - y)^2$.\n\n"
                   "$$\\frac{\\partial L}{\\partial y'} = (y' - y) = 0.35 - 0.9 = "
                   f"{prediction - target:.2f}$$\n",
                   encoding="utf-8")
    result, rows = checked(doc)
    assert result.ok, rows
    assert all(verdict == "match" for _, _, verdict in rows) and len(rows) == 3
    assert {q for q, _, _ in rows} >= {"y_prime", "y"}


def test_a_prime_written_as_a_superscript_is_the_same_prime():
    """a^{\\prime} is a′ (not malformed), a name distinct from a."""
    from nn.check.reader.inference import engine_name
    from nn.check.reader.latex import parse_math

    primed = parse_math("a^{\\prime}")
    assert engine_name(primed) == "a_prime" == engine_name(parse_math("a'"))
    assert engine_name(parse_math("a")) == "a" and engine_name(parse_math("a''")) == "a_prime_prime"
    assert engine_name(parse_math("\\hat{a}")) == "a_hat"


def test_a_derivative_written_with_a_prime_still_reads_as_the_derivative():
    """f'(x) stays the derivative of f, not a name."""
    from nn.check.reader.latex import Call, parse_math

    node = parse_math("f'(x)")
    assert isinstance(node, Call) and node.name == "f'"


LABELLED = """# A circuit in code

```python
u = 2.5
v = -1.5
upv = u + v   #(4)
k = 3.0   # (2)
g = upv * k   # step 3
g  # {g}
```
"""


def test_a_step_label_in_a_code_comment_is_not_a_printed_result(checked, document_file):
    """#(4), # (2), # step 3 number the steps; only ``# 3.0`` after ``g`` states a value."""
    u, v, k = 2.5, -1.5, 3.0
    doc = document_file(LABELLED.format(g=(u + v) * k), "labels.md")
    result, rows = checked(doc)
    assert all(verdict == "match" for _, _, verdict in rows)
    assert not {4.0, 2.0, 3.0} & {value for _, value, _ in rows if value != (u + v) * k}


def test_comment_label_and_remark_spellings():
    from nn.check.reader.comment_results import comment_value

    assert comment_value("#(4)", "(4)") is None and comment_value("# (12)", "(12)") is None
    assert comment_value("# step 3", None) is None and comment_value("# Eq. 2: the sum", None) is None
    assert comment_value("# 0.01 also works", "0.01 also works") is None
    assert comment_value("# 20.0", "20.0") == "20.0" and comment_value("# (2, 3)", "(2, 3)") == "(2, 3)"
    assert comment_value("# q becomes 3", None) == "3" and comment_value("# equals -0.5", None) == "-0.5"


COMMENTED = """# Results written in comments

```python
def h(t):
    return t ** 3 - 2.3 * t

a = 1.5
b = 2.5
q = a + b  # q becomes {q}
r = q * b  # -> {r}
print(h(3.0))  # prints {h}
s = r - 1.5
s  # {s}
lr = 0.1  # 0.01 also works
```
"""


def test_results_written_in_comments_are_claims_on_their_line(tmp_path, checked):
    a, b = 1.5, 2.5
    q, h = a + b, 3.0 ** 3 - 2.3 * 3.0
    r = q * b
    doc = tmp_path / "comments.md"
    doc.write_text(COMMENTED.format(q=q, r=r, h=round(h, 4), s=r - 1.5 + 0.5), encoding="utf-8")  # s is wrong
    result, rows = checked(doc)
    assert [(value, verdict) for _, value, verdict in rows] == [
        (q, "match"), (r, "match"), (round(h, 4), "match"), (r - 1.5 + 0.5, "mismatch")]
    assert not result.ok


def _listed(result) -> dict[tuple[int, str], str]:
    return {(s.line, s.text): s.reason for part in result.all() for s in part.reading.skipped}


@pytest.mark.parametrize("output", [True, False])
def test_numbers_in_comments_that_state_no_value_are_listed_with_their_line(output, document_file):
    """Nothing silent: a remark (``# 0.01 also works``), a label (``# step 2``), a comment on a line of
    its own: their numbers are listed with line and why, never compared; with or without an output
    the code reader reads (without, the text's own reading lists them)."""
    body = ("# Remarks\n\nLet $a = 1.5$ and $b = 2.5$, so $q = a b = 3.75$.\n\n```python\n"
            "a = 1.5\nb = 2.5\nlr = 0.1  # 0.01 also works\n# tried 0.3 and 0.7 first\n"
            "q = a * b  # step 2\nprint(q)\n```\n")
    doc = document_file(body + ("\n```\n3.75\n```\n" if output else ""), "remarks.md")
    result = check_document(doc)
    listed = _listed(result)
    line = {text: k for k, text in enumerate(body.splitlines(), 1)}
    remark, own, label = line["lr = 0.1  # 0.01 also works"], line["# tried 0.3 and 0.7 first"], line[
        "q = a * b  # step 2"]
    assert "remark" in listed[(remark, "0.01")]
    assert "line of its own" in listed[(own, "0.3")] and "line of its own" in listed[(own, "0.7")]
    assert "label" in listed[(label, "2")]
    rows = result.as_dict()["rows"]
    assert all(r["verdict"] == "match" for r in rows) and 1.5 * 2.5 == 3.75
    assert not {"0.01", "0.3", "0.7"} & {str(r["document"]) for r in rows}


CARRIED = """# Rounded givens, a sum carried at full precision

Assume the hidden outputs $h_1 = {h1}$ and $h_2 = {h2}$; weights $w_5 = 0.46$, $w_6 = 0.68$.

$$z = w_5 h_1 + w_6 h_2 = {t1} + {t2} = {z}$$
"""


def _sigmoid(x: float) -> float:
    import math
    return 1 / (1 + math.exp(-x))


def test_a_number_its_own_line_s_terms_give_is_flagged_only_as_carried_rounding(tmp_path):
    """h_1, h_2 assumed (premises, exact as printed): z is 0.4713; the terms printed on z's line,
    rounded to 4 places, add up to 0.4714. The sum holds as written, so z is never an arithmetic
    slip: it is flagged once, as built on numbers rounded too coarsely for it (cause "carried")."""
    h1, h2, w5, w6 = _sigmoid(0.52), _sigmoid(-1.0), 0.46, 0.68
    full, from_printed = w5 * h1 + w6 * h2, w5 * round(h1, 4) + w6 * round(h2, 4)
    assert (f"{full:.4f}", f"{from_printed:.4f}") == ("0.4714", "0.4713")
    doc = tmp_path / "carried.md"
    doc.write_text(CARRIED.format(h1=f"{h1:.4f}", h2=f"{h2:.4f}", t1=f"{w5 * h1:.4f}", t2=f"{w6 * h2:.4f}",
                                  z=f"{full:.4f}"), encoding="utf-8")
    result = check_document(doc)
    flagged = [r for r in result.as_dict()["rows"] if r["verdict"] == "mismatch"]
    exact = w5 * float(f"{h1:.4f}") + w6 * float(f"{h2:.4f}")  # the premises as printed
    assert [(r["document"], r["should_read"], r["causes"]) for r in flagged] == [
        (f"{full:.4f}", f"{exact:.4f}", ["carried"])]


def test_a_sum_its_terms_do_not_give_or_terms_that_do_not_hold_the_value_stay_flagged(tmp_path):
    h1, h2, w5, w6 = _sigmoid(0.52), _sigmoid(-1.0), 0.46, 0.68
    for t1, z in ((f"{w5 * h1:.4f}", "0.4741"),  # digits swapped in the sum
                  (f"{w5 * h1 + 0.1:.4f}", f"{w5 * h1 + 0.1 + w6 * h2:.4f}")):  # a wrong term, summed right
        doc = tmp_path / "wrong.md"
        doc.write_text(CARRIED.format(h1=f"{h1:.4f}", h2=f"{h2:.4f}", t1=t1, t2=f"{w6 * h2:.4f}", z=z),
                       encoding="utf-8")
        rows = check_document(doc).as_dict()["rows"]
        assert [(str(r["document"]), r["verdict"]) for r in rows if r["quantity"] == "z"] == [(z, "mismatch")]


def test_terms_coarser_than_the_result_allow_nothing():
    from nn.check.reader.arithmetic import terms_allow
    from nn.check.reader.latex import parse_math

    assert terms_allow(parse_math("0.2885 + 0.1829"), "0.4714", 0.471318)
    assert not terms_allow(parse_math("0.3 + 0.2"), "0.50", 0.46)
    assert not terms_allow(parse_math("0.2885 + 0.1829"), "0.4741", 0.471318)
    assert not terms_allow(parse_math("0.3885 + 0.1829"), "0.5714", 0.471318)
    assert not terms_allow(parse_math("\\frac{1.296}{3.636}"), "0.357", 0.35642)  # only at the terms' edge


def test_a_document_of_arithmetic_alone_is_checked_not_refused(tmp_path, checked):
    """No given anywhere, only arithmetic on numbers: its chains are checked (a wrong one flagged)."""
    doc = tmp_path / "sums.md"
    right, wrong = 0.35 * 0.1 + 0.9 * 0.8, 7 - 0.35 * 4
    doc.write_text(f"# Sums\n\nThe weighted sum is $0.35 \\times 0.1 + 0.9 \\times 0.8 = {right:.3f}$.\n\n"
                   f"```math\n7 - 0.35 \\times 4 = {wrong + 0.1:.1f}\n```\n", encoding="utf-8")
    result, rows = checked(doc)
    assert [(v, verdict) for _, v, verdict in rows] == [(round(right, 3), "match"), (round(wrong + 0.1, 1),
                                                                                   "mismatch")]
    assert [r["source"] for r in result.as_dict()["rows"]] == ["line 3", "line 6"]


def test_a_math_fence_is_display_math_and_an_unclosed_one_is_not_read():
    from nn.check.reader.layout import find_math, read_layout

    text = "# t\n\n```math\n0.5 + 0.25 = 0.75\n```\n\n```math\n1 + 1 = 2\n"
    segments, problems = find_math(text, read_layout(text).masked)
    assert [s.text.strip() for s in segments] == ["0.5 + 0.25 = 0.75"] and segments[0].display
    assert not problems


def test_numbers_in_a_notebook_cell_s_comments_are_listed_in_their_cell(tmp_path, notebooks):
    v4 = notebooks.v4
    text = v4.new_markdown_cell("Let $a = 1.5$ and $b = 2.5$, so $q = a b = 3.75$.")
    code = v4.new_code_cell("lr = 0.1  # 0.01 also works\n# tried 0.3 first\nq = 1.5 * 2.5")
    result = check_document(notebooks.write(tmp_path, text, code))
    listed = {(s.place, s.text): s.reason for part in result.all() for s in part.reading.skipped}
    assert "remark" in listed[("cell 2 code, line 1", "0.01")]
    assert "line of its own" in listed[("cell 2 code, line 2", "0.3")]
