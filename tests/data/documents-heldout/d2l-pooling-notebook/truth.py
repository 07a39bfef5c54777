"""Truth for d2l-pooling-notebook: 2-D max- and average-pooling. By hand in the text: the four
2×2 windows of the 3×3 grid 0…8 (max 4, 5, 7, 8); by the notebook's own `pool2d` (max and mean
over every window, stride 1); then PyTorch's nn.MaxPool2d on the 4×4 grid 0…15 with the default
stride (= the window), with padding 1 and stride 2, with a (2, 3) window, stride (2, 3) and
padding (0, 1), and on two channels (the grid and the grid + 1). Padding is −∞ for max-pooling.
Plain Python lists, no numpy.

Not recorded: the printed inputs (the literal 3×3 grid and the `torch.arange(16)` grid, which
are the givens); the second channel of cell 20, X + 1, is derived and recorded.
"""

GRID3 = [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]]
GRID4 = [[4.0 * r + c for c in range(4)] for r in range(4)]
PLUS1 = [[v + 1 for v in row] for row in GRID4]


def window_values(x: list, top: int, left: int, height: int, width: int) -> list[float]:
    """The entries of a window; positions outside the grid are padding (−∞ for max-pooling)."""
    return [x[r][c] if 0 <= r < len(x) and 0 <= c < len(x[0]) else float("-inf")
            for r in range(top, top + height) for c in range(left, left + width)]


def pool(x: list, size: tuple, stride: tuple, padding: tuple = (0, 0), mode: str = "max") -> list:
    (kh, kw), (sh, sw), (ph, pw) = size, stride, padding
    rows = (len(x) + 2 * ph - kh) // sh + 1
    cols = (len(x[0]) + 2 * pw - kw) // sw + 1
    out = []
    for i in range(rows):
        row = []
        for j in range(cols):
            values = window_values(x, i * sh - ph, j * sw - pw, kh, kw)
            row.append(max(values) if mode == "max" else sum(values) / len(values))
        out.append(row)
    return out


MAX3 = pool(GRID3, (2, 2), (1, 1))
AVG3 = pool(GRID3, (2, 2), (1, 1), mode="avg")
BY_HAND = [max(0, 1, 3, 4), max(1, 2, 4, 5), max(3, 4, 6, 7), max(4, 5, 7, 8)]
DEFAULT = pool(GRID4, (3, 3), (3, 3))
PAD1 = pool(GRID4, (3, 3), (2, 2), (1, 1))
RECT = pool(GRID4, (2, 3), (2, 3), (0, 1))
PAD1_PLUS1 = pool(PLUS1, (3, 3), (2, 2), (1, 1))

GIVENS = [(235, "8.0", 8.0)]

_numbers = [
    (139, "4", BY_HAND[0]), (140, "5", BY_HAND[1]), (141, "7", BY_HAND[2]), (142, "8", BY_HAND[3]),
    (225, "4.", MAX3[0][0]), (225, "5.", MAX3[0][1]), (226, "7.", MAX3[1][0]), (226, "8.", MAX3[1][1]),
    (269, "2.", AVG3[0][0]), (269, "3.", AVG3[0][1]), (270, "5.", AVG3[1][0]), (270, "6.", AVG3[1][1]),
    (368, "10.", DEFAULT[0][0]),
    (412, "5.", PAD1[0][0]), (412, "7.", PAD1[0][1]), (413, "13.", PAD1[1][0]), (413, "15.", PAD1[1][1]),
    (456, "5.", RECT[0][0]), (456, "7.", RECT[0][1]), (457, "13.", RECT[1][0]), (457, "15.", RECT[1][1]),
]
for offset, row in enumerate(PLUS1):
    _numbers += [(514 + offset, f"{value:.0f}.", value) for value in row]
_numbers += [
    (560, "5.", PAD1[0][0]), (560, "7.", PAD1[0][1]), (561, "13.", PAD1[1][0]), (561, "15.", PAD1[1][1]),
    (563, "6.", PAD1_PLUS1[0][0]), (563, "8.", PAD1_PLUS1[0][1]),
    (564, "14.", PAD1_PLUS1[1][0]), (564, "16.", PAD1_PLUS1[1][1]),
]

RECORDS = [(line, printed, float(value), False, None) for line, printed, value in _numbers]
