/// A sum of doubles kept as a whole number of 2⁻³² units in 128 bits.
///
/// Each addend is rounded once to the unit (2.3 × 10⁻¹⁰ — far below a cent); after that,
/// addition is integer addition: exact, associative and commutative. Period totals summed this
/// way are the same bits whatever the order of chunks, threads or shards (`--streaming`).
/// The range, ±2⁹⁵ ≈ 4 × 10²⁸, covers any total CLVLab's input limits allow; an overflow is
/// recorded, never wrapped.
public struct ExactSum: Sendable, Equatable, Codable {
    static let unit = 0x1p32
    public private(set) var units: Int128 = 0
    /// Set when an addend or the sum left the range: the value is then meaningless.
    public private(set) var overflowed = false

    public init() {}

    init(units: Int128, overflowed: Bool) {
        self.units = units
        self.overflowed = overflowed
    }

    public mutating func add(_ x: Double) {
        let scaled = (x * Self.unit).rounded()
        guard Swift.abs(scaled) < 0x1p126 else { overflowed = true; return }
        add(units: Int128(scaled))
    }

    public mutating func add(_ other: ExactSum) {
        overflowed = overflowed || other.overflowed
        add(units: other.units)
    }

    mutating func add(units other: Int128) {
        let (sum, overflow) = units.addingReportingOverflow(other)
        units = sum
        if overflow { overflowed = true }
    }

    /// The sum, rounded once to the nearest double (NaN after an overflow).
    public var value: Double { overflowed ? .nan : Double(units) / Self.unit }

    // Int128 as a decimal string: JSON numbers lose precision beyond 2⁵³.
    enum CodingKeys: String, CodingKey { case units, overflowed }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let text = try c.decode(String.self, forKey: .units)
        guard let units = Int128(text) else {
            throw DecodingError.dataCorruptedError(forKey: .units, in: c, debugDescription: "not an integer: \(text)")
        }
        self.units = units
        overflowed = try c.decodeIfPresent(Bool.self, forKey: .overflowed) ?? false
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(String(units), forKey: .units)
        if overflowed { try c.encode(true, forKey: .overflowed) }
    }
}
