"""Truth for smaxx73-session6-backprop: every number the session's worked examples derive,
recomputed from the givens in full precision (math module only).

Four examples: the chain-rule warm-ups (lines 55, 94, 581, 1380), Exercise 3.1 (a sigmoid neuron,
L = (ŷ − y)², lines 247–261), the 2-2-1 sigmoid network in matrix form (lines 411–549) and
Exercise 9.1 (a 1-1-1 sigmoid chain, lines 1042–1071). The loss is (y − ŷ)² throughout.
"""
import math


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


# Chain-rule warm-ups
dL_dh = 0.3 / 0.1
dF_dh = 1.8 * (-6)
s0 = sigmoid(0.0)
big = (0 - 0.99) ** 2

# Exercise 3.1: x = 2, w = 0.5, b = -0.5, y = 1
x, w, b, y = 2.0, 0.5, -0.5, 1.0
z1 = w * x
z = z1 + b
yhat = sigmoid(z)
e = yhat - y
L = e * e
dL_de = 2 * e
dL_dz = dL_de * yhat * (1 - yhat)
dL_dw = dL_dz * x
dL_db = dL_dz

# 2-2-1 network, x = [1, 0], y = 1
W1 = [[0.5, 0.3], [-0.2, 0.8]]
b1 = [0.1, -0.1]
W2 = [0.6, -0.4]
b2 = 0.2
xv, yt = [1.0, 0.0], 1.0
zh = [W1[i][0] * xv[0] + W1[i][1] * xv[1] + b1[i] for i in range(2)]
ah = [sigmoid(v) for v in zh]
p0, p1 = W2[0] * ah[0], W2[1] * ah[1]
zo = p0 + p1 + b2
ao = sigmoid(zo)
Lo = (yt - ao) ** 2
dL_dao = -2 * (yt - ao)
sp2 = ao * (1 - ao)
d2 = dL_dao * sp2
dW2 = [d2 * ah[0], d2 * ah[1]]
back = [W2[0] * d2, W2[1] * d2]
sp1 = [ah[0] * (1 - ah[0]), ah[1] * (1 - ah[1])]
d1 = [back[0] * sp1[0], back[1] * sp1[1]]
dW1 = [[d1[0] * xv[0], d1[0] * xv[1]], [d1[1] * xv[0], d1[1] * xv[1]]]
eta = 1.0
W2new = [W2[0] - eta * dW2[0], W2[1] - eta * dW2[1]]

# Exercise 9.1: w1 = 0.5, b1 = 0, w2 = -1.0, b2 = 0.5, x = 1.0, y = 0, eta = 1.0
a_w1, a_b1, a_w2, a_b2, a_x, a_y = 0.5, 0.0, -1.0, 0.5, 1.0, 0.0
c_z1 = a_w1 * a_x + a_b1
c_a1 = sigmoid(c_z1)
c_z2 = a_w2 * c_a1 + a_b2
c_yh = sigmoid(c_z2)
c_L = (a_y - c_yh) ** 2
c_dyh = -2 * (a_y - c_yh)
c_sp2 = c_yh * (1 - c_yh)
c_d2 = c_dyh * c_sp2
c_dw2 = c_d2 * c_a1
c_back = a_w2 * c_d2
c_sp1 = c_a1 * (1 - c_a1)
c_d1 = c_back * c_sp1
c_dw1 = c_d1 * a_x
c_w2 = a_w2 - 1.0 * c_dw2
c_b2 = a_b2 - 1.0 * c_d2
c_w1 = a_w1 - 1.0 * c_dw1
c_b1 = a_b1 - 1.0 * c_d1

GIVENS = [
    (55, "+0.1", 0.1), (55, "+0.3", 0.3), (94, "1.8", 1.8), (94, "-6", -6.0),
    (218, "2", 2.0), (218, "0.5", 0.5), (218, "-0.5", -0.5), (218, "1", 1.0),
    (411, "0.5", 0.5), (411, "0.3", 0.3), (411, "-0.2", -0.2), (411, "0.8", 0.8),
    (411, "0.1", 0.1), (411, "-0.1", -0.1), (415, "0.6", 0.6), (415, "-0.4", -0.4), (415, "0.2", 0.2),
    (542, "1.0", 1.0),
    (1027, "0.5", 0.5), (1027, "0", 0.0), (1027, "-1.0", -1.0), (1027, "0.5", 0.5),
    (1028, "1.0", 1.0), (1028, "0", 0.0), (1036, "1.0", 1.0),
]

# (line, printed, true value, wrong at printed precision, cause)
RECORDS = [
    (55, "3.0", dL_dh, False, None),
    (94, "-10.8", dF_dh, False, None),
    (247, "1.0", z1, False, None),
    (248, "1.0", z1, False, None),
    (248, "0.5", z, False, None),
    (249, "0.6225", yhat, False, None),
    (250, "0.6225", yhat, False, None),
    (250, "-0.3775", e, False, None),
    (251, "-0.3775", e, False, None),
    (251, "0.1425", L, False, None),
    (257, "-0.3775", e, False, None),
    (257, "-0.7550", dL_de, True, "rounding_carried"),
    (258, "-0.7550", dL_de, True, "rounding_carried"),
    (258, "-0.7550", dL_de, True, "rounding_carried"),
    (259, "-0.7550", dL_de, True, "rounding_carried"),
    (259, "0.6225", yhat, False, None),
    (259, "0.6225", yhat, False, None),
    (259, "-0.1774", dL_dz, False, None),
    (260, "-0.1774", dL_dz, False, None),
    (260, "-0.3549", dL_dw, False, None),
    (261, "-0.1774", dL_db, False, None),
    (261, "-0.1774", dL_db, False, None),
    (425, "0.6", zh[0], False, None),
    (425, "-0.3", zh[1], False, None),
    (429, "0.6457", ah[0], False, None),
    (429, "0.4256", ah[1], False, None),
    (435, "0.6457", ah[0], False, None),
    (435, "0.4256", ah[1], False, None),
    (439, "0.6457", ah[0], False, None),
    (439, "0.4256", ah[1], False, None),
    (439, "0.3874", p0, False, None),
    (439, "-0.1702", p1, False, None),
    (439, "0.4172", zo, False, None),
    (443, "0.4172", zo, False, None),
    (443, "0.6028", ao, False, None),
    (449, "0.6028", ao, False, None),
    (449, "0.3972", yt - ao, False, None),
    (449, "0.1578", Lo, False, None),
    (463, "0.6028", ao, False, None),
    (463, "-0.7944", dL_dao, False, None),
    (466, "0.6028", ao, False, None),
    (466, "0.3972", 1 - ao, False, None),
    (466, "0.2395", sp2, True, "arithmetic"),
    (469, "-0.7944", dL_dao, False, None),
    (469, "0.2395", sp2, True, "arithmetic"),
    (469, "-0.1903", d2, True, "carried_error"),
    (474, "-0.1903", d2, True, "carried_error"),
    (474, "0.6457", ah[0], False, None),
    (474, "0.4256", ah[1], False, None),
    (484, "-0.1903", d2, True, "carried_error"),
    (484, "0.6457", ah[0], False, None),
    (484, "0.4256", ah[1], False, None),
    (484, "-0.1229", dW2[0], True, "carried_error"),
    (484, "-0.0810", dW2[1], True, "carried_error"),
    (488, "-0.1903", d2, True, "carried_error"),
    (505, "-0.1903", d2, True, "carried_error"),
    (505, "-0.1142", back[0], True, "carried_error"),
    (505, "0.0761", back[1], False, None),
    (511, "0.6457", ah[0], False, None),
    (511, "0.3543", 1 - ah[0], False, None),
    (511, "0.4256", ah[1], False, None),
    (511, "0.5744", 1 - ah[1], False, None),
    (511, "0.2288", sp1[0], False, None),
    (511, "0.2445", sp1[1], False, None),
    (515, "-0.1142", back[0], True, "carried_error"),
    (515, "0.0761", back[1], False, None),
    (515, "0.2288", sp1[0], False, None),
    (515, "0.2445", sp1[1], False, None),
    (515, "-0.0261", d1[0], False, None),
    (515, "0.0186", d1[1], False, None),
    (520, "-0.0261", d1[0], False, None),
    (520, "0.0186", d1[1], False, None),
    (530, "-0.0261", d1[0], False, None),
    (530, "0.0186", d1[1], False, None),
    (530, "-0.0261", dW1[0][0], False, None),
    (530, "0", dW1[0][1], False, None),
    (530, "0.0186", dW1[1][0], False, None),
    (530, "0", dW1[1][1], False, None),
    (534, "-0.0261", d1[0], False, None),
    (534, "0.0186", d1[1], False, None),
    (545, "-0.1229", dW2[0], True, "carried_error"),
    (545, "-0.0810", dW2[1], True, "carried_error"),
    (549, "0.7229", W2new[0], True, "carried_error"),
    (549, "-0.3190", W2new[1], True, "carried_error"),
    (581, "0.5", s0, False, None),
    (581, "0.5", 1 - s0, False, None),
    (581, "0.25", s0 * (1 - s0), False, None),
    (1042, "0.5", c_z1, False, None),
    (1043, "0.6225", c_a1, False, None),
    (1044, "0.6225", c_a1, False, None),
    (1044, "-0.1225", c_z2, False, None),
    (1045, "-0.1225", c_z2, False, None),
    (1045, "0.4694", c_yh, False, None),
    (1046, "0.4694", c_yh, False, None),
    (1046, "0.2203", c_L, True, "rounding_carried"),
    (1049, "0.4694", c_yh, False, None),
    (1049, "0.9388", c_dyh, False, None),
    (1050, "0.4694", c_yh, False, None),
    (1050, "0.5306", 1 - c_yh, False, None),
    (1050, "0.2490", c_sp2, True, "truncated"),
    (1051, "0.9388", c_dyh, False, None),
    (1051, "0.2490", c_sp2, True, "truncated"),
    (1051, "0.2338", c_d2, False, None),
    (1054, "0.2338", c_d2, False, None),
    (1054, "0.6225", c_a1, False, None),
    (1054, "0.1455", c_dw2, True, "rounding_carried"),
    (1055, "0.2338", c_d2, False, None),
    (1058, "0.2338", c_d2, False, None),
    (1058, "-0.2338", c_back, False, None),
    (1059, "0.6225", c_a1, False, None),
    (1059, "0.3775", 1 - c_a1, False, None),
    (1059, "0.2350", c_sp1, False, None),
    (1060, "-0.2338", c_back, False, None),
    (1060, "0.2350", c_sp1, False, None),
    (1060, "-0.0549", c_d1, True, "rounding_carried"),
    (1063, "-0.0549", c_d1, True, "rounding_carried"),
    (1063, "-0.0549", c_dw1, True, "rounding_carried"),
    (1064, "-0.0549", c_d1, True, "rounding_carried"),
    (1067, "0.1455", c_dw2, True, "rounding_carried"),
    (1067, "-1.1455", c_w2, True, "carried_error"),
    (1068, "0.2338", c_d2, False, None),
    (1068, "0.2662", c_b2, False, None),
    (1069, "-0.0549", c_dw1, True, "rounding_carried"),
    (1069, "0.5549", c_w1, True, "carried_error"),
    (1070, "-0.0549", c_d1, True, "rounding_carried"),
    (1070, "0.0549", c_b1, True, "carried_error"),
    (1380, "0.98", big, False, None),
]
