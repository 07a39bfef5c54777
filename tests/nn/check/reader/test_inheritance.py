"""A number whose arithmetic as written holds but which is built on the document's own earlier wrong (or
too coarsely rounded) number is flagged, naming the line it inherits from (reader/inheritance.py).
Each document is synthetic; its truth is computed here in plain Python."""

from __future__ import annotations

import math

from nn.check.reader.report import format_document_report


def _document(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def _reads(x: float, printed: str) -> bool:
    decimals = len(printed.partition(".")[2])
    return f"{x:.{decimals}f}" == printed


CRATES = ["# Packing crates", "", "Each crate holds $1.25$ kg and we stack $3$ of them.", "",
          r"1. Weight of a stack: $1.25 \times 3 = 3.95$",
          r"2. With the pallet: $3.95 + 0.85 = 4.80$",
          r"3. Two stacks: $4.80 \times 2 = 9.60$",
          r"4. Per corner: $9.60 / 4 = 2.40$"]


def test_an_early_slip_is_inherited_through_three_lines(check_text, printed_rows):
    stack = 1.25 * 3  # the document prints 3.95: a slip on line 5
    pallet, two, corner = stack + 0.85, 2 * (stack + 0.85), 2 * (stack + 0.85) / 4
    assert not _reads(stack, "3.95") and _reads(3.95 + 0.85, "4.80") and _reads(4.80 * 2, "9.60")
    assert _reads(9.60 / 4, "2.40")  # the document's arithmetic holds on its own numbers
    result = check_text(_document(CRATES))
    rows = printed_rows(result)
    assert rows[(5, "3.95")]["verdict"] == "mismatch" and "inherits" not in rows[(5, "3.95")]["causes"]
    for line, printed, true, origin in ((6, "4.80", pallet, "line 5"), (7, "9.60", two, "line 6"),
                                        (8, "2.40", corner, "line 7")):
        row = rows[(line, printed)]
        assert row["verdict"] == "mismatch" and row["causes"] == ["inherits"], row
        assert row["inherits_from"] == origin and _reads(true, row["should_read"])
    assert rows[(8, "2.40")]["inherits_chain"] == "line 7 (9.60) ← line 6 (4.80) ← line 5 (3.95)"
    report = format_document_report(result, explain=True)
    first = report.splitlines()[0]
    inherited = sum(1 for r in result.as_dict()["rows"] if r.get("inherits_from"))
    assert f"1 wrong number; {inherited} more inherit them" in first
    assert "line 8: 2.40 should read 2.30" in report and "← line 5 (3.95)" in report


def test_a_number_rounded_too_coarsely_for_the_next_is_carried_rounding(check_text, printed_rows):
    half = math.exp(0.5)
    assert _reads(half, "1.65") and _reads(1.65 * 1.65, "2.7225") and not _reads(half * half, "2.7225")
    rows = printed_rows(check_text(_document(["# Growth by hand", "", "1. Half a period: $e^{0.5} = 1.65$",
                                             r"2. A whole period: $1.65 \times 1.65 = 2.7225$"])))
    assert rows[(3, "1.65")]["verdict"] == "match"  # right at its own precision
    row = rows[(4, "2.7225")]
    assert row["verdict"] == "mismatch" and row["causes"] == ["carried"] and row["inherits_from"] == "line 3"
    assert row["should_read"] == f"{half * half:.4f}" == "2.7183"


def test_a_premise_is_its_own_printed_value_never_inherited(check_text, printed_rows):
    assert _reads(math.tanh(0.7), "0.6044") and not _reads(math.tanh(0.7) * 3, "1.8132")
    assert _reads(0.6044 * 3, "1.8132")  # from the premise as stated, the number is right
    rows = printed_rows(check_text(_document(["# A premise", "", r"First, $\tanh(0.7) \approx 0.6044$.", "",
                                              "Assume instead the activation is $a = 0.6044$ exactly.", "",
                                              r"Then $0.6044 \times 3 = 1.8132$."])))
    assert rows[(7, "1.8132")]["verdict"] == "match"
    assert not [r for r in rows.values() if r["verdict"] == "mismatch"]


def test_a_wrong_number_printed_again_is_flagged_where_it_is_repeated(check_text, printed_rows):
    lines = ["# Paint", "", r"1. Two walls: $2.35 \times 2 = 4.90$", "",
             "2. We carry the area $4.90$ to the next step.", "",
             r"3. Litres: $4.90 / 7 = 0.70$"]
    assert not _reads(2.35 * 2, "4.90") and _reads(4.90 / 7, "0.70") and not _reads(2.35 * 2 / 7, "0.70")
    rows = printed_rows(check_text(_document(lines)))
    assert rows[(3, "4.90")]["verdict"] == "mismatch"
    repeat = rows[(5, "4.90")]
    assert repeat["verdict"] == "mismatch" and "carried" in repeat["causes"]
    litres = rows[(7, "0.70")]
    assert litres["verdict"] == "mismatch" and litres["causes"] == ["inherits"]
    assert litres["inherits_from"] == "line 3" and _reads(2.35 * 2 / 7, litres["should_read"])


def test_a_wrong_updated_weight_used_in_the_next_forward_pass_is_inherited(check_text, printed_rows):
    w, x, rate, gradient = 0.52, 2, 0.1, 1.34
    updated = w - rate * gradient  # the document prints 0.286 (a slip: 0.386)
    assert not _reads(updated, "0.286") and _reads(0.286 * x, "0.572") and _reads(0.572 + 0.15, "0.722")
    lines = ["# One step of gradient descent", "",
             r"The weight is $w = 0.52$, the input $x = 2$, the learning rate $\eta = 0.1$ and the "
             "gradient $1.34$.", "", r"Update: $0.52 - 0.1 \times 1.34 = 0.286$", "",
             r"Next forward pass: $0.286 \times 2 = 0.572$, then $0.572 + 0.15 = 0.722$."]
    rows = printed_rows(check_text(_document(lines)))
    assert rows[(5, "0.286")]["verdict"] == "mismatch"
    forward, bias = rows[(7, "0.572")], rows[(7, "0.722")]
    assert forward["causes"] == ["inherits"] and forward["inherits_from"] == "line 5"
    assert _reads(updated * x, forward["should_read"])
    assert bias["causes"] == ["inherits"] and _reads(updated * x + 0.15, bias["should_read"])


def test_a_step_on_numbers_of_unknown_origin_keeps_its_verdict(check_text, printed_rows):
    # 0.3333 is printed nowhere before: it may stand for anything rounding to it, so 3 × it = 0.9999
    # is not called wrong (nor right against a guess)
    rows = printed_rows(check_text(_document(["# Thirds", "", r"Then $0.3333 \times 3 = 0.9999$."])))
    assert rows[(3, "0.9999")]["verdict"] == "match" and "inherits_from" not in rows[(3, "0.9999")]


def _chain_rows(steps: int) -> tuple[list[dict], list]:
    """A chain of ``steps`` lines, each adding 1 to the number of the line before (the first a slip:
    1.25 + 1 printed 2.35), then one line of 200 products of it; the rows and steps ``inherit`` takes."""
    from nn.check.reader.arithmetic import chain_steps
    from nn.check.reader.latex import parse_math

    rows, found = [], []

    def add(line: int, text: str, printed: str) -> None:
        step = chain_steps(line, [parse_math(text), parse_math(printed)], [False, False])[0]
        found.append(step)
        rows.append({"source": f"line {line}", "document": printed, "verdict": "match" if step.holds
                     else "mismatch", "row_kind": "arithmetic", "name": f"line {line}: {text}"})
    value = 2.35
    add(2, "1.25 + 1", "2.35")
    for line in range(3, steps + 3):
        add(line, f"{value:.2f} + 1", f"{value + 1:.2f}")
        value += 1
    for k in range(200):
        add(steps + 3, f"{value:.2f} \\times {k + 2}", f"{value * (k + 2):.2f}")
    return rows, found


def test_inheritance_is_linear_in_the_rows(time_ratio):
    from nn.check.reader.inheritance import inherit

    small, large = _chain_rows(1000), _chain_rows(2000)
    done = inherit(*small, {}, [("line 1", "1.25")])
    assert len(done.inherited) == 1000 + 200  # every number after the slip inherits it
    assert done.inherited[-1]["inherits_from"] == f"line {1000 + 2}"
    ratio = time_ratio(lambda rows: inherit(*rows, {}, [("line 1", "1.25")]), small, large)
    assert ratio < 3.2, f"doubling the rows multiplied the time by {ratio:.1f}"


def test_an_operand_two_earlier_numbers_print_alike_inherits_from_neither(check_text, printed_rows):
    """0.67 is printed for u = 0.5·0.9 + 0.55·0.4 (exactly 0.67) and for σ(0.73) (0.6748…): which one
    σ(0.67) uses, the text does not say (here u: σ(u) prints 0.6615, σ(σ(0.73)) would print 0.6626),
    so its true value is only what 0.67 rounds to, and nothing is flagged."""
    top, u = 0.2 * 0.5 + 0.9 * 0.7, 0.5 * 0.9 + 0.55 * 0.4
    sig = [1 / (1 + math.exp(-x)) for x in (top, u, 1 / (1 + math.exp(-top)))]
    assert _reads(top, "0.73") and _reads(u, "0.67") and _reads(sig[0], "0.67")
    assert _reads(sig[1], "0.6615") and not _reads(sig[2], "0.6615")
    lines = ["# Two neurons", "", "input to the top neuron:", "```math", "(0.2 * 0.5) + (0.9 * 0.7) = 0.73",
             "```", "", "input to the bottom neuron:", "```math", "(0.5 * 0.9) + (0.55 * 0.4) = 0.67",
             "```", "",
             "output of the top neuron:", "```math", "1 / (1 + e^(-0.73)) = 0.67", "```", "",
             "output of the bottom neuron:", "```math", "1 / (1 + e^(-0.67)) = 0.6615", "```"]
    rows = printed_rows(check_text(_document(lines)))
    assert rows[(20, "0.6615")]["verdict"] == "match"


def test_the_report_counts_numbers_wrong_on_their_own_and_those_that_inherit():
    from nn.check.reader.inheritance import inherited_phrase

    assert inherited_phrase(1, 3) == "1 wrong number; 3 more inherit them"
    assert inherited_phrase(2, 1) == "2 wrong numbers; 1 more inherits them"
    assert inherited_phrase(0, 2) == "2 numbers inherit the rounding of earlier lines"
    assert inherited_phrase(0, 1) == "1 number inherits the rounding of earlier lines"


NEURON = ["# A neuron", "", "Given $x = 2.15$, $w = 0.3$, $b = 0.1$.", "",
          r"$$z = w x + b = 0.3 \cdot 2.15 + 0.1 = 0.845$$", "",
          r"$$e^{z} = e^{0.845} = 2.3280$$", "",
          r"$$a = \frac{1}{1 + e^{-0.845}} = 0.6995$$"]


def test_a_quantity_wrong_by_its_own_slip_passes_its_true_value_on(check_text, printed_rows):
    z = 0.3 * 2.15 + 0.1  # the document prints 0.845: its own slip, the engine's value is the true one
    assert not _reads(z, "0.845")
    assert _reads(math.exp(0.845), "2.3280") and _reads(1 / (1 + math.exp(-0.845)), "0.6995")
    rows = printed_rows(check_text(_document(NEURON)))
    assert rows[(5, "0.845")]["verdict"] == "mismatch" and rows[(5, "0.845")]["causes"] == ["arithmetic"]
    for line, printed, true in ((7, "2.3280", math.exp(z)), (9, "0.6995", 1 / (1 + math.exp(-z)))):
        row = rows[(line, printed)]
        assert row["verdict"] == "mismatch" and row["causes"] == ["inherits"], row
        assert row["inherits_from"] == "line 5" and _reads(true, row["should_read"])


TWO_SIXTY_EIGHTS = ["# Two neurons", "", "input to the bottom neuron:", "```math",
                    "(0.9 * 0.6) + (0.35 * 0.4) = 0.68", "```", "", "output of the top neuron:", "```math",
                    "1 / (1 + e^(-0.755)) = 0.68", "```", "", "output of the bottom neuron:", "```math",
                    "1 / (1 + e^(-0.68)) = 0.6637", "```"]


def test_digits_printed_for_two_true_values_count_as_either(check_text, printed_rows):
    bottom_in, top_out = 0.9 * 0.6 + 0.35 * 0.4, 1 / (1 + math.exp(-0.755))
    assert _reads(bottom_in, "0.68") and _reads(top_out, "0.68") and abs(bottom_in - top_out) > 1e-4
    assert _reads(1 / (1 + math.exp(-bottom_in)), "0.6637")  # right from the bottom neuron's input
    assert not _reads(1 / (1 + math.exp(-top_out)), "0.6637")  # wrong had it used the top one's output
    rows = printed_rows(check_text(_document(TWO_SIXTY_EIGHTS)))
    assert rows[(15, "0.6637")]["verdict"] == "match"  # which 0.68 it is is not known: never flagged


def test_a_quantity_that_inherits_a_known_error_passes_its_true_value_on(check_text, printed_rows):
    lines = NEURON[:6] + [r"$$a = \sigma(z) = 0.6995$$", "", r"$$a^2 = 0.6995^2 = 0.4893$$"]
    z = 0.3 * 2.15 + 0.1
    a = 1 / (1 + math.exp(-z))
    assert _reads(1 / (1 + math.exp(-0.845)), "0.6995") and not _reads(a, "0.6995")  # right on 0.845
    assert _reads(0.6995 ** 2, "0.4893") and not _reads(a * a, "0.4893")
    rows = printed_rows(check_text(_document(lines)))
    square = rows[(7, "0.6995")]
    assert square["causes"] == ["inherits"] and square["origins"] == [["line 5", "0.845"]]
    row = rows[(9, "0.4893")]
    assert row["verdict"] == "mismatch" and row["inherits_from"] == "line 7"
    assert _reads(a * a, row["should_read"])


def _at(rows: dict[int, list[dict]], line: int, printed: str) -> dict:
    """The row of ``document_rows`` checking ``printed`` on ``line``."""
    return next(r for r in rows[line] if str(r["document"]).lstrip("≈ ") == printed)


def test_a_negative_number_used_after_its_minus_sign_is_known_exactly(document_rows):
    """``2.1046 - 1.5`` uses the -1.5 that ``-0.5 \\cdot 3`` printed (its digits after a minus sign): that
    product is exactly -1.5, so the difference inherits only line 7's slip (e^0.745 is 2.1064, not
    2.1046) and is flagged; read as 'anything that rounds to 1.5' it hid the error."""
    exp = math.exp(0.3 * 2.15 + 0.1)
    assert _reads(exp, "2.1064") and f"{2.1046 - 1.5:.4f}" == "0.6046" and not _reads(exp - 1.5, "0.6046")
    rows = document_rows("\n".join(["# A neuron", "", "Given $x = 2.15$, $w = 0.3$, $b = 0.1$.", "",
                                     r"$$z = w x + b = 0.3 \cdot 2.15 + 0.1 = 0.745$$", "",
                                     r"$$e^{z} = e^{0.745} = 2.1046$$", "", r"$$-0.5 \cdot 3 = -1.5$$", "",
                                     r"$$2.1046 - 1.5 = 0.6046$$"]))
    assert _at(rows, 7, "2.1046")["verdict"] == "mismatch" and _at(rows, 9, "-1.5")["verdict"] == "match"
    row = _at(rows, 11, "0.6046")
    assert row["verdict"] == "mismatch" and row["causes"] == ["inherits"] and row["inherits_from"] == "line 7"
    assert _reads(exp - 1.5, row["should_read"])


EXPONENTIAL = ["# Exponentials", "", "Given $w = 0.3$, $x = 2$, $b = -0.1$.", "",
               r"$$z = w x + b = 0.3 \cdot 2 - 0.1 = 0.5$$", "", r"$$e^{z} = e^{0.5} = 1.648$$", "",
               r"$$2 \cdot 1.648 = 3.296$$"]


def test_a_number_cut_off_from_exact_operands_is_its_own_slip(document_rows):
    """e^0.5 = 1.64872 printed 1.648: its arithmetic as written holds (0.5 may be anything that rounds
    to it), yet 0.5 is exactly 0.3·2 - 0.1 of givens too short to be rounded numbers: the number is cut
    off, not rounded. What the document builds on it inherits that slip."""
    exp = math.exp(0.3 * 2 - 0.1)
    assert f"{exp:.3f}" == "1.649" and math.floor(exp * 1000) / 1000 == 1.648
    rows = document_rows("\n".join(EXPONENTIAL))
    cut = _at(rows, 7, "1.648")
    assert cut["verdict"] == "mismatch" and cut["causes"] == ["truncated"] and cut["should_read"] == "1.649"
    twice = _at(rows, 9, "3.296")
    assert twice["verdict"] == "mismatch" and twice["causes"] == ["inherits"]
    assert twice["inherits_from"] == "line 7" and twice["should_read"] == f"{2 * exp:.3f}"


def test_a_slip_on_exact_operands_other_than_a_cut_keeps_its_verdict_as_written(document_rows):
    """0.6 · 0.4 is 0.24, not 0.25; yet a short given may be a number rounded on purpose (0.6 for
    0.6166, and 0.6166 · 0.3834 = 0.2364…): only a number cut off is flagged on exact operands."""
    assert f"{0.6 * (1 - 0.6):.2f}" == "0.24" and 0.65 * 0.45 >= 0.245  # as written, 0.25 is allowed
    rows = document_rows("\n".join(["# A product", "", "Given $y = 1$ and $a = 0.6$.", "",
                                    r"$$y - a = 1 - 0.6 = 0.4$$", "",
                                    r"$$a (1 - a) = 0.6 \times 0.4 = 0.25$$"]))
    assert _at(rows, 7, "0.25")["verdict"] == "match"


def test_a_slip_on_a_given_that_may_be_rounded_is_not_flagged(document_rows):
    """a = 0.6028 has the digits of a rounded number (σ(0.4172) = 0.60281…): the document may compute
    with more of its digits than it prints, so a step on it is checked only as written (each number
    anything that rounds to it, which allows 0.2395), never flagged as a slip of its own."""
    assert f"{0.6028 * 0.3972:.4f}" == "0.2394" and 0.60285 * 0.39725 >= 0.23945  # as written: allowed
    rows = document_rows("\n".join(["# A rounded premise", "", "Given $y = 1$ and $a = 0.6028$.", "",
                                    r"$$y - a = 1 - 0.6028 = 0.3972$$", "",
                                    r"$$a (1 - a) = 0.6028 \times 0.3972 = 0.2395$$"]))
    assert all(r["verdict"] == "match" for line in rows.values() for r in line)


ROUNDED_PRODUCTS = ["# Two products", "", "Given $a = -0.11836$ and $b = 0.10985$.", "",
                    r"$$0.1 \cdot (-0.11836) = -0.01184$$", "", r"$$0.5 \cdot 0.10985 = 0.05493$$", "",
                    r"$$-0.01184 - 0.05493 = -0.06677$$", "", r"$$s = 0.1 a - 0.5 b = -0.06677$$", "",
                    r"$$2 s = 2 \cdot (-0.06677) = -0.13354$$"]


def test_a_quantity_printed_as_an_earlier_rounding_carried_is_carried_not_a_slip(document_rows):
    """s = 0.1 a - 0.5 b is -0.066761; the document adds its rounded products (-0.01184 - 0.05493) and
    prints -0.06677, then prints it again for s: that is the rounding of line 9 carried, not a slip in
    the operation of line 11 — and what is built on it carries that rounding, it inherits no error."""
    s = 0.1 * -0.11836 - 0.5 * 0.10985
    assert f"{-0.01184 - 0.05493:.5f}" == "-0.06677" and f"{s:.5f}" == "-0.06676"
    rows = document_rows("\n".join(ROUNDED_PRODUCTS))
    assert _at(rows, 9, "-0.06677")["causes"] == ["carried"]
    quantity = _at(rows, 11, "-0.06677")
    assert quantity["verdict"] == "mismatch" and quantity["causes"] == ["carried"]
    assert quantity["inherits_from"] == "line 9"
    twice = _at(rows, 13, "-0.13354")
    assert twice["causes"] == ["carried"] and twice["should_read"] == f"{2 * s:.5f}"


def test_a_step_on_rounded_givens_is_a_slip_only_beyond_every_rounding_of_them(document_rows):
    """Givens with the digits of rounded numbers may stand for anything that rounds to them, and no
    further: 0.6028 · 0.3972 = 0.2395 is allowed (0.60285 · 0.39725 = 0.23948), while 0.52 - 0.1 · 1.34
    printed 0.396 is not (any rounding of 0.52 and 1.34 gives 0.3805 … 0.3915): a slip of that line."""
    assert 0.60285 * 0.39725 >= 0.23945 and 0.525 - 0.1 * 1.335 < 0.3955
    assert f"{0.52 - 0.1 * 1.34:.3f}" == "0.386"
    allowed = document_rows("\n".join(["# Rounded givens", "", "Given $a = 0.6028$ and $b = 0.3972$.", "",
                                       r"$$a b = 0.6028 \times 0.3972 = 0.2395$$"]))
    assert all(r["verdict"] == "match" for line in allowed.values() for r in line)
    beyond = document_rows("\n".join(["# An update", "", r"Given $w = 0.52$, $\eta = 0.1$ and $g = 1.34$.",
                                      "", r"$$w - \eta g = 0.52 - 0.1 \times 1.34 = 0.396$$"]))
    row = _at(beyond, 5, "0.396")
    assert row["verdict"] == "mismatch" and row["should_read"] == "0.386" and "inherits" not in row["causes"]
