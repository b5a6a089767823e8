#if canImport(Glibc)
import Glibc
#endif

/// Settings of the C allocator for a process that compiles maps and exits:
/// for the `smap` command and the benchmark, not for a program that embeds
/// SmapKit (which keeps its own settings). They change how memory is
/// obtained, never what is computed.
public enum Allocator {
    /// With glibc, each thread's heap grows by what one allocation needs,
    /// rounded to a page, and every growth is an `mprotect` system call: a
    /// 100,000-step map made about 45,000 of them, a tenth of `check`'s
    /// time. Asking for 64 MB more each time a heap grows leaves a few dozen.
    /// The padding is address space; pages are only backed when used.
    /// Without glibc's `mallopt` (another C library), nothing changes.
    public static func tuneForBatchWork() {
        #if canImport(Glibc)
        // `mallopt` is declared in <malloc.h>, which Swift's Glibc module
        // does not import; it is looked up by name instead.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        let mallopt = unsafeBitCast(symbol, to: MallOpt.self)
        let topPad: Int32 = -2 // M_TOP_PAD in <malloc.h>
        _ = mallopt(topPad, 64 << 20)
        #endif
    }
}
