import Foundation
import Testing
@testable import CLVSimulation

/// Inputs the fuzzer found (Fuzz/Corpus/scenario-found) load or fail with located problems, as
/// the fuzz target requires; kept in the normal suite as regression tests.
@Suite struct ScenarioFuzzCorpusTests {
    @Test func fuzzerFindingsLoadOrFailCleanly() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Fuzz/Corpus/scenario-found").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(files.count >= 20)
        for f in files {
            let data = try Data(contentsOf: dir.appendingPathComponent(f))
            do {
                let s = try ScenarioLoader.parse(data, file: "fuzz.yaml")
                #expect(!s.variants.isEmpty && abs(s.population.segments.reduce(0) { $0 + $1.share } - 1) <= 1e-9, "\(f)")
            } catch let error as ScenarioError {
                #expect(!error.problems.isEmpty && error.problems.allSatisfy { $0.file == "fuzz.yaml" }, "\(f)")
            }
        }
    }
}
