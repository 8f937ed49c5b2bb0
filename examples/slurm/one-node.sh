#!/usr/bin/env bash
# Runs a real one-node Slurm cluster on localhost (Debian's slurm-wlm + munge; recipe in
# examples/slurm/README.md), submits CONFIG as an array of SHARDS shards plus the merge into STUDY_DIR, waits for the
# merge job, and stops the daemons. Usage: RNNATLAS_CLI=... one-node.sh CONFIG STUDY_DIR SHARDS WORK_DIR
set -euo pipefail
config=$1 study=$2 shards=$3 work=$(realpath -m "$4")
here=$(dirname "$(realpath "$0")")
host=$(hostname -s)
mkdir -p "$work"/{state,spool/slurmd-"$host",log,munge,jobs}
chmod 711 "$work/munge"
pids=()
stop() {
    for pidfile in "$work/slurmd-$host.pid" "$work/slurmctld.pid" "$work/munge/munged.pid"; do
        [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
    done
}
trap stop EXIT
mungekey -c -f -k "$work/munge/munge.key"
munged --force -S "$work/munge/munge.socket" --key-file="$work/munge/munge.key" --log-file="$work/munge/munged.log" \
    --pid-file="$work/munge/munged.pid" --seed-file="$work/munge/munged.seed"
cpus=$(nproc)
memory=$(( $(awk '/MemAvailable/ {print $2}' /proc/meminfo) * 9 / 10 / 1024 ))
cat > "$work/slurm.conf" <<CONF
ClusterName=rnnatlas
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool/slurmd-%n
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd-%n.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd-%n.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
SwitchType=switch/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MailProg=/bin/true
ReturnToService=2
NodeName=$host CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$work/slurm.conf
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 60); do
    [ "$(sinfo -h -n "$host" -o %t 2>/dev/null)" = idle ] && break
    sleep 1
done
cd "$work/jobs"
merge=$("$here/submit.sh" "$config" "$study" "$shards")
echo "submitted: merge job $merge after a $shards-task array"
while [ -n "$(squeue -h -j "$merge" 2>/dev/null)" ]; do
    sleep 2
done
state=$(sacct -n -j "$merge" -o State 2>/dev/null | head -1 | tr -d ' ' || true)
# Without accounting, sacct says nothing: the merge job's log tells whether it finished.
grep -q "merged: open" "$work/jobs"/rnnatlas-merge-*.log || { echo "merge job did not finish ($state)"; cat "$work/jobs"/*.log; exit 1; }
echo "merge job finished"
