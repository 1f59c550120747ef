import Foundation
import Stochastic

extension Calibration {
    /// Survivor counts `period,survivors` or `year,survivors`, in period order.
    public static func readSurvivors(path: String) throws -> (counts: [Double], unit: String) {
        let data: Data
        do { data = try InputFile.read(path) } catch { throw Problem(error.description) }
        guard let text = String(data: data, encoding: .utf8) else { throw Problem("\(path): the file is not UTF-8 text") }
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard !lines.isEmpty else { throw Problem("\(path): the file is empty") }
        let header = lines.removeFirst().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard header.count >= 2, ["period", "year", "month", "week"].contains(header[0]), header[1] == "survivors" else {
            throw Problem("\(path): expected a header 'period,survivors' (or year,survivors); found \(header.joined(separator: ","))")
        }
        let counts = try lines.enumerated().map { k, line in
            let f = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard f.count >= 2, let v = Double(f[1]), v >= 0 else { throw Problem("\(path): line \(k + 2): expected a survivor count") }
            return v
        }
        return (counts, header[0])
    }
}
