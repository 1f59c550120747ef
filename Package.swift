// swift-tools-version: 6.1
// CLVLab — Monte Carlo customer-lifetime-value simulation, calibrated with buy-till-you-die models.
// Dependency direction (DESIGN.md §1), one way:
//   clvlab → CLVWorkflows ─→ CLVReport ─┬→ CLVSimulation → CLVModels → Stochastic → CGSL
//                                       └→ CLVEvaluation ─────────────↗
// CLVWorkflows holds the use-cases (simulate, merge, fit, score, …); CLVReport only renders.
import PackageDescription

let package = Package(
    name: "CLVLab",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "clvlab", targets: ["clvlab"]),
        .library(name: "CLVSimulation", targets: ["CLVSimulation"]),
        .library(name: "CLVModels", targets: ["CLVModels"]),
        .library(name: "CLVEvaluation", targets: ["CLVEvaluation"]),
        .library(name: "CLVWorkflows", targets: ["CLVWorkflows"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // MARK: C boundary
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        .target(
            name: "CKeyedRandom",
            dependencies: ["CGSL"]
        ),

        // MARK: Numerical core
        .target(
            name: "Stochastic",
            dependencies: ["CGSL", "CKeyedRandom"]
        ),
        .target(
            name: "CLVModels",
            dependencies: ["Stochastic"]
        ),
        .target(
            name: "CLVSimulation",
            dependencies: ["CLVModels", "Stochastic", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "CLVEvaluation",
            dependencies: ["Stochastic"]
        ),
        .target(
            name: "CLVReport",
            dependencies: ["CLVSimulation", "CLVEvaluation", "Stochastic", .product(name: "Yams", package: "Yams")]
        ),

        // MARK: Use-cases behind the command-line tool
        .target(
            name: "CLVWorkflows",
            dependencies: ["CLVReport", "CLVSimulation", "CLVEvaluation", "CLVModels", "Stochastic", .product(name: "Yams", package: "Yams")]
        ),

        // MARK: Command-line tool (parses, calls a workflow, prints, maps errors to exit codes)
        .executableTarget(
            name: "clvlab",
            dependencies: ["CLVWorkflows", "CLVReport", "CLVSimulation", "CLVEvaluation", "CLVModels",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        // MARK: Tests
        .testTarget(name: "StochasticTests", dependencies: ["Stochastic"]),
        .testTarget(name: "CLVModelsTests", dependencies: ["CLVModels", "Stochastic"], exclude: ["Reference"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CLVSimulationTests", dependencies: ["CLVSimulation", "Stochastic"]),
        .testTarget(name: "CLVEvaluationTests", dependencies: ["CLVEvaluation", "Stochastic"], exclude: ["Reference"]),
        .testTarget(name: "CLVWorkflowsTests", dependencies: ["CLVWorkflows", "CLVReport", "CLVSimulation", "CLVEvaluation", "CLVModels", "Stochastic"]),
        .testTarget(name: "clvlabTests", dependencies: ["clvlab", "CLVWorkflows", "CLVReport"]),
    ],
    swiftLanguageModes: [.v6]
)
