/// The text an emitter writes, kept as UTF-8 bytes. Appending to a `String`
/// updates its count and flags on every append; the page, the JSON model
/// and the DOT of a large map are made of hundreds of thousands of small
/// appends, and as strings those were a third of `smap build`. The bytes
/// become a string once, at the end.
struct TextOutput: Sendable {
    private(set) var bytes: [UInt8] = []

    init() {}

    mutating func reserveCapacity(_ count: Int) { bytes.reserveCapacity(count) }

    mutating func append(_ text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil {
            bytes.append(contentsOf: text.utf8)
        }
    }

    mutating func append(_ text: Substring) {
        if text.utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil {
            bytes.append(contentsOf: text.utf8)
        }
    }

    mutating func append(_ other: TextOutput) { bytes.append(contentsOf: other.bytes) }

    static func += (out: inout TextOutput, text: String) { out.append(text) }
    static func += (out: inout TextOutput, text: Substring) { out.append(text) }
    static func += (out: inout TextOutput, other: TextOutput) { out.append(other) }

    /// The text written (every append was whole UTF-8, so nothing is repaired).
    var text: String { bytes.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) } }
}

/// Where ``Escaping`` writes: a string or a ``TextOutput``.
protocol TextSink {
    static func += (out: inout Self, text: String)
    static func += (out: inout Self, text: Substring)
}

extension String: TextSink {}
extension TextOutput: TextSink {}
