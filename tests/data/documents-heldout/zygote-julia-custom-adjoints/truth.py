"""Truth for zygote-julia-custom-adjoints: the values printed in Zygote.jl's "Custom Adjoints" page
(Julia REPL sessions), recomputed with the math module.

- pullback of sin at 0.5: sin(0.5), and the gradient cos(0.5) three times (gradsin, cos, mygradient);
- mul(a, b) = a·b with a custom adjoint: gradient at (2, 3) is (b, a) = (3, 2);
- dist(p) = √(x² + y²) at Point(1, 2): gradient (x, y)/dist = (1/√5, 2/√5), twice; the gradient of
  p.x is 1 (and `nothing` for y); of height(p) after the custom adjoint Point(0, 1);
- d/dx dist(Point(x, 1)) at 1: x/√(x² + 1) = 1/√2;
- hook(-, a)·b: the gradient of a is negated, (−3, 2); hook(@show) prints ā = 3 and (3, 2);
- checkpoint(sin, x) at 1: cos(1), twice;
- nestlevel: 0, 1, 2 levels of nesting.

Not records: the "(generic function with 1 method)" counts, the inputs echoed by println (1, 1).
"""
import math

sin_half = math.sin(0.5)
cos_half = math.cos(0.5)
a, b = 2.0, 3.0
px, py = 1.0, 2.0
dist = math.sqrt(px ** 2 + py ** 2)
gx, gy = px / dist, py / dist
dx_unit = 1.0 / math.sqrt(1.0 ** 2 + 1.0)
cos_one = math.cos(1.0)

GIVENS = [(24, "0.5", 0.5), (51, "0.5", 0.5), (54, "0.5", 0.5), (67, "0.5", 0.5), (88, "2", 2.0),
          (88, "3", 3.0), (115, "1", 1.0), (115, "2", 2.0), (122, "1", 1.0), (122, "2", 2.0),
          (135, "1", 1.0), (135, "2", 2.0), (138, "1", 1.0), (138, "2", 2.0), (147, "1", 1.0),
          (167, "2", 2.0), (167, "3", 3.0), (174, "2", 2.0), (174, "3", 3.0), (191, "1", 1.0),
          (201, "1", 1.0)]

RECORDS = [
    (27, "0.479425538604203", sin_half, False, None),
    (52, "0.8775825618903728", cos_half, False, None),
    (55, "0.8775825618903728", cos_half, False, None),
    (68, "0.8775825618903728", cos_half, False, None),
    (89, "3.0", b, False, None),
    (89, "2.0", a, False, None),
    (116, "0.4472135954999579", gx, False, None),
    (116, "0.8944271909999159", gy, False, None),
    (123, "1", 1.0, False, None),
    (136, "0.0", 0.0, False, None),
    (136, "1.0", 1.0, False, None),
    (139, "0.4472135954999579", gx, False, None),
    (139, "0.8944271909999159", gy, False, None),
    (148, "0.7071067811865475", dx_unit, False, None),
    (168, "-3.0", -b, False, None),
    (168, "2.0", a, False, None),
    (175, "3.0", b, False, None),
    (176, "3.0", b, False, None),
    (176, "2.0", a, False, None),
    (192, "0.5403023058681398", cos_one, False, None),
    (204, "0.5403023058681398", cos_one, False, None),
    (238, "0", 0.0, False, None),
    (241, "1", 1.0, False, None),
    (244, "2", 2.0, False, None),
]
