import CLVSimulation
import Foundation

/// libFuzzer entry: any bytes either load as a scenario or produce located problems — never a
/// crash, a hang or a problem without a file name.
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    do {
        let s = try ScenarioLoader.parse(bytes, file: "fuzz.yaml")
        precondition(!s.variants.isEmpty && !s.population.segments.isEmpty)
        precondition(abs(s.population.segments.reduce(0) { $0 + $1.share } - 1) <= 1e-9)
    } catch let error as ScenarioError {
        precondition(!error.problems.isEmpty)
        for p in error.problems { precondition(p.file == "fuzz.yaml" && !p.message.isEmpty) }
    } catch {
        preconditionFailure("unexpected error type: \(error)")
    }
    return 0
}
