"""A softmax named in the prose before the math printing it (prose_heads), its logits the printed row
that reproduces every probability (softmax_inputs). Synthetic documents, truth in plain Python."""

import math

from nn.check.reader.layout import MathSegment
from nn.check.reader.prose_heads import prose_heads


def _softmax(zs):
    exps = [math.exp(z) for z in zs]
    return [e / sum(exps) for e in exps]


def test_a_softmax_named_in_prose_is_the_softmax_of_the_row_that_gives_all_of_it(document_rows):
    asked, nearer = [3, 0, 0], [3, 0, 0.02]
    probabilities = _softmax(asked)
    printed = [f"{p:.4f}" for p in probabilities]
    assert any(abs(q - float(p)) <= 1e-4 for q, p in zip(_softmax(nearer), printed))  # fits one of them
    text = ("# Cases\n\na) $\\mathbf{z} = [3, 0, 0]$\n\nb) $\\mathbf{z} = [3, 0, 0.02]$\n\n"
            f"Answer a): Softmax $\\approx [{', '.join(printed)}]$.\n")
    rows = document_rows(text)
    assert [r["verdict"] for r in rows[7]] == ["match"] * 3
    assert all(abs(r["engine"] - p) < 1e-12 for r, p in zip(rows[7], probabilities))


def test_a_wrong_probability_named_in_prose_is_a_mismatch(document_rows):
    probabilities = _softmax([1.0, 2.0])
    printed = [f"{probabilities[0]:.3f}", f"{probabilities[1] + 0.01:.3f}"]  # the second one slipped
    text = f"# Two classes\n\n$\\mathbf{{z}} = [1.0, 2.0]$\n\nthe softmax is $[{', '.join(printed)}]$\n"
    rows = document_rows(text)
    assert [r["verdict"] for r in rows[5]] == ["match", "mismatch"]


def test_only_a_known_function_word_heads_the_math():
    text = "Softmax $\\approx [0.9, 0.1]$ and sum $\\approx 3$ and the softmax is $[0.5, 0.5]$ ok $= 2$"
    segments = [MathSegment(m, text.index(m), False) for m in ("\\approx [0.9, 0.1]", "\\approx 3",
                                                                "[0.5, 0.5]", "= 2")]
    headed = prose_heads(text, segments)
    assert [s.text for s in headed] == ["softmax \\approx [0.9, 0.1]", "\\approx 3", "softmax = [0.5, 0.5]",
                                        "= 2"]
    assert [s.start for s in headed] == [segments[0].start - 8, segments[1].start, segments[2].start - 10,
                                         segments[3].start]
