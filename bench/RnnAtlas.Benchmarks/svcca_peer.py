"""Per-pair SVCCA peer for `bench similarity`: the svcca tutorial recipe in numpy, done from scratch for every pair
(centre, SVD, keep the components explaining 99% of the variance (at most 20), then CCA by QR + SVD), as a user
without per-network preparation would run it. Times the given pairs and prints one JSON line."""
import json
import sys
import time

import numpy as np


def reduce(acts):
    centred = acts - acts.mean(axis=0, keepdims=True)
    u, s, _ = np.linalg.svd(centred, full_matrices=False)
    ratio = np.cumsum(s ** 2) / np.sum(s ** 2)
    k = min(int(np.searchsorted(ratio, 0.99) + 1), 20)
    return u[:, :k] * s[:k]


def svcca(x, y):
    a, b = reduce(x), reduce(y)
    qa, _ = np.linalg.qr(a - a.mean(axis=0))
    qb, _ = np.linalg.qr(b - b.mean(axis=0))
    return float(np.mean(np.clip(np.linalg.svd(qa.T @ qb, compute_uv=False), 0, 1)))


def main():
    files = sys.argv[1:]
    acts = [np.load(f) for f in files]
    times, values = [], []
    for i in range(len(acts)):
        for j in range(i + 1, len(acts)):
            start = time.perf_counter()
            values.append(svcca(acts[i], acts[j]))
            times.append(time.perf_counter() - start)
    print(json.dumps({"seconds_per_pair_median": float(np.median(times)), "pairs": len(times), "similarities": values,
                      "numpy": np.__version__}))


if __name__ == "__main__":
    main()
