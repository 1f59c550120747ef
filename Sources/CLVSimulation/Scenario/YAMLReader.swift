import Foundation
import Yams

/// Collects problems while walking a YAML tree, so a file's mistakes are reported together.
final class ProblemLog {
    let file: String
    private(set) var problems: [ScenarioProblem] = []
    /// Things the scenario can run with but the user should know (e.g. an unconverged fit).
    var warnings: [String] = []

    init(file: String) { self.file = file }

    func report(_ message: String, at node: Node?, path: String) {
        report(message, mark: node?.mark, path: path)
    }

    func report(_ message: String, mark: Mark?, path: String) {
        problems.append(ScenarioProblem(file: file, line: mark?.line, column: mark?.column, keyPath: path, message: message))
    }
}

/// A YAML value at a known key path.
struct YAMLValue {
    let node: Node
    let path: String
    let log: ProblemLog

    var mark: Mark? { node.mark }

    func fail(_ message: String) { log.report(message, at: node, path: path) }

    /// How the value reads to a person, for "found …" messages.
    var found: String {
        switch node {
        case .scalar(let s):
            if s.style == .singleQuoted || s.style == .doubleQuoted { return "the string \"\(s.string)\"" }
            return s.string.isEmpty ? "nothing" : "'\(s.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    private var plainScalar: String? {
        guard case .scalar(let s) = node, s.style == .plain || s.style == .any else { return nil }
        return s.string
    }

    func mapping(_ expected: String) -> YAMLMapping? {
        guard case .mapping(let m) = node else {
            fail("expected \(expected), found \(found)")
            return nil
        }
        return YAMLMapping(mapping: m, node: node, path: path, log: log)
    }

    func sequence(_ expected: String) -> [YAMLValue]? {
        guard case .sequence(let s) = node else {
            fail("expected \(expected), found \(found)")
            return nil
        }
        return s.enumerated().map { YAMLValue(node: $0.element, path: "\(path)[\($0.offset)]", log: log) }
    }

    func string(_ expected: String = "a text value") -> String? {
        guard case .scalar(let s) = node, !s.string.isEmpty else {
            fail("expected \(expected), found \(found)")
            return nil
        }
        return s.string
    }

    /// A finite number; YAML's `1_000_000` digit grouping is accepted.
    func number(_ expected: String = "a number") -> Double? {
        guard let text = plainScalar, let v = Double(text.replacingOccurrences(of: "_", with: "")), v.isFinite else {
            fail("expected \(expected), found \(found)")
            return nil
        }
        return v
    }

    /// A whole number within `range`; exponent notation is accepted when the value is whole
    /// (`customers: 5e2` is 500), a fraction is not (`2.5e0`).
    func integer(_ expected: String, in range: ClosedRange<Int>) -> Int? {
        guard let text = plainScalar, let v = wholeNumber(text.replacingOccurrences(of: "_", with: "")) else {
            fail("expected \(expected), found \(found)")
            return nil
        }
        guard range.contains(v) else {
            fail("expected \(expected) between \(range.lowerBound) and \(range.upperBound), found \(v)")
            return nil
        }
        return v
    }

    /// `true` or `false` (YAML 1.2's core schema: no yes/no/on/off, which read as strings).
    func bool(_ expected: String) -> Bool? {
        switch plainScalar {
        case "true"?, "True"?, "TRUE"?: return true
        case "false"?, "False"?, "FALSE"?: return false
        default: fail("expected \(expected), found \(found)"); return nil
        }
    }

    func unsignedInteger(_ expected: String) -> UInt64? {
        let digits = plainScalar?.replacingOccurrences(of: "_", with: "")
        guard let text = digits, let v = UInt64(text) ?? wholeNumber(text).flatMap({ $0 >= 0 ? UInt64($0) : nil }) else {
            fail("expected \(expected), found \(found)")
            return nil
        }
        return v
    }

    /// A name: one line of printable text (no newline, tab or other control character, which
    /// would break the terminal table and the CSV rows), at most 200 characters.
    func name(_ expected: String = "a name") -> String? {
        guard let s = string(expected) else { return nil }
        if let bad = s.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
            fail("expected \(expected) of printable characters, found the control character \(String(format: "U+%04X", bad.value)) in \(s.debugDescription)")
            return nil
        }
        guard s.count <= 200 else { fail("expected \(expected) of 1 to 200 characters, found \(s.count)"); return nil }
        return s
    }

    /// A number that satisfies `check`, described by `expected` (e.g. "a probability in [0, 1]").
    func number(_ expected: String, where check: (Double) -> Bool) -> Double? {
        guard let v = number(expected) else { return nil }
        guard check(v) else {
            fail("expected \(expected), found \(formatNumber(v))")
            return nil
        }
        return v
    }
}

/// A YAML mapping whose keys are checked: missing required keys and unknown keys are problems.
struct YAMLMapping {
    let mapping: Node.Mapping
    let node: Node
    let path: String
    let log: ProblemLog

    var keys: [String] { mapping.keys.compactMap { $0.string } }

    func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func optional(_ key: String) -> YAMLValue? {
        guard let v = mapping[key] else { return nil }
        return YAMLValue(node: v, path: child(key), log: log)
    }

    func required(_ key: String, _ expected: String) -> YAMLValue? {
        guard let v = optional(key) else {
            log.report("missing key '\(key)' (\(expected))", at: node, path: path.isEmpty ? key : child(key))
            return nil
        }
        return v
    }

    /// Report every key not in `allowed`, suggesting the closest allowed one.
    func rejectUnknownKeys(_ allowed: [String]) {
        for (k, _) in mapping {
            guard let name = k.string else { continue }
            if allowed.contains(name) { continue }
            if name == "<<" {
                log.report("YAML merge keys (<<) are not supported in scenarios: write the keys out in full, so that every "
                           + "value is checked where it stands", at: k, path: child(name))
                continue
            }
            var message = "unknown key '\(name)'"
            if let near = closest(name, in: allowed) { message += "; did you mean '\(near)'?" }
            message += " (expected one of: \(allowed.joined(separator: ", ")))"
            log.report(message, at: k, path: child(name))
        }
    }

    /// For a one-key mapping like `{ gamma: {...} }`: the key and its value.
    func single(_ expected: String, allowed: [String]) -> (String, YAMLValue)? {
        guard mapping.count == 1, let (k, v) = mapping.first(where: { _ in true }), let name = k.string else {
            log.report("expected \(expected): exactly one of \(allowed.joined(separator: ", "))", at: node, path: path)
            return nil
        }
        guard allowed.contains(name) else {
            var message = "unknown kind '\(name)'"
            if let near = closest(name, in: allowed) { message += "; did you mean '\(near)'?" }
            message += " (expected \(expected): one of \(allowed.joined(separator: ", ")))"
            log.report(message, at: k, path: child(name))
            return nil
        }
        return (name, YAMLValue(node: v, path: child(name), log: log))
    }
}

/// Shortest-form number for messages: 0.3, 1.2e-05, 45.
/// `text` as a whole number: digits, or exponent notation whose value is whole and within Int.
func wholeNumber(_ text: String) -> Int? {
    if let v = Int(text) { return v }
    guard text.contains(where: { $0 == "e" || $0 == "E" }), let d = Double(text), d.isFinite, d == d.rounded(),
          abs(d) <= 9_007_199_254_740_992 else { return nil }  // 2^53: every whole Double below is exact
    return Int(d)
}

/// One wording for a bounded number, naming both bounds (issue #23, item 6): "a fixed cost ≥ 0"
/// checked within [0, 1e9] reads "a fixed cost in [0, 1e9]"; a description that already states
/// its interval is kept as written.
func describing(_ what: String, within range: ClosedRange<Double>) -> String {
    if what.contains(" in [") || what.contains(" in (") { return what }
    let noun = what.hasSuffix(" ≥ 0") ? String(what.dropLast(4)) : what
    return "\(noun) in [\(formatBound(range.lowerBound)), \(formatBound(range.upperBound))]"
}

/// A range bound as people write it: 1e9 rather than 1000000000.
func formatBound(_ v: Double) -> String {
    if !v.isFinite { return v > 0 ? "∞" : "-∞" }
    let e = log10(abs(v))
    if abs(v) >= 1e6, e == e.rounded() { return "\(v < 0 ? "-" : "")1e\(Int(e))" }
    return formatNumber(v)
}

func formatNumber(_ v: Double) -> String {
    if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
    return "\(v)"
}

/// The allowed word nearest to a misspelt one (Levenshtein distance ≤ 2), for "did you mean".
func closest(_ word: String, in candidates: [String]) -> String? {
    func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased()), b = Array(b.lowercased())
        var prev = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var cur = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return prev[b.count]
    }
    let scored = candidates.map { ($0, distance(word, $0)) }.filter { $0.1 <= 2 }
    return scored.min { $0.1 < $1.1 }?.0
}
