// swift-tools-version: 6.1
// libFuzzer targets over CLVLab's input readers (issue #8). Kept out of the main package so the
// ordinary build never needs the fuzzer runtime. See Fuzz/README.md.
import PackageDescription

let package = Package(
    name: "CLVLabFuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(name: "FuzzScenario", dependencies: [.product(name: "CLVSimulation", package: "main")],
                          swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
        .executableTarget(name: "FuzzCSV", dependencies: [.product(name: "CLVModels", package: "main"),
                                                           .product(name: "CLVEvaluation", package: "main")],
                          swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
    ]
)
