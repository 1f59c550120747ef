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
/// On disk (`.clvpart`, format 3; 3 added the reach counts to the period blocks): the 8-byte magic `CLVPART1`, the length of a JSON header as a
/// little-endian UInt64, the header (format, tool version, kind, the scenario as run, shard,
/// work items, top-k % thresholds, and the byte length and CRC-32C of each array), the CRC-32C of
/// everything before it (magic, length, header) as a little-endian UInt32, then the arrays, raw
/// and little-endian, in header order. Every section is checked on reading, so a damaged copy
/// is refused by name instead of merging into wrong numbers (issue #23, point 4). Format 1 had
/// no checksums.
public struct SimulationPartial: @unchecked Sendable {
    static let magic = Array("CLVPART1".utf8)
    static let currentFormat = 3

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
        /// CRC-32C of each array, in file order.
        var checksums: [UInt32]

        enum CodingKeys: String, CodingKey {
            case format, tool, kind, scenario, items, thresholds, arrays, checksums
            case byteOrder = "byte_order", shardIndex = "shard_index", shardCount = "shard_count", workItems = "work_items"
        }
    }

    /// What each array holds, in file order, for naming a damaged one.
    static func sectionNames(streaming: Bool) -> [String] {
        streaming
            ? ["gross CLV moments", "campaign cost moments", "paired moments", "quantile sketches", "extremes", "negative tallies",
               "payback tallies", "alive counts", "period sums", "period overflow"]
            : ["gross CLV values", "campaign cost values", "payback periods", "period totals", "period alive counts"]
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
                            items: [items.lowerBound, items.upperBound], thresholds: thresholds, arrays: arrays.map(\.count),
                            checksums: arrays.map { CRC32C.checksum(UnsafeRawBufferPointer($0)) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Thresholds of interventions without a top-k % rule are −∞.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let json = try encoder.encode(header)
        var data = Data(Self.magic)
        data.reserveCapacity(16 + json.count + arrays.reduce(0) { $0 + $1.count })
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(json)
        withUnsafeBytes(of: CRC32C.checksum(data).littleEndian) { data.append(contentsOf: $0) }
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
        let header = try Self.checkedHeader(data, length: Int(length), source: source)
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
        var offset = 16 + Int(length) + 4
        guard data.count - offset == needed else {
            throw .unreadable(source, data.count - offset < needed
                ? "truncated: \(data.count - offset) bytes of values, \(needed) expected (was the shard interrupted?)"
                : "\(data.count - offset - needed) bytes more than its header describes")
        }
        let names = Self.sectionNames(streaming: header.kind == "streaming")
        let damaged: Int? = data.withUnsafeBytes { raw in
            for (k, a) in arrays.enumerated() {
                let bytes = UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + a.count)])
                if header.checksums.count != arrays.count || CRC32C.checksum(bytes) != header.checksums[k] { return k }
                a.copyMemory(from: bytes)
                offset += a.count
            }
            return nil
        }
        if let k = damaged {
            throw .unreadable(source, "its section '\(names[k])' (bytes \(offset)–\(offset + arrays[k].count - 1)) fails its CRC-32C checksum: the file is damaged; copy it again or re-run shard \(shard) (`clvlab simulate … --shard \(shard)`)")
        }
        self.init(scenario: header.scenario, shard: shard, thresholds: header.thresholds, workItems: header.workItems, items: items, payload: payload)
        self.source = source
    }

    /// The header, after checking its checksum and format. A file whose header checksum fails
    /// is asked for its format first, so that a format-1 shard (no checksum) gets the "older
    /// clvlab" message rather than "damaged".
    static func checkedHeader(_ data: Data, length: Int, source: String) throws(PartialFileError) -> Header {
        struct FormatProbe: Decodable { var format: Int }
        let end = 16 + length
        let json = data.subdata(in: 16..<end)
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let format = try? decoder.decode(FormatProbe.self, from: json).format
        func checkFormat() throws(PartialFileError) {
            guard let format, format != Self.currentFormat else { return }
            throw .unreadable(source, format < Self.currentFormat
                ? "written by an older clvlab (shard format \(format); this clvlab reads format \(Self.currentFormat): checksums since 2, reach counts in the period blocks since 3); re-run the shard with this version"
                : "written by a newer clvlab (shard format \(format); this clvlab reads format \(Self.currentFormat)); merge it with that version")
        }
        let stored = data.count >= end + 4
            ? data.subdata(in: end..<(end + 4)).withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) } : nil
        guard stored == data.subdata(in: 0..<end).withUnsafeBytes({ CRC32C.checksum($0) }) else {
            try checkFormat()
            throw .unreadable(source, "its header (bytes 0–\(end - 1)) fails its CRC-32C checksum: the file is damaged; copy it again or re-run the shard")
        }
        try checkFormat()
        do {
            return try decoder.decode(Header.self, from: json)
        } catch {
            throw .unreadable(source, "its header is not valid (\(error))")
        }
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
