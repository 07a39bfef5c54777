"""Bracketed lists of givens (nn/check/reader/name_lists.py; issue 20, item 1).

Every document here is written for these tests, with names and numbers of its own; each expected
value is recomputed in plain Python (never the tool's output).
"""

from __future__ import annotations

import math

from nn.check.reader.claims import claim_from_piece
from nn.check.reader.inference import infer_setup
from nn.check.reader.latex import Sym
from nn.check.reader.layout import read_layout
from nn.check.reader.name_lists import element_claims, listed


def _split(piece: str, indexed=lambda sym: False):
    each = element_claims(claim_from_piece(piece, 1, {}), indexed)
    return None if each is None else [tuple(c.sides) for c in each]


def test_a_list_of_names_equal_to_a_list_of_numbers_is_one_claim_per_name():
    assert _split("[w_1, w_2] = [0.15, -0.20]") == [("w_1", "0.15"), ("w_2", "-0.20")]
    assert _split("(x₁, x₂) = (0.05, 0.10)") == [("x₁", "0.05"), ("x₂", "0.10")]
    assert _split("\\left(a, b\\right) = \\left(1.5, 2\\right)") == [("a", "1.5"), ("b", "2")]
    assert _split("[w_1, w_2] = [0.15, 0.20, 0.3]") is None  # not as long as each other
    assert _split("[w_1, 2 w_2] = [0.15, 0.20]") is None  # not all names
    assert _split("[w_1, w_2] = [0.15, a]") is None  # not all numbers
    assert listed("(a), (b)") is None and listed("[f(a, b), c]") == ["f(a, b)", "c"]


def test_a_vector_is_its_elements_only_when_the_document_names_them_by_index():
    used = {Sym("w", "1"), Sym("w", "2"), Sym("v", "0")}
    assert _split("w = [0.15, 0.20]", used.__contains__) == [("w_{1}", "0.15"), ("w_{2}", "0.20")]
    assert _split("v = [3, 4]", used.__contains__) == [("v_{0}", "3"), ("v_{1}", "4")]
    assert _split("u = [3, 4]", used.__contains__) is None  # no u_1 anywhere: a vector, read as one
    assert _split("w = [0.15, 0.20]", lambda sym: True) is None  # w itself is used: the vector stays


A, B = [0.5, -0.25], [2.0, 4.0]
C = 0.1
S = A[0] * B[0] + A[1] * B[1] + C
R = math.tanh(S)


def test_givens_in_lists_build_the_graph_in_math_and_in_prose(check_text, rows_by_quantity):
    for givens in (f"$[a_1, a_2] = [{A[0]}, {A[1]}]$ and $(b_1, b_2) = ({B[0]}, {B[1]})$, $c = {C}$",
                   f"$a = [{A[0]}, {A[1]}]$ and $b = [{B[0]}, {B[1]}]$, $c = {C}$",
                   f"[a₁, a₂] = [{A[0]}, {A[1]}] and (b₁, b₂) = ({B[0]}, {B[1]}), c = {C}"):
        text = (f"# Lists\n\nThe givens: {givens}.\n\n$s = a_1 b_1 + a_2 b_2 + c = {S:.2f}$\n\n"
                f"$r = \\tanh(s) = {R + 0.01:.4f}$\n")
        found = infer_setup(text, read_layout(text))
        assert found.leaves == {"a_1": A[0], "a_2": A[1], "b_1": B[0], "b_2": B[1], "c": C}, givens
        rows = rows_by_quantity(check_text(text))
        assert rows[("s", 0, f"{S:.2f}")].verdict == "match"
        assert rows[("r", 0, f"{R + 0.01:.4f}")].verdict == "mismatch"  # printed wrong
