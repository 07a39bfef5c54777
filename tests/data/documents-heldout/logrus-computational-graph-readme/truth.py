"""Truth for logrus-computational-graph-readme: three CS231n computational graphs evaluated by a C++
program, forward values and backward gradients as its console prints them (gradout_a / gradout_b
are the gradients of the graph's output with respect to a gate's first / second input). The C++
uses float; its 6-digit output agrees with the float64 values recomputed here.

Recorded: every number of the printed runs (forward outputs, each gate's input gradients, the
"Interpretation" lines). Givens: the inputs in the code fences and the constant 2 of the unary
multiply gate.
"""
import math

# Example 1: f = (x + y) * z
x, y, z = -2.0, 5.0, -4.0
sum1 = x + y
mul1 = sum1 * z
d_sum1, d_z = z, sum1            # mul1's input gradients (upstream 1)
d_x, d_y = d_sum1, d_sum1        # sum1's input gradients
E1 = dict(sum1=sum1, mul1=mul1, d_sum1=d_sum1, d_z=d_z, d_x=d_x, d_y=d_y)

# Example 2: f = (x*y + max(z, w)) * 2
x2, y2, z2, w2 = 3.0, -4.0, 2.0, -1.0
m = x2 * y2
mx = max(z2, w2)
s = m + mx
u = 2 * s
d_s = 2.0
d_m, d_mx = d_s, d_s
d_z2, d_w2 = (d_mx, 0.0) if z2 >= w2 else (0.0, d_mx)
d_x2, d_y2 = y2 * d_m, x2 * d_m
E2 = dict(m=m, mx=mx, s=s, u=u, d_s=d_s, d_m=d_m, d_mx=d_mx, d_z2=d_z2, d_w2=d_w2, d_x2=d_x2, d_y2=d_y2)

# Example 3: sigmoid(w0*x0 + w1*x1 + w2)
w0, x0, w1, x1, w2_ = 2.0, -1.0, -3.0, -2.0, -3.0
p0, p1 = w0 * x0, w1 * x1
s2 = p0 + p1
s3 = s2 + w2_
sg = 1.0 / (1.0 + math.exp(-s3))
d_s3 = sg * (1.0 - sg)
d_w0, d_x0 = x0 * d_s3, w0 * d_s3
d_w1, d_x1 = x1 * d_s3, w1 * d_s3
E3 = dict(p0=p0, p1=p1, s2=s2, s3=s3, sg=sg, g=d_s3, d_w0=d_w0, d_x0=d_x0, d_w1=d_w1, d_x1=d_x1)

V = {**E1, **E2, **E3}

GIVENS = [(28, "-2", -2.0), (28, "5", 5.0), (28, "-4", -4.0),
          (65, "3", 3.0), (65, "-4", -4.0), (65, "2", 2.0), (65, "-1", -1.0), (73, "2", 2.0),
          (113, "2", 2.0), (113, "-1", -1.0), (114, "-3", -3.0), (114, "-2", -2.0), (115, "-3", -3.0)]

# (line, printed, the quantity it stands for)
_numbers = [
    (47, "3", "sum1"),
    (48, "-12", "mul1"),
    (49, "-4", "d_sum1"),
    (49, "3", "d_z"),
    (50, "-4", "d_x"),
    (50, "-4", "d_y"),
    (52, "-4", "d_x"),
    (53, "-4", "d_y"),
    (54, "3", "d_z"),
    (89, "-12", "m"),
    (90, "2", "mx"),
    (91, "-10", "s"),
    (92, "-20", "u"),
    (93, "2", "d_s"),
    (94, "2", "d_m"),
    (94, "2", "d_mx"),
    (95, "2", "d_z2"),
    (95, "0", "d_w2"),
    (96, "-8", "d_x2"),
    (96, "6", "d_y2"),
    (98, "-8", "d_x2"),
    (99, "6", "d_y2"),
    (100, "2", "d_z2"),
    (101, "0", "d_w2"),
    (149, "-2", "p0"),
    (150, "6", "p1"),
    (151, "4", "s2"),
    (152, "1", "s3"),
    (153, "0.731059", "sg"),
    (154, "0.196612", "g"),
    (155, "0.196612", "g"),
    (155, "0.196612", "g"),
    (156, "0.196612", "g"),
    (156, "0.196612", "g"),
    (157, "-0.393224", "d_w1"),
    (157, "-0.589836", "d_x1"),
    (158, "-0.196612", "d_w0"),
    (158, "0.393224", "d_x0"),
    (160, "-0.196612", "d_w0"),
    (161, "0.393224", "d_x0"),
    (162, "-0.393224", "d_w1"),
    (163, "-0.589836", "d_x1"),
    (164, "0.196612", "g"),
]

RECORDS = [(line, printed, V[name], False, None) for line, printed, name in _numbers]
