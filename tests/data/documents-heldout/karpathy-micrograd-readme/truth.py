"""Truth for karpathy-micrograd-readme: the README's example expression at a = −4, b = 2, evaluated
with forward-mode dual numbers (value, ∂/∂a, ∂/∂b) written here with the math module only — a
method independent of the reverse-mode engine the README demonstrates. Each in-place update
`c += expr` reads the old c inside expr, as Python does.
"""


class Dual:
    """A value with its partial derivatives with respect to a and b."""

    def __init__(self, v: float, da: float = 0.0, db: float = 0.0):
        self.v, self.da, self.db = v, da, db

    def __add__(self, o):
        o = o if isinstance(o, Dual) else Dual(o)
        return Dual(self.v + o.v, self.da + o.da, self.db + o.db)

    __radd__ = __add__

    def __neg__(self):
        return Dual(-self.v, -self.da, -self.db)

    def __sub__(self, o):
        return self + (-(o if isinstance(o, Dual) else Dual(o)))

    def __mul__(self, o):
        o = o if isinstance(o, Dual) else Dual(o)
        return Dual(self.v * o.v, self.da * o.v + self.v * o.da, self.db * o.v + self.v * o.db)

    __rmul__ = __mul__

    def __pow__(self, k: float):
        scale = k * self.v ** (k - 1)
        return Dual(self.v ** k, scale * self.da, scale * self.db)

    def __truediv__(self, o):
        return self * (o if isinstance(o, Dual) else Dual(o)) ** -1

    def __rtruediv__(self, o):
        return Dual(o) * self ** -1

    def relu(self):
        on = 1.0 if self.v > 0 else 0.0
        return Dual(self.v * on, self.da * on, self.db * on)


a = Dual(-4.0, 1.0, 0.0)
b = Dual(2.0, 0.0, 1.0)
c = a + b
d = a * b + b ** 3
c = c + (c + 1)
c = c + (1 + c + (-a))
d = d + (d * 2 + (b + a).relu())
d = d + (3 * d + (b - a).relu())
e = c - d
f = e ** 2
g = f / 2.0
g = g + 10.0 / f

GIVENS = [(21, "-4.0", -4.0), (22, "2.0", 2.0)]

RECORDS = [
    (33, "24.7041", g.v, False, None),
    (35, "138.8338", g.da, False, None),
    (36, "645.5773", g.db, False, None),
]
