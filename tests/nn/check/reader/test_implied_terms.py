"""``∂J/∂k = -4 \\times 2 = -8`` and ``k_{new} = 1.5 - 0.1 \\cdot (-8) = 2.3`` with no formula of that
shape written: the chain rule's two factors (∂J/∂u, ∂u/∂k, k feeding only u) and an update's numbers
(k before the step, η, ∂J/∂k) are what the numbers stand for (``implied_terms``). Truth in plain Python."""

from __future__ import annotations

import pytest

# u = k t, J = (r - u)^2 at k = 1.5, t = 2, r = 5
K, T, R, ETA = 1.5, 2.0, 5.0, 0.1
U = K * T
DJ_DU = -2 * (R - U)
DU_DK = T
DJ_DK = DJ_DU * DU_DK
K_NEW = K - ETA * DJ_DK

DOC = "\n".join([
    "# One weight, by hand", "",
    f"Take $k = {K}$, $t = {T:g}$ and the target $r = {R:g}$.", "",
    "$$u = k t$$", "$$J = (r - u)^2$$", "",
    f"Forward: $u = {K} \\times {T:g} = {U:g}$ and $J = ({R:g} - {U:g})^2 = {(R - U) ** 2:g}$.", "",
    f"- $\\frac{{\\partial J}}{{\\partial u}} = -2(r - u) = {DJ_DU:g}$",
    f"- $\\frac{{\\partial u}}{{\\partial k}} = t = {DU_DK:g}$",
    "- $\\frac{\\partial J}{\\partial k} = PRODUCT$", "",
    f"With the learning rate $\\eta = {ETA}$:", "",
    "$$k_{new} = UPDATE$$", ""])
CHAIN_LINE, UPDATE_LINE = 12, 16


@pytest.fixture
def weight_rows(check_text):
    """``weight_rows(product, update=...)``: the JSON rows of DOC with this chain-rule product and update."""
    def rows(product: str, update: str = f"{K} - {ETA} \\cdot ({DJ_DK:g}) = {K_NEW:g}") -> list[dict]:
        return check_text(DOC.replace("PRODUCT", product).replace("UPDATE", update)).as_dict()["rows"]
    return rows


def _at(rows: list[dict], line: int) -> dict[str, str]:
    return {str(r["document"]): r["verdict"] for r in rows if r.get("source") == f"line {line}"}


def test_the_chain_rules_factors_are_read_in_either_order(weight_rows):
    assert (DJ_DU, DU_DK, DJ_DK) == (-4.0, 2.0, -8.0)
    for product in (r"-4 \times 2 = -8", r"2 \cdot (-4) = -8"):
        assert _at(weight_rows(product), CHAIN_LINE) == {"-4": "match", "2": "match", "-8": "match"}


def test_a_wrong_local_derivative_in_the_product_is_flagged(weight_rows):
    at = _at(weight_rows(r"-4 \times 3 = -12"), CHAIN_LINE)  # 3 for ∂u/∂k = t = 2
    assert at == {"-4": "match", "3": "mismatch", "-12": "mismatch"}


def test_a_product_whose_numbers_fit_neither_order_is_not_compared(weight_rows):
    rows = weight_rows(r"-5 \times 3 = -15")
    assert set(_at(rows, CHAIN_LINE)) == {"-15"}  # only the left side's value: -5 and 3 say nothing


def test_an_updates_numbers_are_the_weight_before_the_rate_and_the_gradient(weight_rows):
    assert round(K_NEW, 10) == 2.3
    for update in (f"{K} - {ETA} \\cdot ({DJ_DK:g}) = 2.3", f"{K} - ({DJ_DK:g})({ETA}) = 2.3"):
        at = _at(weight_rows(r"-4 \times 2 = -8", update), UPDATE_LINE)
        assert at == {"1.5": "match", "-8": "match", "2.3": "match"}


def test_a_wrong_gradient_in_an_update_is_flagged(weight_rows):
    at = _at(weight_rows(r"-4 \times 2 = -8", f"{K} - {ETA} \\cdot (-6) = 2.1"), UPDATE_LINE)
    assert at == {"1.5": "match", "-6": "mismatch", "2.1": "mismatch"}
