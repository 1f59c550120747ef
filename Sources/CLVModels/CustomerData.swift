/// Frequency–recency–age data grouped by identical (x, t_x, T) triples with weights.
///
/// Fits evaluate the likelihood once per group, and the parts that depend on x alone, on T
/// alone or on t_x alone once per distinct value, so a million customers recorded at day
/// resolution cost a few hundred thousand cheap group terms per evaluation.
public struct FrequencyRecencyData: Sendable, Hashable {
    /// Distinct frequencies, recencies and ages (sorted ascending).
    public let distinctFrequencies: [Int]
    public let distinctRecencies: [Double]
    public let distinctAges: [Double]
    /// Per group: indices into the distinct arrays, and the number of customers.
    let xIndex: [Int32]
    let recencyIndex: [Int32]
    let ageIndex: [Int32]
    public let weights: [Double]
    /// Distinct (x, T) and (x, t_x) pairs (as indices into the distinct arrays) and, per group, the
    /// index of its pair: the Pareto/NBD ₂F₁ terms depend on one pair each, and there are far fewer
    /// pairs than groups.
    let xAgePairs: [IndexPair]
    let xRecencyPairs: [IndexPair]
    let groupXAge: [Int32]
    let groupXRecency: [Int32]
    /// Total number of customers.
    public let customers: Int

    /// Number of groups (distinct triples).
    public var groupCount: Int { weights.count }

    /// The groups as (x, t_x, T, weight) tuples.
    public var groups: [(frequency: Int, recency: Double, age: Double, weight: Double)] {
        (0..<groupCount).map { i in (distinctFrequencies[Int(xIndex[i])], distinctRecencies[Int(recencyIndex[i])], distinctAges[Int(ageIndex[i])], weights[i]) }
    }

    private struct Key: Hashable { var x: Int; var tx: UInt64; var T: UInt64 }

    /// Group customers. Throws ``FitError/emptyData`` for no customers and
    /// ``FitError/invalidData(_:)`` for x < 0, t_x < 0, T < t_x, non-finite values, or t_x = 0 < x.
    public init(frequency: [Int], recency: [Double], age: [Double]) throws(FitError) {
        guard frequency.count == recency.count, recency.count == age.count else {
            throw .invalidData("frequency, recency and age have different lengths")
        }
        guard !frequency.isEmpty else { throw .emptyData }
        var counts: [Key: Int] = [:]
        for i in 0..<frequency.count {
            let x = frequency[i], tx = recency[i], T = age[i]
            guard x >= 0, tx.isFinite, T.isFinite, tx >= 0, T >= tx, T > 0 || x == 0 else {
                throw .invalidData("customer \(i): x = \(x), t_x = \(tx), T = \(T) (need x ≥ 0, 0 ≤ t_x ≤ T)")
            }
            // +0.0 for −0.0 so equal values group together.
            counts[Key(x: x, tx: (tx + 0.0).bitPattern, T: (T + 0.0).bitPattern), default: 0] += 1
        }
        let keys = counts.keys.sorted { ($0.x, Double(bitPattern: $0.T), Double(bitPattern: $0.tx)) < ($1.x, Double(bitPattern: $1.T), Double(bitPattern: $1.tx)) }
        let xs = Array(Set(keys.map(\.x))).sorted()
        let txs = Array(Set(keys.map { Double(bitPattern: $0.tx) })).sorted()
        let Ts = Array(Set(keys.map { Double(bitPattern: $0.T) })).sorted()
        let xPos = Dictionary(uniqueKeysWithValues: xs.enumerated().map { ($1, Int32($0)) })
        let txPos = Dictionary(uniqueKeysWithValues: txs.enumerated().map { ($1, Int32($0)) })
        let TPos = Dictionary(uniqueKeysWithValues: Ts.enumerated().map { ($1, Int32($0)) })
        distinctFrequencies = xs; distinctRecencies = txs; distinctAges = Ts
        xIndex = keys.map { xPos[$0.x]! }
        recencyIndex = keys.map { txPos[Double(bitPattern: $0.tx)]! }
        ageIndex = keys.map { TPos[Double(bitPattern: $0.T)]! }
        weights = keys.map { Double(counts[$0]!) }
        customers = frequency.count
        var xAge: [Int64: Int32] = [:], xRec: [Int64: Int32] = [:]
        var xAgePairs: [IndexPair] = [], xRecencyPairs: [IndexPair] = []
        var groupXAge: [Int32] = [], groupXRecency: [Int32] = []
        groupXAge.reserveCapacity(keys.count); groupXRecency.reserveCapacity(keys.count)
        for g in 0..<keys.count {
            let a = Int64(xIndex[g]) << 32 | Int64(ageIndex[g]), b = Int64(xIndex[g]) << 32 | Int64(recencyIndex[g])
            if let i = xAge[a] { groupXAge.append(i) } else {
                let i = Int32(xAgePairs.count); xAge[a] = i; xAgePairs.append(IndexPair(x: xIndex[g], other: ageIndex[g])); groupXAge.append(i)
            }
            if let i = xRec[b] { groupXRecency.append(i) } else {
                let i = Int32(xRecencyPairs.count); xRec[b] = i; xRecencyPairs.append(IndexPair(x: xIndex[g], other: recencyIndex[g])); groupXRecency.append(i)
            }
        }
        self.xAgePairs = xAgePairs; self.xRecencyPairs = xRecencyPairs
        self.groupXAge = groupXAge; self.groupXRecency = groupXRecency
    }

    /// Group the calibration columns of an RFM summary.
    public init(_ summary: RFMSummary) throws(FitError) {
        try self.init(frequency: summary.customers.map(\.frequency), recency: summary.customers.map(\.recency), age: summary.customers.map(\.age))
    }

    /// A stable fingerprint of the data (FNV-1a 64 over the sorted groups' bit patterns), written to
    /// model files so a fit can be traced to its data. Independent of customer order.
    public var fingerprint: String {
        var h = Fingerprint()
        for i in 0..<groupCount {
            h.add(UInt64(bitPattern: Int64(distinctFrequencies[Int(xIndex[i])])))
            h.add(distinctRecencies[Int(recencyIndex[i])].bitPattern)
            h.add(distinctAges[Int(ageIndex[i])].bitPattern)
            h.add(weights[i].bitPattern)
        }
        return h.hex
    }
}

/// An x index paired with a T or t_x index.
struct IndexPair: Hashable, Sendable {
    var x: Int32
    var other: Int32
}

/// FNV-1a, 64-bit (Fowler, Noll & Vo): a fixed, platform-independent hash (Swift's `Hasher` is
/// seeded per process and so cannot fingerprint data across runs).
struct Fingerprint {
    private(set) var state: UInt64 = 0xcbf2_9ce4_8422_2325
    mutating func add(_ v: UInt64) {
        var v = v
        for _ in 0..<8 { state = (state ^ (v & 0xff)) &* 0x0000_0100_0000_01b3; v >>= 8 }
    }
    var hex: String {
        let s = String(state, radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - s.count) + s
    }
}
