"""Reference values of ln 2F1(a, b; c; z) near z = 1 for LogHypergeometricTests (issue #23.2).

mpmath evaluates 2F1 at 50 significant digits by its own analytic continuation (the z -> 1 - z
transformation, DLMF 15.8.10), independent of both the Gauss series and Euler's integral in
Sources/CLVModels/LogHypergeometric.swift. The cases are Pareto/NBD A0 terms,
(r+s+x, s+1 or r+x; r+s+x+1; |alpha-beta|/(max+t)), with 1 - z between 1e-4 and 1e-12 — where the
series needs 10^5 to 10^13 terms. Run: python3 Tests/CLVModelsTests/Reference/hypergeometric_reference.py
"""
import mpmath

mpmath.mp.dps = 50
cases = [
    (2.5, 1.6, 3.5, "1e-6"),
    (0.8, 1.2, 1.8, "1e-4"),
    (30.5, 1.0001, 31.5, "1e-5"),
    (1.0002, 0.9, 2.0002, "1e-12"),
    (201.3, 0.55, 202.3, "1e-4"),
    (0.77, 15.8, 1.77, "1e-8"),
]
for a, b, c, one_minus_z in cases:
    z = 1 - mpmath.mpf(one_minus_z)
    # z as the double the Swift test passes (1 - 1e-k rounded to binary64), so both sides agree on it.
    zd = mpmath.mpf(float(z))
    v = mpmath.log(mpmath.hyp2f1(a, b, c, zd))
    print(f"({a}, {b}, {c}, 1 - {one_minus_z}, {mpmath.nstr(v, 20)}),")
