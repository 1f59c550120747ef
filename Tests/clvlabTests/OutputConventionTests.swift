import CLVReport
import Foundation
import Testing

/// Issue #24, items 4 and 7: every JSON output has snake_case keys (bar the documented deprecated
/// aliases) and every CSV number follows one policy (README, "Output files and their columns").
@Suite(.serialized) struct OutputConventionTests {
    static let scenarios = ["cdnow-winback", "demo", "ecommerce-two-segments", "loyalty-programme", "retention-test",
                            "subscription-sbg", "textbook-subscription"]
    static let log = ["data/cdnow/CDNOW_sample.txt", "--preset", "cdnow-sample", "--calibration-end", "1997-09-30"]
    static let observed = "data/experiments/retention-ab.csv"

    static func run(_ arguments: [String]) throws -> String {
        let r = try CLI.run(arguments)
        #expect(r.status == 0, "clvlab \(arguments.joined(separator: " ")): \(r.stderr)")
        return r.stdout
    }

    /// Every command's JSON on bundled data, and the files they write (summary.json, model files).
    static func jsonOutputs(in dir: URL) throws -> [(String, String)] {
        var out: [(String, String)] = []
        func add(_ args: [String]) throws { out.append((args.joined(separator: " "), try run(args))) }
        for s in scenarios { try add(["simulate", "scenarios/\(s).yaml", "--customers", "2000", "--format", "json", "--quiet"]) }
        let results = dir.appendingPathComponent("demo").path
        _ = try run(["simulate", "scenarios/demo.yaml", "--customers", "2000", "--output", results, "--quiet"])
        out.append(("summary.json", try String(contentsOfFile: results + "/summary.json", encoding: .utf8)))
        try add(["compare", results, "--format", "json"])
        let parts = dir.appendingPathComponent("parts").path
        for i in 1...2 { _ = try run(["simulate", "scenarios/demo.yaml", "--customers", "2000", "--shard", "\(i)/2", "--output", parts, "--quiet"]) }
        try add(["merge", parts, "--format", "json", "--quiet"])
        try add(["compare", "--observed", observed, "--baseline", "control", "--bootstrap", "50", "--format", "json"])
        for model in ["bgnbd", "paretonbd", "gamma_gamma"] {
            let file = dir.appendingPathComponent("\(model).json").path
            try add(["fit"] + log + ["--model", model, "--format", "json", "--output", file])
            out.append((file, try String(contentsOfFile: file, encoding: .utf8)))
        }
        try add(["fit", "--survivors", "data/sbg/regular.csv", "--fit-periods", "7", "--model", "sbg", "--format", "json"])
        try add(["power", "scenarios/retention-test.yaml", "--variant", "retention-call", "--metric", "retention", "--periods", "6",
                 "--customers-per-arm", "500", "--tests", "40", "--format", "json", "--quiet"])
        try add(["quick", "--basket", "50", "--frequency", "12", "--lifetime", "3", "--marketing-spend", "1000", "--new-customers", "10",
                 "--margin-per-period", "5", "--discount-rate", "0.01", "--periods", "12", "--acquisition-cost", "20", "--retention", "0.9",
                 "--format", "json"])
        try add(["quick", "--margin-per-period", "5", "--discount-rate", "0.01", "--periods", "12", "--acquisition-cost", "20",
                 "--model", "data/fits/cdnow-bgnbd.json", "--format", "json"])
        try add(["quick", "--scenario", "scenarios/textbook-subscription.yaml", "--format", "json"])
        return out
    }

    /// Keys that break the contract, as "path: key"; each alias must sit beside its snake_case twin with the same value.
    static func badKeys(_ value: Any, path: String = "") -> [String] {
        if let a = value as? [Any] { return a.enumerated().flatMap { badKeys($1, path: "\(path)[\($0)]") } }
        guard let o = value as? [String: Any] else { return [] }
        var bad: [String] = []
        for (key, v) in o {
            bad += badKeys(v, path: "\(path)/\(key)")
            if JSONKeyStyle.isSnakeCase(key) { continue }
            guard let new = JSONKeyStyle.deprecatedAliases[key] else { bad.append("\(path)/\(key): not snake_case"); continue }
            if let twin = o[new] {
                if canonical(twin) != canonical(v) { bad.append("\(path)/\(key): differs from \(new)") }
            } else { bad.append("\(path)/\(key): alias without \(new)") }
        }
        return bad
    }

    static func canonical(_ value: Any) -> Data? { try? JSONSerialization.data(withJSONObject: [value], options: .sortedKeys) }

    @Test func everyJSONKeyIsSnakeCaseOrADocumentedAlias() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outputs = try Self.jsonOutputs(in: dir)
        #expect(outputs.count == 22)
        var aliasesSeen = Set<String>()
        for (source, text) in outputs {
            let json = try JSONSerialization.jsonObject(with: Data(text.utf8))
            let bad = Self.badKeys(json)
            #expect(bad.isEmpty, "\(source): \(bad.prefix(10))")
            aliasesSeen.formUnion(JSONKeyStyle.deprecatedAliases.keys.filter { text.contains("\"\($0)\" :") })
        }
        // The issue's three keys are among the aliases actually written.
        #expect(aliasesSeen.isSuperset(of: ["incrementalValue", "pValue", "kolmogorovSmirnov"]))
    }

    @Test func everyDeprecatedAliasIsDocumented() throws {
        let readme = try String(contentsOf: CLI.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "### Deprecated JSON keys").dropFirst().first?.components(separatedBy: "\n## ").first)
        #expect(section.contains(JSONKeyStyle.aliasesRemovedIn))
        for (old, new) in JSONKeyStyle.deprecatedAliases {
            #expect(section.contains("`\(old)` → `\(new)`"), "README lacks the alias \(old)")
        }
    }

    /// report and compare read summary.json as written before (camelCase only), now (both) and after
    /// the aliases go (snake_case only), with the same result.
    @Test func summaryReadsWithOrWithoutTheAliases() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let results = dir.appendingPathComponent("run").path
        _ = try Self.run(["simulate", "scenarios/loyalty-programme.yaml", "--customers", "2000", "--output", results, "--quiet"])
        let original = try Self.run(["compare", results, "--format", "json"])
        let file = URL(fileURLWithPath: results + "/summary.json")
        let full = try JSONSerialization.jsonObject(with: Data(contentsOf: file))
        for keepAliases in [true, false] {
            let stripped = Self.stripping(full, keepAliases: keepAliases)
            try JSONSerialization.data(withJSONObject: stripped).write(to: file)
            #expect(try Self.run(["compare", results, "--format", "json"]) == original)
            _ = try Self.run(["report", results])
        }
    }

    /// The summary as an earlier version wrote it (aliases kept, their snake_case twins dropped) or
    /// as the next will (aliases dropped).
    static func stripping(_ value: Any, keepAliases: Bool) -> Any {
        if let a = value as? [Any] { return a.map { stripping($0, keepAliases: keepAliases) } }
        guard let o = value as? [String: Any] else { return value }
        let aliases = o.keys.filter { JSONKeyStyle.deprecatedAliases[$0] != nil }
        let drop = Set(keepAliases ? aliases.compactMap { JSONKeyStyle.deprecatedAliases[$0] } : aliases)
        return o.filter { !drop.contains($0.key) }.mapValues { stripping($0, keepAliases: keepAliases) }
    }
}
