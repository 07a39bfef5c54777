"""Messages a user can act on: one line, the same words for the same problem, the closest names."""

from __future__ import annotations

import re

import pytest

from nn.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        status = main(list(argv))
    except SystemExit as e:  # argparse's own errors and --help
        status = e.code
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("suffix", [".toml", ".md", ".TOML", ".txt"])
def test_a_missing_file_is_one_wording_whatever_its_extension(suffix, tmp_path, capsys):
    missing = tmp_path / f"nosuch{suffix}"
    status, out, err = run(capsys, "check", str(missing))
    assert (status, out) == (2, "")
    assert err == f"stepgrad check: file {str(missing)!r} does not exist\n"


def test_a_misspelt_example_gets_the_closest_names_not_all_of_them(capsys):
    status, _, err = run(capsys, "check", "mazr")
    assert status == 2 and "did you mean mazur?" in err and err.count("\n") == 1
    status, _, err = run(capsys, "graph", "seed0001")
    assert status == 2 and "did you mean seed000 or seed001?" in err


def test_a_bundled_name_written_as_a_file_says_how_to_name_it(capsys):
    status, _, err = run(capsys, "steps", "seed00.toml")
    assert status == 2 and "'seed00.toml' does not exist" in err and "without .toml" in err


def test_a_misspelt_quantity_gets_the_closest_names(capsys):
    status, _, err = run(capsys, "formula", "seed000", "dL/dW1")
    assert status == 2 and "no name 'W1' here: did you mean W11, W12 or W21?" in err
    assert len(err) < 200  # not the 48 names of the network
    status, _, err = run(capsys, "formula", "seed001", "dL/dw_o3")
    assert status == 2 and "did you mean w_o1 or w_o2?" in err


def test_a_forgotten_quantity_says_so_with_the_subcommand_s_usage(capsys):
    status, _, err = run(capsys, "formula", "seed000")
    assert status == 2 and err.startswith("usage: stepgrad formula ")
    assert "give the quantity too, e.g. stepgrad formula seed000 dL/dW11" in err


def test_wrong_arguments_show_the_subcommand_s_own_usage(capsys):
    status, _, err = run(capsys, "check", "seed000", "seed001")
    assert status == 2 and err.startswith("usage: stepgrad check ")
    assert "unrecognized arguments: seed001; one example at a time" in err
    status, _, err = run(capsys, "graph", "--bogus")
    assert status == 2 and err.startswith("usage: stepgrad graph ") and "--bogus" in err


def test_a_misspelt_command_gets_the_closest(capsys):
    status, _, err = run(capsys, "chek", "seed000")
    assert status == 2 and "no command 'chek': did you mean check?" in err


def test_a_bare_number_in_a_worked_example_says_quote_it(tmp_path, capsys):
    path = tmp_path / "bare.toml"
    path.write_text('[network]\nkind = "expression"\n[leaves]\nx = 0.5\n[nodes]\nf = "x * x"\n'
                    '[[document]]\nquantity = "f"\nvalue = 0.250   # as printed\n')
    status, out, err = run(capsys, "check", str(path))
    assert (status, out) == (2, "")
    assert 'line 9: [[document]] #1: value must be a string, got float 0.25; quote it, as printed: ' \
           'value = "0.250"' in err


@pytest.mark.parametrize("width", [20, 30, 45])
def test_a_narrow_table_never_breaks_a_number(width, capsys):
    status, out, _ = run(capsys, "check", "seed000", "--width", str(width))
    assert status == 1
    diagnoses = out.split("→", 1)[1]
    assert "-0.00101598" in diagnoses and "-0.00102," in diagnoses
    wrapped = [line for line in out.splitlines() if line.startswith("    ")]  # the diagnoses, wrapped
    assert len(wrapped) >= 6
    for line in wrapped:
        assert not re.search(r"(^|\s)[-+]$", line), line  # a sign left at the end of a line


def test_check_help_says_a_markdown_document_is_accepted(capsys):
    _, out, _ = run(capsys, "check", "--help")
    assert "Markdown .md document" in " ".join(out.split())


def test_demo_of_an_expression_shows_each_output_and_no_empty_training(tmp_path, capsys):
    svg = tmp_path / "c.svg"
    status, out, _ = run(capsys, "demo", "cs231n-circuit", "--svg", str(svg))
    assert status == 0
    assert "target []" not in out and "(, " not in out and "η = 0" not in out
    assert "Forward pass and gradients of f\n" in out and "Forward pass and gradients of f2\n" in out
    assert "  f2 = -20.00000000" in out and "  x2     3.00000000  -8.00000000" in out
    assert f"SVG written to {svg}\n" in out and f"SVG written to {tmp_path / 'c-f2.svg'}\n" in out
    assert (tmp_path / "c-f2.svg").read_text().lstrip().startswith("<?xml")


def test_root_chooses_the_output_and_a_wrong_one_gets_the_closest(tmp_path, capsys):
    status, out, _ = run(capsys, "steps", "cs231n-circuit", "--root", "f2")
    assert status == 0 and "step 1  f2 = mul(" in out and "step 1  f = " not in out
    status, _, err = run(capsys, "graph", "cs231n-circuit", "--root", "s2", "-o", str(tmp_path / "g.svg"))
    assert status == 2 and "--root 's2'" in err and "did you mean s?" in err
