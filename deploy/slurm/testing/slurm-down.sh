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

# The PID in FILE if it is still the daemon named NAME.
daemon() {
    local pid
    [ -f "$STATE/$1" ] || return 0
    pid="$(tr -dc 0-9 <"$STATE/$1")"
    [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ] && echo "$pid"
}
# TERM to each, then up to 10 s for all of them to end, then KILL (each takes about 2 s on TERM).
stop() {
    local pids=() pid
    while [ $# -gt 0 ]; do pid="$(daemon "$1" "$2")"; [ -z "$pid" ] || pids+=("$pid"); shift 2; done
    [ "${#pids[@]}" -gt 0 ] || return 0
    kill -TERM "${pids[@]}" 2>/dev/null
    for _ in $(seq 1 40); do
        for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && break; pid=""; done
        [ -n "$pid" ] || return 0
        sleep 0.25
    done
    echo "slurm-down: ${pids[*]} ignored TERM; killing them" >&2
    kill -KILL "${pids[@]}" 2>/dev/null
}

if [ -f "$SLURM_CONF" ] && [ -f "$STATE/slurmctld.pid" ]; then
    timeout 10 scancel --full --quiet --user="$(id -un)" 2>/dev/null
    # Let slurmd end the job steps it is signalling (at most 10 s).
    deadline=$((SECONDS + 10))
    while [ "$SECONDS" -lt "$deadline" ]; do
        [ -z "$(timeout 5 squeue -h -t running,completing -o %i 2>/dev/null)" ] && break
        sleep 0.25
    done
fi
stop slurmd.pid slurmd slurmctld.pid slurmctld
stop munged.pid munged
case "$STATE" in /tmp/clvlab-slurm.*) rm -rf "$STATE" ;; *) echo "slurm-down: left $STATE in place" >&2 ;; esac
echo "slurm-down: stopped" >&2
