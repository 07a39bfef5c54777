"""A chain ending in a percentage (percent_sides): synthetic documents, truth in plain Python."""

from nn.check.reader.percent_sides import percent_pieces


def test_a_percentage_ending_a_chain_is_checked_as_its_own_number(document_rows):
    hits, total, shots = 37, 50, 40
    ratio = hits / total
    wrong = round(100 * shots / total + 3, 1)  # 83.0 printed where 100 · 40/50 = 80
    text = (f"# Scores\n\n$r = \\frac{{{hits}}}{{{total}}} = {ratio:.2f} = {100 * ratio:.0f}\\%$\n\n"
            f"- **Share** $= \\frac{{{shots}}}{{{total}}} = {shots / total:.1f} = {wrong}\\%$\n")
    rows = document_rows(text)
    assert {r["document"]: r["verdict"] for r in rows[3]} == {f"{ratio:.2f}": "match", "74": "match"}
    percent = next(r for r in rows[5] if r["document"] == str(wrong))
    assert percent["verdict"] == "mismatch" and abs(percent["engine"] - 100 * shots / total) < 1e-9


def test_percent_pieces_take_the_nearest_worked_side():
    assert percent_pieces("= \\frac{3}{8} = 0.375 = 37.5\\%") == \
        ["= \\frac{3}{8} = 0.375 ", "100 \\cdot \\left(\\frac{3}{8}\\right) = 37.5"]
    assert percent_pieces("p = 0.2 = 20%") == ["p = 0.2 ", "100 \\cdot \\left(0.2\\right) = 20"]
    assert percent_pieces("p = 20\\%") == ["p = 20\\%"]  # a given in percent: nothing to restate
    assert percent_pieces("p = q = 20\\%") == ["p = q = 20\\%"]  # no side in numbers
    assert percent_pieces("= \\frac{2}{3} \\approx 0.667 \\approx 66.7\\%") == \
        ["= \\frac{2}{3} \\approx 0.667 ", "100 \\cdot \\left(\\frac{2}{3}\\right) \\approx 66.7"]
