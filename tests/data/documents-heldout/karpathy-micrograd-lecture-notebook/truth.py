"""Truth for karpathy-micrograd-lecture-notebook: the printed outputs of the first micrograd lecture
notebook, recomputed in Python floats the way the notebook's own code computes them (the
difference quotients and reprs are binary64 results, compared at their printed precision).
Lines are lines of the .ipynb file. The SVG outputs' `data`/`grad` fields are 4-decimal values of
each node at the time the cell ran (all after the gradients were complete).

Givens: the leaves' values where the outputs re-print them (SVG `data` of a, b, c, f, x1, x2, w1,
w2, b; the topological list's leaves). Not records: the matplotlib figure outputs and object
addresses (`0x7f9b98432ee0`), the grads typed by hand in cell sources (`n.grad = 0.5`, inputs of
the walk-through, equal to the records below).
"""
import math


def f(x: float) -> float:
    return 3 * x ** 2 - 4 * x + 5


V = {"f3": f(3.0)}
h = 0.000001
x = 2 / 3
V["q23"] = (f(x + h) - f(x)) / h
a, b, c = 2.0, -3.0, 10.0
V["d"] = a * b + c
h = 0.0001
d1 = a * b + c
d2 = a * b + (c + h)
V.update(d1=d1, d2=d2, slope_c=(d2 - d1) / h)

# L = (a*b + c) * f
fv = -2.0
e = a * b
d = e + c
L = d * fv
V.update(e=e, L=L, dL_dL=1.0, dL_dd=fv, dL_df=d, dL_de=fv, dL_dc=fv, dL_da=b * fv, dL_db=a * fv)
# one nudge of 0.01·grad on a, b, c, f, then the forward pass again
a2, b2, c2, f2 = a + 0.01 * V["dL_da"], b + 0.01 * V["dL_db"], c + 0.01 * V["dL_dc"], fv + 0.01 * V["dL_df"]
V["L_nudged"] = (a2 * b2 + c2) * f2
hh = 0.001
L1 = (a * b + c) * fv
L2 = (a * (b + hh) + c) * fv
V["lol_db"] = (L2 - L1) / hh

# the tanh neuron
x1, x2, w1, w2, bias = 2.0, 0.0, -3.0, 1.0, 6.8813735870195432
x1w1, x2w2 = x1 * w1, x2 * w2
s = x1w1 + x2w2
n = s + bias
o = (math.exp(2 * n) - 1) / (math.exp(2 * n) + 1)
dn = 1 - o ** 2
V.update(x1w1=x1w1, x2w2=x2w2, s=s, n=n, o=o, do=1.0, dn=dn, dx1=w1 * dn, dw1=x1 * dn, dx2=w2 * dn,
         dw2=x2 * dn)

# b = a + a at a = 3
a3 = 3.0
V.update(b_aa=a3 + a3, db_aa=1.0, da_aa=1.0 + 1.0)

# f = (a*b) * (a + b) at a = -2, b = 3
A, B = -2.0, 3.0
D, E = A * B, A + B
F = D * E
V.update(D=D, E=E, F=F, dF=1.0, dD=E, dE=D, dA=B * E + D * 1.0, dB=A * E + D * 1.0)

GIVENS = [(308, "2.0000", 2.0), (330, "10.0000", 10.0), (352, "-3.0000", -3.0), (434, "-2.0000", -2.0),
          (596, "1.0000", 1.0), (652, "2.0000", 2.0), (668, "0.0000", 0.0), (706, "-3.0000", -3.0),
          (722, "6.8814", 6.8814), (837, "6.881373587019543", 6.881373587019543), (838, "2.0", 2.0),
          (839, "-3.0", -3.0), (841, "0.0", 0.0), (842, "1.0", 1.0), (1034, "3.0000", 3.0),
          (1109, "-2.0000", -2.0), (1209, "3.0000", 3.0)]

# (line, printed, the quantity it stands for)
_numbers = [
    (33, "20.0", "f3"),
    (87, "2.999378523327323e-06", "q23"),
    (110, "4.0", "d"),
    (132, "4.0", "d1"),
    (133, "4.0001", "d2"),
    (134, "0.9999999999976694", "slope_c"),
    (163, "-8.0", "L"),
    (310, "6.0000", "dL_da"),
    (332, "-2.0000", "dL_dc"),
    (354, "-4.0000", "dL_db"),
    (368, "-8.0000", "L"),
    (370, "1.0000", "dL_dL"),
    (390, "4.0000", "d"),
    (392, "-2.0000", "dL_dd"),
    (412, "-6.0000", "e"),
    (414, "-2.0000", "dL_de"),
    (436, "4.0000", "dL_df"),
    (469, "-7.286496", "L_nudged"),
    (495, "-3.9999999999995595", "lol_db"),
    (598, "0.0000", "dw2"),
    (618, "-6.0000", "x1w1"),
    (620, "0.5000", "dn"),
    (654, "-1.5000", "dx1"),
    (670, "0.5000", "dx2"),
    (684, "0.7071", "o"),
    (686, "1.0000", "do"),
    (708, "1.0000", "dw1"),
    (724, "0.5000", "dn"),
    (744, "-6.0000", "s"),
    (746, "0.5000", "dn"),
    (766, "0.0000", "x2w2"),
    (768, "0.5000", "dn"),
    (788, "0.8814", "n"),
    (790, "0.5000", "dn"),
    (840, "-6.0", "x1w1"),
    (843, "0.0", "x2w2"),
    (844, "-6.0", "s"),
    (845, "0.8813735870195432", "n"),
    (846, "0.7071067811865476", "o"),
    (988, "0.4999999999999999", "dn"),
    (1036, "2.0000", "da_aa"),
    (1056, "6.0000", "b_aa"),
    (1058, "1.0000", "db_aa"),
    (1111, "-3.0000", "dA"),
    (1143, "1.0000", "E"),
    (1145, "-6.0000", "dE"),
    (1171, "-6.0000", "D"),
    (1173, "1.0000", "dD"),
    (1193, "-6.0000", "F"),
    (1195, "1.0000", "dF"),
    (1211, "-8.0000", "dB"),
]

RECORDS = [(line, printed, V[name], False, None) for line, printed, name in _numbers]
