"""Truth for rasbt-llms-appendix-a-autograd-notebook: the autograd example of Appendix A of "Build a
Large Language Model (From Scratch)": one logistic unit z = x1·w1 + b, a = σ(z), binary cross-entropy
against y = 1, with x1 = 1.1, w1 = 2.2, b = 0 (set in code cells). The printed loss and the gradients
∂L/∂w1 = (a − y)·x1 and ∂L/∂b = a − y, once by torch.autograd.grad and once by loss.backward().
Lines are lines of the .ipynb file. The later outputs (a randomly initialised network, training
logs) have no premise in the text and are not records. Math module only.
"""
import math

y, x1, w1, b = 1.0, 1.1, 2.2, 0.0
z = x1 * w1 + b
a = 1.0 / (1.0 + math.exp(-z))
loss = -(y * math.log(a) + (1 - y) * math.log(1 - a))
dL_dw1 = (a - y) * x1
dL_db = a - y

GIVENS: list[tuple[int, str, float]] = []  # y, x1, w1, b are set in code cells

RECORDS = [
    (456, "0.0852", loss, False, None),
    (501, "-0.0898", dL_dw1, False, None),
    (502, "-0.0817", dL_db, False, None),
    (537, "-0.0898", dL_dw1, False, None),
    (538, "-0.0817", dL_db, False, None),
]
