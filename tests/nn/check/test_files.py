"""Every file stepgrad reads, fed malformed and hostile content: one clear error, nothing changed.

Files read: parameter JSON (``Module.load``) and worked-example TOML (``load_example``, the CLI's
``--example``). Each bad file must give ParameterFileError / ExampleError naming the file, the
CLI must print one line and exit 2 (never a traceback), and a failed load must leave the model's
parameters and every file on disk exactly as they were. Both formats are parsed as data only:
nothing is executed or unpickled.
"""

from __future__ import annotations

import datetime
import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nn import MLP, DocumentNetwork, ParameterFileError
from nn.check import HERE, ExampleError, example_from_dict, load_example
from nn.cli import main

SEED000 = HERE / "seed000.toml"
GOOD_TOML = SEED000.read_text(encoding="utf-8")  # edits below replace the first match only
HUGE_INT = "9" * 400  # a valid TOML/JSON integer far beyond float range
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under directory with its bytes: to prove a failed load wrote nothing."""
    files = sorted(p for p in directory.rglob("*") if p.is_file())
    return {str(p.relative_to(directory)): p.read_bytes() for p in files}


# ---- worked-example TOML ----------------------------------------------------------------------------

BAD_TOML = {
    "empty": "",
    "not toml": "this is not = = toml",
    "deep arrays": "a = " + "[" * 5000 + "]" * 5000,
    "deep inline tables": "a = " + "{b = " * 3000 + "1" + "}" * 3000,
    "huge integer input": GOOD_TOML.replace("inputs = [0.05, 0.10]", f"inputs = [{HUGE_INT}, 0.1]"),
    "huge integer parameter": GOOD_TOML.replace("W31 = 0.40", f"W31 = {HUGE_INT}", 1),
    "huge integer given": GOOD_TOML.replace("a_h1 = 0.59", f"a_h1 = {HUGE_INT}"),
    "infinite parameter": GOOD_TOML.replace("W31 = 0.40", "W31 = inf", 1),
    "nan parameter": GOOD_TOML.replace("W31 = 0.40", "W31 = nan", 1),
    "nan input": GOOD_TOML.replace("inputs = [0.05, 0.10]", "inputs = [nan, 0.1]"),
    "string parameter": GOOD_TOML.replace("W31 = 0.40", 'W31 = "0.40"', 1),
    "boolean target": GOOD_TOML.replace("targets = [0.75]", "targets = [true]"),
    "date learning rate": GOOD_TOML.replace("learning_rate = 0.5", "learning_rate = 1979-05-27"),
    "list as loss": GOOD_TOML.replace('loss = "half_squared_error"', "loss = [1]"),
    "table as loss": GOOD_TOML.replace('loss = "half_squared_error"', "loss = {a = 1}"),
    "string given activation": GOOD_TOML.replace("a_h1 = 0.59", 'a_h1 = "x"').replace(
        "W31 = 0.40", "W31 = 0.40\nB1 = 0.1", 1
    ),
    "list given activation": GOOD_TOML.replace("a_h2 = 0.60", "a_h2 = [1]").replace(
        "W31 = 0.40", "W31 = 0.40\nB2 = 0.1", 1
    ),
    "same parameter twice by alias": GOOD_TOML.replace("W31 = 0.40", "W31 = 0.40\nw_o1 = 0.9", 1),
    "unknown parameter": GOOD_TOML.replace("W31 = 0.40", "W99 = 0.40", 1),
    "data as array of tables": GOOD_TOML.replace("[data]", "[[data]]"),
    "overflowing forward pass": GOOD_TOML.replace("inputs = [0.05, 0.10]", "inputs = [1e308, 1e308]").replace(
        "W31 = 0.40", "W31 = 0.40\nW11 = 1e308", 1
    ),
    "missing section": GOOD_TOML.replace("[training]", "[trianing]"),
    "activation out of range": GOOD_TOML.replace("a_o1 = 0.70", "a_o1 = 1.0"),
}


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


@pytest.mark.parametrize("case", list(BAD_TOML), ids=list(BAD_TOML))
def test_bad_example_files_give_one_clear_error(tmp_path, case, capsys):
    path = write(tmp_path, "bad.toml", BAD_TOML[case])
    before = snapshot(tmp_path) | {"bundled": SEED000.read_bytes()}
    with pytest.raises(ExampleError) as info:
        load_example(str(path))
    message = str(info.value)
    assert str(path) in message and "\n" not in message and len(message) < 600
    # the CLI: one line on stderr, exit status 2, no traceback
    assert main(["demo", "--example", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == f"stepgrad demo: {message}\n" and "Traceback" not in err
    assert snapshot(tmp_path) | {"bundled": SEED000.read_bytes()} == before


EXPECTED_WORDS = {
    "deep arrays": "nested too deeply",
    "huge integer parameter": "[parameters] W31 must be a finite number, got 999",
    "nan parameter": "W31 must be a finite number, got nan",
    "list as loss": "[training]: loss must be a string, got list [1]",
    "string given activation": "[given] a_h1 must be a number, got str 'x'",
    "same parameter twice by alias": "gives W31 twice (W31 and w_o1)",
    "overflowing forward pass": "too large to compute with",
}


@pytest.mark.parametrize("case", list(EXPECTED_WORDS), ids=list(EXPECTED_WORDS))
def test_example_errors_say_what_is_wrong(tmp_path, case):
    with pytest.raises(ExampleError) as info:
        load_example(str(write(tmp_path, "bad.toml", BAD_TOML[case])))
    assert EXPECTED_WORDS[case] in str(info.value)


def test_a_huge_number_is_shown_shortened():
    with pytest.raises(ExampleError) as info:
        example_from_dict({**_good_doc(), "data": {"inputs": [10**400, 0.1], "targets": [0.75]}})
    assert "..." in str(info.value) and len(str(info.value)) < 200


@pytest.mark.parametrize(
    "content,words",
    [
        (b"\xff\xfe\x00[example]", "is not UTF-8 text (byte 0 is 0xff)"),
        (GOOD_TOML.encode("utf-16"), "is not UTF-8 text"),
        (b"\x00" * 64, "is not valid TOML"),
    ],
)
def test_non_utf8_example_files(tmp_path, content, words):
    path = write(tmp_path, "bad.toml", content)
    with pytest.raises(ExampleError, match=re.escape(words)):
        load_example(str(path))
    assert path.read_bytes() == content


def test_a_byte_order_mark_is_accepted(tmp_path):
    """Windows editors write one; it is not an error."""
    ex = load_example(str(write(tmp_path, "bom.toml", b"\xef\xbb\xbf" + GOOD_TOML.encode())))
    assert ex.loss().data == pytest.approx(0.5 * (0.75 - 0.70) ** 2, rel=1e-12)


@pytest.mark.parametrize(
    "target,words",
    [
        ("{tmp}", "is a directory; give the worked-example .toml file itself"),
        ("{tmp}/missing.toml", "missing.toml' does not exist"),
        ("/dev/zero", "is not a regular file"),  # would never finish reading
        ("{tmp}/fifo.toml", "is not a regular file"),  # would block forever
        ("{tmp}/big.toml", "too large for a worked-example .toml file"),
        ("x" * 5000, "no example"),  # a name too long for the file system
        ("bad\0name", "no example"),
        ("", "no example ''"),
    ],
)
def test_example_paths_that_are_not_example_files(tmp_path, target, words, capsys):
    os.mkfifo(tmp_path / "fifo.toml")
    with open(tmp_path / "big.toml", "wb") as f:
        f.truncate(2**20 + 1)  # sparse: no disk used
    path = target.format(tmp=tmp_path)
    with pytest.raises(ExampleError, match=re.escape(words)):
        load_example(path)
    assert main(["demo", "--example", path]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


# TOML values as tomllib produces them, including hostile ones
toml_scalars = st.one_of(
    st.integers(min_value=-(10**500), max_value=10**500),
    st.floats(),  # inf, nan, subnormals
    st.text(max_size=20),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
)
toml_values = st.recursive(
    toml_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def _good_doc() -> dict:
    import tomllib

    return tomllib.loads(GOOD_TOML)


@FUZZ
@given(
    section=st.sampled_from(["example", "network", "data", "parameters", "given", "training", "extra"]),
    key=st.sampled_from(["kind", "activation", "inputs", "targets", "W31", "w_o1", "B3", "a_h1", "a_o1",
                         "loss", "learning_rate", "name", "title", "x"]),
    value=toml_values,
    replace_section=st.booleans(),
)
def test_any_value_anywhere_gives_an_example_or_an_example_error(section, key, value, replace_section):
    doc = _good_doc()
    if replace_section:
        doc[section] = value
    else:
        doc.setdefault(section, {})
        if isinstance(doc[section], dict):
            doc[section][key] = value
    try:
        ex = example_from_dict(doc, "fuzzed example")
    except ExampleError as e:
        assert str(e).startswith("fuzzed example")
        return
    loss = ex.loss()  # what loads must also run, with finite numbers
    loss.backward()
    assert math.isfinite(loss.data) and all(math.isfinite(p.grad) for p in ex.network.parameters())


@FUZZ
@given(data=st.data())
def test_corrupted_example_bytes_never_crash(tmp_path, data):
    raw = bytearray(GOOD_TOML.encode())
    for _ in range(data.draw(st.integers(1, 8))):
        i = data.draw(st.integers(0, len(raw) - 1))
        action = data.draw(st.sampled_from(["flip", "delete", "insert", "truncate"]))
        if action == "flip":
            raw[i] = data.draw(st.integers(0, 255))
        elif action == "delete":
            del raw[i]
        elif action == "insert":
            raw[i:i] = data.draw(st.sampled_from([b"[", b"]", b"=", b'"', b"\n", b"{", b"1e999", b"\xff"]))
        else:
            del raw[i:]
        if not raw:
            break
    path = write(tmp_path, "fuzz.toml", bytes(raw))
    try:
        load_example(str(path))
    except ExampleError as e:
        assert str(path) in str(e)
    assert path.read_bytes() == bytes(raw)


def test_cli_in_a_real_process_prints_one_line_and_exits_2(tmp_path):
    bad = write(tmp_path, "bad.toml", BAD_TOML["deep arrays"])
    for example in (str(bad), str(tmp_path), "no-such-example"):
        run = subprocess.run(
            [sys.executable, "-m", "nn", "demo", "--example", example],
            capture_output=True, text=True, timeout=60, cwd=tmp_path,
        )
        assert run.returncode == 2, run.stderr
        assert run.stdout == "" and "Traceback" not in run.stderr
        assert run.stderr.startswith("stepgrad demo: ") and run.stderr.count("\n") == 1


# ---- parameter JSON -----------------------------------------------------------------------------------


def _saved(net) -> dict:
    return {"format": "stepgrad-parameters", "version": 1, "parameters": net.state()}


def _with(net, **changes) -> bytes:
    doc = _saved(net)
    params = doc["parameters"]
    for k, v in changes.items():
        if k in ("format", "version", "parameters"):
            doc[k] = v
        else:
            params[k] = v
    return json.dumps(doc).encode()


def _net() -> DocumentNetwork:
    return DocumentNetwork(**load_example("seed001").network.state())  # the documents' network


def bad_parameter_files() -> dict[str, bytes]:
    net = _net()
    good = json.dumps(_saved(net))
    return {
        "empty": b"",
        "not json": b"W31 = 0.4",
        "non-UTF-8": b"\xff\xfe\x00{",
        "UTF-16": good.encode("utf-16"),
        "NUL bytes": b"\x00" * 32,
        "deep arrays": b"[" * 100_000 + b"]" * 100_000,
        "deep objects": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
        "5000-digit integer": good.replace('"W31": 0.4', '"W31": ' + "9" * 5000).encode(),
        "400-digit integer": good.replace('"W31": 0.4', '"W31": ' + HUGE_INT).encode(),
        "1e999": good.replace('"W31": 0.4', '"W31": 1e999').encode(),
        "NaN": _with(net, W31=math.nan),
        "-Infinity": _with(net, W31=-math.inf),
        "string value": _with(net, W31="0.4"),
        "bool value": _with(net, W31=True),
        "null value": _with(net, W31=None),
        "list value": _with(net, W31=[0.4]),
        "missing parameter": json.dumps({**_saved(net), "parameters": {"W31": 0.4}}).encode(),
        "unknown parameter": _with(net, W99=1.0),
        "100,000 unknown names": json.dumps(
            {**_saved(net), "parameters": {**net.state(), **{f"p{i}": 0.0 for i in range(10**5)}}}
        ).encode(),
        "parameters is a list": _with(net, parameters=[0.4, 0.45]),
        "parameters is null": _with(net, parameters=None),
        "wrong format": _with(net, format="pickle"),
        "wrong version": _with(net, version=2),
        "top-level list": b"[1, 2, 3]",
        "top-level string": b'"stepgrad-parameters"',
        "trailing garbage": good.encode() + b" garbage",
    }


BAD_JSON = bad_parameter_files()


@pytest.mark.parametrize("case", list(BAD_JSON), ids=list(BAD_JSON))
def test_bad_parameter_files_change_nothing(tmp_path, case):
    net = _net()
    path = write(tmp_path, "params.json", BAD_JSON[case])
    other = write(tmp_path, "other.json", json.dumps(_saved(MLP(2, [2, 1], seed=1))))
    before_state, before_files = net.state(), snapshot(tmp_path)
    with pytest.raises(ParameterFileError) as info:
        net.load(path)
    message = str(info.value)
    assert str(path) in message and len(message) < 1000
    assert net.state() == before_state  # nothing in memory changed
    assert snapshot(tmp_path) == before_files  # nothing on disk changed (nor any file added)
    assert other.exists()


def test_parameter_error_messages_say_what_is_wrong(tmp_path):
    net = _net()
    cases = {
        "5000-digit integer": "Exceeds the limit (4300 digits)",
        "400-digit integer": "parameter 'W31' is 999",
        "NaN": "parameter 'W31' is nan; parameters must be finite",
        "bool value": "parameter 'W31' must be a number, got bool True",
        "unknown parameter": "unknown 'W99'",
        "100,000 unknown names": "and 99995 more",
        "deep arrays": "nested too deeply",
        "non-UTF-8": "is not UTF-8 text (byte 0 is 0xff)",
        "wrong version": "has version 2; this stepgrad reads version 1",
    }
    for case, words in cases.items():
        with pytest.raises(ParameterFileError) as info:
            net.load(write(tmp_path, "p.json", BAD_JSON[case]))
        assert words in str(info.value), case


@pytest.mark.parametrize(
    "target,words",
    [
        ("{tmp}", "is a directory"),
        ("{tmp}/missing.json", "does not exist"),
        ("/dev/zero", "is not a regular file"),
        ("{tmp}/fifo.json", "is not a regular file"),
        ("{tmp}/big.json", "too large for a JSON parameter file"),
        ("bad\0name.json", "cannot be read: embedded null byte"),
        ("{tmp}/" + "x" * 5000, "cannot be read: File name too long"),
    ],
)
def test_parameter_paths_that_are_not_parameter_files(tmp_path, target, words):
    os.mkfifo(tmp_path / "fifo.json")
    with open(tmp_path / "big.json", "wb") as f:
        f.truncate(64 * 2**20 + 1)
    net = _net()
    before = net.state()
    with pytest.raises(ParameterFileError, match=re.escape(words)):
        net.load(target.format(tmp=tmp_path))
    assert net.state() == before


def test_a_good_file_still_loads_and_round_trips(tmp_path):
    a, b = _net(), DocumentNetwork()
    path = a.save(tmp_path / "p.json")
    b.load(path)
    assert b.state() == a.state()
    b.load(write(tmp_path, "bom.json", b"\xef\xbb\xbf" + path.read_bytes()))  # a BOM is fine
    assert b.state() == a.state()


json_values = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers(-(10**400), 10**400) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=10,
)


@FUZZ
@given(
    where=st.sampled_from(["format", "version", "parameters", "W31", "B3", "w_o1", "extra"]),
    value=json_values,
)
def test_any_json_value_anywhere_loads_cleanly_or_changes_nothing(tmp_path, where, value):
    net = _net()
    path = write(tmp_path, "p.json", _with(net, **{where: value}))
    before = net.state()
    try:
        net.load(path)
    except ParameterFileError:
        assert net.state() == before
    else:
        assert all(math.isfinite(v) for v in net.state().values())


def test_a_failed_load_leaves_an_mlp_unchanged(tmp_path):
    net = MLP(2, [3, 1], seed=4)
    saved = net.save(tmp_path / "mlp.json")
    doc = json.loads(saved.read_text())
    doc["parameters"]["L2.N1.b"] = "oops"  # the last parameter is bad: the earlier ones must not load
    doc["parameters"]["L1.N1.w1"] = 123.0
    bad = write(tmp_path, "bad.json", json.dumps(doc))
    before = net.state()
    with pytest.raises(ParameterFileError, match="'L2.N1.b' must be a number"):
        net.load(bad)
    assert net.state() == before


def test_datetime_values_are_refused_not_crashed():
    doc = _good_doc()
    doc["data"]["inputs"] = [datetime.datetime(2020, 1, 1), 0.1]
    with pytest.raises(ExampleError, match="inputs\\[0\\] must be a number, got datetime"):
        example_from_dict(doc, "the example")
