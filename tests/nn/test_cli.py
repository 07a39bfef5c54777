"""The stepgrad command: one way to name an example, --version, defaults in --help, `new`, tables."""

import argparse
import json
import re
import tomllib

import pytest

from autograd import gradcheck
from nn.check import load_example
from nn.cli import COMMANDS, build_parser, command, gradient_table, main

EXAMPLE_COMMANDS = {  # subcommand -> arguments that keep its output small and on stdout
    "demo": ["--svg", "{tmp}/demo.svg", "--force"],  # run several times: the drawing is replaced
    "steps": ["--format", "json"],
    "check": ["--format", "json"],
    "graph": ["-o", "{tmp}/g.dot", "--force"],
}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("name", sorted(EXAMPLE_COMMANDS))
def test_every_subcommand_takes_the_example_positionally_and_as_an_option(name, tmp_path, capsys):
    extra = [a.format(tmp=tmp_path) for a in EXAMPLE_COMMANDS[name]]

    def output(*argv: str) -> tuple[int, str]:
        status, out, err = run(capsys, name, *argv, *extra)
        assert status in (0, 1), err
        return status, (tmp_path / "g.dot").read_text() if name == "graph" else out

    positional = output("seed001")
    assert output("--example", "seed001") == positional
    assert "Mazur" in positional[1] or "seed001" in positional[1].lower()
    default = output()
    assert default == output("seed000") and default != positional  # the default is seed000
    status, _, err = run_error(capsys, name, "seed000", "--example", "seed001", *extra)
    assert status == 2 and "two examples named: 'seed000' and --example 'seed001'" in err


def run_error(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as e:
        main(list(argv))
    out, err = capsys.readouterr()
    return e.value.code, out, err


def test_version(capsys):
    with open("pyproject.toml", "rb") as f:
        version = tomllib.load(f)["project"]["version"]
    status, out, _ = run_error(capsys, "--version")
    assert status == 0 and out == f"stepgrad {version}\n"


def test_every_help_shows_every_default(capsys):
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(sub.choices) >= {"demo", "steps", "check", "graph", "new"}
    for name, p in sub.choices.items():
        status, text, _ = run_error(capsys, name, "--help")
        assert status == 0
        text = " ".join(text.split())  # undo argparse's wrapping
        for action in p._actions:
            if action.help in (None, argparse.SUPPRESS) or action.dest in ("help", "subparser"):
                continue
            if action.default is None and action.dest == "example_option":
                continue  # "the same, as an option": the default is on the positional
            if action.default is not None and action.default is not False:
                assert f"(default: {action.default})" in text, (name, action.dest)
    _, text, _ = run_error(capsys, "steps", "--help")
    assert "(default: text)" in text and "(default: seed000)" in text
    _, text, _ = run_error(capsys, "demo", "--help")
    assert "(default: build/EXAMPLE.svg)" in " ".join(text.split())


def test_adding_a_subcommand_is_one_block(capsys):
    def hello_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("--times", type=int, default=2, help="how often")

    @command("hello-test", "say hello", hello_args)
    def hello(args: argparse.Namespace) -> int:
        print("hello " * args.times)
        return 0

    try:
        assert run(capsys, "hello-test", "--times", "3")[:2] == (0, "hello hello hello \n")
        _, text, _ = run_error(capsys, "hello-test", "--help")
        assert "how often (default: 2)" in text
        with pytest.raises(ValueError, match="defined twice"):
            command("hello-test", "again")(hello)
    finally:
        del COMMANDS["hello-test"]


# ---- stepgrad new --------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["document", "expression", "mlp", "shared-bias"])
def test_new_writes_a_commented_template_that_checks_and_runs(kind, tmp_path, capsys):
    path = tmp_path / "course" / "my-example.toml"
    status, out, _ = run(capsys, "new", "--kind", kind, str(path))
    assert status == 0 and f"stepgrad check {path}" in out
    text = path.read_text(encoding="utf-8")
    assert text.count("\n#") >= 3 and "docs/format.md" in text  # commented
    doc = tomllib.loads(text)
    assert doc["network"]["kind"] == kind and doc["example"]["name"] == "my-example"
    status, out, _ = run(capsys, "check", str(path), "--format", "json")
    report = json.loads(out)
    assert status == 0 and report["rows"] and all(r["verdict"] == "match" for r in report["rows"])
    assert run(capsys, "demo", str(path), "--svg", str(tmp_path / "g.svg"))[0] == 0


def test_new_is_document_by_default_and_never_overwrites_by_accident(tmp_path, capsys):
    path = tmp_path / "ex.toml"
    assert run(capsys, "new", str(path))[0] == 0
    assert tomllib.loads(path.read_text())["network"]["kind"] == "document"
    path.write_text("# my own work\n")
    status, _, err = run(capsys, "new", "--kind", "mlp", str(path))
    assert status == 2 and "exists" in err and "--force" in err
    assert path.read_text() == "# my own work\n"
    assert run(capsys, "new", "--kind", "mlp", "--force", str(path))[0] == 0
    assert 'kind = "mlp"' in path.read_text()
    status, _, err = run(capsys, "new", str(tmp_path / "ex.txt"))
    assert status == 2 and "must end in .toml" in err
    status, _, err = run_error(capsys, "new", "--kind", "cnn", str(tmp_path / "x.toml"))
    assert status == 2 and "invalid choice: 'cnn'" in err


# ---- item 7: aligned tables, consistent numbers ---------------------------------------------------
def table_rows(text: str) -> list[str]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("param"))
    return lines[start:]


def test_gradient_table_columns_line_up_for_long_names(tmp_path, capsys):
    path = tmp_path / "mlp.toml"
    run(capsys, "new", "--kind", "mlp", str(path))
    text = gradient_table(load_example(path), header=False)
    rows = table_rows(text)
    assert rows[0].split() == ["param", "value", "dL/dθ", "updated"]  # no empty alias column
    body = rows[2:]
    assert len(body) == 9 and len({len(r) for r in rows[:1] + body}) == 1  # one width
    for column in range(3):  # the decimal points of each number column are in one place
        points = {[m.start() for m in re.finditer(r"\.\d{8}\b", r)][column] for r in body}
        assert len(points) == 1, (column, body)
    assert body[0].split() == ["L1.N1.w1", "0.50000000", "-0.02268308", "0.50226831"]
    forward = [line for line in text.split("Gradients")[0].splitlines() if " = " in line]
    assert len(forward) == 7
    assert len({line.index("=") for line in forward}) == 1
    assert len({line.index(".", line.index("=")) for line in forward}) == 1
    assert all(re.search(r"= +-?\d+\.\d{8}\b", line) for line in forward)


def test_document_table_keeps_its_two_notations():
    rows = table_rows(gradient_table(load_example("seed000"), header=False))
    assert rows[0].split() == ["param", "alias", "value", "dL/dθ", "updated"]
    assert "  W31    w_o1   0.40000000  -0.00619500  0.40309750" in rows
    assert len({len(r) for r in [rows[0], *rows[2:]]}) == 1


def test_gradcheck_positions_and_default_names_agree():
    result = gradcheck(lambda a, b: a * b, [0.3, -1.2])
    lines = str(result).splitlines()[2:]
    assert [re.search(r"input (\d+) (\w+)", line).groups() for line in lines] == [("0", "x0"), ("1", "x1")]


def test_an_empty_example_name_is_an_error_not_the_default(capsys):
    for argv in (["steps", ""], ["steps", "--example", ""]):
        status, out, err = run(capsys, *argv)
        assert status == 2 and out == "" and "no example ''" in err
