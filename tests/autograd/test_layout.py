"""The mirrored test folders are collected: a test here runs under `make test`."""

import autograd


def test_mirrored_folder_is_collected():
    assert autograd.Value(2.0).data == 2.0
