"""Truth for pooyavahidi-backpropagation-jacobian-notebook: forward and backward pass of a 2-3-2-1
network (ReLU, ReLU, sigmoid) on a batch of two examples with the mean binary cross-entropy, worked
by hand in matrix form with explicit Jacobians (4 decimals) and checked against PyTorch (float32),
then one SGD step with learning rate 0.01.

X = [[1, 2], [3, 4]], y = [0, 1]; W1 = [[-1, 2], [3, 0.5], [-0.1, -4]], b1 = [1, -2, 0.3];
W2 = [[0.5, 1, -2], [0.7, 0.1, 0.3]], b2 = [-4, 5]; W3 = [[0.5, -0.3]], b3 = [0.1].
Recomputed in full precision (math module only); the ReLU derivative at 0 is taken as 0, as the
notebook does. Records: every printed value of X·W1ᵀ, Z1, A1, Z2, A2, Z3, A3, the losses and the
cost, 1 − a₁, ∂J/∂A3, σ′ = a(1 − a), ∂J/∂Z3, the gradients of every A, Z, W and b, and the updated
parameters, in Markdown and in outputs. Not records: the structural zeros and ones of the Jacobian
matrices and the inputs, weights and activations laid out inside them (they restate the sparsity
pattern, not a computed value), the constants ½, and the parameter printouts before the update.
"""
import math

X = [[1.0, 2.0], [3.0, 4.0]]
W1 = [[-1.0, 2.0], [3.0, 0.5], [-0.1, -4.0]]
B1 = [1.0, -2.0, 0.3]
W2 = [[0.5, 1.0, -2.0], [0.7, 0.1, 0.3]]
B2 = [-4.0, 5.0]
W3 = [[0.5, -0.3]]
B3 = [0.1]
LR = 0.01


def sigmoid(v: float) -> float:
    return 1 / (1 + math.exp(-v))


def layer(a: list, w: list, b: list) -> tuple:
    products = [[math.fsum(x * wi for x, wi in zip(row, wrow)) for wrow in w] for row in a]
    return products, [[p + bi for p, bi in zip(row, b)] for row in products]


def step(v: float) -> float:
    return 1.0 if v > 0 else 0.0


P1, Z1 = layer(X, W1, B1)
A1 = [[max(0.0, v) for v in row] for row in Z1]
_, Z2 = layer(A1, W2, B2)
A2 = [[max(0.0, v) for v in row] for row in Z2]
_, Z3 = layer(A2, W3, B3)
A3 = [[sigmoid(v) for v in row] for row in Z3]
L = [-math.log(1 - A3[0][0]), -math.log(A3[1][0])]
J = (L[0] + L[1]) / 2
ONE_MINUS = 1 - A3[0][0]
dA3 = [0.5 / (1 - A3[0][0]), -0.5 / A3[1][0]]
SP = [A3[0][0] * (1 - A3[0][0]), A3[1][0] * (1 - A3[1][0])]
dZ3 = [dA3[0] * SP[0], dA3[1] * SP[1]]
dB3 = dZ3[0] + dZ3[1]
dW3 = [dZ3[0] * A2[0][k] + dZ3[1] * A2[1][k] for k in range(2)]
dA2 = [[dZ3[i] * W3[0][k] for k in range(2)] for i in range(2)]
dZ2 = [[dA2[i][k] * step(Z2[i][k]) for k in range(2)] for i in range(2)]
dB2 = [dZ2[0][k] + dZ2[1][k] for k in range(2)]
dW2 = [[dZ2[0][k] * A1[0][j] + dZ2[1][k] * A1[1][j] for j in range(3)] for k in range(2)]
dA1 = [[math.fsum(dZ2[i][k] * W2[k][j] for k in range(2)) for j in range(3)] for i in range(2)]
dZ1 = [[dA1[i][j] * step(Z1[i][j]) for j in range(3)] for i in range(2)]
dB1 = [dZ1[0][j] + dZ1[1][j] for j in range(3)]
dW1 = [[dZ1[0][j] * X[0][c] + dZ1[1][j] * X[1][c] for c in range(2)] for j in range(3)]
NW1 = [[W1[j][c] - LR * dW1[j][c] for c in range(2)] for j in range(3)]
NB1 = [B1[j] - LR * dB1[j] for j in range(3)]
NW2 = [[W2[k][j] - LR * dW2[k][j] for j in range(3)] for k in range(2)]
NB2 = [B2[k] - LR * dB2[k] for k in range(2)]
NW3 = [[W3[0][k] - LR * dW3[k] for k in range(2)]]
NB3 = [B3[0] - LR * dB3]

Q = {}


def _put(name: str, value) -> None:
    if isinstance(value, list):
        for i, v in enumerate(value):
            _put(f"{name}{i}", v)
    else:
        Q[name] = float(value)


for _name, _value in dict(P1=P1, Z1=Z1, A1=A1, Z2=Z2, A2=A2, Z3=Z3, A3=A3, L=L, J=J, ONE_MINUS=ONE_MINUS,
                          dA3=dA3, SP=SP, dZ3=dZ3, dB3=dB3, dW3=dW3, dA2=dA2, dZ2=dZ2, dB2=dB2, dW2=dW2,
                          dA1=dA1, dZ1=dZ1, dB1=dB1, dW1=dW1, NW1=NW1, NB1=NB1, NW2=NW2, NB2=NB2, NW3=NW3,
                          NB3=NB3).items():
    _put(_name, _value)

GIVENS = [(455, "1", 1.0), (455, "2", 2.0), (455, "3", 3.0), (455, "4", 4.0), (455, "-1", -1.0),
          (455, "-0.1", -0.1), (455, "0.5", 0.5), (455, "-4", -4.0), (455, "-2", -2.0), (455, "0.3", 0.3),
          (556, "0.7", 0.7), (556, "0.1", 0.1), (556, "5", 5.0), (640, "0", 0.0), (640, "1", 1.0),
          (2674, "0.01", 0.01)]

# (line of the .ipynb text, the printed numbers, the quantities they stand for); wrong numbers apart
_rows = [
    (382, "4.0000 2.0000 -7.8000", "Z100 Z101 Z102"), (383, "6.0000 9.0000 -16.0000", "Z110 Z111 Z112"),
    (385, "4. 2. 0.", "A100 A101 A102"), (386, "6. 9. 0.", "A110 A111 A112"),
    (388, "0.0000 8.0000", "Z200 Z201"), (389, "8.0000 10.1000", "Z210 Z211"),
    (391, "0.0000 8.0000", "A200 A201"), (392, "8.0000 10.1000", "A210 A211"),
    (394, "-2.3000", "Z300"), (395, "1.0700", "Z310"), (397, "0.0911", "A300"), (398, "0.7446", "A310"),
    (462, "3 4 -8.1 5 11 -16.3", "P100 P101 P102 P110 P111 P112"),
    (466, "3 4 -8.1 5 11 -16.3", "P100 P101 P102 P110 P111 P112"),
    (466, "4 2 -7.8 6 9 -16", "Z100 Z101 Z102 Z110 Z111 Z112"),
    (486, "4.0000 2.0000 -7.8000", "Z100 Z101 Z102"), (487, "6.0000 9.0000 -16.0000", "Z110 Z111 Z112"),
    (503, "4 2 -7.8 6 9 -16", "Z100 Z101 Z102 Z110 Z111 Z112"),
    (510, "4 2 0 6 9 0", "A100 A101 A102 A110 A111 A112"),
    (530, "4. 2. 0.", "A100 A101 A102"), (531, "6. 9. 0.", "A110 A111 A112"),
    (556, "4 2 0 6 9 0", "A100 A101 A102 A110 A111 A112"),
    (560, "0 8 8 10.1", "Z200 Z201 Z210 Z211"), (564, "0 8 8 10.1", "A200 A201 A210 A211"),
    (577, "0.0000 8.0000", "Z200 Z201"), (578, "8.0000 10.1000", "Z210 Z211"),
    (580, "0.0000 8.0000", "A200 A201"), (581, "8.0000 10.1000", "A210 A211"),
    (653, "0.0911", "A300"), (654, "0.7446", "A310"), (668, "0.0911", "A300"), (669, "0.7446", "A310"),
    (671, "0.0955", "L0"), (672, "0.2949", "L1"), (700, "0.0911 0.7446 0.1952", "A300 A310 J"),
    (905, "-0.0249 -0.0396", "dW100 dW101"), (906, "-0.1814 -0.2428", "dW110 dW111"),
    (907, "0.0000 0.0000", "dW120 dW121"), (912, "-0.0147 -0.0614 0.0000", "dB10 dB11 dB12"),
    (920, "-0.3831 -0.5747 0.0000", "dW200 dW201 dW202"), (921, "0.1752 0.3175 0.0000", "dW210 dW211 dW212"),
    (926, "-0.0639 0.0246", "dB20 dB21"), (933, "-1.0216 -0.9253", "dW30 dW31"), (938, "-0.0821", "dB3"),
    (1076, "0.0911", "A300"), (1079, "0.0911 0.9089", "A300 ONE_MINUS"), (1112, "0.7446", "A310"),
    (1115, "0.7446", "A310"), (1126, "0.9089 0.7446", "ONE_MINUS A310"),
    (1168, "0.9089 0.7446", "ONE_MINUS A310"), (1171, "0.9089 0.7446", "ONE_MINUS A310"),
    (1172, "0.5501 -0.6715", "dA30 dA31"), (1183, "0.5501 -0.6715", "dA30 dA31"),
    (1300, "0.5501 -0.6715 0.0828 0.0456 -0.1277", "dA30 dA31 SP0 dZ30 dZ31"),
    (1309, "0.0456 -0.1277", "dZ30 dZ31"), (1382, "0.0456 -0.1277 -0.0821", "dZ30 dZ31 dB3"),
    (1392, "-0.0821", "dB3"), (1412, "-0.0821", "dB3"),
    (1490, "0.0000 8.0000", "A200 A201"), (1491, "8.0000 10.1000", "A210 A211"),
    (1506, "0 8 8 10.1", "A200 A201 A210 A211"),
    (1527, "0.0456 -0.1277 0 8 8 10.1 -1.0216", "dZ30 dZ31 A200 A201 A210 A211 dW30"),
    (1538, "-1.0216", "dW30"), (1559, "-1.0216 -0.9253", "dW30 dW31"), (1672, "0.0456 -0.1277", "dZ30 dZ31"),
    (1676, "0.0228 -0.0137 -0.0639 0.0383", "dA200 dA201 dA210 dA211"),
    (1685, "0.0228 -0.0137 -0.0639 0.0383", "dA200 dA201 dA210 dA211"),
    (1768, "0 8 8 10.1", "Z200 Z201 Z210 Z211"),
    (1805, "0.0228 -0.0137 -0.0639 0.0383", "dA200 dA201 dA210 dA211"),
    (1814, "0 -0.0137 -0.0639 0.0383", "dZ200 dZ201 dZ210 dZ211"),
    (1818, "0 -0.0137 -0.0639 0.0383", "dZ200 dZ201 dZ210 dZ211"),
    (1905, "0 -0.0137 -0.0639 0.0383", "dZ200 dZ201 dZ210 dZ211"),
    (1914, "-0.0639 0.0246", "dB20 dB21"), (1918, "-0.0639 0.0246", "dB20 dB21"),
    (1938, "-0.0639 0.0246", "dB20 dB21"),
    (2044, "4. 2. 0.", "A100 A101 A102"), (2045, "6. 9. 0.", "A110 A111 A112"),
    (2070, "0 -0.0137 -0.0639 0.0383", "dZ200 dZ201 dZ210 dZ211"),
    (2080, "-0.3831 -0.5747 0 0.1752 0", "dW200 dW201 dW202 dW210 dW212"),
    (2089, "-0.3831 -0.5747 0 0.1752 0", "dW200 dW201 dW202 dW210 dW212"),
    (2109, "-0.3831 -0.5747 0.0000", "dW200 dW201 dW202"),
    (2110, "0.1752 0.3175 0.0000", "dW210 dW211 dW212"),
    (2233, "0 -0.0137 -0.0639 0.0383", "dZ200 dZ201 dZ210 dZ211"),
    (2242, "-0.0096 -0.0014 -0.0041 -0.0051", "dA100 dA101 dA102 dA110"),
    (2251, "-0.0096 -0.0014 -0.0041 -0.0051", "dA100 dA101 dA102 dA110"),
    (2338, "-0.0096 -0.0014 0 -0.0051 -0.0600 0", "dZ100 dZ101 dZ102 dZ110 dZ111 dZ112"),
    (2347, "-0.0096 -0.0014 0 -0.0051 -0.0600 0", "dZ100 dZ101 dZ102 dZ110 dZ111 dZ112"),
    (2428, "-0.0147 -0.0614 0", "dB10 dB11 dB12"), (2437, "-0.0147 -0.0614 0", "dB10 dB11 dB12"),
    (2457, "-0.0147 -0.0614 0.0000", "dB10 dB11 dB12"),
    (2560, "-0.0096 -0.0014 0 -0.0051 -0.0600 0", "dZ100 dZ101 dZ102 dZ110 dZ111 dZ112"),
    (2569, "-0.0249 -0.0396 -0.1814 -0.2428 0 0", "dW100 dW101 dW110 dW111 dW120 dW121"),
    (2577, "-0.0249 -0.0396 -0.1814 -0.2428 0 0", "dW100 dW101 dW110 dW111 dW120 dW121"),
    (2597, "-0.0249 -0.0396", "dW100 dW101"), (2598, "-0.1814 -0.2428", "dW110 dW111"),
    (2599, "0.0000 0.0000", "dW120 dW121"),
    (2653, "-0.0249 -0.0396 -0.1814 -0.2428 0 0", "dW100 dW101 dW110 dW111 dW120 dW121"),
    (2656, "-0.0147 -0.0614 0", "dB10 dB11 dB12"), (2679, "-0.0147 -0.0614 0", "dB10 dB11 dB12"),
    (2690, "-1.9994 0.3", "NB11 NB12"),
    (2712, "-0.0249 -0.0396 -0.1814 -0.2428 0 0", "dW100 dW101 dW110 dW111 dW120 dW121"),
    (2723, "-0.9998 2.0004 3.0018 0.5024 -0.1 -4", "NW100 NW101 NW110 NW111 NW120 NW121"),
    (2750, "-0.9998 2.0004", "NW100 NW101"), (2751, "3.0018 0.5024", "NW110 NW111"),
    (2752, "-0.1000 -4.0000", "NW120 NW121"),
    (2754, "-0.0249 -0.0396", "dW100 dW101"), (2755, "-0.1814 -0.2428", "dW110 dW111"),
    (2756, "0.0000 0.0000", "dW120 dW121"), (2759, "1.0001 -1.9994 0.3000", "NB10 NB11 NB12"),
    (2761, "-0.0147 -0.0614 0.0000", "dB10 dB11 dB12"),
    (2766, "0.5038 1.0057 -2.0000", "NW200 NW201 NW202"), (2767, "0.6982 0.0968 0.3000", "NW210 NW211 NW212"),
    (2769, "-0.3831 -0.5747 0.0000", "dW200 dW201 dW202"),
    (2770, "0.1752 0.3175 0.0000", "dW210 dW211 dW212"),
    (2773, "-3.9994 4.9998", "NB20 NB21"), (2775, "-0.0639 0.0246", "dB20 dB21"),
    (2780, "0.5102 -0.2907", "NW300 NW301"), (2782, "-1.0216 -0.9253", "dW30 dW31"), (2785, "0.1008", "NB30"),
    (2787, "-0.0821", "dB3"),
]

# (line, printed, quantity, cause)
_wrong = [
    (719, "0.19522885978221893", "J", "float32"),           # true 0.19522886210143703
    (1300, "0.1901", "SP1", "truncated"),                   # a(1 − a) = 0.190172…
    (1527, "-0.9250", "dW31", "rounding_carried"),          # 0.0456·8 − 0.1277·10.1; true −0.9253
    (1538, "-0.9250", "dW31", "rounding_carried"),
    (2080, "0.3173", "dW211", "rounding_carried"),          # −0.0137·2 + 0.0383·9; true 0.3175
    (2089, "0.3173", "dW211", "rounding_carried"),
    (2242, "-0.0601", "dA111", "rounding_carried"),         # −0.0639 + 0.0383·0.1; true −0.0600
    (2251, "-0.0601", "dA111", "rounding_carried"),
    (2242, "0.1393", "dA112", "rounding_carried"),          # 0.0639·2 + 0.0383·0.3; true 0.1392
    (2251, "0.1393", "dA112", "rounding_carried"),
    (2690, "0.1001", "NB10", "digit_slip"),                 # 1 + 0.01·0.0147; true 1.0001
]

RECORDS = [(line, p, Q[n], False, None) for line, ps, ns in _rows for p, n in zip(ps.split(), ns.split())]
RECORDS += [(line, p, Q[n], True, cause) for line, p, n, cause in _wrong]
