import Foundation
import Testing

/// The stages are targets with one-way dependencies (Package.swift). These
/// tests hold the source to that order: a stage imports only the stages
/// Package.swift lists for it, and every dependency comes earlier in the
/// pipeline, so a back-edge fails here as well as in the build
/// (`.ci/run` builds with `--explicit-target-dependency-import-check error`).
@Suite("Architecture")
struct ArchitectureTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `("SmapSyntax", ["SmapCore"])` lines of Package.swift's stage list, in order.
    static func stages() throws -> [(name: String, dependencies: [String])] {
        let text = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: #"^\s*\("(Smap\w+)",\s*\[([^\]]*)\]\),"#, options: .anchorsMatchLines)
        let ns = text as NSString
        return pattern.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
            let deps = ns.substring(with: m.range(at: 2)).split(separator: ",")
                .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"")) }.filter { !$0.isEmpty }
            return (ns.substring(with: m.range(at: 1)), deps)
        }
    }

    static func imports(of target: String) throws -> [(file: String, module: String)] {
        let folder = root.appendingPathComponent("Sources/\(target)")
        let files = try FileManager.default.subpathsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }.sorted()
        var result: [(String, String)] = []
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ")
                if let i = words.firstIndex(of: "import"), i + 1 < words.count, words[words.startIndex..<i].allSatisfy({ $0.hasPrefix("@") }),
                   words[i + 1].hasPrefix("Smap") {
                    result.append((file, String(words[i + 1])))
                }
            }
        }
        return result
    }

    @Test("the stages are the pipeline, in order, each depending only on earlier ones")
    func stagesAreOneWay() throws {
        let stages = try Self.stages()
        #expect(Array(stages.map(\.name).prefix(7)) == ["SmapCore", "SmapSyntax", "SmapModel", "SmapCheck",
                                                         "SmapLayout", "SmapEmit", "SmapAuthoring"])
        var earlier: Set<String> = []
        for stage in stages {
            for dependency in stage.dependencies {
                #expect(earlier.contains(dependency), "\(stage.name) depends on \(dependency), which is not an earlier stage")
            }
            earlier.insert(stage.name)
        }
        #expect(stages.first?.dependencies.isEmpty == true, "the core depends on nothing")
    }

    @Test("a stage imports only what Package.swift lists for it")
    func importsFollowPackage() throws {
        for stage in try Self.stages() {
            for (file, module) in try Self.imports(of: stage.name) {
                #expect(stage.dependencies.contains(module),
                        "Sources/\(stage.name)/\(file) imports \(module), which \(stage.name) does not depend on")
            }
        }
    }

    @Test("the misplaced pieces stay where they belong")
    func noKnownBackEdges() throws {
        // Things that once lived in the wrong stage: each is named by where it must not be.
        let checks: [(target: String, forbidden: String, why: String)] = [
            ("SmapEmit", "Diagnostic(.", "an emitter makes no diagnostics; checking belongs to SmapCheck"),
            ("SmapEmit", "ViewProjection(model:", "views and party maps are projected once, by the checker"),
            ("SmapLayout", "ViewProjection(model:", "views and party maps are projected once, by the checker"),
            ("SmapCore", "InfoDocument", "the core knows nothing of the model"),
        ]
        for check in checks {
            let folder = Self.root.appendingPathComponent("Sources/\(check.target)")
            for file in try FileManager.default.subpathsOfDirectory(atPath: folder.path) where file.hasSuffix(".swift") {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                #expect(!text.contains(check.forbidden), "Sources/\(check.target)/\(file): \(check.forbidden) — \(check.why)")
            }
        }
    }
}
