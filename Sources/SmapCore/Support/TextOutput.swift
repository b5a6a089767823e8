/// The text an emitter writes, kept as UTF-8 bytes. Appending to a `String`
/// updates its count and flags on every append; the page, the JSON model
/// and the DOT of a large map are made of hundreds of thousands of small
/// appends, and as strings those were a third of `smap build`. The bytes
/// become a string once, at the end.
package struct TextOutput: Sendable {
    package private(set) var bytes: [UInt8] = []

    package init() {}

    package mutating func reserveCapacity(_ count: Int) { bytes.reserveCapacity(count) }

    package mutating func append(_ text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil {
            bytes.append(contentsOf: text.utf8)
        }
    }

    package mutating func append(_ text: Substring) {
        if text.utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil {
            bytes.append(contentsOf: text.utf8)
        }
    }

    package mutating func append(_ other: TextOutput) { bytes.append(contentsOf: other.bytes) }

    package static func += (out: inout TextOutput, text: String) { out.append(text) }
    package static func += (out: inout TextOutput, text: Substring) { out.append(text) }
    package static func += (out: inout TextOutput, other: TextOutput) { out.append(other) }

    /// A line break and `indentation` spaces.
    mutating func appendLineBreak(indentation: Int) {
        bytes.append(0x0A)
        bytes.append(contentsOf: repeatElement(0x20, count: indentation))
    }

    /// A coordinate to one decimal, without a trailing `.0`: `12`, `-3.5`
    /// (``HTMLText/number(_:)``). Written digit by digit: the maps of a
    /// large page hold millions of coordinates, and a string for each cost
    /// a fifth of drawing them.
    package mutating func appendNumber(_ x: Double) {
        guard let t = TextOutput.tenths(x) else { bytes.append(UInt8(ascii: "0")); return }
        if t < 0 { bytes.append(UInt8(ascii: "-")) }
        let m = t.magnitude
        appendDigits(m / 10)
        if m % 10 != 0 {
            bytes.append(UInt8(ascii: "."))
            bytes.append(UInt8(ascii: "0") + UInt8(m % 10))
        }
    }

    /// `x` in whole tenths, rounded; nil when not finite or too large (layout never gives these).
    package static func tenths(_ x: Double) -> Int? {
        let tenths = (x * 10).rounded()
        guard tenths.isFinite, abs(tenths) < 1e15 else { return nil }
        return Int(tenths)
    }

    private mutating func appendDigits(_ value: UInt) {
        if value >= 10 { appendDigits(value / 10) }
        bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    /// The text written (every append was whole UTF-8, so nothing is repaired).
    package var text: String { bytes.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) } }
}

/// Where ``Escaping`` writes: a string or a ``TextOutput``.
package protocol TextSink {
    static func += (out: inout Self, text: String)
    static func += (out: inout Self, text: Substring)
    /// Appends whole UTF-8.
    mutating func append(utf8: UnsafeBufferPointer<UInt8>)
}

extension String: TextSink {
    package mutating func append(utf8: UnsafeBufferPointer<UInt8>) { self += String(decoding: utf8, as: UTF8.self) }
}

extension TextOutput: TextSink {
    package mutating func append(utf8: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: utf8) }
}
