"""Truth for aiedu-cross-entropy-chinese: information content I = −ln p of three events
(p = 0.7, 0.2, 0.1) in a Markdown table, their entropy H = −Σ p ln p, and four cross-entropy
losses: two binary (label 1, predictions 0.6 and 0.7) and two three-class with one-hot label
[0, 0, 1] (predictions [0.2, 0.5, 0.3] and [0.2, 0.2, 0.6]). Math module only.
"""
import math

P = (0.7, 0.2, 0.1)
I1, I2, I3 = (-math.log(p) for p in P)
H = -sum(p * math.log(p) for p in P)
BIN_1 = -(1 * math.log(0.6) + (1 - 1) * math.log(1 - 0.6))
BIN_2 = -(1 * math.log(0.7) + (1 - 1) * math.log(1 - 0.7))
MULTI_1 = -(0 * math.log(0.2) + 0 * math.log(0.5) + 1 * math.log(0.3))
MULTI_2 = -(0 * math.log(0.2) + 0 * math.log(0.2) + 1 * math.log(0.6))

GIVENS = [(34, "0.7", 0.7), (35, "0.2", 0.2), (36, "0.1", 0.1), (49, "0.7", 0.7), (49, "0.2", 0.2),
          (49, "0.1", 0.1), (118, "0.6", 0.6), (121, "0.6", 0.6), (124, "0.7", 0.7), (127, "0.7", 0.7),
          (140, "0.3", 0.3), (143, "0.3", 0.3), (147, "0.6", 0.6), (150, "0.6", 0.6)]

_numbers = [
    (34, "0.36", I1, None),
    (35, "1.61", I2, None),
    (36, "2.30", I3, None),
    (49, "0.36", I1, None), (49, "1.61", I2, None), (49, "2.30", I3, None),
    # 0.7·0.36 + 0.2·1.61 + 0.1·2.30 = 0.804 on the rounded I; H = 0.801819
    (50, "0.804", H, "rounding_carried"),
    (121, "0.51", BIN_1, None),
    (127, "0.36", BIN_2, None),
    (143, "1.2", MULTI_1, None),
    (150, "0.51", MULTI_2, None),
    (153, "0.51", MULTI_2, None), (153, "1.2", MULTI_1, None),
]

RECORDS = [(line, printed, value, cause is not None, cause) for line, printed, value, cause in _numbers]
