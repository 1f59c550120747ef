import Foundation

/// The one time unit of CLVLab: summaries measure x, t_x and T in it, fits store it in the model
/// file's `period`, scoring and simulation discount per period of it.
///
/// Lengths in days: day = 1, week = 7, month = 365.25 / 12 = 30.4375, quarter = 365.25 / 4,
/// year = 365.25 (the mean Julian year, so twelve months or four quarters make one year exactly
/// and every unit has ``periodsPerYear`` = 365.25 / ``days``). Times are day differences divided by
/// the length, as lifetimes does with `freq="D", freq_multiplier=7` for weeks — dates are not first
/// rounded to calendar weeks or months.
///
/// Raw values ("day", "week", …) are what model files and summaries store.
public enum PeriodUnit: String, Codable, Sendable, CaseIterable {
    case day, week, month, quarter, year

    /// Length of one period in days.
    public var days: Double {
        switch self {
        case .day: return 1
        case .week: return 7
        case .month: return 365.25 / 12
        case .quarter: return 365.25 / 4
        case .year: return 365.25
        }
    }

    /// Periods in a mean year: 365.25 / ``days`` (week ≈ 52.18, not 52).
    public var periodsPerYear: Double { 365.25 / days }

    /// The per-period rate equivalent to an annual rate compounded once a year:
    /// d = (1 + annual)^(1/``periodsPerYear``) − 1, so that (1 + d)^periodsPerYear = 1 + annual
    /// (DESIGN.md §2).
    ///
    /// Computed one way everywhere, as `pow(1 + annual, days / 365.25) − 1`: the exponent
    /// days/365.25 is 1/periodsPerYear without the second rounding of a reciprocal, and is the
    /// expression `clvlab score` has always used, so its scores keep their digits. For `.year`
    /// the exponent is exactly 1 and d = (1 + annual) − 1, which equals `annual` to within half an
    /// ulp of 1 + annual.
    public func periodRate(annual: Double) -> Double {
        pow(1 + annual, days / 365.25) - 1
    }

    /// The factor that converts a rate per `self` into a rate per `target`: days(target)/days(self).
    ///
    /// Multiply λ-type rates (purchases or hazards per period) by it, and divide the rate
    /// parameters of their Gamma mixing distributions (α, β) by it: a purchase rate of 0.1 a week
    /// is 0.1 · (30.4375/7) a month. Probabilities per event (BG/NBD's p) do not change.
    public func rateFactor(to target: PeriodUnit) -> Double {
        target.days / days
    }
}
