#!/bin/bash
# Submit a scenario to Slurm as SHARDS array tasks and a merge that runs when all of them succeeded.
# `deploy/slurm/submit.sh --help` for the options.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

usage() {
    cat <<'EOF'
Usage: deploy/slurm/submit.sh [OPTIONS] SCENARIO SHARDS PARTS RESULTS

Submits a job array of SHARDS tasks (clvlab-shards.sbatch: task i runs
`clvlab simulate SCENARIO --shard i/SHARDS --output PARTS`) and a merge job
(clvlab-merge.sbatch: `clvlab merge PARTS --output RESULTS --threads <its CPUs>`)
that starts when every task succeeded. A failed or cancelled task cancels the merge
(--kill-on-invalid-dep=yes: state CANCELLED, reason DependencyNeverSatisfied) instead
of leaving it pending. PARTS and RESULTS must be on a file system all nodes share;
relative paths are relative to the current folder, which is also the jobs' working
folder and where their logs go (clvlab-shard-<array>_<i>.log, clvlab-merge-<job>.log).
Prints "shards <array job id> <tasks>" and "merge <job id>" on stdout.

Options (a quoted string is split at white space; each also has an environment variable):
  --shard-sbatch "OPTS"    sbatch options for every shard task, overriding the defaults
                           of clvlab-shards.sbatch (8 CPUs, 8G, 1 h), e.g.
                           "--cpus-per-task=4 --mem=4G --time=30 --partition=short"
                           [CLVLAB_SHARD_SBATCH]
  --merge-sbatch "OPTS"    sbatch options for the merge, overriding the defaults of
                           clvlab-merge.sbatch (2 CPUs, 16G, 1 h)   [CLVLAB_MERGE_SBATCH]
  --simulate-flags "FLAGS" flags for `clvlab simulate` in every shard, e.g. "--streaming"
                           or "--customers 1000000 --seed 7"      [CLVLAB_SIMULATE_FLAGS]
  --merge-flags "FLAGS"    flags for `clvlab merge`, e.g. "--bootstrap 0 --no-sensitivity"
                           (not --streaming: the merge reads it from the parts)
                                                                  [CLVLAB_MERGE_FLAGS]
  --resume                 PARTS may already hold parts of this run: submit only the
                           shards whose part is missing, then the merge. Without it a
                           non-empty PARTS is refused (old parts would be merged in).
                           Only once the earlier jobs have left the queue: a shard still
                           pending or running has no part yet and would be submitted twice.
  --dry-run                print the sbatch commands instead of submitting them
  -h, --help               this text

The jobs run $CLVLAB if it is set (sbatch passes this shell's environment on to them),
else `clvlab` from PATH. If the array is submitted but the merge is refused (e.g. more
memory than any node has), the array is cancelled again and nothing stays queued.

Examples:
  deploy/slurm/submit.sh scenarios/demo.yaml 16 /shared/parts /shared/results/demo
  deploy/slurm/submit.sh --shard-sbatch "--cpus-per-task=4 --mem=2G" --merge-sbatch "--mem=4G" \
      --simulate-flags --streaming scenarios/demo.yaml 16 /shared/parts /shared/results/demo

Retry after a failed or cancelled shard (the merge was cancelled with it) — the same
command with --resume; it resubmits only the missing shards and the merge:
  deploy/slurm/submit.sh --resume scenarios/demo.yaml 16 /shared/parts /shared/results/demo
which for shard 2 is
  sbatch --array=2 deploy/slurm/clvlab-shards.sbatch scenarios/demo.yaml /shared/parts 16
  sbatch --dependency=afterok:<that job> --kill-on-invalid-dep=yes \
      deploy/slurm/clvlab-merge.sbatch /shared/parts /shared/results/demo
EOF
}

die() { echo "submit.sh: $*" >&2; exit 64; }
words() { local -n into="$1"; set -f; into=($2); set +f; }   # split at white space, no globbing

shard_sbatch="${CLVLAB_SHARD_SBATCH:-}"; merge_sbatch="${CLVLAB_MERGE_SBATCH:-}"
simulate_flags="${CLVLAB_SIMULATE_FLAGS:-}"; merge_flags="${CLVLAB_MERGE_FLAGS:-}"
resume=0; dry=0; positional=()
while [ $# -gt 0 ]; do
    case "$1" in
        -h|--help) usage; exit 0 ;;
        --shard-sbatch|--merge-sbatch|--simulate-flags|--merge-flags)
            [ $# -ge 2 ] || die "$1 needs a value"
            case "$1" in
                --shard-sbatch) shard_sbatch="$2" ;; --merge-sbatch) merge_sbatch="$2" ;;
                --simulate-flags) simulate_flags="$2" ;; --merge-flags) merge_flags="$2" ;;
            esac
            shift 2 ;;
        --shard-sbatch=*) shard_sbatch="${1#*=}"; shift ;;
        --merge-sbatch=*) merge_sbatch="${1#*=}"; shift ;;
        --simulate-flags=*) simulate_flags="${1#*=}"; shift ;;
        --merge-flags=*) merge_flags="${1#*=}"; shift ;;
        --resume) resume=1; shift ;;
        --dry-run) dry=1; shift ;;
        --) shift; positional+=("$@"); break ;;
        -*) die "unknown option $1 (see --help)" ;;
        *) positional+=("$1"); shift ;;
    esac
done
[ "${#positional[@]}" = 4 ] || { usage >&2; exit 64; }
SCENARIO="${positional[0]}"; SHARDS="${positional[1]}"; PARTS="${positional[2]}"; RESULTS="${positional[3]}"
[ -z "${CLVLAB_FLAGS:-}" ] || die "CLVLAB_FLAGS is no longer read: use --simulate-flags for the shards and --merge-flags for the merge"
case "$SHARDS" in ''|*[!0-9]*|0*) die "SHARDS must be a whole number from 1, got '$SHARDS'" ;; esac
[ -f "$SCENARIO" ] || die "$SCENARIO: no such scenario file (paths are relative to the jobs' working folder, this one)"
words shard_args "$shard_sbatch"; words merge_args "$merge_sbatch"
words simulate_args "$simulate_flags"; words merge_flag_args "$merge_flags"
for flag in "${merge_flag_args[@]}"; do
    case "$flag" in --streaming|--customers|--customers=*|--shard|--shard=*|--replications|--replications=*|--seed|--seed=*)
        die "$flag is a flag of the shards (clvlab simulate): give it with --simulate-flags; the merge reads it from the parts" ;;
    esac
done

# Which shards to submit: all of them into an empty PARTS, or (--resume) those without a part.
width=$(( ${#SHARDS} > 4 ? ${#SHARDS} : 4 ))
part() { printf "shard-%0${width}d-of-%0${width}d.clvpart" "$1" "$SHARDS"; }
if [ -d "$PARTS" ] && [ -n "$(ls -A "$PARTS")" ]; then
    [ "$resume" = 1 ] || die "$PARTS is not empty: give a new or empty folder, or --resume to keep its parts and submit only the missing shards"
    for file in "$PARTS"/*.clvpart; do
        [ -e "$file" ] || continue
        name="${file##*/}"
        index="${name#shard-}"; index="${index%%-*}"
        case "$index" in ''|*[!0-9]*) die "$file is not a part of a $SHARDS-shard run" ;; esac
        [ "$name" = "$(part $((10#$index)))" ] && [ $((10#$index)) -le "$SHARDS" ] \
            || die "$file is not a part of a $SHARDS-shard run (expected names like $(part 1)); remove it or use another PARTS"
    done
elif [ -e "$PARTS" ] && [ ! -d "$PARTS" ]; then
    die "$PARTS exists and is not a folder"
fi
tasks=""; start=0; missing=0
for ((i = 1; i <= SHARDS + 1; i++)); do
    if [ "$i" -le "$SHARDS" ] && [ ! -f "$PARTS/$(part "$i")" ]; then
        missing=$((missing + 1)); [ "$start" != 0 ] || start=$i
    elif [ "$start" != 0 ]; then
        end=$((i - 1)); range=$([ "$start" = "$end" ] && echo "$start" || echo "$start-$end")
        tasks="${tasks:+$tasks,}$range"; start=0
    fi
done

shard_command=(sbatch --parsable --array="$tasks" "${shard_args[@]}" "$HERE/clvlab-shards.sbatch" "$SCENARIO" "$PARTS" "$SHARDS" "${simulate_args[@]}")
merge_command=(sbatch --parsable --kill-on-invalid-dep=yes "${merge_args[@]}" "$HERE/clvlab-merge.sbatch" "$PARTS" "$RESULTS" "${merge_flag_args[@]}")
show() {   # a command as it could be typed: words quoted only when they need it
    local out="" word
    for word in "$@"; do
        if [[ "$word" =~ ^[A-Za-z0-9_@%+=:,./-]+$ ]]; then out+="$word "; else out+="$(printf '%q' "$word") "; fi
    done
    echo "${out% }"
}
if [ "$dry" = 1 ]; then
    if [ "$missing" -gt 0 ]; then show "${shard_command[@]}"; merge_command=("${merge_command[@]:0:2}" "--dependency=afterok:ARRAY_JOB_ID" "${merge_command[@]:2}"); fi
    show "${merge_command[@]}"
    exit 0
fi
command -v sbatch >/dev/null || die "sbatch not found: run this on a Slurm login node"
[ -n "${CLVLAB:-}" ] || command -v clvlab >/dev/null || echo "submit.sh: warning: clvlab is not on this PATH and CLVLAB is not set; the jobs will look for clvlab on the nodes' PATH" >&2
mkdir -p "$PARTS"

array=""
if [ "$missing" -gt 0 ]; then
    array="$("${shard_command[@]}")" || { echo "submit.sh: the shard array was refused; nothing submitted" >&2; exit 1; }
    array="${array%%;*}"
    echo "shards $array $tasks"
    merge_command=("${merge_command[@]:0:2}" "--dependency=afterok:$array" "${merge_command[@]:2}")
else
    echo "submit.sh: all $SHARDS parts are in $PARTS; submitting the merge only" >&2
fi
if ! merge="$("${merge_command[@]}")"; then
    if [ -n "$array" ]; then
        scancel "$array" || true
        echo "submit.sh: the merge was refused; cancelled the shard array $array again, nothing stays queued" >&2
    else
        echo "submit.sh: the merge was refused" >&2
    fi
    exit 1
fi
merge="${merge%%;*}"
# A request larger than the partition's nodes is accepted but never starts (reason PartitionConfig,
# …): look once the scheduler has seen the jobs (at most 3 s), and take them back.
first="${array:-$merge}"
for _ in 1 2 3 4 5 6; do
    reason="$(squeue -h -j "$first" -o %r 2>/dev/null | head -n 1 || true)"
    case "$reason" in ''|None) sleep 0.5 ;; *) break ;; esac
done
case "$reason" in
    PartitionConfig|PartitionNodeLimit|PartitionTimeLimit|BadConstraints)
        scancel "$merge" ${array:+"$array"} || true
        echo "submit.sh: job $first can never start ($reason): it asks for more CPUs, memory, nodes or time than the partition's nodes have; cancelled ${array:+$array and }$merge. Ask for less with --shard-sbatch / --merge-sbatch (see --help)" >&2
        exit 1 ;;
esac
echo "merge $merge"
retry=("$0" --resume)
[ -z "$shard_sbatch" ] || retry+=(--shard-sbatch "$shard_sbatch")
[ -z "$merge_sbatch" ] || retry+=(--merge-sbatch "$merge_sbatch")
[ -z "$simulate_flags" ] || retry+=(--simulate-flags "$simulate_flags")
[ -z "$merge_flags" ] || retry+=(--merge-flags "$merge_flags")
cat >&2 <<EOF
submit.sh: ${array:+shards: job array $array (tasks $tasks of $SHARDS), }merge: job $merge -> $RESULTS
  watch:   squeue -j ${array:+$array,}$merge      (a failed shard cancels the merge: DependencyNeverSatisfied)
  retry:   $(show "${retry[@]}" "$SCENARIO" "$SHARDS" "$PARTS" "$RESULTS")
EOF
