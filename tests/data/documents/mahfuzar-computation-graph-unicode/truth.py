"""Truth for mahfuzar-computation-graph-unicode: five examples in one page, each with its own givens,
in plain-text Unicode math (ŷ, ∂L/∂s, ×, s², w₁) and `$$…$$` with Unicode ∂ inside \\frac.

a) ŷ = w x, s = ŷ − y, L = s², x = 1, y = 2, w = 1: every local and total derivative.
b) the same with w = 2 (a perfect prediction).
c) one update w_new = w − η ∂L/∂w with η = 0.1, ∂L/∂w = −2 (givens of that paragraph).
m) ŷ = w x + b, L = (ŷ − y)², x = 2, y = 5, w = 1, b = 0.
k) z₁ = w₁x + b₁, a₁ = ReLU(z₁), ŷ = z₂ = w₂a₁ + b₂, L = (ŷ − y)², x = 1, y = 4, w₁ = 1, b₁ = 0,
   w₂ = 2, b₂ = 0.
Recomputed exactly (integers and one float; no import needed).
"""

# a)
a_x, a_y, a_w = 1.0, 2.0, 1.0
a_yhat = a_w * a_x
a_s = a_yhat - a_y
a_L = a_s ** 2
a_dyhat_dw, a_dyhat_dx, a_ds_dyhat, a_ds_dy = a_x, a_w, 1.0, -1.0
a_dL_ds = 2 * a_s
a_dL_dyhat = a_dL_ds * a_ds_dyhat
a_dL_dw = a_dL_dyhat * a_dyhat_dw
a_dL_dx = a_dL_dyhat * a_dyhat_dx
a_dL_dy = a_dL_ds * a_ds_dy
# b)
b_x, b_y, b_w = 1.0, 2.0, 2.0
b_yhat = b_w * b_x
b_L = (b_yhat - b_y) ** 2
b_dL_dw = 2 * (b_w * b_x - b_y) * b_x
# c)
c_w_new = 1.0 - 0.1 * (-2.0)
# m)
m_x, m_y, m_w, m_b = 2.0, 5.0, 1.0, 0.0
m_yhat = m_w * m_x + m_b
m_s = m_yhat - m_y
m_L = m_s ** 2
m_dL_ds = 2 * m_s
m_ds_dyhat = 1.0
m_dL_dyhat = m_dL_ds * m_ds_dyhat
m_dyhat_dw, m_dyhat_db = m_x, 1.0
m_dL_dw = m_dL_dyhat * m_dyhat_dw
m_dL_db = m_dL_dyhat * m_dyhat_db
# k)
k_x, k_y, k_w1, k_b1, k_w2, k_b2 = 1.0, 4.0, 1.0, 0.0, 2.0, 0.0
k_z1 = k_w1 * k_x + k_b1
k_a1 = max(0.0, k_z1)
k_z2 = k_w2 * k_a1 + k_b2
k_yhat = k_z2
k_s = k_yhat - k_y
k_L = k_s ** 2
k_dL_ds = 2 * k_s
k_dL_dyhat = k_dL_ds
k_dL_dz2 = k_dL_dyhat
k_dz2_dw2, k_dz2_da1, k_dz2_db2 = k_a1, k_w2, 1.0
k_dL_dw2 = k_dL_dz2 * k_dz2_dw2
k_dL_db2 = k_dL_dz2 * k_dz2_db2
k_dL_da1 = k_dL_dz2 * k_dz2_da1
k_relu_grad = 1.0 if k_z1 > 0 else 0.0
k_dL_dz1 = k_dL_da1 * k_relu_grad
k_dz1_dw1, k_dz1_db1 = k_x, 1.0
k_dL_dw1 = k_dL_dz1 * k_dz1_dw1
k_dL_db1 = k_dL_dz1 * k_dz1_db1

VALUES = {name: value for name, value in globals().items() if isinstance(value, float)}

GIVENS = [(43, "1", 1.0), (44, "2", 2.0), (45, "1", 1.0), (160, "1", 1.0), (160, "2", 2.0), (160, "2", 2.0),
          (183, "0.1", 0.1), (183, "-2", -2.0), (228, "2", 2.0), (229, "5", 5.0), (230, "1", 1.0),
          (231, "0", 0.0), (315, "1", 1.0), (316, "4", 4.0), (317, "1", 1.0), (317, "0", 0.0),
          (318, "2", 2.0), (318, "0", 0.0)]

# (line, printed, the quantity it stands for)
_numbers = [
    (50, "1", "a_yhat"),
    (53, "1", "a_yhat"),
    (53, "-1", "a_s"),
    (56, "-1", "a_s"),
    (56, "1", "a_L"),
    (66, "1", "a_dyhat_dw"),
    (67, "1", "a_dyhat_dx"),
    (71, "1", "a_ds_dyhat"),
    (72, "-1", "a_ds_dy"),
    (76, "-2", "a_dL_ds"),
    (87, "-1", "a_s"),
    (87, "-2", "a_dL_ds"),
    (93, "-2", "a_dL_ds"),
    (93, "1", "a_ds_dyhat"),
    (93, "-2", "a_dL_dyhat"),
    (99, "-2", "a_dL_dyhat"),
    (99, "1", "a_dyhat_dw"),
    (99, "-2", "a_dL_dw"),
    (105, "-2", "a_dL_dyhat"),
    (105, "1", "a_dyhat_dx"),
    (105, "-2", "a_dL_dx"),
    (111, "-2", "a_dL_ds"),
    (111, "-1", "a_ds_dy"),
    (111, "2", "a_dL_dy"),
    (120, "-2", "a_dL_dw"),
    (121, "-2", "a_dL_dx"),
    (122, "+2", "a_dL_dy"),
    (164, "2", "b_yhat"),
    (165, "2", "b_yhat"),
    (165, "0", "b_L"),
    (169, "0", "b_dL_dw"),
    (187, "1.2", "c_w_new"),
    (240, "2", "m_yhat"),
    (246, "2", "m_yhat"),
    (246, "-3", "m_s"),
    (252, "-3", "m_s"),
    (252, "9", "m_L"),
    (264, "-3", "m_s"),
    (264, "-6", "m_dL_ds"),
    (270, "1", "m_ds_dyhat"),
    (271, "-6", "m_dL_dyhat"),
    (276, "2", "m_dyhat_dw"),
    (277, "1", "m_dyhat_db"),
    (281, "-6", "m_dL_dyhat"),
    (281, "2", "m_dyhat_dw"),
    (281, "-12", "m_dL_dw"),
    (282, "-6", "m_dL_dyhat"),
    (282, "1", "m_dyhat_db"),
    (282, "-6", "m_dL_db"),
    (290, "-12", "m_dL_dw"),
    (291, "-6", "m_dL_db"),
    (324, "1", "k_z1"),
    (325, "1", "k_z1"),
    (325, "1", "k_a1"),
    (326, "1", "k_a1"),
    (326, "2", "k_z2"),
    (327, "2", "k_yhat"),
    (328, "2", "k_yhat"),
    (328, "-2", "k_s"),
    (329, "4", "k_L"),
    (340, "-4", "k_dL_ds"),
    (341, "-4", "k_dL_dyhat"),
    (347, "-4", "k_dL_dz2"),
    (356, "1", "k_dz2_dw2"),
    (357, "2", "k_dz2_da1"),
    (358, "1", "k_dz2_db2"),
    (362, "-4", "k_dL_dz2"),
    (362, "1", "k_dz2_dw2"),
    (362, "-4", "k_dL_dw2"),
    (363, "-4", "k_dL_dz2"),
    (363, "1", "k_dz2_db2"),
    (363, "-4", "k_dL_db2"),
    (364, "-4", "k_dL_dz2"),
    (364, "2", "k_dz2_da1"),
    (364, "-8", "k_dL_da1"),
    (374, "1", "k_relu_grad"),
    (374, "1", "k_z1"),
    (380, "-8", "k_dL_da1"),
    (380, "1", "k_relu_grad"),
    (380, "-8", "k_dL_dz1"),
    (389, "1", "k_dz1_dw1"),
    (389, "1", "k_dz1_db1"),
    (394, "-8", "k_dL_dz1"),
    (394, "1", "k_dz1_dw1"),
    (394, "-8", "k_dL_dw1"),
    (395, "-8", "k_dL_dz1"),
    (395, "1", "k_dz1_db1"),
    (395, "-8", "k_dL_db1"),
    (403, "-8", "k_dL_dw1"),
    (404, "-8", "k_dL_db1"),
    (405, "-4", "k_dL_dw2"),
    (406, "-4", "k_dL_db2"),
]

CAUSE: dict[str, str] = {}  # every number is right

RECORDS = [(line, printed, VALUES[name], name in CAUSE, CAUSE.get(name)) for line, printed, name in _numbers]
