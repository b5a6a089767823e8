/// Escaping that copies text in runs: outputs escape a few characters of
/// long texts, and appending scalar by scalar was a third of `smap build`.
enum Escaping {
    /// Appends `text` to `out`, each scalar for which `replacement` returns a
    /// string replaced by it, everything else copied unchanged in runs.
    /// The scalars are decoded from the text's UTF-8 bytes, and runs are
    /// copied as bytes (a run ends before a scalar, so it is whole UTF-8):
    /// walking `unicodeScalars` cost more than the rest of writing the JSON.
    @inline(__always)
    static func append<Out: TextSink>(_ text: String, to out: inout Out, _ replacement: (Unicode.Scalar) -> String?) {
        var native = text
        native.withUTF8 { bytes in
            let n = bytes.count
            var runStart = 0
            var i = 0
            while i < n {
                let b = bytes[i]
                var length = 1
                var value = UInt32(b)
                if b >= 0x80 {
                    // A lead byte of valid UTF-8 (a Swift string is).
                    length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
                    value &= length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07
                    for k in 1..<length where i + k < n { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
                }
                if let scalar = Unicode.Scalar(value), let replaced = replacement(scalar) {
                    if runStart < i { out.append(utf8: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
                    out += replaced
                    runStart = i + length
                }
                i += length
            }
            if runStart < n { out.append(utf8: UnsafeBufferPointer(rebasing: bytes[runStart..<n])) }
        }
    }
}
