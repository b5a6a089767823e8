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

/// A large file is lexed and parsed in parts at once (``ParallelFrontEnd``).
/// The result must be the whole-file pass's, to the last diagnostic — also
/// when a cut falls inside a `"""` text, a comment, a broken declaration or
/// invalid UTF-8 — and the parts must really be used on a clean large map.
@Suite("Parallel front end")
struct ParallelFrontEndTests {
    /// Four parts of at least 1 kB (a file that large is read in parts when
    /// the machine has the cores; here the parts are forced, to test them anywhere).
    /// Nil when the front end declines to read the file in parts (it is then read
    /// whole, which is right by construction): the caller says whether it should have.
    static func same(_ bytes: [UInt8], _ label: String) -> Bool? {
        var sources = SourceSet()
        let id = sources.add(path: "big.smap", bytes: bytes)
        let file = sources[id]
        let whole = Parser.parseWhole(file)
        guard let parallel = ParallelFrontEnd.parse(file, parts: 4, minimumPartSize: 1_024) else { return nil }
        let sameDiagnostics = whole.diagnostics == parallel.diagnostics
        let sameComments = whole.syntax.comments == parallel.syntax.comments
        let sameDeclarations = String(describing: whole.syntax.declarations)
            == String(describing: parallel.syntax.declarations)
        #expect(sameDiagnostics && sameComments && sameDeclarations,
                "\(label): diagnostics \(sameDiagnostics), comments \(sameComments), declarations \(sameDeclarations)")
        return sameDiagnostics && sameComments && sameDeclarations
    }

    static let map = Array(MapGenerator.generate(steps: 150, seed: 5).utf8)

    @Test("a clean map is read in parts, with the whole-file result")
    func cleanMap() {
        var sources = SourceSet()
        let id = sources.add(path: "big.smap", bytes: Self.map)
        let file = sources[id]
        #expect(ParallelFrontEnd.cuts(Self.map, parts: 4).count == 3)
        #expect(ParallelFrontEnd.parse(file, parts: 4, minimumPartSize: 1_024) != nil, "the parts should join")
        #expect(ParallelFrontEnd.parse(file) == nil, "a small file is read whole")
        #expect(Self.same(Self.map, "clean") == true, "read in parts, with the whole-file result")

        // A generated map of 2 MB is read in parts by the compiler itself.
        let big = Array(MapGenerator.generate(steps: 6_000, seed: 5).utf8)
        var bigSources = SourceSet()
        let bigID = bigSources.add(path: "big.smap", bytes: big)
        if ProcessInfo.processInfo.activeProcessorCount > 1 {
            #expect(ParallelFrontEnd.parse(bigSources[bigID]) != nil)
        }
    }

    /// The damaged variants of ``damagedMaps()`` the front end must decline (read
    /// whole), in the order they are made: 22 of the 108. A `"""` opened or closed,
    /// or a flow left open (`a -> `), on the line before a cut or at its start runs
    /// across the cut; one byte into the line it does too, except at the second cut
    /// (whose line then no longer starts a declaration, and the cut moves on).
    /// Every other variant must be read in parts. If the front end learns to keep
    /// more cuts, shorten this list.
    static let expectedDeclined: [String] = [1, 2, 3].flatMap { cut -> [String] in
        let plusOne = cut == 2 ? [] : ["+1"]
        return (["-1", "+0"] + plusOne).map { "open triple quote at cut \(cut) \($0)" }
            + ["-1", "+0"].map { "flow at cut \(cut) \($0)" }
            + (["-1", "+0"] + plusOne).map { "close triple quote at cut \(cut) \($0)" }
    }

    @Test("damage at and around the cuts gives the whole-file result")
    func damagedMaps() {
        let cuts = ParallelFrontEnd.cuts(Self.map, parts: 4)
        let damages: [(String, [UInt8])] = [
            ("open triple quote", Array("info \"\"\"\n".utf8)),
            ("open quote", Array("step x \"oavslutad\n".utf8)),
            ("open brace", Array("step y \"Y\" in soc {\n".utf8)),
            ("stray brace", Array("}\n".utf8)),
            ("comment", Array("# step z\n".utf8)),
            ("invalid UTF-8", [0xFF, 0xC3, 0x0A]),
            ("NUL", [0x00, 0x0A]),
            ("flow", Array("a -> \n".utf8)),
            ("close triple quote", Array("\"\"\"\n".utf8)),
        ]
        var declined: [String] = []
        var inParts = 0
        for (c, cut) in cuts.enumerated() {
            for (name, damage) in damages {
                for offset in [-1, 0, 1, 30] {
                    let at = max(0, min(Self.map.count, cut + offset))
                    var bytes = Self.map
                    bytes.insert(contentsOf: damage, at: at)
                    // And a stray character in the first part: the parts' diagnostics
                    // must still come in the whole-file order.
                    let early = Self.map.firstIndex(of: 0x0A)! + 1
                    bytes.insert(contentsOf: Array("@@ \u{1}\n".utf8), at: early)
                    switch Self.same(bytes, "\(name) at cut \(cut) \(offset >= 0 ? "+" : "")\(offset)") {
                    case nil: declined.append("\(name) at cut \(c + 1) \(offset >= 0 ? "+" : "")\(offset)")
                    case true?: inParts += 1
                    case false?: return
                    }
                }
            }
        }
        // Declining is always correct (the file is then read whole), so a test that
        // only compared the variants read in parts would pass if the parts were never
        // used. These are the variants where a cut cannot hold, and only these:
        #expect(declined == Self.expectedDeclined, "declined: \(declined)")
        #expect(inParts == cuts.count * damages.count * 4 - Self.expectedDeclined.count)

        // A first part of nothing but comments: the next part has no token before it.
        let header = Array(String(repeating: "# kommentar\n", count: 3_000).utf8)
        let firstLaw = Self.map.indices.first { i in
            (i == 0 || Self.map[i - 1] == 0x0A) && Self.map[i...].starts(with: Array("law ".utf8))
        }!
        var commented = header + Self.map[firstLaw...]
        #expect(Self.same(commented, "comments only in the first part") == true)
        var commentedSources = SourceSet()
        let commentedID = commentedSources.add(path: "c.smap", bytes: commented)
        #expect(ParallelFrontEnd.parse(commentedSources[commentedID], parts: 4, minimumPartSize: 1_024) != nil)
        commented.insert(contentsOf: Array("map \"M\" { }\n".utf8), at: 0)
        #expect(Self.same(commented, "one declaration before the comments") == true)

        // A """ text opened at a line start before the first cut is closed by the
        // next text's closing line: the damage stays local and the cuts hold.
        var early = Self.map
        #expect(firstLaw < cuts[0])
        early.insert(contentsOf: Array("info \"\"\"\n".utf8), at: firstLaw)
        #expect(Self.same(early, "text opened before the first cut, closed by the next text") == true)

        // A """ text that is never closed (no line after it starts with `"""`)
        // swallows every cut: the front end must decline and read the file whole.
        let lines = Self.map[firstLaw...].split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            line.drop { $0 == 0x20 }.starts(with: Array("\"\"\"".utf8)) ? Array("x".utf8) + line : Array(line)
        }
        let open = Array(Self.map[..<firstLaw]) + Array("info \"\"\"\n".utf8) + Array(lines.joined(separator: [0x0A]))
        #expect(ParallelFrontEnd.cuts(open, parts: 4).count == 3, "there are cuts to decline")
        #expect(Self.same(open, "unclosed text before every cut") == nil)
    }
}
