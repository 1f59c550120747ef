// swift-tools-version: 6.1
// libFuzzer targets over CLVLab's input readers (issue #8) and the engine on
// the scenarios they accept (issue #23). Kept out of the main package so the
// ordinary build never needs the fuzzer runtime. See Fuzz/README.md. The root is named "CLVLab"
// here: SwiftPM would otherwise name a path dependency by its folder, which is any clone's name.
import PackageDescription

let package = Package(
    name: "CLVLabFuzz",
    dependencies: [.package(name: "CLVLab", path: "..")],
    targets: [
        .executableTarget(name: "FuzzScenario", dependencies: [.product(name: "CLVSimulation", package: "CLVLab")],
                          swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
        .executableTarget(name: "FuzzCSV", dependencies: [.product(name: "CLVModels", package: "CLVLab"),
                                                           .product(name: "CLVEvaluation", package: "CLVLab")],
                          swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
        .executableTarget(name: "FuzzEngine", dependencies: [.product(name: "CLVSimulation", package: "CLVLab")],
                          swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
    ]
)
