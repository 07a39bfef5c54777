"""Truth for stomioka-computation-graph-nudges: J = 3(a + bc) (u = bc, v = a + u, J = 3v) and its
derivatives found by nudging one input by 0.001 and by the chain rule. The text gives a = 5 and
b = 3 but never c: c = 2 appears only in the graph image (computationgraph.svg); the text's u = 6
implies it. Nudged forward values (v = 11.001 ⇒ J = 33.003) are recomputed exactly as printed.
"33.00**3**" (a number split by bold markup, line 70) is not a record. No import needed.
"""

a, b, c = 5.0, 3.0, 2.0  # c only in the image
u = b * c
v = a + u
J = 3 * v
J_v_nudged = 3 * 11.001
v_a_nudged = 5.001 + u
J_a_nudged = 3 * v_a_nudged
v_u_nudged = a + 6.001
u_b_nudged = 3.001 * c
dJ_dv, dv_da, dv_du = 3.0, 1.0, 1.0
dJ_da = dJ_dv * dv_da
dJ_du = dJ_dv * dv_du
du_db, du_dc = c, b
dJ_db = dJ_du * du_db
dJ_dc = dJ_du * du_dc

VALUES = {name: value for name, value in globals().items() if isinstance(value, float)}

GIVENS = [(39, "11.001", 11.001), (47, "5", 5.0), (47, "5.001", 5.001), (68, "6.001", 6.001),
          (76, "3", 3.0), (76, "3.001", 3.001)]

# (line, printed, the quantity it stands for)
_numbers = [
    (39, "11", "v"),
    (39, "33.003", "J_v_nudged"),
    (39, "3", "dJ_dv"),
    (47, "6", "u"),
    (47, "11.001", "v_a_nudged"),
    (47, "33.003", "J_a_nudged"),
    (47, "3", "dJ_da"),
    (50, "3", "dJ_da"),
    (51, "3", "dJ_da"),
    (51, "1", "dv_da"),
    (51, "3", "dJ_dv"),
    (51, "1", "dv_da"),
    (51, "3", "dJ_da"),
    (68, "6", "u"),
    (69, "11", "v"),
    (69, "11.001", "v_u_nudged"),
    (71, "3", "dJ_du"),
    (71, "3", "dJ_du"),
    (71, "1", "dv_du"),
    (71, "3", "dJ_du"),
    (77, "6", "u"),
    (77, "6.002", "u_b_nudged"),
    (79, "2", "du_db"),
    (80, "3", "dJ_du"),
    (80, "2", "du_db"),
    (80, "6", "dJ_db"),
    (83, "3", "dJ_du"),
    (83, "3", "du_dc"),
    (83, "9", "dJ_dc"),
]

CAUSE: dict[str, str] = {}  # every number is right (given c = 2 from the figure)

RECORDS = [(line, printed, VALUES[name], name in CAUSE, CAUSE.get(name)) for line, printed, name in _numbers]
