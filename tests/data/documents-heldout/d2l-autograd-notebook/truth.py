"""Truth for d2l-autograd-notebook: the "Automatic Differentiation" section of Dive into Deep
Learning (PyTorch notebook with its printed outputs). x = arange(4.0) = [0, 1, 2, 3];
y = 2·xᵀx and its gradient 4x; the gradient of sum(x); the gradient of sum(x·x) (backward with a
vector of ones). The boolean outputs (x.grad == 4 * x, …) and the random control-flow example print
no number. Lines are lines of the .ipynb file. No import needed.
"""

x = [0.0, 1.0, 2.0, 3.0]
y = 2 * sum(v * v for v in x)
grad_y = [4 * v for v in x]
grad_sum = [1.0 for _ in x]
grad_square = [2 * v for v in x]

GIVENS = [(114, "0.", 0.0), (114, "1.", 1.0), (114, "2.", 2.0), (114, "3.", 3.0), (123, "4.0", 4.0)]

RECORDS = [
    (216, "28.", y, False, None),
    (271, "0.", grad_y[0], False, None),
    (271, "4.", grad_y[1], False, None),
    (271, "8.", grad_y[2], False, None),
    (271, "12.", grad_y[3], False, None),
    (384, "1.", grad_sum[0], False, None),
    (384, "1.", grad_sum[1], False, None),
    (384, "1.", grad_sum[2], False, None),
    (384, "1.", grad_sum[3], False, None),
    (480, "0.", grad_square[0], False, None),
    (480, "2.", grad_square[1], False, None),
    (480, "4.", grad_square[2], False, None),
    (480, "6.", grad_square[3], False, None),
]
