"""Truth for rasbt-stat453-cross-correlation-notebook: a 3×3 input a = [[1.1, 1.2, 1.3], [2.1, 2.2, 2.3],
[3.1, 3.2, 3.3]] and the randomly initialised 3×3 kernel of a `torch.nn.Conv2d` (bias zeroed), printed
at 4 decimals by PyTorch and at float32's 8 digits by NumPy (the givens). Cross-correlation (what
Conv2d computes) Σ a_ij w_ij, true convolution Σ a_ij w_(2-i)(2-j), and Conv2d on the flipped input
a_mod (which equals the convolution). Lines are lines of the .ipynb file.

The two SciPy results are float32 arrays whose last digit is float32 arithmetic: from the printed
kernel the exact values are -1.10265569 and -0.26113641, printed -1.1026558 and -0.2611365 (the
float32 sums in row order give -1.10265577 and -0.26113653). Not records: the tensor shapes and the
kernel itself (a random initialisation, printed twice).
"""
A = [[1.1, 1.2, 1.3], [2.1, 2.2, 2.3], [3.1, 3.2, 3.3]]
W = [[0.11893535, -0.12021737, 0.2583796],
     [-0.22761738, -0.13269596, -0.02961969],
     [0.17413345, -0.3224947, -0.02875605]]
A_MOD = [row[::-1] for row in A[::-1]]

CROSS = sum(A[i][j] * W[i][j] for i in range(3) for j in range(3))
CONV = sum(A[i][j] * W[2 - i][2 - j] for i in range(3) for j in range(3))
CROSS_FLIPPED = sum(A_MOD[i][j] * W[i][j] for i in range(3) for j in range(3))

GIVENS = [(21, "1.1", 1.1), (21, "1.2", 1.2), (21, "1.3", 1.3), (22, "2.1", 2.1), (22, "2.2", 2.2),
          (22, "2.3", 2.3), (23, "3.1", 3.1), (23, "3.2", 3.2), (23, "3.3", 3.3),
          (63, "0.11893535", 0.11893535), (63, "-0.12021737", -0.12021737), (63, "0.2583796", 0.2583796),
          (64, "-0.22761738", -0.22761738), (64, "-0.13269596", -0.13269596),
          (64, "-0.02961969", -0.02961969), (65, "0.17413345", 0.17413345),
          (65, "-0.3224947", -0.3224947), (65, "-0.02875605", -0.02875605)]

RECORDS = [
    (95, "-1.1027", CROSS, False, None),
    (116, "-1.1026558", CROSS, True, "float32"),
    (145, "-0.2611365", CONV, True, "float32"),
    (166, "-0.2611", CROSS_FLIPPED, False, None),
]
