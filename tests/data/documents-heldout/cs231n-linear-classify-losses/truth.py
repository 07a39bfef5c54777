"""Truth for cs231n-linear-classify-losses: the worked numbers of CS231n's "Linear classification"
notes (SVM and softmax losses), recomputed with the math module.

- the multiclass SVM loss of s = [13, −7, 11] with the first class correct and Δ = 10: the margins
  13 − (−7) = 20 and 13 − 11 = 2, the terms max(0, −7 − 13 + 10) = 0 and max(0, 11 − 13 + 10) = 8,
  the loss 8;
- the L2 example: wᵀx = 1 for w1 = [1, 0, 0, 0] and w2 = [0.25]*4 with x = [1, 1, 1, 1], the
  penalties Σw² = 1.0 and 0.25;
- the shift of f = [123, 456, 789] by its maximum: [−666, −333, 0] (a code comment);
- the figure's datapoint (scores f = [−2.85, 0.86, 0.28], correct class 2, Δ = 1; the scores are in
  the image assets/svmvssoftmax.png, not in the text): SVM loss 1.58 and softmax loss −ln p₂ = 1.04;
- softmax of [1, −2, 0] and of [0.5, −1, 0]: the exponentials and the normalised probabilities.

Not records: the scores −96.8, 437.9, 61.95 of the earlier image (givens from a figure), the
illustrative probabilities [0.9, 0.09, 0.01] (stated for a different classifier, not computed from
[12.5, 0.6, −23.0]), "loss of zero" in words.
"""
import math

s = [13.0, -7.0, 11.0]
delta = 10.0
svm_terms = [max(0.0, s[1] - s[0] + delta), max(0.0, s[2] - s[0] + delta)]

w1 = [1.0, 0.0, 0.0, 0.0]
w2 = [0.25, 0.25, 0.25, 0.25]
x = [1.0, 1.0, 1.0, 1.0]
dot = sum(a * b for a, b in zip(w1, x))
assert dot == sum(a * b for a, b in zip(w2, x))

f = [123.0, 456.0, 789.0]
shifted = [v - max(f) for v in f]

fig = [-2.85, 0.86, 0.28]
fig_svm = sum(max(0.0, fig[j] - fig[2] + 1.0) for j in (0, 1))
fig_ce = -math.log(math.exp(fig[2]) / sum(math.exp(v) for v in fig))


def softmax_steps(z: list) -> tuple:
    e = [math.exp(v) for v in z]
    total = sum(e)
    return e, [v / total for v in e]


e1, p1 = softmax_steps([1.0, -2.0, 0.0])
e2, p2 = softmax_steps([0.5, -1.0, 0.0])

GIVENS = [(118, "-96.8", -96.8), (118, "437.9", 437.9), (118, "61.95", 61.95),
          (132, "13", 13.0), (132, "-7", -7.0), (132, "11", 11.0), (132, "0", 0.0), (132, "10", 10.0),
          (135, "-7", -7.0), (135, "13", 13.0), (135, "10", 10.0), (135, "11", 11.0),
          (187, "0.25", 0.25), (303, "123", 123.0), (303, "456", 456.0), (303, "789", 789.0),
          (328, "1", 1.0), (328, "-2", -2.0), (328, "0", 0.0), (334, "0.5", 0.5), (334, "-1", -1.0)]

RECORDS = [
    (138, "20", s[0] - s[1], False, None),
    (138, "8", svm_terms[1], False, None),
    (138, "2", s[0] - s[2], False, None),
    (138, "8", sum(svm_terms), False, None),
    (187, "1", dot, False, None),
    (187, "1.0", sum(v * v for v in w1), False, None),
    (187, "0.25", sum(v * v for v in w2), False, None),
    (307, "-666", shifted[0], False, None),
    (307, "-333", shifted[1], False, None),
    (307, "0", shifted[2], False, None),
    (322, "1.58", fig_svm, False, None),
    (322, "1.04", fig_ce, False, None),
    # e = 2.71828… is printed 2.71: cut off, not rounded (2.72)
    (328, "2.71", e1[0], True, "truncated"),
    (328, "0.14", e1[1], False, None),
    (328, "1", e1[2], False, None),
    (328, "0.7", p1[0], False, None),
    (328, "0.04", p1[1], False, None),
    (328, "0.26", p1[2], False, None),
    (334, "1.65", e2[0], False, None),
    (334, "0.37", e2[1], False, None),
    (334, "1", e2[2], False, None),
    (334, "0.55", p2[0], False, None),
    (334, "0.12", p2[1], False, None),
    (334, "0.33", p2[2], False, None),
]
