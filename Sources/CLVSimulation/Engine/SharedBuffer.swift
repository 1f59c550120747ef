/// A zero-initialised buffer shared by workers that write disjoint index ranges; freed with
/// its last reference.
final class SharedBuffer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(count: Int) where Element: Numeric {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: 0, count: max(count, 1))
    }

    /// A buffer every element of which its users write before reading, so it is not zeroed
    /// first: the workers then fault in its pages in parallel as they fill them, instead of
    /// one thread zeroing hundreds of megabytes before the run starts.
    init(filledByWorkers count: Int) where Element: BitwiseCopyable {
        self.count = count
        base = .allocate(capacity: max(count, 1))
    }

    subscript(i: Int) -> Element {
        get { base[i] }
        set { base[i] = newValue }
    }

    deinit { base.deallocate() }
}
