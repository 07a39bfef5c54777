"""Truth for edukron-gradient-descent-x-squared: four gradient-descent steps on f(x) = x² from x = 4
with learning rate α = 0.1; f'(x) = 2x, x_new = x − α·f'(x). No import needed.

Recorded: each gradient and iterate wherever it is printed (as an operand too), the summary
table's columns x, gradient and updated x (the first column, the iteration number, is a label),
and the minimum "x = 0". Givens: the start x = 4 and α = 0.1 where they are stated or used.
"""

x0, alpha = 4.0, 0.1
xs, grads = [x0], []
for _ in range(4):
    grads.append(2 * xs[-1])
    xs.append(xs[-1] - alpha * grads[-1])

V = {"minimum": 0.0, "x1": xs[1], "x2": xs[2], "x3": xs[3], "x4": xs[4],
     "g1": grads[0], "g2": grads[1], "g3": grads[2], "g4": grads[3]}

GIVENS = [(26, "4", 4.0), (45, "4", 4.0), (48, "4", 4.0), (66, "0.1", 0.1), (72, "4", 4.0),
          (72, "0.1", 0.1), (96, "0.1", 0.1), (118, "0.1", 0.1), (140, "0.1", 0.1), (149, "4.00", 4.0)]

# (line, printed, the quantity it stands for)
_numbers = [
    (19, "0", "minimum"),
    (48, "8", "g1"),
    (51, "+8", "g1"),
    (72, "8", "g1"),
    (72, "3.2", "x1"),
    (84, "3.2", "x1"),
    (90, "3.2", "x1"),
    (90, "6.4", "g2"),
    (96, "3.2", "x1"),
    (96, "6.4", "g2"),
    (96, "2.56", "x2"),
    (106, "2.56", "x2"),
    (112, "2.56", "x2"),
    (112, "5.12", "g3"),
    (118, "2.56", "x2"),
    (118, "5.12", "g3"),
    (118, "2.048", "x3"),
    (128, "2.048", "x3"),
    (134, "2.048", "x3"),
    (134, "4.096", "g4"),
    (140, "2.048", "x3"),
    (140, "4.096", "g4"),
    (140, "1.6384", "x4"),
    (149, "8.00", "g1"),
    (149, "3.20", "x1"),
    (150, "3.20", "x1"),
    (150, "6.40", "g2"),
    (150, "2.56", "x2"),
    (151, "2.56", "x2"),
    (151, "5.12", "g3"),
    (151, "2.048", "x3"),
    (152, "2.048", "x3"),
    (152, "4.096", "g4"),
    (152, "1.6384", "x4"),
]

RECORDS = [(line, printed, V[name], False, None) for line, printed, name in _numbers]
