/// A contractual (subscription) model: renewals at period ends, churn probability θ per period
/// (the shifted-beta-geometric). A history is that of a subscriber still active after
/// ``CustomerHistory/renewals`` renewals.
public protocol ContractualModel: LifetimeProcess where Traits == SubscriptionTraits {
    /// P(renew at the end of period t | active in period t), t ≥ 1, for a new customer's cohort.
    func retentionRate(_ t: Int) -> Double
    /// Discounted expected residual lifetime (expected discounted number of future renewals) of
    /// a subscriber active after `renewals` renewals, at the per-period rate `discountRate`.
    func discountedExpectedResidualLifetime(discountRate: Double, renewals: Int) -> Double
}

extension ContractualModel {
    public static var calibrationInput: CalibrationInput { .renewals }

    public static var scoreNames: [String] { ["renewal_probability", "discounted_expected_residual_lifetime"] }

    /// P(next renewal | active after n renewals) = r_{n+1}, and DERL at the given rate.
    public func scores(for h: CustomerHistory, periods: Int, discountRate: Double) -> [ModelScore] {
        [ModelScore("renewal_probability", retentionRate(h.renewals + 1)),
         ModelScore("discounted_expected_residual_lifetime", discountedExpectedResidualLifetime(discountRate: discountRate, renewals: h.renewals))]
    }
}
