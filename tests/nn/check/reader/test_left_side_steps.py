"""A chain whose left side is arithmetic on printed numbers: the numbers of the next side standing for
parts of it are checked as steps (parts.steps_between with the left side). Truth in plain Python."""


def test_parts_of_an_arithmetic_left_side_are_checked_as_its_steps(document_rows):
    a, b = 0.6, 0.5
    product, total = a * b, a + b
    text = (f"# F-score\n\n- **F** $= 3 \\times \\frac{{{a} \\times {b}}}{{{a} + {b}}} = 3 \\times "
            f"\\frac{{{product:.2f}}}{{{total:.2f}}} = {3 * product / total:.3f}$\n")
    rows = document_rows(text)
    got = {r["document"]: r["verdict"] for r in rows[3]}
    assert got == {f"{product:.2f}": "match", f"{total:.2f}": "match", f"{3 * product / total:.3f}": "match"}


def test_a_wrong_part_of_it_is_a_mismatch(document_rows):
    a, b = 0.4, 0.35
    wrong = 0.85  # 0.4 + 0.35 = 0.75
    assert abs(a + b - wrong) > 0.005
    rows = document_rows(f"# Sum\n\n$= 2 \\times ({a} + {b}) = 2 \\times {wrong} = {2 * wrong:.1f}$\n")
    part = next(r for r in rows[3] if r["document"] == str(wrong))
    assert part["verdict"] == "mismatch"
