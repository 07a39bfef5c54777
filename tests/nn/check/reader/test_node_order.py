"""The inferred graph always loads: nodes in dependency order, the uncomputable ones left out with
why, and names in any script made engine names that stay distinct."""

import math

from nn.check import check_document
from nn.check.reader.inference import engine_name
from nn.check.reader.latex import Sym
from nn.check.reader.node_order import dependency_order


def _known(*names):
    return lambda n: n in names


def test_nodes_written_out_of_order_are_computed_in_dependency_order():
    nodes = {"L": "(y - t) ** 2", "y": "sigmoid(z)", "z": "w * x + b"}
    ordered, left_out = dependency_order(nodes, _known("w", "x", "b", "t", "sigmoid"))
    assert list(ordered) == ["z", "y", "L"]
    assert left_out == {}


def test_a_node_using_an_unknown_name_and_everything_after_it_are_left_out_with_why():
    nodes = {"z": "w * q", "y": "sigmoid(z)", "u": "2 * x"}
    ordered, left_out = dependency_order(nodes, _known("w", "x", "sigmoid"))
    assert list(ordered) == ["u"]
    assert left_out == {"z": "z uses q, which nothing defines", "y": "y uses z, which cannot be computed"}


def test_a_cycle_is_left_out_and_a_self_use_named():
    nodes = {"a": "b + 1", "b": "a * 2", "c": "c + x", "d": "x * 3"}
    ordered, left_out = dependency_order(nodes, _known("x"))
    assert list(ordered) == ["d"]
    assert set(left_out) == {"a", "b", "c"}
    assert left_out["c"] == "c uses itself"


def test_an_exponent_in_a_number_is_no_name():
    ordered, left_out = dependency_order({"y": "2.5e3 * x + 1e-5"}, _known("x"))
    assert list(ordered) == ["y"] and left_out == {}


def test_a_long_chain_written_backwards_is_ordered_without_recursion_and_linearly():
    def chain(n):
        return {f"v{i}": f"v{i + 1} + 1" for i in range(n)} | {f"v{n}": "x"}

    for n in (20_000, 40_000):
        ordered, left_out = dependency_order(chain(n), _known("x"))
        assert list(ordered)[:2] == [f"v{n}", f"v{n - 1}"] and len(ordered) == n + 1 and not left_out


def test_names_in_any_script_become_distinct_engine_names():
    first, second = engine_name(Sym("b", "আম")), engine_name(Sym("b", "ভাল"))
    assert first != second
    assert all(n.isascii() and n.isidentifier() for n in (first, second))
    assert engine_name(Sym("w", "é")) == "w_e"  # an accent is dropped, the letter kept


def test_a_document_with_a_name_in_another_script_is_still_checked(tmp_path):
    z = 0.5 * 0.2 + 0.1
    a = 1 / (1 + math.exp(-z))
    doc = tmp_path / "bengali.md"
    doc.write_text("Inputs: $x = 0.5$, $w = 0.2$, $b_{আম} = 0.1$.\n\n"
                   f"$$z = w x + b_{{আম}} = 0.2 \\cdot 0.5 + 0.1 = {z:.2f}$$\n\n"
                   f"$$a = \\sigma(z) = {a:.4f}$$\n", encoding="utf-8")
    rows = check_document(doc).as_dict()["rows"]
    engine = {r["quantity"]: r["engine"] for r in rows if r["verdict"] == "match"}
    assert math.isclose(engine["z"], z) and math.isclose(engine["a"], a)
    assert not [r for r in rows if r["verdict"] == "mismatch"]

