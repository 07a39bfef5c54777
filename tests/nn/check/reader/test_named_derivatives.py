"""Matrix-form notes that name their activations in words and define each derivative by its own
formula (``function_letters``, ``derivative_names``): the truth is recomputed here in plain Python."""

import math

import nbformat

from nn.check.reader.derivative_names import over_samples
from nn.check.reader.function_letters import function_letters

X = [0.5, -1.0]
W1 = [[0.3, -0.2], [0.4, 0.1]]
B1 = [0.1, 0.2]
W2 = [[0.6, -0.3], [-0.5, 0.2]]
Y = [0.25, -0.4]


def _truth() -> dict[str, list]:
    z1 = [sum(X[i] * W1[i][j] for i in range(2)) + B1[j] for j in range(2)]
    a1 = [math.tanh(v) for v in z1]
    z2 = [sum(a1[i] * W2[i][j] for i in range(2)) for j in range(2)]
    a2 = [math.tanh(v) for v in z2]
    dc = [a2[j] - Y[j] for j in range(2)]
    s2 = [1 - a * a for a in a2]
    d2 = [dc[j] * s2[j] for j in range(2)]
    s1 = [1 - a * a for a in a1]
    d1 = [sum(d2[k] * W2[j][k] for k in range(2)) * s1[j] for j in range(2)]
    dw1 = [[X[i] * d1[j] for j in range(2)] for i in range(2)]
    return {"z1": z1, "a1": a1, "z2": z2, "a2": a2, "dc": dc, "s2": s2, "d2": d2, "s1": s1, "d1": d1,
            "dw1": dw1}


def _row(values: list[float]) -> str:
    return r"\begin{bmatrix} " + " & ".join(f"{v:.4f}" for v in values) + r" \end{bmatrix}"


def _grid(rows: list[list[float]]) -> str:
    cells = r" \\ ".join(" & ".join(f"{v:.4f}" for v in r) for r in rows)
    return r"\begin{bmatrix} " + cells + r" \end{bmatrix}"


def _document(t: dict[str, list], dw1: list[list[float]] | None = None, words: str = "tanh") -> str:
    return "\n\n".join([
        f"The activation functions $h_1(z)$ and $h_2(z)$ used in both layers are {words}; the cost $C$ "
        "is the squared error.",
        r"$$x = \begin{bmatrix} 0.5 & -1 \end{bmatrix}$$",
        r"$$W_1 = \begin{bmatrix} 0.3 & -0.2 \\ 0.4 & 0.1 \end{bmatrix}$$",
        r"$$b_1 = \begin{bmatrix} 0.1 & 0.2 \end{bmatrix}$$",
        r"$$W_2 = \begin{bmatrix} 0.6 & -0.3 \\ -0.5 & 0.2 \end{bmatrix}$$",
        r"$$y = \begin{bmatrix} 0.25 & -0.4 \end{bmatrix}$$",
        r"$$z_1 = x W_1 + b_1$$",
        f"$$z_1 = {_row(t['z1'])}$$",
        f"$$a_1 = h_1(z_1) = h_1({_row(t['z1'])}) = {_row(t['a1'])}$$",
        r"$$z_2 = a_1 W_2$$",
        f"$$z_2 = {_row(t['z2'])}$$",
        f"$$a_2 = h_2(z_2) = {_row(t['a2'])}$$",
        rf"$$\frac{{\partial C}}{{\partial a_2}} = a_2 - y = {_row(t['dc'])}$$",
        f"$$h'_2(z_2) = {_row(t['s2'])}$$",
        rf"$$\delta_2 = \frac{{\partial C}}{{\partial a_2}} \odot h'_2(z_2) = {_row(t['d2'])}$$",
        rf"$$\delta_1 = (\delta_2 W_2^T) \odot h_1'(z_1) = {_row(t['d1'])}$$",
        r"$$\frac{\partial C}{\partial W_1} = x^T \delta_1$$",
        rf"$$\frac{{\partial C}}{{\partial W_1}} = {_grid(dw1 or t['dw1'])}$$",
        rf"$$\frac{{\partial C}}{{\partial b_1}} = \sum \delta_1 = {_grid([[v] for v in t['d1']])}$$",
        r"$$W_1 := W_1 - \frac{\eta}{m} \frac{\partial C}{\partial W_1}$$",
        rf"$$W_1 = {_grid(W1)} - 0.1 {_grid(dw1 or t['dw1'])}$$",
    ]) + "\n"


def _line(text: str, start: str) -> int:
    return next(k for k, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def _values(rows: list[dict]) -> list[float]:
    return [float(r["document"]) for r in rows]


def test_prose_binds_letters_to_one_function_only():
    assert function_letters("The activations $f_1(z)$ and $f_{2}(z)$ are sigmoid.") == {
        "f_1": "sigmoid", "f_2": "sigmoid"}
    assert function_letters(r"where $g$ is the ReLU and $\phi^{[2]}$ the tanh.") == {}  # two functions
    assert function_letters(r"Here $\phi^{[2]}(z)$ is tanh. And $g$ is logistic.") == {
        "phi^[2]": "tanh", "g": "sigmoid"}
    assert function_letters("$f(x) = x^2$ is smooth, unlike sigmoid.") == {}  # no letter alone


def test_sum_over_one_sample_only_when_a_vector_is_printed():
    assert over_samples(r"\sum \delta_1", 2) == r"\delta_1"
    assert over_samples(r"\sum_i \delta_i", 2) is None  # limits: a sum over elements
    assert over_samples(r"\sum \delta_1", 1) is None  # one number printed: the elements' sum, maybe


def test_named_activations_and_derivatives_checked_element_by_element(document_rows):
    t = _truth()
    text = _document(t)
    rows = document_rows(text)

    def checked(start: str) -> list[dict]:
        return rows.get(_line(text, start), [])

    assert all(r["verdict"] == "match" for line in rows.values() for r in line)
    for start, want in [("$$a_1 = h_1", t["z1"] + t["a1"]),
                        (r"$$\frac{\partial C}{\partial a_2} = a_2", t["dc"]), ("$$h'_2", t["s2"]),
                        (r"$$\delta_2", t["d2"]), (r"$$\delta_1", t["d1"]),
                        (r"$$\frac{\partial C}{\partial b_1}", t["d1"])]:
        assert sorted(_values(checked(start))) == sorted(round(v, 4) for v in want), start
    dw1 = [r for r in rows.get(_line(text, r"$$\frac{\partial C}{\partial W_1} = \begin"), [])]
    assert sorted(_values(dw1)) == sorted(round(v, 4) for r in t["dw1"] for v in r)
    update = rows.get(_line(text, f"$$W_1 = {_grid(W1)}"), [])  # the grid beside the rate: ∂C/∂W_1
    assert sorted(_values(update)) == sorted(round(v, 4) for r in t["dw1"] for v in r)


def test_a_wrong_element_of_a_named_derivative_is_flagged(document_rows):
    t = _truth()
    wrong = [list(r) for r in t["dw1"]]
    wrong[1][0] += 0.01
    text = _document(t, dw1=wrong)
    rows = document_rows(text)[_line(text, r"$$\frac{\partial C}{\partial W_1} = \begin")]
    verdicts = {round(float(r["document"]), 4): r["verdict"] for r in rows}
    assert verdicts[round(wrong[1][0], 4)] == "mismatch"
    assert sum(v == "mismatch" for v in verdicts.values()) == 1


def test_no_function_named_leaves_the_letters_unread(document_rows):
    t = _truth()
    text = _document(t, words="tanh in the hidden layer and sigmoid at the output")
    rows = document_rows(text)
    assert not rows.get(_line(text, "$$h'_2"))  # which letter is which, the words do not say
    assert all(r["verdict"] == "match" for line in rows.values() for r in line)


def test_a_notebook_states_the_same(tmp_path):
    from nn.check import check_document

    t = _truth()
    cells = [nbformat.v4.new_markdown_cell(part) for part in _document(t).split("\n\n")]
    path = tmp_path / "lesson.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    rows = [r for r in check_document(path).as_dict()["rows"] if r["verdict"] in ("match", "mismatch")]
    names = {r["name"].split(": ", 1)[-1] for r in rows}
    assert {"∂C/∂W_1[2,1]", "δ_1[2]", "∂C/∂b_1[1]"} <= names
    assert all(r["verdict"] == "match" for r in rows)


def _error_document(grad_w: str) -> str:
    return "\n".join([
        "A neuron with input x = 1.5, weight w = 0.8 and target t = 0.2.",
        "",
        "Output: o = w * x = 1.2",
        "",
        "Error = 0.5 * (t - o)^2 = 0.5",
        "",
        "dE/do = o - t = 1.0",
        "",
        f"dE/dw = dE/do * x = {grad_w}",
        "",
    ])


def test_a_loss_word_differentiated_by_its_initial(document_rows):
    x, w, t = 1.5, 0.8, 0.2
    o = w * x
    error, d_o = 0.5 * (t - o) ** 2, o - t
    assert (round(o, 4), round(error, 4), round(d_o, 4)) == (1.2, 0.5, 1.0)  # as printed above
    text = _error_document(f"{d_o * x:g}")
    rows = document_rows(text)
    by_line = {line: [r["verdict"] for r in found] for line, found in rows.items()}
    assert by_line[5] == ["match"] and by_line[7] == ["match"] and "match" in by_line[9]
    wrong = document_rows(_error_document(f"{d_o * x + 0.1:g}"))
    assert "mismatch" in [r["verdict"] for r in wrong[9]]


def test_a_letter_of_two_loss_words_is_no_alias(document_rows):
    text = _error_document("1.5").replace("Error = 0.5 * (t - o)^2 = 0.5",
                                          "Error = 0.5 * (t - o)^2 = 0.5\n\nerror = 2 * o = 2.4")
    rows = document_rows(text)
    assert 9 not in rows and 11 not in rows  # dE/do, dE/dw: which E, the names do not say
    assert all(r["verdict"] == "match" for found in rows.values() for r in found)


def _concluding(value: str, gap: str = "") -> str:
    return "\n".join([
        "Let $x = 2$, $w = 0.3$ and $t = 1$.",
        "",
        "$$p = w x$$",
        "",
        "$$E = (t - p)^2$$",
        "",
        r"$$\frac{\partial E}{\partial w} = -2 (t - p) x$$",
        f"{gap}Thus, ${value}$.",
        "",
    ])


def test_a_bare_number_concluding_a_derivation(document_rows):
    x, w, t = 2.0, 0.3, 1.0
    grad = -2 * (t - w * x) * x
    rows = document_rows(_concluding(f"{grad:g}"))
    assert [(float(r["document"]), r["verdict"]) for r in rows[8]] == [(round(grad, 4), "match")]
    wrong = document_rows(_concluding(f"{grad + 0.1:g}"))
    assert [r["verdict"] for r in wrong[8]] == ["mismatch"]
    apart = document_rows(_concluding(f"{grad + 0.1:g}", gap="\n"))  # another paragraph: not its value
    assert 9 not in apart


def test_letters_and_conclusions_are_read_in_time_linear_in_the_text(time_ratio):
    from nn.check.reader.concluded import concluded

    def make(n: int) -> str:
        block = "The activation $g_1(z)$ is tanh.\n$$q = r s$$\nSo  " + " " * 40 + "$0.25$.\n\n"
        return block * n

    def run(text: str) -> tuple:
        return function_letters(text), concluded(text)
    letters, text = run(make(3))
    assert letters == {"g_1": "tanh"} and text.count("$q = 0.25$") == 3
    ratio = time_ratio(run, make(400), make(800))
    assert ratio < 3.2, f"doubling the text multiplied the time by {ratio:.1f}"


def test_a_tick_after_a_commented_value_confirms_it(document_rows):
    a, b = 1.5, 2.5
    c = a * b
    text = (f"# Ticks\n\n```python\na = {a}\nb = {b}\nc = a * b  # {c} ✓\nd = c - b  # {c - b + 0.25} ✔\n"
            "e = d * 2  # 2.5 also works\n```\n")
    rows = document_rows(text)
    assert [(float(r["document"]), r["verdict"]) for r in rows[6]] == [(c, "match")]
    assert [r["verdict"] for r in rows[7]] == ["mismatch"]  # a ticked value is checked like any other
    assert 8 not in rows  # a remark, listed
