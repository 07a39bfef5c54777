"""Truth for mihirsai-softmax-ce-matrix: a linear layer X·W (1×2 · 2×3) into softmax and
categorical cross-entropy, the gradient p − y, the weight gradient Xᵀ·grad and ΔW = −0.1·Xᵀ·grad.
Recomputed from X, W, y_true and the learning rate in full precision (math module only).
"""
import math

X = [1.0, 2.0]
W = [[0.2, -0.3, 0.5], [-0.5, 0.7, -0.2]]
y = [0.0, 1.0, 0.0]
lr = 0.1

terms = [[X[0] * W[0][k], X[1] * W[1][k]] for k in range(3)]
z = [terms[k][0] + terms[k][1] for k in range(3)]
m = max(z)
shifted = [v - m for v in z]
e = [math.exp(v) for v in shifted]
s = sum(e)
p = [v / s for v in e]
loss = -math.log(p[1])
grad = [p[k] - y[k] for k in range(3)]
dW = [[X[i] * grad[k] for k in range(3)] for i in range(2)]
delta = [[-lr * dW[i][k] for k in range(3)] for i in range(2)]

GIVENS = [
    (9, "1.0", 1.0), (9, "2.0", 2.0), (13, "0.2", 0.2), (13, "-0.3", -0.3), (13, "0.5", 0.5),
    (13, "-0.5", -0.5), (13, "0.7", 0.7), (13, "-0.2", -0.2), (17, "0", 0.0), (17, "1", 1.0),
    (133, "0.1", 0.1),
]

_numbers = [
    (38, "0.2", terms[0][0]), (38, "1.0", -terms[0][1]), (38, "-0.3", terms[1][0]), (38, "1.4", terms[1][1]),
    (38, "0.5", terms[2][0]), (38, "0.4", -terms[2][1]),
    (38, "-0.8", z[0]), (38, "1.1", z[1]), (38, "0.1", z[2]),
    (45, "-0.8", z[0]), (45, "1.1", z[1]), (45, "0.1", z[2]),
    (50, "-0.8", z[0]), (50, "1.1", z[1]), (50, "0.1", z[2]), (50, "1.1", m),
    (50, "-1.9", shifted[0]), (50, "0", shifted[1]), (50, "-1.0", shifted[2]),
    (56, "-1.9", shifted[0]), (56, "0", shifted[1]), (56, "-1.0", shifted[2]),
    (56, "0.149", e[0]), (56, "1.0", e[1]), (56, "0.368", e[2]),
    (62, "0.149", e[0]), (62, "1.0", e[1]), (62, "0.368", e[2]), (62, "1.517", s),
    (68, "0.149", e[0]), (68, "1.517", s), (68, "1.0", e[1]), (68, "1.517", s), (68, "0.368", e[2]),
    (68, "1.517", s), (68, "0.098", p[0]), (68, "0.659", p[1]), (68, "0.242", p[2]),
    (74, "0.098", p[0]), (74, "0.659", p[1]), (74, "0.242", p[2]),
    (87, "0.659", p[1]), (87, "0.417", loss),
    (97, "0.098", p[0]), (97, "0.659", p[1]), (97, "0.242", p[2]),
    (97, "0.098", grad[0]), (97, "-0.341", grad[1]), (97, "0.242", grad[2]),
    (120, "0.098", grad[0]), (120, "-0.341", grad[1]), (120, "0.242", grad[2]),
    (123, "0.098", grad[0]), (123, "-0.341", grad[1]), (123, "0.242", grad[2]),
    (124, "0.098", grad[0]), (124, "-0.341", grad[1]), (124, "0.242", grad[2]),
    (128, "0.098", dW[0][0]), (128, "-0.341", dW[0][1]), (128, "0.242", dW[0][2]),
    (129, "0.196", dW[1][0]), (129, "-0.682", dW[1][1]), (129, "0.484", dW[1][2]),
    (138, "-0.0098", delta[0][0]), (138, "0.0341", delta[0][1]), (138, "-0.0242", delta[0][2]),
    (139, "-0.0196", delta[1][0]), (139, "0.0682", delta[1][1]), (139, "-0.0484", delta[1][2]),
    (151, "-0.8", z[0]), (151, "1.1", z[1]), (151, "0.1", z[2]),
    (152, "0.098", p[0]), (152, "0.659", p[1]), (152, "0.242", p[2]),
    (153, "0.417", loss),
    (154, "0.098", grad[0]), (154, "-0.341", grad[1]), (154, "0.242", grad[2]),
]

# e^-1.9 = 0.149569 is printed 0.149 (cut off, not rounded); everything built on it is off.
WRONG = {
    (56, "0.149"): "truncated", (62, "0.149"): "truncated", (68, "0.149"): "truncated",
    (68, "0.098"): "carried_error", (74, "0.098"): "carried_error", (97, "0.098"): "carried_error",
    (120, "0.098"): "carried_error", (123, "0.098"): "carried_error", (124, "0.098"): "carried_error",
    (128, "0.098"): "carried_error", (129, "0.196"): "carried_error", (129, "0.484"): "rounding_carried",
    (138, "-0.0098"): "carried_error", (139, "-0.0196"): "carried_error",
    (139, "-0.0484"): "rounding_carried", (152, "0.098"): "carried_error", (154, "0.098"): "carried_error",
}

RECORDS = [(line, printed, value, (line, printed) in WRONG, WRONG.get((line, printed)))
           for line, printed, value in _numbers]
