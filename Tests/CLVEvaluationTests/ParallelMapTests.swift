import Testing
@testable import CLVEvaluation

struct ParallelMapTests {
    @Test func keepsIndexOrderAndThrowsTheFirstFailingIndex() throws {
        #expect(try parallelMap(1_000) { (i: Int) throws(EvaluationError) -> Int in i * i } == (0..<1_000).map { $0 * $0 })
        #expect(try parallelMap(0) { (i: Int) throws(EvaluationError) -> Int in i }.isEmpty)
        for _ in 0..<20 {
            do {
                _ = try parallelMap(64) { (i: Int) throws(EvaluationError) -> Int in
                    if i % 10 == 7 { throw .insufficientData("index \(i)") }
                    return i
                }
                Issue.record("no error thrown")
            } catch {
                #expect(error == .insufficientData("index 7"))
            }
        }
    }
}
