"""Files stepgrad writes: atomic, readable as a plain open() would make them, folders created;
checkpoints never replaced by a file load() refuses."""

import json
import math
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from autograd import Value, save_drawing
from autograd.atomic import new_file_mode, write_atomic
from nn import MLP, DocumentNetwork, ParameterFileError
from nn.check import load_example
from nn.cli import main


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def plain_open_mode(folder: Path) -> int:
    probe = folder / "probe-plain-open"
    with open(probe, "w") as f:
        f.write("x")
    m = mode(probe)
    probe.unlink()
    return m


# ---- item 1: permissions ---------------------------------------------------------------------
@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_new_files_get_the_mode_plain_open_gives(tmp_path, umask):
    old = os.umask(umask)
    try:
        expected = plain_open_mode(tmp_path)
        assert expected == 0o666 & ~umask and new_file_mode() == expected
        written = write_atomic(tmp_path / "a.txt", "hello")
        assert mode(written) == expected
        assert written.read_text() == "hello"
    finally:
        os.umask(old)


def test_replacing_a_file_keeps_its_mode_as_open_does(tmp_path, umask022):
    path = tmp_path / "page.html"
    path.write_text("old")
    path.chmod(0o640)
    write_atomic(path, b"new")
    assert mode(path) == 0o640 and path.read_bytes() == b"new"


def test_every_writer_gives_readable_files(tmp_path, umask022, capsys):
    example = load_example("seed000")
    loss = example.loss()
    loss.backward()
    for suffix in ("svg", "png", "dot", "html"):
        assert mode(save_drawing(loss, tmp_path / f"g.{suffix}", example.network)) == 0o644, suffix
    assert main(["graph", "-o", str(tmp_path / "cli.svg")]) == 0
    assert mode(tmp_path / "cli.svg") == 0o644
    assert mode(example.network.save(tmp_path / "model.json")) == 0o644
    assert list(tmp_path.glob(".*.tmp")) == []


# ---- item 11: missing folders ----------------------------------------------------------------
def test_missing_parent_folders_are_created_by_every_writer(tmp_path, capsys):
    example = load_example("seed000")
    loss = example.loss()
    loss.backward()
    assert save_drawing(loss, tmp_path / "a" / "b" / "g.dot").is_file()
    assert main(["graph", "-o", str(tmp_path / "nodir" / "x.svg")]) == 0
    assert (tmp_path / "nodir" / "x.svg").is_file()
    assert example.network.save(tmp_path / "models" / "m.json").is_file()
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "nope" / "x", "x", parents=False)


def test_a_file_in_the_way_of_a_folder_is_a_clear_cli_error(tmp_path, capsys):
    (tmp_path / "file").write_text("I am a file")
    assert main(["graph", "-o", str(tmp_path / "file" / "x.svg")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("stepgrad graph: cannot write") and "Traceback" not in err
    assert (tmp_path / "file").read_text() == "I am a file"


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "keep.txt"
    path.write_text("precious")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space"):
        write_atomic(path, "new")
    assert path.read_text() == "precious"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


# ---- issue 16 item 2: never lose a good checkpoint -------------------------------------------
def diverged(net: MLP) -> MLP:
    net.parameter("L1.N2.w1").data = math.nan
    net.parameter("L2.N1.b").data = -math.inf
    return net


def test_save_refuses_nonfinite_parameters_and_names_them(tmp_path):
    net = MLP(2, [3, 1], seed=0)
    good = net.save(tmp_path / "model.json")
    before = good.read_bytes()
    diverged(net)
    with pytest.raises(ParameterFileError) as e:
        net.save(good)
    message = str(e.value)
    assert "2 parameters not finite: L1.N2.w1 = nan, L2.N1.b = -inf" in message
    assert "allow_nonfinite=True" in message
    assert good.read_bytes() == before
    fresh = MLP(2, [3, 1], seed=5)
    fresh.load(good)  # still loadable
    assert fresh.state() == MLP(2, [3, 1], seed=0).state()


def test_save_nonfinite_when_asked_writes_valid_json_but_never_over_a_good_file(tmp_path):
    net = MLP(2, [3, 1], seed=0)
    good = net.save(tmp_path / "model.json")
    before = good.read_bytes()
    diverged(net)
    with pytest.raises(ParameterFileError, match="holds parameters load\\(\\) accepts"):
        net.save(good, allow_nonfinite=True)
    assert good.read_bytes() == before
    other = DocumentNetwork()  # a good checkpoint of another model is protected too
    other_file = other.save(tmp_path / "doc.json")
    with pytest.raises(ParameterFileError):
        net.save(other_file, allow_nonfinite=True)
    bad = net.save(tmp_path / "diverged.json", allow_nonfinite=True)
    params = json.loads(bad.read_text())["parameters"]  # strict JSON: no NaN/Infinity literals
    assert params["L1.N2.w1"] == "NaN" and params["L2.N1.b"] == "-Infinity"
    with pytest.raises(ParameterFileError, match="'L1.N2.w1' must be a number"):
        MLP(2, [3, 1]).load(bad)
    # an unloadable file may be replaced by another one, and by a good one
    net.save(bad, allow_nonfinite=True)
    healthy = MLP(2, [3, 1], seed=1)
    healthy.save(bad)
    MLP(2, [3, 1]).load(bad)


def test_finite_models_save_and_load_as_before(tmp_path):
    net = MLP(2, [2, 1], seed=3)
    path = net.save(tmp_path / "m.json")
    copy = MLP(2, [2, 1], seed=9)
    copy.load(path)
    assert copy.state() == net.state()
    assert Value(1.0).data == 1.0


# ---- item 10: the package-name clash with HIPS autograd --------------------------------------
def run_python(code: str, pythonpath: list[Path]) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(map(str, pythonpath)))
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          cwd=pythonpath[0])


def test_nn_says_which_autograd_shadows_stepgrads(tmp_path, repo_root):
    hips = tmp_path / "site" / "autograd"
    hips.mkdir(parents=True)
    (hips / "__init__.py").write_text("from .differential_operators import grad\n")
    (hips / "differential_operators.py").write_text("def grad(f):\n    return f\n")
    run = run_python("import nn", [tmp_path / "site", repo_root])
    assert run.returncode == 1
    last = run.stderr.strip().splitlines()[-1]
    assert "ImportError" in last
    assert str(hips / "__init__.py") in last, last
    assert "not stepgrad's" in last and "pip uninstall autograd" in last


def test_stepgrads_autograd_warns_when_hips_autograd_is_installed_beside_it(tmp_path, repo_root):
    site = tmp_path / "site"
    dist = site / "autograd-1.7.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: autograd\nVersion: 1.7.0\n")
    run = run_python("import autograd; print(autograd.Value(2.0).data)", [repo_root, site])
    assert run.returncode == 0 and run.stdout == "2.0\n"
    assert "HIPS autograd 1.7.0" in run.stderr and "separate virtual environment" in run.stderr
    clean = run_python("import autograd", [repo_root])
    assert clean.returncode == 0 and clean.stderr == ""
