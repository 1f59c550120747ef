# A real base of 1M CDNOW-like customers for issue #15's scale check: each customer's (x, t_x, T)
# in weeks, drawn from the published BG/NBD (Fader, Hardie & Lee 2005; acquired over 12 weeks,
# observed to week 39), written as the summary file `from_customers: { summary: base.csv }` reads.
#   python3 Benchmarks/reference/real_base_summary.py   (writes base.csv here, ~40 MB; not committed)
# The package-benchmark suite makes the same kind of base itself (Benchmarks/Simulation/RealBase.swift).
import numpy as np
rng = np.random.default_rng(7)
n = 1_000_000
lam = rng.gamma(0.243, 1/4.414, n); p = rng.beta(0.793, 2.426, n)
days = 273 - (rng.random(n) * 84).astype(int); T = days / 7
t = np.zeros(n); x = np.zeros(n, int); last = np.zeros(n); alive = np.ones(n, bool)
while alive.any():
    idx = np.nonzero(alive)[0]
    t[idx] += rng.exponential(1/lam[idx])
    over = t[idx] > T[idx]; alive[idx[over]] = False
    idx = idx[~over]
    x[idx] += 1; last[idx] = np.floor(t[idx]*7)/7
    drop = rng.random(idx.size) < p[idx]; alive[idx[drop]] = False
with open("base.csv", "w") as f:
    f.write("customer,x,t_x,T,zbar\n")
    for i in range(n):
        f.write(f"c{i},{x[i]},{last[i]:.4f},{T[i]:.4f},{'35.22' if x[i] > 0 else ''}\n")
