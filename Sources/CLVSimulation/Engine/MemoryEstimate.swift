import Foundation
import Stochastic

/// What a run will need in memory, so an impossible run is refused before it starts.
public enum MemoryEstimate {
    /// Resident before any customer is simulated: the binary, GSL, Foundation and the loaded
    /// scenario (29–33 MiB measured on runs of a few thousand customers).
    static let base = 30 << 20

    /// Estimated peak resident bytes of `clvlab simulate` on `scenario`: the largest of its three
    /// phases, each the per-customer arrays it holds at once (issue #22, item 4). Per simulated
    /// customer-replication ("row"), measured with VmHWM over 1M–20M rows:
    /// - the engine's outcome arrays A = Σ over variants of 12 bytes (CLV, payback period) plus
    ///   8 for a variant with campaign costs, plus 25 per variant for `customers.csv`'s detail;
    ///   while chunks are gathered into them both copies are live: **2·A**;
    /// - the paired comparisons, first: the bootstrap's sorted values, ranks and order of both
    ///   sides and the jackknife, 62–89 bytes per row measured (76 taken) for each of the two
    ///   comparisons the two workers hold at once — how much they overlap varies: **A + B**;
    /// - the variants' sorted gross and net values (17 per variant, kept) and the radix sort's
    ///   scratch of the two variants in flight (15 each; 21 for a run of one variant), and with
    ///   several segments each segment's sorted values (8 per variant): **A + S**.
    /// Checked against measured peaks of several runs in `MemoryEstimateTests` (within 15 % above
    /// and 10 % below, the bound of issue #22).
    public static func bytes(_ scenario: Scenario, bootstrap: Bool = true, customerTable: Bool = false) -> Double {
        let rows = Double(scenario.population.customers) * Double(scenario.replications)
        let v = Double(scenario.variants.count)
        let costed = Double(scenario.variants.filter { !$0.interventions.isEmpty }.count)
        let outcomes = rows * (12 * v + 8 * costed + (customerTable ? 25 * v : 0))
        let simulation = 2 * outcomes
        // One variant: its sort and summary scratch measured 32–47 bytes per row by scenario
        // (38 taken, in the middle of what keeps every bundled scenario in bounds).
        // Several segments: each segment's values are sorted apart too, 8 bytes per row and variant.
        let segments = scenario.population.segments.count > 1 ? 8 * v : 0
        let sorted = rows * (17 * v + segments + (v == 1 ? 21 : 30))
        var comparisons = 0.0
        if bootstrap && v > 1 { comparisons = rows * 76 * min(v - 1, 2) }
        return Double(base) + max(loading(scenario), realBase(scenario) + max(simulation, outcomes + sorted, outcomes + comparisons))
    }

    /// A real base read from a summary file holds, at its peak, the file's bytes (~32 a row), the
    /// parsed table (id and four numbers, 48) and the columns being built (44): 105 bytes a real
    /// customer taken from measured peaks of 91–112 above the base (1M customers, real.yaml of
    /// issue #15's closing note). Reading a transaction log costs what `summarize` costs (README).
    static func loading(_ scenario: Scenario) -> Double {
        guard let b = scenario.population.customerBase, b.source.summary != nil else { return 0 }
        return Double(b.source.realCustomers) * 105
    }

    /// A real base's columns, held through the run: x (4 bytes), t_x, T, z̄ (8 each) and the id
    /// (a 16-byte String, its text inline up to 15 bytes) — 44 bytes a customer, 48 with a holdout.
    static func realBase(_ scenario: Scenario) -> Double {
        guard let b = scenario.population.customerBase else { return 0 }
        return Double(b.count) * (b.holdout == nil ? 44 : 48)
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
        return records + accumulator * Double(workers + 2) + Double(base) + realBase(scenario)
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

    /// This process's peak resident set so far (VmHWM on Linux; 0 where it cannot be read), for
    /// the `-v` lines that put the estimate beside what a run really used.
    public static func peakResident() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") else { return 0 }
        return kb * 1024
    }

    /// Human-readable size.
    public static func format(_ bytes: Double) -> String {
        bytes >= 1_073_741_824 ? String(format: "%.1f GiB", bytes / 1_073_741_824) : String(format: "%.0f MiB", bytes / 1_048_576)
    }
}
