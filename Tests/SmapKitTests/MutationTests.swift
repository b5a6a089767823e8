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

/// A deterministic mutation test: every map in the repository, mutated by byte
/// flips, truncations, duplicated, deleted and swapped lines and inserted
/// bytes, must end in diagnostics or success — never a crash, never a hang —
/// and where it checks clean, every output must be made. The coverage-guided
/// fuzzer (scripts/fuzz) goes further; this keeps the guarantee in `swift test`.
@Suite("Mutations")
struct MutationTests {
    /// The library's SplitMix64, so every run tests the same mutants.
    typealias Random = SplitMix64

    static func seeds() -> [String] {
        let root = ExternalTool.packageRoot
        var paths: [String] = []
        for folder in ["maps", "examples", "Tests/Corpus"] {
            guard let walker = FileManager.default.enumerator(atPath: root.appendingPathComponent(folder).path) else { continue }
            for case let name as String in walker where name.hasSuffix(".smap") {
                paths.append(folder + "/" + name)
            }
        }
        return paths.sorted()
    }

    static let interesting: [[UInt8]] = [
        Array("\"".utf8), Array("\"\"\"".utf8), Array("{".utf8), Array("}".utf8), Array("[".utf8), Array("->".utf8),
        Array("#".utf8), Array("\\u{".utf8), [0], [0xFF], [0xC3], Array("\n".utf8), Array("loop".utf8),
        Array("decision".utf8), Array(" start ".utf8), Array(" end ".utf8), Array("include \"x.smap\"\n".utf8),
    ]

    static func mutate(_ bytes: [UInt8], _ random: inout Random) -> [UInt8] {
        var b = bytes
        guard !b.isEmpty else { return interesting[random.below(interesting.count)] }
        switch random.below(7) {
        case 0: // flip a byte
            b[random.below(b.count)] ^= UInt8(truncatingIfNeeded: 1 << random.below(8))
        case 1: // truncate
            b.removeSubrange(random.below(b.count)...)
        case 2, 3: // duplicate, delete or swap lines
            var lines = b.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
            let i = random.below(lines.count), j = random.below(lines.count)
            switch random.below(3) {
            case 0: lines.insert(lines[i], at: j)
            case 1: if lines.count > 1 { lines.remove(at: i) }
            default: lines.swapAt(i, j)
            }
            b = Array(lines.joined(separator: [0x0A]))
        case 4: // insert a token-like piece
            b.insert(contentsOf: interesting[random.below(interesting.count)], at: random.below(b.count + 1))
        case 5: // delete a range
            let start = random.below(b.count)
            b.removeSubrange(start..<min(b.count, start + 1 + random.below(40)))
        default: // random bytes
            for _ in 0..<(1 + random.below(8)) { b.insert(UInt8(truncatingIfNeeded: random.nextValue()), at: random.below(b.count + 1)) }
        }
        return b
    }

    @Test("mutants of every map end in diagnostics or success", arguments: seeds())
    func mutants(of path: String) throws {
        let bytes = try #require(FileManager.default.contents(atPath: ExternalTool.packageRoot.appendingPathComponent(path).path))
        var random = Random(seed: UInt64(truncatingIfNeeded: path.hashValueStable))
        let provider = MemorySourceProvider(bytes: [:])
        for round in 0..<12 {
            var mutant = [UInt8](bytes)
            for _ in 0..<(1 + round % 3) { mutant = Self.mutate(mutant, &random) }
            let compilation = Compiler.compile(path: "mutant.smap", bytes: mutant, provider: provider)
            _ = DiagnosticRenderer(format: .human, language: .sv).render(compilation.diagnostics, sources: compilation.sources)
            _ = DiagnosticRenderer(format: .json, language: .en).render(compilation.diagnostics, sources: compilation.sources)
            if !compilation.hasErrors {
                _ = JSONModel.render(compilation)
                _ = DOTEmitter.render(compilation)
                _ = HTMLEmitter.render(compilation)
            }
            _ = Formatter.format(path: "mutant.smap", bytes: mutant)
            // No wall-clock limit here (scripts/bench times the stages): a mutant
            // that loops still stops the run.
        }
    }
}

extension String {
    /// A hash that is the same in every run (Swift's `hashValue` is seeded per process).
    var hashValueStable: UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return h
    }
}

extension SplitMix64 {
    /// A value in 0..<n, or 0 when n is 0 (an empty file has no place to pick).
    mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : next(n) }
}
