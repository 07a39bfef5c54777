"""How long `stepgrad check DOC` takes on the largest published documents (issue 20: "a 300-number
document is checked in under 2 s").

    python bench/reading_speed.py            # the 8 documents with the most derived numbers
    python bench/reading_speed.py --top 20

Each document of the reading corpus and the held-out corpus (tests/data/documents*/) is checked in a
fresh process, three times; the report gives the derived numbers its truth file lists, the best CPU
time of the three (``os.wait4``: user + system, the process alone), the same less the interpreter's
start and imports (``python -m nn --help``), and the wall time. Not a test: nothing here is asserted.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = [ROOT / "tests/data/documents", ROOT / "tests/data/documents-heldout"]


def _measure_module():
    spec = importlib.util.spec_from_file_location("measure", ROOT / "tests/data/documents/measure.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["measure"] = module
    spec.loader.exec_module(module)
    return module


def run(argv: list[str]) -> tuple[float, float, int]:
    """(CPU seconds, wall seconds, exit status) of ``python -m nn ARGV`` in a fresh process."""
    start = time.monotonic()
    child = subprocess.Popen([sys.executable, "-m", "nn", *argv], cwd=ROOT, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_utime + usage.ru_stime, time.monotonic() - start, child.returncode


def best(argv: list[str], repeat: int) -> tuple[float, float, int]:
    runs = [run(argv) for _ in range(repeat)]
    return min(r[0] for r in runs), min(r[1] for r in runs), runs[-1][2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=8, help="the documents with the most derived numbers")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    measure = _measure_module()
    documents = []
    for corpus in CORPORA:
        for folder in measure.documents(corpus):
            truth = measure.load_truth(folder)
            documents.append((len(truth.records), truth.document))
    documents.sort(key=lambda d: -d[0])
    start_cpu, start_wall, _ = best(["--help"], args.repeat)
    print(f"interpreter start and imports: {start_cpu:.2f} s CPU, {start_wall:.2f} s wall")
    print(f"{'document':58} {'numbers':>7} {'CPU s':>6} {'less start':>10} {'wall s':>6}  exit")
    for numbers, document in documents[:args.top]:
        cpu, wall, status = best(["check", str(document)], args.repeat)
        name = f"{document.parent.parent.name}/{document.parent.name}"
        print(f"{name[-58:]:58} {numbers:7} {cpu:6.2f} {cpu - start_cpu:10.2f} {wall:6.2f}  {status}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
