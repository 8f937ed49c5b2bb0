"""Exhaustive reference fixed-point search for `bench fixedpoints-reference`: independent of RnnAtlas's code.

Usage: reference_fixed_points.py WEIGHTS CELL ACTIVATION TRAJECTORIES.npy INPUT OUT.json [--starts 8192] [--seed 0]
                                 [--threads 2] [--device cpu|cuda] [--chunk 1024]
  WEIGHTS          weights.safetensors (PyTorch state-dict names weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0)
  CELL             vanilla | ugrnn | gru | lstm;  ACTIVATION  tanh | relu
  TRAJECTORIES.npy float64 [N, S] states the network visits on its probe trials (S = H, or 2H for an LSTM: [h; c])
  INPUT            the constant input x*, comma-separated
  OUT.json         receives the points (states, q, eigenvalue magnitudes, unstable dimensions)

Method (nothing shared with RnnAtlas but the equations, which are PyTorch's and docs/ugrnn.md's):
  the cell written out in torch float64; STARTS initial states, each a trajectory sample plus Gaussian noise of
  0, 0.1 or 0.3 × each dimension's standard deviation (a third each); plain Newton on r(h) = F(h) − h with batched
  analytic Jacobians (checked against central differences at 16 noisy starts, off the ReLU kinks, before the search)
  and torch.linalg.solve, each step backtracked (halved up to 30 times) until q = ½‖r‖² falls,
  100 iterations, no clipping and no descent; then again from the midpoints of every pair of distinct points found
  (up to STARTS pairs; saddles lie between the points they join), until a pass finds nothing new (at most 4
  passes). Kept: q ≤ 1e-20, finite, for tanh cells |h| < 1 (no fixed point
  of a tanh cell's h lies on or beyond that face), inside the region RnnAtlas searches (the trajectories' box widened
  by 0.5 × each range, and within 2 × the trajectories' largest distance from their centroid). Distinct: farther
  than 1e-3 × the trajectories' spread (RMS deviation per dimension) from every point kept before (lowest q first).
  Index: eigenvalues of the autograd Jacobian at each point by numpy (LAPACK), unstable when |λ| > 1 + 1e-3.
Prints one JSON line: seconds, starts, counts by index, and the point count.
"""
import argparse
import json
import time

import numpy as np
import torch
from torch.autograd.functional import jacobian

from torch_fixed_points_peer import load


def cell(tensors, kind, activation, x):
    """The step h ↦ F(h) and its Jacobian h ↦ ∂F/∂h (batched), written from the cell equations."""
    phi = torch.tanh if activation == "tanh" else torch.relu

    def phi_prime(a, value):
        return 1 - value * value if activation == "tanh" else (a > 0).to(a.dtype)

    w_ih, w_hh = tensors["weight_ih_l0"], tensors["weight_hh_l0"]
    b_ih, b_hh = tensors["bias_ih_l0"], tensors["bias_hh_l0"]
    hidden = w_hh.shape[1]
    drive_x = w_ih @ x + b_ih
    rows = [w_hh[k * hidden:(k + 1) * hidden] for k in range(w_hh.shape[0] // hidden)]

    def times(scale, w):
        """diag(scale) · w for every row of the batch: [B, H] × [H, H] → [B, H, H]."""
        return scale.unsqueeze(2) * w

    def forward(h):
        """F(h) and a function that computes ∂F/∂h at h (batched [B, S, S], row i = ∂F_i/∂h)."""
        if kind == "vanilla":
            a = drive_x + h @ w_hh.T + b_hh
            value = phi(a)
            return value, lambda: times(phi_prime(a, value), w_hh)
        if kind == "gru":
            gh = h @ w_hh.T + b_hh
            r = torch.sigmoid(drive_x[:hidden] + gh[:, :hidden])
            z = torch.sigmoid(drive_x[hidden:2 * hidden] + gh[:, hidden:2 * hidden])
            a_n = drive_x[2 * hidden:] + r * gh[:, 2 * hidden:]
            n = phi(a_n)

            def jac():
                dr = times(r * (1 - r), rows[0])
                dz = times(z * (1 - z), rows[1])
                dn = times(phi_prime(a_n, n), times(gh[:, 2 * hidden:], dr) + times(r, rows[2]))
                return torch.diag_embed(z) + times(h - n, dz) + times(1 - z, dn)
            return (1 - z) * n + z * h, jac
        if kind == "ugrnn":
            g_all = drive_x + h @ w_hh.T + b_hh
            g = torch.sigmoid(g_all[:, :hidden])
            a_c = g_all[:, hidden:]
            c = phi(a_c)

            def jac():
                return (torch.diag_embed(g) + times((h - c) * g * (1 - g), rows[0])
                        + times((1 - g) * phi_prime(a_c, c), rows[1]))
            return g * h + (1 - g) * c, jac
        hh, cc = h[:, :hidden], h[:, hidden:]
        g_all = drive_x + hh @ w_hh.T + b_hh
        i = torch.sigmoid(g_all[:, :hidden])
        f = torch.sigmoid(g_all[:, hidden:2 * hidden])
        a_g = g_all[:, 2 * hidden:3 * hidden]
        g = phi(a_g)
        o = torch.sigmoid(g_all[:, 3 * hidden:])
        c_next = f * cc + i * g
        squashed = phi(c_next)

        def jac():
            dc_dh = times(cc * f * (1 - f), rows[1]) + times(g * i * (1 - i), rows[0]) \
                + times(i * phi_prime(a_g, g), rows[2])
            through_c = o * phi_prime(c_next, squashed)
            dh_dh = times(squashed * o * (1 - o), rows[3]) + times(through_c, dc_dh)
            top = torch.cat([dh_dh, torch.diag_embed(through_c * f)], dim=2)
            bottom = torch.cat([dc_dh, torch.diag_embed(f)], dim=2)
            return torch.cat([top, bottom], dim=1)
        return torch.cat([o * squashed, c_next], dim=1), jac

    return lambda h: forward(h)[0], lambda h: forward(h)[1]()


def jacobians(step, h, epsilon=1e-6):
    """Central differences, all columns at once: J[b, :, j] = (F(h + εe_j) − F(h − εe_j)) / 2ε."""
    batch, size = h.shape
    offsets = epsilon * torch.eye(size, dtype=h.dtype, device=h.device)
    plus = step((h.unsqueeze(1) + offsets).reshape(-1, size)).reshape(batch, size, size)
    minus = step((h.unsqueeze(1) - offsets).reshape(-1, size)).reshape(batch, size, size)
    return ((plus - minus) / (2 * epsilon)).transpose(1, 2)


def newton(step, jacobian_of, h, iterations=100):
    """Newton on r(h) = F(h) − h for a batch; each row stops once q ≤ 1e-28 or no backtracked step lowers q."""
    eye = torch.eye(h.shape[1], dtype=h.dtype, device=h.device)
    r = step(h) - h
    q = 0.5 * (r * r).sum(1)
    active = torch.isfinite(q) & (q > 1e-28)
    for _ in range(iterations):
        rows = active.nonzero().squeeze(1)
        if len(rows) == 0:
            break
        ha, ra, qa = h[rows], r[rows], q[rows]
        a = jacobian_of(ha) - eye
        delta, info = torch.linalg.solve_ex(a, -ra)
        failed = (info != 0) | ~torch.isfinite(delta).all(1)
        descent = -(a.transpose(1, 2) @ ra.unsqueeze(2)).squeeze(2)
        delta = torch.where(failed.unsqueeze(1), descent, delta)
        scale = torch.ones_like(qa)
        moved = torch.zeros_like(qa, dtype=torch.bool)
        for _ in range(30):
            trial = ha + scale.unsqueeze(1) * delta
            r_trial = step(trial) - trial
            q_trial = 0.5 * (r_trial * r_trial).sum(1)
            better = (q_trial < qa) & ~moved
            ha = torch.where(better.unsqueeze(1), trial, ha)
            ra = torch.where(better.unsqueeze(1), r_trial, ra)
            qa = torch.where(better, q_trial, qa)
            moved = moved | better
            if bool(moved.all()):
                break
            scale = torch.where(moved, scale, scale / 2)
        h[rows], r[rows], q[rows] = ha, ra, qa
        active[rows] = moved & (qa > 1e-28)
    return h, q


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("weights")
    parser.add_argument("cell")
    parser.add_argument("activation")
    parser.add_argument("trajectories")
    parser.add_argument("input")
    parser.add_argument("out")
    parser.add_argument("--starts", type=int, default=8192)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--chunk", type=int, default=1024, help="starts per batched Newton solve (larger on a GPU)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    tensors = {k: v.double().to(device) for k, v in load(args.weights).items()}
    x = torch.tensor([float(v) for v in args.input.split(",")], dtype=torch.float64, device=device)
    step, jacobian_of = cell(tensors, args.cell, args.activation, x)
    trajectories = np.load(args.trajectories).astype(np.float64)
    hidden = tensors["weight_hh_l0"].shape[1]

    clock = time.perf_counter()
    rng = np.random.default_rng(args.seed)
    std = trajectories.std(0)
    picks = trajectories[rng.integers(0, len(trajectories), args.starts)]
    noise = np.repeat([0.0, 0.1, 0.3], -(-args.starts // 3))[:args.starts, None]
    starts = torch.from_numpy(picks + noise * std * rng.standard_normal(picks.shape)).to(device)
    # Off the ReLU kinks: a unit that never leaves 0 on the trials gets no noise, and central differences straddle its
    # kink; a draw that lands within ε of a kink by chance is drawn again (a wrong formula fails every draw).
    errors = []
    for _ in range(3):
        check = starts[-16:] + 1e-3 * torch.from_numpy(rng.standard_normal((16, starts.shape[1]))).to(device)
        errors.append((jacobian_of(check) - jacobians(step, check)).abs().max().item())
        if errors[-1] < 1e-6:
            break
    else:
        raise SystemExit(f"the analytic Jacobian differs from central differences by {min(errors):g} (best of 3 draws)")
    centroid = trajectories.mean(0)
    lower, upper = trajectories.min(0), trajectories.max(0)
    spread = max(np.sqrt(((trajectories - centroid) ** 2).mean()), 1e-12)
    span = np.maximum(upper - lower, spread)
    radius = np.sqrt(((trajectories - centroid) ** 2).sum(1)).max()

    def solve(starts):
        h, q = [], []
        for chunk in torch.split(starts, args.chunk):
            hc, qc = newton(step, jacobian_of, chunk.clone())
            h.append(hc)
            q.append(qc)
        h, q = torch.cat(h).cpu().numpy(), torch.cat(q).cpu().numpy()
        keep = np.isfinite(q) & (q <= 1e-20)
        keep &= np.all(h >= lower - 0.5 * span, axis=1) & np.all(h <= upper + 0.5 * span, axis=1)
        keep &= np.sqrt(((h - centroid) ** 2).sum(1)) <= 2 * max(radius, spread)
        if args.activation == "tanh":
            keep &= np.all(np.abs(h[:, :hidden]) < 1, axis=1)
        return h[keep], q[keep]

    found_h, found_q = np.zeros((0, trajectories.shape[1])), np.zeros(0)
    passes = 0
    while len(starts) > 0 and passes < 4:
        h, q = solve(starts)
        h, q = np.concatenate([found_h, h]), np.concatenate([found_q, q])
        points = []
        for k in np.argsort(q, kind="stable"):
            if all(np.linalg.norm(h[k] - h[j]) > 1e-3 * spread for j in points):
                points.append(k)
        new = len(points) - len(found_h)
        found_h, found_q = h[points], q[points]
        passes += 1
        if new == 0:
            break
        pairs = [(i, j) for i in range(len(found_h)) for j in range(i + 1, len(found_h))]
        starts = torch.from_numpy(np.array([(found_h[i] + found_h[j]) / 2 for i, j in pairs[:args.starts]])).to(device)
    h, q, points = found_h, found_q, range(len(found_h))
    records = []
    for k in points:
        j = jacobian(lambda v: step(v.unsqueeze(0))[0], torch.from_numpy(h[k]).to(device)).cpu().numpy()
        magnitudes = np.sort(np.abs(np.linalg.eigvals(j)))[::-1]
        records.append({"state": h[k].tolist(), "q": float(q[k]), "unstable": int((magnitudes > 1 + 1e-3).sum()),
                        "largest": float(magnitudes[0])})
    seconds = time.perf_counter() - clock
    counts = {}
    for r in records:
        counts[r["unstable"]] = counts.get(r["unstable"], 0) + 1
    with open(args.out, "w") as f:
        json.dump({"points": records}, f)
    print(json.dumps({"seconds": seconds, "starts": args.starts, "points": len(records),
                      "by_index": [counts.get(i, 0) for i in range(max(counts, default=-1) + 1)]}))


if __name__ == "__main__":
    main()
