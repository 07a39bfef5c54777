"""Truth for soviar-tanh-neuron-finite-difference-myst: three scalar tanh neurons with the loss
½(a − y)², worked by hand in a MyST notebook (Markdown with {math} roles and ```{math} blocks).

Example 1 (lines 513–595): x = 2.0, b = 0.1, y = 1.0, θ = 0.5, ε = 10⁻⁵: the forward pass, the
loss at θ + ε, the forward finite difference (L₊ − L)/ε and the analytic gradient
(a − y)(1 − a²)·x. Example 2 (lines 674–749): x = 1.0, θ = 0, b = 0, y = 0.5, ε = 10⁻⁵, the same
steps. Example 3 (lines 946–1233): x = 2.0, w = −0.5, b = 1.0, y = 0.8: z = 0, a = 0, L = 0.32
and the gradients, restated in a summary table, a bullet list and an "Expected Output" block.

Recomputed in full precision (math module only). Numbers printed as a mantissa times a power of
ten (10^{-5}, 9.999999999666667 × 10^{-6}, −4.99995 × 10^{-6}) are not records: a printed value
cannot carry the power. Operands restating an earlier derived value are records of that value.
"""
import math

# Example 1
x1, b1, y1, theta1, eps = 2.0, 0.1, 1.0, 0.5, 1e-5
z1 = theta1 * x1 + b1
a1 = math.tanh(z1)
L1 = 0.5 * (a1 - y1) ** 2
sq1 = (a1 - y1) ** 2
theta1_new = theta1 + eps
wx1_plus = theta1_new * x1
z1_plus = wx1_plus + b1
a1_plus = math.tanh(z1_plus)
err1_plus = a1_plus - y1
sq1_plus = err1_plus ** 2
L1_plus = 0.5 * sq1_plus
dL1 = L1_plus - L1
fd1 = dL1 / eps
dL_da1 = a1 - y1
a1_sq = a1 * a1
da_dz1 = 1 - a1_sq
dz_dtheta1 = x1
grad1 = dL_da1 * da_dz1 * dz_dtheta1

# Example 2
x2, theta2, b2, y2 = 1.0, 0.0, 0.0, 0.5
z2 = theta2 * x2 + b2
a2 = math.tanh(z2)
L2 = 0.5 * (a2 - y2) ** 2
a2_plus = math.tanh((theta2 + eps) * x2 + b2)
err2_plus = a2_plus - y2
L2_plus = 0.5 * err2_plus ** 2
fd2 = (L2_plus - L2) / eps
dL_da2 = a2 - y2
da_dz2 = 1 - a2 ** 2
dz_dtheta2 = x2
grad2 = dL_da2 * da_dz2 * dz_dtheta2

# Example 3
x3, w3, b3, y3 = 2.0, -0.5, 1.0, 0.8
wx3 = w3 * x3
z3 = wx3 + b3
a3 = math.tanh(z3)
L3 = 0.5 * (a3 - y3) ** 2
dL_da3 = a3 - y3
da_dz3 = 1 - a3 ** 2
dL_dz3 = dL_da3 * da_dz3
dz_dw3, dz_db3 = x3, 1.0
dL_dw3 = dL_dz3 * dz_dw3
dL_db3 = dL_dz3 * dz_db3

VALUES = {name: value for name, value in globals().items() if isinstance(value, float)}

GIVENS = [(513, "2.0", 2.0), (514, "0.1", 0.1), (515, "1.0", 1.0), (516, "0.5", 0.5), (557, "0.00001", 1e-5),
          (674, "1.0", 1.0), (675, "0.0", 0.0), (676, "0.0", 0.0), (677, "0.5", 0.5),
          (946, "2.0", 2.0), (947, "-0.5", -0.5), (948, "1.0", 1.0), (950, "0.8", 0.8)]

# (line, printed, the quantity it stands for, cause when wrong)
_numbers = [
    # Example 1, forward pass
    (528, "1.1", "z1", None),
    (529, "1.1", "z1", None),
    (529, "0.80049902", "a1", None),
    (530, "0.01990020", "L1", "arithmetic"),       # true 0.01990032
    (533, "1.1", "z1", None),
    (533, "0.800499", "a1", None),
    (533, "0.039800", "sq1", "truncated"),         # true 0.03980064: 0.039801 at six decimals
    (533, "0.019900", "L1", None),
    # the loss at θ + ε
    (557, "0.50001", "theta1_new", None),
    (558, "0.50001", "theta1_new", None),
    (558, "1.00002", "wx1_plus", None),
    (558, "1.10002", "z1_plus", None),
    (559, "1.10002", "z1_plus", None),
    (559, "0.80051220", "a1_plus", "arithmetic"),  # true 0.80050621
    (560, "0.800516", "a1_plus", "digit_slip"),    # true 0.800506 (and 0.800512 from line 559)
    (560, "-0.199484", "err1_plus", "carried_error"),   # 0.800516 − 1.0; true −0.199494
    (560, "0.039794", "sq1_plus", "carried_error"),     # (−0.199484)²; true 0.039798
    (560, "0.01989877", "L1_plus", "unknown"),     # true 0.01989889; ½·0.039794 would be 0.019897
    # the finite difference
    (578, "0.01989877", "L1_plus", "carried_error"),
    (578, "0.01990020", "L1", "carried_error"),
    (578, "-0.00000143", "dL1", None),
    (578, "-0.143", "fd1", None),
    (586, "-0.143", "fd1", None),
    # the analytic gradient
    (590, "0.800499", "a1", None),
    (590, "-0.199501", "dL_da1", None),
    (591, "0.800499", "a1", None),
    (591, "0.6408", "a1_sq", None),
    (591, "0.3592", "da_dz1", None),
    (592, "2.0", "dz_dtheta1", None),
    (595, "-0.199501", "dL_da1", None),
    (595, "0.3592", "da_dz1", None),
    (595, "2.0", "dz_dtheta1", None),
    (595, "-0.1432", "grad1", "arithmetic"),       # true −0.143322; −0.199501·0.3592·2 = −0.143320
    # Example 2
    (705, "-0.49999000000000033", "err2_plus", None),
    (707, "0.12499500005000017", "L2_plus", None),
    (712, "0", "z2", None),
    (713, "0", "z2", None),
    (713, "0", "a2", None),
    (714, "0", "a2", None),
    (714, "0.125", "L2", None),
    (723, "0.12499500005", "L2_plus", None),
    (723, "0.125", "L2", None),
    (723, "-0.499995", "fd2", None),
    (733, "-0.5", "dL_da2", None),
    (733, "1.0", "da_dz2", None),
    (733, "1.0", "dz_dtheta2", None),
    (733, "-0.5", "grad2", None),
    (749, "-0.499995", "fd2", None),
    (749, "-0.5", "grad2", None),
    # Example 3
    (974, "-1.0", "wx3", None),
    (974, "0.0", "z3", None),
    (976, "0", "z3", None),
    (980, "0", "z3", None),
    (980, "0", "a3", None),
    (984, "0", "z3", None),
    (985, "0", "a3", None),
    (986, "0", "a3", None),
    (986, "0.32", "L3", None),
    (1006, "0", "a3", None),
    (1008, "0", "a3", None),
    (1008, "-0.8", "dL_da3", None),
    (1026, "-0.8", "dL_da3", None),
    (1026, "1", "da_dz3", None),
    (1026, "-0.8", "dL_dz3", None),
    (1056, "-0.8", "dL_da3", None),
    (1056, "1", "da_dz3", None),
    (1056, "2", "dz_dw3", None),
    (1056, "-1.6", "dL_dw3", None),
    (1057, "-0.8", "dL_da3", None),
    (1057, "1", "da_dz3", None),
    (1057, "1", "dz_db3", None),
    (1057, "-0.8", "dL_db3", None),
    (1067, "0.0", "z3", None),
    (1068, "0.0", "a3", None),
    (1069, "0.32", "L3", None),
    (1070, "-0.8", "dL_da3", None),
    (1071, "-0.8", "dL_dz3", None),
    (1072, "-1.6", "dL_dw3", None),
    (1073, "-0.8", "dL_db3", None),
    (1080, "-1.6", "dL_dw3", None),
    (1081, "-0.8", "dL_db3", None),
    (1115, "0.32", "L3", None),
    (1116, "-1.6", "dL_dw3", None),
    (1117, "-0.8", "dL_db3", None),
    (1229, "0.0", "z3", None),
    (1230, "0.0", "a3", None),
    (1231, "0.32", "L3", None),
    (1232, "-1.6", "dL_dw3", None),
    (1233, "-0.8", "dL_db3", None),
]

RECORDS = [(line, printed, VALUES[name], cause is not None, cause) for line, printed, name, cause in _numbers]
