"""Truth for selene-backpropagation-basic-examples-notebook: a course page (a notebook rendered to HTML)
that backpropagates by hand through two computational graphs whose node values appear only in figures.
Simple example: u = x1 + x2, y = u·x3 with x1 = 4, x2 = 2, x3 = -5 (u = 6, y = -30). Advanced example
(the graph of the figures: u1 = x1 + x2, u2 = x3·x4, u3 = u1·u2, u4 = u2², y = u3·u4) with x1 = -7,
x2 = 2, x3 = 2, x4 = -1: u1 = -5, u2 = -2, u3 = 10, u4 = 4; u2 feeds two nodes, so ∂y/∂u2 is the sum
of the two paths (-20 + -40 = -60). Lines are lines of the .html file.

The page's formula y = (x1 + x2)x3·(x4x5)² and "five input variables" do not match its graph or its
four given values; every printed number follows the graph. One label is wrong, not its number: "the
two gradients ∂y^[2]/∂u2 = -20 and ∂y^[2]/∂u2 = -40" (the first is ∂y^[1]/∂u2), recorded as right.
"""
# simple example
X1, X2, X3 = 4.0, 2.0, -5.0
U = X1 + X2
DY_DU = 1.0 * X3
DY_DX3 = 1.0 * U
DY_DX1 = DY_DU * 1.0
DY_DX2 = DY_DU * 1.0

# advanced example
A1, A2, A3, A4 = -7.0, 2.0, 2.0, -1.0
U1 = A1 + A2
U2 = A3 * A4
U3 = U1 * U2
U4 = U2 ** 2
G_U3 = 1.0 * U4
G_U4 = 1.0 * U3
G_U1 = G_U3 * U2
G_U2_PATH1 = G_U3 * U1
G_A1 = G_U1 * 1.0
G_A2 = G_U1 * 1.0
TWO_U2 = 2 * U2
G_U2_PATH2 = G_U4 * TWO_U2
G_U2 = G_U2_PATH1 + G_U2_PATH2
G_A3 = G_U2 * A4
G_A4 = G_U2 * A3

GIVENS = [(7662, "4", 4.0), (7662, "2", 2.0), (7662, "-5", -5.0),
          (7853, "-7", -7.0), (7853, "2", 2.0), (7853, "-1", -1.0)]

_numbers = [
    (7721, "-5", DY_DU),
    (7722, "6", U), (7722, "6", DY_DX3),
    (7752, "-5", DY_DU),
    (7755, "-5", DY_DU), (7755, "-5", DY_DX2),
    (7756, "-5", DY_DU), (7756, "-5", DY_DX1),
    (7912, "4", U4), (7912, "4", G_U3),
    (7913, "10", U3), (7913, "10", G_U4),
    (7944, "4", G_U3),
    (7947, "-2", U2), (7947, "-8", G_U1),
    (7948, "-5", U1), (7948, "-20", G_U2_PATH1),
    (7972, "-5", U1), (7972, "4", U4),
    (7978, "-8", G_U1),
    (7981, "-8", G_U1), (7981, "-8", G_A1),
    (7982, "-8", G_U1), (7982, "-8", G_A2),
    (8006, "4", U4),
    (8011, "10", G_U4),
    (8014, "-4", TWO_U2), (8014, "-40", G_U2_PATH2),
    (8038, "-20", G_U2_PATH1), (8038, "-40", G_U2_PATH2),
    (8040, "-20", G_U2_PATH1), (8040, "-40", G_U2_PATH2), (8040, "-60", G_U2),
    (8072, "-60", G_U2), (8072, "60", G_A3),
    (8073, "-60", G_U2), (8073, "-120", G_A4),
]

RECORDS = [(line, printed, value, False, None) for line, printed, value in _numbers]
