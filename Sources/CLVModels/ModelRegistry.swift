/// The one map from a model name to its type (DESIGN.md §1 "Models"). Fitting, scoring, model
/// files, scenario loaders and scorers look models up here instead of switching on a kind.
///
/// Adding a model (MBG/NBD, say) is its own file — the type, its `ModelKind` and its
/// ``RegisteredModel`` conformance — one line in ``all`` and its tests.
public enum ModelRegistry {
    /// Every registered model, in the order `--help` and error messages list them.
    public static let all: [any RegisteredModel.Type] = [
        BGNBD.self,
        ParetoNBD.self,
        GammaGamma.self,
        ShiftedBetaGeometric.self,
    ]

    /// The registered names ("bgnbd", "paretonbd", "gamma_gamma", "sbg").
    public static var names: [String] { all.map { $0.kind.rawValue } }

    /// The model called `name`; an unknown name is an error naming the known models.
    public static func model(named name: String) throws(ModelFileError) -> any RegisteredModel.Type {
        guard let m = all.first(where: { $0.kind.rawValue == name }) else { throw .unknownModel(name, known: names) }
        return m
    }

    /// The model of a kind.
    public static func model(for kind: ModelKind) throws(ModelFileError) -> any RegisteredModel.Type {
        try model(named: kind.rawValue)
    }

    /// The registered models of each family (what a loader that needs one family accepts).
    public static var purchaseModels: [any PurchaseModel.Type] { all.compactMap { $0 as? any PurchaseModel.Type } }
    public static var monetaryValueModels: [any MonetaryValueModel.Type] { all.compactMap { $0 as? any MonetaryValueModel.Type } }
    public static var lifetimeProcesses: [any LifetimeProcess.Type] { all.compactMap { $0 as? any LifetimeProcess.Type } }

    /// The typed parameters of a model file, as its registered type.
    public static func load(_ file: FittedModel) throws(ModelFileError) -> any RegisteredModel {
        try model(for: file.model).load(file)
    }

    /// A model file's transaction model; another family is an error naming the purchase models.
    public static func purchaseModel(_ file: FittedModel) throws(ModelFileError) -> any PurchaseModel {
        try load(file, as: (any PurchaseModel).self, family: purchaseModels.map { $0.kind })
    }

    /// A model file's spend model.
    public static func monetaryValueModel(_ file: FittedModel) throws(ModelFileError) -> any MonetaryValueModel {
        try load(file, as: (any MonetaryValueModel).self, family: monetaryValueModels.map { $0.kind })
    }

    /// A model file's lifetime (P(alive at t) of a new customer): a purchase or a contractual model.
    public static func lifetimeProcess(_ file: FittedModel) throws(ModelFileError) -> any LifetimeProcess {
        try load(file, as: (any LifetimeProcess).self, family: lifetimeProcesses.map { $0.kind })
    }

    private static func load<F>(_ file: FittedModel, as _: F.Type, family: [ModelKind]) throws(ModelFileError) -> F {
        guard let m = try load(file) as? F else { throw .unsuitableModel(found: file.model, expected: family) }
        return m
    }
}
