/// Colours of lanes and phases, shared by every output that draws them.
package enum Colors {
    /// `#rrggbb` mixed with white: `amount` 0 is white, 1 the colour itself;
    /// white for anything that is not `#rrggbb`. The one tint of smap: the
    /// page's lane bands and process links, the DOT's lane backgrounds.
    package static func tint(_ color: String, _ amount: Double) -> String {
        guard color.utf8.count == 7, color.utf8.first == UInt8(ascii: "#"),
              let v = Int(color.dropFirst(), radix: 16) else { return "#ffffff" }
        func mix(_ c: Int) -> Int { Int((255 - Double(255 - c) * amount).rounded()) }
        let r = mix(v >> 16 & 0xFF), g = mix(v >> 8 & 0xFF), b = mix(v & 0xFF)
        let digits = Array("0123456789abcdef")
        return "#" + [r, g, b].map { String([digits[$0 >> 4], digits[$0 & 15]]) }.joined()
    }
}
