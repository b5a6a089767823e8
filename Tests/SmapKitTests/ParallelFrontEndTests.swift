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
    static func same(_ bytes: [UInt8], _ label: String) -> Bool {
        var sources = SourceSet()
        let id = sources.add(path: "big.smap", bytes: bytes)
        let file = sources[id]
        let whole = Parser.parseWhole(file)
        guard let parallel = ParallelFrontEnd.parse(file, parts: 4, minimumPartSize: 1_024) else { return true }
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
        #expect(Self.same(Self.map, "clean"))

        // A generated map of 2 MB is read in parts by the compiler itself.
        let big = Array(MapGenerator.generate(steps: 6_000, seed: 5).utf8)
        var bigSources = SourceSet()
        let bigID = bigSources.add(path: "big.smap", bytes: big)
        if ProcessInfo.processInfo.activeProcessorCount > 1 {
            #expect(ParallelFrontEnd.parse(bigSources[bigID]) != nil)
        }
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
        for cut in cuts {
            for (name, damage) in damages {
                for offset in [-1, 0, 1, 30] {
                    let at = max(0, min(Self.map.count, cut + offset))
                    var bytes = Self.map
                    bytes.insert(contentsOf: damage, at: at)
                    // And a stray character in the first part: the parts' diagnostics
                    // must still come in the whole-file order.
                    let early = Self.map.firstIndex(of: 0x0A)! + 1
                    bytes.insert(contentsOf: Array("@@ \u{1}\n".utf8), at: early)
                    guard Self.same(bytes, "\(name) at cut \(cut) \(offset >= 0 ? "+" : "")\(offset)") else { return }
                }
            }
        }
        // A first part of nothing but comments: the next part has no token before it.
        let header = Array(String(repeating: "# kommentar\n", count: 3_000).utf8)
        let firstLaw = Self.map.indices.first { i in
            (i == 0 || Self.map[i - 1] == 0x0A) && Self.map[i...].starts(with: Array("law ".utf8))
        }!
        var commented = header + Self.map[firstLaw...]
        #expect(Self.same(commented, "comments only in the first part"))
        var commentedSources = SourceSet()
        let commentedID = commentedSources.add(path: "c.smap", bytes: commented)
        #expect(ParallelFrontEnd.parse(commentedSources[commentedID], parts: 4, minimumPartSize: 1_024) != nil)
        commented.insert(contentsOf: Array("map \"M\" { }\n".utf8), at: 0)
        #expect(Self.same(commented, "one declaration before the comments"))

        // A """ text opened early in the file and never closed swallows every cut.
        var open = Self.map
        open.insert(contentsOf: Array("info \"\"\"\n".utf8), at: 2_000)
        #expect(Self.same(open, "unclosed text before every cut"))
    }
}
