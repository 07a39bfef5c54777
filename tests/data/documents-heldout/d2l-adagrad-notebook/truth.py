"""Truth for d2l-adagrad-notebook: Adagrad on f(x) = 0.1 x1² + 2 x2² from (−5, −2) for 20 steps
(d2l.train_2d), with η = 0.4 and then η = 2: g = (0.2 x1, 4 x2), s += g², x −= η g / √(s + 10⁻⁶).
The printed results are the final x1, x2 of each run (six decimals). Math module only.
"""
import math


def adagrad_run(eta, steps=20):
    x1, x2, s1, s2 = -5.0, -2.0, 0.0, 0.0
    for _ in range(steps):
        g1, g2 = 0.2 * x1, 4 * x2
        s1 += g1 ** 2
        s2 += g2 ** 2
        x1 -= eta / math.sqrt(s1 + 1e-6) * g1
        x2 -= eta / math.sqrt(s2 + 1e-6) * g2
    return x1, x2


X_SLOW = adagrad_run(0.4)
X_FAST = adagrad_run(2.0)

GIVENS = [(95, "0.4", 0.4), (1036, "0.4", 0.4), (1952, "2", 2.0)]

_numbers = [
    (143, "-2.382563", X_SLOW[0], None), (143, "-0.158591", X_SLOW[1], None),
    (1071, "-0.002295", X_FAST[0], None), (1071, "-0.000000", X_FAST[1], None),
]

RECORDS = [(line, printed, value, cause is not None, cause) for line, printed, value, cause in _numbers]
