"""Truth for nanograd-quarto-derivative-page: the "What are derivatives?" page of an nbdev/Quarto
site (a re-implementation of micrograd), executed code cells with their outputs: f(x) = 3x² − 4x + 5
at x = 3 and x + h (h = 0.0001) and the difference quotient; d = a·b + c with a = 2, b = −3,
c = 10, nudged in a (a += h) and then in b (b += h, a staying nudged), with the slopes. The truth
is exact arithmetic (the printed values are float64: digits past the 12th may differ). Math module
only.
"""

H = 0.0001


def f(x):
    return 3 * x ** 2 - 4 * x + 5


X = 3.0
F_X = f(X)
F_XH = 3 * 3.0001 ** 2 - 4 * 3.0001 + 5   # 20.00140003 exactly
DFDX = 14.0003                            # (f(3 + h) − f(3))/h = 6·3 − 4 + 3h, exactly
F_XH_FLOAT = f(X + H)                     # what the page's float64 code computes

A, B, C = 2.0, -3.0, 10.0
D = A * B + C
D1_A = D
D2_A = 3.9997                             # (2 + h)·(−3) + 10
D2_A_FLOAT = (A + H) * B + C              # as float64 computes it
SLOPE_A = -3.0                            # exactly b
D1_B = D2_A
D2_B = 3.99990001                         # (2 + h)·(−3 + h) + 10
SLOPE_B = 2.0001                          # exactly a + h

GIVENS = [(248, "0.0001", 0.0001), (249, "3.0", 3.0), (276, "0.0001", 0.0001), (279, "2.0", 2.0),
          (280, "-3.0", -3.0), (281, "10", 10.0)]

_numbers = [
    (252, "20.0", F_X, None),
    (252, "20.001400030000006", F_XH, None),
    # float64 noise past the 11th significant digit (the exact quotient is 14.0003): what the code
    # computes and prints, the page's own point about a small h, not a slip of the page
    (260, "14.000300000063248", (F_XH_FLOAT - F_X) / H, None),
    (285, "4.0", D, None),
    (298, "4.0", D1_A, None),
    (299, "3.999699999999999", D2_A, None),
    (300, "-3.000000000010772", ((A + H) * B + C - D) / H, None),
    (314, "3.999699999999999", D1_B, None),
    (315, "3.99990001", D2_B, None),
    (316, "2.0001000000124947", ((A + H) * (B + H) + C - D2_A_FLOAT) / H, None),
]

RECORDS = [(line, printed, value, cause is not None, cause) for line, printed, value, cause in _numbers]
