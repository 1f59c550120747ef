import Foundation

/// A progress bar on stderr with customers/s and ETA — only when stderr is a terminal, only
/// after the first second (short runs stay silent), never with --quiet.
final class ProgressBar: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private let start = ContinuousClock.now
    private var lastDraw = ContinuousClock.now
    private var drew = false
    private let label: String

    init(quiet: Bool, label: String = "customers") {
        enabled = !quiet && isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["CLVLAB_QUIET"] == nil
        self.label = label
    }

    func update(done: Int, total: Int) {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        let now = ContinuousClock.now
        let elapsed = Self.seconds(start.duration(to: now))
        guard elapsed > 1, Self.seconds(lastDraw.duration(to: now)) > 0.1 || done == total else { return }
        lastDraw = now
        drew = true
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let width = 30
        let filled = Int(fraction * Double(width))
        let rate = Double(done) / elapsed
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let line = "\r\(bar) \(String(format: "%3.0f", fraction * 100))%  \(Self.compact(rate)) \(label)/s  ETA \(String(format: "%.0f", eta)) s  "
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        if drew { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    static func compact(_ v: Double) -> String {
        v >= 1e6 ? String(format: "%.2fM", v / 1e6) : v >= 1e3 ? String(format: "%.1fk", v / 1e3) : String(format: "%.0f", v)
    }
}
