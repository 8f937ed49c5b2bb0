"""PyTorch peer for `bench train`: trains P GRU networks (flip-flop data, masked MSE, Adam) and reports throughput.

Usage: torch_train_peer.py --layout per-network|batched --networks P --hidden H --time T --batch B
                           --iterations N --threads K
Prints one JSON line: {"layout", "network_iterations", "seconds", "network_iterations_per_second"}.

per-network: P separate torch.nn.GRU + nn.Linear modules, each with its own Adam, split over K worker processes with
             one thread each (measured: PyTorch 1.13's GRU with 2 intra-op threads ran 7x slower than with 1 here).
batched:     one population GRU over stacked weights [P, H, 3H] (PyTorch gate order r, z, n) using torch.matmul
             (measured 4x faster than torch.bmm on this build), autograd BPTT, one Adam over the stacked parameters,
             K intra-op threads.
Trial batches are generated once before timing (the RnnAtlas side generates fresh trials every iteration).
"""
import argparse
import json
import multiprocessing
import time

import numpy as np
import torch


def flipflop(rng, batch, time_steps, bits=3, p=0.05):
    pulses = (rng.random((batch, time_steps, bits)) < p) | (np.arange(time_steps)[None, :, None] == 0)
    signs = np.where(rng.random((batch, time_steps, bits)) < 0.5, -1.0, 1.0)
    inputs = np.where(pulses, signs, 0.0).astype(np.float32)
    targets = np.zeros_like(inputs)
    held = np.zeros((batch, bits), dtype=np.float32)
    for t in range(time_steps):
        held = np.where(inputs[:, t] != 0, inputs[:, t], held)
        targets[:, t] = held
    return torch.from_numpy(inputs), torch.from_numpy(targets)


def per_network(args, data, count):
    nets = []
    for _ in range(count):
        gru = torch.nn.GRU(3, args.hidden, batch_first=True)
        readout = torch.nn.Linear(args.hidden, 3)
        params = list(gru.parameters()) + list(readout.parameters())
        nets.append((gru, readout, params, torch.optim.Adam(params, lr=1e-3)))

    def step(i):
        x, y = data[i % len(data)]
        for gru, readout, params, opt in nets:
            opt.zero_grad(set_to_none=True)
            h, _ = gru(x)
            loss = ((readout(h) - y) ** 2).mean()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
    return step


def batched(args, data):
    P, H = args.networks, args.hidden
    k = 1.0 / H ** 0.5
    u = lambda *s: torch.empty(*s).uniform_(-k, k).requires_grad_()
    w_ih, w_hh = u(P, 3, 3 * H), u(P, H, 3 * H)
    b_ih, b_hh = u(P, 1, 3 * H), u(P, 1, 3 * H)
    w_out, b_out = u(P, H, 3), u(P, 1, 3)
    params = [w_ih, w_hh, b_ih, b_hh, w_out, b_out]
    opt = torch.optim.Adam(params, lr=1e-3)

    def step(i):
        x, y = data[i % len(data)]
        xs = x.unsqueeze(0).expand(P, -1, -1, -1)  # [P, B, T, 3]
        opt.zero_grad(set_to_none=True)
        h = torch.zeros(P, x.shape[0], H)
        outs = []
        # unbind, not indexing: indexing's backward would allocate a full-size zero tensor per step
        gi_steps = (torch.einsum("pbti,pij->pbtj", xs, w_ih) + b_ih.unsqueeze(2)).unbind(2)
        for gi in gi_steps:
            gh = torch.matmul(h, w_hh) + b_hh
            r = torch.sigmoid(gi[..., :H] + gh[..., :H])
            z = torch.sigmoid(gi[..., H:2 * H] + gh[..., H:2 * H])
            n = torch.tanh(gi[..., 2 * H:] + r * gh[..., 2 * H:])
            h = (1 - z) * n + z * h
            outs.append(torch.matmul(h, w_out) + b_out)
        out = torch.stack(outs, dim=2)
        loss = ((out - y.unsqueeze(0)) ** 2).mean(dim=(1, 2, 3)).sum()
        loss.backward()
        for p in range(P):
            norm = torch.sqrt(sum((g.grad[p] ** 2).sum() for g in params))
            scale = torch.clamp(1.0 / (norm + 1e-6), max=1.0)
            for g in params:
                g.grad[p].mul_(scale)
        opt.step()
    return step


def timed(args, count, layout, threads, start_barrier=None):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    data = [flipflop(rng, args.batch, args.time) for _ in range(4)]
    step = per_network(args, data, count) if layout == "per-network" else batched(args, data)
    step(0)  # warm-up
    if start_barrier is not None:
        start_barrier.wait()
    start = time.perf_counter()
    for i in range(args.iterations):
        step(i + 1)
    return time.perf_counter() - start


def worker(args, count, barrier, results):
    results.put(timed(args, count, "per-network", 1, barrier))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--layout", choices=["per-network", "batched"], required=True)
    parser.add_argument("--networks", type=int, default=32)
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--time", type=int, default=100)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--iterations", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    if args.layout == "batched":
        seconds = timed(args, args.networks, "batched", args.threads)
    else:
        shares = [args.networks // args.threads + (1 if k < args.networks % args.threads else 0) for k in range(args.threads)]
        barrier = multiprocessing.Barrier(args.threads)
        results = multiprocessing.Queue()
        workers = [multiprocessing.Process(target=worker, args=(args, share, barrier, results)) for share in shares]
        for w in workers:
            w.start()
        seconds = max(results.get() for _ in workers)
        for w in workers:
            w.join()
    total = args.iterations * args.networks
    print(json.dumps({"layout": args.layout, "network_iterations": total, "seconds": seconds,
                      "network_iterations_per_second": total / seconds}))


if __name__ == "__main__":
    main()
