"""Truth for hips-autograd-readme: the README's example, the derivative of
tanh(x) = (1 − e^(−2x)) / (1 + e^(−2x)) at x = 1 by autograd and by a central difference with step
0.0001 (both printed as numpy float64 reprs in a doctest block). Math module only.

The central difference is recomputed from the same formula; float64 cancellation moves its last
four printed digits by ~3e-13 (the exact quotient is 0.4199743426500705…), inside the float64
tolerance of the precision rule, so it is right as printed.
"""
import math


def tanh(x):
    return (1.0 - math.exp(-2 * x)) / (1.0 + math.exp(-(2 * x)))


grad_tanh = 1 - math.tanh(1.0) ** 2          # sech²(1)
central = (tanh(1.0001) - tanh(0.9999)) / 0.0002

GIVENS = [(31, "1.0", 1.0), (33, "1.0001", 1.0001), (33, "0.9999", 0.9999), (33, "0.0002", 0.0002)]

RECORDS = [
    (32, "0.419974341614026", grad_tanh, False, None),
    (34, "0.41997434264973155", central, False, None),
]
