/// One of `count` equal parts of a run, numbered from 1 (`--shard 3/4`).
///
/// A run's work is a fixed list of chunks (replication-major, ``SimulationEngine/chunkSize``
/// customers each); shard i of n simulates the i-th contiguous n-th of that list. Every customer's
/// draws are keyed by (seed, replication, customer), and period sums are merged chunk by chunk
/// in chunk order, so merging the n partial results gives exactly — bit for bit — the result of
/// one process simulating everything.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    public init(index: Int, count: Int) {
        precondition(count >= 1 && (1...count).contains(index), "shard \(index)/\(count) is not one of 1…\(count)")
        self.index = index
        self.count = count
    }

    /// Parses "i/n" with 1 ≤ i ≤ n; nil otherwise.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else { return nil }
        self.init(index: i, count: n)
    }

    public var description: String { "\(index)/\(count)" }

    /// This shard's work items out of `total`.
    func items(of total: Int) -> Range<Int> {
        ((index - 1) * total / count)..<(index * total / count)
    }
}

extension SimulationEngine {
    /// Simulate one shard of the run and keep its outputs as a partial result for ``merge(_:)``.
    ///
    /// Top-k % targeting needs a threshold over the whole population, so each shard runs the
    /// (short) scoring pass over all customers itself; the thresholds are the same in every shard
    /// and are kept in the partial so a merge can check it.
    /// With `streaming`, the partial keeps moments and sketches only (see ``runStreaming(progress:)``).
    public func runShard(_ shard: Shard, streaming: Bool = false, progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> SimulationPartial {
        precondition(!recordCustomerDetail && firstReplication == 0 && inputOverride == nil, "shards run plain scenarios")
        let plan = try await RunPlan(engine: self, thresholds: topPercentThresholds())
        let items = shard.items(of: plan.workItems)
        let (buffers, streamed) = try await simulate(plan, items: items, streaming: streaming, progress: progress)
        return SimulationPartial(scenario: scenario, shard: shard, thresholds: plan.thresholds, workItems: plan.workItems, items: items,
                                 payload: streamed.map { .streaming($0) } ?? .values(buffers))
    }

    /// Combine the partial results of all shards of one run (in any order) into the result the
    /// single-process run gives.
    public static func merge(_ parts: [SimulationPartial]) throws(MergeError) -> SimulationResult {
        let plan = try checkedPlan(parts, streaming: false)
        return plan.assemble(parts.compactMap { if case .values(let b) = $0.payload { b } else { nil } })
    }

    /// Combine the partial results of a `--streaming` run's shards.
    public static func mergeStreaming(_ parts: [SimulationPartial]) throws -> StreamingResult {
        let plan = try checkedPlan(parts, streaming: true)
        return try plan.assembleStreaming(parts.compactMap { if case .streaming(let s) = $0.payload { s } else { nil } })
    }

    /// The run the parts belong to, after checking that they are its n different shards.
    static func checkedPlan(_ parts: [SimulationPartial], streaming: Bool) throws(MergeError) -> RunPlan {
        guard let first = parts.first else { throw .noParts }
        if let other = parts.first(where: { $0.isStreaming != streaming }) {
            throw .differentRuns(first.source, other.source, "one is from a --streaming run, the other is not")
        }
        let count = first.shard.count
        for p in parts.dropFirst() {
            if p.scenario != first.scenario { throw .differentRuns(first.source, p.source, "they simulate different scenarios (or seeds, sizes, overrides)") }
            if p.shard.count != count { throw .differentRuns(first.source, p.source, "one is a shard of \(count), the other of \(p.shard.count)") }
            if p.formatVersion != first.formatVersion || p.toolVersion != first.toolVersion {
                throw .differentRuns(first.source, p.source, "they were written by different CLVLab versions (\(first.toolVersion), \(p.toolVersion))")
            }
        }
        var seen: [Int: String] = [:]
        for p in parts {
            if let other = seen[p.shard.index] { throw .duplicate(p.shard.description, other, p.source) }
            seen[p.shard.index] = p.source
        }
        let missing = (1...count).filter { seen[$0] == nil }
        if !missing.isEmpty { throw .missing(missing, count) }

        let engine = SimulationEngine(scenario: first.scenario, threads: 1)
        let plan = RunPlan(engine: engine, thresholds: first.thresholds)
        for p in parts {
            if p.workItems != plan.workItems || p.items != p.shard.items(of: plan.workItems) {
                throw .inconsistent(p.source, "its work items do not match shard \(p.shard) of this scenario")
            }
            if p.thresholds != first.thresholds { throw .differentRuns(first.source, p.source, "their top-k % targeting thresholds differ") }
        }
        return plan
    }
}

/// Why partial results cannot be merged.
public enum MergeError: Error, Equatable, CustomStringConvertible {
    case noParts
    case differentRuns(String, String, String)
    case duplicate(String, String, String)
    case missing([Int], Int)
    case inconsistent(String, String)

    public var description: String {
        switch self {
        case .noParts: return "no partial results given"
        case let .differentRuns(a, b, why): return "\(a) and \(b) are not shards of the same run: \(why)"
        case let .duplicate(shard, a, b): return "shard \(shard) is given twice: \(a) and \(b)"
        case let .missing(indices, count):
            return "shard\(indices.count == 1 ? "" : "s") \(indices.map(String.init).joined(separator: ", ")) of \(count) missing; run them with --shard i/\(count)"
        case let .inconsistent(file, why): return "\(file): \(why)"
        }
    }
}
