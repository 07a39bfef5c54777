"""Truth for jax101-basics-grad-notebook: the gradients printed by JAX 101 "JAX As Accelerated
NumPy": sum of squares of x = [1, 2, 3, 4] (30) and its gradient 2x; the sum of squared errors
Σ(x − y)² with y = [1.1, 2.1, 3.1, 4.1], its gradient 2(x − y) with respect to x, the gradient
−2(x − y) with respect to y, its value (0.04) and the auxiliary output x − y. Lines are lines of
the .ipynb file (one of them is an error message that prints the function's output).

JAX computes in float32: most of the printed digit strings (−0.20000005, −0.19999981, 0.03999995,
−0.0999999 …) are the float32 results and disagree with the exact values in their last digits
(cause float32). Not records: the data the notebook creates (arange(10), [123, 2, 3]), the %timeit
line, and the fit "w: 3.00, b: -1.00" of a regression on np.random.normal data the text does not
give (no premise).
"""

x = [1.0, 2.0, 3.0, 4.0]
y = [1.1, 2.1, 3.1, 4.1]

sum_sq = sum(v * v for v in x)
grad_sq = [2 * v for v in x]
gx = [2 * (a - b) for a, b in zip(x, y)]
gy = [-2 * (a - b) for a, b in zip(x, y)]
sse = sum((a - b) ** 2 for a, b in zip(x, y))
aux = [a - b for a, b in zip(x, y)]

GIVENS = [(207, "1.0", 1.0), (207, "2.0", 2.0), (207, "3.0", 3.0), (207, "4.0", 4.0),
          (256, "1.1", 1.1), (256, "2.1", 2.1), (256, "3.1", 3.1), (256, "4.1", 4.1)]

_rows = [(199, ["30.0"], [sum_sq]),
         (200, ["2.", "4.", "6.", "8."], grad_sq),
         (246, ["-0.20000005", "-0.19999981", "-0.19999981", "-0.19999981"], gx),
         (280, ["-0.20000005", "-0.19999981", "-0.19999981", "-0.19999981"], gx),
         (281, ["0.20000005", "0.19999981", "0.19999981", "0.19999981"], gy),
         (341, ["0.03999995"], [sse]),
         (342, ["-0.20000005", "-0.19999981", "-0.19999981", "-0.19999981"], gx),
         (398, ["0.03999995", "-0.10000002", "-0.0999999", "-0.0999999", "-0.0999999"], [sse] + aux),
         (428, ["-0.20000005", "-0.19999981", "-0.19999981", "-0.19999981"], gx),
         (429, ["-0.10000002", "-0.0999999", "-0.0999999", "-0.0999999"], aux)]


def _record(line: int, printed: str, true: float) -> tuple:
    exact = abs(float(printed) - true) <= 0.5 * 10.0 ** -len(printed.partition(".")[2]) + 1e-12
    return (line, printed, true, not exact, None if exact else "float32")


RECORDS = [_record(line, printed, true) for line, printeds, trues in _rows
           for printed, true in zip(printeds, trues)]
