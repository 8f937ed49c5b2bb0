"""Where RnnAtlas's and the reference search's point sets differ, which side's extra points are real: for
`bench fixedpoints-reference`.

Usage: verify_fixed_points.py WEIGHTS CELL ACTIVATION INPUT TRAJECTORIES.npy OURS.npy OURS_INDEX REFERENCE.json
  OURS.npy        float64 [P, S]: RnnAtlas's converged points;  OURS_INDEX  their unstable dimensions, comma-separated
  REFERENCE.json  the points file reference_fixed_points.py wrote

Two points are the same when closer than 1e-3 × the trajectories' spread (the tolerance both searches use). Each point
of one set that the other lacks is evaluated with the reference's own cell code (reference_fixed_points.cell, float64,
nothing shared with RnnAtlas): q = ½‖F(h) − h‖² and the number of eigenvalues of its autograd Jacobian with
|λ| > 1 + 1e-3. Prints one JSON line: {"ours_only": [{"q", "unstable", "reported"}], "reference_only": [...]}.
"""
import argparse
import json

import numpy as np
import torch
from torch.autograd.functional import jacobian

from reference_fixed_points import cell
from torch_fixed_points_peer import load


def main():
    parser = argparse.ArgumentParser()
    for name in ["weights", "cell", "activation", "input", "trajectories", "ours", "ours_index", "reference"]:
        parser.add_argument(name)
    args = parser.parse_args()
    tensors = {k: v.double() for k, v in load(args.weights).items()}
    x = torch.tensor([float(v) for v in args.input.split(",")], dtype=torch.float64)
    step, _ = cell(tensors, args.cell, args.activation, x)
    trajectories = np.load(args.trajectories).astype(np.float64)
    spread = max(np.sqrt(((trajectories - trajectories.mean(0)) ** 2).mean()), 1e-12)
    ours = np.load(args.ours).reshape(-1, trajectories.shape[1])
    ours_index = [int(v) for v in args.ours_index.split(",") if v]
    with open(args.reference) as f:
        records = json.load(f)["points"]
    theirs = np.array([r["state"] for r in records]).reshape(-1, trajectories.shape[1])

    def evaluate(h, reported):
        state = torch.from_numpy(h)
        r = step(state.unsqueeze(0))[0] - state
        j = jacobian(lambda v: step(v.unsqueeze(0))[0], state).numpy()
        unstable = int((np.abs(np.linalg.eigvals(j)) > 1 + 1e-3).sum())
        return {"q": 0.5 * float((r * r).sum()), "unstable": unstable, "reported": reported}

    def missing(points, others):
        return [k for k in range(len(points))
                if len(others) == 0 or np.linalg.norm(others - points[k], axis=1).min() > 1e-3 * spread]

    print(json.dumps({
        "ours_only": [evaluate(ours[k], ours_index[k]) for k in missing(ours, theirs)],
        "reference_only": [evaluate(theirs[k], records[k]["unstable"]) for k in missing(theirs, ours)],
    }))


if __name__ == "__main__":
    main()
