import SmapCore

/// Turns a source file's bytes into tokens. Never fails: every problem is a
/// diagnostic at its position and lexing goes on.
public struct Lexer {
    public static let maximumInteger = 999_999

    private let file: SourceFile
    private let bytes: [UInt8]
    private var position: Int
    private var atLineStart = true
    private var diagnostics = DiagnosticBag()
    private var tokens: [Token] = []
    private var comments: [SourceRange] = []
    /// Offsets of bytes already reported as invalid UTF-8 or NUL, so they are reported once.
    private var badBytes: Set<Int> = []

    public struct Result: Sendable {
        public var tokens: [Token]
        /// Ranges of `#` comments (for the formatter).
        public var comments: [SourceRange]
        public var diagnostics: [Diagnostic]
    }

    /// A file holds at most this many tokens (E011): a 100,000-step map has
    /// about 2.4 million, while a file of nothing but commas would otherwise
    /// hold one 40-byte token per byte, gigabytes for a large file.
    static let maximumTokens = 8_000_000

    public static func lex(_ file: SourceFile) -> Result {
        lex(file, maximumTokens: maximumTokens)
    }

    package static func lex(_ file: SourceFile, maximumTokens: Int) -> Result {
        var lexer = Lexer(file: file)
        lexer.maximumTokens = maximumTokens
        lexer.run()
        return Result(tokens: lexer.tokens, comments: lexer.comments, diagnostics: lexer.diagnostics.items)
    }

    /// One part of a large file lexed on its own (``ParallelFrontEnd``).
    package struct Part {
        package var result: Result
        /// The first diagnostics of `result` are about the encoding; the rest about tokens.
        var encodingDiagnostics: Int
        /// Where lexing stopped: past the part's end when a token ran across it.
        package var endPosition: Int
        var atLineStart: Bool
    }

    /// Lexes `start..<end` of `file` (`start` nil: from the file's beginning)
    /// as the whole file would be lexed there, from the start of a line. Only
    /// a part that ends the file gets the end-of-file token.
    /// A part that does not begin the file starts with a placeholder token,
    /// for the caller to replace with the token before the part.
    static func lexPart(_ file: SourceFile, from start: Int?, to end: Int) -> Part {
        var lexer = Lexer(file: file, end: end)
        if let start {
            lexer.position = start
            lexer.tokens.append(Token(kind: .endOfFile, range: lexer.range(start, start)))
        }
        lexer.run()
        return Part(result: Result(tokens: lexer.tokens, comments: lexer.comments, diagnostics: lexer.diagnostics.items),
                    encodingDiagnostics: lexer.encodingDiagnostics, endPosition: lexer.position,
                    atLineStart: lexer.atLineStart)
    }

    private var maximumTokens = Lexer.maximumTokens

    private init(file: SourceFile, end: Int? = nil) {
        self.file = file
        self.bytes = file.bytes
        self.end = end ?? file.bytes.count
        self.position = file.bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// Where lexing stops: the file's end, or a part's.
    private let end: Int
    private var encodingDiagnostics = 0

    private func range(_ start: Int, _ end: Int) -> SourceRange {
        SourceRange(file: file.id, start: start, end: end)
    }

    // MARK: - Encoding validation

    /// Reports invalid UTF-8 and NUL bytes, one diagnostic per run of bad bytes.
    private mutating func validateEncoding() {
        var i = position
        let n = end
        var runStart = -1
        var runByte: UInt8 = 0
        var runIsNul = false
        func flush(_ self_: inout Lexer, _ end: Int) {
            guard runStart >= 0 else { return }
            if runIsNul {
                self_.diagnostics.add(.nulByte, at: self_.range(runStart, end), fix: Text(.fixRemoveNul))
            } else {
                self_.diagnostics.add(.invalidUTF8, [hex(runByte)], at: self_.range(runStart, end), fix: Text(.fixSaveAsUTF8))
            }
            runStart = -1
        }
        let bytes = self.bytes
        while i < n {
            // Eight bytes at a time while they are ASCII without NUL (nearly all of a map).
            if runStart < 0, i + 8 <= n {
                let word = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: i, as: UInt64.self) }
                let highBits: UInt64 = 0x8080_8080_8080_8080
                if word & highBits == 0 && (word &- 0x0101_0101_0101_0101) & ~word & highBits == 0 {
                    i += 8
                    continue
                }
            }
            let b = bytes[i]
            if b < 0x80 {
                if b == 0 {
                    if runStart >= 0 && !runIsNul { flush(&self, i) }
                    if runStart < 0 { runStart = i; runIsNul = true }
                    badBytes.insert(i)
                } else if runStart >= 0 {
                    flush(&self, i)
                }
                i += 1
                continue
            }
            let length = Lexer.validSequenceLength(bytes, i)
            if length > 0 {
                if runStart >= 0 { flush(&self, i) }
                i += length
            } else {
                if runStart >= 0 && runIsNul { flush(&self, i) }
                if runStart < 0 { runStart = i; runIsNul = false; runByte = b }
                badBytes.insert(i)
                i += 1
            }
        }
        flush(&self, n)
    }

    /// The length of the valid UTF-8 sequence at `i`, or 0 when invalid.
    static func validSequenceLength(_ bytes: [UInt8], _ i: Int) -> Int {
        let b = bytes[i]
        let n = bytes.count
        func cont(_ k: Int) -> Bool { i + k < n && bytes[i + k] & 0xC0 == 0x80 }
        switch b {
        case 0xC2...0xDF:
            return cont(1) ? 2 : 0
        case 0xE0:
            return i + 2 < n && (0xA0...0xBF).contains(bytes[i + 1]) && cont(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF:
            return cont(1) && cont(2) ? 3 : 0
        case 0xED:
            return i + 2 < n && (0x80...0x9F).contains(bytes[i + 1]) && cont(2) ? 3 : 0
        case 0xF0:
            return i + 3 < n && (0x90...0xBF).contains(bytes[i + 1]) && cont(2) && cont(3) ? 4 : 0
        case 0xF1...0xF3:
            return cont(1) && cont(2) && cont(3) ? 4 : 0
        case 0xF4:
            return i + 3 < n && (0x80...0x8F).contains(bytes[i + 1]) && cont(2) && cont(3) ? 4 : 0
        default:
            return 0
        }
    }

    /// Decodes the scalar at `i` (assumed valid) and its length.
    private func scalar(at i: Int) -> (Unicode.Scalar, Int)? {
        let b = bytes[i]
        if b < 0x80 { return (Unicode.Scalar(b), 1) }
        let length = Lexer.validSequenceLength(bytes, i)
        guard length > 0 else { return nil }
        var value: UInt32
        switch length {
        case 2: value = UInt32(b & 0x1F)
        case 3: value = UInt32(b & 0x0F)
        default: value = UInt32(b & 0x07)
        }
        for k in 1..<length { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
        guard let s = Unicode.Scalar(value) else { return nil }
        return (s, length)
    }

    // MARK: - Main loop

    private mutating func run() {
        validateEncoding()
        encodingDiagnostics = diagnostics.items.count
        let n = end
        tokens.reserveCapacity(min(tokens.count + (n - position) / 5 + 80, maximumTokens + 1))
        while position < n {
            if tokens.count >= maximumTokens {
                diagnostics.add(.tooManyTokens, ["\(maximumTokens / 1_000_000)"], at: range(position, position),
                                fix: Text(.fixSplitMap))
                position = n
                break
            }
            let b = bytes[position]
            switch b {
            case 0x0A:
                atLineStart = true
                position += 1
            case 0x20, 0x09, 0x0D, 0x0C, 0x0B:
                position += 1
            case UInt8(ascii: "#"):
                let start = position
                while position < n && bytes[position] != 0x0A { position += 1 }
                comments.append(range(start, position))
            case UInt8(ascii: "\""):
                lexString()
            case UInt8(ascii: "{"): punct(.leftBrace)
            case UInt8(ascii: "}"): punct(.rightBrace)
            case UInt8(ascii: "["): punct(.leftBracket)
            case UInt8(ascii: "]"): punct(.rightBracket)
            case UInt8(ascii: ","): punct(.comma)
            case UInt8(ascii: ":"): punct(.colon)
            case UInt8(ascii: "-") where position + 1 < n && bytes[position + 1] == UInt8(ascii: ">"):
                emit(Token(kind: .arrow, range: range(position, position + 2)))
                position += 2
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                lexNumber()
            case UInt8(ascii: "-") where position + 1 < n && (0x30...0x39).contains(bytes[position + 1]):
                // `number -2`: a negative number, read as one, so the one
                // error is that box numbers start at 1 (E135), where it is.
                lexNumber(negative: true)
            default:
                if let length = lookalikeArrowLength(at: position) {
                    lexLookalikeArrow(length: length)
                } else if b == 0 || (!badBytes.isEmpty && badBytes.contains(position)) {
                    position += 1 // already reported
                } else if isIdentifierStart(at: position) {
                    lexIdentifier()
                } else {
                    lexUnexpected()
                }
            }
        }
        if n == bytes.count { tokens.append(Token(kind: .endOfFile, range: range(n, n), startsLine: true)) }
    }

    /// Appends a token, marking whether it starts its line. The token is
    /// moved in, not copied (a copy retains its text).
    private mutating func emit(_ token: consuming Token) {
        token.startsLine = atLineStart
        atLineStart = false
        tokens.append(token)
    }

    private mutating func punct(_ kind: TokenKind) {
        emit(Token(kind: kind, range: range(position, position + 1)))
        position += 1
    }

    private func isIdentifierStart(at i: Int) -> Bool {
        let b = bytes[i]
        if b < 0x80 { return isASCIILetter(b) || b == UInt8(ascii: "_") }
        guard let (s, _) = scalar(at: i) else { return false }
        return s.properties.isAlphabetic
    }

    private func isIdentifierContinue(at i: Int) -> Int {
        let b = bytes[i]
        if b < 0x80 {
            return isASCIILetter(b) || b == UInt8(ascii: "_") || (b >= 0x30 && b <= 0x39) ? 1 : 0
        }
        if badBytes.contains(i) { return 0 }
        guard let (s, length) = scalar(at: i) else { return 0 }
        let p = s.properties
        return p.isAlphabetic || p.numericType == .decimal || p.generalCategory == .nonspacingMark
            || p.generalCategory == .spacingMark ? length : 0
    }

    private func isASCIILetter(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }

    /// Every keyword is a lower-case ASCII word (checked once, so a new
    /// keyword cannot break this), so only such names need looking up.
    /// The keywords by their letters packed five bits each (`a` is 1, `z`
    /// is 26): an identifier made of lower-case ASCII letters is looked up
    /// by its bytes (in `keywordSlots`), without making a string or hashing one.
    /// Every keyword is such a word of at most 12 letters (a test holds it).
    private static let keywordTable: [(key: UInt64, keyword: Keyword)] =
        Keyword.allCases.map { (packedWord($0.rawValue.utf8[...]) ?? 0, $0) }
    static let keywordMaximumLength = 12

    /// Lower-case ASCII letters packed five bits each; nil for anything else or past 12 letters.
    static func packedWord(_ letters: Substring.UTF8View) -> UInt64? {
        packedWord(Array(letters), 0, letters.count)
    }

    @inline(__always)
    static func packedWord(_ bytes: [UInt8], _ start: Int, _ end: Int) -> UInt64? {
        guard end - start <= keywordMaximumLength else { return nil }
        var key: UInt64 = 0
        for i in start..<end {
            let b = bytes[i]
            guard b >= 0x61 && b <= 0x7A else { return nil }
            key = key << 5 | UInt64(b - 0x60)
        }
        return key
    }

    package static func keyword(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Keyword? {
        guard let key = packedWord(bytes, start, end) else { return nil }
        let slot = keywordSlots[Int(truncatingIfNeeded: (key &* keywordMultiplier) >> keywordShift)]
        return slot.key == key ? slot.keyword : nil
    }

    /// The keywords by packed letters in a table of 2^`keywordBits` slots,
    /// at `(key × keywordMultiplier) >> keywordShift`: one look at one slot.
    /// The multiplier is the first of a fixed pseudo-random sequence that
    /// puts every keyword in a slot of its own (found once, the same every
    /// run; with 256 slots the tenth or so does).
    private static let keywordBits: UInt64 = 8
    private static let keywordShift: UInt64 = 64 - keywordBits
    private static let (keywordMultiplier, keywordSlots): (UInt64, [(key: UInt64, keyword: Keyword?)]) = {
        var random = SplitMix64(seed: 0)
        for _ in 0..<1_000_000 {
            let multiplier = random.nextValue() | 1
            var slots = [(key: UInt64, keyword: Keyword?)](repeating: (UInt64.max, nil), count: 1 << Int(keywordBits))
            var collision = false
            for entry in keywordTable {
                let slot = Int(truncatingIfNeeded: (entry.key &* multiplier) >> keywordShift)
                if slots[slot].keyword != nil { collision = true; break }
                slots[slot] = (entry.key, entry.keyword)
            }
            if !collision { return (multiplier, slots) }
        }
        preconditionFailure("no multiplier puts every keyword in a slot of its own: raise keywordBits")
    }()

    private mutating func lexIdentifier() {
        let start = position
        let n = bytes.count
        if bytes[position] < 0x80 { position += 1 } else { position += scalar(at: position)!.1 }
        var couldBeKeyword = bytes[start] >= 0x61 && bytes[start] <= 0x7A
        while position < n {
            // A run of ASCII letters, digits and `_` (the usual case), read
            // from the buffer in registers, without a call or a bounds check.
            var p = position
            var lowerCaseOnly = couldBeKeyword
            bytes.withUnsafeBufferPointer { buffer in
                while p < n {
                    let b = buffer[p]
                    if b >= 0x61 && b <= 0x7A { p += 1; continue }
                    guard (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F else { break }
                    lowerCaseOnly = false
                    p += 1
                }
            }
            position = p
            couldBeKeyword = lowerCaseOnly
            guard position < n, bytes[position] >= 0x80 else { break }
            let length = isIdentifierContinue(at: position)
            if length == 0 { break }
            couldBeKeyword = false
            position += length
        }
        if couldBeKeyword, let keyword = Lexer.keyword(bytes, start, position) {
            emit(Token(kind: .keyword(keyword), range: range(start, position), text: keyword.rawValue))
        } else {
            emit(Token(kind: .identifier, range: range(start, position), text: decode(start, position)))
        }
    }

    /// The byte length of an arrow that is not `->` but plainly means it:
    /// `=>`, `→`, or `–>`/`—>` (a word processor's dash), else nil.
    private func lookalikeArrowLength(at i: Int) -> Int? {
        let n = bytes.count
        if bytes[i] == UInt8(ascii: "="), i + 1 < n, bytes[i + 1] == UInt8(ascii: ">") { return 2 }
        guard bytes[i] == 0xE2, i + 2 < n else { return nil }
        if bytes[i + 1] == 0x86, bytes[i + 2] == 0x92 { return 3 } // →
        if bytes[i + 1] == 0x80, bytes[i + 2] == 0x93 || bytes[i + 2] == 0x94,
           i + 3 < n, bytes[i + 3] == UInt8(ascii: ">") { return 4 } // –> —>
        return nil
    }

    /// Reports a look-alike arrow and reads it as `->`, so the flow is not lost.
    private mutating func lexLookalikeArrow(length: Int) {
        let r = range(position, position + length)
        diagnostics.add(.unexpectedCharacter, [String(decoding: bytes[position..<position + length], as: UTF8.self)],
                        at: r, fix: Text(.fixArrow), edits: [TextEdit(r, "->")])
        emit(Token(kind: .arrow, range: r))
        position += length
    }

    private mutating func lexUnexpected() {
        // One diagnostic for a run of characters that cannot start a token.
        let start = position
        let n = bytes.count
        while position < n {
            let b = bytes[position]
            if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || b == 0 || badBytes.contains(position) { break }
            if position > start && (b == UInt8(ascii: "\"") || b == UInt8(ascii: "#") || b == UInt8(ascii: "{")
                || b == UInt8(ascii: "}") || b == UInt8(ascii: "[") || b == UInt8(ascii: "]")
                || b == UInt8(ascii: ",") || isIdentifierStart(at: position)
                || (b == UInt8(ascii: "-") && position + 1 < n && bytes[position + 1] == UInt8(ascii: ">"))) { break }
            position += b < 0x80 ? 1 : max(1, scalar(at: position)?.1 ?? 1)
        }
        let shown = String(decoding: bytes[start..<min(position, start + 40)], as: UTF8.self)
        diagnostics.add(.unexpectedCharacter, [shown + (position - start > 40 ? "…" : "")],
                        at: range(start, position), fix: Text(.fixRemoveCharacter))
        atLineStart = false
    }

    private mutating func lexNumber(negative: Bool = false) {
        let start = position
        let n = bytes.count
        if negative { position += 1 }
        let digitsStart = position
        var value = 0
        var tooLarge = false
        while position < n, bytes[position] >= 0x30, bytes[position] <= 0x39 {
            if !tooLarge {
                value = value * 10 + Int(bytes[position] - 0x30)
                if value > Lexer.maximumInteger { tooLarge = true }
            }
            position += 1
        }
        let digitsEnd = position
        if tooLarge {
            diagnostics.add(.numberTooLarge, [String(decoding: bytes[digitsStart..<min(digitsEnd, digitsStart + 30)], as: UTF8.self)],
                            at: range(digitsStart, digitsEnd), fix: Text(.fixSmallerNumber))
            value = Lexer.maximumInteger
        }
        // A unit directly after the digits makes a duration.
        if position < n, isIdentifierStart(at: position) {
            if negative {
                // A time is never negative: the sign is the mistake.
                diagnostics.add(.unexpectedCharacter, ["-"], at: range(start, digitsStart), fix: Text(.fixRemoveCharacter))
            }
            let start = digitsStart
            let unitStart = position
            while position < n, isIdentifierContinue(at: position) > 0 { position += isIdentifierContinue(at: position) }
            let unitText = String(decoding: bytes[unitStart..<position], as: UTF8.self)
            guard let unit = Duration.Unit(rawValue: unitText) else {
                let unitRange = range(unitStart, position)
                diagnostics.add(.invalidDurationUnit, [unitText], at: unitRange, fix: Text(.fixDurationUnits),
                                edits: Duration.Unit(spelledOut: unitText).map { [TextEdit(unitRange, $0.rawValue)] } ?? [])
                emit(Token(kind: .duration, range: range(start, position), duration: Duration(value: value, unit: .days)))
                return
            }
            emit(Token(kind: .duration, range: range(start, position), duration: Duration(value: value, unit: unit)))
            return
        }
        emit(Token(kind: .integer, range: range(start, digitsEnd), integer: negative ? -value : value))
    }

    // MARK: - Strings

    private mutating func lexString() {
        let n = bytes.count
        if position + 2 < n, bytes[position + 1] == UInt8(ascii: "\""), bytes[position + 2] == UInt8(ascii: "\"") {
            lexMultilineString()
            return
        }
        let start = position
        position += 1
        // Most texts are one line with no escape and no CR: decoded straight
        // from the source, without building their bytes first.
        var end = position
        while end < n {
            let b = bytes[end]
            if b == UInt8(ascii: "\"") {
                emit(Token(kind: .string, range: range(start, end + 1), text: decode(position, end)))
                position = end + 1
                return
            }
            if b == UInt8(ascii: "\\") || b == 0x0A || b == 0x0D { break }
            end += 1
        }
        var value: [UInt8] = []
        var segmentStart = position
        while true {
            if position >= n || bytes[position] == 0x0A {
                appendSegment(&value, segmentStart, position)
                diagnostics.add(.unterminatedString, at: range(start, position), fix: Text(.fixCloseString))
                emit(Token(kind: .string, range: range(start, position), text: Lexer.string(value)))
                return
            }
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                appendSegment(&value, segmentStart, position)
                position += 1
                emit(Token(kind: .string, range: range(start, position), text: Lexer.string(value)))
                return
            }
            if b == UInt8(ascii: "\\") {
                appendSegment(&value, segmentStart, position)
                value += lexEscape().utf8
                segmentStart = position
                continue
            }
            position += 1
        }
    }

    /// A text's bytes as a string (invalid UTF-8 repaired; it is reported already).
    private static func string(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
    }

    /// Appends source bytes of a text to `out`, without CR (a text's line
    /// breaks are LF whatever the file uses). Texts are built as bytes and
    /// decoded once: a string per segment and line cost more than the rest
    /// of lexing a long text. Segments end at ASCII bytes (a quote, a
    /// backslash, a line end), so joining bytes decodes as joining strings.
    @inline(__always)
    private func appendSegment(_ out: inout [UInt8], _ start: Int, _ end: Int) {
        guard end > start else { return }
        let segment = bytes[start..<end]
        if segment.contains(0x0D) {
            out += segment.lazy.filter { $0 != 0x0D }
        } else {
            out += segment
        }
    }

    /// The bytes decoded as UTF-8 (invalid sequences repaired). Decoding from
    /// a buffer pointer takes the standard library's fast path, which an
    /// array slice does not.
    @inline(__always)
    private func decode(_ start: Int, _ end: Int) -> String {
        bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self) }
    }

    /// Reads an escape at `position` (a backslash) and returns its value.
    private mutating func lexEscape() -> String {
        let start = position
        let n = bytes.count
        position += 1
        guard position < n, bytes[position] != 0x0A else {
            diagnostics.add(.invalidEscape, [""], at: range(start, position), fix: Text(.fixEscapes))
            return ""
        }
        let c = bytes[position]
        position += 1
        switch c {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            guard position < n, bytes[position] == UInt8(ascii: "{") else { break }
            var j = position + 1
            var value: UInt32 = 0
            var digits = 0
            while j < n, digits <= 8, let d = hexValue(bytes[j]) {
                value = value &* 16 &+ UInt32(d)
                digits += 1
                j += 1
            }
            if digits >= 1, digits <= 8, j < n, bytes[j] == UInt8(ascii: "}"), let s = Unicode.Scalar(value), value != 0 {
                position = j + 1
                return String(Character(s))
            }
            position = min(j, n)
            if position < n, bytes[position] == UInt8(ascii: "}") { position += 1 }
            // `\u{0}` names a scalar, but NUL: no published text can hold it.
            let isNul = digits >= 1 && digits <= 8 && value == 0 && bytes[position - 1] == UInt8(ascii: "}")
            diagnostics.add(.invalidEscape, [String(decoding: bytes[start + 1..<position], as: UTF8.self)],
                            at: range(start, position), fix: Text(isNul ? .fixNulEscape : .fixEscapes))
            return ""
        default:
            break
        }
        if c >= 0x80 { while position < n, bytes[position] & 0xC0 == 0x80 { position += 1 } }
        diagnostics.add(.invalidEscape, [String(decoding: bytes[start + 1..<position], as: UTF8.self)],
                        at: range(start, position), fix: Text(.fixEscapes))
        return ""
    }

    private func hexValue(_ b: UInt8) -> Int? {
        switch b {
        case 0x30...0x39: return Int(b - 0x30)
        case 0x41...0x46: return Int(b - 0x41 + 10)
        case 0x61...0x66: return Int(b - 0x61 + 10)
        default: return nil
        }
    }

    /// `"""` text: lines between the opening and the closing delimiter, with
    /// the closing delimiter's indentation removed from every line (as in Swift).
    private mutating func lexMultilineString() {
        let start = position
        let n = bytes.count
        position += 3
        // Only white space may follow the opening delimiter.
        var i = position
        while i < n, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0D { i += 1 }
        if i < n, bytes[i] != 0x0A {
            var lineEnd = i
            while lineEnd < n, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            diagnostics.add(.multilineStringOpening, at: range(i, lineEnd), fix: Text(.fixMultilineOpening))
            i = lineEnd
        }
        // Collect content lines until the closing line.
        var lines: [(start: Int, end: Int)] = []
        var closing: (indentEnd: Int, lineStart: Int)? = nil
        var lineStart = i + 1
        while lineStart <= n, i < n {
            var lineEnd = lineStart
            while lineEnd < n, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            var k = lineStart
            while k < lineEnd, bytes[k] == 0x20 || bytes[k] == 0x09 { k += 1 }
            if k + 3 <= lineEnd,
               bytes[k] == UInt8(ascii: "\""), bytes[k + 1] == UInt8(ascii: "\""), bytes[k + 2] == UInt8(ascii: "\"") {
                closing = (k, lineStart)
                break
            }
            lines.append((lineStart, lineEnd))
            if lineEnd >= n { break }
            lineStart = lineEnd + 1
        }
        guard let close = closing else {
            diagnostics.add(.unterminatedMultilineString, at: range(start, start + 3), fix: Text(.fixCloseMultiline))
            position = n
            emit(Token(kind: .multilineString, range: range(start, n), text: ""))
            return
        }
        let indentStart = close.lineStart, indentCount = close.indentEnd - close.lineStart
        var value: [UInt8] = []
        for (index, line) in lines.enumerated() {
            if index > 0 { value.append(0x0A) }
            var end = line.end
            if end > line.start, bytes[end - 1] == 0x0D { end -= 1 }
            var blank = true
            for k in line.start..<end where bytes[k] != 0x20 && bytes[k] != 0x09 { blank = false; break }
            if blank { continue }
            var contentStart = line.start
            if end - line.start >= indentCount,
               bytes[line.start..<line.start + indentCount].elementsEqual(bytes[indentStart..<indentStart + indentCount]) {
                contentStart = line.start + indentCount
            } else {
                diagnostics.add(.multilineIndentation, at: range(line.start, end), fix: Text(.fixIndentMultiline))
                while contentStart < end, bytes[contentStart] == 0x20 || bytes[contentStart] == 0x09 { contentStart += 1 }
            }
            appendContent(&value, contentStart, end)
        }
        position = close.indentEnd + 3
        emit(Token(kind: .multilineString, range: range(start, position), text: Lexer.string(value)))
    }

    /// Appends the content bytes `start..<end` of a text to `out`, escapes decoded.
    private mutating func appendContent(_ out: inout [UInt8], _ start: Int, _ end: Int) {
        var segmentStart = start
        let saved = position
        position = start
        while position < end {
            if bytes[position] == UInt8(ascii: "\\") {
                appendSegment(&out, segmentStart, position)
                out += lexEscape().utf8
                segmentStart = position
            } else {
                position += 1
            }
        }
        appendSegment(&out, segmentStart, min(position, end))
        position = saved
    }
}

private func hex(_ b: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(b >> 4)], digits[Int(b & 0xF)]])
}
