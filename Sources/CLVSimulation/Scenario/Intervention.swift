/// A campaign action applied to some customers of a variant (DESIGN.md §3).
/// The kinds and their effects are specified in the interventions issue; a scenario that
/// lists interventions is rejected with a clear message until then.
public struct Intervention: Sendable, Codable, Equatable {
    public var kind: String

    public init(kind: String) { self.kind = kind }
}
