/// A JSON value with ordered object keys, written deterministically: keys in
/// the order given, Unicode as UTF-8 (only what JSON requires is escaped).
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        a.serialized() == b.serialized()
    }

    /// Compact (one line) or pretty (two-space indent) text.
    public func serialized(pretty: Bool = false) -> String {
        var out = TextOutput()
        out.reserveCapacity(256)
        write(to: &out, pretty: pretty, indent: 0)
        return out.text
    }

    /// Appends the text to `out`.
    package func write(to out: inout TextOutput, pretty: Bool) {
        write(to: &out, pretty: pretty, indent: 0)
    }

    private func write(to out: inout TextOutput, pretty: Bool, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .string(let s): JSONValue.writeString(s, to: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for k in items.indices {
                if k > 0 { out += "," }
                if pretty { out.appendLineBreak(indentation: 2 * (indent + 1)) }
                items[k].write(to: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { out.appendLineBreak(indentation: 2 * indent) }
            out += "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{"
            for k in members.indices {
                if k > 0 { out += "," }
                if pretty { out.appendLineBreak(indentation: 2 * (indent + 1)) }
                JSONValue.writeString(members[k].0, to: &out)
                out += pretty ? ": " : ":"
                members[k].1.write(to: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { out.appendLineBreak(indentation: 2 * indent) }
            out += "}"
        }
    }

    static func writeString(_ s: String, to out: inout TextOutput) {
        out += "\""
        // Keys and most values have nothing to escape: copied as they are.
        var native = s
        let copied = native.withUTF8 { bytes -> Bool in
            for b in bytes where b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F || b == 0xE2 { return false }
            out.append(utf8: bytes)
            return true
        }
        if copied {
            out += "\""
            return
        }
        Escaping.append(s, to: &out) { scalar in
            switch scalar {
            case "\"": return "\\\""
            case "\\": return "\\\\"
            case "\n": return "\\n"
            case "\r": return "\\r"
            case "\t": return "\\t"
            case "\u{2028}": return "\\u2028"
            case "\u{2029}": return "\\u2029"
            default:
                guard scalar.value < 0x20 || scalar.value == 0x7F else { return nil }
                let hex = String(scalar.value, radix: 16)
                return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        out += "\""
    }
}

extension JSONValue {
    /// `.string` or `.null`.
    public static func optional(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
}
