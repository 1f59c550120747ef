/// A calendar date as a day number: days since 1970-01-01 in the proleptic Gregorian calendar.
///
/// Transaction logs carry dates, not instants, so dates are kept as whole days with no time zone
/// (a `Date` would make "the same day" depend on the machine's zone). Conversion uses Howard
/// Hinnant's `days_from_civil` algorithm ("chrono-Compatible Low-Level Date Algorithms", 2013),
/// exact for every proleptic Gregorian date.
public struct CivilDay: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public var dayNumber: Int

    public init(dayNumber: Int) { self.dayNumber = dayNumber }

    /// The day of a valid year/month/day; nil for an impossible date (e.g. 1997-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CivilDay.daysInMonth(year: year, month: month) else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        dayNumber = era * 146_097 + doe - 719_468
    }

    /// (year, month, day) of this day number (Hinnant's `civil_from_days`).
    public var components: (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func < (l: CivilDay, r: CivilDay) -> Bool { l.dayNumber < r.dayNumber }

    /// ISO 8601 `yyyy-MM-dd`.
    public var description: String {
        let c = components
        func pad(_ v: Int, _ n: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, n - s.count)) + s }
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))"
    }
}

/// How dates are written in a transaction log.
///
/// A format is a pattern of the fields `yyyy`, `MM`, `dd` (also `M`, `d`: one or two digits) and
/// literal characters, e.g. `"dd/MM/yyyy"`. Parsing is hand-written (no `DateFormatter`) because it
/// runs once per row of logs with millions of rows.
public struct DateFormat: Sendable, Hashable, CustomStringConvertible {
    enum Token: Hashable, Sendable { case year, month, day, monthFlexible, dayFlexible, literal(UInt8) }
    let tokens: [Token]
    public let pattern: String

    /// `yyyyMMdd` (CDNOW's format).
    public static let compact = try! DateFormat("yyyyMMdd")
    /// `yyyy-MM-dd` (ISO 8601).
    public static let iso = try! DateFormat("yyyy-MM-dd")

    /// A custom pattern; throws when it lacks a year, month or day field.
    public init(_ pattern: String) throws(TransactionLogError) {
        var tokens: [Token] = []
        let b = Array(pattern.utf8)
        var i = 0
        func run(_ c: UInt8) -> Int { var j = i; while j < b.count && b[j] == c { j += 1 }; return j - i }
        while i < b.count {
            let c = b[i]
            switch c {
            case UInt8(ascii: "y"):
                guard run(c) == 4 else { throw .invalidDateFormat(pattern) }
                tokens.append(.year); i += 4
            case UInt8(ascii: "M"):
                let n = run(c); guard n <= 2 else { throw .invalidDateFormat(pattern) }
                tokens.append(n == 2 ? .month : .monthFlexible); i += n
            case UInt8(ascii: "d"):
                let n = run(c); guard n <= 2 else { throw .invalidDateFormat(pattern) }
                tokens.append(n == 2 ? .day : .dayFlexible); i += n
            default:
                tokens.append(.literal(c)); i += 1
            }
        }
        let hasY = tokens.contains(.year)
        let hasM = tokens.contains(.month) || tokens.contains(.monthFlexible)
        let hasD = tokens.contains(.day) || tokens.contains(.dayFlexible)
        guard hasY, hasM, hasD else { throw .invalidDateFormat(pattern) }
        self.tokens = tokens
        self.pattern = pattern
    }

    public var description: String { pattern }

    /// Parse one field's bytes; nil if they do not match the pattern or name no real date.
    public func parse<C: Collection>(_ bytes: C) -> CivilDay? where C.Element == UInt8 {
        guard let (y, m, d) = components(bytes) else { return nil }
        return CivilDay(year: y, month: m, day: d)
    }

    /// Year, month and day as the pattern reads them, not yet checked against the calendar:
    /// nil only when the bytes do not match the pattern (so 2023-02-30 is told apart).
    public func components<C: Collection>(_ bytes: C) -> (year: Int, month: Int, day: Int)? where C.Element == UInt8 {
        var y = 0, m = 0, d = 0
        var it = bytes.startIndex
        func digits(_ minCount: Int, _ maxCount: Int) -> Int? {
            var v = 0, n = 0
            while n < maxCount, it != bytes.endIndex {
                let c = bytes[it]
                guard c >= 48, c <= 57 else { break }
                v = v * 10 + Int(c - 48); n += 1; it = bytes.index(after: it)
            }
            return n >= minCount ? v : nil
        }
        for t in tokens {
            switch t {
            case .year: guard let v = digits(4, 4) else { return nil }; y = v
            case .month: guard let v = digits(2, 2) else { return nil }; m = v
            case .day: guard let v = digits(2, 2) else { return nil }; d = v
            case .monthFlexible: guard let v = digits(1, 2) else { return nil }; m = v
            case .dayFlexible: guard let v = digits(1, 2) else { return nil }; d = v
            case .literal(let c):
                guard it != bytes.endIndex, bytes[it] == c else { return nil }
                it = bytes.index(after: it)
            }
        }
        guard it == bytes.endIndex else { return nil }
        return (y, m, d)
    }

    /// Parse a string.
    public func parse(_ s: String) -> CivilDay? { parse(Array(s.utf8)) }
}
