"""Hostile worked-example files: each exits 2 with one line, in bounded time and memory.

Every case runs `stepgrad check` in a subprocess whose address space is capped (resource.setrlimit)
and which is killed after a timeout, so a file that would exhaust memory fails the test instead
of the machine. The figures (time, peak memory) are printed with -s.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time

import pytest

MEMORY_CAP = 1 << 30  # 1 GiB of address space for the child
TIMEOUT = 60

MAZUR_HEAD = "<the Mazur 2-2-2 example up to its first [[document]] row>"  # the mazur_head fixture


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def mlp(sizes: str, iterations: int = 1) -> str:
    return f"""[network]
kind = "mlp"
sizes = {sizes}
[data]
inputs = [0.05, 0.10]
targets = [0.01]
[training]
loss = "half_squared_error"
learning_rate = 0.5
iterations = {iterations}
"""


def mlp_2_30_30_1() -> str:
    params = [f'"L1.N{j}.w{i}" = 0.01' for j in range(1, 31) for i in (1, 2)]
    params += [f'"L2.N{j}.w{i}" = 0.01' for j in range(1, 31) for i in range(1, 31)]
    params += [f'"L3.N1.w{i}" = 0.01' for i in range(1, 31)]
    return mlp("[2, 30, 30, 1]", 100_000) + "[parameters]\n" + "\n".join(params) + \
        '\n[[document]]\nquantity = "L"\nvalue = "0.1"\nafter = 100000\n'


CASES = {
    "3,000,000 hidden neurons": (mlp("[2, 3000000, 1]"), "parameters"),
    "100,000 iterations of 2-30-30-1": (mlp_2_30_30_1(), "node-steps"),
    "5,000-part dotted key": ("a" + ".a" * 4999 + " = 1\n", "dotted parts"),
    "20,000-part dotted key": ("a" + ".a" * 19999 + " = 1\n", "dotted parts"),
    "20,000-part table header": ("[" + "a." * 19999 + "a]\n", "dotted parts"),
    "5,000-digit integer": ("[network]\nkind = \"mlp\"\nx = " + "9" * 5000 + "\n", "digits"),
    "deep arrays": ("x = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
    "100,000-entry list": ("[data]\ninputs = [" + "1, " * 100_000 + "1]\n", "entries"),
    "1e-999999999": (MAZUR_HEAD
                     + '[[document]]\nquantity = "w1"\nvalue = "1e-999999999"\n', "range"),
    "huge expression": ('[network]\nkind = "expression"\n[leaves]\nx = 1\n[nodes]\ny = "'
                        + "x+" * 5000 + 'x"\n', "characters"),
    "deep expression": ('[network]\nkind = "expression"\n[leaves]\nx = 1\n[nodes]\ny = "'
                        + "-" * 1500 + 'x"\n', "deep"),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_hostile_file_exits_2_with_one_line_in_bounded_time_and_memory(tmp_path, case, mazur_head):
    text, words = CASES[case]
    text = text.replace(MAZUR_HEAD, mazur_head)
    path = tmp_path / "hostile.toml"
    path.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c",
         "import resource, sys; from nn.cli import main; code = main(sys.argv[1:]); "
         "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(code)",
         "check", str(path)],
        capture_output=True, text=True, timeout=TIMEOUT, preexec_fn=_cap,
    )
    elapsed = time.perf_counter() - start
    lines = done.stderr.strip().splitlines()
    message, peak_kb = lines[0], int(lines[-1])
    print(f"{case}: {elapsed:.2f} s, {peak_kb / 1024:.0f} MB peak")
    assert done.returncode == 2, done.stderr
    assert len(lines) == 2 and "Traceback" not in done.stderr  # one message line (+ our rusage line)
    assert words in message and len(message) < 600, message


def test_prose_in_strings_and_multi_line_strings_is_not_taken_for_keys(tmp_path, mazur_head):
    from nn.check import load_example

    prose = "Step 1. Step 2. " * 20
    text = (mazur_head.replace('name = "mazur"', f'name = "mazur"\nnotes = """\n{prose}\n{prose}\n"""')
            + f'[[document]]\nquantity = "w1"\nvalue = "0.15"\nnote = "{prose}"\n')
    path = tmp_path / "prose.toml"
    path.write_text(text, encoding="utf-8")
    assert load_example(path).document[0].note == prose


def test_a_dotted_key_inside_an_inline_table_is_refused_before_parsing(tmp_path):
    from nn.check import ExampleError, load_example

    path = tmp_path / "inline.toml"
    path.write_text("x = {" + "a." * 20000 + "a = 1}\n", encoding="utf-8")
    with pytest.raises(ExampleError, match="20001 dotted parts"):
        load_example(path)
