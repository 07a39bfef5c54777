"""Truth for sreekanth-relu-sigmoid-bce: x → ReLU hidden neuron (w₁) → sigmoid output (w₂), binary
cross-entropy with y = 0, gradients of w₁ and w₂ and one step with η = 0.1. Recomputed in full
precision (math module only).

The document takes dL/da₂ = a₂ − y (that is dL/dz₂ for sigmoid + BCE, the other quantity) and then
multiplies by σ′ again; every gradient after it carries that error.
"""
import math

x, w1, w2, y, eta = 1.0, 0.5, 0.5, 0.0, 0.1
z1 = x * w1
a1 = max(0.0, z1)
z2 = a1 * w2
a2 = 1.0 / (1.0 + math.exp(-z2))
dL_da2 = -y / a2 + (1 - y) / (1 - a2)
sp = a2 * (1 - a2)
dL_dz2 = dL_da2 * sp
dL_dw2 = dL_dz2 * a1
dL_da1 = dL_dz2 * w2
relu_grad = 1.0 if z1 > 0 else 0.0
dL_dz1 = dL_da1 * relu_grad
dL_dw1 = dL_dz1 * x
new_w2 = w2 - eta * dL_dw2
new_w1 = w1 - eta * dL_dw1
VALUES = dict(z1=z1, a1=a1, z2=z2, minus_z2=-z2, a2=a2, one_minus_a2=1 - a2, sp=sp, dL_da2=dL_da2,
              dL_dz2=dL_dz2, dL_dw2=dL_dw2, dL_da1=dL_da1, relu_grad=relu_grad, dL_dz1=dL_dz1,
              dL_dw1=dL_dw1, new_w2=new_w2, new_w1=new_w1)

GIVENS = [(15, "1.0", 1.0), (16, "0.5", 0.5), (17, "0.5", 0.5), (18, "0.0", 0.0), (134, "0.1", 0.1)]

# (line, printed, the quantity it stands for)
_numbers = [
    (27, "0.5", "z1"),
    (27, "0.5", "a1"),
    (34, "0.5", "a1"),
    (34, "0.25", "z2"),
    (35, "-0.25", "minus_z2"),
    (35, "0.562", "a2"),
    (38, "0.562", "a2"),
    (61, "0.562", "a2"),
    (61, "0.562", "dL_da2"),
    (69, "0.562", "a2"),
    (69, "0.438", "one_minus_a2"),
    (69, "0.246", "sp"),
    (77, "0.562", "dL_da2"),
    (77, "0.246", "sp"),
    (77, "0.138", "dL_dz2"),
    (87, "0.138", "dL_dz2"),
    (87, "0.138", "dL_dz2"),
    (87, "0.5", "a1"),
    (87, "0.069", "dL_dw2"),
    (90, "0.069", "dL_dw2"),
    (101, "0.138", "dL_dz2"),
    (101, "0.069", "dL_da1"),
    (106, "0.5", "z1"),
    (109, "1", "relu_grad"),
    (110, "1", "relu_grad"),
    (110, "0.069", "dL_dz1"),
    (116, "0.069", "dL_dz1"),
    (116, "0.069", "dL_dw1"),
    (119, "0.069", "dL_dw1"),
    (127, "0.069", "dL_dw2"),
    (128, "0.069", "dL_dw1"),
    (137, "0.069", "dL_dw2"),
    (137, "0.4931", "new_w2"),
    (141, "0.069", "dL_dw1"),
    (141, "0.4931", "new_w1"),
]

CAUSE = {"dL_da2": "other_quantity"}  # a₂ − y is dL/dz₂; dL/da₂ = 1/(1 − a₂) = 2.284
CAUSE.update({name: "carried_error" for name in
              ("dL_dz2", "dL_dw2", "dL_da1", "dL_dz1", "dL_dw1", "new_w2", "new_w1")})

RECORDS = [(line, printed, VALUES[name], name in CAUSE, CAUSE.get(name)) for line, printed, name in _numbers]
