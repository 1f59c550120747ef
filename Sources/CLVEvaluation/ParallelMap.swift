import Dispatch
import Synchronization

/// `(0..<count).map(body)` on all cores, in index order; the first failing index's error is
/// thrown (so which error surfaces does not depend on scheduling). For independent statistics
/// of million-value samples (per variant, per comparison), each of which is mostly sequential.
public func parallelMap<T: Sendable>(_ count: Int, _ body: (Int) throws(EvaluationError) -> T) throws(EvaluationError) -> [T] {
    let results = Mutex([Result<T, EvaluationError>?](repeating: nil, count: count))
    withoutActuallyEscaping(body) { body in
        let shared = UncheckedBody(body)
        DispatchQueue.concurrentPerform(iterations: count) { i in
            let r: Result<T, EvaluationError>
            do throws(EvaluationError) { r = .success(try shared.body(i)) } catch { r = .failure(error) }
            results.withLock { $0[i] = r }
        }
    }
    var out: [T] = []
    out.reserveCapacity(count)
    for r in results.withLock({ $0 }) {
        switch r! {
        case .success(let x): out.append(x)
        case .failure(let e): throw e
        }
    }
    return out
}

/// The body is only read concurrently and each call touches disjoint state of its own.
private struct UncheckedBody<T>: @unchecked Sendable {
    let body: (Int) throws(EvaluationError) -> T
    init(_ body: @escaping (Int) throws(EvaluationError) -> T) { self.body = body }
}
