"""Truth for handsonml3-ch12-gradienttape-notebook: the GradientTape section of chapter 12 of
Hands-On Machine Learning (3rd edition). f(w1, w2) = 3w1² + 2w1w2 at (5, 3): the gradient
(36, 10) printed five times and written twice in code comments; the gradient of the sum
f(w1, w2 + 2) + f(w1, w2 + 5) + f(w1, w2 + 7) (136, 30); the Hessian [[6, 2], [2, None]]; with
tf.stop_gradient on the cross term, dz/dw1 = 30; log(e³⁰ + 1) ≈ 30 in float32; the stable softplus
at 1000 and its gradient σ(1000) = 1. Lines are lines of the .ipynb file (a 200 kB notebook).
Math module only.

The forward differences of cells 195–196 (36.000003007075065 …) approximate the derivative with a
step written only in code and carry float64 cancellation: they are not records.
"""
import math

w1, w2 = 5.0, 3.0
dz_dw1 = 6 * w1 + 2 * w2
dz_dw2 = 2 * w1
sum_dw1 = sum(6 * w1 + 2 * (w2 + k) for k in (2.0, 5.0, 7.0))
sum_dw2 = 3 * 2 * w1
h11, h12, h21 = 6.0, 2.0, 2.0
stop_dw1 = 6 * w1
log_exp_30 = math.log(math.exp(30.0) + 1.0)
softplus_1000 = 1000.0 + math.log1p(math.exp(-1000.0))
dsoftplus_1000 = 1.0 / (1.0 + math.exp(-1000.0))  # σ(1000)

GIVENS: list[tuple[int, str, float]] = []  # w1 = 5, w2 = 3 are set in code cells

RECORDS = [
    (3554, "36.0", dz_dw1, False, None),
    (3555, "10.0", dz_dw2, False, None),
    (3584, "36.0", dz_dw1, False, None),
    (3600, "36.0", dz_dw1, False, None),
    (3601, "10.0", dz_dw2, False, None),
    (3613, "36.0", dz_dw1, False, None),
    (3614, "10.0", dz_dw2, False, None),
    (3681, "36.0", dz_dw1, False, None),
    (3682, "10.0", dz_dw2, False, None),
    (3702, "136.0", sum_dw1, False, None),
    (3703, "30.0", sum_dw2, False, None),
    (3730, "136.0", sum_dw1, False, None),
    (3731, "30.0", sum_dw2, False, None),
    (3774, "36.0", dz_dw1, False, None),
    (3775, "10.0", dz_dw2, False, None),
    (3795, "6.0", h11, False, None),
    (3796, "2.0", h12, False, None),
    (3797, "2.0", h21, False, None),
    (3832, "30.0", stop_dw1, False, None),
    (3876, "30.0", log_exp_30, False, None),
    (3960, "1000.", softplus_1000, False, None),
    (3961, "1.", dsoftplus_1000, False, None),
]
