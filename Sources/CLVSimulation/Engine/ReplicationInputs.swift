import Stochastic

/// The scalar inputs of one replication, with uncertain ones drawn (DESIGN.md §5).
///
/// Each uncertain input is drawn by inversion from its own keyed stream, keyed by the input's
/// name, so adding an input never reshuffles another, and every variant of a replication sees
/// the same values.
public struct ReplicationInputs: Sendable, Codable, Equatable {
    public var margin: Double
    public var costToServe: Double
    public var acquisitionCost: Double
    public var annualDiscountRate: Double

    /// Period discount rate d = (1 + d_annual)^(1/periods per year) − 1.
    public func periodDiscountRate(_ unit: PeriodUnit) -> Double {
        Double.pow(1 + annualDiscountRate, 1 / unit.perYear) - 1
    }

    /// Discount factors (1 + d)^−t for t = 1 … periods (end-of-period cash flows).
    public func discountFactors(_ horizon: Horizon) -> [Double] {
        let d = periodDiscountRate(horizon.period)
        return (1...horizon.periods).map { Double.pow(1 + d, -Double($0)) }
    }

    /// Draw the economics of replication `replication` (the same draws as ``InputCatalog``).
    public static func draw(_ scenario: Scenario, replication: Int) -> ReplicationInputs {
        InputCatalog(scenario).draw(seed: scenario.seed, replication: replication).economics
    }

    /// The uniform that decides input `id` in a replication; public so sensitivity analyses
    /// can reproduce the draw.
    public static func uniform(for id: InputID, seed: UInt64, replication: Int) -> Double {
        uniform(named: id.name, seed: seed, replication: replication)
    }

    static func uniform(named name: String, seed: UInt64, replication: Int) -> Double {
        let stream = KeyedStream()
        stream.rekey(CustomerKey(seed: seed, replication: replication, customer: -1), period: 0,
                     purpose: DrawPurpose(rawValue: DrawPurpose.assumptionBase ^ stableHash(name)))
        return stream.uniform()
    }

    static func sample(_ value: UncertainValue, id: InputID, seed: UInt64, replication: Int) -> Double {
        let u = uniform(for: id, seed: seed, replication: replication)
        return value.value(at: u, betaQuantile: Distributions.betaQuantile, normalQuantile: Distributions.normalQuantile)
    }
}

/// FNV-1a over UTF-8: a hash that is the same on every run and platform (Swift's `hashValue` is not).
func stableHash(_ s: String) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
    return h
}

extension Double {
    static func pow(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
}

import Foundation
