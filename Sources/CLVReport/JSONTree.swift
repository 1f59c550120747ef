import Foundation

/// A JSON document as a tree, so keys can be rewritten after encoding without knowing the types
/// that produced them. Numbers keep the form `JSONEncoder` gave them: integers stay integers
/// (seeds above 2^53 included) and doubles re-encode to the same shortest round-trip text.
indirect enum JSONTree: Codable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case unsigned(UInt64)
    case double(Double)
    case string(String)
    case array([JSONTree])
    case object([String: JSONTree])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null; return }
        if let b = try? c.decode(Bool.self) { self = .bool(b); return }
        if let s = try? c.decode(String.self) { self = .string(s); return }
        if let d = try? c.decode(Double.self) {
            // An integral number read back as Int64/UInt64 when exact, so large integers keep every
            // digit; −0 stays a double so it prints as "-0" again.
            if d.rounded() == d, !(d == 0 && d.sign == .minus) {
                if let i = try? c.decode(Int64.self) { self = .integer(i); return }
                if let u = try? c.decode(UInt64.self) { self = .unsigned(u); return }
            }
            self = .double(d); return
        }
        if let a = try? c.decode([JSONTree].self) { self = .array(a); return }
        self = .object(try c.decode([String: JSONTree].self))
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .integer(let i): try c.encode(i)
        case .unsigned(let u): try c.encode(u)
        case .double(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }
}
