import Foundation

/// White-space trimming with exactly the character sets of Foundation's
/// `CharacterSet.whitespaces` and `.whitespacesAndNewlines`, without the trip
/// through `NSString` that `trimmingCharacters(in:)` takes on Linux (it was a
/// third of the time `smap check` spent on a large map). ASCII is decided
/// here; any other scalar is asked of the Foundation set itself.
enum WhiteSpace {
    /// `CharacterSet.whitespaces`: space, tab and the other space separators (Zs).
    @inline(__always)
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
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
    func trimmingSpaces() -> String { trimming(WhiteSpace.isSpace) }

    /// True when the text holds nothing but `CharacterSet.whitespacesAndNewlines`.
    var isBlank: Bool { unicodeScalars.allSatisfy(WhiteSpace.isSpaceOrNewline) }

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
    func collapsingWhiteSpace() -> String {
        guard unicodeScalars.allSatisfy(InfoDocument.isWholeCharacter) else {
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
