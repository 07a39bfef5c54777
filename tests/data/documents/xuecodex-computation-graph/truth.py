"""Truth for xuecodex-computation-graph: J = 3(a + bc) as u = bc, v = a + u, J = 3v with a = 5,
b = 3, c = 2; the forward values and every derivative of the backward pass (math module only)."""

a, b, c = 5.0, 3.0, 2.0
u = b * c
v = a + u
J = 3 * v
dJ_dv = 3.0
dv_du = 1.0
dv_da = 1.0
dJ_du = dJ_dv * dv_du
dJ_da = dJ_dv * dv_da
du_db = c
du_dc = b
dJ_db = dJ_du * du_db
dJ_dc = dJ_du * du_dc
VALUES = dict(u=u, v=v, J=J, dJ_dv=dJ_dv, dv_du=dv_du, dv_da=dv_da, dJ_du=dJ_du, dJ_da=dJ_da,
              du_db=du_db, du_dc=du_dc, dJ_db=dJ_db, dJ_dc=dJ_dc)

GIVENS = [(32, "5", 5.0), (33, "3", 3.0), (34, "2", 2.0)]

# (line, printed, the quantity it stands for)
_numbers = [
    (38, "6", "u"),
    (39, "6", "u"),
    (39, "11", "v"),
    (40, "11", "v"),
    (40, "33", "J"),
    (48, "3", "dJ_dv"),
    (54, "1", "dv_du"),
    (60, "3", "dJ_dv"),
    (60, "1", "dv_du"),
    (60, "3", "dJ_du"),
    (67, "1", "dv_da"),
    (68, "3", "dJ_dv"),
    (68, "1", "dv_da"),
    (68, "3", "dJ_da"),
    (71, "2", "du_db"),
    (72, "3", "dJ_du"),
    (72, "2", "du_db"),
    (72, "6", "dJ_db"),
    (75, "3", "du_dc"),
    (76, "3", "dJ_du"),
    (76, "3", "du_dc"),
    (76, "9", "dJ_dc"),
    (84, "3", "dJ_da"),
    (85, "6", "dJ_db"),
    (86, "9", "dJ_dc"),
]

CAUSE: dict[str, str] = {}  # every number is right

RECORDS = [(line, printed, VALUES[name], name in CAUSE, CAUSE.get(name)) for line, printed, name in _numbers]
