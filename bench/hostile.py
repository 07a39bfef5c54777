"""Hostile inputs for every command that reads a user's file: time and memory at sizes n and 2n.

    python bench/hostile.py                 # every shape, n = each shape's own size
    python bench/hostile.py --scale 4       # every n four times larger
    python bench/hostile.py --only html     # shapes whose name contains "html"
    python bench/hostile.py --json out.json

Each shape writes one file (a Markdown document, a notebook, a web page, a worked-example .toml, a
document with a ```stepgrad setup block) of size n and of size 2n, and runs on it, each in a fresh
process in a fresh folder: ``stepgrad check F``, ``check F --explain``, ``graph F -o out.svg``,
``extract F -o out.toml``, and ``stepgrad grade CLASS SUBMISSIONS`` with the file as a student's
hand-in. Measured: the child's CPU time and peak memory (``os.wait4``), less those of the same
command on a one-line document (the interpreter's start). A problem is printed and counted:

- a traceback, or an exit status other than 0, 1 or 2 (or a run over the time limit);
- a file written anywhere but the ``-o`` file asked for;
- CPU time or memory over 2.5 times larger at 2n than at n (once above noise: 0.3 s, 20 MB).

Not a test (never timed in tests): the doubling tests in tests/ count work instead.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LIMIT_S = 300.0  # one run; over it the run is killed and reported
NOISE_S, NOISE_MB = 0.3, 20.0
RATIO = 2.5


# ---- the shapes: name → (file name, size n, bytes of the file at size n) --------------------------------
def _nb(cells: list[dict]) -> bytes:
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}).encode()


def _md_cell(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def _code_cell(code: str, out: str) -> dict:
    return {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": code,
            "outputs": [{"output_type": "stream", "name": "stdout", "text": out}]}


def _page(body: str) -> bytes:
    head = "<!DOCTYPE html><html><head><meta charset='utf-8'></head>"
    return f"{head}<body>\n{body}\n</body></html>\n".encode()


GIVENS = "Let $x = 2$, $w = 0.5$, $t = 1$.\n\n$$y = w x$$\n\n$$E = \\frac{1}{2}(y - t)^2$$\n\n"


def _chain(n: int) -> str:
    return "".join(f"$$a_{{{k}}} = a_{{{k - 1}}} + 1 = {k + 1}$$\n\n" for k in range(1, n))


SHAPES: dict[str, tuple[str, int, Callable[[int], bytes]]] = {
    # Markdown
    "md-huge-line": ("d.md", 200_000, lambda n: (GIVENS + "$w = 0.5$ " * n + "\n").encode()),
    "md-10k-formulas": ("d.md", 5_000, lambda n: (GIVENS + "".join(
        f"$$v_{{{k}}} = {k}.5$$\n\n" for k in range(n))).encode()),
    "md-chain": ("d.md", 1_000, lambda n: (GIVENS + "$a_0 = 1$\n\n" + _chain(n)).encode()),
    "md-frac-nesting": ("d.md", 500, lambda n: (GIVENS + "$$z = " + "\\frac{1}{" * n + "2" + "}" * n
                                                + " = 0.5$$\n").encode()),
    "md-paren-nesting": ("d.md", 2_000, lambda n: (GIVENS + "$$z = " + "(" * n + "x" + ")" * n
                                                   + " = 2$$\n").encode()),
    "md-list-nesting": ("d.md", 500, lambda n: (GIVENS + "".join("  " * k + f"- $u_{{{k}}} = {k}$\n"
                                                                for k in range(n))).encode()),
    "md-quote-nesting": ("d.md", 2_000, lambda n: (GIVENS + ">" * n + " $y = 1$\n").encode()),
    "md-many-tables": ("d.md", 2_000, lambda n: (GIVENS + "".join(
        f"| name | value |\n|---|---|\n| w_{k} | 0.{k} |\n\n" for k in range(n))).encode()),
    "md-wide-table": ("d.md", 5_000, lambda n: (GIVENS + "| " + " | ".join(f"c{k}" for k in range(n))
                                                + " |\n|" + "---|" * n + "\n| " + " | ".join(
                                                    f"0.{k}" for k in range(n)) + " |\n").encode()),
    "md-list-1e5": ("d.md", 50_000, lambda n: (GIVENS + "$v = [" + ", ".join(f"0.{k}" for k in range(n))
                                               + "]$\n").encode()),
    "md-bmatrix": ("d.md", 300, lambda n: (GIVENS + "$$W = \\begin{bmatrix}" + "\\\\".join(
        " & ".join(f"0.{i}{j}" for j in range(20)) for i in range(n)) + "\\end{bmatrix}$$\n").encode()),
    "md-unbalanced": ("d.md", 50_000, lambda n: (GIVENS + "{" * n + "$" * n + "\\(" * n + "\n").encode()),
    "md-fences": ("d.md", 5_000, lambda n: (GIVENS + "```python\nx = 1\nprint(x)\n```\n\n```\n1\n```\n\n" * n
                                            ).encode()),
    "md-nul-bytes": ("d.md", 200_000, lambda n: (GIVENS + "$y = 1$\x00" * (n // 8) + "\n").encode()),
    "md-binary": ("d.md", 500_000, lambda n: random.Random(n).randbytes(n)),
    "md-invalid-utf8": ("d.md", 500_000, lambda n: GIVENS.encode() + b"\xff\xfe" * (n // 2)),
    "md-setup-block": ("d.md", 2_000, lambda n: ("```stepgrad\n[network]\nkind = \"expression\"\n[leaves]\n"
                                                 + "".join(f"x{k} = {k}.0\n" for k in range(n))
                                                 + "[nodes]\ny = \"" + " + ".join(f"x{k}" for k in range(n))
                                                 + "\"\n```\n\n$y = 1$\n").encode()),
    "md-code-loop": ("d.md", 2_000, lambda n: (GIVENS + "```python\n" + "".join(
        f"w{k} = {k} * 0.5\nprint(w{k})\n" for k in range(n)) + "```\n\n```\n" + "".join(
        f"{k * 0.5}\n" for k in range(n)) + "```\n").encode()),
    # notebooks
    "ipynb-many-cells": ("d.ipynb", 2_000, lambda n: _nb([_md_cell(f"$w_{{{k}}} = 0.{k}$")
                                                          for k in range(n)])),
    "ipynb-1mb-output": ("d.ipynb", 500_000, lambda n: _nb([_md_cell(GIVENS), _code_cell(
        "print(x)", "0.5 " * n)])),
    "ipynb-many-outputs": ("d.ipynb", 2_000, lambda n: _nb([_md_cell(GIVENS)] + [_code_cell(
        f"print(w{k})", f"w{k} = {k}.5\n") for k in range(n)])),
    "ipynb-broken-json": ("d.ipynb", 500_000, lambda n: _nb([_md_cell("x " * n)])[:-7]),
    "ipynb-deep-json": ("d.ipynb", 50_000, lambda n: b'{"cells": ' + b"[" * n + b"]" * n + b"}"),
    "ipynb-wrong-types": ("d.ipynb", 20_000, lambda n: json.dumps({"nbformat": 4, "cells": [
        {"cell_type": "markdown", "source": [k, None, {"a": 1}]} for k in range(n)]}).encode()),
    # web pages
    "html-div-nesting": ("d.html", 20_000, lambda n: _page("<div>" * n + "\\(x = 2\\)" + "</div>" * n)),
    "html-unclosed": ("d.html", 50_000, lambda n: _page("<a" * n + "<!--" + "<p" * n)),
    "html-many-math": ("d.html", 5_000, lambda n: _page(GIVENS.replace("\n\n", "<br>\n") + "".join(
        f"<p>\\(v_{{{k}}} = {k}.5\\)</p>\n" for k in range(n)))),
    "html-table-rows": ("d.html", 5_000, lambda n: _page("<table>" + "".join(
        f"<tr><td>\\(w_{{{k}}}\\)</td><td>0.{k}</td></tr>\n" for k in range(n)) + "</table>")),
    "html-one-line-rows": ("d.html", 5_000, lambda n: _page("<table>" + "".join(
        f"<tr><td>w_{k}</td><td>0.{k}</td></tr>" for k in range(n)) + "</table>")),
    "html-entities": ("d.html", 200_000, lambda n: _page("<p>" + "&minus;&times;" * n + "</p>")),
    "html-katex": ("d.html", 2_000, lambda n: _page("".join(
        f'<span class="katex"><span class="katex-mathml"><math><annotation encoding="application/x-tex">'
        f"w_{{{k}}} = {k}.5</annotation></math></span><span class=\"katex-html\">w={k}.5</span></span>\n"
        for k in range(n)))),
    "html-one-line-page": ("d.html", 20_000, lambda n: _page("".join(
        f"<p>\\(u_{{{k}}} = {k}.25\\)</p>" for k in range(n)))),
    "html-pre-code": ("d.html", 5_000, lambda n: _page("<pre><code>" + "".join(
        f"w{k} = {k}.5\nprint(w{k})\n" for k in range(n)) + "</code></pre>")),
    "html-sub-sup": ("d.html", 20_000, lambda n: _page("<p>" + "w<sub>1</sub><sup>2</sup> = 0.5 " * n
                                                       + "</p>")),
    # worked-example files
    "toml-many-rows": ("d.toml", 2_000, lambda n: ("[network]\nkind = \"expression\"\n[leaves]\nx = 2.0\n"
                                                   "[nodes]\ny = \"x * x\"\n" + "".join(
                                                       "[[document]]\nquantity = \"y\"\nvalue = \"4\"\n"
                                                       for _ in range(n))).encode()),
    "toml-deep-expression": ("d.toml", 500, lambda n: ("[network]\nkind = \"expression\"\n[leaves]\nx = 2.0\n"
                                                       "[nodes]\ny = \"" + "(" * n + "x" + ")" * n
                                                       + "\"\n").encode()),
    "toml-long-sum": ("d.toml", 5_000, lambda n: ("[network]\nkind = \"expression\"\n[leaves]\n" + "".join(
        f"x{k} = 1.0\n" for k in range(n)) + "[nodes]\ny = \"" + " + ".join(f"x{k}" for k in range(n))
        + "\"\n").encode()),
    "toml-deep-tables": ("d.toml", 5_000, lambda n: ("a = " + "[" * n + "]" * n + "\n").encode()),
}

COMMANDS = {"check": ["check", "{f}"], "explain": ["check", "{f}", "--explain"],
            "graph": ["graph", "{f}", "-o", "out.svg"], "extract": ["extract", "{f}", "-o", "out.toml"]}


def run(argv: list[str], folder: Path) -> dict:
    """One command in a fresh process: exit status, CPU seconds, peak MB, traceback, files written."""
    before = {p.relative_to(folder) for p in folder.rglob("*")}
    env = os.environ | {"PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    start = time.monotonic()
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as out:
        child = subprocess.Popen([PYTHON, "-m", "nn", *argv], cwd=folder, stdout=out, stderr=err,
                                 env=env, start_new_session=True)
        status, usage = None, None
        while status is None:
            pid, wait_status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                status = os.waitstatus_to_exitcode(wait_status)
                break
            if time.monotonic() - start > LIMIT_S:
                os.killpg(child.pid, signal.SIGKILL)
                _, wait_status, usage = os.wait4(child.pid, 0)
                status = "timeout"
                break
            time.sleep(0.02)
        child.returncode = -1  # reaped here
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    after = {p.relative_to(folder) for p in folder.rglob("*")}
    return {"status": status, "cpu": usage.ru_utime + usage.ru_stime, "mb": usage.ru_maxrss / 1024,
            "traceback": "Traceback" in text, "stderr": text.strip().splitlines()[-1:],
            "written": sorted(str(p) for p in after - before)}


def problems(name: str, command: str, small: dict, large: dict, base: dict, asked: set[str]) -> list[str]:
    found = []
    for size, r in (("n", small), ("2n", large)):
        if r["status"] not in (0, 1, 2):
            found.append(f"{name} {command} at {size}: exit {r['status']} {r['stderr']}")
        if r["traceback"]:
            found.append(f"{name} {command} at {size}: a traceback {r['stderr']}")
        if set(r["written"]) - asked:
            found.append(f"{name} {command} at {size}: wrote {r['written']}")
    for what, noise in (("cpu", NOISE_S), ("mb", NOISE_MB)):
        a, b = small[what] - base[what], large[what] - base[what]
        if b > noise and b > RATIO * max(a, noise / RATIO):
            found.append(f"{name} {command}: {what} {a:.2f} → {b:.2f} at 2n (over {RATIO}×)")
    return found


def grade_folder(class_dir: Path, work: Path, file_name: str, data: bytes) -> Path:
    subs = work / "subs"
    subs.mkdir()
    (subs / f"s001{Path(file_name).suffix}").write_bytes(data)
    return subs


def make_class(where: Path) -> Path:
    sys.path.insert(0, str(ROOT))
    from nn.check.grade import Student, load_exercise, write_class

    write_class(load_exercise("seed000"), [Student("s001"), Student("s002")], where / "class", class_seed=1)
    return where / "class"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="shapes whose name contains this")
    parser.add_argument("--scale", type=float, default=1.0, help="every shape's n times this")
    parser.add_argument("--commands", default="check,explain,graph,extract,grade")
    parser.add_argument("--json", help="write every measurement here")
    args = parser.parse_args()
    wanted = args.commands.split(",")
    root = Path(tempfile.mkdtemp(prefix="hostile-"))
    all_problems: list[str] = []
    results = []
    try:
        class_dir = make_class(root)
        tiny = root / "tiny"
        tiny.mkdir()
        bases = {}
        for ext in (".md", ".ipynb", ".html", ".toml"):
            data = {".md": b"$y = 1$\n", ".ipynb": _nb([_md_cell("$y = 1$")]), ".html": _page("<p>1</p>"),
                    ".toml": b"[network]\nkind = 'expression'\n[leaves]\nx = 1.0\n[nodes]\ny = 'x'\n"}[ext]
            (tiny / f"t{ext}").write_bytes(data)
            for command in COMMANDS:
                bases[ext, command] = run([a.format(f=f"t{ext}") for a in COMMANDS[command]], tiny)
            bases[ext, "grade"] = bases[ext, "check"]
        for name, (file_name, n, make) in SHAPES.items():
            if args.only not in name:
                continue
            n = max(1, int(n * args.scale))
            measured = {}
            for size in (n, 2 * n):
                data = make(size)
                for command in wanted:
                    work = root / f"{name}-{size}-{command}"
                    work.mkdir()
                    if command == "grade":
                        subs = grade_folder(class_dir, work, file_name, data)
                        measured[size, command] = run(["grade", str(class_dir), str(subs)], work)
                    else:
                        (work / file_name).write_bytes(data)
                        argv = [a.format(f=file_name) for a in COMMANDS[command]]
                        measured[size, command] = run(argv, work)
                    shutil.rmtree(work, ignore_errors=True)
            for command in wanted:
                small, large = measured[n, command], measured[2 * n, command]
                asked = {COMMANDS[command][-1]} if command in ("graph", "extract") else set()
                found = problems(name, command, small, large, bases[Path(file_name).suffix, command], asked)
                all_problems += found
                results.append({"shape": name, "command": command, "n": n, "small": small, "large": large,
                                "problems": found})
                print(f"{name:22} {command:8} n={n:<8} exit {small['status']}/{large['status']}  "
                      f"cpu {small['cpu']:6.2f} → {large['cpu']:6.2f} s  mem {small['mb']:6.0f} → "
                      f"{large['mb']:6.0f} MB  {'PROBLEM' if found else 'ok'}", flush=True)
                for p in found:
                    print("    " + p, flush=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"{len(all_problems)} problem(s)")
    return 1 if all_problems else 0


if __name__ == "__main__":
    sys.exit(main())
