"""Drawings: golden dot source, real `dot` renders, the stepper page in headless Chromium, the CLI.

Regenerate the golden files with ``STEPGRAD_UPDATE_GOLDEN=1 pytest tests/test_draw.py`` and
review the diff before committing it.
"""

import difflib
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from autograd import (
    DotNotFoundError,
    Value,
    draw,
    draw_steps,
    save_drawing,
    stepper_html,
    topological_order,
    write_frames,
)
from nn import MLP, half_squared_error
from nn.check import load_example
from nn.cli import main

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("STEPGRAD_UPDATE_GOLDEN") == "1"
SVG_NS = "{http://www.w3.org/2000/svg}"


def seed000(backward=True):
    example = load_example("seed000")
    loss = example.loss()
    if backward:
        loss.backward()
    return example, loss


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; create it with STEPGRAD_UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(difflib.unified_diff(
            expected.splitlines(True), text.splitlines(True), str(path), "drawn now"))
        pytest.fail(f"dot source differs from {path} (STEPGRAD_UPDATE_GOLDEN=1 to accept):\n{diff}")


def labels(dot_source: str) -> dict[str, str]:
    """node id -> label, for the value records (v<topological index>)."""
    return dict(re.findall(r'^\s*(v\d+) \[label="(.*?)(?<!\\)"', dot_source, re.M))


def svg_texts(svg: bytes | str) -> list[str]:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG_NS}svg"
    return [t.text for t in root.iter(f"{SVG_NS}text") if t.text]


# ---- dot source ------------------------------------------------------------------------------
def test_reference_example_matches_golden_dot_source():
    example, loss = seed000()
    check_golden("seed000.dot", draw(loss, example.network).source)


def test_reference_example_step_5_matches_golden_dot_source():
    example, loss = seed000()
    check_golden("seed000_step5.dot", draw(loss, example.network, step=5).source)


def test_source_is_the_same_for_two_separately_built_graphs():
    (ex1, l1), (ex2, l2) = seed000(), seed000()
    assert draw(l1, ex1.network, step=3).source == draw(l2, ex2.network, step=3).source


def test_value_used_twice_has_two_edges_and_two_contributions():
    a = Value(3.0, "a")
    b = (a * a).named("b")
    b.backward()
    src = draw(b).source
    assert len(re.findall(r"^\s*v0 -> op1$", src, re.M)) == 2
    step1 = draw(b, step=1).source
    # b = a·a: each use receives local × grad = 3 × 1, so a.grad is 6 after the step.
    assert len(re.findall(r'v0 -> op1 \[.*xlabel="\+= 3"', step1)) == 2
    assert labels(step1)["v0"] == "{a | data 3 | grad 6}"


def test_before_backward_says_gradients_are_not_computed():
    example, loss = seed000(backward=False)
    src = draw(loss, example.network).source
    assert "gradients not computed yet" in src
    assert not any("grad" in lab for lab in labels(src).values())
    loss.backward()
    src = draw(loss, example.network).source
    assert "gradients not computed yet" not in src
    assert labels(src)["v17"] == "{z_o1 | data 0.8473 | grad -0.0105}"


def test_kinds_are_styled_and_params_may_be_plain_values():
    w, x = Value(0.5, "w"), Value(2.0, "x")
    y = (w * x + 1.0).named("y")
    y.backward()
    by_name = dict(re.findall(r'^\s*v\d+ \[label="\{([^ |]+)(.*)\]$', draw(y, params=[w]).source, re.M))
    assert "shape=Mrecord" in by_name["w"] and 'fillcolor="#fef3c7"' in by_name["w"]  # parameter
    assert 'fillcolor="#dbeafe"' in by_name["x"] and 'fillcolor="#dbeafe"' in by_name["c1"]  # input
    assert 'fillcolor="#ffffff"' in by_name["t1"]  # intermediate, auto-named
    assert 'fillcolor="#fee2e2"' in by_name["y"]  # loss
    nodes = dict(re.findall(r"^\s*(v\d+) \[(.*)\]$", draw(y).source, re.M))
    assert all("Mrecord" not in attrs for attrs in nodes.values())  # no params given: none drawn so


def test_unlabelled_nodes_get_the_step_tracers_names():
    a = Value(2.0, "a")
    out = ((a + 1.0) * (a - 3.0)).named("out")
    out.backward()
    src = draw(out).source
    recs = labels(src)
    named = [recs[f"v{i}"].split(" | ")[0][1:] for i in range(len(recs))]
    assert named == ["a", "c1", "t1", "c2", "t2", "out"]


def test_step_edges_carry_the_documents_numbers():
    example, loss = seed000()
    # Step 4 processes a_o1: z_o1 receives σ'·(−0.05) = 0.21 × −0.05, the document's δ_o1.
    step4 = draw(loss, example.network, step=4).source
    assert re.search(r'v17 -> op18 \[.*xlabel="\+= -0.0105"', step4)
    # Step 5 processes z_o1: dL/dW31 = a_h1·δ, dL/dW41, and what reaches a_h1 and a_h2.
    step5 = draw(loss, example.network, step=5).source
    for source, value in [("v2", "-0.006195"), ("v10", "-0.0063"), ("v9", "-0.0042"), ("v15", "-0.004725")]:
        assert re.search(rf'{source} -> op17 \[.*xlabel="\+= {value}"', step5), source
    recs = labels(step5)
    assert recs["v9"] == "{a_h1 | data 0.59 | grad -0.0042}"
    assert recs["v8"] == "{z_h1 | data 0.364 | grad —}"  # not reached yet at step 5


def test_gradients_after_the_last_step_are_exactly_backwards():
    example, loss = seed000()
    last = len([n for n in topological_order(loss) if n.parents])
    after = labels(draw(loss, example.network, precision=17).source)
    stepped = labels(draw(loss, example.network, step=last, precision=17).source)
    assert stepped == after
    assert "grad -0.0010159800000000012" in after["v7"]  # B1: true δ_h1, not the document's -0.00101


def test_bad_arguments_are_clear_errors():
    _, loss = seed000()
    with pytest.raises(ValueError, match="step 10 does not exist: this graph has 9 backward steps"):
        draw(loss, step=10)
    with pytest.raises(ValueError, match="step 0 does not exist"):
        draw(loss, step=0)
    with pytest.raises(TypeError, match="needs the Value at the root"):
        draw([loss])
    with pytest.raises(TypeError, match="params must be Values or an nn module"):
        draw(loss, params=[1.0])
    with pytest.raises(ValueError, match="has no backward step"):
        draw_steps(Value(1.0, "x"))


# ---- nn modules: clusters, collapse ----------------------------------------------------------
def cluster_blocks(src: str) -> dict[str, str]:
    """Innermost cluster name -> its text (clusters here hold nodes only, no nested braces)."""
    return dict(re.findall(r"subgraph (cluster_\d+_\d+) \{(.*?)\n\t\t\}", src, re.S))


def test_mlp_is_grouped_by_layer_and_neuron():
    net = MLP(2, [3, 1], seed=1)
    loss = half_squared_error(net([0.5, -1.0]), 0.2)
    loss.backward()
    src = draw(loss, net).source
    assert "collapsed" not in src and "drawn as one box" not in src
    blocks = cluster_blocks(src)
    assert len(blocks) == 4
    for block in blocks.values():
        neuron = re.search(r'label="?(L\d\.N\d)', block)[1]
        inside = re.findall(r'label="\{([^ |]+)', block)
        nin = 2 if neuron.startswith("L1") else 3
        assert sorted(inside) == sorted(
            [f"{neuron}.w{i}" for i in range(1, nin + 1)] + [f"{neuron}.b", f"{neuron}.z", f"{neuron}.a"]
        )
    assert len(re.findall(r"subgraph cluster_\d+ \{", src)) == 2  # two layers


def test_big_mlp_collapses_neurons_into_boxes_and_says_so():
    net = MLP(2, [8, 8, 1], seed=1)
    loss = half_squared_error(net([0.5, -1.0]), 0.2)
    loss.backward()
    nvalues = len(topological_order(loss))
    assert nvalues > 80
    src = draw(loss, net).source
    assert f"17 neurons drawn as one box each (the graph has {nvalues} values, more than 80)" in src
    assert len(re.findall(r"^\s*neuron\d+ \[", src, re.M)) == 17
    assert "L1.N1.w1" not in src
    box = re.search(r'neuron0 \[label="\{L1.N1 \| z (\S+) \| a (\S+) \| grad a (\S+) \| 3 parameters\}"', src)
    assert box, src
    a = next(n for n in topological_order(loss) if n.label == "L1.N1.a")
    assert box.groups() == (f"{a.parents[0].data:.4g}", f"{a.data:.4g}", f"{a.grad:.4g}")
    # every value again when asked
    assert "L1.N1.w1" in draw(loss, net, collapse=False).source
    # a step inside a box highlights the box; it still renders through dot
    step = draw(loss, net, step=5)
    assert ET.fromstring(step.pipe(format="svg"))


# ---- rendering through the real dot ------------------------------------------------------------
def test_svg_parses_and_shows_every_name_and_value(tmp_path):
    example, loss = seed000()
    path = save_drawing(loss, tmp_path / "g.svg", example.network)
    texts = set(svg_texts(path.read_bytes()))
    for node in topological_order(loss):
        name = node.label or (f"{node.data:g}" if not node.parents else None)
        if name:
            assert name in texts
        if node.parents or node.label:
            assert f"data {node.data:.4g}" in texts, node
        assert f"grad {(node.grad if node.grad else 0.0):.4g}" in texts, node
    for kind in ("input or constant", "parameter", "intermediate", "loss (the root)"):
        assert kind in texts  # the legend


def test_awkward_labels_survive_record_syntax():
    odd = Value(1.5, 'w{1}|<b> "q"')
    out = (odd * 2.0).named("out")
    out.backward()
    assert 'w{1}|<b> "q"' in svg_texts(draw(out).pipe(format="svg"))


def test_jupyter_displays_the_drawing_inline():
    _, loss = seed000()
    bundle = draw(loss)._repr_mimebundle_()
    assert "image/svg+xml" in bundle
    assert "z_o1" in svg_texts(bundle["image/svg+xml"])


def test_png_dot_and_frames_are_written(tmp_path):
    example, loss = seed000()
    png = save_drawing(loss, tmp_path / "g.png", example.network, step=2)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    dot = save_drawing(loss, tmp_path / "g.dot", example.network)
    assert dot.read_text(encoding="utf-8") == draw(loss, example.network).source
    frames = write_frames(loss, tmp_path / "frames", example.network)
    assert [p.name for p in frames] == [f"step-{k}.svg" for k in range(1, 10)]
    texts = svg_texts(frames[3].read_bytes())
    assert "+= -0.0105" in texts and any("backward step 4 of 9" in t for t in texts)
    assert list(tmp_path.glob(".*.tmp")) == []  # no temporary file left behind


def test_stepper_page_is_self_contained():
    example, loss = seed000()
    page = stepper_html(loss, example.network, start=2)
    assert page.count('<div class="frame') == 9
    assert '<div class="frame current" data-step="2">' in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert "z_o1 += 0.21 × -0.05 = -0.0105" in page  # step 4's caption, the document's δ_o1
    assert len(set(re.findall(r'\bid="([^"]+)"', page))) == len(re.findall(r'\bid="', page))  # unique ids


# ---- the CLI -----------------------------------------------------------------------------------
def test_cli_graph_writes_each_format(tmp_path, capsys):
    for suffix in ("svg", "png", "dot", "html"):
        out = tmp_path / f"graph.{suffix}"
        assert main(["graph", "-o", str(out), "--step", "3"]) == 0
        assert capsys.readouterr().out.strip() == str(out)
        assert out.stat().st_size > 1000
    assert "+= -0.05" in svg_texts((tmp_path / "graph.svg").read_bytes())  # step 3: t1 → a_o1


def test_cli_graph_refuses_bad_input_with_status_2(tmp_path, capsys):
    assert main(["graph", "-o", str(tmp_path / "g.jpg")]) == 2
    assert "must end in .svg, .png, .dot, .html" in capsys.readouterr().err
    assert main(["graph", "-o", str(tmp_path / "g.svg"), "--step", "99"]) == 2
    assert "step 99 does not exist: this graph has 9 backward steps" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_missing_dot_program_says_how_to_install_it(tmp_path, monkeypatch):
    empty = tmp_path / "bin"
    empty.mkdir()
    env = dict(os.environ, PATH=str(empty))
    cmd = [sys.executable, "-m", "nn", "graph", "-o"]
    run = subprocess.run([*cmd, str(tmp_path / "g.svg")], env=env, capture_output=True, text=True)
    assert run.returncode == 2
    assert "apt-get install graphviz" in run.stderr and "brew install graphviz" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "g.svg").exists()
    run = subprocess.run([*cmd, str(tmp_path / "g.dot")], env=env, capture_output=True, text=True)
    assert run.returncode == 0 and (tmp_path / "g.dot").exists()  # .dot needs no dot program
    _, loss = seed000()
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(DotNotFoundError, match="sudo apt-get install graphviz"):
        save_drawing(loss, tmp_path / "g2.svg")
    assert not (tmp_path / "g2.svg").exists()


# ---- the stepper page in headless Chromium -----------------------------------------------------
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """Headless Debian Chromium via its chromedriver; installed with apt-get when missing (root)."""
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        if os.geteuid() == 0 and shutil.which("apt-get"):
            env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
            subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
            subprocess.run(["apt-get", "install", "-y", "-qq", "chromium", "chromium-driver"],
                           check=True, env=env, stdout=subprocess.DEVNULL)
        else:
            message = "the stepper test needs Chromium: sudo apt-get install chromium chromium-driver"
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1400,900",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


def test_stepper_buttons_move_between_steps_in_chromium(browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    example, loss = seed000()
    page = tmp_path / "steps.html"
    page.write_text(stepper_html(loss, example.network, interval_ms=200), encoding="utf-8")
    browser.get(page.as_uri())

    def state():
        counter = browser.find_element(By.ID, "counter").text
        shown = [f.get_attribute("data-step") for f in browser.find_elements(By.CSS_SELECTOR, ".frame")
                 if f.is_displayed()]
        return counter, shown

    def shot(name):
        path = tmp_path / f"{name}.png"
        browser.save_screenshot(str(path))
        return path.read_bytes()

    click = {b: browser.find_element(By.ID, b) for b in ("prev", "next", "play")}
    assert state() == ("step 1 of 9", ["1"])
    first = shot("step1")
    click["next"].click()
    assert state() == ("step 2 of 9", ["2"]), "next did not change the step"
    second = shot("step2")
    assert second != first, "the picture did not change with the step"
    click["prev"].click()
    assert state() == ("step 1 of 9", ["1"]), "previous did not change the step"
    assert shot("back-to-step1") != second
    assert not click["prev"].is_enabled()  # nothing before step 1
    click["play"].click()
    WebDriverWait(browser, 10, poll_frequency=0.05).until(lambda _: state()[0] == "step 9 of 9")
    assert state()[1] == ["9"] and click["play"].text == "▶ play"  # stopped at the end
    assert "grad 1" in browser.find_element(By.CSS_SELECTOR, ".frame.current").text
