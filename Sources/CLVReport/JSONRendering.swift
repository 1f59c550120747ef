import Foundation

/// `summary.json`: pretty-printed, keys in contract order.
public enum JSONRendering {
    public static func render<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes, .sortedKeys]
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }
}
