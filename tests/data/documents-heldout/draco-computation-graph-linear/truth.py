"""Truth for draco-computation-graph-linear: the computation graph of a one-weight linear model,
c = w·x, a = c + b, d = a − y, J = ½d², at w = 2, b = 8, x = −2, y = 2; the forward values and the
derivatives ∂J/∂d, ∂J/∂a, ∂J/∂c, ∂J/∂b, ∂c/∂w and ∂J/∂w found by "nudging" backwards.
Numbers written as "changes by 2 × ε" are the derivative 2. No import needed.
"""

w, b, x, y = 2.0, 8.0, -2.0, 2.0
c = w * x
a = c + b
d = a - y
J = 0.5 * d * d
dJ_dd = d
dJ_da = dJ_dd * 1.0
dJ_dc = dJ_da * 1.0
dJ_db = dJ_da * 1.0
dc_dw = x
dJ_dw = dJ_dc * dc_dw

VALUES = {name: value for name, value in globals().items() if isinstance(value, float)}

GIVENS = [(13, "2", 2.0), (13, "8", 8.0), (13, "-2", -2.0), (51, "-2", -2.0)]

# (line, printed, the quantity it stands for)
_numbers = [
    (18, "-4", "c"),
    (20, "-4", "c"),
    (20, "4", "a"),
    (22, "4", "a"),
    (22, "2", "d"),
    (24, "2", "d"),
    (24, "2", "J"),
    (33, "2", "d"),
    (35, "2", "dJ_dd"),
    (36, "2", "dJ_dd"),
    (40, "2", "dJ_dd"),
    (40, "2", "dJ_da"),
    (41, "2", "dJ_da"),
    (45, "2", "dJ_dc"),
    (46, "2", "dJ_dc"),
    (47, "2", "dJ_db"),
    (48, "2", "dJ_db"),
    (52, "-2", "dc_dw"),
    (53, "2", "dJ_dc"),
    (54, "-2", "dc_dw"),
    (54, "2", "dJ_dc"),
    (54, "-4", "dJ_dw"),
    (55, "-4", "dJ_dw"),
]

CAUSE: dict[str, str] = {}  # every number is right

RECORDS = [(line, printed, VALUES[name], name in CAUSE, CAUSE.get(name)) for line, printed, name in _numbers]
