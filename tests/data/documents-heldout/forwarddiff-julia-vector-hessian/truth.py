"""Truth for forwarddiff-julia-vector-hessian: the derived numbers of ForwardDiff.jl's "Advanced
Usage Guide".

- chunk counts: an input of length 10000 in chunks of 1, 4 and 10 gives 10000, 2500 and 1000 chunks;
- NaN-safe mode: the derivative part of log(Dual(0.0, 0.0)) is 0.0 (the zero perturbation times the
  infinite derivative); the primal −Inf and the NaN of the unsafe mode are not finite and not records;
- the Hessian of the vector function cumprod(x) = [x1, x1x2, x1x2x3] at x = [1, 2, 3]: printed first
  as the 9×3 Jacobian of the Jacobian (row i + 3(j − 1), column k holds ∂²yᵢ/∂xⱼ∂xₖ, Julia's
  column-major order) and then reshaped to 3×3×3 (slice k, row i, column j holds ∂²yᵢ/∂xⱼ∂xₖ).

The second derivatives are computed from the product rule: ∂²(Πₘ≤ᵢ xₘ)/∂xⱼ∂xₖ is the product of
the other factors when j ≠ k are both ≤ i, and 0 otherwise.
"""

x = [1.0, 2.0, 3.0]


def second(i: int, j: int, k: int) -> float:
    """∂²/∂x_j∂x_k of x_1·…·x_i (1-based indices)."""
    if j == k or j > i or k > i:
        return 0.0
    product = 1.0
    for m in range(1, i + 1):
        if m not in (j, k):
            product *= x[m - 1]
    return product


GIVENS = [(62, "10000", 10000.0), (62, "1", 1.0), (66, "10000", 10000.0), (66, "4", 4.0),
          (70, "10000", 10000.0), (70, "10", 10.0), (184, "1", 1.0), (184, "2", 2.0), (184, "3", 3.0),
          (211, "1", 1.0), (211, "2", 2.0), (211, "3", 3.0)]

RECORDS = [(62, "10000", 10000 / 1, False, None), (66, "2500", 10000 / 4, False, None),
           (70, "1000", 10000 / 10, False, None), (170, "0.0", 0.0, False, None)]

for j in (1, 2, 3):                     # the 9×3 block matrix, rows i + 3(j − 1)
    for i in (1, 2, 3):
        line = 186 + (i - 1) + 3 * (j - 1)
        RECORDS += [(line, f"{int(second(i, j, k))}", second(i, j, k), False, None) for k in (1, 2, 3)]

for k, first_line in ((1, 214), (2, 219), (3, 224)):   # the 3×3×3 slices [:, :, k]
    for i in (1, 2, 3):
        RECORDS += [(first_line + i - 1, f"{int(second(i, j, k))}", second(i, j, k), False, None)
                    for j in (1, 2, 3)]
