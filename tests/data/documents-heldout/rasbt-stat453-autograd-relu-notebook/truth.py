"""Truth for rasbt-stat453-autograd-relu-notebook: a = ReLU(x·w + b) at x = 3, w = 2, b = 1
(a = 7, ∂a/∂w = x = 3, ∂a/∂b = 1; again with a hand-written ReLU), then at x = −1, w = 1, b = 1
where x·w + b = 0: the notebook says ReLU's derivative is not defined at 0 and shows PyTorch's
choice, ReLU'(0) = 0, so ∂a/∂w = 0 · x = −0. The truth follows that stated convention.
Lines are lines of the .ipynb file. No import needed.
"""

x, w, b = 3.0, 2.0, 1.0
z = x * w + b
a = max(0.0, z)
da_dw = (1.0 if z > 0 else 0.0) * x
da_db = (1.0 if z > 0 else 0.0) * 1.0
x2, w2, b2 = -1.0, 1.0, 1.0
z2 = x2 * w2 + b2
da2_dw = (1.0 if z2 > 0 else 0.0) * x2  # PyTorch: ReLU'(0) = 0, as the notebook shows

GIVENS = [(82, "3.", 3.0), (83, "2.", 2.0), (84, "1.", 1.0), (201, "3.", 3.0), (202, "2.", 2.0),
          (203, "1.", 1.0), (240, "-1.", -1.0), (241, "1.", 1.0), (242, "1.", 1.0)]

RECORDS = [
    (96, "7.", a, False, None),
    (130, "3.", da_dw, False, None),
    (157, "1.", da_db, False, None),
    (192, "3.", da_dw, False, None),
    (231, "-0.", da2_dw, False, None),
]
