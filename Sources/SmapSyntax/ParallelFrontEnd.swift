import Dispatch
import Foundation
import SmapCore

/// Lexes and parses a large file in parts at the same time, one part per
/// core, and gives exactly what ``Parser/parse(_:)`` gives reading it whole —
/// or nothing, and the caller reads it whole.
///
/// The file is cut at line starts where a top-level declaration seems to begin
/// (`step …` at the start of a line). Each part is lexed on its own; the cut
/// holds when lexing the part before it stopped exactly there, at the start of
/// a line (no text or comment ran across it). Then each part is parsed on its
/// own; the cut holds when the parser of the part before it stopped exactly at
/// the part's first token. Lexer and parser carry nothing else from one
/// declaration to the next, so the parts then join into the whole file's
/// result: declarations and comments in order, and the diagnostics in the
/// order the whole-file pass makes them (encoding, then tokens, then syntax).
/// Where a cut does not hold — a cut inside a `"""` text, or in a broken
/// declaration that runs on — the file is read whole instead.
enum ParallelFrontEnd {
    /// Files smaller than this are read whole: parts would not pay off.
    static let minimumPartSize = 256 * 1024
    /// How many tokens of the next part the parser of a part may look ahead at.
    static let lookahead = 64

    /// `parts`: how many at most (the cores, up to 8, unless given).
    package static func parse(_ file: SourceFile, parts: Int? = nil, minimumPartSize: Int = minimumPartSize) -> Parser.Result? {
        let wanted = parts ?? min(8, ProcessInfo.processInfo.activeProcessorCount)
        let cuts = self.cuts(file.bytes, parts: min(wanted, file.bytes.count / max(1, minimumPartSize)))
        guard !cuts.isEmpty else { return nil }
        let bounds = [nil] + cuts.map { Optional($0) }
        let ends = cuts + [file.bytes.count]
        let count = bounds.count

        // Lex the parts at once.
        var parts = inParallel((0..<count).map { i in { Lexer.lexPart(file, from: bounds[i], to: ends[i]) } })
        // Where the token limit (E011) falls is the whole file's matter: read it whole.
        if parts.reduce(0, { $0 + $1.result.tokens.count }) >= Lexer.maximumTokens { return nil }
        for i in 0..<(count - 1) where parts[i].endPosition != ends[i] || !parts[i].atLineStart { return nil }

        // Parse the parts at once. Part i reads its own tokens, preceded by the
        // token before them (a declaration's range ends at the token before the
        // parser; it replaces the part's placeholder) and followed by a few of
        // the next part's tokens to look ahead at, then an end of file so that
        // a part that runs on stops. The token arrays are changed in place.
        var tokens = parts.indices.map { i -> [Token] in
            defer { parts[i].result.tokens = [] }
            return parts[i].result.tokens
        }
        var starts = [Int](repeating: 0, count: count)
        var limits = [Int](repeating: .max, count: count)
        var previous: Token?
        for i in 0..<count {
            let last = tokens[i].count > (i > 0 ? 1 : 0) ? tokens[i].last : previous
            if i > 0 {
                if let previous {
                    tokens[i][0] = previous
                    starts[i] = 1
                } else {
                    tokens[i].removeFirst() // no token before this part: the whole-file parser starts here
                }
            }
            previous = last
        }
        for i in 0..<(count - 1) {
            limits[i] = tokens[i].count
            tokens[i] += tokens[i + 1][starts[i + 1]...].prefix(lookahead)
            tokens[i].append(Token(kind: .endOfFile, range: SourceRange(file: file.id, start: ends[i], end: ends[i]),
                                   startsLine: true))
        }
        let input = tokens, first = starts, limit = limits
        tokens = []
        let results = inParallel((0..<count).map { i in
            { Parser.parsePart(file, tokens: input[i], from: first[i], until: limit[i]) }
        })
        for i in 0..<(count - 1) where results[i].end != limits[i] { return nil }
        // Where the parser gave up (E029) depends on the errors before it: read whole.
        if results.contains(where: { $0.diagnostics.contains { $0.code == .tooManyErrors } }) { return nil }

        var lexerDiagnostics: [Diagnostic] = []
        for part in parts { lexerDiagnostics += part.result.diagnostics.prefix(part.encodingDiagnostics) }
        for part in parts { lexerDiagnostics += part.result.diagnostics.dropFirst(part.encodingDiagnostics) }
        let parserDiagnostics = results.flatMap(\.diagnostics)
        var declarations: [Declaration] = []
        declarations.reserveCapacity(results.reduce(0) { $0 + $1.declarations.count })
        for r in results { declarations += r.declarations }
        return Parser.Result(
            syntax: SourceFileSyntax(file: file.id, declarations: declarations,
                                     comments: parts.flatMap(\.result.comments)),
            diagnostics: Parser.withoutEchoes(lexer: lexerDiagnostics, parser: parserDiagnostics, file: file))
    }

    /// Byte offsets where the parts after the first begin: line starts near
    /// even shares of the file where a line begins with a declaration keyword.
    static func cuts(_ bytes: [UInt8], parts: Int) -> [Int] {
        guard parts > 1 else { return [] }
        let starters: [[UInt8]] = ["step ", "decision ", "rule ", "lane ", "law ", "phase ", "view "].map { Array($0.utf8) }
        var cuts: [Int] = []
        bytes.withUnsafeBufferPointer { b in
            for k in 1..<parts {
                var i = max(k * b.count / parts, (cuts.last ?? 0) + 1)
                let giveUp = min(b.count, i + 4 * 1024 * 1024)
                search: while i < giveUp {
                    // The start of the next line.
                    while i < giveUp && b[i - 1] != 0x0A { i += 1 }
                    guard i < giveUp else { break }
                    for word in starters where i + word.count <= b.count {
                        var matches = true
                        for (j, c) in word.enumerated() where b[i + j] != c { matches = false; break }
                        if matches {
                            cuts.append(i)
                            break search
                        }
                    }
                    i += 1
                }
            }
        }
        return cuts
    }
}
