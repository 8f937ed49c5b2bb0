"""FixedPointFinder peer for `bench fixedpoints`: the recipe of FixedPointFinderTorch (Golub & Sussillo), PyTorch 1.13.

Usage: torch_fixed_points_peer.py WEIGHTS CELL ACTIVATION STARTS.npy OUT.npy [--iterations 5000] [--threads 2]
  WEIGHTS     weights.safetensors written by RnnAtlas (torch.nn.RNN / GRU / LSTM names + readout.*)
  CELL        vanilla, gru or lstm (the LSTM's state is [h; c], as FixedPointFinderTorch concatenates it)
  ACTIVATION  tanh or relu (relu only for vanilla: PyTorch's GRU and LSTM have no ReLU variant)
  STARTS.npy  float64 [K, S] initial states (the same noisy trajectory samples RnnAtlas starts from)
  OUT.npy     receives float64 [P, S] the unique fixed points found

What FixedPointFinderTorch does with its default hyperparameters, step by step:
  joint optimization of all K states in float32 through the torch.nn module (one step, batch_first), loss = mean over states of
  q = ½‖F(h) − h‖²; torch.optim.Adam at learning rate 0.05 with StepLR (×0.7 every 500 steps); stop once every state has
  q < tol_q = 1e-12 or |Δq| < tol_dq = 1e-20, or after max_iters = 5000 steps; unique points (two points are one when
  every element differs by ≤ tol_unique = 1e-3; the lower q is kept); distance outliers dropped (farther than 10 × the
  mean distance of the initial states from their centroid); Jacobians of all unique points in one batched autograd
  call; numpy eigendecomposition, sorted by |λ|; a point is stable when its largest |λ| < 1, and its index is the number of
eigenvalues with |λ| > 1.
Prints one JSON line: wall time of all of that, iterations, point count, the counts of points by index, the indices
(rows of OUT.npy) of the stable points and their readout sign patterns, and the largest q of the kept points.
"""
import argparse
import json
import struct
import time

import numpy as np
import torch
from torch.autograd.functional import jacobian


def load(path):
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    header.pop("__metadata__", None)
    body = data[8 + length:]
    return {k: torch.from_numpy(np.frombuffer(body[v["data_offsets"][0]:v["data_offsets"][1]], dtype="<f4").reshape(v["shape"]).copy())
            for k, v in header.items()}


def stepper(rnn, cell, hidden):
    """F: [K, S] states -> [K, S] next states at zero input, through the torch.nn module."""
    def step(inputs, x):
        if cell == "lstm":
            _, (h, c) = rnn(inputs, (x[:, :hidden].unsqueeze(0).contiguous(), x[:, hidden:].unsqueeze(0).contiguous()))
            return torch.cat([h.squeeze(0), c.squeeze(0)], dim=1)
        return rnn(inputs, x.unsqueeze(0))[1].squeeze(0)
    return step


def optimize(step, inputs, starts, max_iters, tol_q=1e-12, tol_dq=1e-20):
    x = torch.from_numpy(starts).to(torch.float32).requires_grad_(True)
    optimizer = torch.optim.Adam([x], lr=0.05)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=500, gamma=0.7)
    previous = torch.full((starts.shape[0],), float("nan"))
    iteration = 1
    while True:
        optimizer.zero_grad()
        fx = step(inputs, x)
        q = 0.5 * torch.sum(torch.square(x - fx), axis=1)
        dq = torch.abs(q - previous)
        torch.mean(q).backward()
        optimizer.step()
        scheduler.step()
        q_values, dq_values = q.detach().numpy(), dq.detach().numpy()
        if iteration > 1 and np.all(np.logical_or(dq_values < tol_dq, q_values < tol_q)):
            break
        if iteration + 1 > max_iters:
            break
        previous = q.detach()
        iteration += 1
    return x.detach().numpy().astype(np.float64), q_values.astype(np.float64), iteration


def unique(points, q, tolerance=1e-3):
    kept = []
    for i in np.argsort(q, kind="stable"):
        if not any(np.all(np.abs(points[i] - points[j]) <= tolerance) for j in kept):
            kept.append(i)
    return np.array(kept, dtype=int)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("weights")
    parser.add_argument("cell", choices=["vanilla", "gru", "lstm"])
    parser.add_argument("activation", choices=["tanh", "relu"])
    parser.add_argument("starts")
    parser.add_argument("out")
    parser.add_argument("--iterations", type=int, default=5000)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    tensors = load(args.weights)
    inputs_size, hidden = tensors["weight_ih_l0"].shape[1], tensors["weight_hh_l0"].shape[1]
    rnn = (torch.nn.RNN(inputs_size, hidden, nonlinearity=args.activation, batch_first=True) if args.cell == "vanilla"
           else torch.nn.GRU(inputs_size, hidden, batch_first=True) if args.cell == "gru"
           else torch.nn.LSTM(inputs_size, hidden, batch_first=True))
    rnn.load_state_dict({k: v for k, v in tensors.items() if k.endswith("_l0")})
    for p in rnn.parameters():
        p.requires_grad = False
    w_out, b_out = tensors["readout.weight"].numpy().astype(np.float64), tensors["readout.bias"].numpy().astype(np.float64)
    starts = np.load(args.starts)
    inputs = torch.zeros(starts.shape[0], 1, inputs_size)

    begin = time.perf_counter()
    step = stepper(rnn, args.cell, hidden)
    points, q, iterations = optimize(step, inputs, starts, args.iterations)
    keep = unique(points, q)
    centroid = starts.mean(axis=0)
    scale = np.linalg.norm(starts - centroid, axis=1).mean()
    keep = keep[np.linalg.norm(points[keep] - centroid, axis=1) / scale < 10.0]
    points, q = points[keep], q[keep]
    stable, patterns, by_index = [], [], []
    if len(keep) > 0:
        x = torch.from_numpy(points).to(torch.float32)
        step_inputs = torch.zeros(len(keep), 1, inputs_size)
        jacobians = jacobian(lambda s: torch.sum(step(step_inputs, s), axis=0), x).permute(1, 0, 2).numpy()
        magnitudes = np.abs(np.linalg.eig(jacobians)[0])
        index = np.sum(magnitudes > 1.0, axis=1)
        by_index = [int(np.sum(index == k)) for k in range(int(index.max()) + 1)]
        for k in np.nonzero(index == 0)[0]:
            stable.append(int(k))
            patterns.append("".join("+" if v > 0 else "-" for v in w_out @ points[k][:hidden] + b_out))
    seconds = time.perf_counter() - begin
    np.save(args.out, points)
    print(json.dumps({"seconds": seconds, "iterations": iterations, "points": int(len(keep)), "by_index": by_index, "stable": stable,
                      "patterns": patterns, "max_q": float(q.max()) if len(keep) else None}))


if __name__ == "__main__":
    main()
