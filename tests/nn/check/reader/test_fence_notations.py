"""Idioms of documents nobody tuned the reader to: a prime in a name, rounding on a printed line,
labels in code comments, arithmetic in code fences, results written in comments (issue #20)."""
from __future__ import annotations

from nn.check import check_document


def _rows(path):
    result = check_document(path)
    return result, [(r["quantity"], float(str(r["document"]).lstrip("≈ ")), r["verdict"])
                    for r in result.as_dict()["rows"]]


def test_a_primed_name_is_its_own_quantity_not_the_unprimed_one(tmp_path):
    """y' (a prediction) and y (the target) are two givens: ∂L/∂y' = y' − y is checked from both."""
    prediction, target = 0.35, 0.9
    doc = tmp_path / "prime.md"
    doc.write_text("# A primed prediction\n\nThe target is $y = 0.9$ and the prediction $y' = 0.35$.\n\n"
                   "The loss is $L = \\frac{1}{2}(y' - y)^2$.\n\n"
                   "$$\\frac{\\partial L}{\\partial y'} = (y' - y) = 0.35 - 0.9 = "
                   f"{prediction - target:.2f}$$\n",
                   encoding="utf-8")
    result, rows = _rows(doc)
    assert result.ok, rows
    assert all(verdict == "match" for _, _, verdict in rows) and len(rows) == 3
    assert {q for q, _, _ in rows} >= {"y_prime", "y"}


def test_a_prime_written_as_a_superscript_is_the_same_prime(tmp_path):
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
