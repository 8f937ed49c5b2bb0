"""FixedPointFinder-style peer for `bench fixedpoints` (Golub & Sussillo's recipe, in PyTorch 1.13, float32).

Usage: torch_fixed_points_peer.py WEIGHTS STARTS.npy OUT.npy [--iterations 10000] [--threads 2]
  WEIGHTS     a GRU's weights.safetensors written by RnnAtlas (torch.nn.GRU names + readout.*)
  STARTS.npy  float64 [K, H] initial states (the same noisy trajectory samples RnnAtlas starts from)
  OUT.npy     receives float64 [P, H] the distinct fixed points found
Adam on q = mean-free ½‖F(h) − h‖² per state with FixedPointFinder's defaults: learning rate 1.0, stop when every
q < tol_q = 1e-12 or the largest change of q < tol_dq = 1e-20, at most --iterations steps; then unique points
(tolerance 1e-3), Jacobians by autograd and numpy eigenvalues. Prints one JSON line with the wall time (search +
clean-up + Jacobians + eigenvalues), the point count, the stable count and the stable points' readout sign patterns.
"""
import argparse
import json
import struct
import time

import numpy as np
import torch


def load(path):
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    header.pop("__metadata__", None)
    body = data[8 + length:]
    return {k: torch.from_numpy(np.frombuffer(body[v["data_offsets"][0]:v["data_offsets"][1]], dtype="<f4").reshape(v["shape"]).copy())
            for k, v in header.items()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("weights")
    parser.add_argument("starts")
    parser.add_argument("out")
    parser.add_argument("--iterations", type=int, default=10000)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    tensors = load(args.weights)
    hidden = tensors["weight_hh_l0"].shape[1]
    cell = torch.nn.GRUCell(tensors["weight_ih_l0"].shape[1], hidden)
    cell.load_state_dict({"weight_ih": tensors["weight_ih_l0"], "weight_hh": tensors["weight_hh_l0"],
                          "bias_ih": tensors["bias_ih_l0"], "bias_hh": tensors["bias_hh_l0"]})
    for p in cell.parameters():
        p.requires_grad_(False)
    w_out, b_out = tensors["readout.weight"], tensors["readout.bias"]
    starts = torch.from_numpy(np.load(args.starts).astype(np.float32))
    x = torch.zeros(starts.shape[0], tensors["weight_ih_l0"].shape[1])

    begin = time.perf_counter()
    h = starts.clone().requires_grad_(True)
    optimizer = torch.optim.Adam([h], lr=1.0)
    previous = None
    for _ in range(args.iterations):
        optimizer.zero_grad()
        q = 0.5 * ((cell(x, h) - h) ** 2).sum(dim=1)
        q.sum().backward()
        optimizer.step()
        values = q.detach()
        if values.max() < 1e-12 or (previous is not None and (previous - values).abs().max() < 1e-20):
            break
        previous = values
    points = h.detach()
    with torch.no_grad():
        q = 0.5 * ((cell(x[:points.shape[0]], points) - points) ** 2).sum(dim=1)
    order = torch.argsort(q)
    unique = []
    for i in order.tolist():
        if all(torch.norm(points[i] - points[j]) > 1e-3 for j in unique):
            unique.append(i)
    stable, patterns = 0, []
    for i in unique:
        jacobian = torch.autograd.functional.jacobian(lambda s: cell(x[:1], s.unsqueeze(0)).squeeze(0), points[i])
        if np.max(np.abs(np.linalg.eigvals(jacobian.numpy().astype(np.float64)))) < 1:
            stable += 1
            patterns.append("".join("+" if v > 0 else "-" for v in (w_out @ points[i] + b_out).tolist()))
    seconds = time.perf_counter() - begin
    np.save(args.out, points[unique].numpy().astype(np.float64))
    print(json.dumps({"seconds": seconds, "points": len(unique), "stable": stable, "patterns": sorted(patterns),
                      "max_q": float(q[unique].max()) if unique else None}))


if __name__ == "__main__":
    main()
