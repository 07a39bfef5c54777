"""parse_math keeps the trees of short sides it read (they are immutable): the same side read again
is the same tree, an error is raised afresh each time, and a text naming a quantity `e` reads `e^2`
as that quantity even when the side was read before as Euler's number."""

import math

import pytest

from nn.check.reader.latex import LatexError, Num, Pow, Sym, e_named, parse_math


def test_a_side_read_again_is_the_same_tree():
    assert parse_math("w_1 x_1 + b") is parse_math("w_1 x_1 + b")


def test_an_error_is_raised_afresh_each_time():
    errors = []
    for _ in range(2):
        with pytest.raises(LatexError) as caught:
            parse_math(r"\frac{1}{")
        errors.append(caught.value)
    assert errors[0] is not errors[1] and str(errors[0]) == str(errors[1])


def test_a_quantity_named_e_is_read_so_after_eulers_number_was_cached():
    euler = parse_math("e^2")
    assert isinstance(euler, Pow) and isinstance(euler.base, Num) and euler.base.value == math.e
    with e_named(True):
        named = parse_math("e^2")
    assert isinstance(named, Pow) and named.base == Sym("e")
    assert parse_math("e^2") == euler


def test_a_long_side_is_read_without_the_cache():
    side = " + ".join(f"x_{k}" for k in range(200))
    assert len(side) > 400 and parse_math(side) == parse_math(side)
