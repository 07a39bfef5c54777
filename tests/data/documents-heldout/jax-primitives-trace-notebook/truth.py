"""Truth for jax-primitives-trace-notebook: the values in JAX's "How JAX primitives work" traces.

The function is square_add(a, b) = multiply_add(a, a, b) with multiply_add(x, y, z) = x·y + z,
evaluated at a = 2, b = 10 (14) and differentiated with respect to a (2a = 4).
- forward mode, tangents (1, 1, 1) for (x, y, z): the tangent is x·yt + (xt·y + zt), computed by
  the notebook as multiply_add(2, 1, 1) = 3 and then multiply_add(1, 2, 3) = 5; the JVP (14, 5);
  the code comment "1.*2. + 2.*1. + 1. = 5.";
- reverse mode: each of the two transposed multiply_adds gives the cotangent ct·2 = 2 for its
  operand (with ct = 1 passed on as the z cotangent), 2 + 2 = 4 in total;
- the prose example f(x, y) = x·y + y at (2, 4): ∂f/∂x = y = 4, ∂f/∂y = x + 1 = 3;
- vmap over a = [2, 3], b = [10, 20]: [14, 29].

Each printed result of a trace line is a record (`|<- multiply_add_impl = 14.0`,
`Traced<ConcreteArray(14.0)>`, the derived 3.0 passed as an argument); the echoed inputs (2.0, 10.0,
tangents 1.0, zeros) are givens. Not records: expected values inside `assert` statements, shapes
(`float32[2]`), object addresses and traceback line numbers.
"""


def multiply_add(x: float, y: float, z: float) -> float:
    return x * y + z


a, b = 2.0, 10.0
sq = multiply_add(a, a, b)
grad = 2 * a
t1 = multiply_add(a, 1.0, 1.0)       # x · yt + zt
t2 = multiply_add(1.0, a, t1)        # xt · y + t1
ct = 1.0
x_ct = multiply_add(ct, a, 0.0)      # transposed in its first operand
y_ct = multiply_add(a, ct, 0.0)      # transposed in its second operand
fx, fy = 4.0, 2.0 + 1.0              # f = x·y + y at (2, 4): ∂f/∂x = y, ∂f/∂y = x + 1
v1, v2 = multiply_add(2.0, 2.0, 10.0), multiply_add(3.0, 3.0, 20.0)

V = {"sq": sq, "grad": grad, "t1": t1, "t2": t2, "ct": ct, "x_ct": x_ct, "y_ct": y_ct,
     "fx": fx, "fy": fy, "v1": v1, "v2": v2}

GIVENS = [(101, "2.", 2.0), (101, "10.", 10.0), (103, "2.0", 2.0), (103, "10.", 10.0),
          (220, "2.0", 2.0), (220, "10.0", 10.0), (221, "2.0", 2.0), (221, "10.0", 10.0),
          (851, "2.0", 2.0), (851, "10.0", 10.0), (851, "1.0", 1.0),
          (1077, "2.", 2.0), (1077, "4.", 4.0), (1373, "2.", 2.0), (1373, "3.", 3.0)]

# (line, printed, the quantity it stands for)
_numbers = [
    (75, "14.0", "sq"), (76, "4.0", "grad"),
    (222, "14.0", "sq"), (223, "14.0", "sq"), (224, "14.0", "sq"),
    (229, "14.0", "sq"), (230, "14.0", "sq"), (231, "4.0", "grad"),
    (422, "14.0", "sq"), (423, "14.0", "sq"), (424, "14.0", "sq"),
    (855, "14.0", "sq"), (856, "14.0", "sq"),
    (860, "3.0", "t1"), (861, "3.0", "t1"), (862, "3.0", "t1"), (863, "3.0", "t1"),
    (864, "5.0", "t2"), (865, "5.0", "t2"), (866, "14.0", "sq"), (866, "5.0", "t2"),
    (867, "14.0", "sq"), (868, "14.0", "sq"),
    (873, "5.", "t2"),
    (1007, "14.0", "sq"), (1008, "14.0", "sq"), (1018, "14.0", "sq"), (1019, "14.0", "sq"),
    (1020, "14.0", "sq"),
    (1111, "4.", "fx"), (1111, "3.", "fy"),
    (1207, "14.0", "sq"), (1208, "14.0", "sq"), (1218, "14.0", "sq"), (1219, "14.0", "sq"),
    (1220, "14.0", "sq"),
    (1224, "2.0", "x_ct"), (1225, "2.0", "x_ct"), (1226, "2.0", "x_ct"), (1226, "1.0", "ct"),
    (1230, "2.0", "y_ct"), (1231, "2.0", "y_ct"), (1232, "2.0", "y_ct"), (1232, "1.0", "ct"),
    (1300, "1.0", "ct"), (1306, "1.0", "ct"),
    (1443, "14.", "v1"), (1443, "29.", "v2"), (1444, "14.", "v1"), (1444, "29.", "v2"),
    (1445, "14.", "v1"), (1445, "29.", "v2"),
]

RECORDS = [(line, printed, V[name], False, None) for line, printed, name in _numbers]
