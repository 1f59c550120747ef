/// Order statistics of pooled samples without sorting them: a most-significant-digit radix
/// selection on the same keys as ``RadixSort`` (11-bit digits): one pass to count the top digit,
/// one to gather the values whose top digit holds a wanted rank, then the same on ever smaller
/// candidate sets. O(n), and no copy of the pooled data.
///
/// ```swift
/// OrderStatistics.select(in: [[3, 1], [2]], ranks: [0, 2]) // [1, 3]
/// ```
public enum OrderStatistics {
    /// The values at `ranks` (0-based) of the concatenated samples sorted ascending, exactly as
    /// `RadixSort.sorted` (and the standard library's stable sort) would place them, including
    /// which of −0 and +0 lands at a rank. Samples must not contain NaN.
    public static func select(in samples: [[Double]], ranks: [Int]) -> [Double] {
        let n = samples.reduce(0) { $0 + $1.count }
        precondition(ranks.allSatisfy { $0 >= 0 && $0 < n }, "rank out of range")
        let digitBits = 11, buckets = 1 << digitBits
        let topShift = UInt64(64 - digitBits)
        // Level 0 over the samples themselves.
        var counts = [Int](repeating: 0, count: buckets)
        for sample in samples {
            for x in sample { counts[Int(RadixSort.key(x) >> topShift)] += 1 }
        }
        var starts = [Int](repeating: 0, count: buckets)
        for b in 1..<buckets { starts[b] = starts[b - 1] + counts[b - 1] }
        func bucket(of rank: Int) -> Int {
            var b = 0
            while starts[b] + counts[b] <= rank { b += 1 }
            return b
        }
        // Gather the keys of every top-digit bucket a rank falls in (in one pass).
        let wanted = Set(ranks.map(bucket(of:)))
        var gathered: [Int: [UInt64]] = [:]
        for b in wanted { gathered[b] = []; gathered[b]!.reserveCapacity(counts[b]) }
        for sample in samples {
            for x in sample {
                let key = RadixSort.key(x)
                let b = Int(key >> topShift)
                if wanted.contains(b) { gathered[b]!.append(key) }
            }
        }
        return ranks.map { rank in
            let b = bucket(of: rank)
            let key = selectKey(gathered[b]!, rank: rank - starts[b], shift: Int(topShift))
            let value = Double(bitPattern: key >> 63 != 0 ? key & ~(1 << 63) : ~key)
            return value == 0 ? zero(atRank: rank, in: samples) : value
        }
    }

    /// The key of rank `rank` among `keys`, all of which share the bits above `shift`.
    static func selectKey(_ keys: [UInt64], rank: Int, shift: Int) -> UInt64 {
        var keys = keys, rank = rank, shift = shift
        while shift > 0 && keys.count > 1 {
            let bits = Swift.min(11, shift)
            shift -= bits
            let mask = UInt64(1 << bits - 1)
            var counts = [Int](repeating: 0, count: 1 << bits)
            for k in keys { counts[Int((k >> UInt64(shift)) & mask)] += 1 }
            var b = 0
            while counts[b] <= rank { rank -= counts[b]; b += 1 }
            keys = keys.filter { Int(($0 >> UInt64(shift)) & mask) == b }
        }
        return keys[0]
    }

    /// −0 and +0 have one key; the stable order puts the zeros in input order, so the zero at
    /// `rank` is the (rank − negatives)-th zero met in the samples.
    static func zero(atRank rank: Int, in samples: [[Double]]) -> Double {
        var negatives = 0
        for sample in samples { for x in sample where x < 0 { negatives += 1 } }
        var index = rank - negatives
        for sample in samples {
            for x in sample where x == 0 {
                if index == 0 { return x }
                index -= 1
            }
        }
        preconditionFailure("no zero at rank \(rank)")
    }
}
