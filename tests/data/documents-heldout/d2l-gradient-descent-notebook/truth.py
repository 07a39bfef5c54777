"""Truth for d2l-gradient-descent-notebook: the results printed by D2L's "Gradient Descent" notebook,
recomputed in float64 with the math module: gradient descent x ← x − η f'(x) for 10 steps from
x = 10 on f(x) = x² (η = 0.2, 0.05, 1.1) and on f(x) = x cos(cx), c = 0.15π (η = 2); 20 steps on
f(x1, x2) = x1² + 2 x2² from (−5, −2) with η = 0.1; Newton's method x ← x − η f'(x)/f''(x) for 10
steps from 10 on cosh(x/2) (η = 1) and on x cos(cx) (η = 1 and 0.5). Lines are lines of the .ipynb.

Also records: the minima the text states (x = 0 for x² and cosh, [0, 0] for the 2-D function) and
the Hessian H = 1 of ½x². Not records: the SVG plots' numbers, the symbolic expansions.
"""
import math


def descend(grad, eta: float, x: float = 10.0, steps: int = 10) -> float:
    for _ in range(steps):
        x -= eta * grad(x)
    return x


def newton(grad, hess, eta: float = 1.0, x: float = 10.0) -> float:
    for _ in range(10):
        x -= eta * grad(x) / hess(x)
    return x


c = 0.15 * math.pi


def g_cos(x: float) -> float:
    return math.cos(c * x) - c * x * math.sin(c * x)


def h_cos(x: float) -> float:
    return -2 * c * math.sin(c * x) - x * c ** 2 * math.cos(c * x)


x1, x2 = -5.0, -2.0
for _ in range(20):
    x1, x2 = x1 - 0.1 * 2 * x1, x2 - 0.1 * 4 * x2

V = {
    "argmin": 0.0,
    "gd_02": descend(lambda x: 2 * x, 0.2),
    "gd_005": descend(lambda x: 2 * x, 0.05),
    "gd_11": descend(lambda x: 2 * x, 1.1),
    "gd_cos": descend(g_cos, 2.0),
    "x1": x1,
    "x2": x2,
    "hessian_half_square": 1.0,
    "newton_cosh": newton(lambda x: 0.5 * math.sinh(0.5 * x), lambda x: 0.25 * math.cosh(0.5 * x)),
    "newton_cos": newton(g_cos, h_cos),
    "newton_cos_half": newton(g_cos, h_cos, 0.5),
}

GIVENS = [(120, "10", 10.0), (120, "0.2", 0.2), (880, "0.05", 0.05), (1589, "1.1", 1.1),
          (2843, "-5", -5.0), (2843, "-2", -2.0), (2917, "0.1", 0.1), (3668, "0.1", 0.1), (5016, "0.5", 0.5)]

# (line, printed, the quantity it stands for)
_numbers = [
    (61, "0", "argmin"),
    (144, "0.060466", "gd_02"),
    (904, "3.486784", "gd_005"),
    (1589, "0", "argmin"),
    (1613, "61.917364", "gd_11"),
    (2275, "-1.528166", "gd_cos"),
    (2917, "0", "argmin"),
    (2917, "0", "argmin"),
    (2941, "-0.057646", "x1"),
    (2941, "-0.000073", "x2"),
    (3704, "1", "hessian_half_square"),
    (3708, "0", "argmin"),
    (3733, "0.", "newton_cosh"),
    (4393, "26.8341", "newton_cos"),
    (5040, "7.2699", "newton_cos_half"),
]

RECORDS = [(line, printed, V[name], False, None) for line, printed, name in _numbers]
