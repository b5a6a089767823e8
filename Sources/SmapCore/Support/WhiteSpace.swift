import Foundation

/// White-space trimming with exactly the character sets of Foundation's
/// `CharacterSet.whitespaces` and `.whitespacesAndNewlines`, without the trip
/// through `NSString` that `trimmingCharacters(in:)` takes on Linux (it was a
/// third of the time `smap check` spent on a large map). ASCII is decided
/// here; any other scalar is asked of the Foundation set itself.
package enum WhiteSpace {
    /// `CharacterSet.whitespaces`: space, tab and the other space separators (Zs).
    @inline(__always)
    package static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar.value == 0x20 || scalar.value == 0x09 }
        return CharacterSet.whitespaces.contains(scalar)
    }

    /// `CharacterSet.whitespacesAndNewlines`: the above, line breaks and separators.
    @inline(__always)
    static func isSpaceOrNewline(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar.value == 0x20 || (0x09...0x0D).contains(scalar.value) }
        return CharacterSet.whitespacesAndNewlines.contains(scalar)
    }
}

extension StringProtocol {
    /// The text without leading and trailing `CharacterSet.whitespaces`.
    package func trimmingSpaces() -> String { trimming(WhiteSpace.isSpace) }

    /// True when the text holds nothing but `CharacterSet.whitespacesAndNewlines`.
    package var isBlank: Bool { unicodeScalars.allSatisfy(WhiteSpace.isSpaceOrNewline) }

    private func trimming(_ isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = Substring(self).unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
              let last = scalars.lastIndex(where: { !isTrimmed($0) }) else { return "" }
        return String(Substring(scalars[first...last]))
    }
}

extension String {
    /// The words of the text joined by single spaces — what
    /// `split(whereSeparator: \.isWhitespace).joined(separator: " ")` gives,
    /// without splitting into characters where every scalar is a character
    /// of its own (then a character is white space exactly when its scalar is).
    package func collapsingWhiteSpace() -> String {
        guard unicodeScalars.allSatisfy(CharacterScalars.isWholeCharacter) else {
            return split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        var out = ""
        out.reserveCapacity(utf8.count)
        var pendingSpace = false
        let scalars = unicodeScalars
        var runStart = scalars.startIndex
        var i = runStart
        func isSpace(_ s: Unicode.Scalar) -> Bool {
            s.value < 0x80 ? (s.value == 0x20 || (0x09...0x0D).contains(s.value)) : s.properties.isWhitespace
        }
        while i < scalars.endIndex {
            if isSpace(scalars[i]) {
                if runStart < i {
                    if pendingSpace { out += " " }
                    out += Substring(scalars[runStart..<i])
                    pendingSpace = true
                }
                i = scalars.index(after: i)
                runStart = i
            } else {
                i = scalars.index(after: i)
            }
        }
        if runStart < scalars.endIndex {
            if pendingSpace { out += " " }
            out += Substring(scalars[runStart..<scalars.endIndex])
        }
        return out
    }
}

extension String {
    /// `lowercased()`, reading the UTF-8 bytes of Swedish text (ASCII,
    /// Latin-1 letters, dashes and spaces) directly; a text with any other
    /// scalar is lowered one scalar at a time as `lowercased()` lowers it (a
    /// test holds the two equal). The page's search index lowers every
    /// step's text, and the standard library looks each non-ASCII scalar up
    /// in its tables.
    package func lowercasedQuickly() -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var i = utf8.startIndex
        while i < utf8.endIndex {
            let b = utf8[i]
            if b < 0x80 {
                bytes.append(b >= 0x41 && b <= 0x5A ? b + 0x20 : b)
                i = utf8.index(after: i)
                continue
            }
            let next = utf8.index(after: i)
            guard next < utf8.endIndex else { return lowercasedByScalar() }
            let c = utf8[next]
            if b == 0xC2 {
                bytes += [b, c] // U+0080–U+00BF: no upper case among them
            } else if b == 0xC3 {
                // U+00C0–U+00DE, but ×, lower by 0x20; the rest of Latin-1 is lower case.
                bytes += [b, c >= 0x80 && c <= 0x9E && c != 0x97 ? c + 0x20 : c]
            } else if b == 0xE2, c == 0x80 || c == 0x81 {
                // General punctuation (U+2000–U+207F, dashes and spaces): no case.
                let third = utf8.index(after: next)
                guard third < utf8.endIndex else { return lowercasedByScalar() }
                bytes += [b, c, utf8[third]]
                i = utf8.index(after: third)
                continue
            } else {
                return lowercasedByScalar()
            }
            i = utf8.index(after: next)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `lowercased()`, one scalar at a time.
    private func lowercasedByScalar() -> String {
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if scalar.value < 0x80 {
                out.append(scalar.value >= 0x41 && scalar.value <= 0x5A ? Unicode.Scalar(scalar.value + 0x20)! : scalar)
            } else {
                out.append(contentsOf: String(scalar).lowercased().unicodeScalars)
            }
        }
        return String(out)
    }
}
