import Foundation

/// A model's name as model files, `--model` and scenario files spell it ("bgnbd", "paretonbd",
/// "gamma_gamma", "sbg"; DESIGN.md §7).
///
/// A name, not a closed enum: each model declares its own kind in its own file
/// (`extension ModelKind { public static let bgnbd = ModelKind(registering: "bgnbd") }`) and
/// ``ModelRegistry`` lists the models, so adding one touches neither this file nor any switch.
/// Names that come from outside — ``init(rawValue:)``, decoding, `CaseIterable` — go through the
/// registry: an unknown name is nil, or an error naming the known models.
public struct ModelKind: RawRepresentable, Hashable, Sendable, CaseIterable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// The kind of a registered model, or nil for a name no registered model has.
    public init?(rawValue: String) {
        guard ModelRegistry.all.contains(where: { $0.kind.rawValue == rawValue }) else { return nil }
        self.rawValue = rawValue
    }

    /// Declare a model's kind (in the model's own file). Unchecked: the registry is built from these.
    public init(registering name: String) { rawValue = name }

    /// The registered kinds, in registry order.
    public static var allCases: [ModelKind] { ModelRegistry.all.map { $0.kind } }

    public var description: String { rawValue }

    /// Decodes a name and looks it up: an unknown one throws ``ModelRegistryError/unknownModel(_:known:)``.
    public init(from decoder: Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        self = try ModelRegistry.model(named: name).kind
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}
