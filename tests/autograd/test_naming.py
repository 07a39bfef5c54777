"""Node names and numbers as the tracer, the drawings and the compiler show them (autograd.naming)."""

from __future__ import annotations

import math

import pytest

from autograd import (
    Value,
    node_names,
)
from autograd.naming import format_number


def build_small():
    a, b = Value(2.0, "a"), Value(-3.0, "b")
    return ((a * b + 1.0) * a).named("out")


def test_automatic_names_are_stable_and_in_topological_order():
    names1 = node_names(build_small())
    names2 = node_names(build_small())
    assert list(names1.values()) == list(names2.values()) == ["a", "b", "t1", "c1", "t2", "out"]


def test_automatic_names_avoid_labels_and_duplicate_labels_get_a_suffix():
    a = Value(1.0, "t1")
    b = Value(2.0, "x")
    c = Value(3.0, "x")
    root = (a * b + c).named("t2")
    names = node_names(root)
    assert names[b] == "x" and names[c] == "x#2"
    assert sorted(names.values()) == sorted(set(names.values()))
    assert names[root.parents[0]] == "u1"  # labels are called t1, t2: no t3 beside them


@pytest.mark.parametrize(
    "x,text",
    [
        (-0.0105, "-0.0105"),
        (-0.0000505, "-0.0000505"),
        (0.7 * (1 - 0.7), "0.21"),  # 0.21000000000000002
        (-0.0042 * 0.59 * 0.41, "-0.00101598"),
        (1.0, "1"),
        (0.0, "0"),
        (-0.0, "0"),
        (1.5e-15, "1.5e-15"),
        (123456789012.0, "1.23456789e+11"),
        (math.inf, "inf"),
        (float("nan"), "nan"),
    ],
)
def test_numbers_show_the_documents_digits(x, text):
    assert format_number(x) == text
