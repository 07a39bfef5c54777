"""A quantity named ``e`` (``e = \\hat y - y``, the error): in its example ``e^2``, ``e²``, ``2e`` and
``\\partial e`` are that quantity, never Euler's number; ``e^{-z}``, ``\\exp`` and ``\\mathrm{e}`` stay
Euler's (reader/euler.py, ``latex.e_named``). Synthetic documents, truth in plain Python."""

from __future__ import annotations

import math

from nn.check.reader.latex import Num, Pow, Sym, e_named, parse_math


def _reads(x: float, printed: str) -> bool:
    return f"{x:.{len(printed.partition('.')[2])}f}" == printed


Y_HAT, Y = 0.6225, 1.0
ERROR = Y_HAT - Y  # -0.3775
LOSS = ERROR ** 2  # 0.14250625
SLOPE = 2 * ERROR  # -0.755

LATEX = r"""Let $\hat y = 0.6225$ and $y = 1$. The error is $e = \hat y - y = -0.3775$ and the loss is
$L = e^2 = LOSS$. Then $\frac{\partial L}{\partial e} = 2e = -0.755$.
"""

UNICODE = """Let ŷ = 0.6225 and y = 1. The error is e = ŷ − y = −0.3775 and the loss is
L = e² = LOSS. Then ∂L/∂e = 2e = −0.755.
"""

CODE = """The error and its square:

```python
y_hat = 0.6225
y = 1.0
e = y_hat - y
L = e ** 2
dL_de = 2 * e
print(e, L, dL_de)
```

```
-0.3775 0.14250625 -0.755
```
"""


def _verdicts(result, printed_rows) -> dict[tuple[int, str], str]:
    return {key: row["verdict"] for key, row in printed_rows(result).items()}


def test_the_truth_of_the_documents():
    assert _reads(ERROR, "-0.3775") and _reads(LOSS, "0.1425") and _reads(SLOPE, "-0.755")
    assert not _reads(math.e ** 2, "0.1425")  # e read as Euler's number: 7.389, the false alarm


def test_an_error_named_e_in_latex_is_that_quantity(check_text, printed_rows, not_checked):
    result = check_text(LATEX.replace("LOSS", "0.1425"))
    verdicts = _verdicts(result, printed_rows)
    assert verdicts[(1, "-0.3775")] == "match"
    assert verdicts[(2, "0.1425")] == "match"  # e², never e^2 = 7.389
    assert verdicts[(2, "-0.755")] == "match"  # ∂L/∂e = 2e
    assert not any("no quantity named e" in why for _, _, why in not_checked(result))
    assert result.ok


def test_a_wrong_square_of_the_error_is_still_flagged(check_text, printed_rows):
    assert not _reads(LOSS, "0.1525")
    verdicts = _verdicts(check_text(LATEX.replace("LOSS", "0.1525")), printed_rows)
    assert verdicts[(2, "0.1525")] == "mismatch"
    assert verdicts[(1, "-0.3775")] == "match"


def test_an_error_named_e_in_plain_unicode_text(check_text, printed_rows, not_checked):
    result = check_text(UNICODE.replace("LOSS", "0.1425"))
    verdicts = _verdicts(result, printed_rows)
    assert verdicts[(2, "0.1425")] == "match"
    assert all(v == "match" for v in verdicts.values())
    assert not any("no quantity named e" in why for _, _, why in not_checked(result))


def test_an_error_named_e_in_code(check_text, printed_rows):
    verdicts = _verdicts(check_text(CODE), printed_rows)
    assert _reads(LOSS, "0.14250625")
    assert verdicts[(13, "0.14250625")] == "match"
    assert all(v == "match" for v in verdicts.values())


def test_euler_stays_euler_in_a_sigmoid_beside_an_error_named_e(check_text, printed_rows):
    z = 0.5
    y_hat = 1 / (1 + math.exp(-z))
    error = y_hat - 1
    assert _reads(y_hat, "0.6225") and _reads(error ** 2, "0.1425")
    text = (r"Let $y = 1$ and $z = 0.5$. The output is $\hat y = \frac{1}{1 + e^{-z}} = "
            r"\frac{1}{1 + e^{-0.5}} = 0.6225$." "\n"
            r"The error is $e = \hat y - y = -0.3775$ and the loss is $L = e^2 = 0.1425$." "\n")
    verdicts = _verdicts(check_text(text), printed_rows)
    assert verdicts[(1, "0.6225")] == "match"  # e^{-z}: exp(-z), the text's e is no power's base
    assert verdicts[(2, "0.1425")] == "match"
    assert all(v == "match" for v in verdicts.values())


def test_with_no_quantity_named_e_its_powers_are_eulers(check_text, printed_rows):
    assert _reads(math.e ** 2, "7.389")
    text = "Here $e = 2.71828$ is Euler's number, and $e^2 = 7.389$.\n"  # a given of Euler's e: no quantity
    assert _verdicts(check_text(text), printed_rows)[(1, "7.389")] == "match"


def test_the_parser_reads_e_by_the_scope():
    euler_squared = Pow(Num("e", math.e), Num("2", 2.0))
    assert parse_math("e^2") == euler_squared
    with e_named(True):
        assert parse_math("e^2") == Pow(Sym("e"), Num("2", 2.0))
        assert parse_math("e^{2}") == Pow(Sym("e"), Num("2", 2.0))
        assert parse_math("e²") == Pow(Sym("e"), Num("2", 2.0))
        assert parse_math("e^{-z}").base == Num("e", math.e)  # a power only Euler's e is raised to
        assert parse_math("e^{2.0}").base == Num("e", math.e)
        assert parse_math(r"\mathrm{e}^2") == euler_squared  # \mathrm{e}: always Euler's
    assert parse_math(r"\mathrm{e}^{-z}").base == Num("e", math.e)


def test_deciding_whether_e_is_named_is_linear_in_the_claims(monkeypatch, document_file):
    """``names_e`` parses each claim's left side a bounded number of times: twice the claims, at most
    about twice the parses."""
    from nn.check.reader import euler
    from nn.check.reader.reading import read_document

    def work(n: int) -> int:
        calls = [0]
        original = euler.parse_math

        def counted(*args, **kwargs):
            calls[0] += 1
            return original(*args, **kwargs)
        monkeypatch.setattr(euler, "parse_math", counted)
        try:
            lines = "".join(f"$x_{{{k}}} = {k}.5$ and $y_{{{k}}} = x_{{{k}}} - 1$\n\n" for k in range(n))
            read_document(document_file(lines + "Euler's $e = 2.71828$.\n", f"e{n}.md"))  # every claim asked
        finally:
            monkeypatch.undo()
        return calls[0]
    small, large = work(100), work(200)
    assert small >= 200  # every claim's left side is read
    assert large <= 2.5 * small, f"doubling the claims: {small} → {large} parses"
