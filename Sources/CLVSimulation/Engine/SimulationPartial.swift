import Foundation

/// The result of one shard: what ``SimulationEngine/merge(_:)`` needs to rebuild the whole run.
///
/// On disk (`.clvpart`): the 8-byte magic `CLVPART1`, the length of a JSON header as a
/// little-endian UInt64, the header (format version, tool version, the scenario as run, shard,
/// work items, thresholds, array lengths), then the raw little-endian arrays in header order:
/// gross CLV, campaign cost, payback period (variant-major over the shard's customers), chunk
/// period sums and chunk alive counts. Values are stored, not statistics of them, so the merged
/// statistics are those of one process (quantiles and bootstrap intervals need every value).
public struct SimulationPartial: @unchecked Sendable {
    static let magic = Array("CLVPART1".utf8)
    static let currentFormat = 1

    public let scenario: Scenario
    public let shard: Shard
    let thresholds: [[[Double]]]?
    let workItems: Int
    let buffers: RunBuffers
    let formatVersion: Int
    public let toolVersion: String
    /// Where it was read from (for messages).
    public var source = "shard"

    init(scenario: Scenario, shard: Shard, thresholds: [[[Double]]]?, workItems: Int, buffers: RunBuffers) {
        self.scenario = scenario
        self.shard = shard
        self.thresholds = thresholds
        self.workItems = workItems
        self.buffers = buffers
        formatVersion = Self.currentFormat
        toolVersion = CLVLabVersion.current
        source = "shard \(shard)"
    }

    /// Customers simulated (replication-major index range).
    public var customers: Range<Int> { buffers.customers }

    /// Conventional file name: `shard-0003-of-0016.clvpart` sorts in shard order.
    public var fileName: String {
        let width = max(4, String(shard.count).count)
        func padded(_ k: Int) -> String { String(repeating: "0", count: width - String(k).count) + String(k) }
        return "shard-\(padded(shard.index))-of-\(padded(shard.count)).clvpart"
    }

    struct Header: Codable {
        var format: Int
        var tool: String
        var byteOrder: String
        var scenario: Scenario
        var shardIndex: Int
        var shardCount: Int
        var workItems: Int
        var items: [Int]
        var customers: [Int]
        var thresholds: [[[Double]]]?
        var clv: Int
        var cost: Int
        var payback: Int
        var chunkTotals: Int
        var chunkAlive: Int

        enum CodingKeys: String, CodingKey {
            case format, tool, scenario, items, customers, thresholds, clv, cost, payback
            case byteOrder = "byte_order", shardIndex = "shard_index", shardCount = "shard_count", workItems = "work_items"
            case chunkTotals = "chunk_totals", chunkAlive = "chunk_alive"
        }
    }

    /// The file's bytes.
    public func encoded() throws -> Data {
        let b = buffers
        let header = Header(format: formatVersion, tool: toolVersion, byteOrder: "little", scenario: scenario,
                            shardIndex: shard.index, shardCount: shard.count, workItems: workItems,
                            items: [b.items.lowerBound, b.items.upperBound], customers: [b.customers.lowerBound, b.customers.upperBound],
                            thresholds: thresholds, clv: b.clv.count, cost: b.cost.count, payback: b.payback.count,
                            chunkTotals: b.chunkTotals.count, chunkAlive: b.chunkAlive.count)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Thresholds of interventions without a top-k % rule are −∞.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let json = try encoder.encode(header)
        var data = Data(Self.magic)
        data.reserveCapacity(16 + json.count + 8 * (b.clv.count + b.cost.count + b.chunkTotals.count + b.chunkAlive.count) + 4 * b.payback.count)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(json)
        func append<T>(_ buffer: SharedBuffer<T>) {
            data.append(UnsafeBufferPointer(start: buffer.base, count: buffer.count))
        }
        append(b.clv); append(b.cost); append(b.payback); append(b.chunkTotals); append(b.chunkAlive)
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
        guard header.byteOrder == "little", header.items.count == 2, header.customers.count == 2,
              (1...max(1, header.shardCount)).contains(header.shardIndex), header.items[0] <= header.items[1],
              header.customers[0] <= header.customers[1] else {
            throw .unreadable(source, "its header is inconsistent")
        }
        let shard = Shard(index: header.shardIndex, count: header.shardCount)
        let engine = SimulationEngine(scenario: header.scenario, threads: 1)
        let plan = RunPlan(engine: engine, thresholds: header.thresholds)
        let items = header.items[0]..<header.items[1]
        guard header.workItems == plan.workItems, items == shard.items(of: plan.workItems) else {
            throw .unreadable(source, "its work items do not match shard \(shard) of its own scenario")
        }
        let buffers = RunBuffers(plan, items: items, detail: false)
        let expected = [(buffers.clv.count, header.clv), (buffers.cost.count, header.cost), (buffers.payback.count, header.payback),
                        (buffers.chunkTotals.count, header.chunkTotals), (buffers.chunkAlive.count, header.chunkAlive)]
        guard expected.allSatisfy({ $0.0 == $0.1 }), buffers.customers.lowerBound == header.customers[0], buffers.customers.upperBound == header.customers[1] else {
            throw .unreadable(source, "its array sizes do not match its scenario")
        }
        let needed = 8 * (header.clv + header.cost + header.chunkTotals + header.chunkAlive) + 4 * header.payback
        var offset = 16 + Int(length)
        guard data.count - offset == needed else {
            throw .unreadable(source, data.count - offset < needed
                ? "truncated: \(data.count - offset) bytes of values, \(needed) expected (was the shard interrupted?)"
                : "\(data.count - offset - needed) bytes more than its header describes")
        }
        func read<T>(_ buffer: SharedBuffer<T>) {
            let bytes = buffer.count * MemoryLayout<T>.stride
            data.withUnsafeBytes { raw in
                UnsafeMutableRawPointer(buffer.base).copyMemory(from: raw.baseAddress! + offset, byteCount: bytes)
            }
            offset += bytes
        }
        read(buffers.clv); read(buffers.cost); read(buffers.payback); read(buffers.chunkTotals); read(buffers.chunkAlive)
        self.init(scenario: header.scenario, shard: shard, thresholds: header.thresholds, workItems: header.workItems, buffers: buffers)
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
