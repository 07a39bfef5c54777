"""Truth for kiotto-linear-regression-gd-step: one batch gradient-descent step of ŷ = wX + b on three
samples (X = 10, 20, 30; y = 20, 18, 15) from w = b = 0 with learning rate 0.01, error = ŷ − y,
dw = (1/n) Σ X·error, db = (1/n) Σ error. Vectors written as [ , , ] lists. No import needed.

The sums inside fractions ("-200 - 360 - 450", "-20 -18 -15") are recorded with the sign of the
term they stand for (−360 is the product X₂·error₂).
"""

X, Y, w, b, lr = [10.0, 20.0, 30.0], [20.0, 18.0, 15.0], 0.0, 0.0, 0.01
n = len(X)
yhat = [w * xi + b for xi in X]
err = [p - t for p, t in zip(yhat, Y)]
prod = [xi * e for xi, e in zip(X, err)]
sum_prod = sum(prod)
dw = sum_prod / n
sum_err = sum(err)
db = sum_err / n
w_new = w - lr * dw
b_new = b - lr * db

V = dict(yhat=w * 1.0 + b, yhat1=yhat[0], yhat2=yhat[1], yhat3=yhat[2], e1=err[0], e2=err[1], e3=err[2],
         p1=prod[0], p2=prod[1], p3=prod[2], sum_prod=sum_prod, dw=dw, sum_err=sum_err, db=db,
         w_new=w_new, b_new=b_new)

GIVENS = [(30, "10", 10.0), (30, "20", 20.0), (31, "20", 20.0), (31, "18", 18.0), (32, "30", 30.0),
          (32, "15", 15.0), (36, "0", 0.0), (37, "0", 0.0), (38, "0.01", 0.01), (39, "3", 3.0),
          (78, "10", 10.0), (78, "20", 20.0), (78, "30", 30.0), (112, "0.01", 0.01), (116, "0.01", 0.01)]

# (line, printed, the quantity it stands for)
_numbers = [
    (46, "0", "yhat"),
    (51, "0", "yhat1"),
    (52, "0", "yhat2"),
    (53, "0", "yhat3"),
    (64, "0", "yhat1"),
    (64, "0", "yhat2"),
    (64, "0", "yhat3"),
    (64, "-20", "e1"),
    (64, "-18", "e2"),
    (64, "-15", "e3"),
    (78, "-20", "e1"),
    (78, "-18", "e2"),
    (78, "-15", "e3"),
    (82, "-20", "e1"),
    (82, "-18", "e2"),
    (82, "-15", "e3"),
    (82, "-200", "p1"),
    (82, "-360", "p2"),
    (82, "-450", "p3"),
    (86, "-200", "p1"),
    (86, "-360", "p2"),
    (86, "-450", "p3"),
    (86, "-1010", "sum_prod"),
    (86, "-336.67", "dw"),
    (94, "-20", "e1"),
    (94, "-18", "e2"),
    (94, "-15", "e3"),
    (94, "-53", "sum_err"),
    (94, "-17.67", "db"),
    (112, "-336.67", "dw"),
    (112, "3.3667", "w_new"),
    (116, "-17.67", "db"),
    (116, "0.1767", "b_new"),
    (124, "3.3667", "w_new"),
    (124, "0.1767", "b_new"),
]

RECORDS = [(line, printed, V[name], False, None) for line, printed, name in _numbers]
