#!/usr/bin/env bash
# Usage: RNNATLAS_CLI=/path/RnnAtlas.Cli.dll submit.sh CONFIG STUDY_DIR SHARDS
# Submits the shard array and a merge job that starts when every shard succeeded; prints the merge job's id.
set -euo pipefail
config=$(realpath "$1")
study=$(realpath -m "$2")
shards=$3
here=$(dirname "$(realpath "$0")")
array=$(sbatch --parsable --export=ALL --array=0-$((shards - 1)) "$here/study-array.sh" "$config" "$study")
sbatch --parsable --export=ALL --dependency=afterok:"$array" "$here/merge.sh" "$study"
