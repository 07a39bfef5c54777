"""`stepgrad check DOC` exits 1 on a wrong number, or when nothing of the document could be checked;
an example with nothing to check beside one whose numbers all hold is listed, not a failure."""

import math

from nn.cli import main

Z = 2 * 3 - 1  # z = w x + b with w = 2, x = 3, b = -1
Y = 1 / (1 + math.exp(-Z))

CHECKED = f"""# Exercise 1

Given $x = 3$, $w = 2$ and $b = -1$, compute $z = w x + b = {Z}$ and $y = \\sigma(z) = {Y:.4f}$.
"""
NOTHING = """# Exercise 2

Given $x = 5$, $w = 1$ and $b = 0$, the activation $y$ is read off the figure.
"""  # an example of its own (it restates the givens) with nothing to check


def test_an_example_with_nothing_to_check_beside_a_checked_one_exits_0(document_file, capsys):
    assert main(["check", str(document_file(CHECKED + "\n" + NOTHING))]) == 0


def test_a_wrong_number_exits_1(document_file, capsys):
    wrong = CHECKED.replace(f"{Y:.4f}", f"{Y + 0.01:.4f}")
    assert main(["check", str(document_file(wrong + "\n" + NOTHING))]) == 1
    assert "mismatch" in capsys.readouterr().out


def test_nothing_checked_at_all_exits_1(document_file, capsys):
    text = "# Notes\n\nGiven $x = 3$ and $w = 2$, the code below computes the rest.\n"
    assert main(["check", str(document_file(text))]) == 1
