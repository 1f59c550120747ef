#!/bin/bash
# Stops the Slurm of slurm-up.sh: cancels its jobs, then stops slurmd, slurmctld and munged by the
# PIDs they recorded in STATE_DIR (nothing is killed by name), and removes STATE_DIR.
#
#   deploy/slurm/testing/slurm-down.sh STATE_DIR      (or with $CLVLAB_SLURM_STATE set)
set -uo pipefail
STATE="${1:-${CLVLAB_SLURM_STATE:-}}"
[ -n "$STATE" ] || { echo "usage: slurm-down.sh STATE_DIR" >&2; exit 64; }
[ -d "$STATE" ] || { echo "slurm-down: $STATE: no such folder; nothing to stop" >&2; exit 0; }
export SLURM_CONF="$STATE/slurm.conf"

# Stop the PID in FILE if it is still the daemon named NAME: TERM, up to 10 s, then KILL.
stop() {
    local file="$STATE/$1" name="$2" pid
    [ -f "$file" ] || return 0
    pid="$(tr -dc 0-9 <"$file")"
    [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$name" ] || return 0
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.25; done
    echo "slurm-down: $name ($pid) ignored TERM; killing it" >&2
    kill -KILL "$pid" 2>/dev/null
}

if [ -f "$SLURM_CONF" ] && [ -f "$STATE/slurmctld.pid" ]; then
    timeout 10 scancel --full --quiet --user="$(id -un)" 2>/dev/null
    # Let slurmd end the job steps it is signalling (at most 10 s).
    for _ in $(seq 1 40); do
        [ -z "$(timeout 5 squeue -h -t running,completing -o %i 2>/dev/null)" ] && break
        sleep 0.25
    done
fi
stop slurmd.pid slurmd
stop slurmctld.pid slurmctld
stop munged.pid munged
case "$STATE" in /tmp/clvlab-slurm.*) rm -rf "$STATE" ;; *) echo "slurm-down: left $STATE in place" >&2 ;; esac
echo "slurm-down: stopped" >&2
