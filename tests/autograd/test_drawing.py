"""Drawings: golden dot source, real `dot` renders, the stepper page in headless Chromium, the CLI.

Regenerate the golden files with ``STEPGRAD_UPDATE_GOLDEN=1 pytest tests/autograd/test_drawing.py`` and
review the diff before committing it.
"""

import difflib
import html
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest

from autograd import (
    DotNotFoundError,
    DrawingTooLargeError,
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

GOLDEN = Path(__file__).parents[1] / "golden"
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
    """node id -> its fields as "{name | data … | grad …}", for the value boxes (v<topological index>)."""
    found = {}
    for vid, table in re.findall(r"^\s*(v\d+) \[label=<(<table.*?</table>)>", dot_source, re.M):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", table)
        found[vid] = "{" + " | ".join(html.unescape(c) for c in cells) + "}"
    return found


def node_attrs(dot_source: str) -> dict[str, str]:
    """A value's first field (its name) -> the text of its node statement."""
    return {re.search(r"<td>(.*?)</td>", line)[1].split(" (")[0]: line
            for line in re.findall(r"^\s*v\d+ \[label=<.*$", dot_source, re.M)}


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
    assert len(re.findall(r"^\s*v0 -> v1\b", src, re.M)) == 2
    step1 = draw(b, step=1).source
    # b = a·a: each use receives local × grad = 3 × 1, so a.grad is 6 after the step.
    assert len(re.findall(r"v0 -> v1 \[.*dir=back", step1)) == 2
    assert step1.count("a += 3 × 1 = 3") == 2
    assert labels(step1)["v0"] == "{a | data 3 | grad 6}"


def test_before_backward_says_gradients_are_not_computed():
    example, loss = seed000(backward=False)
    src = draw(loss, example.network).source
    assert "gradients not computed yet" in src
    assert not any("grad" in lab for lab in labels(src).values())
    loss.backward()
    src = draw(loss, example.network).source
    assert "gradients not computed yet" not in src
    assert labels(src)["v17"] == "{z_o1 (Σwx+b) | data 0.8473 | grad -0.0105}"


def test_kinds_are_styled_and_params_may_be_plain_values():
    w, x = Value(0.5, "w"), Value(2.0, "x")
    y = (w * x + 1.0).named("y")
    y.backward()
    by_name = node_attrs(draw(y, params=[w]).source)
    assert 'style="rounded"' in by_name["w"] and 'bgcolor="#fef3c7"' in by_name["w"]  # parameter
    assert 'bgcolor="#dbeafe"' in by_name["x"] and 'bgcolor="#dbeafe"' in by_name["c1"]  # input
    assert 'bgcolor="#ffffff"' in by_name["t1"]  # intermediate, auto-named
    assert 'bgcolor="#fee2e2"' in by_name["y"]  # the root
    nodes = node_attrs(draw(y).source)
    assert all('style="rounded"' not in attrs for attrs in nodes.values())  # no params given: none drawn so


def test_unlabelled_nodes_get_the_step_tracers_names():
    a = Value(2.0, "a")
    out = ((a + 1.0) * (a - 3.0)).named("out")
    out.backward()
    src = draw(out).source
    recs = labels(src)
    named = [recs[f"v{i}"].split(" | ")[0][1:].split(" (")[0] for i in range(len(recs))]
    assert named == ["a", "c1", "t1", "c2", "t2", "out"]


def test_a_step_points_its_edges_back_and_writes_the_documents_numbers():
    example, loss = seed000()
    # Step 4 processes a_o1: z_o1 receives σ'·(−0.05) = 0.21 × −0.05, the document's δ_o1.
    step4 = draw(loss, example.network, step=4).source
    assert re.search(r"v17 -> v18 \[.*dir=back", step4) and "z_o1 += 0.21 × -0.05 = -0.0105" in step4
    # Step 5 processes z_o1: dL/dW31 = a_h1·δ, dL/dW41, and what reaches a_h1 and a_h2.
    step5 = draw(loss, example.network, step=5).source
    for source, text in [("v2", "W31 += 0.59 × -0.0105 = -0.006195"),
                         ("v10", "W41 += 0.6 × -0.0105 = -0.0063"),
                         ("v9", "a_h1 += 0.4 × -0.0105 = -0.0042"),
                         ("v15", "a_h2 += 0.45 × -0.0105 = -0.004725")]:
        assert re.search(rf"{source} -> v17 \[.*dir=back", step5) and text in step5, source
    assert len(re.findall(r"dir=back", step5)) == 5  # W31, a_h1, W41, a_h2, B3: only this step's edges
    recs = labels(step5)
    assert recs["v9"] == "{a_h1 (σ) | data 0.59 | grad -0.0042}"
    assert recs["v8"] == "{z_h1 (Σwx+b) | data 0.364 | grad —}"  # not reached yet at step 5


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
        inside = [name.split(" (")[0] for name in re.findall(r"<table[^>]*><tr><td>(.*?)</td>", block)]
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
    notes = " ".join(re.findall(r'balign="left">(.*?)</td>', src))  # the header's lines, wrapped
    assert f"17 neurons drawn as one box each (the graph has {nvalues} values, more than 80)" in notes
    assert len(re.findall(r"^\s*neuron\d+ \[", src, re.M)) == 17
    assert "L1.N1.w1" not in src
    box = re.search(r"neuron0 \[label=<.*?<td>L1.N1</td>.*?<td[^>]*>z (\S+)</td>.*?<td[^>]*>a (\S+)</td>.*?"
                    r"<td[^>]*>grad a (\S+)</td>.*?<td[^>]*>3 parameters</td>", src)
    assert box, src
    a = next(n for n in topological_order(loss) if n.label == "L1.N1.a")
    assert box.groups() == (f"{a.parents[0].data:.4g}", f"{a.data:.4g}", f"{a.grad:.4g}")
    # every value again when asked
    assert "L1.N1.w1" in draw(loss, net, collapse=False).source
    # a step inside a box highlights the box; it still renders through dot
    step = draw(loss, net, step=5)
    assert ET.fromstring(step.pipe(format="svg"))


# ---- rendering through the real dot ------------------------------------------------------------
def four_digits(x: float) -> str:
    """4 significant digits written positionally, the drawings' number format."""
    return format(Decimal(f"{x:.4g}"), "f") if x else "0"


def test_svg_parses_and_shows_every_name_and_value(tmp_path):
    example, loss = seed000()
    path = save_drawing(loss, tmp_path / "g.svg", example.network)
    texts = set(svg_texts(path.read_bytes()))
    for node in topological_order(loss):
        name = node.label or (f"{node.data:g}" if not node.parents else None)
        if name and node.parents:
            assert any(t.startswith(f"{name} (") for t in texts), name  # z_o1 (Σwx+b): its operation
        elif name:
            assert name in texts
        if node.parents or node.label:
            assert f"data {four_digits(node.data)}" in texts, node
        assert f"grad {four_digits(node.grad)}" in texts, node
    for kind in ("input or constant", "parameter", "intermediate", "root: backward starts here"):
        assert kind in texts  # the legend
    assert "processed at this step" not in texts  # no step shown: not in the legend


def test_numbers_are_written_alike_never_half_in_exponent_notation():
    example, loss = seed000()
    recs = labels(draw(loss, example.network).source)
    by_name = {r.split(" | ")[0][1:].split(" (")[0]: r for r in recs.values()}
    # dL/dW11 = x1·δ_h1 = 0.05 × -0.0010159800 and dL/dB1 = δ_h1: the same digits, the same notation
    assert by_name["W11"].endswith("| grad -0.0000508}") and by_name["B1"].endswith("| grad -0.001016}")
    numbers = re.findall(r"(?:data|grad) (\S+?)[}| ]", " ".join(recs.values()))
    assert len(numbers) == 2 * len(recs) and not [n for n in numbers if "e" in n]
    tiny = Value(3e-9, "tiny")
    big = (tiny * 1e16).named("big")
    big.backward()
    assert labels(draw(big).source)["v0"] == "{tiny | data 3e-09 | grad 1e+16}"  # far out: exponent


def test_awkward_labels_survive_the_html_label_syntax():
    odd = Value(1.5, 'w{1}|<b> "q"')
    out = (odd * 2.0).named("out")
    out.backward()
    assert 'w{1}|<b> "q"' in svg_texts(draw(out).pipe(format="svg"))


def test_jupyter_displays_the_drawing_inline():
    _, loss = seed000()
    bundle = draw(loss)._repr_mimebundle_()
    assert "image/svg+xml" in bundle
    svg = bundle["image/svg+xml"]
    assert "z_o1 (Σwx+b)" in svg_texts(svg)
    tag = svg[svg.index("<svg"):svg.index(">", svg.index("<svg"))]
    assert "viewBox" in tag and "pt" not in tag  # scales to the notebook cell


def test_png_dot_and_frames_are_written(tmp_path):
    example, loss = seed000()
    png = save_drawing(loss, tmp_path / "g.png", example.network, step=2)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    dot = save_drawing(loss, tmp_path / "g.dot", example.network)
    assert dot.read_text(encoding="utf-8") == draw(loss, example.network).source
    frames = write_frames(loss, tmp_path / "frames", example.network)
    assert [p.name for p in frames] == [f"step-{k}.svg" for k in range(1, 10)]
    texts = svg_texts(frames[3].read_bytes())
    assert "• z_o1 += 0.21 × -0.05 = -0.0105" in texts and any("backward step 4 of 9" in t for t in texts)
    assert list(tmp_path.glob(".*.tmp")) == []  # no temporary file left behind


def page_data(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="data">(.*?)</script>', page, re.S)[1])


def test_stepper_page_is_self_contained_and_laid_out_once(monkeypatch):
    d = importlib.import_module("autograd.drawing.page")

    runs = []
    real_pipe = d._pipe
    monkeypatch.setattr(d, "_pipe", lambda dot, fmt: runs.append(fmt) or real_pipe(dot, fmt))
    example, loss = seed000()
    page = stepper_html(loss, example.network, start=2)
    assert runs == ["svg"]  # one dot run for the 9 steps, not one per step
    assert page.count("<svg") == 1
    data = page_data(page)
    assert data["start"] == 2 and len(data["steps"]) == 9
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)
    assert "<link" not in page and "@import" not in page
    assert not re.search(r"url\((?!#)", page)  # url(#…) is a marker of the page itself
    step4 = data["steps"][3]
    assert "z_o1 += 0.21 × -0.05 = -0.0105" in step4["caption"]  # the document's δ_o1
    assert step4["node"] == "v18" and step4["edges"] == ["e18_0"]
    assert step4["set"] == {"v17": ["z_o1 (Σwx+b)", "data 0.8473", "grad -0.0105"]}
    assert data["initial"]["v21"] == ["L (×)", "data 0.00125", "grad 1"]
    assert data["initial"]["v17"] == ["z_o1 (Σwx+b)", "data 0.8473", "grad —"]
    # every edge the script highlights is in the one SVG; no label was laid out for it
    for k, step in enumerate(data["steps"], 1):
        for edge in step["edges"]:
            block = re.search(rf'<g id="g_{edge}" class="edge">(.*?)</g>', page, re.S)
            assert block and "+= " not in block[1], (k, edge)
    svg = page[page.index("<svg"):page.index(">", page.index("<svg"))]
    assert "viewBox" in svg and "pt" not in svg  # it scales; the script gives it its size
    legend = re.search(r'<div id="legend">(.*?)</div>', page, re.S)[1]
    assert re.findall(r'class="key"[^>]*>([^<]+)<', legend) == [
        "input or constant", "parameter", "intermediate", "root: backward starts here",
        "processed at this step"]
    assert len(set(re.findall(r'\bid="([^"]+)"', page))) == len(re.findall(r'\bid="', page))  # unique ids


def test_replaying_the_steps_ends_at_backwards_gradients():
    example, loss = seed000()
    data = page_data(stepper_html(loss, example.network, precision=17))
    state = dict(data["initial"])
    for step in data["steps"]:
        state.update(step["set"])
    after = labels(draw(loss, example.network, precision=17).source)
    assert {v: "{" + " | ".join(fields) + "}" for v, fields in state.items()} == after
    assert state["v7"][-1] == "grad -0.0010159800000000012"  # B1: true δ_h1, not the document's


# ---- size guard ------------------------------------------------------------------------------
def chain(n: int) -> Value:
    y = Value(0.5, "x")
    for _ in range(n - 1):
        y = y.tanh()
    y.backward()
    return y


def test_a_graph_too_large_for_dot_is_refused_at_once_with_what_to_do(tmp_path, monkeypatch):
    for module in ("graph", "page", "saving"):
        d = importlib.import_module(f"autograd.drawing.{module}")
        monkeypatch.setattr(d, "_pipe", lambda *a: pytest.fail("dot was started"))
    root = chain(10_000)
    for call in (lambda: draw(root), lambda: stepper_html(root),
                 lambda: save_drawing(root, tmp_path / "c.svg")):
        with pytest.raises(DrawingTooLargeError) as e:
            call()
        message = str(e.value)
        assert "10000 values, " in message and "boxes and edges to lay out" in message
        assert "more than the 10000 graphviz's dot lays out in seconds" in message
        assert "max_elements=None" in message and "trace()" in message
    assert list(tmp_path.iterdir()) == []
    # 10,000 boxes (the operation is written in each), 9,999 edges; a step draws no more
    assert "19999 boxes" in str(pytest.raises(DrawingTooLargeError, draw, root).value)
    assert "19999 boxes" in str(pytest.raises(DrawingTooLargeError, draw, root, step=1).value)
    assert "t1999" in draw(chain(3000), max_elements=None).source  # asked explicitly: drawn
    with pytest.raises(DrawingTooLargeError, match="more than the 50 "):
        draw(chain(30), max_elements=50)


def test_a_big_network_page_is_collapsed_and_laid_out_once(monkeypatch):
    d = importlib.import_module("autograd.drawing.page")

    runs = []
    real_pipe = d._pipe
    monkeypatch.setattr(d, "_pipe", lambda dot, fmt: runs.append(fmt) or real_pipe(dot, fmt))
    net = MLP(2, [64, 64, 1], seed=0)
    loss = half_squared_error(net([0.5, -1.0]), 0.2)
    loss.backward()
    page = stepper_html(loss, net)
    assert runs == ["svg"]
    assert len(page) < 5_000_000  # was 508 MB with one SVG per step
    data = page_data(page)
    assert len(data["steps"]) == len([n for n in topological_order(loss) if n.parents])
    assert "129 neurons drawn as one box each" in page
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert svg.count('class="edge"') > 4000 and "+= " not in svg  # no labels: dot stays fast
    last = data["steps"][-1]
    assert last["node"].startswith("neuron")


# ---- the CLI -----------------------------------------------------------------------------------
def test_cli_graph_writes_each_format(tmp_path, capsys):
    for suffix in ("svg", "png", "dot", "html"):
        out = tmp_path / f"graph.{suffix}"
        assert main(["graph", "-o", str(out), "--step", "3"]) == 0
        assert capsys.readouterr().out.strip() == str(out)
        assert out.stat().st_size > 1000
    assert "• a_o1 += -1 × 0.05 = -0.05" in svg_texts((tmp_path / "graph.svg").read_bytes())  # step 3


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




def test_import_autograd_does_not_load_graphviz():
    code = "import sys, autograd; print('graphviz' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout == "False\n"


# ---- the stepper page in headless Chromium: readable, zoomable, labels clear ---------------------
def open_page(browser, tmp_path, width, height, **kw):
    from selenium.webdriver.common.by import By

    example, loss = seed000()
    page = tmp_path / f"steps-{width}x{height}.html"
    page.write_text(stepper_html(loss, example.network, **kw), encoding="utf-8")
    browser.set_window_size(width, height)
    inner = browser.execute_script("return [window.innerWidth, window.innerHeight]")
    browser.set_window_size(2 * width - inner[0], 2 * height - inner[1])  # the page's own size
    browser.get(page.as_uri())
    assert browser.execute_script("return [window.innerWidth, window.innerHeight]") == [width, height]
    return {b: browser.find_element(By.ID, b) for b in ("prev", "next", "play", "view")}


def page_state(browser):
    return browser.execute_script("""
        return {counter: document.getElementById("counter").textContent,
                step: +document.body.dataset.step, zoom: +document.body.dataset.zoom,
                transform: document.querySelector("#view > svg").style.transform,
                current: [...document.querySelectorAll(".current")].map(e => e.id).sort()}""")


SMALLEST_TEXT = """
    // the rendered size (CSS px) of the smallest text in the graph's boxes
    const sizes = [...document.querySelectorAll("#view > svg .node text")]
        .map(t => t.getScreenCTM().a * parseFloat(t.getAttribute("font-size")));
    return Math.min(...sizes);"""

WHOLE_GRAPH_IN_VIEW = """
    const v = document.getElementById("view").getBoundingClientRect();
    const s = document.querySelector("#view > svg").getBoundingClientRect();
    return s.left >= v.left && s.right <= v.right && s.top >= v.top && s.bottom <= v.bottom;"""

LEGEND_IN_VIEW = """
    const v = document.getElementById("view").getBoundingClientRect();
    const keys = [...document.querySelectorAll("#legend .key")];
    return keys.length > 0 && keys.every(k => { const r = k.getBoundingClientRect();
        return r.left >= v.left && r.right <= v.right && r.top >= v.top && r.bottom <= v.bottom; });"""

HIGHLIGHT_IN_VIEW = """
    const v = document.getElementById("view").getBoundingClientRect();
    const node = document.querySelector("#view > svg .node.current").getBoundingClientRect();
    return node.left >= v.left && node.right <= v.right && node.top >= v.top && node.bottom <= v.bottom;"""

OVERLAPS = """
    // every box against every other box, in SVG units
    const graph = document.querySelector(arguments[0]);
    const boxes = [...graph.querySelectorAll(".node")]
        .map(n => [n.querySelector("text").textContent, n.getBBox()]);
    const hit = (a, b) => Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 0.5 &&
                          Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > 0.5;
    const found = [];
    boxes.forEach(([name, a], i) => boxes.slice(i + 1).forEach(([other, b]) => {
        if (hit(a, b)) found.push(name + " / " + other); }));
    return [boxes.length, found];"""

SCREENSHOTS = os.environ.get("STEPGRAD_SCREENSHOTS")  # a folder to keep the screenshots in


@pytest.mark.browser
@pytest.mark.parametrize("size", [(1366, 768), (800, 600)], ids=["1366x768", "800x600"])
def test_stepper_opens_fitted_readable_with_the_legend_and_follows_the_step(browser, tmp_path, size):
    open_page(browser, tmp_path, *size, start=1)
    shot = Path(SCREENSHOTS or tmp_path) / f"seed000-page-{size[0]}x{size[1]}.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(shot))
    assert browser.execute_script(WHOLE_GRAPH_IN_VIEW), "the reference graph is not all in view"
    assert browser.execute_script(SMALLEST_TEXT) >= 11
    assert browser.execute_script(LEGEND_IN_VIEW)
    assert browser.execute_script("return document.getElementById('overview').hidden")  # all in view
    for _ in range(8):
        browser.find_element("id", "next").click()
        assert browser.execute_script(HIGHLIGHT_IN_VIEW), page_state(browser)
    assert page_state(browser)["step"] == 9


@pytest.mark.browser
def test_a_step_points_back_in_the_page_as_in_the_picture(browser, tmp_path):
    open_page(browser, tmp_path, 1366, 768, start=5)
    edges = browser.execute_script("""
        return [...document.querySelectorAll("#view > svg .edge.current")].map(e => [
            getComputedStyle(e.querySelector("path")).markerStart,
            getComputedStyle(e.querySelector("polygon")).display]);""")
    assert len(edges) == 5 and all(m.startswith("url(") and d == "none" for m, d in edges)
    example, loss = seed000()
    picture = draw(loss, example.network, step=5).source
    assert len(re.findall(r"-> v17 \[.*dir=back", picture)) == 5  # the same five edges, pointing back


@pytest.mark.browser
def test_fit_shows_the_whole_graph_and_the_overview_moves_the_view(browser, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains

    click = open_page(browser, tmp_path, 1366, 768)
    fitted = page_state(browser)["zoom"]
    for _ in range(4):
        browser.find_element("id", "zoomin").click()
    assert not browser.execute_script(WHOLE_GRAPH_IN_VIEW)
    overview = browser.find_element("id", "overview")
    assert overview.is_displayed()  # part of the graph is out of view: the overview shows where
    before = page_state(browser)["transform"]
    ActionChains(browser).move_to_element_with_offset(overview, 60, 20).click().perform()
    assert page_state(browser)["transform"] != before
    browser.find_element("id", "reset").click()
    assert page_state(browser)["zoom"] == pytest.approx(fitted, rel=1e-3)
    assert browser.execute_script(WHOLE_GRAPH_IN_VIEW) and not overview.is_displayed()
    del click


@pytest.mark.browser
def test_stepper_buttons_move_between_steps_in_chromium(browser, tmp_path):
    from selenium.webdriver.support.ui import WebDriverWait

    click = open_page(browser, tmp_path, 1366, 768, interval_ms=200)
    first = page_state(browser)
    assert first["counter"] == "step 1 of 9" and first["current"] == ["g_e21_0", "g_e21_1", "g_v21"]
    assert browser.find_element("id", "caption").text.startswith("step 1: L (×, grad 1)")
    click["next"].click()
    assert page_state(browser)["counter"] == "step 2 of 9"
    assert page_state(browser)["current"] == ["g_e20_0", "g_v20"]  # t2 = t1**2
    click["prev"].click()
    assert page_state(browser)["current"] == first["current"]
    assert not click["prev"].is_enabled()  # nothing before step 1
    click["play"].click()
    WebDriverWait(browser, 10, poll_frequency=0.05).until(lambda _: page_state(browser)["step"] == 9)
    assert click["play"].text == "▶ play"  # stopped at the end
    # after the last step every record shows backward's gradient
    texts = browser.execute_script(
        "return [...document.querySelectorAll('#g_v7 text, #g_v3 text')].map(t => t.textContent)")
    assert texts == ["W11", "data 0", "grad -0.0000508", "B1", "data 0.364", "grad -0.001016"]


@pytest.mark.browser
def test_stepper_zooms_and_pans_by_wheel_drag_keys_and_touch(browser, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.actions.wheel_input import ScrollOrigin

    click = open_page(browser, tmp_path, 1366, 768)
    view = click["view"]
    z0 = page_state(browser)["zoom"]
    ActionChains(browser).scroll_from_origin(ScrollOrigin.from_element(view), 0, -300).perform()
    z1 = page_state(browser)["zoom"]
    assert z1 > z0 * 1.2, (z0, z1)  # wheel up zooms in
    before = page_state(browser)["transform"]
    ActionChains(browser).move_to_element(view).click_and_hold().move_by_offset(120, 60).release().perform()
    moved = page_state(browser)
    assert moved["transform"] != before and moved["zoom"] == z1  # a drag pans, keeps the zoom
    ActionChains(browser).send_keys("-").perform()
    assert page_state(browser)["zoom"] == pytest.approx(z1 * 0.8, rel=1e-3)
    ActionChains(browser).send_keys("+").perform()
    assert page_state(browser)["zoom"] == pytest.approx(z1, rel=1e-3)
    t = page_state(browser)["transform"]
    ActionChains(browser).send_keys("\ue013").perform()  # arrow up pans
    assert page_state(browser)["transform"] != t
    click["next"].click()
    click["next"].click()
    assert page_state(browser)["zoom"] == pytest.approx(z1, rel=1e-3)  # stepping keeps the zoom
    ActionChains(browser).send_keys("0").perform()
    assert page_state(browser)["zoom"] == pytest.approx(z0, rel=1e-3)  # 0 fits: where it opened
    # touch: two fingers move apart (pointer events with pointerType "touch") and the page zooms in
    pinched = browser.execute_script("""
        const view = document.getElementById("view"), r = view.getBoundingClientRect();
        const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
        const fire = (type, id, x) => view.dispatchEvent(new PointerEvent(type, {pointerId: id,
            pointerType: "touch", isPrimary: id === 1, clientX: x, clientY: cy, bubbles: true}));
        fire("pointerdown", 1, cx - 50); fire("pointerdown", 2, cx + 50);
        fire("pointermove", 1, cx - 100); fire("pointermove", 2, cx + 100);
        fire("pointerup", 1, cx - 100); fire("pointerup", 2, cx + 100);
        const after = +document.body.dataset.zoom;
        fire("pointerdown", 3, cx); fire("pointermove", 3, cx + 40); fire("pointerup", 3, cx + 40);
        return [after, document.querySelector("#view > svg").style.transform];""")
    assert pinched[0] == pytest.approx(z0 * 2, rel=1e-3)  # the fingers' distance went 100 -> 200
    assert "translate" in pinched[1]


@pytest.mark.browser
def test_no_box_overlaps_another_in_the_page_or_the_pictures(browser, tmp_path):
    open_page(browser, tmp_path, 1366, 768)
    count, found = browser.execute_script(OVERLAPS, "#view > svg")
    assert count == 22 and found == [], found
    example, loss = seed000()
    for k, path in enumerate(write_frames(loss, tmp_path / "frames", example.network), 1):
        browser.get(path.as_uri())
        count, found = browser.execute_script(OVERLAPS, "svg")
        assert count == 22 and found == [], f"--step {k}: {found}"


@pytest.mark.browser
def test_a_picture_scales_to_its_container_and_reads_at_800_px(browser, tmp_path):
    """The README's picture (step 5 of seed 000) in an 800 px wide page: whole, labels >= 11 px."""
    example, loss = seed000()
    picture = save_drawing(loss, tmp_path / "step5.svg", example.network, step=5, title=example.title)
    page = tmp_path / "readme.html"
    page.write_text(f'<body style="margin:0"><img id="p" src="{picture.name}" style="width:800px"></body>')
    browser.set_window_size(1000, 900)
    browser.get(page.as_uri())
    width, natural = browser.execute_script(
        "const p = document.getElementById('p'); return [p.getBoundingClientRect().width, p.naturalWidth];")
    view_box = [float(x) for x in re.search(r'viewBox="([^"]+)"', picture.read_text())[1].split()]
    assert width == 800 and 11 * 800 / view_box[2] >= 11  # 11 pt text drawn 800 px wide
    assert natural > 0


@pytest.mark.browser
def test_inputs_come_first_in_the_drawing_s_direction(browser, tmp_path):
    example, loss = seed000()
    path = save_drawing(loss, tmp_path / "g.svg", example.network)
    browser.get(path.as_uri())
    boxes = browser.execute_script("""
        const out = {};
        for (const n of document.querySelectorAll(".node")) {
            const b = n.getBBox();
            out[n.querySelector("text").textContent] = [b.x, b.y, b.x + b.width, b.y + b.height];
        }
        return out;""")
    inputs = [boxes.pop("x1"), boxes.pop("x2")]
    rest = list(boxes.values())
    before_x = max(b[2] for b in inputs) < min(b[0] for b in rest)
    before_y = max(b[3] for b in inputs) < min(b[1] for b in rest)
    assert before_x or before_y
