import Foundation
import Testing
@testable import SmapCore
@testable import SmapSyntax
@testable import SmapModel
@testable import SmapCheck
@testable import SmapLayout
@testable import SmapEmit
@testable import SmapAuthoring
import SmapGenerate

/// `smap build`, `smap json|dot`, `smap schema` through the real executable,
/// and ``Publisher`` directly: all-or-nothing writes, exit codes, nothing on
/// standard output when the map has errors.
@Suite("Build and emit commands")
struct BuildTests {
    // MARK: - Running smap

    struct Run {
        var status: Int32
        var stdout: Data
        var stderr: String
        var out: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// The `smap` executable built beside the test bundle.
    static var executable: String? {
        var candidates: [String] = []
        if let first = CommandLine.arguments.first {
            var url = URL(fileURLWithPath: first).deletingLastPathComponent()
            for _ in 0..<4 {
                candidates.append(url.appendingPathComponent("smap").path)
                url.deleteLastPathComponent()
            }
        }
        candidates.append(ExternalTool.packageRoot.appendingPathComponent(".build/debug/smap").path)
        return candidates.first { path in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && !isFolder.boolValue
                && FileManager.default.isExecutableFile(atPath: path)
        }
    }

    static func smap(_ arguments: [String], in folder: URL) throws -> Run {
        let path = try #require(executable, "the smap executable is not built (swift build)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments + ["--lang", "en"]
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let group = DispatchGroup()
        group.enter()
        let errHandle = err.fileHandleForReading
        DispatchQueue.global().async {
            errBox.data = errHandle.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: outData, stderr: String(decoding: errBox.data, as: UTF8.self))
    }

    /// A fresh folder with copies of the maps the tests use.
    static func workspace() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("smap-build-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let root = ExternalTool.packageRoot
        for (from, to) in [("examples/minimal.smap", "minimal.smap"), ("examples/views.smap", "views.smap"),
                           (ShippedMaps.hostile, "hostile.smap")] {
            try FileManager.default.copyItem(at: root.appendingPathComponent(from), to: folder.appendingPathComponent(to))
        }
        try Data(Self.brokenMap.utf8).write(to: folder.appendingPathComponent("broken.smap"))
        return folder
    }

    static let brokenMap = """
        map "Trasig" {}
        lane soc "Socialtjänsten" { color "#b71c1c" }
        step a "A" in soc { start actualise info "i" }
        step b "B" in nowhere { end info "i" }
        a -> b
        """

    static func contents(_ folder: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            var isFolder: ObjCBool = false
            let path = folder.appendingPathComponent(name).path
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
            out[name] = isFolder.boolValue ? Data("<folder>".utf8) : try Data(contentsOf: URL(fileURLWithPath: path))
        }
        return out
    }

    static func hiddenLeftovers(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".smap-") }
    }

    // MARK: - build

    @Test("build writes every output, equal to the library's, and says so")
    func buildWrites() throws {
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Self.smap(["build", "views.smap", "-o", "site"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.out.contains("site/map.json"))
        let site = folder.appendingPathComponent("site")
        let files = try Self.contents(site)
        let compilation = try Compiler.compile(path: folder.appendingPathComponent("views.smap").path)
        let expected = Publisher.outputs(for: compilation, view: nil)
        #expect(Set(files.keys) == Set(expected.map(\.name)))
        for file in expected { #expect(files[file.name] == Data(file.contents.utf8), "\(file.name)") }
        #expect(try Self.hiddenLeftovers(folder).isEmpty)
    }

    @Test("build writes to 'site' by default, and a view with --view")
    func buildDefaultsAndView() throws {
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Self.smap(["build", "views.smap", "--view", "latt"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let json = try String(contentsOf: folder.appendingPathComponent("site/map.json"), encoding: .utf8)
        #expect(json.contains("\"id\": \"latt\""))
        let dot = try String(contentsOf: folder.appendingPathComponent("site/map.dot"), encoding: .utf8)
        #expect(!dot.contains("\"komplettering\""))
    }

    @Test("a map with errors leaves an existing folder untouched, prints nothing on stdout, exits 1")
    func buildWithErrorsTouchesNothing() throws {
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let site = folder.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        try Data("old json".utf8).write(to: site.appendingPathComponent("map.json"))
        try Data("marker".utf8).write(to: site.appendingPathComponent("MARKER"))
        let before = try Self.contents(site)
        let modified = try FileManager.default.attributesOfItem(atPath: site.path)[.modificationDate] as? Date

        let run = try Self.smap(["build", "broken.smap", "-o", "site"], in: folder)
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("E106"))
        #expect(run.stderr.contains("nothing was written"))
        #expect(try Self.contents(site) == before)
        #expect(try FileManager.default.attributesOfItem(atPath: site.path)[.modificationDate] as? Date == modified)
        #expect(try Self.hiddenLeftovers(folder).isEmpty)

        // A folder that does not exist is not created either.
        let none = try Self.smap(["build", "broken.smap", "-o", "fresh"], in: folder)
        #expect(none.status == 1)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("fresh").path))
    }

    @Test("a successful build replaces the outputs and keeps the folder's other files")
    func buildReplaces() throws {
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let site = folder.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: site.appendingPathComponent("bilder"), withIntermediateDirectories: true)
        try Data("old".utf8).write(to: site.appendingPathComponent("map.json"))
        try Data("old".utf8).write(to: site.appendingPathComponent("map.dot"))
        try Data("old".utf8).write(to: site.appendingPathComponent("index.html"))
        try Data("marker".utf8).write(to: site.appendingPathComponent("CNAME"))
        try Data("png".utf8).write(to: site.appendingPathComponent("bilder/a.png"))

        let run = try Self.smap(["build", "minimal.smap", "-o", "site"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let files = try Self.contents(site)
        #expect(files["map.json"] != Data("old".utf8))
        #expect(files["map.dot"] != Data("old".utf8))
        #expect(files["CNAME"] == Data("marker".utf8))
        #expect(try Data(contentsOf: site.appendingPathComponent("bilder/a.png")) == Data("png".utf8))
        // The build makes index.html, map.json and map.dot: each old file is
        // replaced by the new output, byte for byte.
        let outputs = Publisher.outputs(for: try Compiler.compile(path: folder.appendingPathComponent("minimal.smap").path), view: nil)
        #expect(outputs.map(\.name).sorted() == ["index.html", "map.dot", "map.json"])
        for output in outputs { #expect(files[output.name] == Data(output.bytes), "\(output.name)") }
        #expect(Set(files.keys) == Set(outputs.map(\.name) + ["CNAME", "bilder"]))
        #expect(try Self.hiddenLeftovers(folder).isEmpty)
    }

    @Test("two builds give byte-identical files")
    func buildDeterministic() throws {
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try Self.smap(["build", "hostile.smap", "-o", "one"], in: folder).status == 0)
        #expect(try Self.smap(["build", "hostile.smap", "-o", "two"], in: folder).status == 0)
        let one = try Self.contents(folder.appendingPathComponent("one"))
        #expect(one.count >= 2)
        #expect(one == (try Self.contents(folder.appendingPathComponent("two"))))
    }

    @Test("an output folder that cannot be made exits 2 with a message and writes nothing")
    func buildUnwritable() throws {
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("a file".utf8).write(to: folder.appendingPathComponent("plain"))
        let before = try Self.contents(folder)

        let under = try Self.smap(["build", "minimal.smap", "-o", "plain/site"], in: folder)
        #expect(under.status == 2)
        #expect(under.stderr.contains("plain/site"))
        #expect(under.stdout.isEmpty)

        let onFile = try Self.smap(["build", "minimal.smap", "-o", "plain"], in: folder)
        #expect(onFile.status == 2)
        #expect(onFile.stderr.contains("is a file"))
        #expect(try Self.contents(folder) == before)
    }

    @Test("build refuses a folder that holds the map or the working folder")
    func buildRefusesSourceFolder() throws {
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try Self.contents(folder)
        for target in [".", folder.path, "..", "/"] {
            let run = try Self.smap(["build", "minimal.smap", "-o", target], in: folder)
            #expect(run.status == 2, "\(target)")
            #expect(run.stderr.contains("will not build into"), "\(target): \(run.stderr)")
        }
        #expect(try Self.contents(folder) == before)
    }

    // MARK: - json, dot, schema

    @Test("json and dot print the library's output; -o writes the same bytes")
    func singleOutputs() throws {
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let compilation = try Compiler.compile(path: folder.appendingPathComponent("hostile.smap").path)
        let json = try Self.smap(["json", "hostile.smap"], in: folder)
        #expect(json.status == 0)
        #expect(json.stderr.isEmpty)
        #expect(json.out == JSONModel.render(compilation))
        let again = try Self.smap(["json", "hostile.smap"], in: folder)
        #expect(again.stdout == json.stdout)
        let dot = try Self.smap(["dot", "hostile.smap", "--view", "soc_karta"], in: folder)
        let view = try #require(compilation.model.viewIndex["soc_karta"])
        #expect(dot.out == DOTEmitter.render(compilation, view: view))

        let written = try Self.smap(["json", "hostile.smap", "-o", "model.json"], in: folder)
        #expect(written.status == 0)
        #expect(written.stdout.isEmpty)
        #expect(try Data(contentsOf: folder.appendingPathComponent("model.json")) == json.stdout)
    }

    @Test("json and dot with errors: diagnostics on stderr, nothing on stdout, no file, exit 1")
    func singleWithErrors() throws {
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        for command in ["json", "dot"] {
            let run = try Self.smap([command, "broken.smap", "-o", "out.txt"], in: folder)
            #expect(run.status == 1)
            #expect(run.stdout.isEmpty)
            #expect(run.stderr.contains("error[E106]"))
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out.txt").path))
            let toStdout = try Self.smap([command, "broken.smap"], in: folder)
            #expect(toStdout.status == 1)
            #expect(toStdout.stdout.isEmpty)
        }
    }

    @Test("an unknown --view lists the views and exits 1")
    func unknownView() throws {
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        for command in ["json", "dot", "build"] {
            let run = try Self.smap([command, "views.smap", "--view", "lat"], in: folder)
            #expect(run.status == 1)
            #expect(run.stdout.isEmpty)
            #expect(run.stderr.contains("E123"))
            #expect(run.stderr.contains("latt, soc_karta, utan_jobbtorg"))
            #expect(run.stderr.contains("did you mean 'latt'?"))
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("site").path))
        let none = try Self.smap(["json", "minimal.smap", "--view", "x"], in: folder)
        #expect(none.status == 1)
        #expect(none.stderr.contains("no views"))
    }

    @Test("usage and I/O problems exit 2; --help exits 0")
    func usage() throws {
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try Self.smap(["json"], in: folder).status == 2)
        #expect(try Self.smap(["json", "missing.smap"], in: folder).status == 2)
        #expect(try Self.smap(["dot", "minimal.smap", "views.smap"], in: folder).status == 2)
        #expect(try Self.smap(["build", "minimal.smap", "--colour"], in: folder).status == 2)
        #expect(try Self.smap(["json", "minimal.smap", "-o", "."], in: folder).status == 2)
        for command in ["build", "json", "dot", "schema"] {
            let help = try Self.smap([command, "--help"], in: folder)
            #expect(help.status == 0)
            #expect(help.out.contains("Usage: smap"))
        }
    }

    @Test("schema prints the schema file; warnings go to stderr without stopping the output")
    func schemaAndWarnings() throws {
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Self.smap(["schema"], in: folder)
        #expect(run.status == 0)
        let file = try Data(contentsOf: ExternalTool.packageRoot.appendingPathComponent("schema/smap-model.schema.json"))
        #expect(run.stdout == file)

        try Data(Self.brokenMap.replacingOccurrences(of: "in nowhere", with: "in soc")
            .replacingOccurrences(of: "{ end info \"i\" }", with: "{ end }").utf8)
            .write(to: folder.appendingPathComponent("warned.smap"))
        let warned = try Self.smap(["json", "warned.smap"], in: folder)
        #expect(warned.status == 0, "\(warned.stderr)")
        #expect(warned.stderr.contains("warning[W002]"))
        #expect(warned.out.contains("\"code\": \"W002\""))
    }

    // MARK: - Publisher

    @Test("a failure while writing leaves the folder as it was and no temporary folder behind")
    func publisherFailsMidway() throws {
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let site = folder.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        try Data("old".utf8).write(to: site.appendingPathComponent("map.json"))
        let before = try Self.contents(site)
        // The first file is written, the second cannot be (its name is too long).
        let files = [PublishedFile(name: "map.json", contents: "new"),
                     PublishedFile(name: String(repeating: "x", count: 300), contents: "never")]
        #expect(throws: PublishError.self) { try Publisher.publish(files, to: site.path) }
        #expect(try Self.contents(site) == before)
        #expect(try Self.hiddenLeftovers(folder).isEmpty)
    }

    @Test("names that would leave the folder are refused before anything is written")
    func publisherRefusesPaths() throws {
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let site = folder.appendingPathComponent("site").path
        for name in ["../escape", "a/b", "..", ".", ""] {
            #expect(throws: PublishError.invalidName(name)) {
                try Publisher.publish([PublishedFile(name: name, contents: "x")], to: site)
            }
        }
        #expect(!FileManager.default.fileExists(atPath: site))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("escape").path))
    }

    @Test("publishing into a new folder under missing parents, then again over it")
    func publisherCreatesAndReplaces() throws {
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let site = folder.appendingPathComponent("a/b/site").path
        try Publisher.publish([PublishedFile(name: "one.txt", contents: "1")], to: site)
        #expect(try String(contentsOfFile: site + "/one.txt", encoding: .utf8) == "1")
        try Publisher.publish([PublishedFile(name: "one.txt", contents: "2")], to: site)
        #expect(try String(contentsOfFile: site + "/one.txt", encoding: .utf8) == "2")
        #expect(try Self.hiddenLeftovers(folder.appendingPathComponent("a/b")).isEmpty)
    }
}
