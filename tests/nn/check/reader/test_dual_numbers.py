"""Dual numbers written out by hand (nn/check/reader/dual_numbers.py): each coefficient printed in a
chain of a + bε sides is checked as arithmetic against the sides before it. The truth is plain
Python arithmetic on the (a, b) pairs with ε² = 0."""

from __future__ import annotations

from nn.check import check_document
from nn.check.reader.dual_numbers import dual_claims
from nn.check.reader.layout import find_math


def _claims(text: str) -> list[tuple[str, str]]:
    segments, _ = find_math(text)
    return [(s.text, text[s.start:s.start + len(s.text.split(" = ")[-1])])
            for s in dual_claims(text, segments)]


def _mul(x: tuple[float, float], y: tuple[float, float]) -> tuple[float, float]:
    return x[0] * y[0], x[0] * y[1] + x[1] * y[0]  # the ε² term dropped


def test_a_product_expanded_term_by_term_then_collected_is_checked_at_each_printed_number():
    a, b = (2, 5), (4, 3)
    p = _mul(a, b)
    terms = (a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1])
    text = (f"$(2 + 5ε)\\times(4 + 3ε)$ = $2 \\times 4 + 2 \\times 3ε + 5ε \\times 4 + 5ε \\times 3ε$ = "
            f"${terms[0]} + {terms[1]}ε + {terms[2]}ε + {terms[3]}ε^2$ = ${p[0]} + {p[1]}ε$\n")
    claims = _claims(text)
    assert ("2 \\times 4 = 8", "8") in claims and ("5 \\times 3 = 15", "15") in claims
    assert (f"{terms[1]} + {terms[2]} = {p[1]}", str(p[1])) in claims  # 6ε + 20ε → 26ε
    assert ("2 \\times 3 = 6", "6") in claims and ("5 \\times 4 = 20", "20") in claims


def test_a_sum_with_a_wrong_coefficient_is_flagged_and_a_side_of_other_symbols_is_not_read(tmp_path):
    path = tmp_path / "dual.md"
    path.write_text("Add a number: $2 + (1 + 3\\epsilon) = 4 + 3\\epsilon$.\n\n"
                    "In general $(a + b\\epsilon) + c = (a + c) + b\\epsilon$.\n", encoding="utf-8")
    rows = [(r["document"], r["verdict"], r["engine"]) for part in check_document(path).all()
            for r in part.as_dict()["rows"]]
    assert rows == [("4", "mismatch", 3.0)]  # 2 + 1 = 3
    assert _claims("$(a + b\\epsilon) + c = (a + c) + b\\epsilon$") == []
    assert _claims("$3 + 4 = 7$") == []  # no ε: not a dual number


def test_reading_dual_numbers_takes_time_linear_in_the_chain(time_ratio):
    def make(n: int) -> str:
        sides = " = ".join(f"{k // 2 + 1} + 2ε" if k % 2 else f"{k // 2} + 1 + 2ε" for k in range(n))
        return f"${sides}$\n"  # 0 + 1 + 2ε = 1 + 2ε = 1 + 1 + 2ε = 2 + 2ε = …

    def run(text: str) -> list:
        return dual_claims(text, find_math(text)[0])
    assert len(run(make(64))) == 32  # each k + 1 read as arithmetic
    ratio = time_ratio(run, make(1000), make(2000))
    assert ratio < 3.2, f"doubling the chain multiplied the time by {ratio:.1f}"
