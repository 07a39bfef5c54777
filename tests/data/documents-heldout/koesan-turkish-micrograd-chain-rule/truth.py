"""Truth for koesan-turkish-micrograd-chain-rule: a Turkish README that walks two computation graphs
by hand in the style of the micrograd lecture, explaining every local derivative by the limit
definition.

Graph 1: e = a·b, d = e + c, L = d·f with a = 2, b = −3, c = 10 (code cells) and f = −2 (prose);
the local derivatives dd/db = a, dd/dc = 1, the finite-difference slope of d in c with h = 0.0001
(a printed Python float), and the chain rule down to ∂L/∂a = 6 and ∂L/∂b = −4; two hypothetical
illustrations ("let f be 5", "let d be 4") whose rates 5 and 4 are records with the hypothesis as
their given. Graph 2: a tanh neuron o = tanh(x1·w1 + x2·w2 + b) whose forward values are only in
figures; the text reads o = 0.7071 off a figure (a given here) and restates x1 = 2, w1 = −3,
x2 = 0, w2 = 1 as operands; do/dn = 1 − o², then the gradients of the sum nodes and of x1, w1,
x2, w2. Recomputed in full precision (plain Python, no import needed).
"""
a, b, c, f, h = 2.0, -3.0, 10.0, -2.0, 0.0001
e = a * b
d = e + c
L = d * f
dd_db = a
dd_dc = 1.0
d_const = 0.0          # the derivative of a term that does not depend on the variable
unit = 1.0             # the derivative of a variable with respect to itself
fd_slope = 1.0        # ((a·b + c + h) − (a·b + c)) / h, exactly 1 in real arithmetic
dL_dd, dL_df = f, d
dL_de = dL_dd * 1.0
dL_dc = dL_dd * 1.0
dL_da = dL_de * b
dL_db = dL_de * a
rate_f, rate_d = 5.0, 4.0   # hypothetical f = 5 and d = 4

o = 0.7071                  # read off a figure
x1, w1, x2, w2 = 2.0, -3.0, 0.0, 1.0
do_dn = 1 - o ** 2
do_dsum = do_dn * 1.0
do_dx1w1 = do_dx2w2 = do_dsum
do_dx1 = do_dx1w1 * w1
do_dw1 = do_dx1w1 * x1
do_dx2 = do_dx2w2 * w2
do_dw2 = do_dx2w2 * x2

VALUES = {name: value for name, value in globals().items() if isinstance(value, float)}

GIVENS = [(73, "2.0", 2.0), (74, "-3.0", -3.0), (75, "10.0", 10.0), (71, "0.0001", 0.0001),
          (285, "5", 5.0), (293, "4", 4.0), (393, "2.0", 2.0), (395, "-3.0", -3.0), (547, "0.7071", 0.7071)]

# (line, printed, quantity, cause when wrong)
_numbers = [
    (106, "0", "d_const", None), (113, "1", "unit", None), (116, "1", "unit", None),
    (126, "0", "d_const", None),
    (143, "0", "d_const", None), (147, "1", "unit", None),
    (151, "0", "d_const", None), (151, "1", "unit", None), (151, "1", "dd_dc", None),
    (155, "1", "dd_dc", None), (157, "1", "dd_dc", None),
    (176, "0.9999999999976694", "fd_slope", "float32"),   # binary floating point (float64) cancellation
    (181, "0.9999999999976694", "fd_slope", "float32"),
    (193, "1", "dd_dc", None), (245, "1", "unit", None), (248, "1", "unit", None),
    (285, "5", "rate_f", None), (287, "5", "rate_f", None), (293, "4", "rate_d", None),
    (295, "4", "rate_d", None),
    (321, "1", "dd_dc", None), (321, "1", "dd_dc", None), (327, "1", "unit", None),
    (335, "-2", "dL_dd", None), (337, "1", "unit", None),
    (343, "-2", "dL_dd", None), (343, "1", "unit", None), (343, "-2", "dL_dc", None),
    (345, "-2", "dL_dc", None),
    (351, "-2", "dL_dd", None), (351, "1", "unit", None), (351, "-2", "dL_de", None),
    (353, "-2", "dL_de", None),
    (355, "-2", "dL_dd", None), (363, "-2", "dL_de", None), (387, "-2", "dL_de", None),
    (391, "-2", "dL_de", None),
    (401, "-2", "dL_de", None), (401, "-3.0", "b", None), (401, "6.0", "dL_da", None),
    (403, "6.0", "dL_da", None),
    (409, "-2", "dL_de", None), (409, "2.0", "a", None), (409, "-4.0", "dL_db", None),
    (411, "-4.0", "dL_db", None),
    (413, "6.0", "dL_da", None), (413, "-4.0", "dL_db", None), (413, "-2", "dL_de", None),
    (423, "6.0", "dL_da", None), (423, "-4.0", "dL_db", None), (427, "+6.0", "dL_da", None),
    (427, "+6.0", "dL_da", None),
    (493, "1", "unit", None), (493, "1", "unit", None),
    (547, "0.5", "do_dn", None), (549, "0.5", "do_dn", None), (563, "0.5", "do_dn", None),
    (579, "1", "unit", None), (587, "1", "unit", None), (597, "0.5", "do_dn", None), (599, "1", "unit", None),
    (607, "0.5", "do_dn", None), (607, "1", "unit", None), (607, "0.5", "do_dsum", None),
    (609, "0.5", "do_dsum", None),
    (617, "0.5", "do_dn", None), (617, "1", "unit", None), (617, "0.5", "do_dsum", None),
    (619, "0.5", "do_dsum", None),
    (623, "0.5", "do_dn", None), (637, "1", "unit", None), (637, "0.5", "do_dsum", None),
    (639, "0.5", "do_dsum", None),
    (645, "0.5", "do_dx1w1", None), (647, "0.5", "do_dx2w2", None), (649, "0.5", "do_dsum", None),
    (687, "0.5", "do_dx1w1", None), (687, "0.5", "do_dx2w2", None),
    (691, "0.5", "do_dx1w1", None), (691, "-3.0", "w1", None), (691, "-1.5", "do_dx1", None),
    (693, "0.5", "do_dx1w1", None), (693, "2.0", "x1", None), (693, "1.0", "do_dw1", None),
    (695, "-1.5", "do_dx1", None), (695, "1.0", "do_dw1", None),
    (699, "0.5", "do_dx2w2", None), (699, "1.0", "w2", None), (699, "0.5", "do_dx2", None),
    (701, "0.5", "do_dx2w2", None), (701, "0.0", "x2", None), (701, "0.0", "do_dw2", None),
    (703, "0.5", "do_dx2", None), (703, "0.0", "do_dw2", None),
    (705, "0", "do_dw2", None), (723, "0", "do_dw2", None),
    (741, "6.0", "dL_da", None),
]

RECORDS = [(line, printed, VALUES[name], cause is not None, cause) for line, printed, name, cause in _numbers]
