#!/usr/bin/env bash
# Runs the exhaustive reference search for every job of `bench fixedpoints-reference STUDY --export DIR`:
#   [PYTHON=/usr/bin/python3] run_reference_jobs.sh DIR [PARALLEL=1] [DEVICE=cpu] [STARTS=8192] [CHUNK=1024]
# (PYTHON: an interpreter with torch and numpy; default python3 on the PATH)
# Each job's JSON line goes to DIR/results/<job>.json; then `bench fixedpoints-reference STUDY --import DIR` compares.
set -euo pipefail
dir=$1 parallel=${2:-1} device=${3:-cpu} starts=${4:-8192} chunk=${5:-1024}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir/results"
while IFS=$'\t' read -r job id cell activation input; do
  echo "$job $id $cell $activation $input"
done < "$dir/jobs.tsv" | xargs -P "$parallel" -L 1 bash -c '
  "${PYTHON:-python3}" "'"$here"'/reference_fixed_points.py" "'"$dir"'/$1/weights.safetensors" "$2" "$3" "'"$dir"'/$1/trajectories.npy" "$4" \
    "'"$dir"'/results/$0.points.json" --starts "'"$starts"'" --threads 1 --device "'"$device"'" --chunk "'"$chunk"'" > "'"$dir"'/results/$0.json"'
