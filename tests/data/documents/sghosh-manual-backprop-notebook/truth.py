"""Truth for sghosh-manual-backprop-notebook: one sigmoid neuron with two inputs, written in plain
text (no math delimiters, some inline code) in a notebook's markdown cell; L = 0.5 (y − ŷ)², the
gradients and one SGD step with η = 0.1. Lines are lines of the .ipynb file. Full precision,
math module only.
"""
import math

x1, x2, w11, w12, b, y, eta = 1.0, 2.0, 0.5, -0.4, 0.1, 1.0, 0.1
z = w11 * x1 + w12 * x2 + b
yp = 1.0 / (1.0 + math.exp(-z))
loss = 0.5 * (y - yp) ** 2
dL_dyp = yp - y
dyp_dz = yp * (1 - yp)
dL_dz = dL_dyp * dyp_dz
dw11 = dL_dz * x1
dw12 = dL_dz * x2
db = dL_dz
new_w11 = w11 - eta * dw11
new_w12 = w12 - eta * dw12
new_b = b - eta * db

GIVENS = [(29, "1.0", 1.0), (30, "2.0", 2.0), (31, "0.5", 0.5), (32, "-0.4", -0.4), (33, "0.1", 0.1),
          (34, "1.0", 1.0), (80, "0.1", 0.1)]

_numbers = [
    (38, "-0.2", z),
    (42, "0.2", -z), (42, "0.4502", yp),
    (50, "0.4502", yp),
    (51, "0.1511", loss),
    (58, "0.4502", yp), (58, "-0.5498", dL_dyp),
    (62, "0.4502", yp), (62, "0.4502", yp), (62, "0.2475", dyp_dz),
    (66, "-0.5498", dL_dyp), (66, "0.2475", dyp_dz), (66, "-0.1360", dL_dz),
    (72, "-0.1360", dL_dz), (72, "-0.1360", dw11),
    (73, "-0.1360", dL_dz), (73, "-0.2720", dw12),
    (74, "-0.1360", db),
    (83, "-0.1360", dw11), (83, "0.5136", new_w11),
    (86, "-0.2720", dw12), (86, "-0.3728", new_w12),
    (89, "-0.1360", db), (89, "0.1136", new_b),
    (96, "0.5136", new_w11), (97, "-0.3728", new_w12), (98, "0.1136", new_b),
    (100, "0.1511", loss),
]

# 0.5 × 0.5498² = 0.15114 (exactly 0.15116); −0.5498 × 0.2475 = −0.13608 printed −0.1360 (cut off).
WRONG = {(51, "0.1511"): "rounding_carried", (100, "0.1511"): "rounding_carried"}
WRONG.update({(line, p): "truncated" if line == 66 else "carried_error"
              for line, p, _ in _numbers if p in ("-0.1360", "-0.2720")})

RECORDS = [(line, printed, value, (line, printed) in WRONG, WRONG.get((line, printed)))
           for line, printed, value in _numbers]
