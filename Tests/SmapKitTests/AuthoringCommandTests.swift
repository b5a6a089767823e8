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

/// `smap fmt` and `smap diff` through the real executable: exit codes, what
/// goes where, files left alone or replaced whole, and the message language.
@Suite("fmt and diff commands")
struct AuthoringCommandTests {
    struct Run {
        var status: Int32
        var out: String
        var err: String
    }

    /// Runs smap in `folder` with `LANG` set and optional standard input.
    static func smap(_ arguments: [String], in folder: URL, lang: String = "en_US.UTF-8", stdin: String? = nil) throws -> Run {
        let path = try #require(BuildTests.executable, "the smap executable is not built (swift build)")
        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = lang
        environment["LC_ALL"] = nil
        environment["LC_MESSAGES"] = nil
        environment["NO_COLOR"] = "1"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = environment
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? input.fileHandleForWriting.close()
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
        return Run(status: process.terminationStatus, out: String(decoding: outData, as: UTF8.self),
                   err: String(decoding: errBox.data, as: UTF8.self))
    }

    static let messy = "map \"K\" { version \"1\" }\nlane soc \"S\"{color \"#b71c1c\"}\nstep a \"A\" in soc {start end info \"x\"}   # kommentar\n"
    static let tidy = "map \"K\" {\n  version \"1\"\n}\nlane soc \"S\" { color \"#b71c1c\" }\nstep a \"A\" in soc {\n  start\n  end\n  info \"x\"\n}  # kommentar\n"
    static let broken = "map \"K\"\nstep a \"A\" in soc {\n  start\n"

    static func workspace() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("smap-authoring-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(messy.utf8).write(to: folder.appendingPathComponent("messy.smap"))
        try Data(tidy.utf8).write(to: folder.appendingPathComponent("tidy.smap"))
        try Data(broken.utf8).write(to: folder.appendingPathComponent("broken.smap"))
        return folder
    }

    static func read(_ folder: URL, _ name: String) -> String {
        String(decoding: FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) ?? Data(), as: UTF8.self)
    }

    // MARK: - fmt

    @Test("fmt prints the canonical layout and changes nothing")
    func fmtPrints() throws {
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Self.smap(["fmt", "messy.smap"], in: folder)
        #expect(run.status == 0)
        #expect(run.out == Self.tidy)
        #expect(Self.read(folder, "messy.smap") == Self.messy)
        let stdin = try Self.smap(["fmt", "-"], in: folder, stdin: Self.messy)
        #expect(stdin.status == 0 && stdin.out == Self.tidy)
    }

    @Test("fmt --check lists the files that would change and exits 1")
    func fmtCheck() throws {
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dirty = try Self.smap(["fmt", "--check", "tidy.smap", "messy.smap", "--lang", "en"], in: folder)
        #expect(dirty.status == 1)
        #expect(dirty.out == "messy.smap is not formatted\n")
        #expect(Self.read(folder, "messy.smap") == Self.messy)
        let clean = try Self.smap(["fmt", "--check", "tidy.smap"], in: folder)
        #expect(clean.status == 0 && clean.out.isEmpty && clean.err.isEmpty)
    }

    @Test("fmt -w rewrites changed files whole, keeping their permissions")
    func fmtWrite() throws {
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let messy = folder.appendingPathComponent("messy.smap").path
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: messy)
        let tidyBefore = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("tidy.smap").path)
        let run = try Self.smap(["fmt", "-w", "messy.smap", "tidy.smap", "--lang", "en"], in: folder)
        #expect(run.status == 0)
        #expect(run.out == "formatted messy.smap\n")
        #expect(Self.read(folder, "messy.smap") == Self.tidy)
        let attributes = try FileManager.default.attributesOfItem(atPath: messy)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o640)
        // The formatted file was not touched at all.
        let tidyAfter = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("tidy.smap").path)
        #expect(tidyAfter[.modificationDate] as? Date == tidyBefore[.modificationDate] as? Date)
        #expect(tidyAfter[.systemFileNumber] as? NSNumber == tidyBefore[.systemFileNumber] as? NSNumber)
        // No temporary files are left behind.
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == ["broken.smap", "messy.smap", "tidy.smap"])
    }

    @Test("fmt never rewrites a file that does not parse")
    func fmtBroken() throws {
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        for arguments in [["fmt", "-w", "broken.smap"], ["fmt", "--check", "broken.smap"], ["fmt", "broken.smap"]] {
            let run = try Self.smap(arguments + ["--lang", "en"], in: folder)
            #expect(run.status == 1)
            #expect(run.out.isEmpty)
            #expect(run.err.contains("error[E020]"))
            #expect(run.err.contains("broken.smap was not formatted because it does not parse"))
            #expect(Self.read(folder, "broken.smap") == Self.broken)
        }
    }

    @Test("fmt usage problems exit 2")
    func fmtUsage() throws {
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try Self.smap(["fmt", "--check", "-w", "messy.smap"], in: folder).status == 2)
        #expect(try Self.smap(["fmt"], in: folder).status == 2)
        #expect(try Self.smap(["fmt", "-w", "-"], in: folder).status == 2)
        let missing = try Self.smap(["fmt", "missing.smap"], in: folder)
        #expect(missing.status == 2 && missing.err.contains("cannot read 'missing.smap'"))
        #expect(Self.read(folder, "messy.smap") == Self.messy)
    }

    // MARK: - diff

    @Test("diff exits 0 when equal, 1 when different, 2 on error")
    func diffExitCodes() throws {
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let equal = try Self.smap(["diff", "messy.smap", "tidy.smap"], in: folder)
        #expect(equal.status == 0)
        #expect(equal.out == "Ändringar i kartan 'K'\njämför messy.smap med tidy.smap\ninga ändringar i innehållet\nfilerna skiljer sig bara i layout eller kommentarer\n")
        let changed = Self.tidy.replacingOccurrences(of: "info \"x\"", with: "info \"y\"")
        try Data(changed.utf8).write(to: folder.appendingPathComponent("changed.smap"))
        let different = try Self.smap(["diff", "tidy.smap", "changed.smap"], in: folder)
        #expect(different.status == 1)
        #expect(different.out.contains("infotext: 1 ord har lagts till och 1 tagits bort"))
        let broken = try Self.smap(["diff", "broken.smap", "tidy.smap", "--lang", "en"], in: folder)
        #expect(broken.status == 2)
        #expect(broken.out.isEmpty)
        #expect(broken.err.contains("broken.smap cannot be compared because it does not parse"))
        #expect(try Self.smap(["diff", "missing.smap", "tidy.smap"], in: folder).status == 2)
        #expect(try Self.smap(["diff", "tidy.smap"], in: folder).status == 2)
        #expect(try Self.smap(["diff", "-", "-"], in: folder).status == 2)
        #expect(try Self.smap(["diff", "tidy.smap", "messy.smap", "--format", "xml"], in: folder).status == 2)
    }

    @Test("diff reads one version from standard input (git show REV:path | smap diff - path)")
    func diffStdin() throws {
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Self.smap(["diff", "-", "tidy.smap", "--format", "json"], in: folder,
                                stdin: Self.tidy.replacingOccurrences(of: "start\n", with: ""))
        #expect(run.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any]
        #expect(object?["equal"] as? Bool == false)
        #expect((object?["old"] as? [String: Any])?["path"] as? String == "<stdin>")
    }

    @Test("diff markdown is fit for a pull request comment")
    func diffMarkdown() throws {
        let root = ExternalTool.packageRoot
        let run = try Self.smap(["diff", "Tests/Fixtures/diff/remiss-ordning/old.smap", "Tests/Fixtures/diff/remiss-ordning/new.smap",
                                 "--format", "markdown"], in: root)
        #expect(run.status == 1)
        #expect(run.out.hasPrefix("### Ändringar i kartan 'Socialtjänstens process'\n"))
        #expect(run.out.contains("#### Regler"))
        #expect(run.out.contains("- **~** `kartlaggning` \"Kartläggning\""))
    }

    // MARK: - Language

    @Test("messages about a map follow the map's language, --lang overrides, LANG decides before a map is read")
    func language() throws {
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The map says nothing: Swedish (the language's default), even with an English LANG.
        #expect(try Self.smap(["fmt", "--check", "messy.smap"], in: folder).out == "messy.smap har inte enhetlig layout\n")
        #expect(try Self.smap(["fmt", "--check", "messy.smap", "--lang", "en"], in: folder).out == "messy.smap is not formatted\n")
        let english = Self.messy.replacingOccurrences(of: "version \"1\"", with: "version \"1\" language \"en\"")
        try Data(english.utf8).write(to: folder.appendingPathComponent("english.smap"))
        #expect(try Self.smap(["fmt", "--check", "english.smap"], in: folder, lang: "sv_SE.UTF-8").out == "english.smap is not formatted\n")
        // No map read yet: LANG.
        #expect(try Self.smap(["fmt", "missing.smap"], in: folder, lang: "sv_SE.UTF-8").err.contains("det går inte att läsa 'missing.smap'"))
        #expect(try Self.smap(["fmt", "missing.smap"], in: folder, lang: "en_GB.UTF-8").err.contains("cannot read 'missing.smap'"))
        #expect(try Self.smap(["fmt", "--help"], in: folder, lang: "sv_SE.UTF-8").out.hasPrefix("Användning: smap fmt"))
        #expect(try Self.smap(["diff", "--help"], in: folder, lang: "C").out.hasPrefix("Usage: smap diff"))
        let bad = try Self.smap(["fmt", "--lang", "de", "messy.smap"], in: folder)
        #expect(bad.status == 2)
    }
}
