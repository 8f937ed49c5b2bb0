"""Per-pair DSA peer for `bench dsa`: the similarity-transform distance of mitchellostrow/DSA (commit 8cbddcf,
DSA/simdist.py, `SimilarityTransformDist(iters=1500, lr=5e-3, score_method='angular')`, the DSA class's defaults), as
re-implemented line by line by make_dsa_refs.py's `replica_run` (tests/RnnAtlas.Tests/Reference/dsa/, whose float32
replica reproduces upstream's loss sequence bit for bit): Adam on C = Cayley(Skew(C0)), Skew(X) = Y − Yᵀ with
Y = L3(tanh(L2(tanh(L1(X))))), once on (A, B) and once on (A, P B Pᵀ), the better kept; float32 on the CPU, one
thread. Reads operators [count, r, r] from an .npy file and a pair list "i,j;i,j;...", times every pair and prints
one JSON line."""
import json
import sys
import time

import numpy as np
import torch


def run(A, B, iters, lr, reflected):
    n = A.shape[0]
    A_t = torch.from_numpy(np.ascontiguousarray(A)).float()
    B_t = torch.from_numpy(np.ascontiguousarray(B)).float()
    A_t = A_t / torch.linalg.norm(A_t)
    B_t = B_t / torch.linalg.norm(B_t)
    if reflected:
        P = torch.eye(n)
        P[[0, 1], :] = P[[1, 0], :]
        B_t = P @ B_t @ P.T
    C0 = torch.eye(n).requires_grad_(True)
    Ws = [torch.nn.Linear(n, n, bias=False).weight.detach().clone().requires_grad_(True) for _ in range(3)]
    opt = torch.optim.Adam([C0] + Ws, lr=lr)
    I = torch.eye(n)

    def C_of():
        X = torch.tanh(C0 @ Ws[0].T)
        X = torch.tanh(X @ Ws[1].T)
        X = X @ Ws[2].T
        Sk = X - X.transpose(-1, -2)
        return torch.linalg.solve(I + Sk, I - Sk)

    loss = None
    for _ in range(iters):
        opt.zero_grad()
        loss = torch.sum((A_t - C_of() @ B_t @ C_of().transpose(-1, -2)) ** 2)
        loss.backward()
        opt.step()
    C = C_of().detach()
    if reflected:
        C = C @ P
    return loss.item(), C


def angular(A, B, C):
    A_t = torch.from_numpy(A).float()
    B_t = torch.from_numpy(B).float()
    A_t = A_t / torch.linalg.norm(A_t)
    B_t = B_t / torch.linalg.norm(B_t)
    ratio = torch.trace(A_t.T @ C @ B_t @ C.T).item()
    return float(np.arccos(np.clip(ratio, -1.0, 1.0)))


def main():
    torch.set_num_threads(1)
    operators = np.load(sys.argv[1])
    pairs = [tuple(int(v) for v in p.split(",")) for p in sys.argv[2].split(";")]
    torch.manual_seed(0)
    times, values = [], []
    for i, j in pairs:
        start = time.perf_counter()
        plain_loss, plain_C = run(operators[i], operators[j], 1500, 5e-3, False)
        reflected_loss, reflected_C = run(operators[i], operators[j], 1500, 5e-3, True)
        C = reflected_C if reflected_loss < plain_loss else plain_C
        values.append(angular(operators[i], operators[j], C))
        times.append(time.perf_counter() - start)
    print(json.dumps({"seconds_per_pair_median": float(np.median(times)), "pairs": len(times), "angles": values,
                      "torch": torch.__version__}))


if __name__ == "__main__":
    main()
