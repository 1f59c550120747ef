import Foundation

/// How dates are written in a transaction log, and which day a timestamp belongs to.
///
/// - A pattern of the fields `yyyy`, `MM`, `dd` (also `M`, `d`: one or two digits), optional time
///   fields `HH` (`H`), `mm`, `ss`, `S…` (fraction digits) and an offset `X` (±HH), `XX` (±HHMM)
///   or `XXX` (±HH:MM), each also accepting `Z`; other characters are literal:
///   `"dd/MM/yyyy"`, `"yyyy-MM-dd HH:mm:ss"`, `"yyyy-MM-dd'T'HH:mm:ssXXX"` (quotes are dropped).
/// - `iso`: ISO 8601 — `yyyy-MM-dd`, optionally followed by `T` or a space, `HH:mm[:ss[.f…]]` and
///   an offset (`Z`, `±HH:MM`, `±HHMM`, `±HH`): what databases export.
/// - `epoch` / `epoch-ms`: seconds (or milliseconds) since 1970-01-01T00:00:00Z, decimals allowed.
///
/// The day of a record: without ``timeZone``, the date as written (a timestamp's own local date;
/// epoch times in UTC). With a time zone, every instant that carries an offset (and every epoch
/// time) is moved to that zone's wall clock first; times without an offset are taken as already
/// in it. Parsing is hand-written (no `DateFormatter`): it runs once per row of logs with millions
/// of rows, and a plain `yyyy-MM-dd` field takes the same few steps as before times existed.
public struct DateFormat: Sendable, Hashable, CustomStringConvertible {
    enum Token: Hashable, Sendable {
        case year, month, day, monthFlexible, dayFlexible, hour, hourFlexible, minute, second
        case fraction(Int), offset(colon: Bool, minutes: Bool), literal(UInt8)
    }
    enum Kind: Hashable, Sendable { case pattern([Token]), iso8601, epochSeconds, epochMilliseconds }
    let kind: Kind
    public let pattern: String
    /// The zone whose calendar days the log's instants are counted in; nil: dates as written.
    public var timeZone: LogTimeZone?

    /// `yyyyMMdd` (CDNOW's format).
    public static let compact = try! DateFormat("yyyyMMdd")
    /// ISO 8601: a date, optionally with a time and an offset.
    public static let iso = DateFormat(kind: .iso8601, pattern: "ISO 8601 (yyyy-MM-dd, optionally THH:mm[:ss] and an offset)")

    init(kind: Kind, pattern: String) { self.kind = kind; self.pattern = pattern }

    /// A custom pattern; throws when it lacks a year, month or day field.
    public init(_ pattern: String) throws(TransactionLogError) {
        self.pattern = pattern
        kind = .pattern(try Self.tokens(pattern))
    }

    public var description: String { pattern }

    static func tokens(_ pattern: String) throws(TransactionLogError) -> [Token] {
        var tokens: [Token] = []
        let b = Array(pattern.utf8)
        var i = 0
        func run(_ c: UInt8) -> Int { var j = i; while j < b.count && b[j] == c { j += 1 }; return j - i }
        while i < b.count {
            let c = b[i], n = run(c)
            var consumed = n
            switch c {
            case UInt8(ascii: "y"): guard n == 4 else { throw .invalidDateFormat(pattern) }; tokens.append(.year)
            case UInt8(ascii: "M"): guard n <= 2 else { throw .invalidDateFormat(pattern) }; tokens.append(n == 2 ? .month : .monthFlexible)
            case UInt8(ascii: "d"): guard n <= 2 else { throw .invalidDateFormat(pattern) }; tokens.append(n == 2 ? .day : .dayFlexible)
            case UInt8(ascii: "H"): guard n <= 2 else { throw .invalidDateFormat(pattern) }; tokens.append(n == 2 ? .hour : .hourFlexible)
            case UInt8(ascii: "m"): guard n == 2 else { throw .invalidDateFormat(pattern) }; tokens.append(.minute)
            case UInt8(ascii: "s"): guard n == 2 else { throw .invalidDateFormat(pattern) }; tokens.append(.second)
            case UInt8(ascii: "S"): guard n <= 9 else { throw .invalidDateFormat(pattern) }; tokens.append(.fraction(n))
            case UInt8(ascii: "X"): guard n <= 3 else { throw .invalidDateFormat(pattern) }; tokens.append(.offset(colon: n == 3, minutes: n >= 2))
            case UInt8(ascii: "'"): consumed = 1  // quoting, as in yyyy-MM-dd'T'HH:mm: the quote itself is dropped
            default: tokens.append(.literal(c)); consumed = 1
            }
            i += consumed
        }
        let hasY = tokens.contains(.year)
        let hasM = tokens.contains(.month) || tokens.contains(.monthFlexible)
        let hasD = tokens.contains(.day) || tokens.contains(.dayFlexible)
        guard hasY, hasM, hasD else { throw .invalidDateFormat(pattern) }
        return tokens
    }

    /// The same format counting days in `zone`.
    public func inZone(_ zone: LogTimeZone?) -> DateFormat { var f = self; f.timeZone = zone; return f }

    /// Parse one field's bytes; nil if they do not match the format or name no real date or time.
    public func parse<C: Collection>(_ bytes: C) -> CivilDay? where C.Element == UInt8 {
        guard let t = timestamp(bytes), let date = CivilDay(year: t.year, month: t.month, day: t.day),
              t.seconds >= 0, t.seconds < 86_400 else { return nil }
        guard let zone = timeZone, let offset = t.offset else { return date }
        // The instant, then its wall-clock day in the zone.
        let instant = Int64(date.dayNumber - Self.epochDay) * 86_400 + Int64(t.seconds) - Int64(offset)
        return zone.day(of: instant)
    }

    /// Year, month and day as the format reads them, not yet checked against the calendar: nil
    /// only when the bytes do not match (so 2023-02-30 is told apart from a wrong layout).
    public func components<C: Collection>(_ bytes: C) -> (year: Int, month: Int, day: Int)? where C.Element == UInt8 {
        timestamp(bytes).map { ($0.year, $0.month, $0.day) }
    }

    /// Parse a string.
    public func parse(_ s: String) -> CivilDay? { parse(Array(s.utf8)) }

    /// Days from 0001-01-01 (CivilDay's origin) to 1970-01-01.
    static let epochDay = CivilDay(year: 1970, month: 1, day: 1)!.dayNumber

    /// What a field says: its local date, seconds into that day and the offset east of UTC in
    /// seconds when it gives one (epoch times: UTC, offset 0).
    struct Timestamp { var year: Int, month: Int, day: Int, seconds: Int, offset: Int? }

    func timestamp<C: Collection>(_ bytes: C) -> Timestamp? where C.Element == UInt8 {
        var scanner = FieldScanner(bytes)
        switch kind {
        case .pattern(let tokens): return scanner.read(tokens)
        case .iso8601: return scanner.readISO8601()
        case .epochSeconds: return scanner.readEpoch(scale: 1)
        case .epochMilliseconds: return scanner.readEpoch(scale: 1000)
        }
    }
}

/// The zone whose calendar days a log's instants are counted in (`--time-zone`).
public enum LogTimeZone: Sendable, Hashable, CustomStringConvertible {
    /// A fixed offset east of UTC, in seconds (`UTC`, `Z`, `+02:00`, `-0530`).
    case offset(Int)
    /// An IANA zone (`Europe/Paris`), daylight saving time included.
    case named(TimeZone)

    /// `UTC`, `Z`, `±HH:MM`, `±HHMM`, `±HH` or an IANA name; nil when none of these.
    public init?(_ text: String) {
        if text == "UTC" || text == "Z" || text == "GMT" { self = .offset(0); return }
        var scanner = FieldScanner(Array(text.utf8))
        if let o = scanner.readOffset(colon: nil), scanner.atEnd { self = .offset(o); return }
        guard let zone = TimeZone(identifier: text) else { return nil }
        self = .named(zone)
    }

    public var description: String {
        switch self {
        case .offset(let s): return s == 0 ? "UTC" : String(format: "%@%02d:%02d", s < 0 ? "-" : "+", abs(s) / 3600, abs(s) % 3600 / 60)
        case .named(let z): return z.identifier
        }
    }

    /// The zone's calendar day of an instant (seconds since 1970-01-01T00:00:00Z).
    func day(of instant: Int64) -> CivilDay {
        let offset: Int
        switch self {
        case .offset(let s): offset = s
        case .named(let z): offset = z.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant)))
        }
        let local = instant + Int64(offset)
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        return CivilDay(dayNumber: DateFormat.epochDay + Int(days))
    }
}

/// A cursor over one field's bytes, for ``DateFormat``.
struct FieldScanner<C: Collection> where C.Element == UInt8 {
    let bytes: C
    var it: C.Index

    init(_ bytes: C) { self.bytes = bytes; it = bytes.startIndex }

    var atEnd: Bool { it == bytes.endIndex }
    var next: UInt8? { atEnd ? nil : bytes[it] }

    mutating func take(_ c: UInt8) -> Bool {
        guard next == c else { return false }
        it = bytes.index(after: it)
        return true
    }

    /// Between `minCount` and `maxCount` decimal digits.
    mutating func digits(_ minCount: Int, _ maxCount: Int) -> Int? {
        var v = 0, n = 0
        while n < maxCount, let c = next, c >= 48, c <= 57 {
            v = v * 10 + Int(c - 48); n += 1; it = bytes.index(after: it)
        }
        return n >= minCount ? v : nil
    }

    /// `Z`, or ±HH, ±HHMM, ±HH:MM (`colon` nil: any of them) as seconds east of UTC.
    mutating func readOffset(colon: Bool?, minutes: Bool = true) -> Int? {
        if take(UInt8(ascii: "Z")) { return 0 }
        guard let sign = next, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        it = bytes.index(after: it)
        guard let h = digits(2, 2), h <= 23 else { return nil }
        var m = 0
        switch colon {
        case nil:  // any of ±HH, ±HHMM, ±HH:MM
            if take(UInt8(ascii: ":")) || next.map({ $0 >= 48 && $0 <= 57 }) == true {
                guard let mm = digits(2, 2) else { return nil }
                m = mm
            }
        case true?:
            guard take(UInt8(ascii: ":")), let mm = digits(2, 2) else { return nil }
            m = mm
        case false?:
            if minutes { guard let mm = digits(2, 2) else { return nil }; m = mm }
        }
        guard m < 60 else { return nil }
        return (sign == UInt8(ascii: "-") ? -1 : 1) * (h * 3600 + m * 60)
    }

    mutating func read(_ tokens: [DateFormat.Token]) -> DateFormat.Timestamp? {
        var t = DateFormat.Timestamp(year: 0, month: 0, day: 0, seconds: 0, offset: nil)
        var h = 0, m = 0, s = 0
        for token in tokens {
            switch token {
            case .year: guard let v = digits(4, 4) else { return nil }; t.year = v
            case .month: guard let v = digits(2, 2) else { return nil }; t.month = v
            case .day: guard let v = digits(2, 2) else { return nil }; t.day = v
            case .monthFlexible: guard let v = digits(1, 2) else { return nil }; t.month = v
            case .dayFlexible: guard let v = digits(1, 2) else { return nil }; t.day = v
            case .hour: guard let v = digits(2, 2) else { return nil }; h = v
            case .hourFlexible: guard let v = digits(1, 2) else { return nil }; h = v
            case .minute: guard let v = digits(2, 2) else { return nil }; m = v
            case .second: guard let v = digits(2, 2) else { return nil }; s = v
            case .fraction(let n): guard digits(n, n) != nil else { return nil }
            case .offset(let colon, let minutes): guard let o = readOffset(colon: colon, minutes: minutes) else { return nil }; t.offset = o
            case .literal(let c): guard take(c) else { return nil }
            }
        }
        guard atEnd, h < 24, m < 60, s < 61 else { return nil }
        t.seconds = h * 3600 + m * 60 + min(s, 59)
        return t
    }

    /// yyyy-MM-dd[(T| )HH:mm[:ss[.f…]]][Z|±HH[:MM]]
    mutating func readISO8601() -> DateFormat.Timestamp? {
        guard let y = digits(4, 4), take(UInt8(ascii: "-")), let mo = digits(2, 2), take(UInt8(ascii: "-")), let d = digits(2, 2) else { return nil }
        var t = DateFormat.Timestamp(year: y, month: mo, day: d, seconds: 0, offset: nil)
        if atEnd { return t }
        guard take(UInt8(ascii: "T")) || take(UInt8(ascii: " ")), let h = digits(2, 2), take(UInt8(ascii: ":")), let m = digits(2, 2) else { return nil }
        var s = 0
        if take(UInt8(ascii: ":")) {
            guard let v = digits(2, 2) else { return nil }
            s = v
            if take(UInt8(ascii: ".")) || take(UInt8(ascii: ",")) { guard digits(1, 9) != nil else { return nil } }
        }
        if !atEnd { guard let o = readOffset(colon: nil) else { return nil }; t.offset = o }
        guard atEnd, h < 24, m < 60, s < 61 else { return nil }
        t.seconds = h * 3600 + m * 60 + min(s, 59)
        return t
    }

    /// Seconds (or milliseconds, `scale` 1000) since 1970-01-01T00:00:00Z, an optional sign and
    /// decimals; in UTC (offset 0).
    mutating func readEpoch(scale: Int64) -> DateFormat.Timestamp? {
        let negative = take(UInt8(ascii: "-"))
        guard let whole = digits(1, 15) else { return nil }
        if take(UInt8(ascii: ".")) { guard digits(1, 9) != nil else { return nil } }
        guard atEnd else { return nil }
        var seconds = Int64(whole) / scale
        if negative { seconds = -seconds - (Int64(whole) % scale == 0 ? 0 : 1) }
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let day = CivilDay(dayNumber: DateFormat.epochDay + Int(days))
        let (y, m, d) = day.components
        return DateFormat.Timestamp(year: y, month: m, day: d, seconds: Int(seconds - days * 86_400), offset: 0)
    }
}
