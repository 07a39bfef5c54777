"""Truth for lalitm-oxigrad-readme: the README's two examples recomputed with the math module.

Neuron: z = σ(x1·w1 + x2·w2 + b) at x1 = 1.7, x2 = −0.3, w1 = −1.5, w2 = 0.1, b = 0.5; dz/dz = 1,
dz/dw1 = σ'·x1, dz/dw2 = σ'·x2, dz/db = σ'. Cross-entropy: p = softmax(1.63, 0.27), L =
−(t0 log p0 + t1 log p1) with t = (1, 0); dL/dlogit_i = p_i − t_i, dL/dt_i = −log p_i, dL/dL = 1.
Not records: the `data=` fields that re-print a given (w1, w2, b, a, b, c, d).
"""
import math

x1, x2, w1, w2, b = 1.7, -0.3, -1.5, 0.1, 0.5
n = x1 * w1 + x2 * w2 + b
z = 1.0 / (1.0 + math.exp(-n))
dz = z * (1.0 - z)

l0, l1, t0, t1 = 1.63, 0.27, 1.0, 0.0
e0, e1 = math.exp(l0), math.exp(l1)
p0, p1 = e0 / (e0 + e1), e1 / (e0 + e1)
loss = -(t0 * math.log(p0) + t1 * math.log(p1))

V = {"z": z, "seed": 1.0, "dw1": dz * x1, "dw2": dz * x2, "db": dz, "p0": p0, "p1": p1, "psum": p0 + p1,
     "loss": loss, "dl0": p0 - t0, "dl1": p1 - t1, "dt0": -math.log(p0), "dt1": -math.log(p1)}

GIVENS = [(40, "1.7", 1.7), (41, "-0.3", -0.3), (43, "-1.5", -1.5), (44, "0.1", 0.1), (46, "0.5", 0.5),
          (60, "-1.5000", -1.5), (61, "0.1000", 0.1), (62, "0.5000", 0.5), (69, "1.63", 1.63),
          (70, "0.27", 0.27), (72, "1", 1.0), (73, "0", 0.0), (88, "1.6300", 1.63), (89, "0.2700", 0.27),
          (90, "1.0000", 1.0), (91, "0.0000", 0.0)]

# (line, printed, the quantity it stands for)
_numbers = [
    (59, "0.8889", "z"),
    (59, "1.0000", "seed"),
    (60, "0.1678", "dw1"),
    (61, "-0.0296", "dw2"),
    (62, "0.0987", "db"),
    (80, "0.7957596977159083", "p0"),
    (80, "0.20424030228409182", "p1"),
    (81, "1.0", "psum"),
    (87, "0.2285", "loss"),
    (87, "1.0000", "seed"),
    (88, "-0.2042", "dl0"),
    (89, "0.2042", "dl1"),
    (90, "0.2285", "dt0"),
    (91, "1.5885", "dt1"),
]

CAUSE = {"z": "sign"}  # σ(+2.08) printed for σ(−2.08)

RECORDS = [(line, printed, V[name], name in CAUSE, CAUSE.get(name)) for line, printed, name in _numbers]
