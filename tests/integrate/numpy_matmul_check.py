"""float32 matmuls of transformer shapes, written as .npy results for comparison.

Run by tv_numpy_preload_test twice, with and without LD_PRELOAD of
libtilevolve_blas.so:  numpy_matmul_check.py OUT_DIR
Shapes (m x k) @ (k x n): decode (m = 1, numpy calls cblas_sgemv), small
batches and prefill (cblas_sgemm), plus a transposed operand.
"""
import os
import sys

import numpy as np

SHAPES = [(1, 576, 576), (4, 576, 1536), (16, 1536, 576), (64, 576, 1536), (256, 576, 576), (256, 576, 192)]


def main():
    out = sys.argv[1]
    rng = np.random.default_rng(1234)
    for m, k, n in SHAPES:
        a = rng.standard_normal((m, k), dtype=np.float32)
        b = rng.standard_normal((k, n), dtype=np.float32)
        np.save(os.path.join(out, f"mm_{m}x{k}x{n}.npy"), a @ b)
    a = rng.standard_normal((128, 96), dtype=np.float32)
    b = rng.standard_normal((80, 96), dtype=np.float32)
    np.save(os.path.join(out, "mm_bt.npy"), a @ b.T)
    x = rng.standard_normal(576, dtype=np.float32)
    w = rng.standard_normal((1536, 576), dtype=np.float32)
    np.save(os.path.join(out, "mv.npy"), w @ x)


if __name__ == "__main__":
    main()
