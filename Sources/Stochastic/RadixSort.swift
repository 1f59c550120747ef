/// Sorting doubles by a least-significant-digit radix sort of their bit patterns (six passes of
/// 11 bits, skipping digits all values share): O(n), several times faster than the standard
/// library's comparison sort on the million-value arrays a run's statistics sort, and with the
/// same result.
///
/// ```swift
/// RadixSort.sorted([3, -1, 2]) // [-1, 2, 3], as [3, -1, 2].sorted()
/// RadixSort.order([3, -1, 3])  // [1, 0, 2]: ties in index order
/// ```
public enum RadixSort {
    /// Below this many values the standard library's sort is as fast.
    static let threshold = 512

    /// `values.sorted()`: ascending, and stable as the standard library's sort is, so −0 and +0
    /// (equal under `<`) keep their input order. Arrays holding a NaN, whose order `<` leaves
    /// unspecified, are sorted by the standard library.
    public static func sorted(_ values: [Double]) -> [Double] {
        guard values.count >= threshold, !values.contains(where: \.isNaN) else { return values.sorted() }
        var keys = values.map(key)
        // The key gives the value back, except for −0 (keyed as +0): carry the values only then.
        if values.contains(where: { $0 == 0 && $0.sign == .minus }) {
            var payload = values.map(\.bitPattern)
            sort(keys: &keys, payload: &payload)
            return payload.map(Double.init(bitPattern:))
        }
        var none: [UInt64] = []
        sort(keys: &keys, payload: &none)
        return keys.map { Double(bitPattern: $0 >> 63 != 0 ? $0 & ~(1 << 63) : ~$0) }
    }

    /// `values.sort()` in place, by the same keys as ``sorted(_:)``: for a sample built only to be
    /// sorted (a run's net values), so it is not held twice while its sorted copy is made.
    /// - Complexity: O(n).
    public static func sort(_ values: inout [Double]) {
        guard values.count >= threshold, !values.contains(where: \.isNaN) else { values.sort(); return }
        var keys = values.map(key)
        if values.contains(where: { $0 == 0 && $0.sign == .minus }) {
            var payload = values.map(\.bitPattern)
            sort(keys: &keys, payload: &payload)
            for i in values.indices { values[i] = Double(bitPattern: payload[i]) }
            return
        }
        var none: [UInt64] = []
        sort(keys: &keys, payload: &none)
        for i in values.indices { values[i] = Double(bitPattern: keys[i] >> 63 != 0 ? keys[i] & ~(1 << 63) : ~keys[i]) }
    }

    /// The indices of `values` by ascending value, ties in ascending index: the permutation
    /// `values.indices.sorted { (values[$0], $0) < (values[$1], $1) }`.
    public static func order(_ values: [Double]) -> [Int] {
        guard values.count >= threshold, !values.contains(where: \.isNaN) else {
            return values.indices.sorted { (values[$0], $0) < (values[$1], $1) }
        }
        var payload = (0..<UInt64(values.count)).map { $0 }
        var keys = values.map(key)
        sort(keys: &keys, payload: &payload)
        return payload.map { Int($0) }
    }

    /// An unsigned key in the order of `<` on non-NaN doubles: the sign bit flipped for
    /// non-negative values, every bit for negative ones; −0 is mapped to +0's key (they are equal).
    @inline(__always)
    static func key(_ x: Double) -> UInt64 {
        let bits = x == 0 ? 0 : x.bitPattern
        return bits >> 63 != 0 ? ~bits : bits | (1 << 63)
    }

    /// Stable LSD radix sort of `keys`, moving `payload` along (unless it is empty).
    static func sort(keys: inout [UInt64], payload: inout [UInt64]) {
        let n = keys.count
        let carries = !payload.isEmpty
        let digitBits = 11, buckets = 1 << digitBits, digits = 6
        var counts = [Int](repeating: 0, count: buckets * digits)
        var spareKeys = [UInt64](repeating: 0, count: n)
        var sparePayload = [UInt64](repeating: 0, count: carries ? n : 0)
        keys.withUnsafeBufferPointer { k in
            counts.withUnsafeMutableBufferPointer { c in
                for key in k {
                    for d in 0..<digits { c[d * buckets + Int((key >> UInt64(d * digitBits)) & UInt64(buckets - 1))] += 1 }
                }
            }
        }
        for d in 0..<digits {
            let shift = UInt64(d * digitBits), base = d * buckets
            // A digit every key shares leaves the order as it is.
            if counts[base + Int((keys[0] >> shift) & UInt64(buckets - 1))] == n { continue }
            var sum = 0
            for b in 0..<buckets { let c = counts[base + b]; counts[base + b] = sum; sum += c }
            keys.withUnsafeBufferPointer { k in
                payload.withUnsafeBufferPointer { p in
                    spareKeys.withUnsafeMutableBufferPointer { k2 in
                        sparePayload.withUnsafeMutableBufferPointer { p2 in
                            counts.withUnsafeMutableBufferPointer { c in
                                for i in 0..<n {
                                    let slot = base + Int((k[i] >> shift) & UInt64(buckets - 1))
                                    let position = c[slot]
                                    c[slot] = position + 1
                                    k2[position] = k[i]
                                    if carries { p2[position] = p[i] }
                                }
                            }
                        }
                    }
                }
            }
            swap(&keys, &spareKeys)
            swap(&payload, &sparePayload)
        }
    }
}
