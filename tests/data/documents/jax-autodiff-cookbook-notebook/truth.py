"""Truth for jax-autodiff-cookbook-notebook: the first three printed derivatives of the JAX Autodiff
Cookbook, d/dx tanh, d²/dx² tanh and d³/dx³ tanh at x = 2.0, printed by JAX in float32.
Closed forms with t = tanh(2): 1 − t², −2t(1 − t²), −2(1 − t²)(1 − 3t²) (math module, float64).
Lines are lines of the .ipynb file. The notebook's other numbers come from random.normal draws
(W, b) that the text does not give: they have no premise and are not records.
"""
import math

t = math.tanh(2.0)
d1 = 1 - t * t
d2 = -2 * t * d1
d3 = -2 * d1 * (1 - 3 * t * t)

GIVENS = [(71, "2.0", 2.0), (103, "2.0", 2.0), (104, "2.0", 2.0)]

# JAX works in float32: each printed digit string is the float32 result, wrong in its last digits.
RECORDS = [
    (65, "0.070650935", d1, True, "float32"),
    (97, "-0.13621889", d2, True, "float32"),
    (98, "0.2526544", d3, True, "float32"),
]
