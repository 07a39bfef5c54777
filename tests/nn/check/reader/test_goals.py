"""Goals read as goals, never as values (nn/check/reader/goals.py): "our goal is $z = 150$", "we want
the output to be $a = 0.9$". Truth recomputed in plain Python."""

from __future__ import annotations

import math

from nn.check import check_document
from nn.check.reader.goals import Goals
from nn.check.reader.layout import find_math, read_layout


def _goals(text: str) -> list[str | None]:
    segments, _ = find_math(text, read_layout(text).masked)
    goals = Goals(text, segments)
    return [goals.covers(seg.start) for seg in sorted(segments, key=lambda s: s.start)]


def test_goal_words_right_before_a_segment_make_it_a_goal():
    assert _goals("We have $z = -6$. Our goal is $z = 150$, so we nudge $x$.") == [None, "goal is", None]
    assert _goals("We want the output to be $a = 0.9$.") == ["We want the output to be"]
    assert _goals("We want to compute $z = x y = -6$ first.") == [None]  # what it computes, not a goal
    assert _goals("The desired output is $o = 1$. Then $y = 2$.") == ["desired output is", None]
    assert _goals("We want this. Now $z = 3$.") == [None]  # another sentence
    assert _goals(r"We want to minimise $L = \frac{1}{2}(y - a)^2$.") == [None]  # a definition


def _document(tmp_path, text: str):
    doc = tmp_path / "goal.md"
    doc.write_text(text, encoding="utf-8")
    result = check_document(doc)
    rows = [(r.number.value, r.verdict) for p in result.all() if p.report for r in p.report.rows
            if r.kind == "number"]
    listed = [(s.line, s.text, s.reason) for p in result.all() for s in p.reading.skipped]
    return rows, listed


def test_a_goal_for_a_computed_quantity_is_listed_not_compared(tmp_path):
    x, y = 3.0, -2.0
    rows, listed = _document(tmp_path, f"# Nudging\n\nWe have $x = {x:g}$, $y = {y:g}$ and "
                                       f"$z = x \\cdot y = {x * y:g}$. Our goal is $z = 150$, so we move $x$ "
                                       "along the gradient.\n")
    assert rows == [(f"{x * y:g}", "match")]
    assert any(line == 3 and text == "z = 150" and "goal" in why for line, text, why in listed)


def test_a_goal_stated_before_the_forward_pass_is_not_its_given(tmp_path):
    x, w, b, t = 1.5, 0.4, -0.2, 1.0
    z = w * x + b
    a = 1 / (1 + math.exp(-z))
    text = (f"# One neuron\n\nWe want the output to be $a = 0.9$. The input is $x = {x}$, "
            f"the weight $w = {w}$ and the bias $b = {b}$, so\n\n$$z = w x + b = {z:.1f}$$\n\n"
            f"$$a = \\sigma(z) = {a:.4f}$$\n\n"
            f"Our target is $t = {t:g}$ and the loss is $L = (a - t)^2 = {(a - t) ** 2:.4f}$.\n")
    rows, listed = _document(tmp_path, text)
    assert rows == [(f"{z:.1f}", "match"), (f"{a:.4f}", "match"), (f"{(a - t) ** 2:.4f}", "match")]
    assert any(line == 3 and text == "a = 0.9" and "goal" in why for line, text, why in listed)


def test_finding_goals_is_linear(time_ratio):
    def text(n: int) -> str:
        return "".join(f"We want $z_{k} = {k}.5$ and have $y_{k} = {k}$. " for k in range(n))

    small, large = text(2000), text(4000)
    assert _goals(small)[:4] == ["We want", None, "We want", None]
    ratio = time_ratio(_goals, small, large)
    assert ratio < 3.2, f"doubling the text multiplied the time by {ratio:.1f}"
