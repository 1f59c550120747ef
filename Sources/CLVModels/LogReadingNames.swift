/// How people name a log's layout (`--delimiter tab`, `customer_column: 2`, `date_format: d/M/yyyy`),
/// in one place for the command-line options and the scenario keys that read logs.
extension FieldDelimiter {
    /// comma, semicolon, tab, whitespace (or `,` `;` `\t` `space`) or any single character.
    public init?(named text: String) {
        switch text {
        case "comma", ",": self = .comma
        case "semicolon", ";": self = .semicolon
        case "tab", "\\t": self = .tab
        case "whitespace", "space": self = .whitespace
        default:
            guard text.utf8.count == 1, let b = text.utf8.first else { return nil }
            self = .character(b)
        }
    }

    public static let namesExpected = "comma, semicolon, tab, whitespace or a single character"
}

extension ColumnReference {
    /// A 1-based column number or a header name.
    public init(option text: String) {
        if let i = Int(text), i >= 1 { self = .index(i - 1) } else { self = .name(text) }
    }
}

extension DateFormat {
    /// `iso` (ISO 8601, with or without a time and offset), `compact` (yyyyMMdd), `epoch` or
    /// `epoch-ms` (seconds or milliseconds since 1970, UTC) or a pattern such as `d/M/yyyy` or
    /// `yyyy-MM-dd HH:mm:ss`.
    public init(named text: String) throws(TransactionLogError) {
        switch text {
        case "iso": self = .iso
        case "compact": self = .compact
        case "epoch": self = DateFormat(kind: .epochSeconds, pattern: "epoch")
        case "epoch-ms": self = DateFormat(kind: .epochMilliseconds, pattern: "epoch-ms")
        default: self = try DateFormat(text)
        }
    }
}
