import SmapCore
import SmapModel
import SmapCheck

/// Estimated text widths for the sans-serif the web map asks for (Liberation
/// Sans / Arial metrics). The layout must size boxes before any browser has
/// measured anything, so it uses the fonts' advance widths: close enough that
/// wrapped lines fit, with a small safety margin.
public enum TextMetrics {
    /// Advance widths of printable ASCII (0x20…0x7E) in 1/1000 em, Arial/Liberation Sans regular.
    private static let ascii: [UInt16] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space … /
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0 … ?
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ … O
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P … _
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` … o
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,      // p … ~
    ]

    /// Width of one character in 1/1000 em.
    package static func advance(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v >= 0x20 && v <= 0x7E { return Int(ascii[Int(v - 0x20)]) }
        switch v {
        case 0x00C0...0x00D6, 0x00D8...0x00DE: return 722     // Latin capitals with accents (Å, Ä, Ö, …)
        case 0x00DF...0x00F6, 0x00F8...0x00FF: return 556     // small letters with accents (å, ä, ö, …)
        case 0x2013, 0x00A7, 0x00B6: return 556               // – § ¶
        case 0x2014, 0x2026, 0x2030: return 1000              // — … ‰
        case 0x2018, 0x2019, 0x201A: return 222
        case 0x201C, 0x201D, 0x201E, 0x00AB, 0x00BB: return 333
        case 0x00A0: return 278
        case 0x0300...0x036F, 0x200B...0x200F: return 0        // combining marks, zero-width
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFF00...0xFF60, 0x1F300...0x1FAFF:
            return 1000                                        // wide scripts and emoji
        default:
            return scalar.properties.isUppercase ? 722 : 600
        }
    }

    /// Estimated width in pixels of `text` at `fontSize`, with a 4 % margin
    /// (8 % more for bold) so that a browser's real font rarely overflows it.
    public static func width(_ text: Substring, fontSize: Double, bold: Bool = false) -> Double {
        var units = 0
        for s in text.unicodeScalars { units += advance(s) }
        return Double(units) / 1000 * fontSize * (bold ? 1.12 : 1.04)
    }

    public static func width(_ text: String, fontSize: Double, bold: Bool = false) -> Double {
        width(text[...], fontSize: fontSize, bold: bold)
    }

    /// Greedy word wrap into lines no wider than `maxWidth`; a word wider
    /// than a line is broken between characters. At most `maxLines` lines:
    /// the last one ends with "…" when text was left out. White space runs
    /// (including line breaks) count as one space.
    public static func wrap(_ text: String, maxWidth: Double, fontSize: Double, bold: Bool = false,
                            maxLines: Int = .max) -> [String] {
        // Where every scalar is a character of its own, the words are those of
        // the collapsed text, split at its single spaces: the same words as
        // splitting into characters gives, at a fraction of the cost.
        let words = text.unicodeScalars.allSatisfy(CharacterScalars.isWholeCharacter)
            ? text.collapsingWhiteSpace().utf8.split(separator: 0x20).map { Substring($0) }
            : text.split(whereSeparator: { $0.isWhitespace })
        guard !words.isEmpty, maxLines > 0 else { return [] }
        var lines: [String] = []
        var current = ""
        var currentWidth = 0.0
        let spaceWidth = width(" ", fontSize: fontSize, bold: bold)
        var truncated = false

        func push(_ line: String) -> Bool {
            if lines.count == maxLines { truncated = true; return false }
            lines.append(line)
            return true
        }

        outer: for word in words {
            let w = width(word, fontSize: fontSize, bold: bold)
            if current.isEmpty, w <= maxWidth {
                current = String(word)
                currentWidth = w
            } else if !current.isEmpty, currentWidth + spaceWidth + w <= maxWidth {
                current += " " + word
                currentWidth += spaceWidth + w
            } else if w <= maxWidth {
                if !push(current) { break outer }
                current = String(word)
                currentWidth = w
            } else {
                // Break an over-long word across lines, character by character.
                var piece = current.isEmpty ? "" : current + " "
                var pieceWidth = current.isEmpty ? 0 : currentWidth + spaceWidth
                for ch in word {
                    let cw = width(String(ch), fontSize: fontSize, bold: bold)
                    if pieceWidth + cw > maxWidth, !piece.isEmpty {
                        if !push(piece.hasSuffix(" ") ? String(piece.dropLast()) : piece) { break outer }
                        piece = ""
                        pieceWidth = 0
                    }
                    piece.append(ch)
                    pieceWidth += cw
                }
                current = piece
                currentWidth = pieceWidth
            }
        }
        if !truncated, !current.isEmpty, !push(current) { truncated = true }
        if truncated, var last = lines.popLast() {
            let ellipsis = "…"
            let ew = width(ellipsis, fontSize: fontSize, bold: bold)
            while !last.isEmpty, width(last, fontSize: fontSize, bold: bold) + ew > maxWidth { last.removeLast() }
            while last.last == " " { last.removeLast() }
            lines.append(last + ellipsis)
        }
        return lines
    }
}
