"""Truth for d2l-multichannel-convolution-notebook: 2-D cross-correlation summed over two input
channels (X has channels [[0..8]] and [[1..9]] as 3×3 grids, K has channels [[0, 1], [2, 3]] and
[[1, 2], [3, 4]]), first by hand in the text for the top-left output (56) and then by code for
the whole 2×2 output; then three output channels with the kernels K, K + 1 and K + 2. Plain
Python lists, no numpy.

Not recorded: the shape torch.Size([3, 2, 2, 2]) (a shape, not a computed value) and the random
1×1 convolution of the last code cell, which prints nothing.
"""

X = [[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]],
     [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]
K = [[[0.0, 1.0], [2.0, 3.0]], [[1.0, 2.0], [3.0, 4.0]]]


def corr2d(x: list, k: list) -> list:
    h, w = len(k), len(k[0])
    return [[sum(x[i + a][j + b] * k[a][b] for a in range(h) for b in range(w))
             for j in range(len(x[0]) - w + 1)] for i in range(len(x) - h + 1)]


def corr2d_multi_in(x: list, k: list) -> list:
    maps = [corr2d(xc, kc) for xc, kc in zip(x, k)]
    return [[sum(m[i][j] for m in maps) for j in range(len(maps[0][0]))] for i in range(len(maps[0]))]


def shifted(k: list, c: float) -> list:
    return [[[v + c for v in row] for row in ch] for ch in k]


Y = corr2d_multi_in(X, K)
OUT = [corr2d_multi_in(X, shifted(K, c)) for c in (0.0, 1.0, 2.0)]
BY_HAND = (1 * 1 + 2 * 2 + 4 * 3 + 5 * 4) + (0 * 0 + 1 * 1 + 3 * 2 + 4 * 3)

GIVENS = [(186, "8.0", 8.0), (187, "9.0", 9.0), (188, "4.0", 4.0)]

_numbers = [
    (109, "56", BY_HAND),
    (176, "56.", Y[0][0]), (176, "72.", Y[0][1]),
    (177, "104.", Y[1][0]), (177, "120.", Y[1][1]),
    (344, "56.", OUT[0][0][0]), (344, "72.", OUT[0][0][1]),
    (345, "104.", OUT[0][1][0]), (345, "120.", OUT[0][1][1]),
    (347, "76.", OUT[1][0][0]), (347, "100.", OUT[1][0][1]),
    (348, "148.", OUT[1][1][0]), (348, "172.", OUT[1][1][1]),
    (350, "96.", OUT[2][0][0]), (350, "128.", OUT[2][0][1]),
    (351, "192.", OUT[2][1][0]), (351, "224.", OUT[2][1][1]),
]

RECORDS = [(line, printed, float(value), False, None) for line, printed, value in _numbers]
