"""Derivatives stated in words ("the gradient for `p`: **6**", "the derivative of the loss with respect
to $q$ is 4", "the gradient at $p = 2$ is 6") are the claims they state (``prose_derivatives``); at
another point than the example's, or with no number after the verb, nothing is compared. Plain-Python
truth."""

from __future__ import annotations

import pytest

P, Q, T = 2.0, 3.0, 5.0
Y = P * Q
E = (Y - T) ** 2
DE_DP = 2 * (Y - T) * Q
DE_DQ = 2 * (Y - T) * P

HEAD = ["# Two factors", "", f"Let $p = {P:g}$, $q = {Q:g}$ and the target $t = {T:g}$.", "",
        "$$y = p q$$", "$$E = (y - t)^2$$", "", f"Forward: $y = {Y:g}$ and $E = {E:g}$.", ""]


@pytest.fixture
def prose(check_text):
    """``prose(*sentences)``: HEAD with these lines after it, checked: line → [(printed, verdict)] of its
    number rows, and the not-checked entries."""
    def read(*sentences: str) -> tuple[dict[int, list[tuple[str, str]]], list[dict]]:
        report = check_text("\n".join([*HEAD, *sentences, ""])).as_dict()
        by_line: dict[int, list[tuple[str, str]]] = {}
        for r in report["rows"]:
            if r.get("row_kind") == "number":
                line = int(r["source"].split()[-1])
                by_line.setdefault(line, []).append((str(r["document"]), r["verdict"]))
        return by_line, report["not_checked"]
    return read


def test_derivatives_stated_in_words_are_checked(prose):
    assert (DE_DP, DE_DQ) == (6.0, 4.0)
    rows, _ = prose("The gradient for `p`: **6**", "",
                    "The derivative of the loss with respect to $q$ is 4.", "",
                    "So the gradient wrt q is 5 here.")
    assert rows[10] == [("6", "match")]
    assert rows[12] == [("4", "match")]
    assert rows[14] == [("5", "mismatch")]  # ∂E/∂q = 2(y - t)p = 4


def test_a_gradient_at_a_point_is_read_only_at_the_examples_point(prose, not_checked):
    rows, not_checked = prose("The gradient at $p = 2$ is 6.", "", "The slope at p = 7 is 99.")
    assert ("6", "match") in rows[10]
    assert 12 not in rows and any(s["line"] == 12 for s in not_checked)  # p = 7: another example's point


def test_words_with_no_number_after_the_verb_state_nothing(prose):
    rows, _ = prose("The gradient for q is the input p times 2(y - t).", "",
                    "The gradient for p is 2 \\cdot 3 = 6 by the chain rule.")
    assert 10 not in rows and 12 not in rows


def test_a_comment_in_a_code_block_is_no_prose(prose):
    rows, _ = prose("```python", "# the gradient for p is 7", "grad_p = 2 * (y - t) * q", "```")
    assert 11 not in rows
