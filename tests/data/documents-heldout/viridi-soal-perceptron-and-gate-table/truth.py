"""Truth for viridi-soal-perceptron-and-gate-table: a multiple-choice exam question (Indonesian) on a
three-input threshold unit for the AND gate. With w11 = w12 = w13 = 1 and b = 0,
z1 = b + Σ w1i·xi and f(z1) = 1 if z1 ≥ 0 else 0; the question's second table adds the columns
f(z1), z1 and b for the eight input rows (lines 57–64). The answer (which bias makes y1 = f(z1))
is not stated, so it is not a record. Recomputed in full precision (math module only).
"""
import math

W = (1.0, 1.0, 1.0)
B = 0.0
ROWS = {57: (0, 0, 0), 58: (0, 0, 1), 59: (0, 1, 0), 60: (0, 1, 1),
        61: (1, 0, 0), 62: (1, 0, 1), 63: (1, 1, 0), 64: (1, 1, 1)}


def z(x: tuple) -> float:
    return B + math.fsum(w * xi for w, xi in zip(W, x))


def step(v: float) -> float:
    return 1.0 if v >= 0 else 0.0


GIVENS = [(36, "1", 1.0)] + [(line, "0", B) for line in ROWS]

# each row prints f(z1) then z1
RECORDS = []
for line, x in ROWS.items():
    RECORDS.append((line, "1", step(z(x)), False, None))
    RECORDS.append((line, str(int(z(x))), z(x), False, None))
