"""Load an RnnAtlas network's weights.safetensors into torch.nn.RNN/GRU/LSTM + nn.Linear and compare outputs.

Usage: torch_forward.py WEIGHTS INPUTS.npy EXPECTED.npy
  WEIGHTS       networks/<id>/weights.safetensors (its metadata names the PyTorch module)
  INPUTS.npy    float32 [batch, time, input]
  EXPECTED.npy  float32 [batch, time, output], RnnAtlas's readouts on the same inputs
Prints the largest absolute difference; exits 0 when it is below 1e-5, 1 otherwise.
The safetensors file is parsed with json + numpy (Debian ships no `safetensors` package), following its public spec.
"""
import json
import struct
import sys

import numpy as np
import torch


def load_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    body = data[8 + length:]
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, entry in header.items():
        assert entry["dtype"] == "F32", entry
        start, end = entry["data_offsets"]
        tensors[name] = torch.from_numpy(np.frombuffer(body[start:end], dtype="<f4").reshape(entry["shape"]).copy())
    return tensors, metadata


def main():
    weights, inputs_path, expected_path = sys.argv[1:4]
    tensors, metadata = load_safetensors(weights)
    cell = metadata["rnnatlas.cell"]
    activation = metadata["rnnatlas.activation"]
    n_in = int(metadata["rnnatlas.input_size"])
    hidden = int(metadata["rnnatlas.hidden_size"])
    n_out = int(metadata["rnnatlas.output_size"])
    if cell == "vanilla":
        rnn = torch.nn.RNN(n_in, hidden, nonlinearity=activation, batch_first=True)
    elif cell == "gru" and activation == "tanh":
        rnn = torch.nn.GRU(n_in, hidden, batch_first=True)
    elif cell == "lstm" and activation == "tanh":
        rnn = torch.nn.LSTM(n_in, hidden, batch_first=True)
    else:
        raise SystemExit(f"{cell}/{activation} has no PyTorch module")
    readout = torch.nn.Linear(hidden, n_out)
    rnn.load_state_dict({k: v for k, v in tensors.items() if not k.startswith("readout.")}, strict=True)
    readout.load_state_dict({"weight": tensors["readout.weight"], "bias": tensors["readout.bias"]}, strict=True)
    inputs = torch.from_numpy(np.load(inputs_path))
    expected = np.load(expected_path)
    with torch.no_grad():
        states, _ = rnn(inputs)
        outputs = readout(states).numpy()
    difference = float(np.max(np.abs(outputs - expected)))
    print(f"{cell}/{activation}: max |torch - rnnatlas| = {difference:.3e} over {outputs.size} outputs")
    sys.exit(0 if difference < 1e-5 else 1)


if __name__ == "__main__":
    main()
