import Foundation
import SmapCore
import SmapSyntax

/// A parsed provision: `4 kap. 1 a § 2 st. 3 p.`, `7 kap. 1–6 §§`, `5 §`, `28 a kap.`.
public struct Citation: Hashable, Sendable {
    /// Chapter with an optional letter: "4", "28 a".
    public var chapter: String?
    /// First paragraph (§) with an optional letter: "1", "1 a".
    public var paragraph: String?
    /// Last paragraph of a range (`1–6 §§`).
    public var paragraphEnd: String?
    public var stycke: Int?
    public var punkt: Int?

    /// The lagen.nu fragment: `K4P1aS2N3`, `P5`, `K4`; empty for no anchor.
    public var lagenNuAnchor: String {
        var anchor = ""
        // "28 a" → "28a" (the parser writes a number, a space and a letter).
        if let chapter { anchor += "K" + chapter.filter { $0 != " " } }
        if let paragraph { anchor += "P" + paragraph.filter { $0 != " " } }
        if paragraph != nil, let stycke { anchor += "S\(stycke)" }
        if paragraph != nil, stycke != nil, let punkt { anchor += "N\(punkt)" }
        return anchor
    }

    /// The canonical way to write it (en dash in ranges, single spaces).
    public var canonicalText: String {
        var parts: [String] = []
        if let chapter { parts.append("\(chapter) kap.") }
        if let paragraph {
            if let paragraphEnd { parts.append("\(paragraph)–\(paragraphEnd) §§") } else { parts.append("\(paragraph) §") }
        }
        if let stycke { parts.append("\(stycke) st.") }
        if let punkt { parts.append("\(punkt) p.") }
        return parts.joined(separator: " ")
    }

    /// Parses a citation; nil when it is not one smap understands.
    public static func parse(_ text: String) -> Citation? {
        let scalars = Array(text.unicodeScalars.map { $0 == "\u{00A0}" ? " " : $0 })
        var i = 0
        let n = scalars.count
        func skipSpaces() { while i < n, scalars[i] == " " || scalars[i] == "\t" { i += 1 } }
        func number() -> Int? {
            var value = 0, digits = 0
            while i < n, let d = scalars[i].properties.numericType == .decimal ? Int(String(scalars[i])) : nil,
                  scalars[i].isASCII {
                value = value * 10 + d
                digits += 1
                i += 1
                if digits > 6 { return nil }
            }
            return digits > 0 && value > 0 ? value : nil
        }
        /// A number with an optional lower-case letter ("1", "1 a", "1a").
        func numberWithLetter() -> String? {
            guard let value = number() else { return nil }
            let save = i
            skipSpaces()
            if i < n, ("a"..."z").contains(scalars[i]),
               i + 1 == n || scalars[i + 1] == " " || scalars[i + 1] == "–" || scalars[i + 1] == "-" || scalars[i + 1] == "§" {
                // A single letter, not the start of a word like "kap." or "st.".
                let letter = String(scalars[i])
                i += 1
                return "\(value) \(letter)"
            }
            i = save
            return "\(value)"
        }
        func word(_ w: String) -> Bool {
            let ws = Array(w.unicodeScalars)
            guard i + ws.count <= n, Array(scalars[i..<i + ws.count]) == ws else { return false }
            let after = i + ws.count
            guard after == n || scalars[after] == " " else { return false }
            i = after
            return true
        }

        var c = Citation()
        var stage = 0 // 0: nothing yet, 1: chapter, 2: paragraph, 3: stycke, 4: punkt
        skipSpaces()
        if i == n { return nil }
        while true {
            skipSpaces()
            if i == n { break }
            guard let first = numberWithLetter() else { return nil }
            skipSpaces()
            var rangeEnd: String?
            if i < n, scalars[i] == "–" || scalars[i] == "-" {
                i += 1
                skipSpaces()
                guard let end = numberWithLetter() else { return nil }
                rangeEnd = end
                skipSpaces()
            }
            if word("kap.") {
                guard stage < 1, rangeEnd == nil else { return nil }
                c.chapter = first
                stage = 1
            } else if word("§§") {
                guard stage < 2, let end = rangeEnd else { return nil }
                c.paragraph = first
                c.paragraphEnd = end
                stage = 2
            } else if word("§") {
                guard stage < 2, rangeEnd == nil else { return nil }
                c.paragraph = first
                stage = 2
            } else if word("st.") {
                guard stage == 2, rangeEnd == nil, c.paragraphEnd == nil, let value = Int(first) else { return nil }
                c.stycke = value
                stage = 3
            } else if word("p.") {
                guard stage == 2 || stage == 3, rangeEnd == nil, c.paragraphEnd == nil, let value = Int(first) else {
                    return nil
                }
                c.punkt = value
                stage = 4
            } else {
                return nil
            }
        }
        // `1 § 3 p.` without a stycke is valid; lagen.nu anchors punkt under a
        // stycke, so its link then stops at the paragraph (see lagenNuAnchor).
        return c
    }
}

extension Citation {
    /// lagen.nu URL for a provision of the law with SFS number `sfs`.
    public func lagenNuURL(sfs: String) -> String {
        let anchor = lagenNuAnchor
        return "https://lagen.nu/\(sfs)" + (anchor.isEmpty ? "" : "#" + anchor)
    }
}

/// SFS numbers: `YYYY:N`, year 1700–2999, N without leading zeros.
public enum SFSNumber {
    public static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), (1700...2999).contains(year),
              parts[0].allSatisfy(\.isASCII),
              !parts[1].isEmpty, parts[1].count <= 5, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
              !parts[1].hasPrefix("0") else { return false }
        return true
    }
}
