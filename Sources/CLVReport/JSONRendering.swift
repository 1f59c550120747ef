import Foundation

/// Every JSON document the tool writes (summary.json and `--format json`): pretty-printed,
/// keys sorted and snake_case (``JSONKeyStyle``).
public enum JSONRendering {
    public static func render<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes, .sortedKeys]
        // Through a tree so keys are renamed without touching the numbers' printed form.
        let tree = try JSONDecoder().decode(JSONTree.self, from: try JSONEncoder().encode(value))
        var data = try encoder.encode(JSONKeyStyle.written(tree))
        data.append(0x0A)
        return data
    }
}
