"""Synthetic observed A/B test for `clvlab compare --observed` examples: a retention e-mail sent
to 3,000 random customers, 3,000 held out, 12 months of margin observed afterwards.

Columns (see `clvlab compare --help`): customer, variant, value (12-month margin per customer,
net of the campaign's cost), cost (campaign cost per customer). Regenerate with
`python3 data/experiments/make_retention_ab.py > data/experiments/retention-ab.csv`.
"""
import numpy as np

rng = np.random.default_rng(20261202)
print("customer,variant,value,cost")
for arm, retained, cost in (("control", 0.55, 0.0), ("retention-email", 0.58, 0.40)):
    for i in range(3000):
        active = rng.random() < retained
        # Margin of active customers: Gamma(shape 1.5, mean 60) — heavy right tail, as real margins.
        margin = rng.gamma(1.5, 40.0) if active else 0.0
        print(f"{arm}-{i:05d},{arm},{margin - cost:.2f},{cost:.2f}")
