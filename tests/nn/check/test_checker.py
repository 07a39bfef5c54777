"""`stepgrad check`: printed numbers against the engine, and the diagnoses of the wrong ones.

Every expected number here comes from plain floating-point formulas written out in this file
(``by_hand``), never from the engine, so a test fails if the engine, the checker or the example
files disagree with the textbook chain rule.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from nn.check import ExampleError, agrees, check_example, load_example, parse_printed
from nn.cli import main

X = (0.05, 0.10)
Y = 0.01
LR = 0.5
# Mazur's initial values, first output neuron only, in seed 000's names (W_ij from i to j).
BASE = load_example("seed001").network.state()  # the documents' 2-2-1 network, as seed 001 gives it
DIAGNOSES = (
    "sign flipped", "factor 2 from the loss convention", "updated instead of old weights",
    "truncated instead of rounded", "carried from an earlier rounded number", "off by one iteration",
    "indices transposed", "unexplained",
)


def sig(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def by_hand(p: dict, *, factor: float = 1.0, hidden: str = "old", direction: float = -1.0,
            loss_factor: float = 0.5) -> dict:
    """One pass of the 2-2-1 sigmoid network by the textbook formulas, without the engine.

    ``factor`` multiplies dL/dŷ (1 for ½(y − ŷ)², 2 for (y − ŷ)², −2 for seed 001's sign
    error); ``hidden`` = "updated" computes the hidden δs with the already updated W31, W41;
    ``direction`` −1 is gradient descent, +1 what a flipped update does.
    """
    z1 = p["W11"] * X[0] + p["W21"] * X[1] + p["B1"]
    z2 = p["W12"] * X[0] + p["W22"] * X[1] + p["B2"]
    a1, a2 = sig(z1), sig(z2)
    zo = p["W31"] * a1 + p["W41"] * a2 + p["B3"]
    yhat = sig(zo)
    dyhat = -factor * (Y - yhat)
    d_o = dyhat * yhat * (1 - yhat)
    g = {"W31": d_o * a1, "W41": d_o * a2, "B3": d_o}
    w31, w41 = p["W31"], p["W41"]
    if hidden == "updated":
        w31, w41 = w31 + direction * LR * g["W31"], w41 + direction * LR * g["W41"]
    d_h1 = d_o * w31 * a1 * (1 - a1)
    d_h2 = d_o * w41 * a2 * (1 - a2)
    g |= {"W11": d_h1 * X[0], "W21": d_h1 * X[1], "B1": d_h1, "W12": d_h2 * X[0], "W22": d_h2 * X[1],
          "B2": d_h2}
    return {"z_h1": z1, "a_h1": a1, "z_h2": z2, "a_h2": a2, "z_o1": zo, "a_o1": yhat,
            "L": loss_factor * (Y - yhat) ** 2, "dL/da_o1": dyhat, "delta_o1": d_o, "delta_h1": d_h1,
            "delta_h2": d_h2, "grad": g, "next": {k: p[k] + direction * LR * g[k] for k in p}}


def after(n: int, p: dict = BASE, **kw) -> dict:
    for _ in range(n):
        p = by_hand(p, **kw)["next"]
    return by_hand(p, **kw)


def fmt(x: float, decimals: int, rounding: str = ROUND_HALF_UP) -> str:
    return str(Decimal(repr(x)).quantize(Decimal(1).scaleb(-decimals), rounding=rounding))


def write_example(tmp_path: Path, rows: list[tuple], *, loss: str = "half_squared_error",
                  hidden: str = "old_weights", iterations: int = 1, name: str = "ex") -> Path:
    """A fully specified 2-2-1 example with the given [[document]] rows (name, value, kind, quantity,
    after)."""
    params = "\n".join(f"{k} = {v}" for k, v in BASE.items())
    text = f"""[example]
name = "{name}"
[network]
kind = "document"
[data]
inputs = [0.05, 0.10]
targets = [0.01]
[parameters]
{params}
[training]
loss = "{loss}"
learning_rate = {LR}
hidden_deltas = "{hidden}"
iterations = {iterations}
"""
    for row_name, value, kind, quantity, *rest in rows:
        text += (f'\n[[document]]\nname = "{row_name}"\nvalue = "{value}"\nkind = "{kind}"\n'
                 f'quantity = "{quantity}"\nafter = {rest[0] if rest else 0}\n')
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def only_diagnosis(row, label: str) -> None:
    """The row is a mismatch and its diagnosis is this label and no other."""
    assert row.verdict == "mismatch", row.as_dict()
    parts = row.diagnosis.split("; ")
    assert parts[0].startswith(label), row.diagnosis
    others = [d for d in DIAGNOSES if d != label and d in row.diagnosis]
    assert not others, row.diagnosis


# ---- printed precision --------------------------------------------------------------------------
def test_printed_precision_is_the_last_printed_digit():
    assert parse_printed("-0.0105").exponent == -4
    assert parse_printed("0.40").exponent == -2  # trailing zeros are printed digits
    assert parse_printed("≈ -0.00101").approximate
    assert parse_printed("−0.05").value == Decimal("-0.05")  # Unicode minus
    assert parse_printed("5.05e-5").exponent == -7
    with pytest.raises(ValueError, match="not a number"):
        parse_printed("about a half")


def test_agrees_rounds_half_away_from_zero_and_ignores_float_noise():
    assert agrees(parse_printed("0.21"), 0.7 * 0.3)  # 0.21 in binary is 0.20999999999999999
    assert agrees(parse_printed("0.3"), 0.26) and not agrees(parse_printed("0.2"), 0.26)
    # exactly on a rounding boundary (within a few ulps): both neighbours read it (half up, half even)
    assert agrees(parse_printed("0.3"), 0.25) and agrees(parse_printed("0.2"), 0.25)
    assert not agrees(parse_printed("0.2"), 0.2500000001)
    assert agrees(parse_printed("-0.00102"), -0.00101598)
    assert not agrees(parse_printed("-0.00101"), -0.00101598)
    assert agrees(parse_printed("-0.00101"), -0.00101598, ROUND_DOWN)
    assert agrees(parse_printed("0.4"), 0.40000001)
    assert not agrees(parse_printed("0.40"), 0.406)


# ---- each diagnosis, triggered by exactly that mistake ------------------------------------------
def test_a_correct_example_matches_everywhere_with_no_diagnosis(tmp_path):
    h, h1 = by_hand(BASE), after(1)
    rows = [("L", fmt(h["L"], 9), "loss", "L"), ("a_h1", fmt(h["a_h1"], 9), "activation", "a_h1"),
            ("δ_o1", fmt(h["delta_o1"], 9), "delta", "delta_o1"),
            ("δ_h1", fmt(h["delta_h1"], 4), "delta", "δ_h1"),
            ("dL/dW11", fmt(h["grad"]["W11"], 9), "gradient", "dL/dW11"),
            ("dL/dW12", fmt(h["grad"]["W12"], 9), "gradient", "dL/dW12"),
            ("W31 new", fmt(h["next"]["W31"], 9), "weight", "W31", 1),
            ("L after", fmt(h1["L"], 9), "loss", "L", 1)]
    report = check_example(write_example(tmp_path, rows))
    assert [r.verdict for r in report.rows] == ["match"] * len(rows)
    assert all(r.diagnosis is None for r in report.rows)
    assert report.ok


def test_sign_flipped(tmp_path):
    g = by_hand(BASE)["grad"]["W31"]
    report = check_example(write_example(tmp_path, [("dL/dW31", fmt(-g, 6), "gradient", "dL/dW31")]))
    only_diagnosis(report.rows[0], "sign flipped")


def test_factor_2_from_the_loss_convention(tmp_path):
    doubled = by_hand(BASE, factor=2.0)["grad"]["W31"]  # computed with L = (y − ŷ)²
    report = check_example(write_example(tmp_path, [("dL/dW31", fmt(doubled, 6), "gradient", "dL/dW31")]))
    only_diagnosis(report.rows[0], "factor 2 from the loss convention")
    # ...and declaring the loss the document really uses makes it match
    report = check_example(write_example(tmp_path, [("dL/dW31", fmt(doubled, 6), "gradient", "dL/dW31")],
                                         loss="squared_error"))
    assert report.ok


def test_updated_instead_of_old_weights(tmp_path):
    wrong = by_hand(BASE, hidden="updated")["delta_h1"]
    assert fmt(wrong, 6) != fmt(by_hand(BASE)["delta_h1"], 6)
    report = check_example(write_example(tmp_path, [("δ_h1", fmt(wrong, 6), "delta", "delta_h1")]))
    only_diagnosis(report.rows[0], "updated instead of old weights")
    # a document that declares this rule is computed by it (the engine's graph, layer by layer)
    rows = [("δ_h1", fmt(wrong, 6), "delta", "delta_h1"),
            ("W11 new", fmt(by_hand(BASE, hidden="updated")["next"]["W11"], 9), "weight", "W11", 1)]
    assert check_example(write_example(tmp_path, rows, hidden="updated_weights")).ok


def test_truncated_instead_of_rounded(tmp_path):
    d = by_hand(BASE)["delta_h1"]  # 0.0133679...: rounds to 0.0134
    cut = fmt(d, 4, ROUND_DOWN)
    assert cut == "0.0133"
    report = check_example(write_example(tmp_path, [("δ_h1", cut, "delta", "delta_h1")]))
    only_diagnosis(report.rows[0], "truncated instead of rounded")
    assert "rounds to 0.0134" in report.rows[0].diagnosis


def test_carried_from_an_earlier_rounded_number(tmp_path):
    h = by_hand(BASE)
    shown = fmt(h["delta_h1"], 4)  # "0.0134", correctly rounded
    carried = float(shown) * X[0]  # the document's next line: 0.0134 · 0.05 = 0.000670
    assert fmt(carried, 6) != fmt(h["grad"]["W11"], 6)  # exact: 0.000668
    rows = [("δ_h1", shown, "delta", "delta_h1"), ("dL/dW11", fmt(carried, 6), "gradient", "dL/dW11")]
    report = check_example(write_example(tmp_path, rows))
    assert report.rows[0].verdict == "match"
    only_diagnosis(report.rows[1], "carried from an earlier rounded number")
    assert "δ_h1 = 0.0134" in report.rows[1].diagnosis
    # without the earlier row there is nothing to carry: unexplained
    report = check_example(write_example(tmp_path, rows[1:]))
    only_diagnosis(report.rows[0], "unexplained")


def test_off_by_one_iteration(tmp_path):
    two = after(2)["L"]  # the loss after two steps, printed as if after one
    rows = [("L after one step", fmt(two, 9), "loss", "L", 1)]
    report = check_example(write_example(tmp_path, rows, iterations=2))
    only_diagnosis(report.rows[0], "off by one iteration")
    assert "after 2 steps, not after 1" in report.rows[0].diagnosis


def test_indices_transposed(tmp_path):
    g = by_hand(BASE)["grad"]
    rows = [("dL/dW12", fmt(g["W21"], 9), "gradient", "dL/dW12")]  # the x2 → h1 number
    report = check_example(write_example(tmp_path, rows))
    only_diagnosis(report.rows[0], "indices transposed")
    assert "dL/dW21" in report.rows[0].diagnosis


def test_a_number_nothing_explains_is_unexplained(tmp_path):
    report = check_example(write_example(tmp_path, [("dL/dW31", "0.123", "gradient", "dL/dW31")]))
    only_diagnosis(report.rows[0], "unexplained")


# ---- the bundled seed examples --------------------------------------------------------------------
def test_seed000_end_to_end():
    report = check_example("seed000")
    verdicts = {r.number.name: (r.verdict, r.diagnosis) for r in report.rows}
    wrong = {"δ_h1", "dL/dW11"}
    for name in ("dL/dA_o1", "δ_o1", "dL/dW31", "dL/dW41", "W31_new", "W31·δ_o1", "W41·δ_o1", "δ_h2"):
        assert verdicts[name] == ("match", None)
    assert set(verdicts) - wrong == {n for n, (v, _) in verdicts.items() if v == "match"}
    only_diagnosis(next(r for r in report.rows if r.number.name == "δ_h1"), "truncated instead of rounded")
    w11 = next(r for r in report.rows if r.number.name == "dL/dW11")
    only_diagnosis(w11, "carried from an earlier rounded number")
    assert "δ_h1 = -0.00101" in w11.diagnosis
    # the engine's own numbers for the two wrong ones, from the closed forms
    d_h1 = 0.40 * -0.0105 * 0.59 * 0.41
    assert next(r for r in report.rows if r.number.name == "δ_h1").engine == pytest.approx(d_h1, rel=1e-12)
    assert w11.engine == pytest.approx(d_h1 * 0.05, rel=1e-12)
    assert any("solved" in a for a in report.example.assumptions)


def test_seed000_keeps_its_network_for_other_users():
    ex = load_example("seed000")
    assert ex.network["W31"].data == 0.40 and ex.network["W41"].data == 0.45
    assert ex.network["W11"].data == 0.0
    h1, h2 = ex.network.hidden(ex.input_values())
    assert (h1.data, h2.data) == pytest.approx((0.59, 0.60), abs=1e-12)
    assert ex.output().data == pytest.approx(0.70, abs=1e-12)
    check_example(ex)
    assert ex.network["W31"].data == 0.40  # checking leaves the parameters alone


def seed001_by_document_formulas() -> dict:
    """Seed 001's formulas exactly as written (dL/dŷ = 2(y − ŷ)), on seed001.toml's numbers."""
    h = by_hand(BASE, factor=-2.0, direction=-1.0, loss_factor=1.0)
    return {"h": h, "next": after(1, factor=-2.0, loss_factor=1.0)}


def test_seed001_file_holds_the_documents_formulas():
    doc = seed001_by_document_formulas()
    h = doc["h"]
    alias = {"w_o1": "W31", "w_o2": "W41", "b_o": "B3", "w_11": "W11", "w_12": "W21", "w_21": "W12",
             "w_22": "W22", "b_1": "B1", "b_2": "B2"}
    expected = {"z_1": h["z_h1"], "a_1": h["a_h1"], "a_2": h["a_h2"], "z_o": h["z_o1"], "ŷ": h["a_o1"],
                "L": h["L"], "dL/dŷ": h["dL/da_o1"], "f'(z_o)": h["a_o1"] * (1 - h["a_o1"]),
                "L after the update": doc["next"]["L"]}
    expected |= {f"dL/d{k}": h["grad"][v] for k, v in alias.items()}
    expected |= {f"{k} updated": h["next"][v] for k, v in alias.items()}
    rows = load_example("seed001").document
    assert len(rows) == 21
    for row in rows:
        assert agrees(parse_printed(row.value), expected[row.name]), row


def test_seed001_end_to_end_sign_error_and_uphill_step():
    report = check_example("seed001")
    by_name = {r.number.name: r for r in report.rows}
    for name in ("z_1", "a_1", "a_2", "z_o", "ŷ", "L", "f'(z_o)"):
        assert by_name[name].verdict == "match", name
    flipped = [r for r in report.rows if r.number.kind == "gradient"]
    assert len(flipped) == 10
    for r in flipped:
        only_diagnosis(r, "sign flipped")
        assert r.engine == pytest.approx(-float(r.printed.value), abs=1e-9)
    for name in ("w_o1 updated", "b_o updated", "w_11 updated", "L after the update"):
        only_diagnosis(by_name[name], "sign flipped")
        assert "in the update" in by_name[name].diagnosis
    # the document's one step increases the loss; the engine's decreases it
    before, doc_after = float(by_name["L"].printed.value), float(by_name["L after the update"].printed.value)
    assert doc_after > before > by_name["L after the update"].engine
    assert "raises the loss" in by_name["L after the update"].diagnosis
    assert not report.ok


def test_shared_bias_2_2_2_network_reproduces_mazur(data_dir):
    report = check_example(data_dir / "mazur_2_2_2.toml")
    assert [r.number.name for r in report.rows if r.verdict != "match"] == []
    assert len(report.rows) == 17


def test_mlp_kind_agrees_with_the_document_network(tmp_path):
    g = by_hand(BASE)["grad"]
    # MLP names: L1.N1.w2 is hidden neuron 1's weight from input 2 (seed 000's W21)
    text = f"""[network]
kind = "mlp"
sizes = [2, 2, 1]
activation = ["sigmoid", "sigmoid"]
[data]
inputs = [0.05, 0.10]
targets = [0.01]
[parameters]
L1.N1.w1 = 0.15
L1.N1.w2 = 0.20
"L1.N2.w1" = 0.25
L1.N2.w2 = 0.30
L1.N1.b = 0.35
L1.N2.b = 0.35
L2.N1.w1 = 0.40
L2.N1.w2 = 0.45
L2.N1.b = 0.60
[training]
loss = "half_squared_error"
learning_rate = 0.5
[[document]]
name = "dL/dW21"
value = "{fmt(g['W21'], 9)}"
kind = "gradient"
quantity = "dL/dL1.N1.w2"
[[document]]
name = "δ_h2"
value = "{fmt(g['B2'], 9)}"
kind = "delta"
quantity = "delta_L1.N2"
[[document]]
name = "transposed"
value = "{fmt(g['W21'], 9)}"
kind = "gradient"
quantity = "dL/dL1.N2.w1"
"""
    path = tmp_path / "mlp.toml"
    path.write_text(text, encoding="utf-8")
    rows = check_example(path).rows
    assert [r.verdict for r in rows] == ["match", "match", "mismatch"]
    only_diagnosis(rows[2], "indices transposed")


# ---- the command line --------------------------------------------------------------------------
def test_cli_table_and_exit_status(capsys, data_dir):
    assert main(["check"]) == 1  # the reference example, seed 000, has two wrong numbers
    out = capsys.readouterr().out
    assert "quantity" in out and "doc − engine" in out and "should read" in out and "verdict" in out
    lines = out.splitlines()
    i = next(i for i, s in enumerate(lines) if s.startswith("δ_h1"))
    assert "-0.00102" in lines[i] and "-0.00101598" in lines[i] and lines[i].endswith("mismatch")
    assert lines[i + 1].strip().startswith("→ truncated instead of rounded")  # wrapped under its row
    assert max(len(s) for s in lines) <= 100
    assert main(["check", str(data_dir / "mazur_2_2_2.toml")]) == 0


def test_cli_json_shape(capsys):
    assert main(["check", "seed000", "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["example"] == "seed000"
    for row in doc["rows"]:
        assert {"name", "document", "engine", "verdict", "diagnosis"} <= set(row)
        assert row["verdict"] in ("match", "mismatch")
        assert (row["diagnosis"] is None) == (row["verdict"] == "match")
    assert doc["summary"] == {"ok": False, "matches": 8, "mismatches": 2,
                              "diagnoses": {"carried": 1, "truncated": 1}}
    rows = {r["name"]: r for r in doc["rows"]}
    assert rows["δ_h1"]["document"] == "≈ -0.00101" and rows["δ_h1"]["should_read"] == "-0.00102"
    assert rows["δ_h1"]["engine"] == pytest.approx(-0.00101598, abs=1e-12)


GOOD = """[network]
kind = "document"
[data]
inputs = [0.05, 0.10]
targets = [0.01]
[parameters]
W11 = 0.15
W21 = 0.20
W12 = 0.25
W22 = 0.30
W31 = 0.40
W41 = 0.45
B1 = 0.35
B2 = 0.35
B3 = 0.60
[training]
loss = "half_squared_error"
learning_rate = 0.5
[[document]]
name = "δ_o1"
value = "0.138499"
kind = "delta"
quantity = "delta_o1"
"""

# case: (file text, fragments the message must contain, a snippet whose line the message must name)
MALFORMED = {
    "toml_syntax": (GOOD.replace("learning_rate = 0.5", "learning_rate = = 0.5"), ["not valid TOML"],
                    "learning_rate"),
    "unknown_key": (GOOD.replace("learning_rate", "learning_rte"), ["'learning_rte'"], "learning_rte"),
    "unknown_table": (GOOD + "[optimizer]\nkind = 'sgd'\n", ["'optimizer'"], "[optimizer]"),
    "missing_weight": (GOOD.replace("W21 = 0.20\n", ""), ["missing weight W21", "w_12"], "[parameters]"),
    "wrong_type": (GOOD.replace("learning_rate = 0.5", 'learning_rate = "0.5"'),
                   ["learning_rate must be a number"], "learning_rate"),
    "value_not_string": (GOOD.replace('value = "0.138499"', "value = 0.138499"), ["value must be a string"],
                         "value ="),
    "value_not_number": (GOOD.replace('"0.138499"', '"0.13.8"'), ["'0.13.8' is not a number"], "value ="),
    "unknown_quantity": (GOOD.replace('"delta_o1"', '"dL/dW99"'), ["'W99'"], "quantity ="),
    "kind_mismatch": (GOOD.replace('kind = "delta"', 'kind = "weight"'), ["kind = 'weight'", "derivative"],
                      'kind = "weight"'),
    "unknown_kind": (GOOD.replace('kind = "delta"', 'kind = "deltaa"'), ["'deltaa'"], 'kind = "deltaa"'),
    "after_too_large": (GOOD + "after = 3\n", ["after = 3", "iterations"], "after = 3"),
    "missing_row_key": (GOOD.replace('quantity = "delta_o1"\n', ""), ["missing key 'quantity'"],
                        "[[document]]"),
    "no_document_numbers": (GOOD[: GOOD.index("[[document]]")], ["no [[document]] numbers"], None),
    "unknown_network": (GOOD.replace('kind = "document"', 'kind = "cnn"'), ["'cnn'"], 'kind = "cnn"'),
    "bad_loss": (GOOD.replace('"half_squared_error"', '"mse"'), ["'mse'"], "loss ="),
    "missing_table": (GOOD.replace("[training]", "[trainings]"), ["'trainings'"], "[trainings]"),
    "not_utf8": (None, ["not UTF-8"], None),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_files_exit_2_with_a_message_naming_the_problem(case, tmp_path, capsys):
    text, expected, snippet = MALFORMED[case]
    path = tmp_path / f"{case}.toml"
    if text is None:
        path.write_bytes(b"\xff\xfe not text")
    else:
        path.write_text(text, encoding="utf-8")
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("stepgrad check: ") and "Traceback" not in err
    assert str(path) in err
    for fragment in expected:
        assert fragment in err, (fragment, err)
    if snippet:
        line = next(i for i, s in enumerate(text.splitlines(), 1) if s.startswith(snippet))
        assert f"line {line}" in err, (line, err)


def test_the_good_file_itself_is_fine(tmp_path):
    path = tmp_path / "good.toml"
    path.write_text(GOOD, encoding="utf-8")
    assert check_example(path).ok


def test_missing_file_and_subprocess_exit_status(tmp_path, repo_root):
    assert main(["check", str(tmp_path / "absent.toml")]) == 2
    bad = tmp_path / "bad.toml"
    bad.write_text(GOOD.replace("learning_rate", "learning_rte"), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "nn", "check", str(bad)], capture_output=True, text=True,
                          cwd=repo_root, timeout=60)
    assert proc.returncode == 2
    assert "learning_rte" in proc.stderr and "Traceback" not in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "nn", "check", "seed001", "--format", "json"],
                          capture_output=True, text=True, cwd=repo_root, timeout=60)
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["example"] == "seed001"


def test_loading_errors_are_example_errors():
    with pytest.raises(ExampleError, match="no example"):
        load_example("no-such-example")


def test_the_format_page_s_example_is_complete_and_checks_as_described(tmp_path, repo_root):
    page = (repo_root / "docs" / "format.md").read_text(encoding="utf-8")
    section = page[page.index("## Network templates"):]
    toml = section[section.index("```toml\n") + len("```toml\n"):]
    path = tmp_path / "readme.toml"
    path.write_text(toml[: toml.index("```")], encoding="utf-8")
    rows = check_example(path).rows
    assert [r.number.name for r in rows] == ["δ_h1", "dL/dW11"]
    only_diagnosis(rows[0], "truncated instead of rounded")
    only_diagnosis(rows[1], "carried from an earlier rounded number")


def test_every_complete_toml_example_of_the_docs_checks(tmp_path, repo_root):
    section = (repo_root / "docs" / "format.md").read_text(encoding="utf-8")
    blocks = [b.split("```")[0] for b in section.split("```toml\n")[1:]]
    complete = [b for b in blocks if "[network]" in b and "[[document]]" in b]
    assert len(complete) >= 3
    for i, block in enumerate(complete):
        path = tmp_path / f"readme{i}.toml"
        path.write_text(block, encoding="utf-8")
        report = check_example(path)
        assert report.rows and all(r.verdict == "match" or r.diagnosis != "unexplained" for r in report.rows)


def test_shared_bias_gradient_is_the_sum_of_both_neurons_deltas_and_matches_finite_differences():
    from nn import SharedBiasNetwork, half_squared_error

    values = dict(w1=0.15, w2=0.20, w3=0.25, w4=0.30, w5=0.40, w6=0.45, w7=0.50, w8=0.55, b1=0.35, b2=0.60)
    net = SharedBiasNetwork(**values)

    def loss() -> float:
        return half_squared_error(net([0.05, 0.10]), [0.01, 0.99]).data

    L = half_squared_error(net([0.05, 0.10]), [0.01, 0.99])
    L.backward()
    grads = {n: p.grad for n, p in net.named_parameters()}
    for name, p in net.named_parameters():
        eps, x = 1e-6, p.data
        p.data = x + eps
        up = loss()
        p.data = x - eps
        down = loss()
        p.data = x
        assert grads[name] == pytest.approx((up - down) / (2 * eps), rel=1e-6, abs=1e-10), name
    # b1 feeds both hidden neurons: its gradient is δ_h1 + δ_h2
    assert grads["b1"] == pytest.approx(grads["w1"] / 0.05 + grads["w3"] / 0.05, rel=1e-12)
