// swift-tools-version:6.0
import PackageDescription

// smap has no third-party dependencies by design: the toolchain
// (Swift, Foundation, Swift Testing) is the whole supply chain.
let package = Package(
    name: "smap",
    products: [
        .library(name: "SmapKit", targets: ["SmapKit"]),
        .executable(name: "smap", targets: ["smap"]),
    ],
    targets: [
        .target(name: "SmapKit"),
        .executableTarget(name: "smap", dependencies: ["SmapKit"]),
        // Benchmarks (scripts/bench): generated maps, each stage timed.
        .executableTarget(name: "smap-bench", dependencies: ["SmapKit"]),
        .testTarget(
            name: "SmapKitTests",
            dependencies: ["SmapKit"],
            path: "Tests/SmapKitTests"
        ),
    ]
)
