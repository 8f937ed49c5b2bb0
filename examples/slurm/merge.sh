#!/usr/bin/env bash
# After every shard of the array finished: study-wide fixed-point table, topology distances, comparison and report.
#SBATCH --job-name=rnnatlas-merge
#SBATCH --cpus-per-task=2
#SBATCH --output=rnnatlas-merge-%j.log
set -euo pipefail
study=$1
cli=${RNNATLAS_CLI:?set RNNATLAS_CLI to the built RnnAtlas.Cli.dll}
dotnet "$cli" merge "$study" --threads "${SLURM_CPUS_PER_TASK:-1}"
