// swift-tools-version: 6.1
// CLVLab benchmark suite (ordo-one/benchmark). A package of its own, nested in the repository so
// that the root package — and `swift build` / `make test` there — never sees it or its
// dependencies. Run from the repository root with `make bench`, or:
//   swift package --package-path Benchmarks --scratch-path .build-bench benchmark
// See Benchmarks/README.md.
import PackageDescription

let benchmark = Target.Dependency.product(name: "Benchmark", package: "benchmark")
let plugin = Target.PluginUsage.plugin(name: "BenchmarkPlugin", package: "benchmark")

let package = Package(
    name: "CLVLabBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "CLVLab", path: ".."),
        // The malloc-interposer backend gives the malloc metrics on Swift 6.3; naming the trait
        // also leaves out the default RuntimeInterposer trait and its extra package.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Seeded synthetic RFM summaries and transaction logs (not a benchmark: outside Benchmarks/Benchmarks).
        .target(name: "SyntheticData", path: "Support/SyntheticData"),
        // 1M customers × 36 months per lifetime model, the BG/NBD base with four variants, and a
        // real base of 1M customers (from_customers) beside the same model's synthetic customers.
        .executableTarget(
            name: "Simulation",
            dependencies: [benchmark, "SyntheticData", .product(name: "CLVSimulation", package: "CLVLab")],
            path: "Benchmarks/Simulation",
            plugins: [plugin]
        ),
        // BG/NBD and Pareto/NBD maximum-likelihood fits on 1M-customer RFM summaries.
        .executableTarget(
            name: "Fitting",
            dependencies: [benchmark, "SyntheticData", .product(name: "CLVModels", package: "CLVLab")],
            path: "Benchmarks/Fitting",
            plugins: [plugin]
        ),
        // A 10M-row transaction log read and summarised (what `clvlab summarize` does).
        .executableTarget(
            name: "Summary",
            dependencies: [benchmark, "SyntheticData", .product(name: "CLVModels", package: "CLVLab")],
            path: "Benchmarks/Summary",
            plugins: [plugin]
        ),
    ],
    swiftLanguageModes: [.v6]
)
