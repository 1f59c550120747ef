import Foundation
import Testing
@testable import CLVWorkflows

@Suite struct ResultsWriterTests {
    /// The oracle is the file system itself: the bytes read back and a folder with no stray
    /// temporary names.
    @Test func atomicWriteLeavesOnlyTheFileWithItsBytes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clvlab-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("summary.json")
        try ResultsWriter.writeAtomically(Data("old".utf8), to: file)
        try ResultsWriter.writeAtomically(Data("new".utf8), to: file)
        #expect(try String(contentsOf: file, encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["summary.json"])
    }
}
