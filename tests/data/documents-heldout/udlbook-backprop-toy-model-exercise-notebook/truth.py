"""Truth for udlbook-backprop-toy-model-exercise-notebook: the exercise notebook 7.1 of
"Understanding Deep Learning" as published, i.e. with its TODO cells NOT filled in. The toy model
f = β3 + ω3 cos(β2 + ω2 exp(β1 + ω1 sin(β0 + ω0 x))) at β = (1, 2, −3, 0.4), ω = (0.1, −0.4, 2, 3),
x = 2.3, y = 2, loss ℓ = (f − y)²; its forward pass f0 = β0 + ω0 x, h1 = sin f0, f1 = β1 + ω1 h1,
h2 = exp f1, f2 = β2 + ω2 h2, h3 = cos f2, f3 = β3 + ω3 h3; the backward pass ∂ℓ/∂f3 = 2(f3 − y),
∂ℓ/∂h3 = ω3 ∂ℓ/∂f3, … and the parameter derivatives; the forward difference of ℓ in ω0 with
step 1e-5 (computed in float64 as the code does).

The outputs print each "true value" (the author's numbers, typed as literals) beside "your value",
the value of the exercise's placeholder code: f0 = h1 = … = l_i = 0, dldf3 = 2 (f3 − y) with the
placeholder f3 = 0 (so −4), dldh3 = ω3 · dldf3 (−12), and 1 for every other derivative. Both are
recorded: the true values as the model's quantities, the "your value" numbers as the values the
published code gives those variables (what the output states), so both kinds are right.
Math module only.
"""
import math

B0, B1, B2, B3 = 1.0, 2.0, -3.0, 0.4
W0, W1, W2, W3 = 0.1, -0.4, 2.0, 3.0
X, Y = 2.3, 2.0


def loss(w0: float) -> float:
    return (B3 + W3 * math.cos(B2 + W2 * math.exp(B1 + W1 * math.sin(B0 + w0 * X))) - Y) ** 2


F0 = B0 + W0 * X
H1 = math.sin(F0)
F1 = B1 + W1 * H1
H2 = math.exp(F1)
F2 = B2 + W2 * H2
H3 = math.cos(F2)
F3 = B3 + W3 * H3
L = (F3 - Y) ** 2
D_F3 = 2 * (F3 - Y)
D_H3 = W3 * D_F3
D_F2 = -math.sin(F2) * D_H3
D_H2 = W2 * D_F2
D_F1 = H2 * D_H2
D_H1 = W1 * D_F1
D_F0 = math.cos(F0) * D_H1
D_BETA3, D_OMEGA3 = D_F3, H3 * D_F3
D_BETA2, D_OMEGA2 = D_F2, H2 * D_F2
D_BETA1, D_OMEGA1 = D_F1, H1 * D_F1
D_BETA0, D_OMEGA0 = D_F0, X * D_F0
FD_OMEGA0 = (loss(W0 + 0.00001) - loss(W0)) / 0.00001

# the placeholder code of the unfilled TODO cells
PLACEHOLDER_F3 = 0.0
YOUR_DLDF3 = 2 * (PLACEHOLDER_F3 - Y)
YOUR_DLDH3 = W3 * YOUR_DLDF3

GIVENS = [(132, "1.0", 1.0), (132, "-3.0", -3.0), (132, "0.4", 0.4), (133, "0.1", 0.1), (133, "-0.4", -0.4),
          (134, "2.3", 2.3), (134, "2.0", 2.0)]

_numbers = [
    (127, "0.139", L),
    (196, "5.246", D_OMEGA0), (196, "5.246", FD_OMEGA0),
    (275, "1.230", F0), (275, "0.000", 0.0),
    (276, "0.942", H1), (276, "0.000", 0.0),
    (277, "1.623", F1), (277, "0.000", 0.0),
    (278, "5.068", H2), (278, "0.000", 0.0),
    (279, "7.137", F2), (279, "0.000", 0.0),
    (280, "0.657", H3), (280, "0.000", 0.0),
    (281, "2.372", F3), (281, "0.000", 0.0),
    (282, "0.139", L), (282, "0.000", 0.0),
    (377, "0.745", D_F3), (377, "-4.000", YOUR_DLDF3),
    (378, "2.234", D_H3), (378, "-12.000", YOUR_DLDH3),
    (379, "-1.683", D_F2), (379, "1.000", 1.0),
    (380, "-3.366", D_H2), (380, "1.000", 1.0),
    (381, "-17.060", D_F1), (381, "1.000", 1.0),
    (382, "6.824", D_H1), (382, "1.000", 1.0),
    (383, "2.281", D_F0), (383, "1.000", 1.0),
    (433, "1.000", 1.0), (433, "0.745", D_BETA3),
    (434, "1.000", 1.0), (434, "0.489", D_OMEGA3),
    (435, "1.000", 1.0), (435, "-1.683", D_BETA2),
    (436, "1.000", 1.0), (436, "-8.530", D_OMEGA2),
    (437, "1.000", 1.0), (437, "-17.060", D_BETA1),
    (438, "1.000", 1.0), (438, "-16.079", D_OMEGA1),
    (439, "1.000", 1.0), (439, "2.281", D_BETA0),
    (440, "1.000", 1.0), (440, "5.246", D_OMEGA0), (440, "5.246", FD_OMEGA0),
]

RECORDS = [(line, printed, value, False, None) for line, printed, value in _numbers]
