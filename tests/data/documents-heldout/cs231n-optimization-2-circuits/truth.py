"""Truth for cs231n-optimization-2-circuits: the CS231n notes "Backpropagation, Intuitions". Every
number a circuit or a sentence derives: f = xy at (4, −3), max(4, 2), (x + y)·z at (−2, 5, −4),
the sigmoid neuron circuit σ(w0·x0 + w1·x1 + w2) at w = (2, −3, −3), x = (−1, −2) gate by gate
(forward values and the gradients of f on each wire), and 2·(x·y + max(z, w)) at (3, −4, 2, −1).
The circuits' numbers are the green (value) and red (gradient) labels of the inline SVGs.

Not records: the gate rules' constants (∂(x + y)/∂x = 1, d(c + x)/dx = 1, `dqdx = 1.0`; rules, not
values at a point), array shapes ([10 x 3]), and "three times" written as a word.
"""
import math

# f(x, y) = x·y at x = 4, y = −3
fxy = 4.0 * -3.0
dfdx_xy, dfdy_xy = -3.0, 4.0
# max(x, y) at x = 4, y = 2: its value, and how far y must rise to matter
max42 = max(4.0, 2.0)
margin = 4.0 - 2.0

# (x + y)·z
x, y, z = -2.0, 5.0, -4.0
q = x + y
f = q * z
dq, dz = z, q
dx, dy = dq * 1.0, dq * 1.0
force = abs(dq)

# sigmoid neuron, gate by gate
w0, w1, w2, x0, x1 = 2.0, -3.0, -3.0, -1.0, -2.0
m0, m1 = w0 * x0, w1 * x1
s = m0 + m1
dot = s + w2
neg = -dot
ex = math.exp(neg)
den = 1.0 + ex
out = 1.0 / den
d_out = 1.0
d_den = -1.0 / den ** 2
d_ex = d_den * 1.0
d_neg = d_ex * ex
d_dot = -d_neg
sig_local = (1 - out) * out
d_w0, d_x0, d_w1, d_x1, d_w2 = x0 * d_dot, w0 * d_dot, x1 * d_dot, w1 * d_dot, d_dot

# 2·(x·y + max(z, w))
X, Y, Z, W = 3.0, -4.0, 2.0, -1.0
mul = X * Y
mx = max(Z, W)
add = mul + mx
res = 2.0 * add
d_res = 1.0
d_add = 2.0 * d_res
d_mul, d_mx = d_add, d_add
d_Z, d_W = (d_mx, 0.0) if Z >= W else (0.0, d_mx)
d_X, d_Y = Y * d_mul, X * d_mul

V = {name: value for name, value in globals().items() if isinstance(value, float)}

GIVENS = [(46, "4", 4.0), (46, "-3", -3.0), (64, "4", 4.0), (64, "2", 2.0), (75, "-2", -2.0),
          (75, "5", 5.0), (75, "-4", -4.0), (97, "-2", -2.0), (97, "5", 5.0), (97, "-4", -4.0),
          (113, "-2", -2.0), (113, "5", 5.0), (150, "2.00", 2.0), (150, "-1.00", -1.0), (150, "-3.00", -3.0),
          (150, "-2.00", -2.0), (168, "2", 2.0), (168, "-3", -3.0), (169, "-1", -1.0), (169, "-2", -2.0),
          (252, "3.00", 3.0), (252, "-4.00", -4.0), (252, "2.00", 2.0), (252, "-1.00", -1.0)]

# (line, printed, the quantity it stands for)
_numbers = [
    (46, "-12", "fxy"),
    (46, "-3", "dfdx_xy"),
    (46, "4", "dfdy_xy"),
    (64, "4", "max42"),
    (64, "2", "margin"),
    (78, "3", "q"),
    (79, "-12", "f"),
    (83, "3", "dz"),
    (84, "-4", "dq"),
    # the (x + y)·z circuit: red labels (gradients), green q and f
    (97, "-4", "dx"),
    (97, "-4", "dy"),
    (97, "3", "dz"),
    (97, "3", "q"),
    (97, "-4", "dq"),
    (97, "-12", "f"),
    (97, "1", "d_out"),
    (113, "3.", "q"),
    (113, "-12.", "f"),
    (113, "-4", "dq"),
    (113, "4", "force"),
    (113, "-4", "dq"),
    (113, "-4", "dx"),
    # the sigmoid circuit
    (150, "-0.20", "d_w0"),
    (150, "0.39", "d_x0"),
    (150, "-0.39", "d_w1"),
    (150, "-0.59", "d_x1"),
    (150, "0.20", "d_w2"),
    (150, "-2.00", "m0"),
    (150, "0.20", "d_dot"),
    (150, "6.00", "m1"),
    (150, "0.20", "d_dot"),
    (150, "4.00", "s"),
    (150, "0.20", "d_dot"),
    (150, "1.00", "dot"),
    (150, "0.20", "d_dot"),
    (150, "-1.00", "neg"),
    (150, "-0.20", "d_neg"),
    (150, "0.37", "ex"),
    (150, "-0.53", "d_ex"),
    (150, "1.37", "den"),
    (150, "-0.53", "d_den"),
    (150, "0.73", "out"),
    (150, "1.00", "d_out"),
    (165, "1.0", "dot"),
    (165, "0.73", "out"),
    (165, "0.73", "out"),
    (165, "0.2", "sig_local"),
    # the add / max / mul circuit
    (252, "-8.00", "d_X"),
    (252, "6.00", "d_Y"),
    (252, "2.00", "d_Z"),
    (252, "0.00", "d_W"),
    (252, "-12.00", "mul"),
    (252, "2.00", "d_mul"),
    (252, "2.00", "mx"),
    (252, "2.00", "d_mx"),
    (252, "-10.00", "add"),
    (252, "2.00", "d_add"),
    (252, "-20.00", "res"),
    (252, "1.00", "d_res"),
    (261, "2.00", "d_add"),
    (263, "2.00", "d_Z"),
    (265, "-8.00", "d_X"),
    (265, "-4.00", "Y"),
    (265, "2.00", "d_mul"),
]

RECORDS = [(line, printed, V[name], False, None) for line, printed, name in _numbers]
