"""Truth for mishra-nanograd-lua-notes: the worked examples of parts 1–6 of a Lua port's notes on
Karpathy's micrograd lecture. Results the document's Lua printed (comments after the code) are
recomputed in binary64 floats as Lua computes them (Python floats are the same IEEE doubles), and
compared at Lua's printed precision (14 significant digits). No import but math.

Recorded: every value the text or a printed result derives (the function's values and difference
quotients, the derivatives stated in prose, the gradients assigned by hand, the nudged loss, the
tanh table's values, do/dn). Givens: inputs and h where a derived number's line uses them. Not
records: echoes of the inputs (`-- Value(data = 2.0)`, the c = 10.0 of `d._prev`), the tanh
table's x column (the loop's values), the limits ±1 of tanh in prose, line-plot settings.
"""
import math


def f(x: float) -> float:
    return (3 * (x ** 2)) - (4 * x) + 5


h = 0.00001
V = {
    "f3": f(3.0),
    "f3h": f(3.0 + h),
    "q3": (f(3.0 + h) - f(3.0)) / h,
    "fprime3": 6 * 3.0 - 4,
    "fprime_m3": 6 * -3.0 - 4,
    "qm3": (f(-3.0 + h) - f(-3.0)) / h,
    "fprime_23": 6 * (2 / 3) - 4,
    "q23": (f(2 / 3 + h) - f(2 / 3)) / h,
}
a, b, c, f_ = 2.0, -3.0, 10.0, -2.0
d = a * b + c
V.update(d=d, dd_da=b, dd_db=a, dd_dc=1.0,
         d2_a=(a + h) * b + c, slope_a=((a + h) * b + c - d) / h,
         d2_b=a * (b + h) + c, slope_b=(a * (b + h) + c - d) / h,
         d2_c=a * b + (c + h), slope_c=(a * b + (c + h) - d) / h,
         a_plus_b=a + b, e=a * b)
L = d * f_
hh = 0.001
V.update(dL_dL=1.0, lol=((L + hh) - L) / hh,
         dL_df=d, dL_dd=f_, dd_de=1.0, dL_dc=f_ * 1.0, dL_de=f_ * 1.0, de_da=b, de_db=a)
V.update(dL_da=V["dL_de"] * b, dL_db=V["dL_de"] * a)
# one nudge of 0.01·grad on a, b, c (f keeps its value), then the forward pass again
a2, b2, c2 = a + 0.01 * V["dL_da"], b + 0.01 * V["dL_db"], c + 0.01 * V["dL_dc"]
V["L_nudged"] = (a2 * b2 + c2) * f_


def tanh(x: float) -> float:
    return (math.exp(2 * x) - 1) / (math.exp(2 * x) + 1)


V.update(t5=tanh(-5.0), t48=tanh(-4.8), t46=tanh(-4.6))
o = tanh(2.0 * -3.0 + 0.0 * 1.0 + 6.8813735870195432)
V.update(dn=1 - o ** 2, w2grad=0.0 * (1 - o ** 2))

GIVENS = [(42, "0.00001", 0.00001), (43, "3.0", 3.0), (65, "-3", -3.0), (113, "0.00001", 0.00001),
          (114, "2.0", 2.0), (115, "-3.0", -3.0), (116, "10.0", 10.0), (561, "0.001", 0.001),
          (682, "0.01", 0.01), (743, "-5.0", -5.0), (744, "-4.8", -4.8), (745, "-4.6", -4.6),
          (832, "6.8813735870195432", 6.8813735870195432), (896, "0", 0.0)]

# (line, printed, the quantity it stands for)
_numbers = [
    (12, "20.0", "f3"),
    (46, "20.014003", "f3h"),
    (49, "14.003000000002", "q3"),
    (52, "14.", "fprime3"),
    (55, "14.", "fprime3"),
    (62, "-22.", "fprime_m3"),
    (68, "-21.999970000053", "qm3"),
    (73, "0.", "fprime_23"),
    (80, "3.0000002482211e-05", "q23"),
    (97, "4.0", "d"),
    (110, "-3.0", "dd_da"),
    (125, "4.0", "d"),
    (127, "3.99997", "d2_a"),
    (129, "-3.0000000000641", "slope_a"),
    (134, "2.0", "dd_db"),
    (149, "4.0", "d"),
    (151, "4.00002", "d2_b"),
    (153, "2.0000000000131", "slope_b"),
    (157, "1.", "dd_dc"),
    (173, "4.0", "d"),
    (175, "4.00001", "d2_c"),
    (177, "0.99999999996214", "slope_c"),
    (256, "-1.0", "a_plus_b"),
    (279, "-6.0", "e"),
    (286, "4.0", "d"),
    (338, "-6.0", "e"),
    (554, "1.", "dL_dL"),
    (599, "1.0000000000003", "lol"),
    (602, "1.0", "dL_dL"),
    (605, "1.0", "dL_dL"),
    (614, "4.0", "dL_df"),
    (615, "-2.0", "dL_dd"),
    (620, "-2.0", "dL_dd"),
    (621, "4.0", "dL_df"),
    (636, "1.0", "dd_dc"),
    (637, "1.0", "dd_de"),
    (638, "-2.0", "dL_dd"),
    (638, "1.0", "dd_dc"),
    (638, "-2.0", "dL_dc"),
    (639, "-2.0", "dL_dd"),
    (639, "1.0", "dd_de"),
    (639, "-2.0", "dL_de"),
    (642, "-2.0", "dL_dc"),
    (643, "-2.0", "dL_de"),
    (654, "-2.0", "dL_de"),
    (654, "-3.0", "de_da"),
    (655, "-2.0", "dL_de"),
    (655, "-3.0", "de_da"),
    (655, "6.0", "dL_da"),
    (656, "-2.0", "dL_de"),
    (656, "2.0", "de_db"),
    (656, "-4.0", "dL_db"),
    (659, "6.0", "dL_da"),
    (660, "-4.0", "dL_db"),
    (690, "-7.4352", "L_nudged"),
    (743, "-0.9999092042626", "t5"),
    (744, "-0.99986455170076", "t48"),
    (745, "-0.99979794161218", "t46"),
    (861, "0.5", "dn"),
    (896, "0", "w2grad"),
]

CAUSE = {"f3h": "other_quantity", "q3": "other_quantity"}  # the results of h = 0.001, not 0.00001

RECORDS = [(line, printed, V[name], name in CAUSE, CAUSE.get(name)) for line, printed, name in _numbers]
