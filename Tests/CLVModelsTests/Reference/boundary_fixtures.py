"""Generate the Pareto/NBD boundary fixtures (issue #23.2); run from the repository root.

paretonbd_no_dropout.csv: 300 customers from a pure NBD (λ ~ Gamma(r=0.8, α=4) per week, no
dropout, all observed for T = 52 weeks, first purchase at 0): with no dropout in the data the
Pareto/NBD optimum is at the boundary s/β → 0.
single_purchase.csv: 300 customers with no repeat purchase (x = 0, t_x = 0, T spread over 20–52
weeks): the likelihood rises without bound as the purchase rate r/α → 0.
"""
import numpy as np

rng = np.random.default_rng(20261202)
out = "Tests/CLVModelsTests/Fixtures/"
with open(out + "paretonbd_no_dropout.csv", "w") as f:
    f.write("x,t_x,T\n")
    for _ in range(300):
        lam = rng.gamma(0.8, 1 / 4.0)
        x = rng.poisson(lam * 52.0)
        tx = float(np.max(rng.uniform(0, 52.0, x))) if x > 0 else 0.0
        f.write(f"{x},{tx:.4f},52\n")
with open(out + "single_purchase.csv", "w") as f:
    f.write("x,t_x,T\n")
    for i in range(300):
        f.write(f"0,0,{20 + (i % 33)}\n")
