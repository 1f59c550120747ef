import Stochastic

/// The purposes that key the engine's streams (DESIGN.md §4). A customer's traits come from one
/// stream at period 0; each live period has one activity stream whose draws come in a fixed
/// order (purchases, then leaving, then spend), so the same uniform decides the same event in
/// every variant.
extension DrawPurpose {
    /// Trait draws at the start: λ, the lifetime parameter, the spend scale, the Pareto/NBD
    /// exponential lifetime budget, in that order.
    public static let traits = DrawPurpose(rawValue: 1)
    /// Per-period activity: Poisson purchases, leaving, spend amount.
    public static let activity = DrawPurpose(rawValue: 2)
    /// The uniform sample of a real base (`from_customers.sample`), drawn once per scenario.
    public static let sample = DrawPurpose(rawValue: 3)
    /// A replication's draw of the fitted models' parameters from their estimates' uncertainty.
    public static let parameters = DrawPurpose(rawValue: 4)
    /// Base of the uptake draws (xor-ed with a hash of the intervention's name).
    static let uptakeBase: UInt64 = 0x0FF3_0000_0000_0000
    /// Base of the random-share (holdout) draws.
    static let shareBase: UInt64 = 0x5AA3_0000_0000_0000
    /// Base of the purposes of uncertain inputs (xor-ed with a hash of the input's name).
    static let assumptionBase: UInt64 = 0xA55E_0000_0000_0000
}
