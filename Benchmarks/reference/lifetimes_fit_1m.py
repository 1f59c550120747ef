"""BG/NBD fit on a 1,000,000-customer RFM summary: lifetimes against `clvlab fit`.

The question (from the issue): is CLVLab's BG/NBD fit at least 10x faster than lifetimes' on the
same summary, with the same estimates to 4 significant digits?

What it does:
1. Generates a 1M-customer BG/NBD summary with a fixed seed (numpy PCG64): a CDNOW-like cohort
   with the published CDNOW parameters r 0.243, alpha 4.414, a 0.793, b 2.426 (weeks), customers
   acquired uniformly over the first 12 weeks and observed to week 39, recorded at day
   resolution (times are whole days / 7 and same-day purchases count once) as a summary built
   from a real log is. It writes it as `frequency,recency,T` (every float with 17 significant
   digits, so both programs read bit-identical numbers), the ready-summary input of
   `clvlab fit --summary FILE`.
2. Times `BetaGeoFitter(penalizer_coef=0.0).fit(frequency, recency, T)` (lifetimes' default
   call: one likelihood term per customer) REPS times, and once more with lifetimes' own
   `weights=` option on the summary grouped by identical (x, t_x, T) (grouping time included),
   which is what CLVLab does internally.
3. Times `clvlab fit --summary FILE --model bgnbd --format json` REPS times. clvlab does not
   report the fit time on its own, so this is the WHOLE command: process start-up, reading and
   parsing the 1M-line CSV, grouping, the fit and its standard errors, JSON output. Interleaved
   with it, the same command with `--model gamma_gamma`, which reads the whole summary and then
   stops (no monetary column): start-up + read. The difference of the medians estimates the
   grouping + fit + output part.
4. Prints a Markdown report (or JSON with --json): times (median and all runs), the ratio,
   each parameter to 4 significant digits with the relative difference, and the log-likelihood
   of both fits evaluated by the same formula in original units (lifetimes' own objective is a
   per-customer mean in rescaled time; it is converted and shown too).

Environment: lifetimes 0.11.3 needs numpy < 2, pandas < 2.2, scipy < 1.13 (it breaks on newer
ones). In a virtualenv:

    python3 -m venv /tmp/lt && /tmp/lt/bin/pip install 'numpy<2' 'pandas<2.2' 'scipy<1.13' lifetimes
    /tmp/lt/bin/python Benchmarks/reference/lifetimes_fit_1m.py --clvlab .build-pb/release/clvlab

Options: --customers N (default 1,000,000), --reps K (default 3), --seed S, --summary PATH (keep
the generated summary there instead of a temporary file), --json.
Exit status: 0 when both fits ran (whatever the verdict), 2 when lifetimes cannot be imported.
"""
import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

TRUE = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
NAMES = ["r", "alpha", "a", "b"]


def generate(n, seed, r, alpha, a, b):
    """A CDNOW-like BG/NBD cohort at day resolution (vectorised over customers)."""
    rng = np.random.Generator(np.random.PCG64(seed))
    lam = rng.gamma(r, 1.0 / alpha, n)                      # purchases per week while alive
    p = rng.beta(a, b, n)                                    # dropout probability after a purchase
    days = 273 - (rng.random(n) * 84).astype(np.int64)       # observed days since the first purchase
    T = days / 7.0
    x = np.zeros(n, dtype=np.int64)
    last_day = np.zeros(n, dtype=np.int64)
    t = np.zeros(n)
    active = np.ones(n, dtype=bool)
    idx = np.arange(n)
    while idx.size:
        t[idx] += rng.exponential(1.0, idx.size) / lam[idx]
        inside = t[idx] <= T[idx]
        idx = idx[inside]
        day = (t[idx] * 7).astype(np.int64)
        new = day > last_day[idx]                            # same-day purchases count once
        x[idx[new]] += 1
        last_day[idx[new]] = day[new]
        stays = rng.random(idx.size) >= p[idx]
        idx = idx[stays]
    return x, last_day / 7.0, T


def bgnbd_log_likelihood(params, x, tx, T, w=None):
    """Sum of ln L (Fader, Hardie & Lee 2005, eq. 6) in the data's own time units."""
    from scipy.special import gammaln
    r, alpha, a, b = params
    w = np.ones_like(tx) if w is None else w
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + T)
    a4 = np.where(x > 0, np.log(a) - np.log(b + np.maximum(x, 1) - 1) - (r + x) * np.log(alpha + tx), -np.inf)
    m = np.maximum(a3, a4)
    return float(np.sum(w * (a1 + a2 + m + np.log(np.exp(a3 - m) + np.exp(a4 - m)))))


def sig4(v):
    return f"{v:.4g}" if abs(v) < 1e4 else f"{v:.4e}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clvlab", default=os.environ.get("CLVLAB", ".build-pb/release/clvlab"))
    ap.add_argument("--customers", type=int, default=1_000_000)
    ap.add_argument("--reps", type=int, default=int(os.environ.get("REPS", "3")))
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--summary", help="write the summary here (kept) instead of a temporary file")
    ap.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    args = ap.parse_args()

    try:
        import pandas as pd
        import lifetimes
        from lifetimes import BetaGeoFitter
    except Exception as e:  # ImportError, or lifetimes failing against too-new numpy/scipy/pandas
        print(f"lifetimes cannot be imported ({type(e).__name__}: {e}); skipped. "
              "Set it up with: python3 -m venv /tmp/lt && /tmp/lt/bin/pip install 'numpy<2' 'pandas<2.2' 'scipy<1.13' lifetimes",
              file=sys.stderr)
        return 2
    if not os.access(args.clvlab, os.X_OK):
        print(f"error: clvlab not found at {args.clvlab} (swift build -c release --scratch-path .build-pb --product clvlab)", file=sys.stderr)
        return 1

    log = lambda m: print(m, file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    x, tx, T = generate(args.customers, args.seed, **TRUE)
    log(f"generated {args.customers:,} customers in {time.perf_counter() - t0:.1f} s "
        f"(mean x {x.mean():.3f}, share with x = 0 {np.mean(x == 0):.3f})")

    tmp = None
    path = args.summary
    if path is None:
        tmp = tempfile.TemporaryDirectory(prefix="clvlab-lifetimes-")
        path = os.path.join(tmp.name, "summary.csv")
    with open(path, "w") as f:
        f.write("frequency,recency,T\n")
        for xi, ti, Ti in zip(x.tolist(), tx.tolist(), T.tolist()):
            f.write(f"{xi},{ti!r},{Ti!r}\n")          # repr: shortest round-tripping decimal
    # What both programs fit: the values read back from the file.
    df = pd.read_csv(path, float_precision="round_trip")
    assert np.array_equal(df["recency"].to_numpy(), tx) and np.array_equal(df["T"].to_numpy(), T)
    groups = df.groupby(["frequency", "recency", "T"]).size()
    log(f"wrote {path} ({os.path.getsize(path) / 1e6:.1f} MB, {len(groups):,} distinct (x, t_x, T))")

    # lifetimes, default call.
    lt_times, bgf = [], None
    for k in range(args.reps):
        bgf = BetaGeoFitter(penalizer_coef=0.0)
        s = time.perf_counter()
        bgf.fit(df["frequency"], df["recency"], df["T"])
        lt_times.append(time.perf_counter() - s)
        log(f"lifetimes fit {k + 1}/{args.reps}: {lt_times[-1]:.2f} s")
    lt = [float(bgf.params_[n]) for n in NAMES]
    n_total = len(df)
    # lifetimes minimises -sum(ll)/N in time rescaled by 1/max(T); ln L changes by -x ln(scale).
    lt_reported_ll = -bgf._negative_log_likelihood_ * n_total + float(np.sum(df["frequency"])) * math.log(bgf._scale)

    # lifetimes with weights (the grouping CLVLab does itself), grouping time included.
    s = time.perf_counter()
    g = df.groupby(["frequency", "recency", "T"]).size().reset_index(name="weights")
    bgw = BetaGeoFitter(penalizer_coef=0.0)
    bgw.fit(g["frequency"], g["recency"], g["T"], weights=g["weights"])
    ltw_time = time.perf_counter() - s
    ltw = [float(bgw.params_[n]) for n in NAMES]
    log(f"lifetimes fit with weights ({len(g):,} groups): {ltw_time:.2f} s")

    # clvlab, whole command; and the same command up to the end of reading the summary:
    # `--model gamma_gamma` reads the whole file, then stops because it has no monetary column.
    cl_times, read_times, fitted = [], [], None
    for k in range(args.reps):
        s = time.perf_counter()
        out = subprocess.run([args.clvlab, "fit", "--summary", path, "--model", "bgnbd", "--format", "json"],
                             capture_output=True, text=True)
        cl_times.append(time.perf_counter() - s)
        if out.returncode != 0:
            print(out.stderr, file=sys.stderr)
            return 1
        fitted = json.loads(out.stdout)
        log(f"clvlab fit {k + 1}/{args.reps}: {cl_times[-1]:.2f} s (whole command)")
        s = time.perf_counter()
        out = subprocess.run([args.clvlab, "fit", "--summary", path, "--model", "gamma_gamma", "--format", "json"],
                             capture_output=True, text=True)
        elapsed = time.perf_counter() - s
        if out.returncode == 1 and "monetary" in out.stderr:
            read_times.append(elapsed)
            log(f"clvlab start-up + summary read {k + 1}/{args.reps}: {elapsed:.2f} s")
    cl = [float(fitted["parameters"][n]) for n in NAMES]
    if tmp:
        tmp.cleanup()

    xs, txs, Ts = df["frequency"].to_numpy(), df["recency"].to_numpy(), df["T"].to_numpy()
    ll_lt = bgnbd_log_likelihood(lt, xs, txs, Ts)
    ll_cl = bgnbd_log_likelihood(cl, xs, txs, Ts)
    ll_ltw = bgnbd_log_likelihood(ltw, xs, txs, Ts)
    med_lt, med_cl = statistics.median(lt_times), statistics.median(cl_times)
    med_read = statistics.median(read_times) if len(read_times) == len(cl_times) else None
    fit_only = med_cl - med_read if med_read is not None else None
    rel = [abs(c - l) / abs(l) for c, l in zip(cl, lt)]
    same4 = all(sig4(c) == sig4(l) for c, l in zip(cl, lt))
    result = {
        "customers": n_total,
        "groups": int(len(groups)),
        "seed": args.seed,
        "true_parameters": TRUE,
        "versions": {"lifetimes": lifetimes.__version__, "numpy": np.__version__, "pandas": pd.__version__,
                     "scipy": __import__("scipy").__version__, "python": sys.version.split()[0]},
        "machine": f"{os.cpu_count()} cores",
        "lifetimes_fit_seconds": lt_times,
        "lifetimes_fit_seconds_median": med_lt,
        "lifetimes_weighted_fit_seconds": ltw_time,
        "clvlab_fit_command_seconds": cl_times,
        "clvlab_fit_command_seconds_median": med_cl,
        "clvlab_startup_and_read_seconds": read_times,
        "clvlab_startup_and_read_seconds_median": med_read,
        "clvlab_fit_seconds_estimate": fit_only,
        "speed_ratio_lifetimes_over_clvlab": med_lt / med_cl,
        "speed_ratio_lifetimes_over_clvlab_fit_estimate": med_lt / fit_only if fit_only else None,
        "speed_ratio_weighted_lifetimes_over_clvlab": ltw_time / med_cl,
        "parameters": {n: {"lifetimes": l, "clvlab": c, "lifetimes_weighted": w, "relative_difference": d}
                       for n, l, c, w, d in zip(NAMES, lt, cl, ltw, rel)},
        "same_to_4_significant_digits": same4,
        "log_likelihood": {"lifetimes": ll_lt, "clvlab": ll_cl, "lifetimes_weighted": ll_ltw,
                           "lifetimes_reported": lt_reported_ll, "clvlab_reported": fitted["log_likelihood"]},
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0

    fmt = lambda ts: ", ".join(f"{t:.2f}" for t in ts)
    v = result["versions"]
    print(f"BG/NBD fit on {n_total:,} customers ({len(groups):,} distinct (x, t_x, T)), seed {args.seed}; "
          f"lifetimes {v['lifetimes']} (numpy {v['numpy']}, scipy {v['scipy']}, pandas {v['pandas']}, Python {v['python']}); "
          f"{result['machine']}; median of {args.reps}.")
    print()
    print("| fit | seconds (median) | runs | lifetimes ÷ this |")
    print("|---|---:|---|---:|")
    print(f"| lifetimes `BetaGeoFitter(penalizer_coef=0).fit(x, t_x, T)` (fit call only) | {med_lt:.2f} | {fmt(lt_times)} | 1.0 |")
    print(f"| lifetimes, same call with `weights=` on the grouped summary (grouping included) | {ltw_time:.2f} | {ltw_time:.2f} | {med_lt / ltw_time:.1f} |")
    print(f"| `clvlab fit --summary … --model bgnbd --format json` (whole command: start-up, CSV read, fit, output) | {med_cl:.2f} | {fmt(cl_times)} | **{med_lt / med_cl:.1f}** |")
    if fit_only is not None:
        print(f"| … of which start-up + reading the CSV (same command with `--model gamma_gamma`, which stops after the read) | {med_read:.2f} | {fmt(read_times)} | |")
        print(f"| … so grouping + BG/NBD fit + output, by difference of medians | {fit_only:.2f} | | **{med_lt / fit_only:.1f}** |")
    print()
    print("| parameter | lifetimes | CLVLab | relative difference | lifetimes with weights |")
    print("|---|---:|---:|---:|---:|")
    for n, l, c, w, d in zip(NAMES, lt, cl, ltw, rel):
        print(f"| {n} (true {TRUE[n]}) | {sig4(l)} ({l:.8g}) | {sig4(c)} ({c:.8g}) | {d:.1e} | {w:.8g} |")
    print(f"| log-likelihood | {ll_lt:.4f} | {ll_cl:.4f} | CLVLab − lifetimes = {ll_cl - ll_lt:+.2e} | {ll_ltw:.4f} |")
    print()
    print(f"Log-likelihoods above: one formula (eq. 6 of Fader, Hardie & Lee 2005, numpy) at each fit's parameters, in weeks. "
          f"As reported: clvlab {fitted['log_likelihood']:.4f}; lifetimes {lt_reported_ll:.4f} "
          f"(its objective −ℓ/N in time scaled by 1/max T, converted).")
    verdict = lambda ratio: "at least" if ratio >= 10 else "NOT"
    fit_part = (f"; the fit part alone {verdict(med_lt / fit_only)} 10× ({med_lt / fit_only:.1f}×)" if fit_only else "")
    print(f"Verdict: the whole clvlab command is {verdict(med_lt / med_cl)} 10× faster than lifetimes' fit call "
          f"({med_lt / med_cl:.1f}×){fit_part}; lifetimes with `weights=` takes {ltw_time:.2f} s; estimates "
          f"{'equal' if same4 else 'NOT all equal'} to 4 significant digits (largest relative difference {max(rel):.1e}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
