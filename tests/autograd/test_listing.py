"""The forward listing (autograd.listing): one line per node, like a jaxpr."""

from __future__ import annotations

from autograd import (
    Value,
    forward_text,
)


def words(text: str) -> str:
    """The text with every run of white space one space: a test reads it regardless of padding."""
    return " ".join(text.split())


def test_forward_listing_names_every_operation_as_a_word():
    a, b = Value(2.0, "a"), Value(4.0, "b")
    out = ((-(a / b) - a**3).exp() * b).log().named("y")
    lines = [words(line) for line in forward_text(out).splitlines()]
    assert lines[1:3] == ["a = 2", "b = 4"]
    assert [line.split(" #")[0] for line in lines[4:]] == [
        "t1 = div(a, b)",
        "t2 = neg(t1)",
        "t3 = pow(a, 3)",
        "t4 = sub(t2, t3)",
        "t5 = exp(t4)",
        "t6 = mul(t5, b)",
        "y = log(t6)",
    ]
