"""Nudges and what a document never gives (nn/check/reader/hypothetical.py, definable.py, reading):
"if p = 2.01 then F = 30.05" is a hypothetical case, never the example's forward pass; a definition
in a symbol the text never gives (``u = rd``) leaves the value printed for its name as the given; a
chain-rule product that has the left side among its factors says nothing about its numbers.

The documents are written for these tests; every expected value is recomputed here in plain Python.
"""

from __future__ import annotations

from nn.check.reader.definable import computable
from nn.check.reader.hypothetical import Hypotheticals
from nn.check.reader.layout import find_math


def _verdicts(rows):
    """(quantity, number as printed) → verdict of ``number_rows``."""
    return {(r.number.quantity, r.number.value): r.verdict for r in rows}


# F = 5 s, s = p + q; nudging p by 0.01 moves s by 0.01 and F by 0.05.
P, Q = 2.0, 4.0
S = P + Q
F = 5 * S
P_NUDGED = 2.01
S_NUDGED = P_NUDGED + Q
F_NUDGED = 5 * S_NUDGED
NUDGE = f"""# Nudging an input

Let $p = {P:g}$ and $q = {Q:g}$, with $s = p + q$ and $F = 5s$.

Then $s = {S:g}$ and $F = {F:g}$. So if $p = {P_NUDGED}$ then $s = {S_NUDGED:.2f}$ and $F = {F_NUDGED:.2f}$,
so $F$ goes up 5 times as much, and $\\frac{{dF}}{{dp}} = 5$.

Back to the example: $F = {F:g}$.
"""


def _nudged(result):
    return [(s.line, s.printed, s.holds, s.value) for p in result.all() for s in p.reading.arithmetic]


def test_a_nudged_case_is_the_graph_at_the_nudge_and_the_example_is_checked(
        check_text, number_rows, not_checked):
    result = check_text(NUDGE)
    verdicts = _verdicts(number_rows(result))
    assert verdicts[("s", f"{S:g}")] == "match" and verdicts[("F", f"{F:g}")] == "match"
    assert verdicts[("dF/dp", "5")] == "match"  # the conclusion of the nudge is read as usual
    assert "mismatch" not in verdicts.values()
    hypothetical = [(line, text) for line, text, reason in not_checked(result) if "hypothetical" in reason]
    assert hypothetical == [(5, f"p = {P_NUDGED}")]  # the nudge itself: a value given, not derived
    checked = _nudged(result)  # s and F at p = 2.01, each the graph's value there
    assert [(line, printed, holds) for line, printed, holds, _ in checked] == [
        (5, f"{S_NUDGED:.2f}", True), (5, f"{F_NUDGED:.2f}", True)]
    assert [value for *_, value in checked] == [S_NUDGED, F_NUDGED]


def test_a_wrong_number_in_a_nudge_is_flagged_and_a_nudged_node_holds_what_follows(check_text):
    wrong = NUDGE.replace(f"$F = {F_NUDGED:.2f}$", f"$F = {F_NUDGED + 0.05:.2f}$")
    assert [(printed, holds) for _, printed, holds, _ in _nudged(check_text(wrong))] == [
        (f"{S_NUDGED:.2f}", True), (f"{F_NUDGED + 0.05:.2f}", False)]
    # s itself nudged (a node, not a given): F follows from the nudged s, whatever p is
    on_node = NUDGE.replace(f"if $p = {P_NUDGED}$ then $s = {S_NUDGED:.2f}$ and", "if $s = 6.1$ then")
    assert [(printed, value) for _, printed, _, value in _nudged(check_text(on_node))] == [
        (f"{F_NUDGED:.2f}", 5 * 6.1)]  # 30.05 printed, 30.5 at s = 6.1: flagged
    assert not _nudged(check_text(on_node))[0][2]


def test_an_if_that_restates_nothing_is_an_ordinary_given(check_text, number_rows):
    text = "# Square\n\nWith $y = 3x$: if $x = 2$ then $y = 6$.\n"
    assert _verdicts(number_rows(check_text(text))) == {("y", "6"): "match"}
    segments, _ = find_math(text)
    assert Hypotheticals(text, segments).covers(text.index("x = 2")) is None


def test_the_case_ends_with_its_sentence():
    text = "Let $a = 1$. If $a = 1.5$ then $b = 3$, and so on. Here $b = 2$.\n"
    segments, _ = find_math(text)
    cases = Hypotheticals(text, segments)
    assert cases.covers(text.index("b = 3")) == "a = 1.5"
    assert cases.covers(text.index("b = 2")) is None


# u = r d with d given nowhere (a figure has it): the printed u = 12 is the given v and G build on.
H, U = 1.0, 12.0
V = H + U
G = 2 * V
UNGIVEN = f"""# A figure's number

The steps: $u = rd$, then $v = h + u$, then $G = 2v$.

With $r = 3$ and $h = {H:g}$, the figure gives $u = {U:g}$.

So $v = {V:g}$ and $G = {G:g}$, and $\\frac{{dG}}{{dh}} = 2$.

In words, $\\frac{{dG}}{{du}} = \\frac{{dG}}{{dv}} * \\frac{{dG}}{{du}} = 2.0*1.0 = 2.0$.
"""


def test_a_value_printed_for_a_name_defined_from_nothing_given_is_its_given(
        check_text, number_rows, not_checked):
    result = check_text(UNGIVEN)
    verdicts = _verdicts(number_rows(result))
    assert verdicts[("v", f"{V:g}")] == "match" and verdicts[("G", f"{G:g}")] == "match"
    assert verdicts[("dG/dh", "2")] == "match"
    assert verdicts[("dG/du", "2.0")] == "match"
    assert "mismatch" not in verdicts.values()  # the 1.0 of `dG/dv * dG/du = 2.0*1.0` is dv/du, a slip
    assert any(line == 9 and text == "1.0" for line, text, _ in not_checked(result))


def test_computable_counts_each_rule_down_once():
    rules = [("m", frozenset({"r", "k"})), ("n", frozenset({"h", "m"})), ("G", frozenset({"n"}))]
    assert computable(rules, {"r", "h"}) == set()  # k is given nowhere: nothing is built
    assert computable(rules, {"r", "h", "k"}) == {"m", "n", "G"}
    assert computable(rules, {"h", "m"}) == {"n", "G"}
    chain = [(f"v{k}", frozenset({f"v{k - 1}"})) for k in range(1, 5000)][::-1]
    assert len(computable(chain, {"v0"})) == 4999  # written in reverse order, still one pass


# One letter for two exercises: g = 2s - 1 in the warm-up, then g = m + 0.25 in the next one.
S_WARM, M_NEXT = 3.0, 1.5
G_WARM, G_NEXT = 2 * S_WARM - 1, M_NEXT + 0.25
REUSED = f"""# Two exercises, one letter

Warm-up: let $s = {S_WARM:g}$ and $g = 2s - 1$, so $g = {G_WARM:g}$.

Next: with $m = {M_NEXT}$, take $g = m + 0.25$; then $g = {G_NEXT}$.
"""


def test_a_name_defined_again_differently_is_not_compared_with_the_first(
        check_text, number_rows, not_checked):
    result = check_text(REUSED)
    verdicts = _verdicts(number_rows(result))
    assert verdicts[("g", f"{G_WARM:g}")] == "match"
    assert "mismatch" not in verdicts.values()  # 1.75 is the second g, never compared with 2s - 1 = 5
    assert any(line == 5 and text == f"{G_NEXT}" and "defined again" in reason
               for line, text, reason in not_checked(result))
