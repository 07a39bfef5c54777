"""Truth for pooyavahidi-computational-graph-notebook: two small computational graphs in a
notebook, checked with PyTorch. First f(x) = ((x + 5)³ + 1)² at x = −3, decomposed as h = x + 5,
g = h³ + 1, f = g², and df/dx = 2g · 3h² · 1; then a one-sample linear regression c = w x,
f = c + b, d = f − y, J = d² / 2 at x = −3, y = 5, w = 3, b = 1 and the gradients of J with
respect to d, f, c, b and w. The name f stands for two different quantities in the two parts.
Math module only (plain arithmetic suffices).
"""

X = -3.0
H = X + 5
G = H ** 3 + 1
F = G ** 2
DF_DX = 2 * G * 3 * H ** 2

Y, W, B = 5.0, 3.0, 1.0
C = W * X
F2 = C + B
D = F2 - Y
J = D ** 2 / 2
DJ_DD = D
DJ_DF = DJ_DD
DJ_DC = DJ_DF
DJ_DB = DJ_DF
DJ_DW = DJ_DC * X

GIVENS = [(19, "-3", -3.0), (163, "-3.0", -3.0), (164, "5.0", 5.0), (165, "3.0", 3.0), (166, "1.0", 1.0)]

_numbers = [
    (21, "2", H),
    (22, "9", G),
    (23, "81", F),
    (71, "81.", F),
    (89, "216.0", DF_DX),
    (249, "-9.0", C),
    (250, "-8.0", F2),
    (253, "-13.0", D),
    (254, "84.5", J),
    (292, "-13.0", DJ_DD),
    (293, "-13.0", DJ_DF),
    (294, "-13.0", DJ_DC),
    (295, "-13.0", DJ_DB),
    (296, "39.0", DJ_DW),
]

RECORDS = [(line, printed, value, False, None) for line, printed, value in _numbers]
