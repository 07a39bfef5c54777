"""Reading a document itself: Markdown + LaTeX → claims → the checker's rows (nn/check/reader/).

The seeds are checked straight from copies of their text (tests/data/seed000.md, seed001.md) with
setups that hold only the network and the assumptions (tests/data/seed00N-setup.toml).
"""

from __future__ import annotations

import json
import re
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from nn.check import ExampleError, check_document, check_example, format_document_report
from nn.check.reader.layout import find_math
from nn.cli import main

DATA = Path(__file__).parents[3] / "data"
SEED000, SEED000_SETUP = DATA / "seed000.md", DATA / "seed000-setup.toml"
SEED001, SEED001_SETUP = DATA / "seed001.md", DATA / "seed001-setup.toml"
CLAIMS = DATA / "claims.md"


def _numbers(result):
    """The rows of printed numbers (not of formulas) of a document's check."""
    return [r for r in result.report.rows if r.kind == "number"]


def line_of(path: Path, words: str) -> int:
    """The number of the one line of ``path`` holding ``words``: computed, never pinned."""
    lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if words in line]
    assert len(lines) == 1, f"{words!r} is on lines {lines} of {path.name}"
    return lines[0]


def _line(row) -> int:
    return int(row.number.name.split(":")[0].split()[-1])


# ---- seed 000: its 10 printed numbers, with the verdicts of the hand-written seed000.toml -------
@pytest.fixture(scope="module")
def seed000():
    return check_document(SEED000, SEED000_SETUP)


def test_seed000_setup_holds_no_printed_number():
    setup = tomllib.loads(SEED000_SETUP.read_text())
    assert "document" not in setup and "formula" not in setup


def test_seed000_read_from_its_text_has_the_verdicts_of_the_hand_made_file(seed000):
    by_hand = check_example("seed000")
    read = {(r.number.quantity, r.number.after, r.printed.value): r for r in _numbers(seed000)}
    assert len(by_hand.rows) == 10
    for expected in by_hand.rows:
        quantity = {"delta_o1": "dL/dz_o1", "delta_h1": "dL/dz_h1", "delta_h2": "dL/dz_h2"}.get(
            expected.number.quantity, expected.number.quantity)
        key = (quantity, expected.number.after, expected.printed.value)
        assert key in read, f"{expected.number.name} = {expected.number.value} was not found"
        got = read[key]
        assert got.verdict == expected.verdict, expected.number.name
        assert (got.diagnosis or "").split(":")[0] == (expected.diagnosis or "").split(":")[0]
    delta_h1 = read[("dL/dz_h1", 0, Decimal("-0.00101"))]
    dw11 = read[("dL/dW11", 0, Decimal("-0.0000505"))]
    assert delta_h1.verdict == dw11.verdict == "mismatch"
    assert "truncated" in delta_h1.diagnosis and "carried" in dw11.diagnosis
    assert sum(r.verdict == "match" for r in read.values()) == len(read) - 2


def test_seed000_rows_cite_their_lines_and_intermediates_are_checked(seed000):
    rows = {(r.number.quantity, float(r.printed.value)): _line(r) for r in _numbers(seed000)}
    assert rows[("dL/dz_o1", -0.0105)] == 90
    assert rows[("dL/da_o1", -0.05)] == 90  # -0.05 · 0.70 · 0.30: the first factor
    assert rows[("dL/da_h1", -0.0042)] == 109  # -0.0042 · 0.59 · 0.41: W31·δ_o1
    assert rows[("dL/da_h2", -0.004725)] == 110
    assert rows[("W31", 0.4030975)] == 102
    assert rows[("a_h1", 0.59)] == 95
    assert all(r.number.source == f"line {_line(r)}" for r in _numbers(seed000))
    skipped = {(s.line, s.text): s.reason for s in seed000.reading.skipped}
    # a factor no quantity names is not guessed: it is checked as the part of the side before it that
    # holds its place, 0.59(1 - 0.59) ≈ … · 0.59 · 0.41: 0.41 is 1 - 0.59
    assert (109, "0.41") not in skipped
    assert [(s.text, s.holds) for s in seed000.reading.arithmetic if (s.line, s.printed) == (109, "0.41")] \
        == [("1 - 0.59 = 0.41", True)]
    assert "learning rate" in skipped[(102, "0.5")]


def test_seed000_general_formulas_are_listed_with_their_line(seed000):
    reasons = {s.line: s.reason for s in seed000.reading.skipped}
    assert "no quantity named Z_j" in reasons[13] and "general index" in reasons[13]
    assert "no quantity named X" in reasons[61]


# ---- seed 001: formulas only -------------------------------------------------------------------
@pytest.fixture(scope="module")
def seed001():
    return check_document(SEED001, SEED001_SETUP)


def test_seed001_gradient_formulas_and_update_rules_become_formula_rows(seed001):
    reading = seed001.reading
    texts = {f["text"] for f in reading.formulas}
    assert len(reading.formulas) == 26 and not reading.rows[1:]  # one number only: dz_o/db_o = 1
    assert r"\frac{dL}{d\hat{y}} = 2(y - \hat{y})" in texts
    assert r"\frac{dL}{dw_{oi}} = 2(y - \hat{y}) \cdot f'(z_o) \cdot a_i" in texts
    assert (r"\frac{dL}{dw_{ij}} = 2(y - \hat{y}) \cdot f'(z_o) \cdot w_{oi} \cdot f'(z_i) \cdot x_j"
            in texts)
    assert r"w_{oi} = w_{oi} - \eta \cdot \left[2(y - \hat{y}) \cdot f'(z_o) \cdot a_i\right]" in texts
    assert (r"b_i = b_i - \eta \cdot \left[2(y - \hat{y}) \cdot f'(z_o) \cdot w_{oi} \cdot f'(z_i)\right]"
            in texts)
    theta = [s for s in reading.skipped if s.line == 165]
    assert theta and "no quantity named θ" in theta[0].reason


def test_seed001_index_ranges_come_from_the_text(seed001):
    with_ranges = {r["text"]: r.get("for") for r in seed001.reading.formulas}
    assert with_ranges[r"\frac{dL}{dw_{oi}} = 2(y - \hat{y}) \cdot f'(z_o) \cdot a_i"] == {"i": [1, 2]}
    rule = (r"w_{ij} = w_{ij} - \eta \cdot \left[2(y - \hat{y}) \cdot f'(z_o) \cdot w_{oi} \cdot f'(z_i) "
            r"\cdot x_j\right]")
    assert with_ranges[rule] == {"i": [1, 2], "j": [1, 2]}
    assert with_ranges[r"\frac{dL}{db_o} = 2(y - \hat{y}) \cdot f'(z_o)"] is None


def test_seed001_read_from_its_text_reports_the_sign_error_and_the_climbing_update(seed001):
    formulas = {(_line(r), r.number.name.split(": ", 1)[1]): r for r in seed001.report.rows
                if r.kind == "formula" and r.number.name.startswith("line ")}
    together = next(r for r in seed001.report.rows if r.number.name.endswith("together"))
    assert together.verdict == "mismatch" and "raise L from 0.549622 to 0.613836" in together.diagnosis
    sign_line = line_of(SEED001, r"\frac{dL}{d\hat{y}} = 2(y - \hat{y})")
    sign = formulas[(sign_line, "∂L/∂ŷ")]
    assert sign.verdict == "mismatch" and sign.diagnosis.startswith("sign flipped")
    loss = line_of(SEED001, r"L = (y - \hat{y})^2")
    chain = line_of(SEED001, r"\frac{dL}{dw_{ij}} = \frac{dL}{d\hat{y}}")
    written_out = line_of(SEED001, r"\frac{dL}{dw_{ij}} = 2(y - \hat{y})")
    assert formulas[(loss, "L")].verdict == "match"  # L = (y − ŷ)² is right
    assert formulas[(chain, "∂L/∂w_ij (i=1, j=1)")].verdict == "match"  # the chain rule, written with d/d
    inherited = formulas[(written_out, "∂L/∂w_ij (i=2, j=2)")]
    assert "sign flipped" in inherited.diagnosis and f"line {sign_line}" in inherited.diagnosis
    climbs = formulas[(line_of(SEED001, r"w_{oi} = w_{oi} - \eta"), "w_oi (i=1)")]
    assert climbs.verdict == "mismatch" and "climbs" in climbs.diagnosis
    assert not seed001.ok


# ---- a test document with every claim shape -----------------------------------------------------
@pytest.fixture(scope="module")
def claims():
    return check_document(CLAIMS)  # the setup is the document's own ```stepgrad block


def test_every_claim_shape_is_checked(claims):
    read = {(r.number.quantity, r.number.after, r.number.value): (r.verdict, _line(r))
            for r in _numbers(claims)}
    shapes = ("A chain:", "A rounded one:", "An update:", "Values:", "A wrong sign:")
    chain, rounded, update, values, sign = (line_of(CLAIMS, words) for words in shapes)
    assert read[("dL/dz_o1", 0, "-0.0105")] == ("match", chain)  # a chain ending in a number
    assert read[("dL/da_o1", 0, "-0.05")] == ("match", chain)  # a factor, by the formula above
    assert read[("dL/dW31", 0, "≈ -0.006195")] == ("match", rounded)  # ≈
    assert read[("W31", 1, "0.4030975")] == ("match", update)  # W^{new}: after one step
    assert read[("a_h1", 0, "0.59")] == ("match", values)  # A_{h1}
    assert read[("da_o1/dz_o1", 0, "0.21")] == ("match", values)  # a local derivative
    assert read[("dL/dW41", 0, "0.0063")] == ("mismatch", sign)
    wrong = next(r for r in _numbers(claims) if r.number.quantity == "dL/dW41")
    assert wrong.diagnosis.startswith("sign flipped")


def test_unmappable_and_malformed_claims_are_listed_with_their_line(claims):
    reasons = {s.line: s.reason for s in claims.reading.skipped}
    at = {words: line_of(CLAIMS, words) for words in ("A name the network", "Malformed:", "An inequality:",
                                                      "Never closed:", "Not math:", 'y = "$W_{31}')}
    assert reasons[at["A name the network"]].startswith("no quantity named K; add an alias in the setup")
    assert reasons[at["Malformed:"]].startswith("malformed LaTeX")
    assert reasons[at["An inequality:"]].startswith("an inequality")
    assert "never closed" in reasons[at["Never closed:"]]
    not_math = (at["Not math:"], at['y = "$W_{31}'])  # prices and code are no math
    assert not any(s.line in not_math for s in claims.reading.skipped)


def test_no_number_in_the_math_is_dropped_silently(claims):
    """Every line whose math holds a number has a checked row, a not-checked entry, or is a repeat."""
    text = CLAIMS.read_text()
    segments, _ = find_math(text)
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    lines_with_numbers = {sum(1 for x in starts if x <= s.start)
                          for s in segments if re.search(r"\d\.\d", s.text)}
    accounted = {_line(r) for r in claims.report.rows} | {s.line for s in claims.reading.skipped}
    assert lines_with_numbers <= accounted


def test_the_setup_can_carry_aliases(tmp_path):
    doc = tmp_path / "alias.md"
    doc.write_text(CLAIMS.read_text().replace("[training]", '[aliases]\nK = "a_h2"\n\n[training]')
                   .replace("$K = 0.2983$", "$K = 0.60$"))
    result = check_document(doc)
    rows = result.report.rows
    k_line = line_of(CLAIMS, "A name the network")
    assert any(r.number.quantity == "a_h2" and _line(r) == k_line + 3 for r in rows)  # 3 lines of [aliases]


def test_explain_says_how_each_claim_was_read(claims):
    text = format_document_report(claims, explain=True)
    formula, name = line_of(CLAIMS, "The error of the output:"), line_of(CLAIMS, "A name the network")
    assert "How each claim was read:" in text
    assert f"-0.05: stands for -(Y - A_o1) (the document's formula on line {formula}) → dL/da_o1" in text
    assert f"not checked: `K = 0.2983` on line {name}" in text


# ---- the command line ---------------------------------------------------------------------------
def test_cli_check_document_exits_1_on_a_mismatch_and_lists_what_it_skipped(capsys):
    assert main(["check", str(SEED000), "--setup", str(SEED000_SETUP)]) == 1
    out = capsys.readouterr().out
    delta_h1 = line_of(SEED000, r"\delta_{h1} = (0.40 \cdot -0.0105)")
    assert f"line {delta_h1}: δ_h1 = dL/dz_h1" in out and "truncated" in out and "Not checked" in out


def test_cli_check_document_json(capsys):
    assert main(["check", str(CLAIMS), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    name, wrong = line_of(CLAIMS, "A name the network"), line_of(CLAIMS, "A wrong sign:")
    assert {"line": name, "text": "K = 0.2983"}.items() <= data["not_checked"][-4].items() or any(
        n["line"] == name and n["text"] == "K = 0.2983" for n in data["not_checked"])
    assert any(r["source"] == f"line {wrong}" and r["verdict"] == "mismatch" for r in data["rows"])


def test_cli_errors_are_one_line(tmp_path, capsys):
    bare = tmp_path / "bare.md"
    bare.write_text("# no setup\nNo number is given here.\n")
    assert main(["check", str(bare)]) == 2
    err = capsys.readouterr().err
    assert "no setup and no givens" in err and err.count("\n") == 1
    assert main(["check", str(tmp_path / "missing.md"), "--setup", str(SEED000_SETUP)]) == 2
    assert "does not exist" in capsys.readouterr().err
    broken = tmp_path / "broken.md"
    broken.write_text("```stepgrad\n[network\n```\n$A_{h1} = 0.59$\n")
    assert main(["check", str(broken)]) == 2
    assert "not valid TOML" in capsys.readouterr().err


def test_extract_writes_a_worked_example_with_the_same_verdicts(tmp_path, capsys, seed000):
    out = tmp_path / "seed000-read.toml"
    assert main(["extract", str(SEED000), "--setup", str(SEED000_SETUP), "-o", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    report = check_example(out)
    assert [(r.number.quantity, r.number.value, r.verdict) for r in report.rows] == [
        (r.number.quantity, r.number.value, r.verdict) for r in seed000.report.rows]
    update = line_of(SEED000, r"W_{31}^{\text{new}} = 0.40 - 0.5")
    assert f"# not checked: `0.5` on line {update}: stands for the learning rate" in out.read_text()
    delta_h1 = line_of(SEED000, r"\delta_{h1} = (0.40 \cdot -0.0105)")  # 0.41 = 1 - 0.59: checked, not listed
    assert f"`0.41` on line {delta_h1}" not in out.read_text()


def test_a_setup_with_its_own_rows_uses_the_documents_rows(seed000):
    result = check_document(SEED000, "seed000")  # the bundled file, with its 10 hand-typed rows
    assert any("not used" in n for n in result.reading.notes)
    assert [r.number.value for r in result.report.rows] == [r.number.value for r in seed000.report.rows]


# ---- the notations of real posts ------------------------------------------------------------------
# Mazur's 2-2-2 network, as a ```stepgrad block opens (each document adds its own aliases)
MAZUR_SETUP = """\
```stepgrad
[network]
kind = "shared-bias"
[data]
inputs = [0.05, 0.10]
targets = [0.01, 0.99]
[parameters]
w1 = 0.15
w2 = 0.20
w3 = 0.25
w4 = 0.30
w5 = 0.40
w6 = 0.45
w7 = 0.50
w8 = 0.55
b1 = 0.35
b2 = 0.60
[training]
loss = "half_squared_error"
learning_rate = 0.5
[aliases]
"""

MAZUR_STYLE = MAZUR_SETUP + """\
"w^1_11" = "w1"
"w^1_21" = "w2"
"w^2_11" = "w5"
b_1 = "b1"
```

>$ net_{h_{1}} = w^{1}_{11} i_1 + w^{1}_{21} i_2 + b_1 $
>$ net_{h_{1}} = 0.15 * 0.05 + 0.20 * 0.10 + 0.36 = 0.3775 $
>$ out_{h_{1}} = \\frac{1}{1+e^{-0.3775}} = 0.593269992 $
>$ w^{2+}_{11} = 0.40 - 0.5 * 0.082167041 = 0.35891648 $
"""


def test_mathjax_spacing_layer_superscripts_and_euler(tmp_path):
    doc = tmp_path / "post.md"
    doc.write_text(MAZUR_STYLE)
    result = check_document(doc)
    read = {(r.number.quantity, r.number.after, r.number.value): r.verdict for r in _numbers(result)}
    assert read[("z_h1", 0, "0.3775")] == "match"  # `$ … $` with spaces, net_{h_{1}}
    assert read[("w1", 0, "0.15")] == "match"  # w^{1}_{11}: layer 1, by the formula above it
    assert read[("x1", 0, "0.05")] == "match"
    assert read[("b1", 0, "0.36")] == "mismatch"  # a wrong intermediate number is caught
    assert read[("a_h1", 0, "0.593269992")] == "match"  # 1/(1 + e^{-0.3775}): e is Euler's number
    assert read[("w5", 1, "0.35891648")] == "match"  # w^{2+}_{11}: w5 after one step


def test_hostile_documents_give_lines_not_tracebacks(tmp_path):
    setup = CLAIMS.read_text().split("## Formulas")[0]
    doc = tmp_path / "hostile.md"
    doc.write_text(setup + "$$ a_{h1} = " + "{" * 5000 + "1" + "}" * 5000 + " $$\n\n"
                   + "$W_{i1} = 0.5 \\quad \\text{for } i = " + ", ".join(map(str, range(1, 2002))) + "$\n\n"
                   + "$A_{h1} = 0.59$ " * 2000 + "\n")
    result = check_document(doc)
    reasons = {s.line: s.reason for s in result.reading.skipped}
    assert "nested too deeply" in reasons[28]
    assert "more than 1000 index combinations" in reasons[30]
    assert all(len(s.text) <= 160 for s in result.reading.skipped)
    assert [r.number.value for r in _numbers(result)] == ["0.59"]  # 2000 repeats checked once
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"\xff\xfe$x$")
    with pytest.raises(ExampleError, match="not UTF-8"):
        check_document(binary, SEED000_SETUP)


ALIGNED = MAZUR_SETUP + """\
target_o1 = "y1"
```

$$
\\begin{align}
net_{h1} &= w_1 \\cdot i_1 + w_2 \\cdot i_2 + b_1 \\cdot 1 \\\\ \\\\
&= 0.15 * 0.05 + 0.2 * 0.1 + 0.35 * 1 \\\\ \\\\
&= 0.3775
\\end{align}
$$

> $$
> \\begin{align}
> E_{o1} &= \\frac{1}{2}\\|target_{o1}-out_{o1}\\|^2 \\\\
> &= \\frac{1}{2}\\|0.01-0.75136507\\|^2 \\\\
> &= 0.274811083
> \\end{align}
> $$

$$ \\frac{\\partial E_{total}}{\\partial w5} = 0.082167041 $$

$$ w_5^+ = w_5 - \\eta \\frac{\\partial E_{total}}{\\partial w_5} $$

$$ w_5^+ = 0.4 - 0.25 * 0.082167041 = 0.35891648 $$
"""


def test_align_environments_block_quotes_norm_bars_and_plain_names(tmp_path):
    doc = tmp_path / "aligned.md"
    doc.write_text(ALIGNED)
    result = check_document(doc)
    read = {(r.number.quantity, r.number.after, r.number.value): (r.verdict, _line(r))
            for r in _numbers(result)}
    # `&= …` continues the claim across `\\ \\`; the number is cited on its own line, two below the chain's
    assert read[("z_h1", 0, "0.3775")] == ("match", 29)
    assert read[("w1", 0, "0.15")][0] == "match"  # by the formula on the first line of the block
    assert read[("E_o1", 0, "0.274811083")] == ("match", 37)  # inside a block quote, with \|…\|: on its line
    assert read[("a_o1", 0, "0.75136507")][0] == "match"
    assert read[("dL/dw5", 0, "0.082167041")][0] == "match"  # w5 without an underscore
    assert read[("w5", 1, "0.35891648")][0] == "match"
    reasons = {(s.line, s.text): s.reason for s in result.reading.skipped}
    assert "but the setup's is 0.5" in reasons[(45, "0.25")]  # a learning rate unlike the setup's
    assert not any(">" in s.text for s in result.reading.skipped)


def test_extract_of_a_setup_with_aliases_loads(tmp_path, capsys):
    doc = tmp_path / "aligned.md"
    doc.write_text(ALIGNED)
    out = tmp_path / "aligned.toml"
    assert main(["extract", str(doc), "-o", str(out)]) == 0
    capsys.readouterr()
    text = out.read_text()
    assert '# target_o1 = "y1"' in text
    assert [(r.number.quantity, r.verdict) for r in check_example(out).rows if r.kind == "number"] == [
        (r.number.quantity, r.verdict) for r in _numbers(check_document(doc))]


def test_an_expression_example_as_the_setup(tmp_path):
    """Any graph works: CS231n's (x + y)·z, its derivatives taken of the root f, not of a loss."""
    doc = tmp_path / "circuit.md"
    doc.write_text('```stepgrad\n[network]\nkind = "expression"\n[leaves]\nx = -2\ny = 5\nz = -4\n'
                   '[nodes]\nq = "x + y"\nf = "q * z"\n```\n\n'
                   "$q = x + y = -2 + 5 = 3$ and $f = q \\cdot z = 3 \\cdot -4 = -12$\n\n"
                   "$\\frac{\\partial f}{\\partial x} = \\frac{\\partial f}{\\partial q} "
                   "\\frac{\\partial q}{\\partial x} = -4 \\cdot 1 = -4$ and "
                   "$\\frac{\\partial f}{\\partial y} = 4$\n")
    result = check_document(doc)
    read = {(r.number.quantity, r.number.value): r for r in _numbers(result)}
    assert read[("x", "-2")].verdict == read[("q", "3")].verdict == read[("f", "-12")].verdict == "match"
    assert read[("df/dq", "-4")].verdict == read[("df/dx", "-4")].verdict == "match"  # factors of a chain
    assert read[("df/dy", "4")].diagnosis.startswith("sign flipped")


def test_errors_in_a_stepgrad_block_name_the_documents_line(tmp_path, capsys):
    doc = tmp_path / "fenced.md"
    doc.write_text('# notes\n\n```stepgrad\n[network]\nkind = "document"\n[data]\ninputs = [0.05, 0.10]\n'
                   'targets = [0.75]\n[parameters]\nW31 = 0.40\n[training]\nloss = "half_squared_error"\n'
                   "learning_rate = 0.5\n```\n$A_{h1} = 0.59$\n")
    assert main(["check", str(doc)]) == 2
    err = capsys.readouterr().err
    assert "its ```stepgrad block), line 9: [parameters]: missing weight W11" in err  # line 9 of the document


def test_a_table_of_values_is_read_row_by_row(tmp_path):
    doc = tmp_path / "table.md"
    doc.write_text(CLAIMS.read_text().split("## Formulas")[0]
                   + "| quantity | how | value |\n|---|---|---|\n"
                   + "| $\\delta_{o1}$ | `-0.05 * 0.21` | `-0.0105` |\n"
                   + "| $\\partial L/\\partial W_{31}$ | `delta * a_h1` | -0.006195 |\n"
                   + "| $\\delta_{h1}$ | cut off | `-0.00101` |\n"
                   + "| $A_{h1}$ | no number here | assumed |\n"
                   + "\nA thin space is no separator: $\\delta_{o1} = -0.05\\,(0.70)(0.30) = -0.0105$\n")
    result = check_document(doc)
    read = {(r.number.quantity, r.number.value): (r.verdict, _line(r)) for r in _numbers(result)}
    assert read[("dL/dz_o1", "-0.0105")] == ("match", 30)
    assert read[("dL/dW31", "-0.006195")] == ("match", 31)
    assert read[("dL/dz_h1", "-0.00101")] == ("mismatch", 32)
    assert not any(s.line == 33 for s in result.reading.skipped)  # a row with no number is no claim
    assert sorted(s.text for s in result.reading.skipped if s.line == 35) == ["-0.05", "0.30", "0.70"]


def test_repeated_unchecked_numbers_are_listed_once_with_their_count(tmp_path):
    doc = tmp_path / "long.md"
    doc.write_text("$\\delta_{h1} = " + " + ".join(["0.1"] * 3000) + " = 300$\n", encoding="utf-8")
    text = format_document_report(check_document(doc, SEED000_SETUP))
    (line,) = [s for s in text.splitlines() if "`0.1` on line 1" in s]
    assert line.endswith("(× 3000)") and len(text.splitlines()) < 40
