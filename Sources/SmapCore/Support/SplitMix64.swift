/// A small, fast, seedable generator (SplitMix64): the same seed gives the same sequence everywhere.
package struct SplitMix64 {
    private var state: UInt64
    package init(seed: UInt64) { state = seed }

    package mutating func nextValue() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in 0..<bound.
    package mutating func next(_ bound: Int) -> Int { Int(nextValue() % UInt64(bound)) }
}
