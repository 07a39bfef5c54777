"""Truth for handsonml3-autodiff-notebook: Appendix D (Autodiff) of Hands-On Machine Learning, 3rd
edition. f(x, y) = x²y + y + 2 at (3, 4): its value, gradient and Hessian by hand, by a toy
forward-mode graph, by dual numbers, by a toy reverse-mode graph and by TensorFlow (float32, exact
here); z(x) = sin(x²) at 3 by forward and reverse mode in prose; the dual-number arithmetic
3 + (3 + 4ε) and (3 + 4ε)(5 + 7ε). Lines are lines of the .ipynb file. Math module only.

The finite-difference outputs (cells 20, 23, 26, 42: 24.000400000048216 and so on) approximate a
derivative with a step written only in code; they are not records.
"""
import math

x, y = 3.0, 4.0
f = x * x * y + y + 2
dfdx = 2 * x * y
dfdy = x * x + 1
hxx, hxy, hyx, hyy = 2 * y, 2 * x, 2 * x, 0.0
ds1dx = 2 * x
cos9 = math.cos(x ** 2)
dzdx = ds1dx * cos9
dual_a, dual_b = 3 + 3.0, 0 + 4.0               # 3 + (3 + 4ε)
p_aa, p_ab, p_ba, p_bb = 3 * 5.0, 3 * 7.0, 4 * 5.0, 4 * 7.0  # (3 + 4ε)(5 + 7ε)
dual_mul_b = p_ab + p_ba
eps2 = 0.0                                      # ε² = 0
VALUES = dict(f=f, dfdx=dfdx, dfdy=dfdy, hxx=hxx, hxy=hxy, hyx=hyx, hyy=hyy, ds1dx=ds1dx, cos9=cos9,
              dzdx=dzdx, dual_a=dual_a, dual_b=dual_b, p_aa=p_aa, p_ab=p_ab, p_ba=p_ba, p_bb=p_bb,
              dual_mul_b=dual_mul_b, eps2=eps2)

GIVENS = [(129, "3", 3.0), (129, "4", 4.0), (702, "3", 3.0), (702, "3", 3.0), (702, "4", 4.0),
          (729, "3", 3.0), (729, "4", 4.0), (729, "5", 5.0), (729, "7", 7.0)]

# (line, printed, the quantity it stands for)
_numbers = [
    (87, "24", "dfdx"),
    (87, "10", "dfdy"),
    (98, "24", "dfdx"),
    (98, "10", "dfdy"),
    (129, "8", "hxx"),
    (129, "6", "hxy"),
    (129, "6", "hyx"),
    (139, "0", "hyy"),
    (150, "8", "hxx"),
    (150, "6", "hxy"),
    (150, "6", "hyx"),
    (150, "0", "hyy"),
    (404, "42", "f"),
    (463, "6", "ds1dx"),
    (463, "6", "ds1dx"),
    (463, "6", "ds1dx"),
    (463, "6", "ds1dx"),
    (463, "-5.46", "dzdx"),
    (502, "-0.91", "cos9"),
    (502, "-0.91", "cos9"),
    (502, "-0.91", "cos9"),
    (502, "-0.91", "cos9"),
    (502, "6", "ds1dx"),
    (502, "-0.91", "cos9"),
    (502, "-5.46", "dzdx"),
    (553, "24.0", "dfdx"),
    (553, "10.0", "dfdy"),
    (592, "8.0", "hxx"),
    (592, "6.0", "hxy"),
    (592, "6.0", "hyx"),
    (592, "0.0", "hyy"),
    (702, "6", "dual_a"),
    (702, "4", "dual_b"),
    (713, "6.0", "dual_a"),
    (713, "4.0", "dual_b"),
    (729, "15", "p_aa"),
    (729, "21", "p_ab"),
    (729, "20", "p_ba"),
    (729, "28", "p_bb"),
    (729, "15", "p_aa"),
    (729, "41", "dual_mul_b"),
    (729, "28", "p_bb"),
    (729, "0", "eps2"),
    (729, "15", "p_aa"),
    (729, "41", "dual_mul_b"),
    (740, "15.0", "p_aa"),
    (740, "41.0", "dual_mul_b"),
    (767, "42.0", "f"),
    (814, "24.0", "dfdx"),
    (834, "10.0", "dfdy"),
    (961, "42", "f"),
    (981, "24.0", "dfdx"),
    (1001, "10.0", "dfdy"),
    (1044, "24.0", "dfdx"),
    (1045, "10.0", "dfdy"),
    (1086, "8.0", "hxx"),
    (1087, "6.0", "hxy"),
    (1088, "6.0", "hyx"),
]

# 6·cos(9) = −5.4668: "≈ −5.46" is cut off (forward mode) and, in the reverse-mode paragraph, the
# product of the rounded 6 · (−0.91).
CAUSE = {"dzdx": "truncated"}

RECORDS = [(line, printed, VALUES[name], name in CAUSE,
            ("rounding_carried" if line == 502 else CAUSE[name]) if name in CAUSE else None)
           for line, printed, name in _numbers]
