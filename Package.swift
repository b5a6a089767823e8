// swift-tools-version:6.0
import PackageDescription

// smap has no third-party dependencies by design: the toolchain
// (Swift, Foundation, Swift Testing) is the whole supply chain.
//
// One target per stage of the pipeline, each depending only on the stages
// before it:
//
//   SmapCore → SmapSyntax → SmapModel → SmapCheck → SmapLayout → SmapEmit
//                                              ↘ SmapAuthoring
//
// A target can import only what it lists here, and `.ci/run` builds with
// `--explicit-target-dependency-import-check error`, so a back-edge (Syntax
// importing Model, Layout importing Emit, …) fails the build; the
// "Architecture" tests hold the same order. See docs/contributing.md.
let stages: [(name: String, dependencies: [String])] = [
    // Source files and ranges, diagnostics and the message catalog, the
    // shared vocabulary (durations, step kinds), text output and escaping.
    ("SmapCore", []),
    // Tokens and the syntax tree; the parser always returns a tree.
    ("SmapSyntax", ["SmapCore"]),
    // The resolved model: names replaced by indices, no syntax left.
    ("SmapModel", ["SmapCore", "SmapSyntax"]),
    // Diagnostics about the model, rule proofs; makes the CheckedMap.
    ("SmapCheck", ["SmapCore", "SmapSyntax", "SmapModel"]),
    // Geometry of a checked map; knows nothing of HTML.
    ("SmapLayout", ["SmapCore", "SmapModel", "SmapCheck"]),
    // The outputs: HTML, JSON, DOT, …; each reads a CheckedMap (+ layout).
    ("SmapEmit", ["SmapCore", "SmapModel", "SmapCheck", "SmapLayout"]),
    // fmt and diff: work on the text and on two compilations.
    ("SmapAuthoring", ["SmapCore", "SmapSyntax", "SmapModel", "SmapCheck"]),
]

let package = Package(
    name: "smap",
    products: [
        .library(name: "SmapKit", targets: ["SmapKit"]),
        .executable(name: "smap", targets: ["smap"]),
    ],
    targets: stages.map { stage in
        .target(name: stage.name, dependencies: stage.dependencies.map { .target(name: $0) })
    } + [
        // The whole library as one module (re-exports every stage).
        .target(name: "SmapKit", dependencies: stages.map { .target(name: $0.name) }),
        // Generated maps of any size, for benchmarks, tests and fuzzing.
        .target(name: "SmapGenerate", dependencies: ["SmapCore"]),
        // `smap serve`: the live preview's HTTP server, watcher and rebuilds.
        .target(name: "SmapServe", dependencies: ["SmapKit"]),
        // The tools also name the stages themselves: SwiftPM then rebuilds them
        // when a stage changes (through SmapKit's re-export alone it may not).
        .executableTarget(name: "smap", dependencies: ["SmapKit", "SmapServe"] + stages.map { .target(name: $0.name) }),
        // Benchmarks (scripts/bench): generated maps, each stage timed.
        .executableTarget(name: "smap-bench",
                          dependencies: ["SmapKit", "SmapGenerate"] + stages.map { .target(name: $0.name) }),
        .testTarget(
            name: "SmapKitTests",
            dependencies: ["SmapKit", "SmapGenerate", "SmapServe"],
            path: "Tests/SmapKitTests"
        ),
    ]
)
