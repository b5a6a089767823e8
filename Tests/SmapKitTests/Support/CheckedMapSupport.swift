import Testing
@testable import SmapCore
@testable import SmapModel
@testable import SmapCheck
@testable import SmapLayout
@testable import SmapEmit

// Tests compile maps and hand them straight to layout and the emitters. The
// library takes a CheckedMap, which exists only for a map without errors;
// here a test that hands over a map with errors fails at that line.

extension Compilation {
    /// The checked map; records a test failure (and stops) when the map has errors.
    var map: CheckedMap {
        guard let checked else {
            let first = diagnostics.first { $0.severity == .error }.map { "\($0.code.rawValue)" } ?? "?"
            Issue.record("the map has errors (first: \(first)); there is no CheckedMap")
            // Go on with what the checker made, so the rest of the run reports too.
            return CheckedMap(sources: sources, model: model, numbers: numbers, views: [],
                              ruleOutcomes: ruleOutcomes, warnings: [])
        }
        return checked
    }

    /// What the checker made, as a CheckedMap even when the map has errors.
    /// Only for tests that use an emitter as a fingerprint of meaning (the
    /// formatter keeps the meaning of broken maps too); the library never
    /// makes such a map.
    var anyMap: CheckedMap {
        checked ?? CheckedMap(sources: sources, model: model, numbers: numbers, views: [],
                              ruleOutcomes: ruleOutcomes, warnings: [])
    }

    /// The projections of the declared views (as the checker made them).
    var views: [ViewProjection] { checked?.views ?? [] }
}

extension SwimlaneLayout {
    static func layout(_ c: Compilation, view: ViewProjection? = nil) -> MapLayout { layout(c.map, view: view) }
}

extension JSONModel {
    static func render(_ c: Compilation, view: Int? = nil) -> String { render(c.map, view: view) }
    static func value(_ c: Compilation, view: Int? = nil) -> JSONValue { value(c.map, view: view) }
}

extension DOTEmitter {
    static func render(_ c: Compilation, view: Int? = nil) -> String { render(c.map, view: view) }
}

extension HTMLEmitter {
    static func render(_ c: Compilation, view: Int? = nil) -> String { render(c.map, view: view) }
}

extension Publisher {
    static func outputs(for c: Compilation, view: Int?) -> [PublishedFile] { outputs(for: c.map, view: view) }
}
