"""A math segment split into claims and index ranges (nn/check/reader/claims.py)."""

from __future__ import annotations

from nn.check.reader.claims import split_claims


def test_split_claims_separates_claims_and_reads_index_ranges():
    pieces, ranges = split_claims(r"\frac{dL}{dw_{oi}} = a_i \quad \text{for } i=1,2")
    assert [p.strip() for _, p in pieces] == [r"\frac{dL}{dw_{oi}} = a_i"] and ranges == {"i": [1, 2]}
    pieces, ranges = split_claims("X_1=0.05, X_2=0.10")
    assert [p.strip() for _, p in pieces] == ["X_1=0.05", "X_2=0.10"] and ranges == {}
    assert split_claims(" i = 1, 2 ") == ([], {"i": [1, 2]})
    pieces, _ = split_claims("X = [0.05, 0.10]")  # a comma inside brackets separates nothing
    assert len(pieces) == 1
