import Foundation
import Stochastic

/// What a run will need in memory, so an impossible run is refused before it starts.
public enum MemoryEstimate {
    /// Bytes per simulated customer-replication and variant kept through the summary: CLV (8),
    /// payback period (4), campaign cost (8), the evaluator's copies of values and costs and the
    /// net-value table (3 × 8), and one sort buffer (8).
    static let perCustomerVariant = 52
    /// Shared by all variants: CAC, replication and segment labels (8 + 8 + 16).
    static let perCustomer = 32
    static let base = 64 << 20

    /// Estimated peak resident bytes of `clvlab simulate` on `scenario`.
    public static func bytes(_ scenario: Scenario) -> Double {
        let rows = Double(scenario.population.customers) * Double(scenario.replications)
        return rows * Double(perCustomerVariant * scenario.variants.count + perCustomer) + Double(base)
    }

    /// The same for a `--streaming` run with `workers` threads: chunk records (two moments per
    /// variant and segment, one paired record per variant) and each worker's accumulators
    /// (sketches of 128 KiB, exact period sums) — nothing per customer.
    public static func streamingBytes(_ scenario: Scenario, workers: Int) -> Double {
        let v = Double(scenario.variants.count), s = Double(scenario.population.segments.count)
        let chunks = (Double(scenario.population.customers) / Double(SimulationEngine.chunkSize)).rounded(.up) * Double(scenario.replications)
        let records = chunks * (v * s * 2 * 24 + v * 48)
        let accumulator = v * (s + 1) * Double(QuantileSketch.bucketCount * 8)
            + v * Double(scenario.replications) * s * Double(scenario.horizon.periods * PeriodTotals.metricCount) * 17
        return records + accumulator * Double(workers + 2) + Double(base)
    }

    /// A normal run's shard i of n: its share of the per-customer values, twice (the buffers and
    /// the file image written from them).
    public static func shardBytes(_ scenario: Scenario, shards: Int) -> Double {
        let rows = Double(scenario.population.customers) * Double(scenario.replications) / Double(shards)
        return rows * Double(20 * scenario.variants.count) * 2 + Double(base)
    }

    /// Memory the system can give this process now (MemAvailable on Linux), in bytes.
    public static func available() -> Double {
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
           let kb = Double(line.split(separator: " ").dropFirst().first ?? "") {
            return kb * 1024
        }
        return Double(ProcessInfo.processInfo.physicalMemory)
    }

    /// Human-readable size.
    public static func format(_ bytes: Double) -> String {
        bytes >= 1_073_741_824 ? String(format: "%.1f GiB", bytes / 1_073_741_824) : String(format: "%.0f MiB", bytes / 1_048_576)
    }
}
