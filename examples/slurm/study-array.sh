#!/usr/bin/env bash
# One task of a Slurm job array: trains and analyses its shard of a study's networks on the shared file system.
# Submit with submit.sh (or: sbatch --array=0-(N-1) study-array.sh CONFIG DIR), then merge.sh once every task is done.
#SBATCH --job-name=rnnatlas-shard
#SBATCH --cpus-per-task=2
#SBATCH --output=rnnatlas-shard-%A_%a.log
set -euo pipefail
config=$1
study=$2
cli=${RNNATLAS_CLI:?set RNNATLAS_CLI to the built RnnAtlas.Cli.dll (dotnet build -c Release src/RnnAtlas.Cli)}
dotnet "$cli" study "$config" --out "$study" \
    --shard "${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}" \
    --threads "${SLURM_CPUS_PER_TASK:-1}"
