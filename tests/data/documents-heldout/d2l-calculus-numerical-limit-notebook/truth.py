"""Truth for d2l-calculus-numerical-limit-notebook: the "Calculus" section of Dive into Deep Learning
(PyTorch notebook with its printed outputs): f(x) = 3x² − 4x, the difference quotient
(f(1 + h) − f(1))/h for h = 10⁻¹ … 10⁻⁵ printed at 5 decimals, f'(1) = 2, and the tangent line
y = 2x − 3 at x = 1. Lines are lines of the .ipynb file.

Not records: the symbolic derivative "6x − 4" (a formula's coefficients, not a value), the h values
(the loop's inputs, listed as givens), and the thousands of numbers inside the SVG plot output
(path coordinates, tick labels), which derive nothing the text states.
"""


def f(x: float) -> float:
    return 3 * x ** 2 - 4 * x


H = [10.0 ** -k for k in range(1, 6)]
quotients = [(f(1 + h) - f(1)) / h for h in H]
fprime1 = 6 * 1.0 - 4
intercept = f(1.0) - fprime1 * 1.0

GIVENS = [(180, "1", 1.0), (208, "0.10000", 0.1), (209, "0.01000", 0.01), (210, "0.00100", 0.001),
          (211, "0.00010", 0.0001), (212, "0.00001", 0.00001), (438, "1", 1.0)]

RECORDS = [
    (180, "2", fprime1, False, None),
    (184, "2", fprime1, False, None),
    (208, "2.30000", quotients[0], False, None),
    (209, "2.03000", quotients[1], False, None),
    (210, "2.00300", quotients[2], False, None),
    (211, "2.00030", quotients[3], False, None),
    (212, "2.00003", quotients[4], False, None),
    (253, "2", fprime1, False, None),
    (438, "2", fprime1, False, None),
    (438, "-3", intercept, False, None),
    (439, "2", fprime1, False, None),
]
