"""The two commands say what they install, and the suite runs without the browser test."""

import inspect
import os
import re
import subprocess
import sys
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path

ROOT = Path(__file__).parent.parent
DRAW_TESTS = next(ROOT.joinpath("tests").rglob("test_drawing.py"))  # wherever the mirrored layout puts it


def _load(path: Path):
    spec = spec_from_file_location(f"_loaded_{path.stem}", path)
    module = module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


test_draw = _load(DRAW_TESTS)


def test_every_browser_test_is_marked_and_can_be_deselected():
    takes_browser = {name for name, f in inspect.getmembers(test_draw, inspect.isfunction)
                     if name.startswith("test_") and "browser" in inspect.signature(f).parameters}
    assert len(takes_browser) >= 5
    marked = {name for name in takes_browser
              if any(m.name == "browser" for m in getattr(getattr(test_draw, name), "pytestmark", []))}
    assert marked == takes_browser
    run = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--collect-only",
                          "-q", "-m", "not browser", str(DRAW_TESTS)], cwd=ROOT, capture_output=True,
                         text=True)
    collected = {line.split("::")[1].split("[")[0] for line in run.stdout.splitlines() if "::" in line}
    assert collected and not collected & takes_browser
    assert re.search(r"(\d+) deselected", run.stdout)[1] == str(len(takes_browser) + 1)  # one runs twice


def test_make_test_no_browser_deselects_the_browser_tests():
    # run as a top-level make even when the suite itself runs under `make test` (no "Leaving directory")
    env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    run = subprocess.run(["make", "--no-print-directory", "-n", "test", "NO_BROWSER=1"], cwd=ROOT,
                         capture_output=True, text=True, env=env)
    assert run.stdout.strip().splitlines()[-1] == '.venv/bin/python -m pytest -m "not browser"'


def test_the_install_page_says_what_each_command_installs():
    section = (ROOT / "docs" / "install.md").read_text(encoding="utf-8")
    for what in ("graphviz", "chromium", "chromium-driver", "apt-get", ".venv", "make test NO_BROWSER=1",
                 "-m \"not browser\"", "make bench", "torch"):
        assert what in section, what
