"""Truth for aiedu-linear-backprop-z-162: z = x · y with x = 2w + 3b and y = 2b + 1 at w = 3, b = 4
(z = 162), its partial derivatives ∂z/∂w = 2y = 18 and ∂z/∂b = 3y + 2x = 63, and the "backward"
corrections that aim z at 150: Δw = Δz / 18, Δb = Δz / 63, both halves together, and the console
output of four iterations of the sample program (fixed or recomputed factors). Plain Python,
math module only (here only arithmetic is needed).

Not recorded: the fractions 1/63 and 1/18 of line 187 (contributions, not computed values), the
hypothetical w = 3.5 of line 40 and the constants 2 and 150 of the formulas.
"""

W0, B0, TARGET = 3.0, 4.0, 150.0


def forward(w: float, b: float) -> tuple[float, float, float]:
    x = 2 * w + 3 * b
    y = 2 * b + 1
    return x, y, x * y


X0, Y0, Z0 = forward(W0, B0)
DZ_DW = 2 * Y0                       # ∂z/∂x · ∂x/∂w
DZ_DB = 3 * Y0 + 2 * X0              # ∂z/∂x · ∂x/∂b + ∂z/∂y · ∂y/∂b
DELTA_Z = Z0 - TARGET

# 2.1.2: w alone
DW = DELTA_Z / DZ_DW
W1 = W0 - DW
X1, _, Z1 = forward(W1, B0)
# 2.1.3: b alone
DB = DELTA_Z / DZ_DB
B_NEW = B0 - DB
X2, Y2, Z2 = forward(W0, B_NEW)
# 2.1.4: half the error on each
DB_HALF = DELTA_Z / 2 / DZ_DB
DW_HALF = DELTA_Z / 2 / DZ_DW
W_HALF, B_HALF = W0 - DW_HALF, B0 - DB_HALF
X3, Y3, Z3 = forward(W_HALF, B_HALF)


def run(both: bool, recompute: bool, rounds: int) -> list[dict[str, float]]:
    """The sample program: print w, b, z, Δz, then the factors and steps, then update."""
    rows, w, b = [], W0, B0
    for _ in range(rounds):
        x, y, z = forward(w, b)
        row = {"w": w, "b": b, "z": z, "delta_z": z - TARGET}
        factor_b = 3 * y + 2 * x if recompute else DZ_DB
        factor_w = 2 * y if recompute else DZ_DW
        share = row["delta_z"] / 2 if both else row["delta_z"]
        row.update(factor_b=factor_b, factor_w=factor_w, delta_b=share / factor_b, delta_w=share / factor_w)
        rows.append(row)
        b -= row["delta_b"]
        if both:
            w -= row["delta_w"]
    return rows


B1 = run(both=False, recompute=False, rounds=6)
B2 = run(both=False, recompute=True, rounds=4)
B3 = run(both=True, recompute=False, rounds=5)
B4 = run(both=True, recompute=True, rounds=4)
B1_FINAL, B2_FINAL, B3_FINAL, B4_FINAL = B1[-1], B2[-1], B3[-1], B4[-1]

GIVENS = [(26, "3", 3.0), (26, "4", 4.0), (38, "150", 150.0), (69, "4", 4.0), (104, "3", 3.0),
          (176, "3", 3.0), (177, "4", 4.0)]

_numbers = [
    (38, "162", Z0, None),
    (48, "18", DZ_DW, None),
    (52, "9", Y0, None),
    (54, "2", 2.0, None),                       # ∂x/∂w
    (69, "18", DZ_DW, None),
    (76, "18", DZ_DW, None),
    (76, "162", Z0, None), (76, "162", Z0, None),
    (81, "18", DZ_DW, None),
    (87, "18", DZ_DW, None), (87, "162", Z0, None), (87, "0.6667", DW, None),
    (92, "0.6667", DW, None), (92, "2.3333", W1, None),
    (93, "16.6667", X1, None),
    (94, "16.6667", X1, None), (94, "9", Y0, None),
    (94, "150.0003", Z1, "rounding_carried"),   # 16.6667 · 9; exactly 150 from w = 7/3
    (96, "150.0003", Z1, "rounding_carried"),
    (117, "63", DZ_DB, None),
    (121, "9", Y0, None), (122, "18", X0, None), (123, "3", 3.0, None), (124, "2", 2.0, None),
    (133, "12", 4 * W0, None), (133, "48", 12 * B0, None), (133, "63", DZ_DB, None),
    (140, "63", DZ_DB, None), (140, "162", Z0, None), (140, "162", Z0, None),
    (144, "63", DZ_DB, None),
    (149, "63", DZ_DB, None), (149, "162", Z0, None), (149, "0.1905", DB, None),
    (154, "0.1905", DB, None), (154, "3.8095", B_NEW, None),
    (156, "17.4285", X2, "rounding_carried"),   # 6 + 3 · 3.809524 = 17.428571
    (157, "8.619", Y2, None),
    (158, "17.4285", X2, "rounding_carried"), (158, "8.619", Y2, None),
    (158, "150.2162", Z2, "rounding_carried"),  # 17.428571 · 8.619048 = 150.217687
    (170, "12", DELTA_Z, None),
    (172, "63", DZ_DB, None), (172, "12", DELTA_Z, None), (172, "0.095", DB_HALF, None),
    (174, "18", DZ_DW, None), (174, "12", DELTA_Z, None), (174, "0.333", DW_HALF, None),
    (176, "0.333", DW_HALF, None), (176, "2.667", W_HALF, None),
    (177, "0.095", DB_HALF, None), (177, "3.905", B_HALF, None),
    (178, "2.667", W_HALF, None), (178, "3.905", B_HALF, None),
    (178, "17.049", X3, "rounding_carried"),    # 2 · 2.666667 + 3 · 3.904762 = 17.047619
    (179, "3.905", B_HALF, None), (179, "8.81", Y3, None),
    (180, "17.049", X3, "rounding_carried"), (180, "8.81", Y3, None), (180, "150.2", Z3, None),
    (237, "63", DZ_DB, None),
    (243, "63", DZ_DB, None), (243, "18", DZ_DW, None),
    # the console output of the sample program (six decimals; the first w, b are the givens)
    (208, "162.000000", B1[0]["z"]),
    (208, "12.000000", B1[0]["delta_z"]),
    (209, "0.190476", B1[0]["delta_b"]),
    (210, "3.809524", B1[1]["b"]),
    (210, "150.217687", B1[1]["z"]),
    (210, "0.217687", B1[1]["delta_z"]),
    (211, "0.003455", B1[1]["delta_b"]),
    (212, "3.806068", B1[2]["b"]),
    (212, "150.007970", B1[2]["z"]),
    (212, "0.007970", B1[2]["delta_z"]),
    (213, "0.000127", B1[2]["delta_b"]),
    (214, "3.805942", B1[3]["b"]),
    (214, "150.000294", B1[3]["z"]),
    (214, "0.000294", B1[3]["delta_z"]),
    (215, "0.000005", B1[3]["delta_b"]),
    (216, "3.805937", B1[4]["b"]),
    (216, "150.000011", B1[4]["z"]),
    (216, "0.000011", B1[4]["delta_z"]),
    (217, "0.000000", B1[4]["delta_b"]),
    (218, "3.805937", B1[5]["b"]),
    (218, "150.000000", B1[5]["z"]),
    (218, "0.000000", B1[5]["delta_z"]),
    (220, "3.805937", B1_FINAL["b"]),
    (225, "162.000000", B2[0]["z"]),
    (225, "12.000000", B2[0]["delta_z"]),
    (226, "63.000000", B2[0]["factor_b"]),
    (226, "0.190476", B2[0]["delta_b"]),
    (227, "3.809524", B2[1]["b"]),
    (227, "150.217687", B2[1]["z"]),
    (227, "0.217687", B2[1]["delta_z"]),
    (228, "60.714286", B2[1]["factor_b"]),
    (228, "0.003585", B2[1]["delta_b"]),
    (229, "3.805938", B2[2]["b"]),
    (229, "150.000077", B2[2]["z"]),
    (229, "0.000077", B2[2]["delta_z"]),
    (230, "60.671261", B2[2]["factor_b"]),
    (230, "0.000001", B2[2]["delta_b"]),
    (231, "3.805937", B2[3]["b"]),
    (231, "150.000000", B2[3]["z"]),
    (231, "0.000000", B2[3]["delta_z"]),
    (233, "3.805937", B2_FINAL["b"]),
    (246, "162.000000", B3[0]["z"]),
    (246, "12.000000", B3[0]["delta_z"]),
    (247, "0.095238", B3[0]["delta_b"]),
    (247, "0.333333", B3[0]["delta_w"]),
    (248, "2.666667", B3[1]["w"]),
    (248, "3.904762", B3[1]["b"]),
    (248, "150.181406", B3[1]["z"]),
    (248, "0.181406", B3[1]["delta_z"]),
    (249, "0.001440", B3[1]["delta_b"]),
    (249, "0.005039", B3[1]["delta_w"]),
    (250, "2.661628", B3[2]["w"]),
    (250, "3.903322", B3[2]["b"]),
    (250, "150.005526", B3[2]["z"]),
    (250, "0.005526", B3[2]["delta_z"]),
    (251, "0.000044", B3[2]["delta_b"]),
    (251, "0.000154", B3[2]["delta_w"]),
    (252, "2.661474", B3[3]["w"]),
    (252, "3.903278", B3[3]["b"]),
    (252, "150.000170", B3[3]["z"]),
    (252, "0.000170", B3[3]["delta_z"]),
    (253, "0.000001", B3[3]["delta_b"]),
    (253, "0.000005", B3[3]["delta_w"]),
    (254, "2.661469", B3[4]["w"]),
    (254, "3.903277", B3[4]["b"]),
    (254, "150.000005", B3[4]["z"]),
    (254, "0.000005", B3[4]["delta_z"]),
    (256, "3.903277", B3_FINAL["b"]),
    (257, "2.661469", B3_FINAL["w"]),
    (263, "162.000000", B4[0]["z"]),
    (263, "12.000000", B4[0]["delta_z"]),
    (264, "63.000000", B4[0]["factor_b"]),
    (264, "18.000000", B4[0]["factor_w"]),
    (264, "0.095238", B4[0]["delta_b"]),
    (264, "0.333333", B4[0]["delta_w"]),
    (265, "2.666667", B4[1]["w"]),
    (265, "3.904762", B4[1]["b"]),
    (265, "150.181406", B4[1]["z"]),
    (265, "0.181406", B4[1]["delta_z"]),
    (266, "60.523810", B4[1]["factor_b"]),
    (266, "17.619048", B4[1]["factor_w"]),
    (266, "0.001499", B4[1]["delta_b"]),
    (266, "0.005148", B4[1]["delta_w"]),
    (267, "2.661519", B4[2]["w"]),
    (267, "3.903263", B4[2]["b"]),
    (267, "150.000044", B4[2]["z"]),
    (267, "0.000044", B4[2]["delta_z"]),
    (268, "60.485234", B4[2]["factor_b"]),
    (268, "17.613053", B4[2]["factor_w"]),
    (268, "0.000000", B4[2]["delta_b"]),
    (268, "0.000001", B4[2]["delta_w"]),
    (269, "2.661517", B4[3]["w"]),
    (269, "3.903263", B4[3]["b"]),
    (269, "150.000000", B4[3]["z"]),
    (269, "0.000000", B4[3]["delta_z"]),
    (271, "3.903263", B4_FINAL["b"]),
    (272, "2.661517", B4_FINAL["w"]),
]

RECORDS = [(n[0], n[1], n[2], len(n) > 3 and n[3] is not None, n[3] if len(n) > 3 else None)
           for n in _numbers]
