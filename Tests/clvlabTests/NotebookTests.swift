import Foundation
import Testing

/// Bundled notebooks are re-executed and must match their stored outputs; a stale copy fails.
@Suite(.serialized) struct NotebookTests {
    static var notebooks: [String] {
        let dir = CLI.repository.appendingPathComponent("notebooks-md")
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
            .map { "notebooks-md/\($0)" }
    }

    @Test func bundledNotebooksAreCurrent() throws {
        #expect(Self.notebooks.count >= 4)
        let r = try CLI.run(["notebook", "check"] + Self.notebooks)
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test func staleCopyFails() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = try String(contentsOf: CLI.repository.appendingPathComponent("notebooks-md/quick-start.md"), encoding: .utf8)
        // Corrupt one stored number: the validate output's customer count.
        let stale = original.replacingOccurrences(of: "demo-ecommerce: 200000 customers", with: "demo-ecommerce: 200001 customers")
        #expect(stale != original)
        let file = dir.appendingPathComponent("stale.md")
        try stale.write(to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["notebook", "check", file.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("stale output: block at line"))
        // run refreshes it back to the original.
        let fix = try CLI.run(["notebook", "run", file.path])
        #expect(fix.status == 0)
        #expect(try String(contentsOf: file, encoding: .utf8) == original)
    }
}
