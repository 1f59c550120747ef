"""Reference values from the Python package `lifetimes` (0.11.3) for CLVModelsTests.

Run from the repository root:

    python3 -m venv /tmp/lt && /tmp/lt/bin/pip install 'numpy<2' 'pandas<2.2' 'scipy<1.13' lifetimes
    /tmp/lt/bin/python Tests/CLVModelsTests/Reference/lifetimes_reference.py

It reads Fixtures/CDNOW_sample.txt, builds lifetimes' weekly summary with calibration end
1997-09-30 (freq="D", freq_multiplier=7: times are days / 7), fits lifetimes' BG/NBD and
Pareto/NBD, and writes
  Fixtures/lifetimes_cdnow_reference.csv   per customer: summary, P(alive), E[Y(39)] for both models
  Fixtures/lifetimes_cdnow_parameters.json the fitted parameters and log-likelihoods
The Swift tests evaluate their own formulas at lifetimes' parameters, so prediction agreement
does not depend on the two optimisers stopping at the same point. (lifetimes' Pareto/NBD
Nelder-Mead result is not bit-reproducible between runs here - it moved in the 5th digit - which is
another reason to compare predictions at the stored parameters; the Swift fit test only asks for a
log-likelihood at least as high as lifetimes' and parameters within 1%.)
"""
import json
import os

import numpy as np
import pandas as pd
import lifetimes
from lifetimes import BetaGeoFitter, ParetoNBDFitter
from lifetimes.utils import summary_data_from_transaction_data

here = os.path.dirname(os.path.abspath(__file__))
fixtures = os.path.join(here, "..", "Fixtures")

tx = pd.read_csv(os.path.join(fixtures, "CDNOW_sample.txt"), header=None, sep=r"\s+",
                 names=["customer_id", "sample_id", "date", "cds", "amount"], dtype={"customer_id": str, "date": str})
tx["date"] = pd.to_datetime(tx["date"], format="%Y%m%d")
summary = summary_data_from_transaction_data(tx, "customer_id", "date", monetary_value_col="amount",
                                             observation_period_end="1997-09-30", freq="D", freq_multiplier=7)

bg = BetaGeoFitter(penalizer_coef=0.0)
bg.fit(summary["frequency"], summary["recency"], summary["T"])
pn = ParetoNBDFitter(penalizer_coef=0.0)
pn.fit(summary["frequency"], summary["recency"], summary["T"])

t = 39.0
out = pd.DataFrame({
    "customer_id": summary.index,
    "frequency": summary["frequency"].astype(int).values,
    "recency": summary["recency"].values,
    "T": summary["T"].values,
    "monetary_value": summary["monetary_value"].values,
    "bgnbd_p_alive": bg.conditional_probability_alive(summary["frequency"], summary["recency"], summary["T"]),
    "bgnbd_expected_39": bg.conditional_expected_number_of_purchases_up_to_time(t, summary["frequency"], summary["recency"], summary["T"]),
    "paretonbd_p_alive": pn.conditional_probability_alive(summary["frequency"], summary["recency"], summary["T"]),
    "paretonbd_expected_39": pn.conditional_expected_number_of_purchases_up_to_time(t, summary["frequency"], summary["recency"], summary["T"]),
})
out.to_csv(os.path.join(fixtures, "lifetimes_cdnow_reference.csv"), index=False, float_format="%.17g")


# Total log-likelihoods at the fitted parameters, from lifetimes' own likelihood functions with
# unit weights (the stored `_negative_log_likelihood_` is scaled by lifetimes' internal grouping).
ones = np.ones(len(summary))
f, r_, T_ = summary["frequency"].values, summary["recency"].values, summary["T"].values
bg_ll = -BetaGeoFitter._negative_log_likelihood(np.log(bg.params_[["r", "alpha", "a", "b"]].values), f, r_, T_, ones, 0.0) * len(summary)
pn_ll = -ParetoNBDFitter._negative_log_likelihood(pn.params_[["r", "alpha", "s", "beta"]].values, f, r_, T_, ones, 0.0) * ones.mean()


params = {
    "lifetimes_version": lifetimes.__version__,
    "numpy_version": np.__version__,
    "bgnbd": {k: float(bg.params_[k]) for k in ["r", "alpha", "a", "b"]},
    "bgnbd_log_likelihood": float(bg_ll),
    "paretonbd": {k: float(pn.params_[k]) for k in ["r", "alpha", "s", "beta"]},
    "paretonbd_log_likelihood": float(pn_ll),
    # Unconditional E[X(t)] for a new customer (FHL 2005 eq. 9; Fader & Hardie note 009 eq. 27).
    "unconditional_t": [1.0, 10.0, 39.0, 78.0],
    "bgnbd_unconditional": [float(bg.expected_number_of_purchases_up_to_time(u)) for u in [1.0, 10.0, 39.0, 78.0]],
    "paretonbd_unconditional": [float(pn.expected_number_of_purchases_up_to_time(u)) for u in [1.0, 10.0, 39.0, 78.0]],
    # BG/NBD standard errors: autograd Hessian on log-parameters, delta method to the natural scale
    # (lifetimes computes none for its Pareto/NBD).
    "bgnbd_standard_errors": {k: float(bg.standard_errors_[k]) for k in ["r", "alpha", "a", "b"]},
    # P(X(39) = n), n = 0..9, BG/NBD eq. 8.
    "bgnbd_probability_of_n_39": [float(bg.probability_of_n_purchases_up_to_time(39.0, n)) for n in range(10)],
    "customers": int(len(summary)),
    "horizon": t,
}
with open(os.path.join(fixtures, "lifetimes_cdnow_parameters.json"), "w") as f:
    json.dump(params, f, indent=2, sort_keys=True)
print(json.dumps(params, indent=2, sort_keys=True))
