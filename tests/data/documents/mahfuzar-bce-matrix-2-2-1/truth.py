"""Truth for mahfuzar-bce-matrix-2-2-1: a 2-2-1 sigmoid network in matrix form with binary
cross-entropy, x = [1, 0]ᵀ, y = 1; forward pass, δ⁽²⁾, ∂L/∂W⁽²⁾, δ⁽¹⁾, ∂L/∂W⁽¹⁾ (math module only;
log is the natural logarithm)."""
import math


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


x = [1.0, 0.0]
W1 = [[0.1, 0.2], [0.3, 0.4]]
b1 = [0.1, 0.1]
W2 = [0.2, 0.3]
b2, y = 0.1, 1.0

Wx = [W1[i][0] * x[0] + W1[i][1] * x[1] for i in range(2)]
z1 = [Wx[i] + b1[i] for i in range(2)]
a1 = [sigmoid(v) for v in z1]
p = [W2[i] * a1[i] for i in range(2)]
z2 = p[0] + p[1] + b2
yhat = sigmoid(z2)
loss = -(y * math.log(yhat) + (1 - y) * math.log(1 - yhat))
d2 = yhat - y
dW2 = [d2 * a1[i] for i in range(2)]
d1 = [d2 * W2[i] * a1[i] * (1 - a1[i]) for i in range(2)]
dW1 = [[d1[i] * x[j] for j in range(2)] for i in range(2)]
VALUES = dict(Wx0=Wx[0], Wx1=Wx[1], z1_0=z1[0], z1_1=z1[1], a1_0=a1[0], a1_1=a1[1], p0=p[0], p1=p[1],
              z2=z2, yhat=yhat, loss=loss, d2=d2, dW2_0=dW2[0], dW2_1=dW2[1], d1_0=d1[0], d1_1=d1[1],
              dW1_00=dW1[0][0], dW1_01=dW1[0][1], dW1_10=dW1[1][0], dW1_11=dW1[1][1])

GIVENS = [(180, "1", 1.0), (180, "0", 0.0), (181, "0.1", 0.1), (181, "0.2", 0.2), (181, "0.3", 0.3),
          (181, "0.4", 0.4), (182, "0.1", 0.1), (182, "0.1", 0.1), (186, "0.2", 0.2), (186, "0.3", 0.3),
          (187, "0.1", 0.1), (187, "1", 1.0)]

# (line, printed, the quantity it stands for)
_numbers = [
    (197, "0.1", "Wx0"),
    (197, "0.3", "Wx1"),
    (197, "0.2", "z1_0"),
    (197, "0.4", "z1_1"),
    (203, "0.2", "z1_0"),
    (203, "0.4", "z1_1"),
    (203, "0.55", "a1_0"),
    (203, "0.60", "a1_1"),
    (209, "0.55", "a1_0"),
    (209, "0.60", "a1_1"),
    (209, "0.11", "p0"),
    (209, "0.18", "p1"),
    (209, "0.39", "z2"),
    (215, "0.39", "z2"),
    (215, "0.596", "yhat"),
    (223, "0.596", "yhat"),
    (223, "0.596", "yhat"),
    (223, "0.517", "loss"),
    (233, "0.596", "yhat"),
    (233, "-0.404", "d2"),
    (239, "-0.404", "d2"),
    (239, "0.55", "a1_0"),
    (239, "0.60", "a1_1"),
    (239, "-0.222", "dW2_0"),
    (239, "-0.243", "dW2_1"),
    (249, "-0.404", "d2"),
    (249, "0.55", "a1_0"),
    (249, "0.55", "a1_0"),
    (249, "0.60", "a1_1"),
    (249, "0.60", "a1_1"),
    (249, "-0.020", "d1_0"),
    (249, "-0.029", "d1_1"),
    (256, "-0.020", "d1_0"),
    (256, "-0.029", "d1_1"),
    (257, "-0.020", "dW1_00"),
    (257, "0", "dW1_01"),
    (257, "-0.029", "dW1_10"),
    (257, "0", "dW1_11"),
]

CAUSE = {"dW2_1": "arithmetic"}  # −0.404 × 0.60 = −0.2424; exactly −0.24176

RECORDS = [(line, printed, VALUES[name], name in CAUSE, CAUSE.get(name)) for line, printed, name in _numbers]
