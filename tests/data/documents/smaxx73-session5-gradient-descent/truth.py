"""Truth for smaxx73-session5-gradient-descent: the solutions of session 5 (loss and gradient
descent). Several exercises, each with its own givens: an MSE over four predictions; a gradient of
(3 − 2w₁ − w₂)² at (0, 0); four iterations of gradient descent on L(w) = w² − 4w + 5 from w₀ = 0 with
η = 0.3 (each row uses the previous row's new w); the minimiser; ŷ = 3x over three samples with
their MSE, the batch gradient and one step with η = 0.01; the minimum of (w − 3)² + 1.
Recomputed in full precision (no import needed).
"""

# Exercise 2.1
truth_pred = [(1.0, 0.8), (0.0, 0.3), (1.0, 0.9), (0.0, 0.1)]
e1, e2, e3, e4 = (t - p for t, p in truth_pred)
s1, s2, s3, s4 = (e * e for e in (e1, e2, e3, e4))
mse = (s1 + s2 + s3 + s4) / 4
# Exercise 4.2 at (0, 0)
g1 = -4 * (3 - 2 * 0.0 - 0.0)
g2 = -2 * (3 - 2 * 0.0 - 0.0)


# Exercise 5.1: L(w) = w² − 4w + 5, η = 0.3, w₀ = 0
def loss(w):
    return w * w - 4 * w + 5


w0, eta = 0.0, 0.3
L0, d0 = loss(w0), 2 * w0 - 4
w1 = w0 - eta * d0
L1, d1 = loss(w1), 2 * w1 - 4
w2 = w1 - eta * d1
L2, d2 = loss(w2), 2 * w2 - 4
w3 = w2 - eta * d2
L3, d3 = loss(w3), 2 * w3 - 4
w4 = w3 - eta * d3
wmin = 2.0
Lmin = loss(wmin)
# Exercise 9.1: ŷ = 3x
xs, ys = [1.0, 2.0, 3.0], [2.0, 5.0, 7.0]
yh1, yh2, yh3 = (3 * x for x in xs)
r1, r2, r3 = ys[0] - yh1, ys[1] - yh2, ys[2] - yh3
sq = r1 ** 2 + r2 ** 2 + r3 ** 2
mse9 = sq / 3
dot = r1 * xs[0] + r2 * xs[1] + r3 * xs[2]
grad9 = -2 / 3 * dot
wnew9 = 3 - 0.01 * grad9
# Exercise 9.2: L(w) = (w − 3)² + 1
qmin = 3.0
qLmin = (qmin - 3) ** 2 + 1

VALUES = {name: value for name, value in globals().items() if isinstance(value, float)}

GIVENS = [(13, "1.0", 1.0), (13, "0.8", 0.8), (14, "0.0", 0.0), (14, "0.3", 0.3), (15, "1.0", 1.0),
          (15, "0.9", 0.9), (16, "0.0", 0.0), (16, "0.1", 0.1), (116, "0", 0.0), (116, "0.3", 0.3),
          (211, "1", 1.0), (211, "2", 2.0), (212, "2", 2.0), (212, "5", 5.0), (213, "3", 3.0),
          (213, "7", 7.0), (229, "0.01", 0.01)]

# (line, printed, the quantity it stands for)
_numbers = [
    (27, "0.2", "e1"),
    (27, "0.04", "s1"),
    (28, "-0.3", "e2"),
    (28, "0.09", "s2"),
    (29, "0.1", "e3"),
    (29, "0.01", "s3"),
    (30, "-0.1", "e4"),
    (30, "0.01", "s4"),
    (33, "0.04", "s1"),
    (33, "0.09", "s2"),
    (33, "0.01", "s3"),
    (33, "0.01", "s4"),
    (33, "0.0375", "mse"),
    (95, "-12", "g1"),
    (96, "-6", "g2"),
    (122, "5.000", "L0"),
    (122, "-4.000", "d0"),
    (122, "1.200", "w1"),
    (123, "1.200", "w1"),
    (123, "1.640", "L1"),
    (123, "-1.600", "d1"),
    (123, "1.680", "w2"),
    (124, "1.680", "w2"),
    (124, "1.102", "L2"),
    (124, "-0.640", "d2"),
    (124, "1.872", "w3"),
    (125, "1.872", "w3"),
    (125, "1.016", "L3"),
    (125, "-0.256", "d3"),
    (125, "1.949", "w4"),
    (130, "2", "wmin"),
    (135, "2", "wmin"),
    (135, "1", "Lmin"),
    (211, "3", "yh1"),
    (211, "-1", "r1"),
    (212, "6", "yh2"),
    (212, "-1", "r2"),
    (213, "9", "yh3"),
    (213, "-2", "r3"),
    (217, "-1", "r1"),
    (217, "-1", "r2"),
    (217, "-2", "r3"),
    (217, "6", "sq"),
    (217, "2.0", "mse9"),
    (224, "-1", "r1"),
    (224, "-1", "r2"),
    (224, "-2", "r3"),
    (226, "-9", "dot"),
    (226, "6.0", "grad9"),
    (231, "6.0", "grad9"),
    (231, "2.94", "wnew9"),
    (260, "3", "qmin"),
    (260, "1", "qLmin"),
]

CAUSE: dict[str, str] = {}  # every number is right

RECORDS = [(line, printed, VALUES[name], name in CAUSE, CAUSE.get(name)) for line, printed, name in _numbers]
