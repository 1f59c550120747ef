import Dispatch

/// Sums over many groups on all cores, reproducibly.
enum ParallelSum {
    /// Terms per chunk: fixed, so the additions are the same on any machine.
    static let chunk = 16_384

    /// Σ over `0..<count` of `partial(range)` for consecutive ranges of ``chunk`` indices, the
    /// partial sums added in range order. Below two chunks, a plain loop.
    static func ordered(count: Int, _ partial: @Sendable (Range<Int>) -> Double) -> Double {
        let chunks = (count + chunk - 1) / chunk
        if chunks <= 1 { return partial(0..<count) }
        let sums = UnsafeMutableBufferPointer<Double>.allocate(capacity: chunks)
        defer { sums.deallocate() }
        nonisolated(unsafe) let slots = sums
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            slots[c] = partial((c * chunk)..<min(count, (c + 1) * chunk))
        }
        return sums.reduce(0, +)
    }
}
