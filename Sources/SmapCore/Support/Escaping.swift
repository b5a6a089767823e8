/// Escaping that copies text in runs: outputs escape a few characters of
/// long texts, and appending scalar by scalar was a third of `smap build`.
package enum Escaping {
    /// Appends `text` to `out`, each scalar for which `replacement` returns a
    /// string replaced by it, everything else copied unchanged in runs.
    /// The scalars are decoded from the text's UTF-8 bytes, and runs are
    /// copied as bytes (a run ends before a scalar, so it is whole UTF-8):
    /// walking `unicodeScalars` cost more than the rest of writing the JSON.
    @inline(__always)
    package static func append<Out: TextSink>(_ text: String, to out: inout Out, _ replacement: (Unicode.Scalar) -> String?) {
        var native = text
        native.withUTF8 { bytes in
            let n = bytes.count
            var runStart = 0
            var i = 0
            while i < n {
                let (value, length) = Escaping.scalar(in: bytes, at: i)
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

    /// The scalar value starting at byte `i` of valid UTF-8 (a Swift
    /// string's bytes), and its length in bytes.
    @inline(__always)
    package static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (value: UInt32, length: Int) {
        let b = bytes[i]
        guard b >= 0x80 else { return (UInt32(b), 1) }
        let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
        var value = UInt32(b) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length where i + k < bytes.count { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
        return (value, length)
    }
}
