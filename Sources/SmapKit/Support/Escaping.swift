/// Escaping that copies text in runs: outputs escape a few characters of
/// long texts, and appending scalar by scalar was a third of `smap build`.
enum Escaping {
    /// Appends `text` to `out`, each scalar for which `replacement` returns a
    /// string replaced by it, everything else copied unchanged in runs.
    @inline(__always)
    static func append<Out: TextSink>(_ text: String, to out: inout Out, _ replacement: (Unicode.Scalar) -> String?) {
        let scalars = text.unicodeScalars
        var runStart = scalars.startIndex
        var i = runStart
        while i < scalars.endIndex {
            let next = scalars.index(after: i)
            if let replaced = replacement(scalars[i]) {
                if runStart < i { out += Substring(scalars[runStart..<i]) }
                out += replaced
                runStart = next
            }
            i = next
        }
        if runStart < scalars.endIndex { out += Substring(scalars[runStart..<scalars.endIndex]) }
    }
}
