"""`python -m build` makes a wheel and an sdist that install in a clean venv and run `stepgrad demo`.

The venvs get stepgrad alone (``--no-deps``: nothing downloaded but the build backend); its
dependencies come from the environment running the tests, through a .pth file, so the test takes
seconds. What it proves is what a user's ``pip install`` gets: the packages, the bundled examples,
the templates, the HTML page's template and the ``stepgrad`` entry point, with no source tree near.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
BUNDLED = sorted(p.relative_to(ROOT).as_posix() for p in [*(ROOT / "nn" / "examples").rglob("*.toml"),
                                                         *(ROOT / "autograd").rglob("*.html")])

pytest.importorskip("build", reason="`build` is in the dev extra: pip install -e '.[dev]'")


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    run = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    return out


def test_the_wheel_and_the_sdist_hold_the_examples_and_the_page_template(dist):
    (wheel,) = dist.glob(f"stepgrad-{VERSION}-py3-none-any.whl")
    (sdist,) = dist.glob(f"stepgrad-{VERSION}.tar.gz")
    assert len(BUNDLED) >= 10 and "nn/examples/templates/expression.toml" in BUNDLED
    in_wheel = set(zipfile.ZipFile(wheel).namelist())
    assert set(BUNDLED) <= in_wheel
    with tarfile.open(sdist) as tar:
        in_sdist = {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}
    assert set(BUNDLED) <= in_sdist and {"pyproject.toml", "README.md", "tests/data/seed000.md"} <= in_sdist


def installed(tmp_path: Path, package: Path) -> Path:
    """A fresh venv holding stepgrad from ``package`` only; its dependencies come from ours."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    run = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(package)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    (Path(site) / "zz_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


@pytest.mark.parametrize("kind", ["wheel", "sdist"])
def test_a_clean_venv_runs_stepgrad_demo_from_the_package(kind, dist, tmp_path):
    package = next(dist.glob("*.whl" if kind == "wheel" else "*.tar.gz"))
    venv = installed(tmp_path, package)
    work = tmp_path / "work"  # far from the source tree: nothing can be imported from it
    work.mkdir()
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path)}
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import nn, autograd; print(nn.__file__)"],
                           cwd=work, capture_output=True, text=True, env=env, timeout=60)
    assert where.stdout.startswith(str(venv)), where.stdout + where.stderr
    version = subprocess.run(["stepgrad", "--version"], cwd=work, capture_output=True, text=True, env=env)
    assert version.stdout == f"stepgrad {VERSION}\n"
    demo = subprocess.run(["stepgrad", "demo"], cwd=work, capture_output=True, text=True, env=env,
                          timeout=120)
    assert demo.returncode == 0, demo.stderr
    assert "8 of 10 numbers match; 2 do not." in demo.stdout
    assert (work / "build" / "seed000.svg").read_text().lstrip().startswith("<?xml")
    page = subprocess.run(["stepgrad", "graph", "mazur", "-o", "steps.html"], cwd=work, capture_output=True,
                          text=True, env=env, timeout=120)
    assert page.returncode == 0 and "<script" in (work / "steps.html").read_text()
    new = subprocess.run(["stepgrad", "new", "--kind", "expression", "hw.toml"], cwd=work, env=env)
    assert new.returncode == 0 and subprocess.run(["stepgrad", "check", "hw.toml"], cwd=work, env=env,
                                                  capture_output=True).returncode == 0
