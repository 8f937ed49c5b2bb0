"""Train small flip-flop RNNs in PyTorch, export them as a researcher would, and record PyTorch's readouts.

Usage: torch_train_export.py OUT_DIR PROBE_INPUTS.npy ITERATIONS HIDDEN
  OUT_DIR             receives, per network NAME: NAME.npz or NAME.safetensors (the state dict, as listed below) and
                      NAME.expected.npy (PyTorch's readouts on the probe inputs, float32 [batch, time, 3])
  PROBE_INPUTS.npy    float32 [batch, time, 3], RnnAtlas's flip-flop probe trials
  ITERATIONS          Adam steps per network (batch 32, 100 steps, lr 0.01), seeded
  HIDDEN              hidden units
Networks: nn.GRU (npz, module prefix 'rnn.'), nn.LSTM (safetensors, prefix 'model.rnn.'), nn.RNN tanh (safetensors,
no prefix: the bare module's state dict plus 'readout.'), nn.RNN relu (npz, prefix 'rnn.', bias=False, readout 'fc.').
The 3-bit flip-flop trials are generated here (pulses with probability 0.05, output = sign of the last pulse), not
read from RnnAtlas: the networks are trained entirely outside it. safetensors is written with json + numpy, following
its public spec (Debian ships no `safetensors` package).
"""
import json
import struct
import sys

import numpy as np
import torch


def flipflop(batch, steps, generator):
    pulses = torch.rand(batch, steps, 3, generator=generator) < 0.05
    pulses[:, 0, :] = True
    signs = torch.randint(0, 2, (batch, steps, 3), generator=generator).float() * 2 - 1
    inputs = torch.where(pulses, signs, torch.zeros(()))
    targets = torch.zeros_like(inputs)
    held = torch.zeros(batch, 3)
    for t in range(steps):
        held = torch.where(pulses[:, t, :], signs[:, t, :], held)
        targets[:, t, :] = held
    return inputs, targets


class Model(torch.nn.Module):
    def __init__(self, rnn, readout_name, hidden):
        super().__init__()
        self.rnn = rnn
        self.readout_name = readout_name
        setattr(self, readout_name, torch.nn.Linear(hidden, 3))

    def forward(self, x):
        states, _ = self.rnn(x)
        return getattr(self, self.readout_name)(states)


def write_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for name, value in tensors.items():
        data = value.detach().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(value.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    encoded = json.dumps(header).encode()
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)) + encoded + b"".join(blobs))


def main():
    out, probe_path, iterations, hidden = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(1)
    probe = torch.from_numpy(np.load(probe_path))
    # (name, module, readout attribute, format, the prefix the recurrent module's tensors get in the exported file)
    networks = [
        ("gru", lambda: torch.nn.GRU(3, hidden, batch_first=True), "readout", "npz", "rnn."),
        ("lstm", lambda: torch.nn.LSTM(3, hidden, batch_first=True), "readout", "safetensors", "model.rnn."),
        ("rnn-tanh", lambda: torch.nn.RNN(3, hidden, nonlinearity="tanh", batch_first=True), "readout", "safetensors", ""),
        ("rnn-relu", lambda: torch.nn.RNN(3, hidden, nonlinearity="relu", bias=False, batch_first=True), "fc", "npz", "rnn."),
    ]
    for index, (name, make, readout, fmt, prefix) in enumerate(networks):
        torch.manual_seed(index)
        generator = torch.Generator().manual_seed(100 + index)
        model = Model(make(), readout, hidden)
        if name == "rnn-relu":
            with torch.no_grad():
                model.rnn.weight_hh_l0.copy_(0.5 * torch.eye(hidden))
        optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
        for _ in range(iterations):
            inputs, targets = flipflop(32, 100, generator)
            loss = torch.mean((model(inputs) - targets) ** 2)
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
        state = {(prefix + k[4:] if k.startswith("rnn.") else k): v for k, v in model.state_dict().items()}
        if fmt == "npz":
            np.savez(f"{out}/{name}.npz", **{k: v.numpy() for k, v in state.items()})
        else:
            write_safetensors(f"{out}/{name}.safetensors", state)
        with torch.no_grad():
            np.save(f"{out}/{name}.expected.npy", model(probe).numpy().astype(np.float32))
        print(f"{name}: final training loss {loss.item():.4f}")


if __name__ == "__main__":
    main()
