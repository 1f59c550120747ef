#!/usr/bin/env python3
"""Reference figures for CLVEvaluationTests (KnownAnswerTests.swift).

Run once with numpy, scipy and statsmodels installed:
    python3 Tests/CLVEvaluationTests/Reference/reference_figures.py
and paste the printed figures into the Swift tests. The Swift tests do not run Python.
Versions used for the figures in the tests are printed on the first line.
"""
import itertools
import numpy as np
import scipy
from scipy import stats
from scipy.special import ndtr, ndtri
from scipy.stats import _resampling
import statsmodels
from statsmodels.stats.multitest import multipletests

np.set_printoptions(precision=17)
print(f"# numpy {np.__version__}, scipy {scipy.__version__}, statsmodels {statsmodels.__version__}")

# --- Fixed data sets (the same literals are in KnownAnswerTests.swift) -------------------------
x = np.array([12.1, 9.4, 15.2, 11.8, 8.7, 13.3, 10.9, 14.6, 9.9, 12.4])
y = np.array([11.0, 9.1, 13.9, 11.5, 8.0, 12.1, 10.7, 13.2, 9.5, 11.6])
w = np.array([7.2, 10.4, 6.1, 12.9, 8.8, 5.5, 9.7, 11.3])


def show(name, *values):
    print(name, " ".join(repr(float(v)) for v in values))


# One-sample t (Student): ttest_1samp(...).confidence_interval()
r = stats.ttest_1samp(x, 0.0)
ci = r.confidence_interval(0.95)
show("one_sample_t mean lo hi p", x.mean(), ci.low, ci.high, r.pvalue)

# Paired t on x - y: ttest_rel
r = stats.ttest_rel(x, y)
ci = r.confidence_interval(0.95)
show("paired_t estimate lo hi t p", (x - y).mean(), ci.low, ci.high, r.statistic, r.pvalue)

# Welch: ttest_ind(equal_var=False), Welch–Satterthwaite df
r = stats.ttest_ind(x, w, equal_var=False)
ci = r.confidence_interval(0.95)
show("welch estimate lo hi df t p", x.mean() - w.mean(), ci.low, ci.high, r.df, r.statistic, r.pvalue)

# Kolmogorov–Smirnov two-sample statistic and asymptotic p = kstwobign.sf(sqrt(en) D)
r = stats.ks_2samp(x, w, method="asymp")
en = len(x) * len(w) / (len(x) + len(w))
show("ks D p_asymptotic", r.statistic, stats.kstwobign.sf(np.sqrt(en) * r.statistic))
show("kstwobign.sf at 0.3 0.6 1.0 1.18 1.5 2.5", *[stats.kstwobign.sf(l) for l in [0.3, 0.6, 1.0, 1.18, 1.5, 2.5]])

# Holm (statsmodels)
p = [0.01, 0.04, 0.03, 0.005, 0.5]
show("holm", *multipletests(p, method="holm")[1])

# Delta method and Fieller for mean(num)/mean(den), same units; normal critical value.
num = x * 3.0
den = np.array([4.0, 3.5, 4.4, 4.1, 3.2, 4.8, 3.9, 4.3, 3.6, 4.0])
n = len(num)
C = np.cov(np.vstack([num, den]), ddof=1) / n          # covariance matrix of the two means
a, b = num.mean(), den.mean()
R = a / b
grad = np.array([1 / b, -a / b**2])                       # gradient of a/b
se = np.sqrt(grad @ C @ grad)
z = stats.norm.ppf(0.975)
show("ratio R se delta_lo delta_hi", R, se, R - z * se, R + z * se)
# Fieller (1954) in its textbook form with g = z^2 V_b / b^2
Va, Vb, Cab = C[0, 0], C[1, 1], C[0, 1]
g = z**2 * Vb / b**2
centre = R - g * Cab / Vb
half = (z / b) * np.sqrt(Va - 2 * R * Cab + R**2 * Vb - g * (Va - Cab**2 / Vb))
show("fieller lo hi", (centre - half) / (1 - g), (centre + half) / (1 - g))

# BCa, deterministic: the complete bootstrap distribution (all n^n ordered resamples) stands
# in for random resamples, then scipy's own _bca_interval gives the BCa levels and
# scipy.stats.quantile (linear) the endpoints, exactly as scipy.stats.bootstrap does.
def bca_enumerated(samples, statistic):
    sizes = [len(s) for s in samples]
    index_sets = [list(itertools.product(range(k), repeat=k)) for k in sizes]
    reps = []
    for combo in itertools.product(*index_sets):
        resampled = [np.asarray(s)[list(idx)] for s, idx in zip(samples, combo)]
        reps.append(statistic(*resampled, axis=-1))
    reps = np.array(reps)
    a1, a2, a_hat = _resampling._bca_interval(
        [np.asarray(s) for s in samples], statistic, axis=-1, alpha=0.025,
        theta_hat_b=reps, batch=None, xp=np)
    lo, hi = np.percentile(reps, [100 * a1, 100 * a2])
    plo, phi = np.percentile(reps, [2.5, 97.5])
    return statistic(*samples, axis=-1), a_hat, a1, a2, lo, hi, plo, phi, len(reps)

one = np.array([3.1, 7.4, 2.2, 9.8, 4.5])
res = bca_enumerated([one], lambda s, axis: np.mean(s, axis=axis))
show("bca_mean theta a alpha1 alpha2 lo hi pct_lo pct_hi B", *res)

s1 = np.array([5.0, 1.5, 8.25, 12.0])
s2 = np.array([2.0, 6.5, 3.0, 4.75])
res = bca_enumerated([s1, s2], lambda u, v, axis: np.median(u, axis=axis) - np.median(v, axis=axis))
show("bca_median_diff theta a alpha1 alpha2 lo hi pct_lo pct_hi B", *res)

# Stratified (by replication) Monte Carlo interval of a mean: variance within strata only,
# Var = sum_r n_r s_r^2 / N^2, df = N - R, Student t critical value (Cochran 1977, 5.3-5.4).
vals = np.concatenate([x, w, y])
labels = np.array([0] * len(x) + [1] * len(w) + [2] * len(y))
N, R = len(vals), 3
s2n = sum(len(vals[labels == r]) * vals[labels == r].var(ddof=1) for r in range(R))
se = np.sqrt(s2n) / N
q = stats.t.ppf(0.975, N - R)
show("stratified mean se lo hi", vals.mean(), se, vals.mean() - q * se, vals.mean() + q * se)
