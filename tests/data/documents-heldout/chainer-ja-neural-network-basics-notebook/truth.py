"""Truth for chainer-ja-neural-network-basics-notebook: chapter 13 ("ニューラルネットワークの基礎") of
the Japanese Chainer tutorial. A 3-2-1 network with x = (2, 3, 1), W1 = [[3, 1, 2], [-2, -3, -1]],
b1 = 0, w2 = (3, 2), b2 = 0: by hand with ReLU (u = (11, -14), h = (11, 0), y = 33, L = (20 - 33)² =
169), two illustrative gradient-descent steps (w = 4, gradient 5 then -2, η = 0.5), then the same
network with a sigmoid hidden layer in NumPy float64 (y, dL/dw2 = -2(t - y) h, dL/dw1) and in Chainer
float32. The float32 run's gradients differ from the float64 ones beyond their printed digits
(1 - σ(11) and σ(-14) lose their digits in float32); y and dL/dw2's first element are right at their
printed precision except -3.3999527e+01 (float64 -33.99952903). Lines are lines of the .ipynb file.

Not records: the illustrative outputs "y1 = 0.15, y2 = 0.85" of the wine example (supposed, not
computed) and the gradients 5 and -2 "supposed" at w = 4 and w = 1.5 (givens).
"""
import math


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


X = [2.0, 3.0, 1.0]
W1 = [[3.0, 1.0, 2.0], [-2.0, -3.0, -1.0]]
W2 = [3.0, 2.0]
T = 20.0

# by hand, ReLU hidden layer
U = [sum(w * x for w, x in zip(row, X)) for row in W1]
H_RELU = [max(0.0, u) for u in U]
Y_RELU = W2[0] * H_RELU[0] + W2[1] * H_RELU[1]
L_RELU = (T - Y_RELU) ** 2

# two illustrative gradient-descent steps
ETA, W_START, G1, G2 = 0.5, 4.0, 5.0, -2.0
STEP1 = ETA * G1
W_AFTER1 = W_START - STEP1
STEP2 = ETA * G2
W_AFTER2 = W_AFTER1 - STEP2

# sigmoid hidden layer (NumPy float64 and Chainer)
H = [sigmoid(u) for u in U]
Y = W2[0] * H[0] + W2[1] * H[1]
DL_DY = -2.0 * (T - Y)
DL_DW2 = [DL_DY * h for h in H]
DL_DU = [DL_DY * W2[i] * H[i] * (1.0 - H[i]) for i in range(2)]
DL_DW1 = [[d * x for x in X] for d in DL_DU]

GIVENS = [
    (117, "3", 3.0), (117, "14", 14.0), (117, "0.2", 0.2),
    (302, "2", 2.0), (303, "3", 3.0), (304, "1", 1.0),
    (317, "3", 3.0), (317, "1", 1.0), (317, "2", 2.0),
    (318, "-2", -2.0), (318, "-3", -3.0), (318, "-1", -1.0),
    (322, "0", 0.0), (323, "0", 0.0),
    (384, "3", 3.0), (384, "2", 2.0), (390, "0", 0.0),
    (495, "20", 20.0),
    (580, "4", 4.0), (586, "4", 4.0), (586, "5", 5.0), (608, "0.5", 0.5), (628, "-2", -2.0),
    (809, "2", 2.0), (809, "3", 3.0), (809, "1", 1.0), (812, "20", 20.0),
    (839, "-2", -2.0), (839, "-3", -3.0), (839, "-1", -1.0), (843, "3", 3.0), (843, "2", 2.0),
]

_F32 = "float32"

_numbers = [
    (350, "11", U[0], None), (351, "-14", U[1], None),
    (370, "11", U[0], None), (371, "-14", U[1], None),
    (375, "11", H_RELU[0], None), (376, "0", H_RELU[1], None),
    (397, "33", Y_RELU, None),
    (495, "33", Y_RELU, None),
    (498, "33", Y_RELU, None), (498, "169", L_RELU, None),
    (612, "2.5", STEP1, None),
    (619, "2.5", STEP1, None),
    (622, "1.5", W_AFTER1, None),
    (626, "1.5", W_AFTER1, None),
    (632, "-1", STEP2, None),
    (637, "1.5", W_AFTER1, None), (637, "-1", STEP2, None),
    (639, "2.5", W_AFTER2, None),
    # NumPy, float64
    (888, "2.99995156", Y, None),
    (910, "2.99995156", Y, None),
    (911, "2.99995156", Y, None),
    (966, "-3.39995290e+01", DL_DW2[0], None), (966, "-2.82720335e-05", DL_DW2[1], None),
    (1102, "-3.40704286e-03", DL_DW1[0][0], None), (1102, "-5.11056429e-03", DL_DW1[0][1], None),
    (1102, "-1.70352143e-03", DL_DW1[0][2], None),
    (1103, "-1.13088040e-04", DL_DW1[1][0], None), (1103, "-1.69632060e-04", DL_DW1[1][1], None),
    (1103, "-5.65440200e-05", DL_DW1[1][2], None),
    # Chainer, float32: 1 - σ(11) = 1.67e-5 and σ(-14) = 8.3e-7 keep few digits in float32
    (1324, "2.9999516", Y, None),
    (1325, "-3.3999527e+01", DL_DW2[0], _F32), (1325, "-2.8371891e-05", DL_DW2[1], _F32),
    (1326, "-3.4045703e-03", DL_DW1[0][0], _F32), (1326, "-5.1068552e-03", DL_DW1[0][1], _F32),
    (1326, "-1.7022851e-03", DL_DW1[0][2], _F32),
    (1327, "-1.1348747e-04", DL_DW1[1][0], _F32), (1327, "-1.7023120e-04", DL_DW1[1][1], _F32),
    (1327, "-5.6743735e-05", DL_DW1[1][2], _F32),
    # the comments "should be …" restate the NumPy values
    (1353, "2.99995156", Y, None),
    (1362, "-3.39995290e+01", DL_DW2[0], None), (1362, "-2.82720335e-05", DL_DW2[1], None),
    (1365, "-3.40704286e-03", DL_DW1[0][0], None), (1365, "-5.11056429e-03", DL_DW1[0][1], None),
    (1365, "-1.70352143e-03", DL_DW1[0][2], None),
    (1366, "-1.13088040e-04", DL_DW1[1][0], None), (1366, "-1.69632060e-04", DL_DW1[1][1], None),
    (1366, "-5.65440200e-05", DL_DW1[1][2], None),
]

RECORDS = [(line, printed, value, cause is not None, cause) for line, printed, value, cause in _numbers]
