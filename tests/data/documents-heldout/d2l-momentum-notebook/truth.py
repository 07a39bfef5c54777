"""Truth for d2l-momentum-notebook: the numbers of D2L's "Momentum" section (PyTorch notebook,
executed), recomputed in float64.

f(x) = 0.1 x1² + 2 x2² (gradient [0.2 x1, 4 x2]) has its minimum at (0, 0). Twenty steps from
d2l.train_2d's start (−5, −2) (set in the d2l library, not in this notebook's text):
gradient descent with η = 0.4 and η = 0.6, and momentum v ← βv + g, x ← x − ηv with (η, β) =
(0.6, 0.5) and (0.6, 0.25), each printed as `epoch 20, x1: …, x2: …` (six decimals). The
effective sample size 1/(1 − β) = 10 for β = 0.9.

Lines are lines of the .ipynb. Not records: the SVG plots' numbers, and the minibatch losses
("loss: 0.245, 0.153 sec/epoch") of training on the airfoil data with shuffled minibatches, which
the text does not give (no premise).
"""


def gd(eta: float, steps: int = 20) -> tuple:
    x1, x2 = -5.0, -2.0
    for _ in range(steps):
        x1, x2 = x1 - eta * 0.2 * x1, x2 - eta * 4 * x2
    return x1, x2


def momentum(eta: float, beta: float, steps: int = 20) -> tuple:
    x1, x2, v1, v2 = -5.0, -2.0, 0.0, 0.0
    for _ in range(steps):
        v1 = beta * v1 + 0.2 * x1
        v2 = beta * v2 + 4 * x2
        x1, x2 = x1 - eta * v1, x2 - eta * v2
    return x1, x2


g04, g06 = gd(0.4), gd(0.6)
m05, m025 = momentum(0.6, 0.5), momentum(0.6, 0.25)

GIVENS = [(71, "0.4", 0.4), (993, "0.4", 0.4), (1871, "0.6", 0.6), (2756, "0.6", 0.6),
          (2756, "0.5", 0.5), (2767, "0.25", 0.25), (3623, "0.6", 0.6), (3623, "0.25", 0.25),
          (5405, "0.9", 0.9)]

RECORDS = [
    (71, "0", 0.0, False, None),
    (71, "0", 0.0, False, None),
    (95, "-0.943467", g04[0], False, None),
    (95, "-0.000073", g04[1], False, None),
    (1033, "-0.387814", g06[0], False, None),
    (1033, "-1673.365109", g06[1], False, None),
    (1919, "0.007188", m05[0], False, None),
    (1919, "0.002553", m05[1], False, None),
    (2791, "-0.126340", m025[0], False, None),
    (2791, "-0.186632", m025[1], False, None),
    (5405, "10", 1 / (1 - 0.9), False, None),
]
