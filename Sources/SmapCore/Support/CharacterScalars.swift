/// Scalars that can be compared one by one where characters are meant.
package enum CharacterScalars {
    /// True for scalars that always form a character alone: Latin letters,
    /// digits and punctuation, general punctuation and currency signs, but
    /// not CR (CR LF is one character), combining marks or joiners. None of
    /// them is canonically equivalent to a markup character, so comparing
    /// them one by one gives what comparing characters gives.
    package static func isWholeCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0D: return false
        case 0..<0x250: return true
        case 0x2010...0x205E: return true
        case 0x20A0...0x20C0: return true
        default: return false
        }
    }
}
