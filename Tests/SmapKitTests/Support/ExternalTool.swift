import Foundation

/// Real tools that prove smap's outputs (Graphviz `dot`, Python with
/// `jsonschema`, …). A test that needs one is skipped with a visible reason
/// where it is missing — except under `.ci/run`, which sets
/// `SMAP_REQUIRE_TOOLS=1` after installing them: then a missing tool fails.
enum ExternalTool {
    static var required: Bool { ProcessInfo.processInfo.environment["SMAP_REQUIRE_TOOLS"] == "1" }

    /// The absolute path of an executable on PATH, if any.
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// True when a test needing `name` should run: the tool is there, or tools are required
    /// (then the test runs and fails loudly on the missing tool).
    static func shouldRun(_ name: String) -> Bool { required || find(name) != nil }

    /// Python 3 with the `jsonschema` module (the venv of `.ci/run` first).
    static var pythonWithJSONSchema: String? {
        let candidates = [packageRoot.appendingPathComponent(".venv-ci/bin/python3").path] + (find("python3").map { [$0] } ?? [])
        for python in candidates where FileManager.default.isExecutableFile(atPath: python) {
            if let r = try? run(python, ["-c", "import jsonschema"]), r.status == 0 { return python }
        }
        return nil
    }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a program to completion with optional standard input.
    static func run(_ executable: String, _ arguments: [String], stdin: String? = nil) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? input.fileHandleForWriting.close()
        // Read both pipes concurrently so a full pipe never blocks the child.
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
        let errData = errBox.data
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// The folder holding Package.swift.
    static var packageRoot: URL {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }
}
