r"""``\max`` and ``\min`` of more than two arguments (nn/check/reader/latex.py ``_pairwise``): the
engine's max takes two, so ``\max(0, 1, 3, 4)`` is max(max(max(0, 1), 3), 4) — a document writing
one no longer stops the whole check. Truth recomputed in plain Python."""

from __future__ import annotations

from nn.check.reader.latex import Call, Vec, parse_math
from nn.check.reader.trees import evaluate


def test_several_arguments_fold_two_at_a_time():
    zero, one, three, four = (parse_math(t) for t in ("0", "1.5", "-3", "4"))
    assert parse_math(r"\max(0, 1.5, -3, 4)") == Call("max", Vec((Call("max", Vec((Call(
        "max", Vec((zero, one))), three))), four)))
    assert evaluate(parse_math(r"\min(2, 0.5, 7)"), {}) == min(2, 0.5, 7)
    assert parse_math(r"\max(0, z)") == Call("max", Vec((zero, parse_math("z"))))


def test_a_max_of_literals_is_checked_and_a_wrong_one_flagged(document_rows):
    a, b, c = 0.25, -1.5, 2.0
    text = (f"# Pooling by hand\n\nGiven $a = {a}$, $b = {b}$ and $c = {c}$.\n\n"
            f"$$m = \\max(0.1, 0.7, 0.3, 0.65) = {max(0.1, 0.7, 0.3, 0.65)}$$\n\n"
            f"$$p = \\max(a, b, c) = {max(a, b, c)}$$\n\n"
            f"$$q = \\min(a, b, c) = {min(a, b, c) + 1}$$\n")  # printed wrong: one too many
    rows = document_rows(text)
    assert [r["verdict"] for r in rows[5]] == ["match"]
    assert [r["verdict"] for r in rows[7]] == ["match"]
    assert [r["verdict"] for r in rows[9]] == ["mismatch"]
