#!/usr/bin/env bash
# Reference benchmark: CLVLab against a plain C + GSL program with the same keyed draws and a
# vectorised numpy version, on Tests/Fixtures/perf-1m.yaml (1,000,000 BG/NBD + Gamma-Gamma
# customers × 36 months). See Benchmarks/reference/README.md.
#
# Usage (from the repository root, or anywhere):
#   CLVLAB=.build/release/clvlab Benchmarks/reference/run.sh
# Environment:
#   CLVLAB  clvlab binary (default .build/release/clvlab, relative to the repository root)
#   REPS    runs per configuration, median reported (default 3)
#   CC      C compiler (default cc);  PYTHON  interpreter with numpy (default python3)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# A relative $CLVLAB that exists from the caller's directory is taken from there; otherwise
# (and for the default) it is relative to the repository root.
if [[ -n "${CLVLAB:-}" && "$CLVLAB" != /* && -x "$CLVLAB" ]]; then CLVLAB="$PWD/$CLVLAB"; fi
cd "$ROOT"

CLVLAB="${CLVLAB:-.build/release/clvlab}"
REPS="${REPS:-3}"
CC="${CC:-cc}"
PYTHON="${PYTHON:-python3}"
SCENARIO="Tests/Fixtures/perf-1m.yaml"
CUSTOMERS=1000000
PERIODS=36
BIN="$HERE/bin"
TIME=/usr/bin/time

[[ -x "$CLVLAB" ]] || { echo "error: clvlab not found at $CLVLAB (build it: swift build -c release --product clvlab, or set CLVLAB)" >&2; exit 1; }
[[ -x "$TIME" ]] || { echo "error: $TIME (GNU time) is required" >&2; exit 1; }
"$PYTHON" -c 'import numpy' 2>/dev/null || { echo "error: $PYTHON has no numpy" >&2; exit 1; }
pkg-config --exists gsl || { echo "error: GSL not found (libgsl-dev)" >&2; exit 1; }

# ---- Build the C reference ------------------------------------------------------------------
mkdir -p "$BIN"
# -ffp-contract=off: no fused multiply-adds, so the arithmetic is bit-identical to Swift's.
# shellcheck disable=SC2046
"$CC" -std=gnu11 -O3 -march=native -ffp-contract=off -Wall \
    -I "$ROOT/Sources/CKeyedRandom/include" \
    "$HERE/bgnbd_reference.c" "$ROOT/Sources/CKeyedRandom/keyed_random.c" \
    $(pkg-config --cflags --libs gsl) -lpthread -o "$BIN/bgnbd_reference"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
RESULTS="$WORK/results.tsv"   # name, threads, rep, sim s, wall s, mean gross CLV, CPU s
: > "$RESULTS"

# Run "$@" under GNU time; stdout to $WORK/out, stderr to $WORK/err, wall seconds to $WORK/wall.
timed() {
    "$TIME" -f '%e %U %S' -o "$WORK/time" "$@" > "$WORK/out" 2> "$WORK/err"
    read -r wall user sys < "$WORK/time"
    echo "$wall" > "$WORK/wall"
    awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }' > "$WORK/cpu"
}

json_field() { "$PYTHON" -c 'import json,sys; print(repr(json.load(open(sys.argv[1]))[sys.argv[2]]))' "$WORK/out" "$1"; }

run_c() {
    local threads=$1 rep=$2
    timed "$BIN/bgnbd_reference" --threads "$threads"
    printf 'C + GSL (keyed)\t%s\t%s\t%s\t%s\t%s\t%s\n' "$threads" "$rep" "$(json_field simulation_seconds)" \
        "$(cat "$WORK/wall")" "$(json_field mean_gross_clv)" "$(cat "$WORK/cpu")" >> "$RESULTS"
    cp "$WORK/out" "$WORK/c-$threads.json"
}

run_numpy() {
    local rep=$1
    timed "$PYTHON" "$HERE/bgnbd_reference.py"
    printf 'numpy (PCG64)\t1\t%s\t%s\t%s\t%s\t%s\n' "$rep" "$(json_field simulation_seconds)" \
        "$(cat "$WORK/wall")" "$(json_field mean_gross_clv)" "$(cat "$WORK/cpu")" >> "$RESULTS"
    cp "$WORK/out" "$WORK/numpy.json"
}

run_clvlab() {
    local threads=$1 rep=$2 sim mean
    timed "$CLVLAB" simulate "$SCENARIO" --format json --threads "$threads"
    # "clvlab: simulated 1000000 customers × 1 replications × 1 variants in 0.874344064 seconds"
    sim="$("$PYTHON" - "$WORK/err" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
m = re.search(r"simulated .* in ([0-9.eE+-]+) (seconds|ms|µs)", text)
if not m:
    sys.exit("cannot find the 'simulated … in X seconds' line in clvlab's stderr:\n" + text)
scale = {"seconds": 1.0, "ms": 1e-3, "µs": 1e-6}[m.group(2)]
print(float(m.group(1)) * scale)
EOF
)"
    mean="$("$PYTHON" -c 'import json,sys; print(repr(json.load(open(sys.argv[1]))["variants"][0]["clv"]["gross"]["mean"]))' "$WORK/out")"
    printf 'CLVLab\t%s\t%s\t%s\t%s\t%s\t%s\n' "$threads" "$rep" "$sim" "$(cat "$WORK/wall")" "$mean" "$(cat "$WORK/cpu")" >> "$RESULTS"
    cp "$WORK/out" "$WORK/clvlab-$threads.json"
}

MACHINE="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
# Busy CPU seconds of the whole machine (from /proc/stat) less this script's children's (from
# `times`, which must run in this shell, not a subshell): how much other processes ran.
busy_seconds() { awk -v hz="$(getconf CLK_TCK)" '/^cpu /{print ($2+$3+$4+$7+$8+$9)/hz}' /proc/stat; }
children_seconds() { awk 'NR == 2 { n = split($0, f, /[ms ]+/); t = 0; for (i = 1; i < n; i += 2) t += 60 * f[i] + f[i + 1]; print t }' "$1"; }
date +%s.%N > "$WORK/t0"; busy_seconds > "$WORK/busy0"; times > "$WORK/times0"
echo "machine: $MACHINE; load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# Interleave the implementations so that background load hits them alike.
for rep in $(seq 1 "$REPS"); do
    echo "run $rep/$REPS …" >&2
    run_c 1 "$rep"
    run_c 2 "$rep"
    run_numpy "$rep"
    run_clvlab 1 "$rep"
    run_clvlab 2 "$rep"
done
date +%s.%N > "$WORK/t1"; busy_seconds > "$WORK/busy1"; times > "$WORK/times1"
children_seconds "$WORK/times0" > "$WORK/own0"; children_seconds "$WORK/times1" > "$WORK/own1"

"$PYTHON" - "$RESULTS" "$WORK" "$CUSTOMERS" "$PERIODS" "$MACHINE" <<'EOF'
import json, statistics, sys
from collections import OrderedDict
path, work, n, h, machine = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
num = lambda name: float(open(f"{work}/{name}").read())
runs = OrderedDict()
for line in open(path):
    name, threads, rep, sim, wall, mean, cpu = line.rstrip("\n").split("\t")
    runs.setdefault((name, int(threads)), []).append((float(sim), float(wall), float(mean), float(cpu)))
med = {k: (statistics.median(r[0] for r in v), statistics.median(r[1] for r in v), v[0][2],
           statistics.median(r[3] for r in v)) for k, v in runs.items()}
order = [("C + GSL (keyed)", 1), ("C + GSL (keyed)", 2), ("numpy (PCG64)", 1), ("CLVLab", 1), ("CLVLab", 2)]
reps = len(next(iter(runs.values())))
other = (num("busy1") - num("busy0")) - (num("own1") - num("own0"))
print(f"Machine: {machine}. The benchmark took {num('t1') - num('t0'):.0f} s; other processes used about "
      f"{max(0.0, other):.1f} CPU s meanwhile (the machine's busy time less this script's own).")
print(f"Median of {reps} runs; {n:,} customers × {h} periods = {n * h:,} customer-periods (nominal).")
print("Ratios compare with CLVLab at the same thread count (numpy: CLVLab 1 thread).")
print()
print("| implementation | threads | simulation s | wall s | CPU s (user+sys) | customer-periods/s (simulation) | CLVLab ÷ this (simulation) | CLVLab ÷ this (wall) |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for key in order:
    sim, wall, _, cpu = med[key]
    csim, cwall, _, _ = med[("CLVLab", key[1])]
    print(f"| {key[0]} | {key[1]} | {sim:.3f} | {wall:.2f} | {cpu:.2f} | {n * h / sim / 1e6:.1f} M | {csim / sim:.2f} | {cwall / wall:.2f} |")
print()
c = json.load(open(f"{work}/c-1.json"))
c2 = json.load(open(f"{work}/c-2.json"))
npy = json.load(open(f"{work}/numpy.json"))
clv = json.load(open(f"{work}/clvlab-1.json"))["variants"][0]
clv2 = json.load(open(f"{work}/clvlab-2.json"))["variants"][0]
g = clv["clv"]["gross"]
se_clv = (g["ci95"][1] - g["ci95"][0]) / 2 / 1.959964
rel = abs(c["mean_gross_clv"] - g["mean"]) / abs(g["mean"])
print("Agreement:")
print(f"- mean gross CLV: C {c['mean_gross_clv']!r} (2 threads {c2['mean_gross_clv']!r}), "
      f"CLVLab {g['mean']!r} (2 threads {clv2['clv']['gross']['mean']!r}); relative difference {rel:.1e}")
print(f"- purchases per customer: C {c['total_purchases'] / c['customers']!r}, CLVLab {clv['purchases_per_customer']!r}; "
      f"retained share: C {c['alive_at_horizon'] / c['customers']!r}, CLVLab {clv['retained_share']!r}")
d = npy["mean_gross_clv"] - c["mean_gross_clv"]
se = (npy["mean_gross_clv_se"] ** 2 + se_clv ** 2) ** 0.5
print(f"- numpy {npy['mean_gross_clv']:.4f} (SE {npy['mean_gross_clv_se']:.4f}) vs C {c['mean_gross_clv']:.4f} (SE {se_clv:.4f}): "
      f"difference {d:+.4f}, SE of the difference {se:.4f}, z = {d / se:+.2f}")
ok = rel < 1e-9 and abs(d / se) < 4
if not ok:
    print("AGREEMENT CHECK FAILED", file=sys.stderr)
    sys.exit(1)
EOF
