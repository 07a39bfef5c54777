"""Truth for samanta-softmax-cross-entropy-float32: softmax of two rows of logits, [4, 2, 1] and
[0, 5, 1], and the cross-entropy with labels [1, 0, 0] and [0, 0.8, 0.2] (soft labels), as
TensorFlow / numpy print them in float32. Recomputed in full precision (math module only).

The hand-written lines 18–28 label each probability f(s) by its logit, but their expressions are
copy-pasted (numerator e^4.0 throughout, wrong denominators) and line 34 writes the label 0.8 as
"5": the records stand for the quantity named (softmax probability of that logit, the row's
cross-entropy) whose value the code outputs below confirm; the written expressions are not records.
Four printed numbers differ from the exact value at their printed precision because the
computation ran in float32 (cause float32): 0.11419519 (0.1141952), 0.9755587 (0.9755588),
the cross-entropies 0.16984606 / 0.16984604 (0.16984602) and 0.82474496 / 0.82474494 (0.82474489).
"""
import math


def softmax(logits: list[float]) -> list[float]:
    e = [math.exp(v) for v in logits]
    return [v / sum(e) for v in e]


p1 = softmax([4.0, 2.0, 1.0])
p2 = softmax([0.0, 5.0, 1.0])
ce1 = -(1.0 * math.log(p1[0]) + 0.0 * math.log(p1[1]) + 0.0 * math.log(p1[2]))
ce2 = -(0.0 * math.log(p2[0]) + 0.8 * math.log(p2[1]) + 0.2 * math.log(p2[2]))
V = {"0.8437947": p1[0], "0.11419519": p1[1], "0.04201007": p1[2], "0.00657326": p2[0], "0.9755587": p2[1],
     "0.01786798": p2[2], "0.16984606": ce1, "0.82474496": ce2, "0.16984604": ce1, "0.82474494": ce2}
FLOAT32 = {"0.11419519", "0.9755587", "0.16984606", "0.82474496", "0.16984604", "0.82474494"}

GIVENS = [(41, "4.0", 4.0), (41, "2.0", 2.0), (41, "1.0", 1.0), (41, "0.0", 0.0), (41, "5.0", 5.0),
          (42, "0.8", 0.8), (42, "0.2", 0.2)]

# (line, printed): each printed number stands for the probability / loss it is printed as
_numbers = [
    (18, "0.8437947"), (20, "0.00657326"), (22, "0.11419519"), (24, "0.9755587"), (26, "0.04201007"),
    (28, "0.01786798"),
    (34, "0.8437947"), (34, "0.11419519"), (34, "0.04201007"), (34, "0.00657326"), (34, "0.9755587"),
    (34, "0.01786798"),
    (36, "0.16984606"), (36, "0.82474496"),
    (50, "0.8437947"), (50, "0.11419519"), (50, "0.04201007"),
    (52, "0.00657326"), (52, "0.9755587"), (52, "0.01786798"),
    (60, "0.16984606"), (60, "0.82474496"),
    (70, "0.16984604"), (70, "0.82474494"),
]

RECORDS = [(line, printed, V[printed], printed in FLOAT32, "float32" if printed in FLOAT32 else None)
           for line, printed in _numbers]
