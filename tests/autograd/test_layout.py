"""Pictures that fit: the layout follows the graph's shape, and every drawing scales to its container."""

import re

import pytest

import autograd
from autograd import Value, draw, save_drawing, stepper_html
from nn.check import bundled_examples, load_example


def test_mirrored_folder_is_collected():
    assert autograd.Value(2.0).data == 2.0


def view_box(svg: str) -> tuple[float, float]:
    tag = svg[svg.index("<svg"):svg.index(">", svg.index("<svg"))]
    assert not re.search(r'\s(width|height)="[^"]*pt"', tag), "a fixed size in points: it would not scale"
    _, _, width, height = (float(x) for x in re.search(r'viewBox="([^"]+)"', tag)[1].split())
    return width, height


def drawings(name: str, tmp_path) -> dict[str, str]:
    """Every drawing of a bundled example: of each output, plain and at step 1, and its page."""
    example = load_example(name)
    found = {}
    for root in example.outputs():
        loss = example.loss()
        out = example.named_nodes(autograd.topological_order(loss)).get(root, loss)
        out.backward()
        for kind, step in (("plain", None), ("step 1", 1)):
            path = save_drawing(out, tmp_path / f"{root}-{kind}.svg", example.network, step=step,
                                title=example.title)
            found[f"{root}, {kind}"] = path.read_text(encoding="utf-8")
        page = stepper_html(out, example.network)
        found[f"{root}, page"] = page[page.index("<svg"):]
    return found


@pytest.mark.parametrize("name", bundled_examples())
def test_no_drawing_of_a_bundled_example_is_wider_than_two_to_one(name, tmp_path):
    ratios = {kind: round(w / h, 2) for kind, svg in drawings(name, tmp_path).items()
              for w, h in [view_box(svg)]}
    assert ratios and all(r <= 2.0 for r in ratios.values()), ratios


def test_the_reference_picture_reads_at_800_px_wide(tmp_path):
    """At 800 px wide (a README column), 11 pt text is >= 11 px when the picture is <= 800 pt wide."""
    example = load_example("seed000")
    loss = example.loss()
    loss.backward()
    for step in (None, 5):
        svg = save_drawing(loss, tmp_path / "s.svg", example.network, step=step, title=example.title)
        width, _ = view_box(svg.read_text(encoding="utf-8"))
        assert 11 * 800 / width >= 11, (step, width)


def test_a_long_chain_is_drawn_downwards():
    x = Value(0.3, "x")
    y = x
    for _ in range(20):
        y = y.tanh()
    y.backward()
    assert "rankdir=TB" in draw(y).source  # left to right it would be 20 boxes wide, one high


def test_the_legend_lists_only_what_the_graph_has():
    a, b = Value(2.0, "a"), Value(-3.0, "b")
    f = (a * b).named("f")
    f.backward()
    plain = draw(f).source
    assert "input or constant" in plain and "root: backward starts here" in plain
    assert ">parameter<" not in plain and "processed at this step" not in plain  # none in this graph
    assert ">parameter<" in draw(f, params=[a]).source
    assert "processed at this step" in draw(f, step=1).source


def test_automatic_names_never_sit_beside_a_user_s_names_of_the_same_form():
    from autograd.naming import node_names

    c, c2 = Value(2.0, "c"), Value(3.0, "c2")
    out = ((c * 4.0 + c2 * 5.0) * 6.0).named("out")
    names = sorted(node_names(out).values())
    assert names == ["c", "c2", "k1", "k2", "k3", "out", "t1", "t2", "t3"]  # not c1, c3, c4 beside c, c2
    t1 = Value(1.0, "t1")
    names = node_names((t1 * 2.0 + 1.0).named("y"))
    assert sorted(names.values()) == ["c1", "c2", "t1", "u1", "y"]
    assert 'k1' in draw(out).source and ">c1 " not in draw(out).source
