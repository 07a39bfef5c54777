"""Truth for ahammadnafiz-attention-tanh-softmax: the Bahdanau-attention worked example of the post:
scores e = vₐᵀ tanh(Wₐ[s; h] + bₐ) for three encoder states, softmax weights α and the context
vector c, at decoder step 1 (s₀ given) and step 2 (s₁ given, "from LSTM update"). Everything is
recomputed from the givens hⱼ, s₀, s₁, Wₐ, vₐ, bₐ (math module only). Terms printed after a
binary minus ("0.05 + 0 - 0.02 + …") are listed with the magnitude printed.

Only e₁,₁ is worked out in the post; e₁,₂ = −0.142 and e₁,₃ = 0.387 do not follow from the givens
(they are 0.4061 and −0.2834), nor do the step-2 scores; everything built on them is carried. The
step-3 weights α₃ have no premise in the text (s₂ is never given): they are not records.
"""
import math

W = [[0.5, -0.2, 0.1, 0.3, 0.7, 0.0, -0.1, 0.4], [0.2, 0.6, -0.3, 0.1, 0.0, 0.8, 0.2, -0.2]]
v = [0.8, -0.3]
b = [0.1, -0.1]
h = [[0.2, -0.1, 0.8, 0.3], [0.5, 0.7, -0.2, 0.6], [-0.3, 0.4, 0.9, -0.1]]
s0 = [0.1, 0.0, -0.2, 0.1]
s1 = [0.3, -0.1, 0.5, 0.2]


def score(s, hj):
    c = s + hj
    terms = [[W[i][k] * c[k] for k in range(8)] for i in range(2)]
    lin = [sum(row) for row in terms]
    pre = [lin[i] + b[i] for i in range(2)]
    t = [math.tanh(p) for p in pre]
    return terms, lin, pre, t, v[0] * t[0] + v[1] * t[1]


def softmax(e):
    x = [math.exp(v) for v in e]
    return x, sum(x), [v / sum(x) for v in x]


terms, (lin0, lin1), (pre0, pre1), (t0, t1), e11 = score(s0, h[0])
e12, e13 = score(s0, h[1])[4], score(s0, h[2])[4]
(x11, x12, x13), S1, (a11, a12, a13) = softmax([e11, e12, e13])
asum = a11 + a12 + a13
alpha1 = [a11, a12, a13]
q = [[alpha1[j] * h[j][k] for k in range(4)] for j in range(3)]
c = [sum(q[j][k] for j in range(3)) for k in range(4)]
e21, e22, e23 = (score(s1, hj)[4] for hj in h)
_, _, (a21, a22, a23) = softmax([e21, e22, e23])
d = [a21 * h[0][k] + a22 * h[1][k] + a23 * h[2][k] for k in range(4)]

VALUES = {f"p{i}_{k}": abs(terms[i][k]) for i in range(2) for k in range(8)}
VALUES.update({f"q{j}{k}": q[j][k] for j in range(3) for k in range(4)})
VALUES.update({f"c{k}": c[k] for k in range(4)})
VALUES.update({f"d{k}": d[k] for k in range(4)})
VALUES.update(lin0=lin0, lin1=lin1, pre0=pre0, pre1=pre1, t0=t0, t1=t1, e11=e11, e12=e12, e13=e13,
              x11=x11, x12=x12, x13=x13, S1=S1, a11=a11, a12=a12, a13=a13, asum=asum,
              e21=e21, e22=e22, e23=e23, a21=a21, a22=a22, a23=a23)

GIVENS = [(256, "0.2", 0.2), (257, "0.5", 0.5), (258, "-0.3", -0.3), (261, "0.1", 0.1),
          (276, "0.5", 0.5), (277, "0.2", 0.2), (282, "0.8", 0.8), (282, "-0.3", -0.3), (282, "0.1", 0.1),
          (282, "-0.1", -0.1), (377, "0.3", 0.3), (377, "-0.1", -0.1), (377, "0.5", 0.5), (377, "0.2", 0.2)]

# (line, printed, the quantity it stands for)
_numbers = [
    (301, "0.05", "p0_0"),
    (301, "0", "p0_1"),
    (301, "0.02", "p0_2"),
    (301, "0.03", "p0_3"),
    (301, "0.14", "p0_4"),
    (301, "0", "p0_5"),
    (301, "0.08", "p0_6"),
    (301, "0.12", "p0_7"),
    (302, "0.02", "p1_0"),
    (302, "0", "p1_1"),
    (302, "0.06", "p1_2"),
    (302, "0.01", "p1_3"),
    (302, "0", "p1_4"),
    (302, "0.08", "p1_5"),
    (302, "0.16", "p1_6"),
    (302, "0.06", "p1_7"),
    (303, "0.24", "lin0"),
    (303, "0.11", "lin1"),
    (308, "0.24", "lin0"),
    (308, "0.11", "lin1"),
    (308, "0.34", "pre0"),
    (308, "0.01", "pre1"),
    (313, "0.34", "pre0"),
    (313, "0.01", "pre1"),
    (313, "0.327", "t0"),
    (313, "0.010", "t1"),
    (318, "0.327", "t0"),
    (318, "0.010", "t1"),
    (318, "0.327", "t0"),
    (318, "0.010", "t1"),
    (318, "0.259", "e11"),
    (322, "-0.142", "e12"),
    (323, "0.387", "e13"),
    (330, "0.259", "e11"),
    (330, "-0.142", "e12"),
    (330, "0.387", "e13"),
    (330, "1.296", "x11"),
    (330, "1.296", "x11"),
    (330, "0.868", "x12"),
    (330, "1.472", "x13"),
    (330, "1.296", "x11"),
    (330, "3.636", "S1"),
    (330, "0.357", "a11"),
    (334, "-0.142", "e12"),
    (334, "3.636", "S1"),
    (334, "0.868", "x12"),
    (334, "3.636", "S1"),
    (334, "0.239", "a12"),
    (338, "0.387", "e13"),
    (338, "3.636", "S1"),
    (338, "1.472", "x13"),
    (338, "3.636", "S1"),
    (338, "0.405", "a13"),
    (341, "0.357", "a11"),
    (341, "0.239", "a12"),
    (341, "0.405", "a13"),
    (341, "1.001", "asum"),
    (341, "1", "asum"),
    (350, "0.357", "a11"),
    (350, "0.239", "a12"),
    (350, "0.405", "a13"),
    (354, "0.071", "q00"),
    (354, "-0.036", "q01"),
    (354, "0.286", "q02"),
    (354, "0.107", "q03"),
    (354, "0.120", "q10"),
    (354, "0.167", "q11"),
    (354, "-0.048", "q12"),
    (354, "0.143", "q13"),
    (354, "-0.122", "q20"),
    (354, "0.162", "q21"),
    (354, "0.365", "q22"),
    (354, "-0.041", "q23"),
    (358, "0.069", "c0"),
    (358, "0.293", "c1"),
    (358, "0.603", "c2"),
    (358, "0.209", "c3"),
    (380, "-0.089", "e21"),
    (381, "0.156", "e22"),
    (382, "0.592", "e23"),
    (385, "0.198", "a21"),
    (386, "0.253", "a22"),
    (387, "0.549", "a23"),
    (391, "0.198", "a21"),
    (391, "0.253", "a22"),
    (391, "0.549", "a23"),
    (391, "0.028", "d0"),
    (391, "0.320", "d1"),
    (391, "0.633", "d2"),
    (391, "0.006", "d3"),
    (416, "0.357", "a11"),
    (416, "0.239", "a12"),
    (416, "0.405", "a13"),
    (417, "0.198", "a21"),
    (417, "0.253", "a22"),
    (417, "0.549", "a23"),
]

CAUSE = {"e12": "unknown", "e13": "unknown", "e21": "unknown", "e22": "unknown", "e23": "unknown"}
CAUSE.update({name: "carried_error" for name in (
    "x12", "x13", "S1", "a11", "a12", "a13", "q00", "q02", "q03", "q10", "q11", "q12", "q13",
    "q20", "q21", "q22", "q23", "c0", "c1", "c2", "c3", "a21", "a22", "a23")})
CAUSE["asum"] = "rounding_carried"                      # 0.357 + 0.239 + 0.405; α sums to exactly 1
CAUSE.update({f"d{k}": "arithmetic" for k in range(4)})  # not even Σ α₂ⱼ hⱼ with the printed α₂


def _cause(line: int, printed: str, name: str) -> str | None:
    if name == "asum" and printed == "1":
        return None  # "≈ 1" is right
    return CAUSE.get(name)


RECORDS = [(line, printed, VALUES[name], _cause(line, printed, name) is not None, _cause(line, printed, name))
           for line, printed, name in _numbers]
