"""Truth for aiedu-nonlinear-backprop-iteration-table: the chain x → a = x² → b = ln a → c = √b with
target y = 2.13, iterated from x = 2 by Δc = c − y, Δb = Δc · 2√b, Δa = Δb · a, Δx = Δa / 2x and
x ← x − Δx (five forward passes, four backward ones). The numbers sit in a Markdown table whose
columns are the iterations, in prose and in the console output of the sample program.
Recomputed in full precision, math module only.

The closed-form answer x = exp(2.13² / 2) = 9.66441 (line 39 prints 9.6653).
"""
import math

Y = 2.13


def iterate(x0: float, rounds: int) -> list[dict[str, float]]:
    rows, x = [], x0
    for _ in range(rounds):
        a = x * x
        b = math.log(a)
        c = math.sqrt(b)
        dc = c - Y
        db = dc * 2 * math.sqrt(b)
        da = db * a
        dx = da / (2 * x)
        rows.append({"x": x, "a": a, "b": b, "c": c, "dc": dc, "db": db, "da": da, "dx": dx})
        x = x - dx
    return rows


R = iterate(2.0, 5)
X_EXACT = math.exp(Y * Y / 2)

GIVENS = [(34, "2.13", 2.13), (38, "2.13", 2.13), (66, "2", 2.0), (72, "2", 2.0),
          *[(76, "2.13", 2.13)], (92, "2.13", 2.13), (94, "2.000000", 2.0)]

_numbers = [
    (39, "9.6653", X_EXACT, "unknown"),        # exp(2.13²/2) = 9.66441
    # the table: one row per quantity, one column per iteration
    (72, "4.243", R[1]["x"], None), (72, "7.344", R[2]["x"], None), (72, "9.295", R[3]["x"], None),
    (72, "9.665", R[4]["x"], "transposed_digits"),   # 9.655706 (the console prints it on line 99)
    (73, "4", R[0]["a"], None), (73, "18.005", R[1]["a"], None), (73, "53.934", R[2]["a"], None),
    (73, "86.404", R[3]["a"], None), (73, "93.233", R[4]["a"], None),
    (74, "1.386", R[0]["b"], None), (74, "2.891", R[1]["b"], None), (74, "3.988", R[2]["b"], None),
    (74, "4.459", R[3]["b"], None), (74, "4.535", R[4]["b"], None),
    (75, "1.177", R[0]["c"], None), (75, "1.700", R[1]["c"], None), (75, "1.997", R[2]["c"], None),
    (75, "2.112", R[3]["c"], None),
    (75, "2.129", R[4]["c"], "truncated"),     # 2.129577 → 2.130
    (77, "-0.953", R[0]["dc"], None), (77, "-0.430", R[1]["dc"], None), (77, "-0.133", R[2]["dc"], None),
    (77, "-0.018", R[3]["dc"], None),
    (78, "-2.243", R[0]["db"], None), (78, "-1.462", R[1]["db"], None), (78, "-0.531", R[2]["db"], None),
    (78, "-0.078", R[3]["db"], None),
    (79, "-8.973", R[0]["da"], None),
    (79, "-26.317", R[1]["da"], "unknown"),    # −1.461533 · 18.004559 = −26.314258
    (79, "-28.662", R[2]["da"], None),
    (79, "-6.698", R[3]["da"], "truncated"),   # −6.698641 → −6.699
    (80, "-2.243", R[0]["dx"], None), (80, "-3.101", R[1]["dx"], None), (80, "-1.951", R[2]["dx"], None),
    (80, "-0.360", R[3]["dx"], None),
    # prose under the table
    (82, "-2.243", R[0]["dx"], None),
    (82, "4.243", R[1]["x"], None),
    (82, "2.129", R[4]["c"], "truncated"),
    # console output of the sample program (six decimals)
    (90, "1.177410", R[0]["c"], None),
    (94, "4.000000", R[0]["a"], None), (94, "1.386294", R[0]["b"], None), (94, "1.177410", R[0]["c"], None),
    (96, "-0.952590", R[0]["dc"], None), (96, "-2.243178", R[0]["db"], None),
    (96, "-8.972712", R[0]["da"], None), (96, "-2.243178", R[0]["dx"], None),
    (99, "9.655706", R[4]["x"], None), (99, "93.232666", R[4]["a"], None), (99, "4.535098", R[4]["b"], None),
    (99, "2.129577", R[4]["c"], None),
    (104, "1.177410", R[0]["c"], None), (104, "2.129577", R[4]["c"], None),
]

RECORDS = [(line, printed, value, cause is not None, cause) for line, printed, value, cause in _numbers]
