"""Truth for draco-relu-network-nudge: a 1-1-1 network with ReLU in both layers, x = 1, y = 5,
w₁ = 2, b₁ = 0, w₂ = 3, b₂ = 1, J = ½(a₂ − y)²: the forward pass, the four parameter derivatives,
and a finite-difference check nudging w₁ by ε = 0.001. Recomputed in full precision (no import
needed: ReLU is max(0, z)).

The document's ∂J/∂b₁ = 2 (true 6 = ∂J/∂z₂ · w₂ · 1) and ∂J/∂w₂ = 2 (true 4 = ∂J/∂z₂ · a₁) are
wrong: 2 is the value of ∂J/∂a₂ = ∂J/∂z₂ = ∂J/∂b₂, another quantity's value.
"6 times" (line 73) is the finite-difference ratio ΔJ/ε = 6.0045, right at its printed precision.
"""

x, y, w1, b1, w2, b2, eps = 1.0, 5.0, 2.0, 0.0, 3.0, 1.0, 0.001


def relu(z: float) -> float:
    return max(0.0, z)


z1 = w1 * x + b1
a1 = relu(z1)
z2 = w2 * a1 + b2
a2 = relu(z2)
a2_minus_y = a2 - y
J = 0.5 * a2_minus_y ** 2
dJ_dz2 = a2_minus_y * (1.0 if z2 > 0 else 0.0)
dJ_db2 = dJ_dz2
dJ_dw2 = dJ_dz2 * a1
dJ_dz1 = dJ_dz2 * w2 * (1.0 if z1 > 0 else 0.0)
dJ_db1 = dJ_dz1
dJ_dw1 = dJ_dz1 * x

w1n = w1 + eps
z1n = w1n * x + b1
a1n = relu(z1n)
w2a1n = w2 * a1n
z2n = w2a1n + b2
a2n = relu(z2n)
diff_n = a2n - y
Jn = 0.5 * diff_n ** 2
dJn = Jn - J
fd_ratio = dJn / eps

VALUES = {name: value for name, value in globals().items() if isinstance(value, float)}

GIVENS = [(12, "1", 1.0), (12, "5", 5.0), (14, "2", 2.0), (14, "0", 0.0), (15, "3", 3.0), (15, "1", 1.0),
          (56, "2", 2.0), (57, "0.001", 0.001)]

# (line, printed, the quantity it stands for)
_numbers = [
    (24, "2", "z1"),
    (25, "2", "z1"),
    (25, "2", "a1"),
    (27, "2", "a1"),
    (27, "7", "z2"),
    (28, "7", "z2"),
    (28, "7", "a2"),
    (30, "7", "a2"),
    (30, "2", "a2_minus_y"),
    (30, "2", "J"),
    (42, "6", "dJ_dw1"),
    (43, "2", "dJ_db1"),
    (44, "2", "dJ_dw2"),
    (45, "2", "dJ_db2"),
    (47, "6", "dJ_dw1"),
    (55, "6", "dJ_dw1"),
    (56, "2", "J"),
    (58, "2.001", "w1n"),
    (62, "2.001", "w1n"),
    (62, "2.001", "z1n"),
    (63, "2.001", "z1n"),
    (63, "2.001", "a1n"),
    (65, "2.001", "a1n"),
    (65, "6.003", "w2a1n"),
    (65, "7.003", "z2n"),
    (66, "7.003", "z2n"),
    (66, "7.003", "a2n"),
    (68, "7.003", "a2n"),
    (68, "2.003", "diff_n"),
    (68, "2.006005", "Jn"),
    (72, "2.000", "J"),
    (72, "2.006", "Jn"),
    (73, "0.006", "dJn"),
    (73, "6", "fd_ratio"),
    (74, "6", "dJ_dw1"),
]

CAUSE = {"dJ_db1": "other_quantity", "dJ_dw2": "other_quantity"}

RECORDS = [(line, printed, VALUES[name], name in CAUSE, CAUSE.get(name)) for line, printed, name in _numbers]
