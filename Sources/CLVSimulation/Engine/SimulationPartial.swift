import Foundation
import Stochastic

/// The result of one shard: what ``SimulationEngine/merge(_:)`` needs to rebuild the whole run.
///
/// Two kinds, as the run: a normal shard keeps its customers' values (gross CLV, campaign cost,
/// payback period) and its chunks' period sums, so the merged statistics are those of one
/// process (quantiles and bootstrap intervals need every value); a `--streaming` shard keeps
/// only its chunks' moment records and its integer accumulators (sketch counts, tallies, exact
/// period sums) — a few MB whatever the population.
///
/// On disk (`.clvpart`): the 8-byte magic `CLVPART1`, the length of a JSON header as a
/// little-endian UInt64, the header (format, tool version, kind, the scenario as run, shard,
/// work items, top-k % thresholds, and the byte length of each array), then the arrays, raw and
/// little-endian, in header order.
public struct SimulationPartial: @unchecked Sendable {
    static let magic = Array("CLVPART1".utf8)
    static let currentFormat = 1

    enum Payload {
        case values(RunBuffers)
        case streaming(StreamingBuffers)
    }

    public let scenario: Scenario
    public let shard: Shard
    let thresholds: [[[Double]]]?
    let workItems: Int
    let items: Range<Int>
    let payload: Payload
    let formatVersion: Int
    public let toolVersion: String
    /// Where it was read from (for messages).
    public var source = "shard"

    init(scenario: Scenario, shard: Shard, thresholds: [[[Double]]]?, workItems: Int, items: Range<Int>, payload: Payload) {
        self.scenario = scenario
        self.shard = shard
        self.thresholds = thresholds
        self.workItems = workItems
        self.items = items
        self.payload = payload
        formatVersion = Self.currentFormat
        toolVersion = CLVLabVersion.current
        source = "shard \(shard)"
    }

    /// Whether it comes from a `--streaming` run.
    public var isStreaming: Bool {
        if case .streaming = payload { return true }
        return false
    }

    /// Conventional file name: `shard-0003-of-0016.clvpart` sorts in shard order.
    public var fileName: String {
        let width = max(4, String(shard.count).count)
        func padded(_ k: Int) -> String { String(repeating: "0", count: width - String(k).count) + String(k) }
        return "shard-\(padded(shard.index))-of-\(padded(shard.count)).clvpart"
    }

    struct Header: Codable {
        var format: Int
        var tool: String
        var kind: String
        var byteOrder: String
        var scenario: Scenario
        var shardIndex: Int
        var shardCount: Int
        var workItems: Int
        var items: [Int]
        var thresholds: [[[Double]]]?
        /// Byte length of each array, in file order.
        var arrays: [Int]

        enum CodingKeys: String, CodingKey {
            case format, tool, kind, scenario, items, thresholds, arrays
            case byteOrder = "byte_order", shardIndex = "shard_index", shardCount = "shard_count", workItems = "work_items"
        }
    }

    /// The memory each array lives in, in file order (the same list for writing and reading).
    static func arrays(_ payload: Payload) -> [UnsafeMutableRawBufferPointer] {
        func raw<T>(_ p: UnsafeMutablePointer<T>, _ count: Int) -> UnsafeMutableRawBufferPointer {
            UnsafeMutableRawBufferPointer(start: p, count: count * MemoryLayout<T>.stride)
        }
        switch payload {
        case .values(let b):
            return [raw(b.clv.base, b.clv.count), raw(b.cost.base, b.cost.count), raw(b.payback.base, b.payback.count),
                    raw(b.chunkTotals.base, b.chunkTotals.count), raw(b.chunkAlive.base, b.chunkAlive.count)]
        case .streaming(let s):
            let a = s.totals
            return [raw(s.gross, s.items.count * s.cellsPerItem), raw(s.cost, s.items.count * s.cellsPerItem),
                    raw(s.paired, s.items.count * s.variants),
                    raw(a.sketches, a.sketchCount * QuantileSketch.bucketCount), raw(a.extremes, a.sketchCount * 2), raw(a.negatives, a.variants * a.segments * 2),
                    raw(a.payback, a.variants * a.segments * (a.periods + 1)), raw(a.alive, a.variants * a.replications),
                    raw(a.periodUnits, a.periodCells), raw(a.periodOverflow, a.periodCells)]
        }
    }

    /// The file's bytes.
    public func encoded() throws -> Data {
        let arrays = Self.arrays(payload)
        let header = Header(format: formatVersion, tool: toolVersion, kind: isStreaming ? "streaming" : "values", byteOrder: "little",
                            scenario: scenario, shardIndex: shard.index, shardCount: shard.count, workItems: workItems,
                            items: [items.lowerBound, items.upperBound], thresholds: thresholds, arrays: arrays.map(\.count))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Thresholds of interventions without a top-k % rule are −∞.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let json = try encoder.encode(header)
        var data = Data(Self.magic)
        data.reserveCapacity(16 + json.count + arrays.reduce(0) { $0 + $1.count })
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(json)
        for a in arrays { data.append(contentsOf: UnsafeRawBufferPointer(a)) }
        return data
    }

    /// Read a partial result; `source` names it in messages.
    public init(data: Data, source: String) throws(PartialFileError) {
        guard 1.littleEndian == 1 else { throw .unreadable(source, "this machine is big-endian; partial results are little-endian") }
        guard data.count >= 16, Array(data.prefix(8)) == Self.magic else {
            throw .unreadable(source, "not a CLVLab partial result (expected a file written by `clvlab simulate --shard i/n`)")
        }
        let length = data.subdata(in: 8..<16).withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard length <= UInt64(data.count - 16) else { throw .unreadable(source, "truncated: the header says \(length) bytes, the file has \(data.count - 16) after the magic") }
        let header: Header
        do {
            let decoder = JSONDecoder()
            decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            header = try decoder.decode(Header.self, from: data.subdata(in: 16..<(16 + Int(length))))
        } catch {
            throw .unreadable(source, "its header is not valid (\(error))")
        }
        guard header.format == Self.currentFormat else {
            throw .unreadable(source, "format \(header.format); this CLVLab reads format \(Self.currentFormat) (re-run the shard with this version)")
        }
        guard header.byteOrder == "little", header.items.count == 2, header.shardCount >= 1,
              (1...header.shardCount).contains(header.shardIndex), header.items[0] <= header.items[1],
              header.kind == "values" || header.kind == "streaming" else {
            throw .unreadable(source, "its header is inconsistent")
        }
        let shard = Shard(index: header.shardIndex, count: header.shardCount)
        let engine = SimulationEngine(scenario: header.scenario, threads: 1)
        let plan = RunPlan(engine: engine, thresholds: header.thresholds)
        let items = header.items[0]..<header.items[1]
        guard header.workItems == plan.workItems, items == shard.items(of: plan.workItems) else {
            throw .unreadable(source, "its work items do not match shard \(shard) of its own scenario")
        }
        let payload: Payload = header.kind == "streaming"
            ? .streaming(StreamingBuffers(plan, items: items)) : .values(RunBuffers(plan, items: items, detail: false))
        let arrays = Self.arrays(payload)
        guard arrays.map(\.count) == header.arrays else { throw .unreadable(source, "its array sizes do not match its scenario") }
        let needed = arrays.reduce(0) { $0 + $1.count }
        var offset = 16 + Int(length)
        guard data.count - offset == needed else {
            throw .unreadable(source, data.count - offset < needed
                ? "truncated: \(data.count - offset) bytes of values, \(needed) expected (was the shard interrupted?)"
                : "\(data.count - offset - needed) bytes more than its header describes")
        }
        data.withUnsafeBytes { raw in
            for a in arrays {
                a.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + a.count)]))
                offset += a.count
            }
        }
        self.init(scenario: header.scenario, shard: shard, thresholds: header.thresholds, workItems: header.workItems, items: items, payload: payload)
        self.source = source
    }

    /// Read `path`.
    public init(contentsOf path: String) throws(PartialFileError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw .unreadable(path, "cannot read it (\(error.localizedDescription))")
        }
        try self.init(data: data, source: path)
    }
}

/// A partial result that cannot be read.
public enum PartialFileError: Error, Equatable, CustomStringConvertible {
    case unreadable(String, String)

    public var description: String {
        switch self { case let .unreadable(file, why): return "\(file): \(why)" }
    }
}
