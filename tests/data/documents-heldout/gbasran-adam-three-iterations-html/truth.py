"""Truth for gbasran-adam-three-iterations-html: three Adam steps by hand on f(θ) = θ² from θ0 = 5
with α = 0.1, β1 = 0.9, β2 = 0.999, ε = 1e-8: g = 2θ, m = β1 m + (1 − β1) g, v = β2 v + (1 − β2) g²,
m̂ = m / (1 − β1^t), v̂ = v / (1 − β2^t), θ ← θ − α m̂ / (√v̂ + ε); then a summary table of the
three steps and the averaging horizons 1/(1 − β). Full precision, math module only.

Which printed number stands for what: on the lines of the hand computation, every derived number
(the products such as 0.1(9.8) = 0.98, the correction factors 1 − β^t, √v̂, the step α m̂/√v̂ and
the result) is recorded once; the givens (θ0 = 5, α, β1, β2, ε) and a restated operand equal to a
given (the 0.9 of "0.9 + 0.98", which is the product β1 · m1 = 0.9) are recorded where derived.
"""
import math

ALPHA, B1, B2, EPS, THETA0 = 0.1, 0.9, 0.999, 1e-8, 5.0


def adam(steps: int) -> list[dict[str, float]]:
    rows, theta, m, v = [], THETA0, 0.0, 0.0
    for t in range(1, steps + 1):
        g = 2 * theta
        bm, gm = B1 * m, (1 - B1) * g
        bv, gv = B2 * v, (1 - B2) * g * g
        m, v = bm + gm, bv + gv
        cm, cv = 1 - B1 ** t, 1 - B2 ** t
        mh, vh = m / cm, v / cv
        root = math.sqrt(vh)
        step = ALPHA * mh / (root + EPS)
        rows.append({"theta": theta, "g": g, "bm": bm, "gm": gm, "bv": bv, "gv": gv, "m": m, "v": v,
                     "cm": cm, "cv": cv, "mh": mh, "vh": vh, "root": root, "step": step,
                     "new": theta - step, "ratio": mh / root})
        theta -= step
    return rows


R = adam(3)
R1, R2, R3 = R
B2_SQUARED = B2 ** 2
B1_CUBED = B1 ** 3
HORIZON_1, HORIZON_2 = 1 / (1 - B1), 1 / (1 - B2)

GIVENS = [(193, "5", 5.0), (193, "0.1", 0.1), (193, "0.9", 0.9), (193, "0.999", 0.999), (201, "5", 5.0),
          (216, "5", 5.0), (280, "5.000", 5.0)]

RC = "rounding_carried"
_numbers = [
    # iteration 1
    (201, "10", R1["g"], None),
    (204, "0", R1["bm"], None), (204, "10", R1["g"], None), (204, "1", R1["gm"], None),
    (207, "0.1", R1["v"], None),
    (210, "0.1", R1["cm"], None), (210, "10", R1["mh"], None),
    (213, "0.1", R1["v"], None), (213, "0.001", R1["cv"], None), (213, "100", R1["vh"], None),
    (216, "100", R1["vh"], None), (216, "4.9", R1["new"], None),
    (218, "0.1", R1["step"], None),
    # iteration 2
    (224, "4.9", R2["theta"], None), (224, "9.8", R2["g"], None),
    (228, "9.8", R2["g"], None), (228, "0.98", R2["gm"], None), (228, "1.88", R2["m"], None),
    (232, "9.8", R2["g"], None), (232, "0.0999", R2["bv"], None), (232, "0.09604", R2["gv"], None),
    (232, "0.19594", R2["v"], None),
    (236, "1.88", R2["m"], None), (236, "0.19", R2["cm"], None), (236, "9.895", R2["mh"], None),
    (237, "0.19", R2["cm"], None),
    (240, "0.19594", R2["v"], None), (240, "0.001999", R2["cv"], None), (240, "98.02", R2["vh"], None),
    (241, "0.998", B2_SQUARED, None),
    (244, "4.9", R2["theta"], None), (244, "9.895", R2["mh"], None), (244, "98.02", R2["vh"], None),
    (244, "9.901", R2["root"], RC),       # √98.02 = 9.90051; √v̂2 = 9.900455
    (244, "0.0999", R2["step"], None), (244, "4.8001", R2["new"], None),
    (246, "0.1", R2["step"], None),
    # iteration 3
    (252, "4.8001", R3["theta"], None),
    (252, "9.6002", R3["g"], RC),         # 2 · 4.8001; g3 = 9.600116
    (256, "1.88", R2["m"], None), (256, "9.6002", R3["g"], RC),
    (256, "1.692", R3["bm"], None),
    (256, "0.96002", R3["gm"], RC),       # true 0.960012
    (256, "2.652", R3["m"], None),
    (260, "0.19594", R2["v"], None), (260, "9.6002", R3["g"], RC),
    (260, "0.19574", R3["bv"], None), (260, "0.09216", R3["gv"], None),
    (260, "0.28790", R3["v"], RC),        # 0.19574 + 0.09216; v3 = 0.287906
    (263, "2.652", R3["m"], None), (263, "0.271", R3["cm"], None), (263, "9.786", R3["mh"], None),
    (264, "0.729", B1_CUBED, None), (264, "0.271", R3["cm"], None),
    (267, "0.28790", R3["v"], RC), (267, "0.002997", R3["cv"], None), (267, "96.06", R3["vh"], None),
    (270, "4.8001", R3["theta"], None), (270, "9.786", R3["mh"], None), (270, "96.06", R3["vh"], None),
    (270, "9.801", R3["root"], None), (270, "0.0998", R3["step"], None),
    (270, "4.7003", R3["new"], RC),       # 4.8001 − 0.0998; θ3 = 4.700213
    # the summary table: t, θ, g, m, v, m̂, v̂, step, θ_new
    (280, "10.0", R1["g"], None), (280, "1.000", R1["m"], None), (280, "0.100", R1["v"], None),
    (280, "10.00", R1["mh"], None), (280, "100.0", R1["vh"], None), (280, "0.100", R1["step"], None),
    (280, "4.900", R1["new"], None),
    (281, "4.900", R2["theta"], None), (281, "9.80", R2["g"], None), (281, "1.880", R2["m"], None),
    (281, "0.196", R2["v"], None), (281, "9.895", R2["mh"], None), (281, "98.02", R2["vh"], None),
    (281, "0.100", R2["step"], None), (281, "4.800", R2["new"], None),
    (282, "4.800", R3["theta"], None), (282, "9.60", R3["g"], None), (282, "2.652", R3["m"], None),
    (282, "0.288", R3["v"], None), (282, "9.786", R3["mh"], None), (282, "96.06", R3["vh"], None),
    (282, "0.100", R3["step"], None), (282, "4.700", R3["new"], None),
    # the averaging horizons
    (298, "10", HORIZON_1, None), (299, "1000", HORIZON_2, None),
]

RECORDS = [(line, printed, value, cause is not None, cause) for line, printed, value, cause in _numbers]
