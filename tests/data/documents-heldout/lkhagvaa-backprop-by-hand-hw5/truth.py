"""Truth for lkhagvaa-backprop-by-hand-hw5: two exercises in one document, each with its own givens
(names scoped to the exercise: q, f, x, y, z mean different things in each).
Question 1: f = x·y + z at x = 1, y = 2, z = 3. Question 2: f = (x·y + z)·t at x = 1, y = 2,
z = 3, t = 4. Forward values, local derivatives and the chain rule. No import needed.
"""

# Question 1
x, y, z = 1.0, 2.0, 3.0
q = x * y
f = q + z
Q1 = dict(q=q, f=f, df_dq=1.0, df_dz=1.0, dq_dx=y, dq_dy=x, df_dx=1.0 * y, df_dy=1.0 * x)

# Question 2
x, y, z, t = 1.0, 2.0, 3.0, 4.0
q = x * y
r = q + z
f = r * t
df_dr, df_dt, dr_dq, dr_dz, dq_dx, dq_dy = t, r, 1.0, 1.0, y, x
df_dq = df_dr * dr_dq
Q2 = dict(q=q, r=r, f=f, df_dr=df_dr, df_dt=df_dt, dr_dq=dr_dq, dr_dz=dr_dz, dq_dx=dq_dx, dq_dy=dq_dy,
          df_dq=df_dq, df_dx=df_dq * dq_dx, df_dy=df_dq * dq_dy, df_dz=df_dr * dr_dz)

GIVENS = [(11, "1", 1.0), (11, "2", 2.0), (11, "3", 3.0),
          (57, "1", 1.0), (57, "2", 2.0), (57, "3", 3.0), (57, "4", 4.0)]

# (line, printed, exercise, the quantity it stands for)
_numbers = [
    (19, "2", Q1, "q"),
    (20, "2", Q1, "q"),
    (20, "5", Q1, "f"),
    (32, "1", Q1, "df_dq"),
    (32, "1", Q1, "df_dz"),
    (33, "2", Q1, "dq_dx"),
    (33, "1", Q1, "dq_dy"),
    (37, "1", Q1, "df_dq"),
    (37, "2", Q1, "dq_dx"),
    (37, "2", Q1, "df_dx"),
    (38, "1", Q1, "df_dq"),
    (38, "1", Q1, "dq_dy"),
    (38, "1", Q1, "df_dy"),
    (39, "1", Q1, "df_dz"),
    (45, "2", Q1, "df_dx"),
    (46, "1", Q1, "df_dy"),
    (47, "1", Q1, "df_dz"),
    (65, "2", Q2, "q"),
    (66, "2", Q2, "q"),
    (66, "5", Q2, "r"),
    (67, "5", Q2, "r"),
    (67, "20", Q2, "f"),
    (79, "4", Q2, "df_dr"),
    (79, "5", Q2, "df_dt"),
    (80, "1", Q2, "dr_dq"),
    (80, "1", Q2, "dr_dz"),
    (81, "2", Q2, "dq_dx"),
    (81, "1", Q2, "dq_dy"),
    (85, "4", Q2, "df_dr"),
    (85, "1", Q2, "dr_dq"),
    (85, "4", Q2, "df_dq"),
    (86, "4", Q2, "df_dq"),
    (86, "2", Q2, "dq_dx"),
    (86, "8", Q2, "df_dx"),
    (87, "4", Q2, "df_dq"),
    (87, "1", Q2, "dq_dy"),
    (87, "4", Q2, "df_dy"),
    (88, "4", Q2, "df_dr"),
    (88, "1", Q2, "dr_dz"),
    (88, "4", Q2, "df_dz"),
    (89, "5", Q2, "df_dt"),
    (95, "8", Q2, "df_dx"),
    (96, "4", Q2, "df_dy"),
    (97, "4", Q2, "df_dz"),
    (98, "5", Q2, "df_dt"),
]

RECORDS = [(line, printed, values[name], False, None) for line, printed, values, name in _numbers]
