"""Peer of `bench lu`: LAPACK's dgetrf through scipy.linalg.lu_factor (OpenBLAS when the caller provides it), on one
thread, for random n x n float64 matrices; prints one JSON line {"microseconds": {n: median}}.

Usage: lu_peer.py N[,N...] [--batches 5]
Each size: one untimed call, then `batches` batches of `reps` factorizations (reps ~ 2e8 / n^3, at least 5), the median
batch divided by reps.
"""
import argparse
import json
import time

import numpy as np
import scipy.linalg


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes")
    parser.add_argument("--batches", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    result = {}
    for n in (int(s) for s in args.sizes.split(",")):
        a = rng.standard_normal((n, n))
        reps = max(5, int(2e8 / n**3))
        scipy.linalg.lu_factor(a, check_finite=False)
        batches = []
        for _ in range(args.batches):
            start = time.perf_counter()
            for _ in range(reps):
                scipy.linalg.lu_factor(a, check_finite=False)
            batches.append((time.perf_counter() - start) / reps)
        result[str(n)] = float(np.median(batches)) * 1e6
    print(json.dumps({"microseconds": result}))


if __name__ == "__main__":
    main()
