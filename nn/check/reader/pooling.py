"""Pooling on a small grid, element by element: ``F.max_pool2d(x, 2)``, ``F.avg_pool2d(x, 2)``.

A lesson on convolutional layers pools a 4×4 feature map with a 2×2 window and prints the 2×2
result. ``pooled(x, kernel, stride, how)`` computes it on ``reader.tensors.Tensor`` as the
array reader computes everything: windows that tile the last two axes (stride = kernel, numpy's
and torch's default, the input divisible by it) are gathered by a reshape and a transpose, and
each window is one ``max`` (the engine's max of two, in a balanced tree) or ``mean`` of its
elements, so the gradient reaches the element each window picked. A window that does not tile
the input (another stride, padding, a remainder torch would drop) is not read: the array reader
lists it with why, never a guess. Linear in the elements.
"""

from __future__ import annotations

from nn.check.reader.tensors import Tensor, TensorError

__all__ = ["pooled", "window"]


def window(size: object) -> tuple[int, int] | None:
    """``2`` or ``(2, 3)``: a pooling window's (height, width), else None."""
    if isinstance(size, bool):
        return None
    if isinstance(size, int):
        return (size, size) if size > 0 else None
    if isinstance(size, (tuple, list)) and len(size) == 2 and all(type(n) is int and n > 0 for n in size):
        return size[0], size[1]
    return None


def pooled(x: Tensor, kernel: tuple[int, int], stride: tuple[int, int], how: str) -> Tensor:
    """Each window of the last two axes combined by ``how`` (``"max"`` or ``"mean"``)."""
    if x.ndim < 2:
        raise TensorError(f"pooling over the last two axes of an array of {x.ndim} dimension(s)")
    *lead, height, width = x.shape
    kh, kw = kernel
    if stride != kernel or height % kh or width % kw:
        raise TensorError(f"a {kh}×{kw} pooling window with stride {stride} that does not tile a "
                          f"{height}×{width} input")
    n = len(lead)
    blocks = x.reshape(*lead, height // kh, kh, width // kw, kw)
    windows = blocks.transpose(*range(n), n, n + 2, n + 1, n + 3).reshape(*lead, height // kh, width // kw,
                                                                          kh * kw)
    return windows.max(-1) if how == "max" else windows.mean(-1)
