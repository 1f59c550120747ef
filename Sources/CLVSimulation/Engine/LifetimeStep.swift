import Stochastic

/// One lifetime model's per-period step (DESIGN.md §2): from the period's activity stream, how
/// many purchases a live customer makes and whether they leave after the period.
///
/// Draw order within the activity stream is fixed (purchases, then leaving, then spend), so a
/// variant that changes a rate uses the same uniforms and outcomes move monotonically (common
/// random numbers). A step keeps its samplers' tables (``PoissonTable``, ``GeometricSurvival``)
/// in the worker's scratch; with `fixedRates` (the modifiers are the identity for the whole
/// path) it builds them once, otherwise whenever a modifier changes the mean or probability —
/// the same draws either way.
protocol LifetimeStep {
    /// - Parameters:
    ///   - budget: Pareto/NBD's hazard budget left (the traits' own, or a resumed path's).
    ///   - scratch: `PoissonTable.capacity + GeometricSurvival.capacity` doubles.
    init(segment plan: SegmentPath, traits: CustomerTraits, budget: Double, scratch: UnsafeMutablePointer<Double>, fixedRates: Bool)

    /// The activity of live period `t` from its stream `key`; a replayed period's recorded
    /// activity when `replayed` is given (the baseline drew it with the same uniforms).
    mutating func activity(period t: Int, key: UInt64, modifiers m: PeriodModifiers, replayed: RecordedActivity?,
                           stream: KeyedStream, fixedRates: Bool) -> PeriodActivity

    /// A replayed period that the customer survived has passed (Pareto/NBD uses up its budget).
    mutating func survivedReplayedPeriod()

    /// Pareto/NBD's hazard budget left (0 for the other models), for a path that resumes later.
    var budget: Double { get }

    /// Whether leaving depends on the path so far as well as on the period's draws, so that once
    /// a hazard multiplier has changed it the baseline's activity can no longer be replayed.
    static var leavingHasMemory: Bool { get }
}

extension LifetimeStep {
    @inline(__always) mutating func survivedReplayedPeriod() {}
    var budget: Double { @inline(__always) get { 0 } }
    static var leavingHasMemory: Bool { @inline(__always) get { false } }
}

/// What one live period's activity stream gave a customer before spend.
struct PeriodActivity {
    var purchases: Int
    /// The customer leaves after this period (its purchases and costs still count).
    var diesAfter: Bool
}

/// A Poisson draw with mean `mean` from the stream `key`, as `rekey(key)` then
/// `poisson(mean:)` gives it, but keying the stream in full only when there are purchases (which
/// draw more from it): for means ≤ 30 the draw is the inversion of the stream's first uniform.
/// `table` (rebuilt in its own storage when the mean changes, unless `tableIsCurrent`) caches the
/// CDF across periods.
@inline(__always)
func firstPoissonDraw(mean: Double, key: UInt64, stream: KeyedStream, table: inout PoissonTable, tableIsCurrent: Bool = false) -> Int {
    guard mean > 0 else { return 0 }
    guard mean <= 30 else {
        stream.rekey(key)
        return stream.poisson(mean: mean)
    }
    if !tableIsCurrent && !(mean == table.mean) { table = PoissonTable(mean: mean, storage: table.storage) }
    let purchases = table.quantile(KeyedStream.firstUniform(key))
    if purchases > 0 { stream.rekeyAfterFirstUniform(key) }
    return purchases
}
