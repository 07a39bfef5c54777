"""Truth for nanograd-quarto-backprop-page: the "Let us Backprop!" page of an nbdev/Quarto site
(a re-implementation of micrograd). The graph e = a·b, d = e + c, L = d·f with a = 2, b = −3,
c = 10, f = −2 (given in a code cell); the prose derives dL/dd, dd/de, dL/de and dL/db by the chain
rule. Math module only.
"""

A, B, C, F = 2.0, -3.0, 10.0, -2.0
E = A * B
D = E + C
DL_DD = F          # L = d·f
DD_DE = 1.0        # d = e + c
DL_DE = DL_DD * DD_DE
DE_DB = A          # e = a·b
DL_DB = DL_DE * DE_DB

GIVENS = [(218, "2.0", 2.0), (219, "-3.0", -3.0), (220, "10.0", 10.0), (223, "-2.0", -2.0)]

_numbers = [
    (236, "-2", DL_DD, None),        # dL/dd "which is f, which is -2"
    (236, "-2", DL_DD, None),        # "So the gradient at of Value d is -2"
    (236, "1", DD_DE, None),         # dd/de = 1
    (236, "-2", DL_DE, None),        # dL/de = -2
    (240, "-2", DL_DE, None),        # dL/de = -2 "as calculated in above example"
    (240, "2", DE_DB, None),         # the factor de/db used in "-2 * 2" (a = 2; the text calls it c)
    # dL/db = -2 * 2 printed as 4: the product is -4 (dL/de · a)
    (240, "4", DL_DB, "sign"),
]

RECORDS = [(line, printed, value, cause is not None, cause) for line, printed, value, cause in _numbers]
