import Foundation
import Testing

/// Golden files: expected outputs kept in the repository under `Tests/Golden`.
/// `SMAP_RECORD=1 swift test` re-records them, and the run fails so a recording
/// is never mistaken for a pass.
enum Golden {
    static var root: URL { ExternalTool.packageRoot.appendingPathComponent("Tests/Golden") }

    static func assertMatches(_ actual: String, _ relativePath: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        let url = root.appendingPathComponent(relativePath)
        if ProcessInfo.processInfo.environment["SMAP_RECORD"] == "1" {
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? Data(actual.utf8).write(to: url)
            Issue.record("recorded \(relativePath); run again without SMAP_RECORD", sourceLocation: sourceLocation)
            return
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Issue.record("missing golden file \(relativePath); run SMAP_RECORD=1 swift test", sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        if expected != actual {
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
            let want = line < e.count ? String(e[line]) : "<end>"
            let got = line < a.count ? String(a[line]) : "<end>"
            Issue.record("\(relativePath) differs at line \(line + 1):\n  expected: \(want)\n  actual:   \(got)\n(SMAP_RECORD=1 swift test re-records)",
                         sourceLocation: sourceLocation)
        }
    }
}
