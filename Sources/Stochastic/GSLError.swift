internal import CGSL

/// A GSL status code turned into a Swift error. GSL's default handler calls `abort()`;
/// Stochastic switches it off once (see ``GSL/prepare()``) and routes every status code
/// through ``GSL/check(_:_:)`` instead.
public struct GSLError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The GSL status code (`GSL_EDOM`, `GSL_ERANGE`, …).
    public let code: Int32
    /// What was being computed, in the caller's words.
    public let operation: String

    public var description: String {
        let reason = String(cString: gsl_strerror(code))
        return "\(operation): \(reason) (GSL status \(code))"
    }
}

/// Process-wide GSL set-up. A global `let` is initialised once, lazily and thread-safely.
private let errorHandlerIsOff: Void = {
    gsl_set_error_handler_off()
}()

enum GSL {
    /// Turn GSL's abort-on-error handler off; cheap after the first call.
    @inline(__always)
    static func prepare() { _ = errorHandlerIsOff }

    /// Map a GSL status code to a Swift error.
    @inline(__always)
    static func check(_ status: Int32, _ operation: @autoclosure () -> String) throws(GSLError) {
        if status != Int32(GSL_SUCCESS) { throw GSLError(code: status, operation: operation()) }
    }
}
